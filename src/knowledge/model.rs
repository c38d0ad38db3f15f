//! The validated fact base: what the engine and the renderers see.
//!
//! Values here are only made by `validate`, so every invariant listed on a type holds.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

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

/// One fact's text in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localized {
    /// One line: timeline entry, "did you mean" label.
    pub title: String,
    /// The answer shown to the user.
    pub answer: String,
    /// Ways people ask for it; the matcher learns from these.
    pub questions: Vec<String>,
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

/// One curated fact.
///
/// Invariants: cites at least one existing source; `related` ids exist; both languages present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// Stable id.
    pub id: String,
    /// Topic words (`/timeline topic:` filters on them).
    pub topics: Vec<String>,
    /// When the event happened, for events.
    pub date: Option<EventDate>,
    /// Ids of the sources the answer rests on, in the curator's order.
    pub sources: Vec<String>,
    /// Ids of facts a reader may want next.
    pub related: Vec<String>,
    /// The day a curator last checked the fact against its sources.
    pub checked: FactDate,
    /// Sources disagree; the answer says who says what.
    pub disputed: bool,
    /// English text.
    pub en: Localized,
    /// Spanish text.
    pub es: Localized,
    /// File the fact came from (for curators' messages).
    pub file: PathBuf,
}

impl Fact {
    /// The fact's text in `lang`.
    pub fn text(&self, lang: Lang) -> &Localized {
        match lang {
            Lang::En => &self.en,
            Lang::Es => &self.es,
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
    fact_ids: HashMap<String, usize>,
    source_ids: HashMap<String, usize>,
}

impl KnowledgeBase {
    /// Builds a base from parts already validated (ids unique, references resolve).
    pub(crate) fn from_parts(
        facts: Vec<Fact>,
        sources: Vec<Source>,
        aliases: Vec<Vec<String>>,
    ) -> Self {
        let fact_ids = facts
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        let source_ids = sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        KnowledgeBase {
            facts,
            sources,
            aliases,
            fact_ids,
            source_ids,
        }
    }

    /// A fact by id.
    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.fact_ids.get(id).map(|&i| &self.facts[i])
    }

    /// Position of a fact by id.
    pub fn fact_index(&self, id: &str) -> Option<usize> {
        self.fact_ids.get(id).copied()
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
