"""The default place to run: a private network + mount namespace (plus a user
namespace when not root, or root without network privileges, as in a container)
held open by one `sleep` process.

The holder gets PR_SET_PDEATHSIG (via `setpriv --pdeathsig KILL`), so when
netsh dies, even by kill -9, the kernel kills the holder and frees every
namespace, link, route, sysctl and iptables rule made inside. A tmpfs over
/run/netns gives `ip netns add` a private place for its names; every command
enters with the holder's root as well as its namespaces, so it sees that tmpfs
even in a chroot, and a check proves it before step 1 (seal.py). With `--keep`
the holder has no death signal and is recorded, for `netsh shell` and
`netsh cleanup`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from netsh.doctor import Here
from netsh.errors import EnvironmentProblem
from netsh.executors.base import Executor
from netsh.executors.seal import SANDBOX_FS, require_sealed
from netsh.packages import install_hint
from netsh.paths import state_dir
from netsh.privileges import UNLOCK_SYSCTLS, privileges, require_networking, userns_refused
from netsh.step import step
from netsh.tools import ip, sysctl

# The holder, as `sh -c SCRIPT sh PARENT_PID DEATHSIG`: a constant script, its
# inputs are positional arguments. The PPID check closes the race where netsh
# dies before the death signal is armed. Its working directory is its root, the
# one commands get with `nsenter --wd`.
PRIVATE_NETNS_DIR = f"""
[ "$PPID" = "$1" ] && cd / || exit 1
mount -t tmpfs {SANDBOX_FS} /run/netns 2>/dev/null \\
  || {{ mount -t tmpfs {SANDBOX_FS} /run && mkdir /run/netns; }} || exit 2
"""
HOLDER = PRIVATE_NETNS_DIR + "echo ready\nexec sleep infinity\n"

WAN_NS = "netsh-wan"
UPLINK_ADDR, WAN_ADDR = "203.0.113.2/24", "203.0.113.1/24"  # TEST-NET-3: never routed


def unshare_argv(rootless: bool, keep: bool, script: str = HOLDER, unlock_sysctls: bool = False) -> list[str]:
    """The holder's argv, except its last argument: the parent's PID.

    `rootless`: in a user namespace (not root, or root without CAP_NET_ADMIN...);
    `unlock_sysctls`: first make a read-only /proc/sys/net writable, in a mount
    namespace of its own (privileges.UNLOCK_SYSCTLS). Every stage `exec`s the
    next, so the holder keeps one PID.
    """
    argv = ["unshare", "--net", "--mount", "--propagation", "private"]
    if rootless:
        argv[1:1] = ["--user", "--map-root-user"]
    # The death signal must be armed after unshare: gaining a user namespace
    # changes credentials, which clears it.
    tail = [] if keep else ["setpriv", "--pdeathsig", "KILL"]
    argv = [*argv, "--", *tail, "sh", "-c", script, "sh"]
    if unlock_sysctls:
        argv = ["unshare", "--mount", "--propagation", "private", "--",
                "sh", "-c", UNLOCK_SYSCTLS + 'exec "$@"', "sh", *argv]
    return argv


def enter_argv(pid: int, rootless: bool) -> tuple[str, ...]:
    """Enter the holder's namespaces, root and working directory.

    Entering a mount namespace moves a process to that namespace's real root: in
    a chroot that lies outside it, where /run/netns is the host's. `--root` and
    `--wd` put it back where the holder made its private /run/netns.
    """
    user = ("--user",) if rootless else ()
    creds = ("--preserve-credentials",) if rootless else ()
    return ("nsenter", "-t", str(pid), *user, "--net", "--mount", "--root", "--wd", *creds, "--")


def _starttime(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


class SandboxExecutor(Executor):
    target = "sandbox"

    def __init__(self, keep: bool = False):
        self.keep = keep
        self.privileges = privileges(Here())
        self.rootless = self.privileges.userns  # root without network privileges falls back to it too
        self.holder = self._start()
        self.prefix = enter_argv(self.holder.pid, self.rootless)
        try:
            require_sealed(self)
            require_networking(self, self.privileges, Here())
        except BaseException:
            self._end()
            raise
        if keep:
            record = {"pid": self.holder.pid, "starttime": _starttime(self.holder.pid), "rootless": self.rootless,
                      "created": time.time()}
            (sandbox_dir() / f"{self.holder.pid}.json").write_text(json.dumps(record))

    def _start(self) -> subprocess.Popen:
        argv = unshare_argv(self.rootless, self.keep, unlock_sysctls=self.privileges.can_unlock_sysctls)
        try:
            proc = subprocess.Popen([*argv, str(os.getpid())], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    start_new_session=True)
        except FileNotFoundError as exc:
            raise EnvironmentProblem(f"cannot start the sandbox: {exc.filename} is missing",
                                     install_hint([exc.filename]) + ".") from None
        line = proc.stdout.readline()
        if line.strip() != b"ready":
            err = proc.stderr.read().decode(errors="replace").strip() if proc.wait(5) is not None else ""
            raise userns_refused(self.privileges, Here(), err or "the holder exited")
        return proc

    def setup_steps(self):
        return host_like_steps()

    def close(self) -> None:
        if not self.keep:
            self._end()

    def _end(self) -> None:
        if self.holder.poll() is None:
            self.holder.kill()
            self.holder.wait()


def host_like_steps():
    """Make a bare sandbox look like the tutorial's server (shown, then run)."""
    return (step(
        "The sandbox host",
        """This sandbox stands in for the tutorial's server. A bare namespace has no
        uplink, no default route and no forwarding, and proxy ARP needs all three, so
        netsh first gives it an uplink eth0 (a veth pair to a stand-in outside
        network), an address, a default route and forwarding.""",
        [ip.link_up("lo"), ip.netns_add(WAN_NS),
         ip.veth_add("eth0", "wan0"), ip.link_to_netns("wan0", WAN_NS),
         ip.addr_add(UPLINK_ADDR, "eth0"), ip.link_up("eth0"),
         ip.addr_add(WAN_ADDR, "wan0", netns=WAN_NS), ip.link_up("wan0", netns=WAN_NS),
         ip.route_add("default", "via", WAN_ADDR.split("/")[0]),
         sysctl.write(sysctl.IP_FORWARD, "1")]),)


def sandbox_dir() -> Path:
    path = state_dir() / "sandboxes"
    path.mkdir(exist_ok=True)
    return path


def kept() -> list[dict]:
    """Kept sandboxes whose holder is still the process we started."""
    alive = []
    for f in sorted(sandbox_dir().glob("*.json"), key=lambda p: p.stat().st_mtime):
        try:
            rec = json.loads(f.read_text())
        except ValueError:
            f.unlink()
            continue
        if _starttime(rec["pid"]) == rec["starttime"]:
            alive.append(rec)
        else:
            f.unlink()  # the holder is gone (reboot, killed): nothing to clean
    return alive


def remove(rec: dict) -> None:
    if _starttime(rec["pid"]) == rec["starttime"]:
        os.kill(rec["pid"], signal.SIGKILL)
    (sandbox_dir() / f"{rec['pid']}.json").unlink(missing_ok=True)
