//! The worker's side of the page ↔ worker protocol (wasm only; see [`crate::protocol`]).
//!
//! The worker says `ready` once loaded, then compiles the rules; the page locks itself
//! only after `ready`, because no worker could be loaded later. A scan reads the dropped
//! files (synchronously: this is a worker), then advances a [`ScanJob`] in steps of
//! [`STEP_BYTES`], posting progress after each and yielding to the event loop so a
//! `cancel` message is seen between steps. The worker never fetches anything.
//!
//! A project job goes through four stages, each reported: **reading** (a zip inflated
//! in steps by the engine's `ZipReader`, or a folder's files read one by one, each
//! admitted by the engine's `TreeBuilder` first, so a skipped file is never read),
//! **detecting** (`Project::read`), **scanning** (the same stepped `ScanJob` as a
//! scan) and **assessing** (the evidence). The tree lives only as long as the job.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

use crate::protocol::{
    FromWorker, Input, Phase, ProjectResult, ToWorker, MAX_FILE_BYTES, STEP_BYTES,
};
use shipcheck_engine::project::archive::{looks_like_zip, ZipReader};
use shipcheck_engine::project::tree::{Admission, Tree, TreeBuilder};
use shipcheck_engine::project::Project;
use shipcheck_engine::scan::{Progress, ScanInput, ScanJob, ScanOptions, Scanner, Step};

/// The ids the page asked to cancel, and how many scan or project jobs are running.
#[derive(Default)]
struct Control {
    cancelled: Vec<u32>,
    /// The warm-up waits while this is not zero.
    running: u32,
}

/// Installs the message handler and tells the page the worker is ready.
///
/// "Ready" means loaded: from here on the worker needs no network, so the page can
/// lock itself at once. The rules are loaded just after; then, in idle time, the
/// scanner is warmed up ([`Scanner::warm_up`]: every rule regex compiled, the scan code
/// run once on the rules' examples), a few milliseconds per step, paused while a job
/// runs, so that a first scan does not pay for it. A scan that arrives meanwhile starts
/// after the current step and compiles what it needs itself.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let control = Rc::new(RefCell::new(Control::default()));
    let warm_control = control.clone();
    let handler = {
        let scope = scope.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            // `[json, files]`: see `crate::protocol`.
            let data: Array = ev.data().unchecked_into();
            let Some(msg) = data.get(0).as_string().and_then(|t| ToWorker::parse(&t)) else {
                return;
            };
            match msg {
                ToWorker::Scan { id, now, inputs } => {
                    control.borrow_mut().cancelled.retain(|c| *c > id);
                    let files: Array = data.get(1).dyn_into().unwrap_or_default();
                    let (scope, control) = (scope.clone(), control.clone());
                    control.borrow_mut().running += 1;
                    wasm_bindgen_futures::spawn_local(async move {
                        let scanner = Scanner::built_in();
                        let options = ScanOptions {
                            now,
                            ..ScanOptions::default()
                        };
                        let msg =
                            match scan(&scope, &scanner, &control, id, inputs, &files, options)
                                .await
                            {
                                Ok(msg) => msg,
                                Err(message) => FromWorker::Failed { id, message },
                            };
                        post(&scope, &msg);
                        control.borrow_mut().running -= 1;
                    });
                }
                ToWorker::Project { id, now, inputs } => {
                    control.borrow_mut().cancelled.retain(|c| *c > id);
                    let files: Array = data.get(1).dyn_into().unwrap_or_default();
                    let (scope, control) = (scope.clone(), control.clone());
                    control.borrow_mut().running += 1;
                    wasm_bindgen_futures::spawn_local(async move {
                        let options = ScanOptions {
                            now,
                            ..ScanOptions::default()
                        };
                        let msg = match project(&scope, &control, id, inputs, &files, options).await
                        {
                            Ok(msg) => msg,
                            Err(message) => FromWorker::Failed { id, message },
                        };
                        post(&scope, &msg);
                        control.borrow_mut().running -= 1;
                    });
                }
                ToWorker::Cancel { id } => control.borrow_mut().cancelled.push(id),
            }
        })
    };
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    post(&scope, &FromWorker::Ready);
    // Load the rules now, after the ready message has gone out, then warm up.
    wasm_bindgen_futures::spawn_local(async move {
        yield_now().await;
        let mut warm = Scanner::built_in().warm_up();
        loop {
            if warm_control.borrow().running > 0 {
                pause(WARM_UP_WAIT_MS).await;
                continue;
            }
            if !warm.step() {
                break;
            }
            yield_now().await;
        }
    });
}

/// How long the warm-up waits before looking again whether a job still runs.
const WARM_UP_WAIT_MS: i32 = 100;

async fn scan(
    scope: &DedicatedWorkerGlobalScope,
    scanner: &Scanner,
    control: &Rc<RefCell<Control>>,
    id: u32,
    requested: Vec<Input>,
    files: &Array,
    options: ScanOptions,
) -> Result<FromWorker, String> {
    let is_cancelled = || control.borrow().cancelled.contains(&id);

    // Read every input into the worker's memory, reporting progress as we go.
    let total: u64 = requested.iter().map(Input::size).sum();
    let files_total = requested.len();
    let mut inputs = Vec::with_capacity(files_total);
    let mut read = 0u64;
    let reader = FileReaderSync::new().map_err(|_| "this browser cannot read files in a worker")?;
    for (i, item) in requested.iter().enumerate() {
        let input = match (item.paste_input(), item) {
            (Some(paste), _) => paste,
            (None, Input::File { name, index, .. }) => {
                let blob: Blob = files
                    .get(*index)
                    .dyn_into()
                    .map_err(|_| format!("{name}: nothing to read"))?;
                // The page refuses files over MAX_FILE_BYTES before sending them.
                if blob.size() as u64 > MAX_FILE_BYTES {
                    return Err(format!("{name}: too large to scan in a browser tab"));
                }
                let buffer = reader
                    .read_as_array_buffer(&blob)
                    .map_err(|_| format!("{name}: the browser could not read this file"))?;
                ScanInput::new(name.clone(), Uint8Array::new(&buffer).to_vec())
            }
            (None, Input::Paste { .. }) => unreachable!("a paste always has its input"),
        };
        read += item.size();
        let progress = Progress {
            bytes_done: read,
            bytes_total: total,
            files_done: i + 1,
            files_total,
            findings_so_far: 0,
            current_file: input.name.clone(),
        };
        inputs.push(input);
        post(
            scope,
            &FromWorker::Progress {
                id,
                phase: Phase::Reading,
                progress,
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
            Step::Progress(progress) => post(
                scope,
                &FromWorker::Progress {
                    id,
                    phase: Phase::Scanning,
                    progress,
                },
            ),
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

/// Reads, detects, scans and answers one project, reporting each stage.
async fn project(
    scope: &DedicatedWorkerGlobalScope,
    control: &Rc<RefCell<Control>>,
    id: u32,
    requested: Vec<Input>,
    files: &Array,
    options: ScanOptions,
) -> Result<FromWorker, String> {
    let is_cancelled = || control.borrow().cancelled.contains(&id);
    let report = |phase: Phase, progress: Progress| {
        post(
            scope,
            &FromWorker::Progress {
                id,
                phase,
                progress,
            },
        )
    };
    let reader = FileReaderSync::new().map_err(|_| "this browser cannot read files in a worker")?;
    let read = |name: &str, index: u32| -> Result<Vec<u8>, String> {
        let blob: Blob = files
            .get(index)
            .dyn_into()
            .map_err(|_| format!("{name}: nothing to read"))?;
        let buffer = reader
            .read_as_array_buffer(&blob)
            .map_err(|_| format!("{name}: the browser could not read this file"))?;
        Ok(Uint8Array::new(&buffer).to_vec())
    };
    let listed: Vec<(&str, u32, u64)> = requested
        .iter()
        .filter_map(|i| match i {
            Input::File { name, index, size } => Some((name.as_str(), *index, *size)),
            Input::Paste { .. } => None,
        })
        .collect();

    // Reading: one zip, or a folder's files.
    let tree: Tree = match listed.as_slice() {
        [(name, index, size)] if *size <= MAX_FILE_BYTES => {
            let bytes = read(name, *index)?;
            if looks_like_zip(&bytes) {
                let mut zip = ZipReader::new(&bytes).map_err(|e| e.to_string())?;
                while let Some(p) = zip.step(STEP_BYTES) {
                    report(
                        Phase::Reading,
                        Progress {
                            bytes_done: p.bytes_done,
                            bytes_total: p.bytes_total,
                            files_done: p.entries_done,
                            files_total: p.entries_total,
                            findings_so_far: 0,
                            current_file: (*name).to_owned(),
                        },
                    );
                    yield_now().await;
                    if is_cancelled() {
                        return Ok(FromWorker::Cancelled { id });
                    }
                }
                zip.finish()
            } else {
                Tree::from_files(vec![((*name).to_owned(), bytes)])
            }
        }
        _ => {
            let total: u64 = listed.iter().map(|(_, _, size)| size).sum();
            let mut builder = TreeBuilder::default();
            let (mut done, mut since_report) = (0u64, 0u64);
            for (i, (name, index, size)) in listed.iter().enumerate() {
                if let Admission::Read { path, role } = builder.admit(name, *size) {
                    builder.keep(path, role, read(name, *index)?);
                }
                done += size;
                since_report += size;
                if since_report >= STEP_BYTES as u64 || i + 1 == listed.len() {
                    since_report = 0;
                    report(
                        Phase::Reading,
                        Progress {
                            bytes_done: done,
                            bytes_total: total,
                            files_done: i + 1,
                            files_total: listed.len(),
                            findings_so_far: 0,
                            current_file: (*name).to_owned(),
                        },
                    );
                    yield_now().await;
                    if is_cancelled() {
                        return Ok(FromWorker::Cancelled { id });
                    }
                }
            }
            builder.finish()
        }
    };

    // Detecting.
    let files_total = tree.files().len();
    let bytes_total = tree.bytes();
    let stage = |current_file: &str| Progress {
        bytes_done: 0,
        bytes_total,
        files_done: 0,
        files_total,
        findings_so_far: 0,
        current_file: current_file.to_owned(),
    };
    report(Phase::Detecting, stage(""));
    yield_now().await;
    if is_cancelled() {
        return Ok(FromWorker::Cancelled { id });
    }
    let project = Project::read(tree);

    // Scanning.
    let mut job: ScanJob = Scanner::built_in().job_with(project.scan_inputs(), options);
    loop {
        match job.step(STEP_BYTES) {
            Step::Done => break,
            Step::Progress(progress) => report(Phase::Scanning, progress),
        }
        yield_now().await;
        if is_cancelled() {
            return Ok(FromWorker::Cancelled { id });
        }
    }
    let scan = job.finish();

    // Assessing: the evidence here, the assessment on the page (it moves with every
    // answer the founder gives).
    report(Phase::Assessing, stage(""));
    yield_now().await;
    if is_cancelled() {
        return Ok(FromWorker::Cancelled { id });
    }
    Ok(FromWorker::Project {
        id,
        result: Box::new(ProjectResult::new(&project, scan)),
        memory_bytes: wasm_memory_bytes(),
    })
}

fn post(scope: &DedicatedWorkerGlobalScope, msg: &FromWorker) {
    let _ = scope.post_message(&JsValue::from_str(&msg.to_json()));
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

/// Resolves after `ms` milliseconds.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Lets the worker's event loop run (and deliver a `cancel`) before the next step.
///
/// Through a `MessageChannel` rather than `setTimeout(0)`: browsers clamp nested timers
/// to 4 ms, which at [`STEP_BYTES`] per step left the worker idle about 8 ms per MB
/// scanned, a fifth of a large scan (docs/performance.md). The timer stays as the
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
