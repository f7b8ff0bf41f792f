//! The page's side of the scan worker: spawning it and routing its messages.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

thread_local! {
    static CLIENT: RefCell<Option<WorkerClient>> = const { RefCell::new(None) };
}

/// The one scan worker of this page. It is spawned before the page locks itself, and
/// kept for the page's lifetime: a new worker could not be loaded after the lock.
pub struct WorkerClient {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl WorkerClient {
    /// Spawns the worker from `url`. `on_ready` runs once the worker says it is
    /// ready; `on_fail` runs with a reason if it fails to load.
    pub fn spawn(
        url: &str,
        on_ready: impl Fn() + 'static,
        on_fail: impl Fn(String) + 'static,
    ) -> Result<(), String> {
        let worker =
            Worker::new(url).map_err(|e| format!("could not start the scan worker: {e:?}"))?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            if let Some(text) = ev.data().as_string() {
                if text.contains("\"type\":\"ready\"") {
                    on_ready();
                }
            }
        });
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
            on_fail(format!("the scan worker failed to load: {}", ev.message()));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        CLIENT.with(|c| {
            *c.borrow_mut() = Some(WorkerClient {
                worker,
                _on_message: on_message,
                _on_error: on_error,
            })
        });
        Ok(())
    }

    /// Runs `f` with the page's worker, if it was spawned.
    pub fn with<R>(f: impl FnOnce(&Worker) -> R) -> Option<R> {
        CLIENT.with(|c| c.borrow().as_ref().map(|client| f(&client.worker)))
    }
}
