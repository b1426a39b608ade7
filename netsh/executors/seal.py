"""Proof that a sandbox is sealed, checked before anything is created in it.

The check runs exactly as the sandbox's commands run (the executor's prefix), so
it sees what they will see: `/run/netns` must lie on the holder's own tmpfs, and
no mount they can see may pass mounts on to other mount namespaces. Otherwise
`ip netns add` would put namespaces into the machine's `/run/netns`, where they
outlive netsh (as happened in a chroot whose `/run` was the host's).
"""

from __future__ import annotations

from netsh.command import cmd
from netsh.errors import EnvironmentProblem
from netsh.state.mounts import FINDMNT, Mount, parse, serving

SANDBOX_FS = "netsh-sandbox"  # the source name of the holder's tmpfs on /run/netns
PROBE = cmd(*FINDMNT)


def seal_problem(mounts: tuple[Mount, ...]) -> str | None:
    """Why these mounts (as a sandbox command sees them) are not sealed; None if they are."""
    netns = serving(mounts, "/run/netns")
    if netns is None or (netns.source, netns.fstype) != (SANDBOX_FS, "tmpfs"):
        seen = f"{netns.source or '?'} ({netns.fstype or '?'}) on {netns.target}" if netns else "on no mount"
        return f"/run/netns there is {seen}, not the sandbox's own {SANDBOX_FS} tmpfs"
    shared = [m.target for m in mounts if m.shared]
    if shared:
        return ("mounts there propagate to other mount namespaces (shared): "
                + ", ".join(shared[:5]) + (f" and {len(shared) - 5} more" if len(shared) > 5 else ""))
    return None


def require_sealed(executor) -> None:
    """Stop with exit 3, before step 1, unless the sandbox's /run/netns is its own and private."""
    result = executor.run(PROBE)
    if not result.ok:
        said = (result.stderr or result.stdout).strip()[-200:] or f"exit {result.exit_code}"
        raise EnvironmentProblem(f"cannot check that the sandbox is sealed: `{PROBE.display}` failed: {said}",
                                 "Install util-linux (findmnt) where the sandbox runs; nothing was created.")
    problem = seal_problem(parse(result.stdout))
    if problem:
        raise EnvironmentProblem(
            f"the sandbox is not sealed: {problem}",
            "netsh stopped before creating anything, so nothing could reach this machine's "
            "/run/netns. Run netsh outside this chroot or container, or give it a /run of its own.")
