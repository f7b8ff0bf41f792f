//! "You are viewing a shared assessment — Keep mine / Replace mine": shown while a
//! share link is open over answers the founder already had. Nothing is replaced
//! until they choose; the pages are read-only meanwhile.

use yew::prelude::*;

use crate::ui::state::{Action, AppHandle};

#[component]
pub fn SharedBanner() -> Html {
    let Some(state) = use_context::<AppHandle>() else {
        return html! {};
    };
    if !state.viewing_shared() {
        return html! {};
    }
    let keep = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::KeepMine))
    };
    let replace = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ReplaceMine))
    };
    html! {
        <section class="shared-banner" aria-labelledby="shared-h">
            <p class="banner-title" id="shared-h"><strong>{ "You are viewing a shared assessment" }</strong></p>
            <p>
                { "These are the answers in the link you opened, shown read-only. Your own answers are still saved in this \
                   browser, untouched. Keep yours and close this view, or replace yours with these." }
            </p>
            <div class="actions">
                <button type="button" class="button primary keep-mine" onclick={keep}>{ "Keep mine" }</button>
                <button type="button" class="button replace-mine" onclick={replace}>{ "Replace mine" }</button>
            </div>
        </section>
    }
}
