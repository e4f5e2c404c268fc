//! The desktop services a test brings along, as a headless machine has none: a private D-Bus
//! session bus ([`Bus`], Debian `dbus`) and a notification server on it ([`NotificationServer`],
//! `dunst`, Debian `dunst`) that prints every notification it is sent, so a test reads what the
//! user would have seen pop up.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::Result;

/// A private session bus, stopped when dropped.
pub struct Bus {
    daemon: Child,
    /// Its address, for `DBUS_SESSION_BUS_ADDRESS`.
    pub address: String,
}

impl Bus {
    pub fn start() -> Bus {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            // It complains that it cannot raise its file limit, and logs every activation.
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon (Debian package `dbus`; `cargo xtask test` installs it)");
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().expect("piped stdout"))
            .read_line(&mut line)
            .expect("read the bus address");
        let address = line.trim().to_owned();
        assert!(address.starts_with("unix:"), "bus address: {address:?}");
        Bus { daemon, address }
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// A notification shown on the desktop: its title (summary) and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub app: String,
    pub title: String,
    pub body: String,
}

/// `dunst -print` on a [`Bus`] and the test's X display, stopped when dropped.
pub struct NotificationServer {
    child: Child,
    shown: Arc<Mutex<Vec<Shown>>>,
}

impl NotificationServer {
    /// Starts dunst on `bus` and waits until it owns `org.freedesktop.Notifications`.
    pub fn start(bus: &Bus) -> Result<NotificationServer> {
        let mut child = Command::new("dunst")
            .arg("-print")
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!("start dunst (Debian package `dunst`; `cargo xtask test` installs it): {e}")
            })?;
        let shown = Arc::new(Mutex::new(Vec::new()));
        let out = child.stdout.take().ok_or("dunst's stdout")?;
        let sink = shown.clone();
        std::thread::spawn(move || read_printed(BufReader::new(out), &sink));
        // Ready when the name has an owner on the bus.
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let owned = Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.Notifications",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
                .output()?;
            if String::from_utf8_lossy(&owned.stdout).contains("boolean true") {
                break;
            }
            if Instant::now() > deadline {
                return Err("dunst did not take org.freedesktop.Notifications in 15 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(NotificationServer { child, shown })
    }

    /// Every notification shown so far.
    pub fn shown(&self) -> Vec<Shown> {
        self.shown.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Waits (up to `timeout`) for a notification whose title contains `needle`.
    pub async fn wait_for(&self, needle: &str, timeout: Duration) -> Result<Shown> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(s) = self.shown().into_iter().find(|s| s.title.contains(needle)) {
                return Ok(s);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "no notification titled …{needle}… in {} s; shown: {:?}",
                    timeout.as_secs(),
                    self.shown()
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for NotificationServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Parses `dunst -print`: a `{ … }` block per notification with `key: 'value'` lines, values
/// possibly running over several lines until the closing quote.
fn read_printed(out: impl BufRead, sink: &Mutex<Vec<Shown>>) {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in out.lines().map_while(std::result::Result::ok) {
        if let Some((key, mut value)) = open.take() {
            value.push('\n');
            if let Some(rest) = line.strip_suffix('\'') {
                value.push_str(rest);
                fields.push((key, value));
            } else {
                value.push_str(&line);
                open = Some((key, value));
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed == "}" {
            let get = |k: &str| {
                fields
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let shown = Shown {
                app: get("appname"),
                title: get("summary"),
                body: get("body"),
            };
            sink.lock().unwrap_or_else(|e| e.into_inner()).push(shown);
            fields.clear();
            continue;
        }
        let Some((key, value)) = trimmed.split_once(": ") else {
            continue;
        };
        if let Some(v) = value.strip_prefix('\'') {
            match v.strip_suffix('\'') {
                Some(done) => fields.push((key.to_owned(), done.to_owned())),
                None => open = Some((key.to_owned(), v.to_owned())),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_notifications_are_read_with_their_multi_line_bodies() {
        let printed = "{\n\tappname: 'Chainbook'\n\tsummary: '3 条跟进到期'\n\tbody: 'C-0001 深圳 · due\nline2'\n\ticon: 'x'\n\ttimeout: 5000\n}\n{\n\tappname: 'a'\n\tsummary: 'b'\n\tbody: ''\n}\n";
        let sink = Mutex::new(Vec::new());
        read_printed(printed.as_bytes(), &sink);
        assert_eq!(
            sink.into_inner().unwrap(),
            [
                Shown {
                    app: "Chainbook".into(),
                    title: "3 条跟进到期".into(),
                    body: "C-0001 深圳 · due\nline2".into()
                },
                Shown {
                    app: "a".into(),
                    title: "b".into(),
                    body: String::new()
                }
            ]
        );
    }
}
