//! shipcheck: launch-readiness checks for AI-built apps that run entirely in the
//! browser.
//!
//! The crate has two halves:
//! - [`engine`]: pure Rust (std, serde, regex, aho-corasick, toml). Scanning,
//!   rules, assessment, estimates and reports. Tested natively and shared by the web
//!   app, the scan worker and the `shipcheck` command-line tool.
//! - [`ui`]: the Yew web app. It renders engine state and sends messages; it holds no
//!   domain logic.
//!
//! # Example
//! ```
//! use shipcheck::engine::finding::Severity;
//! assert!(Severity::Critical > Severity::Low);
//! assert_eq!(Severity::parse("high"), Some(Severity::High));
//! ```

pub mod engine;
pub mod protocol;
pub mod ui;
pub mod worker;
