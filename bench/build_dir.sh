# Sourced by bench/run.sh and bench/instructions.sh: configures and builds a
# release build directory for the suite.
#   bench_build DIR CPP_ARGS TARGET...
bench_build() {
  local dir=$1 cpp_args=$2
  shift 2
  local opts=(-Dbuildtype=release -Dbench_peers=enabled -Dtests=disabled -Dbenchmarks=enabled
              -Dopenssl=enabled "-Dcpp_args=$cpp_args")
  meson setup "$dir" "${opts[@]}" --reconfigure >/dev/null 2>&1 || meson setup "$dir" "${opts[@]}" >/dev/null
  # Two cores, shared: never more than two jobs.
  ninja -C "$dir" -j2 "$@" >/dev/null
}
