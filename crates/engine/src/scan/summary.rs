//! What a scan returns: findings, what happened to each file, the candidates
//! that were dropped (with `explain`), and counts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::finding::{Context, Finding, Severity, SourceOrigin};
use crate::scan::input::Encoding;

/// The result of a scan job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    /// Secret and CORS findings, sorted with [`sort_findings`](crate::finding::sort_findings).
    pub findings: Vec<Finding>,
    /// One entry per input, in input order.
    pub files: Vec<FileReport>,
    /// Candidates that were not reported, and why (only when
    /// [`ScanOptions::explain`](crate::scan::ScanOptions::explain) is set;
    /// at most [`MAX_DROPPED`] are kept, `stats.dropped` counts them all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<DroppedCandidate>,
    pub stats: ScanStats,
    /// What the database access analysis read and who can do what, when any
    /// input was for it (its findings are in `findings`, category `access`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<crate::scan::access::AccessSummary>,
}

/// At most this many dropped candidates are kept for `--explain`.
pub const MAX_DROPPED: usize = 10_000;

/// What happened to one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub name: String,
    pub bytes: usize,
    pub context: Context,
    #[serde(flatten)]
    pub status: FileStatus,
    pub findings: usize,
}

/// Whether a file was scanned, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum FileStatus {
    Scanned {
        encoding: Encoding,
        /// Anything the reader should know: invalid UTF-8 decoded lossily, a
        /// UTF-16 file, a source map's sources.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Skipped {
        reason: String,
    },
    Empty,
}

impl FileStatus {
    /// The reason a file was not scanned, if it was not.
    pub fn skip_reason(&self) -> Option<&str> {
        match self {
            FileStatus::Skipped { reason } => Some(reason),
            FileStatus::Empty => Some("empty"),
            FileStatus::Scanned { .. } => None,
        }
    }
}

/// A rule match that is not a finding, with the reason (for `--explain`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroppedCandidate {
    pub rule: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<SourceOrigin>,
    /// Masked like findings: the value never appears.
    pub masked: String,
    pub reason: String,
}

/// Counts over a whole scan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanStats {
    pub files: usize,
    pub files_scanned: usize,
    pub files_skipped: usize,
    pub bytes: u64,
    pub rules: usize,
    pub findings: usize,
    /// Findings per severity name (`critical`...`info`), every severity present.
    pub by_severity: BTreeMap<String, usize>,
    /// Secret findings per verdict (`secret`, `public`, `test`).
    pub by_verdict: BTreeMap<String, usize>,
    /// Candidates dropped (placeholders, noise, allowlists, ignores...).
    pub dropped: usize,
}

impl ScanStats {
    pub(crate) fn count(
        findings: &[Finding],
        files: &[FileReport],
        rules: usize,
        dropped: usize,
    ) -> ScanStats {
        let mut by_severity: BTreeMap<String, usize> = Severity::ALL_DESC
            .iter()
            .map(|s| (s.as_str().to_string(), 0))
            .collect();
        let mut by_verdict: BTreeMap<String, usize> = BTreeMap::new();
        for f in findings {
            *by_severity
                .entry(f.severity.as_str().to_string())
                .or_default() += 1;
            if let Some(v) = f.verdict() {
                *by_verdict.entry(v.as_str().to_string()).or_default() += 1;
            }
        }
        let skipped = files
            .iter()
            .filter(|f| f.status.skip_reason().is_some())
            .count();
        ScanStats {
            files: files.len(),
            files_scanned: files.len() - skipped,
            files_skipped: skipped,
            bytes: files.iter().map(|f| f.bytes as u64).sum(),
            rules,
            findings: findings.len(),
            by_severity,
            by_verdict,
            dropped,
        }
    }
}
