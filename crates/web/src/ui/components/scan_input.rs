//! What to scan: a paste area, a drop zone, file and folder pickers, and the list of
//! files with their sizes.

use yew::prelude::*;

use crate::ui::scan_state::{human_bytes, PickedFile, ScanAction, ScanHandle};
use shipcheck_engine::scan::paste::PasteKind;

#[derive(Properties, PartialEq)]
pub struct ScanInputProps {
    /// Notes about the last drop (folders skipped...).
    pub on_note: Callback<String>,
}

/// Keeps the `File`s in the registry and lists them in the state.
fn add_files(scan: &ScanHandle, files: Vec<(web_sys::File, String)>) {
    let added = files
        .into_iter()
        .map(|(file, name)| {
            let size = file.size() as u64;
            let id = crate::ui::worker_client::register_file(file, name.clone());
            PickedFile { id, name, size }
        })
        .collect();
    scan.dispatch(ScanAction::AddFiles(added));
}

#[component]
pub fn ScanInputPanel(props: &ScanInputProps) -> Html {
    let scan = use_context::<ScanHandle>().expect("ScanHandle context");
    let dragging = use_state(|| false);
    let busy = scan.is_running();

    let on_paste = {
        let scan = scan.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            scan.dispatch(ScanAction::SetPaste(area.value()));
        })
    };
    let on_kind = {
        let scan = scan.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            scan.dispatch(ScanAction::SetPasteKind(PasteKind::from_id(
                &select.value(),
            )));
        })
    };
    let on_pick = {
        let scan = scan.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                let files = (0..list.length())
                    .filter_map(|i| list.get(i))
                    .map(|file| {
                        let name = crate::ui::worker_client::display_name(&file);
                        (file, name)
                    })
                    .collect();
                add_files(&scan, files);
            }
            // Let the same file be picked again after it was removed.
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
        let scan = scan.clone();
        let dragging = dragging.clone();
        let on_note = props.on_note.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(dt) = e.data_transfer() {
                let scan = scan.clone();
                let on_note = on_note.clone();
                crate::ui::dropped::collect(&dt, move |dropped| {
                    add_files(&scan, dropped.files);
                    for note in dropped.notes {
                        on_note.emit(note);
                    }
                });
            }
        })
    };
    let clear_files = {
        let scan = scan.clone();
        Callback::from(move |_| {
            crate::ui::worker_client::forget_all_files();
            scan.dispatch(ScanAction::ClearFiles);
        })
    };

    html! {
        <section class="scan-input" aria-labelledby="scan-input-h">
            <h2 id="scan-input-h" class="visually-hidden">{ "What to scan" }</h2>
            <div class="paste-box">
                <label for="paste" class="field-label">
                    { "Paste a .env, config file, server code, response headers or built JavaScript" }
                </label>
                <textarea id="paste" class="paste-area" spellcheck="false" autocomplete="off"
                    autocapitalize="off" rows="9" disabled={busy} value={scan.paste.clone()}
                    oninput={on_paste} aria-describedby="paste-hint"
                    placeholder="STRIPE_SECRET_KEY=…   or   app.use(cors({ origin: true, credentials: true }))" />
                <div class="paste-meta">
                    <label for="paste-kind">{ "What is it?" }</label>
                    <select id="paste-kind" onchange={on_kind} disabled={busy}>
                        { for PasteKind::ALL.iter().map(|k| html! {
                            <option value={k.id()} selected={*k == scan.paste_kind}>{ k.label() }</option>
                        }) }
                    </select>
                </div>
                <p id="paste-hint" class="hint">
                    { "Kept only while this tab is open: never saved, never sent. Where a key was found decides how bad it is: \
                       the same key is worse in a bundle every visitor downloads than in a server's .env." }
                </p>
            </div>

            <div class={classes!("dropzone", (*dragging).then_some("dragging"))}
                 ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop}>
                <p class="drop-title">{ "Drop files or a whole folder here" }</p>
                <p class="hint">{ "Your build output (dist/, .next/), .env files, server code, configs. node_modules and .git are skipped. Files are read inside this tab only." }</p>
                <div class="pickers">
                    <input id="file-pick" class="file-input" type="file" multiple=true onchange={on_pick.clone()} disabled={busy} />
                    <label for="file-pick" class="button">{ "Choose files" }</label>
                    <input id="folder-pick" class="file-input" type="file" webkitdirectory=true multiple=true onchange={on_pick} disabled={busy} />
                    <label for="folder-pick" class="button">{ "Choose a folder" }</label>
                </div>
            </div>

            if !scan.files.is_empty() {
                <div class="file-list">
                    <div class="file-list-head">
                        <h3>{ format!("{} file{} to scan", scan.files.len(), if scan.files.len() == 1 { "" } else { "s" }) }</h3>
                        <button type="button" class="link-button" onclick={clear_files} disabled={busy}>{ "Remove all" }</button>
                    </div>
                    <ul>
                        { for scan.files.iter().take(200).map(|f| {
                            let remove = {
                                let scan = scan.clone();
                                let id = f.id;
                                Callback::from(move |_| {
                                    crate::ui::worker_client::forget_file(id);
                                    scan.dispatch(ScanAction::RemoveFile(id));
                                })
                            };
                            html! {
                                <li class={classes!(f.refusal().is_some().then_some("refused"))}>
                                    <span class="file-name">{ f.name.clone() }</span>
                                    <span class="file-size">{ human_bytes(f.size) }</span>
                                    if let Some(why) = f.refusal() { <span class="file-note">{ why }</span> }
                                    <button type="button" class="link-button" onclick={remove} disabled={busy}
                                        aria-label={format!("Remove {}", f.name)}>{ "Remove" }</button>
                                </li>
                            }
                        }) }
                        if scan.files.len() > 200 {
                            <li class="more">{ format!("and {} more", scan.files.len() - 200) }</li>
                        }
                    </ul>
                </div>
            }
        </section>
    }
}
