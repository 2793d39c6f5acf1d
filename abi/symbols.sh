#!/usr/bin/env bash
# A shared library's exported surface: its soname, then each defined dynamic
# symbol as "TYPE NAME@@VERSION" (demangled, sorted). abi/*.symbols hold the
# expected lists; lines starting with '#' are comments.
#   abi/symbols.sh check  LIBRARY EXPECTED        fails with a diff when they differ
#   abi/symbols.sh update LIBRARY EXPECTED [...]  rewrites EXPECTED (ninja -C BUILD abi-update)
set -euo pipefail
mode=$1
shift

surface() {
  local soname
  soname=$(readelf -d "$1" | sed -n 's/.*Library soname: \[\(.*\)\]$/\1/p')
  echo "soname ${soname:-(none)}"
  nm -D --defined-only -C "$1" | cut -d' ' -f2- | LC_ALL=C sort
}

# A GNU-unique object (a static local of an exported inline function) makes
# glibc refuse to unload the library; no update may bless one.
refuse_unique() {
  if grep '^u ' <<<"$2" >&2; then
    echo "$1: GNU-unique symbols above; dlclose could never unload the library" >&2
    return 1
  fi
}

case "$mode" in
  check)
    [ $# -eq 2 ] || { echo "usage: $0 check LIBRARY EXPECTED" >&2; exit 2; }
    actual=$(surface "$1")
    refuse_unique "$1" "$actual"
    if ! diff -u --label "expected: $2" --label "built: $1" <(grep -v '^#' "$2") - <<<"$actual"; then
      echo "The exported surface of $(basename "$1") changed. If that is meant (README.md," >&2
      echo "\"ABI stability\": a removed or changed symbol needs a new soversion), run" >&2
      echo "  ninja -C BUILD abi-update" >&2
      echo "and commit the new abi/*.symbols." >&2
      exit 1
    fi
    ;;
  update)
    if [ $# -lt 2 ] || [ $(($# % 2)) -ne 0 ]; then
      echo "usage: $0 update LIBRARY EXPECTED [...]" >&2
      exit 2
    fi
    while [ $# -gt 0 ]; do
      actual=$(surface "$1")
      refuse_unique "$1" "$actual"
      {
        echo "# The exported surface of $(basename "$1" | sed 's/\.so.*/.so/'), checked by the suite (abi/symbols.sh)."
        echo "# Regenerate after a deliberate change: ninja -C BUILD abi-update"
        echo "$actual"
      } >"$2"
      echo "abi: wrote $2"
      shift 2
    done
    ;;
  *)
    echo "usage: $0 check|update ..." >&2
    exit 2
    ;;
esac
