//! The scan's state: what the founder pasted and dropped, the running scan, and the
//! report of every scan so far (scans add up: a new one joins the earlier files, a
//! file scanned again replaces its results). Kept at the app level so a scan keeps running (and its findings keep
//! feeding the risk score) while the founder looks at other pages. Never saved:
//! file contents, pasted text and findings live only as long as the tab.

use std::rc::Rc;

use yew::prelude::*;

use crate::protocol::{FromWorker, Phase, MAX_FILE_BYTES};
use shipcheck_engine::finding::Finding;
use shipcheck_engine::report::baseline::Baseline;
use shipcheck_engine::scan::paste::PasteKind;
use shipcheck_engine::scan::{Progress, Rescan, ScanReport};

/// A file the founder dropped or picked. The `File` itself stays in the browser-side
/// registry (`ui::files`); the state holds what the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickedFile {
    pub id: u32,
    /// The name, with its folder path when a folder was dropped.
    pub name: String,
    pub size: u64,
}

impl PickedFile {
    /// Too large to read into a browser tab: refused before the scan, with this reason.
    pub fn refusal(&self) -> Option<String> {
        (self.size > MAX_FILE_BYTES).then(|| {
            format!(
                "{} is larger than {} MB: too large to scan in a browser tab. Use the shipcheck command line for it.",
                human_bytes(self.size),
                MAX_FILE_BYTES / (1024 * 1024)
            )
        })
    }
}

/// Where the current or last scan is.
#[derive(Debug, Clone, PartialEq)]
pub enum Run {
    Idle,
    Running(Running),
    Cancelling(Running),
    Cancelled,
    Failed(String),
    Done,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Running {
    pub id: u32,
    pub started_ms: f64,
    pub phase: Phase,
    /// The engine's progress, as the worker reported it.
    pub progress: Progress,
    /// Milliseconds from the start to the first progress report that had a finding.
    pub first_finding_ms: Option<f64>,
    /// The picked files this scan reads: once it is done they leave the list of
    /// files to scan and show among the files scanned.
    pub file_ids: Vec<u32>,
}

impl Running {
    /// Progress as a fraction in `0..=1` (0 when the total is unknown).
    pub fn fraction(&self) -> f64 {
        let p = &self.progress;
        if p.bytes_total == 0 {
            0.0
        } else {
            (p.bytes_done as f64 / p.bytes_total as f64).clamp(0.0, 1.0)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScanState {
    pub paste: String,
    pub paste_kind: PasteKind,
    pub files: Vec<PickedFile>,
    pub run: Run,
    /// What every page shows and counts (/scan, the risk score, /report and its
    /// exports): every scan so far, merged ([`ScanReport::merge`]), without the
    /// findings the baseline holds ([`Baseline::apply`], which also counts them in
    /// the report's summary). Kept in step with `scanned` and `baseline` by the reducer.
    pub report: Option<Rc<ScanReport>>,
    /// Every scan so far, merged, before the baseline.
    scanned: Option<Rc<ScanReport>>,
    /// A previous scan's export whose findings are not shown again, if one is loaded.
    pub baseline: Option<Rc<Baseline>>,
    /// How many findings of `scanned` the baseline holds back.
    pub held_back: usize,
    /// What the last scan changed in files scanned before (before / after).
    pub rescan: Option<Rc<Rescan>>,
    /// How long the last finished scan took, in milliseconds.
    pub last_elapsed_ms: Option<f64>,
    /// The worker's memory after the last scan (its peak), in bytes.
    pub last_memory_bytes: Option<u64>,
    /// Milliseconds from the start of the last scan to its first finding.
    pub last_first_finding_ms: Option<f64>,
    next_id: u32,
}

impl Default for ScanState {
    fn default() -> Self {
        ScanState {
            paste: String::new(),
            paste_kind: PasteKind::Auto,
            files: Vec::new(),
            run: Run::Idle,
            report: None,
            scanned: None,
            baseline: None,
            held_back: 0,
            rescan: None,
            last_elapsed_ms: None,
            last_memory_bytes: None,
            last_first_finding_ms: None,
            next_id: 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ScanAction {
    SetPaste(String),
    SetPasteKind(PasteKind),
    /// Files picked or dropped, under the ids the registry gave their `File`s.
    AddFiles(Vec<PickedFile>),
    RemoveFile(u32),
    ClearFiles,
    /// A scan request was sent to the worker at `started_ms`.
    Started {
        id: u32,
        started_ms: f64,
        bytes_total: u64,
        files_total: usize,
        file_ids: Vec<u32>,
    },
    CancelRequested,
    /// A message from the worker, with the time it arrived.
    Worker {
        msg: Box<FromWorker>,
        now_ms: f64,
    },
    /// Forget one scanned file and its findings.
    ForgetScanned(String),
    /// Forget every scan's results (the inputs stay).
    ClearResults,
    /// Load a baseline (a previous scan's export read by the engine), or none.
    SetBaseline(Option<Rc<Baseline>>),
    /// Forget findings and inputs ("clear my data").
    Reset,
}

impl ScanState {
    /// A state holding a finished scan (the native page tests render pages with one).
    pub fn with_report(report: ScanReport) -> ScanState {
        let mut s = ScanState {
            scanned: Some(Rc::new(report)),
            run: Run::Done,
            ..ScanState::default()
        };
        s.refresh();
        s
    }

    /// Sets what every page shows from what was scanned and the baseline: the one
    /// place the baseline is applied.
    fn refresh(&mut self) {
        (self.report, self.held_back) = match (&self.scanned, &self.baseline) {
            (Some(all), Some(b)) => {
                let (shown, removed) = b.applied(all);
                (Some(Rc::new(shown)), removed)
            }
            (all, _) => (all.clone(), 0),
        };
    }

    /// The id the next scan request gets.
    pub fn next_scan_id(&self) -> u32 {
        self.next_id
    }

    pub fn is_running(&self) -> bool {
        matches!(self.run, Run::Running(_) | Run::Cancelling(_))
    }

    /// The findings of every scan so far (empty before any).
    pub fn findings(&self) -> &[Finding] {
        self.report
            .as_ref()
            .map(|r| r.findings.as_slice())
            .unwrap_or(&[])
    }

    /// Whether there is anything to scan.
    pub fn has_input(&self) -> bool {
        !self.paste.trim().is_empty() || self.files.iter().any(|f| f.refusal().is_none())
    }
}

impl Reducible for ScanState {
    type Action = ScanAction;

    fn reduce(self: Rc<Self>, action: ScanAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            ScanAction::SetPaste(text) => s.paste = text,
            ScanAction::SetPasteKind(kind) => s.paste_kind = kind,
            ScanAction::AddFiles(list) => s.files.extend(list),
            ScanAction::RemoveFile(id) => s.files.retain(|f| f.id != id),
            ScanAction::ClearFiles => s.files.clear(),
            ScanAction::Started {
                id,
                started_ms,
                bytes_total,
                files_total,
                file_ids,
            } => {
                s.next_id = s.next_id.max(id + 1);
                s.run = Run::Running(Running {
                    id,
                    started_ms,
                    phase: Phase::Reading,
                    progress: Progress {
                        bytes_done: 0,
                        bytes_total,
                        files_done: 0,
                        files_total,
                        findings_so_far: 0,
                        current_file: String::new(),
                    },
                    first_finding_ms: None,
                    file_ids,
                });
            }
            ScanAction::CancelRequested => {
                if let Run::Running(r) = &s.run {
                    s.run = Run::Cancelling(r.clone());
                }
            }
            ScanAction::Worker { msg, now_ms } => apply_worker_message(&mut s, *msg, now_ms),
            ScanAction::ForgetScanned(name) => {
                if let Some(report) = s.scanned.take() {
                    let mut report = (*report).clone();
                    report.remove_file(&name);
                    s.scanned = (!report.files.is_empty()).then(|| Rc::new(report));
                }
                // The before / after was about the last scan: a file gone, it no longer holds.
                s.rescan = None;
                s.refresh();
            }
            ScanAction::ClearResults => {
                s.scanned = None;
                s.rescan = None;
                s.refresh();
                if !s.is_running() {
                    s.run = Run::Idle;
                }
            }
            ScanAction::SetBaseline(baseline) => {
                s.baseline = baseline;
                s.refresh();
            }
            ScanAction::Reset => {
                s = ScanState {
                    next_id: s.next_id,
                    ..ScanState::default()
                }
            }
        }
        Rc::new(s)
    }
}

/// Applies a worker message to the state; messages about another scan than the
/// current one (a late answer to a cancelled scan) are ignored.
fn apply_worker_message(s: &mut ScanState, msg: FromWorker, now_ms: f64) {
    let current = match &s.run {
        Run::Running(r) | Run::Cancelling(r) => r.clone(),
        _ => return,
    };
    match msg {
        FromWorker::Progress {
            id,
            phase,
            progress,
        } if id == current.id => {
            let first_finding_ms = current
                .first_finding_ms
                .or_else(|| (progress.findings_so_far > 0).then_some(now_ms - current.started_ms));
            let next = Running {
                phase,
                progress,
                first_finding_ms,
                ..current
            };
            s.run = match s.run {
                Run::Cancelling(_) => Run::Cancelling(next),
                _ => Run::Running(next),
            };
        }
        FromWorker::Done {
            id,
            report,
            memory_bytes,
        } if id == current.id => {
            let found = !report.findings.is_empty();
            match s.scanned.take() {
                None => {
                    s.scanned = Some(Rc::new(*report));
                    s.rescan = None;
                }
                Some(earlier) => {
                    let mut all = (*earlier).clone();
                    let rescan = all.merge(*report);
                    s.scanned = Some(Rc::new(all));
                    s.rescan = (!rescan.is_empty()).then(|| Rc::new(rescan));
                }
            }
            s.refresh();
            s.files.retain(|f| !current.file_ids.contains(&f.id));
            s.last_memory_bytes = Some(memory_bytes);
            // A scan can finish between two progress reports: then its end is the
            // first moment its findings were known.
            s.last_first_finding_ms = current
                .first_finding_ms
                .or_else(|| found.then_some(now_ms - current.started_ms));
            s.last_elapsed_ms = Some(now_ms - current.started_ms);
            s.run = Run::Done;
        }
        FromWorker::Cancelled { id } if id == current.id => s.run = Run::Cancelled,
        FromWorker::Failed { id, message } if id == current.id => s.run = Run::Failed(message),
        _ => {}
    }
}

/// "1.2 MB", "340 KB", "12 bytes": sizes as a founder reads them (powers of 1000,
/// like file managers).
pub fn human_bytes(n: u64) -> String {
    const UNITS: [(&str, f64); 3] = [("GB", 1e9), ("MB", 1e6), ("KB", 1e3)];
    for (unit, size) in UNITS {
        if n as f64 >= size {
            let v = n as f64 / size;
            return if v >= 100.0 {
                format!("{v:.0} {unit}")
            } else {
                format!("{v:.1} {unit}")
            };
        }
    }
    if n == 1 {
        "1 byte".into()
    } else {
        format!("{n} bytes")
    }
}

/// "0.4 s", "12 s", "2 min 5 s".
pub fn human_duration(ms: f64) -> String {
    if !ms.is_finite() || ms < 0.0 {
        return "—".into();
    }
    if ms < 10_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms < 60_000.0 {
        format!("{:.0} s", ms / 1000.0)
    } else {
        let s = (ms / 1000.0).round() as u64;
        format!("{} min {} s", s / 60, s % 60)
    }
}

/// The scan-state handle pages get from context.
pub type ScanHandle = UseReducerHandle<ScanState>;

#[cfg(test)]
mod tests {
    use super::*;
    use shipcheck_engine::scan::{ScanInput, Scanner};

    fn reduce(s: ScanState, a: ScanAction) -> ScanState {
        (*Rc::new(s).reduce(a)).clone()
    }

    fn files(list: &[(&str, u64)]) -> ScanAction {
        ScanAction::AddFiles(
            list.iter()
                .enumerate()
                .map(|(i, (name, size))| PickedFile {
                    id: i as u32 + 1,
                    name: name.to_string(),
                    size: *size,
                })
                .collect(),
        )
    }

    fn progress(id: u32, done: u64, findings: usize) -> ScanAction {
        ScanAction::Worker {
            msg: Box::new(FromWorker::Progress {
                id,
                phase: Phase::Scanning,
                progress: Progress {
                    bytes_done: done,
                    bytes_total: 100,
                    files_done: 0,
                    files_total: 1,
                    findings_so_far: findings,
                    current_file: "a.js".into(),
                },
            }),
            now_ms: 1500.0,
        }
    }

    #[test]
    fn a_scan_runs_reports_progress_and_finishes_with_its_report() {
        let s = reduce(ScanState::default(), files(&[("a.js", 100)]));
        assert_eq!(s.files[0].id, 1);
        let id = s.next_scan_id();
        let s = reduce(
            s,
            ScanAction::Started {
                id,
                started_ms: 1000.0,
                bytes_total: 100,
                files_total: 1,
                file_ids: vec![1],
            },
        );
        assert!(s.is_running());
        let s = reduce(s, progress(id, 50, 0));
        let s = reduce(s, progress(id, 80, 2));
        match &s.run {
            Run::Running(r) => {
                assert_eq!(r.fraction(), 0.8);
                assert_eq!(r.first_finding_ms, Some(500.0));
            }
            other => panic!("{other:?}"),
        }
        let report = Scanner::built_in().scan(vec![ScanInput::new("x.env", "A=1\n")]);
        let s = reduce(
            s,
            ScanAction::Worker {
                msg: Box::new(FromWorker::Done {
                    id,
                    report: Box::new(report),
                    memory_bytes: 5 << 20,
                }),
                now_ms: 3000.0,
            },
        );
        assert_eq!(s.run, Run::Done);
        assert!(s.files.is_empty(), "a scanned file leaves the list to scan");
        assert_eq!(s.last_elapsed_ms, Some(2000.0));
        assert_eq!(s.last_memory_bytes, Some(5 << 20));
        assert!(s.report.is_some());
    }

    /// Runs one scan of `inputs` to its end.
    fn scan(s: ScanState, inputs: Vec<ScanInput>) -> ScanState {
        let id = s.next_scan_id();
        let s = reduce(
            s,
            ScanAction::Started {
                id,
                started_ms: 0.0,
                bytes_total: 1,
                files_total: inputs.len(),
                file_ids: vec![],
            },
        );
        let report = Scanner::built_in().scan(inputs);
        reduce(
            s,
            ScanAction::Worker {
                msg: Box::new(FromWorker::Done {
                    id,
                    report: Box::new(report),
                    memory_bytes: 0,
                }),
                now_ms: 1.0,
            },
        )
    }

    #[test]
    fn scans_add_up_a_rescan_says_what_is_gone_and_files_can_be_forgotten() {
        let key = "sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW";
        let s = scan(
            ScanState::default(),
            vec![ScanInput::new(".env", format!("STRIPE_SECRET_KEY={key}\n"))],
        );
        let s = scan(
            s,
            vec![ScanInput::new(
                "server.js",
                "app.use(cors({ origin: true, credentials: true }));\n",
            )],
        );
        let files: Vec<&str> = s.findings().iter().map(|f| f.file.as_str()).collect();
        assert!(
            files.contains(&".env") && files.contains(&"server.js"),
            "{files:?}"
        );
        assert!(s.rescan.is_none(), "a new file is not a re-scan");
        let s = scan(s, vec![ScanInput::new(".env", "STRIPE_SECRET_KEY=\n")]);
        let rescan = s.rescan.clone().expect("the .env was scanned again");
        assert_eq!(rescan.gone.len(), 1);
        assert!(s.findings().iter().all(|f| f.file == "server.js"));
        let s = reduce(s, ScanAction::ForgetScanned("server.js".into()));
        assert!(s.findings().is_empty() && s.rescan.is_none());
        assert_eq!(s.report.as_ref().map(|r| r.files.len()), Some(1));
        let s = reduce(s, ScanAction::ForgetScanned(".env".into()));
        assert!(s.report.is_none(), "no file left: no scan");
        let s = scan(s, vec![ScanInput::new("a.env", "A=1\n")]);
        let s = reduce(s, ScanAction::ClearResults);
        assert!(s.report.is_none() && s.run == Run::Idle);
    }

    #[test]
    fn a_baseline_hides_what_it_holds_from_every_later_scan_until_cleared() {
        let key = "sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW";
        let env = format!("STRIPE_SECRET_KEY={key}\n");
        let cors = "app.use(cors({ origin: true, credentials: true }));\n";
        let old = Scanner::built_in().scan(vec![ScanInput::new(".env", env.as_str())]);
        let baseline = Baseline::read(&shipcheck_engine::report::json::render(&old)).unwrap();
        let s = scan(
            ScanState::default(),
            vec![ScanInput::new(".env", env.as_str())],
        );
        let all = s.findings().len();
        assert!(all >= 1);
        let s = reduce(s, ScanAction::SetBaseline(Some(Rc::new(baseline))));
        // (what every page reads: findings, the summary's count, the number held back)
        let seen = |s: &ScanState| {
            let r = s.report.as_ref().unwrap();
            (r.findings.len(), r.stats.baselined, s.held_back)
        };
        assert_eq!(seen(&s), (0, all, all));
        // A later scan adds a finding the baseline does not hold: only it shows.
        let s = scan(s, vec![ScanInput::new("server.js", cors)]);
        assert_eq!(seen(&s), (1, all, all));
        assert_eq!(s.findings()[0].file, "server.js");
        let s = reduce(s, ScanAction::ForgetScanned("server.js".into()));
        assert_eq!(seen(&s), (0, all, all));
        let s = reduce(s, ScanAction::SetBaseline(None));
        assert_eq!(seen(&s), (all, 0, 0));
        let s = reduce(s, ScanAction::Reset);
        assert!(s.baseline.is_none() && s.report.is_none());
    }

    #[test]
    fn messages_for_another_scan_are_ignored() {
        let s = reduce(
            ScanState::default(),
            ScanAction::Started {
                id: 5,
                started_ms: 0.0,
                bytes_total: 1,
                files_total: 1,
                file_ids: vec![],
            },
        );
        let s2 = reduce(s.clone(), progress(4, 1, 1));
        assert_eq!(s2, s, "a late message from scan 4 must not touch scan 5");
        let s3 = reduce(
            s.clone(),
            ScanAction::Worker {
                msg: Box::new(FromWorker::Cancelled { id: 4 }),
                now_ms: 1.0,
            },
        );
        assert!(s3.is_running());
    }

    #[test]
    fn cancel_waits_for_the_worker_then_stops() {
        let s = reduce(
            ScanState::default(),
            ScanAction::Started {
                id: 1,
                started_ms: 0.0,
                bytes_total: 1,
                files_total: 1,
                file_ids: vec![],
            },
        );
        let s = reduce(s, ScanAction::CancelRequested);
        assert!(matches!(s.run, Run::Cancelling(_)) && s.is_running());
        let s = reduce(s, progress(1, 1, 0));
        assert!(
            matches!(s.run, Run::Cancelling(_)),
            "progress does not undo the cancel request"
        );
        let s = reduce(
            s,
            ScanAction::Worker {
                msg: Box::new(FromWorker::Cancelled { id: 1 }),
                now_ms: 1.0,
            },
        );
        assert_eq!(s.run, Run::Cancelled);
        assert!(s.report.is_none());
    }

    #[test]
    fn oversized_files_are_refused_with_a_reason_and_do_not_count_as_input() {
        let s = reduce(
            ScanState::default(),
            files(&[("huge.js", MAX_FILE_BYTES + 1)]),
        );
        assert!(s.files[0].refusal().unwrap().contains("too large"));
        assert!(!s.has_input());
        let s = reduce(s, ScanAction::SetPaste("  \n ".into()));
        assert!(!s.has_input(), "whitespace is not input");
        let s = reduce(s, ScanAction::SetPaste("KEY=1".into()));
        assert!(s.has_input());
    }

    #[test]
    fn reset_forgets_inputs_and_findings_but_not_the_scan_counter() {
        let s = reduce(ScanState::default(), files(&[("a", 1), ("b", 2)]));
        let s = reduce(
            s,
            ScanAction::Started {
                id: 4,
                started_ms: 0.0,
                bytes_total: 3,
                files_total: 2,
                file_ids: vec![1, 2],
            },
        );
        let s = reduce(s, ScanAction::SetPaste("x".into()));
        let s = reduce(s, ScanAction::Reset);
        assert!(s.files.is_empty() && s.paste.is_empty() && s.report.is_none());
        assert_eq!(
            s.next_scan_id(),
            5,
            "scan ids are never reused, so a late message cannot match"
        );
    }

    #[test]
    fn sizes_and_durations_read_naturally() {
        assert_eq!(human_bytes(1), "1 byte");
        assert_eq!(human_bytes(999), "999 bytes");
        assert_eq!(human_bytes(1_500), "1.5 KB");
        assert_eq!(human_bytes(10_000_000), "10.0 MB");
        assert_eq!(human_bytes(104_857_600), "105 MB");
        assert_eq!(human_duration(420.0), "0.4 s");
        assert_eq!(human_duration(12_400.0), "12 s");
        assert_eq!(human_duration(125_000.0), "2 min 5 s");
        assert_eq!(human_duration(f64::NAN), "—");
    }
}
