//! Linking the mentions of one entity within a document: every spelling of a name gets the
//! same `cluster` and the fullest form as `canonical`.
//!
//! Mentions are compared by their word keys ([`crate::norm`]: hamza, ya/alef maqsura and ta
//! marbuta folded, marks dropped), without proclitics and without a leading title (الوزير,
//! الرئيس, السيد...). Longer mentions are placed first, so a full name founds its cluster and
//! its shorter forms join it. A mention joins a cluster when
//!
//! - its words equal those of a member (واشنطن, وواشنطن, لواشنطن), whatever the types;
//!
//! or, when the cluster's first mention has the mention's type or is a person (the tagger may
//! call a surname alone an organisation),
//! - for people, it is a tail of a member's words (حسين, الكاظمي after فؤاد حسين, مصطفى
//!   الكاظمي), or a single word one edit away from a member's word of at least four letters
//!   (بلنكن and بلينك for بلينكن);
//! - for places and organisations, it equals a member without the article ال.

/// Leading words that are titles, not names (as keys).
pub const TITLES: &[&str] = &[
    "الوزير", "وزير", "الرئيس", "رئيس", "السيد", "السيده", "الشيخ", "الدكتور", "د", "الملك",
    "الامير", "الاميره", "السفير", "النائب", "العقيد", "اللواء", "العميد", "الجنرال",
    "المستشار", "الزعيم", "القائد", "المرشد", "الامام", "البابا", "الرئيسه", "الوزيره",
    "المبعوث", "الناطق", "المتحدث", "السناتور", "الحاخام", "الاستاذ", "المهندس", "المحامي",
];

/// One mention to link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Its type (only mentions of one type are linked).
    pub ty: u8,
    /// The keys of its words, the first without proclitics.
    pub keys: Vec<String>,
}

/// Levenshtein distance at most one (by characters).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (s, l) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if l.len() - s.len() > 1 {
        return false;
    }
    let p = s.iter().zip(l.iter()).take_while(|(x, y)| x == y).count();
    if s.len() == l.len() {
        return s[p + 1.min(s.len() - p)..] == l[p + 1.min(l.len() - p)..];
    }
    s[p..] == l[p + 1..]
}

/// Strips leading title words from a mention's keys (keeping at least one word).
pub fn strip_titles(keys: &[String]) -> &[String] {
    let mut k = keys;
    while k.len() > 1 && TITLES.contains(&k[0].as_str()) {
        k = &k[1..];
    }
    k
}

fn strip_al(k: &str) -> &str {
    match k.strip_prefix("ال") {
        Some(r) if r.chars().count() >= 2 => r,
        _ => k,
    }
}

fn compatible(m: &[String], member: &[String], person: bool) -> bool {
    if m == member {
        return true;
    }
    if person {
        if m.len() < member.len() && member.ends_with(m) {
            return true;
        }
        if m.len() == 1 {
            let w = &m[0];
            return member.last().is_some_and(|x| {
                x.chars().count() >= 4 && w.chars().count() >= 4 && within_one_edit(w, x)
            });
        }
        if m.len() == member.len() {
            return m.iter().zip(member).all(|(a, b)| a == b || (a.chars().count() >= 4 && within_one_edit(a, b)));
        }
        return false;
    }
    m.len() == member.len() && m.iter().zip(member).all(|(a, b)| strip_al(a) == strip_al(b))
}

/// Clusters mentions: returns, for each mention, its cluster number (clusters numbered in
/// order of first mention in `mentions`), and for each cluster the index of its fullest mention.
/// `person` tells which type is the person type.
pub fn link(mentions: &[Mention], person: u8) -> (Vec<u32>, Vec<usize>) {
    let n = mentions.len();
    let keys: Vec<&[String]> = mentions.iter().map(|m| strip_titles(&m.keys)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(keys[i].len()), i));
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    let mut of = vec![usize::MAX; n];
    for &i in &order {
        let ty = mentions[i].ty;
        // The same words link whatever the tagger's type (one name, one entity per article);
        // the looser rules need the same type.
        let found = clusters
            .iter()
            .position(|c| c.iter().any(|&j| keys[i] == keys[j]))
            .or_else(|| {
                clusters.iter().position(|c| {
                    let cty = mentions[c[0]].ty;
                    (cty == ty || cty == person)
                        && c.iter().any(|&j| compatible(keys[i], keys[j], cty == person))
                })
            });
        match found {
            Some(c) => {
                clusters[c].push(i);
                of[i] = c;
            }
            None => {
                of[i] = clusters.len();
                clusters.push(vec![i]);
            }
        }
    }
    // Renumber by first mention in text order.
    let mut renum = vec![u32::MAX; clusters.len()];
    let mut next = 0;
    let mut ids = vec![0; n];
    for i in 0..n {
        let c = of[i];
        if renum[c] == u32::MAX {
            renum[c] = next;
            next += 1;
        }
        ids[i] = renum[c];
    }
    let mut fullest = vec![0; next as usize];
    for (c, members) in clusters.iter().enumerate() {
        // The most words; then the most frequent spelling; then the first.
        let best = members
            .iter()
            .copied()
            .max_by_key(|&i| {
                let same = members.iter().filter(|&&j| keys[j] == keys[i]).count();
                (keys[i].len(), same, std::cmp::Reverse(i))
            })
            .unwrap_or(members[0]);
        fullest[renum[c] as usize] = best;
    }
    (ids, fullest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(ty: u8, s: &str) -> Mention {
        Mention {
            ty,
            keys: s.split(' ').map(crate::norm::key).collect(),
        }
    }

    #[test]
    fn edits() {
        assert!(within_one_edit("بلنكن", "بلينكن"));
        assert!(within_one_edit("بلينك", "بلينكن"));
        assert!(within_one_edit("بلينكن", "بلينكن"));
        assert!(!within_one_edit("بلك", "بلينكن"));
        assert!(within_one_edit("abcd", "abxd"));
        assert!(!within_one_edit("abcd", "axxd"));
    }

    #[test]
    fn spellings_and_surnames_link() {
        let ms = [
            m(0, "انتوني بلينكن"),
            m(0, "فؤاد حسين"),
            m(0, "بلينكن"),
            m(0, "الوزير حسين"),
            m(0, "بلنكن"),
            m(0, "بلينك"),
            m(1, "بغداد"),
            m(0, "الكاظمي"),
            m(0, "مصطفى الكاظمي"),
            m(1, "بغداد"),
            m(1, "واشنطن"),
        ];
        let (ids, fullest) = link(&ms, 0);
        assert_eq!(ids, [0, 1, 0, 1, 0, 0, 2, 3, 3, 2, 4]);
        assert_eq!(fullest[0], 0);
        assert_eq!(fullest[3], 8);
    }
}
