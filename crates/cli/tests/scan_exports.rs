//! `shipcheck scan`'s exports: golden JSON, SARIF and Markdown files, SARIF's shape,
//! and the command giving exactly the findings the engine's stepped job gives.
#![cfg(not(target_arch = "wasm32"))]

mod scan_support;

use scan_support::{fixtures, materialize, shipcheck, TempDir, NOW};
use serde_json::Value;
use shipcheck_engine::report;
use shipcheck_engine::scan::{ScanInput, ScanOptions, Scanner, Step};

fn normalize(text: &str) -> String {
    let Some(i) = text.find("\"rules\": ") else {
        return text.to_string();
    };
    let rest = &text[i + 9..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return text.to_string(); // SARIF's "rules": [...] list
    }
    format!(
        "{}\"rules\": \"<rule count>\"{}",
        &text[..i],
        &rest[digits..]
    )
}

fn check_golden(name: &str, actual: &str) {
    let actual = normalize(actual);
    let actual = actual.as_str();
    let path = fixtures().join("golden").join(name);
    if std::env::var_os("SHIPCHECK_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}: run with SHIPCHECK_BLESS=1", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || "(length differs)".to_string(),
                |i| format!("line {}", i + 1),
            );
        panic!(
            "{name} differs from the golden file at {line}; if the change is intended, rerun with SHIPCHECK_BLESS=1\n--- actual ---\n{actual}"
        );
    }
}

const GOLDEN_CASES: [&str; 3] = [
    "client-bundle-supabase",
    "server-env-file",
    "source-map-origin",
];

#[test]
fn exports_match_their_golden_files() {
    let dir = TempDir::new("golden");
    let mut paths = materialize(&dir, &GOLDEN_CASES);
    paths.sort();
    let args = |format: &'static str| {
        let mut a = vec!["scan", "--format", format];
        a.extend(paths.iter().map(String::as_str));
        a
    };
    for (format, file) in [
        ("json", "report.json"),
        ("sarif", "report.sarif"),
        ("markdown", "report.md"),
    ] {
        let (code, out, err) = shipcheck(&dir.0, &args(format), None);
        assert_eq!(code, 1, "{format}: {err}");
        check_golden(file, &out);
    }
}

#[test]
fn sarif_has_the_shape_code_scanning_accepts() {
    let dir = TempDir::new("sarif");
    let paths = materialize(&dir, &GOLDEN_CASES);
    let mut args = vec!["scan", "--format", "sarif"];
    args.extend(paths.iter().map(String::as_str));
    let (_, out, _) = shipcheck(&dir.0, &args, None);
    let log: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "shipcheck");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids, unique, "rule ids are sorted and unique");
    for r in rules {
        assert!(!r["shortDescription"]["text"].as_str().unwrap().is_empty());
        let sev: f64 = r["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.0..=10.0).contains(&sev));
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for res in results {
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(res["ruleId"], rules[index]["id"]);
        assert!(["error", "warning", "note", "none"].contains(&res["level"].as_str().unwrap()));
        assert!(!res["message"]["text"].as_str().unwrap().is_empty());
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            !uri.contains('\\') && !uri.starts_with('/') && !uri.starts_with("./"),
            "{uri}"
        );
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
        assert_eq!(
            res["partialFingerprints"]["secretFingerprint/v2"]
                .as_str()
                .unwrap()
                .len(),
            16
        );
    }
}

#[test]
fn the_command_and_the_engine_give_identical_findings() {
    let dir = TempDir::new("identical");
    let names = [
        "client-bundle-supabase",
        "server-env-file",
        "source-map-origin",
        "yaml-config",
    ];
    let paths = materialize(&dir, &names);
    let mut args = vec!["scan", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let (_, out, _) = shipcheck(&dir.0, &args, None);
    let cli: Value = serde_json::from_str(&out).unwrap();
    // The web worker runs a job in small steps over the same bytes.
    let inputs: Vec<ScanInput> = paths
        .iter()
        .map(|p| ScanInput::new(p.clone(), std::fs::read(dir.0.join(p)).unwrap()))
        .collect();
    let options = ScanOptions {
        now: Some(NOW),
        ..ScanOptions::default()
    };
    let mut job = Scanner::built_in().job_with(inputs, options);
    while let Step::Progress(_) = job.step(4096) {}
    let engine: Value = serde_json::from_str(&report::json::render(&job.finish())).unwrap();
    assert_eq!(cli["findings"], engine["findings"]);
    assert!(cli["findings"].as_array().unwrap().len() >= 8);
}

/// `scan --format json` piped into `assess --findings`: a live Stripe key, a Supabase
/// service_role JWT and a reflected-origin CORS policy each reach the verdict and the
/// score (they were once read as nothing).
#[test]
fn scan_output_feeds_assess_and_every_finding_counts() {
    let dir = TempDir::new("pipe");
    let mut paths = materialize(&dir, &["server-env-file", "client-bundle-supabase"]);
    dir.write(
        "server.js",
        b"const cors = require('cors');\napp.use(cors({ origin: true, credentials: true }));\n",
    );
    paths.push("server.js".into());
    let mut args = vec!["scan", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let (code, out, err) = shipcheck(&dir.0, &args, None);
    assert_eq!(code, 1, "findings make scan exit 1: {err}");
    dir.write("findings.json", out.as_bytes());
    dir.write(
        "answers.json",
        br#"{"profile": "full", "screening": {"stage": "no", "goal": "no", "limits": "no"}}"#,
    );

    let assess = |findings: Option<&str>| {
        let mut args = vec!["assess", "--answers", "answers.json", "--format", "json"];
        if let Some(f) = findings {
            args.extend(["--findings", f]);
        }
        let (code, out, err) = shipcheck(&dir.0, &args, None);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<Value>(&out).unwrap()
    };
    let without = assess(None);
    let with = assess(Some("findings.json"));
    let risk_ids: Vec<&str> = with["risk"]["top_risks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let reason_ids: Vec<&str> = with["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    for rule in [
        "stripe-secret-key",
        "supabase-service-role-key",
        "cors-reflected-origin-with-credentials",
    ] {
        assert!(
            risk_ids.contains(&rule),
            "{rule} in the score: {risk_ids:?}"
        );
        assert!(
            reason_ids.contains(&rule),
            "{rule} in the verdict's reasons: {reason_ids:?}"
        );
    }
    assert_eq!(without["risk"]["score"], 0);
    assert!(with["risk"]["score"].as_u64().unwrap() > 0);
    // Nothing answered: no verdict yet. The scan's launch blocker settles it.
    assert_eq!(without["verdict"], "not-decided");
    assert_eq!(with["verdict"], "sprint");
    // A real pipe: `scan … | assess --findings -`.
    let args = [
        "assess",
        "--answers",
        "answers.json",
        "--format",
        "json",
        "--findings",
        "-",
    ];
    let (code, piped, err) = shipcheck(&dir.0, &args, Some(out.as_bytes()));
    assert_eq!(code, 0, "{err}");
    assert_eq!(serde_json::from_str::<Value>(&piped).unwrap(), with);
}
