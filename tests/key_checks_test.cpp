// Key checks (options::key_checks): canonical base64url and base64, lengths,
// curve and algorithm agreement; and that turning them off leaves only the
// schema (and private members).
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jwkview/jwkview.hpp"
#include "test_support.hpp"

namespace {

using namespace jwkview;
using namespace jwkview::test;

const options kBoth[] = {okta_options(), rfc_options()};

constexpr std::string_view kUrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `valid` with its last character's lowest bit set: non-zero bits past the
/// last octet (only meaningful when size % 4 is 2 or 3).
std::string with_stray_bits(std::string_view valid) {
  std::string s(valid);
  const std::size_t idx = kUrlAlphabet.find(s.back());
  s.back() = kUrlAlphabet[idx | 1];
  return s;
}

/// Non-canonical variants of the canonical base64url `valid`.
std::vector<std::pair<std::string, std::string>> broken_base64url(std::string_view valid) {
  std::vector<std::pair<std::string, std::string>> out;
  for (char c : {'+', '/', '.', '=', '!', ' '}) {
    std::string s(valid);
    s[1] = c;
    out.emplace_back(std::string("character '") + c + "'", s);
  }
  std::string padded(valid);
  while (padded.size() % 4 != 0) padded += '=';
  if (padded.size() == valid.size()) padded += "====";
  out.emplace_back("padding", padded);
  std::string len1(valid);
  switch (len1.size() % 4) {
    case 0:
      len1 += 'A';
      break;
    case 2:
      len1.pop_back();
      break;
    case 3:
      len1.resize(len1.size() - 2);
      break;
    default:
      break;
  }
  out.emplace_back("length % 4 == 1", len1);
  if (valid.size() % 4 == 0) {
    out.emplace_back("stray bits", with_stray_bits(valid.substr(0, 2)));  // e.g. "AR"
    out.emplace_back("stray bits", with_stray_bits(valid.substr(0, 3)));
  } else {
    out.emplace_back("stray bits", with_stray_bits(valid));
  }
  return out;
}

struct material_member {
  const char* name;
  json_object (*base)();
  std::string_view valid;
};

const material_member kMaterial[] = {
    {"n", [] { return rsa_key(); }, kRsaN},
    {"e", [] { return rsa_key(); }, kRsaE},
    {"x", [] { return ec_key("P-256"); }, kP256X},
    {"y", [] { return ec_key("P-256"); }, kP256Y},
    {"x", [] { return ec_key("P-521"); }, kP521X},
    {"y", [] { return ec_key("P-384"); }, kP384Y},
    {"x5t", [] { return rsa_key().str("x5t", kX5t); }, kX5t},
    {"x5t#S256", [] { return rsa_key().str("x5t#S256", kX5tS256); }, kX5tS256},
};

TEST(KeyChecks, CanonicalBase64url) {
  for (const options& o : kBoth) {
    for (const material_member& m : kMaterial) {
      EXPECT_KEY_VALID(o, m.base().str(m.name, m.valid).json());
      for (const auto& [what, bad] : broken_base64url(m.valid)) {
        SCOPED_TRACE(::testing::Message() << m.name << ": " << what);
        const std::string json = m.base().str(m.name, bad).json();
        const std::string path = cat({"/", std::string(m.name)});
        if (std::string_view(m.name).starts_with("x5t")) {
          // A certificate hint: the key is delivered with a warning.
          EXPECT_KEY_WARNING(o, json, error_code::invalid_base64url, value_offset(json, m.name),
                             path);
        } else {
          EXPECT_KEY_ERROR(o, json, error_code::invalid_base64url, value_offset(json, m.name),
                           path);
        }
      }
    }
  }
}

TEST(KeyChecks, OkpXIsCanonicalBase64url) {
  const options o = rfc_options();
  for (const auto& [what, bad] : broken_base64url(kEd25519X)) {
    SCOPED_TRACE(what);
    const std::string json = okp_key("Ed25519").str("x", bad).json();
    EXPECT_KEY_ERROR(o, json, error_code::invalid_base64url, value_offset(json, "x"), "/x");
  }
}

TEST(KeyChecks, StrayBitsExamples) {
  // Exact small cases: "AQ" is 0x01, "AR" leaves a 1 bit past the octet;
  // "AQA" is 0x01 0x00, "AQB" leaves a 1 bit.
  for (const options& o : kBoth) {
    EXPECT_KEY_VALID(o, rsa_key().str("e", "AQ").json());
    EXPECT_KEY_VALID(o, rsa_key().str("e", "AQA").json());
    for (const char* bad : {"AR", "AQB", "Ag=", "AQAB==", "_w=="}) {
      const std::string json = rsa_key().str("e", bad).json();
      EXPECT_KEY_ERROR(o, json, error_code::invalid_base64url, value_offset(json, "e"), "/e");
    }
    EXPECT_KEY_VALID(o, rsa_key().str("e", "_w").json());
  }
}

TEST(KeyChecks, EmptyKeyMaterial) {
  for (const options& o : kBoth) {
    for (const material_member& m : kMaterial) {
      if (std::string_view(m.name).starts_with("x5t")) continue;  // see EmptyThumbprints
      const std::string json = m.base().str(m.name, "").json();
      EXPECT_KEY_ERROR(o, json, error_code::empty_key_material, value_offset(json, m.name),
                       cat({"/", std::string(m.name)}));
    }
  }
  const std::string okp = okp_key().str("x", "").json();
  EXPECT_KEY_ERROR(rfc_options(), okp, error_code::empty_key_material, value_offset(okp, "x"),
                   "/x");
}

TEST(KeyChecks, EmptyThumbprints) {
  // "not empty" is part of canonical base64url, a member problem listed
  // before wrong_digest_length; the empty string's code is
  // empty_key_material, a warning for these certificate hints.
  for (const options& o : kBoth) {
    for (const char* name : {"x5t", "x5t#S256"}) {
      const std::string json = rsa_key().str(name, "").json();
      EXPECT_KEY_WARNING(o, json, error_code::empty_key_material, value_offset(json, name),
                         cat({"/", name}));
    }
  }
}

TEST(KeyChecks, EscapedMaterialIsCheckedDecoded) {
  // "\u0041QAB" is "AQAB"; "AQ\u002BB" is "AQ+B".
  for (const options& o : kBoth) {
    EXPECT_KEY_VALID(o, rsa_key().raw("e", R"("\u0041QAB")").json());
    const std::string json = rsa_key().raw("e", R"("AQ\u002BB")").json();
    EXPECT_KEY_ERROR(o, json, error_code::invalid_base64url, value_offset(json, "e"), "/e");
  }
}

TEST(KeyChecks, PolicyIsNotAParseError) {
  for (const options& o : kBoth) {
    // A leading zero octet in n ("AJ..."), a tiny modulus, unusual exponents.
    ASSERT_EQ(kRsaNLeadingZero.substr(0, 2), "AJ");
    EXPECT_KEY_VALID(o, rsa_key().str("n", kRsaNLeadingZero).json());
    EXPECT_KEY_VALID(o, rsa_key().str("n", "AQAB").json());
    EXPECT_KEY_VALID(o, rsa_key().str("n", "AA").json());
    EXPECT_KEY_VALID(o, rsa_key().str("e", "Aw").json());
    EXPECT_KEY_VALID(o, rsa_key().str("e", "AAEAAQ").json());
  }
  parser p;
  const std::string json = rsa_key().str("n", kRsaNLeadingZero).json();
  const key k = parse_valid(p, json);
  EXPECT_EQ(k.n.value, kRsaNLeadingZero);
}

TEST(KeyChecks, OktaPlaceholderModuliAreInvalid) {
  for (std::string_view placeholder : {kOktaPlaceholderN1, kOktaPlaceholderN2}) {
    json_object k;
    k.str("id", "pks2f50kZB0cITmYU0g4")
        .str("kid", "ASHJHGasa782333-Sla3x3POBiIxDreBCdZuFs5B")
        .str("kty", "RSA")
        .str("alg", "RS256")
        .str("use", "sig")
        .str("e", "AQAB")
        .str("n", placeholder)
        .str("status", "ACTIVE");
    const std::string json = k.json();
    for (const options& o : kBoth) {
      EXPECT_KEY_ERROR(o, json, error_code::invalid_base64url, value_offset(json, "n"), "/n");
    }
    parser p(okta_options(false));
    const key parsed = parse_valid(p, json);
    EXPECT_EQ(parsed.n.value, placeholder);
  }
}

// --- x5c: canonical padded base64 ------------------------------------------

TEST(KeyChecks, X5cEntriesAreStandardPaddedBase64) {
  for (const options& o : kBoth) {
    EXPECT_KEY_VALID(o, rsa_key()
                            .raw("x5c", cat({"[", json_string(kCert),
                                             R"(,"AAEC","AA==","AAA=","+/+/","MIIC+g=="])"}))
                            .json());
    for (const char* bad : {"AA-_", "AAE_", "AA", "AAA", "AAECAw", "AB==", "AAB=", "AA=A",
                            "A===", "====", "AAEC====", "AA.C", "AA C", "AAEC="}) {
      const std::string first = json_string(kCert);
      const std::string json = rsa_key().raw("x5c", cat({"[", first, ",\"", bad, "\"]"})).json();
      const std::size_t at = value_offset(json, "x5c") + 1 + first.size() + 1;
      ASSERT_EQ(json[at], '"');
      EXPECT_KEY_WARNING(o, json, error_code::invalid_base64, at, "/x5c/1");
    }
    {
      // The certificate in base64url form is not base64.
      std::string url(kCert);
      for (char& c : url) {
        if (c == '+') c = '-';
        if (c == '/') c = '_';
      }
      while (url.back() == '=') url.pop_back();
      const std::string json = rsa_key().raw("x5c", cat({"[", json_string(url), "]"})).json();
      EXPECT_KEY_WARNING(o, json, error_code::invalid_base64, value_offset(json, "x5c") + 1,
                         "/x5c/0");
    }
    {
      // Each bad entry is a warning; as errors, the first one drops the key.
      const std::string json = rsa_key().raw("x5c", R"(["AAEC","AB==","A"])").json();
      parser p(o);
      const outcome r = run(p, json);
      EXPECT_EQ(r.keys.size(), 1u);
      ASSERT_EQ(r.warnings.size(), 2u);
      EXPECT_TRUE(
          is_error(r.warnings[0], error_code::invalid_base64, json.find("\"AB==\""), "/x5c/1"));
      EXPECT_TRUE(
          is_error(r.warnings[1], error_code::invalid_base64, json.find("\"A\"]"), "/x5c/2"));
      options strict = o;
      strict.warnings_as_errors = true;
      EXPECT_KEY_ERROR(strict, json, error_code::invalid_base64, json.find("\"AB==\""), "/x5c/1");
    }
  }
}

// --- lengths ------------------------------------------------------------------

TEST(KeyChecks, CoordinateLengthsForEcCurves) {
  struct row {
    const char* crv;
    std::size_t octets;
    bool okta;
  };
  for (const row& r : {row{"P-256", 32, true}, row{"P-384", 48, true}, row{"P-521", 66, true},
                       row{"secp256k1", 32, false}}) {
    SCOPED_TRACE(r.crv);
    EXPECT_EQ(octets(r.octets).size(), (r.octets * 4 + 2) / 3);
    std::vector<options> profiles{rfc_options()};
    if (r.okta) profiles.push_back(okta_options());
    for (const options& o : profiles) {
      EXPECT_KEY_VALID(o,
                       ec_key(r.crv).str("x", octets(r.octets)).str("y", octets(r.octets)).json());
      for (std::size_t wrong : {r.octets - 1, r.octets + 1, std::size_t{1}, r.octets * 2}) {
        SCOPED_TRACE(wrong);
        const std::string bad_x = ec_key(r.crv).str("x", octets(wrong)).json();
        EXPECT_KEY_ERROR(o, bad_x, error_code::wrong_coordinate_length, value_offset(bad_x, "x"),
                         "/x");
        const std::string bad_y = ec_key(r.crv).str("y", octets(wrong)).json();
        EXPECT_KEY_ERROR(o, bad_y, error_code::wrong_coordinate_length, value_offset(bad_y, "y"),
                         "/y");
      }
    }
  }
  // P-521 coordinates are 66 octets, 88 characters: 65 octets (87) is short.
  ASSERT_EQ(kP521X.size(), 88u);
  const std::string short521 =
      ec_key("P-521").str("x", std::string(kP521X.substr(0, 86)) + "A").json();
  EXPECT_KEY_ERROR(okta_options(), short521, error_code::wrong_coordinate_length,
                   value_offset(short521, "x"), "/x");
  // Real coordinates of another curve.
  const std::string p256_on_p384 = ec_key("P-384").str("x", kP256X).str("y", kP256Y).json();
  EXPECT_KEY_ERROR(okta_options(), p256_on_p384, error_code::wrong_coordinate_length,
                   value_offset(p256_on_p384, "x"), "/x");
  const std::string p384_on_p521 = ec_key("P-521").str("y", kP384Y).json();
  EXPECT_KEY_ERROR(okta_options(), p384_on_p521, error_code::wrong_coordinate_length,
                   value_offset(p384_on_p521, "y"), "/y");
  const std::string p521_on_p256 = ec_key("P-256").str("x", kP521X).json();
  EXPECT_KEY_ERROR(okta_options(), p521_on_p256, error_code::wrong_coordinate_length,
                   value_offset(p521_on_p256, "x"), "/x");
}

TEST(KeyChecks, CoordinateLengthsForOkpCurves) {
  struct row {
    const char* crv;
    std::size_t octets;
    std::string_view real;
  };
  const options o = rfc_options();
  for (const row& r : {row{"Ed25519", 32, kEd25519X}, row{"X25519", 32, kX25519X},
                       row{"Ed448", 57, kEd448X}, row{"X448", 56, kX448X}}) {
    SCOPED_TRACE(r.crv);
    EXPECT_EQ(b64url(std::string(r.octets, '\x01')).size(), r.real.size());
    EXPECT_KEY_VALID(o, okp_key(r.crv).str("x", octets(r.octets)).json());
    for (std::size_t wrong : {r.octets - 1, r.octets + 1}) {
      const std::string json = okp_key(r.crv).str("x", octets(wrong)).json();
      EXPECT_KEY_ERROR(o, json, error_code::wrong_coordinate_length, value_offset(json, "x"), "/x");
    }
  }
  const std::string x448_on_ed448 = okp_key("Ed448").str("x", kX448X).json();
  EXPECT_KEY_ERROR(o, x448_on_ed448, error_code::wrong_coordinate_length,
                   value_offset(x448_on_ed448, "x"), "/x");
  const std::string ed448_on_x448 = okp_key("X448").str("x", kEd448X).json();
  EXPECT_KEY_ERROR(o, ed448_on_x448, error_code::wrong_coordinate_length,
                   value_offset(ed448_on_x448, "x"), "/x");
  const std::string ed448_on_ed25519 = okp_key("Ed25519").str("x", kEd448X).json();
  EXPECT_KEY_ERROR(o, ed448_on_ed25519, error_code::wrong_coordinate_length,
                   value_offset(ed448_on_ed25519, "x"), "/x");
}

TEST(KeyChecks, DigestLengths) {
  for (const options& o : kBoth) {
    EXPECT_KEY_VALID(o, rsa_key().str("x5t", kX5t).str("x5t#S256", kX5tS256).json());
    EXPECT_KEY_VALID(o, rsa_key().str("x5t", octets(20)).str("x5t#S256", octets(32)).json());
    for (std::size_t wrong : {19u, 21u, 32u, 1u, 40u}) {
      const std::string json = rsa_key().str("x5t", octets(wrong)).json();
      EXPECT_KEY_WARNING(o, json, error_code::wrong_digest_length, value_offset(json, "x5t"),
                         "/x5t");
    }
    for (std::size_t wrong : {31u, 33u, 20u, 64u}) {
      const std::string json = rsa_key().str("x5t#S256", octets(wrong)).json();
      EXPECT_KEY_WARNING(o, json, error_code::wrong_digest_length, value_offset(json, "x5t#S256"),
                         "/x5t#S256");
    }
    // The two thumbprints swapped: two warnings, and the key.
    const std::string swapped = rsa_key().str("x5t", kX5tS256).str("x5t#S256", kX5t).json();
    parser p(o);
    const outcome r = run(p, swapped);
    EXPECT_EQ(r.keys.size(), 1u);
    ASSERT_EQ(r.warnings.size(), 2u);
    EXPECT_TRUE(is_error(r.warnings[0], error_code::wrong_digest_length,
                         value_offset(swapped, "x5t"), "/x5t"));
    EXPECT_EQ(r.warnings[0].message(), "x5t decodes to 32 octets; a SHA-1 thumbprint has 20");
    EXPECT_TRUE(is_error(r.warnings[1], error_code::wrong_digest_length,
                         value_offset(swapped, "x5t#S256"), "/x5t#S256"));
  }
}

// --- curve_mismatch ----------------------------------------------------------

TEST(KeyChecks, CurveMismatch) {
  const options o = rfc_options();
  struct row {
    const char* kty;
    const char* crv;
    std::string_view x;
  };
  for (const row& r :
       {row{"EC", "Ed25519", kP256X}, row{"EC", "X25519", kP256X}, row{"EC", "Ed448", kEd448X},
        row{"EC", "X448", kX448X}, row{"OKP", "P-256", kP256X}, row{"OKP", "P-384", kP384X},
        row{"OKP", "P-521", kP521X}, row{"OKP", "secp256k1", kK256X}}) {
    json_object k;
    k.str("kty", r.kty).str("crv", r.crv).str("x", r.x);
    if (std::string_view(r.kty) == "EC") k.str("y", r.x);
    const std::string json = k.json();
    EXPECT_KEY_ERROR(o, json, error_code::curve_mismatch, value_offset(json, "crv"), "/crv");
  }
}

// --- alg_mismatch --------------------------------------------------------------

struct alg_case {
  const char* alg;
  json_object (*make)();
  bool okta;  // also valid input for the okta profile
  bool ok;
};

json_object rsa() {
  return rsa_key();
}
json_object p256() {
  return ec_key("P-256");
}
json_object p384() {
  return ec_key("P-384");
}
json_object p521() {
  return ec_key("P-521");
}
json_object k256() {
  return ec_key("secp256k1");
}
json_object ed25519() {
  return okp_key("Ed25519");
}
json_object ed448() {
  return okp_key("Ed448");
}
json_object x25519() {
  return okp_key("X25519");
}
json_object x448() {
  return okp_key("X448");
}
json_object oct() {
  json_object k;
  k.str("kty", "oct").str("kid", "sym");
  return k;
}

const alg_case kAlgCases[] = {
    // RSA algorithms.
    {"RS256", rsa, true, true},
    {"RS384", rsa, true, true},
    {"RS512", rsa, true, true},
    {"PS256", rsa, true, true},
    {"PS384", rsa, true, true},
    {"PS512", rsa, true, true},
    {"RSA-OAEP", rsa, true, true},
    {"RSA-OAEP-256", rsa, true, true},
    {"RSA-OAEP-384", rsa, true, true},
    {"RSA-OAEP-512", rsa, true, true},
    {"RSA1_5", rsa, true, true},
    {"RS256", p256, true, false},
    {"PS512", p521, true, false},
    {"RSA-OAEP-256", p384, true, false},
    {"RSA1_5", p256, true, false},
    {"RS256", ed25519, false, false},
    {"RSA-OAEP", x25519, false, false},
    {"PS256", oct, false, false},
    // ECDSA.
    {"ES256", p256, true, true},
    {"ES384", p384, true, true},
    {"ES512", p521, true, true},
    {"ES256K", k256, false, true},
    {"ES256", p384, true, false},
    {"ES256", p521, true, false},
    {"ES384", p256, true, false},
    {"ES512", p256, true, false},
    {"ES512", p384, true, false},
    {"ES256K", p256, true, false},
    {"ES256", k256, false, false},
    {"ES256", rsa, true, false},
    {"ES512", rsa, true, false},
    {"ES256", ed25519, false, false},
    {"ES256", oct, false, false},
    // EdDSA.
    {"EdDSA", ed25519, false, true},
    {"EdDSA", ed448, false, true},
    {"EdDSA", x25519, false, false},
    {"EdDSA", x448, false, false},
    {"EdDSA", p256, true, false},
    {"EdDSA", rsa, true, false},
    {"EdDSA", oct, false, false},
    // ECDH-ES.
    {"ECDH-ES", p256, true, true},
    {"ECDH-ES+A128KW", p384, true, true},
    {"ECDH-ES+A192KW", p521, true, true},
    {"ECDH-ES+A256KW", k256, false, true},
    {"ECDH-ES", x25519, false, true},
    {"ECDH-ES+A128KW", x448, false, true},
    {"ECDH-ES", ed25519, false, false},
    {"ECDH-ES+A256KW", ed448, false, false},
    {"ECDH-ES", rsa, true, false},
    {"ECDH-ES+A128KW", oct, false, false},
    // Symmetric.
    {"HS256", oct, false, true},
    {"HS384", oct, false, true},
    {"HS512", oct, false, true},
    {"A128KW", oct, false, true},
    {"A192KW", oct, false, true},
    {"A256KW", oct, false, true},
    {"A128GCMKW", oct, false, true},
    {"A192GCMKW", oct, false, true},
    {"A256GCMKW", oct, false, true},
    {"dir", oct, false, true},
    {"PBES2-HS256+A128KW", oct, false, true},
    {"PBES2-HS384+A192KW", oct, false, true},
    {"PBES2-HS512+A256KW", oct, false, true},
    {"HS256", rsa, true, false},
    {"HS512", p256, true, false},
    {"A128KW", rsa, true, false},
    {"A256GCMKW", p521, true, false},
    {"dir", rsa, true, false},
    {"PBES2-HS256+A128KW", rsa, true, false},
    {"HS384", ed25519, false, false},
    // Unknown algorithms are not checked.
    {"RS1024", p256, true, true},
    {"XYZ", rsa, true, true},
    {"none", oct, false, true},
    {"es256", p384, true, true},
};

TEST(KeyChecks, AlgMismatchTable) {
  for (const alg_case& c : kAlgCases) {
    const std::string json = c.make().str("alg", c.alg).json();
    std::vector<options> profiles{rfc_options()};
    if (c.okta) profiles.push_back(okta_options());
    for (const options& o : profiles) {
      if (c.ok) {
        EXPECT_KEY_VALID(o, json);
      } else {
        EXPECT_KEY_ERROR(o, json, error_code::alg_mismatch, value_offset(json, "alg"), "/alg");
      }
      // Without key checks every one of them is accepted.
      options off = o;
      off.key_checks = false;
      EXPECT_KEY_VALID(off, json);
    }
  }
}

// --- key_checks = false ---------------------------------------------------------

TEST(KeyChecks, OffTurnsEveryKeyCheckOff) {
  std::vector<std::string> okta_inputs;
  for (const material_member& m : kMaterial) {
    for (const auto& entry : broken_base64url(m.valid)) {
      okta_inputs.push_back(m.base().str(m.name, entry.second).json());
    }
    okta_inputs.push_back(m.base().str(m.name, "").json());
  }
  okta_inputs.push_back(rsa_key().raw("x5c", R"(["AAEC","AB==","-_"])").json());
  okta_inputs.push_back(ec_key("P-256").str("x", kP384X).json());
  okta_inputs.push_back(ec_key("P-521").str("y", octets(65)).json());
  okta_inputs.push_back(rsa_key().str("x5t", kX5tS256).str("x5t#S256", kX5t).json());
  okta_inputs.push_back(rsa_key().str("alg", "ES256").json());
  okta_inputs.push_back(ec_key("P-384").str("alg", "ES256").json());
  okta_inputs.push_back(rsa_key().str("n", kOktaPlaceholderN1).json());

  std::vector<std::string> rfc_inputs = okta_inputs;
  rfc_inputs.push_back(R"({"kty":"EC","crv":"Ed25519","x":"AA","y":"AA"})");
  rfc_inputs.push_back(okp_key("X25519").str("x", "not base64url!").json());
  rfc_inputs.push_back(okp_key("Ed448").str("x", kEd25519X).str("alg", "ES256").json());
  rfc_inputs.push_back(R"({"kty":"oct","alg":"RS256"})");

  // Warnings count as refusals here: key checks find them.
  const auto refused = [](const options& o, const std::string& json) {
    parser on(o);
    const outcome r = run(on, json);
    return !r.ok || !r.warnings.empty();
  };
  for (const std::string& json : okta_inputs) {
    EXPECT_TRUE(refused(okta_options(true), json)) << "not refused with key checks: " << json;
    EXPECT_KEY_VALID(okta_options(false), json);
    parser off(okta_options(false));
    EXPECT_TRUE(run(off, json).warnings.empty()) << json;
  }
  for (const std::string& json : rfc_inputs) {
    EXPECT_TRUE(refused(rfc_options(true), json)) << "not refused with key checks: " << json;
    EXPECT_KEY_VALID(rfc_options(false), json);
    parser off(rfc_options(false));
    EXPECT_TRUE(run(off, json).warnings.empty()) << json;
  }
}

TEST(KeyChecks, OffStillRefusesPrivateMembersAndSchemaErrors) {
  for (const options& o : {okta_options(false), rfc_options(false)}) {
    const std::string priv = rsa_key().str("n", "not base64!").str("dq", "AQAB").json();
    EXPECT_KEY_ERROR(o, priv, error_code::private_member, name_offset(priv, "dq"), "/dq");
    const std::string missing = ec_key().erase("y").str("x", "").json();
    EXPECT_KEY_ERROR(o, missing, error_code::missing_member, 0, "/y");
    const std::string type = rsa_key().raw("x5t", "20").json();
    EXPECT_KEY_ERROR(o, type, error_code::wrong_type, value_offset(type, "x5t"), "/x5t");
  }
}

TEST(KeyChecks, ErrorClassIsKey) {
  const std::string inputs[] = {
      rsa_key().str("n", "").json(),
      rsa_key().str("n", "a.b").json(),
      ec_key().str("x", kP384X).json(),
      rsa_key().str("alg", "EdDSA").json(),
  };
  for (const std::string& json : inputs) {
    parser p;
    const outcome o = run(p, json);
    ASSERT_EQ(o.errors.size(), 1u) << json;
    EXPECT_EQ(o.errors[0].cls(), error_class::key) << json;
    EXPECT_FALSE(o.document_failed);
  }
  parser p(rfc_options());
  const std::string mismatch = okp_key().str("crv", "P-256").json();
  const outcome o = run(p, mismatch);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_EQ(o.errors[0].code, error_code::curve_mismatch);
  EXPECT_EQ(o.errors[0].cls(), error_class::key);
}

TEST(KeyChecks, EscapedX5cEntriesAreCheckedDecoded) {
  for (const options& o : kBoth) {
    // "\/" is '/': "MIIC\/g==" decodes to the valid "MIIC/g==".
    const std::string json = rsa_key().raw("x5c", R"(["MIIC+g==","MIIC\/g=="])").json();
    parser p(o);
    const key k = parse_valid(p, json);
    ASSERT_EQ(k.x5c.value.size(), 2u);
    EXPECT_EQ(k.x5c.value[1], "MIIC/g==");
    EXPECT_EQ(k.x5c.value[0], "MIIC+g==");
    // "AB\u003d\u003d" is "AB==": stray bits.
    const std::string bad = rsa_key().raw("x5c", R"(["AA==","AB\u003d\u003d"])").json();
    EXPECT_KEY_WARNING(o, bad, error_code::invalid_base64, bad.find("\"AB\\u003d"), "/x5c/1");
  }
}

}  // namespace

namespace {

// The alphabet check runs 16 bytes at a time with a scalar tail: a bad byte
// must be found at every position, whatever its neighbours, and every byte
// outside the alphabet must be refused.
TEST(KeyChecks, EveryPositionAndEveryByteOfTheAlphabetCheck) {
  parser p(okta_options());
  std::vector<key> keys(1);
  for (std::size_t i = 0; i < kRsaN.size(); ++i) {
    for (const char bad : {'+', '/', '=', '.', '@', '[', '`', '{', '\x7f'}) {
      std::string n(kRsaN);
      n[i] = bad;
      const std::string json = rsa_key().str("n", n).json();
      const parse_report r = p.parse_set(json, keys);
      ASSERT_EQ(r.error_count(), 1u) << "position " << i << " byte " << int(bad);
      EXPECT_EQ(r.errors()[0].code, error_code::invalid_base64url) << "position " << i;
    }
  }
  for (int byte = 0x20; byte < 0x7f; ++byte) {
    const char c = static_cast<char>(byte);
    if (c == '"' || c == '\\') continue;
    std::string n(kRsaN);
    n[40] = c;
    const std::string json = rsa_key().str("n", n).json();
    const parse_report r = p.parse_set(json, keys);
    const bool in_alphabet = kUrlAlphabet.find(c) != std::string_view::npos;
    EXPECT_EQ(r.ok(), in_alphabet) << "byte " << byte;
  }
}

}  // namespace
