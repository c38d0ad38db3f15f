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

/// Whether `text` (folded: lowercase, no accents) states a count: a number that is not a year,
/// or a number word. Years ("2018") are dates, not counts.
pub fn holds_a_count(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|word| {
            if word.bytes().all(|b| b.is_ascii_digit()) {
                let is_year = word.len() == 4 && (word.starts_with("19") || word.starts_with("20"));
                !is_year
            } else {
                COUNT_WORDS.contains(&word)
            }
        })
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
    }
}
