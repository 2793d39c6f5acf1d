// jwkview: verifying a JWS signature with one key, under a key policy, in
// libjwkview_openssl.
//
//   jwkview::result<jwkview::jwt> t = reader.read(token);          // jwt.hpp
//   jwkview::code_result<jwkview::policy_rule> v = jwkview::verify_jws(*t, k, pkey, policy);
//   if (!v) log(jwkview::name_of(v.code), jwkview::name_of(v.value));
//
// Most callers want validate_jwt (key_set.hpp), which picks the keys, calls
// this and checks the claims. verify_jws is the step for one key: the key
// policy first (key_policy.hpp: the token's alg against the allow-list and
// the key's own alg, use, key_ops, status, size, exponent, ROCA), then the
// signature.
//
// ### What is refused
// - a key the policy refuses: key_refused, with the rule in `value`;
// - a pkey that is null or does not fit the alg (RSA for RS*/PS*, the alg's
//   curve for ES*, Ed25519/Ed448 for EdDSA): alg_mismatch;
// - a signature that is not canonical base64url, has the wrong length (ES*:
//   exactly twice the curve's octets, R || S as RFC 7518 §3.4 says), or
//   does not verify: bad_signature;
// - HS256/384/512 verify only with an oct key that the policy allows
//   (key_policy::allow_secret_keys; see key_set_options::trusted_secrets),
//   the MAC compared in constant time.
//
// ### Allocation
// OpenSSL allocates inside EVP_DigestVerify; jwkview does not. Thread-safe
// (an EVP_PKEY may verify in many threads at once); never throws.
#pragma once

#include <openssl/evp.h>

#include "jwkview/error.hpp"
#include "jwkview/export.hpp"
#include "jwkview/jwt.hpp"
#include "jwkview/key.hpp"
#include "jwkview/key_policy.hpp"

namespace jwkview {

/// Verifies `token`'s signature with key `k`, whose OpenSSL form is `pkey`
/// (openssl.hpp's to_evp_pkey), after `policy` has accepted `k` for the token's alg.
/// The code is ok or says why not; with key_refused, `value` is the policy
/// rule that refused the key (policy_rule::none otherwise).
[[nodiscard]] JWKVIEW_OPENSSL_API code_result<policy_rule> verify_jws(
    const jwt& token, const key& k, EVP_PKEY* pkey, const key_policy& policy = {}) noexcept;

}  // namespace jwkview
