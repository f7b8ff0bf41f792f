//! Engineering words explained in place: a text with each glossary term (p95, CORS,
//! RLS, tenant isolation, SARIF) marked up as `<abbr title="definition">`, and the
//! "Words used here" list. The words and definitions are the engine's glossary.

use yew::prelude::*;

use shipcheck_engine::catalog::glossary::Glossary;

/// `text` with every glossary term wrapped in an `<abbr>` carrying its definition.
pub fn glossed(text: &str) -> Html {
    html! {
        <>
            { for Glossary::built_in().spans(text).into_iter().map(|s| match s.term {
                Some(t) => html! { <abbr class="term" title={t.definition.clone()}>{ s.text }</abbr> },
                None => html! { { s.text } },
            }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct GlossaryListProps {
    /// The texts of the page: only the terms they use are listed.
    pub texts: Vec<AttrValue>,
}

/// A folded list of the glossary terms the given texts use (nothing when none).
#[component]
pub fn GlossaryList(props: &GlossaryListProps) -> Html {
    let g = Glossary::built_in();
    let joined = props
        .texts
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let used = g.find(&joined);
    if used.is_empty() {
        return html! {};
    }
    html! {
        <details class="glossary">
            <summary>{ "Words used here" }</summary>
            <dl>
                { for used.into_iter().map(|t| html! {
                    <>
                        <dt>{ t.term.clone() }</dt>
                        <dd>{ t.definition.clone() }</dd>
                    </>
                }) }
            </dl>
        </details>
    }
}
