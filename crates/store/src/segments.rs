//! Saved segments (客户群): a named [`CustomerFilter`], synced like any other row. The filter
//! is stored as versioned JSON and validated whenever it is loaded; a segment whose filter no
//! longer parses is listed with its error rather than hiding or matching everyone.

use chainbook_core::segment::{validate_segment_name, CustomerFilter};
use chainbook_core::ValidationError;
use rusqlite::{Connection, OptionalExtension, Row};
use serde_json::json;
use uuid::Uuid;

use crate::row::RowExt;
use crate::write::registry::{Kind, Synced};
use crate::{Read, Result, Store, StoreError};

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

pub(crate) const TABLES: &[Synced] = &[Synced {
    name: "segments",
    kind: Kind::Record,
    columns: &["name", "filter"],
    feeds: &[],
}];

/// A saved segment. `filter` is the parsed filter or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub id: Uuid,
    pub name: String,
    pub filter: std::result::Result<CustomerFilter, ValidationError>,
}

/// Reads of segments.
pub struct Segments<'a> {
    db: Read<'a>,
}

/// Writes of segments.
pub struct SegmentsMut<'a> {
    store: &'a mut Store,
}

impl Store {
    pub fn segments(&self) -> Segments<'_> {
        Segments { db: self.read() }
    }

    pub fn segments_mut(&mut self) -> SegmentsMut<'_> {
        SegmentsMut { store: self }
    }
}

fn segment(r: &Row<'_>) -> rusqlite::Result<Segment> {
    Ok(Segment {
        id: r.uuid(0)?,
        name: r.get(1)?,
        filter: CustomerFilter::from_json(&r.get::<_, String>(2)?),
    })
}

/// A live segment by id.
pub(crate) fn load_segment(conn: &Connection, id: Uuid) -> Result<Segment> {
    conn.prepare_cached("SELECT id, name, filter FROM segments WHERE id = ?1 AND deleted = 0")?
        .query_row([id.to_string()], segment)
        .optional()?
        .ok_or(StoreError::NotFound { what: "segment" })
}

/// A segment's stored columns.
fn columns(name: &str, filter: &CustomerFilter) -> crate::write::Columns {
    vec![("name", json!(name)), ("filter", json!(filter.to_json()))]
}

impl Segments<'_> {
    pub fn get(&self, id: Uuid) -> Result<Segment> {
        load_segment(self.db.conn, id)
    }

    /// Every live segment, by name.
    pub fn list(&self) -> Result<Vec<Segment>> {
        let mut stmt = self.db.conn.prepare_cached(
            "SELECT id, name, filter FROM segments WHERE deleted = 0 ORDER BY name, id",
        )?;
        let rows = stmt.query_map([], segment)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl SegmentsMut<'_> {
    /// Saves a new segment.
    pub fn create(&mut self, name: &str, filter: CustomerFilter) -> Result<Segment> {
        let name = validate_segment_name(name)?;
        let filter = filter.validate()?;
        let id = self
            .store
            .write(|w| w.insert_row("segments", &columns(&name, &filter)))?;
        self.store.segments().get(id)
    }

    /// Renames a segment and/or replaces its filter; only what changed is written.
    pub fn update(&mut self, id: Uuid, name: &str, filter: CustomerFilter) -> Result<Segment> {
        let name = validate_segment_name(name)?;
        let filter = filter.validate()?;
        self.store.write(|w| {
            let (old_name, old_json): (String, String) =
                w.tx.query_row(
                    "SELECT name, filter FROM segments WHERE id = ?1 AND deleted = 0",
                    [id.to_string()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(StoreError::NotFound { what: "segment" })?;
            w.update_changed(
                "segments",
                &id.to_string(),
                columns(&name, &filter),
                vec![("name", json!(old_name)), ("filter", json!(old_json))],
            )
            .map(drop)
        })?;
        self.store.segments().get(id)
    }

    /// Deletes a segment (a tombstone). Its customers are untouched.
    pub fn delete(&mut self, id: Uuid) -> Result<()> {
        self.store
            .write(|w| match w.tombstone_row("segments", &id.to_string())? {
                true => Ok(()),
                false => Err(StoreError::NotFound { what: "segment" }),
            })
    }
}
