//! Exports of scan findings: [`json`], [`sarif`] 2.1.0, [`markdown`] and the
//! command line's [`text`]. Every format shows secrets masked, never whole: the
//! exports only ever see [`ScanReport`](crate::scan::ScanReport), which
//! holds no secret.
//!
//! # Example
//! ```
//! use shipcheck_engine::{report, scan::{ScanInput, Scanner}};
//! let r = Scanner::built_in().scan(vec![ScanInput::new("notes.txt", "hello")]);
//! let json: serde_json::Value = serde_json::from_str(&report::json::render(&r)).unwrap();
//! assert_eq!(json["stats"]["findings"], 0);
//! let sarif: serde_json::Value = serde_json::from_str(&report::sarif::render(&r)).unwrap();
//! assert_eq!(sarif["version"], "2.1.0");
//! ```

pub mod baseline;
pub mod check;
pub mod handover;
pub mod json;
pub mod markdown;
pub mod origin;
pub mod sarif;
pub mod text;

use crate::finding::{Finding, Severity};

/// "1 finding" / "3 findings".
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The one-line summary all formats share: "3 findings: 1 critical, 2 info".
pub fn summary_line(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "No findings.".to_string();
    }
    let parts: Vec<String> = Severity::ALL_DESC
        .iter()
        .filter_map(|s| {
            let n = findings.iter().filter(|f| f.severity == *s).count();
            (n > 0).then(|| format!("{n} {}", s.as_str()))
        })
        .collect();
    format!(
        "{}: {}.",
        plural(findings.len(), "finding"),
        parts.join(", ")
    )
}
