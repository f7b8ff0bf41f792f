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
#[serde(tag = "type", rename_all = "kebab-case", try_from = "WireMessage")]
pub enum FromWorker {
    /// The worker's wasm is loaded: it will need no network from now on.
    Ready,
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
        /// The worker's wasm memory at the end: it never shrinks, so this is its peak.
        #[serde(default)]
        memory_bytes: u64,
    },
    Cancelled {
        id: u32,
    },
    Failed {
        id: u32,
        message: String,
    },
}

/// Every [`FromWorker`] message as one flat struct, read in a single pass. Deriving
/// `Deserialize` for the internally tagged enum instead would make serde buffer each
/// message, the whole scan report included, in an intermediate tree before reading
/// it: twice the work on the page's main thread, and ~30 KB more wasm (README, "Size
/// budget"). The JSON is the same either way; `Serialize` still comes from the enum.
#[derive(Deserialize)]
struct WireMessage {
    #[serde(rename = "type")]
    kind: WireKind,
    id: Option<u32>,
    phase: Option<Phase>,
    bytes_done: Option<u64>,
    bytes_total: Option<u64>,
    files_done: Option<usize>,
    files_total: Option<usize>,
    findings: Option<usize>,
    file: Option<String>,
    report: Option<Box<ScanReport>>,
    #[serde(default)]
    memory_bytes: u64,
    message: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum WireKind {
    Ready,
    Progress,
    Done,
    Cancelled,
    Failed,
}

impl TryFrom<WireMessage> for FromWorker {
    type Error = &'static str;

    fn try_from(w: WireMessage) -> Result<FromWorker, &'static str> {
        let missing = "a field this message type needs is missing";
        Ok(match w.kind {
            WireKind::Ready => FromWorker::Ready,
            WireKind::Progress => FromWorker::Progress {
                id: w.id.ok_or(missing)?,
                phase: w.phase.ok_or(missing)?,
                bytes_done: w.bytes_done.ok_or(missing)?,
                bytes_total: w.bytes_total.ok_or(missing)?,
                files_done: w.files_done.ok_or(missing)?,
                files_total: w.files_total.ok_or(missing)?,
                findings: w.findings.ok_or(missing)?,
                file: w.file.ok_or(missing)?,
            },
            WireKind::Done => FromWorker::Done {
                id: w.id.ok_or(missing)?,
                report: w.report.ok_or(missing)?,
                memory_bytes: w.memory_bytes,
            },
            WireKind::Cancelled => FromWorker::Cancelled {
                id: w.id.ok_or(missing)?,
            },
            WireKind::Failed => FromWorker::Failed {
                id: w.id.ok_or(missing)?,
                message: w.message.ok_or(missing)?,
            },
        })
    }
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
            FromWorker::Ready,
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
                memory_bytes: 1 << 20,
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
            memory_bytes: 0,
        }
        .to_json();
        assert!(json.contains("stripe-secret-key"), "{json}");
        assert!(
            !json.contains(&secret[8..]),
            "the unmasked value reached the message: {json}"
        );
    }

    #[test]
    fn the_wire_format_is_the_tagged_enum() {
        // The page reads with a flat struct (WireMessage), the worker writes with the
        // enum's derived Serialize: the two must agree on every variant's JSON.
        let done = FromWorker::Done {
            id: 3,
            report: Box::new(Scanner::built_in().scan(vec![])),
            memory_bytes: 5,
        };
        let json: serde_json::Value = serde_json::from_str(&done.to_json()).unwrap();
        assert_eq!(json["type"], "done");
        assert_eq!(json["id"], 3);
        assert!(json["report"].is_object(), "{json}");
        // The tag may come anywhere, and a message may leave out memory_bytes.
        assert_eq!(
            FromWorker::parse("{\"id\":3,\"message\":\"no\",\"type\":\"failed\"}"),
            Some(FromWorker::Failed {
                id: 3,
                message: "no".into()
            })
        );
        let without_memory = done.to_json().replace(",\"memory_bytes\":5", "");
        assert_ne!(without_memory, done.to_json());
        let Some(FromWorker::Done { memory_bytes, .. }) = FromWorker::parse(&without_memory) else {
            panic!("{without_memory}");
        };
        assert_eq!(memory_bytes, 0);
        // A field of another message type is ignored; a missing one is refused.
        assert_eq!(
            FromWorker::parse("{\"type\":\"cancelled\",\"id\":1,\"file\":\"a.js\"}"),
            Some(FromWorker::Cancelled { id: 1 })
        );
        assert_eq!(FromWorker::parse("{\"type\":\"progress\",\"id\":1}"), None);
        assert_eq!(FromWorker::parse("{\"type\":\"failed\",\"id\":1}"), None);
    }

    #[test]
    fn garbage_is_not_a_message() {
        for text in [
            "",
            "{}",
            "null",
            "{\"type\":\"done\"}",
            "\u{0}\u{1}",
            "{\"type\":\"readyy\"}",
        ] {
            assert_eq!(FromWorker::parse(text), None, "{text:?}");
        }
    }
}
