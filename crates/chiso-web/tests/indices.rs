//! Composite indices over HTTP, on SQLite and PostgreSQL: the published PCI sub-indices of
//! 2015 and 2016 imported through the API reproduce the published totals and ranks; a
//! province's profile explains its rank change with shares that add up to the change; a
//! province's own criteria-scored index is defined, scored and annotated; bad files and
//! documents are refused with what is wrong, and change nothing.
#![allow(clippy::unwrap_used)]

mod common;

use chiso_store::testing::TestDb;
use common::*;
use serde_json::{Value, json};
use std::collections::HashMap;

const PCI_LEAVES: [&str; 10] = [
    "entry_costs",
    "land_access",
    "transparency",
    "time_costs",
    "informal_charges",
    "policy_bias",
    "proactivity",
    "business_support",
    "labor_training",
    "legal_institutions",
];

fn fixture(name: &str) -> String {
    let path = format!("{}/../../fixtures/pci/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The CSV of one year's sub-indices (`unit` + the 2013 methodology's components) and the
/// published totals by province.
fn pci_year(year: i32) -> (String, HashMap<String, f64>) {
    let text = fixture("pci_2005_2016_subindices.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let mut csv = format!("unit,{}\n", PCI_LEAVES.join(","));
    let mut published = HashMap::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if f[0] != year.to_string() {
            continue;
        }
        let cells: Vec<&str> = PCI_LEAVES.iter().map(|c| f[col(c)]).collect();
        csv.push_str(&format!("{},{}\n", f[1], cells.join(",")));
        published.insert(f[1].to_owned(), f[col("pci_published")].parse().unwrap());
    }
    (csv, published)
}

/// Published ranks by province for a year.
fn published_ranks(year: i32) -> HashMap<String, usize> {
    let text = fixture("pci_published_ranks_2007_2010-2016.csv");
    text.lines()
        .skip(1)
        .filter(|l| l.starts_with(&format!("{year},")))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[1].to_owned(), f[4].parse().unwrap())
        })
        .collect()
}

async fn post_scores(
    s: &Server,
    token: &str,
    index: &str,
    year: i32,
    csv: &str,
) -> reqwest::Response {
    client()
        .post(s.url(&format!("/api/v1/indices/{index}/{year}/scores")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap()
}

async fn get_json(s: &Server, token: &str, path: &str) -> (u16, Value) {
    let r = client()
        .get(s.url(path))
        .bearer_auth(token)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn published_pci_reproduced_and_explained(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    for year in [2015, 2016] {
        let (csv, _) = pci_year(year);
        let r = post_scores(&s, &admin, "PCI", year, &csv).await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["units"], 63);
    }

    // The ranking reproduces the published totals (1e-5) and ranks (exact).
    let (status, r) = get_json(&s, &admin, "/api/v1/indices/PCI/2016").await;
    assert_eq!(status, 200, "{r}");
    let (_, published) = pci_year(2016);
    let ranks = published_ranks(2016);
    assert_eq!(r["ranked"], 63);
    assert_eq!(r["ranked_of"], 63);
    assert_eq!(r["previous_year"], 2015);
    assert_eq!(r["derived"], false);
    let rows = r["rows"].as_array().unwrap();
    assert_eq!(rows[0]["unit"], "Da Nang");
    for row in rows {
        let unit = row["unit"].as_str().unwrap();
        let score = row["score"].as_f64().unwrap();
        assert!((score - published[unit]).abs() < 1e-5, "{unit}: {score}");
        assert_eq!(
            row["rank"].as_u64().unwrap() as usize,
            ranks[unit],
            "{unit}"
        );
        assert_eq!(row["history"].as_array().unwrap().len(), 2);
    }

    // A province that moved: the shares add up to the change, and the headline names it.
    let moved = rows
        .iter()
        .find(|r| {
            r["previous_rank"]
                .as_u64()
                .zip(r["rank"].as_u64())
                .is_some_and(|(p, c)| c >= p + 5)
        })
        .expect("a province fell five places or more from 2015 to 2016");
    let unit = moved["unit"].as_str().unwrap();
    let (status, p) = get_json(
        &s,
        &admin,
        &format!(
            "/api/v1/indices/PCI/2016/units/{}?peer=Da%20Nang",
            unit.replace(' ', "%20")
        ),
    )
    .await;
    assert_eq!(status, 200, "{p}");
    let change = &p["change"];
    let total = change["change"].as_f64().unwrap();
    let shares: f64 = change["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["contribution"].as_f64().unwrap())
        .sum();
    assert!((shares - total).abs() < 1e-9, "{shares} vs {total}");
    assert!(change["unexplained"].as_f64().unwrap().abs() < 1e-9);
    let places = moved["rank"].as_u64().unwrap() - moved["previous_rank"].as_u64().unwrap();
    assert_eq!(change["rank_change"].as_i64().unwrap(), -(places as i64));
    let headline = p["headline"].as_str().unwrap();
    assert!(
        headline.starts_with(&format!("Down {places} places")),
        "{headline}"
    );
    assert!(headline.contains("points from"), "{headline}");
    let gap = &p["gaps"][0];
    assert_eq!(gap["code"], "PCI");
    assert_eq!(gap["best_unit"], "Da Nang");
    assert!((gap["peer"].as_f64().unwrap() - published["Da Nang"]).abs() < 1e-5);
    // PCI is a weighted mean of scores, not points: nothing is "lost".
    assert_eq!(p["lost"].as_array().unwrap().len(), 0);

    // Sensitivity: every ranked province has an interval around its median.
    let (status, sens) = get_json(&s, &admin, "/api/v1/indices/PCI/2016/sensitivity").await;
    assert_eq!(status, 200, "{sens}");
    assert!(sens["runs"].as_u64().unwrap() >= 1000);
    let factors: Vec<&str> = sens["factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["factor"].as_str().unwrap())
        .collect();
    assert!(
        factors.contains(&"weights") && factors.contains(&"aggregation"),
        "{factors:?}"
    );
    for u in sens["units"].as_array().unwrap() {
        let (lo, med, hi) = (
            u["q05"].as_f64().unwrap(),
            u["median"].as_f64().unwrap(),
            u["q95"].as_f64().unwrap(),
        );
        assert!(lo <= med && med <= hi, "{u}");
    }

    // The pages, and their Excel downloads.
    let leader = signed_in(&s, "leader", "pw-123456").await;
    let html = leader
        .get(s.url("/indices/PCI/2016"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("id=\"ranking-table\""), "{html}");
    assert!(html.contains("data-unit=\"Da Nang\""));
    assert!(html.contains("id=\"sensitivity\""));
    let page = leader
        .get(s.url(&format!("/indices/PCI/2016/units/{unit}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("Giảm {places} bậc")), "{page}");
    assert!(page.contains("id=\"waterfall\""));
    for path in [
        "/indices/PCI/2016/export.xlsx".to_owned(),
        format!("/indices/PCI/2016/units/{unit}/export.xlsx"),
    ] {
        let r = leader.get(s.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let bytes = r.bytes().await.unwrap();
        assert_eq!(&bytes[..2], b"PK", "{path} is an xlsx (zip) file");
    }
    let (status, list) = get_json(&s, &admin, "/api/v1/indices").await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["code"], "PCI");
    assert_eq!(list[0]["years"].as_array().unwrap().len(), 2);
}

async fn bad_files_and_documents_change_nothing(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let (csv, _) = pci_year(2016);
    assert_eq!(
        post_scores(&s, &admin, "PCI", 2016, &csv).await.status(),
        200
    );

    // A file that lacks components: refused, naming them; the stored year is intact.
    let r = post_scores(
        &s,
        &admin,
        "PCI",
        2016,
        "unit,entry_costs,colour\nHa Noi,5,7\n",
    )
    .await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "index.invalid");
    let msg = body["error"]["message"].as_str().unwrap();
    assert!(msg.contains("land_access"), "{msg}");
    let r = post_scores(
        &s,
        &admin,
        "PCI",
        2016,
        &format!(
            "unit,{}\nHa Noi,x,1,1,1,1,1,1,1,1,1\n",
            PCI_LEAVES.join(",")
        ),
    )
    .await;
    let body: Value = r.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("line 2, column entry_costs"),
        "{body}"
    );
    let (_, r) = get_json(&s, &admin, "/api/v1/indices/PCI/2016").await;
    assert_eq!(r["ranked"], 63);
    // No methodology for the year; not a year; not an administrator.
    let r = post_scores(&s, &admin, "PCI", 2004, &csv).await;
    assert_eq!(r.status(), 404);
    let (status, body) = get_json(&s, &admin, "/api/v1/indices/PCI/20x6").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "index.bad_year");
    let leader = s.token("leader", "pw-123456").await;
    assert_eq!(
        post_scores(&s, &leader, "PCI", 2016, &csv).await.status(),
        403
    );

    // A province's own criteria-scored index: a bad method is named; then defined, scored,
    // ranked, and a lost point annotated.
    let mut doc = json!({
        "index": "OWN", "version": "2025", "from_year": 2025, "to_year": null,
        "name_vi": "Chỉ số riêng", "name_en": "Own index", "publisher": "Tỉnh",
        "unit_vi": "điểm", "unit_en": "points", "max": 20.0, "method": "median",
        "source": "test",
        "nodes": [
            {"code": "A", "name_vi": "Lĩnh vực A", "name_en": "Area A", "max": 10.0},
            {"code": "A1", "parent": "A", "name_vi": "Tiêu chí A1", "name_en": "A1", "max": 6.0},
            {"code": "A2", "parent": "A", "name_vi": "Tiêu chí A2", "name_en": "A2", "max": 4.0},
            {"code": "B", "name_vi": "Lĩnh vực B", "name_en": "Area B", "max": 10.0}
        ]
    });
    let put = |doc: Value| {
        let s = &s;
        let admin = admin.clone();
        async move {
            client()
                .put(s.url("/api/v1/indices/methodologies"))
                .bearer_auth(&admin)
                .json(&doc)
                .send()
                .await
                .unwrap()
        }
    };
    let r = put(doc.clone()).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("median"),
        "{body}"
    );
    doc["method"] = "sum".into();
    assert_eq!(put(doc).await.status(), 200);
    let r = post_scores(
        &s,
        &admin,
        "OWN",
        2025,
        "unit,A1,A2,B\nROOT.C1,5,4,9\nROOT.C2,6,2.5,9.5\n",
    )
    .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let r = client()
        .put(s.url("/api/v1/indices/OWN/2025/notes"))
        .bearer_auth(&admin)
        .json(
            &json!({"unit": "ROOT.C2", "component": "A2", "owner_unit": "Văn phòng UBND xã",
                      "owner_person": "Nguyễn Văn A", "root_cause": "Chậm báo cáo",
                      "action": "Báo cáo đúng hạn từ quý I"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = client()
        .put(s.url("/api/v1/indices/OWN/2025/notes"))
        .bearer_auth(&admin)
        .json(&json!({"unit": "ROOT.C2", "component": "Z9"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let (_, r) = get_json(&s, &admin, "/api/v1/indices/OWN/2025").await;
    assert_eq!(r["rows"][0]["unit"], "ROOT.C2");
    assert_eq!(r["rows"][0]["score"], 18.0);
    assert_eq!(r["rows"][0]["name_vi"], "Phường Tây Sơn");
    let (_, p) = get_json(&s, &admin, "/api/v1/indices/OWN/2025/units/ROOT.C2").await;
    let lost = p["lost"].as_array().unwrap();
    assert_eq!(lost[0]["code"], "A2");
    assert_eq!(lost[0]["lost"], 1.5);
    assert_eq!(lost[0]["owner_person"], "Nguyễn Văn A");
    assert_eq!(p["headline"], "No previous year to compare with.");
}

/// An index computed from the communes' own indicators: no scores are imported; its ranks
/// follow the data the moment a value changes.
async fn computed_from_indicators_and_always_fresh(db: TestDb) {
    let s = start(db).await;
    let admin = small_province(&s).await;
    let doc = json!({
        "index": "LIVE", "version": "2025", "from_year": 2025, "to_year": 2025,
        "name_vi": "Chỉ số trực tiếp", "name_en": "Live index", "publisher": "Tỉnh",
        "unit_vi": "điểm", "unit_en": "points", "max": 100.0, "method": "arithmetic_mean",
        "normalise": {"default": {"method": "min_max", "lower": 0.0, "upper": 100.0}},
        "peers": {"kind": "locality"},
        "source": "test",
        "nodes": [
            {"code": "m", "name_vi": "Hồ sơ", "name_en": "Dossiers", "indicator": "MONTHLY"},
            {"code": "y", "name_vi": "Tỷ lệ", "name_en": "Rate", "indicator": "YEARLY",
             "direction": -1.0}
        ]
    });
    let r = client()
        .put(s.url("/api/v1/indices/methodologies"))
        .bearer_auth(&admin)
        .json(&doc)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    // Half the components named: refused.
    let mut half = doc.clone();
    half["index"] = "HALF".into();
    half["nodes"][1]["indicator"] = Value::Null;
    let r = client()
        .put(s.url("/api/v1/indices/methodologies"))
        .bearer_auth(&admin)
        .json(&half)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("all from imported scores"),
        "{body}"
    );

    let post = |values: Value| {
        let s = &s;
        let admin = admin.clone();
        async move {
            let r = client()
                .post(s.url("/api/v1/data-values"))
                .bearer_auth(&admin)
                .json(&values)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        }
    };
    post(json!([
        {"indicator": "MONTHLY", "org_unit": "ROOT.C1", "period": "2025-03", "value": 40},
        {"indicator": "MONTHLY", "org_unit": "ROOT.C2", "period": "2025-03", "value": 10},
        {"indicator": "YEARLY", "org_unit": "ROOT.C1", "period": "2025", "value": 20},
        {"indicator": "YEARLY", "org_unit": "ROOT.C2", "period": "2025", "value": 30}
    ]))
    .await;
    let (status, r) = get_json(&s, &admin, "/api/v1/indices/LIVE/2025").await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["computed"], true);
    assert_eq!(r["rows"][0]["unit"], "ROOT.C1");
    assert_eq!(r["rows"][0]["score"], 100.0);
    assert_eq!(r["rows"][1]["score"], 0.0);
    let (_, list) = get_json(&s, &admin, "/api/v1/indices").await;
    assert!(
        list.as_array().unwrap().iter().any(|i| i["code"] == "LIVE"),
        "{list}"
    );
    // A commune officer may not read the other commune's data: the list still opens,
    // without the index; its ranking is refused.
    let officer = s.token("officer", "pw-123456").await;
    let (status, list) = get_json(&s, &officer, "/api/v1/indices").await;
    assert_eq!(status, 200, "{list}");
    assert!(
        list.as_array().unwrap().iter().all(|i| i["code"] != "LIVE"),
        "{list}"
    );
    let (status, _) = get_json(&s, &officer, "/api/v1/indices/LIVE/2025").await;
    assert_eq!(status, 403);

    // C2 reports more dossiers and a lower rate: it leads at once.
    post(json!([
        {"indicator": "MONTHLY", "org_unit": "ROOT.C2", "period": "2025-04", "value": 90},
        {"indicator": "YEARLY", "org_unit": "ROOT.C2", "period": "2025", "value": 10}
    ]))
    .await;
    let (_, r) = get_json(&s, &admin, "/api/v1/indices/LIVE/2025").await;
    assert_eq!(r["rows"][0]["unit"], "ROOT.C2", "{r}");
    assert_eq!(r["rows"][0]["score"], 100.0);
}

chiso_store::both_backends!(
    published_pci_reproduced_and_explained,
    bad_files_and_documents_change_nothing,
    computed_from_indicators_and_always_fresh
);
