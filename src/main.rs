//! The `recapgraph` command line: parses arguments, calls the library, prints, exits.
//!
//! Exit codes: 0 all good; 1 the run finished but found problems (files that failed to
//! ingest); 2 the run could not be done (bad usage, a store that cannot be opened, an
//! invalid query).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

/// mimalloc instead of the system allocator: ingest allocates many small strings on the
/// parsing threads and frees them on the bulk loader's, which glibc's allocator handles
/// slowly (it took a third of the CPU time of a large ingest). Built with `override`, so
/// RocksDB's C++ allocates from it too: Oxigraph frees RocksDB's error strings with Rust's
/// allocator, which crashes when the two differ.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use clap::{Parser, Subcommand, ValueEnum};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use recapgraph::ingest::{self, FileOutcome, IngestEvent, IngestOptions};
use recapgraph::query::{self, OutputFormat};
use recapgraph::store::RecapStore;

#[derive(Parser)]
#[command(
    name = "recapgraph",
    version,
    about = "Turn meeting recaps into a knowledge graph you can query"
)]
struct Cli {
    /// Store directory (RocksDB).
    #[arg(
        long,
        global = true,
        env = "RECAPGRAPH_STORE",
        default_value = "recapgraph.db"
    )]
    store: PathBuf,
    /// Use a throwaway in-memory store instead of --store.
    #[arg(long, global = true)]
    memory: bool,
    /// Base IRI for meetings, people, topics… (default https://recapgraph.example/).
    #[arg(long, global = true, env = "RECAPGRAPH_BASE")]
    base: Option<String>,
    /// Print only errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Print every file as it is ingested.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Ingest recap files or folders (.md .markdown .txt .textile).
    Ingest {
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Re-ingest files even when unchanged.
        #[arg(long)]
        force: bool,
        /// Remove graphs of files under the given folders that no longer exist.
        #[arg(long)]
        prune: bool,
        /// Extra topic vocabulary (SKOS Turtle, IRIs relative to the base).
        #[arg(long)]
        vocabulary: Vec<PathBuf>,
        /// Refuse files bigger than this many bytes.
        #[arg(long, default_value_t = recapgraph::recap::DEFAULT_MAX_FILE_BYTES)]
        max_file_size: u64,
        /// Refuse files with more links than this (each link is about 10 triples).
        #[arg(long, default_value_t = recapgraph::recap::DEFAULT_MAX_LINKS)]
        max_links: usize,
        /// Files read and parsed per round, in parallel (bounds memory).
        #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..))]
        batch_size: u64,
        /// Commit new files every this many triples; a crash loses at most the
        /// uncommitted ones (each file's graph is always all-or-nothing).
        #[arg(long, default_value_t = recapgraph::ingest::DEFAULT_COMMIT_QUADS as u64, value_parser = clap::value_parser!(u64).range(1..))]
        commit_triples: u64,
        /// Compact the store (see `compact`) after a run that wrote this many triples
        /// or more.
        #[arg(long, default_value_t = recapgraph::ingest::DEFAULT_COMPACT_AFTER_QUADS as u64, value_parser = clap::value_parser!(u64).range(1..))]
        compact_after_triples: u64,
        /// Never compact the store after the run.
        #[arg(long)]
        no_compact: bool,
        /// Folder settings (TOML: attendee_headings, agenda_headings, date_order,
        /// not_meetings) for every path given, instead of each folder's recapgraph.toml.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Run a SPARQL query: a named query, @file.rq, or SPARQL text.
    Query {
        /// Named query, @file.rq, or SPARQL.
        #[arg(required_unless_present = "list")]
        query: Option<String>,
        /// Output format (default: table on a terminal, tsv otherwise).
        #[arg(long, short)]
        format: Option<Format>,
        /// Bind a query variable: NAME=VALUE (repeatable).
        #[arg(long = "param", short = 'p')]
        params: Vec<String>,
        /// List the named queries.
        #[arg(long)]
        list: bool,
        /// After the results, print the evaluation plan with each step's rows and time
        /// (JSON) to stderr.
        #[arg(long)]
        explain: bool,
    },
    /// Counts: files, meetings, people, places, topics, documents, triples.
    Stats {
        /// Output format.
        #[arg(long, short, default_value = "table")]
        format: StatsFormat,
    },
    /// Show how one recap file is read, without a store: meeting or not and why, the
    /// date and where it came from, every attendance list with each entry taken or
    /// rejected (and why), and the agenda items with their lines and presenters.
    Explain {
        /// The recap file.
        file: PathBuf,
        /// Output format.
        #[arg(long, short, default_value = "text")]
        format: ExplainFormat,
        /// Folder settings (as for `ingest`); default: the recapgraph.toml beside the file.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Extra topic vocabulary (as for `ingest`).
        #[arg(long)]
        vocabulary: Vec<PathBuf>,
    },
    /// Check every ingested graph against the SHACL shapes (ontology/shapes.ttl).
    Validate,
    /// Compact the store's files: queries and re-ingests get faster. Ingest does it by
    /// itself after a run of a million triples or more.
    Compact,
    /// Answer SPARQL over HTTP (SPARQL 1.1 Protocol) and serve a query page at /.
    Serve(ServeArgs),
    /// Send the named graphs to a remote store (SPARQL 1.1 Graph Store Protocol).
    Push(PushArgs),
    /// Graphs built from the store.
    Graph {
        #[command(subcommand)]
        which: GraphCommand,
    },
    /// Check cited documents for link rot, and report what rotted.
    Links {
        #[command(subcommand)]
        which: LinksCommand,
    },
    /// Dump the graph as RDF.
    Export {
        /// RDF format.
        #[arg(long, short, default_value = "nquads")]
        format: ExportFormat,
        /// Output file (default: stdout).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Only this named graph (IRI).
        #[arg(long)]
        graph: Option<String>,
    },
}

#[derive(Subcommand)]
enum LinksCommand {
    /// Check every cited http(s) document; results are added to the `linkcheck` graph.
    /// Exits 1 when a document is broken or unreachable.
    Check(LinksCheckArgs),
    /// List the documents whose latest check was not ok, grouped by meeting.
    Report {
        /// Output format.
        #[arg(long, short, default_value = "table")]
        format: ReportFormatArg,
    },
}

#[derive(clap::Args)]
struct LinksCheckArgs {
    /// Only URLs matching this regex (repeatable).
    #[arg(long)]
    url_filter: Vec<String>,
    /// Never URLs matching this regex (repeatable).
    #[arg(long)]
    exclude: Vec<String>,
    /// Skip documents checked more recently than this (e.g. 30m, 12h, 1d, 2w).
    #[arg(long, default_value = "1d", value_parser = parse_age)]
    max_age: std::time::Duration,
    /// Check every document, however recently checked.
    #[arg(long)]
    force: bool,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u64).range(1..=4096))]
    concurrency: u64,
    /// Requests in flight at once to one host.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=1024))]
    per_host: u64,
    /// Seconds a request may take in all (connect, headers, any body read).
    #[arg(long, default_value_t = 20.0)]
    timeout: f64,
    /// Seconds a connection may take to open.
    #[arg(long, default_value_t = 10.0)]
    connect_timeout: f64,
    /// Retries after a transient failure (timeout, dropped connection, 429, 5xx).
    #[arg(long, default_value_t = 2)]
    retries: u32,
    /// Seconds before the first retry (doubled each time, plus jitter).
    #[arg(long, default_value_t = 1.0)]
    retry_wait: f64,
    /// Longest Retry-After (seconds) to honour; longer asks get no retry.
    #[arg(long, default_value_t = 60.0)]
    max_retry_after: f64,
    /// Redirects to follow.
    #[arg(long, default_value_t = 10)]
    max_redirects: usize,
    /// User-Agent header.
    #[arg(long, default_value = recapgraph::linkcheck::DEFAULT_USER_AGENT)]
    user_agent: String,
    /// Accepted statuses, e.g. 200..=299,403.
    #[arg(long, default_value = "100..=103,200..=299")]
    accept: recapgraph::linkcheck::StatusSet,
    /// Do not read HTML titles of deep links to catch soft 404s (saves one GET per page).
    #[arg(long)]
    no_soft_404: bool,
    /// Send GET first instead of HEAD.
    #[arg(long)]
    get: bool,
    /// Output format of the findings.
    #[arg(long, short, default_value = "table")]
    format: CheckFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExplainFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormatArg {
    Table,
    Json,
    Markdown,
}

fn parse_age(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: u64 = n
        .parse()
        .map_err(|_| format!("{s:?} is not an age like 30m, 12h, 1d or 2w"))?;
    let secs = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "" | "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return Err(format!("{s:?} is not an age like 30m, 12h, 1d or 2w")),
    };
    Ok(std::time::Duration::from_secs(n.saturating_mul(secs)))
}

fn seconds(s: f64, what: &str) -> Result<std::time::Duration> {
    std::time::Duration::try_from_secs_f64(s)
        .map_err(|_| anyhow::anyhow!("--{what} must be a positive number of seconds, not {s}"))
}

#[derive(Subcommand)]
enum GraphCommand {
    /// Topics linked when discussed in the same meeting (weights: meetings, shared people, shared documents).
    Topics(GraphArgs),
    /// People linked when they attended the same meeting (weight: meetings together).
    People(GraphArgs),
    /// People and topics: a person linked to the topics of the meetings they attended.
    Bipartite(GraphArgs),
}

/// One of the library's graph builders.
type GraphBuilder = fn(
    &RecapStore,
    &recapgraph::graph::GraphOptions,
) -> Result<recapgraph::graph::TopicGraph, recapgraph::graph::GraphError>;

#[derive(clap::Args)]
struct GraphArgs {
    /// Output format.
    #[arg(long, short, default_value = "dot")]
    format: GraphFormat,
    /// Output file (default: stdout).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Keep edges backed by at least N meetings.
    #[arg(long, default_value_t = 1)]
    min_weight: u64,
    /// Only meetings on or after this date (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Only meetings on or before this date (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    /// Keep only the N most frequent nodes (of each kind).
    #[arg(long)]
    top: Option<usize>,
    /// Print the analysis (degree, betweenness, communities) as a table instead.
    #[arg(long)]
    stats: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Dot,
    Svg,
    Graphml,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    Ntriples,
}

#[derive(Clone, Copy, ValueEnum)]
enum StatsFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Nquads,
    Trig,
    Turtle,
    Ntriples,
    Jsonld,
    Rdfxml,
}

/// An error that means "the run could not be done" (exit 2).
struct Fatal(anyhow::Error);

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(Fatal(e)) => {
            // The reader went away (`recapgraph query … | head`): not an error.
            let broken_pipe = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(broken_pipe)
                    || matches!(c.downcast_ref::<query::QueryError>(),
                        Some(query::QueryError::Io(io)) if broken_pipe(io))
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn open_store(cli: &Cli, must_exist: bool) -> Result<RecapStore> {
    let iris = ingest::iri_scheme(cli.base.as_deref())?;
    if cli.memory {
        return Ok(RecapStore::memory(iris)?);
    }
    let store = if must_exist {
        RecapStore::open_existing(&cli.store, iris)?
    } else {
        RecapStore::open(&cli.store, iris)?
    };
    Ok(store)
}

fn run(cli: &Cli) -> Result<ExitCode, Fatal> {
    let fatal = Fatal;
    match &cli.command {
        Command::Ingest {
            paths,
            force,
            prune,
            vocabulary,
            max_file_size,
            max_links,
            batch_size,
            commit_triples,
            compact_after_triples,
            no_compact,
            config,
        } => {
            // A bad config stops the run before the store is opened: nothing is written.
            ingest::FolderConfigs::load(paths, config.as_deref()).map_err(|e| fatal(e.into()))?;
            let store = open_store(cli, false).map_err(fatal)?;
            let vocab = ingest::prepare_vocabulary(&store, vocabulary)
                .context("cannot load the topic vocabulary")
                .map_err(fatal)?;
            let opts = IngestOptions {
                max_file_bytes: *max_file_size,
                force: *force,
                prune: *prune,
                batch_size: usize::try_from(*batch_size).unwrap_or(usize::MAX),
                commit_quads: usize::try_from(*commit_triples).unwrap_or(usize::MAX),
                max_links: *max_links,
                compact_after_quads: (!*no_compact)
                    .then(|| usize::try_from(*compact_after_triples).unwrap_or(usize::MAX)),
                config: config.clone(),
            };
            let bar = progress_bar(cli);
            let verbose = cli.verbose;
            let mut on_event = |event: IngestEvent<'_>| {
                let (file, outcome) = match event {
                    IngestEvent::Prepared(_) => {
                        if let Some(b) = &bar {
                            b.inc(1);
                        }
                        return;
                    }
                    IngestEvent::Finished(file, outcome) => (file, outcome),
                    IngestEvent::Compacting => {
                        match &bar {
                            Some(b) => b.set_message("compacting the store"),
                            None if verbose => eprintln!("compacting the store"),
                            None => {}
                        }
                        return;
                    }
                };
                match outcome {
                    FileOutcome::Failed(f) => {
                        let msg = format!("error: {f}");
                        match &bar {
                            Some(b) => b.println(msg),
                            None => eprintln!("{msg}"),
                        }
                    }
                    FileOutcome::Ingested { quads, meeting } if verbose => {
                        eprintln!(
                            "ingested {} ({quads} triples{})",
                            file.path.display(),
                            if *meeting { ", meeting" } else { "" }
                        );
                    }
                    FileOutcome::Unchanged if verbose => {
                        eprintln!("unchanged {}", file.path.display())
                    }
                    _ => {}
                }
            };
            let report = ingest::ingest(&store, &vocab, paths, &opts, &mut on_event)
                .context("ingest stopped")
                .map_err(fatal)?;
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            if !cli.quiet {
                eprintln!(
                    "ingested {} of {} files ({} meetings, {} triples) in {:.2}s{}; {} unchanged, {} failed{}",
                    report.ingested,
                    report.files,
                    report.meetings,
                    report.quads,
                    report.elapsed.as_secs_f64(),
                    compaction_note(&report),
                    report.unchanged,
                    report.failures.len(),
                    if *prune { format!(", {} pruned", report.pruned) } else { String::new() },
                );
            }
            Ok(if report.failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Query {
            query,
            format,
            params,
            list,
            explain,
        } => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            if *list {
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
                query::write_table(
                    &mut out,
                    &["name".into(), "answers".into(), "parameters".into()],
                    &rows,
                )
                .map_err(|e| fatal(e.into()))?;
                out.flush().map_err(|e| fatal(e.into()))?;
                return Ok(ExitCode::SUCCESS);
            }
            let text = query::resolve(query.as_deref().unwrap_or_default())
                .map_err(|e| fatal(e.into()))?;
            let bindings = params
                .iter()
                .map(|p| query::parse_param(p))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| fatal(e.into()))?;
            query::check_params(query.as_deref().unwrap_or_default(), &bindings)
                .map_err(|e| fatal(e.into()))?;
            let store = open_store(cli, true).map_err(fatal)?;
            let (results, explanation) = if *explain {
                let (results, explanation) = store
                    .query_explained(&text, &bindings)
                    .map_err(|e| fatal(e.into()))?;
                (results, Some(explanation))
            } else {
                (store.query(&text, &bindings), None)
            };
            let results = results.map_err(|e| fatal(e.into()))?;
            let format = format.map_or_else(
                || {
                    if std::io::stdout().is_terminal() {
                        OutputFormat::Table
                    } else {
                        OutputFormat::Tsv
                    }
                },
                |f| match f {
                    Format::Table => OutputFormat::Table,
                    Format::Csv => OutputFormat::Csv,
                    Format::Tsv => OutputFormat::Tsv,
                    Format::Json => OutputFormat::Json,
                    Format::Xml => OutputFormat::Xml,
                    Format::Turtle => OutputFormat::Turtle,
                    Format::Ntriples => OutputFormat::NTriples,
                },
            );
            query::write_results(results, format, store.iris().base(), &mut out)
                .map_err(|e| fatal(e.into()))?;
            out.flush().map_err(|e| fatal(e.into()))?;
            if let Some(explanation) = explanation {
                let mut err = std::io::stderr().lock();
                explanation
                    .write_in_json(&mut err)
                    .and_then(|()| writeln!(err))
                    .map_err(|e| fatal(e.into()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { format } => {
            let store = open_store(cli, true).map_err(fatal)?;
            let stats = store.stats().map_err(|e| fatal(e.into()))?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            match format {
                StatsFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &stats).map_err(|e| fatal(e.into()))?;
                    writeln!(out).map_err(|e| fatal(e.into()))?;
                }
                StatsFormat::Table => {
                    let rows = [
                        ("files", stats.files),
                        ("meetings", stats.meetings),
                        ("people", stats.people),
                        ("places", stats.places),
                        ("organizations", stats.organizations),
                        ("topics", stats.topics),
                        ("agenda items", stats.agenda_items),
                        ("documents", stats.documents),
                        ("link checks", stats.link_checks),
                        ("dead documents", stats.dead_documents),
                        ("triples", stats.triples),
                    ];
                    for (k, v) in rows {
                        writeln!(out, "{k:<15} {v:>9}").map_err(|e| fatal(e.into()))?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain {
            file,
            format,
            config,
            vocabulary,
        } => {
            let iris = ingest::iri_scheme(cli.base.as_deref()).map_err(|e| fatal(e.into()))?;
            let explanation = ingest::explain_file(file, config.as_deref(), vocabulary, &iris)
                .map_err(|e| fatal(e.into()))?;
            let text = match format {
                ExplainFormat::Text => explanation.to_text(),
                ExplainFormat::Json => {
                    let mut j =
                        serde_json::to_string_pretty(&explanation).map_err(|e| fatal(e.into()))?;
                    j.push('\n');
                    j
                }
            };
            std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .map_err(|e| fatal(e.into()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Compact => {
            let store = open_store(cli, true).map_err(fatal)?;
            let start = std::time::Instant::now();
            store
                .compact()
                .context("cannot compact the store")
                .map_err(fatal)?;
            if !cli.quiet {
                if cli.memory {
                    eprintln!("nothing to compact: the store is in memory");
                } else {
                    eprintln!(
                        "compacted {} in {:.2}s",
                        cli.store.display(),
                        start.elapsed().as_secs_f64()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate => {
            let store = open_store(cli, true).map_err(fatal)?;
            let checks =
                recapgraph::rdf::shapes::shape_checks(recapgraph::rdf::shapes::BUNDLED_SHAPES)
                    .map_err(|e| fatal(e.into()))?;
            let violations = store.validate(&checks).map_err(|e| fatal(e.into()))?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for v in &violations {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    v.graph,
                    v.focus,
                    v.constraint,
                    v.value.as_deref().unwrap_or("")
                )
                .map_err(|e| fatal(e.into()))?;
            }
            if !cli.quiet {
                eprintln!(
                    "{} constraints checked, {} violations",
                    checks.len(),
                    violations.len()
                );
            }
            Ok(if violations.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Serve(args) => serve_cmd(cli, args).map_err(fatal),
        Command::Push(args) => push_cmd(cli, args).map_err(fatal),
        Command::Graph { which } => {
            let (build, args): (GraphBuilder, &GraphArgs) = match which {
                GraphCommand::Topics(a) => (recapgraph::graph::topic_graph, a),
                GraphCommand::People(a) => (recapgraph::graph::people_graph, a),
                GraphCommand::Bipartite(a) => (recapgraph::graph::bipartite_graph, a),
            };
            let GraphArgs {
                format,
                output,
                min_weight,
                since,
                until,
                top,
                stats,
            } = args;
            for d in [since, until].into_iter().flatten() {
                if recapgraph::recap::parse_date(d).as_deref() != Some(d.as_str()) {
                    return Err(fatal(anyhow::anyhow!("bad date {d:?}: write YYYY-MM-DD")));
                }
            }
            let store = open_store(cli, true).map_err(fatal)?;
            let opts = recapgraph::graph::GraphOptions {
                min_weight: *min_weight,
                since: since.clone(),
                until: until.clone(),
                top: *top,
            };
            let g = build(&store, &opts).map_err(|e| fatal(e.into()))?;
            // DOT, GraphML and JSON are written as they are made: a graph of millions
            // of edges would otherwise sit in memory again as text.
            let write = |out: &mut dyn Write| -> anyhow::Result<()> {
                if *stats {
                    out.write_all(graph_stats(&g)?.as_bytes())?;
                } else {
                    match format {
                        GraphFormat::Dot => recapgraph::graph::write_dot(&g, out)?,
                        GraphFormat::Svg => {
                            out.write_all(recapgraph::graph::to_svg(&g).as_bytes())?;
                        }
                        GraphFormat::Graphml => recapgraph::graph::write_graphml(&g, out)?,
                        GraphFormat::Json => recapgraph::graph::write_json(&g, out)?,
                    }
                }
                out.flush()?;
                Ok(())
            };
            match output {
                Some(path) => std::fs::File::create(path)
                    .map_err(anyhow::Error::from)
                    .and_then(|f| write(&mut std::io::BufWriter::new(f)))
                    .with_context(|| format!("cannot write {}", path.display()))
                    .map_err(fatal)?,
                None => {
                    write(&mut std::io::BufWriter::new(std::io::stdout().lock())).map_err(fatal)?
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Links { which } => match which {
            LinksCommand::Check(args) => links_check(cli, args),
            LinksCommand::Report { format } => {
                let store = open_store(cli, true).map_err(fatal)?;
                let groups = recapgraph::links::report(&store)
                    .context("cannot build the link report")
                    .map_err(fatal)?;
                let format = match format {
                    ReportFormatArg::Table => recapgraph::links::ReportFormat::Table,
                    ReportFormatArg::Json => recapgraph::links::ReportFormat::Json,
                    ReportFormatArg::Markdown => recapgraph::links::ReportFormat::Markdown,
                };
                let stdout = std::io::stdout();
                let mut out = std::io::BufWriter::new(stdout.lock());
                recapgraph::links::write_report(&groups, format, &mut out)
                    .map_err(|e| fatal(e.into()))?;
                out.flush().map_err(|e| fatal(e.into()))?;
                if groups.is_empty() && !cli.quiet {
                    eprintln!("no cited document failed its latest check (run `recapgraph links check` first)");
                }
                Ok(ExitCode::SUCCESS)
            }
        },
        Command::Export {
            format,
            output,
            graph,
        } => {
            let store = open_store(cli, true).map_err(fatal)?;
            let rdf = match format {
                ExportFormat::Nquads => RdfFormat::NQuads,
                ExportFormat::Trig => RdfFormat::TriG,
                ExportFormat::Turtle => RdfFormat::Turtle,
                ExportFormat::Ntriples => RdfFormat::NTriples,
                ExportFormat::Jsonld => RdfFormat::JsonLd {
                    profile: JsonLdProfileSet::empty(),
                },
                ExportFormat::Rdfxml => RdfFormat::RdfXml,
            };
            let graph = graph
                .as_deref()
                .map(oxigraph::model::NamedNode::new)
                .transpose()
                .context("--graph must be an absolute IRI")
                .map_err(fatal)?;
            match output {
                Some(path) => {
                    let file = std::fs::File::create(path)
                        .with_context(|| format!("cannot create {}", path.display()))
                        .map_err(fatal)?;
                    let mut w = store
                        .dump(rdf, graph.as_ref(), std::io::BufWriter::new(file))
                        .with_context(|| format!("cannot write {}", path.display()))
                        .map_err(fatal)?;
                    w.flush().map_err(|e| fatal(e.into()))?;
                }
                None => {
                    let stdout = std::io::stdout();
                    let mut w = store
                        .dump(rdf, graph.as_ref(), std::io::BufWriter::new(stdout.lock()))
                        .map_err(|e| fatal(e.into()))?;
                    w.flush().map_err(|e| fatal(e.into()))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The topic graph's analysis as a table and a summary line.
fn graph_stats(g: &recapgraph::graph::TopicGraph) -> std::io::Result<String> {
    let mut nodes: Vec<_> = g.nodes.iter().collect();
    nodes.sort_by(|a, b| {
        b.weighted_degree
            .cmp(&a.weighted_degree)
            .then(b.meetings.cmp(&a.meetings))
    });
    let rows: Vec<Vec<String>> = nodes
        .iter()
        .map(|n| {
            vec![
                n.label.clone(),
                n.meetings.to_string(),
                n.degree.to_string(),
                n.weighted_degree.to_string(),
                format!("{:.3}", n.betweenness),
                n.community.to_string(),
                n.component.to_string(),
            ]
        })
        .collect();
    let header: Vec<String> = [
        "node",
        "meetings",
        "degree",
        "weighted",
        "betweenness",
        "community",
        "component",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let mut buf = Vec::new();
    query::write_table(&mut buf, &header, &rows)?;
    let communities = g
        .nodes
        .iter()
        .map(|n| n.community)
        .max()
        .map_or(0, |c| c + 1);
    let components = g
        .nodes
        .iter()
        .map(|n| n.component)
        .max()
        .map_or(0, |c| c + 1);
    let co = g.edges.iter().filter(|e| e.kind.from_meetings()).count();
    let mut text = String::from_utf8_lossy(&buf).into_owned();
    text.push_str(&format!(
        "\n{} nodes, {co} edges from meetings, {} vocabulary edges, {components} components, {communities} communities\n",
        g.nodes.len(),
        g.edges.len() - co
    ));
    let sources = recapgraph::graph::betweenness_sources(g.nodes.len(), co);
    if sources < g.nodes.len() {
        text.push_str(&format!(
            "betweenness estimated from {sources} of {} nodes (the graph is too large for the exact one; --top or --min-weight make it smaller)\n",
            g.nodes.len()
        ));
    }
    Ok(text)
}

fn links_check(cli: &Cli, args: &LinksCheckArgs) -> Result<ExitCode, Fatal> {
    use recapgraph::linkcheck::{CheckConfig, Selection};
    let fatal = Fatal;
    let config = CheckConfig {
        concurrency: usize::try_from(args.concurrency).unwrap_or(128),
        per_host: usize::try_from(args.per_host).unwrap_or(8),
        timeout: seconds(args.timeout, "timeout").map_err(fatal)?,
        connect_timeout: seconds(args.connect_timeout, "connect-timeout").map_err(fatal)?,
        retries: args.retries,
        retry_wait: seconds(args.retry_wait, "retry-wait").map_err(fatal)?,
        max_retry_after: seconds(args.max_retry_after, "max-retry-after").map_err(fatal)?,
        max_redirects: args.max_redirects,
        user_agent: args.user_agent.clone(),
        accept: args.accept.clone(),
        soft_404: !args.no_soft_404,
        get_first: args.get,
    };
    let selection = Selection {
        url_filter: args.url_filter.clone(),
        exclude: args.exclude.clone(),
        max_age: (!args.force).then_some(args.max_age),
    };
    let store = open_store(cli, true).map_err(fatal)?;
    let plan = recapgraph::links::plan(&store, &selection)
        .context("cannot plan the link check")
        .map_err(fatal)?;
    let bar = (!cli.quiet && !cli.verbose && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(plan.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} links checked [{elapsed_precise}, {eta} left] {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let verbose = cli.verbose;
    let run = recapgraph::links::check(&store, plan, &config, |r| {
        if let Some(b) = &bar {
            b.inc(1);
        }
        if verbose {
            eprintln!(
                "{:<11} {} {}",
                r.outcome.as_str(),
                r.status.map_or("-".into(), |s| s.to_string()),
                r.url
            );
        }
    })
    .context("link check stopped")
    .map_err(fatal)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        CheckFormat::Json => {
            let findings: Vec<_> = run
                .findings
                .iter()
                .map(|f| serde_json::json!({"documents": f.documents, "result": f.result}))
                .collect();
            let still: Vec<_> = run
                .still_failing
                .iter()
                .map(|(doc, last)| {
                    serde_json::json!({
                        "document": doc,
                        "outcome": last.outcome,
                        "status": last.status,
                        "error_kind": last.error_kind,
                        "checked_at": last.at.to_rfc3339(),
                    })
                })
                .collect();
            let json = serde_json::json!({
                "summary": run.summary,
                "findings": findings,
                "still_failing": still,
            });
            serde_json::to_writer_pretty(&mut out, &json).map_err(|e| fatal(e.into()))?;
            writeln!(out).map_err(|e| fatal(e.into()))?;
        }
        CheckFormat::Table => {
            for f in &run.findings {
                let r = &f.result;
                let status = r.status.map_or_else(|| "-".to_owned(), |s| s.to_string());
                let why = match (r.error_kind, &r.message) {
                    (Some(k), Some(m)) => format!("{k}: {m}"),
                    (Some(k), None) => k.to_string(),
                    (None, _) if r.final_url != r.url => format!("→ {}", r.final_url),
                    _ => String::new(),
                };
                writeln!(
                    out,
                    "{:<11} {status:>3}  {}  {why}",
                    r.outcome.as_str(),
                    r.url
                )
                .map_err(|e| fatal(e.into()))?;
            }
            for (doc, last) in &run.still_failing {
                let status = last
                    .status
                    .map_or_else(|| "-".to_owned(), |s| s.to_string());
                writeln!(
                    out,
                    "{:<11} {status:>3}  {doc}  {}(as of {}; --force rechecks)",
                    last.outcome,
                    last.error_kind
                        .as_deref()
                        .map(|k| format!("{k} "))
                        .unwrap_or_default(),
                    last.at.format("%Y-%m-%d %H:%M UTC")
                )
                .map_err(|e| fatal(e.into()))?;
            }
        }
    }
    out.flush().map_err(|e| fatal(e.into()))?;
    if !cli.quiet {
        eprintln!("{}", run.summary);
    }
    Ok(if run.summary.has_failures() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn progress_bar(cli: &Cli) -> Option<indicatif::ProgressBar> {
    if cli.quiet || cli.verbose || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {pos} files ingested [{elapsed_precise}] {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on (loopback by default; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:7878")]
    bind: std::net::SocketAddr,
    /// Stop a query after this many seconds (answered with 503).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    query_timeout: u64,
    /// Refuse results bigger than this many bytes (answered with 500).
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    max_result_bytes: usize,
    /// Accept SPARQL updates from requests bearing --update-token.
    #[arg(long, requires = "update_token")]
    allow_update: bool,
    /// The bearer token updates must carry (at least 16 characters).
    #[arg(long, env = "RECAPGRAPH_UPDATE_TOKEN", hide_env_values = true)]
    update_token: Option<String>,
    /// Let web pages from any origin query the endpoint (YASGUI, hosted notebooks).
    #[arg(long)]
    cors: bool,
    /// Keep ingesting these files or folders while serving: new recaps appear, changed
    /// ones are swapped in place (a query sees the old or the new, never neither).
    #[arg(long, value_name = "PATH")]
    watch: Vec<PathBuf>,
    /// Seconds between two rounds of --watch (a quiet round costs a stat per file).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..), requires = "watch")]
    watch_every: u64,
    /// With --watch: seconds between rounds that read and hash every file, catching
    /// edits that kept the size and modification time (0: only the first round).
    #[arg(long, default_value_t = 600, requires = "watch")]
    watch_rehash: u64,
    /// With --watch: also remove the graphs of recaps deleted from the watched folders.
    #[arg(long, requires = "watch")]
    prune: bool,
    /// With --watch: extra topic vocabulary (SKOS Turtle), as for `ingest`.
    #[arg(long, requires = "watch")]
    vocabulary: Vec<PathBuf>,
    /// With --watch: folder settings for every watched path, instead of each folder's
    /// recapgraph.toml (as for `ingest`).
    #[arg(long, value_name = "FILE", requires = "watch")]
    config: Option<PathBuf>,
}

#[derive(clap::Args)]
struct PushArgs {
    /// The remote store's Graph Store Protocol URL (Oxigraph: http://host:7878/store,
    /// Fuseki: http://host:3030/DATASET/data).
    #[arg(long)]
    endpoint: String,
    /// HTTP Basic credentials, USER:PASSWORD.
    #[arg(long, conflicts_with = "token")]
    auth: Option<String>,
    /// A bearer token.
    #[arg(long, env = "RECAPGRAPH_PUSH_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Send every graph, not only those changed since the last push to this endpoint.
    #[arg(long)]
    all: bool,
    /// List what would be sent, send nothing.
    #[arg(long)]
    dry_run: bool,
    /// Retries per graph after a connection error, a timeout, 429 or 5xx.
    #[arg(long, default_value_t = 3)]
    retries: u32,
    /// Seconds allowed per request.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// `recapgraph serve`: holds the store (and its lock) until Ctrl-C or SIGTERM.
fn serve_cmd(cli: &Cli, args: &ServeArgs) -> Result<ExitCode> {
    use recapgraph::serve::{ServeConfig, Server};
    let update_token = if args.allow_update {
        let t = args.update_token.clone().unwrap_or_default();
        if t.chars().count() < 16 {
            anyhow::bail!(
                "--update-token must be at least 16 characters (e.g. from `openssl rand -hex 16`)"
            );
        }
        Some(t)
    } else {
        None
    };
    // A bad config stops here, before the store is opened; one broken later is reported
    // by each round, which then writes nothing.
    ingest::FolderConfigs::load(&args.watch, args.config.as_deref())?;
    // With --watch the store may be new: the first round fills it.
    let store = open_store(cli, args.watch.is_empty())?;
    let watcher = if args.watch.is_empty() {
        None
    } else {
        let vocab = ingest::prepare_vocabulary(&store, &args.vocabulary)
            .context("cannot load the topic vocabulary")?;
        let opts = IngestOptions {
            prune: args.prune,
            config: args.config.clone(),
            ..IngestOptions::default()
        };
        let (stop, stop_rx) = std::sync::mpsc::channel::<()>();
        let times = ingest::WatchTimes {
            every: std::time::Duration::from_secs(args.watch_every),
            rehash: (args.watch_rehash > 0)
                .then(|| std::time::Duration::from_secs(args.watch_rehash)),
        };
        let (store, paths, quiet) = (store.clone(), args.watch.clone(), cli.quiet);
        let thread = std::thread::spawn(move || {
            let mut reported = std::collections::HashSet::new();
            ingest::watch(
                &store,
                &vocab,
                &paths,
                &opts,
                times,
                &stop_rx,
                &mut |round| {
                    watch_log(round, quiet, &mut reported);
                },
            );
        });
        Some((stop, thread))
    };
    let config = ServeConfig {
        bind: args.bind,
        query_timeout: std::time::Duration::from_secs(args.query_timeout),
        max_result_bytes: args.max_result_bytes,
        update_token,
        access_log: !cli.quiet,
        cors: args.cors,
        ..ServeConfig::default()
    };
    let updates = config.update_token.is_some();
    let served = runtime()?.block_on(async move {
        let server = Server::bind(store, config).await?;
        let addr = server.local_addr()?;
        eprintln!(
            "serving {} at http://{addr}/ (SPARQL endpoint http://{addr}/sparql, {}); Ctrl-C to stop",
            cli.store.display(),
            if updates { "updates allowed with the token" } else { "read-only" }
        );
        if !addr.ip().is_loopback() {
            eprintln!("warning: listening on {} — anyone who can reach this address can query the graph", addr.ip());
        }
        server.run(shutdown_signal()).await?;
        anyhow::Ok(())
    });
    // The ingest round in progress finishes (or the store would be left mid-commit).
    if let Some((stop, thread)) = watcher {
        drop(stop);
        // Between rounds the thread returns at once; only a round takes longer.
        std::thread::sleep(std::time::Duration::from_millis(100));
        if !thread.is_finished() {
            eprintln!("waiting for the ingest round in progress to finish");
        }
        if thread.join().is_err() {
            anyhow::bail!("the --watch ingest thread panicked");
        }
    }
    served?;
    eprintln!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// One line per `serve --watch` round that changed something, and every file that
/// failed: once while its failure stays the same (`reported` holds the last round's),
/// not every round. Quiet rounds print nothing.
/// " (compacting the store: 1.23s)" when the run compacted the store, else nothing: the
/// end of an ingest's summary line and of a watch round's.
fn compaction_note(report: &ingest::IngestReport) -> String {
    report.compacted.map_or_else(String::new, |c| {
        format!(" (compacting the store: {:.2}s)", c.as_secs_f64())
    })
}

fn watch_log(
    round: Result<&ingest::IngestReport, &ingest::IngestError>,
    quiet: bool,
    reported: &mut std::collections::HashSet<String>,
) {
    match round {
        Ok(r) => {
            let failures: std::collections::HashSet<String> =
                r.failures.iter().map(ToString::to_string).collect();
            let new: Vec<&String> = failures.difference(reported).collect();
            for f in &new {
                eprintln!("watch: error: {f}");
            }
            let news = !new.is_empty();
            *reported = failures;
            if !quiet && (r.ingested > 0 || r.pruned > 0 || news) {
                eprintln!(
                    "watch: {} recaps ingested ({} triples), {} unchanged, {} removed, {} failed, in {:.1} s{}",
                    r.ingested,
                    r.quads,
                    r.unchanged,
                    r.pruned,
                    r.failures.len(),
                    r.elapsed.as_secs_f64(),
                    compaction_note(r)
                );
            }
        }
        Err(e @ ingest::IngestError::Config(_)) => {
            // Said once while it stays the same, like a file's failure.
            let message = e.to_string();
            if !reported.contains(&message) {
                eprintln!("watch: error: {message}; fix it: each round reads it again and ingests nothing until then");
                *reported = std::iter::once(message).collect();
            }
        }
        Err(e) => {
            eprintln!("watch: error: the ingest round stopped: {e}; the next round tries again")
        }
    }
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// `recapgraph push`: exit 1 when some graphs were not sent.
fn push_cmd(cli: &Cli, args: &PushArgs) -> Result<ExitCode> {
    use recapgraph::push::{self, Auth, Outcome, PushOptions, Reason};
    let mut opts = PushOptions::new(&args.endpoint)?;
    opts.all = args.all;
    opts.retries = args.retries;
    opts.timeout = std::time::Duration::from_secs(args.timeout);
    opts.auth = match (&args.auth, &args.token) {
        (Some(a), _) => {
            let (u, p) = a.split_once(':').context("--auth must be USER:PASSWORD")?;
            Auth::Basic(u.to_owned(), p.to_owned())
        }
        (None, Some(t)) => Auth::Bearer(t.clone()),
        (None, None) => Auth::None,
    };
    let store = open_store(cli, true)?;
    let state_file = (!cli.memory).then(|| push::state_path(&cli.store));
    let state = match &state_file {
        Some(p) => push::PushState::load(p)?,
        None => push::PushState::default(),
    };
    let plan = push::plan(&store, &state, &opts)?;
    let reason = |r: Reason| match r {
        Reason::New => "new",
        Reason::Changed => "changed",
        Reason::Forced => "unchanged, --all",
        Reason::Removed => "removed locally",
    };
    if args.dry_run {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for g in &plan.graphs {
            let verb = if g.reason == Reason::Removed {
                "DELETE"
            } else {
                "PUT"
            };
            writeln!(
                out,
                "{verb}\t{}\t{}\t{}",
                g.graph.as_str(),
                g.triples,
                reason(g.reason)
            )?;
        }
        if !cli.quiet {
            eprintln!(
                "dry run: would send {} graphs to {}; {} unchanged",
                plan.graphs.len(),
                opts.endpoint_key(),
                plan.unchanged
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let bar =
        (!cli.quiet && std::io::stderr().is_terminal() && !plan.graphs.is_empty()).then(|| {
            let b = indicatif::ProgressBar::new(plan.graphs.len() as u64);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} graphs [{elapsed_precise}] {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        });
    let verbose = cli.verbose;
    let on_graph = |g: &push::PlannedGraph, outcome: &Outcome| {
        if let Some(b) = &bar {
            b.inc(1);
            b.set_message(g.graph.as_str().to_owned());
        }
        let line = match outcome {
            Outcome::Done if verbose => format!(
                "sent {} ({} triples, {})",
                g.graph.as_str(),
                g.triples,
                reason(g.reason)
            ),
            Outcome::Failed(why) => format!("error: {}: {why}", g.graph.as_str()),
            _ => return,
        };
        match &bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    };
    let report = runtime()?.block_on(push::push(
        &store,
        &plan,
        &opts,
        state_file.as_deref(),
        on_graph,
    ))?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if let Some(why) = &report.stopped {
        let not_sent: Vec<&str> = report.failed.iter().map(|(g, _)| g.as_str()).collect();
        eprintln!(
            "error: the endpoint stopped answering ({why}); {} graphs not sent:",
            not_sent.len()
        );
        for g in not_sent {
            eprintln!("  {g}");
        }
        eprintln!("run the same push again to send them");
    }
    if !cli.quiet {
        eprintln!(
            "pushed {} graphs ({} triples) to {} in {:.2}s; {} removed, {} unchanged, {} failed",
            report.sent,
            report.triples,
            opts.endpoint_key(),
            report.elapsed.as_secs_f64(),
            report.removed,
            report.unchanged,
            report.failed.len()
        );
    }
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
