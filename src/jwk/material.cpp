#include "jwkview/material.hpp"

#include <cstring>

#include "jwk/algorithm_table.hpp"
#include "jwk/base64.hpp"
#include "jwkview/base64url.hpp"

namespace jwkview {
namespace {

// Leading zero octets of canonical base64url `text` (all of them for zero).
std::size_t leading_zero_octets(std::string_view text) noexcept {
  std::size_t zeros = 0;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::uint8_t group[3] = {};
    const std::size_t n = detail::base64url_decode(text.substr(i, 4), group, 3);
    for (std::size_t j = 0; j < n; ++j) {
      if (group[j] != 0) return zeros;
      ++zeros;
    }
  }
  return zeros;
}

// Writes the minimal base64url of the integer that canonical `text` encodes
// (leading zero octets dropped, zero itself as one octet) and returns the
// characters written. Re-encodes three octets at a time from the decoded
// groups, so it needs no octet buffer.
std::size_t write_minimal(std::string_view text, std::size_t zeros, char* out) noexcept {
  if (zeros == 0) {
    std::memcpy(out, text.data(), text.size());
    return text.size();
  }
  char* const start = out;
  std::uint8_t pending[3] = {};
  std::size_t held = 0;
  std::size_t skipped = 0;
  std::size_t total = 0;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::uint8_t group[3] = {};
    const std::size_t n = detail::base64url_decode(text.substr(i, 4), group, 3);
    for (std::size_t j = 0; j < n; ++j, ++total) {
      if (skipped < zeros) {
        ++skipped;
        continue;
      }
      pending[held++] = group[j];
      if (held == 3) {
        out += detail::base64url_encode(pending, 3, out);
        held = 0;
      }
    }
  }
  if (skipped == total) {  // zero: one zero octet
    pending[0] = 0;
    held = 1;
  }
  out += detail::base64url_encode(pending, held, out);
  return static_cast<std::size_t>(out - start);
}

// The size of write_minimal's output, or not_base64.
std::size_t minimal_size(std::string_view text, std::size_t& zeros) noexcept {
  const std::size_t octets = detail::base64url_decoded_size(text);
  if (octets == detail::not_base64) return detail::not_base64;
  zeros = leading_zero_octets(text);
  if (zeros == 0) return text.size();
  return base64url_encoded_size(zeros == octets ? 1 : octets - zeros);
}

// The members of a key's canonical JSON: name and value pairs in order.
struct canonical_members {
  std::string_view names[4];
  std::string_view values[4];
  std::size_t zeros[4] = {};  // leading zero octets to drop (n, e)
  std::size_t sizes[4] = {};  // characters each value takes
  std::size_t count = 0;
};

error_code collect(const key& k, canonical_members& m) noexcept {
  const auto add = [&m](std::string_view name, std::string_view value) {
    m.names[m.count] = name;
    m.values[m.count] = value;
    m.sizes[m.count] = value.size();
    ++m.count;
  };
  if (k.kty.is(key_type::rsa)) {
    if (!k.n.has_value() || !k.e.has_value()) return error_code::missing_member;
    add("e", k.e.value);
    add("kty", "RSA");
    add("n", k.n.value);
    for (std::size_t i : {std::size_t{0}, std::size_t{2}}) {
      m.sizes[i] = minimal_size(m.values[i], m.zeros[i]);
      if (m.sizes[i] == detail::not_base64) return error_code::invalid_base64url;
    }
    return error_code::ok;
  }
  const code_result<curve_point> point = public_point(k);  // validates crv, x, y
  if (!point) return point.code;
  add("crv", to_string(k.crv.value));
  add("kty", k.kty.is(key_type::ec) ? "EC" : "OKP");
  add("x", k.x.value);
  if (point->has_y) add("y", k.y.value);
  return error_code::ok;
}

std::size_t canonical_size(const canonical_members& m) noexcept {
  std::size_t size = 1;  // '{' and, per member, '"' name '":"' value '"' and ',' or '}'
  for (std::size_t i = 0; i < m.count; ++i) size += m.names[i].size() + m.sizes[i] + 6;
  return size;
}

}  // namespace

std::size_t modulus_bits(const key& k) noexcept {
  if (!k.kty.is(key_type::rsa) || !k.n.has_value()) return 0;
  return detail::base64url_integer_bits(k.n.value);
}

bool modulus_has_leading_zero(const key& k) noexcept {
  if (!k.kty.is(key_type::rsa) || !k.n.has_value()) return false;
  const std::string_view n = k.n.value;
  if (n.size() < 2 || detail::base64url_decoded_size(n) == detail::not_base64) return false;
  // The first octet is the first character's six bits and the top two of
  // the second's: zero for "A" followed by a value below 16 ('A' to 'P').
  return n[0] == 'A' && n[1] >= 'A' && n[1] <= 'P';
}

code_result<std::span<const std::uint8_t>> rsa_modulus(const key& k,
                                                       std::span<std::uint8_t> out) noexcept {
  using view = std::span<const std::uint8_t>;
  if (!k.kty.is(key_type::rsa)) return fail<view>(error_code::unsupported_key);
  if (!k.n.has_value()) return fail<view>(error_code::missing_member);
  const std::size_t size = detail::base64url_decode(k.n.value, out.data(), out.size());
  if (size == detail::not_base64) return fail<view>(error_code::invalid_base64url);
  if (size == detail::too_small) return fail<view>(error_code::buffer_too_small);
  std::size_t zeros = 0;
  while (zeros < size && out[zeros] == 0) ++zeros;
  return {view(out.data() + zeros, size - zeros)};
}

code_result<std::uint64_t> rsa_exponent(const key& k) noexcept {
  if (!k.kty.is(key_type::rsa)) return fail<std::uint64_t>(error_code::unsupported_key);
  if (!k.e.has_value()) return fail<std::uint64_t>(error_code::missing_member);
  const std::size_t bits = detail::base64url_integer_bits(k.e.value);
  if (detail::base64url_decoded_size(k.e.value) == detail::not_base64) {
    return fail<std::uint64_t>(error_code::invalid_base64url);
  }
  if (bits > 64) return fail<std::uint64_t>(error_code::invalid_exponent);
  // At most 64 significant bits, but leading zero octets may make the text
  // longer: decode in 4-character groups and keep the low 64 bits.
  std::uint64_t value = 0;
  const std::string_view text = k.e.value;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::uint8_t group[3] = {};
    const std::size_t n = detail::base64url_decode(text.substr(i, 4), group, 3);
    for (std::size_t j = 0; j < n; ++j) value = value << 8 | group[j];
  }
  return {value};
}

code_result<curve_point> public_point(const key& k) noexcept {
  const bool ec = k.kty.is(key_type::ec);
  if (!ec && !k.kty.is(key_type::okp)) return fail<curve_point>(error_code::unsupported_key);
  if (!k.crv.has_value()) return fail<curve_point>(error_code::missing_member);
  const curve crv = k.crv.value;
  const bool ec_curve =
      crv == curve::p256 || crv == curve::p384 || crv == curve::p521 || crv == curve::secp256k1;
  if (crv == curve::unknown || ec != ec_curve)
    return fail<curve_point>(error_code::unsupported_key);
  if (!k.x.has_value() || (ec && !k.y.has_value())) {
    return fail<curve_point>(error_code::missing_member);
  }
  code_result<curve_point> r;
  curve_point& p = r.value;
  p.crv = crv;
  p.octets = coordinate_octets(crv);
  p.has_y = ec;
  const auto decode = [&](std::string_view text, std::uint8_t* out) {
    const std::size_t size = detail::base64url_decoded_size(text);
    if (size == detail::not_base64) return error_code::invalid_base64url;
    if (size != p.octets) return error_code::wrong_coordinate_length;
    (void)detail::base64url_decode(text, out, p.octets);
    return error_code::ok;
  };
  r.code = decode(k.x.value, p.x_octets.data());
  if (r.code == error_code::ok && ec) r.code = decode(k.y.value, p.y_octets.data());
  return r;
}

code_result<std::size_t> thumbprint_input_size(const key& k) noexcept {
  canonical_members m;
  const error_code code = collect(k, m);
  if (code != error_code::ok) return fail<std::size_t>(code);
  return {canonical_size(m)};
}

code_result<std::string_view> thumbprint_input(const key& k, std::span<char> out) noexcept {
  canonical_members m;
  const error_code code = collect(k, m);
  if (code != error_code::ok) return fail<std::string_view>(code);
  const std::size_t size = canonical_size(m);
  if (size > out.size()) return fail<std::string_view>(error_code::buffer_too_small);
  char* p = out.data();
  const auto put = [&p](std::string_view text) {
    std::memcpy(p, text.data(), text.size());
    p += text.size();
  };
  for (std::size_t i = 0; i < m.count; ++i) {
    put(i == 0 ? "{\"" : ",\"");
    put(m.names[i]);
    put("\":\"");
    p += write_minimal(m.values[i], m.zeros[i], p);
    put("\"");
  }
  put("}");
  return {std::string_view(out.data(), size)};
}

bool algorithm_fits(algorithm alg, key_type kty, curve crv) noexcept {
  const detail::algorithm_row& row = detail::row_of(alg);
  switch (row.family) {
    case detail::alg_family::none:
      return true;
    case detail::alg_family::rsa_pkcs1:
    case detail::alg_family::rsa_pss:
    case detail::alg_family::rsa_encryption:
      return kty == key_type::rsa;
    case detail::alg_family::ecdsa:
      return kty == key_type::ec && crv == row.crv;
    case detail::alg_family::eddsa:
      return kty == key_type::okp &&
             (row.crv == curve::unknown ? crv == curve::ed25519 || crv == curve::ed448
                                        : crv == row.crv);
    case detail::alg_family::ecdh:
      return kty == key_type::ec ||
             (kty == key_type::okp && (crv == curve::x25519 || crv == curve::x448));
    case detail::alg_family::hmac:
    case detail::alg_family::symmetric:
      return kty == key_type::oct;
  }
  return true;
}

}  // namespace jwkview
