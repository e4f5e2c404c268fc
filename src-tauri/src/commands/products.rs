//! Commands: products, the stock ledger, stock counts.

use super::prelude::*;

commands! {
    /// Validates and creates a product.
    fn product_create(state, input: ProductInput) -> ProductDto {
        let p = store(&state)?.products_mut().create(&ProductDraft::from(input))?;
        tracing::info!(id = %p.id, "product created");
        Ok(p.into())
    }

    /// Validates and saves an edited product.
    fn product_update(state, id: String, input: ProductInput) -> ProductDto {
        let id = parse_id(&id)?;
        Ok(store(&state)?.products_mut().update(id, &ProductDraft::from(input))?.into())
    }

    /// Deletes a product (a tombstone; its movements stay in the ledger).
    fn product_delete(state, id: String) -> () {
        let id = parse_id(&id)?;
        store(&state)?.products_mut().delete(id)?;
        tracing::info!(%id, "product deleted");
        Ok(())
    }

    /// The product page: the product with the stock it can be planned with, recent
    /// movements, the stock series, who supplies it and its plan as of the user's `today`.
    fn product_get(state, id: String, today: String) -> ProductDetailDto {
        let id = parse_id(&id)?;
        let today = date_arg("today", &today)?;
        let s = store(&state)?;
        let plan = s.planning().plan(today)?;
        Ok(ProductDetailDto {
            product: ProductDto::from(s.products().get(id)?).with_plan(&plan),
            plan: plan.product(id).map(Into::into),
            movements: s.stock().movements(id, 200)?.into_iter().map(Into::into).collect(),
            series: stock_series(s.stock().series(id)?),
            suppliers: s.suppliers().of_product(id)?.into_iter().map(Into::into).collect(),
            received_from: s.suppliers().received_from(id)?.into_iter().map(Into::into).collect(),
        })
    }

    /// One page of products with on hand.
    fn product_list(state, query: ProductListQuery) -> ProductPage {
        query.fetch(&*store(&state)?)
    }

    /// Categories in use, for the product filter.
    fn product_categories(state) -> Vec<String> {
        Ok(store(&state)?.products().categories()?)
    }

    /// Records a receipt, shipment, return or adjustment in the stock ledger.
    fn stock_move(state, input: MovementInput) -> MovementDto {
        let draft = MovementDraft::try_from(input)?;
        let m = store(&state)?.stock_mut().record(&draft)?;
        tracing::info!(id = %m.id, kind = m.kind.as_str(), "stock movement");
        Ok(m.into())
    }

    /// Stock counts, newest first.
    fn stock_count_list(state) -> Vec<StockCountSummaryDto> {
        Ok(store(&state)?.stock().counts(100)?.into_iter().map(Into::into).collect())
    }

    /// Starts a count of the given products (all active ones when empty).
    fn stock_count_start(state, products: Vec<String>, note: String) -> StockCountDto {
        let ids = products.iter().map(|p| parse_id(p)).collect::<Result<Vec<_>, _>>()?;
        let c = store(&state)?.stock_mut().start_count(&ids, &note)?;
        tracing::info!(id = %c.id, lines = c.lines.len(), "stock count started");
        Ok(c.into())
    }

    /// A count with its lines.
    fn stock_count_get(state, id: String) -> StockCountDto {
        let id = parse_id(&id)?;
        Ok(store(&state)?.stock().count(id)?.into())
    }

    /// Enters (or, with an empty string, clears) one counted quantity.
    fn stock_count_set(state, id: String, product: String, counted: String) -> CountLineDto {
        let (id, product) = (parse_id(&id)?, parse_id(&product)?);
        Ok(store(&state)?.stock_mut().set_counted(id, product, &counted)?.into())
    }

    /// Posts the differences as count-correction movements and closes the count.
    fn stock_count_post(state, id: String) -> StockCountDto {
        let id = parse_id(&id)?;
        let c = store(&state)?.stock_mut().post_count(id)?;
        tracing::info!(%id, "stock count posted");
        Ok(c.into())
    }

    /// Cancels an open count; nothing is posted.
    fn stock_count_cancel(state, id: String) -> () {
        let id = parse_id(&id)?;
        store(&state)?.stock_mut().cancel_count(id)?;
        Ok(())
    }
}
