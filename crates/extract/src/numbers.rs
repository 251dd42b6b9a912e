//! Numbers: digits in any script and Arabic number words, with the unit that follows.
//!
//! Works on the search-level normal forms of tokens (digits already ASCII, `٬` and `٫` already
//! `,` and `.`, ta marbuta folded to ha, hamza on alef and final ya folded), in one pass over the
//! tokens. Recognised:
//!
//! - digits with separators (`5,200`, `٥٬٢٠٠`, `٣٫٥`) and a trailing or following percent sign;
//! - cardinals to trillions with و-compounds (ثلاثة آلاف وخمسمئة = 3500, خمسة وعشرين = 25),
//!   masculine and feminine forms, duals (مليونان, ألفين), teens (أحد عشر, اثنتا عشرة);
//! - ordinals (الأول, الحادي عشر, الثامنة والعشرين);
//! - fractions (نصف, ثلث, ربع, ثلثي) alone, before a scale (نصف مليون) or after one
//!   (مليون ونصف);
//! - mixed forms (`3.5 مليار`);
//! - a unit or currency right after (دولار, عسكري, بالمئة, `%`), or the counted noun news
//!   uses most (12 لاعباً, 27 دولة, 152 مقعدا, 40 امرأة: 121 units in all, chosen from the words
//!   that follow a number in news text), shared back across a range (من 5200 إلى 3000 عسكري:
//!   both in عسكري); not after an ordinal (لأول مرة), nor a noun with a proclitic or the
//!   article, which begins another phrase.
//!
//! Proclitics (و ف ب ل ك, and ال) on a number word are left out of its span.

use khabar_text::{Normalized, Span, Token, TokenKind};

/// A number found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    /// Byte span in the original text (proclitics on the first word left out).
    pub span: Span,
    /// Its value.
    pub value: f64,
    /// The unit or currency that follows, as a dictionary form (`%` for percentages).
    pub unit: Option<&'static str>,
    /// Byte span of the unit's words in the original (بالمئة, في المئة), when they follow the
    /// number directly, or of the word نسبة before a rate without a unit (بنسبة 10).
    pub unit_span: Option<Span>,
    /// True for ordinals (الثالث, الحادية عشرة).
    pub ordinal: bool,
    /// For a quantity per period (مليون برميل يوميا, 4% سنويا, 100 ألف دولار كل أربعة أشهر, 50
    /// رحلة كل ساعة), the period as an ISO 8601 duration (`P1D`, `P1Y`, `P4M`, `PT1H`); set by
    /// [`per_period`] from the date layer's recurrences.
    pub per: Option<String>,
    /// Tokens it covers (indices into the text's tokens), unit excluded.
    pub tokens: std::ops::Range<u32>,
}

/// One number word.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Word {
    /// 1 to 10, cardinal.
    Unit(u32),
    /// عشر/عشرة after a unit: the teens.
    Ten,
    /// 20, 30 ... 90.
    Tens(u32),
    /// 100 ... 900 (مئة, مئتان, ثلاثمئة).
    Hundreds(u32),
    /// A scale: value, and how many it counts by itself (2 for a dual, 0 for a plural that
    /// needs a count before it).
    Scale(f64, u32),
    /// A fraction.
    Fraction(f64),
    /// A plural fraction (its denominator), counted by the number before it (ثلاثة أخماس).
    Fractions(f64),
    /// An ordinal 1 to 10 (الحادي counts as 1 before عشر).
    Ordinal(u32),
}

/// The number word `s` (a normal form with clitics and ال removed).
pub(crate) fn word(s: &str) -> Option<Word> {
    use Word::*;
    Some(match s {
        "صفر" => Unit(0),
        "واحد" | "واحده" | "واحدا" => Unit(1),
        "اثنان" | "اثنين" | "اثنتان" | "اثنتين" | "اثنا" | "اثني" | "اثنتا" | "اثنتي" => {
            Unit(2)
        }
        "ثلاث" | "ثلاثه" => Unit(3),
        "اربع" | "اربعه" => Unit(4),
        "خمس" | "خمسه" => Unit(5),
        "ست" | "سته" => Unit(6),
        "سبع" | "سبعه" => Unit(7),
        "ثمان" | "ثماني" | "ثمانيه" => Unit(8),
        "تسع" | "تسعه" => Unit(9),
        "عشر" | "عشره" => Ten,
        "عشرون" | "عشرين" => Tens(20),
        "ثلاثون" | "ثلاثين" => Tens(30),
        "اربعون" | "اربعين" => Tens(40),
        "خمسون" | "خمسين" => Tens(50),
        "ستون" | "ستين" => Tens(60),
        "سبعون" | "سبعين" => Tens(70),
        "ثمانون" | "ثمانين" => Tens(80),
        "تسعون" | "تسعين" => Tens(90),
        "مئه" | "مائه" | "ميه" => Hundreds(100),
        "مئتان" | "مئتين" | "مائتان" | "مائتين" | "مئتا" | "مئتي" | "مائتا" | "مائتي" => {
            Hundreds(200)
        }
        "ثلاثمئه" | "ثلاثمائه" => Hundreds(300),
        "اربعمئه" | "اربعمائه" => Hundreds(400),
        "خمسمئه" | "خمسمائه" => Hundreds(500),
        "ستمئه" | "ستمائه" => Hundreds(600),
        "سبعمئه" | "سبعمائه" => Hundreds(700),
        "ثمانمئه" | "ثمانمائه" | "ثمانيمئه" | "ثمانيمائه" => {
            Hundreds(800)
        }
        "تسعمئه" | "تسعمائه" => Hundreds(900),
        "الف" | "الفا" => Scale(1e3, 1),
        "الفان" | "الفين" | "الفي" => Scale(1e3, 2),
        "الاف" | "الوف" => Scale(1e3, 0),
        "مليون" | "مليونا" => Scale(1e6, 1),
        "مليونان" | "مليونين" | "مليوني" => Scale(1e6, 2),
        "ملايين" => Scale(1e6, 0),
        "مليار" | "مليارا" | "بليون" | "بليونا" => Scale(1e9, 1),
        "ملياران" | "مليارين" | "مليادي" | "بليونين" => Scale(1e9, 2),
        "مليارات" | "بلايين" => Scale(1e9, 0),
        "تريليون" | "ترليون" | "تريليونا" | "ترليونا" => Scale(1e12, 1),
        "تريليونات" | "ترليونات" => Scale(1e12, 0),
        "دزينه" | "دسته" => Scale(12.0, 1),
        "دزينتان" | "دزينتين" | "دستتان" | "دستتين" => Scale(12.0, 2),
        "دزينات" | "دستات" => Scale(12.0, 0),
        "نصف" => Fraction(0.5),
        "ثلث" => Fraction(1.0 / 3.0),
        "ثلثي" | "ثلثا" | "ثلثان" | "ثلثين" => Fraction(2.0 / 3.0),
        "اثلاث" => Fractions(3.0),
        "ارباع" => Fractions(4.0),
        "اخماس" => Fractions(5.0),
        "اسداس" => Fractions(6.0),
        "اسباع" => Fractions(7.0),
        "اثمان" => Fractions(8.0),
        "اتساع" => Fractions(9.0),
        "اعشار" => Fractions(10.0),
        "ربع" => Fraction(0.25),
        "سدس" => Fraction(1.0 / 6.0),
        "اول" | "اولي" | "حادي" | "حاديه" => Ordinal(1),
        "ثاني" | "ثانيه" => Ordinal(2),
        "ثالث" | "ثالثه" => Ordinal(3),
        "رابع" | "رابعه" => Ordinal(4),
        "خامس" | "خامسه" => Ordinal(5),
        "سادس" | "سادسه" => Ordinal(6),
        "سابع" | "سابعه" => Ordinal(7),
        "ثامن" | "ثامنه" => Ordinal(8),
        "تاسع" | "تاسعه" => Ordinal(9),
        "عاشر" | "عاشره" => Ordinal(10),
        _ => return None,
    })
}

/// A singular fraction word that divides a count of eleven or more before it (ثلاثة وعشرون
/// خمسًا: twenty-three fifths), as the count's singular noun.
fn denominator(s: &str) -> Option<f64> {
    Some(match s {
        "ثلث" => 3.0,
        "ربع" => 4.0,
        "خمس" => 5.0,
        "سدس" => 6.0,
        "سبع" => 7.0,
        "ثمن" => 8.0,
        "تسع" => 9.0,
        "عشر" => 10.0,
        _ => return None,
    })
}

/// A singular fraction spelled like a cardinal (خمس: five or a fifth) or a common noun (ثمن:
/// price, or an eighth), read as the fraction only where a cardinal or the noun cannot stand:
/// its denominator.
fn spelled_fraction(core: &str) -> Option<f64> {
    Some(match core {
        "خمس" => 5.0,
        "سبع" => 7.0,
        "ثمن" => 8.0,
        "تسع" => 9.0,
        _ => return None,
    })
}

/// True when token `k` is a definite word (ال without clitics) that can be the second term of a
/// construct (خمس الفطيرة), not a function word spelled with ال (إلى, التي, الآن).
fn definite(norm: &str, tokens: &[Token], k: usize) -> bool {
    matches!(form(norm, tokens, k), Some((w, TokenKind::Word))
    if w.starts_with("ال")
        && w.chars().count() > 3
        && !matches!(
            w,
            "الا" | "التي" | "الذي" | "الذين" | "اللذين" | "اللتين" | "اللذان" | "اللتان"
                | "اللاتي" | "اللواتي" | "الان" | "اللهم"
        ))
}

/// A fraction in construct at token `j` (depth: how many may chain): خمس الفطيرة (0.2, the
/// noun left out), خمس العشرين (4), خمس خمس العشرين (0.8), نصف المليون. The fraction word has
/// no ال; a cardinal 3 to 10 is followed by an indefinite plural instead (خمس سنوات), so only a
/// definite second term makes خمس a fifth. Returns (value, end).
fn fraction_of(norm: &str, tokens: &[Token], j: usize, depth: u8) -> Option<(f64, usize)> {
    let (s, TokenKind::Word) = form(norm, tokens, j)? else {
        return None;
    };
    let f = cores(s).find_map(|(_, c, al)| match (al, word(c)) {
        (false, Some(Word::Fraction(f))) => Some(f),
        (false, _) => spelled_fraction(c).map(|d| 1.0 / d),
        _ => None,
    })?;
    if definite(norm, tokens, j + 1) {
        // الربع الأول: a definite ordinal after it names a quarter, not a fraction of it.
        if let Some(n) = parse_words(norm, tokens, j + 1)
            && !n.ordinal
            && n.value > 0.0
        {
            return Some((f * n.value, n.end));
        }
        let ordinal = form(norm, tokens, j + 1).is_some_and(|(n, _)| {
            matches!(lookup(n), Some((_, Word::Ordinal(_), _))) || matches!(n, "الاخير" | "الاخيره")
        });
        return (!ordinal).then_some((f, j + 1));
    }
    if depth > 0
        && let Some((v, e)) = fraction_of(norm, tokens, j + 1, depth - 1)
    {
        return Some((f * v, e));
    }
    None
}

/// A normal form split into its proclitics and the rest: the candidates to look up, in order
/// (the whole form first). Each is (bytes of clitics in the normal form, core, had ال); a form
/// with ال is tried as it is, then without ال.
pub(crate) fn cores(s: &str) -> impl Iterator<Item = (usize, &str, bool)> {
    let mut c = Cands {
        s,
        out: [(0, 0, false); 8],
        n: 0,
    };
    c.push(0, s);
    let mut bases: [(usize, &str); 2] = [(0, s), (0, "")];
    if let Some(r) = ['و', 'ف']
        .iter()
        .find_map(|ch| s.strip_prefix(*ch))
        .filter(|r| r.chars().count() >= 2)
    {
        bases[1] = (s.len() - r.len(), r);
        c.push(s.len() - r.len(), r);
    }
    for (pre, base) in bases {
        if base.is_empty() {
            continue;
        }
        if let Some(r) = ['ب', 'ل', 'ك']
            .iter()
            .find_map(|ch| base.strip_prefix(*ch))
            .filter(|r| r.chars().count() >= 2)
        {
            let p = pre + base.len() - r.len();
            // ل + ال is written لل: the rest starts with the article's lam.
            if base.starts_with('ل') && r.starts_with('ل') {
                c.add(p - 'ل'.len_utf8(), &r['ل'.len_utf8()..], true);
            } else {
                c.push(p, r);
            }
        }
    }
    let Cands { s, out, n } = c;
    out.into_iter()
        .take(n)
        .map(move |(pre, at, al)| (pre as usize, s.get(at as usize..).unwrap_or(""), al))
}

/// A few lookup candidates, without allocating. Every core is a suffix of `s`, so each is
/// kept as its start: the candidates fit in two cache lines, which the iterator copies.
struct Cands<'a> {
    s: &'a str,
    /// (bytes of clitics, where the core starts in `s`, had ال).
    out: [(u32, u32, bool); 8],
    n: usize,
}

impl<'a> Cands<'a> {
    fn add(&mut self, pre: usize, core: &'a str, al: bool) {
        if !core.is_empty() && self.n < self.out.len() {
            // `core` is a suffix of `s`.
            let at = self.s.len() - core.len();
            self.out[self.n] = (pre as u32, at as u32, al);
            self.n += 1;
        }
    }

    fn push(&mut self, pre: usize, core: &'a str) {
        self.add(pre, core, false);
        if let Some(c) = core.strip_prefix("ال")
            && c.chars().count() >= 2
        {
            self.add(pre, c, true);
        }
    }
}

/// The number word in normal form `s` with its clitics: (clitic bytes, word, had ال).
pub(crate) fn lookup(s: &str) -> Option<(usize, Word, bool)> {
    cores(s).find_map(|(p, c, al)| word(c).map(|w| (p, w, al)))
}

/// The unit that `s` (a normal form) names, as a dictionary form.
pub(crate) fn unit(s: &str) -> Option<&'static str> {
    let u = |c: &str| -> Option<&'static str> {
        Some(match c {
            "دولار" | "دولارا" | "دولارات" => "دولار",
            "يورو" => "يورو",
            "جنيه" | "جنيها" | "جنيهات" => "جنيه",
            "ريال" | "ريالا" | "ريالات" => "ريال",
            "دينار" | "دينارا" | "دنانير" => "دينار",
            "درهم" | "درهما" | "دراهم" => "درهم",
            "ليره" | "ليرات" => "ليرة",
            "شيكل" | "شيكلا" | "شواكل" => "شيكل",
            "روبل" | "روبلا" => "روبل",
            "يوان" | "ين" | "فرنك" | "فرنكا" => "عملة",
            "مئه" | "مائه" => "%",
            "عسكري" | "عسكريا" | "عسكريين" => "عسكري",
            "جندي" | "جنديا" | "جنود" => "جندي",
            "شخص" | "شخصا" | "اشخاص" => "شخص",
            "قتيل" | "قتيلا" | "قتلي" => "قتيل",
            "جريح" | "جريحا" | "جرحي" => "جريح",
            "مقاتل" | "مقاتلا" | "مقاتلين" => "مقاتل",
            "طفل" | "طفلا" | "اطفال" => "طفل",
            "لاجئ" | "لاجئا" | "لاجئين" => "لاجئ",
            "مواطن" | "مواطنا" | "مواطنين" => "مواطن",
            "نسمه" => "نسمة",
            "صاروخ" | "صاروخا" | "صواريخ" => "صاروخ",
            "كيلومتر" | "كيلومترا" | "كيلومترات" | "كلم" | "كم" => {
                "كيلومتر"
            }
            "متر" | "مترا" | "امتار" => "متر",
            "طن" | "طنا" | "اطنان" => "طن",
            "برميل" | "برميلا" | "براميل" => "برميل",
            "كيلوغرام" | "كيلوغراما" | "كيلوغرامات" | "كغ" | "كلغ" => {
                "كيلوغرام"
            }
            "هكتار" | "هكتارا" => "هكتار",
            "ميغاواط" | "ميغاوات" => "ميغاواط",
            "يوم" | "يوما" | "ايام" => "يوم",
            "اسبوع" | "اسبوعا" | "اسابيع" => "أسبوع",
            "شهر" | "شهرا" | "اشهر" | "شهور" => "شهر",
            "سنه" | "سنوات" | "عام" | "عاما" | "اعوام" => "سنة",
            "ساعه" | "ساعات" => "ساعة",
            "نقطه" | "نقاط" => "نقطة",
            "دقيقه" | "دقائق" => "دقيقة",
            // Not the singular ثانية, also the ordinal.
            "ثوان" | "ثواني" => "ثانية",
            // What news counts most after a number (ANT, the word after a digit): the
            // singular, its accusative after 11 to 99 and its plural after 3 to 10.
            "هدف" | "هدفا" | "اهداف" => "هدف",
            "مباراه" | "مباريات" => "مباراة",
            "دوله" | "دول" => "دولة",
            "بلد" | "بلدا" | "بلدان" => "بلد",
            "مدينه" | "مدن" => "مدينة",
            "قريه" | "قري" => "قرية",
            "محافظه" | "محافظات" => "محافظة",
            "مقعد" | "مقعدا" | "مقاعد" => "مقعد",
            "صوت" | "صوتا" | "اصوات" => "صوت",
            "ناخب" | "ناخبا" | "ناخبين" => "ناخب",
            "مرشح" | "مرشحا" | "مرشحين" => "مرشح",
            "نائب" | "نائبا" | "نواب" => "نائب",
            "عضو" | "عضوا" | "اعضاء" => "عضو",
            "وزير" | "وزيرا" | "وزراء" => "وزير",
            "دبلوماسي" | "دبلوماسيا" | "دبلوماسيين" => "دبلوماسي",
            "مدني" | "مدنيا" | "مدنيين" => "مدني",
            "فلسطيني" | "فلسطينيا" | "فلسطينيين" => "فلسطيني",
            "مسلح" | "مسلحا" | "مسلحين" => "مسلح",
            "عنصر" | "عنصرا" | "عناصر" => "عنصر",
            "ضابط" | "ضابطا" | "ضباط" => "ضابط",
            "مهاجر" | "مهاجرا" | "مهاجرين" => "مهاجر",
            "نازح" | "نازحا" | "نازحين" => "نازح",
            "ضحيه" | "ضحايا" => "ضحية",
            "مصاب" | "مصابا" | "مصابين" => "مصاب",
            "اصابه" | "اصابات" => "إصابة",
            "حاله" | "حالات" => "حالة",
            "مريض" | "مريضا" | "مرضي" => "مريض",
            "جثه" | "جثث" => "جثة",
            "معتقل" | "معتقلا" | "معتقلين" => "معتقل",
            "سجين" | "سجينا" | "سجناء" => "سجين",
            "اسير" | "اسيرا" | "اسري" => "أسير",
            "متهم" | "متهما" | "متهمين" => "متهم",
            "مستوطن" | "مستوطنا" | "مستوطنين" => "مستوطن",
            "رجل" | "رجلا" | "رجال" => "رجل",
            "امراه" | "نساء" => "امرأة",
            "سيده" | "سيدات" => "سيدة",
            "فتاه" | "فتيات" => "فتاة",
            "اسره" | "اسر" => "أسرة",
            "فرد" | "فردا" | "افراد" => "فرد",
            "طالب" | "طالبا" | "طلاب" => "طالب",
            "عامل" | "عاملا" | "عمال" => "عامل",
            "موظف" | "موظفا" | "موظفين" => "موظف",
            "وظيفه" | "وظائف" => "وظيفة",
            "لاعب" | "لاعبا" | "لاعبين" => "لاعب",
            "مشجع" | "مشجعا" | "مشجعين" => "مشجع",
            "متفرج" | "متفرجا" | "متفرجين" => "متفرج",
            "فريق" | "فريقا" => "فريق",
            "منتخب" | "منتخبا" | "منتخبات" => "منتخب",
            "لقب" | "لقبا" | "القاب" => "لقب",
            "موسم" | "موسما" | "مواسم" => "موسم",
            "مره" | "مرات" => "مرة",
            "درجه" | "درجات" => "درجة",
            "مستخدم" | "مستخدما" | "مستخدمين" => "مستخدم",
            "متابع" | "متابعا" | "متابعين" => "متابع",
            "مشاهده" | "مشاهدات" => "مشاهدة",
            "حساب" | "حسابا" | "حسابات" => "حساب",
            "صفحه" | "صفحات" => "صفحة",
            "شركه" | "شركات" => "شركة",
            "مشروع" | "مشروعا" | "مشاريع" | "مشروعات" => "مشروع",
            "عمليه" | "عمليات" => "عملية",
            "غاره" | "غارات" => "غارة",
            "ضربه" | "ضربات" => "ضربة",
            "سياره" | "سيارات" => "سيارة",
            "حافله" | "حافلات" => "حافلة",
            "شاحنه" | "شاحنات" => "شاحنة",
            "مركبه" | "مركبات" => "مركبة",
            "دبابه" | "دبابات" => "دبابة",
            "طائره" | "طائرات" => "طائرة",
            "سفينه" | "سفن" => "سفينة",
            "رحله" | "رحلات" => "رحلة",
            "راكب" | "راكبا" | "ركاب" => "راكب",
            "سائح" | "سائحا" | "سياح" => "سائح",
            "تذكره" | "تذاكر" => "تذكرة",
            "منزل" | "منزلا" | "منازل" => "منزل",
            "مبني" | "مباني" => "مبنى",
            "مدرسه" | "مدارس" => "مدرسة",
            "موقع" | "موقعا" | "مواقع" => "موقع",
            "جهاز" | "جهازا" | "اجهزه" => "جهاز",
            "فيلم" | "فيلما" | "افلام" => "فيلم",
            "ميل" | "ميلا" | "اميال" => "ميل",
            "بوصه" | "انش" | "انشات" => "بوصة",
            "سنتيمتر" | "سنتيمترا" | "سم" => "سنتيمتر",
            "غرام" | "غراما" | "غرامات" => "غرام",
            "لتر" | "لترا" | "لترات" => "لتر",
            "فدان" | "فدانا" | "افدنه" => "فدان",
            "غيغابايت" => "غيغابايت",
            "سنت" | "سنتا" | "سنتات" => "سنت",
            _ => return None,
        })
    };
    // A counted noun has no proclitic or article (لمشروع, المشروع begin another phrase);
    // the percent words do (بالمئة).
    cores(s).find_map(|(pre, c, al)| u(c).filter(|&u| u == "%" || (pre == 0 && !al)))
}

/// Parses a digit token's normal form (`5,200`, `3.5`, `10%`): the value and whether it ends
/// in a percent sign.
///
/// A comma is a thousands separator when every group after it has three digits (`5,200`,
/// `1,234,567`) or when the number also has a decimal point; otherwise a single comma is the
/// decimal separator, as many Arabic sites type `٫` (`٤,٨` = 4.8, `٠,٠٨` = 0.08).
pub(crate) fn digits(s: &str) -> Option<(f64, bool)> {
    let (s, pct) = match s.strip_suffix('%') {
        Some(r) => (r, true),
        None => (s, false),
    };
    if s.is_empty()
        || s.len() > 40
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        return None;
    }
    if !s.as_bytes()[0].is_ascii_digit() || s.bytes().filter(|&b| b == b'.').count() > 1 {
        return None;
    }
    let commas = s.bytes().filter(|&b| b == b',').count();
    let grouped = s
        .split('.')
        .next()
        .unwrap_or("")
        .split(',')
        .skip(1)
        .all(|g| g.len() == 3);
    let decimal_comma = commas == 1 && !grouped && !s.contains('.');
    if commas > 0 && !grouped && !decimal_comma {
        return None;
    }
    let clean: String = s
        .chars()
        .filter_map(|c| match c {
            ',' if decimal_comma => Some('.'),
            ',' => None,
            c => Some(c),
        })
        .collect();
    let v: f64 = clean.trim_end_matches('.').parse().ok()?;
    v.is_finite().then_some((v, pct))
}

/// A parsed number before its span is mapped back: token range, value, ordinal flag, the
/// clitic bytes of the first token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Parsed {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// The value.
    pub value: f64,
    /// An ordinal.
    pub ordinal: bool,
    /// Bytes of proclitics at the start of the first token's normal form.
    pub clitic: usize,
    /// A percent sign was part of the digits.
    pub percent: bool,
}

/// The normal form of token `i`, if it is a word or number.
fn form<'a>(norm: &'a str, tokens: &[Token], i: usize) -> Option<(&'a str, TokenKind)> {
    let t = tokens.get(i)?;
    Some((t.norm_str(norm), t.kind))
}

/// True when token `k` ends where token `k + 1` starts (nothing between them).
fn glued(tokens: &[Token], k: usize) -> bool {
    match (tokens.get(k), tokens.get(k + 1)) {
        (Some(a), Some(b)) => a.span.end == b.span.start,
        _ => false,
    }
}

/// True when tokens `k` and `k + 1` are separated by exactly one space (or a no-break space,
/// the SI thousands separator).
fn one_space(norm: &str, tokens: &[Token], k: usize) -> bool {
    match (tokens.get(k), tokens.get(k + 1)) {
        (Some(a), Some(b)) => matches!(
            norm.get(a.norm.end as usize..b.norm.start as usize),
            Some(" " | "\u{a0}" | "\u{202f}")
        ),
        _ => false,
    }
}

/// A plain run of ASCII digits (after normalisation) of `len` digits (any length for 0).
fn plain(s: &str, len: usize) -> bool {
    !s.is_empty() && (len == 0 || s.len() == len) && s.bytes().all(|b| b.is_ascii_digit())
}

/// Parses the number starting at token `i`, if any, with what may follow it: a fraction
/// (واحد على ثلاثة, جزء من مئة, 1 على 3) or spoken decimals (ثلاثة فاصلة خمسة).
pub(crate) fn parse_at(norm: &str, tokens: &[Token], i: usize) -> Option<Parsed> {
    parse_from(norm, tokens, i, false)
}

/// True when a phrase ends after token `k - 1`: the text ends or punctuation follows (not a
/// sign, slash or percent that would continue a number).
fn ends_phrase(norm: &str, tokens: &[Token], k: usize) -> bool {
    match form(norm, tokens, k) {
        None => true,
        Some((s, TokenKind::Punct)) => !matches!(s, "%" | "/" | "-" | "^" | "+"),
        _ => false,
    }
}

/// True for 10, 100, 1000 ...
fn power_of_ten(v: f64) -> bool {
    let mut t = v;
    while t >= 10.0 && t % 10.0 == 0.0 {
        t /= 10.0;
    }
    t == 1.0 && v >= 10.0
}

/// True when tokens `a + 1 .. b` include a و (written apart or as a proclitic): a compound
/// number (مئتان وثلاثة).
fn has_conj(norm: &str, tokens: &[Token], a: usize, b: usize) -> bool {
    (a + 1..b).any(|k| form(norm, tokens, k).is_some_and(|(w, _)| w.starts_with('و')))
}

/// A whole number read out with its decimals after فاصلة at token `k` (ثلاثة فاصلة خمسة =
/// 3.5, مئتين فاصلة ثلاثة من مئة = 200.03): (the decimal part, end).
fn spoken_decimals(norm: &str, tokens: &[Token], k: usize) -> Option<(f64, usize)> {
    if !matches!(form(norm, tokens, k)?, ("فاصله", TokenKind::Word)) {
        return None;
    }
    let q = parse_simple(norm, tokens, k + 1)?;
    if q.ordinal || q.percent || q.value.fract() != 0.0 || q.value < 0.0 {
        return None;
    }
    // ثلاثة من مئة: hundredths.
    if let Some(("من", TokenKind::Word)) = form(norm, tokens, q.end)
        && let Some(r) = parse_simple(norm, tokens, q.end + 1)
        && !r.ordinal
        && power_of_ten(r.value)
        && r.value > q.value
    {
        return Some((q.value / r.value, r.end));
    }
    // Otherwise as many decimal places as the number has digits (خمسة وعشرون = .25).
    let mut scale = 10.0;
    while scale <= q.value {
        scale *= 10.0;
    }
    Some((q.value / scale, q.end))
}

/// [`parse_at`]; `negative` after a minus sign, when `X على Y` can no longer be a score.
fn parse_from(norm: &str, tokens: &[Token], i: usize, negative: bool) -> Option<Parsed> {
    let (s, _) = form(norm, tokens, i)?;
    // جزء من مئة, ثلاثة أجزاء من خمسة: parts of a whole.
    if matches!(s, "جزء") && form(norm, tokens, i + 1).is_some_and(|(w, _)| w == "من") {
        let q = parse_simple(norm, tokens, i + 2)?;
        if q.ordinal || q.percent || q.value < 2.0 || q.value.fract() != 0.0 {
            return None;
        }
        return Some(Parsed {
            first: i,
            value: 1.0 / q.value,
            ..q
        });
    }
    let mut p = parse_simple(norm, tokens, i)?;
    if p.ordinal || p.percent || p.value.fract() != 0.0 || p.value < 1.0 {
        return Some(p);
    }
    if let Some((d, end)) = spoken_decimals(norm, tokens, p.end) {
        p.value += d;
        p.end = end;
        return Some(p);
    }
    // ثلاثة أجزاء من خمسة, واحد جزء من مئة, مئتان وواحد وسبعون جزءا من مئة (any count: 11 to
    // 99 take the singular).
    let mut k = p.end;
    let mut parts = false;
    if let Some((w, TokenKind::Word)) = form(norm, tokens, k)
        && matches!(w, "جزء" | "جزءا" | "اجزاء")
        && form(norm, tokens, k + 1).is_some_and(|(w, _)| w == "من")
    {
        k += 1;
        parts = true;
    }
    // واحد على ثلاثة, 1 على 3: a fraction when the second is the larger (3 على 1 is a
    // score); واحد من ثلاثة (one in three), واحد في الألف; مئة أجزاء من خمسة وثلاثين (parts,
    // any count).
    let (over, on) = match form(norm, tokens, k) {
        Some(("علي", TokenKind::Word)) => (true, true),
        Some(("من", TokenKind::Word)) => (p.value == 1.0 || parts, false),
        // واحد في المئة is a percentage, left to the unit.
        Some(("في", TokenKind::Word)) => (
            p.value == 1.0
                && !parts
                && !form(norm, tokens, k + 1)
                    .is_some_and(|(w, _)| matches!(w, "المئه" | "المائه" | "مئه" | "مائه")),
            false,
        ),
        _ => (false, false),
    };
    let in_ = matches!(form(norm, tokens, k), Some(("في", _)));
    if over
        && let Some(q) = parse_simple(norm, tokens, k + 1)
        && !q.ordinal
        && !q.percent
        && q.value.fract() == 0.0
        && q.value > 0.0
    {
        let ends = ends_phrase(norm, tokens, q.end);
        // Both at most 200 could be a score (basketball included); a minus sign, or a larger
        // count over a smaller one at the end of a phrase, is a division (2000 على 3).
        let score = p.value <= 200.0 && q.value <= 200.0 && !negative;
        let ok = if in_ {
            // واحد في الألف, 1 في 21: a rate, not "one in (a place)".
            q.value > 1.0
                && (ends || form(norm, tokens, k + 1).is_some_and(|(w, _)| w.starts_with("ال")))
        } else {
            q.value > p.value || parts || (on && ends && !score)
        };
        if ok {
            // مئتان وثلاثة جزء من مئة: the whole number, and the part after its last و counted
            // in hundredths (200.03), as مئة وثلاثة أرباع is 100.75.
            let tail = p.value % q.value;
            if parts
                && power_of_ten(q.value)
                && p.value > q.value
                && tail != 0.0
                && has_conj(norm, tokens, p.first, p.end)
            {
                p.value = p.value - tail + tail / q.value;
            } else {
                p.value /= q.value;
            }
            p.end = q.end;
        }
    }
    Some(p)
}

/// A number without a following fraction.
fn parse_simple(norm: &str, tokens: &[Token], i: usize) -> Option<Parsed> {
    let (s, kind) = form(norm, tokens, i)?;
    match kind {
        TokenKind::Number => parse_digits(norm, tokens, i),
        // -5, -4/5, .08: a sign or point glued to the digits, not after other digits, nor a
        // hyphen glued to a word (إف-16, إس-300, the score صفر-1) other than و (و-3%).
        TokenKind::Punct | TokenKind::Symbol
            if matches!(s, "-" | ".")
                && glued(tokens, i)
                && !(i > 0
                    && glued(tokens, i - 1)
                    && match form(norm, tokens, i - 1) {
                        Some((w, TokenKind::Word)) => !matches!(w, "و" | "ف"),
                        Some((_, k)) => matches!(k, TokenKind::Number | TokenKind::Latin),
                        None => false,
                    }) =>
        {
            let mut p = match form(norm, tokens, i + 1)? {
                (_, TokenKind::Number) => parse_digits(norm, tokens, i + 1)?,
                (_, TokenKind::Latin) if s == "-" => parse_simple(norm, tokens, i + 1)?,
                _ => return None,
            };
            if s == "." {
                let (d, _) = form(norm, tokens, i + 1)?;
                if !plain(d, 0) || p.end != i + 2 {
                    return None;
                }
                p.value = format!("0.{d}").parse().ok()?;
            } else {
                p.value = -p.value;
            }
            Some(Parsed { first: i, ..p })
        }
        TokenKind::Word => parse_words(norm, tokens, i),
        // 1e10, 12e-1: scientific notation the tokeniser keeps as a Latin word.
        TokenKind::Latin => {
            let (m, e) = s.split_once('e')?;
            if !plain(m, 0) {
                return None;
            }
            let (exp, end) = if e.is_empty() {
                exponent(norm, tokens, i + 1, true)?
            } else {
                (plain(e, 0).then(|| e.parse::<i32>().ok()).flatten()?, i + 1)
            };
            let value = m.parse::<f64>().ok()? * 10f64.powi(exp);
            value.is_finite().then_some(Parsed {
                first: i,
                end,
                value,
                ordinal: false,
                clitic: 0,
                percent: false,
            })
        }
        _ => None,
    }
}

/// An exponent from token `k` (glued to what is before it): optional signs then digits.
/// Returns (exponent, end). `--` reads as `+`.
fn exponent(norm: &str, tokens: &[Token], k: usize, glued_before: bool) -> Option<(i32, usize)> {
    if !glued_before {
        return None;
    }
    let mut k = k;
    let mut sign = 1;
    if let Some((m, TokenKind::Punct | TokenKind::Symbol)) = form(norm, tokens, k) {
        if !m.bytes().all(|b| b == b'-' || b == b'+') || m.len() > 2 || !glued(tokens, k) {
            return None;
        }
        if m.bytes().filter(|&b| b == b'-').count() == 1 {
            sign = -1;
        }
        k += 1;
    }
    let (d, TokenKind::Number) = form(norm, tokens, k)? else {
        return None;
    };
    if !plain(d, 0) || d.len() > 3 {
        return None;
    }
    Some((sign * d.parse::<i32>().ok()?, k + 1))
}

/// A power after digits ending at token `end - 1`: `e13`, `e+14`, `^23`, `^-1`. Returns the
/// value and the new end.
fn power(norm: &str, tokens: &[Token], end: usize, value: f64) -> Option<(f64, usize)> {
    if !glued(tokens, end - 1) {
        return None;
    }
    let (t, kind) = form(norm, tokens, end)?;
    let (exp, e, pow) = match (t, kind) {
        ("e", TokenKind::Latin) => {
            let (x, e) = exponent(norm, tokens, end + 1, glued(tokens, end))?;
            (x, e, false)
        }
        (x, TokenKind::Latin) if x.starts_with('e') && plain(&x[1..], 0) && x.len() <= 4 => {
            (x[1..].parse().ok()?, end + 1, false)
        }
        ("^", _) => {
            let (x, e) = exponent(norm, tokens, end + 1, glued(tokens, end))?;
            (x, e, true)
        }
        _ => return None,
    };
    let v = if pow {
        value.powi(exp)
    } else {
        value * 10f64.powi(exp)
    };
    v.is_finite().then_some((v, e))
}

/// A simple fraction in digits at token `i` (`3/4`): (value, end). The numerator must be the
/// smaller, so a day and month (22/04) never reads as a fraction.
fn slash_fraction(norm: &str, tokens: &[Token], i: usize) -> Option<(f64, usize)> {
    let (a, TokenKind::Number) = form(norm, tokens, i)? else {
        return None;
    };
    let (sl, _) = form(norm, tokens, i + 1)?;
    let (b, TokenKind::Number) = form(norm, tokens, i + 2)? else {
        return None;
    };
    if sl != "/" || !glued(tokens, i) || !glued(tokens, i + 1) || !plain(a, 0) || !plain(b, 0) {
        return None;
    }
    if i > 0 && glued(tokens, i - 1) && form(norm, tokens, i - 1).is_some_and(|(w, _)| w == "/") {
        return None; // the end of a date: 5/17/2018
    }
    if glued(tokens, i + 2) && form(norm, tokens, i + 3).is_some_and(|(w, _)| w == "/") {
        return None; // a date: 3/4/2021
    }
    let (a, b): (f64, f64) = (a.parse().ok()?, b.parse().ok()?);
    // 2017/2018 is a season, 1/1000 a ratio rarely written so: fractions up to hundredths.
    (a < b && b > 0.0 && b <= 100.0).then_some((a / b, i + 3))
}

/// Digits at token `i`, with what makes one number of them: groups of three after a space
/// (`1 234 567`) or an Arabic comma (`١،٢٣٤،٥٦٧`), a fraction (`3/4`, `2 1/4`), a scale word
/// (`3.5 مليار`, `٣ مئة`) and, after a scale, more groups (`٤ آلاف ٣ مائة و ٢١` = 4321).
fn parse_digits(norm: &str, tokens: &[Token], i: usize) -> Option<Parsed> {
    let (s, _) = form(norm, tokens, i)?;
    if let Some((value, end)) = slash_fraction(norm, tokens, i) {
        return Some(Parsed {
            first: i,
            end,
            value,
            ordinal: false,
            clitic: 0,
            percent: false,
        });
    }
    let (mut value, percent) = digits(s)?;
    let mut end = i + 1;
    if !percent && let Some((v, e)) = power(norm, tokens, end, value) {
        return Some(Parsed {
            first: i,
            end: e,
            value: v,
            ordinal: false,
            clitic: 0,
            percent,
        });
    }
    if percent {
        return Some(Parsed {
            first: i,
            end,
            value,
            ordinal: false,
            clitic: 0,
            percent,
        });
    }
    if (1..=3).contains(&s.len()) && plain(s, 0) {
        // 1 234 567, 1 234 567.89: groups of exactly three digits after one space.
        let mut k = i;
        let mut grouped = value;
        while one_space(norm, tokens, k)
            && let Some((g, TokenKind::Number)) = form(norm, tokens, k + 1)
            && g.get(..3).is_some_and(|h| plain(h, 3))
            && (g.len() == 3 || (g.as_bytes()[3] == b'.' && plain(&g[4..], 0)))
            && let Some((v, false)) = digits(g)
        {
            grouped = grouped * 1000.0 + v;
            k += 1;
            if g.len() > 3 {
                break;
            }
        }
        // ١،٢٣٤،٥٦٧, ٢٦،٠١٣,٩٤: the Arabic comma between groups of three.
        if k == i {
            loop {
                let comma = glued(tokens, k)
                    && glued(tokens, k + 1)
                    && form(norm, tokens, k + 1).is_some_and(|(c, _)| c == "،");
                if !comma {
                    break;
                }
                let Some((g, TokenKind::Number)) = form(norm, tokens, k + 2) else {
                    break;
                };
                if !g.get(..3).is_some_and(|h| plain(h, 3)) || g.get(3..4).is_some_and(|c| c != ",")
                {
                    break;
                }
                let Some((v, false)) = digits(g) else { break };
                grouped = grouped * 1000.0 + v;
                k += 2;
                if g.len() > 3 {
                    break;
                }
            }
        }
        if k > i {
            value = grouped;
            end = k + 1;
        }
    }
    // 15،7 بالمائة: the Arabic comma between digits, glued, is the decimal separator of
    // Maghreb news, unless a group of three follows (١،٢٣٤ above) or another comma (1،2،3, a
    // list). 4ر402 مليون: Tunisian agency copy writes the decimals, ر, then the whole part
    // (402.4).
    // (Not a time: الساعة 06،18.)
    let after_mark = i > 0
        && (glued(tokens, i - 1)
            && form(norm, tokens, i - 1).is_some_and(|(c, _)| matches!(c, "،" | "ر"))
            || form(norm, tokens, i - 1).is_some_and(|(c, _)| c == "الساعه"));
    if end == i + 1
        && plain(s, 0)
        && s.len() <= 4
        && !after_mark
        && glued(tokens, i)
        && glued(tokens, i + 1)
    {
        let sep = form(norm, tokens, i + 1).map(|(c, _)| c);
        if let Some((d, TokenKind::Number)) = form(norm, tokens, i + 2)
            && plain(d, 0)
            && !(glued(tokens, i + 2)
                && form(norm, tokens, i + 3).is_some_and(|(c, _)| matches!(c, "،" | "ر")))
        {
            let decimal =
                |whole: &str, frac: &str| -> Option<f64> { format!("{whole}.{frac}").parse().ok() };
            let v = match sep {
                Some("،") if d.len() <= 2 => decimal(s, d),
                Some("ر") if s.len() <= 3 && d.len() <= 4 => decimal(d, s),
                _ => None,
            };
            if let Some(v) = v {
                value = v;
                end = i + 3;
            }
        }
    }
    // 2 1/4.
    if end == i + 1
        && value.fract() == 0.0
        && one_space(norm, tokens, i)
        && let Some((f, e)) = slash_fraction(norm, tokens, i + 1)
    {
        return Some(Parsed {
            first: i,
            end: e,
            value: value + f,
            ordinal: false,
            clitic: 0,
            percent: false,
        });
    }
    // 3.5 مليار, 5 آلاف, ٣ مئة, 322 مائة, ٣ دزينات; then more groups after a scale.
    let (mut total, mut current, mut bound) = (0.0, value, f64::INFINITY);
    let mut j = end;
    let multiplier = |j: usize| match form(norm, tokens, j) {
        Some((w, TokenKind::Word)) => match lookup(w) {
            Some((0, w @ (Word::Hundreds(100) | Word::Scale(..)), false)) => Some(w),
            _ => None,
        },
        _ => None,
    };
    // ٢,١٢ مئة = 212: hundreds with up to two decimals make a whole number.
    let hundredths = (current * 100.0).round();
    if let Some(Word::Hundreds(_)) = multiplier(j)
        && (current.fract() == 0.0 || (hundredths - current * 100.0).abs() < 1e-6)
        && current < 1000.0
    {
        current = hundredths;
        bound = 100.0;
        j += 1;
    }
    if let Some(Word::Scale(m, _)) = multiplier(j) {
        total = current * m;
        current = 0.0;
        bound = m;
        j += 1;
    }
    end = j;
    while bound.is_finite() && value.fract() == 0.0 {
        // و ٢١, و٣ مئة, وخمسون; digits right after a scale only with their own multiplier
        // (٤ آلاف ٣ مائة).
        let (k, conj) = match form(norm, tokens, j) {
            Some(("و", TokenKind::Word)) => (j + 1, true),
            Some((_, TokenKind::Number)) => (j, false),
            Some((w, TokenKind::Word)) if w.starts_with('و') => (j, true),
            _ => break,
        };
        // (value, end, the scale it multiplies, if any)
        let next = match form(norm, tokens, k) {
            Some((d, TokenKind::Number)) if plain(d, 0) => {
                let v: f64 = d.parse().ok()?;
                match multiplier(k + 1) {
                    Some(Word::Hundreds(_)) if v < 10.0 => Some((v * 100.0, k + 2, None)),
                    Some(Word::Scale(m, _)) => Some((v, k + 2, Some(m))),
                    _ if conj => Some((v, k + 1, None)),
                    // 162 ألف 548: three digits right after ألف, without و, are its rest.
                    _ if bound == 1000.0 && current == 0.0 && d.len() == 3 => {
                        Some((v, k + 1, None))
                    }
                    _ => None,
                }
            }
            // 3 ملايين ونصف: a fraction of the last scale ends the number.
            Some((w, TokenKind::Word))
                if conj
                    && current == 0.0
                    && let Some((_, Word::Fraction(f), false)) = lookup(w)
                    && !definite(norm, tokens, k + 1) =>
            {
                total += f * bound;
                end = k + 1;
                break;
            }
            Some((_, TokenKind::Word)) if conj => parse_words(norm, tokens, k)
                .filter(|p| !p.ordinal && p.value.fract() == 0.0)
                .map(|p| (p.value, p.end, None)),
            _ => None,
        };
        let Some((v, e, scale)) = next else { break };
        match scale {
            Some(m) if current == 0.0 && m < bound && v < 1000.0 && v > 0.0 => {
                total += v * m;
                bound = m;
            }
            None if v > 0.0 && v < bound && current == 0.0 => current = v,
            None if v > 0.0 && v < 100.0 && current >= 100.0 && current % 100.0 == 0.0 => {
                current += v
            }
            _ => break,
        }
        end = e;
        j = e;
        if scale.is_none() && current % 100.0 != 0.0 {
            break;
        }
    }
    Some(Parsed {
        first: i,
        end,
        value: total + current,
        ordinal: false,
        clitic: 0,
        percent,
    })
}

/// Number words from token `i`.
fn parse_words(norm: &str, tokens: &[Token], i: usize) -> Option<Parsed> {
    let (s, _) = form(norm, tokens, i)?;
    // Most words are not numbers: the three tests below that can succeed, memoised.
    thread_local! {
        static MAY_BEGIN: crate::norm::Memo = const { crate::norm::memo() };
    }
    let may_begin = |s: &str| {
        matches!(s, "ناقص" | "سالب")
            || cores(s).any(|(_, c, _)| matches!(c, "احد" | "احدي"))
            || lookup(s).is_some()
    };
    if !crate::norm::memoised(&MAY_BEGIN, s, may_begin) {
        return None;
    }
    // بالمئة, في المئة: the percent words, a unit after a number, never a number alone.
    if matches!(s, "بالمئه" | "بالمائه")
        || (matches!(s, "المئه" | "المائه")
            && i > 0
            && form(norm, tokens, i - 1).is_some_and(|(w, _)| w == "في"))
    {
        return None;
    }
    // أحد عشر, إحدى عشرة: أحد alone is "someone", not a number.
    if let Some((clitic, _, _)) = cores(s).find(|(_, c, _)| matches!(*c, "احد" | "احدي"))
        && let Some((n, TokenKind::Word)) = form(norm, tokens, i + 1)
        && matches!(n, "عشر" | "عشره")
    {
        return Some(Parsed {
            first: i,
            end: i + 2,
            value: 11.0,
            ordinal: false,
            clitic,
            percent: false,
        });
    }
    // ناقص واحد, سالب ٥.
    if matches!(s, "ناقص" | "سالب") {
        // One sign only: no recursion over a run of them.
        if matches!(form(norm, tokens, i + 1), Some(("ناقص" | "سالب", _))) {
            return None;
        }
        let p = parse_from(norm, tokens, i + 1, true)?;
        return Some(Parsed {
            first: i,
            value: -p.value,
            ..p
        });
    }
    let (clitic, _, _) = lookup(s)?;
    if no_number_here(norm, tokens, i, s, clitic) {
        return None;
    }
    let mut total = 0.0f64; // completed scale groups
    let mut current = 0.0f64; // the group being built (below the last scale)
    let mut last_scale = f64::INFINITY;
    let mut ordinal = false;
    let mut prev: Option<Word> = None;
    let mut last_conj = 0.0f64; // what the last و added
    let mut end = i;
    let mut j = i;
    while let Some((s, TokenKind::Word)) = form(norm, tokens, j) {
        // و written apart (ثلاثة و عشرون): the conjunction is its own token.
        let (s, apart) = match (s, form(norm, tokens, j + 1)) {
            ("و", Some((n, TokenKind::Word))) if j > i => (n, true),
            _ => (s, false),
        };
        // ثلاثة وعشرون خمسًا, مئة وثلاثون خمس: a count of eleven or more takes a singular
        // fraction word.
        if !apart
            && matches!(prev, Some(Word::Tens(_) | Word::Hundreds(_)))
            && let Some(d) = denominator(s)
        {
            current /= d;
            end = j + 1;
            break;
        }
        // ثلاثة وخمس, مئة وثمن: after a whole number, و and a fraction spelled like a cardinal
        // or a noun, where no counted noun follows (بين ثلاث وخمس سنوات stays two counts).
        let next = j + 1 + usize::from(apart);
        if j > i
            && !ordinal
            && current.fract() == 0.0
            && total + current > 0.0
            && let Some(d) = cores(s).find_map(|(p, c, al)| {
                (!al && (p > 0 || apart) && (apart || s.starts_with('و')))
                    .then(|| spelled_fraction(c))
                    .flatten()
            })
            && (ends_phrase(norm, tokens, next) || definite(norm, tokens, next))
        {
            current += 1.0 / d;
            end = next;
            break;
        }
        let Some((pre, w, _)) = lookup(s) else { break };
        let joined = pre > 0 || apart; // a conjunction (or other clitic) before a later word
        if j > i {
            let conj = apart || (joined && s.starts_with('و'));
            let mut of_scale = false;
            let ok = match (prev, w) {
                // أحد عشر, الحادي عشر, ثلاثة عشر.
                // أول عشر دقائق is "the first ten": الحادي, not أول, makes the ordinal 11.
                (Some(Word::Unit(u) | Word::Ordinal(u)), Word::Ten)
                    if !joined
                        && u < 10
                        && !(matches!(prev, Some(Word::Ordinal(1)))
                            && form(norm, tokens, j - 1).is_some_and(|(w, _)| {
                                cores(w).any(|(_, c, _)| matches!(c, "اول" | "اولي"))
                            })) =>
                {
                    current += 10.0;
                    true
                }
                // ثلاثة أخماس, مئة وثلاثة أرباع (the fraction of the unit just added).
                (Some(Word::Unit(u)), Word::Fractions(d)) if !joined => {
                    let u = f64::from(u);
                    if last_conj == u && current > u {
                        current += u / d - u;
                    } else {
                        current /= d;
                    }
                    end = j + 1;
                    break;
                }
                // عشرون أخماس, واحد وعشرون أخماس: the whole count.
                (Some(Word::Tens(_) | Word::Hundreds(_)), Word::Fractions(d)) if !joined => {
                    current /= d;
                    end = j + 1;
                    break;
                }
                // ثلاث مئة.
                (Some(Word::Unit(u)), Word::Hundreds(100)) if !joined => {
                    current += f64::from(u) * 100.0 - f64::from(u);
                    true
                }
                // خمسة وتسعون مئة, ثلاثة عشر مئة: hundreds counted by 11 to 99, as in digits
                // (95 مئة).
                (Some(Word::Tens(_) | Word::Ten), Word::Hundreds(100))
                    if !joined && current > 10.0 && current < 100.0 =>
                {
                    current *= 100.0;
                    true
                }
                // ألف مليار, مئة ألف تريليون: a count of thousands of a larger scale.
                (Some(Word::Scale(..)), Word::Scale(m, 0 | 1))
                    if !joined && !ordinal && current == 0.0 && m > last_scale =>
                {
                    total *= m;
                    last_scale = m;
                    true
                }
                // مليون وألفين: a dual scale below the last one closes its own group, so that
                // ومئتين can follow.
                (Some(_), Word::Scale(m, 2))
                    if conj && current == 0.0 && m >= 1e3 && m < last_scale =>
                {
                    total += 2.0 * m;
                    last_scale = m;
                    true
                }
                // ثلاثة آلاف, عشرة ملايين, خمسمئة ألف, ثلاث عشرة مليون.
                (Some(p), Word::Scale(m, _))
                    if !joined && !ordinal && !matches!(p, Word::Scale(..)) =>
                {
                    if m >= last_scale {
                        false
                    } else {
                        let c = if current == 0.0 { 1.0 } else { current };
                        total += c * m;
                        current = 0.0;
                        last_scale = m;
                        true
                    }
                }
                // خمسة وعشرون, الثامنة والعشرين.
                (Some(Word::Unit(u) | Word::Ordinal(u)), Word::Tens(t))
                    if conj && u < 10 && current % 100.0 < 10.0 =>
                {
                    current += f64::from(t);
                    if matches!(prev, Some(Word::Ordinal(_))) {
                        ordinal = true;
                    }
                    true
                }
                // عشرون وثلاثة أخماس: a fraction after a whole number.
                (Some(_), Word::Unit(u))
                    if conj
                        && u > 1
                        && current.fract() == 0.0
                        && let Some((f, TokenKind::Word)) =
                            form(norm, tokens, j + 1 + usize::from(apart))
                        && let Some((0, Word::Fractions(d), false)) = lookup(f) =>
                {
                    current += f64::from(u) / d;
                    end = j + 2 + usize::from(apart);
                    break;
                }
                // مئة وخمسون, ألف ومئتان, مليون ونصف.
                (Some(_), w2) if conj => {
                    let v = match w2 {
                        Word::Unit(u) => f64::from(u),
                        // المئة والخامسة والعشرون.
                        Word::Ordinal(u) => f64::from(u),
                        // ثلاث مائة ودزينتين.
                        Word::Scale(m, 2) => 2.0 * m,
                        Word::Tens(t) => f64::from(t),
                        Word::Hundreds(h) => f64::from(h),
                        Word::Fraction(f) if current == 0.0 && last_scale.is_finite() => {
                            of_scale = true;
                            f * last_scale
                        }
                        // خمسة وربع: a fraction after a whole number below a scale.
                        Word::Fraction(f) if current > 0.0 && current.fract() == 0.0 => {
                            current += f;
                            -2.0
                        }
                        _ => -1.0,
                    };
                    let bound = if current == 0.0 && last_scale.is_finite() {
                        last_scale
                    } else if current > 0.0 && current % 100.0 == 0.0 {
                        100.0
                    } else {
                        0.0
                    };
                    if v == -2.0 {
                        true
                    } else if v > 0.0 && v < bound {
                        current += v;
                        last_conj = v;
                        ordinal |= matches!(w2, Word::Ordinal(_));
                        true
                    } else {
                        false
                    }
                }
                _ => false,
            };
            if !ok {
                break;
            }
            // مليون ونصف المليون: the scale of the fraction said again, with the article.
            if of_scale
                && let Some((n, TokenKind::Word)) = form(norm, tokens, j + 1 + usize::from(apart))
                && let Some((0, Word::Scale(m, 1), true)) = lookup(n)
                && m == last_scale
            {
                j += 1;
            }
        } else {
            // خمس الفطيرة, نصف المليون: a fraction in construct.
            if matches!(w, Word::Unit(5 | 7 | 9) | Word::Fraction(_))
                && let Some((value, e)) = fraction_of(norm, tokens, j, 3)
            {
                return Some(Parsed {
                    first: i,
                    end: e,
                    value,
                    ordinal: false,
                    clitic,
                    percent: false,
                });
            }
            match w {
                Word::Unit(u) => current = f64::from(u),
                Word::Tens(t) => current = f64::from(t),
                Word::Hundreds(h) => current = f64::from(h),
                Word::Ordinal(o) => {
                    current = f64::from(o);
                    ordinal = true;
                }
                // الربع الأول (the first quarter), not a fraction.
                Word::Fraction(_)
                    if cores(s).any(|(_, _, al)| al)
                        && form(norm, tokens, j + 1).is_some_and(|(n, _)| {
                            matches!(lookup(n), Some((0, Word::Ordinal(_), true)))
                                || matches!(n, "الاخير" | "الاخيره")
                        }) =>
                {
                    return None;
                }
                Word::Fraction(f) => {
                    // نصف مليون.
                    if let Some((n, TokenKind::Word)) = form(norm, tokens, j + 1)
                        && let Some((0, Word::Scale(m, 1), _)) = lookup(n)
                    {
                        return Some(Parsed {
                            first: i,
                            end: j + 2,
                            value: f * m,
                            ordinal: false,
                            clitic,
                            percent: false,
                        });
                    }
                    return Some(Parsed {
                        first: i,
                        end: j + 1,
                        value: f,
                        ordinal: false,
                        clitic,
                        percent: false,
                    });
                }
                Word::Scale(m, count) => {
                    if count == 0 {
                        return None;
                    }
                    total = f64::from(count) * m;
                    last_scale = m;
                }
                Word::Ten => current = 10.0,
                Word::Fractions(_) => return None,
            }
        }
        prev = Some(w);
        j += if apart { 2 } else { 1 };
        end = j;
    }
    if end == i {
        return None;
    }
    // مليون و200 ألف, مليارا و400 مليون: digits after a scale word and و, below that scale.
    if !ordinal
        && current == 0.0
        && last_scale.is_finite()
        && total > 0.0
        && matches!(form(norm, tokens, end), Some(("و", TokenKind::Word)))
        && matches!(form(norm, tokens, end + 1), Some((_, TokenKind::Number)))
        && let Some(p) = parse_digits(norm, tokens, end + 1)
        && !p.percent
        && p.value > 0.0
        && p.value.fract() == 0.0
        && p.value < last_scale
    {
        total += p.value;
        end = p.end;
    }
    Some(Parsed {
        first: i,
        end,
        value: total + current,
        ordinal,
        clitic,
        percent: false,
    })
}

/// True where number word `s` at token `i` is part of a name or of another word, as read in
/// news: آل ثاني (a family), بئر السبع (Beersheba), من الألف إلى الياء (the letter), كمية
/// (quantity, not ك + colloquial مية), الإثني alone (ethnic; the number is اثني عشر), and ست
/// after a proclitic unless a count follows (لست متأكدا "I am not", وست هام West Ham; لست
/// سنوات, وست دول are six), واحد in idioms (في آن واحد, دفعة واحدة), and the rounds of a cup
/// (ربع النهائي, نصف النهائي).
fn no_number_here(norm: &str, tokens: &[Token], i: usize, s: &str, pre: usize) -> bool {
    let word_at = |k: usize| match form(norm, tokens, k) {
        Some((w, TokenKind::Word)) => Some(w),
        _ => None,
    };
    let before = i.checked_sub(1).and_then(word_at);
    let after = word_at(i + 1);
    if before == Some("ال") {
        return true;
    }
    match s {
        "السبع" if matches!(before, Some("بير" | "بئر")) => return true,
        "الالف" if after == Some("الي") && matches!(word_at(i + 2), Some("اليا" | "الياء")) =>
        {
            return true;
        }
        _ => {}
    }
    if s.strip_suffix("ميه").is_some_and(|pre| pre.ends_with('ك')) {
        return true;
    }
    match s.get(pre..).unwrap_or_default() {
        "اثني" | "اثنتي" | "الاثني" | "الاثنتي" => {
            !matches!(after, Some("عشر" | "عشره"))
        }
        // في آن واحد, دفعة واحدة, من جانب واحد, بصوت واحد: idioms (at once, unilaterally,
        // unanimously), not a count; الفورمولا واحد is a name.
        "واحد" | "واحده" | "واحدا" if pre == 0 => match before {
            Some("ان") => i >= 2 && word_at(i - 2) == Some("في"),
            Some(b) => [Some(b), b.strip_prefix('و')]
                .into_iter()
                .flatten()
                .any(|b| {
                    matches!(
                        b,
                        "دفعه"
                            | "بدفعه"
                            | "جانب"
                            | "صوت"
                            | "بصوت"
                            | "صفا"
                            | "كصف"
                            | "وقت"
                            | "فورمولا"
                            | "الفورمولا"
                            | "للفورمولا"
                    )
                }),
            None => false,
        },
        // ربع النهائي, نصف النهائي, ثمن النهائي: the quarter-finals, semi-finals and round of
        // 16, not fractions.
        "ربع" | "نصف" | "ثمن" | "الربع" | "النصف" | "الثمن" => {
            matches!(after, Some("النهائي" | "نهائي"))
        }
        "ست" if pre > 0 => !after.is_some_and(|n| {
            unit(n).is_some() || lookup(n).is_some() || (n.ends_with("ات") && n.chars().count() > 3)
        }),
        _ => false,
    }
}

/// Finds the unit after a number ending at token `end`: (unit, tokens it takes).
fn unit_after(norm: &str, tokens: &[Token], end: usize) -> Option<(&'static str, usize)> {
    let (s, kind) = form(norm, tokens, end)?;
    match kind {
        TokenKind::Punct | TokenKind::Symbol if s == "%" => Some(("%", 1)),
        TokenKind::Word if s == "في" => {
            let (n, _) = form(norm, tokens, end + 1)?;
            matches!(n, "المئه" | "المائه").then_some(("%", 2))
        }
        // إلى 300 سنة 2016: the year of the count, not years counted.
        TokenKind::Word if matches!(s, "سنه" | "عام") => {
            let year = form(norm, tokens, end + 1).is_some_and(|(y, k)| {
                k == TokenKind::Number
                    && y.len() == 4
                    && plain(y, 4)
                    && (y.starts_with("19") || y.starts_with("20"))
            });
            (!year).then_some(("سنة", 1))
        }
        TokenKind::Word => unit(s).map(|u| (u, 1)),
        _ => None,
    }
}

/// A number token of several dotted parts (`192.168.1.2`): each part a number.
fn dotted(normalized: &Normalized, t: &Token, i: usize, out: &mut Vec<Number>) {
    let s = t.norm_str(normalized.as_str());
    if t.kind != TokenKind::Number
        || s.bytes().filter(|&b| b == b'.').count() < 2
        || !s.split('.').all(|p| plain(p, 0) && p.len() <= 15)
    {
        return;
    }
    let mut at = t.norm.start;
    for part in s.split('.') {
        let end = at + part.len() as u32;
        if let Ok(value) = part.parse::<f64>() {
            out.push(Number {
                span: normalized.to_original(Span::new(at, end)),
                value,
                unit: None,
                unit_span: None,
                ordinal: false,
                per: None,
                tokens: i as u32..i as u32 + 1,
            });
        }
        at = end + 1;
    }
}

/// Finds the numbers in an analysed text, in text order.
///
/// `normalized` is the search-level normalised text the tokens were cut from.
///
/// ```
/// use khabar_text::TextPipeline;
///
/// let text = "وقال إن ثلاثة آلاف وخمسمئة عسكري و٣٫٥ مليار دولار.";
/// let a = TextPipeline::default().analyze(text).unwrap();
/// let n = khabar_extract::numbers::find(&a.normalized, &a.tokens);
/// assert_eq!(n[0].value, 3500.0);
/// assert_eq!(n[0].unit, Some("عسكري"));
/// assert_eq!(n[1].value, 3.5e9);
/// assert_eq!(n[1].unit, Some("دولار"));
/// ```
pub fn find(normalized: &Normalized, tokens: &[Token]) -> Vec<Number> {
    find_impl(None, normalized, tokens)
}

/// Like [`find`], also reading the original text the analysis was made from.
///
/// Normalisation writes ى and ي alike, so [`find`] reads أولي ("preliminary": تحقيق أولي)
/// as the ordinal أولى. Where the original writes the word with ي, it is no ordinal.
///
/// ```
/// use khabar_text::TextPipeline;
///
/// let text = "فتح تحقيق أولي للمرة الأولى";
/// let a = TextPipeline::default().analyze(text).unwrap();
/// let n = khabar_extract::numbers::find_in(text, &a.normalized, &a.tokens);
/// assert_eq!(n.len(), 1);
/// assert_eq!(&text[n[0].span.range()], "الأولى");
/// ```
pub fn find_in(original: &str, normalized: &Normalized, tokens: &[Token]) -> Vec<Number> {
    find_impl(Some(original), normalized, tokens)
}

/// أولي/الأولي written with ي in the original, with no clitic but ال and not after a word in
/// ة: the adjective "preliminary" (تحقيق أولي) or the verb (أولي أهمية), not the feminine
/// ordinal, which sources that write ى as ي also have (الدورة الأولي, بأولي جولاتهما).
fn preliminary(original: &str, norm: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    matches!(t.norm_str(norm), "اولي" | "الاولي")
        && original
            .get(t.span.range())
            .is_some_and(|o| o.ends_with('\u{64A}'))
        && !i
            .checked_sub(1)
            .and_then(|k| form(norm, tokens, k))
            .is_some_and(|(w, _)| w.ends_with('ه'))
}

/// باول written so (no hamza) in the original: the name (Powell, Paul), not ب + أول, unless
/// مرة follows (باول مرة).
fn powell(original: &str, norm: &str, tokens: &[Token], i: usize) -> bool {
    original.get(tokens[i].span.range()) == Some("باول")
        && form(norm, tokens, i + 1).is_none_or(|(w, _)| w != "مره")
}

fn find_impl(original: Option<&str>, normalized: &Normalized, tokens: &[Token]) -> Vec<Number> {
    let norm = normalized.as_str();
    let mut out: Vec<Number> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some(p) = parse_at(norm, tokens, i) else {
            dotted(normalized, &tokens[i], i, &mut out);
            i += 1;
            continue;
        };
        if p.ordinal
            && p.end == p.first + 1
            && original.is_some_and(|o| {
                preliminary(o, norm, tokens, p.first) || powell(o, norm, tokens, p.first)
            })
        {
            i += 1;
            continue;
        }
        let first = &tokens[p.first];
        let last = &tokens[p.end - 1];
        let start = (first.norm.start as usize + p.clitic).min(first.norm.end as usize) as u32;
        let span = normalized.to_original(Span::new(start, last.norm.end));
        let (unit, used) = if p.percent {
            (Some("%"), 0)
        } else if p.ordinal {
            // لأول مرة, الأولى للمشروع: what an ordinal ranks is no quantity of it.
            (None, 0)
        } else {
            match unit_after(norm, tokens, p.end) {
                Some((u, n)) => (Some(u), n),
                None => (None, 0),
            }
        };
        // بنسبة 10, نسبة اثنين وعشرين: a rate with no unit after it is a percentage.
        let rate_before = unit.is_none()
            && p.first > 0
            && p.clitic == 0
            && form(norm, tokens, p.first - 1)
                .is_some_and(|(w, k)| k == TokenKind::Word && matches!(w, "نسبه" | "بنسبه"))
            && !p.ordinal;
        let unit = if rate_before { Some("%") } else { unit };
        // من 5200 إلى 3000 عسكري: the range shares its unit.
        if let Some(u) = unit
            && let Some(prev) = out.last_mut()
            && prev.unit.is_none()
            && prev.tokens.end as usize + 1 == p.first
            && let Some((w, TokenKind::Word)) = form(norm, tokens, p.first - 1)
            && matches!(w, "الي" | "و" | "حتي" | "-")
        {
            prev.unit = Some(u);
        }
        let unit_span = if rate_before {
            Some(tokens[p.first - 1].span)
        } else {
            (used > 0).then(|| {
                let (a, b) = (&tokens[p.end], &tokens[p.end + used - 1]);
                Span::new(a.span.start, b.span.end)
            })
        };
        out.push(Number {
            span,
            value: p.value,
            unit,
            unit_span,
            ordinal: p.ordinal,
            per: None,
            tokens: p.first as u32..p.end as u32,
        });
        i = p.end + used;
    }
    out
}

/// Marks the numbers that a recurring period follows as rates: مليون برميل يوميا (`P1D`), 200
/// مليون دولار سنويا, بنسبة 4% سنويا, 100 ألف دولار كل أربعة أشهر, 50 رحلة كل ساعة (`PT1H`).
/// The period must come right after the number or the unit this layer read after it (a range
/// shares its last number's rate: من 5200 إلى 3000 عسكري يوميا), and not after a conjunction
/// (وكل يوم; لكل ربع سنة is a rate); `dates` are the text's date mentions, in text order, and
/// only a recurrence that is a period (`P...`) makes a rate. `original` is the text the spans
/// index.
pub fn per_period(
    original: &str,
    numbers: &mut [Number],
    dates: &[crate::dates::DateMention],
    tokens: &[Token],
) {
    for d in dates {
        let Some(period) = d.recurrence.as_deref().filter(|r| r.starts_with('P')) else {
            continue;
        };
        let k = d.tokens.start as usize;
        // وكل يوم: a conjunction begins another clause.
        let conjunction = tokens
            .get(k)
            .and_then(|t| original.get(t.span.start as usize..d.span.start as usize))
            .is_none_or(|clitic| clitic.starts_with(['و', 'ف']));
        if conjunction {
            continue;
        }
        let Some(before) = k
            .checked_sub(1)
            .and_then(|j| tokens.get(j))
            .map(|t| t.span.end)
        else {
            continue;
        };
        // The number (or its unit) ending where the period's words begin.
        let at = numbers.partition_point(|n| n.span.start < before);
        if let Some(n) = numbers[..at].last_mut()
            && n.unit_span.map_or(n.span.end, |u| u.end.max(n.span.end)) == before
            && !n.ordinal
        {
            n.per = Some(period.to_string());
            // من 5200 إلى 3000 عسكري يوميا: the range's first number shares the unit, and so
            // the rate.
            if at >= 2 {
                let (head, tail) = numbers.split_at_mut(at - 1);
                let (first, last) = (&mut head[at - 2], &tail[0]);
                // من 2017 إلى 111.7 مليون برميل: a year, not the range's start.
                let year = first.value.fract() == 0.0
                    && (1900.0..=2100.0).contains(&first.value)
                    && last.value >= 100_000.0;
                if first.unit.is_some()
                    && first.unit == last.unit
                    && first.unit_span.is_none()
                    && first.tokens.end + 1 == last.tokens.start
                    && !year
                {
                    first.per = last.per.clone();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_text::TextPipeline;

    fn run(text: &str) -> Vec<(String, f64, Option<&'static str>)> {
        let a = TextPipeline::default().analyze(text).unwrap();
        find(&a.normalized, &a.tokens)
            .into_iter()
            .map(|n| (text[n.span.range()].to_string(), n.value, n.unit))
            .collect()
    }

    fn values(text: &str) -> Vec<f64> {
        run(text).into_iter().map(|n| n.1).collect()
    }

    #[test]
    fn maghreb_decimals() {
        // Text written for this test: the Arabic comma and Tunisian agency copy's ر.
        assert_eq!(
            values("ارتفعت الأسعار بنسبة 15،7 بالمائة وبلغ العجز 4ر402 مليون دينار"),
            [15.7, 402_400_000.0]
        );
        assert_eq!(values("بقيمة 3،7 مليار"), [3_700_000_000.0]);
        assert_eq!(values("لـ 162 ألف 548 سيارة"), [162_548.0]);
        // The year after سنة is no count of years.
        let r = run("من 756 حالة سنة 2014 الى 300 سنة 2016 وعمره 30 سنة");
        let units: Vec<_> = r.iter().map(|n| (n.1, n.2)).collect();
        // (The years themselves are numbers here; the pipeline gives them to the dates.)
        let want = [
            (756.0, Some("حالة")),
            (2014.0, None),
            (300.0, None),
            (2016.0, None),
            (30.0, Some("سنة")),
        ];
        assert_eq!(units, want);
        // A group of three is thousands; a list and a time are not decimals.
        assert_eq!(values("مبلغ 4،000 ريال"), [4000.0]);
        assert_eq!(values("الفصول 1،2،3"), [1.0, 2.0, 3.0]);
        assert_eq!(values("الساعة 06،18 بتوقيت غرينتش"), [6.0, 18.0]);
    }

    #[test]
    fn digits_in_every_script() {
        assert_eq!(
            values("بلغ 5,200 ثم ٥٬٢٠٠ ثم ٣٫٥ ثم ۱۲"),
            [5200.0, 5200.0, 3.5, 12.0]
        );
        let r = run("ارتفع بنسبة ١٠٪ و 7 بالمئة و 3 في المائة");
        assert_eq!(r[0].1, 10.0);
        assert_eq!(r[0].2, Some("%"));
        assert_eq!(r[1].2, Some("%"));
        assert_eq!(r[2].2, Some("%"));
    }

    #[test]
    fn compound_cardinals() {
        assert_eq!(values("دفع ثلاثة آلاف وخمسمئة"), [3500.0]);
        assert_eq!(values("نحو عشرة آلاف وخمسمئة شخص"), [10500.0]);
        assert_eq!(values("قرابة مليونان"), [2e6]);
        assert_eq!(values("بلغ ألفين"), [2000.0]);
        assert_eq!(values("خمسة وعشرون"), [25.0]);
        assert_eq!(values("مئة وخمسون ألفا"), [150000.0]);
        assert_eq!(values("أحد عشر لاعبا"), [11.0]);
        assert_eq!(values("اثنتا عشرة سيارة"), [12.0]);
        assert_eq!(values("ثلاث مئة"), [300.0]);
        assert_eq!(values("مليون ونصف"), [1.5e6]);
        assert_eq!(values("نصف مليون"), [5e5]);
        // The scale said again after its fraction is one number, not a second million.
        assert_eq!(values("مليون ونصف المليون"), [1.5e6]);
        assert_eq!(values("خسر مليارا ونصف المليار دولار"), [1.5e9]);
        // Digits with a scale then a fraction of it.
        assert_eq!(values("نزح 3 ملايين ونصف"), [3.5e6]);
        assert_eq!(values("نزح 3 ملايين ونصف المليون"), [3.5e6]);
        assert_eq!(values("وظف 5 آلاف ونصف الموظفين"), [5000.0, 0.5]);
        assert_eq!(values("وبثلاثة ملايين"), [3e6]);
        assert_eq!(values("مائة وواحد وستون"), [161.0]);
        assert_eq!(values("ثلاثة و عشرون"), [23.0]);
        assert_eq!(values("خمسة وربع"), [5.25]);
        assert_eq!(values("ثلاثة أخماس"), [0.6]);
        assert_eq!(values("قرأت ثلثين"), [2.0 / 3.0]);
        assert_eq!(values("سالب ٥"), [-5.0]);
    }

    #[test]
    fn ordinals_and_fractions() {
        assert_eq!(values("الثامنة والعشرين"), [28.0]);
        assert_eq!(values("الحادي عشر"), [11.0]);
        assert_eq!(values("للمرة الأولى"), [1.0]);
        assert_eq!(values("أكثر من ثلث قواتها"), [1.0 / 3.0]);
        assert_eq!(values("ربع السكان"), [0.25]);
    }

    #[test]
    fn units_and_ranges() {
        let r = run("تقلص من 5200 إلى 3000 عسكري وكلف 3.5 مليار دولار");
        assert_eq!(r[0], ("5200".to_string(), 5200.0, Some("عسكري")));
        assert_eq!(r[1], ("3000".to_string(), 3000.0, Some("عسكري")));
        assert_eq!(r[2], ("3.5 مليار".to_string(), 3.5e9, Some("دولار")));
        let r = run("ركض لعشر ثوان ثم 30 ثانية");
        assert_eq!(r[0], ("عشر".to_string(), 10.0, Some("ثانية")));
    }

    #[test]
    fn what_news_counts_is_the_unit() {
        let units = |t: &str| run(t).into_iter().map(|r| r.2).collect::<Vec<_>>();
        assert_eq!(
            units("ضم الفريق 12 لاعباً و3 مدربين، وسجل 67 هدفا في 38 مباراة"),
            [Some("لاعب"), None, Some("هدف"), Some("مباراة")]
        );
        assert_eq!(
            units("شاركت 27 دولة وحصل الحزب على 152 مقعدا بعد أن صوت له 1.2 مليون ناخب"),
            [Some("دولة"), Some("مقعد"), Some("ناخب")]
        );
        assert_eq!(
            units("قتل 358 مدنيا بينهم 40 امرأة في 5 غارات على 3 قرى"),
            [Some("مدني"), Some("امرأة"), Some("غارة"), Some("قرية")]
        );
        // A word that is no counted noun leaves the number without a unit; so does a counted
        // noun with a proclitic or the article, and an ordinal.
        assert_eq!(units("وصل إلى 1500 في الموسم"), [None]);
        assert_eq!(units("بلغ 95 للمشروع و3 المشاريع"), [None, None]);
        assert_eq!(
            units("تصافحا لأول مرة في المرحلة الأولى للمشروع"),
            [None, None]
        );
        assert_eq!(units("ارتفع 10 بالمئة"), [Some("%")]);
    }

    #[test]
    fn clitics_are_outside_the_span() {
        let r = run("وخمسة أيام");
        assert_eq!(r[0].0, "خمسة");
        assert_eq!(r[0].2, Some("يوم"));
    }

    #[test]
    fn comma_as_decimal_separator_and_grouping() {
        // A comma before groups of three is a thousands separator, otherwise a decimal one.
        assert_eq!(
            values("سعر ٤,٨ ثم 5,200 ثم ٠,٠٥ ثم 1,234,567.5"),
            [4.8, 5200.0, 0.05, 1234567.5]
        );
        assert_eq!(values("سكانها 2 345 678 نسمة"), [2345678.0]);
        assert_eq!(values("وبلغ ٣،٤٥٦،٧٨٩ ريالا"), [3456789.0]);
        // Not groups of three: separate numbers.
        assert_eq!(values("بين 12 5000"), [12.0, 5000.0]);
        assert_eq!(values("الخادم 10.0.0.7"), [10.0, 0.0, 0.0, 7.0]);
    }

    #[test]
    fn signs_points_and_slash_fractions() {
        assert_eq!(values("انخفضت إلى -٣ ثم .5"), [-3.0, 0.5]);
        // A hyphen after a word: a model's name, a score.
        assert_eq!(values("مقاتلات إف-16 وصواريخ إس-300"), [16.0, 300.0]);
        assert_eq!(values("خسر صفر-2 وتراجع (-3)"), [0.0, 2.0, -3.0]);
        assert_eq!(values("في لندن و-3,3%"), [-3.3]);
        assert_eq!(values("نحو 2/3 السكان و 1 1/2 كيلو"), [2.0 / 3.0, 1.5]);
        // A score, a day and month, and a date are not fractions or negatives.
        assert_eq!(values("فاز 4-2"), [4.0, 2.0]);
        assert_eq!(values("في 25/12"), [25.0, 12.0]);
        assert!(values("في 3/9/2020").iter().all(|v| *v >= 1.0));
    }

    #[test]
    fn number_words_inside_names_and_other_words() {
        assert!(values("قال الشيخ حمد بن جاسم آل ثاني").is_empty());
        assert!(values("في بئر السبع").is_empty());
        assert!(values("تعلمها من الألف إلى الياء").is_empty());
        assert!(values("ضبط كمية من الأسلحة وكمية أخرى").is_empty());
        assert!(values("التنوع الإثني").is_empty());
        assert_eq!(values("الأئمة الاثني عشر"), [12.0]);
        assert!(values("قال: لست متأكدا، وست هام فاز").is_empty());
        assert_eq!(values("لست سنوات وست دول لست مباريات"), [6.0, 6.0, 6.0]);
        assert_eq!(values("ثاني أكبر بائع"), [2.0]);
        assert!(values("في آن واحد، دفعة واحدة ومن جانب واحد وبصوت واحد").is_empty());
        assert!(values("سباق الفورمولا واحد").is_empty());
        assert!(values("بلغ نصف النهائي بعد ربع النهائي وثمن النهائي").is_empty());
        assert_eq!(values("بعد نصف ساعة"), [0.5]);
        assert_eq!(
            values("قال إن واحدا من كل أربعة فاز بنقطة واحدة"),
            [1.0, 4.0, 1.0]
        );
    }

    #[test]
    fn first_is_not_the_teen_ordinal() {
        // أول عشر دقائق: the first ten minutes, not the eleventh.
        assert_eq!(values("في أول عشر دقائق"), [1.0, 10.0]);
        assert_eq!(values("الحادي عشر"), [11.0]);
        assert_eq!(values("الثاني عشر"), [12.0]);
    }

    #[test]
    fn preliminary_is_no_ordinal_where_the_original_says_so() {
        let found = |text: &str| {
            let a = TextPipeline::default().analyze(text).unwrap();
            find_in(text, &a.normalized, &a.tokens)
                .into_iter()
                .map(|n| text[n.span.range()].to_string())
                .collect::<Vec<_>>()
        };
        assert!(found("بعد تحقيق أولي وتقييم أولي، قال التقييم الأولي").is_empty());
        assert!(found("أنا شخصيا أولي أهمية بالغة").is_empty());
        assert!(found("وقال جيروم باول إن").is_empty());
        assert_eq!(found("فاز بأول لقب"), ["أول"]);
        assert_eq!(found("للمرة الأولى في الأيام الأولى"), ["الأولى", "الأولى"]);
        assert_eq!(found("أولى الخطوات"), ["أولى"]);
        // Sources that write ى as ي: after a word in ة, or with a clitic, still the ordinal.
        assert_eq!(
            found("الدورة الأولي والأشهر الأربعة الأولي"),
            ["الأولي", "الأربعة", "الأولي"]
        );
        assert_eq!(found("بدأت بأولي جولاتهما"), ["أولي"]);
        // Without the original, ي and ى are one letter.
        assert_eq!(values("تحقيق أولي"), [1.0]);
    }

    #[test]
    fn digits_mixed_with_words() {
        assert_eq!(values("دفع ٧ آلاف ٢ مائة و ٣٥ دينارا"), [7235.0]);
        assert_eq!(values("نحو 5 مئة و 40 شخصا"), [540.0]);
        assert_eq!(values("قرابة 250 مائة"), [25000.0]);
        assert_eq!(values("خسر ٢ مليون و٣٠٠ ألف"), [2_300_000.0]);
        // و followed by a new number that cannot continue the first.
        assert_eq!(values("٥ آلاف و ٢,٥ مليون"), [5000.0, 2.5e6]);
        // A scale word alone, then و and digits.
        assert_eq!(values("بيع مليون و700 الف تذكرة"), [1_700_000.0]);
        assert_eq!(values("بلغ مليارا و400 مليون يورو"), [1_400_000_000.0]);
        assert_eq!(values("تبعد ألف و 100 كيلومتر"), [1100.0]);
        assert_eq!(values("مليون و5 ملايين"), [1e6, 5e6]);
    }

    #[test]
    fn fraction_words_and_phrases() {
        assert_eq!(values("سبعة وثلاثة أرباع"), [7.75]);
        assert_eq!(values("مئتان وخمسة أرباع"), [201.25]);
        assert_eq!(values("ثلاثون وأربعة أخماس"), [30.8]);
        assert_eq!(values("أربعون أخماس"), [8.0]);
        assert_eq!(values("خمسة وثلاثون سبع"), [5.0]);
        assert_eq!(values("واحد على أربعة"), [0.25]);
        assert_eq!(values("1 على 8"), [0.125]);
        assert_eq!(values("جزء من ألف"), [0.001]);
        assert_eq!(values("واحد من عشرة"), [0.1]);
        // A score is not a fraction.
        assert_eq!(values("فاز 3 على 1"), [3.0, 1.0]);
    }

    #[test]
    fn a_rate_without_unit_is_a_percentage() {
        let r = run("ارتفعت الأسعار بنسبة 12 خلال العام");
        assert_eq!((r[0].1, r[0].2), (12.0, Some("%")));
        // With its own unit it keeps it.
        assert_eq!(run("بنسبة 3 نقاط")[0].2, Some("نقطة"));
        assert_eq!(run("نسبة 5 دولارات")[0].2, Some("دولار"));
    }

    #[test]
    fn scientific_notation_and_powers() {
        assert_eq!(values("نحو 3e8 متر"), [3e8]);
        assert_eq!(values("قيمة 2.5e-3 فقط"), [2.5e-3]);
        assert_eq!(values("أي ٢^١٠ احتمالا"), [1024.0]);
        assert_eq!(values("ومنها -4e2"), [-400.0]);
        assert_eq!(values("سبعة أجزاء من خمسة"), [1.4]);
    }

    #[test]
    fn dozens_zero_and_ordinal_hundreds() {
        assert_eq!(values("اشترى أربع دزينات ونصف ثم نصف دستة"), [54.0, 6.0]);
        assert_eq!(values("النتيجة صفر"), [0.0]);
        // The first quarter is not a fraction; a season is not one either.
        assert_eq!(values("في الربع الأول"), [1.0]);
        assert_eq!(values("موسم 2017/2018"), [2017.0, 2018.0]);
        let r = run("في الذكرى المئة والثالثة والعشرين");
        assert_eq!(r[0].1, 123.0);
        assert_eq!(values("الأول والثاني"), [1.0, 2.0]);
    }

    #[test]
    fn fractions_in_construct() {
        // خمس before a definite noun is a fifth; before an indefinite plural it counts.
        assert_eq!(run("شرب خمس الحليب")[0].0, "خمس");
        assert_eq!(values("شرب خمس الحليب"), [0.2]);
        assert_eq!(values("قضى خمس سنوات"), [5.0]);
        assert_eq!(values("خسر سبع المقاعد"), [1.0 / 7.0]);
        assert_eq!(values("بعد تسع ساعات"), [9.0]);
        // A fraction of a definite number multiplies it, and fractions chain.
        assert_eq!(values("نصف المليون"), [5e5]);
        assert_eq!(values("خمس الخمسين"), [10.0]);
        assert_eq!(values("ربع خمس العشرين"), [1.0]);
        assert_eq!(values("سدس الكمية"), [1.0 / 6.0]);
        // Function words spelled with ال are not a second term.
        assert_eq!(values("خمس الى عشر"), [5.0, 10.0]);
        // The news cases stay as they were.
        assert_eq!(values("أكثر من ثلث قواتها"), [1.0 / 3.0]);
        assert_eq!(values("في الربع الأول"), [1.0]);
    }

    #[test]
    fn a_whole_number_and_a_spelled_fraction() {
        assert_eq!(values("وزنه أربعة وخمس"), [4.2]);
        assert_eq!(values("طوله ستة وثمن."), [6.125]);
        assert_eq!(values("عشرة و سبع"), [10.0 + 1.0 / 7.0]);
        // A counted plural after it: two counts (a range), not a fraction.
        assert_eq!(values("بين ثلاث وخمس سنوات"), [3.0, 5.0]);
        // An ordinal then و is a time or a list, not a fraction.
        assert_eq!(values("الرابعة وخمس"), [4.0, 5.0]);
    }

    #[test]
    fn larger_scales_and_hundreds_counted_by_tens() {
        assert_eq!(values("ألف مليار دولار"), [1e12]);
        assert_eq!(values("مئة ألف مليون"), [1e11]);
        assert_eq!(values("ثلاثة وعشرون مئة"), [2300.0]);
        assert_eq!(values("مليون وألفين وثلاثمئة"), [1_002_300.0]);
        assert_eq!(values("ألفان وخمسمئة"), [2500.0]);
        assert_eq!(values("نحو ٤,٥ مئة"), [450.0]);
    }

    #[test]
    fn spoken_decimals_and_divisions() {
        assert_eq!(values("نما ثلاثة فاصلة ستة"), [3.6]);
        assert_eq!(values("سجل اثنين فاصلة خمسة وعشرين"), [2.25]);
        assert_eq!(values("قرابة أربعمئة فاصلة سبعة من مئة"), [400.07]);
        assert_eq!(values("ناقص ستة فاصلة خمسة"), [-6.5]);
        // Parts after a compound: the whole number, then hundredths.
        assert_eq!(values("ثلاثمئة وسبعة أجزاء من مئة"), [300.07]);
        assert_eq!(values("ستة أجزاء من ثمانية"), [0.75]);
        // A large count over a small one at the end of a phrase is a division; a score is not.
        assert_eq!(values("الناتج 3000 على 4"), [750.0]);
        assert_eq!(values("فاز 98 على 95."), [98.0, 95.0]);
        assert_eq!(values("وزع 3000 على 4 مدارس"), [3000.0, 4.0]);
        assert_eq!(values("ناقص ثمانين على عشرة"), [-8.0]);
        // One in a number: a rate; one per cent is a percentage.
        assert_eq!(values("احتمال واحد في الألف"), [0.001]);
        assert_eq!(values("1 في 50"), [0.02]);
        let r = run("زاد واحدا في المئة");
        assert_eq!((r[0].1, r[0].2), (1.0, Some("%")));
        let r = run("ارتفع واحد في المئة");
        assert_eq!((r[0].1, r[0].2), (1.0, Some("%")));
    }

    #[test]
    fn percent_words_alone_are_not_numbers() {
        assert!(values("يقاس بالمئة").is_empty());
        assert!(values("ويحسب في المائة").is_empty());
        assert_eq!(values("الذكرى المئة"), [100.0]);
    }

    #[test]
    fn never_panics_on_odd_tokens() {
        for t in [
            "",
            "،",
            "..5",
            "1.2.3",
            "ووو",
            "ال",
            "لل",
            "%",
            "٫٫",
            "-",
            "-.",
            "./",
            "1/0",
            "0/0",
            "1 ،",
            "1،",
            "1،2",
            "٣ مئة و",
            "و و",
            "جزء من",
            "واحد على",
            "- - 1",
            "1.2.3.4.5.6",
        ] {
            let _ = run(t);
        }
    }
}
