//! Saved segments (客户群): a named [`CustomerFilter`], synced like any other row. The filter
//! is stored as versioned JSON and validated whenever it is loaded; a segment whose filter no
//! longer parses is listed with its error rather than hiding or matching everyone.

use chainbook_core::id::new_id;
use chainbook_core::segment::{validate_segment_name, CustomerFilter};
use chainbook_core::ValidationError;
use rusqlite::{params, OptionalExtension};
use serde_json::{json, Map};
use uuid::Uuid;

use crate::outbox::OutboxOp;
use crate::{fmt_time, Result, Store, StoreError};

pub(crate) const MIGRATION_2: &str = "
CREATE TABLE segments (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    filter     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX segments_by_name ON segments (deleted, name);
";

/// A saved segment. `filter` is the parsed filter or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub id: Uuid,
    pub name: String,
    pub filter: std::result::Result<CustomerFilter, ValidationError>,
}

impl Store {
    /// Saves a new segment.
    pub fn create_segment(&mut self, name: &str, filter: CustomerFilter) -> Result<Segment> {
        let name = validate_segment_name(name)?;
        let filter = filter.validate()?;
        let json = filter.to_json();
        let id = self.write(|w| {
            let id = new_id(w.now.timestamp_millis().max(0) as u64, w.entropy.id_bytes());
            let created_at = fmt_time(w.now);
            w.tx.execute(
                "INSERT INTO segments (id, name, filter, created_at, updated_at, updated_by, deleted)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)",
                params![id.to_string(), name, json, created_at, w.hlc.to_i64(), w.device.id.to_string()],
            )?;
            let mut m = Map::new();
            m.insert("name".into(), json!(name));
            m.insert("filter".into(), json!(json));
            m.insert("created_at".into(), json!(created_at));
            m.insert("deleted".into(), json!(0));
            w.record("segments", &id.to_string(), OutboxOp::Insert, m)?;
            Ok(id)
        })?;
        self.get_segment(id)
    }

    /// Renames a segment and/or replaces its filter.
    pub fn update_segment(
        &mut self,
        id: Uuid,
        name: &str,
        filter: CustomerFilter,
    ) -> Result<Segment> {
        let name = validate_segment_name(name)?;
        let json = filter.validate()?.to_json();
        let (old_name, old_json): (String, String) = self
            .conn()
            .query_row(
                "SELECT name, filter FROM segments WHERE id = ?1 AND deleted = 0",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "segment" })?;
        let mut m = Map::new();
        if name != old_name {
            m.insert("name".into(), json!(name));
        }
        if json != old_json {
            m.insert("filter".into(), json!(json));
        }
        if !m.is_empty() {
            self.write(|w| {
                w.tx.execute(
                    "UPDATE segments SET name = ?2, filter = ?3, updated_at = ?4, updated_by = ?5 WHERE id = ?1",
                    params![id.to_string(), name, json, w.hlc.to_i64(), w.device.id.to_string()],
                )?;
                w.record("segments", &id.to_string(), OutboxOp::Update, m)
            })?;
        }
        self.get_segment(id)
    }

    /// Deletes a segment (a tombstone). Its customers are untouched.
    pub fn delete_segment(&mut self, id: Uuid) -> Result<()> {
        self.write(|w| match w.tombstone_row("segments", &id.to_string())? {
            true => Ok(()),
            false => Err(StoreError::NotFound { what: "segment" }),
        })
    }

    pub fn get_segment(&self, id: Uuid) -> Result<Segment> {
        let (name, json): (String, String) = self
            .conn()
            .query_row(
                "SELECT name, filter FROM segments WHERE id = ?1 AND deleted = 0",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "segment" })?;
        Ok(Segment {
            id,
            name,
            filter: CustomerFilter::from_json(&json),
        })
    }

    /// Every live segment, by name.
    pub fn list_segments(&self) -> Result<Vec<Segment>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name, filter FROM segments WHERE deleted = 0 ORDER BY name, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, json) = row?;
            let id = Uuid::try_parse(&id)
                .map_err(|_| StoreError::Corrupt(format!("segment id {id}")))?;
            out.push(Segment {
                id,
                name,
                filter: CustomerFilter::from_json(&json),
            });
        }
        Ok(out)
    }
}
