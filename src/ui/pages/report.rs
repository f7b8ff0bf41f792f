//! The /report page.

use yew::prelude::*;

use crate::ui::components::planned::Planned;
use crate::ui::routes::Route;

#[component]
pub fn Report() -> Html {
    html! {
        <Planned title={Route::Report.title()} what="The one-page report, downloads and share link arrive once the tools above exist." />
    }
}
