//! ADX (IHE QRPH, `urn:ihe:qrph:adx:2015`) messages, read as a stream of XML events.
//!
//! A `<group>` carries `period` (ISO 8601 `start/duration`, e.g. `2021-01-01/P3M`),
//! `orgUnit`, optionally `dataSet`, `completeDate`, `attributeOptionCombo` or attribute
//! categories exploded as attributes; each `<dataValue>` carries `dataElement`, `value`,
//! and either `categoryOptionCombo` or its categories exploded as attributes. An
//! `<annotation>` child becomes the value's comment.

use super::decode::read_error;
use super::{Flow, Location, ReadError, Record, canonical_categories};
use crate::period::{Period, PeriodType};
use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufRead, BufReader, Read};

/// Converts an ADX period (`2020-01-01/P1M`) to a Chiso period; a start that does not
/// begin a period of the duration's type gives `None`.
pub fn adx_period(text: &str) -> Option<Period> {
    let (start, duration) = text.trim().split_once('/')?;
    let start = NaiveDate::parse_from_str(start, "%Y-%m-%d").ok()?;
    let kind = match duration.to_ascii_uppercase().as_str() {
        "P1D" => PeriodType::Day,
        "P7D" | "P1W" => PeriodType::Week,
        "P1M" => PeriodType::Month,
        "P3M" => PeriodType::Quarter,
        "P6M" => PeriodType::HalfYear,
        "P1Y" | "P12M" => PeriodType::Year,
        _ => return None,
    };
    let period = Period::containing(kind, start);
    (period.start() == start).then_some(period)
}

/// Counts the lines of what the XML parser has consumed, so each event has its line.
struct LineCounter<R> {
    inner: R,
    newlines: u64,
}

impl<R: BufRead> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(buf.len());
            buf[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LineCounter<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let n = amt.min(buf.len());
            self.newlines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
        }
        self.inner.consume(amt);
    }
}

/// The attributes of an element as (local name, unescaped value) pairs.
fn attributes(e: &BytesStart, line: u64) -> Result<Vec<(String, String)>, ReadError> {
    let mut out = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| ReadError::Syntax {
            line,
            message: err.to_string(),
        })?;
        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
        let value = a
            .unescape_value()
            .map_err(|err| ReadError::Syntax {
                line,
                message: err.to_string(),
            })?
            .into_owned();
        out.push((key, value));
    }
    Ok(out)
}

/// The group's fields that apply to its values.
#[derive(Debug, Default, Clone)]
struct Group {
    period: String,
    org_unit: String,
    attribute_combo: String,
}

fn group_of(attrs: Vec<(String, String)>) -> Group {
    let mut g = Group::default();
    let mut categories = Vec::new();
    for (k, v) in attrs {
        match k.as_str() {
            "period" => {
                g.period = adx_period(&v).map_or_else(|| v.trim().to_string(), |p| p.to_string());
            }
            "orgUnit" => g.org_unit = v.trim().to_string(),
            "attributeOptionCombo" => g.attribute_combo = v.trim().to_string(),
            "dataSet" | "completeDate" => {}
            _ => categories.push((k, v.trim().to_string())),
        }
    }
    if g.attribute_combo.is_empty() && !categories.is_empty() {
        g.attribute_combo = canonical_categories(&mut categories);
    }
    g
}

fn value_of(attrs: Vec<(String, String)>, group: &Group) -> (Record, Vec<&'static str>) {
    let mut r = Record {
        period: group.period.clone(),
        org_unit: group.org_unit.clone(),
        attribute_combo: group.attribute_combo.clone(),
        ..Record::default()
    };
    let mut categories = Vec::new();
    let (mut has_element, mut has_value) = (false, false);
    for (k, v) in attrs {
        match k.as_str() {
            "dataElement" => {
                has_element = true;
                r.element = v.trim().to_string();
            }
            "value" => {
                has_value = true;
                r.value = v.trim().to_string();
            }
            "categoryOptionCombo" => r.category_combo = v.trim().to_string(),
            _ => categories.push((k, v.trim().to_string())),
        }
    }
    if r.category_combo.is_empty() && !categories.is_empty() {
        r.category_combo = canonical_categories(&mut categories);
    }
    let mut missing = Vec::new();
    if !has_element {
        missing.push("dataElement");
    }
    if !has_value {
        missing.push("value");
    }
    if group.period.is_empty() {
        missing.push("period");
    }
    if group.org_unit.is_empty() {
        missing.push("orgUnit");
    }
    (r, missing)
}

pub(crate) fn read(
    input: impl Read,
    on_record: &mut dyn FnMut(Location, Record) -> Flow,
    on_problem: &mut dyn FnMut(ReadError) -> Flow,
) -> Result<u64, ReadError> {
    let counter = LineCounter {
        inner: BufReader::with_capacity(64 * 1024, input),
        newlines: 0,
    };
    let mut reader = quick_xml::Reader::from_reader(counter);
    let mut buf = Vec::new();
    let mut group: Option<Group> = None;
    // The value whose `<annotation>` may still follow, with its line.
    let mut open_value: Option<(Record, u64)> = None;
    let mut in_annotation = false;
    let mut item = 0u64;
    let mut saw_root = false;
    loop {
        // Text between tags (whitespace too) is an event of its own, so what was consumed
        // before reading ends where the next event starts.
        let line = reader.get_ref().newlines + 1;
        let event = reader.read_event_into(&mut buf);
        let event = match event {
            Ok(e) => e,
            Err(quick_xml::Error::Io(io)) => return Err(read_error(&io)),
            Err(e) => {
                return Err(ReadError::Syntax {
                    line,
                    message: e.to_string(),
                });
            }
        };
        let mut finished: Option<(Record, u64)> = None;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    b"adx" => saw_root = true,
                    b"group" => {
                        group = Some(group_of(attributes(e, line)?));
                    }
                    b"dataValue" => {
                        let Some(g) = &group else {
                            return Err(ReadError::Syntax {
                                line,
                                message: "<dataValue> outside a <group>".into(),
                            });
                        };
                        item += 1;
                        let (record, missing) = value_of(attributes(e, line)?, g);
                        if let Some(field) = missing.first() {
                            let flow = on_problem(ReadError::MissingField {
                                item,
                                line: Some(line),
                                field: (*field).into(),
                            });
                            if flow.is_break() {
                                return Err(ReadError::Stopped);
                            }
                        } else if empty {
                            finished = Some((record, line));
                        } else {
                            open_value = Some((record, line));
                        }
                    }
                    b"annotation" => in_annotation = !empty,
                    _ => {}
                }
            }
            Event::Text(t) if in_annotation => {
                if let Some((r, _)) = open_value.as_mut() {
                    let text = t.unescape().map_err(|err| ReadError::Syntax {
                        line,
                        message: err.to_string(),
                    })?;
                    let text = text.trim();
                    if !text.is_empty() {
                        r.comment = Some(text.to_string());
                    }
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                b"annotation" => in_annotation = false,
                b"dataValue" => finished = open_value.take(),
                b"group" => group = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        if let Some((record, at)) = finished {
            let location = Location {
                item,
                line: Some(at),
            };
            if on_record(location, record).is_break() {
                return Err(ReadError::Stopped);
            }
        }
        buf.clear();
    }
    if !saw_root {
        return Err(ReadError::Syntax {
            line: 0,
            message: "no <adx> root element".into(),
        });
    }
    if group.is_some() || open_value.is_some() {
        return Err(ReadError::Syntax {
            line: reader.get_ref().newlines + 1,
            message: "the file ends inside a <group>; it seems truncated".into(),
        });
    }
    Ok(item)
}
