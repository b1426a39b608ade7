"""Only files below /proc/sys/net can be written; `..` cannot escape."""

import pytest

from netsh.errors import UsageError
from netsh.tools.sysctl import checked_path, write


@pytest.mark.parametrize("path", [
    "/proc/sys/kernel/panic", "/proc/sys/net/../kernel/panic", "/etc/passwd",
    "/proc/sys/net/ipv4/../../kernel/x", "proc/sys/net/ipv4/ip_forward", "/proc/sys/net//ipv4/ip_forward",
    "/proc/sys/net/ipv4/ip_forward\x00",
])
def test_paths_outside_proc_sys_net_are_refused(path):
    with pytest.raises(UsageError):
        write(path, "1")


def test_a_normal_path_passes():
    assert checked_path("/proc/sys/net/ipv4/ip_forward") == "/proc/sys/net/ipv4/ip_forward"
