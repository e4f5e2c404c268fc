//! The command line of `chainbook-bench`: its usage text, the groups `--only` chooses, and the
//! parsed arguments.

use std::path::{Path, PathBuf};

use chainbook_bench::Result;
use chainbook_datagen::Scale;

pub(crate) const USAGE: &str = "\
usage: chainbook-bench [--scale S|M|L] [--seed N] [--reps N] [--rebuild]
                       [--only customers|supply|orders|analytics|planning|scorecard|palette|complaints|data|forecast|sync-net]
                       [--target DIR] [--products N]
                       [--db FILE] [--audit-indexes]
  --scale   dataset size: S 1,000 customers (default), M 10,000, L 100,000; the supply
            dataset: S 1,000 products and 100 suppliers, M 5,000 and 500, L 20,000 and 2,000;
            the orders dataset: that scale's customers and supply side and S 1,000 orders,
            M 100,000, L 1,000,000; the complaints dataset: that scale's customers and
            suppliers with S 1,000 complaints and 2,000 survey responses, M 10,000 and
            20,000, L 100,000 and 200,000
  --seed    generator seed (default 42)
  --reps    timed runs per figure (default 50, at least 1), after 5 warm-up runs
  --encrypted
            measure encrypted copies of the customers and orders datasets (SQLCipher with a
            fixed benchmark key, the bare-SQLite figures keyed too): the customer figures, and
            with the orders the order list and page and applying remote changes (the writes)
  --rebuild generate the datasets afresh even if cached ones match (after a change to what
            the store writes that leaves the schema as it was)
  --only    only the customer figures (search, lists, record, segment), only data out
            (data: every customer exported to .xlsx and a backup of the customers dataset,
            on that dataset), only the supply
            side's (product and supplier lists), only the orders' (order list and order
            page, analytics, applying remote changes), only the analytics (on the orders
            dataset), only the planning figures (on the orders dataset: the product list
            with reserved, available and on order, the plan of a day, the replenishment
            list), only the supplier scorecard (scorecard: every
            supplier's quarter and one supplier's page), only the command palette per
            keystroke and the home's attention list (palette, on the orders dataset), only the complaints' (complaint list and page, NPS/CSAT), or only sync
            over the network (sync-net, on the orders dataset: the real chainbook-server,
            built in this binary's profile or taken from $CHAINBOOK_SERVER_BIN, on 127.0.0.1;
            a new device's first sync of the dataset with both sides' peak memory, 200
            one-change round trips, 20 clients pushing at once; last in a full run), or only
            forecasting (forecast: 20,000 synthetic products × 36 months with backtests, no
            dataset); default all
  --products
            products in the forecast group (default 20,000, the issue's target size)
  --target  cargo's target folder (default $CARGO_TARGET_DIR or the workspace's target/)
  --analytics-json FILE
            with the orders dataset: write every CNY customer's value (revenue, ABC tier,
            RFM, lifecycle) for the 365 days to the dataset's today to FILE and stop
  --audit-indexes
            run every figure once while recording the store's statements, plan them on the
            datasets and list the indexes no plan uses (nothing is timed)
  --db      with --only: measure FILE instead of the cached dataset, e.g. a copy with a
            migration applied (opening it applies pending migrations; FILE's .manifest, copied
            beside it, describes it)
";

/// Which datasets and figures a run covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Only {
    All,
    Customers,
    Supply,
    Orders,
    /// Only the analytics figures, on the orders dataset.
    Analytics,
    /// Only the planning figures, on the orders dataset.
    Planning,
    /// Only the supplier scorecard's figures, on the orders dataset.
    Scorecard,
    /// Only the command palette and the home, on the orders dataset.
    Palette,
    Complaints,
    /// Only the export and backup figures, on the customers dataset.
    Data,
    /// Only sync over the network, on the orders dataset.
    SyncNet,
    /// Only the forecasting engine, on synthetic series (no dataset).
    Forecast,
}

impl Only {
    pub(crate) fn runs(self, part: Only) -> bool {
        self == Only::All || self == part
    }
}

pub(crate) struct Args {
    pub(crate) scale: Scale,
    pub(crate) seed: u64,
    pub(crate) reps: usize,
    pub(crate) rebuild: bool,
    pub(crate) only: Only,
    pub(crate) target: PathBuf,
    /// Measure this file instead of the cached dataset (with `--only`).
    pub(crate) db: Option<PathBuf>,
    /// Run every figure once while recording the store's statements, and report which
    /// indexes their plans use.
    pub(crate) audit: bool,
    /// Write every CNY customer's value for the default year to this file (JSON) and stop,
    /// for `tests/crosscheck/analytics.py`.
    pub(crate) analytics_json: Option<PathBuf>,
    /// Products in the forecast group.
    pub(crate) products: usize,
    /// Measure encrypted copies of the datasets (SQLCipher, a fixed benchmark key).
    pub(crate) encrypted: bool,
}

pub(crate) fn parse_args() -> Result<Args> {
    let mut args = Args {
        scale: Scale::S,
        seed: 42,
        reps: 50,
        rebuild: false,
        only: Only::All,
        target: default_target(),
        db: None,
        audit: false,
        analytics_json: None,
        products: chainbook_bench::FORECAST_PRODUCTS,
        encrypted: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{a} needs a value\n\n{USAGE}"))
        };
        match a.as_str() {
            "--scale" => {
                let v = value()?;
                args.scale = Scale::parse(&v).ok_or_else(|| format!("unknown scale {v:?}"))?;
            }
            "--seed" => args.seed = value()?.parse()?,
            "--reps" => args.reps = value()?.parse::<usize>()?.max(1),
            "--target" => args.target = PathBuf::from(value()?),
            "--db" => args.db = Some(PathBuf::from(value()?)),
            "--rebuild" => args.rebuild = true,
            "--encrypted" => args.encrypted = true,
            "--products" => args.products = value()?.parse::<usize>()?.max(1),
            "--audit-indexes" => args.audit = true,
            "--analytics-json" => args.analytics_json = Some(PathBuf::from(value()?)),
            "--only" => {
                args.only = match value()?.as_str() {
                    "customers" => Only::Customers,
                    "supply" => Only::Supply,
                    "orders" => Only::Orders,
                    "analytics" => Only::Analytics,
                    "planning" => Only::Planning,
                    "scorecard" => Only::Scorecard,
                    "palette" => Only::Palette,
                    "complaints" => Only::Complaints,
                    "data" => Only::Data,
                    "sync-net" => Only::SyncNet,
                    "forecast" => Only::Forecast,
                    v => {
                        return Err(format!(
                            "--only is customers, supply, orders, analytics, planning, scorecard, \
                             palette, complaints, data, forecast or sync-net, not {v:?}"
                        )
                        .into())
                    }
                }
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown option {other:?}\n\n{USAGE}").into()),
        }
    }
    if args.db.is_some() && args.only == Only::All {
        return Err("--db needs --only: the file holds one dataset".into());
    }
    Ok(args)
}

/// `$CARGO_TARGET_DIR`, else the workspace's `target/` (this crate is `<root>/crates/bench`).
pub(crate) fn default_target() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => root.join(d),
        _ => root.join("target"),
    }
}
