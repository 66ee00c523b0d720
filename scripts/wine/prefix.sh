#!/usr/bin/env bash
# Makes a fresh Wine prefix in $WINEPREFIX that runs Rust programs: Rust
# 1.78 and later asks bcryptprimitives.dll for ProcessPrng before main, which
# Wine only has from 8.13 on (before that, every Rust .exe exits with 53).
# When the prefix lacks it, a stand-in (bcryptprimitives.c, built here with
# MinGW) goes into system32, and WINEDLLOVERRIDES must prefer it: this
# prints the overrides to use (empty when none are needed).
# Usage: WINEPREFIX=DIR scripts/wine/prefix.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: prefix.sh BUILD_DIR}
: "${WINEPREFIX:?set WINEPREFIX}"
export WINEDEBUG=${WINEDEBUG:--all}
rm -rf "$WINEPREFIX"
mkdir -p "$build"
wineboot -i > "$build/wineboot.log" 2>&1 || { cat "$build/wineboot.log" >&2; exit 1; }
wineserver -w
system32=$WINEPREFIX/drive_c/windows/system32
dll=$system32/bcryptprimitives.dll
if [ -f "$dll" ] && x86_64-w64-mingw32-objdump -p "$dll" | grep -qw ProcessPrng; then
  echo "wine: $(wine --version) has ProcessPrng; no stand-in needed" >&2
  exit 0
fi
x86_64-w64-mingw32-gcc -O2 -shared -o "$build/bcryptprimitives.dll" \
  "$here/bcryptprimitives.c" "$here/bcryptprimitives.def" -lbcrypt
cp "$build/bcryptprimitives.dll" "$dll"
echo "wine: $(wine --version) lacks ProcessPrng; installed the stand-in bcryptprimitives.dll" >&2
echo "bcryptprimitives=n"
