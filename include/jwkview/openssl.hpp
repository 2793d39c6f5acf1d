// jwkview: OpenSSL 3 keys from parsed JWKs, and PEM export, in libjwkview_openssl.
//
//   jwkview::code_result<jwkview::evp_pkey_ptr> pkey = jwkview::to_evp_pkey(k);
//   if (!pkey) log(jwkview::name_of(pkey.code));      // e.g. point_not_on_curve
//   EVP_PKEY* raw = pkey->get();                         // owned by the unique_ptr
//
// Supported: RSA; EC P-256, P-384, P-521 and secp256k1; OKP Ed25519, Ed448,
// X25519 and X448 (the rfc7517 profile delivers OKP keys). The material is
// checked before OpenSSL sees it, each problem with its own code.
//
// ### Allocation
// Unlike the parser, these functions allocate: OpenSSL allocates every
// EVP_PKEY, BIGNUM and BIO. Build the keys once per key set (see
// examples/gateway_verify.cpp), not once per request. They never throw;
// an OpenSSL failure is error_code::crypto_failure and leaves OpenSSL's error
// queue cleared.
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <memory>
#include <span>

#include "jwkview/error.hpp"
#include "jwkview/export.hpp"
#include "jwkview/key.hpp"

namespace jwkview {

/// The longest HMAC secret to_evp_pkey accepts, in octets.
inline constexpr std::size_t max_secret_bytes = 1024;

/// Frees an EVP_PKEY with EVP_PKEY_free.
struct evp_pkey_deleter {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
/// An owned OpenSSL key.
using evp_pkey_ptr = std::unique_ptr<EVP_PKEY, evp_pkey_deleter>;

/// Builds the public key a JWK describes (EVP_PKEY_fromdata with
/// OSSL_PARAM_BLD for RSA and EC, raw public keys for OKP), or for an oct
/// key read with options::accept_secret_keys, an HMAC key of its secret k
/// (at most max_secret_bytes octets). Errors:
///  - unsupported_key: kty not RSA/EC/OKP, unknown crv, or an RSA modulus
///    above 16384 bits (OpenSSL's limit for public key operations);
///  - missing_member, invalid_base64url, wrong_coordinate_length;
///  - invalid_modulus: n is zero or even;
///  - invalid_exponent: e is 0, 1, even, or longer than 64 bits;
///  - point_not_on_curve: (x, y) is not a point of the curve (or a
///    coordinate is not below the field prime);
///  - crypto_failure: OpenSSL failed (out of memory, no provider).
/// Policy (RSA key size, the exponent's value beyond these rules) is the
/// caller's: see modulus_bits() and `jwkview check`.
[[nodiscard]] JWKVIEW_OPENSSL_API code_result<evp_pkey_ptr> to_evp_pkey(const key& k) noexcept;

/// Bytes that hold the PEM of any key to_evp_pkey builds (RSA up to 16384 bits).
inline constexpr std::size_t pem_buffer_bytes = 4096;

/// Writes the SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----", lines
/// of 64 characters, each ending in "\n") of `pkey` into `out`; the value is
/// the number of characters written (no terminating NUL). Errors:
/// buffer_too_small (nothing written; value: the size needed), crypto_failure.
[[nodiscard]] JWKVIEW_OPENSSL_API code_result<std::size_t> to_pem(const EVP_PKEY* pkey,
                                                                  std::span<char> out) noexcept;

/// to_evp_pkey followed by to_pem.
[[nodiscard]] JWKVIEW_OPENSSL_API code_result<std::size_t> to_pem(const key& k,
                                                                  std::span<char> out) noexcept;

}  // namespace jwkview
