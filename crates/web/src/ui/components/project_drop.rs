//! "Drop your project folder or its zip": the drop zone and pickers, the four stages of
//! the worker's job (reading, detecting, scanning, assessing) with a cancel button,
//! and once done, what the app is built with, what the code answered, and what was
//! not read. Mounted on / and /checklist; the answers themselves show under each
//! checklist question (`evidence_note`).

use yew::prelude::*;
use yew_router::prelude::*;

use super::evidence_note::CitationList;
use super::stack_list::StackList;
use crate::protocol::Phase;
use crate::ui::boot::PrivacyStatus;
use crate::ui::project_state::{EvidenceContext, ProjectAction, ProjectHandle};
use crate::ui::routes::Route;
use crate::ui::scan_state::{human_bytes, human_duration, Run, Running};
use shipcheck_engine::catalog::assess::Catalog;
use shipcheck_engine::project::tree::Skipped;

#[derive(Properties, PartialEq)]
pub struct ProjectDropProps {
    /// Show a link to /checklist once the project is read (on the home page).
    #[prop_or_default]
    pub link_to_checklist: bool,
}

/// The name a drop is shown under: the zip's, or the dropped folder's.
pub fn drop_name(paths: &[&str]) -> String {
    match paths {
        [] => String::new(),
        [one] => one.rsplit('/').next().unwrap_or(one).to_owned(),
        [first, ..] => {
            let top = first.split('/').next().unwrap_or("");
            if paths.iter().all(|p| p.split('/').next() == Some(top)) && first.contains('/') {
                format!("{top}/")
            } else {
                format!("{} files", paths.len())
            }
        }
    }
}

/// Sends a drop to the worker as a new project job.
#[cfg(target_arch = "wasm32")]
fn start(project: &ProjectHandle, files: Vec<(web_sys::File, String)>) {
    use super::scan_progress::now_ms;
    use crate::protocol::FromWorker;
    if files.is_empty() || project.is_running() {
        return;
    }
    let id = project.next_job_id();
    let paths: Vec<&str> = files.iter().map(|(_, p)| p.as_str()).collect();
    project.dispatch(ProjectAction::Started {
        id,
        name: drop_name(&paths),
        started_ms: now_ms(),
        bytes_total: files.iter().map(|(f, _)| f.size() as u64).sum(),
        files_total: files.len(),
    });
    if let Err(message) = crate::ui::worker_client::send_project(id, &files) {
        project.dispatch(ProjectAction::Worker {
            msg: Box::new(FromWorker::Failed { id, message }),
            now_ms: now_ms(),
        });
    }
}

#[component]
pub fn ProjectDrop(props: &ProjectDropProps) -> Html {
    // Every hook before the early return: hooks run in the same order on every render.
    let evidence = use_context::<EvidenceContext>();
    let privacy = use_context::<PrivacyStatus>().unwrap_or(PrivacyStatus::Booting);
    let dragging = use_state(|| false);
    let Some(project) = use_context::<ProjectHandle>() else {
        return html! {};
    };
    let busy = project.is_running();
    let worker_down = matches!(privacy, PrivacyStatus::LockedWithoutWorker(_));

    let on_pick = {
        let project = project.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            #[cfg(target_arch = "wasm32")]
            if let Some(list) = input.files() {
                let files = (0..list.length())
                    .filter_map(|i| list.get(i))
                    .map(|file| {
                        let name = crate::ui::worker_client::display_name(&file);
                        (file, name)
                    })
                    .collect();
                start(&project, files);
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = &project;
            input.set_value("");
        })
    };
    let on_dragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_dragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_e: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let project = project.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            #[cfg(target_arch = "wasm32")]
            if let Some(dt) = e.data_transfer() {
                let project = project.clone();
                crate::ui::dropped::collect(&dt, move |dropped| start(&project, dropped.files));
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = &project;
        })
    };
    let cancel = {
        let project = project.clone();
        Callback::from(move |_: MouseEvent| {
            let Run::Running(r) = &project.run else {
                return;
            };
            project.dispatch(ProjectAction::CancelRequested);
            let _ = crate::ui::worker_client::send_cancel(r.id);
        })
    };
    let forget = {
        let project = project.clone();
        Callback::from(move |_: MouseEvent| project.dispatch(ProjectAction::Forget))
    };

    html! {
        <section class="project-drop" aria-labelledby="project-drop-h" data-testid="project-drop">
            <h2 id="project-drop-h">{ "Answer the checklist from your code" }</h2>
            <div class={classes!("dropzone", (*dragging).then_some("dragging"))}
                 ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop}
                 data-testid="project-dropzone">
                <p class="drop-title">{ "Drop your project folder or its zip" }</p>
                <p class="hint">
                    { "GitHub's \u{201c}Download ZIP\u{201d}, a Bolt or Lovable export, or your Cursor project folder. \
                       It is read inside this tab and never stored: node_modules, build output and images are skipped. \
                       Questions your code answers are marked \u{201c}found in your code\u{201d}; your own answers still come first." }
                </p>
                <div class="pickers">
                    <input id="project-zip-pick" class="file-input" type="file" accept=".zip,application/zip"
                           onchange={on_pick.clone()} disabled={busy || worker_down} />
                    <label for="project-zip-pick" class="button">{ "Choose a zip" }</label>
                    <input id="project-folder-pick" class="file-input" type="file" webkitdirectory=true multiple=true
                           onchange={on_pick} disabled={busy || worker_down} />
                    <label for="project-folder-pick" class="button">{ "Choose a folder" }</label>
                </div>
            </div>
            { match &project.run {
                Run::Running(r) => stages(r, false, cancel),
                Run::Cancelling(r) => stages(r, true, cancel),
                Run::Cancelled => html! { <p class="status-line" role="status">{ "Stopped. Nothing from this drop was kept." }</p> },
                Run::Failed(why) => html! {
                    <p class="status-line error" role="alert" data-testid="project-failed">
                        { format!("Your project could not be read: {why}") }
                    </p>
                },
                Run::Idle | Run::Done => html! {},
            } }
            if let (Some(result), Some(ctx)) = (&project.result, &evidence) {
                { summary(&project.name, result, ctx, project.last_elapsed_ms, project.last_memory_bytes, props.link_to_checklist, forget) }
            }
        </section>
    }
}

/// The four stages, the current one's progress, and the cancel button.
fn stages(r: &Running, cancelling: bool, cancel: Callback<MouseEvent>) -> Html {
    let percent = (r.fraction() * 100.0).floor() as u32;
    let detail = match r.phase {
        Phase::Reading | Phase::Scanning => format!(
            "{} of {} · file {} of {}",
            human_bytes(r.progress.bytes_done),
            human_bytes(r.progress.bytes_total),
            r.progress.files_done.min(r.progress.files_total),
            r.progress.files_total
        ),
        Phase::Detecting => format!(
            "{} files ({}): manifests, stack, code and endpoints",
            r.progress.files_total,
            human_bytes(r.progress.bytes_total)
        ),
        Phase::Assessing => "answering the checklist from the code".to_owned(),
    };
    html! {
        <div class="project-progress" data-testid="project-progress" data-phase={r.phase.label()}>
            <ol class="stages">
                { for Phase::PROJECT.iter().map(|&p| {
                    let (class, mark) = match p.cmp(&r.phase) {
                        std::cmp::Ordering::Less => ("stage done", "✓ "),
                        std::cmp::Ordering::Equal => ("stage current", "… "),
                        std::cmp::Ordering::Greater => ("stage pending", ""),
                    };
                    html! {
                        <li class={class} aria-current={(p == r.phase).then_some("step")}>
                            <span aria-hidden="true">{ mark }</span>{ p.label() }
                        </li>
                    }
                }) }
            </ol>
            <progress max={r.progress.bytes_total.max(1).to_string()} value={r.progress.bytes_done.to_string()}
                      aria-label={format!("{} your project", r.phase.label())}>
                { format!("{percent}%") }
            </progress>
            <p class="progress-stats" role="status" aria-live="polite">
                { format!("{}: {detail}", r.phase.label()) }
            </p>
            <button type="button" class="button" onclick={cancel} disabled={cancelling}>
                { if cancelling { "Stopping…" } else { "Stop" } }
            </button>
        </div>
    }
}

/// What the project showed: files read, answers from the code, the stack, and what
/// was not read.
fn summary(
    name: &str,
    result: &crate::protocol::ProjectResult,
    ctx: &EvidenceContext,
    elapsed_ms: Option<f64>,
    memory_bytes: Option<u64>,
    link_to_checklist: bool,
    forget: Callback<MouseEvent>,
) -> Html {
    let p = &ctx.provenance;
    let answered = p.from_evidence.len();
    let disagreements = p.disagreements.len();
    // Evidence the checklist does not ask about here (the unverified Stripe webhook,
    // tests and CI, or a question of another profile): shown in this panel.
    let asked: Vec<String> = Catalog::built_in()
        .questions_for(&ctx.state.profile, ctx.state.uses_ai)
        .into_iter()
        .map(|q| q.id)
        .collect();
    let others: Vec<_> = result
        .evidence
        .iter()
        .filter(|e| !asked.contains(&e.question))
        .collect();
    let findings = result.scan.findings.len();
    html! {
        <div class="project-result">
            <p class="status-line" role="status" data-testid="project-done"
               data-elapsed-ms={elapsed_ms.unwrap_or(0.0).to_string()}
               data-memory-bytes={memory_bytes.unwrap_or(0).to_string()}
               data-files={result.files_read.to_string()}
               data-from-code={answered.to_string()}>
                { format!(
                    "Read {} file{} ({}) of {name}{}. ",
                    result.files_read,
                    if result.files_read == 1 { "" } else { "s" },
                    human_bytes(result.bytes_read),
                    elapsed_ms.map(|ms| format!(" in {}", human_duration(ms))).unwrap_or_default(),
                ) }
                { format!(
                    "{answered} checklist answer{} found in your code{}.",
                    if answered == 1 { "" } else { "s" },
                    match disagreements {
                        0 => String::new(),
                        1 => "; 1 differs from yours (yours counts)".to_owned(),
                        n => format!("; {n} differ from yours (yours count)"),
                    }
                ) }
                if findings > 0 {
                    { format!(" The scan of its files found {findings} problem{}: they count in your ", if findings == 1 { "" } else { "s" }) }
                    <Link<Route> to={Route::Risk}>{ "risk score" }</Link<Route>>{ "." }
                }
                if link_to_checklist {
                    { " " }<Link<Route> to={Route::Checklist}>{ "See the checklist" }</Link<Route>>
                }
            </p>
            <h3>{ "What your app is built with" }</h3>
            <StackList stack={result.stack.clone()} />
            if !others.is_empty() {
                <h3>{ "Also found in your code" }</h3>
                <ul class="evidence-others">
                    { for others.iter().map(|e| html! {
                        <li data-testid="evidence-other" data-item={e.question.clone()}>
                            if e.risky {
                                <span class="tag bad">{ "⚠ Risk" }</span>
                            } else {
                                <span class="tag ok">{ "✓ OK" }</span>
                            }
                            { " " }{ e.summary.clone() }
                            <CitationList citations={e.citations.clone()} more={e.more} />
                        </li>
                    }) }
                </ul>
            }
            { skipped_list(&result.skipped) }
            <button type="button" class="link-button" onclick={forget}>{ "Forget this project" }</button>
        </div>
    }
}

/// What was not read, folder by folder, with the reason.
fn skipped_list(skipped: &[Skipped]) -> Html {
    if skipped.is_empty() {
        return html! {};
    }
    let files: usize = skipped.iter().map(|s| s.files).sum();
    html! {
        <details class="skipped">
            <summary>{ format!("Not read: {} entr{} ({files} files)", skipped.len(), if skipped.len() == 1 { "y" } else { "ies" }) }</summary>
            <ul>
                { for skipped.iter().take(50).map(|s| html! {
                    <li>
                        <code>{ if s.path.is_empty() { "(past the limits)".to_owned() } else { s.path.clone() } }</code>
                        { format!(" — {}", s.reason.label()) }
                    </li>
                }) }
                if skipped.len() > 50 {
                    <li class="more">{ format!("and {} more", skipped.len() - 50) }</li>
                }
            </ul>
        </details>
    }
}
