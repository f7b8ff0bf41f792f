//! The Yew web app. Components render engine state and send messages; derived
//! numbers come from [`shipcheck_engine`], never from arithmetic inside `html!`.
//!
//! Browser-only work (spawning the scan worker, locking the page, storage) happens
//! in effects and callbacks, which server-side rendering never runs, so every
//! component here also renders natively in tests (`crates/web/tests/ssr.rs`).

pub mod app;
pub mod boot;
pub mod components;
pub mod download;
pub mod dropped;
pub mod pages;
pub mod persist;
pub mod prerender;
pub mod project_state;
pub mod routes;
pub mod scan_state;
pub mod state;
pub mod worker_client;
