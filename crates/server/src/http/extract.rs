//! Request extractors: the client's versions (checked by the `/v1/` middleware), the session
//! of the `Authorization: Bearer` token (refused when unknown, revoked or expired; a use
//! recorded for the idle expiry), and JSON bodies whose rejections are answered with an
//! [`ApiError`] (413 `too_large`, 400 `bad_request`), never axum's plain-text ones.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use chainbook_protocol::{ApiError, AuthFailure, Limit, MAX_BODY_BYTES};
use serde::de::DeserializeOwned;

use super::{blocking, AppState, ClientVersions, Failure};
use crate::expiry::should_record_use;
use crate::secrets::token_hash;
use crate::storage::Session;

impl<S: Send + Sync> FromRequestParts<S> for ClientVersions {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Failure> {
        parts
            .extensions
            .get::<ClientVersions>()
            .copied()
            .ok_or(Failure(ApiError::Internal))
    }
}

/// The session of the request's token: a current device of a current user, with a token that
/// has not expired. The organisation every handler works in is `session.org_id`.
#[derive(Debug, Clone, Copy)]
pub struct Authed(pub Session);

impl FromRequestParts<AppState> for Authed {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Failure> {
        let unauthorized = |reason| Failure(ApiError::Unauthorized { reason });
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| unauthorized(AuthFailure::Missing))?;
        let hash = token_hash(token);
        let session = blocking(state, move |s| Ok(s.session(&hash)?))
            .await?
            .ok_or_else(|| unauthorized(AuthFailure::Invalid))?;
        if session.revoked {
            return Err(unauthorized(AuthFailure::Revoked));
        }
        let now = state.clock.now();
        if state
            .tokens
            .is_expired(session.token_issued_at, session.last_used_at, now)
        {
            tracing::info!(
                org = %session.org_id, device = %session.device_id,
                issued = %session.token_issued_at, last_used = %session.last_used_at,
                "token expired"
            );
            return Err(unauthorized(AuthFailure::Expired));
        }
        if should_record_use(session.last_used_at, now) {
            let (org, device) = (session.org_id, session.device_id);
            blocking(state, move |s| Ok(s.touch_device(org, device, now)?)).await?;
        }
        Ok(Authed(session))
    }
}

/// A JSON body of type `T`.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Failure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Failure> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(Failure(ApiError::TooLarge {
                    what: Limit::Body,
                    limit: MAX_BODY_BYTES as u64,
                }))
            }
            Err(rejection) if rejection.status() == StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                Err(Failure(ApiError::bad_request("content-type")))
            }
            Err(rejection) => {
                // Not the rejection's text: serde's messages can quote the body's values.
                let kind = match rejection {
                    JsonRejection::JsonSyntaxError(_) => "syntax",
                    JsonRejection::JsonDataError(_) => "data",
                    _ => "other",
                };
                tracing::info!(kind, "unreadable body");
                Err(Failure(ApiError::bad_request("body")))
            }
        }
    }
}
