//! The /report page: everything on one page in plain English, printable to PDF,
//! with Markdown / JSON / SARIF downloads and a share link (answers only).

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::ui::components::evidence_note::CitationList;
use crate::ui::components::findings_view::{sev_class, title_case};
use crate::ui::components::problem_list::ProblemList;
use crate::ui::components::share_link::ShareLink;
use crate::ui::download;
use crate::ui::project_state::{combined_report, EvidenceContext, ProjectHandle};
use crate::ui::routes::Route;
use crate::ui::scan_state::ScanHandle;
use crate::ui::state::{Action, AppHandle, AssessmentContext, NoticeKind};
use shipcheck_engine::assess::{Decision, GateStatus};
use shipcheck_engine::catalog::assess::Catalog;
use shipcheck_engine::catalog::operator::OperatorConfig;
use shipcheck_engine::estimate::formulas::format_money;
use shipcheck_engine::finding::group_by_key;
use shipcheck_engine::report::{handover, sarif};
use shipcheck_engine::scan::ScanReport;

#[component]
pub fn Report() -> Html {
    let app = use_context::<AppHandle>().expect("AppHandle context");
    let scan = use_context::<ScanHandle>().expect("ScanHandle context");
    let AssessmentContext(a) = use_context::<AssessmentContext>().expect("AssessmentContext");
    let operator = use_memo((), |_| OperatorConfig::built_in());
    let catalog = Catalog::built_in();
    // The scan page's findings and the dropped project's, one report: what the
    // summary card, the sections and every export show (the assessment counts the same).
    let project = use_context::<ProjectHandle>().and_then(|p| p.result.clone());
    let report: Option<Rc<ScanReport>> = (*use_memo(
        (scan.report.clone(), project, scan.baseline.clone()),
        |(scanned, project, baseline)| {
            combined_report(scanned.as_deref(), project.as_deref(), baseline.as_deref())
                .map(Rc::new)
        },
    ))
    .clone();
    // The checklist answers a dropped project's code gave or was checked against.
    let code = use_context::<EvidenceContext>()
        .map(|c| c.code_answers.clone())
        .unwrap_or_default();
    let first = handover::priorities(&a, 8);
    let answered = app.answers.answers.len();

    let notify = {
        let app = app.clone();
        move |r: Result<(), String>| {
            if let Err(e) = r {
                app.dispatch(Action::Notify {
                    kind: NoticeKind::Warning,
                    text: format!("The download failed: {e}."),
                });
            }
        }
    };
    let md = {
        let (a, code, report, operator, notify) = (
            a.clone(),
            code.clone(),
            report.clone(),
            operator.clone(),
            notify.clone(),
        );
        Callback::from(move |_| {
            let date = download::today();
            let text = handover::markdown(
                Catalog::built_in(),
                &a,
                &code,
                report.as_deref(),
                &operator,
                &date,
            );
            notify(download::save(
                &format!("shipcheck-report-{date}.md"),
                "text/markdown",
                &text,
            ));
        })
    };
    let json = {
        let (a, code, report, notify) = (a.clone(), code.clone(), report.clone(), notify.clone());
        Callback::from(move |_| {
            let date = download::today();
            let text = handover::json(&a, &code, report.as_deref(), &date);
            notify(download::save(
                &format!("shipcheck-report-{date}.json"),
                "application/json",
                &text,
            ));
        })
    };
    let sarif_dl = {
        let (report, notify) = (report.clone(), notify.clone());
        Callback::from(move |_| {
            if let Some(r) = &report {
                let date = download::today();
                notify(download::save(
                    &format!("shipcheck-scan-{date}.sarif"),
                    "application/sarif+json",
                    &sarif::render(r),
                ));
            }
        })
    };
    let print = Callback::from(|_| {
        #[cfg(target_arch = "wasm32")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });

    let profile = catalog
        .profile(&a.profile)
        .map(|p| p.founder.clone())
        .unwrap_or_default();
    let verdict_class = match a.verdict {
        Decision::Sprint => "verdict-sprint",
        Decision::Diy => "verdict-diy",
        Decision::NotARescueCase => "verdict-none",
        Decision::NotDecided => "verdict-open",
    };
    let e = &a.estimate;
    let date = download::today();
    let on_name = {
        let app = app.clone();
        Callback::from(move |e: InputEvent| {
            let text = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            app.dispatch(Action::AppName(text))
        })
    };
    // Scan problems the assessment does not count (public-by-design and test keys,
    // informational notes): listed once each, after the ones to fix.
    let counted: Vec<&str> = a.findings.iter().map(|f| f.key.as_str()).collect();
    let not_counted: Vec<_> = report
        .as_ref()
        .map(|r| {
            group_by_key(&r.findings)
                .into_iter()
                .filter(|g| !counted.contains(&g.first.key().as_str()))
                .map(|g| (g.first.clone(), g.places.len(), g.severity()))
                .collect()
        })
        .unwrap_or_default();
    html! {
        <div class="page report-page">
            <h1>{ handover::title(&a) }</h1>
            <p class="lede">
                { format!("{} · {}", operator.brand, profile) }
                if !date.is_empty() { { format!(" · {date}") } }
            </p>
            <div class="app-name-field no-print">
                <label for="app-name">{ "Your app's name" }</label>
                <input type="text" id="app-name" name="app-name" autocomplete="off" maxlength="60"
                       value={app.name_text()} oninput={on_name} aria-describedby="app-name-hint" />
                <p class="field-hint" id="app-name-hint">{ "Shown as the report's title, on the printout and in the downloads. Kept in this browser like your answers." }</p>
            </div>
            if answered == 0 && report.is_none() {
                <div class="empty-state">
                    <p><strong>{ "Nothing to report yet." }</strong></p>
                    <p>
                        { "Answer the " }<Link<Route> to={Route::Checklist}>{ "checklist" }</Link<Route>>
                        { " and run a " }<Link<Route> to={Route::Scan}>{ "scan" }</Link<Route>>
                        { ": this page then gathers the verdict, the risks, what to fix first and the estimate in one printable report." }
                    </p>
                </div>
            }

            <section class="report-actions no-print" aria-labelledby="export-h">
                <h2 id="export-h" class="visually-hidden">{ "Save or share" }</h2>
                <div class="button-row">
                    <button type="button" class="button" onclick={print}>{ "Print or save as PDF" }</button>
                    <button type="button" class="button" onclick={md}>{ "Download Markdown" }</button>
                    <button type="button" class="button" onclick={json}>{ "Download JSON" }</button>
                    <button type="button" class="button" onclick={sarif_dl} disabled={report.is_none()}
                        title={if report.is_none() { "Run a scan first: SARIF holds scan findings" } else { "Scan findings for GitHub code scanning and other tools" }}>
                        { "Download SARIF" }
                    </button>
                </div>
                <p class="hint">{ "Files are generated in this tab; nothing is uploaded. Secret values appear masked in every format." }</p>
                <ShareLink />
            </section>

            <section class="summary-cards" aria-label="Summary">
                <div class={classes!("summary-card", verdict_class)}>
                    <span class="card-label">{ "Verdict" }</span>
                    <strong class="card-value" data-testid="report-verdict">{ a.verdict.label() }</strong>
                </div>
                <div class="summary-card">
                    <span class="card-label">{ "Risk score" }</span>
                    <strong class="card-value">{ match &a.risk.grade {
                        Some(g) => format!("{}/100 · grade {g}", a.risk.score_text()),
                        None => format!("{}/100 · no grade yet", a.risk.score_text()),
                    } }</strong>
                </div>
                <div class="summary-card">
                    <span class="card-label">{ "Launch readiness" }</span>
                    <strong class="card-value">{ a.readiness.overall.label() }</strong>
                </div>
                <div class="summary-card">
                    <span class="card-label">{ "Scan" }</span>
                    <strong class="card-value">{
                        match &report {
                            None => "not run".to_string(),
                            Some(r) => r.coverage().headline,
                        }
                    }</strong>
                </div>
            </section>

            if !first.is_empty() {
                <section aria-labelledby="first-h">
                    <h2 id="first-h">{ "What to fix first" }</h2>
                    <ol class="priorities">
                        { for first.iter().map(|p| html! {
                            <li>
                                <span class={classes!("sev", sev_class(p.severity))}>{ title_case(p.severity.as_str()) }</span>
                                if p.blocker { <span class="blocker-tag">{ "launch blocker" }</span> }
                                <strong>{ p.title.clone() }</strong>
                                <p>{ p.why.clone() }</p>
                                <p class="fix"><span class="fix-label">{ "Fix: " }</span>{ p.fix.clone() }</p>
                            </li>
                        }) }
                    </ol>
                </section>
            }

            <section aria-labelledby="why-h">
                <h2 id="why-h">{ format!("Why: {}", a.verdict.label()) }</h2>
                <ul class="reasons">{ for a.reasons.iter().map(|r| html! { <li>{ r.text.clone() }</li> }) }</ul>
                if let Some(plan) = &a.diy_plan {
                    <h3>{ "Your DIY plan" }</h3>
                    <p>{ plan.intro.clone() }</p>
                    <ol>{ for plan.steps.iter().map(|s| html! { <li>{ s.clone() }</li> }) }</ol>
                    <p class="hint">{ plan.note.clone() }</p>
                }
                if !a.instead.is_empty() {
                    <h3>{ "What to do instead" }</h3>
                    <ul>{ for a.instead.iter().map(|s| html! { <li>{ s.clone() }</li> }) }</ul>
                }
                if a.verdict == Decision::Sprint {
                    <h3>{ "Sprint scope" }</h3>
                    <p>{ e.sprint.summary.clone() }</p>
                    <ul class="scope">
                        { for a.risk.sprint_items().into_iter().map(|s| html! { <li>{ s }</li> }) }
                    </ul>
                }
            </section>

            if !code.is_empty() {
                <section aria-labelledby="from-code-h" data-testid="report-code-answers">
                    <h2 id="from-code-h">{ "Answers from your code" }</h2>
                    <ul class="code-answers">
                        { for code.iter().map(|c| html! {
                            <li data-question={c.question.clone()} data-stand={c.stand.as_str()}>
                                <strong>{ c.text.clone() }</strong>
                                <p>{ c.line() }</p>
                                if let Some(caveat) = c.caveat { <p class="hint">{ caveat }</p> }
                                <CitationList citations={c.citations.clone()} more={c.more} />
                            </li>
                        }) }
                    </ul>
                </section>
            }

            <section aria-labelledby="ready-h">
                <h2 id="ready-h">{ format!("Launch readiness: {}", a.readiness.overall.label()) }</h2>
                <ul class="gate-summary">
                    { for a.readiness.gates.iter().map(|g| {
                        let (class, word) = match g.status {
                            GateStatus::Pass => ("gate-pass", "pass"),
                            GateStatus::Fail => ("gate-fail", "fail"),
                            GateStatus::Unknown => ("gate-unknown", "unknown"),
                        };
                        html! {
                            <li class={class}>
                                <span class="gate-status">{ word }</span>
                                <span>{ g.label.clone() }</span>
                                <span class="hint">{ g.value.clone().map(|v| format!("{v} (target {})", g.target)).unwrap_or_else(|| g.target.clone()) }</span>
                            </li>
                        }
                    }) }
                </ul>
            </section>

            <section aria-labelledby="cost-h">
                <h2 id="cost-h">{ "What it costs" }</h2>
                <ul class="cost-lines">
                    <li><strong>{ "Sprint: " }</strong>{ e.sprint.summary.clone() }</li>
                    <li><strong>{ "Do it yourself: " }</strong>{ e.diy.summary.clone() }</li>
                    <li><strong>{ "Do nothing: " }</strong>{ format!("{} over 30 days, {} over 90 days",
                        format_money(e.do_nothing.days_30.total, &e.currency_symbol), format_money(e.do_nothing.days_90.total, &e.currency_symbol)) }</li>
                </ul>
                <p><strong>{ e.recommendation.text.clone() }</strong></p>
                <p>{ e.break_even.sentence.clone() }</p>
            </section>

            if let Some(r) = &report {
                <section aria-labelledby="scan-h">
                    <h2 id="scan-h">{ "Scan findings" }</h2>
                    if let Some(access) = &r.access {
                        <section class="access-group" aria-labelledby="report-access-h">
                            <h3 id="report-access-h">{ "Database access" }</h3>
                            if !access.exposure.is_empty() {
                                <ul class="exposure">
                                    { for access.exposure.iter().map(|line| html! { <li><strong>{ line.clone() }</strong></li> }) }
                                </ul>
                            } else if let Some(clear) = access.all_clear() {
                                <p>{ clear }</p>
                            }
                            <p class="hint">{ access.coverage.sentence() }</p>
                        </section>
                    }
                    <p class="scan-coverage" data-testid="report-scan-coverage">
                        <strong>{ r.coverage().headline }</strong>{ ". " }{ r.coverage().detail }
                    </p>
                    if !a.findings.is_empty() {
                        <ProblemList risks={a.findings.clone()} />
                    }
                    if !not_counted.is_empty() {
                        <h3>{ "Also found, nothing to fix" }</h3>
                        <ul class="report-findings not-counted">
                            { for not_counted.iter().map(|(f, count, severity)| html! {
                                <li>
                                    <span class={classes!("sev", sev_class(*severity))}>{ title_case(severity.as_str()) }</span>
                                    <strong>{ f.title.clone() }</strong>
                                    if *count > 1 { <span class="count">{ format!("×{count}") }</span> }
                                    <span class="hint">{ format!(" {}", f.place()) }</span>
                                    if let Some(s) = &f.secret { <code class="masked">{ format!(" {}", s.masked) }</code>{ format!(" {}", s.verdict.label()) } }
                                </li>
                            }) }
                        </ul>
                    }
                </section>
            }

            <section class="cta no-print" aria-labelledby="cta-h">
                <h2 id="cta-h">{ "Want a second opinion?" }</h2>
                <p>{ format!("{} will tell you honestly whether you need a sprint or can do the next step yourself.", operator.operator) }</p>
                <a class="button primary" href={operator.booking_url.clone()} target="_blank" rel="noopener noreferrer">
                    { "Book a discovery call" }
                </a>
                <p class="hint">{ "Opens the booking page in a new tab. Nothing from this report is sent: bring it to the call yourself if you want to." }</p>
            </section>
        </div>
    }
}
