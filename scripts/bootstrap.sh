# shellcheck shell=bash
# Sourced by scripts/netsh and scripts/test: install what netsh needs, once.
# System tools come from apt (as root); Python packages go into .venv.
set -euo pipefail
NETSH_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$NETSH_HOME/.venv"

# command -> Debian package, from the one table netsh itself reads (netsh/packages.txt)
declare -A RUNTIME_TOOLS=()
# shellcheck disable=SC2034  # read through a nameref in missing_packages
while read -r tool package _; do
  [[ -z "$tool" || "$tool" == \#* ]] && continue
  RUNTIME_TOOLS[$tool]=$package
done < "$NETSH_HOME/netsh/packages.txt"

missing_packages() {  # missing_packages NAME... (names of associative arrays)
  local -n table
  local pkgs=()
  for table in "$@"; do
    for tool in "${!table[@]}"; do
      command -v "$tool" >/dev/null 2>&1 || pkgs+=("${table[$tool]}")
    done
  done
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || pkgs+=(python3-venv)
  command -v python3 >/dev/null 2>&1 || pkgs+=(python3)
  printf '%s\n' "${pkgs[@]}" | sort -u | grep -v '^$' || true
}

install_packages() {  # install_packages PKG...
  [ "$#" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "netsh needs these packages: $*" >&2
    echo "Install them (sudo apt-get install $*) and run this again." >&2
    exit 3
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "netsh needs: $* — this machine has no apt-get; install them with its package manager." >&2
    exit 3
  fi
  echo "netsh: installing $* (apt-get)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_venv() {  # ensure_venv EXTRAS  (reinstalls when pyproject.toml changed)
  local extras=$1 stamp="$VENV/.netsh-installed-$1"
  if [ ! -x "$VENV/bin/python" ]; then
    echo "netsh: creating $VENV" >&2
    python3 -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ] || [ "$NETSH_HOME/pyproject.toml" -nt "$stamp" ]; then
    echo "netsh: installing Python dependencies into $VENV" >&2
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "${NETSH_HOME}[$extras]" >&2
    touch "$stamp"
  fi
}
