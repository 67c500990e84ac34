//! How the commands print: the progress bar on stderr (built one way for every command),
//! lines that go above it, buffered stdout, and pretty JSON. What a command prints is the
//! command's; how it gets to the terminal is here.

use std::borrow::Cow;
use std::io::{BufWriter, IsTerminal, StdoutLock, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar on stderr, or nothing when it is not wanted or stderr is no terminal:
/// every method is then a no-op, except `println`, which prints the line plainly.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar drawn with indicatif's `template` when `shown` and stderr is a terminal:
    /// counting up to `total`, or a ticking spinner when the total is not known.
    pub fn new(shown: bool, total: Option<u64>, template: &str) -> Self {
        if !shown || !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let (bar, fallback) = match total {
            Some(len) => (ProgressBar::new(len), ProgressStyle::default_bar()),
            None => (ProgressBar::new(0), ProgressStyle::default_spinner()),
        };
        bar.set_style(ProgressStyle::with_template(template).unwrap_or(fallback));
        if total.is_none() {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Self(Some(bar))
    }

    pub fn is_shown(&self) -> bool {
        self.0.is_some()
    }

    pub fn inc(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    pub fn set_message(&self, message: impl Into<Cow<'static, str>>) {
        if let Some(bar) = &self.0 {
            bar.set_message(message);
        }
    }

    /// `line` on stderr: above the bar when there is one.
    pub fn println(&self, line: &str) {
        match &self.0 {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    /// Takes the bar off the terminal.
    pub fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Standard output, locked and buffered, for a command that writes many small pieces.
/// The command flushes it, so that a write error is reported.
pub fn stdout_buffered() -> BufWriter<StdoutLock<'static>> {
    BufWriter::new(std::io::stdout().lock())
}

/// `value` as pretty-printed JSON and a newline.
pub fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}
