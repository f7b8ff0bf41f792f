//! A dropped project on the page, natively: the worker's result for every fixture
//! project holds the same evidence, stack and measurements as `shipcheck check`, and
//! survives the trip through the protocol; the checklist marks the code's answers
//! "found in your code" with their citations, keeps the founder's answer where it
//! differs, and its verdict is the engine's for the answers that count.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../../engine/tests/project_support/mod.rs"]
mod project_support;

use std::rc::Rc;

use project_support::{project_files, project_names};
use shipcheck_engine::assess::assess;
use shipcheck_engine::catalog::assess::{Answer, Catalog};
use shipcheck_engine::project::tree::Tree;
use shipcheck_engine::project::Project;
use shipcheck_engine::report::check;
use shipcheck_engine::scan::{ScanOptions, Scanner};
use shipcheck_engine::state::State;
use shipcheck_web::protocol::{FromWorker, ProjectResult};
use shipcheck_web::ui::components::project_drop::{drop_name, ProjectDrop};
use shipcheck_web::ui::pages::checklist::Checklist;
use shipcheck_web::ui::project_state::{
    EvidenceContext, ProjectAction, ProjectHandle, ProjectState,
};
use shipcheck_web::ui::state::{AppHandle, AppState, AssessmentContext};
use yew::prelude::*;
use yew::LocalServerRenderer;
use yew_router::history::{AnyHistory, History, MemoryHistory};
use yew_router::prelude::*;

/// What the worker computes for a fixture project (`worker::project`, minus the
/// stepping and the browser).
fn result_of(name: &str) -> ProjectResult {
    let project = Project::read(Tree::from_files(project_files(name)));
    let scan = Scanner::built_in().scan_with(project.scan_inputs(), ScanOptions::default());
    ProjectResult::new(&project, scan)
}

#[test]
fn every_fixture_gives_the_page_what_shipcheck_check_gives_and_survives_the_protocol() {
    let names = project_names();
    assert!(names.len() >= 8, "{names:?}");
    for name in names {
        let result = result_of(&name);
        let cli = check::run(
            Tree::from_files(project_files(&name)),
            &State::default(),
            ScanOptions::default(),
        );
        assert!(!result.evidence.is_empty(), "{name}: no evidence at all");
        assert_eq!(result.evidence, cli.evidence, "{name}: evidence");
        assert_eq!(result.stack, cli.stack, "{name}: stack");
        assert_eq!(result.measured, cli.project.measured, "{name}: measured");
        assert_eq!(result.scan.findings, cli.findings, "{name}: findings");
        assert_eq!(result.files_read, cli.project.files_read, "{name}");
        assert_eq!(result.skipped, cli.project.skipped, "{name}");

        // The page's assessment from the result is the command line's.
        let ctx = EvidenceContext::new(&State::default(), Some(Rc::new(result.clone())));
        assert_eq!(*ctx.provenance, cli.answers, "{name}: provenance");
        assert_eq!(
            assess(Catalog::built_in(), &ctx.state, &result.scan.findings),
            cli.assessment,
            "{name}: assessment"
        );

        let msg = FromWorker::Project {
            id: 1 << 31,
            result: Box::new(result),
            memory_bytes: 0,
        };
        assert_eq!(FromWorker::parse(&msg.to_json()), Some(msg), "{name}");
    }
}

#[test]
fn a_drop_is_named_by_its_zip_or_its_folder() {
    assert_eq!(drop_name(&["app-main.zip"]), "app-main.zip");
    assert_eq!(drop_name(&["app/src/a.ts", "app/package.json"]), "app/");
    assert_eq!(drop_name(&["a.ts", "b.ts"]), "2 files");
    assert_eq!(drop_name(&["app/a.ts", "other/b.ts"]), "2 files");
    assert_eq!(drop_name(&[]), "");
}

#[derive(Properties, PartialEq)]
struct WithProjectProps {
    founder: State,
    project: &'static str,
    page: &'static str,
}

/// A page inside the contexts the layout gives it, with `project` dropped and done:
/// the project state reached through its own actions, the answers and assessment
/// derived as the layout derives them.
#[component]
fn WithProject(props: &WithProjectProps) -> Html {
    let founder = props.founder.clone();
    let app: AppHandle = use_reducer_eq(move || AppState {
        answers: founder,
        ..AppState::default()
    });
    let name = props.project;
    let project: ProjectHandle = use_reducer_eq(move || {
        let s = Rc::new(ProjectState::default());
        let id = s.next_job_id();
        let s = s.reduce(ProjectAction::Started {
            id,
            name: format!("{name}.zip"),
            started_ms: 0.0,
            bytes_total: 1,
            files_total: 1,
        });
        let s = s.reduce(ProjectAction::Worker {
            msg: Box::new(FromWorker::Project {
                id,
                result: Box::new(result_of(name)),
                memory_bytes: 0,
            }),
            now_ms: 1234.0,
        });
        (*s).clone()
    });
    let evidence = EvidenceContext::new(&props.founder, project.result.clone());
    let findings = project
        .result
        .as_ref()
        .map(|r| r.scan.findings.clone())
        .unwrap_or_default();
    let assessment = AssessmentContext(Rc::new(assess(
        Catalog::built_in(),
        &evidence.state,
        &findings,
    )));
    let history = AnyHistory::from(MemoryHistory::new());
    history.push(props.page);
    let page = match props.page {
        "/checklist" => html! { <Checklist /> },
        _ => html! { <ProjectDrop link_to_checklist=true /> },
    };
    html! {
        <Router history={history}>
            <ContextProvider<AppHandle> context={app}>
            <ContextProvider<ProjectHandle> context={project}>
            <ContextProvider<EvidenceContext> context={evidence}>
            <ContextProvider<AssessmentContext> context={assessment}>
                { page }
            </ContextProvider<AssessmentContext>>
            </ContextProvider<EvidenceContext>>
            </ContextProvider<ProjectHandle>>
            </ContextProvider<AppHandle>>
        </Router>
    }
}

async fn render(founder: &State, project: &'static str, page: &'static str) -> String {
    LocalServerRenderer::<WithProject>::with_props(WithProjectProps {
        founder: founder.clone(),
        project,
        page,
    })
    .render()
    .await
}

/// The `<li>` of question `id` on the checklist.
fn question<'a>(html: &'a str, id: &str) -> &'a str {
    let marker = format!("id=\"q-{id}-item\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{id} not on the checklist"));
    // Up to the next question (or the end of the list).
    let rest = &html[at + marker.len()..];
    let end = rest
        .find("-item\"")
        .or_else(|| rest.find("</ol>"))
        .unwrap_or(rest.len());
    &rest[..end]
}

fn verdict(html: &str) -> &str {
    let at = html.find("data-verdict=\"").expect("a verdict") + "data-verdict=\"".len();
    &html[at..at + html[at..].find('"').unwrap()]
}

#[tokio::test]
async fn the_checklist_marks_the_codes_answers_and_keeps_the_founders_word() {
    let catalog = Catalog::built_in();
    let result = result_of("next-supabase-open");
    // The founder answered the situation questions "no", and every question the code
    // does not decide safely: the code's answers decide the rest of the verdict.
    let mut founder = State::default();
    let blank = EvidenceContext::new(&founder, Some(Rc::new(result.clone())));
    let asked = catalog.questions_for(&founder.profile, blank.state.uses_ai);
    for g in catalog.screen_groups() {
        founder.screening.insert(g.id.clone(), Answer::No);
    }
    for q in &asked {
        if blank.evidence(&q.id).is_none() {
            founder
                .answers
                .insert(q.id.clone(), q.risky_answer.flipped());
        }
    }
    let ctx = EvidenceContext::new(&founder, Some(Rc::new(result.clone())));
    let answered: Vec<_> = asked
        .iter()
        .filter(|q| result.evidence.iter().any(|e| e.question == q.id))
        .collect();
    assert!(answered.len() >= 3, "the fixture answers several questions");

    let html = render(&founder, "next-supabase-open", "/checklist").await;
    for q in &answered {
        let item = question(&html, &q.id);
        let e = ctx.evidence(&q.id).unwrap();
        assert!(
            item.contains("data-stand=\"from-code\""),
            "{}: {item}",
            q.id
        );
        assert!(item.contains("Found in your code"), "{}", q.id);
        let c = &e.citations[0];
        assert!(
            item.contains(&format!("{}:{}", c.file, c.line)),
            "{}: citation {c:?} missing in {item}",
            q.id
        );
        // The code's answer is the one selected.
        let shown = ctx.state.answers[&q.id];
        assert!(
            item.contains(&format!("id=\"q-{}-{}\"", q.id, shown.as_str()))
                && item.contains("class=\"choice checked\""),
            "{}: the code's answer {shown:?} is not selected",
            q.id
        );
    }
    // Questions the code does not decide are left to the founder.
    for q in asked.iter().filter(|q| !answered.contains(q)) {
        assert!(
            !question(&html, &q.id).contains("data-testid=\"evidence\""),
            "{}",
            q.id
        );
    }
    let before = verdict(&html).to_owned();
    assert_ne!(before, "not-decided", "every question is answered");
    assert_eq!(
        before,
        assess(catalog, &ctx.state, &result.scan.findings)
            .verdict
            .as_str()
    );

    // The founder answers every question the code answered the other way: theirs
    // counts, each disagreement shows, and the verdict follows.
    let mut overriding = founder.clone();
    for q in &answered {
        overriding
            .answers
            .insert(q.id.clone(), ctx.state.answers[&q.id].flipped());
    }
    let html = render(&overriding, "next-supabase-open", "/checklist").await;
    for q in &answered {
        let item = question(&html, &q.id);
        let founder_said = overriding.answers[&q.id];
        assert!(
            item.contains("data-stand=\"disagrees\""),
            "{}: {item}",
            q.id
        );
        assert!(
            item.contains(&format!(
                "You said {}; your code says {}",
                founder_said.label(),
                ctx.state.answers[&q.id].label()
            )),
            "{}: {item}",
            q.id
        );
        assert!(
            item.contains(&format!("id=\"q-{}-{}\"", q.id, founder_said.as_str())),
            "{}",
            q.id
        );
    }
    let over = EvidenceContext::new(&overriding, Some(Rc::new(result.clone())));
    let after = assess(catalog, &over.state, &result.scan.findings);
    assert_eq!(verdict(&html), after.verdict.as_str());
    assert_ne!(
        verdict(&html),
        before,
        "overriding the code's risky answers changes the verdict"
    );
}

#[tokio::test]
async fn the_drop_panel_shows_the_stack_with_its_files_and_the_items_the_checklist_does_not_ask() {
    let result = result_of("next-supabase-open");
    let html = render(&State::default(), "next-supabase-open", "/").await;
    assert!(html.contains("Drop your project folder or its zip"));
    assert!(
        html.contains("id=\"project-zip-pick\"") && html.contains("id=\"project-folder-pick\"")
    );
    for item in &result.stack {
        assert!(
            html.contains(&format!("data-tech=\"{}\"", item.id)),
            "{}",
            item.id
        );
        let c = &item.citations[0];
        assert!(html.contains(&format!("{}:{}", c.file, c.line)), "{c:?}");
    }
    assert!(html.contains(&format!("data-files=\"{}\"", result.files_read)));
    // The unverified Stripe webhook is no checklist question: shown here, as a risk.
    let webhook = result
        .evidence
        .iter()
        .find(|e| e.question == "stripe-webhook-unverified")
        .expect("the fixture's webhook is unverified");
    assert!(webhook.risky);
    assert!(html.contains("data-item=\"stripe-webhook-unverified\""));
    assert!(html.contains(&webhook.citations[0].file));
    assert!(html.contains("See the checklist"));
}
