//! `shipcheck assess`: the founder checklist, verdict, risk score, launch readiness
//! and estimate from an answers file. Glue only: everything is computed by
//! `shipcheck_engine::assess`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use shipcheck_engine::assess::{self, render};
use shipcheck_engine::catalog::assess::Catalog;
use shipcheck_engine::finding::Finding;
use shipcheck_engine::report;
use shipcheck_engine::state::{self, Answer};

pub const USAGE: &str = "\
shipcheck assess — founder checklist, verdict, risk score, launch readiness and estimate

Usage:
  shipcheck assess --list-profiles [--format text|json]
  shipcheck assess --list-questions --profile ID [--uses-ai] [--format text|json]
  shipcheck assess --answers FILE [--findings FILE] [--format text|json|markdown]
  shipcheck scan --format json DIR | shipcheck assess --answers FILE --findings -

Options:
  --list-profiles      The founder profiles (one per playbook, plus `full`)
  --list-questions     A profile's checklist questions, in order
  --profile ID         The profile whose questions to list
  --uses-ai            Include the AI red-team questions
  --answers FILE       JSON answers (- reads standard input): {\"profile\": ID, \"answers\": {\"<question id>\":
                       \"yes\"|\"no\"|\"unsure\"}, \"uses_ai\": bool, \"screening\": {...},
                       \"gates\": {...}, \"figures\": {...}, \"estimate\": {...}}
                       (everything but \"profile\" optional)
  --findings FILE      A `shipcheck scan --format json` report whose findings to feed
                       in (- reads standard input)
  --format FORMAT      text (default), json or markdown
  -h, --help           Show this help

Exit status: 0 on success, 2 on a usage error or an unreadable input file.
";

/// Input files larger than this are refused before reading them whole.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Default)]
struct Args {
    list_profiles: bool,
    list_questions: bool,
    profile: Option<String>,
    uses_ai: bool,
    answers: Option<PathBuf>,
    findings: Option<PathBuf>,
    format: Option<Format>,
    help: bool,
}

fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut a = Args::default();
    let text = |v: OsString, what: &str| {
        v.into_string()
            .map_err(|_| format!("{what} must be valid UTF-8"))
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("list-profiles") => a.list_profiles = true,
            Long("list-questions") => a.list_questions = true,
            Long("profile") => {
                a.profile = Some(text(
                    parser.value().map_err(|e| e.to_string())?,
                    "--profile",
                )?)
            }
            Long("uses-ai") => a.uses_ai = true,
            Long("answers") => a.answers = Some(parser.value().map_err(|e| e.to_string())?.into()),
            Long("findings") => {
                a.findings = Some(parser.value().map_err(|e| e.to_string())?.into())
            }
            Long("format") => {
                let v = text(parser.value().map_err(|e| e.to_string())?, "--format")?;
                a.format = Some(match v.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "markdown" | "md" => Format::Markdown,
                    other => {
                        return Err(format!(
                            "unknown format {other:?} (use text, json or markdown)"
                        ))
                    }
                });
            }
            Short('h') | Long("help") => a.help = true,
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    Ok(a)
}

/// Runs `shipcheck assess` with the arguments after the subcommand.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args = match parse_args(args) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    if args.help {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let modes = [
        args.list_profiles,
        args.list_questions,
        args.answers.is_some(),
    ];
    if modes.iter().filter(|m| **m).count() != 1 {
        return usage_error("choose one of --list-profiles, --list-questions or --answers");
    }
    let catalog = Catalog::built_in();
    let result = if args.list_profiles {
        list_profiles(catalog, args.format.unwrap_or(Format::Text))
    } else if args.list_questions {
        list_questions(catalog, &args)
    } else {
        run(catalog, &args)
    };
    match result {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("shipcheck assess: {e}");
            ExitCode::from(2)
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("shipcheck assess: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

fn json<T: Serialize>(value: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

fn list_profiles(catalog: &Catalog, format: Format) -> Result<String, String> {
    #[derive(Serialize)]
    struct Item<'a> {
        id: &'a str,
        seed: Option<u8>,
        founder: &'a str,
        description: &'a str,
        rule: &'a str,
        questions: usize,
    }
    #[derive(Serialize)]
    struct Out<'a> {
        profiles: Vec<Item<'a>>,
    }
    let items: Vec<Item> = catalog
        .profiles()
        .iter()
        .map(|p| Item {
            id: &p.id,
            seed: p.seed,
            founder: &p.founder,
            description: &p.description,
            rule: &p.rule_text,
            questions: p.questions.len(),
        })
        .collect();
    match format {
        Format::Json => Ok(json(&Out { profiles: items })),
        Format::Markdown => Err("--list-profiles prints text or json".into()),
        Format::Text => {
            let mut out = String::new();
            for i in items {
                let seed = i
                    .seed
                    .map_or("all seeds".into(), |s| format!("seed {s:03}"));
                out.push_str(&format!(
                    "{:<16} {seed}, {} questions\n    {}\n    Rule: {}\n",
                    i.id, i.questions, i.description, i.rule
                ));
            }
            Ok(out)
        }
    }
}

fn list_questions(catalog: &Catalog, args: &Args) -> Result<String, String> {
    let Some(id) = &args.profile else {
        return Err("--list-questions needs --profile ID (see --list-profiles)".into());
    };
    if catalog.profile(id).is_none() {
        return Err(format!(
            "unknown profile {id:?} (known: {})",
            catalog
                .profiles()
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let state = state::State {
        profile: id.clone(),
        uses_ai: args.uses_ai,
        ..state::State::default()
    };
    let questions = catalog.questions_for(&state.profile, state.uses_ai);
    #[derive(Serialize)]
    struct Item<'a> {
        id: &'a str,
        text: &'a str,
        risky_answer: Answer,
        category: shipcheck_engine::catalog::assess::RiskCategory,
        sprint_items: &'a [String],
    }
    #[derive(Serialize)]
    struct Out<'a> {
        profile: &'a str,
        questions: Vec<Item<'a>>,
    }
    match args.format.unwrap_or(Format::Text) {
        Format::Json => Ok(json(&Out {
            profile: id,
            questions: questions
                .iter()
                .map(|q| Item {
                    id: &q.id,
                    text: &q.text,
                    risky_answer: q.risky_answer,
                    category: q.category,
                    sprint_items: &q.sprint_items,
                })
                .collect(),
        })),
        Format::Markdown => Err("--list-questions prints text or json".into()),
        Format::Text => {
            let mut out = String::new();
            for q in &questions {
                out.push_str(&format!(
                    "{:>2}. {}\n    id: {}, risky answer: {}, {}\n",
                    q.number,
                    q.text,
                    q.id,
                    q.risky_answer.as_str(),
                    q.category.label().to_lowercase()
                ));
            }
            Ok(out)
        }
    }
}

/// Reads a UTF-8 text file (`-`: standard input), refusing huge or binary ones with
/// a clear message.
fn read_text(path: &Path) -> Result<String, String> {
    if path.as_os_str() == "-" {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("standard input: {e}"))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(format!(
                "standard input: too large (at most {MAX_FILE_BYTES} bytes)"
            ));
        }
        return String::from_utf8(bytes).map_err(|_| "standard input: not UTF-8 text".to_string());
    }
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("{shown}: not a file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{shown}: {} bytes is too large (at most {MAX_FILE_BYTES})",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}: {e}"))?;
    String::from_utf8(bytes)
        .map_err(|_| format!("{shown}: not UTF-8 text (is this the right file?)"))
}

/// The findings of a `shipcheck scan --format json` report; anything else is refused
/// with the file and the field, never read as "no findings".
fn read_findings(path: &Path) -> Result<Vec<Finding>, String> {
    let text = read_text(path)?;
    report::json::read(&text)
        .map(|doc| doc.findings)
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn run(catalog: &Catalog, args: &Args) -> Result<String, String> {
    let path = args.answers.as_deref().unwrap_or(Path::new("-"));
    if args.profile.is_some() || args.uses_ai {
        return Err("--profile and --uses-ai go in the answers file with --answers".into());
    }
    if path.as_os_str() == "-" && args.findings.as_deref() == Some(Path::new("-")) {
        return Err("--answers and --findings cannot both read standard input".into());
    }
    let text = read_text(path)?;
    let state = state::from_answers_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let findings = match &args.findings {
        Some(f) => read_findings(f)?,
        None => Vec::new(),
    };
    let a = assess::assess(catalog, &state, &findings);
    Ok(match args.format.unwrap_or(Format::Text) {
        Format::Text => render::to_text(catalog, &a),
        Format::Json => json(&a),
        Format::Markdown => render::to_markdown(catalog, &a),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, String> {
        parse_args(list.iter().map(OsString::from))
    }

    #[test]
    fn parses_the_documented_options() {
        let a = args(&[
            "--list-questions",
            "--profile",
            "full",
            "--uses-ai",
            "--format",
            "json",
        ])
        .unwrap();
        assert!(a.list_questions && a.uses_ai);
        assert_eq!(a.profile.as_deref(), Some("full"));
        assert_eq!(a.format, Some(Format::Json));
        assert!(args(&["--format", "xml"])
            .unwrap_err()
            .contains("unknown format \"xml\""));
        assert!(args(&["--frobnicate"]).is_err());
        assert!(args(&["--profile"]).is_err());
    }
}
