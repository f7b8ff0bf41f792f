//! The scan's problems as the assessment counts them ([`FindingRisk`]: one entry per
//! key, blockers first), with "×30" and the places, for /risk and /report. Both pages
//! list the same engine list, so they name the same blockers.

use yew::prelude::*;

use super::findings_view::{sev_class, title_case, use_marks};
use crate::ui::scan_state::ScanHandle;
use shipcheck_engine::assess::FindingRisk;
use shipcheck_engine::scan::fix::FixStatus;

#[derive(Properties, PartialEq)]
pub struct ProblemListProps {
    pub risks: Vec<FindingRisk>,
}

#[component]
pub fn ProblemList(props: &ProblemListProps) -> Html {
    let marks = use_marks();
    let scan = use_context::<ScanHandle>();
    let rescan = scan.as_ref().and_then(|s| s.rescan.clone());
    html! {
        <ul class="problem-list" data-testid="problem-list">
            { for props.risks.iter().map(|r| {
                let status = FixStatus::of(&r.key, &marks, rescan.as_deref());
                html! {
                    <li class={classes!("problem", r.blocker.then_some("blocker"), status.is_marked().then_some("marked"))}
                        data-blocker={r.blocker.to_string()} data-count={r.count.to_string()} data-fix={status.as_str()}>
                        <span class={classes!("sev", sev_class(r.severity))}>{ title_case(r.severity.as_str()) }</span>
                        if r.blocker { <span class="blocker-tag">{ "launch blocker" }</span> }
                        <strong class="problem-title">{ r.title.clone() }</strong>
                        if r.count > 1 {
                            <span class="count" data-testid="finding-count" title={format!("Found {} times: one problem to fix", r.count)}>{ format!("×{}", r.count) }</span>
                        }
                        <span class="hint">{ format!(" {}", r.location) }</span>
                        if r.count > 1 {
                            <details class="places">
                                <summary>{ format!("All {} places", r.count) }</summary>
                                <ul>{ for r.places.iter().map(|p| html! { <li>{ p.clone() }</li> }) }</ul>
                                if r.count as usize > r.places.len() {
                                    <p class="hint">{ format!("and {} more", r.count as usize - r.places.len()) }</p>
                                }
                            </details>
                        }
                        if status != FixStatus::Open {
                            <p class={classes!("fix-status", format!("fix-{}", status.as_str()))}>{ status.label() }</p>
                        }
                        <p class="fix"><span class="fix-label">{ "Fix: " }</span>{ r.fix.clone() }</p>
                    </li>
                }
            }) }
        </ul>
    }
}
