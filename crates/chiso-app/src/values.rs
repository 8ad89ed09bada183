//! Data values: batch upsert (all or nothing) and queries by indicator, unit or subtree,
//! and period range.

use crate::auth::{audit, require};
use crate::catalogue::Listing;
use crate::paging::Page;
use crate::{App, AppError, AppResult, ErrorKind, Problem, now};
use chiso_core::access::{Action, Principal, may_write_value};
use chiso_core::indicator::{Indicator, ValueType};
use chiso_core::period::Period;
use chiso_core::value::{DataValue, ValueChannel, ValueStatus, check_against_sheet, check_period};
use chiso_store::ValueQuery;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Largest batch accepted in one call.
pub const MAX_BATCH: usize = 10_000;

/// Percentages may go this high (plan fulfilment, growth) unless the attribute sheet sets
/// a narrower range (`min_value`, `max_value`).
const PERCENT_MAX: f64 = 1000.0;

/// Checks a value against its indicator's attribute sheet (type, minimum, maximum, allowed
/// values), as a problem on the `value` field naming the bound that was crossed.
pub(crate) fn check_sheet_value(ind: &Indicator, value: f64) -> Result<(), Problem> {
    check_against_sheet(value, &ind.sheet, PERCENT_MAX).map_err(|e| {
        e.args().into_iter().fold(
            Problem::invalid(e.key()).field("value").arg("input", value),
            |p, (k, v)| p.arg(k, v),
        )
    })
}

/// One value as sent: indicator, unit and period by code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueInput {
    /// Indicator code.
    pub indicator: String,
    /// Org unit code.
    pub org_unit: String,
    /// Period code (`2025`, `2025S1`, `2025Q3`, `2025-09`, DHIS2 `202509` ...).
    pub period: String,
    /// The value: a number (booleans accept `true`/`false`).
    pub value: serde_json::Value,
    /// Optional comment.
    #[serde(default)]
    pub comment: Option<String>,
    /// `draft` or `submitted` (default).
    #[serde(default)]
    pub status: Option<ValueStatus>,
}

/// A value as shown to callers: codes instead of keys.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueView {
    /// Indicator code.
    pub indicator: String,
    /// Org unit code.
    pub org_unit: String,
    /// Period code.
    pub period: String,
    /// The value.
    pub value: f64,
    /// Workflow status.
    pub status: ValueStatus,
    /// Comment.
    pub comment: Option<String>,
    /// Definition version it was reported under.
    pub definition_version: i32,
    /// How it arrived.
    pub channel: ValueChannel,
    /// When it was last written.
    pub updated_at: DateTime<Utc>,
}

/// Which values to list, by codes.
#[derive(Debug, Clone, Default)]
pub struct ValueFilter {
    /// Indicator code.
    pub indicator: Option<String>,
    /// Org unit code.
    pub org_unit: Option<String>,
    /// Include the unit's whole subtree.
    pub subtree: bool,
    /// First period (its start bounds the range).
    pub from: Option<String>,
    /// Last period (its end bounds the range).
    pub to: Option<String>,
}

/// What a successful batch did.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UpsertReport {
    /// Rows written.
    pub written: usize,
}

/// One data – one source – one owner: whether `who` may write `ind`'s value for `unit`,
/// as a problem naming the owner agency when not.
pub(crate) fn check_owner(
    who: &Principal,
    tree: &chiso_core::org::OrgTree,
    ind: &Indicator,
    unit: &chiso_core::org::OrgUnit,
) -> Result<(), Problem> {
    if may_write_value(
        who,
        tree,
        ind.sheet.owner_id,
        ind.sheet.reporting_level,
        unit.id,
    ) {
        return Ok(());
    }
    let owner = tree
        .get(ind.sheet.owner_id)
        .map(|o| format!("{} ({})", o.name_vi, o.code))
        .unwrap_or_default();
    Err(Problem::new(ErrorKind::Forbidden, "value.not_owner")
        .field("org_unit")
        .arg("indicator", &ind.code)
        .arg("owner", owner)
        .arg("unit", &unit.code))
}

/// A period code from input, or a problem naming `field`.
pub(crate) fn parse_period(s: &str, field: &str) -> Result<Period, Problem> {
    Period::parse(s).map_err(|_| {
        Problem::invalid("period.invalid")
            .field(field)
            .arg("input", s.trim())
    })
}

fn number_of(v: &serde_json::Value, vt: ValueType) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::Bool(b) if vt == ValueType::Boolean => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

impl App {
    /// Writes a batch of values: every row is checked first; if any row is bad nothing is
    /// written and every problem is returned with its row.
    pub async fn upsert_values(
        &self,
        who: &Principal,
        rows: &[serde_json::Value],
        channel: ValueChannel,
    ) -> AppResult<UpsertReport> {
        if rows.len() > MAX_BATCH {
            return Err(Problem::invalid("values.batch_too_large")
                .arg("max", MAX_BATCH)
                .into());
        }
        let tree = self.tree();
        let indicators: HashMap<String, Indicator> = self
            .store
            .all_indicators()
            .await?
            .into_iter()
            .map(|r| (r.indicator.code.to_string(), r.indicator))
            .collect();
        let t = now();
        let mut problems = Vec::new();
        let mut values = Vec::with_capacity(rows.len());
        let mut seen = HashMap::new();
        for (i, raw) in rows.iter().enumerate() {
            match self.check_row(who, raw, &indicators, &tree, channel, t) {
                Ok(v) => {
                    let key = (v.indicator_id, v.org_unit_id, v.period);
                    if let Some(first) = seen.insert(key, i) {
                        problems.push(
                            Problem::invalid("values.duplicate_row")
                                .row(i)
                                .field("period")
                                .arg("first", first),
                        );
                    }
                    values.push(v);
                }
                Err(p) => problems.push(p.row(i)),
            }
        }
        // A person submitting a value that stands out from the unit's past must say why.
        if problems.is_empty() && matches!(channel, ValueChannel::Form | ValueChannel::Api) {
            problems.extend(self.unexplained_outliers(&values, &indicators).await?);
        }
        // Approved and locked values change only through the approval workflow.
        if problems.is_empty() {
            let mut ids: Vec<i64> = values.iter().map(|v| v.indicator_id).collect();
            ids.sort_unstable();
            ids.dedup();
            let mut periods: Vec<Period> = values.iter().map(|v| v.period).collect();
            periods.sort_unstable();
            periods.dedup();
            let settled: std::collections::HashSet<_> = self
                .store
                .settled_keys(&ids, &periods)
                .await?
                .into_iter()
                .collect();
            for (i, v) in values.iter().enumerate() {
                if settled.contains(&(v.indicator_id, v.org_unit_id, v.period)) {
                    problems.push(
                        Problem::new(ErrorKind::Conflict, "value.settled")
                            .row(i)
                            .field("value")
                            .arg("period", v.period),
                    );
                }
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Problems(problems));
        }
        let mut tx = self.store.begin().await?;
        tx.upsert_values(&values).await?;
        let detail = serde_json::json!({
            "channel": channel,
            "count": values.len(),
            "values": rows,
        });
        tx.append_audit(&audit(
            Some(who.user_id),
            "values.upsert",
            "values",
            &format!("batch of {}", values.len()),
            &detail.to_string(),
        ))
        .await?;
        tx.commit().await?;
        Ok(UpsertReport {
            written: values.len(),
        })
    }

    /// The submitted values without a comment that the outlier test flags (against their
    /// unit's last periods or their peers, the batch laid over what is stored), as problems
    /// of their rows.
    async fn unexplained_outliers(
        &self,
        values: &[DataValue],
        indicators: &HashMap<String, Indicator>,
    ) -> AppResult<Vec<Problem>> {
        let to_check: Vec<(usize, &DataValue)> = values
            .iter()
            .enumerate()
            .filter(|(_, v)| v.status == ValueStatus::Submitted && v.comment.is_none())
            .collect();
        if to_check.is_empty() {
            return Ok(Vec::new());
        }
        let by_id: HashMap<i64, Indicator> =
            indicators.values().map(|i| (i.id, i.clone())).collect();
        let keys: Vec<_> = to_check
            .iter()
            .map(|(_, v)| (v.indicator_id, v.org_unit_id, v.period))
            .collect();
        let mut around = self.neighbourhood(&by_id, &keys).await?;
        for v in values {
            around.set(v.indicator_id, v.org_unit_id, v.period, v.value);
        }
        let mut problems = Vec::new();
        for (i, v) in to_check {
            let Some(ind) = by_id.get(&v.indicator_id) else {
                continue;
            };
            if let Some(o) = around.test(ind, v.org_unit_id, v.period, v.value) {
                let key = match o.basis {
                    chiso_core::quality::Basis::History => "value.outlier_needs_comment",
                    chiso_core::quality::Basis::Peers => "value.peer_outlier_needs_comment",
                };
                problems.push(
                    Problem::invalid(key)
                        .row(i)
                        .field("comment")
                        .arg("median", short_number(o.median))
                        .arg("n", o.compared),
                );
            }
        }
        Ok(problems)
    }

    fn check_row(
        &self,
        who: &Principal,
        raw: &serde_json::Value,
        indicators: &HashMap<String, Indicator>,
        tree: &chiso_core::org::OrgTree,
        channel: ValueChannel,
        t: DateTime<Utc>,
    ) -> Result<DataValue, Problem> {
        let input: ValueInput = parse_json(raw)?;
        let ind = indicators.get(input.indicator.trim()).ok_or_else(|| {
            Problem::invalid("indicator.unknown")
                .field("indicator")
                .arg("code", input.indicator.trim())
        })?;
        let unit = tree.by_code(input.org_unit.trim()).ok_or_else(|| {
            Problem::invalid("org.unknown")
                .field("org_unit")
                .arg("code", input.org_unit.trim())
        })?;
        let period = parse_period(&input.period, "period")?;
        check_period(&period, ind.sheet.frequency).map_err(|e| {
            Problem::invalid(e.key())
                .field("period")
                .arg("period", period)
                .arg("frequency", ind.sheet.frequency.as_str())
        })?;
        let value = number_of(&input.value, ind.sheet.value_type).ok_or_else(|| {
            Problem::invalid("value.not_number")
                .field("value")
                .arg("input", &input.value)
        })?;
        check_sheet_value(ind, value)?;
        let status = match input.status {
            None | Some(ValueStatus::Submitted) => ValueStatus::Submitted,
            Some(ValueStatus::Draft) => ValueStatus::Draft,
            Some(other) => {
                return Err(Problem::invalid("value.status_not_settable")
                    .field("status")
                    .arg("status", other));
            }
        };
        check_owner(who, tree, ind, unit)?;
        Ok(DataValue {
            indicator_id: ind.id,
            org_unit_id: unit.id,
            period,
            value,
            status,
            comment: input
                .comment
                .map(|c| chiso_core::text::nfc(c.trim()))
                .filter(|c| !c.is_empty()),
            definition_version: ind.version,
            channel,
            updated_by: Some(who.user_id),
            updated_at: t,
        })
    }

    /// One page of values the caller may read.
    pub async fn query_values(
        &self,
        who: &Principal,
        f: &ValueFilter,
        page: Page,
    ) -> AppResult<Listing<ValueView>> {
        let tree = self.tree();
        let q = self.value_query(who, f).await?;
        let (rows, total) = self
            .store
            .query_values(&q, page.per_page, page.offset())
            .await?;
        let codes: HashMap<i64, String> = self
            .store
            .all_indicators()
            .await?
            .into_iter()
            .map(|r| (r.indicator.id, r.indicator.code.to_string()))
            .collect();
        let items = rows
            .into_iter()
            .map(|v| ValueView {
                indicator: codes.get(&v.indicator_id).cloned().unwrap_or_default(),
                org_unit: tree
                    .get(v.org_unit_id)
                    .map(|u| u.code.to_string())
                    .unwrap_or_default(),
                period: v.period.to_string(),
                value: v.value,
                status: v.status,
                comment: v.comment,
                definition_version: v.definition_version,
                channel: v.channel,
                updated_at: v.updated_at,
            })
            .collect();
        Ok(Listing { items, total, page })
    }

    /// The stored-value query for a filter, limited to what `who` may read.
    pub(crate) async fn value_query(
        &self,
        who: &Principal,
        f: &ValueFilter,
    ) -> AppResult<ValueQuery> {
        let tree = self.tree();
        let indicator = match f.indicator.as_deref().filter(|s| !s.is_empty()) {
            Some(code) => Some(self.indicator(code).await?.indicator.id),
            None => None,
        };
        let (org_unit_id, subtree) = match f.org_unit.as_deref().filter(|s| !s.is_empty()) {
            Some(code) => {
                let id = self.org_unit(code)?.id;
                require(who, Action::ReadData, id, &tree)?;
                (Some(id), f.subtree)
            }
            None if tree.roots().all(|r| who.can(Action::ReadData, r.id, &tree)) => (None, false),
            None => {
                let g = who
                    .grants
                    .iter()
                    .find(|g| Action::ReadData.roles().contains(&g.role))
                    .ok_or_else(|| {
                        Problem::new(ErrorKind::Forbidden, "forbidden").arg("unit", "")
                    })?;
                (Some(g.org_unit_id), true)
            }
        };
        let from = match f.from.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Some(parse_period(s, "from")?.start()),
            None => None,
        };
        let to = match f.to.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Some(parse_period(s, "to")?.end()),
            None => None,
        };
        Ok(ValueQuery {
            indicator_id: indicator,
            org_unit_id,
            subtree,
            from,
            to,
        })
    }
}

/// Deserializes one JSON object, turning a failure into a problem naming the field.
pub fn parse_json<T: serde::de::DeserializeOwned>(raw: &serde_json::Value) -> Result<T, Problem> {
    serde_path_to_error::deserialize(raw).map_err(|e| {
        let path = e.path().to_string();
        let msg = e.inner().to_string();
        // For unknown and missing fields serde names the field in backticks; the path
        // already ends with an unknown field but not with a missing one.
        let named = msg.split('`').nth(1).unwrap_or_default().to_string();
        let within = |name: &str| match path.as_str() {
            "." | "" => name.to_string(),
            p if p == name || p.ends_with(&format!(".{name}")) => p.to_string(),
            p => format!("{p}.{name}"),
        };
        if msg.starts_with("unknown field") {
            Problem::invalid("json.unknown_field")
                .field(within(&named))
                .arg("field", named)
        } else if msg.starts_with("missing field") {
            Problem::invalid("json.missing_field")
                .field(within(&named))
                .arg("field", named)
        } else {
            let field = if path == "." { String::new() } else { path };
            let p = Problem::invalid("json.invalid")
                .arg("field", &field)
                .arg("detail", msg);
            if field.is_empty() { p } else { p.field(field) }
        }
    })
}

/// Which submitted values to approve: one indicator, at a unit (or its whole subtree),
/// optionally within a period range.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproveInput {
    /// Indicator code.
    pub indicator: String,
    /// Org unit code.
    pub org_unit: String,
    /// Include the unit's whole subtree.
    #[serde(default)]
    pub subtree: bool,
    /// First period (its start bounds the range).
    #[serde(default)]
    pub from: Option<String>,
    /// Last period (its end bounds the range).
    #[serde(default)]
    pub to: Option<String>,
}

impl App {
    /// Approves the submitted values selected: the caller must be an approver of the
    /// indicator's owner agency. Approved values are settled (no longer overwritten by
    /// entry or import). Audited. Returns how many were approved.
    pub async fn approve_values(&self, who: &Principal, input: &ApproveInput) -> AppResult<usize> {
        let tree = self.tree();
        let ind = self.indicator(input.indicator.trim()).await?.indicator;
        require(who, Action::ApproveData, ind.sheet.owner_id, &tree)?;
        let unit = self.org_unit(input.org_unit.trim())?;
        let from = match input.from.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Some(parse_period(s, "from")?.start()),
            None => None,
        };
        let to = match input.to.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Some(parse_period(s, "to")?.end()),
            None => None,
        };
        let q = ValueQuery {
            indicator_id: Some(ind.id),
            org_unit_id: Some(unit.id),
            subtree: input.subtree,
            from,
            to,
        };
        let (values, _) = self
            .store
            .query_values(&q, MAX_BATCH as i64 * 10, 0)
            .await?;
        let approved: Vec<DataValue> = values
            .into_iter()
            .filter(|v| v.status == ValueStatus::Submitted)
            .map(|mut v| {
                // Who entered it and when stay as they were (the submission time counts
                // for timeliness); the approver is in the audit trail.
                v.status = ValueStatus::Approved;
                v
            })
            .collect();
        if approved.is_empty() {
            return Ok(0);
        }
        let keys: Vec<String> = approved
            .iter()
            .map(|v| {
                let u = tree.get(v.org_unit_id).map(|u| u.code.to_string());
                format!("{}/{}", u.unwrap_or_default(), v.period)
            })
            .collect();
        let mut tx = self.store.begin().await?;
        tx.upsert_values(&approved).await?;
        let detail = serde_json::json!({ "approved": keys }).to_string();
        tx.append_audit(&audit(
            Some(who.user_id),
            "values.approve",
            "indicator",
            ind.code.as_str(),
            &detail,
        ))
        .await?;
        tx.commit().await?;
        Ok(approved.len())
    }
}

/// A number with at most two decimals and no trailing zeros (`82.3`, `236.5`, `99.04`),
/// for messages.
pub(crate) fn short_number(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// One value's story: every state it was in, and the audit events about it (approvals of
/// its submission, unlock requests and decisions), with who did them.
#[derive(Debug, Clone)]
pub struct ValueHistory {
    /// The indicator.
    pub indicator: Indicator,
    /// The unit.
    pub unit: chiso_core::org::OrgUnit,
    /// The period.
    pub period: Period,
    /// The current state, if there is a value.
    pub current: Option<DataValue>,
    /// The writer of the current state (full name).
    pub current_by: String,
    /// Its earlier states, oldest first, with the writer's full name.
    pub states: Vec<(chiso_store::ValueState, String)>,
    /// Audit events about it, oldest first: time, actor's full name, action, detail.
    pub events: Vec<(DateTime<Utc>, String, String, String)>,
}

impl App {
    /// The history of one value (readers of the unit).
    ///
    /// # Errors
    /// Unknown codes, a bad period, or no right to read the unit.
    pub async fn value_history(
        &self,
        who: &Principal,
        indicator: &str,
        unit: &str,
        period: &str,
    ) -> AppResult<ValueHistory> {
        let tree = self.tree();
        let ind = self.indicator(indicator.trim()).await?.indicator;
        let u = self.org_unit(unit.trim())?;
        require(who, Action::ReadData, u.id, &tree)?;
        let period = parse_period(period, "period")?;
        let mut names: HashMap<i64, String> = HashMap::new();
        let mut name_of = async |id: Option<i64>| -> AppResult<String> {
            let Some(id) = id else {
                return Ok(String::new());
            };
            if let Some(n) = names.get(&id) {
                return Ok(n.clone());
            }
            let n = self.full_name(Some(id)).await?;
            names.insert(id, n.clone());
            Ok(n)
        };
        let current = self
            .store
            .values_among(&[ind.id], &[u.id], &[period])
            .await?
            .into_iter()
            .next();
        let current_by = name_of(current.as_ref().and_then(|v| v.updated_by)).await?;
        let mut states = Vec::new();
        for s in self.store.value_history(ind.id, u.id, period).await? {
            let n = name_of(s.updated_by).await?;
            states.push((s, n));
        }
        let mut raw = self
            .store
            .audit_for("submission", &format!("{}/{period}", u.code), 100)
            .await?;
        raw.extend(
            self.store
                .audit_for("value", &format!("{}/{}/{period}", ind.code, u.code), 100)
                .await?,
        );
        raw.sort_by_key(|e| e.id);
        let mut events = Vec::new();
        for e in raw {
            let n = name_of(e.actor_id).await?;
            events.push((e.at, n, e.action, e.detail));
        }
        Ok(ValueHistory {
            indicator: ind,
            unit: u,
            period,
            current,
            current_by,
            states,
            events,
        })
    }
}
