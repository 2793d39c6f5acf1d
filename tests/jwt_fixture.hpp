// Signed JWTs and the JWK Set that verifies them, made with libcrypto at run
// time, for tests/jwt_alloc_test.cpp and bench/jwt_bench.cpp. Also counts
// libcrypto's own allocations (CRYPTO_set_mem_functions), apart from the
// rest of the program's (counting_allocator.hpp).
#pragma once

#include <openssl/evp.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace jwkview_testing {

/// The four signature algorithms the JWT benchmark measures.
enum class jwt_alg : std::uint8_t { rs256, ps256, es256, eddsa };
inline constexpr std::array<jwt_alg, 4> all_jwt_algs{jwt_alg::rs256, jwt_alg::ps256, jwt_alg::es256,
                                                     jwt_alg::eddsa};

/// "RS256", "PS256", "ES256", "EdDSA".
[[nodiscard]] std::string_view alg_name(jwt_alg alg) noexcept;

struct pkey_free {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;

/// A new key pair for `alg` (EVP_PKEY_Q_keygen): RSA 2048 bits for RS256 and
/// PS256, P-256 for ES256, Ed25519 for EdDSA.
[[nodiscard]] pkey_ptr generate_key(jwt_alg alg);

/// The public JWK of `pkey` (RSA, EC P-256 or Ed25519) from its public
/// parameters: {"kty":...,"use":"sig","alg":...,"kid":...,<n e | crv x y | crv x>}.
[[nodiscard]] std::string public_jwk(EVP_PKEY* pkey, std::string_view alg, std::string_view kid);

/// Canonical unpadded base64url.
[[nodiscard]] std::string base64url(std::string_view octets);

/// The compact JWS of `claims_json` under {"alg":...,"typ":"JWT","kid":...},
/// signed with `pkey` (ES256: R || S, as RFC 7518 §3.4 says).
[[nodiscard]] std::string sign_jwt(jwt_alg alg, EVP_PKEY* pkey, std::string_view kid,
                                   std::string_view claims_json);

/// What the fixture's tokens claim, and what a gateway checks.
inline constexpr std::string_view fixture_issuer =
    "https://login.example.com/oauth2/aus1ks8z7qWd3HbGx4h8";
inline constexpr std::string_view fixture_audience = "api://orders";

/// A realistic access token's claims at time `now`: iss, sub, aud (two
/// audiences), exp (now + 1 h), nbf, iat, jti, scope and custom claims
/// (cid, auth_time, tenant, email, roles), with a "sid" of
/// `sid_chars` characters to set the token's size.
[[nodiscard]] std::string realistic_claims(std::int64_t now, std::size_t sid_chars);

/// A JWK Set of `key_count` keys of mixed types (RSA 2048, P-256, Ed25519)
/// holding one signing key per algorithm, spread through the set, and one
/// token of about `token_bytes` bytes per algorithm.
struct jwt_fixture {
  struct signer {
    jwt_alg alg{};
    std::string kid;
    EVP_PKEY* pkey = nullptr;  ///< owned by keys
    std::string token;
  };
  std::vector<pkey_ptr> keys;  ///< set order
  std::vector<std::string> kids;
  std::vector<std::string> algs;
  std::string jwks;  ///< {"keys":[...]}
  std::array<signer, 4> signers;
  std::int64_t now = 0;

  [[nodiscard]] const signer& of(jwt_alg alg) const noexcept {
    return signers[static_cast<std::size_t>(alg)];
  }
};

[[nodiscard]] jwt_fixture make_jwt_fixture(std::int64_t now, std::size_t key_count = 50,
                                           std::size_t token_bytes = 1024);

/// Allocations libcrypto made through CRYPTO_malloc/CRYPTO_realloc (zalloc
/// included) while counting_allocator.hpp's g_counting was set. Those
/// allocations go straight to glibc and are not in g_allocations.
extern std::atomic<std::size_t> g_crypto_allocations;

/// Routes libcrypto's heap through the counter above. Must run before
/// libcrypto allocates anything (first thing in main, or a static
/// initialiser); false when it was too late.
bool count_crypto_allocations() noexcept;

}  // namespace jwkview_testing
