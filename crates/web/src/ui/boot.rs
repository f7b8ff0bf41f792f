//! Booting the page: start the scan worker, then lock the page so that it can make
//! no further request of any kind.
//!
//! The lock is a second Content-Security-Policy `<meta>` appended to `<head>` once
//! the app's wasm and the worker are loaded. A page's policies all apply at once, so
//! the second one can only take permissions away: after it, `fetch`, XHR, WebSocket,
//! beacons, images, scripts, frames and new workers from this page are refused by the
//! browser itself. The already-running worker keeps working; it never fetches.

use yew::Callback;

/// Where the page is in its boot sequence, shown in the header and the landing page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrivacyStatus {
    /// Loading the scan worker; the page is not locked yet.
    Booting,
    /// Locked: no further request is possible.
    Locked,
    /// The page is locked, but the scan worker failed to start (scans are unavailable).
    LockedWithoutWorker(String),
}

/// The policy appended once booted. It only ever narrows the page's first policy.
pub const LOCK_POLICY: &str = "default-src 'none'; connect-src 'none'; script-src 'none'; \
worker-src 'none'; img-src data: blob:; style-src 'self'; form-action 'none'; base-uri 'none'";

/// The URL of the worker's loader, emitted by Trunk (`data-loader-shim`).
pub const WORKER_URL: &str = "/worker_loader.js";

/// How long to wait for the worker before locking without it.
pub const WORKER_TIMEOUT_MS: u32 = 15_000;

/// Sets the document title (a no-op outside the browser).
pub fn set_title(title: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = title;
}

/// Starts the scan worker and locks the page when it is ready (or failed, or timed
/// out: privacy comes first). Reports each status change through `on_status`.
pub fn start(on_status: Callback<PrivacyStatus>) {
    #[cfg(target_arch = "wasm32")]
    browser::start(on_status);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = on_status;
}

/// Appends the lock policy to the page (browser only). Idempotent.
#[cfg(target_arch = "wasm32")]
pub fn lock_page() {
    browser::lock_page()
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use std::cell::RefCell;
    use std::rc::Rc;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use yew::Callback;

    use super::{PrivacyStatus, LOCK_POLICY, WORKER_TIMEOUT_MS, WORKER_URL};
    use crate::ui::worker_client::WorkerClient;

    pub fn start(on_status: Callback<PrivacyStatus>) {
        on_status.emit(PrivacyStatus::Booting);
        // `done` makes sure only the first of ready / error / timeout locks the page.
        let done = Rc::new(RefCell::new(false));
        let finish = {
            let done = done.clone();
            move |status: PrivacyStatus| {
                if std::mem::replace(&mut *done.borrow_mut(), true) {
                    return;
                }
                lock_page();
                on_status.emit(status);
            }
        };
        let finish = Rc::new(finish);

        let on_ready = {
            let finish = finish.clone();
            move || finish(PrivacyStatus::Locked)
        };
        let on_fail = {
            let finish = finish.clone();
            move |why: String| finish(PrivacyStatus::LockedWithoutWorker(why))
        };
        if let Err(why) = WorkerClient::spawn(WORKER_URL, on_ready, on_fail.clone()) {
            on_fail(why);
            return;
        }
        let timeout = Closure::once_into_js(move || {
            finish(PrivacyStatus::LockedWithoutWorker(
                "the scan worker did not start in time".into(),
            ))
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                timeout.unchecked_ref(),
                WORKER_TIMEOUT_MS as i32,
            );
        }
    }

    /// Appends the lock policy. Idempotent: a second call finds the marker and stops.
    pub fn lock_page() {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if doc
            .query_selector("meta[data-shipcheck-lock]")
            .ok()
            .flatten()
            .is_some()
        {
            return;
        }
        let (Some(head), Ok(meta)) = (doc.head(), doc.create_element("meta")) else {
            return;
        };
        let _ = meta.set_attribute("http-equiv", "Content-Security-Policy");
        let _ = meta.set_attribute("content", LOCK_POLICY);
        let _ = meta.set_attribute("data-shipcheck-lock", "");
        let _ = head.append_child(&meta);
        let _ = doc
            .document_element()
            .map(|e| e.set_attribute("data-locked", "true"));
    }
}
