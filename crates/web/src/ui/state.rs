//! The app's one reducer: the founder's answers and inputs, the numbers they are
//! typing, and notices. Pages read it from context and dispatch [`Action`]s; the
//! assessment derived from it (verdict, risk, readiness, estimate) is computed once
//! in the layout and shared through [`AssessmentContext`].

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use shipcheck_engine::assess::Assessment;
use shipcheck_engine::catalog::assess::Catalog;
use shipcheck_engine::catalog::fields::Doubt;
use shipcheck_engine::state::{Answer, Decoded, Field, State};

/// What the founder has entered, plus what the UI needs to show it faithfully.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// Answers and inputs: the only part that is saved and shared.
    pub answers: State,
    /// Exactly what was typed in each numeric box, valid or not, so a typo is
    /// shown back with its message instead of being silently dropped.
    pub drafts: BTreeMap<Field, String>,
    /// Messages for the founder (a corrupt save, a shared link that was restored...).
    pub notices: Vec<Notice>,
    /// Bumped on every change of `answers`, so the saver can tell a change from a load.
    pub revision: u64,
    /// Typed values the founder kept although the engine doubted them
    /// ([`Field::doubt`]): the exact text confirmed, so the question is not asked again.
    pub confirmed: BTreeMap<Field, String>,
    /// While a shared assessment is viewed: the founder's own answers, kept aside
    /// (and left in storage) until they keep them or replace them.
    pub mine: Option<State>,
    /// The app name exactly as typed (the state keeps it cleaned: trailing spaces
    /// removed, which would eat the space a founder is about to follow with a word).
    pub name_draft: Option<String>,
}

/// A dismissible message shown at the top of every page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: u64,
    pub kind: NoticeKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Warning,
}

/// Everything a page can ask the state to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetProfile(String),
    /// `None` clears the answer.
    Answer {
        question: String,
        answer: Option<Answer>,
    },
    Screening {
        id: String,
        answer: Option<Answer>,
    },
    Gate {
        id: String,
        answer: Option<Answer>,
    },
    UsesAi(bool),
    /// Marks a scan problem rotated / fixed (or not), by its mark
    /// ([`Finding::mark`](shipcheck_engine::finding::Finding::mark)).
    MarkFixed {
        mark: String,
        fixed: bool,
    },
    /// What the founder typed in a numeric box; parsed, and stored if valid.
    Type {
        field: Field,
        text: String,
    },
    /// Replace everything with a decoded state (a share link or the saved copy).
    Restore {
        decoded: Box<Decoded>,
        source: RestoreSource,
    },
    /// The app's name, for the report and its exports.
    AppName(String),
    /// Count a doubtful typed value as it is ("Keep 0.5 ms").
    KeepDoubtful(Field),
    /// Close a shared assessment and go back to the founder's own answers.
    KeepMine,
    /// Adopt the shared assessment as the founder's own answers.
    ReplaceMine,
    /// Forget every answer and input ("clear my data").
    ClearAll,
    Notify {
        kind: NoticeKind,
        text: String,
    },
    DismissNotice(u64),
}

/// Where a restored state came from, for the notice that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreSource {
    ShareLink,
    Storage,
}

impl Action {
    /// Whether the action changes the answers or inputs (refused while a shared
    /// assessment is only being viewed).
    fn edits(&self) -> bool {
        matches!(
            self,
            Action::SetProfile(_)
                | Action::Answer { .. }
                | Action::Screening { .. }
                | Action::Gate { .. }
                | Action::UsesAi(_)
                | Action::Type { .. }
                | Action::KeepDoubtful(_)
                | Action::AppName(_)
        )
    }
}

impl AppState {
    /// The state the app starts in: defaults, or a restored share link / saved copy.
    ///
    /// `mine` is the founder's saved answers when `initial` comes from a share link:
    /// if they have any (and they differ from the link's), the shared answers are
    /// only viewed, and theirs are kept aside until they choose.
    pub fn new(initial: Option<(Decoded, RestoreSource)>, mine: Option<State>) -> AppState {
        match initial {
            None => AppState::default(),
            Some((decoded, source)) => {
                let mine = mine.filter(|m| {
                    source == RestoreSource::ShareLink
                        && *m != State::default()
                        && *m != decoded.state
                });
                let restored = Rc::new(AppState::default()).reduce(Action::Restore {
                    decoded: Box::new(decoded),
                    source,
                });
                let mut s = (*restored).clone();
                if mine.is_some() {
                    // The banner says it; the "restored" notice would say the opposite.
                    s.notices.retain(|n| n.kind != NoticeKind::Info);
                }
                s.mine = mine;
                s.revision = 0;
                s
            }
        }
    }

    /// The text to show in the app name box.
    pub fn name_text(&self) -> String {
        self.name_draft
            .clone()
            .unwrap_or_else(|| self.answers.app_name.clone())
    }

    /// Whether a shared assessment is being viewed over the founder's own answers.
    pub fn viewing_shared(&self) -> bool {
        self.mine.is_some()
    }

    /// The question to ask about a typed value that is valid but implausible for its
    /// unit, until the founder keeps it or takes the suggestion.
    pub fn field_doubt(&self, field: Field) -> Option<Doubt> {
        let text = self.drafts.get(&field)?;
        if self.confirmed.get(&field) == Some(text) {
            return None;
        }
        field.doubt(text)
    }

    /// The message to show for a numeric box, if what was typed is not valid.
    pub fn field_error(&self, field: Field) -> Option<String> {
        let text = self.drafts.get(&field)?;
        field.parse(text).err().map(|e| e.message)
    }

    /// The text to show in a numeric box: the draft if one exists, else the stored value.
    pub fn field_text(&self, field: Field) -> String {
        match self.drafts.get(&field) {
            Some(t) => t.clone(),
            None => self
                .answers
                .inputs
                .get(field)
                .map(|v| field.format_typed(v))
                .unwrap_or_default(),
        }
    }

    fn push_notice(&mut self, kind: NoticeKind, text: String) {
        if self.notices.iter().any(|n| n.text == text) {
            return;
        }
        let id = self.notices.iter().map(|n| n.id + 1).max().unwrap_or(1);
        self.notices.push(Notice { id, kind, text });
    }

    fn changed(&mut self) {
        self.revision += 1;
    }
}

fn set_or_clear(map: &mut BTreeMap<String, Answer>, id: String, answer: Option<Answer>) {
    match answer {
        Some(a) => {
            map.insert(id, a);
        }
        None => {
            map.remove(&id);
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        if s.viewing_shared() && action.edits() {
            s.push_notice(
                NoticeKind::Warning,
                "You are viewing a shared assessment: choose Keep mine or Replace mine before changing answers."
                    .into(),
            );
            return Rc::new(s);
        }
        match action {
            Action::SetProfile(id) => {
                s.answers.set_profile(Catalog::built_in(), &id);
                s.changed();
            }
            Action::Answer { question, answer } => {
                set_or_clear(&mut s.answers.answers, question, answer);
                s.changed();
            }
            Action::Screening { id, answer } => {
                set_or_clear(&mut s.answers.screening, id, answer);
                s.changed();
            }
            Action::Gate { id, answer } => {
                set_or_clear(&mut s.answers.gates, id, answer);
                s.changed();
            }
            Action::UsesAi(on) => {
                s.answers.uses_ai = on;
                s.changed();
            }
            Action::MarkFixed { mark, fixed } => {
                if fixed {
                    s.answers.fixed.insert(mark);
                } else {
                    s.answers.fixed.remove(&mark);
                }
                s.changed();
            }
            Action::Type { field, text } => {
                match field.parse(&text) {
                    // A doubtful value counts only once confirmed (the draft keeps it).
                    Ok(_)
                        if field.doubt(&text).is_some()
                            && s.confirmed.get(&field) != Some(&text) =>
                    {
                        s.answers.inputs.set(field, None)
                    }
                    Ok(value) => s.answers.inputs.set(field, value),
                    // Keep the last valid value out of the assessment: a number the
                    // founder is still correcting must not silently count.
                    Err(_) => s.answers.inputs.set(field, None),
                }
                s.drafts.insert(field, text);
                s.changed();
            }
            Action::AppName(text) => {
                s.answers.set_app_name(&text);
                s.name_draft = Some(text);
                s.changed();
            }
            Action::KeepDoubtful(field) => {
                if let Some(text) = s.drafts.get(&field).cloned() {
                    if let Ok(value) = field.parse(&text) {
                        s.answers.inputs.set(field, value);
                        s.confirmed.insert(field, text);
                        s.changed();
                    }
                }
            }
            Action::KeepMine => {
                if let Some(mine) = s.mine.take() {
                    s.answers = mine;
                    s.drafts.clear();
                    s.name_draft = None;
                    s.confirmed.clear();
                    s.push_notice(
                        NoticeKind::Info,
                        "Shared assessment closed: these are your own answers again.".into(),
                    );
                    s.changed();
                }
            }
            Action::ReplaceMine => {
                if s.mine.take().is_some() {
                    s.push_notice(
                        NoticeKind::Info,
                        "Your answers were replaced by the shared ones, and saved in this browser."
                            .into(),
                    );
                    s.changed();
                }
            }
            Action::Restore { decoded, source } => {
                let decoded = *decoded;
                // A link never carries marks: the founder's own stay.
                let fixed = std::mem::take(&mut s.answers.fixed);
                s.answers = decoded.state;
                if source == RestoreSource::ShareLink {
                    s.answers.fixed = fixed;
                }
                s.drafts.clear();
                s.name_draft = None;
                s.confirmed.clear();
                for n in decoded.notices {
                    s.push_notice(NoticeKind::Warning, n);
                }
                if source == RestoreSource::ShareLink {
                    s.push_notice(
                        NoticeKind::Info,
                        "Answers restored from the shared link. Nothing was sent anywhere: they were in the link itself."
                            .into(),
                    );
                }
                s.changed();
            }
            Action::ClearAll => {
                s.answers = State::default();
                s.mine = None;
                s.drafts.clear();
                s.name_draft = None;
                s.confirmed.clear();
                s.notices.clear();
                s.push_notice(
                    NoticeKind::Info,
                    "Your answers and inputs were cleared from this browser.".into(),
                );
                s.changed();
            }
            Action::Notify { kind, text } => s.push_notice(kind, text),
            Action::DismissNotice(id) => s.notices.retain(|n| n.id != id),
        }
        Rc::new(s)
    }
}

/// The state handle pages get from context.
pub type AppHandle = UseReducerHandle<AppState>;

/// The assessment of the current answers and scan findings, shared with every page.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentContext(pub Rc<Assessment>);

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: AppState, action: Action) -> AppState {
        (*Rc::new(state).reduce(action)).clone()
    }

    #[test]
    fn answers_are_set_and_cleared() {
        let s = reduce(
            AppState::default(),
            Action::Answer {
                question: "cross-tenant-access".into(),
                answer: Some(Answer::Unsure),
            },
        );
        assert_eq!(
            s.answers.answers.get("cross-tenant-access"),
            Some(&Answer::Unsure)
        );
        assert_eq!(s.revision, 1);
        let s = reduce(
            s,
            Action::Answer {
                question: "cross-tenant-access".into(),
                answer: None,
            },
        );
        assert!(s.answers.answers.is_empty());
        assert_eq!(s.revision, 2);
    }

    #[test]
    fn an_invalid_number_is_kept_as_typed_but_not_counted() {
        let s = reduce(
            AppState::default(),
            Action::Type {
                field: Field::CriticalApiP95,
                text: "250".into(),
            },
        );
        assert_eq!(s.answers.inputs.get(Field::CriticalApiP95), Some(250));
        assert_eq!(s.field_error(Field::CriticalApiP95), None);

        let s = reduce(
            s,
            Action::Type {
                field: Field::CriticalApiP95,
                text: "-5".into(),
            },
        );
        assert_eq!(
            s.answers.inputs.get(Field::CriticalApiP95),
            None,
            "a refused value must not count"
        );
        assert_eq!(
            s.field_text(Field::CriticalApiP95),
            "-5",
            "what was typed is not lost"
        );
        assert!(s.field_error(Field::CriticalApiP95).is_some());

        let s = reduce(
            s,
            Action::Type {
                field: Field::CriticalApiP95,
                text: "abc".into(),
            },
        );
        assert!(s.field_error(Field::CriticalApiP95).is_some());
    }

    #[test]
    fn restoring_from_a_link_says_so_and_clear_all_forgets_everything() {
        let mut shared = State {
            uses_ai: true,
            ..State::default()
        };
        shared
            .answers
            .insert("cross-tenant-access".into(), Answer::Yes);
        let s = reduce(
            AppState::default(),
            Action::Restore {
                decoded: Box::new(Decoded {
                    state: shared.clone(),
                    notices: vec!["dropped \"x\"".into()],
                }),
                source: RestoreSource::ShareLink,
            },
        );
        assert_eq!(s.answers, shared);
        assert_eq!(s.notices.len(), 2);
        assert!(s.notices.iter().any(|n| n.text.contains("shared link")));

        let s = reduce(s, Action::ClearAll);
        assert_eq!(s.answers, State::default());
        assert_eq!(s.notices.len(), 1);
    }

    #[test]
    fn a_fixed_mark_is_saved_and_a_shared_link_keeps_the_founders_marks() {
        let mark = shipcheck_engine::finding::mark_of("stripe-secret-key|0123456789abcdef");
        let s = reduce(
            AppState::default(),
            Action::MarkFixed {
                mark: mark.clone(),
                fixed: true,
            },
        );
        assert!(s.answers.fixed.contains(&mark));
        assert_eq!(s.revision, 1, "saved like any answer");
        let s = reduce(
            s,
            Action::Restore {
                decoded: Box::new(Decoded {
                    state: State::default(),
                    notices: vec![],
                }),
                source: RestoreSource::ShareLink,
            },
        );
        assert!(s.answers.fixed.contains(&mark));
        let s = reduce(
            s,
            Action::MarkFixed {
                mark: mark.clone(),
                fixed: false,
            },
        );
        assert!(s.answers.fixed.is_empty());
    }

    #[test]
    fn the_same_notice_is_not_shown_twice_and_can_be_dismissed() {
        let note = || Action::Notify {
            kind: NoticeKind::Warning,
            text: "x".into(),
        };
        let s = reduce(reduce(AppState::default(), note()), note());
        assert_eq!(s.notices.len(), 1);
        let id = s.notices[0].id;
        let s = reduce(s, Action::DismissNotice(id));
        assert!(s.notices.is_empty());
    }

    #[test]
    fn switching_profile_goes_through_the_catalog() {
        let s = reduce(AppState::default(), Action::SetProfile("b2b-agency".into()));
        assert_eq!(s.answers.profile, "b2b-agency");
        let s = reduce(s, Action::SetProfile("no-such-profile".into()));
        assert_eq!(s.answers.profile, "b2b-agency", "unknown ids are ignored");
    }
}
