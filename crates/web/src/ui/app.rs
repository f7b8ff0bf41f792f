//! The app root: router, layout, state, and the boot sequence (worker, then privacy lock).

use std::rc::Rc;

use yew::prelude::*;
use yew_router::history::{AnyHistory, History, MemoryHistory};
use yew_router::prelude::*;

use super::boot::{self, PrivacyStatus};
use super::components::footer::Footer;
use super::components::header::Header;
use super::components::journey::{NextStep, StepIndicator};
use super::components::notices::Notices;
use super::components::shared_banner::SharedBanner;
use super::persist;
use super::project_state::{
    combined_findings, EvidenceContext, ProjectAction, ProjectHandle, ProjectState,
};
use super::routes::{switch, Route};
use super::scan_state::{ScanHandle, ScanState};
use super::state::{AppHandle, AppState, AssessmentContext, RestoreSource};
use crate::protocol::FromWorker;
use shipcheck_engine::assess::assess_with;
use shipcheck_engine::catalog::assess::Catalog;
use shipcheck_engine::catalog::operator::OperatorConfig;
use shipcheck_engine::state::{Decoded, State};

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The answers to start with (a shared link or the saved copy), read before the
    /// first render so the page does not flash empty answers.
    #[prop_or_default]
    pub initial: Option<(Decoded, RestoreSource)>,
    /// With a shared link: the founder's own saved answers, kept aside (and saved)
    /// until they choose to keep them or replace them with the shared ones.
    #[prop_or_default]
    pub mine: Option<State>,
}

/// The app as mounted in the browser.
#[component]
pub fn App(props: &AppProps) -> Html {
    html! {
        <BrowserRouter>
            <Shell initial={props.initial.clone()} mine={props.mine.clone()} />
        </BrowserRouter>
    }
}

#[derive(Properties, PartialEq)]
pub struct StaticAppProps {
    /// The path to render, e.g. `/scan`.
    pub path: AttrValue,
    #[prop_or_default]
    pub initial: Option<(Decoded, RestoreSource)>,
    #[prop_or_default]
    pub mine: Option<State>,
}

/// The app rendered at a fixed path, for server-side rendering in native tests.
#[component]
pub fn StaticApp(props: &StaticAppProps) -> Html {
    let history = AnyHistory::from(MemoryHistory::new());
    history.push(props.path.as_str());
    html! {
        <Router history={history}>
            <Shell initial={props.initial.clone()} mine={props.mine.clone()} />
        </Router>
    }
}

#[derive(Properties, PartialEq)]
struct ShellProps {
    initial: Option<(Decoded, RestoreSource)>,
    mine: Option<State>,
}

/// Layout shared by every page; owns the state, the derived assessment and the
/// privacy status, and starts the boot sequence.
#[component]
fn Shell(props: &ShellProps) -> Html {
    let privacy = use_state(|| PrivacyStatus::Booting);
    {
        let privacy = privacy.clone();
        use_effect_with((), move |_| {
            // In a task of its own after the first render, which is then shorter (see
            // crates/web/src/main.rs: the page boots in short tasks).
            let on_status = Callback::from(move |s| privacy.set(s));
            gloo::timers::callback::Timeout::new(0, move || boot::start(on_status)).forget();
        });
    }
    let route = use_route::<Route>().unwrap_or(Route::NotFound);
    use_effect_with(route, |route| {
        boot::set_title(&format!("{} · shipcheck", route.title()));
    });

    let (initial, mine) = (props.initial.clone(), props.mine.clone());
    let state: AppHandle = use_reducer_eq(move || AppState::new(initial, mine));
    // A shared assessment being viewed is never saved: the founder's own answers stay
    // in storage until they choose.
    use_effect_with(
        (state.answers.clone(), state.viewing_shared()),
        |(answers, viewing)| {
            if !viewing {
                persist::save(answers);
            }
        },
    );

    let scan: ScanHandle = use_reducer_eq(ScanState::default);
    let project: ProjectHandle = use_reducer_eq(ProjectState::default);
    {
        let (scan, project) = (scan.clone(), project.clone());
        use_effect_with((), move |_| {
            // Each job's messages reach both states; each keeps only its own job's.
            super::worker_client::set_listener(Callback::from(move |msg: FromWorker| {
                let now_ms = js_sys::Date::now();
                project.dispatch(ProjectAction::Worker {
                    msg: Box::new(msg.clone()),
                    now_ms,
                });
                scan.dispatch(super::scan_state::ScanAction::Worker {
                    msg: Box::new(msg),
                    now_ms,
                })
            }));
        });
    }

    // The founder's answers first, then the dropped project's code.
    let evidence = use_memo(
        (state.answers.clone(), project.result.clone()),
        |(answers, result)| EvidenceContext::new(answers, result.clone()),
    );
    // Findings feed the assessment: the risk score, readiness and estimate move with them.
    let findings = use_memo(
        (
            scan.report.clone(),
            project.result.clone(),
            scan.baseline.clone(),
        ),
        |(report, result, baseline)| {
            combined_findings(report.as_deref(), result.as_deref(), baseline.as_deref())
        },
    );
    let operator = use_memo((), |_| OperatorConfig::built_in());
    let assessment = {
        let operator = operator.clone();
        use_memo(
            (evidence.state.clone(), findings.clone()),
            move |(answers, findings)| {
                AssessmentContext(Rc::new(assess_with(
                    Catalog::built_in(),
                    answers,
                    findings,
                    &operator,
                )))
            },
        )
    };

    html! {
        <ContextProvider<PrivacyStatus> context={(*privacy).clone()}>
        <ContextProvider<AppHandle> context={state.clone()}>
        <ContextProvider<ScanHandle> context={scan.clone()}>
        <ContextProvider<ProjectHandle> context={project.clone()}>
        <ContextProvider<EvidenceContext> context={(*evidence).clone()}>
        <ContextProvider<AssessmentContext> context={(*assessment).clone()}>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <Header />
            <main id="main" tabindex="-1">
                <SharedBanner />
                <Notices />
                <StepIndicator current={route} />
                // Read-only while a shared assessment is viewed: every control of the
                // page is disabled until the founder keeps or replaces their own.
                if state.viewing_shared() {
                    <fieldset class="page-fields shared" disabled=true>
                        <legend class="visually-hidden">{ "Shared assessment, read-only" }</legend>
                        <Switch<Route> render={switch} />
                    </fieldset>
                } else {
                    <div class="page-fields">
                        <Switch<Route> render={switch} />
                    </div>
                }
                <NextStep current={route} />
            </main>
            <Footer />
        </ContextProvider<AssessmentContext>>
        </ContextProvider<EvidenceContext>>
        </ContextProvider<ProjectHandle>>
        </ContextProvider<ScanHandle>>
        </ContextProvider<AppHandle>>
        </ContextProvider<PrivacyStatus>>
    }
}
