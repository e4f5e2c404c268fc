//! Building the desktop app (package `chainbook`: the root `Cargo.toml`, sources in
//! `src-tauri/`) and launching it; the installers are [`crate::dist`]'s.
//!
//! Debug builds embed the built UI from `ui/build` without extra features (there is no dev
//! server); release builds need the `tauri/custom-protocol` feature for that.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cmd::{Cmd, Result, Workspace};

/// The app's package and binary name.
pub const PACKAGE: &str = "chainbook";
/// The app's identifier in `tauri.conf.json`, which names its folders (data, logs) on Linux.
pub const IDENTIFIER: &str = "com.chainbook.desktop";

/// Which cargo profile to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// `target/debug`, fast to build.
    Debug,
    /// `target/release`, optimised, with the UI embedded through `tauri/custom-protocol`.
    Release,
}

/// Builds the app and returns the absolute path of its binary.
pub fn build(ws: &Workspace, profile: Profile) -> Result<PathBuf> {
    let (args, dir): (&[&str], _) = match profile {
        Profile::Debug => (&["build", "-p", PACKAGE], "debug"),
        Profile::Release => (
            &[
                "build",
                "-p",
                PACKAGE,
                "--release",
                "--features",
                "tauri/custom-protocol",
            ],
            "release",
        ),
    };
    ws.cargo(args).run()?;
    let binary = ws
        .target
        .join(dir)
        .join(format!("{PACKAGE}{}", std::env::consts::EXE_SUFFIX));
    if !binary.is_file() {
        return Err(format!("the build did not produce {}", binary.display()).into());
    }
    Ok(binary)
}

/// Runs the app in the foreground and returns its exit code as ours.
pub fn launch(binary: &Path, args: &[String]) -> Result<ExitCode> {
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        println!(
            "warning: neither DISPLAY nor WAYLAND_DISPLAY is set; on a headless machine try \
             `xvfb-run -a {}`",
            binary.display()
        );
    }
    let status = Cmd::new(binary).args(args).status()?;
    Ok(exit_code(status))
}

/// The exit code to pass through: the app's own, or 128 + signal number if it was killed.
fn exit_code(status: std::process::ExitStatus) -> ExitCode {
    if let Some(code) = status.code() {
        return ExitCode::from(u8::try_from(code & 0xff).unwrap_or(1));
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return ExitCode::from(u8::try_from(128 + signal).unwrap_or(1));
        }
    }
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_identifier_is_the_configs() {
        let ws = Workspace::locate().unwrap();
        let conf = std::fs::read_to_string(ws.root.join("tauri.conf.json")).unwrap();
        assert!(
            conf.contains(&format!("\"identifier\": \"{IDENTIFIER}\"")),
            "tauri.conf.json's identifier is not {IDENTIFIER}"
        );
    }
}
