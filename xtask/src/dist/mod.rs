//! `cargo xtask dist`: the installers. The `.deb` is made by the Tauri CLI's bundler from
//! `tauri.conf.json` at the repository root (beside the root `Cargo.toml`, which is also the
//! app's package: the bundler reads the name, version and binary from it); the `.AppImage` is
//! made from the `.deb`'s files by our own runtime and packer ([`appimage`]).
//!
//! On Linux: the `.deb`, then the `.AppImage`. The same config describes the `.msi` (Windows)
//! and `.dmg` (macOS); they are built on those systems (see README.md, Installers).
//!
//! The CLI ([`TAURI_CLI`]) is installed on first use under `target/tools/tauri-cli`, not as a
//! devDependency of `ui/`: its npm package lists one optional binary package per platform, the
//! registry here serves only this platform's, so the lock file could not name them all and
//! `npm ci` (the test set-up) refused it. `tauri bundle` packs the binary that
//! [`app::build`] made, without building again.
//!
//! Tauri's own AppImage target is not used: it downloads linuxdeploy and the AppImage runtime
//! from GitHub, unreachable here, and bundles WebKitGTK (see [`appimage`]).
//! - [`appimage`]: the AppDir from the `.deb`, packed with `crates/appimage-runtime`, and its
//!   check with a fresh `HOME`.

mod appimage;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cmd::{Cmd, Result, Workspace};
use crate::{app, app_bench, setup, ui};

/// The Tauri CLI's npm package, pinned to the `tauri` crate's version.
pub const TAURI_CLI: &str = "@tauri-apps/cli@2.12.5";

/// `cargo xtask dist [--check]`: both installers, then with `check` (root) the `.deb`'s
/// install check and the AppImage's start with a fresh `HOME`.
pub fn run(ws: &Workspace, check: bool) -> Result<ExitCode> {
    if std::env::consts::OS != "linux" {
        return Err(
            "dist builds the Linux installers; on Windows and macOS run the Tauri CLI's \
             `tauri bundle` (see README.md, Installers)"
                .into(),
        );
    }
    let deb = release_deb(ws)?;
    let image = appimage::build(ws, &deb)?;
    if check {
        install_check(ws, &deb)?;
        appimage::check(ws, &image)?;
    }
    print_sizes(&deb, &image)?;
    Ok(ExitCode::SUCCESS)
}

/// `cargo xtask test --slow`'s installer step (Linux): both installers built; as root the
/// `.deb` installed, started from its desktop entry and purged; the `.AppImage` started with
/// a fresh `HOME` (no root needed).
pub fn slow_check(ws: &Workspace) -> Result<()> {
    let deb = release_deb(ws)?;
    let image = appimage::build(ws, &deb)?;
    if is_root() {
        install_check(ws, &deb)?;
    } else {
        println!("not root: the .deb's install check (apt-get install) is skipped");
    }
    appimage::check(ws, &image)?;
    print_sizes(&deb, &image)
}

fn print_sizes(deb: &Path, image: &Path) -> Result<()> {
    println!("\ninstallers:");
    println!("  {}: {}", deb.display(), size(deb)?);
    println!("  {}: {}", image.display(), size(image)?);
    Ok(())
}

/// The `.AppImage` made from `deb` (see [`appimage`]); returns its path.
pub fn bundle_appimage(ws: &Workspace, deb: &Path) -> Result<PathBuf> {
    appimage::build(ws, deb)
}

/// Whether this process runs as root.
pub fn is_root() -> bool {
    Cmd::new("id").args(["-u"]).probe().as_deref() == Some("0")
}

/// The UI, the release app and its `.deb`, whose control fields are printed.
fn release_deb(ws: &Workspace) -> Result<PathBuf> {
    setup::system_packages(setup::Purpose::Build)?;
    setup::node()?;
    ui::install_deps(ws)?;
    ui::build(ws)?;
    app::build(ws, app::Profile::Release)?;
    let deb = bundle_deb(ws)?;
    Cmd::new("dpkg-deb").args(["--info"]).args([&deb]).run()?;
    Ok(deb)
}

/// A file's size as "5.8 MB (5806800 bytes)".
fn size(path: &Path) -> Result<String> {
    let bytes = std::fs::metadata(path)?.len();
    Ok(format!("{:.1} MB ({bytes} bytes)", bytes as f64 / 1e6))
}

/// Packages the release binary (built by [`app::build`] with [`app::Profile::Release`]) as a
/// `.deb`; returns its path (`target/release/bundle/deb/Chainbook_<version>_<arch>.deb`).
///
/// The bundler also marks the binary in place as coming from a `.deb` (for Tauri's updater), so
/// the binary in `target/release` is the one inside the package.
pub fn bundle_deb(ws: &Workspace) -> Result<PathBuf> {
    bundle(ws, "deb", ".deb")
}

/// `tauri bundle --bundles <kind>`; returns the one file ending in `ext` it wrote under
/// `target/release/bundle/<kind>/`.
fn bundle(ws: &Workspace, kind: &str, ext: &str) -> Result<PathBuf> {
    let cli = tauri_cli(ws)?;
    let out = ws.target.join("release").join("bundle").join(kind);
    // Only this run's package may be found below.
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    // The CLI finds tauri.conf.json in the folder it runs in; `--ci` never prompts.
    Cmd::new(&cli)
        .args(["bundle", "--bundles", kind, "--ci"])
        .dir(&ws.root)
        .run()?;
    let names: Vec<String> = std::fs::read_dir(&out)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let file = the_one(&names, ext).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(out.join(file))
}

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

/// The one file ending in `ext` among the file names of the bundler's output folder.
fn the_one<'a>(names: &'a [String], ext: &str) -> Result<&'a str, String> {
    let found: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| n.ends_with(ext))
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(format!("the bundler wrote no {ext}")),
        more => Err(format!("expected one {ext}, found {}", more.join(", "))),
    }
}

/// Installs `deb` with apt (which resolves its `Depends` from the archive), checks the desktop
/// entry and its icons, starts the app with the entry's `Exec` line until its first paint,
/// then purges the package whatever happened and checks none of its files is left.
fn install_check(ws: &Workspace, deb: &Path) -> Result<()> {
    if !is_root() {
        return Err("dist --check installs the package: run it as root".into());
    }
    if installed() {
        return Err(format!(
            "the package `{}` is already installed; remove it first (the check removes what \
             it installs)",
            app::PACKAGE
        )
        .into());
    }
    Cmd::new("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args([deb])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()?;
    let files: Vec<PathBuf> = Cmd::new("dpkg-query")
        .args(["-L", app::PACKAGE])
        .probe()
        .unwrap_or_default()
        .lines()
        .map(PathBuf::from)
        .collect();
    let data = ws.target.join("dist-check");
    let launched = (|| -> Result<(u64, f64)> {
        let entry = desktop_entry(&files)?;
        let text = std::fs::read_to_string(&entry)?;
        let exec = desktop_exec(&text)?;
        let icon = desktop_key(&text, "Icon").ok_or("the desktop entry has no Icon")?;
        check_icons(&files, &icon)?;
        let program = on_path(&exec[0]).ok_or_else(|| {
            format!(
                "{}: Exec={} is not on PATH",
                entry.display(),
                exec.join(" ")
            )
        })?;
        if data.exists() {
            std::fs::remove_dir_all(&data)?;
        }
        println!(
            "$ {} (from {}; data folder {})",
            program.display(),
            entry.display(),
            data.display()
        );
        app_bench::smoke(&program, &data)
    })();
    let removed = Cmd::new("dpkg").args(["--purge", app::PACKAGE]).run();
    let (startup_ms, rss_mb) = launched?;
    removed?;
    if installed() {
        return Err(format!("`{}` is still installed after dpkg --purge", app::PACKAGE).into());
    }
    let left: Vec<&PathBuf> = files.iter().filter(|f| f.is_file()).collect();
    if !left.is_empty() {
        return Err(format!("files left after dpkg --purge: {left:?}").into());
    }
    println!(
        "the installed app, started from its desktop entry, painted its first screen after \
         {startup_ms} ms (idle RSS {rss_mb:.0} MB); the package is purged and none of its {} \
         paths is left as a file",
        files.len()
    );
    Ok(())
}

/// Whether dpkg reports the app's package as installed.
fn installed() -> bool {
    Cmd::new("dpkg-query")
        .args(["-W", "-f=${Status}", app::PACKAGE])
        .probe()
        .is_some_and(|status| status.ends_with("install ok installed"))
}

/// The package's one desktop entry in the applications menu.
fn desktop_entry(files: &[PathBuf]) -> Result<PathBuf> {
    let entries: Vec<&PathBuf> = files
        .iter()
        .filter(|f| {
            f.starts_with("/usr/share/applications")
                && f.extension().is_some_and(|e| e == "desktop")
        })
        .collect();
    match entries.as_slice() {
        [one] => Ok((*one).clone()),
        other => Err(format!(
            "expected one desktop entry under /usr/share/applications, found {other:?}"
        )
        .into()),
    }
}

/// The icon as the desktop looks it up: `hicolor/<N>x<N>/apps/<icon>.png` for each size the
/// app ships (a folder such as `128x128@2` is not searched by every desktop).
fn check_icons(files: &[PathBuf], icon: &str) -> Result<()> {
    for size in [32, 128, 256, 512] {
        let path = PathBuf::from(format!(
            "/usr/share/icons/hicolor/{size}x{size}/apps/{icon}.png"
        ));
        if !files.contains(&path) || !path.is_file() {
            return Err(format!("the package does not install {}", path.display()).into());
        }
    }
    let odd: Vec<&PathBuf> = files
        .iter()
        .filter(|f| f.starts_with("/usr/share/icons") && f.to_string_lossy().contains('@'))
        .collect();
    if !odd.is_empty() {
        return Err(format!("icon folders desktops do not search: {odd:?}").into());
    }
    Ok(())
}

/// The value of `key` in the `[Desktop Entry]` group.
fn desktop_key(text: &str, key: &str) -> Option<String> {
    let mut in_entry = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_entry = line == "[Desktop Entry]";
        } else if in_entry {
            if let Some((k, v)) = line.split_once('=') {
                if k.trim() == key {
                    return Some(v.trim().to_owned());
                }
            }
        }
    }
    None
}

/// The command of a desktop entry's `Exec` key, split into words, without its field codes
/// (`%f`, `%U`, …: what a launcher substitutes with files or URLs; none are passed here).
fn desktop_exec(text: &str) -> Result<Vec<String>> {
    let exec = desktop_key(text, "Exec").ok_or("the desktop entry has no Exec")?;
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut chars = exec.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => word.extend(chars.next()),
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if quoted {
        return Err(format!("Exec={exec}: unclosed quote").into());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words.retain(|w| !(w.len() == 2 && w.starts_with('%')));
    if words.is_empty() {
        return Err(format!("Exec={exec} names no program").into());
    }
    Ok(words)
}

/// `program` as the launcher would find it: itself when it has a slash, else on `PATH`.
fn on_path(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        return Some(PathBuf::from(program)).filter(|p| p.is_file());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_the_one_package() {
        let deb = names(&["Chainbook_0.1.0_amd64", "Chainbook_0.1.0_amd64.deb"]);
        assert_eq!(the_one(&deb, ".deb"), Ok("Chainbook_0.1.0_amd64.deb"));
        assert!(the_one(&names(&["Chainbook_0.1.0_amd64"]), ".deb")
            .unwrap_err()
            .contains("no .deb"));
        assert!(the_one(&names(&["a.deb", "b.deb"]), ".deb")
            .unwrap_err()
            .contains("a.deb, b.deb"));
    }

    const ENTRY: &str = "[Desktop Entry]\nCategories=Office;\nExec=chainbook %U\nIcon=chainbook\n\
                         Name=Chainbook\nTerminal=false\nType=Application\n\n\
                         [Desktop Action New]\nExec=other\n";

    #[test]
    fn reads_the_desktop_entry_group_only() {
        assert_eq!(desktop_key(ENTRY, "Icon").as_deref(), Some("chainbook"));
        assert_eq!(desktop_key(ENTRY, "Exec").as_deref(), Some("chainbook %U"));
        assert_eq!(
            desktop_key("[Desktop Action New]\nExec=other\n", "Exec"),
            None
        );
    }

    #[test]
    fn exec_drops_field_codes_and_honours_quotes() {
        assert_eq!(desktop_exec(ENTRY).unwrap(), ["chainbook"]);
        let quoted = "[Desktop Entry]\nExec=\"/opt/Chain book/chainbook\" --x %f\n";
        assert_eq!(
            desktop_exec(quoted).unwrap(),
            ["/opt/Chain book/chainbook", "--x"]
        );
    }

    #[test]
    fn exec_refuses_what_it_cannot_run() {
        assert!(desktop_exec("[Desktop Entry]\nName=x\n")
            .unwrap_err()
            .to_string()
            .contains("no Exec"));
        assert!(desktop_exec("[Desktop Entry]\nExec=%U\n")
            .unwrap_err()
            .to_string()
            .contains("names no program"));
        assert!(desktop_exec("[Desktop Entry]\nExec=\"chainbook\n")
            .unwrap_err()
            .to_string()
            .contains("unclosed quote"));
    }

    #[test]
    fn icons_in_scaled_folders_are_refused() {
        let mut files: Vec<PathBuf> = Vec::new();
        assert!(check_icons(&files, "chainbook")
            .unwrap_err()
            .to_string()
            .contains("32x32"));
        files.push("/usr/share/icons/hicolor/128x128@2/apps/chainbook.png".into());
        assert!(check_icons(&files, "chainbook").is_err());
    }
}
