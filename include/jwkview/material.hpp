// jwkview: key material as octets and integers, without a cryptography library.
//
// Every function reads the key's base64url members (see base64url.hpp for
// the rules), writes only into the caller's buffer or its own return value,
// never allocates and never throws. A key delivered by the parser with key
// checks on always decodes; these functions check again because a key may
// come from a parse with options::key_checks = false.
//
// x5c certificates: each entry of key::x5c is padded standard base64 of a
// DER certificate; decode one with base64_decode (base64url.hpp):
//
//   for (std::string_view cert : k.x5c.value) {
//     std::uint8_t der[8192];
//     auto r = jwkview::base64_decode(cert, der);   // r.value octets of DER
//   }
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "jwkview/error.hpp"
#include "jwkview/export.hpp"
#include "jwkview/key.hpp"

namespace jwkview {

/// Size of an RSA key: the bit length of the modulus `n`, ignoring leading
/// zero octets (Okta serialises some moduli with one). 0 when the key is not
/// RSA or `n` is not canonical base64url.
[[nodiscard]] JWKVIEW_API std::size_t modulus_bits(const key& k) noexcept;

/// True when `n` is canonical base64url whose first decoded octet is zero (a
/// non-minimal encoding, RFC 7518 §6.3.1.1: policy, never a parse error).
[[nodiscard]] JWKVIEW_API bool modulus_has_leading_zero(const key& k) noexcept;

/// The RSA modulus as big-endian octets without leading zero octets: a view
/// into `out`, which needs base64url_max_decoded_size(k.n.value.size())
/// octets. Errors: unsupported_key (not RSA), missing_member (no n),
/// invalid_base64url, buffer_too_small.
[[nodiscard]] JWKVIEW_API code_result<std::span<const std::uint8_t>> rsa_modulus(
    const key& k, std::span<std::uint8_t> out) noexcept;

/// The RSA public exponent `e` as an integer (65537 for "AQAB").
/// Errors: unsupported_key (not RSA), missing_member (no e),
/// invalid_base64url, invalid_exponent (more than 64 significant bits).
/// The value itself (0, 1, even) is not judged here: see openssl.hpp and
/// `jwkview check`.
[[nodiscard]] JWKVIEW_API code_result<std::uint64_t> rsa_exponent(const key& k) noexcept;

/// The public point of an EC key (x and y) or an OKP key (x only), each
/// coordinate as fixed-length big-endian octets (coordinate_octets(crv):
/// P-256 32, P-384 48, P-521 66, secp256k1 32, Ed25519/X25519 32, Ed448 57,
/// X448 56). Self-contained: no views into the key.
struct curve_point {
  static constexpr std::size_t max_octets = 66;
  jwkview::curve crv = curve::unknown;
  std::size_t octets = 0;  ///< per coordinate
  bool has_y = false;      ///< EC keys
  std::array<std::uint8_t, max_octets> x_octets{};
  std::array<std::uint8_t, max_octets> y_octets{};

  [[nodiscard]] std::span<const std::uint8_t> x() const noexcept {
    return {x_octets.data(), octets};
  }
  /// Empty for OKP keys.
  [[nodiscard]] std::span<const std::uint8_t> y() const noexcept {
    return {y_octets.data(), has_y ? octets : 0};
  }
};

/// Decodes the public point of an EC or OKP key. Errors: unsupported_key (not
/// EC/OKP, or crv unknown or of the other key type), missing_member (no crv,
/// x, or y for EC), invalid_base64url, wrong_coordinate_length. Whether the
/// point lies on the curve needs a cryptography library (openssl.hpp).
[[nodiscard]] JWKVIEW_API code_result<curve_point> public_point(const key& k) noexcept;

/// RFC 7638 §3.2 input: the canonical JSON of a key's required members in
/// lexicographic order without whitespace, which a JWK thumbprint hashes:
///   RSA {"e":E,"kty":"RSA","n":N}        EC  {"crv":C,"kty":"EC","x":X,"y":Y}
///   OKP {"crv":C,"kty":"OKP","x":X}
/// `n` and `e` are written in minimal form: leading zero octets are removed
/// (RFC 7518 §6.3.1.1, RFC 8555 erratum 7565), so a modulus that Okta
/// serialises with a leading zero octet has the thumbprint of its minimal
/// encoding. EC and OKP coordinates are fixed-length and written as they are.
/// (`oct` keys never reach a key: their `k` is refused as a private member.)
///
/// thumbprint_input_size: the exact size of that JSON. thumbprint_input:
/// writes it to `out` and returns a view of it. Errors: unsupported_key
/// (kty not RSA/EC/OKP, or crv unknown), missing_member, invalid_base64url,
/// wrong_coordinate_length, and buffer_too_small (nothing written).
[[nodiscard]] JWKVIEW_API code_result<std::size_t> thumbprint_input_size(const key& k) noexcept;
[[nodiscard]] JWKVIEW_API code_result<std::string_view> thumbprint_input(
    const key& k, std::span<char> out) noexcept;

/// Whether a JWS/JWE algorithm can be used with a key of this type and curve
/// (RFC 7518, RFC 8037): RS*, PS*, RSA-OAEP*, RSA1_5 need RSA; ES256 P-256,
/// ES384 P-384, ES512 P-521, ES256K secp256k1; EdDSA Ed25519 or Ed448;
/// ECDH-ES* EC or X25519/X448; HS*, A*KW, A*GCMKW, dir, PBES2-* oct.
/// algorithm::unknown is not judged (true). The parser's alg_mismatch check.
[[nodiscard]] JWKVIEW_API bool algorithm_fits(algorithm alg, key_type kty, curve crv) noexcept;

/// algorithm_fits for a key's kty and crv.
[[nodiscard]] inline bool algorithm_fits(algorithm alg, const key& k) noexcept {
  return algorithm_fits(alg, k.kty.value, k.crv.value);
}

}  // namespace jwkview
