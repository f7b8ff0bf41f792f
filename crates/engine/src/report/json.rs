//! The JSON export: one document per scan, stable for scripts and CI, and the one
//! reader of it (`shipcheck assess --findings`).
//!
//! ```text
//! {
//!   "schema": "shipcheck-scan/1",
//!   "findings": [ … ],          // most severe first; each in the wire shape of
//!                               // crate::finding::wire (one flat object)
//!   "skipped": [ {"file", "reason"} ],
//!   "files": [ {"name", "bytes", "context", "status", "encoding"?, "note"?, "reason"?, "findings", "placeholders"?, "placeholder_values"?, "dropped"?} ],
//!   "dropped": [ {"rule", "file", "line", "column", "masked", "reason"} ],   // with --explain
//!   "stats": {"files", "files_scanned", "files_skipped", "bytes", "rules", "findings",
//!             "by_severity", "by_verdict", "dropped"}
//! }
//! ```
//! Optional fields are omitted when empty. Fields are only ever added, never
//! renamed, within one `schema` version.

use serde::{Deserialize, Serialize};

use crate::finding::wire::from_json;
use crate::finding::{Finding, WireError, SCAN_SCHEMA};
use crate::scan::{DroppedCandidate, FileReport, ScanReport, ScanStats};

/// The schema id written into every export.
pub const SCHEMA: &str = SCAN_SCHEMA;

/// The scan export as a document: what `shipcheck scan --format json` writes and
/// `shipcheck assess --findings` reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanDocument {
    pub schema: String,
    pub findings: Vec<Finding>,
    /// The files that were not scanned, and why (also in `files`, for scripts that
    /// only want this list).
    #[serde(default)]
    pub skipped: Vec<Skipped>,
    pub files: Vec<FileReport>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<DroppedCandidate>,
    pub stats: ScanStats,
}

/// A file that was not scanned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

impl ScanDocument {
    /// The export of a report.
    pub fn of(report: &ScanReport) -> ScanDocument {
        ScanDocument {
            schema: SCHEMA.into(),
            findings: report.findings.clone(),
            skipped: report
                .files
                .iter()
                .filter_map(|f| {
                    f.status.skip_reason().map(|reason| Skipped {
                        file: f.name.clone(),
                        reason: reason.into(),
                    })
                })
                .collect(),
            files: report.files.clone(),
            dropped: report.dropped.clone(),
            stats: report.stats.clone(),
        }
    }
}

/// The report as pretty-printed JSON (with a trailing newline).
pub fn render(report: &ScanReport) -> String {
    let mut out =
        serde_json::to_string_pretty(&ScanDocument::of(report)).expect("the export is plain data");
    out.push('\n');
    out
}

/// Reads a scan export. Refuses anything else — another schema, an unknown field, a
/// finding missing what its category carries — naming the field, so that findings
/// are never silently read as none.
///
/// # Example
/// ```
/// use shipcheck_engine::{report::json, scan::{ScanInput, Scanner}};
/// let report = Scanner::built_in().scan(vec![ScanInput::new("notes.txt", "hello")]);
/// let doc = json::read(&json::render(&report)).unwrap();
/// assert_eq!(doc.findings, report.findings);
/// let e = json::read(r#"[{"rule": "x"}]"#).unwrap_err();
/// assert!(e.to_string().contains("not a shipcheck scan report"));
/// ```
pub fn read(text: &str) -> Result<ScanDocument, WireError> {
    let top: serde_json::Value = from_json(text)?;
    let schema = top.get("schema").and_then(|s| s.as_str());
    if schema != Some(SCHEMA) {
        let found = match schema {
            Some(s) => format!("its \"schema\" is {s:?}"),
            None => "it has no \"schema\"".into(),
        };
        return Err(WireError {
            path: String::new(),
            message: format!(
                "not a shipcheck scan report: {found}, expected {SCHEMA:?} (write one with `shipcheck scan --format json`)"
            ),
        });
    }
    from_json(text)
}
