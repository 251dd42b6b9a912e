//! The `khabar` command. Argument parsing and glue only: the work is in the library crates.
//!
//! Exit codes: 0 success; 1 some records were bad (each reported, the rest processed);
//! 2 an input could not be read at all, or the command line is wrong.

mod analyze;
mod clusters;
mod gazetteer;
mod input;
mod keywords;
mod names;
mod ner;
mod quotes;
mod search;
mod seg;
mod serve;
mod time;

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
    /// Add articles to a search index (created if absent): full analysis on all cores.
    Index(search::IndexArgs),
    /// Search an index: ranked articles with the matches highlighted in their own spelling.
    Search(search::SearchArgs),
    /// Serve the JSON API and the web interface over an index (or a demo index) on loopback.
    Serve(serve::Args),
    /// Train a model from the shared data (writes the files embedded in the next build).
    #[command(subcommand)]
    Train(Train),
    /// Evaluate a model against a gold standard.
    #[command(subcommand)]
    Eval(Eval),
}

#[derive(Subcommand, Debug)]
enum Train {
    /// The clitic segmenter: corpus lexicon, protected names and the model.
    Seg(seg::TrainArgs),
    /// The entity tagger: gazetteer, word clusters and model.
    Ner(ner::TrainArgs),
    /// Keywords: document frequencies of the terms common in news.
    Keywords(keywords::TrainArgs),
    /// People's names harvested from news: what the entity tagger finds in many articles and
    /// almost everywhere the name is written, marked everywhere at run time.
    Names(names::TrainArgs),
}

#[derive(Subcommand, Debug)]
enum Eval {
    /// Clitic segmentation: "words" F1 (CoNLL 2018) on a CoNLL-U treebank, by clitic.
    Seg(seg::EvalArgs),
    /// Retrieval: ANT known-item and ARCD question->paragraph, MRR@10 and recall, side by side
    /// with tantivy's default and Snowball analysers.
    Search(search::EvalArgs),
    /// Named entities: exact-span F1 (CoNLL 2003) on a CoNLL file, by type.
    Ner(ner::EvalArgs),
    /// Dates and numbers: extraction F1 and resolution accuracy per Recognizers-Text spec file,
    /// each case against its own reference date.
    Time(time::EvalArgs),
    /// Quotes: span precision, recall and F1 (exact and overlap) and speaker accuracy on a
    /// JSON Lines gold file.
    Quotes(quotes::EvalArgs),
    /// Keywords: precision and recall against ANT headlines, side by side with word frequency
    /// and tf-idf of the words as written.
    Keywords(keywords::EvalArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Train(Train::Seg(args)) => seg::train(args),
        Command::Eval(Eval::Seg(args)) => seg::evaluate(args),
        Command::Index(args) => search::index(args),
        Command::Search(args) => search::search(args),
        Command::Serve(args) => serve::run(args),
        Command::Eval(Eval::Search(args)) => search::evaluate(args),
        Command::Train(Train::Ner(args)) => ner::train(args),
        Command::Eval(Eval::Ner(args)) => ner::evaluate(args),
        Command::Eval(Eval::Time(args)) => time::evaluate(args),
        Command::Eval(Eval::Quotes(args)) => quotes::evaluate(args),
        Command::Train(Train::Keywords(args)) => keywords::train(args),
        Command::Train(Train::Names(args)) => names::train(args),
        Command::Eval(Eval::Keywords(args)) => keywords::evaluate(args),
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
