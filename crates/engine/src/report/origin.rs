//! Where each checklist answer came from, when a project was dropped: the code
//! ("found in your code", with the file:line citations), the founder against the
//! code (the founder's answer counts, the code's stays visible), or both agreeing.
//! One wording for the checklist's notes, /report and every export.
//!
//! # Example
//! ```
//! use shipcheck_engine::catalog::assess::{Answer, Catalog};
//! use shipcheck_engine::project::answers::state_with_evidence;
//! use shipcheck_engine::project::evidence::{Citation, Confidence, Evidence};
//! use shipcheck_engine::report::origin::{code_answers, Stand};
//! use shipcheck_engine::state::State;
//! let e = Evidence::new("d", "error-tracking", Answer::No, Confidence::High,
//!     "No error tracker is set up.", vec![Citation::new("package.json", 3, "")]);
//! let (state, p) = state_with_evidence(Catalog::built_in(), &State::default(), &[e.clone()], None);
//! let answers = code_answers(Catalog::built_in(), &state, &[e], &p);
//! assert_eq!(answers[0].stand, Stand::FromCode);
//! assert_eq!(answers[0].said, "No error tracker is set up.");
//! ```

use std::fmt::Write;

use serde::Serialize;

use crate::catalog::assess::{Answer, Catalog};
use crate::project::answers::Provenance;
use crate::project::evidence::{Citation, Confidence, Evidence};
use crate::state::State;

/// Where a question's answer stands against the code's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stand {
    /// The founder gave no answer: the code's counts.
    FromCode,
    /// The founder's answer differs from the code's: the founder's counts.
    Disagrees,
    /// Both say the same.
    Agrees,
}

impl Stand {
    pub fn as_str(self) -> &'static str {
        match self {
            Stand::FromCode => "from-code",
            Stand::Disagrees => "disagrees",
            Stand::Agrees => "agrees",
        }
    }

    /// The tag a page shows before the sentence.
    pub fn label(self) -> &'static str {
        match self {
            Stand::FromCode => "Found in your code",
            Stand::Disagrees => "Your answer differs from your code",
            Stand::Agrees => "Your code agrees",
        }
    }
}

/// One checklist question the code decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeAnswer {
    pub question: String,
    /// The question as the checklist asks it.
    pub text: String,
    pub stand: Stand,
    /// The answer that counts, in the profile's wording.
    pub counts: Answer,
    /// What the code shows, in a sentence (for a disagreement: both answers, and
    /// whose counts).
    pub said: String,
    /// Why the code's answer may not be the whole story, when it may not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caveat: Option<&'static str>,
    pub citations: Vec<Citation>,
    /// Places not listed in `citations`.
    pub more: usize,
}

impl CodeAnswer {
    /// The answer in one line, as /report and the Markdown export say it:
    /// "Found in your code: no. No error tracker is set up." (a disagreement's
    /// sentence already names both answers and whose counts).
    pub fn line(&self) -> String {
        let said = self.said.replace(['\n', '\r'], " ");
        match self.stand {
            Stand::Disagrees => format!("{}. {said}", self.stand.label()),
            _ => format!("{}: {}. {said}", self.stand.label(), self.counts.label()),
        }
    }
}

/// The caveat of a medium-confidence answer.
const MEDIUM: &str = "Something outside the code (a dashboard setting, a proxy) could change this.";

/// Every checklist question of `answers`' profile the code decided, in checklist
/// order. `answers` is the state the assessment reads (the founder's answers with
/// the code's added, [`state_with_evidence`](crate::project::answers::state_with_evidence)),
/// `provenance` what that step said about each.
pub fn code_answers(
    catalog: &Catalog,
    answers: &State,
    evidence: &[Evidence],
    provenance: &Provenance,
) -> Vec<CodeAnswer> {
    catalog
        .questions_for(&answers.profile, answers.uses_ai)
        .into_iter()
        .filter_map(|q| {
            let e = evidence.iter().find(|e| e.question == q.id)?;
            let counts = *answers.answers.get(&q.id)?;
            let disagreement = provenance
                .disagreements
                .iter()
                .find(|d| d.question == q.id);
            let (stand, said) = if provenance.from_evidence.contains(&q.id) {
                (Stand::FromCode, e.summary.clone())
            } else if let Some(d) = disagreement {
                (
                    Stand::Disagrees,
                    format!(
                        "You said {}; your code says {}, here: {} Your answer counts; clear it to use the code's.",
                        d.founder.label(),
                        d.evidence.label(),
                        e.summary
                    ),
                )
            } else {
                (Stand::Agrees, e.summary.clone())
            };
            Some(CodeAnswer {
                question: q.id.clone(),
                text: q.text.clone(),
                stand,
                counts,
                said,
                caveat: (e.confidence == Confidence::Medium).then_some(MEDIUM),
                citations: e.citations.clone(),
                more: e.more,
            })
        })
        .collect()
}

/// The Markdown section of the handover report: each answer with its citations;
/// empty when no project was dropped (or the code decided nothing).
pub fn markdown(answers: &[CodeAnswer]) -> String {
    let mut o = String::new();
    if answers.is_empty() {
        return o;
    }
    let from_code = answers
        .iter()
        .filter(|a| a.stand == Stand::FromCode)
        .count();
    let _ = writeln!(o, "## Answers from your code\n");
    let _ = writeln!(
        o,
        "A project was read in the browser: {} of these answers came from its code, the rest are yours, checked against it.\n",
        from_code
    );
    for a in answers {
        let _ = writeln!(
            o,
            "- **{}** — {}",
            a.text.replace(['\n', '\r'], " "),
            a.line()
        );
        if let Some(c) = a.caveat {
            let _ = writeln!(o, "  {c}");
        }
        for c in &a.citations {
            let note = if c.note.is_empty() {
                String::new()
            } else {
                format!(" — {}", c.note)
            };
            let _ = writeln!(o, "  - `{}:{}`{note}", c.file, c.line);
        }
        if a.more > 0 {
            let _ = writeln!(o, "  - and {} more", a.more);
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::answers::state_with_evidence;

    fn item(q: &str, a: Answer, confidence: Confidence) -> Evidence {
        Evidence::new(
            "d",
            q,
            a,
            confidence,
            format!("{q} summary."),
            vec![Citation::new("app/api/route.ts", 4, "reads the body")],
        )
    }

    #[test]
    fn each_answer_says_where_it_came_from() {
        let mut founder = State::default();
        founder.answers.insert("open-endpoints".into(), Answer::No);
        founder.answers.insert("rate-limits".into(), Answer::No);
        let evidence = [
            item("open-endpoints", Answer::Yes, Confidence::High),
            item("rate-limits", Answer::No, Confidence::Medium),
            item("error-tracking", Answer::No, Confidence::High),
            // Not a checklist question: nothing to say on the checklist or the report.
            item("regression-tests", Answer::No, Confidence::High),
        ];
        let (state, p) = state_with_evidence(Catalog::built_in(), &founder, &evidence, None);
        let got = code_answers(Catalog::built_in(), &state, &evidence, &p);
        // (question, stand, the answer that counts, said, caveat)
        let want = [
            (
                "open-endpoints",
                Stand::Disagrees,
                Answer::No,
                "You said no; your code says yes, here: open-endpoints summary. Your answer counts; clear it to use the code's.",
                None,
            ),
            ("rate-limits", Stand::Agrees, Answer::No, "rate-limits summary.", Some(MEDIUM)),
            ("error-tracking", Stand::FromCode, Answer::No, "error-tracking summary.", None),
        ];
        let mut got: Vec<_> = got
            .iter()
            .map(|a| {
                (
                    a.question.as_str(),
                    a.stand,
                    a.counts,
                    a.said.as_str(),
                    a.caveat,
                )
            })
            .collect();
        got.sort_by_key(|g| want.iter().position(|w| w.0 == g.0));
        assert_eq!(got, want);
    }

    #[test]
    fn the_markdown_names_each_answer_its_origin_and_its_places() {
        let evidence = [item("error-tracking", Answer::No, Confidence::High)];
        let (state, p) =
            state_with_evidence(Catalog::built_in(), &State::default(), &evidence, None);
        let md = markdown(&code_answers(Catalog::built_in(), &state, &evidence, &p));
        assert!(md.starts_with("## Answers from your code\n"), "{md}");
        assert!(md.contains("1 of these answers came from its code"), "{md}");
        assert!(
            md.contains("Found in your code: no. error-tracking summary.\n"),
            "{md}"
        );
        assert!(
            md.contains("  - `app/api/route.ts:4` — reads the body\n"),
            "{md}"
        );
        assert_eq!(markdown(&[]), "");
    }
}
