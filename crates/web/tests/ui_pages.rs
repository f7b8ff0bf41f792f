//! The four assessment pages (/checklist, /risk, /readiness, /estimate) rendered
//! natively with Yew's server renderer, from given answers: what a founder must see
//! is on the page, and every number equals what the engine's `assess()` computes for
//! the same state (never a number written into the test).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use regex::Regex;
use shipcheck_engine::assess::{assess, Decision, GateStatus, Overall};
use shipcheck_engine::catalog::assess::Catalog;
use shipcheck_engine::catalog::fields::Kind;
use shipcheck_engine::catalog::operator::OperatorConfig;
use shipcheck_engine::estimate::formulas::format_money;
use shipcheck_engine::state::{Answer, AppSize, Field, State};
use shipcheck_web::ui::components::gate_item::{GateInput, GateItem, GateItemProps};
use shipcheck_web::ui::components::number_field::{error_sentence, NumberField, NumberFieldProps};
use shipcheck_web::ui::state::AppState;
use yew::prelude::*;
use yew::LocalServerRenderer;

#[path = "ui_pages/flow.rs"]
mod flow;
#[path = "ui_pages/support.rs"]
mod support;
use support::*;

// ---------------------------------------------------------------- checklist

#[tokio::test]
async fn blank_checklist_offers_every_profile_and_waits_for_answers() {
    let s = State::default();
    let html = render("/checklist", &s).await;
    let catalog = Catalog::built_in();
    for p in catalog.profiles() {
        assert_has(&html, &p.description, "profile description");
        assert!(
            html.contains(&format!("id=\"profile-{}\"", p.id)),
            "radio for {}",
            p.id
        );
    }
    // The situation is asked as the engine's few plain questions, after the checklist:
    // no condition checkbox before the first question.
    let first_question = html.find("class=\"question ").expect("a question");
    for g in catalog.screen_groups() {
        assert_has(&html, &g.text, "situation question");
        let at = html.find(&esc(&g.text)).unwrap();
        assert!(at > first_question, "{} asked before question 1", g.id);
    }
    assert!(
        !html.contains("type=\"checkbox\" id=\"screen-"),
        "conditions folded until a yes"
    );
    let n = catalog.questions_for(&s.profile, s.uses_ai).len();
    assert_has(&html, &format!("0 of {n} answered"), "progress");
    assert_eq!(html.matches("class=\"question ").count(), n);
    assert!(
        html.contains("Answer the questions to see"),
        "empty verdict"
    );
    assert!(
        !html.contains("data-verdict="),
        "no verdict before any answer"
    );
}

#[tokio::test]
async fn risky_answers_give_a_sprint_with_reasons_and_the_booking_link() {
    // b2b-agency: three or more risks → sprint.
    let s = answered("b2b-agency", &[2, 5, 9]);
    let a = engine(&s);
    assert_eq!(a.verdict, Decision::Sprint);
    let html = render("/checklist", &s).await;
    assert!(html.contains("data-verdict=\"sprint\""), "{html}");
    assert_has(&html, Decision::Sprint.label(), "verdict label");
    let reasons = element(&html, "class=\"reasons\"");
    for r in &a.reasons {
        assert_has(reasons, &r.text, "reason");
    }
    // Each risky answer shows why it matters, and only those.
    for q in Catalog::built_in().questions_for(&s.profile, s.uses_ai) {
        let why = html.contains(&esc(&q.money));
        assert_eq!(why, [2, 5, 9].contains(&q.number), "Q{} why line", q.number);
    }
    let op = OperatorConfig::built_in();
    let link = Regex::new(r#"<a [^>]*href="([^"]+)"[^>]*target="_blank"[^>]*>"#).unwrap();
    let booking = link
        .captures_iter(&html)
        .find(|c| c[1] == op.booking_url)
        .expect("booking link opening in a new tab");
    assert!(
        booking[0].contains("rel=\"noopener noreferrer\""),
        "{}",
        &booking[0]
    );
    assert!(html.contains("Nothing you entered here is sent"));
    assert_has(
        &html,
        &format!(
            "{} of {} answered",
            a.checklist.answered, a.checklist.questions
        ),
        "progress",
    );
    // The picked profile is checked, the others not.
    assert!(
        Regex::new(r#"<input value="b2b-agency" checked[^>]*id="profile-b2b-agency""#)
            .unwrap()
            .is_match(&html)
    );
    let checked = Regex::new(r"<input[^>]* checked[ >]").unwrap();
    let n = checked.find_iter(&html).count();
    assert_eq!(
        n,
        // The profile, ten answers, and "no" to each situation question.
        1 + 10 + Catalog::built_in().screen_groups().len(),
        "{:?}",
        checked
            .find_iter(&html)
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn few_risks_give_diy_with_the_seeds_plan_as_numbered_steps() {
    let s = answered("b2b-agency", &[4]);
    let a = engine(&s);
    assert_eq!(a.verdict, Decision::Diy);
    let plan = a.diy_plan.as_ref().expect("diy plan");
    let html = render("/checklist", &s).await;
    assert!(html.contains("data-verdict=\"diy\""));
    let steps = element(&html, "class=\"diy-plan\"");
    assert_eq!(steps.matches("<li>").count(), plan.steps.len());
    for step in &plan.steps {
        assert_has(steps, step, "DIY step");
    }
    assert_has(&html, &plan.intro, "DIY intro");
}

#[tokio::test]
async fn a_screening_yes_gives_not_a_rescue_case_and_what_to_do_instead() {
    let mut s = answered("coach-founder", &[1, 2, 3]);
    s.screening.insert("stage".into(), Answer::Yes);
    s.screening.insert("idea-changing".into(), Answer::Yes);
    let a = engine(&s);
    assert_eq!(a.verdict, Decision::NotARescueCase);
    let html = render("/checklist", &s).await;
    assert!(html.contains("data-verdict=\"not-a-rescue-case\""));
    let instead = element(&html, "class=\"instead\"");
    assert!(!a.instead.is_empty());
    for i in &a.instead {
        assert_has(instead, i, "what to do instead");
    }
    assert!(
        Regex::new(r#"<input checked[^>]*id="screen-idea-changing""#)
            .unwrap()
            .is_match(&html),
        "the ticked screening box stays ticked"
    );
}

#[tokio::test]
async fn the_ai_toggle_adds_the_red_team_questions() {
    let mut s = state("b2b-agency");
    let without = Catalog::built_in()
        .questions_for(&s.profile, s.uses_ai)
        .len();
    s.uses_ai = true;
    let with = Catalog::built_in()
        .questions_for(&s.profile, s.uses_ai)
        .len();
    assert!(with > without);
    let html = render("/checklist", &s).await;
    assert_eq!(html.matches("class=\"question ").count(), with);
    assert!(Regex::new(r#"<input checked[^>]*id="uses-ai""#)
        .unwrap()
        .is_match(&html));
}

// ---------------------------------------------------------------- risk

#[tokio::test]
async fn risk_page_before_any_answer_says_what_to_do() {
    let html = render("/risk", &State::default()).await;
    assert!(html.contains("No answers yet"));
    assert!(html.contains("href=\"/checklist\""));
    assert!(
        !html.contains("class=\"gauge"),
        "no score before any answer"
    );
}

#[tokio::test]
async fn risk_page_shows_the_engines_score_grade_categories_and_top_risks() {
    for s in [
        answered("coach-founder", &[3]),
        answered("full", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    ] {
        let a = engine(&s);
        let html = render("/risk", &s).await;
        assert!(
            html.contains(&esc(&format!(
                "Risk score {} out of 100. {}",
                a.risk.score_text(),
                a.risk.grade_text()
            ))),
            "gauge label for {}",
            a.risk.score
        );
        let grade = a.risk.grade.as_deref().unwrap_or("open");
        assert!(html.contains(&format!("data-grade=\"{grade}\"")));
        assert!(
            html.contains(&format!("gauge level-{}", a.risk.level.as_str())),
            "the gauge's colour is the grade's level"
        );
        let chart = element(&html, "class=\"chart bar-chart");
        assert_eq!(
            chart.matches("class=\"bar-row\"").count(),
            a.risk.categories.len()
        );
        for c in a.risk.categories.values() {
            let label = c.score.map_or("not asked".into(), |v| format!("{v} / 100"));
            assert!(
                chart.contains(&format!("{}</text>", esc(&label))),
                "{}: {label}",
                c.label
            );
            assert_has(chart, &c.label, "category label");
        }
        let top = element(&html, "class=\"top-risks\"");
        assert_eq!(top.matches("<li").count(), a.risk.top_risks.len());
        for t in &a.risk.top_risks {
            assert_has(top, &t.why, "why");
            assert_has(top, &t.fix, "fix");
        }
        assert!(html.contains("0 scan findings"), "no findings fed in");
    }
}

#[tokio::test]
async fn the_score_moves_when_answers_get_riskier() {
    let low = answered("coach-founder", &[4]);
    let high = answered("coach-founder", &[1, 3, 4, 5]);
    let (a, b) = (engine(&low), engine(&high));
    assert!(b.risk.score > a.risk.score);
    let (hl, hh) = (render("/risk", &low).await, render("/risk", &high).await);
    assert!(hl.contains(&esc(&format!("Risk score {} out", a.risk.score_text()))));
    assert!(hh.contains(&esc(&format!("Risk score {} out", b.risk.score_text()))));
}

#[tokio::test]
async fn a_scan_blocker_caps_the_grade_and_is_said_on_every_page() {
    let s = answered("coach-founder", &[4]);
    let findings = blocker_findings();
    let a = assess(Catalog::built_in(), &s, &findings);
    assert!(a.risk.capped);
    let html = render_with_findings("/risk", &s, findings.clone()).await;
    assert!(html.contains("Not ready to launch: fix these first."));
    assert!(html.contains(&esc(&a.risk.grade_text())), "the cap and why");
    for b in &a.readiness.blockers {
        assert_has(&html, b, "the one blocker list");
    }
    assert!(html.contains("1 scan finding."), "finding count");
    assert_has(&html, &findings[0].title, "blocker in the top risks");

    let html = render_with_findings("/readiness", &s, findings.clone()).await;
    assert!(html.contains("data-overall=\"not-ready\""));
    let html = render_with_findings("/checklist", &s, findings).await;
    assert!(
        html.contains("data-verdict=\"sprint\""),
        "a blocker calls for a sprint"
    );
    assert!(html.contains("Scan blocker"));
}

// ---------------------------------------------------------------- readiness

fn gate_status(html: &str, id: &str) -> String {
    let re = Regex::new(&format!(r#"id="gate-{id}" data-status="([a-z]+)""#)).unwrap();
    re.captures(html)
        .unwrap_or_else(|| panic!("gate {id} not on the page"))[1]
        .to_string()
}

#[tokio::test]
async fn readiness_shows_every_gate_as_the_engine_decides_it() {
    let mut s = answered("full", &[1, 2]);
    s.gates.insert("rollback-notes".into(), Answer::Yes);
    s.gates.insert("regression-pass".into(), Answer::No);
    s.inputs.set(Field::CriticalApiP95, Some(250));
    s.inputs.set(Field::DashboardLoad, Some(2400));
    for state in [State::default(), s] {
        let a = engine(&state);
        let html = render("/readiness", &state).await;
        assert!(html.contains(&format!(
            "data-overall=\"{}\"",
            a.readiness.overall.as_str()
        )));
        // Nothing answered is said as such, not as a verdict.
        let unassessed = a.readiness.passed + a.readiness.failed == 0;
        assert_eq!(html.contains("Not assessed yet"), unassessed);
        assert_eq!(
            html.contains("Ready, with risks"),
            !unassessed && a.readiness.overall == Overall::ReadyWithRisks
        );
        assert_eq!(
            html.matches("class=\"gate ").count(),
            a.readiness.gates.len()
        );
        for g in &a.readiness.gates {
            assert_eq!(gate_status(&html, &g.id), g.status.as_str(), "{}", g.id);
            for e in &g.evidence {
                assert_has(&html, e, "gate evidence");
            }
        }
        let word = |st: GateStatus| match st {
            GateStatus::Pass => "Pass",
            GateStatus::Fail => "Fail",
            GateStatus::Unknown => "Unknown",
        };
        for g in &a.readiness.gates {
            let item = element(&html, &format!("id=\"gate-{}\"", g.id));
            assert!(item.contains(word(g.status)), "{}: status as a word", g.id);
        }
        assert_has(&html, &format!("{} pass", a.readiness.passed), "counts");
        // Blocker gates come first on the page.
        let first_other = a.readiness.gates.iter().position(|g| !g.blocker).unwrap();
        let pos = |id: &str| html.find(&format!("id=\"gate-{id}\"")).unwrap();
        for g in &a.readiness.gates[..first_other] {
            assert!(pos(&g.id) < pos(&a.readiness.gates[first_other].id));
        }
    }
}

#[tokio::test]
async fn each_figure_has_a_labelled_box_its_unit_and_target() {
    let mut s = State::default();
    s.inputs.set(Field::ErrorRate, Some(50));
    let html = render("/readiness", &s).await;
    for f in Field::figures() {
        let id = format!("field-{}", f.id());
        assert!(html.contains(&format!("for=\"{id}\"")), "label for {id}");
        assert_has(&html, f.label(), "figure label");
    }
    assert!(html.contains("Target: under 300 ms"));
    assert!(html.contains("Target: under 2 s"));
    assert!(html.contains("Target: under 1%"));
    // A stored figure is shown back as typed.
    assert!(
        Regex::new(r#"<input value="0.5"[^>]*id="field-error-rate""#)
            .unwrap()
            .is_match(&html)
    );
}

#[tokio::test]
async fn nonsense_figures_show_the_engines_message_and_are_marked_invalid() {
    for (field, text) in [
        (Field::CriticalApiP95, "-5"),
        (Field::DashboardLoad, "fast"),
        (Field::ErrorRate, "150%"),
        (Field::CriticalApiP95, "3600s"),
    ] {
        let message = field.parse(text).unwrap_err().message;
        let html = LocalServerRenderer::<NumberField>::with_props(NumberFieldProps {
            field,
            text: text.to_owned().into(),
            error: Some(message.clone().into()),
            hint: Some(html! { "Target: under 300 ms" }),
            currency_symbol: "$".into(),
            on_input: Callback::noop(),
            doubt: None,
            on_keep: Callback::noop(),
        })
        .render()
        .await;
        let id = format!("field-{}", field.id());
        assert!(html.contains("aria-invalid=\"true\""), "{html}");
        assert!(
            html.contains(&format!("aria-describedby=\"{id}-hint {id}-error\"")),
            "{html}"
        );
        let error = element(&html, &format!("id=\"{id}-error\""));
        assert_has(error, &error_sentence(&message), "message");
        assert!(
            html.contains(&format!("value=\"{}\"", text)),
            "what was typed stays"
        );
    }
    // A valid value is not marked.
    let html = LocalServerRenderer::<NumberField>::with_props(NumberFieldProps {
        field: Field::CriticalApiP95,
        text: "250".into(),
        error: None,
        hint: None,
        currency_symbol: "$".into(),
        on_input: Callback::noop(),
        doubt: None,
        on_keep: Callback::noop(),
    })
    .render()
    .await;
    assert!(!html.contains("aria-invalid"));
    assert!(!html.contains("aria-describedby"));
}

#[tokio::test]
async fn a_figure_gate_carries_the_typed_draft_and_its_message() {
    let catalog = Catalog::built_in();
    let mut app = AppState::default();
    app.drafts.insert(Field::CriticalApiP95, "-5".into());
    let a = engine(&app.answers);
    let gate = a
        .readiness
        .gates
        .iter()
        .find(|g| g.id == "critical-api-p95")
        .unwrap()
        .clone();
    assert!(catalog.gates().iter().any(|g| g.id == gate.id));
    let html = LocalServerRenderer::<GateItem>::with_props(GateItemProps {
        gate,
        input: GateInput::Figure {
            field: Field::CriticalApiP95,
            below: 300,
            text: app.field_text(Field::CriticalApiP95).into(),
            error: app.field_error(Field::CriticalApiP95).map(AttrValue::from),
            on_input: Callback::noop(),
            doubt: app.field_doubt(Field::CriticalApiP95),
            on_keep: Callback::noop(),
        },
    })
    .render()
    .await;
    assert!(html.contains("Can't be negative."), "{html}");
    assert!(
        html.contains("data-status=\"unknown\""),
        "a refused figure decides nothing"
    );
    assert!(html.contains("Unknown"));
}

// ---------------------------------------------------------------- estimate

#[tokio::test]
async fn estimate_numbers_are_the_engines() {
    let mut typed = answered("cursor-b2b", &[1, 2, 3]);
    typed.inputs.set(Field::DayRate, Some(900));
    typed.inputs.set(Field::SupportHoursPerWeek, Some(6));
    typed
        .inputs
        .set(Field::AppSize, Some(AppSize::Small.code()));
    typed.inputs.set(Field::HasTests, Some(1));
    for s in [
        State::default(),
        answered("b2b-agency", &[1, 2, 3, 5]),
        typed,
    ] {
        let a = engine(&s);
        let e = &a.estimate;
        let sym = &e.currency_symbol;
        let html = render("/estimate", &s).await;
        let price = e.sprint.price.expect("a priced sprint");
        let range = element(&html, "data-testid=\"price-range\"");
        for v in [price.low, price.likely, price.high] {
            assert!(range.contains(&format_money(v, sym)), "price {v}");
        }
        assert_has(&html, &e.recommendation.text, "recommendation");
        let blank = a.checklist.answered == 0;
        assert_eq!(
            html.contains("You haven't answered the checklist yet"),
            blank
        );
        assert_has(&html, &e.break_even.sentence, "break-even");
        assert_has(&html, &e.diy.summary, "DIY summary");
        let chart = element(&html, "class=\"chart grouped-columns\"");
        assert_eq!(
            chart.matches("class=\"column ").count(),
            6,
            "2 windows × 3 options"
        );
        for v in [
            price.likely,
            e.diy.cost,
            e.diy.expected_cost_90_days,
            e.do_nothing.days_30.total,
            e.do_nothing.days_90.total,
        ] {
            assert!(chart.contains(&format_money(v, sym)), "column label {v}");
        }
        let drivers = element(&html, "class=\"drivers\"");
        for d in &e.sprint.drivers {
            assert_has(drivers, &d.detail, "driver");
        }
        // "(default)" exactly where the engine assumed a value.
        // Number boxes carry it as their hint; choices in their legend.
        for f in Field::estimate() {
            let assumed = e.inputs.is_assumed(f);
            let hint = match f.kind() {
                Kind::Choice(_) | Kind::YesNo => {
                    // From the group's legend to its first radio button.
                    let input = html.find(&format!("name=\"{}\"", f.id())).unwrap();
                    let legend = html[..input].rfind("<legend").unwrap();
                    html[legend..input].contains("(default)")
                }
                _ => html.contains(&format!("id=\"field-{}-hint\"", f.id())),
            };
            assert_eq!(hint, assumed, "{f:?} default hint");
        }
        if e.inputs.is_assumed(Field::DayRate) {
            let op = OperatorConfig::built_in();
            assert!(html.contains(&format!(
                "(default) {}, the standard day rate",
                format_money(u64::from(op.day_rate), sym)
            )));
        }
    }
}

#[tokio::test]
async fn past_seven_days_the_estimate_says_scope_first() {
    let mut s = answered("full", &(1..=19).collect::<Vec<_>>());
    s.uses_ai = true;
    s.inputs.set(Field::AppSize, Some(AppSize::Large.code()));
    s.inputs.set(Field::Roles, Some(8));
    s.inputs.set(Field::Integrations, Some(9));
    let a = engine(&s);
    assert!(a.estimate.sprint.scope_first);
    let html = render("/estimate", &s).await;
    assert!(html.contains("More than one sprint: scope first."));
    assert!(!html.contains("data-testid=\"price-range\""));
    assert!(html.contains("scope first</text>"), "the chart says so too");
}

// ---------------------------------------------------------------- every page

fn page_states() -> Vec<State> {
    let mut narc = answered("coach-founder", &[1]);
    narc.screening.insert("wants-rebuild".into(), Answer::Yes);
    let mut figures = answered("full", &[2, 6]);
    figures.uses_ai = true;
    figures.inputs.set(Field::CoreReadP95, Some(700));
    vec![
        State::default(),
        answered("b2b-agency", &[2, 5, 9]),
        answered("creator-founder", &[]),
        narc,
        figures,
    ]
}

#[tokio::test]
async fn every_input_has_a_label_and_every_id_is_unique() {
    let input = Regex::new(r"<input[^>]*>").unwrap();
    let id_attr = Regex::new(r#"\sid="([^"]+)""#).unwrap();
    let label_for = Regex::new(r#"<label[^>]*\sfor="([^"]+)""#).unwrap();
    let heading = Regex::new(r"<h([1-6])").unwrap();
    for s in page_states() {
        for path in PAGES {
            let html = render(path, &s).await;
            let labelled: BTreeSet<&str> = label_for
                .captures_iter(&html)
                .map(|c| c.get(1).unwrap().as_str())
                .collect();
            let mut inputs = 0;
            for tag in input.find_iter(&html) {
                inputs += 1;
                let id = id_attr
                    .captures(tag.as_str())
                    .unwrap_or_else(|| panic!("{path}: input without id: {}", tag.as_str()));
                assert!(
                    labelled.contains(&id[1]),
                    "{path}: no <label for=\"{}\">",
                    &id[1]
                );
            }
            if path != "/risk" {
                assert!(inputs > 0, "{path} has inputs");
            }
            let mut seen = BTreeSet::new();
            for c in id_attr.captures_iter(&html) {
                let id = c.get(1).unwrap().as_str();
                assert!(seen.insert(id), "{path}: duplicate id {id:?}");
            }
            // Every radio group is a fieldset with a legend.
            assert_eq!(
                html.matches("<fieldset").count(),
                html.matches("<legend").count(),
                "{path}"
            );
            // Headings in order: one h1, no level skipped.
            assert_eq!(html.matches("<h1").count(), 1, "{path}");
            let mut last = 1;
            for c in heading.captures_iter(&html) {
                let level: u32 = c[1].parse().unwrap();
                assert!(level <= last + 1, "{path}: h{level} after h{last}");
                last = level;
            }
            assert!(!html.contains("style="), "{path}: inline style");
        }
    }
}

// ---------------------------------------------------------------- one readiness

/// With nothing answered and nothing scanned, every page and export says the same
/// thing about launch readiness — not assessed — and none of them concludes.
#[tokio::test]
async fn with_nothing_answered_every_page_and_export_says_not_assessed() {
    use shipcheck_engine::assess::render;
    use shipcheck_engine::report::handover;
    let s = State::default();
    let a = engine(&s);
    assert_eq!(a.readiness.overall, Overall::NotAssessed);
    let label = Overall::NotAssessed.label();
    let catalog = Catalog::built_in();
    let op = OperatorConfig::built_in();
    let mut outputs = vec![
        ("/readiness".to_string(), render("/readiness", &s).await),
        ("/report".to_string(), render("/report", &s).await),
        ("text export".into(), render::to_text(catalog, &a)),
        ("markdown export".into(), render::to_markdown(catalog, &a)),
        (
            "handover markdown".into(),
            handover::markdown(catalog, &a, &[], None, &op, "2026-12-03"),
        ),
    ];
    let json = handover::json(&a, &[], None, "2026-12-03");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["assessment"]["readiness"]["overall"], "not-assessed",
        "{json}"
    );
    outputs.push(("handover json".into(), json));
    for (what, out) in &outputs {
        let lower = out.to_lowercase();
        assert!(
            lower.contains(label) || out.contains("not-assessed"),
            "{what} does not say {label:?}"
        );
        for verdict in [Overall::Ready, Overall::ReadyWithRisks, Overall::NotReady] {
            for words in [verdict.label(), verdict.headline(), verdict.as_str()] {
                let needle = format!("readiness: {}", words.to_lowercase());
                assert!(!lower.contains(&needle), "{what} says {needle:?}");
            }
            assert!(
                !out.contains(&format!("data-overall=\"{}\"", verdict.as_str())),
                "{what} marks {verdict:?}"
            );
        }
    }
    let readiness = &outputs[0].1;
    assert!(readiness.contains("data-overall=\"not-assessed\""));
    assert!(readiness.contains(Overall::NotAssessed.headline()));
    let report = &outputs[1].1;
    assert!(report.contains(label), "the report's readiness card");
}

// ---------------------------------------------------------------- scan results

/// The scan results put database access in its own group, who can do what first,
/// and do not list those findings a second time under their files.
#[tokio::test]
async fn scan_results_group_database_access_with_the_exposure_first() {
    use shipcheck_engine::finding::Category;
    use shipcheck_engine::scan::{ScanInput, Scanner};
    use shipcheck_web::ui::components::findings_view::{FindingsView, FindingsViewProps};
    let report = Scanner::built_in().scan(vec![
        ScanInput::new(
            "supabase/migrations/20240101000000_init.sql",
            "create table public.profiles (id uuid primary key references auth.users, email text);\n",
        ),
        ScanInput::new("src/Team.tsx", "const { data } = await supabase.from('profiles').select('*');\n"),
    ]);
    let access = report
        .findings
        .iter()
        .filter(|f| f.category == Category::Access)
        .count();
    assert!(access >= 2, "{:?}", report.findings);
    let exposure = report.access.as_ref().unwrap().exposure[0].clone();
    let html = LocalServerRenderer::<FindingsView>::with_props(FindingsViewProps {
        report: std::rc::Rc::new(report),
        rescan: None,
    })
    .render()
    .await;
    let group = html
        .find("data-testid=\"access-group\"")
        .expect("the group");
    let first_line = html.find(&exposure).expect("the exposure line");
    assert!(
        group < first_line && first_line < html[group..].find("findings-table").unwrap() + group
    );
    assert!(
        html.contains(&format!("Database access {access}")),
        "the kind chip counts them"
    );
    assert_eq!(
        html.matches("<span class=\"rule-id\">access-rls-disabled</span>")
            .count(),
        1,
        "listed once, in the group"
    );
    assert!(html.contains("Read 1 SQL file"));
}

/// One key found thirty times is one problem "×30" with its places, and /risk and
/// /report list the same problems with the same blockers (one engine list).
#[tokio::test]
async fn a_key_found_thirty_times_is_one_problem_on_risk_and_report() {
    use shipcheck_engine::scan::{ScanInput, Scanner};
    let key = "sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW";
    let bundle: String = (0..30).map(|i| format!("var k{i}=\"{key}\";\n")).collect();
    let report = Scanner::built_in().scan(vec![ScanInput::new("assets/index-4f3a9c.js", bundle)]);
    assert_eq!(report.findings.len(), 30);
    let s = answered("coach-founder", &[]);
    let mut lists = Vec::new();
    for path in ["/risk", "/report"] {
        let html = render_with_findings(path, &s, report.findings.clone()).await;
        let list = element(&html, "data-testid=\"problem-list\"").to_string();
        assert_eq!(
            list.matches("class=\"problem-title\"").count(),
            1,
            "{path}: {list}"
        );
        assert!(list.contains("data-count=\"30\""), "{path}: {list}");
        assert!(
            list.contains("data-blocker=\"true\""),
            "{path}: a key in the bundle blocks launch"
        );
        assert!(list.contains("×30"), "{path}");
        assert_eq!(
            list.matches("<li>assets/index-4f3a9c.js:").count(),
            20,
            "{path}: the places kept"
        );
        assert!(list.contains("and 10 more"), "{path}");
        lists.push(list);
    }
    assert_eq!(
        lists[0], lists[1],
        "/risk and /report list the same problems"
    );
}
