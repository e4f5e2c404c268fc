//! Column mappings remembered per file layout: the mapping a user last imported a file with,
//! found again for the next file whose header row is the same (see
//! `chainbook_import::mapping::layout_key`). Kept in `local_settings`, like other
//! preferences of this device: never synced, no stamps.

use chainbook_import::mapping::{layout_key, Kind};
use rusqlite::OptionalExtension;

use crate::{Result, Store};

fn key(kind: Kind, headers: &[String]) -> String {
    format!("import_layout:{}", layout_key(kind, headers))
}

impl Store {
    /// The mapping last used for files of `kind` with these headers, if any.
    pub fn import_layout(
        &self,
        kind: Kind,
        headers: &[String],
    ) -> Result<Option<Vec<Option<String>>>> {
        let text: Option<String> = self
            .read()
            .conn
            .prepare_cached("SELECT value FROM local_settings WHERE key = ?1")?
            .query_row([key(kind, headers)], |r| r.get(0))
            .optional()?;
        // A remembered mapping that no longer reads (or fits) is as good as none.
        Ok(text
            .and_then(|t| serde_json::from_str::<Vec<Option<String>>>(&t).ok())
            .filter(|m| m.len() == headers.len()))
    }

    /// Remembers `mapping` for files of `kind` with these headers.
    pub fn remember_import_layout(
        &mut self,
        kind: Kind,
        headers: &[String],
        mapping: &[Option<String>],
    ) -> Result<()> {
        let value = serde_json::to_string(mapping).unwrap_or_else(|_| "[]".into());
        self.read().conn.execute(
            "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key(kind, headers), value],
        )?;
        Ok(())
    }
}
