//! Search as you type: Chinese substrings, pinyin, initials, English, phones, emails, contacts.

use chainbook_core::contact::ContactDraft;
use chainbook_core::customer::CustomerDraft;
use chainbook_store::Store;

use crate::{draft, fresh};

fn seeded() -> (tempfile::TempDir, Store) {
    let (d, mut s) = fresh();
    for (name, phone, email, contact) in [
        (
            "深圳华为技术有限公司",
            "0755-2878 0808",
            "info@huawei.com",
            "张伟",
        ),
        ("华润万家超市", "021-5555 6666", "", "李娜"),
        (
            "北京小米科技有限责任公司",
            "010-6060 6666",
            "mi@xiaomi.com",
            "雷军",
        ),
        (
            "Nordic Steel GmbH",
            "+49 40 1234567",
            "sales@nordicsteel.de",
            "Anna Berg",
        ),
        (
            "Pacific Trading Ltd",
            "+1 415 555 0100",
            "buy@pacific.example",
            "John Smith",
        ),
    ] {
        s.customers_mut()
            .create(&CustomerDraft {
                phone: phone.into(),
                email: email.into(),
                contacts: vec![ContactDraft {
                    name: contact.into(),
                    wechat: format!("wx_{}", contact.len()),
                    ..Default::default()
                }],
                ..draft(name)
            })
            .unwrap();
    }
    (d, s)
}

fn find(s: &Store, q: &str) -> Vec<String> {
    s.search()
        .customers(q, 20)
        .unwrap()
        .into_iter()
        .map(|h| h.name)
        .collect()
}

#[test]
fn chinese_substrings_of_any_length() {
    let (_d, s) = seeded();
    assert_eq!(find(&s, "华为"), vec!["深圳华为技术有限公司"]);
    assert_eq!(find(&s, "华为技术"), vec!["深圳华为技术有限公司"]);
    assert_eq!(find(&s, "小米"), vec!["北京小米科技有限责任公司"]);
    // 「华」 is in two names: the one that starts with it ranks first.
    assert_eq!(find(&s, "华"), vec!["华润万家超市", "深圳华为技术有限公司"]);
    assert_eq!(find(&s, "有限").len(), 2);
}

#[test]
fn pinyin_and_initials() {
    let (_d, s) = seeded();
    assert_eq!(find(&s, "huawei"), vec!["深圳华为技术有限公司"]);
    assert_eq!(find(&s, "HuaWei"), vec!["深圳华为技术有限公司"]);
    assert_eq!(find(&s, "hw"), vec!["深圳华为技术有限公司"]);
    assert_eq!(find(&s, "szhw"), vec!["深圳华为技术有限公司"]);
    assert_eq!(find(&s, "xiaomi"), vec!["北京小米科技有限责任公司"]);
    // A contact's name in pinyin finds the customer.
    assert_eq!(find(&s, "leijun"), vec!["北京小米科技有限责任公司"]);
}

#[test]
fn name_readings_of_polyphonic_characters() {
    let (_d, mut s) = seeded();
    s.customers_mut().create(&draft("重庆长安汽车")).unwrap();
    s.customers_mut()
        .create(&CustomerDraft {
            kind: chainbook_core::customer::CustomerKind::Person,
            ..draft("吕晓曾")
        })
        .unwrap();
    assert_eq!(find(&s, "chongqing"), vec!["重庆长安汽车"]);
    assert_eq!(
        find(&s, "zhongqing"),
        vec!["重庆长安汽车"],
        "the common reading still works"
    );
    assert_eq!(find(&s, "cqca"), vec!["重庆长安汽车"]);
    assert_eq!(find(&s, "lvxiao"), vec!["吕晓曾"]);
    assert_eq!(find(&s, "luxiaozeng"), vec!["吕晓曾"]);
}

#[test]
fn english_mixed_case_phones_emails_contacts() {
    let (_d, s) = seeded();
    assert_eq!(find(&s, "nordic"), vec!["Nordic Steel GmbH"]);
    assert_eq!(find(&s, "pACIFIC"), vec!["Pacific Trading Ltd"]);
    assert_eq!(find(&s, "0755"), vec!["深圳华为技术有限公司"]);
    assert_eq!(
        find(&s, "28780808"),
        vec!["深圳华为技术有限公司"],
        "digits without separators"
    );
    assert_eq!(find(&s, "xiaomi.com"), vec!["北京小米科技有限责任公司"]);
    assert_eq!(find(&s, "Anna"), vec!["Nordic Steel GmbH"]);
    assert_eq!(find(&s, "张伟"), vec!["深圳华为技术有限公司"]);
    assert!(find(&s, "zzzzqqq").is_empty());
    assert!(find(&s, "   ").is_empty());
    // FTS syntax in the query is taken literally, not as operators.
    assert!(find(&s, "\"OR*").is_empty());
    assert!(find(&s, "a AND b NOT c").is_empty());
}

#[test]
fn edits_and_deletes_update_the_index_in_the_same_write() {
    let (_d, mut s) = seeded();
    let id = s.search().customers("小米", 1).unwrap()[0].id;
    s.customers_mut()
        .update(id, &draft("北京红米电子"))
        .unwrap();
    assert!(find(&s, "小米").is_empty());
    assert_eq!(find(&s, "红米"), vec!["北京红米电子"]);
    s.customers_mut().delete(id).unwrap();
    assert!(find(&s, "红米").is_empty());
    assert!(find(&s, "hongmi").is_empty());
}

#[test]
fn the_list_search_uses_the_same_matching() {
    let (_d, s) = seeded();
    let q = chainbook_store::CustomerQuery {
        search: Some("hw".into()),
        ..Default::default()
    };
    let page = s.customers().list(&q).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].fields.name, "深圳华为技术有限公司");
}
