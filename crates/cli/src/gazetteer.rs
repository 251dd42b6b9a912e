//! Named-entity gazetteers: person, location and organisation names in Arabic script, read
//! from the third-party lists under `shared/data/gazetteers`.
//!
//! Sources (each read in its own format):
//! - `anergazet/Aligned{Pers,Loc,Org}Gazetteer.txt`: one name a line, UTF-8, with `****`,
//!   `====`, `*` and `-` separator lines between groups;
//! - `anetac/EN-AR NE/*`: `CLASS English Arabic` lines;
//! - `cldr-and-countries/`: CLDR territory names, `i18n-iso-countries` and `world-countries`
//!   (Arabic country names, with the English name where the file has one);
//! - `geonames-cities/cities1000-arabic-script.jsonl.gz`: one city a line, with its
//!   Arabic-script alternate names (Arabic, but also Persian, Urdu, Pashto, Kurdish, Uyghur...).
//!
//! Only Arabic spellings are kept: a name must consist of Arabic letters (plus harakat, tatweel,
//! spaces and punctuation). Names with Latin or other foreign letters, digits, or letters of the
//! Arabic script that Arabic itself does not use (پ چ ژ گ ک ی ے ۀ ہ ھ ٹ ڈ ...) are skipped, as
//! are empty entries and malformed lines.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::{Context, Result, bail};
use flate2::read::MultiGzDecoder;
use serde_json::Value;

/// Which gazetteer list a name came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NameClass {
    /// A person's name (given name, family name or full name).
    Person,
    /// A place: country, region, city, geographic feature.
    Location,
    /// An organisation: agency, newspaper, party, company...
    Organization,
}

/// One name: its Arabic surface form (as written in the source, trimmed, internal whitespace
/// collapsed to one space), its class, and the Latin form if the source gives one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The Arabic spelling, harakat and tatweel kept as the source writes them.
    pub arabic: String,
    /// The list the name came from.
    pub class: NameClass,
    /// The Latin (English) form, when the source pairs one with the Arabic.
    pub latin: Option<String>,
    /// From a hand-made list (country names, ANERGazet), not an automatic one (ANETAC's
    /// aligned pairs, GeoNames' alternate names, which include common words).
    pub curated: bool,
}

/// Reads every gazetteer under `dir` (normally `../shared/data/gazetteers`) and returns the
/// names, deduplicated on (`arabic`, `class`), sorted by `arabic` (code point order), then
/// `class`.
///
/// When sources disagree on the Latin form of a duplicate, the first one met wins, in the
/// order world-countries, GeoNames (most populous city first), ANETAC (the CLDR territory
/// names, i18n-iso-countries and anergazet have none); a missing Latin form never replaces a
/// present one.
///
/// # Errors
///
/// If `dir` or any expected file or folder under it is missing or cannot be read or decoded
/// (a JSON file that does not parse, a corrupt gzip stream); the message names the path.
/// Individual malformed lines or entries are skipped.
pub fn load_names(dir: &Path) -> Result<Vec<Name>> {
    if !dir.is_dir() {
        bail!("gazetteer folder {} not found", dir.display());
    }
    // The order decides which Latin form a duplicate keeps: curated country names first, then
    // cities (most populous first), then ANETAC's automatically aligned pairs.
    let mut names = Vec::new();
    let cldr = dir.join("cldr-and-countries");
    read_world_countries(&cldr.join("world-countries.countries.json"), &mut names)?;
    read_cldr_territories(&cldr.join("territories.ar.json"), &mut names)?;
    read_iso_countries(&cldr.join("i18n-iso-countries.ar.json"), &mut names)?;
    read_geonames(
        &dir.join("geonames-cities")
            .join("cities1000-arabic-script.jsonl.gz"),
        &mut names,
    )?;
    read_anetac(&dir.join("anetac").join("EN-AR NE"), &mut names)?;
    read_anergazet(&dir.join("anergazet"), &mut names)?;
    Ok(dedup(names))
}

/// Merges duplicates on (`arabic`, `class`), keeping the first Latin form met.
fn dedup(names: Vec<Name>) -> Vec<Name> {
    let mut merged: BTreeMap<(String, NameClass), (Option<String>, bool)> = BTreeMap::new();
    for name in names {
        match merged.entry((name.arabic, name.class)) {
            Entry::Vacant(e) => {
                e.insert((name.latin, name.curated));
            }
            Entry::Occupied(mut e) => {
                let (latin, curated) = e.get_mut();
                if latin.is_none() {
                    *latin = name.latin;
                }
                *curated |= name.curated;
            }
        }
    }
    merged
        .into_iter()
        .map(|((arabic, class), (latin, curated))| Name {
            arabic,
            class,
            latin,
            curated,
        })
        .collect()
}

/// Adds a name if its Arabic form passes [`clean_arabic`]; otherwise drops it.
fn push(out: &mut Vec<Name>, arabic: &str, class: NameClass, latin: Option<&str>, curated: bool) {
    if let Some(arabic) = clean_arabic(arabic) {
        let latin = latin.map(collapse_whitespace).filter(|l| !l.is_empty());
        out.push(Name {
            arabic,
            class,
            latin,
            curated,
        });
    }
}

/// The anergazet lists: one name a line. Lines without an Arabic letter (the `****`, `====`,
/// `*`, `-` group separators) are dropped by [`clean_arabic`].
fn read_anergazet(dir: &Path, out: &mut Vec<Name>) -> Result<()> {
    for (file, class) in [
        ("AlignedPersGazetteer.txt", NameClass::Person),
        ("AlignedLocGazetteer.txt", NameClass::Location),
        ("AlignedOrgGazetteer.txt", NameClass::Organization),
    ] {
        for line in read_lines(&dir.join(file))? {
            push(out, &line, class, None, true);
        }
    }
    Ok(())
}

/// ANETAC's EN-AR named entities: `PERSON|LOCATION|ORGANIZATION English Arabic` a line,
/// space-separated. Every line in the published file has exactly three fields; should a name
/// ever have several words, the English part is the leading run of words without Arabic
/// letters and the rest is the Arabic part.
fn read_anetac(dir: &Path, out: &mut Vec<Name>) -> Result<()> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("reading {}", dir.display()))?
            .path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if path.is_file() && !hidden {
            files.push(path);
        }
    }
    if files.is_empty() {
        bail!("no named-entity files in {}", dir.display());
    }
    files.sort();
    for path in files {
        for line in read_lines(&path)? {
            let mut words = line.split_whitespace();
            let class = match words.next() {
                Some("PERSON") => NameClass::Person,
                Some("LOCATION") => NameClass::Location,
                Some("ORGANIZATION") => NameClass::Organization,
                _ => continue, // blank or malformed line
            };
            let words: Vec<&str> = words.collect();
            let split = words
                .iter()
                .position(|w| w.chars().any(is_arabic_letter))
                .unwrap_or(words.len());
            let (latin, arabic) = words.split_at(split);
            let (arabic, latin) = (arabic.join(" "), latin.join(" "));
            push(out, &arabic, class, fitting(&arabic, &latin), false);
        }
    }
    Ok(())
}

/// CLDR `localeDisplayNames.territories`: code → Arabic name, with `-alt-short` and
/// `-alt-variant` keys for other spellings. No English names in this file.
fn read_cldr_territories(path: &Path, out: &mut Vec<Name>) -> Result<()> {
    // Codes that are not places: the world as a whole (العالم is a common word), unions,
    // the UN, pseudo-locales, the unknown region.
    const NOT_PLACES: [&str; 7] = ["001", "EU", "EZ", "UN", "XA", "XB", "ZZ"];
    let json = read_json(path)?;
    let Some(territories) = json
        .pointer("/main/ar/localeDisplayNames/territories")
        .and_then(Value::as_object)
    else {
        bail!(
            "{}: no main.ar.localeDisplayNames.territories",
            path.display()
        );
    };
    for (code, name) in territories {
        let base = code.split("-alt-").next().unwrap_or(code);
        if let Some(name) = name.as_str()
            && !NOT_PLACES.contains(&base)
        {
            push(out, name, NameClass::Location, None, true);
        }
    }
    Ok(())
}

/// `i18n-iso-countries`: `countries` maps ISO codes to a name or a list of names.
fn read_iso_countries(path: &Path, out: &mut Vec<Name>) -> Result<()> {
    let json = read_json(path)?;
    let Some(countries) = json.get("countries").and_then(Value::as_object) else {
        bail!("{}: no `countries` object", path.display());
    };
    for names in countries.values() {
        let names = match names {
            Value::Array(names) => names.as_slice(),
            single => std::slice::from_ref(single),
        };
        for name in names.iter().filter_map(Value::as_str) {
            push(out, name, NameClass::Location, None, true);
        }
    }
    Ok(())
}

/// `world-countries`: an array of countries, each with the English `name.common` and
/// `name.official`, the Arabic `translations.ara.{common,official}` and, for Arabic-speaking
/// countries, `name.native.ara.{common,official}`. Other native names (Persian, Kurdish...) are
/// not read.
fn read_world_countries(path: &Path, out: &mut Vec<Name>) -> Result<()> {
    let json = read_json(path)?;
    let Some(countries) = json.as_array() else {
        bail!("{}: not an array of countries", path.display());
    };
    for country in countries {
        for form in ["common", "official"] {
            let english = country
                .get("name")
                .and_then(|n| n.get(form))
                .and_then(Value::as_str);
            for arabic in ["/translations/ara", "/name/native/ara"] {
                if let Some(name) = country
                    .pointer(arabic)
                    .and_then(|a| a.get(form))
                    .and_then(Value::as_str)
                {
                    push(out, name, NameClass::Location, english, true);
                }
            }
        }
    }
    Ok(())
}

/// GeoNames cities (population ≥ 1000): one JSON object a line with the Latin `name` and
/// `arabic_script_names`. Most of those names are Persian, Urdu, Pashto, Kurdish or Uyghur;
/// [`clean_arabic`] keeps the Arabic ones.
fn read_geonames(path: &Path, out: &mut Vec<Name>) -> Result<()> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut reader = BufReader::new(MultiGzDecoder::new(file));
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .with_context(|| format!("reading {}", path.display()))?;
        if n == 0 {
            break;
        }
        let Ok(city) = serde_json::from_slice::<Value>(&line) else {
            continue; // malformed line
        };
        let latin = city.get("name").and_then(Value::as_str);
        let population = city.get("population").and_then(Value::as_u64).unwrap_or(0);
        let Some(names) = city.get("arabic_script_names").and_then(Value::as_array) else {
            continue;
        };
        for name in names.iter().filter_map(Value::as_str) {
            // "مدينة، ولاية" are disambiguated article titles, not names as written in text.
            if !name.contains(['،', ',']) {
                // A town's Latin name is only the Latin form of those of its Arabic-script
                // names that spell it: an alternate name can be another place's (صلاح الدين,
                // the Iraqi province, is an alternate name of the town Pīrmām). A large
                // city's names are its own, exonyms included (الدار البيضاء, Casablanca).
                let latin = latin.filter(|&l| population >= BIG_CITY || latin_fits(name, l));
                push(out, name, NameClass::Location, latin, false);
            }
        }
    }
    Ok(())
}

/// A population from which a city's Latin name is taken for all its Arabic-script names,
/// whether they spell it or not (Hebron for الخليل, 160,470).
const BIG_CITY: u64 = 100_000;

/// `latin` if it can be a romanisation of `arabic` (see [`latin_fits`]).
fn fitting<'a>(arabic: &str, latin: &'a str) -> Option<&'a str> {
    latin_fits(arabic, latin).then_some(latin)
}

/// Coarse consonant classes that romanisation keeps: labials, dentals, velars and ج,
/// sibilants, ل, ر, م, ن. Vowels, ا و ي ء, ه ح ع (often dropped or written as vowels) have
/// none.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Consonant {
    Labial,
    Dental,
    Velar,
    Sibilant,
    L,
    R,
    M,
    N,
}

/// The consonant classes of an Arabic name, without the article ال of its words.
fn arabic_consonants(arabic: &str) -> Vec<Consonant> {
    use Consonant::*;
    let mut out = Vec::new();
    for w in arabic.split_whitespace() {
        let w = match w.strip_prefix("ال") {
            Some(rest) if rest.chars().count() >= 2 => rest,
            _ => w,
        };
        for c in w.chars() {
            let class = match c {
                'ب' | 'ف' | 'ڤ' => Labial,
                'ت' | 'ط' | 'ث' | 'د' | 'ض' | 'ذ' | 'ظ' => Dental,
                'ج' | 'ك' | 'ق' | 'خ' | 'غ' | 'ڨ' => Velar,
                'س' | 'ص' | 'ز' | 'ش' => Sibilant,
                'ل' => L,
                'ر' => R,
                'م' => M,
                'ن' => N,
                _ => continue,
            };
            out.push(class);
        }
    }
    out.dedup();
    out
}

/// The consonant classes of a Latin name: diacritics dropped, digraphs (sh, kh, th, ph...)
/// read as one consonant, the article (al-, el-, ad-...) left out.
fn latin_consonants(latin: &str) -> Vec<Consonant> {
    use Consonant::*;
    use unicode_normalization::UnicodeNormalization;
    let plain: String = latin
        .nfd()
        .filter(char::is_ascii)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut out = Vec::new();
    for w in plain.split(|c: char| c.is_whitespace() || c == '\'') {
        if matches!(w, "al" | "el") {
            continue;
        }
        const ARTICLES: [&str; 11] = [
            "al", "el", "ad", "as", "ash", "at", "ar", "an", "az", "adh", "ath",
        ];
        let w = match w.split_once('-') {
            Some((article, rest)) if ARTICLES.contains(&article) => rest,
            _ => w,
        };
        let b = w.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let rest = &b[i..];
            let digraph = [
                (&b"sch"[..], Sibilant),
                (b"tch", Sibilant),
                (b"sh", Sibilant),
                (b"ch", Sibilant),
                (b"zh", Sibilant),
                (b"ts", Sibilant),
                (b"kh", Velar),
                (b"gh", Velar),
                (b"ck", Velar),
                (b"dj", Velar),
                (b"th", Dental),
                (b"dh", Dental),
                (b"ph", Labial),
            ]
            .into_iter()
            .find(|(d, _)| rest.starts_with(d));
            if let Some((d, class)) = digraph {
                out.push(class);
                i += d.len();
                continue;
            }
            match b[i] {
                b'b' | b'p' | b'f' | b'v' => out.push(Labial),
                b't' | b'd' => out.push(Dental),
                b'j' | b'g' | b'k' | b'q' | b'c' => out.push(Velar),
                b'x' => out.extend([Velar, Sibilant]),
                b's' | b'z' => out.push(Sibilant),
                b'l' => out.push(L),
                b'r' => out.push(R),
                b'm' => out.push(M),
                b'n' => out.push(N),
                _ => {}
            }
            i += 1;
        }
    }
    out.dedup();
    out
}

/// True when `latin` can be a romanisation of `arabic`: their consonants (coarse classes, in
/// order) mostly agree. Bagdad and Baghdad fit بغداد, Coronna fits كورونا; Pīrmām does not
/// fit صلاح الدين, nor Wādī Mūsá بترا. Used to keep the automatic lists' Latin forms only where
/// they spell the Arabic (an exonym such as Hebron for الخليل is lost; the hand-made lists
/// give those).
pub fn latin_fits(arabic: &str, latin: &str) -> bool {
    let (a, l) = (arabic_consonants(arabic), latin_consonants(latin));
    let shorter = a.len().min(l.len());
    if shorter == 0 {
        // Nothing to compare (هاواي, Hawaii): only one consonant at most on the other side.
        return a.len().max(l.len()) <= 1;
    }
    // Longest common subsequence.
    let mut row = vec![0usize; l.len() + 1];
    for &x in &a {
        let mut diag = 0;
        for (j, &y) in l.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    let common = row[l.len()];
    // At least half of the shorter side's consonants, more than half from three on.
    2 * common >= shorter + usize::from(shorter > 2)
}

/// Reads a UTF-8 text file's lines (without `\n` or `\r\n`); lines that are not valid UTF-8
/// are dropped.
fn read_lines(path: &Path) -> Result<Vec<String>> {
    let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(bytes
        .split(|&b| b == b'\n')
        .filter_map(|line| std::str::from_utf8(line.strip_suffix(b"\r").unwrap_or(line)).ok())
        .map(str::to_owned)
        .collect())
}

/// Reads and parses a whole JSON file.
fn read_json(path: &Path) -> Result<Value> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    serde_json::from_reader(BufReader::new(file))
        .with_context(|| format!("parsing {}", path.display()))
}

/// The name in canonical spacing, or `None` if it is not an Arabic spelling: empty, without an
/// Arabic letter, or with a character that is neither an Arabic letter or mark, nor whitespace,
/// nor punctuation (a Latin or other foreign letter, a digit, a Persian/Urdu letter, ZWNJ...).
fn clean_arabic(raw: &str) -> Option<String> {
    // Byte-order marks and bidi controls are invisible artefacts of how the lists were made
    // (a BOM mid-file in anergazet, LRMs in GeoNames), not part of the spelling.
    let visible: String = raw.chars().filter(|&c| !is_invisible_format(c)).collect();
    let name = collapse_whitespace(&visible);
    let valid = name.chars().any(is_arabic_letter)
        && name
            .chars()
            .all(|c| is_arabic_letter(c) || is_arabic_mark(c) || c == ' ' || is_punctuation(c));
    valid.then_some(name)
}

/// Trims and collapses runs of whitespace (any Unicode whitespace) to one space.
fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Letters of Arabic spelling: hamza to ghain, feh to yeh, alef wasla, and the veh (ڤ) and
/// three-dot qaf (ڨ) used for v and g in Arabic. The other Arabic-script letters (پ چ ژ گ ک ی
/// ے ۀ ہ ھ ٹ ڈ ڭ ە ...) belong to Persian, Urdu, Kurdish, Uyghur, Pashto..., and presentation
/// forms are not text.
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | 'ٱ' | 'ڤ' | 'ڨ')
}

/// Harakat (fathatan to hamza below), superscript alef, and tatweel.
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0655}' | '\u{0670}' | '\u{0640}')
}

/// Punctuation that may appear inside a name: ASCII punctuation (`بي . أس . في`, hyphens,
/// parentheses) and its Arabic and typographic counterparts.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '،' | '؛' | '؟' | '‘' | '’' | '“' | '”' | '«' | '»' | '–' | '—'
        )
}

/// Byte-order mark / zero-width no-break space, soft hyphen, and directional marks and
/// embeddings. ZWNJ and ZWJ are not here: they are part of Persian spelling, so a name with
/// one is rejected rather than cleaned.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}' | '\u{00AD}' | '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn data_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/gazetteers")
    }

    #[test]
    fn clean_arabic_keeps_arabic_spellings_only() {
        assert_eq!(
            clean_arabic("  \u{FEFF}الولايات   المتحدة\t"),
            Some("الولايات المتحدة".into())
        );
        assert_eq!(clean_arabic("بي . أس . في"), Some("بي . أس . في".into()));
        assert_eq!(clean_arabic("جـونـي"), Some("جـونـي".into()));
        assert_eq!(clean_arabic("نوّاف"), Some("نوّاف".into()));
        assert_eq!(clean_arabic("ڤالمة"), Some("ڤالمة".into()));
        for bad in [
            "",
            "   ",
            "****",
            "-",
            "جبل فوجي كي 2",
            "bەghdad",
            "شن\u{200C}ژن",
            "شنگهای",
            "بیجنگ",
            "پکن",
            "شنگھائی",
            "بغداد٢",
            "ﻓﻠﺴﻄﻴﻦ",
        ] {
            assert_eq!(clean_arabic(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn latin_forms_must_spell_the_arabic() {
        for (arabic, latin) in [
            ("بلينكن", "Blynken"),
            ("بغداد", "Baghdad"),
            ("القاهرة", "Cairo"),
            ("واشنطن", "Washington"),
            ("الرياض", "Riyadh"),
            ("دمشق", "Damascus"),
            ("اسطنبول", "İstanbul"),
            ("العين", "Al Ain"),
            ("هاواي", "Hawaii"),
            ("الموصل", "Al-Mawṣil"),
        ] {
            assert!(latin_fits(arabic, latin), "{arabic} {latin}");
        }
        for (arabic, latin) in [
            ("صلاح الدين", "Pīrmām"),
            ("بترا", "Wādī Mūsá"),
            ("الدار البيضاء", "Casablanca"),
            ("ساوه", "Arāk"),
        ] {
            assert!(!latin_fits(arabic, latin), "{arabic} {latin}");
        }
        assert_eq!(fitting("بيروت", "Beirut"), Some("Beirut"));
        assert_eq!(fitting("بيروت", "Damascus"), None);
    }

    #[test]
    fn dedup_keeps_first_latin_and_sorts() {
        let name = |arabic: &str, class, latin: Option<&str>| Name {
            arabic: arabic.into(),
            class,
            latin: latin.map(Into::into),
            curated: false,
        };
        let names = dedup(vec![
            name("عمان", NameClass::Location, None),
            name("عمان", NameClass::Location, Some("Oman")),
            name("عمان", NameClass::Location, Some("Amman")),
            name("عمان", NameClass::Organization, None),
            name("بغداد", NameClass::Location, Some("Baghdad")),
        ]);
        assert_eq!(
            names,
            vec![
                name("بغداد", NameClass::Location, Some("Baghdad")),
                name("عمان", NameClass::Location, Some("Oman")),
                name("عمان", NameClass::Organization, None),
            ]
        );
    }

    #[test]
    fn missing_folder_is_an_error_naming_it() {
        let dir = Path::new("/nonexistent/gazetteers");
        let err = load_names(dir).unwrap_err();
        assert!(
            format!("{err:#}").contains("/nonexistent/gazetteers"),
            "{err:#}"
        );
    }

    #[test]
    fn loads_the_shared_gazetteers() {
        let dir = data_dir();
        if !dir.is_dir() {
            eprintln!("skipping: gazetteer folder {} absent", dir.display());
            return;
        }
        let names = load_names(&dir).unwrap();
        let has =
            |arabic: &str, class| names.iter().any(|n| n.arabic == arabic && n.class == class);
        for place in ["واشنطن", "بغداد", "العراق"] {
            assert!(has(place, NameClass::Location), "{place}");
        }
        assert!(has("إيران", NameClass::Location) || has("ايران", NameClass::Location));
        assert!(has("فيصل", NameClass::Person));
        // A town's alternate name that is another place's keeps no Latin form; a large
        // city's exonym is kept.
        let latin = |arabic: &str| {
            names
                .iter()
                .find(|n| n.arabic == arabic && n.class == NameClass::Location)
                .and_then(|n| n.latin.clone())
        };
        assert_ne!(latin("صلاح الدين").as_deref(), Some("Pīrmām"));
        assert_eq!(latin("الدار البيضاء").as_deref(), Some("Casablanca"));
        assert!(names.len() > 10_000, "{} names", names.len());
        // Sorted and unique on (arabic, class).
        assert!(
            names
                .windows(2)
                .all(|w| (&w[0].arabic, w[0].class) < (&w[1].arabic, w[1].class))
        );
        assert!(
            names
                .iter()
                .all(|n| clean_arabic(&n.arabic).as_deref() == Some(&*n.arabic))
        );
    }
}
