//! Bulk import and export of data values: Chiso CSV, DHIS2 JSON and CSV, ADX, through
//! code mappings kept as data.
//!
//! An import streams: a blocking thread parses the file and hands batches of records over
//! a bounded channel, so memory stays bounded however long the file is. Every record is
//! checked (codes, period type, value type, ownership, approved values, duplicates with a
//! different value in the same file). By default the import is all or nothing: good
//! batches are written inside one transaction as they come, which is rolled back if any
//! record is bad; a dry run writes nothing. Values equal to what is stored are left alone,
//! so importing the same file twice changes nothing the second time.

use crate::auth::audit;
use crate::{App, AppError, AppResult, ErrorKind, Problem, now};
use chiso_core::access::{Action, Principal};
use chiso_core::exchange::mapping::{CodeMapping, MappingKind, Mappings, split_key};
use chiso_core::exchange::{
    ExportRecord, Format, Location, ReadError, Record, Writer, read_records,
};
use chiso_core::indicator::{Indicator, IndicatorId, ValueType};
use chiso_core::org::{OrgId, OrgTree};
use chiso_core::period::Period;
use chiso_core::value::{DataValue, ValueChannel, ValueStatus, check_period};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Largest file accepted (bytes). Larger files are refused before reading, with a clear
/// message: split them, or raise the limit knowingly.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
/// Problems kept in a report; the rest are counted.
pub const MAX_PROBLEMS: usize = 1000;

/// Largest file (in values) whose values are tested for outliers at import.
pub const OUTLIER_TEST_LIMIT: usize = 100_000;
/// Records per batch handed from the parser to the checker.
const BATCH: usize = 5000;
/// The scheme of mappings used when none is named.
pub const DEFAULT_SCHEME: &str = "dhis2";

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The file's format.
    pub format: Format,
    /// Check only; write nothing.
    pub dry_run: bool,
    /// Write the good records even if some are bad (default: all or nothing).
    pub accept_good: bool,
    /// Which code mappings to use.
    pub scheme: String,
    /// The file's name, for the audit trail.
    pub file_name: String,
}

impl ImportOptions {
    /// All-or-nothing import of `format` with the default mappings.
    pub fn new(format: Format, file_name: &str) -> Self {
        ImportOptions {
            format,
            dry_run: false,
            accept_good: false,
            scheme: DEFAULT_SCHEME.into(),
            file_name: file_name.into(),
        }
    }
}

/// Picks the format from a parameter, or guesses it from the file name and first bytes.
///
/// # Errors
/// An unknown format name, or a file whose format cannot be told.
pub fn choose_format(given: Option<&str>, name: &str, head: &[u8]) -> Result<Format, Problem> {
    match given.map(str::trim).filter(|f| !f.is_empty()) {
        Some(f) => Format::parse(&f.to_lowercase()).ok_or_else(|| {
            Problem::invalid("values.bad_format")
                .field("format")
                .arg("format", f)
        }),
        None => Format::guess(name, head).ok_or_else(|| {
            Problem::invalid("import.unknown_format")
                .field("format")
                .arg("name", name)
        }),
    }
}

/// Progress of a running import, readable from another task.
#[derive(Debug, Default)]
pub struct ImportProgress {
    /// Bytes read from the file so far.
    pub bytes: AtomicU64,
    /// Records read so far.
    pub records: AtomicU64,
    /// Records checked so far.
    pub checked: AtomicU64,
}

/// What an import did (or, for a dry run, would do).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize)]
pub struct ValueImportReport {
    /// The format read.
    pub format: String,
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// Whether the changes were saved.
    pub written: bool,
    /// Records read.
    pub read: u64,
    /// Values that are new.
    pub new: u64,
    /// Values that change a stored value.
    pub updated: u64,
    /// Values equal to what is stored (left alone).
    pub unchanged: u64,
    /// Records rejected.
    pub rejected: u64,
    /// SHA-256 of the file, as recorded in the audit trail.
    pub sha256: String,
    /// The problems (at most [`MAX_PROBLEMS`]), each naming its record (`row`, 0-based)
    /// and line (argument `file_line`).
    #[serde(skip)]
    pub problems: Vec<Problem>,
    /// Problems beyond those listed.
    pub more_problems: u64,
    /// Cross-indicator validation rules that the values would break once imported (the
    /// file's values over what is stored), at most [`MAX_PROBLEMS`]; they do not stop the
    /// import.
    #[serde(skip)]
    pub warnings: Vec<Problem>,
}

/// What crosses from the parsing thread.
enum Item {
    Record(Location, Record),
    Problem(ReadError),
}

enum Message {
    Batch(Vec<Item>),
    Done(Result<u64, ReadError>, String),
}

/// Counts and hashes what is read.
struct Tap<R> {
    inner: R,
    hash: Sha256,
    progress: Arc<ImportProgress>,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.progress.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A read error as a located problem.
fn read_problem(e: &ReadError) -> Problem {
    let mut p = Problem::invalid(e.key());
    p = match e {
        ReadError::NotUtf8 { hint, .. } => p.arg(
            "hint",
            match hint.as_str() {
                "utf16" => "@io.hint_utf16",
                "legacy" => "@io.hint_legacy",
                _ => "@io.hint_none",
            },
        ),
        ReadError::UnknownHeader { found, expected } => {
            p.arg("found", found).arg("expected", expected)
        }
        ReadError::MissingColumn { column } => p.arg("column", column),
        ReadError::Syntax { message, .. } => p.arg("detail", message),
        ReadError::FieldCount {
            found, expected, ..
        } => p.arg("found", found).arg("expected", expected),
        ReadError::MissingField { field, .. } => p.arg("field", field),
        ReadError::FormulaCell { cell, .. } => p.arg("cell", cell),
        ReadError::MergedCells { cells } => p.arg("cells", cells),
        ReadError::Io(detail) => p.arg("detail", detail),
        ReadError::Stopped => p,
    };
    if let Some(line) = e.line() {
        p = p.arg("file_line", line);
    }
    match e {
        ReadError::MissingField { item, field, .. } => {
            p = p
                .row(usize::try_from(item.saturating_sub(1)).unwrap_or(usize::MAX))
                .field(field.clone());
        }
        ReadError::MissingColumn { column } => p = p.field(column.clone()),
        _ => {}
    }
    p
}

/// Everything a record is checked against.
struct Checker<'a> {
    who: &'a Principal,
    tree: &'a OrgTree,
    by_code: HashMap<String, Indicator>,
    by_id: HashMap<IndicatorId, String>,
    mappings: Mappings,
    channel: ValueChannel,
    at: chrono::DateTime<chrono::Utc>,
}

fn located(p: Problem, loc: Location) -> Problem {
    let p = p.row(usize::try_from(loc.item.saturating_sub(1)).unwrap_or(usize::MAX));
    match loc.line {
        Some(line) => p.arg("file_line", line),
        None => p,
    }
}

/// Reads a value as written in a file: a number with a decimal point, or for a yes/no
/// indicator `true`/`false`.
fn parse_number(text: &str, vt: ValueType) -> Option<f64> {
    let t = text.trim();
    if vt == ValueType::Boolean {
        if t.eq_ignore_ascii_case("true") {
            return Some(1.0);
        }
        if t.eq_ignore_ascii_case("false") {
            return Some(0.0);
        }
    }
    if t.is_empty()
        || t.chars()
            .any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
    {
        return None;
    }
    t.parse::<f64>().ok()
}

impl Checker<'_> {
    fn indicator(&self, r: &Record) -> Result<&Indicator, Problem> {
        let key = self.mappings.key(&r.category_combo, &r.attribute_combo);
        if let Some(ind) = self
            .mappings
            .indicator(&r.element, &key)
            .and_then(|id| self.by_id.get(&id))
            .and_then(|c| self.by_code.get(c))
        {
            return Ok(ind);
        }
        if key.is_empty() {
            if let Some(ind) = self.by_code.get(&r.element) {
                return Ok(ind);
            }
            return Err(Problem::invalid("indicator.unknown")
                .field("indicator")
                .arg("code", &r.element));
        }
        Err(Problem::invalid("import.unmapped")
            .field("indicator")
            .arg("code", &r.element)
            .arg("disaggregation", key))
    }

    fn check(&self, r: &Record) -> Result<DataValue, Problem> {
        let ind = self.indicator(r)?;
        let unit = match self.mappings.org_unit(&r.org_unit) {
            Some(id) => self.tree.get(id),
            None => self.tree.by_code(&r.org_unit),
        }
        .ok_or_else(|| {
            Problem::invalid("org.unknown")
                .field("org_unit")
                .arg("code", &r.org_unit)
        })?;
        let period = crate::values::parse_period(&r.period, "period")?;
        check_period(&period, ind.sheet.frequency).map_err(|e| {
            Problem::invalid(e.key())
                .field("period")
                .arg("period", period)
                .arg("frequency", ind.sheet.frequency.as_str())
        })?;
        let value = parse_number(&r.value, ind.sheet.value_type).ok_or_else(|| {
            Problem::invalid("value.not_number")
                .field("value")
                .arg("input", &r.value)
        })?;
        crate::values::check_sheet_value(ind, value)?;
        let status = match r.status.as_deref().map(str::trim) {
            None | Some("") => ValueStatus::Submitted,
            // An approved or locked status (as exported) is accepted only where it matches
            // what is stored; see `check_batch`.
            Some(s) => match ValueStatus::parse(&s.to_lowercase()) {
                Some(st) => st,
                None => {
                    return Err(Problem::invalid("value.status_not_settable")
                        .field("status")
                        .arg("status", s));
                }
            },
        };
        crate::values::check_owner(self.who, self.tree, ind, unit)?;
        Ok(DataValue {
            indicator_id: ind.id,
            org_unit_id: unit.id,
            period,
            value,
            status,
            comment: r
                .comment
                .as_deref()
                .map(|c| chiso_core::text::nfc(c.trim()))
                .filter(|c| !c.is_empty()),
            definition_version: ind.version,
            channel: self.channel,
            updated_by: Some(self.who.user_id),
            updated_at: self.at,
        })
    }
}

type Key = (IndicatorId, OrgId, Period);

/// The running tally of an import.
struct Tally {
    report: ValueImportReport,
    /// Every key seen in the file: its record number and value.
    seen: HashMap<Key, (u64, f64)>,
    /// Stored values that the import changes: key, before, after.
    changed: Vec<(Key, f64, f64)>,
}

impl Tally {
    fn problem(&mut self, p: Problem) {
        self.report.rejected += 1;
        if self.report.problems.len() < MAX_PROBLEMS {
            self.report.problems.push(p);
        } else {
            self.report.more_problems += 1;
        }
    }
}

impl App {
    /// Imports data values from `input` (see the module documentation).
    ///
    /// # Errors
    /// Only failures of the database; problems with the file or its records are in the
    /// report.
    pub async fn import_values(
        &self,
        who: &Principal,
        input: Box<dyn Read + Send>,
        options: &ImportOptions,
        progress: Arc<ImportProgress>,
    ) -> AppResult<ValueImportReport> {
        if !who.can_somewhere(Action::WriteData) {
            return Err(Problem::new(ErrorKind::Forbidden, "forbidden").into());
        }
        let tree = self.tree();
        let indicators = self.store.all_indicators().await?;
        let checker = Checker {
            who,
            tree: &tree,
            by_id: indicators
                .iter()
                .map(|r| (r.indicator.id, r.indicator.code.to_string()))
                .collect(),
            by_code: indicators
                .into_iter()
                .map(|r| (r.indicator.code.to_string(), r.indicator))
                .collect(),
            mappings: Mappings::new(&self.store.code_mappings(&options.scheme).await?),
            channel: ValueChannel::Import,
            at: now(),
        };
        let mut tally = Tally {
            report: ValueImportReport {
                format: options.format.as_str().into(),
                dry_run: options.dry_run,
                written: false,
                read: 0,
                new: 0,
                updated: 0,
                unchanged: 0,
                rejected: 0,
                sha256: String::new(),
                problems: Vec::new(),
                more_problems: 0,
                warnings: Vec::new(),
            },
            seen: HashMap::new(),
            changed: Vec::new(),
        };

        let (sender, mut receiver) = tokio::sync::mpsc::channel::<Message>(4);
        let format = options.format;
        let reader_progress = progress.clone();
        let parser = tokio::task::spawn_blocking(move || {
            let mut tap = Tap {
                inner: input,
                hash: Sha256::new(),
                progress: reader_progress.clone(),
            };
            let batch = std::cell::RefCell::new(Vec::with_capacity(BATCH));
            let flush = |batch: &std::cell::RefCell<Vec<Item>>| -> ControlFlow<()> {
                let full = std::mem::replace(&mut *batch.borrow_mut(), Vec::with_capacity(BATCH));
                match sender.blocking_send(Message::Batch(full)) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(_) => ControlFlow::Break(()),
                }
            };
            let push = |item: Item| -> ControlFlow<()> {
                let full = {
                    let mut b = batch.borrow_mut();
                    b.push(item);
                    b.len() >= BATCH
                };
                if full {
                    flush(&batch)
                } else {
                    ControlFlow::Continue(())
                }
            };
            let mut on_record = |loc, r| {
                reader_progress.records.fetch_add(1, Ordering::Relaxed);
                push(Item::Record(loc, r))
            };
            let mut on_problem = |e| push(Item::Problem(e));
            let result = if format == Format::Xlsx {
                crate::exchange_xlsx::read(&mut tap, &mut on_record, &mut on_problem)
            } else {
                read_records(format, &mut tap, &mut on_record, &mut on_problem)
            };
            let _ = flush(&batch);
            let digest = hex::encode(tap.hash.finalize());
            let _ = sender.blocking_send(Message::Done(result, digest));
        });

        // Writing runs in a task of its own, so checking the next batch overlaps writing
        // this one; the task hands the transaction back at the end.
        let (writes, mut to_write) = tokio::sync::mpsc::channel::<Vec<DataValue>>(2);
        let writer = if options.dry_run {
            None
        } else {
            let mut tx = self.store.begin().await?;
            Some(tokio::spawn(async move {
                while let Some(batch) = to_write.recv().await {
                    tx.upsert_values_bulk(&batch).await?;
                }
                Ok::<_, chiso_store::StoreError>(tx)
            }))
        };
        let mut outcome: Option<Result<u64, ReadError>> = None;
        while let Some(message) = receiver.recv().await {
            match message {
                Message::Batch(items) => {
                    let write = self.check_batch(&checker, items, &mut tally).await?;
                    progress.checked.store(tally.report.read, Ordering::Relaxed);
                    let may_write = options.accept_good || tally.report.rejected == 0;
                    if writer.is_some() && may_write && !write.is_empty() {
                        // A closed channel means the writer failed; its error is reported
                        // when it is joined below.
                        let _ = writes.send(write).await;
                    }
                }
                Message::Done(result, digest) => {
                    tally.report.sha256 = digest;
                    outcome = Some(result);
                }
            }
        }
        parser
            .await
            .map_err(|e| AppError::Internal(format!("import reader: {e}")))?;
        drop(writes);
        let mut tx = match writer {
            Some(w) => Some(
                w.await
                    .map_err(|e| AppError::Internal(format!("import writer: {e}")))??,
            ),
            None => None,
        };
        match outcome {
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                let p = read_problem(&e);
                tally.report.problems.insert(0, p);
                // A file that cannot be read to its end is never written, even when
                // good records may be accepted.
                tally.report.rejected = tally.report.rejected.max(1);
                if let Some(tx) = tx.take() {
                    tx.rollback().await?;
                }
            }
            None => return Err(AppError::Internal("import reader ended early".into())),
        }
        tally.report.warnings = self.rule_warnings(&checker, &tally.seen).await?;
        let room = MAX_PROBLEMS.saturating_sub(tally.report.warnings.len());
        tally
            .report
            .warnings
            .extend(self.outlier_warnings(&checker, &tally.seen, room).await?);
        let accepted = options.accept_good || tally.report.rejected == 0;
        if let Some(mut tx) = tx {
            if accepted {
                if tally.report.new + tally.report.updated > 0 {
                    let changed: Vec<_> = tally
                        .changed
                        .iter()
                        .map(|((i, o, p), before, after)| {
                            serde_json::json!([
                                checker.by_id.get(i),
                                tree.get(*o).map(|u| u.code.to_string()),
                                p.to_string(),
                                before,
                                after
                            ])
                        })
                        .collect();
                    let detail = serde_json::json!({
                        "file": options.file_name,
                        "format": options.format,
                        "sha256": tally.report.sha256,
                        "new": tally.report.new,
                        "updated": tally.report.updated,
                        "unchanged": tally.report.unchanged,
                        "rejected": tally.report.rejected,
                        "changed": changed,
                    });
                    tx.append_audit(&audit(
                        Some(who.user_id),
                        "values.import",
                        "values",
                        &options.file_name,
                        &detail.to_string(),
                    ))
                    .await?;
                }
                tx.commit().await?;
                tally.report.written = true;
            } else {
                tx.rollback().await?;
            }
        }
        Ok(tally.report)
    }

    /// The file's values that stand out from their unit's last periods or from their peers
    /// (the file laid over what is stored, tested as on the entry form), at most `room` of
    /// them, in file order. Files of more than [`OUTLIER_TEST_LIMIT`] values are not tested
    /// (one warning says so): bulk loads stay fast, and the data-quality list tests them.
    async fn outlier_warnings(
        &self,
        checker: &Checker<'_>,
        seen: &HashMap<Key, (u64, f64)>,
        room: usize,
    ) -> AppResult<Vec<Problem>> {
        if seen.is_empty() || room == 0 {
            return Ok(Vec::new());
        }
        if seen.len() > OUTLIER_TEST_LIMIT {
            return Ok(vec![
                Problem::invalid("import.outliers_skipped")
                    .arg("n", seen.len())
                    .arg("limit", OUTLIER_TEST_LIMIT),
            ]);
        }
        let indicators: HashMap<IndicatorId, Indicator> = checker
            .by_code
            .values()
            .map(|i| (i.id, i.clone()))
            .collect();
        let keys: Vec<Key> = seen.keys().copied().collect();
        let mut around = self.neighbourhood(&indicators, &keys).await?;
        for ((i, o, p), (_, v)) in seen {
            around.set(*i, *o, *p, *v);
        }
        let mut in_order: Vec<_> = seen.iter().collect();
        in_order.sort_by_key(|(_, (item, _))| *item);
        let mut warnings = Vec::new();
        for ((i, o, p), (item, v)) in in_order {
            let Some(ind) = indicators.get(i) else {
                continue;
            };
            let Some(outlier) = around.test(ind, *o, *p, *v) else {
                continue;
            };
            let key = match outlier.basis {
                chiso_core::quality::Basis::History => "import.outlier_history",
                chiso_core::quality::Basis::Peers => "import.outlier_peers",
            };
            warnings.push(
                Problem::invalid(key)
                    .row(usize::try_from(item.saturating_sub(1)).unwrap_or(usize::MAX))
                    .field("value")
                    .arg("indicator", &ind.code)
                    .arg(
                        "unit",
                        checker
                            .tree
                            .get(*o)
                            .map(|u| u.code.to_string())
                            .unwrap_or_default(),
                    )
                    .arg("period", p)
                    .arg("value", v)
                    .arg("median", crate::values::short_number(outlier.median))
                    .arg("n", outlier.compared),
            );
            if warnings.len() >= room {
                break;
            }
        }
        Ok(warnings)
    }

    /// The validation rules broken by the file's values laid over the stored ones, for
    /// every unit and period the file touches (rules name few indicators, so one query
    /// reads what they need).
    async fn rule_warnings(
        &self,
        checker: &Checker<'_>,
        seen: &HashMap<Key, (u64, f64)>,
    ) -> AppResult<Vec<Problem>> {
        let rules = self.store.validation_rules().await?;
        if rules.is_empty() || seen.is_empty() {
            return Ok(Vec::new());
        }
        let parsed: Vec<_> = rules
            .into_iter()
            .filter_map(|r| Some((chiso_core::formula::parse(&r.formula).ok()?, r)))
            .collect();
        let mut codes = std::collections::HashSet::new();
        for (e, _) in &parsed {
            codes.extend(chiso_core::formula::deps::indicators(e));
        }
        let rule_codes: std::collections::HashSet<String> =
            codes.iter().map(|c| c.to_string()).collect();
        let ids: Vec<IndicatorId> = codes
            .iter()
            .filter_map(|c| checker.by_code.get(c.as_str()).map(|i| i.id))
            .collect();
        // The units and periods the file touches, for the rules' frequencies.
        let frequencies: std::collections::HashSet<_> =
            parsed.iter().map(|(_, r)| r.frequency).collect();
        let mut pairs: std::collections::BTreeSet<(OrgId, Period)> =
            std::collections::BTreeSet::new();
        for (_, o, p) in seen.keys() {
            if frequencies.contains(&p.period_type()) {
                pairs.insert((*o, *p));
            }
        }
        if pairs.is_empty() || ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut units: Vec<OrgId> = pairs.iter().map(|(o, _)| *o).collect();
        units.sort_unstable();
        units.dedup();
        let mut periods: Vec<Period> = pairs.iter().map(|(_, p)| *p).collect();
        periods.sort_unstable();
        periods.dedup();
        let mut values: HashMap<(OrgId, Period), HashMap<String, f64>> = HashMap::new();
        for v in self.store.values_among(&ids, &units, &periods).await? {
            if let Some(code) = checker.by_id.get(&v.indicator_id) {
                values
                    .entry((v.org_unit_id, v.period))
                    .or_default()
                    .insert(code.clone(), v.value);
            }
        }
        for ((i, o, p), (_, value)) in seen {
            if let Some(code) = checker
                .by_id
                .get(i)
                .filter(|c| rule_codes.contains(c.as_str()))
            {
                values
                    .entry((*o, *p))
                    .or_default()
                    .insert(code.clone(), *value);
            }
        }
        let rules: Vec<_> = parsed.into_iter().map(|(e, r)| (r, e)).collect();
        let mut warnings = Vec::new();
        for (o, p) in pairs {
            let Some(vals) = values.get(&(o, p)) else {
                continue;
            };
            let at_period: Vec<_> = rules
                .iter()
                .filter(|(r, _)| r.frequency == p.period_type())
                .cloned()
                .collect();
            for v in crate::quality::violations_of(&at_period, p, vals) {
                if warnings.len() >= MAX_PROBLEMS {
                    return Ok(warnings);
                }
                let shown = v
                    .values
                    .iter()
                    .map(|(c, x)| format!("{c} = {}", x.map_or("—".into(), |x| x.to_string())))
                    .collect::<Vec<_>>()
                    .join(", ");
                warnings.push(
                    Problem::invalid("import.rule_broken")
                        .arg("rule", &v.rule.code)
                        .arg(
                            "unit",
                            checker
                                .tree
                                .get(o)
                                .map(|u| u.code.to_string())
                                .unwrap_or_default(),
                        )
                        .arg("period", p)
                        .arg("values", shown),
                );
            }
        }
        Ok(warnings)
    }

    /// Checks one batch; returns the values to write.
    async fn check_batch(
        &self,
        checker: &Checker<'_>,
        items: Vec<Item>,
        tally: &mut Tally,
    ) -> AppResult<Vec<DataValue>> {
        let mut good: Vec<(Location, DataValue)> = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Item::Problem(e) => {
                    tally.report.read += 1;
                    tally.problem(read_problem(&e));
                }
                Item::Record(loc, r) => {
                    tally.report.read += 1;
                    match checker.check(&r) {
                        Ok(v) => {
                            let key = (v.indicator_id, v.org_unit_id, v.period);
                            match tally.seen.get(&key) {
                                Some((first, value)) if *value != v.value => {
                                    let first = *first;
                                    tally.problem(located(
                                        Problem::invalid("import.duplicate")
                                            .field("value")
                                            .arg("first", first)
                                            .arg("value", value),
                                        loc,
                                    ));
                                }
                                Some(_) => tally.report.unchanged += 1,
                                None => {
                                    tally.seen.insert(key, (loc.item, v.value));
                                    good.push((loc, v));
                                }
                            }
                        }
                        Err(p) => tally.problem(located(p, loc)),
                    }
                }
            }
        }
        let mut ids: Vec<_> = good.iter().map(|(_, v)| v.indicator_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut units: Vec<_> = good.iter().map(|(_, v)| v.org_unit_id).collect();
        units.sort_unstable();
        units.dedup();
        let mut periods: Vec<_> = good.iter().map(|(_, v)| v.period).collect();
        periods.sort_unstable();
        periods.dedup();
        let stored: HashMap<Key, DataValue> = self
            .store
            .values_among(&ids, &units, &periods)
            .await?
            .into_iter()
            .map(|v| ((v.indicator_id, v.org_unit_id, v.period), v))
            .collect();
        let mut write = Vec::with_capacity(good.len());
        for (loc, mut v) in good {
            let key = (v.indicator_id, v.org_unit_id, v.period);
            if v.status.is_settled() {
                let as_stored = stored
                    .get(&key)
                    .is_some_and(|old| old.status == v.status && old.value == v.value);
                if as_stored {
                    tally.report.unchanged += 1;
                } else {
                    tally.problem(located(
                        Problem::invalid("value.status_not_settable")
                            .field("status")
                            .arg("status", v.status),
                        loc,
                    ));
                }
                continue;
            }
            match stored.get(&key) {
                None => {
                    tally.report.new += 1;
                    write.push(v);
                }
                Some(old) => {
                    let comment = v.comment.clone().or_else(|| old.comment.clone());
                    let settled = old.status.is_settled();
                    let same = old.value == v.value
                        && old.comment == comment
                        && (settled || old.status == v.status);
                    if same {
                        tally.report.unchanged += 1;
                    } else if settled {
                        tally.problem(located(
                            Problem::new(ErrorKind::Conflict, "value.settled")
                                .field("value")
                                .arg("period", v.period),
                            loc,
                        ));
                    } else {
                        tally.report.updated += 1;
                        tally.changed.push((key, old.value, v.value));
                        v.comment = comment;
                        write.push(v);
                    }
                }
            }
        }
        Ok(write)
    }
}

/// A code mapping as callers see it: the target by its Chiso code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingDoc {
    /// Whose identifiers (e.g. `dhis2`).
    pub scheme: String,
    /// `indicator`, `org_unit` or `default_combo`.
    pub kind: MappingKind,
    /// The identifier in the other system (uid, code or name).
    pub external: String,
    /// For an indicator, the disaggregation: a category option combo, or exploded
    /// `Category=option` pairs sorted and joined by `,`; then `|` and the attribute combo
    /// if any. Empty for none.
    #[serde(default)]
    pub disaggregation: String,
    /// The Chiso indicator or org unit code (none for a default combo).
    #[serde(default)]
    pub target: Option<String>,
}

/// Values per page read while exporting.
const EXPORT_PAGE: i64 = 10_000;

impl App {
    /// Writes the values selected by `filter` that `who` may read to `out` in `format`.
    /// For DHIS2 and ADX, mapped indicators and units are written with their external
    /// identifiers (and disaggregations); unmapped ones with their Chiso codes. Returns
    /// the output and how many values were written.
    ///
    /// # Errors
    /// A bad filter, no permission, or the output fails.
    pub async fn export_values<W: std::io::Write>(
        &self,
        who: &Principal,
        filter: &crate::values::ValueFilter,
        format: Format,
        scheme: &str,
        out: W,
    ) -> AppResult<(W, u64)> {
        if format == Format::Xlsx {
            return Err(Problem::invalid("values.bad_format")
                .arg("format", format)
                .into());
        }
        let q = self.value_query(who, filter).await?;
        let tree = self.tree();
        let codes: HashMap<IndicatorId, String> = self
            .store
            .all_indicators()
            .await?
            .into_iter()
            .map(|r| (r.indicator.id, r.indicator.code.to_string()))
            .collect();
        let external = format != Format::ChisoCsv;
        let mappings = if external {
            Mappings::new(&self.store.code_mappings(scheme).await?)
        } else {
            Mappings::default()
        };
        let io = |e: std::io::Error| AppError::Internal(format!("export: {e}"));
        let mut writer = Writer::new(format, out).map_err(io)?;
        let mut offset = 0;
        loop {
            let (rows, _) = self.store.query_values(&q, EXPORT_PAGE, offset).await?;
            if rows.is_empty() {
                break;
            }
            offset += EXPORT_PAGE;
            for v in rows {
                let (element, key) = match mappings.external_indicator(v.indicator_id) {
                    Some((e, k)) => (e.clone(), k.clone()),
                    None => (
                        codes.get(&v.indicator_id).cloned().unwrap_or_default(),
                        String::new(),
                    ),
                };
                let (category_combo, attribute_combo) = split_key(&key);
                let org_unit = match mappings.external_org_unit(v.org_unit_id) {
                    Some(e) => e.to_string(),
                    None => tree
                        .get(v.org_unit_id)
                        .map(|u| u.code.to_string())
                        .unwrap_or_default(),
                };
                writer
                    .write(&ExportRecord {
                        element,
                        category_combo,
                        attribute_combo,
                        period: v.period,
                        org_unit,
                        value: v.value,
                        comment: v.comment,
                        stored_by: None,
                        last_updated: Some(v.updated_at.to_rfc3339()),
                        status: Some(v.status.as_str().to_string()),
                    })
                    .map_err(io)?;
            }
        }
        let n = writer.count();
        Ok((writer.finish().map_err(io)?, n))
    }

    /// The code mappings of a scheme, targets by code.
    ///
    /// # Errors
    /// The database fails.
    pub async fn code_mappings(&self, scheme: &str) -> AppResult<Vec<MappingDoc>> {
        let tree = self.tree();
        let codes: HashMap<IndicatorId, String> = self
            .store
            .all_indicators()
            .await?
            .into_iter()
            .map(|r| (r.indicator.id, r.indicator.code.to_string()))
            .collect();
        Ok(self
            .store
            .code_mappings(scheme)
            .await?
            .into_iter()
            .map(|m| MappingDoc {
                target: m.target_id.and_then(|id| match m.kind {
                    MappingKind::Indicator => codes.get(&id).cloned(),
                    MappingKind::OrgUnit => tree.get(id).map(|u| u.code.to_string()),
                    MappingKind::DefaultCombo => None,
                }),
                scheme: m.scheme,
                kind: m.kind,
                external: m.external,
                disaggregation: m.disaggregation,
            })
            .collect())
    }

    /// Adds or replaces code mappings (administrators only); each target must exist. All
    /// rows are saved, or none.
    ///
    /// # Errors
    /// Not an administrator, or a row names no existing indicator or unit.
    pub async fn set_code_mappings(
        &self,
        who: &Principal,
        docs: &[MappingDoc],
    ) -> AppResult<usize> {
        if !who.can_somewhere(Action::Administer) {
            return Err(Problem::new(ErrorKind::Forbidden, "forbidden").into());
        }
        let tree = self.tree();
        let ids: HashMap<String, IndicatorId> = self
            .store
            .all_indicators()
            .await?
            .into_iter()
            .map(|r| (r.indicator.code.to_string(), r.indicator.id))
            .collect();
        let mut problems = Vec::new();
        let mut rows = Vec::with_capacity(docs.len());
        for (i, d) in docs.iter().enumerate() {
            let target = d.target.as_deref().map(str::trim).unwrap_or("");
            let target_id = match d.kind {
                MappingKind::Indicator => ids.get(target).copied(),
                MappingKind::OrgUnit => tree.by_code(target).map(|u| u.id),
                MappingKind::DefaultCombo => None,
            };
            if d.scheme.trim().is_empty() || d.external.trim().is_empty() {
                problems.push(Problem::invalid("mapping.empty").row(i).field("external"));
            } else if target_id.is_none() && d.kind != MappingKind::DefaultCombo {
                problems.push(
                    Problem::invalid("mapping.no_target")
                        .row(i)
                        .field("target")
                        .arg("external", &d.external),
                );
            }
            rows.push(CodeMapping {
                scheme: d.scheme.trim().to_string(),
                kind: d.kind,
                external: d.external.trim().to_string(),
                disaggregation: d.disaggregation.trim().to_string(),
                target_id,
            });
        }
        if !problems.is_empty() {
            return Err(AppError::Problems(problems));
        }
        let rows = &rows;
        let mut tx = self.store.begin().await?;
        tx.upsert_code_mappings(rows).await?;
        tx.append_audit(&audit(
            Some(who.user_id),
            "mappings.set",
            "code_mappings",
            &rows.first().map(|m| m.scheme.clone()).unwrap_or_default(),
            &serde_json::to_string(rows).unwrap_or_default(),
        ))
        .await?;
        tx.commit().await?;
        Ok(rows.len())
    }
}
