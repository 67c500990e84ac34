//! `recapgraph query`: the list of named queries (`--list`), or one query with its
//! `--param`s run on the store, its results in the chosen format on stdout and, with
//! `--explain`, the evaluation plan on stderr.

use std::io::Write;
use std::process::ExitCode;

use recapgraph::query::{self, OutputFormat};

use super::open_store;
use crate::cli::args::{Cli, Format, QueryArgs};
use crate::cli::console::Console;
use crate::cli::exit::CommandResult;

pub fn run(cli: &Cli, con: &Console, args: &QueryArgs) -> CommandResult {
    if args.list {
        return list(con);
    }
    let input = args.query.as_deref().unwrap_or_default();
    let text = query::resolve(input)?;
    let bindings = args
        .params
        .iter()
        .map(|p| query::parse_param(p))
        .collect::<Result<Vec<_>, _>>()?;
    query::check_params(input, &bindings)?;
    let store = open_store(cli, con, true)?;
    let (results, explanation) = if args.explain {
        let (results, explanation) = store.query_explained(&text, &bindings)?;
        (results, Some(explanation))
    } else {
        (store.query(&text, &bindings), None)
    };
    let results = results?;
    let mut out = con.out();
    query::write_results(
        results,
        output_format(args.format, con),
        store.iris().base(),
        &mut out,
    )?;
    out.flush()?;
    if let Some(explanation) = explanation {
        let mut err = con.err();
        explanation
            .write_in_json(&mut err)
            .and_then(|()| writeln!(err))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `--list`: each named query, what it answers and its parameters.
fn list(con: &Console) -> CommandResult {
    let rows: Vec<Vec<String>> = query::named_queries()
        .into_iter()
        .map(|q| {
            let params = q
                .params
                .iter()
                .map(|(n, _)| format!("--param {n}=…"))
                .collect::<Vec<_>>()
                .join(" ");
            vec![q.name.to_owned(), q.description, params]
        })
        .collect();
    let mut out = con.out();
    query::write_table(
        &mut out,
        &["name".into(), "answers".into(), "parameters".into()],
        &rows,
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `--format`, or a table on a terminal and TSV otherwise.
fn output_format(format: Option<Format>, con: &Console) -> OutputFormat {
    match format {
        None if con.stdout_is_terminal() => OutputFormat::Table,
        None => OutputFormat::Tsv,
        Some(Format::Table) => OutputFormat::Table,
        Some(Format::Csv) => OutputFormat::Csv,
        Some(Format::Tsv) => OutputFormat::Tsv,
        Some(Format::Json) => OutputFormat::Json,
        Some(Format::Xml) => OutputFormat::Xml,
        Some(Format::Turtle) => OutputFormat::Turtle,
        Some(Format::Ntriples) => OutputFormat::NTriples,
    }
}
