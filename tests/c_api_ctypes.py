#!/usr/bin/env python3
"""The C ABI (include/jwkview.h) through ctypes, as an FFI user calls it.

  c_api_ctypes.py LIBJWKVIEW LIBJWKVIEW_OPENSSL

Keys are generated and tokens signed with the openssl command
($JWKVIEW_OPENSSL, else `openssl`); Python's standard library has no RSA.
Exits 1 with the failed checks listed, 0 when all pass.
"""
import base64
import ctypes as C
import json
import os
import subprocess
import sys
import tempfile

OPENSSL = os.environ.get("JWKVIEW_OPENSSL") or "openssl"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("check failed:", what, file=sys.stderr)


# The structs of jwkview.h, field for field.
class Str(C.Structure):
    _fields_ = [("data", C.c_void_p), ("size", C.c_size_t)]

    def text(self):
        return C.string_at(self.data, self.size).decode() if self.data else None


class Member(C.Structure):
    _fields_ = [("data", C.c_void_p), ("size", C.c_size_t), ("state", C.c_int)]

    def text(self):
        return C.string_at(self.data, self.size).decode() if self.state == 2 else None


class Error(C.Structure):
    _fields_ = [("code", C.c_int), ("is_warning", C.c_int), ("rule", C.c_int),
                ("path_truncated", C.c_int), ("offset", C.c_size_t),
                ("path", C.c_char * 193), ("message", C.c_char * 201)]


class ParseOptions(C.Structure):
    _fields_ = [("profile", C.c_int), ("key_checks", C.c_int), ("tolerant_base64", C.c_int),
                ("warnings_as_errors", C.c_int), ("accept_bom", C.c_int),
                ("max_document_bytes", C.c_size_t), ("max_keys", C.c_size_t),
                ("max_depth", C.c_uint32)]


KEY_MEMBERS = ["kid", "kty", "alg", "use", "crv", "n", "e", "x", "y", "status", "id", "created",
               "last_updated", "x5u", "x5t", "x5t_s256"]


class Key(C.Structure):
    _fields_ = [("index", C.c_size_t), ("offset", C.c_size_t), ("schema", Str)] + \
        [(name, Member) for name in KEY_MEMBERS]


class Summary(C.Structure):
    _fields_ = [("keys", C.c_size_t), ("errors", C.c_size_t), ("warnings", C.c_size_t),
                ("stopped", C.c_int)]


class KeySetOptions(C.Structure):
    _fields_ = [("parse", ParseOptions), ("min_rsa_bits", C.c_size_t), ("refuse_roca", C.c_int),
                ("trusted_secrets", C.c_int), ("max_candidates", C.c_size_t),
                ("allow_tokens_without_kid", C.c_int)]


StrArray = C.POINTER(C.c_char_p)


class Rules(C.Structure):
    _fields_ = [("max_token_bytes", C.c_size_t), ("leeway_seconds", C.c_int64),
                ("require_exp", C.c_int), ("issuer", C.c_char_p),
                ("audiences", StrArray), ("audience_count", C.c_size_t),
                ("types", StrArray), ("type_count", C.c_size_t),
                ("required_claims", StrArray), ("required_claim_count", C.c_size_t)]


class Date(C.Structure):
    _fields_ = [("seconds", C.c_int64), ("state", C.c_int)]


class Claims(C.Structure):
    _fields_ = [("iss", Member), ("sub", Member), ("jti", Member), ("exp", Date), ("nbf", Date),
                ("iat", Date), ("aud_count", C.c_size_t), ("alg", Str), ("typ", Member),
                ("kid", Member), ("signer_kid", Member), ("token_", C.c_void_p)]


class Claim(C.Structure):
    _fields_ = [("json", Str), ("text", Str), ("is_string", C.c_int)]


ON_KEY = C.CFUNCTYPE(C.c_int, C.c_void_p, C.POINTER(Key))
ON_ERROR = C.CFUNCTYPE(None, C.c_void_p, C.POINTER(Error))


def load(core_path, openssl_path):
    core = C.CDLL(core_path)
    # libjwkview_openssl needs libjwkview: loaded above by path, found by soname.
    crypto = C.CDLL(openssl_path)
    sigs = {
        (core, "jwkview_error_name"): (C.c_char_p, [C.c_int]),
        (core, "jwkview_error_message"): (C.c_char_p, [C.c_int]),
        (core, "jwkview_policy_rule_name"): (C.c_char_p, [C.c_int]),
        (core, "jwkview_parse_options_init"): (None, [C.POINTER(ParseOptions)]),
        (core, "jwkview_parser_new"): (C.c_void_p, [C.POINTER(ParseOptions)]),
        (core, "jwkview_parser_free"): (None, [C.c_void_p]),
        (core, "jwkview_parse_set"): (C.c_int, [C.c_void_p, C.c_char_p, C.c_size_t, ON_KEY,
                                                ON_ERROR, C.c_void_p, C.POINTER(Summary)]),
        (crypto, "jwkview_key_set_options_init"): (None, [C.POINTER(KeySetOptions)]),
        (crypto, "jwkview_key_set_build"): (C.c_void_p, [C.c_char_p, C.c_size_t,
                                                         C.POINTER(KeySetOptions),
                                                         C.POINTER(Error)]),
        (crypto, "jwkview_key_set_free"): (None, [C.c_void_p]),
        (crypto, "jwkview_key_set_size"): (C.c_size_t, [C.c_void_p]),
        (crypto, "jwkview_key_set_usable"): (C.c_size_t, [C.c_void_p]),
        (crypto, "jwkview_key_set_refused_count"): (C.c_size_t, [C.c_void_p]),
        (crypto, "jwkview_key_set_refused"): (C.c_int, [C.c_void_p, C.c_size_t,
                                                        C.POINTER(Error)]),
        (crypto, "jwkview_key_store_new"): (C.c_void_p, []),
        (crypto, "jwkview_key_store_free"): (None, [C.c_void_p]),
        (crypto, "jwkview_key_store_publish"): (None, [C.c_void_p, C.c_void_p]),
        (crypto, "jwkview_key_store_snapshot"): (C.c_void_p, [C.c_void_p]),
        (crypto, "jwkview_rules_init"): (None, [C.POINTER(Rules)]),
        (crypto, "jwkview_reader_new"): (C.c_void_p, []),
        (crypto, "jwkview_reader_free"): (None, [C.c_void_p]),
        (crypto, "jwkview_validate"): (C.c_int, [C.c_void_p, C.c_char_p, C.c_size_t,
                                                 C.POINTER(Rules), C.c_int64, C.c_void_p,
                                                 C.POINTER(Claims), C.POINTER(Error)]),
        (crypto, "jwkview_claims_aud"): (Str, [C.POINTER(Claims), C.c_size_t]),
        (crypto, "jwkview_claims_find"): (C.c_int, [C.POINTER(Claims), C.c_char_p, C.c_size_t,
                                                    C.POINTER(Claim)]),
    }
    for (lib, name), (restype, argtypes) in sigs.items():
        f = getattr(lib, name)
        f.restype = restype
        f.argtypes = argtypes
    return core, crypto


def b64url(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def openssl(*args, data=None):
    return subprocess.run([OPENSSL, *args], input=data, capture_output=True, check=True).stdout


class Signer:
    """An RSA key made by `openssl genpkey`: its public JWK, and RS256 tokens."""

    def __init__(self, directory, name, bits):
        self.pem = os.path.join(directory, name + ".pem")
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:%d" % bits,
                "-out", self.pem)
        modulus = openssl("rsa", "-in", self.pem, "-noout", "-modulus").decode()
        self.n = b64url(bytes.fromhex(modulus.strip().split("=", 1)[1]))

    def jwk(self, kid):
        return {"kid": kid, "kty": "RSA", "n": self.n, "e": "AQAB"}

    def token(self, kid, claims):
        header = {"alg": "RS256", "kid": kid, "typ": "JWT"}
        signing_input = b64url(json.dumps(header)) + "." + b64url(json.dumps(claims))
        signature = openssl("dgst", "-sha256", "-sign", self.pem, data=signing_input.encode())
        return (signing_input + "." + b64url(signature)).encode()


def name(core, code):
    return core.jwkview_error_name(code).decode()


def test_parse(core):
    ec = {"kty": "EC", "crv": "P-256", "x": "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
          "y": "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM", "use": "sig"}
    doc = json.dumps({"keys": [dict(ec, kid="a"), {"kty": "oct", "k": "AAAA", "kid": "b"},
                               dict(ec, kid="c")]}).encode()
    seen = []

    def on_key(_, key):
        seen.append(("key", key.contents.kid.text(), key.contents.kty.text(),
                     key.contents.schema.text()))
        return 0

    def on_error(_, error):
        e = error.contents
        seen.append(("error", name(core, e.code), e.path.decode(), e.offset))

    # The callbacks must outlive the call: keep them in variables.
    key_cb, error_cb = ON_KEY(on_key), ON_ERROR(on_error)
    parser = core.jwkview_parser_new(None)
    summary = Summary()
    rc = core.jwkview_parse_set(parser, doc, len(doc), key_cb, error_cb, None, C.byref(summary))
    check(rc == 0, "parse_set returns ok, not %s" % name(core, rc))
    check(seen == [("key", "a", "EC", "rfc7517"),
                   ("error", "private_member", "/keys/1/k", doc.index(b'"k":')),
                   ("key", "c", "EC", "rfc7517")], "keys and errors in order: %r" % seen)
    check((summary.keys, summary.errors, summary.stopped) == (2, 1, 0), "summary")

    seen.clear()
    rc = core.jwkview_parse_set(parser, doc[:-3], len(doc) - 3, key_cb, error_cb, None, None)
    check(name(core, rc) == "truncated", "a cut document is refused: %s" % name(core, rc))
    check(len(seen) == 1 and seen[0][1] == "truncated", "no key from a refused document")

    options = ParseOptions()
    core.jwkview_parse_options_init(C.byref(options))
    check(options.key_checks == 1 and options.max_depth == 64, "parse option defaults")
    core.jwkview_parser_free(parser)


def test_tokens(core, crypto, directory):
    good = Signer(directory, "good", 2048)
    small = Signer(directory, "small", 1024)
    jwks = json.dumps({"keys": [good.jwk("good"), small.jwk("small")]}).encode()
    error = Error()
    key_set = crypto.jwkview_key_set_build(jwks, len(jwks), None, C.byref(error))
    check(key_set is not None and error.code == 0, "the set builds")
    check(crypto.jwkview_key_set_size(key_set) == 2, "two keys")
    check(crypto.jwkview_key_set_usable(key_set) == 1, "one usable")
    check(crypto.jwkview_key_set_refused_count(key_set) == 1, "one refused")
    check(crypto.jwkview_key_set_refused(key_set, 0, C.byref(error)) == 1
          and core.jwkview_policy_rule_name(error.rule) == b"rsa_too_small",
          "the 1024-bit key is refused by rsa_too_small")

    bad = Error()
    check(crypto.jwkview_key_set_build(b"{", 1, None, C.byref(bad)) is None
          and name(core, bad.code) == "truncated", "a broken JWKS is no set")

    store = crypto.jwkview_key_store_new()
    check(crypto.jwkview_key_store_snapshot(store) is None, "an empty store has no snapshot")
    crypto.jwkview_key_store_publish(store, key_set)
    crypto.jwkview_key_set_free(key_set)  # the store holds its own reference
    snapshot = crypto.jwkview_key_store_snapshot(store)
    check(snapshot is not None and crypto.jwkview_key_set_size(snapshot) == 2, "snapshot")

    now = 1750000000
    claims = {"iss": "https://issuer.example", "sub": "bob", "aud": "api", "exp": now + 300,
              "iat": now, "jti": "j-9", "roles": ["admin", "ops"], "tenant": "t\u00e9"}
    rules = Rules()
    crypto.jwkview_rules_init(C.byref(rules))
    check(rules.leeway_seconds == 60 and rules.require_exp == 1, "rule defaults")
    rules.issuer = b"https://issuer.example"
    audiences = (C.c_char_p * 1)(b"api")
    rules.audiences = audiences
    rules.audience_count = 1
    reader = crypto.jwkview_reader_new()

    def validate(token, at=now, rules=rules):
        out, err = Claims(), Error()
        rc = crypto.jwkview_validate(snapshot, token, len(token), C.byref(rules), at, reader,
                                     C.byref(out), C.byref(err))
        check(rc == err.code, "the returned code is the error's")
        return name(core, rc), out, err

    token = good.token("good", claims)
    rc, out, err = validate(token)
    check(rc == "ok", "a good token validates: %s %s" % (rc, err.message))
    check(out.iss.text() == "https://issuer.example" and out.sub.text() == "bob"
          and out.jti.text() == "j-9", "iss, sub, jti")
    check(out.exp.seconds == now + 300 and out.iat.seconds == now and out.nbf.state == 0,
          "exp, iat, nbf")
    check(out.aud_count == 1 and crypto.jwkview_claims_aud(C.byref(out), 0).text() == "api",
          "aud")
    check(out.alg.text() == "RS256" and out.signer_kid.text() == "good", "alg and signer")
    claim = Claim()
    check(crypto.jwkview_claims_find(C.byref(out), b"roles", 5, C.byref(claim)) == 1
          and json.loads(claim.json.text()) == ["admin", "ops"] and not claim.is_string,
          "an array claim as JSON text")
    check(crypto.jwkview_claims_find(C.byref(out), b"tenant", 6, C.byref(claim)) == 1
          and claim.is_string and claim.text.text() == "t\u00e9", "a string claim decoded")
    check(crypto.jwkview_claims_find(C.byref(out), b"nope", 4, C.byref(claim)) == 0,
          "an absent claim")

    rc, _, err = validate(token, at=now + 1000)
    check(rc == "token_expired" and err.path == b"/claims/exp", "expired: %s" % rc)
    rc, _, _ = validate(good.token("good", dict(claims, iss="https://evil.example")))
    check(rc == "wrong_issuer", "wrong issuer: %s" % rc)
    rc, _, _ = validate(good.token("nobody", claims))
    check(rc == "unknown_key", "unknown kid: %s" % rc)
    forged = token[:-10] + (b"A" if token[-10:-9] != b"A" else b"B") + token[-9:]
    rc, _, _ = validate(forged)
    check(rc == "bad_signature", "bad signature: %s" % rc)
    rc, _, err = validate(small.token("small", claims))
    check(rc == "key_refused" and core.jwkview_policy_rule_name(err.rule) == b"rsa_too_small",
          "a 1024-bit key is refused with its rule: %s %d" % (rc, err.rule))

    crypto.jwkview_reader_free(reader)
    crypto.jwkview_key_set_free(snapshot)
    crypto.jwkview_key_store_free(store)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    core, crypto = load(sys.argv[1], sys.argv[2])
    check(name(core, 0) == "ok" and name(core, 15) == "duplicate_member", "error names")
    check(core.jwkview_error_message(52) == b"the token has expired (exp)", "error message")
    test_parse(core)
    with tempfile.TemporaryDirectory(prefix="jwkview-ctypes-") as directory:
        test_tokens(core, crypto, directory)
    if failures:
        print("%d check(s) failed" % len(failures), file=sys.stderr)
        return 1
    print("c_api_ctypes: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
