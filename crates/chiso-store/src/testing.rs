//! Test harness: fresh databases on both backends.
//!
//! PostgreSQL: one throwaway cluster per test process, started with the local `initdb`
//! and `pg_ctl` (as the `postgres` user when running as root, since PostgreSQL refuses
//! root), listening on a Unix socket in a temporary directory; each test gets a fresh
//! database in it. A small watchdog stops the cluster when the test process exits.
//! Set `CHISO_TEST_PG_URL` to use an existing server instead.
//!
//! When PostgreSQL is missing the tests say so loudly and skip — unless `CI=true`, where
//! a skip is a failure.

use crate::Store;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A store for one test, with whatever it needs kept alive.
pub struct TestDb {
    /// The store, migrated.
    pub store: Store,
    /// The URL it was opened with (for a second process or pool on the same database).
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

/// A fresh, migrated SQLite database in a temporary directory.
pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let url = format!("sqlite:{}", dir.path().join("test.db").display());
    let store = Store::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("open sqlite: {e}"));
    store
        .migrate()
        .await
        .unwrap_or_else(|e| panic!("migrate sqlite: {e}"));
    TestDb {
        store,
        url,
        _dir: Some(dir),
    }
}

/// A fresh, migrated database on the test PostgreSQL cluster, or `None` (after a loud
/// message) when PostgreSQL is not available outside CI.
pub async fn postgres() -> Option<TestDb> {
    let base = match cluster() {
        Ok(url) => url.clone(),
        Err(why) => {
            skip_or_fail(&format!("PostgreSQL is not available: {why}"));
            return None;
        }
    };
    static N: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "chiso_test_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    let admin = Store::connect(&with_db(&base, "postgres"))
        .await
        .unwrap_or_else(|e| panic!("connect to test cluster: {e}"));
    if let Store::Postgres(p) = &admin {
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(p)
            .await
            .unwrap_or_else(|e| panic!("create database: {e}"));
    }
    admin.close().await;
    let url = with_db(&base, &name);
    let store = Store::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("open postgres: {e}"));
    store
        .migrate()
        .await
        .unwrap_or_else(|e| panic!("migrate postgres: {e}"));
    Some(TestDb {
        store,
        url,
        _dir: None,
    })
}

/// Under `CI=true` panics with `why`; otherwise prints it loudly.
pub fn skip_or_fail(why: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("{why} (CI=true: a skipped test is a failure)");
    }
    eprintln!("\n*** SKIPPED: {why} ***\n");
}

fn with_db(base: &str, db: &str) -> String {
    // base is postgres://user@/?host=DIR&port=P  or a full URL ending in /dbname
    if let Some((head, query)) = base.split_once("/?") {
        format!("{head}/{db}?{query}")
    } else if let Some(i) = base.rfind('/') {
        format!("{}/{db}", &base[..i])
    } else {
        base.to_string()
    }
}

fn cluster() -> &'static Result<String, String> {
    static CLUSTER: OnceLock<Result<String, String>> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        if let Ok(url) = std::env::var("CHISO_TEST_PG_URL") {
            return Ok(url);
        }
        start_cluster()
    })
}

fn pg_bin(name: &str) -> Option<PathBuf> {
    if let Ok(dirs) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut versions: Vec<PathBuf> = dirs.flatten().map(|d| d.path()).collect();
        versions.sort();
        for v in versions.iter().rev() {
            let p = v.join("bin").join(name);
            if p.exists() {
                return Some(p);
            }
        }
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.exists())
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn as_pg_user(root: bool, bin: &Path) -> Command {
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin);
        c
    } else {
        Command::new(bin)
    }
}

fn start_cluster() -> Result<String, String> {
    let initdb = pg_bin("initdb").ok_or("initdb not found (install postgresql)")?;
    let pg_ctl = pg_bin("pg_ctl").ok_or("pg_ctl not found (install postgresql)")?;
    let root = is_root();
    let dir = std::env::temp_dir().join(format!("chiso-pg-{}", std::process::id()));
    let data = dir.join("data");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    if root {
        run(Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&dir))?;
    }
    run(as_pg_user(root, &initdb)
        .args([
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
            "-D",
        ])
        .arg(&data))?;
    let port = 20000 + (std::process::id() % 20000);
    let opts = format!(
        "-k {} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
        dir.display()
    );
    run(as_pg_user(root, &pg_ctl)
        .args(["-w", "-s", "-D"])
        .arg(&data)
        .args(["-o", &opts, "-l"])
        .arg(dir.join("log"))
        .arg("start"))?;
    // Watchdog: stop the cluster and remove its files when this process ends.
    let stop = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {su} {pg_ctl} -D {data} -m immediate -s stop; rm -rf {dir}",
        pid = std::process::id(),
        su = if root { "runuser -u postgres --" } else { "" },
        pg_ctl = pg_ctl.display(),
        data = data.display(),
        dir = dir.display(),
    );
    Command::new("sh")
        .args(["-c", &stop])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "postgres://postgres@localhost/?host={}&port={port}",
        dir.display()
    ))
}

/// Declares an async test body once and runs it on SQLite and on PostgreSQL, as
/// `sqlite::<name>` and `postgres::<name>`. The body is `async fn(TestDb)`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::testing::sqlite().await).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(db) = $crate::testing::postgres().await {
                        super::$name(db).await;
                    }
                }
            )+
        }
    };
}

/// Runs one SQL statement straight on the database at `url`, bypassing Chiso: how a test
/// plays someone editing the tables by hand (e.g. an audit row). Returns rows affected.
pub async fn execute_raw(url: &str, sql: &str) -> Result<u64, String> {
    let store = Store::connect(url).await.map_err(|e| e.to_string())?;
    let n = match &store {
        Store::Sqlite(p) => sqlx::query(sql).execute(p).await.map(|r| r.rows_affected()),
        Store::Postgres(p) => sqlx::query(sql).execute(p).await.map(|r| r.rows_affected()),
    }
    .map_err(|e| e.to_string())?;
    store.close().await;
    Ok(n)
}
