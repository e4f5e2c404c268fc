//! Window behaviour in the real app: a second launch on the same data folder hands over to
//! the first (which brings its window to the front) and exits, and the window's size and
//! position come back after a restart (at 1280×720, the smallest screen the app is made for).
//!
//! The single-instance check runs a private D-Bus session bus (`dbus-daemon`, Debian `dbus`)
//! for the two launches: the machines the suite runs on have no session bus of their own.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chainbook_e2e::desktop::Bus;
use chainbook_e2e::{session, DataDir};

/// The app's log files' text (the data folder's `logs/`).
fn logs(data: &Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(data.join("logs")).into_iter().flatten() {
        let path = entry.expect("log entry").path();
        text.push_str(&std::fs::read_to_string(path).unwrap_or_default());
    }
    text
}

#[tokio::test]
async fn a_second_launch_focuses_the_first_window_and_exits() {
    let data = DataDir::new("single_instance");
    let bus = Bus::start();
    data.set_env("DBUS_SESSION_BUS_ADDRESS", &bus.address);
    let dir = data.path().to_owned();
    let address = bus.address.clone();
    session("single_instance", &data, move |ui| async move {
        ui.open_customers().await?;
        let app = std::env::var_os("CHAINBOOK_APP").ok_or("CHAINBOOK_APP is not set")?;
        let started = Instant::now();
        let mut second = Command::new(&app)
            .arg("--from-second-launch")
            .env("CHAINBOOK_DATA_DIR", &dir)
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .stdin(Stdio::null())
            .spawn()?;
        let status = loop {
            if let Some(status) = second.try_wait()? {
                break status;
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = second.kill();
                return Err("the second launch was still running after 60 s".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert!(status.success(), "the second launch exited with {status}");
        println!(
            "the second launch exited ({status}) after {} ms",
            started.elapsed().as_millis()
        );
        // The first got the second's arguments and focused its window.
        let deadline = Instant::now() + Duration::from_secs(15);
        while !logs(&dir).contains("a second launch handed over") {
            if Instant::now() > deadline {
                return Err("the first instance logged no hand-over".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let log = logs(&dir);
        assert!(log.contains("--from-second-launch"), "{log}");
        assert!(!log.contains("cannot focus the main window"), "{log}");
        // Still the same window, where the user left it, and only one app opened the data.
        ui.find("customer-new").await?;
        assert_eq!(log.matches("starting Chainbook").count(), 1, "{log}");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_window_comes_back_where_it_was_left() {
    let data = DataDir::new("window_state");
    let state = data.path().join("window-state.json");
    session("window_state_1", &data, |ui| async move {
        ui.find("nav-customers").await?;
        ui.client().set_window_rect(0, 40, 1280, 720).await?;
        // Past the half second after which the window's state is written.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        Ok(())
    })
    .await;
    // Saved half a second after the last move or resize (the session ends with a kill).
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state).expect("window-state.json"))
            .expect("window-state.json is JSON");
    let main = &saved["main"];
    assert_eq!(
        (&main["x"], &main["y"], &main["width"], &main["height"]),
        (&0.into(), &40.into(), &1280.into(), &720.into()),
        "{saved}"
    );
    session("window_state_2", &data, |ui| async move {
        ui.find("nav-customers").await?;
        let (x, y, w, h) = ui.client().get_window_rect().await?;
        assert_eq!((x, y, w, h), (0, 40, 1280, 720));
        // The app at 1280×720, restored.
        ui.screenshot("window-1280x720").await?;
        Ok(())
    })
    .await;
}
