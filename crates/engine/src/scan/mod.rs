//! Scanners for pasted or dropped files: leaked secrets and CORS
//! misconfigurations.
//!
//! [`Scanner`] holds the compiled rules; a [`ScanJob`] scans a list of
//! [`ScanInput`]s in bounded [`ScanJob::step`]s (the web worker reports progress
//! and can cancel between them) and returns a [`ScanReport`].
//!
//! # Example
//! ```
//! use shipcheck_engine::scan::{ScanInput, Scanner, Step};
//! let scanner = Scanner::built_in();
//! let mut job = scanner.job(vec![ScanInput::new("notes.txt", "nothing to see")]);
//! while let Step::Progress(p) = job.step(1 << 20) {
//!     assert!(p.bytes_done <= p.bytes_total);
//! }
//! let report = job.finish();
//! assert!(report.findings.is_empty());
//! ```

pub mod access;
pub mod allow;
pub mod context;
pub mod cors;
pub mod date;
pub mod entropy;
/// Fingerprints live with the finding they name; kept reachable here.
pub use crate::finding::fingerprint;
pub mod fix;
pub mod input;
pub mod json;
pub mod jwt;
pub mod paste;
pub mod position;
pub mod redact;
pub mod secrets;
pub mod skip;
pub mod sourcemap;

mod collect;
mod job;
mod summary;
mod unit;

pub use job::{Progress, ScanInput, ScanJob, ScanOptions, Scanner, Step, WarmUp};
pub use summary::{
    Coverage, DroppedCandidate, FileReport, FileStatus, Gone, Rescan, ScanReport, ScanStats, Tone,
    MAX_DROPPED,
};
