//! The /estimate page: what a rescue sprint would cost against doing it yourself and
//! against doing nothing for 30 and 90 days, from the founder's own numbers.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::ui::components::booking_link::BookingLink;
use crate::ui::components::charts::GroupedColumns;
use crate::ui::components::estimate_inputs::EstimateInputs;
use crate::ui::components::sprint_quote::SprintQuote;
use crate::ui::routes::Route;
use crate::ui::state::AssessmentContext;
use shipcheck_engine::estimate::formulas::format_money;
use shipcheck_engine::estimate::{Choice, Estimate as EstimateResult};

/// The chart's columns: `[30 days, 90 days] × [sprint, DIY, doing nothing]`, with
/// their labels. The sprint is a one-off price (0 and "scope first" when there is
/// none); DIY is your time at 30 days and adds the expected cost of an incomplete
/// fix at 90; doing nothing is what it costs over each window.
pub fn cost_columns(e: &EstimateResult) -> (Vec<Vec<f64>>, Vec<Vec<AttrValue>>) {
    let sym = e.currency_symbol.as_str();
    let money = |v: u64| AttrValue::from(format_money(v, sym));
    let sprint = e.sprint.price.map(|p| p.likely);
    let sprint_label = sprint.map_or(AttrValue::from("scope first"), money);
    let rows = [
        (sprint.unwrap_or(0), e.diy.cost, e.do_nothing.days_30.total),
        (
            sprint.unwrap_or(0),
            e.diy.expected_cost_90_days,
            e.do_nothing.days_90.total,
        ),
    ];
    let values = rows
        .iter()
        .map(|&(s, d, n)| vec![s as f64, d as f64, n as f64])
        .collect();
    let labels = rows
        .iter()
        .map(|&(_, d, n)| vec![sprint_label.clone(), money(d), money(n)])
        .collect();
    (values, labels)
}

#[component]
pub fn Estimate() -> Html {
    let Some(AssessmentContext(a)) = use_context::<AssessmentContext>() else {
        return html! {};
    };
    let e = &a.estimate;
    let sym = e.currency_symbol.as_str();
    // Top risks list every risky answer and counted finding (up to five): empty means none.
    let has_risks = !a.risk.top_risks.is_empty();
    let blank = a.checklist.answered == 0 && !has_risks;
    let (values, labels) = cost_columns(e);
    let desc = format!(
        "After 30 days: sprint {}, doing it yourself {}, doing nothing {}. After 90 days: sprint {}, doing it yourself {}, doing nothing {}.",
        labels[0][0], labels[0][1], labels[0][2], labels[1][0], labels[1][1], labels[1][2]
    );
    let nothing = |w: &shipcheck_engine::estimate::CostWindow| {
        html! {
            <tr>
                <th scope="row">{ format!("{} days", w.days) }</th>
                // (each figure names its column: a phone lists them, CSS `attr(data-label)`)
                <td class="num" data-label="Support time">{ format_money(w.support, sym) }</td>
                <td class="num" data-label="Refunds">{ format_money(w.refunds, sym) }</td>
                <td class="num" data-label="Lost leads">{ format_money(w.lost_leads, sym) }</td>
                <td class="num" data-label="Wasted ads">{ format_money(w.wasted_ads, sym) }</td>
                <td class="num" data-label="Incident risk">{ format_money(w.incident, sym) }</td>
                <td class="num total" data-label="Total">{ format_money(w.total, sym) }</td>
            </tr>
        }
    };
    html! {
        <div class="page wide estimate-page">
            <div class="page-intro">
                <h1>{ "Sprint cost estimate" }</h1>
                <p class="lede">{ "What fixing it would cost, set against doing it yourself and against doing nothing. Every figure comes from your answers and the numbers below; change them and it updates." }</p>
            </div>
            if blank {
                <div class="alert info" role="note">
                    <p>
                        { "You haven't answered the checklist yet, so these figures assume no known risk. " }
                        <Link<Route> to={Route::Checklist}>{ "Answer the checklist" }</Link<Route>>
                        { " or " }<Link<Route> to={Route::Scan}>{ "scan a file" }</Link<Route>>
                        { " and they will reflect your app." }
                    </p>
                </div>
            }
            <div class="estimate-layout">
                <div class="estimate-results">
                    <section class={classes!("recommendation", format!("choice-{}", e.recommendation.choice.as_str()))}
                             aria-labelledby="recommendation-h">
                        <h2 id="recommendation-h">{ "Recommendation" }</h2>
                        <p class="recommendation-headline" role="status">{ e.recommendation.choice.headline(has_risks) }</p>
                        <p>{ e.recommendation.text.clone() }</p>
                        <p class="break-even"><strong>{ "Break-even: " }</strong>{ e.break_even.sentence.clone() }</p>
                    </section>

                    <section aria-labelledby="compare-h">
                        <h2 id="compare-h">{ "Sprint vs DIY vs doing nothing" }</h2>
                        <GroupedColumns title="Cost of each option after 30 and 90 days" desc={desc}
                            groups={vec![AttrValue::from("After 30 days"), AttrValue::from("After 90 days")]}
                            series={vec![
                                (AttrValue::from("Sprint (likely price)"), AttrValue::from("series-sprint")),
                                (AttrValue::from("Doing it yourself"), AttrValue::from("series-diy")),
                                (AttrValue::from("Doing nothing"), AttrValue::from("series-nothing")),
                            ]}
                            {values} {labels} />
                        <p class="muted chart-note">{ "The sprint is a one-off price. Doing it yourself is your time; after 90 days it adds the expected cost of a fix left incomplete. Doing nothing adds up over time." }</p>
                        <p>{ e.diy.summary.clone() }</p>
                        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="nothing-caption">
                            <table class="do-nothing">
                                <caption id="nothing-caption">{ "What doing nothing costs you" }</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{ "Over" }</th><th scope="col">{ "Support time" }</th><th scope="col">{ "Refunds" }</th>
                                        <th scope="col">{ "Lost leads" }</th><th scope="col">{ "Wasted ads" }</th>
                                        <th scope="col">{ "Incident risk" }</th><th scope="col">{ "Total" }</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    { nothing(&e.do_nothing.days_30) }
                                    { nothing(&e.do_nothing.days_90) }
                                </tbody>
                            </table>
                        </div>
                    </section>

                    <details class="arithmetic" data-testid="estimate-arithmetic">
                        <summary>{ "How this is computed" }</summary>
                        <p class="muted">{ "The figures above, worked out from your numbers." }</p>
                        <h3>{ "Sprint" }</h3>
                        <ul>{ for e.sprint.arithmetic.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                        <h3>{ "Doing it yourself" }</h3>
                        <p>{ e.diy.summary.clone() }</p>
                        <ul>{ for e.diy.arithmetic.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                        <h3>{ format!("Doing nothing, over {} days", e.do_nothing.days_30.days) }</h3>
                        <ul>{ for e.do_nothing.arithmetic.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                    </details>

                    <section aria-labelledby="quote-h">
                        <h2 id="quote-h">{ "Sprint price and length" }</h2>
                        <SprintQuote sprint={e.sprint.clone()} currency_symbol={e.currency_symbol.clone()} />
                        <BookingLink text="Book a call about a sprint" primary={e.recommendation.choice == Choice::Sprint} />
                    </section>
                </div>
                <section class="estimate-form" aria-labelledby="inputs-h">
                    <h2 id="inputs-h">{ "Your numbers" }</h2>
                    <EstimateInputs resolved={e.inputs.clone()} currency_symbol={e.currency_symbol.clone()} />
                </section>
            </div>
        </div>
    }
}
