// jwkview: parser options and limits.
#pragma once

#include <cstddef>
#include <cstdint>

namespace jwkview {

/// Which schema the keys are checked against.
enum class profile : std::uint8_t {
  /// Okta's OAuth 2.0 client JWK responses: `id` and `kty` are required,
  /// kty is RSA or EC, status ACTIVE|INACTIVE, use sig|enc (enc only for
  /// RSA), crv P-256|P-384|P-521, hints.allow Okta's HttpMethod enum.
  okta,
  /// Generic RFC 7517 JWK Sets (RFC 7518, 8037, 8812): only `kty` is
  /// required; oct and OKP keys are allowed; unrecognised enum values are
  /// delivered with their text.
  rfc7517,
};

/// Resource limits. Exceeding one is a `limit` error for the whole document,
/// never a crash. Defaults suit JWKS documents with room to spare.
struct limits {
  std::size_t max_document_bytes = std::size_t{16} << 20;  ///< 16 MiB
  std::size_t max_keys = 10000;                            ///< keys per set
  std::uint32_t max_depth = 64;  ///< nesting of arrays and objects (cap 1024)
  std::size_t max_string_bytes = std::size_t{64}
                                 << 10;    ///< raw bytes of one string, quotes excluded
  std::uint32_t max_unknown_members = 64;  ///< unrecognised names in one interpreted object
};

struct options {
  jwkview::profile profile = profile::okta;
  /// Checks of key material: canonical base64url of n, e, x, y (and of x5t,
  /// x5t#S256, standard base64 of x5c), curve coordinate lengths, digest
  /// lengths, and alg/crv agreement with kty. Private members are always refused.
  bool key_checks = true;
  /// RFC 8259 §8.1 allows ignoring a UTF-8 byte order mark; by default it is a
  /// syntax error (error_code::byte_order_mark), because networked JSON must not
  /// carry one and a gateway should notice a misconfigured server.
  bool accept_bom = false;
  jwkview::limits limits{};
  /// Errors kept in a parse_report; later errors are counted, not stored.
  std::uint32_t max_reported_errors = 256;
};

}  // namespace jwkview
