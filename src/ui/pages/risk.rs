//! The /risk page.

use yew::prelude::*;

use crate::ui::components::planned::Planned;
use crate::ui::routes::Route;

#[component]
pub fn Risk() -> Html {
    html! {
        <Planned title={Route::Risk.title()} what="The risk score and its category breakdown arrive with the assessment engine." />
    }
}
