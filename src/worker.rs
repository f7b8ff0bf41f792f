//! The worker's side of the page ↔ worker protocol (wasm only).
//!
//! The worker announces itself with `{"type":"ready"}` once its wasm is loaded; the
//! page locks itself only after that, because a worker could not be loaded later.

use wasm_bindgen::JsCast;
use web_sys::DedicatedWorkerGlobalScope;

/// Installs the message handler and tells the page the worker is ready.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let _ = scope.post_message(&"{\"type\":\"ready\"}".into());
}
