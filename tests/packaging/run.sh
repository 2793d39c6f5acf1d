#!/usr/bin/env bash
# The ways a C++ project consumes jwkview, each checked from scratch: build
# consumer.cpp against jwkview and run it on examples/.
#   run.sh pkg-config         install this build into a staging directory and
#                             build the consumer with pkg-config alone
#   run.sh static             build and install a static jwkview; link the
#                             consumer with pkg-config --static, and with
#                             CMake when cmake is there
#   run.sh cmake              install this build into a staging directory and
#                             build the consumer with find_package(jwkview)
#   run.sh subproject         a Meson project with jwkview in its subprojects/
#   run.sh wrap-fallback      jwkview with simdjson from subprojects/simdjson.wrap
#                             (forced: simdjson is installed here). Offline, the
#                             wrap's directory is made here: from the simdjson
#                             source tree JWKVIEW_SIMDJSON_SOURCE names, built as
#                             WrapDB's package builds it, or else a stand-in with
#                             this machine's simdjson.h and shared library
# tests/packaging/meson.build registers each mode as a test and sets:
#   JWKVIEW_SOURCE, JWKVIEW_BUILD   the source and build directories
#   JWKVIEW_WORK                    where each mode keeps its files (kept for a look after a failure)
#   JWKVIEW_CXX                     the build's C++ compiler command
#   JWKVIEW_PREFIX, JWKVIEW_LIBDIR, JWKVIEW_INCLUDEDIR   the build's install directories
#   JWKVIEW_OPENSSL                 1 when libjwkview_openssl is built
set -euo pipefail
mode=$1
src=$JWKVIEW_SOURCE
work=$JWKVIEW_WORK/$mode
read -r -a cxx <<<"$JWKVIEW_CXX"
rm -rf "$work"
mkdir -p "$work"
cd "$work"

say() { echo "== $*"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
in_dir() { [[ $1 = /* ]] && echo "$1" || echo "$JWKVIEW_PREFIX/$1"; }
libdir=$(in_dir "$JWKVIEW_LIBDIR")
includedir=$(in_dir "$JWKVIEW_INCLUDEDIR")

packages=(jwkview)
consumer_args=()
if [ "$JWKVIEW_OPENSSL" = 1 ]; then
  packages+=(jwkview-openssl)
  consumer_args+=(-DJWKVIEW_CONSUMER_OPENSSL)
fi
examples=("$src"/examples/*.json "$src"/examples/*.ndjson)

# A pkg-config search path with the given directories and, from the system,
# libcrypto.pc alone: no simdjson.pc, which no consumer may need.
mkdir system-pc
if [ "$JWKVIEW_OPENSSL" = 1 ]; then
  ln -s "$(pkg-config --variable=pcfiledir libcrypto)/libcrypto.pc" system-pc/
fi
pkg_config_path() {
  local IFS=:
  echo "$*:$work/system-pc"
}

# Every header of include/jwkview/ is installed (with libjwkview_openssl,
# whose headers are among them), and the C ABI's jwkview.h beside them.
check_headers() {
  [ -f "$1/jwkview.h" ] || fail "jwkview.h is not installed in $1"
  [ "$JWKVIEW_OPENSSL" = 1 ] || return 0
  local h
  for h in "$src"/include/jwkview/*.hpp; do
    [ -f "$1/jwkview/${h##*/}" ] || fail "jwkview/${h##*/} is not installed in $1"
  done
  say "every header of include/jwkview/ is installed"
}

# check_needed BINARY WANTED UNWANTED: the shared libraries it loads.
check_needed() {
  local needed
  needed=$(readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
  say "$1 needs: $needed"
  [ -z "$2" ] || [[ " $needed" =~ \ $2 ]] || fail "$1 should need $2"
  [ -z "$3" ] || ! [[ " $needed" =~ \ $3 ]] || fail "$1 should not need $3"
}

# cmake_consumer PREFIX: configures, builds and checks the CMake consumer
# against the jwkview package installed in PREFIX.
cmake_consumer() {
  local with_openssl=OFF launcher
  [ "$JWKVIEW_OPENSSL" = 1 ] && with_openssl=ON
  # The compiler command's last word is the compiler (ccache c++).
  launcher=$(IFS=';' && echo "${cxx[*]:0:${#cxx[@]}-1}")
  cmake -S "$src/tests/packaging/cmake" -B cmake-build -G Ninja "-DCMAKE_CXX_COMPILER=${cxx[-1]}" \
    "-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher" "-DCMAKE_PREFIX_PATH=$1" "-DWITH_OPENSSL=$with_openssl" >cmake.log ||
    { cat cmake.log; fail "cmake could not configure the consumer"; }
  cmake --build cmake-build -j 2 >>cmake.log || { cat cmake.log; fail "cmake could not build the consumer"; }
  local found
  found=$(sed -n 's/^jwkview_DIR:PATH=//p' cmake-build/CMakeCache.txt)
  say "find_package(jwkview) found $found"
  [[ $found == "$1"/* ]] || fail "find_package(jwkview) should find the package in $1"
}

case "$mode" in
  pkg-config)
    stage=$work/stage
    meson install -C "$JWKVIEW_BUILD" --no-rebuild --quiet --destdir "$stage"
    check_headers "$stage$includedir"
    export PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR=$stage
    PKG_CONFIG_LIBDIR=$(pkg_config_path "$stage$libdir/pkgconfig")
    unset PKG_CONFIG_PATH
    cflags=$(pkg-config --cflags "${packages[@]}")
    libs=$(pkg-config --libs "${packages[@]}")
    say "pkg-config --cflags: $cflags"
    say "pkg-config --libs: $libs"
    [[ $cflags != *SIMDJSON* ]] || fail "simdjson's flags in Cflags"
    # shellcheck disable=SC2086 # pkg-config's output is a list of flags
    "${cxx[@]}" -std=c++20 -Wall -Wextra "${consumer_args[@]}" $cflags "$src/tests/packaging/consumer.cpp" \
      $libs -o consumer
    check_needed consumer libjwkview.so. libsimdjson
    LD_LIBRARY_PATH=$stage$libdir ./consumer "${examples[@]}"
    ;;
  static)
    prefix=$work/prefix
    openssl=$([ "$JWKVIEW_OPENSSL" = 1 ] && echo enabled || echo disabled)
    CXX=$JWKVIEW_CXX meson setup build "$src" --prefix "$prefix" --libdir lib -Ddefault_library=static \
      -Doptimization=0 -Dtests=disabled -Dbenchmarks=disabled -Dfuzzing=disabled -Dtools=disabled \
      "-Dopenssl=$openssl" >setup.log || { cat setup.log; fail "meson setup"; }
    ninja -C build -j2 >build.log || { cat build.log; fail "the static build"; }
    meson install -C build --no-rebuild --quiet
    check_headers "$prefix/include"
    export PKG_CONFIG_LIBDIR
    PKG_CONFIG_LIBDIR=$(pkg_config_path "$prefix/lib/pkgconfig")
    unset PKG_CONFIG_PATH
    cflags=$(pkg-config --static --cflags "${packages[@]}")
    libs=$(pkg-config --static --libs "${packages[@]}")
    say "pkg-config --static --cflags: $cflags"
    say "pkg-config --static --libs: $libs"
    [[ $cflags != *SIMDJSON* ]] || fail "simdjson's flags in Cflags"
    [[ $cflags == *-DJWKVIEW_STATIC* ]] || fail "no -DJWKVIEW_STATIC in Cflags"
    [[ $libs == *-lsimdjson* ]] || fail "no simdjson in the static link flags"
    # shellcheck disable=SC2086
    "${cxx[@]}" -std=c++20 -Wall -Wextra "${consumer_args[@]}" $cflags "$src/tests/packaging/consumer.cpp" \
      $libs -o consumer
    check_needed consumer "" libjwkview
    ./consumer "${examples[@]}"
    if command -v cmake >/dev/null; then
      cmake_consumer "$prefix"
      check_needed cmake-build/consumer "" libjwkview
      cmake-build/consumer "${examples[@]}"
    fi
    ;;
  cmake)
    stage=$work/stage
    meson install -C "$JWKVIEW_BUILD" --no-rebuild --quiet --destdir "$stage"
    cmake_consumer "$stage$JWKVIEW_PREFIX"
    check_needed cmake-build/consumer libjwkview.so. libsimdjson
    LD_LIBRARY_PATH=$stage$libdir cmake-build/consumer "${examples[@]}"
    ;;
  subproject)
    mkdir -p consumer/subprojects
    ln -s "$src" consumer/subprojects/jwkview
    ln -s "$src/tests/packaging/subproject/meson.build" "$src/tests/packaging/consumer.cpp" consumer/
    CXX=$JWKVIEW_CXX meson setup build consumer --force-fallback-for=jwkview -Doptimization=0 \
      --prefix /opt/consumer --libdir lib --includedir include >setup.log ||
      { cat setup.log; fail "meson setup"; }
    # jwkview sets up its libraries, no test, fuzzer, benchmark or command.
    wanted=jwkview
    [ "$JWKVIEW_OPENSSL" = 1 ] && wanted="jwkview jwkview_openssl"
    targets=$(meson introspect build --targets | python3 -c '
import json, sys
print(" ".join(sorted(t["name"] for t in json.load(sys.stdin) if t["subproject"] == "jwkview")))')
    say "jwkview's targets: $targets"
    [ "$targets" = "$wanted" ] || fail "jwkview should set up $wanted"
    [ "$(meson introspect build --tests)" = "[]" ] || fail "jwkview registered tests"
    ninja -C build -j2 >build.log || { cat build.log; fail "the build"; }
    build/consumer "${examples[@]}"
    # It installs its libraries and headers, nothing else unless asked.
    meson install -C build --no-rebuild --quiet --destdir "$work/stage"
    installed=stage/opt/consumer
    others=$(find stage ! -type d | grep -v -e "^$installed/lib/libjwkview" -e "^$installed/include/jwkview/" \
      -e "^$installed/include/jwkview.h$" || true)
    [ -z "$others" ] || fail "the subproject installed more than its libraries and headers: $others"
    check_headers "$installed/include"
    meson configure build -Djwkview:package_files=enabled
    ninja -C build -j2 >>build.log
    meson install -C build --no-rebuild --quiet --destdir "$work/stage-asked"
    [ -f stage-asked/opt/consumer/lib/pkgconfig/jwkview.pc ] ||
      fail "-Djwkview:package_files=enabled installed no jwkview.pc"
    ;;
  wrap-fallback)
    # The source tree, with a subprojects/ of its own for the wrap's directory.
    mkdir -p tree/subprojects
    for entry in "$src"/*; do
      case ${entry##*/} in
        build* | subprojects) ;;
        *) ln -s "$entry" tree/ ;;
      esac
    done
    ln -s "$src/subprojects/simdjson.wrap" tree/subprojects/
    wrapdir=tree/subprojects/$(sed -n 's/^directory *= *//p' "$src/subprojects/simdjson.wrap")
    mkdir -p "$wrapdir/singleheader"
    if [ -n "${JWKVIEW_SIMDJSON_SOURCE:-}" ]; then
      cp "$JWKVIEW_SIMDJSON_SOURCE/singleheader/simdjson.h" "$JWKVIEW_SIMDJSON_SOURCE/singleheader/simdjson.cpp" \
        "$wrapdir/singleheader/"
      sources="'singleheader/simdjson.cpp'"
      code=""
    else
      ln -s "$(pkg-config --variable=includedir simdjson)/simdjson.h" "$wrapdir/singleheader/"
      echo "// The stand-in's own code: none (tests/packaging/run.sh)." >"$wrapdir/stand_in.cpp"
      sources="'stand_in.cpp'"
      code="dependencies: meson.get_compiler('cpp').find_library('simdjson'),"
    fi
    version=$(sed -n 's/^#define SIMDJSON_VERSION "\{0,1\}\([0-9.]*\).*/\1/p' "$wrapdir/singleheader/simdjson.h")
    cat >"$wrapdir/meson.build" <<MESON
project('simdjson', 'cpp', version: '$version', default_options: ['cpp_std=c++17'])
assert(get_option('default_library') == 'static', 'jwkview should ask for a static simdjson')
simdjson_inc = include_directories('singleheader')
simdjson_lib = library('simdjson', $sources, include_directories: simdjson_inc)
simdjson_dep = declare_dependency(include_directories: simdjson_inc, link_with: simdjson_lib, $code)
MESON
    prefix=$work/prefix
    openssl=$([ "$JWKVIEW_OPENSSL" = 1 ] && echo enabled || echo disabled)
    CXX=$JWKVIEW_CXX meson setup build tree --force-fallback-for=simdjson --prefix "$prefix" --libdir lib \
      -Doptimization=0 -Dtests=disabled -Dbenchmarks=disabled -Dfuzzing=disabled -Dtools=disabled \
      -Dnginx=disabled "-Dopenssl=$openssl" >setup.log || { cat setup.log; fail "meson setup"; }
    grep -q "Dependency simdjson from subproject subprojects/simdjson-.* found: YES" setup.log ||
      { cat setup.log; fail "simdjson should come from the wrap"; }
    say "simdjson $version from $wrapdir"
    ninja -C build -j2 >build.log || { cat build.log; fail "the build"; }
    meson install -C build --no-rebuild --quiet
    export PKG_CONFIG_LIBDIR
    PKG_CONFIG_LIBDIR=$(pkg_config_path "$prefix/lib/pkgconfig")
    unset PKG_CONFIG_PATH
    # shellcheck disable=SC2046
    "${cxx[@]}" -std=c++20 "${consumer_args[@]}" $(pkg-config --cflags "${packages[@]}") \
      "$src/tests/packaging/consumer.cpp" $(pkg-config --libs "${packages[@]}") -o consumer
    LD_LIBRARY_PATH=$prefix/lib ./consumer "${examples[@]}"
    if [ -n "${JWKVIEW_SIMDJSON_SOURCE:-}" ]; then
      # simdjson is inside, and none of its symbols is exported.
      check_needed "$prefix/lib/libjwkview.so" "" libsimdjson
      "$src/abi/symbols.sh" check "$prefix/lib/libjwkview.so" "$src/abi/libjwkview.symbols"
    fi
    ;;
  *)
    fail "unknown mode $mode"
    ;;
esac
say "$mode: ok"
