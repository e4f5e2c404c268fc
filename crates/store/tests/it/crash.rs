//! Crash safety (the fast subset of the reliability issue): a child process writes through the
//! real store on a real file — customers, orders through their lifecycle, stock, complaints,
//! surveys, deletes (the simulation's random work) and orders it names, now and then a
//! checkpoint — and reports each commit on its standard output as it returns; the parent
//! kills it with SIGKILL after a
//! random moment, again and again on the same file. After every kill the file passes SQLite's
//! integrity and foreign-key checks, opens, holds every reported commit, has no order without
//! its lines, and its derived tables agree with their sources (stock on hand and the monthly
//! stock sums with the movements, the order totals with the live orders).
//!
//! 100 kills here, 1,000 with `--slow` (`CHAINBOOK_CRASH_KILLS` overrides);
//! `CHAINBOOK_CRASH_SEED` picks the moments. The writer ([`write_on`]) and the checks
//! ([`check`]) are shared with the power-loss test (`power.rs`).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use chainbook_core::order::OrderDraft;
use chainbook_store::Store;
use uuid::Uuid;

use crate::sim_common::{check_stock, ids, work, Rng};
use crate::{draft, line, product};

/// The file the child writes to; set only in the child.
const CHILD_DB: &str = "CHAINBOOK_CRASH_CHILD_DB";
/// The child's seed for its random work.
const CHILD_SEED: &str = "CHAINBOOK_CRASH_CHILD_SEED";

fn env(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// The writer the crash test kills (run only as its child: it returns at once otherwise).
#[test]
#[ignore = "the child process of killed_writers_leave_every_commit_and_a_consistent_file"]
fn writer() {
    let Some(path) = std::env::var_os(CHILD_DB) else {
        return;
    };
    let mut out = std::io::stdout().lock();
    // The test harness has written "test crash::writer ... " without ending its line.
    writeln!(out).ok();
    write_on(
        Path::new(&path),
        env(CHILD_SEED).unwrap_or(0),
        &mut |line| {
            // Written and flushed before the next write starts: a reported commit returned.
            writeln!(out, "{line}").and_then(|_| out.flush()).ok();
        },
    );
}

/// Writes through the store at `path` until the process dies (or a call fails: it panics
/// then): a customer, an order with a line, its confirmation, then a step of the
/// simulation's random work, over and over; `report` hears of each commit once it returned
/// (in the form [`Reported::read`] reads). Now and then it folds the log into the file, as
/// the shell does when idle.
pub(crate) fn write_on(path: &Path, seed: u64, report: &mut dyn FnMut(String)) {
    let mut s = Store::open(path).expect("the writer opens the store");
    let conn = rusqlite::Connection::open(path).expect("a second connection");
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9) + 1);
    let p = match ids(&conn, "SELECT id FROM products WHERE sku = 'CRASH-1'").first() {
        Some(p) => *p,
        None => product(&mut s, "CRASH-1", "12.50", "1000000"),
    };
    for serial in 0.. {
        let c = s
            .customers_mut()
            .create(&draft(&format!("崩溃测试客户 {seed}-{serial}")))
            .expect("a customer");
        report(format!("customer {}", c.id));
        let o = s
            .orders_mut()
            .create(&OrderDraft {
                customer_id: c.id,
                lines: vec![line(p, "2", "12.50", "", "13")],
                ..Default::default()
            })
            .expect("an order");
        report(format!("order {} 1", o.id));
        s.orders_mut()
            .confirm(o.id, true, true)
            .expect("the order confirmed");
        report(format!("confirmed {}", o.id));
        work(&mut rng, 0, serial, &conn, &mut s);
        report(format!("work {serial}"));
        if rng.chance(20) {
            s.checkpoint().expect("a checkpoint");
        }
    }
}

/// What the writers reported, all runs together.
#[derive(Default)]
pub(crate) struct Reported {
    pub customers: Vec<Uuid>,
    /// Order → its line count.
    pub orders: HashMap<Uuid, usize>,
    pub confirmed: Vec<Uuid>,
    pub work: usize,
}

impl Reported {
    pub fn read(&mut self, line: &str) {
        let mut parts = line.split_whitespace();
        let (Some(kind), Some(value)) = (parts.next(), parts.next()) else {
            return;
        };
        let id = || Uuid::parse_str(value).expect("a reported id");
        match kind {
            "customer" => self.customers.push(id()),
            "order" => {
                let lines = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                self.orders.insert(id(), lines);
            }
            "confirmed" => self.confirmed.push(id()),
            "work" => self.work += 1,
            _ => {}
        }
    }
}

/// The checks after every kill or power cut: integrity and foreign keys, the store opens,
/// every reported commit is there, nothing half-written, derived tables agree.
pub(crate) fn check(path: &Path, reported: &Reported, round: u64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "round {round}");
    let fk: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        fk.is_empty(),
        "round {round}: foreign keys broken in {fk:?}"
    );
    let s = Store::open(path).unwrap_or_else(|e| panic!("round {round}: the store opens: {e}"));
    let count = |sql: &str, id: &Uuid| -> i64 {
        conn.query_row(sql, [id.to_string()], |r| r.get(0)).unwrap()
    };
    for c in &reported.customers {
        // Present, as a live row or a tombstone the random work left.
        assert_eq!(
            count("SELECT count(*) FROM customers WHERE id = ?1", c),
            1,
            "round {round}: customer {c}"
        );
    }
    for (o, lines) in &reported.orders {
        assert_eq!(
            count("SELECT count(*) FROM sales_orders WHERE id = ?1", o),
            1,
            "round {round}: order {o}"
        );
        // The random work may add lines to a draft it picks; never fewer than written.
        assert!(
            count("SELECT count(*) FROM so_lines WHERE order_id = ?1", o) >= *lines as i64,
            "round {round}: the lines of order {o}"
        );
    }
    for o in &reported.confirmed {
        let history = count(
            "SELECT count(*) FROM so_status_history WHERE order_id = ?1 AND status = 'confirmed'",
            o,
        );
        assert!(history >= 1, "round {round}: the confirmation of {o}");
    }
    let none = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        none(
            "SELECT count(*) FROM sales_orders o
             WHERE NOT EXISTS (SELECT 1 FROM so_lines l WHERE l.order_id = o.id)"
        ),
        0,
        "round {round}: an order without lines"
    );
    assert_eq!(
        none("SELECT count(*) FROM sales_orders WHERE deleted = 0"),
        none("SELECT count(*) FROM so_totals"),
        "round {round}: one totals row per live order"
    );
    assert_eq!(
        none(
            "SELECT count(*) FROM sales_orders o JOIN so_totals t ON t.order_id = o.id
             WHERE o.deleted = 0 AND (t.status <> o.status OR t.customer_id <> o.customer_id)"
        ),
        0,
        "round {round}: totals rows agree with their orders"
    );
    check_stock(&s, &conn);
}

#[test]
fn killed_writers_leave_every_commit_and_a_consistent_file() {
    let slow = std::env::var("CHAINBOOK_SLOW_TESTS").is_ok_and(|v| v == "1");
    let kills = env("CHAINBOOK_CRASH_KILLS").unwrap_or(if slow { 1_000 } else { 100 });
    let seed = env("CHAINBOOK_CRASH_SEED").unwrap_or(21);
    // A real file on disk: the crash suite is about what reaches it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    drop(Store::open(&path).unwrap());
    let exe = std::env::current_exe().unwrap();
    let mut rng = Rng(seed);
    let mut reported = Reported::default();
    for round in 0..kills {
        let mut child = Command::new(&exe)
            .args(["crash::writer", "--exact", "--ignored", "--nocapture"])
            .args(["--test-threads", "1"])
            .env(CHILD_DB, &path)
            .env(CHILD_SEED, round.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the writer");
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<_>>()
        });
        // Opening takes some tens of milliseconds: some kills land in it, most in writes.
        std::thread::sleep(Duration::from_millis(30 + rng.below(250) as u64));
        child.kill().expect("SIGKILL the writer");
        let status = child.wait().unwrap();
        assert!(
            !status.success(),
            "round {round}: the writer was killed, not finished"
        );
        for line in reader.join().unwrap() {
            reported.read(&line);
        }
        check(&path, &reported, round);
    }
    assert!(
        reported.customers.len() as u64 >= kills / 2 && reported.work > 0,
        "the writers got to write: {} customers, {} random steps in {kills} runs",
        reported.customers.len(),
        reported.work
    );
    eprintln!(
        "crash: {kills} kills; {} customers, {} orders, {} confirmations, {} random steps reported and found",
        reported.customers.len(),
        reported.orders.len(),
        reported.confirmed.len(),
        reported.work
    );
}
