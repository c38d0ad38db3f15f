//! Questions that ask two things at once ("Who runs the IMS, and who did Cubides see there?").
//!
//! Matched whole, such a question splits its words between two facts and neither reaches the
//! bar. Its first clause is then asked on its own: an answer to that part, marked as such, is
//! better than "I don't know". Later clauses lean on the first ("who did *he* meet?") and are
//! never asked alone.

/// Question words that start a second question after "and" / "y".
const EN_STARTS: &[&str] = &[
    "who", "whom", "when", "what", "which", "where", "why", "how", "did", "does", "do", "was",
    "were", "is", "are", "has", "have", "can",
];
const ES_STARTS: &[&str] = &[
    "quien", "quienes", "cuando", "que", "cual", "cuales", "donde", "por", "como", "cuanto",
    "cuantos", "cuantas",
];

/// Fewest words a clause needs to be asked on its own: "and when?" says nothing alone.
const MIN_CLAUSE_WORDS: usize = 3;

/// The first clause of `text` when it asks more than one thing, else nothing (see `clauses`).
pub fn first_clause(text: &str) -> Option<String> {
    clauses(text).into_iter().next()
}

/// The clauses of `text` when it asks more than one thing, else nothing. Split at a question
/// mark followed by more text, and at "and" / "y" (after a comma or not) followed by a
/// question word.
fn clauses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1).map(|w| bare(w));
        let joins = matches!(bare(word).as_str(), "and" | "y" | "e")
            && next.is_some_and(|n| {
                EN_STARTS.contains(&n.as_str()) || ES_STARTS.contains(&n.as_str())
            });
        if joins {
            out.push(current.join(" "));
            current.clear();
            continue;
        }
        current.push(word);
        if word.ends_with('?') && i + 1 < words.len() {
            out.push(current.join(" "));
            current.clear();
        }
    }
    out.push(current.join(" "));
    out.retain(|c| c.split_whitespace().count() >= MIN_CLAUSE_WORDS);
    if out.len() < 2 {
        return Vec::new();
    }
    out
}

/// A word folded, without the punctuation around it.
fn bare(word: &str) -> String {
    super::normalize::fold(word.trim_matches(|c: char| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_questions_are_two_clauses_and_one_is_none() {
        assert_eq!(
            clauses("Who runs the IMS, and who did Cubides see there in 2025?"),
            vec!["Who runs the IMS,", "who did Cubides see there in 2025?"]
        );
        assert_eq!(
            clauses("¿Qué es el CIDES y quiénes lo evaluaron en 2018?"),
            vec!["¿Qué es el CIDES", "quiénes lo evaluaron en 2018?"]
        );
        assert_eq!(
            clauses("Did Duque visit NATO? What did they discuss then"),
            vec!["Did Duque visit NATO?", "What did they discuss then"]
        );
        assert!(clauses("When did Colombia and NATO sign the agreement?").is_empty());
        assert!(clauses("Who founded the FARC and when?").is_empty());
    }
}
