//! The matching core: pure, synchronous and deterministic; depends only on `knowledge`.
//!
//! `Engine::build` indexes a validated `KnowledgeBase` once; `ask` turns a question into an
//! `Answer` (answered, unsure or declined), `timeline` lists the dated events, `suggest` feeds
//! autocomplete. The same engine serves the terminal, the JSON CLI and Discord.

pub mod answer;
mod clauses;
pub mod commonness;
pub mod dates;
pub mod expects;
pub mod fuzzy;
pub mod index;
pub mod normalize;
mod postings;
pub mod rank;
mod rerank;
pub mod spelling;
mod suggest;
mod timeline;
mod words;

// Fx hashing: the keys are short words, hashed on every question; no untrusted-key DoS concern
// arises because keys come from the curated fact base (questions only look them up).
use rustc_hash::FxHashMap as HashMap;

pub use answer::{Answer, Citation, Outcome, Suggestion};
pub use timeline::{TimelineEntry, TimelineFilter};

use crate::knowledge::{Fact, KnowledgeBase, Lang, SourceKind};
use index::Index;
use normalize::{detect_language, is_stop_word, Normalizer, Word};
use rank::{QueryTerm, Scored};

/// Characters of a question the engine reads; the rest of a pasted wall of text is ignored.
const MAX_QUESTION_CHARS: usize = 1000;
/// "Did you mean" and "you can ask" lists are kept short enough to read and to fit buttons.
const MAX_SUGGESTIONS: usize = 3;
/// Related questions offered under an answer.
const MAX_RELATED: usize = 3;
/// A weak candidate is still worth suggesting after a decline above this score.
const DECLINE_SUGGEST_AT: f32 = 0.2;
/// Scores this close are a tie.
const TIE: f32 = 1e-4;

/// A question as an adapter receives it.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// The question text, as typed.
    pub text: String,
    /// Answer in this language whatever the question looks like (`/ask language:`).
    pub lang: Option<Lang>,
    /// Language to use when the question is too short to tell (a member's Discord locale).
    pub fallback_lang: Option<Lang>,
    /// Minimum confidence to answer, instead of the engine's default (`rank::ANSWER_AT`).
    pub answer_at: Option<f32>,
}

impl Query {
    /// A query with only its text.
    pub fn new(text: impl Into<String>) -> Self {
        Query {
            text: text.into(),
            ..Query::default()
        }
    }
}

/// What an unknown word turned out to be.
enum Correction {
    /// A term after all (a corrected typo or a misspelt question word).
    Term(QueryTerm),
    /// Two of the facts' words run together ("ptecmarketplace"): both.
    Split([QueryTerm; 2]),
    /// A misspelt function word ("wat", "teh"): ignored.
    Drop,
    /// No fact knows it: it counts against every fact, weighed as the word it reads as
    /// (itself, or the everyday word it misspells: "jokke" weighs like "joke").
    Unknown(String),
}

/// The matching engine over one fact base; immutable once built.
pub struct Engine {
    kb: KnowledgeBase,
    normalizer: Normalizer,
    index: Index,
    /// Facts most linked from others first: what to suggest when nothing matched.
    central: Vec<usize>,
    /// Sorted surface words, for completing the last word typed in autocomplete.
    words: Vec<(String, u32)>,
    /// The surface words that are numbers (see `words`), sorted as written.
    numbers: Vec<(u32, u32)>,
    /// Terms that name a country other than Colombia: a typo corrected to one ("mexco") still
    /// makes the question a likely near miss.
    country_terms: Vec<index::TermId>,
    /// Terms of the curated names that say "Colombia" on their own ("Duque", "Tolemaida"):
    /// "did Venezuela come up when Duque met Stoltenberg?" is about Colombia.
    colombian_terms: Vec<index::TermId>,
    /// Per fact, whether its English and its Spanish answer state a count (`expects`).
    counts: Vec<[bool; 2]>,
    /// Per fact, whether it can say when: it is dated, or its answers name a year (`expects`).
    times: Vec<bool>,
    /// How many facts' answers use each word: what reorders facts that score alike (`rerank`).
    answer_words: rerank::AnswerWords,
}

impl Engine {
    /// Indexes a validated fact base.
    pub fn build(kb: KnowledgeBase) -> Engine {
        let normalizer = Normalizer::new(&kb.aliases);
        // What each fact's answers state is read from the words the index folds.
        let (
            index,
            index::FactReadings {
                counts,
                times,
                answer_words,
            },
        ) = Index::build_reading(&kb, &normalizer);
        let mut links: HashMap<usize, usize> = HashMap::default();
        for fact in &kb.facts {
            for related in &fact.related {
                if let Some(i) = kb.fact_index(related) {
                    *links.entry(i).or_default() += 1;
                }
            }
        }
        let mut central: Vec<usize> = (0..kb.facts.len()).collect();
        central.sort_by_key(|i| (std::cmp::Reverse(links.get(i).copied().unwrap_or(0)), *i));
        central.truncate(12);
        let mut words: Vec<(String, u32)> = index
            .surface
            .text_words()
            .map(|(w, t)| (w.to_string(), t))
            .collect();
        words.sort();
        let mut numbers: Vec<(u32, u32)> = index.surface.number_words().collect();
        numbers.sort_by_cached_key(|&(n, t)| (n.to_string(), t));
        let mut country_terms: Vec<index::TermId> = normalize::OTHER_COUNTRIES
            .iter()
            .flat_map(|c| {
                [
                    index.term(&format!("{}{c}", normalize::ALIAS_MARK)),
                    index.term(&normalizer.stem(c, Lang::En)),
                    index.term(&normalizer.stem(c, Lang::Es)),
                ]
            })
            .flatten()
            .collect();
        country_terms.sort_unstable();
        country_terms.dedup();
        let mut colombian_terms: Vec<index::TermId> = kb
            .colombian
            .iter()
            .map(|name| normalize::fold(name))
            .flat_map(|name| {
                [
                    normalizer
                        .single_phrase(&name)
                        .and_then(|canonical| index.term(canonical)),
                    index.term(&normalizer.stem(&name, Lang::En)),
                    index.term(&normalizer.stem(&name, Lang::Es)),
                ]
            })
            .flatten()
            .collect();
        colombian_terms.sort_unstable();
        colombian_terms.dedup();
        Engine {
            colombian_terms,
            kb,
            times,
            normalizer,
            index,
            central,
            words,
            numbers,
            country_terms,
            counts,
            answer_words,
        }
    }

    /// The fact base this engine answers from.
    pub fn knowledge(&self) -> &KnowledgeBase {
        &self.kb
    }

    /// The part of the question the engine reads, and the language to answer in: forced, else
    /// detected, else the member's locale, else English.
    fn read_query(query: &Query) -> (String, Lang) {
        let text: String = query.text.chars().take(MAX_QUESTION_CHARS).collect();
        let lang = query
            .lang
            .or_else(|| detect_language(&text))
            .or(query.fallback_lang)
            .unwrap_or(Lang::En);
        (text, lang)
    }

    /// Answers one question; one that asks two things and is not answered whole gets the
    /// answer to its first clause, marked `answered_part` (see `clauses`).
    pub fn ask(&self, query: &Query) -> Answer {
        let (text, lang) = Self::read_query(query);
        let whole = self.ask_text(query, &text, lang);
        if whole.outcome == Outcome::Answered {
            return whole;
        }
        let Some(first) = clauses::first_clause(&text) else {
            return whole;
        };
        let mut part = self.ask_text(query, &first, lang);
        if part.outcome != Outcome::Answered {
            return whole;
        }
        part.answered_part = Some(first.trim_end_matches([',', ';', ' ']).trim().to_string());
        part
    }

    /// Answers `text` (the question, or a clause of it) in `lang`; the answer carries the
    /// question as `query` asked it.
    fn ask_text(&self, query: &Query, text: &str, lang: Lang) -> Answer {
        if let Some(about) = normalize::opinion_asked_about(text) {
            return self.decline_opinion(query, &about, lang);
        }
        let (terms, names_colombia) = self.query_terms(text, lang);
        let other_countries: Vec<QueryTerm> =
            terms.iter().filter(|t| t.other_country).cloned().collect();
        let near_miss = !names_colombia && !other_countries.is_empty();
        // Only question words ("who are you?", "why?"), or thanks and greetings: nothing is
        // asked about, so nothing is matched, and the reply says what can be asked instead.
        let social = normalize::social(text);
        let content_words = terms
            .iter()
            .filter(|t| !t.word.starts_with(normalize::INTENT_MARK))
            .count();
        let mut ranked = if social.is_none() && content_words > 0 {
            rank::rank(&self.index, &terms, self.kb.facts.len())
        } else {
            Vec::new()
        };
        // A question about another country is answered only by a fact about that country
        // (see `about_countries`); those compete among themselves.
        if near_miss {
            ranked.retain(|s| self.about_countries(s, &other_countries));
        }
        // Answers tell facts apart by the question's words they say; a question of one word
        // ("tell me about demining") is said by every candidate, and the answer that repeats
        // it most (a visit where demining came up) is no better an answer for that.
        if content_words > 1 {
            self.answer_words.rerank(&self.kb, text, &mut ranked);
        }
        self.break_exact_ties(text, &mut ranked);
        // A question about another country: the country is a condition the fact must meet (see
        // `fits`), not evidence that it is meant. A fact mentioning Mexico in passing must not
        // win "When did Mexico become a NATO partner?" on the weight of that one rare word: the
        // rest of the question must be answered on its own.
        let without_countries: Vec<Scored> = if near_miss {
            let rest: Vec<QueryTerm> = terms.iter().filter(|t| !t.other_country).cloned().collect();
            rank::rank(&self.index, &rest, self.kb.facts.len())
        } else {
            Vec::new()
        };
        let evidence = |s: &Scored| {
            if near_miss {
                without_countries
                    .iter()
                    .find(|r| r.fact == s.fact)
                    .map_or(0.0, |r| r.score)
            } else {
                s.score
            }
        };
        // Only common words ("What is NATO?"): every fact matches a little and none is meant,
        // unless the question is one curators wrote down almost word for word.
        let vague = !terms.iter().any(|t| {
            t.weight >= rank::SPECIFIC_WEIGHT && !t.word.starts_with(normalize::INTENT_MARK)
        });

        let asks_count = terms.iter().any(|t| t.word == normalize::COUNT_INTENT);
        let asks_time = terms.iter().any(|t| t.word == normalize::WHEN_INTENT);
        let top = ranked.first().copied();
        let base = query.answer_at.unwrap_or(rank::ANSWER_AT)
            - rank::long_question_relief(content_words, names_colombia);
        let answer_at = if near_miss {
            base + rank::OTHER_COUNTRY_MARGIN
        } else {
            base
        };
        let lead = match ranked.as_slice() {
            [first, second, ..] => first.score - second.score,
            _ => 1.0,
        };
        let fits = |s: &Scored| {
            let specific_enough = !vague
                || s.similarity >= rank::EXACT_SIMILARITY
                || (s.similarity >= rank::CLOSE_SIMILARITY && lead >= rank::CLEAR_LEAD);
            // A fact matched only through corrected typos is a guess: offer it, don't assert it.
            let matched_as_typed = terms.iter().any(|t| {
                t.credit >= rank::TRUSTED_CREDIT * t.weight
                    && !t.word.starts_with(normalize::INTENT_MARK)
                    && t.term
                        .is_some_and(|id| self.index.strength(s.fact, id) > 0.0)
            });
            // "How many…?" wants a number: a fact that states none is not its answer.
            // "When…?" wants a time: a fact with no date and no year cannot say when.
            // "Who commanded…?", "How many sailors…?": a fact that never mentions commanding
            // or sailors cannot say who or how many, whatever else it shares.
            let holds_what_is_asked = (!asks_count || self.states_a_count(s.fact, lang))
                && (!asks_time || self.times[s.fact])
                && !self.focus_unmatched(&terms, s, lang)
                && !self.detail_unmatched(&terms, s);
            // About another country, the fact must be one people ask this kind of question of
            // ("when", "who"): a list that names Mongolia is no answer to when Mongolia joined.
            let answers_the_intent = !near_miss
                || self.titled_with(s.fact, &other_countries)
                || terms.iter().all(|t| {
                    !t.word.starts_with(normalize::INTENT_MARK)
                        || t.term
                            .is_some_and(|id| self.index.strength(s.fact, id) > 0.0)
                });
            specific_enough && matched_as_typed && holds_what_is_asked && answers_the_intent
        };
        // "Who spoke at the 2019 workshop?": the workshop's own fact scores best but never says
        // who spoke; the next one, about its speakers, does. It answers in the best one's stead
        // when it clears the bar by the margin a doubtful answer must clear.
        let runner_up = || match ranked.as_slice() {
            [first, second, ..]
                if self.focus_unmatched(&terms, first, lang)
                    && evidence(second) >= answer_at + rank::UNMATCHED_MARGIN
                    && fits(second) =>
            {
                Some(*second)
            }
            _ => None,
        };
        let chosen = top
            .filter(|best| {
                evidence(best) >= answer_at + self.unmatched_margin(&terms, best) && fits(best)
            })
            .or_else(runner_up);
        match (top, chosen) {
            (_, Some(chosen)) => self.answered(query, lang, chosen, &ranked),
            (Some(best), None) if best.score >= rank::SUGGEST_AT.min(base) && !near_miss => {
                let suggestions = self.suggestions_from(&ranked, lang, rank::SUGGEST_AT * 0.8);
                let text = match lang {
                    Lang::En => "I'm not sure which of these you mean. Did you mean:",
                    Lang::Es => "No estoy seguro de a cuál de estas te refieres. ¿Quisiste decir:",
                };
                self.unanswered(query, lang, Outcome::Unsure, text, best.score, suggestions)
            }
            _ => {
                let mut suggestions = self.suggestions_from(&ranked, lang, DECLINE_SUGGEST_AT);
                for &fact in &self.central {
                    if suggestions.len() >= MAX_SUGGESTIONS {
                        break;
                    }
                    let fact = &self.kb.facts[fact];
                    if suggestions.iter().all(|s| s.fact_id != fact.id) {
                        suggestions.push(self.first_question(fact, lang));
                    }
                }
                let text = match (social, lang) {
                    (Some(normalize::Social::Thanks), Lang::En) => "You're welcome! Ask me anything else about NATO and Colombia, for example:",
                    (Some(normalize::Social::Thanks), Lang::Es) => "¡Con gusto! Pregúntame lo que quieras sobre la OTAN y Colombia, por ejemplo:",
                    (Some(normalize::Social::Greeting), Lang::En) => "Hello! I answer questions about NATO's partnership with Colombia, with sources. You could ask:",
                    (Some(normalize::Social::Greeting), Lang::Es) => "¡Hola! Respondo preguntas sobre la asociación entre la OTAN y Colombia, con fuentes. Podrías preguntar:",
                    (Some(normalize::Social::About), Lang::En) => "I'm enlace: I answer questions about NATO's partnership with Colombia, in English or Spanish, from curated facts, and every answer cites its sources. Ask in your own words; typos are fine. For example:",
                    (Some(normalize::Social::About), Lang::Es) => "Soy enlace: respondo preguntas sobre la asociación entre la OTAN y Colombia, en español o en inglés, con hechos verificados, y cada respuesta cita sus fuentes. Pregunta con tus palabras, aunque haya errores de tipeo. Por ejemplo:",
                    (None, Lang::En) => "I don't have a sourced answer to that. I answer questions about NATO's partnership with Colombia; you could ask:",
                    (None, Lang::Es) => "No tengo una respuesta con fuentes para eso. Respondo preguntas sobre la asociación entre la OTAN y Colombia; podrías preguntar:",
                };
                let confidence = top.map_or(0.0, |t| t.score);
                self.unanswered(
                    query,
                    lang,
                    Outcome::Declined,
                    text,
                    confidence,
                    suggestions,
                )
            }
        }
    }

    /// The reply to "what do you think of NATO?": no fact is the bot's opinion, so it says it
    /// gives none and offers what the facts say about the question's subject (`about`, the
    /// question without the words that ask for a view), or its central facts.
    fn decline_opinion(&self, query: &Query, about: &str, lang: Lang) -> Answer {
        let (terms, _) = self.query_terms(about, lang);
        let ranked = if terms
            .iter()
            .any(|t| !t.word.starts_with(normalize::INTENT_MARK))
        {
            rank::rank(&self.index, &terms, self.kb.facts.len())
        } else {
            Vec::new()
        };
        let mut suggestions = self.suggestions_from(&ranked, lang, DECLINE_SUGGEST_AT);
        for &fact in &self.central {
            if suggestions.len() >= MAX_SUGGESTIONS {
                break;
            }
            let fact = &self.kb.facts[fact];
            if suggestions.iter().all(|s| s.fact_id != fact.id) {
                suggestions.push(self.first_question(fact, lang));
            }
        }
        let text = match lang {
            Lang::En => "I don't give opinions: I answer with sourced facts about NATO and Colombia. You could ask:",
            Lang::Es => "No doy opiniones: respondo con hechos y sus fuentes sobre la OTAN y Colombia. Podrías preguntar:",
        };
        let confidence = ranked.first().map_or(0.0, |t| t.score);
        self.unanswered(
            query,
            lang,
            Outcome::Declined,
            text,
            confidence,
            suggestions,
        )
    }

    /// Whether scored fact `s` is about every country in `countries`, not one that mentions them
    /// in passing: its title names them, or the question is close to one of its stored questions
    /// and they name them (curators wrote it down as something the fact answers). A list of
    /// global partners that names Mongolia does not say when Mongolia became one.
    fn about_countries(&self, s: &Scored, countries: &[QueryTerm]) -> bool {
        if s.similarity >= rank::CLOSE_SIMILARITY {
            self.holds_as_asked(s.fact, countries)
        } else {
            // `titled_with` checks `holds_as_asked` first.
            self.titled_with(s.fact, countries)
        }
    }

    /// Whether fact `fact`'s title, in either language, names every country in `countries`.
    fn titled_with(&self, fact: usize, countries: &[QueryTerm]) -> bool {
        if !self.holds_as_asked(fact, countries) {
            return false;
        }
        let titled = self.title_terms(fact);
        countries
            .iter()
            .all(|c| c.term.is_some_and(|term| titled.contains(&term)))
    }

    /// Whether fact `fact` holds every term of `countries` at question strength, as its titles
    /// and stored questions are indexed: a fact holding one more weakly, or not at all, neither
    /// names it in a title nor asks about it, and its titles need not be read.
    fn holds_as_asked(&self, fact: usize, countries: &[QueryTerm]) -> bool {
        countries.iter().all(|c| {
            c.term
                .is_some_and(|term| self.index.strength(fact, term) >= index::STRENGTH_QUESTION)
        })
    }

    /// Whether fact `fact` holds nothing of question term `t` (a word no fact knows included).
    fn lacks(&self, fact: usize, t: &QueryTerm) -> bool {
        t.term.is_none_or(|id| self.index.strength(fact, id) == 0.0)
    }

    /// The terms of fact `fact`'s titles in both languages.
    fn title_terms(&self, fact: usize) -> Vec<u32> {
        let fact = &self.kb.facts[fact];
        [Lang::En, Lang::Es]
            .into_iter()
            .flat_map(|lang| {
                let title = fact.text(lang).title();
                self.read_terms(self.normalizer.words(title), title, lang).0
            })
            .filter_map(|t| t.term)
            .collect()
    }

    /// Whether fact `fact`'s answer in `lang` states a count (`expects::holds_a_count`).
    fn states_a_count(&self, fact: usize, lang: Lang) -> bool {
        let [en, es] = self.counts[fact];
        match lang {
            Lang::En => en,
            Lang::Es => es,
        }
    }

    /// Extra score demanded when the question has a heavy content word the fact lacks entirely
    /// ("Who was CIDES's *director* when it joined PTEC?"): the fact may be about the same
    /// thing and still not hold what is asked.
    fn unmatched_margin(&self, terms: &[QueryTerm], best: &Scored) -> f32 {
        let heaviest_unmatched = terms
            .iter()
            .filter(|t| !t.word.starts_with(normalize::INTENT_MARK))
            .filter(|t| self.lacks(best.fact, t))
            .map(|t| t.weight)
            .fold(0.0f32, f32::max);
        let total: f32 = terms.iter().map(|t| t.weight).sum();
        if heaviest_unmatched >= rank::UNMATCHED_WEIGHT
            && heaviest_unmatched >= rank::UNMATCHED_SHARE * total
        {
            rank::UNMATCHED_MARGIN
        } else {
            0.0
        }
    }

    /// Facts tied at the top, each through a stored question with the same words as the
    /// question once matching drops its function words ("Is Colombia in NATO?", "What should I
    /// know about Colombia and NATO?" for "what does colombia do with nato"), are put in order
    /// by how much of the question their stored question says word for word, every word
    /// counted (`rerank::word_overlap`): fact order is no reason to prefer one.
    fn break_exact_ties(&self, text: &str, ranked: &mut [Scored]) {
        let Some(first) = ranked.first().copied() else {
            return;
        };
        let tied = ranked
            .iter()
            .take_while(|s| first.score - s.score <= TIE && s.similarity >= rank::EXACT_SIMILARITY)
            .count();
        if tied < 2 {
            return;
        }
        // Its closest stored question in either language: the one that matched may be in the
        // other ("Is Colombia in NATO?" for "¿qué hace Colombia con la OTAN?").
        let overlap = |s: &Scored| {
            let fact = &self.kb.facts[s.fact];
            [Lang::En, Lang::Es]
                .iter()
                .flat_map(|&lang| fact.text(lang).questions())
                .map(|stored| rerank::word_overlap(text, stored))
                .fold((0.0f32, 0.0f32), |best, o| if o > best { o } else { best })
        };
        ranked[..tied].sort_by_cached_key(|s| {
            let (held, dice) = overlap(s);
            std::cmp::Reverse(((held * 1e4) as u32, (dice * 1e4) as u32))
        });
    }

    /// Whether the question asks for a detail (`normalize::is_detail_word`: a budget, a venue, a
    /// model) that `best` never mentions: the fact about the workshop cannot say what it cost.
    fn detail_unmatched(&self, terms: &[QueryTerm], best: &Scored) -> bool {
        terms
            .iter()
            .any(|t| normalize::is_detail_word(&t.word) && self.lacks(best.fact, t))
    }

    /// Whether the word a "who" or "how many" question asks about ("how many *sailors*", "who
    /// *commanded*", "¿quién es el *director*?") is missing from `best`: a fact about the same
    /// ship or centre that never mentions sailors or a director cannot say how many or who.
    fn focus_unmatched(&self, terms: &[QueryTerm], best: &Scored, lang: Lang) -> bool {
        let Some(at) = terms
            .iter()
            .position(|t| t.word == normalize::COUNT_INTENT || t.word == normalize::WHO_INTENT)
        else {
            return false;
        };
        terms[at + 1..]
            .iter()
            .find(|t| {
                !t.word.starts_with(normalize::INTENT_MARK)
                    && t.weight >= rank::FOCUS_WEIGHT
                    && commonness::zipf(&t.word, lang).is_none_or(|z| z < rank::PHRASING_ZIPF)
            })
            .is_some_and(|t| self.lacks(best.fact, t))
    }

    /// Why a question got its answer: each word's term and weight, then the best-scored facts
    /// with coverage, similarity and the stored question that matched. For curators and tuning.
    pub fn explain(&self, query: &Query, top: usize) -> String {
        use std::fmt::Write;
        let (text, lang) = Self::read_query(query);
        let (terms, names_colombia) = self.query_terms(&text, lang);
        let mut out = format!("language {lang}, names Colombia: {names_colombia}\n");
        for t in &terms {
            // The term a word was read as, when not the word itself: "entrenado → #training".
            let read_as = t.term.and_then(|id| {
                let (name, _) = self.index.vocab.iter().find(|&(_, v)| v == id)?;
                // A stem ("soldados" → "sold") is the word as far as a curator cares.
                let same_word = t.word.starts_with(name.as_ref());
                (!same_word).then(|| format!(" → {name}"))
            });
            let known = match (&read_as, t.term) {
                (Some(name), _) => name.as_str(),
                (None, Some(_)) => "",
                (None, None) => " (unknown)",
            };
            let _ = writeln!(out, "  {:<16} weight {:.2}{known}", t.word, t.weight);
        }
        for s in rank::rank(&self.index, &terms, self.kb.facts.len())
            .iter()
            .take(top)
        {
            let fact = &self.kb.facts[s.fact];
            let q = self.question_for(s, lang).question;
            let _ = writeln!(
                out,
                "  {:.3} = cov {:.2} sim {:.2}  {}  [{q}]",
                s.score, s.coverage, s.similarity, fact.id
            );
            // What the fact holds of each word, by field strength (question/title 1.0, topic
            // 0.8, answer 0.6), and what it lacks: why it covers as much as it does.
            let held: Vec<String> = terms
                .iter()
                .map(|t| {
                    let strength = t.term.map_or(0.0, |id| self.index.strength(s.fact, id));
                    if strength > 0.0 {
                        format!("{}:{strength:.1}", t.word)
                    } else {
                        format!("-{}", t.word)
                    }
                })
                .collect();
            let _ = writeln!(out, "        holds {}", held.join(" "));
        }
        out
    }

    /// Resolves the question's words to terms; also says whether it names Colombia.
    fn query_terms(&self, text: &str, lang: Lang) -> (Vec<QueryTerm>, bool) {
        self.read_terms(self.normalizer.question_words(text), text, lang)
    }

    /// `query_terms` for `words` of `text`, read tolerantly (a question) or exactly (a fact's
    /// own title, which has no typos to forgive: reading it tolerantly cost a near-miss question
    /// most of its time).
    fn read_terms(&self, words: Vec<Word>, text: &str, lang: Lang) -> (Vec<QueryTerm>, bool) {
        let other = lang.other();
        let mut terms: Vec<QueryTerm> = Vec::new();
        let mut names_colombia = false;
        let colombia = self.index.term("#colombia");
        let acronyms = acronyms(text);
        for word in words {
            let resolved = match word {
                Word::Alias(canonical) => {
                    if canonical == "#colombia" {
                        names_colombia = true;
                    }
                    // Curators alias a country with its demonyms ("Mexican" = Mexico).
                    let other_country = normalize::is_other_country(
                        canonical.trim_start_matches(normalize::ALIAS_MARK),
                    );
                    match self.index.term(&canonical) {
                        Some(t) => QueryTerm::known(
                            t,
                            self.index.weight[t as usize],
                            canonical,
                            other_country,
                        ),
                        None => QueryTerm::unknown(canonical, self.index.max_idf, other_country),
                    }
                }
                Word::Plain(w) => {
                    if is_stop_word(&w, lang) {
                        continue;
                    }
                    // "feb" is February, as the facts write it.
                    let w = match dates::month_written_out(&w) {
                        Some([en, es]) => match lang {
                            Lang::En => en.to_string(),
                            Lang::Es => es.to_string(),
                        },
                        None => w,
                    };
                    if w.starts_with("colombia") {
                        names_colombia = true;
                    }
                    // A form of an alias word the curators did not list ("entrenado") is that
                    // alias; any other word is its stem.
                    let alias = self
                        .normalizer
                        .alias_by_stem(&w, lang)
                        .and_then(|canonical| self.index.term(canonical));
                    let in_lang =
                        alias.or_else(|| self.index.term(&self.normalizer.stem(&w, lang)));
                    // A function word of the other language ("buenas" in a question too short
                    // to tell its language) says nothing, whatever it stems to there.
                    if in_lang.is_none() && is_stop_word(&w, other) {
                        continue;
                    }
                    let exact = in_lang
                        .or_else(|| self.index.term(&self.normalizer.stem(&w, other)))
                        .or_else(|| self.index.surface.get(&w));
                    let other_country = normalize::is_other_country(&w)
                        || alias.is_some_and(|t| self.country_terms.binary_search(&t).is_ok());
                    match exact {
                        Some(t) => {
                            QueryTerm::known(t, self.index.weight[t as usize], w, other_country)
                        }
                        // An acronym no fact knows ("What is the OAS?") is a name, not a
                        // slip: corrected, it would become "was" and the question "What is?".
                        None if acronyms.contains(&w) => {
                            QueryTerm::unknown(w, self.index.max_idf, other_country)
                        }
                        None => match self.correct(&w, lang, other_country) {
                            Correction::Term(term) => term,
                            Correction::Split([first, second]) => {
                                if terms.iter().all(|t| t.term != first.term) {
                                    terms.push(first);
                                }
                                second
                            }
                            Correction::Drop => continue,
                            Correction::Unknown(reading) => QueryTerm::unknown(
                                w,
                                self.unknown_weight(&reading, lang),
                                other_country,
                            ),
                        },
                    }
                }
            };
            // "Colombai" corrected is Colombia named.
            if resolved.term.is_some() && resolved.term == colombia {
                names_colombia = true;
            }
            if resolved
                .term
                .is_some_and(|t| self.colombian_terms.binary_search(&t).is_ok())
            {
                names_colombia = true;
            }
            let duplicate = terms.iter().any(|t| match (t.term, resolved.term) {
                (Some(a), Some(b)) => a == b,
                (None, None) => t.word == resolved.word,
                _ => false,
            });
            if !duplicate {
                terms.push(resolved);
            }
        }
        // "May 2018" is one date as well as two words (see `dates`).
        for month in dates::months_named(text) {
            if let Some(t) = self.index.term(&month) {
                if terms.iter().all(|q| q.term != Some(t)) {
                    terms.push(QueryTerm::known(
                        t,
                        self.index.weight[t as usize],
                        month,
                        false,
                    ));
                }
            }
        }
        (terms, names_colombia)
    }

    /// A word no fact holds that is two of the facts' words run together ("ptecmarketplace",
    /// "colombianato"): their two terms, or None. A word of the language ("understand") is never
    /// split, nor into a function word ("arepas" is not "are" + "pas"); of several splits the
    /// most even wins.
    fn run_together(&self, word: &str, lang: Lang) -> Option<[QueryTerm; 2]> {
        const SHORTEST_PART: usize = 3;
        if word.len() < 2 * SHORTEST_PART || !word.is_ascii() || spelling::is_real_word(word, lang)
        {
            return None;
        }
        let part = |text: &str| -> Option<QueryTerm> {
            if is_stop_word(text, lang) {
                return None;
            }
            let t = self.fact_term(text, lang)?;
            let other_country = self.country_terms.binary_search(&t).is_ok();
            let weight = self.index.weight[t as usize];
            Some(QueryTerm::known(t, weight, text.to_string(), other_country))
        };
        (SHORTEST_PART..=word.len() - SHORTEST_PART)
            .filter_map(|at| {
                let (l, r) = word.split_at(at);
                Some((at.min(word.len() - at), [part(l)?, part(r)?]))
            })
            .max_by_key(|(even, _)| *even)
            .map(|(_, parts)| parts)
    }

    /// The facts' term for a word as it is, as typed, as an alias or by its stem.
    fn fact_term(&self, word: &str, lang: Lang) -> Option<index::TermId> {
        self.index
            .term(word)
            .or_else(|| self.index.surface.get(word))
            .or_else(|| self.alias_term(word))
            .or_else(|| self.index.term(&self.normalizer.stem(word, lang)))
    }

    /// The term of a one-word alias ("allies" → `#ally`), when some fact holds it.
    fn alias_term(&self, word: &str) -> Option<index::TermId> {
        self.normalizer
            .single_phrase(word)
            .and_then(|canonical| self.index.term(canonical))
    }

    /// What to make of a word no fact contains: a misspelt question word, a misspelt function
    /// word, a typo of a known word, or a truly unknown word.
    fn correct(&self, word: &str, lang: Lang, other_country: bool) -> Correction {
        let len = word.chars().count();
        // Another country, or a word curators marked as everyday ("curra"): as typed.
        if other_country || normalize::is_everyday(word) {
            return Correction::Unknown(word.to_string());
        }
        if let Some(parts) = self.run_together(word, lang) {
            return Correction::Split(parts);
        }
        if len >= 3 {
            let first = word.chars().next();
            let intent = self
                .normalizer
                .intent_words()
                .find(|(w, _)| w.chars().next() == first && strsim::osa_distance(w, word) == 1);
            if let Some((_, canonical)) = intent {
                if let Some(t) = self.index.term(canonical) {
                    let w = self.index.weight[t as usize];
                    return Correction::Term(QueryTerm::known(t, w, canonical.to_string(), false));
                }
            }
        }
        // Chat Spanish written by sound ("kuando", "ke", "bisito"): the standard spelling.
        for respelled in normalize::spanish_respellings(word) {
            let intent = self
                .normalizer
                .intent_words()
                .find(|(w, _)| *w == respelled)
                .and_then(|(_, canonical)| Some((self.index.term(canonical)?, canonical)));
            if let Some((t, canonical)) = intent {
                let w = self.index.weight[t as usize];
                return Correction::Term(QueryTerm::known(t, w, canonical.to_string(), false));
            }
            if is_stop_word(&respelled, Lang::Es) {
                return Correction::Drop;
            }
            let known = self
                .normalizer
                .single_phrase(&respelled)
                .and_then(|canonical| self.index.term(canonical))
                .or_else(|| self.index.term(&self.normalizer.stem(&respelled, Lang::Es)));
            if let Some(t) = known {
                let w = self.index.weight[t as usize];
                return Correction::Term(QueryTerm::known(t, w, respelled, false));
            }
        }
        // Chat English drops the g of "-ing" ("goin", "workin"): the word with it, when that is
        // the commoner word by far, is what was typed (the lists know "goin" too).
        if lang == Lang::En && len >= 4 && word.ends_with("in") {
            let with_g = format!("{word}g");
            let typed = commonness::zipf(word, lang).unwrap_or(0.0);
            if commonness::zipf(&with_g, lang).is_some_and(|z| z > typed + 1.0) {
                return match self.fact_term(&with_g, lang) {
                    Some(t) => Correction::Term(self.corrected(word, t, rank::REAL_WORD_CREDIT)),
                    None if is_stop_word(&with_g, lang) => Correction::Drop,
                    None => Correction::Unknown(with_g),
                };
            }
        }
        // A word of the language ("joke", "dose") is meant as typed: a fact word a letter away
        // is only a guess, offered but never asserted; a stop word with two letters swapped
        // ("dose" for "does") is the slip people make most.
        if spelling::is_real_word(word, lang) {
            let typed = commonness::zipf(word, lang).unwrap_or(0.0);
            let swapped_stop_word = spelling::swaps(word).any(|c| {
                is_stop_word(&c, lang) && commonness::zipf(&c, lang).unwrap_or(0.0) > typed + 1.0
            });
            if swapped_stop_word {
                return Correction::Drop;
            }
            return match self.index.fuzzy.closest(word) {
                // One word of the language for another ("fundó" → "mundo") is no slip: the
                // question means what it says, and the fact that lacks the word lacks it.
                Some((_, _, known)) if spelling::is_real_word(known, lang) => {
                    Correction::Unknown(word.to_string())
                }
                Some((t, _, _)) => {
                    Correction::Term(self.corrected(word, t, rank::REAL_WORD_CREDIT))
                }
                None if len <= 4 && normalize::near_stop_word(word) => Correction::Drop,
                None => Correction::Unknown(word.to_string()),
            };
        }
        // A long typo of a function word ("happend", "yeras") is that word, not a content
        // word a letter or two away.
        if len >= 5 && normalize::near_stop_word(word) {
            return Correction::Drop;
        }
        let fuzzy = self.index.fuzzy.correct(word);
        // The likeliest word one edit away, everyday or the facts': "whst" is "what" although
        // the facts hold "west"; "respnd" is "respond", a stem the facts' surface words miss.
        let is_stop = |c: &str| is_stop_word(c, Lang::En) || is_stop_word(c, Lang::Es);
        let reading = if len >= 3 && word.bytes().all(|b| b.is_ascii_lowercase()) {
            let in_facts = |c: &str| {
                self.index.term(c).is_some()
                    || self.index.surface.contains(c)
                    || self.alias_term(c).is_some()
            };
            let known = |c: &str| spelling::is_listed(c) || in_facts(c) || is_stop(c);
            spelling::best_reading(word, lang, known, |c| {
                if is_stop(c) {
                    spelling::Kind::Stop
                } else if in_facts(c) {
                    spelling::Kind::Fact
                } else {
                    spelling::Kind::Plain
                }
            })
        } else {
            None
        };
        if let Some(reading) = reading {
            if is_stop(&reading) {
                return Correction::Drop;
            }
            let fuzzy_is_as_near = fuzzy.is_some_and(|(_, distance)| distance <= 1);
            match self.fact_term(&reading, lang) {
                // The facts' own word: the typo index's pick among them (it knows which is
                // most used) when it found one as near.
                Some(t) => {
                    let t = match fuzzy {
                        Some((f, _)) if fuzzy_is_as_near => f,
                        _ => t,
                    };
                    return Correction::Term(self.corrected(word, t, rank::FUZZY_DISCOUNT));
                }
                // An everyday word no fact holds, when no fact word is as near.
                None if !fuzzy_is_as_near => return Correction::Unknown(reading),
                None => {}
            }
        }
        if let Some((t, _)) = fuzzy {
            return Correction::Term(self.corrected(word, t, rank::FUZZY_DISCOUNT));
        }
        if len <= 4 && normalize::near_stop_word(word) {
            return Correction::Drop;
        }
        Correction::Unknown(word.to_string())
    }

    /// A typed word read as fact term `t`: it weighs between the term and an unknown word as far
    /// as the correction is doubtful, and earns `discount` of the term's weight where it matches.
    fn corrected(&self, word: &str, t: index::TermId, discount: f32) -> QueryTerm {
        let len = word.chars().count();
        let trust = if len <= 6 {
            rank::SHORT_CORRECTION_TRUST
        } else {
            rank::LONG_CORRECTION_TRUST
        };
        let known = self.index.weight[t as usize];
        // A word in a quarter of the facts or more ("colombai", "partnr") is typed so
        // often that a one-letter slip of it is that word.
        let trust = if known < rank::SPECIFIC_WEIGHT {
            1.0
        } else {
            trust
        };
        QueryTerm {
            term: Some(t),
            weight: trust * known + (1.0 - trust) * self.index.max_idf,
            credit: known * discount,
            word: word.to_string(),
            other_country: self.country_terms.binary_search(&t).is_ok(),
        }
    }

    /// The weight of a word no fact holds, read as `reading`.
    fn unknown_weight(&self, reading: &str, lang: Lang) -> f32 {
        // A small number no fact has weighs like a common word (see `index`); any other
        // unknown word counts fully against facts.
        if reading.len() <= 2 && reading.bytes().all(|b| b.is_ascii_digit())
            || normalize::is_everyday(reading)
        {
            rank::MIN_TERM_WEIGHT
        } else {
            // A word of the language that no fact uses is more often another way of saying
            // what a fact says ("stance", "justify") than a subject the facts lack: it never
            // weighs more than an everyday word.
            let cap = if spelling::is_real_word(reading, lang) {
                commonness::CAP_AT_EVERYDAY
            } else {
                commonness::cap(reading, lang)
            };
            (self.index.max_idf * rank::UNKNOWN_WORD_SHARE).min(cap)
        }
    }

    fn answered(&self, query: &Query, lang: Lang, best: Scored, ranked: &[Scored]) -> Answer {
        let fact = &self.kb.facts[best.fact];
        let citations = self.citations(fact, lang);
        let press_only =
            !citations.is_empty() && citations.iter().all(|c| c.kind == SourceKind::Press);
        let mut text = fact.text(lang).answer().to_string();
        if press_only {
            let mut publishers: Vec<&str> =
                citations.iter().map(|c| c.publisher.as_str()).collect();
            publishers.dedup();
            let names = publishers.join(", ");
            text = match lang {
                Lang::En => {
                    format!("Reported by {names} (press; no official source confirms it): {text}")
                }
                Lang::Es => {
                    format!("Según la prensa ({names}; ninguna fuente oficial lo confirma): {text}")
                }
            };
        }
        let mut related: Vec<Suggestion> = fact
            .related
            .iter()
            .filter_map(|id| self.kb.fact(id))
            .map(|f| self.first_question(f, lang))
            .take(MAX_RELATED)
            .collect();
        for other in ranked.iter().skip(1) {
            if related.len() >= MAX_RELATED || other.score < rank::SUGGEST_AT {
                break;
            }
            let other_fact = &self.kb.facts[other.fact];
            if related.iter().all(|s| s.fact_id != other_fact.id) {
                related.push(self.question_for(other, lang));
            }
        }
        Answer {
            question: query.text.clone(),
            language: lang,
            outcome: Outcome::Answered,
            fact_id: Some(fact.id.clone()),
            title: Some(fact.text(lang).title().to_string()),
            text,
            confidence: best.score.min(1.0),
            date: fact.date.map(|d| d.display(lang)),
            citations,
            disputed: fact.disputed,
            press_only,
            suggestions: Vec::new(),
            related,
            answered_part: None,
        }
    }

    fn unanswered(
        &self,
        query: &Query,
        lang: Lang,
        outcome: Outcome,
        text: &str,
        confidence: f32,
        suggestions: Vec<Suggestion>,
    ) -> Answer {
        Answer {
            question: query.text.clone(),
            language: lang,
            outcome,
            fact_id: None,
            title: None,
            text: text.to_string(),
            confidence: confidence.clamp(0.0, 1.0),
            date: None,
            citations: Vec::new(),
            disputed: false,
            press_only: false,
            suggestions,
            related: Vec::new(),
            answered_part: None,
        }
    }

    /// Up to three questions from the best-ranked facts scoring at least `floor`.
    fn suggestions_from(&self, ranked: &[Scored], lang: Lang, floor: f32) -> Vec<Suggestion> {
        ranked
            .iter()
            .take_while(|s| s.score >= floor)
            .take(MAX_SUGGESTIONS)
            .map(|s| self.question_for(s, lang))
            .collect()
    }

    /// The stored question that matched best, in `lang` (else the fact's first in `lang`).
    fn question_for(&self, scored: &Scored, lang: Lang) -> Suggestion {
        let (stored_lang, position) = self
            .index
            .stored_question(scored.fact, scored.best_question);
        let fact = &self.kb.facts[scored.fact];
        let text = fact.text(lang).question(position);
        if let (true, Some(text)) = (stored_lang == lang, text) {
            Suggestion {
                fact_id: fact.id.clone(),
                question: text.to_string(),
            }
        } else {
            self.first_question(fact, lang)
        }
    }

    fn first_question(&self, fact: &Fact, lang: Lang) -> Suggestion {
        Suggestion {
            fact_id: fact.id.clone(),
            question: fact
                .text(lang)
                .question(0)
                .unwrap_or_else(|| fact.text(lang).title())
                .to_string(),
        }
    }

    /// The fact's sources, resolved, in the curator's order.
    pub fn citations(&self, fact: &Fact, lang: Lang) -> Vec<Citation> {
        fact.sources
            .iter()
            .filter_map(|id| self.kb.source(id))
            .map(|s| Citation {
                id: s.id.clone(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                kind: s.kind,
                url: s.url.clone(),
                date_iso: s.date().map(|d| d.iso()),
                date: s.date().map(|d| d.display(lang)),
            })
            .collect()
    }
}

/// The words of `text` written in capitals, two to six letters ("OAS", "OTAN"), folded; none
/// when the whole question is in capitals, since then capitals say nothing.
fn acronyms(text: &str) -> Vec<String> {
    if !text.chars().any(char::is_lowercase) {
        return Vec::new();
    }
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| (2..=6).contains(&w.chars().count()) && w.chars().all(|c| c.is_uppercase()))
        .map(normalize::fold)
        .collect()
}
