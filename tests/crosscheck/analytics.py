#!/usr/bin/env python3
"""Independent check of the customer analytics on a generated dataset.

Reads the orders dataset with Python's sqlite3 and decimal modules only (no Chainbook code),
recomputes every CNY customer's revenue for the 365 days to the dataset's today, its ABC tier,
RFM scores and segment and computed lifecycle from the definitions in the analytics issue, and
the dashboard's figures of that year from the raw tables (orders, order lines, status history,
shipments, returns, complaints, stock movements, purchase lines and receipts; never the derived
tables Chainbook keeps), and compares them with what `chainbook-bench --analytics-json` wrote.
Exits 1 on any difference.

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
    problems += check_dashboard(db, ours["dashboard"], rows, start, as_of)
    tiers = {t: sum(1 for c in rows if c["tier"] == t) for t in "abc"}
    print(f"{len(mine)} customers as of {as_of}; revenue {total}; tiers {tiers}; "
          f"{len(buyers)} with RFM scores; {len(problems)} differences")
    for p in problems[:20]:
        print("  " + p)
    return 1 if problems else 0


def nearest_rank(values, p):
    values = sorted(values)
    rank = min(max(int(-(-p * len(values) // 1)), 1), len(values))
    return values[rank - 1]


def check_dashboard(db, theirs, rows, start, as_of):
    """The dashboard's figures of the year from the raw tables."""
    lo, hi = start.isoformat(), as_of.isoformat()
    marks = ",".join("?" * len(SOLD))
    mine = {}
    mine["revenue"] = sum((c["revenue"] for c in rows), Decimal("0.00"))
    mine["orders"] = sum(c["orders"] for c in rows)
    mine["buyers"] = sum(1 for c in rows if c["orders"] > 0)
    # Deliveries: first 'delivered' status day in the year.
    first = {}
    for oid, status, at in db.execute(
        """SELECT h.order_id, h.status, h.at FROM so_status_history h
           JOIN sales_orders o ON o.id = h.order_id
           WHERE h.deleted = 0 AND o.deleted = 0
             AND h.status IN ('confirmed', 'shipped', 'delivered')"""
    ):
        key = (oid, status)
        if key not in first or at < first[key]:
            first[key] = at
    orders = {
        oid: (promised, backorder)
        for oid, promised, backorder in db.execute(
            "SELECT id, promised_on, backorder FROM sales_orders WHERE deleted = 0"
        )
    }
    days = {}
    for oid, day in db.execute(
        "SELECT order_id, shipped_on FROM so_shipments WHERE deleted = 0"
    ):
        days.setdefault(oid, set()).add(day)
    returned = {oid for (oid,) in db.execute("SELECT order_id FROM so_returns WHERE deleted = 0")}
    bad = {
        oid
        for (oid,) in db.execute(
            """SELECT order_id FROM complaints WHERE deleted = 0
               AND category IN ('wrong_item', 'wrong_quantity', 'damaged')"""
        )
    }
    delivered = with_promise = on_time = accurate = perfect = 0
    hours = []
    for oid, (promised, backorder) in orders.items():
        d = first.get((oid, "delivered"))
        if d and lo <= d[:10] <= hi:
            delivered += 1
            ok_time = promised != "" and d[:10] <= promised
            with_promise += promised != ""
            on_time += ok_time
            acc = oid not in returned and oid not in bad
            accurate += acc
            one_go = backorder == 0 and len(days.get(oid, ())) == 1
            perfect += (promised == "" or ok_time) and one_go and acc
        c, s = first.get((oid, "confirmed")), first.get((oid, "shipped"))
        if c and s and lo <= s[:10] <= hi:
            t = lambda x: dt.datetime.fromisoformat(x.replace("Z", "+00:00"))
            hours.append((t(s) - t(c)).total_seconds() / 3600)
    mine.update(delivered=delivered, with_promise=with_promise, on_time=on_time,
                accurate=accurate, perfect=perfect)
    mine["processing"] = (
        [nearest_rank(hours, 0.5), nearest_rank(hours, 0.9), len(hours)] if hours else None
    )
    # Revenue per month (returns in the month of their date).
    months = {}
    m = dt.date(start.year, start.month, 1)
    while m <= as_of:
        months[m.strftime("%Y-%m")] = Decimal("0.00")
        m = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    for on, qty, price, disc, tax in db.execute(
        f"""SELECT o.ordered_on, l.qty_milli, l.unit_price, l.discount_pct, l.tax_rate_pct
            FROM sales_orders o JOIN so_lines l ON l.order_id = o.id AND l.deleted = 0
            WHERE o.deleted = 0 AND o.currency = 'CNY' AND o.status IN ({marks})
              AND o.ordered_on >= ? AND o.ordered_on <= ?""",
        (*SOLD, lo, hi),
    ):
        months[on[:7]] += gross(qty, price, disc, tax)
    for on, qty, price, disc, tax in db.execute(
        f"""SELECT r.returned_on, r.qty_milli, l.unit_price, l.discount_pct, l.tax_rate_pct
            FROM so_returns r JOIN so_lines l ON l.id = r.line_id
            JOIN sales_orders o ON o.id = r.order_id
            WHERE r.deleted = 0 AND o.deleted = 0 AND o.currency = 'CNY'
              AND o.status IN ({marks}) AND r.returned_on >= ? AND r.returned_on <= ?""",
        (*SOLD, lo, hi),
    ):
        months[on[:7]] -= gross(qty, price, disc, tax)
    mine["months"] = [[k, v] for k, v in months.items()]
    stages = ["new", "active", "at_risk", "lost"]
    mine["lifecycle"] = [[s, sum(1 for c in rows if c["lifecycle"] == s)] for s in stages]
    # Stock: balances before the first day and at the end of the as-of day, at today's cost,
    # each movement on its business date.
    cost = {pid: Decimal(c) for pid, c in db.execute("SELECT id, cost FROM products WHERE deleted = 0")}
    start_q, end_q, sold = {}, {}, {}
    for pid, kind, qty, at in db.execute(
        "SELECT product_id, kind, qty_milli, occurred_on FROM stock_movements WHERE deleted = 0"
    ):
        if pid not in cost:
            continue
        day = at[:10]
        if day < lo:
            start_q[pid] = start_q.get(pid, 0) + qty
        if day <= hi:
            end_q[pid] = end_q.get(pid, 0) + qty
        if lo <= day <= hi and kind in ("shipment", "return"):
            sold[pid] = sold.get(pid, 0) + qty
    value = lambda q, pid: Decimal(max(q, 0)) / 1000 * cost[pid]
    cogs = sum((Decimal(-q) / 1000 * cost[pid] for pid, q in sold.items()), Decimal(0))
    avg = (sum((value(q, p) for p, q in start_q.items()), Decimal(0))
           + sum((value(q, p) for p, q in end_q.items()), Decimal(0))) / 2
    mine["cogs"], mine["average_inventory_value"] = cogs, avg
    due = on_time_lines = 0
    for lid, qty, expected in db.execute(
        """SELECT l.id, l.qty_milli, l.expected_on FROM po_lines l
           JOIN purchase_orders o ON o.id = l.po_id
           WHERE l.deleted = 0 AND o.deleted = 0 AND o.status NOT IN ('draft', 'cancelled')
             AND l.expected_on >= ? AND l.expected_on <= ?""",
        (lo, hi),
    ):
        due += 1
        got = db.execute(
            """SELECT coalesce(sum(accepted_milli + rejected_milli), 0) FROM po_receipts
               WHERE po_line_id = ? AND deleted = 0 AND received_on <= ?""",
            (lid, expected),
        ).fetchone()[0]
        on_time_lines += got >= qty
    mine["po_lines_due"], mine["po_lines_on_time"] = due, on_time_lines
    acc, rej = db.execute(
        """SELECT coalesce(sum(accepted_milli), 0), coalesce(sum(rejected_milli), 0)
           FROM po_receipts WHERE deleted = 0 AND received_on >= ? AND received_on <= ?""",
        (lo, hi),
    ).fetchone()
    mine["received_milli"], mine["rejected_milli"] = acc + rej, rej

    problems = []
    for key, b in mine.items():
        a = theirs.get(key)
        if key in ("revenue", "cogs", "average_inventory_value"):
            a = Decimal(a)
        if key == "months":
            a = [[m, Decimal(v)] for m, v in a]
        if key == "processing" and a is not None:
            a = [round(a[0], 6), round(a[1], 6), a[2]]
            b = [round(b[0], 6), round(b[1], 6), b[2]]
        if a != b:
            problems.append(f"dashboard {key}: chainbook {a!r}, independent {b!r}")
    print(f"dashboard: {mine['orders']} orders, {delivered} delivered ({on_time} on time, "
          f"{accurate} accurate, {perfect} perfect), {len(hours)} shipped, COGS {cogs:.2f}, "
          f"{due} purchase lines due; {len(problems)} differences")
    return problems


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
