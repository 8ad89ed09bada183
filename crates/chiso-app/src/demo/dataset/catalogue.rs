//! The demo indicator catalogue: one compact spec per indicator, with the model its sample
//! values are drawn from. `dataset.rs` turns each spec into a complete attribute sheet.

use super::ReportedAt;
use super::ReportedAt::{Agencies as AG, Communes as CM, Province as PV};
use chiso_core::indicator::Field::{
    Economy as ECO, Enterprises as ENT, Finance as FIN, Investment as INV,
    PublicAdministration as PA, Society as SOC,
};
use chiso_core::indicator::IndicatorGroup::{
    Composite as GC, Input as GI, Outcome as GU, Output as GO, Process as GP,
};
use chiso_core::indicator::Polarity::{
    HigherIsBetter as HI, LowerIsBetter as LO, TargetBand as BAND,
};
use chiso_core::indicator::ValueType::{
    Boolean as BOOL, Integer as INT, Number as NUM, Percent as PCT,
};
use chiso_core::indicator::{
    Field, IndicatorGroup, LifecycleStatus, Polarity, TimeAggregation, ValueType,
};
use chiso_core::period::PeriodType;
use chiso_core::period::PeriodType::{HalfYear as H, Month as M, Quarter as Q, Year as Y};

/// Monthly seasonal profile of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Season {
    /// No seasonality.
    Flat,
    /// Production and registrations dip around Tết (January–February), rise at year end.
    Tet,
    /// Retail peaks before Tết and at year end.
    Retail,
    /// Budget revenue: settlements in January and December.
    Revenue,
    /// Budget spending and disbursement: slow start, year-end surge.
    Spending,
    /// Tourism: Tết festivals and summer.
    Tourism,
    /// Business suspensions: filed before Tết.
    Suspend,
}

impl Season {
    /// The factor for month `m` (1–12).
    pub(super) fn factor(self, m: u32) -> f64 {
        let table: [f64; 12] = match self {
            Season::Flat => [1.0; 12],
            Season::Tet => [
                0.92, 0.72, 1.02, 1.0, 1.0, 1.02, 1.0, 1.02, 1.03, 1.05, 1.07, 1.15,
            ],
            Season::Retail => [
                1.14, 1.02, 0.95, 0.95, 0.96, 0.97, 0.98, 0.99, 0.99, 1.0, 1.02, 1.13,
            ],
            Season::Revenue => [
                1.25, 0.72, 0.95, 1.05, 0.92, 0.98, 0.95, 0.9, 0.95, 0.98, 1.0, 1.35,
            ],
            Season::Spending => [
                0.55, 0.6, 0.85, 0.9, 0.92, 1.05, 0.95, 1.0, 1.05, 1.1, 1.25, 1.78,
            ],
            Season::Tourism => [
                1.25, 1.4, 1.05, 0.9, 0.85, 1.05, 1.15, 1.05, 0.85, 0.8, 0.8, 0.85,
            ],
            Season::Suspend => [
                2.4, 1.2, 0.9, 0.85, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.85, 0.95,
            ],
        };
        let i = (m.clamp(1, 12) - 1) as usize;
        table.get(i).copied().unwrap_or(1.0)
    }
}

/// Shape of a cumulative (year-to-date) series within the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Curve {
    /// Public investment disbursement: slow, then a December surge.
    YearEnd,
    /// Revenue collection: about even, a strong January.
    Linear,
    /// Recurrent spending: slightly back-loaded.
    Spend,
}

impl Curve {
    /// Share of the year's final value reached by the end of month `m` (1–12).
    pub(super) fn at(self, m: u32) -> f64 {
        let table: [f64; 12] = match self {
            Curve::YearEnd => [
                0.03, 0.07, 0.13, 0.19, 0.26, 0.34, 0.41, 0.48, 0.56, 0.63, 0.72, 1.0,
            ],
            Curve::Linear => [
                0.11, 0.17, 0.25, 0.34, 0.42, 0.51, 0.59, 0.67, 0.75, 0.84, 0.92, 1.0,
            ],
            Curve::Spend => [
                0.05, 0.11, 0.19, 0.27, 0.35, 0.44, 0.52, 0.6, 0.68, 0.76, 0.85, 1.0,
            ],
        };
        let i = (m.clamp(1, 12) - 1) as usize;
        table.get(i).copied().unwrap_or(1.0)
    }
}

/// How the share in a [`Model::Part`] is found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Share {
    /// A share (0–1) drifting by `trend` a year, with noise.
    Drift {
        /// Share in early 2024.
        base: f64,
        /// Change per year.
        trend: f64,
        /// Noise (standard deviation).
        noise: f64,
    },
    /// `(100 − value of that rate indicator) / 100` for the same unit and period.
    ComplementOf(&'static str),
}

/// A computed indicator's formula.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Formula {
    /// `#{a} / #{b} * k`.
    Ratio(&'static str, &'static str, f64),
    /// `#{a} - #{b}`.
    Diff(&'static str, &'static str),
}

impl Formula {
    /// The formula text in Chiso's expression syntax.
    pub(super) fn text(self) -> String {
        match self {
            Formula::Ratio(a, b, k) => format!("#{{{a}}} / #{{{b}}} * {k}"),
            Formula::Diff(a, b) => format!("#{{{a}}} - #{{{b}}}"),
        }
    }

    /// Codes the formula refers to.
    pub(super) fn inputs(self) -> [&'static str; 2] {
        match self {
            Formula::Ratio(a, b, _) | Formula::Diff(a, b) => [a, b],
        }
    }
}

/// The statistical model sample values are drawn from. Levels of flows and stocks are
/// for the whole province (province-level indicators), an average commune (commune-level)
/// or a weight-1 agency (agency-level).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Model {
    /// A flow: `month` per month in early 2024, growing by `growth` a year, seasonal.
    Flow {
        /// Level per month.
        month: f64,
        /// Growth per year (0.08 = 8 %).
        growth: f64,
        /// Seasonal profile.
        season: Season,
    },
    /// A stock at the end of each period.
    Stock {
        /// Level at the start of 2024.
        level: f64,
        /// Growth per year.
        growth: f64,
    },
    /// An annual plan: constant within a year, raised 4 % by the mid-year adjustment.
    Plan {
        /// Plan for 2024 (before adjustment).
        level: f64,
        /// Growth per year.
        growth: f64,
    },
    /// A rate or score around a trend line, with a persistent offset per unit.
    Rate {
        /// Level in early 2024.
        base: f64,
        /// Change per year.
        trend: f64,
        /// Noise (standard deviation) per period.
        noise: f64,
        /// Spread of the units' persistent offsets; `None` for a default.
        spread: Option<f64>,
        /// Lowest value.
        lo: f64,
        /// Highest value.
        hi: f64,
    },
    /// A cumulative (year-to-date) series reaching `end` (+ `trend` a year) in December.
    Cum {
        /// December level in 2024.
        end: f64,
        /// Change of the December level per year.
        trend: f64,
        /// Spread of the units' persistent offsets; `None` for a default.
        spread: Option<f64>,
        /// Shape within the year.
        curve: Curve,
    },
    /// Yes/no, persistent per unit: yes with probability `p` (+ `trend` a year).
    Bool {
        /// Probability in 2024.
        p: f64,
        /// Change per year.
        trend: f64,
    },
    /// A part of another (count) indicator's value for the same unit and period.
    Part {
        /// The whole.
        of: &'static str,
        /// How the share is found.
        share: Share,
    },
    /// Computed from other indicators at province level.
    Formula(Formula),
}

/// Which size of a commune scales its flows and stocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scale {
    /// Population.
    Pop,
    /// Economic weight (wards much larger).
    Econ,
    /// Agricultural weight (wards much smaller).
    Agri,
    /// Square root of population (staff, small projects).
    Sqrt,
}

/// One indicator of the demo catalogue.
#[derive(Debug, Clone)]
pub(super) struct Spec {
    /// Stable code.
    pub code: &'static str,
    /// Vietnamese name.
    pub vi: &'static str,
    /// English name.
    pub en: &'static str,
    /// Short name.
    pub short: &'static str,
    /// One of the five groups.
    pub group: IndicatorGroup,
    /// One of the six fields.
    pub field: Field,
    /// Unit of measure.
    pub unit: &'static str,
    /// Kind of value.
    pub value_type: ValueType,
    /// Decimals shown.
    pub decimals: i32,
    /// Which direction is good.
    pub polarity: Polarity,
    /// Reporting frequency.
    pub frequency: PeriodType,
    /// Where values are reported.
    pub at: ReportedAt,
    /// Owner agency (code suffix after `TM.`).
    pub owner: &'static str,
    /// Model of the sample values.
    pub model: Model,
    /// What exactly is measured.
    pub definition: &'static str,
    /// How communes' values scale.
    pub scale: Scale,
    /// Only these agencies report it (default: provincial departments).
    pub only: Option<&'static [&'static str]>,
    /// Code in the national system.
    pub national_code: Option<&'static str>,
    /// Resolutions it serves (keys of `RESOLUTIONS`).
    pub resolutions: &'static [&'static str],
    /// Source, instead of the owner's default.
    pub source: Option<&'static str>,
    /// Legal basis, instead of the owner's default.
    pub legal: Option<&'static str>,
    /// Disaggregations beyond the default.
    pub disaggregations: Option<&'static str>,
    /// Providing units, instead of the default.
    pub providers: Option<&'static str>,
    /// Lifecycle step.
    pub status: LifecycleStatus,
    /// Time aggregation, instead of the model's default.
    pub time: Option<TimeAggregation>,
    /// Relative noise of flows, instead of the default.
    pub noise: Option<f64>,
}

/// Starts a spec with its names, group and field.
fn s(
    code: &'static str,
    vi: &'static str,
    en: &'static str,
    short: &'static str,
    group: IndicatorGroup,
    field: Field,
) -> Spec {
    Spec {
        code,
        vi,
        en,
        short,
        group,
        field,
        unit: "",
        value_type: NUM,
        decimals: 0,
        polarity: HI,
        frequency: Y,
        at: PV,
        owner: "CTK",
        model: stock(0.0, 0.0),
        definition: "",
        scale: Scale::Pop,
        only: None,
        national_code: None,
        resolutions: &[],
        source: None,
        legal: None,
        disaggregations: None,
        providers: None,
        status: LifecycleStatus::Operating,
        time: None,
        noise: None,
    }
}

impl Spec {
    /// Unit, value type, decimals and polarity.
    fn u(mut self, unit: &'static str, vt: ValueType, decimals: i32, polarity: Polarity) -> Self {
        self.unit = unit;
        self.value_type = vt;
        self.decimals = decimals;
        self.polarity = polarity;
        self
    }

    /// Frequency, where values are reported and the owner agency (code suffix).
    fn at(mut self, frequency: PeriodType, at: ReportedAt, owner: &'static str) -> Self {
        self.frequency = frequency;
        self.at = at;
        self.owner = owner;
        self
    }

    /// The value model.
    fn m(mut self, model: Model) -> Self {
        self.model = model;
        self
    }

    /// The definition.
    fn d(mut self, definition: &'static str) -> Self {
        self.definition = definition;
        self
    }

    /// How communes' values scale.
    fn scale(mut self, scale: Scale) -> Self {
        self.scale = scale;
        self
    }

    /// Only these agencies report it.
    fn only(mut self, agencies: &'static [&'static str]) -> Self {
        self.only = Some(agencies);
        self
    }

    /// Code in the national system.
    fn nat(mut self, code: &'static str) -> Self {
        self.national_code = Some(code);
        self
    }

    /// Resolutions it serves (keys of `RESOLUTIONS`).
    fn res(mut self, keys: &'static [&'static str]) -> Self {
        self.resolutions = keys;
        self
    }

    /// Source, instead of the owner's default.
    fn src(mut self, source: &'static str) -> Self {
        self.source = Some(source);
        self
    }

    /// Legal basis, instead of the owner's default.
    fn legal(mut self, legal: &'static str) -> Self {
        self.legal = Some(legal);
        self
    }

    /// Disaggregations beyond the default.
    fn dis(mut self, d: &'static str) -> Self {
        self.disaggregations = Some(d);
        self
    }

    /// Providing units, instead of the default.
    fn prov(mut self, p: &'static str) -> Self {
        self.providers = Some(p);
        self
    }

    /// Lifecycle step (default: operating).
    fn status(mut self, s: LifecycleStatus) -> Self {
        self.status = s;
        self
    }

    /// Time aggregation, instead of the model's default.
    fn time(mut self, t: TimeAggregation) -> Self {
        self.time = Some(t);
        self
    }

    /// Relative noise of flows, instead of the default.
    fn noise(mut self, n: f64) -> Self {
        self.noise = Some(n);
        self
    }
}

fn flow(month: f64, growth: f64, season: Season) -> Model {
    Model::Flow {
        month,
        growth,
        season,
    }
}

fn stock(level: f64, growth: f64) -> Model {
    Model::Stock { level, growth }
}

fn plan(level: f64, growth: f64) -> Model {
    Model::Plan { level, growth }
}

/// A non-negative rate (percentages are also capped at 100).
fn rate(base: f64, trend: f64, noise: f64) -> Model {
    Model::Rate {
        base,
        trend,
        noise,
        spread: None,
        lo: 0.0,
        hi: f64::INFINITY,
    }
}

/// A rate with an explicit spread between units.
fn rate_s(base: f64, trend: f64, noise: f64, spread: f64) -> Model {
    Model::Rate {
        base,
        trend,
        noise,
        spread: Some(spread),
        lo: 0.0,
        hi: f64::INFINITY,
    }
}

/// A rate that may be negative (growth rates).
fn signed(base: f64, trend: f64, noise: f64) -> Model {
    Model::Rate {
        base,
        trend,
        noise,
        spread: None,
        lo: f64::NEG_INFINITY,
        hi: f64::INFINITY,
    }
}

/// A score on a scale up to `hi`.
fn score(base: f64, trend: f64, noise: f64, hi: f64) -> Model {
    Model::Rate {
        base,
        trend,
        noise,
        spread: None,
        lo: 0.0,
        hi,
    }
}

/// A score with an explicit spread between units.
fn score_s(base: f64, trend: f64, noise: f64, hi: f64, spread: f64) -> Model {
    Model::Rate {
        base,
        trend,
        noise,
        spread: Some(spread),
        lo: 0.0,
        hi,
    }
}

/// A rank among the provinces (1 = best).
fn rank(base: f64, trend: f64, noise: f64) -> Model {
    Model::Rate {
        base,
        trend,
        noise,
        spread: Some(0.0),
        lo: 1.0,
        hi: 63.0,
    }
}

fn cum(end: f64, trend: f64, curve: Curve) -> Model {
    Model::Cum {
        end,
        trend,
        spread: None,
        curve,
    }
}

fn cum_s(end: f64, trend: f64, spread: f64, curve: Curve) -> Model {
    Model::Cum {
        end,
        trend,
        spread: Some(spread),
        curve,
    }
}

fn boolean(p: f64, trend: f64) -> Model {
    Model::Bool { p, trend }
}

fn part(of: &'static str, base: f64, trend: f64, noise: f64) -> Model {
    Model::Part {
        of,
        share: Share::Drift { base, trend, noise },
    }
}

fn complement(of: &'static str, rate: &'static str) -> Model {
    Model::Part {
        of,
        share: Share::ComplementOf(rate),
    }
}

fn ratio(a: &'static str, b: &'static str, k: f64) -> Model {
    Model::Formula(Formula::Ratio(a, b, k))
}

fn diff(a: &'static str, b: &'static str) -> Model {
    Model::Formula(Formula::Diff(a, b))
}

/// Resolutions indicators can be linked to, by key.
pub(super) const RESOLUTIONS: &[(&str, &str)] = &[
    (
        "57",
        "Nghị quyết 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
    ),
    (
        "59",
        "Nghị quyết 59-NQ/TW của Bộ Chính trị về hội nhập quốc tế trong tình hình mới",
    ),
    (
        "66",
        "Nghị quyết 66-NQ/TW của Bộ Chính trị về đổi mới công tác xây dựng và thi hành pháp luật",
    ),
    (
        "68",
        "Nghị quyết 68-NQ/TW của Bộ Chính trị về phát triển kinh tế tư nhân",
    ),
    (
        "70",
        "Nghị quyết 70-NQ/TW của Bộ Chính trị về bảo đảm an ninh năng lượng quốc gia",
    ),
    (
        "71",
        "Nghị quyết 71-NQ/TW của Bộ Chính trị về đột phá phát triển giáo dục và đào tạo",
    ),
    (
        "72",
        "Nghị quyết 72-NQ/TW của Bộ Chính trị về tăng cường bảo vệ, chăm sóc và nâng cao sức khỏe nhân dân",
    ),
    (
        "DH",
        "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025–2030",
    ),
];

const ALL_AGENCIES: &[&str] = &[
    "VP", "SNV", "STC", "SCT", "SNNMT", "SXD", "SYT", "SGDDT", "SVHTTDL", "SKHCN", "STP", "SDTTG",
    "TTHCC", "BQLKCN", "BQLDA", "TTRA", "CTK", "THUE", "KBNN", "NHNN", "CA", "BHXH",
];

const PCI_SRC: &str = "Báo cáo Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) do Liên đoàn Thương mại và Công nghiệp Việt Nam (VCCI) công bố hằng năm";
const PAR_SRC: &str =
    "Báo cáo Chỉ số cải cách hành chính (PAR Index) và Chỉ số SIPAS do Bộ Nội vụ công bố hằng năm";
const TTHC_LEGAL: &str = "Nghị định 61/2018/NĐ-CP và Nghị định 107/2021/NĐ-CP về cơ chế một cửa, một cửa liên thông; Nghị định 45/2020/NĐ-CP về thực hiện TTHC trên môi trường điện tử; Quyết định 766/QĐ-TTg ngày 23/6/2022";

/// The whole demo catalogue.
#[rustfmt::skip]
pub(super) fn specs() -> Vec<Spec> {
    use LifecycleStatus::{Approved, Listed, Proposed, Screened, Standardized};
    use TimeAggregation::Last;
    vec![
        // ───────────── Kinh tế / Economy ─────────────
        s("ECO_LABOUR_FORCE", "Lực lượng lao động từ 15 tuổi trở lên", "Labour force aged 15 and over", "Lực lượng lao động", GI, ECO)
            .u("nghìn người", NUM, 1, HI).at(Q, PV, "CTK").m(stock(1450.0, 0.012))
            .d("Số người từ 15 tuổi trở lên có việc làm hoặc đang thất nghiệp trong thời kỳ tham chiếu, theo Điều tra lao động – việc làm.")
            .nat("0301").dis("Giới tính; thành thị – nông thôn; nhóm tuổi"),
        s("ECO_AGRI_LAND", "Diện tích đất sản xuất nông nghiệp", "Agricultural production land area", "Đất sản xuất nông nghiệp", GI, ECO)
            .u("ha", NUM, 1, BAND).at(Y, CM, "SNNMT").m(stock(720.0, -0.008)).scale(Scale::Agri)
            .d("Tổng diện tích đất đang sử dụng vào sản xuất nông nghiệp (cây hằng năm, cây lâu năm) theo số liệu thống kê đất đai tại ngày 31/12.")
            .dis("Loại đất"),
        s("ECO_CROP_AREA", "Diện tích gieo trồng cây hằng năm", "Sown area of annual crops", "Diện tích gieo trồng", GI, ECO)
            .u("ha", NUM, 1, HI).at(H, CM, "SNNMT").m(flow(95.0, -0.01, Season::Flat)).scale(Scale::Agri)
            .d("Tổng diện tích gieo trồng các loại cây hằng năm trong kỳ; vụ Đông Xuân tính vào 6 tháng đầu năm, vụ Mùa và vụ Đông tính vào 6 tháng cuối năm.")
            .dis("Nhóm cây trồng"),
        s("ECO_ELECTRICITY_SOLD", "Sản lượng điện thương phẩm", "Commercial electricity sales", "Điện thương phẩm", GI, ECO)
            .u("triệu kWh", NUM, 1, HI).at(M, PV, "SCT").m(flow(1450.0, 0.09, Season::Tet))
            .d("Sản lượng điện bán cho khách hàng sử dụng cuối cùng trên địa bàn tỉnh trong tháng.")
            .src("Báo cáo kinh doanh điện năng của Công ty Điện lực tỉnh").prov("Công ty Điện lực tỉnh; Sở Công Thương tổng hợp")
            .dis("Thành phần phụ tải (công nghiệp, thương mại, sinh hoạt)").res(&["70"]),
        s("ECO_CREDIT_OUTSTANDING", "Dư nợ tín dụng của các tổ chức tín dụng trên địa bàn", "Outstanding credit of credit institutions in the province", "Dư nợ tín dụng", GI, ECO)
            .u("tỷ đồng", NUM, 0, HI).at(M, PV, "NHNN").m(stock(295_000.0, 0.13))
            .d("Tổng dư nợ cho vay của các tổ chức tín dụng, chi nhánh ngân hàng nước ngoài trên địa bàn tại thời điểm cuối tháng.")
            .dis("Kỳ hạn; ngành kinh tế"),
        s("ECO_IIP_GROWTH", "Chỉ số sản xuất công nghiệp (IIP) so với cùng kỳ", "Index of industrial production, change on the same month last year", "Tăng IIP", GP, ECO)
            .u("%", NUM, 1, HI).at(M, PV, "CTK").m(signed(9.5, -0.4, 2.2))
            .d("Mức tăng (giảm) chỉ số sản xuất toàn ngành công nghiệp của tháng so với cùng tháng năm trước, tính theo quyền số giá trị tăng thêm năm gốc.")
            .nat("0702").dis("Ngành công nghiệp cấp 1, cấp 2"),
        s("ECO_RETAIL_SALES", "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "Retail sales of goods and consumer services revenue", "Tổng mức bán lẻ", GP, ECO)
            .u("tỷ đồng", NUM, 1, HI).at(M, PV, "CTK").m(flow(11_200.0, 0.10, Season::Retail))
            .d("Toàn bộ doanh thu bán lẻ hàng hóa và dịch vụ tiêu dùng (lưu trú, ăn uống, du lịch lữ hành, dịch vụ khác) của các cơ sở kinh doanh trên địa bàn trong tháng, theo giá hiện hành.")
            .nat("1001").dis("Nhóm hàng; loại hình kinh tế"),
        s("ECO_EXPORT_VALUE", "Kim ngạch xuất khẩu hàng hóa", "Merchandise export value", "Xuất khẩu", GP, ECO)
            .u("triệu USD", NUM, 1, HI).at(M, PV, "SCT").m(flow(2850.0, 0.11, Season::Tet))
            .d("Tổng trị giá hàng hóa xuất khẩu của các doanh nghiệp có trụ sở hoặc cơ sở sản xuất trên địa bàn trong tháng (giá FOB).")
            .src("Số liệu hải quan và báo cáo của doanh nghiệp xuất khẩu, Sở Công Thương tổng hợp").dis("Nhóm hàng; thị trường; khu vực FDI – trong nước").res(&["59"]),
        s("ECO_IMPORT_VALUE", "Kim ngạch nhập khẩu hàng hóa", "Merchandise import value", "Nhập khẩu", GP, ECO)
            .u("triệu USD", NUM, 1, BAND).at(M, PV, "SCT").m(flow(2400.0, 0.10, Season::Tet))
            .d("Tổng trị giá hàng hóa nhập khẩu của các doanh nghiệp trên địa bàn trong tháng (giá CIF).")
            .src("Số liệu hải quan và báo cáo của doanh nghiệp nhập khẩu, Sở Công Thương tổng hợp").dis("Nhóm hàng; thị trường; khu vực FDI – trong nước"),
        s("ECO_CPI", "Chỉ số giá tiêu dùng (CPI) bình quân so với cùng kỳ", "Consumer price index, average change on the same period last year", "CPI so cùng kỳ", GP, ECO)
            .u("%", NUM, 2, BAND).at(M, PV, "CTK").m(signed(3.4, -0.2, 0.45))
            .d("Mức tăng (giảm) bình quân chỉ số giá tiêu dùng các tháng từ đầu năm đến tháng báo cáo so với cùng kỳ năm trước.")
            .nat("1101").dis("Nhóm hàng hóa, dịch vụ").time(Last),
        s("ECO_TOURIST_ARRIVALS", "Số lượt khách du lịch", "Tourist arrivals", "Lượt khách du lịch", GO, ECO)
            .u("lượt khách", INT, 0, HI).at(M, PV, "SVHTTDL").m(flow(410_000.0, 0.12, Season::Tourism))
            .d("Tổng số lượt khách du lịch (lưu trú và trong ngày) đến tham quan trên địa bàn tỉnh trong tháng.")
            .dis("Khách quốc tế – nội địa; khách lưu trú – trong ngày"),
        s("ECO_FOOD_OUTPUT", "Sản lượng lương thực có hạt", "Cereal output", "Sản lượng lương thực", GO, ECO)
            .u("tấn", NUM, 0, HI).at(H, CM, "SNNMT").m(flow(520.0, -0.005, Season::Flat)).scale(Scale::Agri)
            .d("Tổng sản lượng thóc và ngô thu hoạch trong kỳ.")
            .nat("0904").dis("Loại cây (lúa, ngô); vụ"),
        s("ECO_OCOP_PRODUCTS", "Số sản phẩm OCOP đạt từ 3 sao trở lên (lũy kế)", "OCOP products rated 3 stars or more (cumulative)", "Sản phẩm OCOP", GO, ECO)
            .u("sản phẩm", INT, 0, HI).at(Q, CM, "SNNMT").m(stock(3.2, 0.14))
            .d("Số sản phẩm của chủ thể trên địa bàn được công nhận đạt từ 3 sao trở lên theo Chương trình OCOP, lũy kế đến cuối kỳ, còn hiệu lực.")
            .legal("Quyết định 919/QĐ-TTg ngày 01/8/2022 phê duyệt Chương trình Mỗi xã một sản phẩm giai đoạn 2021–2025").dis("Hạng sao; nhóm sản phẩm"),
        s("ECO_TOURISM_REVENUE", "Tổng thu từ khách du lịch", "Tourism receipts", "Thu từ du lịch", GO, ECO)
            .u("tỷ đồng", NUM, 1, HI).at(M, PV, "SVHTTDL").m(flow(980.0, 0.14, Season::Tourism))
            .d("Tổng số tiền khách du lịch chi trả cho lưu trú, ăn uống, vận chuyển, tham quan, mua sắm và dịch vụ khác trên địa bàn trong tháng."),
        s("ECO_LIVESTOCK_MEAT", "Sản lượng thịt hơi xuất chuồng", "Live-weight meat output", "Thịt hơi xuất chuồng", GO, ECO)
            .u("tấn", NUM, 1, HI).at(Q, CM, "SNNMT").m(flow(62.0, 0.025, Season::Flat)).scale(Scale::Agri)
            .d("Tổng khối lượng thịt hơi của gia súc, gia cầm xuất chuồng trong kỳ.")
            .dis("Loại vật nuôi (lợn, trâu, bò, gia cầm)"),
        s("ECO_NIGHT_ECONOMY", "Doanh thu từ các hoạt động kinh tế ban đêm", "Night-time economy revenue", "Kinh tế ban đêm", GO, ECO)
            .u("tỷ đồng", NUM, 1, HI).at(Q, PV, "SVHTTDL").m(flow(120.0, 0.2, Season::Flat)).status(Proposed)
            .d("Doanh thu của các cơ sở thương mại, dịch vụ, văn hóa, giải trí hoạt động từ 18 giờ đến 6 giờ sáng hôm sau tại các khu, tuyến phố được công nhận (đề xuất; đang xác định phương pháp thu thập)."),
        s("ECO_GRDP_GROWTH", "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)", "GRDP growth rate", "Tăng trưởng GRDP", GU, ECO)
            .u("%", NUM, 2, HI).at(Q, PV, "CTK").m(signed(8.3, 0.25, 0.55)).time(Last)
            .d("Tốc độ tăng GRDP theo giá so sánh 2010 của các quý từ đầu năm đến hết quý báo cáo so với cùng kỳ năm trước.")
            .nat("0502").dis("Khu vực kinh tế (nông, lâm nghiệp và thủy sản; công nghiệp – xây dựng; dịch vụ)").res(&["DH"]),
        s("ECO_GRDP", "Tổng sản phẩm trên địa bàn (GRDP) theo giá hiện hành", "Gross regional domestic product at current prices", "GRDP", GU, ECO)
            .u("tỷ đồng", NUM, 0, HI).at(Q, PV, "CTK").m(flow(26_500.0, 0.115, Season::Flat))
            .d("Giá trị mới tạo ra của các đơn vị thường trú trên địa bàn trong kỳ, tính theo giá hiện hành.")
            .nat("0501").dis("Khu vực kinh tế; loại hình kinh tế"),
        s("ECO_GRDP_PER_CAPITA", "GRDP bình quân đầu người", "GRDP per capita", "GRDP/người", GU, ECO)
            .u("triệu đồng", NUM, 1, HI).at(Y, PV, "CTK").m(stock(118.0, 0.105))
            .d("GRDP theo giá hiện hành của năm chia cho dân số trung bình của năm.")
            .nat("0503").res(&["DH"]),
        s("ECO_INDUSTRY_SHARE", "Tỷ trọng công nghiệp – xây dựng trong GRDP", "Industry and construction share of GRDP", "Tỷ trọng CN – XD", GU, ECO)
            .u("%", PCT, 1, HI).at(Y, PV, "CTK").m(rate(57.8, 0.6, 0.3))
            .d("Giá trị tăng thêm của khu vực công nghiệp – xây dựng chia cho GRDP theo giá hiện hành, nhân 100."),
        s("ECO_AGRI_VALUE_PER_HA", "Giá trị sản phẩm thu được trên 1 ha đất trồng trọt", "Output value per hectare of cropland", "Giá trị/ha trồng trọt", GU, ECO)
            .u("triệu đồng/ha", NUM, 1, HI).at(Y, CM, "SNNMT").m(rate(168.0, 6.5, 3.0))
            .d("Tổng giá trị sản phẩm trồng trọt thu được trong năm (giá hiện hành) chia cho diện tích đất trồng trọt."),
        s("ECO_RENEWABLE_SHARE", "Tỷ trọng điện năng sản xuất từ năng lượng tái tạo", "Share of electricity generated from renewable sources", "Điện tái tạo", GU, ECO)
            .u("%", PCT, 1, HI).at(Y, PV, "SCT").m(rate(12.0, 2.0, 0.5)).status(Approved)
            .d("Sản lượng điện sản xuất từ năng lượng tái tạo (mặt trời, gió, sinh khối, thủy điện nhỏ) chia cho tổng sản lượng điện sản xuất trên địa bàn, nhân 100.")
            .res(&["70"]),
        s("ECO_PGI", "Chỉ số xanh cấp tỉnh (PGI)", "Provincial Green Index (PGI)", "PGI", GC, ECO)
            .u("điểm", NUM, 2, HI).at(Y, PV, "SNNMT").m(score(23.5, 0.5, 0.6, 40.0))
            .d("Tổng điểm 4 chỉ số thành phần (tác động môi trường; chi phí môi trường; chính sách môi trường và xử lý vi phạm; chính quyền thân thiện môi trường), mỗi chỉ số thang 10 điểm.")
            .src("Báo cáo Chỉ số xanh cấp tỉnh (PGI) do VCCI công bố hằng năm"),
        s("ECO_PII", "Chỉ số đổi mới sáng tạo cấp địa phương (PII)", "Provincial Innovation Index (PII)", "PII", GC, ECO)
            .u("điểm", NUM, 2, HI).at(Y, PV, "SKHCN").m(score(41.5, 1.2, 0.8, 100.0))
            .d("Chỉ số tổng hợp từ 7 trụ cột (thể chế, vốn con người, hạ tầng, trình độ thị trường, trình độ kinh doanh, sản phẩm tri thức – công nghệ, tác động), thang 100 điểm.")
            .src("Kết quả Chỉ số đổi mới sáng tạo cấp địa phương (PII) do Bộ Khoa học và Công nghệ công bố").res(&["57"]),
        s("ECO_ICOR", "Hệ số sử dụng vốn (ICOR)", "Incremental capital-output ratio (ICOR)", "ICOR", GC, ECO)
            .u("lần", NUM, 2, LO).at(Y, PV, "STC").m(rate(5.1, -0.1, 0.2))
            .d("Tỷ số giữa vốn đầu tư thực hiện toàn xã hội và phần GRDP tăng thêm trong năm (giá so sánh); phản ánh hiệu quả sử dụng vốn đầu tư."),
        s("ECO_DIGITAL_ECONOMY_SHARE", "Tỷ trọng kinh tế số trong GRDP", "Digital economy share of GRDP", "Kinh tế số/GRDP", GC, ECO)
            .u("%", PCT, 1, HI).at(Y, PV, "SKHCN").m(rate(15.2, 1.6, 0.4))
            .d("Giá trị tăng thêm của kinh tế số lõi (ICT, nội dung số) và kinh tế số lan tỏa trong các ngành chia cho GRDP, nhân 100, theo phương pháp của Cục Thống kê.")
            .res(&["57"]),
        s("ECO_TRADE_BALANCE", "Cán cân thương mại hàng hóa", "Merchandise trade balance", "Cán cân thương mại", GC, ECO)
            .u("triệu USD", NUM, 1, HI).at(M, PV, "SCT").m(diff("ECO_EXPORT_VALUE", "ECO_IMPORT_VALUE"))
            .d("Kim ngạch xuất khẩu trừ kim ngạch nhập khẩu hàng hóa trong kỳ; dương là xuất siêu."),

        // ───────────── Tài chính – Ngân sách / Finance ─────────────
        s("FIN_REVENUE_ESTIMATE", "Dự toán thu ngân sách nhà nước trên địa bàn được giao", "Assigned state budget revenue estimate", "Dự toán thu NSNN", GI, FIN)
            .u("tỷ đồng", NUM, 0, HI).at(Y, PV, "STC").m(stock(41_500.0, 0.08))
            .d("Tổng dự toán thu ngân sách nhà nước trên địa bàn do HĐND tỉnh quyết định (không thấp hơn dự toán Thủ tướng Chính phủ giao) cho năm ngân sách.")
            .dis("Thu nội địa; thu từ hoạt động xuất nhập khẩu; thu tiền sử dụng đất"),
        s("FIN_EXP_ESTIMATE", "Dự toán chi ngân sách địa phương", "Local budget expenditure estimate", "Dự toán chi NSĐP", GI, FIN)
            .u("tỷ đồng", NUM, 0, BAND).at(Y, PV, "STC").m(stock(37_800.0, 0.07))
            .d("Tổng dự toán chi ngân sách địa phương do HĐND tỉnh quyết định cho năm ngân sách, gồm chi đầu tư phát triển, chi thường xuyên và các khoản chi khác.")
            .dis("Chi đầu tư phát triển; chi thường xuyên; dự phòng"),
        s("FIN_COMMUNE_BUDGET_EST", "Dự toán thu ngân sách nhà nước trên địa bàn xã được giao", "Assigned budget revenue estimate of the commune", "Dự toán thu NS xã", GI, FIN)
            .u("tỷ đồng", NUM, 2, HI).at(Y, CM, "STC").m(stock(17.5, 0.07)).scale(Scale::Econ)
            .d("Dự toán thu ngân sách nhà nước trên địa bàn xã, phường do HĐND cấp xã quyết định cho năm ngân sách."),
        s("FIN_AGENCY_BUDGET", "Dự toán chi thường xuyên được giao cho cơ quan", "Assigned recurrent expenditure estimate of the agency", "Dự toán chi thường xuyên", GI, FIN)
            .u("tỷ đồng", NUM, 1, BAND).at(Y, AG, "STC").m(stock(92.0, 0.05))
            .d("Tổng dự toán chi thường xuyên được UBND tỉnh giao cho cơ quan, đơn vị trong năm (kể cả bổ sung trong năm)."),
        s("FIN_TAXPAYERS", "Số người nộp thuế đang hoạt động", "Active taxpayers", "Người nộp thuế", GI, FIN)
            .u("người nộp thuế", INT, 0, HI).at(Q, PV, "THUE").m(stock(118_000.0, 0.06))
            .d("Số tổ chức, hộ và cá nhân kinh doanh có mã số thuế ở trạng thái đang hoạt động do cơ quan thuế quản lý tại cuối kỳ.")
            .dis("Doanh nghiệp; hộ, cá nhân kinh doanh; tổ chức khác"),
        s("FIN_REVENUE_EST_RATE", "Tỷ lệ thực hiện dự toán thu NSNN trên địa bàn (lũy kế từ đầu năm)", "Budget revenue collected against the annual estimate, year to date", "Thực hiện dự toán thu", GP, FIN)
            .u("%", NUM, 1, HI).at(M, PV, "STC").m(cum(109.0, 2.0, Curve::Linear))
            .d("Số thu NSNN trên địa bàn lũy kế từ đầu năm đến hết tháng báo cáo chia cho dự toán thu cả năm được giao, nhân 100; có thể vượt 100%.")
            .res(&["DH"]),
        s("FIN_COMMUNE_REV_EST_RATE", "Tỷ lệ thực hiện dự toán thu ngân sách trên địa bàn xã (lũy kế)", "Commune budget revenue against the estimate, year to date", "Thực hiện dự toán thu xã", GP, FIN)
            .u("%", NUM, 1, HI).at(Q, CM, "STC").m(cum(104.0, 1.5, Curve::Linear))
            .d("Số thu ngân sách trên địa bàn xã lũy kế từ đầu năm đến hết quý báo cáo chia cho dự toán thu cả năm của xã, nhân 100."),
        s("FIN_EXP_EXEC_RATE", "Tỷ lệ thực hiện dự toán chi ngân sách địa phương (lũy kế)", "Local budget expenditure executed against the estimate, year to date", "Thực hiện dự toán chi", GP, FIN)
            .u("%", PCT, 1, HI).at(M, PV, "STC").m(cum(93.5, 1.0, Curve::Spend))
            .d("Số chi ngân sách địa phương lũy kế từ đầu năm đến hết tháng báo cáo chia cho dự toán chi cả năm, nhân 100."),
        s("FIN_AGENCY_EXP_RATE", "Tỷ lệ giải ngân dự toán chi thường xuyên của cơ quan (lũy kế)", "Agency recurrent budget disbursed, year to date", "Giải ngân chi thường xuyên", GP, FIN)
            .u("%", PCT, 1, HI).at(Q, AG, "STC").m(cum_s(92.0, 1.5, 4.0, Curve::Spend))
            .d("Số chi thường xuyên đã thanh toán qua Kho bạc lũy kế từ đầu năm chia cho dự toán chi thường xuyên được giao của cơ quan, nhân 100."),
        s("FIN_TAX_ARREARS_RATE", "Tỷ lệ nợ thuế so với tổng thu ngân sách do cơ quan thuế quản lý", "Tax arrears as a share of revenue managed by the tax office", "Tỷ lệ nợ thuế", GP, FIN)
            .u("%", PCT, 2, LO).at(Q, PV, "THUE").m(rate(6.6, -0.5, 0.35))
            .d("Tổng số tiền nợ thuế có khả năng thu tại cuối kỳ chia cho tổng thu NSNN do cơ quan thuế quản lý trong năm, nhân 100 (mục tiêu không quá 5%)."),
        s("FIN_CASHLESS_PAYMENTS", "Tỷ lệ khoản thu, chi của đơn vị sự nghiệp công được thanh toán không dùng tiền mặt", "Public service units' receipts and payments made without cash", "Thanh toán không tiền mặt", GP, FIN)
            .u("%", PCT, 1, HI).at(Q, PV, "KBNN").m(rate(78.0, 5.0, 1.0)).status(Approved)
            .d("Giá trị các khoản thu phí, học phí, viện phí và chi trả của đơn vị sự nghiệp công thực hiện qua phương tiện thanh toán không dùng tiền mặt chia cho tổng giá trị thu, chi, nhân 100.")
            .res(&["57"]),
        s("FIN_REVENUE_TOTAL", "Tổng thu ngân sách nhà nước trên địa bàn", "Total state budget revenue collected in the province", "Thu NSNN", GO, FIN)
            .u("tỷ đồng", NUM, 1, HI).at(M, PV, "STC").m(flow(3850.0, 0.09, Season::Revenue))
            .d("Tổng các khoản thu ngân sách nhà nước phát sinh trên địa bàn tỉnh trong tháng, gồm thu nội địa, thu từ hoạt động xuất nhập khẩu và các khoản thu khác.")
            .nat("1601").dis("Thu nội địa; thu xuất nhập khẩu; thu tiền sử dụng đất; thu xổ số").res(&["DH"]),
        s("FIN_REVENUE_DOMESTIC", "Thu nội địa", "Domestic revenue", "Thu nội địa", GO, FIN)
            .u("tỷ đồng", NUM, 1, HI).at(M, PV, "THUE").m(flow(2950.0, 0.10, Season::Revenue))
            .d("Các khoản thu ngân sách từ hoạt động sản xuất, kinh doanh trong nước (thuế, phí, lệ phí, tiền sử dụng đất, tiền thuê đất và thu khác) trong tháng.")
            .dis("Khu vực doanh nghiệp nhà nước, FDI, ngoài quốc doanh; sắc thuế"),
        s("FIN_COMMUNE_REVENUE", "Thu ngân sách nhà nước trên địa bàn xã, phường", "State budget revenue collected in the commune or ward", "Thu NSNN cấp xã", GO, FIN)
            .u("tỷ đồng", NUM, 2, HI).at(M, CM, "STC").m(flow(1.55, 0.08, Season::Revenue)).scale(Scale::Econ)
            .d("Tổng các khoản thu ngân sách nhà nước phát sinh trên địa bàn xã, phường trong tháng.")
            .dis("Sắc thuế; phí, lệ phí"),
        s("FIN_LAND_USE_REVENUE", "Thu tiền sử dụng đất", "Land-use fee revenue", "Thu tiền sử dụng đất", GO, FIN)
            .u("tỷ đồng", NUM, 2, HI).at(Q, CM, "STC").m(flow(2.1, 0.03, Season::Flat)).scale(Scale::Econ).noise(0.35)
            .d("Số tiền sử dụng đất thu được trong kỳ từ giao đất, chuyển mục đích sử dụng đất và đấu giá quyền sử dụng đất trên địa bàn xã, phường.")
            .legal("Luật Đất đai 2024; Luật Ngân sách nhà nước"),
        s("FIN_EXP_TOTAL", "Tổng chi ngân sách địa phương", "Total local budget expenditure", "Chi NSĐP", GO, FIN)
            .u("tỷ đồng", NUM, 1, BAND).at(M, PV, "STC").m(flow(2950.0, 0.07, Season::Spending))
            .d("Tổng số chi ngân sách địa phương đã thực hiện trong tháng, gồm chi đầu tư phát triển, chi thường xuyên, chi trả nợ lãi và chi khác.")
            .nat("1602").dis("Chi đầu tư phát triển; chi thường xuyên; lĩnh vực chi"),
        s("FIN_EXP_DEVELOPMENT", "Chi đầu tư phát triển", "Development investment expenditure", "Chi đầu tư phát triển", GO, FIN)
            .u("tỷ đồng", NUM, 1, HI).at(M, PV, "KBNN").m(flow(1120.0, 0.10, Season::Spending))
            .d("Số chi đầu tư phát triển của ngân sách địa phương đã được Kho bạc Nhà nước kiểm soát, thanh toán trong tháng."),
        s("FIN_COMMUNE_EXPENDITURE", "Chi ngân sách cấp xã", "Commune budget expenditure", "Chi NS cấp xã", GO, FIN)
            .u("tỷ đồng", NUM, 2, BAND).at(M, CM, "STC").m(flow(1.25, 0.06, Season::Spending))
            .d("Tổng số chi ngân sách của xã, phường đã thực hiện trong tháng.")
            .dis("Chi đầu tư; chi thường xuyên"),
        s("FIN_AGENCY_RECURRENT_EXP", "Chi thường xuyên đã thực hiện của cơ quan", "Recurrent expenditure executed by the agency", "Chi thường xuyên", GO, FIN)
            .u("tỷ đồng", NUM, 2, BAND).at(Q, AG, "KBNN").m(flow(7.2, 0.05, Season::Spending))
            .d("Số chi thường xuyên của cơ quan, đơn vị đã được Kho bạc Nhà nước thanh toán trong kỳ."),
        s("FIN_REVENUE_GROWTH", "Tốc độ tăng thu NSNN so với cùng kỳ (lũy kế)", "Budget revenue growth on the same period last year, year to date", "Tăng thu NSNN", GU, FIN)
            .u("%", NUM, 1, HI).at(Q, PV, "STC").m(signed(9.0, 0.0, 2.5)).time(Last)
            .d("Tổng thu NSNN trên địa bàn lũy kế từ đầu năm đến hết quý báo cáo so với cùng kỳ năm trước, trừ 100."),
        s("FIN_SELF_FINANCING", "Tỷ lệ tự bảo đảm chi cân đối ngân sách địa phương", "Share of local balanced expenditure covered by own revenue", "Tự cân đối ngân sách", GU, FIN)
            .u("%", PCT, 1, HI).at(Y, PV, "STC").m(rate(84.0, 2.5, 1.2))
            .d("Thu ngân sách địa phương được hưởng theo phân cấp chia cho tổng chi cân đối ngân sách địa phương trong năm, nhân 100."),
        s("FIN_ARREARS_RECOVERED", "Số nợ thuế đã thu hồi", "Tax arrears recovered", "Thu hồi nợ thuế", GU, FIN)
            .u("tỷ đồng", NUM, 1, HI).at(Q, PV, "THUE").m(flow(135.0, 0.04, Season::Flat))
            .d("Số tiền nợ thuế của các kỳ trước đã thu được vào ngân sách nhà nước trong kỳ."),
        s("FIN_RECURRENT_SAVINGS", "Số tiết kiệm chi thường xuyên", "Recurrent spending savings", "Tiết kiệm chi", GU, FIN)
            .u("tỷ đồng", NUM, 2, HI).at(Y, AG, "STC").m(flow(0.28, 0.06, Season::Flat))
            .d("Số kinh phí chi thường xuyên tiết kiệm được trong năm so với dự toán giao (không kể kinh phí không giải ngân do không thực hiện nhiệm vụ).")
            .legal("Luật Thực hành tiết kiệm, chống lãng phí 2013; Luật Ngân sách nhà nước"),
        s("FIN_LOCAL_DEBT", "Dư nợ vay của ngân sách địa phương", "Local government debt outstanding", "Dư nợ NSĐP", GU, FIN)
            .u("tỷ đồng", NUM, 1, LO).at(H, PV, "STC").m(stock(2150.0, -0.05))
            .d("Tổng dư nợ các khoản vay của ngân sách cấp tỉnh (vay lại vốn vay ODA, vay trong nước) tại cuối kỳ.")
            .legal("Luật Quản lý nợ công 2017; Luật Ngân sách nhà nước"),
        s("FIN_REVENUE_GRDP", "Tỷ lệ thu NSNN trên địa bàn so với GRDP", "State budget revenue as a share of GRDP", "Thu NSNN/GRDP", GC, FIN)
            .u("%", PCT, 2, HI).at(Q, PV, "STC").m(ratio("FIN_REVENUE_TOTAL", "ECO_GRDP", 100.0))
            .d("Tổng thu NSNN trên địa bàn trong kỳ chia cho GRDP theo giá hiện hành của cùng kỳ, nhân 100; phản ánh mức huy động ngân sách từ nền kinh tế."),
        s("FIN_REVENUE_PER_CAPITA", "Thu NSNN trên địa bàn bình quân đầu người", "Budget revenue per capita", "Thu NSNN/người", GC, FIN)
            .u("triệu đồng/người", NUM, 2, HI).at(Y, PV, "STC").m(ratio("FIN_REVENUE_TOTAL", "SOC_POPULATION", 1000.0))
            .d("Tổng thu NSNN trên địa bàn trong năm (tỷ đồng) chia cho dân số trung bình, quy đổi ra triệu đồng mỗi người."),
        s("FIN_DEV_SPENDING_SHARE", "Tỷ trọng chi đầu tư phát triển trong tổng chi ngân sách địa phương", "Development spending share of local budget expenditure", "Chi ĐTPT/tổng chi", GC, FIN)
            .u("%", PCT, 1, HI).at(Q, PV, "STC").m(ratio("FIN_EXP_DEVELOPMENT", "FIN_EXP_TOTAL", 100.0))
            .d("Chi đầu tư phát triển chia cho tổng chi ngân sách địa phương trong kỳ, nhân 100."),
        s("FIN_DOMESTIC_REVENUE_SHARE", "Tỷ trọng thu nội địa trong tổng thu NSNN", "Domestic revenue share of total budget revenue", "Thu nội địa/tổng thu", GC, FIN)
            .u("%", PCT, 1, HI).at(M, PV, "STC").m(ratio("FIN_REVENUE_DOMESTIC", "FIN_REVENUE_TOTAL", 100.0))
            .d("Thu nội địa chia cho tổng thu NSNN trên địa bàn trong kỳ, nhân 100; phản ánh tính bền vững của nguồn thu."),
        s("FIN_POBI", "Chỉ số công khai ngân sách cấp tỉnh (POBI)", "Provincial Open Budget Index (POBI)", "POBI", GC, FIN)
            .u("điểm", NUM, 1, HI).at(Y, PV, "STC").m(score(72.0, 4.0, 2.0, 100.0))
            .d("Điểm đánh giá mức độ công khai, kịp thời và đầy đủ của các tài liệu ngân sách tỉnh trên cổng thông tin điện tử, thang 100 điểm.")
            .src("Kết quả khảo sát Chỉ số công khai ngân sách cấp tỉnh (POBI) do các tổ chức độc lập công bố hằng năm"),

        // ───────────── Đầu tư – Xây dựng / Investment ─────────────
        s("INV_PUBLIC_PLAN", "Kế hoạch vốn đầu tư công được giao trong năm", "Public investment capital plan for the year", "Kế hoạch vốn ĐTC", GI, INV)
            .u("tỷ đồng", NUM, 1, HI).at(M, PV, "STC").m(plan(14_600.0, 0.12))
            .d("Tổng kế hoạch vốn đầu tư công nguồn ngân sách nhà nước năm hiện hành do cấp có thẩm quyền giao (kể cả điều chỉnh, bổ sung) tại thời điểm cuối tháng.")
            .dis("Nguồn vốn (ngân sách trung ương, ngân sách địa phương); ngành, lĩnh vực"),
        s("INV_IZ_LAND", "Diện tích đất công nghiệp của các khu công nghiệp đã thành lập", "Industrial land area of established industrial zones", "Đất công nghiệp KCN", GI, INV)
            .u("ha", NUM, 1, HI).at(Q, PV, "BQLKCN").m(stock(6850.0, 0.05))
            .d("Tổng diện tích đất công nghiệp có thể cho thuê theo quy hoạch chi tiết của các khu công nghiệp đã có quyết định thành lập, tại cuối kỳ.")
            .dis("Theo khu công nghiệp"),
        s("INV_PROJECTS_APPROVED", "Số dự án đầu tư công được phê duyệt chủ trương đầu tư", "Public investment projects with an approved investment policy", "Dự án được duyệt chủ trương", GI, INV)
            .u("dự án", INT, 0, HI).at(Q, PV, "STC").m(flow(13.0, 0.03, Season::Flat))
            .d("Số dự án đầu tư công được cấp có thẩm quyền quyết định chủ trương đầu tư trong kỳ.")
            .dis("Nhóm dự án (A, B, C); ngành, lĩnh vực"),
        s("INV_COMMUNE_PROJECTS", "Số dự án đầu tư công do cấp xã làm chủ đầu tư đang triển khai", "Commune-managed public investment projects under way", "Dự án ĐTC cấp xã", GI, INV)
            .u("dự án", INT, 0, HI).at(Q, CM, "STC").m(flow(1.8, 0.05, Season::Flat)).scale(Scale::Sqrt).time(Last)
            .d("Số dự án đầu tư công do UBND xã, phường làm chủ đầu tư đang trong giai đoạn thực hiện tại cuối kỳ."),
        s("INV_AGENCY_PLAN", "Kế hoạch vốn đầu tư công giao cho chủ đầu tư", "Public investment plan assigned to the investor", "Kế hoạch vốn chủ đầu tư", GI, INV)
            .u("tỷ đồng", NUM, 1, HI).at(Y, AG, "STC").m(stock(540.0, 0.12)).only(super::orgs::INVESTORS)
            .d("Tổng kế hoạch vốn đầu tư công năm được giao cho cơ quan với tư cách chủ đầu tư (kể cả điều chỉnh trong năm).")
            .prov("Các chủ đầu tư dự án sử dụng vốn đầu tư công"),
        s("INV_PUBLIC_DISBURSED", "Vốn đầu tư công đã giải ngân (lũy kế từ đầu năm)", "Public investment disbursed, year to date", "Giải ngân ĐTC", GP, INV)
            .u("tỷ đồng", NUM, 1, HI).at(M, PV, "KBNN").m(cum(13_400.0, 1600.0, Curve::YearEnd))
            .d("Tổng số vốn đầu tư công thuộc kế hoạch năm đã được Kho bạc Nhà nước kiểm soát, thanh toán lũy kế từ ngày 01/01 đến hết tháng báo cáo.")
            .dis("Nguồn vốn; chủ đầu tư").res(&["DH"]),
        s("INV_PUBLIC_DISBURSE_RATE", "Tỷ lệ giải ngân vốn đầu tư công (lũy kế từ đầu năm)", "Public investment disbursement rate, year to date", "Tỷ lệ giải ngân ĐTC", GP, INV)
            .u("%", PCT, 1, HI).at(M, PV, "STC").m(ratio("INV_PUBLIC_DISBURSED", "INV_PUBLIC_PLAN", 100.0))
            .d("Vốn đầu tư công đã giải ngân lũy kế từ đầu năm chia cho kế hoạch vốn năm được giao, nhân 100.")
            .res(&["DH"]),
        s("INV_AGENCY_DISBURSE_RATE", "Tỷ lệ giải ngân vốn đầu tư công của chủ đầu tư (lũy kế)", "Investor's public investment disbursement rate, year to date", "Giải ngân theo chủ đầu tư", GP, INV)
            .u("%", PCT, 1, HI).at(M, AG, "STC").m(cum_s(88.0, 1.5, 10.0, Curve::YearEnd)).only(super::orgs::INVESTORS)
            .d("Số vốn đầu tư công chủ đầu tư đã giải ngân lũy kế từ đầu năm chia cho kế hoạch vốn năm được giao cho chủ đầu tư, nhân 100.")
            .prov("Các chủ đầu tư dự án sử dụng vốn đầu tư công"),
        s("INV_COMMUNE_DISBURSE_RATE", "Tỷ lệ giải ngân vốn đầu tư công cấp xã (lũy kế)", "Commune public investment disbursement rate, year to date", "Giải ngân ĐTC cấp xã", GP, INV)
            .u("%", PCT, 1, HI).at(M, CM, "STC").m(cum_s(86.0, 2.0, 9.0, Curve::YearEnd))
            .d("Số vốn đầu tư công do cấp xã quản lý đã giải ngân lũy kế từ đầu năm chia cho kế hoạch vốn năm của xã, nhân 100."),
        s("INV_LAND_CLEARANCE", "Diện tích mặt bằng đã bồi thường, giải phóng và bàn giao", "Land cleared, compensated and handed over for projects", "GPMB bàn giao", GP, INV)
            .u("ha", NUM, 2, HI).at(Q, CM, "SNNMT").m(flow(1.7, 0.04, Season::Flat)).scale(Scale::Econ).noise(0.3)
            .d("Diện tích đất đã hoàn thành bồi thường, hỗ trợ, tái định cư và bàn giao mặt bằng cho chủ đầu tư trong kỳ.")
            .legal("Luật Đất đai 2024"),
        s("INV_CONSTRUCTION_PERMITS", "Số giấy phép xây dựng được cấp", "Construction permits issued", "Giấy phép xây dựng", GP, INV)
            .u("giấy phép", INT, 0, HI).at(M, CM, "SXD").m(flow(7.5, 0.04, Season::Tet)).scale(Scale::Econ)
            .d("Số giấy phép xây dựng (mới, sửa chữa, cải tạo) được cấp trên địa bàn trong tháng.")
            .dis("Nhà ở riêng lẻ; công trình khác"),
        s("INV_PROJECTS_DELAYED", "Số dự án đầu tư công chậm tiến độ", "Public investment projects behind schedule", "Dự án chậm tiến độ", GP, INV)
            .u("dự án", INT, 0, LO).at(Q, AG, "STC").m(flow(0.9, -0.12, Season::Flat)).only(super::orgs::INVESTORS).time(Last)
            .d("Số dự án đầu tư công của chủ đầu tư có tiến độ thực hiện hoặc giải ngân chậm so với tiến độ được phê duyệt tại cuối kỳ.")
            .prov("Các chủ đầu tư dự án sử dụng vốn đầu tư công"),
        s("INV_SOCIAL_CAPITAL", "Vốn đầu tư thực hiện toàn xã hội", "Total social investment realised", "Vốn đầu tư toàn xã hội", GO, INV)
            .u("tỷ đồng", NUM, 0, HI).at(Q, PV, "CTK").m(flow(10_400.0, 0.11, Season::Flat))
            .d("Toàn bộ vốn bỏ ra để tăng năng lực sản xuất, tài sản cố định và tài sản lưu động trên địa bàn trong kỳ, theo giá hiện hành.")
            .nat("0401").dis("Nguồn vốn (nhà nước, ngoài nhà nước, FDI)"),
        s("INV_FDI_REGISTERED", "Vốn đầu tư trực tiếp nước ngoài (FDI) đăng ký cấp mới và điều chỉnh", "Registered FDI capital, new and adjusted", "FDI đăng ký", GO, INV)
            .u("triệu USD", NUM, 1, HI).at(Q, PV, "STC").m(flow(160.0, 0.05, Season::Flat)).noise(0.4)
            .d("Tổng vốn đầu tư đăng ký của các dự án FDI được cấp mới và phần vốn tăng thêm của các dự án điều chỉnh trong kỳ.")
            .dis("Quốc gia, vùng lãnh thổ; trong – ngoài KCN").res(&["59"]),
        s("INV_FDI_DISBURSED", "Vốn FDI thực hiện", "FDI capital disbursed", "FDI thực hiện", GO, INV)
            .u("triệu USD", NUM, 1, HI).at(Q, PV, "STC").m(flow(105.0, 0.07, Season::Flat))
            .d("Số vốn các dự án FDI đã thực hiện (góp vốn, vay giải ngân) trên địa bàn trong kỳ."),
        s("INV_PROJECTS_COMPLETED", "Số công trình, dự án đầu tư công hoàn thành đưa vào sử dụng", "Public works and projects completed and put into use", "Công trình hoàn thành", GO, INV)
            .u("công trình", INT, 0, HI).at(Q, PV, "SXD").m(flow(12.0, 0.04, Season::Spending))
            .d("Số công trình, dự án đầu tư công được nghiệm thu hoàn thành và bàn giao đưa vào sử dụng trong kỳ."),
        s("INV_RURAL_ROADS", "Chiều dài đường giao thông nông thôn được cứng hóa (lũy kế)", "Length of paved rural roads (cumulative)", "Đường GTNT cứng hóa", GO, INV)
            .u("km", NUM, 1, HI).at(Y, CM, "SXD").m(stock(58.0, 0.035)).scale(Scale::Agri)
            .d("Tổng chiều dài đường xã, đường thôn, đường nội đồng đã được nhựa hóa hoặc bê tông hóa tại ngày 31/12.")
            .dis("Cấp đường (xã, thôn, nội đồng)"),
        s("INV_SOCIAL_HOUSING", "Số căn nhà ở xã hội hoàn thành", "Social housing units completed", "Nhà ở xã hội", GO, INV)
            .u("căn", INT, 0, HI).at(Q, PV, "SXD").m(flow(140.0, 0.35, Season::Flat)).noise(0.25)
            .d("Số căn hộ, căn nhà ở xã hội được nghiệm thu hoàn thành, đủ điều kiện bàn giao trong kỳ."),
        s("INV_IZ_LEASED", "Diện tích đất công nghiệp đã cho thuê", "Industrial land leased", "Đất KCN đã cho thuê", GO, INV)
            .u("ha", NUM, 1, HI).at(Q, PV, "BQLKCN").m(stock(4950.0, 0.07))
            .d("Tổng diện tích đất công nghiệp trong các khu công nghiệp đã cho nhà đầu tư thuê, thuê lại tại cuối kỳ.")
            .dis("Theo khu công nghiệp"),
        s("INV_GREEN_BUILDINGS", "Số công trình được cấp chứng nhận công trình xanh", "Buildings certified as green buildings", "Công trình xanh", GO, INV)
            .u("công trình", INT, 0, HI).at(Y, PV, "SXD").m(stock(6.0, 0.3)).status(Listed)
            .d("Số công trình xây dựng trên địa bàn được tổ chức có thẩm quyền cấp chứng nhận công trình xanh, lũy kế đến cuối năm."),
        s("INV_IZ_WORKERS", "Số lao động làm việc trong các khu công nghiệp", "Workers employed in industrial zones", "Lao động KCN", GU, INV)
            .u("người", INT, 0, HI).at(Q, PV, "BQLKCN").m(stock(392_000.0, 0.05))
            .d("Tổng số lao động đang làm việc tại các doanh nghiệp trong các khu công nghiệp tại cuối kỳ.")
            .dis("Giới tính; lao động trong nước – nước ngoài"),
        s("INV_URBANISATION", "Tỷ lệ đô thị hóa", "Urbanisation rate", "Đô thị hóa", GU, INV)
            .u("%", PCT, 1, HI).at(Y, PV, "SXD").m(rate(47.5, 1.9, 0.2))
            .d("Dân số khu vực thành thị chia cho tổng dân số của tỉnh, nhân 100.")
            .res(&["DH"]),
        s("INV_HOUSING_AREA", "Diện tích nhà ở bình quân đầu người", "Average housing floor area per person", "Nhà ở bình quân", GU, INV)
            .u("m²/người", NUM, 1, HI).at(Y, PV, "SXD").m(stock(29.2, 0.022))
            .d("Tổng diện tích sàn nhà ở chia cho dân số tại cuối năm.")
            .dis("Thành thị – nông thôn"),
        s("INV_WORKS_QUALITY", "Tỷ lệ công trình đầu tư công được nghiệm thu đạt chất lượng ngay lần đầu", "Public works accepted at the first quality inspection", "Công trình đạt chất lượng", GU, INV)
            .u("%", PCT, 1, HI).at(H, PV, "SXD").m(rate(92.5, 1.0, 1.2))
            .d("Số công trình đầu tư công được nghiệm thu đạt yêu cầu chất lượng ngay lần kiểm tra đầu tiên chia cho tổng số công trình được kiểm tra nghiệm thu trong kỳ, nhân 100."),
        s("INV_PAVED_COMMUNE_ROADS", "Tỷ lệ xã có đường ô tô đến trung tâm xã được nhựa hóa, bê tông hóa", "Communes with an asphalt or concrete road to the commune centre", "Đường ô tô đến trung tâm xã", GU, INV)
            .u("%", PCT, 1, HI).at(Y, PV, "SXD").m(rate(96.0, 1.2, 0.3))
            .d("Số xã có đường ô tô đến trung tâm xã được nhựa hóa hoặc bê tông hóa, đi lại được quanh năm, chia cho tổng số xã, nhân 100."),
        s("INV_SOCIAL_CAPITAL_GRDP", "Tỷ lệ vốn đầu tư toàn xã hội so với GRDP", "Total social investment as a share of GRDP", "Vốn đầu tư/GRDP", GC, INV)
            .u("%", PCT, 1, BAND).at(Q, PV, "STC").m(ratio("INV_SOCIAL_CAPITAL", "ECO_GRDP", 100.0))
            .d("Vốn đầu tư thực hiện toàn xã hội chia cho GRDP theo giá hiện hành của cùng kỳ, nhân 100."),
        s("INV_IZ_OCCUPANCY", "Tỷ lệ lấp đầy các khu công nghiệp", "Industrial zone occupancy rate", "Tỷ lệ lấp đầy KCN", GC, INV)
            .u("%", PCT, 1, HI).at(Q, PV, "BQLKCN").m(ratio("INV_IZ_LEASED", "INV_IZ_LAND", 100.0))
            .d("Diện tích đất công nghiệp đã cho thuê chia cho tổng diện tích đất công nghiệp có thể cho thuê của các khu công nghiệp, nhân 100."),
        s("INV_FDI_REALISATION", "Tỷ lệ vốn FDI thực hiện so với vốn đăng ký", "FDI disbursed relative to registered FDI", "FDI thực hiện/đăng ký", GC, INV)
            .u("%", NUM, 1, HI).at(Q, PV, "STC").m(ratio("INV_FDI_DISBURSED", "INV_FDI_REGISTERED", 100.0))
            .d("Vốn FDI thực hiện chia cho vốn FDI đăng ký cấp mới và điều chỉnh trong cùng kỳ, nhân 100; có thể vượt 100% khi vốn đăng ký trong kỳ thấp."),
        s("INV_PUBLIC_EFFICIENCY", "Chỉ số hiệu quả quản lý dự án đầu tư công", "Public investment project management performance index", "Hiệu quả quản lý dự án", GC, INV)
            .u("điểm", NUM, 1, HI).at(Y, PV, "STC").m(score(71.0, 3.0, 1.5, 100.0))
            .d("Chỉ số tổng hợp (thang 100) từ 5 tiêu chí: tiến độ giải ngân; tỷ lệ dự án đúng tiến độ; chất lượng công trình; quyết toán dự án hoàn thành đúng hạn; kết quả thanh tra, kiểm toán."),
        s("INV_PCI_LAND_ACCESS", "Chỉ số thành phần PCI: Tiếp cận đất đai", "PCI sub-index: Access to land", "PCI – Tiếp cận đất đai", GC, INV)
            .u("điểm", NUM, 2, HI).at(Y, PV, "SNNMT").m(score(6.6, 0.1, 0.25, 10.0))
            .d("Điểm chỉ số thành phần Tiếp cận đất đai và sự ổn định trong sử dụng đất của PCI, thang 10 điểm.")
            .src(PCI_SRC),

        // ───────────── Doanh nghiệp / Enterprises ─────────────
        s("ENT_SME_SUPPORT_FUND", "Kinh phí hỗ trợ doanh nghiệp nhỏ và vừa được bố trí", "Budget allocated to SME support", "Kinh phí hỗ trợ DNNVV", GI, ENT)
            .u("tỷ đồng", NUM, 1, HI).at(Y, PV, "STC").m(stock(42.0, 0.15))
            .d("Tổng kinh phí ngân sách tỉnh bố trí trong năm cho các chương trình hỗ trợ doanh nghiệp nhỏ và vừa.")
            .legal("Luật Hỗ trợ doanh nghiệp nhỏ và vừa 2017; Nghị định 80/2021/NĐ-CP").res(&["68"]),
        s("ENT_SME_CREDIT", "Dư nợ tín dụng đối với doanh nghiệp nhỏ và vừa", "Outstanding credit to SMEs", "Dư nợ DNNVV", GI, ENT)
            .u("tỷ đồng", NUM, 0, HI).at(Q, PV, "NHNN").m(stock(71_000.0, 0.11))
            .d("Tổng dư nợ cho vay của các tổ chức tín dụng trên địa bàn đối với doanh nghiệp nhỏ và vừa tại cuối kỳ.")
            .res(&["68"]),
        s("ENT_INCUBATORS", "Số cơ sở ươm tạo, hỗ trợ khởi nghiệp đổi mới sáng tạo", "Incubators and innovative start-up support facilities", "Cơ sở ươm tạo", GI, ENT)
            .u("cơ sở", INT, 0, HI).at(Y, PV, "SKHCN").m(stock(8.0, 0.16))
            .d("Số cơ sở ươm tạo, cơ sở kỹ thuật, khu làm việc chung hỗ trợ khởi nghiệp đổi mới sáng tạo đang hoạt động tại cuối năm.")
            .res(&["57"]),
        s("ENT_HOUSEHOLD_BUSINESSES", "Số hộ kinh doanh đang hoạt động", "Active household businesses", "Hộ kinh doanh", GI, ENT)
            .u("hộ", INT, 0, HI).at(Q, CM, "THUE").m(stock(610.0, 0.03)).scale(Scale::Econ)
            .d("Số hộ kinh doanh đã đăng ký và đang hoạt động trên địa bàn xã, phường tại cuối kỳ.")
            .dis("Ngành nghề kinh doanh").res(&["68"]),
        s("ENT_MANAGERS_TRAINED", "Số lượt doanh nghiệp được hỗ trợ đào tạo quản trị", "Enterprises given management training", "DN được đào tạo quản trị", GI, ENT)
            .u("lượt", INT, 0, HI).at(H, PV, "STC").m(flow(38.0, 0.08, Season::Flat))
            .d("Số lượt doanh nghiệp có người quản lý tham gia các khóa đào tạo quản trị doanh nghiệp do tỉnh hỗ trợ trong kỳ.")
            .legal("Luật Hỗ trợ doanh nghiệp nhỏ và vừa 2017; Nghị định 80/2021/NĐ-CP"),
        s("ENT_NEW_REGISTRATIONS", "Số doanh nghiệp thành lập mới", "Newly registered enterprises", "DN thành lập mới", GP, ENT)
            .u("doanh nghiệp", INT, 0, HI).at(M, CM, "STC").m(flow(2.7, 0.08, Season::Tet)).scale(Scale::Econ)
            .d("Số doanh nghiệp được cấp giấy chứng nhận đăng ký doanh nghiệp lần đầu trong tháng, theo địa chỉ trụ sở chính.")
            .legal("Luật Doanh nghiệp 2020; Nghị định 01/2021/NĐ-CP về đăng ký doanh nghiệp").dis("Ngành kinh tế; loại hình doanh nghiệp").res(&["68", "DH"]),
        s("ENT_REGISTERED_CAPITAL", "Vốn đăng ký của doanh nghiệp thành lập mới", "Registered capital of new enterprises", "Vốn đăng ký DN mới", GP, ENT)
            .u("tỷ đồng", NUM, 1, HI).at(M, PV, "STC").m(flow(2450.0, 0.09, Season::Tet)).noise(0.2)
            .d("Tổng vốn điều lệ đăng ký của các doanh nghiệp thành lập mới trong tháng.")
            .legal("Luật Doanh nghiệp 2020; Nghị định 01/2021/NĐ-CP về đăng ký doanh nghiệp"),
        s("ENT_RESUMED", "Số doanh nghiệp quay trở lại hoạt động", "Enterprises resuming operations", "DN quay lại hoạt động", GP, ENT)
            .u("doanh nghiệp", INT, 0, HI).at(M, PV, "STC").m(flow(92.0, 0.05, Season::Tet))
            .d("Số doanh nghiệp đăng ký tiếp tục kinh doanh trước thời hạn đã thông báo tạm ngừng trong tháng.")
            .legal("Luật Doanh nghiệp 2020; Nghị định 01/2021/NĐ-CP về đăng ký doanh nghiệp"),
        s("ENT_SUSPENDED", "Số doanh nghiệp đăng ký tạm ngừng kinh doanh có thời hạn", "Enterprises registering a temporary suspension", "DN tạm ngừng", GP, ENT)
            .u("doanh nghiệp", INT, 0, LO).at(M, PV, "STC").m(flow(135.0, 0.02, Season::Suspend))
            .d("Số doanh nghiệp thông báo tạm ngừng kinh doanh có thời hạn với cơ quan đăng ký kinh doanh trong tháng.")
            .legal("Luật Doanh nghiệp 2020; Nghị định 01/2021/NĐ-CP về đăng ký doanh nghiệp"),
        s("ENT_ONLINE_REGISTRATION", "Tỷ lệ hồ sơ đăng ký doanh nghiệp qua mạng điện tử", "Business registration applications filed online", "ĐKDN qua mạng", GP, ENT)
            .u("%", PCT, 1, HI).at(M, PV, "STC").m(rate(97.4, 0.6, 0.5))
            .d("Số hồ sơ đăng ký doanh nghiệp nộp qua Cổng thông tin quốc gia về đăng ký doanh nghiệp chia cho tổng số hồ sơ đăng ký doanh nghiệp trong tháng, nhân 100.")
            .res(&["57"]),
        s("ENT_HOUSEHOLD_CONVERSIONS", "Số hộ kinh doanh chuyển đổi thành doanh nghiệp", "Household businesses converted into enterprises", "Hộ KD lên DN", GP, ENT)
            .u("hộ", INT, 0, HI).at(Q, CM, "STC").m(flow(0.22, 0.25, Season::Flat)).scale(Scale::Econ)
            .d("Số hộ kinh doanh trên địa bàn đăng ký chuyển đổi thành doanh nghiệp trong kỳ.")
            .res(&["68"]),
        s("ENT_ACTIVE", "Số doanh nghiệp đang hoạt động", "Enterprises in operation", "DN đang hoạt động", GO, ENT)
            .u("doanh nghiệp", INT, 0, HI).at(Q, PV, "STC").m(stock(22_400.0, 0.07))
            .d("Số doanh nghiệp có mã số doanh nghiệp ở tình trạng đang hoạt động trên Hệ thống thông tin quốc gia về đăng ký doanh nghiệp tại cuối kỳ.")
            .nat("0208").dis("Ngành kinh tế; loại hình doanh nghiệp; quy mô").res(&["68"]),
        s("ENT_DISSOLVED", "Số doanh nghiệp hoàn tất thủ tục giải thể", "Enterprises dissolved", "DN giải thể", GO, ENT)
            .u("doanh nghiệp", INT, 0, LO).at(M, PV, "STC").m(flow(47.0, 0.03, Season::Tet))
            .d("Số doanh nghiệp hoàn tất thủ tục giải thể trong tháng.")
            .legal("Luật Doanh nghiệp 2020; Nghị định 01/2021/NĐ-CP về đăng ký doanh nghiệp"),
        s("ENT_IZ_PROJECTS", "Số dự án trong khu công nghiệp đã đi vào hoạt động", "Industrial-zone projects in operation", "Dự án KCN hoạt động", GO, ENT)
            .u("dự án", INT, 0, HI).at(Q, PV, "BQLKCN").m(stock(1260.0, 0.06))
            .d("Số dự án đầu tư trong các khu công nghiệp đã đi vào sản xuất, kinh doanh tại cuối kỳ.")
            .dis("Dự án FDI – trong nước"),
        s("ENT_COOPERATIVES", "Số hợp tác xã đang hoạt động", "Active cooperatives", "HTX hoạt động", GO, ENT)
            .u("hợp tác xã", INT, 0, HI).at(H, CM, "SNNMT").m(stock(3.1, 0.04)).scale(Scale::Agri)
            .d("Số hợp tác xã đã đăng ký và đang hoạt động trên địa bàn xã, phường tại cuối kỳ.")
            .legal("Luật Hợp tác xã 2023").dis("Lĩnh vực (nông nghiệp, phi nông nghiệp)"),
        s("ENT_DIGITAL_SME", "Số doanh nghiệp nhỏ và vừa được hỗ trợ chuyển đổi số", "SMEs supported in digital transformation", "DNNVV được hỗ trợ CĐS", GO, ENT)
            .u("doanh nghiệp", INT, 0, HI).at(Q, PV, "SKHCN").m(flow(34.0, 0.2, Season::Flat))
            .d("Số doanh nghiệp nhỏ và vừa được hỗ trợ tư vấn, sử dụng nền tảng số theo chương trình của tỉnh trong kỳ.")
            .res(&["57", "68"]),
        s("ENT_PETITIONS_RESOLVED", "Tỷ lệ kiến nghị của doanh nghiệp được giải quyết đúng hạn", "Business petitions resolved on time", "Kiến nghị DN được giải quyết", GO, ENT)
            .u("%", PCT, 1, HI).at(Q, AG, "VP").m(rate_s(87.5, 2.0, 2.5, 6.0))
            .d("Số kiến nghị của doanh nghiệp, nhà đầu tư thuộc thẩm quyền được cơ quan giải quyết, trả lời đúng hạn chia cho tổng số kiến nghị phải giải quyết trong kỳ, nhân 100.")
            .src("Hệ thống tiếp nhận, xử lý kiến nghị của doanh nghiệp và biên bản hội nghị đối thoại doanh nghiệp").res(&["68"]),
        s("ENT_INNOVATIVE_STARTUPS", "Số doanh nghiệp khởi nghiệp đổi mới sáng tạo", "Innovative start-ups", "DN khởi nghiệp ĐMST", GO, ENT)
            .u("doanh nghiệp", INT, 0, HI).at(Y, PV, "SKHCN").m(stock(45.0, 0.2)).status(Standardized)
            .d("Số doanh nghiệp dưới 5 năm tuổi, có mô hình kinh doanh dựa trên công nghệ hoặc sở hữu trí tuệ, được xác nhận là doanh nghiệp khởi nghiệp đổi mới sáng tạo, lũy kế đến cuối năm.")
            .res(&["57"]),
        s("ENT_NET_REVENUE", "Doanh thu thuần của các doanh nghiệp", "Net turnover of enterprises", "Doanh thu DN", GU, ENT)
            .u("nghìn tỷ đồng", NUM, 1, HI).at(Y, PV, "CTK").m(flow(96.0, 0.10, Season::Flat))
            .d("Tổng doanh thu thuần từ bán hàng và cung cấp dịch vụ của các doanh nghiệp đang hoạt động có kết quả sản xuất kinh doanh trong năm.")
            .src("Điều tra doanh nghiệp hằng năm của ngành Thống kê").dis("Loại hình doanh nghiệp; ngành kinh tế"),
        s("ENT_BUDGET_CONTRIBUTION", "Số nộp ngân sách của khu vực doanh nghiệp", "Budget contributions of the business sector", "DN nộp ngân sách", GU, ENT)
            .u("tỷ đồng", NUM, 1, HI).at(Q, PV, "THUE").m(flow(2150.0, 0.10, Season::Revenue))
            .d("Tổng số thuế, phí và các khoản phải nộp khác mà doanh nghiệp đã nộp vào ngân sách nhà nước trong kỳ.")
            .dis("Doanh nghiệp nhà nước; FDI; ngoài quốc doanh"),
        s("ENT_EMPLOYEES", "Số lao động làm việc trong các doanh nghiệp", "Employees of enterprises", "Lao động trong DN", GU, ENT)
            .u("nghìn người", NUM, 1, HI).at(Y, PV, "CTK").m(stock(615.0, 0.04))
            .d("Tổng số lao động đang làm việc trong các doanh nghiệp tại ngày 31/12.")
            .src("Điều tra doanh nghiệp hằng năm của ngành Thống kê").dis("Giới tính; loại hình doanh nghiệp"),
        s("ENT_PRIVATE_SHARE", "Tỷ trọng kinh tế tư nhân trong GRDP", "Private sector share of GRDP", "Kinh tế tư nhân/GRDP", GU, ENT)
            .u("%", PCT, 1, HI).at(Y, PV, "CTK").m(rate(31.2, 0.9, 0.3))
            .d("Giá trị tăng thêm của khu vực kinh tế tư nhân (doanh nghiệp ngoài nhà nước, hộ kinh doanh, hợp tác xã) chia cho GRDP theo giá hiện hành, nhân 100.")
            .res(&["68"]),
        s("ENT_PROFITABLE_SHARE", "Tỷ lệ doanh nghiệp kinh doanh có lãi", "Share of enterprises making a profit", "DN có lãi", GU, ENT)
            .u("%", PCT, 1, HI).at(Y, PV, "THUE").m(rate(53.5, 1.4, 1.2))
            .d("Số doanh nghiệp có lợi nhuận trước thuế dương theo tờ khai quyết toán thuế thu nhập doanh nghiệp chia cho tổng số doanh nghiệp nộp tờ khai, nhân 100."),
        s("ENT_PCI", "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)", "Provincial Competitiveness Index (PCI)", "PCI", GC, ENT)
            .u("điểm", NUM, 2, HI).at(Y, PV, "STC").m(score(68.4, 0.9, 0.6, 100.0))
            .d("Chỉ số tổng hợp có trọng số của 10 chỉ số thành phần (gia nhập thị trường; tiếp cận đất đai; tính minh bạch; chi phí thời gian; chi phí không chính thức; cạnh tranh bình đẳng; tính năng động; hỗ trợ doanh nghiệp; đào tạo lao động; thiết chế pháp lý và an ninh trật tự), thang 100 điểm.")
            .src(PCI_SRC).res(&["68"]),
        s("ENT_PCI_RANK", "Thứ hạng PCI", "PCI ranking", "Xếp hạng PCI", GC, ENT)
            .u("hạng", INT, 0, LO).at(Y, PV, "STC").m(rank(14.0, -2.0, 2.0))
            .d("Thứ hạng của tỉnh theo điểm PCI trong số các tỉnh, thành phố được xếp hạng (1 là cao nhất).")
            .src(PCI_SRC),
        s("ENT_PER_1000_POP", "Số doanh nghiệp đang hoạt động trên 1.000 dân", "Active enterprises per 1,000 population", "DN/1.000 dân", GC, ENT)
            .u("doanh nghiệp/1.000 dân", NUM, 2, HI).at(Y, PV, "STC").m(ratio("ENT_ACTIVE", "SOC_POPULATION", 1000.0))
            .d("Số doanh nghiệp đang hoạt động tại cuối năm chia cho dân số trung bình, nhân 1.000.")
            .res(&["68"]),
        s("ENT_PCI_TIME_COSTS", "Chỉ số thành phần PCI: Chi phí thời gian", "PCI sub-index: Time costs", "PCI – Chi phí thời gian", GC, ENT)
            .u("điểm", NUM, 2, HI).at(Y, PV, "VP").m(score(7.1, 0.1, 0.2, 10.0))
            .d("Điểm chỉ số thành phần Chi phí thời gian để thực hiện các quy định của Nhà nước (thời gian làm thủ tục, thanh tra, kiểm tra) của PCI, thang 10 điểm.")
            .src(PCI_SRC),
        s("ENT_PCI_INFORMAL_CHARGES", "Chỉ số thành phần PCI: Chi phí không chính thức", "PCI sub-index: Informal charges", "PCI – Chi phí không chính thức", GC, ENT)
            .u("điểm", NUM, 2, HI).at(Y, PV, "TTRA").m(score(6.9, 0.15, 0.25, 10.0))
            .d("Điểm chỉ số thành phần Chi phí không chính thức của PCI, thang 10 điểm; điểm cao là chi phí không chính thức thấp.")
            .src(PCI_SRC),
        s("ENT_DDCI", "Chỉ số năng lực cạnh tranh cấp sở, ban, ngành (DDCI)", "Department and District Competitiveness Index (DDCI)", "DDCI", GC, ENT)
            .u("điểm", NUM, 2, HI).at(Y, AG, "VP").m(score_s(74.0, 1.2, 1.5, 100.0, 6.0))
            .d("Điểm đánh giá của doanh nghiệp về chất lượng điều hành của từng sở, ban, ngành theo 8 chỉ số thành phần (tính minh bạch, tính năng động, chi phí thời gian, chi phí không chính thức, cạnh tranh bình đẳng, hỗ trợ doanh nghiệp, thiết chế pháp lý, vai trò người đứng đầu), thang 100 điểm.")
            .src("Khảo sát DDCI do Hiệp hội Doanh nghiệp tỉnh thực hiện theo kế hoạch của UBND tỉnh"),

        // ───────────── Xã hội / Society ─────────────
        s("SOC_POPULATION", "Dân số trung bình", "Average population", "Dân số", GI, SOC)
            .u("người", INT, 0, BAND).at(Y, CM, "CTK").m(stock(25_000.0, 0.009))
            .d("Số dân bình quân của năm trên địa bàn, tính theo phương pháp của ngành Thống kê từ số dân đầu năm và cuối năm.")
            .nat("0101").dis("Giới tính; nhóm tuổi"),
        s("SOC_DOCTORS", "Số bác sĩ đang làm việc tại các cơ sở y tế", "Physicians working in health facilities", "Số bác sĩ", GI, SOC)
            .u("người", INT, 0, HI).at(Y, PV, "SYT").m(stock(2980.0, 0.045))
            .d("Tổng số bác sĩ (kể cả bác sĩ y học cổ truyền, bác sĩ y học dự phòng) đang làm việc tại các cơ sở y tế công lập và ngoài công lập trên địa bàn tại ngày 31/12.")
            .dis("Công lập – ngoài công lập; tuyến").res(&["72"]),
        s("SOC_HOSPITAL_BEDS", "Số giường bệnh (không kể giường trạm y tế xã)", "Hospital beds (excluding commune health stations)", "Giường bệnh", GI, SOC)
            .u("giường", INT, 0, HI).at(Y, PV, "SYT").m(stock(8650.0, 0.03))
            .d("Tổng số giường bệnh thực kê tại các bệnh viện, trung tâm y tế và cơ sở khám bệnh, chữa bệnh khác (không kể trạm y tế xã) tại ngày 31/12.")
            .res(&["72"]),
        s("SOC_TEACHERS", "Số giáo viên phổ thông", "General education teachers", "Giáo viên phổ thông", GI, SOC)
            .u("người", INT, 0, BAND).at(Y, PV, "SGDDT").m(stock(24_600.0, 0.012))
            .d("Số giáo viên trực tiếp giảng dạy tại các trường tiểu học, trung học cơ sở và trung học phổ thông tại thời điểm đầu năm học.")
            .dis("Cấp học; giới tính; công lập – ngoài công lập").res(&["71"]),
        s("SOC_HEALTH_STATION_DOCTOR", "Trạm y tế xã có bác sĩ làm việc", "Commune health station staffed by a physician", "Trạm y tế có bác sĩ", GI, SOC)
            .u("có/không", BOOL, 0, HI).at(Y, CM, "SYT").m(boolean(0.86, 0.04))
            .d("Trạm y tế của xã, phường có ít nhất một bác sĩ làm việc thường xuyên tại ngày 31/12 (1 = có, 0 = không); tổng hợp toàn tỉnh là tỷ lệ trạm có bác sĩ.")
            .res(&["72"]),
        s("SOC_SOCIAL_ALLOWANCE", "Số đối tượng bảo trợ xã hội hưởng trợ cấp hằng tháng", "People receiving monthly social assistance", "Đối tượng bảo trợ xã hội", GI, SOC)
            .u("người", INT, 0, BAND).at(Q, CM, "SYT").m(stock(430.0, 0.015))
            .d("Số người cao tuổi, người khuyết tật, trẻ em mồ côi và đối tượng khác đang hưởng trợ cấp xã hội hằng tháng tại cuối kỳ.")
            .legal("Nghị định 20/2021/NĐ-CP quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội").dis("Nhóm đối tượng; giới tính"),
        s("SOC_IMMUNISATION", "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ", "Children under one fully immunised", "Tiêm chủng đầy đủ", GP, SOC)
            .u("%", PCT, 1, HI).at(M, CM, "SYT").m(rate(95.6, 0.3, 1.3))
            .d("Số trẻ em dưới 1 tuổi được tiêm đủ các mũi vắc xin trong Chương trình tiêm chủng mở rộng chia cho tổng số trẻ em dưới 1 tuổi trên địa bàn, nhân 100 (lũy kế năm).")
            .nat("1906").res(&["72"]),
        s("SOC_HEALTH_INSURANCE", "Tỷ lệ dân số tham gia bảo hiểm y tế", "Health insurance coverage", "Bao phủ BHYT", GP, SOC)
            .u("%", PCT, 1, HI).at(Q, CM, "BHXH").m(rate(93.4, 0.9, 0.3))
            .d("Số người có thẻ bảo hiểm y tế còn giá trị sử dụng tại cuối kỳ chia cho dân số trung bình, nhân 100.")
            .nat("1805").res(&["72", "DH"]),
        s("SOC_JOBS_CREATED", "Số lao động được tạo việc làm", "People helped into employment", "Lao động có việc làm mới", GP, SOC)
            .u("người", INT, 0, HI).at(M, CM, "SNV").m(flow(27.0, 0.03, Season::Tet))
            .d("Số người lao động có việc làm mới trong tháng nhờ các chương trình phát triển kinh tế – xã hội, cho vay giải quyết việc làm, giới thiệu việc làm và đi làm việc ở nước ngoài theo hợp đồng.")
            .dis("Giới tính; trong nước – nước ngoài"),
        s("SOC_VOCATIONAL_ENROLMENT", "Số người được tuyển sinh đào tạo nghề nghiệp", "Vocational training enrolments", "Tuyển sinh GDNN", GP, SOC)
            .u("người", INT, 0, HI).at(Q, PV, "SGDDT").m(flow(5300.0, 0.03, Season::Flat))
            .d("Số người được tuyển sinh vào các trình độ cao đẳng, trung cấp, sơ cấp và đào tạo dưới 3 tháng trong kỳ.")
            .dis("Trình độ đào tạo; giới tính").res(&["71"]),
        s("SOC_OUTPATIENT_VISITS", "Số lượt khám bệnh", "Outpatient consultations", "Lượt khám bệnh", GP, SOC)
            .u("lượt", INT, 0, BAND).at(M, PV, "SYT").m(flow(585_000.0, 0.025, Season::Tet))
            .d("Tổng số lượt khám bệnh tại các cơ sở khám bệnh, chữa bệnh trên địa bàn trong tháng.")
            .dis("Tuyến; có – không có bảo hiểm y tế"),
        s("SOC_SI_PARTICIPANTS", "Số người tham gia bảo hiểm xã hội", "Social insurance contributors", "Người tham gia BHXH", GP, SOC)
            .u("người", INT, 0, HI).at(Q, PV, "BHXH").m(stock(512_000.0, 0.06))
            .d("Số người đang đóng bảo hiểm xã hội bắt buộc và tự nguyện tại cuối kỳ.")
            .dis("Bắt buộc – tự nguyện; giới tính"),
        s("SOC_E_HEALTH_RECORDS", "Tỷ lệ dân số có sổ sức khỏe điện tử", "Population with an electronic health record", "Sổ sức khỏe điện tử", GP, SOC)
            .u("%", PCT, 1, HI).at(Q, PV, "SYT").m(rate(70.0, 8.0, 1.0)).status(Screened)
            .d("Số người đã được lập sổ sức khỏe điện tử (tích hợp trên ứng dụng định danh điện tử) chia cho dân số, nhân 100.")
            .res(&["57", "72"]),
        s("SOC_SCHOOLS_STANDARD", "Tỷ lệ trường học đạt chuẩn quốc gia", "Schools meeting national standards", "Trường đạt chuẩn", GO, SOC)
            .u("%", PCT, 1, HI).at(Y, CM, "SGDDT").m(rate_s(77.0, 3.0, 0.8, 14.0))
            .d("Số trường mầm non, tiểu học, trung học cơ sở trên địa bàn được công nhận đạt chuẩn quốc gia còn hiệu lực chia cho tổng số trường, nhân 100.")
            .dis("Cấp học").res(&["71"]),
        s("SOC_CLEAN_WATER", "Tỷ lệ dân số sử dụng nước sạch đạt quy chuẩn", "Population using clean water meeting standards", "Nước sạch đạt quy chuẩn", GO, SOC)
            .u("%", PCT, 1, HI).at(H, CM, "SNNMT").m(rate_s(74.0, 4.0, 0.7, 12.0))
            .d("Số người sử dụng nước sạch đạt quy chuẩn kỹ thuật quốc gia từ hệ thống cấp nước tập trung chia cho dân số, nhân 100."),
        s("SOC_WASTE_COLLECTED", "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý", "Household solid waste collected and treated", "Thu gom chất thải rắn", GO, SOC)
            .u("%", PCT, 1, HI).at(Q, CM, "SNNMT").m(rate(91.0, 1.3, 0.9))
            .d("Khối lượng chất thải rắn sinh hoạt được thu gom, xử lý đạt yêu cầu chia cho tổng khối lượng phát sinh ước tính, nhân 100.")
            .legal("Luật Bảo vệ môi trường 2020"),
        s("SOC_TRAINED_WORKERS", "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ", "Workers with a training degree or certificate", "Lao động có bằng cấp", GO, SOC)
            .u("%", PCT, 1, HI).at(Y, PV, "SNV").m(rate(33.5, 1.6, 0.3))
            .d("Số lao động đang làm việc đã qua đào tạo có bằng cấp, chứng chỉ từ sơ cấp trở lên chia cho tổng số lao động đang làm việc, nhân 100.")
            .nat("0305").res(&["71", "DH"]),
        s("SOC_CULTURED_FAMILIES", "Tỷ lệ hộ gia đình được công nhận danh hiệu “Gia đình văn hóa”", "Households recognised as “cultured families”", "Gia đình văn hóa", GO, SOC)
            .u("%", PCT, 1, HI).at(Y, CM, "SVHTTDL").m(rate(89.0, 0.4, 0.8))
            .d("Số hộ gia đình được công nhận danh hiệu “Gia đình văn hóa” trong năm chia cho tổng số hộ, nhân 100.")
            .legal("Nghị định 86/2023/NĐ-CP quy định khung tiêu chuẩn và trình tự, thủ tục, hồ sơ xét tặng danh hiệu “Gia đình văn hóa”, “Thôn, tổ dân phố văn hóa”"),
        s("SOC_HOUSES_REPLACED", "Số nhà tạm, nhà dột nát được xóa bỏ", "Makeshift and dilapidated houses replaced", "Xóa nhà tạm", GO, SOC)
            .u("căn", INT, 0, HI).at(Q, PV, "SDTTG").m(flow(90.0, -0.35, Season::Flat))
            .d("Số căn nhà tạm, nhà dột nát của hộ nghèo, hộ cận nghèo, hộ có công được hỗ trợ xây mới hoặc sửa chữa hoàn thành trong kỳ.")
            .dis("Xây mới – sửa chữa; đối tượng"),
        s("SOC_STEM_SCHOOLS", "Tỷ lệ trường phổ thông triển khai giáo dục STEM", "General schools teaching STEM", "Trường có giáo dục STEM", GO, SOC)
            .u("%", PCT, 1, HI).at(Y, PV, "SGDDT").m(rate(45.0, 10.0, 2.0)).status(Listed)
            .d("Số trường phổ thông tổ chức dạy học theo định hướng giáo dục STEM trong năm học chia cho tổng số trường phổ thông, nhân 100.")
            .res(&["71"]),
        s("SOC_POOR_HOUSEHOLDS", "Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều", "Multidimensional poverty rate of households", "Tỷ lệ hộ nghèo", GU, SOC)
            .u("%", PCT, 2, LO).at(Y, CM, "SYT").m(rate(2.7, -0.55, 0.12))
            .d("Số hộ nghèo theo chuẩn nghèo đa chiều tại thời điểm rà soát cuối năm chia cho tổng số hộ dân cư, nhân 100.")
            .legal("Nghị định 07/2021/NĐ-CP quy định chuẩn nghèo đa chiều giai đoạn 2022–2025").nat("1501").res(&["DH"]),
        s("SOC_UNEMPLOYMENT", "Tỷ lệ thất nghiệp khu vực thành thị", "Urban unemployment rate", "Thất nghiệp thành thị", GU, SOC)
            .u("%", PCT, 2, LO).at(Q, PV, "CTK").m(rate(2.45, -0.06, 0.12))
            .d("Số người thất nghiệp ở khu vực thành thị chia cho lực lượng lao động khu vực thành thị, nhân 100.")
            .nat("0303").dis("Giới tính; nhóm tuổi"),
        s("SOC_LIFE_EXPECTANCY", "Tuổi thọ trung bình tính từ lúc sinh", "Life expectancy at birth", "Tuổi thọ trung bình", GU, SOC)
            .u("năm", NUM, 1, HI).at(Y, PV, "CTK").m(rate(74.5, 0.15, 0.05))
            .d("Số năm trung bình một người mới sinh có thể sống được nếu mô hình chết hiện tại được duy trì, tính từ bảng sống.")
            .nat("0116").dis("Giới tính").res(&["72"]),
        s("SOC_STUNTING", "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi", "Stunting among children under five", "Suy dinh dưỡng thấp còi", GU, SOC)
            .u("%", PCT, 1, LO).at(Y, CM, "SYT").m(rate(15.2, -0.5, 0.4))
            .d("Số trẻ em dưới 5 tuổi có chiều cao theo tuổi thấp hơn −2 độ lệch chuẩn so với quần thể tham chiếu chia cho số trẻ được cân đo, nhân 100.")
            .res(&["72"]),
        s("SOC_CRIMES", "Số vụ phạm tội về trật tự xã hội", "Offences against social order recorded", "Vụ phạm tội", GU, SOC)
            .u("vụ", INT, 0, LO).at(M, CM, "CA").m(flow(0.85, -0.04, Season::Flat))
            .d("Số vụ phạm tội về trật tự xã hội được phát hiện, thụ lý trên địa bàn trong tháng."),
        s("SOC_TRAFFIC_DEATHS", "Số người chết do tai nạn giao thông", "Road traffic deaths", "Chết do TNGT", GU, SOC)
            .u("người", INT, 0, LO).at(M, PV, "CA").m(flow(21.0, -0.05, Season::Tourism))
            .d("Số người chết do tai nạn giao thông đường bộ, đường sắt, đường thủy xảy ra trên địa bàn trong tháng.")
            .dis("Loại hình giao thông"),
        s("SOC_INCOME_PER_CAPITA", "Thu nhập bình quân đầu người một tháng", "Average monthly income per capita", "Thu nhập bình quân", GU, SOC)
            .u("triệu đồng", NUM, 2, HI).at(Y, PV, "CTK").m(stock(6.1, 0.085))
            .d("Tổng thu nhập của hộ dân cư trong năm chia cho số nhân khẩu và cho 12 tháng, theo Khảo sát mức sống dân cư.")
            .nat("1402").dis("Thành thị – nông thôn; nhóm thu nhập").res(&["DH"]),
        s("SOC_WOMEN_LEADERS", "Tỷ lệ nữ giữ chức vụ lãnh đạo, quản lý", "Women in leadership and management posts", "Nữ lãnh đạo, quản lý", GU, SOC)
            .u("%", PCT, 1, HI).at(Y, AG, "SNV").m(rate_s(27.0, 0.8, 1.0, 10.0))
            .d("Số nữ giữ chức vụ lãnh đạo, quản lý từ cấp phòng trở lên chia cho tổng số người giữ chức vụ lãnh đạo, quản lý của cơ quan, nhân 100.")
            .legal("Luật Bình đẳng giới 2006"),
        s("SOC_HDI", "Chỉ số phát triển con người (HDI)", "Human Development Index (HDI)", "HDI", GC, SOC)
            .u("chỉ số (0–1)", NUM, 3, HI).at(Y, PV, "CTK").m(score(0.741, 0.005, 0.001, 1.0))
            .d("Trung bình nhân của ba chỉ số thành phần: sức khỏe (tuổi thọ trung bình), giáo dục (số năm đi học bình quân và kỳ vọng) và thu nhập (GNI bình quân đầu người theo sức mua tương đương); giá trị từ 0 đến 1.")
            .nat("0118"),
        s("SOC_DOCTORS_PER_10K", "Số bác sĩ trên 10.000 dân", "Physicians per 10,000 population", "Bác sĩ/vạn dân", GC, SOC)
            .u("bác sĩ/vạn dân", NUM, 1, HI).at(Y, PV, "SYT").m(ratio("SOC_DOCTORS", "SOC_POPULATION", 10_000.0))
            .d("Số bác sĩ tại ngày 31/12 chia cho dân số trung bình, nhân 10.000.")
            .nat("1903").res(&["72"]),
        s("SOC_BEDS_PER_10K", "Số giường bệnh trên 10.000 dân", "Hospital beds per 10,000 population", "Giường bệnh/vạn dân", GC, SOC)
            .u("giường/vạn dân", NUM, 1, HI).at(Y, PV, "SYT").m(ratio("SOC_HOSPITAL_BEDS", "SOC_POPULATION", 10_000.0))
            .d("Số giường bệnh (không kể trạm y tế xã) tại ngày 31/12 chia cho dân số trung bình, nhân 10.000.")
            .nat("1904").res(&["72"]),
        s("SOC_SI_COVERAGE", "Tỷ lệ lực lượng lao động tham gia bảo hiểm xã hội", "Share of the labour force covered by social insurance", "Bao phủ BHXH", GC, SOC)
            .u("%", PCT, 1, HI).at(Q, PV, "BHXH").m(ratio("SOC_SI_PARTICIPANTS", "ECO_LABOUR_FORCE", 0.1))
            .d("Số người tham gia bảo hiểm xã hội chia cho lực lượng lao động trong độ tuổi (nghìn người, quy đổi), nhân 100.")
            .res(&["DH"]),
        s("SOC_PATIENT_SATISFACTION", "Chỉ số hài lòng của người bệnh", "Patient satisfaction index", "Hài lòng người bệnh", GC, SOC)
            .u("%", PCT, 1, HI).at(Y, PV, "SYT").m(score(88.0, 1.2, 0.7, 100.0))
            .d("Tỷ lệ hài lòng chung của người bệnh nội trú và ngoại trú tổng hợp từ các khảo sát tại cơ sở khám bệnh, chữa bệnh công lập trong năm.")
            .src("Khảo sát hài lòng người bệnh theo Quyết định 3869/QĐ-BYT của Bộ Y tế").res(&["72"]),

        // ───────────── Hành chính công / Public administration ─────────────
        s("PA_CIVIL_SERVANT_QUOTA", "Số biên chế công chức được giao", "Assigned civil-servant positions", "Biên chế công chức", GI, PA)
            .u("người", INT, 0, BAND).at(Y, AG, "SNV").m(stock(52.0, -0.025))
            .d("Số biên chế công chức được cấp có thẩm quyền giao cho cơ quan trong năm.")
            .prov("Các sở, ban, ngành thuộc UBND tỉnh"),
        s("PA_COMMUNE_STAFF", "Số cán bộ, công chức cấp xã", "Commune-level officials", "CBCC cấp xã", GI, PA)
            .u("người", INT, 0, BAND).at(H, CM, "SNV").m(stock(36.0, -0.01)).scale(Scale::Sqrt)
            .d("Số cán bộ, công chức đang làm việc tại UBND, HĐND và các cơ quan của xã, phường tại cuối kỳ.")
            .dis("Giới tính; trình độ chuyên môn"),
        s("PA_ONLINE_SERVICES", "Số dịch vụ công trực tuyến toàn trình được cung cấp", "End-to-end online public services offered", "DVC trực tuyến toàn trình", GI, PA)
            .u("dịch vụ", INT, 0, HI).at(Q, PV, "TTHCC").m(stock(1180.0, 0.09))
            .d("Số thủ tục hành chính được cung cấp dưới dạng dịch vụ công trực tuyến toàn trình trên Cổng Dịch vụ công của tỉnh tại cuối kỳ.")
            .legal(TTHC_LEGAL).res(&["57"]),
        s("PA_DIGITAL_BUDGET", "Kinh phí bố trí cho chuyển đổi số", "Budget allocated to digital transformation", "Kinh phí chuyển đổi số", GI, PA)
            .u("tỷ đồng", NUM, 1, HI).at(Y, PV, "SKHCN").m(stock(310.0, 0.2))
            .d("Tổng kinh phí ngân sách tỉnh bố trí trong năm cho hạ tầng số, nền tảng số, dữ liệu số và an toàn thông tin.")
            .res(&["57"]),
        s("PA_STAFF_TRAINED", "Số lượt cán bộ, công chức, viên chức được đào tạo, bồi dưỡng", "Officials and public employees trained", "Lượt CBCCVC được bồi dưỡng", GI, PA)
            .u("lượt", INT, 0, HI).at(Q, AG, "SNV").m(flow(24.0, 0.04, Season::Flat))
            .d("Số lượt cán bộ, công chức, viên chức của cơ quan hoàn thành các khóa đào tạo, bồi dưỡng trong kỳ.")
            .dis("Loại hình bồi dưỡng; giới tính"),
        s("PA_PROCEDURES_PUBLISHED", "Số thủ tục hành chính được công bố, công khai", "Administrative procedures published", "TTHC được công bố", GI, PA)
            .u("thủ tục", INT, 0, BAND).at(H, PV, "VP").m(stock(1890.0, -0.035))
            .d("Số thủ tục hành chính thuộc thẩm quyền giải quyết của các cấp trên địa bàn tỉnh đã được công bố, công khai trên Cơ sở dữ liệu quốc gia về TTHC tại cuối kỳ.")
            .legal("Nghị định 63/2010/NĐ-CP về kiểm soát thủ tục hành chính").dis("Cấp giải quyết; lĩnh vực"),
        s("PA_DOSSIERS_RECEIVED", "Số hồ sơ thủ tục hành chính tiếp nhận", "Administrative procedure dossiers received", "Hồ sơ TTHC tiếp nhận", GP, PA)
            .u("hồ sơ", INT, 0, BAND).at(M, AG, "TTHCC").m(flow(1350.0, 0.05, Season::Tet)).only(ALL_AGENCIES)
            .d("Số hồ sơ thủ tục hành chính cơ quan tiếp nhận mới trong tháng (trực tiếp, trực tuyến, qua bưu chính công ích).")
            .legal(TTHC_LEGAL).dis("Lĩnh vực TTHC; hình thức nộp"),
        s("PA_DOSSIERS_ONLINE", "Số hồ sơ thủ tục hành chính tiếp nhận trực tuyến", "Dossiers received online", "Hồ sơ trực tuyến", GP, PA)
            .u("hồ sơ", INT, 0, HI).at(M, AG, "TTHCC").m(part("PA_DOSSIERS_RECEIVED", 0.58, 0.09, 0.04)).only(ALL_AGENCIES)
            .d("Số hồ sơ thủ tục hành chính cơ quan tiếp nhận qua Cổng Dịch vụ công trong tháng.")
            .legal(TTHC_LEGAL).res(&["57"]),
        s("PA_DOSSIERS_OVERDUE", "Số hồ sơ thủ tục hành chính giải quyết quá hạn", "Dossiers resolved after the deadline", "Hồ sơ quá hạn", GP, PA)
            .u("hồ sơ", INT, 0, LO).at(M, AG, "TTHCC").m(complement("PA_DOSSIERS_RECEIVED", "PA_TTHC_ONTIME")).only(ALL_AGENCIES)
            .d("Số hồ sơ thủ tục hành chính cơ quan trả kết quả sau thời hạn quy định trong tháng.")
            .legal(TTHC_LEGAL).dis("Lĩnh vực TTHC; nguyên nhân quá hạn"),
        s("PA_TTHC_ONTIME", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "Administrative dossiers resolved on time", "Hồ sơ đúng hạn", GP, PA)
            .u("%", PCT, 2, HI).at(M, AG, "TTHCC").m(rate_s(96.4, 0.5, 0.9, 2.0)).only(ALL_AGENCIES)
            .d("Số hồ sơ thủ tục hành chính giải quyết trước và đúng hạn chia cho tổng số hồ sơ đã giải quyết trong tháng, nhân 100.")
            .legal(TTHC_LEGAL).res(&["DH"]),
        s("PA_ONLINE_SHARE", "Tỷ lệ hồ sơ thủ tục hành chính tiếp nhận trực tuyến", "Share of dossiers received online", "Tỷ lệ hồ sơ trực tuyến", GP, PA)
            .u("%", PCT, 1, HI).at(M, PV, "TTHCC").m(ratio("PA_DOSSIERS_ONLINE", "PA_DOSSIERS_RECEIVED", 100.0))
            .d("Số hồ sơ tiếp nhận trực tuyến chia cho tổng số hồ sơ thủ tục hành chính tiếp nhận trong kỳ, nhân 100.")
            .legal(TTHC_LEGAL).res(&["57"]),
        s("PA_COMMUNE_DOSSIERS", "Số hồ sơ thủ tục hành chính tiếp nhận tại cấp xã", "Dossiers received at commune level", "Hồ sơ TTHC cấp xã", GP, PA)
            .u("hồ sơ", INT, 0, BAND).at(M, CM, "TTHCC").m(flow(390.0, 0.04, Season::Tet))
            .d("Số hồ sơ thủ tục hành chính Trung tâm phục vụ hành chính công cấp xã tiếp nhận mới trong tháng.")
            .legal(TTHC_LEGAL).dis("Lĩnh vực TTHC; hình thức nộp"),
        s("PA_COMMUNE_ONTIME", "Tỷ lệ hồ sơ thủ tục hành chính cấp xã giải quyết đúng hạn", "Commune dossiers resolved on time", "Hồ sơ cấp xã đúng hạn", GP, PA)
            .u("%", PCT, 2, HI).at(M, CM, "TTHCC").m(rate_s(96.4, 0.8, 1.0, 2.5))
            .d("Số hồ sơ thủ tục hành chính cấp xã giải quyết trước và đúng hạn chia cho tổng số hồ sơ đã giải quyết trong tháng, nhân 100.")
            .legal(TTHC_LEGAL),
        s("PA_COMMUNE_ONLINE", "Tỷ lệ hồ sơ thủ tục hành chính cấp xã nộp trực tuyến", "Commune dossiers filed online", "Hồ sơ cấp xã trực tuyến", GP, PA)
            .u("%", PCT, 1, HI).at(M, CM, "TTHCC").m(rate_s(56.0, 9.0, 3.0, 12.0))
            .d("Số hồ sơ thủ tục hành chính cấp xã tiếp nhận trực tuyến chia cho tổng số hồ sơ tiếp nhận trong tháng, nhân 100.")
            .legal(TTHC_LEGAL).res(&["57"]),
        s("PA_TASKS_OVERDUE", "Số nhiệm vụ UBND tỉnh giao quá hạn chưa hoàn thành", "Tasks assigned by the provincial People's Committee that are overdue", "Nhiệm vụ quá hạn", GP, PA)
            .u("nhiệm vụ", INT, 0, LO).at(M, AG, "VP").m(flow(2.2, -0.12, Season::Flat)).time(Last)
            .d("Số nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao cho cơ quan đã quá thời hạn mà chưa hoàn thành tại cuối tháng."),
        s("PA_AI_ASSISTED", "Tỷ lệ hồ sơ thủ tục hành chính được xử lý có hỗ trợ của trí tuệ nhân tạo", "Dossiers processed with artificial-intelligence assistance", "Hồ sơ có hỗ trợ AI", GP, PA)
            .u("%", PCT, 1, HI).at(M, PV, "TTHCC").m(rate(5.0, 10.0, 1.0)).status(Proposed)
            .d("Số hồ sơ được trợ lý ảo hoặc công cụ AI hỗ trợ kiểm tra thành phần, trích xuất dữ liệu chia cho tổng số hồ sơ tiếp nhận, nhân 100 (đề xuất).")
            .res(&["57"]),
        s("PA_TASKS_ONTIME", "Tỷ lệ nhiệm vụ UBND tỉnh giao hoàn thành đúng hạn", "Tasks assigned by the provincial People's Committee completed on time", "Nhiệm vụ đúng hạn", GO, PA)
            .u("%", PCT, 1, HI).at(M, AG, "VP").m(rate_s(89.5, 2.2, 3.0, 6.0))
            .d("Số nhiệm vụ được giao hoàn thành đúng hạn trong tháng chia cho tổng số nhiệm vụ đến hạn phải hoàn thành, nhân 100."),
        s("PA_FEEDBACK_HANDLED", "Tỷ lệ phản ánh, kiến nghị của người dân, doanh nghiệp được xử lý, trả lời", "Citizen and business feedback handled and answered", "Phản ánh được xử lý", GO, PA)
            .u("%", PCT, 1, HI).at(M, CM, "VP").m(rate_s(91.5, 2.0, 3.0, 5.0))
            .d("Số phản ánh, kiến nghị đã được xử lý, trả lời trong thời hạn chia cho tổng số phản ánh, kiến nghị tiếp nhận phải xử lý trong tháng, nhân 100.")
            .src("Hệ thống tiếp nhận phản ánh, kiến nghị (ứng dụng công dân số và tổng đài 1022)").legal("Nghị định 20/2008/NĐ-CP về tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính"),
        s("PA_LEGAL_DOCUMENTS", "Số văn bản quy phạm pháp luật của HĐND, UBND tỉnh được ban hành", "Legal normative documents issued by the provincial People's Council and Committee", "VBQPPL ban hành", GO, PA)
            .u("văn bản", INT, 0, BAND).at(Q, PV, "STP").m(flow(9.0, 0.05, Season::Flat))
            .d("Số nghị quyết của HĐND tỉnh và quyết định của UBND tỉnh là văn bản quy phạm pháp luật được ban hành trong kỳ.")
            .res(&["66"]),
        s("PA_CIVIL_STATUS_ONLINE", "Tỷ lệ hồ sơ đăng ký hộ tịch được tiếp nhận trực tuyến", "Civil-status registrations received online", "Hộ tịch trực tuyến", GO, PA)
            .u("%", PCT, 1, HI).at(Q, PV, "STP").m(rate(70.0, 8.0, 1.5))
            .d("Số hồ sơ đăng ký khai sinh, kết hôn, khai tử và các việc hộ tịch khác tiếp nhận trực tuyến chia cho tổng số hồ sơ hộ tịch trong kỳ, nhân 100.")
            .res(&["57"]),
        s("PA_INSPECTIONS", "Số cuộc thanh tra, kiểm tra hành chính đã kết thúc", "Administrative inspections concluded", "Cuộc thanh tra kết thúc", GO, PA)
            .u("cuộc", INT, 0, BAND).at(Q, AG, "TTRA").m(flow(1.1, 0.0, Season::Flat))
            .d("Số cuộc thanh tra hành chính, kiểm tra chuyên ngành do cơ quan thực hiện đã ban hành kết luận trong kỳ."),
        s("PA_REPORTS_ONTIME", "Tỷ lệ báo cáo định kỳ gửi đúng hạn trên Hệ thống thông tin báo cáo", "Periodic reports submitted on time in the reporting system", "Báo cáo đúng hạn", GO, PA)
            .u("%", PCT, 1, HI).at(M, AG, "VP").m(rate_s(88.0, 3.0, 3.5, 7.0))
            .d("Số báo cáo định kỳ cơ quan gửi đúng hạn trên Hệ thống thông tin báo cáo của tỉnh chia cho tổng số báo cáo phải gửi trong tháng, nhân 100."),
        s("PA_DIGITISED_RESULTS", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Dossiers and results digitised", "Số hóa hồ sơ TTHC", GO, PA)
            .u("%", PCT, 1, HI).at(M, AG, "TTHCC").m(rate_s(80.0, 6.5, 2.5, 8.0)).only(ALL_AGENCIES)
            .d("Số hồ sơ thủ tục hành chính được số hóa thành phần hồ sơ và kết quả giải quyết chia cho tổng số hồ sơ đã giải quyết trong tháng, nhân 100.")
            .legal(TTHC_LEGAL).res(&["57"]),
        s("PA_PROCEDURES_SIMPLIFIED", "Số thủ tục hành chính được đề xuất cắt giảm, đơn giản hóa", "Administrative procedures proposed for cutting or simplification", "TTHC được đơn giản hóa", GO, PA)
            .u("thủ tục", INT, 0, HI).at(H, AG, "VP").m(flow(0.6, 0.05, Season::Flat))
            .d("Số thủ tục hành chính thuộc lĩnh vực quản lý của cơ quan được đề xuất bãi bỏ, cắt giảm thành phần hồ sơ, thời gian hoặc chi phí tuân thủ trong kỳ.")
            .res(&["66", "68"]),
        s("PA_TTHC_SATISFACTION", "Tỷ lệ người dân, doanh nghiệp hài lòng khi giải quyết thủ tục hành chính", "Citizens and businesses satisfied with procedure handling", "Hài lòng giải quyết TTHC", GU, PA)
            .u("%", PCT, 1, HI).at(Q, AG, "TTHCC").m(rate_s(95.2, 0.8, 1.2, 2.5)).only(ALL_AGENCIES)
            .d("Số lượt đánh giá “hài lòng” và “rất hài lòng” chia cho tổng số lượt đánh giá về giải quyết thủ tục hành chính của cơ quan trong kỳ, nhân 100.")
            .legal(TTHC_LEGAL),
        s("PA_COMPLAINTS", "Số đơn khiếu nại, tố cáo tiếp nhận", "Complaints and denunciations received", "Đơn khiếu nại, tố cáo", GU, PA)
            .u("đơn", INT, 0, LO).at(Q, CM, "TTRA").m(flow(1.15, -0.05, Season::Flat))
            .d("Số đơn khiếu nại, tố cáo đủ điều kiện xử lý được tiếp nhận trên địa bàn trong kỳ (không kể đơn trùng).")
            .dis("Khiếu nại – tố cáo; lĩnh vực (đất đai, chính sách, khác)"),
        s("PA_COMPLAINTS_RESOLVED", "Tỷ lệ giải quyết khiếu nại, tố cáo thuộc thẩm quyền", "Complaints and denunciations resolved within competence", "Giải quyết khiếu nại, tố cáo", GU, PA)
            .u("%", PCT, 1, HI).at(H, PV, "TTRA").m(rate(88.5, 1.5, 1.5))
            .d("Số vụ việc khiếu nại, tố cáo thuộc thẩm quyền đã giải quyết chia cho tổng số vụ việc phải giải quyết trong kỳ, nhân 100."),
        s("PA_EID_ACTIVATED", "Tỷ lệ công dân đủ điều kiện đã kích hoạt tài khoản định danh điện tử mức 2", "Eligible citizens with an activated level-2 electronic identity account", "Định danh điện tử mức 2", GU, PA)
            .u("%", PCT, 1, HI).at(Q, CM, "CA").m(rate_s(71.0, 9.0, 1.2, 6.0))
            .d("Số công dân đã kích hoạt tài khoản định danh điện tử mức 2 chia cho số công dân đủ điều kiện cấp tài khoản trên địa bàn, nhân 100.")
            .res(&["57"]),
        s("PA_E_DOCUMENTS", "Tỷ lệ văn bản đi được ký số và gửi, nhận trên môi trường điện tử", "Outgoing documents digitally signed and exchanged electronically", "Văn bản điện tử", GU, PA)
            .u("%", PCT, 1, HI).at(Q, AG, "VP").m(rate_s(94.5, 1.4, 1.0, 3.0))
            .d("Số văn bản đi (trừ văn bản mật) được ký số và gửi, nhận qua trục liên thông văn bản chia cho tổng số văn bản đi của cơ quan trong kỳ, nhân 100.")
            .res(&["57"]),
        s("PA_PAR_INDEX", "Chỉ số cải cách hành chính (PAR Index)", "Public Administration Reform Index (PAR Index)", "PAR Index", GC, PA)
            .u("%", PCT, 2, HI).at(Y, PV, "SNV").m(score(87.6, 0.9, 0.7, 100.0))
            .d("Tổng điểm thẩm định và điểm điều tra xã hội học của 8 lĩnh vực cải cách hành chính (chỉ đạo điều hành; thể chế; TTHC; tổ chức bộ máy; công vụ; tài chính công; chính quyền điện tử, chính quyền số; tác động của CCHC), quy đổi ra tỷ lệ % so với điểm tối đa.")
            .src(PAR_SRC).legal("Nghị quyết 76/NQ-CP về Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030; Quyết định 876/QĐ-BNV phê duyệt Đề án xác định Chỉ số cải cách hành chính").res(&["DH"]),
        s("PA_PAR_RANK", "Thứ hạng Chỉ số cải cách hành chính", "PAR Index ranking", "Xếp hạng PAR Index", GC, PA)
            .u("hạng", INT, 0, LO).at(Y, PV, "SNV").m(rank(12.0, -1.0, 2.0))
            .d("Thứ hạng của tỉnh theo PAR Index trong số các tỉnh, thành phố được xếp hạng (1 là cao nhất).")
            .src(PAR_SRC),
        s("PA_SIPAS", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)", "Satisfaction Index of Public Administrative Services (SIPAS)", "SIPAS", GC, PA)
            .u("%", PCT, 2, HI).at(Y, PV, "SNV").m(score(84.5, 1.0, 0.8, 100.0))
            .d("Tỷ lệ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước, tổng hợp từ 5 yếu tố (tiếp cận dịch vụ; thủ tục hành chính; công chức; kết quả; tiếp nhận, xử lý góp ý), theo khảo sát xã hội học.")
            .src(PAR_SRC),
        s("PA_PAPI", "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)", "Provincial Governance and Public Administration Performance Index (PAPI)", "PAPI", GC, PA)
            .u("điểm", NUM, 2, HI).at(Y, PV, "SNV").m(score(44.2, 0.4, 0.5, 80.0))
            .d("Tổng điểm 8 chỉ số nội dung (tham gia của người dân ở cấp cơ sở; công khai, minh bạch; trách nhiệm giải trình; kiểm soát tham nhũng; thủ tục hành chính công; cung ứng dịch vụ công; quản trị môi trường; quản trị điện tử), thang 10–80 điểm.")
            .src("Báo cáo PAPI do Chương trình Phát triển Liên hợp quốc (UNDP), CECODES và các đối tác công bố hằng năm"),
        s("PA_SERVICE_INDEX", "Chỉ số phục vụ người dân, doanh nghiệp trong thực hiện TTHC, dịch vụ công (thời gian thực)", "Real-time index of service to citizens and businesses in administrative procedures and public services", "Chỉ số phục vụ (766)", GC, PA)
            .u("điểm", NUM, 2, HI).at(M, PV, "TTHCC").m(score(84.5, 2.2, 1.3, 100.0))
            .d("Điểm tổng hợp (thang 100) của 7 nhóm chỉ tiêu: công khai, minh bạch; tiến độ giải quyết; dịch vụ công trực tuyến; thanh toán trực tuyến; mức độ hài lòng; số hóa hồ sơ; điện tử hóa kết quả, theo Bộ chỉ số tại Quyết định 766/QĐ-TTg.")
            .src("Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ trên Cổng Dịch vụ công quốc gia").legal(TTHC_LEGAL).res(&["57"]),
        s("PA_DTI", "Chỉ số chuyển đổi số cấp tỉnh (DTI)", "Provincial Digital Transformation Index (DTI)", "DTI", GC, PA)
            .u("điểm (0–1)", NUM, 4, HI).at(Y, PV, "SKHCN").m(score(0.58, 0.04, 0.015, 1.0))
            .d("Chỉ số tổng hợp đánh giá chuyển đổi số của tỉnh trên 3 trụ cột (chính quyền số, kinh tế số, xã hội số) và các chỉ số nền tảng, giá trị từ 0 đến 1.")
            .src("Kết quả Bộ chỉ số đánh giá chuyển đổi số (DTI) do Bộ Khoa học và Công nghệ công bố")
            .legal("Quyết định 922/QĐ-BTTTT ngày 20/5/2022 phê duyệt Đề án xác định Bộ chỉ số đánh giá chuyển đổi số").res(&["57"]),
        s("PA_AGENCY_PAR_SCORE", "Chỉ số cải cách hành chính của sở, ban, ngành", "Public administration reform score of provincial departments", "Chỉ số CCHC cấp sở", GC, PA)
            .u("điểm", NUM, 2, HI).at(Y, AG, "SNV").m(score_s(86.0, 1.2, 1.2, 100.0, 5.0))
            .d("Điểm xác định Chỉ số cải cách hành chính hằng năm của từng sở, ban, ngành theo bộ tiêu chí do UBND tỉnh ban hành, thang 100 điểm.")
            .src("Kết quả xác định Chỉ số CCHC các sở, ban, ngành do UBND tỉnh công bố"),
    ]
}
