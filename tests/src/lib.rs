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

use std::fs::{self, File};
use std::future::Future;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod procs;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// Errors of the harness and of test bodies: anything, with a readable message.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How long to wait for an element or a condition before failing.
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// How long to wait for tauri-driver to listen or to exit.
const DRIVER_TIMEOUT: Duration = Duration::from_secs(15);
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

fn log_dir() -> PathBuf {
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
pub struct DataDir(tempfile::TempDir, std::cell::Cell<i64>);

impl DataDir {
    /// Makes a fresh, empty data folder.
    ///
    /// Checks the environment first, so that a test run without `cargo xtask test` fails
    /// at once with instructions.
    pub fn new(test: &str) -> DataDir {
        Paths::from_env();
        let dir = tempfile::Builder::new()
            .prefix(&format!("chainbook-e2e-{test}-"))
            .tempdir()
            .expect("create a temporary data folder");
        DataDir(dir, std::cell::Cell::new(0))
    }

    /// Runs the app's clock `hours` ahead of the real time in the sessions that follow, as if
    /// the app were started that much later.
    pub fn advance_clock(&self, hours: i64) {
        self.1.set(self.1.get() + hours * 60);
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        self.0.path()
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

/// A running `tauri-driver`. Dropping it stops it (SIGTERM, then wait).
struct Driver {
    child: Option<Child>,
    port: u16,
    log: PathBuf,
}

impl Driver {
    fn start(paths: &Paths, data_dir: &DataDir, log: PathBuf) -> Result<Driver> {
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
            .env(
                "CHAINBOOK_CLOCK_OFFSET_MINUTES",
                data_dir.1.get().to_string(),
            )
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

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The processes WebKitWebDriver started for the session: the app and WebKit's helpers.
    fn app_processes(&self) -> Vec<procs::Proc> {
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
    fn stop(&mut self) -> Result<()> {
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
fn log_tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(30)..].join("\n");
    format!("--- last lines of {} ---\n{tail}", path.display())
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
    let log = log_dir().join(format!("{name}.log"));
    let mut driver = match Driver::start(&paths, data_dir, log) {
        Ok(driver) => driver,
        Err(e) => panic!("{name}: {e}"),
    };
    let client = match connect(&driver, &paths.app).await {
        Ok(client) => client,
        Err(e) => {
            let _ = driver.stop();
            panic!(
                "{name}: cannot open a WebDriver session: {e}\n{}",
                log_tail(&driver.log)
            );
        }
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

async fn connect(driver: &Driver, app: &Path) -> Result<Client> {
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

/// CSS selector for a `data-testid`.
fn testid(id: &str) -> String {
    format!(r#"[data-testid="{id}"]"#)
}

/// The app's window, driven by `data-testid` (see notes/contract.md for the ids).
///
/// Every lookup waits up to [`TIMEOUT`] for its element or condition instead of sleeping.
#[derive(Clone)]
pub struct Ui {
    client: Client,
}

impl Ui {
    /// The underlying WebDriver client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Waits for the element with this `data-testid` to be present.
    pub async fn find(&self, id: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(TIMEOUT)
            .every(POLL)
            .for_element(Locator::Css(&testid(id)))
            .await
            .map_err(|e| format!("no element [data-testid={id}] within {TIMEOUT:?}: {e}").into())
    }

    /// All elements with this `data-testid` right now (no waiting).
    pub async fn find_all(&self, id: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(&testid(id))).await?)
    }

    /// Waits for the element, then clicks it.
    pub async fn click(&self, id: &str) -> Result<()> {
        let el = self.find(id).await?;
        self.scroll_to(&el).await?;
        el.click()
            .await
            .map_err(|e| format!("click [data-testid={id}]: {e}"))?;
        Ok(())
    }

    /// Replaces the value of an input or textarea by typing `text`.
    ///
    /// If typing did not produce exactly `text` (some WebDriver builds cannot type every
    /// non-ASCII character), sets the value by script and fires `input` and `change`, which is
    /// what the page sees from a paste.
    pub async fn fill(&self, id: &str, text: &str) -> Result<()> {
        let mut el = self.find(id).await?;
        if let Err(first) = el.clear().await {
            // The form may have re-rendered the field between finding and clearing it (a
            // validation message appearing beside it): find it again, once.
            eprintln!("clear [data-testid={id}] failed ({first}); finding it again");
            el = self.find(id).await?;
            el.clear()
                .await
                .map_err(|e| format!("clear [data-testid={id}]: {e}"))?;
        }
        el.send_keys(text)
            .await
            .map_err(|e| format!("type into [data-testid={id}]: {e}"))?;
        let typed = el.prop("value").await?;
        if typed.as_deref() == Some(text) {
            return Ok(());
        }
        eprintln!("typing {text:?} into [data-testid={id}] gave {typed:?}; setting it by script");
        self.set_value_by_script(&el, text).await?;
        match el.prop("value").await? {
            Some(v) if v == text => Ok(()),
            other => Err(format!("[data-testid={id}] holds {other:?} instead of {text:?}").into()),
        }
    }

    /// Chooses the option with this `value` in a `<select>`.
    pub async fn select(&self, id: &str, value: &str) -> Result<()> {
        let el = self.find(id).await?;
        self.scroll_to(&el).await?;
        el.select_by_value(value)
            .await
            .map_err(|e| format!("choose {value:?} in [data-testid={id}]: {e}"))?;
        if el.prop("value").await?.as_deref() != Some(value) {
            self.set_value_by_script(&el, value).await?;
        }
        match el.prop("value").await? {
            Some(v) if v == value => Ok(()),
            other => Err(format!("[data-testid={id}] is {other:?} instead of {value:?}").into()),
        }
    }

    /// Scrolls the element to the middle of its scroll container, so sticky bars (a form's
    /// Save/Cancel footer) never cover it when WebDriver clicks at its centre.
    async fn scroll_to(&self, el: &Element) -> Result<()> {
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });",
                vec![serde_json::to_value(el)?],
            )
            .await?;
        Ok(())
    }

    async fn set_value_by_script(&self, el: &Element, value: &str) -> Result<()> {
        let script = "const [el, value] = arguments;
            el.value = value;
            el.dispatchEvent(new Event('input', { bubbles: true }));
            el.dispatchEvent(new Event('change', { bubbles: true }));";
        self.client
            .execute(script, vec![serde_json::to_value(el)?, json!(value)])
            .await?;
        Ok(())
    }

    /// The visible text of the element, trimmed.
    pub async fn text(&self, id: &str) -> Result<String> {
        Ok(self.find(id).await?.text().await?.trim().to_string())
    }

    /// Waits until the element's trimmed text is exactly `expected`.
    pub async fn wait_text(&self, id: &str, expected: &str) -> Result<()> {
        let what = format!("[data-testid={id}] to read {expected:?}");
        let mut last = String::new();
        let start = Instant::now();
        loop {
            if let Ok(els) = self.find_all(id).await {
                if let Some(el) = els.first() {
                    if let Ok(text) = el.text().await {
                        last = text.trim().to_string();
                        if last == expected {
                            return Ok(());
                        }
                    }
                }
            }
            if start.elapsed() > TIMEOUT {
                return Err(format!("waited {TIMEOUT:?} for {what}; it reads {last:?}").into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The trimmed texts of all elements with this `data-testid`.
    pub async fn texts(&self, id: &str) -> Result<Vec<String>> {
        let mut texts = Vec::new();
        for el in self.find_all(id).await? {
            texts.push(el.text().await?.trim().to_string());
        }
        Ok(texts)
    }

    /// Waits until some element with this `data-testid` contains `needle` in its text.
    pub async fn wait_contains(&self, id: &str, needle: &str) -> Result<()> {
        let start = Instant::now();
        loop {
            // Rows may be re-rendered while we read them; a stale element just means "retry".
            let texts = self.texts(id).await.unwrap_or_default();
            if texts.iter().any(|t| t.contains(needle)) {
                return Ok(());
            }
            if start.elapsed() > TIMEOUT {
                return Err(format!(
                    "waited {TIMEOUT:?} for a [data-testid={id}] containing {needle:?}; \
                     found {texts:?}"
                )
                .into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until exactly `n` elements with this `data-testid` are present.
    pub async fn wait_count(&self, id: &str, n: usize) -> Result<()> {
        let start = Instant::now();
        loop {
            let found = self
                .find_all(id)
                .await
                .map(|v| v.len())
                .unwrap_or(usize::MAX);
            if found == n {
                return Ok(());
            }
            if start.elapsed() > TIMEOUT {
                return Err(format!(
                    "waited {TIMEOUT:?} for {n} [data-testid={id}]; found {found}"
                )
                .into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Saves a screenshot of the window to `target/e2e-screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        // WebKit captures the last painted frame: let two frames pass so the picture shows the
        // state the test just checked, not the one before it.
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        let png = self.client.screenshot().await?;
        let dir = screenshot_dir();
        fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        fs::write(&path, png)?;
        Ok(path)
    }

    /// Opens the customer list from the navigation and waits for it to be ready.
    pub async fn open_customers(&self) -> Result<()> {
        self.click("nav-customers").await?;
        self.find("customer-new").await?;
        Ok(())
    }
}
