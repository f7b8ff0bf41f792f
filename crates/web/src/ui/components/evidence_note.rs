//! What the dropped project's code says about one checklist question, under it:
//! "found in your code" with the file:line citations when the code answered it; "you
//! said no; your code says yes, here" when the founder's answer differs (theirs
//! counts); "your code agrees" when both say the same. Nothing without a project, or
//! for a question the code does not decide.

use yew::prelude::*;

use crate::ui::project_state::EvidenceContext;
use shipcheck_engine::project::evidence::{Citation, Confidence, Evidence};

#[derive(Properties, PartialEq)]
pub struct EvidenceNoteProps {
    /// The checklist question's id.
    pub question: AttrValue,
}

/// Where the question's answer stands against the code's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stand {
    /// The founder gave no answer: the code's counts.
    FromCode,
    /// The founder's answer differs from the code's: the founder's counts.
    Disagrees,
    /// Both say the same.
    Agrees,
}

impl Stand {
    pub fn as_str(self) -> &'static str {
        match self {
            Stand::FromCode => "from-code",
            Stand::Disagrees => "disagrees",
            Stand::Agrees => "agrees",
        }
    }
}

/// The question's evidence and where the founder stands, if the code decided it.
pub fn stand<'a>(ctx: &'a EvidenceContext, question: &str) -> Option<(&'a Evidence, Stand)> {
    let evidence = ctx.evidence(question)?;
    let p = &ctx.provenance;
    let stand = if p.from_evidence.iter().any(|q| q == question) {
        Stand::FromCode
    } else if p.disagreements.iter().any(|d| d.question == question) {
        Stand::Disagrees
    } else {
        Stand::Agrees
    };
    Some((evidence, stand))
}

#[component]
pub fn EvidenceNote(props: &EvidenceNoteProps) -> Html {
    let Some(ctx) = use_context::<EvidenceContext>() else {
        return html! {};
    };
    let Some((evidence, stand)) = stand(&ctx, &props.question) else {
        return html! {};
    };
    let head = match stand {
        Stand::FromCode => html! {
            <p class="evidence-head">
                <span class="tag info">{ "Found in your code" }</span>
                { " " }{ evidence.summary.clone() }
            </p>
        },
        Stand::Disagrees => {
            let d = ctx
                .provenance
                .disagreements
                .iter()
                .find(|d| d.question == props.question.as_str());
            let (founder, code) = d
                .map(|d| (d.founder.label(), d.evidence.label()))
                .unwrap_or(("", ""));
            html! {
                <p class="evidence-head" role="note">
                    <span class="tag warn">{ "Your answer differs from your code" }</span>
                    { format!(" You said {founder}; your code says {code}, here: ") }
                    { evidence.summary.clone() }
                    { " Your answer counts; clear it to use the code's." }
                </p>
            }
        }
        Stand::Agrees => html! {
            <p class="evidence-head">
                <span class="tag ok">{ "Your code agrees" }</span>
                { " " }{ evidence.summary.clone() }
            </p>
        },
    };
    let confidence = match evidence.confidence {
        Confidence::High => None,
        Confidence::Medium => {
            Some("Something outside the code (a dashboard setting, a proxy) could change this.")
        }
    };
    html! {
        <div class={classes!("evidence", format!("evidence-{}", stand.as_str()))}
             data-testid="evidence" data-question={props.question.clone()} data-stand={stand.as_str()}>
            { head }
            if let Some(c) = confidence {
                <p class="hint">{ c }</p>
            }
            <CitationList citations={evidence.citations.clone()} more={evidence.more} />
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
