//! "Did you mean ...?": the nearest candidate name by edit distance.

/// Edit distance over chars where swapping two neighbours counts as one edit (optimal string
/// alignment), since `pritn` for `print` is the commonest typo.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to `name`, if it is close enough to be a likely typo (at most a third
/// of the name's length, at least one edit for names of three or more letters), or equal
/// ignoring case. Very short names get no guesses: `z` is rarely a typo of `x`.
pub(crate) fn nearest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let len = name.chars().count();
    let limit = if len < 3 { 0 } else { (len / 3).max(1) };
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name || c.starts_with('_') {
            continue;
        }
        let d = if c.eq_ignore_ascii_case(name) {
            0
        } else {
            distance(name, c)
        };
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos() {
        assert_eq!(
            nearest("cout", ["count", "total"].into_iter()),
            Some("count".into())
        );
        assert_eq!(nearest("x", ["y", "zz"].into_iter()), None);
        assert_eq!(
            nearest("pritn", ["print"].into_iter()),
            Some("print".into())
        );
        assert_eq!(
            nearest("Piont", ["Point"].into_iter()),
            Some("Point".into())
        );
        assert_eq!(nearest("total", ["count"].into_iter()), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
