//! The `enlace` binary: parse arguments, start logging, run the command, map errors to exit
//! codes (0 ok, 1 the fact base has problems, 2 any other error).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = enlace::cli::Cli::parse();
    match enlace::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
