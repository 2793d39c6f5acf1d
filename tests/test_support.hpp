// Shared helpers for the schema, shape, member and key-check tests.
//
// Everything here is header-only and used by several test executables, so all
// functions are inline. Key material is real (generated with Python's
// `cryptography` package when these tests were written) so that valid keys pass
// every key check.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jwkview/jwkview.hpp"

namespace jwkview {

// Readable gtest output for the library's enums and errors.
inline void PrintTo(error_code code, std::ostream* os) {
  *os << name_of(code);
}
inline void PrintTo(error_class cls, std::ostream* os) {
  *os << name_of(cls);
}
inline void PrintTo(set_shape shape, std::ostream* os) {
  *os << to_string(shape);
}
inline void PrintTo(key_type v, std::ostream* os) {
  *os << "key_type(" << to_string(v) << ")";
}
inline void PrintTo(curve v, std::ostream* os) {
  *os << "curve(" << to_string(v) << ")";
}
inline void PrintTo(algorithm v, std::ostream* os) {
  *os << "algorithm(" << to_string(v) << ")";
}
inline void PrintTo(presence v, std::ostream* os) {
  *os << (v == presence::absent ? "absent" : v == presence::null ? "null" : "value");
}
inline void PrintTo(const error& e, std::ostream* os) {
  *os << name_of(e.code) << " at " << e.offset << " path \"" << e.path() << "\"";
}

namespace test {

// ---------------------------------------------------------------------------
// Key material.

/// A real 2048-bit RSA modulus (256 octets, top byte 0x99), base64url.
inline constexpr std::string_view kRsaN =
    "mYlAUkGDcNPblucwCXTT4sT3vARAGY_91lWqLlS8PTzC6K4zFF0DN6BF5O0mINoMy3m_7I3TCRqVc5fY641wv8fj_"
    "oonlLSjRALLrKiyjTk3-a-Xzm3_0K4dIiLRFW-n-09MXGmZWrGuzbu6kacKB0oYt6OhNkrW-"
    "tDerp0t36Tb8YR7k9SaBXqKFFvxqOY4s-t9z__NVl6IQ4WA-"
    "jLcftN23csXuCN9tKCzrTmh5pDMtYfRGZbspTjlVnLvoAG6"
    "INLirKW_XQEymW76X9Q9iE4nLMLdbED9adTel_TZXS860WSPIVgC56OZv9EYmQQVQ8yJqFEjVt3UW7gmgEExkQ";
/// The same modulus with a leading zero octet (257 octets): canonical
/// base64url, starts with "AJ" (policy, never a parse error).
inline constexpr std::string_view kRsaNLeadingZero =
    "AJmJQFJBg3DT25bnMAl00-LE97wEQBmP_dZVqi5UvD08wuiuMxRdAzegReTtJiDaDMt5v-yN0wkalXOX2OuNcL_H4_"
    "6KJ5S0o0QCy6yoso05N_mvl85t_9CuHSIi0RVvp_tPTFxpmVqxrs27upGnCgdKGLejoTZK1vrQ3q6dLd-k2_"
    "GEe5PUmgV6ihRb8ajmOLPrfc__"
    "zVZeiEOFgPoy3H7Tdt3LF7gjfbSgs605oeaQzLWH0RmW7KU45VZy76ABuiDS4qylv10BM"
    "plu-l_UPYhOJyzC3WxA_WnU3pf02V0vOtFkjyFYAuejmb_RGJkEFUPMiahRI1bd1Fu4JoBBMZE";
inline constexpr std::string_view kRsaE = "AQAB";

inline constexpr std::string_view kP256X = "aVBTAKHfUZOmGjZ32o6XiyFIdTckMLausJtLF8u4UwY";
inline constexpr std::string_view kP256Y = "XJoGMna2UGraQFeZWXFtdvWLNL5bN2GbstLJ-dJ1o6Q";
inline constexpr std::string_view kP384X =
    "DosLf0fFznfriDakxuQXcPGAgs2tjfzpumnyKJ184mk-Re_3P7eKKkjdmM763_H-";
inline constexpr std::string_view kP384Y =
    "pf-xlE2NzvK9FU2I-zVBQDnIXa5ZdnLxgWaYUis6yJuLjmQ3QJj_3nzVoEwo9A_O";
inline constexpr std::string_view kP521X =
    "AMbikYW_L9tcyUh0u1wNWmI4ZSv4N4BMjzyfHhx0f9b3DBt9xAIpRWV2eLDxfRiL1PC1fQoYQKbg79aLDEFehogD";
inline constexpr std::string_view kP521Y =
    "AOP3mYWboEX2KtS8T-ABy4tK4Nb7gejqu0yvqZM9AivTfLlRc0mO1E4q47BYWflQbAXC7PRIED6j8YPUMvBSRxeY";
inline constexpr std::string_view kK256X = "eJnctmCn13I-_EebQe3PzFvKqL-MaB85BOP0sEAxbvA";
inline constexpr std::string_view kK256Y = "3hNIMMewJG_eLd3dXpoWcpOFIdBQrO_h2En6hPEob0g";
inline constexpr std::string_view kEd25519X = "kid-BZHtAxazyzVo-19OTLBpBuXvHWIBAOGk0wg7noI";
inline constexpr std::string_view kX25519X = "2g5xcsj4nfs7RrRwBIWwDEaDErN31J3zgeFD3P8CU34";
inline constexpr std::string_view kEd448X =
    "D07-_pW8fTwF_73Cbz5QkeI13N4MhO3zuQqm9UwT3jNGBjDRb7wU5gMXoySZrO5le1oOneKfdKWA";
inline constexpr std::string_view kX448X =
    "MsxhIVS2kL778nDMhtsP0aGRwVI2-iVumE1yqCrXdX90BwoXZDwp1twbIQQeWwNE2xoJa_FW5RA";

/// A self-signed P-256 certificate (DER, standard padded base64) and its
/// SHA-1 / SHA-256 thumbprints (base64url).
inline constexpr std::string_view kCert =
    "MIIBDzCBt6ADAgECAgEBMAoGCCqGSM49BAMCMBIxEDAOBgNVBAMMB2p3a3ZpZXcwHhcNMjQwMTAxMDAwMDAwWhcNMzQwMT"
    "AxMDAwMDAwWjASMRAwDgYDVQQDDAdqd2t2aWV3MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEaVBTAKHfUZOmGjZ32o6X"
    "iyFIdTckMLausJtLF8u4UwZcmgYydrZQatpAV5lZcW129Ys0vls3YZuy0sn50nWjpDAKBggqhkjOPQQDAgNHADBEAiBTTw"
    "n4jgKlhGoMblCka5qWPyNH2AtwDI1lqhBgmXTamwIgIg+5T/Tk77MRw5fEmNE/bZNfS9hK+4Af+aO4+8U2vT4=";
inline constexpr std::string_view kX5t = "BdSM2PsaRynIXgTCsaO8-lRMrTQ";
inline constexpr std::string_view kX5tS256 = "VoUGK_ZzoC4z-OpA9j-dqA7IhtmwsdOtHcpH49ZOmTQ";

/// The elided moduli of Okta's published examples (see the corpora README):
/// '.' characters, '=' padding, 43 characters.
inline constexpr std::string_view kOktaPlaceholderN1 =
    "AJncrzOrouIUCSMlRL0HU.....Kuine49_CEVR4GPn=";
inline constexpr std::string_view kOktaPlaceholderN2 =
    "AJncrKuine49_CEVR4GPn.....zOrouIUCSMlRL0HU=";

/// Canonical unpadded base64url of `bytes`.
inline std::string b64url(std::string_view bytes) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  auto byte = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k]));
  };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (bytes.size() - i == 1) {
    const std::uint32_t v = byte(i) << 16;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
  } else if (bytes.size() - i == 2) {
    const std::uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
  }
  return out;
}

/// Canonical base64url of `count` octets 0x80, 0x81, ... (high bits set so
/// both alphabets' special characters show up for longer inputs).
inline std::string octets(std::size_t count) {
  std::string bytes;
  for (std::size_t i = 0; i < count; ++i) bytes += static_cast<char>(0x80 + (i * 7) % 0x80);
  return b64url(bytes);
}

// ---------------------------------------------------------------------------
// JSON building.

/// `"text"` (no escaping: callers pass JSON-ready text).
inline std::string json_string(std::string_view text) {
  std::string out = "\"";
  out += text;
  out += '"';
  return out;
}

/// Concatenation (avoids GCC 12's -Wrestrict false positive on
/// `"literal" + std::string&&`).
inline std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) out += part;
  return out;
}

/// A JSON object built member by member, serialised compactly in insertion
/// order. Names are written between quotes as given, so a test can spell a
/// name with escapes ("k\\u0074y").
class json_object {
 public:
  /// Replaces the first member called `name` (compared as written) or appends it.
  json_object& raw(std::string_view name, std::string_view json) {
    for (auto& m : members_) {
      if (m.first == name) {
        m.second = std::string(json);
        return *this;
      }
    }
    members_.emplace_back(std::string(name), std::string(json));
    return *this;
  }
  /// raw() with a string value.
  json_object& str(std::string_view name, std::string_view text) {
    return raw(name, json_string(text));
  }
  /// Appends a member even when the name is already there (duplicates).
  json_object& add(std::string_view name, std::string_view json) {
    members_.emplace_back(std::string(name), std::string(json));
    return *this;
  }
  /// Removes every member called `name`.
  json_object& erase(std::string_view name) {
    std::erase_if(members_, [&](const auto& m) { return m.first == name; });
    return *this;
  }
  [[nodiscard]] std::string json() const {
    std::string out = "{";
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (i != 0) out += ',';
      out += json_string(members_[i].first);
      out += ':';
      out += members_[i].second;
    }
    out += '}';
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>> members_;
};

/// A minimal RSA key valid in both profiles: id, kty, n, e.
inline json_object rsa_key(std::string_view id = "rsa-1") {
  json_object k;
  k.str("id", id).str("kty", "RSA").str("n", kRsaN).str("e", kRsaE);
  return k;
}

/// A minimal EC key valid in both profiles (crv one of P-256, P-384, P-521,
/// or secp256k1 for rfc7517).
inline json_object ec_key(std::string_view crv = "P-256", std::string_view id = "ec-1") {
  std::string_view x = kP256X;
  std::string_view y = kP256Y;
  if (crv == "P-384") {
    x = kP384X;
    y = kP384Y;
  } else if (crv == "P-521") {
    x = kP521X;
    y = kP521Y;
  } else if (crv == "secp256k1") {
    x = kK256X;
    y = kK256Y;
  }
  json_object k;
  k.str("id", id).str("kty", "EC").str("crv", crv).str("x", x).str("y", y);
  return k;
}

/// A minimal OKP key (rfc7517 only): Ed25519, Ed448, X25519 or X448.
inline json_object okp_key(std::string_view crv = "Ed25519", std::string_view id = "okp-1") {
  std::string_view x = kEd25519X;
  if (crv == "Ed448") x = kEd448X;
  if (crv == "X25519") x = kX25519X;
  if (crv == "X448") x = kX448X;
  json_object k;
  k.str("id", id).str("kty", "OKP").str("crv", crv).str("x", x);
  return k;
}

// ---------------------------------------------------------------------------
// Options.

inline options okta_options(bool key_checks = true) {
  options o;
  o.profile = profile::okta;
  o.key_checks = key_checks;
  return o;
}
inline options rfc_options(bool key_checks = true) {
  options o;
  o.profile = profile::rfc7517;
  o.key_checks = key_checks;
  return o;
}
inline std::string_view profile_name(const options& o) {
  return to_string(o.profile);
}

// ---------------------------------------------------------------------------
// Parsing.

/// Everything a parse_set returned, copied out of the report. The keys'
/// views still point into the input and into the parser, which must both
/// outlive the outcome's use.
struct outcome {
  std::vector<key> keys;
  std::vector<error> errors;
  std::vector<error> warnings;
  std::size_t key_count = 0;
  std::size_t error_count = 0;
  set_shape shape = set_shape::none;
  bool document_failed = false;
  bool ok = false;
  bool stopped = false;
};

inline outcome run(parser& p, std::string_view json, std::size_t capacity = 16) {
  std::vector<key> storage(capacity);
  const parse_report r = p.parse_set(json, storage);
  outcome o;
  o.keys.assign(r.keys().begin(), r.keys().end());
  o.errors.assign(r.errors().begin(), r.errors().end());
  o.warnings.assign(r.warnings().begin(), r.warnings().end());
  o.key_count = r.key_count();
  o.error_count = r.error_count();
  o.shape = r.shape();
  o.document_failed = r.document_failed();
  o.ok = r.ok();
  o.stopped = r.stopped();
  return o;
}

/// Checks code, offset and path of one error.
inline ::testing::AssertionResult is_error(const error& e, error_code code, std::size_t offset,
                                           std::string_view path) {
  if (e.code == code && e.offset == offset && e.path() == path) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "got " << name_of(e.code) << " at " << e.offset << " path \"" << e.path()
         << "\", expected " << name_of(code) << " at " << offset << " path \"" << path << "\"";
}

/// Parses `json` expecting no key and exactly one document-level error.
inline void check_document_error(const options& opts, std::string_view json, error_code code,
                                 std::size_t offset, std::string_view path) {
  parser p(opts);
  const outcome o = run(p, json);
  EXPECT_TRUE(o.keys.empty());
  EXPECT_EQ(o.key_count, 0u);
  EXPECT_TRUE(o.document_failed);
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.error_count, 1u);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_TRUE(is_error(o.errors[0], code, offset, path));
}

/// Parses the key object `key_json` (with `offset` and `path` relative to
/// it) in three shapes and expects exactly that one key-level error each time:
///  - as the root object (a single key),
///  - as `{"keys":[KEY]}`,
///  - as the second element of a bare array after a valid key, which must
///    still be delivered.
inline void check_key_error(const options& opts, std::string_view key_json, error_code code,
                            std::size_t offset, std::string_view path) {
  {
    SCOPED_TRACE("as the root object");
    parser p(opts);
    const outcome o = run(p, key_json);
    EXPECT_EQ(o.shape, set_shape::single_key);
    EXPECT_TRUE(o.keys.empty());
    EXPECT_FALSE(o.document_failed);
    EXPECT_EQ(o.error_count, 1u);
    if (o.errors.size() == 1) {
      EXPECT_TRUE(is_error(o.errors[0], code, offset, path));
    } else {
      ADD_FAILURE() << "expected one error, got " << o.errors.size();
    }
  }
  {
    SCOPED_TRACE("in {\"keys\":[...]}");
    parser p(opts);
    const std::string doc = cat({"{\"keys\":[", std::string(key_json), "]}"});
    const outcome o = run(p, doc);
    EXPECT_EQ(o.shape, set_shape::keys_object);
    EXPECT_TRUE(o.keys.empty());
    EXPECT_FALSE(o.document_failed);
    if (o.errors.size() == 1) {
      EXPECT_TRUE(is_error(o.errors[0], code, offset + 9, cat({"/keys/0", std::string(path)})));
    } else {
      ADD_FAILURE() << "expected one error, got " << o.errors.size();
    }
  }
  {
    SCOPED_TRACE("second element of a bare array");
    parser p(opts);
    const std::string good = rsa_key("good").json();
    const std::string doc = cat({"[", good, ",", std::string(key_json), "]"});
    const outcome o = run(p, doc);
    EXPECT_EQ(o.shape, set_shape::array);
    EXPECT_FALSE(o.document_failed);
    if (o.keys.size() == 1) {
      EXPECT_EQ(o.keys[0].id.value, "good");
      EXPECT_EQ(o.keys[0].index, 0u);
    } else {
      ADD_FAILURE() << "expected the valid key, got " << o.keys.size() << " keys";
    }
    if (o.errors.size() == 1) {
      EXPECT_TRUE(
          is_error(o.errors[0], code, offset + good.size() + 2, cat({"/1", std::string(path)})));
    } else {
      ADD_FAILURE() << "expected one error, got " << o.errors.size();
    }
  }
}

/// check_key_error with a trace naming the input and the profile.
#define EXPECT_KEY_ERROR(opts, key_json, code, offset, path)                                       \
  do {                                                                                             \
    SCOPED_TRACE(::testing::Message() << jwkview::test::profile_name(opts) << ": " << (key_json)); \
    jwkview::test::check_key_error((opts), (key_json), (code), (offset), (path));                  \
  } while (false)

#define EXPECT_DOCUMENT_ERROR(opts, json, code, offset, path)                                  \
  do {                                                                                         \
    SCOPED_TRACE(::testing::Message() << jwkview::test::profile_name(opts) << ": " << (json)); \
    jwkview::test::check_document_error((opts), (json), (code), (offset), (path));             \
  } while (false)

/// Parses the key object `key_json` (offset and path relative to it), as
/// the root and as the second element of a bare array, expecting the key
/// delivered with exactly that one warning; and with
/// options::warnings_as_errors, check_key_error's error of the same code.
inline void check_key_warning(const options& opts, std::string_view key_json, error_code code,
                              std::size_t offset, std::string_view path) {
  {
    SCOPED_TRACE("as the root object");
    parser p(opts);
    const outcome o = run(p, key_json);
    EXPECT_TRUE(o.ok);
    EXPECT_EQ(o.keys.size(), 1u);
    if (o.warnings.size() == 1) {
      EXPECT_TRUE(is_error(o.warnings[0], code, offset, path));
      EXPECT_TRUE(o.warnings[0].is_warning());
      EXPECT_EQ(o.warnings[0].cls(), error_class::warning);
    } else {
      ADD_FAILURE() << "expected one warning, got " << o.warnings.size();
    }
  }
  {
    SCOPED_TRACE("second element of a bare array");
    parser p(opts);
    const std::string good = rsa_key("good").json();
    const std::string doc = cat({"[", good, ",", std::string(key_json), "]"});
    const outcome o = run(p, doc);
    EXPECT_EQ(o.keys.size(), 2u);
    EXPECT_TRUE(o.errors.empty());
    if (o.warnings.size() == 1) {
      EXPECT_TRUE(
          is_error(o.warnings[0], code, offset + good.size() + 2, cat({"/1", std::string(path)})));
    } else {
      ADD_FAILURE() << "expected one warning, got " << o.warnings.size();
    }
  }
  options strict = opts;
  strict.warnings_as_errors = true;
  SCOPED_TRACE("warnings_as_errors");
  check_key_error(strict, key_json, code, offset, path);
}

#define EXPECT_KEY_WARNING(opts, key_json, code, offset, path)                                     \
  do {                                                                                             \
    SCOPED_TRACE(::testing::Message() << jwkview::test::profile_name(opts) << ": " << (key_json)); \
    jwkview::test::check_key_warning((opts), (key_json), (code), (offset), (path));                \
  } while (false)

/// Parses the root key object `key_json` and expects it to be valid; returns
/// the key (its views need `key_json` and `p` alive).
inline key parse_valid(parser& p, std::string_view key_json) {
  const outcome o = run(p, key_json);
  EXPECT_TRUE(o.ok) << key_json;
  EXPECT_TRUE(o.errors.empty()) << key_json << "\nfirst error: "
                                << (o.errors.empty() ? std::string("none")
                                                     : ::testing::PrintToString(o.errors[0]));
  if (o.keys.size() != 1) {
    ADD_FAILURE() << "expected one key from " << key_json;
    return key{};
  }
  return o.keys[0];
}

/// Expects the key object to be accepted under `opts`.
inline void check_valid(const options& opts, std::string_view key_json) {
  parser p(opts);
  (void)parse_valid(p, key_json);
}

#define EXPECT_KEY_VALID(opts, key_json)                                                           \
  do {                                                                                             \
    SCOPED_TRACE(::testing::Message() << jwkview::test::profile_name(opts) << ": " << (key_json)); \
    jwkview::test::check_valid((opts), (key_json));                                                \
  } while (false)

/// Offset of the value of the first member `"name":` in `json`.
inline std::size_t value_offset(std::string_view json, std::string_view name) {
  const std::string needle = json_string(name) + ":";
  const std::size_t at = json.find(needle);
  EXPECT_NE(at, std::string_view::npos) << name << " not in " << json;
  return at + needle.size();
}

/// Offset of the `nth` (0-based) occurrence of `"name":` (the opening quote).
inline std::size_t name_offset(std::string_view json, std::string_view name, int nth = 0) {
  const std::string needle = json_string(name) + ":";
  std::size_t at = json.find(needle);
  for (int i = 0; i < nth && at != std::string_view::npos; ++i) at = json.find(needle, at + 1);
  EXPECT_NE(at, std::string_view::npos) << name << " #" << nth << " not in " << json;
  return at;
}

/// True when `v` lies inside `buffer` (pointer range check).
inline bool inside(std::string_view v, std::string_view buffer) {
  const std::less_equal<const char*> le;
  return le(buffer.data(), v.data()) && le(v.data() + v.size(), buffer.data() + buffer.size());
}

}  // namespace test
}  // namespace jwkview
