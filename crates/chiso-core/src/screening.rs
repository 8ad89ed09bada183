//! Duplicate screening of the catalogue: how alike two indicators are, from their names
//! and definitions (accent-insensitive, word order and common abbreviations tolerated),
//! unit and frequency.

use crate::period::PeriodType;
use crate::text::fold;
use std::collections::BTreeSet;

/// Score from which a pair is flagged as a likely duplicate.
pub const LIKELY_DUPLICATE: f64 = 0.6;

/// Score below which a pair is not shown at all.
pub const SHOWN_FROM: f64 = 0.3;

/// What screening compares of an indicator.
#[derive(Debug, Clone, Copy)]
pub struct Profile<'a> {
    /// Name (Vietnamese, with or without diacritics).
    pub name: &'a str,
    /// Definition.
    pub definition: &'a str,
    /// Unit.
    pub unit: &'a str,
    /// Frequency, when known.
    pub frequency: Option<PeriodType>,
    /// Source.
    pub source: &'a str,
}

/// Common abbreviations in Vietnamese indicator names, folded, with their expansion.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("tthc", "thu tuc hanh chinh"),
    ("cchc", "cai cach hanh chinh"),
    ("dn", "doanh nghiep"),
    ("dnnvv", "doanh nghiep nho va vua"),
    ("nsnn", "ngan sach nha nuoc"),
    ("ns", "ngan sach"),
    ("kt-xh", "kinh te xa hoi"),
    ("ktxh", "kinh te xa hoi"),
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("dtc", "dau tu cong"),
    ("vdt", "von dau tu"),
    ("bhxh", "bao hiem xa hoi"),
    ("bhyt", "bao hiem y te"),
    ("bhtn", "bao hiem that nghiep"),
    ("hs", "ho so"),
    ("sx", "san xuat"),
    ("xk", "xuat khau"),
    ("nk", "nhap khau"),
    ("kcn", "khu cong nghiep"),
    ("ccn", "cum cong nghiep"),
    ("gddt", "giao duc dao tao"),
    ("csdl", "co so du lieu"),
    ("dvc", "dich vu cong"),
    ("dvctt", "dich vu cong truc tuyen"),
    ("tt", "truc tuyen"),
    ("xd", "xay dung"),
    ("cn", "cong nghiep"),
    ("nn", "nong nghiep"),
    ("ldtb", "lao dong thuong binh"),
    ("cbccvc", "can bo cong chuc vien chuc"),
    ("ccvc", "cong chuc vien chuc"),
    ("gpmb", "giai phong mat bang"),
    ("fdi", "dau tu truc tiep nuoc ngoai"),
    ("tp", "thanh pho"),
    ("sl", "so luong"),
    ("bq", "binh quan"),
    ("tb", "trung binh"),
    ("tl", "ty le"),
];

/// Words that carry no meaning for matching. Folding merges some words ("số"/"sơ",
/// "quý"/"quỹ", "năm"/"nam"), so only words without such twins are listed.
const STOP_WORDS: &[&str] = &[
    "cua", "cac", "tren", "dia", "ban", "tinh", "va", "trong", "duoc", "theo", "tai", "cho",
    "nhung", "la", "voi", "ve",
];

/// Pairs of words (folded) that mean opposite things: names sharing everything but one of
/// these are different indicators ("đúng hạn" / "quá hạn").
const OPPOSITES: &[(&str, &str)] = &[
    ("dung han", "qua han"),
    ("dung han", "tre han"),
    ("tang", "giam"),
    ("xuat khau", "nhap khau"),
    ("thanh lap", "giai the"),
    ("thanh lap", "tam ngung"),
    ("thu", "chi"),
    ("nam gioi", "nu gioi"),
    ("thanh thi", "nong thon"),
    ("trong nuoc", "nuoc ngoai"),
];

/// The meaningful words of a text: folded, abbreviations expanded, stop words dropped.
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out = Vec::new();
    for raw in folded.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        let w = raw.trim_matches('-');
        if w.is_empty() {
            continue;
        }
        match ABBREVIATIONS.iter().find(|(a, _)| *a == w) {
            Some((_, full)) => out.extend(full.split(' ').map(str::to_string)),
            None => {
                for part in w.split('-').filter(|p| !p.is_empty()) {
                    if !STOP_WORDS.contains(&part) {
                        out.push(part.to_string());
                    }
                }
            }
        }
    }
    out
}

fn dice<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(b).count() as f64;
    2.0 * common / (a.len() + b.len()) as f64
}

fn trigrams(ws: &[String]) -> BTreeSet<String> {
    let mut sorted = ws.to_vec();
    sorted.sort();
    let joined: Vec<char> = format!("  {}  ", sorted.join(" ")).chars().collect();
    joined
        .windows(3)
        .map(|w| w.iter().collect::<String>())
        .collect()
}

fn text_similarity(a: &str, b: &str) -> Option<f64> {
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return None;
    }
    let sa: BTreeSet<&String> = wa.iter().collect();
    let sb: BTreeSet<&String> = wb.iter().collect();
    Some(0.6 * dice(&sa, &sb) + 0.4 * dice(&trigrams(&wa), &trigrams(&wb)))
}

fn contains_phrase(words: &str, phrase: &str) -> bool {
    format!(" {words} ").contains(&format!(" {phrase} "))
}

fn opposed(a: &str, b: &str) -> bool {
    let (fa, fb) = (words(a).join(" "), words(b).join(" "));
    OPPOSITES.iter().any(|(x, y)| {
        (contains_phrase(&fa, x) && contains_phrase(&fb, y) && !contains_phrase(&fa, y))
            || (contains_phrase(&fa, y) && contains_phrase(&fb, x) && !contains_phrase(&fa, x))
    })
}

/// How alike two indicators are, from 0 (nothing shared) to 1 (same name, definition,
/// unit and frequency).
pub fn similarity(a: &Profile<'_>, b: &Profile<'_>) -> f64 {
    let name = text_similarity(a.name, b.name).unwrap_or(0.0);
    let definition = text_similarity(a.definition, b.definition).unwrap_or(name);
    let unit = if fold(a.unit) == fold(b.unit) {
        1.0
    } else {
        0.0
    };
    let frequency = match (a.frequency, b.frequency) {
        (Some(x), Some(y)) if x == y => 1.0,
        (Some(_), Some(_)) => 0.0,
        _ => 0.5,
    };
    let mut score = 0.75 * name + 0.15 * definition + 0.05 * unit + 0.05 * frequency;
    if opposed(a.name, b.name) {
        score *= 0.5;
    }
    score.clamp(0.0, 1.0)
}

/// Whether two indicators measure the same thing from the same source: a conflict with
/// "one data – one source – one owner".
pub fn same_definition_and_source(a: &Profile<'_>, b: &Profile<'_>) -> bool {
    let def = |p: &Profile<'_>| words(p.definition).join(" ");
    !def(a).is_empty() && def(a) == def(b) && fold(a.source) == fold(b.source)
}

/// The catalogue entries most like `candidate`, best first, with their scores; entries
/// under [`SHOWN_FROM`] are left out.
pub fn rank<'a, K: Clone>(
    candidate: &Profile<'_>,
    catalogue: &[(K, Profile<'a>)],
) -> Vec<(K, f64)> {
    let mut out: Vec<(K, f64)> = catalogue
        .iter()
        .map(|(k, p)| (k.clone(), similarity(candidate, p)))
        .filter(|(_, s)| *s >= SHOWN_FROM)
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str) -> Profile<'_> {
        Profile {
            name,
            definition: "",
            unit: "%",
            frequency: Some(PeriodType::Month),
            source: "",
        }
    }

    #[test]
    fn words_fold_expand_and_drop() {
        assert_eq!(
            words("Tỷ lệ hồ sơ TTHC của tỉnh"),
            vec!["ty", "le", "ho", "so", "thu", "tuc", "hanh", "chinh"]
        );
        assert_eq!(words("KT-XH"), vec!["kinh", "te", "xa", "hoi"]);
    }

    #[test]
    fn accents_order_and_abbreviations_do_not_matter() {
        let a = p("Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn");
        for b in [
            "ty le ho so thu tuc hanh chinh giai quyet dung han",
            "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn",
            "Hồ sơ thủ tục hành chính giải quyết đúng hạn (tỷ lệ)",
        ] {
            assert!(
                similarity(&a, &p(b)) >= LIKELY_DUPLICATE,
                "{b}: {}",
                similarity(&a, &p(b))
            );
        }
    }

    #[test]
    fn opposites_are_not_duplicates() {
        let a = p("Tỷ lệ hồ sơ giải quyết đúng hạn");
        let b = p("Tỷ lệ hồ sơ giải quyết quá hạn");
        assert!(
            similarity(&a, &b) < LIKELY_DUPLICATE,
            "{}",
            similarity(&a, &b)
        );
        let a = p("Kim ngạch xuất khẩu hàng hóa");
        let b = p("Kim ngạch nhập khẩu hàng hóa");
        assert!(similarity(&a, &b) < LIKELY_DUPLICATE);
    }

    #[test]
    fn unrelated_names_score_low() {
        let a = p("Số doanh nghiệp thành lập mới");
        let b = p("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng");
        assert!(similarity(&a, &b) < SHOWN_FROM);
    }

    #[test]
    fn rank_orders_best_first() {
        let cat = vec![
            ("A", p("Thu ngân sách nhà nước trên địa bàn")),
            ("B", p("Tổng thu ngân sách nhà nước")),
            ("C", p("Số bác sĩ trên một vạn dân")),
        ];
        let r = rank(&p("tong thu NSNN"), &cat);
        assert_eq!(r[0].0, "B");
        assert!(r.iter().all(|(k, _)| *k != "C"));
    }

    #[test]
    fn same_definition_and_source_is_a_conflict() {
        let a = Profile {
            definition: "Tổng số hồ sơ tiếp nhận trong kỳ",
            source: "Hệ thống một cửa",
            ..p("Hồ sơ tiếp nhận")
        };
        let b = Profile {
            definition: "tong so ho so tiep nhan trong ky",
            source: "he thong mot cua",
            ..p("Số hồ sơ nhận")
        };
        assert!(same_definition_and_source(&a, &b));
    }
}
