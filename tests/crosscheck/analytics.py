#!/usr/bin/env python3
"""Independent check of the customer analytics on a generated dataset.

Reads the orders dataset with Python's sqlite3 and decimal modules only (no Chainbook code),
recomputes every CNY customer's revenue for the 365 days to the dataset's today, its ABC tier,
RFM scores and segment and computed lifecycle from the definitions in the analytics issue, and
compares them with what `chainbook-bench --analytics-json` wrote. Exits 1 on any difference.

usage: analytics.py ORDERS_DB ANALYTICS_JSON
"""
import datetime as dt
import json
import sqlite3
import sys
from decimal import ROUND_HALF_UP, Decimal

SOLD = ("confirmed", "picking", "shipped", "delivered", "closed")
GRID = [  # R = 5 first, FM = 1 first
    ["new", "potential_loyalists", "potential_loyalists", "champions", "champions"],
    ["promising", "potential_loyalists", "potential_loyalists", "loyal", "champions"],
    ["about_to_sleep", "need_attention", "need_attention", "loyal", "loyal"],
    ["hibernating", "about_to_sleep", "at_risk", "at_risk", "cant_lose"],
    ["lost", "hibernating", "at_risk", "cant_lose", "cant_lose"],
]


def cents(x):
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def gross(qty_milli, price, discount, tax):
    net = cents(Decimal(qty_milli) / 1000 * Decimal(price) * (1 - Decimal(discount) / 100))
    return net + cents(net * Decimal(tax) / 100)


def scores(values, lower_is_better):
    n = len(values)
    out = []
    for v in values:
        worse = sum(1 for w in values if (w > v if lower_is_better else w < v))
        out.append(1 + (5 * worse) // n)
    return out


def lifecycle(dates, as_of):
    dates = sorted(set(d for d in dates if d <= as_of))
    if not dates:
        return None
    days = (as_of - dates[-1]).days
    gaps = sorted((b - a).days for a, b in zip(dates, dates[1:]))
    median = None
    if gaps:
        m = len(gaps) // 2
        median = gaps[m] if len(gaps) % 2 else (gaps[m - 1] + gaps[m]) / 2
    if days > 365 or (median is not None and days > 3 * median):
        return "lost"
    if median is not None and days > 1.5 * median:
        return "at_risk"
    if (as_of - dates[0]).days <= 90:
        return "new"
    return "active"


def main(db_path, json_path):
    ours = json.load(open(json_path))
    as_of = dt.date.fromisoformat(ours["as_of"])
    start = as_of - dt.timedelta(days=364)
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    customers = {
        cid: {"code": code, "revenue": Decimal("0.00"), "orders": 0, "last": None, "dates": []}
        for cid, code in db.execute(
            "SELECT id, code FROM customers WHERE deleted = 0 AND currency = 'CNY'"
        )
    }
    marks = ",".join("?" * len(SOLD))
    for cid, on, qty, price, disc, tax in db.execute(
        f"""SELECT o.customer_id, o.ordered_on, l.qty_milli, l.unit_price, l.discount_pct,
                   l.tax_rate_pct
            FROM sales_orders o JOIN so_lines l ON l.order_id = o.id AND l.deleted = 0
            WHERE o.deleted = 0 AND o.currency = 'CNY' AND o.status IN ({marks})""",
        SOLD,
    ):
        day = dt.date.fromisoformat(on)
        if cid in customers and start <= day <= as_of:
            customers[cid]["revenue"] += gross(qty, price, disc, tax)
    for cid, on in db.execute(
        f"""SELECT customer_id, ordered_on FROM sales_orders
            WHERE deleted = 0 AND currency = 'CNY' AND status IN ({marks})""",
        SOLD,
    ):
        day = dt.date.fromisoformat(on)
        c = customers.get(cid)
        if c is None or day > as_of:
            continue
        c["dates"].append(day)
        if day >= start:
            c["orders"] += 1
            c["last"] = max(c["last"], day) if c["last"] else day
    for cid, on, qty, price, disc, tax in db.execute(
        f"""SELECT o.customer_id, r.returned_on, r.qty_milli, l.unit_price, l.discount_pct,
                   l.tax_rate_pct
            FROM so_returns r JOIN so_lines l ON l.id = r.line_id
            JOIN sales_orders o ON o.id = r.order_id
            WHERE r.deleted = 0 AND o.deleted = 0 AND o.currency = 'CNY'
              AND o.status IN ({marks})""",
        SOLD,
    ):
        day = dt.date.fromisoformat(on)
        if cid in customers and start <= day <= as_of:
            customers[cid]["revenue"] -= gross(qty, price, disc, tax)

    rows = list(customers.values())
    # ABC
    total = sum(c["revenue"] for c in rows if c["revenue"] > 0)
    cumulative = Decimal(0)
    for c in sorted(rows, key=lambda c: (-c["revenue"], c["code"])):
        if c["revenue"] <= 0:
            c["tier"] = "c"
            continue
        cumulative += c["revenue"]
        c["tier"] = "a" if cumulative * 100 <= total * 80 else "b" if cumulative * 100 <= total * 95 else "c"
    # RFM
    buyers = [c for c in rows if c["last"] is not None]
    r = scores([(as_of - c["last"]).days for c in buyers], True)
    f = scores([c["orders"] for c in buyers], False)
    m = scores([c["revenue"] for c in buyers], False)
    for c, ri, fi, mi in zip(buyers, r, f, m):
        fm = (fi + mi + 1) // 2
        c["rfm"] = [ri, fi, mi, GRID[5 - ri][fm - 1]]
    for c in rows:
        c.setdefault("rfm", None)
        c["lifecycle"] = lifecycle(c["dates"], as_of)

    theirs = {c["code"]: c for c in ours["customers"]}
    mine = {c["code"]: c for c in rows}
    problems = []
    if set(theirs) != set(mine):
        problems.append(f"customers differ: {len(theirs)} vs {len(mine)}")
    for code, c in mine.items():
        t = theirs.get(code)
        if t is None:
            continue
        for key, a, b in [
            ("revenue", Decimal(t["revenue"]), c["revenue"]),
            ("orders", t["orders"], c["orders"]),
            ("tier", t["tier"], c["tier"]),
            ("rfm", t["rfm"], c["rfm"]),
            ("lifecycle", t["lifecycle"], c["lifecycle"]),
        ]:
            if a != b:
                problems.append(f"{code} {key}: chainbook {a!r}, independent {b!r}")
    tiers = {t: sum(1 for c in rows if c["tier"] == t) for t in "abc"}
    print(f"{len(mine)} customers as of {as_of}; revenue {total}; tiers {tiers}; "
          f"{len(buyers)} with RFM scores; {len(problems)} differences")
    for p in problems[:20]:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
