"""A lesson's front matter (YAML): name, summary, parameters, assumptions, requirements.

Read with PyYAML's safe loader; every key is checked here, and an error names
the file and the line of the key it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from netsh import features, param_rules
from netsh import params as P
from netsh.errors import UsageError
from netsh.i18n import squash
from netsh.lesson.errors import LessonError, Where

NAME = re.compile(r"[a-z0-9][a-z0-9-]*")  # a lesson's name: its file name and its `netsh run NAME`

TYPES = {t.kind: t for t in P.TYPES}
KEYS = ("name", "summary", "params", "assumptions", "requires", "rules", "batched", "failures", "reasons")
TRANSLATED_KEYS = ("summary", "assumptions", "reasons")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser where PyYAML has it
REQUIRES = ("tools", "features", "kernel")


@dataclass(frozen=True)
class Failure:
    """How a command the lesson expects to fail may be refused: label -> regex, per kernel."""

    wordings: tuple[tuple[str, str], ...]
    since: str = ""   # from this kernel on the tutorial's statement is out of date
    now: str = ""     # what those kernels do instead


@dataclass(frozen=True)
class Meta:
    name: str
    summary: str
    params: tuple[tuple[str, type, str], ...] = ()   # (name, type, default)
    assumptions: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    kernel: str = ""                                 # ">=5.4"
    rules: tuple = ()  # netsh/param_rules.py values
    batched: bool = False
    failures: dict = field(default_factory=dict)      # key -> Failure
    reasons: dict = field(default_factory=dict)       # key -> text (a claim's `why-not KEY`)


def load(text: str, where: Where) -> tuple[dict, dict]:
    """The front matter as a mapping, and the line of each top-level key."""
    loader = LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = where.line + (mark.line if mark else 0)
        raise LessonError(Where(where.file, line), f"the front matter is not valid YAML: "
                                                   f"{getattr(exc, 'problem', None) or exc}",
                          "Front matter is YAML between two `---` lines at the top of the file.") from None
    finally:
        loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise LessonError(where, "the front matter must be a mapping (key: value lines)")
    lines = {k.value: where.line + k.start_mark.line for k, _ in node.value}
    return data, lines


def parse(data: dict, lines: dict, file: str, translation: bool = False) -> dict:
    """Check every key; return the values a Meta (or a translation of one) is made of."""
    def err(key, message, hint=""):
        return LessonError(Where(file, lines.get(key, 1)), message, hint)

    allowed = TRANSLATED_KEYS if translation else KEYS
    for key in data:
        if key not in allowed:
            raise err(key, f"unknown front matter key {key!r}", f"Known keys: {', '.join(allowed)}.")
    if not translation:
        for key in ("name", "summary"):
            if not isinstance(data.get(key), str) or not data[key].strip():
                raise err(key, f"the front matter needs `{key}:` (a line of text)")
        if not NAME.fullmatch(data["name"]):
            raise err("name", f"name {data['name']!r} is not a scenario name",
                      "Use lower-case letters, digits and '-', e.g. `name: my-bridge`.")
    out = {k: data[k] for k in ("name", "summary") if k in data}
    if "summary" in data and not isinstance(data["summary"], str):
        raise err("summary", "`summary:` must be a line of text")
    out["assumptions"] = _strings(data.get("assumptions", []), lambda m: err("assumptions", m))
    out["reasons"] = _reasons(data.get("reasons", {}), lambda m: err("reasons", m))
    if translation:
        return out
    out["failures"] = _failures(data.get("failures", {}), lambda m, h="": err("failures", m, h))
    out["params"] = _params(data.get("params", {}), lambda m, h="": err("params", m, h))
    out.update(_requires(data.get("requires", {}), lambda m, h="": err("requires", m, h)))
    out["rules"] = _rules(data.get("rules", []), {p[0] for p in out["params"]},
                          lambda m, h="": err("rules", m, h))
    if not isinstance(data.get("batched", False), bool):
        raise err("batched", "`batched:` is true or false")
    out["batched"] = data.get("batched", False)
    return out


def _strings(value, err) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise err("a list of texts is expected (`- ...` lines)")
    return tuple(one_line(v) for v in value)


def one_line(text: str) -> str:
    """A YAML text on one line; no blank between two CJK characters (folded lines get one)."""
    return squash("\n".join(text.split()))


def _reasons(value, err) -> dict:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise err("`reasons:` maps a short name to a text (`proxy-arp: proxy ARP answers only ...`)")
    return {str(k): one_line(v) for k, v in value.items()}


def _params(value, err) -> tuple[tuple[str, type, str], ...]:
    if not isinstance(value, dict):
        raise err("`params:` maps each parameter's name to its type and default")
    out = []
    for name, spec in value.items():
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", str(name)):
            raise err(f"parameter name {name!r}: use lower-case letters, digits and '_'")
        if not isinstance(spec, dict) or set(spec) != {"type", "default"}:
            raise err(f"parameter {name}: write `{name}: {{type: ifname, default: br0}}`")
        ptype = TYPES.get(spec["type"])
        if ptype is None:
            raise err(f"parameter {name}: unknown type {spec['type']!r}", f"Types: {', '.join(TYPES)}.")
        default = str(spec["default"])
        try:
            ptype.parse(default)
        except UsageError as exc:
            raise err(f"parameter {name}: default {exc.message}", exc.hint) from None
        out.append((str(name), ptype, default))
    return tuple(out)


def _requires(value, err) -> dict:
    if not isinstance(value, dict) or set(value) - set(REQUIRES):
        raise err(f"`requires:` takes {', '.join(REQUIRES)}")
    kernel = str(value.get("kernel", ""))
    if kernel and not re.fullmatch(r">=\s*\d+\.\d+", kernel):
        raise err(f"requires.kernel {kernel!r}: write it as `\">=5.4\"`")
    for key in ("tools", "features"):
        items = value.get(key, [])
        if not isinstance(items, list) or not all(isinstance(t, str) and re.fullmatch(r"[\w.+-]+", t)
                                                  for t in items):
            raise err(f"requires.{key} is a list of names")
    try:  # an unknown feature is said at its line, before anything runs
        features.known(value.get("features", []))
    except UsageError as exc:
        raise err(f"requires.features: {exc.message}", exc.hint) from None
    return {"tools": tuple(value.get("tools", [])), "features": tuple(value.get("features", [])),
            "kernel": kernel.replace(" ", "")}


def _rules(value, names: set, err) -> tuple:
    if not isinstance(value, list):
        raise err("`rules:` is a list such as `- within: [addr1, subnet]`")
    out = []
    for item in value:
        try:  # the one reader of rules, shared with Python scenarios (netsh/param_rules.py)
            (rule,) = param_rules.from_yaml([item])
        except UsageError as exc:
            raise err(f"rule {item!r}: {exc.message}", exc.hint) from None
        unknown = [a for a in rule.names if a not in names]
        if unknown:
            raise err(f"rule {item!r}: unknown parameter {unknown[0]!r}",
                      "Name parameters declared under `params:`.")
        out.append(rule)
    return tuple(out)


def _failures(value, err) -> dict:
    if not isinstance(value, dict):
        raise err("`failures:` maps a short name to the wordings a refusal may have")
    out = {}
    for key, spec in value.items():
        hint = (f"Write `{key}: {{wordings: {{older kernels: 'RTNETLINK answers: Invalid argument'}}}}`, "
                "optionally with `outdated: {since: '3.16', now: 'what newer kernels do'}`.")
        if not isinstance(spec, dict) or not isinstance(spec.get("wordings"), dict) or \
                set(spec) - {"wordings", "outdated"}:
            raise err(f"failure {key}: needs `wordings:` (label: regular expression)", hint)
        for label, regex in spec["wordings"].items():
            try:
                re.compile(str(regex))
            except re.error as exc:
                raise err(f"failure {key}: wording {label!r} is not a regular expression: {exc}", hint) from None
        old = spec.get("outdated") or {}
        if not isinstance(old, dict) or set(old) - {"since", "now"} or (old and not {"since", "now"} <= set(old)):
            raise err(f"failure {key}: `outdated:` needs `since:` and `now:`", hint)
        out[str(key)] = Failure(tuple((str(k), str(v)) for k, v in spec["wordings"].items()),
                                str(old.get("since", "")), " ".join(str(old.get("now", "")).split()))
    return out
