//! The report: which results make a figure meaningless, and the figures as a text table.

use crate::{Figure, PAGE_SIZE};

/// Results that make a figure meaningless (a search that finds nothing, a short list page),
/// as messages; empty when every figure is plausible.
pub fn implausible(figures: &[Figure]) -> Vec<String> {
    let mut bad = Vec::new();
    for f in figures {
        let ok = match (f.group, f.total) {
            ("search", _) => f.rows > 0,
            // List pages, counts: something matches and a page holds at most a page.
            (_, Some(total)) => {
                total > 0 && f.rows > 0 && f.rows <= u64::from(PAGE_SIZE) && f.rows <= total
            }
            _ => f.rows > 0,
        };
        if !ok {
            bad.push(format!("{}: {} rows, total {:?}", f.name, f.rows, f.total));
        }
        if f.samples == 0 || !(f.p50_ms >= 0.0 && f.p95_ms >= f.p50_ms) {
            bad.push(format!("{}: bad timings {f:?}", f.name));
        }
    }
    bad
}

/// Display width in a terminal: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// The figures as a text table: figure, p50, p95, target, ours ÷ bare, rows.
pub fn table(figures: &[Figure]) -> String {
    let w = figures
        .iter()
        .map(|f| width(&f.name))
        .max()
        .unwrap_or(10)
        .max(6);
    let mut s = format!(
        "{}  {:>8}  {:>8}  {:>9}  {:>9}  {:>7}\n",
        pad("figure", w),
        "p50 ms",
        "p95 ms",
        "target",
        "ours÷bare",
        "rows"
    );
    s.push_str(&format!("{}\n", "-".repeat(w + 52)));
    let mut group = "";
    for f in figures {
        if f.group != group && !group.is_empty() && f.group != "bare" {
            s.push('\n');
        }
        if f.group != "bare" {
            group = f.group;
        }
        let target = match f.target_ms {
            Some(t) if f.missed() => format!("≤{t:.0} MISS"),
            Some(t) => format!("≤{t:.0} ok"),
            None => String::new(),
        };
        let ratio = f.ratio.map(|r| format!("{r:.1}×")).unwrap_or_default();
        let rows = match f.total {
            Some(t) => format!("{}/{t}", f.rows),
            None => f.rows.to_string(),
        };
        s.push_str(&format!(
            "{}  {:>8.3}  {:>8.3}  {:>9}  {:>9}  {:>7}\n",
            pad(&f.name, w),
            f.p50_ms,
            f.p95_ms,
            target,
            ratio,
            rows
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_are_padded_by_display_width() {
        assert_eq!(width("深圳 ab"), 7);
        assert_eq!(pad("华", 4), "华  ");
    }
}
