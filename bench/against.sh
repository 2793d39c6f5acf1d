#!/usr/bin/env bash
# The suite's rows of this checkout against an earlier commit's, on a noisy
# machine (bench/README.md, "Stop 22: where the On-Demand ratio went"):
#
#   bench/against.sh REV [--rounds N] [--filter REGEX]
#
#   REV          the commit to compare with (built in a worktree under
#                build-bench-native/against/REV, -march=native like the
#                checkout's build-bench-native)
#   --rounds N   rounds (default 10); each runs REV's suite, then this
#                checkout's, 5 short repetitions each
#   --filter     the rows (default: listing50's jwkview_set and
#                simdjson_ondemand)
#
# Both suites run in turn within every round, so a slow spell of the host
# slows both. It prints each row's minimum and median over all repetitions,
# and, when the rows hold simdjson_ondemand, jwkview's speed relative to it
# in each build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

rev=
rounds=10
filter='^listing50/(jwkview_set|simdjson_ondemand)$'
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift ;;
    --filter) filter=$2; shift ;;
    -*)
      sed -n '2,18s/^# \{0,1\}//p' "$0" >&2
      exit 2
      ;;
    *) rev=$1 ;;
  esac
  shift
done
[ -n "$rev" ] || { sed -n '2,18s/^# \{0,1\}//p' "$0" >&2; exit 2; }

. bench/build_dir.sh
bench_build build-bench-native -march=native bench/suite
short=$(git rev-parse --short "$rev")
tree=build-bench-native/against/$short
[ -d "$tree" ] || git worktree add --detach "$tree" "$rev" >/dev/null
# The earlier tree builds with the same options (its own bench_build may be older).
(cd "$tree" && bench_build build -march=native bench/suite)

raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
for _ in $(seq "$rounds"); do
  for suite in "$tree/build/bench/suite" build-bench-native/bench/suite; do
    label=$([ "$suite" = build-bench-native/bench/suite ] && echo HEAD || echo "$short")
    "$suite" --benchmark_filter="$filter" --benchmark_repetitions=5 \
      --benchmark_min_time=0.05 --benchmark_format=csv 2>/dev/null |
      awk -F, -v b="$label" '/^"/ && $1 !~ /_(mean|median|stddev|cv)"$/ {
        gsub(/"/, "", $1); print b, $1, $4, $5 }' >>"$raw"
  done
done

python3 - "$raw" "$short" <<'PY'
import collections, statistics, sys
times = collections.defaultdict(list)
unit = {}
for line in open(sys.argv[1]):
    build, row, cpu, u = line.split()
    times[(build, row)].append(float(cpu))
    unit[row] = u
for build in (sys.argv[2], "HEAD"):
    print(build)
    rows = {r: v for (b, r), v in times.items() if b == build}
    for row, v in sorted(rows.items()):
        print(f"  {row:36s} min {min(v):9.3f} {unit[row]}  median {statistics.median(v):9.3f} {unit[row]}  n={len(v)}")
    base = [r for r in rows if r.endswith("/simdjson_ondemand")]
    for b in base:
        mine = b.replace("simdjson_ondemand", "jwkview_set")
        if mine in rows:
            by_min = min(rows[b]) / min(rows[mine])
            by_median = statistics.median(rows[b]) / statistics.median(rows[mine])
            print(f"  {mine} / On-Demand speed: {by_min:.2f}x by minima, {by_median:.2f}x by medians")
PY
