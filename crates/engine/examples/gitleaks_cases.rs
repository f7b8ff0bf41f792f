//! Recall and false-positive rate on gitleaks' own labelled rule tests.
//!
//! ```text
//! cargo run --profile bench --example gitleaks_cases -- ../shared/bench/gitleaks_cases.jsonl
//! cargo run --profile bench --example gitleaks_cases -- FILE --show stripe   # list misses and false alarms
//! ```
//!
//! Each line of the file is `{"rule", "kind": "tp"|"fp", "text"}`. Every text is
//! scanned on its own as a paste (context unknown). A `tp` counts as found
//! when any finding comes out of it; an `fp` counts as flagged when a finding
//! with verdict `secret` does (public-by-design values such as a Firebase web
//! key are reported as `info`, which is not a claim that a secret leaked; they
//! are counted in their own column). Gitleaks labels a text `fp` for one rule:
//! several are real keys of a sibling kind (a Cloudflare global key in the
//! tests of the Cloudflare token rule) that another of our rules rightly finds.
//! A missed `tp` whose value our placeholder filter dropped (`QQQQ…`,
//! `12345678-ABCD-…`) is counted separately. Cases are grouped by provider family (the first word of the gitleaks
//! rule id, with a few aliases to our names); families we have no rule for are
//! listed separately and kept out of the "covered" totals.

use std::collections::{BTreeMap, BTreeSet};

use shipcheck_engine::finding::Context;
use shipcheck_engine::scan::{ScanInput, ScanOptions, Scanner};

/// Gitleaks family → our family, where the first words differ.
const ALIASES: &[(&str, &str)] = &[
    ("artifactory", "jfrog"),
    ("hashicorp", "terraform"),
    ("new", "newrelic"),
    ("private", "private-key"),
    ("travisci", "travis"),
    ("sendinblue", "brevo"),
    ("droneci", "drone"),
    ("gcp", "google"),
    ("facebook", "facebook"),
    ("microsoft", "microsoft"),
];

/// Our family of a rule id; every private-key kind is one family.
fn our_family(id: &str) -> String {
    if id.contains("private-key") || id.starts_with("pgp-") || id.starts_with("putty-") {
        return "private-key".into();
    }
    id.split('-').next().unwrap_or(id).to_string()
}

fn their_family(rule: &str) -> String {
    let first = rule.split('-').next().unwrap_or(rule);
    ALIASES
        .iter()
        .find(|(theirs, _)| *theirs == first)
        .map_or(first, |(_, ours)| ours)
        .to_string()
}

#[derive(Default)]
struct Tally {
    tp: usize,
    found: usize,
    /// Missed, but only because the value is a placeholder.
    placeholder: usize,
    fp: usize,
    /// Flagged with verdict secret.
    flagged: usize,
    /// Flagged with any finding (including public-by-design info).
    any: usize,
}

#[derive(serde::Deserialize)]
struct Case {
    rule: String,
    kind: String,
    text: String,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .cloned()
        .unwrap_or_else(|| "../shared/bench/gitleaks_cases.jsonl".into());
    let show = args
        .iter()
        .position(|a| a == "--show")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let scanner = Scanner::built_in();
    let ours: BTreeSet<String> = scanner
        .rules()
        .rules()
        .iter()
        .map(|r| our_family(&r.id))
        .collect();
    let options = ScanOptions {
        cors: false,
        explain: true,
        ..ScanOptions::default()
    };
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let case: Case = serde_json::from_str(line).expect("one JSON object per line");
        let input = ScanInput::new("paste", case.text.clone().into_bytes())
            .with_context(Some(Context::Unknown));
        let report = scanner.scan_with(vec![input], options.clone());
        let hit = !report.findings.is_empty();
        let secret_hit = report
            .findings
            .iter()
            .any(|f| f.verdict() == Some(shipcheck_engine::finding::Verdict::Secret));
        let placeholder = report
            .dropped
            .iter()
            .any(|d| d.reason.starts_with("placeholder"));
        let family = their_family(&case.rule);
        let t = tallies.entry(family.clone()).or_default();
        let shown = show
            .as_deref()
            .is_some_and(|s| family == s || case.rule.contains(s));
        if case.kind == "tp" {
            t.tp += 1;
            t.found += usize::from(hit);
            t.placeholder += usize::from(!hit && placeholder);
            if shown && !hit {
                println!("MISSED {}: {:?}", case.rule, case.text);
            }
        } else {
            t.fp += 1;
            t.flagged += usize::from(secret_hit);
            t.any += usize::from(hit);
            if shown && hit {
                let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
                println!("FLAGGED {} by {rules:?}: {:?}", case.rule, case.text);
            }
        }
    }
    println!("| family | true positives found | missed as placeholder | false positives flagged as secret | flagged at all |");
    println!("|---|---|---|---|---|");
    let (mut covered, mut uncovered) = (Tally::default(), Tally::default());
    let mut not_ours = Vec::new();
    for (family, t) in &tallies {
        let is_ours = ours.contains(family);
        let sum = if is_ours {
            &mut covered
        } else {
            &mut uncovered
        };
        sum.tp += t.tp;
        sum.found += t.found;
        sum.fp += t.fp;
        sum.flagged += t.flagged;
        sum.placeholder += t.placeholder;
        sum.any += t.any;
        if is_ours {
            println!(
                "| {family} | {}/{} | {} | {}/{} | {}/{} |",
                t.found, t.tp, t.placeholder, t.flagged, t.fp, t.any, t.fp
            );
        } else {
            not_ours.push(format!("{family} ({}/{})", t.found, t.tp));
        }
    }
    let rate = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!(
        "\ncovered families ({}): recall {:.3} ({}/{}); {:.3} without the {} placeholder-valued cases; \
         false positives flagged as secret {:.3} ({}/{}), flagged at all {:.3}",
        tallies.len() - not_ours.len(),
        rate(covered.found, covered.tp),
        covered.found,
        covered.tp,
        rate(covered.found, covered.tp - covered.placeholder),
        covered.placeholder,
        rate(covered.flagged, covered.fp),
        covered.flagged,
        covered.fp,
        rate(covered.any, covered.fp)
    );
    let all_found = covered.found + uncovered.found;
    let all_tp = covered.tp + uncovered.tp;
    let all_flagged = covered.flagged + uncovered.flagged;
    let all_any = covered.any + uncovered.any;
    let all_fp = covered.fp + uncovered.fp;
    println!(
        "all cases: recall {:.3} ({all_found}/{all_tp}), false positives flagged as secret {:.3} \
         ({all_flagged}/{all_fp}), flagged at all {:.3} ({all_any}/{all_fp})",
        rate(all_found, all_tp),
        rate(all_flagged, all_fp),
        rate(all_any, all_fp)
    );
    println!(
        "families without a rule of ours ({}), found by other rules: {}",
        not_ours.len(),
        not_ours.join(", ")
    );
}
