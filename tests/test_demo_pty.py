"""`netsh run --step --typing` in a real pseudo-terminal: prompts, keys, typing, quitting."""

import re
import time

import pexpect
import pytest

from conftest import NETSH, ROOT, tagged, wait_until_gone

pytestmark = pytest.mark.skipif(not ROOT, reason="needs root (creates a sandbox)")

CPS = 80
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PROMPT = "回车：执行这一步"


def plain(text: str) -> str:
    return ANSI.sub("", text)


def wait_prompt(child, step: int) -> str:
    """Wait for the pause before scenario step `step`; return what was shown before it."""
    child.expect(PROMPT)
    shown = plain(child.before)
    assert f"第 {step} 步" in shown, shown[-500:]
    return shown


def arrival_times(child, until: str, timeout: float = 10) -> list[tuple[float, str]]:
    """Read the terminal as it arrives, noting when each piece came, until `until` was shown."""
    pieces, seen, deadline = [], "", time.monotonic() + timeout
    while until not in seen:
        assert time.monotonic() < deadline, f"{until!r} never appeared; got {seen[-300:]!r}"
        try:
            chunk = child.read_nonblocking(4096, timeout=0.5)
        except pexpect.TIMEOUT:
            continue
        pieces.append((time.monotonic(), chunk))
        seen += chunk
    # Hand back what came after `until` (a slow reader gets it in the same chunk) for expect().
    child.buffer = seen[seen.index(until) + len(until):] + child.buffer
    return pieces


def test_step_typing_and_quit_in_a_terminal(tag_env):
    tag, env = tag_env
    child = pexpect.spawn(NETSH[0], [*NETSH[1:], "run", "bridge-two-ns", "--step", "--typing", "--cps", str(CPS),
                                     "--lang", "zh"],
                          env={**env, "COLUMNS": "100", "TERM": "xterm"}, encoding="utf-8", timeout=30,
                          dimensions=(40, 100))
    try:
        # The setup step runs unpaused; the first scenario step waits, narrated in Chinese.
        shown = wait_prompt(child, 1)
        assert "创建网桥" in shown and "ip link set lo up" in shown
        assert tagged(tag), "the sandbox holder should be running"
        time.sleep(0.3)  # nothing runs while the prompt waits
        with pytest.raises(pexpect.TIMEOUT):
            child.read_nonblocking(4096, timeout=0.2)

        # Enter goes on, and the command appears a character at a time.
        start = time.monotonic()
        child.send("\r")
        pieces = arrival_times(child, "type bridge")
        typed = plain("".join(p for _, p in pieces))
        assert "ip link add br0 type bridge" in typed
        first = next(t for t, p in pieces if "$" in p)
        assert len(pieces) > 5, "the command arrived in one piece, not typed"
        assert pieces[-1][0] - first >= 0.5 * len("ip link add br0 type bridge") / CPS
        assert pieces[-1][0] - start < 10

        wait_prompt(child, 2)
        child.send("\r")
        shown = wait_prompt(child, 3)
        assert "veth0 在 ns1 里" in shown

        # q quits midway: cleanup, exit 130, no sandbox left.
        child.send("q")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 130, child.before
        assert "interrupted" in child.before
        assert "ip link set veth1 master br0" not in plain(child.before)
        assert not wait_until_gone(tag), "the sandbox holder outlived netsh"
    finally:
        if child.isalive():
            child.terminate(force=True)
