//! The single integration-test binary (one link step on the 2-core CI).

mod engine;
mod knowledge;
mod support;
