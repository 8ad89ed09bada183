//! The catalogue as an Excel workbook or JSON, and back.
//!
//! Export writes one row per indicator, one column per attribute of
//! [`crate::sheet_row::ATTRIBUTES`], headed by its label in the reader's language, with
//! drop-down lists for every enumeration and for the owner agency. Import reads the same
//! workbook (or JSON) back: headers and choices are recognised in Vietnamese, English or
//! as API names; every problem is reported by row and column; a dry run writes nothing;
//! a real import writes every row in one transaction, or nothing if any row is bad.
//! Re-importing an exported workbook changes nothing.

use crate::auth::require;
use crate::catalogue::{formula_problem, insert_sheet, replace_sheet};
use crate::sheet_row::{self, ATTRIBUTES, Kind, SheetRow};
use crate::{App, AppError, AppResult, Problem};
use chiso_core::access::{Action, Principal};
use chiso_core::code::Code;
use chiso_core::formula::{self, FormulaError, FormulaErrorKind};
use chiso_core::org::{OrgKind, OrgTree};
use chiso_core::text::{fold, nfc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Cursor;

/// The words a workbook is written in: labels of attributes and of enumeration values, in
/// Vietnamese and English (index 0 and 1). The web layer fills it from the locale files.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    /// Attribute name → [Vietnamese, English] label.
    pub attributes: BTreeMap<&'static str, [String; 2]>,
    /// (attribute name, value name) → [Vietnamese, English] label.
    pub choices: BTreeMap<(&'static str, &'static str), [String; 2]>,
    /// Title of the data sheet, [Vietnamese, English].
    pub sheet: [String; 2],
    /// Title of the (hidden) sheet of drop-down lists, [Vietnamese, English].
    pub lists: [String; 2],
}

impl Labels {
    fn attribute(&self, name: &str, lang: usize) -> String {
        self.attributes
            .get(name)
            .map(|l| l[lang].clone())
            .unwrap_or_else(|| name.to_string())
    }

    fn choice(&self, attr: &'static str, value: &str, lang: usize) -> String {
        self.choices
            .iter()
            .find(|((a, v), _)| *a == attr && *v == value)
            .map(|(_, l)| l[lang].clone())
            .unwrap_or_else(|| value.to_string())
    }
}

/// Where an imported row came from: its number as the person sees it (sheet row, or
/// 1-based position in a JSON array) and its cells by attribute name.
#[derive(Debug, Clone)]
pub struct ImportRow {
    /// Row number shown in messages.
    pub number: usize,
    /// Cells by attribute name (choices may still be labels).
    pub cells: SheetRow,
    /// Column letter by attribute name (workbooks only), for messages.
    pub columns: BTreeMap<String, String>,
}

/// What an import did (or, in a dry run, would do) with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    /// A new indicator.
    Create,
    /// An existing indicator's sheet changes.
    Update,
    /// Same as in the catalogue: nothing to do.
    Unchanged,
}

/// One row's outcome.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowOutcome {
    /// Row number as shown to the person.
    pub row: usize,
    /// Indicator code.
    pub code: String,
    /// What happens to it.
    pub action: RowAction,
}

/// The result of an import or a dry run.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// Whether nothing was written on purpose.
    pub dry_run: bool,
    /// Whether the rows were written (false for a dry run or when any row is bad).
    pub written: bool,
    /// Each good row's outcome.
    pub rows: Vec<RowOutcome>,
    /// Every problem, each naming its row (`row`) and attribute (`field`), and for a
    /// workbook the column letter (argument `column`).
    pub problems: Vec<Problem>,
}

impl ImportReport {
    /// How many rows take `action`.
    pub fn count(&self, action: RowAction) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }
}

/// Why a file could not be read at all.
fn unreadable(detail: impl ToString) -> AppError {
    Problem::invalid("import.unreadable")
        .arg("detail", detail.to_string())
        .into()
}

/// Column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn owner_entry(u: &chiso_core::org::OrgUnit, lang: usize) -> String {
    let name = if lang == 0 { &u.name_vi } else { &u.name_en };
    format!("{} — {}", u.code, name)
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}

/// A cell's text as a person reads it: numbers without a needless `.0`, dates as
/// `YYYY-MM-DD`, NFC.
pub(crate) fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => nfc(s.trim()),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|d| d.checked_add_signed(chrono::Duration::days(serial.floor() as i64)))
                .map(|d| d.to_string())
                .unwrap_or_else(|| serial.to_string())
        }
    }
}

impl App {
    /// Every indicator's sheet as rows of texts, in code order.
    async fn catalogue_rows(&self) -> AppResult<Vec<SheetRow>> {
        let tree = self.tree();
        let mut all = self.store.all_indicators().await?;
        all.sort_by(|a, b| a.indicator.code.cmp(&b.indicator.code));
        Ok(all
            .iter()
            .map(|r| sheet_row::row_of(&r.indicator, &tree))
            .collect())
    }

    /// The catalogue as JSON: one object per indicator, attributes by API name.
    pub async fn export_catalogue_json(&self) -> AppResult<serde_json::Value> {
        Ok(serde_json::to_value(self.catalogue_rows().await?).unwrap_or_default())
    }

    /// The catalogue as an .xlsx workbook in language `lang` (0 Vietnamese, 1 English).
    pub async fn export_catalogue_xlsx(&self, labels: &Labels, lang: usize) -> AppResult<Vec<u8>> {
        use rust_xlsxwriter::{DataValidation, Format, FormatBorder, Formula, Workbook};
        let lang = lang.min(1);
        let rows = self.catalogue_rows().await?;
        let tree = self.tree();
        let mut agencies: Vec<_> = tree
            .units()
            .iter()
            .filter(|u| u.kind == OrgKind::Agency)
            .collect();
        agencies.sort_by(|a, b| a.code.cmp(&b.code));
        let mut wb = Workbook::new();
        let lists_name = labels.lists[lang].clone();
        // Drop-down lists: one column per enumeration on a hidden sheet after the data.
        let mut lists: Vec<(String, Vec<String>)> = Vec::new();
        let mut list_ranges: BTreeMap<&str, String> = BTreeMap::new();
        for a in ATTRIBUTES {
            let values: Vec<String> = match a.kind {
                Kind::Choice(options) => options()
                    .into_iter()
                    .map(|o| labels.choice(a.name, o, lang))
                    .collect(),
                Kind::Owner => agencies.iter().map(|u| owner_entry(u, lang)).collect(),
                _ => continue,
            };
            let letter = column_letter(lists.len());
            list_ranges.insert(
                a.name,
                format!(
                    "='{}'!${letter}$2:${letter}${}",
                    lists_name.replace('\'', "''"),
                    values.len() + 1
                ),
            );
            lists.push((labels.attribute(a.name, lang), values));
        }
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color("#DCE8F5")
            .set_border(FormatBorder::Thin);
        let sheet = wb.add_worksheet();
        sheet.set_name(&labels.sheet[lang]).map_err(xlsx_error)?;
        let last_row = (rows.len() as u32 + 500).max(1000);
        for (col, a) in ATTRIBUTES.iter().enumerate() {
            let col = col as u16;
            let mut title = labels.attribute(a.name, lang);
            if a.required {
                title.push_str(" *");
            }
            sheet
                .write_string_with_format(0, col, &title, &header)
                .map_err(xlsx_error)?;
            let width = match a.kind {
                Kind::LongText => 40,
                Kind::Owner => 32,
                _ if a.name.starts_with("name") => 40,
                _ => 18,
            };
            sheet.set_column_width(col, width).map_err(xlsx_error)?;
            if let Some(range) = list_ranges.get(a.name) {
                let v = DataValidation::new()
                    .allow_list_formula(Formula::new(range.as_str()))
                    .ignore_blank(true);
                sheet
                    .add_data_validation(1, col, last_row, col, &v)
                    .map_err(xlsx_error)?;
            }
            for (i, r) in rows.iter().enumerate() {
                let raw = r.get(a.name).cloned().unwrap_or_default();
                let text = match a.kind {
                    Kind::Choice(_) if !raw.is_empty() => labels.choice(a.name, &raw, lang),
                    Kind::Owner => tree
                        .by_code(&raw)
                        .map(|u| owner_entry(u, lang))
                        .unwrap_or(raw),
                    _ => raw,
                };
                if !text.is_empty() {
                    sheet
                        .write_string(i as u32 + 1, col, &text)
                        .map_err(xlsx_error)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 2).map_err(xlsx_error)?;
        sheet
            .autofilter(0, 0, rows.len() as u32, ATTRIBUTES.len() as u16 - 1)
            .map_err(xlsx_error)?;
        let list_sheet = wb.add_worksheet();
        list_sheet.set_name(&lists_name).map_err(xlsx_error)?;
        for (col, (title, values)) in lists.iter().enumerate() {
            let col = col as u16;
            list_sheet.write_string(0, col, title).map_err(xlsx_error)?;
            for (i, v) in values.iter().enumerate() {
                list_sheet
                    .write_string(i as u32 + 1, col, v)
                    .map_err(xlsx_error)?;
            }
        }
        list_sheet.set_hidden(true);
        wb.save_to_buffer().map_err(xlsx_error)
    }

    /// Reads the rows of a catalogue workbook: the first sheet with a recognisable header
    /// row. Unknown columns are reported; empty rows are skipped.
    pub fn read_catalogue_xlsx(&self, bytes: &[u8], labels: &Labels) -> AppResult<Vec<ImportRow>> {
        read_workbook(bytes, &header_names(labels), "code")
    }

    /// Reads catalogue rows from JSON: an array of objects keyed by attribute name (as
    /// exported), values as text or numbers.
    pub fn read_catalogue_json(&self, value: &serde_json::Value) -> AppResult<Vec<ImportRow>> {
        let items = value
            .as_array()
            .or_else(|| value.get("items").and_then(|v| v.as_array()))
            .ok_or_else(|| AppError::from(Problem::invalid("import.not_array")))?;
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Some(obj) = item.as_object() else {
                return Err(Problem::invalid("import.not_object").row(i + 1).into());
            };
            let mut cells = SheetRow::new();
            for (k, v) in obj {
                let Some(a) = sheet_row::attribute(k) else {
                    return Err(Problem::invalid("import.unknown_column")
                        .row(i + 1)
                        .field(k.clone())
                        .arg("column", k)
                        .into());
                };
                let text = match v {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => nfc(s.trim()),
                    other => other.to_string(),
                };
                cells.insert(a.name.to_string(), text);
            }
            out.push(ImportRow {
                number: i + 1,
                cells,
                columns: BTreeMap::new(),
            });
        }
        Ok(out)
    }

    /// Imports catalogue rows: creates the indicators that do not exist, updates those
    /// that do (their lifecycle step is left to the workflow; attributes without a column in
    /// the file are kept), leaves identical ones alone.
    /// With `dry_run`, or when any row is bad, nothing is written and the report lists
    /// every problem by row and column.
    pub async fn import_catalogue(
        &self,
        who: &Principal,
        rows: Vec<ImportRow>,
        labels: &Labels,
        dry_run: bool,
    ) -> AppResult<ImportReport> {
        let tree = self.tree();
        let existing: HashMap<Code, chiso_core::indicator::Indicator> = self
            .store
            .all_indicators()
            .await?
            .into_iter()
            .map(|r| (r.indicator.code.clone(), r.indicator))
            .collect();
        let mut problems = Vec::new();
        let mut seen: HashMap<Code, usize> = HashMap::new();
        let mut planned = Vec::new();
        for row in &rows {
            let at = |p: Problem| locate(p, row);
            // An existing indicator keeps the attributes the file has no column for.
            let given = row.cells.get("code").map(|c| c.trim()).unwrap_or("");
            let merged = match Code::parse(given).ok().and_then(|c| existing.get(&c)) {
                Some(old) => {
                    let mut m = sheet_row::row_of(old, &tree);
                    m.extend(row.cells.iter().map(|(k, v)| (k.clone(), v.clone())));
                    m
                }
                None => row.cells.clone(),
            };
            let cells = match translate(&merged, labels, &tree) {
                Ok(c) => c,
                Err(ps) => {
                    problems.extend(ps.into_iter().map(at));
                    continue;
                }
            };
            let input = match sheet_row::input_of(&cells) {
                Ok(i) => i,
                Err(ps) => {
                    problems.extend(ps.into_iter().map(at));
                    continue;
                }
            };
            let code = match Code::parse(input.code.as_deref().unwrap_or("")) {
                Ok(c) => c,
                Err(e) => {
                    problems.push(at(Problem::invalid("code.invalid")
                        .field("code")
                        .arg("reason", e.to_string())));
                    continue;
                }
            };
            if let Some(first) = seen.insert(code.clone(), row.number) {
                problems.push(at(Problem::invalid("import.duplicate_code")
                    .field("code")
                    .arg("code", &code)
                    .arg("first", first)));
                continue;
            }
            let mut sheet = match self.sheet_from_input(&input) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(at(e.first()));
                    continue;
                }
            };
            let old = existing.get(&code);
            let allowed = require(who, Action::EditCatalogue, sheet.owner_id, &tree).and_then(
                |_| match old {
                    Some(o) => require(who, Action::EditCatalogue, o.sheet.owner_id, &tree),
                    None => Ok(()),
                },
            );
            if let Err(e) = allowed {
                problems.push(at(e.first().field("owner")));
                continue;
            }
            let action = match old {
                Some(o) => {
                    sheet.status = o.sheet.status;
                    if o.sheet == sheet {
                        RowAction::Unchanged
                    } else {
                        RowAction::Update
                    }
                }
                None => {
                    if !chiso_core::workflow::Gatekeeper::WorkingGroup.admits(
                        who,
                        sheet.owner_id,
                        &tree,
                    ) {
                        sheet.status = chiso_core::indicator::LifecycleStatus::Proposed;
                    }
                    RowAction::Create
                }
            };
            planned.push((row, code, sheet, action));
        }
        // Formulas: references may name indicators of the catalogue or of the file.
        let scope = formula::Scope::new().with_indicators(
            existing
                .keys()
                .cloned()
                .chain(planned.iter().map(|p| p.1.clone())),
        );
        let mut graph: BTreeMap<Code, BTreeSet<Code>> = existing
            .values()
            .filter_map(|i| {
                let e = formula::parse(i.sheet.formula.as_deref()?).ok()?;
                Some((i.code.clone(), formula::deps::indicators(&e)))
            })
            .collect();
        for (row, code, sheet, _) in &planned {
            let computed = |c: &Code| {
                planned
                    .iter()
                    .find(|p| &p.1 == c)
                    .map(|p| &p.2)
                    .or_else(|| existing.get(c).map(|i| &i.sheet))
                    .map(|s| s.formula.is_some())
            };
            if let Some(p) = crate::catalogue::weight_problem(code, sheet, computed) {
                problems.push(locate(p, row));
            }
            graph.remove(code);
            let Some(text) = sheet.formula.as_deref() else {
                continue;
            };
            match formula::parse_checked(text, &scope) {
                Ok((e, _)) => {
                    graph.insert(code.clone(), formula::deps::indicators(&e));
                }
                Err(errors) => {
                    problems.extend(errors.iter().map(|e| locate(formula_problem(e), row)))
                }
            }
        }
        if problems.is_empty()
            && let Some(cycle) = formula::deps::find_cycle(&graph)
        {
            let names: Vec<String> = cycle.iter().map(|c| c.to_string()).collect();
            let row = planned.iter().find(|p| cycle.contains(&p.1)).map(|p| p.0);
            let p = formula_problem(&FormulaError::new(
                FormulaErrorKind::Cycle(names),
                formula::Span::default(),
            ));
            problems.push(match row {
                Some(r) => locate(p, r),
                None => p,
            });
        }
        problems.sort_by_key(|p| p.row.unwrap_or(0));
        let outcomes: Vec<RowOutcome> = planned
            .iter()
            .map(|(row, code, _, action)| RowOutcome {
                row: row.number,
                code: code.to_string(),
                action: *action,
            })
            .collect();
        let write = !dry_run && problems.is_empty();
        if write {
            let mut tx = self.store.begin().await?;
            for (_, code, sheet, action) in &planned {
                match (action, existing.get(code)) {
                    (RowAction::Create, _) => {
                        insert_sheet(&mut tx, who, code, sheet).await?;
                    }
                    (RowAction::Update, Some(old)) => {
                        replace_sheet(&mut tx, who, old, sheet).await?;
                    }
                    _ => {}
                }
            }
            tx.commit().await?;
        }
        Ok(ImportReport {
            dry_run,
            written: write,
            rows: outcomes,
            problems,
        })
    }
}

/// Reads the rows of the first sheet whose header row names the `key` column: each cell
/// under a recognised header (folded header text → column name), empty rows skipped, with
/// the sheet's row numbers and column letters for messages.
pub fn read_workbook(
    bytes: &[u8],
    headers: &HashMap<String, &'static str>,
    key: &str,
) -> AppResult<Vec<ImportRow>> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(unreadable)?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut rows = range.rows();
        let Some(head) = rows.next() else { continue };
        let columns: Vec<Option<&'static str>> = head
            .iter()
            .map(|c| headers.get(&header_key(&cell_text(c))).copied())
            .collect();
        if !columns.contains(&Some(key)) {
            continue;
        }
        let mut out = Vec::new();
        for (i, cells) in rows.enumerate() {
            let number = row0 as usize + i + 2;
            let mut row = SheetRow::new();
            let mut letters = BTreeMap::new();
            for (j, c) in cells.iter().enumerate() {
                if let Some(Some(attr)) = columns.get(j) {
                    row.insert(attr.to_string(), cell_text(c));
                    letters.insert(attr.to_string(), column_letter(col0 as usize + j));
                }
            }
            if row.values().all(|v| v.is_empty()) {
                continue;
            }
            out.push(ImportRow {
                number,
                cells: row,
                columns: letters,
            });
        }
        return Ok(out);
    }
    Err(Problem::invalid("import.no_header").into())
}

/// Names a problem's row and, for a workbook, its column letter.
pub(crate) fn locate(p: Problem, row: &ImportRow) -> Problem {
    let letter = p
        .field
        .as_ref()
        .and_then(|f| row.columns.get(f))
        .cloned()
        .unwrap_or_default();
    let p = p.row(row.number);
    if letter.is_empty() {
        p
    } else {
        p.arg("cell", letter)
    }
}

/// How a header or choice is compared: accents, case and a trailing `*` ignored.
pub(crate) fn header_key(text: &str) -> String {
    fold(text.trim().trim_end_matches('*').trim())
}

/// Header text (folded) → attribute name, from labels in both languages and API names.
fn header_names(labels: &Labels) -> HashMap<String, &'static str> {
    let mut out = HashMap::new();
    for a in ATTRIBUTES {
        out.insert(header_key(a.name), a.name);
        if let Some([vi, en]) = labels.attributes.get(a.name) {
            out.insert(header_key(vi), a.name);
            out.insert(header_key(en), a.name);
        }
    }
    out
}

/// Turns labels back into names: choices given by their Vietnamese or English label, the
/// owner given as `CODE — name`, as its code or by its exact name.
fn translate(cells: &SheetRow, labels: &Labels, tree: &OrgTree) -> Result<SheetRow, Vec<Problem>> {
    let mut out = cells.clone();
    let mut problems = Vec::new();
    for a in ATTRIBUTES {
        let Some(v) = cells.get(a.name).filter(|v| !v.is_empty()) else {
            continue;
        };
        match a.kind {
            Kind::Choice(options) => {
                let key = header_key(v);
                let found = options().into_iter().find(|o| {
                    header_key(o) == key
                        || labels
                            .choices
                            .get(&(a.name, *o))
                            .is_some_and(|[vi, en]| header_key(vi) == key || header_key(en) == key)
                });
                if let Some(o) = found {
                    out.insert(a.name.to_string(), o.to_string());
                }
                // Otherwise left as written: `input_of` reports it with the choices.
            }
            Kind::Owner => {
                let code_part = v.split(" — ").next().unwrap_or(v).trim();
                let unit = tree.by_code(code_part).or_else(|| {
                    let key = header_key(v);
                    let mut named = tree.units().iter().filter(|u| {
                        u.kind == OrgKind::Agency
                            && (header_key(&u.name_vi) == key || header_key(&u.name_en) == key)
                    });
                    match (named.next(), named.next()) {
                        (Some(u), None) => Some(u),
                        _ => None,
                    }
                });
                match unit {
                    Some(u) => {
                        out.insert(a.name.to_string(), u.code.to_string());
                    }
                    None => problems.push(
                        Problem::invalid("org.unknown")
                            .field("owner")
                            .arg("code", v),
                    ),
                }
            }
            _ => {}
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// A table as an .xlsx workbook: a bold, frozen header row, text cells, numbers as numbers
/// (cells that read as numbers), sensible column widths. For exporting what a page shows.
pub fn table_xlsx(sheet: &str, headers: &[String], rows: &[Vec<String>]) -> AppResult<Vec<u8>> {
    tables_xlsx(&[XlsxSheet {
        name: sheet.to_owned(),
        headers: headers.to_vec(),
        rows: rows.to_vec(),
    }])
}

/// A table as CSV (UTF-8, comma-separated, quoted where needed): the header row, then the
/// rows.
pub fn table_csv(headers: &[String], rows: &[Vec<String>]) -> AppResult<Vec<u8>> {
    let fail = |e: csv::Error| AppError::Internal(format!("CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(headers).map_err(fail)?;
    for r in rows {
        w.write_record(r).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| AppError::Internal(format!("CSV: {e}")))
}

/// One worksheet of [`tables_xlsx`].
#[derive(Debug, Clone, Default)]
pub struct XlsxSheet {
    /// The sheet's name (characters Excel forbids are dropped; at most 31 kept).
    pub name: String,
    /// The header row.
    pub headers: Vec<String>,
    /// The rows, as text; cells that read as numbers are written as numbers.
    pub rows: Vec<Vec<String>>,
}

/// Several tables as one .xlsx workbook, one sheet each, formatted as [`table_xlsx`].
pub fn tables_xlsx(sheets: &[XlsxSheet]) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, FormatBorder, Workbook};
    let mut wb = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DCE8F5")
        .set_border(FormatBorder::Thin);
    for (k, sheet) in sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        let name: String = sheet
            .name
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
            .take(31)
            .collect();
        let fallback = format!("Sheet{}", k + 1);
        ws.set_name(if name.is_empty() { &fallback } else { &name })
            .map_err(xlsx_error)?;
        let (headers, rows) = (&sheet.headers, &sheet.rows);
        for (j, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, j as u16, h, &header)
                .map_err(xlsx_error)?;
            let widest = rows
                .iter()
                .filter_map(|r| r.get(j))
                .map(|c| c.chars().count())
                .chain(std::iter::once(h.chars().count()))
                .max()
                .unwrap_or(10);
            ws.set_column_width(j as u16, (widest as f64 + 2.0).clamp(8.0, 60.0))
                .map_err(xlsx_error)?;
        }
        for (i, r) in rows.iter().enumerate() {
            for (j, cell) in r.iter().enumerate() {
                let (row, col) = (i as u32 + 1, j as u16);
                // Codes with leading zeros ("001") stay text; "0", "0.5" are numbers.
                let numeric_shape = !cell.starts_with('0') || cell == "0" || cell.starts_with("0.");
                match cell.parse::<f64>() {
                    Ok(x) if x.is_finite() && numeric_shape => {
                        ws.write_number(row, col, x).map_err(xlsx_error)?;
                    }
                    _ if !cell.is_empty() => {
                        ws.write_string(row, col, cell).map_err(xlsx_error)?;
                    }
                    _ => {}
                }
            }
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    }
    wb.save_to_buffer().map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn headers_ignore_accents_case_and_required_marks() {
        let mut labels = Labels::default();
        labels
            .attributes
            .insert("unit", ["Đơn vị tính".into(), "Unit".into()]);
        let names = header_names(&labels);
        for h in ["Đơn vị tính *", "don vi tinh", "UNIT", "unit"] {
            assert_eq!(names.get(&header_key(h)), Some(&"unit"), "{h}");
        }
    }
}
