#!/usr/bin/python3
"""Check powermap's GraphML export by loading it with NetworkX.

Imports every CSV file of DIR into a fresh database with the powermap binary,
exports the network as GraphML and as JSON (the records as `list --json`
gives them), reads the GraphML with networkx.read_graphml (an independent
XML and GraphML reader), and compares: every person is a node with the same
attributes (and its org's name and kind), every link an edge between the
same people with the same kind, strength, last contact and source. Exits 1
and lists the differences when they disagree.

usage: tools/graphml-check.py POWERMAP_BINARY DIR
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

import networkx as nx

PERSON = ["name", "org", "title", "department", "email", "url", "role", "stance",
          "power", "notes"]
LINK = ["kind", "strength", "last_contact", "source", "notes"]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    binary, folder = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp()
    db = os.path.join(tmp, "g.db")
    env = dict(os.environ, POWERMAP_DB=db)
    files = sorted(glob.glob(os.path.join(folder, "*.csv")))
    subprocess.run([binary, "import", *files], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    path = os.path.join(tmp, "g.graphml")
    subprocess.run([binary, "export", "--format", "graphml", "-o", path], env=env,
                   check=True)
    doc = json.loads(subprocess.run([binary, "export", "--format", "json"], env=env,
                                    check=True, capture_output=True).stdout)
    g = nx.read_graphml(path)
    orgs = {o["key"]: o for o in doc["orgs"]}
    bad = []
    if g.number_of_nodes() != len(doc["people"]):
        bad.append(f"{g.number_of_nodes()} nodes for {len(doc['people'])} people")
    for p in doc["people"]:
        if p["key"] not in g:
            bad.append(f"person {p['key']!r} is not a node")
            continue
        n = g.nodes[p["key"]]
        for col in PERSON:
            if p[col] not in (None, "") and n.get(col) != p[col]:
                bad.append(f"{p['key']}: {col} {n.get(col)!r} != {p[col]!r}")
        if p["org"]:
            o = orgs[p["org"]]
            if n.get("org_name") != o["name"] or n.get("org_kind") != o["kind"]:
                bad.append(f"{p['key']}: org name/kind")
    edges = sorted((a, b, d.get("kind"), d.get("source", "")) for a, b, d in g.edges(data=True))
    links = sorted((l["from"], l["to"], l["kind"], l["source"] or "") for l in doc["links"])
    if edges != links:
        bad.append(f"edges differ: {len(edges)} edges, {len(links)} links")
    data = {(a, b, d.get("kind"), d.get("source", "")): d for a, b, d in g.edges(data=True)}
    for l in doc["links"]:
        d = data.get((l["from"], l["to"], l["kind"], l["source"] or ""), {})
        for col in LINK:
            if l[col] not in (None, "") and d.get(col) != l[col]:
                bad.append(f"{l['from']}-{l['to']}: {col} {d.get(col)!r} != {l[col]!r}")
    for b in bad[:20]:
        print("graphml-check:", b, file=sys.stderr)
    print(f"graphml-check {folder}: {g.number_of_nodes()} nodes, {g.number_of_edges()} "
          f"edges, {len(bad)} differences", file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
