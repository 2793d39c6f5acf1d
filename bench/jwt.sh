#!/usr/bin/env bash
# JWT validation per token, one command (bench/README.md, "JWT validation"):
#
#   bench/jwt.sh [--repetitions N] [--builddir DIR]
#
#   --repetitions N  interleaved repetitions of every row (default 3); the
#                    tables give the medians
#   --builddir DIR   an existing release build directory configured with
#                    -Dbenchmarks=enabled (only bench/jwt_bench is built);
#                    default: build-bench-default, configured as bench/run.sh
#                    --default does (peers enabled: libjwt-dev, libcjose-dev,
#                    libjansson-dev and the suite's peers must be installed;
#                    tools/bootstrap bench installs them)
#
# Results: DIR/bench/jwt_results.json (every repetition); the tables
# (bench/jwt_report.py, Markdown) on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

repetitions=3
dir=
while [ $# -gt 0 ]; do
  case "$1" in
    --repetitions) repetitions=$2; shift ;;
    --builddir) dir=$2; shift ;;
    *)
      sed -n '2,17s/^# \{0,1\}//p' "$0" >&2
      exit 2
      ;;
  esac
  shift
done

if [ -n "$dir" ]; then
  echo "== building $dir/bench/jwt_bench" >&2
  ninja -C "$dir" -j2 bench/jwt_bench >/dev/null
else
  dir=build-bench-default
  . bench/build_dir.sh
  echo "== building $dir (release, no -march flags)" >&2
  bench_build "$dir" "" bench/jwt_bench
fi
echo "== running $dir/bench/jwt_bench ($repetitions interleaved repetitions)" >&2
"$dir/bench/jwt_bench" --benchmark_repetitions="$repetitions" \
  --benchmark_enable_random_interleaving=true --benchmark_min_time=0.5 \
  --benchmark_display_aggregates_only=true \
  --benchmark_out="$dir/bench/jwt_results.json" --benchmark_out_format=json >&2
python3 bench/jwt_report.py "$dir/bench/jwt_results.json"
