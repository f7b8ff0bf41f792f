//! The share link: the founder's answers and inputs in the URL fragment (never files,
//! findings or secrets), with a copy button.

use yew::prelude::*;

use super::finding_row::CodeBlock;
use crate::ui::persist;
use crate::ui::state::AppHandle;

#[component]
pub fn ShareLink() -> Html {
    let app = use_context::<AppHandle>().expect("AppHandle context");
    let origin = use_memo((), |_| persist::origin());
    let link = persist::share_link(&origin, &app.answers);
    html! {
        <div class="share-link">
            <h3>{ "Share link" }</h3>
            <p class="hint">
                { "This link holds your answers and inputs, encoded after the # (browsers never send that part to a server). \
                   It never holds files, findings or keys. Anyone you send it to sees your answers." }
            </p>
            <CodeBlock code={link} label="share link" />
        </div>
    }
}
