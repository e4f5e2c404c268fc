//! One change's round trip on loopback: device A saves a customer with a new phone number and
//! syncs; device B syncs and has it.
//!
//! Both devices hold the dataset (the source and the new device of the first sync), each
//! signs in again in this process, and each sync is the app's `SyncClient::sync_once` (push
//! what is outgoing, then pull to the head). Timed from the start of A's save to the end of
//! B's sync, with its three parts: A's save (the customer form's whole draft, as the app
//! sends it), A's sync (one change pushed and pulled back), B's sync (one change pulled and
//! applied: the customer's search and tag rows rebuilt). The customers come round in turn
//! from the first 50 of the dataset. After each run, untimed: B must show the new number.

use std::path::Path;
use std::time::{Duration, Instant};

use chainbook_core::contact::ContactDraft;
use chainbook_core::customer::{AddressDraft, CustomerDraft};
use chainbook_protocol::Secret;
use chainbook_store::{CustomerDetail, Store};
use chainbook_sync::SyncClient;
use rusqlite::{Connection, OpenFlags};
use uuid::Uuid;

use super::server::PASSWORD;
use crate::{figure, Figure, Result, Timed};

/// Target of the sync issue: one change round trip on loopback.
pub const ROUND_TRIP_TARGET_MS: f64 = 50.0;

/// The draft the customer form would send for `d` unchanged: every field, every contact and
/// address with its id.
pub fn draft_of(d: &CustomerDetail) -> CustomerDraft {
    let f = &d.customer.fields;
    CustomerDraft {
        kind: f.kind,
        name: f.name.clone(),
        phone: f.phone.clone(),
        email: f.email.clone(),
        country: f.country.clone(),
        province: f.province.clone(),
        city: f.city.clone(),
        tags: f.tags.clone(),
        credit_limit: f.credit_limit.to_string(),
        currency: f.currency.clone(),
        notes: f.notes.clone(),
        channel: f.channel.map(|c| c.as_str().to_owned()).unwrap_or_default(),
        payment_method: f
            .payment_method
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
        payment_terms: f
            .payment_terms
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
        lifecycle: f.lifecycle.as_str().to_owned(),
        lifecycle_pinned: f.lifecycle_pinned,
        owner: f.owner.clone(),
        contacts: d
            .contacts
            .iter()
            .map(|c| ContactDraft {
                id: c.id,
                name: c.name.clone(),
                role: c.role.clone(),
                phone: c.phone.clone(),
                email: c.email.clone(),
                wechat: c.wechat.clone(),
                primary: c.primary,
            })
            .collect(),
        addresses: d
            .addresses
            .iter()
            .map(|a| AddressDraft {
                id: a.id,
                kind: a.kind.as_str().to_owned(),
                country: a.country.clone(),
                province: a.province.clone(),
                city: a.city.clone(),
                street: a.street.clone(),
                postcode: a.postcode.clone(),
            })
            .collect(),
    }
}

/// A device of this process: its store and a client signed in to `org`.
pub struct Device {
    pub store: Store,
    pub client: SyncClient,
}

impl Device {
    pub fn sign_in(server: &str, db: &Path, org: &str, name: &str) -> Result<Device> {
        let mut store = Store::open(db)?;
        let mut client = SyncClient::new(server)?;
        client.sign_in(&mut store, org, "rep", &Secret::new(PASSWORD), name)?;
        Ok(Device { store, client })
    }
}

/// The first `n` live customers of `db`.
pub fn customer_ids(db: &Path, n: usize) -> Result<Vec<Uuid>> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let ids = conn
        .prepare("SELECT id FROM customers WHERE deleted = 0 ORDER BY rowid LIMIT ?1")?
        .query_map([n as i64], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if ids.is_empty() {
        return Err("the dataset has no customers".into());
    }
    ids.iter().map(|s| Ok(Uuid::parse_str(s)?)).collect()
}

/// Timings of the round trip and its parts, and the worst round trip.
pub struct RoundTrips {
    pub figures: Vec<Figure>,
    pub max_ms: f64,
}

/// `warmup` untimed, then `reps` timed round trips from `a` to `b` through `server`.
pub fn round_trips(
    server: &str,
    org: &str,
    a_db: &Path,
    b_db: &Path,
    warmup: usize,
    reps: usize,
) -> Result<RoundTrips> {
    let mut a = Device::sign_in(server, a_db, org, "round trip A")?;
    let mut b = Device::sign_in(server, b_db, org, "round trip B")?;
    a.client.sync_once(&mut a.store)?;
    b.client.sync_once(&mut b.store)?;
    let ids = customer_ids(a_db, 50)?;
    let mut parts: [Vec<Duration>; 4] = Default::default();
    for i in 0..warmup + reps {
        let id = ids[i % ids.len()];
        let mut draft = draft_of(&a.store.customers().detail(id)?);
        // A number no generated customer has, new on every run.
        let phone = format!("+86 20 3{:07}", i);
        if draft.phone == phone {
            return Err(format!("round trip: {id} already has {phone}").into());
        }
        draft.phone = phone.clone();

        let t0 = Instant::now();
        a.store.customers_mut().update(id, &draft)?;
        let t1 = Instant::now();
        let ra = a.client.sync_once(&mut a.store)?;
        let t2 = Instant::now();
        let rb = b.client.sync_once(&mut b.store)?;
        let t3 = Instant::now();

        let seen = b.store.customers().get(id)?.fields.phone;
        if ra.pushed != 1 || rb.pulled != 1 || seen != phone {
            return Err(format!(
                "round trip {i}: A pushed {}, B pulled {} and shows {seen:?}, not {phone:?}",
                ra.pushed, rb.pulled
            )
            .into());
        }
        if i >= warmup {
            for (p, d) in parts.iter_mut().zip([t3 - t0, t1 - t0, t2 - t1, t3 - t2]) {
                p.push(d);
            }
        }
    }
    let max_ms = parts[0]
        .iter()
        .max()
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    let names = [
        format!("one change round trip: A saves a customer's phone and syncs, B syncs and has it ({reps} runs)"),
        "  A saves the customer (local write)".to_owned(),
        "  A syncs: pushes the change, pulls it back".to_owned(),
        "  B syncs: pulls the change and applies it".to_owned(),
    ];
    let figures = parts
        .into_iter()
        .zip(names)
        .enumerate()
        .map(|(k, (times, name))| {
            figure(
                "sync-net",
                name,
                (k == 0).then_some(ROUND_TRIP_TARGET_MS),
                Timed {
                    times,
                    rows: reps as u64,
                    total: None,
                },
            )
        })
        .collect();
    Ok(RoundTrips { figures, max_ms })
}
