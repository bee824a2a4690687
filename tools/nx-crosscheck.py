#!/usr/bin/python3
"""Cross-check powermap's analyses against NetworkX (Debian python3-networkx).

Reads the powermap database directly with Python's sqlite3 (not through
powermap), rebuilds the graph views of DESIGN §5 independently, computes the
same analyses with NetworkX, runs the powermap binary with --json, and
compares:

  rank   personalized PageRank (reversed influence view, restart at declared
         decision makers) and weighted betweenness (relationship view, lengths
         -ln(s_eff) + 1e-9 rounded to 2^-30) for every person of the account,
         within --tol (default 1e-6);
  paths  the strengths of the k best warm paths to each target (no diversity
         rule; paths start at our side only, customer insiders are
         intermediaries; --no-chain leaves reporting lines out), within --tol;
  reach  the best warm-path strength to every person of the account (or that
         there is none), within --tol.
  accounts  every customer account of the portfolio: its key people are
         the first of rank's list, their warm reach the NetworkX best path,
         and fit (to the won accounts, from the orgs table), coverage of the
         buying roles, engagement (two-way interactions), pipeline and the
         score recomputed here, within --tol.

usage:
  tools/nx-crosscheck.py rank  BIN DB ACCOUNT [--as-of DATE]
  tools/nx-crosscheck.py paths BIN DB TARGET... [--as-of DATE] [-k K] [--max-hops H] [--no-chain]
  tools/nx-crosscheck.py reach BIN DB ACCOUNT... [--as-of DATE]
  tools/nx-crosscheck.py accounts BIN DB all [--as-of DATE]
Exit 0 when everything agrees, 1 otherwise; prints the largest differences.
"""
import argparse
import datetime
import json
import math
import sqlite3
import subprocess
import sys

import networkx as nx

DEFAULTS = dict(half_life=365.0, floor=0.1, default_strength=0.5, colleague=0.5,
                mgr_to_sub=0.5, sub_to_mgr=0.2, damping=0.85, hop_discount=0.9,
                max_hops=4)
OURS = {"own", "partner", "investor", "bank"}


def params(db):
    p = dict(DEFAULTS)
    for k, v in db.execute("SELECT key, value FROM config"):
        if k in p:
            p[k] = float(v)
    return p


def days(a, b):
    d = lambda s: datetime.date(int(s[:4]), int(s[5:7]), int(s[8:10]))
    return (d(b) - d(a)).days


def s_eff(p, s, last, as_of):
    if not last:
        return s
    t = days(last[:10], as_of)
    if t <= 0:
        return s
    return max(s * 2.0 ** (-t / p["half_life"]), p["floor"] * s)


def length(s):
    return round((-math.log(s) + 1e-9) * 2 ** 30) / 2 ** 30


def account_people(db, account):
    row = db.execute("SELECT id FROM orgs WHERE key = ? OR name = ?", (account, account)).fetchone()
    ids = {row[0]}
    while True:
        more = {r[0] for r in db.execute("SELECT id FROM orgs WHERE parent_id IN (%s)"
                                         % ",".join("?" * len(ids)), tuple(ids))} - ids
        if not more:
            break
        ids |= more
    q = "SELECT id, key, role FROM people WHERE org_id IN (%s)" % ",".join("?" * len(ids))
    return {r[0]: (r[1], r[2]) for r in db.execute(q, tuple(ids))}


def links(db, ids=None):
    rows = db.execute("SELECT src, dst, kind, strength, last_contact FROM links").fetchall()
    return [r for r in rows if ids is None or (r[0] in ids and r[1] in ids)]


def relationship_graph(p, rows, as_of):
    g = nx.Graph()
    for a, b, kind, s, last in rows:
        if kind in ("knows", "influences"):
            w = s_eff(p, p["default_strength"] if s is None else s, last, as_of)
        elif kind == "reports_to":
            w = s_eff(p, p["colleague"], last, as_of)
        else:
            continue
        if w <= 0:
            continue
        if not g.has_edge(a, b) or g[a][b]["s"] < w:
            g.add_edge(a, b, s=w, length=length(w))
    return g


def check_rank(args):
    db = sqlite3.connect(args.db)
    p = params(db)
    people = account_people(db, args.account)
    rows = links(db, set(people))
    as_of = args.as_of
    # influence view, reversed: power flows to those who sway
    inf = nx.DiGraph()
    inf.add_nodes_from(people)
    def add(a, b, w):
        if w <= 0:
            return
        if inf.has_edge(a, b):
            inf[a][b]["weight"] += w
        else:
            inf.add_edge(a, b, weight=w)
    for a, b, kind, s, last in rows:
        if kind == "influences":
            add(b, a, p["default_strength"] if s is None else s)
        elif kind == "reports_to":
            add(a, b, p["mgr_to_sub"])   # manager b sways a: reversed a -> b
            add(b, a, p["sub_to_mgr"])
    dm = [v for v, (k, role) in people.items() if role in ("economic_buyer", "decision_maker")]
    reset = {v: (1.0 if v in dm else 0.0) for v in people} if dm else {v: 1.0 for v in people}
    pr = nx.pagerank(inf, alpha=p["damping"], personalization=reset, weight="weight",
                     dangling=reset, tol=1e-13, max_iter=10000)
    rel = relationship_graph(p, rows, as_of)
    rel.add_nodes_from(people)
    bt = nx.betweenness_centrality(rel, normalized=False, weight="length")
    out = subprocess.run([args.bin, "--db", args.db, "rank", args.account, "--json",
                          "--as-of", as_of], check=True, capture_output=True, text=True).stdout
    ours = {x["key"]: x for x in json.loads(out)["people"]}
    worst_pr = worst_bt = 0.0
    bad = []
    for v, (key, role) in people.items():
        d_pr = abs(ours[key]["pagerank"] - pr[v])
        d_bt = abs(ours[key]["betweenness"] - bt[v])
        worst_pr, worst_bt = max(worst_pr, d_pr), max(worst_bt, d_bt)
        if d_pr > args.tol or d_bt > args.tol:
            bad.append((key, ours[key]["pagerank"], pr[v], ours[key]["betweenness"], bt[v]))
    print(f"nx-crosscheck rank {args.account}: {len(people)} people, "
          f"max |pagerank diff| {worst_pr:.3g}, max |betweenness diff| {worst_bt:.3g}")
    for b in bad[:10]:
        print("  MISMATCH %s: pagerank %.12g vs %.12g, betweenness %.12g vs %.12g" % b)
    return 1 if bad else 0


class PathModel:
    """The warm-path search space of DESIGN §6, rebuilt from the database."""

    def __init__(self, db, as_of, max_hops=None, no_chain=False):
        self.p = params(db)
        if no_chain:
            self.p["colleague"] = 0.0
        self.H = int(max_hops or self.p["max_hops"])
        self.d = self.p["hop_discount"]
        self.people = {r[0]: r[1:] for r in db.execute(
            "SELECT p.id, p.key, p.role, p.stance, o.kind FROM people p"
            " LEFT JOIN orgs o ON o.id = p.org_id")}
        self.by_key = {r[0]: v for v, r in self.people.items()}
        self.rel = relationship_graph(self.p, links(db), as_of)

    def ours(self, v):
        return self.people[v][3] in OURS

    def inter(self, v):
        key, role, stance, kind = self.people[v]
        return not self.ours(v) and stance != "opponent" and role != "blocker"

    def source(self, v):
        return self.ours(v)   # every path starts at our side

    def best(self, target, k):
        """Strengths of the k best paths to target (no diversity rule)."""
        t = self.by_key[target]
        g = nx.DiGraph()
        for a, b in self.rel.edges():
            for u, v in ((a, b), (b, a)):
                if (self.source(u) or self.inter(u)) and (v == t or self.inter(v)) and u != t:
                    g.add_edge(u, v, w=-math.log(self.rel[u][v]["s"]) - math.log(self.d))
        g.add_node("*")
        for v in self.people:
            if self.source(v) and v != t and v in g:
                g.add_edge("*", v, w=0.0)
        want = []
        if t in g and nx.has_path(g, "*", t):
            for path in nx.shortest_simple_paths(g, "*", t, weight="w"):
                if len(path) - 2 > self.H:
                    continue
                total = sum(g[a][b]["w"] for a, b in zip(path, path[1:]))
                want.append(math.exp(-total) / self.d)
                if len(want) == k:
                    break
        return want


def check_paths(args):
    db = sqlite3.connect(args.db)
    model = PathModel(db, args.as_of, args.max_hops, args.no_chain)
    rc = 0
    for target in args.subjects:
        want = model.best(target, args.k)
        out = subprocess.run([args.bin, "--db", args.db, "paths", target, "-k", str(args.k),
                              "--no-diversity", "--json", "--as-of", args.as_of,
                              "--max-hops", str(model.H)]
                             + (["--no-chain"] if args.no_chain else []),
                             check=True, capture_output=True, text=True).stdout
        got = [x["strength"] for x in json.loads(out)["paths"]]
        worst = max([abs(a - b) for a, b in zip(got, want)] + [0.0])
        ok = len(got) == len(want) and worst <= args.tol
        print(f"nx-crosscheck paths {target}: {len(got)} paths, max |strength diff| {worst:.3g}"
              + ("" if ok else f"  MISMATCH powermap {got} networkx {want}"))
        rc |= 0 if ok else 1
    return rc


def check_reach(args):
    db = sqlite3.connect(args.db)
    model = PathModel(db, args.as_of)
    rc = 0
    for account in args.subjects:
        out = subprocess.run([args.bin, "--db", args.db, "reach", account, "--min-power", "0",
                              "--json", "--as-of", args.as_of],
                             check=True, capture_output=True, text=True).stdout
        worst, bad, n = 0.0, [], 0
        for x in json.loads(out)["people"]:
            got = x["path"]["strength"] if x["path"] else None
            want = model.best(x["key"], 1)
            want = want[0] if want else None
            n += 1
            if (got is None) != (want is None) or (got is not None and abs(got - want) > args.tol):
                bad.append((x["key"], got, want))
            elif got is not None:
                worst = max(worst, abs(got - want))
        print(f"nx-crosscheck reach {account}: {n} people, max |best strength diff| {worst:.3g}")
        for b in bad[:10]:
            print("  MISMATCH %s: powermap %s networkx %s" % b)
        rc |= 1 if bad else 0
    return rc


FIT_W = (0.35, 0.25, 0.15, 0.15, 0.10)
SCORE_W = dict(fit=0.30, reach=0.30, coverage=0.15, engagement=0.10, pipeline=0.15)


def text_key(s):
    """As powermap compares industries and regions: NFKC, case folded, no spaces."""
    import unicodedata
    if not s:
        return None
    k = "".join(c for c in unicodedata.normalize("NFKC", s).casefold() if not c.isspace())
    return k or None


def size_match(a, b):
    if a is None or b is None or a <= 0 or b <= 0:
        return 0.0
    return max(0.0, 1 - abs(math.log10(a / b)))


def check_accounts(args):
    db = sqlite3.connect(args.db)
    model = PathModel(db, args.as_of)
    orgs = {r[0]: r[1:] for r in db.execute(
        "SELECT id, key, name, kind, parent_id, industry, employees, revenue, currency, region"
        " FROM orgs")}

    def chain(i):
        seen = []
        while i is not None and i not in seen:
            seen.append(i)
            i = orgs[i][3]
        return seen
    account_of, group = {}, {}
    for i in orgs:
        c = chain(i)
        cust = [j for j in c if orgs[j][2] == "customer"]
        if cust:
            account_of[i] = cust[-1]
        group[i] = c[-1] if len(c) > 1 else None
    accounts = sorted({a for a in account_of.values()})
    won, open_amt, cur_of = set(), {}, {}
    for acc_id, stage, amount, cur in db.execute(
            "SELECT account_id, stage, amount, currency FROM deals ORDER BY id"):
        a = account_of.get(acc_id)
        if a is None:
            continue
        cur = cur or ""
        if a not in cur_of and cur:
            cur_of[a] = cur
        if stage == "won":
            won.add(a)
        elif stage != "lost" and (not cur or cur == cur_of.get(a)):
            open_amt[a] = open_amt.get(a, 0.0) + (amount or 0.0)
    engaged = set()
    for pid, at, ch, direction in db.execute(
            "SELECT person_id, at, channel, direction FROM interactions"):
        two_way = ch in ("meeting", "event", "call") or (
            ch in ("email", "dm") and direction in ("inbound", "both"))
        if two_way and at[:10] <= args.as_of and days(at[:10], args.as_of) <= 180:
            engaged.add(pid)

    def fit(a):
        x = orgs[a]
        best = 0.0
        for w in won:
            if w == a:
                continue
            y = orgs[w]
            m = (1.0 if text_key(x[4]) and text_key(x[4]) == text_key(y[4]) else 0.0,
                 size_match(x[5], y[5]),
                 size_match(x[6], y[6]) if (x[7] or None) == (y[7] or None) else 0.0,
                 1.0 if text_key(x[8]) and text_key(x[8]) == text_key(y[8]) else 0.0,
                 1.0 if group[a] is not None and group[a] == group[w] else 0.0)
            best = max(best, sum(wi * mi for wi, mi in zip(FIT_W, m)))
        return best
    out = subprocess.run([args.bin, "--db", args.db, "accounts", "--json", "--top", "0",
                          "--no-progress", "--as-of", args.as_of],
                         check=True, capture_output=True, text=True).stdout
    got = {a["key"]: a for a in json.loads(out)["accounts"]}
    rc, worst = 0, 0.0
    keys = {orgs[a][0]: a for a in accounts}
    if set(got) != set(keys):
        print("nx-crosscheck accounts: MISMATCH accounts powermap %s here %s"
              % (sorted(got), sorted(keys)))
        return 1
    ids = {r[1]: r[0] for r in db.execute("SELECT id, key FROM people")}
    for key, a in keys.items():
        g = got[key]
        ranked = subprocess.run([args.bin, "--db", args.db, "rank", key, "--json",
                                 "--as-of", args.as_of], check=True, capture_output=True,
                                text=True).stdout
        ranked = json.loads(ranked)["people"]
        kp = [x["key"] for x in ranked[:len(g["key_people"])]]
        if kp != [x["key"] for x in g["key_people"]] or len(kp) != min(5, len(ranked)):
            print("nx-crosscheck accounts %s: MISMATCH key people %s, rank %s"
                  % (key, [x["key"] for x in g["key_people"]], kp))
            rc = 1
            continue
        power = {x["key"]: x["score"] for x in ranked}
        reach_sum = wsum = 0.0
        for x in g["key_people"]:
            want = model.best(x["key"], 1)
            want = want[0] if want else 0.0
            worst = max(worst, abs(want - x["reach"]))
            if abs(want - x["reach"]) > args.tol:
                print("nx-crosscheck accounts %s: MISMATCH reach of %s: powermap %s networkx %s"
                      % (key, x["key"], x["reach"], want))
                rc = 1
            reach_sum += power[x["key"]] * want
            wsum += power[x["key"]]
        members = [r for r in ranked]
        covered = 0
        for role in ("economic_buyer", "decision_maker", "technical_buyer"):
            holders = [m["key"] for m in members if m["role"] == role]
            if any(model.best(h, 1) or ids[h] in engaged for h in holders):
                covered += 1
        top_open = max([v for b, v in open_amt.items() if cur_of.get(b) == cur_of.get(a)]
                       + [0.0])
        want = dict(fit=fit(a), reach=reach_sum / wsum if wsum > 0 else 0.0,
                    coverage=covered / 3.0,
                    engagement=(sum(ids[x["key"]] in engaged for x in g["key_people"])
                                / len(g["key_people"])) if g["key_people"] else 0.0,
                    pipeline=open_amt.get(a, 0.0) / top_open if open_amt.get(a, 0.0) > 0 else 0.0)
        want["score"] = sum(SCORE_W[k] * want[k] for k in SCORE_W)
        for k, v in want.items():
            worst = max(worst, abs(v - g[k]))
            if abs(v - g[k]) > args.tol:
                print("nx-crosscheck accounts %s: MISMATCH %s powermap %s here %s"
                      % (key, k, g[k], v))
                rc = 1
        if (a in won) != (g["status"] == "customer"):
            print("nx-crosscheck accounts %s: MISMATCH status %s" % (key, g["status"]))
            rc = 1
    print(f"nx-crosscheck accounts: {len(keys)} accounts, {len(won)} won, "
          f"max |diff| {worst:.3g} (fit, reach per key person, coverage, engagement, "
          f"pipeline, score)")
    return rc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["rank", "paths", "reach", "accounts"])
    ap.add_argument("bin")
    ap.add_argument("db")
    ap.add_argument("subjects", nargs="+")
    ap.add_argument("--as-of", default=datetime.date.today().isoformat())
    ap.add_argument("-k", type=int, default=3)
    ap.add_argument("--max-hops", type=int, default=None)
    ap.add_argument("--tol", type=float, default=1e-6)
    ap.add_argument("--no-chain", action="store_true")
    args = ap.parse_args()
    if args.what == "rank":
        rc = 0
        for a in args.subjects:
            args.account = a
            rc |= check_rank(args)
        return rc
    if args.what == "reach":
        return check_reach(args)
    if args.what == "accounts":
        return check_accounts(args)
    return check_paths(args)


if __name__ == "__main__":
    sys.exit(main())
