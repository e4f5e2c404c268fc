//! Starting and stopping `tauri-driver` on free loopback ports, and opening the WebDriver
//! session that launches the built app.

use std::fs::{self, File};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

use crate::{log_dir, procs, DataDir, Paths, Result, DRIVER_TIMEOUT, POLL};

/// A running `tauri-driver`. Dropping it stops it (SIGTERM, then wait).
pub(crate) struct Driver {
    child: Option<Child>,
    port: u16,
    pub(crate) log: PathBuf,
}

impl Driver {
    pub(crate) fn start(paths: &Paths, data_dir: &DataDir, log: PathBuf) -> Result<Driver> {
        let (port, native_port) = two_free_ports()?;
        fs::create_dir_all(log_dir())?;
        // Output goes to a file, not a pipe: a pipe held open by a stray WebKitWebDriver
        // would block whoever reads it.
        let out = File::create(&log)?;
        let err = out.try_clone()?;
        let child = Command::new(&paths.driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("CHAINBOOK_DATA_DIR", data_dir.path())
            .env("CHAINBOOK_TEST_PICK_DIR", data_dir.picks())
            .env(
                "CHAINBOOK_CLOCK_OFFSET_MINUTES",
                data_dir.1.get().to_string(),
            )
            // Only the data folder's own settings say whether the first run is done.
            .env_remove(crate::TEST_SET_UP)
            .envs(data_dir.2.borrow().iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", paths.driver.display()))?;
        let mut driver = Driver {
            child: Some(child),
            port,
            log,
        };
        driver.wait_listening()?;
        Ok(driver)
    }

    /// Waits until the WebDriver port accepts connections, failing early if the driver exits.
    fn wait_listening(&mut self) -> Result<()> {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let deadline = Instant::now() + DRIVER_TIMEOUT;
        loop {
            if TcpStream::connect_timeout(&addr, POLL).is_ok() {
                return Ok(());
            }
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                self.child = None;
                return Err(format!(
                    "tauri-driver exited ({status}) before listening on {addr}\n{}",
                    log_tail(&self.log)
                )
                .into());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "tauri-driver did not listen on {addr} within {DRIVER_TIMEOUT:?}\n{}",
                    log_tail(&self.log)
                )
                .into());
            }
            std::thread::sleep(POLL);
        }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The processes WebKitWebDriver started for the session: the app and WebKit's helpers.
    pub(crate) fn app_processes(&self) -> Vec<procs::Proc> {
        let Some(child) = &self.child else {
            return Vec::new();
        };
        let driver = child.id() as i32;
        procs::descendants(child.id())
            .into_iter()
            .filter(|p| p.ppid != driver)
            .collect()
    }

    /// Sends SIGTERM and waits for the driver to exit; SIGKILL only if it ignores SIGTERM.
    pub(crate) fn stop(&mut self) -> Result<()> {
        let Some(mut child) = self.child.take() else {
            return Ok(());
        };
        if child.try_wait()?.is_some() {
            return Ok(());
        }
        let below = procs::descendants(child.id());
        terminate(&mut child)?;
        let deadline = Instant::now() + DRIVER_TIMEOUT;
        while Instant::now() < deadline {
            if child.try_wait()?.is_some() {
                return stop_strays(&below);
            }
            std::thread::sleep(POLL);
        }
        child.kill()?;
        child.wait()?;
        Err(format!(
            "tauri-driver (pid {}) ignored SIGTERM for {DRIVER_TIMEOUT:?} and was killed; \
             a WebKitWebDriver may be left running",
            child.id()
        )
        .into())
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Err(e) = self.stop() {
            eprintln!("stopping tauri-driver: {e}");
        }
    }
}

/// SIGTERM for anything tauri-driver left running (it SIGKILLs WebKitWebDriver, which then
/// cannot stop the app). Reported as an error: it means the session did not end cleanly.
fn stop_strays(procs: &[procs::Proc]) -> Result<()> {
    let strays = procs::wait_gone(procs, Duration::from_millis(500));
    if strays.is_empty() {
        return Ok(());
    }
    procs::terminate(&strays);
    let left = procs::wait_gone(&strays, DRIVER_TIMEOUT);
    Err(format!(
        "processes outlived tauri-driver and were sent SIGTERM: {:?}{}",
        strays.iter().map(|p| p.pid).collect::<Vec<_>>(),
        if left.is_empty() {
            ""
        } else {
            " (some still run)"
        }
    )
    .into())
}

#[cfg(unix)]
fn terminate(child: &mut Child) -> Result<()> {
    use nix::sys::signal::{kill, Signal};
    use nix::unistd::Pid;
    let pid = i32::try_from(child.id())?;
    kill(Pid::from_raw(pid), Signal::SIGTERM)?;
    Ok(())
}

#[cfg(not(unix))]
fn terminate(child: &mut Child) -> Result<()> {
    // No signals on Windows; tauri-driver's child driver ends with it there.
    child.kill()?;
    Ok(())
}

/// Two distinct free loopback ports (both are held while choosing, so they differ).
fn two_free_ports() -> Result<(u16, u16)> {
    let a = TcpListener::bind("127.0.0.1:0")?;
    let b = TcpListener::bind("127.0.0.1:0")?;
    Ok((a.local_addr()?.port(), b.local_addr()?.port()))
}

/// The last lines of a log file, for error messages.
pub(crate) fn log_tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(30)..].join("\n");
    format!("--- last lines of {} ---\n{tail}", path.display())
}

pub(crate) async fn connect(driver: &Driver, app: &Path) -> Result<Client> {
    let caps = json!({
        "browserName": "wry",
        "tauri:options": { "application": app },
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!("a JSON object literal")
    };
    let client = ClientBuilder::rustls()?
        .capabilities(caps)
        .connect(&driver.url())
        .await?;
    Ok(client)
}
