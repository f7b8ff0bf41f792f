//! `shipcheck assess` end to end: the binary on the fixtures under
//! `tests/fixtures/assess/`, compared with golden JSON and Markdown.
//!
//! To re-bless the golden files after an intended change, run
//! `SHIPCHECK_BLESS=1 cargo test --test assess` and review the diff.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/assess")
}

fn shipcheck(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_shipcheck"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Compares `actual` with a golden file, or writes it when blessing.
fn check_golden(name: &str, actual: &str, failures: &mut Vec<String>) {
    let path = fixtures().join("golden").join(name);
    if std::env::var_os("SHIPCHECK_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => {
            let line = expected
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .map_or(expected.lines().count().min(actual.lines().count()), |i| i);
            failures.push(format!(
                "{name}: differs from golden at line {}:\n  golden: {:?}\n  actual: {:?}",
                line + 1,
                expected.lines().nth(line).unwrap_or(""),
                actual.lines().nth(line).unwrap_or("")
            ));
        }
        Err(_) => failures.push(format!(
            "{name}: golden file missing (run with SHIPCHECK_BLESS=1)"
        )),
    }
}

/// (answers fixture, findings fixture, expected verdict, expected readiness)
const CASES: [(&str, Option<&str>, &str, &str); 6] = [
    ("b2b-agency-three-risks-sprint", None, "sprint", "not-ready"),
    (
        "coach-agency-question-10-alone-diy",
        None,
        "diy",
        "not-assessed",
    ),
    (
        "coach-founder-idea-changing-not-a-rescue-case",
        None,
        "not-a-rescue-case",
        "not-assessed",
    ),
    ("creator-founder-budget-tight-diy", None, "diy", "not-ready"),
    (
        "cursor-b2b-ai-with-bundle-secret",
        Some("bundle-secret-and-cors"),
        "sprint",
        "not-ready",
    ),
    ("full-blank", None, "not-decided", "not-assessed"),
];

#[test]
fn answers_fixtures_match_their_golden_json_and_markdown() {
    let mut failures = Vec::new();
    for (name, findings, verdict, readiness) in CASES {
        let answers = fixtures().join("answers").join(format!("{name}.json"));
        let findings = findings.map(|f| fixtures().join("findings").join(format!("{f}.json")));
        let mut base = vec!["assess", "--answers", path_str(&answers)];
        if let Some(f) = &findings {
            base.extend(["--findings", path_str(f)]);
        }
        for (format, ext) in [("json", "json"), ("markdown", "md")] {
            let mut args = base.clone();
            args.extend(["--format", format]);
            let (code, out, err) = shipcheck(&args);
            assert_eq!(code, 0, "{name} {format}: {err}");
            assert!(err.is_empty(), "{name} {format}: {err}");
            check_golden(&format!("{name}.{ext}"), &out, &mut failures);
            if format == "json" {
                let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                if v["verdict"] != verdict {
                    failures.push(format!("{name}: verdict {} (want {verdict})", v["verdict"]));
                }
                if v["readiness"]["overall"] != readiness {
                    failures.push(format!(
                        "{name}: readiness {} (want {readiness})",
                        v["readiness"]["overall"]
                    ));
                }
                for key in ["verdict", "reasons", "risk", "readiness", "estimate"] {
                    assert!(v.get(key).is_some(), "{name}: no {key:?}");
                }
                for key in ["score", "grade", "categories"] {
                    assert!(v["risk"].get(key).is_some(), "{name}: no risk.{key}");
                }
            }
        }
        // Text: the default format.
        let (code, out, _) = shipcheck(&base);
        assert_eq!(code, 0, "{name} text");
        assert!(out.contains(&format!("({verdict})")), "{name}: {out}");
        assert!(
            out.contains("RISK SCORE: ")
                && out.contains("LAUNCH READINESS: ")
                && out.contains("ESTIMATE ("),
            "{name}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_secret_value_reaches_the_output() {
    let answers = fixtures().join("answers/cursor-b2b-ai-with-bundle-secret.json");
    let findings = fixtures().join("findings/bundle-secret-and-cors.json");
    for format in ["text", "json", "markdown"] {
        let (code, out, _) = shipcheck(&[
            "assess",
            "--answers",
            path_str(&answers),
            "--findings",
            path_str(&findings),
            "--format",
            format,
        ]);
        assert_eq!(code, 0);
        // The scan's masked value is detail the assessment does not repeat.
        assert!(!out.contains("sk_live_"), "{format}");
        assert!(
            out.contains("Stripe live secret key"),
            "{format}: the blocker is named"
        );
    }
}

#[test]
fn list_questions_prints_the_exact_json_shape_in_checklist_order() {
    let (code, out, err) = shipcheck(&[
        "assess",
        "--list-questions",
        "--profile",
        "coach-agency",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Key order as printed (serde_json::Value would sort them): top-level keys are
    // indented by 2 spaces, each question's by 6.
    let keys_at = |indent: usize| -> Vec<String> {
        let prefix = format!("{}\"", " ".repeat(indent));
        out.lines()
            .filter_map(|l| l.strip_prefix(&prefix))
            .filter_map(|rest| rest.split_once('"').map(|(k, _)| k.to_string()))
            .collect()
    };
    assert_eq!(keys_at(2), ["profile", "questions"]);
    let question_keys = keys_at(6);
    assert_eq!(question_keys.len(), 50);
    for chunk in question_keys.chunks(5) {
        assert_eq!(
            chunk,
            ["id", "text", "risky_answer", "category", "sprint_items"]
        );
    }
    assert_eq!(v["profile"], "coach-agency");
    let qs = v["questions"].as_array().unwrap();
    assert_eq!(qs.len(), 10);
    for q in qs {
        assert_eq!(q.as_object().unwrap().len(), 5);
        assert!(["yes", "no"].contains(&q["risky_answer"].as_str().unwrap()));
        assert!(!q["sprint_items"].as_array().unwrap().is_empty());
    }
    assert_eq!(qs[0]["id"], "cross-tenant-access");
    assert_eq!(
        qs[2]["text"],
        "Do your login, password reset, checkout, webhook or upload routes have rate limits?"
    );
    assert_eq!(qs[2]["risky_answer"], "no");
    assert_eq!(qs[9]["id"], "handover-notes");
    assert_eq!(qs[9]["risky_answer"], "no");
    let mut failures = Vec::new();
    check_golden("list-questions-coach-agency.json", &out, &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // With AI features: three more, numbered after the seed's ten.
    let (_, out, _) = shipcheck(&[
        "assess",
        "--list-questions",
        "--profile",
        "coach-agency",
        "--uses-ai",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["questions"].as_array().unwrap().len(), 13);
    assert_eq!(v["questions"][12]["id"], "ai-unsafe-tool-use");
}

#[test]
fn list_profiles_names_all_six() {
    let (code, out, _) = shipcheck(&["assess", "--list-profiles"]);
    assert_eq!(code, 0);
    for id in [
        "coach-founder",
        "coach-agency",
        "b2b-agency",
        "creator-founder",
        "cursor-b2b",
        "full",
    ] {
        assert!(out.contains(id), "{id}: {out}");
    }
    let (code, out, _) = shipcheck(&["assess", "--list-profiles", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let profiles = v["profiles"].as_array().unwrap();
    assert_eq!(profiles.len(), 6);
    assert_eq!(profiles[2]["seed"], 2);
    assert_eq!(profiles[5]["questions"], 19);
}

#[test]
fn bad_answer_files_exit_2_with_a_clear_message() {
    let dir = fixtures().join("bad");
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let want = std::fs::read_to_string(path.with_extension("stderr"))
            .unwrap_or_else(|_| panic!("{} needs a .stderr file", path.display()));
        let (code, out, err) = shipcheck(&["assess", "--answers", path_str(path)]);
        assert_eq!(code, 2, "{}: {err}", path.display());
        assert!(out.is_empty(), "{}: printed {out}", path.display());
        assert!(err.starts_with("shipcheck assess: "), "{err}");
        assert!(
            err.contains(path.file_name().unwrap().to_str().unwrap()),
            "names the file: {err}"
        );
        assert!(
            err.contains(want.trim()),
            "{}: {err:?} lacks {:?}",
            path.display(),
            want.trim()
        );
        assert!(!err.contains("panicked"), "{err}");
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");
}

#[test]
fn usage_errors_exit_2() {
    let cases: [(&[&str], &str); 7] = [
        (
            &["assess"],
            "choose one of --list-profiles, --list-questions or --answers",
        ),
        (
            &["assess", "--list-profiles", "--answers", "x.json"],
            "choose one of",
        ),
        (
            &["assess", "--list-questions"],
            "--list-questions needs --profile ID",
        ),
        (
            &["assess", "--list-questions", "--profile", "coach"],
            "unknown profile \"coach\"",
        ),
        (
            &["assess", "--answers", "/no/such/file.json"],
            "/no/such/file.json",
        ),
        (&["assess", "--answers"], "missing argument"),
        (
            &["assess", "--format", "yaml", "--list-profiles"],
            "unknown format \"yaml\"",
        ),
    ];
    for (args, want) in cases {
        let (code, _, err) = shipcheck(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
    let findings = fixtures().join("bad/not-json.json");
    let answers = fixtures().join("answers/full-blank.json");
    let (code, _, err) = shipcheck(&[
        "assess",
        "--answers",
        path_str(&answers),
        "--findings",
        path_str(&findings),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("not-json.json: "), "{err}");
    assert!(err.contains("expected ident at line 1"), "{err}");
}

#[test]
fn help_mentions_assess_and_assess_has_its_own_help() {
    let (code, out, _) = shipcheck(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("assess"), "{out}");
    let (code, out, _) = shipcheck(&["assess", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("--list-questions --profile ID"), "{out}");
}

#[test]
fn every_answers_fixture_round_trips_through_the_url_fragment() {
    use shipcheck_engine::state;
    for (name, ..) in CASES {
        let text = std::fs::read_to_string(fixtures().join("answers").join(format!("{name}.json")))
            .unwrap();
        let s = state::from_answers_json(&text).unwrap();
        let fragment = state::encode_fragment(&s);
        assert!(fragment.len() < 120, "{name}: {fragment}");
        let back = state::decode_fragment(&fragment).unwrap();
        assert_eq!(back.state, s, "{name}: {fragment}");
        assert!(back.notices.is_empty());
        let stored = state::from_storage_json(&state::to_storage_json(&s)).unwrap();
        assert_eq!(stored.state, s, "{name}");
    }
}
