//! The /readiness page: ready / ready with risks / not ready, the blockers first,
//! then every gate with pass / fail / unknown, answerable in place, and the four
//! figures with their units and targets.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::ui::components::gate_item::{GateInput, GateItem};
use crate::ui::routes::Route;
use crate::ui::state::{Action, AppHandle, AppState, AssessmentContext};
use shipcheck_engine::assess::{GateResult, Readiness as ReadinessResult};
use shipcheck_engine::catalog::assess::{Catalog, GateSource};

fn gate_input(state: &AppHandle, gate: &GateResult) -> GateInput {
    let def = Catalog::built_in().gates().iter().find(|d| d.id == gate.id);
    match def.map(|d| &d.source) {
        Some(GateSource::Figure { figure, below }) => {
            let field = *figure;
            let s: &AppState = state;
            let on_input = {
                let state = state.clone();
                Callback::from(move |text: String| state.dispatch(Action::Type { field, text }))
            };
            let on_keep = {
                let state = state.clone();
                Callback::from(move |()| state.dispatch(Action::KeepDoubtful(field)))
            };
            GateInput::Figure {
                field,
                below: *below,
                text: s.field_text(field).into(),
                error: s.field_error(field).map(AttrValue::from),
                on_input,
                doubt: s.field_doubt(field),
                on_keep,
            }
        }
        Some(GateSource::Answers { .. }) if gate.answerable => {
            let id = gate.id.clone();
            let on_answer = {
                let state = state.clone();
                Callback::from(move |a| {
                    state.dispatch(Action::Gate {
                        id: id.clone(),
                        answer: Some(a),
                    })
                })
            };
            GateInput::Answer {
                answer: state.answers.gates.get(&gate.id).copied(),
                on_answer,
            }
        }
        _ => GateInput::None,
    }
}

fn is_figure(gate: &GateResult) -> bool {
    Catalog::built_in()
        .gates()
        .iter()
        .any(|d| d.id == gate.id && matches!(d.source, GateSource::Figure { .. }))
}

#[component]
pub fn Readiness() -> Html {
    let (Some(state), Some(AssessmentContext(a))) = (
        use_context::<AppHandle>(),
        use_context::<AssessmentContext>(),
    ) else {
        return html! {};
    };
    let r: &ReadinessResult = &a.readiness;
    // Nothing answered yet: the engine says "ready with risks" (no blocker fails), but
    // to a founder who has not answered anything that reads as a verdict.
    let o = r.overall;
    let (icon, headline, sentence) = (o.icon(), o.headline(), o.sentence());
    let list = |gates: Vec<&GateResult>| {
        html! {
            <ul class="gates">
                { for gates.into_iter().map(|g| html! {
                    <GateItem key={g.id.clone()} gate={g.clone()} input={gate_input(&state, g)} />
                }) }
            </ul>
        }
    };
    let blockers: Vec<&GateResult> = r.gates.iter().filter(|g| g.blocker).collect();
    let others: Vec<&GateResult> = r
        .gates
        .iter()
        .filter(|g| !g.blocker && !is_figure(g))
        .collect();
    let figures: Vec<&GateResult> = r
        .gates
        .iter()
        .filter(|g| !g.blocker && is_figure(g))
        .collect();
    html! {
        <div class="page wide readiness-page">
            <div class="page-intro">
                <h1>{ "Launch readiness" }</h1>
                <p class="lede">{ "Are you ready to launch or invite more clients? Each gate passes, fails, or is unknown until you answer it here, in the " }
                    <Link<Route> to={Route::Checklist}>{ "checklist" }</Link<Route>>
                    { ", or a " }<Link<Route> to={Route::Scan}>{ "scan" }</Link<Route>>{ " decides it." }
                </p>
            </div>

            <section class={classes!("overall", r.overall.as_str())} aria-labelledby="overall-h">
                <h2 id="overall-h" class="visually-hidden">{ "Overall" }</h2>
                <p class="overall-label" role="status" data-overall={r.overall.as_str()}>
                    <span class="icon" aria-hidden="true">{ icon }</span>{ headline }
                </p>
                <p>{ sentence }</p>
                <p class="counts">
                    <span>{ format!("{} pass", r.passed) }</span>
                    <span>{ format!("{} fail", r.failed) }</span>
                    <span>{ format!("{} unknown", r.unknown) }</span>
                </p>
                if !r.blockers.is_empty() {
                    <h3>{ "What blocks the launch" }</h3>
                    <ul class="blockers">
                        { for r.blockers.iter().map(|b| html! { <li>{ b.clone() }</li> }) }
                    </ul>
                }
            </section>

            <section aria-labelledby="blocker-gates-h">
                <h2 id="blocker-gates-h">{ "Blockers: these must pass" }</h2>
                { list(blockers) }
            </section>
            <section aria-labelledby="other-gates-h">
                <h2 id="other-gates-h">{ "Other gates" }</h2>
                { list(others) }
            </section>
            <section aria-labelledby="figures-h">
                <h2 id="figures-h">{ "Your numbers" }</h2>
                <p class="muted">{ "From your monitoring (Sentry, Vercel, Supabase, your APM): the 95th percentile response time over the last week, and the share of requests to core flows that fail. Leave a box empty if you don't know; the gate stays unknown." }</p>
                { list(figures) }
            </section>
        </div>
    }
}
