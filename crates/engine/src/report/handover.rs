//! The handover report: everything on one page, in plain English — the verdict and
//! why, what to fix first, DIY steps or sprint scope, the estimate, and the scan's
//! findings by priority, and which checklist answers came from a dropped project's
//! code ([`origin`](super::origin)). The web app's `/report` page downloads these;
//! what is shown on screen is built from the same [`Assessment`], [`ScanReport`]
//! and [`CodeAnswer`]s.
//!
//! Like every export, it holds only masked values (the scan report never holds a
//! secret) and only the founder's answers — never file contents.

use std::fmt::Write;

use serde::Serialize;

use crate::assess::{render, Assessment};
use crate::catalog::assess::Catalog;
use crate::catalog::operator::OperatorConfig;
use crate::finding::Severity;
use crate::scan::ScanReport;

use super::origin::{self, CodeAnswer};

/// The version of the handover JSON's shape.
pub const HANDOVER_VERSION: u32 = 1;

/// One line of "what to fix first".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Priority {
    pub title: String,
    pub why: String,
    pub fix: String,
    /// "scan" or "checklist".
    pub source: &'static str,
    pub severity: Severity,
    pub blocker: bool,
}

/// What to fix first, most urgent first: the scan's launch blockers and its other
/// serious problems (each key to rotate once, however many times it was found), then
/// the checklist's top risks. The `blocker` flag is the assessment's own, so this list,
/// the risk page and readiness name the same blockers. At most `limit` lines.
pub fn priorities(a: &Assessment, limit: usize) -> Vec<Priority> {
    let mut out: Vec<Priority> = a
        .findings
        .iter()
        .filter(|f| f.blocker || f.severity >= Severity::High)
        .map(|f| Priority {
            title: f.line(),
            why: f.why.clone(),
            fix: f.fix.clone(),
            source: "scan",
            severity: f.severity,
            blocker: f.blocker,
        })
        .collect();
    out.extend(
        a.risk
            .top_risks
            .iter()
            .filter(|t| t.number.is_some())
            .map(|t| Priority {
                title: t.title.clone(),
                why: t.why.clone(),
                fix: t.fix.clone(),
                source: "checklist",
                severity: t.severity,
                blocker: t.blocker,
            }),
    );
    // Blockers first, from either source; otherwise the order above.
    out.sort_by_key(|p| !p.blocker);
    out.truncate(limit);
    out
}

/// The report's title: the app's name when the founder gave one (the page, the
/// printout and the Markdown export all use this one).
pub fn title(a: &Assessment) -> String {
    if a.app_name.is_empty() {
        "Your launch report".into()
    } else {
        format!("{}: launch report", a.app_name)
    }
}

/// The handover report as Markdown: the assessment, what to fix first, the answers
/// the code gave (`code`, empty without a project), and the scan.
///
/// `date` is printed as given (the caller knows the clock; the engine does not).
pub fn markdown(
    catalog: &Catalog,
    a: &Assessment,
    code: &[CodeAnswer],
    scan: Option<&ScanReport>,
    operator: &OperatorConfig,
    date: &str,
) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", title(a));
    if !date.is_empty() {
        let _ = writeln!(o, "Prepared {date}. ");
    }
    let grade = a
        .risk
        .grade
        .as_deref()
        .map_or("no grade yet".to_string(), |g| format!("grade {g}"));
    let _ = writeln!(
        o,
        "Verdict: **{}**. Risk score **{}/100** ({grade}). Launch readiness: **{}**.\n",
        a.verdict.label(),
        a.risk.score_text(),
        a.readiness.overall.label()
    );
    let _ = writeln!(o, "{}\n", one_line(&a.outlook));
    let first = priorities(a, 8);
    if !first.is_empty() {
        let _ = writeln!(o, "## What to fix first\n");
        for (i, p) in first.iter().enumerate() {
            let tag = if p.blocker { " — launch blocker" } else { "" };
            let _ = writeln!(
                o,
                "{}. **{}** ({}{tag}). {} {}",
                i + 1,
                one_line(&p.title),
                p.severity.as_str(),
                one_line(&p.why),
                one_line(&p.fix)
            );
        }
        o.push('\n');
    }
    // The assessment's own report, one heading level down.
    for line in render::to_markdown(catalog, a).lines() {
        if line.starts_with('#') {
            o.push('#');
        }
        o.push_str(line);
        o.push('\n');
    }
    let from_code = origin::markdown(code);
    if !from_code.is_empty() {
        o.push('\n');
        o.push_str(&from_code);
    }
    if let Some(scan) = scan {
        o.push('\n');
        for line in super::markdown::render(scan).lines() {
            if line.starts_with('#') {
                o.push('#');
            }
            o.push_str(line);
            o.push('\n');
        }
    } else {
        let _ = writeln!(o, "\n## Scan\n\nNo files were scanned.");
    }
    let _ = writeln!(
        o,
        "\n---\nTo book the sprint or ask whether you need it: {} ({}).",
        operator.booking_url, operator.operator
    );
    o
}

#[derive(Serialize)]
struct HandoverJson<'a> {
    version: u32,
    generated_by: String,
    date: &'a str,
    assessment: &'a Assessment,
    what_to_fix_first: Vec<Priority>,
    answers_from_code: &'a [CodeAnswer],
    scan: Option<serde_json::Value>,
}

/// The handover report as JSON: `{version, generated_by, date, assessment,
/// what_to_fix_first, answers_from_code, scan}` where `scan` is the scan report's
/// own JSON export and `answers_from_code` the checklist answers a dropped project's
/// code gave or was checked against (empty without one).
pub fn json(a: &Assessment, code: &[CodeAnswer], scan: Option<&ScanReport>, date: &str) -> String {
    let doc = HandoverJson {
        version: HANDOVER_VERSION,
        generated_by: format!("shipcheck {}", env!("CARGO_PKG_VERSION")),
        date,
        assessment: a,
        what_to_fix_first: priorities(a, 8),
        answers_from_code: code,
        scan: scan.and_then(|s| serde_json::from_str(&super::json::render(s)).ok()),
    };
    serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()))
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::assess;
    use crate::scan::{ScanInput, Scanner};
    use crate::state::{Answer, State};

    const KEY: &str = "sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW";

    fn scanned() -> ScanReport {
        Scanner::built_in().scan(vec![
            ScanInput::new("dist/assets/index-3f9a.js", format!("const k=\"{KEY}\";")),
            ScanInput::new(
                "server.js",
                "app.use(cors({ origin: true, credentials: true }));\n",
            ),
        ])
    }

    fn risky_state() -> State {
        let mut s = State {
            profile: "cursor-b2b".into(),
            ..State::default()
        };
        for q in Catalog::built_in().questions_for(&s.profile, s.uses_ai) {
            s.answers.insert(q.id.clone(), q.risky_answer);
        }
        s.answers
            .insert("cross-tenant-access".into(), Answer::Unsure);
        s
    }

    #[test]
    fn scan_blockers_come_first_then_checklist_risks() {
        let scan = scanned();
        let a = assess(Catalog::built_in(), &risky_state(), &scan.findings);
        let p = priorities(&a, 20);
        assert!(p.len() >= 3, "{p:?}");
        assert_eq!(p[0].source, "scan");
        assert!(p[0].blocker && p[0].severity == Severity::Critical);
        let first_checklist = p.iter().position(|x| x.source == "checklist").unwrap();
        assert!(p[..first_checklist].iter().all(|x| x.source == "scan"));
        assert!(p[first_checklist..].iter().all(|x| x.source == "checklist"));
        assert_eq!(priorities(&a, 2).len(), 2, "the limit holds");
    }

    #[test]
    fn public_values_are_not_tasks() {
        let scan = Scanner::built_in().scan(vec![ScanInput::new(
            "dist/app.js",
            "const stripe = Stripe(\"pk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW\");",
        )]);
        assert!(!scan.findings.is_empty(), "the publishable key is reported");
        let a = assess(Catalog::built_in(), &State::default(), &scan.findings);
        assert!(priorities(&a, 20).iter().all(|p| p.source != "scan"));
    }

    #[test]
    fn markdown_has_every_part_and_never_the_secret() {
        let scan = scanned();
        let a = assess(Catalog::built_in(), &risky_state(), &scan.findings);
        let op = OperatorConfig::built_in();
        let md = markdown(Catalog::built_in(), &a, &[], Some(&scan), &op, "2026-11-23");
        for part in [
            "# Your launch report",
            "Prepared 2026-11-23",
            "## What to fix first",
            "## Launch assessment",
            "### Verdict",
            "### Risk score",
            "### Launch readiness",
            "### Estimate",
            "## shipcheck scan report",
            "Stripe live secret key",
            &op.booking_url,
        ] {
            assert!(md.contains(part), "missing {part:?} in\n{md}");
        }
        assert!(
            !md.contains(&KEY[12..]),
            "the secret leaked into the Markdown"
        );
        let without = markdown(Catalog::built_in(), &a, &[], None, &op, "");
        assert!(without.contains("No files were scanned"));
    }

    #[test]
    fn the_title_carries_the_app_name_on_the_page_and_in_the_markdown() {
        let op = OperatorConfig::built_in();
        let mut state = risky_state();
        for (name, want) in [
            ("", "Your launch report"),
            ("  Acme   CRM ", "Acme CRM: launch report"),
        ] {
            state.set_app_name(name);
            let a = assess(Catalog::built_in(), &state, &[]);
            assert_eq!(title(&a), want);
            let md = markdown(Catalog::built_in(), &a, &[], None, &op, "2026-12-03");
            assert!(md.starts_with(&format!("# {want}\n")), "{md}");
        }
    }

    #[test]
    fn json_nests_the_assessment_and_the_scan_export() {
        let scan = scanned();
        let a = assess(Catalog::built_in(), &risky_state(), &scan.findings);
        let text = json(&a, &[], Some(&scan), "2026-11-23");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["version"], HANDOVER_VERSION);
        assert_eq!(
            v["assessment"]["verdict"],
            serde_json::to_value(a.verdict).unwrap()
        );
        assert_eq!(
            v["scan"]["findings"].as_array().unwrap().len(),
            scan.findings.len()
        );
        assert!(v["what_to_fix_first"].as_array().unwrap().len() >= 2);
        assert!(!text.contains(&KEY[12..]));
        let v: serde_json::Value = serde_json::from_str(&json(&a, &[], None, "")).unwrap();
        assert!(v["scan"].is_null());
    }
}
