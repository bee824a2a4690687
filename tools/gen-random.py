#!/usr/bin/python3
"""Write a random but plausible account as native CSVs (for cross-checks).

usage: tools/gen-random.py SEED PEOPLE OUTDIR

One customer org 'acct' with a child org 'acct-sub', a random org chart
(every person but the first reports to an earlier one), random roles and
stances (a few decision makers, opponents and blockers), influence ties that
partly cross the chart, and 'knows' ties with random strengths, last-contact
dates over three years and sources; our own staff, a partner, an investor and
a bank with ties into the account. Deterministic for a seed.
"""
import datetime
import os
import random
import sys

ROLES = ["economic_buyer", "decision_maker", "technical_buyer", "user_buyer", "champion",
         "coach", "influencer", "gatekeeper", "blocker", ""]
ROLE_W = [1, 3, 4, 10, 2, 2, 6, 3, 2, 30]
STANCES = ["champion", "supporter", "neutral", "skeptic", "opponent", "unknown"]
STANCE_W = [2, 8, 10, 5, 2, 10]


def main():
    seed, n, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rnd = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    orgs = [("acct", "Account Corp", "customer", ""), ("acct-sub", "Account Sub", "customer", "acct"),
            ("us", "Us Inc", "own", ""), ("sier", "Partner SI", "partner", ""),
            ("vc", "Fund", "investor", ""), ("bank", "Bank", "bank", "")]
    with open(os.path.join(out, "orgs.csv"), "w") as f:
        f.write("key,name,kind,parent\n")
        for k, name, kind, parent in orgs:
            f.write(f"{k},{name},{kind},{parent}\n")
    people = []
    with open(os.path.join(out, "people.csv"), "w") as f:
        f.write("key,name,org,title,role,stance,power\n")
        for i in range(n):
            org = "acct-sub" if i > 0 and rnd.random() < 0.1 else "acct"
            role = "economic_buyer" if i == 0 else rnd.choices(ROLES, ROLE_W)[0]
            stance = rnd.choices(STANCES, STANCE_W)[0]
            power = rnd.choice(["", "", "", "", "3", "5"])
            key = f"c{i}"
            people.append(key)
            f.write(f"{key},Customer {i},{org},T{i},{role},{stance},{power}\n")
        ours = []
        for i, org in enumerate(["us"] * max(3, n // 15) + ["sier", "sier", "vc", "bank"]):
            key = f"o{i}"
            ours.append(key)
            f.write(f"{key},Ours {i},{org},,,,\n")
    day0 = datetime.date(2024, 1, 1)
    seen = set()
    with open(os.path.join(out, "links.csv"), "w") as f:
        f.write("from,to,kind,strength,last_contact,source\n")
        for i in range(1, n):
            boss = rnd.randrange(max(0, i - 8), i) if rnd.random() < 0.7 else rnd.randrange(i)
            f.write(f"c{i},c{boss},reports_to,,,\n")
        for _ in range(n):
            a, b = rnd.sample(people, 2)
            if (a, b, "i") in seen:
                continue
            seen.add((a, b, "i"))
            f.write(f"{a},{b},influences,{rnd.uniform(0.05, 1):.6f},,manual\n")
        everyone = people + ours
        for _ in range(3 * n):
            a = rnd.choice(ours) if rnd.random() < 0.3 else rnd.choice(everyone)
            b = rnd.choice(people)
            if a == b or (min(a, b), max(a, b)) in seen:
                continue
            seen.add((min(a, b), max(a, b)))
            date = "" if rnd.random() < 0.2 else (day0 + datetime.timedelta(rnd.randrange(1060))).isoformat()
            src = rnd.choice(["crm", "linkedin", "manual", "event"])
            f.write(f"{a},{b},knows,{rnd.uniform(0.05, 1):.6f},{date},{src}\n")


if __name__ == "__main__":
    main()
