//! Snippets: the passage of an article that best matches a query, with the matches marked,
//! in the article's own spelling (diacritics, hamza and clitics as printed).

use std::collections::HashSet;

use khabar_morph::SearchAnalyzer;
use khabar_morph::search::SearchBuffers;
use khabar_text::CharOffsets;

/// A passage of an article. All offsets are Unicode character offsets into the article text.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    /// The passage.
    pub text: String,
    /// Where it starts in the article.
    pub start: u32,
    /// Where it ends in the article.
    pub end: u32,
    /// The matched words, as `[start, end]` offsets into the article (not the passage), in
    /// order.
    pub highlights: Vec<[u32; 2]>,
}

/// Characters of context kept before the first match.
const LEAD: usize = 40;

/// The window of at most `max_chars` characters of `text` with the most distinct matching
/// terms (ties: the earliest), widened to whole words.
pub fn best(text: &str, terms: &HashSet<String>, max_chars: usize) -> Snippet {
    let max_chars = max_chars.max(20);
    let chars = CharOffsets::new(text);
    // (char start, char end, term) of every match.
    let mut matches: Vec<(u32, u32, String)> = Vec::new();
    if !terms.is_empty() {
        SearchBuffers::with_thread_buffers(|buf| {
            SearchAnalyzer::default().terms_into(text, buf, |t| {
                if terms.contains(&t.text) {
                    let (s, e) = chars.convert(t.span);
                    matches.push((s, e, t.text.clone()));
                }
            });
        });
    }
    let total = chars.char_len() as usize;
    let (mut from, mut to) = (0usize, total.min(max_chars));
    if !matches.is_empty() {
        let mut best = (0usize, 0usize);
        let mut distinct = HashSet::new();
        for i in 0..matches.len() {
            distinct.clear();
            let limit = matches[i].0 as usize + max_chars.saturating_sub(LEAD);
            for m in matches[i..].iter().take_while(|m| m.1 as usize <= limit) {
                distinct.insert(m.2.as_str());
            }
            if distinct.len() > best.0 {
                best = (distinct.len(), i);
            }
        }
        from = (matches[best.1].0 as usize).saturating_sub(LEAD);
        to = (from + max_chars).min(total);
        if to == total {
            from = total.saturating_sub(max_chars);
        }
    }
    // Widen to whole words: never cut a word in two.
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    while from > 0 && !cs[from - 1].1.is_whitespace() {
        from -= 1;
    }
    while to < total && !cs[to].1.is_whitespace() {
        to += 1;
    }
    while from < to && cs[from].1.is_whitespace() {
        from += 1;
    }
    while to > from && cs[to - 1].1.is_whitespace() {
        to -= 1;
    }
    let byte = |c: usize| cs.get(c).map_or(text.len(), |&(b, _)| b);
    Snippet {
        text: text[byte(from)..byte(to)].to_string(),
        start: from as u32,
        end: to as u32,
        highlights: matches
            .iter()
            .filter(|m| m.0 as usize >= from && m.1 as usize <= to)
            .map(|m| [m.0, m.1])
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index terms of the words `ts`, as a query would search them.
    fn set(ts: &[&str]) -> HashSet<String> {
        ts.iter()
            .flat_map(|w| SearchAnalyzer::default().terms(w))
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn marks_matches_in_the_original_spelling() {
        let text = "قالَ الوزيرُ إنّ وواشنطن تدعم الحكومة العراقيّة.";
        let s = best(text, &set(&["واشنطن"]), 200);
        assert_eq!(s.text, text);
        let chars: Vec<char> = text.chars().collect();
        let [a, b] = s.highlights[0];
        let marked: String = chars[a as usize..b as usize].iter().collect();
        // The clitic و is not part of the mark.
        assert_eq!(marked, "واشنطن");
    }

    #[test]
    fn picks_the_window_with_most_distinct_terms() {
        let filler = "كلمة ".repeat(100);
        let text = format!("العراق {filler} بلينكن في العراق {filler}");
        let s = best(&text, &set(&["العراق", "بلينكن"]), 60);
        assert!(s.text.contains("بلينكن في العراق"), "{}", s.text);
        assert_eq!(s.highlights.len(), 2);
        let chars: Vec<char> = text.chars().collect();
        let got: String = chars[s.start as usize..s.end as usize].iter().collect();
        assert_eq!(got, s.text);
    }

    #[test]
    fn without_matches_starts_at_the_beginning() {
        let s = best("نص قصير جدا", &set(&[]), 200);
        assert_eq!((s.text.as_str(), s.start, s.end), ("نص قصير جدا", 0, 11));
        assert!(best("", &set(&["x"]), 200).text.is_empty());
    }
}
