//! The page footer: the privacy promise, and "clear my data".

use yew::prelude::*;

use crate::ui::persist;
use crate::ui::project_state::{ProjectAction, ProjectHandle};
use crate::ui::scan_state::{ScanAction, ScanHandle};
use crate::ui::state::{Action, AppHandle};

#[component]
pub fn Footer() -> Html {
    let state = use_context::<AppHandle>();
    let scan = use_context::<ScanHandle>();
    let project = use_context::<ProjectHandle>();
    let confirming = use_state(|| false);
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(true))
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(false))
    };
    let clear = {
        let confirming = confirming.clone();
        Callback::from(move |_| {
            persist::clear();
            if let Some(state) = &state {
                state.dispatch(Action::ClearAll);
            }
            if let Some(scan) = &scan {
                crate::ui::worker_client::forget_all_files();
                scan.dispatch(ScanAction::Reset);
            }
            if let Some(project) = &project {
                project.dispatch(ProjectAction::Forget);
            }
            confirming.set(false);
        })
    };
    html! {
        <footer class="site-footer">
            <p>
                { "shipcheck runs entirely in your browser. No backend, no analytics, no third-party requests: \
                   what you type, paste or drop never leaves this tab." }
            </p>
            <div class="clear-data no-print">
                if *confirming {
                    <span>{ "Erase your answers, inputs, pasted text and findings from this browser?" }</span>
                    <button type="button" class="danger" onclick={clear}>{ "Yes, clear my data" }</button>
                    <button type="button" onclick={cancel}>{ "Keep them" }</button>
                } else {
                    <button type="button" class="link-button" onclick={ask}>{ "Clear my data" }</button>
                }
            </div>
        </footer>
    }
}
