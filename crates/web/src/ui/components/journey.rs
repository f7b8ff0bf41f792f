//! Where the founder is: the five steps (Checklist → Scan → Readiness → Estimate →
//! Report) with the current one marked, and the next step at the end of every page.
//! How far each step is comes from the assessment (answers given, gates known).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::ui::routes::Route;
use crate::ui::state::AssessmentContext;
use shipcheck_engine::assess::Assessment;

/// A short line under a step's name: how far it is, from the engine's counts.
pub fn step_progress(route: Route, a: &Assessment) -> Option<String> {
    match route {
        Route::Checklist => Some(format!(
            "{} of {} answered",
            a.checklist.answered, a.checklist.questions
        )),
        Route::Readiness => {
            // `open`: gates nothing answers yet (a "not sure" is an answer).
            let total = a.readiness.gates.len() as u32;
            let answered = total.saturating_sub(a.readiness.open);
            Some(format!("{answered} of {total} gates answered"))
        }
        _ => None,
    }
}

#[derive(Properties, PartialEq)]
pub struct JourneyProps {
    pub current: Route,
}

/// The step indicator: an ordered list of links, the current step marked with
/// `aria-current="step"` (and in words for everyone).
#[component]
pub fn StepIndicator(props: &JourneyProps) -> Html {
    let assessment = use_context::<AssessmentContext>();
    let steps = Route::JOURNEY;
    let at = steps.iter().position(|&r| r == props.current);
    html! {
        <nav class="steps" aria-label="Your progress">
            <ol>
                { for steps.iter().enumerate().map(|(i, &r)| {
                    let current = at == Some(i);
                    let progress = assessment.as_ref().and_then(|AssessmentContext(a)| step_progress(r, a));
                    html! {
                        <li class={classes!("step", current.then_some("current"))}>
                            <Link<Route> to={r} classes="step-link">
                                <span class="step-index" aria-hidden="true">{ i + 1 }</span>
                                <span class="step-name" aria-current={current.then_some("step")}>{ r.label() }</span>
                                if current {
                                    <span class="visually-hidden">{ " (you are here)" }</span>
                                }
                                if let Some(p) = progress {
                                    <span class="step-progress">{ p }</span>
                                }
                            </Link<Route>>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}

/// The next step, at the end of every page.
#[component]
pub fn NextStep(props: &JourneyProps) -> Html {
    let Some((next, why)) = props.current.next_step() else {
        return html! {};
    };
    html! {
        <section class="next-step" aria-labelledby="next-step-h">
            <h2 id="next-step-h">{ "Next step" }</h2>
            <p>{ why }</p>
            <Link<Route> to={next} classes="button primary next-step-link">
                { format!("{} →", next.title()) }
            </Link<Route>>
        </section>
    }
}
