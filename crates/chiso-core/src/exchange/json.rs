//! DHIS2 data value sets as JSON, read as a stream: each value is handed on as soon as it
//! is parsed, so the file is never held in memory whole.

use super::decode::read_error;
use super::{Flow, Location, ReadError, Record};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::cell::RefCell;
use std::fmt;
use std::io::Read;

/// A JSON scalar taken as text: DHIS2 writes values as strings, numbers or booleans.
#[derive(Debug, Clone, Default)]
struct Text(Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, number, boolean or null")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// One entry of `dataValues`, fields as DHIS2 names them; others are ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct RawValue {
    data_element: Text,
    period: Text,
    org_unit: Text,
    category_option_combo: Text,
    attribute_option_combo: Text,
    value: Text,
    comment: Text,
    #[serde(alias = "followUp")]
    followup: Text,
}

/// Set-level fields that apply to every value lacking its own.
#[derive(Debug, Default)]
struct SetDefaults {
    period: Option<String>,
    org_unit: Option<String>,
    attribute_option_combo: Option<String>,
}

struct Context<'a> {
    defaults: SetDefaults,
    item: u64,
    stopped: bool,
    on_record: &'a mut dyn FnMut(Location, Record) -> Flow,
    on_problem: &'a mut dyn FnMut(ReadError) -> Flow,
}

impl Context<'_> {
    fn take(&mut self, raw: RawValue) -> Flow {
        self.item += 1;
        let item = self.item;
        let or_default = |own: Text, set: &Option<String>| own.0.or_else(|| set.clone());
        let period = or_default(raw.period, &self.defaults.period);
        let org_unit = or_default(raw.org_unit, &self.defaults.org_unit);
        let aoc = or_default(
            raw.attribute_option_combo,
            &self.defaults.attribute_option_combo,
        );
        for (field, present) in [
            ("dataElement", raw.data_element.0.is_some()),
            ("period", period.is_some()),
            ("orgUnit", org_unit.is_some()),
        ] {
            if !present {
                return (self.on_problem)(ReadError::MissingField {
                    item,
                    line: None,
                    field: field.into(),
                });
            }
        }
        let record = Record {
            element: raw.data_element.0.unwrap_or_default().trim().to_string(),
            category_combo: raw
                .category_option_combo
                .0
                .unwrap_or_default()
                .trim()
                .to_string(),
            attribute_combo: aoc.unwrap_or_default().trim().to_string(),
            period: period.unwrap_or_default().trim().to_string(),
            org_unit: org_unit.unwrap_or_default().trim().to_string(),
            value: raw.value.0.unwrap_or_default().trim().to_string(),
            comment: raw.comment.0.filter(|c| !c.trim().is_empty()),
            status: None,
            followup: raw
                .followup
                .0
                .is_some_and(|f| f.eq_ignore_ascii_case("true")),
        };
        (self.on_record)(Location { item, line: None }, record)
    }
}

struct SetVisitor<'c, 'a>(&'c RefCell<Context<'a>>);

impl<'de> Visitor<'de> for SetVisitor<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a data value set object with \"dataValues\"")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "dataValues" => map.next_value_seed(ValuesSeed(self.0))?,
                "period" => self.0.borrow_mut().defaults.period = map.next_value::<Text>()?.0,
                "orgUnit" => self.0.borrow_mut().defaults.org_unit = map.next_value::<Text>()?.0,
                "attributeOptionCombo" => {
                    self.0.borrow_mut().defaults.attribute_option_combo =
                        map.next_value::<Text>()?.0;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct ValuesSeed<'c, 'a>(&'c RefCell<Context<'a>>);

impl<'de> DeserializeSeed<'de> for ValuesSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ValuesSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of data values")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<RawValue>()? {
            let mut ctx = self.0.borrow_mut();
            if ctx.take(raw).is_break() {
                ctx.stopped = true;
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

pub(crate) fn read(
    input: impl Read,
    on_record: &mut dyn FnMut(Location, Record) -> Flow,
    on_problem: &mut dyn FnMut(ReadError) -> Flow,
) -> Result<u64, ReadError> {
    let ctx = RefCell::new(Context {
        defaults: SetDefaults::default(),
        item: 0,
        stopped: false,
        on_record,
        on_problem,
    });
    let reader = std::io::BufReader::with_capacity(64 * 1024, input);
    let mut de = serde_json::Deserializer::from_reader(reader);
    let result = de.deserialize_map(SetVisitor(&ctx)).and_then(|()| de.end());
    let ctx = ctx.into_inner();
    match result {
        Ok(()) => Ok(ctx.item),
        Err(_) if ctx.stopped => Err(ReadError::Stopped),
        Err(e) if e.is_io() => Err(read_error(&std::io::Error::from(e))),
        Err(e) => Err(ReadError::Syntax {
            line: e.line() as u64,
            message: e.to_string(),
        }),
    }
}
