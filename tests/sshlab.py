"""A lab of real OpenSSH servers in namespaces this test creates.

Two "hosts" (namespaces PREFIXa and PREFIXb) and a client namespace (PREFIXc)
hang off a bridge in a "wire" namespace. Each host runs Debian's sshd on its
own address with a host key generated here; the client authenticates with a
key generated here, through an ssh_config file netsh gets with --ssh-config.
Only PIDs started here are ever killed; every namespace made here is deleted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from conftest import NETSH, _strip_counters, snapshot

SSHD = "/usr/sbin/sshd"
REPO = Path(__file__).resolve().parent.parent
SUBNET = "198.51.100"  # TEST-NET-2, only inside the lab's namespaces
ADDRS = {"a": f"{SUBNET}.1", "b": f"{SUBNET}.2", "c": f"{SUBNET}.3"}
GATEWAY = f"{SUBNET}.254"  # the wire's bridge: the hosts' default route
USER_UID = 62042  # a lab account's uid (and gid): unused on this machine, checked by the test

SSHD_CONFIG = """ListenAddress {addr}
HostKey {dir}/host_{name}
AuthorizedKeysFile {dir}/authorized_keys
PidFile {dir}/sshd_{name}.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LogLevel ERROR
"""

SSH_CONFIG = """Host *
  User root
  IdentityFile {dir}/client
  IdentitiesOnly yes
  StrictHostKeyChecking no
  UserKnownHostsFile /dev/null
  LogLevel ERROR
"""


def sh(*argv: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, check=check)


def descendants(pid: int) -> list[int]:
    """PIDs whose ancestry leads to `pid` (sshd's per-connection children)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [pid]
    while frontier:
        kids = [p for p, pp in parents.items() if pp in frontier]
        found += kids
        frontier = kids
    return found


def comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    """Running. A zombie is not: it has let go of its namespaces and only waits to be
    reaped. Where PID 1 is no init (a shell, or pytest itself, as PID 1 of a
    container), an orphan's zombie is never reaped, yet what it held is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@dataclass
class Lab:
    prefix: str
    dir: Path
    sshd: dict[str, subprocess.Popen] = field(default_factory=dict)

    def ns(self, name: str) -> str:
        return f"{self.prefix}{name}"

    @property
    def ssh_config(self) -> str:
        return str(self.dir / "ssh_config")

    def target(self, name: str, port: int | None = None) -> str:
        return f"ssh://root@{ADDRS[name]}" + (f":{port}" if port else "")

    def run_dir(self, name: str) -> Path:
        """What a host's sessions see as /run."""
        return self.dir / f"run-{name}"

    def in_client(self, *argv: str, **kw) -> subprocess.CompletedProcess:
        return subprocess.run(["nsenter", f"--net=/run/netns/{self.ns('c')}", *argv],
                              capture_output=True, text=True, **kw)

    def up(self) -> None:
        wire = self.ns("wire")
        for n in ("wire", "a", "b", "c"):
            sh("ip", "netns", "add", self.ns(n))
            # No IPv6: DAD and link-local routes would make the before/after snapshots drift.
            sh("ip", "netns", "exec", self.ns(n), "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
               "net.ipv6.conf.default.disable_ipv6=1")
            sh("ip", "-n", self.ns(n), "link", "set", "lo", "up")
        sh("ip", "-n", wire, "link", "add", "name", "wire0", "type", "bridge")
        sh("ip", "-n", wire, "addr", "add", f"{GATEWAY}/24", "dev", "wire0")
        sh("ip", "-n", wire, "link", "set", "wire0", "up")
        for n, addr in ADDRS.items():
            # Both ends are created straight in their namespaces: nothing touches this one.
            sh("ip", "link", "add", "eth0", "netns", self.ns(n), "type", "veth",
               "peer", "name", f"p{n}", "netns", wire)
            sh("ip", "-n", wire, "link", "set", f"p{n}", "master", "wire0", "up")
            sh("ip", "-n", self.ns(n), "addr", "add", f"{addr}/24", "dev", "eth0")
            sh("ip", "-n", self.ns(n), "link", "set", "eth0", "up")
            # Like a real server: a default route out of the uplink, forwarding on.
            sh("ip", "-n", self.ns(n), "route", "add", "default", "via", GATEWAY)
            sh("ip", "netns", "exec", self.ns(n), "sysctl", "-qw", "net.ipv4.ip_forward=1")
        for key in ("client", "host_a", "host_b"):
            sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(self.dir / key))
        (self.dir / "authorized_keys").write_text((self.dir / "client.pub").read_text())
        (self.dir / "ssh_config").write_text(SSH_CONFIG.format(dir=self.dir))
        for n in ("a", "b"):
            self.start_sshd(n)

    def start_sshd(self, name: str, user: str | None = None, port: int = 22, wrap: tuple[str, ...] = ()) -> None:
        """sshd for host `name`. With `user`, a second sshd on `port` whose machine
        also has that account (uid USER_UID), known only inside its own mount namespace.
        `wrap` prefixes sshd (e.g. setpriv dropping capabilities, as a container does)."""
        key = name if user is None else f"{name}-{user}"
        cfg = self.dir / f"sshd_{key}"
        text = SSHD_CONFIG.format(addr=ADDRS[name], dir=self.dir, name=name)
        etc = "-"
        if user is not None:  # the account's key must be readable by it: /run is this sshd's own
            text = text.replace(f"ListenAddress {ADDRS[name]}", f"ListenAddress {ADDRS[name]}:{port}") \
                       .replace(f"AuthorizedKeysFile {self.dir}/authorized_keys", "AuthorizedKeysFile /run/keys") \
                       .replace(f"sshd_{name}.pid", f"sshd_{key}.pid")
            etc = str(self.accounts(key, user))
        cfg.write_text(text)
        # In its own mount namespace, like a machine of its own: the checkout is
        # hidden (the far side must do with its own tools, never this netsh or
        # its Python) and /run is its own (its /run/netsh journal and locks, its
        # /run/netns names, sshd's privilege-separation directory); with a user,
        # /etc/passwd, group and shadow that list it (this machine's are untouched).
        hide = 'mount -t tmpfs netsh-hidden "$1" && mount --bind "$2" /run && mkdir -p -m 755 /run/sshd ' \
               '&& { [ "$3" = - ] || for f in passwd group shadow; do mount --bind "$3/$f" "/etc/$f" || exit 1; ' \
               'done; } && shift 3 && exec "$@"'
        self.run_dir(key).mkdir(exist_ok=True)  # outlives this sshd, as a host's /run outlives its sshd
        if user is not None:
            (self.run_dir(key) / "keys").write_text((self.dir / "client.pub").read_text())
            os.chmod(self.run_dir(key) / "keys", 0o644)
        proc = subprocess.Popen(["nsenter", f"--net=/run/netns/{self.ns(name)}", "unshare", "--mount", "--",
                                 "sh", "-c", hide, "sh", str(REPO), str(self.run_dir(key)), etc,
                                 *wrap, SSHD, "-D", "-e", "-f", str(cfg)],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.sshd[key] = proc
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            listening = sh("nsenter", f"--net=/run/netns/{self.ns(name)}", "ss", "-ltnH", check=False).stdout
            if f"{ADDRS[name]}:{port}" in listening:
                return
            if proc.poll() is not None:
                raise RuntimeError(f"sshd for {name} exited: {proc.stderr.read()}")
            time.sleep(0.05)
        raise RuntimeError(f"sshd for {name} did not start listening")

    def accounts(self, key: str, user: str) -> Path:
        """Copies of this machine's passwd, group and shadow with `user` added (home /tmp)."""
        folder = self.dir / f"etc-{key}"
        folder.mkdir(exist_ok=True)
        lines = {"passwd": f"{user}:x:{USER_UID}:{USER_UID}:netsh lab:/tmp:/bin/sh",
                 "group": f"{user}:x:{USER_UID}:", "shadow": f"{user}:*:19000:0:99999:7:::"}
        for name, line in lines.items():
            (folder / name).write_text(Path(f"/etc/{name}").read_text().rstrip("\n") + f"\n{line}\n")
        os.chmod(folder / "shadow", 0o640)
        return folder

    def drop(self, name: str, sshd_only: bool = False) -> None:
        """Kill the sshd started for `name` and the processes it spawned (its
        sessions); with `sshd_only`, only its sshd processes, as when the
        server dies, so what hangs on the connection must end by itself."""
        proc = self.sshd.pop(name)
        pids = [proc.pid, *descendants(proc.pid)]
        if sshd_only:
            pids = [p for p in pids if p == proc.pid or comm(p) == "sshd"]
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait()

    def down(self) -> None:
        for name in list(self.sshd):
            self.drop(name)
        for n in ("c", "b", "a", "wire"):
            sh("ip", "netns", "del", self.ns(n), check=False)


# Helpers the SSH tests share: netsh run from the client namespace, what runs on a host.

def host_state(lab: Lab, name: str) -> dict:
    state = _strip_counters(snapshot(("nsenter", f"--net=/run/netns/{lab.ns(name)}")))
    del state["netns"]  # the machine-wide /run/netns list is the autouse fixture's business
    return state


def netsh(lab: Lab, *args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    return lab.in_client(*NETSH, *args, "--ssh-config", lab.ssh_config, env=env, **kw)


def sessions(lab: Lab, name: str) -> list[int]:
    """What runs on a host's side of the SSH connections: its sshd's children, sshd aside."""
    return [p for p in descendants(lab.sshd[name].pid) if comm(p) != "sshd"]


def wait_dead(pids: list[int], seconds: float = 5) -> list[int]:
    deadline = time.monotonic() + seconds
    while any(map(alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [p for p in pids if alive(p)]


def run_until_step(lab: Lab, step: int, *args: str, env: dict | None = None) -> tuple[subprocess.Popen, list[str]]:
    proc = subprocess.Popen(["nsenter", f"--net=/run/netns/{lab.ns('c')}", *NETSH, *args,
                             "--ssh-config", lab.ssh_config],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**(env or os.environ), "PYTHONUNBUFFERED": "1", "COLUMNS": "200"})
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if f"Step {step} ·" in line:
            return proc, seen
    raise AssertionError("the run ended before step %d: %s%s" % (step, "".join(seen), proc.stderr.read()))
