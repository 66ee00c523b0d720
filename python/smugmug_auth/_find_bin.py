"""Where pip put the `smugmug-auth` binary that came with this package."""

import os
import sys
import sysconfig


def find_smugmug_auth_bin() -> str:
    """The path of the installed `smugmug-auth` executable.

    The wheel puts it in the scripts folder of the scheme it was installed
    with: the environment's (a venv, the system), the user's (`pip install
    --user`), or a `--prefix`/`--target` one beside this package."""
    exe = "smugmug-auth" + (sysconfig.get_config_var("EXE") or "")
    if sys.platform == "win32" and not exe.endswith(".exe"):
        exe += ".exe"

    candidates = [sysconfig.get_path("scripts")]
    user_scheme = {"nt": "nt_user", "posix": "posix_user"}.get(os.name)
    if sys.platform == "darwin" and getattr(sys, "_framework", None):
        user_scheme = "osx_framework_user"
    if user_scheme and user_scheme in sysconfig.get_scheme_names():
        candidates.append(sysconfig.get_path("scripts", scheme=user_scheme))
    # `pip install --target DIR`: DIR/bin beside DIR/smugmug_auth;
    # `pip install --prefix P`: P/bin (or P/Scripts) four levels up.
    package = os.path.dirname(os.path.abspath(__file__))
    site = os.path.dirname(package)
    for up in (site, os.path.dirname(os.path.dirname(os.path.dirname(site)))):
        candidates += [os.path.join(up, "bin"), os.path.join(up, "Scripts")]

    for folder in candidates:
        if folder:
            path = os.path.join(folder, exe)
            if os.path.isfile(path):
                return path
    raise FileNotFoundError(f"{exe} was not found in: {', '.join(c for c in candidates if c)}")
