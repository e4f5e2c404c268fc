//! Search keys for Chinese text: full pinyin and initials, so 「深圳华为」 is found by typing
//! `shenzhenhuawei`, `huawei` or `szhw`. Uses the `pinyin` crate's most common reading of each
//! character; Latin letters and digits pass through lower-cased.

use pinyin::ToPinyin;

/// `(pinyin, initials)` for one piece of text; words are separated by spaces.
pub fn pinyin_keys(text: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    let mut in_word = false;
    for ch in text.chars() {
        if let Some(p) = ch.to_pinyin() {
            full.push_str(p.plain());
            initials.push_str(p.first_letter());
            in_word = true;
        } else if ch.is_ascii_alphanumeric() {
            full.push(ch.to_ascii_lowercase());
            initials.push(ch.to_ascii_lowercase());
            in_word = true;
        } else if in_word {
            full.push(' ');
            initials.push(' ');
            in_word = false;
        }
    }
    (full.trim_end().to_owned(), initials.trim_end().to_owned())
}

/// Tokens for queries of one or two characters, which trigrams cannot serve: every CJK
/// character and every pair of adjacent CJK characters, and every letter/digit and pair of
/// adjacent letters/digits of Latin words (so initials `szhw` yield `sz`, `zh`, `hw`).
/// Space-separated, for an FTS5 table with the `unicode61` tokenizer.
pub fn short_tokens<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out: Vec<String> = Vec::new();
    let push_run = |run: &[char], out: &mut Vec<String>| {
        for (i, c) in run.iter().enumerate() {
            out.push(c.to_string());
            if let Some(n) = run.get(i + 1) {
                out.push(format!("{c}{n}"));
            }
        }
    };
    for text in texts {
        let mut run: Vec<char> = Vec::new();
        let mut run_is_cjk = false;
        for ch in text.chars().flat_map(char::to_lowercase) {
            let cjk = ch.to_pinyin().is_some();
            let latin = ch.is_ascii_alphanumeric();
            if (cjk || latin) && (run.is_empty() || run_is_cjk == cjk) {
                run_is_cjk = cjk;
                run.push(ch);
            } else {
                push_run(&run, &mut out);
                run.clear();
                if cjk || latin {
                    run_is_cjk = cjk;
                    run.push(ch);
                }
            }
        }
        push_run(&run, &mut out);
    }
    out.sort();
    out.dedup();
    out.join(" ")
}

/// Only the digits of a phone number, so `138 0013 8000` is found by `13800138000`.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_to_pinyin_and_initials() {
        let (p, i) = pinyin_keys("深圳华为技术有限公司");
        assert_eq!(p, "shenzhenhuaweijishuyouxiangongsi");
        assert_eq!(i, "szhwjsyxgs");
        assert!(p.contains("huawei") && i.contains("hw"));
    }

    #[test]
    fn mixed_text_keeps_words_apart() {
        let (p, i) = pinyin_keys("TCL 科技 (Huizhou)");
        assert_eq!(p, "tcl keji huizhou");
        assert_eq!(i, "tcl kj huizhou");
        assert_eq!(pinyin_keys("😀"), (String::new(), String::new()));
    }

    #[test]
    fn short_tokens_cover_one_and_two_character_queries() {
        let t = short_tokens(["深圳华为", "szhw", "Li Na"]);
        let t: Vec<&str> = t.split(' ').collect();
        for want in ["深", "华为", "圳华", "sz", "hw", "h", "li", "na", "n"] {
            assert!(t.contains(&want), "{want} missing from {t:?}");
        }
        assert!(!t.contains(&"深圳华"), "no trigrams here");
        assert!(!t.contains(&"in"), "no pairs across words");
    }

    #[test]
    fn digits() {
        assert_eq!(
            phone_digits("+86 (755) 2878-0808"),
            "867552878 0808".replace(' ', "")
        );
    }
}
