// What the fuzz targets share: reading options from the input, the oracle
// failure, a walk over every member of a key, and the record invariants
// every delivered key must satisfy.
#pragma once

#include <jwkview/jwkview.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "base64_reference.hpp"

namespace jwkview::fuzz {

/// Stops the run naming the broken invariant: a crash for libFuzzer, a
/// failed test for the replay.
[[noreturn]] inline void fail(const char* invariant) {
  std::fprintf(stderr, "jwkview fuzz oracle failed: %s\n", invariant);
  std::fflush(stderr);
  std::abort();
}

inline void require(bool ok, const char* invariant) {
  if (!ok) fail(invariant);
}

// ---------------------------------------------------------------------------
// The input: JSON bytes, optionally after a 5-byte options header.

/// A header starts with 0xFF, a byte that never occurs in UTF-8, so no JSON
/// document loses anything to it and corpus files replay as they are.
inline constexpr unsigned char header_marker = 0xFF;
inline constexpr std::size_t header_size = 5;

struct fuzz_input {
  std::string_view json;
  options opts{};              // targets try both profiles
  std::size_t storage = 16;    // keys the caller's span holds
  std::size_t stop_after = 0;  // the callback says stop after this many keys; 0: never
  bool padded = false;         // parse in place, with junk in the bytes after the input
};

/// Header: 0xFF, flags, limits A, limits B, form.
///   flags  bit 0 key checks off, 1 accept_bom, 2 padded, 3 tight limits,
///          4 max_document_bytes 64, 5 tolerant base64, 6 warnings as errors
///   A      (tight) bits 0-2 max_depth - 1, bits 3-7 max_string_bytes / 4
///   B      (tight) bits 0-2 max_keys, 3-5 max_unknown_members,
///          6-7 max_reported_errors - 1
///   form   bits 0-3 storage size, bits 4-7 stop_after
/// The tight limits are small enough for short inputs to reach each of them.
inline fuzz_input read_input(const std::uint8_t* data, std::size_t size) {
  fuzz_input in;
  const char* text = reinterpret_cast<const char*>(data);
  if (size == 0 || data[0] != header_marker) {
    in.json = {text, size};
    return in;
  }
  std::array<std::uint8_t, header_size - 1> h{};
  for (std::size_t i = 1; i < header_size && i < size; ++i) h[i - 1] = data[i];
  const std::size_t skip = std::min(size, header_size);
  in.json = {text + skip, size - skip};
  const std::uint8_t flags = h[0];
  in.opts.key_checks = (flags & 1) == 0;
  in.opts.accept_bom = (flags & 2) != 0;
  in.padded = (flags & 4) != 0;
  if ((flags & 8) != 0) {
    limits& l = in.opts.limits;
    l.max_depth = 1u + (h[1] & 7u);
    l.max_string_bytes = std::size_t{h[1]} >> 3 << 2;
    l.max_keys = h[2] & 7u;
    l.max_unknown_members = (h[2] >> 3) & 7u;
    in.opts.max_reported_errors = 1u + (h[2] >> 6);
  }
  if ((flags & 16) != 0) in.opts.limits.max_document_bytes = 64;
  if ((flags & 32) != 0) in.opts.base64 = base64_mode::tolerant;
  in.opts.warnings_as_errors = (flags & 64) != 0;
  in.storage = h[3] & 15u;
  in.stop_after = h[3] >> 4;
  return in;
}

/// The bytes the parser reads: the input itself, or a padded copy whose
/// padding holds quotes and backslashes (simdjson may read it; nothing it
/// holds may change the result).
class document {
 public:
  explicit document(const fuzz_input& in) : padded_(in.padded) {
    if (!padded_) {
      text_ = in.json;
      return;
    }
    buffer_.assign(in.json.begin(), in.json.end());
    for (std::size_t i = 0; i < padding; ++i) buffer_.push_back(i % 2 == 0 ? '"' : '\\');
    text_ = {buffer_.data(), in.json.size()};
  }
  [[nodiscard]] std::string_view text() const { return text_; }

  parse_report parse_set(parser& p, std::span<key> out) const {
    return padded_ ? p.parse_set(view(), out) : p.parse_set(text_, out);
  }
  result<key> parse_key(parser& p) const {
    return padded_ ? p.parse_key(view()) : p.parse_key(text_);
  }
  template <typename OnKey>
  parse_report for_each_key(parser& p, OnKey&& on_key) const {
    return padded_ ? p.for_each_key(view(), on_key) : p.for_each_key(text_, on_key);
  }

 private:
  [[nodiscard]] std::string_view view() const { return {text_.data(), text_.size()}; }
  std::string_view text_;
  std::vector<char> buffer_;
  bool padded_;
};

inline options with_profile(options o, profile p) {
  o.profile = p;
  return o;
}

// ---------------------------------------------------------------------------
// Every member of a key, with its name from the key object.

struct member_path {
  std::array<std::string_view, 4> steps{};
  std::size_t size = 0;
};

/// Calls f(path, m) for each member m of k: a string_member, member<bool>,
/// member<string_list>, enum_member<E> or list_member<E>.
template <typename F>
void for_each_member(const key& k, F&& f) {
  const auto one = [&](std::string_view name, const auto& m) { f(member_path{{name}, 1}, m); };
  one("id", k.id);
  one("created", k.created);
  one("lastUpdated", k.last_updated);
  one("status", k.status);
  one("kty", k.kty);
  one("kid", k.kid);
  one("alg", k.alg);
  one("use", k.use);
  one("key_ops", k.key_ops);
  one("e", k.e);
  one("n", k.n);
  one("crv", k.crv);
  one("x", k.x);
  one("y", k.y);
  one("x5u", k.x5u);
  one("x5c", k.x5c);
  one("x5t", k.x5t);
  one("x5t#S256", k.x5t_s256);
  const auto link_members = [&](std::string_view name, const link& l) {
    f(member_path{{"_links", name, "href"}, 3}, l.href);
    f(member_path{{"_links", name, "name"}, 3}, l.name);
    f(member_path{{"_links", name, "type"}, 3}, l.type);
    f(member_path{{"_links", name, "templated"}, 3}, l.templated);
    f(member_path{{"_links", name, "hints", "allow"}, 4}, l.allow);
  };
  link_members("activate", k.links.activate);
  link_members("deactivate", k.links.deactivate);
  link_members("delete", k.links.delete_);
}

/// The enum type of a list_member.
template <typename E>
E enum_of(const list_member<E>&);

template <typename E>
E parse_enum(std::string_view text) {
  if constexpr (std::is_same_v<E, key_type>) return parse_key_type(text);
  if constexpr (std::is_same_v<E, key_status>) return parse_key_status(text);
  if constexpr (std::is_same_v<E, key_use>) return parse_key_use(text);
  if constexpr (std::is_same_v<E, curve>) return parse_curve(text);
  if constexpr (std::is_same_v<E, algorithm>) return parse_algorithm(text);
  if constexpr (std::is_same_v<E, http_method>) return parse_http_method(text);
  if constexpr (std::is_same_v<E, key_op>) return parse_key_op(text);
}

/// A key as text: every member's presence and value, for comparing keys
/// from two parses (their views point into different scratch spaces).
inline std::string describe(const key& k) {
  std::string out = std::to_string(k.index) + "@" + std::to_string(k.offset);
  constexpr std::array<std::string_view, 3> states{"=absent", "=null", "=value"};
  for_each_member(k, [&](const member_path& path, const auto& m) {
    using M = std::decay_t<decltype(m)>;
    out += ';';
    for (std::size_t i = 0; i < path.size; ++i) (out += '/') += path.steps[i];
    out += states[static_cast<std::size_t>(m.state)];
    if constexpr (std::is_same_v<M, string_member>) {
      (out += ':') += m.value;
    } else if constexpr (std::is_same_v<M, member<bool>>) {
      out += m.value ? ":true" : ":false";
    } else if constexpr (std::is_same_v<M, member<string_list>>) {
      for (std::string_view e : m.value) (out += ',') += e;
    } else if constexpr (requires { m.text; }) {
      (out += ':') += m.text;
    } else {
      for (std::string_view e : m.entries) (out += ',') += e;
      out += ':' + std::to_string(m.values.bits());
    }
  });
  return out;
}

inline bool same_error(const error& a, const error& b) {
  return a.code == b.code && a.offset == b.offset && a.path() == b.path();
}

// ---------------------------------------------------------------------------
// Where a view may point.

/// Decodes a JSON string body that is known to be well formed; nullopt on a
/// bad escape (the document is then refused, so nothing can point at it).
inline std::optional<std::string> unescape_reference(std::string_view body) {
  std::string out;
  const auto hex4 = [&](std::size_t at) -> long {
    if (at + 4 > body.size()) return -1;
    long v = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
      const char c = body[i];
      const int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  };
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      out += body[i];
      continue;
    }
    if (++i == body.size()) return std::nullopt;
    const std::string_view simple = "\"\"\\\\//b\bf\fn\nr\rt\t";
    const std::size_t s = simple.find(body[i]);
    if (body[i] != 'u') {
      if (s == std::string_view::npos || s % 2 != 0) return std::nullopt;
      out += simple[s + 1];
      continue;
    }
    long cp = hex4(i + 1);
    i += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 2 < body.size() && body[i + 1] == '\\' &&
        body[i + 2] == 'u') {
      const long low = hex4(i + 3);
      if (low < 0xDC00 || low > 0xDFFF) return std::nullopt;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      i += 6;
    }
    if (cp < 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    const auto u = static_cast<std::uint32_t>(cp);
    const auto byte = [](std::uint32_t v) { return static_cast<char>(v); };
    if (u < 0x80) {
      out += byte(u);
    } else if (u < 0x800) {
      out += byte(0xC0 | (u >> 6));
      out += byte(0x80 | (u & 0x3F));
    } else if (u < 0x10000) {
      out += byte(0xE0 | (u >> 12));
      out += byte(0x80 | ((u >> 6) & 0x3F));
      out += byte(0x80 | (u & 0x3F));
    } else {
      out += byte(0xF0 | (u >> 18));
      out += byte(0x80 | ((u >> 12) & 0x3F));
      out += byte(0x80 | ((u >> 6) & 0x3F));
      out += byte(0x80 | (u & 0x3F));
    }
  }
  return out;
}

/// Judges the views of keys from one document. A view is sound when it is
///  - the whole body of an unescaped JSON string of the document: inside the
///    document, with a quote on each side and no backslash in it; or
///  - outside the document (the parser's scratch space) and equal to the
///    decoding of one of the document's escaped strings.
/// Nothing else can produce a view, so this needs no knowledge of scratch.
/// Keys reach the callback before the document is validated: strings are
/// read in order and the scan stops at an unclosed one.
class view_oracle {
 public:
  /// `tolerant`: options::base64 tolerant, whose key material may also be
  /// a string of the document rewritten to canonical base64url.
  explicit view_oracle(std::string_view json, bool tolerant = false)
      : json_(json), tolerant_(tolerant) {}

  void check(std::string_view v, const char* what) {
    const std::less_equal<const char*> le;
    const char* begin = json_.data();
    const char* end = begin + json_.size();
    const bool inside = le(begin, v.data()) && le(v.data() + v.size(), end);
    if (inside) {
      require(v.data() != begin && v.data()[-1] == '"' && v.data() + v.size() != end &&
                  v.data()[v.size()] == '"' && v.find('\\') == std::string_view::npos,
              what);
      return;
    }
    const bool apart = le(v.data() + v.size(), begin) || le(end, v.data());
    require(apart, what);
    if (!decoded_) decode_all();
    require(std::binary_search(decoded_->begin(), decoded_->end(), v), what);
  }

 private:
  void decode_all() {
    decoded_.emplace();
    std::size_t i = 0;
    while ((i = json_.find('"', i)) != std::string_view::npos) {
      const std::size_t body = ++i;
      bool escaped = false;
      while (i < json_.size() && json_[i] != '"') {
        if (json_[i] == '\\') {
          escaped = true;
          ++i;
        }
        ++i;
      }
      if (i >= json_.size()) break;
      std::optional<std::string> text(json_.substr(body, i - body));
      if (escaped) {
        text = unescape_reference(*text);
        if (text) decoded_->push_back(*text);
      }
      if (text && tolerant_) decoded_->push_back(url_alphabet_unpadded(*text));
      ++i;
    }
    std::sort(decoded_->begin(), decoded_->end());
  }

  // The reference for tolerant base64: '+' and '/' as '-' and '_', no '='.
  static std::string url_alphabet_unpadded(std::string text) {
    std::string out;
    for (char c : text) {
      if (c != '=') out += c == '+' ? '-' : c == '/' ? '_' : c;
    }
    return out;
  }

  std::string_view json_;
  bool tolerant_;
  std::optional<std::vector<std::string>> decoded_;
};

// ---------------------------------------------------------------------------
// The record invariants.

/// Required members (docs/parsing-rules.md, Keys, step 2).
inline void check_required(const key& k) {
  if (k.schema == profile::okta) require(k.id.has_value(), "an okta key has an id");
  require(k.kty.has_value(), "a key has a kty");
  switch (k.kty.value) {
    case key_type::rsa:
      require(k.n.has_value() && k.e.has_value(), "an RSA key has n and e");
      break;
    case key_type::ec:
      require(k.crv.has_value() && k.x.has_value() && k.y.has_value(), "an EC key has crv, x, y");
      break;
    case key_type::okp:
      require(k.crv.has_value() && k.x.has_value(), "an OKP key has crv and x");
      break;
    default:
      break;
  }
  for (const link* l : {&k.links.activate, &k.links.deactivate, &k.links.delete_}) {
    require(!l->has_value() || l->href.has_value(), "a link object has an href");
    require(!l->has_value() || k.links.has_value(), "a link lives in _links");
  }
}

/// The okta profile's closed enums.
inline void check_okta_enums(const key& k) {
  require(k.kty.is(key_type::rsa) || k.kty.is(key_type::ec), "okta: kty is RSA or EC");
  require(!k.status.has_value() || k.status.value != key_status::unknown, "okta: known status");
  require(!k.use.has_value() || k.use.value != key_use::unknown, "okta: known use");
  require(!k.use.is(key_use::enc) || k.kty.is(key_type::rsa), "okta: enc keys are RSA");
  require(
      !k.crv.has_value() || k.crv.is(curve::p256) || k.crv.is(curve::p384) || k.crv.is(curve::p521),
      "okta: crv is a NIST curve");
  for (const link* l : {&k.links.activate, &k.links.deactivate, &k.links.delete_}) {
    require(!l->allow.values.contains(http_method::unknown), "okta: known HTTP methods");
  }
}

/// Key checks: canonical base64url material of the right sizes, checked
/// with the reference decoder.
/// The bytes as a string, for comparing with the reference decoder's.
inline std::string text_of(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

/// The key material API (material.hpp) on a key whose material passed the
/// key checks: the octets, sizes and thumbprint input it gives agree with
/// the reference decoder.
inline void check_material_api(const key& k) {
  const auto minimal = [](std::string bytes) {
    bytes.erase(0, std::min(bytes.find_first_not_of('\0'), bytes.size()));
    return bytes;
  };
  const auto url = [](std::string_view bytes) { return encode(bytes, url_alphabet, false); };
  std::string expected_input;
  if (k.kty.is(key_type::rsa) && k.n.has_value() && k.e.has_value()) {
    const std::string n = *base64url_octets(k.n.value);
    const std::string e = *base64url_octets(k.e.value);
    std::vector<std::uint8_t> out(n.size());
    const auto modulus = rsa_modulus(k, out);
    require(modulus && text_of(*modulus) == minimal(n), "rsa_modulus is n without leading zeros");
    require(modulus_has_leading_zero(k) == (n[0] == '\0'), "modulus_has_leading_zero sees n[0]");
    const auto exponent = rsa_exponent(k);
    if (minimal(e).size() <= 8) {
      std::uint64_t value = 0;
      for (char c : e) value = value << 8 | static_cast<unsigned char>(c);
      require(exponent && *exponent == value, "rsa_exponent is e's value");
    }
    // Base64urlUInt (RFC 7518 §2): zero is one zero octet, "AA".
    const auto uint = [&](const std::string& bytes) {
      const std::string m = minimal(bytes);
      return url(m.empty() ? std::string(1, '\0') : m);
    };
    expected_input = R"({"e":")" + uint(e) + R"(","kty":"RSA","n":")" + uint(n) + "\"}";
  }
  const bool ec = k.kty.is(key_type::ec);
  if ((ec || k.kty.is(key_type::okp)) && k.crv.value != curve::unknown && k.x.has_value() &&
      (!ec || k.y.has_value())) {
    const auto point = public_point(k);
    require(point && point->octets == coordinate_octets(k.crv.value) &&
                text_of(point->x()) == *base64url_octets(k.x.value) &&
                text_of(point->y()) == (ec ? *base64url_octets(k.y.value) : std::string()),
            "public_point holds x and y");
    expected_input = R"({"crv":")" + std::string(k.crv.text) + R"(","kty":")" +
                     std::string(k.kty.text) + R"(","x":")" + std::string(k.x.value) +
                     (ec ? R"(","y":")" + std::string(k.y.value) : std::string()) + "\"}";
  }
  if (expected_input.empty()) return;
  const auto size = thumbprint_input_size(k);
  std::vector<char> buffer(expected_input.size());
  const auto input = thumbprint_input(k, buffer);
  require(size && *size == expected_input.size() && input && *input == expected_input,
          "thumbprint_input is the RFC 7638 canonical JSON");
}

inline void check_material(const key& k) {
  const auto octets = [](const string_member& m) -> std::optional<std::string> {
    if (!m.has_value()) return std::string("present");
    return base64url_octets(m.value);
  };
  // x5t, x5t#S256 and x5c are hints: their problems are warnings.
  for (const string_member* m : {&k.n, &k.e, &k.x, &k.y}) {
    const std::optional<std::string> bytes = octets(*m);
    require(bytes && !bytes->empty(), "key material is non-empty canonical base64url");
  }
  const bool ec = k.kty.is(key_type::ec);
  const bool okp = k.kty.is(key_type::okp);
  if ((ec || okp) && k.crv.value != curve::unknown) {
    const std::size_t size = coordinate_octets(k.crv.value);
    require(octets(k.x)->size() == size, "x has the curve's length");
    require(!ec || octets(k.y)->size() == size, "y has the curve's length");
    const bool ec_curve = k.crv.is(curve::p256) || k.crv.is(curve::p384) || k.crv.is(curve::p521) ||
                          k.crv.is(curve::secp256k1);
    require(ec == ec_curve, "the curve fits kty");
  }
  check_material_api(k);
}

/// Checks one delivered key: views lie in the document or decode one of its
/// escaped strings, enums agree with their text, lists with their entries,
/// required members are present, the profile's enums and (with key checks)
/// the key material hold.
inline void check_key(const key& k, std::string_view json, const options& opts,
                      view_oracle& views) {
  require(k.offset < json.size() && json[k.offset] == '{', "key.offset is the key's '{'");
  const auto check_list = [&](presence state, const string_list& list) {
    std::size_t n = 0;
    for (std::string_view e : list) {
      views.check(e, "a list entry is a string of the document");
      require(list[n] == e, "string_list operator[] agrees with iteration");
      ++n;
    }
    require(n == list.size(), "string_list size() counts its entries");
    require(state == presence::value || list.empty(), "only a present list has entries");
  };
  for_each_member(k, [&](const member_path&, const auto& m) {
    using M = std::decay_t<decltype(m)>;
    if constexpr (std::is_same_v<M, string_member>) {
      if (m.has_value()) views.check(m.value, "a string member is a string of the document");
      require(m.has_value() || m.value.empty(), "an absent or null string is empty");
    } else if constexpr (std::is_same_v<M, member<bool>>) {
      require(m.has_value() || !m.value, "an absent boolean is false");
    } else if constexpr (std::is_same_v<M, member<string_list>>) {
      check_list(m.state, m.value);
    } else if constexpr (requires { m.text; }) {
      using E = decltype(m.value);
      if (m.has_value()) {
        views.check(m.text, "an enum's text is a string of the document");
        require(m.value == parse_enum<E>(m.text), "an enum's value is its text parsed");
        require(m.value == E::unknown || to_string(m.value) == m.text,
                "a known enum's text is its name");
      } else {
        require(m.value == E::unknown && m.text.empty(), "an absent or null enum is unknown");
      }
    } else {
      using E = decltype(enum_of(m));
      check_list(m.state, m.entries);
      enum_set<E> values;
      for (std::string_view e : m.entries) {
        const E value = parse_enum<E>(e);
        require(value == E::unknown || to_string(value) == e, "a known entry's text is its name");
        values.insert(value);
      }
      require(values == m.values, "a list's enum set is its entries parsed");
    }
  });
  const bool okta_members = !k.id.is_absent() || !k.created.is_absent() ||
                            !k.last_updated.is_absent() || !k.status.is_absent() ||
                            k.links.state != presence::absent;
  require(opts.profile == profile::automatic
              ? k.schema == (okta_members ? profile::okta : profile::rfc7517)
              : k.schema == opts.profile,
          "a key's schema is the profile's, or automatic's choice");
  check_required(k);
  if (k.schema == profile::okta) check_okta_enums(k);
  if (opts.key_checks) check_material(k);
}

}  // namespace jwkview::fuzz
