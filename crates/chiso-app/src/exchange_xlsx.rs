//! Data values in Excel: the template a unit fills for a period (its indicators, codes
//! pre-filled, the stored values in place) and reading such a workbook back. A workbook is
//! read whole (it is a zip archive), within the import's size limit; formulas and merged
//! cells are refused with their addresses, since they hide what was typed.

use crate::catalogue_io::{cell_text, column_letter};
use crate::exchange::MAX_FILE_BYTES;
use crate::{App, AppError, AppResult};
use calamine::Reader;
use chiso_core::access::Principal;
use chiso_core::exchange::{Flow, Location, ReadError, Record, read_table};
use chiso_core::period::Period;
use rust_xlsxwriter::{Format as CellFormat, Workbook};
use std::io::{Cursor, Read};

/// Reads the first sheet of a workbook as Chiso's columns.
pub(crate) fn read(
    input: &mut dyn Read,
    on_record: &mut dyn FnMut(Location, Record) -> Flow,
    on_problem: &mut dyn FnMut(ReadError) -> Flow,
) -> Result<u64, ReadError> {
    let mut bytes = Vec::new();
    input
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    let not_a_workbook = |e: &dyn std::fmt::Display| ReadError::Syntax {
        line: 0,
        message: format!("not an Excel workbook (.xlsx): {e}"),
    };
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| not_a_workbook(&e))?;
    let Some(name) = wb.sheet_names().first().cloned() else {
        return Err(not_a_workbook(&"no sheet"));
    };
    let merged = wb
        .merge_cells_by_sheet_name(&name)
        .map_err(|e| not_a_workbook(&e))?;
    if !merged.is_empty() {
        let cells = merged
            .iter()
            .map(|d| {
                format!(
                    "{}{}:{}{}",
                    column_letter(d.start.1 as usize),
                    d.start.0 + 1,
                    column_letter(d.end.1 as usize),
                    d.end.0 + 1
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        return Err(ReadError::MergedCells { cells });
    }
    let range = wb.worksheet_range(&name).map_err(|e| not_a_workbook(&e))?;
    let formulas = wb
        .worksheet_formula(&name)
        .map_err(|e| not_a_workbook(&e))?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let row = row0 + i as u32;
        let formula = cells.iter().enumerate().find_map(|(j, _)| {
            let col = col0 + j as u32;
            formulas
                .get_value((row, col))
                .filter(|f| !f.trim().is_empty())
                .map(|_| format!("{}{}", column_letter(col as usize), row + 1))
        });
        if let Some(cell) = formula {
            if on_problem(ReadError::FormulaCell {
                line: u64::from(row) + 1,
                cell,
            })
            .is_break()
            {
                return Err(ReadError::Stopped);
            }
            continue;
        }
        rows.push((u64::from(row) + 1, cells.iter().map(cell_text).collect()));
    }
    read_table(rows, on_record)
}

/// Column headers of the template, by language: the columns Chiso reads back, and the
/// ones it shows only for reference (ignored on import).
pub struct TemplateLabels {
    /// Indicator code.
    pub indicator: &'static str,
    /// Indicator name (reference).
    pub name: &'static str,
    /// Unit of measure (reference).
    pub measure: &'static str,
    /// Previous period's value (reference).
    pub previous: &'static str,
    /// Org unit code.
    pub org_unit: &'static str,
    /// Period code.
    pub period: &'static str,
    /// The value.
    pub value: &'static str,
    /// The comment.
    pub comment: &'static str,
    /// Sheet name.
    pub sheet: &'static str,
}

impl App {
    /// The Excel template of `unit` for `period`: one row per indicator the caller reports
    /// for it, with codes filled in and any stored value in place.
    ///
    /// # Errors
    /// Unknown unit, no right to it, or the workbook cannot be written.
    pub async fn values_template_xlsx(
        &self,
        who: &Principal,
        unit: &str,
        period: Period,
        labels: &TemplateLabels,
        vietnamese: bool,
    ) -> AppResult<Vec<u8>> {
        let sheet = self.entry_sheet(who, unit, period).await?;
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let xerr = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("template: {e}"));
        ws.set_name(labels.sheet).map_err(xerr)?;
        let head = CellFormat::new().set_bold().set_background_color("DCE6F1");
        let info = CellFormat::new().set_font_color("555555");
        let headers = [
            labels.indicator,
            labels.name,
            labels.measure,
            labels.previous,
            labels.org_unit,
            labels.period,
            labels.value,
            labels.comment,
        ];
        for (j, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, j as u16, *h, &head)
                .map_err(xerr)?;
        }
        for (i, l) in sheet.lines.iter().enumerate() {
            let r = i as u32 + 1;
            let name = if vietnamese {
                &l.indicator.sheet.name_vi
            } else {
                &l.indicator.sheet.name_en
            };
            ws.write_string(r, 0, l.indicator.code.as_str())
                .map_err(xerr)?;
            ws.write_string_with_format(r, 1, name, &info)
                .map_err(xerr)?;
            ws.write_string_with_format(r, 2, &l.indicator.sheet.unit, &info)
                .map_err(xerr)?;
            if let Some(p) = l.previous {
                ws.write_number_with_format(r, 3, p, &info).map_err(xerr)?;
            }
            ws.write_string(r, 4, sheet.unit.code.as_str())
                .map_err(xerr)?;
            ws.write_string(r, 5, period.to_string()).map_err(xerr)?;
            if let Some(v) = &l.current {
                ws.write_number(r, 6, v.value).map_err(xerr)?;
                if let Some(c) = &v.comment {
                    ws.write_string(r, 7, c).map_err(xerr)?;
                }
            }
        }
        for (j, w) in [24.0, 48.0, 12.0, 12.0, 12.0, 10.0, 14.0, 36.0]
            .iter()
            .enumerate()
        {
            ws.set_column_width(j as u16, *w).map_err(xerr)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xerr)?;
        wb.save_to_buffer().map_err(xerr)
    }
}
