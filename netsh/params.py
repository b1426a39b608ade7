"""Typed scenario parameters: each type validates what the kernel would reject."""

from __future__ import annotations

import dataclasses
import ipaddress
import re

from netsh import param_rules
from netsh.errors import UsageError


class IfName(str):
    """A network interface name: 1-15 bytes, none of '/', ':', whitespace.

    Also refused, though the kernel would take them: control characters (they
    cannot pass through argv or a terminal safely) and a leading '-' (a tool
    would read it as an option).
    """

    kind = "ifname"

    @classmethod
    def parse(cls, text: str) -> IfName:
        if not 0 < len(text.encode(errors="replace")) <= 15 or re.search(r"[/:\s]", text) \
                or text in (".", "..") or not text.isprintable() or text.startswith("-"):
            raise UsageError(f"{text!r} is not a valid interface name",
                             "Interface names have 1 to 15 bytes, no '/', ':', spaces or control "
                             "characters, and do not start with '-'.")
        return cls(text)


class NsName(str):
    """A network namespace name: a file name under /run/netns."""

    kind = "netns"

    @classmethod
    def parse(cls, text: str) -> NsName:
        if not text or len(text) > 64 or "/" in text or text in (".", "..") or text.startswith("-") \
                or not re.fullmatch(r"[A-Za-z0-9_.-]+", text):
            raise UsageError(f"{text!r} is not a valid namespace name",
                             "Use letters, digits, '-', '_' and '.', at most 64 characters, no '/', "
                             "and do not start with '-'.")
        return cls(text)


class Cidr(str):
    """An address with its prefix length, e.g. 192.168.10.10/24."""

    kind = "cidr"

    @classmethod
    def parse(cls, text: str) -> Cidr:
        try:
            iface = ipaddress.IPv4Interface(text)
        except ValueError:
            raise UsageError(f"{text!r} is not an IPv4 address with prefix length",
                             "Write it as ADDRESS/LENGTH, e.g. 192.168.10.10/24.") from None
        if "/" not in text:
            raise UsageError(f"{text!r} has no prefix length", "Write it as e.g. 192.168.10.10/24.")
        return cls(str(iface))

    @property
    def ip(self) -> str:
        return str(ipaddress.IPv4Interface(self).ip)


class Network(str):
    """A subnet, e.g. 192.168.10.0/24 (host bits must be zero)."""

    kind = "network"

    @classmethod
    def parse(cls, text: str) -> Network:
        try:
            return cls(str(ipaddress.IPv4Network(text)))
        except ValueError:
            raise UsageError(f"{text!r} is not an IPv4 network",
                             "Write it as NETWORK/LENGTH with host bits zero, e.g. 192.168.10.0/24.") from None


class Address(str):
    """A single IPv4 address, e.g. 169.2.2.2."""

    kind = "address"

    @classmethod
    def parse(cls, text: str) -> Address:
        try:
            return cls(str(ipaddress.IPv4Address(text)))
        except ValueError:
            raise UsageError(f"{text!r} is not an IPv4 address", "Write it as e.g. 169.2.2.2.") from None


class Count(int):
    kind = "int"

    @classmethod
    def parse(cls, text: str) -> Count:
        if not re.fullmatch(r"[0-9]{1,6}", text):
            raise UsageError(f"{text!r} is not a whole number", "Give a number such as 4.")
        return cls(int(text))


TYPES = (IfName, NsName, Cidr, Network, Address, Count)


def fields(params_cls) -> list[dataclasses.Field]:
    return list(dataclasses.fields(params_cls))


def field_type(f: dataclasses.Field):
    """The parameter type of a Params field: one of TYPES, written as a class or a
    string annotation (`from __future__ import annotations`)."""
    by_name = {c.__name__: c for c in TYPES}
    t = by_name.get(f.type) if isinstance(f.type, str) else f.type
    if t not in TYPES:
        raise UsageError(f"parameter {f.name!r} is annotated {getattr(f.type, '__name__', f.type)!s}, "
                         "which netsh cannot parse",
                         f"Annotate it with one of {', '.join(by_name)} (netsh.params).")
    return t


def build(params_cls, overrides: dict[str, str], prefix: str = "", rules=()):
    """Parse `-p name=value` overrides into the scenario's params dataclass.

    `prefix` is put in front of every namespace name, so runs on one host keep apart.
    The values are then checked together: the rules their types imply and the
    scenario's own `rules` (netsh/param_rules.py).
    """

    known = {f.name: f for f in fields(params_cls)}
    for name in overrides:
        if name not in known:
            raise UsageError(f"unknown parameter {name!r}",
                             f"This scenario takes: {', '.join(known) or 'no parameters'}.")
    values = {}
    for name, f in known.items():
        ptype = field_type(f)
        raw = overrides.get(name, str(f.default))
        if ptype is NsName:
            raw = prefix + raw
        values[name] = ptype.parse(raw)
    kinds = {name: field_type(f).kind for name, f in known.items()}
    param_rules.check((*param_rules.generic(kinds), *rules), values)
    return params_cls(**values)


def parse_assignments(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"-p {item!r} is not of the form name=value", "Example: -p bridge=br1")
        out[name.strip()] = value
    return out


def describe(params_cls) -> list[dict]:
    return [{"name": f.name, "type": field_type(f).kind, "default": f.default}
            for f in fields(params_cls)]
