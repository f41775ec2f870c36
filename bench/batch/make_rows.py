#!/usr/bin/env python3
"""Builds a customer file of N rows (default 1,000,000) from real names, for the batch
screening benchmark of `vetter screen --input FILE --output FILE`.

Names come from ../shared/data (beside the repository):
  * OpenSanctions PEP names sample (peps_names_32k.csv),
  * US Congress members (us_congress_senzing.json: name, birth year, nationality),
  * Interpol red notices (targets.simple.csv: name, birth date, countries),
and from the listed names bundled in data/bundled (OFAC SDN individuals and entities),
written in varied spellings: order swapped, one typo, middle name dropped.

Most rows are real names as they are or given and family names of real people recombined
(a customer book is mostly people who are not listed); about 2 % are listed names in a
varied spelling, and one row in 10,000 is malformed (empty name or impossible date) to
exercise the reject path. Dates are written as YYYY-MM-DD, DD/MM/YYYY or YYYY; countries as
names or codes. Deterministic for a given --seed.

Usage: python3 bench/batch/make_rows.py [--rows 1000000] [--seed 6] [--output /tmp/rows.csv]
Standard library only.
"""

import argparse
import csv
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(REPO), "shared", "data")

COUNTRIES = ["Germany", "fr", "United States", "gb", "Russia", "ir", "Cambodia", "kp",
             "Syria", "ua", "Brazil", "in", "China", "ng", "Mexico", "tr", "Italy", "es"]


def shared(*parts):
    path = os.path.join(SHARED, *parts)
    if not os.path.exists(path):
        sys.exit(f"missing {path}: the benchmark builds rows from ../shared/data")
    return path


def load_peps():
    with open(shared("opensanctions", "peps-names-sample", "peps_names_32k.csv"),
              newline="", encoding="utf-8") as f:
        return [(r["name"], "", "") for r in csv.DictReader(f) if r["name"].strip()]


def load_congress():
    out = []
    with open(shared("opensanctions", "us_congress-senzing", "us_congress_senzing.json"),
              encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            names = [n.get("NAME_FULL") for n in r.get("NAMES", []) if n.get("NAME_FULL")]
            if not names:
                continue
            dob = next((d["DATE_OF_BIRTH"] for d in r.get("DATES", [])
                        if d.get("DATE_OF_BIRTH")), "")
            nat = next((c["NATIONALITY"] for c in r.get("COUNTRIES", [])
                        if c.get("NATIONALITY")), "")
            out.append((names[0], dob, nat))
    return out


def load_interpol():
    out = []
    with open(shared("opensanctions", "interpol_red_notices-2025-05-23", "targets.simple.csv"),
              newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["name"].strip():
                country = r["countries"].split(";")[0]
                out.append((r["name"], r["birth_date"].split(";")[0], country))
    return out


def load_listed():
    """OFAC SDN individuals as "First Middle Last", and entities as written."""
    out = []
    path = os.path.join(REPO, "data", "bundled", "us-ofac-sdn-2023-12-28", "sdn.csv")
    with open(path, newline="", encoding="cp1252") as f:
        for row in csv.reader(f):
            if len(row) < 3:
                continue
            name, kind = row[1].strip(), row[2].strip().lower()
            if kind == "individual" and ", " in name:
                last, first = name.split(", ", 1)
                out.append(("Person", f"{first.title()} {last.title()}"))
            elif kind in ("-0-", ""):
                out.append(("Company", name))
    return out


def typo(word, rng):
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(3)
    letter = rng.choice("aeioulnrst")
    if op == 0:
        return word[:i] + word[i + 1:]
    if op == 1:
        return word[:i] + letter + word[i + 1:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def vary(name, rng):
    """A listed name in another spelling: order swapped, one typo, middle name dropped."""
    parts = name.split()
    choice = rng.randrange(4)
    if choice == 0 and len(parts) >= 2:
        parts = parts[-1:] + parts[:-1]
    elif choice == 1:
        longest = max(range(len(parts)), key=lambda i: len(parts[i]))
        parts[longest] = typo(parts[longest], rng)
    elif choice == 2 and len(parts) >= 3:
        del parts[1]
    return " ".join(parts)


def write_date(date, rng):
    if len(date) == 10 and date.count("-") == 2 and rng.random() < 0.4:
        y, m, d = date.split("-")
        if int(d) > 12:
            return f"{d}/{m}/{y}"
    return date


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--output", default="/tmp/rows.csv")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    people = load_peps() + load_congress() + load_interpol()
    listed = load_listed()
    given = [p[0].split()[0] for p in people if len(p[0].split()) >= 2]
    family = [p[0].split()[-1] for p in people if len(p[0].split()) >= 2]

    counts = {"real": 0, "recombined": 0, "listed": 0, "malformed": 0}
    with open(args.output, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["customer_id", "full_name", "date_of_birth", "nationality", "type"])
        for i in range(args.rows):
            roll = rng.random()
            kind = "Person"
            if roll < 0.0001:
                counts["malformed"] += 1
                if rng.random() < 0.5:
                    name, dob, country = "", "1970-01-01", ""
                else:
                    name, dob, country = rng.choice(people)[0], "31/02/1971", ""
            elif roll < 0.02:
                counts["listed"] += 1
                kind, name = rng.choice(listed)
                name = vary(name, rng)
                dob, country = "", ""
            elif roll < 0.45:
                counts["real"] += 1
                name, dob, country = rng.choice(people)
            else:
                counts["recombined"] += 1
                name = f"{rng.choice(given)} {rng.choice(family)}"
                dob = f"{rng.randrange(1930, 2005)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
                country = rng.choice(COUNTRIES)
            if dob and rng.random() < 0.2 and len(dob) >= 4 and dob[:4].isdigit():
                dob = dob[:4]
            w.writerow([f"C{i + 1:07d}", name, write_date(dob, rng), country, kind])
    print(f"{args.output}: {args.rows} rows {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
