//! The /estimate page.

use yew::prelude::*;

use crate::ui::components::planned::Planned;
use crate::ui::routes::Route;

#[component]
pub fn Estimate() -> Html {
    html! {
        <Planned title={Route::Estimate.title()} what="The sprint, DIY and do-nothing cost comparison arrives with the assessment engine." />
    }
}
