//! Parsing and validating the assessment data. Every error names the file and the
//! entry, and says what is wrong, so a data edit that breaks something fails loudly
//! in `cargo test` with a message pointing at the line to fix.
//!
//! The data is written in TOML. `build.rs` checks its syntax and shape (`raw.rs`, which
//! it includes) and converts it to JSON; the built-in catalog is read from that JSON,
//! so the web app links `serde_json`, which it needs anyway, and no TOML parser. Both
//! forms deserialize into the same `raw.rs` structs and pass the same validation.

use std::collections::BTreeSet;

use serde::Deserialize;

mod numbers;
mod raw;
#[cfg(test)]
mod tests;

use numbers::{load_estimate, load_weights};
use raw::*;

use super::{Answer, DEFAULT_PROFILE};
use super::{
    Catalog, CatalogSources, DiyPlan, FindingGate, GateCase, GateDef, GateSource, Profile,
    ProfileQuestion, Question, RiskCategory, Rule, RuleCase, Screen, ScreenGroup, ScreenOutcome,
    SeedQuestion, SprintItem,
};
use crate::catalog::fields::{Field, Group};

/// Why catalog data was refused: which file, and what is wrong with which entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub file: &'static str,
    pub message: String,
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for CatalogError {}

type Result<T> = std::result::Result<T, CatalogError>;

fn err<T>(file: &'static str, message: impl Into<String>) -> Result<T> {
    Err(CatalogError {
        file,
        message: message.into(),
    })
}

fn ensure(cond: bool, file: &'static str, message: impl FnOnce() -> String) -> Result<()> {
    if cond {
        Ok(())
    } else {
        err(file, message())
    }
}

/// The text format catalog data comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// As written in `crates/engine/rules/assess/` (not in the wasm build).
    #[cfg(not(target_arch = "wasm32"))]
    Toml,
    /// As `build.rs` writes it.
    Json,
}

impl Format {
    /// Deserializes one file into its raw shape; the error names the file.
    fn decode<'de, T: Deserialize<'de>>(self, file: &'static str, text: &'de str) -> Result<T> {
        let parsed = match self {
            #[cfg(not(target_arch = "wasm32"))]
            Format::Toml => toml::from_str(text).map_err(|e| e.to_string()),
            Format::Json => serde_json::from_str(text).map_err(|e| e.to_string()),
        };
        parsed.map_err(|message| CatalogError {
            file,
            message: message.trim_end().to_string(),
        })
    }
}

const QUESTIONS: &str = "questions.toml";
const PROFILES: &str = "profiles.toml";
const SCREENING: &str = "screening.toml";
const READINESS: &str = "readiness.toml";
const WEIGHTS: &str = "weights.toml";
const ESTIMATE: &str = "estimate.toml";

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn key_char(file: &'static str, what: &str, key: &str) -> Result<char> {
    let mut chars = key.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphanumeric() => Ok(c),
        _ => err(
            file,
            format!("{what}: key must be one letter or digit (got {key:?})"),
        ),
    }
}

fn yes_no(file: &'static str, what: &str, s: &str) -> Result<Answer> {
    match s {
        "yes" => Ok(Answer::Yes),
        "no" => Ok(Answer::No),
        _ => err(
            file,
            format!("{what}: risky_answer must be \"yes\" or \"no\" (got {s:?})"),
        ),
    }
}

fn unique<'a>(file: &'static str, kind: &str, items: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen = BTreeSet::new();
    for id in items {
        if !seen.insert(id) {
            return err(file, format!("duplicate {kind} {id:?}"));
        }
    }
    Ok(())
}

// ------------------------------------------------------------------ loading

/// Parses the six files, each in `format`, and validates them together.
pub(super) fn parse(format: Format, src: CatalogSources<'_>) -> Result<Catalog> {
    let (sprint_items, mut questions) = load_questions(format.decode(QUESTIONS, src.questions)?)?;
    let profiles = load_profiles(format.decode(PROFILES, src.profiles)?, &mut questions)?;
    let seeds: BTreeSet<u8> = profiles.iter().filter_map(|p| p.seed).collect();
    let (screen_groups, screening) =
        load_screening(format.decode(SCREENING, src.screening)?, &seeds)?;
    let gates = load_gates(format.decode(READINESS, src.readiness)?, &questions)?;
    let weights = load_weights(format.decode(WEIGHTS, src.weights)?)?;
    let estimate = load_estimate(format.decode(ESTIMATE, src.estimate)?)?;
    Ok(Catalog {
        questions,
        profiles,
        screening,
        screen_groups,
        gates,
        sprint_items,
        weights,
        estimate,
    })
}

fn load_questions(raw: QuestionsFile) -> Result<(Vec<SprintItem>, Vec<Question>)> {
    let f = QUESTIONS;
    unique(
        f,
        "sprint item",
        raw.sprint_item.iter().map(|s| s.id.as_str()),
    )?;
    let mut items = Vec::new();
    for s in raw.sprint_item {
        ensure(is_kebab(&s.id), f, || {
            format!("sprint item {:?}: id must be kebab-case", s.id)
        })?;
        ensure(!s.label.trim().is_empty(), f, || {
            format!("sprint item {:?}: empty label", s.id)
        })?;
        items.push(SprintItem {
            id: s.id,
            label: s.label,
        });
    }
    ensure(!raw.question.is_empty(), f, || "no [[question]]".into())?;
    unique(f, "question id", raw.question.iter().map(|q| q.id.as_str()))?;
    unique(
        f,
        "question key",
        raw.question.iter().map(|q| q.key.as_str()),
    )?;
    let mut out = Vec::new();
    for q in raw.question {
        let what = format!("question {:?}", q.id);
        ensure(is_kebab(&q.id), f, || {
            format!("{what}: id must be kebab-case")
        })?;
        let key = key_char(f, &what, &q.key)?;
        let risky_answer = yes_no(f, &what, &q.risky_answer)?;
        let category = RiskCategory::parse(&q.category).ok_or_else(|| CatalogError {
            file: f,
            message: format!("{what}: unknown category {:?}", q.category),
        })?;
        ensure(!q.sprint_items.is_empty(), f, || {
            format!("{what}: needs at least one sprint item")
        })?;
        for s in &q.sprint_items {
            ensure(items.iter().any(|i| &i.id == s), f, || {
                format!("{what}: unknown sprint item {s:?}")
            })?;
        }
        for (name, v) in [("likelihood", q.likelihood), ("impact", q.impact)] {
            ensure((1..=9).contains(&v), f, || {
                format!("{what}: {name} must be 1..=9 (got {v})")
            })?;
        }
        ensure(q.diy_miss_percent <= 95, f, || {
            format!("{what}: diy_miss_percent must be 0..=95")
        })?;
        ensure(q.diy_hours <= 200, f, || {
            format!("{what}: diy_hours must be 0..=200")
        })?;
        for (name, v) in [("text", &q.text), ("money", &q.money), ("fix", &q.fix)] {
            ensure(!v.trim().is_empty(), f, || format!("{what}: empty {name}"))?;
        }
        out.push(Question {
            id: q.id,
            key,
            text: q.text,
            risky_answer,
            category,
            sprint_items: q.sprint_items,
            likelihood: q.likelihood,
            impact: q.impact,
            money: q.money,
            fix: q.fix,
            diy_hours: q.diy_hours,
            diy_miss_percent: q.diy_miss_percent,
            ai_add_on: q.ai_add_on,
            asked_by: Vec::new(),
        });
    }
    Ok((items, out))
}

fn load_profiles(raw: ProfilesFile, questions: &mut [Question]) -> Result<Vec<Profile>> {
    let f = PROFILES;
    unique(f, "profile id", raw.profile.iter().map(|p| p.id.as_str()))?;
    unique(
        f,
        "profile code",
        raw.profile.iter().map(|p| p.code.as_str()),
    )?;
    let mut seeds = BTreeSet::new();
    let mut out = Vec::new();
    for p in raw.profile {
        let what = format!("profile {:?}", p.id);
        ensure(is_kebab(&p.id), f, || {
            format!("{what}: id must be kebab-case")
        })?;
        let code = key_char(f, &what, &p.code)?;
        let is_full = p.id == DEFAULT_PROFILE;
        match (p.seed, is_full) {
            (Some(_), true) => return err(f, format!("{what}: `full` has no seed")),
            (None, false) => return err(f, format!("{what}: needs a seed number")),
            (Some(s), false) => ensure(seeds.insert(s), f, || {
                format!("{what}: seed {s} is used twice")
            })?,
            (None, true) => {}
        }
        ensure(is_full == p.question.is_empty(), f, || {
            if is_full {
                format!("{what}: `full` asks every canonical question; list none")
            } else {
                format!("{what}: needs its seed's [[profile.question]] entries")
            }
        })?;
        let mut pqs = Vec::new();
        unique(
            f,
            &format!("question in {what}"),
            p.question.iter().map(|q| q.id.as_str()),
        )?;
        for (i, q) in p.question.into_iter().enumerate() {
            let number = i as u32 + 1;
            let qwhat = format!("{what} question {number}");
            let risky_answer = yes_no(f, &qwhat, &q.risky_answer)?;
            ensure(!q.text.trim().is_empty(), f, || {
                format!("{qwhat}: empty text")
            })?;
            let Some(canon) = questions.iter_mut().find(|c| c.id == q.id) else {
                return err(f, format!("{qwhat}: unknown question id {:?}", q.id));
            };
            canon.asked_by.push(SeedQuestion {
                seed: p.seed.unwrap_or_default(),
                profile: p.id.clone(),
                number,
            });
            pqs.push(ProfileQuestion {
                id: q.id,
                text: q.text,
                risky_answer,
            });
        }
        let rule = load_rule(&what, &p.rule, pqs.len() as u32, is_full)?;
        ensure(!p.diy_plan.is_empty(), f, || {
            format!("{what}: empty diy_plan")
        })?;
        for (name, v) in [
            ("founder", &p.founder),
            ("description", &p.description),
            ("rule_text", &p.rule_text),
        ] {
            ensure(!v.trim().is_empty(), f, || format!("{what}: empty {name}"))?;
        }
        let mut cases = Vec::new();
        for c in p.case {
            ensure(c.expect == "sprint" || c.expect == "diy", f, || {
                format!(
                    "{what}: case expect must be \"sprint\" or \"diy\" (got {:?})",
                    c.expect
                )
            })?;
            cases.push(RuleCase {
                risky: c.risky,
                unsure: c.unsure,
                expect: c.expect,
            });
        }
        out.push(Profile {
            id: p.id,
            code,
            seed: p.seed,
            founder: p.founder,
            description: p.description,
            rule,
            rule_text: p.rule_text,
            diy: DiyPlan {
                intro: p.diy_intro,
                steps: p.diy_plan,
                note: p.diy_note,
            },
            questions: pqs,
            cases,
        });
    }
    ensure(out.iter().any(|p| p.id == DEFAULT_PROFILE), f, || {
        format!("missing the {DEFAULT_PROFILE:?} profile")
    })?;
    // Every question is asked by a seed, or is an AI add-on.
    for q in questions.iter() {
        ensure(!q.asked_by.is_empty() || q.ai_add_on, QUESTIONS, || {
            format!(
                "question {:?} is asked by no seed and is not an ai_add_on",
                q.id
            )
        })?;
    }
    // `full` asks every question a seed asks, in canonical order and wording.
    let full_questions: Vec<ProfileQuestion> = questions
        .iter()
        .filter(|q| !q.asked_by.is_empty())
        .map(|q| ProfileQuestion {
            id: q.id.clone(),
            text: q.text.clone(),
            risky_answer: q.risky_answer,
        })
        .collect();
    for p in out.iter_mut().filter(|p| p.id == DEFAULT_PROFILE) {
        p.questions = full_questions.clone();
    }
    for p in &out {
        let n = p.questions.len() as u32;
        for c in &p.cases {
            for &num in c.risky.iter().chain(&c.unsure) {
                ensure((1..=n).contains(&num), f, || {
                    format!(
                        "profile {:?}: case names question {num}, which it does not have",
                        p.id
                    )
                })?;
            }
        }
        // Scan findings land in data exposure: every checklist must have that category.
        ensure(
            p.questions.iter().any(|pq| {
                questions
                    .iter()
                    .any(|q| q.id == pq.id && q.category == RiskCategory::DataExposure)
            }),
            f,
            || format!("profile {:?} asks no data-exposure question", p.id),
        )?;
    }
    Ok(out)
}

fn load_rule(what: &str, r: &RawRule, questions: u32, is_full: bool) -> Result<Rule> {
    let f = PROFILES;
    match (r.at_least, r.score_at_least) {
        (Some(count), None) => {
            let [first, last] = r.among.unwrap_or([1, questions.max(1)]);
            ensure(!is_full, f, || {
                format!("{what}: `full` uses score_at_least")
            })?;
            ensure(1 <= first && first <= last && last <= questions, f, || {
                format!("{what}: rule among [{first}, {last}] is outside questions 1..={questions}")
            })?;
            ensure(1 <= count && count <= last - first + 1, f, || {
                format!("{what}: rule at_least {count} can never or always fire")
            })?;
            Ok(Rule::AtLeast { count, first, last })
        }
        (None, Some(score)) => {
            ensure(r.among.is_none(), f, || {
                format!("{what}: among needs at_least")
            })?;
            ensure((1..=100).contains(&score), f, || {
                format!("{what}: score_at_least must be 1..=100")
            })?;
            Ok(Rule::ScoreAtLeast { score })
        }
        _ => err(
            f,
            format!("{what}: rule needs exactly one of at_least or score_at_least"),
        ),
    }
}

fn load_screening(
    raw: ScreeningFile,
    seeds: &BTreeSet<u8>,
) -> Result<(Vec<ScreenGroup>, Vec<Screen>)> {
    let f = SCREENING;
    // Groups and screens share the `screening` map of a state and the fragment's
    // `s` section: their ids and keys must be distinct across both.
    let ids = raw.group.iter().map(|g| g.id.as_str());
    unique(
        f,
        "screening id",
        ids.chain(raw.screen.iter().map(|s| s.id.as_str())),
    )?;
    let keys = raw.group.iter().map(|g| g.key.as_str());
    unique(
        f,
        "screening key",
        keys.chain(raw.screen.iter().map(|s| s.key.as_str())),
    )?;
    let mut groups = Vec::new();
    for g in &raw.group {
        let what = format!("group {:?}", g.id);
        ensure(is_kebab(&g.id), f, || {
            format!("{what}: id must be kebab-case")
        })?;
        ensure(!g.text.trim().is_empty(), f, || {
            format!("{what}: empty text")
        })?;
        groups.push(ScreenGroup {
            id: g.id.clone(),
            key: key_char(f, &what, &g.key)?,
            text: g.text.clone(),
            screens: raw
                .screen
                .iter()
                .filter(|s| s.group == g.id)
                .map(|s| s.id.clone())
                .collect(),
        });
    }
    let mut out = Vec::new();
    for s in raw.screen {
        let what = format!("screen {:?}", s.id);
        ensure(is_kebab(&s.id), f, || {
            format!("{what}: id must be kebab-case")
        })?;
        ensure(groups.iter().any(|g| g.id == s.group), f, || {
            format!("{what}: unknown group {:?}", s.group)
        })?;
        let key = key_char(f, &what, &s.key)?;
        let outcome = match s.outcome.as_str() {
            "not-a-rescue-case" => ScreenOutcome::NotARescueCase,
            "diy" => ScreenOutcome::Diy,
            other => return err(f, format!("{what}: unknown outcome {other:?}")),
        };
        ensure(!s.seeds.is_empty(), f, || {
            format!("{what}: name the seeds that ask it")
        })?;
        for seed in &s.seeds {
            ensure(seeds.contains(seed), f, || {
                format!("{what}: unknown seed {seed}")
            })?;
        }
        for (name, v) in [("text", &s.text), ("instead", &s.instead)] {
            ensure(!v.trim().is_empty(), f, || format!("{what}: empty {name}"))?;
        }
        out.push(Screen {
            id: s.id,
            key,
            group: s.group,
            text: s.text,
            seeds: s.seeds,
            outcome,
            instead: s.instead,
        });
    }
    for g in &groups {
        ensure(!g.screens.is_empty(), f, || {
            format!("group {:?} asks no screen", g.id)
        })?;
    }
    Ok((groups, out))
}

fn load_gates(raw: ReadinessFile, questions: &[Question]) -> Result<Vec<GateDef>> {
    let f = READINESS;
    unique(f, "gate id", raw.gate.iter().map(|g| g.id.as_str()))?;
    unique(f, "gate key", raw.gate.iter().map(|g| g.key.as_str()))?;
    let mut out = Vec::new();
    for g in raw.gate {
        let what = format!("gate {:?}", g.id);
        ensure(is_kebab(&g.id), f, || {
            format!("{what}: id must be kebab-case")
        })?;
        let key = key_char(f, &what, &g.key)?;
        let source = match (&g.figure, g.below) {
            (Some(fig), Some(below)) => {
                ensure(g.questions.is_empty() && g.findings.is_none(), f, || {
                    format!("{what}: a figure gate takes no questions or findings")
                })?;
                let figure = Field::from_id(fig)
                    .filter(|fld| fld.group() == Group::Figures)
                    .ok_or_else(|| CatalogError {
                        file: f,
                        message: format!("{what}: unknown figure {fig:?}"),
                    })?;
                ensure(below > 0, f, || format!("{what}: below must be positive"))?;
                GateSource::Figure { figure, below }
            }
            (None, None) => {
                for q in &g.questions {
                    ensure(questions.iter().any(|c| &c.id == q), f, || {
                        format!("{what}: unknown question {q:?}")
                    })?;
                }
                let findings = match g.findings.as_deref() {
                    None => None,
                    Some("live-secret") => Some(FindingGate::LiveSecret),
                    Some("cors") => Some(FindingGate::Cors),
                    Some(other) => return err(f, format!("{what}: unknown findings {other:?}")),
                };
                GateSource::Answers {
                    questions: g.questions.clone(),
                    findings,
                }
            }
            _ => return err(f, format!("{what}: figure and below go together")),
        };
        let mut cases = Vec::new();
        for c in g.cases {
            ensure(
                ["pass", "fail", "unknown"].contains(&c.expect.as_str()),
                f,
                || format!("{what}: case expect must be pass, fail or unknown"),
            )?;
            if let Some(r) = &c.risk {
                ensure(
                    ["risky", "safe", "unsure", "unanswered"].contains(&r.as_str()),
                    f,
                    || format!("{what}: case risk must be risky, safe, unsure or unanswered"),
                )?;
            }
            cases.push(GateCase {
                risk: c.risk,
                value: c.value,
                expect: c.expect,
            });
        }
        for (name, v) in [("label", &g.label), ("target", &g.target)] {
            ensure(!v.trim().is_empty(), f, || format!("{what}: empty {name}"))?;
        }
        out.push(GateDef {
            id: g.id,
            key,
            label: g.label,
            target: g.target,
            blocker: g.blocker,
            source,
            cases,
        });
    }
    Ok(out)
}
