//! Approval and lock: an approver of the owner agency approves submitted values, which
//! locks them; for indicators whose attribute sheet asks for it, an approver at province
//! level then accepts them (a second level). A settled value changes only after its
//! reporter asks to unlock it, with a reason, and an approver agrees. Every step is in the
//! audit trail.

use crate::auth::audit;
use crate::{App, AppError, AppResult, ErrorKind, Problem, now};
use chiso_core::access::{Action, Principal, may_write_value};
use chiso_core::indicator::{Indicator, IndicatorId};
use chiso_core::org::{OrgId, OrgUnit};
use chiso_core::period::Period;
use chiso_core::value::{DataValue, ValueStatus};
use chiso_store::UnlockRow;
use std::collections::{BTreeMap, HashMap};

/// One submitted value awaiting approval.
#[derive(Debug, Clone)]
pub struct PendingValue {
    /// Its indicator.
    pub indicator: Indicator,
    /// The value as stored.
    pub value: DataValue,
    /// The value of the previous period, for comparison.
    pub previous: Option<f64>,
    /// Set when the value stands out from the unit's last periods or from its peers.
    pub outlier: Option<chiso_core::quality::Outlier>,
}

/// The two levels of approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Level {
    /// The owner agency's approver approves submitted values (and so locks them).
    #[default]
    Owner,
    /// An approver at province level accepts approved values of the indicators whose sheet
    /// asks for the province's acceptance.
    Province,
}

impl Level {
    /// The name used in forms and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Owner => "owner",
            Level::Province => "province",
        }
    }

    /// Parses the name used in forms and the API (empty means the owner's level).
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim() {
            "" | "owner" => Some(Level::Owner),
            "province" => Some(Level::Province),
            _ => None,
        }
    }

    /// The level named in a form or API call (absent or empty: the owner's), or a problem
    /// on the `level` field.
    ///
    /// # Errors
    /// A name other than `owner` or `province`.
    pub fn from_input(s: Option<&str>) -> Result<Level, Problem> {
        let s = s.unwrap_or("");
        Level::parse(s).ok_or_else(|| {
            Problem::invalid("approval.bad_level")
                .field("level")
                .arg("level", s)
        })
    }

    /// The status of the values waiting at this level, and the status a decision gives.
    fn statuses(self) -> (ValueStatus, ValueStatus) {
        match self {
            Level::Owner => (ValueStatus::Submitted, ValueStatus::Approved),
            Level::Province => (ValueStatus::Approved, ValueStatus::Accepted),
        }
    }

    /// The audit action of a positive decision at this level.
    fn action(self) -> &'static str {
        match self {
            Level::Owner => "values.approve",
            Level::Province => "values.accept",
        }
    }
}

/// Whether `who` decides on `ind`'s values of `unit` at `level`: at the owner's level an
/// approver of the owner agency; at province level an approver of the province (the top of
/// the unit's tree), for indicators whose sheet asks for the province's acceptance.
pub(crate) fn decides(
    who: &Principal,
    ind: &Indicator,
    unit: OrgId,
    level: Level,
    tree: &chiso_core::org::OrgTree,
) -> bool {
    match level {
        Level::Owner => who.can(Action::ApproveData, ind.sheet.owner_id, tree),
        Level::Province => {
            ind.sheet.province_acceptance
                && tree
                    .path(unit)
                    .first()
                    .is_some_and(|top| who.can(Action::ApproveData, top.id, tree))
        }
    }
}

/// The values of one unit for one period waiting at one level.
#[derive(Debug, Clone)]
pub struct PendingGroup {
    /// The level they wait at.
    pub level: Level,
    /// The providing unit.
    pub unit: OrgUnit,
    /// The period.
    pub period: Period,
    /// Its values, by indicator code.
    pub values: Vec<PendingValue>,
}

/// An unlock request as an approver sees it.
#[derive(Debug, Clone)]
pub struct UnlockView {
    /// The request.
    pub request: UnlockRow,
    /// Its indicator.
    pub indicator: Indicator,
    /// Its unit.
    pub unit: OrgUnit,
    /// The locked value.
    pub value: Option<f64>,
    /// Who asked (full name).
    pub requested_by: String,
}

/// What an approver has to do.
#[derive(Debug, Clone, Default)]
pub struct ApprovalQueue {
    /// Submitted values, newest period first, then by unit.
    pub groups: Vec<PendingGroup>,
    /// Open unlock requests.
    pub unlocks: Vec<UnlockView>,
    /// How many values await approval in all (listed or not).
    pub total_values: usize,
    /// How many unit-period groups await approval in all.
    pub total_groups: usize,
}

impl App {
    fn indicators_by_id(
        &self,
        all: Vec<chiso_store::IndicatorRow>,
    ) -> HashMap<IndicatorId, Indicator> {
        all.into_iter()
            .map(|r| (r.indicator.id, r.indicator))
            .collect()
    }

    /// The values and open unlock requests `who` may decide on: submitted values (as an
    /// approver of the indicators' owner agencies) and approved values awaiting the
    /// province's acceptance (as its approver). At most `max_groups` unit-period groups are
    /// listed per level.
    ///
    /// # Errors
    /// The database fails.
    pub async fn approval_queue(
        &self,
        who: &Principal,
        max_groups: usize,
    ) -> AppResult<ApprovalQueue> {
        let tree = self.tree();
        let indicators = self.indicators_by_id(self.store.all_indicators().await?);
        type Key = (Level, std::cmp::Reverse<Period>, String, OrgId);
        let mut keys: BTreeMap<Key, Vec<IndicatorId>> = BTreeMap::new();
        // Approved values wait at the province's level only for the indicators it accepts
        // (most approved values are final; they are not read).
        let accepted: Vec<IndicatorId> = indicators
            .values()
            .filter(|i| i.sheet.province_acceptance)
            .map(|i| i.id)
            .collect();
        for (level, only) in [(Level::Owner, None), (Level::Province, Some(&accepted[..]))] {
            for (i, o, p) in self
                .store
                .value_keys_with_status(level.statuses().0, only)
                .await?
            {
                let (Some(ind), Some(unit)) = (indicators.get(&i), tree.get(o)) else {
                    continue;
                };
                if decides(who, ind, o, level, &tree) {
                    keys.entry((level, std::cmp::Reverse(p), unit.code.to_string(), o))
                        .or_default()
                        .push(i);
                }
            }
        }
        let total_values = keys.values().map(Vec::len).sum();
        let total_groups = keys.len();
        // Each level lists its own newest groups, so that the province's acceptances are
        // not hidden behind a long queue of submissions.
        let mut per_level: HashMap<Level, usize> = HashMap::new();
        let listed: Vec<_> = keys
            .into_iter()
            .filter(|((level, ..), _)| {
                let n = per_level.entry(*level).or_default();
                *n += 1;
                *n <= max_groups
            })
            .collect();
        let around: Vec<(IndicatorId, OrgId, Period)> = listed
            .iter()
            .flat_map(|((_, std::cmp::Reverse(p), _, o), ids)| ids.iter().map(|i| (*i, *o, *p)))
            .collect();
        let neighbourhood = self.neighbourhood(&indicators, &around).await?;
        let mut groups = Vec::new();
        for ((level, std::cmp::Reverse(period), _, unit_id), ids) in listed {
            let Some(unit) = tree.get(unit_id).cloned() else {
                continue;
            };
            let stored = self.store.values_among(&ids, &[unit_id], &[period]).await?;
            let mut values: Vec<PendingValue> = stored
                .iter()
                .filter(|v| v.status == level.statuses().0)
                .filter_map(|v| {
                    let indicator = indicators.get(&v.indicator_id)?.clone();
                    Some(PendingValue {
                        outlier: neighbourhood.test(&indicator, unit_id, period, v.value),
                        previous: neighbourhood.get(v.indicator_id, unit_id, period.previous()),
                        indicator,
                        value: v.clone(),
                    })
                })
                .collect();
            values.sort_by(|a, b| a.indicator.code.as_str().cmp(b.indicator.code.as_str()));
            groups.push(PendingGroup {
                level,
                unit,
                period,
                values,
            });
        }
        let mut unlocks = Vec::new();
        for r in self.store.unlock_requests(true).await? {
            let (Some(ind), Some(unit)) =
                (indicators.get(&r.indicator_id), tree.get(r.org_unit_id))
            else {
                continue;
            };
            if ![Level::Owner, Level::Province]
                .iter()
                .any(|l| decides(who, ind, r.org_unit_id, *l, &tree))
            {
                continue;
            }
            let value = self
                .store
                .values_among(&[r.indicator_id], &[r.org_unit_id], &[r.period])
                .await?
                .first()
                .map(|v| v.value);
            let requested_by = self.full_name(r.requested_by).await?;
            unlocks.push(UnlockView {
                indicator: ind.clone(),
                unit: unit.clone(),
                value,
                requested_by,
                request: r,
            });
        }
        Ok(ApprovalQueue {
            groups,
            unlocks,
            total_values,
            total_groups,
        })
    }

    /// The values of `unit` for `period` waiting at `level` that `who` may decide on (of
    /// the indicators in `only`, or all): indicator key, code and value; a conflict when
    /// there are none.
    async fn approvable(
        &self,
        who: &Principal,
        (unit, period): (&OrgUnit, Period),
        level: Level,
        only: &[String],
    ) -> AppResult<Vec<(IndicatorId, String, f64)>> {
        let tree = self.tree();
        let indicators = self.indicators_by_id(self.store.all_indicators().await?);
        let ids: Vec<IndicatorId> = indicators.keys().copied().collect();
        let found: Vec<_> = self
            .store
            .values_among(&ids, &[unit.id], &[period])
            .await?
            .into_iter()
            .filter(|v| v.status == level.statuses().0)
            .filter_map(|v| {
                let ind = indicators.get(&v.indicator_id)?;
                let wanted = only.is_empty() || only.iter().any(|c| c == ind.code.as_str());
                (wanted && decides(who, ind, unit.id, level, &tree))
                    .then(|| (v.indicator_id, ind.code.to_string(), v.value))
            })
            .collect();
        if found.is_empty() {
            return Err(Problem::new(ErrorKind::Conflict, "approval.nothing")
                .arg("unit", &unit.code)
                .arg("period", period)
                .into());
        }
        Ok(found)
    }

    /// Gives the values chosen by [`App::approvable`] the decision's status and records its
    /// action in the audit trail with `detail`, in one transaction.
    async fn decide_submission(
        &self,
        who: &Principal,
        unit: &OrgUnit,
        period: Period,
        chosen: &[(IndicatorId, String, f64)],
        (status, action): (ValueStatus, &str),
        detail: serde_json::Value,
    ) -> AppResult<()> {
        let mut tx = self.store.begin().await?;
        for (id, _, _) in chosen {
            tx.set_value_status((*id, unit.id, period), status).await?;
        }
        tx.append_audit(&audit(
            Some(who.user_id),
            action,
            "submission",
            &format!("{}/{period}", unit.code),
            &detail.to_string(),
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Approves the values of `unit` for `period` waiting at `level` that `who` may decide
    /// on (all indicators, or only those in `only`): at the owner's level submitted values
    /// become approved, which locks them; at province level approved values become
    /// accepted. Audited. Returns how many.
    ///
    /// # Errors
    /// An unknown unit or period, or nothing `who` may approve.
    pub async fn approve_submission(
        &self,
        who: &Principal,
        (unit_code, period_code): (&str, &str),
        level: Level,
        only: &[String],
    ) -> AppResult<usize> {
        let unit = self.org_unit(unit_code.trim())?;
        let period = crate::values::parse_period(period_code, "period")?;
        let approved = self.approvable(who, (&unit, period), level, only).await?;
        let detail = serde_json::json!({
            "unit": unit.code.as_str(),
            "period": period.to_string(),
            "level": level.as_str(),
            "approved": approved.iter().map(|(_, c, v)| serde_json::json!([c, v])).collect::<Vec<_>>(),
        });
        self.decide_submission(
            who,
            &unit,
            period,
            &approved,
            (level.statuses().1, level.action()),
            detail,
        )
        .await?;
        Ok(approved.len())
    }

    /// Returns a unit's values for a period waiting at `level` to it for correction (the
    /// approver of the owner agency, or at province level the province's approver), with
    /// the reason: they become drafts again, and the entry form shows the reason until the
    /// next approval. Audited. Returns how many.
    ///
    /// # Errors
    /// An empty reason, unknown codes, or nothing `who` may decide on there.
    pub async fn return_submission(
        &self,
        who: &Principal,
        (unit_code, period_code): (&str, &str),
        level: Level,
        reason: &str,
    ) -> AppResult<usize> {
        let reason = chiso_core::text::nfc(reason.trim());
        if reason.is_empty() {
            return Err(Problem::invalid("approval.reason_required")
                .field("reason")
                .into());
        }
        let unit = self.org_unit(unit_code.trim())?;
        let period = crate::values::parse_period(period_code, "period")?;
        let returned = self.approvable(who, (&unit, period), level, &[]).await?;
        let detail = serde_json::json!({
            "level": level.as_str(),
            "reason": reason,
            "returned": returned.iter().map(|(_, c, _)| c).collect::<Vec<_>>(),
        });
        self.decide_submission(
            who,
            &unit,
            period,
            &returned,
            (ValueStatus::Draft, "values.return"),
            detail,
        )
        .await?;
        Ok(returned.len())
    }

    /// Why a unit's submission for a period was last returned, by whom and when — if the
    /// return is the latest decision on it (no approval since).
    ///
    /// # Errors
    /// The database fails.
    pub async fn open_return(
        &self,
        unit: &OrgUnit,
        period: Period,
    ) -> AppResult<Option<(String, String, chrono::DateTime<chrono::Utc>)>> {
        let events = self
            .store
            .audit_for("submission", &format!("{}/{period}", unit.code), 50)
            .await?;
        let Some(latest) = events
            .iter()
            .find(|e| e.action == "values.return" || e.action == "values.approve")
        else {
            return Ok(None);
        };
        if latest.action != "values.return" {
            return Ok(None);
        }
        let reason = serde_json::from_str::<serde_json::Value>(&latest.detail)
            .ok()
            .and_then(|d| d["reason"].as_str().map(str::to_string))
            .unwrap_or_default();
        let by = self.full_name(latest.actor_id).await?;
        Ok(Some((reason, by, latest.at)))
    }

    /// Asks to unlock an approved value, with a reason; only someone who may write the
    /// value may ask, and only once while a request is open. Audited. Returns the request.
    ///
    /// # Errors
    /// Unknown codes, an empty reason, a value that is not locked, no right to write it, or
    /// a request already open.
    pub async fn request_unlock(
        &self,
        who: &Principal,
        indicator_code: &str,
        unit_code: &str,
        period_code: &str,
        reason: &str,
    ) -> AppResult<i64> {
        let tree = self.tree();
        let ind = self.indicator(indicator_code.trim()).await?.indicator;
        let unit = self.org_unit(unit_code.trim())?;
        let period = crate::values::parse_period(period_code, "period")?;
        let reason = chiso_core::text::nfc(reason.trim());
        if reason.is_empty() {
            return Err(Problem::invalid("unlock.reason_required")
                .field("reason")
                .into());
        }
        if !may_write_value(
            who,
            &tree,
            ind.sheet.owner_id,
            ind.sheet.reporting_level,
            unit.id,
        ) {
            return Err(Problem::new(ErrorKind::Forbidden, "forbidden").into());
        }
        let stored = self
            .store
            .values_among(&[ind.id], &[unit.id], &[period])
            .await?;
        let Some(v) = stored.first() else {
            return Err(Problem::invalid("unlock.not_locked").field("period").into());
        };
        if !v.status.is_settled() {
            return Err(Problem::invalid("unlock.not_locked").field("period").into());
        }
        let mut tx = self.store.begin().await?;
        let id = tx
            .insert_unlock_request(&UnlockRow {
                id: 0,
                indicator_id: ind.id,
                org_unit_id: unit.id,
                period,
                reason: reason.clone(),
                requested_by: Some(who.user_id),
                requested_at: now(),
                state: "pending".into(),
                decided_by: None,
                decided_at: None,
                decision_note: None,
            })
            .await
            .map_err(|e| match e {
                chiso_store::StoreError::Duplicate(_) => {
                    AppError::Problem(Problem::new(ErrorKind::Conflict, "unlock.already_open"))
                }
                other => other.into(),
            })?;
        let detail = serde_json::json!({
            "request": id, "indicator": ind.code.as_str(), "unit": unit.code.as_str(),
            "period": period.to_string(), "value": v.value, "reason": reason,
        });
        tx.append_audit(&audit(
            Some(who.user_id),
            "values.unlock_request",
            "value",
            &format!("{}/{}/{period}", ind.code, unit.code),
            &detail.to_string(),
        ))
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Grants or refuses an open unlock request (an approver of the owner agency). A
    /// granted request returns the value to draft, so its reporter can correct and submit
    /// it again. Audited.
    ///
    /// # Errors
    /// No such open request, or not an approver of the owner agency.
    pub async fn decide_unlock(
        &self,
        who: &Principal,
        id: i64,
        grant: bool,
        note: Option<&str>,
    ) -> AppResult<()> {
        let tree = self.tree();
        let r = self
            .store
            .unlock_request(id)
            .await?
            .filter(|r| r.state == "pending")
            .ok_or_else(|| Problem::new(ErrorKind::NotFound, "unlock.not_found").arg("id", id))?;
        let ind = self
            .indicators_by_id(self.store.all_indicators().await?)
            .remove(&r.indicator_id)
            .ok_or_else(|| Problem::new(ErrorKind::NotFound, "unlock.not_found").arg("id", id))?;
        // An accepted value is the province's to reopen.
        let accepted = self
            .store
            .values_among(&[r.indicator_id], &[r.org_unit_id], &[r.period])
            .await?
            .first()
            .is_some_and(|v| v.status == ValueStatus::Accepted);
        let level = if accepted {
            Level::Province
        } else {
            Level::Owner
        };
        if !decides(who, &ind, r.org_unit_id, level, &tree) {
            return Err(Problem::new(ErrorKind::Forbidden, "forbidden").into());
        }
        let note = note
            .map(|n| chiso_core::text::nfc(n.trim()))
            .filter(|n| !n.is_empty());
        let state = if grant { "granted" } else { "refused" };
        let mut tx = self.store.begin().await?;
        if !tx
            .decide_unlock_request(id, state, who.user_id, now(), note.as_deref())
            .await?
        {
            return Err(Problem::new(ErrorKind::NotFound, "unlock.not_found")
                .arg("id", id)
                .into());
        }
        if grant {
            tx.set_value_status(
                (r.indicator_id, r.org_unit_id, r.period),
                ValueStatus::Draft,
            )
            .await?;
        }
        let unit = tree
            .get(r.org_unit_id)
            .map(|u| u.code.to_string())
            .unwrap_or_default();
        let detail = serde_json::json!({
            "request": id, "decision": state, "note": note,
            "status_before": if accepted { "accepted" } else { "approved" },
            "status_after": match (grant, accepted) {
                (true, _) => "draft",
                (false, true) => "accepted",
                (false, false) => "approved",
            },
        });
        tx.append_audit(&audit(
            Some(who.user_id),
            "values.unlock_decision",
            "value",
            &format!("{}/{unit}/{}", ind.code, r.period),
            &detail.to_string(),
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The open unlock requests of a unit for a period, by indicator (for the entry form).
    ///
    /// # Errors
    /// The database fails.
    pub async fn open_unlocks(
        &self,
        unit: OrgId,
        period: Period,
    ) -> AppResult<HashMap<IndicatorId, UnlockRow>> {
        Ok(self
            .store
            .unlock_requests(true)
            .await?
            .into_iter()
            .filter(|r| r.org_unit_id == unit && r.period == period)
            .map(|r| (r.indicator_id, r))
            .collect())
    }
}
