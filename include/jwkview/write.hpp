// jwkview: writing keys and key sets as JSON.
//
//   char buffer[4096];
//   jwkview::code_result<std::size_t> r = jwkview::write_key(k, jwkview::write_form::jwk, buffer);
//   if (r) send(buffer, r.value);
//   else   retry with a buffer of r.value bytes (r.code is buffer_too_small)
//
// ### The contract (snprintf's)
// Every function here writes into the caller's buffer and never allocates,
// throws or reads anything but its arguments. Its result's value is the size
// the whole output needs, whether or not it fitted:
//  - r.has_value() (r.value <= out.size()): out[0, r.value) holds the output.
//  - otherwise r.code is error_code::buffer_too_small and out holds its first
//    out.size() bytes (a cut, unusable prefix); call again with at least
//    r.value bytes. An empty span asks for the size only.
// Nothing is written past out.size(), and no NUL terminator is added. The
// output is compact JSON (no whitespace), UTF-8.
//
// ### Strings
// Every string is escaped per RFC 8259 §7: `"` and `\` as \" and \\, the
// controls U+0000..U+001F as \b \f \n \r \t or \u00XX; everything else,
// non-ASCII UTF-8 included, is written as is. The views of a parsed key hold
// decoded text and are always valid UTF-8; a byte that is not (possible only
// in a key built by hand) is written as \ufffd, so the output is always JSON.
// Enum members are written with their raw text (enum_member::text), or the
// enum's own spelling (to_string) when the text is empty and the value known.
//
// ### Which members (write_form)
// Members are written only when present: absent stays absent. A member that
// was JSON null is written as null in the Okta forms, omitted in the jwk form.
// Unknown members of the input are not kept by the parser and not written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "jwkview/error.hpp"
#include "jwkview/export.hpp"
#include "jwkview/key.hpp"

namespace jwkview {

/// The document shape a key is written in.
enum class write_form : std::uint8_t {
  /// Okta's OAuth2ClientJsonSigningKeyResponse (and the encryption key
  /// response): every present member, in the schema's order
  ///   id created lastUpdated _links kid status kty alg use e n x y crv
  /// then the RFC 7517 members Okta does not model
  ///   key_ops x5u x5c x5t x5t#S256
  /// A link object is written as hints href name templated type (HrefObject's
  /// order), hints as {"allow":[...]}. Lossless: parsing the output gives an
  /// equal key (see compare.hpp).
  response,
  /// Okta's OAuth2ClientJsonSigningKeyRequest: the response form without the
  /// read-only id, created, lastUpdated and _links, as the Okta SDK's
  /// to_dict() leaves them out.
  request,
  /// A plain RFC 7517 public JWK, for publishing a JWKS: kty use key_ops alg
  /// kid x5u x5c x5t x5t#S256, then the key type's public members (RSA: n e;
  /// EC: crv x y; OKP: crv x; none for oct or an unknown kty). Okta's members
  /// (id, status, ...) are left out, and so are null members: RFC 7517 has no
  /// null values.
  jwk,
};

/// "response", "request" or "jwk".
[[nodiscard]] JWKVIEW_API std::string_view to_string(write_form form) noexcept;

/// Writes one key object in `form`.
[[nodiscard]] JWKVIEW_API code_result<std::size_t> write_key(const key& k, write_form form,
                                                             std::span<char> out) noexcept;

/// Writes a key set: for response and request a bare JSON array of key
/// objects (the shape of Okta's listJwk response schema), for jwk an RFC 7517
/// JWK Set {"keys":[...]}. No key is left out: pass only the keys to publish.
[[nodiscard]] JWKVIEW_API code_result<std::size_t> write_set(std::span<const key> keys,
                                                             write_form form,
                                                             std::span<char> out) noexcept;

/// Writes `text` as a JSON string, quotes included, escaped as above.
[[nodiscard]] JWKVIEW_API code_result<std::size_t> write_json_string(std::string_view text,
                                                                     std::span<char> out) noexcept;

}  // namespace jwkview
