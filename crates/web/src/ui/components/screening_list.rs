//! "About your situation": the conditions under which a rescue sprint would not help
//! yet, asked as the engine's two or three plain yes / no questions
//! ([`Catalog::screen_groups`]). A "yes" unfolds the group's conditions to tick the
//! ones that apply; a "no" answers them all.

use std::collections::BTreeMap;

use yew::prelude::*;

use super::answer_group::AnswerGroup;
use shipcheck_engine::catalog::assess::{Catalog, ScreenOutcome};
use shipcheck_engine::state::Answer;

#[derive(Properties, PartialEq)]
pub struct ScreeningListProps {
    /// The screening answers so far, by group or condition id.
    pub screening: BTreeMap<String, Answer>,
    /// `(id, answer)`: a group's answer, or `Some(Yes)` / `None` for a condition
    /// ticked / unticked.
    pub on_change: Callback<(String, Option<Answer>)>,
}

#[component]
pub fn ScreeningList(props: &ScreeningListProps) -> Html {
    let catalog = Catalog::built_in();
    html! {
        <ol class="screening">
            { for catalog.screen_groups().iter().map(|g| {
                let answer = props.screening.get(&g.id).copied();
                let on_answer = {
                    let id = g.id.clone();
                    props.on_change.reform(move |a: Answer| (id.clone(), Some(a)))
                };
                let legend = html! { <span class="q-text">{ g.text.clone() }</span> };
                let conditions = catalog.screening().iter().filter(|s| g.screens.contains(&s.id));
                html! {
                    <li class="screen-group" key={g.id.clone()} id={format!("screen-{}-item", g.id)}>
                        <AnswerGroup name={format!("screen-{}", g.id)} {legend} {answer} {on_answer} />
                        if answer == Some(Answer::Yes) {
                            <fieldset class="screen-conditions">
                                <legend>{ "Which ones? Tick those that are true today." }</legend>
                                <ul class="screening-list">
                                    { for conditions.map(|s| {
                                        let id = format!("screen-{}", s.id);
                                        let checked = props.screening.get(&s.id) == Some(&Answer::Yes);
                                        let onchange = {
                                            let sid = s.id.clone();
                                            props.on_change.reform(move |_: Event| {
                                                (sid.clone(), (!checked).then_some(Answer::Yes))
                                            })
                                        };
                                        let tag = (s.outcome == ScreenOutcome::Diy).then_some("points to DIY");
                                        html! {
                                            <li class={classes!("screen", checked.then_some("checked"))}>
                                                <input type="checkbox" id={id.clone()} {checked} {onchange} />
                                                <label for={id}>
                                                    { s.text.clone() }
                                                    if let Some(tag) = tag {
                                                        <span class="tag info">{ tag }</span>
                                                    }
                                                </label>
                                            </li>
                                        }
                                    }) }
                                </ul>
                            </fieldset>
                        }
                    </li>
                }
            }) }
        </ol>
    }
}
