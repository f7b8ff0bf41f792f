//! The /readiness page.

use yew::prelude::*;

use crate::ui::components::planned::Planned;
use crate::ui::routes::Route;

#[component]
pub fn Readiness() -> Html {
    html! {
        <Planned title={Route::Readiness.title()} what="Launch gates against the seeds' targets arrive with the assessment engine." />
    }
}
