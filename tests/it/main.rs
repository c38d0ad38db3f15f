//! The single integration-test binary (one link step on the 2-core CI).

mod cli;
mod engine;
mod fuzz;
mod knowledge;
mod load;
mod reload;
mod support;
mod tidy;
