//! The admin endpoint's answer: a stream of frames, each one byte of kind, four bytes of
//! big-endian length and the payload: bytes the command wrote to stdout, bytes it wrote
//! to stderr, and last its exit code.
//!
//! Invariant: a complete answer ends with exactly one exit frame; anything after it is
//! ignored, and an answer without one broke off.

/// The media type of a frame stream.
pub const FRAMES_MEDIA_TYPE: &str = "application/vnd.recapgraph.frames";

const STDOUT: u8 = 1;
const STDERR: u8 = 2;
const EXIT: u8 = 3;
const HEADER: usize = 5;

/// One piece of a command's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// Bytes written to stdout.
    Stdout(Vec<u8>),
    /// Bytes written to stderr.
    Stderr(Vec<u8>),
    /// The command's exit code; the last frame.
    Exit(u8),
}

impl Frame {
    /// The frame as bytes on the wire.
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let (kind, payload): (u8, &[u8]) = match self {
            Self::Stdout(b) => (STDOUT, b),
            Self::Stderr(b) => (STDERR, b),
            Self::Exit(code) => (EXIT, std::slice::from_ref(code)),
        };
        let len = u32::try_from(payload.len()).unwrap_or(u32::MAX);
        let mut out = Vec::with_capacity(HEADER + payload.len());
        out.push(kind);
        out.extend_from_slice(&len.to_be_bytes());
        // A payload over 4 GiB cannot be framed; writers send at most a buffer at a time.
        out.extend_from_slice(&payload[..len as usize]);
        out
    }
}

/// Frames out of bytes that arrive in pieces of any size.
#[derive(Debug, Default)]
pub struct FrameDecoder {
    pending: Vec<u8>,
}

impl FrameDecoder {
    /// Adds the bytes that arrived.
    pub fn push(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
    }

    /// The next complete frame, if one has arrived; `Err` names a kind no server sends.
    ///
    /// # Errors
    /// When the stream holds a frame of an unknown kind (it is no frame stream).
    pub fn next_frame(&mut self) -> Result<Option<Frame>, String> {
        if self.pending.len() < HEADER {
            return Ok(None);
        }
        let kind = self.pending[0];
        let len = u32::from_be_bytes([
            self.pending[1],
            self.pending[2],
            self.pending[3],
            self.pending[4],
        ]) as usize;
        if !matches!((kind, len), (STDOUT | STDERR, _) | (EXIT, 1)) {
            return Err(format!("a frame of unknown kind {kind} ({len} bytes)"));
        }
        if self.pending.len() < HEADER + len {
            return Ok(None);
        }
        let payload: Vec<u8> = self.pending.drain(..HEADER + len).skip(HEADER).collect();
        Ok(Some(match kind {
            STDOUT => Frame::Stdout(payload),
            STDERR => Frame::Stderr(payload),
            // An exit frame's one byte (its length was checked above).
            _ => Frame::Exit(payload.first().copied().unwrap_or(2)),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_survive_any_split() {
        let frames = vec![
            Frame::Stdout(b"a\tb\n".to_vec()),
            Frame::Stderr(Vec::new()),
            Frame::Stderr("é\n".as_bytes().to_vec()),
            Frame::Exit(1),
        ];
        let wire: Vec<u8> = frames.iter().flat_map(Frame::encode).collect();
        for piece in 1..=wire.len() {
            let mut decoder = FrameDecoder::default();
            let mut got = Vec::new();
            for chunk in wire.chunks(piece) {
                decoder.push(chunk);
                while let Some(f) = decoder.next_frame().expect("known kinds") {
                    got.push(f);
                }
            }
            assert_eq!(got, frames, "pieces of {piece}");
        }
    }

    #[test]
    fn unknown_kinds_are_refused() {
        let mut decoder = FrameDecoder::default();
        decoder.push(b"HTTP/1.1 200 OK\r\n");
        assert!(decoder.next_frame().is_err());
        let mut decoder = FrameDecoder::default();
        decoder.push(&[EXIT, 0, 0, 0, 2, 0, 0]);
        assert!(decoder.next_frame().is_err(), "an exit code is one byte");
    }
}
