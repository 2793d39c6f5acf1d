// Every JWA algorithm (RFC 7518 §3.1 and §4.1, RFC 8037, RFC 8812, and the
// fully-specified Ed25519 and Ed448), one row each: its name, the family that says how it uses a
// key, the curve it needs, and the size of its SHA-2 hash. The names (key_names.cpp), the keys an
// alg fits (material.cpp), which algs sign (jwt_reader.cpp), HMAC key sizes (key_policy.cpp) and
// how OpenSSL verifies (openssl/jws.cpp) all read this table.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "jwkview/key.hpp"

namespace jwkview::detail {

enum class alg_family : std::uint8_t {
  none,            ///< algorithm::unknown
  rsa_pkcs1,       ///< RS*: RSASSA-PKCS1-v1_5
  rsa_pss,         ///< PS*: RSASSA-PSS
  ecdsa,           ///< ES*
  eddsa,           ///< EdDSA, Ed25519, Ed448
  hmac,            ///< HS*
  rsa_encryption,  ///< RSA1_5, RSA-OAEP*
  ecdh,            ///< ECDH-ES*
  symmetric,       ///< AES key wrap, dir, PBES2: an oct key
};

struct algorithm_row {
  std::string_view name;
  alg_family family = alg_family::none;
  /// The one curve the alg takes (ES*, Ed25519, Ed448); unknown for any.
  curve crv = curve::unknown;
  /// Bits of the SHA-2 hash it signs or MACs with; 0 when none.
  std::uint16_t digest_bits = 0;
};

// Index i is algorithm value i.
inline constexpr std::array<algorithm_row, 36> algorithm_rows{{
    {""},
    {"RS256", alg_family::rsa_pkcs1, curve::unknown, 256},
    {"RS384", alg_family::rsa_pkcs1, curve::unknown, 384},
    {"RS512", alg_family::rsa_pkcs1, curve::unknown, 512},
    {"PS256", alg_family::rsa_pss, curve::unknown, 256},
    {"PS384", alg_family::rsa_pss, curve::unknown, 384},
    {"PS512", alg_family::rsa_pss, curve::unknown, 512},
    {"ES256", alg_family::ecdsa, curve::p256, 256},
    {"ES384", alg_family::ecdsa, curve::p384, 384},
    {"ES512", alg_family::ecdsa, curve::p521, 512},
    {"ES256K", alg_family::ecdsa, curve::secp256k1, 256},
    {"EdDSA", alg_family::eddsa},
    {"Ed25519", alg_family::eddsa, curve::ed25519},
    {"Ed448", alg_family::eddsa, curve::ed448},
    {"HS256", alg_family::hmac, curve::unknown, 256},
    {"HS384", alg_family::hmac, curve::unknown, 384},
    {"HS512", alg_family::hmac, curve::unknown, 512},
    {"RSA1_5", alg_family::rsa_encryption},
    {"RSA-OAEP", alg_family::rsa_encryption},
    {"RSA-OAEP-256", alg_family::rsa_encryption},
    {"RSA-OAEP-384", alg_family::rsa_encryption},
    {"RSA-OAEP-512", alg_family::rsa_encryption},
    {"ECDH-ES", alg_family::ecdh},
    {"ECDH-ES+A128KW", alg_family::ecdh},
    {"ECDH-ES+A192KW", alg_family::ecdh},
    {"ECDH-ES+A256KW", alg_family::ecdh},
    {"A128KW", alg_family::symmetric},
    {"A192KW", alg_family::symmetric},
    {"A256KW", alg_family::symmetric},
    {"A128GCMKW", alg_family::symmetric},
    {"A192GCMKW", alg_family::symmetric},
    {"A256GCMKW", alg_family::symmetric},
    {"dir", alg_family::symmetric},
    {"PBES2-HS256+A128KW", alg_family::symmetric},
    {"PBES2-HS384+A192KW", alg_family::symmetric},
    {"PBES2-HS512+A256KW", alg_family::symmetric},
}};
static_assert(static_cast<std::size_t>(algorithm::pbes2_hs512_a256kw) + 1 == algorithm_rows.size());

/// The names alone, for the name lookups (name_lookup.hpp).
inline constexpr std::array<std::string_view, algorithm_rows.size()> algorithm_names = [] {
  std::array<std::string_view, algorithm_rows.size()> names{};
  for (std::size_t i = 0; i < names.size(); ++i) names[i] = algorithm_rows[i].name;
  return names;
}();

/// The row of `alg`; the unknown row for a value beyond the table.
[[nodiscard]] constexpr const algorithm_row& row_of(algorithm alg) noexcept {
  const auto i = static_cast<std::size_t>(alg);
  return algorithm_rows[i < algorithm_rows.size() ? i : 0];
}

/// Whether `alg` signs or MACs (a JWS alg), rather than encrypts.
[[nodiscard]] constexpr bool signs(algorithm alg) noexcept {
  switch (row_of(alg).family) {
    case alg_family::rsa_pkcs1:
    case alg_family::rsa_pss:
    case alg_family::ecdsa:
    case alg_family::eddsa:
    case alg_family::hmac:
      return true;
    default:
      return false;
  }
}

}  // namespace jwkview::detail
