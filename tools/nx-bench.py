#!/usr/bin/python3
"""The NetworkX peer of powermap's benchmark: the same analyses, same
semantics and parameters (DESIGN §5-6, defaults of `powermap config`), run
from the same native CSV files, as a data-savvy user's script would.

usage:
  tools/nx-bench.py load  DIR
  tools/nx-bench.py rank  DIR ACCOUNT [--as-of DATE] [--samples N]
  tools/nx-bench.py paths DIR TARGET... [--as-of DATE] [-k K] [--max-hops H]
  tools/nx-bench.py accounts DIR [--as-of DATE] [--samples N]

Each run reads orgs.csv, people.csv and links.csv of DIR, builds the graph
views, does the analysis and prints one JSON object on stdout:
  {"load_s": seconds reading and building, "compute_s": [seconds per subject],
   "result": ...}
rank: {"pagerank": {key: value}, "betweenness": {key: value}} for the
account (an org and its child orgs); betweenness samples N sources (as
powermap does above 1,000 people) unless N is 0.
paths: {TARGET: [strengths of the k best warm paths, best first]} (no
diversity rule: compare with `powermap paths --no-diversity`).
accounts: {ACCOUNT: {score, fit, reach, coverage, engagement, pipeline,
key_people}} for every customer account (powermap accounts): power scores
as rank computes them (formal, influence, role, broker), the best warm-path
strength to every person in one hop-bounded multi-source search, fit to the
won accounts (deals.csv), interactions.csv for engagement when present.
"""
import argparse
import csv
import datetime
import json
import math
import os
import sys
import time
import unicodedata

import networkx as nx

P = dict(half_life=365.0, floor=0.1, default_strength=0.5, colleague=0.5,
         mgr_to_sub=0.5, sub_to_mgr=0.2, damping=0.85, hop_discount=0.9, max_hops=4)
OURS = {"own", "partner", "investor", "bank"}


def date(s):
    return datetime.date(int(s[:4]), int(s[5:7]), int(s[8:10]))


def s_eff(s, last, as_of):
    if not last:
        return s
    t = (as_of - date(last)).days
    if t <= 0:
        return s
    return max(s * 2.0 ** (-t / P["half_life"]), P["floor"] * s)


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


class Network:
    def __init__(self, d):
        self.orgs = {r["key"]: r for r in read(os.path.join(d, "orgs.csv"))}
        self.people = {r["key"]: r for r in read(os.path.join(d, "people.csv"))}
        self.links = [(r["from"], r["to"], r["kind"],
                       float(r["strength"]) if r.get("strength") else None,
                       r.get("last_contact") or None)
                      for r in read(os.path.join(d, "links.csv"))]

    def kind_of(self, key):
        org = self.people[key].get("org")
        return self.orgs[org]["kind"] if org in self.orgs else None

    def account(self, acct):
        ids, more = {acct}, True
        while more:
            more = {k for k, o in self.orgs.items() if o.get("parent") in ids} - ids
            ids |= more
        return {k for k, p in self.people.items() if p.get("org") in ids}

    def relationship(self, as_of, keep=None):
        g = nx.Graph()
        for a, b, kind, s, last in self.links:
            if keep is not None and (a not in keep or b not in keep):
                continue
            if kind in ("knows", "influences"):
                w = s_eff(P["default_strength"] if s is None else s, last, as_of)
            elif kind == "reports_to":
                w = s_eff(P["colleague"], last, as_of)
            else:
                continue
            if w > 0 and (not g.has_edge(a, b) or g[a][b]["s"] < w):
                g.add_edge(a, b, s=w, length=round((-math.log(w) + 1e-9) * 2 ** 30) / 2 ** 30)
        return g


def rank(net, acct, as_of, samples):
    people = net.account(acct)
    inf = nx.DiGraph()
    inf.add_nodes_from(people)

    def add(a, b, w):
        if w > 0:
            if inf.has_edge(a, b):
                inf[a][b]["weight"] += w
            else:
                inf.add_edge(a, b, weight=w)
    for a, b, kind, s, last in net.links:
        if a not in people or b not in people:
            continue
        if kind == "influences":
            add(b, a, P["default_strength"] if s is None else s)
        elif kind == "reports_to":
            add(a, b, P["mgr_to_sub"])
            add(b, a, P["sub_to_mgr"])
    dm = [v for v in people if net.people[v].get("role") in ("economic_buyer", "decision_maker")]
    reset = {v: (1.0 if v in dm else 0.0) for v in people} if dm else {v: 1.0 for v in people}
    pr = nx.pagerank(inf, alpha=P["damping"], personalization=reset, weight="weight",
                     dangling=reset, tol=1e-13, max_iter=10000)
    rel = net.relationship(as_of, people)
    rel.add_nodes_from(people)
    k = samples if samples and len(people) > 1000 else None
    bt = nx.betweenness_centrality(rel, k=k, normalized=False, weight="length", seed=1)
    if k:  # scale the sample up to all sources, as powermap does
        bt = {v: x * len(people) / k for v, x in bt.items()}
    return {"pagerank": pr, "betweenness": bt}


class Paths:
    """Warm paths (DESIGN §6): from our people (never customer insiders), through
    people who are neither ours nor opponents nor blockers, to the target;
    strength = product of tie strengths x hop_discount per introduction."""

    def __init__(self, net, as_of, max_hops):
        self.net, self.H, self.d = net, max_hops, P["hop_discount"]
        self.rel = net.relationship(as_of)
        info = {}
        for key, p in net.people.items():
            ours = net.kind_of(key) in OURS
            info[key] = (ours, not ours and p.get("stance") != "opponent"
                         and p.get("role") != "blocker",
                         ours)
        self.info = info
        # the search graph for every target: edges into intermediaries only
        g = nx.DiGraph()
        w = lambda u, v: -math.log(self.rel[u][v]["s"]) - math.log(self.d)
        for a, b in self.rel.edges():
            for u, v in ((a, b), (b, a)):
                if (info[u][2] or info[u][1]) and info[v][1]:
                    g.add_edge(u, v, w=w(u, v))
        g.add_node("*")
        for v, (ours, inter, source) in info.items():
            if source and v in g:
                g.add_edge("*", v, w=0.0)
        self.g, self.w = g, w

    def best(self, t, k):
        g, info = self.g, self.info
        # the target: no edges out; edges in from every allowed neighbour
        saved_out = list(g.out_edges(t, data=True)) if t in g else []
        g.remove_edges_from([(a, b) for a, b, _ in saved_out])
        added = []
        if t in self.rel:
            for u in self.rel[t]:
                if (info[u][2] or info[u][1]) and not g.has_edge(u, t):
                    g.add_edge(u, t, w=self.w(u, t))
                    added.append((u, t))
        removed_src = g.has_edge("*", t)
        if removed_src:
            g.remove_edge("*", t)
        out = []
        if t in g and nx.has_path(g, "*", t):
            for path in nx.shortest_simple_paths(g, "*", t, weight="w"):
                if len(path) - 2 > self.H:
                    continue
                total = sum(g[a][b]["w"] for a, b in zip(path, path[1:]))
                out.append(math.exp(-total) / self.d)
                if len(out) == k:
                    break
        g.remove_edges_from(added)
        g.add_edges_from(saved_out)
        if removed_src:
            g.add_edge("*", t, w=0.0)
        return out


ROLE_PRIOR = dict(economic_buyer=1.0, decision_maker=0.9, champion=0.6, technical_buyer=0.6,
                  blocker=0.6, influencer=0.5, user_buyer=0.4, gatekeeper=0.4, coach=0.3)
# How senior a title reads (src/util/titles.c, the same words in the same
# order): rank lists equal scores by it before the key.
TITLE_WORDS = [
    ("社長室長", 6), ("社長室", 2), ("社長秘書", 2), ("会長秘書", 2), ("役員秘書", 2),
    ("代表取締役", 10), ("会長", 10), ("副社長", 9), ("社長", 10), ("副頭取", 9), ("頭取", 10),
    ("理事長", 10), ("専務", 8), ("常務", 8), ("取締役", 8), ("執行役員", 8), ("執行役", 8),
    ("監査役", 7), ("相談役", 8), ("顧問", 7), ("副本部長", 6), ("本部長", 7), ("副事業部長", 6), ("事業部長", 7),
    ("統括部長", 7), ("支社長", 7), ("支店長", 6), ("工場長", 6), ("所長", 6), ("センター長", 6),
    ("室長", 6), ("部長代理", 5), ("副部長", 5), ("担当部長", 5), ("次長", 5), ("部長", 6),
    ("課長代理", 3), ("課長補佐", 3), ("担当課長", 4), ("課長", 4), ("グループ長", 4),
    ("グループリーダー", 4), ("マネージャー", 4), ("マネジャー", 4), ("係長", 3), ("主任", 3),
    ("主査", 3), ("チームリーダー", 3), ("リーダー", 3), ("担当", 2), ("スタッフ", 2), ("社員", 2),
    ("chief executive officer", 10), ("ceo", 10), ("chairman", 10), ("chairwoman", 10),
    ("chair", 10), ("executive vice president", 8), ("senior vice president", 8), ("evp", 8),
    ("svp", 8), ("vice president", 7), ("vp", 7), ("president", 10), ("chief", 9), ("cfo", 9),
    ("coo", 9), ("cto", 9), ("cio", 9), ("cmo", 9), ("cro", 9), ("ciso", 9), ("cdo", 9),
    ("cpo", 9), ("managing director", 8), ("general manager", 6), ("senior director", 6),
    ("associate director", 5), ("director", 6), ("head", 6), ("senior manager", 5),
    ("manager", 4), ("team leader", 3), ("team lead", 3), ("leader", 3), ("lead", 3),
    ("supervisor", 3), ("engineer", 2), ("specialist", 2), ("analyst", 2), ("associate", 2),
    ("representative", 2), ("coordinator", 2), ("staff", 2), ("officer", 2)]


SUPPORTING = ("executive assistant", "assistant to")


def title_level(title):
    if not title:
        return 0
    t = unicodedata.normalize("NFKC", title).casefold()
    level = 0
    cap = 2 if any(w in t for w in SUPPORTING) else 0
    latin = lambda c: "a" <= c <= "z" or "A" <= c <= "Z"
    former = lambda at: t[at - 1:at] in ("前", "元") or t[max(0, at - 7):at] == "former " \
        or t[max(0, at - 3):at] == "ex-"
    for w, lv in TITLE_WORDS:
        at = t.find(w)
        while at >= 0:
            end = at + len(w)
            if latin(w[0]) and ((at > 0 and latin(t[at - 1])) or (end < len(t) and latin(t[end]))):
                at = t.find(w, at + 1)
                continue
            if not former(at):
                level = max(level, lv)
            t = t[:at] + "\x01" * len(w) + t[end:]
            at = t.find(w, end)
    return min(level, cap) if cap else level


FIT_W = (0.35, 0.25, 0.15, 0.15, 0.10)
SCORE_W = dict(fit=0.30, reach=0.30, coverage=0.15, engagement=0.10, pipeline=0.15)


def power(net, acct, as_of, samples):
    """rank's power score of every person of the account (DESIGN §6 rank)."""
    people = net.account(acct)
    r = rank(net, acct, as_of, samples)
    chart = nx.DiGraph()
    for a, b, kind, s, last in net.links:
        if kind == "reports_to" and a in people and b in people:
            chart.add_edge(a, b)
    below = {v: len(nx.ancestors(chart, v)) for v in chart}
    above = {v: len(nx.descendants(chart, v)) for v in chart}
    tree = {}
    for comp in nx.weakly_connected_components(chart):
        for v in comp:
            tree[v] = len(comp)
    max_rep, max_depth = max(below.values(), default=0), max(above.values(), default=0)
    largest = max(tree.values(), default=1)
    formal = {v: ((0.5 * below[v] / max_rep if max_rep else 0.0)
                  + 0.5 * (1 - above[v] / (max_depth + 1)) * tree[v] / largest)
              if v in chart else 0.0 for v in people}

    def norm(x):
        top = max(x.values(), default=0.0)
        return {v: (x[v] / top if top > 0 else 0.0) for v in people}
    formal, infl, broker = norm(formal), norm(r["pagerank"]), norm(r["betweenness"])
    score = {}
    for v in people:
        pw = net.people[v].get("power")
        role = int(pw) / 5 if pw else ROLE_PRIOR.get(net.people[v].get("role") or "", 0.2)
        score[v] = (0.30 * formal[v] + 0.35 * infl[v] + 0.20 * role + 0.15 * broker[v]) / 1.0
    return score


def warm_all(net, as_of, max_hops):
    """Best warm-path strength to every person: a hop-bounded Bellman-Ford
    from all of our side at once (our people start paths, never carry them;
    no opponent or blocker in between; hop discount per introduction)."""
    rel = net.relationship(as_of)
    d = P["hop_discount"]
    ours = {v for v in net.people if net.kind_of(v) in OURS}
    inter = {v for v, p in net.people.items() if v not in ours and p.get("stance") != "opponent"
             and p.get("role") != "blocker"}
    f = {}
    for u in ours:
        if u in rel:
            for v, e in rel[u].items():
                if v not in ours and e["s"] * d > f.get(v, 0.0):
                    f[v] = e["s"] * d
    for _ in range(max_hops - 1):
        g = dict(f)
        for u, val in f.items():
            if u in inter:
                for v, e in rel[u].items():
                    if v not in ours and val * e["s"] * d > g.get(v, 0.0):
                        g[v] = val * e["s"] * d
        f = g
    return {v: x / d for v, x in f.items()}


def accounts(net, d, as_of, samples, key_people=5):
    def size(a, b):
        if not a or not b or float(a) <= 0 or float(b) <= 0:
            return 0.0
        return max(0.0, 1 - abs(math.log10(float(a) / float(b))))

    def key(s):
        import unicodedata
        k = "".join(c for c in unicodedata.normalize("NFKC", s or "").casefold() if not c.isspace())
        return k or None

    def chain(o):
        seen = []
        while o and o in net.orgs and o not in seen:
            seen.append(o)
            o = net.orgs[o].get("parent") or None
        return seen
    account_of, group = {}, {}
    for o in net.orgs:
        c = chain(o)
        cust = [x for x in c if net.orgs[x]["kind"] == "customer"]
        if cust:
            account_of[o] = cust[-1]
        group[o] = c[-1] if len(c) > 1 else None
    accts = sorted(set(account_of.values()))
    won, open_amt, cur_of = set(), {}, {}
    path = os.path.join(d, "deals.csv")
    for r in (read(path) if os.path.exists(path) else []):
        a = account_of.get(r["account"])
        if a is None:
            continue
        cur = r.get("currency") or ""
        if a not in cur_of and cur:
            cur_of[a] = cur
        if r.get("stage") == "won":
            won.add(a)
        elif r.get("stage") != "lost" and (not cur or cur == cur_of.get(a)):
            open_amt[a] = open_amt.get(a, 0.0) + float(r.get("amount") or 0)
    engaged = set()
    path = os.path.join(d, "interactions.csv")
    for r in (read(path) if os.path.exists(path) else []):
        two_way = r["channel"] in ("meeting", "event", "call") or (
            r["channel"] in ("email", "dm") and r.get("direction") in ("inbound", "both"))
        at = date(r["at"][:10])
        if two_way and at <= as_of and (as_of - at).days <= 180:
            engaged.add(r["person"])
    warm = warm_all(net, as_of, P["max_hops"])
    members = {}
    for k, p in net.people.items():
        a = account_of.get(p.get("org"))
        if a is not None:
            members.setdefault(a, []).append(k)
    out = {}
    for a in accts:
        x, best = net.orgs[a], 0.0
        for w in won:
            if w == a:
                continue
            y = net.orgs[w]
            m = (1.0 if key(x.get("industry")) and key(x.get("industry")) == key(y.get("industry")) else 0.0,
                 size(x.get("employees"), y.get("employees")),
                 size(x.get("revenue"), y.get("revenue"))
                 if (x.get("currency") or None) == (y.get("currency") or None) else 0.0,
                 1.0 if key(x.get("region")) and key(x.get("region")) == key(y.get("region")) else 0.0,
                 1.0 if group[a] is not None and group[a] == group[w] else 0.0)
            best = max(best, sum(wi * mi for wi, mi in zip(FIT_W, m)))
        ppl = members.get(a, [])
        score = power(net, a, as_of, samples) if ppl else {}
        kp = sorted(ppl, key=lambda v: (-score[v], -title_level(net.people[v].get("title")),
                                        v))[:key_people]
        wsum = sum(score[v] for v in kp)
        covered = sum(1 for role in ("economic_buyer", "decision_maker", "technical_buyer")
                      if any(net.people[v].get("role") == role and (warm.get(v, 0) > 0 or v in engaged)
                             for v in ppl))
        top_open = max([v for b, v in open_amt.items() if cur_of.get(b) == cur_of.get(a)] + [0.0])
        c = dict(fit=best, reach=sum(score[v] * warm.get(v, 0.0) for v in kp) / wsum if wsum > 0 else 0.0,
                 coverage=covered / 3.0,
                 engagement=sum(v in engaged for v in kp) / len(kp) if kp else 0.0,
                 pipeline=open_amt.get(a, 0.0) / top_open if open_amt.get(a, 0.0) > 0 else 0.0)
        c["score"] = sum(SCORE_W[k] * c[k] for k in SCORE_W)
        c["key_people"] = kp
        out[a] = c
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["load", "rank", "paths", "accounts"])
    ap.add_argument("dir")
    ap.add_argument("subjects", nargs="*")
    ap.add_argument("--as-of", default=datetime.date.today().isoformat())
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("--max-hops", type=int, default=4)
    ap.add_argument("--samples", type=int, default=200)
    a = ap.parse_args()
    as_of = date(a.as_of)
    t0 = time.perf_counter()
    net = Network(a.dir)
    res, times = None, []
    if a.what == "load":
        net.relationship(as_of)
    elif a.what == "accounts":
        load = time.perf_counter() - t0
        t1 = time.perf_counter()
        res = accounts(net, a.dir, as_of, a.samples)
        times.append(time.perf_counter() - t1)
    elif a.what == "rank":
        load = time.perf_counter() - t0
        res = {}
        for acct in a.subjects:
            t1 = time.perf_counter()
            res[acct] = rank(net, acct, as_of, a.samples)
            times.append(time.perf_counter() - t1)
        res = res[a.subjects[0]] if len(a.subjects) == 1 else res
    else:
        model = Paths(net, as_of, a.max_hops)
        load = time.perf_counter() - t0
        res = {}
        for t in a.subjects:
            t1 = time.perf_counter()
            res[t] = model.best(t, a.k)
            times.append(time.perf_counter() - t1)
    if a.what == "load":
        load = time.perf_counter() - t0
    json.dump({"load_s": load, "compute_s": times, "result": res}, sys.stdout)
    print()


if __name__ == "__main__":
    sys.exit(main())
