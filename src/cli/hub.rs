//! Commands through a running `serve` (`recapgraph::hub`): on the client side, whether a
//! command uses the store and, when a live `serve` holds it, the command line sent there
//! and its output written here (`through_server`); on the server side, the admin
//! endpoint's runner (`ServedCommands`: the same dispatch as here, on the served store)
//! and the record `serve` leaves in the store folder (`admin_for`, `record`).

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use recapgraph::hub::{self, Access, RecordFile, RunRequest, ServerRecord};
use recapgraph::serve::{Admin, CommandRunner, OutputSink};
use recapgraph::store::RecapStore;

use super::args::{Cli, Command, GraphCommand, LinksCommand, ServeArgs};
use super::console::Console;
use super::exit::{code_of, Fatal};

/// Whether the command reads or writes the store; `None` when it uses none (or a
/// throwaway one in memory) and so always runs here.
pub fn access(cli: &Cli) -> Option<Access> {
    if cli.memory {
        return None;
    }
    match &cli.command {
        Command::Ingest(_)
        | Command::Compact
        | Command::Links {
            which: LinksCommand::Check(_) | LinksCommand::Fix(_),
        } => Some(Access::Write),
        Command::Query(q) if q.list => None,
        Command::Query(_)
        | Command::Stats(_)
        | Command::Validate
        | Command::Push(_)
        | Command::Graph { .. }
        | Command::Links {
            which: LinksCommand::Report(_),
        }
        | Command::Decisions(_)
        | Command::Actions(_)
        | Command::Topic(_)
        | Command::Topics { .. }
        | Command::Export(_) => Some(Access::Read),
        Command::Explain(_) | Command::Serve(_) => None,
    }
}

/// When a live `serve` holds the store the command uses: runs the command there, its
/// output written here as it comes, and returns its exit code. `None`: run it here (no
/// server, or a record its killed server left, which is removed).
pub fn through_server(cli: &Cli) -> Result<Option<ExitCode>, Fatal> {
    if access(cli).is_none() {
        return Ok(None);
    }
    let Some(record) = ServerRecord::read_live(&cli.store)? else {
        return Ok(None);
    };
    let argv = std::env::args_os()
        .map(std::ffi::OsString::into_string)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|arg| {
            anyhow::anyhow!(
                "the argument {arg:?} is not UTF-8, so it cannot be sent to the recapgraph serve holding the store (pid {}); stop the server to run it",
                record.pid
            )
        })?;
    let request = RunRequest {
        argv,
        cwd: std::env::current_dir().context("cannot read the working directory")?,
        store: cli.store.clone(),
        base: cli.base.clone(),
        push_token: match &cli.command {
            Command::Push(p) => p.token.clone(),
            _ => None,
        },
        stdout_terminal: std::io::stdout().is_terminal(),
        progress_columns: std::io::stderr()
            .is_terminal()
            .then(|| console::Term::stderr().size().1),
        quiet: cli.quiet,
        no_wait: cli.no_wait,
    };
    let code = hub::send(
        &record,
        &request,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )?;
    Ok(Some(ExitCode::from(code)))
}

/// After the store was found locked: a `serve` starting up records itself within
/// moments of opening the store, so look for its record a little while, and run the
/// command there when it appears. `None`: no server holds the store (an ingest does).
pub fn wait_for_server(cli: &Cli) -> Result<Option<ExitCode>, Fatal> {
    for _ in 0..10 {
        if let Some(code) = through_server(cli)? {
            return Ok(Some(code));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Ok(None)
}

/// The admin endpoint's runner: a command line parsed as here and run by the same
/// dispatch, on the served store, printing to the client.
pub struct ServedCommands;

impl CommandRunner for ServedCommands {
    fn access(&self, request: &RunRequest) -> Result<Access, String> {
        let cli = parse(request)?;
        access(&cli).ok_or_else(|| {
            "this command does not run through serve (it uses no store, or one in memory): run it in your own process".to_owned()
        })
    }

    fn run(&self, request: RunRequest, store: RecapStore, output: &OutputSink) -> u8 {
        let mut cli = match parse(&request) {
            Ok(cli) => cli,
            Err(why) => {
                let _ = output.stderr(why.as_bytes());
                return Fatal::EXIT_CODE;
            }
        };
        let shown = absolutize(&mut cli, &request.cwd);
        let console = Console::served(
            output.clone(),
            store,
            (request.stdout_terminal, request.progress_columns),
            shown,
        );
        code_of(super::run_in(&cli, &console))
    }
}

/// The client's command line, with the values the client took from its environment
/// (store, base, push token) instead of the server's.
fn parse(request: &RunRequest) -> Result<Cli, String> {
    let mut cli = Cli::try_parse_from(&request.argv).map_err(|e| e.to_string())?;
    cli.store.clone_from(&request.store);
    cli.base.clone_from(&request.base);
    if let Command::Push(p) = &mut cli.command {
        p.token.clone_from(&request.push_token);
    }
    Ok(cli)
}

/// Makes the relative paths of `cli` absolute from the client's `cwd` (the server has
/// its own working directory); returns (absolute, as given) of each, for
/// [`Console::shown_path`].
fn absolutize(cli: &mut Cli, cwd: &Path) -> Vec<(String, String)> {
    let mut shown = Vec::new();
    let mut abs = |p: &mut PathBuf| {
        if p.is_relative() {
            let given = p.display().to_string();
            *p = cwd.join(&*p);
            shown.push((p.display().to_string(), given));
        }
    };
    abs(&mut cli.store);
    match &mut cli.command {
        Command::Ingest(a) => {
            a.paths.iter_mut().for_each(&mut abs);
            a.vocabulary.iter_mut().for_each(&mut abs);
            a.config.iter_mut().for_each(&mut abs);
        }
        Command::Export(a) => a.output.iter_mut().for_each(&mut abs),
        Command::Graph { which } => {
            let (GraphCommand::Topics(a) | GraphCommand::People(a) | GraphCommand::Bipartite(a)) =
                which;
            a.output.iter_mut().for_each(&mut abs);
        }
        Command::Query(a) => {
            // `@file.rq`, or a bare `file.rq` that exists (what `query::resolve` reads).
            if let Some(q) = &mut a.query {
                if let Some(file) = q.strip_prefix('@') {
                    let mut p = PathBuf::from(file);
                    abs(&mut p);
                    *q = format!("@{}", p.display());
                } else if [".rq", ".sparql"].iter().any(|e| q.ends_with(e))
                    && cwd.join(&*q).is_file()
                {
                    let mut p = PathBuf::from(&*q);
                    abs(&mut p);
                    *q = p.display().to_string();
                }
            }
        }
        _ => {}
    }
    shown
}

/// The admin endpoint of `serve --store DIR`: on a loopback address always, elsewhere
/// only with `--admin`; none for a store in memory (no folder to record it in).
pub fn admin_for(cli: &Cli, args: &ServeArgs) -> anyhow::Result<Option<Admin>> {
    if cli.memory || !(args.bind.ip().is_loopback() || args.admin) {
        return Ok(None);
    }
    let token = hub::new_token().context("cannot make the admin token")?;
    Ok(Some(Admin::new(token, Arc::new(ServedCommands))))
}

/// Records the server listening on `addr` in the store folder; the record is removed
/// when the returned guard is dropped. None for a store in memory.
pub fn record(
    cli: &Cli,
    addr: SocketAddr,
    admin: Option<&Admin>,
) -> anyhow::Result<Option<RecordFile>> {
    if cli.memory {
        return Ok(None);
    }
    // Commands are sent over loopback even when the server listens on every address.
    let mut local = addr;
    if local.ip().is_unspecified() {
        local.set_ip(if addr.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    let record = ServerRecord {
        pid: std::process::id(),
        url: format!("http://{addr}/"),
        admin_url: admin.map(|_| format!("http://{local}/admin/run")),
        token: admin.map(|a| a.token().to_owned()),
    };
    Ok(Some(record.write(&cli.store)?))
}
