//! Delimited text (CSV, semicolon- or tab-separated): which delimiter a file uses, and its
//! records one at a time through the `csv` crate over the decoding reader, so a big file
//! streams and only the current record is in memory. Quoted fields may hold delimiters,
//! doubled quotes and line breaks.

use std::io::Read;

use crate::encoding::DecodeReader;

/// The delimiters a file is tried with, in order of preference on a tie.
pub const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// The delimiter of a file starting with `text`: the candidate that splits the first lines
/// (outside quotes) into the same number of fields, more than one, most often; a comma when
/// none does.
pub fn sniff_delimiter(text: &str) -> u8 {
    let lines = logical_lines(text, 50);
    let mut best = (b',', 0usize, 0usize);
    for d in DELIMITERS {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        // How many lines agree with the header's count (a ragged last line is forgiven).
        let agree = counts.iter().filter(|c| **c == first).count();
        if (agree, first) > (best.1, best.2) {
            best = (d, agree, first);
        }
    }
    best.0
}

/// Up to `max` lines of `text`, a quoted line break kept inside its line; an incomplete last
/// line (the sniffed part ends mid-line) is left out unless it is the only one.
fn logical_lines(text: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => {
                let line = text[start..i].trim_end_matches('\r');
                if !line.trim().is_empty() {
                    out.push(line);
                }
                start = i + 1;
                if out.len() == max {
                    return out;
                }
            }
            _ => {}
        }
    }
    if out.is_empty() && start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut quoted = false;
    line.bytes()
        .filter(|b| {
            if *b == b'"' {
                quoted = !quoted;
            }
            !quoted && *b == d
        })
        .count()
}

/// A `csv` reader of decoded text: no header handling (the caller takes the first record),
/// records of any length.
pub fn reader<R: Read>(input: DecodeReader<R>, delimiter: u8) -> csv::Reader<DecodeReader<R>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_comma_semicolon_and_tab() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("名称;金额\n甲;1,5\n乙;2,5\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2,5\n"), b'\t');
        // Commas inside quotes do not count.
        assert_eq!(
            sniff_delimiter("name;note\n\"a, b, c\";x\n\"d, e\";y\n"),
            b';'
        );
        // A quoted line break does not split a line.
        assert_eq!(sniff_delimiter("a;b\n\"x\ny,z\";1\n"), b';');
        // One column: nothing splits, comma it is.
        assert_eq!(sniff_delimiter("name\nx\n"), b',');
    }
}
