//! The estimate's inputs: the sprint's size (day rate, roles, integrations, app size,
//! tests) and what the problems cost the founder today. An empty box uses a default,
//! shown as "(default)" with the value assumed.

use yew::prelude::*;

use super::choice_group::{Choice, ChoiceGroup};
use super::number_field::NumberField;
use crate::ui::state::{Action, AppHandle};
use shipcheck_engine::estimate::formulas::format_money;
use shipcheck_engine::estimate::ResolvedInputs;
use shipcheck_engine::state::{AppSize, Field, FieldKind};

/// The value the estimate used for a field (typed, or the default).
pub fn resolved_value(field: Field, r: &ResolvedInputs) -> Option<u32> {
    Some(match field {
        Field::DayRate => r.day_rate,
        Field::HourlyValue => r.hourly_value,
        Field::Roles => r.roles,
        Field::Integrations => r.integrations,
        Field::SupportHoursPerWeek => r.support_hours_per_week,
        Field::RefundsPerMonth => r.refunds_per_month,
        Field::LeadsLostPerMonth => r.leads_lost_per_month,
        Field::LeadValue => r.lead_value,
        Field::AdSpendPerMonth => r.ad_spend_per_month,
        Field::BrokenFlowPercent => r.broken_flow_percent,
        Field::IncidentCost => r.incident_cost,
        _ => return None,
    })
}

/// "(default) $1,200" when the box is empty and the estimate assumed a value.
pub fn default_hint(field: Field, r: &ResolvedInputs, symbol: &str) -> Option<String> {
    if !r.assumed.iter().any(|k| k == field.json_key()) {
        return None;
    }
    let v = resolved_value(field, r)?;
    let shown = match field.kind() {
        FieldKind::Money => format_money(u64::from(v), symbol),
        FieldKind::WholePercent => format!("{v}%"),
        _ => field.format_typed(v),
    };
    let whose = if field == Field::DayRate {
        ", the operator's day rate"
    } else {
        ""
    };
    Some(format!("(default) {shown}{whose}"))
}

/// The fields of each group, in the order the page asks them.
const SPRINT_FIELDS: [Field; 3] = [Field::DayRate, Field::Roles, Field::Integrations];
const COST_FIELDS: [Field; 8] = [
    Field::HourlyValue,
    Field::SupportHoursPerWeek,
    Field::RefundsPerMonth,
    Field::LeadsLostPerMonth,
    Field::LeadValue,
    Field::AdSpendPerMonth,
    Field::BrokenFlowPercent,
    Field::IncidentCost,
];

#[derive(Properties, PartialEq)]
pub struct EstimateInputsProps {
    pub resolved: ResolvedInputs,
    pub currency_symbol: AttrValue,
}

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
        let hint =
            default_hint(f, &props.resolved, &props.currency_symbol).map(|h| html! { { h } });
        html! {
            <NumberField field={f} text={state.field_text(f)} error={state.field_error(f).map(AttrValue::from)}
                         {hint} currency_symbol={props.currency_symbol.clone()} {on_input} />
        }
    };
    let params = shipcheck_engine::catalog::assess::Catalog::built_in().estimate_params();
    let size_choices = vec![
        Choice::new("small", "Small").with_hint("A handful of screens and one main flow"),
        Choice::new("medium", "Medium").with_hint("A dashboard, a few roles, a dozen screens"),
        Choice::new("large", "Large").with_hint("Many screens, several apps or services"),
    ];
    let on_size = {
        let state = state.clone();
        Callback::from(move |k: AttrValue| state.dispatch(Action::AppSize(AppSize::parse(&k))))
    };
    let size_legend = match state.answers.estimate.app_size {
        Some(_) => html! { "How big is the app?" },
        None => {
            html! { <>{ "How big is the app? " }<span class="default-tag">{ format!("(default) {}", params.app_size.as_str()) }</span></> }
        }
    };
    let test_choices = vec![
        Choice::new("yes", "Yes"),
        Choice::new("no", "No"),
        Choice::new("unsure", "Not sure"),
    ];
    let tests_legend = match state.answers.estimate.has_tests {
        Some(_) => html! { "Does the app have automated tests?" },
        None => html! {
            <>
                { "Does the app have automated tests? " }
                <span class="default-tag">{ if params.has_tests { "(default) yes" } else { "(default) assume none" } }</span>
            </>
        },
    };
    let tests_selected = match state.answers.estimate.has_tests {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unsure",
    };
    let on_tests = {
        let state = state.clone();
        Callback::from(move |k: AttrValue| {
            state.dispatch(Action::HasTests(match k.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            }))
        })
    };
    html! {
        <div class="estimate-inputs">
            <section aria-labelledby="sprint-inputs-h">
                <h3 id="sprint-inputs-h">{ "The app" }</h3>
                { for SPRINT_FIELDS.into_iter().map(field) }
                <ChoiceGroup name="app-size" legend={size_legend} choices={size_choices}
                             selected={state.answers.estimate.app_size.map(|s| AttrValue::from(s.as_str()))}
                             on_select={on_size} class="stacked" />
                <ChoiceGroup name="has-tests" legend={tests_legend}
                             choices={test_choices} selected={Some(AttrValue::from(tests_selected))}
                             on_select={on_tests} class="answers" />
            </section>
            <section aria-labelledby="cost-inputs-h">
                <h3 id="cost-inputs-h">{ "What the problems cost you today" }</h3>
                <p class="muted">{ "Rough numbers are fine. Leave a box empty to use the default." }</p>
                { for COST_FIELDS.into_iter().map(field) }
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipcheck_engine::catalog::{assess::Catalog, operator::OperatorConfig};
    use shipcheck_engine::estimate::resolve_inputs;
    use shipcheck_engine::state::EstimateInputs;

    #[test]
    fn every_estimate_field_is_asked_once_and_has_a_resolved_value() {
        let asked: Vec<Field> = SPRINT_FIELDS.into_iter().chain(COST_FIELDS).collect();
        let mut sorted = asked.clone();
        sorted.sort();
        let mut want = Field::ESTIMATE.to_vec();
        want.sort();
        assert_eq!(sorted, want);
        let r = resolve_inputs(
            Catalog::built_in().estimate_params(),
            &EstimateInputs::default(),
            &OperatorConfig::built_in(),
        );
        for f in Field::ESTIMATE {
            assert!(resolved_value(f, &r).is_some(), "{f:?}");
            assert!(
                default_hint(f, &r, "$").unwrap().starts_with("(default) "),
                "{f:?}"
            );
        }
    }

    #[test]
    fn a_typed_value_is_not_called_a_default() {
        let op = OperatorConfig::built_in();
        let inputs = EstimateInputs {
            day_rate: Some(900),
            ..EstimateInputs::default()
        };
        let r = resolve_inputs(Catalog::built_in().estimate_params(), &inputs, &op);
        assert_eq!(default_hint(Field::DayRate, &r, "$"), None);
        let blank = resolve_inputs(
            Catalog::built_in().estimate_params(),
            &EstimateInputs::default(),
            &op,
        );
        assert_eq!(
            default_hint(Field::DayRate, &blank, "$").unwrap(),
            format!(
                "(default) {}, the operator's day rate",
                format_money(u64::from(op.day_rate), "$")
            )
        );
    }
}
