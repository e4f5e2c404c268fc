//! Set-up shared by `run` and `test`: the system packages the build (and the end-to-end
//! suite) need, and Node.js with npm for the front end.
//!
//! On Debian-based Linux missing packages are installed with apt-get when running as root;
//! otherwise the exact `sudo apt-get install ...` command is printed and the task stops.
//! On macOS and Windows the prerequisites are printed and the task carries on.

use crate::cmd::{Cmd, Result};

/// What the packages are for: building and running, or also the end-to-end suite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Build and run the app.
    Build,
    /// Also drive it under WebDriver in a virtual display, with screenshots.
    Test,
}

/// Debian packages needed to build and run the app (Tauri on WebKitGTK), plus a CJK font:
/// a minimal Debian has none, and the zh-CN UI (and its screenshots) would show empty boxes.
/// perl and make (in build-essential) build SQLCipher's vendored OpenSSL.
const BUILD_PACKAGES: &[&str] = &[
    "build-essential",
    "perl",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "fonts-wqy-microhei",
];
/// Extra Debian packages for the end-to-end suite (keyutils: a session keyring for the sync
/// sign-in test; dbus: `dbus-daemon`, a private session bus for the single-instance and
/// notification tests, as headless machines have none; dunst: a notification server on that
/// bus that prints what it shows).
const TEST_PACKAGES: &[&str] = &[
    "webkit2gtk-driver",
    "xvfb",
    "xauth",
    "imagemagick",
    "keyutils",
    "dbus",
    "dunst",
];

/// The oldest Node.js major version the front end's toolchain supports.
const NODE_MIN_MAJOR: u32 = 20;

/// The Debian packages for `purpose`.
pub fn packages(purpose: Purpose) -> Vec<&'static str> {
    let mut list = BUILD_PACKAGES.to_vec();
    if purpose == Purpose::Test {
        list.extend_from_slice(TEST_PACKAGES);
    }
    list
}

/// Makes sure the system packages are there (see the module docs for each platform).
pub fn system_packages(purpose: Purpose) -> Result<()> {
    match std::env::consts::OS {
        "linux" => linux_packages(&packages(purpose)),
        "macos" => {
            println!(
                "macOS: needs the Xcode command line tools (`xcode-select --install`) and \
                 Node.js {NODE_MIN_MAJOR}+ (https://nodejs.org or `brew install node`)."
            );
            if purpose == Purpose::Test {
                println!("macOS: tauri-driver has no WebDriver for WKWebView, so the end-to-end suite is skipped.");
            }
            Ok(())
        }
        "windows" => {
            println!(
                "Windows: needs the Microsoft C++ Build Tools (\"Desktop development with C++\"), \
                 Strawberry Perl (SQLCipher's vendored OpenSSL builds with it), \
                 the WebView2 runtime (preinstalled on Windows 10/11) and Node.js {NODE_MIN_MAJOR}+ \
                 (https://nodejs.org)."
            );
            if purpose == Purpose::Test {
                println!(
                    "Windows: the end-to-end suite also needs msedgedriver matching the installed \
                     WebView2 version on PATH (https://developer.microsoft.com/microsoft-edge/tools/webdriver/)."
                );
            }
            Ok(())
        }
        other => {
            println!("{other}: unknown platform, not checking system packages.");
            Ok(())
        }
    }
}

fn linux_packages(wanted: &[&str]) -> Result<()> {
    if Cmd::new("dpkg-query").arg_probe("--version").is_none() {
        println!(
            "Not a Debian-based system (no dpkg-query): make sure the equivalents of these \
             Debian packages are installed: {}",
            wanted.join(" ")
        );
        return Ok(());
    }
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|p| !is_installed(p))
        .collect();
    if missing.is_empty() {
        println!(
            "All {} system packages are installed: {}",
            wanted.len(),
            wanted.join(" ")
        );
        return Ok(());
    }
    println!("Missing system packages: {}", missing.join(" "));
    let install = ["install", "-y", "--no-install-recommends"];
    if !is_root() {
        return Err(format!(
            "install them first, then run this again:\n\n    sudo apt-get update && sudo apt-get install {} {}\n",
            install[1..].join(" "),
            missing.join(" ")
        )
        .into());
    }
    Cmd::new("apt-get")
        .args(["update"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()?;
    Cmd::new("apt-get")
        .args(install)
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()?;
    let still: Vec<&str> = missing.into_iter().filter(|p| !is_installed(p)).collect();
    if still.is_empty() {
        Ok(())
    } else {
        Err(format!("apt-get did not install: {}", still.join(" ")).into())
    }
}

/// Whether dpkg reports the package as installed.
fn is_installed(package: &str) -> bool {
    Cmd::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .probe()
        .is_some_and(|status| status.ends_with("install ok installed"))
}

fn is_root() -> bool {
    Cmd::new("id").args(["-u"]).probe().as_deref() == Some("0")
}

/// Checks that Node.js (20 or newer) and npm are on PATH.
pub fn node() -> Result<()> {
    let how = format!(
        "install Node.js {NODE_MIN_MAJOR} or newer with npm: https://nodejs.org/en/download \
         (on Debian/Ubuntu e.g. via https://github.com/nodesource/distributions, or nvm)"
    );
    let Some(version) = Cmd::new("node").arg_probe("--version") else {
        return Err(format!("Node.js (`node`) was not found on PATH; {how}").into());
    };
    let major = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok());
    match major {
        Some(m) if m >= NODE_MIN_MAJOR => {}
        _ => return Err(format!("Node.js {version} is too old; {how}").into()),
    }
    let Some(npm) = Cmd::npm().arg_probe("--version") else {
        return Err(format!("npm was not found on PATH (Node.js {version} is); {how}").into());
    };
    println!("Node.js {version}, npm {npm}");
    Ok(())
}

impl Cmd {
    /// `self <arg>` run as a probe (see [`Cmd::probe`]).
    fn arg_probe(self, arg: &str) -> Option<String> {
        self.args([arg]).probe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_packages_extend_build_packages() {
        let build = packages(Purpose::Build);
        let test = packages(Purpose::Test);
        assert!(build.contains(&"libwebkit2gtk-4.1-dev"));
        assert!(build.iter().all(|p| test.contains(p)));
        assert!(test.contains(&"webkit2gtk-driver") && test.contains(&"xvfb"));
        assert!(!build.contains(&"xvfb"));
    }
}
