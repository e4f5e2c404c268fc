//! The customer list: one page of live customers matching a search and a filter, sorted in
//! SQL, with counts that come from indexes where they can (see ARCHITECTURE.md, "Filtered
//! lists", and docs/benchmarks.md for the figures).

use chainbook_core::customer::Customer;
use chainbook_core::segment::{CustomerFilter, Scope};
use chrono::NaiveDate;
use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;

use super::read::{columns, customer};
use super::{CustomerQuery, CustomerSort, Customers};
use crate::paging::{check_page_size, offset, Filter, Page};
use crate::{search, Result};

impl CustomerSort {
    fn order_by(self) -> &'static str {
        match self {
            CustomerSort::Code => "code",
            CustomerSort::Name => "name",
            CustomerSort::City => "city",
            // Stored as exact text; ordering by its numeric value is for display order only.
            CustomerSort::CreditLimit => "CAST(credit_limit AS REAL)",
            CustomerSort::CreatedAt => "created_at",
            CustomerSort::UpdatedAt => "updated_at",
        }
    }
}

impl Customers<'_> {
    /// One page of live customers matching the query's search and filter, sorted in SQL.
    pub fn list(&self, q: &CustomerQuery) -> Result<Page<Customer>> {
        check_page_size(q.page_size)?;
        if q.filter.uses_values() {
            crate::analytics::values::ensure(&self.db)?;
        }
        let home = crate::settings::home_country(self.db.conn)?;
        let ListFilter {
            filter,
            args,
            count,
            count_args,
            tags_only,
            searched,
        } = list_filter(q, &home, self.db.now.date_naive());
        let total = self.db.count_cached(&count, &count_args)?;
        let offset = offset(q.page, q.page_size);
        let dir = if q.descending { "DESC" } else { "ASC" };
        // Sorted by name, the page is found in the covering name index alone (every filter
        // column is in it), then only its 50 rows are read. Left to itself the planner would
        // take the most selective filter index and sort thousands of full rows instead.
        // Tag filters and searches are sets of ids: walking the sort index and testing each
        // entry against the set reaches the page sooner when matches are dense enough (see
        // `walk_is_cheaper`); when they are few, fetching them by rowid and sorting is
        // (a search for a rare name: a few dozen rows instead of a walk over every customer).
        let index = if q.sort == CustomerSort::Name {
            Some("customers_by_name_filters")
        } else {
            sort_index(q.sort)
        };
        let walk = match index {
            Some(_) if tags_only || searched => {
                self.walk_is_cheaper(offset + u64::from(q.page_size), total)?
            }
            Some(_) => q.sort == CustomerSort::Name,
            None => false,
        };
        let source = match index {
            Some(index) if walk => format!("customers INDEXED BY {index}"),
            // The rowids of the matches are the way in; an index would only be walked.
            _ if searched => "customers NOT INDEXED".to_owned(),
            _ => "customers".to_owned(),
        };
        let sql = format!(
            "SELECT {columns} FROM customers WHERE rowid IN (
                 SELECT rowid FROM {source} WHERE {filter}
                 ORDER BY {order} {dir}, id {dir} LIMIT ? OFFSET ?)
             ORDER BY {order} {dir}, id {dir}",
            columns = columns(self.db.now.date_naive()),
            order = q.sort.order_by()
        );
        let mut stmt = self.db.conn.prepare_cached(&sql)?;
        let mut all = args;
        all.push(SqlValue::Integer(i64::from(q.page_size)));
        all.push(SqlValue::Integer(offset as i64));
        let items = stmt
            .query_map(params_from_iter(all), customer)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page {
            items,
            total,
            page: q.page,
            page_size: q.page_size,
        })
    }

    /// Whether the first `end` of `total` matches, in a sort index's order, are found sooner
    /// by walking that index than by fetching and sorting all matches. The walk reads about
    /// `end × customers / total` index entries, each tested against the matching ids (≈ 0.2 µs
    /// at scale L); sorting fetches every match by id (≈ 3 µs). `max(rowid)` stands for the
    /// number of customers: one index seek instead of a count.
    fn walk_is_cheaper(&self, end: u64, total: u64) -> Result<bool> {
        let customers: i64 =
            self.db
                .conn
                .query_row("SELECT ifnull(max(rowid), 0) FROM customers", [], |r| {
                    r.get(0)
                })?;
        let walked = u128::from(end) * customers.max(0) as u128;
        Ok(total > 0 && walked <= 15 * u128::from(total) * u128::from(total))
    }

    /// How many live customers match a filter (segment member counts).
    pub fn count(&self, filter: &CustomerFilter) -> Result<u64> {
        if filter.uses_values() {
            crate::analytics::values::ensure(&self.db)?;
        }
        let q = CustomerQuery {
            filter: filter.clone(),
            ..Default::default()
        };
        let f = list_filter(
            &q,
            &crate::settings::home_country(self.db.conn)?,
            self.db.now.date_naive(),
        );
        self.db.count(&f.count, &f.count_args)
    }
}

/// `SELECT id FROM customers WHERE …` for the live customers a filter matches, and its
/// arguments (a segment's members, for analytics cut by segment).
pub(crate) fn member_ids_sql(
    conn: &rusqlite::Connection,
    filter: &CustomerFilter,
    today: NaiveDate,
) -> Result<(String, Vec<SqlValue>)> {
    let q = CustomerQuery {
        filter: filter.clone(),
        ..Default::default()
    };
    let f = list_filter(&q, &crate::settings::home_country(conn)?, today);
    Ok((
        format!("SELECT id FROM customers WHERE {}", f.filter),
        f.args,
    ))
}

/// A list query's search and filter as SQL.
struct ListFilter {
    /// `WHERE` clause over `customers`, and its arguments.
    filter: String,
    args: Vec<SqlValue>,
    /// A query counting the matches, and its arguments.
    count: String,
    count_args: Vec<SqlValue>,
    /// The filter is tags (with column filters inside `customer_tags`) and nothing else:
    /// `deleted = 0 AND id IN (…)`, which an index holding `id` can test entry by entry.
    tags_only: bool,
    /// There is a search: `rowid IN (…)`, a set of rowids a sort index can be tested against.
    searched: bool,
}

/// The SQL for a list query's search and filter.
///
/// Tag filters are resolved in `customer_tags` together with every column filter (its rows
/// carry the filter columns), so the join to `customers` touches only customers that match;
/// without a search the count needs no join at all (`customer_tags` holds rows of live
/// customers only).
///
/// The lifecycle filter is on the stage a customer shows (computed from its orders as of
/// `today` unless pinned, see `rhythm`), which only `customers` can tell: it stays outside
/// the tag rows, and a tag filter with it is not answered from the tag rows alone.
fn list_filter(q: &CustomerQuery, home_country: &str, today: NaiveDate) -> ListFilter {
    let f = &q.filter;
    let home = || [SqlValue::Text(home_country.to_owned())];
    // Filters on columns that both `customers` and `customer_tags` have.
    let mut columns = Filter::default();
    columns
        .any_of("channel", f.channels.iter().map(|c| c.as_str().to_owned()))
        .any_of(
            "payment_method",
            f.payment_methods.iter().map(|c| c.as_str().to_owned()),
        )
        .any_of("owner", f.owners.iter().cloned())
        .eq("country", f.country.clone())
        .eq("province", f.province.clone())
        .eq("city", f.city.clone());
    match f.scope {
        Some(Scope::Domestic) => {
            columns.and("country = ?", home());
        }
        Some(Scope::International) => {
            columns.and("country <> '' AND country <> ?", home());
        }
        None => {}
    }
    let search = q
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(search::matching_rowids);
    let searched = search.is_some();

    let mut filter = Filter::new("deleted = 0");
    if !f.lifecycles.is_empty() {
        let marks = vec!["?"; f.lifecycles.len()].join(", ");
        filter.and(
            format!(
                "({}) IN ({marks})",
                super::rhythm::effective_stage_sql(today, "customers")
            ),
            f.lifecycles
                .iter()
                .map(|c| SqlValue::Text(c.as_str().to_owned())),
        );
    }
    if let Some((sql, values)) = crate::analytics::values::clause(f) {
        filter.and(
            format!("id IN ({sql})"),
            values.into_iter().map(SqlValue::Text),
        );
    }
    let mut count = None;
    // Only a search: its index holds live customers only, so it counts them alone (a tenth of
    // the time of testing each match in `customers` when a short query matches thousands).
    let search_only = f.tags.is_empty()
        && f.lifecycles.is_empty()
        && !f.uses_values()
        && columns.sql().is_empty();
    if let (true, Some((sql, a))) = (search_only, &search) {
        count = Some((format!("SELECT count(*) FROM ({sql})"), a.clone()));
    }
    if f.tags.is_empty() {
        filter.extend(columns);
    } else {
        let mut tags = Filter::default();
        tags.any_of("tag", f.tags.iter().cloned()).extend(columns);
        filter.and(
            format!(
                "id IN (SELECT customer_id FROM customer_tags WHERE {})",
                tags.sql()
            ),
            tags.args().iter().cloned(),
        );
        if search.is_none() && f.lifecycles.is_empty() && !f.uses_values() {
            // (tag, customer_id) is the key: with one tag every row is another customer.
            let n = if f.tags.len() == 1 {
                "count(*)"
            } else {
                "count(DISTINCT customer_id)"
            };
            count = Some((
                format!("SELECT {n} FROM customer_tags WHERE {}", tags.sql()),
                tags.args().to_vec(),
            ));
        }
    }
    let tags_only =
        !f.tags.is_empty() && search.is_none() && f.lifecycles.is_empty() && !f.uses_values();
    if let Some((sql, a)) = search {
        filter.and(format!("rowid IN ({sql})"), a);
    }
    let (count, count_args) = count.unwrap_or_else(|| {
        (
            format!("SELECT count(*) FROM customers WHERE {}", filter.sql()),
            filter.args().to_vec(),
        )
    });
    ListFilter {
        filter: filter.sql(),
        args: filter.args().to_vec(),
        count,
        count_args,
        tags_only,
        searched,
    }
}

/// The index that holds a sort order's column and `id` after `deleted`, if there is one.
fn sort_index(sort: CustomerSort) -> Option<&'static str> {
    match sort {
        CustomerSort::UpdatedAt => Some("customers_by_updated"),
        CustomerSort::CreatedAt => Some("customers_by_created"),
        CustomerSort::City => Some("customers_by_city"),
        CustomerSort::Name | CustomerSort::Code | CustomerSort::CreditLimit => None,
    }
}
