//! A pure, deterministic generator of the demo province "Tỉnh Mẫu": its organisation
//! (about 20 agencies and 100 communes and wards), a catalogue of about 180 indicators
//! with complete attribute sheets covering every group × field cell, three years of
//! believable values (trends, seasonality, noise, a few gaps, late reports and outliers
//! on purpose), annual targets and a handful of users.
//!
//! Everything here is sample data, labelled as such in the province's name. The same
//! seed always gives the same data set; the organisation and the catalogue do not depend
//! on the seed at all.

mod catalogue;
mod orgs;

use catalogue::{Formula, Model, Scale, Share, Spec};
use chiso_core::access::Role;
use chiso_core::code::Code;
use chiso_core::indicator::{
    IndicatorGroup, IndicatorSheet, LifecycleStatus, Polarity, TimeAggregation, TreeAggregation,
    ValueType,
};
use chiso_core::org::OrgKind;
use chiso_core::period::{Period, PeriodType};
use chiso_core::value::ValueStatus;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc};
use orgs::{UnitCtx, UnitKind};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeSet, HashMap};

/// Code of the demo province, the root of the organisation tree.
pub const ROOT_CODE: &str = orgs::ROOT;

/// The day the demo data set is "as of": periods closed before it have values.
pub fn as_of() -> NaiveDate {
    ymd(2026, 11, 22)
}

/// An org unit of the demo province.
#[derive(Debug, Clone)]
pub struct DemoOrg {
    /// Stable code (`TM`, `TM.STC`, `TM.X001`).
    pub code: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Parent unit's code; `None` for the province.
    pub parent: Option<String>,
    /// Agency or locality.
    pub kind: OrgKind,
    /// Depth: 1 = province, 2 = its agencies and communes.
    pub level: i32,
    /// First day the unit exists (the 2025 merger).
    pub valid_from: Option<NaiveDate>,
}

/// Where an indicator's values are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportedAt {
    /// Once, for the whole province.
    Province,
    /// By every commune and ward (the province value is their roll-up).
    Communes,
    /// By agencies (the province value is their roll-up).
    Agencies,
}

/// An indicator of the demo catalogue.
#[derive(Debug, Clone)]
pub struct DemoIndicator {
    /// Stable code, e.g. `ECO_GRDP_GROWTH`.
    pub code: String,
    /// Code of the one owner agency, e.g. `TM.STC`.
    pub owner: String,
    /// Where its values are reported.
    pub reported_at: ReportedAt,
    /// The full attribute sheet; `owner_id` is 0, the loader fills it in.
    pub sheet: IndicatorSheet,
}

/// One sample data value.
#[derive(Debug, Clone)]
pub struct DemoValue {
    /// Index into [`DemoDataset::indicators`].
    pub indicator: usize,
    /// Index into [`DemoDataset::orgs`].
    pub org: usize,
    /// The period, of the indicator's frequency.
    pub period: Period,
    /// The value.
    pub value: f64,
    /// Workflow status.
    pub status: ValueStatus,
    /// When the value was reported.
    pub reported_at: DateTime<Utc>,
    /// Reporter's comment, if any.
    pub comment: Option<String>,
}

/// An annual target.
#[derive(Debug, Clone)]
pub struct DemoTarget {
    /// Index into [`DemoDataset::indicators`].
    pub indicator: usize,
    /// Index into [`DemoDataset::orgs`].
    pub org: usize,
    /// The year the target is for.
    pub period: Period,
    /// The planned value.
    pub value: f64,
    /// Relative tolerance (0.05–0.1).
    pub tolerance: f64,
}

/// A demo user; the loader sets the password.
#[derive(Debug, Clone)]
pub struct DemoUser {
    /// Login name.
    pub username: String,
    /// Full name.
    pub full_name: String,
    /// The one role granted.
    pub role: Role,
    /// Code of the unit the role is granted on.
    pub org: String,
}

/// The whole demo data set.
#[derive(Debug, Clone)]
pub struct DemoDataset {
    /// Org units, the province first, then agencies, then communes and wards.
    pub orgs: Vec<DemoOrg>,
    /// Indicators with their attribute sheets.
    pub indicators: Vec<DemoIndicator>,
    /// Data values.
    pub values: Vec<DemoValue>,
    /// Annual targets.
    pub targets: Vec<DemoTarget>,
    /// Users.
    pub users: Vec<DemoUser>,
}

impl DemoDataset {
    /// Index of the org unit with `code`.
    pub fn org_index(&self, code: &str) -> Option<usize> {
        self.orgs.iter().position(|o| o.code == code)
    }

    /// Index of the indicator with `code`.
    pub fn indicator_index(&self, code: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.code == code)
    }
}

/// A calendar date; out-of-range input gives 1970-01-01 (never happens with our constants).
pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Generates the demo data set. The same seed always gives the same data set.
pub fn generate(seed: u64) -> DemoDataset {
    let (orgs, units) = orgs::build();
    let specs = catalogue::specs();
    let index: HashMap<&'static str, usize> =
        specs.iter().enumerate().map(|(i, s)| (s.code, i)).collect();
    let indicators = specs.iter().map(indicator).collect();
    let mut g = Gen {
        seed,
        rng: StdRng::seed_from_u64(seed),
        specs: &specs,
        index,
        units: &units,
        values: Vec::new(),
    };
    g.base_values();
    g.outliers();
    g.part_values();
    g.formula_values();
    let targets = g.targets();
    DemoDataset {
        orgs,
        indicators,
        values: g.values,
        targets,
        users: users(),
    }
}

fn users() -> Vec<DemoUser> {
    let u = |username: &str, full_name: &str, role: Role, org: &str| DemoUser {
        username: username.to_string(),
        full_name: full_name.to_string(),
        role,
        org: org.to_string(),
    };
    vec![
        u("lanhdao", "Nguyễn Văn Thành", Role::Leader, "TM"),
        u("bientap", "Trần Thị Thu Hà", Role::CatalogueEditor, "TM"),
        u("sotc", "Lê Minh Tuấn", Role::DataOfficer, "TM.STC"),
        u("xa001", "Phạm Thị Hồng Nhung", Role::DataOfficer, "TM.X001"),
        u("pheduyet", "Hoàng Quốc Việt", Role::Approver, "TM"),
        u("xem", "Đỗ Thị Mai Anh", Role::Viewer, "TM"),
    ]
}

// ───────────── Attribute sheets ─────────────

fn field_vi(f: chiso_core::indicator::Field) -> &'static str {
    use chiso_core::indicator::Field;
    match f {
        Field::Economy => "kinh tế",
        Field::Finance => "tài chính – ngân sách",
        Field::Investment => "đầu tư – xây dựng",
        Field::Enterprises => "phát triển doanh nghiệp",
        Field::Society => "văn hóa – xã hội",
        Field::PublicAdministration => "hành chính công",
    }
}

/// The name with its first letter in lower case, unless it starts with an acronym.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if b.is_lowercase() => {
            let mut out: String = a.to_lowercase().collect();
            out.push(b);
            out.push_str(chars.as_str());
            out
        }
        _ => s.to_string(),
    }
}

fn purpose(s: &Spec) -> String {
    let name = lower_first(s.vi);
    let field = field_vi(s.field);
    match s.group {
        IndicatorGroup::Input => format!(
            "Giúp lãnh đạo tỉnh nắm {name} — nguồn lực đầu vào của lĩnh vực {field} — để bố trí, điều chỉnh nguồn lực kịp thời và làm căn cứ đánh giá hiệu quả sử dụng."
        ),
        IndicatorGroup::Process => format!(
            "Theo dõi {name} trong quá trình triển khai nhiệm vụ lĩnh vực {field}; phát hiện sớm chậm trễ, điểm nghẽn để chỉ đạo xử lý kịp thời."
        ),
        IndicatorGroup::Output => format!(
            "Đánh giá kết quả thực hiện nhiệm vụ lĩnh vực {field} qua {name}; so sánh với kế hoạch năm và cùng kỳ để đôn đốc các đơn vị."
        ),
        IndicatorGroup::Outcome => format!(
            "Đo lường kết quả, tác động của chính sách lĩnh vực {field} qua {name}; căn cứ đánh giá mức độ đạt mục tiêu nghị quyết và kế hoạch phát triển kinh tế – xã hội của tỉnh."
        ),
        IndicatorGroup::Composite => format!(
            "Phản ánh tổng hợp {name}; dùng để so sánh với bình quân cả nước và các tỉnh tương đồng, nhận diện điểm sáng cần phát huy và điểm nghẽn cần tháo gỡ."
        ),
    }
}

fn tree_aggregation(s: &Spec) -> TreeAggregation {
    if s.at == ReportedAt::Province || matches!(s.model, Model::Formula(_)) {
        return TreeAggregation::None;
    }
    if POPULATION_WEIGHTED.contains(&s.code) {
        return TreeAggregation::WeightedAverage;
    }
    match s.model {
        Model::Flow { .. } | Model::Stock { .. } | Model::Plan { .. } | Model::Part { .. } => {
            TreeAggregation::Sum
        }
        _ => TreeAggregation::Average,
    }
}

fn time_aggregation(s: &Spec) -> TimeAggregation {
    if let Some(t) = s.time {
        return t;
    }
    match s.model {
        Model::Flow { .. } | Model::Part { .. } | Model::Formula(Formula::Diff(..)) => {
            TimeAggregation::Sum
        }
        Model::Stock { .. } | Model::Plan { .. } | Model::Cum { .. } | Model::Bool { .. } => {
            TimeAggregation::Last
        }
        Model::Rate { .. } | Model::Formula(Formula::Ratio(..)) => TimeAggregation::Average,
    }
}

/// Whether the indicator is a published external index (PCI, PAR Index, …) whose results
/// come out months after the year.
fn is_external_index(s: &Spec) -> bool {
    s.group == IndicatorGroup::Composite
        && s.frequency == PeriodType::Year
        && s.at == ReportedAt::Province
        && matches!(s.model, Model::Rate { .. })
}

fn owner_name(s: &Spec) -> &'static str {
    orgs::agency(s.owner).map_or("Cơ quan chủ trì", |a| a.vi)
}

fn reporting_calendar(s: &Spec) -> String {
    let owner = owner_name(s);
    if matches!(s.model, Model::Formula(_)) {
        return format!(
            "Kỳ {}: tính tự động từ các chỉ số thành phần ngay khi số liệu thành phần được phê duyệt; {owner} rà soát kết quả.",
            s.frequency.label_vi().to_lowercase()
        );
    }
    if is_external_index(s) {
        return format!(
            "Hằng năm: {owner} cập nhật trong 15 ngày kể từ khi kết quả chính thức được công bố (thường trong quý II năm sau)."
        );
    }
    let reporter = match s.at {
        ReportedAt::Communes => "UBND cấp xã",
        ReportedAt::Agencies => "các cơ quan, đơn vị",
        ReportedAt::Province => owner,
    };
    match s.frequency {
        PeriodType::Month => format!(
            "Hằng tháng: số liệu chốt đến hết ngày cuối tháng; {reporter} nhập trước ngày 15 tháng sau; {owner} thẩm định, phê duyệt trước ngày 20."
        ),
        PeriodType::Quarter => format!(
            "Hằng quý: số liệu chốt ngày cuối quý; {reporter} nhập trước ngày 15 của tháng đầu quý sau; {owner} phê duyệt trước ngày 20."
        ),
        PeriodType::HalfYear => format!(
            "6 tháng: số liệu chốt ngày 30/6 và 31/12; {reporter} nhập trước ngày 15/7 và 15/01 năm sau; {owner} phê duyệt trước ngày 20."
        ),
        _ => format!(
            "Hằng năm: số ước thực hiện nhập trước ngày 15/11; số chính thức do {reporter} nhập trước ngày 15/02 năm sau; {owner} phê duyệt trước ngày 28/02."
        ),
    }
}

fn providing_units(s: &Spec) -> String {
    if let Some(p) = s.providers {
        return p.to_string();
    }
    let owner = owner_name(s);
    match (s.at, s.model) {
        (_, Model::Formula(_)) => {
            format!("Chiso tính từ số liệu đã phê duyệt của các chỉ số thành phần; {owner} rà soát")
        }
        (ReportedAt::Communes, _) => format!("UBND các xã, phường; {owner} tổng hợp, thẩm định"),
        (ReportedAt::Agencies, _) if s.only.is_some() => {
            format!("Các sở, ban, ngành và cơ quan ngành dọc liên quan; {owner} tổng hợp")
        }
        (ReportedAt::Agencies, _) => {
            format!("Các sở, ban, ngành thuộc UBND tỉnh; {owner} tổng hợp")
        }
        (ReportedAt::Province, _) => {
            format!("{owner}; các cơ quan liên quan cung cấp số liệu theo phân công")
        }
    }
}

fn disaggregations(s: &Spec) -> String {
    let base = match s.at {
        ReportedAt::Communes => "Theo xã, phường",
        ReportedAt::Agencies => "Theo cơ quan, đơn vị",
        ReportedAt::Province => "Toàn tỉnh",
    };
    match (s.at, s.disaggregations) {
        (ReportedAt::Province, Some(d)) => d.to_string(),
        (_, Some(d)) => format!("{base}; {}", lower_first(d)),
        (_, None) => base.to_string(),
    }
}

fn resolution_links(s: &Spec) -> String {
    s.resolutions
        .iter()
        .filter_map(|k| catalogue::RESOLUTIONS.iter().find(|(key, _)| key == k))
        .map(|(_, text)| *text)
        .collect::<Vec<_>>()
        .join("; ")
}

fn indicator(s: &Spec) -> DemoIndicator {
    let owner = orgs::agency(s.owner);
    let formula = match s.model {
        Model::Formula(f) => Some(f.text()),
        _ => None,
    };
    let source = match (s.source, s.model) {
        (Some(src), _) => src.to_string(),
        (None, Model::Formula(f)) => format!(
            "Tính toán trong Chiso từ các chỉ số {} (một nguồn, một chủ sở hữu theo từng chỉ số thành phần)",
            f.inputs().join(" và ")
        ),
        (None, _) => owner
            .map_or("Báo cáo của cơ quan chủ trì", |a| a.source)
            .to_string(),
    };
    let effective_from = match s.status {
        LifecycleStatus::Operating => Some(ymd(2025, 7, 1)),
        LifecycleStatus::Approved => Some(ymd(2027, 1, 1)),
        _ => None,
    };
    DemoIndicator {
        code: s.code.to_string(),
        owner: format!("{}.{}", orgs::ROOT, s.owner),
        reported_at: s.at,
        sheet: IndicatorSheet {
            name_vi: s.vi.to_string(),
            name_en: s.en.to_string(),
            short_name: s.short.to_string(),
            group: s.group,
            field: s.field,
            purpose: purpose(s),
            definition: s.definition.to_string(),
            formula,
            unit: s.unit.to_string(),
            decimals: s.decimals,
            value_type: s.value_type,
            polarity: s.polarity,
            aggregation_tree: tree_aggregation(s),
            aggregation_time: time_aggregation(s),
            frequency: s.frequency,
            reporting_calendar: reporting_calendar(s),
            source,
            owner_id: 0,
            providing_units: providing_units(s),
            accountable_person: owner
                .map_or("Thủ trưởng cơ quan chủ trì", |a| a.head)
                .to_string(),
            legal_basis: s
                .legal
                .or(owner.map(|a| a.legal))
                .unwrap_or("Luật Thống kê 2015 (sửa đổi 2021)")
                .to_string(),
            national_code: s.national_code.map(str::to_string),
            disaggregations: disaggregations(s),
            effective_from,
            effective_to: None,
            status: s.status,
            resolution_links: resolution_links(s),
            reporting_level: match s.at {
                ReportedAt::Province => chiso_core::indicator::ReportingLevel::Owner,
                ReportedAt::Communes => chiso_core::indicator::ReportingLevel::Localities,
                ReportedAt::Agencies => chiso_core::indicator::ReportingLevel::Agencies,
            },
            weight_indicator: weight_indicator(s),
            // The demo's percentages are shares (0–100); growth and plan fulfilment are
            // numbers in "%".
            min_value: (s.value_type == ValueType::Percent).then_some(0.0),
            max_value: (s.value_type == ValueType::Percent).then_some(100.0),
            allowed_values: Vec::new(),
            outlier_threshold: None,
            province_acceptance: PROVINCE_ACCEPTS.contains(&s.code),
        },
    }
}

/// Commune rates whose provincial figure weighs each commune by its population.
const POPULATION_WEIGHTED: &[&str] = &[
    "SOC_POOR_HOUSEHOLDS",
    "SOC_STUNTING",
    "SOC_HEALTH_INSURANCE",
];

/// Indicators whose values the province accepts after the owner agency approved them.
const PROVINCE_ACCEPTS: &[&str] = &[
    "SOC_POOR_HOUSEHOLDS",
    "SOC_HEALTH_INSURANCE",
    "SOC_IMMUNISATION",
];

fn weight_indicator(s: &Spec) -> Option<Code> {
    POPULATION_WEIGHTED
        .contains(&s.code)
        .then(|| Code::parse("SOC_POPULATION").ok())
        .flatten()
}

// ───────────── Values ─────────────

/// SplitMix64 finaliser: a well-mixed 64-bit hash.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A uniform number in [0, 1) fixed by the seed and the keys.
fn hash01(seed: u64, a: u64, b: u64, c: u64) -> f64 {
    let h = mix(seed ^ mix(a ^ mix(b.wrapping_add(0x1234_5678) ^ mix(c.wrapping_add(0xABCD)))));
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Years since 1 January 2024.
fn years_since_2024(d: NaiveDate) -> f64 {
    (d - ymd(2024, 1, 1)).num_days() as f64 / 365.25
}

fn mid(p: &Period) -> NaiveDate {
    let (s, e) = (p.start(), p.end());
    s + TimeDelta::days((e - s).num_days() / 2)
}

fn round_to(v: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (v * k).round() / k
}

/// The reporting periods of a frequency: 2024 (2023 for years) to the last closed period.
fn periods(freq: PeriodType) -> Vec<Period> {
    let first_year = if freq == PeriodType::Year { 2023 } else { 2024 };
    let first = Period::containing(freq, ymd(first_year, 1, 1));
    let last = Period::containing(freq, as_of()).previous();
    Period::range(first, last)
}

/// Midnight at the start of `as_of()` in Vietnam (UTC+7), in UTC.
fn now_utc() -> DateTime<Utc> {
    as_of().and_time(NaiveTime::default()).and_utc() - TimeDelta::hours(7)
}

struct Gen<'a> {
    seed: u64,
    rng: StdRng,
    specs: &'a [Spec],
    index: HashMap<&'static str, usize>,
    units: &'a [UnitCtx],
    values: Vec<DemoValue>,
}

impl Gen<'_> {
    fn gauss(&mut self) -> f64 {
        let r: f64 = self.rng.r#gen::<f64>() + self.rng.r#gen::<f64>() + self.rng.r#gen::<f64>();
        (r - 1.5) * 2.0
    }

    fn poisson(&mut self, lambda: f64) -> f64 {
        if lambda <= 0.0 {
            return 0.0;
        }
        if lambda > 30.0 {
            return (lambda + lambda.sqrt() * self.gauss()).round().max(0.0);
        }
        let limit = (-lambda).exp();
        let mut k = 0.0;
        let mut p = 1.0;
        loop {
            p *= self.rng.r#gen::<f64>();
            if p <= limit {
                return k;
            }
            k += 1.0;
        }
    }

    fn operating(&self, si: usize) -> bool {
        self.specs
            .get(si)
            .is_some_and(|s| s.status == LifecycleStatus::Operating)
    }

    /// Org indexes that report the indicator.
    fn reporters(&self, s: &Spec) -> Vec<usize> {
        self.units
            .iter()
            .enumerate()
            .filter(|(_, u)| match s.at {
                ReportedAt::Province => u.kind == UnitKind::Province,
                ReportedAt::Communes => u.kind == UnitKind::Commune,
                ReportedAt::Agencies => {
                    u.kind == UnitKind::Agency
                        && match s.only {
                            Some(list) => list.contains(&u.agency),
                            None => orgs::agency(u.agency).is_some_and(|a| a.provincial),
                        }
                }
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Size of a unit for flows and stocks.
    fn scale(&self, s: &Spec, org: usize) -> f64 {
        let Some(u) = self.units.get(org) else {
            return 1.0;
        };
        match u.kind {
            UnitKind::Province => 1.0,
            UnitKind::Agency => u.weight,
            UnitKind::Commune => match s.scale {
                Scale::Pop => u.pop,
                Scale::Econ => u.econ,
                Scale::Agri => u.agri,
                Scale::Sqrt => u.pop.sqrt(),
            },
        }
    }

    /// Persistent offset of a unit on an indicator, about −1 … 1 (positive = better).
    fn quality(&self, si: usize, org: usize) -> f64 {
        let Some(u) = self.units.get(org) else {
            return 0.0;
        };
        if u.kind == UnitKind::Province {
            return 0.0;
        }
        let own = hash01(self.seed, si as u64, org as u64, 1) * 2.0 - 1.0;
        let ward = if u.ward { 0.25 } else { 0.0 };
        (0.6 * u.quality + 0.4 * own + ward).clamp(-1.2, 1.2)
    }

    /// Signed offset of a rate for a unit: spread × quality, lower if lower is better.
    fn offset(&self, si: usize, org: usize, spread: f64) -> f64 {
        let sign = match self.specs.get(si).map(|s| s.polarity) {
            Some(Polarity::LowerIsBetter) => -1.0,
            _ => 1.0,
        };
        sign * spread * self.quality(si, org)
    }

    fn default_spread(s: &Spec, base: f64) -> f64 {
        if s.value_type == ValueType::Percent {
            base.min(100.0 - base).max(0.5) * 0.3
        } else {
            base.abs() * 0.1
        }
    }

    fn flow_expected(&self, month: f64, growth: f64, season: catalogue::Season, p: &Period) -> f64 {
        p.periods_within(PeriodType::Month)
            .iter()
            .map(|m| {
                month * (1.0 + growth).powf(years_since_2024(mid(m))) * season.factor(m.index())
            })
            .sum()
    }

    /// The noise-free level of a base model for a unit and period.
    fn expected(&self, si: usize, org: usize, p: &Period) -> Option<f64> {
        let s = self.specs.get(si)?;
        let scale = self.scale(s, org);
        let year = p.year_number();
        Some(match s.model {
            Model::Flow {
                month,
                growth,
                season,
            } => self.flow_expected(month, growth, season, p) * scale,
            Model::Stock { level, growth } => {
                level * scale * (1.0 + growth).powf(years_since_2024(p.end()))
            }
            Model::Plan { level, growth } => {
                let adjusted = if p.end().month() >= 7 { 1.04 } else { 1.0 };
                level * scale * (1.0 + growth).powi(year - 2024) * adjusted
            }
            Model::Rate {
                base,
                trend,
                spread,
                lo,
                hi,
                ..
            } => {
                let spread = spread.unwrap_or_else(|| Self::default_spread(s, base));
                let v = base + trend * years_since_2024(mid(p)) + self.offset(si, org, spread);
                self.clamp(s, v.clamp(lo, hi))
            }
            Model::Cum {
                end,
                trend,
                spread,
                curve,
            } => {
                let spread = spread.unwrap_or_else(|| Self::default_spread(s, end));
                let final_level =
                    end + trend * f64::from(year - 2024) + self.offset(si, org, spread);
                let final_level = self.clamp(s, final_level);
                let pace = 0.85 + 0.35 * hash01(self.seed, si as u64, org as u64, year as u64);
                final_level * curve.at(p.end().month()).powf(pace)
            }
            Model::Bool { p: prob, trend } => {
                let u = hash01(self.seed, si as u64, org as u64, 7);
                let q = self.units.get(org).map_or(0.0, |u| u.quality);
                let p_year = prob + trend * f64::from(year - 2024) + 0.05 * q;
                if u < p_year { 1.0 } else { 0.0 }
            }
            Model::Part { of, share } => {
                let of_i = *self.index.get(of)?;
                let whole = self.expected(of_i, org, p)?;
                whole * self.expected_share(si, org, p, share)?
            }
            Model::Formula(_) => return None,
        })
    }

    fn expected_share(&self, si: usize, org: usize, p: &Period, share: Share) -> Option<f64> {
        match share {
            Share::Drift { base, trend, .. } => Some(
                (base + trend * years_since_2024(mid(p)) + 0.1 * self.quality(si, org))
                    .clamp(0.0, 0.995),
            ),
            Share::ComplementOf(code) => {
                let r = *self.index.get(code)?;
                Some(((100.0 - self.expected(r, org, p)?) / 100.0).clamp(0.0, 1.0))
            }
        }
    }

    fn clamp(&self, s: &Spec, v: f64) -> f64 {
        match s.value_type {
            ValueType::Percent => v.clamp(0.0, 100.0),
            ValueType::Boolean => v.clamp(0.0, 1.0),
            _ => v,
        }
    }

    /// Status of a value `age` periods before the last closed period of its type.
    fn status(&mut self, freq: PeriodType, age: usize) -> ValueStatus {
        let (approved, submitted) = match (freq, age) {
            (PeriodType::Month, 0) => (0.35, 0.80),
            (PeriodType::Month, 1) => (0.92, 1.0),
            (PeriodType::Quarter, 0) => (0.75, 0.95),
            (_, 0) => (0.95, 1.0),
            _ => (1.0, 1.0),
        };
        let r: f64 = self.rng.r#gen();
        if r < approved {
            ValueStatus::Approved
        } else if r < submitted {
            ValueStatus::Submitted
        } else {
            ValueStatus::Draft
        }
    }

    /// When a value was reported, and whether that was late.
    ///
    /// External indices are published months after their year. Everything else is reported
    /// within the calendar of Decree 09/2019: a few days after the period's data closes (the
    /// 14th of its last month), so that most reports are on time and the late ones stand out.
    fn reported_at(&mut self, s: &Spec, p: &Period, lazy: bool) -> (DateTime<Utc>, bool) {
        let closes = chiso_core::calendar::closing_window(p)
            .map(|w| w.1)
            .unwrap_or(p.end());
        let (from, lag) = if is_external_index(s) {
            (p.end(), self.rng.gen_range(95..=140))
        } else {
            (closes, self.rng.gen_range(1..=2))
        };
        let late = self.rng.gen_bool(if lazy { 0.2 } else { 0.02 });
        let extra = if late { self.rng.gen_range(7..=30) } else { 0 };
        // Office hours in Vietnam (UTC+7): 08:00–18:00 is 01:00–11:00 UTC.
        let minutes = self.rng.gen_range(60..660);
        let at = from.and_time(NaiveTime::default()).and_utc()
            + TimeDelta::days(lag + extra)
            + TimeDelta::minutes(minutes);
        let cap = now_utc() - TimeDelta::minutes(self.rng.gen_range(60..1440));
        (at.min(cap), late)
    }

    fn draw(&mut self, si: usize, org: usize, p: &Period) -> Option<f64> {
        let s = self.specs.get(si)?;
        let expected = self.expected(si, org, p)?;
        let kind = self.units.get(org).map_or(UnitKind::Province, |u| u.kind);
        let v = match s.model {
            Model::Flow { .. } => {
                let rel = s.noise.unwrap_or(match kind {
                    UnitKind::Province => 0.04,
                    _ => 0.12,
                });
                if s.value_type == ValueType::Integer && expected < 30.0 {
                    let lambda = expected * (1.0 + 0.05 * self.gauss()).max(0.0);
                    self.poisson(lambda)
                } else {
                    (expected * (1.0 + rel * self.gauss())).max(0.0)
                }
            }
            Model::Stock { .. } => expected * (1.0 + 0.004 * self.gauss()),
            Model::Rate { noise, lo, hi, .. } => (expected + noise * self.gauss()).clamp(lo, hi),
            Model::Plan { .. } | Model::Cum { .. } | Model::Bool { .. } => expected,
            Model::Part { .. } | Model::Formula(_) => return None,
        };
        Some(self.clamp(s, round_to(v, s.decimals)))
    }

    fn base_values(&mut self) {
        let specs = self.specs;
        for (si, s) in specs.iter().enumerate() {
            if !self.operating(si) || matches!(s.model, Model::Part { .. } | Model::Formula(_)) {
                continue;
            }
            let ps = periods(s.frequency);
            for org in self.reporters(s) {
                let lazy = self.units.get(org).is_some_and(|u| u.lazy);
                let commune = self
                    .units
                    .get(org)
                    .is_some_and(|u| u.kind == UnitKind::Commune);
                for (pi, p) in ps.iter().enumerate() {
                    let age = ps.len() - 1 - pi;
                    if commune {
                        let miss = match (lazy, age) {
                            (true, 0) => 0.2,
                            (true, _) => 0.06,
                            (false, 0) => 0.04,
                            (false, _) => 0.01,
                        };
                        if self.rng.gen_bool(miss) {
                            continue;
                        }
                    }
                    let Some(value) = self.draw(si, org, p) else {
                        continue;
                    };
                    let status = match self.status(s.frequency, age) {
                        // The province has accepted all but the latest approvals of the
                        // indicators it accepts.
                        ValueStatus::Approved if age > 0 && PROVINCE_ACCEPTS.contains(&s.code) => {
                            ValueStatus::Accepted
                        }
                        other => other,
                    };
                    let (reported_at, late) = self.reported_at(s, p, lazy);
                    let comment = self.comment(s, late, status, age);
                    self.values.push(DemoValue {
                        indicator: si,
                        org,
                        period: *p,
                        value,
                        status,
                        reported_at,
                        comment,
                    });
                }
            }
        }
    }

    fn comment(&mut self, s: &Spec, late: bool, status: ValueStatus, age: usize) -> Option<String> {
        if late && self.rng.gen_bool(0.5) {
            const LATE: &[&str] = &[
                "Báo cáo chậm do thay đổi cán bộ phụ trách",
                "Gửi muộn do chờ số liệu từ đơn vị cung cấp",
                "Đã rà soát, điều chỉnh lại số liệu trước khi gửi",
            ];
            let i = self.rng.gen_range(0..LATE.len());
            return LATE.get(i).map(|c| c.to_string());
        }
        if age == 0
            && !status.is_settled()
            && matches!(s.model, Model::Flow { .. })
            && self.rng.gen_bool(0.3)
        {
            return Some("Số ước tính, sẽ cập nhật số chính thức".to_string());
        }
        None
    }

    /// Multiplies a handful of commune flow values by five, on purpose.
    fn outliers(&mut self) {
        let candidates: Vec<usize> = self
            .values
            .iter()
            .enumerate()
            .filter(|(_, v)| {
                v.value > 0.0
                    && v.status.is_settled()
                    && self
                        .units
                        .get(v.org)
                        .is_some_and(|u| u.kind == UnitKind::Commune)
                    && self
                        .specs
                        .get(v.indicator)
                        .is_some_and(|s| matches!(s.model, Model::Flow { .. }))
            })
            .map(|(i, _)| i)
            .collect();
        if candidates.is_empty() {
            return;
        }
        let mut chosen = BTreeSet::new();
        while chosen.len() < 8.min(candidates.len()) {
            let k = self.rng.gen_range(0..candidates.len());
            if let Some(&i) = candidates.get(k) {
                chosen.insert(i);
            }
        }
        for i in chosen {
            let decimals = self
                .values
                .get(i)
                .and_then(|v| self.specs.get(v.indicator))
                .map_or(0, |s| s.decimals);
            if let Some(v) = self.values.get_mut(i) {
                v.value = round_to(v.value * 5.0, decimals);
                v.comment =
                    Some("Cần kiểm tra: tăng đột biến, gấp khoảng 5 lần kỳ trước".to_string());
            }
        }
    }

    /// Values that are a part of another indicator's value (online dossiers, overdue ones).
    fn part_values(&mut self) {
        let specs = self.specs;
        for (si, s) in specs.iter().enumerate() {
            let Model::Part { of, share } = s.model else {
                continue;
            };
            if !self.operating(si) {
                continue;
            }
            let Some(&of_i) = self.index.get(of) else {
                continue;
            };
            let complement: HashMap<(usize, Period), f64> = match share {
                Share::ComplementOf(code) => match self.index.get(code) {
                    Some(&r) => self
                        .values
                        .iter()
                        .filter(|v| v.indicator == r)
                        .map(|v| ((v.org, v.period), v.value))
                        .collect(),
                    None => continue,
                },
                Share::Drift { .. } => HashMap::new(),
            };
            let wholes: Vec<DemoValue> = self
                .values
                .iter()
                .filter(|v| v.indicator == of_i)
                .cloned()
                .collect();
            for w in wholes {
                let fraction = match share {
                    Share::Drift { base, trend, noise } => (base
                        + trend * years_since_2024(mid(&w.period))
                        + 0.1 * self.quality(si, w.org)
                        + noise * self.gauss())
                    .clamp(0.0, 0.995),
                    Share::ComplementOf(_) => match complement.get(&(w.org, w.period)) {
                        Some(r) => ((100.0 - r) / 100.0).clamp(0.0, 1.0),
                        None => continue,
                    },
                };
                let value = self.clamp(s, round_to(w.value * fraction, s.decimals));
                self.values.push(DemoValue {
                    indicator: si,
                    org: w.org,
                    period: w.period,
                    value,
                    status: w.status,
                    reported_at: w.reported_at,
                    comment: None,
                });
            }
        }
    }

    /// Province-level value of an indicator for a period of its frequency or longer,
    /// aggregated over the tree and then over time, from the values generated so far.
    fn province_value(
        &self,
        sums: &HashMap<(usize, Period), (f64, usize)>,
        si: usize,
        p: &Period,
    ) -> Option<f64> {
        let s = self.specs.get(si)?;
        if p.period_type() == s.frequency {
            let &(sum, n) = sums.get(&(si, *p))?;
            // The demo's targets take a weighted average as the plain one (near enough).
            return match tree_aggregation(s) {
                TreeAggregation::Average | TreeAggregation::WeightedAverage if n > 0 => {
                    Some(sum / n as f64)
                }
                _ => Some(sum),
            };
        }
        let parts = p.periods_within(s.frequency);
        if parts.is_empty() {
            return None;
        }
        let vals = parts
            .iter()
            .map(|q| self.province_value(sums, si, q))
            .collect::<Option<Vec<f64>>>()?;
        match time_aggregation(s) {
            TimeAggregation::Sum => Some(vals.iter().sum()),
            TimeAggregation::Average => Some(vals.iter().sum::<f64>() / vals.len() as f64),
            TimeAggregation::Min => vals.iter().copied().reduce(f64::min),
            TimeAggregation::Max => vals.iter().copied().reduce(f64::max),
            TimeAggregation::Last => vals.last().copied(),
        }
    }

    fn eval(&self, f: Formula, get: impl Fn(usize) -> Option<f64>) -> Option<f64> {
        let [a, b] = f.inputs();
        let va = get(*self.index.get(a)?)?;
        let vb = get(*self.index.get(b)?)?;
        let v = match f {
            Formula::Ratio(_, _, k) if vb != 0.0 => va / vb * k,
            Formula::Ratio(..) => return None,
            Formula::Diff(..) => va - vb,
        };
        v.is_finite().then_some(v)
    }

    /// Values of computed indicators, consistent with their formulas.
    fn formula_values(&mut self) {
        let mut sums: HashMap<(usize, Period), (f64, usize)> = HashMap::new();
        for v in &self.values {
            let e = sums.entry((v.indicator, v.period)).or_insert((0.0, 0));
            e.0 += v.value;
            e.1 += 1;
        }
        let specs = self.specs;
        for (si, s) in specs.iter().enumerate() {
            let Model::Formula(f) = s.model else {
                continue;
            };
            if !self.operating(si) {
                continue;
            }
            let ps = periods(s.frequency);
            for (pi, p) in ps.iter().enumerate() {
                let Some(v) = self.eval(f, |i| self.province_value(&sums, i, p)) else {
                    continue;
                };
                let value = self.clamp(s, round_to(v, s.decimals));
                let age = ps.len() - 1 - pi;
                let status = self.status(s.frequency, age);
                let (reported_at, _) = self.reported_at(s, p, false);
                self.values.push(DemoValue {
                    indicator: si,
                    org: 0,
                    period: *p,
                    value,
                    status,
                    reported_at,
                    comment: None,
                });
            }
        }
    }

    /// The noise-free annual value at the province: the reporters' annual values
    /// aggregated over the tree, or the formula applied to its inputs.
    fn province_expected(&self, si: usize, year: &Period) -> Option<f64> {
        let s = self.specs.get(si)?;
        if let Model::Formula(f) = s.model {
            return self.eval(f, |i| self.province_expected(i, year));
        }
        let per_unit: Vec<f64> = self
            .reporters(s)
            .into_iter()
            .filter_map(|org| self.annual_expected(si, org, year))
            .collect();
        if per_unit.is_empty() {
            return None;
        }
        match tree_aggregation(s) {
            TreeAggregation::Average | TreeAggregation::WeightedAverage => {
                Some(per_unit.iter().sum::<f64>() / per_unit.len() as f64)
            }
            _ => Some(per_unit.iter().sum()),
        }
    }

    /// The noise-free annual value of a unit, aggregated over time like the indicator.
    fn annual_expected(&self, si: usize, org: usize, year: &Period) -> Option<f64> {
        let s = self.specs.get(si)?;
        let parts = year.periods_within(s.frequency);
        let vals = parts
            .iter()
            .map(|p| self.expected(si, org, p))
            .collect::<Option<Vec<f64>>>()?;
        if vals.is_empty() {
            return None;
        }
        match time_aggregation(s) {
            TimeAggregation::Sum => Some(vals.iter().sum()),
            TimeAggregation::Average => Some(vals.iter().sum::<f64>() / vals.len() as f64),
            TimeAggregation::Min => vals.iter().copied().reduce(f64::min),
            TimeAggregation::Max => vals.iter().copied().reduce(f64::max),
            TimeAggregation::Last => vals.last().copied(),
        }
    }

    /// Turns an expected annual value into a target: a little ambitious or a little
    /// modest, so that some are met and some missed.
    fn target_value(&mut self, s: &Spec, expected: f64) -> f64 {
        // −1 … 1.3: somewhat more often ambitious than modest.
        let u: f64 = self.rng.gen_range(-1.0..1.3);
        // Rates and scores move by points, amounts by percent.
        let step = match s.model {
            Model::Rate {
                base, trend, noise, ..
            } => (2.0 * noise).max(trend.abs()).max(0.005 * base.abs()),
            _ if s.unit == "%" => 2.5,
            _ => 0.06 * expected.abs(),
        };
        let v = match s.polarity {
            Polarity::HigherIsBetter => expected + u * step,
            Polarity::LowerIsBetter => expected - u * step,
            Polarity::TargetBand => expected,
        };
        let v = self.clamp(s, round_to(v, s.decimals));
        if let Model::Rate { lo, hi, .. } = s.model {
            v.clamp(lo, hi)
        } else {
            v
        }
    }

    fn targets(&mut self) -> Vec<DemoTarget> {
        let mut out = Vec::new();
        let specs = self.specs;
        for (si, s) in specs.iter().enumerate() {
            if !self.operating(si) {
                continue;
            }
            for y in 2024..=2026 {
                let year = Period::containing(PeriodType::Year, ymd(y, 1, 1));
                if let Some(e) = self.province_expected(si, &year) {
                    let value = self.target_value(s, e);
                    let tolerance = round_to(self.rng.gen_range(0.05..=0.10), 2);
                    out.push(DemoTarget {
                        indicator: si,
                        org: 0,
                        period: year,
                        value,
                        tolerance,
                    });
                }
                if s.at != ReportedAt::Communes {
                    continue;
                }
                for org in self.reporters(s) {
                    let Some(e) = self.annual_expected(si, org, &year) else {
                        continue;
                    };
                    let value = if s.value_type == ValueType::Boolean {
                        1.0
                    } else {
                        self.target_value(s, e)
                    };
                    let tolerance = round_to(self.rng.gen_range(0.05..=0.10), 2);
                    out.push(DemoTarget {
                        indicator: si,
                        org,
                        period: year,
                        value,
                        tolerance,
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use chiso_core::code::Code;
    use chiso_core::indicator::Field;
    use chiso_core::value::check_value;
    use std::collections::HashSet;
    use std::sync::OnceLock;

    fn data() -> &'static DemoDataset {
        static DATA: OnceLock<DemoDataset> = OnceLock::new();
        DATA.get_or_init(|| generate(42))
    }

    #[test]
    fn at_least_150_indicators_with_unique_valid_codes() {
        let d = data();
        assert!(d.indicators.len() >= 150, "{}", d.indicators.len());
        let mut seen = HashSet::new();
        for i in &d.indicators {
            assert!(Code::parse(&i.code).is_ok(), "{}", i.code);
            assert!(
                i.code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                "{}",
                i.code
            );
            assert!(seen.insert(i.code.clone()), "duplicate {}", i.code);
        }
        let mut orgs = HashSet::new();
        for o in &d.orgs {
            assert!(Code::parse(&o.code).is_ok(), "{}", o.code);
            assert!(orgs.insert(o.code.clone()), "duplicate {}", o.code);
        }
    }

    #[test]
    fn every_group_field_cell_has_five_or_more() {
        let d = data();
        for g in IndicatorGroup::ALL {
            for f in Field::ALL {
                let n = d
                    .indicators
                    .iter()
                    .filter(|i| i.sheet.group == *g && i.sheet.field == *f)
                    .count();
                assert!(n >= 5, "{g} × {f}: {n}");
            }
        }
    }

    #[test]
    fn each_indicator_has_one_agency_owner() {
        let d = data();
        for i in &d.indicators {
            let owner = d
                .orgs
                .iter()
                .filter(|o| o.code == i.owner)
                .collect::<Vec<_>>();
            assert_eq!(owner.len(), 1, "{}", i.code);
            assert_eq!(owner[0].kind, OrgKind::Agency, "{}", i.code);
            assert_eq!(i.sheet.owner_id, 0);
        }
    }

    #[test]
    fn sheets_are_complete() {
        let d = data();
        for i in &d.indicators {
            let s = &i.sheet;
            assert!(s.problems().is_empty(), "{}: {:?}", i.code, s.problems());
            for (name, text) in [
                ("short_name", &s.short_name),
                ("purpose", &s.purpose),
                ("definition", &s.definition),
                ("reporting_calendar", &s.reporting_calendar),
                ("source", &s.source),
                ("providing_units", &s.providing_units),
                ("accountable_person", &s.accountable_person),
                ("legal_basis", &s.legal_basis),
                ("disaggregations", &s.disaggregations),
            ] {
                assert!(!text.trim().is_empty(), "{}: {name} is empty", i.code);
            }
            let mut n = s.clone();
            n.normalise();
            assert_eq!(&n, s, "{} is not normalised (NFC, trimmed)", i.code);
            if i.reported_at == ReportedAt::Province {
                assert_eq!(s.aggregation_tree, TreeAggregation::None, "{}", i.code);
            } else {
                assert_ne!(s.aggregation_tree, TreeAggregation::None, "{}", i.code);
            }
            if s.value_type == ValueType::Integer || s.value_type == ValueType::Boolean {
                assert_eq!(s.decimals, 0, "{}", i.code);
            }
        }
        let with_formula = d.indicators.iter().filter(|i| i.sheet.formula.is_some());
        let codes: HashSet<&str> = d.indicators.iter().map(|i| i.code.as_str()).collect();
        let scope = chiso_core::formula::Scope::new().with_indicators(
            codes
                .iter()
                .map(|c| chiso_core::code::Code::parse(c).unwrap()),
        );
        for i in with_formula {
            let f = i.sheet.formula.as_deref().unwrap();
            let checked = chiso_core::formula::parse_checked(f, &scope);
            assert!(checked.is_ok(), "{}: {f}: {checked:?}", i.code);
        }
        let not_operating = d
            .indicators
            .iter()
            .filter(|i| i.sheet.status != LifecycleStatus::Operating)
            .count();
        assert!((3..=15).contains(&not_operating), "{not_operating}");
        assert!(
            d.indicators
                .iter()
                .any(|i| !i.sheet.resolution_links.is_empty())
        );
        assert!(d.indicators.iter().any(|i| i.sheet.national_code.is_some()));
    }

    #[test]
    fn organisation_has_agencies_and_communes() {
        let d = data();
        assert_eq!(d.orgs[0].code, ROOT_CODE);
        assert_eq!(d.orgs[0].parent, None);
        assert_eq!(d.orgs[0].level, 1);
        assert_eq!(d.orgs[0].valid_from, Some(ymd(2025, 7, 1)));
        let agencies = d.orgs.iter().filter(|o| o.kind == OrgKind::Agency).count();
        assert!((18..=24).contains(&agencies), "{agencies}");
        let communes: Vec<_> = d
            .orgs
            .iter()
            .filter(|o| o.kind == OrgKind::Locality && o.level == 2)
            .collect();
        assert!((95..=110).contains(&communes.len()), "{}", communes.len());
        let wards = communes
            .iter()
            .filter(|o| o.name_vi.starts_with("Phường "))
            .count();
        assert!((10..=40).contains(&wards), "{wards}");
        let names: HashSet<&str> = communes.iter().map(|o| o.name_vi.as_str()).collect();
        assert_eq!(names.len(), communes.len());
        for o in &d.orgs[1..] {
            assert_eq!(o.parent.as_deref(), Some(ROOT_CODE));
            assert_eq!(o.level, 2);
        }
        for o in &d.orgs {
            assert_eq!(chiso_core::text::nfc(&o.name_vi), o.name_vi);
            assert!(
                o.name_en.is_ascii() || o.kind == OrgKind::Agency,
                "{}",
                o.name_en
            );
        }
    }

    #[test]
    fn reported_at_mix() {
        let d = data();
        let count = |r: ReportedAt| d.indicators.iter().filter(|i| i.reported_at == r).count();
        assert!((35..=45).contains(&count(ReportedAt::Communes)));
        assert!((20..=30).contains(&count(ReportedAt::Agencies)));
    }

    #[test]
    fn values_fit_their_indicators() {
        let d = data();
        assert!(
            (30_000..=120_000).contains(&d.values.len()),
            "{}",
            d.values.len()
        );
        let last = as_of();
        for v in &d.values {
            let i = &d.indicators[v.indicator];
            assert_eq!(v.period.period_type(), i.sheet.frequency, "{}", i.code);
            check_value(v.value, i.sheet.value_type, 100.0)
                .unwrap_or_else(|e| panic!("{} {} {}: {e}", i.code, v.period, v.value));
            assert!(v.period.end() < last);
            let closes = chiso_core::calendar::closing_window(&v.period).unwrap().1;
            assert!(
                v.reported_at.date_naive() > closes,
                "{} {}",
                i.code,
                v.period
            );
            assert!(v.reported_at < now_utc());
            assert!(v.org < d.orgs.len());
            if i.sheet.unit == "%" && i.sheet.value_type == ValueType::Percent {
                assert!((0.0..=100.0).contains(&v.value));
            }
            match i.reported_at {
                ReportedAt::Province => assert_eq!(v.org, 0, "{}", i.code),
                ReportedAt::Communes => assert!(d.orgs[v.org].code.starts_with("TM.X")),
                ReportedAt::Agencies => assert_eq!(d.orgs[v.org].kind, OrgKind::Agency),
            }
            assert_eq!(i.sheet.status, LifecycleStatus::Operating, "{}", i.code);
        }
        let keys: HashSet<(usize, usize, Period)> = d
            .values
            .iter()
            .map(|v| (v.indicator, v.org, v.period))
            .collect();
        assert_eq!(
            keys.len(),
            d.values.len(),
            "one value per indicator, unit and period"
        );
    }

    #[test]
    fn values_cover_three_years_up_to_the_last_closed_period() {
        let d = data();
        let periods: HashSet<String> = d.values.iter().map(|v| v.period.to_string()).collect();
        for p in [
            "2023", "2024", "2025", "2024-01", "2026-10", "2026Q3", "2026S1", "2024Q1",
        ] {
            assert!(periods.contains(p), "{p}");
        }
        for p in ["2026", "2026-11", "2026Q4", "2026S2", "2023-12"] {
            assert!(!periods.contains(p), "{p}");
        }
    }

    #[test]
    fn some_gaps_outliers_late_and_unapproved_values() {
        let d = data();
        let outliers = d
            .values
            .iter()
            .filter(|v| {
                v.comment
                    .as_deref()
                    .is_some_and(|c| c.starts_with("Cần kiểm tra"))
            })
            .count();
        assert!((3..=20).contains(&outliers), "{outliers}");
        let recent: Vec<_> = d
            .values
            .iter()
            .filter(|v| v.period.to_string() == "2026-10")
            .collect();
        assert!(recent.iter().any(|v| v.status == ValueStatus::Draft));
        assert!(recent.iter().any(|v| v.status == ValueStatus::Submitted));
        assert!(recent.iter().any(|v| v.status == ValueStatus::Approved));
        let old_unapproved = d
            .values
            .iter()
            .filter(|v| v.period.year_number() < 2026 && !v.status.is_settled())
            .count();
        assert!(old_unapproved < d.values.len() / 100);
        let late = d
            .values
            .iter()
            .filter(|v| {
                let closes = chiso_core::calendar::closing_window(&v.period).unwrap().1;
                (v.reported_at.date_naive() - closes).num_days() > 6
            })
            .filter(|v| d.indicators[v.indicator].sheet.frequency != PeriodType::Year)
            .count();
        assert!(late > 100 && late < d.values.len() / 20, "{late}");
        // Missing commune rows: about 1–2 %.
        let idx = d.indicator_index("PA_COMMUNE_DOSSIERS").unwrap();
        let n = d.values.iter().filter(|v| v.indicator == idx).count();
        let expected = 100 * 34;
        assert!(n < expected && n > expected * 95 / 100, "{n}");
    }

    #[test]
    fn formulas_agree_with_their_inputs() {
        let d = data();
        let get = |code: &str, org: usize, p: &str| {
            let i = d.indicator_index(code).unwrap();
            d.values
                .iter()
                .find(|v| v.indicator == i && v.org == org && v.period.to_string() == p)
                .map(|v| v.value)
        };
        let x = get("ECO_EXPORT_VALUE", 0, "2025-03").unwrap();
        let m = get("ECO_IMPORT_VALUE", 0, "2025-03").unwrap();
        let b = get("ECO_TRADE_BALANCE", 0, "2025-03").unwrap();
        assert!((x - m - b).abs() < 0.11);
        let rate = get("INV_PUBLIC_DISBURSE_RATE", 0, "2025-12").unwrap();
        assert!((70.0..=100.0).contains(&rate), "{rate}");
        let june = get("INV_PUBLIC_DISBURSE_RATE", 0, "2025-06").unwrap();
        assert!(june < rate - 30.0, "year-end surge: {june} → {rate}");
        let share = get("PA_ONLINE_SHARE", 0, "2026-01").unwrap();
        assert!((40.0..=100.0).contains(&share), "{share}");
    }

    #[test]
    fn believable_levels() {
        let d = data();
        let pop = d.indicator_index("SOC_POPULATION").unwrap();
        for v in d.values.iter().filter(|v| v.indicator == pop) {
            let ward = d.orgs[v.org].name_vi.starts_with("Phường");
            let (lo, hi) = if ward {
                (20_000.0, 80_000.0)
            } else {
                (4_000.0, 45_000.0)
            };
            assert!(
                (lo..=hi).contains(&v.value),
                "{} {}",
                d.orgs[v.org].code,
                v.value
            );
        }
        let rev = d.indicator_index("FIN_REVENUE_TOTAL").unwrap();
        let month = |m: &str| {
            d.values
                .iter()
                .find(|v| v.indicator == rev && v.period.to_string() == m)
                .unwrap()
                .value
        };
        assert!(
            month("2025-12") > month("2025-02"),
            "year-end revenue above Tết"
        );
        assert!(month("2026-06") > month("2024-06"), "growth");
    }

    #[test]
    fn targets_cover_every_operating_indicator() {
        let d = data();
        let operating: HashSet<usize> = d
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, i)| i.sheet.status == LifecycleStatus::Operating)
            .map(|(k, _)| k)
            .collect();
        for y in ["2024", "2025", "2026"] {
            let at_province: HashSet<usize> = d
                .targets
                .iter()
                .filter(|t| t.org == 0 && t.period.to_string() == y)
                .map(|t| t.indicator)
                .collect();
            assert_eq!(at_province, operating, "{y}");
        }
        for t in &d.targets {
            let i = &d.indicators[t.indicator];
            assert_eq!(t.period.period_type(), PeriodType::Year);
            assert!((0.05..=0.1).contains(&t.tolerance));
            assert!(t.value.is_finite());
            check_value(t.value, i.sheet.value_type, 1e12).unwrap();
            if i.sheet.value_type == ValueType::Percent {
                assert!((0.0..=100.0).contains(&t.value));
            }
            // A population-weighted commune rate has a province target like its communes'
            // (a sum of rates, clamped to 100, was once planned for the province).
            if t.org == 0 && i.code == "SOC_POOR_HOUSEHOLDS" {
                assert!((0.5..=5.0).contains(&t.value), "{}", t.value);
            }
            if t.org != 0 {
                assert_eq!(i.reported_at, ReportedAt::Communes);
            }
        }
        let communes = d
            .indicators
            .iter()
            .filter(|i| i.reported_at == ReportedAt::Communes)
            .count();
        assert!(d.targets.len() > communes * 100 * 3);
    }

    #[test]
    fn users_are_the_expected_six() {
        let d = data();
        let names: Vec<&str> = d.users.iter().map(|u| u.username.as_str()).collect();
        assert_eq!(
            names,
            ["lanhdao", "bientap", "sotc", "xa001", "pheduyet", "xem"]
        );
        for u in &d.users {
            assert!(d.org_index(&u.org).is_some(), "{}", u.org);
            assert_eq!(chiso_core::text::nfc(&u.full_name), u.full_name);
        }
    }

    #[test]
    fn same_seed_same_data_other_seed_other_values() {
        let a = generate(7);
        let b = generate(7);
        let c = generate(8);
        let key = |d: &DemoDataset| {
            d.values
                .iter()
                .map(|v| {
                    format!(
                        "{}|{}|{}|{}|{}|{}|{:?}",
                        v.indicator, v.org, v.period, v.value, v.status, v.reported_at, v.comment
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&a), key(&b));
        assert_ne!(key(&a), key(&c));
        let tkey = |d: &DemoDataset| {
            d.targets
                .iter()
                .map(|t| {
                    format!(
                        "{}|{}|{}|{}|{}",
                        t.indicator, t.org, t.period, t.value, t.tolerance
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(tkey(&a), tkey(&b));
        let sheets = |d: &DemoDataset| {
            d.indicators
                .iter()
                .map(|i| serde_json::to_string(&i.sheet).unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            sheets(&a),
            sheets(&c),
            "the catalogue does not depend on the seed"
        );
        let orgs = |d: &DemoDataset| d.orgs.iter().map(|o| o.name_vi.clone()).collect::<Vec<_>>();
        assert_eq!(orgs(&a), orgs(&c));
    }
}
