//! Messages between the page and the scan worker.
//!
//! The page sends a JS object (so that dropped `File`s travel by structured clone
//! without being copied or read on the main thread):
//! `{type: "scan", id, now, inputs: [{name, file} | {name, text}], cors_hint?}` and
//! `{type: "cancel", id}`. The worker answers with the JSON of [`FromWorker`].
//! Plain serde types: tested natively, shared by `src/worker.rs` and the UI.

use serde::{Deserialize, Serialize};

use crate::engine::scan::ScanReport;

/// Bytes a worker step scans before it reports progress and checks for a cancel.
pub const STEP_BYTES: usize = 512 * 1024;

/// Files larger than this are refused before reading, with a message: the browser
/// would run out of memory long before the scan finished.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// What the worker is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Copying the dropped files into the worker.
    Reading,
    /// Running the scanners.
    Scanning,
}

/// A message from the worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum FromWorker {
    /// The worker's wasm is loaded and its rules compiled.
    Ready {
        rules: usize,
    },
    Progress {
        id: u32,
        phase: Phase,
        bytes_done: u64,
        bytes_total: u64,
        files_done: usize,
        files_total: usize,
        findings: usize,
        file: String,
    },
    Done {
        id: u32,
        report: Box<ScanReport>,
    },
    Cancelled {
        id: u32,
    },
    Failed {
        id: u32,
        message: String,
    },
}

impl FromWorker {
    /// Parses a worker message; `None` for anything that is not one (never panics).
    pub fn parse(text: &str) -> Option<FromWorker> {
        serde_json::from_str(text).ok()
    }

    /// The JSON sent over `postMessage`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            format!(
                "{{\"type\":\"failed\",\"id\":0,\"message\":{:?}}}",
                e.to_string()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scan::{ScanInput, Scanner};

    #[test]
    fn messages_round_trip_through_json() {
        let report = Scanner::built_in().scan(vec![ScanInput::new(
            ".env",
            "STRIPE_SECRET_KEY=sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW\n",
        )]);
        assert_eq!(report.findings.len(), 1);
        for msg in [
            FromWorker::Ready { rules: 3 },
            FromWorker::Progress {
                id: 7,
                phase: Phase::Scanning,
                bytes_done: 10,
                bytes_total: 20,
                files_done: 0,
                files_total: 1,
                findings: 0,
                file: "a.js".into(),
            },
            FromWorker::Done {
                id: 7,
                report: Box::new(report),
            },
            FromWorker::Cancelled { id: 7 },
            FromWorker::Failed {
                id: 7,
                message: "x".into(),
            },
        ] {
            let json = msg.to_json();
            assert_eq!(FromWorker::parse(&json), Some(msg), "{json}");
        }
    }

    #[test]
    fn the_secret_never_travels_to_the_page() {
        let secret = "sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW";
        let report =
            Scanner::built_in().scan(vec![ScanInput::new("bundle.js", format!("k=\"{secret}\""))]);
        let json = FromWorker::Done {
            id: 1,
            report: Box::new(report),
        }
        .to_json();
        assert!(json.contains("stripe-secret-key"), "{json}");
        assert!(
            !json.contains(&secret[8..]),
            "the unmasked value reached the message: {json}"
        );
    }

    #[test]
    fn garbage_is_not_a_message() {
        for text in [
            "",
            "{}",
            "null",
            "{\"type\":\"done\"}",
            "\u{0}\u{1}",
            "{\"type\":\"ready\",\"rules\":-1}",
        ] {
            assert_eq!(FromWorker::parse(text), None, "{text:?}");
        }
    }
}
