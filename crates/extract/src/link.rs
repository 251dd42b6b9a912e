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
//!   (بلنكن and بلينك for بلينكن), unless the caller knows the two words for two names
//!   (محمد and محمود);
//! - for places and organisations, it equals a member without the article ال; for people, a
//!   member or a tail of one without the article on each word (عابد فهد and عابد الفهد, فهد
//!   and الفهد: a surname is written with and without it).
//!
//! or, when the cluster's first mention has the mention's type,
//! - its words run together equal a member's (عبد الله الثاني and عبدالله الثاني,
//!   أبو ظبي and أبوظبي, كوكا كولا and كوكاكولا);
//! - for a name of two words or more, it differs from a member with as many words in one word,
//!   one edit away, of four letters or more and five in one of the two, without digits, unless
//!   the caller knows the two words for two names (تريزا ماي and تيريزا ماي, كيفن دي بروين and
//!   كيفين دي بروين, بايرن ميونخ and بايرن ميونيخ; not جون كيلي and جون كيري, nor أحمد الشناوي
//!   and محمد الشناوي).
//!
//! A one-word name after a royal title (الملك سلمان) that is the father's name, after بن, in
//! another person's name (محمد بن سلمان) is a first name: it joins only the same king's mentions and the one
//! person whose name begins with it and goes on with بن or a regnal number (سلمان بن
//! عبدالعزيز).
//!
//! Then a person named by a first name alone (جمال) joins the one person whose full name,
//! written twice or more, begins with it (جمال خاشقجي), unless another's name ends with it;
//! and the caller's aliases (a name and its abbreviation in brackets) join their clusters.

use rustc_hash::FxHashMap;

/// Leading words that are titles, not names (as keys).
pub const TITLES: &[&str] = &[
    "الوزير",
    "وزير",
    "الرئيس",
    "رئيس",
    "السيد",
    "السيده",
    "الشيخ",
    "الدكتور",
    "د",
    "الملك",
    "الامير",
    "الاميره",
    "السفير",
    "النائب",
    "العقيد",
    "اللواء",
    "العميد",
    "الجنرال",
    "المستشار",
    "السلطان",
    "الملكه",
    "الزعيم",
    "القائد",
    "المرشد",
    "الامام",
    "البابا",
    "الرئيسه",
    "الوزيره",
    "المبعوث",
    "الناطق",
    "المتحدث",
    "السناتور",
    "الحاخام",
    "الاستاذ",
    "المهندس",
    "المحامي",
    // Ranks and offices the tagger takes into a name (المشير خليفة حفتر).
    "المشير",
    "المقدم",
    "الرائد",
    "النقيب",
    "القاضي",
    "الدكتوره",
];

/// One mention to link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Its type (only mentions of one type are linked).
    pub ty: u8,
    /// The keys of its words, the first without proclitics.
    pub keys: Vec<String>,
    /// A one-word name after a royal title (الملك سلمان, الأمير محمد): a first name, which
    /// joins no one whose surname it is (محمد بن سلمان).
    pub first_name: bool,
}

/// The [`khabar_morph::Foreign`] score above which a word reads as a transliteration: سلمان
/// scores 0.25, ترمب 0.45.
const FOREIGN: f32 = 0.3;

/// Whether word `w` reads as a transliteration to the model of foreign words (`sk`: a buffer).
fn looks_foreign(
    sk: &mut khabar_morph::Skeleton,
    foreign: &khabar_morph::Foreign,
    w: &str,
) -> bool {
    sk.fill(w);
    sk.chars.len() >= 3 && foreign.score(&sk.chars) > FOREIGN
}

/// Other spellings of a name's key: one of its words with a long vowel (ا, و, ي) more or less
/// after its first letter (taken out anywhere after it, put in before the last letter), where
/// both spellings of the word read as a transliteration
/// (ترامب and ترمب, كريستيانو and كرستيانو). Arabic names differ so (حسن and حسين, سلمان and
/// سليمان, محمد and محمود), so a word unless both its spellings read clearly foreign is not
/// varied.
pub fn foreign_spellings(name: &str, foreign: &khabar_morph::Foreign) -> Vec<String> {
    let mut sk = khabar_morph::Skeleton::default();
    let mut looks_foreign = |w: &str| looks_foreign(&mut sk, foreign, w);
    let words: Vec<&str> = name.split(' ').collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if !looks_foreign(w) {
            continue;
        }
        let chars: Vec<char> = w.chars().collect();
        let mut forms = Vec::new();
        for at in 1..chars.len() {
            if matches!(chars[at], 'ا' | 'و' | 'ي') {
                let mut f = chars.clone();
                f.remove(at);
                forms.push(f);
            }
            for v in ['ا', 'و', 'ي'] {
                let mut f = chars.clone();
                f.insert(at, v);
                forms.push(f);
            }
        }
        // Each form differs from the word in length, so from the name.
        for f in forms {
            let f: String = f.into_iter().collect();
            if looks_foreign(&f) {
                let mut v = words.clone();
                v[i] = &f;
                out.push(v.join(" "));
            }
        }
    }
    out
}

/// A name's key without the long vowels (ا, و, ي) after each word's first letter: a name and its
/// [`foreign_spellings`] have the same.
pub fn without_long_vowels(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, w) in name.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for (j, c) in w.chars().enumerate() {
            if j == 0 || !matches!(c, 'ا' | 'و' | 'ي') {
                out.push(c);
            }
        }
    }
    out
}

/// Whether `b` is one of the [`foreign_spellings`] of `a`, tested without making them all.
pub fn is_foreign_spelling(a: &str, b: &str, foreign: &khabar_morph::Foreign) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if wa.len() != wb.len() {
        return false;
    }
    let mut differ = wa.iter().zip(&wb).filter(|(x, y)| x != y);
    let (Some((x, y)), None) = (differ.next(), differ.next()) else {
        return false;
    };
    let (x, y): (Vec<char>, Vec<char>) = (x.chars().collect(), y.chars().collect());
    // y is x with a long vowel taken out at `at` (1..len), or put in at `at` (1..len - 1), as
    // foreign_spellings makes them.
    let taken = |long: &[char], short: &[char], last: usize| {
        long.len() == short.len() + 1
            && (1..=last.min(long.len() - 1)).any(|at| {
                matches!(long[at], 'ا' | 'و' | 'ي')
                    && long[..at] == short[..at]
                    && long[at + 1..] == short[at..]
            })
    };
    let apart = taken(&x, &y, usize::MAX) || (y.len() >= 2 && taken(&y, &x, y.len() - 2));
    let mut sk = khabar_morph::Skeleton::default();
    let mut looks_foreign =
        |w: &[char]| looks_foreign(&mut sk, foreign, &w.iter().collect::<String>());
    apart && looks_foreign(&x) && looks_foreign(&y)
}

/// Levenshtein distance at most one (by characters).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (na, nb) = (a.chars().count(), b.chars().count());
    let ((s, ns), (l, nl)) = if na <= nb {
        ((a, na), (b, nb))
    } else {
        ((b, nb), (a, na))
    };
    if nl - ns > 1 {
        return false;
    }
    let p = s.chars().zip(l.chars()).take_while(|(x, y)| x == y).count();
    if ns == nl {
        return s.chars().skip(p + 1).eq(l.chars().skip(p + 1));
    }
    s.chars().skip(p).eq(l.chars().skip(p + 1))
}

/// Whether a name's keys begin with the أبو, أبي, أبا or أم of a kunya (أبو مازن).
pub fn kunya(keys: &[String]) -> bool {
    keys.first()
        .is_some_and(|w| matches!(w.as_str(), "ابو" | "ابي" | "ابا" | "ام"))
}

/// Whether a name is a run of letter names, an abbreviation (إف بي آي, الإف بي آي).
pub fn letter_names(keys: &[String]) -> bool {
    keys.len() >= 2 && keys.iter().all(|w| strip_al(w).chars().count() <= 3)
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

/// The word with the letter at `i` (a char index) dropped.
fn drop_at(w: &[char], i: usize) -> String {
    w.iter()
        .enumerate()
        .filter(|&(j, _)| j != i)
        .map(|(_, &c)| c)
        .collect()
}

/// Indexes of a growing set of clusters, so that linking costs a few hash probes a mention.
#[derive(Default)]
struct Index {
    /// Whole name (words joined by spaces) -> cluster.
    exact: FxHashMap<String, usize>,
    /// Tail of a person's name -> cluster.
    tail: FxHashMap<String, usize>,
    /// A person's last word of four letters or more, and every form of it with one letter
    /// dropped -> (cluster, the word).
    near: FxHashMap<String, Vec<(usize, String)>>,
    /// Type and name without the article on each word -> cluster (for people also each tail
    /// of the name).
    bare: FxHashMap<(u8, String), usize>,
    /// Hash of a name of two words or more with its words run together -> cluster.
    joined: FxHashMap<u64, usize>,
    /// Hash of a name of two words or more with one word left out (a gap in its place) ->
    /// the last of `gaps` with that hash. The hashes are 64-bit: a collision among a
    /// document's names is not worth a string a word.
    gapped: FxHashMap<u64, u32>,
    /// (cluster, mention, the word's position, the previous entry with the same hash).
    gaps: Vec<(usize, u32, u32, u32)>,
}

/// No previous entry in [`Index::gaps`].
const NONE: u32 = u32::MAX;

/// The hash of the words run together.
fn joined_hash(keys: &[String]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    for k in keys {
        for b in k.bytes() {
            h.write_u8(b);
        }
    }
    h.finish()
}

/// The hashes of the words with the one at each position left out, in order.
fn gap_hashes(keys: &[String]) -> impl Iterator<Item = u64> + '_ {
    use std::hash::{BuildHasher, Hasher};
    let build = rustc_hash::FxBuildHasher;
    (0..keys.len()).map(move |i| {
        let mut h = build.build_hasher();
        for (j, k) in keys.iter().enumerate() {
            h.write_u64(if j == i { u64::MAX } else { build.hash_one(k) });
        }
        h.finish()
    })
}

/// Two spellings of one word of a longer name: one edit apart, four letters or more and five
/// in one of them (كيلي and كيري are two names), no digits (مونديال 2002 and 2006).
fn one_word_variant(a: &str, b: &str) -> bool {
    let (na, nb) = (a.chars().count(), b.chars().count());
    na.min(nb) >= 4
        && na.max(nb) >= 5
        && !a.chars().chain(b.chars()).any(|c| c.is_numeric())
        && within_one_edit(a, b)
}

impl Index {
    fn add(&mut self, keys: &[String], m: usize, c: usize, person: bool, ty: u8) {
        self.exact.entry(keys.join(" ")).or_insert(c);
        if person {
            for k in 1..keys.len() {
                self.tail.entry(keys[k..].join(" ")).or_insert(c);
            }
            if let Some(last) = keys.last() {
                let w: Vec<char> = last.chars().collect();
                if w.len() >= 4 {
                    let mut forms = vec![last.clone()];
                    forms.extend((0..w.len()).map(|i| drop_at(&w, i)));
                    for f in forms {
                        let e = self.near.entry(f).or_default();
                        if !e.iter().any(|x| x.0 == c && x.1 == *last) {
                            e.push((c, last.clone()));
                        }
                    }
                }
            }
        }
        if keys.len() >= 2 {
            self.joined.entry(joined_hash(keys)).or_insert(c);
            for (i, g) in gap_hashes(keys).enumerate() {
                let head = self.gapped.entry(g).or_insert(NONE);
                self.gaps.push((c, m as u32, i as u32, *head));
                *head = (self.gaps.len() - 1) as u32;
            }
        }
        let bare: Vec<&str> = keys.iter().map(|k| strip_al(k)).collect();
        let tails = if person { bare.len() } else { 1 };
        for k in 0..tails {
            self.bare.entry((ty, bare[k..].join(" "))).or_insert(c);
        }
    }

    /// The cluster a mention joins, if any; `person_cluster(c)` tells whether cluster `c` is a
    /// person's, `ty_of(c)` its type.
    fn find(
        &self,
        all: &[&[String]],
        keys: &[String],
        ty: u8,
        person: u8,
        ty_of: &[u8],
        two_names: &dyn Fn(&str, &str) -> bool,
    ) -> Option<usize> {
        let whole = keys.join(" ");
        if let Some(&c) = self.exact.get(&whole) {
            return Some(c);
        }
        let ok = |c: usize| ty_of[c] == ty || ty_of[c] == person;
        if let Some(&c) = self.tail.get(&whole).filter(|&&c| ok(c)) {
            return Some(c);
        }
        if keys.len() == 1 {
            let w: Vec<char> = keys[0].chars().collect();
            if w.len() >= 4 {
                let mut forms = vec![keys[0].clone()];
                forms.extend((0..w.len()).map(|i| drop_at(&w, i)));
                for f in &forms {
                    for (c, word) in self.near.get(f).into_iter().flatten() {
                        if ok(*c) && within_one_edit(&keys[0], word) && !two_names(&keys[0], word) {
                            return Some(*c);
                        }
                    }
                }
            }
        }
        // Spellings of a name, not a surname's: of one type (فيس بوك tagged a person is no
        // reason to make فيسبوك one).
        // (Mentions come longest first: a name of one word meets the joined form of a longer
        // one, never the other way round.)
        if let Some(&c) = self
            .joined
            .get(&joined_hash(keys))
            .filter(|&&c| ty_of[c] == ty)
        {
            return Some(c);
        }
        if keys.len() >= 2 {
            for (g, w) in gap_hashes(keys).zip(keys) {
                let mut at = self.gapped.get(&g).copied().unwrap_or(NONE);
                while let Some(&(c, m, i, previous)) = self.gaps.get(at as usize) {
                    let word = &all[m as usize][i as usize];
                    if ty_of[c] == ty && one_word_variant(w, word) && !two_names(w, word) {
                        return Some(c);
                    }
                    at = previous;
                }
            }
        }
        let bare: Vec<&str> = keys.iter().map(|k| strip_al(k)).collect();
        let bare = bare.join(" ");
        if ty != person {
            return self.bare.get(&(ty, bare)).copied();
        }
        // A person's name with or without the article (الفهد, فهد), as a person's or, when the
        // tagger called the other mention something else, as a name with that type.
        self.bare.get(&(person, bare)).copied().filter(|&c| ok(c))
    }
}

/// Clusters mentions: returns, for each mention, its cluster number (clusters numbered in
/// order of first mention in `mentions`), and for each cluster the index of its fullest mention.
/// `person` tells which type is the person type; `two_names(a, b)` tells whether two words
/// one edit apart are two names rather than one spelt two ways; each pair of `aliases` (indices
/// into `mentions`) names one entity whatever their words. Costs a few hash probes a mention.
pub fn link(
    mentions: &[Mention],
    person: u8,
    two_names: &dyn Fn(&str, &str) -> bool,
    aliases: &[(usize, usize)],
) -> (Vec<u32>, Vec<usize>) {
    let n = mentions.len();
    let keys: Vec<&[String]> = mentions.iter().map(|m| strip_titles(&m.keys)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(keys[i].len()), i));
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    let mut ty_of: Vec<u8> = Vec::new();
    let mut index = Index::default();
    let mut of = vec![usize::MAX; n];
    let mut royal: FxHashMap<&str, usize> = FxHashMap::default();
    for &i in &order {
        let ty = mentions[i].ty;
        // A king's first name that is the father's name in another person's name (الملك سلمان
        // beside محمد بن سلمان) joins only the same king's and the one person whose full name
        // begins with it and goes on with بن or a regnal number (سلمان بن عبدالعزيز), and no
        // mention without the title joins it: وقال عبدالله after الملك عبدالله and وليد
        // عبدالله is وليد عبدالله.
        if mentions[i].first_name && keys[i].len() == 1 && ty == person {
            let w = keys[i][0].as_str();
            // (After بن: the father's name. A surname after a title is a nickname or the
            // title's own sentence: السلطان أردوغان, الملك صلاح, استقبال الملكة لترامب.)
            let later_word = |c: usize| {
                ty_of[c] == person
                    && clusters[c].iter().any(|&j| {
                        keys[j]
                            .windows(2)
                            .any(|p| matches!(p[0].as_str(), "بن" | "ابن") && p[1] == w)
                    })
            };
            let c = match royal.get(w) {
                Some(&c) => Some(c),
                None if (0..clusters.len()).any(later_word) => {
                    // (A royal name goes on with بن or a regnal number: not the tagger's
                    // سلمان للإغاثة, of مركز الملك سلمان للإغاثة.)
                    let mut begins = (0..clusters.len()).filter(|&c| {
                        ty_of[c] == person
                            && clusters[c].iter().any(|&j| {
                                keys[j].len() > 1
                                    && keys[j][0] == w
                                    && matches!(
                                        keys[j][1].as_str(),
                                        "بن" | "ابن"
                                            | "الاول"
                                            | "الثاني"
                                            | "الثالث"
                                            | "الرابع"
                                            | "الخامس"
                                            | "السادس"
                                            | "السابع"
                                            | "الثامن"
                                            | "التاسع"
                                            | "العاشر"
                                    )
                            })
                    });
                    let c = match (begins.next(), begins.next()) {
                        (Some(c), None) => c,
                        _ => {
                            clusters.push(Vec::new());
                            ty_of.push(ty);
                            clusters.len() - 1
                        }
                    };
                    royal.insert(w, c);
                    Some(c)
                }
                None => None,
            };
            if let Some(c) = c {
                clusters[c].push(i);
                of[i] = c;
                continue;
            }
        }
        let c = match index.find(&keys, keys[i], ty, person, &ty_of, two_names) {
            Some(c) => {
                clusters[c].push(i);
                c
            }
            None => {
                clusters.push(vec![i]);
                ty_of.push(ty);
                clusters.len() - 1
            }
        };
        of[i] = c;
        index.add(keys[i], i, c, ty_of[c] == person, ty_of[c]);
    }
    // جمال after جمال خاشقجي: a person named by a first name alone is the one person of the
    // document whose full name begins with it, when only one does, its full name is written
    // twice or more, and no one's name ends with it (حسين, a first name in حسين الحاج حسن, is
    // a surname in فؤاد حسين).
    let people: Vec<usize> = (0..clusters.len())
        .filter(|&c| ty_of[c] == person)
        .collect();
    for &c in &people {
        // (A king's first name has had its rule above.)
        if royal.values().any(|&r| r == c) {
            continue;
        }
        let lone = &clusters[c];
        let Some(w) = lone
            .iter()
            .map(|&i| keys[i])
            .find(|k| k.len() == 1)
            .map(|k| &k[0])
        else {
            continue;
        };
        if lone.iter().any(|&i| keys[i].len() > 1) {
            continue;
        }
        // Written in full twice or more: a tagger's slip (ميركل تفترض) is written once.
        let mut begins = people.iter().copied().filter(|&d| {
            d != c
                && clusters[d]
                    .iter()
                    .filter(|&&i| keys[i].len() > 1 && keys[i][0] == *w)
                    .count()
                    >= 2
        });
        let ends = people.iter().any(|&d| {
            clusters[d]
                .iter()
                .any(|&i| keys[i].len() > 1 && keys[i].last() == Some(w))
        });
        if let (Some(d), None, false) = (begins.next(), begins.next(), ends) {
            for &i in lone {
                of[i] = d;
            }
        }
    }
    for &(i, j) in aliases {
        let (Some(&keep), Some(&gone)) = (of.get(i), of.get(j)) else {
            continue;
        };
        if keep != gone {
            for c in of.iter_mut().filter(|c| **c == gone) {
                *c = keep;
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
    let mut members_of: Vec<Vec<usize>> = vec![Vec::new(); clusters.len()];
    for i in 0..n {
        members_of[of[i]].push(i);
    }
    let mut fullest = vec![0; next as usize];
    for (c, members) in members_of.iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        // Not an abbreviation (مكتب التحقيقات الفدرالي, not إف بي آي; a person's short words,
        // مون جي إن, are a name); the most words;
        // then a name before a kunya (محمود عباس, not أبو مازن); then the most frequent
        // spelling; then the first.
        let mut count: FxHashMap<&[String], usize> = FxHashMap::default();
        for &j in members {
            *count.entry(keys[j]).or_default() += 1;
        }
        let best = members
            .iter()
            .copied()
            .max_by_key(|&i| {
                (
                    mentions[i].ty == person || !letter_names(keys[i]),
                    keys[i].len(),
                    !kunya(keys[i]),
                    count[keys[i]],
                    std::cmp::Reverse(i),
                )
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
            first_name: false,
        }
    }

    /// A king's first name joins the king's full name, not the prince whose surname it is;
    /// the first name alone later, without the title, is not taken from the other person.
    #[test]
    fn royal_first_names() {
        let royal = |s: &str| Mention {
            first_name: true,
            ..m(0, s)
        };
        let ms = [
            m(0, "سلمان بن عبدالعزيز"),
            m(0, "محمد بن سلمان"),
            royal("سلمان"),
            royal("سلمان"),
        ];
        let (ids, _) = link(&ms, 0, &|_, _| false, &[]);
        assert_eq!(ids, [0, 1, 0, 0]);
        // الملك عبدالله, and وليد بن عبدالله: the king is not the father, and عبدالله without
        // a title is the name's; after a title, a surname (السلطان أردوغان) is its person's.
        let ms = [m(0, "وليد بن عبدالله"), royal("عبدالله"), m(0, "عبدالله")];
        let (ids, _) = link(&ms, 0, &|_, _| false, &[]);
        assert_eq!(ids, [0, 1, 0]);
        let (ids, _) = link(
            &[m(0, "رجب طيب أردوغان"), royal("أردوغان")],
            0,
            &|_, _| false,
            &[],
        );
        assert_eq!(ids, [0, 0]);
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

    /// Titles and ranks come off a name's front, never its last word.
    #[test]
    fn titles_and_ranks_come_off() {
        let keys = |s: &str| -> Vec<String> { s.split(' ').map(crate::norm::key).collect() };
        for (with, without) in [
            ("المشير خليفة حفتر", "خليفة حفتر"),
            ("القاضي بريت كافانو", "بريت كافانو"),
            ("الدكتورة ماري قعوار", "ماري قعوار"),
            ("الرئيس النقيب", "النقيب"),
        ] {
            assert_eq!(strip_titles(&keys(with)), keys(without), "{with}");
        }
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
        let (ids, fullest) = link(&ms, 0, &|_, _| false, &[]);
        assert_eq!(ids, [0, 1, 0, 1, 0, 0, 2, 3, 3, 2, 4]);
        assert_eq!(fullest[0], 0);
        assert_eq!(fullest[3], 8);
    }

    /// A first name alone is the one person whose full name, written twice or more, begins
    /// with it; not when two do, nor when it is also someone's surname.
    #[test]
    fn a_first_name_alone() {
        let ms = [
            m(0, "جمال خاشقجي"),
            m(0, "جمال خاشقجي"),
            m(0, "جمال"),
            m(0, "ميركل تفترض"),
            m(0, "ميركل"),
            m(0, "حسين الحاج حسن"),
            m(0, "حسين الحاج حسن"),
            m(0, "فؤاد حسين"),
            m(0, "حسين"),
        ];
        let (ids, _) = link(&ms, 0, &|_, _| false, &[]);
        assert_eq!(ids[2], ids[0]);
        assert_ne!(ids[4], ids[3]);
        // حسين is a tail of فؤاد حسين, so it joins that person, not حسين الحاج حسن.
        assert_eq!(ids[8], ids[7]);
        assert_ne!(ids[8], ids[5]);
    }

    /// A person's name written with and without the article on a word is one person; other
    /// names are not linked by it.
    #[test]
    fn the_article_on_a_surname() {
        let ms = [
            m(0, "عابد فهد"),
            m(0, "عابد الفهد"),
            m(0, "الفهد"),
            m(0, "فهد"),
            m(0, "تيم حسن"),
            m(0, "الحسن"),
            m(1, "الرياض"),
            m(1, "رياض"),
        ];
        let (ids, _) = link(&ms, 0, &|_, _| false, &[]);
        assert_eq!(ids, [0, 0, 0, 0, 1, 1, 2, 2]);
        // Not across types: the place الرياض and the person رياض.
        let (ids, _) = link(&[m(1, "الرياض"), m(0, "رياض")], 0, &|_, _| false, &[]);
        assert_eq!(ids, [0, 1]);
    }

    /// A name written with its words run together, or with one word spelt another way, is one
    /// name; two words one edit apart that are short or that the caller knows for two names
    /// are not; aliases join.
    #[test]
    fn spellings_of_longer_names() {
        let ms = [
            m(0, "عبد الله الثاني"),
            m(0, "عبدالله الثاني"),
            m(1, "أبو ظبي"),
            m(1, "أبوظبي"),
            m(0, "تيريزا ماي"),
            m(0, "تريزا ماي"),
            m(0, "جون كيلي"),
            m(0, "جون كيري"),
            m(2, "بايرن ميونيخ"),
            m(2, "بايرن ميونخ"),
            m(3, "مونديال 2002"),
            m(3, "مونديال 2006"),
            m(0, "أحمد الشناوي"),
            m(0, "محمد الشناوي"),
        ];
        let known = |w: &str| w == "احمد" || w == "محمد";
        let (ids, _) = link(&ms, 0, &|a, b| known(a) && known(b), &[]);
        assert_eq!(ids[1], ids[0]);
        assert_eq!(ids[3], ids[2]);
        assert_eq!(ids[5], ids[4]);
        assert_ne!(ids[7], ids[6]);
        assert_eq!(ids[9], ids[8]);
        assert_ne!(ids[11], ids[10]);
        assert_ne!(ids[13], ids[12]);
        let ms = [
            m(2, "الاتحاد الدولي لكرة القدم"),
            m(2, "فيفا"),
            m(2, "الفيفا"),
            m(2, "يويفا"),
        ];
        let (ids, fullest) = link(&ms, 0, &|_, _| false, &[(0, 1)]);
        assert_eq!(ids, [0, 0, 0, 1]);
        assert_eq!(fullest[0], 0);
    }

    /// Two names one edit apart (محمد, محمود) stay apart when the caller says so.
    #[test]
    fn two_names_one_edit_apart_stay_apart() {
        let ms = [
            m(0, "احمد عبدالله محمود"),
            m(0, "محمد"),
            m(0, "بلينكن"),
            m(0, "بلنكن"),
        ];
        let (ids, _) = link(&ms, 0, &|_, _| false, &[]);
        assert_eq!(ids, [0, 0, 1, 1]);
        let known = |w: &str| w == "محمد" || w == "محمود";
        let (ids, _) = link(&ms, 0, &|a, b| known(a) && known(b), &[]);
        assert_eq!(ids, [0, 1, 2, 2]);
    }
}
