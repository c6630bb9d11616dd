"""bench/results.md and bench/growth.svg from bench/results.json (written by bench/run.py).

    .venv/bin/python -m bench.report        # rewrite both from the last run's figures

Also merges the profiles the engineers wrote (bench/profiles-<name>.md) into bench/profiles.md,
one section per author, which the targets table links to when a target is missed.
"""

import itertools
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from bench.chart import growth_svg

BENCH = Path(__file__).resolve().parent
RESULTS_MD, GROWTH_SVG, PROFILES = BENCH / "results.md", BENCH / "growth.svg", BENCH / "profiles.md"
MERGED = "<!-- The sections below are merged from bench/profiles-<name>.md by bench/report.py. -->"
PAGE_MS, DETAIL_MS, DOWNLOAD_MS, FIRST_MS = 150, 10, 3000, 200
# Whose profile explains an address: the first rule whose pattern the path matches.
PROFILE_OWNERS = [
    (r"^/(api/v1/export/|data/)", "D"),
    (r"^/(search/|countries/[a-z]|organisations/|supercomputers/)", "C"),
    (r"^/api/", "E1"),
    (r"^/", "E2"),
]
STATIC_LABELS = {
    "static file via nginx": "static file from nginx (production)",
    "static file via gunicorn (WhiteNoise)": "static file from gunicorn (WhiteNoise, as in the issue)",
}
DOWNLOADS = re.compile(r"format=|^/data/.+|^/api/v1/export/|^/sitemap\.xml|\.js$")


def profile_link(path):
    owner = next(name for pattern, name in PROFILE_OWNERS if re.search(pattern, path))
    return f"[profile {owner}](profiles.md#profiles-by-{owner.lower()})"


def ms(value):
    return "–" if value is None else f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def first_line(*command):
    try:
        result = subprocess.run(command, capture_output=True, text=True)
        return (result.stdout or result.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "not found"


def versions():
    import django
    import gunicorn
    import psycopg

    from bench.servers import postgres_bin

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return {
        "machine": f"{os.cpu_count()} cores, {cpu}, {memory / 1024**2:.0f} GiB, "
        f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": f"{gunicorn.__version__} ({os.cpu_count() * 2 + 1} sync workers, as "
        "config/gunicorn.py sets by default)",
        "nginx": first_line("nginx", "-v"),
        "postgresql": first_line(f"{postgres_bin()}/postgres", "--version"),
        "psycopg": psycopg.__version__,
        "redis": first_line("redis-server", "--version"),
        "sqlite": sqlite3.sqlite_version,
        "datasette": first_line(str(BENCH / ".venv/bin/datasette"), "--version"),
        "wrk": first_line("wrk", "--version"),
    }


def find(rows, label, connections):
    return next((r for r in rows if r["label"] == label and r["connections"] == connections), None)


def targets(results):
    """[(target, measured, met, how much / why)] from the run's figures."""
    matrix = results["matrix"]
    sizes = [int(s) for s in matrix]
    largest = str(sizes[-1]) if sizes else None
    out = []
    rows = results.get("datasette", [])
    for size in results["args"]["datasette_sizes"]:
        for c in (1, 32):
            ours, theirs = (
                find(rows, f"ours, uncached, {size:,}", c),
                find(rows, f"Datasette, {size:,}", c),
            )
            if ours and theirs and ours["rps"] and theirs["rps"]:
                ratio = ours["rps"] / theirs["rps"]
                out.append((
                    f"uncached `/api/v1/factories/` ≥ 3× Datasette's requests/s, {size:,} "
                    f"factories, {c} connection{'s' if c > 1 else ''}",
                    f"{ours['rps']:.0f} against {theirs['rps']:.0f} req/s: {ratio:.2f}×",
                    ratio >= 3,
                    "" if ratio >= 3 else f"{3 / ratio:.1f}× short; {profile_link('/api/')}",
                ))  # fmt: skip
    if not largest:
        return out
    factory = "/factories/lumi-ai-factory/"
    for path in (factory, "/api/v1" + factory):
        values = {size: matrix[str(size)].get(path, {}).get("p50") for size in sizes}
        worst = max((v for v in values.values() if v is not None), default=None)
        measured = ", ".join(f"{ms(v)} ms at {size:,}" for size, v in values.items())
        met = worst is not None and worst < DETAIL_MS
        why = (
            ""
            if met
            else "not measured"
            if worst is None
            else f"{worst / DETAIL_MS:.1f}× the target at worst; {profile_link(path)}"
        )
        out.append((f"uncached `{path}` p50 < {DETAIL_MS} ms, one connection", measured, met, why))
    at_largest = matrix[largest]
    misses = sorted(
        ((path, r["p50"]) for path, r in at_largest.items() if r["p50"] is None or r["p50"] >= PAGE_MS),
        key=lambda miss: -(miss[1] or 1e9),
    )  # fmt: skip
    out.append((
        f"every page and endpoint p50 < {PAGE_MS} ms uncached at {int(largest):,} factories",
        f"{len(at_largest) - len(misses)} of {len(at_largest)} addresses",
        not misses,
        "; ".join(f"`{p}` {ms(v)} ms ({profile_link(p)})" for p, v in misses) or "",
    ))  # fmt: skip
    for path in ("/api/v1/export/", "/data/ai-factories.zip"):
        r = at_largest.get(path)
        if r:
            met = r["p50"] is not None and r["p50"] < DOWNLOAD_MS and r["status"] == 200
            out.append((
                f"`{path}` finishes within 3 s at {int(largest):,} factories",
                f"{ms(r['p50'])} ms, {r['bytes'] / 1e6:.1f} MB, status {r['status']}",
                met,
                "" if met else profile_link(path),
            ))  # fmt: skip
    cached = results.get("cached")
    if cached:
        for static_label, c in itertools.product(STATIC_LABELS, (8, 32)):
            static = find(cached["rows"], static_label, c)["rps"]
            ratios = {
                r["label"]: r["rps"] / static
                for r in cached["rows"]
                if r["label"].startswith("cached ") and r["connections"] == c and static
            }
            if not ratios:
                continue
            worst = min(ratios, key=ratios.get)
            met = ratios[worst] >= 0.8
            out.append((
                f"cached reads ≥ 80% of the requests/s of a {STATIC_LABELS[static_label]}, "
                f"{c} connections",
                f"worst {ratios[worst]:.0%} ({worst.removeprefix('cached ')}); best "
                f"{max(ratios.values()):.0%}",
                met,
                "" if met else f"{0.8 / ratios[worst]:.1f}× short; see “Cached reads” below",
            ))  # fmt: skip
        for c in (8, 32):
            flood = find(cached["rows"], "flood /?x=N", c)["rps"]
            reads = [find(cached["rows"], label, c) for label in ("cached /", "cached / again")]
            home = sum(r["rps"] for r in reads if r) / len([r for r in reads if r])
            if not home:
                continue
            out.append((
                f"a flood of `/?x=N` costs what a cached `/` costs, {c} connections",
                f"{flood:.0f} against {home:.0f} req/s ({flood / home:.0%}; `/` measured "
                "before and after the flood, averaged)",
                flood >= 0.9 * home,
                "",
            ))  # fmt: skip
        added = cached["keys_after"] - cached["keys_before"]
        out.append((
            "the flood adds no cache entry (Redis DBSIZE before and after)",
            f"{cached['keys_before']} keys before, {cached['keys_after']} after",
            added == 0,
            "",
        ))  # fmt: skip
    worst = max(
        ((ms_, path, size) for size, cold in results["cold"].items() for ms_, path in cold["firsts"]),
        default=None,
    )  # fmt: skip
    if worst:
        met = worst[0] < FIRST_MS
        out.append((
            f"every worker's first request < {FIRST_MS} ms",
            f"worst {worst[0]:.0f} ms (`{worst[1]}` at {int(worst[2]):,} factories)",
            met,
            "" if met else profile_link("/api/v1/export/"),
        ))  # fmt: skip
    growing = paginating_misses(results)
    out.append((
        f"pages and API lists paginate or summarise: body at {int(largest):,} no more than 2× "
        "its size at 1,000",
        f"{len(growing)} grow more",
        not growing,
        "; ".join(f"`{p}` {a / 1024:,.0f} → {b / 1024:,.0f} KB" for p, a, b in growing),
    ))  # fmt: skip
    return out


def paginating_misses(results):
    sizes = list(results["matrix"])
    if "1000" not in sizes or len(sizes) < 2:
        return []
    small, large = results["matrix"]["1000"], results["matrix"][sizes[-1]]
    return [
        (path, small[path]["bytes"], large[path]["bytes"])
        for path in large
        if not DOWNLOADS.search(path)
        and small.get(path, {}).get("bytes")
        and large[path]["bytes"] > 2 * small[path]["bytes"]
    ]


def address_table(results):
    sizes = list(results["matrix"])
    if not sizes:
        return ["Not measured."]
    head = " | ".join(f"{int(s):,}: p50 / p99 ms (n)" for s in sizes)
    lines = [
        f"| address | {head} | KB at {' / '.join(f'{int(s):,}' for s in sizes)} | "
        f"p50 ×, {int(sizes[-1]):,} ÷ {int(sizes[0]):,} |",
        "|---|" + "---:|" * (len(sizes) + 2),
    ]
    for item in results["addresses"]:
        path = item["path"]
        cells, sizes_kb = [], []
        for s in sizes:
            r = results["matrix"][s].get(path)
            if not r:
                cells.append("not measured")
                sizes_kb.append("–")
                continue
            flag = "" if r["status"] == 200 else f" **{r['status']}**"
            slow = r["p50"] is not None and r["p50"] >= PAGE_MS
            p50 = f"**{ms(r['p50'])}**" if slow else ms(r["p50"])
            cells.append(f"{p50} / {ms(r['p99'])} ({r['n']}){flag}")
            sizes_kb.append(f"{r['bytes'] / 1024:,.0f}")
        first, last = results["matrix"][sizes[0]].get(path), results["matrix"][sizes[-1]].get(path)
        growth = (
            f"{last['p50'] / first['p50']:.1f}"
            if first and last and first["p50"] and last["p50"]
            else "–"
        )
        lines.append(f"| `{path}` | {' | '.join(cells)} | {' / '.join(sizes_kb)} | {growth} |")
    return lines


def wrk_table(rows):
    lines = [
        "| what | connections | requests/s | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['label']} | {r['connections']} | {r['rps']:,.1f} | {r['p50']:.2f} | "
        f"{r['p99']:.2f} | {r['errors']} |"
        for r in rows
    ]
    return lines


def cold_lines(results):
    lines = []
    for size, cold in results["cold"].items():
        firsts = ", ".join(f"{v:.0f} ms (`{path}`)" for v, path in sorted(cold["firsts"]))
        lines.append(
            f"- {int(size):,} factories: {len(cold['firsts'])} of {cold['workers']} workers "
            f"answered; their first requests took {firsts}. Start to settled workers: "
            f"{cold['settle_s']:.1f} s."
        )
    return lines


def write_report():
    results = json.loads((BENCH / "results.json").read_text())
    sizes = list(results["matrix"])
    lines_by_path = {
        item["path"]: [results["matrix"][s].get(item["path"], {}).get("p50") for s in sizes]
        for item in results["addresses"]
    }
    if len(sizes) > 1:
        GROWTH_SVG.write_text(
            growth_svg(
                [int(s) for s in sizes],
                lines_by_path,
                PAGE_MS,
                title="Uncached p50 per request against registry size (PostgreSQL, nginx, gunicorn)",
            )
        )
    merge_profiles()
    info, start, end = versions(), results["start"], results["end"]
    load = lambda figures: ", ".join(f"{x:.2f}" for x in figures)  # noqa: E731
    lines = [
        "# Benchmark results",
        "",
        f"Measured {start['time'][:16].replace('T', ' ')} UTC at commit {results['commit']} by "
        f"one run of `.venv/bin/python -m bench.run` ({results['minutes']:.0f} minutes), all on "
        "127.0.0.1: PostgreSQL and Redis, gunicorn with the production settings behind nginx "
        "(config/nginx.conf.template), as `make serve` runs them.",
        "",
        *(f"- **{name}**: {value}" for name, value in info.items()),
        f"- **load average** (1, 5, 15 min) at the start: {load(start['load'])}; at the end: "
        f"{load(end['load'])}",
        "",
        "## Targets",
        "",
        "| target | measured | met | by how much, why |",
        "|---|---|---|---|",
        *(
            f"| {name} | {value} | {'yes' if met else '**no**'} | {why} |"
            for name, value, met, why in targets(results)
        ),
        "",
        "## Time per request against size",
        "",
        "![Uncached p50 per request against the number of factories](growth.svg)",
        "",
        "Each address of the URLconf and the API router (bench/pages.py finds them), uncached "
        "(response cache off; the app's own per-data-version read models stay on), one "
        "connection through nginx, requests one after another for about "
        f"{results['args']['budget']:g} s (at most 200) after one warm-up request; a request "
        "slower than 3 s is timed once. p50 in bold: over the 150 ms target. A status in bold: "
        "not 200.",
        "",
        *address_table(results),
        "",
    ]
    if results.get("datasette"):
        lines += [
            "## Uncached API list against Datasette (same SQLite file)",
            "",
            "Ours through nginx with the response cache off; Datasette 0.65 in immutable mode "
            "(`-i`), its table JSON (`/registry/factories_aifactory.json`, 100 rows a page; ours "
            "50). wrk, "
            f"{results['args']['duration']} s a run.",
            "",
            *wrk_table(results["datasette"]),
            "",
        ]
    if results.get("cached"):
        cached = results["cached"]
        lines += [
            f"## Cached reads against a static file, {int(sizes[-1]):,} factories",
            "",
            "The response cache on (Redis), each address read once before. The static file is "
            "the site's CSS, served by nginx from STATIC_ROOT (the production path) and, for "
            "comparison, by WhiteNoise inside gunicorn. The flood asks for `/?x=<new number>` on "
            f"every request (a wrk Lua script); Redis held {cached['keys_before']} keys before "
            f"it and {cached['keys_after']} after.",
            "",
            *wrk_table(cached["rows"]),
            "",
        ]
    lines += ["## First request of each fresh worker", "", *cold_lines(results), ""]
    lines += [
        "Timed by gunicorn (its access log's `%(D)s`), after the workers have booted and gone "
        "idle; requests one at a time on new connections until each worker has served some.",
        "",
    ]
    missing = not_measured(results)
    if missing:
        lines += ["## Not measured", "", *(f"- {line}" for line in missing), ""]
    RESULTS_MD.write_text("\n".join(lines))
    print(f"written {RESULTS_MD.name}, {GROWTH_SVG.name} and {PROFILES.name}", file=sys.stderr)


def not_measured(results):
    """What the run planned and did not measure (a run cut short, a route without an example)."""
    missing = [
        f"every address at {size:,} factories (the run stopped before)"
        for size in results["sizes"]
        if str(size) not in results["matrix"]
    ]
    if "cached" not in results:
        missing.append("cached reads, the static file and the flood (the run stopped before)")
    if "datasette" not in results:
        missing.append("the comparison with Datasette (the run stopped before)")
    if results["left_out"]:
        missing.append(
            "routes with an argument bench/pages.py has no example for: "
            + ", ".join(f"`{name}`" for name in results["left_out"])
        )
    return missing


def merge_profiles():
    """profiles.md keeps its own text up to MERGED, then a section per bench/profiles-<name>.md."""
    text = PROFILES.read_text()
    own = text.split(MERGED)[0].rstrip()
    sections = [own, "", MERGED, ""]
    for path in sorted(BENCH.glob("profiles-*.md")):
        name = path.stem.removeprefix("profiles-")
        body = path.read_text().strip()
        # Each author's headings one level down, under the author's own section.
        body = re.sub(r"^(#{1,5}) ", r"#\1 ", body, flags=re.M)
        sections += [f"## Profiles by {name}", "", f"(from bench/profiles-{name}.md)", "", body, ""]
    PROFILES.write_text("\n".join(sections))


if __name__ == "__main__":
    write_report()
