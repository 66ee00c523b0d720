"""smugmug-auth: a terminal wizard that gets SmugMug OAuth 1.0a credentials
for smugVision. The program is a Rust binary that the wheel installs on
PATH as `smugmug-auth`; `python -m smugmug_auth` runs it too (see
__main__.py), and `find_smugmug_auth_bin()` says where it is."""

from smugmug_auth._find_bin import find_smugmug_auth_bin

__all__ = ["find_smugmug_auth_bin"]
