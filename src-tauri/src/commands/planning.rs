//! Commands: the replenishment list, its drafts, and the planning settings.

use super::prelude::*;
use crate::dto::planning::*;

commands! {
    /// Products below their reorder point, grouped by preferred supplier, as of the user's
    /// `today` (YYYY-MM-DD).
    fn replenishment_list(state, today: String) -> Vec<SupplierSuggestionsDto> {
        let today = date_arg("today", &today)?;
        let groups = store(&state)?.planning().suggestions(today)?;
        Ok(groups.into_iter().map(Into::into).collect())
    }

    /// Creates one draft purchase order per preferred supplier from the selected lines.
    fn replenishment_create(state, lines: Vec<DraftLineInput>, today: String) -> Vec<PurchaseOrderDto> {
        let today = date_arg("today", &today)?;
        let lines = draft_lines(lines)?;
        let pos = store(&state)?.planning_mut().create_drafts(&lines, today)?;
        tracing::info!(drafts = pos.len(), "draft purchase orders from replenishment");
        Ok(pos.into_iter().map(Into::into).collect())
    }

    /// Service levels per ABC class, the XYZ thresholds and the review period.
    fn planning_settings_get(state) -> PlanningSettingsDto {
        Ok(store(&state)?.settings().planning()?.into())
    }

    /// Validates and saves the planning settings.
    fn planning_settings_set(state, settings: PlanningSettingsDto) -> PlanningSettingsDto {
        Ok(store(&state)?.settings_mut().set_planning(&settings.into())?.into())
    }
}
