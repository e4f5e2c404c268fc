//! The command line: `serve`, and the admin commands (`org create`, `user add | remove |
//! reset-password`, `device list | revoke`) that work directly on the data folder's database
//! (safe while the server runs: SQLite in WAL mode with a busy timeout).
//!
//! Passwords are read from the first line of stdin, or from `--password` (visible in the
//! process list: for tests and scripts only). They are never printed.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chainbook_protocol::{Role, Secret, MIN_PASSWORD_CHARS};
use chrono::{SecondsFormat, Utc};
use clap::{Args, Parser, Subcommand};

use crate::clock::{Clock, MAX_OFFSET_SECS};
use crate::expiry::{TokenPolicy, MAX_DAYS};
use crate::secrets;
use crate::serve::{serve, ServeOptions};
use crate::storage::{anyone, Kind, SqliteStorage, Storage, StorageError, UserKey};
use crate::team::{self, PasswordProblem};

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
    /// A device token expires this many days after its last use.
    #[arg(long, default_value_t = 90, value_name = "DAYS",
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_DAYS)))]
    pub token_idle_days: u32,
    /// A device token expires this many days after it was issued, however often it is used.
    #[arg(long, default_value_t = 365, value_name = "DAYS",
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_DAYS)))]
    pub token_max_days: u32,
    /// For the integration tests only: shift the server's clock by this many seconds.
    #[arg(long, hide = true, default_value_t = 0, allow_hyphen_values = true,
          value_parser = clap::value_parser!(i64).range(-MAX_OFFSET_SECS..=MAX_OFFSET_SECS))]
    pub clock_offset_secs: i64,
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
                tokens: TokenPolicy::from_days(a.token_idle_days, a.token_max_days),
                clock: Clock::offset_by_secs(a.clock_offset_secs),
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
            let revoked =
                storage.remove_user(org, UserKey::Name(&user.name), Utc::now(), &anyone)?;
            println!("removed {}; {revoked} device(s) revoked", user.name);
            Ok(())
        }
        Command::User(UserCommand::ResetPassword { user, password }) => {
            let (storage, org) = open_org(&user.data.data, &user.org)?;
            let hash = secrets::hash_password(&read_password(password)?)?;
            storage.set_password(org, UserKey::Name(&user.name), &hash, &anyone)?;
            Ok(())
        }
        Command::Device(DeviceCommand::List { data, org }) => {
            let (storage, org) = open_org(&data.data, &org)?;
            println!("id\tcode\tname\tuser\tschema\tregistered_at\tlast_seen_at\trevoked_at");
            let time = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
            for d in storage.devices(org)? {
                let opt = |v: Option<String>| v.unwrap_or_else(|| "-".into());
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    d.id,
                    d.code,
                    d.name,
                    d.user,
                    opt(d.schema.map(|s| s.to_string())),
                    time(d.registered_at),
                    opt(d.last_seen_at.map(time)),
                    opt(d.revoked_at.map(time))
                );
            }
            Ok(())
        }
        Command::Device(DeviceCommand::Revoke { data, org, device }) => {
            let (storage, org) = open_org(&data.data, &org)?;
            storage.revoke_device(org, device.trim(), Utc::now(), &anyone)?;
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
        .ok_or(StorageError::NotFound(Kind::Organisation))?
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
    team::is_valid_user_name(name)
        .then_some(())
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
    let password = Secret::new(password);
    match team::check_new_password(&password) {
        Ok(()) => Ok(password),
        Err(PasswordProblem::TooShort) => {
            Err(format!("the password needs at least {MIN_PASSWORD_CHARS} characters").into())
        }
        Err(PasswordProblem::TooLong) => Err(format!(
            "the password may have at most {} characters",
            team::MAX_PASSWORD_CHARS
        )
        .into()),
    }
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
    fn serve_takes_token_limits_and_a_hidden_clock_offset() {
        let serve = |extra: &[&str]| {
            let args = ["chainbook-server", "serve", "--data", "/tmp/x"];
            match Cli::try_parse_from(args.iter().chain(extra)).map(|c| c.command) {
                Ok(Command::Serve(a)) => {
                    Some((a.token_idle_days, a.token_max_days, a.clock_offset_secs))
                }
                _ => None,
            }
        };
        assert_eq!(serve(&[]), Some((90, 365, 0)));
        assert_eq!(
            serve(&[
                "--token-idle-days",
                "30",
                "--token-max-days",
                "60",
                "--clock-offset-secs",
                "-86400"
            ]),
            Some((30, 60, -86400))
        );
        assert_eq!(serve(&["--token-idle-days", "0"]), None);
        assert_eq!(serve(&["--token-max-days", "3651"]), None);
        assert_eq!(serve(&["--clock-offset-secs", "99999999999"]), None);
        // The test clock stays out of the help.
        let help = Cli::try_parse_from(["chainbook-server", "serve", "--help"])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(help.contains("--token-idle-days"), "{help}");
        assert!(!help.contains("clock-offset"), "{help}");
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
