//! serde types that mirror the JSON files exactly: the low-level form.
//!
//! `deny_unknown_fields` everywhere, so a misspelt field is an error with its line, not a
//! silently ignored value. Only `validate` turns these into `model` types.

use serde::Deserialize;
use serde_json::value::RawValue;

/// `facts/<topic>.json`: the facts are kept raw so each one is parsed (and located) on its own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactsFile<'a> {
    #[serde(borrow)]
    pub facts: Vec<&'a RawValue>,
}

/// `sources.json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile<'a> {
    #[serde(borrow)]
    pub sources: Vec<&'a RawValue>,
}

/// `aliases.json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasesFile {
    pub groups: Vec<Vec<String>>,
}

/// One fact as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub id: String,
    pub topics: Vec<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub date_end: Option<String>,
    #[serde(default)]
    pub date_approximate: bool,
    pub sources: Vec<String>,
    #[serde(default)]
    pub related: Vec<String>,
    pub checked: String,
    #[serde(default)]
    pub disputed: bool,
    pub en: Localized,
    pub es: Localized,
}

/// One language block of a fact.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub title: String,
    pub answer: String,
    pub questions: Vec<String>,
}

/// The kinds of source, as written.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Nato,
    ColombianGovernment,
    OtherInstitution,
    Press,
}

/// One source as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub kind: SourceKind,
    pub url: String,
    pub published: Option<String>,
    pub updated: Option<String>,
    pub language: String,
    #[serde(default)]
    pub note: Option<String>,
}
