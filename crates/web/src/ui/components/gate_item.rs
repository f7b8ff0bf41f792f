//! One launch-readiness gate: pass / fail / unknown (icon and word), its target, what
//! decided it, and the control to answer it: yes / no / not sure, or the founder's
//! own figure with its unit and the target beside it.

use yew::prelude::*;

use super::answer_group::AnswerGroup;
use super::glossed::glossed;
use super::number_field::{unit_for, NumberField};
use shipcheck_engine::assess::{GateResult, GateStatus};
use shipcheck_engine::catalog::fields::Doubt;
use shipcheck_engine::state::{Answer, Field};

/// Icon and word for a status: never colour alone.
pub fn status_words(s: GateStatus) -> (&'static str, &'static str) {
    match s {
        GateStatus::Pass => ("✓", "Pass"),
        GateStatus::Fail => ("✗", "Fail"),
        GateStatus::Unknown => ("?", "Unknown"),
    }
}

/// "Target: under 300 ms" for a numeric gate.
pub fn figure_target(field: Field, below: u32) -> String {
    let unit = unit_for(field, "").1.unwrap_or("");
    let sep = if unit == "%" { "" } else { " " };
    format!("Target: under {}{sep}{unit}", field.format_typed(below))
}

/// The control a gate is answered with.
#[derive(Debug, Clone, PartialEq)]
pub enum GateInput {
    /// Yes / no / not sure: "is it in place?".
    Answer {
        answer: Option<Answer>,
        on_answer: Callback<Answer>,
    },
    /// The founder's own figure.
    Figure {
        field: Field,
        below: u32,
        text: AttrValue,
        error: Option<AttrValue>,
        on_input: Callback<String>,
        /// The question about a doubtful value, and the founder keeping it as typed.
        doubt: Option<Doubt>,
        on_keep: Callback<()>,
    },
    /// Decided by other evidence only.
    None,
}

#[derive(Properties, PartialEq)]
pub struct GateItemProps {
    pub gate: GateResult,
    pub input: GateInput,
}

#[component]
pub fn GateItem(props: &GateItemProps) -> Html {
    let g = &props.gate;
    let (icon, word) = status_words(g.status);
    let status = g.status.as_str();
    html! {
        <li class={classes!("gate", format!("status-{status}"))} id={format!("gate-{}", g.id)} data-status={status}>
            <div class="gate-head">
                <span class={classes!("status-pill", status)}>
                    <span aria-hidden="true">{ icon }</span>{ " " }{ word }
                </span>
                <h3>{ glossed(&g.label) }</h3>
                if g.blocker {
                    <span class="tag bad">{ "Blocker" }</span>
                }
            </div>
            // A numeric gate shows its target beside the box instead.
            if !matches!(props.input, GateInput::Figure { .. }) {
                <p class="gate-target">{ glossed(&g.target) }</p>
            }
            if !g.evidence.is_empty() {
                <ul class="evidence">
                    { for g.evidence.iter().map(|e| html! { <li>{ e.clone() }</li> }) }
                </ul>
            }
            { match &props.input {
                GateInput::Answer { answer, on_answer } => {
                    let legend = html! {
                        <>
                            <span class="visually-hidden">{ format!("{}: ", g.label) }</span>
                            { "In place today?" }
                        </>
                    };
                    html! {
                        <AnswerGroup name={format!("gate-{}", g.id)} {legend} answer={*answer}
                                     on_answer={on_answer.clone()} />
                    }
                }
                GateInput::Figure { field, below, text, error, on_input, doubt, on_keep } => html! {
                    <NumberField field={*field} text={text.clone()} error={error.clone()}
                                 hint={Some(html! { { figure_target(*field, *below) } })}
                                 on_input={on_input.clone()} doubt={doubt.clone()} on_keep={on_keep.clone()} />
                },
                GateInput::None => html! {},
            } }
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_with_their_units() {
        assert_eq!(
            figure_target(Field::CriticalApiP95, 300),
            "Target: under 300 ms"
        );
        assert_eq!(
            figure_target(Field::DashboardLoad, 2000),
            "Target: under 2 s"
        );
        assert_eq!(figure_target(Field::ErrorRate, 100), "Target: under 1%");
    }
}
