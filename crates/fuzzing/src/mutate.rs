//! Proptest strategies that damage valid inputs the way a fuzzer does, aware of their
//! structure: JSON values with a node replaced by any other JSON (an odd string, a number out
//! of range, the wrong type), a key dropped or an unknown one added; bytes flipped, cut or
//! spliced. The replay test starts them from the committed corpus, so the normal suite runs
//! inputs shaped like each command's arguments and each endpoint's body.

use proptest::prelude::*;
use serde_json::{Map, Value};

/// A JSON value a user, a damaged file or a hostile client could send.
pub fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop_oneof![Just(0u64), Just(u64::MAX), Just(u64::from(u32::MAX) + 1)]
            .prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![
            Just(""),
            Just(" "),
            Just("0"),
            Just("-1"),
            Just("1e400"),
            Just("99999999999999999999999999999.99"),
            Just("0.000000001"),
            Just("NaN"),
            Just("2026-02-30"),
            Just("2026-12-31"),
            Just("9999-12-31"),
            Just("0000-01-01"),
            Just("2026-07"),
            Just("2026-Q3"),
            Just("00000000-0000-0000-0000-000000000000"),
            Just("@customer"),
            Just("@product"),
            Just("@supplier"),
            Just("@order"),
            Just("@po"),
            Just("@complaint"),
            Just("@dir"),
            Just("@dir/../x"),
            Just("CN"),
            Just("CNY"),
            Just("深圳华为技术有限公司"),
            Just("a\u{0}b"),
            Just("line\nbreak"),
            Just("\u{202e}evil"),
            Just("'; DROP TABLE customers; --"),
            Just("%_\\"),
        ]
        .prop_map(Value::from),
        "\\PC{0,40}".prop_map(Value::from),
        (1usize..5000).prop_map(|n| Value::from("長".repeat(n))),
    ]
}

/// Any JSON value, nested a few levels.
pub fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// One change to a JSON value.
#[derive(Debug, Clone)]
pub enum Edit {
    /// The `n`-th node (in pre-order) replaced.
    Replace(usize, Value),
    /// A key of the `n`-th object removed.
    Remove(usize, usize),
    /// A key added to the `n`-th object.
    Add(usize, String, Value),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), value()).prop_map(|(n, v)| Edit::Replace(n, v)),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(n, k)| Edit::Remove(n, k)),
        1 => (any::<usize>(), "[a-z_]{1,12}", value()).prop_map(|(n, k, v)| Edit::Add(n, k, v)),
    ]
}

/// Up to three edits of `seed`.
pub fn mutated_json(seed: Value) -> impl Strategy<Value = Value> {
    prop::collection::vec(edit(), 0..4).prop_map(move |edits| {
        let mut v = seed.clone();
        for e in edits {
            apply(&mut v, e);
        }
        v
    })
}

fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Object(o) => o.values().map(count).sum(),
        _ => 0,
    }
}

/// The `n`-th node in pre-order.
fn nth(v: &mut Value, n: usize) -> Option<&mut Value> {
    if n == 0 {
        return Some(v);
    }
    let mut n = n - 1;
    let children: Vec<&mut Value> = match v {
        Value::Array(a) => a.iter_mut().collect(),
        Value::Object(o) => o.values_mut().collect(),
        _ => return None,
    };
    for c in children {
        let size = count(c);
        if n < size {
            return nth(c, n);
        }
        n -= size;
    }
    None
}

fn apply(v: &mut Value, e: Edit) {
    let nodes = count(v);
    match e {
        Edit::Replace(n, new) => {
            if let Some(node) = nth(v, n % nodes) {
                *node = new;
            }
        }
        Edit::Remove(n, k) => {
            if let Some(Value::Object(o)) = nth(v, n % nodes) {
                if let Some(key) = o.keys().nth(k % o.len().max(1)).cloned() {
                    o.remove(&key);
                }
            }
        }
        Edit::Add(n, key, new) => {
            if let Some(Value::Object(o)) = nth(v, n % nodes) {
                o.insert(key, new);
            }
        }
    }
}

/// `seed` with bytes flipped, a tail cut and a run of bytes spliced in.
pub fn mutated_bytes(seed: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec((any::<usize>(), any::<u8>()), 0..8),
        any::<usize>(),
        prop::option::of((any::<usize>(), prop::collection::vec(any::<u8>(), 0..64))),
    )
        .prop_map(move |(flips, cut, splice)| {
            let mut b = seed.clone();
            if !b.is_empty() {
                for (at, x) in flips {
                    let i = at % b.len();
                    b[i] ^= x;
                }
                if cut % 3 == 0 {
                    b.truncate(cut % (b.len() + 1));
                }
            }
            if let Some((at, bytes)) = splice {
                let at = at % (b.len() + 1);
                b.splice(at..at, bytes);
            }
            b
        })
}

/// Bytes that look like delimited text more often than random ones do: separators, quotes,
/// line ends, a UTF-8 BOM and GB18030 lead bytes.
pub fn texty() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            Just(b','),
            Just(b';'),
            Just(b'\t'),
            Just(b'"'),
            Just(b'\n'),
            Just(b'\r'),
            Just(0xEF),
            Just(0xBB),
            Just(0xBF),
            Just(0xB0),
            Just(0xA1),
            any::<u8>(),
            (b'a'..=b'z'),
        ],
        0..400,
    )
}
