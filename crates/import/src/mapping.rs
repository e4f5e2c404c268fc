//! What can be imported ([`Kind`]), the fields of each kind, and which column holds which
//! field: guessed from the headers in Chinese or English, or as the user last chose for files
//! laid out the same way ([`layout_key`]: the normalised header row).

use serde::{Deserialize, Serialize};

/// A kind of record a file can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Customers,
    Products,
    Suppliers,
    OpeningStock,
    Orders,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Customers,
        Kind::Products,
        Kind::Suppliers,
        Kind::OpeningStock,
        Kind::Orders,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Customers => "customers",
            Kind::Products => "products",
            Kind::Suppliers => "suppliers",
            Kind::OpeningStock => "opening_stock",
            Kind::Orders => "orders",
        }
    }

    /// The fields of this kind, in the order the mapping step shows them.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Customers => CUSTOMER_FIELDS,
            Kind::Products => PRODUCT_FIELDS,
            Kind::Suppliers => SUPPLIER_FIELDS,
            Kind::OpeningStock => STOCK_FIELDS,
            Kind::Orders => ORDER_FIELDS,
        }
    }

    pub fn field(self, key: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.key == key)
    }
}

/// A field a column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The key the UI translates and the mapping names.
    pub key: &'static str,
    /// A file cannot be imported without a column for it.
    pub required: bool,
    /// Headers that mean this field, normalised (see [`normalise`]), most specific first.
    pub headers: &'static [&'static str],
}

const fn f(key: &'static str, required: bool, headers: &'static [&'static str]) -> Field {
    Field {
        key,
        required,
        headers,
    }
}

#[rustfmt::skip]
const CUSTOMER_FIELDS: &[Field] = &[
    f("code", false, &["客户编码", "客户编号", "客户代码", "编码", "编号", "代码", "customercode", "customerno", "customerid", "code", "no"]),
    f("name", true, &["客户名称", "客户全称", "公司名称", "单位名称", "名称", "客户", "customername", "company", "customer", "name"]),
    f("kind", false, &["客户类型", "类型", "kind", "type", "customertype"]),
    f("phone", false, &["公司电话", "电话", "座机", "phone", "telephone", "tel"]),
    f("email", false, &["公司邮箱", "邮箱", "电子邮件", "email", "e-mail", "mail"]),
    f("country", false, &["国家/地区", "国家", "country", "countrycode"]),
    f("province", false, &["省份", "省", "province", "state", "region"]),
    f("city", false, &["城市", "市", "city"]),
    f("tags", false, &["标签", "tags", "tag"]),
    f("credit_limit", false, &["信用额度", "授信额度", "creditlimit", "credit"]),
    f("currency", false, &["币种", "货币", "币别", "currency"]),
    f("channel", false, &["渠道", "销售渠道", "channel"]),
    f("payment_method", false, &["付款方式", "支付方式", "paymentmethod"]),
    f("payment_terms", false, &["付款条件", "账期", "结算方式", "paymentterms", "terms"]),
    f("lifecycle", false, &["生命周期", "客户阶段", "阶段", "lifecycle", "stage"]),
    f("owner", false, &["负责人", "业务员", "销售员", "客户经理", "owner", "salesrep", "rep"]),
    f("created_on", false, &["建档日期", "创建日期", "开户日期", "合作日期", "日期", "createdon", "customersince", "since", "created", "date"]),
    f("notes", false, &["备注", "说明", "notes", "note", "remarks", "comment"]),
    f("contact_name", false, &["联系人", "联系人姓名", "contact", "contactname", "contactperson"]),
    f("contact_role", false, &["职位", "职务", "联系人职位", "role", "title", "position"]),
    f("contact_phone", false, &["联系人电话", "手机", "联系电话", "手机号", "mobile", "contactphone", "cellphone"]),
    f("contact_email", false, &["联系人邮箱", "contactemail"]),
    f("contact_wechat", false, &["微信", "微信号", "wechat", "weixin"]),
    f("address_kind", false, &["地址类型", "addresstype", "addresskind"]),
    f("street", false, &["详细地址", "地址", "街道", "收货地址", "address", "street", "streetaddress"]),
    f("postcode", false, &["邮编", "邮政编码", "postcode", "zip", "zipcode", "postalcode"]),
];

#[rustfmt::skip]
const PRODUCT_FIELDS: &[Field] = &[
    f("sku", true, &["sku", "货号", "商品编码", "产品编码", "物料编码", "存货编码", "编码", "itemcode", "productcode", "code"]),
    f("name", true, &["产品名称", "商品名称", "品名", "物料名称", "名称", "productname", "itemname", "name", "product"]),
    f("unit", true, &["单位", "计量单位", "unit", "uom"]),
    f("category", false, &["类别", "分类", "产品类别", "品类", "category"]),
    f("currency", false, &["币种", "货币", "currency"]),
    f("price", false, &["售价", "销售单价", "单价", "价格", "price", "unitprice", "saleprice"]),
    f("cost", false, &["成本", "成本价", "进价", "采购价", "cost", "unitcost"]),
    f("stage", false, &["生命周期", "阶段", "stage", "lifecycle"]),
    f("pack_size", false, &["包装数量", "箱规", "每箱数量", "packsize", "pack"]),
    f("min_order_qty", false, &["最小起订量", "起订量", "moq", "minorderqty", "minimumorder"]),
    f("lead_time_days", false, &["交货期", "交期", "交货天数", "leadtime", "leadtimedays"]),
    f("safety_stock", false, &["安全库存", "safetystock"]),
    f("reorder_point", false, &["再订货点", "订货点", "reorderpoint"]),
    f("active", false, &["是否启用", "启用", "状态", "active", "status"]),
];

#[rustfmt::skip]
const SUPPLIER_FIELDS: &[Field] = &[
    f("code", false, &["供应商编码", "供应商编号", "供应商代码", "编码", "编号", "suppliercode", "code", "vendorcode"]),
    f("name", true, &["供应商名称", "供应商", "名称", "suppliername", "supplier", "vendor", "name"]),
    f("kind", false, &["供应商类型", "类型", "kind", "type"]),
    f("status", false, &["状态", "status"]),
    f("categories", false, &["供应类别", "类别", "品类", "categories", "category"]),
    f("notes", false, &["备注", "notes", "remarks"]),
    f("contact_name", false, &["联系人", "contact", "contactname"]),
    f("contact_role", false, &["职位", "职务", "role", "title"]),
    f("contact_phone", false, &["电话", "联系电话", "手机", "phone", "tel", "mobile"]),
    f("contact_email", false, &["邮箱", "email", "e-mail"]),
    f("contact_wechat", false, &["微信", "wechat"]),
];

#[rustfmt::skip]
const STOCK_FIELDS: &[Field] = &[
    f("sku", true, &["sku", "货号", "商品编码", "产品编码", "物料编码", "编码", "itemcode", "productcode", "code"]),
    f("quantity", true, &["期初库存", "期初数量", "库存数量", "库存", "数量", "openingstock", "onhand", "quantity", "qty", "stock"]),
    f("on", false, &["日期", "盘点日期", "期初日期", "date", "asof"]),
    f("reference", false, &["单据号", "备注", "reference", "ref", "note"]),
];

#[rustfmt::skip]
const ORDER_FIELDS: &[Field] = &[
    f("number", false, &["订单号", "订单编号", "单号", "销售单号", "ordernumber", "orderno", "order", "number"]),
    f("customer_code", true, &["客户编码", "客户编号", "客户代码", "customercode", "customerno", "customer"]),
    f("sku", true, &["sku", "货号", "商品编码", "产品编码", "物料编码", "itemcode", "productcode"]),
    f("quantity", true, &["数量", "销售数量", "quantity", "qty"]),
    f("unit_price", false, &["单价", "销售单价", "价格", "unitprice", "price"]),
    f("amount", false, &["金额", "行金额", "小计", "销售金额", "amount", "lineamount", "linetotal", "total"]),
    f("discount_pct", false, &["折扣", "折扣率", "discount", "discountpct"]),
    f("tax_rate_pct", false, &["税率", "taxrate", "tax"]),
    f("ordered_on", true, &["订单日期", "下单日期", "销售日期", "日期", "orderdate", "orderedon", "date"]),
    f("delivered_on", false, &["交货日期", "送达日期", "签收日期", "deliveredon", "deliverydate"]),
    f("currency", false, &["币种", "货币", "currency"]),
    f("channel", false, &["渠道", "channel"]),
    f("payment_method", false, &["付款方式", "paymentmethod"]),
    f("notes", false, &["备注", "notes", "remarks"]),
];

/// A header as compared: lower case, half-width, without spaces, underscores, a required
/// mark (`*`) or a unit in brackets (`单价(元)` → `单价`).
pub fn normalise(header: &str) -> String {
    let s = crate::values::half_width(header).to_lowercase();
    let s = match s.find(['(', '[']) {
        Some(i) if i > 0 => &s[..i],
        _ => &s,
    };
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '*' | '.' | ':' | '#'))
        .collect()
}

/// The key under which a mapping is remembered: the kind and the normalised header row.
pub fn layout_key(kind: Kind, headers: &[String]) -> String {
    let cols: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    format!("{}|{}", kind.as_str(), cols.join("|"))
}

/// For each column, the field it most likely holds: exact header matches first (by the
/// field's synonym order, fields in form order), then headers that contain a synonym of
/// two or more characters. Each field goes to one column at most.
pub fn guess(kind: Kind, headers: &[String]) -> Vec<Option<&'static str>> {
    let norm: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let mut out: Vec<Option<&'static str>> = vec![None; headers.len()];
    let mut taken: Vec<&'static str> = Vec::new();
    let passes: [fn(&str, &str) -> bool; 2] = [
        |h, s| h == s,
        |h, s| s.chars().count() >= 2 && h.contains(s),
    ];
    for pass in passes {
        for field in kind.fields() {
            if taken.contains(&field.key) {
                continue;
            }
            'syn: for syn in field.headers {
                for (i, h) in norm.iter().enumerate() {
                    if out[i].is_none() && !h.is_empty() && pass(h, syn) {
                        out[i] = Some(field.key);
                        taken.push(field.key);
                        break 'syn;
                    }
                }
            }
        }
    }
    out
}

/// Required fields no column is mapped to.
pub fn missing(kind: Kind, mapping: &[Option<String>]) -> Vec<&'static str> {
    kind.fields()
        .iter()
        .filter(|f| f.required && !mapping.iter().any(|m| m.as_deref() == Some(f.key)))
        .map(|f| f.key)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(cols: &[&str]) -> Vec<String> {
        cols.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn guesses_chinese_and_english_customer_headers() {
        let g = guess(
            Kind::Customers,
            &h(&[
                "客户编码",
                "客户名称",
                "联系人",
                "手机",
                "省份",
                "城市",
                "建档日期",
                "备注*",
                "其他",
            ]),
        );
        assert_eq!(
            g,
            vec![
                Some("code"),
                Some("name"),
                Some("contact_name"),
                Some("contact_phone"),
                Some("province"),
                Some("city"),
                Some("created_on"),
                Some("notes"),
                None
            ]
        );
        let g = guess(
            Kind::Customers,
            &h(&["Customer Code", "Name", "E-mail", "Credit Limit (CNY)"]),
        );
        assert_eq!(
            g,
            vec![
                Some("code"),
                Some("name"),
                Some("email"),
                Some("credit_limit")
            ]
        );
    }

    #[test]
    fn guesses_order_lines_and_each_field_once() {
        let g = guess(
            Kind::Orders,
            &h(&[
                "订单号",
                "客户编码",
                "SKU",
                "数量",
                "单价(元)",
                "金额",
                "订单日期",
                "日期",
            ]),
        );
        assert_eq!(
            g,
            vec![
                Some("number"),
                Some("customer_code"),
                Some("sku"),
                Some("quantity"),
                Some("unit_price"),
                Some("amount"),
                Some("ordered_on"),
                None
            ]
        );
        assert_eq!(missing(Kind::Orders, &[None, Some("sku".into())]).len(), 3);
    }

    #[test]
    fn layouts_ignore_case_spaces_and_marks() {
        assert_eq!(
            layout_key(Kind::Customers, &h(&["Name ", "客户编码*"])),
            layout_key(Kind::Customers, &h(&["name", "客户编码"]))
        );
        assert_ne!(
            layout_key(Kind::Customers, &h(&["name"])),
            layout_key(Kind::Products, &h(&["name"]))
        );
    }
}
