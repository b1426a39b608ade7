"""A parsed claim line + parameter values -> the Claim value of netsh/claims/."""

from __future__ import annotations

from netsh.claims import (BridgeOption, BridgePorts, BrNetfilterLoaded, CounterFlat, CounterRises, HasAddress,
                          HasRoute, LinkIs, NetnsLocal, PolicyCounter, Reaches, SnmpCounter, SysctlIs)
from netsh.claims.learning import Ageing, Learned, RxPackets
from netsh.claims.neighbours import NeighbourIs
from netsh.command import HOST
from netsh.i18n import Text
from netsh.kernel import Outdated
from netsh.lesson.claims import ClaimSpec, Slot
from netsh.lesson.commands import sysctl_path
from netsh.lesson.errors import LessonError, Where
from netsh.lesson.fill import fill


def filled(value, values: dict, where: Where):
    """A slot (or a tuple of them) with its {params} filled in; `host` is the host."""
    if isinstance(value, Slot):
        return fill(value.text, values, where.at(value.col), value.col)
    if isinstance(value, tuple):
        return tuple(filled(v, values, where) for v in value)
    return value


def source(value, values: dict, where: Where):
    """A namespace slot, where `host` (or none) is the host itself."""
    if value is None or (isinstance(value, Slot) and value.text == "host"):
        return HOST
    return filled(value, values, where)


def make_claim(spec: ClaimSpec, values: dict, translations: dict[str, tuple[str, str]]):
    """`translations`: lang -> (claim text, why-not) from the lesson's other languages."""
    def text(en: str, n: int) -> str:
        en = fill(en, values, spec.where)
        others = {lang: fill(t[n], values, spec.where) for lang, t in translations.items() if t[n]}
        return Text(en, **others) if others else en

    common = {"text": text(spec.text or " ".join(spec.statement), 0), "why_not": text(spec.why_not, 1)}
    if spec.since:
        common["outdated"] = Outdated(spec.since, fill(spec.now, values, spec.where))
    if spec.ident:
        common["id"] = spec.ident
    s = {k: filled(v, values, spec.where) for k, v in spec.slots.items() if k not in ("netns", "src", "owner_netns")}
    ns = source(spec.slots.get("netns"), values, spec.where)
    return BUILDERS[spec.kind](spec, s, ns, values, common)


def _reach(slots: dict, values: dict, spec: ClaimSpec, **common) -> Reaches:
    return Reaches(**{"text": "", **common}, src=source(slots["src"], values, spec.where),
                   target=filled(slots["target"], values, spec.where), expect=slots["expect"])


def _counter(spec, s, ns, values, common):
    if s["source"] == "snmp":
        counter = SnmpCounter(s["group"], s["name"], netns=ns)
    elif s["source"] == "policy":
        counter = PolicyCounter(s["what"], netns=ns)
    else:
        counter = RxPackets(s["what"], netns=ns)
    # The traffic's own text (exported scripts show it): its statement as written.
    said = fill(" ".join(spec.statement[spec.statement.index("when") + 1:]), values, spec.where)
    traffic = _reach(spec.slots["traffic"], values, spec, text=said)
    if not s["rises"]:
        return CounterFlat(**common, counter=counter, traffic=traffic)
    at_least = s["at_least"]
    if not str(at_least).isdigit():
        raise LessonError(spec.where, f"`rises by {at_least}`: a whole number is expected")
    return CounterRises(**common, counter=counter, traffic=traffic, at_least=int(at_least))


BUILDERS = {
    "reaches": lambda spec, s, ns, values, common: _reach(spec.slots, values, spec, **common),
    "link": lambda spec, s, ns, v, c: LinkIs(**c, name=s["name"], kind=s["kind"], up=s["up"], netns=ns),
    "address": lambda spec, s, ns, v, c: HasAddress(**c, dev=s["dev"], cidr=s["cidr"], netns=ns),
    "route": lambda spec, s, ns, v, c: HasRoute(**c, dst=s["dst"], dev=s["dev"], via=s["via"], netns=ns),
    "ports": lambda spec, s, ns, v, c: BridgePorts(**c, bridge=s["bridge"], ports=s["ports"], netns=ns),
    "sysctl": lambda spec, s, ns, v, c: SysctlIs(**c, path=sysctl_path(s["key"]), value=s["value"], netns=ns),
    "option": lambda spec, s, ns, v, c: BridgeOption(**c, bridge=s["bridge"], option=s["option"],
                                                     value=s["value"], netns=ns),
    "netns-local": lambda spec, s, ns, v, c: NetnsLocal(**c, dev=s["dev"], netns=ns, expect=s["expect"]),
    "br_netfilter": lambda spec, s, ns, v, c: BrNetfilterLoaded(**c),
    "counter": _counter,
    "learned": lambda spec, s, ns, v, c: Learned(**c, bridge=s["bridge"], dev=s["dev"], netns=ns,
                                                 port=s["port"], expect=s["expect"]),
    "ageing": lambda spec, s, ns, v, c: Ageing(**c, bridge=s["bridge"], dev=s["dev"], netns=ns),
    "neighbour": lambda spec, s, ns, v, c: NeighbourIs(
        **c, netns=ns, address=s["address"], owner=s["owner"],
        owner_netns=source(spec.slots["owner_netns"], v, spec.where)),
}
