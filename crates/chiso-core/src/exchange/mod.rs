//! Data exchange formats: reading and writing data values as Chiso CSV, DHIS2 data value
//! sets (JSON and CSV) and ADX XML.
//!
//! Readers stream: they hand each [`Record`] to a callback as soon as it is read, so a
//! large file is read in bounded memory. They only *read*; resolving codes to indicators
//! and units, checking values and writing them is the application's job. Each record keeps
//! where it came from ([`Location`]) so every problem can name its line.
//!
//! Formats (public specifications):
//! - Chiso CSV: `indicator,org_unit,period,value[,comment][,status]` with a header row.
//! - DHIS2 CSV: the header names of DHIS2's data value set CSV (`dataelement, period,
//!   orgunit, categoryoptioncombo, attributeoptioncombo, value, storedby, lastupdated,
//!   comment, followup`), matched by name, in any order.
//! - DHIS2 JSON: `{"dataValues": [{"dataElement", "period", "orgUnit", ...}]}`, with
//!   set-level `period`, `orgUnit` and `attributeOptionCombo` applying to every value.
//! - ADX (IHE QRPH, namespace `urn:ihe:qrph:adx:2015`): `<group>` elements carrying
//!   `period` as `start/duration` and `orgUnit`, with `<dataValue>` children; categories
//!   may be given exploded as attributes.

mod adx;
mod csv_format;
mod decode;
mod json;
pub mod mapping;
mod write;

pub use adx::adx_period;
pub use csv_format::read_table;
pub use decode::Utf8Check;
pub use write::{ExportRecord, Writer, adx_period_text, dhis2_period};

use serde::{Deserialize, Serialize};
use std::io::Read;

crate::indicator::named_enum! {
    /// A file format for data values.
    Format {
        /// Chiso's own CSV.
        ChisoCsv = "csv",
        /// DHIS2 data value set as JSON.
        Dhis2Json = "dhis2-json",
        /// DHIS2 data value set as CSV.
        Dhis2Csv = "dhis2-csv",
        /// ADX XML (IHE QRPH).
        Adx = "adx",
        /// An Excel workbook made from Chiso's template.
        Xlsx = "xlsx",
    }
}

impl Format {
    /// The file name extension for this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::ChisoCsv | Format::Dhis2Csv => "csv",
            Format::Dhis2Json => "json",
            Format::Adx => "xml",
            Format::Xlsx => "xlsx",
        }
    }

    /// The MIME type of this format.
    pub fn mime(self) -> &'static str {
        match self {
            Format::ChisoCsv | Format::Dhis2Csv => "text/csv; charset=utf-8",
            Format::Dhis2Json => "application/json",
            Format::Adx => "application/adx+xml",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// Guesses the format from a file name and its first bytes; `None` when unsure.
    /// A CSV file is Chiso's when its header names `indicator`, DHIS2's when it names
    /// `dataelement`.
    pub fn guess(file_name: &str, head: &[u8]) -> Option<Format> {
        let lower = file_name.to_lowercase();
        if lower.ends_with(".xlsx") || head.starts_with(b"PK\x03\x04") {
            return Some(Format::Xlsx);
        }
        let text = String::from_utf8_lossy(head);
        let trimmed = text.trim_start_matches('\u{feff}').trim_start();
        if lower.ends_with(".json") || trimmed.starts_with('{') {
            return Some(Format::Dhis2Json);
        }
        if lower.ends_with(".xml") || trimmed.starts_with('<') {
            return Some(Format::Adx);
        }
        let first_line = trimmed.lines().next().unwrap_or("").to_lowercase();
        if first_line.contains("dataelement") {
            Some(Format::Dhis2Csv)
        } else if lower.ends_with(".csv") || first_line.contains("indicator") {
            Some(Format::ChisoCsv)
        } else {
            None
        }
    }
}

/// Where a record came from: its 1-based number among the file's values and, for text
/// formats read line by line, its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// 1-based position among the file's values.
    pub item: u64,
    /// 1-based line in the file, when the format has lines.
    pub line: Option<u64>,
}

/// One data value as read from a file, every field still text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    /// Indicator code (Chiso CSV) or data element id, code or name (DHIS2, ADX).
    pub element: String,
    /// Category option combo id, or the exploded categories as `Category=option` pairs
    /// sorted by category and joined by `,`; empty for none.
    pub category_combo: String,
    /// Attribute option combo, or the group's attribute categories like `category_combo`;
    /// empty for none.
    pub attribute_combo: String,
    /// Period code as written.
    pub period: String,
    /// Org unit code or id.
    pub org_unit: String,
    /// The value as written.
    pub value: String,
    /// Comment, if any.
    pub comment: Option<String>,
    /// Requested status (`draft` or `submitted`; Chiso CSV only).
    pub status: Option<String>,
    /// DHIS2's follow-up flag.
    pub followup: bool,
}

/// Why a file cannot be read on. A single bad value is not a `ReadError`: readers report
/// the fields as they are and the application judges them.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    /// The bytes are not UTF-8 text.
    #[error("line {line}: the file is not UTF-8 text ({hint})")]
    NotUtf8 {
        /// Line of the first bad byte.
        line: u64,
        /// What the encoding seems to be: `utf16`, `legacy` (a single-byte code page such
        /// as Windows-1258, TCVN3 or VNI) or empty.
        hint: String,
    },
    /// The header row names no known column set.
    #[error("the header row {found:?} is not recognised; expected columns {expected}")]
    UnknownHeader {
        /// The header as read.
        found: String,
        /// The columns the format needs.
        expected: String,
    },
    /// A required column is missing from the header.
    #[error("the header has no column {column:?}")]
    MissingColumn {
        /// The column.
        column: String,
    },
    /// The file breaks its format's syntax (truncated JSON, unclosed XML ...).
    #[error("line {line}: {message}")]
    Syntax {
        /// Where (0 when unknown).
        line: u64,
        /// The parser's message.
        message: String,
    },
    /// A record has the wrong number of fields (CSV).
    #[error("line {line}: {found} fields where the header has {expected}")]
    FieldCount {
        /// Line.
        line: u64,
        /// Fields found.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// A record lacks a field every record needs.
    #[error("value {item}: no {field}")]
    MissingField {
        /// Which value.
        item: u64,
        /// Line, if known.
        line: Option<u64>,
        /// The field.
        field: String,
    },
    /// A workbook cell holds a formula where a value is expected.
    #[error("line {line}: cell {cell} holds a formula; paste values instead")]
    FormulaCell {
        /// Row number.
        line: u64,
        /// Cell address, e.g. `F7`.
        cell: String,
    },
    /// A workbook has merged cells, which hide which row a value belongs to.
    #[error("the sheet has merged cells ({cells}); unmerge them")]
    MergedCells {
        /// The merged ranges, e.g. `A3:B3`.
        cells: String,
    },
    /// The file cannot be read at all (I/O).
    #[error("the file cannot be read: {0}")]
    Io(String),
    /// The caller's callback asked to stop.
    #[error("stopped")]
    Stopped,
}

impl ReadError {
    /// A stable code for messages (`import.<code>`).
    pub fn key(&self) -> &'static str {
        match self {
            ReadError::NotUtf8 { .. } => "import.not_utf8",
            ReadError::UnknownHeader { .. } => "import.unknown_header",
            ReadError::MissingColumn { .. } => "import.missing_column",
            ReadError::Syntax { .. } => "import.syntax",
            ReadError::FieldCount { .. } => "import.field_count",
            ReadError::MissingField { .. } => "import.missing_field",
            ReadError::FormulaCell { .. } => "import.formula_cell",
            ReadError::MergedCells { .. } => "import.merged_cells",
            ReadError::Io(_) => "import.unreadable",
            ReadError::Stopped => "import.stopped",
        }
    }

    /// The line the problem is on, when known.
    pub fn line(&self) -> Option<u64> {
        match self {
            ReadError::NotUtf8 { line, .. }
            | ReadError::Syntax { line, .. }
            | ReadError::FormulaCell { line, .. }
            | ReadError::FieldCount { line, .. } => Some(*line).filter(|l| *l > 0),
            ReadError::MissingField { line, .. } => *line,
            _ => None,
        }
    }
}

/// What a record callback says: go on, or stop reading.
pub type Flow = std::ops::ControlFlow<()>;

/// Reads every record of `input` in `format`, handing each to `on_record` with its
/// location. A record with a problem of its own (a missing field, a wrong field count) is
/// handed to `on_problem` and reading goes on; a problem with the file itself ends
/// reading with an error. Excel is not read here (see the application's workbook reader).
///
/// # Errors
/// [`ReadError`] when the file cannot be read on.
pub fn read_records(
    format: Format,
    input: impl Read,
    on_record: &mut dyn FnMut(Location, Record) -> Flow,
    on_problem: &mut dyn FnMut(ReadError) -> Flow,
) -> Result<u64, ReadError> {
    let input = Utf8Check::new(input);
    match format {
        Format::ChisoCsv => {
            csv_format::read(csv_format::Dialect::Chiso, input, on_record, on_problem)
        }
        Format::Dhis2Csv => {
            csv_format::read(csv_format::Dialect::Dhis2, input, on_record, on_problem)
        }
        Format::Dhis2Json => json::read(input, on_record, on_problem),
        Format::Adx => adx::read(input, on_record, on_problem),
        Format::Xlsx => Err(ReadError::Io(
            "Excel workbooks are read by the workbook reader".into(),
        )),
    }
}

/// Canonical text of exploded categories: `Category=option` pairs sorted by category and
/// joined by `,` (how ADX files and Chiso's code mappings name a disaggregation).
pub fn canonical_categories(pairs: &mut [(String, String)]) -> String {
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests;
