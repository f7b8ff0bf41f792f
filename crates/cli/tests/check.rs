//! `shipcheck check` on the command line: a fixture project as a folder and as a zip
//! gives the same evidence; exit status by launch readiness and severity; the four
//! formats; the founder's answers kept beside the code's; bad input refused with a
//! message. The evidence itself is covered by the engine's `tests/projects.rs`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../../engine/tests/project_support/mod.rs"]
mod project_support;
mod scan_support;

use std::io::Write;

use project_support::project_files;
use scan_support::{shipcheck, TempDir};
use serde_json::Value;

fn materialize(dir: &TempDir, name: &str) -> Vec<(String, Vec<u8>)> {
    let files = project_files(name);
    for (rel, bytes) in &files {
        dir.write(&format!("{name}/{rel}"), bytes);
    }
    files
}

fn zip_of(files: &[(String, Vec<u8>)], top: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (rel, bytes) in files {
        w.start_file(format!("{top}/{rel}"), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn evidence(json: &str) -> Vec<(String, String)> {
    let v: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(v["schema"], "shipcheck-check/1");
    v["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["question"].as_str().unwrap().to_owned(),
                e["answer"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_folder_and_its_zip_give_the_same_answers_and_the_exit_status_follows() {
    let dir = TempDir::new("check-open");
    let files = materialize(&dir, "next-supabase-open");
    dir.write("open.zip", &zip_of(&files, "clientdesk-main"));
    let (code, out, err) = shipcheck(
        &dir.0,
        &["check", "--format", "json", "next-supabase-open"],
        None,
    );
    assert_eq!(code, 1, "not ready to launch: {err}");
    let from_folder = evidence(&out);
    assert!(
        from_folder.contains(&("open-endpoints".into(), "yes".into())),
        "{from_folder:?}"
    );
    let (code, out, err) = shipcheck(&dir.0, &["check", "--format", "json", "open.zip"], None);
    assert_eq!(code, 1, "{err}");
    let from_zip = evidence(&out);
    assert_eq!(from_zip, from_folder);
    let v: Value = serde_json::from_str(&out).unwrap();
    let cited = v["evidence"][0]["citations"][0]["file"].as_str().unwrap();
    assert!(
        cited.starts_with("clientdesk-main/"),
        "zip paths keep their folder: {cited}"
    );
    assert!(v["findings"].is_array() && v["assessment"]["verdict"].is_string());
    assert_eq!(
        shipcheck(&dir.0, &["check", "--fail-on", "never", "open.zip"], None).0,
        0
    );
}

#[test]
fn a_clean_project_passes_and_every_format_renders() {
    let dir = TempDir::new("check-clean");
    materialize(&dir, "clean-vite-app");
    let (code, out, err) = shipcheck(&dir.0, &["check", "clean-vite-app"], None);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("ANSWERED FROM YOUR CODE"), "{out}");
    assert!(out.contains("regression-tests: yes"), "{out}");
    let (code, md, _) = shipcheck(
        &dir.0,
        &["check", "--format", "markdown", "clean-vite-app"],
        None,
    );
    assert_eq!(code, 0);
    assert!(md.starts_with("# shipcheck check"), "{md}");
    let (code, sarif, _) = shipcheck(
        &dir.0,
        &["check", "--format", "sarif", "clean-vite-app"],
        None,
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(v["version"], "2.1.0");
    // A severity threshold: the clean app has no finding or risky answer at all.
    assert_eq!(
        shipcheck(
            &dir.0,
            &["check", "--fail-on", "low", "clean-vite-app"],
            None
        )
        .0,
        0
    );
}

#[test]
fn the_founders_answer_stays_and_the_disagreement_shows() {
    let dir = TempDir::new("check-answers");
    materialize(&dir, "bolt-vite-firebase");
    dir.write(
        "answers.json",
        br#"{"profile": "full", "answers": {"env-separation": "yes"}}"#,
    );
    let (_, out, err) = shipcheck(
        &dir.0,
        &[
            "check",
            "--answers",
            "answers.json",
            "--format",
            "json",
            "bolt-vite-firebase",
        ],
        None,
    );
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    assert_eq!(
        v["answers"]["disagreements"][0],
        serde_json::json!({"question": "env-separation", "founder": "yes", "evidence": "no"})
    );
    let (_, text, _) = shipcheck(
        &dir.0,
        &["check", "--answers", "answers.json", "bolt-vite-firebase"],
        None,
    );
    assert!(
        text.contains("you said yes to env-separation; your code says no"),
        "{text}"
    );
}

#[test]
fn bad_input_is_refused_with_a_message() {
    let dir = TempDir::new("check-bad");
    dir.write("notes.txt", b"not a project");
    let cases: &[(&[&str], &str)] = &[
        (&["check"], "which project?"),
        (&["check", "missing-dir"], "cannot read missing-dir"),
        (
            &["check", "notes.txt"],
            "neither a folder nor a zip archive",
        ),
        (&["check", "--format", "pdf", "."], "unknown --format"),
        (
            &["check", "--fail-on", "sometimes", "."],
            "unknown --fail-on",
        ),
        (&["check", "a", "b"], "one project at a time"),
    ];
    for (args, message) in cases {
        let (code, _, err) = shipcheck(&dir.0, args, None);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    dir.write("broken.zip", b"PK\x03\x04 then nothing a zip needs");
    let (code, _, err) = shipcheck(&dir.0, &["check", "broken.zip"], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("not a zip archive shipcheck can read"),
        "{err}"
    );
}
