//! Shown for any path the app does not know.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::ui::routes::Route;

#[component]
pub fn NotFound() -> Html {
    html! {
        <section class="page">
            <h1>{ "Page not found" }</h1>
            <p>{ "There is nothing at this address. " }
               <Link<Route> to={Route::Home}>{ "Go to the start page" }</Link<Route>>{ "." }</p>
        </section>
    }
}
