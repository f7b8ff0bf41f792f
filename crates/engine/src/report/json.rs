//! The JSON export: a stable, flat shape for scripts and CI.
//!
//! ```text
//! {
//!   "schema": "shipcheck-scan/1",
//!   "findings": [ {                      // most severe first
//!     "rule", "category" ("secret"|"cors"|"access"), "severity" ("critical"…"info"),
//!     "verdict" ("secret"|"public"|"test"; secrets only),
//!     "title", "why", "fix",
//!     "file", "line", "column" (1-based, column in characters),
//!     "start", "end" (byte offsets of the secret in the file; secrets only),
//!     "context" ("client-bundle"|"server-env"|"source-code"|"config"|"unknown"),
//!     "location" (the context in words; secrets only),
//!     "masked", "fingerprint", "provider", "entropy" (secrets only),
//!     "rotate_url", "note", "public_env_name", "jwt" {role, iss, ref, sub, exp, expired, alg},
//!     "origin" {source, line, column} (source maps), "cors" {...} (CORS only),
//!     "access" {exposure, object, source, who, operations, fixed_snippet, variant?,
//!               cites? {file, line}, note?} (database access only)
//!   } ],
//!   "skipped": [ {"file", "reason"} ],
//!   "files": [ {"name", "bytes", "context", "status", "encoding"?, "note"?, "reason"?, "findings"} ],
//!   "dropped": [ {"rule", "file", "line", "column", "masked", "reason"} ],   // with --explain
//!   "stats": {"files", "files_scanned", "files_skipped", "bytes", "rules", "findings",
//!             "by_severity", "by_verdict", "dropped"}
//! }
//! ```
//! Optional fields are omitted when empty. Fields are only ever added, never
//! renamed, within one `schema` version.

use serde::Serialize;

use crate::finding::{Category, Context, Finding, Severity, SourceOrigin, Verdict};
use crate::scan::access::AccessDetail;
use crate::scan::cors::CorsDetail;
use crate::scan::jwt::JwtClaims;
use crate::scan::{DroppedCandidate, FileReport, ScanReport, ScanStats};

/// The schema id written into every export.
pub const SCHEMA: &str = "shipcheck-scan/1";

#[derive(Serialize)]
struct Export<'a> {
    schema: &'static str,
    findings: Vec<JsonFinding<'a>>,
    skipped: Vec<Skipped<'a>>,
    files: &'a [FileReport],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    dropped: &'a [DroppedCandidate],
    stats: &'a ScanStats,
}

#[derive(Serialize)]
struct Skipped<'a> {
    file: &'a str,
    reason: &'a str,
}

/// One finding, flattened: the common fields and the secret detail side by side.
#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    category: Category,
    severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<Verdict>,
    title: &'a str,
    why: &'a str,
    fix: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<usize>,
    context: Context,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    masked: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fingerprint: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entropy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rotate_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_env_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    jwt: Option<&'a JwtClaims>,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<&'a SourceOrigin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cors: Option<&'a CorsDetail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    access: Option<&'a AccessDetail>,
}

fn flatten(f: &Finding) -> JsonFinding<'_> {
    let s = f.secret.as_ref();
    JsonFinding {
        rule: &f.rule,
        category: f.category,
        severity: f.severity,
        verdict: s.map(|s| s.verdict),
        title: &f.title,
        why: &f.why,
        fix: &f.fix,
        file: &f.file,
        line: f.line,
        column: f.column,
        start: s.map(|s| s.start),
        end: s.map(|s| s.end),
        context: f.context,
        location: s.map(|s| s.location.as_str()),
        masked: s.map(|s| s.masked.as_str()),
        fingerprint: s.map(|s| s.fingerprint.as_str()),
        provider: s.map(|s| s.provider.as_str()),
        entropy: s.map(|s| s.entropy),
        rotate_url: s.and_then(|s| s.rotate_url.as_deref()),
        note: s.and_then(|s| s.note.as_deref()),
        public_env_name: s.and_then(|s| s.public_env_name.as_deref()),
        jwt: s.and_then(|s| s.jwt.as_ref()),
        origin: f.origin.as_ref(),
        cors: f.cors.as_ref(),
        access: f.access.as_ref(),
    }
}

/// The report as pretty-printed JSON (with a trailing newline).
pub fn render(report: &ScanReport) -> String {
    let export = Export {
        schema: SCHEMA,
        findings: report.findings.iter().map(flatten).collect(),
        skipped: report
            .files
            .iter()
            .filter_map(|f| {
                f.status.skip_reason().map(|reason| Skipped {
                    file: &f.name,
                    reason,
                })
            })
            .collect(),
        files: &report.files,
        dropped: &report.dropped,
        stats: &report.stats,
    };
    let mut out = serde_json::to_string_pretty(&export).expect("the export is plain data");
    out.push('\n');
    out
}
