// jwkview: reading a JWT (RFC 7519) and checking its claims, in libjwkview.
//
//   jwkview::jwt_reader reader;                          // one per thread, reused
//   jwkview::result<jwkview::jwt> t = reader.read(token);
//   if (!t) return reject(t.error());                     // code, path, message
//   jwkview::jwt_rules rules;
//   rules.issuer = "https://example.okta.com";
//   const std::string_view audiences[] = {"api://default"};
//   rules.audiences = audiences;
//   if (jwkview::error e = jwkview::check_claims(*t, rules, now); e) return reject(e);
//
// read() checks the form and reads the header and the claims set; it does not
// verify the signature. validate_jwt (key_set.hpp, libjwkview_openssl) does
// the whole job: read, pick the keys the policy allows, verify, check claims.
//
// ### What read() refuses
// - anything but three '.'-separated parts, a header or payload that is not
//   canonical base64url, an empty signature: malformed_jws;
// - a header or claims set that is not one strict RFC 8259 JSON object (the
//   same engine, limits and syntax codes as the key parser), that repeats a
//   member name at any depth (duplicate_member: readers disagree on which one
//   counts), nests deeper than 12, or has more than 64 names in one object
//   (too_many_members);
// - a header without a string "alg", or with "kid", "typ" or "cty" that is
//   not a string: missing_member, wrong_type;
// - an alg that is not a JWS signature algorithm jwkview verifies ("none",
//   encryption algorithms and unknown names): unsupported_algorithm. HS256/
//   384/512 are read; the key policy refuses them unless the key set holds
//   trusted secrets (key_set.hpp);
// - a header with "b64" (RFC 7797 changes what is signed) or "crit" (no
//   extension is understood, RFC 7515 §4.1.11): unsupported_header;
// - registered claims of the wrong type: iss, sub, jti not strings; aud not
//   a string or an array of at most jwt::max_audiences strings; exp, nbf,
//   iat not numbers between -2^53 and 2^53: wrong_type.
// An error's path starts with /header or /claims, and its offset counts bytes
// of that part's decoded JSON.
//
// ### Allocation and lifetime
// A jwt_reader grows its buffers to the largest token it has read and then
// reads without allocating. Not thread-safe: one per thread. The views of a
// jwt point into the token text (signing_input, signature) and into the
// reader (everything decoded); they are valid until the reader's next read()
// or its destruction. Nothing throws.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "jwkview/error.hpp"
#include "jwkview/export.hpp"
#include "jwkview/key.hpp"
#include "jwkview/parser.hpp"

namespace jwkview {

/// A NumericDate (RFC 7519 §2): seconds since the epoch. A fractional value
/// is rounded down to a whole second.
struct numeric_date {
  std::int64_t seconds = 0;
  presence state = presence::absent;

  [[nodiscard]] constexpr bool has_value() const noexcept { return state == presence::value; }
};

/// One member of a header or claims set, as read.
struct jose_member {
  std::string_view name;  ///< decoded
  std::string_view json;  ///< the value's JSON text, as it appears in the decoded part
  std::string_view text;  ///< a string value, decoded; empty for other types
  bool is_string = false;
};

/// The members of one JSON object, in order.
class JWKVIEW_API jose_members {
 public:
  jose_members() noexcept = default;
  explicit jose_members(std::span<const jose_member> members) noexcept : members_(members) {}

  /// The member named `name`; nullptr when absent.
  [[nodiscard]] const jose_member* find(std::string_view name) const noexcept;
  [[nodiscard]] std::span<const jose_member> all() const noexcept { return members_; }
  [[nodiscard]] std::size_t size() const noexcept { return members_.size(); }

 private:
  std::span<const jose_member> members_{};
};

/// The JOSE header of a JWS (RFC 7515 §4).
struct jose_header {
  algorithm alg = algorithm::unknown;
  string_member kid;  ///< decoded
  string_member typ;
  string_member cty;
  jose_members members;  ///< every member, these included
};

/// A JWT: its parts, header and claims set (RFC 7519 §4.1), read, not verified.
struct jwt {
  static constexpr std::size_t max_audiences = 16;

  std::string_view signing_input;  ///< "HEADER.PAYLOAD": the bytes that were signed
  std::string_view signature;      ///< base64url, as in the token
  jose_header header;

  string_member iss;
  string_member sub;
  string_member jti;
  /// aud as read: one string (a list of one) or an array of strings.
  presence aud_state = presence::absent;
  std::span<const std::string_view> aud{};
  numeric_date exp;
  numeric_date nbf;
  numeric_date iat;
  /// Every claim, registered ones included: other claims are read from
  /// here, as JSON text (and decoded text for strings).
  jose_members claims;

  /// Whether `audience` is one of aud's values.
  [[nodiscard]] bool has_audience(std::string_view audience) const noexcept {
    for (std::string_view a : aud) {
      if (a == audience) return true;
    }
    return false;
  }
};

/// Reads JWTs. See the top of this file for what it refuses, and lifetimes.
class JWKVIEW_API jwt_reader {
 public:
  static constexpr std::size_t max_members = 64;  ///< per header, per claims set
  static constexpr std::uint32_t max_depth = 12;

  jwt_reader() noexcept;
  ~jwt_reader();
  jwt_reader(const jwt_reader&) = delete;
  jwt_reader& operator=(const jwt_reader&) = delete;

  /// Splits the compact form, reads the header and the claims set.
  [[nodiscard]] result<jwt> read(std::string_view compact) noexcept;

 private:
  struct buffers;
  parser parser_;
  buffers* buffers_;
};

/// What check_claims (and validate_jwt) require of a token's claims.
/// Views are the caller's and must outlive the call.
struct jwt_rules {
  /// Tokens longer than this are refused before anything is decoded
  /// (token_too_large).
  std::size_t max_token_bytes = std::size_t{16} << 10;
  /// Allowed clock skew, in seconds, for exp, nbf and iat.
  std::int64_t leeway_seconds = 60;
  /// Refuse tokens without exp (missing_claim): a gateway should not accept
  /// a bearer token that never expires.
  bool require_exp = true;
  /// When not empty, iss must equal it (wrong_issuer, or missing_claim).
  std::string_view issuer{};
  /// When not empty, one of aud's values must be one of these
  /// (wrong_audience, or missing_claim).
  std::span<const std::string_view> audiences{};
  /// When not empty, the header's typ must be one of these, compared without
  /// case and with an "application/" prefix ignored (RFC 7515 §4.1.9), so
  /// "at+jwt" accepts "application/at+JWT" (RFC 9068). Absent typ is
  /// wrong_token_type then.
  std::span<const std::string_view> types{};
  /// Claims that must be present (missing_claim names the first absent).
  std::span<const std::string_view> required_claims{};
};

/// The claim checks of RFC 7519 §4.1 at time `now` (seconds since the
/// epoch), in this order: required claims, exp (refused when now >= exp +
/// leeway), nbf (now < nbf - leeway), iat (iat > now + leeway), iss, aud,
/// typ. The error is ok when every check passes; its path names the claim.
[[nodiscard]] JWKVIEW_API error check_claims(const jwt& token, const jwt_rules& rules,
                                             std::int64_t now) noexcept;

}  // namespace jwkview
