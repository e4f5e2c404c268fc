//! Excel workbooks (.xlsx and .xls) through `calamine`: the sheet names, and one sheet's cells
//! as text. A formula reads as the value Excel last computed; a date cell as `YYYY-MM-DD`
//! (with the time when it has one, in either of Excel's date systems); a merged region as its
//! top-left value in every cell it covers, so a customer code merged down an order's lines is
//! on each line. Unlike delimited text a workbook is read whole: the format is a zip (or OLE)
//! container and Excel caps a sheet at 1,048,576 rows.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Dimensions, Range, Reader, Sheets};

/// An open workbook.
pub struct Workbook {
    sheets: Sheets<Cursor<Vec<u8>>>,
}

/// Why a workbook cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadWorkbook(pub String);

impl Workbook {
    pub fn open(bytes: Vec<u8>) -> Result<Workbook, BadWorkbook> {
        let sheets = open_workbook_auto_from_rs(Cursor::new(bytes))
            .map_err(|e| BadWorkbook(e.to_string()))?;
        Ok(Workbook { sheets })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.sheet_names()
    }

    /// The cells of `name` as text rows, with the sheet row number (1-based) of each; rows
    /// before the first used one are not there.
    pub fn rows(&mut self, name: &str) -> Result<Vec<(u64, Vec<String>)>, BadWorkbook> {
        let range = self
            .sheets
            .worksheet_range(name)
            .map_err(|e| BadWorkbook(e.to_string()))?;
        let merged = self.merged(name);
        Ok(text_rows(&range, &merged))
    }

    fn merged(&mut self, name: &str) -> Vec<Dimensions> {
        match &mut self.sheets {
            Sheets::Xlsx(x) => {
                if x.load_merged_regions().is_err() {
                    return Vec::new();
                }
                x.merged_regions_by_sheet(name)
                    .into_iter()
                    .map(|(_, _, d)| *d)
                    .collect()
            }
            Sheets::Xls(x) => x.worksheet_merge_cells(name).unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

fn text_rows(range: &Range<Data>, merged: &[Dimensions]) -> Vec<(u64, Vec<String>)> {
    let Some((row0, col0)) = range.start() else {
        return Vec::new();
    };
    let mut rows: Vec<(u64, Vec<String>)> = range
        .rows()
        .enumerate()
        .map(|(i, r)| {
            (
                u64::from(row0) + i as u64 + 1,
                r.iter().map(cell_text).collect(),
            )
        })
        .collect();
    for m in merged {
        let (r0, c0) = m.start;
        let (Some(ri), Some(ci)) = (r0.checked_sub(row0), c0.checked_sub(col0)) else {
            continue;
        };
        let Some(value) = rows
            .get(ri as usize)
            .and_then(|(_, r)| r.get(ci as usize))
            .cloned()
        else {
            continue;
        };
        for r in m.start.0..=m.end.0 {
            for c in m.start.1..=m.end.1 {
                let (Some(ri), Some(ci)) = (r.checked_sub(row0), c.checked_sub(col0)) else {
                    continue;
                };
                if let Some(cell) = rows
                    .get_mut(ri as usize)
                    .and_then(|(_, row)| row.get_mut(ci as usize))
                {
                    if cell.is_empty() {
                        cell.clone_from(&value);
                    }
                }
            }
        }
    }
    rows
}

/// A cell as the text a user would type for it.
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, day, h, min, s, _) = dt.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            }
        }
        Data::DateTime(dt) => float_text(dt.as_f64()),
        Data::Error(e) => e.to_string(),
    }
}

/// A number without float noise: whole numbers without `.0`, others in the shortest form that
/// reads back as the same double (Excel's 12.34 is `12.34`).
fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(float_text(12.0), "12");
        assert_eq!(float_text(12.34), "12.34");
        assert_eq!(float_text(-0.5), "-0.5");
        assert_eq!(cell_text(&Data::Empty), "");
    }
}
