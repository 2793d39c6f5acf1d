#!/usr/bin/env bash
# Instructions per key of jwkview's set parser (parse_set on the padded input,
# strict defaults) on the 50-key listing and the 1,000-key set, counted with
# callgrind: repeatable on a noisy shared machine, unlike seconds.
#
#   bench/instructions.sh [BUILDDIR]     default: build-bench-default
#
# Valgrind runs no AVX-512, so the build has no -march flags; under valgrind
# simdjson's stage 1 picks its AVX2 (haswell) kernel.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dir=${1:-build-bench-default}
. bench/build_dir.sh
bench_build "$dir" "" bench/instructions_driver bench/make_corpora

corpora=${JWKVIEW_BENCH_CORPORA:-$dir/bench/corpora}
"$dir/bench/make_corpora" "$corpora" >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "| corpus | keys | bytes | parses | instructions/parse | instructions/key | instructions/byte |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
# corpus file, profile, parses
while read -r file profile runs; do
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$tmp/callgrind.out" \
    "$dir/bench/instructions_driver" "$corpora/$file" "$profile" "$runs" \
    >"$tmp/driver.out" 2>"$tmp/valgrind.log" || {
    cat "$tmp/valgrind.log" >&2
    exit 1
  }
  read -r keys bytes runs <"$tmp/driver.out"
  total=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$tmp/callgrind.out")
  awk -v f="$file" -v k="$keys" -v b="$bytes" -v r="$runs" -v t="$total" 'BEGIN {
    printf "| %s | %d | %d | %d | %.0f | %.0f | %.2f |\n", f, k, b, r, t / r, t / (r * k), t / (r * b)
  }'
done <<'LIST'
listing50.json okta 50
set1000.json rfc7517 10
LIST
