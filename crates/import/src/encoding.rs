//! Text encodings of delimited files: which one a file is in, and a reader that turns its bytes
//! into UTF-8 as they stream past (a big file is never held whole).
//!
//! Detection looks at the start of the file only: a byte-order mark says UTF-8 or UTF-16;
//! otherwise bytes that are valid UTF-8 are UTF-8, and anything else is taken as GB18030 (the
//! superset of GBK and GB2312 that Chinese Excel writes CSV in) if it decodes as that without
//! errors. A malformed sequence later in the file stops the read with an error instead of
//! becoming replacement characters in the data.

use std::io::{self, Read};

use encoding_rs::{Decoder, DecoderResult, Encoding as Rs, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use serde::Serialize;

/// How many bytes detection looks at.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// A text encoding the reader understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    Utf8,
    /// UTF-8 starting with a byte-order mark (what Excel's "CSV UTF-8" writes).
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// GB18030, which GBK files are a part of.
    Gb18030,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf8",
            Encoding::Utf8Bom => "utf8_bom",
            Encoding::Utf16Le => "utf16le",
            Encoding::Utf16Be => "utf16be",
            Encoding::Gb18030 => "gb18030",
        }
    }

    fn rs(self) -> &'static Rs {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => UTF_8,
            Encoding::Utf16Le => UTF_16LE,
            Encoding::Utf16Be => UTF_16BE,
            Encoding::Gb18030 => GB18030,
        }
    }
}

/// The encoding of a file that starts with `head` (up to [`SNIFF_BYTES`] of it), or `None`
/// when it is neither UTF-8 nor GB18030 (nor has a byte-order mark).
pub fn detect(head: &[u8]) -> Option<Encoding> {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Some(Encoding::Utf8Bom);
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Some(Encoding::Utf16Le);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Some(Encoding::Utf16Be);
    }
    // The sniffed part may end inside a character: an incomplete last one is fine.
    match std::str::from_utf8(head) {
        Ok(_) => return Some(Encoding::Utf8),
        Err(e) if e.error_len().is_none() => return Some(Encoding::Utf8),
        Err(_) => {}
    }
    let mut d = GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        d.max_utf8_buffer_length_without_replacement(head.len())
            .unwrap_or(head.len() * 4),
    );
    let (result, _) = d.decode_to_string_without_replacement(head, &mut out, false);
    matches!(result, DecoderResult::InputEmpty).then_some(Encoding::Gb18030)
}

/// Reads UTF-8 out of bytes in `encoding`, a buffer at a time. A byte-order mark is dropped.
pub struct DecodeReader<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    output: Vec<u8>,
    out_pos: usize,
    out_len: usize,
    done: bool,
}

const BUF: usize = 32 * 1024;

impl<R: Read> DecodeReader<R> {
    pub fn new(inner: R, encoding: Encoding) -> Self {
        DecodeReader {
            inner,
            // With BOM handling: a UTF-8 or UTF-16 mark is removed, not passed on as U+FEFF.
            decoder: encoding.rs().new_decoder_with_bom_removal(),
            input: vec![0; BUF],
            start: 0,
            end: 0,
            eof: false,
            output: vec![0; BUF * 3 + 16],
            out_pos: 0,
            out_len: 0,
            done: false,
        }
    }

    /// Decodes the next piece into `output`; false once everything is out.
    fn refill(&mut self) -> io::Result<bool> {
        loop {
            if self.done {
                return Ok(false);
            }
            if self.start == self.end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.start = 0;
                self.end = n;
                self.eof = n == 0;
            }
            let last = self.eof;
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.start..self.end],
                &mut self.output,
                last,
            );
            self.start += read;
            self.out_pos = 0;
            self.out_len = written;
            match result {
                DecoderResult::Malformed(_, _) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "the file's bytes are not valid in its encoding",
                    ));
                }
                DecoderResult::InputEmpty if last => self.done = true,
                _ => {}
            }
            if written > 0 {
                return Ok(true);
            }
        }
    }
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_pos == self.out_len && !self.refill()? {
            return Ok(0);
        }
        let n = buf.len().min(self.out_len - self.out_pos);
        buf[..n].copy_from_slice(&self.output[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], e: Encoding) -> io::Result<String> {
        let mut s = String::new();
        DecodeReader::new(bytes, e).read_to_string(&mut s)?;
        Ok(s)
    }

    #[test]
    fn detects_boms_utf8_and_gbk() {
        assert_eq!(detect(b"\xEF\xBB\xBFa,b"), Some(Encoding::Utf8Bom));
        assert_eq!(detect("名称,电话".as_bytes()), Some(Encoding::Utf8));
        let (gbk, _, _) = encoding_rs::GBK.encode("客户名称,电话\n深圳华为,123");
        assert_eq!(detect(&gbk), Some(Encoding::Gb18030));
        assert_eq!(detect(b"\xFF\xFEa\0"), Some(Encoding::Utf16Le));
        // Bytes GB18030 does not accept either.
        assert_eq!(detect(b"\x81\x20\x81\x20"), None);
    }

    #[test]
    fn a_utf8_character_cut_by_the_sniffed_prefix_is_still_utf8() {
        let s = "深".repeat(10);
        let bytes = s.as_bytes();
        assert_eq!(detect(&bytes[..bytes.len() - 1]), Some(Encoding::Utf8));
    }

    #[test]
    fn decodes_across_buffer_boundaries_and_drops_the_bom() {
        let text = "编号,名称\n".repeat(20_000);
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        assert_eq!(decode(&gbk, Encoding::Gb18030).unwrap(), text);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom, Encoding::Utf8Bom).unwrap(), text);
    }

    #[test]
    fn malformed_bytes_later_in_the_file_are_an_error() {
        let mut bytes = "a,b\n".repeat(30_000).into_bytes();
        bytes.extend_from_slice(b"\xFF\xFF\n");
        let e = decode(&bytes, Encoding::Utf8).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
    }
}
