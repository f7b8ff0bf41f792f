//! The worker's side of the page ↔ worker protocol (wasm only; see [`crate::protocol`]).
//!
//! The worker compiles the rules once, then says `ready`; the page locks itself only
//! after that, because no worker could be loaded later. A scan reads the dropped
//! files (synchronously: this is a worker), then advances a [`ScanJob`] in steps of
//! [`STEP_BYTES`], posting progress after each and yielding to the event loop so a
//! `cancel` message is seen between steps. The worker never fetches anything.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

use crate::protocol::{FromWorker, Phase, MAX_FILE_BYTES, STEP_BYTES};
use shipcheck_engine::scan::{ScanInput, ScanJob, ScanOptions, Scanner, Step};

/// The scan being run and the ids the page asked to cancel.
#[derive(Default)]
struct Control {
    cancelled: Vec<u32>,
}

/// Installs the message handler and tells the page the worker is ready.
///
/// "Ready" means loaded: from here on the worker needs no network, so the page can
/// lock itself at once. The rules are compiled just after (a second or two in wasm);
/// a scan that arrives meanwhile simply starts when they are.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let control = Rc::new(RefCell::new(Control::default()));
    let handler = {
        let scope = scope.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let data = ev.data();
            let kind = get_string(&data, "type").unwrap_or_default();
            let id = get_f64(&data, "id").unwrap_or(0.0) as u32;
            match kind.as_str() {
                "scan" => {
                    control.borrow_mut().cancelled.retain(|c| *c > id);
                    let (scope, control) = (scope.clone(), control.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        let scanner = Scanner::built_in();
                        let msg = match scan(&scope, &scanner, &control, id, &data).await {
                            Ok(msg) => msg,
                            Err(message) => FromWorker::Failed { id, message },
                        };
                        post(&scope, &msg);
                    });
                }
                "cancel" => control.borrow_mut().cancelled.push(id),
                _ => {}
            }
        })
    };
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    post(&scope, &FromWorker::Ready);
    // Compile the rules now, after the ready message has gone out.
    wasm_bindgen_futures::spawn_local(async {
        yield_now().await;
        let _ = Scanner::built_in();
    });
}

async fn scan(
    scope: &DedicatedWorkerGlobalScope,
    scanner: &Scanner,
    control: &Rc<RefCell<Control>>,
    id: u32,
    data: &JsValue,
) -> Result<FromWorker, String> {
    let is_cancelled = || control.borrow().cancelled.contains(&id);
    let items: Array = Reflect::get(data, &"inputs".into())
        .ok()
        .and_then(|v| v.dyn_into().ok())
        .ok_or("the scan request has no inputs")?;
    let options = ScanOptions {
        now: get_f64(data, "now").map(|n| n as i64),
        cors_hint: get_string(data, "cors_hint"),
        ..ScanOptions::default()
    };

    // Read every input into the worker's memory, reporting progress as we go.
    let total: u64 = items.iter().map(|item| input_size(&item)).sum();
    let mut inputs = Vec::with_capacity(items.length() as usize);
    let mut read = 0u64;
    let reader = FileReaderSync::new().map_err(|_| "this browser cannot read files in a worker")?;
    for (i, item) in items.iter().enumerate() {
        let name = get_string(&item, "name").unwrap_or_else(|| format!("input {}", i + 1));
        let bytes = if let Some(text) = get_string(&item, "text") {
            text.into_bytes()
        } else {
            let blob: Blob = Reflect::get(&item, &"file".into())
                .ok()
                .and_then(|v| v.dyn_into().ok())
                .ok_or_else(|| format!("{name}: nothing to read"))?;
            // The page refuses files over MAX_FILE_BYTES before sending them.
            if blob.size() as u64 > MAX_FILE_BYTES {
                return Err(format!("{name}: too large to scan in a browser tab"));
            }
            let buffer = reader
                .read_as_array_buffer(&blob)
                .map_err(|_| format!("{name}: the browser could not read this file"))?;
            Uint8Array::new(&buffer).to_vec()
        };
        read += input_size(&item);
        inputs.push(ScanInput::new(name.clone(), bytes));
        post(
            scope,
            &FromWorker::Progress {
                id,
                phase: Phase::Reading,
                bytes_done: read,
                bytes_total: total,
                files_done: i + 1,
                files_total: items.length() as usize,
                findings: 0,
                file: name,
            },
        );
        yield_now().await;
        if is_cancelled() {
            return Ok(FromWorker::Cancelled { id });
        }
    }

    let mut job: ScanJob = scanner.job_with(inputs, options);
    loop {
        match job.step(STEP_BYTES) {
            Step::Done => break,
            Step::Progress(p) => {
                post(
                    scope,
                    &FromWorker::Progress {
                        id,
                        phase: Phase::Scanning,
                        bytes_done: p.bytes_done,
                        bytes_total: p.bytes_total,
                        files_done: p.files_done,
                        files_total: p.files_total,
                        findings: p.findings_so_far,
                        file: p.current_file,
                    },
                );
            }
        }
        yield_now().await;
        if is_cancelled() {
            return Ok(FromWorker::Cancelled { id });
        }
    }
    let report = Box::new(job.finish());
    Ok(FromWorker::Done {
        id,
        report,
        memory_bytes: wasm_memory_bytes(),
    })
}

/// The size of one input as the page described it (a file's size or a text's length).
fn input_size(item: &JsValue) -> u64 {
    if let Some(text) = get_string(item, "text") {
        return text.len() as u64;
    }
    Reflect::get(item, &"file".into())
        .ok()
        .and_then(|v| v.dyn_into::<Blob>().ok())
        .map(|b| b.size() as u64)
        .unwrap_or(0)
}

fn post(scope: &DedicatedWorkerGlobalScope, msg: &FromWorker) {
    let _ = scope.post_message(&JsValue::from_str(&msg.to_json()));
}

fn get_string(obj: &JsValue, key: &str) -> Option<String> {
    Reflect::get(obj, &key.into())
        .ok()
        .and_then(|v| v.as_string())
}

fn get_f64(obj: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(obj, &key.into()).ok().and_then(|v| v.as_f64())
}

/// The size of this worker's wasm linear memory.
fn wasm_memory_bytes() -> u64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .unchecked_into::<js_sys::ArrayBuffer>()
                .byte_length() as u64
        })
        .unwrap_or(0)
}

/// Lets the worker's event loop run (and deliver a `cancel`) before the next step.
///
/// Through a `MessageChannel` rather than `setTimeout(0)`: browsers clamp nested timers
/// to 4 ms, which at [`STEP_BYTES`] per step left the worker idle about 8 ms per MB
/// scanned, a fifth of a large scan (README, "Performance"). The timer stays as the
/// fallback should a channel be unavailable.
async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Ok(channel) = web_sys::MessageChannel::new() {
            channel.port1().set_onmessage(Some(resolve.unchecked_ref()));
            if channel.port2().post_message(&JsValue::NULL).is_ok() {
                return;
            }
        }
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
