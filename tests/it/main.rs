//! The single integration-test binary (one link step on the 2-core CI).

mod broken;
mod cli;
mod engine;
mod fuzz;
mod knowledge;
mod load;
mod reload;
mod shipped;
mod support;
mod tidy;
