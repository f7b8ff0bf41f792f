//! `shipcheck`: the command-line face of the engine the web app runs in the browser.
//!
//! This file only parses the command line and dispatches; each subcommand lives in
//! its own module and calls into `shipcheck_engine`.

#[cfg(not(target_arch = "wasm32"))]
mod assess;
#[cfg(not(target_arch = "wasm32"))]
mod check;
#[cfg(not(target_arch = "wasm32"))]
mod scan;

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::process::ExitCode;

    pub const USAGE: &str = "\
shipcheck — launch-readiness checks for AI-built apps

Usage:
  shipcheck <command> [options]

Commands:
  assess      Founder checklist, verdict, risk score, readiness and estimate
  check       Answer the checklist from a project folder or zip (see check --help)
  scan        Find leaked secrets and CORS mistakes in files (see scan --help)
  help        Show this help (also: --help, -h)
  version     Show the version (also: --version, -V)

Everything runs locally: shipcheck never opens a network connection.
Run `shipcheck <command> --help` for a command's options.
";

    pub fn main() -> ExitCode {
        let mut args = std::env::args_os().skip(1);
        let Some(first) = args.next() else {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        };
        match first.to_string_lossy().as_ref() {
            "help" | "--help" | "-h" => {
                print!("{USAGE}");
                ExitCode::SUCCESS
            }
            "assess" => super::assess::main(args),
            "check" => super::check::run(args.collect()),
            "scan" => super::scan::run(args.collect()),
            "version" | "--version" | "-V" => {
                println!("shipcheck {}", env!("CARGO_PKG_VERSION"));
                ExitCode::SUCCESS
            }
            other => {
                eprintln!("shipcheck: unknown command {other:?}\n\n{USAGE}");
                ExitCode::from(2)
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
