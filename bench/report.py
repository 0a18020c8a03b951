"""A run's results as JSON, a markdown report, a PNG chart, and the README's copy of it."""

from __future__ import annotations

import json
import math
import os
import platform
import re
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .targets import RELATIVE, TARGETS

README_BEGIN = "<!-- bench:begin -->"
README_END = "<!-- bench:end -->"


def machine() -> dict[str, Any]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    packages: dict[str, str | None] = {}
    for name in ("warmgraph", "numba", "networkx", "python-igraph", "neo4j", "strawberry-graphql"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = None
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "packages": packages,
    }


def _num(value: float | None, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "ms" and value < 1:
        text = f"{value:.3f}"
    elif value < 10:
        text = f"{value:.2f}"
    elif value < 1000:
        text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
    else:
        text = f"{value:,.0f}"
    return f"{text} {unit}".strip()


def _ratio(r: dict[str, Any] | None, lower_bound: bool = False) -> str:
    if not r or not r.get("n"):
        return "–"
    text = f"{r['median']:.3g}×"
    return f"≥ {text}" if lower_bound else text


def _targets(results: list[dict[str, Any]]) -> list[str]:
    names = [r["scale"] for r in results]
    lines = [
        "| figure | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for target in TARGETS:
        cells = []
        for r in results:
            value = target.read(r)
            limit = target.limits.get(r["scale"])
            if limit is None:  # XS: no target, the run only checks the suite
                cells.append(_num(value, target.unit))
                continue
            mark = "–" if value is None else ("✓" if value <= limit else "✗")
            cells.append(f"{_num(value, target.unit)} (≤ {limit:g} {target.unit}) {mark}")
        lines.append(f"| {target.figure} | " + " | ".join(cells) + " |")
    for rel in RELATIVE:
        cells = []
        for r in results:
            value = rel.read(r)
            mark = "–" if value is None else ("✓" if value >= rel.at_least else "✗")
            shown = "–" if value is None else f"{value:.3g}×"
            cells.append(f"{shown} (≥ {rel.at_least:g}×) {mark}")
        lines.append(f"| {rel.figure} | " + " | ".join(cells) + " |")
    return lines


def _paths(results: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| scale | question | in-process p50 / p95 / p99 | engine p50 | "
        "HTTP 8 clients p50 / p95, req/s: one process | one per core |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        by_workers = r["embedded"]["http"]["by_workers"]
        single = by_workers["workers-1"]
        many = by_workers[max(by_workers, key=lambda k: int(k.split("-")[1]))]
        for key, case in r["embedded"]["paths"].items():
            s, e = case["service"], case["engine"]
            http_cells = " | ".join(
                f"{_num(h[key]['p50'], 'ms')} / {_num(h[key]['p95'], 'ms')}, "
                f"{h[key]['req_per_s']:.0f}/s"
                if key in h
                else "–"
                for h in (single, many)
            )
            lines.append(
                f"| {r['scale']} | {case['label']} | {_num(s['p50'], 'ms')} / "
                f"{_num(s['p95'], 'ms')} / {_num(s['p99'], 'ms')} | {_num(e['p50'], 'ms')} | "
                f"{http_cells} |"
            )
    return lines


def _overhead_cell(http: dict[str, Any]) -> str:
    """Authentication, rate limit and document limits against none of them (``run._overhead``)."""
    o = http.get("overhead")
    if o is None:
        return "–"
    return (
        f"{_num(o['guarded']['p50'], 'ms')} / {_num(o['open']['p50'], 'ms')} "
        f"({o['added_p50_ms']:+.3f} ms, {o['ratio_p50']:.2f}×)"
    )


def _others(results: list[dict[str, Any]]) -> list[str]:
    lines = ["| figure | " + " | ".join(r["scale"] for r in results) + " |"]
    lines.append("|---|" + "---|" * len(results))

    def row(name: str, cell: Any) -> None:
        lines.append(f"| {name} | " + " | ".join(cell(r) for r in results) + " |")

    row("people / rows loaded", lambda r: f"{r['people']:,} / {r['embedded']['load']['rows']:,}")
    row(
        "embedded load",
        lambda r: (
            f"{_num(r['embedded']['load']['median_s'], 's')} "
            f"({r['embedded']['load']['rows_per_s']:,.0f} rows/s)"
        ),
    )
    row("index build (first query)", lambda r: _num(r["embedded"]["index_build_s"], "s"))
    row("serve: start to first answer", lambda r: _num(r["embedded"]["http"]["ready_s"], "s"))
    row(
        "one lookup over HTTP, p50: authenticated and limited / open (added)",
        lambda r: _overhead_cell(r["embedded"]["http"]["by_workers"]["workers-1"]),
    )
    row(
        "serving processes behind the HTTP targets (the better `--workers`)",
        lambda r: str(r["embedded"]["http"]["workers"]),
    )
    row(
        "topInfluencers, cached, p50",
        lambda r: _num(r["embedded"]["influence"]["cached"]["p50"], "ms"),
    )
    row(
        "advocate density, company, 2 hops, p50 / p95",
        lambda r: (
            f"{_num(r['embedded']['density']['p50'], 'ms')} / "
            f"{_num(r['embedded']['density']['p95'], 'ms')}"
        ),
    )
    row(
        "Neo4j load",
        lambda r: (
            f"{_num(r['neo4j']['load']['median_s'], 's')} "
            f"({r['neo4j']['load']['rows_per_s']:,.0f} rows/s)"
            if "neo4j" in r
            else "–"
        ),
    )
    for key, label in (("h3-strength-5", "3"), ("h4-strength-5", "4")):
        row(
            f"Neo4j introductionPaths (service), maxHops {label}, p50 / p95",
            lambda r, k=key: (
                f"{_num(r['neo4j']['service'][k]['p50'], 'ms')} / "
                f"{_num(r['neo4j']['service'][k]['p95'], 'ms')}"
                if "neo4j" in r
                else "–"
            ),
        )
    row("Neo4j server RSS", lambda r: _num((r.get("neo4j") or {}).get("server_rss_mb"), "MB"))
    row("suite wall time for the scale", lambda r: _num(r["wall_s"] / 60, "min"))
    return lines


def _peers(results: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| scale | question | warmgraph p50 | peer | peer p50 | peer ÷ warmgraph "
        "(median of pairs) | answers equal |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        p = r["peers"]
        for key in ("shortest-h3-hops-1", "shortest-h4-hops-1", "strongest"):
            case = p[key]
            for peer in ("networkx", "igraph"):
                c = case[peer]
                unfinished = c.get("asked", c["n"]) - c.get("finished", c["n"])
                name = {
                    ("networkx", True): "networkx bidirectional_shortest_path",
                    ("igraph", True): "igraph get_shortest_path",
                    ("networkx", False): "networkx shortest_simple_paths (Yen)",
                    ("igraph", False): "igraph get_k_shortest_paths",
                }[(peer, key != "strongest")]
                seen = c.get("finished", c.get("compared"))
                note = f" ({unfinished} cut off at {c['budget_s']:.0f} s)" if unfinished else ""
                lines.append(
                    f"| {r['scale']} | {case['label']} | {_num(case['warmgraph']['p50'], 'ms')} | "
                    f"{name} | {_num(c['p50'], 'ms')}{note} | "
                    f"{_ratio(c['ratio'], lower_bound=bool(unfinished))} | {c['equal']}/{seen} |"
                )
        pr = p["pagerank"]
        for peer in ("igraph", "networkx"):
            lines.append(
                f"| {r['scale']} | PageRank, whole graph | {_num(pr['warmgraph_ms'], 'ms')} | "
                f"{peer} pagerank | {_num(pr[peer + '_ms'], 'ms')} | {pr[peer + '_ratio']:.3g}× | "
                f"max abs diff {pr['max_abs_diff_' + peer]:.1e} |"
            )
        for c in (r.get("neo4j") or {}).get("cypher", {}).values():
            unfinished = c["compared"] - c["finished"]
            note = f" ({unfinished} timed out)" if unfinished else ""
            lines.append(
                f"| {r['scale']} | Neo4j: {c['case']} | {_num(c['warmgraph']['p50'], 'ms')} | "
                f"Cypher {c['shape']} | {_num(c['cypher']['p50'], 'ms')}{note} | "
                f"{_ratio(c['ratio'], lower_bound=bool(unfinished))} | "
                f"{c['equal']}/{c['finished']} |"
            )
    return lines


def _likelihood(results: list[dict[str, Any]]) -> list[str]:
    """Deal likelihood per scale and store: training, scoring every open deal, quality."""
    lines = [
        "| scale | store | closed deals (won/lost) | open deals | model | train | "
        "score all open | cv AUC | Brier |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for store in ("embedded", "neo4j"):
            x = (r.get(store) or {}).get("likelihood")
            if not x:
                continue
            auc = "–" if x["cv_auc"] is None else f"{x['cv_auc']:.3f}"
            brier = "–" if x["brier"] is None else f"{x['brier']:.3f}"
            lines.append(
                f"| {r['scale']} | {store} | {x['closed_deals']:,} ({x['won']}/{x['lost']}) | "
                f"{x['open_deals']:,} | {x['model']} | {_num(x['train_s'], 's')} | "
                f"{_num(x['score_open_s'], 's')} | {auc} | {brier} |"
            )
    return lines


def _imports(imports: dict[str, Any]) -> list[str]:
    """One row per format and store: the first import into a store holding only the rep,
    then the same file again (which must create nothing)."""
    lines = [
        "| format | rows read | file | store | import | re-import | people created / merged "
        "| interactions | skipped by filter | re-import created |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, f in imports["formats"].items():
        for store in ("embedded", "neo4j"):
            if store not in f:
                continue
            first, again = f[store]["first"], f[store]["again"]
            summary = first["summary"]
            merged = sum(summary.get("people merged", {}).values())
            skipped = ", ".join(f"{why} {n:,}" for why, n in summary["skipped"].items()) or "–"
            lines.append(
                f"| {kind} | {f['rows']:,} | {_num(f['file_mb'], 'MB')} | {store} | "
                f"{_num(first['median_s'], 's')} ({first['rows_per_s']:,.0f} rows/s) | "
                f"{_num(again['median_s'], 's')} ({again['rows_per_s']:,.0f} rows/s) | "
                f"{summary['people created']:,} / {merged:,} | {summary['interactions']:,} | "
                f"{skipped} | {again['summary']['people created']:,} people |"
            )
    return lines


def markdown(
    results: list[dict[str, Any]], host: dict[str, Any], imports: dict[str, Any] | None = None
) -> str:
    head = (
        f"Measured {host['date']} on {host['cpu']}, {host['cores']} cores, "
        f"{host['memory_gb']:.0f} GB, Python {host['python']}, {host['system']} "
        "(a shared machine: read the ratios, which come from the same run)."
    )
    parts = [
        head,
        "",
        "**Targets** (issue 4; embedded store unless it says Neo4j):",
        "",
        *_targets(results),
        "",
        "**Introduction paths** (random (rep, person) pairs with a path; in-process = the "
        "service a resolver calls, with evidence; engine = the ranking alone, as the peers):",
        "",
        *_paths(results),
        "",
        "**Against the peers** (same graph, same run; a ratio above 1 means warmgraph is "
        "faster; answers are compared pair by pair):",
        "",
        *_peers(results),
        "",
        "**Deal likelihood** (train = describe every closed deal at its close date and fit, "
        "with 5-fold cross-validation; score = every open deal once the model is cached; "
        "cv AUC and Brier from out-of-fold predictions, none for the stage prior):",
        "",
        *_likelihood(results),
        "",
        "**Other figures:**",
        "",
        *_others(results),
        "",
    ]
    if imports is not None:
        parts += [
            "**Import throughput** (`warmgraph import` on generated exports, timed as a user "
            "runs it, process start included "
            f"({_num(imports['startup_s'], 's')} for `warmgraph import --help`); each into a "
            "store holding only the rep, then the same file again; embedded: median of the "
            "runs):",
            "",
            *_imports(imports),
            "",
        ]
    return "\n".join(parts)


def write(
    results: list[dict[str, Any]], out: Path, imports: dict[str, Any] | None = None
) -> tuple[Path, Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    host = machine()
    document: dict[str, Any] = {"machine": host, "results": results}
    if imports is not None:
        document["imports"] = imports
    stamp = f"{host['date']}-{'-'.join(r['scale'] for r in results)}"
    data = out / f"bench-{stamp}.json"
    data.write_text(json.dumps(document, indent=2, default=str) + "\n")
    (out / "latest.json").write_text(data.read_text())
    report = out / "latest.md"
    report.write_text(markdown(results, host, imports))
    chart = out / "latency.png"
    from .chart import draw

    draw(results, chart)
    return data, report, chart


def update_readme(readme: Path, report: Path, chart: Path) -> None:
    text = readme.read_text()
    pattern = re.compile(re.escape(README_BEGIN) + ".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{readme} has no {README_BEGIN} ... {README_END} section to replace")
    chart_link = f"![latency against scale]({chart.relative_to(readme.parent).as_posix()})"
    body = f"{README_BEGIN}\n{report.read_text()}\n{chart_link}\n{README_END}"
    readme.write_text(pattern.sub(lambda _: body, text))
