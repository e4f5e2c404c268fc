//! Commands: suppliers, supplies, contracts, evaluations, the scorecard.

use chainbook_core::scorecard::ScorePeriod;

use super::prelude::*;

commands! {
    /// Validates and creates a supplier with its contacts.
    fn supplier_create(state, input: SupplierInput) -> SupplierDto {
        let draft = SupplierDraft::try_from(input)?;
        let s = store(&state)?.suppliers_mut().create(&draft)?;
        tracing::info!(id = %s.id, "supplier created");
        Ok(s.into())
    }

    /// Validates and saves an edited supplier.
    fn supplier_update(state, id: String, input: SupplierInput) -> SupplierDto {
        let id = parse_id(&id)?;
        let draft = SupplierDraft::try_from(input)?;
        Ok(store(&state)?.suppliers_mut().update(id, &draft)?.into())
    }

    /// Deletes a supplier; its purchase orders and evaluations stay as history.
    fn supplier_delete(state, id: String) -> () {
        let id = parse_id(&id)?;
        store(&state)?.suppliers_mut().delete(id)?;
        tracing::info!(%id, "supplier deleted");
        Ok(())
    }

    /// The supplier page: the record, what it supplies, contracts, evaluations, latest POs.
    fn supplier_get(state, id: String) -> SupplierDetailDto {
        let id = parse_id(&id)?;
        let s = store(&state)?;
        let orders = s.purchasing().list(&PoQuery {
            page: 0,
            page_size: 20,
            supplier_id: Some(id),
            ..Default::default()
        })?;
        Ok(SupplierDetailDto {
            supplier: s.suppliers().get(id)?.into(),
            supplies: s.suppliers().supplied_by(id)?.into_iter().map(Into::into).collect(),
            contracts: s.suppliers().contracts_of(id)?.into_iter().map(Into::into).collect(),
            evaluations: s.suppliers().evaluations_of(id)?.into_iter().map(Into::into).collect(),
            orders: orders.items.into_iter().map(Into::into).collect(),
        })
    }

    /// One page of suppliers by name.
    fn supplier_list(state, query: SupplierListQuery) -> SupplierPage {
        query.fetch(&*store(&state)?)
    }

    /// Records (or updates) what a supplier supplies, at what price and lead time.
    fn supply_set(state, input: SupplyInput) -> () {
        let draft = SupplyDraft::try_from(input)?;
        store(&state)?.suppliers_mut().set_supply(&draft)?;
        Ok(())
    }

    /// Stops recording that a supplier supplies a product.
    fn supply_remove(state, supplier: String, product: String) -> () {
        let (supplier, product) = (parse_id(&supplier)?, parse_id(&product)?);
        store(&state)?.suppliers_mut().remove_supply(supplier, product)?;
        Ok(())
    }

    /// Adds a supplier contract.
    fn contract_add(state, input: ContractInput) -> ContractDto {
        let draft = ContractDraft::try_from(input)?;
        Ok(store(&state)?.suppliers_mut().add_contract(&draft)?.into())
    }

    /// Saves an edited contract.
    fn contract_update(state, id: String, input: ContractInput) -> ContractDto {
        let id = parse_id(&id)?;
        let draft = ContractDraft::try_from(input)?;
        Ok(store(&state)?.suppliers_mut().update_contract(id, &draft)?.into())
    }

    /// Deletes a contract.
    fn contract_delete(state, id: String) -> () {
        let id = parse_id(&id)?;
        store(&state)?.suppliers_mut().delete_contract(id)?;
        Ok(())
    }

    /// Contracts ending within `days` of `today` (the user's local date, YYYY-MM-DD).
    fn contracts_expiring(state, today: String, days: u32) -> Vec<ExpiringContractDto> {
        let today = date_arg("today", &today)?;
        let list = store(&state)?.suppliers().contracts_expiring(today, days.min(3650))?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// Records a periodic evaluation of a supplier.
    fn evaluation_add(state, input: EvaluationInput) -> EvaluationDto {
        let draft = EvaluationDraft::try_from(input)?;
        let mut s = store(&state)?;
        let id = s.suppliers_mut().add_evaluation(&draft)?;
        let e = s
            .suppliers().evaluations_of(draft.supplier_id)?
            .into_iter()
            .find(|e| e.id == id)
            .ok_or_else(|| CommandError::new(ErrorCode::Internal, "evaluation not found after saving"))?;
        Ok(e.into())
    }

    /// Every supplier's scorecard of a period (`2026-07`, `2026-Q3` or `2026`), best first.
    fn scorecard_list(state, period: String) -> Vec<SupplierScoreDto> {
        let period = ScorePeriod::parse(&period)?;
        let list = store(&state)?.suppliers().scorecards(period)?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// One supplier's scorecard of a period with `history` periods up to it (at most 36) and
    /// the records behind its inputs.
    fn scorecard_get(state, id: String, period: String, history: u32) -> SupplierScorecardDto {
        let id = parse_id(&id)?;
        let period = ScorePeriod::parse(&period)?;
        Ok(store(&state)?.suppliers().scorecard(id, period, history)?.into())
    }

    /// The scorecard's weights.
    fn scorecard_weights_get(state) -> WeightsDto {
        Ok(store(&state)?.settings().scorecard_weights()?.into())
    }

    /// Saves the scorecard's weights; refused (`weights_sum`) unless they sum to 100.
    fn scorecard_weights_set(state, weights: WeightsDto) -> WeightsDto {
        Ok(store(&state)?.settings_mut().set_scorecard_weights(&weights.into())?.into())
    }

    /// Changes a supplier's status with the reason recorded (probation after a grade D).
    fn supplier_set_status(state, id: String, status: String, reason: String) -> SupplierDto {
        let id = parse_id(&id)?;
        let status = choice::required("status", &status, ErrorCode::InvalidChoice)?;
        let s = store(&state)?.suppliers_mut().set_status(id, status, &reason)?;
        tracing::info!(%id, status = s.fields.status.as_str(), "supplier status changed");
        Ok(s.into())
    }
}
