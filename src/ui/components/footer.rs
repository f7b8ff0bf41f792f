//! The page footer: the privacy promise in one line.

use yew::prelude::*;

#[component]
pub fn Footer() -> Html {
    html! {
        <footer class="site-footer">
            <p>
                { "shipcheck runs entirely in your browser. No backend, no analytics, no third-party requests: \
                   what you type, paste or drop never leaves this tab." }
            </p>
        </footer>
    }
}
