//! serde types that mirror the JSON files exactly: the low-level form.
//!
//! `deny_unknown_fields` everywhere, so a misspelt field is an error with its line, not a
//! silently ignored value. Only `validate` turns these into `model` types.

use std::borrow::Cow;

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
    #[serde(default)]
    pub colombian: Vec<String>,
}

/// One fact as written; its texts borrow from the file where they need no unescaping, as
/// they are copied into the file's text buffer anyway.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact<'a> {
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
    #[serde(borrow)]
    pub en: Localized<'a>,
    #[serde(borrow)]
    pub es: Localized<'a>,
}

/// One language block of a fact.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized<'a> {
    #[serde(borrow)]
    pub title: Cow<'a, str>,
    #[serde(borrow)]
    pub answer: Cow<'a, str>,
    #[serde(borrow)]
    pub questions: Vec<Text<'a>>,
}

/// A string of the file, borrowed where it has no escapes (serde borrows a `Cow` only when it
/// is a field of its own, not an item of a `Vec`).
#[derive(Deserialize)]
#[serde(transparent)]
pub struct Text<'a>(#[serde(borrow)] pub Cow<'a, str>);

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
