//! The pure core of shipcheck: scanning, rules, assessment, estimates and reports.
//!
//! Nothing in this module touches a browser API (no `yew`, `web_sys`, `gloo`,
//! `js_sys` or `wasm_bindgen`; `tests/engine_purity.rs` fails if one appears), so all
//! of it is tested natively with `cargo test` and shared, unchanged, by the web app,
//! the scan worker and the `shipcheck` command-line tool.

pub mod assess;
pub mod config;
pub mod estimate;
pub mod finding;
pub mod report;
pub mod rules;
pub mod scan;
pub mod state;
