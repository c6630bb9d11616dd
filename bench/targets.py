"""The issue's targets, met or not, from a benchmark run's figures (bench/results.json).

Each target says what was measured, whether it is met, and when not, by how much and which
profile (bench/profiles.md, a section per engineer) explains it.
"""

import itertools
import re

PAGE_MS, DETAIL_MS, DOWNLOAD_MS, FIRST_MS = 150, 10, 3000, 200
STATIC_LABELS = {
    "static file via nginx": "static file from nginx (production)",
    "static file via gunicorn (WhiteNoise)": "static file from gunicorn (WhiteNoise, as in the issue)",
}
DOWNLOADS = re.compile(r"format=|^/data/.+|^/api/v1/export/|^/sitemap\.xml|\.js$")


def profile_links(sections, *needles):
    """Links to the profiles (title, anchor, text) that name one of `needles`."""
    found = [
        f"[{title}](profiles.md{'#' + anchor if anchor else ''})"
        for title, anchor, text in sections
        if any(needle in text for needle in needles)
    ]
    return ", ".join(found) or "no profile of it yet"


def path_links(sections, path):
    """The profiles that name an address, as `/path/` or, for a query, its path alone."""
    base = path.split("?")[0]
    return profile_links(sections, f"`{path}`", f"`{base}`", f"{path} " if len(path) > 1 else "`/`")


def ms(value):
    return "–" if value is None else f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def find(rows, label, connections):
    return next((r for r in rows if r["label"] == label and r["connections"] == connections), None)


def targets(results, sections):
    """[(target, measured, met, how much / why)] from the run's figures; `sections` are the
    profiles [(title, anchor, text)] a miss links to."""
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
                    "" if ratio >= 3 else f"{3 / ratio:.1f}× short; {path_links(sections, '/api/v1/factories/')}",
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
            else f"{worst / DETAIL_MS:.1f}× the target at worst; {path_links(sections, path)}"
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
        "; ".join(f"`{p}` {ms(v)} ms ({path_links(sections, p)})" for p, v in misses) or "",
    ))  # fmt: skip
    for path in ("/api/v1/export/", "/data/ai-factories.zip"):
        r = at_largest.get(path)
        if r:
            met = r["p50"] is not None and r["p50"] < DOWNLOAD_MS and r["status"] == 200
            # Served from its file once built per data version (config/downloads.py).
            built = results.get("downloads_built", {}).get(str(int(largest)), {}).get("each", {})
            build = f"; its file built in {built[path]:.1f} s" if path in built else ""
            out.append((
                f"`{path}` finishes within 3 s at {int(largest):,} factories",
                f"{ms(r['p50'])} ms, {r['bytes'] / 1e6:.1f} MB, status {r['status']}{build}",
                met,
                "" if met else path_links(sections, path),
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
            labels = ("cached /", "after the flood: cached /")
            reads = [find(cached["rows"], label, c) for label in labels]
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
            "" if met else profile_links(sections, "first request", "warm-up", "warm up"),
        ))  # fmt: skip
    growing = paginating_misses(results)
    if growing is None:
        return out
    out.append((
        f"pages and API lists paginate or summarise: body at {int(largest):,} no more than 2× "
        "its size at 1,000",
        f"{len(growing)} grow more",
        not growing,
        "; ".join(f"`{p}` {a / 1024:,.0f} → {b / 1024:,.0f} KB" for p, a, b in growing),
    ))  # fmt: skip
    return out


def paginating_misses(results):
    """[(path, bytes at 1,000, bytes at the largest)] of pages growing more than 2×, or None."""
    sizes = list(results["matrix"])
    if "1000" not in sizes or int(sizes[-1]) <= 1000:
        return None
    small, large = results["matrix"]["1000"], results["matrix"][sizes[-1]]
    return [
        (path, small[path]["bytes"], large[path]["bytes"])
        for path in large
        if not DOWNLOADS.search(path)
        and small.get(path, {}).get("bytes")
        and large[path]["bytes"] > 2 * small[path]["bytes"]
    ]
