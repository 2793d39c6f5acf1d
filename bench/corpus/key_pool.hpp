// Real public keys for the corpora, made with OpenSSL's big-number and curve
// arithmetic from a seeded PRNG: the same keys on every run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace jwkview_bench {

enum class key_kind : std::uint8_t { rsa2048, rsa3072, rsa4096, p256, p384, p521 };

[[nodiscard]] bool is_rsa(key_kind kind) noexcept;

/// One public key, its members already base64url (RFC 7518 §6).
struct public_key {
  key_kind kind = key_kind::rsa2048;
  std::string n, e;  ///< RSA
  std::string x, y;  ///< EC, fixed length for the curve
};

/// A fixed set of distinct keys of every kind; records reuse them.
class key_pool {
 public:
  /// Makes every key (a few seconds: the RSA primes).
  explicit key_pool(std::uint64_t seed);

  /// Key number `which` (modulo the pool's size) of that kind.
  [[nodiscard]] const public_key& get(key_kind kind, std::uint64_t which) const;

 private:
  std::vector<public_key> keys_[6];
};

}  // namespace jwkview_bench
