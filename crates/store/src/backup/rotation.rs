//! Automatic backups: their file names, when the next is due, and which to keep.
//!
//! Automatic backups are named `chainbook-auto-YYYYMMDD-HHMMSS.db` (local time of the
//! machine), so the folder sorts by age and the rules below need nothing but the names. One is
//! due when none was made on today's date. Rotation keeps the newest backup of each of the
//! `daily` most recent days that have one and of each of the `weekly` most recent ISO weeks that
//! have one; the rest are removed. Counting days *with* backups, not calendar days, means a
//! laptop left off for a month still keeps its last backups. Other files in the folder
//! (manual backups, the copy taken before a restore) are never touched.

use chrono::{Datelike, NaiveDateTime};

const PREFIX: &str = "chainbook-auto-";
const SUFFIX: &str = ".db";
const STAMP: &str = "%Y%m%d-%H%M%S";

/// The file name of an automatic backup made at `at`.
pub fn auto_name(at: NaiveDateTime) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.format(STAMP))
}

/// When the automatic backup named `name` was made, or `None` for any other file.
pub fn parse_auto_name(name: &str) -> Option<NaiveDateTime> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    NaiveDateTime::parse_from_str(stamp, STAMP).ok()
}

/// Whether an automatic backup is due at `now` when the newest one was made at `newest`.
pub fn due(newest: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    newest.is_none_or(|n| n.date() < now.date())
}

/// For backups made at `made` (any order), whether each is kept.
pub fn keep(made: &[NaiveDateTime], daily: u32, weekly: u32) -> Vec<bool> {
    let mut order: Vec<usize> = (0..made.len()).collect();
    order.sort_by(|a, b| made[*b].cmp(&made[*a]));
    let mut kept = vec![false; made.len()];
    let (mut days, mut weeks) = (Vec::new(), Vec::new());
    for i in order {
        let day = made[i].date();
        let week = (day.iso_week().year(), day.iso_week().week());
        if !days.contains(&day) && days.len() < daily as usize {
            days.push(day);
            kept[i] = true;
        }
        if !weeks.contains(&week) && weeks.len() < weekly as usize {
            weeks.push(week);
            kept[i] = true;
        }
        // A day or week already seen has its newest backup kept; this one is older.
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn names_round_trip_and_other_files_are_not_automatic() {
        let t = at(2026, 12, 7, 3);
        assert_eq!(auto_name(t), "chainbook-auto-20261207-030000.db");
        assert_eq!(parse_auto_name(&auto_name(t)), Some(t));
        for other in [
            "chainbook-20261207-030000.db",
            "chainbook-auto-20261207.db",
            "chainbook-auto-20261307-030000.db",
            "chainbook-auto-20261207-030000.db.partial",
            "notes.txt",
        ] {
            assert_eq!(parse_auto_name(other), None, "{other}");
        }
    }

    #[test]
    fn one_backup_a_day_is_due() {
        assert!(due(None, at(2026, 12, 7, 3)));
        assert!(!due(Some(at(2026, 12, 7, 1)), at(2026, 12, 7, 23)));
        assert!(due(Some(at(2026, 12, 6, 23)), at(2026, 12, 7, 0)));
    }

    #[test]
    fn keeps_newest_per_day_for_seven_days_and_per_week_for_four_weeks() {
        // Two backups a day for 60 days, Dec 2026 backwards.
        let mut made = Vec::new();
        for d in 0..60 {
            let day = at(2026, 12, 31, 0).date() - chrono::Duration::days(d);
            made.push(day.and_hms_opt(9, 0, 0).unwrap());
            made.push(day.and_hms_opt(18, 0, 0).unwrap());
        }
        let kept = keep(&made, 7, 4);
        let mut kept_at: Vec<NaiveDateTime> = made
            .iter()
            .zip(&kept)
            .filter(|(_, k)| **k)
            .map(|(m, _)| *m)
            .collect();
        kept_at.sort();
        // Dec 31 2026 is a Thursday (ISO week 53). The 7 newest days at 18:00; the newest of
        // weeks 53, 52, 51 and 50 (Dec 31, Dec 27, Dec 20, Dec 13), two of them inside the 7 days.
        let expect: Vec<NaiveDateTime> = [13, 20, 25, 26, 27, 28, 29, 30, 31]
            .iter()
            .map(|d| at(2026, 12, *d, 18))
            .collect();
        assert_eq!(kept_at, expect);
    }

    #[test]
    fn after_a_long_pause_the_last_backups_stay() {
        let made = vec![at(2026, 1, 1, 9), at(2026, 1, 2, 9), at(2026, 6, 1, 9)];
        assert_eq!(keep(&made, 7, 4), vec![true, true, true]);
        assert_eq!(keep(&made, 2, 0), vec![false, true, true]);
        assert_eq!(keep(&[], 7, 4), Vec::<bool>::new());
    }
}
