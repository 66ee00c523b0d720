#!/usr/bin/env python3
"""Runs a smugmug-auth binary (e.g. the one a wheel installed, or a release
build) through what a person does with it, in plain mode, and checks what
reached the disk:

1. the demo flow (`--demo --plain`): exit 0, all four values saved, the file
   private;
2. against `smugmug-auth demo-server`: a save over an existing config (the
   old file kept as .bak, every comment and setting kept), `check`,
   `check --json` and `logout` (the tokens go, the rest stays).

Usage: demo-flow.py [--run-with "CMD ARGS"] BIN
--run-with runs the binary through another program: `wine` for a Windows
build on Linux, `qemu-aarch64-static -L /usr/aarch64-linux-gnu` for an ARM
one. Output is read as UTF-8 (what the program writes to a pipe on every
system), never in the platform's default encoding."""
import json
import os
import re
import shlex
import stat
import subprocess
import sys
import tempfile

args = sys.argv[1:]
runner = []
if args[:1] == ["--run-with"]:
    runner, args = shlex.split(args[1]), args[2:]
if len(args) != 1:
    sys.exit(__doc__)
binary = args[0]
command = [*runner, binary]
env = {k: v for k, v in os.environ.items() if not k.startswith(("SMUGMUG_", "SMUGVISION_"))}
text_io = {"text": True, "encoding": "utf-8", "errors": "replace"}


def run(*argv, stdin=""):
    done = subprocess.run(
        [*command, *argv], input=stdin, capture_output=True, env=env, timeout=120, **text_io
    )
    return done.returncode, done.stdout, done.stderr


def fail(what, *parts):
    sys.exit(f"{binary}: {what}\n" + "\n".join(p for p in parts if p))


def private(path):
    """Says how private `path` is: mode 0600 where there are modes. A Windows
    build (under Wine here) has none: Wine makes files with the Linux umask,
    and Windows' access lists are not inspected."""
    if os.name != "posix" or binary.lower().endswith(".exe"):
        return "privacy not checked (Windows: access lists)"
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode != 0o600:
        fail(f"{path} is mode {oct(mode)}, not 0600")
    return "mode 0600"


def demo_flow(work):
    config = os.path.join(work, "smugvision", "config.yaml")
    child = subprocess.Popen(
        [*command, "--demo", "--plain", "--config", config],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, **text_io,
    )
    seen = []
    for line in child.stderr:
        seen.append(line)
        code = re.search(r"would show the code (\d{6})", line)
        if code:
            child.stdin.write(code.group(1) + "\n")
            child.stdin.flush()
            break
    rest = child.communicate(timeout=120)
    seen.append(rest[1])
    if child.returncode != 0:
        fail(f"demo flow failed (exit {child.returncode})", "".join(seen))
    text = open(config, encoding="utf-8").read()
    for key in ("api_key", "api_secret", "user_token", "user_secret"):
        if f"  {key}: " not in text:
            fail(f"{key} missing from the saved config", text)
    print(f"demo flow: exit 0, four values saved, {private(config)}")


OLD = "# my smugVision settings\nvision:\n  model: llava  # the local one\nsmugmug:\n  album: \"Trips\"\n"


def against_demo_server(work):
    server = subprocess.Popen(
        [*command, "demo-server", "--code", "123456"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, **text_io,
    )
    try:
        head = {}
        for line in server.stdout:
            for name, pattern in (("origin", r"server on (\S+)"), ("key", r"api_key:\s+(\S+)"),
                                  ("secret", r"api_secret:\s+(\S+)"), ("trial", r"--config (\S+)")):
                found = re.search(pattern, line)
                if found:
                    head[name] = found.group(1)
            if len(head) == 4:
                break
        if len(head) != 4:
            fail("demo-server did not say where it is", str(head), server.stderr.read())
        steps(work, head)
    finally:
        # Stopped as a person or a service manager stops it (SIGTERM), so it
        # can remove its trial folder; a kill would leave it behind.
        server.terminate()
        try:
            server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            fail("demo-server did not stop on SIGTERM within 60 s")
    trial = os.path.dirname(head["trial"])
    if os.name == "posix" and not runner and os.path.exists(trial):
        fail(f"demo-server left its trial folder {trial} behind after SIGTERM")


def steps(work, server):
    config = os.path.join(work, "existing", "config.yaml")
    os.makedirs(os.path.dirname(config))
    with open(config, "w", encoding="utf-8", newline="\n") as f:
        f.write(OLD)
    origin = ["--origin", server["origin"], "--config", config]

    status, out, err = run("--plain", *origin, stdin=f"{server['key']}\n{server['secret']}\n123456\n")
    if status != 0:
        fail(f"save over an existing config: exit {status}", out, err)
    text = open(config, encoding="utf-8").read()
    if not text.startswith(OLD) or not all(f"  {k}: " in text for k in ("api_key", "user_secret")):
        fail("the save lost a setting or a comment, or a value is missing", text)
    if open(config + ".bak", encoding="utf-8").read() != OLD:
        fail("the .bak is not the old file")
    if server["secret"] in out + err:
        fail("a secret was printed", out, err)
    print(f"save over an existing config: exit 0, comments and settings kept, old file in .bak, {private(config)}")

    status, out, err = run("check", *origin)
    if status != 0 or "OK: authorized as" not in out:
        fail(f"check: exit {status}", out, err)
    print("check: exit 0, " + out.strip().splitlines()[-1][:60])

    status, out, err = run("check", "--json", *origin)
    report = json.loads(out) if status == 0 else {}
    # The documented shape (docs/json.md): ok, the account, no error finding.
    errors = [f for f in report.get("findings", []) if f["level"] == "error"]
    account = (report.get("account") or {}).get("nickname")
    if status != 0 or report.get("ok") is not True or not account or errors:
        fail(f"check --json: exit {status}", out, err)
    print(f"check --json: exit 0, ok, authorized as {account}, "
          f"{len(report['findings'])} notes or warnings")

    status, out, err = run("logout", "--config", config)
    text = open(config, encoding="utf-8").read()
    if status != 0 or "user_token" in text or "user_secret" in text or not text.startswith(OLD) \
            or "  api_key: " not in text:
        fail(f"logout: exit {status}", out, err, text)
    print(f"logout: exit 0, the two tokens removed, everything else kept, {private(config)}")


with tempfile.TemporaryDirectory() as work:
    demo_flow(work)
    against_demo_server(work)
print(f"demo flow, save over an existing config, check, check --json and logout with {binary}: all passed")
