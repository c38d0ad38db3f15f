//! The single integration-test binary (one link step on the 2-core CI).

mod baselines;
mod broken;
mod cli;
mod discord;
mod engine;
mod fuzz;
mod knowledge;
mod load;
mod quality;
mod reload;
mod shipped;
mod support;
mod tidy;
