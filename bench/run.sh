#!/usr/bin/env bash
# The benchmark suite, one command (bench/README.md):
#
#   bench/run.sh [--native | --default | --both] [--repetitions N] [--large]
#
#   --native   (the default) build-bench-native, compiled with -march=native
#   --default  build-bench-default, no -march flags (a distribution's build)
#   --both     both, one after the other, then jwkview's default-build speed
#              as a percentage of its native speed
#   --repetitions N   interleaved repetitions of every row (default 5)
#   --large    also the 1 GiB array (JWKVIEW_BENCH_LARGE=1)
#
# Configures and builds release directories with the peers, writes the
# corpora if missing (in the first build directory, shared by both), runs the
# suite with random interleaving and prints the tables (bench/report.py).
# Results: <builddir>/bench/results.json.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

mode=--native
repetitions=5
while [ $# -gt 0 ]; do
  case "$1" in
    --native | --default | --both) mode=$1 ;;
    --repetitions) repetitions=$2; shift ;;
    --large) export JWKVIEW_BENCH_LARGE=1 ;;
    *)
      sed -n '2,17s/^# \{0,1\}//p' "$0" >&2
      exit 2
      ;;
  esac
  shift
done

case "$mode" in
  --native) builds=(native) ;;
  --default) builds=(default) ;;
  --both) builds=(native default) ;;
esac

. bench/build_dir.sh
results=()
for build in "${builds[@]}"; do
  dir=build-bench-$build
  cpp_args=
  [ "$build" = native ] && cpp_args=-march=native
  echo "== building $dir (cpp_args: ${cpp_args:-none})" >&2
  bench_build "$dir" "$cpp_args" bench/suite bench/make_corpora
  export JWKVIEW_BENCH_CORPORA=${JWKVIEW_BENCH_CORPORA:-$root/$dir/bench/corpora}
  "$dir/bench/make_corpora" "$JWKVIEW_BENCH_CORPORA" >/dev/null
  echo "== running $dir/bench/suite ($repetitions interleaved repetitions)" >&2
  "$dir/bench/suite" --benchmark_repetitions="$repetitions" \
    --benchmark_enable_random_interleaving=true --benchmark_min_time=0.3 \
    --benchmark_display_aggregates_only=true \
    --benchmark_out="$dir/bench/results.json" --benchmark_out_format=json >&2
  results+=("$dir/bench/results.json")
done
python3 bench/report.py "${results[@]}"
