#!/usr/bin/python3
"""Consul Cluster Factory: the server's helper, baked as /opt/consul/bin/consul-secrets (python3 stdlib only).

  fetch --region R --client-secret ID --server-secret ID [--root DIR]
      Reads the cluster's two secrets from AWS Secrets Manager with the instance role and writes the
      files of contract 14 (3-secrets.json, tls/*.pem, tokens/*). Exit 2 with one line on stderr on failure.
  acl-bootstrap --api URL [--root DIR]
      With the initial management token, makes the factory's ACL policies and tokens unless they exist.
  judge WORK N
      boot.sh's verdict on the local agent's answers saved in WORK (see boot.sh's check()).
  snapshot|restore|backups --region R --bucket B --cluster C --request ID --key K [--api URL] [--root DIR]
      consul snapshot save to s3://B/C/<time>-<index>.snap, or restore of s3://B/C/...; the leader's timer.

Not the AWS CLI: python3 is on every Ubuntu cloud image (cloud-init runs on it), so the image needs nothing
more. Signature Version 4: docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html (S3's:
AmazonS3/latest/API/sig-v4-header-based-auth.html); GetSecretValue: secretsmanager/latest/apireference/;
role credentials from IMDSv2: AWSEC2/latest/UserGuide/instance-metadata-security-credentials.html.
No secret is ever printed: errors name the secret ID, AWS's error code and AWS's message, never a value.
ACL calls: developer.hashicorp.com/consul/api-docs/acl/tokens, .../acl/policies.
"""
import json
import os
import re
import sys

# fetch and acl-bootstrap need more; judge runs every few seconds at boot and starts faster without them.
if sys.argv[1:2] != ["judge"]:
    import base64, datetime, grp, hashlib, hmac, random, time, urllib.error, urllib.parse, urllib.request  # noqa: E401

# Overridable only so tests can run against fakes (as boot.sh's CONSUL_IMDS_URL).
IMDS = os.environ.get("CONSUL_IMDS_URL", "http://169.254.169.254")
ENDPOINT = os.environ.get("CONSUL_SECRETS_ENDPOINT", "")
S3_ENDPOINT = os.environ.get("CONSUL_S3_ENDPOINT", "")
PAUSE = float(os.environ.get("CONSUL_SECRETS_PAUSE", "0.5"))
TRIES = 6
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CERT = ("-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----")
KEY = ("-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----")
TOKENS = ("management", "status", "operator")

# The contract's policies (HCL rules, developer.hashicorp.com/consul/docs/security/acl/acl-rules) and tokens.
POLICIES = {
    "consul-factory-agent": 'node_prefix "" { policy = "write" }\nservice_prefix "" { policy = "read" }\n',
    "consul-factory-status": 'operator = "read"\nnode_prefix "" { policy = "read" }\nagent_prefix "" { policy = "read" }\n',
    "consul-factory-autopilot": 'operator = "write"\n',
    # The least the snapshot API takes (api-docs/snapshot; Consul's acl/policy_authorizer.go Snapshot()).
    "consul-factory-snapshot": 'acl = "write"\n',
}
FACTORY_TOKENS = (  # token file or 3-secrets.json key, policy, description
    ("agent", "consul-factory-agent", "Consul Cluster Factory: the servers' agent token"),
    ("status", "consul-factory-status", "Consul Cluster Factory: the join check and the status reporter"),
    ("operator", "consul-factory-autopilot", "Consul Cluster Factory: the leader's autopilot MinQuorum update"),
    ("snapshot", "consul-factory-snapshot", "Consul Cluster Factory: the leader's snapshots and restores"),
)


class Failure(Exception):
    """One line for stderr: what failed, never a secret value."""


def one_line(text, limit=300):
    return re.sub(r"[^ -~]", "?", " ".join(str(text).split()))[:limit]


def request(url, data=None, headers=None, method=None, timeout=5):
    """(status, body bytes, headers); status 0 when nothing answered."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers
    except (OSError, ValueError) as e:
        return 0, str(e).encode(), {}


def backoff(attempt):
    # Full jitter (aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter), bounded.
    time.sleep(random.uniform(0, min(PAUSE * 2 ** attempt, 8 * PAUSE)))


# ---- fetch ---------------------------------------------------------------------------------------------

def role_credentials():
    last = "no answer"
    for attempt in range(TRIES):
        status, token, _ = request(IMDS + "/latest/api/token", b"", {"X-aws-ec2-metadata-token-ttl-seconds": "300"}, "PUT")
        if status == 200:
            h = {"X-aws-ec2-metadata-token": token.decode()}
            base = IMDS + "/latest/meta-data/iam/security-credentials/"
            status, roles, _ = request(base, headers=h)
            role = roles.decode(errors="replace").split("\n")[0].strip() if status == 200 else ""
            if status == 404:
                raise Failure("instance metadata: no IAM role on this instance (the launch template's instance profile)")
            if role:
                status, body, _ = request(base + urllib.parse.quote(role), headers=h)
                try:
                    creds = json.loads(body) if status == 200 else {}
                except ValueError:
                    creds = {}
                if all(creds.get(k) for k in ("AccessKeyId", "SecretAccessKey", "Token")):
                    return creds
                last = "role %s: %s" % (one_line(role, 64), one_line(creds.get("Code") or status))
            else:
                last = "HTTP %s for the role" % status
        else:
            last = "HTTP %s for a token" % status
        if attempt < TRIES - 1:
            backoff(attempt)
    raise Failure("instance metadata: no role credentials after %d tries (%s)" % (TRIES, last))


def sign(creds, region, service, method, path, headers, payload_hash, now):
    """SigV4 over the headers given (lower-case, host among them); host is then dropped: urllib sends the URL's own."""
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    headers = dict(headers, **{"x-amz-date": amz_date, "x-amz-security-token": creds["Token"]})
    names = ";".join(sorted(headers))
    canonical = "\n".join([method, path, ""] + ["%s:%s" % (k, headers[k]) for k in sorted(headers)]
                          + ["", names, payload_hash])
    scope = "%s/%s/%s/aws4_request" % (day, region, service)
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + creds["SecretAccessKey"]).encode()
    for part in (day, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        creds["AccessKeyId"], scope, names, signature)
    del headers["host"]
    return headers


def secret_string(creds, region, secret_id):
    url = ENDPOINT or "https://secretsmanager.%s.amazonaws.com" % region
    host = urllib.parse.urlsplit(url).netloc
    body = json.dumps({"SecretId": secret_id}).encode()
    for attempt in range(TRIES):
        headers = sign(creds, region, "secretsmanager", "POST", "/", {"content-type": "application/x-amz-json-1.1",
                       "host": host, "x-amz-target": "secretsmanager.GetSecretValue"}, hashlib.sha256(body).hexdigest(), now())
        status, answer, response_headers = request(url.rstrip("/") + "/", body, headers, "POST", timeout=10)
        try:
            parsed = json.loads(answer) if status else {}
        except ValueError:
            parsed = {}
        if status == 200 and isinstance(parsed.get("SecretString"), str):
            return parsed["SecretString"]
        if status == 200:
            raise Failure("secret %s: InvalidSecret: no SecretString (a binary secret?)" % secret_id)
        code = str(parsed.get("__type") or (response_headers.get("x-amzn-ErrorType") or "") or "").split("#")[-1].split(":")[0]
        message = parsed.get("message") or parsed.get("Message") or ("" if status else answer.decode(errors="replace"))
        retry = status == 0 or status >= 500 or status == 429 or code in ("ThrottlingException", "RequestLimitExceeded")
        if not retry or attempt == TRIES - 1:
            what = code or ("HTTP %d" % status if status else "ConnectionError")
            raise Failure("secret %s: %s: %s" % (secret_id, what, one_line(message or "no message")))
        backoff(attempt)


def as_json(secret_id, text, keys):
    try:
        value = json.loads(text)
    except ValueError:
        raise Failure("secret %s: InvalidSecret: the SecretString is not JSON" % secret_id)
    if not isinstance(value, dict):
        raise Failure("secret %s: InvalidSecret: the SecretString is not a JSON object" % secret_id)
    missing = [k for k in keys if not isinstance(value.get(k), str) or not value[k]]
    if missing:
        raise Failure("secret %s: InvalidSecret: missing %s" % (secret_id, ", ".join(missing)))
    return value


def pem(secret_id, name, text, markers):
    if not (text.strip().startswith(markers[0]) and text.strip().endswith(markers[1])):
        raise Failure("secret %s: InvalidSecret: %s is not a PEM %s" % (secret_id, name, markers[0][11:-5].lower()))
    return text.strip() + "\n"


def files_from(client_id, client, server_id, server):
    """Every file fetch writes: path under the root -> (text, mode, owned by the consul group)."""
    try:
        key = base64.b64decode(client["gossip_key"], validate=True)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise Failure("secret %s: InvalidSecret: gossip_key is not the base64 of 32 bytes" % client_id)
    names = {"management": "initial_management_token", "agent": "agent_token", "status": "status_token",
             "operator": "operator_token"}
    if "snapshot_token" in server:  # a server secret made before snapshots: the factory adds it on its next run
        names["snapshot"] = "snapshot_token"
    tokens = {}
    for short, key_name in names.items():
        # A token becomes an HTTP header line: only a UUID may, or a header could be injected.
        if not isinstance(server[key_name], str) or not UUID.match(server[key_name]):
            raise Failure("secret %s: InvalidSecret: %s is not a UUID" % (server_id, key_name))
        tokens[short] = server[key_name]
    consul = {"encrypt": client["gossip_key"],
              "acl": {"tokens": {"initial_management": tokens["management"], "agent": tokens["agent"]}}}
    files = {
        "opt/consul/consul.d/3-secrets.json": (json.dumps(consul, indent=2) + "\n", 0o640, True),
        "opt/consul/tls/ca.pem": (pem(client_id, "ca_cert", client["ca_cert"], CERT), 0o644, False),
        "opt/consul/tls/server.pem": (pem(server_id, "server_cert", server["server_cert"], CERT), 0o644, False),
        "opt/consul/tls/server-key.pem": (pem(server_id, "server_key", server["server_key"], KEY), 0o640, True),
    }
    for short in TOKENS + ("snapshot",):
        if short in tokens:
            files["opt/consul/tokens/" + short] = ("X-Consul-Token: %s\n" % tokens[short], 0o600, False)
    return files


def write_atomically(path, text, mode, gid):
    directory = os.path.dirname(path)
    temp = os.path.join(directory, ".%s.%d.tmp" % (os.path.basename(path), os.getpid()))
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, mode)
        if gid is not None:
            os.fchown(fd, 0, gid)
        os.write(fd, text.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, path)
    dfd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def fetch(args):
    creds = role_credentials()
    client = as_json(args.client_secret, secret_string(creds, args.region, args.client_secret), ("gossip_key", "ca_cert"))
    server = as_json(args.server_secret, secret_string(creds, args.region, args.server_secret),
                     ("server_cert", "server_key", "initial_management_token", "agent_token", "status_token", "operator_token"))
    files = files_from(args.client_secret, client, args.server_secret, server)
    try:
        gid = grp.getgrnam("consul").gr_gid  # the consul user's group, made by the bake
    except KeyError:
        gid = None
    try:
        for directory, mode in (("opt/consul/tls", 0o755), ("opt/consul/tokens", 0o700)):
            path = os.path.join(args.root, directory)
            os.makedirs(path, exist_ok=True)
            os.chmod(path, mode)
        for name, (text, mode, consul_group) in files.items():
            write_atomically(os.path.join(args.root, name), text, mode, gid if consul_group else None)
    except OSError as e:
        raise Failure("writing the secrets' files: %s" % one_line(e))
    print("wrote %d files from %s and %s" % (len(files), args.client_secret, args.server_secret))


# ---- acl-bootstrap -------------------------------------------------------------------------------------

def token_header(root, name):
    try:
        with open(os.path.join(root, "opt/consul/tokens", name)) as f:
            header = f.read().strip()
    except OSError:
        raise Failure("no %s token file: run consul-secrets fetch first" % name)
    key, _, value = header.partition(": ")
    return {key: value}


def consul(api, method, path, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    status, answer, _ = request(api + path, data, dict(token), method)
    try:
        return status, json.loads(answer)
    except ValueError:
        return status, answer.decode(errors="replace")


def token_exists(api, token):
    status, answer = consul(api, "GET", "/v1/acl/token/self", token)
    if status == 401:
        raise Failure("ACLs are not enabled on this agent (%s)" % one_line(answer, 100))
    return status == 200


def ensure_policy(api, management, name):
    for _ in range(2):
        status, answer = consul(api, "GET", "/v1/acl/policy/name/" + name, management)
        if status == 200:
            return False
        if not (status == 404 or status == 403 and "ACL not found" in str(answer)):
            raise Failure("policy %s: HTTP %d %s" % (name, status, one_line(answer, 120)))
        status, answer = consul(api, "PUT", "/v1/acl/policy", management, {
            "Name": name, "Description": "Consul Cluster Factory", "Rules": POLICIES[name]})
        if status == 200:
            return True
        if "already exists" not in str(answer):
            raise Failure("policy %s: HTTP %d %s" % (name, status, one_line(answer, 120)))
    raise Failure("policy %s: neither made nor found" % name)


def acl_bootstrap(args):
    # Tokens travel in clear HTTP headers: only to the agent on this host.
    if urllib.parse.urlsplit(args.api).hostname not in ("127.0.0.1", "localhost"):
        raise Failure("acl-bootstrap talks only to the local agent on 127.0.0.1, not %s" % one_line(args.api, 80))
    made_policies = made_tokens = 0
    management = None
    for short, policy, description in FACTORY_TOKENS:
        if short == "snapshot" and not os.path.exists(os.path.join(args.root, "opt/consul/tokens/snapshot")):
            continue  # a server secret without snapshot_token yet
        secret = token_header(args.root, short) if short != "agent" else agent_token(args.root)
        if token_exists(args.api, secret):
            continue
        if management is None:
            management = token_header(args.root, "management")
            if not token_exists(args.api, management):
                raise Failure("the initial management token is not accepted yet (no leader has made it)")
        made_policies += ensure_policy(args.api, management, policy)
        status, answer = consul(args.api, "PUT", "/v1/acl/token", management, {
            "SecretID": list(secret.values())[0], "Description": description, "Policies": [{"Name": policy}]})
        # Another server may have made it in between: "SecretID is already in use" (HTTP 500 in Consul).
        if status == 200 or token_exists(args.api, secret):
            made_tokens += status == 200
        else:
            raise Failure("token for %s: HTTP %d %s" % (policy, status, one_line(answer, 120)))
    print("ACL policies and tokens in place (made %d policies, %d tokens)" % (made_policies, made_tokens))


def agent_token(root):
    try:
        with open(os.path.join(root, "opt/consul/consul.d/3-secrets.json")) as f:
            return {"X-Consul-Token": json.load(f)["acl"]["tokens"]["agent"]}
    except (OSError, ValueError, KeyError, TypeError):
        raise Failure("no agent token in 3-secrets.json: run consul-secrets fetch first")


# ---- snapshot, restore, backups ------------------------------------------------------------------------

def s3(args, method, key, body=b""):
    """S3 PutObject or GetObject, path-style, retried with a bound: the object."""
    creds, base = role_credentials(), S3_ENDPOINT or "https://s3.%s.amazonaws.com" % args.region
    url, sha = "%s/%s/%s" % (base, args.bucket, key), hashlib.sha256(body).hexdigest()
    for attempt in range(TRIES):
        status, answer, _ = request(url, body if body else None, sign(creds, args.region, "s3", method, urllib.parse.urlsplit(url).path, {
            "host": urllib.parse.urlsplit(url).netloc, "x-amz-content-sha256": sha}, sha, now()), method, 120)
        if status == 200:
            return answer
        code, message = ((re.findall(rb"<%s>([^<]*)<" % t, answer) + [answer if t == b"Message" else b""])[0].decode(
            errors="replace") for t in (b"Code", b"Message"))
        if attempt == TRIES - 1 or status and status < 500 and code != "SlowDown":
            # A role that may not list the bucket gets AccessDenied for a missing key (API_GetObject.html, Permissions).
            raise Failure("S3 %sObject %s: %s: %s" % (method.title(), key, code or status, one_line(message, 120)))
        backoff(attempt)


def consul_snapshot(args, body=None):
    """GET /v1/snapshot (what consul snapshot save calls) or PUT it back (restore), with the snapshot token's header
    file, never an argument (developer.hashicorp.com/consul/api-docs/snapshot): (archive, its raft index)."""
    status, answer, headers = request(args.api + "/v1/snapshot", body, token_header(args.root, "snapshot"),
                                      "GET" if body is None else "PUT", 600)
    if status != 200 or body is None and answer[:2] != b"\x1f\x8b":  # a gzipped tar archive; Consul verifies its hashes on restore
        raise Failure("Consul %s /v1/snapshot: HTTP %d %s" % ("GET" if body is None else "PUT", status, one_line(answer[:200].decode(errors="replace"), 120)))
    return answer, headers.get("X-Consul-Index")


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def backup(args, what):
    """A snapshot (args.request) or a restore (args.key), and its one console line: 0 when it worked."""
    snapshot = what == "snapshot"
    line = "CONSUL_%s %s=%s" % (what.upper(), "request" if snapshot else "key",
                                re.sub(r"(?a)[^\w.:/-]", "?", args.request if snapshot else args.key)[:200])
    try:
        if urllib.parse.urlsplit(args.api).hostname != "127.0.0.1" or not re.match(r"[a-z0-9-]{1,63}$", args.cluster):
            raise Failure("only for the local agent (127.0.0.1) and a cluster name")
        if snapshot:
            archive, index = consul_snapshot(args)
            if not str(index).isdigit():
                raise Failure("Consul's snapshot came without its raft index (X-Consul-Index)")
            key = "%s/%s-%s.snap" % (args.cluster, now().strftime("%Y%m%dT%H%M%SZ"), index)
            s3(args, "PUT", key, archive)
            line += " key=%s index=%s" % (key, index)
        else:
            if not re.match(r"(?a)%s/\w[\w.-]*\.snap$" % args.cluster, args.key):
                raise Failure("not a snapshot of this cluster: a restore reads %s/<name>.snap only" % args.cluster)
            consul_snapshot(args, s3(args, "GET", args.key))
            line += " result=OK"
        print(line + now().strftime(" at=%Y-%m-%dT%H:%M:%SZ"))
        return 0
    except Failure as e:
        print(line + now().strftime(" result=FAILED at=%Y-%m-%dT%H:%M:%SZ reason=") + one_line(e))
        return 2


def backups(args):
    """The leader's timer, given the instance's tags consul-restore-request (--key) and consul-snapshot-request
    (--request): a new restore request; then a new snapshot request, or hourly. Each is marked answered first."""
    state = os.path.join(args.root, "opt/consul/backup/")
    os.makedirs(state, 0o700, exist_ok=True)

    def answered(name, value):
        try:
            with open(state + name) as f:
                last = f.read().strip()
        except OSError:
            last = "0"
        if value and value != last:
            write_atomically(state + name, value + "\n", 0o600, None)
        return last if not value else value == last

    done = 0 if answered("restored", args.key) else backup(args, "restore")
    if answered("answered", args.request):
        if time.time() - float(answered("hourly", "")) < float(os.environ.get("CONSUL_SNAPSHOT_EVERY", "3600")):
            return done
        args.request = "hourly"
    write_atomically(state + "hourly", "%d\n" % time.time(), 0o600, None)
    return done | backup(args, "snapshot")


# ---- judge ---------------------------------------------------------------------------------------------

def judge(work, n):
    """Prints "<pass|fail> <leader> <voters> <tolerance> <healthy> <min quorum> <cas|-> <gossip> <tls> <acl> <reason>";
    on the leader, when MinQuorum differs from N, writes the configuration to PUT back as WORK/autopilot.put."""

    def code(name):
        try:
            with open(os.path.join(work, name + ".code")) as f:
                return f.read().strip()
        except OSError:
            return ""

    def body(name, codes=("200",)):
        try:
            if code(name) not in codes:
                return None
            with open(os.path.join(work, name + ".json")) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def dig(value, *keys):
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    def number(value):
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    leader = body("leader")
    members = body("members")
    me_self = body("self")
    node_id = dig(me_self, "Config", "NodeID")
    raft = body("raft")
    health = body("health", ("200", "429"))  # autopilot answers 429 while the cluster is unhealthy
    conf = body("autopilot")

    servers = [s for s in (dig(raft, "Servers") or []) if isinstance(s, dict)]
    me = next((s for s in servers if node_id and s.get("ID") == node_id), None)
    mine = next((s for s in (dig(health, "Servers") or []) if isinstance(s, dict) and node_id and s.get("ID") == node_id), None)
    voters = sum(1 for s in servers if s.get("Voter") is True)
    tolerance = number(dig(health, "FailureTolerance"))
    healthy = dig(health, "Healthy") is True
    min_quorum = number(dig(conf, "MinQuorum"))
    alive = sum(1 for m in members if isinstance(m, dict) and m.get("Status") == 1) if isinstance(members, list) else 0
    wanted = max(n - 1, 0) // 2

    if not isinstance(leader, str):
        reason = "agent not running"
    elif leader and code("raft") == "403":
        reason = "ACL: the status token is not accepted yet"
    elif not leader or raft is None:
        reason = "no leader; %d LAN members" % alive
    elif not (me and me.get("Voter") is True):
        reason = "not a voter"
    elif not (mine and mine.get("Healthy") is True):
        reason = "autopilot reports this server unhealthy"
    elif not healthy:
        reason = "autopilot reports the cluster unhealthy"
    elif tolerance < wanted:
        reason = "failure tolerance %d below %d" % (tolerance, wanted)
    else:
        reason = ""

    cas = "-"
    if n > 0 and me and me.get("Leader") is True and isinstance(conf, dict) and min_quorum != n:
        cas = str(number(conf.get("ModifyIndex")))
        put = {k: v for k, v in conf.items() if k not in ("CreateIndex", "ModifyIndex")}
        put["MinQuorum"] = n
        with open(os.path.join(work, "autopilot.put"), "w") as f:
            json.dump(put, f)

    # Security as Consul itself reports it (contract 14): DebugConfig is the agent's runtime config.
    debug = dig(me_self, "DebugConfig") or {}
    rpc = dig(debug, "TLS", "InternalRPC") or {}
    if dig(me_self, "Stats", "serf_lan", "encrypted") != "true":
        gossip = "off"
    else:
        gossip = "verified" if debug.get("EncryptVerifyIncoming") is True and debug.get("EncryptVerifyOutgoing") is True else "on"
    if not rpc.get("CertFile"):
        tls = "off"
    else:
        tls = "verified" if all(rpc.get(k) is True for k in ("VerifyIncoming", "VerifyOutgoing", "VerifyServerHostname")) else "on"
    acl = "off"
    if debug.get("ACLsEnabled") is True:
        acl = re.sub(r"[^a-z-]", "", str(dig(debug, "ACLResolverSettings", "ACLDefaultPolicy") or "unknown"))[:16] or "unknown"

    # The leader's address goes to the console: only the characters an address can hold.
    shown = re.sub(r"[^0-9A-Za-z.:\[\]-]", "", leader)[:64] if isinstance(leader, str) else ""
    print("fail" if reason else "pass", shown or "none", voters, tolerance, str(healthy).lower(), min_quorum, cas,
          gossip, tls, acl, reason)


def main(argv):
    if argv[:1] == ["judge"] and len(argv) == 3 and argv[2].isdigit():
        judge(argv[1], int(argv[2]))
        return 0
    import argparse

    parser = argparse.ArgumentParser(prog="consul-secrets")
    commands = parser.add_subparsers(dest="command", required=True)
    f = commands.add_parser("fetch")
    f.add_argument("--region", required=True)
    f.add_argument("--client-secret", required=True)
    f.add_argument("--server-secret", required=True)
    f.add_argument("--root", default="/")
    a = commands.add_parser("acl-bootstrap")
    a.add_argument("--api", required=True)
    a.add_argument("--root", default="/")
    for name in ("snapshot", "restore", "backups"):
        c = commands.add_parser(name)
        for option, default in (("--region", None), ("--bucket", None), ("--cluster", None), ("--request", "manual"),
                                ("--key", ""), ("--api", "http://127.0.0.1:8500"), ("--root", "/")):
            c.add_argument(option, default=default, required=default is None)
    j = commands.add_parser("judge")
    j.add_argument("work")
    j.add_argument("n", type=int)
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            fetch(args)
        elif args.command == "acl-bootstrap":
            acl_bootstrap(args)
        elif args.command in ("snapshot", "restore"):
            return backup(args, args.command)
        elif args.command == "backups":
            return backups(args)
        else:
            judge(args.work, args.n)
    except Failure as e:
        print(one_line(e), file=sys.stderr)
        return 2
    except Exception as e:  # no traceback: its lines could quote what was read
        tb = e.__traceback__
        while tb.tb_next:
            tb = tb.tb_next
        print("consul-secrets: unexpected %s at line %d" % (type(e).__name__, tb.tb_lineno), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
