// jwkview: parser options and limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "jwkview/export.hpp"

namespace jwkview {

/// Which schema the keys are checked against.
enum class profile : std::uint8_t {
  /// The default ("auto"): each key is checked against the okta schema when
  /// it carries a member only Okta's management API has (id, created,
  /// lastUpdated, _links, status), and as an RFC 7517 JWK otherwise.
  /// key::schema says which; it is never automatic.
  automatic,
  /// Okta's OAuth 2.0 client JWK responses: `id` and `kty` are required,
  /// kty is RSA or EC, status ACTIVE|INACTIVE, use sig|enc (enc only for
  /// RSA), crv P-256|P-384|P-521, hints.allow Okta's HttpMethod enum.
  okta,
  /// Generic RFC 7517 JWK Sets (RFC 7518, 8037, 8812): only `kty` is
  /// required; oct and OKP keys are allowed; unrecognised enum values are
  /// delivered with their text.
  rfc7517,
};

/// "auto", "okta" or "rfc7517".
[[nodiscard]] JWKVIEW_API std::string_view to_string(profile p) noexcept;
/// The profile named by `text` as to_string writes it; false when none is.
[[nodiscard]] JWKVIEW_API bool parse_profile(std::string_view text, profile& out) noexcept;

/// How key material (n, e, x, y) must be encoded.
enum class base64_mode : std::uint8_t {
  /// Canonical unpadded base64url only (RFC 7515 §2): anything else is
  /// error_code::invalid_base64url.
  strict,
  /// Also padded and standard-alphabet base64 when the decoding is
  /// unambiguous (one alphabet, padding only at the end and complete, no
  /// stray bits): the key is delivered with its canonical base64url text
  /// (in the parser's scratch space) and a noncanonical_base64url warning.
  tolerant,
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
  jwkview::profile profile = profile::automatic;
  /// Checks of key material: canonical base64url of n, e, x, y (and of x5t,
  /// x5t#S256, standard base64 of x5c), curve coordinate lengths, digest
  /// lengths, and alg/crv agreement with kty. Private members are always refused.
  bool key_checks = true;
  /// Encoding of n, e, x and y (see base64_mode).
  base64_mode base64 = base64_mode::strict;
  /// Reports every warning as an error of its code's class, which drops the
  /// key (the command's --strict).
  bool warnings_as_errors = false;
  /// RFC 8259 §8.1 allows ignoring a UTF-8 byte order mark; by default it is a
  /// syntax error (error_code::byte_order_mark), because networked JSON must not
  /// carry one and a gateway should notice a misconfigured server.
  bool accept_bom = false;
  /// Reads "k", the secret of an oct key (kty "oct"), into key::k, for a
  /// file of the gateway's own HMAC keys. Never set it for a JWKS fetched
  /// from elsewhere: a published set must not hold secrets, and by default
  /// "k" is a private_member error like d, p or q. "k" on a key of another
  /// type stays private_member.
  bool accept_secret_keys = false;
  jwkview::limits limits{};
  /// Errors kept in a parse_report, and warnings; later ones are counted,
  /// not stored.
  std::uint32_t max_reported_errors = 256;
};

}  // namespace jwkview
