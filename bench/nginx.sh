#!/usr/bin/env bash
# NGINX with ngx_http_jwkview_module under wrk (bench/README.md, "NGINX"):
#
#   bench/nginx.sh [--builddir DIR] [--seconds N] [--repetitions N]
#                  [--connections N] [--perf]
#
#   --builddir DIR     a release build directory configured with
#                      -Dbenchmarks=enabled, where nginx-dev is installed
#                      (default: build-bench-nginx, configured here)
#   --seconds N        length of each wrk run (default 10)
#   --repetitions N    interleaved runs of each row (default 3); medians
#   --connections N    wrk's connections (default 16)
#   --perf             also split the worker's CPU per request by library (perf)
#
# Needs nginx, nginx-dev and wrk (tools/bootstrap bench installs them), and
# perf (linux-perf) for --perf.
# bench/nginx_bench.py runs nginx (one worker) and wrk (one thread), each
# pinned to its own CPU, on the JWT benchmark's 50-key set and tokens, runs
# bench/jwt_bench's EVP_DigestVerify and validate_jwt rows on the same set
# first, and prints the table in Markdown.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

dir=
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --builddir) dir=$2; shift ;;
    --seconds|--repetitions|--connections) args+=("$1" "$2"); shift ;;
    --perf) args+=("$1") ;;
    *)
      sed -n '2,14s/^# \{0,1\}//p' "$0" >&2
      exit 2
      ;;
  esac
  shift
done
for tool in wrk nginx taskset; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || {
    echo "bench/nginx.sh: $tool is missing (tools/bootstrap bench installs it)" >&2
    exit 1
  }
done
if [ -z "$dir" ]; then
  dir=build-bench-nginx
  opts=(-Dbuildtype=release -Dbenchmarks=enabled -Dtests=disabled -Dbench_peers=disabled
        -Dopenssl=enabled -Dnginx=enabled)
  meson setup "$dir" "${opts[@]}" --reconfigure >/dev/null 2>&1 || meson setup "$dir" "${opts[@]}" >/dev/null
fi
echo "== building $dir: the module, bench/jwt_bench, bench/nginx_fixture" >&2
# Two cores, shared: never more than two jobs.
ninja -C "$dir" -j2 nginx/ngx_http_jwkview_module.so bench/jwt_bench bench/nginx_fixture >/dev/null
exec python3 bench/nginx_bench.py --builddir "$dir" "${args[@]}"
