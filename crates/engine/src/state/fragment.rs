//! The compact URL-fragment form of a [`State`].
//!
//! Format (version 1): sections joined by `~`, the first being the version number.
//! Each later section starts with a letter:
//!
//! | section | meaning | example |
//! | --- | --- | --- |
//! | `p<code>` | profile, by its one-character code | `p0` (coach-founder) |
//! | `i` | the app uses AI features | `i` |
//! | `a<key><answer>...` | checklist answers: question key + `y`/`n`/`u` | `aaybnju` |
//! | `s<key><answer>...` | screening answers | `sky` |
//! | `g<key><answer>...` | direct answers to readiness gates | `gin` |
//! | `f<letter><number>.…` | readiness figures in stored units | `fc420.d1800.e50` |
//! | `e<letter><number>.…` | estimate inputs (`z` app size 0/1/2, `t` has tests 0/1) | `ed1000.z1` |
//! | `n<hex>` | the app's name, its UTF-8 bytes in lowercase hex | `n41636d65` (Acme) |
//!
//! A founder's "fixed" marks ([`State::fixed`]) are never put in a link: they are about
//! the founder's own scans, which a link never carries.
//!
//! Field letters and stored units come from the field table ([`crate::catalog::fields`]).
//!
//! Keys are the stable one-character codes of the catalog, so a link stays readable
//! after questions are added. Only `0-9 A-Z a-z ~ .` appear: unreserved URL
//! characters that chat apps and mail clients do not mangle or cut at.

use super::{Decoded, State, StateError, StateErrorKind, DEFAULT_PROFILE, STATE_VERSION};
use crate::catalog::assess::{Catalog, GateSource};
use crate::catalog::fields::Field;

/// Fragments longer than this are refused before any parsing (a full state is
/// well under 200 characters).
pub const FRAGMENT_MAX_LEN: usize = 2048;

/// At most this many notices are kept; the rest are counted.
const MAX_NOTICES: usize = 20;

/// Encodes a state as a URL fragment (without the leading `#`), using the built-in
/// catalog. Answers to ids the catalog does not know are left out.
pub fn encode_fragment(state: &State) -> String {
    encode_with(Catalog::built_in(), state)
}

fn encode_with(catalog: &Catalog, state: &State) -> String {
    let mut sections: Vec<String> = vec![STATE_VERSION.to_string()];
    if let Some(p) = catalog.profile(&state.profile) {
        sections.push(format!("p{}", p.code));
    }
    if state.uses_ai {
        sections.push("i".into());
    }
    let pairs = |letter: char, items: Vec<(char, super::Answer)>| {
        (!items.is_empty()).then(|| {
            let mut s = String::from(letter);
            for (k, a) in items {
                s.push(k);
                s.push(a.code());
            }
            s
        })
    };
    let answers = catalog
        .questions()
        .iter()
        .filter_map(|q| state.answers.get(&q.id).map(|a| (q.key, *a)))
        .collect();
    let screening = catalog
        .screening_keys()
        .filter_map(|(id, key)| state.screening.get(id).map(|a| (key, *a)))
        .collect();
    let gates = catalog
        .gates()
        .iter()
        .filter(|g| matches!(g.source, GateSource::Answers { .. }))
        .filter_map(|g| state.gates.get(&g.id).map(|a| (g.key, *a)))
        .collect();
    sections.extend(pairs('a', answers));
    sections.extend(pairs('s', screening));
    sections.extend(pairs('g', gates));
    // Figures, then estimate inputs: each its own section of `<letter><value>` items.
    for section in ['f', 'e'] {
        let items: Vec<String> = state
            .inputs
            .iter()
            .filter(|(f, _)| f.group().fragment_section() == section)
            .map(|(f, v)| format!("{}{v}", f.fragment_letter()))
            .collect();
        if !items.is_empty() {
            sections.push(format!("{section}{}", items.join(".")));
        }
    }
    if !state.app_name.is_empty() {
        let mut hex = String::from("n");
        for b in state.app_name.bytes() {
            hex.push_str(&format!("{b:02x}"));
        }
        sections.push(hex);
    }
    sections.join("~")
}

/// Decodes a URL fragment (with or without the leading `#`) using the built-in
/// catalog. Unknown parts are dropped with a notice; a fragment that is not a
/// shipcheck state at all, or comes from another version, is an error.
pub fn decode_fragment(text: &str) -> Result<Decoded, StateError> {
    decode_fragment_with(Catalog::built_in(), text)
}

/// [`decode_fragment`] against a given catalog.
pub fn decode_fragment_with(catalog: &Catalog, text: &str) -> Result<Decoded, StateError> {
    let text = text.strip_prefix('#').unwrap_or(text);
    if text.len() > FRAGMENT_MAX_LEN {
        return Err(StateError::new(
            StateErrorKind::TooLong,
            format!(
                "the link's answers are {} characters long; shipcheck links are under {FRAGMENT_MAX_LEN}",
                text.len()
            ),
        ));
    }
    let text = percent_decode(text)?;
    let mut sections = text.split('~');
    check_version(sections.next().unwrap_or(""))?;
    let mut d = Decoder {
        catalog,
        state: State::default(),
        notices: Vec::new(),
        dropped: 0,
    };
    for section in sections {
        d.section(section);
    }
    if d.dropped > 0 {
        d.notices.push(format!(
            "...and {} more parts of the link were ignored.",
            d.dropped
        ));
    }
    Ok(Decoded {
        state: d.state,
        notices: d.notices,
    })
}

fn check_version(v: &str) -> Result<(), StateError> {
    let malformed = || {
        StateError::new(
            StateErrorKind::Malformed,
            "this is not a shipcheck answers link",
        )
    };
    if v.is_empty() || v.len() > 4 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    let n: u32 = v.parse().map_err(|_| malformed())?;
    match n.cmp(&STATE_VERSION) {
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Greater => Err(StateError::new(
            StateErrorKind::NewerVersion,
            format!("this link was made by a newer shipcheck (format {n}); update and try again"),
        )),
        std::cmp::Ordering::Less => Err(StateError::new(
            StateErrorKind::OldVersion,
            format!("this link uses an old format ({n}) that this shipcheck no longer reads"),
        )),
    }
}

/// Undoes percent-encoding of the characters a fragment may contain (some clients
/// escape `~`); anything else, or non-ASCII text, is not a shipcheck link.
fn percent_decode(text: &str) -> Result<String, StateError> {
    let bad = || {
        StateError::new(
            StateErrorKind::Malformed,
            "the link contains characters a shipcheck link never has",
        )
    };
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let c = if b == b'%' {
            let hex = text.get(i + 1..i + 3).ok_or_else(bad)?;
            i += 2;
            u8::from_str_radix(hex, 16).map_err(|_| bad())?
        } else {
            b
        };
        if !(c.is_ascii_alphanumeric() || c == b'~' || c == b'.') {
            return Err(bad());
        }
        out.push(c as char);
        i += 1;
    }
    Ok(out)
}

struct Decoder<'a> {
    catalog: &'a Catalog,
    state: State,
    notices: Vec<String>,
    dropped: usize,
}

impl Decoder<'_> {
    fn notice(&mut self, message: String) {
        if self.notices.len() < MAX_NOTICES {
            self.notices.push(message);
        } else {
            self.dropped += 1;
        }
    }

    fn section(&mut self, section: &str) {
        let mut chars = section.chars();
        let Some(kind) = chars.next() else { return };
        let rest = chars.as_str();
        match kind {
            'p' => self.profile(rest),
            'i' if rest.is_empty() => self.state.uses_ai = true,
            'a' | 's' | 'g' => self.pairs(kind, rest),
            'f' => self.numbers('f', rest, "figure"),
            'e' => self.numbers('e', rest, "estimate input"),
            'n' => self.app_name(rest),
            _ => self.notice(format!(
                "Ignored a part of the link this version does not know ({:?}).",
                truncate(section)
            )),
        }
    }

    fn profile(&mut self, rest: &str) {
        let mut chars = rest.chars();
        let found = match (chars.next(), chars.next()) {
            (Some(c), None) => self.catalog.profile_by_code(c),
            _ => None,
        };
        match found {
            Some(p) => self.state.profile = p.id.clone(),
            None => {
                self.state.profile = DEFAULT_PROFILE.into();
                self.notice(format!(
                    "The link names an unknown founder profile ({:?}); showing the full checklist.",
                    truncate(rest)
                ));
            }
        }
    }

    fn pairs(&mut self, kind: char, rest: &str) {
        let what = match kind {
            'a' => "question",
            's' => "screening question",
            _ => "readiness gate",
        };
        let bytes = rest.as_bytes();
        if bytes.len() % 2 == 1 {
            self.notice(format!(
                "Ignored a truncated {what} answer at the end of the link."
            ));
        }
        for pair in bytes.chunks_exact(2) {
            let (key, code) = (pair[0] as char, pair[1] as char);
            let Some(answer) = super::Answer::from_code(code) else {
                self.notice(format!(
                    "Ignored an unreadable {what} answer ({key}{code})."
                ));
                continue;
            };
            let id = match kind {
                'a' => self.catalog.question_by_key(key).map(|q| q.id.clone()),
                's' => self.catalog.screening_id_by_key(key).map(str::to_owned),
                _ => self
                    .catalog
                    .gate_by_key(key)
                    .filter(|g| matches!(g.source, GateSource::Answers { .. }))
                    .map(|g| g.id.clone()),
            };
            let Some(id) = id else {
                self.notice(format!("Dropped an answer to an unknown {what} ({key:?})."));
                continue;
            };
            let map = match kind {
                'a' => &mut self.state.answers,
                's' => &mut self.state.screening,
                _ => &mut self.state.gates,
            };
            map.insert(id, answer);
        }
    }

    fn app_name(&mut self, hex: &str) {
        let bytes: Option<Vec<u8>> = hex
            .len()
            .is_multiple_of(2)
            .then(|| {
                (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
                    .collect()
            })
            .flatten();
        match bytes.and_then(|b| String::from_utf8(b).ok()) {
            Some(name) => self.state.set_app_name(&name),
            None => self.notice("Ignored an unreadable app name in the link.".into()),
        }
    }

    fn numbers(&mut self, section: char, rest: &str, what: &str) {
        for item in rest.split('.') {
            let mut chars = item.chars();
            let Some(letter) = chars.next() else { continue };
            let digits = chars.as_str();
            let value = (!digits.is_empty() && digits.len() <= 10)
                .then(|| digits.parse::<u64>().ok())
                .flatten()
                .and_then(|v| u32::try_from(v).ok());
            let Some(value) = value else {
                self.notice(format!(
                    "Ignored an unreadable {what} ({:?}).",
                    truncate(item)
                ));
                continue;
            };
            let Some(field) = Field::from_fragment(section, letter) else {
                self.notice(format!("Ignored an unknown {what} ({:?}).", truncate(item)));
                continue;
            };
            match field.check(value) {
                Ok(v) => self.state.inputs.set(field, Some(v)),
                Err(e) => self.notice(format!("Ignored {e}.")),
            }
        }
    }
}

/// At most 16 characters of user text, for notices.
fn truncate(s: &str) -> String {
    s.chars().take(16).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::fields::AppSize;
    use crate::state::Answer;

    #[test]
    fn default_state_is_short() {
        assert_eq!(encode_fragment(&State::default()), "1~pf");
        let d = decode_fragment("1~pf").unwrap();
        assert_eq!(d.state, State::default());
        assert!(d.notices.is_empty());
    }

    #[test]
    fn a_full_state_encodes_compactly_and_round_trips() {
        let mut s = State {
            profile: "coach-agency".into(),
            uses_ai: true,
            ..State::default()
        };
        s.answers.insert("cross-tenant-access".into(), Answer::Yes);
        s.answers.insert("handover-notes".into(), Answer::Unsure);
        s.screening.insert("budget-tight".into(), Answer::No);
        s.gates.insert("regression-pass".into(), Answer::Yes);
        s.inputs.set(Field::CriticalApiP95, Some(420));
        s.inputs.set(Field::ErrorRate, Some(50));
        s.inputs.set(Field::DayRate, Some(1000));
        s.inputs.set(Field::AppSize, Some(AppSize::Large.code()));
        s.inputs.set(Field::HasTests, Some(0));
        let f = encode_fragment(&s);
        assert_eq!(f, "1~p1~i~abyru~sln~giy~fc420.e50~ed1000.z2.t0");
        assert!(f
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'~' || b == b'.'));
        let d = decode_fragment(&format!("#{f}")).unwrap();
        assert_eq!(d.state, s);
        assert!(d.notices.is_empty(), "{:?}", d.notices);
    }

    #[test]
    fn unknown_parts_are_dropped_with_a_notice() {
        let d = decode_fragment("1~p0~aZyayb?~q1~fc99999999.x5~ez7.t9~pQ").unwrap_err();
        assert_eq!(
            d.kind,
            StateErrorKind::Malformed,
            "'?' is not a link character"
        );
        let d = decode_fragment("1~p0~aZyaybx~q1~fc99999999.x5~ez7.t9").unwrap();
        assert_eq!(d.state.profile, "coach-founder");
        assert_eq!(d.state.answers.len(), 1);
        assert_eq!(d.state.answers["secrets-exposed"], Answer::Yes);
        assert_eq!(d.state.inputs.get(Field::CriticalApiP95), None);
        let joined = d.notices.join("\n");
        for want in [
            "unknown question ('Z')",
            "unreadable question answer (bx)",
            "this version does not know (\"q1\")",
            "Critical API p95 (ms): 99999999 is more than 600000",
            "unknown figure (\"x5\")",
            "Ignored App size: must be one of \"small\", \"medium\" or \"large\"",
            "Ignored Automated tests: must be yes or no",
        ] {
            assert!(joined.contains(want), "missing {want:?} in\n{joined}");
        }
    }

    #[test]
    fn versions_and_garbage_are_errors() {
        let cases = [
            ("2~p0", StateErrorKind::NewerVersion),
            ("0~p0", StateErrorKind::OldVersion),
            ("", StateErrorKind::Malformed),
            ("hello", StateErrorKind::Malformed),
            ("1 ~p0", StateErrorKind::Malformed),
            ("1~p0~aé", StateErrorKind::Malformed),
            ("1%7", StateErrorKind::Malformed),
            ("1%zz", StateErrorKind::Malformed),
            ("99999999999", StateErrorKind::Malformed),
        ];
        for (text, kind) in cases {
            assert_eq!(decode_fragment(text).unwrap_err().kind, kind, "{text:?}");
        }
        let long = format!("1~a{}", "ay".repeat(FRAGMENT_MAX_LEN));
        assert_eq!(
            decode_fragment(&long).unwrap_err().kind,
            StateErrorKind::TooLong
        );
        // Some clients escape '~'.
        assert_eq!(
            decode_fragment("1%7Ep0").unwrap().state.profile,
            "coach-founder"
        );
    }

    #[test]
    fn notices_are_capped() {
        let text = format!("1~a{}", "Zy".repeat(500));
        let d = decode_fragment(&text).unwrap();
        assert_eq!(d.notices.len(), MAX_NOTICES + 1);
        assert!(d.notices.last().unwrap().contains("480 more"));
    }
}

#[cfg(test)]
mod readme_examples {
    use super::*;

    /// The fragments quoted in docs/assessment.md decode cleanly.
    #[test]
    fn readme_fragments_decode_without_notices() {
        for f in [
            "1~p2~aanbyly~fc420.d1800",
            "1~p2~i~aanbyly~sln~fc420.d1800.e50~ed1000.z1",
        ] {
            let d = decode_fragment(f).unwrap();
            assert!(d.notices.is_empty(), "{f}: {:?}", d.notices);
            assert_eq!(d.state.profile, "b2b-agency");
            assert_eq!(encode_fragment(&d.state), f);
        }
    }
}
