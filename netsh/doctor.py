"""Checks of this machine: can netsh run here, and what will the tutorial show?"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from netsh.kernel import iproute2_version, kernel_version
from netsh.packages import programs
from netsh.privileges import CAPS_HINT, NEEDED, SYSCTL, SYSCTL_HINT, UNLOCK_SYSCTLS, Privileges, container, privileges
from netsh.tools.sysctl import BRIDGE_NF_CALL_IPTABLES


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: information, not a requirement
    detail: str
    hint: str = ""


def _version(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=10)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "unknown"


def userns_allowed() -> bool:
    try:
        r = subprocess.run(["unshare", "--user", "--map-root-user", "--net", "true"],
                           capture_output=True, timeout=10)
        return r.returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class Here:
    """What `checks` asks of the machine it checks: this one (`There` asks a remote host)."""

    name = "here"

    def root(self) -> bool:
        return os.geteuid() == 0

    def userns_allowed(self) -> bool:
        return userns_allowed()

    def which(self, tool: str) -> str | None:
        return shutil.which(tool)

    def version(self, argv: list[str]) -> str:
        return _version(argv)

    def output(self, argv: list[str]) -> str:
        """What a command prints on stdout ("" if it fails or is missing)."""
        try:
            r = subprocess.run(argv, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return r.stdout if r.returncode == 0 else ""

    def read(self, path: str) -> str | None:
        try:
            return Path(path).read_text().strip()
        except OSError:  # missing, or not ours to read (another user's /proc/1/environ)
            return None

    def exists(self, path: str) -> bool:
        return Path(path).exists()

    def release(self) -> str:
        return platform.release()

    def executor(self):
        from netsh.executors.host import HostExecutor

        return HostExecutor()


class There:
    """What `checks` asks of a remote host, over an SshExecutor (`netsh doctor --target`)."""

    def __init__(self, executor):
        self.ex = executor
        self.name = f"on {executor.where}"

    def _run(self, *argv: str):
        from netsh.command import cmd
        from netsh.errors import EnvironmentProblem
        from netsh.command import Result

        try:
            return self.ex.run(cmd(*argv))
        except EnvironmentProblem as exc:  # the tool itself is missing there
            return Result(cmd(*argv), 127, "", exc.message)

    def root(self) -> bool:
        return self.ex.root

    def userns_allowed(self) -> bool:
        return self._run("unshare", "--user", "--map-root-user", "--net", "true").ok

    def which(self, tool: str) -> str | None:
        return self.ex.locate(tool)

    def version(self, argv: list[str]) -> str:
        r = self._run(*argv)
        text = (r.stdout or r.stderr).strip() if r.exit_code != 127 else ""
        return text.splitlines()[0] if text else "unknown"

    def output(self, argv: list[str]) -> str:
        r = self._run(*argv)
        return r.stdout if r.ok else ""

    def read(self, path: str) -> str | None:
        r = self._run("cat", path)
        return r.stdout.strip() if r.ok else None

    def exists(self, path: str) -> bool:
        return self._run("test", "-e", path).ok

    def release(self) -> str:
        return self._run("uname", "-r").stdout.strip()

    def executor(self):
        return self.ex


def evidence(where) -> str:
    """Which evidence netsh/why can gather here: nft tracing, or counters only (and why)."""
    only = "counters only: routes, SNMP counters, neighbours and the state"
    if where.which("nft") is None:
        return f"{only} (no `nft`, so no firewall trace; apt-get install nftables)"
    said = where.version(["nft", "list", "tables"])  # read-only; an error names a missing nf_tables
    if "not supported" in said.lower():
        return f"{only} (this kernel has no nf_tables: {said})"
    return f"nft tracing ({where.version(['nft', '--version'])}), routes, counters, neighbours"


def checks(where=None) -> list[Check]:
    where = where or Here()
    priv = privileges(where)
    out = [*privilege_checks(where, priv)]
    for program in programs().values():
        path = where.which(program.name)
        if program.optional:  # some scenarios need it: say so, without failing
            out.append(Check(f"tool {program.name}", None, path or "missing; some scenarios need it "
                                                                  f"(apt-get install {program.package})"))
        else:
            out.append(Check(f"tool {program.name}", path is not None, path or "missing",
                             "" if path else f"apt-get install {program.package}"))
    ipv = where.version(["ip", "-V"])
    version = iproute2_version(ipv)
    out.append(Check("iproute2 JSON", version >= (4, 15) if version != (0, 0) else None, ipv,
                     "netsh reads `ip -j`; iproute2 4.15 or newer is needed."))
    out.append(Check("ethtool", None, where.version(["ethtool", "--version"])))
    out.append(Check("iptables", None, where.version(["iptables", "--version"])))
    brnf = where.read(BRIDGE_NF_CALL_IPTABLES)
    loaded = brnf is not None or where.exists("/sys/module/br_netfilter")
    out.append(Check("br_netfilter", loaded,
                     f"loaded; bridge-nf-call-iptables {where.name} = {brnf}" if brnf is not None
                     else ("loaded" if loaded else "not loaded"),
                     "" if loaded else "Load it with `modprobe br_netfilter` (root); the firewall steps need it. "
                     "Loading it also makes this host's own bridges pass iptables."))
    out.append(Check("evidence", None, evidence(where)))
    kv = kernel_version(where.release())
    out.append(Check("kernel", None, where.release()))
    out.append(Check("ethtool netns-local", None,
                     "not listed on Linux >= 6.12 (became a device flag)" if kv >= (6, 12)
                     else "listed by `ethtool -k`, as the tutorial shows"))
    out.append(Check("ip -d link netns-immutable", None,
                     "shown" if version >= (6, 15) and kv >= (6, 15)
                     else "not shown (needs Linux and iproute2 >= 6.15)"))
    return out + feature_checks(where, priv)


def privilege_checks(where, priv: Privileges) -> list[Check]:
    """Can a sandbox be made here, and with what: capabilities, /proc/sys, a container."""
    userns = not priv.userns or where.userns_allowed()
    who = "not root" if not priv.root else f"root without {', '.join(priv.missing)}"
    out = [Check("privileges", userns, "root" if not priv.userns else
                 (f"{who}; user namespaces allowed: the sandbox uses one" if userns else
                  f"{who}, and user namespaces are blocked"),
                 "" if userns else CAPS_HINT if priv.root else "Run as root, or allow user namespaces "
                 "(kernel.unprivileged_userns_clone=1; on Ubuntu kernel.apparmor_restrict_unprivileged_userns=0).")]
    if priv.root:
        out.append(Check("capabilities", None, f"lacks {', '.join(priv.missing)}" if priv.missing
                         else f"has {', '.join(NEEDED)}"))
    if not priv.sysctl_read_only:
        out.append(Check("/proc/sys", True, "writable"))
    else:
        unlocks = priv.can_unlock_sysctls and where.output(
            ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
             UNLOCK_SYSCTLS + f"[ -w {SYSCTL} ] && echo yes"]).strip() == "yes"
        out.append(Check("/proc/sys", unlocks, "read-only; netsh makes /proc/sys/net writable inside its sandbox"
                         if unlocks else "read-only, and netsh cannot make it writable inside its sandbox",
                         "" if unlocks else SYSCTL_HINT))
    out.append(Check("container", None, container(where.read) or "none detected"))
    return out


def feature_checks(where, priv: Privileges) -> list[Check]:
    """Every kernel feature netsh knows (netsh/features.py), probed there as the sandbox
    would (in a user namespace where it uses one): yes or no. Information only: a
    missing one stops just the scenarios that need it."""
    from netsh.features import REGISTRY, present

    if priv.userns and not where.userns_allowed():
        return [Check(f"feature {name}", None, "not probed: no privileges") for name in REGISTRY]
    executor = where.executor()
    return [Check(f"feature {f.name}", None, f"yes: {f.title}" if present(executor, f, userns=priv.userns)
                  else f"no: this kernel lacks {f.title}; {f.hint}") for f in REGISTRY.values()]
