//! The "Database access" group of the scan results: who can do what first (the
//! engine's exposure lines), what was read, then the access findings themselves.

use yew::prelude::*;

use super::finding_row::FindingRow;
use shipcheck_engine::finding::{Category, Finding};
use shipcheck_engine::scan::ScanReport;

#[derive(Properties, PartialEq)]
pub struct AccessGroupProps {
    pub report: std::rc::Rc<ScanReport>,
    /// The access findings to list (already filtered by the page's filters).
    pub findings: Vec<Finding>,
}

#[component]
pub fn AccessGroup(props: &AccessGroupProps) -> Html {
    let Some(summary) = &props.report.access else {
        return html! {};
    };
    let any = props
        .report
        .findings
        .iter()
        .any(|f| f.category == Category::Access);
    html! {
        <section class="access-group" aria-labelledby="access-h" data-testid="access-group">
            <h3 id="access-h">{ "Database access" }</h3>
            if !summary.exposure.is_empty() {
                <ul class="exposure">
                    { for summary.exposure.iter().map(|line| html! { <li><strong>{ line.clone() }</strong></li> }) }
                </ul>
            } else if let Some(clear) = summary.all_clear() {
                <p class="empty-state ok">{ clear }</p>
            }
            <p class="hint">{ summary.coverage.sentence() }</p>
            if any && !props.findings.is_empty() {
                <table class="findings-table">
                    <thead><tr>
                        <th scope="col">{ "Severity" }</th>
                        <th scope="col">{ "Finding" }</th>
                        <th scope="col">{ "Where" }</th>
                        <th scope="col">{ "What" }</th>
                        <th scope="col"><span class="visually-hidden">{ "Details" }</span></th>
                    </tr></thead>
                    <tbody>
                        { for props.findings.iter().map(|f| html! { <FindingRow finding={f.clone()} /> }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
