//! Every built-in data file, loaded and validated in one place: the bottom of the
//! engine.
//!
//! The data lives in `crates/engine/rules/` (TOML, reviewed like code) and
//! `operator.toml` at the repository root. Each loader here checks its file when it
//! loads — unknown keys, wrong types, dangling references and each rule's own true and
//! false examples — and refuses it with the file and the reason. `scan`, `state`,
//! `estimate` and `assess` read their data from here; this module imports none of them
//! (only the shared vocabulary in [`crate::finding`]), which
//! `crates/engine/tests/architecture.rs` checks.
//!
//! - [`secrets`]: secret-detection rules (`rules/secrets/*.toml`).
//! - [`cors`]: CORS misconfiguration classes (`rules/cors.toml`).
//! - [`access`]: database access classes and their words (`rules/access.toml`).
//! - [`assess`]: checklist questions, profiles, screening, readiness gates, risk
//!   weights and estimate parameters (`rules/assess/*.toml`).
//! - [`project`]: what a dropped project is read for: technologies of the stack, the
//!   evidence detectors' code patterns, and the evidence items that are not questions
//!   (`rules/project/*.toml`).
//! - [`glossary`]: engineering words a founder meets, defined in plain words
//!   (`rules/glossary.toml`).
//! - [`fields`]: every input a founder types or picks (figures and estimate inputs).
//! - [`operator`]: what the consultant deploying shipcheck sets (`operator.toml`).

pub mod access;
pub mod assess;
pub mod cors;
pub mod fields;
pub mod glossary;
pub mod operator;
pub mod project;
pub mod secrets;
