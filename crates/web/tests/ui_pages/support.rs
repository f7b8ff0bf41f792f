//! Rendering and HTML helpers shared by the page tests in `crates/web/tests/ui_pages.rs`.

use std::rc::Rc;

use shipcheck_engine::assess::{assess, Assessment};
use shipcheck_engine::catalog::assess::{Answer, Catalog};
use shipcheck_engine::finding::{Category, Context, Finding, Severity};
use shipcheck_engine::scan::Scanner;
use shipcheck_engine::state::{Decoded, State};
use shipcheck_web::ui::app::{StaticApp, StaticAppProps};
use shipcheck_web::ui::scan_state::{ScanHandle, ScanState};
use shipcheck_web::ui::state::{AppHandle, AppState, AssessmentContext, RestoreSource};
use yew::prelude::*;
use yew::LocalServerRenderer;
use yew_router::history::{AnyHistory, History, MemoryHistory};
use yew_router::prelude::*;

pub const PAGES: [&str; 4] = ["/checklist", "/risk", "/readiness", "/estimate"];

/// Renders `path` with the app started from `state` (as if restored from storage).
pub async fn render(path: &str, state: &State) -> String {
    LocalServerRenderer::<StaticApp>::with_props(StaticAppProps {
        path: path.to_owned().into(),
        initial: Some((
            Decoded {
                state: state.clone(),
                notices: vec![],
            },
            RestoreSource::Storage,
        )),
        mine: None,
    })
    .render()
    .await
}

/// Text as Yew writes it into HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub fn assert_has(html: &str, text: &str, what: &str) {
    assert!(
        html.contains(&esc(text)),
        "{what}: {text:?} not on the page\n{html}"
    );
}

/// The inner HTML of the first element whose opening tag contains `marker`.
pub fn element<'a>(html: &'a str, marker: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} not found in\n{html}"));
    let open = html[..at].rfind('<').unwrap();
    let tag: String = html[open + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let start = at + html[at..].find('>').unwrap() + 1;
    // Nesting-aware: count opening and closing tags of the same name.
    let (mut depth, mut i) = (1, start);
    let (opener, closer) = (format!("<{tag}"), format!("</{tag}>"));
    while depth > 0 {
        let next_close = html[i..].find(&closer).map(|p| p + i).expect("unclosed");
        let next_open = html[i..].find(&opener).map(|p| p + i);
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                i = o + opener.len();
            }
            _ => {
                depth -= 1;
                i = next_close + closer.len();
            }
        }
    }
    &html[start..i - closer.len()]
}

pub fn state(profile: &str) -> State {
    State {
        profile: profile.into(),
        ..State::default()
    }
}

/// Answers each listed question (by its number in the profile's checklist) riskily,
/// and every other one safely.
pub fn answered(profile: &str, risky: &[u32]) -> State {
    let mut s = state(profile);
    for q in Catalog::built_in().questions_for(&s.profile, s.uses_ai) {
        let a = if risky.contains(&q.number) {
            q.risky_answer
        } else {
            q.risky_answer.flipped()
        };
        s.answers.insert(q.id, a);
    }
    // The situation questions answered "no": the verdict comes from the checklist.
    for g in Catalog::built_in().screen_groups() {
        s.screening.insert(g.id.clone(), Answer::No);
    }
    s
}

pub fn engine(s: &State) -> Assessment {
    assess(Catalog::built_in(), s, &[])
}

pub fn blocker_findings() -> Vec<Finding> {
    vec![Finding {
        rule: "cors-wildcard-credentials".into(),
        category: Category::Cors,
        severity: Severity::Critical,
        title: "Any site can read your users' data (wildcard origin with credentials)".into(),
        why: "Any website a logged-in user visits can call your API as them.".into(),
        fix: "Allow only your real origins.".into(),
        file: "server.js".into(),
        line: 12,
        column: 3,
        context: Context::SourceCode,
        origin: None,
        secret: None,
        cors: None,
        access: None,
    }]
}

#[derive(Properties, PartialEq)]
pub struct WithFindingsProps {
    state: State,
    findings: Vec<Finding>,
    path: AttrValue,
}

/// A page inside the app's contexts, with an assessment that includes scan findings
/// (the shell takes them from a scan run in the browser, which a native render has not).
#[component]
pub fn WithFindings(props: &WithFindingsProps) -> Html {
    let initial = props.state.clone();
    let handle: AppHandle = use_reducer_eq(move || AppState {
        answers: initial,
        ..AppState::default()
    });
    let a = AssessmentContext(Rc::new(assess(
        Catalog::built_in(),
        &props.state,
        &props.findings,
    )));
    let findings = props.findings.clone();
    let scan: ScanHandle = use_reducer_eq(move || {
        let mut report = Scanner::built_in().scan(vec![]);
        report.findings = findings;
        ScanState::with_report(report)
    });
    let history = AnyHistory::from(MemoryHistory::new());
    history.push(props.path.as_str());
    let page = match props.path.as_str() {
        "/risk" => html! { <shipcheck_web::ui::pages::risk::Risk /> },
        "/report" => html! { <shipcheck_web::ui::pages::report::Report /> },
        "/readiness" => html! { <shipcheck_web::ui::pages::readiness::Readiness /> },
        _ => html! { <shipcheck_web::ui::pages::checklist::Checklist /> },
    };
    html! {
        <Router history={history}>
            <ContextProvider<AppHandle> context={handle}>
            <ContextProvider<ScanHandle> context={scan}>
                <ContextProvider<AssessmentContext> context={a}>{ page }</ContextProvider<AssessmentContext>>
            </ContextProvider<ScanHandle>>
            </ContextProvider<AppHandle>>
        </Router>
    }
}

pub async fn render_with_findings(path: &str, state: &State, findings: Vec<Finding>) -> String {
    LocalServerRenderer::<WithFindings>::with_props(WithFindingsProps {
        state: state.clone(),
        findings,
        path: path.to_owned().into(),
    })
    .render()
    .await
}
