//! Issue 16's page changes: the journey (step indicator, next step), the verdict
//! while open questions remain, the situation questions, the shared view, the number
//! fields' help and doubts, and the glossary in place.

use shipcheck_engine::assess::{assess, Decision};
use shipcheck_engine::catalog::assess::{Answer, Catalog};
use shipcheck_engine::catalog::fields::Field;
use shipcheck_engine::catalog::glossary::Glossary;
use shipcheck_engine::state::{Decoded, State};
use shipcheck_web::ui::app::{StaticApp, StaticAppProps};
use shipcheck_web::ui::routes::Route;
use shipcheck_web::ui::state::{Action, AppState, RestoreSource};
use yew::prelude::*;
use yew::LocalServerRenderer;

use super::support::*;

const ROUTES: [(&str, Route); 7] = [
    ("/", Route::Home),
    ("/checklist", Route::Checklist),
    ("/risk", Route::Risk),
    ("/readiness", Route::Readiness),
    ("/estimate", Route::Estimate),
    ("/scan", Route::Scan),
    ("/report", Route::Report),
];

fn reduce(s: AppState, a: Action) -> AppState {
    (*std::rc::Rc::new(s).reduce(a)).clone()
}

async fn render_shared(path: &str, shared: &State, mine: Option<State>) -> String {
    LocalServerRenderer::<StaticApp>::with_props(StaticAppProps {
        path: path.to_owned().into(),
        initial: Some((
            Decoded {
                state: shared.clone(),
                notices: vec![],
            },
            RestoreSource::ShareLink,
        )),
        mine,
    })
    .render()
    .await
}

#[tokio::test]
async fn every_page_shows_the_five_steps_where_the_founder_is_and_a_next_step() {
    let s = answered("b2b-agency", &[2]);
    for (path, route) in ROUTES {
        let html = render(path, &s).await;
        let steps = element(&html, "class=\"steps\"");
        let names: Vec<&str> = Route::JOURNEY.iter().map(|r| r.label()).collect();
        let mut last = 0;
        for name in &names {
            let at = steps
                .find(&format!(">{name}<"))
                .unwrap_or_else(|| panic!("{path}: step {name}"));
            assert!(at >= last, "{path}: steps out of order");
            last = at;
        }
        let current = steps.matches("aria-current=\"step\"").count();
        let in_journey = Route::JOURNEY.contains(&route);
        assert_eq!(
            current,
            usize::from(in_journey),
            "{path}: current step marks"
        );
        if in_journey {
            let current =
                regex::Regex::new(&format!(r#"aria-current="step"[^>]*>{}<"#, route.label()))
                    .unwrap();
            assert!(
                current.is_match(steps),
                "{path}: the current step is its own\n{steps}"
            );
        }
        let (next, why) = route.next_step().expect("every page has a next step");
        let aside = element(&html, "class=\"next-step\"");
        assert_has(aside, why, "next step sentence");
        let href = if next == Route::Home {
            "/".to_string()
        } else {
            format!("/{}", next.label().to_lowercase())
        };
        assert!(
            aside.contains(&format!("href=\"{href}")),
            "{path}: next step links to {href}\n{aside}"
        );
        // The next step is the last thing in the page's main column.
        assert!(
            html.rfind("class=\"next-step\"") > html.rfind("class=\"page-fields"),
            "{path}"
        );
    }
    // The checklist's progress comes from the engine's count.
    let html = render("/readiness", &s).await;
    let a = engine(&s);
    assert_has(
        element(&html, "class=\"steps\""),
        &format!(
            "{} of {} answered",
            a.checklist.answered, a.checklist.questions
        ),
        "checklist step progress",
    );
    let r = &a.readiness;
    let total = r.gates.len() as u32;
    assert!(r.open < total, "some gates answered by the checklist");
    assert_has(
        element(&html, "class=\"steps\""),
        &format!("{} of {total} gates answered", total - r.open),
        "readiness step progress",
    );
}

#[tokio::test]
async fn the_landing_page_promises_the_catalogs_question_count() {
    let html = render("/", &State::default()).await;
    let (min, max) = Catalog::built_in().question_counts();
    assert!(
        !html.to_lowercase().contains("ten questions"),
        "a count no profile has"
    );
    assert_has(
        &html,
        &format!("{min} to {max} yes / no questions"),
        "the real count",
    );
    let full = Catalog::built_in().questions_for("full", false).len();
    assert!(min <= full && full <= max);
}

#[tokio::test]
async fn with_the_situation_open_the_verdict_is_not_decided_and_says_what_is_possible() {
    // Every checklist question answered, one risk (b2b needs three), situation open.
    let mut s = answered("b2b-agency", &[2]);
    s.screening.clear();
    let a = engine(&s);
    assert_eq!(a.verdict, Decision::NotDecided);
    assert!(a.possible.len() > 1, "{:?}", a.possible);
    let html = render("/checklist", &s).await;
    let panel = element(&html, "class=\"verdict-panel");
    assert!(panel.contains("data-verdict=\"not-decided\""), "{panel}");
    assert_has(panel, Decision::NotDecided.label(), "not decided label");
    assert_has(panel, &a.outlook, "the engine's outlook");
    let possible = element(panel, "class=\"verdict-possible\"");
    for d in &a.possible {
        assert!(
            possible.contains(&format!("data-possible=\"{}\"", d.as_str())),
            "{d:?}"
        );
        assert_has(possible, d.label(), "possible verdict");
    }
    for d in [Decision::Sprint, Decision::Diy, Decision::NotARescueCase] {
        assert!(!panel.contains(&format!("data-verdict=\"{}\"", d.as_str())));
    }
    // Once the situation is answered, the verdict is stated and nothing is "possible".
    let s = answered("b2b-agency", &[2]);
    let html = render("/checklist", &s).await;
    assert!(html.contains(&format!("data-verdict=\"{}\"", engine(&s).verdict.as_str())));
    assert!(!html.contains("class=\"verdict-possible\""));
}

#[tokio::test]
async fn a_yes_to_a_situation_question_unfolds_only_its_conditions() {
    let c = Catalog::built_in();
    let g = &c.screen_groups()[0];
    let mut s = answered("b2b-agency", &[]);
    s.screening.insert(g.id.clone(), Answer::Yes);
    let html = render("/checklist", &s).await;
    for sc in c.screening() {
        let shown = html.contains(&format!("id=\"screen-{}\"", sc.id));
        assert_eq!(shown, g.screens.contains(&sc.id), "{}", sc.id);
    }
    assert!(
        html.contains(&format!("id=\"screen-{}-yes\"", g.id)),
        "the group is a yes / no / not sure question"
    );
}

#[tokio::test]
async fn a_share_link_over_saved_answers_is_viewed_read_only_until_the_founder_chooses() {
    let mine = answered("b2b-agency", &[2]);
    let shared = answered("coach-founder", &[1]);
    let html = render_shared("/checklist", &shared, Some(mine.clone())).await;
    let banner = element(&html, "class=\"shared-banner\"");
    assert_has(banner, "You are viewing a shared assessment", "banner");
    assert_has(banner, "Keep mine", "keep");
    assert_has(banner, "Replace mine", "replace");
    let fields = regex::Regex::new(r#"<fieldset[^>]*disabled[^>]*class="page-fields shared"|<fieldset[^>]*class="page-fields shared"[^>]*disabled"#).unwrap();
    assert!(fields.is_match(&html), "read-only");
    assert_has(
        element(&html, "class=\"page-fields shared\""),
        "Shared assessment, read-only",
        "the group's legend",
    );
    assert!(html.contains("id=\"profile-coach-founder\""));
    assert!(
        !html.contains("restored from the shared link"),
        "no notice saying the opposite"
    );

    // The reducer: edits are refused while viewing; keep-mine and replace-mine.
    let initial = || {
        Some((
            Decoded {
                state: shared.clone(),
                notices: vec![],
            },
            RestoreSource::ShareLink,
        ))
    };
    let s = AppState::new(initial(), Some(mine.clone()));
    assert!(s.viewing_shared());
    assert_eq!(s.answers, shared, "the shared answers are what is shown");
    let edited = reduce(s.clone(), Action::UsesAi(true));
    assert_eq!(edited.answers, shared, "read-only");
    assert!(edited.notices.iter().any(|n| n.text.contains("Keep mine")));
    let kept = reduce(s.clone(), Action::KeepMine);
    assert!(!kept.viewing_shared());
    assert_eq!(kept.answers, mine);
    let replaced = reduce(s, Action::ReplaceMine);
    assert!(!replaced.viewing_shared());
    assert_eq!(replaced.answers, shared);
    assert!(
        replaced.revision > 0,
        "a change: the saver writes the shared answers"
    );

    // Nothing saved (or the same answers): nothing to replace, no question.
    for mine in [None, Some(State::default()), Some(shared.clone())] {
        let s = AppState::new(initial(), mine.clone());
        assert!(!s.viewing_shared(), "{mine:?}");
        let html = render_shared("/checklist", &shared, mine).await;
        assert!(!html.contains("class=\"shared-banner\""));
        assert!(!html.contains("page-fields shared"));
    }
}

#[tokio::test]
async fn each_figure_says_where_to_find_it_and_a_doubtful_value_asks_before_it_counts() {
    let html = render("/readiness", &State::default()).await;
    for f in Field::figures() {
        assert!(!f.help().is_empty(), "{f:?}");
        // The help follows the box, folded.
        let at = html.find(&format!("id=\"field-{}\"", f.id())).unwrap();
        let after = &html[at..];
        let details = element(after, "class=\"field-help\"");
        assert!(details.contains("Where to find this number"), "{f:?}");
        let plain: String = Glossary::built_in()
            .spans(f.help())
            .iter()
            .map(|s| s.text)
            .collect();
        assert_eq!(plain, f.help());
        // Each plain piece of the help is on the page (terms are wrapped in <abbr>).
        for piece in Glossary::built_in().spans(f.help()) {
            assert_has(details, piece.text, "help text");
        }
    }

    // "0.5" typed in milliseconds: asked, not counted; "Use 500 ms" or "Keep 0.5 ms".
    let field = Field::CriticalApiP95;
    let s = reduce(
        AppState::default(),
        Action::Type {
            field,
            text: "0.5".into(),
        },
    );
    let doubt = s.field_doubt(field).expect("doubted");
    assert_eq!(s.answers.inputs.get(field), None, "not counted");
    assert_eq!(s.field_text(field), "0.5", "kept as typed");
    assert_eq!(s.field_error(field), None, "valid, only doubtful");
    let a = assess(Catalog::built_in(), &s.answers, &[]);
    let gate = a
        .readiness
        .gates
        .iter()
        .find(|g| g.id == "critical-api-p95")
        .unwrap();
    assert_eq!(
        gate.status.as_str(),
        "unknown",
        "an unconfirmed value decides nothing"
    );

    let html =
        LocalServerRenderer::<ReadinessWith>::with_props(ReadinessWithProps { state: s.clone() })
            .render()
            .await;
    let box_ = element(&html, "class=\"field-doubt\"");
    assert_has(box_, &doubt.message, "the engine's question");
    let suggestion = doubt.suggestion.expect("a suggestion");
    assert_has(
        box_,
        &format!("Use {} ms", field.format_typed(suggestion)),
        "use",
    );
    assert_has(box_, "Keep 0.5 ms", "keep");

    let kept = reduce(s.clone(), Action::KeepDoubtful(field));
    assert_eq!(kept.field_doubt(field), None);
    assert!(
        kept.answers.inputs.get(field).is_some(),
        "counted once kept"
    );
    let took = reduce(
        s,
        Action::Type {
            field,
            text: field.format_typed(suggestion),
        },
    );
    assert_eq!(took.answers.inputs.get(field), Some(suggestion));
    assert_eq!(took.field_doubt(field), None);
}

#[tokio::test]
async fn each_glossary_word_is_explained_in_place_where_a_founder_reads_it() {
    let mut s = State {
        uses_ai: true,
        ..state("full")
    };
    s.app_name = String::new();
    let mut pages = String::new();
    for path in ["/", "/checklist", "/readiness", "/report"] {
        pages.push_str(&render(path, &s).await);
    }
    // Scan findings are read too: the database access classes' titles and fixes.
    let access: String = shipcheck_engine::catalog::access::catalog()
        .class
        .iter()
        .map(|c| format!("{}\n{}\n", c.title, c.fix))
        .collect();
    for t in Glossary::built_in().terms() {
        let found = Glossary::built_in()
            .find(&pages)
            .iter()
            .any(|x| x.term == t.term)
            || Glossary::built_in()
                .find(&access)
                .iter()
                .any(|x| x.term == t.term);
        assert!(found, "{:?} appears nowhere a founder reads", t.term);
    }
    // Where the pages use a word, it carries its definition.
    for t in ["p95", "CORS", "tenant isolation", "SARIF"] {
        let abbr = regex::Regex::new(&format!(
            r#"(?i)<abbr title="([^"]+)" class="term">{t}</abbr>"#
        ))
        .unwrap();
        let title = abbr
            .captures(&pages)
            .unwrap_or_else(|| panic!("{t} not explained in place"))[1]
            .to_string();
        let def = &Glossary::built_in()
            .terms()
            .iter()
            .find(|x| x.term == t)
            .unwrap()
            .definition;
        assert_eq!(
            title.replace("&#39;", "'").replace("&apos;", "'"),
            *def,
            "{t}"
        );
    }
}

#[derive(Properties, PartialEq)]
struct ReadinessWithProps {
    state: AppState,
}

/// The readiness page with a given app state (drafts included), as the shell would
/// provide it.
#[component]
fn ReadinessWith(props: &ReadinessWithProps) -> Html {
    use shipcheck_web::ui::state::{AppHandle, AssessmentContext};
    use yew_router::history::{AnyHistory, History, MemoryHistory};
    use yew_router::prelude::*;
    let initial = props.state.clone();
    let handle: AppHandle = use_reducer_eq(move || initial);
    let a = AssessmentContext(std::rc::Rc::new(engine(&props.state.answers)));
    let history = AnyHistory::from(MemoryHistory::new());
    history.push("/readiness");
    html! {
        <Router history={history}>
            <ContextProvider<AppHandle> context={handle}>
                <ContextProvider<AssessmentContext> context={a}>
                    <shipcheck_web::ui::pages::readiness::Readiness />
                </ContextProvider<AssessmentContext>>
            </ContextProvider<AppHandle>>
        </Router>
    }
}

#[tokio::test]
async fn the_report_is_titled_with_the_app_name_the_founder_types() {
    let mut s = answered("b2b-agency", &[2, 5, 9]);
    let html = render("/report", &s).await;
    assert!(html.contains("<h1>Your launch report</h1>"), "untitled");
    assert!(html.contains("id=\"app-name\""), "the name box");
    s.set_app_name("Acme CRM");
    let html = render("/report", &s).await;
    let title = shipcheck_engine::report::handover::title(&engine(&s));
    assert_eq!(title, "Acme CRM: launch report");
    assert!(html.contains(&format!("<h1>{title}</h1>")), "{html}");

    // Typing keeps what was typed (a trailing space before the next word) and stores
    // the cleaned name.
    let typed = reduce(AppState::default(), Action::AppName("Acme ".into()));
    assert_eq!(typed.name_text(), "Acme ");
    assert_eq!(typed.answers.app_name, "Acme");
}
