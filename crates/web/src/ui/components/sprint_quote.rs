//! The sprint quote: low / likely / high price and length, or "more than one sprint:
//! scope first", and the drivers that make it 5, 6 or 7 days.

use yew::prelude::*;

use shipcheck_engine::catalog::assess::Catalog;
use shipcheck_engine::estimate::formulas::{format_money, half_days_label};
use shipcheck_engine::estimate::SprintEstimate;

/// "+½ day", "+1 day", "+1½ days", or "–" for a driver that adds nothing.
pub fn added_days(half_days: u32) -> String {
    if half_days == 0 {
        return "–".into();
    }
    let whole = half_days / 2;
    let half = if half_days % 2 == 1 { "½" } else { "" };
    let n = match (whole, half) {
        (0, h) => h.to_string(),
        (w, h) => format!("{w}{h}"),
    };
    let unit = if half_days <= 2 { "day" } else { "days" };
    format!("+{n} {unit}")
}

#[derive(Properties, PartialEq)]
pub struct SprintQuoteProps {
    pub sprint: SprintEstimate,
    pub currency_symbol: AttrValue,
}

#[component]
pub fn SprintQuote(props: &SprintQuoteProps) -> Html {
    let s = &props.sprint;
    let sym = props.currency_symbol.as_str();
    let base = Catalog::built_in().estimate_params().base_half_days;
    let price = match (s.price, s.half_days) {
        (Some(p), Some(d)) => html! {
            <div class="price-range" data-testid="price-range">
                <div class="price low">
                    <span class="price-label">{ "Low" }</span>
                    <span class="price-value">{ format_money(p.low, sym) }</span>
                    <span class="price-days">{ format!("{} days", half_days_label(d.low)) }</span>
                </div>
                <div class="price likely">
                    <span class="price-label">{ "Likely" }</span>
                    <span class="price-value">{ format_money(p.likely, sym) }</span>
                    <span class="price-days">{ format!("{} days", half_days_label(d.likely)) }</span>
                </div>
                <div class="price high">
                    <span class="price-label">{ "High" }</span>
                    <span class="price-value">{ format_money(p.high, sym) }</span>
                    <span class="price-days">{ format!("{} days", half_days_label(d.high)) }</span>
                </div>
            </div>
        },
        _ => html! {
            <div class="alert warn scope-first" role="note">
                <p><strong>{ "More than one sprint: scope first." }</strong></p>
                <p>{ s.summary.clone() }</p>
            </div>
        },
    };
    html! {
        <div class="sprint-quote">
            { price }
            if s.price.is_some() {
                <p class="muted">{ format!("At {} per day. The likely price is the three-point (PERT) mean of the range.", format_money(u64::from(s.day_rate), sym)) }</p>
            }
            <table class="drivers">
                <caption>{ format!("Why {} days: what the sprint has to cover", half_days_label(u64::from(s.total_half_days))) }</caption>
                <thead>
                    <tr><th scope="col">{ "Driver" }</th><th scope="col">{ "Adds" }</th><th scope="col">{ "Because" }</th></tr>
                </thead>
                <tbody>
                    <tr>
                        <th scope="row">{ "Base sprint" }</th>
                        <td class="num">{ format!("{} days", half_days_label(u64::from(base))) }</td>
                        <td>{ "Audit, fixes, regression checks, redeploy and handover notes" }</td>
                    </tr>
                    { for s.drivers.iter().map(|d| html! {
                        <tr class={classes!((d.half_days == 0).then_some("inactive"))}>
                            <th scope="row">{ d.label.clone() }</th>
                            <td class="num">{ added_days(d.half_days) }</td>
                            <td>{ d.detail.clone() }</td>
                        </tr>
                    }) }
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{ "Total" }</th>
                        <td class="num">{ format!("{} days", half_days_label(u64::from(s.total_half_days))) }</td>
                        <td>{ if s.scope_first { "Past one sprint" } else { "Likely length" } }</td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_days_read_as_fractions() {
        assert_eq!(added_days(0), "–");
        assert_eq!(added_days(1), "+½ day");
        assert_eq!(added_days(2), "+1 day");
        assert_eq!(added_days(3), "+1½ days");
        assert_eq!(added_days(4), "+2 days");
    }
}
