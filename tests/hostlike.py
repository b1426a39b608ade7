"""A namespace made to look like the tutorial's server, for --on-host tests.

It is entered with `nsenter --net=/run/netns/NAME`, which keeps the root mount
namespace, so the `ip netns add` that netsh runs inside it persists like on a
real host. The uplink eth0 leads to a second namespace standing for the outside.
"""

from __future__ import annotations

import subprocess
from contextlib import contextmanager


def sh(*argv: str) -> None:
    subprocess.run(argv, check=True, capture_output=True)


@contextmanager
def hostlike(prefix: str):
    host, wan = f"{prefix}host", f"{prefix}wan"
    sh("ip", "netns", "add", host)
    sh("ip", "netns", "add", wan)
    try:
        for ns in (host, wan):  # no IPv6: DAD and link-local routes would make snapshots drift
            sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
               "net.ipv6.conf.default.disable_ipv6=1")
        sh("ip", "-n", host, "link", "set", "lo", "up")
        sh("ip", "-n", host, "link", "add", "eth0", "type", "veth", "peer", "name", "wan0", "netns", wan)
        sh("ip", "-n", host, "addr", "add", "203.0.113.2/24", "dev", "eth0")
        sh("ip", "-n", host, "link", "set", "eth0", "up")
        sh("ip", "-n", wan, "addr", "add", "203.0.113.1/24", "dev", "wan0")
        sh("ip", "-n", wan, "link", "set", "wan0", "up")
        sh("ip", "-n", host, "route", "add", "default", "via", "203.0.113.1")
        sh("ip", "netns", "exec", host, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        yield ("nsenter", f"--net=/run/netns/{host}")
    finally:
        subprocess.run(["ip", "netns", "del", host], capture_output=True)
        subprocess.run(["ip", "netns", "del", wan], capture_output=True)
