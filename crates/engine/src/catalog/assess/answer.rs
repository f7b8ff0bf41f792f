//! The answer to a yes/no question: the vocabulary of every checklist, screening and
//! readiness question.

use serde::{Deserialize, Serialize};

/// The profile a new state starts on: the full checklist.
pub const DEFAULT_PROFILE: &str = "full";

/// An answer to a yes/no question. "Not sure" is a real answer: it counts as a risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    Yes,
    No,
    Unsure,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Yes, Answer::No, Answer::Unsure];

    /// The JSON name: `yes`, `no` or `unsure`.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unsure => "unsure",
        }
    }

    /// What a founder reads: "yes", "no", "not sure".
    pub fn label(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unsure => "not sure",
        }
    }

    /// Parses the JSON name (also "not sure" / "not-sure").
    pub fn parse(s: &str) -> Option<Answer> {
        match s {
            "yes" => Some(Answer::Yes),
            "no" => Some(Answer::No),
            "unsure" | "not sure" | "not-sure" => Some(Answer::Unsure),
            _ => None,
        }
    }

    /// The other one of yes/no; `Unsure` stays `Unsure`.
    pub fn flipped(self) -> Answer {
        match self {
            Answer::Yes => Answer::No,
            Answer::No => Answer::Yes,
            Answer::Unsure => Answer::Unsure,
        }
    }

    pub(crate) fn code(self) -> char {
        match self {
            Answer::Yes => 'y',
            Answer::No => 'n',
            Answer::Unsure => 'u',
        }
    }

    pub(crate) fn from_code(c: char) -> Option<Answer> {
        Answer::ALL.into_iter().find(|a| a.code() == c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_parse_their_names_only() {
        for a in Answer::ALL {
            assert_eq!(Answer::parse(a.as_str()), Some(a));
            assert_eq!(Answer::from_code(a.code()), Some(a));
        }
        assert_eq!(Answer::parse("not sure"), Some(Answer::Unsure));
        assert_eq!(Answer::parse("Yes"), None);
        assert_eq!(Answer::parse("maybe"), None);
    }
}
