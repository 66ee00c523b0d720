"""`python -m smugmug_auth ARGS` runs the installed `smugmug-auth ARGS`,
for a Python whose scripts folder is not on PATH."""

import os
import subprocess
import sys

from smugmug_auth._find_bin import find_smugmug_auth_bin


def main() -> int:
    binary = find_smugmug_auth_bin()
    if sys.platform == "win32":
        # No exec on Windows: run it as a child and pass its status on.
        # Ctrl-C reaches both; the child decides what it means.
        try:
            return subprocess.call([binary, *sys.argv[1:]])
        except KeyboardInterrupt:
            return 130
    os.execv(binary, [binary, *sys.argv[1:]])
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main())
