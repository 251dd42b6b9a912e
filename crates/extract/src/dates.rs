//! Dates and times, resolved to the calendar against a reference date (the publication day).
//!
//! Works on the search-level normal forms of tokens in one pass. Recognised:
//!
//! - Gregorian month names in the three regional sets (يناير ...; كانون الثاني ... used in the
//!   Levant and Iraq; جانفي ... in the Maghreb), with a day (a digit or an ordinal or cardinal
//!   word: العاشر من اكتوبر, 20 أغسطس), a year (اغسطس 2020, من العام الماضي) or a direction
//!   (المقبل: the next occurrence after the reference, الماضي: the previous one before it), or
//!   neither (the reference's year, or the year before for a month more than six months after
//!   the reference's); a month written in two sets, as pan-Arab news does (نيسان/أبريل,
//!   مارس (آذار), أكتوبر/تشرين الأول 2017), is one month;
//! - Hijri months with a year (رمضان 1442 هـ, 10 ذي الحجة 1441), converted with the arithmetic
//!   Islamic calendar;
//! - dates in digits (2016/02/22, 22/04/2016, 22/04);
//! - years (عام 2020, العام الماضي, هذا العام), the start or end of a year (مطلع العام,
//!   أواخر عام 2015, نهاية 2017: its first or last month; منتصف العام: the year), a year and
//!   month joined by a dot (2015.3), the last or next ten years (العقد الماضي, العقدين الماضيين)
//!   and seasons (صيف 2016, الشتاء المقبل: a range of three months);
//! - parts of a year or month as ranges: halves and quarters (النصف الأول من 2019, الربع الأخير
//!   من العام الماضي), the first or last months, weeks or days (الأشهر التسعة الأولى من العام,
//!   أول أسبوعين من مايو), two years (بين عامي 2010 و2015); a time placed in a period (في وقت
//!   سابق من هذا الشهر) takes in its words with the period's value;
//! - weekdays (الجمعة: the most recent such day up to the reference, the coming one after a
//!   future verb, see [`find_with`]; الجمعة المقبلة, الجمعة الماضية; من الأحد إلى الثلاثاء);
//! - relative days, weeks and months (أمس, اليوم, غدا, أول أمس, بعد غد, الأسبوع الماضي,
//!   الشهر المقبل, نهاية الأسبوع, مطلع الشهر), with a weekday in apposition (اليوم الجمعة),
//!   counted spans (قبل ثلاثة أيام, منذ يومين, بعد أسبوعين; with no value when counted from
//!   another event: بعد أسبوع على إعلان, بعد يومين فقط من);
//! - vague expressions (قبل أيام, منذ أشهر, بأيام, الأيام القليلة الماضية, السنوات الأخيرة):
//!   kept with no value;
//! - times of day (الساعة الثالثة عصرا, الساعة 10 صباحا, العاشرة من صباح اليوم, ظهر اليوم)
//!   on the reference day or the day named, and ranges of them (من السادسة مساء حتى السادسة
//!   صباحا, بين 5 و6 مساء);
//! - holidays (عيد الفطر, رأس السنة; عيد الاستقلال, whose day depends on the country, with no
//!   value);
//! - durations (لمدة ثلاثة أيام, ساعتين ونصف: `duration`, no value);
//! - times that recur (يوميا, كل أربع سنوات, كل يوم جمعة, في 8 مارس من كل عام, الساعة 3 مساء
//!   كل يوم: `recurrence`, TimeML's value for a set, no value).
//!
//! The month names are facts written here as a table; no data file is read.

use jiff::civil::{Date, Weekday};
use khabar_morph::WordAnalyses;
use khabar_text::{Normalized, Span, Token, TokenKind};

use crate::numbers::{self, cores};

/// How precise a resolved date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Grain {
    /// A year: `2021`.
    Year,
    /// A month: `2020-09`.
    Month,
    /// An ISO week: `2021-W03`.
    Week,
    /// A day: `2020-08-20`.
    Day,
    /// An hour: `2021-01-29T15`.
    Hour,
    /// A minute: `2021-01-29T15:30`.
    Minute,
}

impl Grain {
    /// The name used in JSON output.
    pub const fn as_str(self) -> &'static str {
        match self {
            Grain::Year => "year",
            Grain::Month => "month",
            Grain::Week => "week",
            Grain::Day => "day",
            Grain::Hour => "hour",
            Grain::Minute => "minute",
        }
    }
}

/// A date or time expression found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Byte span in the original text (proclitics on the first word left out).
    pub span: Span,
    /// The resolved value, ISO 8601 at its grain (`2020-08-20`, `2020-09`, `2021`,
    /// `2021-W03`, `2021-01-29T15`); `None` for a vague expression (قبل أيام) or a relative one
    /// without a reference date.
    pub value: Option<String>,
    /// For a range (من 4 إلى 22 يناير, 2014-2018, بين الأربعاء والجمعة, صيف 2016, من السادسة
    /// مساء حتى السادسة صباحا), its last day, month, year, hour or minute at the same grain as
    /// `value` (inclusive); `None` for a single date.
    pub end_value: Option<String>,
    /// For a duration (لمدة ثلاثة أيام, ساعتين ونصف, طوال الأسبوع), its length as an ISO 8601
    /// duration (`P3D`, `PT2.5H`, `P1W`, `P1Y1M21D`); `value` is then `None` and `grain` is its
    /// smallest unit. `None` for a date or a recurrence.
    pub duration: Option<String>,
    /// For a recurring time (يوميا, كل أسبوعين, كل يوم جمعة, الساعة 3 مساء كل يوم, في 8 مارس
    /// من كل عام), how it recurs, as TimeML writes a set: a period (`P1D`, `P2W`, `P4Y`), a
    /// weekday (`XXXX-WXX-5`), a day of the year (`XXXX-03-08`), a time of day (`T15`, `TMO`
    /// for mornings) or a weekday's time (`XXXX-WXX-1T16`); `value` is then `None`. `None` for
    /// a date or a duration.
    pub recurrence: Option<String>,
    /// The precision of the expression.
    pub grain: Grain,
    /// Tokens it covers (indices into the text's tokens).
    pub tokens: std::ops::Range<u32>,
}

/// A direction word after a month, weekday or period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    Next,
    Prev,
    This,
}

fn dir(s: &str) -> Option<Dir> {
    Some(match s {
        "المقبل" | "المقبله" | "القادم" | "القادمه" | "التالي" | "التاليه" | "المقبلين"
        | "القادمين" => Dir::Next,
        "الماضي" | "الماضيه" | "الفائت" | "الفائته" | "المنصرم" | "المنصرمه" | "المنقضي"
        | "الماضيين" => Dir::Prev,
        "الجاري" | "الجاريه" | "الحالي" | "الحاليه" => Dir::This,
        _ => return None,
    })
}

/// A one-word month name: (month, needs context). `اب` (August in the Levant) is also "father",
/// `ماي` (May in the Maghreb) a name and `اوت` (August in the Maghreb) the English "out", so
/// they count only after a day or شهر, or before a year or a direction.
pub(crate) fn month1(s: &str) -> Option<(u8, bool)> {
    Some(match s {
        "يناير" | "جانفي" | "جانفيه" => (1, false),
        "فبراير" | "فيفري" | "شباط" => (2, false),
        "مارس" | "اذار" => (3, false),
        "ابريل" | "افريل" | "نيسان" => (4, false),
        "مايو" | "ايار" => (5, false),
        // Also Theresa May (تيريزا ماي) and the English "my" in names (ماي هوم).
        "ماي" => (5, true),
        "يونيو" | "يونيه" | "جوان" | "حزيران" => (6, false),
        "يوليو" | "يوليه" | "يوليوز" | "جويليه" | "تموز" => (7, false),
        "اغسطس" | "اغشت" => (8, false),
        // Also the English "out" (بي آوت, the channel beoutQ).
        "اب" | "اوت" => (8, true),
        "سبتمبر" | "شتنبر" | "ايلول" => (9, false),
        "اكتوبر" => (10, false),
        "نوفمبر" | "نونبر" => (11, false),
        "ديسمبر" | "دجنبر" => (12, false),
        _ => return None,
    })
}

/// A two-word month name (كانون الثاني, تشرين الأول).
fn month2(a: &str, b: &str) -> Option<u8> {
    Some(match (a, b) {
        ("كانون", "الثاني" | "ثاني") => 1,
        ("تشرين", "الاول" | "اول") => 10,
        ("تشرين", "الثاني" | "ثاني") => 11,
        ("كانون", "الاول" | "اول") => 12,
        _ => return None,
    })
}

/// A Hijri month name of one or two words at `a` (and `b`): (month, words).
pub(crate) fn hijri_month(a: &str, b: Option<&str>) -> Option<(u8, usize)> {
    let two = match (a, b) {
        ("ربيع", Some("الاول")) => Some(3),
        ("ربيع", Some("الثاني" | "الاخر")) => Some(4),
        ("جمادي", Some("الاولي" | "الاول")) => Some(5),
        ("جمادي", Some("الثانيه" | "الاخره" | "الثاني")) => Some(6),
        ("ذو" | "ذي", Some("القعده")) => Some(11),
        ("ذو" | "ذي", Some("الحجه")) => Some(12),
        _ => None,
    };
    if let Some(m) = two {
        return Some((m, 2));
    }
    let m = match a {
        "محرم" => 1,
        "صفر" => 2,
        "رجب" => 7,
        "شعبان" => 8,
        "رمضان" => 9,
        "شوال" => 10,
        _ => return None,
    };
    Some((m, 1))
}

/// The Gregorian date of a day of the arithmetic (tabular, civil) Islamic calendar: within a
/// day or two of the Umm al-Qura calendar Saudi Arabia publishes (1 Ramadan 1442 = 2021-04-13
/// in both).
pub fn hijri_to_gregorian(year: i32, month: u8, day: u8) -> Option<Date> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) || !(1..=3000).contains(&year) {
        return None;
    }
    let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
    // Julian day number: days, the months' alternating 30 and 29 days, years of 354 days and
    // 11 leap days in each 30 years, from the epoch 1 Muharram 1 = JDN 1948440.
    let jdn = d + (59 * (m - 1) + 1) / 2 + (y - 1) * 354 + (3 + 11 * y) / 30 + 1_948_439;
    add_days(jiff::civil::date(1970, 1, 1), jdn - 2_440_588)
}

/// A Hijri date with a year: (day)? (من)? month year (هـ)?. رمضان 1442 هـ is the Gregorian
/// month in which the Hijri month begins, at month grain; with a day, that day.
fn hijri(cx: &Cx, i: usize, day: Option<(i8, usize, usize)>) -> Option<Found> {
    let (day, k, clitic) = match day {
        Some((d, j, c)) => (Some(d), if cx.is(j, &["من"]) { j + 1 } else { j }, c),
        None => (None, i, 0),
    };
    let w = cx.word(k)?;
    let (pre, (month, n)) = cores(w).find_map(|(pre, c, al)| {
        (!al)
            .then(|| hijri_month(c, cx.word(k + 1)).map(|m| (pre, m)))
            .flatten()
    })?;
    let clitic = if day.is_some() { clitic } else { pre };
    let mut e = k + n;
    if cx.is(e, &["من"]) && cx.is(e + 1, &["عام", "العام", "سنه"]) {
        e += 2;
    }
    let t = cx.tokens.get(e)?;
    let ys = t.norm_str(cx.norm);
    if t.kind != TokenKind::Number || ys.len() != 4 || !ys.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = ys.parse().ok()?;
    if !(1300..=1600).contains(&year) {
        return None;
    }
    e += 1;
    if cx.is(e, &["ه", "هجري", "هجريه", "للهجره"]) {
        e += 1;
    }
    let date = hijri_to_gregorian(year, month, day.map_or(1, |d| d as u8))?;
    let grain = if day.is_some() {
        Grain::Day
    } else {
        Grain::Month
    };
    found(e, clitic, Some(date), grain)
}

/// The weekday a word names (search-level key: الجمعه).
pub(crate) fn weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "الاحد" => Weekday::Sunday,
        "الاثنين" => Weekday::Monday,
        "الثلاثاء" => Weekday::Tuesday,
        "الاربعاء" => Weekday::Wednesday,
        "الخميس" => Weekday::Thursday,
        "الجمعه" => Weekday::Friday,
        "السبت" => Weekday::Saturday,
        _ => return None,
    })
}

/// A period word: the unit it counts and how many (0: a plural without a count, vague).
fn period(s: &str) -> Option<(Grain, i64)> {
    Some(match s {
        "يوم" | "يوما" => (Grain::Day, 1),
        "يومين" | "يومان" => (Grain::Day, 2),
        "ايام" => (Grain::Day, 0),
        "اسبوع" | "اسبوعا" => (Grain::Week, 1),
        "اسبوعين" | "اسبوعان" => (Grain::Week, 2),
        "اسابيع" => (Grain::Week, 0),
        "شهر" | "شهرا" => (Grain::Month, 1),
        "شهرين" | "شهران" => (Grain::Month, 2),
        "اشهر" | "شهور" => (Grain::Month, 0),
        "عام" | "عاما" | "سنه" => (Grain::Year, 1),
        "عامين" | "عامان" | "سنتين" | "سنتان" => (Grain::Year, 2),
        "اعوام" | "سنوات" | "سنين" => (Grain::Year, 0),
        "ساعه" => (Grain::Hour, 1),
        "ساعتين" | "ساعتان" => (Grain::Hour, 2),
        "ساعات" => (Grain::Hour, 0),
        _ => return None,
    })
}

/// Words before a bare weekday that make it the coming one (search-level keys, و left off):
/// negation of the future, what is scheduled, and the present of verbs for events, which news
/// uses for what is to come (التي تنطلق الخميس, يلتقي الثلاثاء).
const FUTURE_WORDS: &[&str] = &[
    "لن",
    "سوف",
    "مقرر",
    "مقرره",
    "المقرر",
    "المقرره",
    "المزمع",
    "المزمعه",
    "المرتقب",
    "المرتقبه",
    "تنطلق",
    "ينطلق",
    "تبدا",
    "يبدا",
    "تقام",
    "يقام",
    "تجري",
    "يجري",
    "تنعقد",
    "ينعقد",
    "يلتقي",
    "تلتقي",
    "يلتقيان",
    "يواجه",
    "تواجه",
    "يستضيف",
    "تستضيف",
    "يخوض",
    "تخوض",
    "يزور",
    "تزور",
    "يصل",
    "تصل",
    // يتوجه الناخبون الأحد, ويعقد الاتحاد قمته الخميس, وتلعب مباراة أخيرة الجمعة.
    "يتوجه",
    "تتوجه",
    "يعقد",
    "تعقد",
    "يختتم",
    "تختتم",
    "يستقبل",
    "تستقبل",
    "يجتمع",
    "تجتمع",
    "يعود",
    "تعود",
    "يشارك",
    "تشارك",
    "يلعب",
    "تلعب",
    "يحتفل",
    "تحتفل",
    "يغادر",
    "تغادر",
];

/// Words that keep a weekday in the past whatever else is said (see [`FUTURE_WORDS`]).
const PAST_WORDS: &[&str] = &["كان", "كانت", "اساسا", "اصلا", "منذ"];

/// Token access over normal forms.
struct Cx<'a> {
    norm: &'a str,
    tokens: &'a [Token],
    reference: Option<Date>,
    /// The segmenter's analyses of the tokens, when known (a verb with the future س).
    morph: Option<&'a WordAnalyses>,
}

impl<'a> Cx<'a> {
    fn word(&self, i: usize) -> Option<&'a str> {
        let t = self.tokens.get(i)?;
        matches!(t.kind, TokenKind::Word).then(|| t.norm_str(self.norm))
    }

    fn is(&self, i: usize, options: &[&str]) -> bool {
        self.word(i).is_some_and(|w| options.contains(&w))
    }

    /// True when token `i` is punctuation or a symbol among `marks`.
    fn mark(&self, i: usize, marks: &[&str]) -> bool {
        self.tokens.get(i).is_some_and(|t| {
            matches!(t.kind, TokenKind::Punct | TokenKind::Symbol)
                && marks.contains(&t.norm_str(self.norm))
        })
    }

    /// True when a word of the clause before weekday `i`, at most four words back, speaks of
    /// the future: a verb with the future س (ستجري, وسيعود, as the segmenter reads it), or one
    /// of [`FUTURE_WORDS`]. Not when one of [`PAST_WORDS`] comes between (كانت مقررة الأحد: the
    /// plan was already past; المقرر أساسا السبت: a plan changed; يزور دمشق منذ الخميس), nor
    /// before إن or أن after the weekday (a speaker's day: قال سيبان حمو الاثنين إن), nor for a
    /// weekday with و (تزور القامشلي والجمعة بدأ: a clause of its own).
    fn future_before(&self, i: usize, end: usize) -> bool {
        // The words before, over commas (يتوجه الناخبون، الأحد، إلى): four for the future,
        // six for the past (كان من المقرر أن تظهر دانيلز، الجمعة).
        let back = |n: usize| {
            (i.saturating_sub(n + 2)..i)
                .rev()
                .filter(|&k| !self.mark(k, &["،", ","]))
                .map_while(|k| self.word(k).map(|w| (k, w.strip_prefix('و').unwrap_or(w))))
                .take(n)
        };
        let words = || back(4);
        // وقال ... و(السبت) بدأ: a weekday with و begins its own clause.
        if self.word(i).is_some_and(|w| w.starts_with('و'))
            || self.is(end, &["ان", "انه"])
            || back(6).any(|(_, w)| PAST_WORDS.contains(&w))
        {
            return false;
        }
        words().any(|(k, w)| {
            // لم تعقد اجتماعا السبت: a negated past.
            (FUTURE_WORDS.contains(&w) && !(k > 0 && self.is(k - 1, &["لم", "ولم"])))
                || self
                    .morph
                    .and_then(|m| m.analyses.get(k))
                    .is_some_and(|a| a.has_future())
        })
    }

    /// True when token `i` ends where token `i + 1` starts.
    fn glued(&self, i: usize) -> bool {
        match (self.tokens.get(i), self.tokens.get(i + 1)) {
            (Some(a), Some(b)) => a.span.end == b.span.start,
            _ => false,
        }
    }

    /// A month named relative to the reference at token `k` (الشهر المقبل, هذا الشهر, الشهر
    /// الجاري): (months from the reference's month, end).
    fn relative_month(&self, k: usize) -> Option<(i64, usize)> {
        if self.is(k, &["هذا"]) && self.is(k + 1, &["الشهر"]) {
            return Some((0, k + 2));
        }
        if !self.is(k, &["الشهر"]) {
            return None;
        }
        Some(match self.word(k + 1).and_then(dir)? {
            Dir::Next => (1, k + 2),
            Dir::Prev => (-1, k + 2),
            Dir::This => (0, k + 2),
        })
    }

    /// A year in words (ألفين وعشرين, ألف وتسعمائة وثمانية وسبعون) at token `i`: (year, end).
    fn year_words(&self, i: usize) -> Option<(i16, usize)> {
        if self.tokens.get(i)?.kind != TokenKind::Word {
            return None;
        }
        let p = numbers::parse_at(self.norm, self.tokens, i)?;
        if p.ordinal || p.percent || p.clitic > 0 || p.value.fract() != 0.0 {
            return None;
        }
        (1000.0..=2200.0)
            .contains(&p.value)
            .then_some((p.value as i16, p.end))
    }

    /// A 3- or 4-digit year at token `i`.
    fn year(&self, i: usize) -> Option<i16> {
        let t = self.tokens.get(i)?;
        if t.kind != TokenKind::Number {
            return None;
        }
        let s = t.norm_str(self.norm);
        if !(3..=4).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let y: i16 = s.parse().ok()?;
        (1000..=2200).contains(&y).then_some(y)
    }

    /// A day of the month (1 to 31) at token `i`, in digits or words: (day, end, clitic).
    fn day(&self, i: usize) -> Option<(i8, usize, usize)> {
        let p = numbers::parse_at(self.norm, self.tokens, i)?;
        if p.percent || p.value.fract() != 0.0 || !(1.0..=31.0).contains(&p.value) {
            return None;
        }
        Some((p.value as i8, p.end, p.clitic))
    }

    /// True when tokens `r` hold a year, in digits or words.
    fn has_year(&self, r: std::ops::Range<usize>) -> bool {
        r.into_iter()
            .any(|j| self.year(j).is_some() || self.year_words(j).is_some())
    }

    /// A month name at token `i`: (month, end, clitic bytes, needs context). The same month's
    /// name in another regional set after it is part of it (see [`Cx::alias`]).
    fn month(&self, i: usize) -> Option<(u8, usize, usize, bool)> {
        let (m, end, pre, ctx) = self.month_name(i)?;
        Some(match self.alias(m, end) {
            Some(e) => (m, e, pre, false),
            None => (m, end, pre, ctx),
        })
    }

    /// Where the other regional set's name of month `m` ends when it follows at token `j`, as
    /// pan-Arab news writes a month: نيسان/أبريل, أكتوبر/ تشرين الأول, مارس (آذار), مارس آذار;
    /// a bare تشرين or كانون after a month it can be (أكتوبر/تشرين الماضي). Without this the
    /// second name was a date of its own and the first lost the year written after the pair
    /// (سبتمبر/أيلول 2015).
    fn alias(&self, m: u8, j: usize) -> Option<usize> {
        let same = |k: usize| -> Option<usize> {
            let w = self.word(k)?;
            if let Some(n) = self.word(k + 1).and_then(|b| month2(w, b)) {
                return (n == m).then_some(k + 2);
            }
            let ok = match month1(w) {
                Some((n, _)) => n == m,
                None => matches!((w, m), ("تشرين", 10 | 11) | ("كانون", 12 | 1)),
            };
            ok.then_some(k + 1)
        };
        if self.mark(j, &["/"]) {
            return same(j + 1);
        }
        if self.mark(j, &["("]) {
            let e = same(j + 1)?;
            return self.mark(e, &[")"]).then_some(e + 1);
        }
        same(j)
    }

    fn month_name(&self, i: usize) -> Option<(u8, usize, usize, bool)> {
        let w = self.word(i)?;
        if let Some(b) = self.word(i + 1) {
            for (pre, c, _) in cores(w) {
                if let Some(m) = month2(c, b) {
                    return Some((m, i + 2, pre, false));
                }
            }
        }
        // لويجي دي مايو: the Italian politician's name.
        if w == "مايو" && i > 0 && self.is(i - 1, &["دي"]) {
            return None;
        }
        cores(w).find_map(|(pre, c, al)| {
            let (m, ctx) = month1(c)?;
            (!al).then_some((m, i + 1, pre, ctx))
        })
    }

    /// The modifiers after a month or a day and month, from token `j`: a year or a direction.
    /// Returns (year or direction, end).
    fn after_month(&self, j: usize) -> (Option<Result<i16, Dir>>, usize) {
        if let Some(y) = self.year(j) {
            return (Some(Ok(y)), j + 1);
        }
        // يناير، 2018; نوفمبر. 2016; فبراير ، ألفان وثمانية عشر; سبتمبر ألفين.
        let k = if self.mark(j, &[",", "،", "."]) {
            j + 1
        } else {
            j
        };
        if k > j
            && let Some(y) = self.year(k)
        {
            return (Some(Ok(y)), k + 1);
        }
        if let Some((y, e)) = self.year_words(k) {
            return (Some(Ok(y)), e);
        }
        if let Some(d) = self.word(j).and_then(dir) {
            return (Some(Err(d)), j + 1);
        }
        // من العام الماضي, من عام 2020, من العام 2020, من هذا العام.
        let mut k = j;
        if self.is(k, &["من"]) {
            k += 1;
        }
        // ديسمبر، العام الماضي: a comma before the year's direction.
        if self.mark(k, &[",", "،"])
            && self.is(k + 1, &["العام", "السنه"])
            && self.word(k + 2).and_then(dir).is_some()
        {
            k += 1;
        }
        if self.is(k, &["هذا"]) && self.is(k + 1, &["العام", "السنه"]) {
            return (Some(Err(Dir::This)), k + 2);
        }
        if k > j
            && let Some((y, e)) = self
                .year(k)
                .map(|y| (y, k + 1))
                .or_else(|| self.year_words(k))
        {
            return (Some(Ok(y)), e);
        }
        // (لعام 1983, للعام 2016: the year after ل.)
        if self.is(
            k,
            &[
                "عام",
                "العام",
                "سنه",
                "السنه",
                "لعام",
                "للعام",
                "لسنه",
                "للسنه",
            ],
        ) {
            if let Some(y) = self.year(k + 1) {
                return (Some(Ok(y)), k + 2);
            }
            if let Some((y, e)) = self.year_words(k + 1) {
                return (Some(Ok(y)), e);
            }
            if let Some(d) = self.word(k + 1).and_then(dir) {
                let r = self.reference;
                let y = r.map(|r| match d {
                    Dir::Next => r.year() + 1,
                    Dir::Prev => r.year() - 1,
                    Dir::This => r.year(),
                });
                return match y {
                    Some(y) => (Some(Ok(y)), k + 2),
                    None => (Some(Err(d)), k + 2),
                };
            }
        }
        (None, j)
    }
}

/// The year of an expression that names a part of it, from token `k`: العام (the reference's),
/// العام المقبل, هذا العام, عام 2015, العام 2015, 2015, عام ألفين وعشرين. Returns the year
/// (`None` when it needs a reference there is not) and the end.
fn year_of_part(cx: &Cx, k: usize) -> Option<(Option<i16>, usize)> {
    if let Some(y) = cx.year(k) {
        return Some((Some(y), k + 1));
    }
    let r = cx.reference.map(|r| r.year());
    if cx.is(k, &["هذا"]) && cx.is(k + 1, &["العام", "السنه"]) {
        return Some((r, k + 2));
    }
    if !cx.is(k, &["عام", "العام", "سنه", "السنه"]) {
        return None;
    }
    if let Some(y) = cx.year(k + 1) {
        return Some((Some(y), k + 2));
    }
    if let Some((y, e)) = cx.year_words(k + 1) {
        return Some((Some(y), e));
    }
    if !cx.is(k, &["العام", "السنه"]) {
        return None;
    }
    Some(match cx.word(k + 1).and_then(dir) {
        Some(Dir::Next) => (r.map(|y| y + 1), k + 2),
        Some(Dir::Prev) => (r.map(|y| y - 1), k + 2),
        Some(Dir::This) => (r, k + 2),
        None => (r, k + 1),
    })
}

/// The year a part of it is taken from, at token `k`: 2016, عام 2016, العام 2016, عام ألفين
/// وعشرين, ألفين وعشرين, العام الماضي, هذا العام, or العام alone (the reference's; not العام
/// المالي or الدراسي, whose years do not start in January, nor العام نفسه). Returns (year, end).
fn year_of_span(cx: &Cx, j: usize) -> Option<(i16, usize)> {
    // العام الحالي 2017/2018: the fiscal year written after it is the one meant.
    let (y, end) = year_of_span_at(cx, j)?;
    (cx.year(end).is_none() || !(cx.mark(end + 1, &["-", "/"]) && cx.year(end + 2).is_some()))
        .then_some((y, end))
}

fn year_of_span_at(cx: &Cx, j: usize) -> Option<(i16, usize)> {
    let r = cx.reference.map(|r| r.year());
    // (2017-2018, 2017/2018: a fiscal or season year, not the calendar year 2017.)
    let single = |k: usize| !(cx.mark(k + 1, &["-", "/"]) && cx.year(k + 2).is_some());
    if let Some(y) = cx.year(j) {
        return single(j).then_some((y, j + 1));
    }
    if cx.is(j, &["هذا"]) && cx.is(j + 1, &["العام", "السنه"]) {
        return Some((r?, j + 2));
    }
    if cx.is(j, &["عام", "العام", "سنه", "السنه"]) {
        if let Some(y) = cx.year(j + 1) {
            return single(j + 1).then_some((y, j + 2));
        }
        if let Some((y, e)) = cx.year_words(j + 1) {
            return Some((y, e));
        }
        if let Some(d) = cx.word(j + 1).and_then(dir) {
            let y = r?;
            return Some(match d {
                Dir::Next => (y + 1, j + 2),
                Dir::Prev => (y - 1, j + 2),
                Dir::This => (y, j + 2),
            });
        }
        // (العام نفسه, العام ذاته, العام الذي سبقه: a year named before, not the reference's.)
        let qualified = cx.word(j + 1).is_some_and(|w| {
            matches!(
                w.strip_suffix('ه').unwrap_or(w),
                "المالي"
                    | "الدراسي"
                    | "الجامعي"
                    | "الهجري"
                    | "القضائي"
                    | "الزراعي"
                    | "نفس"
                    | "ذات"
                    | "الذي"
                    | "السابق"
            )
        });
        if cx.is(j, &["العام", "السنه"]) && !qualified {
            return Some((r?, j + 1));
        }
        return None;
    }
    cx.year_words(j)
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

fn add_months(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_months(n).ok()?).ok()
}

fn add_years(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_years(n).ok()?).ok()
}

fn fmt(d: Date, grain: Grain) -> String {
    match grain {
        Grain::Year => format!("{:04}", d.year()),
        Grain::Month => format!("{:04}-{:02}", d.year(), d.month()),
        Grain::Week => {
            let w = d.iso_week_date();
            format!("{:04}-W{:02}", w.year(), w.week())
        }
        _ => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
    }
}

/// The year of a month named without a year or direction: the reference's, or the year before
/// when the month is more than six months after the reference's. News published in May that
/// says في السادس من كانون الأول means the December before (the nearer one), not a December
/// seven months ahead; a June is this year's, past or coming.
fn bare_year(month: u8, r: Date) -> i16 {
    if i16::from(month) - i16::from(r.month()) > 6 {
        r.year() - 1
    } else {
        r.year()
    }
}

/// Resolves a month (and optional day) with a year or a direction against the reference.
fn resolve_month(
    day: Option<i8>,
    month: u8,
    modifier: Option<Result<i16, Dir>>,
    reference: Option<Date>,
) -> Option<Date> {
    let m = month as i8;
    let d = day.unwrap_or(1);
    let year = match modifier {
        Some(Ok(y)) => y,
        other => {
            let r = reference?;
            let this = Date::new(r.year(), m, d).ok()?;
            let after = match day {
                Some(_) => this > r,
                None => m > r.month(),
            };
            let before = match day {
                Some(_) => this < r,
                None => m < r.month(),
            };
            match other {
                Some(Err(Dir::Next)) if !after => r.year() + 1,
                Some(Err(Dir::Prev)) if !before => r.year() - 1,
                None => bare_year(month, r),
                _ => r.year(),
            }
        }
    };
    Date::new(year, m, d).ok()
}

/// Finds the date and time expressions in an analysed text, in text order, resolved against
/// `reference` (the publication day).
///
/// ```
/// use khabar_text::TextPipeline;
///
/// let text = "الانتخابات في العاشر من اكتوبر المقبل";
/// let a = TextPipeline::default().analyze(text).unwrap();
/// let reference = "2021-01-29".parse().unwrap();
/// let d = khabar_extract::dates::find(&a.normalized, &a.tokens, Some(reference));
/// assert_eq!(d[0].value.as_deref(), Some("2021-10-10"));
/// assert_eq!(&text[d[0].span.range()], "العاشر من اكتوبر المقبل");
/// ```
pub fn find(
    normalized: &Normalized,
    tokens: &[Token],
    reference: Option<Date>,
) -> Vec<DateMention> {
    find_with(normalized, tokens, reference, None)
}

/// [`find`] with the segmenter's analyses of the tokens, which tell a verb's future س: a bare
/// weekday after one (ستجري الانتخابات الأحد) is the next such day, not the last.
pub fn find_with(
    normalized: &Normalized,
    tokens: &[Token],
    reference: Option<Date>,
    morph: Option<&WordAnalyses>,
) -> Vec<DateMention> {
    let cx = Cx {
        norm: normalized.as_str(),
        tokens,
        reference,
        morph,
    };
    let mut out = Vec::new();
    // The last day named, for اليوم التالي.
    let mut anchor: Option<Date> = None;
    let mut i = 0;
    while i < tokens.len() {
        // Most tokens cannot begin a date, range or duration: one check passes over them.
        let t = &tokens[i];
        let candidate = match t.kind {
            TokenKind::Number => true,
            TokenKind::Word => may_begin(t.norm_str(cx.norm)),
            _ => false,
        };
        // يوما بعد يوم, عاما بعد آخر: day after day, no date; كل الاثنين: both of them.
        if !candidate
            || (i > 0
                && cx.is(i, &["بعد"])
                && cx.is(i - 1, &["يوما", "عاما", "سنه", "شهرا", "اسبوعا"]))
            || (i > 0 && cx.is(i, &["الاثنين"]) && cx.is(i - 1, &["كل"]))
        {
            i += 1;
            continue;
        }
        let span = |start: usize, end: usize, clitic: usize| {
            let (first, last) = (&tokens[start], &tokens[end - 1]);
            let start = (first.norm.start as usize + clitic).min(first.norm.end as usize) as u32;
            normalized.to_original(Span::new(start, last.norm.end))
        };
        if let Some(r) = recurrence_at(&cx, i) {
            out.push(DateMention {
                span: span(i, r.end, r.clitic),
                value: None,
                end_value: None,
                duration: None,
                recurrence: Some(r.set),
                grain: r.grain,
                tokens: i as u32..r.end as u32,
            });
            i = r.end;
            continue;
        }
        let f = range_at(&cx, i).or_else(|| {
            let Some(f) = at(&cx, i) else {
                return day_list(&cx, i, 0);
            };
            Some(match extend(&cx, i, &f, false) {
                Some(range) => range,
                None => with_time(&cx, i, f),
            })
        });
        match f {
            Some(mut f) if f.end > i => {
                // مدينة السادس من أكتوبر, ثورة 25 يناير, أحداث 11 سبتمبر: a day in a name,
                // of another year than the reference's: kept, with no value.
                let named = day_in_a_name(&cx, i, &f);
                if named {
                    f.value = None;
                } else if since_a_bare_month(&cx, i, &f) {
                    // منذ حزيران, أدنى مستوى منذ الثاني عشر من ديسمبر: since the last such
                    // month, not a coming one.
                    f.value = f.value.and_then(|v| not_after(&v, f.grain, reference));
                }
                // في نوفمبر من العام نفسه: the year of the last date the text named.
                if matches!(f.grain, Grain::Month | Grain::Day)
                    && f.end_value.is_none()
                    && !named
                    && tokens
                        .get(f.end - 1)
                        .is_some_and(|t| t.kind == TokenKind::Word)
                    && let Some(end) = same_year(&cx, f.end)
                {
                    // The nearest year before: a date's, or a year written alone (منذ 2011).
                    let year = (0..i).rev().find_map(|k| {
                        match out.iter().rev().find(|m: &&DateMention| {
                            m.tokens.contains(&(k as u32)) && m.value.is_some()
                        }) {
                            Some(m) => m.value.as_deref()?.get(..4)?.parse::<i16>().ok(),
                            None => cx.year(k).filter(|y| (1900..=2100).contains(y)),
                        }
                    });
                    f.value = match (year, f.value.as_deref().and_then(|v| v.get(4..))) {
                        (Some(y), Some(rest)) => Some(format!("{y:04}{rest}")),
                        _ => None,
                    };
                    f.end = end;
                }
                // اليوم التالي, اليوم الماضي: the day after (before) the last day the text
                // named, as a story tells it; the reference when it named none.
                let relative = f.end == i + 2
                    && f.grain == Grain::Day
                    && cx
                        .word(i)
                        .is_some_and(|w| cores(w).any(|(_, c, _)| c == "اليوم"))
                    && cx.word(i + 1).and_then(dir).is_some();
                if relative
                    && let Some(d) = cx.word(i + 1).and_then(dir)
                    && let Some(last) = anchor
                {
                    let n = if d == Dir::Prev { -1 } else { 1 };
                    f.value = add_days(last, n).map(|x| fmt(x, Grain::Day));
                }
                // الساعة 3 مساء كل يوم, في 8 مارس من كل عام: a time or day that recurs.
                let recurrence = if named || relative {
                    None
                } else {
                    recurring(&cx, i, &f)
                };
                if let Some(r) = &recurrence {
                    f.end = r.end;
                    f.grain = r.grain;
                    f.value = None;
                } else if !relative && f.grain == Grain::Day && f.end_value.is_none() && !named {
                    anchor = f.value.as_deref().and_then(|v| v.parse().ok()).or(anchor);
                }
                let (start, clitic) = lead_in(&cx, i, &f)
                    .filter(|&(k, _)| {
                        out.last()
                            .is_none_or(|m: &DateMention| m.tokens.end as usize <= k)
                    })
                    .unwrap_or((i, f.clitic));
                out.push(DateMention {
                    span: span(start, f.end, clitic),
                    value: f.value,
                    end_value: f.end_value,
                    duration: None,
                    recurrence: recurrence.map(|r| r.set),
                    grain: f.grain,
                    tokens: start as u32..f.end as u32,
                });
                i = f.end;
            }
            _ => match duration_at(&cx, i) {
                // منذ شهر و21 يوما من الآن, بعد عامين و3 أشهر من الآن: a point that far from
                // the reference, in the direction of the word before.
                Some(d)
                    if d.end > i
                        && let Some((date, end)) = from_now(&cx, i, &d) =>
                {
                    out.push(DateMention {
                        span: span(i, end, d.clitic),
                        value: date.map(|x| fmt(x, Grain::Day)),
                        end_value: None,
                        duration: None,
                        recurrence: None,
                        grain: Grain::Day,
                        tokens: i as u32..end as u32,
                    });
                    i = end;
                }
                Some(d) if d.end > i => {
                    out.push(DateMention {
                        span: span(i, d.end, d.clitic),
                        value: None,
                        end_value: None,
                        duration: Some(d.iso),
                        recurrence: None,
                        grain: d.grain,
                        tokens: i as u32..d.end as u32,
                    });
                    i = d.end;
                }
                _ => i += 1,
            },
        }
    }
    out
}

/// Where من العام نفسه (ذاته), من نفس العام, من ذات العام or من السنة نفسها ends, when it
/// begins at `j`.
fn same_year(cx: &Cx, j: usize) -> Option<usize> {
    if !cx.is(j, &["من"]) {
        return None;
    }
    let year = ["العام", "السنه"];
    if cx.is(j + 1, &year) && cx.is(j + 2, &["نفسه", "ذاته", "نفسها", "ذاتها"]) {
        return Some(j + 3);
    }
    (cx.is(j + 1, &["نفس", "ذات"]) && cx.is(j + 2, &year)).then_some(j + 3)
}

/// True when the date found at `i` is a month, or a day of a month, named without a year or a
/// direction, after منذ in the same clause (منذ إنجابها توأميها في حزيران).
fn since_a_bare_month(cx: &Cx, i: usize, f: &Found) -> bool {
    if f.end_value.is_some()
        || !matches!(f.grain, Grain::Month | Grain::Day)
        || cx.has_year(i..f.end)
        || (i..f.end).any(|j| cx.word(j).and_then(dir).is_some())
        || !(i..f.end).any(|j| cx.month(j).is_some())
    {
        return false;
    }
    (i.saturating_sub(5)..i)
        .rev()
        .take_while(|&j| {
            !matches!(
                cx.tokens[j].kind,
                TokenKind::Punct | TokenKind::Symbol | TokenKind::Number
            )
        })
        .any(|j| {
            cx.word(j)
                .is_some_and(|w| cores(w).any(|(_, c, _)| c == "منذ"))
        })
}

/// `value` (ISO at `grain`), or the same a year earlier when it is after `reference`.
fn not_after(value: &str, grain: Grain, reference: Option<Date>) -> Option<String> {
    let Some(r) = reference else {
        return Some(value.to_string());
    };
    if value <= fmt(r, grain).as_str() {
        return Some(value.to_string());
    }
    let year: i16 = value.get(..4)?.parse().ok()?;
    let month: i8 = value.get(5..7)?.parse().ok()?;
    let day: i8 = value.get(8..10).map_or(Some(1), |d| d.parse().ok())?;
    Date::new(year - 1, month, day).ok().map(|d| fmt(d, grain))
}

/// True when the day found at `i` (a day of a month, no year) follows a word that makes it a
/// name: of a place (مدينة السادس من أكتوبر, شارع 26 يوليو, نهج 25 جويلية, ملعب 15 أكتوبر)
/// or of an event of another year (ثورة 25 يناير, حرب 6 أكتوبر, أحداث 11 سبتمبر). Resolved
/// against the publication day it would be a wrong date; left out, its day would be a number.
/// A month alone after حرب, ثورة or انتفاضة names an event too (حرب أكتوبر, ثورة يوليو).
fn day_in_a_name(cx: &Cx, i: usize, f: &Found) -> bool {
    if i == 0 || f.end_value.is_some() {
        return false;
    }
    if f.grain == Grain::Month {
        return cx
            .word(i - 1)
            .is_some_and(|w| cores(w).any(|(_, c, _)| matches!(c, "حرب" | "ثوره" | "انتفاضه")))
            && cx.month(i).is_some()
            && !cx.has_year(i..f.end);
    }
    if f.grain != Grain::Day {
        return false;
    }
    let named = cx.word(i - 1).is_some_and(|w| {
        cores(w).any(|(_, c, _)| {
            matches!(
                c,
                "مدينه"
                    | "ثوره"
                    | "حرب"
                    | "احداث"
                    | "هجمات"
                    | "شارع"
                    | "نهج"
                    | "ساحه"
                    | "ملعب"
                    | "مدرسه"
                    | "معهد"
                    | "ميدان"
                    | "جسر"
                    | "كوبري"
                    | "جامعه"
                    | "حي"
                    | "انتفاضه"
            )
        })
    });
    named && (i..f.end).any(|j| cx.month(j).is_some()) && !cx.has_year(i..f.end)
}

/// Words before a day, week, month or year that belong to its span, as the time they place
/// in it: في وقت سابق من هذا الشهر, وقت مبكر من العام, في وقت لاحق اليوم, لاحقا في هذا
/// الأسبوع (the period itself: the part is finer than its grain can say), عطلة نهاية الأسبوع
/// (the week: which days are its weekend depends on the country). Returns the first token and
/// the bytes of its proclitics.
fn lead_in(cx: &Cx, i: usize, f: &Found) -> Option<(usize, usize)> {
    if f.clitic > 0
        || f.end_value.is_some()
        || matches!(f.grain, Grain::Hour | Grain::Minute)
        || i == 0
    {
        return None;
    }
    let core = |k: usize, forms: &[&str]| {
        cx.word(k)
            .and_then(|w| cores(w).find(|(_, c, _)| forms.contains(c)))
            .map(|(pre, _, _)| pre)
    };
    // عطلة نهاية الأسبوع, إجازة نهاية الأسبوع.
    if f.grain == Grain::Week && cx.is(i, &["نهايه"]) {
        return core(i - 1, &["عطله", "اجازه"]).map(|pre| (i - 1, pre));
    }
    let k = if cx.is(i - 1, &["من", "في"]) {
        i - 1
    } else {
        i
    };
    // لاحقا في هذا الأسبوع, لاحقا اليوم.
    if let Some(pre) = k.checked_sub(1).and_then(|j| core(j, &["لاحقا"])) {
        return Some((k - 1, pre));
    }
    // (في) وقت سابق / لاحق / مبكر / متأخر (من).
    if k < 2 || core(k - 1, &["سابق", "لاحق", "مبكر", "متاخر"]) != Some(0) || !cx.is(k - 2, &["وقت"])
    {
        return None;
    }
    match k
        .checked_sub(3)
        .and_then(|j| core(j, &["في"]).map(|pre| (j, pre)))
    {
        Some(found) => Some(found),
        None => Some((k - 2, 0)),
    }
}

/// True for a verb of return or meeting (عاد, سأعود, رجعنا, نلتقي, سنجتمع), in normal form:
/// the context that lets a bare number after في or إلى (سأعود في 15) name a day of the month.
fn return_verb(w: &str) -> bool {
    // The future prefix س before an imperfect (سأعود, سنلتقي).
    let w = match w.strip_prefix('س') {
        Some(r) if r.starts_with(['ا', 'ن', 'ي', 'ت']) => r,
        _ => w,
    };
    matches!(
        w,
        "عاد"
            | "عادت"
            | "عادوا"
            | "عدت"
            | "عدنا"
            | "عدتم"
            | "اعود"
            | "نعود"
            | "يعود"
            | "تعود"
            | "يعودون"
            | "تعودون"
            | "يعودوا"
            | "رجع"
            | "رجعت"
            | "رجعنا"
            | "رجعوا"
            | "ارجع"
            | "نرجع"
            | "يرجع"
            | "ترجع"
            | "يرجعون"
            | "التقي"
            | "نلتقي"
            | "يلتقي"
            | "تلتقي"
            | "يلتقون"
            | "التقينا"
            | "التقيت"
            | "التقوا"
            | "اجتمع"
            | "نجتمع"
            | "يجتمع"
            | "تجتمع"
            | "يجتمعون"
            | "اجتمعنا"
            | "اجتمعت"
            | "اجتمعوا"
    )
}

/// A bare day of the month after a verb of return or meeting and في, إلى or ل: سأعود في 15,
/// عدت للثاني والعشرين, نلتقي في الحادي والعشرين: that day of the reference's month. A bare
/// number is a day only in this context (في 15 alone may be a count, an age, a page).
fn day_after_verb(cx: &Cx, i: usize, day: Option<(i8, usize, usize)>) -> Option<Found> {
    let verb_at = |k: usize| cx.word(k).is_some_and(return_verb);
    let hour_at = |h: i8, end: usize| {
        let value = cx
            .reference
            .map(|r| format!("{}T{h:02}", fmt(r, Grain::Day)));
        Some(Found {
            end,
            clitic: 0,
            value,
            end_value: None,
            grain: Grain::Hour,
        })
    };
    // سأعود عند 7: an hour.
    if i > 1
        && cx.is(i - 1, &["عند"])
        && verb_at(i - 2)
        && let Some((h, end, 0)) = day
        && h <= 12
        && cx
            .tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Number)
        && cx.word(end).is_none_or(|w| numbers::unit(w).is_none())
    {
        return hour_at(h, end);
    }
    let (d, end, _) = day?;
    // A feminine ordinal up to twelve names an hour (سأعود في السابعة, في الحادية عشرة: at
    // seven, at eleven, the ساعة left out); a masculine one, or one above twelve, a day.
    let feminine = d <= 12 && cx.word(i).is_some_and(|w| w.ends_with('ه'));
    let context = if cx.word(i).is_some_and(|w| w.starts_with('ل')) {
        // للثاني: the ل of the token is the preposition, and stays in the span.
        i > 0 && verb_at(i - 1)
    } else {
        i > 1 && cx.is(i - 1, &["في", "الي"]) && verb_at(i - 2)
    };
    if !context {
        return None;
    }
    // A word must be an ordinal (تعود لأربعة عقود: a count); the day ends the phrase (not
    // عادوا في 15 حافلة, التقى لأول مرة), or a clause of purpose or إن شاء الله follows.
    let digits = cx
        .tokens
        .get(i)
        .is_some_and(|t| t.kind == TokenKind::Number);
    // (A tens with the article is an ordinal too: للثلاثين, العشرين.)
    let definite = cx
        .word(i)
        .is_some_and(|w| w.starts_with("ال") || w.starts_with("لل"));
    if !digits && !definite && !numbers::parse_at(cx.norm, cx.tokens, i).is_some_and(|p| p.ordinal)
    {
        return None;
    }
    if let Some(w) = cx.word(end)
        && w != "ان"
        && !["لي", "لن", "لت", "لا"].iter().any(|p| w.starts_with(p))
    {
        return None;
    }
    // Not a count: في 15 دقيقة, إلى 27 دولارا, إلى 27 %.
    if let Some(t) = cx.tokens.get(end) {
        if matches!(t.kind, TokenKind::Number) || cx.mark(end, &["%", "٪"]) {
            return None;
        }
        if let Some(w) = cx.word(end)
            && (numbers::unit(w).is_some() || cores(w).any(|(_, c, _)| duration_unit(c).is_some()))
        {
            return None;
        }
    }
    if feminine {
        return hour_at(d, end);
    }
    let date = cx
        .reference
        .and_then(|r| Date::new(r.year(), r.month(), d).ok());
    found(end, 0, date, Grain::Day)
}

/// A day and a month joined by a dot or a dash after a verb of return or meeting (سأعود في
/// 22-4, سنلتقي 4.22): day first, as in the numeric dates, unless the day cannot be first.
/// Without that context such a pair is a decimal or a score.
fn day_dot_month(cx: &Cx, i: usize) -> Option<Found> {
    let verb_at = |k: usize| cx.word(k).is_some_and(return_verb);
    let context =
        (i > 0 && verb_at(i - 1)) || (i > 1 && cx.is(i - 1, &["في", "الي"]) && verb_at(i - 2));
    if !context {
        return None;
    }
    let digits = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let t = cx.tokens.get(i)?;
    if t.kind != TokenKind::Number {
        return None;
    }
    let s = t.norm_str(cx.norm);
    let (a, b, end) = if let Some((a, b)) = s.split_once('.') {
        (a, b, i + 1)
    } else if cx.mark(i + 1, &["-", "."]) && cx.glued(i) && cx.glued(i + 1) {
        let u = cx.tokens.get(i + 2)?;
        if u.kind != TokenKind::Number || cx.mark(i + 3, &["-", ".", "/"]) && cx.glued(i + 2) {
            return None;
        }
        (s, u.norm_str(cx.norm), i + 3)
    } else {
        return None;
    };
    if !digits(a) || !digits(b) {
        return None;
    }
    let (a, b): (i8, i8) = (a.parse().ok()?, b.parse().ok()?);
    let (d, m) = if a <= 12 && b > 12 { (b, a) } else { (a, b) };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let date = resolve_month(Some(d), m as u8, None, cx.reference);
    found(end, 0, date, Grain::Day)
}

/// True when word `w` may begin a date, range, duration or recurrence. Memoised per thread: the test
/// tries each clitic reading of the word against a few hundred forms, and news text repeats
/// its words.
fn may_begin(w: &str) -> bool {
    fn test(w: &str) -> bool {
        matches!(w, "من" | "بين" | "طوال" | "الي")
            || cores(w).any(|(_, c, _)| {
                may_start(c) || duration_unit(c).is_some() || c == "كل" || frequency(c).is_some()
            })
    }
    thread_local! {
        static SEEN: crate::norm::Memo = const { crate::norm::memo() };
    }
    crate::norm::memoised(&SEEN, w, test)
}

/// How fine a grain is (a year 0, a minute 5).
fn rank(g: Grain) -> u8 {
    match g {
        Grain::Year => 0,
        Grain::Month => 1,
        Grain::Week => 2,
        Grain::Day => 3,
        Grain::Hour => 4,
        Grain::Minute => 5,
    }
}

/// A duration found at a token.
struct Duration {
    end: usize,
    clitic: usize,
    iso: String,
    grain: Grain,
}

/// A unit of duration: its ISO 8601 letter, whether it is a time unit (after `T`), its grain,
/// and its count when the word is a dual (2) or a singular (1; 0 for a plural that needs a
/// count).
fn duration_unit(s: &str) -> Option<(char, bool, Grain, u8)> {
    Some(match s {
        "ثانيه" => ('S', true, Grain::Minute, 1),
        "ثانيتين" | "ثانيتان" => ('S', true, Grain::Minute, 2),
        "ثوان" | "ثواني" => ('S', true, Grain::Minute, 0),
        "دقيقه" => ('M', true, Grain::Minute, 1),
        "دقيقتين" | "دقيقتان" => ('M', true, Grain::Minute, 2),
        "دقائق" => ('M', true, Grain::Minute, 0),
        "ساعه" | "الساعه" => ('H', true, Grain::Hour, 1),
        "ساعتين" | "ساعتان" => ('H', true, Grain::Hour, 2),
        "ساعات" | "الساعات" => ('H', true, Grain::Hour, 0),
        "يوم" | "يوما" | "اليوم" => ('D', false, Grain::Day, 1),
        "يومين" | "يومان" => ('D', false, Grain::Day, 2),
        "ايام" | "الايام" => ('D', false, Grain::Day, 0),
        "اسبوع" | "اسبوعا" | "الاسبوع" => ('W', false, Grain::Week, 1),
        "اسبوعين" | "اسبوعان" => ('W', false, Grain::Week, 2),
        "اسابيع" => ('W', false, Grain::Week, 0),
        "شهر" | "شهرا" | "الشهر" => ('M', false, Grain::Month, 1),
        "شهرين" | "شهران" => ('M', false, Grain::Month, 2),
        "اشهر" | "شهور" => ('M', false, Grain::Month, 0),
        "سنه" | "عام" | "عاما" | "العام" | "السنه" => {
            ('Y', false, Grain::Year, 1)
        }
        "سنتين" | "سنتان" | "عامين" | "عامان" => ('Y', false, Grain::Year, 2),
        "سنوات" | "اعوام" | "سنين" => ('Y', false, Grain::Year, 0),
        _ => return None,
    })
}

/// One part of a duration at token `k`: (amount, unit letter, time unit, grain, end). `lead`:
/// after لمدة, مدة or طوال, where a unit alone (لمدة ساعة) counts as one.
fn duration_part(cx: &Cx, k: usize, lead: bool) -> Option<(f64, char, bool, Grain, usize)> {
    let t = cx.tokens.get(k)?;
    let unit_at = |j: usize| cx.word(j).and_then(duration_unit);
    // نصف ساعة, نصف عام.
    if cx.is(k, &["نصف"])
        && let Some((u, time, g, 1)) = unit_at(k + 1)
    {
        return Some((0.5, u, time, g, k + 2));
    }
    // A count, then a plural (3 أيام) or, from eleven, a singular (21 يوما).
    if matches!(t.kind, TokenKind::Number | TokenKind::Word)
        && let Some(p) = numbers::parse_at(cx.norm, cx.tokens, k)
        && !p.ordinal
        && !p.percent
        && p.clitic == 0
        && p.value > 0.0
        && let Some((u, time, g, n)) = unit_at(p.end)
        && n != 2
        // A count takes a unit without the article: in من 420899 العام الماضي or 5 اليوم
        // السبت the number ends one phrase and the unit begins the next (but خلال 24 الساعة
        // الماضية).
        && !cx
            .word(p.end)
            .is_some_and(|w| w.starts_with("ال") && !w.starts_with("الساع"))
    {
        return Some((p.value, u, time, g, p.end + 1));
    }
    // A dual (ساعتين), or a singular after لمدة or before كامل (يوم كامل, عام واحد).
    let (u, time, g, n) = unit_at(k)?;
    let mut e = k + 1;
    let whole = cx.is(e, &["كامل", "كامله", "واحد", "واحده"]);
    if whole {
        e += 1;
    }
    match n {
        2 => Some((2.0, u, time, g, e)),
        1 if lead || whole => Some((1.0, u, time, g, e)),
        _ => None,
    }
}

/// A duration at token `i` followed by من الآن, after منذ or قبل (back from the reference) or
/// بعد (ahead): the day it points to (none without a reference) and the end of من الآن.
fn from_now(cx: &Cx, i: usize, d: &Duration) -> Option<(Option<Date>, usize)> {
    if i == 0 || !cx.is(d.end, &["من"]) || !cx.is(d.end + 1, &["الان"]) {
        return None;
    }
    let sign: i64 = if cx.is(i - 1, &["منذ", "قبل"]) {
        -1
    } else if cx.is(i - 1, &["بعد"]) {
        1
    } else {
        return None;
    };
    let (date_part, time_part) = d
        .iso
        .strip_prefix('P')?
        .split_once('T')
        .unwrap_or((d.iso.get(1..)?, ""));
    if !time_part.is_empty() {
        return None;
    }
    // Whole years, months, weeks and days: P2Y1M21D.
    let mut span = jiff::Span::new();
    let mut n = String::new();
    for ch in date_part.chars() {
        if ch.is_ascii_digit() {
            n.push(ch);
            continue;
        }
        let v: i64 = n.parse().ok()?;
        n.clear();
        span = match ch {
            'Y' => span.try_years(sign * v).ok()?,
            'M' => span.try_months(sign * v).ok()?,
            'W' => span.try_weeks(sign * v).ok()?,
            'D' => span.try_days(sign * v).ok()?,
            _ => return None,
        };
    }
    let date = cx.reference.and_then(|r| r.checked_add(span).ok());
    Some((date, d.end + 2))
}

/// A duration: لمدة ثلاثة أيام (لمدة outside the span), 3 ساعات, ساعتين ونصف, نصف ساعة,
/// طوال الأسبوع, يوم كامل, عام واحد وشهر و21 يوما.
fn duration_at(cx: &Cx, i: usize) -> Option<Duration> {
    let t = cx.tokens.get(i)?;
    let w = match t.kind {
        TokenKind::Number => "",
        TokenKind::Word => t.norm_str(cx.norm),
        _ => return None,
    };
    // The words before a duration: لمدة and مدة stay outside the span, طوال inside.
    let prev_lead = i > 0 && cx.is(i - 1, &["لمده", "مده", "طيله"]);
    let (lead, k) = if w == "طوال" {
        (true, i + 1)
    } else {
        (prev_lead, i)
    };
    // After منذ, قبل or بعد a unit alone also counts as one when more parts follow (منذ شهر
    // و21 يوما من الآن); not one with the article (منذ العام المالي names a year).
    let (first, needs_more) = match duration_part(cx, k, lead) {
        Some(p) => (p, false),
        None if i > 0 && cx.is(i - 1, &["منذ", "قبل", "بعد"]) && !w.starts_with("ال") => {
            (duration_part(cx, k, true)?, true)
        }
        None => return None,
    };
    let (mut amount, mut unit, mut time, mut grain, mut e) = first;
    let mut parts: Vec<(f64, char, bool)> = Vec::new();
    let mut finest = grain;
    loop {
        // ساعة ونصف, ساعتين ونصف.
        let half = cx.is(e, &["ونصف"]) || (cx.is(e, &["و"]) && cx.is(e + 1, &["نصف"]));
        if half {
            amount += 0.5;
            e += if cx.is(e, &["و"]) { 2 } else { 1 };
        }
        parts.push((amount, unit, time));
        // و شهر و 21 يوما: more parts joined by و.
        let next = if cx.is(e, &["و"]) || cx.mark(e, &[",", "،"]) {
            duration_part(cx, e + 1, true)
        } else if cx
            .word(e)
            .is_some_and(|w| w.starts_with('و') && w.len() > 2)
        {
            // وشهر, و21: the و joined to the next word or number.
            None
        } else {
            duration_part(cx, e, false).filter(|p| p.1 != unit || p.2 != time)
        };
        match next {
            Some((a, u, tm, g, end)) if !half && !parts.iter().any(|p| p.1 == u && p.2 == tm) => {
                (amount, unit, time, grain, e) = (a, u, tm, g, end);
                if rank(grain) > rank(finest) {
                    finest = grain;
                }
            }
            _ => break,
        }
    }
    if needs_more && parts.len() < 2 {
        return None;
    }
    // ISO 8601: years, months, weeks, days, then T hours, minutes, seconds.
    let order = [
        ('Y', false),
        ('M', false),
        ('W', false),
        ('D', false),
        ('H', true),
        ('M', true),
        ('S', true),
    ];
    let mut iso = String::from("P");
    let mut t_done = false;
    for (u, tm) in order {
        if let Some(p) = parts.iter().find(|p| p.1 == u && p.2 == tm) {
            if tm && !t_done {
                iso.push('T');
                t_done = true;
            }
            iso.push_str(&format!("{}{u}", p.0));
        }
    }
    Some(Duration {
        end: e,
        clitic: 0,
        iso,
        grain: finest,
    })
}

/// A recurring time found at a token (TimeML's set).
struct Recur {
    end: usize,
    clitic: usize,
    /// TimeML's value: `P1D`, `P2W`, `XXXX-WXX-5`, `XXXX-03-08`, `T15`, `TMO`, `XXXX-WXX-1T16`.
    set: String,
    grain: Grain,
}

/// An adverb of frequency: يوميا, أسبوعيا, شهريا, سنويا.
fn frequency(w: &str) -> Option<(&'static str, Grain)> {
    Some(match w {
        "يوميا" => ("P1D", Grain::Day),
        "اسبوعيا" => ("P1W", Grain::Week),
        "شهريا" => ("P1M", Grain::Month),
        "سنويا" => ("P1Y", Grain::Year),
        _ => return None,
    })
}

/// A singular unit or part of the day after كل (كل يوم, كل عام, كل صباح): the set it makes.
fn every(w: &str) -> Option<(&'static str, Grain)> {
    Some(match w {
        "ساعه" => ("PT1H", Grain::Hour),
        "يوم" => ("P1D", Grain::Day),
        "اسبوع" => ("P1W", Grain::Week),
        "شهر" => ("P1M", Grain::Month),
        "عام" | "سنه" => ("P1Y", Grain::Year),
        "صباح" => ("TMO", Grain::Hour),
        "ظهيره" => ("TAF", Grain::Hour),
        "مساء" => ("TEV", Grain::Hour),
        "ليله" => ("TNI", Grain::Hour),
        _ => return None,
    })
}

/// A weekday named without its article (جمعة, اثنين; after كل يوم, أول يوم) or, unless `bare`,
/// with it (الجمعة). `bare`: right after كل, where أحد and اثنين would be "everyone" and "every
/// two", and كل الاثنين "both of them".
fn weekday_word(w: &str, bare: bool) -> Option<Weekday> {
    Some(match w {
        "احد" if !bare => Weekday::Sunday,
        "اثنين" if !bare => Weekday::Monday,
        "ثلاثاء" => Weekday::Tuesday,
        "اربعاء" => Weekday::Wednesday,
        "خميس" => Weekday::Thursday,
        "جمعه" => Weekday::Friday,
        "سبت" => Weekday::Saturday,
        _ if bare => return None,
        _ => return weekday(w),
    })
}

fn weekday_set(wd: Weekday) -> String {
    format!("XXXX-WXX-{}", wd.to_monday_one_offset())
}

/// True for a set of one weekday without a time (`XXXX-WXX-5`).
fn is_weekday_set(set: &str) -> bool {
    set.len() == 10 && set.starts_with("XXXX-WXX-")
}

/// A time of day after a set of days (كل يوم اثنين الساعة 4 مساء, كل ليلة في 9), from token
/// `k`: the set with its time, and the end.
fn set_time(cx: &Cx, k: usize, set: &str) -> Option<(String, Grain, usize)> {
    let mut k = k;
    if cx.mark(k, &[",", "،"]) {
        k += 1;
    }
    // كل يوم على الساعة 8, as the Maghreb writes it.
    let fi = cx.is(k, &["في", "عند"]) || (cx.is(k, &["علي"]) && cx.is(k + 1, &["الساعه"]));
    if fi {
        k += 1;
    }
    // A bare number is an hour only after a part of the day (كل ليلة في 9), not كل يوم في
    // 3 مناطق.
    let part = ["TMO", "TAF", "TEV", "TNI"]
        .iter()
        .find(|p| set.ends_with(*p));
    let mut c = clock_loose(cx, k, fi && part.is_some())?;
    // The part of the day sets the hour's half, as `day_part` does: كل ليلة في 9 is 21, كل
    // ليلة الساعة 2 is 2, بعد ظهر كل يوم الساعة 3 is 15.
    if !c.part {
        if part == Some(&"TNI") && c.hour == 12 {
            c.hour = 0;
        }
        let pm = match part {
            Some(&"TNI") => (6..12).contains(&c.hour),
            Some(&"TEV" | &"TAF") => (1..12).contains(&c.hour),
            _ => false,
        };
        if pm {
            c.hour += 12;
        }
    }
    let (time, grain) = clock_time(&c);
    // The days: a weekday's set keeps them, a daily one is the time alone.
    let days = set.get(..10).filter(|d| is_weekday_set(d)).unwrap_or("");
    Some((format!("{days}{time}"), grain, c.end))
}

/// A recurring time that begins at token `i`: يوميا, سنويا; كل يوم, كل عام, كل صباح; كل
/// يومين, كل ثلاثة أسابيع, كل 4 سنوات; كل يوم جمعة, كل خميس, أيام الاثنين; صباح كل يوم,
/// بعد ظهر كل يوم جمعة; with a time after a set of days (كل يوم اثنين الساعة 4 مساء).
fn recurrence_at(cx: &Cx, i: usize) -> Option<Recur> {
    let w = cx.word(i)?;
    // Most candidates are other dates: a byte test passes over them.
    let maybe = w.ends_with("يا")
        || w.contains("كل")
        || w.contains("ايام")
        || matches!(w, "صباح" | "مساء" | "بعد");
    if !maybe {
        return None;
    }
    if let Some((clitic, (set, grain))) = cores(w).find_map(|(p, c, _)| Some((p, frequency(c)?))) {
        return Some(Recur {
            end: i + 1,
            clitic,
            set: set.to_string(),
            grain,
        });
    }
    // أيام الاثنين: on Mondays. Not a list (أيام الجمعة والسبت والأحد, as often the days of
    // one event as days that recur) nor a range (من أيام الاثنين حتى الجمعة).
    if let Some((clitic, _, _)) = cores(w).find(|(_, c, _)| *c == "ايام")
        && let Some(wd) = cx.word(i + 1).and_then(weekday)
        && !cx.is(i + 2, &["حتي", "الي"])
        // أيام الجمعة 9 ديسمبر والثلاثاء 13 ديسمبر: days with their dates.
        && cx.day(i + 2).is_none()
        && cx
            .word(i + 2)
            .and_then(|w| w.strip_prefix('و'))
            .is_none_or(|w| weekday(w).is_none())
        // أيام السبت، والأحد; أيام السبت أو الأحد (not أيام الجمعة، وفق القرار).
        && !((cx.is(i + 2, &["او", "و"]) || cx.mark(i + 2, &[",", "،"]))
            && cx
                .word(i + 3)
                .map(|w| w.strip_prefix('و').unwrap_or(w))
                .is_some_and(|w| weekday(w).is_some()))
    {
        return Some(Recur {
            end: i + 2,
            clitic,
            set: weekday_set(wd),
            grain: Grain::Day,
        });
    }
    // صباح كل يوم, بعد ظهر كل يوم جمعة: a part of the day before كل يوم.
    let (part, k, clitic) = match w {
        "صباح" => (Some("TMO"), i + 1, 0),
        "مساء" => (Some("TEV"), i + 1, 0),
        "بعد" if cx.is(i + 1, &["ظهر"]) => (Some("TAF"), i + 2, 0),
        _ => (None, i, cores(w).find(|(_, c, _)| *c == "كل")?.0),
    };
    if part.is_some() && !(cx.is(k, &["كل"]) && cx.is(k + 1, &["يوم"])) {
        return None;
    }
    let j = k + 1;
    let next = cx.word(j);
    let (mut set, mut grain, mut end, days) = if let Some(wd) = next
        .filter(|&w| w == "يوم")
        .and(cx.word(j + 1))
        .and_then(|w| weekday_word(w, false))
    {
        (weekday_set(wd), Grain::Day, j + 2, true)
    } else if let Some(wd) = next.and_then(|w| weekday_word(w, true)) {
        (weekday_set(wd), Grain::Day, j + 1, true)
    } else if let Some((set, grain)) = next.and_then(every) {
        // كل شهر مارس: every March.
        if set == "P1M"
            && let Some((m, e, 0, _)) = cx.month(j + 1)
        {
            return Some(Recur {
                end: e,
                clitic,
                set: format!("XXXX-{m:02}"),
                grain: Grain::Month,
            });
        }
        // كل شهر رمضان: every Ramadan, not every month; كل يوم 24 من كل شهر: a day of the
        // month (see `recurring`); كل عام وأنتم بخير: a greeting.
        let day_of_month = set == "P1D"
            && cx.day(j + 1).is_some_and(|(_, e, _)| {
                cx.is(e, &["كل"]) || (cx.is(e, &["من"]) && cx.is(e + 1, &["كل"]))
            });
        if day_of_month
            || cx
                .word(j + 1)
                .is_some_and(|w| hijri_month(w, None).is_some())
            || (set == "P1Y"
                && (cx.is(j + 1, &["وانتم", "وانتن", "وانت", "وانتي"])
                    || (cx.is(j + 1, &["و"]) && cx.is(j + 2, &["انتم", "انتن", "انت", "انتي"]))))
        {
            return None;
        }
        let days = matches!(set, "P1D" | "TMO" | "TAF" | "TEV" | "TNI");
        (set.to_string(), grain, j + 1, days)
    } else if let Some(d) = duration_at(cx, j) {
        // كل يومين, كل ثلاثة أسابيع, كل 4 سنوات.
        (d.iso, d.grain, d.end, false)
    } else {
        // كل 15 مايو, كل 4/15: a day of the year (not كل اليوم, the whole day).
        let f = at(cx, j)?;
        let named = (j..f.end).any(|t| cx.month(t).is_some())
            || cx
                .tokens
                .get(j)
                .is_some_and(|t| t.kind == TokenKind::Number);
        if !named
            || f.end_value.is_some()
            || !matches!(f.grain, Grain::Day | Grain::Month)
            || cx.has_year(j..f.end)
        {
            return None;
        }
        let set = format!("XXXX{}", f.value.as_deref()?.get(4..)?);
        (set, f.grain, f.end, false)
    };
    if let Some(p) = part {
        match set.as_str() {
            "P1D" => set = p.to_string(),
            s if is_weekday_set(s) => set.push_str(p),
            _ => return None,
        }
        grain = Grain::Hour;
    }
    if days && let Some((s, g, e)) = set_time(cx, end, &set) {
        (set, grain, end) = (s, g, e);
    }
    Some(Recur {
        end,
        clitic,
        set,
        grain,
    })
}

/// The set a date found at `i` makes with what follows it, when that makes it recur: a time
/// before a set of days (الساعة 3 مساء كل يوم, السادسة صباحا من كل يوم, الساعة 9 صباحا أيام
/// الأحد), a day or month of a named month without a year before (من) كل عام (في 8 مارس من
/// كل عام: `XXXX-03-08`), a day before من كل شهر (يوم 24 من كل شهر: `XXXX-XX-24`), a bare
/// weekday before من كل أسبوع (الجمعة من كل أسبوع).
fn recurring(cx: &Cx, i: usize, f: &Found) -> Option<Recur> {
    if f.end_value.is_some() {
        return None;
    }
    let j = f.end;
    if matches!(f.grain, Grain::Hour | Grain::Minute) {
        // Only a clock alone (السادسة صباحا من كل يوم): a time on a day the text names
        // (اعتبارا من السبت 21 مارس الساعة 7 مساء يوميا) keeps its date.
        let c = clock(cx, i).or_else(|| part_then_clock(cx, i))?;
        if c.end != j {
            return None;
        }
        let k = if cx.is(j, &["من"]) { j + 1 } else { j };
        let r = recurrence_at(cx, k)?;
        let time = clock_time(&c).0;
        let set = match r.set.as_str() {
            "P1D" => time,
            s if is_weekday_set(s) => format!("{s}{time}"),
            _ => return None,
        };
        return Some(Recur {
            end: r.end,
            clitic: 0,
            set,
            grain: f.grain,
        });
    }
    let k = if cx.is(j, &["من"]) { j + 1 } else { j };
    if !cx.is(k, &["كل"]) {
        return None;
    }
    let month = (i..j).any(|t| cx.month(t).is_some());
    let set = if cx.is(k + 1, &["عام", "سنه"])
        && month
        && matches!(f.grain, Grain::Day | Grain::Month)
        && !cx.has_year(i..j)
    {
        // The day and month need a reference to have been read (a value).
        format!("XXXX{}", f.value.as_deref()?.get(4..)?)
    } else if cx.is(k + 1, &["شهر"])
        && f.grain == Grain::Day
        && !month
        && !(i..j).any(|t| {
            cx.word(t)
                .is_some_and(|w| cores(w).any(|(_, c, _)| weekday(c).is_some()))
        })
    {
        // يوم 24 من كل شهر: a day of every month.
        format!("XXXX-XX{}", f.value.as_deref()?.get(7..)?)
    } else if cx.is(k + 1, &["اسبوع"]) && f.grain == Grain::Day && !month && j - i <= 2 {
        let wd = cx
            .word(j - 1)
            .and_then(|w| cores(w).find_map(|(_, c, _)| weekday(c)))?;
        weekday_set(wd)
    } else {
        return None;
    };
    Some(Recur {
        end: k + 2,
        clitic: 0,
        set,
        grain: f.grain,
    })
}

/// A date found at a token.
struct Found {
    end: usize,
    clitic: usize,
    value: Option<String>,
    end_value: Option<String>,
    grain: Grain,
}

fn found(end: usize, clitic: usize, date: Option<Date>, grain: Grain) -> Option<Found> {
    Some(Found {
        end,
        clitic,
        value: date.map(|d| fmt(d, grain)),
        end_value: None,
        grain,
    })
}

/// A day and a month: العاشر من اكتوبر, 20 اغسطس 2020.
fn day_month(cx: &Cx, day: Option<(i8, usize, usize)>) -> Option<Found> {
    let (day, j, clitic) = day?;
    // 2. أكتوبر, 2- أكتوبر, 2/ أكتوبر: a mark glued to the day.
    let j = if cx.mark(j, &[".", "-", "/"]) && cx.glued(j - 1) {
        j + 1
    } else {
        j
    };
    let k = if cx.is(j, &["من", "في"]) {
        j + 1
    } else {
        j
    };
    // 20 من الشهر المقبل, العشرين من هذا الشهر, الخامس من الشهر الجاري.
    if let Some((shift, e)) = cx.relative_month(k) {
        let date = cx.reference.and_then(|r| {
            let first = add_months(r.first_of_month(), shift)?;
            Date::new(first.year(), first.month(), day).ok()
        });
        return found(e, clitic, date, Grain::Day);
    }
    // 22 من شهر أغسطس: the word شهر before the month's name.
    let k = if cx.is(k, &["شهر"]) && cx.month(k + 1).is_some() {
        k + 1
    } else {
        k
    };
    let (m, e, 0, _) = cx.month(k)? else {
        return None;
    };
    let (modifier, e) = cx.after_month(e);
    let date = resolve_month(Some(day), m, modifier, cx.reference);
    found(e, clitic, date, Grain::Day)
}

/// A date in digits: 2016/02/22, 22/04/2016, 21-04-2016 (day first, as Arabic news writes
/// it, unless the day cannot be first), 22/04 (the year from [`bare_year`]; two parts only
/// with a slash).
fn numeric(cx: &Cx, i: usize) -> Option<Found> {
    let num = |k: usize| -> Option<(u32, usize)> {
        let t = cx.tokens.get(k)?;
        let s = t.norm_str(cx.norm);
        (t.kind == TokenKind::Number
            && (1..=4).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok().map(|v| (v, s.len())))
        .flatten()
    };
    let glued = |k: usize| -> bool {
        match (cx.tokens.get(k), cx.tokens.get(k + 1)) {
            (Some(a), Some(b)) => a.span.end == b.span.start,
            _ => false,
        }
    };
    let sep = |k: usize| -> Option<&str> {
        let t = cx.tokens.get(k)?;
        let s = t.norm_str(cx.norm);
        (t.kind == TokenKind::Punct && matches!(s, "/" | "-")).then_some(s)
    };
    // Not the middle of another date (16/04/21).
    if i > 0 && cx.glued(i - 1) && cx.mark(i - 1, &["/", "-", "."]) {
        return None;
    }
    let (a, alen) = num(i)?;
    let s1 = sep(i + 1)?;
    if !glued(i) || !glued(i + 1) {
        return None;
    }
    let (b, blen) = num(i + 2)?;
    // 3/2015, 3-2015, 2015/3: a month and a year.
    let three_parts = sep(i + 3).is_some() && glued(i + 2);
    if !three_parts {
        let (m, y) = match (alen, blen) {
            (1 | 2, 4) => (a, b),
            (4, 1 | 2) => (b, a),
            _ => (0, 0),
        };
        if (1..=12).contains(&m) && (1900..=2100).contains(&y) {
            return found(i + 3, 0, Date::new(y as i16, m as i8, 1).ok(), Grain::Month);
        }
    }
    let three = sep(i + 3) == Some(s1) && glued(i + 2) && glued(i + 3);
    let (y, m, d, end) = match (three, num(i + 4)) {
        (true, Some((c, clen))) => {
            if alen == 4 {
                (a as i16, b, c, i + 5)
            } else if clen == 4 {
                let (d, m) = if a <= 12 && b > 12 { (b, a) } else { (a, b) };
                (c as i16, m, d, i + 5)
            } else if clen == 2 && alen <= 2 {
                // 18-9-15: a two-digit year, in the century that puts it nearest the
                // reference (at most ten years ahead).
                let r = cx.reference?.year();
                let y = 2000 + c as i16;
                let y = if y > r + 10 { y - 100 } else { y };
                (y, b, a, i + 5)
            } else {
                return None;
            }
        }
        _ => {
            if s1 != "/" || alen > 2 {
                return None;
            }
            let (d, m) = if a <= 12 && b > 12 { (b, a) } else { (a, b) };
            let y = bare_year(u8::try_from(m).ok()?, cx.reference?);
            (y, m, d, i + 3)
        }
    };
    let date = Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()?;
    found(end, 0, Some(date), Grain::Day)
}

/// A year and a month joined by a dot, either way round: 2015.3, 3.2015 (a month of that
/// year). Not a quantity: not after a word that introduces one (بلغ 2015.3, عند 2015.3) nor
/// before a unit, a number word or a percent sign.
fn year_dot_month(cx: &Cx, i: usize) -> Option<Found> {
    let t = cx.tokens.get(i)?;
    if t.kind != TokenKind::Number {
        return None;
    }
    let (a, b) = t.norm_str(cx.norm).split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(a) || !digits(b) {
        return None;
    }
    let (y, m) = match (a.len(), b.len()) {
        (4, 1 | 2) => (a, b),
        (1 | 2, 4) => (b, a),
        _ => return None,
    };
    let (y, m): (i16, i8) = (y.parse().ok()?, m.parse().ok()?);
    if !(1900..=2100).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let quantity_before = i > 0
        && cx.word(i - 1).is_some_and(|w| {
            matches!(
                w,
                "عند" | "الي" | "من" | "بلغ" | "بلغت" | "نحو" | "حوالي" | "مستوي" | "قدره"
            )
        });
    let quantity_after = cx.mark(i + 1, &["%", "٪"])
        || cx
            .word(i + 1)
            .is_some_and(|w| numbers::unit(w).is_some() || numbers::lookup(w).is_some());
    if quantity_before || quantity_after {
        return None;
    }
    found(i + 1, 0, Date::new(y, m, 1).ok(), Grain::Month)
}

/// A month followed by its day: يناير الثاني والعشرين، 2018; سبتمبر10, 1901; يناير-1;
/// سبتمبر 16 2016. A day in digits after a space needs a year after it.
fn month_day(cx: &Cx, i: usize) -> Option<Found> {
    let (m, e, clitic, needs_context) = cx.month(i)?;
    let digit_day = |k: usize| -> Option<i8> {
        let t = cx.tokens.get(k)?;
        let s = t.norm_str(cx.norm);
        if t.kind != TokenKind::Number || !(1..=2).contains(&s.len()) {
            return None;
        }
        let d: i8 = s.parse().ok()?;
        (1..=31).contains(&d).then_some(d)
    };
    let (day, after, spaced) = if cx.mark(e, &["-"]) && cx.glued(e - 1) && cx.glued(e) {
        (digit_day(e + 1)?, e + 2, false)
    } else if let Some(d) = digit_day(e) {
        (d, e + 1, !cx.glued(e - 1))
    } else {
        let p = numbers::parse_at(cx.norm, cx.tokens, e)?;
        if !p.ordinal || p.clitic > 0 || p.value.fract() != 0.0 || !(1.0..=31.0).contains(&p.value)
        {
            return None;
        }
        (p.value as i8, p.end, false)
    };
    let (modifier, end) = cx.after_month(after);
    if (spaced || needs_context) && !matches!(modifier, Some(Ok(_))) {
        return None;
    }
    let date = resolve_month(Some(day), m, modifier, cx.reference);
    found(end, clitic, date, Grain::Day)
}

/// The Monday of the ISO week `shift` weeks from the reference's, plus the weekday.
fn in_week(r: Date, shift: i64, wd: Weekday) -> Option<Date> {
    let monday = add_days(r, -i64::from(r.weekday().to_monday_zero_offset()))?;
    add_days(monday, 7 * shift + i64::from(wd.to_monday_zero_offset()))
}

/// Two weekdays of a week named just before token `k`, `shift` weeks from the reference's:
/// (الأسبوع المقبل) بين الأربعاء والجمعة, (هذا الأسبوع) من الثلاثاء إلى الخميس. The range of
/// those days, ending at the second weekday.
fn week_days(cx: &Cx, k: usize, shift: i64) -> Option<Found> {
    let between = cx.is(k, &["بين"]);
    if !between && !cx.is(k, &["من"]) {
        return None;
    }
    let wd1 = cx.word(k + 1).and_then(weekday)?;
    let (k2, clitic) = connector(cx, k + 2, between)?;
    let wd2 = cx
        .word(k2)
        .and_then(|w| w.get(clitic..))
        .and_then(weekday)?;
    let day = |wd| cx.reference.and_then(|r| in_week(r, shift, wd));
    let (a, b) = (day(wd1), day(wd2));
    if let (Some(a), Some(b)) = (a, b)
        && a > b
    {
        return None;
    }
    Some(Found {
        end: k2 + 1,
        clitic: 0,
        value: a.map(|a| fmt(a, Grain::Day)),
        end_value: b.map(|b| fmt(b, Grain::Day)),
        grain: Grain::Day,
    })
}

/// A connector between the two ends of a range at token `k`: إلى, حتى, a dash, and after بين
/// also و (apart or joined to the next word: والجمعة). Returns the token where the second end
/// starts and how many bytes of clitic it has.
fn connector(cx: &Cx, k: usize, between: bool) -> Option<(usize, usize)> {
    if cx.is(k, &["الي", "حتي", "لغايه"]) || cx.mark(k, &["-", "–"]) {
        return Some((k + 1, 0));
    }
    if between {
        if cx.is(k, &["و"]) {
            return Some((k + 1, 0));
        }
        if cx
            .word(k)
            .is_some_and(|w| w.starts_with('و') && w.len() > 2)
        {
            return Some((k, 'و'.len_utf8()));
        }
    }
    None
}

/// A range starting at token `i`: من 4 إلى 22 يناير 1995, بين 4-22 يناير, 19-20 نوفمبر,
/// من 4 حتى 23 من هذا الشهر, من 2014 إلى 2018, 2014-2018, من 2 أكتوبر إلى 22 أكتوبر,
/// بين الأربعاء والجمعة. The leading من or بين is part of the span.
fn range_at(cx: &Cx, i: usize) -> Option<Found> {
    if let Some(f) = time_range(cx, i) {
        return Some(f);
    }
    let t = cx.tokens.get(i)?;
    let lead = cx.word(i).filter(|w| matches!(*w, "من" | "بين"));
    let between = lead == Some("بين");
    if lead.is_none() && t.kind != TokenKind::Number {
        return None;
    }
    let mut s = if lead.is_some() { i + 1 } else { i };
    // بين عامي 2010 و2015, من عامي ...: the dual names the two years.
    if lead.is_some() && cx.is(s, &["عامي", "سنتي"]) && cx.year(s + 1).is_some() {
        s += 1;
    }
    // Two years; with a slash, a season of two years (2017/2018).
    let season = cx.mark(s + 1, &["/"]) && cx.glued(s) && cx.glued(s + 1);
    // من ألفين إلى ألفين وعشرة: two years in words (after من or بين only).
    if lead.is_some()
        && let Some((y1, e1)) = cx.year_words(s)
        && let Some((k, 0)) = connector(cx, e1, between)
        && let Some((y2, e2)) = cx.year_words(k)
        && y1 < y2
        && cx.word(e2).is_none_or(|w| numbers::unit(w).is_none())
    {
        return Some(Found {
            end: e2,
            clitic: 0,
            value: Some(format!("{y1:04}")),
            end_value: Some(format!("{y2:04}")),
            grain: Grain::Year,
        });
    }
    if let Some(y1) = cx.year(s).filter(|y| (1900..=2100).contains(y))
        && (lead.is_some() || season || cx.mark(s + 1, &["-"]) && cx.glued(s) && cx.glued(s + 1))
        && let Some((k, 0)) = connector(cx, s + 1, between).or(season.then_some((s + 2, 0)))
        && let Some(y2) = cx.year(k).filter(|y| (1900..=2100).contains(y))
        && y1 < y2
        && (!season || y2 == y1 + 1)
        && cx.word(k + 1).is_none_or(|w| numbers::unit(w).is_none())
    {
        return Some(Found {
            end: k + 1,
            clitic: 0,
            value: Some(format!("{y1:04}")),
            end_value: Some(format!("{y2:04}")),
            grain: Grain::Year,
        });
    }
    // Two days and one month: من 4 إلى 22 يناير, 19-20 نوفمبر.
    // (بين العاشر والخامس عشر من مايو: the و of the second day is joined to its word.)
    if let Some((d1, e1, 0)) = cx.day(s)
        && let Some((k, c)) = connector(cx, e1, between)
        && let Some((d2, e2, c2)) = cx.day(k)
        && c2 == c
        && d1 < d2
    {
        let j = if cx.is(e2, &["من", "في"]) {
            e2 + 1
        } else {
            e2
        };
        let month = if let Some((shift, e)) = cx.relative_month(j) {
            let first = cx
                .reference
                .and_then(|r| add_months(r.first_of_month(), shift));
            Some((first.map(|f| (f.year(), f.month())), e))
        } else if let Some((m, e, 0, _)) = cx.month(j) {
            let (modifier, e) = cx.after_month(e);
            let a = resolve_month(Some(d1), m, modifier, cx.reference);
            Some((a.map(|a| (a.year(), a.month())), e))
        } else {
            None
        };
        if let Some((ym, end)) = month {
            let day = |d: i8| ym.and_then(|(y, m)| Date::new(y, m, d).ok());
            let (a, b) = (day(d1), day(d2));
            return Some(Found {
                end,
                clitic: 0,
                value: a.map(|a| fmt(a, Grain::Day)),
                end_value: b.map(|b| fmt(b, Grain::Day)),
                grain: Grain::Day,
            });
        }
    }
    // Two dates: من 2 أكتوبر إلى 22 أكتوبر, اليوم حتى الغد, بين الأربعاء والجمعة.
    lead?;
    let f1 = at(cx, s)?;
    extend(cx, s, &f1, between)
}

/// A day followed by و and a later day of a month: the 8 of يومي 8 و9 مارس, and the 8 and 9
/// of أيام 8 و9 و10 مارس. Each day is a date of its own, in the month (and year) of the last;
/// before, the first days were bare numbers. `depth` bounds the chain.
fn day_list(cx: &Cx, i: usize, depth: u8) -> Option<Found> {
    // Most candidates have no و in reach: one look passes them by before any number is parsed.
    if depth > 4 || !(i + 1..i + 3).any(|k| cx.word(k).is_some_and(|w| w.starts_with('و'))) {
        return None;
    }
    let (d1, e1, clitic) = cx.day(i)?;
    // الأسبوع الأول والثاني من أبريل: an ordinal word counts weeks or rounds as often as days;
    // it is a day only where a day is expected.
    let digits = cx
        .tokens
        .get(i)
        .is_some_and(|t| t.kind == TokenKind::Number);
    if !digits && depth == 0 && !(i > 0 && cx.is(i - 1, &["في", "يومي", "ايام", "ليومي", "يوم"]))
    {
        return None;
    }
    // و before digits is a token of its own (و9); before a word, its clitic (والعاشر).
    let (k, c) = match cx.word(e1)? {
        "و" => (e1 + 1, 0),
        w if w.starts_with('و') && w.len() > 2 => (e1, 'و'.len_utf8()),
        _ => return None,
    };
    let f2 = match day_list(cx, k, depth + 1) {
        Some(f) => f,
        None => at(cx, k).filter(|f| {
            f.grain == Grain::Day
                && f.end_value.is_none()
                && cx.day(k).is_some()
                && (k..f.end).any(|j| cx.month(j).is_some() || cx.relative_month(j).is_some())
        })?,
    };
    if f2.clitic != c {
        return None;
    }
    let v2 = f2.value.as_deref()?;
    let d2: i8 = v2.get(8..10)?.parse().ok()?;
    if d1 >= d2 {
        return None;
    }
    let value = format!("{}{d1:02}", v2.get(..8)?);
    value.parse::<Date>().ok()?;
    Some(Found {
        end: e1,
        clitic,
        value: Some(value),
        end_value: None,
        grain: Grain::Day,
    })
}

/// A date (`f1`, from token `s`) followed by a connector and a second date of the same grain:
/// the range of both.
fn extend(cx: &Cx, s: usize, f1: &Found, between: bool) -> Option<Found> {
    let (k, clitic) = connector(cx, f1.end, between)?;
    let f2 = at(cx, k)?;
    // Two times of day are joined by `time_range`, which shares their day and half of the day.
    let time = |g| matches!(g, Grain::Hour | Grain::Minute);
    if time(f1.grain)
        || time(f2.grain)
        || f2.grain != f1.grain
        || f2.clitic != clitic
        || f1.end_value.is_some()
    {
        return None;
    }
    let mut start = f1.value.clone();
    // من أبريل إلى يونيو 2000, ديسمبر - فبراير 2000: a bare month before a month with its year
    // is in that year (or the one before, when it comes later in the calendar), not in the
    // reference's year.
    if f1.grain == Grain::Month
        && let Some((y2, m2)) = f2.value.as_deref().and_then(|b| {
            let (y, m) = b.split_once('-')?;
            Some((y.parse::<i32>().ok()?, m.parse::<u8>().ok()?))
        })
        && let Some((m1, e, _, _)) = (s..f1.end).find_map(|k| cx.month(k))
        && e == f1.end
    {
        let y1 = if m1 <= m2 { y2 } else { y2 - 1 };
        start = (0..=9999).contains(&y1).then(|| format!("{y1:04}-{m1:02}"));
    }
    // A range needs its start: without one (no reference date for it), the dates stay apart.
    start.as_ref()?;
    let mut end_value = f2.value;
    // بين 9 كانون الثاني 2017 و18 كانون الثاني, من 20 ديسمبر إلى 5 يناير: an end that names
    // a month but no year or direction is in the start's year (or the next, when it comes
    // earlier in the calendar).
    if matches!(f1.grain, Grain::Day | Grain::Month)
        && let (Some(a), Some(b)) = (&start, &end_value)
        && (a.get(..4) != b.get(..4) || b < a)
        && (k..f2.end).any(|j| cx.month(j).is_some())
        && !cx.has_year(k..f2.end)
        && !(k..f2.end).any(|j| {
            cx.word(j)
                .is_some_and(|w| dir(w).is_some() || matches!(w, "عام" | "العام" | "سنه" | "السنه"))
        })
        && let (Some(y1), Some(rest)) = (a.get(..4).and_then(|y| y.parse::<i32>().ok()), b.get(4..))
    {
        let valid = |v: String| {
            let ok = match f1.grain {
                Grain::Day => v.parse::<Date>().is_ok(),
                _ => true,
            };
            ok.then_some(v)
        };
        let same = format!("{y1:04}{rest}");
        end_value = if same >= *a {
            valid(same)
        } else {
            valid(format!("{:04}{rest}", y1 + 1))
        };
        end_value.as_ref()?;
    }
    if let (Some(a), Some(b)) = (&start, &end_value)
        && a > b
    {
        // من الأحد إلى الثلاثاء: a bare weekday after the first is the next such day.
        let wd = cx
            .word(k)
            .and_then(|w| w.get(clitic..))
            .and_then(weekday)
            .filter(|_| f2.end == k + 1)?;
        let a: Date = a.parse().ok()?;
        let b = (1..=7)
            .filter_map(|n| add_days(a, n))
            .find(|d| d.weekday() == wd)?;
        end_value = Some(fmt(b, Grain::Day));
    }
    Some(Found {
        end: f2.end,
        clitic: f1.clitic,
        value: start,
        end_value,
        grain: f1.grain,
    })
}

/// A time of day at `k` and the day named after it, if any: (clock, day as `YYYY-MM-DD`, end).
/// With `before`, only a time followed by a range connector (the first end of a range).
fn clock_and_day(
    cx: &Cx,
    k: usize,
    loose: bool,
    before: Option<bool>,
) -> Option<(Clock, Option<String>, usize)> {
    let c = clock(cx, k)
        .or_else(|| part_then_clock(cx, k))
        .or_else(|| clock_loose(cx, k, loose))?;
    if let Some(between) = before
        && connector(cx, c.end, between).is_some()
    {
        return Some((c, None, c.end));
    }
    // The day after the time (الساعة 4 مساء غدا): `time_at` reads it.
    match time_at(cx, k).filter(|f| f.end > c.end) {
        Some(f) => {
            let day = f
                .value
                .as_deref()
                .and_then(|v| v.get(..10))
                .map(str::to_string);
            Some((c, day, f.end))
        }
        None => Some((c, None, c.end)),
    }
}

/// Two times of day joined by a connector, from token `i` (a leading من or بين in the span):
/// من الساعة العاشرة صباحا حتى الثانية ظهرا, بين 5 و 6 مساء, من السادسة مساء حتى السادسة
/// صباحا, الساعة 4 حتى 5 مساء غدا. The ends share the day named after either (on the
/// reference day when none is) and a part of the day named after the second only (5 و 6 مساء:
/// 17 to 18); an end earlier than the start is on the next day (a curfew from 18 to 6). A bare
/// hour (من 5) counts only before a second time with its part of the day.
fn time_range(cx: &Cx, i: usize) -> Option<Found> {
    let lead = cx.word(i).filter(|w| matches!(*w, "من" | "بين"));
    let between = lead == Some("بين");
    let s = if lead.is_some() { i + 1 } else { i };
    // Most candidates have no connector in reach: one look over a few tokens passes them by
    // before any time is parsed.
    let near = (s + 1..s + 8).any(|k| {
        cx.is(k, &["الي", "حتي", "لغايه", "و"])
            || cx.mark(k, &["-", "–"])
            || (between && cx.word(k).is_some_and(|w| w.starts_with('و')))
    });
    if !near {
        return None;
    }
    let (mut c1, day1, e1) = clock_and_day(cx, s, lead.is_some(), Some(between))?;
    let loose = clock(cx, s).is_none() && part_then_clock(cx, s).is_none();
    let (k, 0) = connector(cx, e1, between)? else {
        return None;
    };
    // Without من, إلى joins the old time and the new (أجل الموعد العاشرة إلى الحادية عشرة);
    // حتى and a dash still make a range (الساعة 4 حتى 5 مساء).
    if lead.is_none() && cx.is(e1, &["الي"]) {
        return None;
    }
    // After a sure first end, the second may be a bare hour (من 2:30 مساء إلى الخامسة).
    let (mut c2, day2, end) = clock_and_day(cx, k, !loose, None)?;
    if loose && !c2.part {
        return None;
    }
    // بين 5 و 6 مساء: the part of the day after the second end sets the first's half too.
    if !c1.part && c2.part && c2.hour >= 12 && c1.hour < 12 && c1.hour + 12 <= c2.hour {
        c1.hour += 12;
    }
    // من العاشرة حتى الثانية, من 3 مساء حتى السابعة والنصف: an end with no part of the day
    // that would come before the start is in the afternoon or evening.
    let before = |a: &Clock, b: &Clock| (b.hour, b.minute) < (a.hour, a.minute);
    if !c2.part && c2.hour < 12 && before(&c1, &c2) && c2.hour + 12 > c1.hour {
        c2.hour += 12;
    }
    let today = cx.reference.map(|r| fmt(r, Grain::Day));
    let d1 = day1.clone().or_else(|| day2.clone()).or(today);
    let (mut minutes1, mut minutes2) = (c1, c2);
    // Both ends at the finer grain of the two.
    if c1.minute.is_some() || c2.minute.is_some() {
        minutes1.minute = Some(c1.minute.unwrap_or(0));
        minutes2.minute = Some(c2.minute.unwrap_or(0));
    }
    // An end at or before the start is on the next day (من السادسة مساء حتى السادسة صباحا).
    let later = (c2.hour, c2.minute.unwrap_or(0)) <= (c1.hour, c1.minute.unwrap_or(0));
    let d2 = match (&day2, &d1) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(d)) if later => d
            .parse::<Date>()
            .ok()
            .and_then(|d| add_days(d, 1))
            .map(|d| fmt(d, Grain::Day)),
        (None, d) => d.clone(),
    };
    let (value, grain) = time_value(d1.as_deref(), &minutes1);
    let (end_value, _) = time_value(d2.as_deref(), &minutes2);
    if let (Some(a), Some(b)) = (&value, &end_value)
        && a >= b
    {
        return None;
    }
    Some(Found {
        end,
        clitic: if lead.is_some() { 0 } else { c1.clitic },
        value,
        end_value,
        grain,
    })
}

/// A part of the day after a time: the hour it makes of `hour` (4 مساء: 16; 12 ليلا: 0), and
/// how many tokens it takes.
fn day_part(cx: &Cx, k: usize, hour: i64) -> Option<(i64, usize)> {
    let w = cx.word(k)?;
    let (pm, n) = match w {
        "صباحا" | "صباح" | "الصباح" | "فجرا" | "الفجر" | "فجر" => {
            (false, 1)
        }
        "ظهرا" | "الظهر" | "ظهر" => ((1..=5).contains(&hour), 1),
        "عصرا" | "العصر" | "عصر" | "مساء" | "مساءا" | "المساء" => {
            (hour < 12 && hour != 0, 1)
        }
        // الثالثة ليلا is three in the morning; العاشرة ليلا ten at night.
        "ليلا" | "الليل" | "ليل" => ((6..12).contains(&hour), 1),
        "بعد" if cx.is(k + 1, &["الظهر", "الظهيره", "الزوال", "ظهر"]) => {
            (hour < 12 && hour != 0, 2)
        }
        "في" if cx.is(k + 1, &["الليل", "المساء"]) => ((6..12).contains(&hour), 2),
        "في" if cx.is(k + 1, &["الصباح"]) => (false, 2),
        "هذا" if cx.is(k + 1, &["المساء"]) => (hour < 12 && hour != 0, 2),
        "هذا" if cx.is(k + 1, &["الصباح"]) => (false, 2),
        _ => return None,
    };
    let night = matches!(w, "ليلا" | "الليل" | "ليل") || cx.is(k + 1, &["الليل"]);
    let h = if night && hour == 12 {
        0
    } else if pm {
        hour + 12
    } else {
        hour
    };
    Some((h, n))
}

/// A time of day at token `i`.
#[derive(Clone, Copy, Debug)]
struct Clock {
    hour: i64,
    minute: Option<i64>,
    end: usize,
    clitic: usize,
    /// A part of the day (صباحا, مساء, بعد الظهر) set the hour's half.
    part: bool,
}

/// A time of day: الساعة الثالثة عصرا, الساعة 8:30 مساء, 7 صباحا, السابعة والنصف, الثامنة
/// إلا ربعا, الساعة الثامنة و20 دقيقة.
fn clock(cx: &Cx, i: usize) -> Option<Clock> {
    let w = cx.tokens.get(i)?;
    let mut k = i;
    let mut clitic = 0;
    let mut sure = false;
    let mut ordinal_hour = false;
    let mut hour_al = false;
    if w.kind == TokenKind::Word
        && let Some((pre, _, _)) = cores(w.norm_str(cx.norm)).find(|(_, c, _)| *c == "الساعه")
    {
        clitic = pre;
        sure = true;
        k += 1;
    }
    // منتصف الليل, منتصف-الليل, منتصف النهار, الظهيرة.
    if cx.is(k, &["منتصف"]) {
        let j = if cx.mark(k + 1, &["-"]) { k + 2 } else { k + 1 };
        let hour = match cx.word(j) {
            Some("الليل") => 0,
            Some("النهار") => 12,
            _ => return None,
        };
        return Some(Clock {
            hour,
            minute: None,
            end: j + 1,
            clitic,
            part: true,
        });
    }
    if cx.is(k, &["الظهيره"]) && (sure || k == i) {
        return Some(Clock {
            hour: 12,
            minute: None,
            end: k + 1,
            clitic,
            part: true,
        });
    }
    let digits = |k: usize| -> Option<i64> {
        let t = cx.tokens.get(k)?;
        let s = t.norm_str(cx.norm);
        (t.kind == TokenKind::Number
            && (1..=2).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
    };
    // The hour: digits (with :MM and :SS glued), or a number word.
    let (mut hour, mut minute, mut e, word) = if let Some(h) = digits(k) {
        if cx.mark(k + 1, &[":"]) && cx.glued(k) && cx.glued(k + 1) {
            let m = digits(k + 2).filter(|m| *m < 60)?;
            let mut e = k + 3;
            // :SS, kept only as a span.
            if cx.mark(e, &[":"]) && cx.glued(e - 1) && cx.glued(e) && digits(e + 1).is_some() {
                e += 2;
            }
            sure = true;
            (h, Some(m), e, false)
        } else {
            (h, None, k + 1, false)
        }
    } else {
        // One word (السابعة, ثمانية), or two for eleven and twelve (الحادية عشرة).
        let (pre, w, al) = numbers::lookup(cx.word(k)?)?;
        hour_al = al;
        if pre > 0 && k > i {
            return None;
        }
        let h = match w {
            numbers::Word::Unit(u) => i64::from(u),
            numbers::Word::Ordinal(u) => {
                ordinal_hour = true;
                i64::from(u)
            }
            numbers::Word::Ten => 10,
            _ => return None,
        };
        if k == i {
            clitic = pre;
        }
        match cx.word(k + 1) {
            Some("عشر" | "عشره") if h <= 9 => (h + 10, None, k + 2, true),
            _ => (h, None, k + 1, true),
        }
    };
    if !(0..=24).contains(&hour) {
        return None;
    }
    // Minutes: والنصف, وربع, و20 دقيقة, إلا ربعا, إلا 10 دقائق.
    if minute.is_none() {
        let (conj, j) = match cx.word(e) {
            Some("و") => (Some(true), e + 1),
            Some("الا") => (Some(false), e + 1),
            Some(x) if x.starts_with('و') && x.len() > 2 => (Some(true), e),
            _ => (None, e),
        };
        if let Some(plus) = conj {
            let strip = |x: &'_ str| -> String {
                let x = if plus {
                    x.strip_prefix('و').unwrap_or(x)
                } else {
                    x
                };
                x.to_string()
            };
            let frac = cx.word(j).map(strip).and_then(|x| match x.as_str() {
                "النصف" | "نصف" => Some(30),
                "الربع" | "ربع" | "ربعا" => Some(15),
                "الثلث" | "ثلث" | "ثلثا" => Some(20),
                _ => None,
            });
            let counted = || -> Option<(i64, usize)> {
                let p = numbers::parse_at(cx.norm, cx.tokens, j)?;
                let m = p.value as i64;
                if p.percent || p.ordinal || p.value.fract() != 0.0 || !(1..60).contains(&m) {
                    return None;
                }
                let e = if cx.is(p.end, &["دقيقه", "دقائق", "دقيقتين"]) {
                    p.end + 1
                } else if word
                    && plus
                    && !(ordinal_hour && cx.word(j).is_some_and(|w| w.starts_with("وال")))
                    && (ordinal_hour || !hour_al)
                {
                    // ثمانية وعشرون, السابعة وخمسة وثلاثون (الثامنة والعشرون is the 28th).
                    p.end
                } else {
                    return None;
                };
                Some((m, e))
            };
            if let Some(m) = frac {
                minute = Some(if plus { m } else { 60 - m });
                e = j + 1;
            } else if let Some((m, end)) = counted() {
                minute = Some(if plus { m } else { 60 - m });
                e = end;
            }
            if !plus && minute.is_some() {
                hour = (hour + 23) % 24;
            }
        }
    }
    let mut part = false;
    if let Some((h, n)) = day_part(cx, e, hour) {
        e += n;
        sure = true;
        part = true;
        hour = h;
    } else if cx.is(e, &["من"])
        && (sure || (word && cx.word(k).is_some_and(|w| w.ends_with('ه'))))
        && let Some((h, n)) = day_part(cx, e + 1, hour)
    {
        // العاشرة من صباح اليوم, الثالثة من بعد ظهر أمس: an hour (a feminine word, as hours
        // are; not الأولى, the first) in the part of a day named next.
        e += n + 1;
        sure = true;
        part = true;
        hour = h;
    }
    // العاشرة ليلا و25 دقيقة: the minutes after the part of the day.
    if part
        && minute.is_none()
        && cx.is(e, &["و"])
        && let Some(p) = numbers::parse_at(cx.norm, cx.tokens, e + 1)
        && p.clitic == 0
        && p.value.fract() == 0.0
        && (1.0..60.0).contains(&p.value)
        && cx.is(p.end, &["دقيقه", "دقائق"])
    {
        minute = Some(p.value as i64);
        e = p.end + 1;
    }
    // السابعة والنصف: an hour word with its minutes is a time too; a bare number is not.
    // (الثمانية والعشرين, a cardinal with the article, is a count.)
    let ordinal_word = word && ordinal_hour && hour_al;
    if !(sure || (minute.is_some() && ordinal_word)) {
        return None;
    }
    Some(Clock {
        hour: hour % 24,
        minute,
        end: e,
        clitic,
        part,
    })
}

/// A time on a day (`None`: the day is unknown).
fn time_value(day: Option<&str>, c: &Clock) -> (Option<String>, Grain) {
    let (time, grain) = clock_time(c);
    let value = day.map(|d| format!("{}{time}", d.get(..10).unwrap_or(d)));
    (value, grain)
}

/// A time of day as ISO 8601 writes it after a date (`T15`, `T15:30`), and its grain.
fn clock_time(c: &Clock) -> (String, Grain) {
    match c.minute {
        Some(m) => (format!("T{:02}:{m:02}", c.hour), Grain::Minute),
        None => (format!("T{:02}", c.hour), Grain::Hour),
    }
}

/// A part of the day before a time (بعد الظهر الساعة 7, هذا الصباح في السابعة, مساء 8:30):
/// the time, with the part's half of the day.
fn part_then_clock(cx: &Cx, i: usize) -> Option<Clock> {
    let w = cx.word(i)?;
    let (pm, mut k) = match w {
        "بعد" if cx.is(i + 1, &["الظهر"]) => (true, i + 2),
        "الظهر" | "العصر" | "المساء" | "مساء" => (true, i + 1),
        "الصباح" | "صباح" | "الفجر" => (false, i + 1),
        "هذا" if cx.is(i + 1, &["المساء"]) => (true, i + 2),
        "هذا" if cx.is(i + 1, &["الصباح"]) => (false, i + 2),
        "الليله" => (true, i + 1),
        "هذه" if cx.is(i + 1, &["الليله"]) => (true, i + 2),
        _ => return None,
    };
    let fi = cx.is(k, &["في", "عند", "حوالي"]);
    if fi {
        k += 1;
    }
    let mut c = clock_loose(cx, k, fi)?;
    if pm && (1..12).contains(&c.hour) {
        c.hour += 12;
    }
    c.part = true;
    Some(c)
}

/// A time of day at `i`, on the day that follows it (الساعة 8 مساء اليوم, الساعة 8 مساءً ،
/// 1 يناير, 7 صباحا يوم الأحد) or on the reference day.
fn time_at(cx: &Cx, i: usize) -> Option<Found> {
    let c = clock(cx, i).or_else(|| part_then_clock(cx, i))?;
    let mut k = c.end;
    if cx.mark(k, &[",", "،"]) {
        k += 1;
    }
    if cx.is(k, &["من", "في"]) {
        k += 1;
    }
    let day = |k: usize| at(cx, k).filter(|d| d.grain == Grain::Day && d.end_value.is_none());
    let date = day(k).or_else(|| cx.is(k, &["يوم"]).then(|| day(k + 1)).flatten());
    if let Some(d) = date {
        let (value, grain) = time_value(d.value.as_deref(), &c);
        return Some(Found {
            end: d.end,
            clitic: c.clitic,
            value,
            end_value: None,
            grain,
        });
    }
    let today = cx.reference.map(|r| fmt(r, Grain::Day));
    let (value, grain) = time_value(today.as_deref(), &c);
    Some(Found {
        end: c.end,
        clitic: c.clitic,
        value,
        end_value: None,
        grain,
    })
}

/// A day followed by its time: 23 أكتوبر في السابعة, غدا 8:00 صباحا, 21/4/2016 ، الساعة 8:00
/// مساءً, صباح الغد الساعة 7.
fn with_time(cx: &Cx, start: usize, f: Found) -> Found {
    if f.grain != Grain::Day || f.end_value.is_some() {
        return f;
    }
    let mut k = f.end;
    // الأحد 5 فيفري 2017 : الساعة 14:00, as match schedules list them.
    if cx.mark(k, &[",", "،", "-", ":"]) {
        k += 1;
    }
    // الأحد 12 مارس بداية من الساعة 16:00: from that time on that day.
    if cx.is(k, &["بدايه", "ابتداء", "انطلاقا"]) && cx.is(k + 1, &["من"]) {
        k += 2;
    }
    // على الساعة الثامنة (Maghreb news).
    if cx.is(k, &["علي"]) && cx.is(k + 1, &["الساعه"]) {
        k += 1;
    }
    let after_fi = cx.is(k, &["في", "عند", "حوالي", "نحو"]);
    if after_fi {
        k += 1;
    }
    if cx.is(k, &["حوالي", "نحو"]) {
        k += 1;
    }
    // يوم الجمعة بين الساعة 1 و4 مساء, غدا من العاشرة صباحا حتى الظهر: a range of times on
    // that day (the range's own day is the reference's when it names none).
    if !after_fi
        && cx.is(k, &["من", "بين"])
        && let Some(t) = time_range(cx, k)
        && let (Some(day), Some(v), Some(e)) = (&f.value, &t.value, &t.end_value)
        && let Some(today) = cx.reference.map(|r| fmt(r, Grain::Day))
        && v.starts_with(&today)
    {
        let next = e.get(..10) != Some(today.as_str());
        let end_day = if next {
            day.parse::<Date>()
                .ok()
                .and_then(|d| add_days(d, 1))
                .map(|d| fmt(d, Grain::Day))
        } else {
            Some(day.clone())
        };
        return Found {
            end: t.end,
            clitic: f.clitic,
            value: v.get(10..).map(|t| format!("{day}{t}")),
            end_value: end_day.and_then(|d| e.get(10..).map(|t| format!("{d}{t}"))),
            grain: t.grain,
        };
    }
    let Some(mut c) = clock_loose(cx, k, after_fi) else {
        return f;
    };
    // الليلة في 7: in the evening.
    if cx.word(start).is_some_and(|w| w == "الليله") && (1..12).contains(&c.hour) {
        c.hour += 12;
    }
    let (value, grain) = time_value(f.value.as_deref(), &c);
    Found {
        end: c.end,
        clitic: f.clitic,
        value,
        end_value: None,
        grain,
    }
}

/// A clock, or after في a bare hour word or number (23 أكتوبر في السابعة).
fn clock_loose(cx: &Cx, k: usize, after_fi: bool) -> Option<Clock> {
    if let Some(c) = clock(cx, k) {
        return Some(c);
    }
    if !after_fi {
        return None;
    }
    let p = numbers::parse_at(cx.norm, cx.tokens, k)?;
    let h = p.value as i64;
    if p.percent || p.clitic > 0 || p.value.fract() != 0.0 || !(1..=12).contains(&h) {
        return None;
    }
    if cx.word(p.end).is_some_and(|w| numbers::unit(w).is_some()) {
        return None;
    }
    Some(Clock {
        hour: h,
        minute: None,
        end: p.end,
        clitic: 0,
        part: false,
    })
}

/// الأسبوع الثالث من هذا الشهر, الأسبوع الأول من أكتوبر, الأسبوع الأخير من عام 2015, الأسبوع
/// الثاني العام المقبل: from token `k` (after الأسبوع). In a month, the week of its `n`th
/// Monday (the last: of its last Monday); in a year, ISO week `n` (the last: the week of 28
/// December).
fn nth_week(cx: &Cx, k: usize) -> Option<Found> {
    let (n, j) = if cx.is(k, &["الاخير"]) {
        (0, k + 1)
    } else {
        let p = numbers::parse_at(cx.norm, cx.tokens, k)?;
        if !p.ordinal || p.clitic > 0 || !(1.0..=5.0).contains(&p.value) {
            return None;
        }
        (p.value as i64, p.end)
    };
    let j = if cx.is(j, &["من", "في"]) {
        j + 1
    } else {
        j
    };
    let r = cx.reference;
    // A year: عام 2027, هذا العام, العام المقبل.
    let year = if cx.is(j, &["عام", "العام", "سنه", "السنه"]) {
        cx.year(j + 1)
            .map(|y| (i32::from(y), j + 2))
            .or_else(|| cx.year_words(j + 1).map(|(y, e)| (i32::from(y), e)))
            .or_else(|| {
                let d = cx.word(j + 1).and_then(dir)?;
                let y = i32::from(r?.year());
                Some(match d {
                    Dir::Next => (y + 1, j + 2),
                    Dir::Prev => (y - 1, j + 2),
                    Dir::This => (y, j + 2),
                })
            })
    } else if cx.is(j, &["هذا"]) && cx.is(j + 1, &["العام", "السنه"]) {
        r.map(|r| (i32::from(r.year()), j + 2))
    } else {
        None
    };
    if let Some((y, end)) = year {
        let y = i16::try_from(y).ok()?;
        let week = if n == 0 {
            Date::new(y, 12, 28).ok()?.iso_week_date().week()
        } else {
            i8::try_from(n).ok()?
        };
        let monday = jiff::civil::ISOWeekDate::new(y, week, Weekday::Monday)
            .ok()?
            .date();
        return found(end, 0, Some(monday), Grain::Week);
    }
    // A month: أكتوبر, يوليو 2016, هذا الشهر, الشهر المقبل.
    let (first, end) = if let Some((shift, e)) = cx.relative_month(j) {
        (r.and_then(|r| add_months(r.first_of_month(), shift)), e)
    } else {
        let k2 = if cores(cx.word(j)?).any(|(_, c, _)| c == "شهر") {
            j + 1
        } else {
            j
        };
        let (m, e, 0, _) = cx.month(k2)? else {
            return None;
        };
        let (modifier, e) = cx.after_month(e);
        (resolve_month(None, m, modifier, r), e)
    };
    let monday = first.and_then(|f| {
        let to = i64::from((7 - f.weekday().to_monday_zero_offset()) % 7);
        let first_monday = add_days(f, to)?;
        let d = if n == 0 {
            let mut d = first_monday;
            while let Some(x) = add_days(d, 7).filter(|x| x.month() == f.month()) {
                d = x;
            }
            d
        } else {
            add_days(first_monday, 7 * (n - 1))?
        };
        (d.month() == f.month()).then_some(d)
    });
    found(end, 0, monday, Grain::Week)
}

/// The days, weeks, months or years just before or after the reference: الأيام الثلاثة
/// المقبلة, اليومين المقبلين, الأشهر الستة الماضية, 3 أيام القادمة, آخر 3 سنوات. A range of
/// days: from the day after the reference, or up to the day before it.
fn next_or_last(cx: &Cx, i: usize) -> Option<Found> {
    let unit = |k: usize| -> Option<(Grain, i64, bool)> {
        let w = cx.word(k)?;
        let (al, w) = match w.strip_prefix("ال") {
            Some(r) if r.chars().count() >= 3 => (true, r),
            _ => (false, w),
        };
        let (g, n) = period(w)?;
        matches!(g, Grain::Day | Grain::Week | Grain::Month | Grain::Year).then_some((g, n, al))
    };
    let count = |k: usize| -> Option<(i64, usize)> {
        let p = numbers::parse_at(cx.norm, cx.tokens, k)?;
        (p.clitic == 0 && !p.percent && p.value.fract() == 0.0 && (1.0..=100.0).contains(&p.value))
            .then_some((p.value as i64, p.end))
    };
    let (grain, n, d, end) = if cx.is(i, &["اخر"]) {
        // آخر 3 سنوات, آخر يومين.
        match count(i + 1) {
            Some((n, e)) => {
                let (g, _, _) = unit(e)?;
                (g, n, Dir::Prev, e + 1)
            }
            None => {
                let (g, n, false) = unit(i + 1)? else {
                    return None;
                };
                if n != 2 {
                    return None;
                }
                (g, n, Dir::Prev, i + 2)
            }
        }
    } else if let Some((g, n, al)) = unit(i) {
        // الأيام الثلاثة المقبلة, اليومين المقبلين (the article on the unit, then on the count;
        // العام الماضي, a singular, names the calendar year instead).
        if !al || n == 1 {
            return None;
        }
        let (n, e) = if n == 0 {
            let (c, e) = count(i + 1)?;
            if !cx.word(i + 1).is_some_and(|w| w.starts_with("ال")) {
                return None;
            }
            (c, e)
        } else {
            (n, i + 1)
        };
        let d = cx.word(e).and_then(dir)?;
        (g, n, d, e + 1)
    } else {
        // 3 أيام القادمة.
        let (c, e) = count(i)?;
        let (g, 0, _) = unit(e)? else {
            return None;
        };
        let d = cx.word(e + 1).and_then(dir)?;
        (g, c, d, e + 2)
    };
    let r = cx.reference;
    let shift = |r: Date, k: i64| match grain {
        Grain::Day => add_days(r, k),
        Grain::Week => add_days(r, 7 * k),
        Grain::Month => add_months(r, k),
        _ => add_years(r, k),
    };
    let (a, b) = match d {
        Dir::Next => (r.and_then(|r| add_days(r, 1)), r.and_then(|r| shift(r, n))),
        Dir::Prev => (
            r.and_then(|r| shift(r, -n)),
            r.and_then(|r| add_days(r, -1)),
        ),
        Dir::This => return None,
    };
    Some(Found {
        end,
        clitic: 0,
        value: a.map(|a| fmt(a, Grain::Day)),
        end_value: b.map(|b| fmt(b, Grain::Day)),
        grain: Grain::Day,
    })
}

/// A weekday ranked in a month, at token `i` whose core is the rank `c`: أول يوم جمعة من
/// يوليو, ثالث أحد في الشهر المقبل, آخر يوم خميس من هذا الشهر (the weekday with or without
/// its article).
fn nth_weekday(cx: &Cx, i: usize, c: &str) -> Option<Found> {
    let rank: i64 = match c {
        "اول" => 1,
        "ثاني" => 2,
        "ثالث" => 3,
        "رابع" => 4,
        "خامس" => 5,
        _ => -1,
    };
    let k = if cx.is(i + 1, &["يوم"]) {
        i + 2
    } else {
        i + 1
    };
    let w = cx.word(k)?;
    let wd = weekday_word(w, false)?;
    if !cx.is(k + 1, &["من", "في"]) {
        return None;
    }
    let m = at(cx, k + 2)?;
    if m.grain != Grain::Month || m.end_value.is_some() || m.clitic != 0 {
        return None;
    }
    let date = m.value.as_deref().and_then(|v| {
        let first = Date::new(v.get(..4)?.parse().ok()?, v.get(5..7)?.parse().ok()?, 1).ok()?;
        let to_wd = |d: Date| {
            (i64::from(wd.to_monday_zero_offset()) - i64::from(d.weekday().to_monday_zero_offset()))
                .rem_euclid(7)
        };
        let d = if rank > 0 {
            add_days(first, to_wd(first) + 7 * (rank - 1))?
        } else {
            let last = add_days(add_months(first, 1)?, -7)?;
            add_days(last, to_wd(last))?
        };
        (d.month() == first.month()).then_some(d)
    });
    found(m.end, 0, date, Grain::Day)
}

/// A decade: السبعينيات, سبعينيات القرن الماضي (1970-1979; القرن الحالي or الحادي والعشرين
/// for the 2000s). A range of years.
fn decade(cx: &Cx, i: usize) -> Option<Found> {
    let w = cx.word(i)?;
    // العقد الماضي, العقد المقبل: the ten years up to or from the reference, as السنوات العشر
    // الماضية (news writes خلال العقد الماضي of the last ten years, not of a calendar decade);
    // not العقد الحالي, the current contract in news.
    if let Some((pre, _, _)) = cores(w).find(|(_, c, _)| *c == "العقد") {
        let d = cx.word(i + 1).and_then(dir)?;
        let (a, b) = match (d, cx.reference) {
            (Dir::This, _) => return None,
            (Dir::Prev, Some(r)) => (add_years(r, -10), add_days(r, -1)),
            (Dir::Next, Some(r)) => (add_days(r, 1), add_years(r, 10)),
            (_, None) => (None, None),
        };
        return Some(Found {
            end: i + 2,
            clitic: pre,
            value: a.map(|d| fmt(d, Grain::Day)),
            end_value: b.map(|d| fmt(d, Grain::Day)),
            grain: Grain::Day,
        });
    }
    // العقدين الماضيين, العقود الثلاثة المقبلة: twenty or thirty years up to or from the
    // reference, as العقد الماضي.
    if let Some((pre, c, _)) = cores(w).find(|(_, c, _)| matches!(*c, "العقدين" | "العقود"))
    {
        let (n, k) = if c == "العقدين" {
            (2, i + 1)
        } else {
            let p = numbers::parse_at(cx.norm, cx.tokens, i + 1)?;
            if p.ordinal
                || p.clitic > 0
                || p.value.fract() != 0.0
                || !(2.0..=10.0).contains(&p.value)
            {
                return None;
            }
            (p.value as i16, p.end)
        };
        let (a, b) = match (cx.word(k).and_then(dir)?, cx.reference) {
            (Dir::This, _) => return None,
            (Dir::Prev, Some(r)) => (add_years(r, -10 * i64::from(n)), add_days(r, -1)),
            (Dir::Next, Some(r)) => (add_days(r, 1), add_years(r, 10 * i64::from(n))),
            (_, None) => (None, None),
        };
        return Some(Found {
            end: k + 1,
            clitic: pre,
            value: a.map(|d| fmt(d, Grain::Day)),
            end_value: b.map(|d| fmt(d, Grain::Day)),
            grain: Grain::Day,
        });
    }
    let (clitic, d) = cores(w).find_map(|(pre, c, _)| {
        let d = match c.strip_prefix("ال").unwrap_or(c) {
            "عشرينيات" | "عشرينات" => 20,
            "ثلاثينيات" | "ثلاثينات" => 30,
            "اربعينيات" | "اربعينات" => 40,
            "خمسينيات" | "خمسينات" => 50,
            "ستينيات" | "ستينات" => 60,
            "سبعينيات" | "سبعينات" => 70,
            "ثمانينيات" | "ثمانينات" => 80,
            "تسعينيات" | "تسعينات" => 90,
            _ => return None,
        };
        Some((pre, d))
    })?;
    let mut end = i + 1;
    let k = if cx.is(end, &["من"]) { end + 1 } else { end };
    // في الخمسينات من عمره, العشرينيات من العمر: a decade of a life, not of the calendar.
    if k > end
        && cx
            .word(k)
            .is_some_and(|w| w.starts_with("عمر") || w == "العمر")
    {
        return None;
    }
    let mut century = 1900;
    if cx.is(k, &["القرن"]) {
        match cx.word(k + 1) {
            Some("الماضي" | "العشرين") => end = k + 2,
            Some("الحالي" | "الجاري") => {
                century = 2000;
                end = k + 2;
            }
            Some("الحادي") if cx.is(k + 2, &["والعشرين"]) => {
                century = 2000;
                end = k + 3;
            }
            Some("التاسع") if cx.is(k + 2, &["عشر"]) => {
                century = 1800;
                end = k + 3;
            }
            _ => {}
        }
    }
    let y = century + d;
    Some(Found {
        end,
        clitic,
        value: Some(format!("{y:04}")),
        end_value: Some(format!("{:04}", y + 9)),
        grain: Grain::Year,
    })
}

/// A holiday's date in a year.
#[derive(Clone, Copy)]
enum Holiday {
    /// A fixed Gregorian day (month, day).
    Fixed(i8, i8),
    /// The `n`th weekday of a Gregorian month (month, weekday, n).
    Nth(i8, Weekday, i8),
    /// A fixed Hijri day (month, day), converted with the arithmetic calendar.
    Hijri(u8, u8),
    /// A day that depends on the country (عيد الاستقلال): a span with no value.
    Local,
}

/// A holiday's name at token `i` (the first word's clitics left out): (holiday, end, clitic).
fn holiday(cx: &Cx, i: usize) -> Option<(Holiday, usize, usize)> {
    use Holiday::*;
    let w = cx.word(i)?;
    let (clitic, first) = cores(w)
        .find(|(_, c, al)| {
            !al && matches!(
                *c,
                "عيد"
                    | "يوم"
                    | "ليله"
                    | "راس"
                    | "المولد"
                    | "الكريسماس"
                    | "الميلاد"
                    | "الفصح"
            )
        })
        .map(|(p, c, _)| (p, c))?;
    let (a, b, c) = (cx.word(i + 1), cx.word(i + 2), cx.word(i + 3));
    let (h, n) = match (first, a, b, c) {
        ("يوم", Some("عيد"), Some("الميلاد"), _) => (Fixed(12, 25), 3),
        ("عيد", Some("الميلاد"), Some("المجيد"), _) => (Fixed(12, 25), 3),
        ("عيد", Some("الميلاد"), _, _) | ("الكريسماس", ..) => {
            (Fixed(12, 25), 2 - usize::from(first == "الكريسماس"))
        }
        ("ليله", Some("راس"), Some("السنه"), Some("الجديده" | "الميلاديه")) => {
            (Fixed(12, 31), 4)
        }
        ("ليله", Some("راس"), Some("السنه"), _) => (Fixed(12, 31), 3),
        ("راس", Some("السنه"), Some("الجديده" | "الميلاديه"), _) => {
            (Fixed(1, 1), 3)
        }
        ("راس", Some("السنه"), Some("الهجريه"), _) => (Hijri(1, 1), 3),
        // رأس السنة alone is the Gregorian New Year, as news writes it.
        ("راس", Some("السنه"), ..) => (Fixed(1, 1), 2),
        ("عيد", Some("الحب"), ..) => (Fixed(2, 14), 2),
        ("عيد", Some("العمال"), ..) | ("يوم", Some("العمال"), ..) => {
            (Fixed(5, 1), 2)
        }
        ("يوم", Some("المراه"), ..) => (Fixed(3, 8), 2),
        // Father's Day as the Arab countries that keep it do, on 21 June.
        ("عيد" | "يوم", Some("الاب"), ..) => (Fixed(6, 21), 2),
        ("عيد" | "يوم", Some("الاستقلال"), ..) => (Local, 2),
        ("عيد", Some("الام"), ..) | ("يوم", Some("الام"), ..) => (Fixed(3, 21), 2),
        ("عيد" | "يوم", Some("الشكر"), ..) => (Nth(11, Weekday::Thursday, 4), 2),
        ("عيد", Some("الفطر"), ..) => (Hijri(10, 1), 2),
        ("عيد", Some("الاضحي"), ..) => (Hijri(12, 10), 2),
        ("يوم", Some("عرفه"), ..) => (Hijri(12, 9), 2),
        ("المولد", Some("النبوي"), ..) => (Hijri(3, 12), 2),
        _ => return None,
    };
    Some((h, i + n, clitic))
}

/// The day of a holiday in Gregorian year `year` (for a Hijri holiday, the one that falls in
/// that year, the first if two do).
fn holiday_in(h: Holiday, year: i16) -> Option<Date> {
    match h {
        Holiday::Fixed(m, d) => Date::new(year, m, d).ok(),
        Holiday::Local => None,
        Holiday::Nth(m, wd, n) => {
            let first = Date::new(year, m, 1).ok()?;
            let to = (i64::from(wd.to_monday_zero_offset())
                - i64::from(first.weekday().to_monday_zero_offset()))
            .rem_euclid(7);
            add_days(first, to + 7 * i64::from(n - 1))
        }
        Holiday::Hijri(m, d) => {
            let h = (i32::from(year) - 622) * 33 / 32;
            (h - 1..=h + 2)
                .filter_map(|hy| hijri_to_gregorian(hy, m, d))
                .find(|g| g.year() == year)
        }
    }
}

/// A holiday: عيد الميلاد, عيد الفطر, عيد الأضحى المقبل, عيد الشكر 2010. With a year, in that
/// year; otherwise the occurrence nearest the reference (المقبل: the next, الماضي: the last).
fn holiday_at(cx: &Cx, i: usize) -> Option<Found> {
    let (h, mut e, clitic) = holiday(cx, i)?;
    // عيد الفطر المبارك, عيد الأضحى السعيد: the epithet is part of the name.
    if cx.is(e, &["المبارك", "السعيد"]) {
        e += 1;
    }
    let (modifier, e2) = cx.after_month(e);
    e = e2;
    let date = match modifier {
        Some(Ok(y)) => holiday_in(h, y),
        m => cx.reference.and_then(|r| {
            let around = [r.year() - 1, r.year(), r.year() + 1];
            let days = |d: &Date| r.since(*d).map_or(i64::MAX, |s| i64::from(s.get_days()));
            let cands = around.iter().filter_map(|&y| holiday_in(h, y));
            match m {
                Some(Err(Dir::Next)) => cands.filter(|d| *d > r).min(),
                Some(Err(Dir::Prev)) => cands.filter(|d| *d < r).max(),
                _ => cands.min_by_key(|d| days(d).abs()),
            }
        }),
    };
    found(e, clitic, date, Grain::Day)
}

/// True when a word (one of its clitic-free cores) can begin a date or time expression: most
/// words cannot, and are passed over with this one check.
fn may_start(c: &str) -> bool {
    numbers::word(c).is_some()
        || month1(c).is_some()
        || weekday(c).is_some()
        || hijri_month(c, None).is_some()
        || matches!(
            c,
            // two-word months, days and numbers
            "كانون" | "تشرين" | "ربيع" | "جمادي" | "ذو" | "ذي" | "احد" | "احدي"
            // clock and parts of the day
            | "الساعه" | "ساعه" | "بعد" | "الظهر" | "العصر" | "المساء" | "مساء" | "الصباح"
            | "صباح" | "الفجر" | "فجر" | "ظهر" | "عصر" | "ليل" | "ليله" | "الليله" | "هذا"
            | "هذه"
            // holidays
            | "عيد" | "يوم" | "راس" | "المولد" | "الكريسماس" | "الميلاد" | "الفصح"
            // seasons
            | "الصيف" | "صيف" | "الشتاء" | "شتاء" | "الربيع" | "الخريف" | "خريف"
            // years, periods, relative days
            | "عام" | "العام" | "سنه" | "السنه" | "مطلع" | "بدايه" | "اوائل" | "مستهل"
            | "الاسبوع" | "الشهر" | "شهر" | "امس" | "الامس" | "اول" | "اليوم" | "غدا" | "الغد"
            | "قبل" | "منذ" | "ايام" | "اسابيع" | "اشهر" | "منتصف" | "الظهيره" | "نهايه"
            | "اواخر" | "اخر" | "اختتام" | "اواسط" | "بقيه" | "باقي" | "الربع" | "النصف" | "الايام"
            | "الاسابيع" | "الاشهر" | "الشهور" | "السنوات" | "الاعوام" | "اليومين" | "الاسبوعين"
            | "الشهرين" | "العامين" | "السنتين" | "عشرينيات" | "عشرينات" | "ثلاثينيات"
            | "ثلاثينات" | "اربعينيات" | "اربعينات" | "خمسينيات" | "خمسينات" | "ستينيات"
            | "ستينات" | "سبعينيات" | "سبعينات" | "ثمانينيات" | "ثمانينات" | "تسعينيات"
            | "تسعينات" | "العشرينيات" | "العشرينات" | "الثلاثينيات" | "الثلاثينات"
            | "الاربعينيات" | "الاربعينات" | "الخمسينيات" | "الخمسينات" | "الستينيات"
            | "الستينات" | "السبعينيات" | "السبعينات" | "الثمانينيات" | "الثمانينات"
            | "التسعينيات" | "التسعينات" | "العقد" | "العقدين" | "العقود"
        )
}

/// The expression starting at token `i`.
fn at(cx: &Cx, i: usize) -> Option<Found> {
    let tok = cx.tokens.get(i)?;
    // عدت إلى 27, سأعود إلى العشرين من الشهر المقبل: after a verb of return or meeting, إلى
    // names the day and is part of the span.
    if cx.is(i, &["الي"]) {
        // Only before a day (إلى يناير-1 is a month's day, whose span starts at the month).
        if i == 0 || !cx.word(i - 1).is_some_and(return_verb) || cx.day(i + 1).is_none() {
            return None;
        }
        let f = at(cx, i + 1)?;
        return (f.grain == Grain::Day && f.end_value.is_none() && f.value.is_some())
            .then_some(Found { clitic: 0, ..f });
    }
    match tok.kind {
        TokenKind::Number => {}
        TokenKind::Word => {
            if !cores(tok.norm_str(cx.norm)).any(|(_, c, _)| may_start(c)) {
                return None;
            }
        }
        _ => return None,
    }
    let r = cx.reference;
    // آخر أسبوعين من الشهر: the last two weeks of that month, not the two weeks before now.
    let counted = || {
        let w = cx.word(i)?;
        cores(w).find_map(|(pre, c, _)| {
            matches!(c, "اول" | "اخر")
                .then(|| first_or_last(cx, i, pre, c))
                .flatten()
        })
    };
    if let Some(f) = counted()
        .or_else(|| time_at(cx, i))
        .or_else(|| holiday_at(cx, i))
        .or_else(|| next_or_last(cx, i))
        .or_else(|| decade(cx, i))
    {
        return Some(f);
    }
    // صباح الغد, مساء أمس, مساء يوم الجمعة, بعد ظهر اليوم: the day, then perhaps its time.
    let afternoon = cx.is(i, &["بعد"]) && cx.is(i + 1, &["ظهر"]);
    let part_word = if afternoon {
        Some((0, "بعد ظهر", false))
    } else {
        cx.word(i).and_then(|w| {
            cores(w).find(|(_, c, _)| {
                matches!(*c, "صباح" | "مساء" | "ظهر" | "عصر" | "فجر" | "ليل" | "ليله")
            })
        })
    };
    if let Some((pre, part, _)) = part_word {
        let k = usize::from(afternoon)
            + if cx.is(i + 1 + usize::from(afternoon), &["يوم"]) {
                i + 2
            } else {
                i + 1
            };
        if let Some(d) = at(cx, k).filter(|d| d.grain == Grain::Day && d.end_value.is_none()) {
            let mut d = with_time(cx, k, d);
            // مساء الغد الساعة 7: the part of the day sets the hour's half.
            if matches!(d.grain, Grain::Hour | Grain::Minute)
                && matches!(part, "مساء" | "عصر" | "ليل" | "ليله" | "بعد ظهر")
                && let Some(v) = &d.value
                && let Some(h) = v.get(11..13).and_then(|h| h.parse::<u32>().ok())
                && (1..12).contains(&h)
            {
                d.value = Some(format!("{}{:02}{}", &v[..11], h + 12, &v[13..]));
            }
            // ظهر اليوم: noon of that day (بعد ظهر اليوم, the afternoon, stays a day).
            if part == "ظهر"
                && d.grain == Grain::Day
                && let Some(v) = &d.value
            {
                d.value = Some(format!("{v}T12"));
                d.grain = Grain::Hour;
            }
            d.clitic = pre;
            return Some(d);
        }
    }
    // The day is parsed once for the Hijri and Gregorian forms; an ordinal after الأسبوع or
    // الربع (الأسبوع الثالث من الشهر) ranks weeks or quarters, not days; after النصف, halves
    // (النصف الأول من يونيو: the month is found alone).
    let day = cx.day(i).filter(|_| {
        !(i > 0
            && cx.word(i - 1).is_some_and(|w| {
                cores(w).any(|(_, c, _)| {
                    matches!(
                        c,
                        "الاسبوع"
                            | "اسبوع"
                            | "الربع"
                            | "الشهر"
                            | "العام"
                            | "القرن"
                            | "النصف"
                    )
                })
            }))
    });
    if let Some(f) = hijri(cx, i, day)
        .or_else(|| day_month(cx, day))
        .or_else(|| numeric(cx, i))
        .or_else(|| year_dot_month(cx, i))
        .or_else(|| day_dot_month(cx, i))
        .or_else(|| day_after_verb(cx, i, day))
    {
        return Some(f);
    }
    let w = cx.word(i);
    // شهر سبتمبر.
    let (mi, month_clitic) = match w {
        Some(w) if cores(w).any(|(_, c, _)| c == "شهر") && cx.month(i + 1).is_some() => (
            i + 1,
            cores(w).find(|(_, c, _)| *c == "شهر").map_or(0, |c| c.0),
        ),
        _ => (i, usize::MAX),
    };
    if let Some(f) = month_day(cx, mi) {
        let clitic = if month_clitic == usize::MAX {
            f.clitic
        } else {
            month_clitic
        };
        return Some(Found { clitic, ..f });
    }
    if let Some((m, e, clitic, needs_context)) = cx.month(mi) {
        let (modifier, e2) = cx.after_month(e);
        // شهر ماي, ماي الماضي, آب 2020.
        if !needs_context || modifier.is_some() || mi > i {
            let date = resolve_month(None, m, modifier, r);
            let clitic = if month_clitic == usize::MAX {
                clitic
            } else {
                month_clitic
            };
            return found(e2, clitic, date, Grain::Month);
        }
    }
    let w = w?;
    // Everything below starts with a word; its proclitics are left out of the span.
    for (clitic, c, _) in cores(w) {
        if let Some(f) = word_at(cx, i, clitic, c) {
            return Some(f);
        }
    }
    None
}

/// The first month of a season (northern, by whole months: spring from March, summer from June,
/// autumn from September, winter from December).
fn season_start(c: &str) -> Option<i8> {
    Some(match c.strip_prefix("ال").unwrap_or(c) {
        "ربيع" => 3,
        "صيف" => 6,
        "خريف" => 9,
        "شتاء" => 12,
        _ => return None,
    })
}

/// A season named by `c` (صيف, الشتاء) with what follows it from token `k`: a year (صيف 2016,
/// صيف العام الماضي, الصيف 2016) or, after the article, a direction (الصيف الماضي: the last
/// one to end before the reference's month; الشتاء المقبل: the next one to begin after it;
/// الصيف الحالي) or nothing after هذا (see the caller: `k` is then past the season). Its months
/// as a range at month grain; the winter of a year is the one that its January and February
/// end (شتاء 2016: December 2015 to February 2016). A season alone (الصيف) is not resolved:
/// news often writes it of no year (حرارة الصيف).
fn season_at(cx: &Cx, k: usize, c: &str) -> Option<Found> {
    let first = season_start(c)?;
    let definite = c.starts_with("ال");
    let range = |y: i16, end: usize| {
        // The winter of year y starts in December of y - 1.
        let start = Date::new(if first == 12 { y - 1 } else { y }, first, 1).ok();
        Found {
            end,
            clitic: 0,
            value: start.map(|d| fmt(d, Grain::Month)),
            end_value: start
                .and_then(|d| add_months(d, 2))
                .map(|d| fmt(d, Grain::Month)),
            grain: Grain::Month,
        }
    };
    // After هذا (k is past the season): the one of the reference's year, or the winter under way.
    let this = |end: usize| {
        let r = cx.reference?;
        let y = if first == 12 && r.month() == 12 {
            r.year() + 1
        } else {
            r.year()
        };
        Some(range(y, end))
    };
    if k >= 2 && cx.is(k - 2, &["هذا"]) && definite {
        return this(k);
    }
    if !definite || cx.year(k).is_some() {
        let (y, end) = year_of_part(cx, k)?;
        // صيف العام, صيف عام: a year must follow (year_of_part reads العام alone as this year).
        if !definite && end == k + 1 && cx.year(k).is_none() {
            return None;
        }
        return Some(match y {
            Some(y) => range(y, end),
            None => Found {
                end,
                clitic: 0,
                value: None,
                end_value: None,
                grain: Grain::Month,
            },
        });
    }
    let d = cx.word(k).and_then(dir)?;
    let r = match cx.reference {
        Some(r) => r,
        None => {
            return Some(Found {
                end: k + 1,
                clitic: 0,
                value: None,
                end_value: None,
                grain: Grain::Month,
            });
        }
    };
    if d == Dir::This {
        return this(k + 1);
    }
    // Candidates by the year their last month falls in.
    let cands = (r.year() - 1..=r.year() + 1).filter_map(|y| {
        let start = Date::new(if first == 12 { y - 1 } else { y }, first, 1).ok()?;
        Some((y, start, add_months(start, 2)?))
    });
    let this_month = r.first_of_month();
    let y = match d {
        Dir::Prev => cands
            .filter(|(_, _, last)| *last < this_month)
            .map(|c| c.0)
            .max(),
        _ => cands
            .filter(|(_, start, _)| *start > this_month)
            .map(|c| c.0)
            .min(),
    }?;
    Some(range(y, k + 1))
}

/// A day `shift` days from the reference named by a word that ends at `end` (أمس, اليوم,
/// غدا), with the weekday that news text often puts after it in apposition (أمس الأربعاء,
/// اليوم الجمعة) taken into the span: the word gives the day, the weekday only repeats it.
///
/// When the weekday is not the day's, the publication date the reference comes from is a day
/// or so off (a time zone, a late edition): the text's weekday is then the better witness, and
/// the day is the one with that weekday nearest the word's (at most three days away).
/// True when اليوم at `i` ends the name of a channel or a newspaper: a quoted name of two words
/// ("روسيا اليوم", "رأي اليوم"), or روسيا اليوم, المصري اليوم, أخبار اليوم after قناة, صحيفة,
/// جريدة or موقع.
fn ends_a_title(cx: &Cx, i: usize) -> bool {
    const OPEN: &[&str] = &["\"", "«", "“"];
    const CLOSE: &[&str] = &["\"", "»", "”"];
    i >= 2
        && cx.word(i - 1).is_some()
        && ((cx.mark(i - 2, OPEN) && cx.mark(i + 1, CLOSE))
            || (cx.is(i - 1, &["روسيا", "المصري", "راي", "اخبار"])
                && cx.word(i - 2).is_some_and(names_a_title)))
}

/// True for a word that a party's, a channel's or a newspaper's name follows (حزب, قناة,
/// صحيفة, جريدة, موقع, شبكة), with its proclitics (لصحيفة, وحزب) but not the article.
fn names_a_title(w: &str) -> bool {
    cores(w)
        .any(|(_, c, al)| !al && matches!(c, "حزب" | "قناه" | "صحيفه" | "جريده" | "موقع" | "شبكه"))
}

fn named_day(cx: &Cx, end: usize, clitic: usize, shift: i64) -> Option<Found> {
    let wd = cx.word(end).and_then(weekday);
    let mut date = cx.reference.and_then(|r| add_days(r, shift));
    if let (Some(wd), Some(d)) = (wd, date)
        && d.weekday() != wd
    {
        date = [1, -1, 2, -2, 3, -3]
            .into_iter()
            .filter_map(|n| add_days(d, n))
            .find(|x| x.weekday() == wd);
    }
    let end = if wd.is_some() { end + 1 } else { end };
    found(end, clitic, date, Grain::Day)
}

/// The first or last days, weeks or months of a year or month: الأشهر التسعة الأولى من العام
/// (January to September), الشهرين الأخيرين من 2019, أول أسبوعين من مايو (its first fourteen
/// days), الأيام العشرة الأخيرة من الشهر الجاري. `c` is the first word's core (token `i`).
fn first_or_last(cx: &Cx, i: usize, clitic: usize, c: &str) -> Option<Found> {
    let first = |w: &str| match w {
        "الاولي" | "الاولين" | "الاوليين" => Some(true),
        "الاخيره" | "الاخيرين" => Some(false),
        _ => None,
    };
    // (unit, count, whether the first ones, end of the phrase before من).
    let (unit, n, head, e) = match c {
        "الاشهر" | "الشهور" | "الايام" | "الاسابيع" => {
            let p = numbers::parse_at(cx.norm, cx.tokens, i + 1)?;
            if p.ordinal
                || p.clitic > 0
                || p.value.fract() != 0.0
                || !(2.0..=31.0).contains(&p.value)
            {
                return None;
            }
            let head = cx.word(p.end).and_then(first)?;
            (
                period(c.strip_prefix("ال")?)?.0,
                p.value as i64,
                head,
                p.end + 1,
            )
        }
        "الشهرين" | "الاسبوعين" | "اليومين" => {
            let head = cx.word(i + 1).and_then(first)?;
            (period(c.strip_prefix("ال")?)?.0, 2, head, i + 2)
        }
        "اول" | "اخر" => {
            let head = c == "اول";
            if let Some((g, 2)) = cx.word(i + 1).and_then(period) {
                (g, 2, head, i + 2)
            } else {
                let p = numbers::parse_at(cx.norm, cx.tokens, i + 1)?;
                if p.ordinal
                    || p.clitic > 0
                    || p.value.fract() != 0.0
                    || !(3.0..=31.0).contains(&p.value)
                {
                    return None;
                }
                let (g, k) = cx.word(p.end).and_then(period)?;
                if k > 1 {
                    return None;
                }
                (g, p.value as i64, head, p.end + 1)
            }
        }
        _ => return None,
    };
    if !cx.is(e, &["من"]) {
        return None;
    }
    let k = e + 1;
    // The span the units are counted in: a month (named, relative, or الشهر alone: the
    // reference's) or a year.
    let month = if let Some((shift, end)) = cx.relative_month(k) {
        Some((
            cx.reference
                .and_then(|r| add_months(r.first_of_month(), shift)),
            end,
        ))
    } else if cx.is(k, &["الشهر"]) {
        Some((cx.reference.map(|r| r.first_of_month()), k + 1))
    } else if cx.month(k).is_some() || cx.is(k, &["شهر"]) {
        let f = at(cx, k).filter(|f| f.grain == Grain::Month && f.end_value.is_none())?;
        let d = f.value.and_then(|v| format!("{v}-01").parse::<Date>().ok());
        Some((d, f.end))
    } else {
        None
    };
    let (start, last, end) = match month {
        Some((d, end)) => {
            if unit == Grain::Month {
                return None;
            }
            let last = d.and_then(|d| add_days(add_months(d, 1)?, -1));
            (d, last, end)
        }
        None => {
            let (y, end) = year_of_span(cx, k)?;
            (Date::new(y, 1, 1).ok(), Date::new(y, 12, 31).ok(), end)
        }
    };
    let (a, b, grain) = match (unit, start, last) {
        (Grain::Month, Some(s), Some(l)) if n < 12 => {
            if head {
                (Some(s), add_months(s, n - 1), Grain::Month)
            } else {
                (add_months(l.first_of_month(), 1 - n), Some(l), Grain::Month)
            }
        }
        (Grain::Day | Grain::Week, Some(s), Some(l)) => {
            let days = if unit == Grain::Week { 7 * n } else { n };
            if days > i64::from(l.since(s).ok()?.get_days()) + 1 {
                return None;
            }
            if head {
                (Some(s), add_days(s, days - 1), Grain::Day)
            } else {
                (add_days(l, 1 - days), Some(l), Grain::Day)
            }
        }
        (Grain::Month | Grain::Day | Grain::Week, _, _) if cx.reference.is_none() => (
            None,
            None,
            if unit == Grain::Month {
                Grain::Month
            } else {
                Grain::Day
            },
        ),
        _ => return None,
    };
    Some(Found {
        end,
        clitic,
        value: a.map(|d| fmt(d, grain)),
        end_value: b.map(|d| fmt(d, grain)),
        grain,
    })
}

/// Expressions that start with the word `c` (token `i`, clitics removed).
fn word_at(cx: &Cx, i: usize, clitic: usize, c: &str) -> Option<Found> {
    let r = cx.reference;
    let next = cx.word(i + 1);
    match c {
        // عام 2020, العام 2020, العام الماضي.
        "عام" | "العام" | "سنه" | "السنه" => {
            if let Some(y) = cx.year(i + 1) {
                return found(i + 2, clitic, Date::new(y, 1, 1).ok(), Grain::Year);
            }
            // عام ألفين وخمسة عشر: a year in words after عام.
            if let Some((y, e)) = cx.year_words(i + 1) {
                return found(e, clitic, Date::new(y, 1, 1).ok(), Grain::Year);
            }
            if c.starts_with("ال")
                && let Some(d) = next.and_then(dir)
            {
                let date = r.and_then(|r| match d {
                    Dir::Next => add_years(r, 1),
                    Dir::Prev => add_years(r, -1),
                    Dir::This => Some(r),
                });
                return found(i + 2, clitic, date, Grain::Year);
            }
            None
        }
        "هذا" | "هذه" => {
            // هذا سبتمبر: that month this year.
            if let Some((m, e, 0, _)) = cx.month(i + 1) {
                let date = resolve_month(None, m, Some(Err(Dir::This)), r);
                return found(e, clitic, date, Grain::Month);
            }
            // هذا الأسبوع الجمعة, هذا يوم الجمعة: that day of this week.
            if matches!(next, Some("الاسبوع" | "يوم"))
                && let Some(wd) = cx.word(i + 2).and_then(weekday)
            {
                return found(i + 3, clitic, r.and_then(|r| in_week(r, 0, wd)), Grain::Day);
            }
            if next == Some("الاسبوع")
                && let Some(f) = week_days(cx, i + 2, 0)
            {
                return Some(Found { clitic, ..f });
            }
            // هذا الصيف: the season of the reference's year.
            if let Some(f) =
                next.and_then(|n| season_at(cx, i + 2, n).filter(|_| n.starts_with("ال")))
            {
                return Some(Found { clitic, ..f });
            }
            let grain = match next? {
                "العام" | "السنه" => Grain::Year,
                "الشهر" => Grain::Month,
                "الاسبوع" => Grain::Week,
                _ => return None,
            };
            found(i + 2, clitic, r, grain)
        }
        // مطلع العام, نهاية العام المقبل, أواخر عام 2015, مطلع 2016: January or December
        // of that year; منتصف العام, أواسط عام 2015: the year (its middle month is unsure).
        "مطلع" | "بدايه" | "اوائل" | "مستهل" | "نهايه" | "اواخر" | "اخر" | "اختتام" | "منتصف"
        | "اواسط"
            if (c != "اخر" || matches!(next, Some("العام" | "السنه")))
                // (البداية عام 2014: the beginning, in 2014.)
                && cx
                    .word(i)
                    .and_then(|w| w.get(clitic..))
                    .is_some_and(|w| !w.starts_with("ال"))
                && let Some((year, end)) = year_of_part(cx, i + 1) =>
        {
            let month = match c {
                "نهايه" | "اواخر" | "اخر" | "اختتام" => 12,
                "منتصف" | "اواسط" => {
                    let date = year.and_then(|y| Date::new(y, 1, 1).ok());
                    return found(end, clitic, date, Grain::Year);
                }
                _ => 1,
            };
            let date = year.and_then(|y| Date::new(y, month, 1).ok());
            found(end, clitic, date, Grain::Month)
        }
        // Part of a week or month: مطلع الأسبوع المقبل, أواخر الشهر الماضي, منتصف الأسبوع,
        // نهاية شهر مارس: the period itself (its part is finer than its grain can say).
        "مطلع" | "بدايه" | "اوائل" | "مستهل" | "نهايه" | "اواخر" | "منتصف" | "اواسط" =>
        {
            // نهاية الأسبوع, مطلع الشهر: with no direction, the reference's week or month.
            if matches!(next, Some("الاسبوع" | "الشهر"))
                && !cx.is(i + 2, &["بعد"])
                && cx.word(i + 2).and_then(dir).is_none()
                && cx.word(i + 2).and_then(weekday).is_none()
                // (نهاية الأسبوع الأول, مطلع الشهر الثالث: a ranked week or month of another
                // span.)
                && !cx.is(i + 2, &["الاخير"])
                && !numbers::parse_at(cx.norm, cx.tokens, i + 2).is_some_and(|p| p.ordinal)
            {
                let grain = if next == Some("الشهر") {
                    Grain::Month
                } else {
                    Grain::Week
                };
                return found(i + 2, clitic, r, grain);
            }
            let f = at(cx, i + 1)?;
            let period = matches!(next, Some("الاسبوع" | "الشهر" | "هذا" | "شهر"))
                || cx.month(i + 1).is_some();
            if !period || !matches!(f.grain, Grain::Week | Grain::Month) || f.end_value.is_some() {
                return None;
            }
            Some(Found { clitic, ..f })
        }
        // الربع الثالث من عام 2016, الربع الأخير من العام الماضي: its three months; النصف
        // الأول من 2019, النصف الثاني من العام: its six months.
        "الربع" | "النصف" => {
            let (size, parts) = if c == "الربع" { (3, 4) } else { (6, 2) };
            let (n, e) = if cx.is(i + 1, &["الاخير"]) {
                (parts, i + 2)
            } else {
                let p = numbers::parse_at(cx.norm, cx.tokens, i + 1)?;
                if !p.ordinal || p.clitic > 0 || !(1.0..=f64::from(parts)).contains(&p.value) {
                    return None;
                }
                (p.value as i8, p.end)
            };
            let j = if cx.is(e, &["من", "في"]) {
                e + 1
            } else {
                e
            };
            let (y, end) = year_of_span(cx, j)?;
            let first = size * (n - 1) + 1;
            let month = |m: i8| Date::new(y, m, 1).ok().map(|d| fmt(d, Grain::Month));
            Some(Found {
                end,
                clitic,
                value: month(first),
                end_value: month(first + size - 1),
                grain: Grain::Month,
            })
        }
        // بقية الأسبوع, باقي الشهر, بقية العام: from the reference to the period's last day.
        "بقيه" | "باقي" => {
            let r = r?;
            let (k, this) = if cx.is(i + 1, &["هذا"]) {
                (i + 2, true)
            } else {
                (i + 1, false)
            };
            let w = cx.word(k)?;
            let k_end = if !this && cx.word(k + 1).and_then(dir) == Some(Dir::This) {
                k + 2
            } else {
                k + 1
            };
            let last = match w {
                "الاسبوع" => in_week(r, 0, Weekday::Sunday)?,
                "الشهر" => add_days(add_months(r.first_of_month(), 1)?, -1)?,
                "العام" | "السنه" => Date::new(r.year(), 12, 31).ok()?,
                _ => return None,
            };
            Some(Found {
                end: k_end,
                clitic,
                value: Some(fmt(r, Grain::Day)),
                end_value: Some(fmt(last, Grain::Day)),
                grain: Grain::Day,
            })
        }
        // الأسبوع الماضي, الشهر المقبل, الأسبوع بعد المقبل.
        "الاسبوع" | "الشهر" => {
            if c == "الاسبوع"
                && let Some(f) = nth_week(cx, i + 1)
            {
                return Some(Found { clitic, ..f });
            }
            let after = next == Some("بعد") && cx.word(i + 2).and_then(dir) == Some(Dir::Next);
            let d = if after {
                Dir::Next
            } else {
                next.and_then(dir)?
            };
            let n = match d {
                Dir::Next if after => 2,
                Dir::Next => 1,
                Dir::Prev => -1,
                Dir::This => 0,
            };
            let i = if after { i + 1 } else { i };
            let (grain, date) = if c == "الشهر" {
                (Grain::Month, r.and_then(|r| add_months(r, n)))
            } else {
                // الأسبوع المقبل يوم الجمعة, الأسبوع الماضي الأحد: that day of that week.
                let k = if cx.is(i + 2, &["يوم"]) {
                    i + 3
                } else {
                    i + 2
                };
                if let Some(wd) = cx.word(k).and_then(weekday) {
                    let date = r.and_then(|r| in_week(r, n, wd));
                    return found(k + 1, clitic, date, Grain::Day);
                }
                if let Some(f) = week_days(cx, i + 2, n) {
                    return Some(Found { clitic, ..f });
                }
                (Grain::Week, r.and_then(|r| add_days(r, 7 * n)))
            };
            found(i + 2, clitic, date, grain)
        }
        "امس" | "الامس" => {
            if next == Some("الاول") {
                return named_day(cx, i + 2, clitic, -2);
            }
            named_day(cx, i + 1, clitic, -1)
        }
        "اول" if next == Some("امس") => named_day(cx, i + 2, clitic, -2),
        // اليوم التالي: the day after the reference; اليوم الماضي: the day before.
        "اليوم" if ends_a_title(cx, i) => None,
        "اليوم" => match next.and_then(dir) {
            Some(Dir::Next) => found(i + 2, clitic, r.and_then(|r| add_days(r, 1)), Grain::Day),
            Some(Dir::Prev) => found(i + 2, clitic, r.and_then(|r| add_days(r, -1)), Grain::Day),
            _ => named_day(cx, i + 1, clitic, 0),
        },
        // أول يوم جمعة من يوليو, ثاني يوم اثنين في هذا الشهر, آخر جمعة من الشهر المقبل.
        "اول" | "ثاني" | "ثالث" | "رابع" | "خامس" | "اخر" => {
            nth_weekday(cx, i, c)
                .map(|f| Found { clitic, ..f })
                .or_else(|| first_or_last(cx, i, clitic, c))
        }
        "الشهرين" | "الاسبوعين" | "اليومين" => {
            first_or_last(cx, i, clitic, c)
        }
        // حزب الغد, صحيفة الغد: a party's or a newspaper's name.
        "الغد" if i > 0 && cx.word(i - 1).is_some_and(names_a_title) => None,
        "غدا" | "الغد" => named_day(cx, i + 1, clitic, 1),
        // بعد غد السبت: the weekday is that day, in one span.
        "بعد" if next == Some("غد") => named_day(cx, i + 2, clitic, 2),
        // قبل أيام (vague), قبل ثلاثة أيام, منذ يومين, بعد أسبوعين.
        // قبل أمس, قبل يوم أمس: the day before yesterday.
        "قبل" if next == Some("امس") => {
            found(i + 2, clitic, r.and_then(|r| add_days(r, -2)), Grain::Day)
        }
        "قبل" if next == Some("يوم") && cx.is(i + 2, &["امس"]) => {
            found(i + 3, clitic, r.and_then(|r| add_days(r, -2)), Grain::Day)
        }
        // يوم 27: that day of the reference's month.
        "يوم" if clitic == 0 => {
            let t = cx.tokens.get(i + 1)?;
            let ds = t.norm_str(cx.norm);
            if t.kind != TokenKind::Number || !(1..=2).contains(&ds.len()) {
                return None;
            }
            let d: i8 = ds.parse().ok()?;
            // (يوم 22/04: a numeric date follows.)
            if !(1..=31).contains(&d)
                || day_month(cx, cx.day(i + 1)).is_some()
                || numeric(cx, i + 1).is_some()
            {
                return None;
            }
            if cx.word(i + 2).is_some_and(|w| numbers::unit(w).is_some()) {
                return None;
            }
            let date = r.and_then(|r| Date::new(r.year(), r.month(), d).ok());
            found(i + 2, clitic, date, Grain::Day)
        }
        "قبل" | "منذ" | "بعد" => {
            // A duration of several parts before من الآن is read from its first number (see
            // `from_now`).
            if let Some(d) = duration_at(cx, i + 1)
                && from_now(cx, i + 1, &d).is_some()
                && d.iso.bytes().filter(u8::is_ascii_uppercase).count() > 2
            {
                return None;
            }
            let sign = if c == "بعد" { 1 } else { -1 };
            let (count, j) = match numbers::parse_at(cx.norm, cx.tokens, i + 1) {
                Some(p) if p.value.fract() == 0.0 && p.value >= 1.0 && p.value <= 1000.0 => {
                    (Some(p.value as i64), p.end)
                }
                Some(_) => return None,
                // قبل بضعة أيام, منذ عدة أشهر: vague.
                None if cx.is(i + 1, &["بضع", "بضعه", "عده"]) => (None, i + 2),
                None => (None, i + 1),
            };
            let (grain, n) = period(cx.word(j)?)?;
            // منذ عام 1955, قبل عام 2011, منذ شهر مايو: since or before that year or month,
            // not a year or month ago (the year or month is found on its own).
            if count.is_none()
                && (cx.year(j + 1).is_some()
                    || cx.year_words(j + 1).is_some()
                    || (cx.is(j, &["شهر"]) && cx.month(j + 1).is_some()))
            {
                return None;
            }
            let n = if j == i + 2 && count.is_none() { 0 } else { n };
            let n = match (count, n) {
                (Some(c), 0) => c,
                (None, n) if n > 0 => n,
                (None, _) => return found(j + 1, clitic, None, grain),
                (Some(_), _) => return None,
            };
            // بعد يوم واحد: واحد is part of it.
            let j = if cx.is(j + 1, &["واحد", "واحده"]) {
                j + 1
            } else {
                j
            };
            // منذ عام ونصف, بعد شهرين ونصف: half a unit more (a year's six months, a month's 15
            // days; half a week or a day is no day, so no value).
            let half = cx.is(j + 1, &["ونصف", "ونصفا"]);
            let j = if half { j + 1 } else { j };
            // بعد عامين من التصويت, قبل أسبوع من الموعد, بعد أسبوع على إعلان, بعد يومين فقط
            // من: counted from another event than the publication (not من الآن): no value.
            // (قبل أسبوع على مديرية, قبل عام على خلفية: after قبل, على is the verb's.)
            let k = if cx.is(j + 1, &["تقريبا", "فقط"]) {
                j + 2
            } else {
                j + 1
            };
            let other_event =
                (cx.is(k, &["من"]) && !cx.is(k + 1, &["الان"])) || (sign > 0 && cx.is(k, &["علي"]));
            let date = r
                .filter(|_| !other_event)
                .and_then(|r| match (grain, half) {
                    (Grain::Day, false) => add_days(r, sign * n),
                    (Grain::Week, false) => add_days(r, sign * 7 * n),
                    (Grain::Month, false) => add_months(r, sign * n),
                    (Grain::Month, true) => {
                        add_months(r, sign * n).and_then(|d| add_days(d, sign * 15))
                    }
                    (Grain::Year, false) => add_years(r, sign * n),
                    (Grain::Year, true) => add_months(r, sign * (12 * n + 6)),
                    _ => None,
                });
            // بعد أسبوعين من الآن.
            let end = if cx.is(j + 1, &["من"]) && cx.is(j + 2, &["الان"]) {
                j + 3
            } else {
                j + 1
            };
            // A point a counted span away from the reference: a day (قبل شهر = that day a
            // month ago; الشهر الماضي names the calendar month instead).
            match grain {
                Grain::Hour | Grain::Minute => found(end, clitic, None, grain),
                _ => found(end, clitic, date, Grain::Day),
            }
        }
        // الأيام القليلة الماضية, السنوات الأخيرة, الأسابيع المقبلة: a vague span of the
        // past or the future, with no value (not الأيام الأخيرة من حياته, a span of another
        // time).
        "الايام" | "الاسابيع" | "الاشهر" | "الشهور" | "السنوات" | "الاعوام" =>
        {
            if let Some(f) = first_or_last(cx, i, clitic, c) {
                return Some(f);
            }
            let grain = match c {
                "الايام" => Grain::Day,
                "الاسابيع" => Grain::Week,
                "الاشهر" | "الشهور" => Grain::Month,
                _ => Grain::Year,
            };
            let k = if cx.is(i + 1, &["القليله"]) {
                i + 2
            } else {
                i + 1
            };
            let w = cx.word(k)?;
            let ok = matches!(dir(w), Some(Dir::Next | Dir::Prev)) || w == "الاخيره";
            if !ok || cx.is(k + 1, &["من"]) {
                return None;
            }
            found(k + 1, clitic, None, grain)
        }
        // صيف 2016, شتاء العام الماضي, الصيف الماضي, الشتاء المقبل: a season's three months.
        "الصيف" | "صيف" | "الشتاء" | "شتاء" | "الربيع" | "ربيع" | "الخريف" | "خريف" => {
            season_at(cx, i + 1, c).map(|f| Found { clitic, ..f })
        }
        // بعد ذلك بأيام: the ب is a clitic here, so the core is ايام.
        "ايام" | "اسابيع" | "اشهر" if clitic > 0 => {
            let (grain, _) = period(c)?;
            found(i + 1, clitic, None, grain)
        }
        // الساعة الثالثة عصرا, الساعة 10 صباحا.
        // الليلة: tonight; الليلة الماضية: last night.
        "الليله" => {
            let (n, end) = match next.and_then(dir) {
                Some(Dir::Prev) => (-1, i + 2),
                _ => (0, i + 1),
            };
            found(end, clitic, r.and_then(|r| add_days(r, n)), Grain::Day)
        }
        // التقى بالاثنين: with the two, not on Monday (said يوم الاثنين or الاثنين).
        "الاثنين" if cx.word(i).is_some_and(|w| w.starts_with("بال")) => None,
        _ => {
            // الجمعة, الجمعة المقبلة (يوم before it stays outside the span).
            let (wd, j) = (weekday(c)?, i + 1);
            // الاثنين 12 يناير 2016, الخميس الموافق 17 مايو: the weekday joins the date that
            // follows.
            let k = if cx.tokens.get(j).is_some_and(|t| {
                t.kind == TokenKind::Punct && matches!(t.norm_str(cx.norm), "," | "،")
            }) {
                j + 1
            } else {
                j
            };
            let k = if cx.is(k, &["الموافق", "الموافقه"]) {
                k + 1
            } else {
                k
            };
            if let Some(mut f) = day_month(cx, cx.day(k))
                .or_else(|| numeric(cx, k))
                .or_else(|| month_day(cx, k))
            {
                f.clitic = clitic;
                return Some(f);
            }
            // الأحد الثاني: the second Sunday of the reference's month.
            if let Some(p) = numbers::parse_at(cx.norm, cx.tokens, j)
                && p.ordinal
                && p.clitic == 0
                && (1.0..=5.0).contains(&p.value)
            {
                let date = r.and_then(|r| {
                    let first = r.first_of_month();
                    let to = (i64::from(wd.to_monday_zero_offset())
                        - i64::from(first.weekday().to_monday_zero_offset()))
                    .rem_euclid(7);
                    let d = add_days(first, to + 7 * (p.value as i64 - 1))?;
                    (d.month() == first.month()).then_some(d)
                });
                return found(p.end, clitic, date, Grain::Day);
            }
            // الخميس 21, الجمعة في الثانية والعشرين: the day of the month nearest the reference
            // that falls on that weekday (none: the number is not a day).
            let k2 = if cx.is(j, &["في"]) { j + 1 } else { j };
            if let Some(r) = r
                && let Some((d, e, 0)) = cx.day(k2)
                && cx.word(e).is_none_or(|w| numbers::unit(w).is_none())
                && let Some(date) = [0i64, -1, 1]
                    .iter()
                    .filter_map(|&m| {
                        let f = add_months(r.first_of_month(), m)?;
                        Date::new(f.year(), f.month(), d).ok()
                    })
                    .filter(|x| x.weekday() == wd)
                    .min_by_key(|x| {
                        (x.since(r).map_or(i64::MAX, |s| i64::from(s.get_days()))).abs()
                    })
            {
                return found(e, clitic, Some(date), Grain::Day);
            }
            // الجمعة من الأسبوع المقبل.
            let k3 = if cx.is(j, &["من"]) { j + 1 } else { j };
            if cx.is(k3, &["الاسبوع"])
                && let Some(d) = cx.word(k3 + 1).and_then(dir)
            {
                let n = match d {
                    Dir::Next => 1,
                    Dir::Prev => -1,
                    Dir::This => 0,
                };
                return found(
                    k3 + 2,
                    clitic,
                    r.and_then(|r| in_week(r, n, wd)),
                    Grain::Day,
                );
            }
            let d = cx.word(j).and_then(dir);
            let end = if d.is_some() { j + 1 } else { j };
            let date = r.and_then(|r| match d {
                Some(Dir::Next) => (1..=7)
                    .filter_map(|k| add_days(r, k))
                    .find(|x| x.weekday() == wd),
                Some(Dir::Prev) => (1..=7)
                    .filter_map(|k| add_days(r, -k))
                    .find(|x| x.weekday() == wd),
                // ستجري الانتخابات الأحد: the coming one (today's included).
                _ if cx.future_before(i, end) => (0..7)
                    .filter_map(|k| add_days(r, k))
                    .find(|x| x.weekday() == wd),
                _ => (0..7)
                    .filter_map(|k| add_days(r, -k))
                    .find(|x| x.weekday() == wd),
            });
            found(end, clitic, date, Grain::Day)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_text::TextPipeline;

    fn run(text: &str, reference: &str) -> Vec<(String, Option<String>, Grain)> {
        let a = TextPipeline::default().analyze(text).unwrap();
        find(&a.normalized, &a.tokens, Some(reference.parse().unwrap()))
            .into_iter()
            .map(|d| (text[d.span.range()].to_string(), d.value, d.grain))
            .collect()
    }

    fn one(text: &str, reference: &str) -> (String, Option<String>, Grain) {
        let r = run(text, reference);
        assert_eq!(r.len(), 1, "{text}: {r:?}");
        r.into_iter().next().unwrap()
    }

    fn v(text: &str) -> Option<String> {
        value_on(text, "2021-01-29")
    }

    /// The value of the one date in `text`, against `reference`.
    fn value_on(text: &str, reference: &str) -> Option<String> {
        one(text, reference).1
    }

    /// The text, recurrence and grain of each date in `text`.
    fn sets(text: &str) -> Vec<(String, Option<String>, Grain)> {
        let a = TextPipeline::default().analyze(text).unwrap();
        find(
            &a.normalized,
            &a.tokens,
            Some("2021-01-29".parse().unwrap()),
        )
        .into_iter()
        .map(|d| {
            assert!(d.recurrence.is_none() || d.value.is_none(), "{text}: {d:?}");
            (text[d.span.range()].to_string(), d.recurrence, d.grain)
        })
        .collect()
    }

    fn set(text: &str) -> (String, Option<String>) {
        let r = sets(text);
        assert_eq!(r.len(), 1, "{text}: {r:?}");
        let (t, s, _) = r.into_iter().next().unwrap();
        (t, s)
    }

    #[test]
    fn recurring_times_are_sets() {
        let s = |t: &str, span: &str, value: &str| {
            assert_eq!(set(t), (span.to_string(), Some(value.to_string())), "{t}");
        };
        s("ينتج مليون برميل يومياً", "يومياً", "P1D");
        s("وتعقد اجتماعا أسبوعيا", "أسبوعيا", "P1W");
        s("يدفع 300 دولار شهريا", "شهريا", "P1M");
        s("تنفق مليار دولار سنويًا", "سنويًا", "P1Y");
        s("يسقط قتلى كل يوم", "كل يوم", "P1D");
        s("وفي كل عام يحتفل", "كل عام", "P1Y");
        s("تقام البطولة كل أربع سنوات", "كل أربع سنوات", "P4Y");
        s("تقام كل 4 سنوات", "كل 4 سنوات", "P4Y");
        s("يتظاهرون كل يوم جمعة", "كل يوم جمعة", "XXXX-WXX-5");
        s("يتظاهرون كل جمعة", "كل جمعة", "XXXX-WXX-5");
        s("يغلق أيام الاثنين", "أيام الاثنين", "XXXX-WXX-1");
        s(
            "كل يوم اثنين الساعة 4 مساء",
            "كل يوم اثنين الساعة 4 مساء",
            "XXXX-WXX-1T16",
        );
        s("يبث الساعة 3 مساء كل يوم", "الساعة 3 مساء كل يوم", "T15");
        s(
            "يصحو في السادسة صباحا من كل يوم",
            "السادسة صباحا من كل يوم",
            "T06",
        );
        s("كل ليلة في 9", "كل ليلة في 9", "T21");
        s("كل ليلة الساعة 2", "كل ليلة الساعة 2", "T02");
        s("كل ليلة الساعة 12", "كل ليلة الساعة 12", "T00");
        s("كل يوم على الساعة 8", "كل يوم على الساعة 8", "T08");
        s("تغلق أيام الجمعة، وفق القرار", "أيام الجمعة", "XXXX-WXX-5");
        s("بعد ظهر كل يوم الساعة 3", "بعد ظهر كل يوم الساعة 3", "T15");
        s("يقام كل شهر مارس", "كل شهر مارس", "XXXX-03");
        s(
            "بعد ظهر كل يوم جمعة",
            "بعد ظهر كل يوم جمعة",
            "XXXX-WXX-5TAF",
        );
        s("يصادف 8 مارس من كل عام", "8 مارس من كل عام", "XXXX-03-08");
        s("في شهر مايو من كل عام", "شهر مايو من كل عام", "XXXX-05");
        s("صلاة الجمعة من كل أسبوع", "الجمعة من كل أسبوع", "XXXX-WXX-5");
        s("تصرف يوم 24 من كل شهر", "يوم 24 من كل شهر", "XXXX-XX-24");
        s("سيتم كل يوم 24 من كل شهر", "يوم 24 من كل شهر", "XXXX-XX-24");
    }

    #[test]
    fn no_set_where_every_is_not_a_time() {
        // كل أحد: everyone; كل اثنين: every two; كل اليوم: the whole day; كل شهر رمضان.
        for t in [
            "لا يعرف كل أحد ذلك",
            "كل اثنين منهم",
            "كل شهر رمضان",
            "كل الأيام",
            // The days of one event as often as days that recur.
            "زار المهرجان 67 ألفا أيام الجمعة والسبت والأحد",
            "أيام الجمعة 9 ديسمبر والثلاثاء 13 ديسمبر",
            "أيام السبت، والأحد",
            "أيام السبت أو الأحد",
            "كل عام وأنتم بخير",
            "كل عام و أنتم بخير",
        ] {
            assert!(
                sets(t).iter().all(|(_, s, _)| s.is_none()),
                "{t}: {:?}",
                sets(t)
            );
        }
        // A time on a named day keeps its date; يوميا is a set of its own.
        let r = sets("اعتبارا من السبت 23 يناير الساعة 7 مساء يوميا");
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[1].1.as_deref(), Some("P1D"));
        // كل يوم before a count of hours; no hour from a count of places.
        assert_eq!(sets("يعمل كل يوم 8 ساعات")[0].1.as_deref(), Some("P1D"));
        assert_eq!(
            sets("يحصلون كل يوم على 3 وجبات")[0].1.as_deref(),
            Some("P1D")
        );
        // كل الاثنين: both of them, no date.
        assert!(sets("جاء كل الاثنين").is_empty());
        // A dated day is no set: 8 مارس 2020 من كل عام does not happen.
        assert_eq!(set("في 8 مارس 2020").1, None);
        assert_eq!(
            v("الساعة 3 مساء يوم الجمعة").as_deref(),
            Some("2021-01-29T15")
        );
    }

    #[test]
    fn day_and_month_with_direction_or_year() {
        let r = one("تجرى الانتخابات في العاشر من اكتوبر المقبل", "2021-01-29");
        assert_eq!(r.0, "العاشر من اكتوبر المقبل");
        assert_eq!((r.1.as_deref(), r.2), (Some("2021-10-10"), Grain::Day));
        assert_eq!(
            v("وفي العشرين من أغسطس 2020 عقدت").as_deref(),
            Some("2020-08-20")
        );
        assert_eq!(v("في 3 يناير 2020").as_deref(), Some("2020-01-03"));
        assert_eq!(
            v("في الثامن والعشرين من شباط").as_deref(),
            Some("2021-02-28")
        );
        assert_eq!(
            v("في العاشر من يونيو من العام الماضي").as_deref(),
            Some("2020-06-10")
        );
        assert_eq!(
            v("يوم 5 كانون الثاني الماضي").as_deref(),
            Some("2021-01-05")
        );
    }

    #[test]
    fn a_month_named_in_two_sets_is_one_date() {
        let r = one("نشرت في 13 فبراير/شباط 2016 تقريرا", "2018-02-15");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref(), r.2),
            ("13 فبراير/شباط 2016", Some("2016-02-13"), Grain::Day)
        );
        let r = one("في سبتمبر/ أيلول 2015 .", "2018-02-15");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref()),
            ("سبتمبر/ أيلول 2015", Some("2015-09"))
        );
        let r = one("وعدت بها أكتوبر/ تشرين الماضي.", "2018-02-24");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref()),
            ("أكتوبر/ تشرين الماضي", Some("2017-10"))
        );
        let r = one("ونشرت في 3 نوفمبر/تشرين الثاني 2016 تقريرا", "2018-02-15");
        assert_eq!(r.1.as_deref(), Some("2016-11-03"));
        let (_, a, b) = range_on(
            "بين التاسع من كانون الثاني/يناير 2017 و18 كانون الثاني/يناير",
            "2018-06-01",
        );
        assert_eq!(
            (a.as_deref(), b.as_deref()),
            (Some("2017-01-09"), Some("2017-01-18"))
        );
        let (_, a, b) = range_on("من 20 ديسمبر إلى 5 يناير", "2018-12-01");
        assert_eq!(
            (a.as_deref(), b.as_deref()),
            (Some("2018-12-20"), Some("2019-01-05"))
        );
        let r = one("في ديسمبر/كانون أول 2015", "2018-03-01");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref()),
            ("ديسمبر/كانون أول 2015", Some("2015-12"))
        );
        let r = one("يلتقي في 22 نيسان/أبريل، ويخوض", "2018-03-17");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref()),
            ("22 نيسان/أبريل", Some("2018-04-22"))
        );
        let r = one("في نهاية مارس آذار الماضي، كشف", "2018-04-19");
        assert_eq!(r.1.as_deref(), Some("2018-03"));
        assert_eq!(v("في مارس (آذار) 2019").as_deref(), Some("2019-03"));
        let r = run("في الفترة من 25 إلى 31 آذار/مارس الحالي في", "2018-03-01");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, "من 25 إلى 31 آذار/مارس الحالي");
        // Two months are two dates.
        assert_eq!(run("بين يناير/مارس 2019", "2021-01-29").len(), 2);
    }

    #[test]
    fn a_bare_month_far_ahead_is_last_years() {
        // Published in May 2018: Trump's decision of 6 December (2017); a summit in June
        // (2018); a result of January (2018).
        let r = one("قرار ترمب في السادس من كانون الأول", "2018-05-08");
        assert_eq!(r.1.as_deref(), Some("2017-12-06"));
        assert_eq!(
            value_on("قمة تعقد في 12 يونيو", "2018-05-25").as_deref(),
            Some("2018-06-12")
        );
        assert_eq!(
            value_on("تراجعت في يناير", "2018-05-25").as_deref(),
            Some("2018-01")
        );
        assert_eq!(
            value_on("منذ هجوم 14 أكتوبر", "2018-02-24").as_deref(),
            Some("2017-10-14")
        );
        assert_eq!(
            value_on("في نوفمبر", "2018-05-24").as_deref(),
            Some("2018-11")
        );
        assert_eq!(
            value_on("في ديسمبر", "2018-05-24").as_deref(),
            Some("2017-12")
        );
        assert_eq!(
            value_on("في 22/12", "2018-05-24").as_deref(),
            Some("2017-12-22")
        );
        assert_eq!(
            value_on("في نوفمبر من 2016 ساعد", "2018-04-15").as_deref(),
            Some("2016-11")
        );
        // A direction or a year decides.
        assert_eq!(
            value_on("في ديسمبر المقبل", "2018-05-24").as_deref(),
            Some("2018-12")
        );
    }

    #[test]
    fn days_listed_before_their_month() {
        let r = run("الإضراب المقرر يومي 8 و9 مارس 2017", "2017-03-06");
        let want = [("8", "2017-03-08"), ("9 مارس 2017", "2017-03-09")];
        assert_eq!(r.len(), 2, "{r:?}");
        for ((text, value, grain), (t, v)) in r.iter().zip(want) {
            assert_eq!(
                (text.as_str(), value.as_deref(), *grain),
                (t, Some(v), Grain::Day)
            );
        }
        // Three days, the month with its direction; و apart from the day.
        let r = run("ينعقد أيام 22 و23 و 24 جانفي الحالي بتونس", "2017-01-07");
        let values: Vec<_> = r.iter().map(|d| d.1.as_deref()).collect();
        assert_eq!(
            values,
            [Some("2017-01-22"), Some("2017-01-23"), Some("2017-01-24")]
        );
        // Ordinal words after في.
        let r = run("في الثالث والرابع من أبريل المقبل", "2018-03-16");
        let values: Vec<_> = r.iter().map(|d| d.1.as_deref()).collect();
        assert_eq!(values, [Some("2018-04-03"), Some("2018-04-04")]);
        // Not weeks, and not a later day before an earlier one.
        let r = run("في الأسبوع الأول والثاني من أبريل المقبل", "2018-03-07");
        assert!(r.iter().all(|d| d.0 != "الأول"), "{r:?}");
        let r = run("بين الفصلين 9 و3 مارس", "2018-03-07");
        assert!(r.iter().all(|d| d.0 != "9"), "{r:?}");
    }

    #[test]
    fn a_time_after_a_colon_or_from_is_on_the_day_before_it() {
        // Text written for this test, as match schedules are laid out.
        let r = one(
            "الخميس 04 ماي 2017 : الساعة 16:00 * في انتظار تحديد الملعب",
            "2017-05-02",
        );
        assert_eq!(r.1.as_deref(), Some("2017-05-04T16:00"));
        let r = one(
            "الأحد 12 مارس بداية من الساعة 16:00 النادي الإفريقي",
            "2017-03-08",
        );
        assert_eq!(r.1.as_deref(), Some("2017-03-12T16:00"));
        let r = one("يوم الثلاثاء 20 جوان على الساعة الثامنة مساء", "2017-06-06");
        assert_eq!(r.1.as_deref(), Some("2017-06-20T20"));
        // Not a count after على.
        let r = run("فاز يوم الأحد 5 مارس على 3 منافسين", "2017-03-06");
        assert_eq!(r[0].1.as_deref(), Some("2017-03-05"), "{r:?}");
    }

    #[test]
    fn day_after_day_is_no_date() {
        assert!(run("تتزايد الأعداد يوما بعد يوم", "2017-03-06").is_empty());
        assert!(run("تكبر عاما بعد عام", "2017-03-06").is_empty());
        assert_eq!(v("يعود بعد عام").as_deref(), Some("2022-01-29"));
    }

    #[test]
    fn minutes_after_the_part_of_the_day() {
        let r = one("وحوالي الساعة العاشرة ليلا و 25 دقيقة استل", "2017-02-09");
        assert_eq!(r.0, "الساعة العاشرة ليلا و 25 دقيقة");
        assert_eq!(
            (r.1.as_deref(), r.2),
            (Some("2017-02-09T22:25"), Grain::Minute)
        );
    }

    #[test]
    fn a_day_in_a_name_has_no_value() {
        let r = one("من مسجد الحصري بمدينة السادس من أكتوبر", "2018-03-11");
        assert_eq!((r.0.as_str(), r.1), ("السادس من أكتوبر", None));
        assert_eq!(one("منذ ثورة 25 يناير وحتى الآن", "2018-03-11").1, None);
        assert_eq!(one("بعد أحداث 11 سبتمبر في مهمة", "2018-03-11").1, None);
        // Streets, squares and stadiums named after a day.
        assert_eq!(one("أشغال في نهج 25 جويلية بالمدينة", "2017-04-01").1, None);
        assert_eq!(one("المباراة بملعب 15 أكتوبر ببنزرت", "2017-02-13").1, None);
        // With its year it is a date; after other words too.
        assert_eq!(
            value_on("منذ ثورة 25 يناير 2011", "2018-03-11").as_deref(),
            Some("2011-01-25")
        );
        assert_eq!(
            value_on("في ذكرى 25 يناير", "2018-03-11").as_deref(),
            Some("2018-01-25")
        );
    }

    #[test]
    fn an_offset_from_another_event_has_no_value() {
        let r = one("وبعد عامين من التصويت على الخروج", "2018-06-28");
        assert_eq!((r.0.as_str(), r.1), ("بعد عامين", None));
        let r = one("بعد يوم واحد من تبادل", "2018-07-09");
        assert_eq!((r.0.as_str(), r.1), ("بعد يوم واحد", None));
        let r = one("ويأتي ذلك بعد أسبوع على إعلان تركيا", "2018-07-09");
        assert_eq!((r.0.as_str(), r.1), ("بعد أسبوع", None));
        let r = one("استقال بعد عامين تقريبا على توليه مهامه", "2018-07-09");
        assert_eq!((r.0.as_str(), r.1), ("بعد عامين", None));
        let r = one("عاد بعد عشرة أيام فقط من لقائه", "2018-07-09");
        assert_eq!((r.0.as_str(), r.1), ("بعد عشرة أيام", None));
        // After قبل, على is the verb's: a week before the publication.
        assert_eq!(
            value_on(
                "غارة شنتها الطائرات قبل أسبوع على مديرية حيدان",
                "2018-07-09"
            )
            .as_deref(),
            Some("2018-07-02")
        );
        assert_eq!(
            value_on("وصل بعد يوم واحد", "2018-07-09").as_deref(),
            Some("2018-07-10")
        );
        // From the publication day it has one.
        assert_eq!(
            value_on("وصل قبل يومين", "2018-06-02").as_deref(),
            Some("2018-05-31")
        );
        assert_eq!(
            value_on("يعود بعد أسبوعين من الآن", "2018-06-02").as_deref(),
            Some("2018-06-16")
        );
    }

    #[test]
    fn a_weekday_then_the_date_it_is() {
        let r = one(
            "سيصومون يوم الخميس الموافق 17 مايو 2018، وسيشاهدون",
            "2018-05-13",
        );
        assert_eq!(
            (r.0.as_str(), r.1.as_deref()),
            ("الخميس الموافق 17 مايو 2018", Some("2018-05-17"))
        );
    }

    /// Since a month named without a year is since the last such month: published in April,
    /// منذ حزيران is last June; a coming month stays this year's without منذ.
    #[test]
    fn since_a_month_without_a_year_is_the_last_one() {
        let r = one(
            "أولى حفلاتها منذ إنجابها توأميها في حزيران/يونيو.",
            "2018-04-15",
        );
        assert_eq!(r.1.as_deref(), Some("2017-06"));
        let r = one(
            "وهو أدنى مستوى له منذ الثاني عشر من ديسمبر (كانون الأول).",
            "2018-07-15",
        );
        assert_eq!(r.1.as_deref(), Some("2017-12-12"));
        // Already past: unchanged.
        assert_eq!(
            value_on("ارتفع إلى أعلى مستوى منذ مارس", "2018-07-15").as_deref(),
            Some("2018-03")
        );
        // No منذ, or a year or direction written: as before.
        assert_eq!(
            value_on("تعقد القمة في حزيران/يونيو.", "2018-04-15").as_deref(),
            Some("2018-06")
        );
        assert_eq!(
            value_on("منذ حزيران/يونيو المقبل", "2018-04-15").as_deref(),
            Some("2018-06")
        );
        // Another clause: the comma ends it.
        let r = run("تراجع منذ أيام، وتعقد القمة في حزيران", "2018-04-15");
        assert_eq!(
            r.last().and_then(|d| d.1.as_deref()),
            Some("2018-06"),
            "{r:?}"
        );
    }

    #[test]
    fn may_is_a_month_only_with_context() {
        assert!(run("قالت رئيسة الوزراء تيريزا ماي إن بريطانيا", "2018-04-19").is_empty());
        assert!(run("مجموعة تسمى ديكلوتير ماي هوم", "2018-04-19").is_empty());
        // آوت: August in the Maghreb, and "out" in بي آوت.
        assert!(run("في قضية \"بي آوت\" المتهمة ببث المباريات", "2018-07-13").is_empty());
        assert_eq!(v("في 15 أوت 2019").as_deref(), Some("2019-08-15"));
        assert_eq!(v("خلال شهر أوت").as_deref(), Some("2020-08"));
        // The year after ل.
        assert_eq!(
            v("ولدت في الثاني والعشرين من شهر أغسطس لعام 1983").as_deref(),
            Some("1983-08-22")
        );
        assert_eq!(v("في 22 من شهر أغسطس 1983").as_deref(), Some("1983-08-22"));
        // A half of a month is no day of it.
        assert_eq!(
            one("في النصف الأول من شهر حزيران/يونيو المقبل", "2018-05-15"),
            (
                "شهر حزيران/يونيو المقبل".into(),
                Some("2018-06".into()),
                Grain::Month
            )
        );
        assert_eq!(
            v("في العاشر من شهر أكتوبر للعام 2016").as_deref(),
            Some("2016-10-10")
        );
        assert_eq!(v("في 15 ماي 2019").as_deref(), Some("2019-05-15"));
        assert_eq!(v("خلال شهر ماي الماضي").as_deref(), Some("2020-05"));
        assert_eq!(v("في ماي 2019").as_deref(), Some("2019-05"));
        assert_eq!(v("منذ شهر ماي").as_deref(), Some("2020-05"));
    }

    #[test]
    fn a_counted_unit_before_a_year_names_the_year() {
        let r = one("النشيد الرسمي منذ عام 1955 في عهد", "2018-02-14");
        assert_eq!((r.0.as_str(), r.1.as_deref()), ("عام 1955", Some("1955")));
        let r = one("كان ذلك قبل عام 2011", "2018-02-14");
        assert_eq!((r.0.as_str(), r.1.as_deref()), ("عام 2011", Some("2011")));
        // Still a year ago without one.
        assert_eq!(v("وصل منذ عام").as_deref(), Some("2020-01-29"));
    }

    #[test]
    fn a_number_then_the_year_is_no_duration() {
        let r = one("مرتفعاً بنسبة 3.4% من 420899 العام الماضي.", "2018-02-20");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref()),
            ("العام الماضي", Some("2017"))
        );
    }

    #[test]
    fn months_in_every_regional_set() {
        let r = one("انسحبت في سبتمبر الماضي", "2021-01-29");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref(), r.2),
            ("سبتمبر الماضي", Some("2020-09"), Grain::Month)
        );
        assert_eq!(v("في تشرين الأول المقبل").as_deref(), Some("2021-10"));
        assert_eq!(v("منذ جانفي 2019").as_deref(), Some("2019-01"));
        assert_eq!(v("في آب 2018").as_deref(), Some("2018-08"));
        assert_eq!(v("في شهر مارس المقبل").as_deref(), Some("2021-03"));
        assert_eq!(v("خلال جويلية الماضي").as_deref(), Some("2020-07"));
        assert!(run("زار أب وابنه", "2021-01-29").is_empty());
    }

    #[test]
    fn weekdays_and_relative_days() {
        // 2021-01-29 is a Friday.
        assert_eq!(v("تابعته الجمعة").as_deref(), Some("2021-01-29"));
        assert_eq!(v("وصل الخميس").as_deref(), Some("2021-01-28"));
        assert_eq!(one("يوم السبت", "2021-01-29").0, "السبت");
        assert_eq!(v("يوم السبت").as_deref(), Some("2021-01-23"));
        assert_eq!(v("الاثنين 12 يناير 2016").as_deref(), Some("2016-01-12"));
        assert_eq!(v("الجمعة المقبلة").as_deref(), Some("2021-02-05"));
        assert_eq!(v("الاثنين الماضي").as_deref(), Some("2021-01-25"));
        assert_eq!(v("وصل أمس").as_deref(), Some("2021-01-28"));
        assert_eq!(v("أول أمس").as_deref(), Some("2021-01-27"));
        assert_eq!(v("اليوم").as_deref(), Some("2021-01-29"));
        assert_eq!(v("يصل غدا").as_deref(), Some("2021-01-30"));
        assert_eq!(v("قبل ثلاثة أيام").as_deref(), Some("2021-01-26"));
        assert_eq!(v("منذ يومين").as_deref(), Some("2021-01-27"));
    }

    #[test]
    fn a_weekday_after_a_future_verb_is_the_coming_one() {
        // 2021-01-29 is a Friday; the segmenter reads the future س.
        let with_morph = |text: &str| {
            let a = TextPipeline::default().analyze(text).unwrap();
            let mut morph = WordAnalyses::default();
            khabar_morph::Segmenter::embedded().analyze_tokens(text, &a.tokens, &mut morph);
            find_with(
                &a.normalized,
                &a.tokens,
                Some("2021-01-29".parse().unwrap()),
                Some(&morph),
            )
            .into_iter()
            .map(|d| d.value)
            .collect::<Vec<_>>()
        };
        let day = |d: &str| vec![Some(d.to_string())];
        assert_eq!(with_morph("ستجري الانتخابات الأحد"), day("2021-01-31"));
        assert_eq!(with_morph("وسيعود إلى القاهرة الاثنين"), day("2021-02-01"));
        assert_eq!(with_morph("المباراة المقررة يوم الخميس"), day("2021-02-04"));
        assert_eq!(
            with_morph("العمل يجري أيضا والخميس تصاعد"),
            day("2021-01-28")
        );
        assert_eq!(with_morph("البطولة التي تنطلق الخميس"), day("2021-02-04"));
        assert_eq!(
            with_morph("الوفد الذي يزور دمشق منذ الخميس"),
            day("2021-01-28")
        );
        assert_eq!(with_morph("ستبدأ الجمعة"), day("2021-01-29"));
        // Not a future verb: the last such day, as without the analyses.
        assert_eq!(with_morph("التقى سيرغي لافروف الأحد"), day("2021-01-24"));
        assert_eq!(with_morph("قال الأحد إنه سيعود"), day("2021-01-24"));
        assert_eq!(with_morph("قال سيعود الأحد إن"), day("2021-01-24"));
        assert_eq!(
            with_morph("المباراة التي كانت مقررة الأحد"),
            day("2021-01-24")
        );
        assert_eq!(v("ستجري الانتخابات الأحد").as_deref(), Some("2021-01-24"));
        // The present of an event's verb, also over commas; not after لم or كان.
        assert_eq!(
            with_morph("يتوجه الناخبون، الأحد، إلى صناديق الاقتراع"),
            day("2021-01-31")
        );
        assert_eq!(
            with_morph("المباراة التي ستجمع الفريقين، السبت، في الدوري"),
            day("2021-01-30")
        );
        assert_eq!(with_morph("ويعقد الاتحاد قمته الخميس"), day("2021-02-04"));
        assert_eq!(with_morph("لم تعقد اجتماعا يوم السبت"), day("2021-01-23"));
        assert_eq!(
            with_morph("كان من المقرر أن تظهر، الخميس، في برنامج"),
            day("2021-01-28")
        );
    }

    #[test]
    fn periods_and_years() {
        assert_eq!(
            value_on("الشهر المقبل", "2021-01-29").as_deref(),
            Some("2021-02")
        );
        assert_eq!(
            one("الأسبوع الماضي", "2021-01-29"),
            ("الأسبوع الماضي".into(), Some("2021-W03".into()), Grain::Week)
        );
        assert_eq!(v("العام الماضي").as_deref(), Some("2020"));
        assert_eq!(v("في عام 2020").as_deref(), Some("2020"));
        assert_eq!(v("منذ مطلع العام").as_deref(), Some("2021-01"));
        assert_eq!(v("هذا العام").as_deref(), Some("2021"));
    }

    #[test]
    fn vague_expressions_keep_their_span() {
        let r = one("في الحادثين قبل ايام وقال", "2021-01-29");
        assert_eq!((r.0.as_str(), r.1, r.2), ("قبل ايام", None, Grain::Day));
        let r = one("منذ بضعة أشهر", "2021-01-29");
        assert_eq!(
            (r.0.as_str(), r.1, r.2),
            ("منذ بضعة أشهر", None, Grain::Month)
        );
        let r = one("وبعد ذلك بأيام، وافق", "2021-01-29");
        assert_eq!((r.0.as_str(), r.1), ("أيام", None));
    }

    #[test]
    fn dates_in_digits() {
        assert_eq!(v("في 2016/02/22").as_deref(), Some("2016-02-22"));
        assert_eq!(v("في 21-04-2016").as_deref(), Some("2016-04-21"));
        assert_eq!(v("في ٢٢/٠٤/٢٠١٦").as_deref(), Some("2016-04-22"));
        assert_eq!(v("في 22/04").as_deref(), Some("2021-04-22"));
        assert!(run("فاز 4-2", "2021-01-29").is_empty());
        assert!(run("في 31/02/2021", "2021-01-29").is_empty());
        assert_eq!(
            one("منذ 7/2019", "2021-01-29"),
            ("7/2019".into(), Some("2019-07".into()), Grain::Month)
        );
        assert_eq!(v("في 2020-11").as_deref(), Some("2020-11"));
        // An ordinal after الربع ranks the quarter, it is not a day.
        assert!(
            run("الربع الثالث من مارس", "2021-01-29")
                .iter()
                .all(|d| d.2 == Grain::Month)
        );
    }

    #[test]
    fn hijri_months_with_a_year() {
        assert_eq!(
            hijri_to_gregorian(1442, 9, 1)
                .map(|d| d.to_string())
                .as_deref(),
            Some("2021-04-13")
        );
        assert_eq!(
            hijri_to_gregorian(1, 1, 1)
                .map(|d| d.to_string())
                .as_deref(),
            Some("0622-07-19")
        );
        let r = one("في رمضان 1442 هـ", "2021-01-29");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref(), r.2),
            ("رمضان 1442 هـ", Some("2021-04"), Grain::Month)
        );
        assert_eq!(v("في 10 ذي الحجة 1441").as_deref(), Some("2020-07-31"));
        assert_eq!(v("منتصف ربيع الأول 1443 هـ").as_deref(), Some("2021-10"));
        assert!(run("صيام رمضان", "2021-01-29").is_empty());
    }

    #[test]
    fn times_of_day() {
        let r = one("الساعة الثالثة عصرا", "2021-01-29");
        assert_eq!((r.1.as_deref(), r.2), (Some("2021-01-29T15"), Grain::Hour));
        assert_eq!(v("الساعة 10 صباحا").as_deref(), Some("2021-01-29T10"));
        let r = one("بدأ الاجتماع في 9:45 مساء", "2021-01-29");
        assert_eq!(
            (r.1.as_deref(), r.2),
            (Some("2021-01-29T21:45"), Grain::Minute)
        );
        assert_eq!(
            v("الساعة السادسة والنصف صباحا").as_deref(),
            Some("2021-01-29T06:30")
        );
        assert_eq!(
            v("الساعة الخامسة إلا ربعا").as_deref(),
            Some("2021-01-29T04:45")
        );
        assert_eq!(
            v("الساعة الحادية عشرة ليلا").as_deref(),
            Some("2021-01-29T23")
        );
        assert_eq!(v("الساعة الثالثة ليلا").as_deref(), Some("2021-01-29T03"));
        assert_eq!(
            v("الساعة التاسعة و10 دقائق").as_deref(),
            Some("2021-01-29T09:10")
        );
        assert_eq!(v("4 عصرا").as_deref(), Some("2021-01-29T16"));
        assert_eq!(v("عند منتصف الليل").as_deref(), Some("2021-01-29T00"));
        assert_eq!(v("الساعة 12 ليلا").as_deref(), Some("2021-01-29T00"));
        assert_eq!(v("الساعة 12 ظهرا").as_deref(), Some("2021-01-29T12"));
    }

    #[test]
    fn times_join_their_day() {
        assert_eq!(v("مساء أمس").as_deref(), Some("2021-01-28"));
        assert_eq!(one("مساء أمس", "2021-01-29").0, "مساء أمس");
        assert_eq!(v("صباح الغد الساعة 8").as_deref(), Some("2021-01-30T08"));
        assert_eq!(v("مساء الغد الساعة 8").as_deref(), Some("2021-01-30T20"));
        assert_eq!(
            v("في 3 مارس 2020 ، الساعة 7:15 مساء").as_deref(),
            Some("2020-03-03T19:15")
        );
        assert_eq!(
            v("الساعة 5 مساء يوم الخميس").as_deref(),
            Some("2021-01-28T17")
        );
        assert_eq!(v("الليلة في 9").as_deref(), Some("2021-01-29T21"));
        // Ordinals are not clock times.
        assert_eq!(
            v("الثانية والعشرون من يونيو").as_deref(),
            Some("2021-06-22")
        );
        assert!(run("الدورة الثامنة والعشرون", "2021-01-29").is_empty());
        assert!(run("في السابعة من عمره", "2021-01-29").is_empty());
        assert!(run("الدول الثمانية والعشرين", "2021-01-29").is_empty());
        assert_eq!(
            v("الساعة الرابعة عصر أمس").as_deref(),
            Some("2021-01-28T16")
        );
    }

    #[test]
    fn no_reference_keeps_absolute_dates_only() {
        let a = TextPipeline::default()
            .analyze("أمس وفي 3 يناير 2020")
            .unwrap();
        let d = find(&a.normalized, &a.tokens, None);
        assert_eq!(d[0].value, None);
        assert_eq!(d[1].value.as_deref(), Some("2020-01-03"));
    }

    fn range(text: &str) -> (String, Option<String>, Option<String>) {
        range_on(text, "2021-01-29")
    }

    fn range_on(text: &str, reference: &str) -> (String, Option<String>, Option<String>) {
        let a = TextPipeline::default().analyze(text).unwrap();
        let d = find(&a.normalized, &a.tokens, Some(reference.parse().unwrap()));
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        let d = d.into_iter().next().unwrap();
        (text[d.span.range()].to_string(), d.value, d.end_value)
    }

    fn r3(a: &str, b: &str, c: &str) -> (String, Option<String>, Option<String>) {
        (a.into(), Some(b.into()), Some(c.into()))
    }

    #[test]
    fn halves_and_quarters_of_a_year() {
        assert_eq!(
            range("تراجعت الصادرات في النصف الأول من 2019 بشكل حاد"),
            r3("النصف الأول من 2019", "2019-01", "2019-06")
        );
        assert_eq!(
            range("ويتوقع المحللون انتعاشا خلال النصف الثاني من العام"),
            r3("النصف الثاني من العام", "2021-07", "2021-12")
        );
        assert_eq!(
            range("وسجل الميزان عجزا في النصف الأخير من العام الماضي"),
            r3("النصف الأخير من العام الماضي", "2020-07", "2020-12")
        );
        assert_eq!(
            range("تباطأ النمو في الربع الأخير من 2020"),
            r3("الربع الأخير من 2020", "2020-10", "2020-12")
        );
        assert_eq!(
            range("وتضاعفت الأرباح في الربع الثالث من السنة"),
            r3("الربع الثالث من السنة", "2021-07", "2021-09")
        );
        // A fiscal or school year does not start in January; a half of a match is no date.
        for text in [
            "ارتفع العجز في النصف الأول من 2019-2020",
            "ارتفع العجز في النصف الأول من العام المالي",
            "نما الاقتصاد في 2019 ثم تباطأ في النصف الثاني من العام نفسه",
            "ارتفع العجز في النصف الأول من العام الجاري 2020/2021",
            "زادت الإيرادات في الأشهر الستة الأولى من السنة المالية",
            "سجل الفريق هدفين في النصف الثاني من المباراة",
            "وضع الكأس في النصف الأول من الخزانة",
        ] {
            let a = TextPipeline::default().analyze(text).unwrap();
            let d = find(
                &a.normalized,
                &a.tokens,
                Some("2021-01-29".parse().unwrap()),
            );
            assert!(
                d.iter().all(|d| d.end_value.is_none()
                    || !["النصف", "الأشهر"]
                        .iter()
                        .any(|w| text[d.span.range()].starts_with(w))),
                "{text}: {d:?}"
            );
        }
    }

    #[test]
    fn first_or_last_months_weeks_or_days_of_a_span() {
        assert_eq!(
            range("بلغت الواردات 40 مليار دولار في الأشهر الثمانية الأولى من العام الماضي"),
            r3("الأشهر الثمانية الأولى من العام الماضي", "2020-01", "2020-08")
        );
        assert_eq!(
            range("تراجعت المبيعات خلال الشهرين الأخيرين من 2019"),
            r3("الشهرين الأخيرين من 2019", "2019-11", "2019-12")
        );
        assert_eq!(
            range("زاد عدد الزوار في أول ثلاثة أشهر من السنة"),
            r3("أول ثلاثة أشهر من السنة", "2021-01", "2021-03")
        );
        assert_eq!(
            range("تقام المعارض في الأسبوعين الأولين من مارس المقبل"),
            r3("الأسبوعين الأولين من مارس المقبل", "2021-03-01", "2021-03-14")
        );
        assert_eq!(
            range("سجلت الوزارة 90 حالة في الأيام العشرة الأخيرة من الشهر الماضي"),
            r3(
                "الأيام العشرة الأخيرة من الشهر الماضي",
                "2020-12-22",
                "2020-12-31"
            )
        );
        assert_eq!(
            range("انخفضت الحوادث في آخر أسبوعين من الشهر"),
            r3("آخر أسبوعين من الشهر", "2021-01-18", "2021-01-31")
        );
        // Without a span to count in, or more days than the month has: no range.
        let texts = [
            "قضى الأشهر الثلاثة الأولى من حياته في القرية",
            "أمضى أول ثلاثة أيام من رحلته في باريس",
            "الأيام الأربعون الأولى من فبراير",
        ];
        for text in texts {
            let a = TextPipeline::default().analyze(text).unwrap();
            let d = find(
                &a.normalized,
                &a.tokens,
                Some("2021-01-29".parse().unwrap()),
            );
            assert!(d.iter().all(|d| d.end_value.is_none()), "{text}: {d:?}");
        }
    }

    #[test]
    fn earlier_or_later_in_a_period_and_weekends() {
        assert_eq!(
            one(
                "وأعلنت الشركة في وقت سابق من هذا الشهر عن خطتها",
                "2021-01-29"
            ),
            (
                "في وقت سابق من هذا الشهر".into(),
                Some("2021-01".into()),
                Grain::Month
            )
        );
        assert_eq!(
            one("وفي وقت لاحق من العام الجاري ستفتتح المحطة", "2021-01-29"),
            (
                "في وقت لاحق من العام الجاري".into(),
                Some("2021".into()),
                Grain::Year
            )
        );
        assert_eq!(
            one(
                "وقال الوزير في وقت سابق اليوم إن المفاوضات مستمرة",
                "2021-01-29"
            ),
            (
                "في وقت سابق اليوم".into(),
                Some("2021-01-29".into()),
                Grain::Day
            )
        );
        assert_eq!(
            one("يصل الوفد لاحقا هذا الأسبوع", "2021-01-29"),
            (
                "لاحقا هذا الأسبوع".into(),
                Some("2021-W04".into()),
                Grain::Week
            )
        );
        // The weekend's days depend on the country: the week.
        assert_eq!(
            one("تغلق المتاجر أبوابها خلال عطلة نهاية الأسبوع", "2021-01-29"),
            (
                "عطلة نهاية الأسبوع".into(),
                Some("2021-W04".into()),
                Grain::Week
            )
        );
        // في وقت سابق alone names no period.
        assert!(
            run(
                "وكان الوزير قد صرح في وقت سابق بأن الاتفاق قريب",
                "2021-01-29"
            )
            .is_empty()
        );
    }

    #[test]
    fn days_in_words_between_with_a_joined_and() {
        assert_eq!(
            range("تقام الدورة بين العاشر والخامس عشر من مايو المقبل"),
            r3(
                "بين العاشر والخامس عشر من مايو المقبل",
                "2021-05-10",
                "2021-05-15"
            )
        );
        // الخامس والعشرين is one day, the 25th.
        assert_eq!(
            one("تقام الدورة بين الخامس والعشرين من مايو", "2021-01-29").1,
            Some("2021-05-25".into())
        );
    }

    #[test]
    fn two_decades_and_two_years_between() {
        assert_eq!(
            range("شهدت المدينة خلال العقدين الماضيين توسعا كبيرا"),
            r3("العقدين الماضيين", "2001-01-29", "2021-01-28")
        );
        assert_eq!(
            range("تخطط الحكومة لمضاعفة الإنتاج في العقود الثلاثة المقبلة"),
            r3("العقود الثلاثة المقبلة", "2021-01-30", "2051-01-29")
        );
        assert_eq!(
            range("تضاعف الدين بين عامي 2008 و2012"),
            r3("بين عامي 2008 و2012", "2008", "2012")
        );
        // العقدين alone are two contracts.
        assert!(
            run("وقع الطرفان العقدين أمس الأول", "2021-01-29")
                .iter()
                .all(|d| !d.0.contains("العقدين"))
        );
    }

    /// A bare month before a month with its year takes that year, with or without a reference
    /// date (found by fuzzing: without one, the range had an end and no start).
    #[test]
    fn a_range_of_months_shares_the_year_written_at_its_end() {
        let months = |text: &str, reference: Option<&str>| {
            let a = TextPipeline::default().analyze(text).unwrap();
            find(
                &a.normalized,
                &a.tokens,
                reference.map(|r| r.parse().unwrap()),
            )
            .into_iter()
            .map(|d| (d.value, d.end_value))
            .collect::<Vec<_>>()
        };
        let want = vec![(Some("2000-04".to_string()), Some("2000-06".to_string()))];
        for r in [Some("2021-01-29"), None] {
            assert_eq!(months("من أفريل إلى جوان 2000", r), want, "{r:?}");
            assert_eq!(months("أبريل - يونيو 2000", r), want, "{r:?}");
            assert_eq!(
                months("بين ديسمبر وفبراير 2000", r),
                vec![(Some("1999-12".to_string()), Some("2000-02".to_string()))],
                "{r:?}"
            );
        }
        // No reference and no year for the start's month: no range without a start.
        for (value, end) in months("من أفريل إلى جوان", None) {
            assert!(value.is_some() || end.is_none(), "{value:?} {end:?}");
        }
    }

    #[test]
    fn month_then_day_separators_and_years_in_words() {
        assert_eq!(
            v("وقع الاتفاق في مارس الخامس عشر، ألفين وتسعة عشر").as_deref(),
            Some("2019-03-15")
        );
        assert_eq!(v("يوم 5. مايو 2019").as_deref(), Some("2019-05-05"));
        assert_eq!(v("في 7- يونيو").as_deref(), Some("2021-06-07"));
        assert_eq!(
            v("في الرابع من تموز من عام ألف وتسعمائة وستين").as_deref(),
            Some("1960-07-04")
        );
        assert_eq!(v("في 18-9-15").as_deref(), Some("2015-09-18"));
        // A count after a month is not its day.
        assert_eq!(one("في يناير 15 قتيلا", "2021-01-29").0, "يناير");
    }

    #[test]
    fn days_of_relative_months_and_weeks() {
        assert_eq!(
            v("في العاشر من الشهر المقبل").as_deref(),
            Some("2021-02-10")
        );
        assert_eq!(v("يوم 5 من الشهر الماضي").as_deref(), Some("2020-12-05"));
        assert_eq!(v("عقد يوم 12").as_deref(), Some("2021-01-12"));
        // 2021-01-29 is a Friday in ISO week 4 (25-31 January).
        assert_eq!(
            v("الأسبوع المقبل يوم الثلاثاء").as_deref(),
            Some("2021-02-02")
        );
        assert_eq!(v("الاثنين من الأسبوع الماضي").as_deref(), Some("2021-01-18"));
        assert_eq!(v("الجمعة الأولى").as_deref(), Some("2021-01-01"));
        assert_eq!(v("الخميس 28").as_deref(), Some("2021-01-28"));
        // هذا يوم: this week's day, even after the reference.
        assert_eq!(v("هذا يوم الأحد").as_deref(), Some("2021-01-31"));
        // No 3rd near the reference is a Friday: the number is not joined.
        assert_eq!(one("الجمعة 3", "2021-01-29").0, "الجمعة");
        assert_eq!(one("الخميس 15 قتيلا", "2021-01-29").0, "الخميس");
    }

    #[test]
    fn counted_offsets_are_days() {
        assert_eq!(
            one("قبل شهر", "2021-01-29"),
            ("قبل شهر".into(), Some("2020-12-29".into()), Grain::Day)
        );
        assert_eq!(
            value_on("بعد أسبوعين من الآن", "2021-01-29").as_deref(),
            Some("2021-02-12")
        );
        assert_eq!(v("قبل يوم أمس").as_deref(), Some("2021-01-27"));
        // Half a unit more; from another event, no value.
        assert_eq!(
            one("منذ عام ونصف", "2021-01-29"),
            ("منذ عام ونصف".into(), Some("2019-07-29".into()), Grain::Day)
        );
        assert_eq!(
            value_on("قبل شهرين ونصف", "2021-01-29").as_deref(),
            Some("2020-11-14")
        );
        assert_eq!(one("بعد عام ونصف من الحرب", "2021-01-29").1, None);
        assert_eq!(one("منذ أسبوع ونصف", "2021-01-29").1, None);
    }

    #[test]
    fn ranges_have_an_end_value() {
        assert_eq!(
            range("من 3 إلى 9 مارس 2020"),
            (
                "من 3 إلى 9 مارس 2020".into(),
                Some("2020-03-03".into()),
                Some("2020-03-09".into())
            )
        );
        assert_eq!(
            range("خلال الفترة 2014-2018"),
            ("2014-2018".into(), Some("2014".into()), Some("2018".into()))
        );
        assert_eq!(
            range("بين الأحد والثلاثاء"),
            (
                "بين الأحد والثلاثاء".into(),
                Some("2021-01-24".into()),
                Some("2021-01-26".into())
            )
        );
        assert_eq!(
            range("من 10 حتى 20 من الشهر الجاري").1.as_deref(),
            Some("2021-01-10")
        );
        assert_eq!(
            range("في موسم 2019/2020"),
            ("2019/2020".into(), Some("2019".into()), Some("2020".into()))
        );
        assert_eq!(
            range("في الربع الثالث من العام الماضي"),
            (
                "الربع الثالث من العام الماضي".into(),
                Some("2020-07".into()),
                Some("2020-09".into())
            )
        );
        // Counts are not years.
        assert!(run("بين 1500 و2000 جندي", "2021-01-29").is_empty());
        // A single date keeps no end.
        assert_eq!(range("في 3 مارس 2020").2, None);
    }

    #[test]
    fn parts_and_rests_of_periods() {
        assert_eq!(
            one("مطلع الأسبوع المقبل", "2021-01-29"),
            (
                "مطلع الأسبوع المقبل".into(),
                Some("2021-W05".into()),
                Grain::Week
            )
        );
        assert_eq!(v("أواخر الشهر الماضي").as_deref(), Some("2020-12"));
        assert_eq!(v("نهاية شهر مارس").as_deref(), Some("2021-03"));
        assert_eq!(v("نهاية العام المقبل").as_deref(), Some("2022-12"));
        assert_eq!(v("هذا سبتمبر").as_deref(), Some("2021-09"));
        assert_eq!(v("الأسبوع بعد المقبل").as_deref(), Some("2021-W06"));
        assert_eq!(
            range("بقية الأسبوع"),
            (
                "بقية الأسبوع".into(),
                Some("2021-01-29".into()),
                Some("2021-01-31".into())
            )
        );
        assert_eq!(range("باقي العام").2.as_deref(), Some("2021-12-31"));
        // Not a period: no date.
        assert!(run("منتصف الطريق", "2021-01-29").is_empty());
        assert_eq!(
            range("خلال الأيام الثلاثة المقبلة"),
            (
                "الأيام الثلاثة المقبلة".into(),
                Some("2021-01-30".into()),
                Some("2021-02-01".into())
            )
        );
        assert_eq!(
            range("في الأشهر الستة الماضية").1.as_deref(),
            Some("2020-07-29")
        );
        assert_eq!(range("اليومين المقبلين").2.as_deref(), Some("2021-01-31"));
        assert_eq!(range("آخر 3 سنوات").1.as_deref(), Some("2018-01-29"));
        // Vague without a count; a singular is the calendar period.
        assert!(
            run("في الأيام الماضية", "2021-01-29")
                .iter()
                .all(|d| d.1.is_none())
        );
        assert_eq!(v("العام الماضي").as_deref(), Some("2020"));
        assert_eq!(
            range("في سبعينيات القرن الماضي"),
            (
                "سبعينيات القرن الماضي".into(),
                Some("1970".into()),
                Some("1979".into())
            )
        );
        assert!(run("قال لويجي دي مايو إن", "2021-01-29").is_empty());
        // The year of the last date or year named.
        let last = |text: &str| {
            run(text, "2021-01-29")
                .pop()
                .map(|(span, value, _)| (span, value))
        };
        assert_eq!(
            last("فاز في انتخابات عام 2015 ثم خسر في نوفمبر من العام نفسه"),
            Some(("نوفمبر من العام نفسه".into(), Some("2015-11".into())))
        );
        assert_eq!(
            last("وقع عام 1979 اتفاق، ولم يحدث منذ 2011 بعدما هوجم في سبتمبر من نفس العام")
                .and_then(|d| d.1),
            Some("2011-09".into())
        );
        // اليوم ending a channel's or a newspaper's name.
        assert!(run("في مقابلة مع قناة \"روسيا اليوم\" الحكومية", "2021-01-29").is_empty());
        assert!(run("ونشرت صحيفة المصري اليوم تقريرا", "2021-01-29").is_empty());
        assert!(run("وقال رئيس حزب الغد إن", "2021-01-29").is_empty());
        assert!(run("التقى بالاثنين بعد التحاقه بالحملة", "2021-01-29").is_empty());
        assert_eq!(one("في ذكرى حرب أكتوبر التي اندلعت", "2021-01-29").1, None);
        assert_eq!(
            one("في ذكرى حرب أكتوبر 1973", "2021-01-29").1.as_deref(),
            Some("1973-10")
        );
        assert_eq!(
            one(
                "قرار ترامب في ديسمبر، العام الماضي، بنقل السفارة",
                "2018-10-16"
            )
            .1,
            Some("2017-12".into())
        );
        assert_eq!(run("وقالت روسيا اليوم إنها", "2021-01-29").len(), 1);
        // A decade of a life is no date.
        assert!(run("رجل في الخمسينات من عمره", "2021-01-29").is_empty());
        assert!(run("شابة في العشرينيات من العمر", "2021-01-29").is_empty());
        assert_eq!(
            range("في الخمسينات من القرن الماضي").1.as_deref(),
            Some("1950")
        );
    }

    #[test]
    fn ranked_weeks() {
        // March 2021 starts on a Monday; 2021-01-29 is in ISO week 4.
        assert_eq!(v("الأسبوع الثاني من مارس").as_deref(), Some("2021-W10"));
        assert_eq!(
            v("الأسبوع الأخير من الشهر المقبل").as_deref(),
            Some("2021-W08")
        );
        assert_eq!(v("الأسبوع الأول من عام 2021").as_deref(), Some("2021-W01"));
        assert_eq!(
            v("الأسبوع الأخير من العام الماضي").as_deref(),
            Some("2020-W53")
        );
        assert_eq!(
            one("الأسبوع الثالث من هذا الشهر", "2021-01-29").2,
            Grain::Week
        );
    }

    fn durations(text: &str) -> Vec<(String, Option<String>)> {
        let a = TextPipeline::default().analyze(text).unwrap();
        find(
            &a.normalized,
            &a.tokens,
            Some("2021-01-29".parse().unwrap()),
        )
        .into_iter()
        .map(|d| (text[d.span.range()].to_string(), d.duration))
        .collect()
    }

    #[test]
    fn durations_have_an_iso_length() {
        assert_eq!(
            durations("استمر القصف لمدة ثلاثة أيام"),
            [("ثلاثة أيام".into(), Some("P3D".into()))]
        );
        assert_eq!(
            durations("بعد مفاوضات استمرت ساعتين ونصف"),
            [("ساعتين ونصف".into(), Some("PT2.5H".into()))]
        );
        assert_eq!(
            durations("أغلق طوال الأسبوع"),
            [("طوال الأسبوع".into(), Some("P1W".into()))]
        );
        assert_eq!(
            durations("سجن عامين و 6 أشهر"),
            [("عامين و 6 أشهر".into(), Some("P2Y6M".into()))]
        );
        assert_eq!(durations("لمدة ساعة")[0].1.as_deref(), Some("PT1H"));
        assert_eq!(durations("نصف ساعة")[0].1.as_deref(), Some("PT0.5H"));
        assert_eq!(durations("خلال 45 دقيقة")[0].1.as_deref(), Some("PT45M"));
        // Dates stay dates; a lone singular is no duration.
        assert_eq!(durations("قبل ثلاثة أيام")[0].1, None);
        assert!(durations("الشهر طويل").is_empty());
    }

    #[test]
    fn holidays() {
        // 2021: Eid al-Fitr 13 May (arithmetic calendar; Umm al-Qura says the 13th), Eid
        // al-Adha 20 July.
        assert_eq!(v("بمناسبة عيد الفطر").as_deref(), Some("2021-05-13"));
        assert_eq!(v("وفي عيد الأضحى المقبل").as_deref(), Some("2021-07-20"));
        assert_eq!(v("خلال عيد الميلاد").as_deref(), Some("2020-12-25"));
        assert_eq!(v("عيد الميلاد عام 2019").as_deref(), Some("2019-12-25"));
        assert_eq!(v("في عيد الشكر 2020").as_deref(), Some("2020-11-26"));
        assert_eq!(one("ليلة رأس السنة", "2021-01-29").0, "ليلة رأس السنة");
        // A birthday is not Christmas.
        assert!(run("احتفل بعيد ميلاده", "2021-01-29").is_empty());
    }

    #[test]
    fn bare_days_after_a_verb_of_return_or_meeting() {
        let r = one("قال إنه سيعود في 12 ليستأنف عمله", "2021-01-29");
        assert_eq!((r.0.as_str(), r.1.as_deref()), ("12", Some("2021-01-12")));
        let r = one("نلتقي إلى 25 إن شاء الله", "2021-03-02");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref()),
            ("إلى 25", Some("2021-03-25"))
        );
        assert_eq!(
            value_on("سنجتمع للعشرين", "2021-03-02").as_deref(),
            Some("2021-03-20")
        );
        let r = one("سنجتمع للخامس والعشرين", "2021-03-02");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref()),
            ("للخامس والعشرين", Some("2021-03-25"))
        );
        let r = one("عادوا إلى الثالث من الشهر المقبل", "2021-03-02");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref()),
            ("إلى الثالث من الشهر المقبل", Some("2021-04-03"))
        );
        // A feminine ordinal up to twelve, or a number after عند, is an hour.
        let r = one("سنلتقي في الثامنة", "2021-03-02");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref(), r.2),
            ("الثامنة", Some("2021-03-02T08"), Grain::Hour)
        );
        assert_eq!(
            value_on("يعود عند 9", "2021-03-02").as_deref(),
            Some("2021-03-02T09")
        );
        assert_eq!(
            value_on("سنلتقي في الثامن", "2021-03-02").as_deref(),
            Some("2021-03-08")
        );
        assert!(run("التقى لأول مرة بالوزير", "2021-01-29").is_empty());
        assert!(run("صورة تعود لأربعة عقود", "2021-01-29").is_empty());
        assert!(run("عادوا في 15 حافلة", "2021-01-29").is_empty());
        assert!(run("كانت تستدير قبل دقيقة من توقفها", "2021-01-29").is_empty());
        // Without the verb, or with a unit, the number is no day.
        assert!(run("شارك في 15 مباراة", "2021-01-29").is_empty());
        assert!(run("في 15 قال الوزير", "2021-01-29").is_empty());
        assert!(run("عاد إلى 27 دولارا", "2021-01-29").is_empty());
        assert!(
            run("سيعود في 15 دقيقة", "2021-01-29")
                .iter()
                .all(|d| d.1.is_none())
        );
    }

    #[test]
    fn day_and_month_with_a_dot_or_dash_after_a_verb() {
        assert_eq!(v("سيعود في 3-5").as_deref(), Some("2021-05-03"));
        assert_eq!(v("نلتقي 5.23").as_deref(), Some("2021-05-23"));
        // A decimal or a score without the verb.
        assert!(run("ارتفع بنسبة 4.22", "2021-01-29").is_empty());
        assert!(run("فاز الفريق 3-1", "2021-01-29").is_empty());
    }

    #[test]
    fn next_and_previous_day_and_ranked_weekdays() {
        assert_eq!(v("وصل في اليوم التالي").as_deref(), Some("2021-01-30"));
        assert_eq!(v("اليوم الماضي").as_deref(), Some("2021-01-28"));
        // After a day the text names, the next day is counted from it.
        let r = run(
            "افتتح المعرض في 3 يناير 2021 وفي اليوم التالي زاره الوزير",
            "2021-01-29",
        );
        assert_eq!(r[1].1.as_deref(), Some("2021-01-04"));
        // Each mention counts from the day named, not from the one before it.
        let r = run(
            "سافر في 3 يناير 2021 وعاد في اليوم التالي وأعلن في اليوم التالي",
            "2021-01-29",
        );
        assert_eq!(r[2].1.as_deref(), Some("2021-01-04"));
        assert_eq!(v("منذ العام ألفين").as_deref(), Some("2000"));
        // منذ العام المالي: no duration of one year.
        assert!(run("منذ العام المالي", "2021-01-29").is_empty());
        let r = one("ننتظر أول يوم اثنين من مارس", "2021-01-29");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref()),
            ("أول يوم اثنين من مارس", Some("2021-03-01"))
        );
        assert_eq!(
            v("يعقد ثالث خميس في الشهر المقبل").as_deref(),
            Some("2021-02-18")
        );
        assert_eq!(v("آخر جمعة من هذا الشهر").as_deref(), Some("2021-01-29"));
    }

    #[test]
    fn weekdays_of_a_named_week_and_years_in_words() {
        let r = range("نلتقي الأسبوع المقبل بين الاثنين والأربعاء");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref(), r.2.as_deref()),
            (
                "الأسبوع المقبل بين الاثنين والأربعاء",
                Some("2021-02-01"),
                Some("2021-02-03")
            )
        );
        let r = range("هذا الأسبوع من الثلاثاء إلى الخميس");
        assert_eq!(
            (r.1.as_deref(), r.2.as_deref()),
            (Some("2021-01-26"), Some("2021-01-28"))
        );
        let r = range("في الفترة من ألف وتسعمائة وتسعين إلى ألفين وأربعة عشر");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref(), r.2.as_deref()),
            (
                "من ألف وتسعمائة وتسعين إلى ألفين وأربعة عشر",
                Some("1990"),
                Some("2014")
            )
        );
        // Counts, not years.
        assert!(run("من ألفين إلى ثلاثة آلاف دولار", "2021-01-29").is_empty());
    }

    #[test]
    fn compound_offsets_from_now() {
        let r = one("بدأ العمل منذ شهرين و 10 أيام من الآن", "2021-03-20");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref()),
            ("شهرين و 10 أيام من الآن", Some("2021-01-10"))
        );
        assert_eq!(
            v("ينتهي بعد 3 سنوات و 5 أيام من الآن").as_deref(),
            Some("2024-02-03")
        );
        // Without من الآن it stays a duration.
        assert!(
            run("استمر 3 سنوات و 5 أيام", "2021-01-29")
                .iter()
                .all(|d| d.1.is_none())
        );
    }

    #[test]
    fn never_panics() {
        for t in [
            "",
            "الساعة",
            "قبل",
            "من",
            "العاشر من",
            "31 فبراير 2021",
            "عام 99999",
            "يوم",
            "من 31 إلى 31 فبراير",
            "بين",
            "من 2014 -",
            "الجمعة الخامسة",
            "يوم 99",
            "يناير-",
            "1-1-99",
        ] {
            let a = TextPipeline::default().analyze(t).unwrap();
            let _ = find(&a.normalized, &a.tokens, Some(Date::MAX));
            let _ = find(&a.normalized, &a.tokens, Some(Date::MIN));
        }
    }

    #[test]
    fn ranges_of_times_share_their_day_and_half_of_the_day() {
        let r = range("أعلنت الوزارة حظر التجول من السابعة مساء حتى الخامسة صباحا");
        assert_eq!(r.0, "من السابعة مساء حتى الخامسة صباحا");
        assert_eq!(
            (r.1.as_deref(), r.2.as_deref()),
            (Some("2021-01-29T19"), Some("2021-01-30T05"))
        );
        let r = range("تفتح المراكز أبوابها بين 8 و 11 صباحا");
        assert_eq!(
            (r.1.as_deref(), r.2.as_deref()),
            (Some("2021-01-29T08"), Some("2021-01-29T11"))
        );
        let r = range("يعقد الاجتماع من الساعة الرابعة حتى السادسة مساء غدا");
        assert_eq!(
            (r.1.as_deref(), r.2.as_deref()),
            (Some("2021-01-30T16"), Some("2021-01-30T18"))
        );
        // (The present يستقبل speaks of the coming Sunday.)
        let r = range("يستقبل الزوار يوم الأحد بين الساعة 9 و 11 صباحا");
        assert_eq!(r.0, "الأحد بين الساعة 9 و 11 صباحا");
        assert_eq!(
            (r.1.as_deref(), r.2.as_deref()),
            (Some("2021-01-31T09"), Some("2021-01-31T11"))
        );
        let r = range("استقبل الزوار يوم الأحد بين الساعة 9 و 11 صباحا");
        assert_eq!(
            (r.1.as_deref(), r.2.as_deref()),
            (Some("2021-01-24T09"), Some("2021-01-24T11"))
        );
        let r = range("تستمر الجلسة من 2:30 مساء إلى الخامسة");
        assert_eq!(
            (r.1.as_deref(), r.2.as_deref()),
            (Some("2021-01-29T14:30"), Some("2021-01-29T17:00"))
        );
        // Without من, إلى names a new time, not the end of a range.
        assert_eq!(
            run("تأجل الموعد العاشرة صباحا إلى الحادية عشرة", "2021-01-29")[0].0,
            "العاشرة صباحا"
        );
        // A bare number is a time only before a time with its part of the day.
        assert!(
            run("تستغرق الرحلة من 5 إلى 7 دقائق", "2021-01-29")
                .iter()
                .all(|d| d.1.as_deref().is_none_or(|v| !v.contains('T')))
        );
    }

    #[test]
    fn hours_in_a_part_of_a_named_day() {
        assert_eq!(
            one("وصل الوفد في العاشرة من صباح اليوم", "2021-01-29"),
            (
                "العاشرة من صباح اليوم".to_string(),
                Some("2021-01-29T10".to_string()),
                Grain::Hour
            )
        );
        assert_eq!(
            v("وقع الانفجار في الثالثة من بعد ظهر أمس").as_deref(),
            Some("2021-01-28T15")
        );
        // الأولى is not an hour: the early hours of yesterday morning are a day.
        assert_eq!(
            one("في الساعات الأولى من صباح أمس", "2021-01-29"),
            (
                "صباح أمس".to_string(),
                Some("2021-01-28".to_string()),
                Grain::Day
            )
        );
        assert_eq!(
            one("وصل الرئيس ظهر اليوم الجمعة", "2021-01-29"),
            (
                "ظهر اليوم الجمعة".to_string(),
                Some("2021-01-29T12".to_string()),
                Grain::Hour
            )
        );
        assert_eq!(
            one("عقدت الجلسة بعد ظهر أمس", "2021-01-29"),
            (
                "بعد ظهر أمس".to_string(),
                Some("2021-01-28".to_string()),
                Grain::Day
            )
        );
        assert_eq!(
            one("قال المتحدث أمس الخميس", "2021-01-29"),
            (
                "أمس الخميس".to_string(),
                Some("2021-01-28".to_string()),
                Grain::Day
            )
        );
        assert_eq!(
            one("ويحل الفريق ضيفا بعد غد الأحد", "2021-01-29"),
            (
                "بعد غد الأحد".to_string(),
                Some("2021-01-31".to_string()),
                Grain::Day
            )
        );
        // The weekday in the text wins over a publication date a day off.
        assert_eq!(v("أعلن اليوم السبت").as_deref(), Some("2021-01-30"));
        assert_eq!(v("في البداية عام 2019").as_deref(), Some("2019"));
        assert_eq!(
            v("سنلتقي في الحادية عشرة").as_deref(),
            Some("2021-01-29T11")
        );
    }

    #[test]
    fn parts_of_periods_without_a_direction_and_of_years() {
        assert_eq!(
            one("يصل الوفد نهاية الأسبوع", "2021-01-29"),
            (
                "نهاية الأسبوع".to_string(),
                Some("2021-W04".to_string()),
                Grain::Week
            )
        );
        assert_eq!(v("تصرف الرواتب مطلع الشهر").as_deref(), Some("2021-01"));
        assert_eq!(v("في أواخر الشهر").as_deref(), Some("2021-01"));
        // الأسبوع الأول is a ranked week, not this one.
        assert!(run("في نهاية الأسبوع الأول", "2021-01-29").is_empty());
        assert_eq!(
            one("تأسست في أواخر عام 2019", "2021-01-29"),
            (
                "أواخر عام 2019".to_string(),
                Some("2019-12".to_string()),
                Grain::Month
            )
        );
        assert_eq!(v("منذ مطلع 2020").as_deref(), Some("2020-01"));
        assert_eq!(
            one("تكتمل منتصف العام المقبل", "2021-01-29"),
            (
                "منتصف العام المقبل".to_string(),
                Some("2022".to_string()),
                Grain::Year
            )
        );
    }

    #[test]
    fn vague_spans_of_the_past_or_future_have_no_value() {
        assert_eq!(
            one("ارتفعت الأسعار خلال الأيام القليلة الماضية", "2021-01-29"),
            ("الأيام القليلة الماضية".to_string(), None, Grain::Day)
        );
        assert_eq!(
            one("تضاعف العدد في السنوات الأخيرة", "2021-01-29"),
            ("السنوات الأخيرة".to_string(), None, Grain::Year)
        );
        assert_eq!(one("ستشهد الأسابيع المقبلة مفاوضات", "2021-01-29").1, None);
        assert!(run("أمضى الأيام الأخيرة من حياته في المنفى", "2021-01-29").is_empty());
    }

    #[test]
    fn year_and_month_joined_by_a_dot() {
        assert_eq!(
            one("صدر القرار في 2019.4", "2021-01-29"),
            (
                "2019.4".to_string(),
                Some("2019-04".to_string()),
                Grain::Month
            )
        );
        assert_eq!(v("في 11.2018").as_deref(), Some("2018-11"));
        assert!(run("أغلق المؤشر عند 2019.4 نقطة", "2021-01-29").is_empty());
        assert!(run("سجلت الصادرات 2019.4 مليون دولار", "2021-01-29").is_empty());
        assert!(run("في 2019.45", "2021-01-29").is_empty());
    }

    #[test]
    fn holidays_weekday_ranges_and_seasons() {
        assert_eq!(v("احتفالات رأس السنة").as_deref(), Some("2021-01-01"));
        assert_eq!(
            one("تهنئة بعيد الفطر المبارك", "2021-01-29").0,
            "عيد الفطر المبارك"
        );
        let r = range("تغلق المدارس من السبت إلى الاثنين");
        assert_eq!(
            (r.1.as_deref(), r.2.as_deref()),
            (Some("2021-01-23"), Some("2021-01-25"))
        );
        let r = range("زار المدينة صيف 2020");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref(), r.2.as_deref()),
            ("صيف 2020", Some("2020-06"), Some("2020-08"))
        );
        // In January the last winter is the one before the current.
        let r = range("كان الشتاء الماضي باردا");
        assert_eq!(
            (r.1.as_deref(), r.2.as_deref()),
            (Some("2019-12"), Some("2020-02"))
        );
        let r = range("هذا الشتاء");
        assert_eq!(
            (r.1.as_deref(), r.2.as_deref()),
            (Some("2020-12"), Some("2021-02"))
        );
        let r = range("يعود في الصيف المقبل");
        assert_eq!(
            (r.1.as_deref(), r.2.as_deref()),
            (Some("2021-06"), Some("2021-08"))
        );
        let r = range("في شتاء العام الماضي");
        assert_eq!(
            (r.1.as_deref(), r.2.as_deref()),
            (Some("2019-12"), Some("2020-02"))
        );
        assert!(run("ثورات الربيع العربي", "2021-01-29").is_empty());
        let r = range("نما الاقتصاد خلال العقد الماضي");
        assert_eq!(
            (r.0.as_str(), r.1.as_deref(), r.2.as_deref()),
            ("العقد الماضي", Some("2011-01-29"), Some("2021-01-28"))
        );
        assert!(run("جدد العقد الحالي", "2021-01-29").is_empty());
        assert_eq!(one("احتفالات عيد الاستقلال", "2021-01-29").1, None);
        assert_eq!(v("يوم الأب").as_deref(), Some("2021-06-21"));
        assert_eq!(v("وصل يوم 22/04").as_deref(), Some("2021-04-22"));
        assert!(run("في حرارة الصيف", "2021-01-29").is_empty());
    }
}
