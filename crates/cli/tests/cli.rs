//! The `shipcheck` command line: help, version, and clear errors with exit code 2.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn shipcheck(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_shipcheck"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn help_lists_the_commands() {
    for flag in ["--help", "-h", "help"] {
        let (code, out, _) = shipcheck(&[flag]);
        assert_eq!(code, 0, "{flag}");
        assert!(out.contains("Usage:"), "{flag}: {out}");
        assert!(
            out.contains("never opens a network connection"),
            "{flag}: {out}"
        );
    }
}

#[test]
fn version_matches_the_package() {
    let (code, out, _) = shipcheck(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("shipcheck {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn unknown_command_and_no_command_exit_2_with_usage() {
    let (code, _, err) = shipcheck(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown command \"frobnicate\""), "{err}");
    let (code, _, err) = shipcheck(&[]);
    assert_eq!(code, 2);
    assert!(err.contains("Usage:"), "{err}");
}
