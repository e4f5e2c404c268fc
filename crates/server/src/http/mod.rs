//! The HTTP API: the router, the shared state, the one error answer ([`Failure`], an
//! [`ApiError`] body with its status) and the check of the protocol and schema headers that
//! every `/v1/` request passes before anything else.
//!
//! - [`extract`]: request extractors (versions, the token's session, JSON bodies);
//! - [`sign_in`]: signing a device in;
//! - [`sync`]: push, pull and the snapshot;
//! - [`team`]: owners and managers managing users and devices.

pub mod extract;
mod sign_in;
mod sync;
mod team;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chainbook_protocol::{
    paths, ApiError, Entity, Forbidden, Health, HEADER_PROTOCOL, HEADER_SCHEMA, MAX_BODY_BYTES,
    MIN_PROTOCOL_VERSION, PROTOCOL_VERSION,
};
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::clock::Clock;
use crate::expiry::TokenPolicy;
use crate::storage::{Kind, Storage, StorageError};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub storage: Arc<dyn Storage>,
    /// The one source of "now" for every handler.
    pub clock: Clock,
    /// How long device tokens live.
    pub tokens: TokenPolicy,
}

/// The client's versions, read from the request headers by [`check_versions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientVersions {
    pub protocol: u32,
    pub schema: u32,
}

/// An error answer: the [`ApiError`] as JSON with its HTTP status.
#[derive(Debug)]
pub struct Failure(pub ApiError);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self.0)).into_response()
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Failure(e)
    }
}

impl From<StorageError> for Failure {
    fn from(e: StorageError) -> Self {
        Failure(match e {
            StorageError::ChangeIdReused { index } => ApiError::ChangeIdReused { index },
            StorageError::NoDeviceCode => ApiError::NoDeviceCode,
            StorageError::Refused(reason) => ApiError::Forbidden { reason },
            StorageError::LastOwner => ApiError::Forbidden {
                reason: Forbidden::LastOwner,
            },
            StorageError::NotFound(Kind::User) => ApiError::Unknown { what: Entity::User },
            StorageError::NotFound(Kind::Device) => ApiError::Unknown {
                what: Entity::Device,
            },
            StorageError::Exists(Kind::User) => ApiError::Exists { what: Entity::User },
            other => {
                tracing::error!(error = %other, "storage failed");
                ApiError::Internal
            }
        })
    }
}

/// Runs a storage call on tokio's blocking pool.
pub(crate) async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&dyn Storage) -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    let storage = Arc::clone(&state.storage);
    tokio::task::spawn_blocking(move || f(storage.as_ref()))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "storage task failed");
            Failure(ApiError::Internal)
        })?
}

/// The whole API.
pub fn router(state: AppState) -> Router {
    let v1 = Router::new()
        .route(paths::SIGN_IN, post(sign_in::sign_in))
        .route(paths::PUSH, post(sync::push))
        .route(paths::PULL, post(sync::pull))
        .route(paths::SNAPSHOT, post(sync::snapshot))
        .route(paths::USERS_LIST, post(team::list_users))
        .route(paths::USERS_ADD, post(team::add_user))
        .route(paths::USERS_REMOVE, post(team::remove_user))
        .route(paths::USERS_RESET_PASSWORD, post(team::reset_password))
        .route(paths::USERS_SET_ROLE, post(team::set_role))
        .route(paths::DEVICES_LIST, post(team::list_devices))
        .route(paths::DEVICES_REVOKE, post(team::revoke_device))
        .route_layer(middleware::from_fn(check_versions));
    Router::new()
        .route(paths::HEALTH, get(health))
        .merge(v1)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(CompressionLayer::new().gzip(true))
        .layer(
            // Method and path only: headers (the token) are never logged.
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        protocol: PROTOCOL_VERSION,
        min_protocol: MIN_PROTOCOL_VERSION,
    })
}

async fn not_found() -> Failure {
    Failure(ApiError::NotFound)
}

/// Refuses a request without readable versions (400), from an outdated client (426) or a
/// newer protocol (400), before authentication or the body are looked at. A schema version
/// from the future is accepted: changes are relayed untouched and devices keep what they do
/// not understand yet.
async fn check_versions(mut req: Request, next: Next) -> Response {
    match read_versions(req.headers()) {
        Ok(v) => {
            req.extensions_mut().insert(v);
            next.run(req).await
        }
        Err(e) => Failure(e).into_response(),
    }
}

fn read_versions(h: &HeaderMap) -> Result<ClientVersions, ApiError> {
    let number = |name: &str| {
        h.get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|s| s.trim().parse::<u32>().ok())
            .ok_or_else(|| ApiError::bad_request(name))
    };
    let protocol = number(HEADER_PROTOCOL)?;
    if protocol < MIN_PROTOCOL_VERSION {
        return Err(ApiError::UpgradeRequired {
            client_protocol: protocol,
            min_protocol: MIN_PROTOCOL_VERSION,
            server_protocol: PROTOCOL_VERSION,
        });
    }
    if protocol > PROTOCOL_VERSION {
        return Err(ApiError::ProtocolTooNew {
            client_protocol: protocol,
            server_protocol: PROTOCOL_VERSION,
        });
    }
    Ok(ClientVersions {
        protocol,
        schema: number(HEADER_SCHEMA)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(protocol: &str, schema: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            HEADER_PROTOCOL,
            HeaderValue::from_str(protocol).unwrap_or(HeaderValue::from_static("")),
        );
        h.insert(
            HEADER_SCHEMA,
            HeaderValue::from_str(schema).unwrap_or(HeaderValue::from_static("")),
        );
        h
    }

    #[test]
    fn versions_are_checked_in_order() {
        let now = PROTOCOL_VERSION.to_string();
        assert_eq!(
            read_versions(&headers(&now, "13")),
            Ok(ClientVersions {
                protocol: PROTOCOL_VERSION,
                schema: 13
            })
        );
        assert_eq!(
            read_versions(&headers(&now, "99999")).map(|v| v.schema),
            Ok(99999)
        );
        assert!(matches!(
            read_versions(&headers("0", "13")),
            Err(ApiError::UpgradeRequired {
                client_protocol: 0,
                ..
            })
        ));
        assert!(matches!(
            read_versions(&headers(&(PROTOCOL_VERSION + 1).to_string(), "13")),
            Err(ApiError::ProtocolTooNew { .. })
        ));
        assert_eq!(
            read_versions(&headers("one", "13")),
            Err(ApiError::bad_request(HEADER_PROTOCOL))
        );
        assert_eq!(
            read_versions(&headers(&now, "")),
            Err(ApiError::bad_request(HEADER_SCHEMA))
        );
        assert_eq!(
            read_versions(&HeaderMap::new()),
            Err(ApiError::bad_request(HEADER_PROTOCOL))
        );
    }
}
