//! `chainbook-feel`: how fast the app feels, measured in its real window where the user feels
//! it: from the key press or click to the next frame painted with its result. Run by
//! `cargo xtask bench --app` (which builds the release app, finds tauri-driver and a display and
//! passes them as the end-to-end suite's `CHAINBOOK_APP`, `TAURI_DRIVER` and `DISPLAY`).
//!
//! usage: chainbook-feel (--db FILE | --move-db FILE) [--reps N] [--out FILE.json]
//!
//! Opens a copy of `FILE` (with `--move-db`, the file itself, moved into the app's data folder
//! and deleted with it: an L dataset is 8 GB) (a benchmark dataset, e.g. `target/bench-data/orders-L-42.db`) in the
//! app through the end-to-end harness and times, `reps` times each: opening every section from
//! the navigation, search as you type in the customer list and in the command palette (each
//! key press), the next page of the customer and order lists, and opening a customer 360 and an
//! order from their lists.
//!
//! How a figure is taken ([`PROBE`]): a capturing listener in the page notes the input event's
//! own time stamp (when the event was made, so queueing counts); an animation-frame loop checks
//! a condition on the page (a new list answer painted, the palette showing the query just
//! typed, a record page with its content and nothing loading); in the frame where it first
//! holds, a zero timer after that frame reads the clock: the result has been painted. Conditions
//! are data, not script, because the app's content security policy forbids `eval`.
//!
//! First, the transport alone: small commands called straight through Tauri's `invoke` in the
//! idle page, their round trip as the page sees it.
//!
//! Beside each figure: the time the app's commands took on the Rust side for the same
//! interaction (their decoding and the store's work), from the app's `chainbook_app::ipc` debug
//! log lines, so the distance — the WebView's transport, encoding the answer, rendering — is
//! visible.

mod page;
mod report;

use std::fs;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chainbook_e2e::{session, DataDir, Result, Ui};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use serde_json::{json, Value};

use page::{PROBE, ROUND_TRIP};
use report::{parse_command, read_logs, report, table, Figure};

/// How long one interaction may take before the run fails.
const INTERACTION_TIMEOUT: Duration = Duration::from_secs(20);
/// Default measurements per interaction.
const DEFAULT_REPS: usize = 20;
/// Typed one key at a time in the searches: pinyin initials and a name, as reps search.
const TYPED: &str = "wang";

/// What counts as "the result is on screen".
#[derive(Clone)]
enum Cond {
    /// The list whose frame `sel` matches painted a new answer.
    List(&'static str),
    /// A new element `sel` (not the one there before) with `ready` inside the page and nothing
    /// in the main area loading.
    View(&'static str, &'static str),
    /// The palette shows the answer to what its input holds.
    Palette,
}

impl Cond {
    fn json(&self) -> Value {
        match self {
            Cond::List(sel) => json!({ "kind": "list", "sel": sel }),
            Cond::View(sel, ready) => json!({ "kind": "view", "sel": sel, "ready": ready }),
            Cond::Palette => json!({ "kind": "palette" }),
        }
    }
}

const CUSTOMER_LIST: &str = "main .list-wrap";

struct Bench {
    ui: Ui,
    log_dir: PathBuf,
    /// How much of the log has been read.
    log_seen: usize,
    figures: Vec<(String, Figure)>,
}

impl Bench {
    /// Arms the probe, runs `act`, waits for the condition and records the figure under `name`.
    async fn measure<F, Fut>(&mut self, name: &str, cond: Cond, act: F) -> Result<()>
    where
        F: FnOnce(Ui) -> Fut,
        Fut: std::future::Future<Output = Result<()>>,
    {
        self.ui.client().execute(PROBE, vec![]).await?;
        // Whatever the app logged before (a previous interaction's stragglers) is not ours.
        self.read_commands();
        self.ui
            .client()
            .execute(
                "window.__feel.arm(arguments[0]); return true;",
                vec![cond.json()],
            )
            .await?;
        act(self.ui.clone()).await?;
        let started = std::time::Instant::now();
        let (ms, dom, ipc, charts) = loop {
            let r = self
                .ui
                .client()
                .execute("return window.__feel.result();", vec![])
                .await?;
            if let Some(e) = r.get("error").and_then(Value::as_str) {
                return Err(format!("{name}: {e}").into());
            }
            if let Some(ms) = r.get("ms").and_then(Value::as_f64) {
                let get = |k: &str| r.get(k).and_then(Value::as_f64);
                let charts: Vec<(String, f64)> = r
                    .get("charts")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|m| Some((m[0].as_str()?.to_string(), m[1].as_f64()?)))
                            .collect()
                    })
                    .unwrap_or_default();
                break (
                    ms,
                    get("dom").unwrap_or(ms),
                    get("ipc").unwrap_or(0.0),
                    charts,
                );
            }
            if started.elapsed() > INTERACTION_TIMEOUT {
                return Err(
                    format!("{name}: no result on screen within {INTERACTION_TIMEOUT:?}").into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        };
        self.record(name, ms, dom, ipc, charts).await;
        Ok(())
    }

    /// `cmd`'s round trip as the page sees it, called straight through Tauri's `invoke` with
    /// nothing else in flight and nothing drawn: what the transport alone costs, the floor
    /// under every figure above it.
    async fn round_trips(&mut self, name: &str, cmd: &str, reps: usize) -> Result<()> {
        for _ in 0..reps {
            self.read_commands();
            let r = self
                .ui
                .client()
                .execute_async(ROUND_TRIP, vec![json!(cmd)])
                .await?;
            let ms = r
                .as_f64()
                .filter(|ms| *ms >= 0.0)
                .ok_or_else(|| format!("{name}: `{cmd}` failed in the page: {r}"))?;
            self.record(name, ms, ms, ms, Vec::new()).await;
        }
        Ok(())
    }

    /// Adds one measurement of `name`, with the commands the app logged for it and the charts
    /// the page drew for it (`(chart:<testid>, ms)`, listed among the commands).
    async fn record(
        &mut self,
        name: &str,
        ms: f64,
        dom: f64,
        ipc: f64,
        charts: Vec<(String, f64)>,
    ) {
        // The log writer runs on its own thread: give it a moment to write our lines.
        tokio::time::sleep(Duration::from_millis(60)).await;
        let cmds = self.read_commands();
        let fig = match self.figures.iter_mut().find(|(n, _)| n == name) {
            Some((_, f)) => f,
            None => {
                self.figures.push((name.to_string(), Figure::default()));
                &mut self.figures.last_mut().expect("just pushed").1
            }
        };
        fig.painted.push(ms);
        fig.ready.push(dom);
        fig.ipc.push(ipc);
        fig.commands
            .push(cmds.iter().map(|(_, us)| *us as f64 / 1000.0).sum());
        let drawn = charts.into_iter().map(|(c, ms)| (c, (ms * 1000.0) as u64));
        for (c, us) in cmds.into_iter().chain(drawn) {
            let ms = us as f64 / 1000.0;
            match fig.per_command.iter_mut().find(|(n, _)| *n == c) {
                Some((_, v)) => v.push(ms),
                None => fig.per_command.push((c, vec![ms])),
            }
        }
    }

    /// The `(command, µs)` of the log lines written since the last call.
    fn read_commands(&mut self) -> Vec<(String, u64)> {
        let text = read_logs(&self.log_dir);
        let new = text.get(self.log_seen..).unwrap_or("").to_string();
        self.log_seen = text.len();
        new.lines().filter_map(parse_command).collect()
    }
}

async fn click_el(el: Element) -> Result<()> {
    el.click().await?;
    Ok(())
}

/// Types `text` into the focused element one key at a time, measuring each key under `name`.
async fn type_measured(b: &mut Bench, name: &str, text: &str, cond: Cond) -> Result<()> {
    for ch in text.chars() {
        b.measure(name, cond.clone(), move |ui| async move {
            ui.client()
                .active_element()
                .await?
                .send_keys(&ch.to_string())
                .await?;
            Ok(())
        })
        .await?;
    }
    Ok(())
}

/// Empties the focused input and waits for the list to answer (not measured).
async fn clear_search(b: &mut Bench, cond: Cond) -> Result<()> {
    let select_all = format!("{}a{}{}", Key::Control, Key::Null, Key::Backspace);
    b.measure("(clearing the search)", cond, move |ui| async move {
        ui.client()
            .active_element()
            .await?
            .send_keys(&select_all)
            .await?;
        Ok(())
    })
    .await
}

async fn run_all(ui: Ui, log_dir: PathBuf, reps: usize) -> Result<Vec<(String, Figure)>> {
    let mut b = Bench {
        ui: ui.clone(),
        log_dir,
        log_seen: 0,
        figures: Vec::new(),
    };
    // The first screen, fully loaded.
    ui.find("nav-customers").await?;
    // The transport's floor: two small commands, nothing else in flight.
    tokio::time::sleep(Duration::from_millis(500)).await;
    b.round_trips("transport: sync_status, idle", "sync_status", reps)
        .await?;
    b.round_trips("transport: app_info, idle", "app_info", reps)
        .await?;

    // Sections, each opened from another one.
    let sections: [(&str, Cond); 8] = [
        (
            "home",
            Cond::View(
                "[data-testid=home]",
                "[data-testid=home-group], [data-testid=home-all-clear]",
            ),
        ),
        (
            "dashboard",
            // Its figures and every chart drawn.
            Cond::View(
                "section.dashboard",
                "section.dashboard[aria-busy=false]:has(.chart):not(:has(.chart:not([data-ready=true])))",
            ),
        ),
        ("customers", Cond::List(CUSTOMER_LIST)),
        ("orders", Cond::List(CUSTOMER_LIST)),
        ("products", Cond::List(CUSTOMER_LIST)),
        ("suppliers", Cond::List(CUSTOMER_LIST)),
        ("purchasing", Cond::List(CUSTOMER_LIST)),
        ("service", Cond::List(CUSTOMER_LIST)),
    ];
    for _ in 0..reps {
        for (section, cond) in &sections {
            let el = ui.find(&format!("nav-{section}")).await?;
            b.measure(&format!("open section: {section}"), cond.clone(), |_| {
                click_el(el)
            })
            .await?;
        }
    }

    // The customer list: search as you type, then the next page, then a customer 360.
    let el = ui.find("nav-customers").await?;
    b.measure("(customers)", Cond::List(CUSTOMER_LIST), |_| click_el(el))
        .await?;
    let search = ui.find("customer-search").await?;
    search.click().await?;
    for _ in 0..reps.div_ceil(TYPED.len()) {
        type_measured(
            &mut b,
            "customer list: search, per key",
            TYPED,
            Cond::List(CUSTOMER_LIST),
        )
        .await?;
        clear_search(&mut b, Cond::List(CUSTOMER_LIST)).await?;
    }
    for _ in 0..reps {
        let next = ui.find("page-next").await?;
        b.measure(
            "customer list: next page",
            Cond::List(CUSTOMER_LIST),
            |_| click_el(next),
        )
        .await?;
    }
    for i in 0..reps {
        let rows = ui.find_all("customer-row").await?;
        let row = rows
            .get(i % rows.len().max(1))
            .cloned()
            .ok_or("the customer list shows no rows")?;
        b.measure(
            "open a customer 360",
            Cond::View(
                "[data-testid=customer-360]",
                "[data-testid=customer-360-name]",
            ),
            |_| click_el(row),
        )
        .await?;
        let el = ui.find("nav-customers").await?;
        b.measure("(customers)", Cond::List(CUSTOMER_LIST), |_| click_el(el))
            .await?;
    }

    // The order list: the next page, then an order.
    let el = ui.find("nav-orders").await?;
    b.measure("(orders)", Cond::List(CUSTOMER_LIST), |_| click_el(el))
        .await?;
    if ui.find_all("order-row").await?.is_empty() {
        println!("the dataset holds no orders: no order figures");
        return Ok(palette(b, reps).await?.figures);
    }
    for _ in 0..reps {
        let next = ui.find("order-page-next").await?;
        b.measure("order list: next page", Cond::List(CUSTOMER_LIST), |_| {
            click_el(next)
        })
        .await?;
    }
    for i in 0..reps {
        let rows = ui.find_all("order-row").await?;
        let row = rows
            .get(i % rows.len().max(1))
            .cloned()
            .ok_or("the order list shows no rows")?;
        b.measure(
            "open an order",
            Cond::View("[data-testid=order-page]", "[data-testid=order-number]"),
            |_| click_el(row),
        )
        .await?;
        let el = ui.find("nav-orders").await?;
        b.measure("(orders)", Cond::List(CUSTOMER_LIST), |_| click_el(el))
            .await?;
    }

    Ok(palette(b, reps).await?.figures)
}

/// The command palette, per key; drops the unmeasured steps' figures.
async fn palette(mut b: Bench, reps: usize) -> Result<Bench> {
    let ui = b.ui.clone();
    for _ in 0..reps.div_ceil(TYPED.len()) {
        ui.press(&[Key::Control], 'k').await?;
        ui.find("global-search-input").await?;
        type_measured(&mut b, "palette: search, per key", TYPED, Cond::Palette).await?;
        ui.press(&[], '\u{e00c}').await?; // Escape
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    b.figures.retain(|(n, _)| !n.starts_with('('));
    Ok(b)
}

fn usage() -> ! {
    eprintln!("usage: chainbook-feel (--db FILE | --move-db FILE) [--reps N] [--out FILE.json]");
    std::process::exit(2);
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut db = None;
    let mut moved = false;
    let mut reps = DEFAULT_REPS;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--db" => db = args.next().map(PathBuf::from),
            "--move-db" => {
                db = args.next().map(PathBuf::from);
                moved = true;
            }
            "--reps" => {
                reps = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--out" => out = args.next().map(PathBuf::from),
            _ => usage(),
        }
    }
    let Some(db) = db else { usage() };
    let data = DataDir::new("feel");
    let dest = data.path().join("chainbook.db");
    let placed = if moved {
        fs::rename(&db, &dest).or_else(|_| fs::copy(&db, &dest).and_then(|_| fs::remove_file(&db)))
    } else {
        println!("copying {} into the app's data folder", db.display());
        fs::copy(&db, &dest).map(|_| ())
    };
    if let Err(e) = placed {
        eprintln!(
            "cannot place {} in the app's data folder: {e}",
            db.display()
        );
        std::process::exit(1);
    }
    // The commands' own times, for the figures' second column.
    data.set_env("RUST_LOG", "info,chainbook_app::ipc=debug");
    let log_dir = data.path().join("logs");
    let figures = Arc::new(Mutex::new(Vec::new()));
    let sink = figures.clone();
    session("feel", &data, move |ui| async move {
        let f = run_all(ui, log_dir, reps).await?;
        *sink.lock().expect("not poisoned") = f;
        Ok(())
    })
    .await;
    let figures = figures.lock().expect("not poisoned").clone();
    print!("{}", table(&figures));
    if let Some(out) = out {
        let text = serde_json::to_string_pretty(&report(&figures, &db)).expect("json");
        if let Err(e) = fs::write(&out, text) {
            eprintln!("cannot write {}: {e}", out.display());
            std::process::exit(1);
        }
        println!("wrote {}", out.display());
    }
}
