//! Cutting an analysis by a saved segment. The segment's members go into a temporary table,
//! `temp.analytics_cut`, filled once per analysis from the segment's filter (the same SQL the
//! customer list runs), and each aggregate adds [`Cut::clause`] on its customer column. A
//! temporary table lives only in this connection and is never synced.

use rusqlite::params_from_iter;
use uuid::Uuid;

use super::Analytics;
use crate::{Result, StoreError};

/// Which customers an analysis covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cut {
    Everyone,
    /// The members of a segment, loaded into `temp.analytics_cut`.
    Members,
}

impl Cut {
    /// `AND <column> IN (members)` for a cut, nothing otherwise. The two texts are two
    /// cached statements, so neither plan carries the other's condition.
    pub(crate) fn clause(self, column: &str) -> String {
        match self {
            Cut::Everyone => String::new(),
            Cut::Members => format!(" AND {column} IN (SELECT id FROM temp.analytics_cut)"),
        }
    }

    pub(crate) fn keeps(self, members: &std::collections::HashSet<Uuid>, id: &Uuid) -> bool {
        self == Cut::Everyone || members.contains(id)
    }
}

impl Analytics<'_> {
    /// Loads a segment's members for the aggregates that follow (or clears the cut). A
    /// segment whose filter no longer parses is an error, never "everyone".
    pub(crate) fn cut(
        &self,
        segment: Option<Uuid>,
    ) -> Result<(Cut, std::collections::HashSet<Uuid>)> {
        let Some(id) = segment else {
            return Ok((Cut::Everyone, Default::default()));
        };
        let filter = crate::segments::load_segment(self.db.conn, id)?
            .filter
            .map_err(StoreError::Invalid)?;
        if filter.uses_values() {
            super::values::ensure(&self.db)?;
        }
        let (sql, args) =
            crate::customers::member_ids_sql(self.db.conn, &filter, self.db.now.date_naive())?;
        let conn = self.db.conn;
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS analytics_cut (id TEXT PRIMARY KEY) WITHOUT ROWID;
             DELETE FROM temp.analytics_cut;",
        )?;
        conn.execute(
            &format!("INSERT INTO temp.analytics_cut {sql}"),
            params_from_iter(args.iter()),
        )?;
        let mut members = std::collections::HashSet::new();
        let mut stmt = conn.prepare_cached("SELECT id FROM temp.analytics_cut")?;
        for id in stmt.query_map([], |r| r.get::<_, String>(0))? {
            if let Ok(id) = Uuid::parse_str(&id?) {
                members.insert(id);
            }
        }
        Ok((Cut::Members, members))
    }
}
