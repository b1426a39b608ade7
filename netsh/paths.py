"""Where netsh keeps its journals, locks and kept-sandbox records."""

from __future__ import annotations

import os
from pathlib import Path


def state_dir() -> Path:
    """NETSH_STATE_DIR, else /run/netsh for root, else a per-user runtime folder."""
    if os.environ.get("NETSH_STATE_DIR"):
        path = Path(os.environ["NETSH_STATE_DIR"])
    elif os.geteuid() == 0:
        path = Path("/run/netsh")
    else:
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        path = Path(runtime) / "netsh" if runtime and os.access(runtime, os.W_OK) \
            else Path(f"/tmp/netsh-{os.geteuid()}")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def netns_id() -> str:
    """The inode of the network namespace this process is in: names a host journal."""
    return str(os.stat("/proc/self/ns/net").st_ino)


def netns_cookie() -> int | None:
    """A number for this network namespace that, unlike its inode, is never given to
    another one (SO_NETNS_COOKIE, Linux >= 5.14); None where the kernel lacks it."""
    import socket
    import struct

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:  # a socket lives in its netns
            return struct.unpack("Q", s.getsockopt(socket.SOL_SOCKET, SO_NETNS_COOKIE, 8))[0]
    except OSError:
        return None


SO_NETNS_COOKIE = 71  # from <asm-generic/socket.h>; Python's socket module has no name for it
