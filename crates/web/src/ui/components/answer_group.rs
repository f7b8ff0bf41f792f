//! Yes / no / not sure, as native radio buttons: the answer to one checklist question,
//! readiness gate or screening question.

use yew::prelude::*;

use super::choice_group::{Choice, ChoiceGroup};
use super::findings_view::title_case;
use shipcheck_engine::state::Answer;

#[derive(Properties, PartialEq)]
pub struct AnswerGroupProps {
    /// Unique on the page; prefixes the inputs' ids.
    pub name: AttrValue,
    pub legend: Html,
    pub answer: Option<Answer>,
    pub on_answer: Callback<Answer>,
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
}

/// The three answers in the order a founder reads them.
fn choices() -> Vec<Choice> {
    Answer::ALL
        .into_iter()
        .map(|a| Choice {
            key: a.as_str().into(),
            label: title_case(a.label()).into(),
            hint: None,
        })
        .collect()
}

#[component]
pub fn AnswerGroup(props: &AnswerGroupProps) -> Html {
    let on_select = {
        let on_answer = props.on_answer.clone();
        Callback::from(move |key: AttrValue| {
            if let Some(a) = Answer::parse(&key) {
                on_answer.emit(a);
            }
        })
    };
    html! {
        <ChoiceGroup name={props.name.clone()} legend={props.legend.clone()} choices={choices()}
                     selected={props.answer.map(|a| AttrValue::from(a.as_str()))}
                     {on_select} class="answers" described_by={props.described_by.clone()} />
    }
}
