//! The test harness: [`Server`] runs the real binary (`serve --listen 127.0.0.1:0`, the port
//! read from its first stdout line, stderr kept in `server.log` in the data folder; optionally
//! with its clock shifted by the hidden `--clock-offset-secs`), [`admin`] runs the admin CLI,
//! and [`Client`] speaks the protocol over blocking HTTP, the team endpoints included.

use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use chainbook_core::merge::{FieldWrite, RowChange, Stamp};
use chainbook_core::Hlc;
use chainbook_protocol::{
    paths, AddUserRequest, ApiError, Done, ListDevicesRequest, ListDevicesResponse,
    ListUsersRequest, ListUsersResponse, PullRequest, PullResponse, PulledChange, PushChange,
    PushRequest, PushResponse, RemoveUserRequest, RemoveUserResponse, ResetPasswordRequest,
    RevokeDeviceRequest, Role, Secret, SetRoleRequest, SignInRequest, SignInResponse,
    SnapshotRequest, SnapshotResponse, UserSummary, HEADER_PROTOCOL, HEADER_SCHEMA,
    PROTOCOL_VERSION,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

pub const BIN: &str = env!("CARGO_BIN_EXE_chainbook-server");
pub const PASSWORD: &str = "correct horse battery";
pub const SCHEMA: u32 = 13;

/// A running server process; killed (SIGKILL) when dropped.
pub struct Server {
    pub data: PathBuf,
    pub addr: String,
    child: Child,
    _stdout: BufReader<ChildStdout>,
}

impl Server {
    /// Starts on a free port.
    pub fn start(data: &Path) -> Server {
        Server::start_on(data, "127.0.0.1:0")
    }

    /// Starts on `listen` (e.g. the port of a killed predecessor).
    pub fn start_on(data: &Path, listen: &str) -> Server {
        Server::start_with(data, listen, &[])
    }

    /// Starts on a free port with its clock `days` days ahead (fractions allowed) and `args`
    /// added to `serve`.
    pub fn start_at_day(data: &Path, days: f64, args: &[&str]) -> Server {
        let offset = (days * 86_400.0).round().to_string();
        let mut all = vec!["--clock-offset-secs", offset.as_str()];
        all.extend_from_slice(args);
        Server::start_with(data, "127.0.0.1:0", &all)
    }

    /// Starts on `listen` with `args` added to `serve`.
    pub fn start_with(data: &Path, listen: &str, args: &[&str]) -> Server {
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(data.join("server.log"))
            .expect("server log");
        let mut child = Command::new(BIN)
            .args(["serve", "--data"])
            .arg(data)
            .args(["--listen", listen])
            .args(args)
            .env("RUST_LOG", "debug")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("start chainbook-server");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        let _ = stdout.read_line(&mut line);
        let Some(addr) = line.trim().strip_prefix("listening on http://") else {
            let _ = child.kill();
            panic!("server did not start: {line:?}\n{}", Server::log_of(data));
        };
        Server {
            data: data.to_path_buf(),
            addr: addr.to_owned(),
            child,
            _stdout: stdout,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// SIGKILL, as a crash or power cut would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn log(&self) -> String {
        Server::log_of(&self.data)
    }

    fn log_of(data: &Path) -> String {
        std::fs::read_to_string(data.join("server.log")).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Runs the admin CLI; panics unless it succeeds. Answers its stdout.
pub fn admin(data: &Path, args: &[&str]) -> String {
    let out = admin_output(data, args);
    assert!(
        out.status.success(),
        "chainbook-server {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs the admin CLI with `--data` after the sub-subcommand.
pub fn admin_output(data: &Path, args: &[&str]) -> std::process::Output {
    let split = if args.first() == Some(&"org")
        || args.first() == Some(&"user")
        || args.first() == Some(&"device")
    {
        2
    } else {
        1
    };
    Command::new(BIN)
        .args(&args[..split])
        .arg("--data")
        .arg(data)
        .args(&args[split..])
        .output()
        .expect("run chainbook-server")
}

/// An organisation `slug` with users `rep` (rep) and `boss` (owner), password [`PASSWORD`].
pub fn org(data: &Path, slug: &str) {
    admin(data, &["org", "create", slug, &format!("{slug} Ltd")]);
    for (name, role) in [("rep", "rep"), ("boss", "owner")] {
        admin(
            data,
            &[
                "user",
                "add",
                "--org",
                slug,
                name,
                "--role",
                role,
                "--password",
                PASSWORD,
            ],
        );
    }
}

/// A temp data folder with organisation `acme`, and a server on it.
pub fn world() -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().expect("temp dir");
    org(dir.path(), "acme");
    let server = Server::start(dir.path());
    (dir, server)
}

/// How a request failed.
#[derive(Debug)]
pub enum Fail {
    Api(u16, ApiError),
    Transport(String),
}

impl Fail {
    /// The API error; panics on a transport failure.
    pub fn api(self) -> (u16, ApiError) {
        match self {
            Fail::Api(s, e) => (s, e),
            Fail::Transport(t) => panic!("transport failed: {t}"),
        }
    }
}

/// A device talking to the server.
pub struct Client {
    pub http: reqwest::blocking::Client,
    pub base: String,
    pub device: Uuid,
    pub token: Option<String>,
    pub protocol: u32,
    pub schema: u32,
}

impl Client {
    pub fn new(base: &str) -> Client {
        Client {
            http: reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("http client"),
            base: base.to_owned(),
            device: Uuid::now_v7(),
            token: None,
            protocol: PROTOCOL_VERSION,
            schema: SCHEMA,
        }
    }

    /// A new device signed in as `user` of `org`.
    pub fn signed_in(base: &str, org: &str, user: &str) -> Client {
        let mut c = Client::new(base);
        c.sign_in(org, user, PASSWORD, None).expect("sign in");
        c
    }

    /// A request with the version headers and the token.
    pub fn request(&self, path: &str) -> reqwest::blocking::RequestBuilder {
        let mut r = self
            .http
            .post(format!("{}{path}", self.base))
            .header(HEADER_PROTOCOL, self.protocol.to_string())
            .header(HEADER_SCHEMA, self.schema.to_string());
        if let Some(t) = &self.token {
            r = r.bearer_auth(t);
        }
        r
    }

    pub fn post<Q: Serialize, A: DeserializeOwned>(&self, path: &str, body: &Q) -> Result<A, Fail> {
        let resp = self
            .request(path)
            .json(body)
            .send()
            .map_err(|e| Fail::Transport(e.to_string()))?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().map_err(|e| Fail::Transport(e.to_string()))?;
        if status == 200 {
            serde_json::from_slice(&bytes).map_err(|e| Fail::Transport(format!("answer: {e}")))
        } else {
            let error = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                panic!("status {status} without an error body ({e}): {bytes:?}")
            });
            Err(Fail::Api(status, error))
        }
    }

    pub fn sign_in(
        &mut self,
        org: &str,
        user: &str,
        password: &str,
        code: Option<&str>,
    ) -> Result<SignInResponse, Fail> {
        let answer: SignInResponse = self.post(
            paths::SIGN_IN,
            &SignInRequest {
                org: org.into(),
                user: user.into(),
                password: Secret::new(password),
                device_id: self.device,
                device_name: "test device".into(),
                device_code: code.map(str::to_owned),
            },
        )?;
        self.token = Some(answer.token.expose().to_owned());
        Ok(answer)
    }

    pub fn push_request(&self, req: &PushRequest) -> Result<PushResponse, Fail> {
        self.post(paths::PUSH, req)
    }

    /// Pushes `changes` as a new batch.
    pub fn push(&self, changes: &[PushChange]) -> Result<PushResponse, Fail> {
        self.push_request(&self.batch(changes))
    }

    pub fn batch(&self, changes: &[PushChange]) -> PushRequest {
        PushRequest {
            device_id: self.device,
            batch_id: Uuid::now_v7(),
            changes: changes.to_vec(),
        }
    }

    pub fn pull(&self, cursor: i64, limit: u32) -> Result<PullResponse, Fail> {
        self.post(paths::PULL, &PullRequest { cursor, limit })
    }

    pub fn snapshot(&self, req: SnapshotRequest) -> Result<SnapshotResponse, Fail> {
        self.post(paths::SNAPSHOT, &req)
    }

    pub fn users(&self) -> Result<ListUsersResponse, Fail> {
        self.post(paths::USERS_LIST, &ListUsersRequest {})
    }

    /// The id of the current user `name`, as this client's team list shows it.
    pub fn user_id(&self, name: &str) -> Uuid {
        let users = self.users().expect("list users").users;
        users
            .iter()
            .find(|u| u.name == name)
            .unwrap_or_else(|| panic!("no user {name} in {users:?}"))
            .id
    }

    pub fn add_user(&self, name: &str, role: Role, password: &str) -> Result<UserSummary, Fail> {
        self.post(
            paths::USERS_ADD,
            &AddUserRequest {
                name: name.into(),
                role,
                password: Secret::new(password),
            },
        )
    }

    pub fn remove_user(&self, user_id: Uuid) -> Result<RemoveUserResponse, Fail> {
        self.post(paths::USERS_REMOVE, &RemoveUserRequest { user_id })
    }

    pub fn reset_password(&self, user_id: Uuid, password: &str) -> Result<Done, Fail> {
        self.post(
            paths::USERS_RESET_PASSWORD,
            &ResetPasswordRequest {
                user_id,
                password: Secret::new(password),
            },
        )
    }

    pub fn set_role(&self, user_id: Uuid, role: Role) -> Result<UserSummary, Fail> {
        self.post(paths::USERS_SET_ROLE, &SetRoleRequest { user_id, role })
    }

    pub fn devices(&self) -> Result<ListDevicesResponse, Fail> {
        self.post(paths::DEVICES_LIST, &ListDevicesRequest {})
    }

    pub fn revoke(&self, device_id: Uuid) -> Result<Done, Fail> {
        self.post(paths::DEVICES_REVOKE, &RevokeDeviceRequest { device_id })
    }

    /// Every change after `cursor`, page by page, checking each page follows on gaplessly.
    pub fn pull_all(&self, mut cursor: i64, limit: u32) -> Vec<PulledChange> {
        let mut all = Vec::new();
        loop {
            let page = self.pull(cursor, limit).expect("pull");
            for c in &page.changes {
                assert_eq!(c.seq, cursor + 1, "pages follow on without gaps");
                cursor = c.seq;
            }
            assert_eq!(page.next_cursor, cursor);
            assert!(page.changes.len() <= limit as usize);
            all.extend(page.changes);
            if !page.more {
                assert_eq!(cursor, page.head);
                return all;
            }
        }
    }
}

pub fn now_ms() -> u64 {
    chrono::Utc::now().timestamp_millis() as u64
}

/// A change of one field, stamped at `wall_ms` by `device`.
pub fn change_at(
    table: &str,
    row: &str,
    value: serde_json::Value,
    wall_ms: u64,
    device: Uuid,
) -> PushChange {
    let mut fields = BTreeMap::new();
    fields.insert(
        "name".to_owned(),
        FieldWrite {
            value,
            stamp: Stamp {
                hlc: Hlc::new(wall_ms, 0),
                device,
            },
            base: None,
        },
    );
    PushChange {
        change_id: Uuid::now_v7(),
        change: RowChange {
            table: table.into(),
            row_id: row.into(),
            schema: SCHEMA,
            created_at: None,
            fields,
        },
    }
}

/// `n` changes of customer rows stamped now.
pub fn changes(n: usize, device: Uuid) -> Vec<PushChange> {
    (0..n)
        .map(|i| {
            change_at(
                "customers",
                &Uuid::now_v7().to_string(),
                serde_json::json!(format!("customer {i}")),
                now_ms(),
                device,
            )
        })
        .collect()
}
