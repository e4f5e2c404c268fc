//! `POST /v1/sign-in`: checks a user's password (argon2id; an unknown organisation or user is
//! refused exactly like a wrong password), registers the device or signs it in again, and
//! answers with a new token (only its hash is stored; its life, see [`crate::expiry`], starts
//! now, which is how a device whose token expired gets going again) and the device's short
//! code.

use axum::extract::State;
use axum::Json;
use chainbook_protocol::{ApiError, AuthFailure, SignInRequest, SignInResponse};

use super::extract::ApiJson;
use super::{blocking, AppState, ClientVersions, Failure};
use crate::storage::NewDevice;
use crate::{codes, secrets};

/// Longest user, organisation or device name accepted.
const MAX_NAME: usize = 200;

fn check_name(value: &str, field: &str) -> Result<(), Failure> {
    let ok = !value.trim().is_empty()
        && value.chars().count() <= MAX_NAME
        && !value.chars().any(char::is_control);
    ok.then_some(())
        .ok_or_else(|| Failure(ApiError::bad_request(field)))
}

pub(super) async fn sign_in(
    State(state): State<AppState>,
    versions: ClientVersions,
    ApiJson(req): ApiJson<SignInRequest>,
) -> Result<Json<SignInResponse>, Failure> {
    check_name(&req.org, "org")?;
    check_name(&req.user, "user")?;
    check_name(&req.device_name, "device_name")?;
    let (user, org, device_id) = (req.user.clone(), req.org.clone(), req.device_id);
    let now = state.clock.now();
    let answer = blocking(&state, move |s| {
        let org = s.org(&req.org)?;
        let creds = match &org {
            Some(o) => s.credentials(o.id, &req.user)?,
            None => None,
        };
        let phc = creds.as_ref().map(|c| c.password_hash.as_str());
        let ok = secrets::verify_password(&req.password, phc);
        let (Some(org), Some(creds), true) = (org, creds, ok) else {
            return Err(Failure(ApiError::Unauthorized {
                reason: AuthFailure::Credentials,
            }));
        };
        let token = secrets::new_token().map_err(|e| {
            tracing::error!(error = %e, "no token");
            Failure(ApiError::Internal)
        })?;
        let token_hash = secrets::token_hash(token.expose());
        let code = s.register_device(&NewDevice {
            org_id: org.id,
            user_id: creds.user.id,
            device_id: req.device_id,
            name: req.device_name.trim(),
            token_hash: &token_hash,
            schema: versions.schema,
            codes: &codes::candidates(req.device_code.as_deref()),
            now,
        })?;
        Ok(SignInResponse {
            token,
            org_id: org.id,
            org_slug: org.slug,
            user_id: creds.user.id,
            role: creds.user.role,
            device_code: code,
            server_time: now,
        })
    })
    .await;
    match &answer {
        Ok(a) => tracing::info!(
            org = %a.org_slug, %user, device = %device_id, code = %a.device_code,
            "device signed in"
        ),
        Err(e) => {
            tracing::warn!(%org, %user, device = %device_id, code = e.0.code(), "sign-in refused")
        }
    }
    answer.map(Json)
}
