//! `shipcheck check`: a whole project read, scanned, answered from its code and
//! assessed — the document and its four renderings.
//!
//! ```text
//! {
//!   "schema": "shipcheck-check/1",
//!   "project": { "files_read", "bytes_read", "skipped": [{"path", "reason", "files", "bytes"}],
//!                "packages": [{"dir", "ecosystem", "manifests", "dependencies", "lockfile"?}],
//!                "notes": [..], "measured": {...}, "endpoints": [{"name", "file", "line", "access"}] },
//!   "stack": [ {"id", "name", "kind", "version"?, "detail"?, "citations": [{"file", "line", "note"?}]} ],
//!   "findings": [ … ],       // the scan's findings, each in the wire shape (crate::finding::wire)
//!   "evidence": [ {"question", "answer": "yes"|"no"|"unsure", "risky", "confidence": "high"|"medium",
//!                  "summary", "citations": [{"file", "line", "note"?}], "more"?, "detectors": [..]} ],
//!   "answers": { "from_evidence": [ids], "disagreements": [...], "measured_inputs": [ids] },
//!   "unanswered": [ids],      // checklist questions neither the founder nor the code answered
//!   "decided": { "verdict": bool, "readiness": bool },
//!   "assessment": { … }      // crate::assess::Assessment
//! }
//! ```
//! Fields are only ever added within one `schema` version.

use std::collections::BTreeSet;
use std::fmt::Write;

use serde::Serialize;
use serde_json::{json, Value};

use crate::assess::{self, render, Assessment, Overall};
use crate::catalog::assess::{Answer, Catalog};
use crate::catalog::project::ProjectRules;
use crate::finding::{Finding, Severity};
use crate::project::answers::{state_with_evidence, Provenance};
use crate::project::endpoints::Access;
use crate::project::evidence::Evidence;
use crate::project::manifest::Ecosystem;
use crate::project::stack::StackItem;
use crate::project::tree::{Skipped, Tree};
use crate::project::{Measured, Project};
use crate::scan::{ScanOptions, ScanReport, Scanner};
use crate::state::State;

/// The schema id of the check document.
pub const SCHEMA: &str = "shipcheck-check/1";

/// A package, summed up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageSummary {
    pub dir: String,
    pub ecosystem: Ecosystem,
    pub manifests: Vec<String>,
    pub dependencies: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lockfile: Option<String>,
}

/// An endpoint, summed up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndpointSummary {
    pub name: String,
    pub file: String,
    pub line: u32,
    /// checked | verified | guarded | open | harmless | unknown
    pub access: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectSummary {
    pub files_read: usize,
    pub bytes_read: u64,
    pub skipped: Vec<Skipped>,
    pub packages: Vec<PackageSummary>,
    /// Manifests that could not be read, and why.
    pub notes: Vec<String>,
    pub measured: Measured,
    pub endpoints: Vec<EndpointSummary>,
}

/// Whether more answers could still change a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Decided {
    /// The verdict is the same whichever way the unanswered questions go.
    pub verdict: bool,
    /// So is the readiness.
    pub readiness: bool,
}

/// The check document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    pub schema: &'static str,
    pub project: ProjectSummary,
    pub stack: Vec<StackItem>,
    pub findings: Vec<Finding>,
    pub evidence: Vec<Evidence>,
    pub answers: Provenance,
    pub unanswered: Vec<String>,
    pub decided: Decided,
    pub assessment: Assessment,
    /// The scan itself (files, stats), for the SARIF and text renderings.
    #[serde(skip)]
    pub scan: ScanReport,
}

/// Reads, scans, answers and assesses a project. `founder` holds the founder's own
/// answers (the default state for none).
pub fn run(tree: Tree, founder: &State, options: ScanOptions) -> CheckReport {
    let catalog = Catalog::built_in();
    let project = Project::read(tree);
    let scan = Scanner::built_in().scan_with(project.scan_inputs(), options);
    let evidence = project.evidence(&scan.findings);
    let measured = project.measured();
    let (state, answers) = state_with_evidence(catalog, founder, &evidence, Some(&measured));
    let assessment = assess::assess(catalog, &state, &scan.findings);
    let (unanswered, decided) = bounds(catalog, &state, &scan.findings, &assessment);
    let endpoints = project
        .endpoints()
        .iter()
        .map(|(e, facts)| EndpointSummary {
            name: e.name.clone(),
            file: project.endpoint_file(e).to_owned(),
            line: e.line,
            access: match facts.access() {
                Access::Checked => "checked",
                Access::Verified => "verified",
                Access::Guarded => "guarded",
                Access::Open => "open",
                Access::Harmless => "harmless",
                Access::Unknown => "unknown",
            },
        })
        .collect();
    CheckReport {
        schema: SCHEMA,
        project: ProjectSummary {
            files_read: project.tree.files().len(),
            bytes_read: project.tree.bytes(),
            skipped: project.tree.skipped().to_vec(),
            packages: project
                .manifests
                .packages
                .iter()
                .map(|p| PackageSummary {
                    dir: p.dir.clone(),
                    ecosystem: p.ecosystem,
                    manifests: p.manifests.clone(),
                    dependencies: p.dependencies.len(),
                    lockfile: p.lockfile.clone(),
                })
                .collect(),
            notes: project.manifests.notes.clone(),
            measured,
            endpoints,
        },
        stack: project.stack.items.clone(),
        findings: scan.findings.clone(),
        evidence,
        answers,
        unanswered,
        decided,
        assessment,
        scan,
    }
}

/// The checklist questions left unanswered, and whether the verdict and readiness
/// are decided: the assessment states them only when no unanswered question can
/// change them (one decision, the assessment's own).
fn bounds(
    catalog: &Catalog,
    state: &State,
    _findings: &[Finding],
    a: &Assessment,
) -> (Vec<String>, Decided) {
    let unanswered: Vec<String> = catalog
        .questions_for(&state.profile, state.uses_ai)
        .into_iter()
        .filter(|q| !state.answers.contains_key(&q.id))
        .map(|q| q.id)
        .collect();
    let decided = Decided {
        verdict: a.verdict != assess::Decision::NotDecided,
        readiness: a.readiness.overall != Overall::NotAssessed,
    };
    (unanswered, decided)
}

impl CheckReport {
    /// How bad a risky evidence item is: its question's OWASP severity, or the
    /// item's own (`rules/project/items.toml`).
    pub fn evidence_severity(e: &Evidence) -> Severity {
        let catalog = Catalog::built_in();
        catalog
            .question(&e.question)
            .map(|q| catalog.owasp_severity(q.likelihood, q.impact))
            .or_else(|| {
                ProjectRules::built_in()
                    .item(&e.question)
                    .map(|i| i.severity)
            })
            .unwrap_or(Severity::Medium)
    }

    /// Whether the app is not ready to launch: a failing blocker gate or scan
    /// blocker, or a critical risky evidence item (an unverified Stripe webhook).
    pub fn blocks_launch(&self) -> bool {
        self.assessment.readiness.overall == Overall::NotReady
            || self
                .evidence
                .iter()
                .any(|e| e.risky && Self::evidence_severity(e) == Severity::Critical)
    }

    /// Whether a finding or a risky evidence item is at or above `severity`.
    pub fn has_at_least(&self, severity: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= severity)
            || self
                .evidence
                .iter()
                .any(|e| e.risky && Self::evidence_severity(e) >= severity)
    }
}

/// The document as pretty JSON (with a trailing newline).
pub fn to_json(r: &CheckReport) -> String {
    let mut out = serde_json::to_string_pretty(r).expect("plain data");
    out.push('\n');
    out
}

fn answer_label(e: &Evidence) -> &'static str {
    match e.answer {
        Answer::Yes => "yes",
        Answer::No => "no",
        Answer::Unsure => "not sure",
    }
}

fn question_text(id: &str) -> String {
    Catalog::built_in()
        .question(id)
        .map(|q| q.text.clone())
        .or_else(|| ProjectRules::built_in().item(id).map(|i| i.text.clone()))
        .unwrap_or_else(|| id.to_owned())
}

/// The document as text for a terminal.
pub fn to_text(r: &CheckReport) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "shipcheck check: {} files read ({} KB), {} skipped entries",
        r.project.files_read,
        r.project.bytes_read / 1024,
        r.project.skipped.len()
    );
    let _ = writeln!(o, "\nSTACK");
    for i in &r.stack {
        let version = i
            .version
            .as_deref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        let detail = i
            .detail
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        let shown = i
            .citations
            .first()
            .map(|c| format!("{}:{}", c.file, c.line))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "  {:<15} {}{version}{detail}  [{shown}]",
            i.kind.as_str(),
            i.name
        );
    }
    let _ = writeln!(
        o,
        "\nANSWERED FROM YOUR CODE ({} of the checklist)",
        r.evidence.len()
    );
    for e in &r.evidence {
        let mark = if e.risky { "RISK" } else { "ok" };
        let _ = writeln!(
            o,
            "  [{mark:<4}] {}: {} ({} confidence)\n         {}\n         {}",
            e.question,
            answer_label(e),
            e.confidence.as_str(),
            question_text(&e.question),
            e.summary
        );
        for c in &e.citations {
            let note = if c.note.is_empty() {
                String::new()
            } else {
                format!("  {}", c.note)
            };
            let _ = writeln!(o, "           {}:{}{note}", c.file, c.line);
        }
        if e.more > 0 {
            let _ = writeln!(o, "           … and {} more", e.more);
        }
    }
    for d in &r.answers.disagreements {
        let _ = writeln!(
            o,
            "  you said {} to {}; your code says {}",
            d.founder.label(),
            d.question,
            d.evidence.label()
        );
    }
    let _ = writeln!(o, "\nSCAN: {}", super::summary_line(&r.findings));
    for f in r.findings.iter().take(20) {
        let _ = writeln!(
            o,
            "  {:<8} {}:{}  {}  [{}]",
            f.severity.as_str().to_uppercase(),
            f.file,
            f.line,
            f.title,
            f.rule
        );
    }
    if r.findings.len() > 20 {
        let _ = writeln!(
            o,
            "  … and {} more (--format json lists them all)",
            r.findings.len() - 20
        );
    }
    let _ = writeln!(
        o,
        "\nNOT DECIDED BY THE CODE ({}): {}",
        r.unanswered.len(),
        r.unanswered.join(", ")
    );
    if !r.decided.verdict {
        let _ = writeln!(
            o,
            "  The verdict, grade and readiness below are stated only where these cannot change them."
        );
    }
    let _ = writeln!(
        o,
        "\n{}",
        render::to_text(Catalog::built_in(), &r.assessment)
    );
    o
}

/// The document as Markdown.
pub fn to_markdown(r: &CheckReport) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# shipcheck check\n");
    let _ = writeln!(
        o,
        "{} files read, {} skipped entries. Nothing left this computer.\n",
        r.project.files_read,
        r.project.skipped.len()
    );
    let _ = writeln!(o, "## What the app is built with\n");
    let _ = writeln!(o, "| kind | technology | shown by |\n| --- | --- | --- |");
    for i in &r.stack {
        let shown: Vec<String> = i
            .citations
            .iter()
            .map(|c| format!("`{}:{}`", c.file, c.line))
            .collect();
        let version = i
            .version
            .as_deref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "| {} | {}{version} | {} |",
            i.kind.as_str(),
            i.name,
            shown.join(", ")
        );
    }
    let _ = writeln!(o, "\n## Answered from your code\n");
    for e in &r.evidence {
        let mark = if e.risky { "⚠️ risk" } else { "✅" };
        let _ = writeln!(
            o,
            "- **{}** — {} *(found in your code: {}, {} confidence)*  \n  {}",
            question_text(&e.question),
            mark,
            answer_label(e),
            e.confidence.as_str(),
            e.summary
        );
        for c in &e.citations {
            let note = if c.note.is_empty() {
                String::new()
            } else {
                format!(" — {}", c.note)
            };
            let _ = writeln!(o, "  - `{}:{}`{note}", c.file, c.line);
        }
    }
    let _ = writeln!(o, "\n## Scan\n\n{}\n", super::summary_line(&r.findings));
    for f in &r.findings {
        let _ = writeln!(
            o,
            "- **{}** `{}:{}` {} (`{}`)",
            f.severity.as_str(),
            f.file,
            f.line,
            f.title,
            f.rule
        );
    }
    let _ = writeln!(o, "\n## Still to answer\n");
    let qs: BTreeSet<&str> = r.unanswered.iter().map(String::as_str).collect();
    for q in qs {
        let _ = writeln!(o, "- {}", question_text(q));
    }
    let _ = writeln!(
        o,
        "\n{}",
        render::to_markdown(Catalog::built_in(), &r.assessment)
    );
    o
}

/// SARIF 2.1.0: the scan's results, plus one result per risky evidence item at each
/// of its citations (rule id `evidence/<question>`).
pub fn to_sarif(r: &CheckReport) -> String {
    let mut log: Value =
        serde_json::from_str(&super::sarif::render(&r.scan)).expect("our own SARIF");
    let run = &mut log["runs"][0];
    let mut rules = run["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut results = run["results"].as_array().cloned().unwrap_or_default();
    for e in r.evidence.iter().filter(|e| e.risky) {
        let severity = CheckReport::evidence_severity(e);
        let level = match severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            _ => "note",
        };
        let id = format!("evidence/{}", e.question);
        let index = rules.len();
        rules.push(json!({
            "id": id,
            "name": e.question,
            "shortDescription": { "text": question_text(&e.question) },
            "fullDescription": { "text": e.summary },
            "defaultConfiguration": { "level": level },
            "properties": { "tags": ["security", "evidence"], "confidence": e.confidence.as_str() },
        }));
        for c in &e.citations {
            results.push(json!({
                "ruleId": id,
                "ruleIndex": index,
                "level": level,
                "message": { "text": format!("{} {}", e.summary, c.note).trim_end().to_owned() },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": c.file },
                    "region": { "startLine": c.line.max(1) },
                }}],
                "properties": { "answer": e.answer.as_str(), "confidence": e.confidence.as_str() },
            }));
        }
    }
    run["tool"]["driver"]["rules"] = Value::Array(rules);
    run["results"] = Value::Array(results);
    let mut out = serde_json::to_string_pretty(&log).expect("plain data");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> CheckReport {
        let tree = Tree::from_files(
            files
                .iter()
                .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
                .collect(),
        );
        run(tree, &State::default(), ScanOptions::default())
    }

    #[test]
    fn an_open_next_app_is_answered_assessed_and_blocks_launch() {
        let r = project(&[
            (
                "package.json",
                r#"{"dependencies":{"next":"14.2.3","@prisma/client":"5"}}"#,
            ),
            (
                "app/api/notes/route.ts",
                "export async function DELETE() {\n  await prisma.note.deleteMany({});\n}\n",
            ),
        ]);
        let open = r
            .evidence
            .iter()
            .find(|e| e.question == "open-endpoints")
            .unwrap();
        assert!(open.risky);
        assert_eq!(
            r.answers
                .from_evidence
                .iter()
                .filter(|q| *q == "open-endpoints")
                .count(),
            1
        );
        assert!(
            r.blocks_launch(),
            "auth on every private route is a blocker gate"
        );
        assert!(!r.unanswered.contains(&"open-endpoints".to_owned()));
        assert_eq!(r.project.endpoints[0].access, "open");
        let json: Value = serde_json::from_str(&to_json(&r)).unwrap();
        assert_eq!(json["schema"], SCHEMA);
        assert!(json["evidence"][0]["citations"][0]["file"].is_string());
        assert!(json["assessment"]["verdict"].is_string());
        let sarif: Value = serde_json::from_str(&to_sarif(&r)).unwrap();
        let ids: Vec<&str> = sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["ruleId"].as_str().unwrap())
            .collect();
        assert!(ids.contains(&"evidence/open-endpoints"), "{ids:?}");
        let text = to_text(&r);
        assert!(
            text.contains("open-endpoints: yes (high confidence)"),
            "{text}"
        );
        assert!(to_markdown(&r).contains("## Answered from your code"));
    }

    #[test]
    fn a_verdict_is_decided_only_when_unknowns_cannot_change_it() {
        let r = project(&[("README.md", "hello")]);
        assert!(r.evidence.is_empty());
        assert!(!r.decided.verdict, "nothing answered: nothing decided");
        assert!(!r.decided.readiness);
        assert_eq!(
            r.unanswered.len(),
            Catalog::built_in().questions_for("full", false).len()
        );
    }
}
