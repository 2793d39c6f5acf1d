// jwkview: which keys a token verifier may trust.
//
//   jwkview::key_policy policy;                     // safe defaults
//   jwkview::policy_rule r = jwkview::check_key_for(k, token_alg, policy);
//   if (r != jwkview::policy_rule::none) refuse(jwkview::name_of(r));
//
// A parsed key is well-formed; whether it may verify a token is a separate
// question, answered here. Every refusal names the rule that refused, so a
// gateway's log says why, not only that a token failed.
//
// The defaults refuse: RSA moduli under 2048 bits, moduli with the ROCA
// fingerprint (CVE-2017-15361), RSA exponents that are 1 or even, keys whose
// "use" is not "sig", keys whose "key_ops" lacks "verify", Okta keys whose
// "status" is not ACTIVE, secret (oct) keys, and for a token: an algorithm
// outside the allow-list, or other than the key's own "alg" when it has one,
// or one the key's type and curve do not fit.
//
// Every function is noexcept, allocation-free and reads only the key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "jwkview/export.hpp"
#include "jwkview/key.hpp"

namespace jwkview {

/// Why a key may not be used; none when it may.
enum class policy_rule : std::uint8_t {
  none,
  algorithm_not_allowed,  ///< the token's alg is not in key_policy::algorithms
  alg_differs,            ///< the key has an alg, and the token's is another
  alg_does_not_fit,       ///< the token's alg does not fit the key's kty and crv
  wrong_use,              ///< "use" is present and not "sig"
  no_verify_op,           ///< "key_ops" is present without "verify"
  inactive,               ///< an Okta key whose "status" is not ACTIVE
  secret_key,             ///< an oct key, and key_policy::allow_secret_keys is false
  rsa_too_small,          ///< an RSA modulus under key_policy::min_rsa_bits
  rsa_weak_exponent,      ///< an RSA exponent of 1, an even one, or one that does not decode
  rsa_roca,               ///< a modulus with the ROCA fingerprint (CVE-2017-15361)
  unusable_material,      ///< n, e, x, y or k does not decode (a parse with key_checks off)
  secret_too_short,       ///< an HMAC secret shorter than the alg's hash (RFC 7518 §3.2)
};

/// The stable snake_case name of a rule, e.g. "rsa_too_small".
[[nodiscard]] JWKVIEW_API std::string_view name_of(policy_rule rule) noexcept;
/// One sentence saying what the rule refuses.
[[nodiscard]] JWKVIEW_API std::string_view message_of(policy_rule rule) noexcept;

/// The JWS algorithms a verifier accepts by default: RS256/384/512,
/// PS256/384/512, ES256/384/512 and EdDSA/Ed25519/Ed448. Never none; HS*
/// are allowed besides these exactly when allow_secret_keys is set (a
/// gateway's own trusted key file).
[[nodiscard]] JWKVIEW_API enum_set<algorithm> default_algorithms() noexcept;

struct key_policy {
  /// Smallest RSA modulus, in bits (NIST SP 800-131A: 2048).
  std::size_t min_rsa_bits = 2048;
  /// Token algorithms accepted.
  enum_set<algorithm> algorithms = default_algorithms();
  /// Refuse moduli with the ROCA fingerprint.
  bool refuse_roca = true;
  /// Accept oct keys (HS256/384/512). Only for a key set built from the
  /// gateway's own trusted file, never from a published JWKS.
  bool allow_secret_keys = false;
};

/// The rules that judge a key on its own: use, key_ops, status, secret keys,
/// RSA size, exponent and ROCA. The first that refuses, or none.
[[nodiscard]] JWKVIEW_API policy_rule check_key(const key& k, const key_policy& policy) noexcept;

/// The rules for verifying a token signed with `alg`: the allow-list, the
/// key's own alg, the fit of alg to kty and crv, and an HMAC secret's
/// length. The first that refuses, or none. For a key check_key already
/// accepted (key_set does once per set), this is all a token needs.
[[nodiscard]] JWKVIEW_API policy_rule check_algorithm(const key& k, algorithm alg,
                                                      const key_policy& policy) noexcept;

/// check_algorithm, then check_key.
[[nodiscard]] JWKVIEW_API policy_rule check_key_for(const key& k, algorithm alg,
                                                    const key_policy& policy) noexcept;

/// Whether a big-endian RSA modulus carries the fingerprint of the moduli
/// Infineon's RSALib generated (ROCA, CVE-2017-15361; Nemec et al., CCS
/// 2017): for each small prime p of the published test, n mod p lies in the
/// subgroup that 65537 generates modulo p.
[[nodiscard]] JWKVIEW_API bool has_roca_fingerprint(std::span<const std::uint8_t> modulus) noexcept;

}  // namespace jwkview
