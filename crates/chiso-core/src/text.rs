//! Vietnamese text: NFC normalisation, accent-insensitive folding for search,
//! and a collation key that sorts by the Vietnamese alphabet and then by tone.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Returns `s` in Unicode NFC, the form Chiso stores all Vietnamese text in.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Folds text for search: lower case, diacritics removed (`đ` → `d`), whitespace collapsed.
///
/// "Tăng trưởng  GRDP" and "tang truong grdp" fold to the same string.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            continue;
        }
        for l in c.to_lowercase() {
            out.push(l);
        }
        last_space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// True when every word of `query` occurs (folded) in `haystack`, in any order.
pub fn matches_query(haystack: &str, query: &str) -> bool {
    let h = fold(haystack);
    fold(query)
        .split(' ')
        .all(|w| w.is_empty() || h.contains(w))
}

/// The Vietnamese alphabet's base letters in order; letters outside it sort after by code point.
const VI_ORDER: &[char] = &[
    'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z',
];

/// Tone marks in the conventional order: level, grave, hook, tilde, acute, dot below.
fn tone_rank(c: char) -> Option<u32> {
    match c {
        '\u{300}' => Some(1), // huyền
        '\u{309}' => Some(2), // hỏi
        '\u{303}' => Some(3), // ngã
        '\u{301}' => Some(4), // sắc
        '\u{323}' => Some(5), // nặng
        _ => None,
    }
}

/// A sort key for Vietnamese text: compares letter by letter in the Vietnamese alphabet
/// (a < ă < â < b … d < đ …), then by tone, then by case.
///
/// Use it with `sort_by_key` / `sort_by_cached_key`; plain `str` order puts "Đ" after "Z".
pub fn collation_key(s: &str) -> Vec<u32> {
    let mut primary = Vec::with_capacity(s.len());
    let mut tones = Vec::new();
    let mut cases = Vec::new();
    // Decompose, then recompose only the vowel-quality marks (breve, circumflex, horn)
    // so each base letter is one of VI_ORDER and the tone is a separate mark.
    let mut chars = s.nfd().peekable();
    while let Some(c) = chars.next() {
        if is_combining_mark(c) {
            if let (Some(t), Some(last)) = (tone_rank(c), tones.last_mut()) {
                *last = t;
            }
            continue;
        }
        let mut base = c;
        while let Some(&m) = chars.peek() {
            if tone_rank(m).is_some() || !is_combining_mark(m) {
                break;
            }
            let composed: String = [base, m].iter().collect::<String>().nfc().collect();
            let mut it = composed.chars();
            match (it.next(), it.next()) {
                (Some(x), None) => base = x,
                _ => break,
            }
            chars.next();
        }
        let lower = base.to_lowercase().next().unwrap_or(base);
        cases.push(u32::from(lower != base));
        let rank = match VI_ORDER.iter().position(|&v| v == lower) {
            Some(p) => 0x1_0000 + p as u32,
            None if lower.is_ascii_digit()
                || lower.is_whitespace()
                || lower.is_ascii_punctuation() =>
            {
                lower as u32
            }
            None => 0x2_0000 + lower as u32,
        };
        primary.push(rank);
        tones.push(0);
    }
    let mut key = primary;
    key.push(0);
    key.extend(tones);
    key.push(0);
    key.extend(cases);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_diacritics_and_case() {
        assert_eq!(fold("Tăng trưởng  GRDP"), "tang truong grdp");
        assert_eq!(fold("Đường ĐÔ THỊ"), "duong do thi");
        assert_eq!(fold("  Sở Tài chính "), "so tai chinh");
    }

    #[test]
    fn nfd_and_nfc_fold_alike() {
        let nfd: String = "Tiếng Việt".nfd().collect();
        assert_eq!(fold(&nfd), fold("Tiếng Việt"));
        assert_eq!(nfc(&nfd), "Tiếng Việt");
    }

    #[test]
    fn query_words_in_any_order() {
        assert!(matches_query("Tốc độ tăng trưởng GRDP", "grdp tang truong"));
        assert!(!matches_query("Tốc độ tăng trưởng GRDP", "thu ngan sach"));
    }

    #[test]
    fn vietnamese_alphabet_order() {
        let mut v = vec![
            "Đông", "Dương", "Ân", "An", "Ă", "Bắc", "Zeta", "Ô Môn", "Ơn",
        ];
        v.sort_by_key(|s| collation_key(s));
        assert_eq!(
            v,
            vec![
                "An", "Ă", "Ân", "Bắc", "Dương", "Đông", "Ô Môn", "Ơn", "Zeta"
            ]
        );
    }

    #[test]
    fn tone_breaks_ties_after_letters() {
        let mut v = vec!["má", "mà", "ma", "mạ", "mả", "mã", "mac"];
        v.sort_by_key(|s| collation_key(s));
        assert_eq!(v, vec!["ma", "mà", "mả", "mã", "má", "mạ", "mac"]);
    }
}
