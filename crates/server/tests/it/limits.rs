//! Limits and malformed requests: oversized bodies and batches, capped pages, unreadable
//! JSON, unknown paths, and a schema version from the future (accepted and relayed).

use chainbook_protocol::{
    paths, ApiError, Health, Limit, MAX_BODY_BYTES, MAX_PULL_PAGE, MAX_PUSH_CHANGES,
};

use crate::harness::*;

#[test]
fn an_oversized_body_is_refused_with_413() {
    let (_dir, server) = world();
    let a = Client::signed_in(&server.url(), "acme", "rep");
    let big = "x".repeat(MAX_BODY_BYTES + 1024);
    let body = format!(
        "{{\"device_id\":\"{}\",\"batch_id\":\"{}\",\"changes\":[],\"pad\":\"{big}\"}}",
        a.device,
        uuid::Uuid::now_v7()
    );
    let resp = a
        .request(paths::PUSH)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .expect("send");
    assert_eq!(resp.status().as_u16(), 413);
    let e: ApiError = resp.json().expect("error body");
    assert_eq!(
        e,
        ApiError::TooLarge {
            what: Limit::Body,
            limit: MAX_BODY_BYTES as u64
        }
    );

    let (status, e) = a
        .push(&changes(MAX_PUSH_CHANGES + 1, a.device))
        .expect_err("too many changes")
        .api();
    assert_eq!(status, 413);
    assert_eq!(
        e,
        ApiError::TooLarge {
            what: Limit::Changes,
            limit: MAX_PUSH_CHANGES as u64
        }
    );
    assert_eq!(a.pull(0, 10).expect("pull").head, 0, "nothing stored");
}

#[test]
fn pages_are_capped() {
    let (_dir, server) = world();
    let a = Client::signed_in(&server.url(), "acme", "rep");
    a.push(&changes(MAX_PUSH_CHANGES, a.device)).expect("push");
    let page = a.pull(0, u32::MAX).expect("pull");
    assert_eq!(page.changes.len(), MAX_PULL_PAGE as usize);
    assert!(page.more);
    let (status, e) = a.pull(0, 0).expect_err("limit 0").api();
    assert_eq!((status, e), (400, ApiError::bad_request("limit")));
    let (status, e) = a.pull(-1, 10).expect_err("negative cursor").api();
    assert_eq!((status, e), (400, ApiError::bad_request("cursor")));
}

#[test]
fn malformed_requests_get_400_with_a_code() {
    let (_dir, server) = world();
    let a = Client::signed_in(&server.url(), "acme", "rep");
    let send = |path: &str, ct: &str, body: &str| {
        let resp = a
            .request(path)
            .header("content-type", ct)
            .body(body.to_owned())
            .send()
            .expect("send");
        let status = resp.status().as_u16();
        (status, resp.json::<ApiError>().expect("error body"))
    };
    let json = "application/json";
    for path in [paths::SIGN_IN, paths::PUSH, paths::PULL, paths::SNAPSHOT] {
        assert_eq!(
            send(path, json, "{not json"),
            (400, ApiError::bad_request("body")),
            "{path}"
        );
        assert_eq!(
            send(path, json, "\"a string\""),
            (400, ApiError::bad_request("body")),
            "{path}"
        );
    }
    assert_eq!(
        send(paths::PULL, "text/plain", "{\"cursor\":0,\"limit\":1}"),
        (400, ApiError::bad_request("content-type"))
    );
    assert_eq!(
        send(
            paths::PUSH,
            json,
            "{\"device_id\":\"x\",\"batch_id\":\"y\",\"changes\":[]}"
        ),
        (400, ApiError::bad_request("body"))
    );
    let mut blank_name = a.batch(&changes(1, a.device));
    blank_name.changes[0].change.table = String::new();
    let (status, e) = a.push_request(&blank_name).expect_err("no table").api();
    assert_eq!((status, e), (400, ApiError::bad_request("changes[0]")));
    assert_eq!(a.pull(0, 10).expect("pull").head, 0, "nothing stored");

    // Unknown paths answer the same error shape.
    let resp = a.request("/v1/nothing-here").send().expect("send");
    assert_eq!(resp.status().as_u16(), 404);
    assert_eq!(resp.json::<ApiError>().expect("body"), ApiError::NotFound);
    let health: Health = reqwest::blocking::get(format!("{}{}", server.url(), paths::HEALTH))
        .expect("health")
        .json()
        .expect("health json");
    assert_eq!(health.status, "ok");
}

/// The server relays changes without interpreting their schema: a device on a newer schema
/// pushes, an older device pulls the change unchanged and keeps it waiting until it
/// understands it (the store's `sync_pending`). So a schema from the future is accepted.
#[test]
fn a_schema_from_the_future_is_relayed_untouched() {
    let (dir, server) = world();
    let mut newer = Client::new(&server.url());
    newer.schema = 999;
    newer
        .sign_in("acme", "rep", PASSWORD, Some("NEW"))
        .expect("sign in");
    let mut future = changes(1, newer.device);
    future[0].change.schema = 999;
    future[0].change.table = "table_of_the_future".into();
    assert_eq!(newer.push(&future).expect("push").seqs, [1]);
    let older = Client::signed_in(&server.url(), "acme", "boss");
    let pulled = older.pull_all(0, 10);
    assert_eq!(pulled[0].change, future[0].change);
    let listed = admin(dir.path(), &["device", "list", "--org", "acme"]);
    assert!(
        listed
            .lines()
            .any(|l| l.contains("\tNEW\t") && l.contains("\t999\t")),
        "{listed}"
    );
}
