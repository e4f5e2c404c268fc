//! Store-layer read benchmarks on a generated dataset, each beside its bare-SQLite equivalent
//! where there is one.
//!
//! [`run`] opens the dataset twice: through `chainbook_store::Store` (what the app does) and as
//! a plain read-only rusqlite connection to the same file (the floor: the same SQLite doing the
//! least work that returns the same rows). Each figure is warmed up, then timed over many
//! repetitions; the report gives the median (p50) and p95 in milliseconds, the target from the
//! customer issue (search p95 ≤ 20 ms, list page p95 ≤ 30 ms, record page ≤ 20 ms), and the ratio
//! of our median to the bare median.
//!
//! Figures:
//! - **search as you type**: `Store::search_customers(q, 20)` for a fixed list of Chinese,
//!   pinyin, initials, English, phone and e-mail queries taken from the generator's word lists,
//!   plus every keystroke of typing a brand's pinyin; bare: an FTS5 `MATCH` on
//!   `customer_search` (queries of 3+ characters, which the trigram index serves) or a `LIKE`
//!   over every text column of that table (shorter ones), `LIMIT 20`, without ranking;
//! - **customer list pages**: `Store::list_customers` (50 rows) sorted by name or last update,
//!   unfiltered and with two filters, first page and a deep page (the middle one); bare: the
//!   same `SELECT … ORDER BY … LIMIT 50 OFFSET …` plus its `count(*)`. The store remembers a
//!   filtered list's total until the next write, so repeated pages of one list measure only the
//!   page; group `list-uncached` measures the first page after a filter change honestly (before
//!   each run, untimed, a list with a filter that matches nothing replaces the remembered count,
//!   so every timed run counts as well), against the same bare count + page;
//! - **record page** (`get_customer_detail`), segment count (`count_customers`) and the filter
//!   choices (`filter_options`);
//! - **product and supplier list pages** (groups `products` and `suppliers`) on the separate
//!   supply dataset: see [`run_supply`];
//! - **the order list and the order page** (group `orders`) on the orders dataset: see
//!   [`run_orders`]; with them the command palette per keystroke (group `palette`) and the
//!   home's attention list (group `home`), see `palette`.
//! - **the complaint list, complaint page and NPS/CSAT** (group `complaints`) on the complaints
//!   dataset: see [`run_complaints`];
//! - **sync** (group `sync`) on a copy of the orders dataset: applying batches of remote
//!   changes, and the file's footprint per table: see [`run_apply`] and [`footprint`];
//! - **customer analytics** (group `analytics`) on the orders dataset: see
//!   `analytics::analytics_figures`;
//! - **the supplier scorecard** (group `scorecard`, with the analytics figures) on the orders
//!   dataset: every supplier's scorecard of a quarter and one supplier's page, see
//!   `scorecard::scorecard_figures`;
//! - **sync over the network** (group `sync-net`) on the orders dataset, against the real
//!   `chainbook-server` on 127.0.0.1: a new device's first sync with both sides' peak memory,
//!   one change's round trip, 20 clients pushing at once: see [`net`] and [`run_sync_net`];
//! - **data out** (group `data`) on the customers dataset: every customer exported to .xlsx,
//!   and a backup of the whole file while the store keeps reading: see [`run_data`];
//! - **forecasting** (group `forecast`): 20,000 synthetic product series × 36 months
//!   forecast with backtests on every core, see [`run_forecast`];
//! - **the index audit** (`--audit-indexes`): which indexes the queries use, see
//!   [`audit_indexes`].
//!
//! Shared parts: `measure` (runs, timings, figures, bare pairs) and `report` (plausibility and
//! the text table); the customer figures are in `customers`.

mod analytics;
mod audit;
mod complaints;
mod customers;
mod data;
mod forecast;
mod measure;
pub mod net;
mod orders;
mod palette;
mod planning;
mod records;
mod report;
mod scorecard;
mod supply;
mod sync;

pub use analytics::{run_analytics, write_analytics_json};
pub use audit::{audit_indexes, IndexUse};
pub use complaints::{run_complaints, COMPLAINT_PAGE_TARGET_MS};
pub use customers::{run, SEARCH_QUERIES, TYPED};
pub use data::{export_customers, run_data, BACKUP_TARGET_MS, EXPORT_TARGET_MS};
pub use forecast::{
    forecast_all, run_forecast, series as forecast_series, FORECAST_MONTHS, FORECAST_PRODUCTS,
    FORECAST_TARGET_MS,
};
pub(crate) use measure::{
    compare, drain, figure, list_pair, open_bare, pooled, time, time_after, Timed,
};
pub use measure::{encrypt_with, encrypted_copy, Figure, Options};
pub(crate) use measure::{open_rw, open_store};
pub use net::{run_sync_net, NetOptions};
pub use orders::{run_orders, ORDER_PAGE_TARGET_MS};
pub use palette::{run_palette, HOME_TARGET_MS, PALETTE_TARGET_MS};
pub use planning::{run_planning, PLAN_TARGET_MS};
pub use report::{implausible, table};
pub use scorecard::run_scorecard;
pub use supply::run_supply;
pub use sync::{footprint, footprint_table, run_apply, APPLY_BATCHES, APPLY_BATCH_TARGET_MS};

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub const SEARCH_TARGET_MS: f64 = 20.0;
pub const LIST_TARGET_MS: f64 = 30.0;
pub const RECORD_TARGET_MS: f64 = 20.0;
pub const SEARCH_LIMIT: u32 = 20;
pub const PAGE_SIZE: u32 = 50;
