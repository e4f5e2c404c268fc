//! The team endpoints: an owner or a manager lists, adds and removes users, resets passwords,
//! changes roles, and lists and revokes devices, always in the token's organisation.
//!
//! A rep is refused (403 `role`) before the body is read. Every other rule is
//! [`crate::team::check`]; where it depends on the user acted on, it runs as the storage's
//! guard inside the transaction that makes the change, so the user cannot change in between.
//! Each change is logged with who made it (never a password).

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::Json;
use chainbook_protocol::{
    AddUserRequest, ApiError, DeviceSummary, Done, ListDevicesRequest, ListDevicesResponse,
    ListUsersRequest, ListUsersResponse, RemoveUserRequest, RemoveUserResponse,
    ResetPasswordRequest, RevokeDeviceRequest, Secret, SetRoleRequest, UserSummary,
    MIN_PASSWORD_CHARS,
};

use super::extract::{ApiJson, Authed};
use super::{blocking, AppState, ClientVersions, Failure};
use crate::secrets;
use crate::storage::{DeviceInfo, Session, User, UserInfo, UserKey};
use crate::team::{self, Action, Actor, PasswordProblem};

/// The session of a user who manages users (a manager or an owner).
pub(super) struct Manages(Session);

impl Manages {
    fn actor(&self) -> Actor {
        Actor {
            id: self.0.user_id,
            role: self.0.role,
        }
    }
}

impl FromRequestParts<AppState> for Manages {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Failure> {
        let Authed(session) = Authed::from_request_parts(parts, state).await?;
        let actor = Actor {
            id: session.user_id,
            role: session.role,
        };
        team::check(actor, Action::List).map_err(|reason| {
            tracing::warn!(
                org = %session.org_id, user = %session.user_id,
                "team endpoint refused: role"
            );
            Failure(ApiError::Forbidden { reason })
        })?;
        Ok(Manages(session))
    }
}

fn check_new_password(password: &Secret) -> Result<(), Failure> {
    team::check_new_password(password).map_err(|p| {
        Failure(match p {
            PasswordProblem::TooShort => ApiError::PasswordTooShort {
                field: "password".into(),
                min_chars: MIN_PASSWORD_CHARS,
            },
            PasswordProblem::TooLong => ApiError::bad_request("password"),
        })
    })
}

fn hash(password: &Secret) -> Result<String, Failure> {
    secrets::hash_password(password).map_err(|e| {
        tracing::error!(error = %e, "no password hash");
        Failure(ApiError::Internal)
    })
}

fn user_summary(u: UserInfo) -> UserSummary {
    UserSummary {
        id: u.user.id,
        name: u.user.name,
        role: u.user.role,
        devices: u.devices,
        created_at: u.created_at,
    }
}

fn device_summary(d: DeviceInfo) -> DeviceSummary {
    DeviceSummary {
        id: d.id,
        code: d.code,
        name: d.name,
        user_id: d.user_id,
        user_name: d.user,
        schema: d.schema,
        registered_at: d.registered_at,
        last_seen_at: d.last_seen_at,
        revoked_at: d.revoked_at,
    }
}

pub(super) async fn list_users(
    State(state): State<AppState>,
    _versions: ClientVersions,
    Manages(session): Manages,
    ApiJson(_): ApiJson<ListUsersRequest>,
) -> Result<Json<ListUsersResponse>, Failure> {
    let users = blocking(&state, move |s| Ok(s.users(session.org_id)?)).await?;
    Ok(Json(ListUsersResponse {
        users: users.into_iter().map(user_summary).collect(),
        server_time: state.clock.now(),
    }))
}

pub(super) async fn add_user(
    State(state): State<AppState>,
    _versions: ClientVersions,
    manages: Manages,
    ApiJson(req): ApiJson<AddUserRequest>,
) -> Result<Json<UserSummary>, Failure> {
    let (actor, org) = (manages.actor(), manages.0.org_id);
    team::check(actor, Action::Add { role: req.role })
        .map_err(|reason| Failure(ApiError::Forbidden { reason }))?;
    if !team::is_valid_user_name(&req.name) {
        return Err(Failure(ApiError::bad_request("name")));
    }
    check_new_password(&req.password)?;
    let now = state.clock.now();
    let user = blocking(&state, move |s| {
        let hash = hash(&req.password)?;
        Ok(s.add_user(org, &req.name, req.role, &hash, now)?)
    })
    .await?;
    tracing::info!(
        %org, by = %actor.id, user = %user.id, role = user.role.as_str(), "user added"
    );
    Ok(Json(user_summary(UserInfo {
        user,
        devices: 0,
        created_at: now,
    })))
}

pub(super) async fn remove_user(
    State(state): State<AppState>,
    _versions: ClientVersions,
    manages: Manages,
    ApiJson(req): ApiJson<RemoveUserRequest>,
) -> Result<Json<RemoveUserResponse>, Failure> {
    let (actor, org) = (manages.actor(), manages.0.org_id);
    let now = state.clock.now();
    let revoked_devices = blocking(&state, move |s| {
        let guard = |target: &User| team::check(actor, Action::Remove { target });
        Ok(s.remove_user(org, UserKey::Id(req.user_id), now, &guard)?)
    })
    .await?;
    tracing::info!(
        %org, by = %actor.id, user = %req.user_id, revoked_devices, "user removed"
    );
    Ok(Json(RemoveUserResponse { revoked_devices }))
}

pub(super) async fn reset_password(
    State(state): State<AppState>,
    _versions: ClientVersions,
    manages: Manages,
    ApiJson(req): ApiJson<ResetPasswordRequest>,
) -> Result<Json<Done>, Failure> {
    let (actor, org) = (manages.actor(), manages.0.org_id);
    check_new_password(&req.password)?;
    blocking(&state, move |s| {
        let hash = hash(&req.password)?;
        let guard = |target: &User| team::check(actor, Action::ResetPassword { target });
        Ok(s.set_password(org, UserKey::Id(req.user_id), &hash, &guard)?)
    })
    .await?;
    tracing::info!(%org, by = %actor.id, user = %req.user_id, "password reset");
    Ok(Json(Done {
        server_time: state.clock.now(),
    }))
}

pub(super) async fn set_role(
    State(state): State<AppState>,
    _versions: ClientVersions,
    manages: Manages,
    ApiJson(req): ApiJson<SetRoleRequest>,
) -> Result<Json<UserSummary>, Failure> {
    let (actor, org) = (manages.actor(), manages.0.org_id);
    let user = blocking(&state, move |s| {
        let guard = |target: &User| {
            team::check(
                actor,
                Action::SetRole {
                    target,
                    to: req.role,
                },
            )
        };
        Ok(s.set_role(org, UserKey::Id(req.user_id), req.role, &guard)?)
    })
    .await?;
    tracing::info!(
        %org, by = %actor.id, user = %req.user_id, role = req.role.as_str(), "role changed"
    );
    Ok(Json(user_summary(user)))
}

pub(super) async fn list_devices(
    State(state): State<AppState>,
    _versions: ClientVersions,
    Manages(session): Manages,
    ApiJson(_): ApiJson<ListDevicesRequest>,
) -> Result<Json<ListDevicesResponse>, Failure> {
    let devices = blocking(&state, move |s| Ok(s.devices(session.org_id)?)).await?;
    Ok(Json(ListDevicesResponse {
        devices: devices.into_iter().map(device_summary).collect(),
        server_time: state.clock.now(),
    }))
}

pub(super) async fn revoke_device(
    State(state): State<AppState>,
    _versions: ClientVersions,
    manages: Manages,
    ApiJson(req): ApiJson<RevokeDeviceRequest>,
) -> Result<Json<Done>, Failure> {
    let (actor, org) = (manages.actor(), manages.0.org_id);
    let now = state.clock.now();
    blocking(&state, move |s| {
        let guard = |owner: &User| team::check(actor, Action::RevokeDevice { owner });
        Ok(s.revoke_device(org, &req.device_id.to_string(), now, &guard)?)
    })
    .await?;
    tracing::info!(%org, by = %actor.id, device = %req.device_id, "device revoked");
    Ok(Json(Done { server_time: now }))
}
