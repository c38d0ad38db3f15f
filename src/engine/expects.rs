//! What kind of answer a question asks for, and whether a fact can give it.
//!
//! Words alone cannot tell "How many crew does HDMS Absalon carry?" from "What did HDMS Absalon
//! do with the Colombian navy?": both match the Absalon fact. But the first asks for a number,
//! and a fact whose answer holds no count at all cannot be its answer, however well the words
//! match. Such a fact is offered as "did you mean", never asserted.

/// Number words that state a count in an answer, in English and Spanish (folded): "two
/// officers", "twice", "tres cursos", "la segunda visita". Not "one", "un", "una" or "first":
/// they are mostly pronouns, articles and "the first partner", which count nothing.
#[rustfmt::skip]
const COUNT_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand", "thousands",
    "million", "millions", "dozen", "dozens", "once", "twice", "second", "third", "fourth",
    "fifth", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "doce",
    "veinte", "treinta", "cuarenta", "cincuenta", "cien", "cientos", "mil", "miles", "millon",
    "millones", "docena", "docenas", "segunda", "segundo", "tercera", "tercer", "tercero",
    "cuarta", "cuarto", "quinta", "quinto",
];

/// Whether `word` is one of `COUNT_WORDS`: a reload asks this of every distinct word of every
/// run of facts it indexes, and a set answers with one hash instead of some sixty comparisons.
/// Made on first use; `Index::build` makes it before its threads start.
pub(crate) fn is_count_word(word: &str) -> bool {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| COUNT_WORDS.iter().copied().collect())
        .contains(word)
}

/// Words after which a number names something rather than counts it: "Law 1839", "Article 5",
/// "Resolución 1325".
#[rustfmt::skip]
const NAMING_WORDS: &[&str] = &[
    "law", "ley", "article", "articulo", "resolution", "resolucion", "decree", "decreto", "no",
    "number", "numero", "nr", "ruling", "sentencia", "c",
];

/// What `states_a_count` needs to know of one folded word: worked out once per distinct word,
/// so that the index, which reads every answer's words anyway, tells whether an answer states
/// a count without reading its text again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct CountWord(u8);

impl CountWord {
    /// ASCII digits only.
    const DIGITS: u8 = 1;
    /// A year (see `dates::year_of`).
    const YEAR: u8 = 1 << 1;
    /// Two characters or fewer: a day of a month, when a month is next to it.
    const SHORT: u8 = 1 << 2;
    const MONTH: u8 = 1 << 3;
    /// "de", as in "17 de julio".
    const DE: u8 = 1 << 4;
    /// One of `NAMING_WORDS`.
    const NAMING: u8 = 1 << 5;
    /// One of `COUNT_WORDS`.
    const COUNT: u8 = 1 << 6;

    /// The classes of the folded word `word`.
    pub(crate) fn of(word: &str) -> CountWord {
        let flags = [
            (word.bytes().all(|b| b.is_ascii_digit()), Self::DIGITS),
            (super::dates::year_of(word).is_some(), Self::YEAR),
            (word.len() <= 2, Self::SHORT),
            (is_month(word), Self::MONTH),
            (word == "de", Self::DE),
            (NAMING_WORDS.contains(&word), Self::NAMING),
            (is_count_word(word), Self::COUNT),
        ];
        CountWord(
            flags
                .iter()
                .filter(|(holds, _)| *holds)
                .fold(0, |bits, (_, flag)| bits | flag),
        )
    }

    fn is(self, flag: u8) -> bool {
        self.0 & flag != 0
    }
}

/// Whether `text` (folded: lowercase, no accents) states a count: a number that is not a year,
/// a day of a month ("8 September", "17 de julio") or a name ("Law 1839"), or a number word.
pub fn holds_a_count(text: &str) -> bool {
    let words: Vec<CountWord> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(CountWord::of)
        .collect();
    states_a_count(&words)
}

/// `holds_a_count` of a text whose words, in order, are of the classes `words`.
pub(crate) fn states_a_count(words: &[CountWord]) -> bool {
    words.iter().enumerate().any(|(i, &word)| {
        if word.is(CountWord::DIGITS) {
            let before = i.checked_sub(1).map(|j| words[j]);
            let after = words.get(i + 1).copied();
            let month = |w: Option<CountWord>| w.is_some_and(|w| w.is(CountWord::MONTH));
            // "8 September", "September 8", "17 de julio".
            let is_day = word.is(CountWord::SHORT)
                && (month(after)
                    || month(before)
                    || (after.is_some_and(|w| w.is(CountWord::DE))
                        && month(words.get(i + 2).copied())));
            let is_name = before.is_some_and(|w| w.is(CountWord::NAMING));
            !word.is(CountWord::YEAR) && !is_day && !is_name
        } else {
            word.is(CountWord::COUNT)
        }
    })
}

/// Whether `text` (folded) names a time: a year ("2018"). A month or a day comes with one.
pub fn holds_a_time(text: &str) -> bool {
    super::dates::years_in(text).next().is_some()
}

fn is_month(word: &str) -> bool {
    super::dates::month_of(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_numbers_and_number_words_but_not_years() {
        assert!(holds_a_count("19 centres attended the conference"));
        assert!(holds_a_count("duque visited nato twice"));
        assert!(holds_a_count("el ejercito formo a doce alumnos"));
        assert!(!holds_a_count(
            "colombia became a partner in 2017 and signed in may 2018"
        ));
        assert!(!holds_a_count("nato supports the colombian armed forces"));
        assert!(!holds_a_count(
            "on 8 september 2023 ukrainian soldiers were trained under law 1839"
        ));
        assert!(!holds_a_count("el 17 de julio de 2017"));
        assert!(holds_a_count("45 students visited on 8 september 2023"));
    }

    #[test]
    fn a_time_is_a_year() {
        assert!(holds_a_time("colombia became a partner in 2017"));
        assert!(!holds_a_time(
            "the global partners are australia japan and mongolia"
        ));
        assert!(!holds_a_time("19 centres attended"));
    }
}
