//! Search keys for Chinese text: full pinyin and initials, so 「深圳华为」 is found by typing
//! `shenzhenhuawei`, `huawei` or `szhw`. Latin letters and digits pass through lower-cased.
//!
//! Each character's most common reading comes first. Characters whose other reading is the one
//! used in surnames and place names ([`NAME_READINGS`]: 重庆 `chongqing`, 曾 `zeng`, 长沙
//! `changsha`, 厦门 `xiamen`, …) give their word a second spelling, and ü is written both as `v`
//! (as pinyin keyboards type it) and `u` (吕 → `lv`, `lu`). The crate's full list of second
//! readings is not used: most are rare (圳 `quan`, 司 `ci`) and would double the index with
//! spellings nobody types.

use pinyin::ToPinyin;

/// Polyphonic characters and the reading they take in surnames and place names when it is not
/// the `pinyin` crate's default.
pub const NAME_READINGS: &[(char, &str)] = &[
    ('重', "chong"),
    ('曾', "zeng"),
    ('长', "chang"),
    ('厦', "xia"),
    ('行', "hang"),
    ('乐', "yue"),
    ('单', "shan"),
    ('解', "xie"),
    ('查', "zha"),
    ('朴', "piao"),
    ('仇', "qiu"),
    ('区', "ou"),
    ('翟', "zhai"),
    ('覃', "qin"),
    ('尉', "yu"),
    ('番', "pan"),
    ('六', "lu"),
    ('蚌', "beng"),
    ('都', "du"),
    ('藏', "zang"),
    ('盖', "ge"),
    ('缪', "miao"),
    ('秘', "bi"),
    ('员', "yun"),
];

/// The spellings of one word being built: the common reading, the name reading of polyphonic
/// characters, and that with ü as `u`.
#[derive(Default)]
struct Word {
    full: [String; 3],
    initials: [String; 3],
    has_alt: bool,
    has_u: bool,
}

impl Word {
    fn push(&mut self, readings: [&str; 3]) {
        for (i, r) in readings.iter().enumerate() {
            self.full[i].push_str(r);
            self.initials[i].push_str(&r[..r.chars().next().map_or(0, char::len_utf8)]);
        }
    }

    fn finish(&mut self, full: &mut Vec<String>, initials: &mut Vec<String>) {
        if self.full[0].is_empty() {
            return;
        }
        let keep = [true, self.has_alt, self.has_u];
        for ((f, i), keep) in self.full.iter_mut().zip(self.initials.iter_mut()).zip(keep) {
            if keep && !full.contains(f) {
                full.push(std::mem::take(f));
            }
            if keep && !initials.contains(i) {
                initials.push(std::mem::take(i));
            }
        }
        *self = Word::default();
    }
}

/// `(pinyin, initials)` for one piece of text; words (and their alternative spellings) are
/// separated by spaces.
pub fn pinyin_keys(text: &str) -> (String, String) {
    let mut full = Vec::new();
    let mut initials = Vec::new();
    let mut word = Word::default();
    for ch in text.chars() {
        if let Some(p) = ch.to_pinyin() {
            let common = p.plain();
            let second = NAME_READINGS
                .iter()
                .find(|(c, _)| *c == ch)
                .map(|(_, r)| *r)
                .filter(|s| *s != common);
            // Spellings: common reading with ü as v; name reading with ü as v; name reading
            // with ü as u.
            let alt = second.unwrap_or(common);
            word.has_alt |= second.is_some();
            word.has_u |= alt.contains('ü');
            word.push([
                &common.replace('ü', "v"),
                &alt.replace('ü', "v"),
                &alt.replace('ü', "u"),
            ]);
        } else if ch.is_ascii_alphanumeric() {
            let c = ch.to_ascii_lowercase().to_string();
            word.push([&c, &c, &c]);
        } else {
            word.finish(&mut full, &mut initials);
        }
    }
    word.finish(&mut full, &mut initials);
    (full.join(" "), initials.join(" "))
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
    fn second_readings_and_u_umlaut() {
        let (p, i) = pinyin_keys("重庆");
        assert!(p.split(' ').any(|w| w == "chongqing"), "{p}");
        assert!(i.split(' ').any(|w| w == "cq"), "{i}");
        let (p, _) = pinyin_keys("曾");
        assert!(p.split(' ').any(|w| w == "zeng"), "{p}");
        let (p, _) = pinyin_keys("吕");
        assert!(
            p.split(' ').any(|w| w == "lv") && p.split(' ').any(|w| w == "lu"),
            "{p}"
        );
        // A word without polyphonic characters or ü has one spelling.
        assert_eq!(pinyin_keys("深圳").0, "shenzhen");
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
