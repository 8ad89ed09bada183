//! Composite indices: the pure maths that turns indicator data into scores and ranks.
//!
//! The definitions follow the JRC-endorsed R package COINr 1.1.14 (© William Becker, MIT
//! licence; <https://github.com/bluefoxr/COINr>), so that Chiso reproduces its published
//! worked example (the ASEM index, `fixtures/coinr/`) to 1e-9. The code here is our own;
//! only the formulas come from COINr's documentation, and each step names its source.
//!
//! The steps, each a pure function over a [`DataTable`] and an [`IndexTree`]:
//!
//! 1. [`denominate`] — divide indicators by a denominator column (per capita, per GDP, ...);
//! 2. [`impute`] / [`carry_forward`] — fill missing values;
//! 3. [`screen_units`] — drop units with too little data;
//! 4. [`treat`] — Winsorise outliers while skew and kurtosis exceed thresholds, else log;
//! 5. [`normalise`] — bring indicators onto a common scale, directions applied;
//! 6. [`aggregate`] — weighted means up the tree, level by level;
//! 7. [`rank_units`] — scores and ranks, ties sharing the lowest rank.
//!
//! [`run_pipeline`] runs them all from one [`PipelineSpec`].
//!
//! Around them: [`sensitivity`] (how much the ranks depend on those choices: median ranks,
//! 5–95 % intervals, Sobol' indices), [`explain_change`], [`gaps`] and [`lost_points`] (what
//! moved a score and a rank), and [`merge_units`] (former units' scores carried onto merged
//! units, as derived figures).
//!
//! Missing values are `None`. As in R, where `is.na(NaN)` is true, a computation that yields
//! `NaN` (for example `0 / 0`) is stored as missing; infinities are kept as values.

#![warn(missing_docs)]

mod aggregate;
mod attribute;
mod denominate;
mod impute;
mod merge;
pub mod methodology;
mod normalise;
mod pipeline;
mod rank;
mod screen;
mod sensitivity;
pub mod stats;
mod table;
mod treat;
mod tree;

pub use aggregate::{
    AggregateMethod, AggregateSpec, aggregate, aggregate_values, check_points, points_maxima,
};
pub use attribute::{
    ComponentChange, Gap, LostPoints, ScoreChange, explain_change, gaps, lost_points,
};
pub use denominate::{denominate, denominate_by};
pub use impute::{ImputeMethod, Imputed, ImputedCell, carry_forward, impute};
pub use merge::{MergeLink, MergeRule, merge_units};
pub use normalise::{NormaliseMethod, NormaliseSpec, normalise, normalise_values};
pub use pipeline::{PipelineResult, PipelineSpec, run_pipeline};
pub use rank::{RankedUnit, rank_descending, rank_units};
pub use screen::{Screened, UnitAvailability, data_availability, screen_units};
pub use sensitivity::{
    FactorSensitivity, SensitivityResult, SensitivitySpec, UnitRankStats, sensitivity,
};
pub use table::DataTable;
pub use treat::{
    SecondTreatment, SkewKurtCheck, TreatDetail, TreatSpec, Winsorisation, treat, treat_values,
};
pub use tree::{Direction, IndexTree, MetaRow, Node, NodeKind, RowKind};

/// Everything that can go wrong while building an index tree or computing an index.
///
/// Each variant names the offending code (indicator, aggregate, unit or column) so that a
/// person reading the message knows what to fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompositeError {
    /// Two rows of the index structure share a code.
    #[error("the code `{0}` appears more than once in the index structure")]
    DuplicateCode(String),
    /// An indicator or aggregate row has no level.
    #[error("`{0}` has no level")]
    MissingLevel(String),
    /// An indicator or aggregate row has no weight.
    #[error("`{0}` has no weight")]
    MissingWeight(String),
    /// A weight is negative, infinite or not a number.
    #[error("`{code}` has an invalid weight {weight} (weights must be finite and not negative)")]
    InvalidWeight {
        /// The node.
        code: String,
        /// The weight given.
        weight: f64,
    },
    /// An indicator row has no direction.
    #[error("indicator `{0}` has no direction (1 or -1)")]
    MissingDirection(String),
    /// A direction other than 1 or −1.
    #[error("`{code}` has direction {value}; only 1 and -1 are allowed")]
    InvalidDirection {
        /// The node.
        code: String,
        /// The value given.
        value: f64,
    },
    /// A parent code that names no aggregate of the structure.
    #[error("`{code}` names the parent `{parent}`, which is not in the index structure")]
    UnknownParent {
        /// The child.
        code: String,
        /// The missing parent.
        parent: String,
    },
    /// A parent that is an indicator, not an aggregate.
    #[error("`{code}` names the parent `{parent}`, which is an indicator, not an aggregate")]
    ParentIsIndicator {
        /// The child.
        code: String,
        /// The parent that is an indicator.
        parent: String,
    },
    /// Following the parents from a node comes back to it.
    #[error("the parents of `{0}` form a cycle")]
    Cycle(String),
    /// A parent whose level is not above its child's.
    #[error(
        "`{code}` (level {level}) has the parent `{parent}` at level {parent_level}; a parent must sit at a higher level"
    )]
    LevelOrder {
        /// The child.
        code: String,
        /// The child's level.
        level: u32,
        /// The parent.
        parent: String,
        /// The parent's level.
        parent_level: u32,
    },
    /// An aggregate with no children.
    #[error("aggregate `{0}` has no children")]
    EmptyAggregate(String),
    /// The structure has no indicators.
    #[error("the index structure has no indicators")]
    NoIndicators,
    /// The structure has no single top node.
    #[error("the index structure must have exactly one top node; found {}", .0.join(", "))]
    RootCount(Vec<String>),
    /// A row type that is not Indicator, Aggregate, Group or Denominator.
    #[error("`{code}` has the unknown type `{kind}`")]
    UnknownRowKind {
        /// The row.
        code: String,
        /// The type given.
        kind: String,
    },
    /// A weight set names a code that is not in the tree.
    #[error("the weight set names `{0}`, which is not in the index structure")]
    UnknownWeightCode(String),

    /// Two units share a code.
    #[error("the unit `{0}` appears more than once")]
    DuplicateUnit(String),
    /// Two columns share a code.
    #[error("the column `{0}` appears more than once")]
    DuplicateColumn(String),
    /// A column whose length differs from the number of units.
    #[error("the column `{column}` has {got} values for {expected} units")]
    ColumnLength {
        /// The column.
        column: String,
        /// The number of units.
        expected: usize,
        /// The number of values given.
        got: usize,
    },
    /// A column the computation needs is not in the data.
    #[error("the data has no column `{0}`")]
    MissingColumn(String),
    /// A group column the computation needs is not in the data.
    #[error("the data has no group column `{0}`")]
    MissingGroup(String),

    /// Too few non-missing values to compute a statistic.
    #[error("`{column}` has {got} values; at least {needed} are needed for {what}")]
    TooFewValues {
        /// The column.
        column: String,
        /// What was being computed.
        what: &'static str,
        /// How many values are needed.
        needed: usize,
        /// How many there are.
        got: usize,
    },
    /// Distance to target asked for an indicator that has no target.
    #[error("indicator `{0}` has no target, which distance-to-target normalisation needs")]
    MissingTarget(String),
    /// Normalisation parameters that make no sense.
    #[error("invalid normalisation parameters for `{column}`: {reason}")]
    InvalidNormalisation {
        /// The column.
        column: String,
        /// What is wrong.
        reason: String,
    },
    /// Treatment parameters that make no sense.
    #[error("invalid treatment parameters: {0}")]
    InvalidTreatment(String),
    /// A geometric mean over a value that is zero or negative.
    #[error(
        "the geometric mean for `{node}` cannot use the value {value} of `{child}` for unit `{unit}`: values must be positive"
    )]
    NonPositiveGeometric {
        /// The aggregate.
        node: String,
        /// The child whose value is not positive.
        child: String,
        /// The unit.
        unit: String,
        /// The value.
        value: f64,
    },
    /// A harmonic mean over a zero value.
    #[error(
        "the harmonic mean for `{node}` cannot use the zero value of `{child}` for unit `{unit}`"
    )]
    ZeroHarmonic {
        /// The aggregate.
        node: String,
        /// The child whose value is zero.
        child: String,
        /// The unit.
        unit: String,
    },
    /// A criterion with no maximum number of points.
    #[error("criterion `{0}` has no maximum number of points")]
    MissingMaximum(String),
    /// A score outside `0..=maximum` for a criterion.
    #[error("unit `{unit}` scores {value} on `{code}`, outside 0..={maximum}")]
    PointsOutOfRange {
        /// The criterion.
        code: String,
        /// The unit.
        unit: String,
        /// The score.
        value: f64,
        /// The maximum.
        maximum: f64,
    },
    /// A data-availability threshold outside 0..=1.
    #[error("the availability threshold {0} is not between 0 and 1")]
    InvalidThreshold(f64),
    /// A sensitivity analysis that cannot run as asked.
    #[error("invalid sensitivity analysis: {0}")]
    InvalidSensitivity(String),
    /// An input file that does not fit the methodology.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// A merger mapping that does not cover the data exactly.
    #[error("invalid merger mapping: {0}")]
    InvalidMerge(String),
    /// A methodology document that cannot be read.
    #[error("invalid methodology: {0}")]
    InvalidStructure(String),
}
