"""bench/results.md and bench/growth.svg from bench/results.json (written by bench/run.py).

    .venv/bin/python -m bench.report        # rewrite both from the last run's figures

Also merges the profiles the engineers wrote (bench/profiles-<name>.md) into bench/profiles.md,
one section per author, which the targets table links to when a target is missed.
"""

import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from bench.chart import growth_svg
from bench.targets import PAGE_MS, ms, targets

BENCH = Path(__file__).resolve().parent
RESULTS_MD, GROWTH_SVG, PROFILES = BENCH / "results.md", BENCH / "growth.svg", BENCH / "profiles.md"
# results.md's "Why the misses" is read from bench/results-notes.md, written after a run.
MERGED = "<!-- The sections below are merged from bench/profiles-<name>.md by bench/report.py. -->"


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
        "gunicorn": f"{gunicorn.__version__} ({os.cpu_count() * 2 + 1} gthread workers of one "
        "thread, as config/gunicorn.py sets by default)",
        "nginx": first_line("nginx", "-v"),
        "postgresql": first_line(f"{postgres_bin()}/postgres", "--version"),
        "psycopg": psycopg.__version__,
        "redis": first_line("redis-server", "--version"),
        "sqlite": sqlite3.sqlite_version,
        "datasette": first_line(str(BENCH / ".venv/bin/datasette"), "--version"),
        "wrk": first_line("wrk", "--version"),
    }


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
    if not results["cold"]:
        return ["Not measured."]
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
            for name, value, met, why in targets(results, profile_sections())
        ),
        "",
        *notes(),
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


def notes():
    """The engineers' reading of the run (bench/results-notes.md), after the targets, if any."""
    path = BENCH / "results-notes.md"
    if not path.exists():
        return []
    return ["## Why the misses", "", path.read_text().strip(), ""]


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


def profile_sections():
    """[(title, anchor, text)] of profiles.md: its own text first, then each author's section."""
    text = PROFILES.read_text()
    own, _, merged = text.partition(MERGED)
    sections = [("the profiles at the top of profiles.md", "", own)]
    for part in re.split(r"^## Profiles by ", merged, flags=re.M)[1:]:
        name = part.split("\n", 1)[0].strip()
        sections.append((f"profile {name}", f"profiles-by-{name.lower()}", part))
    return sections


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
