#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_jwt (fuzz/corpus/fuzz_jwt/).

Real-looking tokens as gateways see them: RS256/PS384/ES256/ES512/EdDSA
headers, Okta, Auth0, Google, Entra, Keycloak and RFC 9068 claims, aud
arrays, escapes and nested objects; malformed ones; and a few inputs in the
target's JSON form (0xFE, flags, now, leeway, header JSON, 0xFF, payload
JSON), which the harness encodes itself. Signatures are deterministic bytes
of the alg's length: fuzz_jwt never verifies them.

    fuzz/make-jwt-seeds.py        # from the repository root
"""
import base64
import hashlib
import json
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_jwt")

SIGNATURE_OCTETS = {"RS256": 256, "PS384": 384, "ES256": 64, "ES384": 96, "ES512": 132,
                    "EdDSA": 64, "HS256": 32}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signature(alg: str, seed: str) -> str:
    octets = SIGNATURE_OCTETS.get(alg, 32)
    out = b""
    block = seed.encode()
    while len(out) < octets:
        block = hashlib.sha256(block).digest()
        out += block
    return b64url(out[:octets])


def compact(header, claims, alg=None, sig=None) -> bytes:
    """header and claims: dicts (compact JSON) or str (the JSON text as is)."""
    def text(part):
        return part if isinstance(part, str) else json.dumps(part, separators=(",", ":"))
    h, c = text(header), text(claims)
    if alg is None:
        alg = header["alg"] if isinstance(header, dict) else "RS256"
    s = sig if sig is not None else signature(alg, h + c)
    return (b64url(h.encode()) + "." + b64url(c.encode()) + "." + s).encode()


def json_form(flags: int, now: int, leeway: int, header: str, payload: str,
              sig: str = None) -> bytes:
    out = bytes([0xFE, flags]) + struct.pack("<q", now) + struct.pack("<H", leeway)
    out += header.encode() + b"\xff" + payload.encode()
    if sig is not None:
        out += b"\xff" + sig.encode()
    return out


IAT = 1767225600  # 2026-01-01
EXP = IAT + 3600

SEEDS = {
    "okta-access-rs256": compact(
        {"kid": "wdIYHU1Uno1RatsHxRHm_OSH-OtDwv5N2OLLmP3F", "alg": "RS256"},
        {"ver": 1, "jti": "AT.Yq6jeTeCLBL3Pe6_qqYVuO9CLBR2sqgRq3W9Hj6DnUQ",
         "iss": "https://dev-123456.okta.com/oauth2/default", "aud": "api://default",
         "iat": IAT, "exp": EXP, "cid": "0oa1b2c3d4e5f6g7h8i9", "uid": "00u1a2b3c4d5e6f7g8h9",
         "scp": ["openid", "profile", "email"], "auth_time": IAT - 60,
         "sub": "alice@example.com"}),
    "okta-id-token-rs256": compact(
        {"kid": "l00iHNCGYIC_F10hx6Gw75VtaA53UskP14O3uPOQ", "alg": "RS256"},
        {"sub": "00u1a2b3c4d5e6f7g8h9", "name": "Alice Example", "ver": 1,
         "iss": "https://example.okta.com", "aud": "0oa1b2c3d4e5f6g7h8i9", "iat": IAT,
         "exp": EXP, "jti": "ID.4eAWJOCMB3SX8XewDfVR", "amr": ["pwd", "mfa"],
         "idp": "00o1a2b3c4d5e6f7g8h9", "nonce": "n-0S6_WzA2Mj", "auth_time": IAT - 5,
         "at_hash": "MTIzNDU2Nzg5MDEyMzQ1Ng"}),
    "auth0-access-rs256": compact(
        {"alg": "RS256", "typ": "JWT", "kid": "NjVBRjY5MDlCMUIwNzU4RTA2QzZFMDQ4QzQ2MDAyQjVDNjk1RTM2Qg"},
        {"https://example.com/roles": ["admin", "billing"], "https://example.com/email": "bob@example.com",
         "iss": "https://example.eu.auth0.com/", "sub": "auth0|5f7c8ec7c33c6c004bbafe82",
         "aud": ["https://api.example.com", "https://example.eu.auth0.com/userinfo"],
         "iat": IAT, "exp": EXP, "azp": "tJ6wNKBFlXyLjGsJa4a9cJ7GTl4wHcKA",
         "scope": "openid profile email read:orders", "permissions": ["read:orders"]}),
    "google-id-rs256": compact(
        {"alg": "RS256", "kid": "6f7254101f56e41cf35c9926de84a2d552b4c6f1", "typ": "JWT"},
        {"iss": "https://accounts.google.com", "azp": "1234987819200.apps.googleusercontent.com",
         "aud": "1234987819200.apps.googleusercontent.com", "sub": "10769150350006150715113082367",
         "email": "jsmith@example.com", "email_verified": True, "at_hash": "HK6E_P6Dh8Y93mRNtsDB1Q",
         "name": "J Smith", "picture": "https://lh3.googleusercontent.com/a/photo.jpg",
         "given_name": "J", "family_name": "Smith", "locale": "en", "iat": IAT, "exp": EXP}),
    "entra-v2-rs256": compact(
        {"typ": "JWT", "alg": "RS256", "x5t": "kWbkaa6qs8wsTnBwiiNYOhHbnAw",
         "kid": "kWbkaa6qs8wsTnBwiiNYOhHbnAw"},
        {"aud": "6e74172b-be56-4843-9ff4-e66a39bb12e3",
         "iss": "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
         "iat": IAT, "nbf": IAT, "exp": EXP, "aio": "AXQAi/8IAAAAtAaZLo3ChMif6KOnttRB7eBq4",
         "azp": "6e74172b-be56-4843-9ff4-e66a39bb12e3", "azpacr": "0",
         "groups": ["a7c1c1d6-1b1d-4a1a-9a6f-3b6b7d7e7f70"], "roles": ["Orders.Read", "Orders.Write"],
         "oid": "690222be-ff1a-4d56-abd1-7e4f7d38e474", "scp": "access_as_user",
         "tid": "72f988bf-86f1-41af-91ab-2d7cd011db47", "ver": "2.0"}),
    "keycloak-nested-rs256": compact(
        {"alg": "RS256", "typ": "JWT", "kid": "FJ86GcF3jTbNLOco4NvZkUCIUmfYCqoqtOQeMfbhNlE"},
        {"exp": EXP, "iat": IAT, "jti": "e0f2a8b8-9c3d-4b5e-8f7a-6d5c4b3a2f1e",
         "iss": "https://sso.example.com/realms/shop", "aud": ["account", "orders-api"],
         "sub": "f:8b8b8b8b-1111-2222-3333-444444444444:carol", "typ": "Bearer",
         "azp": "web", "session_state": "c3d4e5f6",
         "realm_access": {"roles": ["offline_access", "uma_authorization"]},
         "resource_access": {"account": {"roles": ["manage-account", "view-profile"]},
                             "orders-api": {"roles": ["reader"]}},
         "address": {"street_address": "1 Main St", "geo": {"lat": 52.52, "lng": -13.405}},
         "scope": "openid email profile", "email_verified": False}),
    "rfc9068-at-jwt-es256": compact(
        {"typ": "at+jwt", "alg": "ES256", "kid": "QH1-nYniEgOtgrKFvG8jhPb2AkT9jXEJYkNrvMQM"},
        {"iss": "https://authorization-server.example.com/", "sub": "5ba552d67",
         "aud": "https://rs.example.com/", "exp": EXP, "iat": IAT, "jti": "dbe39bf3a3ba4238a513f51d6e1691c4",
         "client_id": "s6BhdRkqt3", "scope": "openid profile reademail", "auth_time": IAT - 30,
         "acr": "urn:mace:incommon:iap:silver", "cnf": {"jkt": "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"}}),
    "github-actions-es512": compact(
        {"alg": "ES512", "kid": "YMB-AV6HHVpQsDVUc0cqZFz4V1Yuj84sjvGJpibr", "typ": "JWT"},
        {"jti": "example-id", "sub": "repo:octo-org/octo-repo:environment:prod",
         "environment": "prod", "aud": "https://github.com/octo-org", "ref": "refs/heads/main",
         "sha": "example-sha", "repository": "octo-org/octo-repo", "repository_owner": "octo-org",
         "actor_id": "12", "run_id": "example-run-id", "run_attempt": "1", "runner_environment": "github-hosted",
         "iss": "https://token.actions.githubusercontent.com", "nbf": IAT - 300, "exp": EXP, "iat": IAT}),
    "eddsa-fractional-dates": compact(
        {"alg": "EdDSA", "kid": "ed-2026-01", "typ": "JWT"},
        '{"sub":"svc-billing","iss":"https://issuer.example","aud":"billing",'
        '"iat":1767225600.25,"nbf":1767225599.999,"exp":1.7672292e9,"admin":false,"n":null}'),
    "escapes-ps384": compact(
        '{"alg":"PS384","kid":"k\\u0031\\/2","typ":"application\\/JWT","cty":"json"}',
        '{"iss":"https:\\/\\/issuer.example\\/t\\u00e9nant","sub":"\\ud83d\\ude00 emoji",'
        '"n\\u0061me":"Jos\\u00e9 \\"Pep\\u00e9\\" M\\u00fcller","tab":"a\\tb\\n",'
        '"aud":["a\\/b","\\u0000nul","caf\\u00e9"],"exp":1767229200,"~path/claim":1}',
        alg="PS384"),
    "whitespace-es384": compact(
        '{ "alg" : "ES384" ,\n "kid" : "TrNKDfuat1oyihQ3_LsxMX-x0WVkBGj0GfOY8Bmg" }',
        '{\r\n  "iss": "https://issuer.example",\r\n  "aud": [ "api" , "web" ],\r\n'
        '  "exp": 1767229200 ,\r\n  "scopes": { "read": true, "write": [ ] }\r\n}\r\n',
        alg="ES384"),
    "aud-16-rs256": compact(
        {"alg": "RS256", "kid": "many"},
        {"iss": "https://issuer.example", "aud": ["aud-%d" % i for i in range(16)], "exp": EXP,
         "nbf": IAT, "iat": IAT}),
    # HMAC: read (validate_jwt verifies it only with a trusted secret).
    "hs256-trusted-secret": compact({"alg": "HS256", "typ": "JWT", "kid": "gateway-secret"},
                                    {"sub": "svc", "exp": EXP}),
    # Refused: each names what the reader must refuse.
    "bad-duplicate-exp": compact({"alg": "RS256", "kid": "k"},
                                 '{"sub":"x","exp":1767229200,"exp":4102444800}'),
    "bad-duplicate-escaped-alg": compact('{"alg":"RS256","\\u0061lg":"none","kid":"k"}',
                                         '{"sub":"x","exp":1767229200}', alg="RS256"),
    "bad-duplicate-nested": compact({"alg": "ES256", "kid": "k"},
                                    '{"sub":"x","realm_access":{"roles":["a"],"roles":["admin"]}}'),
    "bad-alg-none": compact({"alg": "none"}, {"sub": "admin", "exp": EXP}, sig=""),
    "bad-b64-false": compact({"alg": "RS256", "kid": "k", "b64": False, "crit": ["b64"]}, "$.02"),
    "bad-aud-17": compact({"alg": "RS256", "kid": "k"},
                          {"aud": ["a%d" % i for i in range(17)], "exp": EXP}),
    "bad-exp-types": compact({"alg": "RS256", "kid": "k"},
                             '{"exp":"1767229200","nbf":1e20,"aud":["a",1]}'),
    "bad-padded": b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0=.c2ln",
    "bad-two-parts": b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0",
    "bad-deep": compact({"alg": "RS256", "kid": "k"}, '{"a":' * 13 + "1" + "}" * 13),
    "bad-header-array": compact('[{"alg":"RS256"}]', '{"sub":"x"}', alg="RS256"),
    # The JSON form: the harness encodes header and payload, rules from the input.
    "json-okta-rules": json_form(
        0b00101011, IAT + 10, 60, '{"alg":"RS256","kid":"k1","typ":"JWT"}',
        json.dumps({"iss": "https://example.okta.com/oauth2/default", "aud": ["api://default", "web"],
                    "exp": EXP, "iat": IAT, "nbf": IAT, "sub": "alice", "scope": "read"},
                   separators=(",", ":"))),
    "json-expired-at-jwt": json_form(
        0b11001001, EXP + 61, 60, '{"alg":"ES256","kid":"k2","typ":"application/at+JWT"}',
        '{"iss":"https://as.example","aud":"https://rs.example","exp":%d,"client_id":"c",'
        '"cnf":{"jkt":"abc"},"sub":"s","scope":"x"}' % EXP, "AAAA"),
    "json-escapes-duplicates": json_form(
        0b00010110, 0, 0, '{"alg":"EdDSA","kid":"\\u006b"}',
        '{"\\u0065xp":1767229200,"exp":1}'),
    # Regressions (tests/jwt_test.cpp pins both): a repeat inside an array
    # element lost the element's index in its path; twelve nested objects of
    # 64 names each were refused with too_many_members.
    "regress-array-index-path": json_form(
        0, IAT, 60, '{"alg":"RS256","kid":"k"}', '{"roles":[{"a":1},{"b":1,"\\u0062":2}]}'),
    "regress-nested-names": compact(
        {"alg": "RS256", "kid": "k"},
        "".join("{" + "".join('"m%d":%d,' % (i, i) for i in range(63)) + '"next":'
                for _ in range(12)) + "0" + "}" * 12),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print("%d seeds in %s" % (len(SEEDS), OUT))


if __name__ == "__main__":
    main()
