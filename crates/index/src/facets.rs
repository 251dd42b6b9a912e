//! Facet counts from fast string columns.
//!
//! tantivy's `FacetCollector` turns every child facet into a path string to rank them, which
//! took 150 ms over the 31.5k ANT articles. Here each segment counts term ordinals in a plain
//! array while collecting, and only the ordinals that occurred are turned into strings, in one
//! ordered walk of the column's dictionary.

use khabar_morph::Lexicon;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Separates an entity's key from its printed name in the entity columns.
pub(crate) const SEP: char = '\u{1f}';

/// Counts, for each of several multi-valued string fast fields, the matching documents per
/// value, and keeps the `k` most frequent. Values `key` [`SEP`] `name` are counted by key and
/// shown by the name most of the key's documents print; in the entity columns
/// (`entities_*`), misspellings of a name count with it (see [`top_of`]).
pub(crate) struct TermCounts {
    fields: Vec<String>,
    k: usize,
}

impl TermCounts {
    /// The top `k` values of each fast field named.
    pub fn new(fields: Vec<String>, k: usize) -> Self {
        TermCounts { fields, k }
    }
}

pub(crate) struct SegmentCounts {
    columns: Vec<Option<(StrColumn, Vec<u32>)>>,
}

/// The values one segment saw for one field, in term order: all the terms in one buffer.
#[derive(Default)]
pub(crate) struct Seen {
    text: String,
    ends: Vec<usize>,
    counts: Vec<u32>,
}

impl Seen {
    fn term(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

/// Per field, the top values and their numbers of documents, most first (ties: by key).
type Top = Vec<Vec<(String, u64)>>;

impl Collector for TermCounts {
    type Fruit = Top;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        let mut columns = Vec::with_capacity(self.fields.len());
        for f in &self.fields {
            // A segment without any value for the field has no column.
            let col = segment.fast_fields().str(f)?;
            columns.push(col.map(|c| {
                let n = c.num_terms();
                (c, vec![0u32; n])
            }));
        }
        Ok(SegmentCounts { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Seen>>) -> tantivy::Result<Top> {
        let mut per_field: Vec<Vec<Seen>> = (0..self.fields.len()).map(|_| Vec::new()).collect();
        for fruit in fruits {
            for (acc, seen) in per_field.iter_mut().zip(fruit) {
                acc.push(seen);
            }
        }
        let lex = khabar_morph::Segmenter::embedded().lexicon();
        Ok(per_field
            .iter()
            .zip(&self.fields)
            .map(|(segments, f)| {
                let names = f
                    .starts_with(crate::store::ENTITY_COLUMN_PREFIX)
                    .then_some(lex);
                top_of(segments, self.k, names)
            })
            .collect())
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Vec<Seen>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (col, counts) in self.columns.iter_mut().flatten() {
            for ord in col.term_ords(doc) {
                if let Some(c) = counts.get_mut(ord as usize) {
                    *c += 1;
                }
            }
        }
    }

    fn harvest(self) -> Vec<Seen> {
        self.columns
            .into_iter()
            .map(|c| {
                let mut seen = Seen::default();
                let Some((col, counts)) = c else {
                    return seen;
                };
                let ords: Vec<u64> = counts
                    .iter()
                    .enumerate()
                    .filter(|&(_, n)| *n > 0)
                    .map(|(o, _)| o as u64)
                    .collect();
                let mut i = 0;
                // Ordinals come sorted, so the dictionary is walked once.
                let _ = col.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                    if let (Some(&o), Ok(term)) = (ords.get(i), std::str::from_utf8(bytes)) {
                        seen.text.push_str(term);
                        seen.ends.push(seen.text.len());
                        seen.counts.push(counts[o as usize]);
                    }
                    i += 1;
                });
                seen
            })
            .collect()
    }
}

/// One key's count: its documents and the name most of them print.
struct Group<'a> {
    key: &'a str,
    total: u64,
    name: &'a str,
}

/// Merges the segments' sorted lists (equal terms meet, and the values of one key are
/// adjacent, since [`SEP`] sorts before any character of a key) into one count per key, in key
/// order.
fn merge(segments: &[Seen]) -> Vec<Group<'_>> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut heads: BinaryHeap<Reverse<(&str, usize, usize)>> = segments
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.counts.is_empty())
        .map(|(si, s)| Reverse((s.term(0), si, 0)))
        .collect();
    let mut groups: Vec<Group<'_>> = Vec::new();
    // The best name of the last group, with its documents.
    let mut name_n = 0u64;
    // The term being summed across segments.
    let mut term: Option<&str> = None;
    let mut term_n = 0u64;
    loop {
        let next = heads.pop().map(|Reverse((t, si, i))| {
            let s = &segments[si];
            if i + 1 < s.counts.len() {
                heads.push(Reverse((s.term(i + 1), si, i + 1)));
            }
            (t, u64::from(s.counts[i]))
        });
        if let (Some(t), Some((nt, n))) = (term, next)
            && t == nt
        {
            term_n += n;
            continue;
        }
        // `term` is complete: add it to its key.
        if let Some(t) = term {
            let (key, name) = t.split_once(SEP).unwrap_or((t, t));
            match groups.last_mut() {
                Some(g) if g.key == key => {
                    g.total += term_n;
                    if term_n > name_n {
                        g.name = name;
                        name_n = term_n;
                    }
                }
                _ => {
                    groups.push(Group {
                        key,
                        total: term_n,
                        name,
                    });
                    name_n = term_n;
                }
            }
        }
        match next {
            Some((nt, n)) => {
                term = Some(nt);
                term_n = n;
            }
            None => break,
        }
    }
    groups
}

/// The top `k` keys, most documents first (ties: by key), as (name, documents). With a
/// lexicon, a key whose name is one letter off a more frequent key's known name, in a word the
/// corpus does not know (أنتوني بلنكن beside أنتوني بلينكن), is counted with that key, as the
/// entity filter matches it.
fn top_of(segments: &[Seen], k: usize, lex: Option<&Lexicon>) -> Vec<(String, u64)> {
    if k == 0 {
        return Vec::new();
    }
    let mut groups = merge(segments);
    // Groups are in key order, so a tie is broken by index, not by comparing strings (most
    // keys tie at one document).
    let by_count =
        |g: &[Group<'_>], a: usize, b: usize| g[b].total.cmp(&g[a].total).then(a.cmp(&b));
    if let Some(lex) = lex {
        // Only keys that could reach the top can gain variants worth checking.
        let mut order: Vec<usize> = (0..groups.len()).collect();
        let m = (k * 4 + 8).min(order.len());
        if m < order.len() {
            order.select_nth_unstable_by(m, |&a, &b| by_count(&groups, a, b));
            order.truncate(m);
        }
        order.sort_unstable_by(|&a, &b| by_count(&groups, a, b));
        let mut absorbed = vec![false; groups.len()];
        for a in order {
            if absorbed[a] {
                continue;
            }
            let exists = |v: &str| groups.binary_search_by(|g| g.key.cmp(v)).is_ok();
            for v in crate::query::entity_key_variants(lex, groups[a].key, exists) {
                if let Ok(b) = groups.binary_search_by(|g| g.key.cmp(v.as_str()))
                    && b != a
                    && !absorbed[b]
                    && groups[b].total <= groups[a].total
                {
                    groups[a].total += groups[b].total;
                    absorbed[b] = true;
                }
            }
        }
        let mut i = 0;
        groups.retain(|_| {
            i += 1;
            !absorbed[i - 1]
        });
    }
    let mut order: Vec<usize> = (0..groups.len()).collect();
    if k < order.len() {
        order.select_nth_unstable_by(k, |&a, &b| by_count(&groups, a, b));
        order.truncate(k);
    }
    order.sort_unstable_by(|&a, &b| by_count(&groups, a, b));
    order
        .into_iter()
        .map(|i| (groups[i].name.to_string(), groups[i].total))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(terms: &[(&str, u32)]) -> Seen {
        let mut terms = terms.to_vec();
        terms.sort();
        let mut s = Seen::default();
        for (t, n) in terms {
            s.text.push_str(t);
            s.ends.push(s.text.len());
            s.counts.push(n);
        }
        s
    }

    #[test]
    fn spellings_count_under_one_key_shown_by_the_commonest() {
        let a = seen(&[
            ("فواد حسين\u{1f}فؤاد حسين", 3),
            ("فواد حسين\u{1f}فواد حسين", 2),
            ("بغداد\u{1f}بغداد", 6),
            ("بغداد الجديدة\u{1f}بغداد الجديدة", 9),
        ]);
        let b = seen(&[
            ("فواد حسين\u{1f}فؤاد حسين", 2),
            ("عمان\u{1f}عمّان", 1),
            ("بغداد\u{1f}بغداد", 1),
        ]);
        assert_eq!(
            top_of(&[a, b], 3, None),
            [
                ("بغداد الجديدة".to_string(), 9),
                // A tie goes to the first key.
                ("بغداد".to_string(), 7),
                ("فؤاد حسين".to_string(), 7),
            ]
        );
    }

    #[test]
    fn plain_values_and_ties() {
        let a = seen(&[("وكالة ب", 2), ("وكالة أ", 2), ("وكالة ج", 1)]);
        assert_eq!(
            top_of(&[a, Seen::default()], 2, None),
            [("وكالة أ".to_string(), 2), ("وكالة ب".to_string(), 2)]
        );
        assert!(top_of(&[], 3, None).is_empty());
    }
}
