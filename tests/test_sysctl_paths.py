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


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = st.sampled_from(["/proc", "/sys", "/net", "/ipv4", "/conf", "/..", "/.", "/", "//", "x", "/etc",
                          "/kernel", "\x00", "/proc/sys/net", "/ip_forward", " "])


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=40), st.lists(PIECES, max_size=10).map("".join)))
def test_any_accepted_path_stays_below_proc_sys_net(path):
    try:
        command = write(path, "1")
    except UsageError:
        return
    target = command.args[1].removeprefix("of=")
    assert target == path and target.startswith("/proc/sys/net/")
    assert "/../" not in target + "/" and "\x00" not in target and "//" not in target
