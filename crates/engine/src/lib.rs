//! The pure core of shipcheck: scanning, rules, assessment, estimates and reports.
//!
//! This crate depends on no browser crate (no `yew`, `web-sys`, `gloo`, `js-sys` or
//! `wasm-bindgen` in its `Cargo.toml`), so the compiler keeps it testable natively,
//! and the web app, its scan worker and the `shipcheck` command-line tool share it
//! unchanged.
//!
//! # Example
//! ```
//! use shipcheck_engine::finding::Severity;
//! assert!(Severity::Critical > Severity::Low);
//! assert_eq!(Severity::parse("high"), Some(Severity::High));
//! ```

pub mod assess;
pub mod catalog;
pub mod estimate;
pub mod finding;
pub mod project;
pub mod report;
pub mod scan;
pub mod state;
