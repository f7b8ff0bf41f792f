//! Messages between the page and the scan worker.
//!
//! The page sends a JS object (so that dropped `File`s travel by structured clone
//! without being copied or read on the main thread):
//! `{type: "scan", id, now, inputs: [{name, file} | {name, text}], cors_hint?}` and
//! `{type: "cancel", id}`. The worker answers with the JSON of [`FromWorker`].
//! Plain serde types: tested natively, shared by `src/worker.rs` and the UI.

use serde::{Deserialize, Serialize};

use shipcheck_engine::scan::ScanReport;

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
/// `Deserialize` for the internally tagged enum instead makes serde buffer each
/// message, the whole scan report included, in an intermediate tree before reading
/// it: more work on the page's main thread, and 10 KB more gzipped wasm (README,
/// "Size budget"). The JSON is the same; `Serialize` still comes from the enum. One
/// difference no worker message shows: a field that belongs to another message type
/// is ignored only if it has that field's type.
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
    use shipcheck_engine::scan::{ScanInput, Scanner};

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

    /// What serde derives for the enum's JSON (`tag = "type"`): the reference the
    /// page's flat reader is checked and timed against.
    #[derive(Deserialize)]
    #[serde(tag = "type", rename_all = "kebab-case")]
    enum Tagged {
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

    impl From<Tagged> for FromWorker {
        fn from(t: Tagged) -> FromWorker {
            match t {
                Tagged::Ready => FromWorker::Ready,
                Tagged::Progress {
                    id,
                    phase,
                    bytes_done,
                    bytes_total,
                    files_done,
                    files_total,
                    findings,
                    file,
                } => FromWorker::Progress {
                    id,
                    phase,
                    bytes_done,
                    bytes_total,
                    files_done,
                    files_total,
                    findings,
                    file,
                },
                Tagged::Done {
                    id,
                    report,
                    memory_bytes,
                } => FromWorker::Done {
                    id,
                    report,
                    memory_bytes,
                },
                Tagged::Cancelled { id } => FromWorker::Cancelled { id },
                Tagged::Failed { id, message } => FromWorker::Failed { id, message },
            }
        }
    }

    fn read_tagged(text: &str) -> Option<FromWorker> {
        serde_json::from_str::<Tagged>(text)
            .ok()
            .map(FromWorker::from)
    }

    /// A finished scan with `findings` copies of one Stripe finding.
    fn done_with(findings: usize) -> FromWorker {
        let mut report = Scanner::built_in().scan(vec![ScanInput::new(
            ".env",
            "STRIPE_SECRET_KEY=sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW\n",
        )]);
        let one = report.findings[0].clone();
        report.findings = vec![one; findings];
        FromWorker::Done {
            id: 3,
            report: Box::new(report),
            memory_bytes: 5,
        }
    }

    #[test]
    fn the_flat_reader_reads_what_the_tagged_enum_reads() {
        let done = done_with(2).to_json();
        let json: serde_json::Value = serde_json::from_str(&done).unwrap();
        assert_eq!(
            (json["type"].as_str(), json["id"].as_u64()),
            (Some("done"), Some(3))
        );
        let without_memory = done.replace(",\"memory_bytes\":5", "");
        assert_ne!(without_memory, done);
        let texts = [
            done,
            without_memory,
            FromWorker::Ready.to_json(),
            // The tag may come anywhere.
            "{\"id\":3,\"message\":\"no\",\"type\":\"failed\"}".into(),
            // A field of another message type is ignored...
            "{\"type\":\"cancelled\",\"id\":1,\"file\":\"a.js\"}".into(),
            // ...a missing one is refused.
            "{\"type\":\"progress\",\"id\":1}".into(),
            "{\"type\":\"failed\",\"id\":1}".into(),
            "{\"type\":\"done\",\"id\":1}".into(),
            "{\"type\":\"readyy\"}".into(),
            "{\"id\":1}".into(),
            "{}".into(),
        ];
        for text in texts {
            let flat = FromWorker::parse(&text);
            assert_eq!(flat, read_tagged(&text), "{text}");
        }
        assert!(FromWorker::parse("{\"type\":\"cancelled\",\"id\":1}").is_some());
    }

    /// Not a pass/fail test: how long the page takes to read a finished scan with
    /// many findings, flat reader against serde's buffering tagged enum. Runs the two
    /// in turn and keeps each one's fastest run: the build machine is shared.
    /// `cargo test --release --lib measure_message_parsing -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn measure_message_parsing() {
        use std::time::{Duration, Instant};
        let json = done_with(10_000).to_json();
        let time = |read: &dyn Fn(&str) -> Option<FromWorker>| {
            let t = Instant::now();
            assert!(std::hint::black_box(read(&json)).is_some());
            t.elapsed()
        };
        let (mut flat, mut tagged) = (Duration::MAX, Duration::MAX);
        for _ in 0..30 {
            flat = flat.min(time(&FromWorker::parse));
            tagged = tagged.min(time(&read_tagged));
        }
        println!(
            "10,000 findings, {} bytes of JSON, fastest of 30: flat struct {flat:?}, tagged enum {tagged:?}",
            json.len()
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
            "{\"type\":\"readyy\"}",
        ] {
            assert_eq!(FromWorker::parse(text), None, "{text:?}");
        }
    }
}
