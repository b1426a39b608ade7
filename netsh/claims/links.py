"""State claims read from `ip -j` and `ethtool --json`: links, ports, addresses, routes."""

from __future__ import annotations

from netsh.claims.base import Claim, Verdict
from netsh.command import HOST
from netsh.state.addresses import parse_addresses
from netsh.state.features import parse_features
from netsh.state.links import parse_links
from netsh.state.routes import parse_routes
from netsh.tools import ip
from netsh.tools.ethtool import features


class LinkIs(Claim):
    name: str
    kind: str
    up: bool = True
    netns: str | None = HOST

    def probes(self):
        return (ip.link_json(self.name, self.netns),)

    def judge(self, results):
        if failed := self.unreadable(results, f"{self.name} not found"):
            return failed
        link = parse_links(results[0].stdout)[0]
        ok = link.kind == self.kind and link.up == self.up
        return self.verdict(ok, f"{link.name}: type {link.kind or 'none'}, {'up' if link.up else 'down'}")


class BridgePorts(Claim):
    bridge: str
    ports: tuple[str, ...]
    netns: str | None = HOST

    def probes(self):
        return (ip.json("link", "show", "master", self.bridge, netns=self.netns),)

    def judge(self, results):
        found = sorted(link.name for link in parse_links(results[0].stdout))
        return self.verdict(found == sorted(self.ports),
                            f"ports of {self.bridge}: {', '.join(found) or 'none'}")


class HasAddress(Claim):
    dev: str
    cidr: str
    netns: str | None = HOST

    def probes(self):
        return (ip.json("addr", "show", "dev", self.dev, netns=self.netns),)

    def judge(self, results):
        if failed := self.unreadable(results):
            return failed
        cidrs = [a.cidr for a in parse_addresses(results[0].stdout) if a.family == "inet"]
        where = f"in {self.netns}" if self.netns else "on the host"
        return self.verdict(self.cidr in cidrs, f"{self.dev} {where}: {', '.join(cidrs) or 'no IPv4 address'}")


class HasRoute(Claim):
    dst: str
    dev: str
    netns: str | None = HOST
    via: str | None = None  # the gateway the route must use; None: any or none

    def probes(self):
        return (ip.json("route", "show", netns=self.netns),)

    def judge(self, results):
        routes = parse_routes(results[0].stdout)
        match = [rt for rt in routes if rt.dst == self.dst and rt.dev == self.dev
                 and self.via in (None, rt.gateway)]
        shown = match or routes
        return self.verdict(bool(match), "; ".join(rt.describe() for rt in shown) or "no routes")


class NetnsLocal(Claim):
    """`dev` is (`expect`) or is not netns-local, as far as ethtool or iproute2 report it.

    ethtool stopped listing `netns-local` in Linux 6.12; iproute2 >= 6.15 shows
    `netns-immutable` instead. Every tool that reports the flag must agree with
    `expect`; where neither reports it the verdict is unknown (None), and a
    move tried for real is the evidence.
    """

    dev: str
    netns: str | None = HOST
    expect: bool = True

    def probes(self):
        return (features(self.dev, netns=self.netns),
                ip.link_json(self.dev, self.netns))

    def judge(self, results):
        feats = parse_features(results[0].stdout) if results[0].exit_code == 0 else {}
        links = parse_links(results[1].stdout) if results[1].exit_code == 0 else []
        reports = {}
        if "netns-local" in feats:
            reports[f"ethtool: netns-local: {'on' if feats['netns-local'] else 'off'}"] = feats["netns-local"]
        if links and links[0].netns_immutable is not None:
            reports[f"ip -d link: netns-immutable: {str(links[0].netns_immutable).lower()}"] = \
                links[0].netns_immutable
        if not reports:
            return Verdict(None, f"{self.dev}: not reported (ethtool lists no netns-local from Linux "
                                 "6.12 on; iproute2 shows netns-immutable only from 6.15); a move "
                                 "tried for real tells")
        return self.verdict(all(v == self.expect for v in reports.values()),
                            f"{self.dev}: " + "; ".join(reports))
