//! The one fetch behind each paged list: a list command calls it for the page the UI shows,
//! an export calls it for every page in turn (see [`crate::export`]), so both run the same
//! store query with the same filters and encode the same rows.

use chainbook_store::Store;
use serde::Serialize;
use ts_rs::TS;

use crate::dto::analytics::{slipping_page, SlippingDto, SlippingQuery};
use crate::dto::customers::{CustomerDto, CustomerListQuery};
use crate::dto::orders::{OrderListQuery, OrderSummaryDto};
use crate::dto::products::{ProductDto, ProductListQuery};
use crate::dto::purchasing::{PoListQuery, PoSummaryDto};
use crate::dto::service::{complaint_page, ComplaintListQuery, ComplaintSummaryDto};
use crate::dto::suppliers::{SupplierListQuery, SupplierSummaryDto};
use crate::dto::wire::PageDto;
use crate::error::CmdResult;

/// A list's query as the UI sends it.
pub trait Listing: Clone {
    /// One row as the UI receives it.
    type Row: Serialize + TS;

    /// Moves the query to page `page` of `size` rows.
    fn at_page(&mut self, page: u32, size: u32);

    /// The page the query names.
    fn fetch(self, store: &Store) -> CmdResult<PageDto<Self::Row>>;
}

/// `impl Listing` for a query with `page` and `page_size`.
macro_rules! paged {
    ($query:ty => $row:ty, |$q:ident, $s:ident| $body:expr) => {
        impl Listing for $query {
            type Row = $row;

            fn at_page(&mut self, page: u32, size: u32) {
                self.page = page;
                self.page_size = size;
            }

            fn fetch(self, $s: &Store) -> CmdResult<PageDto<$row>> {
                let $q = self;
                $body
            }
        }
    };
}

paged!(CustomerListQuery => CustomerDto, |q, s| {
    let q = chainbook_store::CustomerQuery::try_from(q)?;
    Ok(s.customers().list(&q)?.into())
});

paged!(OrderListQuery => OrderSummaryDto, |q, s| {
    let q = chainbook_store::orders::OrderQuery::try_from(q)?;
    Ok(PageDto::from(s.orders().list(&q)?))
});

paged!(ProductListQuery => ProductDto, |q, s| {
    let plan = match &q.today {
        Some(t) => Some(s.planning().plan(chainbook_core::date::parse_date("today", t)?)?),
        None => None,
    };
    Ok(crate::dto::wire::page(s.products().list(&q.into())?, |p| {
        let p = ProductDto::from(p);
        match &plan {
            Some(plan) => p.with_plan(plan),
            None => p,
        }
    }))
});

paged!(SupplierListQuery => SupplierSummaryDto, |q, s| {
    let q = chainbook_store::suppliers::SupplierQuery::try_from(q)?;
    Ok(PageDto::from(s.suppliers().list(&q)?))
});

paged!(PoListQuery => PoSummaryDto, |q, s| {
    let q = chainbook_store::purchasing::PoQuery::try_from(q)?;
    Ok(PageDto::from(s.purchasing().list(&q)?))
});

paged!(ComplaintListQuery => ComplaintSummaryDto, |q, s| {
    let q = chainbook_store::complaints::ComplaintQuery::try_from(q)?;
    Ok(complaint_page(s.complaints().list(&q)?, s.now()))
});

paged!(SlippingQuery => SlippingDto, |q, s| {
    let analysis = chainbook_store::analytics::DashboardQuery::try_from(&q.analysis)?;
    let stage = q.stage()?;
    Ok(slipping_page(s.analytics().slipping(&analysis, stage, q.page, q.page_size)?))
});
