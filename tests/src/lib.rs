//! Harness for Chainbook's end-to-end tests.
//!
//! Each test gets its own data folder ([`DataDir`]) and runs one or more [`session`]s against
//! it. A session starts `tauri-driver` on free loopback ports with `CHAINBOOK_DATA_DIR` pointing
//! at the data folder, opens a WebDriver session that launches the built app, hands the test a
//! [`Ui`] to drive it by `data-testid`, and afterwards closes the session and stops
//! `tauri-driver` with SIGTERM (never SIGKILL first: that leaves `WebKitWebDriver` running and
//! the test run hangs).
//!
//! The paths come from the environment, set by `cargo xtask test`:
//! - `CHAINBOOK_APP`: absolute path of the built `chainbook` binary;
//! - `TAURI_DRIVER`: absolute path of `tauri-driver`;
//! - `DISPLAY` (Linux): an X display, e.g. the Xvfb that `cargo xtask test` starts.
//!
//! Without them the tests fail (they do not pass silently). Screenshots land in
//! `target/e2e-screenshots/<name>.png`, tauri-driver's output in `target/e2e-logs/<name>.log`.
//!
//! - [`driver`]: starting and stopping tauri-driver, opening the WebDriver session;
//! - [`ui`]: the window as a test drives it ([`Ui`]);
//! - [`procs`]: the app's processes, so a session never leaves one running;
//! - [`desktop`]: a private D-Bus session bus and a notification server for a test;
//! - [`seed`]: records written before the app starts (a customer, an overdue follow-up).
//!
//! The sync tests start a real `chainbook-server` with `chainbook-testkit`.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub mod desktop;
mod driver;
mod procs;
pub mod seed;
mod ui;

use driver::{connect, log_tail, Driver};
pub use ui::Ui;

/// Errors of the harness and of test bodies: anything, with a readable message.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The variable debug builds read as "the first run is done" (see [`DataDir::new`]).
const TEST_SET_UP: &str = "CHAINBOOK_TEST_SET_UP";

/// How long to wait for an element or a condition before failing.
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// How long to wait for tauri-driver to listen or to exit.
const DRIVER_TIMEOUT: Duration = Duration::from_secs(15);
/// How long the app may take to open its window for a session (a debug build on a loaded
/// two-core machine takes a few seconds).
const SESSION_START_TIMEOUT: Duration = Duration::from_secs(120);
/// How long a new window's page may take to show the app's first element.
const PAGE_LOAD_TIMEOUT: Duration = Duration::from_secs(60);
/// How often conditions are polled while waiting.
const POLL: Duration = Duration::from_millis(100);

/// The workspace root (this crate lives in `<root>/tests`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// `target/e2e-screenshots` under the workspace root.
pub fn screenshot_dir() -> PathBuf {
    workspace_root().join("target").join("e2e-screenshots")
}

/// `target/e2e-logs` under the workspace root: one tauri-driver log per session.
pub fn log_dir() -> PathBuf {
    workspace_root().join("target").join("e2e-logs")
}

/// Paths to the app and tauri-driver, from the environment `cargo xtask test` sets up.
struct Paths {
    app: PathBuf,
    driver: PathBuf,
}

impl Paths {
    /// Reads `CHAINBOOK_APP` and `TAURI_DRIVER`; panics with instructions when missing.
    fn from_env() -> Paths {
        Paths {
            app: required_file("CHAINBOOK_APP", "the built chainbook binary"),
            driver: required_file("TAURI_DRIVER", "tauri-driver"),
        }
    }
}

fn required_file(var: &str, what: &str) -> PathBuf {
    let hint = "The end-to-end tests need the built app, tauri-driver and a display: \
                run them with `cargo xtask test`, which sets all of this up.";
    let Some(value) = std::env::var_os(var).filter(|v| !v.is_empty()) else {
        panic!("{var} is not set (it should be the absolute path of {what}). {hint}");
    };
    let path = PathBuf::from(value);
    if !path.is_file() {
        panic!(
            "{var}={} does not exist or is not a file. {hint}",
            path.display()
        );
    }
    path
}

/// A per-test data folder, handed to the app as `CHAINBOOK_DATA_DIR`, with how far ahead of
/// the real time the app's clock runs in the next session (`CHAINBOOK_CLOCK_OFFSET_MINUTES`,
/// honoured by debug builds): tests move time through the clock, never by editing the data.
///
/// Removed at the end of the test, kept (and its path printed) when the test fails so the
/// database and the app's logs can be inspected.
pub struct DataDir(
    tempfile::TempDir,
    std::cell::Cell<i64>,
    std::cell::RefCell<Vec<(String, std::ffi::OsString)>>,
);

impl DataDir {
    /// Makes a fresh, empty data folder whose app counts as set up: debug builds read
    /// `CHAINBOOK_TEST_SET_UP` as "the first run is done" (`src-tauri/src/first_run.rs`), so a
    /// test starts on the screen it tests rather than the first-run wizard. The first run's
    /// own test calls [`DataDir::first_run`].
    ///
    /// Checks the environment first, so that a test run without `cargo xtask test` fails
    /// at once with instructions.
    pub fn new(test: &str) -> DataDir {
        Paths::from_env();
        let dir = tempfile::Builder::new()
            .prefix(&format!("chainbook-e2e-{test}-"))
            .tempdir()
            .expect("create a temporary data folder");
        let d = DataDir(dir, std::cell::Cell::new(0), Default::default());
        d.set_env(TEST_SET_UP, "1");
        d
    }

    /// The sessions that follow start as a new installation does: with the first-run wizard
    /// while the database was never set up.
    pub fn first_run(&self) {
        self.2.borrow_mut().retain(|(k, _)| k != TEST_SET_UP);
    }

    /// Runs the app's clock `hours` ahead of the real time in the sessions that follow, as if
    /// the app were started that much later.
    pub fn advance_clock(&self, hours: i64) {
        self.1.set(self.1.get() + hours * 60);
    }

    /// Sets `key` in the environment of the app in the sessions that follow (e.g. a private
    /// D-Bus session bus's address).
    pub fn set_env(&self, key: &str, value: impl Into<std::ffi::OsString>) {
        let mut env = self.2.borrow_mut();
        env.retain(|(k, _)| k != key);
        env.push((key.to_owned(), value.into()));
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Where the app's file choosers answer from in the end-to-end suite
    /// (`CHAINBOOK_TEST_PICK_DIR`: a save goes there under its suggested name, an open takes the
    /// newest file with an offered extension, a folder is the folder itself). Created on first use.
    pub fn picks(&self) -> std::path::PathBuf {
        let dir = self.path().join("picks");
        std::fs::create_dir_all(&dir).expect("create the picks folder");
        dir
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.disable_cleanup(true);
            eprintln!(
                "kept the data folder of the failed test: {}",
                self.path().display()
            );
        }
    }
}

/// Runs `body` against a fresh launch of the app on `data_dir`, then ends the session.
///
/// `name` names the driver log (`target/e2e-logs/<name>.log`) and, on failure, a screenshot
/// `<name>-failure.png`. The session is closed and tauri-driver stopped whether the body
/// succeeds, returns an error or panics; the test then fails with the body's error.
pub async fn session<F, Fut>(name: &str, data_dir: &DataDir, body: F)
where
    F: FnOnce(Ui) -> Fut,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    let paths = Paths::from_env();
    // Without a display the app cannot start (GTK refuses), and WebDriver would wait for a
    // window that never comes: say so at once.
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        panic!("{name}: no display (DISPLAY is not set): run the suite under Xvfb, as `cargo xtask test` does");
    }
    let log = log_dir().join(format!("{name}.log"));
    // Now and then (a loaded two-core machine) WebKit opens the window but never loads the
    // page: it stays blank and nothing can be found or even photographed. That is not what a
    // test tests, so the app is started once more, loudly, before the test body runs.
    let mut attempt = 1;
    let (mut driver, client) = loop {
        let mut driver = match Driver::start(&paths, data_dir, log.clone()) {
            Ok(driver) => driver,
            Err(e) => panic!("{name}: {e}"),
        };
        // The app answers within seconds when it starts at all; one that died at start (no
        // display, a crash) must not hold the suite until WebDriver gives up.
        let client = match tokio::time::timeout(SESSION_START_TIMEOUT, connect(&driver, &paths.app))
            .await
            .unwrap_or_else(|_| {
                Err(
                    format!("the app did not open a window within {SESSION_START_TIMEOUT:?}")
                        .into(),
                )
            }) {
            Ok(client) => client,
            Err(e) => {
                let _ = driver.stop();
                panic!(
                    "{name}: cannot open a WebDriver session: {e}\n{}",
                    log_tail(&driver.log)
                );
            }
        };
        if attempt == 1 && !page_loaded(&client).await {
            eprintln!(
                "{name}: WARNING: the window stayed blank for {PAGE_LOAD_TIMEOUT:?} (WebKit \
                 did not load the page); starting the app again"
            );
            let app = driver.app_processes();
            let _ = tokio::time::timeout(DRIVER_TIMEOUT, client.close()).await;
            let left = procs::wait_gone(&app, DRIVER_TIMEOUT);
            if !left.is_empty() {
                procs::terminate(&left);
                procs::wait_gone(&left, DRIVER_TIMEOUT);
            }
            let _ = driver.stop();
            attempt += 1;
            continue;
        }
        break (driver, client);
    };
    let ui = Ui {
        client: client.clone(),
    };
    // Spawned so that a panic in the body is caught and the app still gets shut down.
    let outcome = tokio::spawn(body(ui.clone())).await;
    let failed = !matches!(outcome, Ok(Ok(())));
    if failed {
        match ui.screenshot(&format!("{name}-failure")).await {
            Ok(path) => eprintln!("{name}: screenshot of the failure: {}", path.display()),
            Err(e) => eprintln!("{name}: no failure screenshot: {e}"),
        }
    }
    drop(ui);
    let app = driver.app_processes();
    let closed = client.close().await;
    // Ending the session makes WebKitWebDriver stop the app, but only after it has answered:
    // wait for the app to be gone before stopping tauri-driver (see procs.rs).
    let app_left = procs::wait_gone(&app, DRIVER_TIMEOUT);
    if !app_left.is_empty() {
        eprintln!("{name}: the app did not exit after the session ended; sending SIGTERM");
        procs::terminate(&app_left);
        procs::wait_gone(&app_left, DRIVER_TIMEOUT);
    }
    let stopped = driver.stop();
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("{name}: {e}\n(driver log: {})", driver.log.display()),
        Err(join) => std::panic::resume_unwind(join.into_panic()),
    }
    if let Err(e) = closed {
        panic!("{name}: closing the WebDriver session failed: {e}");
    }
    if let Err(e) = stopped {
        panic!("{name}: {e}");
    }
    if !app_left.is_empty() {
        panic!("{name}: the app kept running after the WebDriver session ended");
    }
}

/// Whether the window's page has the app in it (its root element has children) within
/// [`PAGE_LOAD_TIMEOUT`]; each probe has a timeout of its own, as a page that never loaded may
/// never answer.
async fn page_loaded(client: &fantoccini::Client) -> bool {
    let started = std::time::Instant::now();
    while started.elapsed() < PAGE_LOAD_TIMEOUT {
        let probe = client.execute(
            "const app = document.getElementById('app'); return !!app && app.childElementCount > 0;",
            vec![],
        );
        if let Ok(Ok(v)) = tokio::time::timeout(Duration::from_secs(5), probe).await {
            if v.as_bool() == Some(true) {
                return true;
            }
        }
        tokio::time::sleep(POLL).await;
    }
    false
}
