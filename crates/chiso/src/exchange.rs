//! `chiso import` and `chiso export`: data value files from the command line, with a
//! progress bar for long files.

use anyhow::{Context, Result, bail};
use chiso_app::App;
use chiso_app::exchange::{ImportOptions, ImportProgress, MAX_FILE_BYTES};
use chiso_app::values::ValueFilter;
use chiso_core::access::Principal;
use chiso_web::i18n::Lang;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// Problems printed in full; the rest are counted.
const SHOWN_PROBLEMS: usize = 50;

/// How `chiso import` was asked to run.
pub struct ImportArgs<'a> {
    /// The file.
    pub file: &'a Path,
    /// `csv`, `dhis2-json`, `dhis2-csv` or `adx`; guessed when absent.
    pub format: Option<&'a str>,
    /// Check only.
    pub dry_run: bool,
    /// Save the good records even if some are bad.
    pub accept_good: bool,
    /// Code mapping scheme.
    pub scheme: &'a str,
    /// Language of the messages.
    pub lang: Lang,
}

/// The user the command acts as.
pub async fn acting_user(app: &App, username: &str) -> Result<Principal> {
    app.principal_for_username(username)
        .await
        .map_err(crate::explain)?
        .with_context(|| format!("no user {username}; name one with --user"))
}

/// Imports a file; returns whether it was clean (for the exit code).
pub async fn import(app: &App, who: &Principal, a: &ImportArgs<'_>) -> Result<bool> {
    let size = std::fs::metadata(a.file)
        .with_context(|| format!("cannot read {}", a.file.display()))?
        .len();
    if size > MAX_FILE_BYTES {
        bail!(
            "{} is {size} bytes; at most {MAX_FILE_BYTES} are read at once — split it / tệp quá lớn, hãy chia nhỏ",
            a.file.display()
        );
    }
    let mut head = vec![0u8; 512];
    let n = std::fs::File::open(a.file)?.read(&mut head)?;
    head.truncate(n);
    let name = a
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let format = chiso_app::exchange::choose_format(a.format, &name, &head)
        .map_err(|p| anyhow::anyhow!(chiso_web::error::message(&p, a.lang)))?;
    let mut options = ImportOptions::new(format, &name);
    options.dry_run = a.dry_run;
    options.accept_good = a.accept_good;
    options.scheme = a.scheme.to_string();

    let bar = ProgressBar::new(size);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(if a.dry_run { "checking" } else { "importing" });
    let file = std::fs::File::open(a.file)?;
    let reader = bar.wrap_read(std::io::BufReader::with_capacity(256 * 1024, file));
    let started = std::time::Instant::now();
    let report = app
        .import_values(
            who,
            Box::new(reader),
            &options,
            Arc::new(ImportProgress::default()),
        )
        .await
        .map_err(crate::explain)?;
    let elapsed = started.elapsed().as_secs_f64();
    bar.finish_and_clear();
    let label = |vi: &str, en: &str| {
        if a.lang == Lang::En {
            en.to_string()
        } else {
            vi.to_string()
        }
    };
    println!(
        "{} {} ({}): {} {}, {} {}, {} {}, {} {}, {} {} — {:.2} s, {:.0} {}/s",
        label("Tệp", "File"),
        a.file.display(),
        format,
        report.read,
        label("bản ghi", "records"),
        report.new,
        label("mới", "new"),
        report.updated,
        label("cập nhật", "updated"),
        report.unchanged,
        label("không đổi", "unchanged"),
        report.rejected,
        label("bị từ chối", "rejected"),
        elapsed,
        report.read as f64 / elapsed.max(1e-9),
        label("bản ghi", "records"),
    );
    for p in report.problems.iter().take(SHOWN_PROBLEMS) {
        let body = chiso_web::error::body(p, a.lang);
        let at = match (body.line, body.row) {
            (Some(_), _) => String::new(),
            (None, Some(r)) => format!("#{}: ", r + 1),
            (None, None) => String::new(),
        };
        println!("  {at}{}", body.message);
    }
    let hidden = report.problems.len().saturating_sub(SHOWN_PROBLEMS) as u64 + report.more_problems;
    if hidden > 0 {
        println!("  … {hidden} {}", label("lỗi khác", "more problems"));
    }
    for w in report.warnings.iter().take(SHOWN_PROBLEMS) {
        println!("  {}", chiso_web::error::message(w, a.lang));
    }
    let clean = report.problems.is_empty();
    println!(
        "{}",
        match (report.dry_run, report.written, clean) {
            (false, true, true) if report.new + report.updated == 0 => label(
                "Không có gì thay đổi: mọi giá trị đã có sẵn.",
                "Nothing changed: every value is already stored."
            ),
            (true, _, true) => label(
                "Kiểm tra xong, không có lỗi; chưa ghi gì (bỏ --dry-run để ghi).",
                "Checked: no problems; nothing written (drop --dry-run to write)."
            ),
            (true, _, false) => label(
                "Kiểm tra xong; có lỗi, chưa ghi gì.",
                "Checked: problems found; nothing written."
            ),
            (false, true, true) => label("Đã ghi.", "Saved."),
            (false, true, false) => label(
                "Đã ghi các bản ghi hợp lệ; bản ghi lỗi bị bỏ qua.",
                "Good records saved; bad ones skipped."
            ),
            (false, false, _) => label("Có lỗi: không ghi gì.", "Problems found: nothing written."),
        }
    );
    Ok(clean)
}

/// Exports values to a file (or standard output for `-`); returns how many.
pub async fn export(
    app: &App,
    who: &Principal,
    filter: &ValueFilter,
    format: &str,
    scheme: &str,
    output: &Path,
) -> Result<u64> {
    let format = chiso_app::exchange::choose_format(Some(format), "", &[])
        .map_err(|p| anyhow::anyhow!(chiso_web::error::message(&p, Lang::En)))?;
    let sink: Box<dyn std::io::Write> = if output == Path::new("-") {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::io::BufWriter::new(
            std::fs::File::create(output)
                .with_context(|| format!("cannot write {}", output.display()))?,
        ))
    };
    let (mut sink, n) = app
        .export_values(who, filter, format, scheme, sink)
        .await
        .map_err(crate::explain)?;
    sink.flush()?;
    Ok(n)
}
