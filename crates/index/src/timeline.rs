//! Article counts over time: how many of the articles a search matches were published each day
//! or month.
//!
//! Counted from the `published` fast field with a collector of our own, so no stored document
//! is read and a timeline over the whole index costs one pass over a column.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::query::SearchRequest;
use crate::store::{ArticleIndex, IndexError};

/// The width of a timeline bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// One bucket per calendar day (`YYYY-MM-DD`).
    Day,
    /// One bucket per calendar month (`YYYY-MM`).
    #[default]
    Month,
}

/// One bar of a timeline.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Bucket {
    /// The day (`YYYY-MM-DD`) or month (`YYYY-MM`).
    pub date: String,
    /// Matching articles published in it.
    pub count: u64,
}

/// Matching articles per day or month, in date order. Days or months with no article between
/// the first and the last are included with a count of 0, so the buckets can be drawn as is.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Timeline {
    /// The bucket width.
    pub interval: Interval,
    /// The buckets, oldest first.
    pub buckets: Vec<Bucket>,
    /// Matching articles with no publication day (in no bucket).
    pub undated: u64,
    /// All matching articles.
    pub total: u64,
}

/// Most buckets a timeline holds (about 27 years of days): a wider span is cut at the latest
/// end, so a stray date (a typo'd year) cannot make a response of millions of empty days.
pub const MAX_BUCKETS: usize = 10_000;

/// Counts matching documents per day (seconds since the epoch / 86,400).
struct DayCounts;

struct DaySegment {
    column: Option<Column<DateTime>>,
    days: BTreeMap<i64, u64>,
    undated: u64,
}

impl Collector for DayCounts {
    type Fruit = (BTreeMap<i64, u64>, u64);
    type Child = DaySegment;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<DaySegment> {
        Ok(DaySegment {
            column: segment.fast_fields().date("published").ok(),
            days: BTreeMap::new(),
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(BTreeMap<i64, u64>, u64)>) -> tantivy::Result<Self::Fruit> {
        let mut days = BTreeMap::new();
        let mut undated = 0;
        for (d, u) in fruits {
            for (day, n) in d {
                *days.entry(day).or_insert(0) += n;
            }
            undated += u;
        }
        Ok((days, undated))
    }
}

impl SegmentCollector for DaySegment {
    type Fruit = (BTreeMap<i64, u64>, u64);

    fn collect(&mut self, doc: DocId, _score: Score) {
        match self.column.as_ref().and_then(|c| c.first(doc)) {
            Some(dt) => {
                *self
                    .days
                    .entry(dt.into_timestamp_secs().div_euclid(86_400))
                    .or_insert(0) += 1
            }
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.days, self.undated)
    }
}

fn civil(day: i64) -> Option<jiff::civil::Date> {
    let ts = jiff::Timestamp::from_second(day.checked_mul(86_400)?).ok()?;
    Some(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
}

impl ArticleIndex {
    /// The publication timeline of the articles `req` matches (its paging and sort are
    /// ignored).
    pub fn timeline(
        &self,
        req: &SearchRequest,
        interval: Interval,
    ) -> Result<Timeline, IndexError> {
        let (searcher, query) = self.query_for(req)?;
        let Some(query) = query else {
            return Ok(Timeline {
                interval,
                buckets: Vec::new(),
                undated: 0,
                total: 0,
            });
        };
        let (days, undated) = searcher.search(&*query, &DayCounts)?;
        let total = undated + days.values().sum::<u64>();
        let mut counts: BTreeMap<jiff::civil::Date, u64> = BTreeMap::new();
        for (day, n) in days {
            if let Some(d) = civil(day) {
                let key = match interval {
                    Interval::Day => d,
                    Interval::Month => d.first_of_month(),
                };
                *counts.entry(key).or_insert(0) += n;
            }
        }
        let mut buckets = Vec::new();
        if let (Some((&first, _)), Some((&last, _))) =
            (counts.first_key_value(), counts.last_key_value())
        {
            let step = match interval {
                Interval::Day => jiff::Span::new().days(1),
                Interval::Month => jiff::Span::new().months(1),
            };
            // Walk back from the latest bucket, so a cut keeps the recent end.
            let mut d = last;
            while d >= first && buckets.len() < MAX_BUCKETS {
                let date = match interval {
                    Interval::Day => d.to_string(),
                    Interval::Month => d.strftime("%Y-%m").to_string(),
                };
                buckets.push(Bucket {
                    date,
                    count: counts.get(&d).copied().unwrap_or(0),
                });
                match d.checked_sub(step) {
                    Ok(prev) => d = prev,
                    Err(_) => break,
                }
            }
            buckets.reverse();
        }
        Ok(Timeline {
            interval,
            buckets,
            undated,
            total,
        })
    }
}
