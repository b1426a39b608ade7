"""Reachability: does a ping from here to there get a reply?"""

from __future__ import annotations

import re
from typing import ClassVar

from netsh.claims.base import Claim
from netsh.command import HOST
from netsh.tools.ping import ping


def ping_evidence(output: str, exit_code: int | None) -> str:
    """ping's verdict in a few words: the reply time, or why there was none."""
    rtt = re.search(r"time=([0-9.]+ ms)", output)
    if rtt:
        return f"reply in {rtt.group(1)}"
    for line in output.splitlines():
        if re.search(r"unreachable|Unreachable|connect:|Cannot|not known", line):
            return line.strip()
    sent = re.search(r"(\d+) packets transmitted, (\d+) received", output)
    if sent:
        return f"no reply ({sent.group(1)} sent, {sent.group(2)} received)"
    return output.strip()[-200:] or f"exit {exit_code}"


class Reaches(Claim):
    """`src` (a namespace, or the host) pings `target`; `expect` False means it must not."""

    src: str | None = HOST
    target: str
    expect: bool = True
    independent: ClassVar[bool] = True
    traceable: ClassVar[bool] = True  # netsh/why may watch its ping (an ICMP id, a trace, counters)

    def probes(self):
        return (ping(self.target, netns=self.src, expect=self.expect),)

    def judge(self, results):
        r = results[0]
        replied = r.exit_code == 0
        return self.verdict(replied == self.expect, ping_evidence(r.stdout + r.stderr, r.exit_code))

    @property
    def script_expects_success(self):
        return self.expect
