#include "jwkview/material.hpp"

#include "base64.hpp"

namespace jwkview {

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

bool algorithm_fits(algorithm alg, key_type kty, curve crv) noexcept {
  switch (alg) {
    case algorithm::unknown:
      return true;
    case algorithm::rs256:
    case algorithm::rs384:
    case algorithm::rs512:
    case algorithm::ps256:
    case algorithm::ps384:
    case algorithm::ps512:
    case algorithm::rsa1_5:
    case algorithm::rsa_oaep:
    case algorithm::rsa_oaep_256:
    case algorithm::rsa_oaep_384:
    case algorithm::rsa_oaep_512:
      return kty == key_type::rsa;
    case algorithm::es256:
      return kty == key_type::ec && crv == curve::p256;
    case algorithm::es384:
      return kty == key_type::ec && crv == curve::p384;
    case algorithm::es512:
      return kty == key_type::ec && crv == curve::p521;
    case algorithm::es256k:
      return kty == key_type::ec && crv == curve::secp256k1;
    case algorithm::eddsa:
      return kty == key_type::okp && (crv == curve::ed25519 || crv == curve::ed448);
    case algorithm::ed25519:
      return kty == key_type::okp && crv == curve::ed25519;
    case algorithm::ed448:
      return kty == key_type::okp && crv == curve::ed448;
    case algorithm::ecdh_es:
    case algorithm::ecdh_es_a128kw:
    case algorithm::ecdh_es_a192kw:
    case algorithm::ecdh_es_a256kw:
      return kty == key_type::ec ||
             (kty == key_type::okp && (crv == curve::x25519 || crv == curve::x448));
    case algorithm::hs256:
    case algorithm::hs384:
    case algorithm::hs512:
    case algorithm::a128kw:
    case algorithm::a192kw:
    case algorithm::a256kw:
    case algorithm::a128gcmkw:
    case algorithm::a192gcmkw:
    case algorithm::a256gcmkw:
    case algorithm::dir:
    case algorithm::pbes2_hs256_a128kw:
    case algorithm::pbes2_hs384_a192kw:
    case algorithm::pbes2_hs512_a256kw:
      return kty == key_type::oct;
  }
  return true;
}

}  // namespace jwkview
