#!/usr/bin/env python3
"""Whole-program measurements for docs/performance.md.

Run after `cargo build --release`:  python3 benches/measure.py [path/to/smugmug-auth]
Needs tmux (for the idle-CPU run). Everything runs against the built-in
demo server on 127.0.0.1; nothing leaves the machine.
"""
import fcntl, os, pty, select, signal, statistics, struct, subprocess, sys, tempfile, termios, time

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/smugmug-auth"
KEY = "DEMOk3yQ7vX2mB9pL4wR8tY6nC1hJ5sF"
SECRET = "DEMOs3cr3tZq8Wm2Xk7Vb4Nr9Tp1Ly6Hd3Gf5Jc8Ks2Qw7Ex4Ru9Ti1Yo6Pa3Sd0"
# No display: the wizard takes the QR and code path (with one it would open a browser).
ENV = {k: v for k, v in os.environ.items()
       if not k.startswith(("SMUGMUG_", "SMUGVISION_", "TMUX")) and k not in ("DISPLAY", "WAYLAND_DISPLAY")}
RUNS = 20


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def startup_version():
    """Process start to exit of `--version`: the floor for any start-up."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([BIN, "--version"], stdout=subprocess.DEVNULL, env=ENV, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def startup_plain():
    """Process start to the first byte of the first prompt on stderr."""
    times = []
    for _ in range(RUNS):
        home = tempfile.mkdtemp()
        start = time.perf_counter()
        p = subprocess.Popen([BIN, "--plain", "--origin", "http://127.0.0.1:9", "--config", home + "/c.yaml"],
                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
        p.stderr.read(1)
        times.append(time.perf_counter() - start)
        p.kill(); p.wait()
    return statistics.median(times)


def first_frame():
    """Process start to the first frame of the wizard, in a pseudo-terminal."""
    times = []
    for _ in range(RUNS):
        home = tempfile.mkdtemp()
        start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.execve(BIN, [BIN, "--origin", "http://127.0.0.1:9", "--config", home + "/c.yaml"],
                      dict(ENV, TERM="xterm-256color", COLUMNS="80", LINES="24"))
        seen = b""
        while b"api_secret" not in seen:
            r, _, _ = select.select([fd], [], [], 5)
            if not r:
                break
            seen += os.read(fd, 65536)
        times.append(time.perf_counter() - start)
        os.kill(pid, signal.SIGTERM); os.waitpid(pid, 0); os.close(fd)
    return statistics.median(times)


def demo_server(delay_ms):
    p = subprocess.Popen([BIN, "demo-server", "--code", "123456", "--delay-ms", str(delay_ms)],
                         stdout=subprocess.PIPE, text=True, env=ENV)
    origin = p.stdout.readline().split(" on ")[1].strip()
    return p, origin


def plain_flow(delay_ms):
    """The whole plain flow, end to end, against a demo server; and its connections."""
    server, origin = demo_server(delay_ms)
    for _ in range(3):  # api_key, api_secret, how to stop
        server.stdout.readline()
    times = []
    for _ in range(RUNS):
        home = tempfile.mkdtemp()
        start = time.perf_counter()
        done = subprocess.run([BIN, "--plain", "--origin", origin, "--config", home + "/c.yaml"],
                              input=f"{KEY}\n{SECRET}\n123456\n", capture_output=True, text=True, env=ENV)
        times.append(time.perf_counter() - start)
        assert done.returncode == 0, done.stderr
    server.send_signal(signal.SIGINT)
    out = server.communicate()[0]
    connections = int(out.split("Served ")[1].split()[0])
    return statistics.median(times), connections / RUNS


def cpu_ns(pid):
    """CPU time of every thread of `pid`, in nanoseconds, from schedstat:
    it counts each run exactly, where the tick-sampled utime of /proc/PID/stat
    misses short wake-ups (it under-reported this by 20x)."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            total += int(open(f"/proc/{pid}/task/{task}/schedstat").read().split()[0])
        except FileNotFoundError:
            pass  # a thread that ended between listing and reading
    return total


def idle_cpu_and_rss(seconds=30, cols=100, rows=40):
    """CPU time used while the Authorize screen waits, and peak RSS."""
    sock = f"measure-{os.getpid()}"
    tmux = ["tmux", "-L", sock, "-f", "/dev/null"]
    home = tempfile.mkdtemp()
    subprocess.run(tmux + ["new-session", "-d", "-x", str(cols), "-y", str(rows),
                           f"env -u TMUX -u DISPLAY -u WAYLAND_DISPLAY {BIN} --demo --config {home}/c.yaml"], check=True)
    time.sleep(1)
    subprocess.run(tmux + ["send-keys", "Enter"], check=True)
    time.sleep(1)
    screen = subprocess.run(tmux + ["capture-pane", "-p"], capture_output=True, text=True).stdout
    assert "Code:" in screen, screen
    # Anchored: the tmux server's own command line holds the same words.
    pid = subprocess.run(["pgrep", "-f", f"^{BIN} --demo --config {home}"], capture_output=True, text=True).stdout.split()[0]
    assert os.path.basename(BIN).startswith(open(f"/proc/{pid}/comm").read().strip()), "measured the wrong process"
    before, t0 = cpu_ns(pid), time.perf_counter()
    time.sleep(seconds)
    used, elapsed = (cpu_ns(pid) - before) / 1e9, time.perf_counter() - t0
    status = open(f"/proc/{pid}/status").read()
    hwm = next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1]
    subprocess.run(tmux + ["kill-server"])
    return used, elapsed, int(hwm)


if __name__ == "__main__":
    size = os.path.getsize(BIN)
    print(f"binary: {BIN}, {size / 1e6:.2f} MB")
    version, plain = startup_version(), startup_plain()
    print(f"--version, start to exit (median of {RUNS}): {ms(version)}")
    print(f"start to first plain prompt (median of {RUNS}): {ms(plain)} ({plain / version:.2f}x --version)")
    print(f"start to first wizard frame in a pty (median of {RUNS}): {ms(first_frame())}")
    t0, c0 = plain_flow(0)
    t50, c50 = plain_flow(50)
    print(f"whole plain flow (median of {RUNS}): {ms(t0)}; with 50 ms per reply: {ms(t50)}"
          f" -> {(t50 - t0) / 0.05:.1f} round trips")
    print(f"TCP connections per flow: {c0:.2f} (no delay), {c50:.2f} (50 ms)")
    used, elapsed, hwm = idle_cpu_and_rss()
    print(f"Authorize screen idle at 100x40: {used * 1000:.1f} ms CPU in {elapsed:.1f} s"
          f" ({100 * used / elapsed:.3f} % of a core, schedstat); peak RSS {hwm / 1024:.1f} MiB")
