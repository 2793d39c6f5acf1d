#!/usr/bin/env bash
# Line and branch coverage of src/ from replaying the fuzz corpora, plus the
# shared corpora in $JWKVIEW_CORPORA (default ../shared/corpora beside the
# checkout) when present: clang source-based coverage in build-coverage/.
#   fuzz/coverage.sh          summary per file of src/
#   fuzz/coverage.sh --html   also writes build-coverage/coverage-html/
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=build-coverage
targets=(fuzz_parse_set fuzz_parse_key fuzz_differential fuzz_base64url fuzz_stream fuzz_round_trip)
flags='-fprofile-instr-generate -fcoverage-mapping'
opts=(--default-library=static -Dbuildtype=debug -Dtests=disabled -Dbenchmarks=disabled
      -Dtools=disabled "-Dcpp_args=$flags" "-Dcpp_link_args=$flags")
# Meson's compiler checks run instrumented programs too: keep their profiles in the build dir.
export LLVM_PROFILE_FILE="$root/$build/meson-%p.profraw"
CXX=clang++ meson setup "$build" "${opts[@]}" --reconfigure >/dev/null 2>&1 ||
  CXX=clang++ meson setup "$build" "${opts[@]}" >/dev/null
ninja -C "$build" "${targets[@]/#/fuzz/}" >/dev/null

export JWKVIEW_CORPORA=${JWKVIEW_CORPORA:-$(cd .. && pwd)/shared/corpora}
rm -rf "$build/profiles"
mkdir -p "$build/profiles"
objects=("$build/fuzz/${targets[0]}")
for t in "${targets[@]}"; do
  LLVM_PROFILE_FILE="$build/profiles/$t.profraw" "$build/fuzz/$t" "fuzz/corpus/$t" 2>/dev/null |
    sed "s/^/$t: /"
done
for t in "${targets[@]:1}"; do objects+=(-object "$build/fuzz/$t"); done
llvm-profdata-14 merge -sparse "$build"/profiles/*.profraw -o "$build/fuzz.profdata"
only_src=(-ignore-filename-regex='/(fuzz|include|tests)/|^/usr/')
llvm-cov-14 report "${objects[@]}" -instr-profile="$build/fuzz.profdata" "${only_src[@]}" |
  sed "s|$root/||"
if [ "${1:-}" = --html ]; then
  llvm-cov-14 show "${objects[@]}" -instr-profile="$build/fuzz.profdata" -format=html \
    -show-branches=count -output-dir="$build/coverage-html" "${only_src[@]}"
  echo "coverage: $build/coverage-html/index.html"
fi
