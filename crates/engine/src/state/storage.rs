//! The JSON form of a [`State`]: what the web app keeps in `localStorage`, and the
//! file `shipcheck assess --answers FILE` reads.
//!
//! ```json
//! {"version": 1, "profile": "coach-founder", "uses_ai": false,
//!  "answers": {"core-flow-errors": "yes", "input-validation": "unsure"},
//!  "screening": {"budget-tight": "no"}, "gates": {"regression-pass": "yes"},
//!  "figures": {"critical_api_p95_ms": 420, "dashboard_load_s": 1.8, "error_rate_percent": 0.5},
//!  "estimate": {"day_rate": 1000, "app_size": "medium", "has_tests": false}}
//! ```
//!
//! Both directions are derived from the field table ([`crate::catalog::fields`]). There
//! is one reader: it walks the JSON by hand so that one bad entry costs that entry, not
//! the whole state; in its lenient mode (storage) it drops the entry with a notice, in
//! its strict mode (answers files) it refuses the file with a message naming it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Answer, Decoded, State, StateError, StateErrorKind, DEFAULT_PROFILE, STATE_VERSION};
use crate::catalog::assess::{Catalog, GateSource};
use crate::catalog::fields::{clip, Field};
use crate::finding::fix::{is_mark, MAX_MARKS};

/// Storage JSON longer than this is refused before parsing (a full state is about
/// 2 KB).
pub const STORAGE_MAX_LEN: usize = 64 * 1024;

const MAX_NOTICES: usize = 20;

/// The saved form, in the order a person reading it expects.
#[derive(Serialize)]
struct Stored<'a> {
    version: u32,
    profile: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    app_name: &'a str,
    uses_ai: bool,
    answers: &'a BTreeMap<String, Answer>,
    screening: &'a BTreeMap<String, Answer>,
    gates: &'a BTreeMap<String, Answer>,
    figures: Map<String, Value>,
    estimate: Map<String, Value>,
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    fixed: &'a BTreeSet<String>,
}

/// The state as versioned JSON, for `localStorage` (and the answers-file format).
/// The inputs are written from the field table, so that this is exactly what
/// [`from_storage_json`] reads.
pub fn to_storage_json(state: &State) -> String {
    let section = |name: &str| -> Map<String, Value> {
        state
            .inputs
            .iter()
            .filter(|(f, _)| f.group().json_section() == name)
            .map(|(f, v)| (f.json_key().to_string(), f.to_json(v)))
            .collect()
    };
    let stored = Stored {
        version: STATE_VERSION,
        profile: &state.profile,
        app_name: &state.app_name,
        uses_ai: state.uses_ai,
        answers: &state.answers,
        screening: &state.screening,
        gates: &state.gates,
        figures: section("figures"),
        estimate: section("estimate"),
        fixed: &state.fixed,
    };
    serde_json::to_string(&stored).unwrap_or_else(|_| format!("{{\"version\":{STATE_VERSION}}}"))
}

/// Reads storage JSON leniently with the built-in catalog: unknown or invalid entries
/// are dropped with a notice. A wrong version or unparseable JSON is an error.
pub fn from_storage_json(text: &str) -> Result<Decoded, StateError> {
    from_storage_json_with(Catalog::built_in(), text)
}

/// [`from_storage_json`] against a given catalog.
pub fn from_storage_json_with(catalog: &Catalog, text: &str) -> Result<Decoded, StateError> {
    let mut r = Reader::new(catalog, false);
    let state = r.read(text)?;
    Ok(Decoded {
        state,
        notices: r.finish_notices(),
    })
}

/// Reads an answers file strictly with the built-in catalog: `profile` is required,
/// and any unknown key, unknown question or invalid value is an error naming it.
pub fn from_answers_json(text: &str) -> Result<State, StateError> {
    from_answers_json_with(Catalog::built_in(), text)
}

/// [`from_answers_json`] against a given catalog.
pub fn from_answers_json_with(catalog: &Catalog, text: &str) -> Result<State, StateError> {
    Reader::new(catalog, true).read(text)
}

struct Reader<'a> {
    catalog: &'a Catalog,
    strict: bool,
    notices: Vec<String>,
    dropped: usize,
}

type Step = Result<(), StateError>;

impl<'a> Reader<'a> {
    fn new(catalog: &'a Catalog, strict: bool) -> Reader<'a> {
        Reader {
            catalog,
            strict,
            notices: Vec::new(),
            dropped: 0,
        }
    }

    /// Records a problem: an error in strict mode, a notice otherwise.
    fn problem(&mut self, message: String) -> Step {
        if self.strict {
            return Err(StateError::new(StateErrorKind::Invalid, message));
        }
        if self.notices.len() < MAX_NOTICES {
            self.notices.push(message);
        } else {
            self.dropped += 1;
        }
        Ok(())
    }

    fn finish_notices(mut self) -> Vec<String> {
        if self.dropped > 0 {
            self.notices.push(format!(
                "...and {} more saved entries were ignored.",
                self.dropped
            ));
        }
        self.notices
    }

    fn read(&mut self, text: &str) -> Result<State, StateError> {
        if text.len() > STORAGE_MAX_LEN {
            return Err(StateError::new(
                StateErrorKind::TooLong,
                format!(
                    "the answers are {} bytes; shipcheck reads at most {STORAGE_MAX_LEN}",
                    text.len()
                ),
            ));
        }
        let value: Value = serde_json::from_str(text).map_err(|e| {
            StateError::new(StateErrorKind::Malformed, format!("not valid JSON ({e})"))
        })?;
        let Value::Object(top) = value else {
            return Err(StateError::new(
                StateErrorKind::Malformed,
                "expected a JSON object like {\"profile\": \"coach-founder\", \"answers\": {...}}",
            ));
        };
        self.version(top.get("version"))?;
        let mut state = State::default();
        self.profile(&top, &mut state)?;
        for (key, value) in &top {
            match key.as_str() {
                "version" | "profile" => {}
                "uses_ai" => match value {
                    Value::Bool(b) => state.uses_ai = *b,
                    Value::Null => {}
                    _ => self.problem("\"uses_ai\" must be true or false".into())?,
                },
                "app_name" => match value {
                    Value::String(name) => state.set_app_name(name),
                    Value::Null => {}
                    _ => self.problem("\"app_name\" must be text".into())?,
                },
                "answers" | "screening" | "gates" => {}
                "figures" | "estimate" => self.inputs(key, value, &mut state)?,
                "fixed" => self.fixed(value, &mut state)?,
                other => self.problem(format!("unknown key {:?}", clip(other)))?,
            }
        }
        // Answers last: whether a question is on the checklist depends on uses_ai.
        for section in ["answers", "screening", "gates"] {
            if let Some(v) = top.get(section) {
                self.answers(section, v, &mut state)?;
            }
        }
        Ok(state)
    }

    fn version(&mut self, v: Option<&Value>) -> Step {
        let Some(v) = v else { return Ok(()) };
        let Some(n) = v.as_u64() else {
            return Err(StateError::new(
                StateErrorKind::Malformed,
                "\"version\" must be a whole number",
            ));
        };
        match n.cmp(&u64::from(STATE_VERSION)) {
            std::cmp::Ordering::Equal => Ok(()),
            std::cmp::Ordering::Greater => Err(StateError::new(
                StateErrorKind::NewerVersion,
                format!("saved by a newer shipcheck (version {n}); update and try again"),
            )),
            std::cmp::Ordering::Less => Err(StateError::new(
                StateErrorKind::OldVersion,
                format!("saved in an old format (version {n}) that this shipcheck no longer reads"),
            )),
        }
    }

    fn profile(&mut self, top: &Map<String, Value>, state: &mut State) -> Step {
        match top.get("profile") {
            None if self.strict => Err(StateError::new(
                StateErrorKind::Invalid,
                "\"profile\" is required (run `shipcheck assess --list-profiles`)",
            )),
            None => Ok(()),
            Some(Value::String(p)) if self.catalog.profile(p).is_some() => {
                state.profile = p.clone();
                Ok(())
            }
            Some(other) => {
                let shown = other
                    .as_str()
                    .map_or_else(|| other.to_string(), str::to_string);
                state.profile = DEFAULT_PROFILE.into();
                self.problem(format!(
                    "unknown profile {:?} (known: {})",
                    clip(&shown),
                    self.catalog
                        .profiles()
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
    }

    fn answers(&mut self, section: &str, value: &Value, state: &mut State) -> Step {
        let Value::Object(map) = value else {
            return self.problem(format!(
                "\"{section}\" must be an object of \"id\": \"yes\" | \"no\" | \"unsure\""
            ));
        };
        let checklist: Vec<String> = if section == "answers" && self.strict {
            self.catalog
                .questions_for(&state.profile, state.uses_ai)
                .into_iter()
                .map(|q| q.id)
                .collect()
        } else {
            Vec::new()
        };
        let mut out = BTreeMap::new();
        for (id, v) in map {
            let known = match section {
                "answers" => self.catalog.question(id).is_some(),
                "screening" => self.catalog.knows_screening(id),
                _ => self
                    .catalog
                    .gates()
                    .iter()
                    .any(|g| &g.id == id && matches!(g.source, GateSource::Answers { .. })),
            };
            if !known {
                let what = match section {
                    "answers" => "question",
                    "screening" => "screening question",
                    _ => "yes/no readiness gate",
                };
                self.problem(format!("{section}: unknown {what} {:?}", clip(id)))?;
                continue;
            }
            if section == "answers" && self.strict && !checklist.contains(id) {
                let hint = match self.catalog.question(id) {
                    Some(q) if q.ai_add_on => {
                        " (set \"uses_ai\": true to add the AI red-team questions)"
                    }
                    _ => "",
                };
                self.problem(format!(
                    "answers: {id:?} is not on the {} checklist{hint}",
                    state.profile
                ))?;
                continue;
            }
            match v.as_str().and_then(Answer::parse) {
                Some(a) => {
                    out.insert(id.clone(), a);
                }
                None if v.is_null() => {}
                None => self.problem(format!(
                    "{section}.{id}: answer must be \"yes\", \"no\" or \"unsure\" (got {})",
                    clip(&v.to_string())
                ))?,
            }
        }
        match section {
            "answers" => state.answers = out,
            "screening" => state.screening = out,
            _ => state.gates = out,
        }
        Ok(())
    }

    /// The `fixed` list: marks as [`mark_of`](crate::finding::mark_of) writes them.
    fn fixed(&mut self, value: &Value, state: &mut State) -> Step {
        let Value::Array(list) = value else {
            return self.problem("\"fixed\" must be a list of marks".into());
        };
        for v in list {
            match v.as_str().filter(|t| is_mark(t)) {
                Some(_) if state.fixed.len() >= MAX_MARKS => {
                    return self.problem(format!(
                        "fixed: more than {MAX_MARKS} marks; the rest were ignored"
                    ));
                }
                Some(mark) => {
                    state.fixed.insert(mark.to_string());
                }
                None => self.problem(format!(
                    "fixed: {} is not a mark (16 hex digits)",
                    clip(&v.to_string())
                ))?,
            }
        }
        Ok(())
    }

    /// A `figures` or `estimate` object: each key is a field of that section, read by
    /// the field's own JSON reader.
    fn inputs(&mut self, section: &str, value: &Value, state: &mut State) -> Step {
        let Value::Object(map) = value else {
            return self.problem(format!("\"{section}\" must be an object"));
        };
        for (key, v) in map {
            let Some(field) = Field::from_json_key(section, key) else {
                let known: Vec<&str> = Field::all()
                    .filter(|f| f.group().json_section() == section)
                    .map(Field::json_key)
                    .collect();
                self.problem(format!(
                    "{section}: unknown key {:?} (known: {})",
                    clip(key),
                    known.join(", ")
                ))?;
                continue;
            };
            match field.from_json(v) {
                Ok(parsed) => state.inputs.set(field, parsed),
                Err(message) => self.problem(format!("{section}.{key}: {message}"))?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::fields::AppSize;

    fn sample() -> State {
        let mut s = State {
            profile: "b2b-agency".into(),
            uses_ai: true,
            ..State::default()
        };
        s.answers
            .insert("client-data-behind-login".into(), Answer::Yes);
        s.answers
            .insert("ai-prompt-injection".into(), Answer::Unsure);
        s.screening.insert("one-small-fix".into(), Answer::No);
        s.gates.insert("cors-locked".into(), Answer::Yes);
        s.inputs.set(Field::DashboardLoad, Some(1834));
        s.inputs.set(Field::ErrorRate, Some(33));
        s.inputs.set(Field::CoreReadP95, Some(510));
        s.inputs.set(Field::AppSize, Some(AppSize::Medium.code()));
        s.inputs.set(Field::HasTests, Some(1));
        s.inputs.set(Field::IncidentCost, Some(25_000));
        s.fixed.insert(crate::finding::mark_of(
            "stripe-secret-key|0123456789abcdef",
        ));
        s
    }

    #[test]
    fn storage_json_round_trips_through_both_modes_of_the_reader() {
        let s = sample();
        let json = to_storage_json(&s);
        assert!(json.starts_with("{\"version\":1,"), "{json}");
        assert!(json.contains("\"dashboard_load_s\":1.834"), "{json}");
        assert!(json.contains("\"error_rate_percent\":0.33"), "{json}");
        let d = from_storage_json(&json).unwrap();
        assert_eq!(d.state, s);
        assert!(d.notices.is_empty(), "{:?}", d.notices);
        // And the strict reader accepts it too.
        assert_eq!(from_answers_json(&json).unwrap(), s);
    }

    #[test]
    fn fixed_marks_are_kept_as_marks_and_nothing_else() {
        let json = to_storage_json(&sample());
        assert!(json.contains("\"fixed\":[\""), "{json}");
        assert!(
            !json.contains("stripe-secret-key|"),
            "the key itself is never saved"
        );
        let mut unmarked = sample();
        unmarked.fixed.clear();
        assert_eq!(
            super::super::encode_fragment(&sample()),
            super::super::encode_fragment(&unmarked),
            "a share link never carries marks"
        );
        let none = to_storage_json(&State::default());
        assert!(!none.contains("fixed"), "{none}");
        let d = from_storage_json(
            r#"{"version":1,"fixed":["0123456789abcdef","sk_live_abc","0123456789ABCDEF",7]}"#,
        )
        .unwrap();
        assert_eq!(d.state.fixed.len(), 1);
        assert_eq!(d.notices.len(), 3, "{:?}", d.notices);
        assert!(d.notices[0].contains("fixed: \"sk_live_abc\" is not a mark"));
        let e = from_answers_json(r#"{"profile":"full","fixed":{"a":1}}"#).unwrap_err();
        assert!(
            e.message.contains("\"fixed\" must be a list"),
            "{}",
            e.message
        );
        let many: Vec<String> = (0..MAX_MARKS + 5)
            .map(|i| format!("\"{i:016x}\""))
            .collect();
        let d = from_storage_json(&format!("{{\"fixed\":[{}]}}", many.join(","))).unwrap();
        assert_eq!(d.state.fixed.len(), MAX_MARKS);
        assert!(d.notices.iter().any(|n| n.contains("more than")));
    }

    #[test]
    fn lenient_reader_drops_bad_entries_with_notices() {
        let json = r#"{"version":1,"profile":"coach-founder","colour":"red",
            "answers":{"core-flow-errors":"yes","nope":"yes","env-separation":"perhaps"},
            "screening":{"budget-tight":true},
            "gates":{"critical-api-p95":"yes"},
            "figures":{"critical_api_p95_ms":-4,"dashboard_load_s":"1.8 s","speed":1},
            "estimate":{"app_size":"huge","has_tests":"no","day_rate":"$900"}}"#;
        let d = from_storage_json(json).unwrap();
        assert_eq!(d.state.profile, "coach-founder");
        assert_eq!(d.state.answers.len(), 1);
        assert_eq!(d.state.inputs.get(Field::DashboardLoad), Some(1800));
        assert_eq!(d.state.inputs.get(Field::CriticalApiP95), None);
        assert_eq!(d.state.inputs.get(Field::DayRate), Some(900));
        assert_eq!(d.state.inputs.has_tests(), Some(false));
        let all = d.notices.join("\n");
        for want in [
            "unknown key \"colour\"",
            "answers: unknown question \"nope\"",
            "answers.env-separation: answer must be \"yes\", \"no\" or \"unsure\" (got \"perhaps\")",
            "screening.budget-tight: answer must be",
            "gates: unknown yes/no readiness gate \"critical-api-p95\"",
            "figures.critical_api_p95_ms: can't be negative",
            "figures: unknown key \"speed\"",
            "estimate.app_size: must be \"small\", \"medium\" or \"large\" (got \"huge\")",
        ] {
            assert!(all.contains(want), "missing {want:?} in\n{all}");
        }
    }

    #[test]
    fn strict_reader_names_the_first_problem() {
        let cases = [
            ("{}", "\"profile\" is required"),
            (
                r#"{"profile":"coach"}"#,
                "unknown profile \"coach\" (known: coach-founder, coach-agency",
            ),
            (
                r#"{"profile":"coach-founder","answers":{"bot-exposure":"yes"}}"#,
                "answers: \"bot-exposure\" is not on the coach-founder checklist",
            ),
            (
                r#"{"profile":"coach-founder","answers":{"ai-prompt-injection":"yes"}}"#,
                "set \"uses_ai\": true",
            ),
            (
                r#"{"profile":"full","figures":{"error_rate_percent":"lots"}}"#,
                "figures.error_rate_percent: enter a number, like 0.5",
            ),
            (
                r#"{"profile":"full","estimate":{"roles":2.5}}"#,
                "estimate.roles: must be a whole number",
            ),
            (
                r#"{"profile":"full","uses_ai":"yes"}"#,
                "\"uses_ai\" must be true or false",
            ),
            (
                r#"{"profile":"full","answers":[]}"#,
                "\"answers\" must be an object",
            ),
        ];
        for (json, want) in cases {
            let e = from_answers_json(json).unwrap_err();
            assert_eq!(e.kind, StateErrorKind::Invalid, "{json}");
            assert!(e.message.contains(want), "{json}: {}", e.message);
        }
        let ok = from_answers_json(
            r#"{"profile":"coach-founder","uses_ai":true,"answers":{"ai-prompt-injection":"no"}}"#,
        )
        .unwrap();
        assert_eq!(ok.answers["ai-prompt-injection"], Answer::No);
    }

    #[test]
    fn versions_size_and_shape_are_errors() {
        let cases = [
            (r#"{"version":2}"#, StateErrorKind::NewerVersion),
            (r#"{"version":0}"#, StateErrorKind::OldVersion),
            (r#"{"version":"1"}"#, StateErrorKind::Malformed),
            ("[1,2]", StateErrorKind::Malformed),
            ("{", StateErrorKind::Malformed),
            ("", StateErrorKind::Malformed),
        ];
        for (json, kind) in cases {
            assert_eq!(from_storage_json(json).unwrap_err().kind, kind, "{json}");
        }
        let big = format!("{{\"profile\":\"{}\"}}", "x".repeat(STORAGE_MAX_LEN));
        assert_eq!(
            from_storage_json(&big).unwrap_err().kind,
            StateErrorKind::TooLong
        );
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        assert_eq!(
            from_storage_json(&deep).unwrap_err().kind,
            StateErrorKind::Malformed
        );
    }
}
