//! enlace answers questions about the partnership between NATO and Colombia from a curated,
//! sourced fact base, in English and Spanish.
//!
//! The crate is one engine with thin adapters:
//! - [`knowledge`] loads and validates the fact files (no I/O beyond reading them);
//! - [`engine`] matches a question to a fact: pure, synchronous, deterministic;
//! - [`store`] holds the live fact base and swaps a reloaded one in atomically;
//! - [`render`] turns answers into terminal text, JSON and Discord-sized embeds;
//! - [`cli`] and [`bot`] are the terminal and Discord adapters.
//!
//! See `ARCHITECTURE.md` for the map and the invariants.
#![deny(missing_docs)]

pub mod bot;
pub mod cli;
pub mod config;
pub mod engine;
pub mod eval;
pub mod knowledge;
pub mod render;
pub mod store;
pub mod watch;
