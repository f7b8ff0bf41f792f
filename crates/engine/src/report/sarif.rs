//! SARIF 2.1.0, the format code-scanning tools (GitHub code scanning among
//! them) load: one run, the rules that fired, one result per finding with its
//! location, a `partialFingerprints` entry that survives line moves, and the
//! `security-severity` property GitHub uses to rank security results.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::finding::{Finding, Severity};
use crate::scan::ScanReport;

/// Where the SARIF schema lives (written into `$schema`).
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF `level` of a severity.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` (0.0–10.0; ≥ 9.0 is shown as critical).
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

/// A file name as a relative URI reference: forward slashes, no leading `./`,
/// spaces and `%` percent-encoded.
fn uri(file: &str) -> String {
    let path = file.replace('\\', "/");
    let path = path.trim_start_matches("./");
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            _ => out.push(c),
        }
    }
    if out.is_empty() || out == "-" {
        "stdin".to_string()
    } else {
        out
    }
}

fn rule_entry(f: &Finding, severity: Severity) -> Value {
    let (help, tag) = match &f.secret {
        Some(s) => (s.remediation.as_str(), "secret"),
        None => (f.fix.as_str(), f.category.as_str()),
    };
    let description = f.why.split(" Found ").next().unwrap_or(&f.why);
    json!({
        "id": f.rule,
        "name": f.rule,
        "shortDescription": { "text": f.title },
        "fullDescription": { "text": description },
        "help": { "text": help },
        "defaultConfiguration": { "level": level(severity) },
        "properties": {
            "tags": ["security", tag],
            "security-severity": security_severity(severity),
        },
    })
}

fn result(f: &Finding, rule_index: usize) -> Value {
    let mut region = json!({ "startLine": f.line, "startColumn": f.column });
    let mut message = format!("{}: {}", f.title, f.why);
    let mut properties = json!({ "severity": f.severity.as_str(), "context": f.context.as_str() });
    let mut fingerprints = serde_json::Map::new();
    if let Some(s) = &f.secret {
        region["byteOffset"] = json!(s.start);
        region["byteLength"] = json!(s.end.saturating_sub(s.start));
        message = format!(
            "{} ({}, {}): {}",
            f.title,
            s.masked,
            s.verdict.as_str(),
            f.why
        );
        properties["verdict"] = json!(s.verdict.as_str());
        properties["masked"] = json!(s.masked);
        fingerprints.insert("secretFingerprint/v2".into(), json!(s.fingerprint));
    }
    let mut out = json!({
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&f.file) },
                "region": region,
            }
        }],
        "properties": properties,
    });
    if !fingerprints.is_empty() {
        out["partialFingerprints"] = Value::Object(fingerprints);
    }
    if let Some(o) = &f.origin {
        out["relatedLocations"] = json!([{
            "id": 1,
            "message": { "text": "original source, from the source map's sourcesContent" },
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&o.source) },
                "region": { "startLine": o.line, "startColumn": o.column },
            }
        }]);
    }
    out
}

/// The report as a SARIF 2.1.0 log (pretty-printed, trailing newline).
pub fn render(report: &ScanReport) -> String {
    // The rules that fired, by id; a rule's level is its most severe finding.
    let mut rules: BTreeMap<&str, (&Finding, Severity)> = BTreeMap::new();
    for f in &report.findings {
        let entry = rules.entry(&f.rule).or_insert((f, f.severity));
        entry.1 = entry.1.max(f.severity);
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, id)| (*id, i)).collect();
    let rule_entries: Vec<Value> = rules.values().map(|(f, s)| rule_entry(f, *s)).collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| result(f, index[f.rule.as_str()]))
        .collect();
    let notifications: Vec<Value> = report
        .files
        .iter()
        .filter_map(|f| {
            f.status.skip_reason().map(|reason| {
                json!({
                    "level": "note",
                    "message": { "text": format!("{} was not scanned: {reason}", f.name) },
                })
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "shipcheck",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_entries,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&log).expect("plain data");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references() {
        assert_eq!(uri("./dist/app.js"), "dist/app.js");
        assert_eq!(uri("web\\my file#1.js"), "web/my%20file%231.js");
        assert_eq!(uri("-"), "stdin");
    }
}
