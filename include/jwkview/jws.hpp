// jwkview: verifying a JWS compact serialisation (a signed JWT), in
// libjwkview_openssl. What a gateway needs between "here is a token" and
// "here are the verified claims":
//
//   jwkview::code_result<jwkview::jws_token> t = jwkview::read_jws(token);
//   if (!t) return reject(t.code);                       // malformed_jws, unsupported_algorithm
//   const jwkview::key* k = index.find(t->kid(), t->alg);  // key_index.hpp
//   if (k == nullptr) return reject_unknown_key();
//   if (jwkview::verify_jws(*t, pkey_of(*k)) != jwkview::error_code::ok) return reject(...);
//   // t->payload is the base64url claims set: decode it (base64url.hpp) and
//   // check exp, nbf, iss, aud: none of that is done here.
//
// See examples/gateway_verify.cpp for the whole flow.
//
// ### What is refused
// - read_jws: anything but three '.'-separated parts; a header or payload
//   that is not canonical base64url; a header that is not a JSON object
//   (fully validated), repeats a member name (RFC 7515 §4), lacks a string
//   "alg", has a "kid" that is not a string (or is longer than
//   jws_token::max_kid_bytes), has "crit" (no extension is understood,
//   RFC 7515 §4.1.11), or is larger than 8 KiB: malformed_jws. An alg other
//   than RS256/384/512, PS256/384/512, ES256/384/512, ES256K, EdDSA, Ed25519
//   or Ed448 is unsupported_algorithm: "none" and HS* (the classic
//   algorithm-confusion attacks) can never verify.
// - verify_jws: a key that does not fit the alg (RSA for RS*/PS*, the alg's
//   curve for ES*, Ed25519/Ed448 for EdDSA): alg_mismatch; a signature that
//   is not canonical base64url, has the wrong length (ES*: exactly twice the
//   curve's octets, R || S as RFC 7518 §3.4 says) or does not verify:
//   bad_signature.
//
// ### Allocation and lifetime
// read_jws allocates once per thread (the JSON parser for headers is
// thread-local); verify_jws allocates inside OpenSSL. The views of a
// jws_token point into the token text, which must outlive it; kid() points
// into the jws_token itself. Both functions are thread-safe and never throw.
#pragma once

#include <openssl/evp.h>

#include <array>
#include <cstddef>
#include <string_view>

#include "jwkview/error.hpp"
#include "jwkview/export.hpp"
#include "jwkview/key.hpp"

namespace jwkview {

/// A JWS compact serialisation split and its protected header read.
struct jws_token {
  static constexpr std::size_t max_kid_bytes = 256;

  std::string_view signing_input;  ///< "HEADER.PAYLOAD": the bytes that were signed
  std::string_view payload;        ///< the base64url payload (a JWT's claims set)
  std::string_view signature;      ///< the base64url signature
  algorithm alg = algorithm::unknown;
  presence kid_state = presence::absent;  ///< the header's "kid" (null is malformed)

  /// The header's "kid", decoded; empty when absent.
  [[nodiscard]] std::string_view kid() const noexcept { return {kid_text.data(), kid_size}; }

  std::array<char, max_kid_bytes> kid_text{};  ///< storage behind kid()
  std::size_t kid_size = 0;
};

/// Splits a compact JWS and reads its header. Errors: malformed_jws,
/// unsupported_algorithm (see the top of this file).
[[nodiscard]] JWKVIEW_OPENSSL_API code_result<jws_token> read_jws(
    std::string_view compact) noexcept;

/// Verifies the token's signature with `pkey` (see openssl.hpp's
/// to_evp_pkey) under the token's alg. ok, or alg_mismatch,
/// unsupported_algorithm, bad_signature, crypto_failure.
[[nodiscard]] JWKVIEW_OPENSSL_API error_code verify_jws(const jws_token& token,
                                                        EVP_PKEY* pkey) noexcept;

}  // namespace jwkview
