//! Building the desktop app (package `chainbook`), launching it, and packaging the release
//! build as a Debian package.
//!
//! Debug builds embed the built UI from `ui/build` without extra features (there is no dev
//! server); release builds need the `tauri/custom-protocol` feature for that. Packaging uses the
//! Tauri CLI (`@tauri-apps/cli` [`TAURI_CLI`], installed on first use under `target/tools/`)
//! with `src-tauri/tauri.conf.json`: `tauri bundle` packs the binary that [`build`] made, without
//! building again. The CLI is not a devDependency of `ui/`: its npm package lists one optional
//! binary package per platform, the registry mirror here serves only this platform's, so the
//! lock file could not name them all and `npm ci` (the test set-up) refused it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cmd::{Cmd, Result, Workspace};
use crate::{app_bench, setup, ui};

/// The app's package and binary name.
pub const PACKAGE: &str = "chainbook";

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

/// `cargo xtask bundle [--check]`: the UI, the release app and its `.deb`; with `check`, also
/// installs the package with apt (which resolves its `Depends` from the archive), starts the
/// installed `/usr/bin/chainbook` until its first paint, and removes the package again.
pub fn bundle(ws: &Workspace, check: bool) -> Result<ExitCode> {
    setup::system_packages(setup::Purpose::Build)?;
    setup::node()?;
    ui::install_deps(ws)?;
    ui::build(ws)?;
    build(ws, Profile::Release)?;
    let deb = bundle_deb(ws)?;
    let bytes = std::fs::metadata(&deb)?.len();
    Cmd::new("dpkg-deb").args(["--info"]).args([&deb]).run()?;
    println!(
        "{}: {:.1} MB ({bytes} bytes)",
        deb.display(),
        bytes as f64 / 1e6
    );
    if check {
        install_check(ws, &deb)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Installs `deb`, launches the installed app once, and removes the package whatever happened.
fn install_check(ws: &Workspace, deb: &Path) -> Result<()> {
    if Cmd::new("id").args(["-u"]).probe().as_deref() != Some("0") {
        return Err("bundle --check installs the package: run it as root".into());
    }
    let installed = Cmd::new("dpkg-query")
        .args(["-W", "-f=${Status}", PACKAGE])
        .probe()
        .is_some_and(|status| status.ends_with("install ok installed"));
    if installed {
        return Err(format!(
            "the package `{PACKAGE}` is already installed; remove it first (the check removes \
             what it installs)"
        )
        .into());
    }
    Cmd::new("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args([deb])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()?;
    let data = ws.target.join("bundle-check");
    let launched = (|| -> Result<(u64, f64)> {
        if data.exists() {
            std::fs::remove_dir_all(&data)?;
        }
        let binary = Path::new("/usr/bin").join(PACKAGE);
        println!("$ {} (data folder {})", binary.display(), data.display());
        app_bench::smoke(&binary, &data)
    })();
    let removed = Cmd::new("dpkg").args(["--remove", PACKAGE]).run();
    let (startup_ms, rss_mb) = launched?;
    removed?;
    println!(
        "the installed app painted its first screen after {startup_ms} ms (idle RSS {rss_mb:.0} \
         MB) and the package is removed again"
    );
    Ok(())
}

/// Packages the release binary (built by [`build`] with [`Profile::Release`]) as a `.deb` with
/// `tauri bundle --bundles deb`; returns the package's path
/// (`target/release/bundle/deb/Chainbook_<version>_<arch>.deb`). Linux only.
///
/// The bundler also marks the binary in place as coming from a `.deb` (for Tauri's updater), so
/// the binary in `target/release` is the one inside the package.
pub fn bundle_deb(ws: &Workspace) -> Result<PathBuf> {
    if std::env::consts::OS != "linux" {
        return Err("only the Debian package is set up so far (Linux)".into());
    }
    let cli = tauri_cli(ws)?;
    let out = ws.target.join("release").join("bundle").join("deb");
    // Only this run's package may be found below.
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    // The CLI finds src-tauri/tauri.conf.json from the workspace root; `--ci` never prompts.
    Cmd::new(&cli)
        .args(["bundle", "--bundles", "deb", "--ci"])
        .dir(&ws.root)
        .run()?;
    let names: Vec<String> = std::fs::read_dir(&out)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let deb = the_deb(&names).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(out.join(deb))
}

/// The Tauri CLI's npm package, pinned to the `tauri` crate's version.
pub const TAURI_CLI: &str = "@tauri-apps/cli@2.12.5";

/// The Tauri CLI under `target/tools/tauri-cli`, installed with npm when missing.
fn tauri_cli(ws: &Workspace) -> Result<PathBuf> {
    let dir = ws.target.join("tools").join("tauri-cli");
    let cli = dir.join("node_modules").join(".bin").join("tauri");
    let version = dir.join("installed-version");
    if cli.is_file() && std::fs::read_to_string(&version).ok().as_deref() == Some(TAURI_CLI) {
        return Ok(cli);
    }
    std::fs::create_dir_all(&dir)?;
    println!(
        "installing the Tauri CLI ({TAURI_CLI}) into {}",
        dir.display()
    );
    Cmd::npm()
        .args([
            "install".as_ref(),
            "--no-save".as_ref(),
            "--no-package-lock".as_ref(),
            "--prefix".as_ref(),
            dir.as_os_str(),
            TAURI_CLI.as_ref(),
        ])
        .run()?;
    if !cli.is_file() {
        return Err(format!("npm installed {TAURI_CLI} but {} is missing", cli.display()).into());
    }
    std::fs::write(&version, TAURI_CLI)?;
    Ok(cli)
}

/// The one `.deb` among the file names of the bundler's output folder.
fn the_deb(names: &[String]) -> Result<&str, String> {
    let debs: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| n.ends_with(".deb"))
        .collect();
    match debs.as_slice() {
        [one] => Ok(one),
        [] => Err("the bundler wrote no .deb".into()),
        more => Err(format!("expected one .deb, found {}", more.join(", "))),
    }
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
    fn finds_the_one_deb() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            the_deb(&names(&[
                "Chainbook_0.1.0_amd64",
                "Chainbook_0.1.0_amd64.deb"
            ])),
            Ok("Chainbook_0.1.0_amd64.deb")
        );
        assert!(the_deb(&names(&["Chainbook_0.1.0_amd64"]))
            .unwrap_err()
            .contains("no .deb"));
        assert!(the_deb(&names(&["a.deb", "b.deb"]))
            .unwrap_err()
            .contains("a.deb, b.deb"));
    }
}
