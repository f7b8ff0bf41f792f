//! The files scanned so far (scans add up), each with what happened to it and a
//! button to forget it; and what a re-scan changed (the problems now gone).

use std::rc::Rc;

use yew::prelude::*;

use super::findings_view::{plural, sev_class, title_case, use_marks};
use crate::ui::scan_state::{human_bytes, ScanAction, ScanHandle};
use shipcheck_engine::finding::group_by_key;
use shipcheck_engine::scan::{FileStatus, Rescan, ScanReport};

#[derive(Properties, PartialEq)]
pub struct ScannedFilesProps {
    pub report: Rc<ScanReport>,
}

/// Every file scanned so far: scanned (and what it held), skipped (and why), empty.
#[component]
pub fn ScannedFiles(props: &ScannedFilesProps) -> Html {
    let scan = use_context::<ScanHandle>();
    let busy = scan.as_ref().is_some_and(|s| s.is_running());
    let report = &props.report;
    let files = &report.files;
    if files.is_empty() {
        return html! {};
    }
    let clear = scan
        .clone()
        .map(|scan| Callback::from(move |_| scan.dispatch(ScanAction::ClearResults)));
    html! {
        <section class="file-statuses" aria-labelledby="scanned-h" data-testid="scanned-files">
            <div class="scanned-head">
                <h3 id="scanned-h">{ format!("{} file{} scanned so far", files.len(), plural(files.len())) }</h3>
                if let Some(clear) = clear {
                    <button type="button" class="link-button clear-results" onclick={clear} disabled={busy}>{ "Clear all results" }</button>
                }
            </div>
            <p class="hint">{ "A new scan adds to these; scanning a file again replaces its results and shows what is gone." }</p>
            <ul>
                { for files.iter().map(|f| {
                    let problems = group_by_key(report.findings.iter().filter(|x| x.file == f.name));
                    let found = match (problems.len(), f.findings) {
                        (p, n) if p == n => format!("{p} problem{}", plural(p)),
                        (p, n) => format!("{p} problem{} (found {n} times)", plural(p)),
                    };
                    let ignored = match f.placeholders {
                        0 => String::new(),
                        n => format!(", {n} value{} ignored as placeholder{}", plural(n), plural(n)),
                    };
                    let (class, text) = match &f.status {
                        FileStatus::Scanned { note: None, .. } => ("scanned", format!("scanned, {found}{ignored}")),
                        FileStatus::Scanned { note: Some(n), .. } => ("scanned", format!("scanned, {found}{ignored} — {n}")),
                        FileStatus::Skipped { reason } => ("skipped", format!("skipped: {reason} (not read)")),
                        FileStatus::Empty => ("skipped", "empty: nothing to scan".to_string()),
                    };
                    let remove = scan.clone().map(|scan| {
                        let name = f.name.clone();
                        Callback::from(move |_| scan.dispatch(ScanAction::ForgetScanned(name.clone())))
                    });
                    html! {
                        <li class={class}>
                            <code>{ f.name.clone() }</code>
                            <span class="file-size">{ human_bytes(f.bytes as u64) }</span>
                            <span>{ text }</span>
                            if let Some(remove) = remove {
                                <button type="button" class="link-button" onclick={remove} disabled={busy}
                                    aria-label={format!("Forget {} and its findings", f.name)}>{ "Remove" }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct GoneListProps {
    pub rescan: Rc<Rescan>,
}

/// What the last scan changed in files scanned before: the problems now gone.
#[component]
pub fn GoneList(props: &GoneListProps) -> Html {
    let marks = use_marks();
    let r = &props.rescan;
    html! {
        <section class="rescan" aria-labelledby="rescan-h" data-testid="rescan">
            <h3 id="rescan-h">{ "Before and after" }</h3>
            <p>{ r.sentence() }</p>
            if !r.gone.is_empty() {
                <ul class="gone">
                    { for r.gone.iter().map(|g| {
                        let f = &g.finding;
                        let marked = marks.contains(&f.mark());
                        html! {
                            <li data-fix="gone">
                                <span class="fix-status fix-gone">{ "✓ Gone" }</span>
                                <span class={classes!("sev", sev_class(f.severity))}>{ title_case(f.severity.as_str()) }</span>
                                <strong>{ f.title.clone() }</strong>
                                <span class="hint">{
                                    if g.count > 1 { format!(" was at {} and {} more places", f.place(), g.count - 1) } else { format!(" was at {}", f.place()) }
                                }</span>
                                if marked { <span class="hint">{ " · you had marked it fixed" }</span> }
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}
