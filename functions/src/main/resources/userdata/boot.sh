#!/bin/bash
# Consul Cluster Factory: starts Consul on a cluster server (EC2 user data of the launch template) and
# reports Consul's own view of it on the serial console, the only channel the factory reads (contract:
# CONSOLE_PROTOCOL.md). Boot mode (no argument):
#   - reads the private IP, the instance id and the consul-server-count instance tag (N) from IMDSv2, names
#     the host consul-<id>, puts the IP into bind_addr, writes 1-servers.json from N and 2-security.json for
#     the security stage, has the baked helper consul-secrets fetch the cluster's secrets, starts Consul;
#   - once there is a leader, has the helper make the factory's ACL policies and tokens (idempotent);
#   - polls the local agent until it is a healthy voter with a leader for three checks in a row and prints
#     CONSUL_JOIN_RESULT=OK, or CONSUL_JOIN_RESULT=FAILED with the last thing seen after the bound (exit 1);
#   - after OK installs itself as /opt/consul/bin/consul-report and a systemd timer that runs it every 30 s.
# Status mode (`consul-report status`): prints one CONSUL_STATUS line; on the leader, also sets autopilot's
# MinQuorum to N (the config file's min_quorum is read only at bootstrap, N can change by re-tagging), and
# has the helper answer the consul-restore-request and consul-snapshot-request tags and save hourly snapshots.
# Tokens are read by curl from files (-H @file): never on a command line, the console or in a log.
set -euo pipefail

BIND_ADDR_PLACEHOLDER='@@BIND_ADDR_PLACEHOLDER@@'
AWS_REGION='@@AWS_REGION@@'
CLIENT_SECRET_ID='@@CLIENT_SECRET_ID@@'
SERVER_SECRET_ID='@@SERVER_SECRET_ID@@'
SECURITY_STAGE='@@SECURITY_STAGE@@'
SECURITY_CONFIG_B64='@@SECURITY_CONFIG_B64@@'
SNAPSHOT_BUCKET='@@SNAPSHOT_BUCKET@@'
MODE="${1:-boot}"

# Overridable only so tests can run this script in a temporary root against fake services.
ROOT="${CONSUL_BOOT_ROOT:-}"
CONSOLE="${CONSUL_BOOT_CONSOLE:-/dev/console}"
IMDS="${CONSUL_IMDS_URL:-http://169.254.169.254}"
API="${CONSUL_BOOT_API:-http://127.0.0.1:8500}"
PAUSE="${CONSUL_IMDS_PAUSE:-2}"
JOIN_PAUSE="${CONSUL_JOIN_PAUSE:-5}"
JOIN_TIMEOUT="${CONSUL_JOIN_TIMEOUT:-600}"
if [ "$MODE" = status ]; then
  # The timer runs this every 30 s: a slow metadata service must not hold the line back.
  TRIES="${CONSUL_IMDS_TRIES:-2}"
else
  TRIES="${CONSUL_IMDS_TRIES:-30}"
fi

CONFIG="$ROOT/opt/consul/consul.d/0-consul.json"
SERVERS="$ROOT/opt/consul/consul.d/1-servers.json"
SECURITY="$ROOT/opt/consul/consul.d/2-security.json"
HELPER="$ROOT/opt/consul/bin/consul-secrets"
TOKENS="$ROOT/opt/consul/tokens"
HOSTS="$ROOT/etc/hosts"
UNITS="$ROOT/etc/systemd/system"
REPORTER="/opt/consul/bin/consul-report"
TAG=consul-server-count
host=""

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Notes for people: on stderr (cloud-init's log; the journal for the timer) and, at boot, on the console.
# Every 30 s they would crowd the protocol lines out of the 64 KB that EC2 keeps.
say() {
  echo "consul-boot: $*" >&2
  if [ "$MODE" != status ]; then { echo "consul-boot: $*" >> "$CONSOLE"; } 2>/dev/null || true; fi
}

# A protocol line: to the console, where the factory reads it (the tty adds the \r of \r\n), and stdout.
line() {
  echo "$*"
  { echo "$*" >> "$CONSOLE"; } 2>/dev/null || true
}

now() {
  date -u +%Y-%m-%dT%H:%M:%SZ
}

join_failed() {
  line "CONSUL_JOIN_RESULT=FAILED node=${host:-unknown} at=$(now) reason=$*"
}

# Before Consul runs: the factory gets a FAILED line at once instead of waiting for its own bound.
die() {
  say "FAILED: $*"
  join_failed "$*"
  exit 1
}

# One metadata value, retried with a bound: the metadata service can be slow right after boot.
metadata() {
  local path="$1" tries="${2:-$TRIES}" token value attempt
  for ((attempt = 1; attempt <= tries; attempt++)); do
    if token="$(curl --fail --silent --connect-timeout 2 --max-time 5 -X PUT \
      -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' "$IMDS/latest/api/token")" &&
      value="$(curl --fail --silent --connect-timeout 2 --max-time 5 \
        -H "X-aws-ec2-metadata-token: $token" "$IMDS/latest/meta-data/$path")" &&
      [ -n "$value" ]; then
      printf '%s' "$value"
      return 0
    fi
    if ((attempt < tries)); then sleep "$PAUSE"; fi
  done
  return 1
}

# N, the cluster's server count, from the instance tag (the factory re-tags servers when N changes).
server_count() {
  local value
  if ! value="$(metadata "tags/instance/$TAG")"; then
    if metadata tags/instance 1 > /dev/null; then
      echo "the instance has no $TAG tag after $TRIES tries: the Auto Scaling group must carry it with PropagateAtLaunch"
    else
      echo "no instance tags in the instance metadata after $TRIES tries: the launch template must enable InstanceMetadataTags"
    fi
    return 1
  fi
  if ! [[ "$value" =~ ^[1-9]$ ]]; then
    value="${value:0:20}"
    echo "the $TAG tag is '${value//[^[:alnum:]._-]/?}', not a server count from 1 to 9"
    return 1
  fi
  echo "$value"
}

# The local agent's answer to one GET: body in $work/<name>.json, HTTP status in $work/<name>.code (000: no
# answer). Bodies stay in files and only chosen fields reach the console: no API body is ever printed.
# The status token goes only with default-deny ACLs (the final stage): Consul refuses a SecretID it does not hold
# even under default_policy=allow, and while a running cluster is stepped up its leader may not have made it yet,
# whereas the anonymous token follows the default policy.
get() {
  local code auth=()
  if [ "$SECURITY_STAGE" = 3 ] && [ -f "$TOKENS/status" ]; then auth=(-H "@$TOKENS/status"); fi
  code="$(curl --silent --connect-timeout 2 --max-time 5 "${auth[@]}" -o "$work/$1.json" -w '%{http_code}' "$API$2")" || code=000
  echo "$code" > "$work/$1.code"
}

observe() {
  rm -f "$work"/*.json "$work"/*.code "$work/autopilot.put"
  get leader /v1/status/leader
  get members /v1/agent/members
  if [ "$(cat "$work/leader.code")" = 200 ]; then
    get self /v1/agent/self
    get raft /v1/operator/raft/configuration
    get health /v1/operator/autopilot/health
    if [ "$MODE" = status ]; then get autopilot /v1/operator/autopilot/configuration; fi
  fi
}

# Judges what observe() saw against the contract's join condition, for N servers (0: unknown). Prints
# "<pass|fail> <leader> <voters> <failure tolerance> <healthy> <min quorum> <cas|-> <gossip> <tls> <acl> <reason>";
# on the leader, when MinQuorum differs from N, writes the configuration to PUT back as $work/autopilot.put.
# The baked helper parses the JSON with python3: on every Ubuntu cloud image, as cloud-init runs on it (no jq).
judge() {
  python3 "$HELPER" judge "$work" "$1"
}

# The consul unit's last journal line, as one line of printable text.
journal_tail() {
  local last
  last="$(journalctl -u consul -n 1 --no-pager -o cat 2> /dev/null | tail -n 1 | tr -cd '[:print:]' | cut -c 1-300)" || true
  echo "${last:-no journal entry for the consul unit}"
}

verdict="" leader="" voters="" tolerance="" healthy="" min_quorum="" cas="" gossip="" tls="" acl="" reason=""
check() {
  local out
  observe
  out="$(judge "$1")" || out="fail none 0 0 false 0 - off off off python3 could not judge the agent's answers"
  read -r verdict leader voters tolerance healthy min_quorum cas gossip tls acl reason <<< "$out"
  if [ "$reason" = "agent not running" ]; then reason="agent not running: $(journal_tail)"; fi
  [ "$verdict" = pass ]
}

# The security fields of both protocol lines, as Consul itself reports them.
security() {
  echo "gossip=$gossip tls=$tls acl=$acl"
}

# The factory's ACL policies and tokens, made with the initial management token unless they exist. Every
# server may try: the helper finds what is there first. Only its one-line outcome is logged.
acl_bootstrap() {
  local out
  if out="$(python3 "$HELPER" acl-bootstrap --api "$API" --root "${ROOT:-/}" 2>&1 | tail -n 1)"; then
    say "$out"
    return 0
  fi
  say "ACL policies and tokens not made yet: $out"
  return 1
}

status() {
  local n
  host="$(hostname)"
  n="$(server_count)" || {
    say "status without a server count: $n"
    n=0
  }
  check "$n" || say "status: $reason"
  if [[ "$reason" == ACL:* ]]; then acl_bootstrap || true; fi
  if [ "$cas" != - ] && [ -f "$work/autopilot.put" ]; then
    # Check-and-set on ModifyIndex: a concurrent change wins, and the next run (30 s) looks again. Only the
    # operator token may write autopilot's configuration.
    local auth=()
    if [ -f "$TOKENS/operator" ]; then auth=(-H "@$TOKENS/operator"); fi
    if [ "$(curl --silent --connect-timeout 2 --max-time 5 "${auth[@]}" -X PUT --data-binary "@$work/autopilot.put" \
      "$API/v1/operator/autopilot/configuration?cas=$cas")" = true ]; then
      say "autopilot MinQuorum $min_quorum -> $n"
      min_quorum="$n"
    else
      say "autopilot MinQuorum not set to $n (cas $cas refused or no answer); next run retries"
    fi
  fi
  line "CONSUL_STATUS node=$host leader=$leader voters=$voters failure_tolerance=$tolerance" \
    "healthy=$healthy min_quorum=$min_quorum $(security) at=$(now)"
  backups
}

# The leader's backups: the helper reads the request tags, keeps what it answered, prints its lines. Run by each
# status report, and once right after the join, so a new cluster's first snapshot exists as soon as it is ready.
backups() {
  local ip out
  if [ -n "$SNAPSHOT_BUCKET" ] && [ "$leader" != none ] && ip="$(metadata local-ipv4)" && [ "${leader%:*}" = "$ip" ]; then
    out="$(python3 "$HELPER" backups --region "$AWS_REGION" --bucket "$SNAPSHOT_BUCKET" --api "$API" --root "${ROOT:-/}" \
      --cluster "$(metadata tags/instance/consul-cluster)" --key "$(metadata tags/instance/consul-restore-request 1)" \
      --request "$(metadata tags/instance/consul-snapshot-request 1)" 2> "$work/backup.err")" || say "backups: $(tail -n 1 "$work/backup.err" | tr -cd '[:print:]' | cut -c 1-200)"
    while read -r l; do if [[ "$l" == CONSUL_* ]]; then line "$l"; fi; done <<< "$out"
  fi
}

install_reporter() {
  install -d -m 0755 "$ROOT/opt/consul/bin" "$UNITS"
  install -m 0755 "$0" "$ROOT$REPORTER"
  cat > "$UNITS/consul-status.service" << UNIT
[Unit]
Description=Consul Cluster Factory: one CONSUL_STATUS line on the serial console
After=consul.service

[Service]
Type=oneshot
ExecStart=$REPORTER status
UNIT
  cat > "$UNITS/consul-status.timer" << 'UNIT'
[Unit]
Description=Consul Cluster Factory: CONSUL_STATUS on the serial console every 30 s

[Timer]
OnActiveSec=30s
OnUnitActiveSec=30s
AccuracySec=1s

[Install]
WantedBy=timers.target
UNIT
  systemctl daemon-reload
  systemctl enable --now consul-status.timer
}

if [ "$MODE" = status ]; then
  status
  exit 0
fi
[ "$MODE" = boot ] || die "unknown mode '$MODE' (none for boot, or status)"

ip="$(metadata local-ipv4)" || die "no private IPv4 address from the instance metadata service after $TRIES tries"
[[ "$ip" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || die "the metadata service answered '$ip' for local-ipv4, not an IPv4 address"
id="$(metadata instance-id)" || die "no instance id from the instance metadata service after $TRIES tries"
[[ "$id" =~ ^i-[0-9a-f]+$ ]] || die "the metadata service answered '$id' for instance-id, not an instance id"
host="consul-${id#i-}"
n="$(server_count)" || die "$n"

hostnamectl set-hostname "$host"
# One line for this host, marked so that a reboot replaces it instead of adding another.
{
  grep -v ' # consul-boot$' "$HOSTS" 2>/dev/null || true
  echo "$ip $host # consul-boot"
} > "$HOSTS.consul-boot"
cat "$HOSTS.consul-boot" > "$HOSTS"
rm -f "$HOSTS.consul-boot"

[ -f "$CONFIG" ] || die "$CONFIG is missing: was this image baked by the factory?"
grep -q '"bind_addr"' "$CONFIG" || die "$CONFIG has no bind_addr to set"
# Only bind_addr's value changes: the placeholder on first boot, the same address on a reboot.
sed -i -E 's/("bind_addr"[[:space:]]*:[[:space:]]*")[^"]*(")/\1'"$ip"'\2/' "$CONFIG"
grep -q "\"bind_addr\" *: *\"$ip\"" "$CONFIG" || die "could not set bind_addr in $CONFIG"
if grep -q "$BIND_ADDR_PLACEHOLDER" "$CONFIG"; then
  die "$CONFIG still holds the bind_addr placeholder"
fi

# A config file from $1.new, readable by Consul only, in place in one rename.
place() {
  chmod 0640 "$1.new"
  if id consul > /dev/null 2>&1; then
    chown consul:consul "$1.new" || die "could not give $1 to the consul user"
  fi
  mv -f "$1.new" "$1"
}

python3 -c 'import json, sys; n = int(sys.argv[1]); print(json.dumps({"bootstrap_expect": n, "autopilot": {"min_quorum": n}}))' \
  "$n" > "$SERVERS.new" || die "could not write $SERVERS"
place "$SERVERS"
printf '%s' "$SECURITY_CONFIG_B64" | base64 -d > "$SECURITY.new" || die "could not write $SECURITY"
place "$SECURITY"

# The gossip key, the certificates and the tokens, from Secrets Manager with the instance role. The helper
# prints no secret: on failure its one line names the secret, AWS's error code and message.
[ -f "$HELPER" ] || die "$HELPER is missing: was this image baked by the factory?"
if ! fetched="$(python3 "$HELPER" fetch --region "$AWS_REGION" --client-secret "$CLIENT_SECRET_ID" \
  --server-secret "$SERVER_SECRET_ID" --root "${ROOT:-/}" 2> "$work/fetch.err")"; then
  why="$(tail -n 1 "$work/fetch.err" | tr -cd '[:print:]' | cut -c 1-300)"
  die "could not read the cluster's secrets: ${why:-the helper stopped without a message}"
fi
say "$fetched"

# A failed start is not the end: the unit restarts on failure, and the poll below reports what it sees.
systemctl enable --now consul || say "systemctl could not start consul; waiting for it up to ${JOIN_TIMEOUT}s"
say "Consul started on $host ($ip) for $n servers at security stage $SECURITY_STAGE"

deadline=$((SECONDS + JOIN_TIMEOUT))
streak=0
acls=""
while :; do
  if check "$n"; then streak=$((streak + 1)); else streak=0; fi
  if [ -z "$acls" ] && [ "$leader" != none ] && acl_bootstrap; then acls=made; fi
  if ((streak >= 3)); then break; fi
  if ((SECONDS >= deadline)); then
    join_failed "$reason"
    exit 1
  fi
  sleep "$JOIN_PAUSE"
done
line "CONSUL_JOIN_RESULT=OK node=$host leader=$leader voters=$voters failure_tolerance=$tolerance $(security) at=$(now)"
install_reporter
backups
