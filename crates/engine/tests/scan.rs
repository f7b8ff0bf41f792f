//! The secret scanner end to end: fixture cases (one directory per behaviour) and
//! inputs that must never break it. The `shipcheck scan` command and its golden
//! exports are tested in `crates/cli/tests/scan_exports.rs`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../benches/corpus.rs"]
mod corpus;
mod scan_support;

use scan_support::{case_inputs, fixtures, NOW};
use serde::Deserialize;
use serde_json::Value;
use shipcheck_engine::finding::{Context, Finding};
use shipcheck_engine::report;
use shipcheck_engine::scan::{FileStatus, ScanInput, ScanOptions, ScanReport, Scanner, Step};

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    findings: Vec<String>,
    #[serde(default)]
    dropped: Vec<String>,
}

fn options() -> ScanOptions {
    ScanOptions {
        now: Some(NOW),
        explain: true,
        ..ScanOptions::default()
    }
}

/// A finding in the fixture notation: `rule severity verdict file:line[ origin=src:line][ env=NAME]`.
fn describe(f: &Finding) -> String {
    let s = f
        .secret
        .as_ref()
        .expect("secret findings only in these fixtures");
    let mut d = format!(
        "{} {} {} {}:{}",
        f.rule,
        f.severity.as_str(),
        s.verdict.as_str(),
        f.file,
        f.line
    );
    if let Some(o) = &f.origin {
        d.push_str(&format!(" origin={}:{}", o.source, o.line));
    }
    if let Some(name) = &s.public_env_name {
        d.push_str(&format!(" env={name}"));
    }
    d
}

#[test]
fn fixture_cases_give_exactly_their_findings() {
    let text = std::fs::read_to_string(fixtures().join("cases.toml")).unwrap();
    let cases: Cases = toml::from_str(&text).unwrap();
    let on_disk = std::fs::read_dir(fixtures().join("cases")).unwrap().count();
    assert_eq!(
        cases.case.len(),
        on_disk,
        "every case directory has an entry in cases.toml"
    );
    let scanner = Scanner::built_in();
    let mut failures = Vec::new();
    for case in &cases.case {
        let report = scanner.scan_with(case_inputs(&case.name), options());
        let mut got: Vec<String> = report.findings.iter().map(describe).collect();
        let mut want = case.findings.clone();
        got.sort();
        want.sort();
        if got != want {
            failures.push(format!(
                "{}:\n  expected {want:#?}\n  got {got:#?}",
                case.name
            ));
        }
        for d in &case.dropped {
            let (rule, reason) = d.split_once(": ").expect("\"rule: reason\"");
            if !report
                .dropped
                .iter()
                .any(|x| x.rule == rule && x.reason.contains(reason))
            {
                let all: Vec<String> = report
                    .dropped
                    .iter()
                    .map(|x| format!("{}: {}", x.rule, x.reason))
                    .collect();
                failures.push(format!("{}: no drop {d:?} among {all:#?}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every secret the fixtures produce, as found in the scanned bytes.
fn secrets_of(report: &ScanReport, inputs: &[ScanInput]) -> Vec<String> {
    report
        .findings
        .iter()
        .filter_map(|f| {
            let s = f.secret.as_ref()?;
            let input = inputs.iter().find(|i| i.name == f.file)?;
            Some(String::from_utf8_lossy(&input.bytes[s.start..s.end]).into_owned())
        })
        .collect()
}

#[test]
fn no_export_ever_contains_a_secret_in_full() {
    let names = [
        "server-env-file",
        "client-bundle-supabase",
        "public-env-prefix",
        "source-map-origin",
        "yaml-config",
        "private-key-pem",
        "expired-jwt",
        "service-account-json",
    ];
    let inputs: Vec<ScanInput> = names.iter().flat_map(|n| case_inputs(n)).collect();
    let report = Scanner::built_in().scan_with(inputs.clone(), options());
    let secrets = secrets_of(&report, &inputs);
    assert!(secrets.len() >= 10, "{secrets:?}");
    let outputs = [
        ("json", report::json::render(&report)),
        ("sarif", report::sarif::render(&report)),
        ("markdown", report::markdown::render(&report)),
        ("text", report::text::render(&report)),
        ("debug", format!("{report:?}")),
        ("job debug", {
            let mut job = Scanner::built_in().job(inputs.clone());
            for _ in 0..3 {
                job.step(4096);
            }
            format!("{job:?}")
        }),
        ("input debug", format!("{inputs:?}")),
        ("serde", serde_json::to_string(&report).unwrap()),
    ];
    for secret in &secrets {
        // JSON escapes newlines and slashes; compare the longest plain run too.
        let probe: String = secret
            .split(['\n', '\\', '/', '"'])
            .max_by_key(|p| p.len())
            .unwrap()
            .to_string();
        assert!(probe.len() >= 12, "{secret}");
        for (format, out) in &outputs {
            assert!(
                !out.contains(&probe),
                "{format} output shows a secret: {probe}"
            );
        }
    }
    for f in &report.findings {
        let masked = &f.secret.as_ref().unwrap().masked;
        assert!(masked.contains('•'), "{masked}");
        assert!(
            masked.chars().filter(|c| *c != '•').count() <= 6,
            "{masked}"
        );
    }
}

/// The rule count in `stats` changes whenever a rule is added: golden files
/// hold a marker instead, so that adding a rule does not touch them.
#[test]
fn files_that_are_not_plain_text_get_a_status() {
    let key =
        shipcheck_engine::catalog::secrets::fake::expand("sk_live_{{alnum:32}}", "status").unwrap();
    let mut utf16 = vec![0xff, 0xfe];
    for u in format!("STRIPE_SECRET_KEY={key}\n").encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let mut lossy = b"caf\xe9 \xff\n".to_vec();
    lossy.extend_from_slice(format!("STRIPE_SECRET_KEY={key}\n").as_bytes());
    let inputs = vec![
        ScanInput::new("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec()),
        ScanInput::new("dump.bin", b"abc\x00\x01\x02def".to_vec()),
        ScanInput::new("empty.txt", Vec::new()),
        ScanInput::new("windows.env", utf16.clone()),
        ScanInput::new("latin1.env", lossy),
    ];
    let report = Scanner::built_in().scan_with(inputs, options());
    let status = |name: &str| {
        report
            .files
            .iter()
            .find(|f| f.name == name)
            .unwrap()
            .status
            .clone()
    };
    assert!(matches!(status("logo.png"), FileStatus::Skipped { reason } if reason.contains("PNG")));
    assert!(matches!(status("dump.bin"), FileStatus::Skipped { reason } if reason.contains("NUL")));
    assert_eq!(status("empty.txt"), FileStatus::Empty);
    assert!(
        matches!(status("windows.env"), FileStatus::Scanned { note: Some(n), .. } if n.contains("UTF-16LE"))
    );
    assert!(
        matches!(status("latin1.env"), FileStatus::Scanned { note: Some(n), .. } if n.contains("decoded lossily"))
    );
    let found: Vec<(&str, u32, usize)> = report
        .findings
        .iter()
        .map(|f| (f.file.as_str(), f.line, f.secret.as_ref().unwrap().start))
        .collect();
    // Offsets are in the file as given: after the UTF-16 BOM and 18 two-byte units.
    assert!(
        found.contains(&("windows.env", 1, 2 + 2 * "STRIPE_SECRET_KEY=".len())),
        "{found:?}"
    );
    assert!(
        found.contains(&("latin1.env", 2, 7 + "STRIPE_SECRET_KEY=".len())),
        "{found:?}"
    );
    assert_eq!(report.stats.files_skipped, 3);
    let json: Value = serde_json::from_str(&report::json::render(&report)).unwrap();
    assert_eq!(json["skipped"].as_array().unwrap().len(), 3);
}

/// The warm-up compiles every regex and changes no finding: a scanner warmed up
/// and one that compiles lazily report the same.
#[test]
fn a_warmed_up_scanner_reports_what_a_cold_one_does() {
    use shipcheck_engine::catalog::secrets::RuleSet;
    let names = [
        "client-bundle-supabase",
        "server-env-file",
        "private-key-pem",
    ];
    let inputs: Vec<ScanInput> = names.iter().flat_map(|n| case_inputs(n)).collect();
    let cold = Scanner::new(RuleSet::built_in());
    let warm = Scanner::new(RuleSet::built_in());
    let mut warm_up = warm.warm_up();
    assert_eq!(warm_up.compiled().0, 0, "built-in rules compile lazily");
    let mut steps = 0;
    while warm_up.step() {
        steps += 1;
    }
    assert_eq!(warm_up.compiled().0, warm.rules().len());
    let allowlists = warm.rules().rules().iter().map(|r| &r.allowlist);
    for (re, _) in allowlists.flat_map(|a| &a.regexes) {
        assert!(
            re.is_compiled(),
            "allowlist regex {} not compiled",
            re.as_str()
        );
    }
    assert!(steps > warm.rules().len(), "{steps} steps");
    let cold_report = cold.scan_with(inputs.clone(), options());
    assert!(cold_report.findings.len() >= 5);
    assert_eq!(warm.scan_with(inputs, options()), cold_report);
}

#[test]
fn step_budgets_do_not_change_the_findings() {
    let names = [
        "client-bundle-supabase",
        "server-env-file",
        "source-map-origin",
        "private-key-pem",
    ];
    let inputs: Vec<ScanInput> = names.iter().flat_map(|n| case_inputs(n)).collect();
    let total: u64 = inputs.iter().map(|i| i.bytes.len() as u64).sum();
    let scanner = Scanner::built_in();
    let one_shot = scanner.scan_with(inputs.clone(), options());
    assert!(one_shot.findings.len() >= 9);
    for budget in [1, 7, 100, 4096, 1 << 20] {
        let mut job = scanner.job_with(inputs.clone(), options());
        let mut last = 0;
        let mut steps = 0;
        while let Step::Progress(p) = job.step(budget) {
            assert!(
                p.bytes_done >= last && p.bytes_done <= p.bytes_total,
                "{p:?}"
            );
            assert_eq!(p.bytes_total, total);
            last = p.bytes_done;
            steps += 1;
        }
        assert!(budget > 4096 || steps > 1, "budget {budget} took one step");
        assert_eq!(job.finish(), one_shot, "budget {budget}");
    }
}

#[test]
fn a_20_mb_one_line_bundle_is_scanned_in_steps() {
    let corpus = corpus::bundle(20 << 20, 8);
    assert_eq!(corpus.text.iter().filter(|&&b| b == b'\n').count(), 1);
    let input = ScanInput::new("dist/assets/index-4f3a9c1b.js", corpus.text.clone());
    let mut job = Scanner::built_in().job_with(
        vec![input],
        ScanOptions {
            cors: false,
            ..options()
        },
    );
    let mut steps = 0;
    while let Step::Progress(_) = job.step(1 << 20) {
        steps += 1;
    }
    assert!(steps >= 20, "{steps} steps");
    let report = job.finish();
    assert_eq!(report.files[0].context, Context::ClientBundle);
    let mut found: Vec<(String, usize)> = report
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.secret.as_ref().unwrap().start))
        .collect();
    let mut planted: Vec<(String, usize)> = corpus
        .planted
        .iter()
        .map(|(r, at)| (r.to_string(), *at))
        .collect();
    found.sort();
    planted.sort();
    assert_eq!(
        found, planted,
        "exactly the planted fakes, none of the look-alike noise"
    );
}
