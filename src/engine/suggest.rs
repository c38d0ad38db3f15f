//! Autocomplete: known questions that fit what a member is typing.
//!
//! The words typed so far are read like a question (typos, accents, aliases); the last word,
//! possibly half typed, is completed from the vocabulary. Facts are ranked as for `ask`, and
//! each contributes its closest stored question in the member's language.

use crate::knowledge::Lang;

use super::normalize::{self, detect_language};
use super::rank::{self, QueryTerm};
use super::{Engine, MAX_QUESTION_CHARS};

impl Engine {
    /// Known questions for autocomplete: fuzzy, accent-insensitive, in `lang` first.
    pub fn suggest(&self, typed: &str, lang: Option<Lang>, limit: usize) -> Vec<String> {
        let lang = lang.or_else(|| detect_language(typed)).unwrap_or(Lang::En);
        let typed: String = typed.chars().take(MAX_QUESTION_CHARS).collect();
        let folded = normalize::fold(&typed);
        if folded.is_empty() {
            return self
                .central
                .iter()
                .map(|&i| self.first_question(&self.kb.facts[i], lang).question)
                .take(limit)
                .collect();
        }
        let (mut terms, _) = self.query_terms(&typed, lang);
        // The last word may be half typed: complete it from the vocabulary.
        let still_typing =
            !typed.ends_with(|c: char| c.is_whitespace() || c.is_ascii_punctuation());
        if let (true, Some(last)) = (still_typing, folded.rsplit(' ').next()) {
            if last.len() >= 2 {
                let start = self.words.partition_point(|(w, _)| w.as_str() < last);
                let mut completions: Vec<u32> = self.words[start..]
                    .iter()
                    .take_while(|(w, _)| w.starts_with(last))
                    .map(|&(_, t)| t)
                    .collect();
                if last.bytes().all(|b| b.is_ascii_digit()) {
                    // Sorted as written, so those starting with `last` are one run.
                    let written = |n: u32| n.to_string();
                    let start = self
                        .numbers
                        .partition_point(|&(n, _)| written(n).as_str() < last);
                    completions.extend(
                        self.numbers[start..]
                            .iter()
                            .take_while(|&&(n, _)| written(n).starts_with(last))
                            .map(|&(_, t)| t),
                    );
                }
                completions.sort_by(|a, b| {
                    self.index
                        .postings
                        .len(*b)
                        .cmp(&self.index.postings.len(*a))
                        .then(a.cmp(b))
                });
                completions.dedup();
                terms.retain(|t| t.word != last);
                for term in completions.into_iter().take(4) {
                    terms.push(QueryTerm::known(
                        term,
                        self.index.weight[term as usize],
                        last.to_string(),
                        false,
                    ));
                }
            }
        }
        let ranked = rank::rank(&self.index, &terms, self.kb.facts.len());
        let mut out: Vec<String> = Vec::new();
        for scored in ranked {
            let question = self.question_for(&scored, lang).question;
            if !out.contains(&question) {
                out.push(question);
            }
            if out.len() >= limit {
                break;
            }
        }
        out
    }
}
