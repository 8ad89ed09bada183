//! Chiso's use cases: what a person or another system can do, with permission checks,
//! transactions and audit. Web handlers and the CLI call only this crate.

pub mod analytics;
pub mod approvals;
pub mod auth;
pub mod catalogue;
pub mod catalogue_io;
pub mod demo;
pub mod entry;
pub mod error;
pub mod evidence;
pub mod exchange;
pub mod exchange_xlsx;
pub mod explanations;
pub mod indices;
pub mod jobs;
mod live;
pub mod org;
pub mod outliers;
pub mod quality;
pub mod resolutions;
pub mod seed;
pub mod sets;
pub mod sheet_row;
pub mod submissions;
pub mod targets;
pub mod values;
pub mod workflow;

pub use error::{AppError, AppResult, ErrorKind, Problem};

use chiso_core::org::OrgTree;
use chiso_store::{IndicatorRow, Store};
use chrono::{DateTime, SubsecRound, Utc};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

/// The notice channel of organisation-tree changes.
const TREE_CHANNEL: &str = "chiso_tree";

/// The application: the store plus in-memory state shared by every request.
#[derive(Debug, Clone)]
pub struct App {
    store: Store,
    tree: Arc<RwLock<Arc<OrgTree>>>,
    demo: Arc<AtomicBool>,
    jobs: Arc<jobs::Jobs>,
    live: Arc<live::Live>,
    /// The catalogue as last read, with its version.
    catalogue: Arc<RwLock<Option<CatalogueSnapshot>>>,
}

/// The catalogue's version and every indicator as read at that version.
type CatalogueSnapshot = (i64, Arc<Vec<IndicatorRow>>);

impl App {
    /// Opens the app on a migrated store and loads the organisation tree.
    pub async fn new(store: Store) -> AppResult<App> {
        let demo = store.audit_has_action(seed::DEMO_ACTION).await?;
        let app = App {
            store,
            tree: Arc::new(RwLock::new(Arc::new(OrgTree::default()))),
            demo: Arc::new(AtomicBool::new(demo)),
            jobs: Arc::new(jobs::Jobs::default()),
            live: Arc::new(live::Live::default()),
            catalogue: Arc::new(RwLock::new(None)),
        };
        app.reload_tree().await?;
        Ok(app)
    }

    /// Every indicator, by code, from memory: read again only when the catalogue's version
    /// moved (any write to an indicator, by any process, moves it), so a request pays one
    /// small query instead of reading every attribute sheet.
    ///
    /// # Errors
    /// The database fails.
    pub async fn indicators_snapshot(&self) -> AppResult<Arc<Vec<IndicatorRow>>> {
        // The version first: a write committed between the two reads then only causes one
        // more read later, never a stale copy.
        let version = self.store.catalogue_version().await?;
        if let Some((v, rows)) = self
            .catalogue
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            && *v == version
        {
            return Ok(rows.clone());
        }
        let rows = Arc::new(self.store.all_indicators().await?);
        *self
            .catalogue
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some((version, rows.clone()));
        Ok(rows)
    }

    /// The store (for health checks and tools).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The current organisation tree (a cheap shared snapshot).
    pub fn tree(&self) -> Arc<OrgTree> {
        match self.tree.read() {
            Ok(t) => t.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The code of the province (the first root of the tree), or empty before there is one.
    pub fn root_code(&self) -> String {
        self.tree()
            .roots()
            .next()
            .map(|r| r.code.to_string())
            .unwrap_or_default()
    }

    /// Reloads the organisation tree after units change.
    pub async fn reload_tree(&self) -> AppResult<()> {
        let units = self.store.org_units().await?;
        let tree = OrgTree::new(units).map_err(|e| AppError::Internal(e.to_string()))?;
        let mut guard = match self.tree.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = Arc::new(tree);
        Ok(())
    }

    /// Reloads the tree after this process changed units, and tells the other processes
    /// on the same database to reload theirs.
    pub async fn tree_changed(&self) -> AppResult<()> {
        self.reload_tree().await?;
        self.store.notify(TREE_CHANNEL).await?;
        Ok(())
    }

    /// Keeps this process's organisation tree in step with changes made by other processes
    /// on the same PostgreSQL database (a background task; nothing to do on SQLite).
    pub async fn watch_other_processes(&self) -> AppResult<()> {
        let Some(mut sub) = self.store.subscribe(TREE_CHANNEL).await? else {
            return Ok(());
        };
        let app = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = sub.next().await {
                    tracing::warn!("change notices: {e}; reloading and listening again");
                    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                }
                if let Err(e) = app.reload_tree().await {
                    tracing::warn!("reloading the organisation tree: {e}");
                }
            }
        });
        Ok(())
    }

    /// Whether the database holds the demo province (pages show a sample-data banner).
    pub fn is_demo(&self) -> bool {
        self.demo.load(Ordering::Relaxed)
    }

    /// Whether the database answers.
    pub async fn healthy(&self) -> bool {
        self.store.ping().await.is_ok()
    }
}

/// The current time, truncated to microseconds (what both databases keep), so that
/// stored timestamps and audit hashes agree after a round trip.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Page size limits shared by every list.
pub mod paging {
    /// Default page size.
    pub const DEFAULT_PER_PAGE: i64 = 50;
    /// Largest page size accepted.
    pub const MAX_PER_PAGE: i64 = 1000;

    /// A validated page request.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Page {
        /// 1-based page number.
        pub page: i64,
        /// Items per page.
        pub per_page: i64,
    }

    impl Page {
        /// Checks and completes `page` and `per_page` from a request.
        pub fn new(page: Option<i64>, per_page: Option<i64>) -> Result<Page, crate::Problem> {
            let page = page.unwrap_or(1);
            let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
            if page < 1 {
                return Err(crate::Problem::invalid("page_range").field("page"));
            }
            if !(1..=MAX_PER_PAGE).contains(&per_page) {
                return Err(crate::Problem::invalid("per_page_range")
                    .field("per_page")
                    .arg("max", MAX_PER_PAGE));
            }
            Ok(Page { page, per_page })
        }

        /// Rows to skip.
        pub fn offset(&self) -> i64 {
            (self.page - 1) * self.per_page
        }
    }
}

/// Opens (creating and migrating if needed) the database at `url`.
pub async fn open_store(url: &str) -> AppResult<Store> {
    let store = Store::connect(url)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    store
        .migrate()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(store)
}

impl App {
    /// Checks the whole audit chain; returns the number of events.
    pub async fn verify_audit(&self) -> AppResult<usize> {
        self.verify_audit_against(None).await
    }

    /// Re-walks the audit chain like [`App::verify_audit`], and checks that it still holds
    /// the event `anchor` names (taken earlier with [`App::audit_anchor`] and kept outside
    /// the database), which catches the newest events deleted.
    ///
    /// # Errors
    /// The chain is broken or the anchored event is missing (the first problem named).
    pub async fn verify_audit_against(
        &self,
        anchor: Option<&chiso_core::audit::Anchor>,
    ) -> AppResult<usize> {
        let events = self.store.audit_events().await?;
        match anchor {
            Some(a) => chiso_core::audit::verify_against(&events, a),
            None => chiso_core::audit::verify_chain(&events),
        }
        .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(events.len())
    }

    /// The head of the audit chain (`id:hash` of the newest event), to keep outside the
    /// database; `None` while the trail is empty.
    ///
    /// # Errors
    /// The database fails.
    pub async fn audit_anchor(&self) -> AppResult<Option<chiso_core::audit::Anchor>> {
        let events = self.store.audit_events().await?;
        Ok(chiso_core::audit::anchor_of(&events))
    }
}
