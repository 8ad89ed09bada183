//! Text decoding guard: data files must be UTF-8. A reader wrapper that passes UTF-8
//! through unchanged (minus a leading byte-order mark) and stops with the line of the first
//! byte that is not UTF-8, so a file saved in a legacy code page (TCVN3, VNI, Windows-1258)
//! or as UTF-16 is reported instead of being read as garbled text.

use super::ReadError;
use std::io::{self, Read};

/// The error carried inside `io::Error` when a non-UTF-8 byte is met.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not UTF-8 at line {line}")]
pub(crate) struct NotUtf8 {
    /// Line of the first bad byte.
    pub line: u64,
    /// A guess at the encoding.
    pub hint: &'static str,
}

/// Wraps a reader and checks that everything read through it is UTF-8.
pub struct Utf8Check<R> {
    inner: R,
    /// Bytes of an incomplete character at the end of the last read.
    pending: Vec<u8>,
    scratch: Vec<u8>,
    lines: u64,
    started: bool,
}

impl<R: Read> Utf8Check<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        Utf8Check {
            inner,
            pending: Vec::new(),
            scratch: Vec::new(),
            lines: 0,
            started: false,
        }
    }

    fn fail(&self, valid: &[u8], hint: &'static str) -> io::Error {
        let line = self.lines + count_lines(valid) + 1;
        io::Error::new(io::ErrorKind::InvalidData, NotUtf8 { line, hint })
    }
}

fn count_lines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| **b == b'\n').count() as u64
}

impl<R: Read> Read for Utf8Check<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = self.inner.read(buf)?;
        if !self.started && n > 0 {
            // Make sure a byte-order mark is seen whole.
            while n < 3 && n < buf.len() {
                let more = self.inner.read(&mut buf[n..])?;
                if more == 0 {
                    break;
                }
                n += more;
            }
            self.started = true;
            if buf[..n].starts_with(&[0xFF, 0xFE]) || buf[..n].starts_with(&[0xFE, 0xFF]) {
                return Err(self.fail(&[], "utf16"));
            }
            if buf[..n].starts_with(&[0xEF, 0xBB, 0xBF]) {
                buf.copy_within(3..n, 0);
                n -= 3;
            }
        }
        if n == 0 {
            if !self.pending.is_empty() {
                self.pending.clear();
                return Err(self.fail(&[], ""));
            }
            return Ok(0);
        }
        self.scratch.clear();
        self.scratch.extend_from_slice(&self.pending);
        self.scratch.extend_from_slice(&buf[..n]);
        match std::str::from_utf8(&self.scratch) {
            Ok(_) => {
                self.lines += count_lines(&buf[..n]);
                self.pending.clear();
                Ok(n)
            }
            Err(e) if e.error_len().is_none() => {
                // An incomplete character at the end: keep its bytes for the next read.
                // Hand out everything, the incomplete tail included; its bytes are checked
                // again together with the bytes that follow.
                self.pending = self.scratch[e.valid_up_to()..].to_vec();
                self.lines += count_lines(&buf[..n]);
                Ok(n)
            }
            Err(e) => {
                let valid = e.valid_up_to();
                let hint = legacy_hint(&self.scratch[valid..]);
                Err(self.fail(&self.scratch[..valid], hint))
            }
        }
    }
}

/// A guess at the encoding from the first bad bytes: `legacy` for a single-byte code page
/// (Windows-1258, TCVN3, VNI), empty when there is no guess.
fn legacy_hint(bad: &[u8]) -> &'static str {
    match bad.first() {
        Some(0x80..=0xFF) => "legacy",
        _ => "",
    }
}

/// Turns an I/O error met while reading into a [`ReadError`], keeping a non-UTF-8 finding.
pub(crate) fn read_error(e: &io::Error) -> ReadError {
    if let Some(bad) = e.get_ref().and_then(|x| x.downcast_ref::<NotUtf8>()) {
        return ReadError::NotUtf8 {
            line: bad.line,
            hint: bad.hint.to_string(),
        };
    }
    ReadError::Io(e.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8], chunk: usize) -> Result<String, ReadError> {
        struct Chunked<'a>(&'a [u8], usize);
        impl Read for Chunked<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        Utf8Check::new(Chunked(bytes, chunk))
            .read_to_end(&mut out)
            .map_err(|e| read_error(&e))?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn utf8_passes_even_split_inside_a_character() {
        let text = "mã,đơn vị\nXÃ Hòa Bình,1\n";
        for chunk in 1..8 {
            assert_eq!(read_all(text.as_bytes(), chunk).unwrap(), text);
        }
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("a,b\n".as_bytes());
        assert_eq!(read_all(&bytes, 2).unwrap(), "a,b\n");
    }

    #[test]
    fn legacy_code_page_is_reported_with_its_line() {
        // "Hòa" in Windows-1258: ò is 0xF2.
        let bytes = b"a,b\nc,d\nH\xF2a,1\n";
        match read_all(bytes, 3) {
            Err(ReadError::NotUtf8 { line, hint }) => {
                assert_eq!(line, 3);
                assert_eq!(hint, "legacy");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn utf16_is_reported() {
        let bytes = [0xFF, 0xFE, b'a', 0, b'\n', 0];
        assert!(matches!(
            read_all(&bytes, 10),
            Err(ReadError::NotUtf8 { line: 1, .. })
        ));
    }

    #[test]
    fn truncated_character_at_the_end_is_reported() {
        let bytes = "ab\nđ".as_bytes();
        let cut = &bytes[..bytes.len() - 1];
        assert!(matches!(
            read_all(cut, 2),
            Err(ReadError::NotUtf8 { line: 2, .. })
        ));
    }
}
