//! Diagnostics for the benchmarks: which SQL statements the store ran, so their query plans
//! can be checked against the indexes the schema carries (an index no plan uses is dead
//! weight in every write and in the file). Off unless a benchmark turns it on; never used by
//! the app.

use std::collections::BTreeSet;
use std::sync::Mutex;

static STATEMENTS: Mutex<Option<BTreeSet<String>>> = Mutex::new(None);

/// Starts recording the statements of stores opened from now on (and clears what was
/// recorded).
pub fn record_statements() {
    *STATEMENTS.lock().unwrap_or_else(|e| e.into_inner()) = Some(BTreeSet::new());
}

/// Whether statements are being recorded.
pub(crate) fn recording() -> bool {
    STATEMENTS.lock().map(|s| s.is_some()).unwrap_or(false)
}

/// Records one statement's text (with its `?` placeholders; trigger programs are skipped).
pub(crate) fn trace(sql: &str) {
    if sql.trim_start().starts_with("--") {
        return;
    }
    if let Ok(mut s) = STATEMENTS.lock() {
        if let Some(set) = s.as_mut() {
            set.insert(sql.trim().to_owned());
        }
    }
}

/// Stops recording and returns the distinct statements run since [`record_statements`].
pub fn recorded_statements() -> Vec<String> {
    STATEMENTS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
        .map(|s| s.into_iter().collect())
        .unwrap_or_default()
}
