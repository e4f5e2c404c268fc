//! Where Chainbook keeps its files.
//!
//! By default the OS app-data folder (Linux `~/.local/share/<identifier>`, macOS
//! `~/Library/Application Support/<identifier>`, Windows `%APPDATA%\<identifier>`) and the OS log
//! folder. `CHAINBOOK_DATA_DIR` moves both into one folder (logs under `logs/`), which tests and
//! portable installs use.

use std::path::PathBuf;

use tauri::{AppHandle, Manager};

pub const DATA_DIR_ENV: &str = "CHAINBOOK_DATA_DIR";
pub const DB_FILE: &str = "chainbook.db";

pub struct Dirs {
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
}

impl Dirs {
    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join(DB_FILE)
    }
}

pub fn resolve(app: &AppHandle) -> Result<Dirs, Box<dyn std::error::Error>> {
    let dirs = match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => {
            let data_dir = PathBuf::from(dir);
            Dirs {
                log_dir: data_dir.join("logs"),
                data_dir,
            }
        }
        None => Dirs {
            data_dir: app.path().app_data_dir()?,
            log_dir: app.path().app_log_dir()?,
        },
    };
    std::fs::create_dir_all(&dirs.data_dir)?;
    std::fs::create_dir_all(&dirs.log_dir)?;
    Ok(dirs)
}
