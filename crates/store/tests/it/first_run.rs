//! The first run: the base currency setting, "is set up" (the wizard's mark or any record),
//! the wizard's choices saved in one write (nothing on a refused choice), and the sample
//! company loaded only into an empty database, keeping this device's identity and settings.

use chainbook_core::ErrorCode;
use chainbook_store::settings::first_run::FirstRun;
use chainbook_store::Store;

use crate::draft;

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(&dir.path().join("chainbook.db")).unwrap();
    (dir, s)
}

fn choices() -> FirstRun {
    FirstRun {
        locale: "zh-CN".into(),
        company_name: "  深圳链簿贸易有限公司 ".into(),
        home_country: "cn".into(),
        base_currency: "usd".into(),
    }
}

#[test]
fn base_currency_defaults_to_cny_and_refuses_what_is_not_iso_4217() {
    let (_d, mut s) = open();
    assert_eq!(s.settings().base_currency().unwrap(), "CNY");
    assert_eq!(s.settings_mut().set_base_currency(" eur ").unwrap(), "EUR");
    assert_eq!(s.settings().base_currency().unwrap(), "EUR");
    for (bad, code) in [
        ("XYZ", ErrorCode::InvalidCurrency),
        ("euro", ErrorCode::InvalidCurrency),
        ("", ErrorCode::Required),
        ("   ", ErrorCode::Required),
    ] {
        let e = s.settings_mut().set_base_currency(bad).unwrap_err();
        assert_eq!(e.code(), code, "{bad:?}");
    }
    // Refused values leave the saved one alone, and it survives a reopen.
    let path = s.path().to_owned();
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.settings().base_currency().unwrap(), "EUR");
}

#[test]
fn a_new_database_is_not_set_up_one_with_records_is() {
    let (_d, mut s) = open();
    assert!(!s.settings().is_set_up().unwrap());
    assert!(!s.has_records().unwrap());
    // Business settings alone are not records.
    s.settings_mut().set_home_country("DE").unwrap();
    assert!(!s.settings().is_set_up().unwrap());
    // A database in use (an upgraded one, say) never goes through the wizard.
    let c = s.customers_mut().create(&draft("老客户")).unwrap();
    assert!(s.settings().is_set_up().unwrap());
    // A deleted record still means the database was used.
    s.customers_mut().delete(c.id).unwrap();
    assert!(s.settings().is_set_up().unwrap());
}

#[test]
fn finishing_the_first_run_saves_every_choice_or_none() {
    let (_d, mut s) = open();
    for (bad, code, field) in [
        (
            FirstRun {
                locale: "fr".into(),
                ..choices()
            },
            ErrorCode::InvalidArgument,
            "locale",
        ),
        (
            FirstRun {
                home_country: "XX".into(),
                ..choices()
            },
            ErrorCode::InvalidCountry,
            "home_country",
        ),
        (
            FirstRun {
                home_country: "".into(),
                ..choices()
            },
            ErrorCode::Required,
            "home_country",
        ),
        (
            FirstRun {
                base_currency: "ABC".into(),
                ..choices()
            },
            ErrorCode::InvalidCurrency,
            "base_currency",
        ),
        (
            FirstRun {
                company_name: "名".repeat(201),
                ..choices()
            },
            ErrorCode::TooLong,
            "name",
        ),
    ] {
        let e = s.settings_mut().finish_first_run(&bad).unwrap_err();
        assert_eq!(e.code(), code, "{bad:?}");
        assert_eq!(e.field(), Some(field), "{bad:?}");
        assert!(!s.settings().is_set_up().unwrap());
        assert_eq!(s.settings().locale().unwrap(), None);
        assert_eq!(s.settings().base_currency().unwrap(), "CNY");
        assert_eq!(s.settings().company().unwrap().name, "");
    }
    // The rest of the company header stays as it was.
    s.settings_mut()
        .set_company(&chainbook_core::company::Company {
            phone: "0755-12345678".into(),
            ..Default::default()
        })
        .unwrap();
    let saved = s.settings_mut().finish_first_run(&choices()).unwrap();
    assert_eq!(saved.base_currency, "USD");
    assert!(s.settings().is_set_up().unwrap());
    assert_eq!(s.settings().locale().unwrap().as_deref(), Some("zh-CN"));
    assert_eq!(s.settings().home_country().unwrap(), "CN");
    assert_eq!(s.settings().base_currency().unwrap(), "USD");
    let company = s.settings().company().unwrap();
    assert_eq!(company.name, "深圳链簿贸易有限公司");
    assert_eq!(company.phone, "0755-12345678");
}

#[test]
fn the_sample_goes_only_into_an_empty_database_and_the_device_stays_itself() {
    // A "sample": another database with a customer in it.
    let (sd, mut sample) = open();
    sample.customers_mut().create(&draft("样例客户")).unwrap();
    let sample_device = sample.device().clone();
    let sample_path = sd.path().join("chainbook.db");
    drop(sample);

    let (_d, mut s) = open();
    s.settings_mut().set_locale("en").unwrap();
    let me = s.device().clone();
    assert_ne!(me, sample_device);
    s.load_sample(&sample_path).unwrap();
    assert!(s.has_records().unwrap());
    assert_eq!(s.device(), &me);
    assert_eq!(s.settings().locale().unwrap().as_deref(), Some("en"));
    let page = s
        .customers()
        .list(&chainbook_store::customers::CustomerQuery::default())
        .unwrap();
    assert_eq!(page.total, 1);
    // And once here, the device's own writes carry its own identity.
    let c = s.customers_mut().create(&draft("新客户")).unwrap();
    assert!(c.code.contains(&me.code), "{} has {}", c.code, me.code);
    let path = s.path().to_owned();
    drop(s);
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.device(), &me);

    // A database with records refuses it, and keeps what it has.
    let e = s.load_sample(&sample_path).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotEmpty);
    assert_eq!(
        s.customers()
            .list(&chainbook_store::customers::CustomerQuery::default())
            .unwrap()
            .total,
        2
    );
}
