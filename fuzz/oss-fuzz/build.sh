#!/bin/bash -eu
# OSS-Fuzz build of jwkview's fuzz targets.
#
# Honours CC, CXX, CFLAGS, CXXFLAGS (the sanitizer and coverage flags),
# LIB_FUZZING_ENGINE, SRC, WORK and OUT. Writes $OUT/<target>,
# <target>.dict, <target>.options and <target>_seed_corpus.zip.
# simdjson: $SRC/simdjson (the Dockerfile's checkout) built here as a static
# library with the same flags when it exists, else the system's through
# pkg-config (local-check.sh uses Debian's).
src=$SRC/jwkview

if [ -d "$SRC/simdjson" ]; then
  mkdir -p "$WORK/simdjson"
  $CXX $CXXFLAGS -std=c++17 -c "$SRC/simdjson/singleheader/simdjson.cpp" \
    -I"$SRC/simdjson/singleheader" -o "$WORK/simdjson/simdjson.o"
  ar rcs "$WORK/simdjson/libsimdjson.a" "$WORK/simdjson/simdjson.o"
  cat > "$WORK/simdjson/simdjson.pc" <<PC
Name: simdjson
Description: simdjson built for fuzzing
Version: 3.0.1
Cflags: -I$SRC/simdjson/singleheader
Libs: $WORK/simdjson/libsimdjson.a
PC
  export PKG_CONFIG_PATH="$WORK/simdjson${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
fi

build=$WORK/jwkview-build
rm -rf "$build"
meson setup "$build" "$src" \
  --default-library=static --wrap-mode=nodownload --buildtype=plain \
  -Dtests=disabled -Dbenchmarks=disabled -Dtools=disabled \
  -Dfuzzer_ldflags="$LIB_FUZZING_ENGINE"
ninja -C "$build"

for options in "$src"/fuzz/fuzz_*.options; do
  target=$(basename "$options" .options)
  case $target in
    fuzz_base64url) dict=base64url.dict ;;
    fuzz_jwt) dict=jwt.dict ;;
    *) dict=jwkview.dict ;;
  esac
  cp "$build/fuzz/${target}_fuzzer" "$OUT/$target"
  cp "$src/fuzz/$dict" "$OUT/$target.dict"
  cp "$options" "$OUT/$target.options"
  rm -f "$OUT/${target}_seed_corpus.zip"
  (cd "$src/fuzz/corpus/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
done
