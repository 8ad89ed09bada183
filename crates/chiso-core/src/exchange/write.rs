//! Writing data values in every exchange format, one record at a time.

use super::Format;
use crate::period::{Period, PeriodType};
use quick_xml::escape::escape;
use std::io::{self, Write};

/// One value to write, every identifier already in the target's scheme (a DHIS2 uid or a
/// Chiso code).
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRecord {
    /// Indicator code or data element id.
    pub element: String,
    /// Category option combo, or exploded `Category=option` pairs; empty for default.
    pub category_combo: String,
    /// Attribute option combo, or exploded pairs; empty for default.
    pub attribute_combo: String,
    /// The period.
    pub period: Period,
    /// Org unit code or id.
    pub org_unit: String,
    /// The value.
    pub value: f64,
    /// Comment.
    pub comment: Option<String>,
    /// Who last wrote it.
    pub stored_by: Option<String>,
    /// When it was last written (RFC 3339).
    pub last_updated: Option<String>,
    /// Workflow status (`draft`, `submitted`, `approved`, `locked`; Chiso CSV only).
    pub status: Option<String>,
}

/// DHIS2's period code: `202509` for a month, `20250914` for a day, `2025W5` for a week,
/// the Chiso code otherwise (`2025`, `2025S1`, `2025Q3`).
pub fn dhis2_period(p: &Period) -> String {
    match p.period_type() {
        PeriodType::Month => p.start().format("%Y%m").to_string(),
        PeriodType::Day => p.start().format("%Y%m%d").to_string(),
        PeriodType::Week => {
            let code = p.to_string();
            match code.split_once('W') {
                Some((y, w)) => format!("{y}W{}", w.trim_start_matches('0')),
                None => code,
            }
        }
        _ => p.to_string(),
    }
}

/// ADX's period: ISO 8601 start and duration, `2025-07-01/P3M`.
pub fn adx_period_text(p: &Period) -> String {
    let duration = match p.period_type() {
        PeriodType::Day => "P1D",
        PeriodType::Week => "P7D",
        PeriodType::Month => "P1M",
        PeriodType::Quarter => "P3M",
        PeriodType::HalfYear => "P6M",
        PeriodType::Year => "P1Y",
    };
    format!("{}/{duration}", p.start().format("%Y-%m-%d"))
}

/// Where the records go.
enum Sink<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Raw(W),
}

/// Writes records in one format; call [`Writer::finish`] at the end.
pub struct Writer<W: Write> {
    format: Format,
    sink: Sink<W>,
    count: u64,
    /// The open ADX group: period, org unit, attribute combo.
    group: Option<(Period, String, String)>,
}

fn csv_err(e: csv::Error) -> io::Error {
    io::Error::other(e.to_string())
}

/// Exploded `Category=option` pairs as XML attributes, or the combo under `name`.
fn combo_attributes(name: &str, combo: &str) -> String {
    if combo.is_empty() {
        return String::new();
    }
    if combo.contains('=') {
        combo
            .split(',')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| format!(" {}=\"{}\"", escape(k), escape(v)))
            .collect()
    } else {
        format!(" {name}=\"{}\"", escape(combo))
    }
}

/// A value as text: integers without a decimal point, others in the shortest form that
/// reads back to the same number.
fn number(v: f64) -> String {
    format!("{v}")
}

impl<W: Write> Writer<W> {
    /// Starts writing `format` to `out` (writes the header). Excel is written elsewhere.
    ///
    /// # Errors
    /// Writing fails, or the format is Excel.
    pub fn new(format: Format, mut out: W) -> io::Result<Self> {
        let sink = match format {
            Format::ChisoCsv | Format::Dhis2Csv => {
                let mut w = csv::Writer::from_writer(out);
                let header: &[&str] = if format == Format::ChisoCsv {
                    &[
                        "indicator",
                        "org_unit",
                        "period",
                        "value",
                        "comment",
                        "status",
                    ]
                } else {
                    &[
                        "dataelement",
                        "period",
                        "orgunit",
                        "categoryoptioncombo",
                        "attributeoptioncombo",
                        "value",
                        "storedby",
                        "lastupdated",
                        "comment",
                        "followup",
                    ]
                };
                w.write_record(header).map_err(csv_err)?;
                Sink::Csv(Box::new(w))
            }
            Format::Dhis2Json => {
                out.write_all(b"{\"dataValues\":[")?;
                Sink::Raw(out)
            }
            Format::Adx => {
                out.write_all(
                    b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<adx xmlns=\"urn:ihe:qrph:adx:2015\">\n",
                )?;
                Sink::Raw(out)
            }
            Format::Xlsx => {
                return Err(io::Error::other("Excel is written by the workbook writer"));
            }
        };
        Ok(Writer {
            format,
            sink,
            count: 0,
            group: None,
        })
    }

    /// How many records were written.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Writes one record. For ADX, records of the same period, unit and attribute combo
    /// should come together: each change opens a new `<group>`.
    ///
    /// # Errors
    /// Writing fails.
    pub fn write(&mut self, r: &ExportRecord) -> io::Result<()> {
        let first = self.count == 0;
        self.count += 1;
        match &mut self.sink {
            Sink::Csv(w) => {
                let value = number(r.value);
                let comment = r.comment.as_deref().unwrap_or("");
                if self.format == Format::ChisoCsv {
                    let period = r.period.to_string();
                    let status = r.status.as_deref().unwrap_or("");
                    w.write_record([&r.element, &r.org_unit, &period, &value, comment, status])
                        .map_err(csv_err)
                } else {
                    let period = dhis2_period(&r.period);
                    w.write_record([
                        r.element.as_str(),
                        &period,
                        &r.org_unit,
                        &r.category_combo,
                        &r.attribute_combo,
                        &value,
                        r.stored_by.as_deref().unwrap_or(""),
                        r.last_updated.as_deref().unwrap_or(""),
                        comment,
                        "false",
                    ])
                    .map_err(csv_err)
                }
            }
            Sink::Raw(out) if self.format == Format::Dhis2Json => {
                if !first {
                    out.write_all(b",")?;
                }
                let mut item = serde_json::Map::new();
                let mut put = |k: &str, v: &str| {
                    item.insert(k.into(), serde_json::Value::String(v.into()));
                };
                put("dataElement", &r.element);
                put("period", &dhis2_period(&r.period));
                put("orgUnit", &r.org_unit);
                if !r.category_combo.is_empty() {
                    put("categoryOptionCombo", &r.category_combo);
                }
                if !r.attribute_combo.is_empty() {
                    put("attributeOptionCombo", &r.attribute_combo);
                }
                put("value", &number(r.value));
                if let Some(c) = &r.comment {
                    put("comment", c);
                }
                if let Some(s) = &r.stored_by {
                    put("storedBy", s);
                }
                if let Some(t) = &r.last_updated {
                    put("lastUpdated", t);
                }
                out.write_all(b"\n")?;
                serde_json::to_writer(&mut *out, &item).map_err(io::Error::other)
            }
            Sink::Raw(out) => {
                let key = (r.period, r.org_unit.clone(), r.attribute_combo.clone());
                if self.group.as_ref() != Some(&key) {
                    if self.group.is_some() {
                        out.write_all(b"  </group>\n")?;
                    }
                    writeln!(
                        out,
                        "  <group period=\"{}\" orgUnit=\"{}\"{}>",
                        adx_period_text(&r.period),
                        escape(r.org_unit.as_str()),
                        combo_attributes("attributeOptionCombo", &r.attribute_combo)
                    )?;
                    self.group = Some(key);
                }
                write!(
                    out,
                    "    <dataValue dataElement=\"{}\"{} value=\"{}\"",
                    escape(r.element.as_str()),
                    combo_attributes("categoryOptionCombo", &r.category_combo),
                    number(r.value)
                )?;
                match &r.comment {
                    Some(c) => writeln!(
                        out,
                        "><annotation>{}</annotation></dataValue>",
                        escape(c.as_str())
                    ),
                    None => out.write_all(b"/>\n"),
                }
            }
        }
    }

    /// Ends the file (closing brackets or elements) and hands back the output.
    ///
    /// # Errors
    /// Writing fails.
    pub fn finish(self) -> io::Result<W> {
        match self.sink {
            Sink::Csv(w) => w.into_inner().map_err(|e| io::Error::other(e.to_string())),
            Sink::Raw(mut out) => {
                if self.format == Format::Dhis2Json {
                    out.write_all(b"\n]}\n")?;
                } else {
                    if self.group.is_some() {
                        out.write_all(b"  </group>\n")?;
                    }
                    out.write_all(b"</adx>\n")?;
                }
                out.flush()?;
                Ok(out)
            }
        }
    }
}
