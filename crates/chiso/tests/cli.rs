//! The `chiso` binary as an operator uses it: migrate, demo, user add, audit verify, serve.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Output, Stdio};

fn chiso(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chiso"));
    c.current_dir(dir)
        .args(args)
        .env_remove("CHISO_DATABASE_URL")
        .env("CHISO_LOG", "warn");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn operator_commands_on_a_fresh_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();

    let o = chiso(d, &["migrate"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("migrations applied: sqlite:chiso.db"),
        "{}",
        text(&o)
    );
    assert!(
        d.join("chiso.db").exists(),
        "default database is ./chiso.db"
    );

    let o = chiso(d, &["demo"], &[("CHISO_ADMIN_PASSWORD", "given-secret")]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("demo loaded: 123 units, 184 indicators"),
        "{out}"
    );
    assert!(
        !out.contains("given-secret"),
        "a given admin password is not echoed"
    );

    // The back-test of the early warnings over the demo's task history, on a fixed day.
    let o = chiso(d, &["tasks", "backtest", "--as-of", "2026-11-30"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("NQ57.1 ") && out.contains("tasks ended:"),
        "{out}"
    );
    let line = out.lines().find(|l| l.starts_with("ended late:")).unwrap();
    assert!(
        line.contains("flagged before the deadline:") && line.contains("recall"),
        "{line}"
    );

    let o = chiso(d, &["demo"], &[]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("chỉ nạp dữ liệu mẫu vào cơ sở dữ liệu trống"),
        "{}",
        text(&o)
    );

    let o = chiso(
        d,
        &[
            "user",
            "add",
            "--username",
            "canbo",
            "--full-name",
            "Cán bộ Sở",
            "--role",
            "data_officer@TM.STC",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("password: "),
        "generated password shown once"
    );

    let o = chiso(
        d,
        &[
            "user",
            "add",
            "--username",
            "x",
            "--full-name",
            "X",
            "--role",
            "boss@TM",
        ],
        &[],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("unknown role boss"), "{}", text(&o));
    let o = chiso(
        d,
        &[
            "user",
            "add",
            "--username",
            "y",
            "--full-name",
            "Y",
            "--role",
            "viewer@NOPE",
        ],
        &[],
    );
    assert!(
        text(&o).contains("Không có đơn vị mã «NOPE»"),
        "{}",
        text(&o)
    );

    let o = chiso(d, &["audit", "verify"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("audit chain intact"), "{}", text(&o));

    // serve on a free port; /healthz answers; the home page is Vietnamese.
    let mut child = Command::new(env!("CARGO_BIN_EXE_chiso"))
        .current_dir(d)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("CHISO_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().unwrap().unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    let get = |path: &str| {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut r = String::new();
        s.read_to_string(&mut r).unwrap();
        r
    };
    assert!(get("/healthz").starts_with("HTTP/1.1 200"));
    let home = get("/");
    assert!(
        home.contains("lang=\"vi\"") && home.contains("Đăng nhập"),
        "{home}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn bench_follows_approved_values_into_the_analytics() {
    let dir = tempfile::tempdir().unwrap();
    let o = chiso(dir.path(), &["bench", "--runs", "2"], &[]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    for line in [
        "enter + approve one value",
        "province analysis (approved data only)",
        "province dashboard, this year, all data",
    ] {
        assert!(out.contains(line), "{out}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_export_and_a_tampered_audit_trail() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = chiso(d, &["demo"], &[("CHISO_ADMIN_PASSWORD", "given-secret")]);
    assert!(o.status.success(), "{}", text(&o));

    // Export the province's values of one indicator; the same file imports back unchanged.
    let o = chiso(
        d,
        &[
            "export",
            "-o",
            "out.csv",
            "--indicator",
            "PA_TTHC_ONTIME",
            "--org-unit",
            "TM",
            "--subtree",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o));
    let exported = std::fs::read_to_string(d.join("out.csv")).unwrap();
    let rows = exported.lines().count() - 1;
    assert!(rows > 100, "{exported}");
    assert!(exported.starts_with("indicator,org_unit,period,value,comment,status\n"));
    let o = chiso(d, &["import", "out.csv", "--lang", "en"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains(&format!(
            "{rows} records, 0 new, 0 updated, {rows} unchanged, 0 rejected"
        )),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("Nothing changed"), "{}", text(&o));

    // A file with a bad line: exit 1, the line named, nothing written.
    std::fs::write(
        d.join("bad.csv"),
        "indicator,org_unit,period,value\nPA_TTHC_ONTIME,TM,1999-01,50\nPA_TTHC_ONTIME,NOPE,1999-02,50\n",
    )
    .unwrap();
    let o = chiso(d, &["import", "bad.csv"], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("Dòng 3: Không có đơn vị mã «NOPE»"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("Có lỗi: không ghi gì."), "{}", text(&o));
    let o = chiso(
        d,
        &[
            "export",
            "-o",
            "-",
            "--indicator",
            "PA_TTHC_ONTIME",
            "--from",
            "1999-01",
            "--to",
            "1999-12",
        ],
        &[],
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).lines().count(),
        1,
        "only the header: {}",
        text(&o)
    );

    // The audit trail verifies; an event edited by hand in the database is named.
    let o = chiso(d, &["audit", "verify"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    let url = format!("sqlite:{}", d.join("chiso.db").display());
    let n = chiso_store::testing::execute_raw(
        &url,
        "UPDATE audit_events SET detail = '{\"forged\":true}' WHERE id = 2",
    )
    .await
    .unwrap();
    assert_eq!(n, 1);
    let o = chiso(d, &["audit", "verify"], &[]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("event 2: content does not match its hash"),
        "{}",
        text(&o)
    );
    // An event deleted by hand breaks the chain at the one after it.
    let d2 = tempfile::tempdir().unwrap();
    let o = chiso(
        d2.path(),
        &["demo"],
        &[("CHISO_ADMIN_PASSWORD", "given-secret")],
    );
    assert!(o.status.success(), "{}", text(&o));
    let url = format!("sqlite:{}", d2.path().join("chiso.db").display());
    chiso_store::testing::execute_raw(&url, "DELETE FROM audit_events WHERE id = 2")
        .await
        .unwrap();
    let o = chiso(d2.path(), &["audit", "verify"], &[]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("event 3: previous hash does not match"),
        "{}",
        text(&o)
    );
    // Deleting the newest events leaves a consistent chain; only an anchor kept outside
    // the database catches it.
    let d3 = tempfile::tempdir().unwrap();
    let o = chiso(
        d3.path(),
        &["demo"],
        &[("CHISO_ADMIN_PASSWORD", "given-secret")],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = chiso(d3.path(), &["audit", "anchor"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    let anchor = String::from_utf8_lossy(&o.stdout).trim().to_string();
    let (id, hash) = anchor.split_once(':').unwrap();
    assert_eq!(hash.len(), 64, "{anchor}");
    let o = chiso(d3.path(), &["audit", "verify", "--anchor", &anchor], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains(&format!("anchored event present: {id}")));
    let url = format!("sqlite:{}", d3.path().join("chiso.db").display());
    let n = chiso_store::testing::execute_raw(
        &url,
        &format!("DELETE FROM audit_events WHERE id >= {id} - 1"),
    )
    .await
    .unwrap();
    assert_eq!(n, 2);
    let o = chiso(d3.path(), &["audit", "verify"], &[]);
    assert!(
        o.status.success(),
        "the chain alone cannot tell: {}",
        text(&o)
    );
    let o = chiso(d3.path(), &["audit", "verify", "--anchor", &anchor], &[]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains(&format!("event {id} named by the anchor is missing")),
        "{}",
        text(&o)
    );
    let o = chiso(
        d3.path(),
        &["audit", "verify", "--anchor", "12:nothex"],
        &[],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("is not a SHA-256 hash"), "{}", text(&o));
}

/// `chiso index compute` reproduces the published PCI 2016 from its sub-indices, and a
/// mismatched input is refused with the columns named.
#[test]
fn index_compute_reproduces_pci_2016_and_names_bad_columns() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/pci/pci_2005_2016_subindices.csv"
    );
    let text_in = std::fs::read_to_string(fixture).unwrap();
    let mut lines = text_in.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let keep = [
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
    let cols: Vec<usize> = keep
        .iter()
        .map(|k| header.iter().position(|h| h == k).unwrap())
        .collect();
    let mut input = format!("unit,{}\n", keep.join(","));
    let mut published = std::collections::HashMap::new();
    for line in lines.filter(|l| l.starts_with("2016,")) {
        let f: Vec<&str> = line.split(',').collect();
        let row: Vec<&str> = cols.iter().map(|&c| f[c]).collect();
        input.push_str(&format!("{},{}\n", f[1], row.join(",")));
        published.insert(f[1].to_owned(), f[header.len() - 1].parse::<f64>().unwrap());
    }
    std::fs::write(d.join("pci2016.csv"), &input).unwrap();
    let out = chiso(
        d,
        &[
            "index",
            "compute",
            "--template",
            "pci-2013",
            "--input",
            "pci2016.csv",
            "-o",
            "result.csv",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("ranked 63 units"), "{}", text(&out));
    let result = std::fs::read_to_string(d.join("result.csv")).unwrap();
    let mut rows = result.lines();
    assert!(
        rows.next()
            .unwrap()
            .starts_with("unit,score,rank,entry_costs,land_access")
    );
    let first: Vec<&str> = rows.next().unwrap().split(',').collect();
    assert_eq!((first[0], first[2]), ("Da Nang", "1"));
    for row in result.lines().skip(1) {
        let f: Vec<&str> = row.split(',').collect();
        let score: f64 = f[1].parse().unwrap();
        assert!((score - published[f[0]]).abs() < 1e-5, "{row}");
    }

    std::fs::write(
        d.join("bad.csv"),
        "unit,entry_costs,land_access,colour\nA,1,2,3\n",
    )
    .unwrap();
    let out = chiso(
        d,
        &[
            "index",
            "compute",
            "--template",
            "pci-2013",
            "--input",
            "bad.csv",
        ],
        &[],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("missing component columns: transparency, time_costs"),
        "{}",
        text(&out)
    );
    // A merger: two pairs of provinces merged, population-weighted; labelled as derived.
    let units: Vec<String> = input
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect();
    let mut mapping = String::from("from,to,weight\n");
    for u in &units {
        let (to, w) = match u.as_str() {
            "Ha Giang" => ("Tuyen Quang (moi)", "0.9"),
            "Tuyen Quang" => ("Tuyen Quang (moi)", "0.8"),
            "Lao Cai" => ("Lao Cai (moi)", "0.77"),
            "Yen Bai" => ("Lao Cai (moi)", "0.84"),
            other => (other, "1"),
        };
        mapping.push_str(&format!("{u},{to},{w}\n"));
    }
    std::fs::write(d.join("mapping.csv"), &mapping).unwrap();
    let out = chiso(
        d,
        &[
            "index",
            "compute",
            "--template",
            "pci-2013",
            "--input",
            "pci2016.csv",
            "-o",
            "before.csv",
        ],
        &[],
    );
    assert!(out.status.success());
    let out = chiso(
        d,
        &[
            "index",
            "merge",
            "--template",
            "pci-2013",
            "--input",
            "pci2016.csv",
            "--mapping",
            "mapping.csv",
            "-o",
            "merged.csv",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("derived scores, not published: 63 former units → 61"),
        "{}",
        text(&out)
    );
    let merged = std::fs::read_to_string(d.join("merged.csv")).unwrap();
    assert!(merged.lines().next().unwrap().ends_with(",derived_from"));
    let row = merged
        .lines()
        .find(|l| l.starts_with("Tuyen Quang (moi),"))
        .unwrap();
    assert!(row.ends_with("derived: Ha Giang; Tuyen Quang"), "{row}");
    // Merged sub-indices give the weighted mean of the computed totals (a linear index).
    let before = std::fs::read_to_string(d.join("before.csv")).unwrap();
    let score = |name: &str| -> f64 {
        let line = before
            .lines()
            .find(|l| l.starts_with(&format!("{name},")))
            .unwrap();
        line.split(',').nth(1).unwrap().parse().unwrap()
    };
    let expected = (0.9 * score("Ha Giang") + 0.8 * score("Tuyen Quang")) / 1.7;
    let got: f64 = row.split(',').nth(1).unwrap().parse().unwrap();
    assert!((got - expected).abs() < 1e-9, "{got} vs {expected}");
    std::fs::write(d.join("short.csv"), "from,to\nHa Giang,X\n").unwrap();
    let out = chiso(
        d,
        &[
            "index",
            "merge",
            "--template",
            "pci-2013",
            "--input",
            "pci2016.csv",
            "--mapping",
            "short.csv",
        ],
        &[],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("no new unit given for: "),
        "{}",
        text(&out)
    );

    let out = chiso(d, &["index", "templates"], &[]);
    assert!(text(&out).contains("papi-2018"), "{}", text(&out));
    let out = chiso(
        d,
        &[
            "index",
            "compute",
            "--template",
            "pci-1999",
            "--input",
            "bad.csv",
        ],
        &[],
    );
    assert!(
        text(&out).contains("no template `pci-1999`"),
        "{}",
        text(&out)
    );
}

/// The national benchmark at one year: the generated country has the sizes the issue asks
/// for, every query runs, and the files for the peers script hold the same data.
#[test]
fn national_benchmark_generates_the_country_and_the_peers_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = chiso(
        d,
        &[
            "bench", "national", "--years", "1", "--runs", "3", "--write", "peers",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    // One year: 70 × 12 + 70 × 4 + 200 commune indicators × 3,321 communes, and
    // 60 × 12 + 100 agency indicators × 700 agencies.
    let expected = (70 * 12 + 70 * 4 + 200) * 3321 + (60 * 12 + 100) * 700;
    assert_eq!(expected, 4_957_720);
    assert!(out.contains(&format!("loaded {expected} values")), "{out}");
    assert!(
        out.contains("34 provinces, 3321 communes, 700 agencies, 500 indicators, 1 years"),
        "{out}"
    );
    for q in [
        "| province_year |",
        "| ranking |",
        "| dashboard |",
        "| ratio_by_province |",
        "| freshness (approve + re-read) |",
    ] {
        assert!(out.contains(q), "{q} in {out}");
    }
    let peers = d.join("peers");
    let lines = |f: &str| {
        std::fs::read_to_string(peers.join(f))
            .unwrap()
            .lines()
            .count()
    };
    assert_eq!(lines("units.csv"), 1 + 34 + 3321 + 700);
    assert_eq!(lines("indicators.csv"), 1 + 500);
    assert_eq!(lines("targets.csv"), 1 + 500 * 34);
    assert_eq!(lines("values.csv"), 1 + expected);
    let q: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(peers.join("queries.json")).unwrap())
            .unwrap();
    assert_eq!(q["instances"].as_array().unwrap().len(), 4 * 3);
    assert_eq!(q["dashboard_indicators"].as_array().unwrap().len(), 200);
    assert!(q["chiso"]["dashboard"]["p50_s"].as_f64().unwrap() > 0.0);
}
