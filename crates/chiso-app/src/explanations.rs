//! Explanation requests (giải trình): a leader asks the unit responsible for a delayed task
//! or an off-track indicator to explain, by a due date; the unit answers in the thread; a
//! request still unanswered after its due date escalates to the next level up.

use crate::auth::{audit, require};
use crate::{App, AppResult, ErrorKind, Problem, now};
use chiso_core::access::{Action, Principal};
use chiso_core::org::OrgUnit;
use chiso_store::{ExplanationMessage, ExplanationRow};
use chrono::NaiveDate;
use serde::Deserialize;

/// A request as sent.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplanationInput {
    /// `task` or `indicator`.
    pub subject_kind: String,
    /// The task's or the indicator's code.
    pub subject_code: String,
    /// The code of the unit asked to explain.
    pub unit: String,
    /// The question.
    pub question: String,
    /// Day the answer is due.
    pub due_on: NaiveDate,
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExplanationState {
    /// Waiting for the answer, not yet due.
    Open,
    /// Past its due date without an answer: escalated to the next level.
    Overdue,
    /// Answered by the due date.
    Answered,
    /// Answered after the due date.
    AnsweredLate,
}

impl ExplanationState {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            ExplanationState::Open => "open",
            ExplanationState::Overdue => "overdue",
            ExplanationState::Answered => "answered",
            ExplanationState::AnsweredLate => "answered_late",
        }
    }
}

/// A request with its unit, state, escalation and thread.
#[derive(Debug, Clone)]
pub struct ExplanationView {
    /// The request.
    pub request: ExplanationRow,
    /// The unit asked.
    pub unit: Option<OrgUnit>,
    /// Its state on the day asked about.
    pub state: ExplanationState,
    /// The level it escalated to, when overdue.
    pub escalated_to: Option<OrgUnit>,
    /// The thread, with authors' names.
    pub messages: Vec<(String, ExplanationMessage)>,
    /// Whether the caller may answer it.
    pub can_answer: bool,
}

impl App {
    /// Asks a unit to explain (leaders of a unit above or at it). Audited.
    pub async fn ask_explanation(
        &self,
        who: &Principal,
        input: &ExplanationInput,
    ) -> AppResult<i64> {
        let tree = self.tree();
        let unit = self.unit_id(input.unit.trim(), "unit")?;
        require(who, Action::ManageTasks, unit, &tree)?;
        let code = input.subject_code.trim();
        match input.subject_kind.as_str() {
            "task" => {
                self.store.task_by_code(code).await?.ok_or_else(|| {
                    Problem::new(ErrorKind::NotFound, "not_found")
                        .arg("what", format!("task {code}"))
                })?;
            }
            "indicator" => {
                self.indicator(code).await?;
            }
            other => {
                return Err(Problem::invalid("explanation.kind")
                    .field("subject_kind")
                    .arg("kind", other)
                    .into());
            }
        }
        let question = chiso_core::text::nfc(input.question.trim());
        if question.is_empty() {
            return Err(Problem::invalid("sheet.required")
                .field("question")
                .arg("attr", "@explanations.question")
                .into());
        }
        let today = crate::submissions::vietnam_day(now());
        if input.due_on < today {
            return Err(Problem::invalid("explanation.due_in_past")
                .field("due_on")
                .into());
        }
        let row = ExplanationRow {
            id: 0,
            subject_kind: input.subject_kind.clone(),
            subject_code: code.to_string(),
            unit_id: unit,
            question,
            asked_by: Some(who.user_id),
            asked_on: today,
            due_on: input.due_on,
            answered_on: None,
        };
        let mut tx = self.store.begin().await?;
        let id = tx.insert_explanation(&row, now()).await?;
        tx.append_audit(&audit(
            Some(who.user_id),
            "explanation.ask",
            &row.subject_kind,
            code,
            &row.question,
        ))
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Whether the caller answers for `unit`: they hold a working role (not viewer) in the
    /// unit itself or below it. Leaders above the unit ask; they do not answer for it.
    fn may_answer(&self, who: &Principal, unit: i64) -> bool {
        let tree = self.tree();
        who.grants.iter().any(|g| {
            g.role != chiso_core::access::Role::Viewer && tree.is_in_subtree(unit, g.org_unit_id)
        })
    }

    /// Answers a request (the unit's officers or leadership). Audited.
    pub async fn answer_explanation(&self, who: &Principal, id: i64, body: &str) -> AppResult<()> {
        let tree = self.tree();
        let req = self.store.explanation(id).await?.ok_or_else(|| {
            Problem::new(ErrorKind::NotFound, "not_found").arg("what", format!("#{id}"))
        })?;
        if !self.may_answer(who, req.unit_id) {
            require(who, Action::WriteData, req.unit_id, &tree)?;
        }
        let body = chiso_core::text::nfc(body.trim());
        if body.is_empty() {
            return Err(Problem::invalid("sheet.required")
                .field("body")
                .arg("attr", "@explanations.answer")
                .into());
        }
        let mut tx = self.store.begin().await?;
        tx.add_explanation_message(id, Some(who.user_id), &body, "answer", now())
            .await?;
        tx.mark_explained(id, crate::submissions::vietnam_day(now()))
            .await?;
        tx.append_audit(&audit(
            Some(who.user_id),
            "explanation.answer",
            &req.subject_kind,
            &req.subject_code,
            &body,
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The requests the caller can see (their units' and those below), newest first, with
    /// their state on `today`.
    pub async fn explanations(
        &self,
        who: &Principal,
        today: NaiveDate,
    ) -> AppResult<Vec<ExplanationView>> {
        let tree = self.tree();
        let mut names: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
        let mut out = Vec::new();
        for r in self.store.explanations().await? {
            if !who.can(Action::ReadData, r.unit_id, &tree) {
                continue;
            }
            let state = match r.answered_on {
                Some(d) if d <= r.due_on => ExplanationState::Answered,
                Some(_) => ExplanationState::AnsweredLate,
                None if today > r.due_on => ExplanationState::Overdue,
                None => ExplanationState::Open,
            };
            let unit = tree.get(r.unit_id).cloned();
            let escalated_to = (state == ExplanationState::Overdue)
                .then(|| unit.as_ref().and_then(|u| u.parent_id))
                .flatten()
                .and_then(|p| tree.get(p).cloned());
            let mut messages = Vec::new();
            for m in self.store.explanation_messages(r.id).await? {
                let author = match m.author {
                    Some(id) => match names.get(&id) {
                        Some(n) => n.clone(),
                        None => {
                            let n = self
                                .store
                                .user_by_id(id)
                                .await?
                                .map(|u| u.full_name)
                                .unwrap_or_default();
                            names.insert(id, n.clone());
                            n
                        }
                    },
                    None => String::new(),
                };
                messages.push((author, m));
            }
            out.push(ExplanationView {
                can_answer: r.answered_on.is_none() && self.may_answer(who, r.unit_id),
                request: r,
                unit,
                state,
                escalated_to,
                messages,
            });
        }
        Ok(out)
    }
}
