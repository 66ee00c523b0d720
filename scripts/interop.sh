#!/usr/bin/env bash
# Runs smugmug-auth's plain flow against an independent OAuth 1.0a provider
# (Python oauthlib), several times: every flow must save a 0600 config.
# Needs python3; installs oauthlib with pip if it is missing.
# Usage: scripts/interop.sh [path/to/smugmug-auth] [runs]
set -euo pipefail
bin=$(realpath "${1:-target/debug/smugmug-auth}")
runs=${2:-10}
here=$(dirname "$0")
python3 -c "import oauthlib" 2>/dev/null || python3 -m pip install -q oauthlib
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
work=$(mktemp -d)
python3 "$here/interop/oauthlib_server.py" "$port" 2> "$work/server.log" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
key=interopKey0123456789abcdefABCDEF
secret=interopSecret$(printf 'x%.0s' $(seq 51))
for i in $(seq "$runs"); do
  config="$work/$i/config.yaml"
  printf '%s\n%s\n654 321\n' "$key" "$secret" \
    | env -u SMUGMUG_API_KEY -u SMUGMUG_API_SECRET "$bin" --plain --origin "http://127.0.0.1:$port" --config "$config" \
      > "$work/out" 2>&1 || { echo "run $i failed:"; cat "$work/out"; tail -5 "$work/server.log"; exit 1; }
  [ "$(stat -c %a "$config")" = 600 ] || { echo "run $i: config not 0600"; exit 1; }
done
echo "$runs of $runs flows completed against oauthlib $(python3 -c 'import oauthlib; print(oauthlib.__version__)')"
