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
