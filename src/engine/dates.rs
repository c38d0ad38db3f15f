//! Months named with their year, in questions and in facts: "May 2018", "31 de mayo de 2018".
//!
//! Word matching sees "may" and "2018" as two unrelated words, and 2018 is in the answer of
//! every fact that mentions a visit that year. "Which president went to NATO in May 2018?" asks
//! for the fact dated May 2018, not the one that lists every president's visit. So a month
//! named with its year becomes one term (`@2018-05`), held strongly by the fact dated then and
//! more weakly by a fact whose answer names that month, and weighed like any other word: rare
//! months tell facts apart, a month with many events does not.

use crate::knowledge::FactDate;

/// Prefix of month terms ("@2018-05"); never collides with words, aliases or intents.
pub const MONTH_MARK: char = '@';

/// Month names and common abbreviations, folded (lowercase, no accents), English and Spanish.
#[rustfmt::skip]
const MONTHS: &[(&str, u8)] = &[
    ("january", 1), ("jan", 1), ("enero", 1), ("ene", 1),
    ("february", 2), ("feb", 2), ("febrero", 2),
    ("march", 3), ("mar", 3), ("marzo", 3),
    ("april", 4), ("apr", 4), ("abril", 4), ("abr", 4),
    ("may", 5), ("mayo", 5),
    ("june", 6), ("jun", 6), ("junio", 6),
    ("july", 7), ("jul", 7), ("julio", 7),
    ("august", 8), ("aug", 8), ("agosto", 8), ("ago", 8),
    ("september", 9), ("sept", 9), ("sep", 9), ("septiembre", 9), ("setiembre", 9),
    ("october", 10), ("oct", 10), ("octubre", 10),
    ("november", 11), ("nov", 11), ("noviembre", 11),
    ("december", 12), ("dec", 12), ("diciembre", 12), ("dic", 12),
];

/// Words allowed between a month and its year: "31 de mayo de 2018", "May 31, 2018".
const LINKS: &[&str] = &["de", "del", "of", "in"];

/// The term of a month: `@2018-05`.
pub fn month_term(year: u16, month: u8) -> String {
    format!("{MONTH_MARK}{year:04}-{month:02}")
}

/// The month term of a fact's date, when the date is at least as precise as a month.
pub fn date_term(date: &FactDate) -> Option<String> {
    date.month.map(|month| month_term(date.year, month))
}

/// Every month named with its year in `text`, in order, without repeats. A month word without
/// a year ("may", "marzo") names nothing: "may" is mostly a verb. Case is ignored; no month name
/// carries an accent, so the text need not be folded. Years are looked for first, so a text
/// without one is read once, eight bytes at a time, and never split into words.
pub fn months_named(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (start, year) in years_in(text) {
        // Back from the year over a day and linking words to the month:
        // "May 2018", "May 31, 2018", "31 de mayo de 2018".
        for earlier in text[..start]
            .rsplit(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(4)
        {
            if let Some(month) = month_of(earlier) {
                let term = month_term(year, month);
                if !found.contains(&term) {
                    found.push(term);
                }
                break;
            }
            if !(is_day(earlier) || LINKS.iter().any(|l| l.eq_ignore_ascii_case(earlier))) {
                break;
            }
        }
    }
    found
}

/// The years of `text` (see `year_of`) where it is split into words at every character that is
/// not alphanumeric, with the byte each starts at, in order.
///
/// A reload reads a million answers and questions, most of them without a single digit: runs
/// of four ASCII digits are found in the bytes, and only those are checked for what surrounds
/// them, rather than splitting every text into words to try each.
pub(crate) fn years_in(text: &str) -> impl Iterator<Item = (usize, u16)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(start) = next_digit(bytes, i) {
            i = start;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            // A word of its own: no letter or other digit (of any script) next to the run.
            let apart = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
            if i - start == 4
                && apart(text[..start].chars().next_back())
                && apart(text[i..].chars().next())
            {
                if let Some(year) = year_of(&text[start..i]) {
                    return Some((start, year));
                }
            }
        }
        None
    })
}

/// Where the first ASCII digit of `bytes` from `from` on is. Eight bytes are tried at once: a
/// byte is a digit when its low seven bits are 0x30 to 0x39 and its high bit is clear.
fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    const LOW: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let mut i = from;
    while let Some(eight) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        let low = x & !HIGH;
        let at_least_0 = low + LOW * (0x80 - u64::from(b'0'));
        let at_most_9 = LOW * (0x80 + u64::from(b'9')) - low;
        let digits = at_least_0 & at_most_9 & !x & HIGH;
        if digits != 0 {
            return Some(i + digits.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| i + p)
}

/// The month a month name or abbreviation stands for (1–12), ignoring case.
pub fn month_of(word: &str) -> Option<u8> {
    MONTHS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|&(_, month)| month)
}

/// The month a short form names ("feb", "sept", "dic"), written out in English and in Spanish;
/// None for a word that is not one. "mar" (Spanish for sea) and "ago" ("years ago") are left
/// alone: they are words first.
pub fn month_written_out(word: &str) -> Option<[&'static str; 2]> {
    const SHORT: &[&str] = &[
        "jan", "ene", "feb", "apr", "abr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "dic",
    ];
    const NAMES: [[&str; 2]; 12] = [
        ["january", "enero"],
        ["february", "febrero"],
        ["march", "marzo"],
        ["april", "abril"],
        ["may", "mayo"],
        ["june", "junio"],
        ["july", "julio"],
        ["august", "agosto"],
        ["september", "septiembre"],
        ["october", "octubre"],
        ["november", "noviembre"],
        ["december", "diciembre"],
    ];
    if !SHORT.contains(&word) {
        return None;
    }
    month_of(word).map(|m| NAMES[usize::from(m - 1)])
}

fn is_day(word: &str) -> bool {
    word.len() <= 2 && word.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

/// The year a word of four digits names, 1900–2099: "2018" is a year, "1839" of Law 1839 is not.
pub fn year_of(word: &str) -> Option<u16> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse::<u16>()
        .ok()
        .filter(|y| (1900..=2099).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_counts_only_with_its_year() {
        assert_eq!(
            months_named("santos went to nato in may 2018"),
            ["@2018-05"]
        );
        assert_eq!(
            months_named("el 31 de mayo de 2018 en bruselas"),
            ["@2018-05"]
        );
        assert_eq!(
            months_named("on may 31, 2018 and in june 2013"),
            ["@2018-05", "@2013-06"]
        );
        assert!(months_named("colombia may join nato in 2018").is_empty());
        assert!(months_named("what happened in march").is_empty());
        assert_eq!(months_named("Visited on 8 September 2023."), ["@2023-09"]);
        // A year is a word of its own: not part of a longer number or of a word.
        assert_eq!(
            months_named("may 20188, may é2018, may 2018é"),
            [] as [&str; 0]
        );
        assert_eq!(
            months_named("may 1 of in 2018, mayo-2019"),
            ["@2018-05", "@2019-05"]
        );
        assert!(months_named("may 1 of de in 2018").is_empty());
    }

    #[test]
    fn digits_are_found_eight_bytes_at_a_time() {
        let bytes: Vec<u8> = (0..=255).collect();
        for from in 0..=bytes.len() {
            let slow = bytes[from..].iter().position(u8::is_ascii_digit);
            assert_eq!(next_digit(&bytes, from), slow.map(|p| from + p), "{from}");
        }
        for b in 0..=255u8 {
            let mut text = [b'x'; 19];
            text[11] = b;
            let expected = b.is_ascii_digit().then_some(11);
            assert_eq!(next_digit(&text, 0), expected, "{b}");
            assert_eq!(next_digit(&text, 12), None);
        }
    }

    #[test]
    fn a_fact_dated_to_a_year_has_no_month_term() {
        let year = FactDate {
            year: 2017,
            month: None,
            day: None,
        };
        let day = FactDate {
            year: 2018,
            month: Some(5),
            day: Some(31),
        };
        assert_eq!(date_term(&year), None);
        assert_eq!(date_term(&day).as_deref(), Some("@2018-05"));
    }
}
