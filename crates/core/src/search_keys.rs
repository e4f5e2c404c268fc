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
    fn digits() {
        assert_eq!(
            phone_digits("+86 (755) 2878-0808"),
            "867552878 0808".replace(' ', "")
        );
    }
}
