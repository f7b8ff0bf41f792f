//! The running scan: a progress bar (bytes done / total), what is being read,
//! elapsed time, findings so far, and a cancel button.

use yew::prelude::*;

use crate::ui::scan_state::{human_bytes, human_duration, Run, Running};

#[derive(Properties, PartialEq)]
pub struct ScanProgressProps {
    pub run: Run,
    pub on_cancel: Callback<()>,
}

/// The current time in milliseconds (0 outside the browser).
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    0.0
}

/// Nothing unless a scan is running; then the running scan's progress. The ticking
/// part is its own component, so its timer starts when a scan starts and stops
/// when it ends (a hook behind an early return would keep ticking after the scan,
/// and a debug build stops on it: "Hooks are called conditionally").
#[component]
pub fn ScanProgress(props: &ScanProgressProps) -> Html {
    let (running, cancelling) = match &props.run {
        Run::Running(r) => (r.clone(), false),
        Run::Cancelling(r) => (r.clone(), true),
        _ => return html! {},
    };
    html! { <RunningProgress {running} {cancelling} on_cancel={props.on_cancel.clone()} /> }
}

#[derive(Properties, PartialEq)]
struct RunningProgressProps {
    running: Running,
    cancelling: bool,
    on_cancel: Callback<()>,
}

#[component]
fn RunningProgress(props: &RunningProgressProps) -> Html {
    let (r, cancelling) = (&props.running, props.cancelling);
    // Re-render a few times a second so the elapsed time moves between progress reports.
    let tick = use_state(|| 0u32);
    {
        let tick = tick.clone();
        use_effect_with((), move |_| {
            #[cfg(target_arch = "wasm32")]
            let interval =
                gloo::timers::callback::Interval::new(250, move || tick.set(tick.wrapping_add(1)));
            #[cfg(not(target_arch = "wasm32"))]
            let _ = tick;
            move || {
                #[cfg(target_arch = "wasm32")]
                drop(interval);
            }
        });
    }
    let elapsed = (now_ms() - r.started_ms).max(0.0);
    let percent = (r.fraction() * 100.0).floor() as u32;
    let phase = r.phase.label();
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <div class="scan-progress" data-testid="scan-progress">
            <div class="progress-line">
                <label for="scan-bar" class="progress-label">
                    { format!("{phase} {}", if r.progress.current_file.is_empty() { "your input".to_string() } else { r.progress.current_file.clone() }) }
                </label>
                <span class="progress-percent" aria-hidden="true">{ format!("{percent}%") }</span>
            </div>
            <progress id="scan-bar" max={r.progress.bytes_total.max(1).to_string()} value={r.progress.bytes_done.to_string()}>
                { format!("{percent}%") }
            </progress>
            <p class="progress-stats" role="status" aria-live="polite">
                { format!(
                    "{} of {} · file {} of {} · {} finding{} so far · {}",
                    human_bytes(r.progress.bytes_done),
                    human_bytes(r.progress.bytes_total),
                    (r.progress.files_done + 1).min(r.progress.files_total.max(1)),
                    r.progress.files_total.max(1),
                    r.progress.findings_so_far,
                    if r.progress.findings_so_far == 1 { "" } else { "s" },
                    human_duration(elapsed),
                ) }
            </p>
            <button type="button" class="button" onclick={cancel} disabled={cancelling}>
                { if cancelling { "Cancelling…" } else { "Cancel scan" } }
            </button>
        </div>
    }
}
