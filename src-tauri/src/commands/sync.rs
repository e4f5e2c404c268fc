//! Commands: sign-in, sync now, sign-out, the sync status, conflicts.

use super::prelude::*;

commands! {
    /// Where sync stands: signed in, last sync, changes waiting, conflicts.
    fn sync_status(state) -> SyncStatusDto {
        let s = store(&state)?;
        state.sync.status(&s)
    }

    /// Signs in to a sync server; the token goes to the OS keychain only.
    fn sync_sign_in(state, input: SignInInput) -> SyncStatusDto {
        let (shell, st) = (state.sync.clone(), state.store.clone());
        blocking(move || shell.sign_in(&st, input)).await?;
        let s = store(&state)?;
        state.sync.status(&s)
    }

    /// Syncs now, on a blocking thread.
    fn sync_now(state) -> SyncStatusDto {
        let (shell, st) = (state.sync.clone(), state.store.clone());
        blocking(move || shell.sync_now(&st)).await?;
        let s = store(&state)?;
        state.sync.status(&s)
    }

    /// Signs out: the token leaves the keychain, background sync stops.
    fn sync_sign_out(state) -> SyncStatusDto {
        let s = store(&state)?;
        state.sync.sign_out(&s)?;
        state.sync.status(&s)
    }

    /// Open conflicts, newest first.
    fn conflict_list(state, limit: u32) -> Vec<ConflictDto> {
        let s = store(&state)?;
        let here = s.device().id;
        Ok(s.sync().conflicts(limit.min(500))?.into_iter().map(|c| ConflictDto::new(c, here)).collect())
    }

    /// Closes a conflict keeping "kept" (the merged value) or "lost" (written again now).
    fn conflict_resolve(state, id: i64, keep: String) -> SyncStatusDto {
        let keep = match keep.as_str() {
            "kept" => chainbook_store::sync::Keep::Kept,
            "lost" => chainbook_store::sync::Keep::Lost,
            other => return Err(CommandError::new(ErrorCode::InvalidArgument, format!("keep {other:?}"))),
        };
        let mut s = store(&state)?;
        s.sync_mut().resolve(id, keep)?;
        state.sync.wake();
        state.sync.status(&s)
    }
}
