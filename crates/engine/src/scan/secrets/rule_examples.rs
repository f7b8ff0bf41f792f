//! Every built-in rule's own examples, run through the real scanner: each
//! positive must give at least one finding of that rule, each negative none.
//! All failures are collected and reported together; `SHIPCHECK_RULE=<text>`
//! limits the run to rule ids containing the text.

use crate::catalog::secrets::fake;
use crate::finding::Context;
use crate::scan::{ScanInput, ScanOptions, Scanner};

fn scan_example(scanner: &Scanner, text: &str) -> crate::scan::ScanReport {
    let input =
        ScanInput::new("example", text.as_bytes().to_vec()).with_context(Some(Context::Unknown));
    let options = ScanOptions {
        explain: true,
        cors: false,
        ..ScanOptions::default()
    };
    scanner.scan_with(vec![input], options)
}

#[test]
fn every_built_in_rule_passes_its_examples() {
    let scanner = Scanner::built_in();
    let filter = std::env::var("SHIPCHECK_RULE").unwrap_or_default();
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in scanner.rules().rules() {
        if !rule.id.contains(&filter) {
            continue;
        }
        for (positive, examples) in [
            (true, &rule.examples.positive),
            (false, &rule.examples.negative),
        ] {
            for template in examples.iter() {
                checked += 1;
                let text = fake::expand(template, &rule.id).expect("checked at load");
                let report = scan_example(&scanner, &text);
                let hits = report.findings.iter().filter(|f| f.rule == rule.id).count();
                if positive && hits == 0 {
                    let why: Vec<String> = report
                        .dropped
                        .iter()
                        .filter(|d| d.rule == rule.id)
                        .map(|d| d.reason.clone())
                        .collect();
                    failures.push(format!(
                        "{} ({}): positive not found: {template:?}{}",
                        rule.id,
                        rule.file,
                        if why.is_empty() {
                            " (the regex did not match)".to_string()
                        } else {
                            format!(" (dropped: {})", why.join("; "))
                        }
                    ));
                }
                if !positive && hits > 0 {
                    failures.push(format!(
                        "{} ({}): negative reported: {template:?}",
                        rule.id, rule.file
                    ));
                }
            }
        }
    }
    assert!(checked > 0, "no rule matched the filter {filter:?}");
    assert!(
        failures.is_empty(),
        "{} of {checked} examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
