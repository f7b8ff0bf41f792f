//! The ranked list of top risks: what, how bad, why it matters in money, the fix.

use yew::prelude::*;

use super::findings_view::title_case;
use shipcheck_engine::assess::{RiskSource, TopRisk};

#[derive(Properties, PartialEq)]
pub struct TopRisksProps {
    pub risks: Vec<TopRisk>,
}

#[component]
pub fn TopRisks(props: &TopRisksProps) -> Html {
    html! {
        <ol class="top-risks">
            { for props.risks.iter().map(|t| {
                let (what, source) = match (t.source, t.number, t.answer) {
                    (RiskSource::Answer, Some(n), Some(a)) => (
                        format!("Q{n} \u{201c}{}\u{201d}", t.title),
                        format!("You answered {}", a.label()),
                    ),
                    _ => (t.title.clone(), "Found by the scan".to_string()),
                };
                html! {
                    <li class={classes!("top-risk", t.blocker.then_some("blocker"))}>
                        <h3>{ what }
                            if t.count > 1 {
                                { " " }<span class="count" title={format!("Found {} times: one problem to fix", t.count)}>{ format!("×{}", t.count) }</span>
                            }
                        </h3>
                        <p class="risk-meta">
                            <span class={classes!("tag", format!("sev-{}", t.severity.as_str()))}>
                                { format!("{} severity", title_case(t.severity.as_str())) }
                            </span>
                            if t.blocker {
                                <span class="tag bad">{ "⚠ Launch blocker" }</span>
                            }
                            <span>{ format!("{} · {}", t.category.label(), source) }</span>
                        </p>
                        <p><strong>{ "Why it matters: " }</strong>{ t.why.clone() }</p>
                        <p><strong>{ "Fix: " }</strong>{ t.fix.clone() }</p>
                        if !t.sprint_items.is_empty() {
                            <p class="muted">{ format!("In a sprint: {}.", t.sprint_items.join(", ")) }</p>
                        }
                    </li>
                }
            }) }
        </ol>
    }
}
