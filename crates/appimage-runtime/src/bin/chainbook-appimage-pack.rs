//! `chainbook-appimage-pack <runtime> <AppDir> <out.AppImage>`: the packer as a command, which
//! `cargo xtask dist` runs (xtask itself stays on the standard library, so it builds before
//! anything else is installed). Prints the image's offset; exits non-zero with a message on
//! any error.

use std::path::PathBuf;
use std::process::ExitCode;

use chainbook_appimage_runtime::pack::pack;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [runtime, appdir, out] = args.as_slice() else {
        eprintln!("usage: chainbook-appimage-pack <runtime> <AppDir> <out.AppImage>");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(runtime) {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "chainbook-appimage-pack: reading {}: {e}",
                runtime.display()
            );
            return ExitCode::FAILURE;
        }
    };
    match pack(&bytes, appdir, out) {
        Ok(offset) => {
            println!(
                "{}: the runtime ({offset} bytes) and {} as a zstd squashfs image at offset {offset}",
                out.display(),
                appdir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("chainbook-appimage-pack: {e}");
            e.exit_code()
        }
    }
}
