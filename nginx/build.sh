#!/usr/bin/env bash
# Builds ngx_http_jwkview_module.so for the nginx Debian ships, the way
# Debian builds its own module packages (debhelper's nginx_mod build system,
# /usr/share/perl5/Debian/Debhelper/Buildsystem/nginx_mod.pm): nginx's
# configure from nginx-dev's /usr/share/nginx/src with Debian's flags
# (conf_flags: --with-compat and the rest of `nginx -V`), the module added
# with --add-dynamic-module, then `make modules`.
#
#   nginx/build.sh OUTPUT WORKDIR INCLUDEDIR LIBDIR [EXTRA_CFLAGS]
#
#   OUTPUT      where the module goes (.../ngx_http_jwkview_module.so)
#   WORKDIR     a folder of its own: a copy of the nginx source (its configure
#               writes into the tree it runs from) and the object files
#   INCLUDEDIR  the folder holding jwkview.h
#   LIBDIR      the folder holding libjwkview_openssl.so and libjwkview.so
#               (the module's run path)
#   EXTRA_CFLAGS  added to the compile and link flags (-fsanitize=...)
#
# NGINX_SRC overrides /usr/share/nginx/src. Meson runs this (nginx/meson.build);
# configure runs again only when its inputs change.
set -euo pipefail
if [ $# -lt 4 ]; then
  sed -n '9,20s/^# \{0,1\}//p' "$0" >&2
  exit 2
fi
output=$1
work=$2
include=$(cd "$3" && pwd)
libdir=$(cd "$4" && pwd)
extra=${5:-}
src=${NGINX_SRC:-/usr/share/nginx/src}
module=$(cd "$(dirname "$0")" && pwd)

if [ ! -f "$src/conf_flags" ]; then
  echo "nginx/build.sh: $src/conf_flags not found: install nginx-dev (apt-get install nginx-dev)" >&2
  exit 1
fi
mkdir -p "$work"
work=$(cd "$work" && pwd)

# Debian's compile and link flags, as its module packages get them; the
# values dpkg-buildflags gives on Debian 12 when it is missing.
cflags=$(dpkg-buildflags --get CFLAGS 2>/dev/null ||
  echo "-g -O2 -fstack-protector-strong -Wformat -Werror=format-security")
cppflags=$(dpkg-buildflags --get CPPFLAGS 2>/dev/null || echo "-Wdate-time -D_FORTIFY_SOURCE=2")
ldflags=$(dpkg-buildflags --get LDFLAGS 2>/dev/null || echo "-Wl,-z,relro")
# shellcheck disable=SC1091
. "$src/conf_flags"
args=(--with-cc-opt="$cflags -fPIC $cppflags $extra"
      --with-ld-opt="$ldflags -fPIC $extra"
      "${NGX_CONF_FLAGS[@]}"
      --add-dynamic-module="$module"
      --builddir="$work/objs")

# configure again when its arguments, the module's config or the nginx
# source changed.
stamp="$work/configured"
want=$(printf '%s\n' "${args[@]}" "JWKVIEW_INCLUDE=$include" "JWKVIEW_LIBDIR=$libdir";
       md5sum "$module/config" "$src/conf_flags" | cut -d' ' -f1)
if [ ! -f "$work/objs/Makefile" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  rm -rf "$work/nginx" "$work/objs" "$stamp"
  cp -a "$src" "$work/nginx"
  (cd "$work/nginx" && JWKVIEW_INCLUDE=$include JWKVIEW_LIBDIR=$libdir ./configure "${args[@]}") \
    >"$work/configure.log" 2>&1 || {
    tail -30 "$work/configure.log" >&2
    echo "nginx/build.sh: nginx's configure failed; the whole log: $work/configure.log" >&2
    exit 1
  }
  echo "$want" >"$stamp"
fi
make -s -f "$work/objs/Makefile" -C "$work/nginx" modules >&2
cp "$work/objs/ngx_http_jwkview_module.so" "$output"
