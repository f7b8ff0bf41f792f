//! `shipcheck scan`: reads files, directories or stdin, runs the engine's
//! scanner (the same one the web app runs in its worker) and prints a report.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use shipcheck_engine::catalog::secrets::{gitleaks, RuleSet};
use shipcheck_engine::finding::{Context, Finding, Severity, Verdict};
use shipcheck_engine::report;
use shipcheck_engine::report::baseline::Baseline;
use shipcheck_engine::scan::{self, ScanInput, ScanOptions, Scanner};

pub const USAGE: &str = "\
shipcheck scan — find leaked secrets, CORS mistakes and open database rules in files

Usage:
  shipcheck scan [options] [PATH... | -]

PATH is a file or a directory; - or no PATH reads standard input. A directory
is scanned recursively, hidden files included, leaving out what its .gitignore
excludes and never entering node_modules, .git and other dependency or cache
folders (the web page skips the same ones).

Options:
  --format FORMAT     text (default), json, sarif or markdown
  --context CONTEXT   auto (default: from each file's name and content), client,
                      server, source, config or unknown
  --fail-on SEVERITY  exit 1 if any finding is at or above SEVERITY (critical,
                      high, medium, low, info) or never; default: exit 1 on any
                      secret-verdict finding of high or above
  --rules FILE        add rules from FILE: shipcheck's schema ([[rule]]) is added
                      to the built-in rules; a gitleaks config ([[rules]]) replaces
                      them unless it says [extend] useDefault = true
  --baseline FILE     a previous `shipcheck scan --format json` report: report
                      only findings not in it (same file and rule, same value
                      fingerprint; lines may move) and say how many it held back
  --ignore-file FILE  fingerprints not to report, one per line (# comments);
                      default: the .shipcheckignore at the root of each folder
                      scanned (of the current directory when no folder is)
  --explain           also list dropped candidates and why (placeholder, noise...)
  --cors-hint FORMAT  format id for the CORS analyzer (overrides its detection)
  --no-ignore         also scan files that .gitignore / .ignore exclude
  --no-cors           do not run the CORS analyzer
  --no-access         do not run the database access analyzer (Supabase SQL
                      migrations and dumps, Firebase rules, joined to the front
                      end's calls)
  --timing            print to stderr the time to load the rules, to scan (with
                      the regexes compiled on the way), and to scan the same
                      input again (the scan alone, without start-up)
  -h, --help          show this help

A finding on a line with a `shipcheck:allow` comment (//, #, /* */, <!-- -->
or --), or right below a line that is only that comment, is not reported.

Exit status: 0 nothing at or above the threshold, 1 findings, 2 bad usage or
unreadable input. Secret values are always shown masked.
";

/// When the exit status is 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FailOn {
    /// The default: a finding with verdict `secret` at `high` or above.
    Secrets,
    AtLeast(Severity),
    Never,
}

#[derive(Debug)]
pub struct Args {
    paths: Vec<PathBuf>,
    format: String,
    context: Option<Context>,
    fail_on: FailOn,
    rules: Option<PathBuf>,
    ignore_file: Option<PathBuf>,
    baseline: Option<PathBuf>,
    explain: bool,
    cors: bool,
    cors_hint: Option<String>,
    no_ignore: bool,
    access: bool,
    timing: bool,
}

pub fn parse(args: Vec<OsString>) -> Result<Option<Args>, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut a = Args {
        paths: Vec::new(),
        format: "text".into(),
        context: None,
        fail_on: FailOn::Secrets,
        rules: None,
        ignore_file: None,
        baseline: None,
        explain: false,
        cors: true,
        cors_hint: None,
        no_ignore: false,
        access: true,
        timing: false,
    };
    let text = |v: OsString, what: &str| {
        v.into_string()
            .map_err(|_| format!("{what} is not valid UTF-8"))
    };
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("format") => {
                a.format = text(p.value().map_err(|e| e.to_string())?, "--format")?;
                if !["text", "json", "sarif", "markdown"].contains(&a.format.as_str()) {
                    return Err(format!(
                        "unknown --format {:?} (expected text, json, sarif or markdown)",
                        a.format
                    ));
                }
            }
            Long("context") => {
                let v = text(p.value().map_err(|e| e.to_string())?, "--context")?;
                a.context = match v.as_str() {
                    "auto" => None,
                    other => Some(scan::context::parse(other).ok_or_else(|| {
                        format!("unknown --context {other:?} (expected auto, client, server, source, config or unknown)")
                    })?),
                };
            }
            Long("fail-on") => {
                let v = text(p.value().map_err(|e| e.to_string())?, "--fail-on")?;
                a.fail_on = match v.as_str() {
                    "never" | "none" => FailOn::Never,
                    other => FailOn::AtLeast(Severity::parse(other).ok_or_else(|| {
                        format!("unknown --fail-on {other:?} (expected critical, high, medium, low, info or never)")
                    })?),
                };
            }
            Long("rules") => a.rules = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("ignore-file") => {
                a.ignore_file = Some(p.value().map_err(|e| e.to_string())?.into())
            }
            Long("baseline") => a.baseline = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("explain") => a.explain = true,
            Long("no-cors") => a.cors = false,
            Long("no-access") => a.access = false,
            Long("cors-hint") => {
                a.cors_hint = Some(text(p.value().map_err(|e| e.to_string())?, "--cors-hint")?)
            }
            Long("timing") => a.timing = true,
            Long("no-ignore") => a.no_ignore = true,
            Value(v) => a.paths.push(v.into()),
            other => return Err(other.unexpected().to_string()),
        }
    }
    Ok(Some(a))
}

pub fn execute(args: &Args) -> Result<ExitCode, String> {
    // Read first: a bad baseline is refused before minutes of scanning.
    let baseline = args.baseline.as_deref().map(read_baseline).transpose()?;
    let loading = Instant::now();
    let scanner = match &args.rules {
        None => Scanner::built_in(),
        Some(path) => Scanner::new(load_rules(path)?),
    };
    let loaded = loading.elapsed().as_secs_f64();
    let mut inputs = Vec::new();
    if args.paths.is_empty() || args.paths.iter().any(|p| p.as_os_str() == "-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        inputs.push(ScanInput::new("stdin", bytes).with_context(args.context));
    }
    for path in args.paths.iter().filter(|p| p.as_os_str() != "-") {
        collect(path, args.context, args.no_ignore, &mut inputs)?;
    }
    for input in &mut inputs {
        input.format_hint.clone_from(&args.cors_hint);
    }
    let options = ScanOptions {
        now: now_for_jwt_expiry(),
        explain: args.explain,
        ignore_fingerprints: ignore_list(args.ignore_file.as_deref(), &args.paths)?,
        cors: args.cors,
        access: args.access,
    };
    let bytes: usize = inputs.iter().map(|i| i.bytes.len()).sum();
    // With --timing the same inputs are scanned a second time, once every regex the
    // first scan needed is compiled: that figure is the scanner's own speed.
    let again = args.timing.then(|| (inputs.clone(), options.clone()));
    let compiled_before = if args.timing {
        compiled_regexes(&scanner)
    } else {
        0
    };
    let started = Instant::now();
    let cpu_started = thread_cpu_s();
    let mut report = scanner.scan_with(inputs, options);
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = cpu_started.zip(thread_cpu_s()).map(|(a, b)| b - a);
    if let Some(baseline) = &baseline {
        baseline.apply(&mut report);
    }
    if let Some((inputs, options)) = again {
        let compiled = compiled_regexes(&scanner) - compiled_before;
        let rate = |s: f64| bytes as f64 / 1e6 / s.max(1e-9);
        // CPU time too where the kernel tells it: on a busy machine the wall clock
        // also counts waiting for a core.
        let cpu_note = |cpu: Option<f64>| {
            cpu.map(|c| format!("; {c:.3} CPU-s, {:.1} MB/s of CPU", rate(c)))
                .unwrap_or_default()
        };
        let started = Instant::now();
        let cpu_started = thread_cpu_s();
        scanner.scan_with(inputs, options);
        let warm = started.elapsed().as_secs_f64();
        let warm_cpu = cpu_started.zip(thread_cpu_s()).map(|(a, b)| b - a);
        eprintln!(
            "loaded {} rules in {loaded:.3} s (rule files, keyword automaton; not in the figures below)\n\
             scanned {bytes} bytes in {elapsed:.3} s ({:.1} MB/s{}), compiling the {compiled} rule regexes it needed on the way\n\
             scanned them again in {warm:.3} s ({:.1} MB/s{}): the scan without start-up",
            scanner.rules().len(),
            rate(elapsed),
            cpu_note(cpu),
            rate(warm),
            cpu_note(warm_cpu),
        );
    }
    let out = match args.format.as_str() {
        "json" => report::json::render(&report),
        "sarif" => report::sarif::render(&report),
        "markdown" => report::markdown::render(&report),
        _ => report::text::render(&report),
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(format!("cannot write the report: {e}"));
        }
    }
    let fails = |f: &Finding| match args.fail_on {
        FailOn::Never => false,
        FailOn::AtLeast(s) => f.severity >= s,
        FailOn::Secrets => {
            f.severity >= Severity::High && f.verdict().is_none_or(|v| v == Verdict::Secret)
        }
    };
    Ok(if report.findings.iter().any(fails) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// This thread's CPU time in seconds, where the kernel tells it (Linux's
/// `/proc/thread-self/schedstat`); the scan runs on this thread.
fn thread_cpu_s() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

/// How many rule regexes have been compiled so far (they are compiled the first
/// time one of their keywords is seen).
fn compiled_regexes(scanner: &Scanner) -> usize {
    scanner
        .rules()
        .rules()
        .iter()
        .filter(|r| r.pattern.is_compiled())
        .count()
}

/// The clock for JWT expiry. `SHIPCHECK_NOW` (seconds since the epoch) pins
/// it, for reproducible output in tests.
fn now_for_jwt_expiry() -> Option<i64> {
    if let Some(v) = std::env::var_os("SHIPCHECK_NOW") {
        return v.to_str().and_then(|s| s.parse().ok());
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs() as i64)
}

fn load_rules(path: &Path) -> Result<RuleSet, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read rules file {}: {e}", path.display()))?;
    let name = path.display().to_string();
    let is_gitleaks = text.lines().any(|l| {
        let l = l.trim();
        l.starts_with("[[rules]]") || l.starts_with("[extend]") || l.starts_with("[[allowlists]]")
    });
    if is_gitleaks {
        let config = gitleaks::parse(&name, &text).map_err(|e| e.to_string())?;
        Ok(config.into_rule_set(RuleSet::built_in()))
    } else {
        let mut set = RuleSet::built_in();
        set.extend(RuleSet::from_files(&[(&name, &text)]).map_err(|e| e.to_string())?);
        Ok(set)
    }
}

/// A previous scan's JSON export, through the export's one reader.
fn read_baseline(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
    Baseline::read(&text).map_err(|e| format!("cannot use {} as a baseline: {e}", path.display()))
}

/// The fingerprints not to report: from `--ignore-file`, or else from the
/// `.shipcheckignore` at the root of each folder scanned (of the current directory
/// when no folder is).
fn ignore_list(path: Option<&Path>, scanned: &[PathBuf]) -> Result<BTreeSet<String>, String> {
    let files: Vec<PathBuf> = match path {
        Some(p) => vec![p.to_path_buf()],
        None => {
            let folders: Vec<&PathBuf> = scanned.iter().filter(|p| p.is_dir()).collect();
            let roots = if folders.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                folders.into_iter().cloned().collect()
            };
            roots
                .into_iter()
                .map(|r| r.join(".shipcheckignore"))
                .filter(|f| f.is_file())
                .collect()
        }
    };
    let mut out = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read ignore file {}: {e}", file.display()))?;
        out.extend(
            text.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|l| !l.is_empty())
                // Accept `rule:fingerprint` and `file:line:rule:fingerprint` lines too.
                .map(|l| l.rsplit(':').next().unwrap_or(l).to_string()),
        );
    }
    Ok(out)
}

/// Reads a file, or every file under a directory, sorted so output is stable.
///
/// A directory is walked the way git sees it: files its `.gitignore` (and `.ignore`)
/// files exclude are left out unless `all` is set, and the engine's
/// [`skip`](scan::skip) list (`node_modules`, `.git`…) is never entered — the same
/// list the web page applies to a dropped folder. Hidden files are read: `.env` is
/// where secrets live. Symbolic links are not followed. A path named explicitly is
/// always read.
fn collect(
    path: &Path,
    context: Option<Context>,
    all: bool,
    out: &mut Vec<ScanInput>,
) -> Result<(), String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !meta.is_dir() {
        return read_one(path, context, out);
    }
    let walk = ignore::WalkBuilder::new(path)
        .hidden(false)
        .parents(!all)
        .ignore(!all)
        .git_ignore(!all)
        .git_exclude(!all)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| {
            !(e.file_type().is_some_and(|t| t.is_dir())
                && e.depth() > 0
                && scan::skip::skipped_dir(&e.path().to_string_lossy()))
        })
        .build();
    for entry in walk {
        let entry = entry.map_err(|e| format!("cannot read under {}: {e}", path.display()))?;
        if entry.file_type().is_some_and(|t| t.is_file()) {
            read_one(entry.path(), context, out)?;
        }
    }
    Ok(())
}

fn read_one(path: &Path, context: Option<Context>, out: &mut Vec<ScanInput>) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    out.push(ScanInput::new(path.display().to_string(), bytes).with_context(context));
    Ok(())
}
