//! The engine's scan fixtures (shared with its own tests) and the `shipcheck` binary
//! runner, which only this crate's tests can build.
#![allow(dead_code)] // each test binary uses part of it

use std::path::Path;
use std::process::{Command, Stdio};

#[path = "../../../engine/tests/scan_support/mod.rs"]
mod engine_fixtures;
pub use engine_fixtures::*;

/// Runs `shipcheck` in `cwd` with `args` and optional stdin: (exit code, stdout, stderr).
pub fn shipcheck(cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shipcheck"))
        .args(args)
        .current_dir(cwd)
        .env("SHIPCHECK_NOW", NOW.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut pipe = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            pipe.write_all(bytes).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
