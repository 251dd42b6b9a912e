//! The `khabar` command. Argument parsing and glue only: the work is in the library crates.
//!
//! Exit codes: 0 success; 1 some records were bad (each reported, the rest processed);
//! 2 an input could not be read at all, or the command line is wrong.

mod analyze;

use std::io;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// khabar: Arabic news analysis.
#[derive(Parser, Debug)]
#[command(name = "khabar", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Analyse articles: normalised tokens and sentences with offsets, as JSON (schema 1).
    Analyze(analyze::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`khabar analyze ... | head`) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<io::Error>()
                    .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("khabar: {err:#}");
            ExitCode::from(2)
        }
    }
}
