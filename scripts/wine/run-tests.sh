#!/usr/bin/env bash
# Runs Windows test binaries under Wine, JOBS at a time (default 2), each in
# the repository root (the tests find their fixtures and the program by the
# paths cargo compiled in, which Wine reaches through drive Z:). Prints each
# binary's summary in the order given (all of its output if it failed), with
# every skip and its reason (--show-output: libtest hides what a passing test
# printed), then the totals; fails if any failed.
# Usage: scripts/wine/run-tests.sh LOG_DIR TEST.exe...
set -uo pipefail
logs=${1:?usage: run-tests.sh LOG_DIR TEST.exe...}
shift
jobs=${JOBS:-2}
mkdir -p "$logs"
run_one() {
  local exe=$1 logs=$2 name start
  name=$(basename "$exe" .exe)
  start=$SECONDS
  # No stdin: a test must not wait for a person.
  wine "$exe" --show-output < /dev/null > "$logs/$name.log" 2>&1
  echo "$? $((SECONDS - start))" > "$logs/$name.status"
}
export -f run_one
printf '%s\n' "$@" | xargs -P "$jobs" -I{} bash -c 'run_one "$1" "$2"' _ {} "$logs"
count() { local n; n=$(sed -nE "s/.* ([0-9]+) $1.*/\1/p" <<< "$2"); echo "${n:-0}"; }
passed=0 failed=0 ignored=0 bad=()
for exe in "$@"; do
  name=$(basename "$exe" .exe)
  read -r status secs < "$logs/$name.status"
  echo "--- $name (exit $status, $secs s)"
  result=$(grep -E '^test result: ' "$logs/$name.log" | tail -1)
  if [ "$status" != 0 ] || [ -z "$result" ]; then
    bad+=("$name")
    cat "$logs/$name.log"
  else
    grep -E '^(running |test result: |skipped )' "$logs/$name.log" || true
  fi
  passed=$((passed + $(count passed "$result"))) failed=$((failed + $(count failed "$result")))
  ignored=$((ignored + $(count ignored "$result")))
  skips=$(grep -c '^skipped ' "$logs/$name.log" || true)
  passed=$((passed - skips)) ignored=$((ignored + skips))
done
echo "Windows tests under Wine: $# test binaries, ${#bad[@]} failed ${bad[*]:-}"
# The plain closing line: tests that skipped (a Linux-only tool) or were
# ignored count as skipped, not passed.
echo "wine: $passed passed, $failed failed, $ignored skipped"
[ ${#bad[@]} -eq 0 ]
