//! The end-to-end suite (crate `chainbook-e2e` in `tests/`): installs tauri-driver into
//! `target/tools`, provides a display, and runs the suite against the built app.
//!
//! The suite finds everything through the environment: `CHAINBOOK_APP` (the app binary),
//! `TAURI_DRIVER` (tauri-driver) and, on Linux, `DISPLAY`.

use std::path::PathBuf;

use crate::app;
use crate::cmd::{Cmd, Result, Workspace};
use crate::display::Xvfb;

/// The end-to-end test crate's package name.
pub const PACKAGE: &str = "chainbook-e2e";
/// The tauri-driver version the suite is written against.
const DRIVER_VERSION: &str = "2.1.0";

/// Why the suite cannot run on this platform, if it cannot.
pub fn unsupported_here() -> Option<&'static str> {
    match std::env::consts::OS {
        "linux" | "windows" => None,
        "macos" => Some("tauri-driver has no WebDriver for macOS' WKWebView"),
        _ => Some("tauri-driver supports only Linux and Windows"),
    }
}

/// Where `cargo install --root` puts tauri-driver.
fn tools_root(ws: &Workspace) -> PathBuf {
    ws.target.join("tools")
}

fn driver_path(ws: &Workspace) -> PathBuf {
    tools_root(ws)
        .join("bin")
        .join(format!("tauri-driver{}", std::env::consts::EXE_SUFFIX))
}

/// Installs tauri-driver into `target/tools` unless it is already there; returns its path.
pub fn install_driver(ws: &Workspace) -> Result<PathBuf> {
    let driver = driver_path(ws);
    if driver.is_file() {
        println!("tauri-driver is installed: {}", driver.display());
        return Ok(driver);
    }
    let root = tools_root(ws);
    ws.cargo(&[
        "install",
        "tauri-driver",
        "--version",
        DRIVER_VERSION,
        "--locked",
        "--root",
    ])
    .args([&root])
    .run()?;
    if !driver.is_file() {
        return Err(format!("cargo install did not produce {}", driver.display()).into());
    }
    Ok(driver)
}

/// Runs the suite, one test at a time, inside a private Xvfb when there is no display.
///
/// Expects the app to be built already (a step of its own in `cargo xtask test`).
pub fn run(ws: &Workspace) -> Result<()> {
    let app =
        ws.target
            .join("debug")
            .join(format!("{}{}", app::PACKAGE, std::env::consts::EXE_SUFFIX));
    if !app.is_file() {
        return Err(format!("{} is missing: build the app first", app.display()).into());
    }
    let driver = install_driver(ws)?;
    // The suite writes under <root>/target (it knows only its own manifest folder). Start
    // from an empty folder so that no screenshot from an earlier run can be mistaken for
    // this one's.
    let shots = ws.root.join("target").join("e2e-screenshots");
    if shots.exists() {
        std::fs::remove_dir_all(&shots)?;
    }

    // Kept alive until the tests are done; dropping it stops Xvfb, also on failure.
    let mut xvfb = None;
    let display = match std::env::var("DISPLAY") {
        Ok(display) if !display.is_empty() => Some(display),
        _ if cfg!(target_os = "linux") => {
            let started = Xvfb::start(&ws.target.join("e2e-logs").join("xvfb.log"))?;
            let display = started.display().to_string();
            xvfb = Some(started);
            Some(display)
        }
        _ => None,
    };

    let test = ["test", "-p", PACKAGE, "--", "--test-threads=1"];
    // The sync sign-in test keeps its token in the kernel keyring, which a plain shell cannot
    // write (TOOLCHAIN.md): with keyutils, the suite runs in a session keyring of its own, so
    // that test runs in full instead of stopping at the "no keychain" message.
    let mut cmd = if Cmd::new("keyctl")
        .args(["session", "-", "true"])
        .probe()
        .is_some()
    {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut args: Vec<std::ffi::OsString> = vec!["session".into(), "-".into(), cargo];
        args.extend(test.iter().map(|a| std::ffi::OsString::from(*a)));
        Cmd::new("keyctl").args(args).dir(&ws.root)
    } else {
        ws.cargo(&test)
    }
    .env("CHAINBOOK_APP", &app)
    .env("TAURI_DRIVER", &driver);
    if let Some(display) = &display {
        cmd = cmd.env("DISPLAY", display);
    }
    let outcome = cmd.run();
    drop(xvfb);
    outcome?;
    println!("Screenshots: {}", shots.display());
    Ok(())
}
