//! "Did you mean …?": the closest known name by edit distance.

/// The edit distance between `a` and `b`, ignoring ASCII case: insertions,
/// deletions, substitutions and swaps of two neighbouring characters each
/// count 1 (optimal string alignment), so `ECO_GRPD` is 1 away from `ECO_GRDP`.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let width = b.len() + 1;
    // rows[i][j] = distance between a[..i] and b[..j], kept as three rows.
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut best = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                best = best.min(before[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The largest distance at which a name still counts as a likely typo of a
/// word `len` characters long.
fn tolerance(len: usize) -> usize {
    match len {
        0..=3 => 1,
        4..=8 => 2,
        _ => len / 4,
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// typo; ties go to the candidate that sorts first. An exact match is not
/// suggested unless it differs in case.
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = tolerance(word.chars().count());
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let d = distance(word, candidate);
        if d > limit {
            continue;
        }
        let better = match best {
            None => true,
            Some((bd, bc)) => d < bd || (d == bd && candidate < bc),
        };
        if better {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("ECO_GRPD", "ECO_GRDP"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("abc", ""), 3);
        assert_eq!(distance("max", "MAX"), 0);
        assert_eq!(distance("coalese", "coalesce"), 1);
        assert_eq!(distance("ca", "abc"), 3);
        assert_eq!(distance("sở", "so"), 1);
    }

    #[test]
    fn closest_picks_the_nearest_likely_typo() {
        let codes = ["ECO_GRDP", "ECO_GRDP_GROWTH", "FIN_REVENUE"];
        assert_eq!(
            closest("ECO_GRPD", codes).as_deref(),
            Some("ECO_GRDP")
        );
        assert_eq!(closest("eco_grdp", codes).as_deref(), Some("ECO_GRDP"));
        assert_eq!(closest("SOC_POPULATION", codes), None);
        assert_eq!(closest("ECO_GRDP", codes), None);
        assert_eq!(closest("A", ["B", "C"]).as_deref(), Some("B"));
        assert_eq!(closest("AB", ["XY"]), None);
    }
}
