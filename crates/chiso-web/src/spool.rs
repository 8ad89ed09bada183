//! Uploads written to a temporary file as they arrive, so that memory stays bounded however
//! large the file (up to [`MAX_FILE_BYTES`]): the import page's multipart field and the
//! API's request body both go through it.

use chiso_app::Problem;
use chiso_app::exchange::MAX_FILE_BYTES;
use std::io::{Seek, Write};

/// Bytes kept from the start of the file, for telling its format.
const HEAD: usize = 512;

/// An upload being written to disk.
pub(crate) struct Spool {
    file: std::fs::File,
    /// Bytes received so far.
    pub size: u64,
    /// The first bytes, for the format guess.
    pub head: Vec<u8>,
}

impl Spool {
    /// A new, empty spool (an anonymous temporary file).
    pub fn new() -> Result<Spool, Problem> {
        Ok(Spool {
            file: tempfile::tempfile().map_err(unreadable)?,
            size: 0,
            head: Vec::new(),
        })
    }

    /// Appends a piece; a problem (`import.too_large`) once the file outgrows the limit.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), Problem> {
        self.size += bytes.len() as u64;
        if self.size > MAX_FILE_BYTES {
            return Err(Problem::invalid("import.too_large")
                .arg("size", self.size)
                .arg("max", MAX_FILE_BYTES));
        }
        if self.head.len() < HEAD {
            let take = bytes.len().min(HEAD - self.head.len());
            self.head.extend_from_slice(&bytes[..take]);
        }
        self.file.write_all(bytes).map_err(unreadable)
    }

    /// Reads a whole request body into the spool.
    pub async fn of_body(body: axum::body::Body) -> Result<Spool, Problem> {
        use http_body_util::BodyExt;
        let mut spool = Spool::new()?;
        let mut body = body;
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame.map_err(unreadable)?.into_data() {
                spool.push(&data)?;
            }
        }
        Ok(spool)
    }

    /// The file from its start, buffered.
    pub fn into_reader(mut self) -> Result<std::io::BufReader<std::fs::File>, Problem> {
        self.file.rewind().map_err(unreadable)?;
        Ok(std::io::BufReader::with_capacity(256 * 1024, self.file))
    }
}

fn unreadable(e: impl std::fmt::Display) -> Problem {
    Problem::invalid("import.unreadable").arg("detail", e.to_string())
}
