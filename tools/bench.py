#!/usr/bin/python3
"""powermap's benchmark (make bench / make bench-large).

For each size preset: generate the network with build/gen (cached), then
time whole processes, several runs each, and report medians and peak memory
(max RSS of the process, from wait4):
  import   all three CSV files into a new database
  rank     the 5,000-person account a0
  paths    k=5, max 4 hops, to 20 fixed targets (one process per target)
  next     on a0 (top 10)
  draw     the account of about 300 people, to PNG
  accounts every customer account scored (the first run ranks them all and
           fills the cache, and writes the links digest: one run; then the
           runs that find them warm); then the default top 20 on a new day
           (nothing cached for the date), checked against the whole list
  reach    of a0, --min-power 0 (all its 5,000 people)
and the NetworkX peer (tools/nx-bench.py) from the same CSV files: load
(read the CSVs, build the graphs), rank of a0, paths to the same targets,
accounts (one run; the ranking's top 20 must be the same).
Checks that the two agree (k best path strengths within 1e-6; PageRank
within 1e-6 and the same top 20), prints a table and the ratios NetworkX /
powermap, and writes DIR/results.json, DIR/results.md and DIR/bench.png
(gnuplot, log-log time vs network size).

usage: tools/bench.py [--sizes S,M] [--nx-sizes S,M] [--runs 3] [--dir build/bench]
                      [--bin build/powermap] [--gen build/gen]
"""
import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

AS_OF = "2026-11-01"
HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"
SIZES = {"S": (10_000, 100_000), "M": (100_000, 1_000_000), "L": (1_000_000, 10_000_000)}


def run(cmd, out=subprocess.DEVNULL):
    """Run cmd as a whole process: (seconds, max RSS in MiB, stdout or None)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE if out is None else out,
                         stderr=subprocess.PIPE)
    data = p.stdout.read() if out is None else None
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit("bench: failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), err.decode()))
    return dt, ru.ru_maxrss / 1024.0, data


def progress(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def accounts(d):
    kinds = {r["key"]: r["kind"] for r in csv.DictReader(open(os.path.join(d, "orgs.csv")))}
    size, people = {}, {}
    for r in csv.DictReader(open(os.path.join(d, "people.csv"), encoding="utf-8")):
        if kinds.get(r["org"]) == "customer":
            size[r["org"]] = size.get(r["org"], 0) + 1
            people.setdefault(r["org"], []).append(r["key"])
    return size, people


def targets(people, n=20, seed=42):
    """n customer people outside a0, fixed by the seed."""
    pool = sorted(k for acct, ks in people.items() if acct != "a0" for k in ks)
    pool += sorted(people.get("a0", []))[:1000]
    return random.Random(seed).sample(pool, n)


def median_of(samples):
    return statistics.median(samples) if samples else None


def bench_size(a, name):
    d = os.path.join(a.dir, name)
    db = os.path.join(a.dir, name + ".db")
    n_people, n_ties = SIZES[name]
    if not os.path.exists(os.path.join(d, ".done")) or \
            not os.path.exists(os.path.join(d, "deals.csv")):
        progress(f"{name}: generating {n_people} people, {n_ties} ties")
        shutil.rmtree(d, ignore_errors=True)
        run([a.gen, "--preset", name, "--out", d])
        open(os.path.join(d, ".done"), "w").close()
    size, people = accounts(d)
    draw_acct = min((k for k in size if k != "a0"), key=lambda k: (abs(size[k] - 300), k))
    tg = targets(people)
    res = {"size": name, "people": n_people, "ties": n_ties, "a0_people": size.get("a0"),
           "draw_account": draw_acct, "draw_people": size[draw_acct], "targets": tg,
           "ops": {}, "nx": {}, "agree": {}}
    files = [os.path.join(d, f) for f in ("orgs.csv", "people.csv", "links.csv", "deals.csv")]

    def measure(op, cmds, runs):
        times, rss = [], []
        for r in range(runs):
            for c in cmds(r):
                t, m, _ = run(c)
                times.append(t)
                rss.append(m)
        res["ops"][op] = {"median_s": median_of(times), "max_rss_mib": max(rss),
                          "n": len(times)}
        progress(f"{name}: {op}: median {median_of(times):.3f} s, {max(rss):.0f} MiB "
                 f"({len(times)} runs)")

    def fresh_import(r):
        for ext in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(db + ext):
                os.remove(db + ext)
        return [[a.bin, "--db", db, "import", "--no-progress"] + files]
    measure("import", fresh_import, a.runs)
    os.sync()  # the import's written pages: not flushed during the next timings
    pm = [a.bin, "--db", db]
    measure("rank", lambda r: [pm + ["rank", "a0", "--json", "--as-of", AS_OF]], a.runs)
    measure("paths", lambda r: [pm + ["paths", t, "-k", "5", "--max-hops", "4",
                                      "--no-diversity", "--json", "--as-of", AS_OF]
                                for t in tg], a.runs)
    measure("next", lambda r: [pm + ["next", "a0", "--json", "--as-of", AS_OF]], a.runs)
    png = os.path.join(a.dir, name + "-draw.png")
    measure("draw", lambda r: [pm + ["draw", draw_acct, "-o", png, "--as-of", AS_OF]], a.runs)
    acc = pm + ["accounts", "--json", "--top", "0", "--no-progress", "--as-of", AS_OF]
    measure("accounts (first run)", lambda r: [acc], 1)   # the import left no cache
    measure("accounts", lambda r: [acc], a.runs)
    # the everyday command on a new day (nothing cached for the date): the
    # default top 20, which ranks only the accounts that could be in it
    day = lambda r: "2026-10-%02d" % (r + 1)
    top20 = lambda r: pm + ["accounts", "--json", "--top", "20", "--no-progress",
                            "--as-of", day(r)]
    measure("accounts top 20 (new day)", lambda r: [top20(r)], a.runs)
    _, _, out = run(top20(a.runs - 1), out=None)
    part = json.loads(out)
    _, _, out = run(pm + ["accounts", "--json", "--top", "0", "--no-progress",
                          "--as-of", day(a.runs - 1)], out=None)
    whole = json.loads(out)["accounts"][:20]
    res["agree"]["top20"] = {"same": part["accounts"] == whole,
                             "ranked": part["accounts_ranked"], "of": part["accounts_total"]}
    progress(f"{name}: accounts top 20: {part['accounts_ranked']} of "
             f"{part['accounts_total']} ranked, the same as the whole list's first 20: "
             f"{part['accounts'] == whole}")
    measure("reach", lambda r: [pm + ["reach", "a0", "--min-power", "0", "--json",
                                      "--as-of", AS_OF]], a.runs)

    # agreement data from powermap
    _, _, out = run(pm + ["rank", "a0", "--json", "--as-of", AS_OF], out=None)
    pm_rank = {x["key"]: x for x in json.loads(out)["people"]}
    pm_paths = {}
    for t in tg:
        _, _, out = run(pm + ["paths", t, "-k", "5", "--max-hops", "4", "--no-diversity",
                              "--json", "--as-of", AS_OF], out=None)
        pm_paths[t] = [x["strength"] for x in json.loads(out)["paths"]]

    _, _, out = run(acc, out=None)
    pm_accounts = json.loads(out)["accounts"]

    if name in a.nx_sizes:
        nxb = [PY, os.path.join(HERE, "nx-bench.py")]
        for op, args in (("load", ["load", d]), ("rank", ["rank", d, "a0"]),
                         ("paths", ["paths", d] + tg), ("accounts", ["accounts", d])):
            runs = a.runs if op not in ("paths", "accounts") else 1
            walls, rss, loads, comps, result = [], [], [], [], None
            for _ in range(runs):
                progress(f"{name}: networkx {op} ...")
                t, m, out = run(nxb + args + ["--as-of", AS_OF], out=None)
                o = json.loads(out)
                walls.append(t)
                rss.append(m)
                loads.append(o["load_s"])
                comps += o["compute_s"]
                result = o["result"]
            if op == "paths":
                # one process for all targets: a process per target would
                # take the reading and building once per target
                start = statistics.median(w - l - sum(comps) for w, l in zip(walls, loads))
                e2e = [start + loads[0] + c for c in comps]
                entry = {"median_s": median_of(e2e), "compute_median_s": median_of(comps)}
            else:
                entry = {"median_s": median_of(walls),
                         "compute_median_s": median_of(comps) if comps else None}
            entry.update(max_rss_mib=max(rss), load_median_s=median_of(loads), n=len(walls))
            res["nx"][op] = entry
            progress(f"{name}: networkx {op}: median {entry['median_s']:.2f} s, "
                     f"{entry['max_rss_mib']:.0f} MiB")
            if op == "rank":
                pr = result["pagerank"]
                diff = max(abs(pr[k] - pm_rank[k]["pagerank"]) for k in pm_rank)
                top_nx = sorted(pm_rank, key=lambda k: (-pr[k], k))[:20]
                top_pm = sorted(pm_rank, key=lambda k: (-pm_rank[k]["pagerank"], k))[:20]
                bt = result["betweenness"]
                b_nx = set(sorted(pm_rank, key=lambda k: -bt[k])[:10])
                b_pm = set(sorted(pm_rank, key=lambda k: -pm_rank[k]["betweenness"])[:10])
                res["agree"]["rank"] = {"pagerank_max_diff": diff,
                                        "pagerank_top20_same": top_nx == top_pm,
                                        "broker_top10_overlap": len(b_nx & b_pm)}
            if op == "paths":
                worst, bad = 0.0, []
                for t in tg:
                    w, g = result[t], pm_paths[t]
                    d2 = max([abs(x - y) for x, y in zip(w, g)] + [0.0])
                    worst = max(worst, d2)
                    if len(w) != len(g) or d2 > 1e-6:
                        bad.append(t)
                res["agree"]["paths"] = {"targets": len(tg), "max_strength_diff": worst,
                                         "mismatches": bad}
            if op == "accounts":
                top_pm = [x["key"] for x in pm_accounts[:20]]
                top_nx = sorted(result, key=lambda k: (-result[k]["score"], k))[:20]
                diffs = [abs(x["score"] - result[x["key"]]["score"]) for x in pm_accounts]
                res["agree"]["accounts"] = {
                    "accounts": len(pm_accounts), "top20_same": top_pm == top_nx,
                    "max_score_diff": max(diffs + [0.0]),
                    "key_people_same": sum(1 for x in pm_accounts if [k["key"] for k in
                                           x["key_people"]] == result[x["key"]]["key_people"])}
    return res


TABLE_OPS = ("import", "rank", "paths", "next", "draw", "accounts (first run)", "accounts",
             "accounts top 20 (new day)", "reach")
NX_PEER = {"import": "load", "rank": "rank", "paths": "paths", "accounts": "accounts"}


def report(results, path_md):
    lines = ["| size | operation | powermap median | powermap max RSS | NetworkX median "
             "(compute only) | NetworkX max RSS | ratio NX / powermap |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        for op in TABLE_OPS:
            o = r["ops"].get(op)
            if not o:
                continue
            nx_ = r["nx"].get(NX_PEER.get(op, ""), None)
            if nx_:
                comp = nx_.get("compute_median_s")
                cell = "%.2f s" % nx_["median_s"] + (" (%.2f s)" % comp if comp else "")
                ratio = "%.0f×" % (nx_["median_s"] / o["median_s"])
                nrss = "%.0f MiB" % nx_["max_rss_mib"]
            else:
                cell, ratio, nrss = "—", "—", "—"
            lines.append("| %s | %s | %.3f s | %.0f MiB | %s | %s | %s |" % (
                r["size"], op, o["median_s"], o["max_rss_mib"], cell, nrss, ratio))
    for r in results:
        ag = r["agree"]
        if "paths" in ag:
            lines.append("")
            lines.append("%s agreement: paths to %d targets, max |strength diff| %.2g, "
                         "mismatches %s; rank of a0 (%d people): PageRank max |diff| %.2g, "
                         "top 20 by PageRank identical: %s, broker top 10 overlap %d/10 "
                         "(both sample 200 sources)" % (
                             r["size"], ag["paths"]["targets"], ag["paths"]["max_strength_diff"],
                             ag["paths"]["mismatches"] or "none", r["a0_people"],
                             ag["rank"]["pagerank_max_diff"],
                             "yes" if ag["rank"]["pagerank_top20_same"] else "NO",
                             ag["rank"]["broker_top10_overlap"]))
        if "top20" in ag:
            x = ag["top20"]
            lines.append("")
            lines.append("%s: accounts --top 20 ranked %d of %d accounts; its list is the first "
                         "20 of --top 0's: %s" % (r["size"], x["ranked"], x["of"],
                                                  "yes" if x["same"] else "NO"))
        if "accounts" in ag:
            x = ag["accounts"]
            lines.append("")
            lines.append("%s agreement: accounts (%d): top 20 identical: %s, max |score diff| "
                         "%.2g, key people identical for %d of %d (broker sampled above "
                         "1,000 people on both sides, from different samples)" % (
                             r["size"], x["accounts"], "yes" if x["top20_same"] else "NO",
                             x["max_score_diff"], x["key_people_same"], x["accounts"]))
    text = "\n".join(lines) + "\n"
    open(path_md, "w").write(text)
    return text


def plot(results, d):
    if not shutil.which("gnuplot"):
        progress("gnuplot not found: no plot (tools/install-deps --bench installs it)")
        return
    dat = os.path.join(d, "bench.dat")
    series = [("powermap " + op, lambda r, op=op: r["ops"][op]["median_s"]) for op in
              ("import", "rank", "paths", "next")]
    series += [("powermap " + op, lambda r, op=op: r["ops"][op]["median_s"]
                if op in r["ops"] else None) for op in ("accounts", "reach")]
    series += [("NetworkX " + op, lambda r, op=op: r["nx"][op]["median_s"] if op in r["nx"]
                else None) for op in ("load", "rank", "paths", "accounts")]
    with open(dat, "w") as f:
        for title, get in series:
            f.write('"%s"\n' % title)
            for r in results:
                v = get(r)
                if v:
                    f.write("%d %g\n" % (r["ties"], v))
            f.write("\n\n")
    png = os.path.join(d, "bench.png")
    plots = ", ".join('"%s" index %d with linespoints lw 2 %s title columnheader(1)' % (
        dat, i, "dt 2" if s[0].startswith("NetworkX") else "") for i, s in enumerate(series))
    script = f"""set terminal pngcairo size 900,600 font "Noto Sans,11"
set output "{png}"
set logscale xy
set xlabel "ties in the network (people = ties / 10)"
set ylabel "median wall time per operation, whole process (s)"
set title "powermap vs NetworkX: time vs network size (log-log)"
set key outside right
set grid
plot {plots}
"""
    subprocess.run(["gnuplot"], input=script.encode(), check=True)
    progress("plot: " + png)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="S,M")
    ap.add_argument("--nx-sizes", default="S,M")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dir", default="build/bench")
    ap.add_argument("--bin", default="build/powermap")
    ap.add_argument("--gen", default="build/gen")
    a = ap.parse_args()
    a.nx_sizes = [s for s in a.nx_sizes.split(",") if s]
    os.makedirs(a.dir, exist_ok=True)
    results_path = os.path.join(a.dir, "results.json")
    old = {}
    if os.path.exists(results_path):
        old = {r["size"]: r for r in json.load(open(results_path))}
    for name in a.sizes.split(","):
        old[name] = bench_size(a, name)
    results = [old[k] for k in ("S", "M", "L") if k in old]
    json.dump(results, open(results_path, "w"), indent=1)
    print(report(results, os.path.join(a.dir, "results.md")))
    plot(results, a.dir)
    bad = [r["size"] for r in results if r["agree"].get("paths", {}).get("mismatches")
           or ("rank" in r["agree"] and not r["agree"]["rank"]["pagerank_top20_same"])
           or ("accounts" in r["agree"] and not r["agree"]["accounts"]["top20_same"])
           or ("top20" in r["agree"] and not r["agree"]["top20"]["same"])]
    if bad:
        sys.exit("bench: powermap and NetworkX disagree at " + ", ".join(bad))


if __name__ == "__main__":
    main()
