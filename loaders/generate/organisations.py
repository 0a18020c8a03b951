"""Companies, people and their employment history (companies.csv, people.csv, employment.csv)."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np

from graph.bundle import Progress

from .. import _words as words
from .._csvwrite import Bytes, as_bytes, blank, cat, iso_dates, write_csv
from ..csv import COLUMNS
from .outcomes import ALWAYS, NEVER_ENDS
from .sampling import (
    Sampler,
    byte_table,
    cumcount,
    days_ago,
    decimal_bytes,
    hex_bytes,
    str_array,
    str_concat,
    weighted_choice,
)
from .world import OUR_COMPANY_NAME, OUR_DOMAIN, TITLE_TABLE, World, title_codes


def write_companies(root: Path, rng: np.random.Generator, world: World, progress: Progress) -> int:
    c = world.companies
    stems = list(dict.fromkeys(words.COMPANY_WORDS))
    stem = rng.integers(0, len(stems), c)
    kind = rng.integers(0, len(words.COMPANY_KINDS), c)
    base = str_concat(
        str_array(stems)[stem], " ", str_array(k for k, _ in words.COMPANY_KINDS)[kind]
    )
    nth = cumcount(stem, kind)
    quals = str_array(
        (
            "Group",
            "Holdings",
            "International",
            "Global",
            "Europe",
            "Americas",
            "Asia Pacific",
            "Ventures",
            "Technologies",
            "Solutions",
        )
    )
    qual = np.where(nth > 0, str_concat(" ", quals[(nth - 1) % len(quals)]), "")
    again = np.where(nth > len(quals), str_concat(" ", (nth // len(quals) + 1).astype(str)), "")
    names = str_concat(base, qual, again)
    slug = np.char.lower(np.char.replace(base, " ", ""))
    tld = str_array(words.TLDS)[rng.integers(0, len(words.TLDS), c)]
    domains = str_concat(slug, np.where(nth > 0, nth.astype(str), ""), ".", tld)
    industry = str_array(i for _, i in words.COMPANY_KINDS)[kind]
    names = names.astype(f"U{max(names.itemsize // 4, len(OUR_COMPANY_NAME))}")
    domains = domains.astype(f"U{max(domains.itemsize // 4, len(OUR_DOMAIN))}")
    names[0], domains[0], industry[0] = OUR_COMPANY_NAME, OUR_DOMAIN, "Software"
    world.company_names, world.company_domains = names, domains.astype("S")

    seen = np.bincount(world.company[world.company >= 0], minlength=c)
    employees = np.maximum(np.round(seen * rng.lognormal(2.0, 0.8, c)), np.maximum(seen, 1))
    employees[0] = max(50, world.reps * 8)
    emp = blank(decimal_bytes(employees.astype(np.int64)), rng.random(c) < 0.06)
    emp[0] = str(int(employees[0])).encode()

    def chunk(a: int, b: int) -> list[Bytes]:
        return [world.company_ids[a:b], names[a:b], domains[a:b], industry[a:b], emp[a:b]]

    return write_csv(root / "companies.csv", COLUMNS["companies.csv"], c, chunk, progress)


def write_people(root: Path, rng: np.random.Generator, world: World, progress: Progress) -> int:
    n, reps = world.n, world.reps
    company = world.company
    first = rng.integers(0, len(words.FIRST_NAMES), n)
    last = rng.integers(0, len(words.LAST_NAMES), n)
    first_t, last_t = byte_table(words.FIRST_NAMES), byte_table(words.LAST_NAMES)
    low_first = byte_table([f.lower() for f in words.FIRST_NAMES])
    low_last = byte_table([x.lower() for x in words.LAST_NAMES])
    short_last = byte_table([x.lower()[:6] for x in words.LAST_NAMES])
    loose = company < 0

    # emails: first.last@company-domain, numbered when taken; personal domains otherwise
    personal = rng.integers(0, len(words.PERSONAL_DOMAINS), n)
    domains = np.concatenate([world.company_domains, byte_table(words.PERSONAL_DOMAINS)])
    domain = np.where(loose, world.companies + personal, company)
    nth = cumcount(first, last, domain)
    again = np.where(nth > 0, nth + 1, 0).astype(np.int64)
    again_col = blank(decimal_bytes(again), again == 0)
    no_email = rng.random(n) < 0.06

    home = world.company_city[np.maximum(company, 0)]
    city = np.where(
        ~loose & (rng.random(n) < 0.78), home, weighted_choice(rng, n, [1.0] * len(words.CITIES))
    )
    no_city = rng.random(n) < 0.05
    handle = hex_bytes(rng.integers(0, 16**6, n), 6)
    no_linkedin = rng.random(n) < 0.18
    twitter_n = decimal_bytes(rng.integers(1, 100, n))
    no_twitter = rng.random(n) >= 0.22
    dnc = rng.random(n) < 0.01
    dnc[:reps] = False

    combos = [";".join(c) for k in (1, 2, 3) for c in combinations(words.TAGS, k)]
    combo_w = [{1: 40.0, 2: 4.0, 3: 0.3}[c.count(";") + 1] for c in combos]
    tags = weighted_choice(rng, n, combo_w)
    no_tags = rng.random(n) >= 0.12
    cities, titles, tag_t = byte_table(words.CITIES), byte_table(TITLE_TABLE), byte_table(combos)
    bools = np.array([b"false", b"true"])

    def chunk(a: int, b: int) -> list[Bytes]:
        k = b - a
        fi, li = first[a:b], last[a:b]
        email = cat(
            k, low_first[fi], b".", low_last[li], again_col[a:b], b"@", domains[domain[a:b]]
        )
        link = cat(
            k, b"https://www.linkedin.com/in/", low_first[fi], b"-", low_last[li], b"-", handle[a:b]
        )
        return [
            world.person_ids[a:b],
            cat(k, first_t[fi], b" ", last_t[li]),
            blank(email, no_email[a:b]),
            titles[world.title[a:b]],
            blank(world.company_ids[np.maximum(company[a:b], 0)], loose[a:b]),
            blank(cities[city[a:b]], no_city[a:b]),
            blank(link, no_linkedin[a:b]),
            blank(cat(k, b"@", low_first[fi], short_last[li], twitter_n[a:b]), no_twitter[a:b]),
            bools[dnc[a:b].astype(np.int64)],
            blank(tag_t[tags[a:b]], no_tags[a:b]),
        ]

    return write_csv(root / "people.csv", COLUMNS["people.csv"], n, chunk, progress)


def write_employment(root: Path, rng: np.random.Generator, world: World, progress: Progress) -> int:
    n, today = world.n, world.today
    company = world.company
    # current jobs: two thirds carry a start date (the rest come from people.company_id alone)
    cur = np.flatnonzero((company >= 0) & (rng.random(n) < 0.66))
    cur_start = np.full(n, -1, dtype=np.int64)
    cur_start[cur] = today - 30 - days_ago(rng, len(cur), 3650, 1.6)
    # the job before: ends before the current one starts
    sampler = Sampler(world.size_weight)
    prev1 = np.flatnonzero(rng.random(n) < 0.45)
    c1 = sampler.draw(rng, len(prev1))
    c1 = np.where(c1 == company[prev1], (c1 % (world.companies - 1)) + 1, c1)
    unknown = today - 30 - days_ago(rng, len(prev1), 900)
    anchor = np.where(cur_start[prev1] >= 0, cur_start[prev1], unknown)
    end1 = anchor - days_ago(rng, len(prev1), 120)
    start1 = end1 - 120 - days_ago(rng, len(prev1), 2400)
    # and the one before that
    pick2 = rng.random(len(prev1)) < 0.35
    prev2 = prev1[pick2]
    c2 = sampler.draw(rng, len(prev2))
    for _ in range(3):  # step off the current and the previous company
        clash = (c2 == company[prev2]) | (c2 == c1[pick2])
        c2 = np.where(clash, (c2 % (world.companies - 1)) + 1, c2)
    clash = (c2 == company[prev2]) | (c2 == c1[pick2])
    prev2, c2 = prev2[~clash], c2[~clash]
    end2 = start1[pick2][~clash] - days_ago(rng, len(prev2), 200)
    start2 = end2 - 120 - days_ago(rng, len(prev2), 2400)

    person = np.concatenate([cur, prev1, prev2])
    comp = np.concatenate([company[cur], c1, c2])
    start = np.concatenate([cur_start[cur], start1, start2])
    end = np.concatenate([np.full(len(cur), -1), end1, end2])
    order = np.lexsort((-start, person))  # per person, latest job first
    person, comp, start, end = person[order], comp[order], start[order], end[order]
    past_titles = title_codes(rng, len(person))
    title = byte_table(TITLE_TABLE)[np.where(end < 0, world.title[person], past_titles)]
    start_col = blank(as_bytes(iso_dates(start)), start < 0)
    end_col = blank(as_bytes(iso_dates(end)), end < 0)
    # as loaded: a current job without a row comes from people.company_id, undated
    undated = np.flatnonzero((company >= 0) & (cur_start < 0))
    ev = world.evidence
    ev.job_person = np.concatenate([person, undated])
    ev.job_company = np.concatenate([comp, company[undated]])
    ev.job_start = np.concatenate(
        [np.where(start < 0, ALWAYS, start), np.full(len(undated), ALWAYS)]
    )
    ev.job_end = np.concatenate(
        [np.where(end < 0, NEVER_ENDS, end), np.full(len(undated), NEVER_ENDS)]
    )

    def chunk(a: int, b: int) -> list[Bytes]:
        return [
            world.person_ids[person[a:b]],
            world.company_ids[comp[a:b]],
            title[a:b],
            start_col[a:b],
            end_col[a:b],
        ]

    return write_csv(
        root / "employment.csv", COLUMNS["employment.csv"], len(person), chunk, progress
    )
