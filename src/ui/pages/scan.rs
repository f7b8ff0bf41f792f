//! The /scan page.

use yew::prelude::*;

use crate::ui::components::planned::Planned;
use crate::ui::routes::Route;

#[component]
pub fn Scan() -> Html {
    html! {
        <Planned title={Route::Scan.title()} what="Secret and CORS scanning in a worker arrives with the scanner engine." />
    }
}
