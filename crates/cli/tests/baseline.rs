//! `shipcheck scan --baseline`, `shipcheck:allow` comments and `.shipcheckignore`
//! on the command line: what is suppressed, what is still reported, what the
//! summary says and what is refused.
#![cfg(not(target_arch = "wasm32"))]

mod scan_support;

use scan_support::{shipcheck, TempDir};
use serde_json::Value;

const CORS: &str = "app.use(cors({ origin: true, credentials: true }));\n";

fn key(seed: &str) -> String {
    shipcheck_engine::catalog::secrets::fake::expand("sk_live_{{alnum:32}}", seed).unwrap()
}

fn json(dir: &TempDir, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["scan", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = shipcheck(&dir.0, &all, None);
    (
        code,
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}")),
    )
}

fn rules(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["file"].as_str().unwrap(),
                f["rule"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_baseline_hides_known_findings_and_reports_new_ones() {
    let dir = TempDir::new("baseline");
    let (old_key, new_key) = (key("baseline-old"), key("baseline-new"));
    dir.write(
        "app/.env",
        format!("STRIPE_SECRET_KEY={old_key}\n").as_bytes(),
    );
    dir.write("app/server.js", CORS.as_bytes());
    let (code, out, _) = shipcheck(&dir.0, &["scan", "--format", "json", "app"], None);
    assert_eq!(code, 1);
    let before: Value = serde_json::from_str(&out).unwrap();
    assert!(rules(&before).len() >= 2, "{:?}", rules(&before));
    dir.write("old.json", out.as_bytes());

    // Nothing changed: everything is in the baseline, the exit status is 0.
    let (code, text, _) = shipcheck(&dir.0, &["scan", "--baseline", "old.json", "app"], None);
    assert_eq!(code, 0, "{text}");
    let n = rules(&before).len();
    assert!(
        text.contains(&format!("{n} findings suppressed: {n} by the baseline.")),
        "{text}"
    );

    // Lines moved, a new key and a new CORS file: only the new ones are reported.
    dir.write(
        "app/.env",
        format!("# payments\nPORT=3000\nSTRIPE_SECRET_KEY={old_key}\n").as_bytes(),
    );
    dir.write(
        "app/pay.js",
        format!("const stripe = \"{new_key}\";\n").as_bytes(),
    );
    dir.write("app/api.js", CORS.as_bytes());
    let (code, doc) = json(&dir, &["--baseline", "old.json", "app"]);
    assert_eq!(code, 1);
    let left = rules(&doc);
    assert!(
        left.iter().any(|r| r.starts_with("app/pay.js ")),
        "{left:?}"
    );
    assert!(
        left.iter().any(|r| r.starts_with("app/api.js ")),
        "{left:?}"
    );
    assert!(
        !left
            .iter()
            .any(|r| r.starts_with("app/.env ") || r.starts_with("app/server.js ")),
        "{left:?}"
    );
    assert_eq!(doc["stats"]["baselined"], n);
    assert!(!doc.to_string().contains(&new_key[8..]), "never the secret");

    // The old key replaced by another on the same line is new (a line-based
    // fingerprint would hide it).
    dir.write(
        "app/.env",
        format!("STRIPE_SECRET_KEY={new_key}\n").as_bytes(),
    );
    let (_, doc) = json(&dir, &["--baseline", "old.json", "app"]);
    assert!(
        rules(&doc).iter().any(|r| r.starts_with("app/.env ")),
        "{:?}",
        rules(&doc)
    );
}

#[test]
fn anything_but_a_scan_export_is_refused_as_a_baseline() {
    let dir = TempDir::new("baseline-bad");
    dir.write("notes.txt", b"nothing\n");
    dir.write(
        "gitleaks.json",
        br#"[{"RuleID": "stripe-access-token", "File": "a.env", "Fingerprint": "a.env:stripe-access-token:1"}]"#,
    );
    dir.write("report.sarif", br#"{"version": "2.1.0", "runs": []}"#);
    dir.write(
        "future.json",
        br#"{"schema": "shipcheck-scan/9", "findings": []}"#,
    );
    for (file, says) in [
        ("gitleaks.json", "not a shipcheck scan report"),
        ("report.sarif", "it has no \"schema\""),
        ("future.json", "\"shipcheck-scan/9\""),
        ("missing.json", "cannot read baseline missing.json"),
    ] {
        let (code, out, err) = shipcheck(&dir.0, &["scan", "--baseline", file, "notes.txt"], None);
        assert_eq!(code, 2, "{file}: {out}{err}");
        assert!(out.is_empty(), "{file}: nothing is reported: {out}");
        assert!(err.contains(says), "{file}: {err}");
    }
}

#[test]
fn an_allow_comment_suppresses_its_line_and_says_so() {
    let dir = TempDir::new("allow");
    let k = key("allow");
    dir.write(
        "app/.env",
        format!("STRIPE_SECRET_KEY={k} # shipcheck:allow\n").as_bytes(),
    );
    dir.write(
        "app/server.js",
        format!("// shipcheck:allow\n{CORS}").as_bytes(),
    );
    let (code, text, _) = shipcheck(&dir.0, &["scan", "app"], None);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("No findings."), "{text}");
    assert!(
        text.contains("suppressed: 2 by shipcheck:allow comments."),
        "{text}"
    );
    let (_, doc) = json(&dir, &["app"]);
    assert_eq!(doc["stats"]["allowed"], 2);
    // Without the comment the key is reported again.
    dir.write("app/.env", format!("STRIPE_SECRET_KEY={k}\n").as_bytes());
    assert_eq!(shipcheck(&dir.0, &["scan", "app"], None).0, 1);
}

#[test]
fn the_scanned_folders_shipcheckignore_is_read() {
    let dir = TempDir::new("shipcheckignore");
    dir.write(
        "app/.env",
        format!("STRIPE_SECRET_KEY={}\n", key("ignore-root")).as_bytes(),
    );
    let (code, doc) = json(&dir, &["app"]);
    assert_eq!(code, 1);
    let fp = doc["findings"][0]["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(fp.len(), 16);
    // Read from the folder scanned, not from the current directory.
    dir.write(
        "app/.shipcheckignore",
        format!("# rotated\n{fp}\n").as_bytes(),
    );
    let (code, doc) = json(&dir, &["app"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0);
    // --ignore-file replaces it.
    dir.write("empty-ignore", b"# nothing\n");
    let (code, _) = json(&dir, &["--ignore-file", "empty-ignore", "app"]);
    assert_eq!(code, 1);
}

fn repo_file(path: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The pre-commit hook's entry, run the way pre-commit runs it: the entry, then
/// the names of the files being committed.
#[test]
fn the_pre_commit_hook_fails_a_commit_with_a_secret() {
    let hooks = repo_file(".pre-commit-hooks.yaml");
    let field = |name: &str| {
        hooks
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix(&format!("{name}: "))
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| panic!("no {name} in .pre-commit-hooks.yaml"))
    };
    assert_eq!(field("- id"), "shipcheck");
    assert_eq!(field("language"), "system");
    assert_eq!(field("pass_filenames"), "true");
    let entry = field("entry");
    let words: Vec<&str> = entry.split_whitespace().collect();
    assert_eq!(words[..2], ["shipcheck", "scan"]);
    let dir = TempDir::new("pre-commit");
    dir.write(
        "app.env",
        format!("STRIPE_SECRET_KEY={}\n", key("hook")).as_bytes(),
    );
    dir.write("app.js", b"export const port = 3000;\n");
    let run = |files: &[&str]| {
        let mut args = words[1..].to_vec();
        args.extend_from_slice(files);
        shipcheck(&dir.0, &args, None)
    };
    let (code, out, err) = run(&["app.js", "app.env"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("Stripe"), "{out}");
    assert_eq!(run(&["app.js"]).0, 0);
}

/// docs/ci.md's workflow scan command, as written, gives SARIF.
#[test]
fn the_ci_example_writes_sarif() {
    let doc = repo_file("docs/ci.md");
    let command = doc
        .lines()
        .find_map(|l| l.trim().strip_prefix("run: shipcheck "))
        .expect("a `run: shipcheck …` step in docs/ci.md");
    let args: Vec<&str> = command
        .split('>')
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(
        args.windows(2).any(|w| w == ["--format", "sarif"]),
        "{args:?}"
    );
    let dir = TempDir::new("ci-example");
    dir.write(
        ".env",
        format!("STRIPE_SECRET_KEY={}\n", key("ci")).as_bytes(),
    );
    let (code, out, err) = shipcheck(&dir.0, &args, None);
    assert_eq!(code, 1, "{err}");
    let sarif: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
}
