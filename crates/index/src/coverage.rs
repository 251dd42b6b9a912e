//! A disjunction that rewards covering more of the query.
//!
//! BM25 over OR-ed words lets one word that an article repeats outweigh the other words of
//! the query: of three paragraphs about the Ottoman state, the one about its northern border
//! should win the question about the northern border, although all three say العثمانية
//! often. Lucene's classic similarity multiplied by a coordination factor (the share of query
//! words matched) for this; BM25 in tantivy has none. [`CoverageQuery`] sums the scores of its
//! groups (one group per query word: the word in every field, its stem, its variants) and
//! scales the sum by the share of the query's weight the document covers, each word weighing
//! its inverse document frequency, raised to a power.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

/// Groups of clauses, each with the weight it adds to the coverage when it matches.
pub(crate) struct CoverageQuery {
    groups: Vec<(Box<dyn Query>, Score)>,
    power: Score,
}

impl Clone for CoverageQuery {
    fn clone(&self) -> Self {
        CoverageQuery {
            groups: self
                .groups
                .iter()
                .map(|(q, w)| (q.box_clone(), *w))
                .collect(),
            power: self.power,
        }
    }
}

impl fmt::Debug for CoverageQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CoverageQuery")
            .field("groups", &self.groups)
            .field("power", &self.power)
            .finish()
    }
}

impl CoverageQuery {
    /// `groups`: a query and its coverage weight (0 for evidence that does not count towards
    /// coverage). A document's score is the sum of its groups' scores times
    /// `(covered weight / total weight) ^ power`.
    pub(crate) fn new(groups: Vec<(Box<dyn Query>, Score)>, power: Score) -> Self {
        CoverageQuery { groups, power }
    }
}

impl Query for CoverageQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let groups = self
            .groups
            .iter()
            .map(|(q, w)| Ok((q.weight(enable_scoring)?, *w)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let total = groups.iter().map(|g| g.1).sum();
        Ok(Box::new(CoverageWeight {
            groups,
            total,
            power: self.power,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for (q, _) in &self.groups {
            q.query_terms(visitor);
        }
    }
}

struct CoverageWeight {
    groups: Vec<(Box<dyn Weight>, Score)>,
    total: Score,
    power: Score,
}

impl CoverageWeight {
    fn factor(&self, covered: Score) -> Score {
        if self.total <= 0.0 || self.power == 0.0 {
            1.0
        } else {
            (covered / self.total).powf(self.power)
        }
    }
}

impl Weight for CoverageWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut children = Vec::with_capacity(self.groups.len());
        for (w, cover) in &self.groups {
            let s = w.scorer(reader, boost)?;
            if s.doc() != TERMINATED {
                children.push((s, *cover));
            }
        }
        let mut scorer = CoverageScorer {
            children,
            doc: TERMINATED,
            total: self.total,
            power: self.power,
        };
        scorer.doc = scorer.min_doc();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut sum = 0.0;
        let mut covered = 0.0;
        let mut details = Vec::new();
        for (w, cover) in &self.groups {
            let mut s = w.scorer(reader, 1.0)?;
            if s.seek(doc) == doc {
                sum += s.score();
                covered += cover;
                details.push(w.explain(reader, doc)?);
            }
        }
        if details.is_empty() {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        let factor = self.factor(covered);
        let mut e = Explanation::new("sum of the matching groups × coverage", sum * factor);
        e.add_const("coverage factor", factor);
        for d in details {
            e.add_detail(d);
        }
        Ok(e)
    }
}

struct CoverageScorer {
    children: Vec<(Box<dyn Scorer>, Score)>,
    doc: DocId,
    total: Score,
    power: Score,
}

impl CoverageScorer {
    fn min_doc(&self) -> DocId {
        self.children
            .iter()
            .map(|c| c.0.doc())
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl DocSet for CoverageScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let current = self.doc;
        for (c, _) in &mut self.children {
            if c.doc() == current {
                c.advance();
            }
        }
        self.doc = self.min_doc();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for (c, _) in &mut self.children {
            if c.doc() < target {
                c.seek(target);
            }
        }
        self.doc = self.min_doc();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.children
            .iter()
            .map(|c| c.0.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for CoverageScorer {
    fn score(&mut self) -> Score {
        let mut sum = 0.0;
        let mut covered = 0.0;
        for (c, cover) in &mut self.children {
            if c.doc() == self.doc {
                sum += c.score();
                covered += *cover;
            }
        }
        if self.total <= 0.0 || self.power == 0.0 {
            sum
        } else {
            sum * (covered / self.total).powf(self.power)
        }
    }
}
