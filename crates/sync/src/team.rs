//! Managing the team from a signed-in device: the organisation's users and devices, for an
//! owner or a manager (the server decides who may do what and answers a typed refusal,
//! `SyncError::Server(ApiError::Forbidden { .. })`, otherwise). Each call is one request with
//! the device's token; nothing here touches the store.

use chainbook_protocol::team::{
    AddUserRequest, DeviceSummary, Done, ListDevicesRequest, ListDevicesResponse, ListUsersRequest,
    ListUsersResponse, RemoveUserRequest, RemoveUserResponse, ResetPasswordRequest,
    RevokeDeviceRequest, SetRoleRequest, UserSummary,
};
use chainbook_protocol::{paths, Role, Secret};
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

use crate::client::SyncClient;
use crate::error::SyncError;
use crate::http;

impl SyncClient {
    fn team_call<Q: Serialize, A: DeserializeOwned>(
        &self,
        path: &str,
        schema: u32,
        body: &Q,
    ) -> Result<A, SyncError> {
        http::call(
            self.transport(),
            self.server(),
            path,
            schema,
            Some(self.token()?),
            body,
        )
    }

    /// The organisation's current users, by name. `schema` is the store's schema version,
    /// sent as on every request.
    pub fn users(&self, schema: u32) -> Result<Vec<UserSummary>, SyncError> {
        let a: ListUsersResponse =
            self.team_call(paths::USERS_LIST, schema, &ListUsersRequest {})?;
        Ok(a.users)
    }

    /// Adds a user with an initial password.
    pub fn add_user(
        &self,
        schema: u32,
        name: &str,
        role: Role,
        password: Secret,
    ) -> Result<UserSummary, SyncError> {
        let req = AddUserRequest {
            name: name.to_owned(),
            role,
            password,
        };
        self.team_call(paths::USERS_ADD, schema, &req)
    }

    /// Removes a user; answers how many of their devices this revoked.
    pub fn remove_user(&self, schema: u32, user_id: Uuid) -> Result<u32, SyncError> {
        let a: RemoveUserResponse =
            self.team_call(paths::USERS_REMOVE, schema, &RemoveUserRequest { user_id })?;
        Ok(a.revoked_devices)
    }

    /// Gives a user a new password (their devices stay signed in).
    pub fn reset_password(
        &self,
        schema: u32,
        user_id: Uuid,
        password: Secret,
    ) -> Result<(), SyncError> {
        let req = ResetPasswordRequest { user_id, password };
        let _: Done = self.team_call(paths::USERS_RESET_PASSWORD, schema, &req)?;
        Ok(())
    }

    /// Changes a user's role.
    pub fn set_role(
        &self,
        schema: u32,
        user_id: Uuid,
        role: Role,
    ) -> Result<UserSummary, SyncError> {
        self.team_call(
            paths::USERS_SET_ROLE,
            schema,
            &SetRoleRequest { user_id, role },
        )
    }

    /// Every device of the organisation, revoked ones included, oldest first.
    pub fn devices(&self, schema: u32) -> Result<Vec<DeviceSummary>, SyncError> {
        let a: ListDevicesResponse =
            self.team_call(paths::DEVICES_LIST, schema, &ListDevicesRequest {})?;
        Ok(a.devices)
    }

    /// Revokes a device: its token stops working at once.
    pub fn revoke_device(&self, schema: u32, device_id: Uuid) -> Result<(), SyncError> {
        let _: Done = self.team_call(
            paths::DEVICES_REVOKE,
            schema,
            &RevokeDeviceRequest { device_id },
        )?;
        Ok(())
    }
}
