#!/usr/bin/env python3
"""Runs the whole demo flow in plain mode with a given smugmug-auth binary
(e.g. the one a wheel installed) and checks what reached the disk: exit 0,
all four values saved, the file private. Usage: demo-flow.py BIN"""
import os
import re
import stat
import subprocess
import sys
import tempfile

binary = sys.argv[1]
with tempfile.TemporaryDirectory() as work:
    config = os.path.join(work, "smugvision", "config.yaml")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMUGMUG_")}
    child = subprocess.Popen(
        [binary, "--demo", "--plain", "--config", config],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )
    seen = []
    for line in child.stderr:
        seen.append(line)
        code = re.search(r"would show the code (\d{6})", line)
        if code:
            child.stdin.write(code.group(1) + "\n")
            child.stdin.flush()
            break
    rest = child.communicate(timeout=60)
    seen.append(rest[1])
    if child.returncode != 0:
        sys.exit(f"demo flow failed (exit {child.returncode}):\n{''.join(seen)}")
    text = open(config, encoding="utf-8").read()
    for key in ("api_key", "api_secret", "user_token", "user_secret"):
        if f"  {key}: " not in text:
            sys.exit(f"{key} missing from the saved config:\n{text}")
    if os.name == "posix" and stat.S_IMODE(os.stat(config).st_mode) != 0o600:
        sys.exit(f"saved config is mode {oct(stat.S_IMODE(os.stat(config).st_mode))}, not 0600")
    print(f"demo flow with {binary}: exit 0, four values saved, config private")
