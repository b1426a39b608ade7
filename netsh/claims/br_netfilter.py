"""Is br_netfilter here? Without it a bridge never hands frames to iptables and
/proc/sys/net/bridge does not exist, so a firewall lesson cannot run at all."""

from __future__ import annotations

from typing import ClassVar

from netsh.claims.base import Claim, Verdict
from netsh.command import HOST
from netsh.features import BR_NETFILTER_HINT
from netsh.tools import sysctl

BRNF = sysctl.BRIDGE_NF_CALL_IPTABLES


class BrNetfilterLoaded(Claim):
    """br_netfilter is loaded (or built in); the observation says what its switch is set to."""

    stops_run: ClassVar[bool] = True
    netns: str | None = HOST

    def probes(self):
        return (sysctl.read(BRNF, netns=self.netns),)

    def judge(self, results):
        r = results[0]
        if r.exit_code != 0:
            return Verdict(False, f"{BRNF} does not exist: br_netfilter is not loaded", BR_NETFILTER_HINT)
        value = r.stdout.strip()
        meaning = ("bridged IPv4 frames already go through iptables here" if value == "1"
                   else "bridged IPv4 frames bypass iptables here")
        return Verdict(True, f"br_netfilter is loaded; bridge-nf-call-iptables = {value}: {meaning}")
