//! The /risk page: the 0–100 score and grade, where the risk is (one bar per
//! category), what caps the grade, and the top risks with why and fix.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::ui::components::charts::{BarChart, BarDatum};
use crate::ui::components::empty_state::EmptyState;
use crate::ui::components::problem_list::ProblemList;
use crate::ui::components::score_gauge::{level_class, ScoreGauge};
use crate::ui::components::top_risks::TopRisks;
use crate::ui::routes::Route;
use crate::ui::state::AssessmentContext;
use shipcheck_engine::assess::Assessment;
use shipcheck_engine::catalog::assess::Catalog;

/// How many distinct scan problems count towards the score: the assessment's own
/// list (one per key, however many places).
pub fn counted_findings(a: &Assessment) -> u32 {
    a.findings.len() as u32
}

/// What a grade means, in a few words.
pub fn grade_meaning(grade: &str) -> &'static str {
    match grade {
        "A" => "Low risk",
        "B" => "Some loose ends",
        "C" => "Real risk: fix before you grow",
        "D" => "Serious risk",
        "E" => "High risk: customers are exposed",
        _ => "Critical: fix before anyone else signs up",
    }
}

/// The grade bands as a founder reads them: "A 0–9 · B 10–19 · …".
pub fn grade_scale(catalog: &Catalog) -> String {
    let mut from = 0;
    let mut parts = Vec::new();
    for (grade, max) in &catalog.weights().grades {
        parts.push(format!("{grade} {from}–{max}"));
        from = max + 1;
    }
    parts.join(" · ")
}

/// One bar per category: its score, or "not asked" when the checklist asks nothing there.
pub fn category_bars(a: &Assessment) -> Vec<BarDatum> {
    a.risk
        .categories
        .values()
        .map(|c| BarDatum {
            label: c.label.clone().into(),
            value: c.score.map_or(0.0, f64::from),
            value_label: c
                .score
                .map_or("not asked".to_string(), |s| format!("{s} / 100"))
                .into(),
            class: c.score.map_or("level-none", level_class).into(),
        })
        .collect()
}

#[component]
pub fn Risk() -> Html {
    let Some(AssessmentContext(a)) = use_context::<AssessmentContext>() else {
        return html! {};
    };
    let catalog = Catalog::built_in();
    let r = &a.risk;
    let findings = counted_findings(&a);
    let intro = html! {
        <div class="page-intro">
            <h1>{ "Risk score" }</h1>
            <p class="lede">{ "How risky your app is right now, from 0 (nothing found) to 100 (every question answered the risky way), and where the risk is." }</p>
        </div>
    };
    if a.checklist.answered == 0 && findings == 0 {
        return html! {
            <div class="page risk-page">
                { intro }
                <EmptyState title="No answers yet"
                    text="The score comes from your checklist answers and from anything the scan finds. Answer the checklist (about three minutes) or scan a file, and the score appears here."
                    to={Route::Checklist} action="Answer the checklist"
                    also={Some((Route::Scan, AttrValue::from("Scan a file")))} />
            </div>
        };
    }
    let bars = category_bars(&a);
    let desc = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.value_label))
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        <div class="page risk-page">
            { intro }
            <section class="score-card" aria-labelledby="score-h">
                <h2 id="score-h" class="visually-hidden">{ "Your score" }</h2>
                <ScoreGauge score={r.score} text={r.score_text()} grade_text={r.grade_text()} level={r.level} />
                <div class="grade-block">
                    if let Some(g) = &r.grade {
                        <p class={classes!("grade", format!("grade-{}", g.to_ascii_lowercase()))} data-grade={g.clone()}>
                            <span class="grade-letter">{ g.clone() }</span>
                            <span class="grade-word">{ format!("Grade {g}: {}", grade_meaning(g)) }</span>
                        </p>
                    } else {
                        <p class="grade grade-open" data-grade="open">
                            <span class="grade-word">{ r.grade_text() }</span>
                        </p>
                    }
                    <p class="muted">
                        { format!("Score {} / 100, higher is riskier. From {} of {} checklist answers", r.score_text(), a.checklist.answered, a.checklist.questions) }
                        { format!(" and {findings} scan finding{}. ", if findings == 1 { "" } else { "s" }) }
                        <Link<Route> to={Route::Scan}>{ if findings == 0 { "Scan a file" } else { "See the scan" } }</Link<Route>>
                        { " · " }
                        <Link<Route> to={Route::Checklist}>{ "Change answers" }</Link<Route>>
                    </p>
                    <p class="muted grade-scale">{ format!("Grades: {}", grade_scale(catalog)) }</p>
                </div>
            </section>

            if !a.readiness.blockers.is_empty() {
                <div class="alert bad" role="note">
                    <p><strong>{ "⚠ Not ready to launch: fix these first." }</strong>
                    { if r.capped {
                        format!(" {}.", r.grade_text())
                    } else {
                        " Fix them before launch, whatever the score.".to_string()
                    } }</p>
                    <ul>{ for a.readiness.blockers.iter().map(|b| html! { <li>{ b.clone() }</li> }) }</ul>
                </div>
            }

            <section aria-labelledby="categories-h">
                <h2 id="categories-h">{ "Where the risk is" }</h2>
                <BarChart title="Risk by category, 0 to 100" desc={desc} data={bars} max={100.0} stacked=true />
            </section>

            <section aria-labelledby="top-h">
                <h2 id="top-h">{ "Top risks" }</h2>
                if r.top_risks.is_empty() {
                    <p>{ "No risky or not-sure answers so far: nothing to fix yet." }</p>
                } else {
                    <TopRisks risks={r.top_risks.clone()} />
                }
            </section>

            if !a.findings.is_empty() {
                <section aria-labelledby="scan-found-h" data-testid="risk-scan-findings">
                    <h2 id="scan-found-h">{ "Found by the scan" }</h2>
                    <p class="muted">{ "Each problem once, however many places it was found in. Launch blockers first." }</p>
                    <ProblemList risks={a.findings.clone()} />
                </section>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipcheck_engine::assess::assess;
    use shipcheck_engine::state::{Answer, State};

    #[test]
    fn answers_alone_count_no_findings() {
        let catalog = Catalog::built_in();
        let mut s = State::default();
        s.answers.insert("secrets-exposed".into(), Answer::Yes);
        s.answers
            .insert("cross-tenant-access".into(), Answer::Unsure);
        s.answers.insert("core-flow-errors".into(), Answer::Yes);
        let a = assess(catalog, &s, &[]);
        assert_eq!(counted_findings(&a), 0);
    }

    #[test]
    fn the_grade_scale_comes_from_the_weights() {
        assert_eq!(
            grade_scale(Catalog::built_in()),
            "A 0–9 · B 10–19 · C 20–34 · D 35–49 · E 50–69 · F 70–100"
        );
    }

    #[test]
    fn every_category_gets_one_bar() {
        let a = assess(Catalog::built_in(), &State::default(), &[]);
        assert_eq!(
            category_bars(&a).len(),
            shipcheck_engine::catalog::assess::RiskCategory::ALL.len()
        );
    }
}
