//! Commands: Settings → Team, the organisation's users and devices on the sync server (for
//! owners and managers; the server refuses anyone else with a typed error).

use super::prelude::*;
use chainbook_sync::{Role, Secret};

fn parse_role(s: &str) -> CmdResult<Role> {
    Role::parse(s).ok_or_else(|| {
        CommandError::new(ErrorCode::InvalidChoice, format!("role {s:?}")).with_field("role")
    })
}

fn user_id(id: &str) -> CmdResult<uuid::Uuid> {
    parse_id(id).map_err(CommandError::from)
}

commands! {
    /// The organisation's users, by name.
    fn team_users(state) -> Vec<TeamUserDto> {
        let (shell, st) = (state.sync.clone(), state.store.clone());
        let users = blocking(move || shell.team(&st, |c, schema| c.users(schema))).await?;
        Ok(users.into_iter().map(Into::into).collect())
    }

    /// Adds a user with an initial password.
    fn team_add_user(state, input: TeamUserInput) -> TeamUserDto {
        let role = parse_role(&input.role)?;
        let name = input.name.trim().to_owned();
        if name.is_empty() {
            return Err(CommandError::new(ErrorCode::Required, "a name is required").with_field("name"));
        }
        let (shell, st) = (state.sync.clone(), state.store.clone());
        let password = Secret::new(input.password);
        let user = blocking(move || shell.team(&st, |c, schema| c.add_user(schema, &name, role, password))).await?;
        Ok(user.into())
    }

    /// Removes a user and signs their devices out; answers how many were signed out.
    fn team_remove_user(state, id: String) -> u32 {
        let id = user_id(&id)?;
        let (shell, st) = (state.sync.clone(), state.store.clone());
        blocking(move || shell.team(&st, |c, schema| c.remove_user(schema, id))).await
    }

    /// Gives a user a new password.
    fn team_reset_password(state, id: String, password: String) -> () {
        let id = user_id(&id)?;
        let (shell, st) = (state.sync.clone(), state.store.clone());
        let password = Secret::new(password);
        blocking(move || shell.team(&st, |c, schema| c.reset_password(schema, id, password))).await
    }

    /// Changes a user's role.
    fn team_set_role(state, id: String, role: String) -> TeamUserDto {
        let (id, role) = (user_id(&id)?, parse_role(&role)?);
        let (shell, st) = (state.sync.clone(), state.store.clone());
        let user = blocking(move || shell.team(&st, |c, schema| c.set_role(schema, id, role))).await?;
        Ok(user.into())
    }

    /// Every device of the organisation, revoked ones included, oldest first.
    fn team_devices(state) -> Vec<TeamDeviceDto> {
        let here = store(&state)?.device().id;
        let (shell, st) = (state.sync.clone(), state.store.clone());
        let devices = blocking(move || shell.team(&st, |c, schema| c.devices(schema))).await?;
        Ok(devices.into_iter().map(|d| TeamDeviceDto::new(d, here)).collect())
    }

    /// Signs a device out: its token stops working at once.
    fn team_revoke_device(state, id: String) -> () {
        let id = user_id(&id)?;
        let (shell, st) = (state.sync.clone(), state.store.clone());
        blocking(move || shell.team(&st, |c, schema| c.revoke_device(schema, id))).await
    }
}
