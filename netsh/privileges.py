"""What this process may do to networks, read from the kernel: the capabilities a
root sandbox needs, whether /proc/sys/net can be written, and the container it
seems to run in (systemd-nspawn and Docker give root neither CAP_NET_ADMIN nor a
writable /proc/sys by default)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from netsh.command import cmd
from netsh.errors import EnvironmentProblem
from netsh.state.mounts import FINDMNT, parse, serving

# What a sandbox made as plain root uses: namespaces and mounts (SYS_ADMIN), entering
# its root (SYS_CHROOT), links, routes and firewall (NET_ADMIN), ping and iptables (NET_RAW).
NEEDED = {"CAP_NET_ADMIN": 12, "CAP_NET_RAW": 13, "CAP_SYS_CHROOT": 18, "CAP_SYS_ADMIN": 21}
SYSCTL = "/proc/sys/net/ipv4/ip_forward"  # the first setting the sandbox's setup writes


def effective_caps(status: str) -> int | None:
    """The CapEff mask of a /proc/PID/status text."""
    for line in status.splitlines():
        if line.startswith("CapEff:"):
            return int(line.split()[1], 16)
    return None


def missing_caps(status: str) -> tuple[str, ...]:
    mask = effective_caps(status)
    return () if mask is None else tuple(name for name, bit in NEEDED.items() if not mask >> bit & 1)


@dataclass(frozen=True)
class Privileges:
    root: bool
    missing: tuple[str, ...]  # needed capabilities root lacks
    sysctl_read_only: bool    # /proc/sys/net is mounted read-only

    @property
    def userns(self) -> bool:
        """The sandbox needs a user namespace: not root, or root without what a root sandbox uses."""
        return not self.root or bool(self.missing)

    @property
    def can_unlock_sysctls(self) -> bool:
        """Root may bind /proc/sys/net writable in a mount namespace of its own."""
        return self.sysctl_read_only and self.root and "CAP_SYS_ADMIN" not in self.missing

    def cause(self) -> str:
        """What keeps this root from networking, in a few words ("" if nothing)."""
        parts = []
        if self.root and self.missing:
            parts.append(f"root here lacks {', '.join(self.missing)}")
        if self.sysctl_read_only:
            parts.append("/proc/sys is read-only")
        return " and ".join(parts)


def container(read: Callable[[str], str | None]) -> str | None:
    """The container this seems to run in, with the evidence; None if none is seen.

    `read(path)` gives a file's text, or None where it is missing or unreadable."""
    for path in ("/run/systemd/container", "/run/host/container-manager"):
        if name := (read(path) or "").strip():
            return f"{name} ({path})"
    for path, name in (("/.dockerenv", "docker"), ("/run/.containerenv", "podman")):
        if read(path) is not None:
            return f"{name} ({path})"
    for var in (read("/proc/1/environ") or "").split("\0"):
        if var.startswith("container=") and var[len("container="):]:
            return f"{var[len('container='):]} (container= in PID 1's environment)"
    cgroup = read("/proc/1/cgroup") or ""
    for hint in ("docker", "libpod", "kubepods", "lxc", "containerd"):
        if hint in cgroup:
            return f"{hint} (PID 1's cgroup)"
    return None


def privileges(where) -> Privileges:
    """The privileges of `where` (doctor's Here or There): root, CapEff, /proc/sys/net's mount."""
    root = where.root()
    listing = where.output(list(FINDMNT))
    sysctls = serving(parse(listing), SYSCTL) if listing else None
    return Privileges(root, missing_caps(where.read("/proc/self/status") or "") if root else (),
                      bool(sysctls and sysctls.read_only))


# Root may make /proc/sys/net writable in a mount namespace of its own, before any user
# namespace: a user namespace's copy of a read-only mount stays read-only for good.
UNLOCK_SYSCTLS = "{ mount --bind /proc/sys/net /proc/sys/net && mount -o remount,bind,rw /proc/sys/net; } 2>/dev/null\n"

CAPS_HINT = ("Give root the capabilities (systemd-nspawn --capability=CAP_NET_ADMIN; docker run --cap-add "
             "NET_ADMIN --cap-add SYS_ADMIN), or allow user namespaces there, which netsh then uses instead. "
             "`netsh doctor` lists what is missing.")
SYSCTL_HINT = ("netsh makes /proc/sys/net writable inside its own sandbox when root has CAP_SYS_ADMIN and the "
               "mount is not locked by a user namespace. Otherwise run the container with a writable /proc/sys "
               "(systemd-nspawn: SYSTEMD_NSPAWN_API_VFS_WRITABLE=1; docker run --privileged).")


def _context(priv: Privileges, where) -> str:
    seen = container(where.read)
    cause = priv.cause()
    return "".join((f"; {cause}" if cause else "", f" (in a container: {seen})" if seen else ""))


def userns_refused(priv: Privileges, where, detail: str) -> EnvironmentProblem:
    """The holder could not be made: name why a user namespace was needed at all."""
    if priv.root and priv.userns:
        return EnvironmentProblem(f"cannot create the sandbox namespaces{_context(priv, where)}, so netsh "
                                  f"tried a user namespace, which failed: {detail}", CAPS_HINT)
    if priv.root:
        return EnvironmentProblem(f"cannot create the sandbox namespaces: {detail}{_context(priv, where)}",
                                  "`netsh doctor` checks what this machine allows.")
    return EnvironmentProblem(
        f"cannot create the sandbox namespaces: {detail}",
        "As a normal user this needs unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1 "
        "or, on Ubuntu, kernel.apparmor_restrict_unprivileged_userns=0); or run as root. "
        "`netsh doctor` checks this.")


def require_networking(executor, priv: Privileges, where) -> None:
    """Before step 1: the sandbox can configure a link and write /proc/sys/net; else exit 3 naming why."""
    link = executor.run(cmd("ip", "link", "set", "lo", "up"))
    if not link.ok:
        raise EnvironmentProblem(f"the sandbox cannot configure its network: `ip link set lo up`: "
                                 f"{link.stderr.strip()}{_context(priv, where)}", CAPS_HINT)
    writable = executor.run(cmd("test", "-w", SYSCTL))
    if writable.exit_code not in (0, 1):  # not an answer: `test` itself is missing there
        raise EnvironmentProblem(f"cannot check {SYSCTL} in the sandbox: {writable.stderr.strip()}",
                                 "Install coreutils there.")
    if not writable.ok:
        raise EnvironmentProblem(f"the sandbox cannot write {SYSCTL}: read-only file system"
                                 f"{_context(priv, where)}", SYSCTL_HINT)
