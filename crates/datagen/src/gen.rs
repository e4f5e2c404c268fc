//! Building one customer draft from the random stream.
//!
//! About 85% of customers are domestic (China): companies named
//! `<city or province><brand><industry><legal form>` such as 「深圳宏达科技有限公司」 and private
//! persons (surname + given name); the rest are international companies such as
//! "Nordic Steel GmbH" or "Sakura Trading Co., Ltd." and a few foreign persons. Phones, e-mails,
//! postcodes and currencies follow the customer's country and city.

use chainbook_core::contact::ContactDraft;
use chainbook_core::customer::{
    AddressDraft, Channel, CustomerDraft, CustomerKind, Lifecycle, PaymentMethod, PaymentTerms,
    NEED_TAGS,
};
use chainbook_core::money::minor_unit;

use crate::rng::Rng;
use crate::words::*;

/// Who the customer is, as the rest of the record needs it.
enum Origin {
    Domestic {
        province: &'static Province,
        city: &'static City,
    },
    Foreign {
        country: &'static Country,
        city: &'static ForeignCity,
    },
}

impl Origin {
    fn is_foreign(&self) -> bool {
        matches!(self, Origin::Foreign { .. })
    }
}

/// Per-mille of customers that are international.
const FOREIGN_PER_MILLE: u32 = 150;

pub fn customer(r: &mut Rng) -> CustomerDraft {
    let origin = if r.chance(FOREIGN_PER_MILLE) {
        let country = r.skewed(COUNTRIES);
        Origin::Foreign {
            country,
            city: r.skewed(country.cities),
        }
    } else {
        let province = r.skewed(PROVINCES);
        Origin::Domestic {
            province,
            city: r.skewed(province.cities),
        }
    };
    let mut d = CustomerDraft::default();
    // The company's web domain, used by its contacts' e-mail addresses.
    let mut domain: Option<String> = None;
    match &origin {
        Origin::Domestic { province, city } => {
            d.country = "CN".into();
            d.province = province.name.into();
            d.city = city.name.into();
            d.currency = if r.chance(30) { "USD" } else { "CNY" }.into();
            if r.chance(250) {
                d.kind = CustomerKind::Person;
                let (name, surname_py, given_py) = chinese_name(r);
                d.name = name;
                if r.chance(950) {
                    d.phone = mobile(r);
                }
                if r.chance(500) {
                    d.email = personal_email(r, surname_py, &given_py);
                }
            } else {
                d.kind = CustomerKind::Company;
                let (brand, brand_py) = *r.skewed(BRANDS);
                let (industry, slug) = *r.skewed(INDUSTRIES);
                let form = r.skewed(COMPANY_FORMS);
                let place = if r.chance(100) {
                    province.name
                } else {
                    city.name
                };
                d.name = format!("{place}{brand}{industry}{form}");
                let dom = match r.below(4) {
                    0 => format!("{brand_py}-{slug}.com"),
                    1 => format!("{brand_py}{slug}.cn"),
                    2 => format!("{brand_py}.com.cn"),
                    _ => format!("{brand_py}{}.com", r.between(1, 999)),
                };
                if r.chance(850) {
                    d.phone = landline(r, city);
                } else {
                    d.phone = mobile(r);
                }
                if r.chance(700) {
                    let local = r.pick(&["sales", "info", "service", "purchase", "contact"]);
                    d.email = format!("{local}@{dom}");
                }
                domain = Some(dom);
            }
        }
        Origin::Foreign { country, city } => {
            d.country = country.code.into();
            d.province = city.region.into();
            d.city = city.name.into();
            d.currency = if r.chance(600) {
                country.currency
            } else {
                "USD"
            }
            .into();
            d.tags.push("出口".into());
            if r.chance(100) {
                d.kind = CustomerKind::Person;
                let (first, last) = (*r.pick(EN_FIRST), *r.pick(EN_LAST));
                d.name = format!("{first} {last}");
                d.phone = foreign_phone(r, country, city);
                if r.chance(600) {
                    let provider = r.pick(&["gmail.com", "outlook.com", "yahoo.com"]);
                    d.email = format!("{}.{}@{provider}", ascii_slug(first), ascii_slug(last));
                }
            } else {
                d.kind = CustomerKind::Company;
                let word = if r.chance(500) {
                    *r.skewed(EN_WORDS)
                } else {
                    *r.pick(country.words)
                };
                let industry = *r.skewed(EN_INDUSTRIES);
                let suffix = r.skewed(country.suffixes);
                d.name = format!("{word} {industry} {suffix}");
                let dom = format!(
                    "{}{}.{}",
                    ascii_slug(word),
                    ascii_slug(industry),
                    country.tld
                );
                d.phone = foreign_phone(r, country, city);
                if r.chance(800) {
                    let local = r.pick(&["sales", "info", "purchasing", "office"]);
                    d.email = format!("{local}@{dom}");
                }
                domain = Some(dom);
            }
        }
    }
    tags(r, &mut d.tags, origin.is_foreign());
    d.credit_limit = credit_limit(r, &d.currency);
    d.notes = if r.chance(250) {
        (*r.pick(NOTES)).into()
    } else {
        String::new()
    };
    d.channel = if r.chance(40) {
        String::new()
    } else {
        r.pick(Channel::ALL).as_str().into()
    };
    let methods: Vec<PaymentMethod> = PaymentMethod::ALL
        .iter()
        .copied()
        .filter(|m| {
            !(origin.is_foreign() && matches!(m, PaymentMethod::Alipay | PaymentMethod::WechatPay))
        })
        .collect();
    d.payment_method = if r.chance(40) {
        String::new()
    } else {
        r.pick(&methods).as_str().into()
    };
    d.payment_terms = if r.chance(60) {
        String::new()
    } else {
        r.pick(PaymentTerms::ALL).as_str().into()
    };
    let weights: Vec<u32> = Lifecycle::ALL
        .iter()
        .map(|l| match l.as_str() {
            "active" => 45,
            "lead" => 10,
            _ => 15,
        })
        .collect();
    d.lifecycle = Lifecycle::ALL[r.weighted(&weights)].as_str().into();
    d.owner = if r.chance(30) {
        String::new()
    } else if origin.is_foreign() && r.chance(500) {
        "Tom Becker".into()
    } else {
        (*r.pick(OWNERS)).into()
    };
    // 0–5 contacts, 2.5 on average.
    let n = r.weighted(&[70, 170, 280, 240, 150, 90]);
    d.contacts = (0..n)
        .map(|_| contact(r, &origin, domain.as_deref()))
        .collect();
    if !d.contacts.is_empty() && r.chance(700) {
        let i = r.below(d.contacts.len());
        d.contacts[i].primary = true;
    }
    // 0–2 addresses: a billing and/or a shipping one.
    let n = r.weighted(&[200, 550, 250]);
    let first_billing = r.chance(500);
    d.addresses = (0..n)
        .map(|i| address(r, &origin, (i == 0) == first_billing))
        .collect();
    d
}

/// Need tags, then the business's own tags.
fn tags(r: &mut Rng, tags: &mut Vec<String>, foreign: bool) {
    for t in NEED_TAGS {
        if r.chance(180) {
            tags.push(t.into());
        }
    }
    if r.chance(80) {
        tags.push("VIP".into());
    }
    if r.chance(150) {
        tags.push("老客户".into());
    }
    if !foreign && r.chance(30) {
        tags.push("出口".into());
    }
}

const LIMITS: &[u64] = &[
    0, 10_000, 20_000, 30_000, 50_000, 50_000, 80_000, 100_000, 100_000, 120_000, 150_000, 200_000,
    300_000, 500_000, 1_000_000,
];

/// A round credit limit, sometimes written with its decimals ("120000.00"); currencies without
/// a minor unit (JPY, KRW, VND) get larger whole numbers.
fn credit_limit(r: &mut Rng, currency: &str) -> String {
    if r.chance(150) {
        return String::new();
    }
    let factor = match currency {
        "JPY" => 20,
        "KRW" => 200,
        "VND" => 3_000,
        "INR" | "THB" => 5,
        _ => 1,
    };
    let amount = *r.pick(LIMITS) * factor;
    if minor_unit(currency) == 2 && r.chance(400) {
        format!("{amount}.00")
    } else {
        amount.to_string()
    }
}

/// A Chinese name with the pinyin of its surname and given name.
pub(crate) fn chinese_name(r: &mut Rng) -> (String, &'static str, String) {
    let (surname, surname_py) = *r.skewed(SURNAMES);
    let (given, given_py) = if r.chance(400) {
        let (a, a_py) = *r.pick(GIVEN_NAMES);
        (a.to_string(), a_py.to_string())
    } else {
        // Two single characters, or one two-character name.
        let (a, a_py) = *r.pick(GIVEN_NAMES);
        if a.chars().count() == 2 {
            (a.to_string(), a_py.to_string())
        } else {
            let (b, b_py) = loop {
                let (b, b_py) = *r.pick(GIVEN_NAMES);
                if b.chars().count() == 1 {
                    break (b, b_py);
                }
            };
            (format!("{a}{b}"), format!("{a_py}{b_py}"))
        }
    };
    (format!("{surname}{given}"), surname_py, given_py)
}

/// A personal address at a Chinese provider: `wangwei88@163.com`, `wei.wang@126.com`, or a QQ
/// number.
fn personal_email(r: &mut Rng, surname_py: &str, given_py: &str) -> String {
    let provider = *r.pick(CN_MAIL);
    if provider == "qq.com" {
        let len = r.between(7, 9) as usize;
        return format!("{}{}@qq.com", r.between(1, 9), r.digits(len));
    }
    match r.below(3) {
        0 => format!("{surname_py}{given_py}@{provider}"),
        1 => format!("{given_py}.{surname_py}@{provider}"),
        _ => format!("{surname_py}{given_py}{}@{provider}", r.between(60, 99)),
    }
}

/// A Chinese mobile number, sometimes written in groups of 3-4-4.
pub(crate) fn mobile(r: &mut Rng) -> String {
    let prefix = *r.pick(MOBILE_PREFIXES);
    let rest = r.digits(8);
    if r.chance(150) {
        format!("{prefix} {} {}", &rest[..4], &rest[4..])
    } else {
        format!("{prefix}{rest}")
    }
}

/// A landline in the city: `0755-26881234`, sometimes `+86 755 26881234`.
pub(crate) fn landline(r: &mut Rng, city: &City) -> String {
    let local = format!("{}{}", r.between(2, 8), r.digits(7));
    if r.chance(100) {
        format!("+86 {} {local}", &city.area_code[1..])
    } else {
        format!("{}-{local}", city.area_code)
    }
}

pub(crate) fn foreign_phone(r: &mut Rng, country: &Country, city: &ForeignCity) -> String {
    let n = if country.code == "US" {
        7
    } else {
        8 - city.area.len().min(2)
    };
    let digits = r.digits(n);
    format!("{} {} {digits}", country.dial, city.area)
}

/// Lower-case ASCII letters and digits only ("Min-jun" → "minjun", "de Vries" → "devries").
pub(crate) fn ascii_slug(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn contact(r: &mut Rng, origin: &Origin, domain: Option<&str>) -> ContactDraft {
    let mut c = ContactDraft::default();
    let (mut phone, mut email, mut wechat) = (r.chance(800), r.chance(450), r.chance(350));
    if !(phone || email || wechat) {
        phone = true;
    }
    match origin {
        Origin::Domestic { city, .. } => {
            let (name, surname_py, given_py) = chinese_name(r);
            c.name = name;
            c.role = (*r.pick(CN_ROLES)).into();
            if phone {
                c.phone = if r.chance(850) {
                    mobile(r)
                } else {
                    landline(r, city)
                };
            }
            if email {
                c.email = match domain {
                    Some(dom) if r.chance(700) => match r.below(2) {
                        0 => format!("{given_py}.{surname_py}@{dom}"),
                        _ => format!("{surname_py}{given_py}@{dom}"),
                    },
                    _ => personal_email(r, surname_py, &given_py),
                };
            }
            if wechat {
                c.wechat = match r.below(3) {
                    0 => format!("wxid_{}", lower_alnum(r, 10)),
                    1 => format!("{surname_py}{given_py}{}", r.between(1970, 2005)),
                    _ if !c.phone.is_empty() && !c.phone.contains('-') => c.phone.replace(' ', ""),
                    _ => format!("{surname_py}_{given_py}"),
                };
            }
        }
        Origin::Foreign { country, city } => {
            let (first, last) = (*r.pick(EN_FIRST), *r.pick(EN_LAST));
            c.name = format!("{first} {last}");
            c.role = (*r.pick(EN_ROLES)).into();
            wechat &= r.chance(300);
            if !(phone || email || wechat) {
                email = true;
            }
            if phone {
                c.phone = foreign_phone(r, country, city);
            }
            if email {
                let dom = domain.unwrap_or("gmail.com");
                c.email = format!("{}.{}@{dom}", ascii_slug(first), ascii_slug(last));
            }
            if wechat {
                c.wechat = format!("{}_{}", ascii_slug(first), r.digits(4));
            }
        }
    }
    c
}

pub(crate) fn lower_alnum(r: &mut Rng, n: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..n).map(|_| char::from(*r.pick(CHARS))).collect()
}

fn address(r: &mut Rng, origin: &Origin, billing: bool) -> AddressDraft {
    let mut a = AddressDraft {
        kind: if billing { "billing" } else { "shipping" }.into(),
        ..Default::default()
    };
    match origin {
        Origin::Domestic { province, city } => {
            // Goods often go to a warehouse elsewhere in the province.
            let city = if r.chance(800) {
                *city
            } else {
                r.skewed(province.cities)
            };
            a.country = "CN".into();
            a.province = province.name.into();
            a.city = city.name.into();
            let mut street = format!(
                "{}{}{}号",
                r.pick(CN_ZONES),
                r.pick(CN_ROADS),
                r.between(1, 999)
            );
            if r.chance(400) {
                street.push_str(&format!(
                    "{}栋{}{:02}室",
                    r.between(1, 12),
                    r.between(1, 20),
                    r.between(1, 20)
                ));
            }
            a.street = street;
            a.postcode = format!("{:06}", city.postcode + r.below(100) as u32);
        }
        Origin::Foreign { country, city } => {
            a.country = country.code.into();
            a.province = city.region.into();
            a.city = city.name.into();
            let street = r.pick(country.streets);
            let n = r.between(1, 250);
            a.street = if country.number_after {
                format!("{street} {n}")
            } else {
                format!("{n} {street}")
            };
            a.postcode = city
                .postcode
                .chars()
                .map(|ch| match ch {
                    '#' => char::from(b'0' + r.below(10) as u8),
                    'A' => char::from(b'A' + r.below(26) as u8),
                    other => other,
                })
                .collect();
        }
    }
    a
}
