//! The command line: `serve`, and the admin commands (`org create`, `user add | remove |
//! reset-password`, `device list | revoke`) that work directly on the data folder's database
//! (safe while the server runs: SQLite in WAL mode with a busy timeout).
//!
//! Passwords are read from the first line of stdin, or from `--password` (visible in the
//! process list: for tests and scripts only). They are never printed.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chainbook_protocol::{Role, Secret};
use chrono::Utc;
use clap::{Args, Parser, Subcommand};

use crate::secrets;
use crate::serve::{serve, ServeOptions};
use crate::storage::{SqliteStorage, Storage, StorageError};

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 8;

/// `chainbook-server`: the Chainbook sync server.
#[derive(Debug, Parser)]
#[command(name = "chainbook-server", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the sync API.
    Serve(ServeArgs),
    /// Organisations.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Users of an organisation.
    #[command(subcommand)]
    User(UserCommand),
    /// Devices of an organisation.
    #[command(subcommand)]
    Device(DeviceCommand),
}

#[derive(Debug, Args)]
pub struct Data {
    /// The server's data folder (created when missing).
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: Data,
    /// Address to listen on; port 0 picks a free port (printed on stdout).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// TLS certificate chain (PEM); needs --tls-key.
    #[arg(long, requires = "tls_key", value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM); needs --tls-cert.
    #[arg(long, requires = "tls_cert", value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create an organisation.
    Create {
        #[command(flatten)]
        data: Data,
        /// Short name used to sign in: lower-case letters, digits and `-`.
        slug: String,
        /// Display name.
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct UserRef {
    #[command(flatten)]
    pub data: Data,
    /// The organisation's slug or id.
    #[arg(long)]
    pub org: String,
    /// The user's name (what they type to sign in).
    pub name: String,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user (password from stdin, or --password).
    Add {
        #[command(flatten)]
        user: UserRef,
        #[arg(long, default_value = "rep", value_parser = parse_role)]
        role: Role,
        /// The password (otherwise the first line of stdin). For tests and scripts.
        #[arg(long)]
        password: Option<String>,
    },
    /// Remove a user; their devices are revoked.
    Remove {
        #[command(flatten)]
        user: UserRef,
    },
    /// Set a new password (from stdin, or --password).
    ResetPassword {
        #[command(flatten)]
        user: UserRef,
        #[arg(long)]
        password: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// List the organisation's devices (tab-separated).
    List {
        #[command(flatten)]
        data: Data,
        #[arg(long)]
        org: String,
    },
    /// Revoke a device by id or code: its token stops working at once.
    Revoke {
        #[command(flatten)]
        data: Data,
        #[arg(long)]
        org: String,
        device: String,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| "one of: owner, manager, rep".to_owned())
}

type CliResult = Result<(), Box<dyn std::error::Error>>;

/// Runs a parsed command.
pub fn run(cli: Cli) -> CliResult {
    match cli.command {
        Command::Serve(a) => {
            let opts = ServeOptions {
                data: a.data.data,
                listen: a.listen,
                tls: a.tls_cert.zip(a.tls_key),
            };
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            rt.block_on(serve(opts))
        }
        Command::Org(OrgCommand::Create { data, slug, name }) => {
            check_slug(&slug)?;
            let org = open(&data.data)?.create_org(&slug, name.trim(), Utc::now())?;
            println!("{}\t{}", org.id, org.slug);
            Ok(())
        }
        Command::User(UserCommand::Add {
            user,
            role,
            password,
        }) => {
            let (storage, org) = open_org(&user.data.data, &user.org)?;
            check_user_name(&user.name)?;
            let hash = secrets::hash_password(&read_password(password)?)?;
            let u = storage.add_user(org, &user.name, role, &hash, Utc::now())?;
            println!("{}\t{}\t{}", u.id, u.name, u.role.as_str());
            Ok(())
        }
        Command::User(UserCommand::Remove { user }) => {
            let (storage, org) = open_org(&user.data.data, &user.org)?;
            storage.remove_user(org, &user.name, Utc::now())?;
            Ok(())
        }
        Command::User(UserCommand::ResetPassword { user, password }) => {
            let (storage, org) = open_org(&user.data.data, &user.org)?;
            let hash = secrets::hash_password(&read_password(password)?)?;
            storage.set_password(org, &user.name, &hash)?;
            Ok(())
        }
        Command::Device(DeviceCommand::List { data, org }) => {
            let (storage, org) = open_org(&data.data, &org)?;
            println!("id\tcode\tname\tuser\tschema\tregistered_at\tlast_seen_at\trevoked_at");
            for d in storage.devices(org)? {
                let opt = |v: Option<String>| v.unwrap_or_else(|| "-".into());
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    d.id,
                    d.code,
                    d.name,
                    d.user,
                    opt(d.schema.map(|s| s.to_string())),
                    d.registered_at,
                    opt(d.last_seen_at),
                    opt(d.revoked_at)
                );
            }
            Ok(())
        }
        Command::Device(DeviceCommand::Revoke { data, org, device }) => {
            let (storage, org) = open_org(&data.data, &org)?;
            storage.revoke_device(org, device.trim(), Utc::now())?;
            Ok(())
        }
    }
}

fn open(data: &Path) -> Result<SqliteStorage, StorageError> {
    SqliteStorage::open(data)
}

fn open_org(data: &Path, org: &str) -> Result<(SqliteStorage, uuid::Uuid), StorageError> {
    let storage = open(data)?;
    let id = storage
        .org(org)?
        .ok_or(StorageError::NotFound("organisation"))?
        .id;
    Ok((storage, id))
}

/// A slug: 1–63 lower-case ASCII letters, digits and `-`, not starting with `-`, and not a
/// UUID (organisations are found by slug or id).
fn check_slug(slug: &str) -> Result<(), String> {
    let ok = (1..=63).contains(&slug.len())
        && !slug.starts_with('-')
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && uuid::Uuid::try_parse(slug).is_err();
    ok.then_some(())
        .ok_or_else(|| format!("slug {slug:?}: use lower-case letters, digits and -"))
}

fn check_user_name(name: &str) -> Result<(), String> {
    let ok = !name.trim().is_empty()
        && name.trim() == name
        && name.chars().count() <= 200
        && !name.chars().any(char::is_control);
    ok.then_some(())
        .ok_or_else(|| format!("user name {name:?}: 1–200 characters, no spaces around"))
}

fn read_password(flag: Option<String>) -> Result<Secret, Box<dyn std::error::Error>> {
    let password = match flag {
        Some(p) => p,
        None => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    if password.chars().count() < MIN_PASSWORD {
        return Err(format!("the password needs at least {MIN_PASSWORD} characters").into());
    }
    Ok(Secret::new(password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_names_are_checked() {
        assert!(check_slug("acme-trading").is_ok());
        assert!(check_slug("Acme").is_err());
        assert!(check_slug("-x").is_err());
        assert!(check_slug("").is_err());
        assert!(check_slug("0190b5a8-4a4c-7c2e-9a41-8f3a2b1c0d9e").is_err());
        assert!(check_user_name("li.na").is_ok());
        assert!(check_user_name(" li").is_err());
        assert!(read_password(Some("short".into())).is_err());
        assert!(read_password(Some("long enough".into())).is_ok());
    }

    #[test]
    fn the_command_line_parses() {
        let cli = Cli::try_parse_from([
            "chainbook-server",
            "user",
            "add",
            "--data",
            "/tmp/x",
            "--org",
            "acme",
            "li",
            "--role",
            "manager",
            "--password",
            "secret-pw",
        ]);
        assert!(matches!(
            cli.map(|c| c.command),
            Ok(Command::User(UserCommand::Add {
                role: Role::Manager,
                ..
            }))
        ));
        assert!(Cli::try_parse_from([
            "chainbook-server",
            "serve",
            "--data",
            "/tmp/x",
            "--tls-cert",
            "c.pem"
        ])
        .is_err());
    }
}
