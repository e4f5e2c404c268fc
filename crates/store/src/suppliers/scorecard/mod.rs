//! The supplier scorecard's aggregates: the inputs of `chainbook_core::scorecard` per supplier
//! and period, counted by SQL, the ranking of every supplier, one supplier's page (its
//! scorecard, a history of periods, the records behind every input) and the status changes a
//! low grade leads to. The rules and their 0–100 mappings are core's; nothing is stored
//! (a scorecard is computed when asked, so a receipt, an evaluation or a complaint's root
//! cause changes the score of its period at once).
//!
//! - [`inputs`]: the counts behind each criterion, for every supplier or one;
//! - [`records`]: the purchase order lines, receipts, complaints, prices and evaluations
//!   behind one supplier's inputs;
//! - [`status`]: putting a supplier on probation (or back) with the reason recorded.

mod inputs;
mod records;
mod status;

use chainbook_core::scorecard::{scorecard, Grade, Inputs, ScorePeriod, Scorecard, Weights};
use chainbook_core::supplier::{SupplierKind, SupplierStatus};
use uuid::Uuid;

use super::Suppliers;
use crate::row::RowExt;
use crate::Result;

pub use records::{CauseComplaint, DueLine, PriceComparison, ScoreReceipt, ScoreRecords};
pub use status::StatusChange;

/// The history a supplier's page shows: this many periods up to the one asked for.
pub const HISTORY_MAX: u32 = 36;

/// One supplier's scorecard of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplierScore {
    pub supplier_id: Uuid,
    pub code: String,
    pub name: String,
    pub kind: SupplierKind,
    pub status: SupplierStatus,
    pub inputs: Inputs,
    pub card: Scorecard,
}

/// One period of a supplier's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryPoint {
    pub period: ScorePeriod,
    pub score: Option<f64>,
    pub grade: Option<Grade>,
}

/// A supplier's page: its scorecard, its history and the records behind the inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplierScorecard {
    pub score: SupplierScore,
    pub weights: Weights,
    /// Oldest first, ending with the period asked for.
    pub history: Vec<HistoryPoint>,
    pub records: ScoreRecords,
    /// Latest first.
    pub status_changes: Vec<StatusChange>,
}

struct Head {
    id: Uuid,
    code: String,
    name: String,
    kind: SupplierKind,
    status: SupplierStatus,
}

impl Suppliers<'_> {
    fn heads(&self, one: Option<Uuid>) -> Result<Vec<Head>> {
        let sql = format!(
            "SELECT id, code, name, kind, status FROM suppliers WHERE deleted = 0{}",
            if one.is_some() { " AND id = ?1" } else { "" }
        );
        let mut stmt = self.db.conn.prepare_cached(&sql)?;
        let map = |r: &rusqlite::Row<'_>| {
            Ok(Head {
                id: r.uuid(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                kind: r.parsed(3, SupplierKind::parse)?,
                status: r.parsed(4, SupplierStatus::parse)?,
            })
        };
        let rows = match one {
            Some(id) => stmt.query_map([id.to_string()], map)?,
            None => stmt.query_map([], map)?,
        };
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every live supplier's scorecard of `period`, best first; suppliers without enough data
    /// last, by code.
    pub fn scorecards(&self, period: ScorePeriod) -> Result<Vec<SupplierScore>> {
        let weights = crate::settings::scorecard_weights(self.db.conn)?;
        let mut inputs = inputs::of(self.db.conn, period, None)?;
        let mut out: Vec<SupplierScore> = self
            .heads(None)?
            .into_iter()
            .map(|h| {
                let i = inputs.remove(&h.id.to_string()).unwrap_or_default();
                score_of(h, i, &weights)
            })
            .collect();
        out.sort_by(|a, b| match (a.card.score, b.card.score) {
            (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.code.cmp(&b.code)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.code.cmp(&b.code),
        });
        Ok(out)
    }

    /// One supplier's scorecard of `period` with the `history` periods up to it (at most
    /// [`HISTORY_MAX`]) and the records behind its inputs.
    pub fn scorecard(
        &self,
        id: Uuid,
        period: ScorePeriod,
        history: u32,
    ) -> Result<SupplierScorecard> {
        let weights = crate::settings::scorecard_weights(self.db.conn)?;
        let head = self
            .heads(Some(id))?
            .pop()
            .ok_or_else(super::read::not_found)?;
        let id_s = id.to_string();
        let mut points = Vec::new();
        let mut current = Inputs::default();
        for p in period.history(history.clamp(1, HISTORY_MAX)) {
            let i = inputs::of(self.db.conn, p, Some(&id_s))?
                .remove(&id_s)
                .unwrap_or_default();
            let card = scorecard(&i, &weights);
            points.push(HistoryPoint {
                period: p,
                score: card.score,
                grade: card.grade,
            });
            if p == period {
                current = i;
            }
        }
        Ok(SupplierScorecard {
            score: score_of(head, current, &weights),
            weights,
            history: points,
            records: records::of(self.db.conn, period, &id_s)?,
            status_changes: status::of(self.db.conn, &id_s)?,
        })
    }
}

fn score_of(h: Head, inputs: Inputs, weights: &Weights) -> SupplierScore {
    let card = scorecard(&inputs, weights);
    SupplierScore {
        supplier_id: h.id,
        code: h.code,
        name: h.name,
        kind: h.kind,
        status: h.status,
        inputs,
        card,
    }
}
