"""Routes from `ip -j route show`."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.state import load


@dataclass(frozen=True)
class Route:
    dst: str           # "default" or "192.168.10.0/24"
    dev: str | None
    gateway: str | None
    scope: str

    def describe(self) -> str:
        via = f" via {self.gateway}" if self.gateway else ""
        return f"{self.dst}{via} dev {self.dev} scope {self.scope}"


def parse_routes(text: str) -> list[Route]:
    return [Route(dst=d["dst"], dev=d.get("dev"), gateway=d.get("gateway"),
                  scope=d.get("scope", "global")) for d in load(text, "ip")]
