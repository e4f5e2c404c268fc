//! Commands: the dashboard, stock and supplier figures, lost customers, one customer's figures.

use super::prelude::*;

commands! {
    /// Every figure of the dashboard for a period, a currency and optionally a segment.
    fn analytics_dashboard(state, analysis: AnalysisInput) -> DashboardDto {
        let q = chainbook_store::analytics::DashboardQuery::try_from(&analysis)?;
        Ok(store(&state)?.analytics().dashboard(&q)?.into())
    }

    /// The dashboard's stock and supplier figures of a period and the one before.
    fn analytics_supply(state, period: PeriodInput) -> SupplyDto {
        let period = chainbook_store::analytics::Period::try_from(&period)?;
        let (current, previous) = store(&state)?.analytics().supply(&period)?;
        Ok(SupplyDto {
            current: current.into(),
            previous: previous.map(Into::into),
        })
    }

    /// The currencies customers buy in, the most customers' first.
    fn analytics_currencies(state) -> Vec<String> {
        Ok(store(&state)?.analytics().currencies()?)
    }

    /// At-risk and lost customers, most valuable first.
    fn analytics_slipping(state, query: SlippingQuery) -> PageDto<SlippingDto> {
        query.fetch(&*store(&state)?)
    }

    /// One customer's tier, RFM, computed lifecycle and loyalty index; `null` for a customer
    /// without orders up to the as-of date.
    fn analytics_customer(state, id: String, period: PeriodInput) -> Option<CustomerInsightDto> {
        let id = parse_id(&id)?;
        let period = chainbook_store::analytics::Period::try_from(&period)?;
        let s = store(&state)?;
        let weight = s.settings().loyalty_weight()?;
        Ok(s
            .analytics()
            .customer_insight(&period, id, weight)?
            .map(|i| CustomerInsightDto::new(i, weight)))
    }
}
