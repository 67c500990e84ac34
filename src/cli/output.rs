//! How the commands print: the progress bar on stderr (built one way for every command),
//! lines that go above it, and pretty JSON. What a command prints is the command's; how
//! it gets to the terminal is here and in `console` (which stdout and stderr).

use std::borrow::Cow;
use std::io::Write;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::console::Console;

/// A progress bar on stderr, or nothing when it is not wanted or stderr is no terminal
/// of this process: every method is then a no-op, except `println`, which prints the
/// line plainly (to the client, inside `serve`).
pub struct Progress<'a> {
    bar: Option<ProgressBar>,
    console: &'a Console,
}

impl<'a> Progress<'a> {
    /// A bar drawn with indicatif's `template` when `shown` and stderr is a terminal:
    /// counting up to `total`, or a ticking spinner when the total is not known.
    pub fn new(console: &'a Console, shown: bool, total: Option<u64>, template: &str) -> Self {
        if !shown || !console.draws_progress() {
            return Self { bar: None, console };
        }
        let (bar, fallback) = match total {
            Some(len) => (ProgressBar::new(len), ProgressStyle::default_bar()),
            None => (ProgressBar::new(0), ProgressStyle::default_spinner()),
        };
        if let Some(target) = console.progress_target() {
            bar.set_draw_target(target);
        }
        bar.set_style(ProgressStyle::with_template(template).unwrap_or(fallback));
        if total.is_none() {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Self {
            bar: Some(bar),
            console,
        }
    }

    pub fn is_shown(&self) -> bool {
        self.bar.is_some()
    }

    pub fn inc(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    pub fn set_message(&self, message: impl Into<Cow<'static, str>>) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
        }
    }

    /// `line` on stderr: above the bar when there is one.
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => self.console.eprintln(line),
        }
    }

    /// Takes the bar off the terminal.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// `value` as pretty-printed JSON and a newline.
pub fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}
