#!/bin/bash
# Consul Cluster Factory: bakes Consul into the builder instance (EC2 user data, runs once).
# Installs the HashiCorp release, the consul user and directories, the server config and a systemd unit that
# is installed but neither enabled nor started. The release is trusted only through HashiCorp's signature:
# the SHA256SUMS file must carry a valid signature whose primary key is the pinned release key (shipped in
# the function package, never fetched), and only then is the zip checked against it. Prints exactly one
# result line, CONSUL_BAKE_RESULT=OK version=<v> or CONSUL_BAKE_RESULT=FAILED reason=<why> (a refused
# signature: reason=signature verification failed: <why>), to stdout and the console, then powers off: the
# instance stops (its shutdown behaviour is "stop") and is imaged, or the factory sees FAILED and ends it.
set -euo pipefail

CONSUL_VERSION='@@CONSUL_VERSION@@'
CONSUL_CONFIG_B64='@@CONSUL_CONFIG_B64@@'
# HashiCorp's release signing key (armored), its primary key's fingerprint, and the name the release
# signature has after consul_<v>_SHA256SUMS; see io.consulfactory.consul.ReleaseKey.
RELEASE_KEY='@@RELEASE_KEY@@'
RELEASE_KEY_FINGERPRINT='@@RELEASE_KEY_FINGERPRINT@@'
RELEASE_SIG_SUFFIX='@@RELEASE_SIG_SUFFIX@@'
# The servers' helper (userdata/consul-secrets.py): reads the cluster's secrets at boot. Gzipped, then base64.
SECRETS_HELPER_B64='@@SECRETS_HELPER_B64@@'

# Overridable only so tests can run this script in a temporary root.
ROOT="${CONSUL_BAKE_ROOT:-}"
CONSOLE="${CONSUL_BAKE_CONSOLE:-/dev/console}"
RELEASES="${CONSUL_RELEASES_URL:-https://releases.hashicorp.com/consul}"

CONSUL_HOME="$ROOT/opt/consul"
step="starting"
reason=""
reported=""

report() {
  local line="CONSUL_BAKE_RESULT=$1"
  echo "$line"
  { echo "$line" > "$CONSOLE"; } 2>/dev/null || true
  reported=yes
}

fail() {
  reason="$1"
  exit 1
}

finish() {
  local status=$?
  if [ -z "$reported" ]; then
    if [ "$status" -eq 0 ]; then
      report "OK version=$CONSUL_VERSION"
    else
      report "FAILED reason=${reason:-$step failed (exit $status)}"
    fi
  fi
  poweroff
}
trap finish EXIT

step="detecting the architecture"
case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) fail "unsupported architecture $(uname -m)" ;;
esac

zip="consul_${CONSUL_VERSION}_linux_${arch}.zip"
sums="consul_${CONSUL_VERSION}_SHA256SUMS"
sig="${sums}${RELEASE_SIG_SUFFIX}"
work="$(mktemp -d)"

download() {
  step="download of $1"
  curl --fail --silent --show-error --location --retry 5 --retry-delay 2 --retry-connrefused \
    --connect-timeout 10 --max-time 300 --output "$work/$1" "$RELEASES/$CONSUL_VERSION/$1"
}
download "$zip"
download "$sums"
if ! download "$sig"; then
  fail "signature verification failed: no signature file $sig at $RELEASES/$CONSUL_VERSION"
fi

# As HashiCorp verifies a download (https://www.hashicorp.com/trust/security): the SHA256SUMS signature first,
# then the zip's checksum. gpgv is on every Ubuntu image (apt depends on it) and trusts only the keyring given;
# gpg (also in Ubuntu's cloud images) only reads the shipped key. GnuPG's home is private and empty.
step="signature verification of $sums"
sig_fail() { fail "signature verification failed: $1"; }
for tool in gpg gpgv; do
  command -v "$tool" > /dev/null || sig_fail "$tool is not installed"
done
GNUPGHOME="$(mktemp -d "$work/gnupg.XXXXXX")"
chmod 0700 "$GNUPGHOME"
export GNUPGHOME
keyring="$GNUPGHOME/release-key.gpg"
printf '%s\n' "$RELEASE_KEY" | gpg --batch --quiet --dearmor > "$keyring" 2> /dev/null ||
  sig_fail "the shipped release key is not an armored OpenPGP key"
# Every primary key in the keyring (the fpr after a pub): exactly the pinned one.
shipped="$(gpg --batch --with-colons --show-keys "$keyring" 2> /dev/null |
  awk -F: '$1 == "pub" { p = 1; next } p && $1 == "fpr" { o = o s $10; s = ","; p = 0 } END { print o }')" || shipped=""
[ "$shipped" = "$RELEASE_KEY_FINGERPRINT" ] ||
  sig_fail "key fingerprint mismatch: the shipped key is ${shipped:-unreadable}, the pinned fingerprint is $RELEASE_KEY_FINGERPRINT"
# VALIDSIG's last field is the signer's primary key (HashiCorp signs with a subkey): it must be the pinned one.
status="$(gpgv --status-fd 1 --keyring "$keyring" "$work/$sig" "$work/$sums" 2> "$GNUPGHOME/gpgv.log")" && ok=yes || ok=""
signers="$(awk '$2 == "VALIDSIG" { o = o s $NF; s = "," } END { print o }' <<< "$status")"
if [ -z "$ok" ] || [ "$signers" != "$RELEASE_KEY_FINGERPRINT" ]; then
  other="$(awk '$2 == "NO_PUBKEY" { print $3; exit }' <<< "$status")"
  if grep -q '^\[GNUPG:\] BADSIG ' <<< "$status"; then
    sig_fail "bad signature: $sums does not match $sig (altered on the way or on the mirror)"
  elif [ -n "$signers$other" ]; then
    sig_fail "signature by another key (${signers:-key id $other}), not $RELEASE_KEY_FINGERPRINT"
  fi
  sig_fail "$sig is not a valid signature of $sums ($(tail -n 1 "$GNUPGHOME/gpgv.log" 2> /dev/null || true))"
fi

step="checksum verification of $zip"
expected="$(awk -v file="$zip" '$2 == file { print $1 }' "$work/$sums")"
[ -n "$expected" ] || fail "checksum verification failed: no line for $zip in $sums"
actual="$(sha256sum "$work/$zip" | awk '{ print $1 }')"
[ "$expected" = "$actual" ] || fail "checksum mismatch for $zip: expected $expected, got $actual"

step="creating the consul user"
if ! id consul > /dev/null 2>&1; then
  useradd --system --home-dir /opt/consul --no-create-home --shell /bin/false consul
fi

step="creating /opt/consul"
install -d -m 0755 "$CONSUL_HOME" "$CONSUL_HOME/bin" "$ROOT/usr/local/bin" "$ROOT/etc/systemd/system"
install -d -m 0750 "$CONSUL_HOME/data" "$CONSUL_HOME/consul.d"

step="unpacking $zip"
if command -v unzip > /dev/null 2>&1; then
  unzip -o -q "$work/$zip" -d "$CONSUL_HOME/bin"
else
  python3 -m zipfile -e "$work/$zip" "$CONSUL_HOME/bin"
fi
chmod 0755 "$CONSUL_HOME/bin/consul"
ln -sf /opt/consul/bin/consul "$ROOT/usr/local/bin/consul"

step="checking the consul binary"
# Whole output first: piping into head could kill consul with SIGPIPE, which pipefail turns into a failure.
version_output="$("$CONSUL_HOME/bin/consul" version)"
installed="${version_output%%$'\n'*}"
[ "$installed" = "Consul v$CONSUL_VERSION" ] || fail "the unpacked binary reports '$installed', not Consul v$CONSUL_VERSION"

step="writing the server config"
printf '%s' "$CONSUL_CONFIG_B64" | base64 -d > "$CONSUL_HOME/consul.d/0-consul.json"
chmod 0640 "$CONSUL_HOME/consul.d/0-consul.json"
chown -R consul:consul "$CONSUL_HOME/data" "$CONSUL_HOME/consul.d"

step="installing the secrets helper"
printf '%s' "$SECRETS_HELPER_B64" | base64 -d | gunzip > "$work/consul-secrets"
python3 -c 'import ast, sys; ast.parse(open(sys.argv[1]).read())' "$work/consul-secrets" ||
  fail "the secrets helper does not parse with this image's python3"
install -m 0755 "$work/consul-secrets" "$CONSUL_HOME/bin/consul-secrets"

step="installing the systemd unit"
cat > "$ROOT/etc/systemd/system/consul.service" << 'UNIT'
[Unit]
Description=HashiCorp Consul server
Documentation=https://developer.hashicorp.com/consul/docs
Requires=network-online.target
After=network-online.target
ConditionFileNotEmpty=/opt/consul/consul.d/0-consul.json

[Service]
Type=notify
User=consul
Group=consul
ExecStart=/opt/consul/bin/consul agent -config-dir=/opt/consul/consul.d
ExecReload=/bin/kill --signal HUP $MAINPID
KillMode=process
KillSignal=SIGTERM
Restart=on-failure
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload

rm -rf "$work"
step="finishing"
