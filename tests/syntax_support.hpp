// Shared helpers for the syntax, limits, escapes, truncation, padding, alloc,
// corpora and no_exceptions tests. Header-only, no global state.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <ostream>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <jwkview/jwkview.hpp>

namespace jwkview {
// Readable gtest output for the library's enums.
inline void PrintTo(error_code c, std::ostream* os) {
  *os << name_of(c);
}
inline void PrintTo(error_class c, std::ostream* os) {
  *os << name_of(c);
}
inline void PrintTo(set_shape s, std::ostream* os) {
  *os << to_string(s);
}
}  // namespace jwkview

namespace syntest {

// RFC 7517 A.1 values: canonical base64url, so they pass the key checks.
inline constexpr std::string_view kRsaN =
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_"
    "BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-"
    "65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-"
    "bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
inline constexpr std::string_view kEcX = "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4";
inline constexpr std::string_view kEcY = "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM";

/// A valid okta-profile RSA key. `extra` is inserted verbatim before the
/// closing brace (start it with a comma).
inline std::string okta_rsa(std::string_view id = "k1", std::string_view extra = {}) {
  std::string s = R"({"id":")";
  s += id;
  s += R"(","kty":"RSA","alg":"RS256","use":"sig","e":"AQAB","n":")";
  s += kRsaN;
  s += '"';
  s += extra;
  s += '}';
  return s;
}

/// A valid okta-profile EC P-256 key.
inline std::string okta_ec(std::string_view id = "e1", std::string_view extra = {}) {
  std::string s = R"({"id":")";
  s += id;
  s += R"(","kty":"EC","crv":"P-256","alg":"ES256","x":")";
  s += kEcX;
  s += R"(","y":")";
  s += kEcY;
  s += '"';
  s += extra;
  s += '}';
  return s;
}

/// Joins key objects into {"keys":[...]}.
inline std::string keys_set(const std::vector<std::string>& keys) {
  std::string s = R"({"keys":[)";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i != 0) s += ',';
    s += keys[i];
  }
  s += "]}";
  return s;
}

inline std::string describe(const jwkview::error& e) {
  std::ostringstream os;
  os << jwkview::name_of(e.code) << "@" << e.offset << " path='" << e.path() << "'";
  if (e.path_truncated()) os << " (path truncated)";
  return os.str();
}

inline std::string describe(const jwkview::parse_report& r) {
  std::ostringstream os;
  os << "shape=" << jwkview::to_string(r.shape()) << " keys=" << r.key_count()
     << " errors=" << r.error_count() << (r.document_failed() ? " document_failed" : "")
     << (r.stopped() ? " stopped" : "") << " [";
  for (const jwkview::error& e : r.errors()) os << " " << describe(e);
  os << " ]";
  return os.str();
}

/// The report is a document-level failure with exactly one error, no key, of
/// the given code, class, offset and (optionally) path.
inline ::testing::AssertionResult is_document_error(const jwkview::parse_report& r,
                                                    jwkview::error_code code, std::size_t offset,
                                                    std::optional<std::string_view> path,
                                                    bool expect_no_keys = true) {
  const bool shape_ok = r.document_failed() && r.error_count() == 1 && r.errors().size() == 1;
  if (!shape_ok || (expect_no_keys && (r.key_count() != 0 || !r.keys().empty()))) {
    return ::testing::AssertionFailure() << "expected one document-level " << jwkview::name_of(code)
                                         << "@" << offset << ", got " << describe(r);
  }
  const jwkview::error& e = r.errors()[0];
  if (e.code != code || e.offset != offset || (path && e.path() != *path)) {
    return ::testing::AssertionFailure()
           << "expected " << jwkview::name_of(code) << "@" << offset << " path='"
           << (path ? *path : std::string_view("<any>")) << "', got " << describe(r);
  }
  if (e.cls() != jwkview::class_of(code)) {
    return ::testing::AssertionFailure() << "class mismatch for " << describe(e);
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult is_error(const jwkview::error& e, jwkview::error_code code,
                                           std::size_t offset,
                                           std::optional<std::string_view> path) {
  if (e.code != code || e.offset != offset || (path && e.path() != *path)) {
    return ::testing::AssertionFailure()
           << "expected " << jwkview::name_of(code) << "@" << offset << " path='"
           << (path ? *path : std::string_view("<any>")) << "', got " << describe(e);
  }
  return ::testing::AssertionSuccess();
}

/// Key storage plus a parse into it.
struct storage {
  explicit storage(std::size_t n = 64) : keys(n) {}
  std::vector<jwkview::key> keys;
  jwkview::parse_report parse(jwkview::parser& p, std::string_view json) {
    return p.parse_set(json, std::span<jwkview::key>(keys));
  }
};

/// True when the bytes of `v` lie inside `buf`.
inline bool points_into(std::string_view v, const char* begin, std::size_t size) {
  const auto b = reinterpret_cast<std::uintptr_t>(begin);
  const auto p = reinterpret_cast<std::uintptr_t>(v.data());
  return p >= b && p + v.size() <= b + size;
}
inline bool points_into(std::string_view v, std::string_view buf) {
  return points_into(v, buf.data(), buf.size());
}

/// A copy of `json` in a buffer with jwkview::padding readable bytes after it,
/// filled with `fill` (the padding may hold anything).
struct padded_copy {
  explicit padded_copy(std::string_view json, char fill = '\0')
      : bytes(json.size() + jwkview::padding, fill) {
    std::copy(json.begin(), json.end(), bytes.begin());
    size = json.size();
  }
  std::vector<char> bytes;
  std::size_t size = 0;
  [[nodiscard]] std::string_view text() const { return {bytes.data(), size}; }
};

/// Reads a whole file as bytes; nullopt when it cannot be read.
inline std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Decodes unpadded base64url (or padded standard base64 with `standard`).
/// nullopt on any character outside the alphabet.
inline std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view s,
                                                              bool standard = false) {
  auto value = [standard](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == (standard ? '+' : '-')) return 62;
    if (c == (standard ? '/' : '_')) return 63;
    return -1;
  };
  if (standard) {
    while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  }
  std::vector<std::uint8_t> out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    const int v = value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xFFu));
    }
  }
  return out;
}

/// Non-printable bytes as \xNN, for failure messages.
inline std::string printable(std::string_view s, std::size_t max = 200) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < max; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0x20 && b < 0x7F) {
      out += static_cast<char>(b);
    } else {
      out += "\\x";
      out += digits[b >> 4];
      out += digits[b & 0xF];
    }
  }
  if (s.size() > max) out += "...";
  return out;
}

inline std::string to_hex(const std::vector<std::uint8_t>& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  for (std::uint8_t b : bytes) {
    s += digits[b >> 4];
    s += digits[b & 0xF];
  }
  return s;
}

/// Everything a parse produced, rendered as text, to compare two paths.
inline std::string summarize_key(const jwkview::key& k) {
  std::ostringstream os;
  os << "{#" << k.index << "@" << k.offset << " id=" << k.id.value << " kid=" << k.kid.value
     << " kty=" << k.kty.text << " alg=" << k.alg.text << " use=" << k.use.text
     << " status=" << k.status.text << " crv=" << k.crv.text << " n=" << k.n.value
     << " e=" << k.e.value << " x=" << k.x.value << " y=" << k.y.value
     << " created=" << k.created.value << " href=" << k.links.activate.href.value << "|"
     << k.links.deactivate.href.value << "|" << k.links.delete_.href.value
     << " x5c=" << k.x5c.value.size() << "}";
  return os.str();
}

inline std::string summarize(const jwkview::parse_report& r) {
  std::string s = describe(r);
  for (const jwkview::key& k : r.keys()) s += summarize_key(k);
  return s;
}

/// Location of the corpora (JWKVIEW_CORPORA), or nullopt when unset or absent.
inline std::optional<std::filesystem::path> corpora_dir() {
  const char* env = std::getenv("JWKVIEW_CORPORA");
  if (env == nullptr || *env == '\0') return std::nullopt;
  std::error_code ec;
  if (!std::filesystem::is_directory(env, ec)) return std::nullopt;
  return std::filesystem::path(env);
}

}  // namespace syntest
