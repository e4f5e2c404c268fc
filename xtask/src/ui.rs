//! The Svelte front end in `ui/`: install its npm dependencies when needed, build it into
//! `ui/build` (which the app embeds), type-check it and run its unit tests.

use std::fs;
use std::path::Path;
use std::time::SystemTime;

use crate::cmd::{Cmd, Result, Workspace};

/// Runs `npm ci` when `ui/node_modules` is missing or older than `package-lock.json`.
pub fn install_deps(ws: &Workspace) -> Result<()> {
    let ui = ws.ui();
    match why_install(&ui) {
        Some(reason) => {
            println!("npm ci: {reason}");
            Cmd::npm().args(["ci"]).dir(&ui).run()
        }
        None => {
            println!("ui/node_modules is up to date with package-lock.json");
            Ok(())
        }
    }
}

/// Why `npm ci` is needed in `ui`, or `None` if `node_modules` matches the lock file.
fn why_install(ui: &Path) -> Option<&'static str> {
    let modules = ui.join("node_modules");
    if !modules.is_dir() {
        return Some("ui/node_modules is missing");
    }
    // npm writes node_modules/.package-lock.json at every install.
    let Some(installed) = modified(&modules.join(".package-lock.json")) else {
        return Some("ui/node_modules/.package-lock.json is missing");
    };
    match modified(&ui.join("package-lock.json")) {
        Some(lock) if lock > installed => Some("ui/package-lock.json is newer than node_modules"),
        _ => None,
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// `npm run build`: writes `ui/build`.
pub fn build(ws: &Workspace) -> Result<()> {
    Cmd::npm().args(["run", "build"]).dir(&ws.ui()).run()
}

/// `npm run check`: svelte-check / TypeScript.
pub fn check(ws: &Workspace) -> Result<()> {
    Cmd::npm().args(["run", "check"]).dir(&ws.ui()).run()
}

/// `npm test`: the front end's unit tests.
pub fn test(ws: &Workspace) -> Result<()> {
    Cmd::npm().args(["test"]).dir(&ws.ui()).run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installs_only_when_needed() {
        let dir = std::env::temp_dir().join(format!("xtask-ui-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("package-lock.json"), "{}").unwrap();
        assert_eq!(why_install(&dir), Some("ui/node_modules is missing"));

        fs::create_dir_all(dir.join("node_modules")).unwrap();
        assert!(why_install(&dir).unwrap().contains(".package-lock.json"));

        // Installed after the lock file was written: nothing to do.
        let marker = dir.join("node_modules/.package-lock.json");
        fs::write(&marker, "{}").unwrap();
        let later = SystemTime::now() + std::time::Duration::from_secs(60);
        fs::File::options()
            .write(true)
            .open(&marker)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert_eq!(why_install(&dir), None);

        // Lock file changed afterwards: install again.
        let even_later = later + std::time::Duration::from_secs(60);
        fs::File::options()
            .write(true)
            .open(dir.join("package-lock.json"))
            .unwrap()
            .set_modified(even_later)
            .unwrap();
        assert!(why_install(&dir).unwrap().contains("newer"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
