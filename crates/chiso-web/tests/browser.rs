//! A person's path through the pages in real headless Chromium: sign in, open the
//! catalogue, filter by a field, open an indicator; screenshots are saved under
//! `target/screenshots/`.
#![allow(clippy::unwrap_used)]

mod common;

use common::{ADMIN_PASSWORD, Server};
use fantoccini::{ClientBuilder, Locator};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver runs in a process group of its own: end the whole group, so that a
        // test that fails before closing its session leaves no browser behind.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.0.id())])
            .status();
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

/// A browser on the demo province: the server, the driven browser and what must live
/// as long as they do. `None` (after reporting) when Chromium is not installed.
struct Session {
    s: Server,
    c: fantoccini::Client,
    _driver: Driver,
    _profile: tempfile::TempDir,
}

async fn open() -> Option<Session> {
    let (Some(driver), Some(chromium)) = (find("chromedriver"), find("chromium")) else {
        chiso_store::testing::skip_or_fail(
            "Chromium or chromedriver is not installed (apt-get install chromium chromium-driver)",
        );
        return None;
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
    let driver = Driver(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .process_group(0)
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
    Some(Session {
        s,
        c,
        _driver: driver,
        _profile: profile,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_filter_catalogue_open_indicator() {
    let Some(session) = open().await else {
        return;
    };
    let (s, c) = (&session.s, session.c.clone());

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
    click_and_wait(&c, "#login-submit", "#catalogue").await;
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
    click_and_wait(&c, "#board .kcard .name a", "#workflow").await;
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
    click_and_wait(&c, "#compare", "#changed").await;
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
    click_and_wait(&c, "#coverage-submit", "#coverage").await;
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

    // A leader's home: the steering dashboard.
    c.goto(&s.url("/")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("table.matrix"))
        .await
        .unwrap();
    std::fs::write(shots().join("home.png"), c.screenshot().await.unwrap()).unwrap();

    // Switch to English with the header link; the page comes back translated.
    click_and_wait(&c, "a.lang", "html[lang=en]").await;
    let h1 = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(h1.starts_with("Steering dashboard"), "{h1}");

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

/// Signs in on the login page (from wherever the browser is).
async fn sign_in(s: &Server, c: &fantoccini::Client, user: &str) {
    c.delete_all_cookies().await.unwrap();
    c.goto(&s.url("/login")).await.unwrap();
    c.find(Locator::Css("#username"))
        .await
        .unwrap()
        .send_keys(user)
        .await
        .unwrap();
    c.find(Locator::Css("#password"))
        .await
        .unwrap()
        .send_keys(chiso_app::seed::DEMO_PASSWORD)
        .await
        .unwrap();
    click_and_wait(c, "#login-submit", "a.lang").await;
    let at = c.current_url().await.unwrap();
    assert!(!at.path().starts_with("/login"), "{user} signed in");
}

async fn type_into(c: &fantoccini::Client, css: &str, text: &str) {
    let e = c.find(Locator::Css(css)).await.unwrap();
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

async fn select(c: &fantoccini::Client, css: &str, value: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

/// Clicks and waits for the next page to load and show `then`.
async fn click_and_wait(c: &fantoccini::Client, button: &str, then: &str) {
    let e = c.find(Locator::Css(button)).await.unwrap();
    click_element_and_wait(c, e, then).await;
}

async fn click_element_and_wait(
    c: &fantoccini::Client,
    e: fantoccini::elements::Element,
    then: &str,
) {
    // A mark on the old page tells it apart from the new one.
    c.execute("window.chisoOldPage = true;", vec![])
        .await
        .unwrap();
    e.click().await.unwrap();
    for _ in 0..200 {
        let fresh = c
            .execute(
                "return window.chisoOldPage === undefined && document.readyState === 'complete';",
                vec![],
            )
            .await
            .unwrap();
        if fresh == serde_json::Value::Bool(true) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    c.wait().for_element(Locator::Css(then)).await.unwrap();
}

/// Moves the indicator on its page to the step `to`, with a comment; returns the flash or
/// alert text shown.
async fn move_to(c: &fantoccini::Client, to: &str, comment: &str) -> String {
    select(c, "#to", to).await;
    type_into(c, "#comment", comment).await;
    click_and_wait(c, "#move", "#workflow").await;
    c.find(Locator::Css("p.flash, p.alert"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn current_step(c: &fantoccini::Client) -> String {
    c.find(Locator::Css("ol.steps li.current"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// A new indicator from the form through all six steps: the catalogue editor proposes,
/// lists, is told what is missing, completes the sheet, standardizes and screens; the
/// leader approves; the working group puts it in operation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_indicator_through_the_six_steps() {
    let Some(session) = open().await else {
        return;
    };
    let (s, c) = (&session.s, session.c.clone());
    sign_in(s, &c, "bientap").await;
    c.goto(&s.url("/catalogue")).await.unwrap();
    click_and_wait(&c, "#new-indicator", "#indicator-form").await;
    type_into(&c, "#f-code", "ECO_DIGITAL_SHARE").await;
    type_into(&c, "#f-name_vi", "Tỷ trọng kinh tế số trong GRDP").await;
    type_into(&c, "#f-name_en", "Digital economy share of GRDP").await;
    select(&c, "#f-group", "outcome").await;
    select(&c, "#f-field", "economy").await;
    select(&c, "#f-owner", "TM.STC").await;
    type_into(&c, "#f-source", "Cục Thống kê tỉnh").await;
    type_into(&c, "#f-unit", "%").await;
    select(&c, "#f-frequency", "year").await;
    std::fs::write(
        shots().join("indicator-new.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    click_and_wait(&c, "#save", "#workflow").await;
    assert_eq!(current_step(&c).await, "1. Xác định nhu cầu");

    // Step 2 needs the purpose: refused, saying so.
    let shown = move_to(&c, "listed", "Đưa vào danh sách đề xuất").await;
    assert!(shown.contains("Mục đích"), "{shown}");
    assert_eq!(current_step(&c).await, "1. Xác định nhu cầu");
    click_and_wait(&c, "#edit-sheet", "#indicator-form").await;
    type_into(
        &c,
        "#f-purpose",
        "Theo dõi mục tiêu chuyển đổi số của Nghị quyết 57-NQ/TW",
    )
    .await;
    type_into(
        &c,
        "#f-definition",
        "Giá trị tăng thêm của kinh tế số chia cho GRDP, nhân 100",
    )
    .await;
    type_into(&c, "#f-legal_basis", "Nghị quyết 57-NQ/TW ngày 22/12/2024").await;
    type_into(&c, "#f-reporting_calendar", "Năm, trước 15/12").await;
    type_into(&c, "#f-national_code", "2105").await;
    type_into(&c, "#f-providing_units", "Cục Thống kê tỉnh").await;
    type_into(&c, "#f-accountable_person", "Phó Giám đốc Sở Tài chính").await;
    // A date field is typed in the browser's own format; set it directly.
    c.execute(
        "document.querySelector('#f-effective_from').value = '2026-01-01';",
        vec![],
    )
    .await
    .unwrap();
    type_into(&c, "#f-decimals", "1").await;
    select(&c, "#f-aggregation_tree", "none").await;
    select(&c, "#f-aggregation_time", "last").await;
    click_and_wait(&c, "#save", "#workflow").await;
    for (to, label) in [
        ("listed", "2. Lập danh sách"),
        ("standardized", "3. Chuẩn hóa thuộc tính"),
    ] {
        let shown = move_to(&c, to, "Đã thống nhất với cơ quan chủ quản").await;
        assert_eq!(current_step(&c).await, label, "{shown}");
    }
    // Screening: each likely duplicate is decided, here kept with a reason.
    assert_eq!(current_step(&c).await, "3. Chuẩn hóa thuộc tính");
    for _ in 0..10 {
        let mut pending = None;
        for row in c
            .find_all(Locator::Css("#screening tbody tr"))
            .await
            .unwrap()
        {
            let decided = row
                .find(Locator::Css("span.muted"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            if decided.is_empty() {
                pending = Some(row);
                break;
            }
        }
        let Some(row) = pending else { break };
        row.find(Locator::Css("input[name=reason]"))
            .await
            .unwrap()
            .send_keys("Khác phạm vi: chỉ số này đo riêng kinh tế số")
            .await
            .unwrap();
        let button = row.find(Locator::Css("button")).await.unwrap();
        click_element_and_wait(&c, button, "#screening").await;
    }
    std::fs::write(
        shots().join("indicator-screened.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    let shown = move_to(&c, "screened", "Đã rà soát trùng lặp").await;
    assert_eq!(current_step(&c).await, "4. Rà soát, thống nhất", "{shown}");
    // Approval is the leader's.
    let shown = move_to(&c, "approved", "Trình phê duyệt").await;
    assert_eq!(current_step(&c).await, "4. Rà soát, thống nhất", "{shown}");
    assert!(
        shown.contains("lãnh đạo") || shown.contains("Lãnh đạo"),
        "{shown}"
    );
    // The leader promulgates a set that includes it: that is step 5.
    sign_in(s, &c, "lanhdao").await;
    c.goto(&s.url("/sets")).await.unwrap();
    type_into(&c, "#code", "BCS_CDS").await;
    type_into(&c, "#name_vi", "Bộ chỉ số chuyển đổi số").await;
    type_into(&c, "#name_en", "Digital transformation indicators").await;
    type_into(&c, "#decision_number", "2468/QĐ-UBND").await;
    c.execute(
        "document.querySelector('#decision_date').value = '2026-12-01';",
        vec![],
    )
    .await
    .unwrap();
    type_into(&c, "#signer", "Nguyễn Văn Thành").await;
    type_into(&c, "#indicators", "ECO_DIGITAL_SHARE").await;
    click_and_wait(&c, "#promulgate-submit", "main").await;
    std::fs::write(
        shots().join("set-promulgated.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    c.goto(&s.url("/indicators/ECO_DIGITAL_SHARE"))
        .await
        .unwrap();
    assert_eq!(current_step(&c).await, "5. Phê duyệt, ban hành");
    let members = s.app.set_members("BCS_CDS", 1).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(
        (members[0].code.as_str(), members[0].version),
        ("ECO_DIGITAL_SHARE", 2)
    );
    sign_in(s, &c, "bientap").await;
    c.goto(&s.url("/indicators/ECO_DIGITAL_SHARE"))
        .await
        .unwrap();
    move_to(&c, "operating", "Bắt đầu thu thập từ năm 2026").await;
    assert_eq!(current_step(&c).await, "6. Vận hành");
    std::fs::write(
        shots().join("indicator-operating.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    // The whole path is in the audit trail.
    let events = s
        .app
        .store()
        .audit_for("indicator", "ECO_DIGITAL_SHARE", 100)
        .await;
    c.close().await.unwrap();
    let events = events.unwrap();
    assert!(events.len() >= 8, "{}", events.len());
}

/// The catalogue editor checks a hand-made workbook (problems by row and column, nothing
/// written), then the exported workbook (nothing to change).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalogue_import_reports_by_row_and_column() {
    let Some(session) = open().await else {
        return;
    };
    let (s, c) = (&session.s, session.c.clone());
    sign_in(s, &c, "bientap").await;
    c.goto(&s.url("/catalogue")).await.unwrap();
    click_and_wait(&c, "#import", "#import-form").await;
    let dir = tempfile::tempdir().unwrap();
    // A hand-made workbook with a wrong group and a missing unit on row 3.
    let bad = dir.path().join("chi-so-moi.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let rows: [&[&str]; 3] = [
        &[
            "Mã chỉ số",
            "Tên (tiếng Việt)",
            "Tên (tiếng Anh)",
            "Nhóm chỉ số",
            "Lĩnh vực",
            "Cơ quan chủ quản",
            "Nguồn dữ liệu",
            "Đơn vị tính",
            "Kỳ báo cáo",
        ],
        &[
            "ECO_NEW_A",
            "Số doanh nghiệp số",
            "Digital firms",
            "Đầu ra",
            "Kinh tế",
            "TM.STC",
            "Sở Tài chính",
            "doanh nghiệp",
            "Năm",
        ],
        &[
            "ECO_NEW_B",
            "Tỷ lệ hộ có cáp quang",
            "Fibre households",
            "Kết quả chính sách (tác động)",
            "Xã hội",
            "TM.STC",
            "Sở Tài chính",
            "",
            "Năm",
        ],
    ];
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            ws.write_string(i as u32, j as u16, *cell).unwrap();
        }
    }
    wb.save(&bad).unwrap();
    c.find(Locator::Css("#file"))
        .await
        .unwrap()
        .send_keys(&bad.display().to_string())
        .await
        .unwrap();
    click_and_wait(&c, "#upload", "#import-result").await;
    let problems = c
        .find(Locator::Css("#import-problems"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        problems.contains("Nhóm chỉ số: «Đầu ra» không thuộc danh sách cho phép"),
        "{problems}"
    );
    assert!(problems.contains("Thiếu Đơn vị tính"), "{problems}");
    let cells: Vec<String> = {
        let mut out = Vec::new();
        for td in c
            .find_all(Locator::Css("#import-problems td:nth-child(2)"))
            .await
            .unwrap()
        {
            out.push(td.text().await.unwrap());
        }
        out
    };
    assert_eq!(cells, ["D", "H"], "column letters of the bad cells");
    std::fs::write(
        shots().join("catalogue-import-problems.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();

    // The catalogue's own export: every row unchanged.
    let good = dir.path().join("danh-muc.xlsx");
    let bytes = s
        .app
        .export_catalogue_xlsx(chiso_web::i18n::catalogue_labels(), 0)
        .await
        .unwrap();
    std::fs::write(&good, bytes).unwrap();
    c.find(Locator::Css("#file"))
        .await
        .unwrap()
        .send_keys(&good.display().to_string())
        .await
        .unwrap();
    click_and_wait(&c, "#upload", "#import-result").await;
    let banner = c
        .find(Locator::Css("#import-banner"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        banner.starts_with("Kiểm tra xong: không có lỗi"),
        "{banner}"
    );
    let counts = c
        .find(Locator::Css("#import-counts"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        counts.starts_with("Thêm mới: 0 · Cập nhật: 0 · Không đổi: 1"),
        "{counts}"
    );
    std::fs::write(
        shots().join("catalogue-import-ok.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    c.close().await.unwrap();
}

/// A commune officer fills the month's form with the keyboard only: type, Enter to the
/// next row, save as draft.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commune_officer_enters_the_month_with_the_keyboard() {
    let Some(session) = open().await else {
        return;
    };
    let (s, c) = (&session.s, session.c.clone());
    sign_in(s, &c, "xa001").await;
    c.goto(&s.url("/entry?period=2026-11")).await.unwrap();
    c.wait().for_element(Locator::Css("#entry")).await.unwrap();
    let inputs = c
        .find_all(Locator::Css("#entry .value-input"))
        .await
        .unwrap();
    assert!(
        inputs.len() >= 3,
        "a commune reports several monthly indicators"
    );
    std::fs::write(shots().join("entry.png"), c.screenshot().await.unwrap()).unwrap();
    // Type into the first two rows, moving down with Enter.
    inputs[0].clear().await.unwrap();
    inputs[0].send_keys("12").await.unwrap();
    inputs[0].send_keys("\u{E007}").await.unwrap(); // Enter
    let focused = c
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    let second_id = inputs[1].attr("id").await.unwrap().unwrap();
    assert_eq!(
        focused,
        serde_json::Value::String(second_id),
        "Enter moves down"
    );
    c.active_element()
        .await
        .unwrap()
        .send_keys("7")
        .await
        .unwrap();
    click_and_wait(&c, "#save-draft", "#entry").await;
    let flash = c
        .find(Locator::Css("#flash"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(flash, "✓ Đã lưu nháp.");
    let first = c
        .find_all(Locator::Css("#entry .value-input"))
        .await
        .unwrap()[0]
        .prop("value")
        .await
        .unwrap();
    let first = first.unwrap_or_default();
    assert!(first == "12" || first.starts_with("12,"), "{first}");
    std::fs::write(
        shots().join("entry-saved.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    c.close().await.unwrap();
}

/// The leader opens Chiso: the dashboard names bottlenecks and bright spots with their
/// owners; a bottleneck opens its indicator with the analysis; drill-down to a commune.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leader_dashboard_bottleneck_to_analysis_and_drill_down() {
    let Some(session) = open().await else {
        return;
    };
    let (s, c) = (&session.s, session.c.clone());
    sign_in(s, &c, "lanhdao").await;
    c.goto(&s.url("/")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#bottlenecks"))
        .await
        .unwrap();
    assert_eq!(c.current_url().await.unwrap().path(), "/dashboard");
    let items = c.find_all(Locator::Css("#bottlenecks li")).await.unwrap();
    assert!(!items.is_empty(), "the demo has indicators off track");
    let first = items[0].text().await.unwrap();
    assert!(
        first.contains("Cơ quan chủ quản: Sở") || first.contains("Cơ quan chủ quản: "),
        "{first}"
    );
    let bright = c.find_all(Locator::Css("#bright li")).await.unwrap();
    assert!(!bright.is_empty(), "and bright spots");
    std::fs::write(shots().join("dashboard.png"), c.screenshot().await.unwrap()).unwrap();
    // The first bottleneck's indicator, analysed for the same unit and period.
    let status = items[0]
        .find(Locator::Css(".status-badge"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let link = items[0].find(Locator::Css("a.item-name")).await.unwrap();
    click_element_and_wait(&c, link, "#analysis").await;
    let shown = c
        .find(Locator::Css("#analysis-status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(shown, status, "the same status on both pages");
    let reason = c
        .find(Locator::Css("#analysis-reason"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        reason.contains("theo lộ trình") || reason.contains("so với chỉ tiêu"),
        "{reason}"
    );
    let charts = c
        .find_all(Locator::Css("#analysis svg.chart"))
        .await
        .unwrap();
    assert!(!charts.is_empty(), "a trend chart");
    std::fs::write(
        shots().join("indicator-analysis.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    // Reporting timeliness for October 2026: late and missing communes first.
    c.goto(&s.url("/submissions?period=2026-10")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#sub-table"))
        .await
        .unwrap();
    let first_row = c
        .find(Locator::Css("#sub-table tbody tr"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!first_row.is_empty());
    std::fs::write(
        shots().join("submissions.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    // A resolution: the tasks at risk first, with their reasons, and the timeline.
    c.goto(&s.url("/resolutions")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#resolutions"))
        .await
        .unwrap();
    std::fs::write(
        shots().join("resolutions.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    let link = c.find(Locator::Css("#resolutions a")).await.unwrap();
    click_element_and_wait(&c, link, "#tasks").await;
    let risky = c.find_all(Locator::Css("#risky li")).await.unwrap();
    assert!(!risky.is_empty(), "the demo has tasks at risk");
    let gantt = c.find_all(Locator::Css("svg.gantt rect")).await.unwrap();
    assert!(gantt.len() >= 8, "a bar per task");
    std::fs::write(
        shots().join("resolution.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    // The leader asks the unit behind the first task at risk to explain.
    let ask = c.find(Locator::Css("#risky form.ask")).await.unwrap();
    ask.find(Locator::Css("input[name=question]"))
        .await
        .unwrap()
        .send_keys("Đề nghị giải trình nguyên nhân chậm và giải pháp khắc phục")
        .await
        .unwrap();
    let button = ask.find(Locator::Css("button")).await.unwrap();
    click_element_and_wait(&c, button, "#flash").await;
    let thread = c
        .find(Locator::Css("section.explanation"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        thread.contains("Đề nghị giải trình nguyên nhân chậm"),
        "{thread}"
    );
    std::fs::write(
        shots().join("explanations.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    // Tasks from a workbook, checked first (dry run).
    c.goto(&s.url("/resolutions/NQ57")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#task-import"))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nhiem-vu.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (j, (h, v)) in [
        ("Mã nhiệm vụ", "NQ57.9"),
        ("Nhiệm vụ", "Số hóa hồ sơ lưu trữ"),
        ("Đơn vị chủ trì", "TM.VP"),
        ("Ngày bắt đầu", "01/01/2026"),
        ("Hạn hoàn thành", "31/12/2026"),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, j as u16, *h).unwrap();
        ws.write_string(1, j as u16, *v).unwrap();
    }
    wb.save(&file).unwrap();
    c.find(Locator::Css("#task-file"))
        .await
        .unwrap()
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    click_and_wait(&c, "#task-upload", "#import-banner").await;
    let banner = c
        .find(Locator::Css("#import-banner"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        banner.starts_with("Kiểm tra xong: không có lỗi"),
        "{banner}"
    );
    // The leadership's task list: overdue first.
    c.goto(&s.url("/my-tasks")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("ol.items"))
        .await
        .unwrap();
    let h2 = c
        .find(Locator::Css("section.card h2"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(h2.starts_with("Quá hạn"), "{h2}");
    std::fs::write(shots().join("my-tasks.png"), c.screenshot().await.unwrap()).unwrap();
    // Drill down from the province to one unit below.
    c.goto(&s.url("/dashboard")).await.unwrap();
    let child = c.find(Locator::Css("#drill a")).await.unwrap();
    let name = child.text().await.unwrap();
    click_element_and_wait(&c, child, "#totals").await;
    let h1 = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(h1.contains(&name), "{h1} / {name}");
    // A phone: no horizontal page scroll.
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&s.url("/dashboard")).await.unwrap();
    c.wait().for_element(Locator::Css("#totals")).await.unwrap();
    let overflow = c
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth + 1;",
            vec![],
        )
        .await
        .unwrap();
    std::fs::write(
        shots().join("dashboard-phone.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    let wide = c
        .execute(
            "return Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 6).map(e => e.tagName + '.' + e.className + '#' + e.id).join(' | ');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        overflow,
        serde_json::Value::Bool(false),
        "page wider than the phone: {wide}"
    );
    c.close().await.unwrap();
}

/// A commune officer fills and submits the month's form; the approver approves it, which
/// locks the values; changing one then takes an unlock request with a reason, which the
/// approver grants.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submit_approve_lock_and_unlock() {
    let Some(session) = open().await else {
        return;
    };
    let (s, c) = (&session.s, session.c.clone());
    let entry = s.url("/entry?unit=TM.X001&period=2026-11");

    // The officer fills every value and submits.
    sign_in(s, &c, "xa001").await;
    c.goto(&entry).await.unwrap();
    c.wait().for_element(Locator::Css("#entry")).await.unwrap();
    let inputs = c
        .find_all(Locator::Css("#entry .value-input"))
        .await
        .unwrap();
    assert!(inputs.len() >= 3);
    let n = inputs.len();
    for i in inputs {
        i.clear().await.unwrap();
        i.send_keys("1").await.unwrap();
    }
    click_and_wait(&c, "#submit", "#entry").await;
    // Ones far below the commune's past months need an explanation before they are sent:
    // the form keeps what was typed and names those lines.
    let flagged = c.find_all(Locator::Css("#entry tr.bad-row")).await.unwrap();
    assert!(!flagged.is_empty(), "unusual values are held back");
    let first = flagged[0].text().await.unwrap();
    assert!(
        first.contains("ghi chú giải thích trước khi gửi"),
        "{first}"
    );
    std::fs::write(
        shots().join("approval-0-explain.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    for row in flagged {
        row.find(Locator::Css("input[name^='c:']"))
            .await
            .unwrap()
            .send_keys("Số liệu chạy thử, đã kiểm tra")
            .await
            .unwrap();
    }
    click_and_wait(&c, "#submit", "#entry").await;
    let flash = c
        .find(Locator::Css("#flash"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(flash, "✓ Đã gửi số liệu để phê duyệt.");
    std::fs::write(
        shots().join("approval-1-submitted.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();

    // The approver sees the commune's month and approves it.
    sign_in(s, &c, "pheduyet").await;
    c.goto(&s.url("/approvals")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#pending"))
        .await
        .unwrap();
    let group = c
        .find(Locator::Css("#group-TM-X001-2026-11 summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(group.contains(&format!("{n} giá trị")), "{group}");
    let flagged = c
        .find_all(Locator::Css("#group-TM-X001-2026-11 .outlier"))
        .await
        .unwrap();
    assert!(!flagged.is_empty(), "the approver sees the same flags");
    // Open it if it is not the first group, then approve.
    let open = c
        .execute(
            "return document.getElementById('group-TM-X001-2026-11').open;",
            vec![],
        )
        .await
        .unwrap();
    if open != serde_json::Value::Bool(true) {
        c.find(Locator::Css("#group-TM-X001-2026-11 summary"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    std::fs::write(
        shots().join("approval-2-queue.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    click_and_wait(&c, "#approve-TM-X001-2026-11", "#approvals-summary").await;
    let flash = c
        .find(Locator::Css("#flash"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(flash, format!("✓ Đã duyệt và khóa {n} giá trị."));

    // Immunisation is one of the indicators the province accepts after the owner's
    // approval: the same month now waits at the second level, and the province accepts it.
    let second = c
        .find(Locator::Css("#group-accept-TM-X001-2026-11"))
        .await
        .unwrap();
    let text = second.text().await.unwrap();
    assert!(text.contains("Xã"), "{text}");
    let open = c
        .execute(
            "return document.getElementById('group-accept-TM-X001-2026-11').open;",
            vec![],
        )
        .await
        .unwrap();
    if open != serde_json::Value::Bool(true) {
        c.find(Locator::Css("#group-accept-TM-X001-2026-11 summary"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    let codes = c
        .find(Locator::Css("#group-accept-TM-X001-2026-11 tbody"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(codes.contains("SOC_IMMUNISATION"), "{codes}");
    c.execute(
        "document.getElementById('group-accept-TM-X001-2026-11').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    std::fs::write(
        shots().join("approval-2b-province-accepts.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    click_and_wait(&c, "#approve-accept-TM-X001-2026-11", "#approvals-summary").await;
    let flash = c
        .find(Locator::Css("#flash"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        flash.starts_with("✓ Đã nghiệm thu ") && flash.ends_with(" giá trị ở cấp tỉnh."),
        "{flash}"
    );

    // Locked: the officer's form has no box to change the values, only unlock requests.
    sign_in(s, &c, "xa001").await;
    c.goto(&entry).await.unwrap();
    c.wait().for_element(Locator::Css("#entry")).await.unwrap();
    assert!(
        c.find_all(Locator::Css("#entry .value-input"))
            .await
            .unwrap()
            .is_empty()
    );
    let opener = c
        .find(Locator::Css("summary[id^='unlock-open-']"))
        .await
        .unwrap();
    let code = opener
        .attr("id")
        .await
        .unwrap()
        .unwrap()
        .trim_start_matches("unlock-open-")
        .to_string();
    opener.click().await.unwrap();
    c.find(Locator::Css(&format!("#reason-{code}")))
        .await
        .unwrap()
        .send_keys("Nhập nhầm, số đúng là 2")
        .await
        .unwrap();
    std::fs::write(
        shots().join("approval-3-locked.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    click_and_wait(&c, &format!("#unlock-send-{code}"), "#entry").await;
    let pending = c
        .find(Locator::Css(&format!("#unlock-pending-{code}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(pending, "Đang chờ mở khóa: Nhập nhầm, số đúng là 2");

    // The approver grants it; the value can be corrected again.
    sign_in(s, &c, "pheduyet").await;
    c.goto(&s.url("/approvals")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#unlocks"))
        .await
        .unwrap();
    let row = c
        .find(Locator::Css("#unlocks tbody tr"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        row.contains("Nhập nhầm, số đúng là 2") && row.contains(&code),
        "{row}"
    );
    std::fs::write(
        shots().join("approval-4-unlock-request.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    let grant = c
        .find(Locator::Css("#unlocks button[id^='grant-']"))
        .await
        .unwrap();
    click_element_and_wait(&c, grant, "#approvals-summary").await;
    sign_in(s, &c, "xa001").await;
    c.goto(&entry).await.unwrap();
    c.wait().for_element(Locator::Css("#entry")).await.unwrap();
    let boxes = c
        .find_all(Locator::Css("#entry .value-input"))
        .await
        .unwrap();
    assert_eq!(boxes.len(), 1, "only the unlocked value is editable");
    assert_eq!(
        boxes[0].attr("id").await.unwrap().unwrap(),
        format!("v-{code}")
    );
    std::fs::write(
        shots().join("approval-5-unlocked.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    c.close().await.unwrap();
}

/// A provincial data officer uploads a CSV file: first a file with a bad line (checked
/// only, the problem named by line), then the corrected file, saved; the job page shows
/// progress and then the report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_a_file_of_values() {
    let Some(session) = open().await else {
        return;
    };
    let (s, c) = (&session.s, session.c.clone());
    let dir = tempfile::tempdir().unwrap();
    let mut good = String::from("indicator,org_unit,period,value,comment\n");
    for (i, m) in (1..=12).enumerate() {
        good.push_str(&format!(
            "FIN_COMMUNE_EXPENDITURE,TM.X001,1999-{m:02},{}.5,\n",
            90 + i
        ));
    }
    let bad = good.replace("1999-07,96.5", "1999-07,chín mươi");
    let bad_path = dir.path().join("so-lieu-loi.csv");
    let good_path = dir.path().join("so-lieu.csv");
    std::fs::write(&bad_path, &bad).unwrap();
    std::fs::write(&good_path, &good).unwrap();

    sign_in(s, &c, "xa001").await;
    c.goto(&s.url("/entry")).await.unwrap();
    click_and_wait(&c, "#from-file", "#import-form").await;
    c.find(Locator::Css("#file"))
        .await
        .unwrap()
        .send_keys(&bad_path.display().to_string())
        .await
        .unwrap();
    click_and_wait(&c, "#upload", "h1").await;
    // The job page refreshes itself until the report is there.
    c.wait()
        .for_element(Locator::Css("#import-result"))
        .await
        .unwrap();
    let banner = c
        .find(Locator::Css("#import-banner"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(banner.starts_with("Kiểm tra xong: có lỗi"), "{banner}");
    let problem = c
        .find(Locator::Css("#import-problems tbody tr"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        problem.contains("8") && problem.contains("chín mươi"),
        "line 8: {problem}"
    );
    std::fs::write(
        shots().join("import-problems.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();

    // The corrected file, saved.
    c.goto(&s.url("/import")).await.unwrap();
    c.find(Locator::Css("#file"))
        .await
        .unwrap()
        .send_keys(&good_path.display().to_string())
        .await
        .unwrap();
    c.find(Locator::Css("#dry-run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click_and_wait(&c, "#upload", "h1").await;
    c.wait()
        .for_element(Locator::Css("#import-result"))
        .await
        .unwrap();
    let banner = c
        .find(Locator::Css("#import-banner"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(banner, "Đã ghi số liệu.");
    let counts = c
        .find(Locator::Css("#import-counts"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(counts.contains("Mới 12"), "{counts}");
    std::fs::write(
        shots().join("import-saved.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    c.close().await.unwrap();
}

/// The approver opens the data-quality list of the latest month: the demo's slip (more
/// online dossiers than dossiers received) is listed with its rule, and unusual values
/// with their reasons; the unit's name leads to its entry form.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_quality_list_names_the_slip() {
    let Some(session) = open().await else {
        return;
    };
    let (s, c) = (&session.s, session.c.clone());
    sign_in(s, &c, "pheduyet").await;
    c.goto(&s.url("/quality?period=2026-10")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#violations-list"))
        .await
        .unwrap();
    let broken = c
        .find(Locator::Css("#violations-list tbody tr"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        broken.contains("Hồ sơ trực tuyến không vượt tổng hồ sơ tiếp nhận")
            && broken.contains("PA_DOSSIERS_ONLINE ="),
        "{broken}"
    );
    std::fs::write(shots().join("quality.png"), c.screenshot().await.unwrap()).unwrap();
    let link = c
        .find(Locator::Css("#violations-list tbody tr a"))
        .await
        .unwrap();
    click_element_and_wait(&c, link, "#entry-pick").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/entry");
    c.close().await.unwrap();
}

/// A leader opens the demo's department competitiveness index, sees the Department of
/// Construction fall, and its page says why (time costs first), with a waterfall; then the
/// communes' PAR index shows the points one commune lost, with who owns them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leader_sees_what_moved_a_rank() {
    let Some(session) = open().await else {
        return;
    };
    let (s, c) = (&session.s, session.c.clone());
    let leader = s
        .app
        .principal_for_username("lanhdao")
        .await
        .unwrap()
        .unwrap();
    let ranking = s.app.index_ranking(&leader, "DDCI", 2025).await.unwrap();
    let sxd = ranking.rows.iter().find(|r| r.unit == "TM.SXD").unwrap();
    let (was, now) = (sxd.previous_rank.unwrap(), sxd.rank.unwrap());
    assert!(now >= was + 3, "the demo's department falls: {was} → {now}");
    sign_in(s, &c, "lanhdao").await;
    c.goto(&s.url("/dashboard")).await.unwrap();
    let nav = c
        .find(Locator::Css("nav a[href='/indices']"))
        .await
        .unwrap();
    click_element_and_wait(&c, nav, "#index-DDCI").await;
    let year = c
        .find(Locator::Css("#index-DDCI a[href='/indices/DDCI/2025']"))
        .await
        .unwrap();
    click_element_and_wait(&c, year, "#ranking-table").await;
    let row = c
        .find(Locator::Css("#ranking-table tr[data-unit='TM.SXD']"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(row.contains("Sở Xây dựng"), "{row}");
    assert!(row.contains(&format!("▼ {}", now - was)), "{row}");
    let intervals = c
        .find_all(Locator::Css("#sensitivity svg.intervals line.range title"))
        .await
        .unwrap();
    assert_eq!(
        intervals.len(),
        ranking.ranked,
        "one interval per ranked department"
    );
    std::fs::write(
        shots().join("index-ranking.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();

    let link = c
        .find(Locator::Css("#ranking-table tr[data-unit='TM.SXD'] a"))
        .await
        .unwrap();
    click_element_and_wait(&c, link, "#headline").await;
    let headline = c
        .find(Locator::Css("#headline"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        headline.starts_with(&format!("Giảm {} bậc (hạng {was} → {now})", now - was)),
        "{headline}"
    );
    assert!(headline.contains("điểm từ chi phí thời gian"), "{headline}");
    let falls = c
        .find_all(Locator::Css("#waterfall rect.wf-down"))
        .await
        .unwrap();
    assert!(
        falls.len() >= 3,
        "time, procedures and informal charges fell"
    );
    let time_row = c
        .find(Locator::Css("#components-table tr[data-code='time']"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(time_row.contains("làm mất"), "{time_row}");
    std::fs::write(
        shots().join("index-unit.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();

    c.goto(&s.url("/indices/PAR_XA/2025/units/TM.X001"))
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("#lost-table"))
        .await
        .unwrap();
    let first = c
        .find(Locator::Css("#lost-table tbody tr"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        first.contains("A7.1") && first.contains("Phó Chủ tịch UBND xã"),
        "{first}"
    );
    std::fs::write(shots().join("index-par.png"), c.screenshot().await.unwrap()).unwrap();
    c.close().await.unwrap();
}

/// Fills the page's new-task form (dates set directly, as a date picker would) and submits
/// it.
/// What the new-task form is filled with.
struct NewTask<'a> {
    parent: &'a str,
    code: &'a str,
    title: &'a str,
    lead: &'a str,
    coordinating: &'a [&'a str],
    deadline: &'a str,
    delegated: bool,
}

async fn assign_task(c: &fantoccini::Client, t: NewTask<'_>) {
    let NewTask {
        parent,
        code,
        title,
        lead,
        coordinating,
        deadline,
        delegated,
    } = t;
    select(c, "#nt-parent", parent).await;
    type_into(c, "#nt-code", code).await;
    type_into(c, "#nt-title", title).await;
    select(c, "#nt-lead", lead).await;
    c.execute(
        "const chosen = arguments[0];
         for (const o of document.querySelectorAll('#nt-coord option')) {
           o.selected = chosen.includes(o.value);
         }
         document.getElementById('nt-start').value = '2026-12-01';
         document.getElementById('nt-deadline').value = arguments[1];
         document.getElementById('nt-delegated').checked = arguments[2];",
        vec![
            serde_json::json!(coordinating),
            serde_json::json!(deadline),
            serde_json::json!(delegated),
        ],
    )
    .await
    .unwrap();
    click_and_wait(c, "#nt-submit", "#flash").await;
    let flash = c
        .find(Locator::Css("#flash"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(flash.contains(code), "{flash}");
}

/// The walk-through: the provincial leader assigns a task of resolution 57 to a
/// department (leading on the province's behalf, with a coordinating department); the
/// department breaks it into two sub-tasks for two communes; a commune reports progress with
/// an evidence file; once the department accepts the report, the parent's progress rolls up
/// on the resolution's page and the province overview (screenshots).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_cascades_to_communes_and_their_report_rolls_up() {
    let Some(session) = open().await else {
        return;
    };
    let (s, c) = (&session.s, session.c.clone());
    s.app
        .create_user_unchecked(&chiso_app::auth::UserSpec {
            username: "gdkhcn".into(),
            full_name: "Giám đốc Sở Khoa học và Công nghệ (mẫu)".into(),
            password: chiso_app::seed::DEMO_PASSWORD.into(),
            grants: vec![(chiso_core::access::Role::Leader, "TM.SKHCN".into())],
        })
        .await
        .unwrap();
    sign_in(s, &c, "lanhdao").await;
    c.goto(&s.url("/resolutions/NQ57")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#new-task"))
        .await
        .unwrap();
    assign_task(
        &c,
        NewTask {
            parent: "",
            code: "NQ57.9",
            title: "Phổ cập kỹ năng số cho người dân",
            lead: "TM.SKHCN",
            coordinating: &["TM.STC"],
            deadline: "2027-06-30",
            delegated: true,
        },
    )
    .await;
    // The department breaks it down for two communes.
    sign_in(s, &c, "gdkhcn").await;
    c.goto(&s.url("/resolutions/NQ57")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#new-task"))
        .await
        .unwrap();
    for (code, commune) in [("NQ57.9.1", "TM.X001"), ("NQ57.9.2", "TM.X002")] {
        assign_task(
            &c,
            NewTask {
                parent: "NQ57.9",
                code,
                title: "Tổ công nghệ số cộng đồng tập huấn người dân",
                lead: commune,
                coordinating: &[],
                deadline: "2027-03-31",
                delegated: false,
            },
        )
        .await;
    }
    let parent = c
        .find(Locator::Css("#task-NQ57\\.9"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        parent.contains("0%") && parent.contains("Sở Khoa học và Công nghệ"),
        "{parent}"
    );
    assert!(parent.contains("Đơn vị phối hợp: Sở Tài chính"), "{parent}");
    std::fs::write(
        shots().join("task-assigned.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();

    // The commune's officer reports 60 % with the minutes of the training attached.
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("bien-ban-tap-huan.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n% minutes of the training\n").unwrap();
    sign_in(s, &c, "xa001").await;
    c.goto(&s.url("/my-tasks")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#my-NQ57\\.9\\.1 form"))
        .await
        .unwrap();
    type_into(&c, "#my-NQ57\\.9\\.1 input[name=progress]", "60").await;
    type_into(
        &c,
        "#my-NQ57\\.9\\.1 input[name=narrative]",
        "Đã tập huấn 3 thôn, 240 người dân",
    )
    .await;
    c.find(Locator::Css("#my-NQ57\\.9\\.1 input[type=file]"))
        .await
        .unwrap()
        .send_keys(&pdf.display().to_string())
        .await
        .unwrap();
    click_and_wait(&c, "#my-NQ57\\.9\\.1 button[type=submit]", "#flash").await;
    std::fs::write(
        shots().join("task-reported.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();

    // The department accepts it: the parent rolls up to 30 % and the evidence is linked.
    sign_in(s, &c, "gdkhcn").await;
    c.goto(&s.url("/resolutions/NQ57")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#task-NQ57\\.9\\.1 form"))
        .await
        .unwrap();
    click_and_wait(
        &c,
        "#task-NQ57\\.9\\.1 button[value=accept]",
        "#task-NQ57\\.9",
    )
    .await;
    let parent = c
        .find(Locator::Css("#task-NQ57\\.9"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(parent.contains("30%"), "{parent}");
    let child = c
        .find(Locator::Css("#task-NQ57\\.9\\.1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        child.contains("60%") && child.contains("bien-ban-tap-huan.pdf"),
        "{child}"
    );
    c.execute(
        "document.getElementById('task-NQ57.9').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    std::fs::write(
        shots().join("task-rolled-up.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    // The province overview counts it among every resolution's tasks.
    sign_in(s, &c, "lanhdao").await;
    c.goto(&s.url("/resolutions")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#overview-ranking"))
        .await
        .unwrap();
    let ranking = c
        .find(Locator::Css("#overview-ranking"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ranking.contains("Sở Khoa học và Công nghệ"), "{ranking}");
    std::fs::write(
        shots().join("resolutions-overview.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    c.close().await.unwrap();
}
