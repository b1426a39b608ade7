"""`{name}` in a lesson: a parameter's value, put inside one word (never split, never re-read).

`{name}` is the value; `{name.ip}` the address of a `cidr` parameter without its
prefix length. `{{` and `}}` are literal braces.
"""

from __future__ import annotations

import re

from netsh.lesson.errors import LessonError, Where

REF = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
ATTRIBUTES = {"ip": "cidr"}  # attribute -> the parameter type that has it


def fill(text: str, values: dict, where: Where, offset_col: int = 0) -> str:
    """`text` with every `{ref}` replaced by its value; an unknown one is an error (exit 2)."""
    def one(m: re.Match) -> str:
        if m.group(1) is None:
            return m.group(0)[0]
        return str(resolve(m.group(1), values, where.at(offset_col + m.start() + 1 if offset_col else 0)))
    return REF.sub(one, text)


def resolve(ref: str, values: dict, where: Where):
    name, _, attr = ref.partition(".")
    if name not in values:
        known = ", ".join("{" + k + "}" for k in values) or "none"
        raise LessonError(where, f"unknown parameter {{{ref}}}",
                          f"This lesson's parameters are {known}; declare it under `params:` in the front matter.")
    value = values[name]
    if not attr:
        return value
    kind = getattr(value, "kind", "")
    if ATTRIBUTES.get(attr) != kind:
        have = ", ".join(f".{a} (of a {k} parameter)" for a, k in ATTRIBUTES.items())
        raise LessonError(where, f"{{{ref}}}: a {kind or type(value).__name__} parameter has no .{attr}",
                          f"Attributes: {have}.")
    return getattr(value, attr)
