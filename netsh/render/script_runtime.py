"""The bash every exported check relies on: the verdict tally, and one JSON reader.

State claims are judged from `ip -j`, `bridge -j` and `ethtool --json` output.
`rows` turns such output into one line per array element, its fields separated
by the unit separator (0x1f, never in a name or address, and not blank, so an
empty field stays a field for `read`). python3 reads the JSON where it is
installed, jq where it is not (NETSH_JSON=python3|jq|none chooses); with
neither, JSON-judged claims are reported as "?" (cannot tell) and counted
apart, never guessed.
"""

from __future__ import annotations

ROWS_PY = """import json, sys
args = sys.argv[1:]
each = args[1] if args[:1] == ["-e"] else None
fields = args[2:] if each else args
def get(e, path):
    for k in path.split("."):
        e = e.get(k) if isinstance(e, dict) else None
    if e is None:
        return ""
    if isinstance(e, bool):
        return "true" if e else "false"
    if isinstance(e, list):
        return ",".join(map(str, e))
    return str(e)
data = json.loads(sys.stdin.read().strip() or "[]")
items = [x for e in data for x in (e.get(each) or [])] if each else data
for e in items:
    print("\\x1f".join(get(e, p) for p in fields))"""

ROWS_JQ = """($ARGS.positional | map(split("."))) as $ps
  | (if $each == "" then .[] else .[] | (.[$each] // [])[] end) as $e
  | [$ps[] as $p | ($e | try getpath($p) catch null)
     | if . == null then "" elif type == "array" then map(tostring) | join(",") else tostring end]
  | join("\\u001f")"""

RUNTIME = f"""held=0 failed=0 unknown=0
ok=2 seen="" why=""
# NETSH_JSON=python3|jq picks the JSON reader, NETSH_JSON=none uses neither.
json_tool=${{NETSH_JSON:-}}
if [ -z "$json_tool" ]; then
  if command -v python3 >/dev/null 2>&1; then json_tool=python3
  elif command -v jq >/dev/null 2>&1; then json_tool=jq; fi
fi
[ "$json_tool" != none ] || json_tool=""
no_json() {{  # the verdict of a claim judged from JSON where nothing can read it
  ok=2 seen="not checked: reading JSON needs python3 or jq (NETSH_JSON=${{NETSH_JSON:-unset}})"
}}

rows() {{  # rows [-e KEY] FIELD... <JSON: a line per element of a JSON array (or of each one's KEY list)
  if [ "$json_tool" = python3 ]; then
    python3 -c '{ROWS_PY}' "$@"
  else
    local each=""
    if [ "$1" = -e ]; then each=$2; shift 2; fi
    jq -r --arg each "$each" '{ROWS_JQ}' --args "$@"
  fi
}}

has_row() {{  # has_row FIELD... <ROWS: is there a line with exactly these fields?
  local want
  want=$(IFS=$'\\x1f'; printf '%s' "$*")
  grep -xF -- "$want" >/dev/null  # not -q: reading to the end spares the writer a broken pipe
}}

ping_seen() {{  # ping_seen <PING-OUTPUT: the reply time, or why there was none
  local out line
  out=$(cat)
  if [[ $out =~ time=([0-9.]+\\ ms) ]]; then echo "reply in ${{BASH_REMATCH[1]}}"; return; fi
  line=$(grep -m 1 -E 'unreachable|Unreachable|connect:|Cannot|not known' <<<"$out")
  if [ -n "$line" ]; then echo "$line"
  elif [[ $out =~ ([0-9]+)\\ packets\\ transmitted,\\ ([0-9]+)\\ received ]]; then
    echo "no reply (${{BASH_REMATCH[1]}} sent, ${{BASH_REMATCH[2]}} received)"
  else tail -c 200 <<<"$out"; fi
}}

verdict() {{  # verdict TEXT: count and print the verdict left in $ok, $seen and $why
  case $ok in
    0) held=$((held + 1)); echo "  ✓ $1 — $seen" ;;
    1) failed=$((failed + 1)); echo "  ✗ $1 — $seen"; [ -z "$why" ] || echo "    why: $why" ;;
    *) unknown=$((unknown + 1)); echo "  ? $1 — $seen" ;;
  esac
}}

indented() {{  # indented <TEXT: a command's output, set off as the run shows it
  sed 's/^/    /'
}}

summary() {{
  echo "claims held: $held, not held: $failed, cannot tell: $unknown"
}}
"""

SHELLCHECK_NOTE = "# shellcheck disable=SC2016  # backquotes in claim texts are Markdown, not commands"

KERNEL_AT_LEAST = """kernel_at_least() {  # kernel_at_least X.Y: this kernel's release is X.Y or later
  printf '%s\\n%s\\n' "$1" "$(uname -r)" | sort -V -C
}"""
