#!/usr/bin/env python3
"""Tables from the suite's Google Benchmark JSON output (bench/README.md).

    bench/report.py RUN.json             one table per corpus
    bench/report.py NATIVE.json DEFAULT.json
                                         both runs' tables, then jwkview's speed
                                         in the default build as a percentage of
                                         its -march=native speed

Runs are made with --benchmark_repetitions=N and
--benchmark_enable_random_interleaving=true: every figure is the median or
the best of the N repetitions of a row, and ratios compare best with best and
median with median, because the machines these run on switch between a fast
and a slow phase for seconds at a time.
"""

import json
import statistics
import sys

# Rows in the order they are printed; others follow alphabetically.
ROW_ORDER = [
    "jwkview_key", "jwkview_set",
    "jwkview_set_lines", "jwkview_stream", "simdjson_ondemand", "simdjson_dom",
    "rapidjson", "rapidjson_insitu", "boost_json", "boost_json_monotonic",
    "nlohmann", "structural", "memcpy",
]
CORPUS_ORDER = ["key", "listing50", "set1000", "ndjson100m", "array1g"]
# The jwkview row each corpus's ratios are taken from.
HEADLINE = {
    "key": "jwkview_key", "listing50": "jwkview_set", "set1000": "jwkview_set",
    "ndjson100m": "jwkview_stream", "array1g": "jwkview_stream",
}
CEILINGS = {"structural", "memcpy"}
# Issue 6's targets on the listing and the set: jwkview_set / peer, at least.
TARGETS = [
    ("simdjson_ondemand", 1.5), ("simdjson_dom", 2.0),
    ("rapidjson", 6.0), ("rapidjson_insitu", 6.0), ("nlohmann", 35.0),
]


class Row:
    """The repetitions of one benchmark row."""

    def __init__(self):
        self.rates = []      # bytes/s
        self.keys = []       # keys/s
        self.times = []      # CPU time per iteration, ns
        self.allocs = []
        self.error = None

    def median(self):
        return statistics.median(self.rates)

    def best(self):
        return max(self.rates)


def load(path):
    with open(path, encoding="utf-8") as f:
        run = json.load(f)
    rows = {}
    to_ns = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
    for b in run["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration":
            continue
        corpus, _, rest = b["run_name"].partition("/")
        name = rest.split("/")[0]
        row = rows.setdefault(corpus, {}).setdefault(name, Row())
        if b.get("error_occurred"):
            row.error = b.get("error_message", "error")
            continue
        row.rates.append(b["bytes_per_second"])
        row.keys.append(b.get("keys/s"))
        row.times.append(b["cpu_time"] * to_ns[b.get("time_unit", "ns")])
        row.allocs.append(b.get("allocs/doc", 0.0))
    return run["context"], rows


def ordered(names, order):
    known = [n for n in order if n in names]
    return known + sorted(n for n in names if n not in order)


def gbs(rate):
    return f"{rate / 1e9:.2f} GB/s"


def ratio(a, b):
    return f"{a / b:.2f}×"


def machine_line(context, repetitions):
    return (f"Machine: {context.get('cpu_model', '?')}, {context.get('num_cpus', '?')} CPUs "
            f"at {context.get('mhz_per_cpu', '?')} MHz; {context.get('compiler', '?')}; "
            f"build target {context.get('build_target', '?')}; simdjson stage 1 "
            f"{context.get('simdjson_active', '?')}, On-Demand "
            f"{context.get('simdjson_ondemand_builtin', '?')}; {context.get('date', '?')}; "
            f"{repetitions} interleaved repetitions per row.")


def corpus_table(corpus, rows):
    headline = HEADLINE.get(corpus)
    base = rows.get(headline)
    have_base = base is not None and base.error is None and base.rates
    lines = [
        f"#### {corpus}",
        "",
        f"| row | bytes/s, median | best | keys/s, median | allocs/doc | {headline} ÷ row, "
        "best | median |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in ordered(rows, ROW_ORDER):
        row = rows[name]
        if row.error is not None or not row.rates:
            lines.append(f"| {name} | error: {row.error} | | | | | |")
            continue
        keys = [k for k in row.keys if k is not None]
        keys_text = f"{statistics.median(keys) / 1e6:.2f} M" if keys else "–"
        compare = ("", "")
        if have_base and name != headline and name not in CEILINGS:
            compare = (ratio(base.best(), row.best()), ratio(base.median(), row.median()))
        lines.append(f"| {name} | {gbs(row.median())} | {gbs(row.best())} | {keys_text} | "
                     f"{max(row.allocs):.4g} | {compare[0]} | {compare[1]} |")
    lines.append("")
    structural = rows.get("structural")
    if have_base and structural is not None and structural.rates:
        lines.append(
            f"{headline} reaches {base.best() / structural.best():.0%} (best) and "
            f"{base.median() / structural.median():.0%} (median) of the structural-indexing "
            f"ceiling ({gbs(structural.best())} best).")
    memcpy = rows.get("memcpy")
    if memcpy is not None and memcpy.rates:
        lines.append(f"memcpy of the input: {gbs(memcpy.best())} best, "
                     f"{gbs(memcpy.median())} median.")
    lines.append("")
    return lines


def targets(rows):
    """Issue 6's targets: met only when best/best and median/median both hold."""
    lines = ["#### Issue 6 targets", ""]
    for corpus in ("listing50", "set1000"):
        base = rows.get(corpus, {}).get("jwkview_set")
        if base is None or not base.rates:
            continue
        for peer, target in TARGETS:
            row = rows[corpus].get(peer)
            if row is None or not row.rates:
                continue
            best, median = base.best() / row.best(), base.median() / row.median()
            verdict = "met" if min(best, median) >= target else "NOT met"
            lines.append(f"- {corpus}: jwkview_set ÷ {peer} ≥ {target:g}×: best {best:.2f}×, "
                         f"median {median:.2f}× — {verdict}")
        allocs = max(base.allocs)
        lines.append(f"- {corpus}: 0 allocations per document: {allocs:.4g} — "
                     f"{'met' if allocs == 0 else 'NOT met'}")
    key = rows.get("key", {}).get("jwkview_key")
    if key is not None and key.times:
        median_ns = statistics.median(key.times)
        lines.append(f"- one key under 250 ns (median): {median_ns:.0f} ns — "
                     f"{'met' if median_ns < 250 else 'NOT met'}")
    lines.append("")
    return lines


def report(path):
    context, rows = load(path)
    repetitions = max((len(r.rates) for c in rows.values() for r in c.values()), default=0)
    lines = [f"### {path}", "", machine_line(context, repetitions), ""]
    for corpus in ordered(rows, CORPUS_ORDER):
        lines += corpus_table(corpus, rows[corpus])
    lines += targets(rows)
    return rows, lines


def default_against_native(native, default):
    lines = [
        "### jwkview's default build as a percentage of its -march=native build",
        "",
        "| corpus | row | best | median |",
        "| --- | --- | --- | --- |",
    ]
    for corpus in ordered(native, CORPUS_ORDER):
        for name in ordered(native[corpus], ROW_ORDER):
            if not name.startswith("jwkview"):
                continue
            n, d = native[corpus][name], default.get(corpus, {}).get(name)
            if d is None or not n.rates or not d.rates:
                continue
            lines.append(f"| {corpus} | {name} | {d.best() / n.best():.0%} | "
                         f"{d.median() / n.median():.0%} |")
    lines.append("")
    return lines


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    runs = []
    for path in argv[1:]:
        rows, lines = report(path)
        runs.append(rows)
        print("\n".join(lines))
    if len(runs) == 2:
        print("\n".join(default_against_native(runs[0], runs[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
