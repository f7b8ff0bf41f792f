//! Messages between the page and the scan worker, typed on both sides and defined
//! only here.
//!
//! The page posts a two-element array: the JSON of a [`ToWorker`], and the dropped
//! `File`s that message refers to by index (they travel by structured clone, so the
//! main thread never reads or copies their bytes). The worker answers with the JSON
//! of a [`FromWorker`]. Both enums are externally tagged (`{"done": {…}}`, `"ready"`):
//! serde reads the tag first and the payload straight into its type, never buffering
//! a large scan report on the page's thread (an internally or adjacently tagged enum
//! would, and costs the page's wasm serde's buffering code).
//!
//! Two kinds of job share the worker: a **scan** of pasted text and files (the /scan
//! page), and a **project** (a whole folder or its zip dropped on / or /checklist:
//! read, detected, scanned and answered from its code; see [`ProjectResult`]). Both
//! report [`FromWorker::Progress`] and end with one message; their ids never overlap
//! (project ids start at [`PROJECT_IDS`]).

use serde::{Deserialize, Serialize};

use shipcheck_engine::project::evidence::Evidence;
use shipcheck_engine::project::stack::StackItem;
use shipcheck_engine::project::tree::Skipped;
use shipcheck_engine::project::{Measured, Project};
use shipcheck_engine::scan::paste::PasteKind;
use shipcheck_engine::scan::{Progress, ScanInput, ScanReport};

/// The first id of a project job: scan ids count up from 1, project ids from here, so
/// a message of one kind of job can never be taken for the other's.
pub const PROJECT_IDS: u32 = 1 << 31;

/// Bytes a worker step scans before it reports progress and checks for a cancel.
pub const STEP_BYTES: usize = 512 * 1024;

/// Files larger than this are refused before reading, with a message: the browser
/// would run out of memory long before the scan finished.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// A message from the page to the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToWorker {
    /// Scan these inputs; `now` (seconds since the epoch) tells expired tokens.
    Scan {
        id: u32,
        now: Option<i64>,
        inputs: Vec<Input>,
    },
    /// Read these files as one project (a dropped folder), or the one file as the
    /// project's zip when its bytes are a zip archive; then detect, scan and answer.
    Project {
        id: u32,
        now: Option<i64>,
        inputs: Vec<Input>,
    },
    /// Stop job `id` (a scan or a project) at its next step.
    Cancel { id: u32 },
}

/// One input of a scan request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Input {
    /// Text pasted into the page, with what the founder said it is (a
    /// [`PasteKind`] id).
    Paste { paste_kind: String, text: String },
    /// A dropped or picked file: the `index`-th `File` sent with the message, shown
    /// and scanned under `name` (its folder path for a dropped folder).
    File { name: String, index: u32, size: u64 },
}

impl Input {
    /// The bytes this input will take to read (for progress).
    pub fn size(&self) -> u64 {
        match self {
            Input::Paste { text, .. } => text.len() as u64,
            Input::File { size, .. } => *size,
        }
    }

    /// The scan input for a paste; `None` for a file, whose bytes the worker reads.
    pub fn paste_input(&self) -> Option<ScanInput> {
        match self {
            Input::Paste { paste_kind, text } => Some(PasteKind::from_id(paste_kind).input(text)),
            Input::File { .. } => None,
        }
    }
}

impl ToWorker {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses a page message; `None` for anything that is not one (never panics).
    pub fn parse(text: &str) -> Option<ToWorker> {
        serde_json::from_str(text).ok()
    }
}

/// What the worker is doing. A scan reads then scans; a project goes through all
/// four, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Copying the dropped files into the worker (for a zip: inflating it).
    Reading,
    /// Reading the manifests, the stack, the code and its endpoints.
    Detecting,
    /// Running the scanners.
    Scanning,
    /// Answering the checklist from the code and the findings.
    Assessing,
}

impl Phase {
    /// The stages of a project job, in order.
    pub const PROJECT: [Phase; 4] = [
        Phase::Reading,
        Phase::Detecting,
        Phase::Scanning,
        Phase::Assessing,
    ];

    /// The stage as the page names it.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Reading => "Reading",
            Phase::Detecting => "Detecting",
            Phase::Scanning => "Scanning",
            Phase::Assessing => "Assessing",
        }
    }
}

/// What the worker sends back about a project: everything the page shows and the
/// assessment needs, nothing of the files themselves (no file content, secrets only
/// masked, as in every finding). The page keeps it in memory for the session; it is
/// never saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectResult {
    pub files_read: usize,
    pub bytes_read: u64,
    /// What was not read, and why.
    pub skipped: Vec<Skipped>,
    /// What the app is built with, each with the files that show it.
    pub stack: Vec<StackItem>,
    /// The checklist questions the code answers, with citations.
    pub evidence: Vec<Evidence>,
    /// What was measured for the estimate.
    pub measured: Measured,
    /// The secret and CORS scan of the project's files.
    pub scan: ScanReport,
}

impl ProjectResult {
    /// The result for a project read and scanned: the same evidence and
    /// measurements as `shipcheck check` (`report::check::run`) gives.
    pub fn new(project: &Project, scan: ScanReport) -> ProjectResult {
        ProjectResult {
            files_read: project.tree.files().len(),
            bytes_read: project.tree.bytes(),
            skipped: project.tree.skipped().to_vec(),
            stack: project.stack.items.clone(),
            evidence: project.evidence(&scan.findings),
            measured: project.measured(),
            scan,
        }
    }
}

/// A message from the worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FromWorker {
    /// The worker's wasm is loaded: it will need no network from now on.
    Ready,
    /// How far scan `id` is: the engine's own [`Progress`], and the phase.
    Progress {
        id: u32,
        phase: Phase,
        progress: Progress,
    },
    Done {
        id: u32,
        report: Box<ScanReport>,
        /// The worker's wasm memory at the end: it never shrinks, so this is its peak.
        memory_bytes: u64,
    },
    /// Project `id` is read, scanned and answered.
    Project {
        id: u32,
        result: Box<ProjectResult>,
        /// The worker's wasm memory at the end (its peak).
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

impl FromWorker {
    /// Parses a worker message; `None` for anything that is not one (never panics).
    pub fn parse(text: &str) -> Option<FromWorker> {
        serde_json::from_str(text).ok()
    }

    /// The JSON sent over `postMessage`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            format!(
                "{{\"failed\":{{\"id\":0,\"message\":{:?}}}}}",
                e.to_string()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipcheck_engine::finding::Context;
    use shipcheck_engine::scan::Scanner;

    const KEY_LINE: &str =
        "STRIPE_SECRET_KEY=sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW\n";

    fn progress() -> Progress {
        Progress {
            bytes_done: 10,
            bytes_total: 20,
            files_done: 0,
            files_total: 1,
            findings_so_far: 0,
            current_file: "a.js".into(),
        }
    }

    #[test]
    fn messages_round_trip_through_json() {
        let report = Scanner::built_in().scan(vec![ScanInput::new(".env", KEY_LINE)]);
        assert_eq!(report.findings.len(), 1);
        for msg in [
            FromWorker::Ready,
            FromWorker::Progress {
                id: 7,
                phase: Phase::Scanning,
                progress: progress(),
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
        for msg in [
            ToWorker::Scan {
                id: 3,
                now: Some(1_800_000_000),
                inputs: vec![
                    Input::Paste {
                        paste_kind: "env".into(),
                        text: KEY_LINE.into(),
                    },
                    Input::File {
                        name: "app/dist/index.js".into(),
                        index: 0,
                        size: 1234,
                    },
                ],
            },
            ToWorker::Cancel { id: 3 },
        ] {
            let json = msg.to_json();
            assert_eq!(ToWorker::parse(&json), Some(msg), "{json}");
        }
    }

    #[test]
    fn a_paste_is_scanned_in_the_context_its_kind_names() {
        let input = Input::Paste {
            paste_kind: "bundle".into(),
            text: KEY_LINE.into(),
        };
        let scan = input.paste_input().unwrap();
        assert_eq!(scan.context_hint, Some(Context::ClientBundle));
        assert_eq!(input.size(), KEY_LINE.len() as u64);
        let file = Input::File {
            name: "a.js".into(),
            index: 0,
            size: 9,
        };
        assert!(file.paste_input().is_none());
        assert_eq!(file.size(), 9);
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
    fn garbage_is_not_a_message() {
        for text in [
            "",
            "{}",
            "null",
            "{\"done\":null}",
            "{\"done\":{\"id\":1}}",
            "{\"progress\":{\"id\":1}}",
            "{\"ready\":{},\"done\":{}}",
            "\u{0}\u{1}",
            "{\"type\":\"readyy\"}",
        ] {
            assert_eq!(FromWorker::parse(text), None, "{text:?}");
            assert_eq!(ToWorker::parse(text), None, "{text:?}");
        }
    }
}
