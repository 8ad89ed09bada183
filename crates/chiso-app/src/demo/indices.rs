//! Sample composite indices of the demo province, clearly labelled as sample data:
//!
//! - **DDCI** — a competitiveness index of the provincial departments as businesses rate
//!   them, modelled on VCCI's PCI (sub-indices scored 0–10, weighted mean × 10), for 2024
//!   and 2025. The Department of Construction falls several places in 2025, mostly on time
//!   costs and land procedures, so its page has a rank change to explain.
//! - **PAR_XA** — the administrative-reform index of the communes and wards for 2025,
//!   criteria-scored like the PAR Index (8 areas, points out of 100), with the owner, root
//!   cause and corrective action recorded for the points one commune lost.
//!
//! - **PTX** — a commune development index computed live from the communes' own indicators
//!   (economy, society, governance), so it moves as soon as data is entered.
//!
//! The structures, weights, maxima and every score are illustrative.

use super::dataset::DemoDataset;
use crate::indices::{SOURCE_IMPORTED, score_rows};
use crate::{AppError, AppResult};
use chiso_core::composite::DataTable;
use chiso_core::composite::methodology::Methodology;
use chiso_core::org::OrgKind;
use chiso_store::{CriterionNote, Tx};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

/// The department whose rank falls in 2025.
pub(crate) const FALLING_DEPARTMENT: &str = "TM.SXD";
/// The commune whose lost PAR points carry notes.
pub(crate) const NOTED_COMMUNE: &str = "TM.X001";

fn component(
    code: &str,
    parent: Option<&str>,
    vi: &str,
    en: &str,
    w: f64,
    max: f64,
) -> serde_json::Value {
    json!({"code": code, "parent": parent, "name_vi": vi, "name_en": en, "weight": w, "max": max})
}

/// The DDCI methodology (sample).
pub(crate) fn ddci() -> AppResult<Methodology> {
    let nodes = [
        (
            "transparency",
            "Tính minh bạch và tiếp cận thông tin",
            "Transparency and access to information",
            15.0,
        ),
        ("time", "Chi phí thời gian", "Time costs", 15.0),
        (
            "informal",
            "Chi phí không chính thức",
            "Informal charges",
            15.0,
        ),
        ("fairness", "Cạnh tranh bình đẳng", "Fair competition", 10.0),
        (
            "proactivity",
            "Tính năng động của lãnh đạo",
            "Proactive leadership",
            15.0,
        ),
        ("support", "Hỗ trợ doanh nghiệp", "Business support", 10.0),
        (
            "procedures",
            "Thủ tục hành chính",
            "Administrative procedures",
            10.0,
        ),
        (
            "accountability",
            "Trách nhiệm giải trình",
            "Accountability",
            10.0,
        ),
    ];
    let doc = json!({
        "index": "DDCI", "version": "2024", "from_year": 2024, "to_year": null,
        "name_vi": "Chỉ số năng lực cạnh tranh cấp sở, ngành (mẫu)",
        "name_en": "Department competitiveness index (sample)",
        "publisher": "Tỉnh Mẫu — dữ liệu mẫu / sample data",
        "unit_vi": "điểm", "unit_en": "points", "max": 100.0,
        "method": "arithmetic_mean", "scale": 10.0,
        "source": "Sample methodology for the demo province, modelled on VCCI's PCI (sub-indices 0–10, weighted mean × 10). Weights illustrative.",
        "nodes": nodes.iter().map(|(c, vi, en, w)| component(c, None, vi, en, *w, 10.0)).collect::<Vec<_>>(),
        "tiers": [
            {"min": 70.0, "name_vi": "Rất tốt", "name_en": "Excellent"},
            {"min": 65.0, "name_vi": "Tốt", "name_en": "Good"},
            {"min": 60.0, "name_vi": "Khá", "name_en": "Fair"},
            {"min": 55.0, "name_vi": "Trung bình", "name_en": "Average"},
            {"min": 0.0, "name_vi": "Thấp", "name_en": "Low"}
        ]
    });
    Methodology::from_json(&doc.to_string()).map_err(|e| AppError::Internal(e.to_string()))
}

/// A criterion: code, Vietnamese and English names, maximum points.
type Criterion = (&'static str, &'static str, &'static str, f64);

/// The PAR index of communes (sample): areas and criteria with maximum points.
pub(crate) fn par_communes() -> AppResult<Methodology> {
    let areas: [(&str, &str, &str, &[Criterion]); 8] = [
        (
            "A1",
            "Công tác chỉ đạo, điều hành cải cách hành chính",
            "Direction of administrative reform",
            &[
                ("A1.1", "Kế hoạch cải cách hành chính", "Reform plan", 3.0),
                (
                    "A1.2",
                    "Báo cáo cải cách hành chính",
                    "Reform reporting",
                    2.0,
                ),
                (
                    "A1.3",
                    "Kiểm tra cải cách hành chính",
                    "Reform inspections",
                    3.0,
                ),
                (
                    "A1.4",
                    "Tuyên truyền cải cách hành chính",
                    "Reform communication",
                    2.0,
                ),
            ],
        ),
        (
            "A2",
            "Cải cách thể chế",
            "Institutional reform",
            &[
                (
                    "A2.1",
                    "Ban hành văn bản đúng quy định",
                    "Lawful issuing of documents",
                    5.0,
                ),
                (
                    "A2.2",
                    "Rà soát, kiểm tra văn bản",
                    "Review of documents",
                    5.0,
                ),
            ],
        ),
        (
            "A3",
            "Cải cách thủ tục hành chính",
            "Administrative procedures",
            &[
                (
                    "A3.1",
                    "Công khai thủ tục hành chính",
                    "Publishing procedures",
                    5.0,
                ),
                (
                    "A3.2",
                    "Giải quyết hồ sơ đúng hạn",
                    "Dossiers settled on time",
                    10.0,
                ),
            ],
        ),
        (
            "A4",
            "Cải cách tổ chức bộ máy",
            "Organisation of the apparatus",
            &[
                ("A4.1", "Sắp xếp tổ chức", "Restructuring", 5.0),
                ("A4.2", "Quản lý biên chế", "Staffing", 5.0),
            ],
        ),
        (
            "A5",
            "Xây dựng đội ngũ cán bộ, công chức",
            "Civil service",
            &[
                ("A5.1", "Vị trí việc làm", "Job positions", 5.0),
                ("A5.2", "Kỷ luật, kỷ cương hành chính", "Discipline", 5.0),
            ],
        ),
        (
            "A6",
            "Cải cách tài chính công",
            "Public finance",
            &[
                (
                    "A6.1",
                    "Quản lý, sử dụng ngân sách",
                    "Budget management",
                    5.0,
                ),
                (
                    "A6.2",
                    "Giải ngân vốn đầu tư công",
                    "Public investment disbursement",
                    5.0,
                ),
            ],
        ),
        (
            "A7",
            "Xây dựng chính quyền điện tử, chính quyền số",
            "Digital government",
            &[
                (
                    "A7.1",
                    "Dịch vụ công trực tuyến toàn trình",
                    "Full online public services",
                    8.0,
                ),
                (
                    "A7.2",
                    "Số hóa hồ sơ, kết quả giải quyết",
                    "Digitised dossiers and results",
                    7.0,
                ),
            ],
        ),
        (
            "A8",
            "Sự hài lòng của người dân (điều tra xã hội học)",
            "Citizen satisfaction (survey)",
            &[(
                "A8.1",
                "Mức độ hài lòng của người dân, tổ chức",
                "Satisfaction of citizens and organisations",
                20.0,
            )],
        ),
    ];
    let mut nodes = Vec::new();
    for (code, vi, en, criteria) in areas {
        let max: f64 = criteria.iter().map(|c| c.3).sum();
        nodes.push(component(code, None, vi, en, 1.0, max));
        for (c, cvi, cen, cmax) in criteria {
            nodes.push(component(c, Some(code), cvi, cen, 1.0, *cmax));
        }
    }
    let doc = json!({
        "index": "PAR_XA", "version": "2025", "from_year": 2025, "to_year": null,
        "name_vi": "Chỉ số cải cách hành chính cấp xã (mẫu)",
        "name_en": "Commune administrative reform index (sample)",
        "publisher": "Tỉnh Mẫu — dữ liệu mẫu / sample data",
        "unit_vi": "điểm / 100", "unit_en": "points / 100", "max": 100.0,
        "method": "sum",
        "source": "Sample methodology for the demo province, modelled on the PAR Index (areas, criteria with maximum points, an appraisal part and a survey part, 100 points). Criteria and maxima illustrative.",
        "nodes": nodes,
        "tiers": [
            {"min": 90.0, "name_vi": "Xuất sắc", "name_en": "Outstanding"},
            {"min": 80.0, "name_vi": "Tốt", "name_en": "Good"},
            {"min": 70.0, "name_vi": "Khá", "name_en": "Fair"},
            {"min": 0.0, "name_vi": "Cần cải thiện", "name_en": "Needs improvement"}
        ]
    });
    Methodology::from_json(&doc.to_string()).map_err(|e| AppError::Internal(e.to_string()))
}

/// An input of an index computed from indicators: code, indicator, Vietnamese and English
/// names, direction.
type Input = (&'static str, &'static str, &'static str, &'static str, f64);

/// The commune development index (sample): computed from the communes' own indicators,
/// min-max normalised over the communes, arithmetic means of three pillars.
pub(crate) fn commune_development() -> AppResult<Methodology> {
    let pillars: [(&str, &str, &str, &[Input]); 3] = [
        (
            "ECO",
            "Kinh tế",
            "Economy",
            &[
                (
                    "agri_value",
                    "ECO_AGRI_VALUE_PER_HA",
                    "Giá trị sản phẩm trên 1 ha đất nông nghiệp",
                    "Farm output per hectare",
                    1.0,
                ),
                (
                    "new_firms",
                    "ENT_NEW_REGISTRATIONS",
                    "Doanh nghiệp thành lập mới",
                    "New enterprises",
                    1.0,
                ),
                (
                    "disbursement",
                    "INV_COMMUNE_DISBURSE_RATE",
                    "Tỷ lệ giải ngân vốn đầu tư công",
                    "Public investment disbursed",
                    1.0,
                ),
            ],
        ),
        (
            "SOC",
            "Xã hội",
            "Society",
            &[
                (
                    "poverty",
                    "SOC_POOR_HOUSEHOLDS",
                    "Tỷ lệ hộ nghèo",
                    "Poor households",
                    -1.0,
                ),
                (
                    "stunting",
                    "SOC_STUNTING",
                    "Tỷ lệ trẻ em suy dinh dưỡng thấp còi",
                    "Child stunting",
                    -1.0,
                ),
                (
                    "water",
                    "SOC_CLEAN_WATER",
                    "Tỷ lệ hộ dùng nước sạch",
                    "Households with clean water",
                    1.0,
                ),
                (
                    "insurance",
                    "SOC_HEALTH_INSURANCE",
                    "Tỷ lệ bao phủ bảo hiểm y tế",
                    "Health insurance coverage",
                    1.0,
                ),
            ],
        ),
        (
            "GOV",
            "Quản trị",
            "Governance",
            &[
                (
                    "ontime",
                    "PA_COMMUNE_ONTIME",
                    "Hồ sơ giải quyết đúng hạn",
                    "Dossiers settled on time",
                    1.0,
                ),
                (
                    "online",
                    "PA_COMMUNE_ONLINE",
                    "Hồ sơ nộp trực tuyến",
                    "Dossiers filed online",
                    1.0,
                ),
                (
                    "eid",
                    "PA_EID_ACTIVATED",
                    "Tỷ lệ kích hoạt định danh điện tử",
                    "Electronic IDs activated",
                    1.0,
                ),
            ],
        ),
    ];
    let mut nodes = Vec::new();
    for (code, vi, en, leaves) in pillars {
        nodes.push(json!({"code": code, "name_vi": vi, "name_en": en, "weight": 1.0}));
        for (c, indicator, lvi, len, direction) in leaves {
            nodes.push(
                json!({"code": c, "parent": code, "name_vi": lvi, "name_en": len,
                              "weight": 1.0, "direction": direction, "indicator": indicator}),
            );
        }
    }
    let doc = json!({
        "index": "PTX", "version": "2025", "from_year": 2025, "to_year": null,
        "name_vi": "Chỉ số phát triển cấp xã (mẫu)",
        "name_en": "Commune development index (sample)",
        "publisher": "Tỉnh Mẫu — dữ liệu mẫu / sample data",
        "unit_vi": "điểm", "unit_en": "points", "max": 100.0,
        "method": "arithmetic_mean",
        "normalise": {"default": {"method": "min_max", "lower": 0.0, "upper": 100.0}},
        "peers": {"kind": "locality"},
        "source": "Sample index computed live from the communes' indicators in Chiso: each indicator min-max normalised over the communes (lower is better for poverty and stunting), pillars and index as arithmetic means.",
        "nodes": nodes
    });
    Methodology::from_json(&doc.to_string()).map_err(|e| AppError::Internal(e.to_string()))
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

/// Writes the sample indices: methodologies, scores and notes.
pub(crate) async fn write(tx: &mut Tx, data: &DemoDataset, seed: u64) -> AppResult<()> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x001d_1ce5);
    let departments: Vec<&str> = data
        .orgs
        .iter()
        .filter(|o| o.kind == OrgKind::Agency && o.level == 2)
        .filter(|o| is_department(&o.code))
        .map(|o| o.code.as_str())
        .collect();
    let communes: Vec<&str> = data
        .orgs
        .iter()
        .filter(|o| o.kind == OrgKind::Locality && o.level == 2)
        .map(|o| o.code.as_str())
        .collect();

    // DDCI, 2024 and 2025.
    let m = ddci()?;
    let leaves: Vec<String> = m.leaves().iter().map(|c| c.code.clone()).collect();
    let quality: Vec<f64> = departments
        .iter()
        .map(|_| rng.gen_range(5.6..7.4))
        .collect();
    let mut y2024 = Vec::new();
    for q in &quality {
        y2024.push(
            leaves
                .iter()
                .map(|_| (q + rng.gen_range(-0.9..0.9)).clamp(3.0, 9.6))
                .collect::<Vec<f64>>(),
        );
    }
    let mut y2025 = Vec::new();
    for row in &y2024 {
        let next: Vec<f64> = row
            .iter()
            .map(|v| (v + rng.gen_range(-0.25..0.45)).clamp(3.0, 9.6))
            .collect();
        y2025.push(next);
    }
    if let Some(i) = departments.iter().position(|d| *d == FALLING_DEPARTMENT) {
        // Start it near the top.
        for v in &mut y2024[i] {
            *v = (*v + 1.2).min(9.6);
        }
        for (k, leaf) in leaves.iter().enumerate() {
            if !matches!(leaf.as_str(), "time" | "procedures" | "informal") {
                y2025[i][k] = y2024[i][k] + 0.1;
            } else {
                y2025[i][k] = y2024[i][k]
                    - match leaf.as_str() {
                        "time" => 2.4,
                        "procedures" => 1.3,
                        _ => 0.6,
                    };
            }
        }
    }
    let round = |v: f64| (v * 100.0).round() / 100.0;
    tx.upsert_index_methodology(
        &m.index,
        &m.version,
        m.from_year,
        m.to_year,
        &serde_json::to_string(&m).map_err(internal)?,
    )
    .await?;
    for (year, rows) in [(2024, &y2024), (2025, &y2025)] {
        let mut t = DataTable::new(departments.iter().copied()).map_err(internal)?;
        for (k, leaf) in leaves.iter().enumerate() {
            t.add_column(
                leaf.clone(),
                rows.iter().map(|r| Some(round(r[k]))).collect(),
            )
            .map_err(internal)?;
        }
        tx.replace_index_scores(&m.index, year, &score_rows(&m, &t, SOURCE_IMPORTED))
            .await?;
    }

    // The commune development index: only its methodology; its scores are computed from
    // the communes' values whenever it is looked at.
    let d = commune_development()?;
    tx.upsert_index_methodology(
        &d.index,
        &d.version,
        d.from_year,
        d.to_year,
        &serde_json::to_string(&d).map_err(internal)?,
    )
    .await?;

    // PAR index of communes, 2025.
    let p = par_communes()?;
    let criteria = p.leaves();
    let mut t = DataTable::new(communes.iter().copied()).map_err(internal)?;
    let level: Vec<f64> = communes.iter().map(|_| rng.gen_range(0.70..0.95)).collect();
    for c in &criteria {
        let max = c.max.unwrap_or(1.0);
        let col = communes
            .iter()
            .zip(&level)
            .map(|(code, l)| {
                let mut share = (l + rng.gen_range(-0.12..0.08)).clamp(0.3, 1.0);
                if *code == NOTED_COMMUNE && matches!(c.code.as_str(), "A7.1" | "A3.2" | "A6.2") {
                    share = match c.code.as_str() {
                        "A7.1" => 0.25,
                        "A3.2" => 0.55,
                        _ => 0.6,
                    };
                }
                // Points in quarters, as appraisal councils award them.
                Some(((max * share) * 4.0).round() / 4.0)
            })
            .collect();
        t.add_column(c.code.clone(), col).map_err(internal)?;
    }
    tx.upsert_index_methodology(
        &p.index,
        &p.version,
        p.from_year,
        p.to_year,
        &serde_json::to_string(&p).map_err(internal)?,
    )
    .await?;
    tx.replace_index_scores(&p.index, 2025, &score_rows(&p, &t, SOURCE_IMPORTED))
        .await?;
    let notes = [
        (
            "A7.1",
            "Văn phòng HĐND và UBND xã",
            "Phó Chủ tịch UBND xã Nguyễn Văn Bình (mẫu)",
            "Chỉ 31% thủ tục được cung cấp trực tuyến toàn trình; đường truyền yếu ở các thôn vùng cao.",
            "Rà soát, cấu hình lại 25 thủ tục trên Cổng dịch vụ công trước 31/3/2026; tổ công nghệ số cộng đồng hướng dẫn người dân.",
        ),
        (
            "A3.2",
            "Bộ phận Một cửa xã",
            "Công chức Văn phòng – Thống kê Trần Thị Mai (mẫu)",
            "142 hồ sơ đất đai trễ hạn do thiếu cán bộ địa chính sau sắp xếp.",
            "Biệt phái 1 công chức địa chính từ xã lân cận; theo dõi hồ sơ trễ hạn hằng tuần.",
        ),
        (
            "A6.2",
            "Bộ phận Kinh tế xã",
            "Chủ tịch UBND xã Lê Quang Huy (mẫu)",
            "Giải ngân vốn đầu tư công đạt 62% do vướng giải phóng mặt bằng.",
            "Thành lập tổ công tác giải phóng mặt bằng; báo cáo tiến độ giải ngân hằng tháng.",
        ),
    ];
    for (component, owner_unit, owner_person, root_cause, action) in notes {
        tx.upsert_criterion_note(
            &p.index,
            2025,
            &CriterionNote {
                unit: NOTED_COMMUNE.into(),
                component: component.into(),
                owner_unit: owner_unit.into(),
                owner_person: owner_person.into(),
                root_cause: root_cause.into(),
                action: action.into(),
            },
        )
        .await?;
    }
    Ok(())
}

/// Provincial departments (`TM.S…`), not the People's Committee office, boards or central
/// agencies' branches.
fn is_department(code: &str) -> bool {
    code.strip_prefix("TM.").is_some_and(|c| c.starts_with('S'))
}
