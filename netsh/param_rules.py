"""Rules that tie a scenario's parameters together, checked before anything runs.

Each parameter type checks one value (netsh/params.py); these check values
against each other. Generic rules come from the types: namespace names,
interface names and addresses must differ. A scenario adds its own as data,

    rules: ClassVar[tuple[Rule, ...]] = (Within("addr1", "subnet"), Outside("gateway", "subnet"))

and a lesson's front matter writes the same as YAML,

    rules: [{within: [addr1, subnet]}, {outside: [gateway, subnet]}, {distinct: [a, b]}]

(`from_yaml`). `params.build` checks them all at once, so one exit 2 names every
parameter that does not fit.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from netsh.errors import UsageError


# Why a proxy-ARP lesson's gateway must not be in the namespaces' subnet.
PROXY_ARP_OUTSIDE = ("proxy ARP answers only for an address the host routes out of another "
                     "interface; keep the default or pick another address outside the subnet")


def _interface(name: str, value) -> ipaddress.IPv4Interface:
    """An Address, Cidr or Network parameter as an address with its network."""
    try:
        return ipaddress.IPv4Interface(str(value))
    except ValueError:
        raise UsageError(f"a rule treats parameter {name} as an address or network, but it is {value!r}",
                         "Fix the scenario's rules: name address or network parameters there.") from None


def _ip(name: str, value) -> ipaddress.IPv4Address:
    return _interface(name, value).ip


def _net(name: str, value) -> ipaddress.IPv4Network:
    """The network of a Network parameter, or the one a Cidr parameter lies in."""
    return _interface(name, value).network


def _said(name: str, values: Mapping[str, object]) -> str:
    return f"{name}={values[name]}"


@dataclass(frozen=True)
class Problem:
    """One broken rule: what is wrong, and the parameters to change."""

    text: str
    names: tuple[str, ...]


@dataclass(frozen=True, init=False)
class _Group:
    """A rule over any number of parameters, written Kind("a", "b", ...)."""

    names: tuple[str, ...]

    def __init__(self, *names: str):
        object.__setattr__(self, "names", tuple(names))


class Distinct(_Group):
    """No two of these parameters have the same value (addresses compared without prefix)."""

    def problems(self, values: Mapping[str, object]) -> list[Problem]:
        seen: dict[object, str] = {}
        out = []
        for name in self.names:
            key = _key(values[name])
            if key in seen:
                out.append(Problem(f"{seen[key]} and {name} are both {values[name]}", (seen[key], name)))
            else:
                seen[key] = name
        return out


def _key(value) -> object:
    """What makes two values the same: the address itself for addresses."""
    kind = getattr(type(value), "kind", "")
    return _ip("", value) if kind in ("cidr", "address") else str(value)


@dataclass(frozen=True)
class Within:
    """Address parameter `addr` lies inside network parameter `network`."""

    addr: str
    network: str
    why: str = ""  # said with the problem: why the scenario needs it there
    inside: ClassVar[bool] = True

    @property
    def names(self) -> tuple[str, ...]:
        return (self.addr, self.network)

    def problems(self, values: Mapping[str, object]) -> list[Problem]:
        if (_ip(self.addr, values[self.addr]) in _net(self.network, values[self.network])) == self.inside:
            return []
        return [Problem(f"{_said(self.addr, values)} lies {'outside' if self.inside else 'inside'} "
                        f"{_said(self.network, values)}" + (f" ({self.why})" if self.why else ""), self.names)]


@dataclass(frozen=True)
class Outside(Within):
    """Address parameter `addr` lies outside network parameter `network` (a proxy-ARP gateway)."""

    inside: ClassVar[bool] = False


class SameNetwork(_Group):
    """These ADDRESS/LENGTH parameters share one subnet (hosts that ARP for each other)."""

    def problems(self, values: Mapping[str, object]) -> list[Problem]:
        first = self.names[0]
        net = _net(first, values[first])
        return [Problem(f"{_said(name, values)} is not in the subnet of {_said(first, values)} ({net})",
                        (first, name)) for name in self.names[1:] if _net(name, values[name]) != net]


@dataclass(frozen=True)
class HostAddress:
    """An ADDRESS/LENGTH parameter names a host, not its subnet's network or broadcast address."""

    addr: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.addr,)

    def problems(self, values: Mapping[str, object]) -> list[Problem]:
        iface = ipaddress.IPv4Interface(str(values[self.addr]))
        net = iface.network
        if net.prefixlen >= 31 or iface.ip not in (net.network_address, net.broadcast_address):
            return []
        which = "network" if iface.ip == net.network_address else "broadcast"
        return [Problem(f"{_said(self.addr, values)} is its subnet's {which} address, not a host's", self.names)]


Rule = Distinct | Within | Outside | SameNetwork | HostAddress


def generic(kinds: Mapping[str, str]) -> tuple[Rule, ...]:
    """The rules every scenario gets from its parameter types (name -> type kind)."""
    of = {kind: tuple(n for n, k in kinds.items() if k in kind_set)
          for kind, kind_set in (("netns", {"netns"}), ("ifname", {"ifname"}),
                                 ("address", {"cidr", "address"}))}
    out: list[Rule] = [Distinct(*names) for names in of.values() if len(names) > 1]
    return (*out, *(HostAddress(n) for n, k in kinds.items() if k == "cidr"))


def check(rules, values: Mapping[str, object]) -> None:
    """Raise one UsageError naming every parameter that breaks a rule."""
    unknown = sorted({n for rule in rules for n in rule.names if n not in values})
    if unknown:
        raise UsageError(f"a parameter rule names {', '.join(unknown)}, which this scenario does not have",
                         f"Its parameters are: {', '.join(values)}.")
    problems = [p for rule in rules for p in rule.problems(values)]
    if problems:
        names = list(dict.fromkeys(n for p in problems for n in p.names))
        raise UsageError("parameters that do not fit together: " + "; ".join(p.text for p in problems),
                         f"Change {', '.join(names)} with -p NAME=VALUE (`netsh list --json` shows the defaults).")


KINDS = {"within": (Within, 2, 2), "outside": (Outside, 2, 2), "distinct": (Distinct, 2, None),
         "same_network": (SameNetwork, 2, None), "host_address": (HostAddress, 1, 1)}


def to_yaml(rule: Rule) -> dict:
    """A rule as lesson front matter writes it (`netsh list --json` shows them so)."""
    kind = next(k for k, (cls, _, _) in KINDS.items() if type(rule) is cls)
    why = getattr(rule, "why", "")
    return {kind: list(rule.names), **({"why": why} if why else {})}


def from_yaml(items) -> tuple[Rule, ...]:
    """Rules from a lesson's parsed front matter: a list of one-key mappings such as
    {within: [addr1, subnet]}. A malformed entry is a UsageError saying which."""
    if items is None:
        return ()
    if not isinstance(items, list):
        raise UsageError(f"rules must be a list, not {items!r}",
                         "Write e.g. rules: [{within: [addr1, subnet]}, {distinct: [ns1, ns2]}].")
    return tuple(_one(item) for item in items)


def _one(item) -> Rule:
    known = ", ".join(KINDS)
    kinds = [k for k in item if k != "why"] if isinstance(item, dict) else []
    why = item.get("why", "") if isinstance(item, dict) else ""
    if len(kinds) != 1 or not isinstance(why, str):
        raise UsageError(f"the rule {item!r} is not one mapping of a kind to parameter names",
                         f"Write e.g. {{within: [addr1, subnet]}}, optionally with why: TEXT; kinds: {known}.")
    kind, names = kinds[0], item[kinds[0]]
    if kind not in KINDS:
        raise UsageError(f"unknown rule kind {kind!r} (one of: {known})", f"Use one of: {known}.")
    cls, least, most = KINDS[kind]
    if not (isinstance(names, list) and all(isinstance(n, str) and n for n in names)
            and least <= len(names) <= (most or len(names))):
        count = f"exactly {least}" if most == least else f"at least {least}"
        raise UsageError(f"the rule {kind}: {names!r} needs a list of {count} parameter name(s)",
                         f"Write e.g. {{{kind}: [{', '.join(['a', 'b'][:least])}]}}.")
    if why and not issubclass(cls, Within):
        raise UsageError(f"the rule {kind} takes no why", "Only within and outside say why.")
    return cls(*names, why=why) if why else cls(*names)
