//! The analyzer end to end on small inputs: every example and safe example of
//! `rules/access.toml`, and the behaviours the classes rest on.

use super::*;
use crate::finding::Severity;

fn describe(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{}:{}@{}:{}", f.rule, f.severity.as_str(), f.file, f.line))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every vulnerable example in access.toml is flagged with its class and severity,
/// and no safe example is flagged with its class.
#[test]
fn every_class_example_is_flagged_and_every_safe_one_is_not() {
    let classes = &catalog::catalog().class;
    assert_eq!(classes.len(), catalog::CLASS_IDS.len());
    let mut failures = Vec::new();
    for class in classes {
        let rule = format!("access-{}", class.id);
        for (i, ex) in class.example.iter().enumerate() {
            let mut inputs = vec![(ex.name.as_str(), ex.text.as_str())];
            inputs.extend(ex.with.iter().map(|w| (w.name.as_str(), w.text.as_str())));
            let findings = analyze(&inputs, None);
            let want = ex.severity.as_deref().unwrap_or("");
            if !findings
                .iter()
                .any(|f| f.rule == rule && f.severity.as_str() == want)
            {
                failures.push(format!(
                    "{rule} example {i}: want {want}, got [{}]",
                    describe(&findings)
                ));
            }
        }
        for (i, ex) in class.safe.iter().enumerate() {
            let mut inputs = vec![(ex.name.as_str(), ex.text.as_str())];
            inputs.extend(ex.with.iter().map(|w| (w.name.as_str(), w.text.as_str())));
            let findings = analyze(&inputs, None);
            if findings.iter().any(|f| f.rule == rule) {
                failures.push(format!(
                    "{rule} safe {i}: flagged [{}]",
                    describe(&findings)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_variant_is_reachable_from_the_catalog_text() {
    for class in &catalog::catalog().class {
        for v in &class.variant {
            let r = catalog::resolve(&class.id, Some(&v.id));
            assert_eq!(r.title, v.title);
            assert!(Severity::parse(&v.severity).is_some());
        }
    }
}
