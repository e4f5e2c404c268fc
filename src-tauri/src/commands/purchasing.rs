//! Commands: purchase orders and receipts.

use super::prelude::*;

commands! {
    /// Creates a draft purchase order.
    fn po_create(state, input: PoInput) -> PurchaseOrderDto {
        let draft = chainbook_core::purchase::PoDraft::try_from(input)?;
        let po = store(&state)?.purchasing_mut().create(&draft)?;
        tracing::info!(number = %po.number, "purchase order created");
        Ok(po.into())
    }

    /// A purchase order with its lines, receipts and status history.
    fn po_get(state, id: String) -> PurchaseOrderDto {
        let id = parse_id(&id)?;
        Ok(store(&state)?.purchasing().get(id)?.into())
    }

    /// One page of purchase orders, newest first.
    fn po_list(state, query: PoListQuery) -> PoPage {
        query.fetch(&*store(&state)?)
    }

    /// Changes the ordered quantity of one line of a draft.
    fn po_set_quantity(state, id: String, line: String, quantity: String) -> PurchaseOrderDto {
        let (id, line) = (parse_id(&id)?, parse_id(&line)?);
        Ok(store(&state)?.purchasing_mut().set_draft_quantity(id, line, &quantity)?.into())
    }

    /// Sends, cancels or closes a purchase order ("send", "cancel", "close").
    fn po_action(state, id: String, action: String) -> PurchaseOrderDto {
        let id = parse_id(&id)?;
        let action = choice::required("action", &action, ErrorCode::InvalidChoice)?;
        let po = store(&state)?.purchasing_mut().action(id, action)?;
        tracing::info!(number = %po.number, status = po.status.as_str(), "purchase order status");
        Ok(po.into())
    }

    /// Receives goods: accepted quantities go into stock, rejected ones are recorded.
    fn po_receive(state, id: String, receipt: ReceiptInput) -> PurchaseOrderDto {
        let id = parse_id(&id)?;
        let lines = receipt_lines(receipt.lines)?;
        let po = store(&state)?.purchasing_mut().receive(id, &receipt.received_on, &lines, receipt.confirm_over_delivery)?;
        tracing::info!(number = %po.number, status = po.status.as_str(), "goods received");
        Ok(po.into())
    }
}
