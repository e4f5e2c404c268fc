//! Commands: the replenishment list, its drafts, the planning settings, and demand forecasts
//! (a product's forecast, the background run's state, starting and cancelling it).

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

    /// The background forecast run as of the user's `today`.
    fn forecast_status(state, today: String) -> ForecastStatusDto {
        let today = date_arg("today", &today)?;
        let s = store(&state)?;
        Ok(state.forecasts.status(&s, today)?)
    }

    /// Starts forecasting every product that is due as of `today` (nothing if a run is
    /// going); progress arrives as `forecast://progress`.
    fn forecast_run(state, today: String) -> ForecastStatusDto {
        let today = date_arg("today", &today)?;
        state.forecasts.start(state.store.clone(), today);
        let s = store(&state)?;
        Ok(state.forecasts.status(&s, today)?)
    }

    /// Stops the run after its current batch; what it saved stays.
    fn forecast_cancel(state) -> () {
        state.forecasts.cancel();
        Ok(())
    }

    /// A product's monthly demand and its kept forecast as of `today`.
    fn forecast_get(state, id: String, today: String) -> ProductForecastDto {
        let id = parse_id(&id)?;
        let today = date_arg("today", &today)?;
        let s = store(&state)?;
        let planning = s.planning();
        let first = chainbook_store::planning::forecasts::first_month(today);
        let history = planning.demand(
            id,
            chainbook_store::planning::Granularity::Month,
            first.pred_opt().unwrap_or(first),
        )?;
        let kept = planning.forecast(id)?;
        let current = planning.forecast_current(id, today)?;
        Ok(ProductForecastDto::new(id, &history, kept, current))
    }

    /// A category's summed monthly demand and its forecast as of `today`, computed now.
    fn forecast_category(state, category: String, today: String) -> ProductForecastDto {
        let today = date_arg("today", &today)?;
        let category = category.trim().to_owned();
        if category.is_empty() {
            return Err(CommandError::new(ErrorCode::Required, "a category").with_field("category"));
        }
        let s = store(&state)?;
        let first = chainbook_store::planning::forecasts::first_month(today);
        let history = s.planning().category_demand(
            &category,
            chainbook_store::planning::Granularity::Month,
            first.pred_opt().unwrap_or(first),
        )?;
        let f = chainbook_store::planning::forecasts::category(&history, today, s.now());
        let current = f.is_some();
        Ok(ProductForecastDto::new(uuid::Uuid::nil(), &history, f, current))
    }
}
