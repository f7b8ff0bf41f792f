//! "Before we start: is any of this true?": the "when you should not buy this"
//! conditions as checkboxes. Ticking one means "yes, this is true of me".

use std::collections::BTreeMap;

use yew::prelude::*;

use shipcheck_engine::catalog::assess::{Catalog, ScreenOutcome};
use shipcheck_engine::state::Answer;

#[derive(Properties, PartialEq)]
pub struct ScreeningListProps {
    /// The screening answers so far, by id.
    pub screening: BTreeMap<String, Answer>,
    /// `(id, answer)`: `Some(Yes)` when ticked, `None` when unticked.
    pub on_change: Callback<(String, Option<Answer>)>,
}

#[component]
pub fn ScreeningList(props: &ScreeningListProps) -> Html {
    let screens = Catalog::built_in().screening();
    html! {
        <fieldset class="screening">
            <legend>{ "Tick any that are true of you today. Most founders tick none: then skip to the checklist." }</legend>
            <ul class="screening-list">
                { for screens.iter().map(|s| {
                    let id = format!("screen-{}", s.id);
                    let checked = props.screening.get(&s.id) == Some(&Answer::Yes);
                    let onchange = {
                        let sid = s.id.clone();
                        props.on_change.reform(move |_: Event| {
                            (sid.clone(), (!checked).then_some(Answer::Yes))
                        })
                    };
                    let tag = match s.outcome {
                        ScreenOutcome::Diy => Some("points to DIY"),
                        ScreenOutcome::NotARescueCase => None,
                    };
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
}
