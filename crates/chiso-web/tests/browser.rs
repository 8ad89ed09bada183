//! A person's path through the pages in real headless Chromium: sign in, open the
//! catalogue, filter by a field, open an indicator; screenshots are saved under
//! `target/screenshots/`.
#![allow(clippy::unwrap_used)]

mod common;

use common::{ADMIN_PASSWORD, Server};
use fantoccini::{ClientBuilder, Locator};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.exists())
    })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn shots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn wait_for_port(port: u16) {
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start on port {port}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_filter_catalogue_open_indicator() {
    let (Some(driver), Some(chromium)) = (find("chromedriver"), find("chromium")) else {
        chiso_store::testing::skip_or_fail(
            "Chromium or chromedriver is not installed (apt-get install chromium chromium-driver)",
        );
        return;
    };
    // The demo province on a fresh SQLite database.
    let db = chiso_store::testing::sqlite().await;
    let app = chiso_app::App::new(db.store.clone()).await.unwrap();
    app.load_demo().await.unwrap();
    app.bootstrap_admin(Some(ADMIN_PASSWORD.into()))
        .await
        .unwrap();
    let (addr, _task) = chiso_web::spawn(app.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let s = Server {
        app,
        base: format!("http://{addr}"),
        db,
    };

    let port = free_port();
    let _driver = Driver(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for_port(port).await;
    let profile = tempfile::tempdir().unwrap();
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                     "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--window-size=1366,900",
                     format!("--user-data-dir={}", profile.path().display())]
        }
    });
    let caps = match caps {
        serde_json::Value::Object(m) => m,
        _ => unreachable!(),
    };
    // chromedriver is on localhost: plain HTTP, no TLS stack needed.
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let c = ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .unwrap();

    // Sign in as the province leader.
    c.goto(&s.url("/catalogue")).await.unwrap();
    assert!(c.current_url().await.unwrap().path().starts_with("/login"));
    c.find(Locator::Css("#username"))
        .await
        .unwrap()
        .send_keys("lanhdao")
        .await
        .unwrap();
    c.find(Locator::Css("#password"))
        .await
        .unwrap()
        .send_keys(chiso_app::seed::DEMO_PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("#login-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("#catalogue"))
        .await
        .unwrap();
    let count = c
        .find(Locator::Css("#result-count"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let total: usize = count.split(' ').next().unwrap().parse().unwrap();
    assert!(total >= 150, "{count}");
    std::fs::write(shots().join("catalogue.png"), c.screenshot().await.unwrap()).unwrap();

    // Filter by a field.
    c.find(Locator::Css("#field"))
        .await
        .unwrap()
        .select_by_value("finance")
        .await
        .unwrap();
    c.find(Locator::Css("#filter-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for _ in 0..100 {
        let u = c.current_url().await.unwrap();
        if u.query().is_some_and(|q| q.contains("field=finance")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        c.current_url()
            .await
            .unwrap()
            .as_str()
            .contains("field=finance")
    );
    c.wait()
        .for_element(Locator::Css("#catalogue"))
        .await
        .unwrap();
    let count = c
        .find(Locator::Css("#result-count"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let filtered: usize = count.split(' ').next().unwrap().parse().unwrap();
    assert!(filtered > 0 && filtered < total, "{count}");
    let fields = c
        .find_all(Locator::Css("#catalogue tbody tr td:nth-child(4)"))
        .await
        .unwrap();
    for f in fields {
        assert_eq!(f.text().await.unwrap(), "Tài chính – Ngân sách");
    }
    std::fs::write(
        shots().join("catalogue-finance.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();

    // Open the first indicator.
    let first = c
        .find(Locator::Css("#catalogue tbody tr td.code a"))
        .await
        .unwrap();
    let code = first.text().await.unwrap();
    first.click().await.unwrap();
    c.wait().for_element(Locator::Css("#sheet")).await.unwrap();
    assert!(c.current_url().await.unwrap().path().ends_with(&code));
    let sheet = c
        .find(Locator::Css("#sheet"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(sheet.contains("Cơ quan chủ quản") && sheet.contains(&code));
    std::fs::write(shots().join("indicator.png"), c.screenshot().await.unwrap()).unwrap();

    // The workflow board: indicators on their way, what each waits for and who acts.
    c.goto(&s.url("/workflow")).await.unwrap();
    c.wait().for_element(Locator::Css("#board")).await.unwrap();
    let cards = c.find_all(Locator::Css("#board .kcard")).await.unwrap();
    assert!(
        !cards.is_empty(),
        "the demo has indicators not yet in operation"
    );
    std::fs::write(
        shots().join("workflow-board.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    // Open the first card; a leader may not take the owner's step: the page says who may.
    c.find(Locator::Css("#board .kcard .name a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("#workflow"))
        .await
        .unwrap();
    if c.find(Locator::Css("#move")).await.is_ok() {
        c.find(Locator::Css("#comment"))
            .await
            .unwrap()
            .send_keys("Đề nghị chuyển bước")
            .await
            .unwrap();
        c.find(Locator::Css("#move"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let alert = c.wait().for_element(Locator::Css("#alert")).await.unwrap();
        let text = alert.text().await.unwrap();
        assert!(text.contains("thực hiện"), "{text}");
        std::fs::write(
            shots().join("workflow-refused.png"),
            c.screenshot().await.unwrap(),
        )
        .unwrap();
    }

    // The demo set's two versions compared: added indicators and a revised definition.
    c.goto(&s.url("/sets/BCS_TM")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#versions"))
        .await
        .unwrap();
    c.find(Locator::Css("#compare"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("#changed"))
        .await
        .unwrap();
    let changed = c
        .find(Locator::Css("#changed"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        changed.contains("PA_TTHC_ONTIME") && changed.contains("Định nghĩa"),
        "{changed}"
    );
    let added = c.find_all(Locator::Css("#added li")).await.unwrap();
    assert!(!added.is_empty());
    std::fs::write(shots().join("set-diff.png"), c.screenshot().await.unwrap()).unwrap();

    // Coverage of one agency: the matrix with its thin and empty cells.
    c.goto(&s.url("/coverage")).await.unwrap();
    c.find(Locator::Css("#owner"))
        .await
        .unwrap()
        .select_by_value("TM.SYT")
        .await
        .unwrap();
    c.find(Locator::Css("#coverage-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("#coverage"))
        .await
        .unwrap();
    let empty = c
        .find_all(Locator::Css("#coverage td.empty"))
        .await
        .unwrap();
    assert!(!empty.is_empty(), "one agency leaves cells empty");
    std::fs::write(
        shots().join("coverage-agency.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();

    // Home with the coverage matrix.
    c.goto(&s.url("/")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("table.matrix"))
        .await
        .unwrap();
    std::fs::write(shots().join("home.png"), c.screenshot().await.unwrap()).unwrap();

    // Switch to English with the header link; the page comes back translated.
    c.find(Locator::Css("a.lang"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("html[lang=en]"))
        .await
        .unwrap();
    let h1 = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(h1, "Overview");

    // A phone-sized window: the catalogue still reads (no horizontal page scroll).
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&s.url("/catalogue?field=society")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#catalogue"))
        .await
        .unwrap();
    let overflow = c
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth + 1;",
            vec![],
        )
        .await
        .unwrap();
    std::fs::write(
        shots().join("catalogue-phone-en.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    assert_eq!(
        overflow,
        serde_json::Value::Bool(false),
        "page wider than the phone"
    );
    c.close().await.unwrap();
}
