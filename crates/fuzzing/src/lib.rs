//! `chainbook-fuzzing`: the fuzz targets of every input boundary, one function per target.
//! Each takes the bytes it is handed and panics when a property fails. Two callers share
//! them: the cargo-fuzz crate in `fuzz/` (one libFuzzer binary per target, coverage-guided
//! runs by `cargo xtask fuzz` and `cargo xtask test --slow`, needing nightly) and the replay
//! test of the normal suite (`tests/replay.rs`: every file of the committed corpus in
//! `fuzz/corpus/<target>/`, then a proptest run of structure-aware inputs from [`mutate`]).
//!
//! - [`ipc`]: every IPC command's arguments, through Tauri's mock runtime and the real handler;
//! - [`sync_api`]: the sync server's request bodies, through its real router;
//! - [`table`]: the import's CSV and Excel readers and the rows read through a mapping;
//! - [`segment`]: a saved segment's filter JSON, parsed, compiled to SQL and run;
//! - [`seeds`]: the valid inputs the corpus starts from, and the IPC harness's records;
//! - [`mutate`]: proptest strategies that damage valid inputs the way the fuzzer does;
//! - [`digest`]: a hash of every table of a SQLite file, for "nothing was written".

pub mod digest;
pub mod ipc;
pub mod mutate;
pub mod seeds;
pub mod segment;
pub mod sync_api;
pub mod table;

pub use ipc::ipc;
pub use segment::segment_filter;
pub use sync_api::sync_api;
pub use table::table;

/// A target: the bytes of one input; panics when a property fails.
pub type Target = fn(&[u8]);

/// Every target by the name of its binary in `fuzz/` and its corpus folder.
pub const TARGETS: [(&str, Target); 4] = [
    ("ipc", ipc),
    ("sync_api", sync_api),
    ("table", table),
    ("segment_filter", segment_filter),
];
