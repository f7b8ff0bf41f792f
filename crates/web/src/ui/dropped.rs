//! Reading what was dropped on the page: files, and whole folders walked through the
//! browser's file-system entries API (wasm only). Nothing is read here: only `File`
//! handles and their paths are collected; the worker reads the bytes.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DataTransfer, File};

use shipcheck_engine::scan::skip::{skipped_dir, MAX_FILES};

/// What a drop produced.
pub struct Dropped {
    pub files: Vec<(File, String)>,
    /// Folders skipped and files left out, in words for the founder.
    pub notes: Vec<String>,
}

struct Walk {
    files: Vec<(File, String)>,
    skipped_dirs: Vec<String>,
    truncated: bool,
    pending: usize,
    done: Option<Box<dyn FnOnce(Dropped)>>,
}

/// Collects every file of a drop, walking folders, then calls `done` once.
pub fn collect(dt: &DataTransfer, done: impl FnOnce(Dropped) + 'static) {
    let walk = Rc::new(RefCell::new(Walk {
        files: Vec::new(),
        skipped_dirs: Vec::new(),
        truncated: false,
        pending: 1,
        done: Some(Box::new(done)),
    }));
    let items = dt.items();
    let mut entries = Vec::new();
    for i in 0..items.length() {
        let Some(item) = items.get(i) else { continue };
        let entry = Reflect::get(&item, &"webkitGetAsEntry".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| f.call0(&item).ok())
            .filter(|e| !e.is_null() && !e.is_undefined());
        match entry {
            Some(e) => entries.push(e),
            None => {
                if let Ok(Some(file)) = item.get_as_file() {
                    let name = file.name();
                    walk.borrow_mut().files.push((file, name));
                }
            }
        }
    }
    // Without the entries API (or with none), fall back to the plain file list.
    if entries.is_empty() && walk.borrow().files.is_empty() {
        if let Some(list) = dt.files() {
            for i in 0..list.length() {
                if let Some(file) = list.get(i) {
                    let name = file.name();
                    walk.borrow_mut().files.push((file, name));
                }
            }
        }
    }
    for entry in entries {
        visit(&walk, entry);
    }
    finish_one(&walk);
}

fn prop_bool(v: &JsValue, key: &str) -> bool {
    Reflect::get(v, &key.into())
        .ok()
        .and_then(|b| b.as_bool())
        .unwrap_or(false)
}

fn prop_string(v: &JsValue, key: &str) -> String {
    Reflect::get(v, &key.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

fn call_method(target: &JsValue, name: &str, args: &Array) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(target, &name.into())?.dyn_into()?;
    f.apply(target, args)
}

fn visit(walk: &Rc<RefCell<Walk>>, entry: JsValue) {
    let path = prop_string(&entry, "fullPath")
        .trim_start_matches('/')
        .to_string();
    if prop_bool(&entry, "isDirectory") {
        // The engine's list, the one the command line's walk uses too.
        if skipped_dir(&path) {
            walk.borrow_mut().skipped_dirs.push(path);
            return;
        }
        if let Ok(reader) = call_method(&entry, "createReader", &Array::new()) {
            walk.borrow_mut().pending += 1;
            read_batch(walk.clone(), reader);
        }
    } else if prop_bool(&entry, "isFile") {
        if walk.borrow().files.len() >= MAX_FILES {
            walk.borrow_mut().truncated = true;
            return;
        }
        walk.borrow_mut().pending += 1;
        let on_file = {
            let walk = walk.clone();
            Closure::once_into_js(move |file: JsValue| {
                if let Ok(file) = file.dyn_into::<File>() {
                    let mut w = walk.borrow_mut();
                    if w.files.len() < MAX_FILES {
                        w.files.push((file, path));
                    } else {
                        w.truncated = true;
                    }
                }
                finish_one(&walk);
            })
        };
        let on_error = {
            let walk = walk.clone();
            Closure::once_into_js(move |_e: JsValue| finish_one(&walk))
        };
        if call_method(&entry, "file", &Array::of2(&on_file, &on_error)).is_err() {
            finish_one(walk);
        }
    }
}

/// `readEntries` returns a folder's entries in batches; call it until it returns none.
fn read_batch(walk: Rc<RefCell<Walk>>, reader: JsValue) {
    let on_batch = {
        let walk = walk.clone();
        let reader = reader.clone();
        Closure::once_into_js(move |batch: JsValue| {
            let batch: Array = batch.dyn_into().unwrap_or_default();
            if batch.length() == 0 {
                finish_one(&walk);
                return;
            }
            for entry in batch.iter() {
                visit(&walk, entry);
            }
            read_batch(walk, reader);
        })
    };
    let on_error = {
        let walk = walk.clone();
        Closure::once_into_js(move |_e: JsValue| finish_one(&walk))
    };
    if call_method(&reader, "readEntries", &Array::of2(&on_batch, &on_error)).is_err() {
        finish_one(&walk);
    }
}

fn finish_one(walk: &Rc<RefCell<Walk>>) {
    let done = {
        let mut w = walk.borrow_mut();
        w.pending = w.pending.saturating_sub(1);
        if w.pending > 0 {
            return;
        }
        w.done.take()
    };
    let Some(done) = done else { return };
    let mut w = walk.borrow_mut();
    let mut notes = Vec::new();
    if !w.skipped_dirs.is_empty() {
        notes.push(format!(
            "Skipped {} folder(s) of dependencies or tooling: {}.",
            w.skipped_dirs.len(),
            w.skipped_dirs.join(", ")
        ));
    }
    if w.truncated {
        notes.push(format!(
            "Only the first {MAX_FILES} files were added: drop a smaller folder for the rest."
        ));
    }
    let files = std::mem::take(&mut w.files);
    drop(w);
    done(Dropped { files, notes });
}
