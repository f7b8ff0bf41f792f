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

    /// A subcommand's arguments parsed, then run: `--help` prints its usage, bad usage
    /// and failures exit 2 with the command named.
    fn run<A>(
        name: &str,
        usage: &str,
        parsed: Result<Option<A>, String>,
        execute: fn(&A) -> Result<ExitCode, String>,
    ) -> ExitCode {
        let args = match parsed {
            Ok(Some(a)) => a,
            Ok(None) => {
                print!("{usage}");
                return ExitCode::SUCCESS;
            }
            Err(e) => {
                eprintln!("shipcheck {name}: {e}\n\n{usage}");
                return ExitCode::from(2);
            }
        };
        execute(&args).unwrap_or_else(|e| {
            eprintln!("shipcheck {name}: {e}");
            ExitCode::from(2)
        })
    }

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
            "check" => run(
                "check",
                super::check::USAGE,
                super::check::parse(args.collect()),
                super::check::execute,
            ),
            "scan" => run(
                "scan",
                super::scan::USAGE,
                super::scan::parse(args.collect()),
                super::scan::execute,
            ),
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
