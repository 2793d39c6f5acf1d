#!/usr/bin/env python3
"""ngx_http_jwkview_module in a real nginx: Debian's /usr/sbin/nginx loads the
module, listens on 127.0.0.1 (a free port), with its own prefix, temporary
paths and error log, and answers real HTTP requests (http.client).

Environment (nginx/meson.build sets it):
  JWKVIEW_NGINX_MODULE   the module (.so); empty: skip
  JWKVIEW_NGINX          the nginx binary; empty: skip
  JWKVIEW_TOKEN_TOOL     nginx/tests/token_tool: keys and signed tokens
  JWKVIEW_NGINX_PRELOAD  sanitizer runtimes to preload into nginx (a build
                         under -Db_sanitize; the module is instrumented)
  JWKVIEW_NGINX_KEEP     when set, the prefixes (configurations, error logs)
                         are kept and their folder printed

Exits 0 when every check passed, 1 with the failed checks listed, 77 (Meson's
"skipped") when nginx or the module is missing.
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SKIP = 77
failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print("check failed:", what, file=sys.stderr)
    return cond


def b64url(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def compact(value):
    return json.dumps(value, separators=(",", ":"))


# ---------------------------------------------------------------------------
# Keys and tokens (token_tool, on tests/token_factory.hpp).

class Keys:
    """Asks token_tool for every key and token in one run."""

    def __init__(self, tool):
        self.tool = tool
        self.commands = []
        self.jwks = {}

    def key(self, kind, name, arg=None):
        self.commands.append(("key", name, "\t".join([kind, name] + ([arg] if arg else []))))

    def sign(self, tag, name, alg, header, claims):
        self.commands.append(("token", tag, "\t".join(["sign", name, alg, compact(header),
                                                        compact(claims)])))

    def run(self):
        text = "\n".join(c[2] for c in self.commands) + "\n"
        out = subprocess.run([self.tool], input=text.encode(), capture_output=True, check=True)
        lines = out.stdout.decode().splitlines()
        if len(lines) != len(self.commands):
            raise RuntimeError("token_tool: %d answers to %d commands: %s"
                               % (len(lines), len(self.commands), out.stderr.decode()))
        tokens = {}
        for (kind, name, _), line in zip(self.commands, lines):
            if kind == "key":
                self.jwks[name] = json.loads(line)
            else:
                tokens[name] = line
        return tokens


def jwks(*keys, **extra):
    return compact({"keys": [dict(k, **extra.get(k.get("kid"), {})) for k in keys]})


# ---------------------------------------------------------------------------
# A local upstream: serves JWK Sets (counting fetches) and echoes headers.

class Upstream(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), UpstreamHandler)
        self.lock = threading.Lock()
        self.documents = {}  # path -> [status, cache_control, body]
        self.fetches = {}    # path -> [(method, content-length header)]
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self):
        return self.server_address[1]

    def serve(self, path, body, cache_control="max-age=600", status=200):
        with self.lock:
            self.documents[path] = [status, cache_control, body.encode()]

    def count(self, path):
        with self.lock:
            return len(self.fetches.get(path, []))

    def requests(self, path):
        with self.lock:
            return list(self.fetches.get(path, []))


class UpstreamHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        server = self.server
        if self.path == "/echo":
            echoed = {k.lower(): v for k, v in self.headers.items()}
            self.reply(200, compact(echoed).encode(), [("Content-Type", "application/json")])
            return
        with server.lock:
            doc = server.documents.get(self.path)
            server.fetches.setdefault(self.path, []).append(
                (self.command, self.headers.get("Content-Length")))
        if doc is None:
            self.reply(404, b"not found")
            return
        status, cache_control, body = doc
        headers = [("Content-Type", "application/json")]
        if cache_control:
            headers.append(("Cache-Control", cache_control))
        self.reply(status, body, headers)

    do_POST = do_GET


# ---------------------------------------------------------------------------
# nginx.

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """One nginx: its own prefix (configuration, logs, pid, temporary
    paths), started in the foreground (daemon off), stopped with SIGQUIT."""

    def __init__(self, binary, module, preload, prefix, workers):
        self.binary = binary
        self.module = module
        self.prefix = prefix
        self.workers = workers
        self.env = dict(os.environ)
        if preload:
            self.env["LD_PRELOAD"] = preload
            # nginx itself is not instrumented: leaks are not looked for;
            # any other report still ends the process.
            self.env["ASAN_OPTIONS"] = "abort_on_error=1:detect_leaks=0"
        self.process = None
        self.port = None
        os.makedirs(prefix, exist_ok=True)

    def path(self, name):
        return os.path.join(self.prefix, name)

    def main_conf(self, http, workers=None):
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp = "".join("    %s_temp_path %s;\n" % (t, self.path("temp-" + t))
                       for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        return ("load_module %s;\n%sdaemon off;\nmaster_process on;\nworker_processes %d;\n"
                "error_log %s info;\npid %s;\nevents { worker_connections 256; }\n"
                "http {\n    access_log off;\n%s%s\n}\n") % (
                    self.module, user, workers or self.workers, self.path("error.log"),
                    self.path("nginx.pid"), temp, http)

    def test_config(self, http):
        """nginx -t on a configuration: (exit status, its output)."""
        conf = self.path("test.conf")
        with open(conf, "w") as f:
            f.write(self.main_conf(http))
        r = subprocess.run([self.binary, "-t", "-p", self.prefix, "-c", conf], env=self.env,
                           capture_output=True, timeout=60)
        return r.returncode, (r.stdout + r.stderr).decode(errors="replace")

    def start(self, http):
        self.port = free_port()
        conf = self.path("nginx.conf")
        with open(conf, "w") as f:
            f.write(self.main_conf(http.replace("@PORT@", str(self.port))))
        self.log_at_start = self.log_size()
        self.process = subprocess.Popen([self.binary, "-p", self.prefix, "-c", conf],
                                        env=self.env, stderr=subprocess.PIPE)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("nginx exited: " + self.process.stderr.read().decode())
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not listen on 127.0.0.1:%d" % self.port)

    def stop(self):
        if self.process is None:
            return None
        self.process.send_signal(signal.SIGQUIT)
        try:
            code = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.process.stderr.close()
        self.process = None
        return code

    def log_size(self):
        try:
            return os.path.getsize(self.path("error.log"))
        except OSError:
            return 0

    def log(self, since=0):
        try:
            with open(self.path("error.log"), "rb") as f:
                f.seek(since)
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def request(self, path, headers=None, method="GET", body=None, connection=None):
        conn = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            if connection is None:
                conn.close()

    def bearer(self, path, token, **kw):
        return self.request(path, {"Authorization": "Bearer " + token}, **kw)


def wait_for_log(server, since, text, timeout=5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if text in server.log(since):
            return True
        time.sleep(0.05)
    return False


def wait_for_status(server, path, token, status, timeout=5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if server.bearer(path, token)[0] == status:
            return True
        time.sleep(0.02)
    return False


def write_atomically(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------
# The cases.

ISSUER = "https://issuer.test"
AUDIENCE = "api://orders"


def claims_at(now, **changes):
    c = {"iss": ISSUER, "sub": "bob", "aud": [AUDIENCE, "api://other"], "exp": now + 3600,
         "iat": now - 10, "nbf": now - 10, "jti": "id-1", "role": "admin",
         "roles": ["admin", "ops"], "tenant": "t\u00e9n\"ant", "level": 3,
         "profile": {"email": "bob@example.com", "name": "Bob"}}
    for k, v in changes.items():
        if v is None:
            c.pop(k, None)
        else:
            c[k] = v
    return c


def header_for(alg, kid):
    return {"alg": alg, "kid": kid, "typ": "JWT"}


def make_material(tool, now):
    keys = Keys(tool)
    keys.key("rsa", "rsa", "2048")
    keys.key("rsa", "pss", "2048")
    keys.key("ec", "p256", "P-256")
    keys.key("ec", "p384", "P-384")
    keys.key("ec", "p521", "P-521")
    keys.key("ed25519", "ed")
    keys.key("hmac", "secret", "a shared secret of at least 32 octets!")
    keys.key("rsa", "small", "1024")
    keys.key("ec", "inactive", "P-256")
    keys.key("ec", "rot-a", "P-256")
    keys.key("ec", "rot-b", "P-256")
    keys.key("rsa", "remote-1", "2048")
    keys.key("ec", "remote-2", "P-256")
    keys.key("ec", "stranger", "P-256")
    good = claims_at(now)
    for name, alg in [("rsa", "RS256"), ("pss", "PS256"), ("p256", "ES256"), ("p384", "ES384"),
                      ("p521", "ES512"), ("ed", "EdDSA"), ("secret", "HS256")]:
        keys.sign(alg, name, alg, header_for(alg, name), good)
    keys.sign("expired", "p256", "ES256", header_for("ES256", "p256"),
              claims_at(now, exp=now - 3600, iat=now - 7200, nbf=now - 7200))
    keys.sign("expired-30s", "p256", "ES256", header_for("ES256", "p256"),
              claims_at(now, exp=now - 30, iat=now - 600, nbf=now - 600))
    keys.sign("not-yet", "p256", "ES256", header_for("ES256", "p256"),
              claims_at(now, nbf=now + 3600, iat=now))
    keys.sign("wrong-iss", "p256", "ES256", header_for("ES256", "p256"),
              claims_at(now, iss="https://evil.test"))
    keys.sign("wrong-aud", "p256", "ES256", header_for("ES256", "p256"),
              claims_at(now, aud="api://elsewhere"))
    keys.sign("small", "small", "RS256", header_for("RS256", "small"), good)
    keys.sign("inactive", "inactive", "ES256", header_for("ES256", "inactive"), good)
    keys.sign("user", "p256", "ES256", header_for("ES256", "p256"), claims_at(now, role="user"))
    keys.sign("no-tenant", "p256", "ES256", header_for("ES256", "p256"),
              claims_at(now, tenant=None))
    keys.sign("unknown-kid", "stranger", "ES256", header_for("ES256", "stranger"), good)
    keys.sign("rot-a", "rot-a", "ES256", header_for("ES256", "rot-a"), good)
    keys.sign("rot-b", "rot-b", "ES256", header_for("ES256", "rot-b"), good)
    keys.sign("remote-1", "remote-1", "RS256", header_for("RS256", "remote-1"), good)
    keys.sign("remote-2", "remote-2", "ES256", header_for("ES256", "remote-2"), good)
    for i in range(3):
        keys.sign("bogus-%d" % i, "stranger", "ES256", header_for("ES256", "forged-%d" % i), good)
    tokens = keys.run()

    # Made here, as an attacker makes them.
    def unsigned(header, claims):
        return b64url(compact(header)) + "." + b64url(compact(claims)) + "."
    tokens["alg-none"] = unsigned({"alg": "none", "typ": "JWT"}, good)
    tokens["alg-none-kid"] = unsigned({"alg": "none", "kid": "rsa"}, good)
    tokens["alg-none-signed"] = unsigned({"alg": "none", "kid": "rsa"}, good) + "c2lnbmVk"
    # HS256 keyed with the RSA key's public JWK (its text), as the classic
    # key-confusion attack does with a public key's bytes.
    signing_input = b64url(compact(header_for("HS256", "rsa"))) + "." + b64url(compact(good))
    mac = hmac.new(compact(keys.jwks["rsa"]).encode(), signing_input.encode(), hashlib.sha256)
    tokens["hmac-public"] = signing_input + "." + b64url(mac.digest())
    # One claim changed after signing.
    head, payload, sig = tokens["ES256"].split(".")
    tampered = dict(good, sub="mallory")
    tokens["tampered"] = head + "." + b64url(compact(tampered)) + "." + sig
    # One signature byte changed.
    raw = bytearray(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)))
    raw[5] ^= 1
    tokens["bad-signature"] = head + "." + payload + "." + b64url(bytes(raw))
    return keys.jwks, tokens


def www_authenticate(headers):
    return headers.get("www-authenticate", "")


def test_tokens(server, jwk, tokens):
    """Every token against the locations of the main server."""
    since = server.log_size()
    for alg in ["RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA", "HS256"]:
        status, _, _ = server.bearer("/f/ok", tokens[alg])
        check(status == 204, "%s from the key files is accepted: %d" % (alg, status))

    refused = [
        ("expired", "token_expired"),
        ("not-yet", "token_not_yet_valid"),
        ("wrong-iss", "wrong_issuer"),
        ("wrong-aud", "wrong_audience"),
        ("tampered", "bad_signature"),
        ("bad-signature", "bad_signature"),
        ("alg-none", "malformed_jws"),  # the empty signature of an unsecured JWS
        ("alg-none-kid", "malformed_jws"),
        ("alg-none-signed", "unsupported_algorithm at /header/alg"),
        ("hmac-public", "key_refused by policy rule alg_does_not_fit"),
        ("small", "key_refused by policy rule rsa_too_small"),
        ("inactive", "key_refused by policy rule inactive"),
        ("unknown-kid", "unknown_key"),
    ]
    for name, reason in refused:
        before = server.log_size()
        status, headers, _ = server.bearer("/f/ok", tokens[name])
        auth = www_authenticate(headers)
        check(status == 401, "%s is refused: %d" % (name, status))
        check(auth.startswith('Bearer realm="protected", error="invalid_token", '
                              'error_description="'),
              "%s: RFC 6750 WWW-Authenticate: %r" % (name, auth))
        check(wait_for_log(server, before, "auth_jwt: token refused: " + reason, 2),
              "%s: the error log names the refusing rule (%s): %r"
              % (name, reason, server.log(before)[-400:]))

    # Bearer tokens against locations with other settings.
    for path, name, expected, what in [
        ("/f/small-ok", "small", 204, "auth_jwt_min_rsa_bits 1024 accepts the 1024-bit key"),
        ("/f/small-ok", "RS256", 204, "auth_jwt_min_rsa_bits 1024 still accepts 2048 bits"),
        ("/f/ok", "expired-30s", 401, "expired 30 s ago, no leeway (the default)"),
        ("/f/leeway", "expired-30s", 204, "expired 30 s ago, auth_jwt_leeway 60s"),
        ("/f/leeway", "expired", 401, "expired an hour ago, auth_jwt_leeway 60s"),
        ("/f/es256-only", "HS256", 401, "auth_jwt_algorithms ES256 refuses HS256 (no secrets)"),
        ("/f/es256-only", "ES256", 204, "auth_jwt_algorithms ES256 accepts ES256"),
        ("/f/cookie", "ES256", 401, "token=$cookie_jwt ignores the Authorization header"),
        ("/f/admin", "ES256", 204, "auth_jwt_require $is_admin, role admin"),
        ("/f/tenant", "ES256", 204, "auth_jwt_require $jwt_claim_tenant with the claim"),
    ]:
        status, _, _ = server.bearer(path, tokens[name])
        check(status == expected, "%s: %d" % (what, status))
    before = server.log_size()
    status, _, _ = server.bearer("/f/es256-only", tokens["RS256"])
    check(status == 401, "auth_jwt_algorithms ES256 refuses RS256: %d" % status)
    check(wait_for_log(server, before, "policy rule algorithm_not_allowed", 2),
          "the log names algorithm_not_allowed")

    # No or malformed credentials.
    status, headers, _ = server.request("/f/ok")
    check(status == 401 and www_authenticate(headers) == 'Bearer realm="protected"',
          "no Authorization: 401, realm only (RFC 6750 3.1): %d %r"
          % (status, www_authenticate(headers)))
    for value in ["Basic Ym9iOnNlY3JldA==", "Bearer", "Bearer ", "Bearer a b", "Bearerx y",
                  "Bearer not-a-jwt", "Bearer a.b.c", "Bearer " + tokens["ES256"] + "x"]:
        status, headers, _ = server.request("/f/ok", {"Authorization": value})
        check(status == 401 and www_authenticate(headers).startswith('Bearer realm="protected"'),
              "Authorization %r: 401 (%d %r)" % (value[:20], status, www_authenticate(headers)))
    status, _, _ = server.request("/f/ok", {"Authorization": "bearer  " + tokens["ES256"]})
    check(status == 204, "the scheme is case-insensitive, spaces may repeat: %d" % status)

    # The realm is quoted.
    status, headers, _ = server.request("/f/quoted")
    check(www_authenticate(headers) == 'Bearer realm="say \\"hi\\""',
          "a quote in the realm is escaped: %r" % www_authenticate(headers))

    # auth_jwt off inside a protected location; unprotected locations.
    status, _, _ = server.request("/f/off")
    check(status == 204, "auth_jwt off: %d" % status)
    status, _, _ = server.request("/open")
    check(status == 204, "no auth_jwt: %d" % status)

    # satisfy any: an address allowed by ngx_http_access_module needs no token;
    # otherwise the token decides.
    status, _, _ = server.request("/f/satisfy-allow")
    check(status == 204, "satisfy any, allowed address, no token: %d" % status)
    status, headers, _ = server.request("/f/satisfy-deny")
    check(status == 401 and www_authenticate(headers) == 'Bearer realm="protected"',
          "satisfy any, denied address, no token: %d %r" % (status, www_authenticate(headers)))
    status, _, _ = server.bearer("/f/satisfy-deny", tokens["ES256"])
    check(status == 204, "satisfy any, denied address, a valid token: %d" % status)

    # A token from a cookie (auth_jwt ... token=$cookie_jwt).
    status, _, _ = server.request("/f/cookie", {"Cookie": "a=b; jwt=" + tokens["ES256"]})
    check(status == 204, "a token from a cookie: %d" % status)
    status, headers, _ = server.request("/f/cookie", {"Cookie": "a=b"})
    check(status == 401 and www_authenticate(headers) == 'Bearer realm="cookies"',
          "no cookie: 401 %r" % www_authenticate(headers))
    status, _, _ = server.request("/f/cookie", {"Cookie": "jwt=" + tokens["expired"]})
    check(status == 401, "an expired token from a cookie: %d" % status)
    status, _, _ = server.request("/f/arg?access_token=" + tokens["EdDSA"])
    check(status == 204, "a token from an argument (token=$arg_access_token): %d" % status)

    # auth_jwt_require.
    before = server.log_size()
    status, headers, _ = server.bearer("/f/admin", tokens["user"])
    check(status == 403, "auth_jwt_require ... error=403, role user: %d" % status)
    check('error="insufficient_scope"' in www_authenticate(headers),
          "403 says insufficient_scope: %r" % www_authenticate(headers))
    check(wait_for_log(server, before, 'refused by auth_jwt_require "$is_admin"', 2),
          "the log names the auth_jwt_require")
    status, headers, _ = server.bearer("/f/tenant", tokens["no-tenant"])
    check(status == 401 and 'error="invalid_token"' in www_authenticate(headers),
          "auth_jwt_require $jwt_claim_tenant without the claim: 401 (%d)" % status)

    # Claims and header members passed upstream.
    status, _, body = server.bearer("/f/echo", tokens["ES256"])
    echoed = json.loads(body) if status == 200 else {}
    expected = {
        "x-sub": "bob",
        "x-roles": "admin,ops",
        "x-aud": AUDIENCE + ",api://other",
        "x-level": "3",
        "x-profile": compact({"email": "bob@example.com", "name": "Bob"}),
        "x-email": "bob@example.com",
        "x-kid": "p256",
        "x-alg": "ES256",
        "x-typ": "JWT",
        "x-missing": None,
        # UTF-8 bytes, which http.server reads as Latin-1.
        "x-tenant": "t\u00e9n\"ant".encode().decode("latin-1"),
    }
    check(status == 200, "the echo upstream answers: %d" % status)
    for name, value in expected.items():
        check(echoed.get(name) == value, "%s upstream: %r, expected %r"
              % (name, echoed.get(name), value))
    status, _, body = server.bearer("/f/echo", tokens["RS256"])
    echoed = json.loads(body) if status == 200 else {}
    check(echoed.get("x-kid") == "rsa" and echoed.get("x-alg") == "RS256",
          "the next token's values: %r" % echoed)
    status, _, body = server.request("/f/echo-open")
    echoed = json.loads(body) if status == 200 else {}
    check(status == 200 and "x-sub" not in echoed,
          "no token, no claim variables: %d %r" % (status, echoed))
    status, headers, _ = server.bearer("/f/variables", tokens["ES256"])
    check(headers.get("x-sub") == "bob" and headers.get("x-email") == "bob@example.com",
          "variables in add_header: %r" % headers)

    # A POST keeps working (the body stays with the request).
    status, _, _ = server.bearer("/f/ok", tokens["ES256"], method="POST", body=b"x" * 100)
    check(status == 204, "POST with a body: %d" % status)

    log = server.log(since)
    for name, token in tokens.items():
        sig = token.split(".")[-1]
        check(token not in log and (len(sig) < 16 or sig not in log),
              "the error log never holds the token (%s)" % name)


def test_rotation(server, jwk, tokens, path):
    """Replace the key file under load: the new key is accepted and no
    request fails in between."""
    results = {"ok": 0, "failed": [], "errors": []}
    lock = threading.Lock()
    phase = {"tokens": ["rot-a"], "stop": False}

    def load():
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        i = 0
        while not phase["stop"]:
            names = phase["tokens"]
            name = names[i % len(names)]
            i += 1
            try:
                status, _, _ = server.bearer("/rot", tokens[name], connection=conn)
            except (OSError, http.client.HTTPException) as e:
                with lock:
                    results["errors"].append(repr(e))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
                continue
            with lock:
                if status == 204:
                    results["ok"] += 1
                else:
                    results["failed"].append((name, status))
        conn.close()

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.5)
        since = server.log_size()
        # 1. Publish B beside A, atomically.
        write_atomically(path, jwks(jwk["rot-a"], jwk["rot-b"]))
        check(wait_for_status(server, "/rot", tokens["rot-b"], 204),
              "the new key's tokens are accepted within seconds")
        # Every worker looks at the file once a second.
        reloaded = 'auth_jwt_key_file "%s" reloaded: 2 keys, 2 usable' % path
        deadline = time.time() + 5
        while time.time() < deadline and server.log(since).count(reloaded) < server.workers:
            time.sleep(0.05)
        time.sleep(0.5)
        check(server.log(since).count(reloaded) == server.workers,
              "each worker reloaded the file once: %r" % server.log(since)[-600:])
        phase["tokens"] = ["rot-a", "rot-b"]
        time.sleep(0.5)
        # 2. A broken file: the keys stay.
        since = server.log_size()
        write_atomically(path, '{"keys":[' + compact(jwk["rot-a"]))
        check(wait_for_log(server, since, "refused (truncated", 3),
              "a broken key file is refused and the log says why: %r" % server.log(since)[-400:])
        check(wait_for_log(server, since, "keeping the previous keys", 1),
              "... and keeps the previous keys")
        time.sleep(1.2)
        # 3. The same keys written in place, not atomically: a reader may
        # see half a file; the keys stay.
        text = jwks(jwk["rot-a"], jwk["rot-b"])
        with open(path, "w") as f:
            f.write(text[: len(text) // 2])
            f.flush()
            time.sleep(0.3)
            f.write(text[len(text) // 2:])
        time.sleep(1.5)
        # 4. Retire A.
        phase["tokens"] = ["rot-b"]
        time.sleep(0.2)
        since = server.log_size()
        write_atomically(path, jwks(jwk["rot-b"]))
        check(wait_for_status(server, "/rot", tokens["rot-a"], 401),
              "the retired key's tokens are refused within seconds")
        time.sleep(1.5)
    finally:
        phase["stop"] = True
        for t in threads:
            t.join()
    check(results["ok"] > 300, "requests under load: %d" % results["ok"])
    check(results["failed"] == [], "no request failed during the rotation: %r"
          % results["failed"][:10])
    check(results["errors"] == [], "no connection failed: %r" % results["errors"][:5])
    print("rotation: %d requests under load, %d failed" % (results["ok"], len(results["failed"])))


def test_key_request(server, upstream, jwk, tokens):
    """auth_jwt_key_request: the JWKS from a local upstream through a
    subrequest, cached per Cache-Control, fetched early (rate-limited) for an
    unknown kid, kept when a fetch fails."""
    upstream.serve("/jwks", jwks(jwk["remote-1"]), "max-age=4")
    status, _, _ = server.bearer("/r/ok", tokens["remote-1"])
    check(status == 204, "a token against the fetched set: %d" % status)
    check(upstream.count("/jwks") == 1, "one fetch: %d" % upstream.count("/jwks"))
    for _ in range(20):
        status, _, _ = server.bearer("/r/ok", tokens["remote-1"])
        check(status == 204, "cached set: %d" % status)
    check(upstream.count("/jwks") == 1, "cached per Cache-Control (max-age=4): %d fetches"
          % upstream.count("/jwks"))
    status, _, _ = server.bearer("/r/ok", tokens["remote-1"], method="POST", body=b"y" * 64)
    check(status == 204, "POST: %d" % status)
    check(all(m == "GET" and length in (None, "0") for m, length in upstream.requests("/jwks")),
          "the key request is a GET without a body: %r" % upstream.requests("/jwks"))
    started = time.time()

    # The provider rotates: a token of the new key fetches early, once the
    # interval (2 s) since the last fetch has passed.
    upstream.serve("/jwks", jwks(jwk["remote-1"], jwk["remote-2"]), "max-age=600")
    time.sleep(max(0.0, started + 2.2 - time.time()))
    since = server.log_size()
    status, _, _ = server.bearer("/r/ok", tokens["remote-2"])
    check(status == 204, "the new kid is fetched early and accepted: %d" % status)
    check(upstream.count("/jwks") == 2, "one early fetch: %d" % upstream.count("/jwks"))
    check("unknown kid; fetching auth_jwt_key_request" in server.log(since),
          "the log says why it fetched")
    # Forged kids: refused, and no more fetches within the interval (when
    # the loop outlasts a second, a second boundary may open one window).
    began, fetched = time.time(), upstream.count("/jwks")
    for i in range(10):
        status, _, _ = server.bearer("/r/ok", tokens["bogus-%d" % (i % 3)])
        check(status == 401, "a forged kid: %d" % status)
    extra = upstream.count("/jwks") - fetched
    check(extra == 0 or (extra == 1 and time.time() - began > 0.9),
          "forged kids are rate-limited: %d more fetches" % extra)

    # s-maxage wins over max-age, and no-store means as soon as allowed.
    upstream.serve("/jwks", jwks(jwk["remote-1"], jwk["remote-2"]), "max-age=600, s-maxage=3")
    time.sleep(2.2)
    fetched = upstream.count("/jwks")
    server.bearer("/r/ok", tokens["bogus-0"])  # the interval passed: an early fetch
    check(upstream.count("/jwks") == fetched + 1,
          "the interval passed: one more early fetch: %d" % (upstream.count("/jwks") - fetched))
    time.sleep(3.5)
    fetched = upstream.count("/jwks")
    status, _, _ = server.bearer("/r/ok", tokens["remote-1"])
    check(status == 204 and upstream.count("/jwks") == fetched + 1,
          "s-maxage=3 expired: fetched again (%d, %d more fetches)"
          % (status, upstream.count("/jwks") - fetched))
    upstream.serve("/jwks", jwks(jwk["remote-1"], jwk["remote-2"]), "no-store")
    time.sleep(3.2)
    fetched = upstream.count("/jwks")
    server.bearer("/r/ok", tokens["remote-1"])
    time.sleep(2.2)
    server.bearer("/r/ok", tokens["remote-1"])
    check(upstream.count("/jwks") == fetched + 2,
          "no-store: fetched again after the interval (%d more fetches)"
          % (upstream.count("/jwks") - fetched))

    # The provider fails: the keys stay, the log says why.
    upstream.serve("/jwks", "oops", None, status=500)
    time.sleep(2.2)
    since, fetched = server.log_size(), upstream.count("/jwks")
    status, _, _ = server.bearer("/r/ok", tokens["bogus-1"])
    check(status == 401, "a forged kid while the provider fails: %d" % status)
    check(upstream.count("/jwks") == fetched + 1, "it was fetched")
    check(wait_for_log(server, since, 'auth_jwt_key_request "/_jwks" failed (status 500); '
                                      "keeping the previous keys", 2),
          "the failed fetch is logged: %r" % server.log(since)[-400:])
    status, _, _ = server.bearer("/r/ok", tokens["remote-2"])
    check(status == 204, "the previous keys still verify: %d" % status)
    # A broken document: refused, keys kept.
    upstream.serve("/jwks", '{"keys":[', "max-age=600")
    time.sleep(2.2)
    since = server.log_size()
    server.bearer("/r/ok", tokens["bogus-2"])
    check(wait_for_log(server, since, 'auth_jwt_key_request "/_jwks" refused (truncated', 2),
          "a broken JWKS is refused: %r" % server.log(since)[-400:])
    status, _, _ = server.bearer("/r/ok", tokens["remote-1"])
    check(status == 204, "and the previous keys still verify: %d" % status)

    # auth_jwt_key_cache: a fixed lifetime, whatever Cache-Control says.
    upstream.serve("/jwks-fixed", jwks(jwk["remote-1"]), "max-age=86400")
    status, _, _ = server.bearer("/rf/ok", tokens["remote-1"])
    check(status == 204 and upstream.count("/jwks-fixed") == 1,
          "auth_jwt_key_cache: fetched (%d)" % status)
    server.bearer("/rf/ok", tokens["remote-1"])
    check(upstream.count("/jwks-fixed") == 1, "and cached")
    time.sleep(2.5)
    status, _, _ = server.bearer("/rf/ok", tokens["remote-1"])
    check(status == 204 and upstream.count("/jwks-fixed") == 2,
          "auth_jwt_key_cache 2s: fetched again after 2 s (%d fetches)"
          % upstream.count("/jwks-fixed"))

    # A location whose JWKS is never there: 401, the reason logged.
    since = server.log_size()
    status, headers, _ = server.bearer("/r-missing/ok", tokens["remote-1"])
    check(status == 401, "no key set at all: 401 (%d)" % status)
    check(wait_for_log(server, since, 'auth_jwt_key_request "/_jwks-missing" failed (status 404)',
                       2), "the missing JWKS is logged")


BAD_CONFIGS = [
    ("auth_jwt_type encrypted;", "JWE is out of its scope"),
    ("auth_jwt_type nested;", "JWE is out of its scope"),
    ("auth_jwt_type weird;", 'invalid auth_jwt_type "weird"'),
    ('auth_jwt "x" cookie=$cookie_a;', "expected token=$variable"),
    ('auth_jwt "x" token=literal;', '"token=" needs a variable'),
    ("auth_jwt_key_file @PREFIX@/absent.json;", "could not be read"),
    ("auth_jwt_key_file @PREFIX@/broken.json;", "refused (truncated"),
    ("auth_jwt_key_request https://idp.example/keys;", "needs a local URI"),
    ("auth_jwt_key_request_interval 0s;", "must be at least 1s"),
    ("auth_jwt_algorithms none;", '"none" is not a signature algorithm'),
    ("auth_jwt_algorithms RS256 A128KW;", '"A128KW" is not a signature algorithm'),
    ("auth_jwt_require admin;", '"admin" must start with a variable'),
    ("auth_jwt_require $http_x error=500;", "expected error=401 or error=403"),
    ("auth_jwt_require error=403;", "needs a value to check"),
    ("auth_jwt_min_rsa_bits 512;", "must be between 1024 and 16384"),
    ("auth_jwt_min_rsa_bits many;", "invalid number"),
    ("auth_jwt_leeway soon;", "invalid value"),
    ("auth_jwt_audience " + " ".join("a%d" % i for i in range(17)) + ";", "at most 16 values"),
    ("auth_jwt_claim_set email email;", 'invalid variable name "email"'),
    ("auth_jwt_nonsense on;", 'unknown directive "auth_jwt_nonsense"'),
]


def test_config_errors(server, jwk):
    with open(server.path("broken.json"), "w") as f:
        f.write('{"keys":[{"kty":"EC"')
    with open(server.path("secret-member.json"), "w") as f:
        f.write(compact({"keys": [dict(jwk["p256"], d="AAAA")]}))
    with open(server.path("good.json"), "w") as f:
        f.write(jwks(jwk["p256"]))
    # A location with keys, and the directive under test.
    base = ('server { listen 127.0.0.1:1; location / { %s '
            'try_files /.none =204; } }')
    keys = 'auth_jwt_key_file %s/good.json; ' % server.prefix
    code, out = server.test_config(base % ('auth_jwt "t"; ' + keys))
    check(code == 0, "nginx -t accepts a good configuration: %s" % out)
    # A key the parser drops (a private member) leaves a set without keys:
    # a warning, not an error (one bad key never sinks a set).
    code, out = server.test_config(
        base % ('auth_jwt "t"; auth_jwt_key_file %s/secret-member.json;' % server.prefix))
    check(code == 0 and "[warn]" in out and "holds no usable key" in out,
          "nginx -t warns about a key file without usable keys: %s" % out)
    for directive, message in BAD_CONFIGS:
        directive = directive.replace("@PREFIX@", server.prefix)
        if directive.startswith("auth_jwt_claim_set"):
            conf = directive + base % ('auth_jwt "t"; ' + keys)
        elif directive.startswith("auth_jwt "):
            conf = base % (directive + " " + keys)
        else:
            conf = base % ('auth_jwt "t"; ' + (keys if "key_file" not in directive else "")
                           + directive)
        code, out = server.test_config(conf)
        check(code != 0 and message in out and "[emerg]" in out,
              "nginx -t refuses %r with %r: %d %s" % (directive[:60], message, code,
                                                    out.strip()[-300:]))


MAIN_HTTP = r"""
    keepalive_requests 100000;
    auth_jwt_claim_set $jwt_email profile email;
    auth_jwt_claim_set $jwt_profile profile;
    auth_jwt_header_set $jwt_typ typ;
    map $jwt_claim_role $is_admin { admin 1; default 0; }
    server {
        listen 127.0.0.1:@PORT@;
        location = /open { try_files /.none =204; }
        location /f/ {
            auth_jwt "protected";
            auth_jwt_key_file @PREFIX@/keys.json;
            auth_jwt_key_file @PREFIX@/secrets.json;
            auth_jwt_issuer "https://issuer.test";
            auth_jwt_audience "api://orders";
            auth_jwt_type signed;
            location = /f/ok { try_files /.none =204; }
            location = /f/leeway { auth_jwt_leeway 60s; try_files /.none =204; }
            location = /f/es256-only { auth_jwt_algorithms ES256; try_files /.none =204; }
            location = /f/small-ok { auth_jwt_min_rsa_bits 1024; try_files /.none =204; }
            location = /f/quoted { auth_jwt 'say "hi"'; try_files /.none =204; }
            location = /f/off { auth_jwt off; try_files /.none =204; }
            location = /f/satisfy-allow {
                satisfy any;
                allow 127.0.0.1;
                deny all;
                try_files /.none =204;
            }
            location = /f/satisfy-deny { satisfy any; deny all; try_files /.none =204; }
            location = /f/cookie { auth_jwt "cookies" token=$cookie_jwt; try_files /.none =204; }
            location = /f/arg { auth_jwt "args" token=$arg_access_token; try_files /.none =204; }
            location = /f/admin { auth_jwt_require $is_admin error=403; try_files /.none =204; }
            location = /f/tenant {
                auth_jwt_require $jwt_claim_tenant $jwt_claim_sub;
                try_files /.none =204;
            }
            location = /f/variables {
                add_header X-Sub $jwt_claim_sub;
                add_header X-Email $jwt_email;
                try_files /.none =204;
            }
            location = /f/echo {
                proxy_set_header X-Sub $jwt_claim_sub;
                proxy_set_header X-Roles $jwt_claim_roles;
                proxy_set_header X-Aud $jwt_claim_aud;
                proxy_set_header X-Level $jwt_claim_level;
                proxy_set_header X-Profile $jwt_profile;
                proxy_set_header X-Email $jwt_email;
                proxy_set_header X-Tenant $jwt_claim_tenant;
                proxy_set_header X-Kid $jwt_header_kid;
                proxy_set_header X-Alg $jwt_header_alg;
                proxy_set_header X-Typ $jwt_typ;
                proxy_set_header X-Missing $jwt_claim_nothing;
                proxy_pass http://127.0.0.1:@UPSTREAM@/echo;
            }
            location = /f/echo-open {
                auth_jwt off;
                proxy_set_header X-Sub $jwt_claim_sub;
                proxy_pass http://127.0.0.1:@UPSTREAM@/echo;
            }
        }
        location = /rot {
            auth_jwt "rotating";
            auth_jwt_key_file @PREFIX@/rotating.json;
            try_files /.none =204;
        }
    }
"""

REMOTE_HTTP = r"""
    server {
        listen 127.0.0.1:@PORT@;
        auth_jwt_key_request_interval 2s;
        location /r/ {
            auth_jwt "remote";
            auth_jwt_key_request /_jwks;
            try_files /.none =204;
        }
        location /rf/ {
            auth_jwt "remote";
            auth_jwt_key_request /_jwks-fixed;
            auth_jwt_key_cache 2s;
            try_files /.none =204;
        }
        location /r-missing/ {
            auth_jwt "remote";
            auth_jwt_key_request /_jwks-missing;
            try_files /.none =204;
        }
        location = /_jwks {
            internal;
            proxy_pass http://127.0.0.1:@UPSTREAM@/jwks;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            subrequest_output_buffer_size 64k;
        }
        location = /_jwks-fixed {
            internal;
            proxy_pass http://127.0.0.1:@UPSTREAM@/jwks-fixed;
            subrequest_output_buffer_size 64k;
        }
        location = /_jwks-missing {
            internal;
            proxy_pass http://127.0.0.1:@UPSTREAM@/jwks-missing;
        }
    }
"""


def main():
    module = os.environ.get("JWKVIEW_NGINX_MODULE", "")
    binary = os.environ.get("JWKVIEW_NGINX", "")
    tool = os.environ.get("JWKVIEW_TOKEN_TOOL", "")
    preload = os.environ.get("JWKVIEW_NGINX_PRELOAD", "")
    if not binary or not os.path.exists(binary):
        print("skipped: no nginx (apt-get install nginx nginx-dev)")
        return SKIP
    if not module or not os.path.exists(module):
        print("skipped: the module was not built (it needs nginx-dev: /usr/share/nginx/src)")
        return SKIP
    started = time.time()
    now = int(time.time())
    jwk, tokens = make_material(tool, now)
    print("keys and tokens: %.1f s" % (time.time() - started))

    upstream = Upstream()
    with tempfile.TemporaryDirectory(prefix="jwkview-nginx-") as prefix:
        if os.environ.get("JWKVIEW_NGINX_KEEP"):
            prefix = tempfile.mkdtemp(prefix="jwkview-nginx-kept-")
            print("prefixes kept in", prefix)
        os.chmod(prefix, 0o755)
        # An Okta management-API key (id, status, created...) as Okta lists it.
        okta_inactive = dict(jwk["inactive"], id="pks2f4zrZbs8nUa7p0g4", status="INACTIVE",
                             created="2023-02-21T20:08:24.000Z",
                             lastUpdated="2023-02-21T20:08:24.000Z", use="sig", alg="ES256")
        with open(os.path.join(prefix, "keys.json"), "w") as f:
            f.write(jwks(jwk["rsa"], jwk["pss"], jwk["p256"], jwk["p384"], jwk["p521"], jwk["ed"],
                         jwk["small"], okta_inactive))
        with open(os.path.join(prefix, "secrets.json"), "w") as f:
            f.write(jwks(jwk["secret"]))
        write_atomically(os.path.join(prefix, "rotating.json"), jwks(jwk["rot-a"]))

        server = Nginx(binary, module, preload, os.path.join(prefix, "main"), workers=2)
        remote = Nginx(binary, module, preload, os.path.join(prefix, "remote"), workers=1)
        servers = [server, remote]
        try:
            http_main = (MAIN_HTTP.replace("@PREFIX@", prefix)
                         .replace("@UPSTREAM@", str(upstream.port)))
            server.start(http_main)
            test_tokens(server, jwk, tokens)
            test_rotation(server, jwk, tokens, os.path.join(prefix, "rotating.json"))
            check(server.stop() == 0, "nginx stops cleanly")

            remote.start(REMOTE_HTTP.replace("@UPSTREAM@", str(upstream.port)))
            test_key_request(remote, upstream, jwk, tokens)
            check(remote.stop() == 0, "the second nginx stops cleanly")

            test_config_errors(Nginx(binary, module, preload, os.path.join(prefix, "conf"), 1),
                               jwk)
        finally:
            for s in servers:
                s.stop()
            upstream.shutdown()
        for s in servers:
            log = s.log()
            for bad in ["[alert]", "[crit]", "[emerg]", "exited on signal", "AddressSanitizer",
                        "runtime error:"]:
                check(bad not in log, "%s: no %r in the error log: %s"
                      % (s.prefix, bad, log[log.find(bad) - 200: log.find(bad) + 300]
                         if bad in log else ""))
    print("%d checks, %d failed, %.1f s" % (checks, len(failures), time.time() - started))
    if failures:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
