//! `shipcheck check`: a project folder or zip read, scanned, answered from its code and
//! assessed by the engine (`report::check`); this file reads the files and prints.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use shipcheck_engine::finding::Severity;
use shipcheck_engine::project::archive;
use shipcheck_engine::project::tree::{Admission, Tree, TreeBuilder};
use shipcheck_engine::report::check;
use shipcheck_engine::scan::ScanOptions;
use shipcheck_engine::state::{self, State};

pub const USAGE: &str = "\
shipcheck check — answer the launch checklist from a project's code

Usage:
  shipcheck check [options] DIR|ZIP

DIR is a project folder; ZIP its archive (GitHub's Download ZIP, a Bolt or Lovable
export). Every file is read except dependency, cache and server build folders
(node_modules, .git, .next/server…), lockfiles (read for dependency versions only)
and images, fonts and media; .gitignore does not hide files from it (a committed or
local .env is judged by whether .gitignore excludes it). A zip is read with caps
against zip bombs; what is skipped is listed with the reason.

Options:
  --format FORMAT   text (default), json (shipcheck-check/1), markdown or sarif
  --answers FILE    the founder's own answers (as for `shipcheck assess`): they
                    come first; where the code disagrees, both are shown
  --fail-on WHAT    launch (default): exit 1 when the app is not ready to launch
                    (a failing blocker gate: open endpoints, cross-customer access,
                    exposed secrets…; a scan blocker; an unverified Stripe webhook);
                    critical|high|medium|low|info: exit 1 when a finding or a risky
                    answer from the code is at or above it; never
  --timing          print the time of each stage to stderr
  -h, --help        show this help

Exit status: 0 passed, 1 failed the --fail-on test, 2 bad usage or unreadable input.
Nothing is sent anywhere; secret values are always shown masked.
";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FailOn {
    Launch,
    AtLeast(Severity),
    Never,
}

#[derive(Debug)]
pub struct Args {
    path: PathBuf,
    format: String,
    answers: Option<PathBuf>,
    fail_on: FailOn,
    timing: bool,
}

pub fn parse(args: Vec<OsString>) -> Result<Option<Args>, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let (mut path, mut answers) = (None, None);
    let mut format = "text".to_owned();
    let mut fail_on = FailOn::Launch;
    let mut timing = false;
    let text = |v: OsString, what: &str| {
        v.into_string()
            .map_err(|_| format!("{what} is not valid UTF-8"))
    };
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("format") => {
                format = text(p.value().map_err(|e| e.to_string())?, "--format")?;
                if !["text", "json", "markdown", "sarif"].contains(&format.as_str()) {
                    return Err(format!(
                        "unknown --format {format:?} (expected text, json, markdown or sarif)"
                    ));
                }
            }
            Long("answers") => answers = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("fail-on") => {
                let v = text(p.value().map_err(|e| e.to_string())?, "--fail-on")?;
                fail_on = match v.as_str() {
                    "launch" => FailOn::Launch,
                    "never" | "none" => FailOn::Never,
                    other => FailOn::AtLeast(Severity::parse(other).ok_or_else(|| {
                        format!("unknown --fail-on {other:?} (expected launch, critical, high, medium, low, info or never)")
                    })?),
                };
            }
            Long("timing") => timing = true,
            Value(v) if path.is_none() => path = Some(PathBuf::from(v)),
            Value(v) => {
                return Err(format!(
                    "one project at a time (also got {:?})",
                    v.to_string_lossy()
                ))
            }
            other => return Err(other.unexpected().to_string()),
        }
    }
    let path = path.ok_or("which project? give a folder or a .zip")?;
    Ok(Some(Args {
        path,
        format,
        answers,
        fail_on,
        timing,
    }))
}

pub fn execute(args: &Args) -> Result<ExitCode, String> {
    let founder = match &args.answers {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            state::from_answers_json(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => State::default(),
    };
    let started = Instant::now();
    let tree = read_project(&args.path)?;
    let read = started.elapsed();
    let report = check::run(
        tree,
        &founder,
        ScanOptions {
            now: now(),
            ..ScanOptions::default()
        },
    );
    let total = started.elapsed();
    if args.timing {
        eprintln!(
            "read {} files ({} bytes) in {:.3} s; analysed, scanned and assessed in {:.3} s; total {:.3} s",
            report.project.files_read,
            report.project.bytes_read,
            read.as_secs_f64(),
            (total - read).as_secs_f64(),
            total.as_secs_f64()
        );
    }
    let out = match args.format.as_str() {
        "json" => check::to_json(&report),
        "markdown" => check::to_markdown(&report),
        "sarif" => check::to_sarif(&report),
        _ => check::to_text(&report),
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
    let failed = match args.fail_on {
        FailOn::Launch => report.blocks_launch(),
        FailOn::AtLeast(s) => report.has_at_least(s),
        FailOn::Never => false,
    };
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A zip (by its first bytes, whatever its name) or a folder, as a tree.
fn read_project(path: &Path) -> Result<Tree, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if meta.is_dir() {
        return walk(path);
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !archive::looks_like_zip(&bytes) {
        return Err(format!(
            "{} is neither a folder nor a zip archive",
            path.display()
        ));
    }
    archive::read_zip(&bytes).map_err(|e| e.to_string())
}

/// Every file under `root`, with the engine's rules deciding what is read; folders
/// nothing is read from are not entered; symbolic links are not followed.
fn walk(root: &Path) -> Result<Tree, String> {
    let mut builder = TreeBuilder::default();
    let relative = |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    let mut pruned: Vec<String> = Vec::new();
    for entry in walker {
        let entry = entry.map_err(|e| format!("cannot read under {}: {e}", root.display()))?;
        let rel = relative(entry.path());
        if rel.is_empty() || pruned.iter().any(|p| rel.starts_with(&format!("{p}/"))) {
            continue;
        }
        let Some(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if TreeBuilder::skips_folder(&rel) {
                builder.skip_folder(&rel);
                pruned.push(rel);
            }
            continue;
        }
        if !kind.is_file() {
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        if let Admission::Read { path, role } = builder.admit(&rel, size) {
            let bytes = std::fs::read(entry.path())
                .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
            builder.keep(path, role, bytes);
        }
    }
    Ok(builder.finish())
}

/// The clock for JWT expiry; `SHIPCHECK_NOW` pins it for reproducible output.
fn now() -> Option<i64> {
    if let Some(v) = std::env::var_os("SHIPCHECK_NOW") {
        return v.to_str().and_then(|s| s.parse().ok());
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs() as i64)
}
