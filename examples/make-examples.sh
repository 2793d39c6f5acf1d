#!/usr/bin/env bash
# make-examples.sh: regenerates the example key listings in this folder.
#
#   bash examples/make-examples.sh        (from anywhere; writes next to itself)
#
# The outputs are COMMITTED, so nobody needs to run this: it is here so the
# data can be checked and regenerated. Every run generates NEW RANDOM keys with
# `openssl genpkey`, so the key material (n, e, x, y) and the kids of jwks.json
# (RFC 7638 thumbprints) change on every run. Everything else is fixed in this
# script: Okta ids, kids of the Okta keys, dates, statuses, algorithms and the
# set of keys, so tests may rely on those but never on key material.
# The private keys live in a temporary folder that is deleted on exit.
#
# Needs bash, openssl (1.1.1 or 3.x) and python3 (standard library only).
#
# Outputs:
#   okta-listing.json  Okta's example listing shape {"jwks":{"keys":[...]}}:
#                      9 keys (RSA 2048/3072/4096, EC P-256/P-384/P-521,
#                      one RSA "use":"enc" key without "alg", as Okta sends
#                      encryption keys), ACTIVE and INACTIVE, with Okta's
#                      _links. Key pks4zU5j66r5CK8Nk1d7 keeps a leading zero
#                      octet in "n" (as Okta serialises moduli; allowed: it is
#                      policy, not a parse error). One href is written with the
#                      JSON escape "\/" for its slashes.
#   okta-keys.json     the same 9 keys as a bare JSON array (the shape of
#                      Okta's listJwk 200 response schema).
#   jwks.json          a plain RFC 7517 JWK Set {"keys":[...]} as an identity
#                      provider publishes it: kid (RFC 7638 thumbprint), kty,
#                      alg, use, n/e or crv/x/y; no Okta members. Under the
#                      default okta profile its keys lack "id": scan it with
#                      `jwkview scan --profile rfc7517 examples/jwks.json`.
#   keys.ndjson        4 Okta documents, one per line: a listing, a single
#                      key, a bare array and a single EC key.
#
# Conversions (RFC 7518 section 6): n, e, x and y are canonical unpadded
# base64url of big-endian octets; n and e have no leading zero octet (except
# the one key above); EC x and y are exactly the curve's length (32, 48, 66
# octets), left-padded with zeros.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# gen NAME rsa BITS | gen NAME ec CURVE: writes $tmp/NAME.der (SubjectPublicKeyInfo).
gen() {
  local name=$1 kind=$2 param=$3
  if [[ $kind == rsa ]]; then
    openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$param" \
      -pkeyopt rsa_keygen_pubexp:65537 -out "$tmp/$name.pem" 2>/dev/null
  else
    openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$param" \
      -pkeyopt ec_param_enc:named_curve -out "$tmp/$name.pem" 2>/dev/null
  fi
  openssl pkey -in "$tmp/$name.pem" -pubout -outform DER -out "$tmp/$name.der"
}

# Okta client keys (okta-listing.json, okta-keys.json, keys.ndjson).
gen okta-rsa2048-a rsa 2048
gen okta-rsa2048-b rsa 2048
gen okta-rsa3072-a rsa 3072
gen okta-rsa4096 rsa 4096
gen okta-rsa3072-b rsa 3072
gen okta-p256 ec P-256
gen okta-p384 ec P-384
gen okta-p521 ec P-521
gen okta-rsa-enc rsa 2048
# An identity provider's published set (jwks.json).
gen idp-rsa2048 rsa 2048
gen idp-rsa4096 rsa 4096
gen idp-p256 ec P-256
gen idp-p384 ec P-384
gen idp-p521 ec P-521
gen idp-rsa-enc rsa 3072

python3 - "$tmp" "$here" <<'PY'
import base64
import hashlib
import json
import sys

tmp, out = sys.argv[1], sys.argv[2]


def b64u(octets):
    return base64.urlsafe_b64encode(octets).rstrip(b"=").decode("ascii")


def der_item(buf, pos):
    """Returns (tag, content_start, content_end) of the DER item at pos."""
    tag = buf[pos]
    length = buf[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(buf[pos:pos + count], "big")
        pos += count
    return tag, pos, pos + length


def spki_bits(der):
    """The public key octets inside a SubjectPublicKeyInfo."""
    tag, start, _ = der_item(der, 0)  # SEQUENCE
    assert tag == 0x30
    tag, _, alg_end = der_item(der, start)  # AlgorithmIdentifier
    assert tag == 0x30
    tag, bits_start, bits_end = der_item(der, alg_end)  # BIT STRING
    assert tag == 0x03 and der[bits_start] == 0  # no unused bits
    return der[bits_start + 1:bits_end]


def unsigned(octets):
    """A DER INTEGER's content as an unsigned big-endian number without a leading zero."""
    return octets.lstrip(b"\x00") or b"\x00"


def read_key(name):
    with open(f"{tmp}/{name}.der", "rb") as f:
        return spki_bits(f.read())


def rsa(name, keep_leading_zero=False):
    bits = read_key(name)
    tag, start, end = der_item(bits, 0)  # RSAPublicKey SEQUENCE
    assert tag == 0x30
    tag, n_start, n_end = der_item(bits, start)
    assert tag == 0x02
    tag, e_start, e_end = der_item(bits, n_end)
    assert tag == 0x02
    n = unsigned(bits[n_start:n_end])
    e = unsigned(bits[e_start:e_end])
    if keep_leading_zero:
        n = b"\x00" + n  # as Okta serialises moduli
    return {"e": b64u(e), "n": b64u(n)}


CURVES = {"P-256": 32, "P-384": 48, "P-521": 66}


def ec(name, crv):
    point = read_key(name)
    size = CURVES[crv]
    assert point[0] == 0x04 and len(point) == 1 + 2 * size  # uncompressed
    return {"crv": crv, "x": b64u(point[1:1 + size]), "y": b64u(point[1 + size:])}


def thumbprint(jwk):
    """RFC 7638 JWK thumbprint (SHA-256, base64url)."""
    if jwk["kty"] == "RSA":
        members = {"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}
    else:
        members = {"crv": jwk["crv"], "kty": "EC", "x": jwk["x"], "y": jwk["y"]}
    text = json.dumps(members, separators=(",", ":"), sort_keys=True)
    return b64u(hashlib.sha256(text.encode("ascii")).digest())


APP = "0oaeqdqKDEsQgb0bE1d7"
BASE = f"https://example.okta.com/api/v1/apps/{APP}/credentials/jwks"


def links(key_id, status):
    if status == "ACTIVE":
        return {
            "deactivate": {
                "href": f"{BASE}/{key_id}/lifecycle/deactivate",
                "hints": {"allow": ["POST"]},
            }
        }
    return {
        "activate": {
            "href": f"{BASE}/{key_id}/lifecycle/activate",
            "hints": {"allow": ["POST"]},
        },
        "delete": {"href": f"{BASE}/{key_id}", "hints": {"allow": ["DELETE"]}},
    }


def okta_key(key_id, kid, alg, use, status, material, created, updated):
    kty = "EC" if "crv" in material else "RSA"
    key = {"id": key_id, "kid": kid, "kty": kty}
    if alg is not None:
        key["alg"] = alg
    key["use"] = use
    key.update(material)
    key["status"] = status
    key["created"] = created
    key["lastUpdated"] = updated
    key["_links"] = links(key_id, status)
    return key


okta = [
    okta_key("pks4zU5j66r5CK8Nk1d7", "wdIYHU1Uno1RatsHxRHm_OSH-OtDwv5N2OLLmP3F", "RS256", "sig",
             "ACTIVE", rsa("okta-rsa2048-a", keep_leading_zero=True),
             "2023-02-21T20:08:24.000Z", "2024-01-09T16:41:02.000Z"),
    okta_key("pksVHo2aVGiyrbJGF1d7", "l00iHNCGYIC_F10hx6Gw75VtaA53UskP14O3uPOQ", "RS256", "sig",
             "INACTIVE", rsa("okta-rsa2048-b"),
             "2022-08-30T09:12:51.000Z", "2024-01-09T16:40:37.000Z"),
    okta_key("pksZgo2qsTz8SFM1i1d7", "ORRNUpdI3AJoBu8mFfwVOmdU_hft4-JiFznyYZjz", "RS384", "sig",
             "ACTIVE", rsa("okta-rsa3072-a"),
             "2023-06-14T11:03:17.000Z", "2023-06-14T11:03:17.000Z"),
    okta_key("pksINAWcdWPRx1xYz1d7", "hYuVJN75BKuzMBwj5XJlsu8JgbpRwXnjb9YTrhc-", "RS512", "sig",
             "INACTIVE", rsa("okta-rsa4096"),
             "2023-06-14T11:05:42.000Z", "2023-11-02T08:27:19.000Z"),
    okta_key("pks7QSOILbyEGxZhi1d7", "yRiTUBUSWSkhvF8BWtkHFBO0azprOKk3TAti5Jxi", "PS256", "sig",
             "ACTIVE", rsa("okta-rsa3072-b"),
             "2024-01-09T16:38:55.000Z", "2024-01-09T16:38:55.000Z"),
    okta_key("pks4UXzVriMBroAHi1d7", "QH1-nYniEgOtgrKFvG8jhPb2AkT9jXEJYkNrvMQM", "ES256", "sig",
             "ACTIVE", ec("okta-p256", "P-256"),
             "2024-02-27T13:19:08.000Z", "2024-02-27T13:19:08.000Z"),
    okta_key("pksAQYhwEfVjw3LRt1d7", "TrNKDfuat1oyihQ3_LsxMX-x0WVkBGj0GfOY8Bmg", "ES384", "sig",
             "INACTIVE", ec("okta-p384", "P-384"),
             "2024-02-27T13:20:44.000Z", "2024-03-05T10:02:13.000Z"),
    okta_key("pksaU1Ibp2qOFDbm11d7", "YMB-AV6HHVpQsDVUc0cqZFz4V1Yuj84sjvGJpibr", "ES512", "sig",
             "ACTIVE", ec("okta-p521", "P-521"),
             "2024-03-05T10:01:36.000Z", "2024-03-05T10:01:36.000Z"),
    okta_key("pksVNeXxCqNzcz7ah1d7", "o6YY7kcRVh1YMuh3D6iBCH2dqdzOM8eQJzsIaXoB", None, "enc",
             "INACTIVE", rsa("okta-rsa-enc"),
             "2024-03-18T15:44:29.000Z", "2024-03-18T15:44:29.000Z"),
]


def idp_key(alg, use, material):
    kty = "EC" if "crv" in material else "RSA"
    kid = thumbprint({"kty": kty, **material})
    return {"kid": kid, "kty": kty, "alg": alg, "use": use, **material}


idp = [
    idp_key("RS256", "sig", rsa("idp-rsa2048")),
    idp_key("PS512", "sig", rsa("idp-rsa4096")),
    idp_key("ES256", "sig", ec("idp-p256", "P-256")),
    idp_key("ES384", "sig", ec("idp-p384", "P-384")),
    idp_key("ES512", "sig", ec("idp-p521", "P-521")),
    idp_key("RSA-OAEP-256", "enc", rsa("idp-rsa-enc")),
]


def write(name, text):
    with open(f"{out}/{name}", "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def pretty(value):
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# okta-listing.json, with one href written with "\/" escapes (decoded, it is
# the same text as the unescaped form).
listing = pretty({"jwks": {"keys": okta}})
escaped_href = okta[3]["_links"]["delete"]["href"]
plain = json.dumps(escaped_href)
assert listing.count(plain) == 1
listing = listing.replace(plain, plain.replace("/", "\\/"))
write("okta-listing.json", listing)

write("okta-keys.json", pretty(okta))
write("jwks.json", pretty({"keys": idp}))

ndjson = [
    compact({"jwks": {"keys": okta[0:3]}}),
    compact(okta[3]),
    compact(okta[4:8]),
    compact(okta[5]),
]
write("keys.ndjson", "\n".join(ndjson) + "\n")
PY

echo "wrote okta-listing.json okta-keys.json jwks.json keys.ndjson in $here"
