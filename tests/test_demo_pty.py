"""`netsh run --step --typing` in a real pseudo-terminal: prompts, keys, typing, quitting."""

import re
import time

import pexpect
import pytest

from conftest import NETSH, ROOT, tagged, wait_until_gone

pytestmark = pytest.mark.skipif(not ROOT, reason="needs root (creates a sandbox)")

CPS = 30
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PROMPT = "回车：执行这一步"


def plain(text: str) -> str:
    return ANSI.sub("", text)


class Screen:
    """What the terminal showed, without colours (a typed command is one colour code
    per character), read as it arrives, with when each piece came."""

    def __init__(self, child):
        self.child = child
        self.raw = ""
        self.pos = 0                                  # how much of `text` was handed out
        self.arrivals: list[tuple[float, int]] = []   # (time, length of text after the piece)

    @property
    def text(self) -> str:
        return plain(self.raw)

    def _read(self, timeout: float) -> None:
        try:
            chunk = self.child.read_nonblocking(4096, timeout=timeout)
        except pexpect.TIMEOUT:
            return
        self.raw += chunk
        self.arrivals.append((time.monotonic(), len(self.text)))

    def until(self, marker: str, timeout: float = 30) -> str:
        """The text from where the last call stopped up to `marker`."""
        deadline = time.monotonic() + timeout
        while marker not in self.text[self.pos:]:
            assert time.monotonic() < deadline, f"{marker!r} never appeared: {self.text[-400:]!r}"
            self._read(0.2)
        end = self.text.index(marker, self.pos) + len(marker)
        shown, self.pos = self.text[self.pos:end], end
        return shown

    def quiet_for(self, seconds: float) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._read(0.1)
        return self.text[self.pos:]

    def pieces_between(self, start: int, end: int) -> list[float]:
        """Arrival times of the pieces that brought any of text[start:end]."""
        times, prev = [], 0
        for t, n in self.arrivals:
            if n > start and prev < end:
                times.append(t)
            prev = n
        return times


def test_step_typing_and_quit_in_a_terminal(tag_env):
    tag, env = tag_env
    child = pexpect.spawn(NETSH[0], [*NETSH[1:], "run", "bridge-two-ns", "--step", "--typing", "--cps", str(CPS),
                                     "--lang", "zh"],
                          env={**env, "COLUMNS": "100", "TERM": "xterm"}, encoding="utf-8", timeout=30,
                          dimensions=(40, 100))
    screen = Screen(child)
    try:
        # The setup step runs unpaused; the first scenario step waits, narrated in Chinese.
        shown = screen.until(PROMPT)
        assert "第 1 步" in shown and "创建网桥" in shown and "ip link set lo up" in shown
        assert tagged(tag), "the sandbox holder should be running"
        assert "ip link add" not in screen.quiet_for(0.5), "nothing runs while the prompt waits"

        # Enter goes on, and the command appears a character at a time.
        child.send("\r")
        before = len(screen.text)
        assert "ip link add br0 type bridge" in screen.until("type bridge")
        times = screen.pieces_between(before, screen.pos)
        # Lower bounds only: a busy machine may batch the reads, never speed the typing up.
        assert len(times) >= 4, "the command arrived in one piece, not typed"
        assert times[-1] - times[0] >= 0.25 * len("ip link add br0 type bridge") / CPS

        shown = screen.until(PROMPT)
        assert "br0 存在，类型是网桥，已启用" in shown and "第 2 步" in shown

        # q quits midway: cleanup, exit 130, no sandbox left.
        child.send("q")
        child.expect(pexpect.EOF)
        child.close()
        rest = screen.text[screen.pos:] + plain(child.before)
        assert child.exitstatus == 130, rest
        assert "interrupted" in rest
        assert "ip netns add ns1" not in rest
        assert not wait_until_gone(tag), "the sandbox holder outlived netsh"
    finally:
        if child.isalive():
            child.terminate(force=True)
