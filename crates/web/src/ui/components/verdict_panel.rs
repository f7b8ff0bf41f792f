//! The live verdict: sprint / DIY first / not a rescue case yet, the reasons behind
//! it, the DIY plan or what to do instead, and the call to action.

use std::rc::Rc;

use yew::prelude::*;

use super::booking_link::BookingLink;
use shipcheck_engine::assess::{Assessment, Decision, ReasonKind};

#[derive(Properties, PartialEq)]
pub struct VerdictPanelProps {
    pub assessment: Rc<Assessment>,
    /// Whether the founder has answered or screened anything yet.
    pub started: bool,
}

#[component]
pub fn VerdictPanel(props: &VerdictPanelProps) -> Html {
    let a = &props.assessment;
    let c = &a.checklist;
    if !props.started {
        return html! {
            <section class="verdict-panel empty" aria-labelledby="verdict-h" id="verdict">
                <h2 id="verdict-h">{ "Your verdict" }</h2>
                <p role="status">{ "Answer the questions to see whether you need a rescue sprint, a DIY fix, or neither yet. It updates as you go." }</p>
                <p class="muted">{ format!("{} questions, about 3 minutes. Nothing you answer leaves this browser.", c.questions) }</p>
            </section>
        };
    }
    let (summary, cta) = (a.verdict.summary(), a.verdict.call_to_action());
    let open = a.verdict == Decision::NotDecided;
    html! {
        <section class={classes!("verdict-panel", format!("verdict-{}", a.verdict.as_str()))}
                 aria-labelledby="verdict-h" id="verdict">
            <h2 id="verdict-h">{ "Your verdict" }</h2>
            <p class="verdict-label" role="status" data-verdict={a.verdict.as_str()}>
                <span class="icon" aria-hidden="true">{ a.verdict.icon() }</span>
                { a.verdict.label() }
            </p>
            <p class="verdict-summary">{ summary }</p>
            if !a.outlook.is_empty() {
                <p class="verdict-outlook">{ a.outlook.clone() }</p>
            }
            if open && !a.possible.is_empty() {
                <p class="verdict-possible">
                    { "Still possible: " }
                    { for a.possible.iter().enumerate().map(|(i, d)| html! {
                        <>
                            if i > 0 { { " · " } }
                            <strong data-possible={d.as_str()}>{ d.label() }</strong>
                        </>
                    }) }
                </p>
            }
            <p class="muted answered-count">{ format!("Based on {} of {} answers.", c.answered, c.questions) }</p>
            // The sprint's call to action comes first; for the others the plan does.
            if a.verdict == Decision::Sprint {
                <BookingLink text={cta} primary=true />
            }

            <h3>{ "Why" }</h3>
            <ul class="reasons">
                { for a.reasons.iter().map(|r| html! {
                    <li class={classes!("reason", format!("reason-{}", reason_class(r.kind)))}>
                        <span class="reason-tag">{ r.kind.label() }</span>
                        <span>{ r.text.clone() }</span>
                    </li>
                }) }
            </ul>

            if !a.instead.is_empty() {
                <h3>{ "What to do instead" }</h3>
                <ul class="instead">
                    { for a.instead.iter().map(|i| html! { <li>{ i.clone() }</li> }) }
                </ul>
            }
            if let Some(plan) = &a.diy_plan {
                <h3>{ "Your DIY plan" }</h3>
                <p>{ plan.intro.clone() }</p>
                <ol class="diy-plan">
                    { for plan.steps.iter().map(|s| html! { <li>{ s.clone() }</li> }) }
                </ol>
                <p class="muted">{ plan.note.clone() }</p>
            }

            if a.verdict != Decision::Sprint {
                <BookingLink text={cta} primary=false />
            }
        </section>
    }
}

fn reason_class(kind: ReasonKind) -> &'static str {
    match kind {
        ReasonKind::Screening => "screening",
        ReasonKind::Rule => "rule",
        ReasonKind::Answer => "answer",
        ReasonKind::Blocker => "blocker",
        ReasonKind::Finding => "finding",
        ReasonKind::Note => "note",
    }
}
