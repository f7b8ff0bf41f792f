//! The page's side of the scan worker: spawning it, sending scans, routing answers.

use std::cell::RefCell;
use std::collections::BTreeMap;

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, File, MessageEvent, Worker};
use yew::Callback;

use crate::protocol::{FromWorker, Input, ToWorker};

thread_local! {
    static CLIENT: RefCell<Option<WorkerClient>> = const { RefCell::new(None) };
    static LISTENER: RefCell<Option<Callback<FromWorker>>> = const { RefCell::new(None) };
    /// Dropped and picked files by id: the state only holds names and sizes.
    static FILES: RefCell<BTreeMap<u32, (File, String)>> = const { RefCell::new(BTreeMap::new()) };
    static NEXT_FILE_ID: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
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
            let Some(msg) = ev.data().as_string().and_then(|t| FromWorker::parse(&t)) else {
                return;
            };
            if let FromWorker::Ready = msg {
                on_ready();
                return;
            }
            let listener = LISTENER.with(|l| l.borrow().clone());
            if let Some(listener) = listener {
                listener.emit(msg);
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
}

/// Where worker messages other than `ready` go (the app's scan reducer).
pub fn set_listener(listener: Callback<FromWorker>) {
    LISTENER.with(|l| *l.borrow_mut() = Some(listener));
}

/// Keeps a picked or dropped file, with the name it is shown and scanned under (its
/// folder path when a folder was dropped), until it is removed; returns its id. Ids
/// are never reused, so a stale id can never point at another file.
pub fn register_file(file: File, name: String) -> u32 {
    let id = NEXT_FILE_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    FILES.with(|f| f.borrow_mut().insert(id, (file, name)));
    id
}

pub fn forget_file(id: u32) {
    FILES.with(|f| f.borrow_mut().remove(&id));
}

/// Forgets every registered file but these (the ones still listed to scan).
pub fn keep_only_files(ids: &[u32]) {
    FILES.with(|f| f.borrow_mut().retain(|id, _| ids.contains(id)));
}

pub fn forget_all_files() {
    FILES.with(|f| f.borrow_mut().clear());
}

/// Sends a scan of the pasted text (if any, with its paste-kind id) and the files
/// with these ids. `Err` when the worker is not running.
pub fn send_scan(id: u32, paste: Option<(&str, &str)>, file_ids: &[u32]) -> Result<(), String> {
    let mut inputs = Vec::new();
    if let Some((kind, text)) = paste {
        inputs.push(Input::Paste {
            paste_kind: kind.into(),
            text: text.into(),
        });
    }
    let files = Array::new();
    FILES.with(|registry| {
        let registry = registry.borrow();
        for fid in file_ids {
            if let Some((file, name)) = registry.get(fid) {
                inputs.push(Input::File {
                    name: name.clone(),
                    index: files.length(),
                    size: file.size() as u64,
                });
                files.push(file);
            }
        }
    });
    let now = Some((js_sys::Date::now() / 1000.0).floor() as i64);
    post(&ToWorker::Scan { id, now, inputs }, &files)
}

/// Sends project job `id`: the files of a dropped folder with their paths, or one
/// zip. The `File`s travel by structured clone and are not kept here.
pub fn send_project(id: u32, dropped: &[(File, String)]) -> Result<(), String> {
    let files = Array::new();
    let inputs = dropped
        .iter()
        .map(|(file, name)| {
            let input = Input::File {
                name: name.clone(),
                index: files.length(),
                size: file.size() as u64,
            };
            files.push(file);
            input
        })
        .collect();
    let now = Some((js_sys::Date::now() / 1000.0).floor() as i64);
    post(&ToWorker::Project { id, now, inputs }, &files)
}

pub fn send_cancel(id: u32) -> Result<(), String> {
    post(&ToWorker::Cancel { id }, &Array::new())
}

/// Posts `[json, files]` (see [`crate::protocol`]).
fn post(msg: &ToWorker, files: &Array) -> Result<(), String> {
    let data = Array::of2(&JsValue::from_str(&msg.to_json()), files);
    CLIENT
        .with(|c| {
            c.borrow()
                .as_ref()
                .map(|client| client.worker.post_message(&data))
        })
        .ok_or_else(|| "the scan worker is not running".to_string())?
        .map_err(|e| format!("could not reach the scan worker: {e:?}"))
}

/// A file's name with its folder path when it came from a dropped or picked folder.
pub fn display_name(file: &File) -> String {
    let relative = Reflect::get(file, &"webkitRelativePath".into())
        .ok()
        .and_then(|v| v.as_string())
        .filter(|p| !p.is_empty());
    relative.unwrap_or_else(|| file.name())
}
