//! Passwords and tokens. Passwords are hashed with argon2id (a PHC string with its own salt);
//! device tokens are 32 random bytes from the operating system, sent once as base64url, and
//! stored only as their SHA-256. Nothing here logs.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chainbook_protocol::Secret;
use rand::rngs::OsRng;
use rand::TryRngCore;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// Hashing failed (the operating system's random source, or argon2's parameters).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

fn random_bytes<const N: usize>() -> Result<[u8; N], HashError> {
    let mut b = [0u8; N];
    OsRng
        .try_fill_bytes(&mut b)
        .map_err(|e| HashError(e.to_string()))?;
    Ok(b)
}

/// The argon2id PHC string of a password, with a fresh random salt.
pub fn hash_password(password: &Secret) -> Result<String, HashError> {
    let salt =
        SaltString::encode_b64(&random_bytes::<16>()?).map_err(|e| HashError(e.to_string()))?;
    Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Whether `password` matches `phc`. With `None` (no such user) a dummy hash is checked, so
/// an unknown user takes as long to refuse as a wrong password.
pub fn verify_password(password: &Secret, phc: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| {
        hash_password(&Secret::new("not a password anyone has")).unwrap_or_default()
    });
    let Ok(parsed) = PasswordHash::new(phc.unwrap_or(dummy)) else {
        return false;
    };
    Argon2::default()
        .verify_password(password.expose().as_bytes(), &parsed)
        .is_ok()
        && phc.is_some()
}

/// A new device token: 32 random bytes as base64url without padding.
pub fn new_token() -> Result<Secret, HashError> {
    Ok(Secret::new(URL_SAFE_NO_PAD.encode(random_bytes::<32>()?)))
}

/// What is stored of a token: its SHA-256, as lower-case hex.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_only_against_its_own_hash() {
        let pw = Secret::new("correct horse");
        let phc = hash_password(&pw).unwrap_or_default();
        assert!(phc.starts_with("$argon2id$"));
        assert!(!phc.contains("correct horse"));
        assert!(verify_password(&pw, Some(&phc)));
        assert!(!verify_password(&Secret::new("wrong"), Some(&phc)));
        assert!(!verify_password(&pw, None));
        assert!(!verify_password(&pw, Some("not a phc string")));
        // Same password, new salt.
        assert_ne!(hash_password(&pw).unwrap_or_default(), phc);
    }

    #[test]
    fn tokens_are_random_and_stored_as_a_hash() {
        let a = new_token().unwrap_or_else(|_| Secret::new(""));
        let b = new_token().unwrap_or_else(|_| Secret::new(""));
        assert_eq!(a.expose().len(), 43);
        assert_ne!(a, b);
        let h = token_hash(a.expose());
        assert_eq!(h.len(), 64);
        assert_eq!(h, token_hash(a.expose()));
        assert!(!h.contains(a.expose()));
    }
}
