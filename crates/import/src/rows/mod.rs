//! A data row, read through a column mapping, as the typed row of its kind: the cell values
//! made plain ([`crate::values`]), words for choices read in Chinese or English ([`words`]),
//! and every check that needs no stored data run by core's own validation of the record
//! (`CustomerDraft::validate_record`, `ProductDraft::validate`, …), not a second copy of it.
//! What needs the database (codes taken, customers and SKUs that exist, the order's
//! currency) is the store's to check.
//!
//! A problem is a [`RowIssue`]: the row, the column, the field, the value and the error code
//! the UI translates; the first problem of a row in form order, as a form would show it.
//!
//! - [`words`]: choices and countries as people write them.

pub mod words;

use chainbook_core::contact::ContactDraft;
use chainbook_core::customer::{AddressDraft, CustomerDraft, CustomerKind, CustomerRecord};
use chainbook_core::product::{validate_sku, ProductDraft, ProductFields, Qty};
use chainbook_core::supplier::{SupplierDraft, SupplierRecord};
use chainbook_core::text::{clean, Lines};
use chainbook_core::{ErrorCode, ValidationError};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::mapping::Kind;
use crate::table::Record;
use crate::values::{parse_date, parse_decimal, DayMonth, DecimalMark};

/// How to read the values of a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadOptions {
    pub day_month: DayMonth,
    pub decimal_mark: DecimalMark,
    /// The country of an address whose row names none (the business's home country).
    pub home_country: String,
}

/// One problem with one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowIssue {
    /// The row number the user sees (the header is row 1).
    pub row: u64,
    /// The column (0-based) holding the value, when one does.
    pub column: Option<usize>,
    /// The field of the kind (a mapping key), or `""` for the row as a whole.
    pub field: String,
    pub code: ErrorCode,
    /// The value as the file has it, cut to [`VALUE_MAX`] characters.
    pub value: String,
}

/// How much of a value an issue repeats (a 1 MB cell is not copied into the report).
pub const VALUE_MAX: usize = 200;

/// Where each mapped field is: the mapping as the user left it, one entry per column.
#[derive(Debug, Clone)]
pub struct Columns {
    kind: Kind,
    fields: Vec<(&'static str, usize)>,
}

impl Columns {
    /// The mapping for `kind`; unknown field keys are ignored (the caller has checked them).
    pub fn new(kind: Kind, mapping: &[Option<String>]) -> Columns {
        let fields = mapping
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let key = m.as_deref()?;
                kind.field(key).map(|f| (f.key, i))
            })
            .collect();
        Columns { kind, fields }
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn column(&self, field: &str) -> Option<usize> {
        self.fields
            .iter()
            .find(|(k, _)| *k == field)
            .map(|(_, i)| *i)
    }

    pub fn is_mapped(&self, field: &str) -> bool {
        self.column(field).is_some()
    }
}

/// A row being read: its cells by field, and the issue for a field.
pub struct Cells<'a> {
    cols: &'a Columns,
    rec: &'a Record,
}

impl<'a> Cells<'a> {
    pub fn new(cols: &'a Columns, rec: &'a Record) -> Self {
        Cells { cols, rec }
    }

    pub fn row(&self) -> u64 {
        self.rec.row
    }

    /// The cell of `field`, trimmed, without the apostrophe that keeps a would-be formula a
    /// value in a spreadsheet (as Chainbook's own CSV export writes it); empty when the field is
    /// not mapped.
    pub fn get(&self, field: &str) -> &'a str {
        self.cols.column(field).map_or("", |i| {
            chainbook_core::text::unguard_cell(self.rec.cell(i).trim())
        })
    }

    /// An issue with the value of `field`.
    pub fn issue(&self, field: &str, code: ErrorCode) -> RowIssue {
        let value: String = self.get(field).chars().take(VALUE_MAX).collect();
        RowIssue {
            row: self.rec.row,
            column: self.cols.column(field),
            field: field.to_owned(),
            code,
            value,
        }
    }

    /// A core validation error, placed on the field whose value it is about.
    pub fn invalid(
        &self,
        e: &ValidationError,
        field_of: impl Fn(&str) -> &'static str,
    ) -> RowIssue {
        self.issue(field_of(&e.field), e.code)
    }

    fn date(&self, field: &'static str, o: &ReadOptions) -> Result<Option<NaiveDate>, RowIssue> {
        match self.get(field) {
            "" => Ok(None),
            v => parse_date(field, v, o.day_month)
                .map(Some)
                .map_err(|e| self.issue(field, e.code)),
        }
    }

    /// A number as a plain decimal string (empty stays empty), for core's parsers.
    fn plain(&self, field: &'static str, o: &ReadOptions) -> Result<String, RowIssue> {
        Ok(self
            .decimal(field, o)?
            .map(|d| d.to_string())
            .unwrap_or_default())
    }

    fn decimal(&self, field: &'static str, o: &ReadOptions) -> Result<Option<Decimal>, RowIssue> {
        parse_decimal(field, self.get(field), o.decimal_mark).map_err(|e| self.issue(field, e.code))
    }

    fn choice(
        &self,
        field: &'static str,
        read: fn(&str) -> Option<&'static str>,
    ) -> Result<String, RowIssue> {
        match self.get(field) {
            "" => Ok(String::new()),
            v => read(v)
                .map(str::to_owned)
                .ok_or_else(|| self.issue(field, ErrorCode::InvalidChoice)),
        }
    }
}

/// A customer with the code the file gives it (empty: the store numbers it) and the day it
/// became one (the record's creation time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    pub code: String,
    pub created_on: Option<NaiveDate>,
    /// Checked by `CustomerDraft::validate_record`.
    pub record: CustomerRecord,
}

/// An order line with what it says about its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLineRow {
    /// Empty: the row is an order of its own, numbered by the store.
    pub number: String,
    pub customer_code: String,
    pub sku: String,
    pub ordered_on: NaiveDate,
    pub delivered_on: Option<NaiveDate>,
    pub currency: String,
    pub channel: String,
    pub payment_method: String,
    pub notes: String,
    /// A plain decimal more than zero.
    pub quantity: String,
    pub unit_price: Option<Decimal>,
    pub amount: Option<Decimal>,
    pub discount_pct: String,
    pub tax_rate_pct: String,
}

/// An opening stock quantity of a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockRow {
    pub sku: String,
    pub quantity: Qty,
    pub on: Option<NaiveDate>,
    pub reference: String,
}

/// A row read as its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Customer(CustomerRow),
    /// Checked by `ProductDraft::validate`.
    Product(ProductFields),
    /// Checked by `SupplierDraft::validate_record`.
    Supplier(SupplierRecord),
    Stock(StockRow),
    OrderLine(OrderLineRow),
}

/// The longest customer or supplier code or order number kept from a file.
pub const CODE_MAX: usize = 64;

/// Reads `rec` as a row of the columns' kind.
pub fn read_row(cols: &Columns, rec: &Record, o: &ReadOptions) -> Result<Row, RowIssue> {
    let c = Cells::new(cols, rec);
    match cols.kind() {
        Kind::Customers => customer(&c, o).map(Row::Customer),
        Kind::Products => product(&c, o).map(Row::Product),
        Kind::Suppliers => supplier(&c).map(Row::Supplier),
        Kind::OpeningStock => stock(&c, o).map(Row::Stock),
        Kind::Orders => order_line(&c, o).map(Row::OrderLine),
    }
}

fn code(c: &Cells<'_>, field: &'static str, required: bool) -> Result<String, RowIssue> {
    let v = clean(field, c.get(field), CODE_MAX, required, Lines::Single)
        .map_err(|e| c.issue(field, e.code))?;
    if v.chars().any(char::is_whitespace) {
        return Err(c.issue(field, ErrorCode::InvalidChars));
    }
    Ok(v)
}

fn contact(c: &Cells<'_>) -> Vec<ContactDraft> {
    let d = ContactDraft {
        id: None,
        name: c.get("contact_name").to_owned(),
        role: c.get("contact_role").to_owned(),
        phone: c.get("contact_phone").to_owned(),
        email: c.get("contact_email").to_owned(),
        wechat: c.get("contact_wechat").to_owned(),
        primary: true,
    };
    let any = [&d.name, &d.role, &d.phone, &d.email, &d.wechat]
        .iter()
        .any(|v| !v.is_empty());
    if any {
        vec![d]
    } else {
        Vec::new()
    }
}

/// The field a contact's error is about.
fn contact_field(path: &str) -> Option<&'static str> {
    let rest = path.strip_prefix("contacts.0.")?;
    Some(match rest {
        "name" => "contact_name",
        "role" => "contact_role",
        "email" => "contact_email",
        "wechat" => "contact_wechat",
        _ => "contact_phone",
    })
}

fn tags(v: &str) -> Vec<String> {
    v.split([',', '，', ';', '；', '、', '|'])
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

fn customer(c: &Cells<'_>, o: &ReadOptions) -> Result<CustomerRow, RowIssue> {
    let code = code(c, "code", false)?;
    let kind = match c.get("kind") {
        "" => CustomerKind::Company,
        v => words::customer_kind(v).ok_or_else(|| c.issue("kind", ErrorCode::InvalidChoice))?,
    };
    let country = match c.get("country") {
        "" => String::new(),
        v => words::country(v).ok_or_else(|| c.issue("country", ErrorCode::InvalidCountry))?,
    };
    let street = c.get("street");
    let postcode = c.get("postcode");
    let addresses = if street.is_empty() && postcode.is_empty() {
        Vec::new()
    } else {
        vec![AddressDraft {
            id: None,
            kind: match c.get("address_kind") {
                "" => "shipping".to_owned(),
                v => words::address_kind(v)
                    .ok_or_else(|| c.issue("address_kind", ErrorCode::InvalidChoice))?
                    .to_owned(),
            },
            country: if country.is_empty() {
                o.home_country.clone()
            } else {
                country.clone()
            },
            province: c.get("province").to_owned(),
            city: c.get("city").to_owned(),
            street: street.to_owned(),
            postcode: postcode.to_owned(),
        }]
    };
    let draft = CustomerDraft {
        kind,
        name: c.get("name").to_owned(),
        phone: c.get("phone").to_owned(),
        email: c.get("email").to_owned(),
        country,
        province: c.get("province").to_owned(),
        city: c.get("city").to_owned(),
        tags: tags(c.get("tags")),
        credit_limit: c.plain("credit_limit", o)?,
        currency: match c.get("currency") {
            "" => "CNY".to_owned(),
            v => v.to_owned(),
        },
        notes: c.get("notes").to_owned(),
        channel: c.choice("channel", words::channel)?,
        payment_method: c.choice("payment_method", words::payment_method)?,
        payment_terms: c.choice("payment_terms", words::payment_terms)?,
        lifecycle: c.choice("lifecycle", words::lifecycle)?,
        lifecycle_pinned: c.cols.is_mapped("lifecycle") && !c.get("lifecycle").is_empty(),
        owner: c.get("owner").to_owned(),
        contacts: contact(c),
        addresses,
    };
    let record = draft.validate_record().map_err(|e| {
        c.invalid(&e, |path| {
            contact_field(path).unwrap_or_else(|| match path.strip_prefix("addresses.0.") {
                Some("street") => "street",
                Some("postcode") => "postcode",
                Some("kind") => "address_kind",
                Some("province") => "province",
                Some("city") => "city",
                Some(_) => "country",
                None => CUSTOMER_KEYS
                    .iter()
                    .find(|k| **k == path)
                    .copied()
                    .unwrap_or(""),
            })
        })
    })?;
    let created_on = c.date("created_on", o)?;
    Ok(CustomerRow {
        code,
        created_on,
        record,
    })
}

/// The customer fields core names the same way the mapping does.
const CUSTOMER_KEYS: &[&str] = &[
    "name",
    "kind",
    "phone",
    "email",
    "country",
    "province",
    "city",
    "tags",
    "credit_limit",
    "currency",
    "notes",
    "channel",
    "payment_method",
    "payment_terms",
    "lifecycle",
    "owner",
];

fn product(c: &Cells<'_>, o: &ReadOptions) -> Result<ProductFields, RowIssue> {
    let d = ProductDraft {
        sku: c.get("sku").to_owned(),
        name: c.get("name").to_owned(),
        unit: c.get("unit").to_owned(),
        category: c.get("category").to_owned(),
        currency: match c.get("currency") {
            "" => "CNY".to_owned(),
            v => v.to_owned(),
        },
        price: c.plain("price", o)?,
        cost: c.plain("cost", o)?,
        stage: c.choice("stage", words::product_stage)?,
        pack_size: c.plain("pack_size", o)?,
        min_order_qty: c.plain("min_order_qty", o)?,
        lead_time_days: c.plain("lead_time_days", o)?,
        safety_stock: c.plain("safety_stock", o)?,
        reorder_point: c.plain("reorder_point", o)?,
        active: match c.get("active") {
            "" => true,
            v => words::yes_no(v).ok_or_else(|| c.issue("active", ErrorCode::InvalidChoice))?,
        },
    };
    d.validate()
        .map_err(|e| c.invalid(&e, |path| c.cols.kind().field(path).map_or("", |f| f.key)))
}

fn supplier(c: &Cells<'_>) -> Result<SupplierRecord, RowIssue> {
    let d = SupplierDraft {
        code: code(c, "code", true)?,
        name: c.get("name").to_owned(),
        kind: match c.get("kind") {
            "" => "goods".to_owned(),
            v => words::supplier_kind(v)
                .ok_or_else(|| c.issue("kind", ErrorCode::InvalidChoice))?
                .to_owned(),
        },
        status: match c.get("status") {
            "" => "approved".to_owned(),
            v => words::supplier_status(v)
                .ok_or_else(|| c.issue("status", ErrorCode::InvalidChoice))?
                .to_owned(),
        },
        categories: tags(c.get("categories")),
        contacts: contact(c),
        notes: c.get("notes").to_owned(),
    };
    d.validate_record().map_err(|e| {
        c.invalid(&e, |path| {
            contact_field(path)
                .or_else(|| c.cols.kind().field(path).map(|f| f.key))
                .unwrap_or("")
        })
    })
}

fn stock(c: &Cells<'_>, o: &ReadOptions) -> Result<StockRow, RowIssue> {
    let sku = validate_sku(c.get("sku")).map_err(|e| c.issue("sku", e.code))?;
    let plain = c.plain("quantity", o)?;
    let quantity =
        Qty::parse("quantity", &plain, false).map_err(|e| c.issue("quantity", e.code))?;
    let reference = clean("reference", c.get("reference"), 100, false, Lines::Single)
        .map_err(|e| c.issue("reference", e.code))?;
    Ok(StockRow {
        sku,
        quantity,
        on: c.date("on", o)?,
        reference,
    })
}

fn order_line(c: &Cells<'_>, o: &ReadOptions) -> Result<OrderLineRow, RowIssue> {
    let number = code(c, "number", false)?;
    let customer_code = code(c, "customer_code", true)?;
    let sku = validate_sku(c.get("sku")).map_err(|e| c.issue("sku", e.code))?;
    let quantity = c.plain("quantity", o)?;
    let q = Qty::parse("quantity", &quantity, false).map_err(|e| c.issue("quantity", e.code))?;
    if q.0 <= 0 {
        return Err(c.issue("quantity", ErrorCode::OutOfRange));
    }
    let unit_price = c.decimal("unit_price", o)?;
    let amount = c.decimal("amount", o)?;
    for (field, v) in [("unit_price", unit_price), ("amount", amount)] {
        if v.is_some_and(|d| d.is_sign_negative() && !d.is_zero()) {
            return Err(c.issue(field, ErrorCode::Negative));
        }
    }
    if unit_price.is_none() && amount.is_none() {
        let field = if c.cols.is_mapped("unit_price") || !c.cols.is_mapped("amount") {
            "unit_price"
        } else {
            "amount"
        };
        return Err(c.issue(field, ErrorCode::Required));
    }
    let ordered_on = c
        .date("ordered_on", o)?
        .ok_or_else(|| c.issue("ordered_on", ErrorCode::Required))?;
    let delivered_on = c.date("delivered_on", o)?;
    if delivered_on.is_some_and(|d| d < ordered_on) {
        return Err(c.issue("delivered_on", ErrorCode::DateOrder));
    }
    Ok(OrderLineRow {
        number,
        customer_code,
        sku,
        ordered_on,
        delivered_on,
        currency: c.get("currency").to_owned(),
        channel: c.choice("channel", words::channel)?,
        payment_method: c.choice("payment_method", words::payment_method)?,
        notes: c.get("notes").to_owned(),
        quantity,
        unit_price,
        amount,
        discount_pct: c.plain("discount_pct", o)?,
        tax_rate_pct: c.plain("tax_rate_pct", o)?,
    })
}

#[cfg(test)]
mod tests;
