//! The rules of managing a team, shared by the API and the admin CLI: what a valid user name
//! and a valid new password are, and who may do what to whom ([`check`], a pure function of
//! the actor, the action and the user it acts on).
//!
//! The one rule that needs the whole organisation — its last owner is never removed or
//! demoted — belongs to the storage, which checks it in the transaction that makes the change
//! (two owners demoting each other at once must not leave none).

use chainbook_protocol::{Forbidden, Role, Secret, MIN_PASSWORD_CHARS};
use uuid::Uuid;

use crate::storage::User;

/// Longest user name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Longest new password, in characters: far beyond any passphrase, and it keeps a request
/// from having the server hash megabytes.
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// Who asks: the signed-in user of the request's token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: Uuid,
    pub role: Role,
}

/// What the actor wants to do; the user it acts on as stored now.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    /// List the users or the devices.
    List,
    /// Add a user with this role.
    Add {
        role: Role,
    },
    Remove {
        target: &'a User,
    },
    ResetPassword {
        target: &'a User,
    },
    SetRole {
        target: &'a User,
        to: Role,
    },
    /// Revoke a device of `owner` (the user it belongs to).
    RevokeDevice {
        owner: &'a User,
    },
}

/// Whether `actor` may do `action`: reps manage nobody; managers manage reps and managers
/// but neither touch an owner nor make one; owners manage everyone; nobody removes themselves
/// or changes their own role (another manager or owner does, so nobody locks themselves out
/// by a slip).
pub fn check(actor: Actor, action: Action<'_>) -> Result<(), Forbidden> {
    if !actor.role.manages_users() {
        return Err(Forbidden::Role);
    }
    let owner_only = |touches_owner: bool| {
        if touches_owner && actor.role != Role::Owner {
            Err(Forbidden::OwnerOnly)
        } else {
            Ok(())
        }
    };
    match action {
        Action::List => Ok(()),
        Action::Add { role } => owner_only(role == Role::Owner),
        Action::Remove { target } => {
            if target.id == actor.id {
                return Err(Forbidden::OwnAccount);
            }
            owner_only(target.role == Role::Owner)
        }
        Action::ResetPassword { target } => owner_only(target.role == Role::Owner),
        Action::SetRole { target, to } => {
            if target.id == actor.id {
                return Err(Forbidden::OwnAccount);
            }
            owner_only(target.role == Role::Owner || to == Role::Owner)
        }
        Action::RevokeDevice { owner } => owner_only(owner.role == Role::Owner),
    }
}

/// A user name: 1–[`MAX_NAME_CHARS`] characters, no spaces around, no control characters.
pub fn is_valid_user_name(name: &str) -> bool {
    !name.trim().is_empty()
        && name.trim() == name
        && name.chars().count() <= MAX_NAME_CHARS
        && !name.chars().any(char::is_control)
}

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    TooShort,
    /// More than [`MAX_PASSWORD_CHARS`] characters.
    TooLong,
}

/// Checks a password about to be set (sign-in checks any password as given).
pub fn check_new_password(password: &Secret) -> Result<(), PasswordProblem> {
    let chars = password.expose().chars().count();
    if chars < MIN_PASSWORD_CHARS as usize {
        Err(PasswordProblem::TooShort)
    } else if chars > MAX_PASSWORD_CHARS {
        Err(PasswordProblem::TooLong)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role) -> User {
        User {
            id: Uuid::now_v7(),
            org_id: Uuid::nil(),
            name: role.as_str().into(),
            role,
        }
    }

    fn actor(u: &User) -> Actor {
        Actor {
            id: u.id,
            role: u.role,
        }
    }

    /// Every action on a target of `target` role (adding and setting to `target` itself).
    fn on(target: &User) -> Vec<Action<'_>> {
        vec![
            Action::Add { role: target.role },
            Action::Remove { target },
            Action::ResetPassword { target },
            Action::SetRole {
                target,
                to: Role::Rep,
            },
            Action::RevokeDevice { owner: target },
        ]
    }

    #[test]
    fn reps_manage_nobody() {
        let rep = user(Role::Rep);
        assert_eq!(check(actor(&rep), Action::List), Err(Forbidden::Role));
        for role in Role::ALL {
            let target = user(role);
            for action in on(&target) {
                assert_eq!(
                    check(actor(&rep), action),
                    Err(Forbidden::Role),
                    "{action:?}"
                );
            }
        }
        // Not even their own password or device.
        assert_eq!(
            check(actor(&rep), Action::ResetPassword { target: &rep }),
            Err(Forbidden::Role)
        );
    }

    #[test]
    fn managers_manage_reps_and_managers_but_no_owner() {
        let manager = user(Role::Manager);
        assert_eq!(check(actor(&manager), Action::List), Ok(()));
        for role in [Role::Rep, Role::Manager] {
            let target = user(role);
            for action in on(&target) {
                assert_eq!(check(actor(&manager), action), Ok(()), "{action:?}");
            }
        }
        let owner = user(Role::Owner);
        for action in on(&owner) {
            assert_eq!(
                check(actor(&manager), action),
                Err(Forbidden::OwnerOnly),
                "{action:?}"
            );
        }
        // Nor make anyone an owner.
        let rep = user(Role::Rep);
        assert_eq!(
            check(
                actor(&manager),
                Action::SetRole {
                    target: &rep,
                    to: Role::Owner
                }
            ),
            Err(Forbidden::OwnerOnly)
        );
    }

    #[test]
    fn owners_manage_everyone() {
        let owner = user(Role::Owner);
        for role in Role::ALL {
            let target = user(role);
            for action in on(&target) {
                assert_eq!(check(actor(&owner), action), Ok(()), "{action:?}");
            }
            let rep = user(Role::Rep);
            let promote = Action::SetRole {
                target: &rep,
                to: role,
            };
            assert_eq!(check(actor(&owner), promote), Ok(()));
        }
    }

    #[test]
    fn nobody_removes_themselves_or_changes_their_own_role() {
        for role in [Role::Manager, Role::Owner] {
            let me = user(role);
            assert_eq!(
                check(actor(&me), Action::Remove { target: &me }),
                Err(Forbidden::OwnAccount)
            );
            assert_eq!(
                check(
                    actor(&me),
                    Action::SetRole {
                        target: &me,
                        to: Role::Rep
                    }
                ),
                Err(Forbidden::OwnAccount)
            );
            // Their own password and devices are theirs to manage.
            assert_eq!(
                check(actor(&me), Action::ResetPassword { target: &me }),
                Ok(())
            );
            assert_eq!(
                check(actor(&me), Action::RevokeDevice { owner: &me }),
                Ok(())
            );
        }
    }

    #[test]
    fn names_and_new_passwords_are_checked() {
        assert!(is_valid_user_name("li.na"));
        assert!(is_valid_user_name("李娜"));
        assert!(!is_valid_user_name(" li"));
        assert!(!is_valid_user_name(""));
        assert!(!is_valid_user_name("li\nna"));
        assert!(!is_valid_user_name(&"x".repeat(MAX_NAME_CHARS + 1)));
        assert!(is_valid_user_name(&"x".repeat(MAX_NAME_CHARS)));
        let pw = |s: &str| check_new_password(&Secret::new(s));
        assert_eq!(pw("short"), Err(PasswordProblem::TooShort));
        assert_eq!(pw("1234567"), Err(PasswordProblem::TooShort));
        assert_eq!(pw("12345678"), Ok(()));
        // Characters, not bytes: eight Chinese characters are enough.
        assert_eq!(pw("八个汉字的密码啊"), Ok(()));
        assert_eq!(
            pw(&"x".repeat(MAX_PASSWORD_CHARS + 1)),
            Err(PasswordProblem::TooLong)
        );
    }
}
