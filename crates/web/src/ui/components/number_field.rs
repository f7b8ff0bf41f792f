//! A labelled box for one number a founder types (a p95, a day rate...), with its
//! unit beside it, a hint (the target, or the default used while it is empty) and the
//! validation message when what was typed is not a usable number.
//!
//! Each figure says what it is and where to read it ([`Field::help`]), folded under the
//! box; a valid value the engine doubts ([`Field::doubt`]: "0.5" in a box in
//! milliseconds) asks "Use 500 / Keep 0.5", and is not counted until answered.
//!
//! The box is a text input, not `type="number"`: founders type "1.8 s", "$1,200" or
//! "0.5%", and the engine's parser ([`Field::parse`]) understands all of them.

use yew::prelude::*;

use super::findings_view::title_case;
use super::glossed::glossed;
use shipcheck_engine::catalog::fields::{Doubt, Field, Kind};

/// What goes before and after the box: a currency symbol, and the field's unit.
pub fn unit_for(field: Field, currency_symbol: &str) -> (Option<String>, Option<&'static str>) {
    let suffix = Some(field.spec().unit).filter(|u| !u.is_empty());
    let prefix = (field.kind() == Kind::Money).then(|| currency_symbol.to_string());
    (prefix, suffix)
}

/// An engine message ("can't be negative") as a sentence under the box: the label is
/// right above it, and screen readers hear it with the input.
pub fn error_sentence(message: &str) -> String {
    let mut s = title_case(message);
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}

/// The id of the input for a field (unique: one box per field on a page).
pub fn input_id(field: Field) -> String {
    format!("field-{}", field.id())
}

#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    pub field: Field,
    /// What the box shows: the draft as typed, or the stored value.
    pub text: AttrValue,
    /// The message for an invalid draft (`AppState::field_error`).
    pub error: Option<AttrValue>,
    /// A line under the box: the target, or the default in use.
    #[prop_or_default]
    pub hint: Option<Html>,
    /// The currency symbol for money fields.
    #[prop_or_default]
    pub currency_symbol: AttrValue,
    /// What the founder typed, on every keystroke (and the suggested value, when the
    /// founder takes it).
    pub on_input: Callback<String>,
    /// The question about a doubtful value (`AppState::field_doubt`).
    #[prop_or_default]
    pub doubt: Option<Doubt>,
    /// The founder keeps the doubtful value as typed.
    #[prop_or_default]
    pub on_keep: Callback<()>,
}

/// The text in the input an event came from (events only fire in the browser).
fn input_text(e: &InputEvent) -> String {
    e.target_unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

#[component]
pub fn NumberField(props: &NumberFieldProps) -> Html {
    let field = props.field;
    let id = input_id(field);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let doubt_id = format!("{id}-doubt");
    let described: Vec<&str> = [
        props.hint.as_ref().map(|_| hint_id.as_str()),
        props.error.as_ref().map(|_| error_id.as_str()),
        props.doubt.as_ref().map(|_| doubt_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let (prefix, suffix) = unit_for(field, &props.currency_symbol);
    let oninput = props.on_input.reform(|e: InputEvent| input_text(&e));
    let inputmode = if matches!(field.kind(), Kind::Count) {
        "numeric"
    } else {
        "decimal"
    };
    let help = field.help();
    let doubt = props.doubt.as_ref().map(|d| {
        let typed = props.text.to_string();
        let take = d.suggestion.map(|v| {
            let text = field.format_typed(v);
            let on_input = props.on_input.clone();
            let label = format!("Use {}{}", text, suffix.map(|u| format!(" {u}")).unwrap_or_default());
            let onclick = Callback::from(move |_: MouseEvent| on_input.emit(text.clone()));
            (label, onclick)
        });
        let keep = props.on_keep.reform(|_: MouseEvent| ());
        html! {
            <div class="field-doubt" id={doubt_id.clone()} role="status">
                <p><span class="icon" aria-hidden="true">{ "? " }</span>{ d.message.clone() }
                   { " Not counted until you choose." }</p>
                <div class="doubt-actions">
                    if let Some((label, onclick)) = take {
                        <button type="button" class="button small use-suggestion" {onclick}>{ label }</button>
                    }
                    <button type="button" class="button small keep-typed" onclick={keep}>
                        { format!("Keep {}{}", typed.trim(), suffix.map(|u| format!(" {u}")).unwrap_or_default()) }
                    </button>
                </div>
            </div>
        }
    });
    html! {
        <div class={classes!("number-field", props.error.is_some().then_some("invalid"), props.doubt.is_some().then_some("doubtful"))}>
            <label for={id.clone()}>{ field.label() }</label>
            <div class="number-box">
                if let Some(p) = prefix {
                    <span class="unit prefix">{ p }</span>
                }
                <input type="text" id={id} name={field.id()} {inputmode} autocomplete="off" spellcheck="false"
                       value={props.text.clone()} {oninput}
                       aria-invalid={props.error.is_some().then_some("true")}
                       aria-describedby={(!described.is_empty()).then(|| described.join(" "))} />
                if let Some(s) = suffix {
                    <span class="unit suffix">{ s }</span>
                }
            </div>
            if let Some(hint) = &props.hint {
                <p class="field-hint" id={hint_id}>{ hint.clone() }</p>
            }
            if let Some(error) = &props.error {
                <p class="field-error" id={error_id}>
                    <span class="icon" aria-hidden="true">{ "⚠ " }</span>
                    { error_sentence(error) }
                </p>
            }
            { doubt.unwrap_or_default() }
            if !help.is_empty() {
                <details class="field-help">
                    <summary>{ "Where to find this number" }</summary>
                    <p>{ glossed(help) }</p>
                </details>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_fields_get_the_currency_and_times_their_unit() {
        assert_eq!(
            unit_for(Field::DayRate, "€"),
            (Some("€".to_string()), Some("per day"))
        );
        assert_eq!(unit_for(Field::IncidentCost, "$"), (Some("$".into()), None));
        assert_eq!(unit_for(Field::CriticalApiP95, "$"), (None, Some("ms")));
        assert_eq!(unit_for(Field::DashboardLoad, "$"), (None, Some("s")));
        assert_eq!(unit_for(Field::ErrorRate, "$"), (None, Some("%")));
        assert_eq!(unit_for(Field::Roles, "$"), (None, None));
    }

    #[test]
    fn every_field_has_its_own_input_id() {
        let ids: std::collections::BTreeSet<String> = Field::all().map(input_id).collect();
        assert_eq!(ids.len(), Field::all().count());
    }
}
