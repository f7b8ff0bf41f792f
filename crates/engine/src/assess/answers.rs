//! The answers the assessment works from: one effective answer per checklist
//! question, screening condition and readiness gate, decided in one place.
//!
//! Today every effective answer is the founder's own ([`Source::Founder`]). Project
//! evidence (a dropped folder answering "are secrets only in env vars?" from the
//! code) plugs in here and only here: [`Answers::of`] is where a cited finding would
//! fill a question the founder left open, with its own [`Source`]; the checklist, the
//! verdict, the risk score and readiness read nothing else.
//!
//! A question with no effective answer is open: the verdict, the grade and readiness
//! treat it as able to go either way (see `outlook` in `mod.rs`).

use crate::catalog::assess::{Catalog, ChecklistQuestion, ScreenGroup};
use crate::state::{Answer, State};

/// Where an effective answer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The founder answered it.
    Founder,
}

/// One effective answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Given {
    pub answer: Answer,
    pub source: Source,
}

/// The effective answers of one assessment. It borrows the state: evidence would
/// come in as a second layer (answers with their own [`Source`], consulted where the
/// founder gave none), built once in [`Answers::of`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers<'a> {
    state: &'a State,
    /// Screening answers by condition id ("yes": the condition holds), in data
    /// order; a group's answer is already spread over its conditions.
    screening: Vec<(&'a str, Answer)>,
}

impl<'a> Answers<'a> {
    /// The effective answers of a state. The single entry point: evidence joins here.
    pub fn of(catalog: &'a Catalog, state: &'a State) -> Answers<'a> {
        let screening = catalog
            .screen_groups()
            .iter()
            .flat_map(|g| screen_answers(state, g))
            .collect();
        Answers { state, screening }
    }

    /// The answer to checklist question `id`, if any.
    pub fn question(&self, id: &str) -> Option<Answer> {
        self.state.answers.get(id).copied()
    }

    /// The answer to checklist question `id` and where it comes from.
    pub fn question_given(&self, id: &str) -> Option<Given> {
        self.question(id).map(|answer| Given {
            answer,
            source: Source::Founder,
        })
    }

    /// The answer to screening condition `id` ("yes": it holds), if known.
    pub fn screen(&self, id: &str) -> Option<Answer> {
        self.screening
            .iter()
            .find(|(s, _)| *s == id)
            .map(|(_, a)| *a)
    }

    /// The direct answer to yes/no gate `id`, if any.
    pub fn gate(&self, id: &str) -> Option<Answer> {
        self.state.gates.get(id).copied()
    }

    /// How many questions of `checklist` are open.
    pub fn open_questions(&self, checklist: &[ChecklistQuestion]) -> u32 {
        checklist
            .iter()
            .filter(|q| self.question(&q.id).is_none())
            .count() as u32
    }
}

/// The effective answers to a group's conditions: ticked is yes; otherwise the
/// group's "no" (none holds) or a "yes" with at least one ticked (the ticked ones
/// hold, the others not); a condition's own "no" counts too. A group answered "yes"
/// with nothing ticked, "not sure" or nothing leaves its unticked conditions open.
fn screen_answers<'g>(state: &State, g: &'g ScreenGroup) -> Vec<(&'g str, Answer)> {
    let own: Vec<Option<Answer>> = g
        .screens
        .iter()
        .map(|s| state.screening.get(s).copied())
        .collect();
    let ticked = own.contains(&Some(Answer::Yes));
    let rest = match state.screening.get(&g.id) {
        Some(Answer::No) => Some(Answer::No),
        Some(Answer::Yes) if ticked => Some(Answer::No),
        _ => None,
    };
    g.screens
        .iter()
        .zip(own)
        .filter_map(|(id, a)| match a {
            Some(Answer::Yes) | Some(Answer::No) => a.map(|a| (id.as_str(), a)),
            _ => rest.map(|r| (id.as_str(), r)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_answers_its_conditions() {
        let c = Catalog::built_in();
        let mut s = State::default();
        let a = Answers::of(c, &s);
        assert_eq!(a.screen("budget-tight"), None, "open until asked");
        let checklist = c.questions_for(&s.profile, s.uses_ai);
        assert_eq!(a.open_questions(&checklist), checklist.len() as u32);
        s.screening.insert("limits".into(), Answer::No);
        let a = Answers::of(c, &s);
        assert_eq!(a.screen("budget-tight"), Some(Answer::No));
        assert_eq!(a.screen("cannot-give-access"), Some(Answer::No));
        assert_eq!(a.screen("idea-changing"), None, "another group");
        // "Yes" alone says one holds, not which: still open.
        s.screening.insert("limits".into(), Answer::Yes);
        assert_eq!(Answers::of(c, &s).screen("budget-tight"), None);
        // Ticking one answers the others of the group.
        s.screening.insert("budget-tight".into(), Answer::Yes);
        let a = Answers::of(c, &s);
        assert_eq!(a.screen("budget-tight"), Some(Answer::Yes));
        assert_eq!(a.screen("cannot-give-access"), Some(Answer::No));
        // Every condition belongs to exactly one group.
        for sc in c.screening() {
            let groups = c
                .screen_groups()
                .iter()
                .filter(|g| g.screens.contains(&sc.id))
                .count();
            assert_eq!(groups, 1, "{}", sc.id);
        }
    }
}
