//! Device short codes: three characters of Crockford base32 without I, L, O and U (the same
//! alphabet the desktop store draws its code from), distinct within an organisation so offline
//! document numbers such as `C-A3F-00042` never clash.

use rand::Rng;

/// The 32 characters a code is made of.
pub const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Random codes tried after the device's own before the whole alphabet is scanned.
const RANDOM_TRIES: usize = 16;

/// The device's proposed code in canonical form (upper case), when it is a valid code.
pub fn normalize(proposed: &str) -> Option<String> {
    let code = proposed.trim().to_ascii_uppercase();
    (code.len() == 3 && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// The codes to try for a new device, in order: its own (when valid), then random ones.
pub fn candidates(proposed: Option<&str>) -> Vec<String> {
    let mut rng = rand::rng();
    proposed
        .and_then(normalize)
        .into_iter()
        .chain((0..RANDOM_TRIES).map(|_| {
            (0..3)
                .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
                .collect()
        }))
        .collect()
}

/// Every code, in alphabet order (32,768 of them).
pub fn all() -> impl Iterator<Item = String> {
    let a = ALPHABET;
    (0..a.len().pow(3)).map(move |i| {
        [a[i / 1024], a[(i / 32) % 32], a[i % 32]]
            .iter()
            .map(|&b| b as char)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proposed_code_is_kept_in_upper_case_when_valid() {
        assert_eq!(normalize("a3f").as_deref(), Some("A3F"));
        assert_eq!(normalize("AIL"), None, "I and L are not in the alphabet");
        assert_eq!(normalize("AB"), None);
        assert_eq!(normalize("ABCD"), None);
        let c = candidates(Some("x7z"));
        assert_eq!(c[0], "X7Z");
        assert_eq!(c.len(), 1 + RANDOM_TRIES);
        assert!(c
            .iter()
            .all(|c| normalize(c).as_deref() == Some(c.as_str())));
        assert_eq!(candidates(Some("??")).len(), RANDOM_TRIES);
    }

    #[test]
    fn all_lists_every_code_once() {
        let all: Vec<String> = all().collect();
        assert_eq!(all.len(), 32 * 32 * 32);
        assert_eq!(all[0], "000");
        assert_eq!(all[all.len() - 1], "ZZZ");
        let set: std::collections::HashSet<&String> = all.iter().collect();
        assert_eq!(set.len(), all.len());
    }
}
