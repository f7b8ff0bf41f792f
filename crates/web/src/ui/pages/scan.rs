//! The /scan page: paste or drop, scan in the worker with progress and cancel, and
//! read the findings.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::protocol::FromWorker;
use crate::ui::boot::PrivacyStatus;
use crate::ui::components::baseline_picker::BaselinePicker;
use crate::ui::components::findings_view::FindingsView;
use crate::ui::components::scan_input::ScanInputPanel;
use crate::ui::components::scan_progress::{now_ms, ScanProgress};
use crate::ui::routes::Route;
use crate::ui::scan_state::{human_bytes, human_duration, Run, ScanAction, ScanHandle};
use crate::ui::state::{Action, AppHandle, NoticeKind};

#[component]
pub fn Scan() -> Html {
    let scan = use_context::<ScanHandle>().expect("ScanHandle context");
    let app = use_context::<AppHandle>();
    let privacy = use_context::<PrivacyStatus>().unwrap_or(PrivacyStatus::Booting);
    let worker_down = match &privacy {
        PrivacyStatus::LockedWithoutWorker(why) => Some(why.clone()),
        _ => None,
    };

    let start = {
        let scan = scan.clone();
        Callback::from(move |_: MouseEvent| {
            if scan.is_running() || !scan.has_input() {
                return;
            }
            let id = scan.next_scan_id();
            let paste = (!scan.paste.trim().is_empty())
                .then(|| (scan.paste_kind.id(), scan.paste.as_str()));
            let files: Vec<_> = scan
                .files
                .iter()
                .filter(|f| f.refusal().is_none())
                .collect();
            let bytes_total = paste.map_or(0, |(_, t)| t.len() as u64)
                + files.iter().map(|f| f.size).sum::<u64>();
            let files_total = files.len() + usize::from(paste.is_some());
            scan.dispatch(ScanAction::Started {
                id,
                started_ms: now_ms(),
                bytes_total,
                files_total,
                file_ids: files.iter().map(|f| f.id).collect(),
            });
            let sent = crate::ui::worker_client::send_scan(
                id,
                paste,
                &files.iter().map(|f| f.id).collect::<Vec<_>>(),
            );
            if let Err(message) = sent {
                scan.dispatch(ScanAction::Worker {
                    msg: Box::new(FromWorker::Failed { id, message }),
                    now_ms: now_ms(),
                });
            }
        })
    };
    let cancel = {
        let scan = scan.clone();
        Callback::from(move |_| {
            let id = match &scan.run {
                Run::Running(r) => r.id,
                _ => return,
            };
            scan.dispatch(ScanAction::CancelRequested);
            let _ = crate::ui::worker_client::send_cancel(id);
        })
    };
    let on_note = Callback::from(move |text: String| {
        if let Some(app) = &app {
            app.dispatch(Action::Notify {
                kind: NoticeKind::Info,
                text,
            });
        }
    });

    // A loaded baseline hides the findings it holds on every page (the engine decides
    // which; the scan state applies it once for all of them).
    let on_baseline = {
        let scan = scan.clone();
        Callback::from(move |b| scan.dispatch(ScanAction::SetBaseline(b)))
    };
    // A scanned file leaves the list to scan: its `File` is not needed any more.
    use_effect_with(
        scan.files.iter().map(|f| f.id).collect::<Vec<u32>>(),
        |ids| crate::ui::worker_client::keep_only_files(ids),
    );

    let total: u64 = scan.paste.len() as u64 + scan.files.iter().map(|f| f.size).sum::<u64>();
    let can_scan = scan.has_input() && !scan.is_running() && worker_down.is_none();
    html! {
        <div class="page page-wide scan-page">
            <h1>{ "Secret and CORS scan" }</h1>
            <p class="lede">
                { "Find API keys, tokens and passwords that leaked into your code, config or the JavaScript your visitors download, \
                   and CORS settings that let other websites read your users' data. Everything is read inside this tab." }
            </p>
            if let Some(why) = worker_down {
                <div class="notice-bar warning" role="alert"><p>{ format!("Scanning is unavailable in this browser: {why}. Reload the page to try again.") }</p></div>
            }
            <ScanInputPanel on_note={on_note} />
            <div class="scan-actions">
                <button type="button" class="button primary" onclick={start} disabled={!can_scan}>
                    { if total > 0 { format!("Scan {}", human_bytes(total)) } else { "Scan".to_string() } }
                </button>
                if !scan.has_input() && !scan.is_running() {
                    <span class="hint">{ "Paste something or add files to scan." }</span>
                }
            </div>
            <ScanProgress run={scan.run.clone()} on_cancel={cancel} />
            { match &scan.run {
                Run::Cancelled => html! { <p class="status-line" role="status">{ "Scan cancelled. Nothing was kept." }</p> },
                Run::Failed(why) => html! { <p class="status-line error" role="alert">{ format!("The scan failed: {why}. Your input is still here; try again.") }</p> },
                Run::Done => html! {
                    <p class="status-line" role="status" data-testid="scan-done"
                        data-elapsed-ms={scan.last_elapsed_ms.unwrap_or(0.0).to_string()}
                        data-first-finding-ms={scan.last_first_finding_ms.map(|v| v.to_string()).unwrap_or_default()}
                        data-memory-bytes={scan.last_memory_bytes.unwrap_or(0).to_string()}>
                        { format!("Scanned in {}.", human_duration(scan.last_elapsed_ms.unwrap_or(0.0))) }
                        if !scan.findings().is_empty() {
                            { " These findings now count in your " }
                            <Link<Route> to={Route::Risk}>{ "risk score" }</Link<Route>>
                            { " and " }
                            <Link<Route> to={Route::Readiness}>{ "launch readiness" }</Link<Route>>{ "." }
                        }
                    </p>
                },
                _ => html! {},
            } }
            if let Some(report) = &scan.report {
                if !scan.is_running() {
                    <BaselinePicker baseline={scan.baseline.clone()} removed={scan.held_back} on_change={on_baseline} />
                    <FindingsView report={report.clone()} rescan={scan.rescan.clone()} />
                }
            }
        </div>
    }
}
