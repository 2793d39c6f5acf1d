// The signature check alone, for verify_jws (after its policy check) and
// validate_jwt (whose key_set ran the key's own rules once, at build time).
#pragma once

#include <openssl/evp.h>

#include "jwkview/error.hpp"
#include "jwkview/jwt.hpp"

namespace jwkview::detail {

/// Verifies `token`'s signature with `pkey` under the token's alg.
/// `check_fit`: first make sure pkey fits the alg (alg_mismatch); a key_set's
/// pkeys were built from JWKs the policy matched to the alg already.
error_code verify_signature(const jwt& token, EVP_PKEY* pkey, bool check_fit) noexcept;

}  // namespace jwkview::detail
