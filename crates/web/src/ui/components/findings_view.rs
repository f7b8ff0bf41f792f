//! Scan results: what was and was not read (the engine's coverage, said first), the
//! filters (severity, verdict, kind), and the findings grouped by file and, inside a
//! file, by problem: the same key found thirty times is one row "×30" with its places.
//! Values are masked by the engine; nothing here unmasks.

use std::rc::Rc;

use yew::prelude::*;

use super::access_group::AccessGroup;
use super::finding_row::{FindingRow, Places};
use super::scanned_files::{GoneList, ScannedFiles};
use crate::ui::scan_state::human_bytes;
use crate::ui::state::AppHandle;
use shipcheck_engine::finding::{
    group_by_file, group_by_key, Category, FindingFilter, FindingGroup, Marks, Severity, Verdict,
};
use shipcheck_engine::scan::context::phrase;
use shipcheck_engine::scan::fix::FixStatus;
use shipcheck_engine::scan::{Rescan, ScanReport, Tone};

/// Rows shown per file before "show all" (a bundle can hold thousands of matches).
pub const ROWS_PER_FILE: usize = 100;

#[derive(Properties, PartialEq)]
pub struct FindingsViewProps {
    /// Every scan so far.
    pub report: Rc<ScanReport>,
    /// What the last scan changed in files scanned before.
    #[prop_or_default]
    pub rescan: Option<Rc<Rescan>>,
}

fn toggle<T: PartialEq + Copy>(list: &mut Vec<T>, v: T) {
    if let Some(i) = list.iter().position(|x| *x == v) {
        list.remove(i);
    } else {
        list.push(v);
    }
}

/// The founder's marks, from the app state when there is one.
#[hook]
pub fn use_marks() -> Marks {
    use_context::<AppHandle>()
        .map(|app| app.answers.fixed.clone())
        .unwrap_or_default()
}

#[component]
pub fn FindingsView(props: &FindingsViewProps) -> Html {
    let filter = use_state(FindingFilter::default);
    let expanded_files = use_state(Vec::<String>::new);
    let marks = use_marks();
    let report = &props.report;
    let rescan = props.rescan.as_deref();
    let findings = &report.findings;
    let coverage = report.coverage();
    // Every count below is of problems (one key, however many places), like the headline.
    let groups = group_by_key(findings);
    let count = |pred: &dyn Fn(&FindingGroup) -> bool| groups.iter().filter(|g| pred(g)).count();
    let to_rotate = count(&|g| g.first.verdict() == Some(Verdict::Secret));
    let cors = count(&|g| g.first.category == Category::Cors);
    let access = count(&|g| g.first.category == Category::Access);
    let shown: Vec<_> = findings.iter().filter(|f| filter.matches(f)).collect();
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
    let sev_chips = Severity::ALL_DESC.into_iter().filter_map(|s| {
        let n = count(&|g| g.severity() == s);
        (n > 0).then(|| {
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
        })
    });
    let verdict_chips = [Verdict::Secret, Verdict::Public, Verdict::Test]
        .into_iter()
        .filter_map(|v| {
            let n = count(&|g| g.first.verdict() == Some(v));
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
            let n = count(&|g| g.first.category == c);
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
    let tone = match coverage.tone {
        Tone::Found => "found",
        Tone::Clean => "clean",
        Tone::Incomplete => "incomplete",
    };

    html! {
        <section class="findings" aria-labelledby="findings-h">
            <h2 id="findings-h">{ "What we found" }</h2>
            <div class={classes!("scan-summary", format!("tone-{tone}"), (coverage.tone == Tone::Clean).then_some("ok"))}
                data-testid="scan-summary" data-tone={tone} role="status">
                <p class="scan-headline"><strong>{ coverage.headline.clone() }</strong></p>
                <p class="scan-coverage">{ coverage.detail.clone() }</p>
                if coverage.tone == Tone::Clean {
                    if let Some(clear) = report.access.as_ref().and_then(|a| a.all_clear()) {
                        <p><strong>{ clear }</strong></p>
                    }
                    <p>{ format!("{} rules were checked against {} of input. A clean scan is not proof: keys can also leak through git history, logs and shared docs.",
                        report.stats.rules, human_bytes(report.stats.bytes)) }</p>
                }
            </div>
            if !findings.is_empty() {
                <p class="findings-summary" data-testid="findings-summary">
                    { format!("{} finding{} in {} file{}", groups.len(), plural(groups.len()),
                        report.stats.files_scanned, plural(report.stats.files_scanned)) }
                    if findings.len() > groups.len() { { format!(" (found {} times)", findings.len()) } }
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
                    let in_file = group_by_key(list.iter().copied());
                    let more = in_file.len().saturating_sub(ROWS_PER_FILE);
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
                                    { for in_file.iter().take(if all { usize::MAX } else { ROWS_PER_FILE }).map(|g| {
                                        let key = g.first.key();
                                        html! {
                                            <FindingRow finding={g.first.clone()}
                                                places={Places::of(g, &groups)}
                                                status={FixStatus::of(&key, &marks, rescan)} />
                                        }
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
            if let Some(r) = &props.rescan {
                <GoneList rescan={r.clone()} />
            }
            <ScannedFiles report={report.clone()} />
        </section>
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
