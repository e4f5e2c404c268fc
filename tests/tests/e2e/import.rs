//! Importing in the real window, in Chinese: a GBK customer file with a Chinese header row and
//! 2024/3/5 dates, one bad row fixed in the preview, committed, the customers found by pinyin;
//! then an .xlsx of past orders (written here with rust_xlsxwriter) on the customer's timeline.

use chainbook_core::product::ProductDraft;
use chainbook_e2e::{session, DataDir};
use chainbook_store::Store;

const CUSTOMERS: &str = "客户编码,客户名称,联系人,手机,城市,建档日期\r\n\
KH001,深圳华为技术有限公司,张三,13800138000,深圳,2024/3/5\r\n\
KH002,杭州阿里巴巴网络技术有限公司,李四,电话待定,杭州,2023/12/1\r\n\
KH003,北京小米科技有限责任公司,王五,13700137000,北京,2022/1/5\r\n";

fn orders_xlsx() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    for (c, h) in ["订单号", "客户编码", "SKU", "数量", "单价", "订单日期"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (number, sku, qty, price, (y, m, d))) in [
        ("SO-2024-001", "A-1", 3.0, 10.0, (2024, 3, 8)),
        ("SO-2024-001", "B-2", 1.0, 99.5, (2024, 3, 8)),
        ("SO-2024-002", "A-1", 5.0, 10.0, (2024, 6, 1)),
    ]
    .into_iter()
    .enumerate()
    {
        let r = r as u32 + 1;
        ws.write_string(r, 0, number).unwrap();
        ws.write_string(r, 1, "KH001").unwrap();
        ws.write_string(r, 2, sku).unwrap();
        ws.write_number(r, 3, qty).unwrap();
        ws.write_number(r, 4, price).unwrap();
        let day = rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, d).unwrap();
        ws.write_datetime_with_format(r, 5, &day, &date).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[tokio::test]
async fn import_customers_from_gbk_and_orders_from_xlsx_in_chinese() {
    let data = DataDir::new("import");
    {
        let mut s = Store::open(&data.path().join("chainbook.db")).expect("open");
        for (sku, name) in [("A-1", "六角螺栓"), ("B-2", "不锈钢法兰")] {
            s.products_mut()
                .create(&ProductDraft {
                    sku: sku.into(),
                    name: name.into(),
                    unit: "个".into(),
                    currency: "CNY".into(),
                    price: "10".into(),
                    active: true,
                    ..Default::default()
                })
                .expect("product");
        }
    }
    let files = tempfile::tempdir().unwrap();
    let csv = files.path().join("客户名单.csv");
    std::fs::write(&csv, encoding_rs::GBK.encode(CUSTOMERS).0).unwrap();
    let xlsx = files.path().join("历史订单.xlsx");
    std::fs::write(&xlsx, orders_xlsx()).unwrap();
    let (csv, xlsx) = (csv.display().to_string(), xlsx.display().to_string());

    session("import", &data, |ui| async move {
        ui.select("lang-switch", "zh-CN").await?;
        ui.open_customers().await?;
        ui.click("import-open-customers").await?;
        ui.fill("import-path", &csv).await?;
        ui.click("import-read").await?;
        ui.wait_text("import-encoding", "GBK / GB18030").await?;
        ui.screenshot("import_mapping_zh").await?;
        ui.click("import-check").await?;
        // The one bad row: its phone, explained in Chinese, fixed in place.
        ui.wait_count("import-issue", 1).await?;
        ui.wait_contains("import-issue", "请输入有效的电话号码")
            .await?;
        ui.screenshot("import_issue_zh").await?;
        // The same screen in English, then back.
        ui.select("lang-switch", "en").await?;
        ui.wait_contains("import-issue", "Enter a valid phone number")
            .await?;
        ui.screenshot("import_issue_en").await?;
        ui.select("lang-switch", "zh-CN").await?;
        ui.fill("import-fix-input", "13900139000").await?;
        ui.click("import-fix-apply").await?;
        ui.find("import-ready").await?;
        ui.wait_contains("import-counts", "共 3 行：新建 3").await?;
        ui.click("import-commit").await?;
        ui.find("import-done").await?;
        ui.screenshot("import_done_zh").await?;
        ui.click("import-close").await?;

        // Found by pinyin initials and full pinyin.
        ui.fill("customer-search", "hw").await?;
        ui.wait_count("customer-row", 1).await?;
        ui.wait_contains("customer-row", "深圳华为技术有限公司")
            .await?;
        ui.fill("customer-search", "alibaba").await?;
        ui.wait_contains("customer-row", "杭州阿里巴巴网络技术有限公司")
            .await?;
        ui.wait_count("customer-row", 1).await?;

        // Past orders from a workbook.
        ui.click("nav-orders").await?;
        ui.click("import-open-orders").await?;
        ui.fill("import-path", &xlsx).await?;
        ui.click("import-read").await?;
        ui.click("import-check").await?;
        ui.find("import-ready").await?;
        ui.wait_contains("import-counts", "新建 2").await?;
        ui.click("import-commit").await?;
        ui.find("import-done").await?;
        ui.click("import-close").await?;

        // On the customer's timeline.
        ui.open_customers().await?;
        ui.fill("customer-search", "KH001").await?;
        ui.click_containing("customer-row", "深圳华为技术有限公司")
            .await?;
        ui.wait_contains("timeline-order", "SO-2024-001").await?;
        ui.wait_contains("timeline-order", "SO-2024-002").await?;
        ui.screenshot("import_timeline_zh").await?;
        Ok(())
    })
    .await;
}
