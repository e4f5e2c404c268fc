//! Numbers as people type them, made plain before the strict parsers read them.
//!
//! A Chinese input method types full-width digits (`１２３`), an owner copies `1,000.50` or
//! `¥1,200` from a spreadsheet, a rep types `25元`: each is one number, so every numeric field
//! reads it instead of refusing it as "not a number". Only marks that cannot change the value
//! are removed — full-width forms, a currency sign before or after, thousands separators in
//! proper groups of three — so anything ambiguous (`1,5`, `1,2345`, `12e3`) stays as typed and
//! the strict parser refuses it. The UI's preview mirrors this rule (`ui/src/lib/number.ts`).

/// Full-width digits and signs (what Chinese input methods type) as ASCII, the ideographic
/// space as a space and the ideographic full stop as a decimal point.
pub fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '。' => '.',
            _ => c,
        })
        .collect()
}

/// Currency signs and words a typed amount may carry (before or after the number). Longest
/// first, so `US$` is removed whole.
pub const CURRENCY_MARKS: [&str; 12] = [
    "US$", "CNY", "RMB", "USD", "EUR", "HKD", "元", "¥", "￥", "$", "€", "£",
];

/// Whether `s` is digits grouped in threes by `sep` after a first group of one to three, with
/// at least one separator (`1,000`, `12,345,678`; not `1,5` or `1,2345`).
pub fn groups_of_three(s: &str, sep: char) -> bool {
    let mut groups = s.split(sep);
    let first = groups.next().unwrap_or("");
    s.contains(sep)
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// A typed number in plain notation for the strict parsers: half-width, trimmed, without a
/// currency sign and without thousands separators (commas, spaces or apostrophes in groups
/// of three before a decimal point). A sign stays in front. What is not one of these forms is
/// returned trimmed and otherwise unchanged, for the parser to refuse.
pub fn plain_number(input: &str) -> String {
    let half = half_width(input);
    let s = half.trim();
    let (sign, rest) = match s.strip_prefix(['-', '+']) {
        Some(rest) => (&s[..1], rest.trim_start()),
        None => ("", s),
    };
    let mut body = rest;
    for m in CURRENCY_MARKS {
        if let Some(r) = body.strip_prefix(m) {
            body = r.trim_start();
            break;
        }
    }
    for m in CURRENCY_MARKS {
        if let Some(r) = body.strip_suffix(m) {
            body = r.trim_end();
            break;
        }
    }
    // A sign after the currency sign (`¥-5`) is the same number.
    let (sign, body) = match (sign, body.strip_prefix('-')) {
        ("", Some(r)) => ("-", r),
        _ => (sign, body),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let int = [',', ' ', '\u{A0}', '\u{202F}', '\'']
        .into_iter()
        .find(|sep| groups_of_three(int, *sep))
        .map_or_else(|| int.to_owned(), |sep| int.replace(sep, ""));
    match frac {
        Some(f) => format!("{sign}{int}.{f}"),
        None => format!("{sign}{int}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_forms_become_plain() {
        for (typed, plain) in [
            ("１２３", "123"),
            ("１２３．５", "123.5"),
            ("12。5", "12.5"),
            ("1,000.50", "1000.50"),
            ("12,345,678", "12345678"),
            ("1 000", "1000"),
            ("1'000.5", "1000.5"),
            ("¥1,200", "1200"),
            ("￥８８", "88"),
            ("25元", "25"),
            ("25 元", "25"),
            ("US$ 3.5", "3.5"),
            ("12.5 CNY", "12.5"),
            ("-¥5", "-5"),
            ("¥-5", "-5"),
            ("  7 ", "7"),
            ("-1,000", "-1000"),
            ("", ""),
        ] {
            assert_eq!(plain_number(typed), plain, "{typed:?}");
        }
    }

    #[test]
    fn ambiguous_forms_stay_for_the_parser_to_refuse() {
        for typed in [
            "1,5", "1,2345", "12e3", "1,000,00", "abc", "1.000,5", "¥¥5", "--5",
        ] {
            let plain = plain_number(typed);
            assert!(
                plain.parse::<f64>().is_err() || plain.contains('e'),
                "{typed:?} became {plain:?}"
            );
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for typed in [
            "-", "+", "元", "¥", ".", "-.", "，", "\u{3000}", "ー１", "𝟙",
        ] {
            let _ = plain_number(typed);
        }
    }
}
