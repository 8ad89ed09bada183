//! The duplicate finder against the demo catalogue: 30 hand-made near-duplicates of
//! catalogue indicators (without diacritics, reordered, abbreviated) and 30 indicators
//! that are not in it. Prints the figures; `cargo test -p chiso-app --test screening -- --nocapture`.
#![allow(clippy::unwrap_used)]

use chiso_app::demo::dataset::generate;
use chiso_core::screening::{LIKELY_DUPLICATE, Profile, rank};

/// (candidate name, code of the catalogue indicator it duplicates)
const DUPLICATES: &[(&str, &str)] = &[
    (
        "ty le ho so thu tuc hanh chinh giai quyet dung han",
        "PA_TTHC_ONTIME",
    ),
    ("Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến", "PA_ONLINE_SHARE"),
    ("Tổng thu NSNN trên địa bàn", "FIN_REVENUE_TOTAL"),
    ("Số DN thành lập mới", "ENT_NEW_REGISTRATIONS"),
    ("Kim ngach xuat khau hang hoa", "ECO_EXPORT_VALUE"),
    ("Tốc độ tăng trưởng GRDP", "ECO_GRDP_GROWTH"),
    ("Bình quân GRDP đầu người", "ECO_GRDP_PER_CAPITA"),
    (
        "Tỷ lệ giải ngân vốn ĐTC lũy kế từ đầu năm",
        "INV_PUBLIC_DISBURSE_RATE",
    ),
    (
        "ty le ho ngheo theo chuan ngheo da chieu",
        "SOC_POOR_HOUSEHOLDS",
    ),
    ("So bac si tren 10.000 dan", "SOC_DOCTORS_PER_10K"),
    ("Tỷ lệ dân số tham gia BHYT", "SOC_HEALTH_INSURANCE"),
    ("Tỷ lệ lực lượng lao động tham gia BHXH", "SOC_SI_COVERAGE"),
    ("Số lượt khách du lịch đến tỉnh", "ECO_TOURIST_ARRIVALS"),
    (
        "Tong muc ban le hang hoa va doanh thu dich vu tieu dung",
        "ECO_RETAIL_SALES",
    ),
    ("Tỷ lệ lấp đầy KCN", "INV_IZ_OCCUPANCY"),
    ("Năng lực cạnh tranh cấp tỉnh (chỉ số PCI)", "ENT_PCI"),
    ("Chi so hai long ve su phuc vu hanh chinh SIPAS", "PA_SIPAS"),
    ("Tỷ lệ thất nghiệp ở khu vực thành thị", "SOC_UNEMPLOYMENT"),
    ("Số DN tạm ngừng kinh doanh có thời hạn", "ENT_SUSPENDED"),
    ("Số doanh nghiệp giải thể", "ENT_DISSOLVED"),
    ("Tỷ lệ văn bản đi ký số, gửi nhận điện tử", "PA_E_DOCUMENTS"),
    (
        "Dư nợ tín dụng của tổ chức tín dụng",
        "ECO_CREDIT_OUTSTANDING",
    ),
    (
        "Tỷ lệ trẻ dưới 5 tuổi suy dinh dưỡng thấp còi",
        "SOC_STUNTING",
    ),
    ("Số hồ sơ TTHC tiếp nhận", "PA_DOSSIERS_RECEIVED"),
    (
        "Vốn FDI đăng ký cấp mới và điều chỉnh",
        "INV_FDI_REGISTERED",
    ),
    ("Thu tien su dung dat", "FIN_LAND_USE_REVENUE"),
    (
        "Tỷ lệ chất thải rắn sinh hoạt được thu gom và xử lý",
        "SOC_WASTE_COLLECTED",
    ),
    ("Số giấy phép xây dựng đã cấp", "INV_CONSTRUCTION_PERMITS"),
    ("Chỉ số sản xuất công nghiệp IIP", "ECO_IIP_GROWTH"),
    ("Tỷ lệ đô thị hoá", "INV_URBANISATION"),
];

/// Indicators that are not in the catalogue.
const NOT_DUPLICATES: &[&str] = &[
    "Số vụ cháy nổ trên địa bàn",
    "Tỷ lệ che phủ rừng",
    "Số km đường sắt đô thị",
    "Tỷ lệ học sinh đi học đúng độ tuổi cấp tiểu học",
    "Số lượt người sử dụng thư viện công cộng",
    "Sản lượng thủy sản khai thác",
    "Số vụ vi phạm an toàn thực phẩm",
    "Tỷ lệ hộ dân có kết nối internet cáp quang",
    "Số người nhiễm HIV phát hiện mới",
    "Diện tích rừng trồng mới tập trung",
    "Lượng khí thải CO2 bình quân đầu người",
    "Số cuộc họp trực tuyến của UBND tỉnh",
    "Tỷ lệ xã đạt chuẩn nông thôn mới",
    "Số di tích được xếp hạng",
    "Số vận động viên đạt huy chương quốc gia",
    "Tỷ lệ sinh con thứ ba trở lên",
    "Số ca mắc sốt xuất huyết",
    "Chiều dài đê điều được kiên cố hóa",
    "Số camera giám sát an ninh được lắp đặt",
    "Tỷ lệ người cao tuổi được chăm sóc sức khỏe ban đầu",
    "Số tàu cá được lắp thiết bị giám sát hành trình",
    "Lượng mưa trung bình năm",
    "Số trạm sạc xe điện công cộng",
    "Tỷ lệ nước thải đô thị được xử lý",
    "Số lượt hành khách đi xe buýt",
    "Số bằng sáng chế được cấp",
    "Số hợp đồng đưa người lao động đi làm việc ở nước ngoài",
    "Giá trị sản xuất ngành thủy sản",
    "Tỷ lệ trẻ em được học bơi",
    "Số điểm truy cập wifi miễn phí",
];

fn profile(name: &str) -> Profile<'_> {
    Profile {
        name,
        definition: "",
        unit: "",
        frequency: None,
        source: "",
    }
}

#[test]
fn duplicate_finder_on_sixty_hand_made_cases() {
    let data = generate(chiso_app::seed::DEMO_SEED);
    let catalogue: Vec<(&str, Profile<'_>)> = data
        .indicators
        .iter()
        .map(|i| (i.code.as_str(), profile(&i.sheet.name_vi)))
        .collect();
    let mut first = 0;
    let mut misses = Vec::new();
    for (candidate, expected) in DUPLICATES {
        assert!(
            catalogue.iter().any(|(c, _)| c == expected),
            "{expected} in the demo"
        );
        let ranked = rank(&profile(candidate), &catalogue);
        if ranked.first().map(|r| r.0) == Some(*expected) {
            first += 1;
        } else {
            misses.push(format!(
                "{candidate} → {:?} (wanted {expected})",
                ranked.first()
            ));
        }
    }
    let mut flagged = Vec::new();
    for candidate in NOT_DUPLICATES {
        let ranked = rank(&profile(candidate), &catalogue);
        if let Some((code, score)) = ranked.first()
            && *score >= LIKELY_DUPLICATE
        {
            flagged.push(format!("{candidate} ~ {code} ({score:.2})"));
        }
    }
    println!(
        "duplicate finder: true duplicate ranked first for {first}/30; {} of 30 non-duplicates flagged",
        flagged.len()
    );
    for m in &misses {
        println!("  miss: {m}");
    }
    for f in &flagged {
        println!("  false flag: {f}");
    }
    assert!(first >= 27, "ranked first {first}/30: {misses:#?}");
    assert!(flagged.len() <= 3, "false flags: {flagged:#?}");
}
