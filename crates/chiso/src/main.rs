//! The `chiso` command: serve the web app, migrate, load the demo, manage users,
//! verify the audit chain. Configuration: flags, then `CHISO_*` environment variables,
//! then an optional `chiso.toml` in the working directory.

use anyhow::{Context, Result, bail};
use chiso_app::App;
use chiso_app::auth::UserSpec;
use chiso_core::access::Role;
use chiso_web::i18n::Lang;
use clap::{Parser, Subcommand};
use serde::Deserialize;
use std::net::SocketAddr;
use std::time::Instant;

mod bench;
mod bench_import;
mod bench_national;
mod bench_national_app;
mod exchange;
mod index;

/// Default database: an SQLite file in the working directory.
const DEFAULT_DATABASE: &str = "sqlite:chiso.db";
/// Default address.
const DEFAULT_BIND: &str = "127.0.0.1:8080";

#[derive(Parser)]
#[command(
    name = "chiso",
    version,
    about = "Chiso — steering and operation index system"
)]
struct Cli {
    /// Database URL: sqlite:PATH (default ./chiso.db) or postgres://user:pass@host/db.
    #[arg(long, global = true, env = "CHISO_DATABASE_URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app and API (creates and migrates the database if needed).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "CHISO_BIND")]
        bind: Option<String>,
        /// Load the demo province first if the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations.
    Migrate,
    /// Load the demo province ("Tỉnh Mẫu", sample data) into an empty database.
    Demo,
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Import data values from a file: Chiso CSV, DHIS2 JSON or CSV, or ADX XML. All
    /// records are saved, or none; exits with 1 when the file has problems.
    Import {
        /// The file.
        file: std::path::PathBuf,
        /// csv, dhis2-json, dhis2-csv or adx (default: told from the name and content).
        #[arg(long)]
        format: Option<String>,
        /// Check only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Save the good records even if some are bad.
        #[arg(long)]
        accept_good: bool,
        /// Code mappings to use for other systems' identifiers.
        #[arg(long, default_value = "dhis2")]
        scheme: String,
        /// The user the import is recorded as (whose rights apply).
        #[arg(long, default_value = "admin")]
        user: String,
        /// Language of the messages: vi or en.
        #[arg(long, default_value = "vi")]
        lang: String,
    },
    /// Export data values to a file, in a format that imports back.
    Export {
        /// Where to write (`-` for standard output).
        #[arg(long, short)]
        output: std::path::PathBuf,
        /// csv, dhis2-json, dhis2-csv or adx.
        #[arg(long, default_value = "csv")]
        format: String,
        /// Only this indicator (code).
        #[arg(long)]
        indicator: Option<String>,
        /// Only this org unit (code) ...
        #[arg(long)]
        org_unit: Option<String>,
        /// ... and its whole subtree.
        #[arg(long)]
        subtree: bool,
        /// First period, e.g. 2025Q1.
        #[arg(long)]
        from: Option<String>,
        /// Last period.
        #[arg(long)]
        to: Option<String>,
        /// Code mappings to write DHIS2 and ADX identifiers with.
        #[arg(long, default_value = "dhis2")]
        scheme: String,
        /// The user whose read rights apply.
        #[arg(long, default_value = "admin")]
        user: String,
    },
    /// Resolutions' tasks: the back-test of the early warnings.
    Tasks {
        #[command(subcommand)]
        command: TasksCommand,
    },
    /// Composite indices from files: list the templates, score and rank units.
    Index {
        #[command(subcommand)]
        command: IndexCommand,
    },
    /// Measure how fast an approved value reaches the analytics (on a temporary SQLite
    /// database with the demo province).
    Bench {
        /// How many values to approve and follow.
        #[arg(long, default_value_t = 20)]
        runs: usize,
        #[command(subcommand)]
        what: Option<BenchCommand>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; prints a generated password unless CHISO_USER_PASSWORD is set.
    Add {
        /// Login name.
        #[arg(long)]
        username: String,
        /// Full name.
        #[arg(long)]
        full_name: String,
        /// Role on an org unit, as ROLE@UNIT_CODE (e.g. data_officer@TM.STC); repeatable.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Import throughput of a CSV file into SQLite and PostgreSQL, against PostgreSQL's
    /// own COPY of the same rows.
    Import {
        /// How many values the file holds.
        #[arg(long, default_value_t = 1_000_000)]
        values: usize,
        /// PostgreSQL server to use (default: a throwaway cluster from the local initdb).
        #[arg(long)]
        postgres: Option<String>,
    },
    /// The analytics kernels at national scale: 34 provinces, 3,321 communes, 700 agencies,
    /// 500 indicators, about 49.5 million values; a fixed query mix with p50/p99, the load
    /// time and memory per value.
    National {
        /// Years of data (1–10; 10 is the full size).
        #[arg(long, default_value_t = 10)]
        years: i32,
        /// Instances of each query.
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// Also write the data and the query instances here, for bench/peers/run.py.
        #[arg(long)]
        write: Option<std::path::PathBuf>,
    },
    /// The application's own analytics at national scale: the same generated country in a
    /// real database (tree, 501 indicators through the catalogue, values approved, targets),
    /// then the analytics API's table, the dashboard, the indicator page and an approval
    /// followed by a read, with p50/p99, the load and the memory per value.
    NationalApp {
        /// Years of data (1–10; 10 is the full size, about 49.5 million values).
        #[arg(long, default_value_t = 10)]
        years: i32,
        /// Calls of each use case.
        #[arg(long, default_value_t = 50)]
        runs: usize,
        /// An empty database to use (default: a temporary SQLite file).
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Time of a rank uncertainty and sensitivity analysis (normalisation, aggregation and
    /// weights uncertain) on synthetic data.
    Sensitivity {
        /// Units ranked.
        #[arg(long, default_value_t = 3321)]
        units: usize,
        /// Indicators (in ten pillars).
        #[arg(long, default_value_t = 50)]
        indicators: usize,
        /// Index computations (a multiple of 5: N(d + 2) with d = 3 factors).
        #[arg(long, default_value_t = 1000)]
        replications: usize,
    },
}

#[derive(Subcommand)]
enum TasksCommand {
    /// Replay the tasks' history day by day and report how many tasks that ended late were
    /// flagged at risk before their deadline, how early, and the false alarms.
    Backtest {
        /// Cut the history on this day (default: today, Vietnam time).
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
    },
}

#[derive(Subcommand)]
enum IndexCommand {
    /// List the shipped methodologies (PCI, PAPI, PGI by version).
    Templates,
    /// Score and rank the units of a CSV file of component values.
    Compute {
        /// A template id (`chiso index templates`) or a methodology file (.json, .toml).
        #[arg(long)]
        template: String,
        /// CSV with a `unit` column and one column per component code.
        #[arg(long)]
        input: std::path::PathBuf,
        /// Where to write `unit, score, rank` and every component (`-`: standard output).
        #[arg(long, short, default_value = "-")]
        output: std::path::PathBuf,
    },
    /// Carry former units' component values onto the units they merged into (e.g. 63
    /// provinces → 34), then score and rank; the result is labelled as derived.
    Merge {
        /// A template id or a methodology file.
        #[arg(long)]
        template: String,
        /// CSV of the former units: `unit` and one column per component.
        #[arg(long)]
        input: std::path::PathBuf,
        /// CSV `from,to[,weight]`: each former unit, its new unit, its weight (population).
        #[arg(long)]
        mapping: std::path::PathBuf,
        /// weighted-mean, mean, sum, max or min.
        #[arg(long, default_value = "weighted-mean")]
        rule: String,
        /// Where to write the derived scores (`-`: standard output).
        #[arg(long, short, default_value = "-")]
        output: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the audit hash chain end to end.
    Verify {
        /// The chain must still hold this event (`id:hash`, printed earlier by `chiso audit
        /// anchor`): deleting the newest events is caught only this way.
        #[arg(long)]
        anchor: Option<chiso_core::audit::Anchor>,
    },
    /// Print the head of the chain (`id:hash`) to keep outside the database.
    Anchor,
}

/// Settings read from `chiso.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    bind: Option<String>,
}

fn file_config() -> Result<FileConfig> {
    match std::fs::read_to_string("chiso.toml") {
        Ok(text) => toml::from_str(&text).context("chiso.toml"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FileConfig::default()),
        Err(e) => Err(e).context("reading chiso.toml"),
    }
}

/// Turns an app error into a message in both languages for the terminal.
fn explain(e: chiso_app::AppError) -> anyhow::Error {
    if let chiso_app::AppError::Internal(detail) = &e {
        return anyhow::anyhow!("{detail}");
    }
    let p = e.first();
    let vi = chiso_web::error::message(&p, Lang::Vi);
    let en = chiso_web::error::message(&p, Lang::En);
    anyhow::anyhow!("{vi} / {en} [{}]", p.code)
}

async fn open(url: &str) -> Result<App> {
    let store = chiso_app::open_store(url)
        .await
        .with_context(|| format!("opening database {}", redact(url)))?;
    App::new(store)
        .await
        .context("loading the organisation tree")
}

/// Hides a password in a database URL for printing.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

async fn load_demo(app: &App) -> Result<()> {
    let started = Instant::now();
    let s = app.load_demo().await.map_err(explain)?;
    println!(
        "Đã nạp dữ liệu mẫu / demo loaded: {} units, {} indicators, {} values, {} targets in {:.1}s",
        s.org_units,
        s.indicators,
        s.values,
        s.targets,
        started.elapsed().as_secs_f64()
    );
    println!(
        "Tài khoản mẫu / demo accounts (password «{}»): lanhdao, bientap, sotc, xa001, pheduyet, xem",
        chiso_app::seed::DEMO_PASSWORD
    );
    Ok(())
}

async fn bootstrap(app: &App) -> Result<()> {
    let given = std::env::var("CHISO_ADMIN_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty());
    if let Some(pw) = app.bootstrap_admin(given).await.map_err(explain)? {
        println!("================================================================");
        println!(" Tài khoản quản trị / admin account created");
        println!("   username: admin");
        println!("   password: {pw}");
        println!(" Mật khẩu chỉ hiển thị một lần / shown only this once.");
        println!("================================================================");
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CHISO_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn")
            }),
        )
        .init();
    let cli = Cli::parse();
    let file = file_config()?;
    let url = cli
        .database_url
        .or(file.database_url)
        .unwrap_or_else(|| DEFAULT_DATABASE.into());
    match cli.command {
        Command::Serve { bind, demo } => {
            let app = open(&url).await?;
            if demo && app.is_empty().await.map_err(explain)? {
                load_demo(&app).await?;
            }
            bootstrap(&app).await?;
            // Other `chiso serve` processes on the same PostgreSQL: follow their changes.
            app.watch_other_processes().await.map_err(explain)?;
            // Read the values into memory while the server starts answering, so that the
            // first leader to open a dashboard does not wait for it (at national scale,
            // tens of seconds); a request meanwhile waits for the load to end.
            let warm = app.clone();
            tokio::spawn(async move {
                if let Err(e) = warm.prepare_analytics().await {
                    tracing::warn!(error = %e, "analytics: reading the values into memory failed; the first request will try again");
                }
            });
            let bind = bind.or(file.bind).unwrap_or_else(|| DEFAULT_BIND.into());
            let addr: SocketAddr = bind
                .parse()
                .with_context(|| format!("bad address {bind}"))?;
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr}"))?;
            let shown = listener.local_addr()?;
            println!(
                "Chiso đang chạy / is running at http://{shown}/  (database: {})",
                redact(&url)
            );
            chiso_web::serve(app, listener).await?;
        }
        Command::Import {
            file,
            format,
            dry_run,
            accept_good,
            scheme,
            user,
            lang,
        } => {
            let app = open(&url).await?;
            let who = exchange::acting_user(&app, &user).await?;
            let args = exchange::ImportArgs {
                file: &file,
                format: format.as_deref(),
                dry_run,
                accept_good,
                scheme: &scheme,
                lang: Lang::parse(&lang).unwrap_or(Lang::Vi),
            };
            if !exchange::import(&app, &who, &args).await? {
                std::process::exit(1);
            }
        }
        Command::Export {
            output,
            format,
            indicator,
            org_unit,
            subtree,
            from,
            to,
            scheme,
            user,
        } => {
            let app = open(&url).await?;
            let who = exchange::acting_user(&app, &user).await?;
            let filter = chiso_app::values::ValueFilter {
                indicator,
                org_unit,
                subtree,
                from,
                to,
            };
            let n = exchange::export(&app, &who, &filter, &format, &scheme, &output).await?;
            eprintln!("Đã xuất / exported {n} values");
        }
        Command::Bench { runs, what } => match what {
            None => bench::freshness(runs.max(1)).await?,
            Some(BenchCommand::Import { values, postgres }) => {
                bench_import::import(values.max(1), postgres).await?;
            }
            Some(BenchCommand::National { years, runs, write }) => {
                bench_national::national(years, runs.max(1), write)?;
            }
            Some(BenchCommand::NationalApp {
                years,
                runs,
                database_url,
            }) => {
                bench_national_app::national_app(years, runs.max(1), database_url).await?;
            }
            Some(BenchCommand::Sensitivity {
                units,
                indicators,
                replications,
            }) => index::bench_sensitivity(units.max(2), indicators.max(1), replications)?,
        },
        Command::Tasks {
            command: TasksCommand::Backtest { as_of },
        } => {
            let app = open(&url).await?;
            let as_of =
                as_of.unwrap_or_else(|| chiso_app::submissions::vietnam_day(chrono::Utc::now()));
            let report = app.tasks_backtest(as_of).await.map_err(explain)?;
            print_backtest(&report);
        }
        Command::Index { command } => match command {
            IndexCommand::Templates => index::templates(&mut std::io::stdout().lock())?,
            IndexCommand::Compute {
                template,
                input,
                output,
            } => {
                index::compute(&template, &input, &output)?;
            }
            IndexCommand::Merge {
                template,
                input,
                mapping,
                rule,
                output,
            } => {
                index::merge(&template, &input, &mapping, &rule, &output)?;
            }
        },
        Command::Migrate => {
            open(&url).await?;
            println!("Đã cập nhật lược đồ / migrations applied: {}", redact(&url));
        }
        Command::Demo => {
            let app = open(&url).await?;
            load_demo(&app).await?;
            bootstrap(&app).await?;
        }
        Command::User {
            command:
                UserCommand::Add {
                    username,
                    full_name,
                    roles,
                },
        } => {
            let app = open(&url).await?;
            let mut grants = Vec::new();
            for r in &roles {
                let Some((role, unit)) = r.split_once('@') else {
                    bail!("--role must be ROLE@UNIT_CODE, got {r}");
                };
                let role = Role::parse(role).with_context(|| {
                    let all: Vec<_> = Role::ALL.iter().map(|r| r.as_str()).collect();
                    format!("unknown role {role}; one of {}", all.join(", "))
                })?;
                grants.push((role, unit.to_string()));
            }
            let given = std::env::var("CHISO_USER_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty());
            let password = given
                .clone()
                .unwrap_or_else(|| chiso_app::auth::random_secret()[..20].to_string());
            app.create_user_unchecked(&UserSpec {
                username: username.clone(),
                full_name,
                password: password.clone(),
                grants,
            })
            .await
            .map_err(explain)?;
            println!("Đã tạo / created user {username}");
            if given.is_none() {
                println!("password: {password}  (shown once)");
            }
        }
        Command::Audit {
            command: AuditCommand::Verify { anchor },
        } => {
            let app = open(&url).await?;
            let n = app
                .verify_audit_against(anchor.as_ref())
                .await
                .map_err(explain)?;
            println!("Chuỗi nhật ký toàn vẹn / audit chain intact: {n} events");
            if let Some(a) = anchor {
                println!("Còn nguyên sự kiện neo / anchored event present: {}", a.id);
            }
        }
        Command::Audit {
            command: AuditCommand::Anchor,
        } => {
            let app = open(&url).await?;
            match app.audit_anchor().await.map_err(explain)? {
                Some(a) => println!("{a}"),
                None => anyhow::bail!("Nhật ký trống / the audit trail is empty"),
            }
        }
    }
    Ok(())
}

/// Prints the back-test: each judged task, then the figures.
fn print_backtest(r: &chiso_app::resolutions::BacktestReport) {
    let b = &r.backtest;
    println!(
        "Kiểm định cảnh báo sớm / early-warning back-test, as of {}",
        b.as_of
    );
    println!(
        "{:<14} {:<8} {:<12} {:>9}  title",
        "task", "outcome", "first flag", "lead days"
    );
    let mut outcomes: Vec<_> = b.outcomes.iter().collect();
    outcomes.sort_by_key(|o| r.tasks.get(&o.id).map(|t| t.0.clone()));
    for o in outcomes {
        let (code, title) = r.tasks.get(&o.id).cloned().unwrap_or_default();
        println!(
            "{:<14} {:<8} {:<12} {:>9}  {}",
            code,
            if o.late { "late" } else { "on time" },
            o.first_flag
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
            o.lead_days
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
            title
        );
    }
    let pct = |x: Option<f64>| x.map_or_else(|| "—".into(), |v| format!("{:.0} %", v * 100.0));
    println!();
    println!("tasks ended:                     {}", b.ended);
    println!(
        "ended late:                      {} (flagged before the deadline: {}, recall {})",
        b.late,
        b.late_flagged,
        pct(b.recall())
    );
    println!(
        "median lead time of the flags:   {}",
        b.median_lead_days
            .map_or_else(|| "—".into(), |d| format!("{d} days"))
    );
    println!(
        "ended on time:                   {} (flagged anyway, false alarms: {})",
        b.on_time, b.false_alarms
    );
    println!("precision of the flags:          {}", pct(b.precision()));
}
