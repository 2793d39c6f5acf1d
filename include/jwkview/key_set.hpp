// jwkview: a verified key set and JWT validation, in libjwkview_openssl.
//
//   // Once per JWKS fetch (allocates):
//   jwkview::result<std::shared_ptr<const jwkview::key_set>> set =
//   jwkview::key_set::build(jwks_bytes); if (!set) log(set.error());                 // the
//   document was refused whole store.publish(*set);                        // key_store.hpp
//
//   // On every request, in any thread (allocation-free once warm):
//   jwkview::jwt_rules rules;                   // jwt.hpp: iss, aud, leeway, typ...
//   rules.issuer = "https://issuer.example";
//   auto v = jwkview::validate_jwt(token, *store.snapshot(), rules, now);
//   if (!v) return reject(v.error());           // code, path, message (the policy rule, if any)
//   v->token.sub.value;                         // verified claims
//
// ### What build() keeps
// A key_set owns a copy of every key the parser delivered (owned_key.hpp),
// their index by kid, and, for each key the policy accepts on its own
// (check_key: size, exponent, ROCA, use, key_ops, status), one ready
// EVP_PKEY. The first token of each alg a key verifies also leaves a ready
// verification context with the key, which later tokens copy instead of
// setting one up (about 8% of an RS256 verification). Keys the parser
// dropped (RFC 7517 §5), the policy refused or OpenSSL could not load are
// listed in refused(), each with its reason; they never verify anything. A
// document refused as a whole (not JSON, a limit, a second "keys") is
// build()'s error: keep the previous snapshot then.
//
// ### How validate_jwt picks keys
// Kids may repeat (a rotation publishes the new key beside the old, or one
// kid names keys for two algs). The token is checked against every key with
// its kid that the policy accepts for its alg, in set order, at most
// key_set_options::max_candidates of them. A token without a kid is checked
// against every key that fits its alg only with allow_tokens_without_kid.
// The outcome, in order of precedence:
//  - token_too_large, then every error of jwt_reader::read (jwt.hpp);
//  - unknown_key: no key has the token's kid (or it has none, not allowed);
//  - key_refused: every key with the kid was refused; the message names the
//    first key's rule (e.g. "rsa_too_small");
//  - bad_signature: no candidate's signature verifies;
//  - then check_claims (jwt.hpp): token_expired, wrong_audience, ...
//
// ### Lifetime and threads
// A key_set is immutable but for those contexts, which are published
// lock-free: any number of threads may validate against it at once.
// validated_jwt::signer points into the key_set, and the claims' views into
// the jwt_reader (or the thread's own, for the overload without one) until
// its next read: keep the shared_ptr while using them. Nothing throws;
// build() ends the program with std::terminate() if an allocation fails, as
// owned_key does.
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "jwkview/error.hpp"
#include "jwkview/export.hpp"
#include "jwkview/jwt.hpp"
#include "jwkview/key.hpp"
#include "jwkview/key_index.hpp"
#include "jwkview/key_policy.hpp"
#include "jwkview/openssl.hpp"
#include "jwkview/options.hpp"
#include "jwkview/owned_key.hpp"
#include "jwkview/parser.hpp"

namespace jwkview {

namespace detail {
class verify_contexts;
struct key_set_access;
}  // namespace detail

struct key_set_options {
  /// How the JWKS is parsed (default: profile automatic, strict base64url).
  options parse{};
  /// Which keys may verify which tokens.
  key_policy policy{};
  /// Most keys one token is checked against.
  std::size_t max_candidates = 4;
  /// Check tokens without a kid against every key that fits their alg.
  bool allow_tokens_without_kid = false;
  /// The set is the gateway's own trusted file of HMAC keys: oct keys keep
  /// their secret k (options::accept_secret_keys) and verify HS256/384/512
  /// (key_policy::allow_secret_keys), with secrets at least as long as the
  /// hash. Never set it for a JWKS fetched from a provider: a published set
  /// must never yield a secret, and without this option "k" is refused.
  bool trusted_secrets = false;
};

/// A key that will never verify a token, and why.
struct refused_key {
  std::size_t index = 0;  ///< position in the document's set
  /// The parser's error when it dropped the key, or key_refused (with
  /// `rule`) or a to_evp_pkey code.
  error problem{};
  policy_rule rule = policy_rule::none;
};

class JWKVIEW_OPENSSL_API key_set {
 public:
  /// Parses `jwks` (any set shape) and builds the snapshot. The error is the
  /// document's when it is refused whole.
  [[nodiscard]] static result<std::shared_ptr<const key_set>> build(
      std::string_view jwks, const key_set_options& options = {}) noexcept;

  /// Every key the parser delivered, in set order (usable or not).
  [[nodiscard]] std::span<const key> keys() const noexcept { return views_; }
  /// Keys that will never verify, in set order.
  [[nodiscard]] std::span<const refused_key> refused() const noexcept { return refused_; }
  /// Keys that may verify tokens.
  [[nodiscard]] std::size_t usable() const noexcept { return views_.size() - refused_by_policy_; }
  [[nodiscard]] const key_set_options& options() const noexcept { return options_; }
  /// The shape the document was read in (for the keys' JSON Pointers).
  [[nodiscard]] set_shape shape() const noexcept { return shape_; }
  [[nodiscard]] const key_index& index() const noexcept { return index_; }
  /// The OpenSSL key of keys()[i]; nullptr for a refused key.
  [[nodiscard]] EVP_PKEY* pkey(std::size_t i) const noexcept { return pkeys_[i].get(); }
  /// The rule that refused keys()[i] on its own; none for a usable key.
  [[nodiscard]] policy_rule rule(std::size_t i) const noexcept { return rules_[i]; }

  key_set(const key_set&) = delete;
  key_set& operator=(const key_set&) = delete;
  ~key_set();

 private:
  friend struct detail::key_set_access;
  key_set() noexcept;
  std::vector<owned_key> owned_;
  std::vector<key> views_;
  std::vector<key_index::slot> slots_;
  key_index index_;
  std::vector<evp_pkey_ptr> pkeys_;
  std::vector<policy_rule> rules_;
  /// Per key, the verification contexts its tokens copy (made on first use).
  std::unique_ptr<detail::verify_contexts[]> contexts_;
  std::vector<refused_key> refused_;
  std::size_t refused_by_policy_ = 0;
  set_shape shape_ = set_shape::none;
  key_set_options options_;
};

/// A token that passed: its claims and the key that signed it.
struct validated_jwt {
  jwt token;
  const key* signer = nullptr;
};

/// Reads `token`, checks its signature with the keys the policy allows and
/// its claims against `rules` at time `now` (seconds since the epoch). See
/// the top of this file for the order of errors. Uses `reader`'s buffers.
/// With key_refused, *refused_by (when given) is the rule that refused the
/// first key with the token's kid, as the message names it; none otherwise.
[[nodiscard]] JWKVIEW_OPENSSL_API result<validated_jwt> validate_jwt(
    std::string_view token, const key_set& keys, const jwt_rules& rules, std::int64_t now,
    jwt_reader& reader, policy_rule* refused_by = nullptr) noexcept;

/// The same with the calling thread's own jwt_reader (made on the thread's
/// first call): the claims' views last until the thread's next call.
[[nodiscard]] JWKVIEW_OPENSSL_API result<validated_jwt> validate_jwt(std::string_view token,
                                                                     const key_set& keys,
                                                                     const jwt_rules& rules,
                                                                     std::int64_t now) noexcept;

}  // namespace jwkview
