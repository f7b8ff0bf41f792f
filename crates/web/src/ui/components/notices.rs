//! Messages for the founder at the top of every page (restored link, corrupt save...).

use yew::prelude::*;

use crate::ui::state::{Action, AppHandle, NoticeKind};

#[component]
pub fn Notices() -> Html {
    let Some(state) = use_context::<AppHandle>() else {
        return html! {};
    };
    if state.notices.is_empty() {
        return html! {};
    }
    html! {
        <div class="notices" role="status" aria-live="polite">
            { for state.notices.iter().map(|n| {
                let dismiss = {
                    let state = state.clone();
                    let id = n.id;
                    Callback::from(move |_| state.dispatch(Action::DismissNotice(id)))
                };
                let class = match n.kind { NoticeKind::Info => "notice-bar info", NoticeKind::Warning => "notice-bar warning" };
                html! {
                    <div class={class}>
                        <p>{ n.text.clone() }</p>
                        <button type="button" class="dismiss" onclick={dismiss} aria-label="Dismiss this message">{ "×" }</button>
                    </div>
                }
            }) }
        </div>
    }
}
