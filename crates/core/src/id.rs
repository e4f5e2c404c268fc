//! Record ids: UUIDv7, made on the client so offline devices never collide and ids sort by
//! creation time (good for SQLite's B-tree locality).

use uuid::Uuid;

use crate::error::{ErrorCode, ValidationError};

/// A new time-ordered id. `unix_ms` is passed in because `core` does not read the clock.
pub fn new_id(unix_ms: u64, random: [u8; 10]) -> Uuid {
    uuid::Builder::from_unix_timestamp_millis(unix_ms, &random).into_uuid()
}

/// Parses an id sent by the UI; anything but a hyphenated UUID is an argument error.
pub fn parse_id(s: &str) -> Result<Uuid, ValidationError> {
    Uuid::try_parse(s).map_err(|_| {
        ValidationError::new(ErrorCode::InvalidArgument, "id", "not a valid record id")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v7_and_sort_by_time() {
        let a = new_id(1_700_000_000_000, [1; 10]);
        let b = new_id(1_700_000_000_001, [0; 10]);
        assert_eq!(a.get_version_num(), 7);
        assert!(a.to_string() < b.to_string());
    }

    #[test]
    fn parse_rejects_garbage() {
        assert!(parse_id("nope").is_err());
        assert!(parse_id("").is_err());
        let id = new_id(1, [7; 10]);
        assert_eq!(parse_id(&id.to_string()).unwrap(), id);
    }
}
