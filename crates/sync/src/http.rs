//! Talking HTTP: the [`Transport`] seam (a POST with headers and a JSON body, answered with
//! a status and bytes, or not at all), its implementation over `ureq` ([`HttpTransport`]:
//! rustls, gzip, timeouts), and turning answers into protocol types or typed errors.
//!
//! The seam exists so that tests can lose answers on purpose (the request reaches the server,
//! the answer never reaches the client), as a network does.

use std::time::Duration;

use chainbook_protocol::{ApiError, HEADER_PROTOCOL, HEADER_SCHEMA, PROTOCOL_VERSION};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::SyncError;

/// An HTTP answer: its status and its (decompressed) body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// One HTTP exchange. `None` when no answer arrived (unreachable, broken connection,
/// timeout); the request may or may not have been processed.
pub trait Transport: Send + Sync {
    /// POSTs `body` (JSON) to `url` with `headers` (names in lower case).
    fn post(&self, url: &str, headers: &[(&str, String)], body: &[u8]) -> Option<Answer>;

    /// GETs `url` (for `/health`).
    fn get(&self, url: &str) -> Option<Answer>;
}

/// How long the client waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To connect (DNS and TCP and TLS).
    pub connect: Duration,
    /// For one whole exchange, the body included (a snapshot page of thousands of changes).
    pub exchange: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            exchange: Duration::from_secs(120),
        }
    }
}

/// The largest answer read, in bytes after decompression (a snapshot page of 5,000 changes
/// fits many times over).
const MAX_ANSWER_BYTES: u64 = 256 * 1024 * 1024;

/// [`Transport`] over `ureq`: rustls (ring) with the web PKI roots, `Accept-Encoding: gzip`
/// and decompression, redirects refused for POSTs, no status treated as an error (the body
/// says what went wrong).
pub struct HttpTransport {
    agent: ureq::Agent,
}

impl HttpTransport {
    pub fn new(timeouts: Timeouts) -> HttpTransport {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(timeouts.connect))
            .timeout_global(Some(timeouts.exchange))
            .user_agent(format!("chainbook-sync/{}", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        HttpTransport { agent }
    }

    fn answer(
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
        url: &str,
    ) -> Option<Answer> {
        let mut resp = match result {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(%url, error = %e, "no answer");
                return None;
            }
        };
        let status = resp.status().as_u16();
        match resp
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_vec()
        {
            Ok(body) => Some(Answer { status, body }),
            Err(e) => {
                tracing::warn!(%url, status, error = %e, "answer broken off");
                None
            }
        }
    }
}

impl Default for HttpTransport {
    fn default() -> Self {
        HttpTransport::new(Timeouts::default())
    }
}

impl Transport for HttpTransport {
    fn post(&self, url: &str, headers: &[(&str, String)], body: &[u8]) -> Option<Answer> {
        let mut req = self
            .agent
            .post(url)
            .header("content-type", "application/json");
        for (name, value) in headers {
            req = req.header(*name, value.as_str());
        }
        Self::answer(req.send(body), url)
    }

    fn get(&self, url: &str) -> Option<Answer> {
        Self::answer(self.agent.get(url).call(), url)
    }
}

/// Checks and normalises a server URL: `http://` or `https://`, a host, no trailing slash.
pub(crate) fn base_url(url: &str) -> Result<String, SyncError> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or(SyncError::InvalidUrl)?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || rest.contains(['?', '#', ' ']) {
        return Err(SyncError::InvalidUrl);
    }
    if url.starts_with("http://") && !is_loopback(host) {
        return Err(SyncError::InsecureUrl);
    }
    Ok(url.to_owned())
}

/// Whether `host` (with its port, as in a URL) names this computer. A hostile network can
/// read and change plain HTTP, so that is allowed only where no network is crossed.
fn is_loopback(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _port)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// POSTs `body` to `base` + `path` with the version headers (and the token, when given) and
/// reads the answer as `A`, or as the typed error it is.
pub(crate) fn call<Q: Serialize, A: DeserializeOwned>(
    transport: &dyn Transport,
    base: &str,
    path: &str,
    schema: u32,
    token: Option<&str>,
    body: &Q,
) -> Result<A, SyncError> {
    let mut headers = vec![
        (HEADER_PROTOCOL, PROTOCOL_VERSION.to_string()),
        (HEADER_SCHEMA, schema.to_string()),
    ];
    if let Some(t) = token {
        headers.push(("authorization", format!("Bearer {t}")));
    }
    let body = serde_json::to_vec(body).map_err(|_| SyncError::BadAnswer { status: 0 })?;
    let answer = transport
        .post(&format!("{base}{path}"), &headers, &body)
        .ok_or(SyncError::Offline)?;
    decode(&answer)
}

/// A success as `A`; anything else as its [`ApiError`]. A gateway's 502/503/504 without an
/// error body means the server is not reachable behind it.
pub(crate) fn decode<A: DeserializeOwned>(answer: &Answer) -> Result<A, SyncError> {
    let status = answer.status;
    if status == 200 {
        return serde_json::from_slice(&answer.body).map_err(|e| {
            tracing::warn!(status, error = %e, "unreadable answer");
            SyncError::BadAnswer { status }
        });
    }
    match serde_json::from_slice::<ApiError>(&answer.body) {
        Ok(e) => Err(SyncError::from_api(e)),
        Err(_) if matches!(status, 502..=504) => Err(SyncError::Offline),
        Err(_) => {
            tracing::warn!(status, "error answer without an error body");
            Err(SyncError::BadAnswer { status })
        }
    }
}

#[cfg(test)]
mod tests {
    use chainbook_protocol::{AuthFailure, Health};

    use super::*;

    #[test]
    fn server_urls_are_checked_and_normalised() {
        assert_eq!(
            base_url(" https://sync.example.com/ ").ok().as_deref(),
            Some("https://sync.example.com")
        );
        assert_eq!(
            base_url("http://127.0.0.1:8787").ok().as_deref(),
            Some("http://127.0.0.1:8787")
        );
        assert_eq!(
            base_url("https://example.com/chainbook").ok().as_deref(),
            Some("https://example.com/chainbook")
        );
        for local in [
            "http://localhost:8787",
            "http://[::1]:8787/",
            "http://127.0.0.2",
        ] {
            assert!(base_url(local).is_ok(), "{local:?}");
        }
        for insecure in [
            "http://sync.example.com",
            "http://192.168.1.20:8787",
            "http://10.0.0.1",
            "http://[fe80::1]:8787",
            "http://localhost.example.com",
            "http://127.0.0.1.example.com",
        ] {
            assert!(
                matches!(base_url(insecure), Err(SyncError::InsecureUrl)),
                "{insecure:?}"
            );
        }
        for bad in [
            "",
            "example.com",
            "ftp://x",
            "https://",
            "http:///x",
            "http://a b",
        ] {
            assert!(
                matches!(base_url(bad), Err(SyncError::InvalidUrl)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn answers_become_values_or_typed_errors() {
        let ok = Answer {
            status: 200,
            body: br#"{"status":"ok","protocol":1,"min_protocol":1}"#.to_vec(),
        };
        assert!(decode::<Health>(&ok).is_ok());
        let refused = Answer {
            status: 401,
            body: br#"{"code":"unauthorized","value":{"reason":"revoked"}}"#.to_vec(),
        };
        assert!(matches!(
            decode::<Health>(&refused),
            Err(SyncError::Unauthorized(AuthFailure::Revoked))
        ));
        let gateway = Answer {
            status: 502,
            body: b"<html>Bad Gateway</html>".to_vec(),
        };
        assert!(matches!(
            decode::<Health>(&gateway),
            Err(SyncError::Offline)
        ));
        let garbage = Answer {
            status: 200,
            body: b"{".to_vec(),
        };
        assert!(matches!(
            decode::<Health>(&garbage),
            Err(SyncError::BadAnswer { status: 200 })
        ));
        let teapot = Answer {
            status: 418,
            body: Vec::new(),
        };
        assert!(matches!(
            decode::<Health>(&teapot),
            Err(SyncError::BadAnswer { status: 418 })
        ));
    }
}
