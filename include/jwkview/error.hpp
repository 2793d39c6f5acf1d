// jwkview: error codes, positioned errors and result<T>.
//
// No function in jwkview throws. Every failure is an `error`: a code with one
// meaning, its class, the byte offset in the input, a JSON Pointer (RFC 6901)
// to the member or element at fault, and a message that names what was found
// and what was expected. Errors are plain values with inline storage, so
// producing one never allocates.
//
// A warning is the same record with is_warning() set: a finding in an
// optional hint (x5t, x5t#S256, x5c) or a tolerated encoding, reported next
// to a key that is still delivered. options::warnings_as_errors turns every
// warning into an error of the code's own class.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "jwkview/export.hpp"

namespace jwkview {

namespace detail {
struct error_access;
}

/// The kind of problem, for callers that only triage.
enum class error_class : std::uint8_t {
  none,     ///< not an error
  syntax,   ///< the bytes are not RFC 8259 JSON; the whole document is refused
  schema,   ///< valid JSON that does not match the key schema
  key,      ///< key material or algorithm parameters are wrong
  limit,    ///< a configured limit refused the document
  crypto,   ///< a signature or token was refused, or the cryptography library failed
  warning,  ///< a finding that does not drop the key (see error::is_warning)
};

/// One code per meaning. Names are stable: the command prints them.
enum class error_code : std::uint8_t {
  ok = 0,
  // syntax: the document is refused and no key is delivered from it
  empty_document,        ///< nothing but whitespace
  byte_order_mark,       ///< a UTF-8 BOM precedes the document (see options::accept_bom)
  invalid_utf8,          ///< a byte sequence that is not UTF-8
  control_character,     ///< an unescaped U+0000..U+001F inside a string
  unclosed_string,       ///< the input ends inside a string
  invalid_escape,        ///< a backslash sequence RFC 8259 does not define
  lone_surrogate,        ///< a \uD800-\uDFFF escape without its pair
  invalid_literal,       ///< a misspelt true, false or null
  invalid_number,        ///< a number outside RFC 8259's grammar
  unexpected_character,  ///< a byte that cannot start or continue the construct here
  truncated,             ///< the input ends inside an array or object
  trailing_content,      ///< something other than whitespace follows the document
  // schema
  unexpected_root,   ///< the document is not an object or an array
  wrong_type,        ///< a member or element has the wrong JSON type
  duplicate_member,  ///< a member name appears twice in one object (compared decoded)
  missing_member,    ///< a required member is absent (or null where a value is needed)
  null_not_allowed,  ///< null for a member the schema marks non-nullable
  unknown_value,     ///< an enum member holds a value the profile does not allow
  duplicate_value,   ///< a list that must hold distinct values repeats one
  ambiguous_shape,   ///< the root object has both "keys" and "jwks"
  enc_requires_rsa,  ///< an encryption key that is not RSA (okta profile)
  // key
  private_member,           ///< d, p, q, dp, dq, qi, oth or k in a public key listing
  invalid_base64url,        ///< not canonical unpadded base64url
  invalid_base64,           ///< an x5c entry that is not canonical padded base64
  empty_key_material,       ///< n, e, x, y, x5t or x5t#S256 is the empty string
  wrong_coordinate_length,  ///< x or y does not have the curve's octet length
  wrong_digest_length,      ///< x5t is not 20 octets, or x5t#S256 not 32
  alg_mismatch,             ///< alg does not fit kty or crv
  curve_mismatch,           ///< crv does not fit kty
  // limit
  document_too_large,  ///< more bytes than limits::max_document_bytes
  too_deep,            ///< nesting beyond limits::max_depth
  string_too_long,     ///< a string longer than limits::max_string_bytes
  too_many_keys,       ///< more keys than limits::max_keys
  storage_full,        ///< more keys than the caller's storage holds
  too_many_members,    ///< more than limits::max_unknown_members unknown names in one object
                       ///< (or unregistered values in one key_ops list)
  out_of_memory,       ///< the parser could not grow its buffers
  // Codes of the key material functions, the thumbprints and the OpenSSL
  // bridge (appended so the numbers above stay stable).
  buffer_too_small,       ///< limit: the caller's output buffer is too small
  unsupported_key,        ///< key: kty or crv that this function does not handle
  invalid_modulus,        ///< key: RSA n is zero or even
  invalid_exponent,       ///< key: RSA e is 0, 1, even, or longer than 64 bits
  point_not_on_curve,     ///< key: EC (x, y) is not a point of the curve
  malformed_jws,          ///< crypto: not a JWS compact serialisation with a valid header
  unsupported_algorithm,  ///< crypto: a JWS alg the verifier does not accept (none, HS*, ...)
  bad_signature,          ///< crypto: the signature does not verify
  crypto_failure,         ///< crypto: the cryptography library failed (out of memory, no provider)
  hex_thumbprint,  ///< key: x5t or x5t#S256 encodes the hex text of the digest (Auth0's form)
  noncanonical_base64url,  ///< key: padded or standard-alphabet base64, read by options::base64
                           ///< tolerant
  // Codes of token validation (jwt.hpp, key_set.hpp).
  token_too_large,      ///< limit: a token longer than jwt_rules::max_token_bytes
  unsupported_header,   ///< crypto: a JOSE header member that changes the signature's meaning
                        ///< (b64, crit)
  unknown_key,          ///< crypto: no key of the set has the token's kid (or it has none)
  key_refused,          ///< crypto: keys with the kid exist, and the key policy refuses each
  token_expired,        ///< crypto: now is at or past exp + leeway
  token_not_yet_valid,  ///< crypto: now is before nbf - leeway
  issued_in_future,     ///< crypto: iat is after now + leeway
  wrong_issuer,         ///< crypto: iss is not the expected issuer
  wrong_audience,       ///< crypto: no aud value is an expected audience
  wrong_token_type,     ///< crypto: the header's typ is not an accepted one
  missing_claim,        ///< crypto: a required claim is absent
};

/// The class of a code; error_class::none for error_code::ok.
[[nodiscard]] JWKVIEW_API error_class class_of(error_code code) noexcept;
/// The stable snake_case name of a code, e.g. "duplicate_member".
[[nodiscard]] JWKVIEW_API std::string_view name_of(error_code code) noexcept;
/// The stable name of a class, e.g. "schema".
[[nodiscard]] JWKVIEW_API std::string_view name_of(error_class cls) noexcept;
/// One sentence describing the code, e.g. "member name appears twice in one object".
[[nodiscard]] JWKVIEW_API std::string_view message_of(error_code code) noexcept;

/// A positioned error or warning. Copyable, self-contained (no views into
/// the input).
struct error {
  /// Capacity of the inline path. Longer pointers are cut at a step
  /// boundary and path_truncated() is true.
  static constexpr std::size_t path_capacity = 192;
  /// Capacity of the inline message; values quoted in it are shortened.
  static constexpr std::size_t message_capacity = 200;

  error_code code = error_code::ok;
  /// Byte offset of the offending token (or of the key object for a missing
  /// member), counted from the first byte the caller passed in.
  std::size_t offset = 0;

  /// The code's class, or error_class::warning for a warning.
  [[nodiscard]] error_class cls() const noexcept {
    return warning_ ? error_class::warning : class_of(code);
  }
  /// True for a finding reported next to a key that is still delivered.
  [[nodiscard]] bool is_warning() const noexcept { return warning_; }
  /// What was found and what was expected, e.g. `x5t decodes to 40 octets;
  /// a SHA-1 thumbprint has 20`; message_of(code) when nothing more is known.
  [[nodiscard]] std::string_view message() const noexcept {
    return message_length_ != 0 ? std::string_view{message_, message_length_} : message_of(code);
  }
  /// JSON Pointer of the member or element at fault: "" is the root,
  /// "/jwks/keys/3/crv" a member. "~" and "/" in names appear as "~0" and "~1".
  [[nodiscard]] std::string_view path() const noexcept { return {path_, path_length_}; }
  [[nodiscard]] bool path_truncated() const noexcept { return path_truncated_; }
  explicit operator bool() const noexcept { return code != error_code::ok; }

 private:
  // Only the library builds errors (src/error_access.hpp); callers read them.
  friend struct detail::error_access;

  /// Appends to the path. Returns false (and marks the path truncated) when
  /// the text does not fit.
  bool append_path(std::string_view text) noexcept;
  void mark_path_truncated() noexcept { path_truncated_ = true; }
  /// Sets the message, cut to message_capacity.
  void set_message(std::string_view text) noexcept {
    message_length_ =
        static_cast<std::uint8_t>(text.size() < message_capacity ? text.size() : message_capacity);
    for (std::size_t i = 0; i < message_length_; ++i) message_[i] = text[i];
  }
  void set_warning(bool warning) noexcept { warning_ = warning; }

  char path_[path_capacity] = {};
  char message_[message_capacity] = {};
  std::uint8_t path_length_ = 0;
  std::uint8_t message_length_ = 0;
  bool path_truncated_ = false;
  bool warning_ = false;
};

/// A value or an error, in the style of simdjson_result<T>. Never throws.
template <typename T>
class [[nodiscard]] result {
 public:
  result(T value) noexcept : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  result(const jwkview::error& err) noexcept
      : error_(err) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool has_value() const noexcept { return !error_; }
  explicit operator bool() const noexcept { return has_value(); }
  /// The value; meaningful only when has_value().
  [[nodiscard]] const T& value() const& noexcept { return value_; }
  [[nodiscard]] const T& operator*() const& noexcept { return value_; }
  [[nodiscard]] const T* operator->() const noexcept { return &value_; }
  /// The error; code is error_code::ok when there is a value.
  [[nodiscard]] const jwkview::error& error() const noexcept { return error_; }

 private:
  T value_{};
  jwkview::error error_{};
};

/// A value or an error_code, without position: what the key material,
/// thumbprint, index and OpenSSL functions return, whose errors concern one
/// key rather than a place in a document. Cheap to return (no path storage).
/// `value` is meaningful only when has_value(); a few functions document a
/// value that accompanies an error (e.g. the size needed with buffer_too_small).
template <typename T>
struct [[nodiscard]] code_result {
  T value{};
  error_code code = error_code::ok;

  [[nodiscard]] bool has_value() const noexcept { return code == error_code::ok; }
  explicit operator bool() const noexcept { return has_value(); }
  [[nodiscard]] const T& operator*() const& noexcept { return value; }
  [[nodiscard]] T& operator*() & noexcept { return value; }
  [[nodiscard]] const T* operator->() const noexcept { return &value; }
  [[nodiscard]] T* operator->() noexcept { return &value; }
};

/// A code_result holding only an error: `return fail<T>(error_code::...)`.
template <typename T>
[[nodiscard]] constexpr code_result<T> fail(error_code code) noexcept {
  code_result<T> r{};
  r.code = code;
  return r;
}

inline bool error::append_path(std::string_view text) noexcept {
  if (path_truncated_ || text.size() > path_capacity - path_length_) {
    path_truncated_ = true;
    return false;
  }
  for (char c : text) path_[path_length_++] = c;
  return true;
}

}  // namespace jwkview
