//! A plain notice for a tool whose engine has not landed yet: says so, pretends nothing.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlannedProps {
    pub title: AttrValue,
    pub what: AttrValue,
}

#[component]
pub fn Planned(props: &PlannedProps) -> Html {
    html! {
        <section class="page">
            <h1>{ props.title.clone() }</h1>
            <div class="notice" role="note">
                <p><strong>{ "This tool is not available yet." }</strong></p>
                <p>{ props.what.clone() }</p>
            </div>
        </section>
    }
}
