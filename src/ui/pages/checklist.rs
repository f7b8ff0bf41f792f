//! The /checklist page.

use yew::prelude::*;

use crate::ui::components::planned::Planned;
use crate::ui::routes::Route;

#[component]
pub fn Checklist() -> Html {
    html! {
        <Planned title={Route::Checklist.title()} what="The founder decision checklist (rescue sprint, DIY fix, or not a rescue case yet) arrives with the assessment engine." />
    }
}
