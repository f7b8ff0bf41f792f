//! The top bar: brand, navigation, privacy badge.

use yew::prelude::*;
use yew_router::prelude::*;

use super::privacy_badge::PrivacyBadge;
use crate::ui::routes::Route;

#[component]
pub fn Header() -> Html {
    let current = use_route::<Route>();
    html! {
        <header class="site-header">
            <div class="bar">
                <Link<Route> to={Route::Home} classes="brand">
                    <span class="brand-mark" aria-hidden="true">{ "✓" }</span>
                    <span>{ "shipcheck" }</span>
                </Link<Route>>
                <PrivacyBadge />
            </div>
            <nav aria-label="Tools">
                <ul class="nav-list">
                    { for Route::TOOLS.iter().map(|&r| {
                        let active = current == Some(r);
                        html! {
                            <li>
                                <Link<Route> to={r} classes={classes!("nav-link", active.then_some("active"))}>
                                    { r.label() }
                                </Link<Route>>
                            </li>
                        }
                    }) }
                </ul>
            </nav>
        </header>
    }
}
