// The C ABI's libjwkview half (include/jwkview.h): names, the parser.
#include <cstdint>
#include <new>
#include <span>
#include <string_view>

#include "c_api.hpp"
#include "jwkview.h"
#include "jwkview/key_policy.hpp"
#include "jwkview/parser.hpp"

namespace jwkview::c_api {
namespace {

// The C enums are the C++ ones, number for number.
#define JWKVIEW_SAME(cpp, c) static_assert(static_cast<int>(error_code::cpp) == (c))
JWKVIEW_SAME(ok, JWKVIEW_OK);
JWKVIEW_SAME(empty_document, JWKVIEW_EMPTY_DOCUMENT);
JWKVIEW_SAME(byte_order_mark, JWKVIEW_BYTE_ORDER_MARK);
JWKVIEW_SAME(invalid_utf8, JWKVIEW_INVALID_UTF8);
JWKVIEW_SAME(control_character, JWKVIEW_CONTROL_CHARACTER);
JWKVIEW_SAME(unclosed_string, JWKVIEW_UNCLOSED_STRING);
JWKVIEW_SAME(invalid_escape, JWKVIEW_INVALID_ESCAPE);
JWKVIEW_SAME(lone_surrogate, JWKVIEW_LONE_SURROGATE);
JWKVIEW_SAME(invalid_literal, JWKVIEW_INVALID_LITERAL);
JWKVIEW_SAME(invalid_number, JWKVIEW_INVALID_NUMBER);
JWKVIEW_SAME(unexpected_character, JWKVIEW_UNEXPECTED_CHARACTER);
JWKVIEW_SAME(truncated, JWKVIEW_TRUNCATED);
JWKVIEW_SAME(trailing_content, JWKVIEW_TRAILING_CONTENT);
JWKVIEW_SAME(unexpected_root, JWKVIEW_UNEXPECTED_ROOT);
JWKVIEW_SAME(wrong_type, JWKVIEW_WRONG_TYPE);
JWKVIEW_SAME(duplicate_member, JWKVIEW_DUPLICATE_MEMBER);
JWKVIEW_SAME(missing_member, JWKVIEW_MISSING_MEMBER);
JWKVIEW_SAME(null_not_allowed, JWKVIEW_NULL_NOT_ALLOWED);
JWKVIEW_SAME(unknown_value, JWKVIEW_UNKNOWN_VALUE);
JWKVIEW_SAME(duplicate_value, JWKVIEW_DUPLICATE_VALUE);
JWKVIEW_SAME(ambiguous_shape, JWKVIEW_AMBIGUOUS_SHAPE);
JWKVIEW_SAME(enc_requires_rsa, JWKVIEW_ENC_REQUIRES_RSA);
JWKVIEW_SAME(private_member, JWKVIEW_PRIVATE_MEMBER);
JWKVIEW_SAME(invalid_base64url, JWKVIEW_INVALID_BASE64URL);
JWKVIEW_SAME(invalid_base64, JWKVIEW_INVALID_BASE64);
JWKVIEW_SAME(empty_key_material, JWKVIEW_EMPTY_KEY_MATERIAL);
JWKVIEW_SAME(wrong_coordinate_length, JWKVIEW_WRONG_COORDINATE_LENGTH);
JWKVIEW_SAME(wrong_digest_length, JWKVIEW_WRONG_DIGEST_LENGTH);
JWKVIEW_SAME(alg_mismatch, JWKVIEW_ALG_MISMATCH);
JWKVIEW_SAME(curve_mismatch, JWKVIEW_CURVE_MISMATCH);
JWKVIEW_SAME(document_too_large, JWKVIEW_DOCUMENT_TOO_LARGE);
JWKVIEW_SAME(too_deep, JWKVIEW_TOO_DEEP);
JWKVIEW_SAME(string_too_long, JWKVIEW_STRING_TOO_LONG);
JWKVIEW_SAME(too_many_keys, JWKVIEW_TOO_MANY_KEYS);
JWKVIEW_SAME(storage_full, JWKVIEW_STORAGE_FULL);
JWKVIEW_SAME(too_many_members, JWKVIEW_TOO_MANY_MEMBERS);
JWKVIEW_SAME(out_of_memory, JWKVIEW_OUT_OF_MEMORY);
JWKVIEW_SAME(buffer_too_small, JWKVIEW_BUFFER_TOO_SMALL);
JWKVIEW_SAME(unsupported_key, JWKVIEW_UNSUPPORTED_KEY);
JWKVIEW_SAME(invalid_modulus, JWKVIEW_INVALID_MODULUS);
JWKVIEW_SAME(invalid_exponent, JWKVIEW_INVALID_EXPONENT);
JWKVIEW_SAME(point_not_on_curve, JWKVIEW_POINT_NOT_ON_CURVE);
JWKVIEW_SAME(malformed_jws, JWKVIEW_MALFORMED_JWS);
JWKVIEW_SAME(unsupported_algorithm, JWKVIEW_UNSUPPORTED_ALGORITHM);
JWKVIEW_SAME(bad_signature, JWKVIEW_BAD_SIGNATURE);
JWKVIEW_SAME(crypto_failure, JWKVIEW_CRYPTO_FAILURE);
JWKVIEW_SAME(hex_thumbprint, JWKVIEW_HEX_THUMBPRINT);
JWKVIEW_SAME(noncanonical_base64url, JWKVIEW_NONCANONICAL_BASE64URL);
JWKVIEW_SAME(token_too_large, JWKVIEW_TOKEN_TOO_LARGE);
JWKVIEW_SAME(unsupported_header, JWKVIEW_UNSUPPORTED_HEADER);
JWKVIEW_SAME(unknown_key, JWKVIEW_UNKNOWN_KEY);
JWKVIEW_SAME(key_refused, JWKVIEW_KEY_REFUSED);
JWKVIEW_SAME(token_expired, JWKVIEW_TOKEN_EXPIRED);
JWKVIEW_SAME(token_not_yet_valid, JWKVIEW_TOKEN_NOT_YET_VALID);
JWKVIEW_SAME(issued_in_future, JWKVIEW_ISSUED_IN_FUTURE);
JWKVIEW_SAME(wrong_issuer, JWKVIEW_WRONG_ISSUER);
JWKVIEW_SAME(wrong_audience, JWKVIEW_WRONG_AUDIENCE);
JWKVIEW_SAME(wrong_token_type, JWKVIEW_WRONG_TOKEN_TYPE);
JWKVIEW_SAME(missing_claim, JWKVIEW_MISSING_CLAIM);
#undef JWKVIEW_SAME
#define JWKVIEW_SAME(cpp, c) static_assert(static_cast<int>(policy_rule::cpp) == (c))
JWKVIEW_SAME(none, JWKVIEW_RULE_NONE);
JWKVIEW_SAME(algorithm_not_allowed, JWKVIEW_RULE_ALGORITHM_NOT_ALLOWED);
JWKVIEW_SAME(alg_differs, JWKVIEW_RULE_ALG_DIFFERS);
JWKVIEW_SAME(alg_does_not_fit, JWKVIEW_RULE_ALG_DOES_NOT_FIT);
JWKVIEW_SAME(wrong_use, JWKVIEW_RULE_WRONG_USE);
JWKVIEW_SAME(no_verify_op, JWKVIEW_RULE_NO_VERIFY_OP);
JWKVIEW_SAME(inactive, JWKVIEW_RULE_INACTIVE);
JWKVIEW_SAME(secret_key, JWKVIEW_RULE_SECRET_KEY);
JWKVIEW_SAME(rsa_too_small, JWKVIEW_RULE_RSA_TOO_SMALL);
JWKVIEW_SAME(rsa_weak_exponent, JWKVIEW_RULE_RSA_WEAK_EXPONENT);
JWKVIEW_SAME(rsa_roca, JWKVIEW_RULE_RSA_ROCA);
JWKVIEW_SAME(unusable_material, JWKVIEW_RULE_UNUSABLE_MATERIAL);
JWKVIEW_SAME(secret_too_short, JWKVIEW_RULE_SECRET_TOO_SHORT);
#undef JWKVIEW_SAME
static_assert(JWKVIEW_ERROR_PATH_CAPACITY == error::path_capacity + 1);
static_assert(JWKVIEW_ERROR_MESSAGE_CAPACITY == error::message_capacity + 1);
static_assert(static_cast<int>(presence::null) == JWKVIEW_NULL &&
              static_cast<int>(presence::value) == JWKVIEW_VALUE);

constexpr int last_code = JWKVIEW_MISSING_CLAIM;
constexpr int last_rule = JWKVIEW_RULE_SECRET_TOO_SHORT;

jwkview_key key_to_c(const key& k) noexcept {
  jwkview_key c{};
  c.index = k.index;
  c.offset = k.offset;
  c.schema = str(to_string(k.schema));
  c.kid = member_of(k.kid);
  c.kty = member_of(k.kty);
  c.alg = member_of(k.alg);
  c.use = member_of(k.use);
  c.crv = member_of(k.crv);
  c.n = member_of(k.n);
  c.e = member_of(k.e);
  c.x = member_of(k.x);
  c.y = member_of(k.y);
  c.status = member_of(k.status);
  c.id = member_of(k.id);
  c.created = member_of(k.created);
  c.last_updated = member_of(k.last_updated);
  c.x5u = member_of(k.x5u);
  c.x5t = member_of(k.x5t);
  c.x5t_s256 = member_of(k.x5t_s256);
  return c;
}

}  // namespace
}  // namespace jwkview::c_api

using namespace jwkview;

/// The parser and the key storage parse_set fills before anything is
/// delivered, grown (doubled) only when a set holds more keys than before.
struct jwkview_parser {
  explicit jwkview_parser(const options& o) noexcept : parser(o) {}
  ~jwkview_parser() { delete[] keys; }
  jwkview_parser(const jwkview_parser&) = delete;
  jwkview_parser& operator=(const jwkview_parser&) = delete;

  jwkview::parser parser;
  key* keys = nullptr;
  std::size_t capacity = 0;
};

namespace {

/// Doubles the key storage (16 keys at first).
bool grow(jwkview_parser& p) noexcept {
  const std::size_t size = p.capacity == 0 ? 16 : 2 * p.capacity;
  key* more = new (std::nothrow) key[size];
  if (more == nullptr) return false;
  delete[] p.keys;
  p.keys = more;
  p.capacity = size;
  return true;
}

}  // namespace

extern "C" {

const char* jwkview_error_name(int code) {
  return code < 0 || code > c_api::last_code ? "unknown"
                                             : name_of(static_cast<error_code>(code)).data();
}

const char* jwkview_error_message(int code) {
  return code < 0 || code > c_api::last_code ? "unknown"
                                             : message_of(static_cast<error_code>(code)).data();
}

const char* jwkview_policy_rule_name(int rule) {
  return rule < 0 || rule > c_api::last_rule ? "unknown"
                                             : name_of(static_cast<policy_rule>(rule)).data();
}

const char* jwkview_policy_rule_message(int rule) {
  return rule < 0 || rule > c_api::last_rule ? "unknown"
                                             : message_of(static_cast<policy_rule>(rule)).data();
}

void jwkview_parse_options_init(jwkview_parse_options* c) {
  const options o;
  c->profile = 0;
  c->key_checks = o.key_checks ? 1 : 0;
  c->tolerant_base64 = o.base64 == base64_mode::tolerant ? 1 : 0;
  c->warnings_as_errors = o.warnings_as_errors ? 1 : 0;
  c->accept_bom = o.accept_bom ? 1 : 0;
  c->max_document_bytes = o.limits.max_document_bytes;
  c->max_keys = o.limits.max_keys;
  c->max_depth = o.limits.max_depth;
}

jwkview_parser* jwkview_parser_new(const jwkview_parse_options* c) {
  return new (std::nothrow) jwkview_parser(c != nullptr ? c_api::to_options(*c) : options{});
}

void jwkview_parser_free(jwkview_parser* parser) {
  delete parser;
}

int jwkview_parse_set(jwkview_parser* p, const char* json, size_t len, jwkview_on_key on_key,
                      jwkview_on_error on_error, void* user, jwkview_parse_summary* summary) {
  const std::string_view text{json, len};
  if (p->capacity == 0 && !grow(*p)) return JWKVIEW_OUT_OF_MEMORY;
  parse_report report = p->parser.parse_set(text, std::span<key>{p->keys, p->capacity});
  // A set larger than any before: more storage, and the same parse again.
  while (report.document_failed() && report.errors().front().code == error_code::storage_full) {
    if (!grow(*p)) return JWKVIEW_OUT_OF_MEMORY;
    report = p->parser.parse_set(text, std::span<key>{p->keys, p->capacity});
  }

  // Keys, errors and warnings, each in document order: merged by offset, a
  // key before the findings inside it.
  const std::span<const key> keys = report.keys();
  const std::span<const error> errors = report.errors();
  const std::span<const error> warnings = report.warnings();
  std::size_t k = 0;
  std::size_t e = 0;
  std::size_t w = 0;
  bool stopped = false;
  while (!stopped && (k < keys.size() || e < errors.size() || w < warnings.size())) {
    const std::size_t key_at = k < keys.size() ? keys[k].offset : SIZE_MAX;
    const std::size_t error_at = e < errors.size() ? errors[e].offset : SIZE_MAX;
    const std::size_t warning_at = w < warnings.size() ? warnings[w].offset : SIZE_MAX;
    if (key_at <= error_at && key_at <= warning_at) {
      const jwkview_key c = c_api::key_to_c(keys[k++]);
      stopped = on_key != nullptr && on_key(user, &c) != 0;
      continue;
    }
    const error& found = error_at <= warning_at ? errors[e++] : warnings[w++];
    if (on_error != nullptr) {
      jwkview_error c;
      c_api::to_c(found, &c);
      on_error(user, &c);
    }
  }
  if (summary != nullptr) {
    summary->keys = report.key_count();
    summary->errors = report.error_count();
    summary->warnings = report.warning_count();
    summary->stopped = stopped ? 1 : 0;
  }
  return report.document_failed() ? static_cast<int>(errors.front().code) : JWKVIEW_OK;
}

}  // extern "C"
