//! `shipcheck scan` on the command line: exit codes, usage errors, stdin,
//! `--context`, `--explain`, ignore files, custom rules, directories. The
//! findings themselves are covered by `crates/engine/tests/scan.rs`.
#![cfg(not(target_arch = "wasm32"))]

mod scan_support;

use scan_support::{case_files, materialize, shipcheck, TempDir};
use serde_json::Value;

#[test]
fn exit_codes_follow_the_threshold() {
    let dir = TempDir::new("exit");
    dir.write("clean/notes.txt", b"nothing to see here\n");
    let env = materialize(&dir, &["server-env-file"]);
    let public = materialize(&dir, &["client-bundle-supabase"]);
    let (code, out, _) = shipcheck(&dir.0, &["scan", "clean"], None);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("No findings."), "{out}");
    assert_eq!(shipcheck(&dir.0, &["scan", &env[0]], None).0, 1);
    // The .env holds high (not critical) secrets: its right place, lowered one step.
    assert_eq!(
        shipcheck(&dir.0, &["scan", "--fail-on", "critical", &env[0]], None).0,
        0
    );
    assert_eq!(
        shipcheck(&dir.0, &["scan", "--fail-on", "never", &env[0]], None).0,
        0
    );
    assert_eq!(
        shipcheck(&dir.0, &["scan", "--fail-on", "info", "clean"], None).0,
        0
    );
    assert_eq!(
        shipcheck(&dir.0, &["scan", &public[0]], None).0,
        1,
        "service_role key in a bundle"
    );
}

#[test]
fn usage_and_input_errors_exit_2_with_a_reason() {
    let dir = TempDir::new("usage");
    dir.write(
        "bad-rules.toml",
        b"[[rules]]\nid = \"broken\"\nregex = '''(unclosed'''\n",
    );
    for (args, message) in [
        (vec!["scan", "--format", "xml"], "unknown --format \"xml\""),
        (
            vec!["scan", "--fail-on", "severe"],
            "unknown --fail-on \"severe\"",
        ),
        (
            vec!["scan", "--context", "cloud"],
            "unknown --context \"cloud\"",
        ),
        (vec!["scan", "--frobnicate"], "--frobnicate"),
        (
            vec!["scan", "does-not-exist.env"],
            "cannot read does-not-exist.env",
        ),
        (
            vec!["scan", "--rules", "missing.toml", "."],
            "cannot read rules file missing.toml",
        ),
        (
            vec!["scan", "--rules", "bad-rules.toml", "."],
            "rule \"broken\": regex does not compile",
        ),
    ] {
        let (code, _, err) = shipcheck(&dir.0, &args, None);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let (code, out, _) = shipcheck(&dir.0, &["scan", "--help"], None);
    assert_eq!(code, 0);
    assert!(
        out.contains("--fail-on SEVERITY") && out.contains("--explain"),
        "{out}"
    );
}

#[test]
fn stdin_context_explain_and_ignore_file() {
    let dir = TempDir::new("flags");
    let env = case_files("server-env-file").remove(0).1;
    // stdin, as a paste: severities are the rules' own.
    let (code, out, _) = shipcheck(&dir.0, &["scan", "--format", "json", "-"], Some(&env));
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&out).unwrap();
    let first = &json["findings"][0];
    assert_eq!(first["file"], "stdin");
    assert_eq!(first["context"], "unknown");
    assert_eq!(first["severity"], "critical");
    // --context client: every live secret becomes critical.
    dir.write("x.env", &env);
    let (_, out, _) = shipcheck(
        &dir.0,
        &["scan", "--format", "json", "--context", "client", "x.env"],
        None,
    );
    let json: Value = serde_json::from_str(&out).unwrap();
    for f in json["findings"].as_array().unwrap() {
        if f["verdict"] == "secret" {
            assert_eq!(f["severity"], "critical", "{f}");
        }
    }
    // --explain lists dropped candidates with reasons, in JSON and text.
    let (_, out, _) = shipcheck(
        &dir.0,
        &["scan", "--format", "json", "--explain", "x.env"],
        None,
    );
    let json: Value = serde_json::from_str(&out).unwrap();
    assert!(json["dropped"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["reason"]
            .as_str()
            .unwrap()
            .contains("covered by a more specific rule")));
    let (_, text, _) = shipcheck(&dir.0, &["scan", "--explain", "x.env"], None);
    assert!(text.contains("Not reported ("), "{text}");
    // An ignore file of fingerprints suppresses exactly those findings.
    let fp = json["findings"][0]["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    let total = json["findings"].as_array().unwrap().len();
    dir.write(
        "ignore.txt",
        format!("# reviewed\n{fp}  # rotated already\n").as_bytes(),
    );
    let (_, out, _) = shipcheck(
        &dir.0,
        &[
            "scan",
            "--format",
            "json",
            "--explain",
            "--ignore-file",
            "ignore.txt",
            "x.env",
        ],
        None,
    );
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["findings"].as_array().unwrap().len(), total - 1);
    assert!(out.contains(&format!("fingerprint {fp} is in the ignore file")));
}

#[test]
fn custom_rules_in_both_formats() {
    let dir = TempDir::new("rules");
    let cfg = shipcheck_engine::catalog::secrets::fake::expand(
        "ACME_TOKEN=acme_{{lower:20}}\nSTRIPE=sk_live_{{alnum:32}}\n",
        "custom-rules",
    )
    .unwrap();
    dir.write("app.cfg", cfg.as_bytes());
    dir.write(
        "gitleaks.toml",
        b"[[rules]]\nid = \"acme-token\"\ndescription = \"Acme token\"\nregex = '''acme_[0-9a-z]{20}'''\nkeywords = [\"acme_\"]\n",
    );
    dir.write(
        "extend.toml",
        b"[extend]\nuseDefault = true\n[[rules]]\nid = \"acme-token\"\nregex = '''acme_[0-9a-z]{20}'''\n",
    );
    let rules_of = |rules: &str| -> Vec<String> {
        let (_, out, _) = shipcheck(
            &dir.0,
            &["scan", "--format", "json", "--rules", rules, "app.cfg"],
            None,
        );
        let json: Value = serde_json::from_str(&out).unwrap();
        let mut r: Vec<String> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect();
        r.sort();
        r
    };
    assert_eq!(
        rules_of("gitleaks.toml"),
        vec!["acme-token"],
        "replaces the built-ins"
    );
    assert_eq!(
        rules_of("extend.toml"),
        vec!["acme-token", "stripe-secret-key"]
    );
}

#[test]
fn directories_are_recursed_without_node_modules() {
    let dir = TempDir::new("dirs");
    let key =
        shipcheck_engine::catalog::secrets::fake::expand("sk_live_{{alnum:32}}", "dirs").unwrap();
    dir.write(
        "app/src/pay.js",
        format!("const k = \"{key}\";\n").as_bytes(),
    );
    dir.write(
        "app/node_modules/lib/index.js",
        format!("const k = \"{key}\";\n").as_bytes(),
    );
    dir.write("app/.git/config", format!("token = {key}\n").as_bytes());
    let (_, out, _) = shipcheck(&dir.0, &["scan", "--format", "json", "app"], None);
    let json: Value = serde_json::from_str(&out).unwrap();
    let files: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(files, vec!["app/src/pay.js"]);
}

#[test]
fn a_directory_is_read_as_git_sees_it_unless_no_ignore() {
    let dir = TempDir::new("gitignore");
    let key =
        shipcheck_engine::catalog::secrets::fake::expand("sk_live_{{alnum:32}}", "ignore").unwrap();
    let line = format!("STRIPE_SECRET_KEY={key}\n");
    dir.write("app/.gitignore", b"dist/\nlocal-notes.txt\n");
    dir.write("app/.env", line.as_bytes());
    dir.write("app/dist/assets/index.js", line.as_bytes());
    dir.write("app/local-notes.txt", line.as_bytes());
    dir.write("app/node_modules/x/index.js", line.as_bytes());
    dir.write("app/.next/cache/webpack/x.js", line.as_bytes());
    let files = |args: &[&str]| -> Vec<String> {
        let (_, out, err) = shipcheck(&dir.0, args, None);
        let json: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_string())
            .collect()
    };
    // Hidden files are read (.env is where secrets live); ignored ones are not.
    assert_eq!(
        files(&["scan", "--format", "json", "app"]),
        ["app/.env", "app/.gitignore"]
    );
    // --no-ignore reads them too, but never node_modules or a cache.
    assert_eq!(
        files(&["scan", "--format", "json", "--no-ignore", "app"]),
        [
            "app/.env",
            "app/.gitignore",
            "app/dist/assets/index.js",
            "app/local-notes.txt"
        ]
    );
    // A path named explicitly is always read.
    assert_eq!(
        files(&["scan", "--format", "json", "app/dist/assets/index.js"]),
        ["app/dist/assets/index.js"]
    );
}
