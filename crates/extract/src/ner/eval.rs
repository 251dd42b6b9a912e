//! Reading CoNLL-style NER files and exact-span scoring.
//!
//! The reader takes one `token TAG` a line (space- or tab-separated: the tag is what follows
//! the last whitespace, so a token may contain a space, as a few ANERcorp lines do), blank
//! lines between sentences, BIO tags with ANERcorp or WikiFANE labels
//! ([`EntityType::from_label`]). It strips a byte-order mark, carriage returns and the
//! left-to-right marks WikiFANE puts before each token. A line without a tag or with an unknown
//! label is an error naming the line.
//!
//! Scoring is CoNLL 2003's: an entity counts as found when its type and its first and last
//! token are exactly those of a gold entity; precision, recall and F1 are micro-averaged.

use super::{EntityType, Tag, begin, inside, spans};
use crate::ExtractError;

/// One sentence of a CoNLL file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The tokens.
    pub words: Vec<String>,
    /// Their tags.
    pub tags: Vec<Tag>,
    /// 1-based line of the first token.
    pub line: usize,
}

fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}'
    )
}

/// Parses a CoNLL NER file.
pub fn parse_conll(text: &str) -> Result<Vec<Sentence>, ExtractError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let line = line.trim_start_matches(invisible);
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let err = |message: String| ExtractError::Conll {
            line: line_no,
            message,
        };
        let line = line.trim_end();
        let Some(cut) = line.rfind([' ', '\t']) else {
            return Err(err(format!("`{line}`: expected a token and a tag")));
        };
        let (word, tag) = (
            line[..cut].trim_matches(|c: char| c.is_whitespace() || invisible(c)),
            &line[cut + 1..],
        );
        let tag = match tag {
            "O" => 0,
            _ => {
                let (bio, label) = match tag.split_once('-') {
                    Some((b @ ("B" | "I"), l)) => (b, l),
                    _ => {
                        return Err(err(format!(
                            "`{tag}` is not a BIO tag (O, B-TYPE or I-TYPE)"
                        )));
                    }
                };
                match EntityType::from_label(label) {
                    Ok(Some(t)) if bio == "B" => begin(t),
                    Ok(Some(t)) => inside(t),
                    Ok(None) => 0,
                    Err(e) => return Err(err(e.to_string())),
                }
            }
        };
        if cur.words.is_empty() {
            cur.line = line_no;
        }
        cur.words.push(word.to_string());
        cur.tags.push(tag);
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

pub use khabar_text::metrics::Counts;

/// Overall and per-type counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scores {
    /// All types.
    pub overall: Counts,
    /// By type, in [`EntityType::ALL`] order.
    pub by_type: [Counts; 4],
    /// Tokens scored.
    pub tokens: usize,
}

impl Scores {
    /// Adds one sentence's gold and predicted tags.
    pub fn add(&mut self, gold: &[Tag], pred: &[Tag]) {
        let g = spans(gold);
        let p = spans(pred);
        self.tokens += gold.len();
        let mut c = [Counts::default(); 4];
        for s in &g {
            c[s.2 as usize].gold += 1;
        }
        for s in &p {
            c[s.2 as usize].system += 1;
            if g.contains(s) {
                c[s.2 as usize].correct += 1;
            }
        }
        for (k, x) in c.into_iter().enumerate() {
            self.by_type[k] += x;
            self.overall += x;
        }
    }

    /// Adds other scores.
    pub fn merge(&mut self, o: &Scores) {
        self.overall += o.overall;
        for k in 0..4 {
            self.by_type[k] += o.by_type[k];
        }
        self.tokens += o.tokens;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_formats_and_reports_lines() {
        let s = parse_conll("\u{FEFF}فؤاد B-PERS\nحسين I-PERS\n، O\n\n\u{200E}بغداد\tB-Population-Center\r\n\u{200E}العرب\tB-Group\r\nالصالحية ونايفة O\n").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words, ["فؤاد", "حسين", "،"]);
        assert_eq!(s[0].tags, [1, 2, 0]);
        assert_eq!(s[1].words, ["بغداد", "العرب", "الصالحية ونايفة"]);
        assert_eq!(s[1].tags, [3, 0, 0]);
        assert_eq!(s[1].line, 5);
        let e = parse_conll("a O\nb B-XYZ\n").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        let e = parse_conll("a O\nlonely\n").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        assert!(parse_conll("a Q-PER\n").is_err());
    }

    #[test]
    fn exact_span_scoring() {
        let mut s = Scores::default();
        // gold: PER(0,2) LOC(3,4); system: PER(0,1) LOC(3,4)
        s.add(&[1, 2, 0, 3], &[1, 0, 0, 3]);
        assert_eq!(
            s.overall,
            Counts {
                gold: 2,
                system: 2,
                correct: 1
            }
        );
        assert_eq!(
            s.by_type[1],
            Counts {
                gold: 1,
                system: 1,
                correct: 1
            }
        );
        assert!((s.overall.f1() - 0.5).abs() < 1e-9);
    }
}
