//! Choices and countries as people write them in spreadsheets: the stored key (`direct`), the
//! English label (`Online shop`) or the Chinese one the app shows (`网店`), to the key core's
//! validation takes. Unknown words are `None`, reported as an invalid choice.

use chainbook_core::customer::CustomerKind;

/// Lower case without spaces, dashes or underscores.
fn fold(s: &str) -> String {
    crate::values::half_width(s)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_'))
        .collect()
}

fn pick(table: &[(&'static str, &[&str])], v: &str) -> Option<&'static str> {
    let v = fold(v);
    table
        .iter()
        .find(|(key, words)| fold(key) == v || words.iter().any(|w| fold(w) == v))
        .map(|(key, _)| *key)
}

pub fn customer_kind(v: &str) -> Option<CustomerKind> {
    match pick(
        &[
            ("company", &["企业", "公司", "单位", "法人", "business"]),
            ("person", &["个人", "自然人", "individual", "private"]),
        ],
        v,
    )? {
        "person" => Some(CustomerKind::Person),
        _ => Some(CustomerKind::Company),
    }
}

pub fn channel(v: &str) -> Option<&'static str> {
    pick(
        &[
            ("direct", &["直销", "直营"]),
            (
                "online_shop",
                &["网店", "电商", "online", "onlineshop", "网上商城"],
            ),
            ("phone", &["电话", "电话销售", "telephone"]),
            ("distributor", &["经销商", "分销商", "代理商", "dealer"]),
            (
                "rep_visit",
                &["业务员拜访", "拜访", "rep visit", "sales visit"],
            ),
        ],
        v,
    )
}

pub fn payment_method(v: &str) -> Option<&'static str> {
    pick(
        &[
            (
                "bank_transfer",
                &["银行转账", "转账", "电汇", "bank", "transfer", "wire"],
            ),
            ("cash", &["现金"]),
            ("alipay", &["支付宝"]),
            ("wechat_pay", &["微信支付", "微信", "wechat"]),
            ("card", &["银行卡", "刷卡", "信用卡", "credit card"]),
            ("cheque", &["支票", "check"]),
            ("on_account", &["挂账", "赊账", "月结", "on account"]),
        ],
        v,
    )
}

pub fn payment_terms(v: &str) -> Option<&'static str> {
    pick(
        &[
            ("prepaid", &["预付款", "预付", "款到发货", "prepayment"]),
            ("cash_on_delivery", &["货到付款", "cod"]),
            ("net_15", &["15天账期", "15天", "net15"]),
            ("net_30", &["30天账期", "30天", "月结30天", "net30"]),
            ("net_60", &["60天账期", "60天", "net60"]),
            ("net_90", &["90天账期", "90天", "net90"]),
        ],
        v,
    )
}

pub fn lifecycle(v: &str) -> Option<&'static str> {
    pick(
        &[
            ("lead", &["潜在客户", "潜在", "线索"]),
            ("new", &["新客户", "新"]),
            ("active", &["活跃客户", "活跃"]),
            ("at_risk", &["有流失风险", "流失风险", "at risk"]),
            ("lost", &["已流失", "流失"]),
        ],
        v,
    )
}

pub fn address_kind(v: &str) -> Option<&'static str> {
    pick(
        &[
            (
                "billing",
                &["账单地址", "开票地址", "账单", "开票", "invoice"],
            ),
            ("shipping", &["收货地址", "送货地址", "收货", "delivery"]),
        ],
        v,
    )
}

pub fn product_stage(v: &str) -> Option<&'static str> {
    pick(
        &[
            ("new", &["新品", "导入期", "新"]),
            ("growth", &["成长期", "成长"]),
            ("mature", &["成熟期", "成熟"]),
            ("decline", &["衰退期", "衰退"]),
        ],
        v,
    )
}

pub fn supplier_kind(v: &str) -> Option<&'static str> {
    pick(
        &[
            ("goods", &["商品供应商", "供应商", "商品", "物料"]),
            ("logistics", &["物流承运商", "物流", "承运商", "carrier"]),
            ("service", &["售后服务商", "售后", "服务商"]),
        ],
        v,
    )
}

pub fn supplier_status(v: &str) -> Option<&'static str> {
    pick(
        &[
            ("approved", &["合格", "已认证", "正常", "合作中"]),
            ("probation", &["试用", "考察期", "考察"]),
            ("blocked", &["停用", "黑名单", "禁用"]),
        ],
        v,
    )
}

pub fn yes_no(v: &str) -> Option<bool> {
    match pick(
        &[
            (
                "yes",
                &["是", "启用", "有效", "true", "1", "y", "active", "在售"],
            ),
            (
                "no",
                &["否", "停用", "无效", "false", "0", "n", "inactive", "停售"],
            ),
        ],
        v,
    )? {
        "yes" => Some(true),
        _ => Some(false),
    }
}

/// ISO 3166-1 alpha-2 codes for the countries written out by name most often (in Chinese or
/// English); a two-letter code passes through for core to check.
pub fn country(v: &str) -> Option<String> {
    const NAMES: &[(&str, &[&str])] = &[
        (
            "CN",
            &["中国", "中国大陆", "中华人民共和国", "china", "prc"],
        ),
        ("HK", &["香港", "中国香港", "hong kong", "hongkong"]),
        ("MO", &["澳门", "中国澳门", "macau", "macao"]),
        ("TW", &["台湾", "中国台湾", "taiwan"]),
        ("US", &["美国", "united states", "usa", "america"]),
        ("GB", &["英国", "united kingdom", "uk", "britain"]),
        ("DE", &["德国", "germany"]),
        ("FR", &["法国", "france"]),
        ("IT", &["意大利", "italy"]),
        ("ES", &["西班牙", "spain"]),
        ("NL", &["荷兰", "netherlands"]),
        ("JP", &["日本", "japan"]),
        ("KR", &["韩国", "south korea", "korea"]),
        ("SG", &["新加坡", "singapore"]),
        ("MY", &["马来西亚", "malaysia"]),
        ("TH", &["泰国", "thailand"]),
        ("VN", &["越南", "vietnam", "viet nam"]),
        ("ID", &["印度尼西亚", "印尼", "indonesia"]),
        ("IN", &["印度", "india"]),
        ("AU", &["澳大利亚", "australia"]),
        ("CA", &["加拿大", "canada"]),
        ("RU", &["俄罗斯", "russia"]),
        ("BR", &["巴西", "brazil"]),
        ("AE", &["阿联酋", "united arab emirates", "uae"]),
    ];
    let t = v.trim();
    if t.len() == 2 && t.is_ascii() {
        return Some(t.to_ascii_uppercase());
    }
    pick(NAMES, t).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_either_language_and_the_keys() {
        assert_eq!(channel("网店"), Some("online_shop"));
        assert_eq!(channel("Online shop"), Some("online_shop"));
        assert_eq!(channel("rep_visit"), Some("rep_visit"));
        assert_eq!(payment_terms("30 天账期"), Some("net_30"));
        assert_eq!(lifecycle("At risk"), Some("at_risk"));
        assert_eq!(customer_kind("个人"), Some(CustomerKind::Person));
        assert_eq!(country("中国"), Some("CN".into()));
        assert_eq!(country("de"), Some("DE".into()));
        assert_eq!(country("Atlantis"), None);
        assert_eq!(yes_no("否"), Some(false));
        assert_eq!(channel("teleport"), None);
    }
}
