//! Data value exchange over HTTP, on SQLite and on PostgreSQL: the DHIS2 conformance files
//! (CSV, ADX, JSON with its metadata) import with the counts and values DHIS2's README
//! lists and export back to files that import again identically; bad files are refused
//! with every problem located and nothing written.
#![allow(clippy::unwrap_used)]

mod common;

use chiso_app::catalogue::IndicatorInput;
use chiso_store::testing::TestDb;
use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::HashMap;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../fixtures/dhis2/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Sends a file to the import endpoint.
async fn import(s: &Server, token: &str, query: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let r = client()
        .post(s.url(&format!("/api/v1/data-values/import?{query}")))
        .bearer_auth(token)
        .body(body)
        .send()
        .await
        .unwrap();
    let st = r.status();
    let text = r.text().await.unwrap();
    (
        st,
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}")),
    )
}

async fn export(s: &Server, token: &str, query: &str) -> Vec<u8> {
    let r = client()
        .get(s.url(&format!("/api/v1/data-values/export?{query}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.bytes().await.unwrap().to_vec()
}

async fn put_mappings(s: &Server, token: &str, rows: Value) {
    let r = client()
        .put(s.url("/api/v1/mappings"))
        .bearer_auth(token)
        .json(&rows)
        .send()
        .await
        .unwrap();
    let st = r.status();
    let body: Value = r.json().await.unwrap();
    assert_eq!(st, 200, "{body}");
}

/// Every stored value as (indicator, unit, period) → (value, comment).
async fn stored(
    s: &Server,
    token: &str,
) -> HashMap<(String, String, String), (f64, Option<String>)> {
    let r = client()
        .get(s.url("/api/v1/data-values?per_page=1000"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                (
                    v["indicator"].as_str().unwrap().to_string(),
                    v["org_unit"].as_str().unwrap().to_string(),
                    v["period"].as_str().unwrap().to_string(),
                ),
                (
                    v["value"].as_f64().unwrap(),
                    v["comment"].as_str().map(str::to_string),
                ),
            )
        })
        .collect()
}

async fn indicator(s: &Server, code: &str, freq: &str, value_type: &str) {
    let admin = s
        .app
        .principal_for_username("admin")
        .await
        .unwrap()
        .unwrap();
    let input: IndicatorInput =
        serde_json::from_value(indicator_json(code, freq, value_type)).unwrap();
    s.app.create_indicator(&admin, &input).await.unwrap();
}

fn counts(report: &Value) -> (u64, u64, u64, u64, u64) {
    let n = |k: &str| {
        report[k]
            .as_u64()
            .unwrap_or_else(|| panic!("{k} in {report}"))
    };
    (
        n("read"),
        n("new"),
        n("updated"),
        n("unchanged"),
        n("rejected"),
    )
}

async fn dhis2_csv_imports_and_round_trips(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    for code in ["MEASLES", "DYSENTERY", "CHOLERA"] {
        indicator(&s, code, "month", "integer").await;
    }
    put_mappings(
        &s,
        &admin,
        json!([
            {"scheme": "dhis2", "kind": "indicator", "external": "f7n9E0hX8qk", "target": "MEASLES"},
            {"scheme": "dhis2", "kind": "indicator", "external": "Ix2HsbDMLea", "target": "DYSENTERY"},
            {"scheme": "dhis2", "kind": "indicator", "external": "eY5ehpbEsB7", "target": "CHOLERA"},
            {"scheme": "dhis2", "kind": "org_unit", "external": "DiszpKrYNg8", "target": "ROOT.C1"},
            {"scheme": "dhis2", "kind": "org_unit", "external": "BdfsJfj87js", "target": "ROOT.C2"},
        ]),
    )
    .await;
    let file = fixture("dataValueSetB.csv");
    // A dry run writes nothing.
    let (st, r) = import(
        &s,
        &admin,
        "name=dataValueSetB.csv&dry_run=true",
        file.clone(),
    )
    .await;
    assert_eq!((st, counts(&r)), (StatusCode::OK, (12, 12, 0, 0, 0)), "{r}");
    assert_eq!(r["written"], false);
    assert!(stored(&s, &admin).await.is_empty());
    let (st, r) = import(&s, &admin, "name=dataValueSetB.csv", file.clone()).await;
    assert_eq!((st, counts(&r)), (StatusCode::OK, (12, 12, 0, 0, 0)), "{r}");
    assert_eq!(r["written"], true);
    let values = stored(&s, &admin).await;
    assert_eq!(values.len(), 12);
    let key = |i: &str, u: &str, p: &str| (i.to_string(), u.to_string(), p.to_string());
    assert_eq!(values[&key("MEASLES", "ROOT.C1", "2012-01")].0, 10001.0);
    assert_eq!(values[&key("MEASLES", "ROOT.C2", "2012-02")].0, 10004.0);
    assert_eq!(values[&key("DYSENTERY", "ROOT.C1", "2012-01")].0, 10005.0);
    assert_eq!(
        values[&key("CHOLERA", "ROOT.C2", "2012-02")],
        (10012.0, Some("comment".to_string()))
    );
    // The same file again changes nothing.
    let (st, r) = import(&s, &admin, "name=dataValueSetB.csv", file).await;
    assert_eq!((st, counts(&r)), (StatusCode::OK, (12, 0, 0, 12, 0)), "{r}");
    // Export with DHIS2 identifiers, then import that file: identical.
    for format in ["dhis2-csv", "dhis2-json", "adx", "csv"] {
        let out = export(&s, &admin, &format!("format={format}")).await;
        let text = String::from_utf8(out.clone()).unwrap();
        if format == "csv" {
            assert!(
                text.contains("MEASLES,ROOT.C1,2012-01,10001,comment"),
                "{text}"
            );
        } else {
            assert!(
                text.contains("f7n9E0hX8qk") && text.contains("DiszpKrYNg8"),
                "{text}"
            );
        }
        if format != "adx" && format != "csv" {
            assert!(
                text.contains("201201"),
                "{format}: DHIS2 month codes\n{text}"
            );
        }
        let (st, r) = import(&s, &admin, &format!("format={format}"), out).await;
        assert_eq!(
            (st, counts(&r)),
            (StatusCode::OK, (12, 0, 0, 12, 0)),
            "{format}: {r}"
        );
    }
    assert_eq!(stored(&s, &admin).await, values);
}

async fn adx_imports_nine_values(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    for (code, freq) in [
        ("MAL_F_U5", "month"),
        ("MAL_M_U5", "month"),
        ("MAL_F_O5", "month"),
        ("MAL_M_O5", "month"),
        ("MAL_TEXT", "month"),
        ("MAL_F_U5_PEPFAR", "quarter"),
        ("MAL_F_O5_MCD", "quarter"),
        ("MAL_M_U5_MCD", "quarter"),
    ] {
        indicator(&s, code, freq, "number").await;
    }
    let f_u5 = "Age_category=under555555,Sex_category=FFFFFFFFFFF";
    let m_u5 = "Age_category=under555555,Sex_category=MMMMMMMMMMM";
    let f_o5 = "Age_category=over5555555,Sex_category=FFFFFFFFFFF";
    let map = |external: &str, dis: String, target: &str| {
        json!({"scheme": "dhis2", "kind": "indicator", "external": external,
               "disaggregation": dis, "target": target})
    };
    put_mappings(
        &s,
        &admin,
        json!([
            map("Malaria numeric", f_u5.into(), "MAL_F_U5"),
            map("Malaria numeric", m_u5.into(), "MAL_M_U5"),
            map("Malaria numeric", "FOver555555".into(), "MAL_F_O5"),
            map("Malaria numeric", "MOver555555".into(), "MAL_M_O5"),
            map("Malaria text", String::new(), "MAL_TEXT"),
            map("Malaria numeric", format!("{f_u5}|Mechanism_category=PEPFARRRRRR"), "MAL_F_U5_PEPFAR"),
            map("Malaria numeric", format!("{f_o5}|Mechanism_category=McDonaldsss"), "MAL_F_O5_MCD"),
            map("Malaria numeric", format!("{m_u5}|cocMcDonald"), "MAL_M_U5_MCD"),
            {"scheme": "dhis2", "kind": "org_unit", "external": "123", "target": "ROOT.C1"},
            {"scheme": "dhis2", "kind": "org_unit", "external": "456", "target": "ROOT.C2"},
        ]),
    )
    .await;
    let (st, r) = import(
        &s,
        &admin,
        "name=importA.adx.xml",
        fixture("importA.adx.xml"),
    )
    .await;
    assert_eq!((st, counts(&r)), (StatusCode::OK, (9, 9, 0, 0, 0)), "{r}");
    assert_eq!(r["format"], "adx");
    let values = stored(&s, &admin).await;
    let got =
        |i: &str, u: &str, p: &str| values[&(i.to_string(), u.to_string(), p.to_string())].clone();
    assert_eq!(got("MAL_F_U5", "ROOT.C1", "2020-01").0, 1.0);
    assert_eq!(got("MAL_M_U5", "ROOT.C1", "2020-01").0, 2.0);
    assert_eq!(got("MAL_F_O5", "ROOT.C1", "2020-01").0, 3.0);
    assert_eq!(got("MAL_M_O5", "ROOT.C1", "2020-01").0, 4.0);
    // Chiso's values are numbers: the text travels in the annotation, kept as the comment.
    assert_eq!(
        got("MAL_TEXT", "ROOT.C1", "2020-01"),
        (0.0, Some("Text data value".into()))
    );
    assert_eq!(got("MAL_F_U5", "ROOT.C2", "2020-02").0, 6.0);
    assert_eq!(got("MAL_F_U5_PEPFAR", "ROOT.C2", "2021Q1").0, 10.0);
    assert_eq!(got("MAL_F_O5_MCD", "ROOT.C2", "2021Q1").0, 20.0);
    assert_eq!(got("MAL_M_U5_MCD", "ROOT.C2", "2021Q1").0, 30.0);
    assert_eq!(values.len(), 9);
    // Exported as ADX with the same disaggregations, it imports again identically.
    let out = export(&s, &admin, "format=adx").await;
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.contains("period=\"2021-01-01/P3M\""), "{text}");
    assert!(
        text.contains("Mechanism_category=\"PEPFARRRRRR\""),
        "{text}"
    );
    let (st, r) = import(&s, &admin, "format=adx", out).await;
    assert_eq!((st, counts(&r)), (StatusCode::OK, (9, 0, 0, 9, 0)), "{r}");
    // An unmapped disaggregation is named.
    let bad = br#"<adx xmlns="urn:ihe:qrph:adx:2015"><group period="2020-03-01/P1M" orgUnit="123">
<dataValue dataElement="Malaria numeric" Sex_category="XX" value="5"/></group></adx>"#;
    let (st, r) = import(&s, &admin, "format=adx", bad.to_vec()).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r["problems"][0]["code"], "import.unmapped");
    assert_eq!(r["problems"][0]["line"], 2);
    assert!(
        r["problems"][0]["message_en"]
            .as_str()
            .unwrap()
            .starts_with(
                "Line 2: The data element “Malaria numeric” with disaggregation “Sex_category=XX”"
            ),
        "{r}"
    );
}

async fn dhis2_json_bulk_with_its_metadata(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    // The indicators and unit the DHIS2 metadata describes. Chiso's indicators are not
    // disaggregated: each data element × category option combo in the file becomes one
    // indicator (the element's uid, then `_` and the combo's uid unless it is the default
    // combo), mapped as data; the package's default combo is declared as such.
    let meta: Value = serde_json::from_slice(&fixture("e2e-aggregate/metadata.json")).unwrap();
    let mut yearly = std::collections::HashSet::new();
    for ds in meta["dataSets"].as_array().unwrap() {
        if ds["periodType"] == "Yearly" {
            for e in ds["dataSetElements"].as_array().unwrap() {
                yearly.insert(e["dataElement"]["id"].as_str().unwrap().to_string());
            }
        }
    }
    let boolean: std::collections::HashSet<String> = meta["dataElements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["valueType"] == "BOOLEAN")
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    let file = fixture("e2e-aggregate/dataValues_bulk.json");
    let original: Value = serde_json::from_slice(&file).unwrap();
    let mut pairs = std::collections::BTreeSet::new();
    for v in original["dataValues"].as_array().unwrap() {
        pairs.insert((
            v["dataElement"].as_str().unwrap().to_string(),
            v["categoryOptionCombo"].as_str().unwrap().to_string(),
        ));
    }
    let code_of = |de: &str, coc: &str| {
        if coc == "HllvX50cXC0" {
            de.to_string()
        } else {
            format!("{de}_{coc}")
        }
    };
    let mut mappings = vec![
        json!({"scheme": "dhis2", "kind": "org_unit", "external": "O6uvpzGd5pu", "target": "ROOT.C1"}),
        json!({"scheme": "dhis2", "kind": "default_combo", "external": "HllvX50cXC0"}),
    ];
    for (de, coc) in &pairs {
        let vt = if boolean.contains(de) {
            "boolean"
        } else {
            "integer"
        };
        let freq = if yearly.contains(de) { "year" } else { "month" };
        let code = code_of(de, coc);
        indicator(&s, &code, freq, vt).await;
        if coc != "HllvX50cXC0" {
            mappings.push(
                json!({"scheme": "dhis2", "kind": "indicator", "external": de,
                                 "disaggregation": coc, "target": code}),
            );
        }
    }
    let setup: Value = serde_json::from_slice(&fixture("e2e-setup/metadata.json")).unwrap();
    let bo = setup["organisationUnits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "O6uvpzGd5pu")
        .unwrap();
    assert_eq!(bo["name"], "Bo");
    put_mappings(&s, &admin, Value::Array(mappings)).await;
    let (st, r) = import(&s, &admin, "name=dataValues_bulk.json", file.clone()).await;
    assert_eq!(
        (st, counts(&r)),
        (StatusCode::OK, (231, 231, 0, 0, 0)),
        "{r}"
    );
    let values = stored(&s, &admin).await;
    assert_eq!(values.len(), 231);
    assert_eq!(values.keys().filter(|k| k.2 == "2019-12").count(), 222);
    assert_eq!(values.keys().filter(|k| k.2 == "2018").count(), 9);
    // Every value of the file is stored as written (booleans as 1/0).
    for v in original["dataValues"].as_array().unwrap() {
        let period = chiso_core::period::Period::parse(v["period"].as_str().unwrap()).unwrap();
        let key = (
            code_of(
                v["dataElement"].as_str().unwrap(),
                v["categoryOptionCombo"].as_str().unwrap(),
            ),
            "ROOT.C1".to_string(),
            period.to_string(),
        );
        let want = match v["value"].as_str().unwrap() {
            "true" => 1.0,
            "false" => 0.0,
            n => n.parse::<f64>().unwrap(),
        };
        assert_eq!(values[&key].0, want, "{key:?}");
    }
    // Exported as DHIS2 JSON it imports again identically.
    let out = export(&s, &admin, "format=dhis2-json").await;
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(
        text.contains("\"orgUnit\":\"O6uvpzGd5pu\""),
        "{}",
        &text[..300]
    );
    let (st, r) = import(&s, &admin, "format=dhis2-json", out).await;
    assert_eq!(
        (st, counts(&r)),
        (StatusCode::OK, (231, 0, 0, 231, 0)),
        "{r}"
    );
    // Without the default combo declared, the file's values are not recognised.
    let (st, r) = import(&s, &admin, "scheme=other", file).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r["written"], false);
}

async fn ten_thousand_rows_with_three_bad_change_nothing(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    indicator(&s, "DAILY", "day", "integer").await;
    let start_day = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
    let mut csv = String::from("indicator,org_unit,period,value\n");
    for i in 0..10_000u32 {
        let day = start_day + chrono::Days::new(u64::from(i));
        let (unit, period, value) = match i {
            1234 => ("NOPE".to_string(), day.to_string(), i.to_string()),
            5000 => ("ROOT.C1".to_string(), day.to_string(), "abc".to_string()),
            9998 => ("ROOT.C1".to_string(), "2017-03".to_string(), i.to_string()),
            _ => ("ROOT.C1".to_string(), day.to_string(), i.to_string()),
        };
        csv.push_str(&format!("DAILY,{unit},{period},{value}\n"));
    }
    let (st, r) = import(&s, &admin, "format=csv", csv.clone().into_bytes()).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(counts(&r), (10_000, 9_997, 0, 0, 3));
    assert_eq!(r["written"], false);
    let problems: Vec<(u64, &str, &str)> = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap(),
                p["code"].as_str().unwrap(),
                p["field"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        vec![
            (1236, "org.unknown", "org_unit"),
            (5002, "value.not_number", "value"),
            (10000, "value.wrong_frequency", "period"),
        ]
    );
    assert_eq!(
        r["problems"][0]["message"],
        "Dòng 1236: Không có đơn vị mã «NOPE»"
    );
    assert!(stored(&s, &admin).await.is_empty(), "nothing half-written");
    // With the three rows fixed, everything is saved; the same file again changes nothing
    // and adds nothing to the audit trail.
    let fixed = csv
        .replace(",NOPE,", ",ROOT.C1,")
        .replace(",abc\n", ",5000\n")
        .replace(",2017-03,", ",2030-01-01,");
    let (st, r) = import(&s, &admin, "format=csv", fixed.clone().into_bytes()).await;
    assert_eq!(
        (st, counts(&r)),
        (StatusCode::OK, (10_000, 10_000, 0, 0, 0)),
        "{r}"
    );
    let events = s.app.store().audit_events().await.unwrap().len();
    let (st, r) = import(&s, &admin, "format=csv", fixed.into_bytes()).await;
    assert_eq!(
        (st, counts(&r)),
        (StatusCode::OK, (10_000, 0, 0, 10_000, 0)),
        "{r}"
    );
    assert_eq!(s.app.store().audit_events().await.unwrap().len(), events);
    s.app.verify_audit().await.unwrap();
}

async fn bad_files_are_explained(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let problem = |r: &Value| {
        (
            r["problems"][0]["code"].as_str().unwrap_or("").to_string(),
            r["problems"][0]["line"].as_u64(),
        )
    };
    // Legacy code page: "Hòa" in Windows-1258.
    let (st, r) = import(
        &s,
        &admin,
        "format=csv",
        b"indicator,org_unit,period,value,comment\nMONTHLY,ROOT.C1,2025-01,1,H\xF2a\n".to_vec(),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&r), ("import.not_utf8".into(), Some(2)));
    assert!(
        r["problems"][0]["message_vi"]
            .as_str()
            .unwrap()
            .contains("Windows-1258"),
        "{r}"
    );
    // A wrong delimiter.
    let (_, r) = import(
        &s,
        &admin,
        "format=csv",
        b"indicator|org_unit|period|value\nMONTHLY|ROOT.C1|2025-01|1\n".to_vec(),
    )
    .await;
    assert_eq!(problem(&r).0, "import.unknown_header");
    // A truncated JSON file.
    let json = br#"{"dataValues":[{"dataElement":"MONTHLY","period":"202501","orgUnit":"ROOT.C1","value":"1"},
{"dataElement":"MONTHLY","period":"202502","orgUnit":"ROOT.C1","val"#;
    let (_, r) = import(&s, &admin, "format=dhis2-json", json.to_vec()).await;
    assert_eq!(problem(&r), ("import.syntax".into(), Some(2)));
    assert_eq!(r["written"], false);
    // Duplicate rows with different values in one file.
    let (_, r) = import(
        &s,
        &admin,
        "format=csv",
        b"indicator,org_unit,period,value\nMONTHLY,ROOT.C1,2025-01,1\nMONTHLY,ROOT.C1,2025-01,1\nMONTHLY,ROOT.C1,2025-01,2\n"
            .to_vec(),
    )
    .await;
    assert_eq!(problem(&r), ("import.duplicate".into(), Some(4)));
    assert_eq!(counts(&r).4, 1);
    // Values outside the caller's units.
    let officer = s.token("officer", "pw-123456").await;
    let (_, r) = import(
        &s,
        &officer,
        "format=csv",
        b"indicator,org_unit,period,value\nMONTHLY,ROOT.C1,2025-01,1\nMONTHLY,ROOT.C2,2025-01,1\n"
            .to_vec(),
    )
    .await;
    assert_eq!(problem(&r), ("value.not_owner".into(), Some(3)));
    assert!(stored(&s, &admin).await.is_empty());
    // Accepting the good rows saves the officer's own.
    let (st, r) = import(
        &s,
        &officer,
        "format=csv&accept_good=true",
        b"indicator,org_unit,period,value\nMONTHLY,ROOT.C1,2025-01,1\nMONTHLY,ROOT.C2,2025-01,1\n"
            .to_vec(),
    )
    .await;
    assert_eq!(
        (st, counts(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, (2, 1, 0, 0, 1))
    );
    assert_eq!(r["written"], true);
    assert_eq!(stored(&s, &admin).await.len(), 1);
    // An unknown format name.
    let (st, r) = import(&s, &admin, "format=xml", b"<x/>".to_vec()).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r["error"]["code"], "values.bad_format");
}

async fn excel_template_fills_and_imports(db: TestDb) {
    use calamine::Reader;
    let s = start(db).await;
    let admin = small_province(&s).await;
    // The officer's template for January 2025, codes filled in.
    let officer = signed_in(&s, "officer", "pw-123456").await;
    let r = officer
        .get(s.url("/import/template.xlsx?unit=ROOT.C1&period=2025-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range("Số liệu").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][0], "Mã chỉ tiêu");
    assert_eq!(rows[0][6], "Giá trị");
    assert_eq!(&rows[1][0], "MONTHLY");
    assert_eq!((&rows[1][4][..], &rows[1][5][..]), ("ROOT.C1", "2025-01"));

    // Filled in (as a person would, in the template's columns) and imported.
    let book = |value: &dyn Fn(&mut rust_xlsxwriter::Worksheet), merge: bool| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (j, h) in [
            "Mã chỉ tiêu",
            "Tên chỉ tiêu",
            "Đơn vị tính",
            "Kỳ trước",
            "Mã đơn vị",
            "Kỳ",
            "Giá trị",
            "Ghi chú",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(0, j as u16, *h).unwrap();
        }
        ws.write_string(1, 0, "MONTHLY").unwrap();
        ws.write_string(1, 1, "Chỉ số MONTHLY").unwrap();
        ws.write_string(1, 4, "ROOT.C1").unwrap();
        ws.write_string(1, 5, "2025-01").unwrap();
        value(ws);
        ws.write_string(1, 7, "Số đã rà soát").unwrap();
        if merge {
            ws.merge_range(3, 0, 3, 1, "ghi chú chung", &rust_xlsxwriter::Format::new())
                .unwrap();
        }
        wb.save_to_buffer().unwrap()
    };
    let good = book(
        &|ws| {
            ws.write_number(1, 6, 37.0).unwrap();
        },
        false,
    );
    let officer_token = s.token("officer", "pw-123456").await;
    let (st, r) = import(&s, &officer_token, "name=mau.xlsx", good).await;
    assert_eq!((st, counts(&r)), (StatusCode::OK, (1, 1, 0, 0, 0)), "{r}");
    assert_eq!(r["format"], "xlsx");
    let values = stored(&s, &admin).await;
    assert_eq!(
        values[&(
            "MONTHLY".to_string(),
            "ROOT.C1".to_string(),
            "2025-01".to_string()
        )],
        (37.0, Some("Số đã rà soát".to_string()))
    );
    // A formula in the value cell, and merged cells, are refused with their addresses.
    let formula = book(
        &|ws| {
            ws.write_formula(1, 6, "=30+7").unwrap();
        },
        false,
    );
    let (st, r) = import(&s, &officer_token, "format=xlsx", formula).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r["problems"][0]["code"], "import.formula_cell", "{r}");
    assert_eq!(r["problems"][0]["line"], 2);
    assert!(
        r["problems"][0]["message_en"]
            .as_str()
            .unwrap()
            .contains("Cell G2 holds a formula"),
        "{r}"
    );
    let merged = book(
        &|ws| {
            ws.write_number(1, 6, 38.0).unwrap();
        },
        true,
    );
    let (st, r) = import(&s, &officer_token, "format=xlsx", merged).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r["problems"][0]["code"], "import.merged_cells", "{r}");
    assert!(
        r["problems"][0]["message_en"]
            .as_str()
            .unwrap()
            .contains("A4:B4"),
        "{r}"
    );
    assert_eq!(stored(&s, &admin).await.len(), 1, "nothing else written");
}

async fn imported_values_are_cross_checked(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    indicator(&s, "PART", "month", "integer").await;
    let who = s
        .app
        .principal_for_username("admin")
        .await
        .unwrap()
        .unwrap();
    let rule: chiso_core::validation::ValidationRule = serde_json::from_value(json!({
        "code": "VR_PART", "name_vi": "Phần không vượt tổng", "name_en": "Part within total",
        "formula": "#{PART} <= #{MONTHLY}", "frequency": "month", "importance": "high",
        "message_vi": "Phần lớn hơn tổng", "message_en": "Part exceeds total"
    }))
    .unwrap();
    s.app.set_validation_rules(&who, &[rule]).await.unwrap();
    // The total is already stored; the file brings a part larger than it, and a good pair.
    let csv = "indicator,org_unit,period,value\nMONTHLY,ROOT.C1,2025-01,10\n";
    let (st, _) = import(&s, &admin, "format=csv", csv.as_bytes().to_vec()).await;
    assert_eq!(st, StatusCode::OK);
    let csv = "indicator,org_unit,period,value\nPART,ROOT.C1,2025-01,20\n\
               MONTHLY,ROOT.C2,2025-01,10\nPART,ROOT.C2,2025-01,4\n";
    let (st, r) = import(&s, &admin, "format=csv", csv.as_bytes().to_vec()).await;
    assert_eq!((st, counts(&r)), (StatusCode::OK, (3, 3, 0, 0, 0)), "{r}");
    let warnings = r["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{r}");
    assert_eq!(
        warnings[0]["message_en"],
        "Warning: rule VR_PART fails for ROOT.C1, 2025-01 (MONTHLY = 10, PART = 20)"
    );
}

/// Unusual values in a file are warnings (they do not stop the import): a value far from its
/// unit's last periods, and a rate far from its peers' (communes of the same province).
async fn unusual_values_are_flagged_at_import(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let who = s
        .app
        .principal_for_username("admin")
        .await
        .unwrap()
        .unwrap();
    for n in 3..=7 {
        let input: chiso_app::org::OrgUnitInput = serde_json::from_value(json!({
            "code": format!("ROOT.C{n}"), "name_vi": format!("Xã số {n}"),
            "name_en": format!("Commune {n}"), "parent": "ROOT", "kind": "locality"
        }))
        .unwrap();
        s.app.create_org_unit(&who, &input).await.unwrap();
    }
    let mut rate = indicator_json("RATE", "year", "percent");
    rate["aggregation_tree"] = json!("average");
    let input: IndicatorInput = serde_json::from_value(rate).unwrap();
    s.app.create_indicator(&who, &input).await.unwrap();
    // Six months of history, then a slip (400 for about 42).
    let mut csv = String::from("indicator,org_unit,period,value\n");
    for (m, v) in [40, 41, 42, 43, 44, 45].iter().enumerate() {
        csv.push_str(&format!("MONTHLY,ROOT.C1,2025-0{},{v}\n", m + 1));
    }
    let (st, r) = import(&s, &admin, "format=csv", csv.into_bytes()).await;
    assert_eq!(st, StatusCode::OK, "{r}");
    assert!(r["warnings"].as_array().unwrap().is_empty(), "{r}");
    let mut csv = String::from("indicator,org_unit,period,value\nMONTHLY,ROOT.C1,2025-07,400\n");
    for (n, v) in [
        (1, "90"),
        (2, "91"),
        (3, "89"),
        (4, "92"),
        (5, "90.5"),
        (6, "88"),
        (7, "30"),
    ] {
        csv.push_str(&format!("RATE,ROOT.C{n},2025,{v}\n"));
    }
    let (st, r) = import(&s, &admin, "format=csv", csv.into_bytes()).await;
    assert_eq!((st, counts(&r)), (StatusCode::OK, (8, 8, 0, 0, 0)), "{r}");
    let warnings: Vec<(u64, &str)> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["row"].as_u64().unwrap(),
                w["message_en"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        warnings,
        vec![
            (
                0,
                "Warning: MONTHLY of ROOT.C1, 2025-07 = 400 is unusual against the median 42.5 of the last 6 periods"
            ),
            (
                7,
                "Warning: RATE of ROOT.C7, 2025 = 30 is unusual against the median 90.25 of 6 peer units"
            ),
        ],
        "{r}"
    );
}

/// An API upload can run in the background: 202 with the job's address, whose progress and
/// then report the caller reads; another user cannot see it.
async fn background_import_through_the_api(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let mut csv = String::from("indicator,org_unit,period,value\n");
    for m in 1..=12 {
        csv.push_str(&format!("MONTHLY,ROOT.C1,2025-{m:02},{}\n", 40 + m));
    }
    csv.push_str("MONTHLY,ROOT.C1,2025-13,1\n");
    let r = client()
        .post(s.url("/api/v1/data-values/import?format=csv&background=true&name=a.csv"))
        .bearer_auth(&admin)
        .body(csv.clone().into_bytes())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let job: Value = r.json().await.unwrap();
    assert_eq!(job["url"], location.as_str());
    assert_eq!(job["file_name"], "a.csv");
    assert_eq!(job["total_bytes"], csv.len() as u64);
    let mut done = Value::Null;
    for _ in 0..200 {
        let j: Value = client()
            .get(s.url(&location))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if j["state"] != "running" {
            done = j;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(done["state"], "done", "{done}");
    assert_eq!(done["records"], 13);
    let report = &done["report"];
    // Twelve good records would be new, but the bad one keeps the whole file out.
    assert_eq!(counts(report), (13, 12, 0, 0, 1), "{report}");
    assert_eq!(report["written"], false, "all or nothing: {report}");
    assert_eq!(report["problems"][0]["field"], "period");
    // The job is its owner's.
    let other = s.token("officer", "pw-123456").await;
    let r = client()
        .get(s.url(&location))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Without `background` the same body is imported at once (streamed to disk first).
    let fixed: String = csv
        .lines()
        .filter(|l| !l.contains("2025-13"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (st, r) = import(&s, &admin, "format=csv", fixed.into_bytes()).await;
    assert_eq!((st, counts(&r)), (StatusCode::OK, (12, 12, 0, 0, 0)), "{r}");
}

chiso_store::both_backends!(
    background_import_through_the_api,
    unusual_values_are_flagged_at_import,
    imported_values_are_cross_checked,
    excel_template_fills_and_imports,
    dhis2_csv_imports_and_round_trips,
    adx_imports_nine_values,
    dhis2_json_bulk_with_its_metadata,
    ten_thousand_rows_with_three_bad_change_nothing,
    bad_files_are_explained,
);
