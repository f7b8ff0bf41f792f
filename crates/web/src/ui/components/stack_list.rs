//! What the dropped app is built with, each technology with the files that show it.

use yew::prelude::*;

use super::evidence_note::CitationList;
use shipcheck_engine::project::stack::StackItem;

#[derive(Properties, PartialEq)]
pub struct StackListProps {
    /// In the engine's order (kind, then name).
    pub stack: Vec<StackItem>,
}

#[component]
pub fn StackList(props: &StackListProps) -> Html {
    if props.stack.is_empty() {
        return html! {
            <p class="hint" data-testid="stack-empty">
                { "No framework, backend or service we know of was found in the manifests." }
            </p>
        };
    }
    html! {
        <dl class="stack-list" data-testid="stack">
            { for props.stack.iter().map(|item| {
                let mut name = item.name.clone();
                if let Some(v) = &item.version {
                    name.push_str(&format!(" {v}"));
                }
                if let Some(d) = &item.detail {
                    name.push_str(&format!(" ({d})"));
                }
                html! {
                    <div class="stack-item" data-tech={item.id.clone()}>
                        <dt><span class="stack-kind">{ item.kind.label() }</span>{ " " }<strong>{ name }</strong></dt>
                        <dd><CitationList citations={item.citations.clone()} /></dd>
                    </div>
                }
            }) }
        </dl>
    }
}
