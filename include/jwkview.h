/* jwkview: the C ABI (C99), for C gateways and foreign function interfaces.
 *
 * Two libraries provide it:
 *  - libjwkview (pkg-config jwkview): error names and messages, policy rule
 *    names, and the parser (jwkview_parser_*, jwkview_parse_set);
 *  - libjwkview_openssl (pkg-config jwkview-openssl, built with libcrypto):
 *    key sets, the key store and token validation (jwkview_key_set_*,
 *    jwkview_key_store_*, jwkview_reader_*, jwkview_validate,
 *    jwkview_claims_*). It links libjwkview.
 *
 *   jwkview_error err;
 *   jwkview_key_set* set = jwkview_key_set_build(jwks, jwks_len, NULL, &err);
 *   if (set == NULL) {
 *     log(err.code, err.path, err.message);  // keep the old set
 *   } else {
 *     jwkview_key_store_publish(store, set);  // the store takes its own reference
 *     jwkview_key_set_free(set);
 *   }
 *
 *   // per request, any thread:
 *   jwkview_key_set* keys = jwkview_key_store_snapshot(store);
 *   jwkview_rules rules;
 *   jwkview_rules_init(&rules);
 *   rules.issuer = "https://issuer.example";
 *   jwkview_claims claims;
 *   int code = jwkview_validate(keys, token, len, &rules, time(NULL), NULL, &claims, &err);
 *   if (code != JWKVIEW_OK)
 *     reject(jwkview_error_name(code), err.message, jwkview_policy_rule_name(err.rule));
 *   jwkview_key_set_free(keys);  // after the last use of claims
 *
 * ### Handles, ownership and lifetimes
 * Every handle is opaque and freed by its own _free function (NULL is
 * accepted and ignored). Strings are (data, size) pairs (jwkview_str), not
 * NUL-terminated, except the static names and messages and the text inside a
 * jwkview_error, which the caller owns.
 *  - A jwkview_key passed to on_key is valid during the call; its strings
 *    point into the caller's input (unescaped strings) or into the parser
 *    (escaped ones), and stay valid until the parser's next parse or its
 *    free, while the input is alive and unchanged.
 *  - A jwkview_key_set* is one counted reference to an immutable key set:
 *    jwkview_key_set_build and jwkview_key_store_snapshot each return a new
 *    one, which the caller releases with jwkview_key_set_free. The set lives
 *    until its last reference (the store's included) is released.
 *  - The strings of a jwkview_claims point into the reader (the decoded
 *    header and claims) and into the key set (signer_kid). They are valid
 *    until the reader's next jwkview_validate (with a NULL reader: the
 *    calling thread's next jwkview_validate with a NULL reader) and while
 *    the caller holds its reference to the key set. The token's own bytes
 *    may be freed once jwkview_validate returns.
 *  - Handles and out-pointers must not be NULL unless a function says so.
 *    A callback must not call back into the parser that is calling it.
 *
 * ### Threads
 * A parser and a reader serve one thread at a time. A key set is immutable:
 * any number of threads may validate against it at once. A key store may be
 * published to and snapshotted from any threads at once; readers never wait
 * (jwkview::key_store, key_store.hpp). jwkview_validate with a NULL reader uses
 * the calling thread's own.
 *
 * ### Errors
 * Every failure is a code of jwkview_error_code (the C++ API's
 * jwkview::error_code, same numbers; names and messages from
 * jwkview_error_name and jwkview_error_message). Functions that fail with
 * more to say fill a caller-owned jwkview_error: code, byte offset, JSON
 * Pointer path, message, and for key_refused the policy rule. Nothing
 * throws or aborts across this interface: an allocation failure is
 * JWKVIEW_OUT_OF_MEMORY (or a NULL handle), except inside
 * jwkview_key_set_build, which ends the program as the C++ key_set::build
 * does.
 *
 * ### ABI
 * The structs the caller allocates (options, rules, jwkview_error,
 * jwkview_claims) change layout only with the soname (README.md, "ABI
 * stability"); fields may be appended to the structs the library allocates
 * (jwkview_key), which callers must never copy by size. */
#ifndef JWKVIEW_H
#define JWKVIEW_H

#include <stddef.h>
#include <stdint.h>

/* JWKVIEW_API and JWKVIEW_OPENSSL_API; preprocessor only, valid C. */
#include "jwkview/export.hpp"

#ifdef __cplusplus
extern "C" {
#endif

/* jwkview::error_code, number for number (checked when the library is built).
 * New codes are appended; a number never changes meaning. */
typedef enum jwkview_error_code {
  JWKVIEW_OK = 0,
  JWKVIEW_EMPTY_DOCUMENT = 1,
  JWKVIEW_BYTE_ORDER_MARK = 2,
  JWKVIEW_INVALID_UTF8 = 3,
  JWKVIEW_CONTROL_CHARACTER = 4,
  JWKVIEW_UNCLOSED_STRING = 5,
  JWKVIEW_INVALID_ESCAPE = 6,
  JWKVIEW_LONE_SURROGATE = 7,
  JWKVIEW_INVALID_LITERAL = 8,
  JWKVIEW_INVALID_NUMBER = 9,
  JWKVIEW_UNEXPECTED_CHARACTER = 10,
  JWKVIEW_TRUNCATED = 11,
  JWKVIEW_TRAILING_CONTENT = 12,
  JWKVIEW_UNEXPECTED_ROOT = 13,
  JWKVIEW_WRONG_TYPE = 14,
  JWKVIEW_DUPLICATE_MEMBER = 15,
  JWKVIEW_MISSING_MEMBER = 16,
  JWKVIEW_NULL_NOT_ALLOWED = 17,
  JWKVIEW_UNKNOWN_VALUE = 18,
  JWKVIEW_DUPLICATE_VALUE = 19,
  JWKVIEW_AMBIGUOUS_SHAPE = 20,
  JWKVIEW_ENC_REQUIRES_RSA = 21,
  JWKVIEW_PRIVATE_MEMBER = 22,
  JWKVIEW_INVALID_BASE64URL = 23,
  JWKVIEW_INVALID_BASE64 = 24,
  JWKVIEW_EMPTY_KEY_MATERIAL = 25,
  JWKVIEW_WRONG_COORDINATE_LENGTH = 26,
  JWKVIEW_WRONG_DIGEST_LENGTH = 27,
  JWKVIEW_ALG_MISMATCH = 28,
  JWKVIEW_CURVE_MISMATCH = 29,
  JWKVIEW_DOCUMENT_TOO_LARGE = 30,
  JWKVIEW_TOO_DEEP = 31,
  JWKVIEW_STRING_TOO_LONG = 32,
  JWKVIEW_TOO_MANY_KEYS = 33,
  JWKVIEW_STORAGE_FULL = 34,
  JWKVIEW_TOO_MANY_MEMBERS = 35,
  JWKVIEW_OUT_OF_MEMORY = 36,
  JWKVIEW_BUFFER_TOO_SMALL = 37,
  JWKVIEW_UNSUPPORTED_KEY = 38,
  JWKVIEW_INVALID_MODULUS = 39,
  JWKVIEW_INVALID_EXPONENT = 40,
  JWKVIEW_POINT_NOT_ON_CURVE = 41,
  JWKVIEW_MALFORMED_JWS = 42,
  JWKVIEW_UNSUPPORTED_ALGORITHM = 43,
  JWKVIEW_BAD_SIGNATURE = 44,
  JWKVIEW_CRYPTO_FAILURE = 45,
  JWKVIEW_HEX_THUMBPRINT = 46,
  JWKVIEW_NONCANONICAL_BASE64URL = 47,
  JWKVIEW_TOKEN_TOO_LARGE = 48,
  JWKVIEW_UNSUPPORTED_HEADER = 49,
  JWKVIEW_UNKNOWN_KEY = 50,
  JWKVIEW_KEY_REFUSED = 51,
  JWKVIEW_TOKEN_EXPIRED = 52,
  JWKVIEW_TOKEN_NOT_YET_VALID = 53,
  JWKVIEW_ISSUED_IN_FUTURE = 54,
  JWKVIEW_WRONG_ISSUER = 55,
  JWKVIEW_WRONG_AUDIENCE = 56,
  JWKVIEW_WRONG_TOKEN_TYPE = 57,
  JWKVIEW_MISSING_CLAIM = 58
} jwkview_error_code;

/* jwkview::policy_rule: why the key policy refuses a key. */
typedef enum jwkview_policy_rule {
  JWKVIEW_RULE_NONE = 0,
  JWKVIEW_RULE_ALGORITHM_NOT_ALLOWED = 1,
  JWKVIEW_RULE_ALG_DIFFERS = 2,
  JWKVIEW_RULE_ALG_DOES_NOT_FIT = 3,
  JWKVIEW_RULE_WRONG_USE = 4,
  JWKVIEW_RULE_NO_VERIFY_OP = 5,
  JWKVIEW_RULE_INACTIVE = 6,
  JWKVIEW_RULE_SECRET_KEY = 7,
  JWKVIEW_RULE_RSA_TOO_SMALL = 8,
  JWKVIEW_RULE_RSA_WEAK_EXPONENT = 9,
  JWKVIEW_RULE_RSA_ROCA = 10,
  JWKVIEW_RULE_UNUSABLE_MATERIAL = 11,
  JWKVIEW_RULE_SECRET_TOO_SHORT = 12
} jwkview_policy_rule;

/* Whether a member was absent, JSON null, or present with a value. */
typedef enum jwkview_presence {
  JWKVIEW_ABSENT = 0,
  JWKVIEW_NULL = 1,
  JWKVIEW_VALUE = 2
} jwkview_presence;

/* Bytes that are not NUL-terminated. data is NULL when size is 0 and there
 * is nothing to point at. */
typedef struct jwkview_str {
  const char* data;
  size_t size;
} jwkview_str;

/* A member with its presence; empty unless state is JWKVIEW_VALUE. */
typedef struct jwkview_member {
  const char* data;
  size_t size;
  int state; /* jwkview_presence */
} jwkview_member;

#define JWKVIEW_ERROR_PATH_CAPACITY 193    /* jwkview::error::path_capacity + NUL */
#define JWKVIEW_ERROR_MESSAGE_CAPACITY 201 /* jwkview::error::message_capacity + NUL */

/* A positioned error, self-contained: the caller owns it and may keep it. */
typedef struct jwkview_error {
  int code;       /* jwkview_error_code; JWKVIEW_OK when there was none */
  int is_warning; /* a finding next to a key that is still delivered */
  int rule;       /* jwkview_policy_rule of a key refused by the policy; NONE otherwise */
  int path_truncated;
  size_t offset; /* byte offset in the input (for a token: in the decoded part) */
  char path[JWKVIEW_ERROR_PATH_CAPACITY];       /* JSON Pointer, NUL-terminated */
  char message[JWKVIEW_ERROR_MESSAGE_CAPACITY]; /* what was found and expected, NUL-terminated */
} jwkview_error;

/* libjwkview. */

/* The stable snake_case name of a code ("duplicate_member"), its one-line
 * description, and the same for a policy rule ("rsa_too_small"). Static,
 * NUL-terminated; "unknown" for a number outside the enum. */
JWKVIEW_API const char* jwkview_error_name(int code);
JWKVIEW_API const char* jwkview_error_message(int code);
JWKVIEW_API const char* jwkview_policy_rule_name(int rule);
JWKVIEW_API const char* jwkview_policy_rule_message(int rule);

/* jwkview::options (include/jwkview/options.hpp says what each does). */
typedef struct jwkview_parse_options {
  int profile;               /* 0 auto (default), 1 okta, 2 rfc7517 */
  int key_checks;            /* default 1 */
  int tolerant_base64;       /* default 0: canonical base64url only */
  int warnings_as_errors;    /* default 0 */
  int accept_bom;            /* default 0 */
  size_t max_document_bytes; /* default 16 MiB */
  size_t max_keys;           /* default 10000 */
  uint32_t max_depth;        /* default 64 */
} jwkview_parse_options;

/* Sets every field to its default. */
JWKVIEW_API void jwkview_parse_options_init(jwkview_parse_options* options);

/* One key as the parser delivered it. Enum members (kty, alg, use, crv,
 * status) are their decoded JSON text; key material (n, e, x, y) is
 * base64url. */
typedef struct jwkview_key {
  size_t index;       /* position in the set */
  size_t offset;      /* byte offset of the key's '{' */
  jwkview_str schema; /* "okta" or "rfc7517": the schema it was checked against */
  jwkview_member kid, kty, alg, use, crv, n, e, x, y;
  jwkview_member status, id, created, last_updated, x5u, x5t, x5t_s256;
} jwkview_key;

/* Return 0 to go on, anything else to stop delivering keys. */
typedef int (*jwkview_on_key)(void* user, const jwkview_key* key);
/* error is valid during the call (copy the struct to keep it). */
typedef void (*jwkview_on_error)(void* user, const jwkview_error* error);

typedef struct jwkview_parser jwkview_parser;

/* A reusable parser; NULL options for the defaults. NULL when out of memory.
 * Once warm (it has parsed its largest document) it parses without
 * allocating. */
JWKVIEW_API jwkview_parser* jwkview_parser_new(const jwkview_parse_options* options);
JWKVIEW_API void jwkview_parser_free(jwkview_parser* parser);

/* What a parse found. */
typedef struct jwkview_parse_summary {
  size_t keys;     /* valid keys in the document (all of them, even after a stop) */
  size_t errors;   /* found, including those past the reported ones */
  size_t warnings; /* found */
  int stopped;     /* on_key returned nonzero */
} jwkview_parse_summary;

/* Parses a JWK or a JWK Set in any shape ({"keys":[...]}, a bare array, one
 * key, {"jwks":{"keys":[...]}}) and then calls on_key for each valid key and
 * on_error for each error and warning, in document order. Keys are delivered
 * only from a document known to be valid JSON of one clear shape: a
 * document refused as a whole gives no key and one error. One bad key is
 * one error; the others are still delivered (RFC 7517 §5). Either callback
 * may be NULL, and so may summary.
 * Returns JWKVIEW_OK when the document was read (its keys' errors aside),
 * the document's error code when it was refused, JWKVIEW_OUT_OF_MEMORY when
 * the parser could not grow its buffers. */
JWKVIEW_API int jwkview_parse_set(jwkview_parser* parser, const char* json, size_t len,
                                  jwkview_on_key on_key, jwkview_on_error on_error, void* user,
                                  jwkview_parse_summary* summary);

/* libjwkview_openssl. */

/* jwkview::key_set_options: how a JWKS is parsed and which keys may verify. */
typedef struct jwkview_key_set_options {
  jwkview_parse_options parse;
  size_t min_rsa_bits;          /* default 2048 */
  int refuse_roca;              /* default 1 */
  int trusted_secrets;          /* default 0: 1 only for the gateway's own file of HMAC
                                   keys (oct keys keep k, HS256/384/512 verify); never
                                   for a JWKS fetched from a provider */
  size_t max_candidates;        /* default 4: most keys one token is checked against */
  int allow_tokens_without_kid; /* default 0 */
} jwkview_key_set_options;

JWKVIEW_OPENSSL_API void jwkview_key_set_options_init(jwkview_key_set_options* options);

/* A counted reference to an immutable, verified key set (see the top). */
typedef struct jwkview_key_set jwkview_key_set;

/* Parses jwks (any set shape) and loads every key the policy accepts into
 * OpenSSL. NULL when the document is refused as a whole (error says why:
 * keep the previous set), or out of memory. Keys dropped by the parser or
 * refused by the policy are listed by jwkview_key_set_refused. NULL options
 * for the defaults; error may be NULL. */
JWKVIEW_OPENSSL_API jwkview_key_set* jwkview_key_set_build(const char* jwks, size_t len,
                                                           const jwkview_key_set_options* options,
                                                           jwkview_error* error);
/* Releases this reference. */
JWKVIEW_OPENSSL_API void jwkview_key_set_free(jwkview_key_set* set);
/* Keys the parser delivered, and of those, keys that may verify tokens. */
JWKVIEW_OPENSSL_API size_t jwkview_key_set_size(const jwkview_key_set* set);
JWKVIEW_OPENSSL_API size_t jwkview_key_set_usable(const jwkview_key_set* set);
/* Keys that will never verify (key_set::refused()): the i-th one's reason
 * into error (may be NULL): the parser's error for a key it dropped
 * (path "/keys/3/crv"), or key_refused with the policy rule, or a code of
 * loading the key into OpenSSL (path "/keys/3", the key's position). 1, or 0
 * when i is past the end. */
JWKVIEW_OPENSSL_API size_t jwkview_key_set_refused_count(const jwkview_key_set* set);
JWKVIEW_OPENSSL_API int jwkview_key_set_refused(const jwkview_key_set* set, size_t i,
                                                jwkview_error* error);

/* The current key set of a gateway, replaced while other threads read it. */
typedef struct jwkview_key_store jwkview_key_store;

/* An empty store; NULL when out of memory. */
JWKVIEW_OPENSSL_API jwkview_key_store* jwkview_key_store_new(void);
/* Drops the store's reference to its current set. */
JWKVIEW_OPENSSL_API void jwkview_key_store_free(jwkview_key_store* store);
/* Makes set the current one (NULL empties the store). The store takes its
 * own reference: the caller still releases set. */
JWKVIEW_OPENSSL_API void jwkview_key_store_publish(jwkview_key_store* store,
                                                   const jwkview_key_set* set);
/* A new reference to the current set, to release with jwkview_key_set_free.
 * NULL when nothing is published, or out of memory. */
JWKVIEW_OPENSSL_API jwkview_key_set* jwkview_key_store_snapshot(const jwkview_key_store* store);

/* jwkview::jwt_rules: what a token's claims must satisfy. Strings are
 * NUL-terminated and the caller's; they must outlive the call. */
typedef struct jwkview_rules {
  size_t max_token_bytes; /* default 16 KiB: longer tokens are token_too_large */
  int64_t leeway_seconds; /* default 60: clock skew allowed for exp, nbf, iat */
  int require_exp;        /* default 1: a token without exp is missing_claim */
  const char* issuer;     /* NULL (default): any; else iss must equal it */
  /* Each list: NULL or count 0 for none, at most JWKVIEW_MAX_RULE_STRINGS. */
  const char* const* audiences; /* one aud value must be one of these */
  size_t audience_count;
  const char* const* types; /* the header's typ must be one of these ("at+jwt") */
  size_t type_count;
  const char* const* required_claims; /* claims that must be present */
  size_t required_claim_count;
} jwkview_rules;

/* More strings in one list of jwkview_rules is JWKVIEW_TOO_MANY_MEMBERS. */
#define JWKVIEW_MAX_RULE_STRINGS 16

JWKVIEW_OPENSSL_API void jwkview_rules_init(jwkview_rules* rules);

/* A numeric date (seconds since the epoch) with its presence. */
typedef struct jwkview_date {
  int64_t seconds;
  int state; /* jwkview_presence: ABSENT or VALUE */
} jwkview_date;

/* The claims of a validated token (lifetimes at the top). */
typedef struct jwkview_claims {
  jwkview_member iss, sub, jti;
  jwkview_date exp, nbf, iat;
  size_t aud_count; /* aud as a list: one string is a list of one */
  jwkview_str alg;  /* the header's alg */
  jwkview_member typ;
  jwkview_member kid;        /* the header's kid */
  jwkview_member signer_kid; /* the kid of the key that verified it */
  const void* token_;        /* the library's; do not touch */
} jwkview_claims;

/* A reader's buffers: one per thread, reused; NULL when out of memory. */
typedef struct jwkview_reader jwkview_reader;
JWKVIEW_OPENSSL_API jwkview_reader* jwkview_reader_new(void);
JWKVIEW_OPENSSL_API void jwkview_reader_free(jwkview_reader* reader);

/* Reads a compact JWS token, checks its signature with the keys of keys the
 * policy allows for its kid and alg, and its claims against rules (NULL for
 * the defaults) at time now (seconds since the epoch). Returns JWKVIEW_OK and
 * fills claims (may be NULL), or the first refusal's code and fills error
 * (may be NULL), in this order of precedence: token_too_large; the reader's
 * (malformed_jws, unsupported_algorithm, unsupported_header, duplicate_member,
 * wrong_type, ...); unknown_key; key_refused (error->rule says which rule
 * refused the first key with the kid); bad_signature; then the claims:
 * missing_claim, token_expired, token_not_yet_valid, issued_in_future,
 * wrong_issuer, wrong_audience, wrong_token_type. reader NULL uses the calling
 * thread's own. Allocation-free once the reader is warm. */
JWKVIEW_OPENSSL_API int jwkview_validate(const jwkview_key_set* keys, const char* token, size_t len,
                                         const jwkview_rules* rules, int64_t now,
                                         jwkview_reader* reader, jwkview_claims* claims,
                                         jwkview_error* error);

/* The i-th aud value; {NULL, 0} when i >= aud_count. */
JWKVIEW_OPENSSL_API jwkview_str jwkview_claims_aud(const jwkview_claims* claims, size_t i);

/* One claim of the claims set, any name. */
typedef struct jwkview_claim {
  jwkview_str json; /* the value's JSON text */
  jwkview_str text; /* a string value, decoded (escapes resolved); empty otherwise */
  int is_string;
} jwkview_claim;

/* Looks up the claim named name (name_len bytes, compared decoded): 1 and
 * fills claim when present, 0 when absent. */
JWKVIEW_OPENSSL_API int jwkview_claims_find(const jwkview_claims* claims, const char* name,
                                            size_t name_len, jwkview_claim* claim);

#ifdef __cplusplus
}
#endif

#endif /* JWKVIEW_H */
