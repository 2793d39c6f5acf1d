#include <array>

#include "jwkview/error.hpp"

namespace jwkview {
namespace {

struct code_info {
  error_class cls;
  std::string_view name;
  std::string_view message;
};

constexpr std::array<code_info, static_cast<std::size_t>(error_code::missing_claim) + 1>
    infos{{
        {error_class::none, "ok", "no error"},
        {error_class::syntax, "empty_document", "the document is empty or only whitespace"},
        {error_class::syntax, "byte_order_mark", "a UTF-8 byte order mark precedes the document"},
        {error_class::syntax, "invalid_utf8", "invalid UTF-8 byte sequence"},
        {error_class::syntax, "control_character", "unescaped control character in a string"},
        {error_class::syntax, "unclosed_string", "the input ends inside a string"},
        {error_class::syntax, "invalid_escape", "invalid escape sequence in a string"},
        {error_class::syntax, "lone_surrogate", R"(\u escape of an unpaired UTF-16 surrogate)"},
        {error_class::syntax, "invalid_literal", "invalid literal (expected true, false or null)"},
        {error_class::syntax, "invalid_number", "invalid number"},
        {error_class::syntax, "unexpected_character", "unexpected character"},
        {error_class::syntax, "truncated", "the input ends before the document does"},
        {error_class::syntax, "trailing_content", "content after the end of the document"},
        {error_class::schema, "unexpected_root", "the document's root has the wrong type"},
        {error_class::schema, "wrong_type", "the value has the wrong JSON type"},
        {error_class::schema, "duplicate_member", "member name appears twice in one object"},
        {error_class::schema, "missing_member", "required member is missing"},
        {error_class::schema, "null_not_allowed", "null is not allowed for this member"},
        {error_class::schema, "unknown_value", "value is not one the profile allows"},
        {error_class::schema, "duplicate_value", "value appears twice in the list"},
        {error_class::schema, "ambiguous_shape", R"(the root object has both "keys" and "jwks")"},
        {error_class::schema, "enc_requires_rsa", "encryption keys must be RSA"},
        {error_class::key, "private_member", "private key member in a public key listing"},
        {error_class::key, "invalid_base64url", "not canonical unpadded base64url"},
        {error_class::key, "invalid_base64", "not canonical padded base64"},
        {error_class::key, "empty_key_material", "key material is empty"},
        {error_class::key, "wrong_coordinate_length", "coordinate length does not match the curve"},
        {error_class::key, "wrong_digest_length", "certificate thumbprint has the wrong length"},
        {error_class::key, "alg_mismatch", "alg does not fit the key type or curve"},
        {error_class::key, "curve_mismatch", "crv does not fit the key type"},
        {error_class::limit, "document_too_large", "the document exceeds the size limit"},
        {error_class::limit, "too_deep", "nesting exceeds the depth limit"},
        {error_class::limit, "string_too_long", "a string exceeds the length limit"},
        {error_class::limit, "too_many_keys", "the set exceeds the key limit"},
        {error_class::limit, "storage_full", "more keys than the caller's storage holds"},
        {error_class::limit, "too_many_members", "too many unrecognised members in one object"},
        {error_class::limit, "out_of_memory", "the parser could not allocate its buffers"},
        {error_class::limit, "buffer_too_small", "the output buffer is too small"},
        {error_class::key, "unsupported_key", "key type or curve not supported here"},
        {error_class::key, "invalid_modulus", "RSA modulus is zero or even"},
        {error_class::key, "invalid_exponent", "RSA exponent is 0, 1, even or longer than 64 bits"},
        {error_class::key, "point_not_on_curve", "EC point is not on the curve"},
        {error_class::crypto, "malformed_jws",
         "not a JWS compact serialisation with a valid header"},
        {error_class::crypto, "unsupported_algorithm", "JWS algorithm not accepted"},
        {error_class::crypto, "bad_signature", "the signature does not verify"},
        {error_class::crypto, "crypto_failure", "the cryptography library failed"},
        {error_class::key, "hex_thumbprint",
         "certificate thumbprint holds the hex text of the digest"},
        {error_class::key, "noncanonical_base64url",
         "padded or standard-alphabet base64 read as base64url"},
        {error_class::limit, "token_too_large", "the token exceeds the size limit"},
        {error_class::crypto, "unsupported_header",
         "a header member changes what is signed or demands an extension (b64, crit)"},
        {error_class::crypto, "unknown_key", "no key of the set has the token's kid"},
        {error_class::crypto, "key_refused", "the key policy refuses every key with the token's kid"},
        {error_class::crypto, "token_expired", "the token has expired (exp)"},
        {error_class::crypto, "token_not_yet_valid", "the token is not valid yet (nbf)"},
        {error_class::crypto, "issued_in_future", "the token is issued in the future (iat)"},
        {error_class::crypto, "wrong_issuer", "the issuer (iss) is not the expected one"},
        {error_class::crypto, "wrong_audience", "no audience (aud) is an expected one"},
        {error_class::crypto, "wrong_token_type", "the header's typ is not an accepted type"},
        {error_class::crypto, "missing_claim", "a required claim is missing"},
    }};

const code_info& info(error_code code) noexcept {
  const auto i = static_cast<std::size_t>(code);
  return i < infos.size() ? infos[i] : infos[0];
}

}  // namespace

error_class class_of(error_code code) noexcept {
  return info(code).cls;
}
std::string_view name_of(error_code code) noexcept {
  return info(code).name;
}
std::string_view message_of(error_code code) noexcept {
  return info(code).message;
}

std::string_view name_of(error_class cls) noexcept {
  switch (cls) {
    case error_class::none:
      return "none";
    case error_class::syntax:
      return "syntax";
    case error_class::schema:
      return "schema";
    case error_class::key:
      return "key";
    case error_class::limit:
      return "limit";
    case error_class::crypto:
      return "crypto";
    case error_class::warning:
      return "warning";
  }
  return "none";
}

}  // namespace jwkview
