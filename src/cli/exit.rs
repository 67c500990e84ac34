//! What a command's end tells the shell: `Fatal` (the run could not be done: exit code 2,
//! an `error: …` line) and `problems_if` (the run finished, exit code 1 when it found
//! problems). Every error converts into `Fatal`, so a command writes `?` and nothing more.

use std::fmt;
use std::process::ExitCode;

use recapgraph::query::QueryError;
use recapgraph::store::StoreError;

use super::console::Console;

/// What a command returns: its exit code when it ran, `Fatal` when it could not.
pub type CommandResult = Result<ExitCode, Fatal>;

/// The run could not be done: bad usage, a store that cannot be opened or is in use, an
/// invalid query. Displays as the error with its causes (`{:#}`: "context: cause").
pub struct Fatal(anyhow::Error);

impl Fatal {
    /// The exit code of a run that could not be done.
    pub const EXIT_CODE: u8 = 2;

    /// Whether the error is only the reader going away (`recapgraph query … | head`),
    /// which is no error.
    pub fn is_broken_pipe(&self) -> bool {
        let broken_pipe = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
        self.0.chain().any(|c| {
            c.downcast_ref::<std::io::Error>().is_some_and(broken_pipe)
                || matches!(c.downcast_ref::<QueryError>(),
                    Some(QueryError::Io(io)) if broken_pipe(io))
        })
    }

    /// Whether the run could not open the store because another process holds it.
    pub fn is_store_locked(&self) -> bool {
        self.0.chain().any(|c| {
            matches!(
                c.downcast_ref::<StoreError>(),
                Some(StoreError::Locked { .. })
            )
        })
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(Self::EXIT_CODE)
    }
}

impl<E: Into<anyhow::Error>> From<E> for Fatal {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// The exit code of a command's end: its own, or for an error 2 after an `error: …`
/// line on the console's stderr (a reader that went away is no error: 0, quietly).
pub fn finish(result: CommandResult, console: &Console) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(fatal) if fatal.is_broken_pipe() => ExitCode::SUCCESS,
        Err(fatal) => {
            console.eprintln(format_args!("error: {fatal:#}"));
            fatal.exit_code()
        }
    }
}

/// The number behind an exit code a command returns (`ExitCode` hides it): 0, 1
/// ([`problems_if`]) or 2 ([`Fatal::EXIT_CODE`]), the only ones commands use.
pub fn code_of(code: ExitCode) -> u8 {
    [0, 1]
        .into_iter()
        .find(|&n| code == ExitCode::from(n))
        .unwrap_or(Fatal::EXIT_CODE)
}

/// Exit code 1 when the finished run `found` problems (files that failed, violations,
/// broken links, graphs not sent), else 0.
pub fn problems_if(found: bool) -> ExitCode {
    if found {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
