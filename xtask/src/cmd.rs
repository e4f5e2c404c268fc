//! Running external commands (echoed, with inherited output and a clear error on failure),
//! the workspace's paths, and the error type every task uses.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

/// Any error, as a message for the user.
pub type Error = Box<dyn std::error::Error>;
/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where things are in the checkout.
pub struct Workspace {
    /// The workspace root (holds the root `Cargo.toml`).
    pub root: PathBuf,
    /// Cargo's target folder: `$CARGO_TARGET_DIR` or `<root>/target`.
    pub target: PathBuf,
}

impl Workspace {
    /// Finds the workspace from this crate's location (`<root>/xtask`).
    pub fn locate() -> Result<Workspace> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .ok_or("xtask has no parent folder")?
            .to_path_buf();
        let target = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) if !dir.is_empty() => root.join(dir),
            _ => root.join("target"),
        };
        Ok(Workspace { root, target })
    }

    /// The front end's folder.
    pub fn ui(&self) -> PathBuf {
        self.root.join("ui")
    }

    /// `cargo <args>` run from the workspace root, with the cargo that runs xtask.
    pub fn cargo(&self, args: &[&str]) -> Cmd {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Cmd::new(cargo);
        // Show `cargo`, not `/root/.rustup/toolchains/.../bin/cargo`.
        cmd.shown = "cargo".into();
        cmd.args(args).dir(&self.root)
    }
}

/// A command to run with inherited stdio, echoed before it starts.
pub struct Cmd {
    command: Command,
    shown: String,
}

impl Cmd {
    /// A command for `program`.
    pub fn new(program: impl AsRef<OsStr>) -> Cmd {
        let program = program.as_ref();
        Cmd {
            command: Command::new(program),
            shown: shell_quote(&program.to_string_lossy()),
        }
    }

    /// `npm`, spelled as the platform needs (`npm.cmd` on Windows).
    pub fn npm() -> Cmd {
        let mut cmd = Cmd::new(if cfg!(windows) { "npm.cmd" } else { "npm" });
        cmd.shown = "npm".into();
        cmd
    }

    /// Adds arguments.
    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Cmd {
        for arg in args {
            let arg = arg.as_ref();
            let _ = write!(self.shown, " {}", shell_quote(&arg.to_string_lossy()));
            self.command.arg(arg);
        }
        self
    }

    /// Sets the working folder.
    pub fn dir(mut self, dir: &Path) -> Cmd {
        self.command.current_dir(dir);
        self
    }

    /// Sets an environment variable (also shown in the echo).
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Cmd {
        let value = value.as_ref();
        self.shown = format!(
            "{key}={} {}",
            shell_quote(&value.to_string_lossy()),
            self.shown
        );
        self.command.env(key, value);
        self
    }

    /// Runs it, inheriting stdio; fails unless it exits with success.
    pub fn run(mut self) -> Result<()> {
        let status = self.status()?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`{}` failed ({status})", self.shown).into())
        }
    }

    /// Runs it, inheriting stdio, and returns its exit status whatever it is.
    pub fn status(&mut self) -> Result<ExitStatus> {
        println!("$ {}", self.shown);
        self.command
            .status()
            .map_err(|e| format!("cannot run `{}`: {e}", self.shown).into())
    }

    /// Runs it quietly (not echoed, stderr discarded) and returns its standard output, or
    /// `None` if it cannot be started or fails. For probes such as `node --version`.
    pub fn probe(mut self) -> Option<String> {
        let out = self
            .command
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    }
}

/// Quotes an argument for display when it holds anything a shell would split or expand.
fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@+,%^".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(shell_quote("--check"), "--check");
        assert_eq!(shell_quote("${Status}"), "'${Status}'");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn finds_the_workspace_root() {
        let ws = Workspace::locate().unwrap();
        assert!(ws.root.join("Cargo.toml").is_file());
        assert!(ws.root.join("xtask").is_dir());
    }
}
