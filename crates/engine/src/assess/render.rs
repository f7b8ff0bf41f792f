//! An [`Assessment`] as plain text (the terminal) or Markdown (a report a founder can
//! download or paste). JSON is `serde_json` of the assessment itself.

use std::fmt::Write;

use super::{Assessment, ReasonKind};
use crate::catalog::assess::Catalog;
use crate::estimate::formulas::{format_money, half_days_label};
use crate::estimate::{CostWindow, Estimate};

/// Who the checklist is for, in the founder's words ("Coach or consultant business
/// replacing manual operations with software"), after the app's name if given.
fn profile_line(catalog: &Catalog, a: &Assessment) -> String {
    let who = catalog
        .profile(&a.profile)
        .map_or(a.profile.as_str(), |p| p.founder.as_str());
    if a.app_name.is_empty() {
        who.to_string()
    } else {
        format!("{} ({who})", a.app_name)
    }
}

/// "12–64/100" or "32/100".
fn score_line(a: &Assessment) -> String {
    format!("{}/100", a.risk.score_text())
}

/// A category's score: "40", "12–64" while open questions could move it, "–" when
/// the checklist asks nothing there.
fn category_score(c: &super::CategoryScore) -> String {
    match (c.score, c.score_max) {
        (Some(s), Some(m)) if m > s => format!("{s}–{m}"),
        (Some(s), _) => s.to_string(),
        _ => "–".into(),
    }
}

fn window_line(w: &CostWindow, sym: &str) -> String {
    format!(
        "{} over {} days (support {}, refunds {}, lost leads {}, wasted ads {}, incident risk {} at {}.{} % chance)",
        format_money(w.total, sym),
        w.days,
        format_money(w.support, sym),
        format_money(w.refunds, sym),
        format_money(w.lost_leads, sym),
        format_money(w.wasted_ads, sym),
        format_money(w.incident, sym),
        w.incident_chance_permille / 10,
        w.incident_chance_permille % 10
    )
}

fn drivers_line(e: &Estimate) -> String {
    let applied: Vec<String> = e
        .sprint
        .drivers
        .iter()
        .filter(|d| d.half_days > 0)
        .map(|d| {
            format!(
                "{} +{} day ({})",
                d.label,
                half_days_label(u64::from(d.half_days)),
                d.detail
            )
        })
        .collect();
    if applied.is_empty() {
        "none beyond the 5-day base".into()
    } else {
        applied.join("; ")
    }
}

/// The assessment as plain text.
pub fn to_text(catalog: &Catalog, a: &Assessment) -> String {
    let mut o = String::new();
    let sym = a.estimate.currency_symbol.as_str();
    let _ = writeln!(
        o,
        "shipcheck assess: {} [{}]",
        profile_line(catalog, a),
        a.profile
    );
    let _ = writeln!(o);
    let _ = writeln!(o, "VERDICT: {} ({})", a.verdict.label(), a.verdict.as_str());
    let _ = writeln!(o, "  {}", a.outlook);
    for r in &a.reasons {
        let _ = writeln!(o, "  - {}", r.text);
    }
    if !a.instead.is_empty() {
        let _ = writeln!(o, "\nWhat to do instead:");
        for i in &a.instead {
            let _ = writeln!(o, "  - {i}");
        }
    }
    if let Some(plan) = &a.diy_plan {
        let _ = writeln!(o, "\nDIY plan: {}", plan.intro);
        for (i, step) in plan.steps.iter().enumerate() {
            let _ = writeln!(o, "  {}. {step}", i + 1);
        }
        let _ = writeln!(o, "  {}", plan.note);
    }

    let r = &a.risk;
    let _ = writeln!(o, "\nRISK SCORE: {}. {}.", score_line(a), r.grade_text());
    for c in r.categories.values() {
        let score = category_score(c);
        let _ = writeln!(
            o,
            "  {:<24}{score:>4}  ({} risk{} in {} question{})",
            c.label,
            c.risks,
            if c.risks == 1 { "" } else { "s" },
            c.questions,
            if c.questions == 1 { "" } else { "s" }
        );
    }
    if !r.top_risks.is_empty() {
        let _ = writeln!(o, "  Top risks:");
        for (i, t) in r.top_risks.iter().enumerate() {
            let what = match (t.number, t.answer) {
                (Some(n), Some(ans)) => {
                    format!("Q{n} \u{201c}{}\u{201d}: {}", t.title, ans.label())
                }
                _ => format!("scan: {}", t.title),
            };
            let _ = writeln!(o, "  {}. [{}] {what}", i + 1, t.severity.as_str());
            let _ = writeln!(o, "     Why: {}", t.why);
            let _ = writeln!(o, "     Fix: {} ({})", t.fix, t.sprint_items.join(", "));
        }
    }

    let rd = &a.readiness;
    let _ = writeln!(
        o,
        "\nLAUNCH READINESS: {} ({})",
        rd.overall.label(),
        rd.counts_line()
    );
    for b in &rd.blockers {
        let _ = writeln!(o, "  Blocker: {b}");
    }
    for g in &rd.gates {
        let blocker = if g.blocker { " (blocker)" } else { "" };
        let _ = writeln!(
            o,
            "  [{:<12}] {}{blocker}: {}",
            g.word().to_uppercase(),
            g.label,
            g.target
        );
        for e in &g.evidence {
            let _ = writeln!(o, "            {e}");
        }
    }

    let e = &a.estimate;
    let _ = writeln!(o, "\nESTIMATE ({})", e.currency);
    let _ = writeln!(o, "  Sprint: {}", e.sprint.summary);
    let _ = writeln!(o, "    Drivers: {}", drivers_line(e));
    let _ = writeln!(o, "  DIY: {}", e.diy.summary);
    let _ = writeln!(
        o,
        "  Doing nothing: {}",
        window_line(&e.do_nothing.days_30, sym)
    );
    let _ = writeln!(
        o,
        "                 {}",
        window_line(&e.do_nothing.days_90, sym)
    );
    let _ = writeln!(o, "  Recommendation: {}", e.recommendation.text);
    let _ = writeln!(o, "  Break-even: {}", e.break_even.sentence);
    if !e.inputs.assumed.is_empty() {
        let _ = writeln!(
            o,
            "  Assumed (not given): {}",
            assumed_fields(&e.inputs.assumed, false)
        );
    }
    if !a.notices.is_empty() {
        let _ = writeln!(o, "\nNOTICES");
        for n in &a.notices {
            let _ = writeln!(o, "  - {n}");
        }
    }
    o
}

/// Markdown special characters in free text are escaped so a question or finding
/// title cannot break the table or inject links.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// The assessment as a Markdown report.
pub fn to_markdown(catalog: &Catalog, a: &Assessment) -> String {
    let mut o = String::new();
    let sym = a.estimate.currency_symbol.as_str();
    let _ = writeln!(
        o,
        "# Launch assessment: {}\n",
        md(&profile_line(catalog, a))
    );
    let _ = writeln!(o, "## Verdict: {}\n", a.verdict.label());
    let _ = writeln!(o, "{}\n", md(&a.outlook));
    for r in &a.reasons {
        let tag = match r.kind {
            ReasonKind::Blocker => "**Blocker:** ",
            _ => "",
        };
        let _ = writeln!(o, "- {tag}{}", md(&r.text));
    }
    if !a.instead.is_empty() {
        let _ = writeln!(o, "\n### What to do instead\n");
        for i in &a.instead {
            let _ = writeln!(o, "- {}", md(i));
        }
    }
    if let Some(plan) = &a.diy_plan {
        let _ = writeln!(o, "\n### DIY plan\n\n{}\n", md(&plan.intro));
        for (i, step) in plan.steps.iter().enumerate() {
            let _ = writeln!(o, "{}. {}", i + 1, md(step));
        }
        let _ = writeln!(o, "\n{}", md(&plan.note));
    }

    let r = &a.risk;
    let _ = writeln!(o, "\n## Risk score: {}\n", score_line(a));
    let _ = writeln!(o, "{}.", r.grade_text());
    if r.score_max > r.score {
        let _ = writeln!(
            o,
            "The score counts the risks known so far ({}); with every open question answered the risky way it would be {}.",
            r.score, r.score_max
        );
    }
    let _ = writeln!(
        o,
        "\n| Category | Score | Risks | Questions | Open |\n| --- | ---: | ---: | ---: | ---: |"
    );
    for c in r.categories.values() {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} |",
            c.label,
            category_score(c),
            c.risks,
            c.questions,
            c.open
        );
    }
    if !r.top_risks.is_empty() {
        let _ = writeln!(o, "\n### Top risks\n");
        for (i, t) in r.top_risks.iter().enumerate() {
            let what = match (t.number, t.answer) {
                (Some(n), Some(ans)) => format!("Q{n} “{}”: {}", md(&t.title), ans.label()),
                _ => format!("Scan: {}", md(&t.title)),
            };
            let _ = writeln!(
                o,
                "{}. **{}** ({}). {} Fix: {} ({}).",
                i + 1,
                what,
                t.severity.as_str(),
                md(&t.why),
                md(&t.fix),
                md(&t.sprint_items.join(", "))
            );
        }
    }

    let rd = &a.readiness;
    let _ = writeln!(o, "\n## Launch readiness: {}\n", rd.overall.label());
    let _ = writeln!(o, "{} ({}).\n", md(rd.overall.sentence()), rd.counts_line());
    for b in &rd.blockers {
        let _ = writeln!(o, "- **Blocker:** {}", md(b));
    }
    if !rd.blockers.is_empty() {
        let _ = writeln!(o);
    }
    let _ = writeln!(
        o,
        "| Gate | Status | Target | Evidence |\n| --- | --- | --- | --- |"
    );
    for g in &rd.gates {
        let blocker = if g.blocker { " (blocker)" } else { "" };
        let evidence = if g.evidence.is_empty() {
            "–".to_string()
        } else {
            g.evidence
                .iter()
                .map(|e| md(e))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let _ = writeln!(
            o,
            "| {}{blocker} | {} | {} | {evidence} |",
            md(&g.label),
            g.word(),
            md(&g.target)
        );
    }

    let e = &a.estimate;
    let _ = writeln!(o, "\n## Estimate ({})\n", e.currency);
    let _ = writeln!(o, "- **Sprint:** {}", md(&e.sprint.summary));
    let _ = writeln!(o, "  - Drivers: {}", md(&drivers_line(e)));
    let _ = writeln!(o, "- **DIY:** {}", md(&e.diy.summary));
    let _ = writeln!(
        o,
        "- **Doing nothing:** {}; {}",
        md(&window_line(&e.do_nothing.days_30, sym)),
        md(&window_line(&e.do_nothing.days_90, sym))
    );
    let _ = writeln!(o, "- **Recommendation:** {}", md(&e.recommendation.text));
    let _ = writeln!(o, "- **Break-even:** {}", md(&e.break_even.sentence));
    if !e.inputs.assumed.is_empty() {
        let _ = writeln!(
            o,
            "\nAssumed because you did not give them (change them on the estimate page): {}.",
            md(&assumed_fields(&e.inputs.assumed, true))
        );
    }
    if !a.notices.is_empty() {
        let _ = writeln!(o, "\n## Notices\n");
        for n in &a.notices {
            let _ = writeln!(o, "- {}", md(n));
        }
    }
    let _ = writeln!(
        o,
        "\n---\nComputed on your machine by shipcheck; nothing you entered was sent anywhere."
    );
    o
}

/// The inputs the estimate assumed: their saved-JSON keys for the terminal ("roles,
/// app_size"), their labels for a founder.
fn assumed_fields(fields: &[crate::catalog::fields::Field], labels: bool) -> String {
    fields
        .iter()
        .map(|f| if labels { f.label() } else { f.json_key() })
        .collect::<Vec<_>>()
        .join(", ")
}
