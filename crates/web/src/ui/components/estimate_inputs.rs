//! The estimate's inputs: the sprint's size (day rate, roles, integrations, app size,
//! tests) and what the problems cost the founder today. An empty box uses a default,
//! shown as "(default)" with the value assumed.

use yew::prelude::*;

use super::choice_group::{Choice, ChoiceGroup};
use super::number_field::NumberField;
use crate::ui::state::{Action, AppHandle};
use shipcheck_engine::catalog::fields::{Field, Group, Kind};
use shipcheck_engine::estimate::formulas::format_money;
use shipcheck_engine::estimate::ResolvedInputs;

/// "(default) $1,200" when the box is empty and the estimate assumed a value.
pub fn default_hint(field: Field, r: &ResolvedInputs, symbol: &str) -> Option<String> {
    if !r.is_assumed(field) {
        return None;
    }
    let v = r.get(field);
    let shown = match field.kind() {
        Kind::Money => format_money(u64::from(v), symbol),
        Kind::WholePercent => format!("{v}%"),
        Kind::YesNo if v == 0 => "assume none".into(),
        _ => field.format_typed(v),
    };
    let whose = if field == Field::DayRate {
        ", the standard day rate"
    } else {
        ""
    };
    Some(format!("(default) {shown}{whose}"))
}

#[derive(Properties, PartialEq)]
pub struct EstimateInputsProps {
    pub resolved: ResolvedInputs,
    pub currency_symbol: AttrValue,
}

/// Every estimate field of the field table, by group, each as its kind asks: a box
/// for numbers, radio buttons for a choice or yes/no.
#[component]
pub fn EstimateInputs(props: &EstimateInputsProps) -> Html {
    let Some(state) = use_context::<AppHandle>() else {
        return html! {};
    };
    let field = |f: Field| {
        let on_input = {
            let state = state.clone();
            Callback::from(move |text: String| state.dispatch(Action::Type { field: f, text }))
        };
        let on_select = {
            let on_input = on_input.clone();
            Callback::from(move |key: AttrValue| on_input.emit(key.to_string()))
        };
        let hint = default_hint(f, &props.resolved, &props.currency_symbol);
        let legend = |label: &str| match &hint {
            None => html! { { label.to_string() } },
            Some(h) => {
                html! { <>{ format!("{label} ") }<span class="default-tag">{ h.clone() }</span></> }
            }
        };
        let given = state.answers.inputs.get(f);
        match f.kind() {
            Kind::Choice(options) => {
                let choices = options
                    .iter()
                    .map(|c| Choice::new(c.key, c.label).with_hint(c.hint))
                    .collect::<Vec<_>>();
                let selected = given.map(|v| AttrValue::from(f.format_typed(v)));
                html! {
                    <ChoiceGroup name={f.id()} legend={legend(f.label())} {choices} {selected}
                                 {on_select} class="stacked" />
                }
            }
            Kind::YesNo => {
                let choices = vec![
                    Choice::new("yes", "Yes"),
                    Choice::new("no", "No"),
                    Choice::new("unsure", "Not sure"),
                ];
                let selected = Some(AttrValue::from(
                    given.map_or("unsure".into(), |v| f.format_typed(v)),
                ));
                html! {
                    <ChoiceGroup name={f.id()} legend={legend(f.label())} {choices} {selected}
                                 {on_select} class="answers" />
                }
            }
            _ => {
                let on_keep = {
                    let state = state.clone();
                    Callback::from(move |()| state.dispatch(Action::KeepDoubtful(f)))
                };
                html! {
                    <NumberField field={f} text={state.field_text(f)} error={state.field_error(f).map(AttrValue::from)}
                                 hint={hint.map(|h| html! { { h } })} currency_symbol={props.currency_symbol.clone()} {on_input}
                                 doubt={state.field_doubt(f)} {on_keep} />
                }
            }
        }
    };
    html! {
        <div class="estimate-inputs">
            <section aria-labelledby="sprint-inputs-h">
                <h3 id="sprint-inputs-h">{ "The app" }</h3>
                { for Field::in_group(Group::App).map(field) }
            </section>
            <section aria-labelledby="cost-inputs-h">
                <h3 id="cost-inputs-h">{ "What the problems cost you today" }</h3>
                <p class="muted">{ "Rough numbers are fine. Leave a box empty to use the default." }</p>
                { for Field::in_group(Group::Costs).map(field) }
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipcheck_engine::catalog::{assess::Catalog, operator::OperatorConfig};
    use shipcheck_engine::estimate::resolve_inputs;
    use shipcheck_engine::state::Inputs;

    #[test]
    fn every_estimate_field_has_a_default_hint_when_left_empty() {
        let r = resolve_inputs(
            Catalog::built_in().estimate_params(),
            &Inputs::default(),
            &OperatorConfig::built_in(),
        );
        for f in Field::estimate() {
            assert!(
                default_hint(f, &r, "$").unwrap().starts_with("(default) "),
                "{f:?}"
            );
        }
    }

    #[test]
    fn a_typed_value_is_not_called_a_default() {
        let op = OperatorConfig::built_in();
        let inputs = Inputs::from([(Field::DayRate, 900)]);
        let r = resolve_inputs(Catalog::built_in().estimate_params(), &inputs, &op);
        assert_eq!(default_hint(Field::DayRate, &r, "$"), None);
        let blank = resolve_inputs(
            Catalog::built_in().estimate_params(),
            &Inputs::default(),
            &op,
        );
        assert_eq!(
            default_hint(Field::DayRate, &blank, "$").unwrap(),
            format!(
                "(default) {}, the standard day rate",
                format_money(u64::from(op.day_rate), "$")
            )
        );
    }
}
