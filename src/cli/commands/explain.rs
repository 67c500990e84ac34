//! `recapgraph explain`: how one recap file is read, as text or JSON on stdout; no store.

use std::io::Write;
use std::process::ExitCode;

use recapgraph::ingest;

use crate::cli::args::{Cli, ExplainArgs, ExplainFormat};
use crate::cli::console::Console;
use crate::cli::exit::CommandResult;

pub fn run(cli: &Cli, con: &Console, args: &ExplainArgs) -> CommandResult {
    let iris = ingest::iri_scheme(cli.base.as_deref())?;
    let explanation =
        ingest::explain_file(&args.file, args.config.as_deref(), &args.vocabulary, &iris)?;
    // Made whole, then written in one go.
    let text = match args.format {
        ExplainFormat::Text => explanation.to_text(),
        ExplainFormat::Json => serde_json::to_string_pretty(&explanation)? + "\n",
    };
    let mut out = con.out();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
