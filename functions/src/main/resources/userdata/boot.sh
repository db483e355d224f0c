#!/bin/bash
# Consul Cluster Factory: starts Consul on a cluster server (EC2 user data of the launch template).
# Reads the instance's private IP and id from the metadata service (IMDSv2), names the host after the
# instance, puts the IP into the server config's bind_addr, then enables and starts Consul. Fails loudly,
# without starting Consul, when the metadata service gives no address.
set -euo pipefail

BIND_ADDR_PLACEHOLDER='@@BIND_ADDR_PLACEHOLDER@@'

# Overridable only so tests can run this script in a temporary root.
ROOT="${CONSUL_BOOT_ROOT:-}"
CONSOLE="${CONSUL_BOOT_CONSOLE:-/dev/console}"
IMDS="${CONSUL_IMDS_URL:-http://169.254.169.254}"
TRIES="${CONSUL_IMDS_TRIES:-30}"
PAUSE="${CONSUL_IMDS_PAUSE:-2}"

CONFIG="$ROOT/opt/consul/consul.d/0-consul.json"
HOSTS="$ROOT/etc/hosts"

say() {
  echo "consul-boot: $*" >&2
  { echo "consul-boot: $*" > "$CONSOLE"; } 2>/dev/null || true
}

die() {
  say "FAILED: $*"
  exit 1
}

# One metadata value, retried with a bound: the metadata service can be slow right after boot.
metadata() {
  local path="$1" token value attempt
  for ((attempt = 1; attempt <= TRIES; attempt++)); do
    if token="$(curl --fail --silent --connect-timeout 2 --max-time 5 -X PUT \
      -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' "$IMDS/latest/api/token")" &&
      value="$(curl --fail --silent --connect-timeout 2 --max-time 5 \
        -H "X-aws-ec2-metadata-token: $token" "$IMDS/latest/meta-data/$path")" &&
      [ -n "$value" ]; then
      printf '%s' "$value"
      return 0
    fi
    sleep "$PAUSE"
  done
  return 1
}

ip="$(metadata local-ipv4)" || die "no private IPv4 address from the instance metadata service after $TRIES tries"
[[ "$ip" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || die "the metadata service answered '$ip' for local-ipv4, not an IPv4 address"
id="$(metadata instance-id)" || die "no instance id from the instance metadata service after $TRIES tries"
[[ "$id" =~ ^i-[0-9a-f]+$ ]] || die "the metadata service answered '$id' for instance-id, not an instance id"
host="consul-${id#i-}"

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

systemctl enable --now consul
say "Consul started on $host ($ip)"
