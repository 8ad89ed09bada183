//! Sample task trees for Politburo resolutions 57, 59, 66, 68, 70, 71 and 72 in the demo
//! province. The resolutions' numbers, dates and titles are public facts; the tasks, their
//! units, dates and progress are illustrative sample data, chosen so that some tasks are
//! done on time, some late, some on track, some at risk or delayed and some overdue.

use chrono::NaiveDate;

/// A sample resolution.
pub(crate) struct SampleResolution {
    pub code: &'static str,
    pub number: &'static str,
    pub title: &'static str,
    pub issued: (i32, u32, u32),
    pub fields: &'static str,
    /// The agency leading the plan, the agency leading implementation.
    pub agencies: (&'static str, &'static str),
    /// What implementation produces.
    pub work: &'static str,
}

pub(crate) const RESOLUTIONS: &[SampleResolution] = &[
    SampleResolution {
        code: "NQ57",
        number: "57-NQ/TW",
        title: "Đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        issued: (2024, 12, 22),
        fields: "Khoa học, công nghệ; chuyển đổi số",
        agencies: ("TM.SKHCN", "TM.VP"),
        work: "Hoàn thiện nền tảng dữ liệu dùng chung của tỉnh",
    },
    SampleResolution {
        code: "NQ59",
        number: "59-NQ/TW",
        title: "Hội nhập quốc tế trong tình hình mới",
        issued: (2025, 1, 24),
        fields: "Đối ngoại; hội nhập",
        agencies: ("TM.VP", "TM.SCT"),
        work: "Xúc tiến đầu tư, thương mại với các đối tác quốc tế",
    },
    SampleResolution {
        code: "NQ66",
        number: "66-NQ/TW",
        title: "Đổi mới công tác xây dựng và thi hành pháp luật đáp ứng yêu cầu phát triển đất nước trong kỷ nguyên mới",
        issued: (2025, 4, 30),
        fields: "Pháp luật; cải cách hành chính",
        agencies: ("TM.STP", "TM.VP"),
        work: "Rà soát, sửa đổi văn bản quy phạm pháp luật của tỉnh",
    },
    SampleResolution {
        code: "NQ68",
        number: "68-NQ/TW",
        title: "Phát triển kinh tế tư nhân",
        issued: (2025, 5, 4),
        fields: "Kinh tế; doanh nghiệp",
        agencies: ("TM.STC", "TM.SCT"),
        work: "Hỗ trợ doanh nghiệp nhỏ và vừa tiếp cận vốn, mặt bằng",
    },
    SampleResolution {
        code: "NQ70",
        number: "70-NQ/TW",
        title: "Bảo đảm an ninh năng lượng quốc gia đến năm 2030, tầm nhìn đến năm 2045",
        issued: (2025, 8, 20),
        fields: "Năng lượng; công nghiệp",
        agencies: ("TM.SCT", "TM.SXD"),
        work: "Phát triển điện mặt trời mái nhà tại công sở",
    },
    SampleResolution {
        code: "NQ71",
        number: "71-NQ/TW",
        title: "Đột phá phát triển giáo dục và đào tạo",
        issued: (2025, 8, 22),
        fields: "Giáo dục, đào tạo",
        agencies: ("TM.SGDDT", "TM.SNV"),
        work: "Sắp xếp mạng lưới trường học, bổ sung giáo viên",
    },
    SampleResolution {
        code: "NQ72",
        number: "72-NQ/TW",
        title: "Một số giải pháp đột phá, tăng cường bảo vệ, chăm sóc và nâng cao sức khỏe nhân dân",
        issued: (2025, 9, 9),
        fields: "Y tế",
        agencies: ("TM.SYT", "TM.SNV"),
        work: "Khám sức khỏe định kỳ miễn phí cho người dân",
    },
];

/// A sample task: code suffix, parent suffix, title, lead unit, start and deadline
/// offsets, and its progress reports as (days after start, percent).
pub(crate) struct SampleTask {
    pub suffix: String,
    pub parent: Option<String>,
    pub title: String,
    pub lead: String,
    pub start: NaiveDate,
    pub deadline: NaiveDate,
    pub product: &'static str,
    pub updates: Vec<(NaiveDate, f64)>,
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    d + chrono::Duration::days(days)
}

/// The task tree of resolution number `k` (0–6), as of the demo's day.
pub(crate) fn tasks(k: usize, r: &SampleResolution) -> Vec<SampleTask> {
    let issued = day(r.issued.0, r.issued.1, r.issued.2);
    let (planner, doer) = r.agencies;
    let mut out = Vec::new();
    // 1. The provincial plan: done on time, or late for every third resolution.
    let plan_deadline = plus(issued, 75);
    let plan_done = if k % 3 == 2 {
        plus(plan_deadline, 20)
    } else {
        plus(plan_deadline, -8)
    };
    out.push(SampleTask {
        suffix: "1".into(),
        parent: None,
        title: format!(
            "Xây dựng kế hoạch của tỉnh thực hiện Nghị quyết {}",
            r.number
        ),
        lead: planner.into(),
        start: plus(issued, 10),
        deadline: plan_deadline,
        product: "Kế hoạch của UBND tỉnh",
        updates: vec![(plus(issued, 40), 50.0), (plan_done, 100.0)],
    });
    // 2. Implementation by the lead agency in two stages.
    let start = plus(issued, 60);
    out.push(SampleTask {
        suffix: "2".into(),
        parent: None,
        title: r.work.into(),
        lead: doer.into(),
        start,
        deadline: day(2027, 6, 30),
        product: "Báo cáo kết quả",
        updates: Vec::new(),
    });
    let stage1_deadline = day(2026, 6, 30);
    let stage1_done = if k.is_multiple_of(2) {
        day(2026, 6, 20)
    } else {
        day(2026, 7, 25)
    };
    out.push(SampleTask {
        suffix: "2.1".into(),
        parent: Some("2".into()),
        title: "Giai đoạn 1: khảo sát, lập đề án".into(),
        lead: doer.into(),
        start,
        deadline: stage1_deadline,
        product: "Đề án được phê duyệt",
        updates: vec![(day(2026, 3, 15), 40.0), (stage1_done, 100.0)],
    });
    // Stage 2: on track, silent, or far behind, by resolution.
    let stage2 = match k % 3 {
        0 => vec![(day(2026, 9, 10), 30.0), (day(2026, 11, 10), 45.0)],
        1 => vec![(day(2026, 8, 20), 35.0)],
        _ => vec![(day(2026, 10, 30), 10.0)],
    };
    out.push(SampleTask {
        suffix: "2.2".into(),
        parent: Some("2".into()),
        title: "Giai đoạn 2: triển khai thực hiện".into(),
        lead: doer.into(),
        start: day(2026, 7, 1),
        deadline: day(2027, 6, 30),
        product: "Sản phẩm đưa vào sử dụng",
        updates: stage2,
    });
    // 3. Communes carry it out locally, assigned by the province.
    let commune_deadline = if k % 2 == 1 {
        day(2026, 10, 31)
    } else {
        day(2027, 3, 31)
    };
    out.push(SampleTask {
        suffix: "3".into(),
        parent: None,
        title: "Chỉ đạo các xã, phường tổ chức thực hiện tại cơ sở".into(),
        lead: "TM".into(),
        start: plus(issued, 90),
        deadline: commune_deadline,
        product: "Báo cáo của các xã, phường",
        updates: Vec::new(),
    });
    for (j, commune) in [1usize, 2, 3].iter().enumerate() {
        let code = format!("TM.X{:03}", (k * 13 + commune * 7) % 100 + 1);
        let progress = match (k + j) % 4 {
            0 => vec![(day(2026, 10, 1), 60.0), (day(2026, 11, 15), 80.0)],
            1 => vec![(day(2026, 9, 1), 100.0)],
            2 => vec![(day(2026, 6, 1), 30.0)],
            _ => vec![(day(2026, 11, 5), 55.0)],
        };
        out.push(SampleTask {
            suffix: format!("3.{}", j + 1),
            parent: Some("3".into()),
            title: format!("Triển khai tại {code}"),
            lead: code,
            start: plus(issued, 100),
            deadline: commune_deadline,
            product: "Báo cáo kết quả tại xã",
            updates: progress,
        });
    }
    out
}
