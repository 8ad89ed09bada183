//! The indicator catalogue: list, read, create and edit attribute sheets.

use crate::auth::{audit, require};
use crate::paging::Page;
use crate::{App, AppError, AppResult, ErrorKind, Problem, now};
use chiso_core::access::{Action, Principal};
use chiso_core::code::Code;
use chiso_core::formula::{self, FormulaError, FormulaErrorKind};
use chiso_core::indicator::{
    Field, Indicator, IndicatorGroup, IndicatorSheet, LifecycleStatus, Polarity, ReportingLevel,
    TimeAggregation, TreeAggregation, ValueType,
};
use chiso_core::org::OrgKind;
use chiso_core::period::PeriodType;
use chiso_core::workflow::Gatekeeper;
/// An indicator with its timestamps, as listed.
pub use chiso_store::IndicatorRow;
use chiso_store::{IndicatorFilter, Tx as StoreTx};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// An indicator's attributes as sent by a person or system: the owner by code,
/// optional attributes defaulted.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorInput {
    /// Stable code (ignored on update: the code in the path wins).
    #[serde(default)]
    pub code: Option<String>,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Short name (defaults to the Vietnamese name).
    #[serde(default)]
    pub short_name: Option<String>,
    /// Group.
    pub group: IndicatorGroup,
    /// Field.
    pub field: Field,
    /// Purpose.
    #[serde(default)]
    pub purpose: String,
    /// Definition.
    #[serde(default)]
    pub definition: String,
    /// Formula for computed indicators.
    #[serde(default)]
    pub formula: Option<String>,
    /// Unit.
    pub unit: String,
    /// Decimals (default 0).
    #[serde(default)]
    pub decimals: i32,
    /// Value type (default number).
    #[serde(default = "default_value_type")]
    pub value_type: ValueType,
    /// Polarity (default higher is better).
    #[serde(default = "default_polarity")]
    pub polarity: Polarity,
    /// Aggregation over the tree (default sum).
    #[serde(default = "default_tree")]
    pub aggregation_tree: TreeAggregation,
    /// Aggregation over time (default sum).
    #[serde(default = "default_time")]
    pub aggregation_time: TimeAggregation,
    /// Frequency.
    pub frequency: PeriodType,
    /// Reporting calendar.
    #[serde(default)]
    pub reporting_calendar: String,
    /// Source.
    pub source: String,
    /// Owner agency code.
    pub owner: String,
    /// Which units report values besides the owner: owner (default), localities, agencies.
    #[serde(default)]
    pub reporting_level: ReportingLevel,
    /// Providing units.
    #[serde(default)]
    pub providing_units: String,
    /// Accountable person.
    #[serde(default)]
    pub accountable_person: String,
    /// Legal basis.
    #[serde(default)]
    pub legal_basis: String,
    /// National code.
    #[serde(default)]
    pub national_code: Option<String>,
    /// Disaggregations.
    #[serde(default)]
    pub disaggregations: String,
    /// First day in force.
    #[serde(default)]
    pub effective_from: Option<NaiveDate>,
    /// Last day in force.
    #[serde(default)]
    pub effective_to: Option<NaiveDate>,
    /// Lifecycle step on creation (default proposed; only the working group may register an
    /// indicator at a later step; ignored on update, where steps change by transitions).
    #[serde(default = "default_status")]
    pub status: LifecycleStatus,
    /// Links to resolutions and tasks.
    #[serde(default)]
    pub resolution_links: String,
    /// For a weighted average over the tree: the code of the indicator that weighs each
    /// unit (e.g. population).
    #[serde(default)]
    pub weight_indicator: Option<String>,
    /// Smallest value accepted.
    #[serde(default)]
    pub min_value: Option<f64>,
    /// Largest value accepted.
    #[serde(default)]
    pub max_value: Option<f64>,
    /// The only values accepted, when not empty.
    #[serde(default)]
    pub allowed_values: Vec<f64>,
    /// Modified z-score above which a value is flagged as unusual (default 3.5).
    #[serde(default)]
    pub outlier_threshold: Option<f64>,
    /// Whether the province accepts values after the owner agency approved them.
    #[serde(default)]
    pub province_acceptance: bool,
}

fn default_value_type() -> ValueType {
    ValueType::Number
}
fn default_polarity() -> Polarity {
    Polarity::HigherIsBetter
}
fn default_tree() -> TreeAggregation {
    TreeAggregation::Sum
}
fn default_time() -> TimeAggregation {
    TimeAggregation::Sum
}
fn default_status() -> LifecycleStatus {
    LifecycleStatus::Proposed
}

/// Catalogue filters as received (codes, not keys).
#[derive(Debug, Clone, Default)]
pub struct CatalogueQuery {
    /// Group.
    pub group: Option<IndicatorGroup>,
    /// Field.
    pub field: Option<Field>,
    /// Owner agency code.
    pub owner: Option<String>,
    /// Lifecycle status.
    pub status: Option<LifecycleStatus>,
    /// Search text.
    pub text: Option<String>,
}

/// One page of a list.
#[derive(Debug, Clone)]
pub struct Listing<T> {
    /// The items.
    pub items: Vec<T>,
    /// Total matching.
    pub total: i64,
    /// The page served.
    pub page: Page,
}

impl App {
    /// One page of the catalogue. Everyone signed in may read it.
    pub async fn list_indicators(
        &self,
        _who: &Principal,
        q: &CatalogueQuery,
        page: Page,
    ) -> AppResult<Listing<IndicatorRow>> {
        let owner_id = match q.owner.as_deref().filter(|s| !s.is_empty()) {
            Some(code) => Some(self.unit_id(code, "owner")?),
            None => None,
        };
        let filter = IndicatorFilter {
            group: q.group,
            field: q.field,
            owner_id,
            status: q.status,
            text: q.text.clone().filter(|t| !t.trim().is_empty()),
        };
        let (items, total) = self
            .store
            .list_indicators(&filter, page.per_page, page.offset())
            .await?;
        Ok(Listing { items, total, page })
    }

    /// The indicator with `code`, or 404.
    pub async fn indicator(&self, code: &str) -> AppResult<IndicatorRow> {
        self.store.indicator_by_code(code).await?.ok_or_else(|| {
            Problem::new(ErrorKind::NotFound, "indicator.unknown")
                .field("indicator")
                .arg("code", code)
                .into()
        })
    }

    /// Number of indicators in operation or on their way, per (group, field); optionally
    /// only one owner's (by code) and only one set's (by code, its latest version).
    pub async fn coverage(
        &self,
        owner: Option<&str>,
        set: Option<&str>,
    ) -> AppResult<Vec<(String, String, i64)>> {
        let owner_id = match owner.filter(|o| !o.is_empty()) {
            Some(code) => Some(self.unit_id(code, "owner")?),
            None => None,
        };
        let set_version = match set.filter(|s| !s.is_empty()) {
            Some(code) => {
                let s = self.set(code).await?;
                s.versions.last().map(|v| (s.set.id, v.version))
            }
            None => None,
        };
        Ok(self.store.indicator_counts(owner_id, set_version).await?)
    }

    /// Key of the unit with `code`, or a 422 naming `field`.
    pub(crate) fn unit_id(&self, code: &str, field: &str) -> AppResult<i64> {
        self.tree().by_code(code).map(|u| u.id).ok_or_else(|| {
            Problem::invalid("org.unknown")
                .field(field)
                .arg("code", code)
                .into()
        })
    }

    pub(crate) fn sheet_from_input(&self, input: &IndicatorInput) -> AppResult<IndicatorSheet> {
        let tree = self.tree();
        let owner = tree.by_code(input.owner.trim()).ok_or_else(|| {
            Problem::invalid("org.unknown")
                .field("owner")
                .arg("code", &input.owner)
        })?;
        if owner.kind != OrgKind::Agency {
            return Err(Problem::invalid("indicator.owner_not_agency")
                .field("owner")
                .arg("code", &owner.code)
                .into());
        }
        let mut sheet = IndicatorSheet {
            name_vi: input.name_vi.clone(),
            name_en: input.name_en.clone(),
            short_name: input
                .short_name
                .clone()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| input.name_vi.clone()),
            group: input.group,
            field: input.field,
            purpose: input.purpose.clone(),
            definition: input.definition.clone(),
            formula: input.formula.clone(),
            unit: input.unit.clone(),
            decimals: input.decimals,
            value_type: input.value_type,
            polarity: input.polarity,
            aggregation_tree: input.aggregation_tree,
            aggregation_time: input.aggregation_time,
            frequency: input.frequency,
            reporting_calendar: input.reporting_calendar.clone(),
            source: input.source.clone(),
            owner_id: owner.id,
            reporting_level: input.reporting_level,
            providing_units: input.providing_units.clone(),
            accountable_person: input.accountable_person.clone(),
            legal_basis: input.legal_basis.clone(),
            national_code: input.national_code.clone().filter(|s| !s.trim().is_empty()),
            disaggregations: input.disaggregations.clone(),
            effective_from: input.effective_from,
            effective_to: input.effective_to,
            status: input.status,
            resolution_links: input.resolution_links.clone(),
            weight_indicator: match input
                .weight_indicator
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
            {
                None => None,
                Some(c) => Some(Code::parse(c).map_err(|e| {
                    Problem::invalid("code.invalid")
                        .field("weight_indicator")
                        .arg("reason", e.to_string())
                })?),
            },
            min_value: input.min_value,
            max_value: input.max_value,
            allowed_values: input.allowed_values.clone(),
            outlier_threshold: input.outlier_threshold,
            province_acceptance: input.province_acceptance,
        };
        sheet.normalise();
        if let Some(p) = sheet.problems().first() {
            return Err(Problem::invalid(p.key).field(p.field).into());
        }
        Ok(sheet)
    }

    /// Creates an indicator owned by an agency the caller edits the catalogue for.
    pub async fn create_indicator(
        &self,
        who: &Principal,
        input: &IndicatorInput,
    ) -> AppResult<Indicator> {
        let raw = input.code.as_deref().unwrap_or("");
        let code = Code::parse(raw).map_err(|e| {
            Problem::invalid("code.invalid")
                .field("code")
                .arg("reason", e.to_string())
        })?;
        let mut sheet = self.sheet_from_input(input)?;
        let tree = self.tree();
        require(who, Action::EditCatalogue, sheet.owner_id, &tree)?;
        self.check_formula(&code, sheet.formula.as_deref()).await?;
        self.check_weight_indicator(&code, &sheet).await?;
        // A new indicator starts at step 1. Only the working group may register one at a
        // later step (bringing an existing catalogue in).
        if !Gatekeeper::WorkingGroup.admits(who, sheet.owner_id, &tree) {
            sheet.status = LifecycleStatus::Proposed;
        }
        let mut tx = self.store.begin().await?;
        let indicator = insert_sheet(&mut tx, who, &code, &sheet).await?;
        tx.commit().await?;
        Ok(indicator)
    }

    /// Replaces an indicator's sheet. A change of definition, formula, unit, value type,
    /// frequency or aggregation starts a new definition version; values keep the version
    /// they were reported under.
    pub async fn update_indicator(
        &self,
        who: &Principal,
        code: &str,
        input: &IndicatorInput,
    ) -> AppResult<Indicator> {
        let old = self.indicator(code).await?.indicator;
        let mut sheet = self.sheet_from_input(input)?;
        // The step changes only through the workflow.
        sheet.status = old.sheet.status;
        let tree = self.tree();
        require(who, Action::EditCatalogue, old.sheet.owner_id, &tree)?;
        require(who, Action::EditCatalogue, sheet.owner_id, &tree)?;
        self.check_formula(&old.code, sheet.formula.as_deref())
            .await?;
        self.check_weight_indicator(&old.code, &sheet).await?;
        let mut tx = self.store.begin().await?;
        let indicator = replace_sheet(&mut tx, who, &old, &sheet).await?;
        tx.commit().await?;
        Ok(indicator)
    }

    /// Checks the weight of a weighted average against the catalogue (see
    /// [`weight_problem`]).
    pub async fn check_weight_indicator(
        &self,
        code: &Code,
        sheet: &IndicatorSheet,
    ) -> AppResult<()> {
        let Some(weight) = &sheet.weight_indicator else {
            return Ok(());
        };
        let found = self.store.indicator_by_code(weight.as_str()).await?;
        match weight_problem(code, sheet, |_| {
            found.as_ref().map(|r| r.indicator.sheet.formula.is_some())
        }) {
            Some(p) => Err(p.into()),
            None => Ok(()),
        }
    }

    /// Checks a computed indicator's formula against the catalogue: it must parse, refer
    /// only to indicators that exist, use conditions where conditions belong, and not make
    /// computed indicators refer to each other in a circle. Every problem is reported with
    /// its column.
    pub async fn check_formula(&self, code: &Code, formula: Option<&str>) -> AppResult<()> {
        let Some(text) = formula.filter(|f| !f.trim().is_empty()) else {
            return Ok(());
        };
        let all = self.store.all_indicators().await?;
        let scope = formula::Scope::new().with_indicators(
            all.iter()
                .map(|r| r.indicator.code.clone())
                .chain(std::iter::once(code.clone())),
        );
        let (expr, _) = formula::parse_checked(text, &scope)
            .map_err(|errors| AppError::Problems(errors.iter().map(formula_problem).collect()))?;
        // The graph of computed indicators, with this one's new formula.
        let mut graph: BTreeMap<Code, BTreeSet<Code>> = all
            .iter()
            .filter(|r| &r.indicator.code != code)
            .filter_map(|r| {
                let f = r.indicator.sheet.formula.as_deref()?;
                let e = formula::parse(f).ok()?;
                Some((r.indicator.code.clone(), formula::deps::indicators(&e)))
            })
            .collect();
        graph.insert(code.clone(), formula::deps::indicators(&expr));
        if let Some(cycle) = formula::deps::find_cycle(&graph) {
            let names: Vec<String> = cycle.iter().map(|c| c.to_string()).collect();
            let p = FormulaError::new(FormulaErrorKind::Cycle(names), expr.span);
            return Err(formula_problem(&p).into());
        }
        Ok(())
    }
}

/// What is wrong with a sheet's weight indicator, if anything: it must be another
/// indicator, known to `computed` (which says whether an indicator of that code is
/// computed, or `None` when there is none), whose values are reported rather than computed,
/// so that every unit has its own weight.
pub(crate) fn weight_problem(
    code: &Code,
    sheet: &IndicatorSheet,
    computed: impl Fn(&Code) -> Option<bool>,
) -> Option<Problem> {
    let weight = sheet.weight_indicator.as_ref()?;
    let key = if weight == code {
        "indicator.weight_self"
    } else {
        match computed(weight) {
            None => "indicator.unknown",
            Some(true) => "indicator.weight_computed",
            Some(false) => return None,
        }
    };
    Some(
        Problem::invalid(key)
            .field("weight_indicator")
            .arg("code", weight),
    )
}

/// A formula error as a problem of the `formula` field, with its position.
pub fn formula_problem(e: &FormulaError) -> Problem {
    let mut p = Problem::invalid(e.kind.key())
        .field("formula")
        .arg("column", e.span.column)
        .arg("line", e.span.line);
    for (k, v) in e.kind.args() {
        p = p.arg(k, v);
    }
    p
}

/// Writes a new indicator, its first definition version and the audit record, inside `tx`.
pub(crate) async fn insert_sheet(
    tx: &mut StoreTx,
    who: &Principal,
    code: &Code,
    sheet: &IndicatorSheet,
) -> AppResult<Indicator> {
    let row = tx.insert_indicator(code, sheet, now()).await?;
    tx.record_indicator_version(row.indicator.id, 1, &row.indicator.sheet, now())
        .await?;
    let detail = serde_json::to_string(&row.indicator).unwrap_or_default();
    tx.append_audit(&audit(
        Some(who.user_id),
        "indicator.create",
        "indicator",
        code.as_str(),
        &detail,
    ))
    .await?;
    Ok(row.indicator)
}

/// Whether going from `old` to `new` changes the definition (definition, formula, unit,
/// value type, frequency, aggregation or its weight), which starts a new definition version.
pub(crate) fn redefines(old: &IndicatorSheet, new: &IndicatorSheet) -> bool {
    old.definition != new.definition
        || old.formula != new.formula
        || old.unit != new.unit
        || old.value_type != new.value_type
        || old.frequency != new.frequency
        || old.aggregation_tree != new.aggregation_tree
        || old.aggregation_time != new.aggregation_time
        || old.weight_indicator != new.weight_indicator
}

/// Replaces an indicator's sheet inside `tx`, keeping definition versions and auditing.
pub(crate) async fn replace_sheet(
    tx: &mut StoreTx,
    who: &Principal,
    old: &Indicator,
    sheet: &IndicatorSheet,
) -> AppResult<Indicator> {
    let redefined = redefines(&old.sheet, sheet);
    let version = old.version + i32::from(redefined);
    let row = tx
        .update_indicator(old.id, &old.code, version, sheet, now())
        .await?;
    if redefined {
        // Keep the sheet the old version was defined by (indicators loaded before
        // versions were recorded have no row yet), then record the new one.
        tx.keep_indicator_version(old.id, old.version, &old.sheet, now())
            .await?;
    }
    tx.record_indicator_version(old.id, version, &row.indicator.sheet, now())
        .await?;
    let detail = serde_json::json!({ "before": old, "after": row.indicator });
    tx.append_audit(&audit(
        Some(who.user_id),
        "indicator.update",
        "indicator",
        old.code.as_str(),
        &detail.to_string(),
    ))
    .await?;
    Ok(row.indicator)
}
