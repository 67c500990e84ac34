//! Every clap type of the command line: the global options (`Cli`), the subcommands and
//! their flags, the value enums of `--format`, and the parsers of flag values (ages,
//! seconds). What the flags mean to the library is each command's business
//! (`commands/`); help text, defaults and checks are here.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "recapgraph",
    version,
    about = "Turn meeting recaps into a knowledge graph you can query"
)]
pub struct Cli {
    /// Store directory (RocksDB).
    #[arg(
        long,
        global = true,
        env = "RECAPGRAPH_STORE",
        default_value = "recapgraph.db"
    )]
    pub store: PathBuf,
    /// Use a throwaway in-memory store instead of --store.
    #[arg(long, global = true)]
    pub memory: bool,
    /// Base IRI for meetings, people, topics… (default https://recapgraph.example/).
    #[arg(long, global = true, env = "RECAPGRAPH_BASE")]
    pub base: Option<String>,
    /// Print only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print every file as it is ingested.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// While `serve` holds the store, a write (ingest, links check, compact) that finds
    /// another running exits 2 at once instead of waiting its turn.
    #[arg(long, global = true)]
    pub no_wait: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Ingest recap files or folders (.md .markdown .txt .textile).
    Ingest(IngestArgs),
    /// Run a SPARQL query: a named query, @file.rq, or SPARQL text.
    Query(QueryArgs),
    /// Counts: files, meetings, people, places, topics, documents, triples.
    Stats(StatsArgs),
    /// Show how one recap file is read, without a store: meeting or not and why, the
    /// date and where it came from, every attendance list with each entry taken or
    /// rejected (and why), and the agenda items with their lines and presenters.
    Explain(ExplainArgs),
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
    /// What meetings decided (Conclusion, Resolution, Decision, Consensus…), newest first.
    Decisions(DecisionsArgs),
    /// Action items and who owes them, newest meeting first.
    Actions(ActionsArgs),
    /// One topic's timeline: every meeting where it came up, oldest first, with the title
    /// it had there, presenters, cited documents and decisions; its other titles, its
    /// subject and its broader, narrower and related topics.
    Topic(TopicArgs),
    /// Work on the store's topics as a whole.
    Topics {
        #[command(subcommand)]
        which: TopicsCommand,
    },
    /// Dump the graph as RDF.
    Export(ExportArgs),
}

// The structs below carry no doc comment: clap would take it for the subcommand's help,
// which the variant's doc comment above already gives.

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Re-ingest files even when unchanged.
    #[arg(long)]
    pub force: bool,
    /// Remove graphs of files under the given folders that no longer exist.
    #[arg(long)]
    pub prune: bool,
    /// Extra topic vocabulary (SKOS Turtle, IRIs relative to the base).
    #[arg(long)]
    pub vocabulary: Vec<PathBuf>,
    /// Refuse files bigger than this many bytes.
    #[arg(long, default_value_t = recapgraph::recap::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,
    /// Refuse files with more links than this (each link is about 10 triples).
    #[arg(long, default_value_t = recapgraph::recap::DEFAULT_MAX_LINKS)]
    pub max_links: usize,
    /// Files read and parsed per round, in parallel (bounds memory).
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch_size: u64,
    /// Commit new files every this many triples; a crash loses at most the
    /// uncommitted ones (each file's graph is always all-or-nothing).
    #[arg(long, default_value_t = recapgraph::ingest::DEFAULT_COMMIT_QUADS as u64, value_parser = clap::value_parser!(u64).range(1..))]
    pub commit_triples: u64,
    /// Compact the store (see `compact`) after a run that wrote this many triples
    /// or more.
    #[arg(long, default_value_t = recapgraph::ingest::DEFAULT_COMPACT_AFTER_QUADS as u64, value_parser = clap::value_parser!(u64).range(1..))]
    pub compact_after_triples: u64,
    /// Never compact the store after the run.
    #[arg(long)]
    pub no_compact: bool,
    /// Folder settings (TOML: attendee_headings, agenda_headings, date_order,
    /// not_meetings) for every path given, instead of each folder's recapgraph.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct QueryArgs {
    /// Named query, @file.rq, or SPARQL.
    #[arg(required_unless_present = "list")]
    pub query: Option<String>,
    /// Output format (default: table on a terminal, tsv otherwise).
    #[arg(long, short)]
    pub format: Option<Format>,
    /// Bind a query variable: NAME=VALUE (repeatable).
    #[arg(long = "param", short = 'p')]
    pub params: Vec<String>,
    /// List the named queries.
    #[arg(long)]
    pub list: bool,
    /// After the results, print the evaluation plan with each step's rows and time
    /// (JSON) to stderr.
    #[arg(long)]
    pub explain: bool,
}

#[derive(clap::Args)]
pub struct StatsArgs {
    /// Output format.
    #[arg(long, short, default_value = "table")]
    pub format: StatsFormat,
}

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// The recap file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, short, default_value = "text")]
    pub format: ExplainFormat,
    /// Folder settings (as for `ingest`); default: the recapgraph.toml beside the file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Extra topic vocabulary (as for `ingest`).
    #[arg(long)]
    pub vocabulary: Vec<PathBuf>,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// RDF format.
    #[arg(long, short, default_value = "nquads")]
    pub format: ExportFormat,
    /// Output file (default: stdout).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Only this named graph (IRI).
    #[arg(long)]
    pub graph: Option<String>,
}

#[derive(Subcommand)]
pub enum LinksCommand {
    /// Check every cited http(s) document; results are added to the `linkcheck` graph.
    /// Exits 1 when a document is broken or unreachable.
    Check(LinksCheckArgs),
    /// List the documents whose latest check was not ok, grouped by meeting, with the
    /// replacements the check suggested.
    Report(LinksReportArgs),
    /// Replace dead or moved URLs in the recap files by the suggested replacements:
    /// prints a unified diff, or with --write rewrites the files and re-ingests them.
    /// Exits 1 when a file was refused (changed since it was ingested).
    Fix(LinksFixArgs),
}

#[derive(clap::Args)]
pub struct LinksCheckArgs {
    /// Only URLs matching this regex (repeatable).
    #[arg(long)]
    pub url_filter: Vec<String>,
    /// Never URLs matching this regex (repeatable).
    #[arg(long)]
    pub exclude: Vec<String>,
    /// Skip documents checked more recently than this (e.g. 30m, 12h, 1d, 2w).
    #[arg(long, default_value = "1d", value_parser = parse_age)]
    pub max_age: Duration,
    /// Check every document, however recently checked.
    #[arg(long)]
    pub force: bool,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub concurrency: u64,
    /// Requests in flight at once to one host.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub per_host: u64,
    /// Seconds a request may take in all (connect, headers, any body read).
    #[arg(long, default_value_t = 20.0)]
    pub timeout: f64,
    /// Seconds a connection may take to open.
    #[arg(long, default_value_t = 10.0)]
    pub connect_timeout: f64,
    /// Retries after a transient failure (timeout, dropped connection, 408, 429, 5xx).
    #[arg(long, default_value_t = 2)]
    pub retries: u32,
    /// Seconds before the first retry (doubled each time, plus jitter).
    #[arg(long, default_value_t = 1.0)]
    pub retry_wait: f64,
    /// Longest wait (seconds) between retries: a longer Retry-After gets no retry, and
    /// the backoff never waits longer.
    #[arg(long, default_value_t = 60.0)]
    pub max_retry_after: f64,
    /// Redirects to follow.
    #[arg(long, default_value_t = 10)]
    pub max_redirects: usize,
    /// User-Agent header.
    #[arg(long, default_value = recapgraph::linkcheck::DEFAULT_USER_AGENT)]
    pub user_agent: String,
    /// Accepted statuses, e.g. 200..=299,403.
    #[arg(long, default_value = "100..=103,200..=299")]
    pub accept: recapgraph::linkcheck::StatusSet,
    /// Do not read HTML titles of deep links to catch soft 404s (saves one GET per page).
    #[arg(long)]
    pub no_soft_404: bool,
    /// Send GET first instead of HEAD.
    #[arg(long)]
    pub get: bool,
    /// The Wayback-style availability API asked for the archived snapshot nearest each
    /// dead link's meeting date (`?url=…&timestamp=YYYYMMDD`).
    #[arg(long, value_name = "URL", default_value = recapgraph::linkcheck::DEFAULT_ARCHIVE_URL)]
    pub archive_url: String,
    /// Ask no web archive for snapshots of dead links.
    #[arg(long)]
    pub no_archive: bool,
    /// Look for no replacements at all (no archive, no https or GitHub probes); permanent
    /// redirects are still recorded with the check.
    #[arg(long)]
    pub no_suggest: bool,
    /// Hosts whose URLs have GitHub's shape, for the blob/master → blob/main move
    /// (repeatable; `host` or `host:port`, e.g. a GitHub Enterprise host).
    #[arg(long, value_name = "HOST", default_value = "github.com")]
    pub github_host: Vec<String>,
    /// Output format of the findings.
    #[arg(long, short, default_value = "table")]
    pub format: CheckFormat,
}

#[derive(clap::Args)]
pub struct LinksFixArgs {
    /// The recap files or folders, as given to `ingest` (files are matched to what the
    /// store knows of them by the names ingest gives them).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Rewrite the files (each atomically; refused when it changed since it was
    /// ingested) and re-ingest them, instead of printing the diff.
    #[arg(long)]
    pub write: bool,
    /// Only live addresses (permanent redirects, https, GitHub main) or only archived
    /// snapshots; by default a live address, else a snapshot.
    #[arg(long)]
    pub only: Option<FixOnlyArg>,
    /// With --write: the topic vocabulary the re-ingest uses (give what `ingest` had).
    #[arg(long, requires = "write")]
    pub vocabulary: Vec<PathBuf>,
    /// Folder settings for every path, instead of each folder's recapgraph.toml (as for
    /// `ingest`).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FixOnlyArg {
    Redirects,
    Archive,
}

#[derive(clap::Args)]
pub struct LinksReportArgs {
    /// Output format.
    #[arg(long, short, default_value = "table")]
    pub format: ReportFormatArg,
}

#[derive(clap::Args)]
pub struct DecisionsArgs {
    /// Only decisions about this topic (its label, as `query topics-by-meetings` lists it).
    #[arg(long)]
    pub topic: Option<String>,
    /// Only meetings on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Output format.
    #[arg(long, short, default_value = "table")]
    pub format: ReportFormatArg,
}

#[derive(clap::Args)]
pub struct ActionsArgs {
    /// Only actions not marked done (here or by a later meeting of the series).
    #[arg(long)]
    pub open: bool,
    /// Only actions this person owes (a name, first name or handle, any case).
    #[arg(long)]
    pub person: Option<String>,
    /// Output format.
    #[arg(long, short, default_value = "table")]
    pub format: ReportFormatArg,
}

fn parse_edges(s: &str) -> Result<recapgraph::graph::TopicEdges, String> {
    recapgraph::graph::TopicEdges::parse(s)
}

#[derive(clap::Args)]
pub struct TopicArgs {
    /// A label the topic goes by (preferred or alternative, any case), its IRI, or its slug.
    pub name: String,
    /// Output format.
    #[arg(long, short, default_value = "table")]
    pub format: ReportFormatArg,
}

#[derive(Subcommand)]
pub enum TopicsCommand {
    /// Draft a SKOS topic vocabulary (Turtle) from clusters of topics whose titles have
    /// the same key words, with the evidence as comments: edit it, then pass it back with
    /// `ingest --vocabulary FILE --force`.
    Suggest(SuggestArgs),
}

#[derive(clap::Args)]
pub struct SuggestArgs {
    /// Write the draft here instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum GraphCommand {
    /// Topics linked when discussed in the same meeting (weights: meetings, shared people, shared documents).
    Topics(GraphArgs),
    /// People linked when they attended the same meeting (weight: meetings together).
    People(GraphArgs),
    /// People and topics: a person linked to the topics of the meetings they attended.
    Bipartite(GraphArgs),
}

#[derive(clap::Args)]
pub struct GraphArgs {
    /// Output format.
    #[arg(long, short, default_value = "dot")]
    pub format: GraphFormat,
    /// Output file (default: stdout).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Keep edges backed by at least N meetings.
    #[arg(long, default_value_t = 1)]
    pub min_weight: u64,
    /// Only meetings on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only meetings on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// Keep only the N most frequent nodes (of each kind).
    #[arg(long)]
    pub top: Option<usize>,
    /// Print the analysis (degree, betweenness, communities) as a table instead.
    #[arg(long)]
    pub stats: bool,
    /// Kinds of edge between topics, comma-separated: `phrase` (related/broader key
    /// phrases), `documents` (documents cited under both), `people` (people at meetings
    /// about both), `meeting` (discussed in the same meeting), or `all`. The people and
    /// bipartite graphs ignore it.
    #[arg(long, default_value = "phrase,documents", value_parser = parse_edges)]
    pub edges: recapgraph::graph::TopicEdges,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (loopback by default; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,
    /// Stop a query after this many seconds (answered with 503).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub query_timeout: u64,
    /// Refuse results bigger than this many bytes (answered with 500).
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    pub max_result_bytes: usize,
    /// Accept SPARQL updates from requests bearing --update-token.
    #[arg(long, requires = "update_token")]
    pub allow_update: bool,
    /// The bearer token updates must carry (at least 16 characters).
    #[arg(long, env = "RECAPGRAPH_UPDATE_TOKEN", hide_env_values = true)]
    pub update_token: Option<String>,
    /// Let web pages from any origin query the endpoint (YASGUI, hosted notebooks).
    #[arg(long)]
    pub cors: bool,
    /// Run the store owner's commands (`ingest`, `query`… in another terminal, with the
    /// token recorded in the store folder) on a non-loopback --bind too; on loopback
    /// they always run.
    #[arg(long)]
    pub admin: bool,
    /// Keep ingesting these files or folders while serving: new recaps appear, changed
    /// ones are swapped in place (a query sees the old or the new, never neither).
    #[arg(long, value_name = "PATH")]
    pub watch: Vec<PathBuf>,
    /// Seconds between two rounds of --watch (a quiet round costs a stat per file).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..), requires = "watch")]
    pub watch_every: u64,
    /// With --watch: seconds between rounds that read and hash every file, catching
    /// edits that kept the size and modification time (0: only the first round).
    #[arg(long, default_value_t = 600, requires = "watch")]
    pub watch_rehash: u64,
    /// With --watch: also remove the graphs of recaps deleted from the watched folders.
    #[arg(long, requires = "watch")]
    pub prune: bool,
    /// With --watch: extra topic vocabulary (SKOS Turtle), as for `ingest`.
    #[arg(long, requires = "watch")]
    pub vocabulary: Vec<PathBuf>,
    /// With --watch: folder settings for every watched path, instead of each folder's
    /// recapgraph.toml (as for `ingest`).
    #[arg(long, value_name = "FILE", requires = "watch")]
    pub config: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct PushArgs {
    /// The remote store's Graph Store Protocol URL (Oxigraph: http://host:7878/store,
    /// Fuseki: http://host:3030/DATASET/data).
    #[arg(long)]
    pub endpoint: String,
    /// HTTP Basic credentials, USER:PASSWORD.
    #[arg(long, conflicts_with = "token")]
    pub auth: Option<String>,
    /// A bearer token.
    #[arg(long, env = "RECAPGRAPH_PUSH_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Send every graph, not only those changed since the last push to this endpoint.
    #[arg(long)]
    pub all: bool,
    /// List what would be sent, send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Retries per graph after a timeout, a dropped connection, 408, 429 or 5xx (a refused
    /// connection stops the push at once; a rerun resumes it).
    #[arg(long, default_value_t = 3)]
    pub retries: u32,
    /// Seconds allowed per request.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    Ntriples,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StatsFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Nquads,
    Trig,
    Turtle,
    Ntriples,
    Jsonld,
    Rdfxml,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ReportFormatArg {
    Table,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Svg,
    Graphml,
    Json,
}

/// `--max-age`: a number with `s`, `m`, `h`, `d` (the default unit) or `w`.
fn parse_age(s: &str) -> Result<Duration, String> {
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
    Ok(Duration::from_secs(n.saturating_mul(secs)))
}

/// A flag given in seconds (`--timeout 2.5`), refused when negative or not finite.
pub fn seconds(s: f64, what: &str) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(s)
        .map_err(|_| anyhow::anyhow!("--{what} must be a positive number of seconds, not {s}"))
}
