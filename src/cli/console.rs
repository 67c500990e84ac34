//! Where a command runs and prints: in its own process (this process's stdout and
//! stderr, the store it opens itself), or inside `serve` for a client (what it prints
//! streamed back as frames, the served store in hand). Commands print only through a
//! `Console`, so both give the same bytes.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;

use indicatif::{ProgressDrawTarget, TermLike};
use recapgraph::serve::OutputSink;
use recapgraph::store::RecapStore;

/// A command's surroundings; see the module doc.
pub struct Console {
    served: Option<Served>,
}

/// A command run inside `serve` for a client.
struct Served {
    sink: OutputSink,
    store: RecapStore,
    stdout_terminal: bool,
    /// The width of the client's stderr when it is a terminal: progress bars are drawn.
    progress_columns: Option<u16>,
    /// Paths the client gave relative, made absolute to be read here: (absolute, as
    /// given), so that lines naming a file show it as the client wrote it.
    shown: Vec<(String, String)>,
}

impl Console {
    /// This process's own stdout and stderr.
    pub fn local() -> Self {
        Self { served: None }
    }

    /// Inside `serve`: output to `sink`, the store `store`; whether the client's stdout
    /// is a terminal and its stderr's width when that is one; `shown` maps absolute
    /// paths back to the relative ones the client gave.
    pub fn served(
        sink: OutputSink,
        store: RecapStore,
        (stdout_terminal, progress_columns): (bool, Option<u16>),
        shown: Vec<(String, String)>,
    ) -> Self {
        Self {
            served: Some(Served {
                sink,
                store,
                stdout_terminal,
                progress_columns,
                shown,
            }),
        }
    }

    /// Standard output, buffered: the command flushes it, so that a write error is
    /// reported.
    pub fn out(&self) -> Box<dyn Write + '_> {
        match &self.served {
            None => Box::new(BufWriter::new(std::io::stdout().lock())),
            Some(s) => Box::new(BufWriter::with_capacity(
                64 * 1024,
                Stream {
                    sink: &s.sink,
                    stderr: false,
                },
            )),
        }
    }

    /// Standard error, unbuffered.
    pub fn err(&self) -> Box<dyn Write + '_> {
        match &self.served {
            None => Box::new(std::io::stderr().lock()),
            Some(s) => Box::new(Stream {
                sink: &s.sink,
                stderr: true,
            }),
        }
    }

    /// `line` and a newline on standard error. A client that went away loses it.
    pub fn eprintln(&self, line: impl std::fmt::Display) {
        match &self.served {
            None => eprintln!("{line}"),
            Some(s) => {
                let _ = s.sink.stderr(format!("{line}\n").as_bytes());
            }
        }
    }

    /// Whether standard output is a terminal (the client's, inside `serve`).
    pub fn stdout_is_terminal(&self) -> bool {
        self.served
            .as_ref()
            .map_or_else(|| std::io::stdout().is_terminal(), |s| s.stdout_terminal)
    }

    /// Whether a progress bar can be drawn: stderr (the client's, inside `serve`) is a
    /// terminal.
    pub fn draws_progress(&self) -> bool {
        self.served.as_ref().map_or_else(
            || std::io::stderr().is_terminal(),
            |s| s.progress_columns.is_some(),
        )
    }

    /// Where a progress bar is drawn inside `serve`: the client's terminal, through
    /// stderr frames (ten times a second at most); `None` in a process of its own
    /// (indicatif's own stderr target).
    pub fn progress_target(&self) -> Option<ProgressDrawTarget> {
        let s = self.served.as_ref()?;
        let term = SinkTerm {
            sink: s.sink.clone(),
            width: s.progress_columns?,
        };
        Some(ProgressDrawTarget::term_like_with_hz(Box::new(term), 10))
    }

    /// The store `serve` holds, when the command runs inside it.
    pub fn served_store(&self) -> Option<&RecapStore> {
        self.served.as_ref().map(|s| &s.store)
    }

    /// `path` as the user gave it: inside `serve`, a path under one the client gave
    /// relative shows relative again.
    pub fn shown_path(&self, path: &Path) -> String {
        let text = path.display().to_string();
        let Some(s) = &self.served else {
            return text;
        };
        s.shown
            .iter()
            .filter(|(abs, _)| {
                text.strip_prefix(abs.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(abs, _)| abs.len())
            .map_or_else(
                || text.clone(),
                |(abs, given)| format!("{given}{}", &text[abs.len()..]),
            )
    }
}

/// The client's terminal as indicatif sees it: its cursor moved by ANSI sequences in
/// stderr frames.
struct SinkTerm {
    sink: OutputSink,
    width: u16,
}

impl SinkTerm {
    fn ansi(&self, n: usize, code: char) -> std::io::Result<()> {
        if n == 0 {
            return Ok(());
        }
        self.sink.stderr(format!("\x1b[{n}{code}").as_bytes())
    }
}

impl std::fmt::Debug for SinkTerm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SinkTerm")
            .field("width", &self.width)
            .finish()
    }
}

impl TermLike for SinkTerm {
    fn width(&self) -> u16 {
        self.width
    }

    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        self.ansi(n, 'A')
    }

    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        self.ansi(n, 'B')
    }

    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        self.ansi(n, 'C')
    }

    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        self.ansi(n, 'D')
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.sink.stderr(format!("{s}\n").as_bytes())
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.sink.stderr(s.as_bytes())
    }

    fn clear_line(&self) -> std::io::Result<()> {
        self.sink.stderr(b"\r\x1b[2K")
    }

    fn flush(&self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One of the client's streams, each write a frame.
struct Stream<'a> {
    sink: &'a OutputSink,
    stderr: bool,
}

impl Write for Stream<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.stderr {
            self.sink.stderr(buf)?;
        } else {
            self.sink.stdout(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
