//! A device in a process of its own, so that its peak memory is its own: the bench binary
//! re-invoked as `chainbook-bench net-device --server URL --db FILE --org SLUG --name NAME
//! --steps push|pull|both` opens the store, signs in as `rep`, pushes everything outgoing
//! and/or pulls until it has caught up (a snapshot first when its cursor is 0) — `both` is
//! the app's sync —, and prints one JSON line
//! ([`DeviceRun`]) with its timings, what moved and its peak resident set (`VmHWM`).
//!
//! Also [`Metered`]: the client's HTTP transport with request counts, JSON bytes each way (as
//! the client sees them: answers after decompression) and, when asked, the duration of every
//! push exchange.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chainbook_protocol::{paths, Secret};
use chainbook_store::Store;
use chainbook_sync::{Answer, HttpTransport, SyncClient, Transport};
use serde::{Deserialize, Serialize};

use super::server::{cpu_seconds, proc_status_bytes, PASSWORD};
use crate::Result;

/// The hidden subcommand that runs [`device_main`].
pub const SUBCOMMAND: &str = "net-device";

/// What crossed the client's transport.
#[derive(Default)]
pub struct Meter {
    pub requests: AtomicU64,
    /// Request bodies.
    pub sent: AtomicU64,
    /// Answer bodies, decompressed.
    pub received: AtomicU64,
    /// Record each push exchange's duration in `push_times`.
    pub time_pushes: AtomicBool,
    pub push_times: Mutex<Vec<Duration>>,
}

impl Meter {
    /// (requests, bytes sent, bytes received) so far.
    pub fn counts(&self) -> (u64, u64, u64) {
        (
            self.requests.load(Ordering::SeqCst),
            self.sent.load(Ordering::SeqCst),
            self.received.load(Ordering::SeqCst),
        )
    }

    pub fn take_push_times(&self) -> Vec<Duration> {
        std::mem::take(&mut *self.push_times.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// [`HttpTransport`] feeding a [`Meter`].
pub struct Metered {
    inner: HttpTransport,
    meter: Arc<Meter>,
}

impl Metered {
    pub fn client(server: &str) -> Result<(SyncClient, Arc<Meter>)> {
        let meter = Arc::new(Meter::default());
        let transport = Metered {
            inner: HttpTransport::default(),
            meter: meter.clone(),
        };
        Ok((
            SyncClient::with_transport(server, Box::new(transport))?,
            meter,
        ))
    }
}

impl Transport for Metered {
    fn post(&self, url: &str, headers: &[(&str, String)], body: &[u8]) -> Option<Answer> {
        let m = &self.meter;
        let t = Instant::now();
        let answer = self.inner.post(url, headers, body);
        let took = t.elapsed();
        m.requests.fetch_add(1, Ordering::SeqCst);
        m.sent.fetch_add(body.len() as u64, Ordering::SeqCst);
        if let Some(a) = &answer {
            m.received.fetch_add(a.body.len() as u64, Ordering::SeqCst);
        }
        if url.ends_with(paths::PUSH) && m.time_pushes.load(Ordering::SeqCst) {
            m.push_times
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(took);
        }
        answer
    }

    fn get(&self, url: &str) -> Option<Answer> {
        self.inner.get(url)
    }
}

/// What one device process did (its JSON line).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DeviceRun {
    pub open_ms: f64,
    pub sign_in_ms: f64,
    /// `SyncClient::push`: every outgoing change (the first push walks the tables).
    pub push_ms: f64,
    /// `SyncClient::pull`: the snapshot on a new device, then pages to the head.
    pub pull_ms: f64,
    pub pushed: usize,
    pub pulled: usize,
    pub conflicts: usize,
    pub waiting: u64,
    pub newer_schema: u64,
    pub refused: u64,
    pub change_log: u64,
    pub cursor: i64,
    pub head: i64,
    pub push_requests: u64,
    pub pull_requests: u64,
    /// JSON bytes of the push requests and their answers.
    pub push_json_bytes: u64,
    /// JSON bytes of the pull and snapshot requests and their answers (decompressed).
    pub pull_json_bytes: u64,
    /// The process's peak resident set.
    pub peak_rss_bytes: u64,
    pub cpu_s: f64,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The child's side: parses `--server URL --db FILE --org SLUG --name NAME --steps STEPS`,
/// syncs and prints the [`DeviceRun`] as one JSON line on stdout.
pub fn device_main(args: impl Iterator<Item = String>) -> Result<()> {
    let (mut server, mut db, mut org, mut name) = (None, None, None, None);
    let mut steps = "both".to_owned();
    let mut it = args;
    while let Some(a) = it.next() {
        let v = it.next().ok_or_else(|| format!("{a} needs a value"))?;
        match a.as_str() {
            "--server" => server = Some(v),
            "--db" => db = Some(v),
            "--org" => org = Some(v),
            "--name" => name = Some(v),
            "--steps" => steps = v,
            other => return Err(format!("{SUBCOMMAND}: unknown option {other:?}").into()),
        }
    }
    let need = |v: Option<String>, what: &str| v.ok_or_else(|| format!("{SUBCOMMAND}: no {what}"));
    let run = sync_device(
        &need(server, "--server")?,
        Path::new(&need(db, "--db")?),
        &need(org, "--org")?,
        &need(name, "--name")?,
        &steps,
    )?;
    println!("{}", serde_json::to_string(&run)?);
    Ok(())
}

fn sync_device(server: &str, db: &Path, org: &str, name: &str, steps: &str) -> Result<DeviceRun> {
    let (push, pull) = match steps {
        "push" => (true, false),
        "pull" => (false, true),
        "both" => (true, true),
        other => return Err(format!("--steps is push, pull or both, not {other:?}").into()),
    };
    let mut run = DeviceRun::default();
    let t = Instant::now();
    let mut store = Store::open(db)?;
    run.open_ms = ms(t.elapsed());
    let (mut client, meter) = Metered::client(server)?;
    let t = Instant::now();
    client.sign_in(&mut store, org, "rep", &Secret::new(PASSWORD), name)?;
    run.sign_in_ms = ms(t.elapsed());
    let before = meter.counts();

    if push {
        let t = Instant::now();
        run.pushed = client.push(&mut store)?;
        run.push_ms = ms(t.elapsed());
    }
    let pushed = meter.counts();
    run.push_requests = pushed.0 - before.0;
    run.push_json_bytes = pushed.1 + pushed.2 - before.1 - before.2;
    if pull {
        let t = Instant::now();
        let report = client.pull(&mut store)?;
        run.pull_ms = ms(t.elapsed());
        run.pulled = report.pulled;
        run.conflicts = report.conflicts;
        run.cursor = report.cursor;
        run.head = report.head;
    }
    let pulled = meter.counts();
    run.pull_requests = pulled.0 - pushed.0;
    run.pull_json_bytes = pulled.1 + pulled.2 - pushed.1 - pushed.2;

    let status = store.sync().status()?;
    run.waiting = status.waiting;
    run.newer_schema = status.newer_schema;
    run.refused = status.refused;
    run.change_log = status.change_log;
    drop(store);
    run.peak_rss_bytes = proc_status_bytes("self", "VmHWM")?;
    run.cpu_s = cpu_seconds("self")?;
    Ok(run)
}

/// The parent's side: runs `bin net-device …` on `db` (`steps`: `push`, `pull` or `both`), waits for it and reads its
/// [`DeviceRun`]; also answers the process's wall time (start-up included).
pub fn run_device(
    bin: &Path,
    server: &str,
    db: &Path,
    org: &str,
    name: &str,
    steps: &str,
) -> Result<(DeviceRun, f64)> {
    let t = Instant::now();
    let out = Command::new(bin)
        .arg(SUBCOMMAND)
        .args(["--server", server, "--org", org, "--name", name])
        .args(["--steps", steps, "--db"])
        .arg(db)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()?;
    let wall = ms(t.elapsed());
    if !out.status.success() {
        return Err(format!("the device process {name:?} failed ({})", out.status).into());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .ok_or_else(|| format!("the device process {name:?} printed no result: {text:?}"))?;
    Ok((serde_json::from_str(line)?, wall))
}
