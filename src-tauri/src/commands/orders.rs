//! Commands: sales orders through their lifecycle.

use super::prelude::*;

commands! {
    /// The tax rates order lines offer and the one a new line starts with.
    fn tax_rates(state) -> TaxRatesDto {
        Ok(store(&state)?.settings().tax_rates()?.into())
    }

    /// Saves the tax rates (errors name the rate: `rates.<i>.rate_pct`); returns them as stored.
    fn tax_rates_set(state, rates: TaxRatesDto) -> TaxRatesDto {
        let draft: chainbook_core::tax::TaxRatesDraft = rates.into();
        Ok(store(&state)?.settings_mut().set_tax_rates(&draft)?.into())
    }

    /// Saves a new draft sales order.
    fn order_create(state, input: OrderInput, today: String) -> OrderDto {
        let today = date_arg("today", &today)?;
        let draft = chainbook_core::order::OrderDraft::try_from(input)?;
        let o = store(&state)?.orders_mut().create(&draft)?;
        tracing::info!(number = %o.number, "order created");
        Ok(OrderDto::new(o, today))
    }

    /// Saves an edited draft order.
    fn order_update(state, id: String, input: OrderInput, today: String) -> OrderDto {
        let (id, today) = (parse_id(&id)?, date_arg("today", &today)?);
        let draft = chainbook_core::order::OrderDraft::try_from(input)?;
        Ok(OrderDto::new(store(&state)?.orders_mut().update(id, &draft)?, today))
    }

    /// The order page.
    fn order_get(state, id: String, today: String) -> OrderDto {
        let (id, today) = (parse_id(&id)?, date_arg("today", &today)?);
        Ok(OrderDto::new(store(&state)?.orders().get(id)?, today))
    }

    /// One page of orders, newest first.
    fn order_list(state, query: OrderListQuery) -> OrderPage {
        query.fetch(&*store(&state)?)
    }

    /// What confirming would mean: lines short on stock and the customer's credit position.
    fn order_confirm_check(state, id: String) -> ConfirmCheckDto {
        let id = parse_id(&id)?;
        let s = store(&state)?;
        Ok(ConfirmCheckDto::new(s.orders().stock_check(id)?, s.orders().credit_check(id)?))
    }

    /// Confirms (reserves) an order; short lines need `backorder`, going over the credit limit
    /// needs `override`.
    fn order_confirm(state, id: String, backorder: bool, overrule: bool, today: String) -> OrderDto {
        let (id, today) = (parse_id(&id)?, date_arg("today", &today)?);
        let o = store(&state)?.orders_mut().confirm(id, backorder, overrule)?;
        tracing::info!(number = %o.number, backorder, overrule, "order confirmed");
        Ok(OrderDto::new(o, today))
    }

    /// "start_picking", "deliver", "close" or "cancel". Delivering adds a follow-up on the
    /// customer, due three days after the user's `today`, to ask for feedback.
    fn order_action(state, id: String, action: String, today: String) -> OrderDto {
        let (id, today) = (parse_id(&id)?, date_arg("today", &today)?);
        let action: chainbook_core::order::OrderAction = choice::required("action", &action, ErrorCode::InvalidChoice)?;
        let o = store(&state)?.orders_mut().action(id, action, Some(today + chrono::Duration::days(3)))?;
        tracing::info!(number = %o.number, status = o.status.as_str(), "order status");
        Ok(OrderDto::new(o, today))
    }

    /// Ships some or all unshipped quantities.
    fn order_ship(state, id: String, shipment: ShipmentInput, today: String) -> OrderDto {
        let (id, today) = (parse_id(&id)?, date_arg("today", &today)?);
        let draft = chainbook_core::order::ShipmentDraft::try_from(shipment)?;
        Ok(OrderDto::new(store(&state)?.orders_mut().ship(id, &draft)?, today))
    }

    /// Records goods returned after delivery.
    fn order_return(state, id: String, goods: ReturnInput, today: String) -> OrderDto {
        let (id, today) = (parse_id(&id)?, date_arg("today", &today)?);
        let draft = chainbook_core::order::ReturnDraft::try_from(goods)?;
        Ok(OrderDto::new(store(&state)?.orders_mut().return_goods(id, &draft)?, today))
    }
}
