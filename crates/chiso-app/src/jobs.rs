//! Background jobs: a long import runs on its own while the person who started it watches
//! its progress (bytes read, records checked) and then reads its report. Jobs live in
//! memory, per process; the newest [`KEEP`] are kept.

use crate::exchange::{ImportOptions, ImportProgress, ValueImportReport};
use crate::{App, AppError};
use chiso_core::access::Principal;
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Finished jobs kept for their reports.
pub const KEEP: usize = 100;

/// Where a job is.
#[derive(Debug, Clone)]
pub enum JobState {
    /// Still reading and writing.
    Running,
    /// Finished with a report (which may list problems).
    Done(Box<ValueImportReport>),
    /// Stopped by a failure of the system (not of the file), with its message.
    Failed(String),
}

/// A job as its owner sees it.
#[derive(Debug, Clone)]
pub struct JobView {
    /// Job number.
    pub id: u64,
    /// The file's name.
    pub file_name: String,
    /// The file's size in bytes, if known.
    pub total_bytes: Option<u64>,
    /// Bytes read so far.
    pub bytes: u64,
    /// Records read so far.
    pub records: u64,
    /// Whether it is a dry run.
    pub dry_run: bool,
    /// Its state.
    pub state: JobState,
}

struct Job {
    owner: i64,
    file_name: String,
    total_bytes: Option<u64>,
    dry_run: bool,
    progress: Arc<ImportProgress>,
    state: JobState,
}

/// The jobs of this process.
#[derive(Default)]
pub struct Jobs {
    next: AtomicU64,
    jobs: Mutex<BTreeMap<u64, Job>>,
}

impl std::fmt::Debug for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jobs").finish_non_exhaustive()
    }
}

impl Jobs {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Job>> {
        // A poisoned lock only means a panic elsewhere; the map itself is still whole.
        self.jobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl App {
    /// Starts importing `input` in the background; returns the job number at once.
    pub fn start_import(
        &self,
        who: &Principal,
        input: Box<dyn Read + Send>,
        total_bytes: Option<u64>,
        options: ImportOptions,
    ) -> u64 {
        let jobs = self.jobs.clone();
        let id = jobs.next.fetch_add(1, Ordering::Relaxed) + 1;
        let progress = Arc::new(ImportProgress::default());
        {
            let mut map = jobs.lock();
            map.insert(
                id,
                Job {
                    owner: who.user_id,
                    file_name: options.file_name.clone(),
                    total_bytes,
                    dry_run: options.dry_run,
                    progress: progress.clone(),
                    state: JobState::Running,
                },
            );
            // Forget the oldest finished jobs beyond the limit.
            while map.len() > KEEP {
                let oldest = map
                    .iter()
                    .find(|(_, j)| !matches!(j.state, JobState::Running))
                    .map(|(k, _)| *k);
                match oldest {
                    Some(k) => map.remove(&k),
                    None => break,
                };
            }
        }
        let app = self.clone();
        let who = who.clone();
        tokio::spawn(async move {
            let result = app.import_values(&who, input, &options, progress).await;
            let state = match result {
                Ok(report) => JobState::Done(Box::new(report)),
                Err(AppError::Internal(detail)) => {
                    tracing::error!(%detail, "import job failed");
                    JobState::Failed(detail)
                }
                Err(e) => JobState::Failed(e.first().code.to_string()),
            };
            if let Some(job) = app.jobs.lock().get_mut(&id) {
                job.state = state;
            }
        });
        id
    }

    /// A job of `who`'s (others' jobs are not shown).
    pub fn job(&self, who: &Principal, id: u64) -> Option<JobView> {
        let map = self.jobs.lock();
        let j = map.get(&id).filter(|j| j.owner == who.user_id)?;
        Some(JobView {
            id,
            file_name: j.file_name.clone(),
            total_bytes: j.total_bytes,
            bytes: j.progress.bytes.load(Ordering::Relaxed),
            records: j.progress.records.load(Ordering::Relaxed),
            dry_run: j.dry_run,
            state: j.state.clone(),
        })
    }
}
