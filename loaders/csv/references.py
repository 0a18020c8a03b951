"""References: every ``*_id`` column must name a node of the bundle or of the store.

Checked once per distinct id (the columns are categorical), and the store is asked once per
node kind about the ids the bundle does not define.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from graph.bundle import Progress
from graph.validation.frames import ExistingIds, Finding, bad_text, q, unresolved

from .columns import RefAcc
from .parse import IntArray, ObjArray
from .reading import File
from .spec import COMMUNITY, COMPANY, PERSON

_NODE_FILES = {PERSON: "people", COMPANY: "companies", COMMUNITY: "communities"}


def check_references(
    files: dict[str, File], known_ids: ExistingIds | None, progress: Progress
) -> None:
    """Report reference values that are not valid ids, then those naming no known node."""
    invalid = _check_values(files)
    for done, (kind, frame) in enumerate(_NODE_FILES.items()):
        progress("checking references", done, len(_NODE_FILES))
        node_file = files.get(frame)
        if node_file is not None and not node_file.defines_ids:
            continue  # its ids cannot be known: do not drown the real problem in echoes
        refs: list[tuple[File, RefAcc]] = [
            (f, acc)
            for f in files.values()
            if not f.broken
            for acc in f.accs.values()
            if isinstance(acc, RefAcc) and acc.col.ref == kind
        ]
        if not refs:
            continue
        named = np.asarray(pd.unique(np.concatenate([a.categories() for _, a in refs])), object)
        if invalid:  # already reported, and no store should be asked about them
            named = named[~np.asarray(pd.Series(named).isin(invalid), dtype=np.bool_)]
        defined = node_file.ids() if node_file is not None else None
        unknown = unresolved(kind, named, defined, known_ids)
        if not unknown:
            continue
        for f, acc in refs:
            cats = acc.categories()
            bad_codes = np.flatnonzero(np.asarray(pd.Series(cats).isin(unknown), np.bool_))
            if len(bad_codes) == 0:
                continue
            codes = acc.codes()
            rows = np.flatnonzero(np.isin(codes, bad_codes))
            f.problems.rows(f"ref:{acc.col.name}", 0, rows, _unknown_ref(kind, acc, cats, codes))
    progress("checking references", len(_NODE_FILES), len(_NODE_FILES))


def _check_values(files: dict[str, File]) -> set[str]:
    """The id rules over every reference column, once per distinct value; the bad values."""
    invalid: set[str] = set()
    for f in files.values():
        if f.broken:
            continue
        for acc in f.accs.values():
            if not isinstance(acc, RefAcc):
                continue
            cats = acc.categories()
            finding = bad_text(cats, acc.col.name, is_id=True)
            if not finding:
                continue
            invalid.update(str(v) for v in cats[finding.rows])
            codes = acc.codes()
            rows = np.flatnonzero(np.isin(codes, finding.rows))
            f.problems.rows(f"id:{acc.col.name}", 0, rows, _by_code(finding, codes))
    return invalid


def _by_code(finding: Finding, codes: IntArray) -> Callable[[int], str]:
    """A finding about categories, told for rows (each row's category code)."""
    return lambda i: finding.message(int(codes[i]))


def _unknown_ref(kind: str, acc: RefAcc, cats: ObjArray, codes: IntArray) -> Callable[[int], str]:
    name = acc.col.name
    return lambda i: f"unknown {kind} {q(cats[codes[i]])} in {name!r}"
