//! What the code says about a checklist question: an [`Evidence`] item, with the
//! file:line citations that show it.
//!
//! An item exists only when a detector decided the answer; a question the code does not
//! decide has no item (never a guess). Several detectors may speak to one question
//! (the secret scanner and the service-role detector both answer `secrets-exposed`):
//! [`merge`] keeps one item per question, and a risky answer wins over a safe one —
//! one open door is enough to say the house is open.

use serde::{Deserialize, Serialize};

use crate::catalog::assess::{Answer, Catalog};
use crate::catalog::project::ProjectRules;

/// One place in the project that shows the answer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Citation {
    /// The file, relative to the dropped folder or zip.
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// What is at that line, in a few words ("reads the body, no schema").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Citation {
    pub fn new(file: impl Into<String>, line: u32, note: impl Into<String>) -> Citation {
        Citation {
            file: file.into(),
            line,
            note: note.into(),
        }
    }
}

/// How sure a detector is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Something outside the code could change the answer (a WAF in front of the
    /// app, an alert rule in a dashboard, a check in code that is called by a name
    /// the detector does not know).
    Medium,
    /// The code shows it directly (the key is in the file; the handler writes to the
    /// database and nothing before it asks who is calling).
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// The code's answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// A checklist question id (`rules/assess/questions.toml`) or an evidence item id
    /// (`rules/project/items.toml`).
    pub question: String,
    /// The answer to the question's canonical wording.
    pub answer: Answer,
    /// Whether this answer is the risky one (from the question's polarity; "not
    /// sure" is always risky).
    pub risky: bool,
    pub confidence: Confidence,
    /// One sentence: what the code shows.
    pub summary: String,
    /// Where; the first few places when there are many (`more` counts the rest).
    pub citations: Vec<Citation>,
    /// Places not listed in `citations`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub more: usize,
    /// The detectors that decided it.
    pub detectors: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Citations kept per item; the rest are counted in [`Evidence::more`].
pub const MAX_CITATIONS: usize = 8;

/// The risky answer of a question or evidence item; `None` for an unknown id.
pub fn risky_answer(id: &str) -> Option<Answer> {
    Catalog::built_in()
        .question(id)
        .map(|q| q.risky_answer)
        .or_else(|| ProjectRules::built_in().item(id).map(|i| i.risky_answer))
}

impl Evidence {
    /// An item for question `question`, its risk taken from the catalog. Citations
    /// are sorted, deduplicated and capped at [`MAX_CITATIONS`].
    ///
    /// Panics on an id that is neither a question nor an item: detectors name ids in
    /// code, and each detector's tests build its items.
    pub fn new(
        detector: &str,
        question: &str,
        answer: Answer,
        confidence: Confidence,
        summary: impl Into<String>,
        citations: Vec<Citation>,
    ) -> Evidence {
        let risky_answer =
            risky_answer(question).unwrap_or_else(|| panic!("unknown evidence id {question:?}"));
        let mut e = Evidence {
            question: question.to_owned(),
            answer,
            risky: answer == Answer::Unsure || answer == risky_answer,
            confidence,
            summary: summary.into(),
            citations: Vec::new(),
            more: 0,
            detectors: vec![detector.to_owned()],
        };
        e.add_citations(citations);
        e
    }

    fn add_citations(&mut self, mut citations: Vec<Citation>) {
        citations.extend(std::mem::take(&mut self.citations));
        citations.sort();
        citations.dedup_by(|a, b| a.file == b.file && a.line == b.line);
        if citations.len() > MAX_CITATIONS {
            self.more += citations.len() - MAX_CITATIONS;
            citations.truncate(MAX_CITATIONS);
        }
        self.citations = citations;
    }
}

/// One item per question: a risky answer wins over a safe one; among items of the
/// same side, citations and detectors are joined and the summary of the most
/// confident is kept. Sorted by question id.
pub fn merge(items: Vec<Evidence>) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::new();
    for item in items {
        match out.iter_mut().find(|e| e.question == item.question) {
            None => out.push(item),
            Some(kept) if item.risky && !kept.risky => *kept = item,
            Some(kept) if item.risky == kept.risky => {
                if item.confidence > kept.confidence {
                    kept.summary = item.summary.clone();
                    kept.answer = item.answer;
                }
                // "not sure" beside a firm risky answer: the firm one stands.
                if kept.answer == Answer::Unsure && item.answer != Answer::Unsure {
                    kept.answer = item.answer;
                    kept.summary = item.summary.clone();
                }
                kept.confidence = kept.confidence.max(item.confidence);
                for d in item.detectors {
                    if !kept.detectors.contains(&d) {
                        kept.detectors.push(d);
                    }
                }
                let extra = item.more;
                kept.add_citations(item.citations);
                kept.more += extra;
            }
            Some(_) => {}
        }
    }
    out.sort_by(|a, b| a.question.cmp(&b.question));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(detector: &str, q: &str, a: Answer, c: Confidence, file: &str) -> Evidence {
        Evidence::new(
            detector,
            q,
            a,
            c,
            format!("{detector} says"),
            vec![Citation::new(file, 1, "")],
        )
    }

    #[test]
    fn risk_comes_from_the_question_and_the_item_tables() {
        let yes = item("d", "secrets-exposed", Answer::Yes, Confidence::High, "a");
        assert!(yes.risky);
        assert!(!item("d", "secrets-exposed", Answer::No, Confidence::High, "a").risky);
        assert!(item("d", "error-tracking", Answer::No, Confidence::High, "a").risky);
        assert!(item("d", "error-tracking", Answer::Unsure, Confidence::High, "a").risky);
        assert!(item("d", "regression-tests", Answer::No, Confidence::High, "a").risky);
        assert!(
            item(
                "d",
                "stripe-webhook-unverified",
                Answer::Yes,
                Confidence::High,
                "a"
            )
            .risky
        );
        assert_eq!(risky_answer("nope"), None);
    }

    #[test]
    #[should_panic(expected = "unknown evidence id")]
    fn an_unknown_id_is_a_bug() {
        item("d", "no-such-question", Answer::Yes, Confidence::High, "a");
    }

    #[test]
    fn a_risky_answer_wins_and_same_side_items_join() {
        let merged = merge(vec![
            item(
                "env",
                "env-separation",
                Answer::Yes,
                Confidence::Medium,
                "a",
            ),
            item(
                "secrets",
                "secrets-exposed",
                Answer::Yes,
                Confidence::High,
                "b",
            ),
            item(
                "literal",
                "env-separation",
                Answer::No,
                Confidence::Medium,
                "c",
            ),
            item("files", "env-separation", Answer::No, Confidence::High, "d"),
            item(
                "service-role",
                "secrets-exposed",
                Answer::Yes,
                Confidence::Medium,
                "b",
            ),
        ]);
        assert_eq!(merged.len(), 2);
        let env = &merged[0];
        assert_eq!(
            (env.answer, env.risky, env.confidence),
            (Answer::No, true, Confidence::High)
        );
        assert_eq!(env.detectors, ["literal", "files"]);
        assert_eq!(env.summary, "files says");
        let files: Vec<&str> = env.citations.iter().map(|c| c.file.as_str()).collect();
        assert_eq!(files, ["c", "d"]);
        let secrets = &merged[1];
        assert_eq!(secrets.citations.len(), 1, "the same place once");
        assert_eq!(secrets.detectors, ["secrets", "service-role"]);
    }

    #[test]
    fn citations_are_capped_and_counted() {
        let many: Vec<Citation> = (0..20).map(|i| Citation::new("f.ts", i + 1, "")).collect();
        let e = Evidence::new(
            "d",
            "open-endpoints",
            Answer::Yes,
            Confidence::High,
            "s",
            many,
        );
        assert_eq!((e.citations.len(), e.more), (MAX_CITATIONS, 12));
        let merged = merge(vec![
            e,
            Evidence::new(
                "d2",
                "open-endpoints",
                Answer::Yes,
                Confidence::High,
                "s",
                vec![Citation::new("g.ts", 3, "")],
            ),
        ]);
        assert_eq!(merged[0].citations.len() + merged[0].more, 21);
    }
}
