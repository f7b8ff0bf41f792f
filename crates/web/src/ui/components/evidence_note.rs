//! What the dropped project's code says about one checklist question, under it:
//! "found in your code" with the file:line citations when the code answered it; "you
//! said no; your code says yes, here" when the founder's answer differs (theirs
//! counts); "your code agrees" when both say the same. Nothing without a project, or
//! for a question the code does not decide.

use yew::prelude::*;

use crate::ui::project_state::EvidenceContext;
use shipcheck_engine::project::evidence::Citation;
use shipcheck_engine::report::origin::Stand;

#[derive(Properties, PartialEq)]
pub struct EvidenceNoteProps {
    /// The checklist question's id.
    pub question: AttrValue,
}

#[component]
pub fn EvidenceNote(props: &EvidenceNoteProps) -> Html {
    let Some(ctx) = use_context::<EvidenceContext>() else {
        return html! {};
    };
    // Where the answer stands and the wording are the engine's (`report::origin`),
    // the same on /report and in the exports.
    let Some(a) = ctx.code_answer(&props.question) else {
        return html! {};
    };
    let (tag, role) = match a.stand {
        Stand::FromCode => ("info", None),
        Stand::Disagrees => ("warn", Some("note")),
        Stand::Agrees => ("ok", None),
    };
    html! {
        <div class={classes!("evidence", format!("evidence-{}", a.stand.as_str()))}
             data-testid="evidence" data-question={props.question.clone()} data-stand={a.stand.as_str()}>
            <p class="evidence-head" {role}>
                <span class={classes!("tag", tag)}>{ a.stand.label() }</span>
                { " " }{ a.said.clone() }
            </p>
            if let Some(c) = a.caveat {
                <p class="hint">{ c }</p>
            }
            <CitationList citations={a.citations.clone()} more={a.more} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CitationListProps {
    pub citations: Vec<Citation>,
    #[prop_or_default]
    pub more: usize,
}

/// `file:line — note` for each place, and how many more there are.
#[component]
pub fn CitationList(props: &CitationListProps) -> Html {
    if props.citations.is_empty() {
        return html! {};
    }
    html! {
        <ul class="citations">
            { for props.citations.iter().map(|c| html! {
                <li>
                    <code class="citation">{ format!("{}:{}", c.file, c.line) }</code>
                    if !c.note.is_empty() {
                        <span class="citation-note">{ format!(" — {}", c.note) }</span>
                    }
                </li>
            }) }
            if props.more > 0 {
                <li class="more">{ format!("and {} more", props.more) }</li>
            }
        </ul>
    }
}
