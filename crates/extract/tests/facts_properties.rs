//! Property tests: the number, date and quote extractors never panic on any input, and every
//! span they report lies inside the text, on character boundaries, in order.

use jiff::civil::Date;
use khabar_extract::{dates, numbers, quotes};
use khabar_text::TextPipeline;
use proptest::prelude::*;

/// Texts made of the extractors' own vocabulary (number words, month names, weekdays, speech
/// verbs, quotation marks, digits in three scripts with separators) and random characters, so
/// that the parsers' paths are exercised often.
fn facts_text() -> impl Strategy<Value = String> {
    let words = vec![
        "ثلاثة",
        "آلاف",
        "وخمسمئة",
        "مليون",
        "ونصف",
        "عشر",
        "عشرة",
        "أحد",
        "الحادي",
        "والعشرين",
        "الثامنة",
        "ثلث",
        "نصف",
        "مليار",
        "دولار",
        "بالمئة",
        "في",
        "المئة",
        "من",
        "إلى",
        "العاشر",
        "اكتوبر",
        "المقبل",
        "الماضي",
        "كانون",
        "الثاني",
        "جانفي",
        "آب",
        "عام",
        "العام",
        "الجمعة",
        "يوم",
        "أمس",
        "اليوم",
        "غدا",
        "قبل",
        "منذ",
        "بعد",
        "ايام",
        "يومين",
        "الساعة",
        "عصرا",
        "مطلع",
        "هذا",
        "الأسبوع",
        "الشهر",
        "قال",
        "وأضاف",
        "أن",
        "بلينكن",
        "شهر",
        "رمضان",
        "1442",
        "هـ",
        "ذي",
        "الحجة",
        "ربيع",
        "/",
        "-",
        "5,200",
        "٥٬٢٠٠",
        "٣٫٥",
        "2020",
        "31",
        "0",
        "99999999999999999999",
        "10%",
        "١٠٪",
        "\"",
        "«",
        "»",
        "“",
        "”",
        ".",
        "\n",
        "\n\n",
        ":",
        "،",
    ];
    prop::collection::vec(
        prop_oneof![
            6 => prop::sample::select(words).prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..=40,
    )
    .prop_map(|v| v.join(" "))
}

fn check_span(text: &str, span: khabar_text::Span) -> Result<(), TestCaseError> {
    prop_assert!(span.start <= span.end && span.end as usize <= text.len());
    prop_assert!(text.is_char_boundary(span.start as usize));
    prop_assert!(text.is_char_boundary(span.end as usize));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn extractors_never_panic_and_spans_are_valid(text in facts_text(), day in 0i64..200_000) {
        let a = TextPipeline::default().analyze(&text).unwrap();
        let reference = Date::MIN
            .checked_add(jiff::Span::new().days(day * 17))
            .unwrap_or(Date::MAX);
        for r in [Some(reference), Some(Date::MIN), Some(Date::MAX), None] {
            let mut prev = 0;
            for d in dates::find(&a.normalized, &a.tokens, r) {
                check_span(&text, d.span)?;
                prop_assert!(d.span.start >= prev);
                prev = d.span.end;
            }
        }
        let mut prev = 0;
        for n in numbers::find(&a.normalized, &a.tokens) {
            check_span(&text, n.span)?;
            prop_assert!(n.value.is_finite());
            prop_assert!(n.span.start >= prev);
            prev = n.span.end;
        }
        for q in quotes::find(&text, a.normalized.as_str(), &a.tokens, &[]) {
            check_span(&text, q.span)?;
            prop_assert!(!q.span.is_empty());
            if let Some(s) = q.speaker {
                check_span(&text, s.span)?;
            }
        }
    }
}
