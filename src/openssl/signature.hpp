// The signature check alone, for verify_jws (after its policy check) and
// validate_jwt (whose key_set ran the key's own rules once, at build time).
#pragma once

#include <openssl/evp.h>

#include <array>
#include <atomic>

#include "jwkview/error.hpp"
#include "jwkview/jwt.hpp"

namespace jwkview::detail {

/// One key's verification contexts, set up once per alg and copied for each
/// token. EVP_DigestVerifyInit_ex looks the signature scheme and the digest
/// up by name in OpenSSL's method store (under its lock) and sets up the
/// provider's context on every call; a copy of a ready context skips all of
/// that (27,000 of 348,000 instructions per RS256 token, 27,000 of 885,000
/// per ES256). Only the algs that hash first (RS*, PS*, ES*) have one:
/// EdDSA's context holds no digest to copy, and HMAC signs.
///
/// A context is made on the key's first token of its alg and published with
/// a compare-exchange, so the threads that share a key_set need no lock. The
/// published context is only read after that: EVP_MD_CTX_copy_ex takes it
/// const, duplicates the provider's context and takes references.
class verify_contexts {
 public:
  verify_contexts() noexcept = default;
  verify_contexts(const verify_contexts&) = delete;
  verify_contexts& operator=(const verify_contexts&) = delete;
  ~verify_contexts();

  /// The slot of `alg`'s context; nullptr for an alg verified without one.
  std::atomic<EVP_MD_CTX*>* slot(algorithm alg) noexcept {
    const auto i = static_cast<std::size_t>(alg) - static_cast<std::size_t>(algorithm::rs256);
    return i < ready_.size() ? &ready_[i] : nullptr;
  }

 private:
  static constexpr std::size_t count =
      static_cast<std::size_t>(algorithm::es256k) - static_cast<std::size_t>(algorithm::rs256) + 1;
  std::array<std::atomic<EVP_MD_CTX*>, count> ready_{};
};

/// Verifies `token`'s signature with `pkey` under the token's alg.
/// `check_fit`: first make sure pkey fits the alg (alg_mismatch); a key_set's
/// pkeys were built from JWKs the policy matched to the alg already.
/// `contexts`: the key's contexts to copy from, or nullptr to set one up.
error_code verify_signature(const jwt& token, EVP_PKEY* pkey, bool check_fit,
                            verify_contexts* contexts = nullptr) noexcept;

}  // namespace jwkview::detail
