//! Tidy checks that keep the docs true, run by `cargo test` (they read the source tree, so
//! they live with the tooling): every Rust file starts with its `//!` doc, every module list in
//! a `//!` doc names exactly the modules the file declares, and ARCHITECTURE.md names only
//! paths that exist.

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::fs;
    use std::path::{Path, PathBuf};

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask sits in the workspace root")
            .to_path_buf()
    }

    /// The workspace's Rust sources (not `target/` or `node_modules/`).
    fn rust_files() -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            let Ok(entries) = fs::read_dir(dir) else {
                return;
            };
            for e in entries.flatten() {
                let p = e.path();
                let name = e.file_name().to_string_lossy().into_owned();
                if p.is_dir() {
                    if !matches!(name.as_str(), "target" | "node_modules" | ".git") {
                        walk(&p, out);
                    }
                } else if name.ends_with(".rs") {
                    out.push(p);
                }
            }
        }
        let mut out = Vec::new();
        for dir in ["crates", "src-tauri", "xtask", "tests"] {
            walk(&root().join(dir), &mut out);
        }
        out.sort();
        out
    }

    #[test]
    fn every_rust_file_starts_with_its_doc() {
        let missing: Vec<String> = rust_files()
            .into_iter()
            .filter(|p| {
                let text = fs::read_to_string(p).unwrap_or_default();
                !text.trim_start().starts_with("//!")
            })
            .map(|p| p.strip_prefix(root()).unwrap_or(&p).display().to_string())
            .collect();
        assert!(
            missing.is_empty(),
            "these files need a `//!` doc saying what they are for: {missing:#?}"
        );
    }

    /// For a file whose `//!` doc lists modules (bullets `//! - [`name`]…`): the declared
    /// modules the doc never names, and the entries `//! - [`name`]:` that name no declared
    /// module. `None` when the doc has no such bullets.
    fn module_list_errors(text: &str) -> Option<(Vec<String>, Vec<String>)> {
        let doc: Vec<&str> = text
            .lines()
            .take_while(|l| l.starts_with("//!") || l.trim().is_empty())
            .filter(|l| l.starts_with("//!"))
            .collect();
        if !doc.iter().any(|l| l.starts_with("//! - [`")) {
            return None;
        }
        let last = |name: &str| name.rsplit("::").next().unwrap_or(name).to_owned();
        let mentioned: BTreeSet<String> = doc
            .iter()
            .flat_map(|l| l.split("[`").skip(1))
            .filter_map(|l| l.split("`]").next())
            .map(last)
            .collect();
        let entries: BTreeSet<String> = doc
            .iter()
            .filter_map(|l| l.strip_prefix("//! - [`"))
            .filter_map(|l| l.split_once("`]:").map(|(name, _)| last(name)))
            .collect();
        let mut declared = BTreeSet::new();
        let mut cfg_test = false;
        for line in text.lines() {
            let l = line.trim();
            if l == "#[cfg(test)]" {
                cfg_test = true;
                continue;
            }
            let decl = l
                .strip_prefix("pub(crate) mod ")
                .or_else(|| l.strip_prefix("pub mod "))
                .or_else(|| l.strip_prefix("mod "));
            if let Some(name) = decl.and_then(|d| d.strip_suffix(';')) {
                if !cfg_test {
                    declared.insert(name.to_owned());
                }
            }
            cfg_test = false;
        }
        Some((
            declared.difference(&mentioned).cloned().collect(),
            entries.difference(&declared).cloned().collect(),
        ))
    }

    #[test]
    fn module_lists_in_docs_name_the_declared_modules() {
        let mut wrong = Vec::new();
        for p in rust_files() {
            let text = fs::read_to_string(&p).unwrap_or_default();
            if let Some((unlisted, stale)) = module_list_errors(&text) {
                if !unlisted.is_empty() || !stale.is_empty() {
                    wrong.push(format!(
                        "{}: not in the doc {unlisted:?}, listed but not declared {stale:?}",
                        p.strip_prefix(root()).unwrap_or(&p).display(),
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "module lists out of date: {wrong:#?}");
    }

    /// Expands `a/{b,c}.rs` into `a/b.rs` and `a/c.rs` (one level of braces).
    fn expand(token: &str) -> Vec<String> {
        match (token.find('{'), token.find('}')) {
            (Some(a), Some(b)) if a < b => token[a + 1..b]
                .split(',')
                .map(|alt| format!("{}{}{}", &token[..a], alt.trim(), &token[b + 1..]))
                .collect(),
            _ => vec![token.to_owned()],
        }
    }

    /// A backticked token that names a file or folder: it has a `/`, or ends in a source or
    /// config extension; and it is not a command line, a URL or a pattern.
    fn is_path(token: &str) -> bool {
        let exts = [
            ".rs", ".ts", ".svelte", ".json", ".toml", ".md", ".css", ".html",
        ];
        !token.contains(' ')
            && !token.contains("://")
            && !token.starts_with('@')
            && !token.starts_with("//")
            && !token.starts_with("target/")
            && !token.contains('*')
            && !token.contains('<')
            && !token.starts_with('-')
            && !token.starts_with('~')
            && (token.contains('/') || exts.iter().any(|e| token.ends_with(e)))
    }

    #[test]
    fn architecture_names_only_paths_that_exist() {
        let root = root();
        let text = fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
        let mut missing = Vec::new();
        for line in text.lines() {
            // In a codemap row, paths may be relative to the row's own folder (its first cell),
            // or to that folder's sources (`src/`; `src/lib/` in the UI).
            let cells: Vec<&str> = line.split('|').collect();
            let bases: Vec<PathBuf> = (line.starts_with('|') && cells.len() > 2)
                .then(|| cells[1].trim().trim_matches('`').to_owned())
                .filter(|b| !b.is_empty() && root.join(b).is_dir())
                .map(|b| {
                    ["", "src", "src/lib"]
                        .map(|s| root.join(&b).join(s))
                        .to_vec()
                })
                .unwrap_or_default();
            for (i, token) in line.split('`').enumerate() {
                if i % 2 == 0 || !is_path(token) {
                    continue;
                }
                for path in expand(token) {
                    let path = path.trim_end_matches('/');
                    let found =
                        root.join(path).exists() || bases.iter().any(|b| b.join(path).exists());
                    if !found {
                        missing.push(path.to_owned());
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "ARCHITECTURE.md names paths that do not exist: {missing:#?}"
        );
    }

    #[test]
    fn the_checks_see_what_they_check() {
        assert!(rust_files().len() > 50);
        let ok = "//! Doc, see [`d`].\n//!\n//! - [`a`]: one;\n//! - [`b::c`]: two.\n\nmod a;\npub(crate) mod c;\nmod d;\n#[cfg(test)]\nmod tests;\n";
        assert_eq!(module_list_errors(ok), Some((vec![], vec![])));
        let stale = "//! - [`a`]: one;\n//! - [`gone`]: two.\n\nmod a;\nmod new;\n";
        assert_eq!(
            module_list_errors(stale),
            Some((vec!["new".to_owned()], vec!["gone".to_owned()]))
        );
        assert_eq!(expand("a/{b, c}.rs"), ["a/b.rs", "a/c.rs"]);
        assert!(is_path("crates/store/src/lib.rs") && is_path("tauri.conf.json"));
        assert!(!is_path("cargo xtask test") && !is_path("https://x/y"));
    }
}
