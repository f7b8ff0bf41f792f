//! What a page shows before there is anything to show: what to do, and a link to do it.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::ui::routes::Route;

#[derive(Properties, PartialEq)]
pub struct EmptyStateProps {
    pub title: AttrValue,
    pub text: AttrValue,
    /// Where to go to fill it in, and the link's text.
    pub to: Route,
    pub action: AttrValue,
    /// A second, quieter way in (e.g. the scan).
    #[prop_or_default]
    pub also: Option<(Route, AttrValue)>,
}

#[component]
pub fn EmptyState(props: &EmptyStateProps) -> Html {
    html! {
        <div class="empty-state">
            <h2>{ props.title.clone() }</h2>
            <p>{ props.text.clone() }</p>
            <div class="actions">
                <Link<Route> to={props.to} classes="button primary">{ props.action.clone() }</Link<Route>>
                if let Some((to, text)) = &props.also {
                    <Link<Route> to={*to} classes="button">{ text.clone() }</Link<Route>>
                }
            </div>
        </div>
    }
}
