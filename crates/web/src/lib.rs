//! The shipcheck web app: a Yew single-page app, its scan worker and the build-time
//! prerender, over the pure [`shipcheck_engine`].
//!
//! - [`ui`]: pages and components. They render engine results and send messages; every
//!   decision a page shows is made in the engine.
//! - [`protocol`]: the typed messages between the page and the scan worker.
//! - [`worker`]: the scan worker's loop (the `worker` binary is a one-line shim over it).
//!
//! Browser calls happen only in effects and callbacks, so every page also renders
//! natively (the prerender and `crates/web/tests/ssr.rs`).

pub mod protocol;
pub mod ui;
pub mod worker;
