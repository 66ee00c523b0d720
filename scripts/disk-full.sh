#!/usr/bin/env bash
# Disk full and read-only folder, for real: needs root (mounts a 64 KiB tmpfs).
# Checks: exit 1 with a clear message, the old config byte for byte intact,
# and the new credentials rescued (0600) where the message says.
# Usage: sudo scripts/disk-full.sh [path/to/smugmug-auth]
set -euo pipefail
bin=$(realpath "${1:-target/debug/smugmug-auth}")
work=$(mktemp -d)
mnt="$work/mnt"
mkdir -p "$mnt"
mount -t tmpfs -o size=64k tmpfs "$mnt"
server_log="$work/server.txt"
"$bin" demo-server --code 123456 > "$server_log" &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; umount "$mnt" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
sleep 0.5
origin=$(head -1 "$server_log" | sed 's/.* on //')
key=$(sed -n 2p "$server_log" | awk '{print $2}')
secret=$(sed -n 3p "$server_log" | awk '{print $2}')

run_case() {
  local name=$1 config="$mnt/smugvision/config.yaml"
  local out="$work/$name.txt"
  set +e
  printf '%s\n%s\n123456\n' "$key" "$secret" | "$bin" --plain --origin "$origin" --config "$config" > "$out" 2>&1
  local code=$?
  set -e
  [ "$code" = 1 ] || { echo "FAIL $name: exit $code"; cat "$out"; exit 1; }
  cmp -s "$config" "$work/original.yaml" || { echo "FAIL $name: the config changed"; exit 1; }
  local rescue
  rescue=$(grep -o '[^ ]*config.yaml.new' "$out" | head -1)
  [ -n "$rescue" ] && [ -f "$rescue" ] || { echo "FAIL $name: no rescue file named"; cat "$out"; exit 1; }
  [ "$(stat -c %a "$rescue")" = 600 ] || { echo "FAIL $name: rescue file not 0600"; exit 1; }
  grep -q user_secret "$rescue" || { echo "FAIL $name: rescue file lacks the tokens"; exit 1; }
  grep -q "$secret" "$out" && { echo "FAIL $name: a secret was printed"; exit 1; }
  echo "ok $name: $(grep '^error' "$out" | cut -c1-160)"
  rm -rf "$(dirname "$rescue")"/config.yaml.new
}

mkdir -m 700 "$mnt/smugvision"
printf '# my settings\nvision:\n  model: llava\n' > "$work/original.yaml"
install -m 600 "$work/original.yaml" "$mnt/smugvision/config.yaml"

# 1. Disk full: fill the tmpfs to the last block.
dd if=/dev/zero of="$mnt/filler" bs=1k 2>/dev/null || true
run_case disk-full

# 2. Read-only: free the space, then remount read-only.
rm -f "$mnt/filler"
mount -o remount,ro "$mnt"
run_case read-only
echo "all disk cases passed"
