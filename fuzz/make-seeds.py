#!/usr/bin/env python3
"""Regenerates the seed corpora in fuzz/corpus/<target>/ (python3, stdlib only).

    python3 fuzz/make-seeds.py

Seeds come from examples/ (real Okta listings and an RFC 7517 set) and the
test vectors of tests/test_support.hpp, plus tricky cases: escapes,
duplicates, deep nesting, NDJSON, each syntax error, each limit, and inputs
with the options header of fuzz_support.hpp. The corpora are committed;
inputs libFuzzer found and minimised are kept beside these as found-*.
Generated files are rewritten; others are left alone.
"""
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def vectors():
    """The kName string constants of tests/test_support.hpp."""
    text = (ROOT / "tests" / "test_support.hpp").read_text()
    out = {}
    for m in re.finditer(r'std::string_view (k\w+) =\s*((?:"[^"]*"\s*)+);', text):
        out[m.group(1)] = "".join(re.findall(r'"([^"]*)"', m.group(2)))
    return out


def header(flags=0, limits_a=0, limits_b=0, form=0):
    """The options header of fuzz_support.hpp (read_input)."""
    return bytes([0xFF, flags, limits_a, limits_b, form])


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (folder / name).write_bytes(data)


def main():
    v = vectors()
    listing = json.loads((ROOT / "examples" / "okta-listing.json").read_text())
    okta_keys = listing["jwks"]["keys"]
    rfc_keys = json.loads((ROOT / "examples" / "jwks.json").read_text())["keys"]
    rsa = okta_keys[0]
    ec = okta_keys[5]
    enc = okta_keys[8]
    okp = {"kty": "OKP", "crv": "Ed25519", "x": v["kEd25519X"], "alg": "EdDSA", "kid": "ed"}
    x448 = {"kty": "OKP", "crv": "X448", "x": v["kX448X"], "use": "enc", "kid": "x448"}
    k256 = {"kty": "EC", "crv": "secp256k1", "x": v["kK256X"], "y": v["kK256Y"], "alg": "ES256K"}
    oct_key = {"kty": "oct", "alg": "HS256", "kid": "hmac"}
    cert = {"kty": "EC", "crv": "P-256", "x": v["kP256X"], "y": v["kP256Y"], "id": "cert",
            "x5c": [v["kCert"]], "x5t": v["kX5t"], "x5t#S256": v["kX5tS256"],
            "x5u": "https://example.com/c.pem", "key_ops": ["verify", "encrypt", "futureOp"]}
    rsa_small = {"id": "small", "kty": "RSA", "n": v["kRsaN"], "e": v["kRsaE"]}

    # Documents both key targets share: real shapes and tricky members.
    docs = {
        "okta-listing.json": (ROOT / "examples" / "okta-listing.json").read_text(),
        "okta-keys.json": (ROOT / "examples" / "okta-keys.json").read_text(),
        "jwks.json": (ROOT / "examples" / "jwks.json").read_text(),
        "keys.ndjson": (ROOT / "examples" / "keys.ndjson").read_text(),
        "rsa-key.json": compact(rsa),
        "ec-key.json": compact(ec),
        "enc-key.json": compact(enc),
        "rfc-mixed-set.json": compact({"keys": [okp, x448, k256, oct_key, cert] + rfc_keys[:1]}),
        "cert-key.json": compact(cert),
        "escaped-names.json":
            '{"i\\u0064":"e1","k\\u0074y":"RSA","\\u006e":"%s","e":"AQ\\u0041B",'
            '"_links":{"deactivate":{"href":"https:\\/\\/a.example\\/x","hints":{"allow":["PO\\u0053T","\\u0047ET"]}}},'
            '"kid":"\\ud83d\\ude00\\n\\t\\"\\\\\\b\\f\\r\\/","x5c":["%s"],"key_ops":["\\u0076erify"]}'
            % (v["kRsaN"], v["kCert"].replace("/", "\\/")),
        "escaped-enums.json":
            '{"keys":[{"id":"a","kty":"E\\u0043","crv":"P-\\u0032\\u00356","x":"%s","y":"%s",'
            '"use":"s\\u0069g","alg":"ES\\u0032\\u00356","status":"ACTIV\\u0045"}]}' % (v["kP256X"], v["kP256Y"]),
        "duplicate-member.json": '[{"id":"a","kty":"RSA","n":"%s","e":"AQAB","e":"AQAB"},%s]'
            % (v["kRsaN"], compact(rsa_small)),
        "duplicate-escaped.json": '{"keys":[{"kty":"RSA","k\\u0074y":"RSA"},{"kty":"EC","zz":1,"z\\u007a":2}]}',
        "duplicate-wrapper.json": '{"keys":[],"keys":[]}',
        "duplicate-links.json": '{"id":"a","kty":"RSA","n":"%s","e":"AQAB","_links":{"activate":{"href":"h","href":"h"}}}' % v["kRsaN"],
        "duplicate-key-ops.json": '{"keys":[{"kty":"oct","key_ops":["sign","sign"]},{"kty":"oct","key_ops":["x","x"]}]}',
        "deep-unknown.json": '{"id":"a","kty":"RSA","n":"%s","e":"AQAB","ext":%s1%s}'
            % (v["kRsaN"], "[" * 60, "]" * 60),
        "deep-too-deep.json": "[" * 70 + "]" * 70,
        "unknown-values.json": '{"keys":[{"id":"a","kty":"RSA","n":"%s","e":"AQAB","alg":"RS999","use":"wrap","status":"GONE","ext":{"a":[true,false,null,-1.5e+3,0,"s"]}},'
            '{"id":"b","kty":"EC","crv":"P-999","x":"AA","y":"AA"},{"kty":"FOO"}]}' % v["kRsaN"],
        "nulls.json": '[{"id":"a","kty":"RSA","n":null,"e":"AQAB"},{"id":"b","kty":"EC","crv":null,"x":"AA","y":"AA"},'
            '{"id":"c","kty":"RSA","n":"%s","e":"AQAB","kid":null,"alg":null,"use":null,"created":null,"lastUpdated":null},'
            '{"id":null,"kty":"RSA"},{"id":"d","kty":"RSA","n":"AQAB","e":"AQAB","x5u":null}]' % v["kRsaN"],
        "wrong-types.json": '[1,"k",null,[],{"id":1,"kty":"RSA"},{"id":"a","kty":["RSA"]},'
            '{"id":"b","kty":"RSA","n":"AQAB","e":"AQAB","key_ops":"sign"},{"id":"c","kty":"RSA","n":"AQAB","e":"AQAB","key_ops":[1]},'
            '{"id":"d","kty":"RSA","n":"AQAB","e":"AQAB","_links":[]},{"id":"e","kty":"RSA","n":"AQAB","e":"AQAB","_links":{"activate":{"href":"h","templated":1}}},'
            '{"id":"f","kty":"RSA","n":"AQAB","e":"AQAB","_links":{"deactivate":{"href":"h","templated":true},"activate":{"href":"h","templated":false,"title":"x","name":"n","type":"t","hints":{"allow":["GET","PUT","PATCH","DELETE","POST","HEAD"],"x":1}},"other":{}}}]',
        "private-members.json": '{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","d":"AQAB"},{"kty":"oct","k":"AQAB"},{"kty":"EC","oth":[]},'
            '{"kty":"RSA","p":"","q":"","dp":"","dq":"","qi":""}]}',
        "key-checks.json": '{"keys":[{"kty":"RSA","n":"","e":"AQAB"},{"kty":"RSA","n":"AQA=","e":"AQAB"},{"kty":"RSA","n":"AQAB","e":"AQAB","x5t":"AA"},'
            '{"kty":"RSA","n":"AQAB","e":"AQAB","x5t#S256":""},{"kty":"RSA","n":"AQAB","e":"AQAB","x5c":["AA"]},'
            '{"kty":"EC","crv":"P-256","x":"AA","y":"AA"},{"kty":"EC","crv":"P-256","x":"%s","y":"AA"},'
            '{"kty":"EC","crv":"Ed25519","x":"AA","y":"AA"},{"kty":"RSA","n":"AQAB","e":"AQAB","alg":"ES256"},'
            '{"kty":"OKP","crv":"Ed448","x":"%s","alg":"EdDSA"},{"kty":"OKP","crv":"X25519","x":"%s","alg":"ECDH-ES+A128KW"},'
            '{"kty":"EC","crv":"P-384","x":"%s","y":"%s","alg":"ES384"},{"kty":"EC","crv":"P-521","x":"%s","y":"%s","alg":"ES512","use":"enc"},'
            '{"kty":"oct","alg":"A256GCMKW"},{"kty":"RSA","n":"%s","e":"AQAB","alg":"RSA-OAEP-512"},'
            '{"kty":"OKP","crv":"Ed25519","x":"%s","alg":"Ed25519"},{"kty":"OKP","crv":"Ed448","x":"%s","alg":"Ed448"},'
            '{"kty":"EC","crv":"P-256","x":"%s","y":"%s","alg":"ECDH-ES"},{"kty":"RSA","n":"A$B","e":"AQAB"},{"kty":"RSA","n":"AQAB","e":"AQAB","x5t":"A+B/"}]}'
            % (v["kP256X"], v["kEd448X"], v["kX25519X"], v["kP384X"], v["kP384Y"], v["kP521X"], v["kP521Y"],
               v["kRsaNLeadingZero"], v["kEd25519X"], v["kEd448X"], v["kP256X"], v["kP256Y"]),
        "missing-members.json": '[{"id":"a"},{"id":"b","kty":"RSA"},{"id":"c","kty":"RSA","n":"AQAB"},{"id":"d","kty":"EC"},'
            '{"id":"e","kty":"EC","crv":"P-256"},{"id":"f","kty":"EC","crv":"P-256","x":"AA"},{"kty":"RSA","n":"AQAB","e":"AQAB"},'
            '{"id":"g","kty":"RSA","n":"AQAB","e":"AQAB","_links":{"delete":{"name":"x"}}},{"id":"h","kty":"OKP"},{"id":"i","kty":"EC","use":"enc","crv":"P-256","x":"%s","y":"%s"}]'
            % (v["kP256X"], v["kP256Y"]),
        "shapes-jwks-wrong.json": '{"jwks":[]}',
        "shapes-keys-wrong.json": '{"keys":{},"x":[1]}',
        "shapes-ambiguous.json": '{"keys":[],"jwks":{"keys":[]}}',
        "shapes-jwks-no-keys.json": '{"jwks":{"other":1},"meta":"x"}',
        "shapes-scalar.json": '"just a string"',
        "shapes-empty-array.json": " [ ] ",
        "many-unknown.json": "{" + ",".join('"u%d":%d' % (i, i) for i in range(70)) + "}",
        "many-key-ops.json": '{"kty":"oct","key_ops":[%s]}' % ",".join('"op%d"' % i for i in range(70)),
        "whitespace.json": ' \r\n\t{ "keys" : [ { "kty" : "RSA" , "n" : "AQAB" , "e" : "AQAB" , "id" : "w" } ] } \n',
        "bom.json": b"\xef\xbb\xbf" + compact(rsa_small).encode(),
        "pointer-escapes.json": '{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","a~b/c":{"x":1},"a~b/c":2},'
            '{"kty":"RSA","%s":1,"%s":2}]}' % ("L" * 200, "L" * 200),
        "syntax-escaped-name.json": '{"keys":[{"a\\u007e\\/":[1,tru]}]}',
        "syntax-long-name.json": '{"%s":[1,tru]}' % ("L\\n" * 100),
        "syntax-after-escapes.json": '{"a\\n":"\\u00e9\\ud83d\\ude00","b":tru}',
        "big-numbers.json": '{"id":"a","kty":"RSA","n":"AQAB","e":"AQAB","ext":[1e999999,-0.0e-7,123456789012345678901234567890,0,-0,1E+2]}',
    }
    # One document per syntax error of docs/parsing-rules.md.
    syntax = {
        "syntax-empty.json": "  \n",
        "syntax-bad-utf8.json": b'{"id":"\xc3\x28"}',
        "syntax-overlong.json": b'["\xe0\x80\xaf","\xed\xa0\x80","\xf4\x90\x80\x80","\xf0\x80"]',
        "syntax-control.json": '{"id":"a\x01b"}',
        "syntax-unclosed.json": '{"id":"abc',
        "syntax-bad-escape.json": '{"id":"a\\xb"}',
        "syntax-bad-u-escape.json": '["\\u12G4"]',
        "syntax-lone-surrogate.json": '["\\ud800x"]',
        "syntax-lone-low.json": '{"\\udc00":1}',
        "syntax-surrogate-bad-pair.json": '["\\ud800\\u0041"]',
        "syntax-literal.json": '[tru]',
        "syntax-literal-long.json": '{"a":nulll}',
        "syntax-number.json": '[01]',
        "syntax-number-exp.json": '[1e]',
        "syntax-number-frac.json": '[-1.]',
        "syntax-unexpected.json": '{"a" 1}',
        "syntax-trailing-comma.json": '[1,]',
        "syntax-name.json": "{a:1}",
        "syntax-truncated.json": '{"keys":[{"kty":"RSA"',
        "syntax-truncated-value.json": '{"a":',
        "syntax-trailing.json": "{} []",
        "syntax-in-unknown.json": '{"id":"a","kty":"RSA","n":"AQAB","e":"AQAB","x":[1,2,tru]}',
        "syntax-colon.json": '[1:2]',
        "syntax-close.json": '{"a":1]',
    }
    docs.update(syntax)
    for name, data in docs.items():
        write("fuzz_parse_set", name, data)
        write("fuzz_differential", name, data)
    for name in ["rsa-key.json", "ec-key.json", "enc-key.json", "cert-key.json", "escaped-names.json",
                 "deep-unknown.json", "big-numbers.json", "bom.json", "many-unknown.json",
                 "many-key-ops.json", "syntax-truncated.json", "syntax-in-unknown.json",
                 "shapes-scalar.json", "shapes-empty-array.json", "duplicate-links.json"]:
        write("fuzz_parse_key", name, docs[name])
    for i, k in enumerate(okta_keys + rfc_keys + [okp, x448, k256, oct_key]):
        write("fuzz_parse_key", "key-%02d.json" % i, compact(k))
    for i, line in enumerate((ROOT / "examples" / "keys.ndjson").read_text().splitlines()):
        write("fuzz_parse_set", "ndjson-line-%d.json" % i, line)

    # The options header: limits, storage, the callback stopping, padding.
    listing_text = docs["okta-listing.json"]
    small_set = compact({"keys": [rsa_small, rsa_small, {"kty": "EC"}, rsa_small]})
    headed = {
        "h-rfc-no-checks.bin": header(flags=1) + docs["key-checks.json"].encode(),
        "h-accept-bom.bin": header(flags=2) + docs["bom.json"],
        "h-accept-bom-syntax.bin": header(flags=2) + b'\xef\xbb\xbf{"a":tru}',
        "h-accept-bom-twice.bin": header(flags=2) + b"\xef\xbb\xbf" + docs["bom.json"],

        "h-padded.bin": header(flags=4) + listing_text.encode(),
        "h-padded-escapes.bin": header(flags=4) + docs["escaped-names.json"].encode(),
        "h-tight-depth.bin": header(flags=8, limits_a=0x02 | 0xF8, limits_b=0xFF) + small_set.encode(),
        "h-tight-string.bin": header(flags=8, limits_a=0x07 | 0x10, limits_b=0xFF) + listing_text.encode(),
        "h-tight-keys.bin": header(flags=8, limits_a=0xFF, limits_b=0x02 | 0xF8) + small_set.encode(),
        "h-tight-members.bin": header(flags=8, limits_a=0xFF, limits_b=0x07 | 0x08) + docs["unknown-values.json"].encode(),
        "h-tight-errors.bin": header(flags=8, limits_a=0xFF, limits_b=0x07 | 0x38) + docs["wrong-types.json"].encode(),
        "h-document-size.bin": header(flags=16) + small_set.encode(),
        "h-storage-full.bin": header(form=0x01) + small_set.encode(),
        "h-stop-after-1.bin": header(form=0x1F) + small_set.encode(),
        "h-stop-after-2.bin": header(form=0x2F) + listing_text.encode(),
        "h-short.bin": bytes([0xFF, 0x08]),
    }
    for name, data in headed.items():
        write("fuzz_parse_set", name, data)
        write("fuzz_parse_key", name, data)

    # The stream: every document above, and inputs that only a stream has:
    # NDJSON with broken records, concatenated documents, streamed wrappers.
    for name, data in docs.items():
        write("fuzz_stream", name, data)
    r, e = compact(rsa), compact(ec)
    streams = {
        "ndjson-broken-records.ndjson": "\n".join([r, '{"id":"x","kid":"abc}', e, '{"id":"y","kty":', "", "[" + e + "]", "]", e]),
        "ndjson-crlf.ndjson": r + "\r\n\r\n" + e + "\r\n",
        "concatenated.json": r + e + "[" + r + "," + e + "] " + r + "\n\n" + e,
        "concatenated-cut.json": '{"id":"a","_links":{"x":[1,\n{"id":"b"}\n' + e,
        "wrapper-streamed.json": '{"id":"w","jwks":{"x":[{"keys":[]}],"keys":[' + r + "," + e + ']},"after":[1,2]}',
        "wrapper-twice.json": '{"keys":[' + e + '],"keys":[' + r + "]}",
        "array-broken-element.json": "[" + r + ',{"id":"q",,},' + e + "]\n" + e,
        "pretty-array.json": "[\n" + ",\n".join([r, e, r]) + "\n]\n",
        "long-line-feeds.json": '{"keys":[' + e + ",\n\n\n" + r + "]}",
        "misplaced-utf8.json": "[" + e + ",\u00e9]",
    }
    for name, data in streams.items():
        write("fuzz_stream", name, data)
    for name in ["h-rfc-no-checks.bin", "h-accept-bom.bin", "h-accept-bom-syntax.bin",
                 "h-tight-depth.bin", "h-tight-string.bin", "h-document-size.bin"]:
        write("fuzz_stream", name, headed[name])

    # The round trip: every shape and member writing has to carry.
    for name in ["okta-listing.json", "okta-keys.json", "jwks.json", "rfc-mixed-set.json",
                 "cert-key.json", "escaped-names.json", "escaped-enums.json", "nulls.json",
                 "unknown-values.json", "wrong-types.json", "key-checks.json", "big-numbers.json"]:
        write("fuzz_round_trip", name, docs[name])
    for name in ["h-accept-bom.bin", "h-accept-bom-twice.bin"]:
        write("fuzz_differential", name, headed[name])

    # base64url: real material, certificates, and the edges of the 16-byte blocks.
    b64 = {"rsa-n": rsa["n"], "rsa-e": "AQAB", "ec-x": ec["x"], "cert": v["kCert"],
           "x5t": v["kX5t"], "leading-zero": v["kRsaNLeadingZero"], "zero": "AAAA", "empty": "",
           "stray-bits": "AB", "padded": "AQ==", "padded-one": "AQA=", "bad-pad": "A===",
           "url-in-std": "-_-_", "std-in-url": "+/+/", "tail-1": "AAAAA", "high-bytes": "\u00ff\u00fe"}
    for n in (15, 16, 17, 31, 32, 33):
        b64["len-%d" % n] = ("Ab9-_" * 8)[:n]
        b64["len-%d-bad-last" % n] = ("Ab9-_" * 8)[: n - 1] + "="
    for name, text in b64.items():
        write("fuzz_base64url", name, text)


if __name__ == "__main__":
    main()
