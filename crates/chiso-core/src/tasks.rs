//! Resolution tasks: progress rolled up the task tree, and each task's computed status with
//! the reasons for it — raised *before* a deadline is missed.
//!
//! A task is not started, on track, at risk, delayed, overdue, done on time or done late.
//! The risk of delay is raised from: no progress update within the task's update window; a
//! schedule performance (progress against the share of time elapsed) that extrapolates to a
//! finish after the deadline; an overdue sub-task; a linked indicator off track.

use crate::org::{OrgId, OrgTree};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A task's key.
pub type TaskId = i64;

/// What the status computation needs to know about a task.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskFacts {
    /// The task.
    pub id: TaskId,
    /// Its parent task, if any.
    pub parent: Option<TaskId>,
    /// Weight among its siblings.
    pub weight: f64,
    /// First day of work.
    pub start: NaiveDate,
    /// Deadline.
    pub deadline: NaiveDate,
    /// Latest accepted progress, 0–100 (for a task with sub-tasks, their roll-up is used).
    pub progress: f64,
    /// Day of the latest progress update, if any.
    pub last_update: Option<NaiveDate>,
    /// Days allowed between updates.
    pub update_every_days: i64,
    /// Day the task was completed, if it was.
    pub completed: Option<NaiveDate>,
    /// Whether an indicator linked to the task is off track against its target.
    pub indicator_off_track: bool,
}

/// The status of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaskStatus {
    /// Before its start, nothing done.
    NotStarted,
    /// Progressing as planned.
    OnTrack,
    /// A warning sign: likely to be late unless something changes.
    AtRisk,
    /// Far behind schedule.
    Delayed,
    /// Past its deadline and not done.
    Overdue,
    /// Done by the deadline.
    DoneOnTime,
    /// Done after the deadline.
    DoneLate,
}

impl TaskStatus {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "not_started",
            TaskStatus::OnTrack => "on_track",
            TaskStatus::AtRisk => "at_risk",
            TaskStatus::Delayed => "delayed",
            TaskStatus::Overdue => "overdue",
            TaskStatus::DoneOnTime => "done_on_time",
            TaskStatus::DoneLate => "done_late",
        }
    }

    /// Every status, in display order.
    pub const ALL: [TaskStatus; 7] = [
        TaskStatus::Overdue,
        TaskStatus::Delayed,
        TaskStatus::AtRisk,
        TaskStatus::OnTrack,
        TaskStatus::NotStarted,
        TaskStatus::DoneOnTime,
        TaskStatus::DoneLate,
    ];
}

/// Why a task has its status.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Completed on this day.
    Completed(NaiveDate),
    /// Past the deadline by this many days.
    PastDeadline(i64),
    /// Not yet started.
    StartsOn(NaiveDate),
    /// No update for this many days (allowed: the second number).
    NoRecentUpdate(i64, i64),
    /// Progress against the share of time elapsed (both 0–100), and the extrapolated
    /// finish day (none if nothing is done yet).
    BehindSchedule {
        /// Progress.
        progress: f64,
        /// Share of the time elapsed.
        elapsed: f64,
        /// Finish day at the current pace.
        finish: Option<NaiveDate>,
    },
    /// This many sub-tasks are overdue.
    OverdueSubtasks(usize),
    /// A linked indicator is off track.
    IndicatorOffTrack,
    /// Progress keeps pace with time.
    OnSchedule {
        /// Progress.
        progress: f64,
        /// Share of the time elapsed.
        elapsed: f64,
    },
}

/// A task's computed state.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessed {
    /// Progress, rolled up from sub-tasks where there are any.
    pub progress: f64,
    /// Status.
    pub status: TaskStatus,
    /// Reasons, most important first.
    pub reasons: Vec<Reason>,
}

/// Schedule performance below this is at risk (a quarter behind).
const AT_RISK: f64 = 0.75;
/// Schedule performance below this is delayed (half behind).
const DELAYED: f64 = 0.5;

/// Rolls progress up the tree (weighted mean of the children's progress) and assesses
/// every task on `today`. Tasks whose parent is missing are treated as top-level.
pub fn assess_all(tasks: &[TaskFacts], today: NaiveDate) -> BTreeMap<TaskId, Assessed> {
    let mut children: BTreeMap<TaskId, Vec<&TaskFacts>> = BTreeMap::new();
    for t in tasks {
        if let Some(p) = t.parent {
            children.entry(p).or_default().push(t);
        }
    }
    let mut out = BTreeMap::new();
    // Depth-first from the roots, children before parents (explicit stack).
    let by_id: BTreeMap<TaskId, &TaskFacts> = tasks.iter().map(|t| (t.id, t)).collect();
    let roots: Vec<&TaskFacts> = tasks
        .iter()
        .filter(|t| t.parent.is_none_or(|p| !by_id.contains_key(&p)))
        .collect();
    for root in roots {
        let mut stack = vec![(root, false)];
        while let Some((t, expanded)) = stack.pop() {
            let kids = children.get(&t.id).map(Vec::as_slice).unwrap_or(&[]);
            if !expanded && !kids.is_empty() {
                stack.push((t, true));
                for k in kids {
                    if !out.contains_key(&k.id) {
                        stack.push((k, false));
                    }
                }
                continue;
            }
            let assessed: Vec<&Assessed> = kids.iter().filter_map(|k| out.get(&k.id)).collect();
            let a = assess(t, kids, &assessed, today);
            out.insert(t.id, a);
        }
    }
    out
}

fn assess(
    t: &TaskFacts,
    kids: &[&TaskFacts],
    assessed: &[&Assessed],
    today: NaiveDate,
) -> Assessed {
    let progress = if kids.is_empty() {
        t.progress.clamp(0.0, 100.0)
    } else {
        let total: f64 = kids.iter().map(|k| k.weight.max(0.0)).sum();
        if total > 0.0 {
            kids.iter()
                .zip(assessed)
                .map(|(k, a)| k.weight.max(0.0) * a.progress)
                .sum::<f64>()
                / total
        } else {
            assessed.iter().map(|a| a.progress).sum::<f64>() / assessed.len().max(1) as f64
        }
    };
    let done = t.completed.or_else(|| {
        // A parent is done when every sub-task is; on the day the last one was.
        (!kids.is_empty() && kids.iter().all(|k| k.completed.is_some()))
            .then(|| kids.iter().filter_map(|k| k.completed).max())
            .flatten()
    });
    if let Some(d) = done {
        let status = if d <= t.deadline {
            TaskStatus::DoneOnTime
        } else {
            TaskStatus::DoneLate
        };
        return Assessed {
            progress: 100.0,
            status,
            reasons: vec![Reason::Completed(d)],
        };
    }
    if today > t.deadline {
        return Assessed {
            progress,
            status: TaskStatus::Overdue,
            reasons: vec![Reason::PastDeadline((today - t.deadline).num_days())],
        };
    }
    if today < t.start && progress <= 0.0 {
        return Assessed {
            progress,
            status: TaskStatus::NotStarted,
            reasons: vec![Reason::StartsOn(t.start)],
        };
    }
    let duration = (t.deadline - t.start).num_days().max(1) as f64;
    let spent = (today - t.start).num_days().max(0) as f64;
    let elapsed = (spent / duration * 100.0).clamp(0.0, 100.0);
    let mut reasons = Vec::new();
    let mut status = TaskStatus::OnTrack;
    // Schedule performance, once a tenth of the time has passed.
    if elapsed >= 10.0 {
        let spi = progress / elapsed;
        let finish = (progress > 0.0).then(|| {
            let days = (spent * 100.0 / progress).ceil() as i64;
            t.start + chrono::Duration::days(days)
        });
        let late_finish = finish.is_none_or(|f| f > t.deadline);
        if spi < DELAYED {
            status = TaskStatus::Delayed;
            reasons.push(Reason::BehindSchedule {
                progress,
                elapsed,
                finish,
            });
        } else if spi < AT_RISK || (late_finish && spi < 1.0) {
            status = TaskStatus::AtRisk;
            reasons.push(Reason::BehindSchedule {
                progress,
                elapsed,
                finish,
            });
        }
    }
    // A parent is reported on through its sub-tasks: their latest update counts.
    let latest = kids
        .iter()
        .filter_map(|k| k.last_update)
        .chain(t.last_update)
        .max();
    let since = latest.unwrap_or(t.start);
    let quiet = (today - since).num_days();
    if today >= t.start && quiet > t.update_every_days {
        status = status.max(TaskStatus::AtRisk);
        reasons.push(Reason::NoRecentUpdate(quiet, t.update_every_days));
    }
    let overdue_kids = assessed
        .iter()
        .filter(|a| a.status == TaskStatus::Overdue)
        .count();
    if overdue_kids > 0 {
        status = status.max(TaskStatus::AtRisk);
        reasons.push(Reason::OverdueSubtasks(overdue_kids));
    }
    if t.indicator_off_track {
        status = status.max(TaskStatus::AtRisk);
        reasons.push(Reason::IndicatorOffTrack);
    }
    if reasons.is_empty() {
        reasons.push(Reason::OnSchedule { progress, elapsed });
    }
    Assessed {
        progress,
        status,
        reasons,
    }
}

/// Whether a unit may assign a task to another: only within its own subtree.
pub fn may_assign(tree: &OrgTree, assigner: OrgId, assignee: OrgId) -> bool {
    tree.is_in_subtree(assigner, assignee)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).expect("date")
    }

    fn task(id: TaskId, parent: Option<TaskId>) -> TaskFacts {
        TaskFacts {
            id,
            parent,
            weight: 1.0,
            start: d(1, 1),
            deadline: d(12, 31),
            progress: 0.0,
            last_update: Some(d(6, 1)),
            update_every_days: 31,
            completed: None,
            indicator_off_track: false,
        }
    }

    #[test]
    fn progress_rolls_up_by_weight() {
        let mut a = task(2, Some(1));
        a.progress = 80.0;
        a.weight = 3.0;
        let mut b = task(3, Some(1));
        b.progress = 40.0;
        let r = assess_all(&[task(1, None), a, b], d(6, 10));
        assert_eq!(r[&1].progress, 70.0);
    }

    #[test]
    fn risk_is_raised_before_the_deadline() {
        // Half the year gone, 20 % done: delayed, finishing long after the deadline.
        let mut t = task(1, None);
        t.progress = 20.0;
        let r = &assess_all(&[t.clone()], d(7, 1))[&1];
        assert_eq!(r.status, TaskStatus::Delayed);
        // 40 % done: at risk (a quarter behind).
        t.progress = 40.0;
        assert_eq!(
            assess_all(&[t.clone()], d(7, 1))[&1].status,
            TaskStatus::AtRisk
        );
        // On pace, but silent for two months.
        t.progress = 55.0;
        t.last_update = Some(d(4, 1));
        let r = &assess_all(&[t.clone()], d(7, 1))[&1];
        assert_eq!(r.status, TaskStatus::AtRisk);
        assert!(matches!(r.reasons[0], Reason::NoRecentUpdate(91, 31)));
        // On pace and updated: on track.
        t.last_update = Some(d(6, 20));
        assert_eq!(
            assess_all(&[t.clone()], d(7, 1))[&1].status,
            TaskStatus::OnTrack
        );
        // A linked indicator off track is a warning too.
        t.indicator_off_track = true;
        assert_eq!(assess_all(&[t], d(7, 1))[&1].status, TaskStatus::AtRisk);
    }

    #[test]
    fn an_overdue_sub_task_puts_its_parent_at_risk() {
        let mut kid = task(2, Some(1));
        kid.deadline = d(3, 31);
        kid.progress = 60.0;
        let mut parent = task(1, None);
        parent.last_update = Some(d(6, 25));
        let mut other = task(3, Some(1));
        other.progress = 60.0;
        other.last_update = Some(d(6, 25));
        let r = assess_all(&[parent, kid, other], d(7, 1));
        assert_eq!(r[&2].status, TaskStatus::Overdue);
        assert_eq!(r[&1].status, TaskStatus::AtRisk);
        assert!(r[&1].reasons.contains(&Reason::OverdueSubtasks(1)));
    }

    #[test]
    fn done_on_time_or_late() {
        let mut t = task(1, None);
        t.completed = Some(d(12, 20));
        assert_eq!(
            assess_all(&[t.clone()], d(12, 25))[&1].status,
            TaskStatus::DoneOnTime
        );
        t.deadline = d(12, 1);
        assert_eq!(assess_all(&[t], d(12, 25))[&1].status, TaskStatus::DoneLate);
    }
}
