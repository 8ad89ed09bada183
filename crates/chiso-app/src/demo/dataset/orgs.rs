//! The demo province's organisation: its agencies and its communes and wards.
//!
//! The structure does not depend on the seed, so `TM.X001` is the same commune in every
//! demo database.

use super::{DemoOrg, ymd};
use chiso_core::org::OrgKind;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// Code of the demo province (the root of the tree).
pub(super) const ROOT: &str = "TM";

/// One agency of the demo province.
pub(super) struct Agency {
    /// Code suffix after `TM.`.
    pub code: &'static str,
    /// Vietnamese name.
    pub vi: &'static str,
    /// English name.
    pub en: &'static str,
    /// The head's post, accountable for the agency's indicators.
    pub head: &'static str,
    /// Relative size (dossiers handled, staff, budget).
    pub weight: f64,
    /// Default data source of the indicators it owns.
    pub source: &'static str,
    /// Default legal basis of the indicators it owns.
    pub legal: &'static str,
    /// Whether it is a provincial department (under the People's Committee) rather than a
    /// central agency's local branch.
    pub provincial: bool,
}

/// Agencies, in code order of display.
pub(super) const AGENCIES: &[Agency] = &[
    Agency {
        code: "VP",
        vi: "Văn phòng Ủy ban nhân dân tỉnh",
        en: "Office of the Provincial People's Committee",
        head: "Chánh Văn phòng UBND tỉnh",
        weight: 0.3,
        source: "Hệ thống quản lý văn bản và theo dõi nhiệm vụ của UBND tỉnh",
        legal: "Nghị định 09/2019/NĐ-CP quy định về chế độ báo cáo của cơ quan hành chính nhà nước",
        provincial: true,
    },
    Agency {
        code: "SNV",
        vi: "Sở Nội vụ",
        en: "Department of Home Affairs",
        head: "Giám đốc Sở Nội vụ",
        weight: 0.8,
        source: "Báo cáo định kỳ ngành Nội vụ (tổ chức bộ máy, công chức, lao động – việc làm)",
        legal: "Luật Cán bộ, công chức; Luật Việc làm; Nghị quyết 76/NQ-CP về Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030",
        provincial: true,
    },
    Agency {
        code: "STC",
        vi: "Sở Tài chính",
        en: "Department of Finance",
        head: "Giám đốc Sở Tài chính",
        weight: 1.2,
        source: "Báo cáo thu, chi ngân sách nhà nước (TABMIS) và báo cáo kế hoạch – đầu tư của Sở Tài chính",
        legal: "Luật Ngân sách nhà nước; Luật Đầu tư công 2024; Nghị định 163/2016/NĐ-CP",
        provincial: true,
    },
    Agency {
        code: "SCT",
        vi: "Sở Công Thương",
        en: "Department of Industry and Trade",
        head: "Giám đốc Sở Công Thương",
        weight: 0.9,
        source: "Báo cáo thống kê định kỳ ngành Công Thương",
        legal: "Luật Thống kê 2015 (sửa đổi 2021); chế độ báo cáo thống kê ngành Công Thương",
        provincial: true,
    },
    Agency {
        code: "SNNMT",
        vi: "Sở Nông nghiệp và Môi trường",
        en: "Department of Agriculture and Environment",
        head: "Giám đốc Sở Nông nghiệp và Môi trường",
        weight: 2.0,
        source: "Báo cáo thống kê ngành Nông nghiệp và Môi trường",
        legal: "Luật Trồng trọt 2018; Luật Chăn nuôi 2018; Luật Bảo vệ môi trường 2020; Quyết định 263/QĐ-TTg về Chương trình MTQG xây dựng nông thôn mới",
        provincial: true,
    },
    Agency {
        code: "SXD",
        vi: "Sở Xây dựng",
        en: "Department of Construction",
        head: "Giám đốc Sở Xây dựng",
        weight: 1.6,
        source: "Báo cáo định kỳ ngành Xây dựng (xây dựng, nhà ở, giao thông)",
        legal: "Luật Xây dựng 2014 (sửa đổi 2020); Luật Nhà ở 2023",
        provincial: true,
    },
    Agency {
        code: "SYT",
        vi: "Sở Y tế",
        en: "Department of Health",
        head: "Giám đốc Sở Y tế",
        weight: 1.3,
        source: "Hệ thống thông tin thống kê y tế và báo cáo định kỳ ngành Y tế",
        legal: "Luật Khám bệnh, chữa bệnh 2023; Luật Bảo hiểm y tế; Nghị định 07/2021/NĐ-CP quy định chuẩn nghèo đa chiều",
        provincial: true,
    },
    Agency {
        code: "SGDDT",
        vi: "Sở Giáo dục và Đào tạo",
        en: "Department of Education and Training",
        head: "Giám đốc Sở Giáo dục và Đào tạo",
        weight: 1.0,
        source: "Cơ sở dữ liệu ngành Giáo dục và Đào tạo",
        legal: "Luật Giáo dục 2019; Luật Giáo dục nghề nghiệp 2014",
        provincial: true,
    },
    Agency {
        code: "SVHTTDL",
        vi: "Sở Văn hóa, Thể thao và Du lịch",
        en: "Department of Culture, Sports and Tourism",
        head: "Giám đốc Sở Văn hóa, Thể thao và Du lịch",
        weight: 0.6,
        source: "Báo cáo thống kê ngành Văn hóa, Thể thao và Du lịch",
        legal: "Luật Du lịch 2017; Luật Thống kê 2015 (sửa đổi 2021)",
        provincial: true,
    },
    Agency {
        code: "SKHCN",
        vi: "Sở Khoa học và Công nghệ",
        en: "Department of Science and Technology",
        head: "Giám đốc Sở Khoa học và Công nghệ",
        weight: 0.5,
        source: "Báo cáo định kỳ về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        legal: "Luật Khoa học, công nghệ và đổi mới sáng tạo 2025; Luật Giao dịch điện tử 2023",
        provincial: true,
    },
    Agency {
        code: "STP",
        vi: "Sở Tư pháp",
        en: "Department of Justice",
        head: "Giám đốc Sở Tư pháp",
        weight: 1.4,
        source: "Báo cáo công tác tư pháp và Phần mềm đăng ký, quản lý hộ tịch điện tử",
        legal: "Luật Ban hành văn bản quy phạm pháp luật 2025; Luật Hộ tịch 2014",
        provincial: true,
    },
    Agency {
        code: "SDTTG",
        vi: "Sở Dân tộc và Tôn giáo",
        en: "Department of Ethnic Minorities and Religions",
        head: "Giám đốc Sở Dân tộc và Tôn giáo",
        weight: 0.3,
        source: "Báo cáo công tác dân tộc, tôn giáo và các chương trình mục tiêu quốc gia",
        legal: "Nghị định 05/2011/NĐ-CP về công tác dân tộc; Luật Tín ngưỡng, tôn giáo 2016",
        provincial: true,
    },
    Agency {
        code: "TTHCC",
        vi: "Trung tâm Phục vụ hành chính công tỉnh",
        en: "Provincial Public Administration Service Centre",
        head: "Giám đốc Trung tâm Phục vụ hành chính công tỉnh",
        weight: 0.4,
        source: "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh (kết nối Cổng Dịch vụ công quốc gia)",
        legal: "Nghị định 61/2018/NĐ-CP và Nghị định 107/2021/NĐ-CP về cơ chế một cửa, một cửa liên thông; Quyết định 766/QĐ-TTg ngày 23/6/2022",
        provincial: true,
    },
    Agency {
        code: "BQLKCN",
        vi: "Ban Quản lý các khu công nghiệp tỉnh",
        en: "Provincial Industrial Zones Authority",
        head: "Trưởng ban Ban Quản lý các khu công nghiệp tỉnh",
        weight: 0.9,
        source: "Báo cáo tình hình hoạt động các khu công nghiệp",
        legal: "Nghị định 35/2022/NĐ-CP quy định về quản lý khu công nghiệp và khu kinh tế",
        provincial: true,
    },
    Agency {
        code: "BQLDA",
        vi: "Ban Quản lý dự án đầu tư xây dựng tỉnh",
        en: "Provincial Construction Investment Project Management Board",
        head: "Giám đốc Ban Quản lý dự án đầu tư xây dựng tỉnh",
        weight: 0.3,
        source: "Báo cáo tiến độ thực hiện dự án đầu tư xây dựng",
        legal: "Luật Đầu tư công 2024; Luật Xây dựng 2014 (sửa đổi 2020)",
        provincial: true,
    },
    Agency {
        code: "TTRA",
        vi: "Thanh tra tỉnh",
        en: "Provincial Inspectorate",
        head: "Chánh Thanh tra tỉnh",
        weight: 0.2,
        source: "Báo cáo công tác thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo và phòng, chống tham nhũng",
        legal: "Luật Thanh tra 2022; Luật Khiếu nại 2011; Luật Tố cáo 2018",
        provincial: true,
    },
    Agency {
        code: "CTK",
        vi: "Thống kê tỉnh",
        en: "Provincial Statistics Office",
        head: "Trưởng Thống kê tỉnh",
        weight: 0.2,
        source: "Báo cáo thống kê theo Thông tư 02/2023/TT-BKHĐT (chế độ báo cáo thống kê cấp tỉnh)",
        legal: "Luật Thống kê 2015 (sửa đổi 2021); Nghị định 94/2022/NĐ-CP, sửa đổi bởi Nghị định 62/2024/NĐ-CP, về hệ thống chỉ tiêu thống kê quốc gia",
        provincial: false,
    },
    Agency {
        code: "THUE",
        vi: "Thuế tỉnh",
        en: "Provincial Tax Office",
        head: "Trưởng Thuế tỉnh",
        weight: 1.8,
        source: "Hệ thống quản lý thuế tập trung (TMS)",
        legal: "Luật Quản lý thuế 2019",
        provincial: false,
    },
    Agency {
        code: "KBNN",
        vi: "Kho bạc Nhà nước khu vực",
        en: "Regional State Treasury",
        head: "Giám đốc Kho bạc Nhà nước khu vực",
        weight: 0.5,
        source: "Hệ thống thông tin quản lý ngân sách và kho bạc (TABMIS)",
        legal: "Luật Ngân sách nhà nước; Nghị định 11/2020/NĐ-CP về thủ tục hành chính thuộc lĩnh vực Kho bạc Nhà nước",
        provincial: false,
    },
    Agency {
        code: "NHNN",
        vi: "Ngân hàng Nhà nước Chi nhánh khu vực",
        en: "State Bank of Vietnam, regional branch",
        head: "Giám đốc Ngân hàng Nhà nước Chi nhánh khu vực",
        weight: 0.3,
        source: "Báo cáo thống kê tiền tệ, tín dụng của Ngân hàng Nhà nước Chi nhánh khu vực",
        legal: "Luật Các tổ chức tín dụng 2024; Luật Ngân hàng Nhà nước Việt Nam 2010",
        provincial: false,
    },
    Agency {
        code: "CA",
        vi: "Công an tỉnh",
        en: "Provincial Police",
        head: "Giám đốc Công an tỉnh",
        weight: 2.6,
        source: "Báo cáo thống kê của Công an tỉnh và Cơ sở dữ liệu quốc gia về dân cư",
        legal: "Luật Cư trú 2020; Luật Căn cước 2023; Quyết định 06/QĐ-TTg ngày 06/01/2022 (Đề án 06)",
        provincial: false,
    },
    Agency {
        code: "BHXH",
        vi: "Bảo hiểm xã hội tỉnh",
        en: "Provincial Social Security Office",
        head: "Giám đốc Bảo hiểm xã hội tỉnh",
        weight: 1.5,
        source: "Cơ sở dữ liệu quốc gia về bảo hiểm",
        legal: "Luật Bảo hiểm xã hội 2024; Luật Bảo hiểm y tế",
        provincial: false,
    },
];

/// Agencies that act as investors of public investment projects.
pub(super) const INVESTORS: &[&str] = &[
    "SXD", "SNNMT", "SYT", "SGDDT", "SVHTTDL", "SKHCN", "BQLKCN", "BQLDA", "CA",
];

/// The agency with code suffix `code`.
pub(super) fn agency(code: &str) -> Option<&'static Agency> {
    AGENCIES.iter().find(|a| a.code == code)
}

/// First syllables of the generated place names.
const FIRST: &[&str] = &[
    "An", "Bình", "Cẩm", "Đông", "Đức", "Gia", "Hòa", "Hồng", "Hưng", "Kim", "Lạc", "Liên", "Long",
    "Minh", "Mỹ", "Nam", "Ngọc", "Phú", "Phúc", "Quang", "Tân", "Tây", "Thạch", "Thanh", "Thái",
    "Thuận", "Trung", "Vĩnh", "Xuân", "Yên", "Đại", "Hải", "Hương", "Lương", "Quế", "Tiên", "Văn",
    "Bắc", "Đồng", "Việt",
];

/// Second syllables of the generated place names.
const SECOND: &[&str] = &[
    "An", "Bình", "Châu", "Cường", "Dương", "Định", "Giang", "Hà", "Hòa", "Hưng", "Khê", "Lâm",
    "Lập", "Lộc", "Lợi", "Long", "Mỹ", "Nghĩa", "Phong", "Phú", "Sơn", "Thành", "Thịnh", "Thủy",
    "Tiến", "Trạch", "Trung", "Xuân", "Yên", "Quang", "Điền", "Hải", "Đạt", "Tân", "Vinh",
];

/// Number of communes and wards.
pub(super) const LOCALITIES: usize = 100;

/// What the generator knows about one org unit beyond its row.
#[derive(Debug, Clone)]
pub(super) struct UnitCtx {
    /// Province, agency or commune.
    pub kind: UnitKind,
    /// Population relative to an average commune (25,000 people).
    pub pop: f64,
    /// Economic weight relative to an average commune (revenue, enterprises).
    pub econ: f64,
    /// Agricultural weight relative to an average commune.
    pub agri: f64,
    /// Agency weight (dossiers, staff, budget).
    pub weight: f64,
    /// Persistent quality of work, −1 (weak) … 1 (strong).
    pub quality: f64,
    /// Reports late and misses reports more often.
    pub lazy: bool,
    /// A ward (urban) rather than a rural commune.
    pub ward: bool,
    /// Code suffix of an agency (empty for other units).
    pub agency: &'static str,
}

/// The kind of a unit, for the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UnitKind {
    /// The province itself.
    Province,
    /// An agency.
    Agency,
    /// A commune or ward.
    Commune,
}

/// Title-cases a folded (accent-free, lower-case) name: "dong hoa" → "Dong Hoa".
fn title_ascii(folded: &str) -> String {
    folded
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Builds the org rows and the generator's context for each, root first, then agencies,
/// then communes and wards.
pub(super) fn build() -> (Vec<DemoOrg>, Vec<UnitCtx>) {
    let merged = Some(ymd(2025, 7, 1));
    let mut rng = StdRng::seed_from_u64(0x0054_494E_484D_4155);
    let mut orgs = vec![DemoOrg {
        code: ROOT.to_string(),
        name_vi: "Tỉnh Mẫu (dữ liệu mẫu)".to_string(),
        name_en: "Sample Province (demo data)".to_string(),
        parent: None,
        kind: OrgKind::Locality,
        level: 1,
        valid_from: merged,
    }];
    let mut ctx = vec![UnitCtx {
        kind: UnitKind::Province,
        pop: 1.0,
        econ: 1.0,
        agri: 1.0,
        weight: 1.0,
        quality: 0.0,
        lazy: false,
        ward: false,
        agency: "",
    }];
    for a in AGENCIES {
        orgs.push(DemoOrg {
            code: format!("{ROOT}.{}", a.code),
            name_vi: a.vi.to_string(),
            name_en: a.en.to_string(),
            parent: Some(ROOT.to_string()),
            kind: OrgKind::Agency,
            level: 2,
            valid_from: merged,
        });
        ctx.push(UnitCtx {
            kind: UnitKind::Agency,
            pop: 1.0,
            econ: 1.0,
            agri: 1.0,
            weight: a.weight,
            quality: rng.gen_range(-1.0..1.0),
            lazy: false,
            ward: false,
            agency: a.code,
        });
    }

    let mut pairs: Vec<(&str, &str)> = FIRST
        .iter()
        .flat_map(|f| SECOND.iter().map(move |s| (*f, *s)))
        .filter(|(f, s)| f != s)
        .collect();
    pairs.shuffle(&mut rng);
    let mut lazy_left = 3;
    for (i, (f, s)) in pairs.into_iter().take(LOCALITIES).enumerate() {
        let ward = i != 0 && rng.gen_bool(0.22);
        let name = format!("{f} {s}");
        let en = title_ascii(&chiso_core::text::fold(&name));
        let (name_vi, name_en) = if ward {
            (format!("Phường {name}"), format!("{en} Ward"))
        } else {
            (format!("Xã {name}"), format!("{en} Commune"))
        };
        let people: f64 = if ward {
            rng.gen_range(25_000.0..70_000.0)
        } else {
            rng.gen_range(5_000.0..40_000.0)
        };
        let pop = people / 25_000.0;
        let econ = if ward {
            rng.gen_range(2.0..3.6)
        } else {
            rng.gen_range(0.35..1.1)
        } * pop.sqrt();
        let agri = if ward {
            rng.gen_range(0.05..0.3)
        } else {
            rng.gen_range(0.7..1.5)
        };
        let lazy = i > 0 && lazy_left > 0 && rng.gen_bool(0.05);
        if lazy {
            lazy_left -= 1;
        }
        orgs.push(DemoOrg {
            code: format!("{ROOT}.X{:03}", i + 1),
            name_vi,
            name_en,
            parent: Some(ROOT.to_string()),
            kind: OrgKind::Locality,
            level: 2,
            valid_from: merged,
        });
        ctx.push(UnitCtx {
            kind: UnitKind::Commune,
            pop,
            econ,
            agri,
            weight: 1.0,
            quality: rng.gen_range(-1.0..1.0),
            lazy,
            ward,
            agency: "",
        });
    }
    (orgs, ctx)
}
