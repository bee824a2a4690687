#!/usr/bin/python3
"""The NetworkX peer of powermap's benchmark: the same analyses, same
semantics and parameters (DESIGN §5-6, defaults of `powermap config`), run
from the same native CSV files, as a data-savvy user's script would.

usage:
  tools/nx-bench.py load  DIR
  tools/nx-bench.py rank  DIR ACCOUNT [--as-of DATE] [--samples N]
  tools/nx-bench.py paths DIR TARGET... [--as-of DATE] [-k K] [--max-hops H]

Each run reads orgs.csv, people.csv and links.csv of DIR, builds the graph
views, does the analysis and prints one JSON object on stdout:
  {"load_s": seconds reading and building, "compute_s": [seconds per subject],
   "result": ...}
rank: {"pagerank": {key: value}, "betweenness": {key: value}} for the
account (an org and its child orgs); betweenness samples N sources (as
powermap does above 1,000 people) unless N is 0.
paths: {TARGET: [strengths of the k best warm paths, best first]} (no
diversity rule: compare with `powermap paths --no-diversity`).
"""
import argparse
import csv
import datetime
import json
import math
import os
import sys
import time

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


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["load", "rank", "paths"])
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
