//! The validated fact base: what the engine and the renderers see.
//!
//! Values here are only made by `validate`, so every invariant listed on a type holds.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The two languages the bot answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English.
    En,
    /// Spanish.
    Es,
}

impl Lang {
    /// The other of the two languages: where a word unknown in the question's language may be
    /// known.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Es,
            Lang::Es => Lang::En,
        }
    }

    /// The ISO code used in JSON output and options ("en", "es").
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// Parses "en"/"es" (and Discord locales such as "es-ES", "es-419", "en-US").
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        if code == "en" || code.starts_with("en-") {
            Some(Lang::En)
        } else if code == "es" || code.starts_with("es-") {
            Some(Lang::Es)
        } else {
            None
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A calendar date exactly as precise as its source: a year, a month or a day.
///
/// Invariant: `day` is only set when `month` is, and the date exists in the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactDate {
    /// The year.
    pub year: u16,
    /// The month (1–12), when the source gives it.
    pub month: Option<u8>,
    /// The day of the month, when the source gives it.
    pub day: Option<u8>,
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

impl FactDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `None` for anything else or an impossible date.
    pub fn parse(text: &str) -> Option<FactDate> {
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str, len: usize| -> Option<u16> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().ok()
            } else {
                None
            }
        };
        let year = number(parts.first()?, 4)?;
        if !(1900..=2100).contains(&year) {
            return None;
        }
        let month = match parts.get(1) {
            Some(m) => Some(u8::try_from(number(m, 2)?).ok()?),
            None => None,
        };
        let day = match parts.get(2) {
            Some(d) => Some(u8::try_from(number(d, 2)?).ok()?),
            None => None,
        };
        if parts.len() > 3 {
            return None;
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return None;
            }
            if let Some(d) = day {
                if d == 0 || d > days_in_month(year, m) {
                    return None;
                }
            }
        }
        Some(FactDate { year, month, day })
    }

    /// The date shown at its own precision, in `lang`.
    pub fn display(&self, lang: Lang) -> String {
        match (self.month, self.day, lang) {
            (None, _, _) => self.year.to_string(),
            (Some(m), None, Lang::En) => format!("{} {}", MONTHS_EN[m as usize - 1], self.year),
            (Some(m), None, Lang::Es) => format!("{} de {}", MONTHS_ES[m as usize - 1], self.year),
            (Some(m), Some(d), Lang::En) => {
                format!("{d} {} {}", MONTHS_EN[m as usize - 1], self.year)
            }
            (Some(m), Some(d), Lang::Es) => {
                format!("{d} de {} de {}", MONTHS_ES[m as usize - 1], self.year)
            }
        }
    }

    /// ISO form at the date's own precision ("2017", "2017-05", "2017-05-31").
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (None, _) => format!("{:04}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// When an event happened: a start, perhaps an end, perhaps only implied by the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDate {
    /// First (or only) day, month or year.
    pub start: FactDate,
    /// Last day of a multi-day event.
    pub end: Option<FactDate>,
    /// The source implies the date rather than stating it.
    pub approximate: bool,
}

impl EventDate {
    /// The date shown at its own precision, with a range collapsed where it shares month/year.
    pub fn display(&self, lang: Lang) -> String {
        let base = match self.end {
            Some(end) if end != self.start => {
                let same_month = end.year == self.start.year && end.month == self.start.month;
                match (self.start.day, end.day) {
                    (Some(d1), Some(_)) if same_month => format!("{d1}–{}", end.display(lang)),
                    _ => format!("{} – {}", self.start.display(lang), end.display(lang)),
                }
            }
            _ => self.start.display(lang),
        };
        if self.approximate {
            match lang {
                Lang::En => format!("c. {base}"),
                Lang::Es => format!("hacia {base}"),
            }
        } else {
            base
        }
    }
}

/// One fact's text in one language: its title, answer and stored questions, read from the
/// text buffer its file's facts share.
#[derive(Clone, Copy)]
pub struct Localized<'a> {
    /// The whole text buffer of the fact's file.
    text: &'a str,
    /// Where the title starts in `text`.
    start: u32,
    /// Where the title, the answer and each question end in `text`, in that order.
    ends: &'a [u32],
}

impl fmt::Debug for Localized<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Localized")
            .field("title", &self.title())
            .field("answer", &self.answer())
            .field("questions", &self.questions().collect::<Vec<_>>())
            .finish()
    }
}

impl<'a> Localized<'a> {
    /// The `i`th piece: 0 the title, 1 the answer, then the questions.
    fn piece(&self, i: usize) -> &'a str {
        let start = if i == 0 { self.start } else { self.ends[i - 1] };
        &self.text[start as usize..self.ends[i] as usize]
    }

    /// One line: timeline entry, "did you mean" label.
    pub fn title(&self) -> &'a str {
        self.piece(0)
    }

    /// The answer shown to the user.
    pub fn answer(&self) -> &'a str {
        self.piece(1)
    }

    /// Ways people ask for it (none empty); the matcher learns from these.
    pub fn questions(
        &self,
    ) -> impl ExactSizeIterator<Item = &'a str> + DoubleEndedIterator + Clone + 'a {
        let this = *self;
        (2..self.ends.len()).map(move |i| this.piece(i))
    }

    /// The stored question at `position`, if there is one.
    pub fn question(&self, position: usize) -> Option<&'a str> {
        (position + 2 < self.ends.len()).then(|| self.piece(position + 2))
    }

    /// How many stored questions there are.
    pub fn question_count(&self) -> usize {
        self.ends.len() - 2
    }
}

impl PartialEq for Localized<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.title() == other.title()
            && self.answer() == other.answer()
            && self.questions().eq(other.questions())
    }
}

impl Eq for Localized<'_> {}

/// The text of one language as validated, before it is packed into its file's buffer.
pub(crate) struct LocalizedText<'a> {
    pub title: &'a str,
    pub answer: &'a str,
    pub questions: Vec<&'a str>,
}

/// Who published a source, which decides how an answer resting on it is worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// An official NATO page.
    Nato,
    /// A Colombian government or state page.
    ColombianGovernment,
    /// Another institution (EU bodies, NATO-affiliated centres, think tanks).
    OtherInstitution,
    /// A press report: answers resting only on these say "reported by".
    Press,
}

impl SourceKind {
    /// The word used in `sources.json`.
    pub fn code(self) -> &'static str {
        match self {
            SourceKind::Nato => "nato",
            SourceKind::ColombianGovernment => "colombian-government",
            SourceKind::OtherInstitution => "other-institution",
            SourceKind::Press => "press",
        }
    }
}

/// A document facts are curated from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Stable id cited by facts.
    pub id: String,
    /// The document's title.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// Official NATO, Colombian government, other institution or press.
    pub kind: SourceKind,
    /// Absolute http(s) URL (validated).
    pub url: String,
    /// Publication date at its own precision, when shown.
    pub published: Option<FactDate>,
    /// Last-updated date, when shown.
    pub updated: Option<FactDate>,
    /// Language of the stored copy.
    pub language: String,
    /// Curators' caution, if any.
    pub note: Option<String>,
}

impl Source {
    /// The date to show beside a citation: last update, else publication.
    pub fn date(&self) -> Option<FactDate> {
        self.updated.or(self.published)
    }
}

/// The path of one fact file and the texts of all its facts, back to back, shared by those
/// facts: a large base has a hundred thousand facts, and a buffer and a list of ends of their
/// own cost each of them some hundred bytes more than its share of one per file.
#[derive(Debug, Default)]
pub(crate) struct FileTexts {
    path: PathBuf,
    /// Every piece (title, answer, questions) of every fact of the file, in order.
    text: String,
    /// Where each piece of `text` ends.
    ends: Vec<u32>,
}

impl FileTexts {
    /// The texts of the facts of the file at `path`, empty until `Fact::new` adds them.
    pub(crate) fn new(path: &Path) -> FileTexts {
        FileTexts {
            path: path.to_path_buf(),
            ..FileTexts::default()
        }
    }

    fn push(&mut self, piece: &str) {
        self.text.push_str(piece);
        self.ends
            .push(u32::try_from(self.text.len()).expect("a fact file's text is under 4 GiB"));
    }

    /// Frees what was reserved beyond the texts, once the file's facts are all in.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// One curated fact.
///
/// Invariants: cites at least one existing source; `related` ids exist; both languages present.
///
/// A large base holds a hundred thousand of these, so the text of both languages is kept in
/// the text buffer of the fact's file (read through `text`) instead of some fifteen separate
/// strings.
#[derive(Clone)]
pub struct Fact {
    /// Stable id.
    pub id: String,
    /// Topic words (`/timeline topic:` filters on them), from `TOPICS`; shared like `sources`.
    pub topics: Arc<[&'static str]>,
    /// When the event happened, for events.
    pub date: Option<EventDate>,
    /// Ids of the sources the answer rests on, in the curator's order; one list shared by the
    /// facts of a file that cite the same sources.
    pub sources: Arc<[String]>,
    /// Ids of facts a reader may want next.
    pub related: Box<[String]>,
    /// The day a curator last checked the fact against its sources.
    pub checked: FactDate,
    /// Sources disagree; the answer says who says what.
    pub disputed: bool,
    /// The fact's file, whose buffer holds its English title, answer and questions, then the
    /// Spanish ones, back to back.
    texts: Arc<FileTexts>,
    /// Where the fact's pieces start in `texts.ends`.
    first_piece: u32,
    /// How many of its pieces are English (title, answer and questions).
    english_pieces: u32,
    /// How many pieces it has in both languages.
    pieces: u32,
}

impl fmt::Debug for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fact")
            .field("id", &self.id)
            .field("topics", &self.topics)
            .field("date", &self.date)
            .field("sources", &self.sources)
            .field("related", &self.related)
            .field("checked", &self.checked)
            .field("disputed", &self.disputed)
            .field("file", &self.file())
            .field("en", &self.text(Lang::En))
            .field("es", &self.text(Lang::Es))
            .finish()
    }
}

impl Fact {
    /// Whether two facts say the same to a user, whatever their ids and files.
    pub fn same_content(&self, other: &Fact) -> bool {
        self.topics == other.topics
            && self.date == other.date
            && self.sources == other.sources
            && self.related == other.related
            && self.checked == other.checked
            && self.disputed == other.disputed
            && self.text(Lang::En) == other.text(Lang::En)
            && self.text(Lang::Es) == other.text(Lang::Es)
    }
}

impl PartialEq for Fact {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.file() == other.file() && self.same_content(other)
    }
}

impl Eq for Fact {}

impl Fact {
    /// Adds a fact's two texts to its file's buffer, `texts`; the fact reads them from
    /// `shared` once that holds the finished buffer (see `with_texts`).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        id: String,
        topics: Arc<[&'static str]>,
        date: Option<EventDate>,
        sources: Arc<[String]>,
        related: Vec<String>,
        checked: FactDate,
        disputed: bool,
        texts: &mut FileTexts,
        shared: &Arc<FileTexts>,
        en: LocalizedText<'_>,
        es: LocalizedText<'_>,
    ) -> Fact {
        let first_piece = u32::try_from(texts.ends.len()).expect("under 2^32 pieces a file");
        let mut add = |l: &LocalizedText<'_>| {
            texts.push(l.title);
            texts.push(l.answer);
            for question in &l.questions {
                texts.push(question);
            }
            2 + l.questions.len() as u32
        };
        let english_pieces = add(&en);
        let pieces = english_pieces + add(&es);
        Fact {
            id,
            topics,
            date,
            sources,
            related: related.into_boxed_slice(),
            checked,
            disputed,
            texts: Arc::clone(shared),
            first_piece,
            english_pieces,
            pieces,
        }
    }

    /// The fact, reading its texts from `texts`, its file's finished buffer.
    pub(crate) fn with_texts(&mut self, texts: &Arc<FileTexts>) {
        self.texts = Arc::clone(texts);
    }

    /// The file the fact came from (for curators' messages).
    pub fn file(&self) -> &Path {
        &self.texts.path
    }

    /// The fact's text in `lang`.
    pub fn text(&self, lang: Lang) -> Localized<'_> {
        let all = &self.texts.ends;
        let first = self.first_piece as usize;
        let split = first + self.english_pieces as usize;
        let (from, to) = match lang {
            Lang::En => (first, split),
            Lang::Es => (split, first + self.pieces as usize),
        };
        Localized {
            text: &self.texts.text,
            // A piece starts where the one before it, in this fact or the previous, ends.
            start: from.checked_sub(1).map_or(0, |before| all[before]),
            ends: &all[from..to],
        }
    }
}

/// A validated, immutable fact base.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    /// All facts, in file order.
    pub facts: Vec<Fact>,
    /// All sources, in file order.
    pub sources: Vec<Source>,
    /// Synonym groups, folded; the first entry of each is the canonical form.
    pub aliases: Vec<Vec<String>>,
    /// Names and places that on their own say a question is about Colombia ("Duque",
    /// "Tolemaida"), lowercased: a question naming one and another country is not a near miss.
    pub colombian: Vec<String>,
    /// Positions of the facts, sorted by id (ids are unique): a large base would otherwise
    /// hold every id twice.
    facts_by_id: Box<[u32]>,
    source_ids: HashMap<String, usize>,
}

impl KnowledgeBase {
    /// Builds a base from parts already validated (ids unique, references resolve).
    pub(crate) fn from_parts(
        facts: Vec<Fact>,
        sources: Vec<Source>,
        aliases: Vec<Vec<String>>,
        colombian: Vec<String>,
    ) -> Self {
        let mut facts_by_id: Vec<u32> = (0..facts.len() as u32).collect();
        facts_by_id.sort_unstable_by(|&a, &b| facts[a as usize].id.cmp(&facts[b as usize].id));
        let source_ids = sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        KnowledgeBase {
            facts,
            sources,
            aliases,
            colombian,
            facts_by_id: facts_by_id.into_boxed_slice(),
            source_ids,
        }
    }

    /// A fact by id.
    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.fact_index(id).map(|i| &self.facts[i])
    }

    /// Position of a fact by id.
    pub fn fact_index(&self, id: &str) -> Option<usize> {
        self.facts_by_id
            .binary_search_by(|&i| self.facts[i as usize].id.as_str().cmp(id))
            .ok()
            .map(|found| self.facts_by_id[found] as usize)
    }

    /// A source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_ids.get(id).map(|&i| &self.sources[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision() {
        let cases = [
            ("2017", "2017", "2017"),
            ("2017-05", "May 2017", "mayo de 2017"),
            ("2018-05-31", "31 May 2018", "31 de mayo de 2018"),
        ];
        for (iso, en, es) in cases {
            let date = FactDate::parse(iso).unwrap();
            assert_eq!(date.display(Lang::En), en);
            assert_eq!(date.display(Lang::Es), es);
            assert_eq!(date.iso(), iso);
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        for bad in [
            "2019-02-30",
            "2019-13",
            "2019-00",
            "19",
            "2019/05",
            "2019-5",
            "",
            "2019-05-01-02",
            "1066",
        ] {
            assert_eq!(FactDate::parse(bad), None, "{bad}");
        }
        assert!(FactDate::parse("2024-02-29").is_some());
    }

    #[test]
    fn ranges_collapse_within_a_month() {
        let range = EventDate {
            start: FactDate::parse("2023-05-22").unwrap(),
            end: FactDate::parse("2023-05-25"),
            approximate: false,
        };
        assert_eq!(range.display(Lang::En), "22–25 May 2023");
        assert_eq!(range.display(Lang::Es), "22–25 de mayo de 2023");
        let approx = EventDate {
            start: FactDate::parse("2018").unwrap(),
            end: None,
            approximate: true,
        };
        assert_eq!(approx.display(Lang::En), "c. 2018");
    }
}
