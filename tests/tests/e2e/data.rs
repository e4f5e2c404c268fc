//! Data out and back: the customer list exported to .xlsx and CSV and read back; a backup
//! made in Settings, a customer deleted, the backup restored after its preview, the customer
//! found again. File choosers answer from the data folder's `picks/` (see `DataDir::picks`).

use calamine::{open_workbook, Data, Reader, Xlsx};
use chainbook_e2e::{session, DataDir, Ui};

async fn create_customer(ui: &Ui, name: &str, city: &str) -> chainbook_e2e::Result<()> {
    ui.open_customers().await?;
    ui.click("customer-new").await?;
    ui.fill("field-name", name).await?;
    ui.fill("field-city", city).await?;
    ui.click("customer-save").await?;
    ui.wait_contains("customer-row", name).await?;
    Ok(())
}

/// The one file in `dir` with extension `ext`.
fn only_file(dir: &std::path::Path, ext: &str) -> chainbook_e2e::Result<std::path::PathBuf> {
    let files: Vec<_> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    match files.as_slice() {
        [one] => Ok(one.clone()),
        other => Err(format!(
            "expected one .{ext} file in {}, found {other:?}",
            dir.display()
        )
        .into()),
    }
}

#[tokio::test]
async fn the_customer_list_exports_to_xlsx_and_csv_and_reads_back() {
    let data = DataDir::new("export_customers");
    let picks = data.picks();
    session("export_customers", &data, |ui| async move {
        ui.select("lang-switch", "zh-CN").await?;
        create_customer(&ui, "深圳华为技术有限公司", "深圳").await?;
        create_customer(&ui, "上海浦东发展银行股份有限公司", "上海").await?;
        ui.click("export").await?;
        ui.screenshot("export_menu_zh-CN").await?;
        ui.click("export-xlsx").await?;
        ui.wait_contains("export-done", "2").await?;
        ui.screenshot("export_done_zh-CN").await?;

        let xlsx = only_file(&picks, "xlsx")?;
        let mut book: Xlsx<_> = open_workbook(&xlsx).map_err(|e| format!("{e}"))?;
        let sheet = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&sheet).map_err(|e| format!("{e}"))?;
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
        if header[..2] != ["编号".to_owned(), "名称".to_owned()] {
            return Err(format!("Chinese headers expected, got {header:?}").into());
        }
        let names: Vec<String> = rows[1..].iter().map(|r| r[1].to_string()).collect();
        for n in ["深圳华为技术有限公司", "上海浦东发展银行股份有限公司"] {
            if !names.iter().any(|x| x == n) {
                return Err(format!("{n} missing from the export: {names:?}").into());
            }
        }
        let credit = header
            .iter()
            .position(|h| h == "信用额度")
            .ok_or("no credit column")?;
        if !matches!(rows[1][credit], Data::Float(_) | Data::Empty) {
            return Err(format!("credit limit is not a number: {:?}", rows[1][credit]).into());
        }

        // In English, a search narrows the export as it narrows the list.
        ui.select("lang-switch", "en").await?;
        ui.fill("customer-search", "华为").await?;
        ui.wait_count("customer-row", 1).await?;
        ui.click("export").await?;
        ui.click("export-csv").await?;
        ui.wait_contains("export-done", "1 row").await?;
        ui.screenshot("export_done_en").await?;
        let csv = std::fs::read_to_string(only_file(&picks, "csv")?)?;
        let mut lines = csv.lines();
        let head = lines.next().unwrap_or_default();
        if !head.starts_with("\u{feff}Code,Name,") {
            return Err(format!("English header with a BOM expected, got {head:?}").into());
        }
        let rest: Vec<&str> = lines.collect();
        if rest.len() != 1 || !rest[0].contains("深圳华为技术有限公司") {
            return Err(format!("one row expected, got {rest:?}").into());
        }
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn back_up_delete_a_customer_restore_and_find_it_again() {
    let data = DataDir::new("backup_restore");
    session("backup_restore", &data, |ui| async move {
        ui.select("lang-switch", "zh-CN").await?;
        let name = "深圳华为技术有限公司";
        create_customer(&ui, name, "深圳").await?;

        ui.click("nav-settings").await?;
        ui.click("backup-now").await?;
        ui.wait_contains("backup-done", ".db").await?;
        let card = ui.find("backup-card").await?;
        ui.scroll_to(&card).await?;
        ui.screenshot("backup_settings_zh-CN").await?;

        ui.open_customers().await?;
        ui.click("customer-row").await?;
        ui.wait_text("customer-360-name", name).await?;
        ui.click("customer-edit").await?;
        ui.click("customer-delete").await?;
        ui.click("confirm-ok").await?;
        ui.find("customers-empty").await?;

        ui.click("nav-settings").await?;
        ui.click("restore-file").await?;
        ui.find("restore-preview").await?;
        ui.wait_contains("restore-count-customers", "1").await?;
        let preview = ui.find("restore-preview").await?;
        ui.scroll_to(&preview).await?;
        ui.screenshot("restore_preview_zh-CN").await?;
        ui.select("lang-switch", "en").await?;
        ui.wait_contains("restore-count-customers", "Customers")
            .await?;
        let preview = ui.find("restore-preview").await?;
        ui.scroll_to(&preview).await?;
        ui.screenshot("restore_preview_en").await?;
        ui.click("restore-confirm").await?;
        ui.wait_contains("restore-done", "Restored").await?;
        ui.screenshot("restore_done_en").await?;

        // Automatic backups into a chosen folder: the backups already there are listed.
        ui.click("backup-choose-folder").await?;
        ui.wait_contains("backup-folder", "picks").await?;
        ui.click("backup-auto-enabled").await?;
        ui.click("backup-auto-save").await?;
        ui.find("backup-auto-saved").await?;
        ui.wait_count("backup-file", 1).await?;
        let form = ui.find("backup-auto-form").await?;
        ui.scroll_to(&form).await?;
        ui.screenshot("backup_auto_en").await?;

        ui.open_customers().await?;
        ui.wait_contains("customer-row", name).await?;
        Ok(())
    })
    .await;
}
