//! The catalogue workflow as people use it: take a step (with its gate, comment and
//! audit), screen a candidate for duplicates and record the decision, and the board of
//! indicators by step with what each is waiting for and who must act.

use crate::auth::audit;
use crate::{App, AppResult, ErrorKind, Problem, now};
use chiso_core::access::Principal;
use chiso_core::indicator::{Indicator, LifecycleStatus};
use chiso_core::screening::{LIKELY_DUPLICATE, Profile, rank, same_definition_and_source};
use chiso_core::workflow::{Gatekeeper, StepError, check_step, forward, gatekeeper, missing_for};
use chiso_store::{IndicatorRow, ScreeningDecision};

/// A likely duplicate of an indicator, with the screener's decision if one was recorded.
#[derive(Debug, Clone)]
pub struct Duplicate {
    /// The other indicator.
    pub other: IndicatorRow,
    /// Similarity, 0–1.
    pub score: f64,
    /// Above the "likely duplicate" threshold: screening must decide on it.
    pub likely: bool,
    /// Same definition and same source: a conflict with one data – one source.
    pub conflict: bool,
    /// The recorded decision.
    pub decision: Option<ScreeningDecision>,
}

/// One card of the workflow board.
#[derive(Debug, Clone)]
pub struct BoardItem {
    /// The indicator.
    pub row: IndicatorRow,
    /// Its next forward step, if any.
    pub next: Option<LifecycleStatus>,
    /// Attributes missing for that step.
    pub missing: Vec<&'static str>,
    /// Who must take it.
    pub gatekeeper: Option<Gatekeeper>,
}

/// A locale-key argument: rendered in the reader's language at the edge.
pub fn key_arg(key: impl AsRef<str>) -> String {
    format!("@{}", key.as_ref())
}

fn step_problem(e: StepError, to: LifecycleStatus) -> Problem {
    let to_arg = key_arg(format!("lifecycle.{to}"));
    match e {
        StepError::NotAllowed { from, .. } => Problem::invalid("workflow.not_allowed")
            .field("to")
            .arg("from", key_arg(format!("lifecycle.{from}")))
            .arg("to", to_arg),
        StepError::Forbidden(g) => Problem::new(ErrorKind::Forbidden, "workflow.forbidden")
            .arg("who", key_arg(g.key()))
            .arg("to", to_arg),
        StepError::Missing(list) => Problem::invalid("workflow.missing")
            .field(list.first().copied().unwrap_or("to"))
            .arg("to", to_arg)
            .arg(
                "missing",
                list.iter()
                    .map(|a| key_arg(format!("attr.{a}")))
                    .collect::<Vec<_>>()
                    .join(","),
            ),
        StepError::CommentRequired => {
            Problem::invalid("workflow.comment_required").field("comment")
        }
        StepError::DuplicatesUnresolved => {
            Problem::invalid("workflow.duplicates_unresolved").arg("to", to_arg)
        }
    }
}

/// A proposed indicator to screen before it is registered.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// Vietnamese name (with or without diacritics).
    pub name_vi: String,
    /// Definition, if written yet.
    #[serde(default)]
    pub definition: String,
    /// Unit, if known.
    #[serde(default)]
    pub unit: String,
    /// Frequency, if known.
    #[serde(default)]
    pub frequency: Option<chiso_core::period::PeriodType>,
    /// Source, if known.
    #[serde(default)]
    pub source: String,
}

fn profile(i: &Indicator) -> Profile<'_> {
    Profile {
        name: &i.sheet.name_vi,
        definition: &i.sheet.definition,
        unit: &i.sheet.unit,
        frequency: Some(i.sheet.frequency),
        source: &i.sheet.source,
    }
}

impl App {
    /// The catalogue's likely duplicates of `code`, best first (retired and merged
    /// indicators are not compared).
    pub async fn duplicates(&self, code: &str) -> AppResult<Vec<Duplicate>> {
        let me = self.indicator(code).await?.indicator;
        let decisions = self.store.screening_decisions(me.id).await?;
        self.ranked_against(&profile(&me), Some(me.id), &decisions)
            .await
    }

    /// The catalogue's likely duplicates of a candidate not yet in the catalogue (a
    /// proposed name, definition, unit, frequency and source), best first.
    pub async fn duplicates_of_candidate(&self, c: &Candidate) -> AppResult<Vec<Duplicate>> {
        let mine = Profile {
            name: &c.name_vi,
            definition: &c.definition,
            unit: &c.unit,
            frequency: c.frequency,
            source: &c.source,
        };
        self.ranked_against(&mine, None, &[]).await
    }

    async fn ranked_against(
        &self,
        mine: &Profile<'_>,
        exclude: Option<chiso_core::indicator::IndicatorId>,
        decisions: &[chiso_store::ScreeningDecision],
    ) -> AppResult<Vec<Duplicate>> {
        let all = self.store.all_indicators().await?;
        let others: Vec<(usize, Profile<'_>)> = all
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                Some(r.indicator.id) != exclude
                    && r.indicator.sheet.status != LifecycleStatus::Retired
            })
            .map(|(i, r)| (i, profile(&r.indicator)))
            .collect();
        Ok(rank(mine, &others)
            .into_iter()
            .map(|(i, score)| {
                let other = all[i].clone();
                let conflict = same_definition_and_source(mine, &profile(&other.indicator));
                let decision = decisions
                    .iter()
                    .find(|d| d.other_id == other.indicator.id)
                    .cloned();
                Duplicate {
                    likely: score >= LIKELY_DUPLICATE || conflict,
                    conflict,
                    decision,
                    other,
                    score,
                }
            })
            .collect())
    }

    /// Moves an indicator to step `to` of the workflow, if the caller is its gatekeeper,
    /// the sheet has what the step needs and (for screening) every likely duplicate has
    /// a decision. Audited with the comment.
    pub async fn transition(
        &self,
        who: &Principal,
        code: &str,
        to: LifecycleStatus,
        comment: &str,
    ) -> AppResult<Indicator> {
        let ind = self.indicator(code).await?.indicator;
        let resolved = if to == LifecycleStatus::Screened {
            self.duplicates(code)
                .await?
                .iter()
                .all(|d| !d.likely || d.decision.is_some())
        } else {
            true
        };
        check_step(who, &self.tree(), &ind.sheet, to, comment, resolved)
            .map_err(|e| step_problem(e, to))?;
        let mut tx = self.store.begin().await?;
        tx.set_indicator_status(ind.id, to, now()).await?;
        let detail = serde_json::json!({
            "from": ind.sheet.status,
            "to": to,
            "comment": chiso_core::text::nfc(comment.trim()),
        });
        tx.append_audit(&audit(
            Some(who.user_id),
            "indicator.transition",
            "indicator",
            code,
            &detail.to_string(),
        ))
        .await?;
        tx.commit().await?;
        Ok(self.indicator(code).await?.indicator)
    }

    /// Records the working group's decision on a likely duplicate: keep both (with a
    /// reason) or merge (`code` is retired and points to `other`).
    pub async fn decide_duplicate(
        &self,
        who: &Principal,
        code: &str,
        other: &str,
        merge: bool,
        reason: &str,
    ) -> AppResult<()> {
        let me = self.indicator(code).await?.indicator;
        let them = self.indicator(other).await?.indicator;
        if me.id == them.id {
            return Err(Problem::invalid("screening.same_indicator")
                .field("other")
                .into());
        }
        if !Gatekeeper::WorkingGroup.admits(who, me.sheet.owner_id, &self.tree()) {
            return Err(Problem::new(ErrorKind::Forbidden, "workflow.forbidden")
                .arg("who", key_arg(Gatekeeper::WorkingGroup.key()))
                .arg("to", key_arg("lifecycle.screened"))
                .into());
        }
        if reason.trim().is_empty() {
            return Err(Problem::invalid("workflow.comment_required")
                .field("reason")
                .into());
        }
        let d = ScreeningDecision {
            indicator_id: me.id,
            other_id: them.id,
            merge,
            reason: chiso_core::text::nfc(reason.trim()),
            decided_by: Some(who.user_id),
            decided_at: now(),
        };
        let mut tx = self.store.begin().await?;
        tx.record_screening(&d).await?;
        let detail = serde_json::json!({
            "other": other,
            "decision": if merge { "merge" } else { "keep" },
            "reason": d.reason,
        });
        tx.append_audit(&audit(
            Some(who.user_id),
            "indicator.screening",
            "indicator",
            code,
            &detail.to_string(),
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every indicator not yet in operation, with its next step, what is missing for it
    /// and who must take it.
    pub async fn workflow_board(&self) -> AppResult<Vec<BoardItem>> {
        let all = self.store.all_indicators().await?;
        Ok(all
            .into_iter()
            .filter(|r| {
                !matches!(
                    r.indicator.sheet.status,
                    LifecycleStatus::Operating | LifecycleStatus::Retired
                )
            })
            .map(|row| {
                let from = row.indicator.sheet.status;
                let next = forward(from);
                BoardItem {
                    missing: next
                        .map(|n| missing_for(n, &row.indicator.sheet))
                        .unwrap_or_default(),
                    gatekeeper: next.map(|n| gatekeeper(from, n)),
                    next,
                    row,
                }
            })
            .collect())
    }
}
