//! Scan results: a summary, filters (severity, verdict, kind), and the findings as a
//! table grouped by file. Values are masked by the engine; nothing here unmasks.

use yew::prelude::*;

use super::access_group::AccessGroup;
use super::finding_row::FindingRow;
use crate::ui::scan_state::human_bytes;
use shipcheck_engine::finding::{
    count_by_severity, group_by_file, Category, FindingFilter, Severity, Verdict,
};
use shipcheck_engine::scan::context::phrase;
use shipcheck_engine::scan::{FileStatus, ScanReport};

/// Rows shown per file before "show all" (a bundle can hold thousands of matches).
pub const ROWS_PER_FILE: usize = 100;

#[derive(Properties, PartialEq)]
pub struct FindingsViewProps {
    pub report: std::rc::Rc<ScanReport>,
}

fn toggle<T: PartialEq + Copy>(list: &mut Vec<T>, v: T) {
    if let Some(i) = list.iter().position(|x| *x == v) {
        list.remove(i);
    } else {
        list.push(v);
    }
}

#[component]
pub fn FindingsView(props: &FindingsViewProps) -> Html {
    let filter = use_state(FindingFilter::default);
    let expanded_files = use_state(Vec::<String>::new);
    let report = &props.report;
    let findings = &report.findings;
    let shown: Vec<_> = findings.iter().filter(|f| filter.matches(f)).collect();
    let to_rotate = findings
        .iter()
        .filter(|f| f.verdict() == Some(Verdict::Secret))
        .count();
    let cors = findings
        .iter()
        .filter(|f| f.category == Category::Cors)
        .count();
    let access = findings
        .iter()
        .filter(|f| f.category == Category::Access)
        .count();
    let access_shown: Vec<_> = shown
        .iter()
        .filter(|f| f.category == Category::Access)
        .map(|f| (*f).clone())
        .collect();

    let chip = |label: String, checked: bool, on: Callback<MouseEvent>, class: &'static str| {
        html! {
            <button type="button" class={classes!("chip", class, checked.then_some("on"))}
                aria-pressed={checked.to_string()} onclick={on}>{ label }</button>
        }
    };
    let sev_chips = count_by_severity(findings)
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| {
            let checked = filter.severities.contains(&s);
            let filter = filter.clone();
            let on = Callback::from(move |_| {
                let mut f = (*filter).clone();
                toggle(&mut f.severities, s);
                filter.set(f);
            });
            chip(
                format!("{} {n}", title_case(s.as_str())),
                checked,
                on,
                sev_class(s),
            )
        });
    let verdict_chips = [Verdict::Secret, Verdict::Public, Verdict::Test]
        .into_iter()
        .filter_map(|v| {
            let n = findings.iter().filter(|f| f.verdict() == Some(v)).count();
            (n > 0).then(|| {
                let checked = filter.verdicts.contains(&v);
                let filter = filter.clone();
                let on = Callback::from(move |_| {
                    let mut f = (*filter).clone();
                    toggle(&mut f.verdicts, v);
                    filter.set(f);
                });
                chip(format!("{} {n}", v.label()), checked, on, "verdict")
            })
        });
    let kind_chips = [Category::Secret, Category::Cors, Category::Access]
        .into_iter()
        .filter_map(|c| {
            let n = findings.iter().filter(|f| f.category == c).count();
            (n > 0).then(|| {
                let checked = filter.categories.contains(&c);
                let filter = filter.clone();
                let on = Callback::from(move |_| {
                    let mut f = (*filter).clone();
                    toggle(&mut f.categories, c);
                    filter.set(f);
                });
                let label = match c {
                    Category::Cors => "CORS",
                    Category::Access => "Database access",
                    Category::Secret => "Secrets",
                };
                chip(format!("{label} {n}"), checked, on, "kind")
            })
        });
    let reset = {
        let filter = filter.clone();
        Callback::from(move |_| filter.set(FindingFilter::default()))
    };

    html! {
        <section class="findings" aria-labelledby="findings-h">
            <h2 id="findings-h">{ "What we found" }</h2>
            if findings.is_empty() {
                <div class="empty-state ok">
                    <p><strong>{ "No leaked secret and no CORS problem found." }</strong></p>
                    if let Some(clear) = report.access.as_ref().and_then(|a| a.all_clear()) {
                        <p><strong>{ clear }</strong></p>
                    }
                    <p>{ format!("{} rules were checked against {} of input. A clean scan is not proof: keys can also leak through git history, logs and shared docs.",
                        report.stats.rules, human_bytes(report.stats.bytes)) }</p>
                </div>
            } else {
                <p class="findings-summary" data-testid="findings-summary">
                    { format!("{} finding{} in {} file{}", findings.len(), plural(findings.len()),
                        report.stats.files_scanned, plural(report.stats.files_scanned)) }
                    if to_rotate > 0 { <strong class="rotate-count">{ format!(" · {to_rotate} secret{} to rotate", plural(to_rotate)) }</strong> }
                    if cors > 0 { { format!(" · {cors} CORS issue{}", plural(cors)) } }
                    if access > 0 { { format!(" · {access} database access issue{}", plural(access)) } }
                </p>
                <div class="filters" role="group" aria-label="Filter findings">
                    <span class="filter-label" aria-hidden="true">{ "Show:" }</span>
                    { for sev_chips }{ for verdict_chips }{ for kind_chips }
                    if *filter != FindingFilter::default() {
                        <button type="button" class="link-button" onclick={reset}>{ "Show all" }</button>
                    }
                </div>
                if shown.is_empty() {
                    <p class="empty-state">{ "No finding matches these filters." }</p>
                }
                <AccessGroup report={report.clone()} findings={access_shown} />
                { for group_by_file(shown.iter().copied().filter(|f| f.category != Category::Access)).into_iter().map(|(file, list)| {
                    let context = list.first().map(|f| phrase(f.context)).unwrap_or("");
                    let all = expanded_files.contains(&file.to_string());
                    let more = list.len().saturating_sub(ROWS_PER_FILE);
                    let show_all = {
                        let expanded_files = expanded_files.clone();
                        let file = file.to_string();
                        Callback::from(move |_| {
                            let mut v = (*expanded_files).clone();
                            v.push(file.clone());
                            expanded_files.set(v);
                        })
                    };
                    html! {
                        <section class="file-group">
                            <h3 class="file-title"><code>{ file }</code></h3>
                            <p class="file-context">{ context }</p>
                            <table class="findings-table">
                                <thead><tr>
                                    <th scope="col">{ "Severity" }</th>
                                    <th scope="col">{ "Finding" }</th>
                                    <th scope="col">{ "Where" }</th>
                                    <th scope="col">{ "Value" }</th>
                                    <th scope="col"><span class="visually-hidden">{ "Details" }</span></th>
                                </tr></thead>
                                <tbody>
                                    { for list.iter().take(if all { usize::MAX } else { ROWS_PER_FILE }).map(|f| html! {
                                        <FindingRow finding={(*f).clone()} />
                                    }) }
                                </tbody>
                            </table>
                            if more > 0 && !all {
                                <button type="button" class="link-button" onclick={show_all}>{ format!("Show {more} more") }</button>
                            }
                        </section>
                    }
                }) }
            }
            <FileStatuses report={report.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FileStatusesProps {
    report: std::rc::Rc<ScanReport>,
}

/// What happened to each file: scanned, decoded with a note, skipped (and why).
#[component]
fn FileStatuses(props: &FileStatusesProps) -> Html {
    let files = &props.report.files;
    if files.is_empty() {
        return html! {};
    }
    html! {
        <details class="file-statuses" open={files.iter().any(|f| !matches!(f.status, FileStatus::Scanned { note: None, .. }))}>
            <summary>{ format!("{} file{} read", files.len(), plural(files.len())) }</summary>
            <ul>
                { for files.iter().map(|f| {
                    let (class, text) = match &f.status {
                        FileStatus::Scanned { note: None, .. } => ("scanned", format!("scanned, {} finding{}", f.findings, plural(f.findings))),
                        FileStatus::Scanned { note: Some(n), .. } => ("scanned", format!("scanned, {} finding{} — {n}", f.findings, plural(f.findings))),
                        FileStatus::Skipped { reason } => ("skipped", format!("skipped: {reason}")),
                        FileStatus::Empty => ("skipped", "empty: nothing to scan".to_string()),
                    };
                    html! {
                        <li class={class}>
                            <code>{ f.name.clone() }</code>
                            <span class="file-size">{ human_bytes(f.bytes as u64) }</span>
                            <span>{ text }</span>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// "critical" -> "Critical". ASCII only, as every label and message the page
/// capitalises is: `char::to_uppercase` would link Unicode's case tables (~30 KB of
/// wasm; docs/performance.md, "Size budget"). A non-ASCII first letter is left as it is.
pub fn title_case(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

pub fn sev_class(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "sev-critical",
        Severity::High => "sev-high",
        Severity::Medium => "sev-medium",
        Severity::Low => "sev-low",
        Severity::Info => "sev-info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_case_capitalises_ascii_and_leaves_anything_else() {
        for (text, want) in [
            ("critical", "Critical"),
            ("Yes", "Yes"),
            ("", ""),
            ("x", "X"),
            ("1 file", "1 file"),
            // Not ASCII: left alone rather than split inside a character.
            ("élan", "élan"),
            ("ß", "ß"),
        ] {
            assert_eq!(title_case(text), want, "{text:?}");
        }
    }
}
