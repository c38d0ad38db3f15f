//! The dated events of the fact base, in order, each at its own precision.

use crate::knowledge::{EventDate, Fact, Lang};

use super::{normalize, Citation, Engine};

/// Which dated events `timeline` lists.
#[derive(Debug, Clone, Default)]
pub struct TimelineFilter {
    /// First year included.
    pub from: Option<u16>,
    /// Last year included.
    pub to: Option<u16>,
    /// Only facts carrying this topic.
    pub topic: Option<String>,
}

/// One dated event, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    /// The fact it comes from.
    pub fact_id: String,
    /// Its date, at its own precision.
    pub date: EventDate,
    /// The date shown in the requested language.
    pub date_label: String,
    /// One-line title in the requested language.
    pub title: String,
    /// Its sources.
    pub citations: Vec<Citation>,
    /// Sources disagree.
    pub disputed: bool,
}

impl Engine {
    /// The dated events matching `filter`, oldest first, at their own precision.
    ///
    /// Within a year, year-only events come first, then month-only, then exact days.
    pub fn timeline(&self, filter: &TimelineFilter, lang: Lang) -> Vec<TimelineEntry> {
        let topic = filter.topic.as_deref().map(normalize::fold);
        let mut entries: Vec<(usize, &Fact, EventDate)> = self
            .kb
            .facts
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.date.map(|d| (i, f, d)))
            .filter(|(_, _, d)| filter.from.is_none_or(|from| d.start.year >= from))
            .filter(|(_, _, d)| {
                filter
                    .to
                    .is_none_or(|to| d.end.unwrap_or(d.start).year.min(d.start.year) <= to)
            })
            .filter(|(_, f, _)| match &topic {
                None => true,
                Some(t) => f
                    .topics
                    .iter()
                    .any(|ft| normalize::fold(ft).starts_with(t.as_str())),
            })
            .collect();
        entries.sort_by_key(|(i, _, d)| {
            (
                d.start.year,
                d.start.month.unwrap_or(0),
                d.start.day.unwrap_or(0),
                *i,
            )
        });
        entries
            .into_iter()
            .map(|(_, fact, date)| TimelineEntry {
                fact_id: fact.id.clone(),
                date,
                date_label: date.display(lang),
                title: fact.text(lang).title().to_string(),
                citations: self.citations(fact, lang),
                disputed: fact.disputed,
            })
            .collect()
    }
}
