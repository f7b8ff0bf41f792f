//! The dropped project's state: the running project job, and its result (stack,
//! evidence, the scan of its files). Kept at the app level so every page's
//! assessment uses it. Never saved: the evidence lives as long as the tab, and only
//! the founder's own answers persist (`ui::persist` saves `AppState::answers`, never
//! the answers the code gave).

use std::rc::Rc;

use yew::prelude::*;

use super::scan_state::{Run, Running};
use crate::protocol::{FromWorker, Phase, ProjectResult, PROJECT_IDS};
use shipcheck_engine::catalog::assess::Catalog;
use shipcheck_engine::finding::Finding;
use shipcheck_engine::project::answers::{state_with_evidence, Provenance};
use shipcheck_engine::project::evidence::Evidence;
use shipcheck_engine::report::baseline::Baseline;
use shipcheck_engine::report::origin::{code_answers, CodeAnswer};
use shipcheck_engine::scan::{Progress, ScanReport};
use shipcheck_engine::state::{Answer, State};

#[derive(Debug, Clone, PartialEq)]
pub struct ProjectState {
    /// What was dropped: the zip's name or the folder's.
    pub name: String,
    pub run: Run,
    pub result: Option<Rc<ProjectResult>>,
    /// Milliseconds from the drop to the result.
    pub last_elapsed_ms: Option<f64>,
    /// The worker's memory after the last project (its peak), in bytes.
    pub last_memory_bytes: Option<u64>,
    next_id: u32,
}

impl Default for ProjectState {
    fn default() -> Self {
        ProjectState {
            name: String::new(),
            run: Run::Idle,
            result: None,
            last_elapsed_ms: None,
            last_memory_bytes: None,
            next_id: PROJECT_IDS,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProjectAction {
    /// Project job `id` was sent to the worker at `started_ms`.
    Started {
        id: u32,
        name: String,
        started_ms: f64,
        bytes_total: u64,
        files_total: usize,
    },
    CancelRequested,
    /// A message from the worker, with the time it arrived.
    Worker {
        msg: Box<FromWorker>,
        now_ms: f64,
    },
    /// Forget the project and its evidence.
    Forget,
}

impl ProjectState {
    /// The id the next project job gets.
    pub fn next_job_id(&self) -> u32 {
        self.next_id
    }

    pub fn is_running(&self) -> bool {
        matches!(self.run, Run::Running(_) | Run::Cancelling(_))
    }
}

impl Reducible for ProjectState {
    type Action = ProjectAction;

    fn reduce(self: Rc<Self>, action: ProjectAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            ProjectAction::Started {
                id,
                name,
                started_ms,
                bytes_total,
                files_total,
            } => {
                s.next_id = s.next_id.max(id.saturating_add(1));
                s.name = name;
                s.run = Run::Running(Running {
                    id,
                    started_ms,
                    phase: Phase::Reading,
                    progress: Progress {
                        bytes_done: 0,
                        bytes_total,
                        files_done: 0,
                        files_total,
                        findings_so_far: 0,
                        current_file: String::new(),
                    },
                    first_finding_ms: None,
                    // A project's files are not among the scan page's picked files.
                    file_ids: Vec::new(),
                });
            }
            ProjectAction::CancelRequested => {
                if let Run::Running(r) = &s.run {
                    s.run = Run::Cancelling(r.clone());
                }
            }
            ProjectAction::Worker { msg, now_ms } => apply(&mut s, *msg, now_ms),
            ProjectAction::Forget => {
                s = ProjectState {
                    next_id: s.next_id,
                    ..ProjectState::default()
                }
            }
        }
        Rc::new(s)
    }
}

/// Applies a worker message; a message about another job (a scan, or a project
/// that was replaced or cancelled) is ignored. A new project replaces the last one's
/// result only once it is done: a cancelled or failed drop keeps the last evidence.
fn apply(s: &mut ProjectState, msg: FromWorker, now_ms: f64) {
    let current = match &s.run {
        Run::Running(r) | Run::Cancelling(r) => r.clone(),
        _ => return,
    };
    match msg {
        FromWorker::Progress {
            id,
            phase,
            progress,
        } if id == current.id => {
            let next = Running {
                phase,
                progress,
                ..current
            };
            s.run = match s.run {
                Run::Cancelling(_) => Run::Cancelling(next),
                _ => Run::Running(next),
            };
        }
        FromWorker::Project {
            id,
            result,
            memory_bytes,
        } if id == current.id => {
            s.result = Some(Rc::new(*result));
            s.last_elapsed_ms = Some(now_ms - current.started_ms);
            s.last_memory_bytes = Some(memory_bytes);
            s.run = Run::Done;
        }
        FromWorker::Cancelled { id } if id == current.id => s.run = Run::Cancelled,
        FromWorker::Failed { id, message } if id == current.id => s.run = Run::Failed(message),
        _ => {}
    }
}

/// The project-state handle pages get from context.
pub type ProjectHandle = UseReducerHandle<ProjectState>;

/// The answers the assessment reads, and where each came from: the founder's first,
/// then the code's ([`state_with_evidence`], the one place where they meet), with the
/// evidence it came from. Shared with every page by the layout.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceContext {
    /// The founder's answers with the code's added where the founder gave none.
    pub state: Rc<State>,
    pub provenance: Rc<Provenance>,
    /// The dropped project's result, if any.
    pub result: Option<Rc<ProjectResult>>,
    /// Each checklist question the code decided, where its answer came from, in the
    /// engine's words: the checklist's notes, /report and the exports show these.
    pub code_answers: Rc<Vec<CodeAnswer>>,
}

impl EvidenceContext {
    /// The effective answers for `founder`, given the dropped project (if any).
    pub fn new(founder: &State, result: Option<Rc<ProjectResult>>) -> EvidenceContext {
        let (state, provenance) = match &result {
            Some(r) => {
                state_with_evidence(Catalog::built_in(), founder, &r.evidence, Some(&r.measured))
            }
            None => (founder.clone(), Provenance::default()),
        };
        let code_answers = match &result {
            Some(r) => code_answers(Catalog::built_in(), &state, &r.evidence, &provenance),
            None => Vec::new(),
        };
        EvidenceContext {
            state: Rc::new(state),
            provenance: Rc::new(provenance),
            result,
            code_answers: Rc::new(code_answers),
        }
    }

    /// What the code says about question `id`, if it decided it.
    pub fn evidence(&self, id: &str) -> Option<&Evidence> {
        self.result
            .as_ref()?
            .evidence
            .iter()
            .find(|e| e.question == id)
    }

    /// Where the answer to question `id` came from, if the code decided it.
    pub fn code_answer(&self, id: &str) -> Option<&CodeAnswer> {
        self.code_answers.iter().find(|a| a.question == id)
    }

    /// The code's answer to `id` in the profile's wording, when it stands because the
    /// founder gave none.
    pub fn answer_from_code(&self, id: &str) -> Option<Answer> {
        self.provenance
            .from_evidence
            .iter()
            .any(|q| q == id)
            .then(|| self.state.answers.get(id).copied())
            .flatten()
    }
}

/// What the scan page and the dropped project found, as one report: every scan so
/// far merged ([`ScanReport::merge`]; a file scanned on both counts once, the
/// project's scan replaces it), without what the loaded baseline holds, wherever it
/// was found (counted per file, [`Baseline::apply`]). What /report shows, counts and
/// exports, and what the assessment counts ([`combined_findings`]). `None`: nothing
/// scanned yet.
pub fn combined_report(
    scan: Option<&ScanReport>,
    project: Option<&ProjectResult>,
    baseline: Option<&Baseline>,
) -> Option<ScanReport> {
    let mut merged = match (scan, project) {
        (None, None) => return None,
        (Some(s), None) => s.clone(),
        (None, Some(p)) => p.scan.clone(),
        (Some(s), Some(p)) => {
            let mut merged = s.clone();
            merged.merge(p.scan.clone());
            merged
        }
    };
    if let Some(b) = baseline {
        b.apply(&mut merged);
    }
    Some(merged)
}

/// The findings the assessment counts: those of [`combined_report`].
pub fn combined_findings(
    scan: Option<&ScanReport>,
    project: Option<&ProjectResult>,
    baseline: Option<&Baseline>,
) -> Vec<Finding> {
    combined_report(scan, project, baseline)
        .map(|r| r.findings)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipcheck_engine::project::tree::Tree;
    use shipcheck_engine::project::Project;
    use shipcheck_engine::scan::{ScanInput, Scanner};

    fn reduce(s: ProjectState, a: ProjectAction) -> ProjectState {
        (*Rc::new(s).reduce(a)).clone()
    }

    /// A Next.js route that writes the request body to the database with no session
    /// check: the code answers "open endpoints" (risky) and "input validation".
    fn open_route_result() -> ProjectResult {
        let tree = Tree::from_files(vec![
            ("package.json".into(), br#"{"dependencies":{"next":"14.2.3"}}"#.to_vec()),
            ("app/api/notes/route.ts".into(), b"export async function POST(req: Request) {\n  const body = await req.json();\n  await prisma.note.create({ data: body });\n}\n".to_vec()),
        ]);
        let project = Project::read(tree);
        let scan = Scanner::built_in().scan(project.scan_inputs());
        ProjectResult::new(&project, scan)
    }

    fn started(id: u32) -> ProjectAction {
        ProjectAction::Started {
            id,
            name: "app.zip".into(),
            started_ms: 1000.0,
            bytes_total: 10,
            files_total: 1,
        }
    }

    #[test]
    fn a_project_runs_through_its_stages_and_keeps_its_result() {
        let s = ProjectState::default();
        let id = s.next_job_id();
        assert!(id >= PROJECT_IDS, "project ids never meet scan ids");
        let s = reduce(s, started(id));
        assert!(s.is_running());
        let mut s = s;
        for phase in Phase::PROJECT {
            s = reduce(
                s,
                ProjectAction::Worker {
                    msg: Box::new(FromWorker::Progress {
                        id,
                        phase,
                        progress: Progress {
                            bytes_done: 5,
                            bytes_total: 10,
                            files_done: 0,
                            files_total: 1,
                            findings_so_far: 0,
                            current_file: String::new(),
                        },
                    }),
                    now_ms: 1100.0,
                },
            );
            match &s.run {
                Run::Running(r) => assert_eq!(r.phase, phase),
                other => panic!("{other:?}"),
            }
        }
        let s = reduce(
            s,
            ProjectAction::Worker {
                msg: Box::new(FromWorker::Project {
                    id,
                    result: Box::new(open_route_result()),
                    memory_bytes: 1 << 20,
                }),
                now_ms: 2500.0,
            },
        );
        assert_eq!(s.run, Run::Done);
        assert_eq!(s.last_elapsed_ms, Some(1500.0));
        assert_eq!(s.name, "app.zip");
        assert!(s.result.is_some());
        assert!(s.next_job_id() > id, "ids are never reused");
        let s = reduce(s, ProjectAction::Forget);
        assert!(s.result.is_none() && s.run == Run::Idle);
        assert!(s.next_job_id() > id);
    }

    #[test]
    fn scan_messages_and_stale_jobs_are_ignored_and_a_cancel_keeps_the_last_result() {
        let first = ProjectState::default().next_job_id();
        let s = reduce(ProjectState::default(), started(first));
        let s = reduce(
            s,
            ProjectAction::Worker {
                msg: Box::new(FromWorker::Project {
                    id: first,
                    result: Box::new(open_route_result()),
                    memory_bytes: 0,
                }),
                now_ms: 2000.0,
            },
        );
        let second = s.next_job_id();
        let s = reduce(s, started(second));
        for stale in [1, first] {
            let after = reduce(
                s.clone(),
                ProjectAction::Worker {
                    msg: Box::new(FromWorker::Cancelled { id: stale }),
                    now_ms: 2100.0,
                },
            );
            assert_eq!(
                after, s,
                "a message for job {stale} must not touch {second}"
            );
        }
        let s = reduce(s, ProjectAction::CancelRequested);
        assert!(matches!(s.run, Run::Cancelling(_)));
        let s = reduce(
            s,
            ProjectAction::Worker {
                msg: Box::new(FromWorker::Cancelled { id: second }),
                now_ms: 2200.0,
            },
        );
        assert_eq!(s.run, Run::Cancelled);
        assert!(s.result.is_some(), "the last project's evidence stays");
    }

    #[test]
    fn the_code_answers_what_the_founder_left_open_and_the_founder_keeps_the_word() {
        let result = Rc::new(open_route_result());
        let open = result
            .evidence
            .iter()
            .find(|e| e.question == "open-endpoints")
            .expect("the route is open");
        assert!(open.risky);
        let ctx = EvidenceContext::new(&State::default(), Some(result.clone()));
        let from_code = ctx.answer_from_code("open-endpoints");
        assert_eq!(from_code, Some(open.answer));
        assert_eq!(ctx.state.answers.get("open-endpoints"), Some(&open.answer));
        assert!(ctx.evidence("open-endpoints").is_some());

        // The founder overrides: their answer counts, the disagreement is kept.
        let mut founder = State::default();
        founder
            .answers
            .insert("open-endpoints".into(), open.answer.flipped());
        let ctx = EvidenceContext::new(&founder, Some(result.clone()));
        assert_eq!(ctx.answer_from_code("open-endpoints"), None);
        assert_eq!(
            ctx.state.answers.get("open-endpoints"),
            Some(&open.answer.flipped())
        );
        assert!(ctx
            .provenance
            .disagreements
            .iter()
            .any(|d| d.question == "open-endpoints" && d.evidence == open.answer));

        // No project: the founder's answers, untouched.
        let ctx = EvidenceContext::new(&founder, None);
        assert_eq!(*ctx.state, founder);
        assert_eq!(*ctx.provenance, Provenance::default());
    }

    #[test]
    fn a_file_scanned_on_both_pages_counts_once() {
        let key = "STRIPE_SECRET_KEY=sk_live_51Nq8vR2eZvKYlo2C7gT4hPwXyQmA9sLdF3kJ6pNbVcUeR8tW\n";
        let scan = Scanner::built_in().scan(vec![ScanInput::new(".env", key)]);
        assert_eq!(scan.findings.len(), 1);
        let tree = Tree::from_files(vec![(".env".into(), key.as_bytes().to_vec())]);
        let project = Project::read(tree);
        let project_scan = Scanner::built_in().scan(project.scan_inputs());
        let result = ProjectResult::new(&project, project_scan);
        assert_eq!(combined_findings(Some(&scan), Some(&result), None).len(), 1);
        assert_eq!(combined_findings(None, Some(&result), None).len(), 1);
        assert_eq!(combined_findings(Some(&scan), None, None).len(), 1);
        assert!(combined_findings(None, None, None).is_empty());
        // A baseline of that scan holds the key back wherever it was found.
        let baseline = Baseline::read(&shipcheck_engine::report::json::render(&scan)).unwrap();
        for (s, p) in [
            (Some(&scan), Some(&result)),
            (None, Some(&result)),
            (Some(&scan), None),
        ] {
            assert!(combined_findings(s, p, Some(&baseline)).is_empty());
        }
        // The report /report shows: the project's findings even when the scan page
        // ran nothing, and what the baseline holds counted as held back, not lost.
        let only_project = combined_report(None, Some(&result), None).unwrap();
        assert_eq!(only_project.findings.len(), 1);
        assert_eq!(only_project.stats.findings, 1);
        let held = combined_report(None, Some(&result), Some(&baseline)).unwrap();
        assert!(held.findings.is_empty());
        assert_eq!(held.stats.baselined, 1);
        assert!(combined_report(None, None, Some(&baseline)).is_none());
    }
}
