"""A lesson's command line -> the Command value netsh's own builders make.

Only the forms below are accepted; anything that would need a shell is refused
with its column. Where a form matches a builder in `netsh/tools/`, the builder
makes the Command (so the undo, namespace handling and batching are the same as
in a Python scenario); the words stay as the lesson writes them.

    [ip netns exec NS] ip [-n NS] OBJECT ...        ip (changes, with their undo; reads)
    [ip netns exec NS] bridge | ethtool | iptables | ping | fping | sysctl | cat | sleep ...
    READ | grep WORD                                 keep the lines containing WORD
    echo VALUE > /proc/sys/net/...                   a kernel setting (undone at the end)
    ip netns exec NS sh -c 'echo VALUE > /proc/sys/net/...'
    sysctl -w net.ipv4.ip_forward=1
    ... # fails            the command must fail (any wording); `# fails: KEY` names accepted wordings
    ... # undo: COMMAND    how to take back a change netsh knows no undo for
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, replace

from netsh.command import HOST, Command, Expect, Undo, cmd
from netsh.errors import UsageError
from netsh.lesson.errors import LessonError, Where
from netsh.lesson.fill import fill
from netsh.lesson.lex import Line, Word, lex
from netsh.tools import ip, iptables, sysctl

TOOLS = ("ip", "bridge", "ethtool", "iptables", "ping", "fping", "sysctl", "cat", "sleep", "echo")
FORMS_HINT = ("netsh runs each command without a shell. Accepted: ip, bridge, ethtool, iptables, ping, "
              "fping, sysctl, cat, sleep, optionally after `ip netns exec NS`; `READ | grep WORD`; "
              "`echo VALUE > /proc/sys/net/...` (see README, Write your own lesson).")
IP_READ_VERBS = {"show", "list", "ls", "lst", "sh", "get", "help"}
IP_READ_FLAGS = {"-j", "-json", "-d", "-details", "-s", "-stats", "-4", "-6", "-br", "-brief", "-o",
                 "-oneline", "-c", "-color", "-p", "-pretty"}
# A new bridge's value of each option `ip link set BR type bridge OPT VAL` may change: its undo.
BRIDGE_DEFAULTS = {"ageing_time": "30000", "nf_call_iptables": "0", "nf_call_ip6tables": "0",
                   "nf_call_arptables": "0", "stp_state": "0", "forward_delay": "1500",
                   "vlan_filtering": "0", "mcast_snooping": "1", "hello_time": "200", "max_age": "2000"}
IPTABLES_READS = {"-L", "-S", "--list", "--list-rules"}
FAILED_ANY = Expect((("an error", r"\S"),))


@dataclass(frozen=True)
class Parsed:
    command: Command
    undo_unknown: bool = False  # it changes something and netsh cannot take it back
    # Show it as the lesson writes it. Not for `sh -c '...'`: a value inside that string
    # would be read by a shell when an exported script runs it.
    as_written: bool = True


def parse_line(text: str, where: Where, values: dict, failures: dict) -> Parsed:
    """One command line of a lesson, its `{params}` filled, as a Command."""
    line = lex(text, where)
    words = [w if w.op else replace(w, value=fill(w.value, values, where.at(w.col), w.col)) for w in line.words]
    parsed = _shaped(words, where)
    return _annotated(parsed, line, where, values, failures)


def _annotated(parsed: Parsed, line: Line, where: Where, values: dict, failures: dict) -> Parsed:
    """Apply a trailing `# fails[: KEY]` or `# undo: COMMAND`; other comments are prose."""
    note = fill(line.comment, values, where.at(line.comment_col))
    head, _, rest = note.partition(":")
    if head.strip() == "fails":
        key = rest.strip()
        if key and key not in failures:
            raise LessonError(where.at(line.comment_col), f"`# fails: {key}`: no failure {key!r} in the front matter",
                              f"Declare it under `failures:`, or write `# fails` to accept any error. "
                              f"Declared: {', '.join(failures) or 'none'}.")
        return replace(parsed, command=replace(parsed.command, fails=_expect(failures[key]) if key else FAILED_ANY))
    if head.strip() == "undo":
        undo = parse_line(rest, where, values, failures).command
        return Parsed(replace(parsed.command, undo=Undo(replace(undo, undo=None))))
    return parsed


def _expect(failure) -> Expect:
    from netsh.kernel import Outdated

    return Expect(failure.wordings, Outdated(failure.since, failure.now) if failure.since else None)


def _refuse(word: Word, where: Where, what: str = "") -> LessonError:
    return LessonError(where.at(word.col), what or f"`{word.value}` needs a shell", FORMS_HINT)


def _shaped(words: list[Word], where: Where) -> Parsed:
    """Pipes and redirections netsh understands; any other operator is refused."""
    ops = [i for i, w in enumerate(words) if w.op]
    argv = [w.value for w in words[:ops[0]]] if ops else [w.value for w in words]
    if not words:
        raise LessonError(where, "an empty command")
    if not ops:
        return _place(argv, words, where, HOST)
    first = words[ops[0]]
    tail = [w.value for w in words[ops[0] + 1:]]
    if first.value == ">" and argv[:1] == ["echo"] and len(argv) == 2 and len(ops) == 1 and len(tail) == 1:
        return Parsed(_checked(lambda: sysctl.write(tail[0], argv[1]), where.at(first.col)))
    if first.value == "|" and len(ops) == 1 and argv[:1] == ["echo"] and len(argv) == 2 \
            and tail[:3] == ["ip", "netns", "exec"] and len(tail) == 7 and tail[5].startswith("of=") \
            and tail[4] == "dd" and tail[6] == "status=none":
        return Parsed(_checked(lambda: sysctl.write(tail[5][3:], argv[1], netns=tail[3]), where.at(first.col)))
    if first.value == "|" and len(ops) == 1 and tail[:1] == ["grep"] and len(tail) == 2:
        parsed = _place(argv, words, where, HOST)
        if parsed.command.changes or parsed.undo_unknown:
            raise _refuse(first, where, "only a command that reads may be piped into grep")
        return replace(parsed, command=replace(parsed.command, grep=tail[1]))
    raise _refuse(first, where)


def _checked(build, where: Where) -> Command:
    try:
        return build()
    except UsageError as exc:
        raise LessonError(where, exc.message, exc.hint) from None


def _place(argv: list[str], words: list[Word], where: Where, netns) -> Parsed:
    """`ip netns exec NS CMD` and `ip -n NS ...` run in NS; the rest on the host."""
    if argv[:3] == ["ip", "netns", "exec"]:
        if len(argv) < 5:
            raise LessonError(where.at(words[0].col), "`ip netns exec` needs a namespace and a command")
        inner = _tool(argv[4:], words[4:], where, argv[3])
        return _as_written(inner, argv)
    if argv[:2] == ["ip", "-n"] and len(argv) > 3:
        inner = _tool(["ip", *argv[3:]], words[2:], where, argv[2])
        return _as_written(inner, argv)
    return _tool(argv, words, where, netns)


def _as_written(parsed: Parsed, argv: list[str]) -> Parsed:
    """Show the command the way the lesson writes it, where the builder would write it otherwise."""
    text = shlex.join(argv)
    c = parsed.command
    return parsed if c.display == text or not parsed.as_written else replace(parsed, command=replace(c, shell=text))


def _tool(argv: list[str], words: list[Word], where: Where, netns) -> Parsed:
    tool = argv[0]
    if tool not in TOOLS and tool != "sh":
        raise LessonError(where.at(words[0].col), f"netsh does not run `{tool}` from a lesson", FORMS_HINT)
    if tool == "ip":
        parsed = _ip(argv, netns)
    elif tool in ("sysctl", "sh", "echo", "cat"):
        parsed = _settings(argv, words, where, netns)
    elif tool == "iptables":
        parsed = _iptables(argv, netns)
    elif tool in ("bridge", "ethtool"):
        reads = any(a in ("show", "-k", "--show-features", "-i", "-S", "--json") for a in argv) or \
            (tool == "bridge" and len(argv) == 2)
        parsed = Parsed(cmd(*argv, netns=netns), undo_unknown=not reads)
    else:
        if tool == "ping" and not {"-c", "-w"} & set(argv) and not any(re.fullmatch(r"-c\d+", a) for a in argv):
            raise LessonError(where.at(words[0].col), "a ping without -c or -w never ends",
                              "Write e.g. `ping -c 1 ADDRESS` (or a `reaches` claim).")
        parsed = Parsed(cmd(*argv, netns=netns))
    if parsed.command.args != tuple(argv) and parsed.command.shell is None:
        parsed = replace(parsed, command=replace(parsed.command, args=tuple(argv)))
    return parsed


def _ip(argv: list[str], netns) -> Parsed:
    words = argv[1:]
    if not words or words[0].startswith("-"):
        changes = any(w in ("add", "del", "delete", "set", "replace", "change", "flush") for w in words)
        if all(w in IP_READ_FLAGS or not w.startswith("-") for w in words) and not changes:
            return Parsed(cmd(*argv, netns=netns))
        return Parsed(cmd(*argv, netns=netns), undo_unknown=True)
    obj, verb, rest = words[0], (words[1:2] or ["show"])[0], words[2:]
    if verb in IP_READ_VERBS or (obj == "netns" and verb in ("list", "ls", "show")):
        return Parsed(cmd(*argv, netns=netns))
    built = _ip_builder(_object(obj), verb, rest, netns)
    return Parsed(built) if built is not None else Parsed(cmd(*argv, netns=netns), undo_unknown=True)


def _object(word: str) -> str:
    for full in ("link", "address", "route", "neighbour", "netns"):
        if full.startswith(word) or (full == "neighbour" and "neighbor".startswith(word)):
            return {"address": "addr", "neighbour": "neigh"}.get(full, full)
    return word


def _ip_builder(obj: str, verb: str, rest: list[str], netns) -> Command | None:
    """The builder of netsh/tools/ip.py that makes this change, or None (no undo known)."""
    n = len(rest)
    if obj == "netns" and verb == "add" and n == 1 and netns is HOST:
        return ip.netns_add(rest[0])
    if obj == "link" and verb == "add" and n >= 3:
        name = rest[1] if rest[0] == "name" else rest[0]
        if rest == [name, "type", "bridge"]:
            return ip.bridge_add(name, netns)
        if n == 5 and rest[1] == "address" and rest[3:] == ["type", "bridge"]:
            return ip.bridge_add(name, netns, address=rest[2])
        if n == 6 and rest[1:5] == ["type", "veth", "peer", "name"]:
            return ip.veth_add(name, rest[5], netns)
        return cmd("ip", "link", "add", *rest, netns=netns, undo=Undo(cmd("ip", "link", "del", name, netns=netns)),
                   creates=ip.links(name, *_peer(rest)))
    if obj == "link" and verb == "set" and n >= 2:
        return _link_set(rest, netns)
    if obj == "addr" and verb == "add" and n == 3 and rest[1] == "dev":
        return ip.addr_add(rest[0], rest[2], netns=netns)
    if obj == "route" and verb == "add" and n >= 1:
        return ip.route_add(*rest, netns=netns)
    if obj == "neigh" and verb == "add" and n in (5, 7) and rest[1] == "lladdr" and rest[3] == "dev" \
            and (n == 5 or rest[5] == "nud"):
        return ip.neigh_add(rest[0], rest[2], rest[4], netns=netns, nud=rest[6] if n == 7 else None)
    return None


def _peer(rest: list[str]) -> tuple[str, ...]:
    """The other end's name in `... peer name PEER ...`, if there is one."""
    return next(((rest[i + 2],) for i in range(len(rest) - 2) if rest[i:i + 2] == ["peer", "name"]), ())


def _link_set(rest: list[str], netns) -> Command | None:
    dev, what = rest[0], rest[1:]
    if what == ["up"]:
        return ip.link_up(dev, netns)
    if what == ["down"]:
        return ip.link_down(dev, netns)
    if len(what) == 2 and what[0] == "master":
        return ip.link_master(dev, what[1], netns)
    if len(what) == 2 and what[0] == "netns":
        return ip.link_to_netns(dev, what[1], netns=netns)
    if len(what) == 4 and what[:2] == ["type", "bridge"] and what[2] in BRIDGE_DEFAULTS:
        return ip.bridge_set(dev, what[2], what[3], BRIDGE_DEFAULTS[what[2]], netns=netns)
    return None


def _settings(argv: list[str], words: list[Word], where: Where, netns) -> Parsed:
    """Kernel settings: `sysctl`, `cat /proc/...`, `sh -c 'echo V > PATH'` in a namespace."""
    at = where.at(words[0].col)
    if argv[0] == "sh":
        inner = lex(argv[2], at) if len(argv) == 3 and argv[1] == "-c" else None
        vals = [w.value for w in inner.words] if inner else []
        if len(vals) != 4 or vals[0] != "echo" or vals[2] != ">" or not inner.words[2].op:
            raise LessonError(at, "`sh -c` runs only `'echo VALUE > /proc/sys/net/...'` here", FORMS_HINT)
        return Parsed(_checked(lambda: sysctl.write(vals[3], vals[1], netns=netns), at), as_written=False)
    if argv[0] == "cat":
        if len(argv) != 2 or not argv[1].startswith(("/proc/", "/sys/")):
            raise LessonError(at, "`cat` reads one file below /proc or /sys here", FORMS_HINT)
        return Parsed(cmd(*argv, netns=netns))
    if argv[0] == "echo":
        raise LessonError(at, "`echo` only as `echo VALUE > /proc/sys/net/...`", FORMS_HINT)
    sets = [a for a in argv[1:] if "=" in a]
    if not sets:
        return Parsed(cmd(*argv, netns=netns))
    if len(sets) != 1 or any(a not in ("-w", "-q") for a in argv[1:] if a not in sets):
        raise LessonError(at, "`sysctl` sets one key at a time here: `sysctl -w KEY=VALUE`", FORMS_HINT)
    key, _, value = sets[0].partition("=")
    path = sysctl_path(key)
    return Parsed(replace(_checked(lambda: sysctl.write(path, value, netns=netns), at), shell=shlex.join(argv)))


def sysctl_path(key: str) -> str:
    """`net.ipv4.ip_forward` -> /proc/sys/net/ipv4/ip_forward (a `/` in a key stands for a `.`)."""
    return key if key.startswith("/") else "/proc/sys/" + "/".join(p.replace("/", ".") for p in key.split("."))


def _iptables(argv: list[str], netns) -> Parsed:
    args = argv[1:]
    if args[:1] == ["-P"] and len(args) == 3:
        return Parsed(iptables.policy(args[1], args[2], netns=netns))
    if args[:1] == ["-Z"] and len(args) == 2:
        return Parsed(iptables.zero(args[1], netns=netns))
    if args[:1] == ["-Z"] or any(a in IPTABLES_READS or re.fullmatch(r"-[nvxL]*[LS][nvxL]*", a) for a in args):
        return Parsed(cmd(*argv, netns=netns))
    if len(args) > 2 and args[0] in ("-A", "-I"):
        rule = args[2:]
        if args[0] == "-I" and rule[0].isdigit():
            rule = rule[1:]
        return Parsed(cmd(*argv, netns=netns, undo=Undo(cmd("iptables", "-D", args[1], *rule, netns=netns))))
    return Parsed(cmd(*argv, netns=netns), undo_unknown=True)
