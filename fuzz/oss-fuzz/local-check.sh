#!/usr/bin/env bash
# Runs build.sh here as OSS-Fuzz would (clang, libFuzzer, ASan and UBSan),
# against Debian's simdjson, into a temporary $SRC/$WORK/$OUT; then runs each
# target for 5 seconds over a copy of its unzipped seed corpus and prints a
# summary. Exits non-zero when the build, an output file or a run fails.
#   fuzz/oss-fuzz/local-check.sh [seconds]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-5}
tmp=$(mktemp -d /tmp/jwkview-oss-fuzz.XXXXXX)

export CC=clang CXX=clang++
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,undefined -fno-sanitize-recover=all -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer
export SRC=$tmp/src WORK=$tmp/work OUT=$tmp/out
mkdir -p "$SRC" "$WORK" "$OUT"
ln -s "$root" "$SRC/jwkview"

echo "local-check: build.sh into $OUT (log: $tmp/build.log)"
if ! bash "$root/fuzz/oss-fuzz/build.sh" >"$tmp/build.log" 2>&1; then
  tail -n 30 "$tmp/build.log"
  echo "local-check: build.sh failed"
  exit 1
fi

failed=0
printf '%-20s %6s %8s %8s %8s  %s\n' target exit exec/s before after result
for options in "$root"/fuzz/fuzz_*.options; do
  target=$(basename "$options" .options)
  missing=""
  for f in "$target" "$target.dict" "$target.options" "${target}_seed_corpus.zip"; do
    [ -s "$OUT/$f" ] || missing+=" $f"
  done
  if [ -n "$missing" ]; then
    printf '%-20s missing:%s\n' "$target" "$missing"
    failed=1
    continue
  fi
  corpus=$tmp/run/$target
  mkdir -p "$corpus"
  unzip -q "$OUT/${target}_seed_corpus.zip" -d "$corpus"
  before=$(find "$corpus" -type f | wc -l)
  status=0
  (cd "$tmp/run" && "$OUT/$target" -max_total_time="$seconds" -dict="$OUT/$target.dict" \
    -print_final_stats=1 "$corpus" >"$tmp/$target.log" 2>&1) || status=$?
  after=$(find "$corpus" -type f | wc -l)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$tmp/$target.log")
  verdict=ok
  [ "$status" -eq 0 ] || verdict=FAILED
  printf '%-20s %6s %8s %8s %8s  %s\n' "$target" "$status" "${rate:-?}" "$before" "$after" "$verdict"
  if [ "$status" -ne 0 ]; then
    grep -m 3 -E 'oracle failed|ERROR|SUMMARY' "$tmp/$target.log" || true
    failed=1
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "local-check: FAILED (logs in $tmp)"
  exit 1
fi
echo "local-check: all targets built and ran clean"
rm -rf "$tmp"
