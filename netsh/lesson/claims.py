"""The claims grammar: one claim a line, in words a reader can follow.

    CLAIM     := STATEMENT ["TEXT"] [why-not ("REASON" | KEY)] [outdated SINCE "NOW"] [id NAME]
    STATEMENT := SRC reaches ADDR | SRC cannot reach ADDR            (SRC: host or a namespace)
               | link DEV [in NS] is KIND [up | down]
               | address CIDR on DEV [in NS]
               | route DST dev DEV [via GW] [in NS]
               | ports of BRIDGE [in NS] are DEV...
               | sysctl KEY is VALUE [in NS]                          (KEY: net.ipv4.ip_forward or a path)
               | option NAME of BRIDGE is VALUE [in NS]
               | netns-local DEV [in NS] | movable DEV [in NS]
               | br_netfilter is loaded
               | counter COUNTER rises [by N] when TRAFFIC | counter COUNTER stays flat when TRAFFIC
               | fdb BRIDGE has DEV [in NS] on PORT | fdb BRIDGE lacks DEV [in NS] on PORT
               | fdb BRIDGE entry of DEV [in NS] is fresh
               | neighbour ADDR [in NS] is DEV [in NS]
    COUNTER   := snmp GROUP NAME [in NS] | policy CHAIN [in NS] | rx DEV [in NS]
    TRAFFIC   := SRC reaches ADDR | SRC cannot reach ADDR

The structure is read from the line as written, before `{params}` are filled
in, so a parameter's value can never change what a claim means.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from netsh.lesson.errors import LessonError, Where
from netsh.lesson.lex import Word, lex

OPTIONS = ("why-not", "outdated", "id")
STARTS = ("SRC reaches ADDR", "SRC cannot reach ADDR", "link", "address", "route", "ports of", "sysctl",
          "option", "netns-local", "movable", "br_netfilter", "counter", "fdb", "neighbour")


@dataclass(frozen=True)
class Slot:
    text: str    # as written, with {params}
    col: int


@dataclass(frozen=True)
class ClaimSpec:
    """A parsed claim line; `build(values)` makes the Claim for one set of parameters."""

    kind: str
    slots: dict = field(hash=False)       # name -> Slot (or a tuple of Slots, or a nested ClaimSpec)
    statement: tuple[str, ...] = ()       # the statement's words as written: what translations must match
    text: str = ""
    why_not: str = ""
    since: str = ""
    now: str = ""
    ident: str = ""
    where: Where = Where("")


class Cursor:
    def __init__(self, words: list[Word], where: Where):
        self.words, self.i, self.where = words, 0, where

    def peek(self) -> str | None:
        w = self.words[self.i] if self.i < len(self.words) else None
        return None if w is None or w.quoted or w.op else w.value

    def at(self) -> Where:
        if self.i < len(self.words):
            return self.where.at(self.words[self.i].col)
        last = self.words[-1] if self.words else None
        return self.where.at(last.col + len(last.value) + 1 if last else 1)

    def take(self, *keywords: str) -> bool:
        if self.peek() in keywords:
            self.i += 1
            return True
        return False

    def expect(self, keyword: str, after: str = "") -> None:
        if not self.take(keyword):
            raise self.error(f"`{keyword}`" + (f" after {after}" if after else ""))

    def value(self, what: str) -> Slot:
        w = self.words[self.i] if self.i < len(self.words) else None
        if w is None or w.op or w.quoted or w.value in OPTIONS:
            raise self.error(what)
        self.i += 1
        return Slot(w.value, w.col)

    def error(self, expected: str) -> LessonError:
        got = self.words[self.i].value if self.i < len(self.words) else "the end of the line"
        return LessonError(self.at(), f"expected {expected}, found {got!r}",
                           "Claims are written as in README, Write your own lesson: e.g. "
                           "`{ns1} reaches {addr2.ip}`, `link {bridge} is bridge up`.")

    def netns(self) -> Slot | None:
        return self.value("a namespace after `in`") if self.take("in") else None


def parse_claim(text: str, where: Where, reasons: dict) -> ClaimSpec:
    words = list(lex(text, where, shell=False).words)
    op = next((w for w in words if w.op), None)
    if op is not None:
        raise LessonError(where.at(op.col), f"`{op.value}` has no meaning in a claim",
                          "Put the claim's text in double quotes.")
    cur = Cursor(words, where)
    start = cur.i
    kind, slots = _statement(cur)
    statement = tuple(w.value for w in words[start:cur.i])
    spec = ClaimSpec(kind, slots, statement, where=where)
    if cur.i < len(words) and words[cur.i].quoted:
        spec = _with(spec, text=words[cur.i].value)
        cur.i += 1
    return _options(cur, spec, reasons)


def _with(spec: ClaimSpec, **kw) -> ClaimSpec:
    return replace(spec, **kw)


def _quoted(cur: Cursor, what: str) -> str:
    w = cur.words[cur.i] if cur.i < len(cur.words) else None
    if w is None or not w.quoted:
        raise cur.error(f"{what} in double quotes")
    cur.i += 1
    return w.value


def _options(cur: Cursor, spec: ClaimSpec, reasons: dict) -> ClaimSpec:
    while cur.i < len(cur.words):
        if cur.take("why-not"):
            w = cur.words[cur.i] if cur.i < len(cur.words) else None
            if w is not None and not w.quoted and w.value in reasons:
                cur.i += 1
                spec = _with(spec, why_not=reasons[w.value])
            elif w is not None and not w.quoted:
                raise LessonError(cur.at(), f"why-not {w.value}: no reason {w.value!r} under `reasons:`",
                                  f"Quote the reason, or declare it. Declared: {', '.join(reasons) or 'none'}.")
            else:
                spec = _with(spec, why_not=_quoted(cur, "the reason"))
        elif cur.take("outdated"):
            since = cur.value("a kernel release such as 3.16 after `outdated`").text
            spec = _with(spec, since=since, now=_quoted(cur, "what newer kernels do"))
        elif cur.take("id"):
            spec = _with(spec, ident=cur.value("a name after `id`").text)
        else:
            expected = "the claim's text in double quotes, or why-not / outdated / id"
            raise cur.error(expected if not spec.text else "why-not, outdated or id")
    return spec


def _statement(cur: Cursor) -> tuple[str, dict]:
    first = cur.peek()
    handler = KEYWORDS.get(first)
    if handler is not None:
        cur.i += 1
        return handler(cur)
    if first is None:
        raise cur.error("a claim (" + ", ".join(f"`{s}`" for s in STARTS) + ")")
    return "reaches", _reach(cur)


def _reach(cur: Cursor) -> dict:
    src = cur.value("`host` or a namespace")
    if cur.take("reaches"):
        expect = True
    elif cur.take("cannot"):
        cur.expect("reach", "`cannot`")
        expect = False
    else:
        raise cur.error("`reaches` or `cannot reach` (or a claim keyword: " + ", ".join(STARTS[2:]) + ")")
    return {"src": src, "target": cur.value("an address to reach"), "expect": expect}


def _link(cur):
    name, ns = cur.value("a device name"), cur.netns()
    cur.expect("is", "the device")
    kind = cur.value("a kind such as bridge, veth, vxlan, loopback")
    up = False if cur.take("down") else (cur.take("up") or True)
    return "link", {"name": name, "netns": ns, "kind": kind, "up": up}


def _address(cur):
    cidr = cur.value("an address with its prefix length")
    cur.expect("on", "the address")
    return "address", {"cidr": cidr, "dev": cur.value("a device"), "netns": cur.netns()}


def _route(cur):
    dst = cur.value("a destination (default, or ADDRESS/LENGTH)")
    cur.expect("dev", "the destination")
    dev = cur.value("a device")
    via = cur.value("a gateway") if cur.take("via") else None
    return "route", {"dst": dst, "dev": dev, "via": via, "netns": cur.netns()}


def _ports(cur):
    cur.expect("of")
    bridge, ns = cur.value("a bridge"), cur.netns()
    cur.expect("are", "the bridge")
    ports = [cur.value("a port")]
    while cur.peek() is not None and cur.peek() not in OPTIONS:
        ports.append(cur.value("a port"))
    return "ports", {"bridge": bridge, "netns": ns, "ports": tuple(ports)}


def _sysctl(cur):
    key = cur.value("a setting such as net.ipv4.ip_forward")
    cur.expect("is", "the setting")
    return "sysctl", {"key": key, "value": cur.value("a value"), "netns": cur.netns()}


def _option(cur):
    name = cur.value("a bridge option such as nf_call_iptables")
    cur.expect("of", "the option")
    bridge = cur.value("a bridge")
    cur.expect("is", "the bridge")
    return "option", {"option": name, "bridge": bridge, "value": cur.value("a value"), "netns": cur.netns()}


def _netns_local(expect: bool):
    def parse(cur):
        return "netns-local", {"dev": cur.value("a device"), "netns": cur.netns(), "expect": expect}
    return parse


def _br_netfilter(cur):
    cur.expect("is", "br_netfilter")
    cur.expect("loaded", "`br_netfilter is`")
    return "br_netfilter", {}


def _counter(cur):
    source = cur.value("snmp, policy or rx")
    if source.text == "snmp":
        counter = {"source": "snmp", "group": cur.value("a group such as Ip"), "name": cur.value("a counter name")}
    elif source.text in ("policy", "rx"):
        counter = {"source": source.text, "what": cur.value("a chain" if source.text == "policy" else "a device")}
    else:
        raise LessonError(cur.where.at(source.col), f"expected snmp, policy or rx, found {source.text!r}",
                          "e.g. `counter snmp Ip ForwDatagrams rises by 2 when {ns1} reaches {addr2.ip}`")
    counter["netns"] = cur.netns()
    if cur.take("rises"):
        at_least = cur.value("a number after `by`") if cur.take("by") else Slot("1", 0)
        rises = True
    else:
        cur.expect("stays", "the counter (`rises` or `stays flat`)")
        cur.expect("flat", "`stays`")
        at_least, rises = None, False
    cur.expect("when", "`rises`/`stays flat` (the traffic)")
    return "counter", {**counter, "rises": rises, "at_least": at_least, "traffic": _reach(cur)}


def _fdb(cur):
    bridge = cur.value("a bridge")
    if cur.take("entry"):
        cur.expect("of", "`entry`")
        dev, ns = cur.value("a device"), cur.netns()
        cur.expect("is", "the device")
        cur.expect("fresh", "`is`")
        return "ageing", {"bridge": bridge, "dev": dev, "netns": ns}
    if cur.take("has"):
        expect = True
    else:
        cur.expect("lacks", "the bridge (`has`, `lacks` or `entry of`)")
        expect = False
    dev, ns = cur.value("a device whose MAC is looked up"), cur.netns()
    cur.expect("on", "the device")
    return "learned", {"bridge": bridge, "dev": dev, "netns": ns, "port": cur.value("a port"), "expect": expect}


def _neighbour(cur):
    address, ns = cur.value("an address"), cur.netns()
    cur.expect("is", "the address")
    return "neighbour", {"address": address, "netns": ns, "owner": cur.value("the device that owns it"),
                         "owner_netns": cur.netns()}


KEYWORDS = {"link": _link, "address": _address, "route": _route, "ports": _ports, "sysctl": _sysctl,
            "option": _option, "netns-local": _netns_local(True), "movable": _netns_local(False),
            "br_netfilter": _br_netfilter, "counter": _counter, "fdb": _fdb,
            "neighbour": _neighbour, "neighbor": _neighbour}

