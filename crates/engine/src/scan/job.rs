//! The scanner and its incremental job.
//!
//! The web app runs a scan inside a Web Worker that must report progress and
//! honour a cancel between steps, so a scan is a [`ScanJob`] advanced by
//! [`ScanJob::step`] with a byte budget; [`Scanner::scan`] simply runs a job to
//! the end. There is no clock in here (the engine also runs on
//! `wasm32-unknown-unknown`): callers time it, and pass the current time in
//! [`ScanOptions::now`] for JWT expiry.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::catalog::secrets::{Allowlist, RuleSet};
use crate::finding::{sort_findings, Context, Finding, SourceOrigin};
use crate::scan::access::{self, AccessJob};
use crate::scan::allow;
use crate::scan::collect::{Placeholders, Sink, UnitCollector};
use crate::scan::cors;
use crate::scan::position::LineCursor;
use crate::scan::secrets::judge::Judge;
use crate::scan::secrets::matcher::{Carry, Prefilter, RawMatch};
use crate::scan::summary::{DroppedCandidate, FileReport, ScanReport, ScanStats};
use crate::scan::unit::{prepare, Prepared};

/// Compiled rules plus their keyword automaton: build once, reuse for every
/// scan (cloning is cheap).
#[derive(Debug, Clone)]
pub struct Scanner {
    inner: Arc<Compiled>,
}

#[derive(Debug)]
struct Compiled {
    rules: RuleSet,
    prefilter: Prefilter,
}

/// One file (or paste) to scan. Its `Debug` shows the name and size, never
/// the bytes (which hold the secrets).
#[derive(Clone, PartialEq, Eq)]
pub struct ScanInput {
    /// File name or path (decides the context); anything for a paste.
    pub name: String,
    pub bytes: Vec<u8>,
    /// Overrides the context told from the name and content.
    pub context_hint: Option<Context>,
    /// A CORS format id ([`crate::scan::cors::ALL_FORMATS`]) that overrides the
    /// analyzer's detection for this input (a paste of response headers, say).
    pub format_hint: Option<String>,
}

impl std::fmt::Debug for ScanInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScanInput")
            .field("name", &self.name)
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .field("context_hint", &self.context_hint)
            .field("format_hint", &self.format_hint)
            .finish()
    }
}

impl ScanInput {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> ScanInput {
        ScanInput {
            name: name.into(),
            bytes: bytes.into(),
            context_hint: None,
            format_hint: None,
        }
    }

    /// The same input, read in `context` whatever its name says (`None`: from the
    /// name and content).
    pub fn with_context(mut self, context: Option<Context>) -> ScanInput {
        self.context_hint = context;
        self
    }

    /// The same input, read by the CORS analyzer as `format`.
    pub fn with_format(mut self, format: Option<&str>) -> ScanInput {
        self.format_hint = format.map(str::to_owned);
        self
    }
}

/// Per-scan settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanOptions {
    /// Seconds since the Unix epoch, to tell expired JWTs; `None`: unknown.
    pub now: Option<i64>,
    /// Keep dropped candidates with their reasons in the report.
    pub explain: bool,
    /// Fingerprints ([`SecretDetail::fingerprint`](crate::scan::secrets::SecretDetail)) not to report.
    pub ignore_fingerprints: BTreeSet<String>,
    /// Run the CORS analyzer on every text file.
    pub cors: bool,
    /// Run the database access analyzer (migrations, dumps, rules files and the
    /// front end's calls, joined across every input).
    pub access: bool,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            now: None,
            explain: false,
            ignore_fingerprints: BTreeSet::new(),
            cors: true,
            access: true,
        }
    }
}

/// What one call to [`ScanJob::step`] reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Work remains.
    Progress(Progress),
    /// Everything is scanned; call [`ScanJob::finish`].
    Done,
}

/// How far a job is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub files_done: usize,
    pub files_total: usize,
    pub findings_so_far: usize,
    /// The file being scanned.
    pub current_file: String,
}

/// The smallest slice of text a step scans, so that tiny budgets still advance.
const MIN_CHUNK: usize = 4 * 1024;

impl Scanner {
    /// The built-in rules, compiled once per process and shared.
    pub fn built_in() -> Scanner {
        static BUILT_IN: OnceLock<Scanner> = OnceLock::new();
        BUILT_IN
            .get_or_init(|| Scanner::new(RuleSet::built_in()))
            .clone()
    }

    /// A scanner for these rules (built-in, custom, or both).
    pub fn new(rules: RuleSet) -> Scanner {
        let prefilter = Prefilter::new(rules.rules());
        Scanner {
            inner: Arc::new(Compiled { rules, prefilter }),
        }
    }

    pub fn rules(&self) -> &RuleSet {
        &self.inner.rules
    }

    /// A job over `inputs` with default options.
    pub fn job(&self, inputs: Vec<ScanInput>) -> ScanJob {
        self.job_with(inputs, ScanOptions::default())
    }

    pub fn job_with(&self, inputs: Vec<ScanInput>, options: ScanOptions) -> ScanJob {
        // The access analyzer replays SQL once every file is read: its bytes count
        // twice, so progress keeps moving through a large dump.
        let sql_bytes: u64 = if options.access {
            inputs
                .iter()
                .filter(|i| access_sql(i))
                .map(|i| i.bytes.len() as u64)
                .sum()
        } else {
            0
        };
        let bytes_total = inputs.iter().map(|i| i.bytes.len() as u64).sum::<u64>() + sql_bytes;
        ScanJob {
            scanner: self.clone(),
            options,
            files: inputs.into_iter().map(FileJob::new).collect(),
            current: 0,
            bytes_total,
            bytes_done: 0,
            findings: Vec::new(),
            dropped: Vec::new(),
            dropped_count: 0,
            reports: Vec::new(),
            access: AccessJob::new(),
            access_done: false,
            map_entries: Vec::new(),
            access_summary: None,
            allowed_lines: Vec::new(),
        }
    }

    /// Scans `inputs` in one go.
    ///
    /// # Example
    /// ```
    /// use shipcheck_engine::scan::{ScanInput, Scanner};
    /// let report = Scanner::built_in().scan(vec![ScanInput::new(".env", "PORT=3000\n")]);
    /// assert!(report.findings.is_empty());
    /// assert_eq!(report.files.len(), 1);
    /// ```
    pub fn scan(&self, inputs: Vec<ScanInput>) -> ScanReport {
        self.job(inputs).finish()
    }

    pub fn scan_with(&self, inputs: Vec<ScanInput>, options: ScanOptions) -> ScanReport {
        self.job_with(inputs, options).finish()
    }

    /// The work a first scan would otherwise pay for, to run in idle time: compiling
    /// every rule's regex (rules are compiled when their keyword is first seen,
    /// about a millisecond each in a browser), then scanning the rules' own true
    /// examples once, so that the scanning code has run and its caches are filled.
    /// Steps are small (one regex, or a few KB), so a scan that arrives waits for
    /// one step at most; scanning gives the same findings with or without it.
    ///
    /// # Example
    /// ```
    /// use shipcheck_engine::scan::Scanner;
    /// let scanner = Scanner::built_in();
    /// let mut warm = scanner.warm_up();
    /// while warm.step() {}
    /// let (done, all) = warm.compiled();
    /// assert_eq!(done, all);
    /// ```
    pub fn warm_up(&self) -> WarmUp {
        WarmUp {
            scanner: self.clone(),
            global_allowlist_done: false,
            next_rule: 0,
            job: None,
        }
    }
}

/// Work a scanner can do before its first scan, in small steps (see
/// [`Scanner::warm_up`]).
#[derive(Debug)]
pub struct WarmUp {
    scanner: Scanner,
    global_allowlist_done: bool,
    next_rule: usize,
    job: Option<ScanJob>,
}

impl WarmUp {
    /// Does one small piece of the warm-up (compiles one rule's regex, or scans
    /// a few KB of the examples); returns whether work remains.
    pub fn step(&mut self) -> bool {
        let set = self.scanner.rules();
        let rules = set.rules();
        // Built-in regexes compile (a unit test checks); a user's were compiled when
        // the file loaded. The set's own allowlist first, then each rule's regex with
        // its allowlist's.
        if !self.global_allowlist_done {
            self.global_allowlist_done = true;
            if compile_allowlist(&set.allowlist) {
                return true;
            }
        }
        while let Some(rule) = rules.get(self.next_rule) {
            self.next_rule += 1;
            let pattern = !rule.pattern.is_compiled();
            if pattern {
                let _ = rule.pattern.compiled();
            }
            if compile_allowlist(&rule.allowlist) || pattern {
                return true;
            }
        }
        let job = self.job.get_or_insert_with(|| {
            let mut text = String::new();
            for example in rules.iter().flat_map(|r| &r.examples.positive) {
                text.push_str(example);
                text.push('\n');
            }
            let options = ScanOptions {
                cors: false,
                access: false,
                ..ScanOptions::default()
            };
            self.scanner
                .job_with(vec![ScanInput::new("warm-up.txt", text)], options)
        });
        matches!(job.step(MIN_CHUNK), Step::Progress(_))
    }

    /// Rules whose regex is compiled, out of all (their allowlists are compiled in
    /// the same step).
    pub fn compiled(&self) -> (usize, usize) {
        let rules = self.scanner.rules().rules();
        let done = rules.iter().filter(|r| r.pattern.is_compiled()).count();
        (done, rules.len())
    }
}

/// Compiles the allowlist regexes not compiled yet; returns whether there were any.
fn compile_allowlist(allowlist: &Allowlist) -> bool {
    let mut any = false;
    for (re, _) in allowlist.regexes.iter().filter(|(re, _)| !re.is_compiled()) {
        let _ = re.compiled();
        any = true;
    }
    any
}

/// A scan in progress. Dropping it cancels the scan.
#[derive(Debug)]
pub struct ScanJob {
    scanner: Scanner,
    options: ScanOptions,
    files: Vec<FileJob>,
    current: usize,
    bytes_total: u64,
    /// Bytes of finished files.
    bytes_done: u64,
    findings: Vec<Finding>,
    dropped: Vec<DroppedCandidate>,
    dropped_count: usize,
    reports: Vec<FileReport>,
    /// The database access analysis, fed file by file and run at the end.
    access: AccessJob,
    access_done: bool,
    /// Source-map entries handed to the access analyzer under their original
    /// name: `(original name, map file, line, column of the entry in the map)`.
    map_entries: Vec<(String, String, u32, u32)>,
    access_summary: Option<access::AccessSummary>,
    /// The lines `shipcheck:allow` comments allow, by file and source-map source,
    /// kept for the access findings, which come once every file is read.
    allowed_lines: Vec<AllowedLines>,
}

/// The lines `shipcheck:allow` comments allow in one text: a file, or one
/// original source of a source map.
#[derive(Debug)]
struct AllowedLines {
    file: String,
    origin: Option<String>,
    lines: BTreeSet<u32>,
}

impl AllowedLines {
    /// Whether `f` is on an allowed line: its original source's line when it has
    /// one, else its line in the file.
    fn allow(all: &[AllowedLines], f: &Finding) -> bool {
        let (origin, line) = match &f.origin {
            Some(o) => (Some(o.source.as_str()), o.line),
            None => (None, f.line),
        };
        all.iter()
            .any(|a| a.file == f.file && a.origin.as_deref() == origin && a.lines.contains(&line))
    }
}

/// Whether an input is SQL the access analyzer will replay.
fn access_sql(input: &ScanInput) -> bool {
    let head = &input.bytes[..input.bytes.len().min(64 * 1024)];
    access::input::detect(&input.name, &String::from_utf8_lossy(head))
        == Some(access::input::Kind::Sql)
}

#[derive(Debug)]
struct FileJob {
    input: ScanInput,
    prepared: Option<Prepared>,
    unit: usize,
    pos: usize,
    collector: UnitCollector,
    raw_cursor: LineCursor,
    cors_done: bool,
    findings_before: usize,
    dropped_before: usize,
    placeholders: Placeholders,
    /// The keyword matcher's state from one chunk of the current text to the next.
    carry: Carry,
}

impl FileJob {
    fn new(input: ScanInput) -> FileJob {
        FileJob {
            input,
            prepared: None,
            unit: 0,
            pos: 0,
            collector: UnitCollector::default(),
            raw_cursor: LineCursor::default(),
            cors_done: false,
            findings_before: 0,
            dropped_before: 0,
            placeholders: Placeholders::default(),
            carry: Carry::default(),
        }
    }
}

impl ScanJob {
    /// Does about `budget` bytes of scanning (at least a few KB, and a file's
    /// preparation or CORS analysis in one piece), then returns.
    pub fn step(&mut self, budget: usize) -> Step {
        let budget = budget.max(1);
        let mut spent = 0usize;
        while self.current < self.files.len() {
            if spent >= budget {
                return Step::Progress(self.progress());
            }
            spent += self.advance(budget - spent);
        }
        if !self.access_done {
            if spent >= budget {
                return Step::Progress(self.progress());
            }
            if self.options.access && !self.access.step(budget - spent, self.options.now) {
                return Step::Progress(self.progress());
            }
            self.access_findings();
        }
        Step::Done
    }

    /// Takes the access analysis's findings: a front-end call found in a
    /// source-map entry points at the entry in the `.map`, naming the original
    /// source, like every other finding there.
    fn access_findings(&mut self) {
        self.access_done = true;
        if !self.options.access || self.access.is_empty() {
            return;
        }
        let report = std::mem::take(&mut self.access).finish(self.options.now);
        for mut f in report.findings {
            if let Some((source, map, line, column)) =
                self.map_entries.iter().find(|e| e.0 == f.file)
            {
                f.origin = Some(SourceOrigin {
                    source: source.clone(),
                    line: f.line,
                    column: f.column,
                });
                f.file = map.clone();
                f.line = *line;
                f.column = *column;
            }
            let allowed = AllowedLines::allow(&self.allowed_lines, &f);
            if let Some(r) = self.reports.iter_mut().find(|r| r.name == f.file) {
                if allowed {
                    r.allowed += 1;
                } else {
                    r.findings += 1;
                }
            }
            if !allowed {
                self.findings.push(f);
            }
        }
        self.access_summary = Some(access::AccessSummary {
            exposure: report.exposure,
            coverage: report.coverage,
        });
    }

    /// Runs the job to the end and returns the report.
    pub fn finish(mut self) -> ScanReport {
        while let Step::Progress(_) = self.step(usize::MAX) {}
        let mut findings = self.findings;
        sort_findings(&mut findings);
        let stats = ScanStats::count(
            &findings,
            &self.reports,
            self.scanner.rules().len(),
            self.dropped_count,
        );
        ScanReport {
            findings,
            files: self.reports,
            dropped: self.dropped,
            stats,
            access: self.access_summary,
        }
    }

    pub fn progress(&self) -> Progress {
        if self.current >= self.files.len() {
            // Every file is read: the access analyzer replays the SQL, then judges.
            let done = self.bytes_done + self.access.sql_done() as u64;
            return Progress {
                bytes_done: done.min(self.bytes_total),
                bytes_total: self.bytes_total,
                files_done: self.files.len(),
                files_total: self.files.len(),
                findings_so_far: self.findings.len(),
                current_file: if self.access_done {
                    String::new()
                } else {
                    "database access rules".into()
                },
            };
        }
        let file = self.files.get(self.current);
        let partial = file.map_or(0, |f| {
            let in_units: usize = f.prepared.as_ref().map_or(0, |p| {
                p.units[..f.unit.min(p.units.len())]
                    .iter()
                    .map(|u| u.text(&f.input.bytes).len())
                    .sum::<usize>()
                    + f.pos
            });
            in_units.min(f.input.bytes.len()) as u64
        });
        Progress {
            bytes_done: self.bytes_done + partial,
            bytes_total: self.bytes_total,
            files_done: self.current,
            files_total: self.files.len(),
            findings_so_far: self.findings.len() + file.map_or(0, |f| f.collector.accepted()),
            current_file: file.map(|f| f.input.name.clone()).unwrap_or_default(),
        }
    }

    /// One piece of work on the current file; returns the bytes it cost.
    fn advance(&mut self, allowance: usize) -> usize {
        let file = &self.files[self.current];
        match &file.prepared {
            None => self.prepare_current(),
            Some(p) if file.unit < p.units.len() => self.scan_current(allowance),
            Some(_) if !file.cors_done => self.cors_current(),
            Some(_) => self.finish_current(),
        }
    }

    /// Classifies and decodes the current file (a source map is parsed here,
    /// in one piece: its cost is its size).
    fn prepare_current(&mut self) -> usize {
        let file = &mut self.files[self.current];
        let p = prepare(&file.input.name, &file.input.bytes, file.input.context_hint);
        let cost = if p.units.iter().any(|u| u.origin.is_some()) {
            file.input.bytes.len()
        } else {
            MIN_CHUNK
        };
        file.findings_before = self.findings.len();
        file.dropped_before = self.dropped_count;
        file.prepared = Some(p);
        cost
    }

    /// Scans the next chunk of the current unit; at its end, turns what the
    /// unit collected into findings.
    fn scan_current(&mut self, allowance: usize) -> usize {
        let compiled = &self.scanner.inner;
        let file = &mut self.files[self.current];
        let prepared = file.prepared.as_ref().expect("prepared");
        let unit = &prepared.units[file.unit];
        let raw = &file.input.bytes;
        let text = unit.text(raw);
        let end = text.len().min(file.pos + allowance.max(MIN_CHUNK));
        let mut matches: Vec<RawMatch> = Vec::new();
        compiled.prefilter.find(
            compiled.rules.rules(),
            text,
            file.pos..end,
            &mut file.carry,
            &mut matches,
        );
        let judge = Judge {
            context: prepared.context,
            file: &file.input.name,
            now: self.options.now,
            global: &compiled.rules.allowlist,
        };
        let explain = self.options.explain;
        file.collector
            .add(&judge, compiled.rules.rules(), text, &matches, explain);
        let cost = end - file.pos;
        file.pos = end;
        if file.pos >= text.len() {
            let collector = std::mem::take(&mut file.collector);
            let mut sink = Sink {
                rules: compiled.rules.rules(),
                file: &file.input.name,
                raw,
                context: prepared.context,
                ignore: &self.options.ignore_fingerprints,
                explain,
                findings: &mut self.findings,
                dropped: &mut self.dropped,
                dropped_count: &mut self.dropped_count,
                raw_cursor: &mut file.raw_cursor,
                placeholders: &mut file.placeholders,
            };
            collector.finish(unit, &mut sink);
            file.unit += 1;
            file.pos = 0;
        }
        cost.max(1)
    }

    /// Runs the CORS analyzer once per text of the current file; findings in a
    /// source-map entry point at the entry in the `.map` and name the original
    /// source.
    fn cors_current(&mut self) -> usize {
        if self.options.access {
            self.access_current();
        }
        let file = &mut self.files[self.current];
        file.cors_done = true;
        if !self.options.cors {
            return 1;
        }
        let prepared = file.prepared.as_ref().expect("prepared");
        let raw = &file.input.bytes;
        let mut cost = 0;
        for unit in &prepared.units {
            let text = unit.text(raw);
            cost += text.len();
            let hint = file.input.format_hint.as_deref();
            for mut f in run_cors(&file.input.name, unit.origin.as_deref(), text, hint) {
                if let Some(source) = &unit.origin {
                    let (line, column) = file.raw_cursor.locate(raw, unit.file_offset(raw, 0));
                    f.origin = Some(SourceOrigin {
                        source: source.clone(),
                        line: f.line,
                        column: f.column,
                    });
                    f.file = file.input.name.clone();
                    f.line = line;
                    f.column = column;
                }
                self.findings.push(f);
            }
        }
        cost.max(1)
    }

    /// Hands the current file's texts to the access analyzer (it keeps the SQL and
    /// rules it reads, and only the calls of front-end code).
    fn access_current(&mut self) {
        let ScanJob {
            files,
            current,
            access,
            map_entries,
            ..
        } = self;
        let file = &mut files[*current];
        let Some(prepared) = file.prepared.as_ref() else {
            return;
        };
        let raw = &file.input.bytes;
        for unit in &prepared.units {
            let text = String::from_utf8_lossy(unit.text(raw));
            match &unit.origin {
                Some(source) => {
                    let (line, column) = file.raw_cursor.locate(raw, unit.file_offset(raw, 0));
                    map_entries.push((source.clone(), file.input.name.clone(), line, column));
                    access.add_client(source, &text);
                }
                None => {
                    access.add(&file.input.name, &text);
                }
            }
        }
    }

    /// Records the current file's report, frees its bytes, moves on. Findings on
    /// lines a `shipcheck:allow` comment allows are dropped here, whichever
    /// analyzer found them.
    fn finish_current(&mut self) -> usize {
        let file = &mut self.files[self.current];
        let prepared = file.prepared.take().expect("prepared");
        let here: Vec<AllowedLines> = prepared
            .units
            .iter()
            .map(|u| AllowedLines {
                file: file.input.name.clone(),
                origin: u.origin.clone(),
                lines: allow::allowed_lines(u.text(&file.input.bytes)),
            })
            .filter(|a| !a.lines.is_empty())
            .collect();
        let mut allowed = 0;
        if !here.is_empty() {
            let mut kept = self.findings.split_off(file.findings_before);
            kept.retain(|f| {
                let allow = AllowedLines::allow(&here, f);
                allowed += usize::from(allow);
                !allow
            });
            self.findings.extend(kept);
            self.allowed_lines.extend(here);
        }
        self.bytes_done += file.input.bytes.len() as u64;
        self.reports.push(FileReport {
            name: file.input.name.clone(),
            bytes: file.input.bytes.len(),
            context: prepared.context,
            status: prepared.status,
            findings: self.findings.len() - file.findings_before,
            placeholders: file.placeholders.count,
            placeholder_values: std::mem::take(&mut file.placeholders.masked),
            dropped: self.dropped_count - file.dropped_before,
            allowed,
            baselined: 0,
        });
        // Free the file's memory as soon as it is done.
        file.input.bytes = Vec::new();
        self.current += 1;
        1
    }
}

/// Calls the CORS analyzer on one text (for a source-map entry, under the
/// original source's name, which is what tells its format).
fn run_cors(file: &str, origin: Option<&str>, text: &[u8], hint: Option<&str>) -> Vec<Finding> {
    let text = String::from_utf8_lossy(text);
    cors::analyze(origin.unwrap_or(file), &text, hint)
}
