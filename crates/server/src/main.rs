//! The `chainbook-server` binary: logs to stderr (`RUST_LOG` filters, `info` by default), then
//! runs the command line (see `chainbook_server::cli`).

use std::io::IsTerminal;

use clap::Parser;
use tracing_subscriber::EnvFilter;

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = chainbook_server::cli::Cli::parse();
    match chainbook_server::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chainbook-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
