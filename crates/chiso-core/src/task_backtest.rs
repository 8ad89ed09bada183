//! Back-test of the early warnings on tasks: replay the history day by day, assess every
//! task with only what was known that day, and count how many tasks that ended late were
//! flagged at risk (or delayed) before their deadline, how early, and how many flags fell on
//! tasks that ended on time (false alarms).
//!
//! Known on a day: the accepted progress reports made by then (the latest gives the
//! progress and the day of the last update) and the completion if it had happened. A linked
//! indicator's past status is not replayed (it is not kept day by day), so the back-test
//! measures the schedule and silence rules only.

use crate::tasks::{TaskFacts, TaskId, TaskStatus, assess_all};
use chrono::NaiveDate;

/// One task's history.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskHistory {
    /// The task's fixed facts (its progress, last update and completion are replayed from
    /// the fields below, not read from here).
    pub facts: TaskFacts,
    /// Accepted progress reports: day reported, progress.
    pub updates: Vec<(NaiveDate, f64)>,
    /// The day it was completed, if it was.
    pub completed: Option<NaiveDate>,
}

/// How one ended task fared.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskOutcome {
    /// The task.
    pub id: TaskId,
    /// Whether it ended late (completed after its deadline, or not completed by it).
    pub late: bool,
    /// The first day before its deadline it was flagged at risk or delayed.
    pub first_flag: Option<NaiveDate>,
    /// Days from that flag to the deadline.
    pub lead_days: Option<i64>,
}

/// The back-test's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    /// The day the history was cut.
    pub as_of: NaiveDate,
    /// Tasks whose outcome is known (deadline passed, or completed).
    pub ended: usize,
    /// Of those, how many ended late.
    pub late: usize,
    /// Late tasks flagged before their deadline.
    pub late_flagged: usize,
    /// Median days between the first flag and the deadline, over the flagged late tasks.
    pub median_lead_days: Option<f64>,
    /// Tasks that ended on time.
    pub on_time: usize,
    /// On-time tasks that were flagged on some day (false alarms).
    pub false_alarms: usize,
    /// Each ended task.
    pub outcomes: Vec<TaskOutcome>,
}

impl Backtest {
    /// Share of late tasks flagged in advance.
    pub fn recall(&self) -> Option<f64> {
        (self.late > 0).then(|| self.late_flagged as f64 / self.late as f64)
    }

    /// Share of flagged ended tasks that did end late.
    pub fn precision(&self) -> Option<f64> {
        let flagged = self.late_flagged + self.false_alarms;
        (flagged > 0).then(|| self.late_flagged as f64 / flagged as f64)
    }
}

/// The facts of every task as known on `day`.
fn facts_on(tasks: &[TaskHistory], day: NaiveDate) -> Vec<TaskFacts> {
    tasks
        .iter()
        .map(|h| {
            let last = h
                .updates
                .iter()
                .filter(|(on, _)| *on <= day)
                .max_by_key(|(on, _)| *on);
            TaskFacts {
                progress: last.map_or(0.0, |u| u.1),
                last_update: last.map(|u| u.0),
                completed: h.completed.filter(|c| *c <= day),
                indicator_off_track: false,
                ..h.facts.clone()
            }
        })
        .collect()
}

/// Replays `tasks` day by day (every `step_days`) up to `as_of`.
pub fn backtest(tasks: &[TaskHistory], as_of: NaiveDate, step_days: i64) -> Backtest {
    let step = chrono::Duration::days(step_days.max(1));
    let mut first_flag: std::collections::BTreeMap<TaskId, NaiveDate> = Default::default();
    if let Some(start) = tasks.iter().map(|t| t.facts.start).min() {
        let last = tasks
            .iter()
            .map(|t| t.facts.deadline)
            .max()
            .unwrap_or(start)
            .min(as_of);
        let mut day = start;
        while day <= last {
            let assessed = assess_all(&facts_on(tasks, day), day);
            for h in tasks {
                let open = h.completed.is_none_or(|c| c > day);
                if day >= h.facts.deadline || !open || first_flag.contains_key(&h.facts.id) {
                    continue;
                }
                if assessed
                    .get(&h.facts.id)
                    .is_some_and(|a| matches!(a.status, TaskStatus::AtRisk | TaskStatus::Delayed))
                {
                    first_flag.insert(h.facts.id, day);
                }
            }
            day += step;
        }
    }
    let mut outcomes = Vec::new();
    for h in tasks {
        let deadline = h.facts.deadline;
        let ended = h.completed.is_some_and(|c| c <= as_of) || deadline < as_of;
        if !ended {
            continue;
        }
        let late = match h.completed.filter(|c| *c <= as_of) {
            Some(c) => c > deadline,
            None => true,
        };
        let flag = first_flag.get(&h.facts.id).copied();
        outcomes.push(TaskOutcome {
            id: h.facts.id,
            late,
            first_flag: flag,
            lead_days: flag.map(|f| (deadline - f).num_days()),
        });
    }
    let late: Vec<&TaskOutcome> = outcomes.iter().filter(|o| o.late).collect();
    let mut leads: Vec<f64> = late
        .iter()
        .filter_map(|o| o.lead_days)
        .map(|d| d as f64)
        .collect();
    leads.sort_by(f64::total_cmp);
    let median = match leads.len() {
        0 => None,
        n if n % 2 == 1 => Some(leads[n / 2]),
        n => Some((leads[n / 2 - 1] + leads[n / 2]) / 2.0),
    };
    Backtest {
        as_of,
        ended: outcomes.len(),
        late: late.len(),
        late_flagged: late.iter().filter(|o| o.first_flag.is_some()).count(),
        median_lead_days: median,
        on_time: outcomes.iter().filter(|o| !o.late).count(),
        false_alarms: outcomes
            .iter()
            .filter(|o| !o.late && o.first_flag.is_some())
            .count(),
        outcomes,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn task(
        id: TaskId,
        updates: Vec<(NaiveDate, f64)>,
        completed: Option<NaiveDate>,
    ) -> TaskHistory {
        TaskHistory {
            facts: TaskFacts {
                id,
                parent: None,
                weight: 1.0,
                start: d(1, 1),
                deadline: d(6, 30),
                progress: 0.0,
                last_update: None,
                update_every_days: 30,
                completed: None,
                indicator_off_track: false,
            },
            updates,
            completed,
        }
    }

    #[test]
    fn a_slow_task_is_flagged_before_it_ends_late_and_a_steady_one_is_not() {
        // Steady: reports every fortnight, always a little ahead of the time elapsed; done
        // on 20 June.
        let span = (d(6, 30) - d(1, 1)).num_days() as f64;
        let steady_updates = (0..13)
            .map(|k| {
                let day = d(1, 1) + chrono::Duration::days(14 * k);
                let ahead = (14 * (k + 1)) as f64 / span * 100.0;
                (day, ahead.min(99.0))
            })
            .chain(std::iter::once((d(6, 20), 100.0)))
            .collect();
        let steady = task(1, steady_updates, Some(d(6, 20)));
        // Slow: 10 % by the end of March, finished in August.
        let slow = task(
            2,
            vec![(d(1, 31), 5.0), (d(3, 31), 10.0), (d(8, 10), 100.0)],
            Some(d(8, 10)),
        );
        let b = backtest(&[steady, slow], d(9, 1), 1);
        assert_eq!((b.ended, b.late, b.on_time), (2, 1, 1));
        assert_eq!(b.late_flagged, 1);
        assert_eq!(b.false_alarms, 0);
        let slow = b.outcomes.iter().find(|o| o.id == 2).unwrap();
        assert!(slow.first_flag.unwrap() < d(4, 1), "{slow:?}");
        assert!(slow.lead_days.unwrap() > 90);
        assert_eq!(b.recall(), Some(1.0));
        assert_eq!(b.precision(), Some(1.0));
    }

    #[test]
    fn tasks_still_open_before_their_deadline_are_not_judged() {
        let open = task(3, vec![(d(1, 31), 10.0)], None);
        let b = backtest(&[open], d(3, 1), 1);
        assert_eq!(b.ended, 0);
        assert_eq!(b.recall(), None);
    }
}
