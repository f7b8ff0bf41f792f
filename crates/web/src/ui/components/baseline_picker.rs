//! "Load a baseline": a previous scan's JSON export, read inside the tab (never
//! uploaded). The engine reads it (`report::baseline`, through the export's one
//! reader) and decides which findings it holds; this only picks the file and says
//! what happened.

use std::rc::Rc;

use shipcheck_engine::report::baseline::Baseline;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BaselinePickerProps {
    /// The baseline now applied, if any.
    pub baseline: Option<Rc<Baseline>>,
    /// How many findings of the scan it holds back.
    pub removed: usize,
    pub on_change: Callback<Option<Rc<Baseline>>>,
}

#[component]
pub fn BaselinePicker(props: &BaselinePickerProps) -> Html {
    let error = use_state(|| None::<String>);
    let on_pick = {
        let (error, on_change) = (error.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|l| l.get(0)) else {
                return;
            };
            input.set_value("");
            let (error, on_change) = (error.clone(), on_change.clone());
            let name = file.name();
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|v| v.as_string());
                let read = match text {
                    None => Err(format!("{name} could not be read as text.")),
                    Some(text) => Baseline::read(&text)
                        .map_err(|e| format!("{name} is not usable as a baseline: {e}")),
                };
                match read {
                    Ok(b) => {
                        error.set(None);
                        on_change.emit(Some(Rc::new(b)));
                    }
                    Err(why) => {
                        error.set(Some(why));
                        on_change.emit(None);
                    }
                }
            });
        })
    };
    let on_clear = {
        let (error, on_change) = (error.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            on_change.emit(None);
        })
    };
    html! {
        <div class="baseline-picker" data-testid="baseline">
            <input id="baseline-pick" class="file-input" type="file" accept=".json,application/json" onchange={on_pick} />
            <label for="baseline-pick" class="button">{ "Load a baseline" }</label>
            <span class="hint">{ " a previous scan's JSON export: its findings are not shown again" }</span>
            if let Some(b) = &props.baseline {
                <p class="status-line" role="status">
                    { b.said(props.removed) }
                    { " " }
                    <button type="button" class="link-button" onclick={on_clear}>{ "Show all" }</button>
                </p>
            }
            if let Some(why) = &*error {
                <p class="status-line error" role="alert">{ why.clone() }</p>
            }
        </div>
    }
}
