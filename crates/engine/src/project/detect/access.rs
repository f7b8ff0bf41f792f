//! `cross-tenant-access` and `access-config-reviewed`, from other analyzers' findings.
//!
//! - Which database access findings answer `cross-tenant-access` "yes" is the access
//!   analyzer's own data (`rules/access.toml` `[[answer]]`: the classes and the
//!   minimum severity), read through [`crate::scan::access::evidence`]: one decision,
//!   used by the scan page and here. A finding nobody can reach (expired test-mode
//!   rules refuse every request) answers nothing.
//! - Those findings, or a CORS finding of high severity or worse, show the access
//!   configuration has not been checked against the live app:
//!   `access-config-reviewed` is "no".
//!
//! Never the safe answer: a clean scan of the files dropped does not show the rules
//! that run in production.

use super::Context;
use crate::catalog::assess::Answer;
use crate::finding::{Category, Severity};
use crate::project::evidence::{Citation, Confidence, Evidence};

pub fn detect(ctx: &Context<'_>) -> Vec<Evidence> {
    let cite = |f: &crate::finding::Finding| Citation::new(f.file.clone(), f.line, f.title.clone());
    // Which access findings answer which question is the access analyzer's data
    // (`rules/access.toml` `[[answer]]`): one decision, read here.
    let mut out = Vec::new();
    let mut access: Vec<Citation> = Vec::new();
    for e in crate::scan::access::evidence(ctx.findings) {
        let Some(answer) = Answer::parse(&e.answer) else {
            continue;
        };
        let citations: Vec<Citation> = e
            .citations
            .iter()
            .filter_map(|c| {
                ctx.findings.iter().find(|f| {
                    f.category == Category::Access && f.file == c.file && f.line == c.line
                })
            })
            .map(cite)
            .collect();
        for c in &citations {
            if !access.contains(c) {
                access.push(c.clone());
            }
        }
        out.push(Evidence::new(
            "access-rules",
            e.question.as_str(),
            answer,
            Confidence::High,
            e.because,
            citations,
        ));
    }
    let cors: Vec<Citation> = ctx
        .findings
        .iter()
        .filter(|f| f.category == Category::Cors && f.severity >= Severity::High)
        .map(cite)
        .collect();
    let mut reviewed: Vec<Citation> = access;
    reviewed.extend(cors.iter().cloned());
    if !reviewed.is_empty() {
        let what = match (cors.is_empty(), reviewed.len() == cors.len()) {
            (true, _) => "database rules",
            (false, true) => "CORS settings",
            (false, false) => "database rules and CORS settings",
        };
        out.push(Evidence::new(
            if cors.is_empty() { "access-rules" } else { "cors" },
            "access-config-reviewed",
            Answer::No,
            Confidence::Medium,
            format!("The {what} in your code let in callers they should not: they have not been checked against the live app."),
            reviewed,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{answers, build, other};
    use super::*;

    #[test]
    fn access_findings_answer_both_questions() {
        let mut b = build(&[]);
        b.findings = vec![
            other(
                "access-rls-disabled",
                Severity::Critical,
                "supabase/migrations/1_init.sql",
                4,
            ),
            other(
                "access-unindexed-policy-column",
                Severity::Low,
                "supabase/migrations/1_init.sql",
                9,
            ),
        ];
        let items = detect(&b.ctx());
        assert_eq!(
            answers(&items),
            [
                ("cross-tenant-access".into(), "yes", true),
                ("access-config-reviewed".into(), "no", true),
            ]
        );
        assert_eq!(
            items[0].citations.len(),
            1,
            "low findings are not a cross-tenant leak"
        );
    }

    #[test]
    fn cors_findings_answer_the_review_question_only() {
        let mut b = build(&[]);
        b.findings = vec![
            other(
                "cors-reflected-origin-with-credentials",
                Severity::Critical,
                "server.js",
                12,
            ),
            other("cors-missing-vary-origin", Severity::Info, "server.js", 12),
        ];
        let items = detect(&b.ctx());
        assert_eq!(
            answers(&items),
            [("access-config-reviewed".into(), "no", true)]
        );
        assert!(items[0].summary.contains("CORS settings"));
        b.findings = vec![other(
            "cors-missing-vary-origin",
            Severity::Low,
            "server.js",
            3,
        )];
        assert!(detect(&b.ctx()).is_empty());
    }
}
