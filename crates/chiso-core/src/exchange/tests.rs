#![allow(clippy::unwrap_used)]

use super::*;
use std::ops::ControlFlow;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../fixtures/dhis2/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The records of a file and the problems of single records.
type Read = (Vec<(Location, Record)>, Vec<ReadError>);

/// Reads everything, returning the records and the per-record problems.
fn read_all(format: Format, bytes: &[u8]) -> Result<Read, ReadError> {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    read_records(
        format,
        bytes,
        &mut |l, r| {
            records.push((l, r));
            ControlFlow::Continue(())
        },
        &mut |p| {
            problems.push(p);
            ControlFlow::Continue(())
        },
    )?;
    Ok((records, problems))
}

#[test]
fn dhis2_csv_fixture_reads_twelve_values() {
    let (records, problems) = read_all(Format::Dhis2Csv, &fixture("dataValueSetB.csv")).unwrap();
    assert!(problems.is_empty());
    assert_eq!(records.len(), 12);
    let (loc, first) = &records[0];
    assert_eq!(loc.line, Some(2));
    assert_eq!(first.element, "f7n9E0hX8qk");
    assert_eq!(first.period, "201201");
    assert_eq!(first.org_unit, "DiszpKrYNg8");
    assert_eq!(first.value, "10001");
    assert_eq!(first.comment.as_deref(), Some("comment"));
    assert_eq!(first.category_combo, "");
    assert!(!first.followup);
    let values: Vec<&str> = records.iter().map(|(_, r)| r.value.as_str()).collect();
    assert_eq!(values.last(), Some(&"10012"));
}

#[test]
fn dhis2_json_fixture_reads_231_values() {
    let (records, problems) = read_all(
        Format::Dhis2Json,
        &fixture("e2e-aggregate/dataValues_bulk.json"),
    )
    .unwrap();
    assert!(problems.is_empty());
    assert_eq!(records.len(), 231);
    assert_eq!(
        records.iter().filter(|(_, r)| r.period == "201912").count(),
        222
    );
    assert_eq!(
        records.iter().filter(|(_, r)| r.period == "2018").count(),
        9
    );
    assert!(records.iter().all(|(_, r)| r.org_unit == "O6uvpzGd5pu"));
    let first = &records[0].1;
    assert_eq!(first.element, "tpz77FcntKx");
    assert_eq!(first.value, "500000");
    assert_eq!(first.category_combo, "HllvX50cXC0");
}

#[test]
fn adx_fixture_reads_nine_values_with_their_disaggregations() {
    let (records, problems) = read_all(Format::Adx, &fixture("importA.adx.xml")).unwrap();
    assert!(problems.is_empty());
    let got: Vec<(String, String, String, String, String, String)> = records
        .iter()
        .map(|(_, r)| {
            (
                r.element.clone(),
                r.period.clone(),
                r.org_unit.clone(),
                r.category_combo.clone(),
                r.attribute_combo.clone(),
                r.value.clone(),
            )
        })
        .collect();
    let row = |e: &str, p: &str, o: &str, c: &str, a: &str, v: &str| {
        (e.into(), p.into(), o.into(), c.into(), a.into(), v.into())
    };
    let f_u5 = "Age_category=under555555,Sex_category=FFFFFFFFFFF";
    assert_eq!(
        got,
        vec![
            row("Malaria numeric", "2020-01", "123", f_u5, "", "1"),
            row(
                "Malaria numeric",
                "2020-01",
                "123",
                "Age_category=under555555,Sex_category=MMMMMMMMMMM",
                "",
                "2"
            ),
            row("Malaria numeric", "2020-01", "123", "FOver555555", "", "3"),
            row("Malaria numeric", "2020-01", "123", "MOver555555", "", "4"),
            row("Malaria text", "2020-01", "123", "", "", "0"),
            row("Malaria numeric", "2020-02", "456", f_u5, "", "6"),
            row(
                "Malaria numeric",
                "2021Q1",
                "456",
                f_u5,
                "Mechanism_category=PEPFARRRRRR",
                "10"
            ),
            row(
                "Malaria numeric",
                "2021Q1",
                "456",
                "Age_category=over5555555,Sex_category=FFFFFFFFFFF",
                "Mechanism_category=McDonaldsss",
                "20"
            ),
            row(
                "Malaria numeric",
                "2021Q1",
                "456",
                "Age_category=under555555,Sex_category=MMMMMMMMMMM",
                "cocMcDonald",
                "30"
            ),
        ]
    );
    assert_eq!(records[4].1.comment.as_deref(), Some("Text data value"));
    assert_eq!(records[4].0.line, Some(7));
    assert_eq!(records[8].0.line, Some(21));
}

#[test]
fn adx_periods() {
    assert_eq!(adx_period("2021-01-01/P3M").unwrap().to_string(), "2021Q1");
    assert_eq!(adx_period("2021-07-01/P6M").unwrap().to_string(), "2021S2");
    assert_eq!(adx_period("2021-01-01/P1Y").unwrap().to_string(), "2021");
    assert_eq!(adx_period("2021-03-01/P1M").unwrap().to_string(), "2021-03");
    assert!(
        adx_period("2021-02-01/P3M").is_none(),
        "not a quarter start"
    );
    assert!(adx_period("2021-02-01/P5M").is_none());
}

#[test]
fn chiso_csv_with_vietnamese_headers_semicolons_and_bad_rows() {
    let text = "Mã chỉ tiêu;Mã đơn vị;Kỳ;Giá trị;Ghi chú\r\n\
                KT01;TM;2025-09;12.5;ổn định\n\
                KT01;TM;2025-10\n\
                \r\n\
                KT02;TM;2025Q3;7;\n";
    let (records, problems) = read_all(Format::ChisoCsv, text.as_bytes()).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].1.comment.as_deref(), Some("ổn định"));
    assert_eq!(records[1].0.line, Some(5));
    assert_eq!(records[1].1.comment, None);
    assert_eq!(
        problems,
        vec![ReadError::FieldCount {
            line: 3,
            found: 3,
            expected: 5
        }]
    );
}

#[test]
fn unknown_header_and_missing_column_are_file_errors() {
    let e = read_all(Format::ChisoCsv, b"a|b|c\n1|2|3\n").unwrap_err();
    assert!(matches!(e, ReadError::UnknownHeader { .. }), "{e:?}");
    let e = read_all(Format::ChisoCsv, b"indicator,org_unit,value\nA,B,1\n").unwrap_err();
    assert_eq!(
        e,
        ReadError::MissingColumn {
            column: "period".into()
        }
    );
}

#[test]
fn truncated_json_and_xml_are_reported_with_a_line() {
    let json = fixture("e2e-aggregate/dataValues_bulk.json");
    let e = read_all(Format::Dhis2Json, &json[..json.len() / 2]).unwrap_err();
    assert!(
        matches!(e, ReadError::Syntax { line, .. } if line > 100),
        "{e:?}"
    );
    let xml = fixture("importA.adx.xml");
    let e = read_all(Format::Adx, &xml[..xml.len() / 2]).unwrap_err();
    assert!(matches!(e, ReadError::Syntax { .. }), "{e:?}");
}

#[test]
fn json_set_level_fields_apply_and_missing_fields_are_problems() {
    let text = r#"{"period":"202501","orgUnit":"TM","dataValues":[
        {"dataElement":"A","value":3},
        {"value":"4"},
        {"dataElement":"B","orgUnit":"X","value":true,"followUp":true}]}"#;
    let (records, problems) = read_all(Format::Dhis2Json, text.as_bytes()).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].1.period, "202501");
    assert_eq!(records[0].1.org_unit, "TM");
    assert_eq!(records[0].1.value, "3");
    assert_eq!(records[1].0.item, 3);
    assert_eq!(records[1].1.org_unit, "X");
    assert_eq!(records[1].1.value, "true");
    assert!(records[1].1.followup);
    assert!(
        matches!(&problems[..], [ReadError::MissingField { item: 2, field, .. }] if field == "dataElement")
    );
}

#[test]
fn every_format_round_trips() {
    let period = |s: &str| crate::period::Period::parse(s).unwrap();
    let out = vec![
        ExportRecord {
            element: "KT01".into(),
            category_combo: String::new(),
            attribute_combo: String::new(),
            period: period("2025-09"),
            org_unit: "TM".into(),
            value: 12.5,
            comment: Some("có \"ngoặc\", dấu phẩy & <thẻ>".into()),
            stored_by: Some("lan".into()),
            last_updated: None,
            status: Some("draft".into()),
        },
        ExportRecord {
            element: "KT02".into(),
            category_combo: "Age=u5,Sex=F".into(),
            attribute_combo: "cocX".into(),
            period: period("2025Q3"),
            org_unit: "TM.X1".into(),
            value: 1e6,
            comment: None,
            stored_by: None,
            last_updated: None,
            status: None,
        },
    ];
    for format in [
        Format::ChisoCsv,
        Format::Dhis2Csv,
        Format::Dhis2Json,
        Format::Adx,
    ] {
        let mut w = Writer::new(format, Vec::new()).unwrap();
        for r in &out {
            w.write(r).unwrap();
        }
        let bytes = w.finish().unwrap();
        let (records, problems) = read_all(format, &bytes)
            .unwrap_or_else(|e| panic!("{format}: {e}\n{}", String::from_utf8_lossy(&bytes)));
        assert!(problems.is_empty(), "{format}");
        assert_eq!(records.len(), 2, "{format}");
        for ((_, got), want) in records.iter().zip(&out) {
            assert_eq!(got.element, want.element, "{format}");
            assert_eq!(got.org_unit, want.org_unit, "{format}");
            assert_eq!(
                crate::period::Period::parse(&got.period).unwrap(),
                want.period,
                "{format}"
            );
            assert_eq!(got.value.parse::<f64>().unwrap(), want.value, "{format}");
            assert_eq!(got.comment, want.comment, "{format}");
            if format == Format::ChisoCsv {
                assert_eq!(got.status.as_deref(), want.status.as_deref(), "{format}");
            } else {
                assert_eq!(got.category_combo, want.category_combo, "{format}");
                assert_eq!(got.attribute_combo, want.attribute_combo, "{format}");
            }
        }
    }
}

#[test]
fn format_guess() {
    assert_eq!(Format::guess("a.json", b"{"), Some(Format::Dhis2Json));
    assert_eq!(Format::guess("x", b"<adx"), Some(Format::Adx));
    assert_eq!(
        Format::guess("x.csv", b"\"dataelement\",\"period\""),
        Some(Format::Dhis2Csv)
    );
    assert_eq!(
        Format::guess("x.csv", b"indicator,org_unit"),
        Some(Format::ChisoCsv)
    );
    assert_eq!(Format::guess("x.xlsx", b"PK\x03\x04"), Some(Format::Xlsx));
}
