#!/usr/bin/env python3
"""Lists the DLLs a Windows executable imports, and fails if it needs one
that Windows itself does not ship (VCRUNTIME140.dll, the MSVC runtime, is
the usual one: `-C target-feature=+crt-static`, set in .cargo/config.toml,
links it in). Reads the PE import table with the standard library only, so
it runs on any system. Usage: pe-imports.py EXE"""
import struct
import sys

# What every Windows 10 and 11 has: the system DLLs and the API sets.
SYSTEM = {
    "kernel32.dll", "kernelbase.dll", "ntdll.dll", "user32.dll", "gdi32.dll", "advapi32.dll",
    "shell32.dll", "ole32.dll", "oleaut32.dll", "ws2_32.dll", "bcrypt.dll", "bcryptprimitives.dll",
    "crypt32.dll", "secur32.dll", "userenv.dll", "msvcrt.dll", "ucrtbase.dll", "shlwapi.dll",
    "iphlpapi.dll", "ncrypt.dll", "rpcrt4.dll", "comctl32.dll", "dwmapi.dll", "uxtheme.dll",
    "windows.storage.dll", "propsys.dll", "combase.dll", "mswsock.dll", "dnsapi.dll", "winhttp.dll",
}


def imports(path):
    data = open(path, "rb").read()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        sys.exit(f"{path}: not a PE file")
    sections_count = struct.unpack_from("<H", data, pe + 6)[0]
    optional_size = struct.unpack_from("<H", data, pe + 20)[0]
    optional = pe + 24
    magic = struct.unpack_from("<H", data, optional)[0]
    directories = optional + (112 if magic == 0x20B else 96)
    import_rva = struct.unpack_from("<I", data, directories + 8)[0]
    sections = []
    for i in range(sections_count):
        at = optional + optional_size + 40 * i
        vsize, vaddr, rsize, raw = struct.unpack_from("<IIII", data, at + 8)
        sections.append((vaddr, max(vsize, rsize), raw))

    def offset(rva):
        for vaddr, size, raw in sections:
            if vaddr <= rva < vaddr + size:
                return rva - vaddr + raw
        sys.exit(f"{path}: address {rva:#x} is in no section")

    names = []
    at = offset(import_rva)
    while True:
        name_rva = struct.unpack_from("<I", data, at + 12)[0]
        if name_rva == 0:
            break
        start = offset(name_rva)
        names.append(data[start:data.index(b"\0", start)].decode("ascii"))
        at += 20
    return names


dlls = sorted({d.lower() for d in imports(sys.argv[1])})
print(f"{sys.argv[1]} imports: {', '.join(dlls)}")
extra = [d for d in dlls if d.lower() not in SYSTEM and not d.lower().startswith(("api-ms-win-", "ext-ms-win-"))]
if extra:
    sys.exit(f"needs DLLs that Windows does not ship: {', '.join(extra)}")
