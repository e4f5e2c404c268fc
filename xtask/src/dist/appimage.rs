//! The `.AppImage`, made without Tauri's AppImage bundler: that bundler downloads linuxdeploy,
//! its GTK plugin and the AppImage runtime from GitHub on first use, which the build machines
//! cannot reach, and no Debian, PyPI or npm package ships them. It would also bundle GTK and
//! WebKitGTK (70+ MB AppImages); ours, like the `.deb`, uses the system's WebKitGTK 4.1.
//!
//! The AppDir is the `.deb`'s files (`dpkg-deb -x`: the same release binary, desktop entry and
//! icons) plus what the AppImage specification wants at its root: `AppRun`, the desktop entry
//! `chainbook.desktop`, the icon `chainbook.png` and `.DirIcon`. The runtime and the packer are
//! the workspace's own `crates/appimage-runtime`, built here in release and run as commands
//! (this crate stays on the standard library).

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};

use super::{desktop_exec, desktop_key, size};
use crate::app;
use crate::app_bench;
use crate::cmd::{Cmd, Result, Workspace};

/// The runtime's package, whose two binaries are the runtime and the packer.
const RUNTIME_PACKAGE: &str = "chainbook-appimage-runtime";
const PACKER: &str = "chainbook-appimage-pack";
/// The AppDir's folder under `target/release/bundle/appimage/`.
const APPDIR: &str = "Chainbook.AppDir";
/// The icon size copied to the AppDir's root (the largest the desktop entry's icon has that
/// launchers show at full size).
const ROOT_ICON_SIZE: &str = "256x256";

/// `AppRun`: starts the app inside the AppDir (wherever the runtime put it) with the arguments
/// given. `exec`, so the app keeps the runtime's process id (signals, the single-instance
/// check and the benchmarks see the app itself).
const APPRUN: &str = "#!/bin/sh\n\
# Chainbook's AppRun: the app of this AppDir, with the arguments given.\n\
here=\"$(dirname \"$(readlink -f \"$0\")\")\"\n\
exec \"$here/usr/bin/chainbook\" \"$@\"\n";

/// Builds the runtime and packer, lays out the AppDir from `deb` and writes
/// `target/release/bundle/appimage/<the .deb's name>.AppImage`
/// (`Chainbook_<version>_<arch>.AppImage`); returns its path.
pub fn build(ws: &Workspace, deb: &Path) -> Result<PathBuf> {
    ws.cargo(&["build", "-p", RUNTIME_PACKAGE, "--release", "--bins"])
        .run()?;
    let release = ws.target.join("release");
    let out = release.join("bundle").join("appimage");
    if out.exists() {
        fs::remove_dir_all(&out)?;
    }
    fs::create_dir_all(&out)?;
    let appdir = out.join(APPDIR);
    Cmd::new("dpkg-deb")
        .args(["-x".as_ref(), deb.as_os_str(), appdir.as_os_str()])
        .run()?;
    lay_out(&appdir)?;
    let name = deb
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".deb"))
        .ok_or_else(|| format!("{}: not a .deb file name", deb.display()))?;
    let image = out.join(format!("{name}.AppImage"));
    let runtime = release.join(RUNTIME_PACKAGE);
    Cmd::new(release.join(PACKER))
        .args([runtime.as_os_str(), appdir.as_os_str(), image.as_os_str()])
        .run()?;
    println!(
        "AppImage runtime {}: {}",
        runtime.display(),
        size(&runtime)?
    );
    Ok(image)
}

/// Adds the AppImage's root entries to the `.deb`'s files in `appdir`, after checking the
/// desktop entry starts `chainbook` and names an icon the package installs.
fn lay_out(appdir: &Path) -> Result<()> {
    let binary = appdir.join("usr/bin").join(app::PACKAGE);
    if !binary.is_file() {
        return Err(format!("the .deb has no {}", binary.display()).into());
    }
    let apps = appdir.join("usr/share/applications");
    let entries: Vec<PathBuf> = fs::read_dir(&apps)?
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "desktop"))
        .collect();
    let [entry] = entries.as_slice() else {
        return Err(format!(
            "expected one desktop entry in {}, found {entries:?}",
            apps.display()
        )
        .into());
    };
    let text = fs::read_to_string(entry)?;
    let exec = desktop_exec(&text)?;
    if exec != [app::PACKAGE] {
        return Err(format!(
            "{}: Exec={exec:?}, expected {}",
            entry.display(),
            app::PACKAGE
        )
        .into());
    }
    let icon = desktop_key(&text, "Icon").ok_or("the desktop entry has no Icon")?;
    let icon_file = appdir
        .join("usr/share/icons/hicolor")
        .join(ROOT_ICON_SIZE)
        .join("apps")
        .join(format!("{icon}.png"));
    if !icon_file.is_file() {
        return Err(format!("the .deb has no {}", icon_file.display()).into());
    }
    // The entry under the name the spec's tools expect (`<app>.desktop`), in both places.
    let named = format!("{}.desktop", app::PACKAGE);
    if entry.file_name() != Some(named.as_ref()) {
        fs::rename(entry, apps.join(&named))?;
    }
    fs::write(appdir.join(&named), &text)?;
    let root_icon = format!("{icon}.png");
    fs::copy(&icon_file, appdir.join(&root_icon))?;
    symlink(&root_icon, appdir.join(".DirIcon"))?;
    let apprun = appdir.join("AppRun");
    fs::write(&apprun, APPRUN)?;
    fs::set_permissions(&apprun, fs::Permissions::from_mode(0o755))?;
    Ok(())
}

/// Starts the AppImage as a new user would, twice: `HOME` and the XDG folders fresh under
/// `target/dist-check-appimage/`, under Xvfb, until the app's first paint. The first start
/// extracts the image into the fresh cache; the second reuses it. Checks the extraction went
/// there and only there, and prints both start times.
pub fn check(ws: &Workspace, image: &Path) -> Result<()> {
    let dir = ws.target.join("dist-check-appimage");
    if dir.exists() {
        fs::remove_dir_all(&dir)?;
    }
    let home = dir.join("home");
    fs::create_dir_all(&home)?;
    println!("$ {} (HOME={})", image.display(), home.display());
    let starts = app_bench::smoke_fresh_home(image, &home)?;
    let cache = home.join(".cache/chainbook/appimage");
    let extracted: Vec<PathBuf> = fs::read_dir(&cache)
        .map_err(|e| {
            format!(
                "{}: {e} (the AppImage extracted nothing there)",
                cache.display()
            )
        })?
        .filter_map(|e| Some(e.ok()?.path()))
        .collect();
    let [one] = extracted.as_slice() else {
        return Err(format!(
            "expected one extracted copy in {}, found {extracted:?}",
            cache.display()
        )
        .into());
    };
    if !one.join("usr/bin").join(app::PACKAGE).is_file() || !one.join("AppRun").is_file() {
        return Err(format!("{} lacks AppRun or usr/bin/{}", one.display(), app::PACKAGE).into());
    }
    println!(
        "the AppImage, started with a fresh HOME, painted its first screen {:.0} ms after \
         its start on the first run (extracting into {}; the app's own clock: {} ms) and \
         {:.0} ms after on the second (the app's clock: {} ms); idle RSS {:.0} MB",
        starts.first_wall_ms,
        one.display(),
        starts.first_startup_ms,
        starts.second_wall_ms,
        starts.second_startup_ms,
        starts.rss_mb
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apprun_execs_the_app_with_its_arguments() {
        assert!(APPRUN.starts_with("#!/bin/sh\n"));
        assert!(APPRUN.ends_with("exec \"$here/usr/bin/chainbook\" \"$@\"\n"));
    }

    /// A fake `.deb` tree laid out: the root entries appear and point where they should.
    #[test]
    fn lays_out_the_root_of_the_appdir() {
        let dir = std::env::temp_dir().join(format!("xtask-appdir-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let write = |p: &str, text: &str| {
            let path = dir.join(p);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        write("usr/bin/chainbook", "binary");
        write("usr/share/icons/hicolor/256x256/apps/chainbook.png", "png");
        write(
            "usr/share/applications/Chainbook.desktop",
            "[Desktop Entry]\nExec=chainbook\nIcon=chainbook\nName=Chainbook\n",
        );
        lay_out(&dir).unwrap();
        assert!(dir
            .join("usr/share/applications/chainbook.desktop")
            .is_file());
        assert!(!dir
            .join("usr/share/applications/Chainbook.desktop")
            .exists());
        assert!(fs::read_to_string(dir.join("chainbook.desktop"))
            .unwrap()
            .contains("Exec=chainbook"));
        assert_eq!(
            fs::read_to_string(dir.join("chainbook.png")).unwrap(),
            "png"
        );
        assert_eq!(
            fs::read_link(dir.join(".DirIcon")).unwrap(),
            Path::new("chainbook.png")
        );
        let mode = fs::metadata(dir.join("AppRun"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o755);

        // An entry that starts something else is refused.
        let other = dir.with_extension("other");
        let _ = fs::remove_dir_all(&other);
        for (p, text) in [
            ("usr/bin/chainbook", "binary"),
            (
                "usr/share/applications/x.desktop",
                "[Desktop Entry]\nExec=/opt/x\nIcon=x\n",
            ),
        ] {
            let path = other.join(p);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        assert!(lay_out(&other).unwrap_err().to_string().contains("Exec"));
        fs::remove_dir_all(&dir).unwrap();
        fs::remove_dir_all(&other).unwrap();
    }
}
