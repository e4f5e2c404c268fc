//! What `chainbook-feel` makes of its measurements: each interaction's figures, the app's log
//! lines of the commands it ran, nearest-rank percentiles, the printed table and the JSON
//! report.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

/// One interaction's measurements.
#[derive(Default, Clone)]
pub struct Figure {
    /// Painted: ms from the input event to the frame with the result.
    pub painted: Vec<f64>,
    /// Ready: ms from the input event to the start of that frame (the result in the page,
    /// not yet drawn); painted minus ready is the drawing.
    pub ready: Vec<f64>,
    /// The slowest command's round trip as the page saw it (call to answer), ms.
    pub ipc: Vec<f64>,
    /// The app's commands for the same interaction, Rust side, ms.
    pub commands: Vec<f64>,
    /// Each command that ran, in the order first seen, with its Rust-side times (ms).
    pub per_command: Vec<(String, Vec<f64>)>,
}

/// Every `chainbook.*.log` under `dir`, concatenated in name order.
pub fn read_logs(dir: &Path) -> String {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("chainbook.") && n.ends_with(".log"))
    });
    files.sort();
    files
        .iter()
        .filter_map(|f| fs::read_to_string(f).ok())
        .collect()
}

/// `("customers_list", 1234)` from a line such as
/// `… DEBUG chainbook_app::ipc: command done command="customers_list" us=1234`.
pub fn parse_command(line: &str) -> Option<(String, u64)> {
    let rest = &line[line.find("chainbook_app::ipc: command done")?..];
    let name = rest.split_once("command=")?.1;
    let name: String = name
        .trim_start_matches('"')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let us = rest.split_once(" us=")?.1;
    let us: String = us.chars().take_while(char::is_ascii_digit).collect();
    Some((name, us.parse().ok()?))
}

pub fn percentile(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}

pub fn table(figures: &[(String, Figure)]) -> String {
    let mut out = String::from(
        "interaction                               painted p50 / p95 ms   in page p50   round trip p50   commands p50 / p95 ms   target p95\n",
    );
    for (name, f) in figures {
        let p95 = percentile(&f.painted, 0.95);
        out.push_str(&format!(
            "{name:<40} {:>8.1} / {:>6.1}   {:>10.1}   {:>14.1}    {:>6.1} / {:>6.1}        ≤ 50 {}   ({} runs; {})\n",
            percentile(&f.painted, 0.5),
            p95,
            percentile(&f.ready, 0.5),
            percentile(&f.ipc, 0.5),
            percentile(&f.commands, 0.5),
            percentile(&f.commands, 0.95),
            if p95 <= 50.0 { "met" } else { "MISSED" },
            f.painted.len(),
            command_times(f)
        ));
    }
    out
}

/// `name p50/p95` of each command of `f` (ms, Rust side), so a slow one stands out.
fn command_times(f: &Figure) -> String {
    f.per_command
        .iter()
        .map(|(n, v)| format!("{n} {:.1}/{:.1}", percentile(v, 0.5), percentile(v, 0.95)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn report(figures: &[(String, Figure)], db: &Path) -> Value {
    let list: Vec<Value> = figures
        .iter()
        .map(|(name, f)| {
            json!({
                "interaction": name,
                "runs": f.painted.len(),
                "painted_ms": { "p50": percentile(&f.painted, 0.5), "p95": percentile(&f.painted, 0.95) },
                "in_page_ms": { "p50": percentile(&f.ready, 0.5), "p95": percentile(&f.ready, 0.95) },
                "round_trip_ms": { "p50": percentile(&f.ipc, 0.5), "p95": percentile(&f.ipc, 0.95) },
                "commands_ms": { "p50": percentile(&f.commands, 0.5), "p95": percentile(&f.commands, 0.95) },
                "commands": f.per_command.iter().map(|(n, v)| json!({
                    "command": n,
                    "calls": v.len(),
                    "p50_ms": percentile(v, 0.5),
                    "p95_ms": percentile(v, 0.95),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "dataset": db.display().to_string(), "target_p95_ms": 50, "figures": list })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_command_lines() {
        let line = "2026-12-07T21:00:00.123456Z DEBUG chainbook_app::ipc: command done command=\"customers_list\" us=1234";
        assert_eq!(parse_command(line), Some(("customers_list".into(), 1234)));
        assert_eq!(
            parse_command("x DEBUG chainbook_app::ipc: command done command=palette_search us=7"),
            Some(("palette_search".into(), 7))
        );
        assert_eq!(
            parse_command("x INFO chainbook_app: ui ready startup_ms=5"),
            None
        );
        assert_eq!(
            parse_command("x DEBUG chainbook_app::ipc: command done command=\"a\" us="),
            None
        );
    }

    #[test]
    fn nearest_rank_percentiles() {
        assert_eq!(percentile(&[5.0, 1.0, 4.0, 2.0, 3.0], 0.5), 3.0);
        assert_eq!(percentile(&[5.0, 1.0, 4.0, 2.0, 3.0], 0.95), 5.0);
        assert!(percentile(&[], 0.5).is_nan());
    }
}
