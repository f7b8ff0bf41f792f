//! The /checklist page: who you are, the checklist, then a few plain questions about
//! your situation (the screening, asked after the risk questions so the first thing a
//! founder answers is about their app), and the verdict beside it, updated on every
//! answer.

use yew::prelude::*;

use crate::ui::components::glossed::GlossaryList;
use crate::ui::components::profile_picker::ProfilePicker;
use crate::ui::components::question_item::QuestionItem;
use crate::ui::components::screening_list::ScreeningList;
use crate::ui::components::verdict_panel::VerdictPanel;
use crate::ui::project_state::EvidenceContext;
use crate::ui::state::{Action, AppHandle, AssessmentContext};
use shipcheck_engine::catalog::assess::Catalog;
use shipcheck_engine::state::Answer;

#[component]
pub fn Checklist() -> Html {
    // Every hook before the early return: hooks run in the same order on every render.
    let evidence = use_context::<EvidenceContext>();
    let (Some(state), Some(AssessmentContext(assessment))) = (
        use_context::<AppHandle>(),
        use_context::<AssessmentContext>(),
    ) else {
        return html! {};
    };
    let catalog = Catalog::built_in();
    let answers = &state.answers;
    // AI features found in a dropped project's code count as "yes" (the assessment's
    // answers: the founder's, then the code's).
    let uses_ai = evidence.map_or(answers.uses_ai, |e| e.state.uses_ai);
    let questions = catalog.questions_for(&answers.profile, uses_ai);
    let c = &assessment.checklist;
    let glossary_texts: Vec<AttrValue> = questions
        .iter()
        .map(|q| AttrValue::from(q.text.clone()))
        .collect();
    let started = c.answered > 0
        || answers.screening.values().any(|a| *a == Answer::Yes)
        || assessment.started();

    let on_profile = {
        let state = state.clone();
        Callback::from(move |id: String| state.dispatch(Action::SetProfile(id)))
    };
    let on_ai = {
        let state = state.clone();
        let on = answers.uses_ai;
        Callback::from(move |_: Event| state.dispatch(Action::UsesAi(!on)))
    };
    let on_screen = {
        let state = state.clone();
        Callback::from(move |(id, answer): (String, Option<Answer>)| {
            state.dispatch(Action::Screening { id, answer })
        })
    };

    html! {
        <div class="page wide checklist-page">
            <div class="page-intro">
                <h1>{ "Founder decision checklist" }</h1>
                <p class="lede">
                    { "A few yes / no questions about your app decide whether you need a rescue sprint, \
                       a DIY fix, or neither yet. \u{201c}Not sure\u{201d} is a real answer: it counts as a risk, because it is \
                       something you should know about your own app." }
                </p>
            </div>
            <div class="checklist-layout">
                <div class="checklist-main">
                    <section class="step-section" aria-labelledby="profile-h">
                        <h2 id="profile-h"><span class="step-number" aria-hidden="true">{ "1" }</span>{ "Who you are" }</h2>
                        <ProfilePicker selected={answers.profile.clone()} on_select={on_profile} />
                        <div class="toggle">
                            <input type="checkbox" id="uses-ai" checked={uses_ai} onchange={on_ai} />
                            <label for="uses-ai">
                                <span class="choice-label">{ "My app has AI features" }</span>
                                <span class="choice-hint">{ "A chatbot, an AI agent, AI-written content or anything that sends user data to a model. Adds the AI red-team questions." }</span>
                            </label>
                        </div>
                    </section>

                    <crate::ui::components::project_drop::ProjectDrop />

                    <section class="step-section" aria-labelledby="questions-h">
                        <h2 id="questions-h"><span class="step-number" aria-hidden="true">{ "2" }</span>{ "The checklist" }</h2>
                        <div class="progress-bar">
                            <label for="checklist-progress">
                                { format!("{} of {} answered", c.answered, c.questions) }
                            </label>
                            <progress id="checklist-progress" max={c.questions.to_string()} value={c.answered.to_string()}>
                                { format!("{} of {}", c.answered, c.questions) }
                            </progress>
                            if started {
                                <a class="verdict-jump" href="#verdict">
                                    { "Verdict so far: " }<strong>{ assessment.verdict.label() }</strong>
                                </a>
                            }
                        </div>
                        <ol class="questions">
                            { for questions.into_iter().map(|q| {
                                let answer = answers.answers.get(&q.id).copied();
                                let on_answer = {
                                    let state = state.clone();
                                    let question = q.id.clone();
                                    Callback::from(move |answer: Option<Answer>| state.dispatch(Action::Answer {
                                        question: question.clone(),
                                        answer,
                                    }))
                                };
                                let key = q.id.clone();
                                html! { <QuestionItem {key} question={q} {answer} {on_answer} /> }
                            }) }
                        </ol>
                    </section>

                    <section class="step-section" aria-labelledby="screening-h">
                        <h2 id="screening-h"><span class="step-number" aria-hidden="true">{ "3" }</span>{ "About your situation" }</h2>
                        <p class="muted">{ "Sometimes a rescue sprint is not what helps yet. Most founders answer no to all three." }</p>
                        <ScreeningList screening={answers.screening.clone()} on_change={on_screen} />
                    </section>
                    <GlossaryList texts={glossary_texts} />
                </div>
                <VerdictPanel assessment={assessment.clone()} {started} />
            </div>
        </div>
    }
}
