//! One problem as a table row (its first place standing for all, "×30" and the
//! places when it was found more than once), with a detail panel: why it matters,
//! how to fix it, where to rotate, and for CORS the attacker origin and the corrected
//! snippet; and the founder's "rotated / fixed" mark.

use yew::prelude::*;

use super::findings_view::{sev_class, title_case};
use crate::ui::state::{Action, AppHandle};
use shipcheck_engine::finding::{Finding, FindingGroup};
use shipcheck_engine::scan::fix::FixStatus;

/// Where a problem was found: in the row's file, and in other files.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Places {
    /// Times found in this file.
    pub count: usize,
    /// Each place in this file ("line 3, col 5").
    pub here: Vec<String>,
    /// Other files the same problem is in.
    pub elsewhere: Vec<String>,
}

/// Most places listed in a row (the count says how many there are).
const MAX_PLACES: usize = 200;

/// How one place reads in its file's table.
fn place_in_file(f: &Finding) -> String {
    match &f.origin {
        Some(o) => format!("{}:{} (in {} line {})", f.line, f.column, o.source, o.line),
        None => format!("line {}, col {}", f.line, f.column),
    }
}

impl Places {
    /// The places of `group` (one file's part of a problem), and the other files
    /// where `all` (every problem of the scan) finds the same key.
    pub fn of(group: &FindingGroup, all: &[FindingGroup]) -> Places {
        let key = group.first.key();
        let mut elsewhere: Vec<String> = Vec::new();
        for g in all.iter().filter(|g| g.first.key() == key) {
            for p in &g.places {
                if p.file != group.first.file && !elsewhere.contains(&p.file) {
                    elsewhere.push(p.file.clone());
                }
            }
        }
        Places {
            count: group.count(),
            here: group
                .places
                .iter()
                .take(MAX_PLACES)
                .map(|p| place_in_file(p))
                .collect(),
            elsewhere,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct FindingRowProps {
    pub finding: Finding,
    #[prop_or_default]
    pub places: Places,
    #[prop_or(FixStatus::Open)]
    pub status: FixStatus,
}

#[component]
pub fn FindingRow(props: &FindingRowProps) -> Html {
    let open = use_state(|| false);
    let app = use_context::<AppHandle>();
    let f = &props.finding;
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let detail_id = format!(
        "detail-{}-{}-{}-{}",
        slug(&f.file),
        f.line,
        f.column,
        f.rule
    );
    let places = &props.places;
    let count = places.count.max(1);
    let status = props.status;
    let mark_button = app.map(|app| {
        let mark = f.mark();
        let fixed = !status.is_marked();
        let on = Callback::from(move |_| {
            app.dispatch(Action::MarkFixed {
                mark: mark.clone(),
                fixed,
            })
        });
        html! {
            <button type="button" class="button small mark-fixed" aria-pressed={status.is_marked().to_string()}
                onclick={on} title="Kept in this browser only, under a code made from the finding (never the value).">
                { if status.is_marked() { "Undo \u{201c}fixed\u{201d}" } else { "Mark rotated / fixed" } }
            </button>
        }
    });
    html! {
        <>
            <tr class={classes!("finding-row", (*open).then_some("open"), status.is_marked().then_some("marked"))}
                data-fix={status.as_str()} data-count={count.to_string()}>
                <td data-label="Severity"><span class={classes!("sev", sev_class(f.severity))}>{ title_case(f.severity.as_str()) }</span></td>
                <td data-label="Finding">
                    <span class="finding-title">{ f.title.clone() }</span>
                    if count > 1 {
                        <span class="count" data-testid="finding-count" title={format!("Found {count} times: one problem to fix")}>{ format!("×{count}") }</span>
                    }
                    <span class="rule-id">{ f.rule.clone() }</span>
                    if status != FixStatus::Open {
                        <span class={classes!("fix-status", format!("fix-{}", status.as_str()))}>{ status.label() }</span>
                    }
                </td>
                <td data-label="Where" class="where">
                    { places.here.first().cloned().unwrap_or_else(|| place_in_file(f)) }
                    if count > 1 {
                        <details class="places">
                            <summary>{ format!("All {count} places") }</summary>
                            <ul>{ for places.here.iter().map(|p| html! { <li>{ p.clone() }</li> }) }</ul>
                            if count > places.here.len() {
                                <p class="hint">{ format!("and {} more", count - places.here.len()) }</p>
                            }
                        </details>
                    }
                    if !places.elsewhere.is_empty() {
                        <span class="hint also-in">{ format!("Also in {}", places.elsewhere.join(", ")) }</span>
                    }
                </td>
                <td data-label="Value">
                    if let Some(s) = &f.secret {
                        <code class="masked">{ s.masked.clone() }</code>
                        <span class={classes!("verdict", format!("verdict-{}", s.verdict.as_str()))}>{ s.verdict.label() }</span>
                    } else if let Some(c) = &f.cors {
                        if let Some(origin) = &c.attacker_origin { <code class="attacker">{ origin.clone() }</code> }
                    } else if let Some(a) = &f.access {
                        <code class="object">{ a.object.clone() }</code>
                    }
                </td>
                <td class="actions-cell">
                    <button type="button" class="button small" aria-expanded={open.to_string()}
                        aria-controls={detail_id.clone()} onclick={toggle}>
                        { if *open { "Hide" } else { "Details" } }
                    </button>
                    { for mark_button }
                </td>
            </tr>
            if *open {
                <tr class="detail-row" id={detail_id}>
                    <td colspan="5"><FindingDetail finding={f.clone()} /></td>
                </tr>
            }
        </>
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct FindingDetailProps {
    pub finding: Finding,
}

/// The detail panel of one finding.
#[component]
pub fn FindingDetail(props: &FindingDetailProps) -> Html {
    let f = &props.finding;
    html! {
        <div class="finding-detail">
            <h4>{ "Why it matters" }</h4>
            <p>{ f.why.clone() }</p>
            <h4>{ "How to fix it" }</h4>
            <p>{ f.fix.clone() }</p>
            if let Some(s) = &f.secret {
                if !s.location.is_empty() { <p class="where-found">{ s.location.clone() }</p> }
                if let Some(note) = &s.note { <p class="note">{ note.clone() }</p> }
                if let Some(url) = &s.rotate_url {
                    <p>{ "Rotate it at " }
                        <a href={url.clone()} target="_blank" rel="noopener noreferrer">{ url.clone() }</a>
                        { " (opens the provider's site; nothing from this page is sent)." }
                    </p>
                }
                if let Some(jwt) = &s.jwt {
                    <dl class="claims">
                        if let Some(v) = &jwt.role { <dt>{ "role" }</dt><dd>{ v.clone() }</dd> }
                        if let Some(v) = &jwt.iss { <dt>{ "issuer" }</dt><dd>{ v.clone() }</dd> }
                        if let Some(v) = &jwt.project_ref { <dt>{ "project" }</dt><dd>{ v.clone() }</dd> }
                        if let Some(v) = jwt.expired { <dt>{ "expired" }</dt><dd>{ if v { "yes" } else { "no" } }</dd> }
                    </dl>
                }
            }
            if let Some(a) = &f.access {
                if let Some(c) = &a.cites {
                    <p>{ "Left open by " }<code>{ format!("{}:{}", c.file, c.line) }</code></p>
                }
                if let Some(note) = &a.note { <p class="note">{ note.clone() }</p> }
                if !a.fixed_snippet.is_empty() {
                    <h4>{ "Fix, ready to paste" }</h4>
                    <CodeBlock code={a.fixed_snippet.clone()} label="fix" />
                }
            }
            if let Some(c) = &f.cors {
                if let Some(origin) = &c.attacker_origin {
                    <p>{ "An attacker's site that gets in: " }<code>{ origin.clone() }</code></p>
                }
                if !c.policy.is_empty() { <p class="note">{ format!("Policy as read: {}", c.policy) }</p> }
                if let Some(note) = &c.note { <p class="note">{ note.clone() }</p> }
                if let Some(curl) = &c.curl {
                    <p>{ "Check it against your live server:" }</p>
                    <CodeBlock code={curl.clone()} label="curl command" />
                }
                if !c.fixed_snippet.is_empty() {
                    <h4>{ "Corrected snippet" }</h4>
                    <CodeBlock code={c.fixed_snippet.clone()} label="corrected snippet" />
                }
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CodeBlockProps {
    pub code: String,
    pub label: AttrValue,
}

/// A code block with a copy button (the clipboard is local: no request).
#[component]
pub fn CodeBlock(props: &CodeBlockProps) -> Html {
    let copied = use_state(|| false);
    let copy = {
        let code = props.code.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            {
                use wasm_bindgen::JsCast;
                let clipboard = web_sys::window()
                    .map(|w| w.navigator())
                    .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok());
                if let Some(clipboard) = clipboard.filter(|c| !c.is_undefined()) {
                    if let Ok(f) = js_sys::Reflect::get(&clipboard, &"writeText".into())
                        .and_then(|f| f.dyn_into::<js_sys::Function>())
                    {
                        let _ = f.call1(&clipboard, &code.as_str().into());
                    }
                }
            }
            copied.set(true);
        })
    };
    html! {
        <div class="code-block">
            <pre><code>{ props.code.clone() }</code></pre>
            <button type="button" class="button small copy" onclick={copy} aria-label={format!("Copy the {}", props.label)}>
                { if *copied { "Copied" } else { "Copy" } }
            </button>
        </div>
    }
}
