//! A group of native radio buttons in a `fieldset` with a `legend`: arrow keys move
//! between choices, Tab leaves the group, and every choice is a labelled input.

use yew::prelude::*;

/// One radio choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// Stable value, used in the input's id (must be unique within the group).
    pub key: AttrValue,
    pub label: AttrValue,
    /// A short line under the label (e.g. what "medium" means).
    pub hint: Option<AttrValue>,
}

impl Choice {
    pub fn new(key: &'static str, label: &'static str) -> Choice {
        Choice {
            key: key.into(),
            label: label.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<AttrValue>) -> Choice {
        self.hint = Some(hint.into());
        self
    }
}

#[derive(Properties, PartialEq)]
pub struct ChoiceGroupProps {
    /// The radio group's `name`, and the prefix of each input's id: unique on the page.
    pub name: AttrValue,
    /// The question the choices answer.
    pub legend: Html,
    pub choices: Vec<Choice>,
    /// The key currently chosen, if any.
    pub selected: Option<AttrValue>,
    pub on_select: Callback<AttrValue>,
    /// Extra classes on the fieldset (e.g. "inline" for yes / no / not sure).
    #[prop_or_default]
    pub class: Classes,
    /// Id of an element describing the group (e.g. a hint), if any.
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
}

/// Radio buttons for one question.
#[component]
pub fn ChoiceGroup(props: &ChoiceGroupProps) -> Html {
    html! {
        <fieldset class={classes!("choice-group", props.class.clone())}
                  aria-describedby={props.described_by.clone()}>
            <legend>{ props.legend.clone() }</legend>
            <div class="choices">
                { for props.choices.iter().map(|c| {
                    let id = format!("{}-{}", props.name, c.key);
                    let checked = props.selected.as_ref() == Some(&c.key);
                    let onchange = {
                        let key = c.key.clone();
                        props.on_select.reform(move |_: Event| key.clone())
                    };
                    html! {
                        <label class={classes!("choice", checked.then_some("checked"))} for={id.clone()}>
                            <input type="radio" id={id} name={props.name.clone()} value={c.key.clone()}
                                   {checked} {onchange} />
                            <span class="choice-text">
                                <span class="choice-label">{ c.label.clone() }</span>
                                if let Some(hint) = &c.hint {
                                    <span class="choice-hint">{ hint.clone() }</span>
                                }
                            </span>
                        </label>
                    }
                }) }
            </div>
        </fieldset>
    }
}
