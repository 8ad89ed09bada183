//! CSV data value files: Chiso's own columns or DHIS2's, matched by header name.

use super::decode::read_error;
use super::{Flow, Location, ReadError, Record};
use crate::text::fold;
use std::io::{BufRead, BufReader, Read};

/// Which column names the header uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// `indicator, org_unit, period, value, comment, status` (English or Vietnamese).
    Chiso,
    /// DHIS2's data value set columns.
    Dhis2,
}

/// A column the reader understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Element,
    OrgUnit,
    Period,
    Value,
    Comment,
    Status,
    CategoryCombo,
    AttributeCombo,
    Followup,
}

/// Header names (folded: lower case, no accents) per column and dialect.
fn column_of(dialect: Dialect, name: &str) -> Option<Column> {
    let n = fold(name.trim()).replace([' ', '-'], "_");
    let c = match dialect {
        Dialect::Chiso => match n.as_str() {
            "indicator" | "indicator_code" | "chi_tieu" | "ma_chi_tieu" | "chi_so"
            | "ma_chi_so" => Column::Element,
            "org_unit" | "orgunit" | "unit" | "don_vi" | "ma_don_vi" => Column::OrgUnit,
            "period" | "ky" | "ky_bao_cao" => Column::Period,
            "value" | "gia_tri" => Column::Value,
            "comment" | "ghi_chu" => Column::Comment,
            "status" | "trang_thai" => Column::Status,
            _ => return None,
        },
        Dialect::Dhis2 => match n.as_str() {
            "dataelement" | "data_element" | "de" => Column::Element,
            "orgunit" | "org_unit" | "ou" => Column::OrgUnit,
            "period" | "pe" => Column::Period,
            "value" => Column::Value,
            "comment" => Column::Comment,
            "categoryoptioncombo" | "category_option_combo" | "coc" => Column::CategoryCombo,
            "attributeoptioncombo" | "attribute_option_combo" | "aoc" => Column::AttributeCombo,
            "followup" | "follow_up" => Column::Followup,
            _ => return None,
        },
    };
    Some(c)
}

fn expected(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Chiso => "indicator, org_unit, period, value [, comment, status]",
        Dialect::Dhis2 => {
            "dataelement, period, orgunit, categoryoptioncombo, attributeoptioncombo, value \
             [, storedby, lastupdated, comment, followup]"
        }
    }
}

/// The delimiter the header line uses most: comma, semicolon or tab.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|b| *b == b'\n').next().unwrap_or(head);
    let mut in_quotes = false;
    let mut counts = [0usize; 3];
    for b in line {
        match b {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => counts[0] += 1,
            b';' if !in_quotes => counts[1] += 1,
            b'\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|i| (counts[*i], usize::from(*i == 0)))
        .unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Normalises line ends outside quotes to `\n` and puts a space on every blank line. The
/// `csv` crate skips blank lines but then reports the next record's line as that of the
/// first blank line, and counts lines after a `\r\n` header one short; with this every
/// line is a record (a blank one is skipped below) and reported lines are exact.
struct LineEnds<R> {
    inner: R,
    at_line_start: bool,
    in_quotes: bool,
    pending_cr: bool,
    buf: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
}

impl<R: Read> LineEnds<R> {
    fn new(inner: R) -> Self {
        LineEnds {
            inner,
            at_line_start: false,
            in_quotes: false,
            pending_cr: false,
            buf: Vec::new(),
            out: Vec::new(),
            pos: 0,
        }
    }

    fn end_line(&mut self) {
        if self.at_line_start {
            self.out.push(b' ');
        }
        self.out.push(b'\n');
        self.at_line_start = true;
    }
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, dest: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.out.len() {
            self.buf.resize(32 * 1024, 0);
            let n = self.inner.read(&mut self.buf)?;
            self.out.clear();
            self.pos = 0;
            if n == 0 {
                if self.pending_cr {
                    self.pending_cr = false;
                    self.end_line();
                    continue;
                }
                return Ok(0);
            }
            let buf = std::mem::take(&mut self.buf);
            for &b in &buf[..n] {
                if self.pending_cr {
                    self.pending_cr = false;
                    self.end_line();
                    if b == b'\n' {
                        continue;
                    }
                }
                if self.in_quotes {
                    if b == b'"' {
                        self.in_quotes = false;
                    }
                    self.out.push(b);
                    continue;
                }
                match b {
                    b'\r' => self.pending_cr = true,
                    b'\n' => self.end_line(),
                    _ => {
                        if b == b'"' {
                            self.in_quotes = true;
                        }
                        self.at_line_start = false;
                        self.out.push(b);
                    }
                }
            }
            self.buf = buf;
        }
        let n = dest.len().min(self.out.len() - self.pos);
        dest[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// The columns of a header row, checked: the value columns must all be there.
fn columns_of(dialect: Dialect, header: &[&str]) -> Result<Vec<Option<Column>>, ReadError> {
    let columns: Vec<Option<Column>> = header.iter().map(|h| column_of(dialect, h)).collect();
    let find = |c: Column| columns.iter().position(|x| *x == Some(c));
    if find(Column::Element).is_none() && find(Column::Value).is_none() {
        return Err(ReadError::UnknownHeader {
            found: header.join(", "),
            expected: expected(dialect).into(),
        });
    }
    let chiso = dialect == Dialect::Chiso;
    for (c, name) in [
        (
            Column::Element,
            if chiso { "indicator" } else { "dataelement" },
        ),
        (Column::OrgUnit, if chiso { "org_unit" } else { "orgunit" }),
        (Column::Period, "period"),
        (Column::Value, "value"),
    ] {
        if find(c).is_none() {
            return Err(ReadError::MissingColumn {
                column: name.into(),
            });
        }
    }
    Ok(columns)
}

/// A record from a row's fields under its header's columns.
fn record_of<'a>(columns: &[Option<Column>], fields: impl Iterator<Item = &'a str>) -> Record {
    let mut r = Record::default();
    for (field, column) in fields.zip(columns) {
        let Some(column) = column else { continue };
        let text = field.trim();
        match column {
            Column::Element => r.element = text.to_string(),
            Column::OrgUnit => r.org_unit = text.to_string(),
            Column::Period => r.period = text.to_string(),
            Column::Value => r.value = text.to_string(),
            Column::Comment => r.comment = Some(text.to_string()).filter(|c| !c.is_empty()),
            Column::Status => r.status = Some(text.to_string()).filter(|c| !c.is_empty()),
            Column::CategoryCombo => r.category_combo = text.to_string(),
            Column::AttributeCombo => r.attribute_combo = text.to_string(),
            Column::Followup => r.followup = text.eq_ignore_ascii_case("true"),
        }
    }
    r
}

/// Reads Chiso's columns from rows of cells already split (a worksheet's rows): the first
/// row whose cells name an indicator and a value column is the header; rows after it whose
/// cells are all empty are skipped. Each row comes with its 1-based line (row number).
///
/// # Errors
/// No header row with the needed columns.
pub fn read_table(
    rows: impl IntoIterator<Item = (u64, Vec<String>)>,
    on_record: &mut dyn FnMut(Location, Record) -> Flow,
) -> Result<u64, ReadError> {
    let mut rows = rows.into_iter();
    let mut columns = None;
    let mut first_seen: Option<String> = None;
    for (_, cells) in rows.by_ref() {
        let header: Vec<&str> = cells.iter().map(String::as_str).collect();
        match columns_of(Dialect::Chiso, &header) {
            Ok(c) => {
                columns = Some(c);
                break;
            }
            Err(_) if first_seen.is_none() && cells.iter().any(|c| !c.trim().is_empty()) => {
                first_seen = Some(header.join(", "));
            }
            Err(_) => {}
        }
    }
    let Some(columns) = columns else {
        return Err(ReadError::UnknownHeader {
            found: first_seen.unwrap_or_default(),
            expected: expected(Dialect::Chiso).into(),
        });
    };
    let mut item = 0;
    for (line, cells) in rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        item += 1;
        let record = record_of(&columns, cells.iter().map(String::as_str));
        if on_record(
            Location {
                item,
                line: Some(line),
            },
            record,
        )
        .is_break()
        {
            return Err(ReadError::Stopped);
        }
    }
    Ok(item)
}

pub(crate) fn read(
    dialect: Dialect,
    input: impl Read,
    on_record: &mut dyn FnMut(Location, Record) -> Flow,
    on_problem: &mut dyn FnMut(ReadError) -> Flow,
) -> Result<u64, ReadError> {
    let input = LineEnds::new(input);
    let mut buffered = BufReader::with_capacity(64 * 1024, input);
    let delimiter = sniff_delimiter(buffered.fill_buf().map_err(|e| read_error(&e))?);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(buffered);
    let header = reader.headers().map_err(|e| csv_error(&e))?.clone();
    let columns = columns_of(dialect, &header.iter().collect::<Vec<_>>())?;
    let width = header.len();
    let mut record = csv::StringRecord::new();
    let mut item = 0u64;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(&e)),
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue; // a blank line
        }
        item += 1;
        if record.len() != width {
            let flow = on_problem(ReadError::FieldCount {
                line,
                found: record.len(),
                expected: width,
            });
            if flow.is_break() {
                return Err(ReadError::Stopped);
            }
            continue;
        }
        let r = record_of(&columns, record.iter());
        let location = Location {
            item,
            line: Some(line),
        };
        if on_record(location, r).is_break() {
            return Err(ReadError::Stopped);
        }
    }
    Ok(item)
}

fn csv_error(e: &csv::Error) -> ReadError {
    let line = e.position().map_or(0, |p| p.line());
    match e.kind() {
        csv::ErrorKind::Io(io) => read_error(io),
        csv::ErrorKind::Utf8 { .. } => ReadError::NotUtf8 {
            line,
            hint: String::new(),
        },
        _ => ReadError::Syntax {
            line,
            message: e.to_string(),
        },
    }
}
