//! Demand series from `demand_days`: per product or category, monthly or weekly, from the
//! first sale to the period of the as-of day, periods without sales as zeros.

use chainbook_core::product::Qty;
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::params;

use super::{DemandPoint, Granularity, Planning};
use crate::row::RowExt;
use crate::Result;

/// The first day of the period holding `d`.
pub(crate) fn period_start(d: NaiveDate, g: Granularity) -> NaiveDate {
    match g {
        Granularity::Month => d.with_day(1).expect("day 1 exists"),
        Granularity::Week => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
    }
}

fn next_period(d: NaiveDate, g: Granularity) -> NaiveDate {
    match g {
        Granularity::Month => d
            .checked_add_months(chrono::Months::new(1))
            .expect("dates stay in range"),
        Granularity::Week => d + Duration::days(7),
    }
}

/// Days (in order) with their net demand, as a series from the first day with positive
/// demand up to `as_of`'s period; days after `as_of` are left out.
pub(crate) fn series(
    days: &[(NaiveDate, i64)],
    g: Granularity,
    as_of: NaiveDate,
) -> Vec<DemandPoint> {
    let Some(first) = days
        .iter()
        .find(|(d, q)| *q > 0 && *d <= as_of)
        .map(|(d, _)| *d)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = period_start(first, g);
    let last = period_start(as_of, g);
    let from = start;
    let mut it = days
        .iter()
        .filter(|(d, _)| *d >= from && *d <= as_of)
        .peekable();
    while start <= last {
        let next = next_period(start, g);
        let mut q = 0;
        while let Some((_, v)) = it.next_if(|(d, _)| *d < next) {
            q += v;
        }
        out.push(DemandPoint { start, qty: Qty(q) });
        start = next;
    }
    out
}

impl Planning<'_> {
    /// A product's demand series (empty before its first sale).
    pub fn demand(
        &self,
        product: uuid::Uuid,
        g: Granularity,
        as_of: NaiveDate,
    ) -> Result<Vec<DemandPoint>> {
        // Existence only: loading the product would sum its stock and reservations too.
        if !crate::products::read::exists(self.db.conn, product)? {
            return Err(crate::products::read::not_found());
        }
        let days = self.days(
            "SELECT day, qty_milli FROM demand_days WHERE product_id = ?1 ORDER BY day",
            &product.to_string(),
        )?;
        Ok(series(&days, g, as_of))
    }

    /// The summed demand of a category's live products, from the category's first sale.
    pub fn category_demand(
        &self,
        category: &str,
        g: Granularity,
        as_of: NaiveDate,
    ) -> Result<Vec<DemandPoint>> {
        let days = self.days(
            "SELECT d.day, sum(d.qty_milli) FROM products p
             JOIN demand_days d ON d.product_id = p.id
             WHERE p.category = ?1 AND p.deleted = 0 GROUP BY d.day ORDER BY d.day",
            category,
        )?;
        Ok(series(&days, g, as_of))
    }

    fn days(&self, sql: &str, key: &str) -> Result<Vec<(NaiveDate, i64)>> {
        let mut stmt = self.db.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![key], |r| Ok((r.date(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_from_the_first_sale_with_gaps_as_zeros() {
        let days = [
            (d("2026-01-20"), -2000), // a return before any sale does not start the series
            (d("2026-02-03"), 5000),
            (d("2026-02-28"), -1000),
            (d("2026-05-01"), 2000),
            (d("2026-07-01"), 9000), // after the as-of day
        ];
        let s = series(&days, Granularity::Month, d("2026-06-15"));
        let got: Vec<(String, i64)> = s.iter().map(|p| (p.start.to_string(), p.qty.0)).collect();
        assert_eq!(
            got,
            vec![
                ("2026-02-01".into(), 4000),
                ("2026-03-01".into(), 0),
                ("2026-04-01".into(), 0),
                ("2026-05-01".into(), 2000),
                ("2026-06-01".into(), 0),
            ]
        );
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2026-12-06 is a Sunday, 2026-12-07 a Monday
        let days = [
            (d("2026-12-06"), 1000),
            (d("2026-12-07"), 3000),
            (d("2026-12-20"), 1000),
        ];
        let s = series(&days, Granularity::Week, d("2026-12-21"));
        let got: Vec<(String, i64)> = s.iter().map(|p| (p.start.to_string(), p.qty.0)).collect();
        assert_eq!(
            got,
            vec![
                ("2026-11-30".into(), 1000),
                ("2026-12-07".into(), 3000),
                ("2026-12-14".into(), 1000),
                ("2026-12-21".into(), 0),
            ]
        );
        assert!(series(&[], Granularity::Week, d("2026-12-21")).is_empty());
        assert!(series(
            &[(d("2026-01-01"), -5)],
            Granularity::Month,
            d("2026-12-21")
        )
        .is_empty());
    }
}
