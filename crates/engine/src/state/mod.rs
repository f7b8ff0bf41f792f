//! The founder's answers and inputs: everything the assessment is computed from, and
//! nothing else (never file contents, findings or secrets).
//!
//! A [`State`] is versioned and has two serialised forms:
//! - a compact URL fragment ([`encode_fragment`] / [`decode_fragment`]) for sharing a
//!   link: only unreserved URL characters, round-trips exactly;
//! - a JSON form for `localStorage` ([`to_storage_json`] / [`from_storage_json`]),
//!   the same shape as the `shipcheck assess --answers` file, read by the same reader
//!   (lenient for storage, strict for files).
//!
//! Both decoders take user-controlled text: they never panic, refuse oversized input
//! before allocating for it, and drop what they do not recognise with a notice.
//! [`decode_any`] tries both forms and falls back to the default state plus a notice.
//!
//! # Example
//! ```
//! use shipcheck_engine::state::{self, Answer, State};
//! let mut s = State::default();
//! s.profile = "coach-founder".into();
//! s.answers.insert("cross-tenant-access".into(), Answer::Unsure);
//! let fragment = state::encode_fragment(&s);
//! assert_eq!(state::decode_fragment(&fragment).unwrap().state, s);
//! ```

mod fragment;
#[cfg(test)]
mod properties;
mod storage;

use std::collections::BTreeMap;

use crate::catalog::assess::Catalog;
pub use crate::catalog::assess::{Answer, DEFAULT_PROFILE};
pub use crate::catalog::fields::{AppSize, Field, FieldError};
pub use fragment::{decode_fragment, decode_fragment_with, encode_fragment, FRAGMENT_MAX_LEN};
pub use storage::{
    from_answers_json, from_answers_json_with, from_storage_json, from_storage_json_with,
    to_storage_json, STORAGE_MAX_LEN,
};

/// The version written into every fragment and storage JSON. Bump it when the meaning
/// of stored data changes, and teach the decoders to migrate the old one.
pub const STATE_VERSION: u32 = 1;

/// The founder's inputs: readiness figures and the estimate's inputs, each stored as
/// a whole number in its field's storage unit (see [`crate::catalog::fields`]). A field
/// that is absent is unknown: a readiness gate stays unknown, the estimate uses its
/// default and lists it as assumed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs(BTreeMap<Field, u32>);

impl Inputs {
    /// The stored value of `field`, if the founder gave one.
    pub fn get(&self, field: Field) -> Option<u32> {
        self.0.get(&field).copied()
    }

    /// Sets (or, with `None`, clears) `field`. The value is not range-checked here:
    /// the readers check what they read, with a message.
    pub fn set(&mut self, field: Field, value: Option<u32>) {
        match value {
            Some(v) => self.0.insert(field, v),
            None => self.0.remove(&field),
        };
    }

    /// Every value given, in table order.
    pub fn iter(&self) -> impl Iterator<Item = (Field, u32)> + '_ {
        self.0.iter().map(|(f, v)| (*f, *v))
    }

    pub fn app_size(&self) -> Option<AppSize> {
        self.get(Field::AppSize).and_then(AppSize::from_code)
    }

    pub fn has_tests(&self) -> Option<bool> {
        self.get(Field::HasTests).map(|v| v != 0)
    }
}

impl<const N: usize> From<[(Field, u32); N]> for Inputs {
    fn from(values: [(Field, u32); N]) -> Inputs {
        Inputs(values.into_iter().collect())
    }
}

/// Everything a founder has told shipcheck.
///
/// `answers` holds each checklist answer under its question id, as the founder gave
/// it to the question's wording in the current profile (or to the canonical wording
/// when the current checklist does not ask it). Use [`State::set_profile`] to switch
/// profile: it rewrites answers whose wording flips polarity, so no risk is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// Profile id (`coach-founder`, ..., `full`).
    pub profile: String,
    /// Whether the app has AI features (adds the AI red-team questions).
    pub uses_ai: bool,
    /// Checklist answers by question id.
    pub answers: BTreeMap<String, Answer>,
    /// Screening answers by screening id ("yes" means the condition holds).
    pub screening: BTreeMap<String, Answer>,
    /// Direct answers to yes/no readiness gates by gate id ("yes" = in place).
    pub gates: BTreeMap<String, Answer>,
    /// Figures and estimate inputs.
    pub inputs: Inputs,
    /// The app's name as the founder typed it, for the report's title (empty: none).
    /// Always clean: set it with [`State::set_app_name`].
    pub app_name: String,
    /// Scan problems the founder marked rotated / fixed, each under its
    /// [`mark_of`](crate::finding::mark_of) (a hash: never the value). Saved in this
    /// browser, never put in a share link, and never read by the assessment: a
    /// problem counts until a scan no longer finds it.
    pub fixed: crate::finding::Marks,
}

/// The longest app name kept, in characters.
pub const APP_NAME_MAX: usize = 60;

/// `text` as an app name: control characters become spaces, runs of spaces one, at
/// most [`APP_NAME_MAX`] characters.
pub fn clean_app_name(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = if c.is_control() { ' ' } else { c };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        if out.chars().count() == APP_NAME_MAX {
            break;
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

impl Default for State {
    fn default() -> State {
        State {
            profile: DEFAULT_PROFILE.into(),
            app_name: String::new(),
            uses_ai: false,
            answers: BTreeMap::new(),
            screening: BTreeMap::new(),
            gates: BTreeMap::new(),
            inputs: Inputs::default(),
            fixed: crate::finding::Marks::new(),
        }
    }
}

impl State {
    /// Sets the app's name, cleaned ([`clean_app_name`]).
    pub fn set_app_name(&mut self, text: &str) {
        self.app_name = clean_app_name(text);
    }

    /// Switches to another profile, rewriting each answer so that it keeps its
    /// meaning: "no" to "Are secrets stored only in env vars?" becomes "yes" to
    /// "Are any keys in client-side code?". Unknown profile ids are ignored.
    pub fn set_profile(&mut self, catalog: &Catalog, profile: &str) {
        if catalog.profile(profile).is_none() || profile == self.profile {
            return;
        }
        let old = std::mem::replace(&mut self.profile, profile.to_string());
        for (id, answer) in self.answers.iter_mut() {
            let (Some(from), Some(to)) = (
                catalog.risky_answer(&old, id),
                catalog.risky_answer(profile, id),
            ) else {
                continue;
            };
            if from != to {
                *answer = answer.flipped();
            }
        }
    }
}

/// A decoded state with what was dropped or defaulted along the way, in words a
/// founder can read ("dropped an answer to an unknown question \"foo\"").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub state: State,
    pub notices: Vec<String>,
}

/// Why a fragment or storage JSON could not be decoded at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError {
    pub kind: StateErrorKind,
    pub message: String,
}

/// The broad reason a decode failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateErrorKind {
    /// Longer than the decoder accepts.
    TooLong,
    /// Not in the expected shape at all.
    Malformed,
    /// Written by a newer shipcheck.
    NewerVersion,
    /// Written by an older shipcheck whose format is no longer read.
    OldVersion,
    /// Well-formed but with a value the strict (answers-file) reader refuses.
    Invalid,
}

impl StateError {
    pub(crate) fn new(kind: StateErrorKind, message: impl Into<String>) -> StateError {
        StateError {
            kind,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for StateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StateError {}

/// Decodes whatever is given, fragment or storage JSON, and never fails: anything
/// that cannot be read gives the default state and a notice saying so. This is the
/// entry point for untrusted input (page load, fuzzing).
///
/// # Example
/// ```
/// use shipcheck_engine::state::{decode_any, State};
/// let d = decode_any("#%%garbage");
/// assert_eq!(d.state, State::default());
/// assert_eq!(d.notices.len(), 1);
/// ```
pub fn decode_any(text: &str) -> Decoded {
    let trimmed = text.trim_start_matches('#').trim();
    let result = if trimmed.is_empty() {
        return Decoded {
            state: State::default(),
            notices: Vec::new(),
        };
    } else if trimmed.starts_with('{') {
        from_storage_json(trimmed)
    } else {
        decode_fragment(trimmed)
    };
    result.unwrap_or_else(|e| Decoded {
        state: State::default(),
        notices: vec![format!(
            "Saved answers could not be read ({e}); starting fresh."
        )],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_profile_keeps_the_risk_of_each_answer() {
        let catalog = Catalog::built_in();
        let mut s = State {
            profile: "coach-founder".into(),
            ..State::default()
        };
        // coach-founder Q5 "Are secrets stored only in proper environment variables?":
        // "no" is the risk.
        s.answers.insert("secrets-exposed".into(), Answer::No);
        s.answers.insert("env-separation".into(), Answer::No);
        s.answers
            .insert("cross-tenant-access".into(), Answer::Unsure);
        s.set_profile(catalog, "cursor-b2b");
        // cursor-b2b Q2 "Are there any API keys ... in client-side code?": "yes" is.
        assert_eq!(s.answers["secrets-exposed"], Answer::Yes);
        assert_eq!(s.answers["env-separation"], Answer::No);
        assert_eq!(s.answers["cross-tenant-access"], Answer::Unsure);
        s.set_profile(catalog, "b2b-agency");
        // b2b-agency Q5 "Are database rules actually enforcing tenant isolation?"
        assert_eq!(s.answers["secrets-exposed"], Answer::No);
        s.set_profile(catalog, "no-such-profile");
        assert_eq!(s.profile, "b2b-agency");
    }

    #[test]
    fn app_names_are_cleaned_and_capped() {
        for (text, want) in [
            ("  Acme  Portal ", "Acme Portal"),
            ("a\u{0}b\nc", "a b c"),
            ("", ""),
            ("Café ☕", "Café ☕"),
        ] {
            assert_eq!(clean_app_name(text), want, "{text:?}");
        }
        assert_eq!(
            clean_app_name(&"x".repeat(200)).chars().count(),
            APP_NAME_MAX
        );
    }

    #[test]
    fn decode_any_never_fails() {
        for text in ["", "#", "{", "{}", "1~", "9~pz", "\u{0}\u{1}", "#1~p0~aay"] {
            let d = decode_any(text);
            assert!(d.state.profile.len() < 40, "{text:?}");
        }
        assert_eq!(decode_any("{}").state, State::default());
        assert!(decode_any("").notices.is_empty());
    }
}
