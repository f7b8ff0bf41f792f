//! One checklist question: its number and text, yes / no / not sure, and once the
//! answer is a risk, what it costs (money) and how it is fixed. With a dropped
//! project, the code's answer shows where the founder gave none, and what the code
//! says is shown under it (`evidence_note`).

use yew::prelude::*;

use super::answer_group::AnswerGroup;
use super::evidence_note::EvidenceNote;
use super::glossed::glossed;
use crate::ui::project_state::EvidenceContext;
use shipcheck_engine::assess::AnswerRisk;
use shipcheck_engine::catalog::assess::ChecklistQuestion;
use shipcheck_engine::state::Answer;

#[derive(Properties, PartialEq)]
pub struct QuestionItemProps {
    pub question: ChecklistQuestion,
    pub answer: Option<Answer>,
    /// `None` clears the answer.
    pub on_answer: Callback<Option<Answer>>,
}

/// The word and class shown beside an answered question: never colour alone.
pub fn risk_tag(risk: AnswerRisk) -> Option<(&'static str, &'static str)> {
    match risk {
        AnswerRisk::Unanswered => None,
        AnswerRisk::Safe => Some(("✓ OK", "tag ok")),
        AnswerRisk::Unsure => Some(("? Not sure counts as a risk", "tag warn")),
        AnswerRisk::Risky => Some(("⚠ Risk", "tag bad")),
    }
}

#[component]
pub fn QuestionItem(props: &QuestionItemProps) -> Html {
    let q = &props.question;
    // The founder's answer, else the code's (the one the assessment counts).
    let from_code = use_context::<EvidenceContext>().and_then(|c| c.answer_from_code(&q.id));
    let shown = props.answer.or(from_code);
    let risk = AnswerRisk::of(shown, q.risky_answer);
    let name = format!("q-{}", q.id);
    let why_id = format!("{name}-why");
    let on_answer = props.on_answer.reform(Some);
    let clear = props.on_answer.reform(|_: MouseEvent| None);
    let legend = html! {
        <>
            <span class="q-number">{ format!("Q{}", q.number) }</span>
            <span class="q-text">{ glossed(&q.text) }</span>
            if q.ai_add_on {
                <span class="tag info">{ "AI features" }</span>
            }
        </>
    };
    html! {
        <li class={classes!("question", format!("risk-{}", risk_class(risk)))} id={format!("{name}-item")}>
            <AnswerGroup name={name.clone()} {legend} answer={shown} {on_answer}
                         described_by={risk.is_risk().then(|| AttrValue::from(why_id.clone()))} />
            <div class="question-status">
                if let Some((text, class)) = risk_tag(risk) {
                    <span class={class}>{ text }</span>
                }
                if props.answer.is_some() {
                    <button type="button" class="link-button clear-answer" onclick={clear}
                            aria-label={format!("Clear the answer to question {}", q.number)}>
                        { "Clear" }
                    </button>
                }
            </div>
            <EvidenceNote question={q.id.clone()} />
            if risk.is_risk() {
                <div class="why" id={why_id}>
                    <p><strong>{ "Why it matters: " }</strong>{ glossed(&q.money) }</p>
                    <p class="fix"><strong>{ "Fix: " }</strong>{ glossed(&q.fix) }</p>
                </div>
            }
        </li>
    }
}

fn risk_class(risk: AnswerRisk) -> &'static str {
    match risk {
        AnswerRisk::Unanswered => "unanswered",
        AnswerRisk::Safe => "safe",
        AnswerRisk::Unsure => "unsure",
        AnswerRisk::Risky => "risky",
    }
}
