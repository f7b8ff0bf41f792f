//! The landing page: what shipcheck does, and what "nothing leaves the browser" means.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::ui::boot::PrivacyStatus;
use crate::ui::components::glossed::glossed;
use crate::ui::routes::Route;

#[component]
pub fn Home() -> Html {
    let status = use_context::<PrivacyStatus>().unwrap_or(PrivacyStatus::Booting);
    let lock_line = match status {
        PrivacyStatus::Booting => "Locking: loading the scan worker first…",
        PrivacyStatus::Locked | PrivacyStatus::LockedWithoutWorker(_) => {
            "Locked: this tab can no longer send or fetch anything."
        }
    };
    html! {
        <div class="page home">
            <section class="hero">
                <h1>{ "Is your AI-built app ready for real customers?" }</h1>
                <p class="lede">
                    { "You built it with Lovable, Bolt, Cursor or v0 on Supabase, Firebase, Stripe or your own API. \
                       In a few minutes, without an engineer, find out whether you need a rescue sprint, a DIY fix, \
                       or neither yet — and whether you have leaked a key or left CORS open." }
                </p>
                <div class="actions">
                    <Link<Route> to={Route::Checklist} classes="button primary">{ "Start the checklist" }</Link<Route>>
                    <Link<Route> to={Route::Scan} classes="button">{ "Scan a file for secrets" }</Link<Route>>
                </div>
            </section>

            <crate::ui::components::project_drop::ProjectDrop link_to_checklist=true />
            <section class="privacy-panel" aria-labelledby="privacy-h">
                <h2 id="privacy-h">{ "Nothing you enter leaves this browser" }</h2>
                <ul>
                    <li>{ "There is no server behind this page: no account, no upload, no analytics, no third-party fonts or scripts." }</li>
                    <li>{ "Scans run in a worker inside this tab. Files you drop are read locally and never stored." }</li>
                    <li>
                        { "Once the page has loaded, it " }<strong>{ "locks itself" }</strong>
                        { ": it adds a Content-Security-Policy that forbids every further network request, so even a bug \
                           could not send your answers, files or keys anywhere. You can check: open your browser's \
                           network panel and use the tools." }
                    </li>
                    <li>{ "Your answers are kept in this browser's local storage so a reload does not lose them; files, findings and secrets never are." }</li>
                </ul>
                <p class="lock-line" data-testid="lock-line">{ lock_line }</p>
            </section>

            <section aria-labelledby="tools-h">
                <h2 id="tools-h">{ "Six tools, one report" }</h2>
                <ul class="cards">
                    { for Route::TOOLS.iter().map(|&r| html! {
                        <li class="card">
                            <h3><Link<Route> to={r}>{ r.title() }</Link<Route>></h3>
                            <p>{ glossed(&r.blurb()) }</p>
                        </li>
                    }) }
                </ul>
            </section>
        </div>
    }
}
