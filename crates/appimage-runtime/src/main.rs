//! `chainbook-appimage-runtime`: the executable at the front of Chainbook's AppImage (see the
//! library's docs for the format and why it extracts instead of mounting).

use std::process::ExitCode;

fn main() -> ExitCode {
    // A panic (in our code or a library's, on a damaged image) becomes an error message and a
    // non-zero exit, like every other failure, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "{}: internal error: {info}",
            chainbook_appimage_runtime::run::NAME
        );
    }));
    let args: Vec<_> = std::env::args_os().collect();
    match std::panic::catch_unwind(|| chainbook_appimage_runtime::run::main(args)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("{}: {e}", chainbook_appimage_runtime::run::NAME);
            e.exit_code()
        }
        Err(_) => ExitCode::from(70),
    }
}
