//! The key names are compared by: the skeleton (no marks, tatweel or invisible characters;
//! hamza-on-alef and final ya folded, see [`khabar_morph::skeleton`]) with ta marbuta folded to
//! ha as well, since news text writes حكومة and حكومه alike. Latin letters are lower-cased.

use khabar_morph::skeleton::{fold, is_ignorable};

/// Appends the key of `word` to `out`.
#[inline]
pub fn push_key(word: &str, out: &mut String) {
    for c in word.chars() {
        if is_ignorable(c) {
            continue;
        }
        match fold(c) {
            'ة' => out.push('ه'),
            c if c.is_ascii_uppercase() => out.push(c.to_ascii_lowercase()),
            c => out.push(c),
        }
    }
}

/// The key of `word` (a word or a multi-word name: spaces are kept, runs collapsed).
pub fn key(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for (i, w) in word.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_key(w, &mut out);
    }
    out
}

/// A per-thread memo of a test on words (see [`memoised`]).
pub(crate) type Memo = std::cell::RefCell<khabar_morph::WordMemo<bool>>;

/// A new [`Memo`], for a `thread_local!`.
pub(crate) const fn memo() -> Memo {
    std::cell::RefCell::new(khabar_morph::WordMemo::new(15))
}

/// `test(w)`, remembered in `memo` (a `thread_local!`): for tests that try several clitic
/// readings of a word against many forms, as news text repeats its words.
pub(crate) fn memoised(
    memo: &'static std::thread::LocalKey<Memo>,
    w: &str,
    test: impl FnOnce(&str) -> bool,
) -> bool {
    memo.with(|seen| match seen.try_borrow_mut() {
        Ok(mut seen) => seen.get_or_insert_with(w, test),
        Err(_) => test(w),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_spellings() {
        assert_eq!(key("الخارجيّة"), key("الخارجيه"));
        assert_eq!(key("إيران"), "ايران");
        assert_eq!(key("  فؤاد   حسين "), "فؤاد حسين");
        assert_eq!(key("مصطفى"), "مصطفي");
    }
}
