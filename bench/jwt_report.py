#!/usr/bin/env python3
"""The JWT validation tables (bench/README.md) from jwt_bench's JSON output.

    bench/jwt_report.py RESULTS.json

Uses the median aggregate of every row (CPU time per token: the machine is
shared, and CPU time leaves out the time the benchmark was not running).
Ratios and differences compare rows of the same run.
"""
import json
import sys

ALGS = ["RS256", "PS256", "ES256", "EdDSA"]


def load(path):
    with open(path) as f:
        data = json.load(f)
    rows, reps = {}, {}
    for b in data["benchmarks"]:
        name = b.get("run_name", b["name"])
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                rows[name] = b
        else:
            reps[name] = reps.get(name, 0) + 1
            rows.setdefault(name, b)  # no aggregates: a single run
    return data.get("context", {}), rows, max(reps.values(), default=0)


def us(ns):
    return f"{ns / 1000:.1f} µs"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    context, rows, reps = load(sys.argv[1])

    def cpu(kind, lib, alg):
        b = rows.get(f"{kind}/{lib}/{alg}")
        return None if b is None or b.get("error_occurred") else b["cpu_time"]

    print(f"Medians of {reps} repetitions, CPU time per token, one thread "
          f"({context.get('date', '')}, {context.get('num_cpus', '?')} CPUs).\n")
    print("| alg | token | `validate_jwt` | tokens/s per core | `EVP_DigestVerify` alone "
          "| jwkview's own cost (difference) | `read` + `check_claims` | libjwt | cjose "
          "| libjwt / jwkview | cjose / jwkview |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for alg in ALGS:
        a = cpu("validate", "jwkview", alg)
        if a is None:
            continue
        b = cpu("verify_only", "openssl", alg)
        r = cpu("read_check", "jwkview", alg)
        lj = cpu("validate", "libjwt", alg)
        cj = cpu("validate", "cjose", alg)
        size = int(rows[f"validate/jwkview/{alg}"].get("token_bytes", 0))
        cells = [
            alg,
            f"{size} B",
            us(a),
            f"{1e9 / a:,.0f}",
            us(b) if b else "–",
            f"{a - b:,.0f} ns ({(a - b) / b:+.1%})" if b else "–",
            f"{r:,.0f} ns" if r else "–",
            us(lj) if lj else "n/a",
            us(cj) if cj else "n/a",
            f"{lj / a:.2f}×" if lj else "–",
            f"{cj / a:.2f}×" if cj else "–",
        ]
        print("| " + " | ".join(cells) + " |")

    print("\nHeap allocations per warm token: outside libcrypto / libcrypto's own "
          "(CRYPTO_malloc and CRYPTO_realloc).\n")
    print("| alg | `validate_jwt` | `EVP_DigestVerify` alone | `read` + `check_claims` "
          "| libjwt | cjose |")
    print("| --- | --- | --- | --- | --- | --- |")

    def allocs(kind, lib, alg):
        b = rows.get(f"{kind}/{lib}/{alg}")
        if b is None or b.get("error_occurred"):
            return "n/a"
        return f"{b['allocs']:g} / {b['crypto_allocs']:g}"

    for alg in ALGS:
        print(f"| {alg} | {allocs('validate', 'jwkview', alg)} "
              f"| {allocs('verify_only', 'openssl', alg)} "
              f"| {allocs('read_check', 'jwkview', alg)} "
              f"| {allocs('validate', 'libjwt', alg)} | {allocs('validate', 'cjose', alg)} |")

    def cold(kind, lib, alg):
        # Manual time: the call alone, not the sweep before it.
        b = rows.get(f"{kind}/{lib}/{alg}/cold/manual_time")
        return None if b is None or b.get("error_occurred") else b["real_time"]

    if any(cold("validate", "jwkview", alg) for alg in ALGS):
        print("\nWith cold caches: each call timed alone after a sweep over 2 MiB of "
              "other memory (medians).\n")
        print("| alg | `validate_jwt` | `EVP_DigestVerify` alone | jwkview's own cost "
              "(difference) | the verification's cold penalty (against the table above) |")
        print("| --- | --- | --- | --- | --- |")
        for alg in ALGS:
            a = cold("validate", "jwkview", alg)
            b = cold("verify_only", "openssl", alg)
            hot = cpu("verify_only", "openssl", alg)
            if a is None or b is None:
                continue
            print(f"| {alg} | {us(a)} | {us(b)} | {a - b:,.0f} ns "
                  f"| {f'{b - hot:+,.0f} ns' if hot else '–'} |")


if __name__ == "__main__":
    main()
