//! A private virtual X display (Xvfb) for the end-to-end suite on Linux machines without one.
//!
//! [`Xvfb::start`] picks a free display number, starts `Xvfb :N -screen 0 1280x800x24` and
//! waits for its socket; dropping the guard stops it with SIGTERM (SIGKILL only if it does not
//! exit), so the display goes away on success, failure and early returns alike.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cmd::Result;

/// Display numbers tried, in order.
const DISPLAYS: std::ops::RangeInclusive<u32> = 99..=199;
/// How long Xvfb may take to create its socket.
const START_TIMEOUT: Duration = Duration::from_secs(10);
/// How long Xvfb may take to exit after SIGTERM.
const STOP_TIMEOUT: Duration = Duration::from_secs(5);
const SCREEN: &str = "1280x800x24";

/// A running Xvfb; stopped when dropped.
pub struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    /// Starts Xvfb on the first free display number; its output goes to `log`.
    pub fn start(log: &Path) -> Result<Xvfb> {
        if let Some(dir) = log.parent() {
            fs::create_dir_all(dir)?;
        }
        for n in DISPLAYS {
            if display_in_use(n) {
                continue;
            }
            let display = format!(":{n}");
            println!(
                "$ Xvfb {display} -screen 0 {SCREEN} -nolisten tcp  (output: {})",
                log.display()
            );
            let out = File::create(log)?;
            let child = Command::new("Xvfb")
                .args([&display, "-screen", "0", SCREEN, "-nolisten", "tcp"])
                .stdin(Stdio::null())
                .stdout(out.try_clone()?)
                .stderr(out)
                .spawn()
                .map_err(|e| format!("cannot start Xvfb (Debian package `xvfb`): {e}"))?;
            let mut xvfb = Xvfb { child, display };
            match xvfb.wait_ready(n)? {
                true => return Ok(xvfb),
                // Lost a race for this number to another X server: try the next one.
                false => continue,
            }
        }
        Err(format!("no free X display number in {DISPLAYS:?}").into())
    }

    /// `Ok(true)` once the socket exists, `Ok(false)` if Xvfb exited first.
    fn wait_ready(&mut self, n: u32) -> Result<bool> {
        let socket = socket_path(n);
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if socket.exists() {
                return Ok(true);
            }
            if self.child.try_wait()?.is_some() {
                return Ok(false);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "Xvfb {} did not create {} within {START_TIMEOUT:?}",
                    self.display,
                    socket.display()
                )
                .into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The value for `DISPLAY`, e.g. `:99`.
    pub fn display(&self) -> &str {
        &self.display
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let pid = self.child.id().to_string();
        let _ = Command::new("kill")
            .args(["-TERM", &pid])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + STOP_TIMEOUT;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                println!("Stopped Xvfb {}", self.display);
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("Xvfb {} ignored SIGTERM; killing it", self.display);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn socket_path(n: u32) -> PathBuf {
    PathBuf::from(format!("/tmp/.X11-unix/X{n}"))
}

/// Whether an X server holds (or left behind) display `n`'s lock file or socket.
fn display_in_use(n: u32) -> bool {
    Path::new(&format!("/tmp/.X{n}-lock")).exists() || socket_path(n).exists()
}
