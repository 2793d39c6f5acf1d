/* The C ABI (include/jwkview.h) from C99: parse with callbacks, key sets,
 * the store, token validation and its refusals, claim accessors. Keys are
 * generated and tokens signed here with libcrypto; nothing is canned.
 * Prints each failed check and exits 1 if any failed. */
#include <jwkview.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)
#define CHECK_CODE(got, want)                                                     \
  do {                                                                            \
    int got_ = (got);                                                             \
    if (got_ != (want)) {                                                         \
      fprintf(stderr, "%s:%d: %s is %s, expected %s\n", __FILE__, __LINE__, #got, \
              jwkview_error_name(got_), jwkview_error_name(want));                \
      ++failures;                                                                 \
    }                                                                             \
  } while (0)

/* Whether s (size n) is exactly the C string want. */
static int same(const char* s, size_t n, const char* want) {
  return s != NULL && n == strlen(want) && memcmp(s, want, n) == 0;
}
#define SAME(m, want) same((m).data, (m).size, want)

/* ---- base64url and signing with libcrypto ---- */

static size_t b64url(const unsigned char* in, size_t n, char* out) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  size_t o = 0;
  size_t i;
  for (i = 0; i + 2 < n; i += 3) {
    unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8 | in[i + 2];
    out[o++] = alphabet[v >> 18 & 63];
    out[o++] = alphabet[v >> 12 & 63];
    out[o++] = alphabet[v >> 6 & 63];
    out[o++] = alphabet[v & 63];
  }
  if (n - i == 1) {
    unsigned long v = (unsigned long)in[i] << 16;
    out[o++] = alphabet[v >> 18 & 63];
    out[o++] = alphabet[v >> 12 & 63];
  } else if (n - i == 2) {
    unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8;
    out[o++] = alphabet[v >> 18 & 63];
    out[o++] = alphabet[v >> 12 & 63];
    out[o++] = alphabet[v >> 6 & 63];
  }
  out[o] = '\0';
  return o;
}

static size_t b64url_text(const char* text, char* out) {
  return b64url((const unsigned char*)text, strlen(text), out);
}

/* An RSA public JWK {"kid":kid,"kty":"RSA","n":...,"e":...} into out. */
static void rsa_jwk(EVP_PKEY* key, const char* kid, char* out) {
  BIGNUM* n = NULL;
  BIGNUM* e = NULL;
  unsigned char bytes[512];
  char n64[700];
  char e64[16];
  int len;
  EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
  EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e);
  len = BN_bn2bin(n, bytes);
  b64url(bytes, (size_t)len, n64);
  len = BN_bn2bin(e, bytes);
  b64url(bytes, (size_t)len, e64);
  BN_free(n);
  BN_free(e);
  sprintf(out, "{\"kid\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\",\"e\":\"%s\"}", kid, n64, e64);
}

/* A compact JWS of header and payload, signed RS256 with key, into out. */
static void sign(EVP_PKEY* key, const char* header, const char* payload, char* out) {
  unsigned char sig[512];
  size_t sig_len = sizeof sig;
  size_t at = b64url_text(header, out);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  out[at++] = '.';
  at += b64url_text(payload, out + at);
  if (EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key) != 1 ||
      EVP_DigestSign(ctx, sig, &sig_len, (const unsigned char*)out, at) != 1) {
    fprintf(stderr, "signing failed\n");
    exit(2);
  }
  EVP_MD_CTX_free(ctx);
  out[at++] = '.';
  b64url(sig, sig_len, out + at);
}

/* ---- parse with callbacks ---- */

#define MAX_SEEN 64

struct seen {
  int keys;
  int errors;
  int stop_after; /* on_key returns 1 after this many keys; 0: never */
  char order[MAX_SEEN];
  char kid[MAX_SEEN][16];
  char kty[MAX_SEEN][8];
  jwkview_error error[4];
};

static int on_key(void* user, const jwkview_key* key) {
  struct seen* s = (struct seen*)user;
  if (s->keys < MAX_SEEN) {
    sprintf(s->kid[s->keys], "%.*s", (int)key->kid.size, key->kid.data);
    sprintf(s->kty[s->keys], "%.*s", (int)key->kty.size, key->kty.data);
  }
  if (s->keys + s->errors < MAX_SEEN) s->order[s->keys + s->errors] = 'k';
  ++s->keys;
  return s->stop_after != 0 && s->keys >= s->stop_after;
}

static void on_error(void* user, const jwkview_error* error) {
  struct seen* s = (struct seen*)user;
  if (s->errors < 4) s->error[s->errors] = *error;
  if (s->keys + s->errors < MAX_SEEN) s->order[s->keys + s->errors] = error->is_warning ? 'w' : 'e';
  ++s->errors;
}

/* RFC 7517 A.1's EC key; kid given. */
#define EC_KEY(kid)                                                                          \
  "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\"," \
  "\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\",\"use\":\"sig\",\"kid\":\"" kid "\"}"

static void test_names(void) {
  CHECK(strcmp(jwkview_error_name(JWKVIEW_OK), "ok") == 0);
  CHECK(strcmp(jwkview_error_name(JWKVIEW_DUPLICATE_MEMBER), "duplicate_member") == 0);
  CHECK(strcmp(jwkview_error_name(JWKVIEW_MISSING_CLAIM), "missing_claim") == 0);
  CHECK(strcmp(jwkview_error_message(JWKVIEW_TOKEN_EXPIRED), "the token has expired (exp)") == 0);
  CHECK(strcmp(jwkview_error_name(JWKVIEW_MISSING_CLAIM + 1), "unknown") == 0);
  CHECK(strcmp(jwkview_error_name(-1), "unknown") == 0);
  CHECK(strcmp(jwkview_policy_rule_name(JWKVIEW_RULE_RSA_TOO_SMALL), "rsa_too_small") == 0);
  CHECK(strcmp(jwkview_policy_rule_name(JWKVIEW_RULE_UNUSABLE_MATERIAL), "unusable_material") == 0);
  CHECK(strcmp(jwkview_policy_rule_name(JWKVIEW_RULE_SECRET_TOO_SHORT + 1), "unknown") == 0);
  CHECK(strlen(jwkview_policy_rule_message(JWKVIEW_RULE_WRONG_USE)) > 10);
}

static void test_parse(void) {
  /* A good key, one with a private member, one whose kid is escaped, one
   * with an x5t of the wrong length (a warning: the key is kept). */
  static const char set[] =
      "{\"keys\":[" EC_KEY("a") ",{\"kty\":\"oct\",\"k\":\"AAAA\",\"kid\":\"b\"}," EC_KEY(
          "\\u0063") "," EC_KEY("d\",\"x5t\":\"AAAA") "]}";
  struct seen s;
  jwkview_parse_summary summary;
  jwkview_parser* parser = jwkview_parser_new(NULL);
  CHECK(parser != NULL);

  memset(&s, 0, sizeof s);
  CHECK_CODE(jwkview_parse_set(parser, set, sizeof set - 1, on_key, on_error, &s, &summary),
             JWKVIEW_OK);
  CHECK(s.keys == 3 && summary.keys == 3);
  CHECK(strcmp(s.kid[0], "a") == 0 && strcmp(s.kty[0], "EC") == 0);
  CHECK(strcmp(s.kid[1], "c") == 0); /* decoded */
  CHECK(strcmp(s.kid[2], "d") == 0);
  CHECK(summary.errors == 1 && summary.warnings == 1 && !summary.stopped);
  CHECK(memcmp(s.order, "kekkw", 5) == 0); /* document order */
  CHECK_CODE(s.error[0].code, JWKVIEW_PRIVATE_MEMBER);
  CHECK(!s.error[0].is_warning);
  CHECK(strcmp(s.error[0].path, "/keys/1/k") == 0);
  CHECK(s.error[0].offset == (size_t)(strstr(set, "\"k\":") - set));
  CHECK(strlen(s.error[0].message) > 0);
  CHECK_CODE(s.error[1].code, JWKVIEW_WRONG_DIGEST_LENGTH);
  CHECK(s.error[1].is_warning);
  CHECK(strcmp(s.error[1].path, "/keys/3/x5t") == 0);

  /* on_key stops the delivery. */
  memset(&s, 0, sizeof s);
  s.stop_after = 1;
  CHECK_CODE(jwkview_parse_set(parser, set, sizeof set - 1, on_key, on_error, &s, &summary),
             JWKVIEW_OK);
  CHECK(s.keys == 1 && s.errors == 0 && summary.stopped);

  /* A document refused whole: no key, one error. */
  memset(&s, 0, sizeof s);
  CHECK_CODE(jwkview_parse_set(parser, set, (size_t)(strstr(set, "},") - set) + 2, on_key, on_error,
                               &s, NULL),
             JWKVIEW_TRUNCATED);
  CHECK(s.keys == 0 && s.errors == 1);
  CHECK_CODE(s.error[0].code, JWKVIEW_TRUNCATED);

  /* More keys than the parser's storage held: it grows, all are delivered. */
  {
    char big[40 * 200];
    size_t at = (size_t)sprintf(big, "[");
    int i;
    for (i = 0; i < 40; ++i) {
      at += (size_t)sprintf(big + at, "%s" EC_KEY("k%d"), i == 0 ? "" : ",", i);
    }
    big[at++] = ']';
    memset(&s, 0, sizeof s);
    CHECK_CODE(jwkview_parse_set(parser, big, at, on_key, NULL, &s, &summary), JWKVIEW_OK);
    CHECK(s.keys == 40 && summary.keys == 40 && summary.errors == 0);
    CHECK(strcmp(s.kid[39], "k39") == 0);
  }

  /* Options: the okta profile requires "id". */
  {
    jwkview_parse_options options;
    jwkview_parser* okta;
    jwkview_parse_options_init(&options);
    CHECK(options.key_checks == 1 && options.max_keys == 10000 && options.profile == 0);
    options.profile = 1;
    okta = jwkview_parser_new(&options);
    memset(&s, 0, sizeof s);
    CHECK_CODE(jwkview_parse_set(okta, set, sizeof set - 1, on_key, on_error, &s, NULL),
               JWKVIEW_OK);
    CHECK(s.keys == 0 && s.errors == 4);
    CHECK_CODE(s.error[0].code, JWKVIEW_MISSING_MEMBER);
    jwkview_parser_free(okta);
  }
  jwkview_parser_free(parser);
  jwkview_parser_free(NULL);
}

/* ---- key sets, the store, validation ---- */

static EVP_PKEY* good_key;
static EVP_PKEY* small_key;
static long long now = 1750000000;

static void token(EVP_PKEY* key, const char* kid, const char* claims, char* out) {
  char header[128];
  sprintf(header, "{\"alg\":\"RS256\",\"kid\":\"%s\",\"typ\":\"JWT\"}", kid);
  sign(key, header, claims, out);
}

static void standard_claims(char* out, long long exp, const char* iss) {
  sprintf(out,
          "{\"iss\":\"%s\",\"sub\":\"alice\",\"aud\":[\"api\",\"other\"],\"exp\":%lld,"
          "\"iat\":%lld,\"jti\":\"t-1\",\"scope\":\"read write\",\"admin\":false,"
          "\"name\":\"Zo\\u00eb\"}",
          iss, exp, now);
}

static jwkview_key_set* build_set(void) {
  char jwks[2048];
  char good[900];
  char small[600];
  jwkview_error error;
  jwkview_key_set* set;
  rsa_jwk(good_key, "good", good);
  rsa_jwk(small_key, "small", small);
  sprintf(jwks, "{\"keys\":[%s,%s]}", good, small);
  set = jwkview_key_set_build(jwks, strlen(jwks), NULL, &error);
  CHECK(set != NULL);
  CHECK_CODE(error.code, JWKVIEW_OK);
  return set;
}

static void test_key_set(jwkview_key_set* set) {
  jwkview_error error;
  jwkview_key_set_options options;
  CHECK(jwkview_key_set_size(set) == 2);
  CHECK(jwkview_key_set_usable(set) == 1);
  CHECK(jwkview_key_set_refused_count(set) == 1);
  CHECK(jwkview_key_set_refused(set, 0, &error) == 1);
  CHECK_CODE(error.code, JWKVIEW_KEY_REFUSED);
  CHECK(error.rule == JWKVIEW_RULE_RSA_TOO_SMALL);
  CHECK(strcmp(error.path, "/keys/1") == 0); /* the key's position in the set */
  CHECK(jwkview_key_set_refused(set, 1, &error) == 0);

  /* A document refused whole is no set. */
  CHECK(jwkview_key_set_build("[1,", 3, NULL, &error) == NULL);
  CHECK_CODE(error.code, JWKVIEW_TRUNCATED);

  /* A lower minimum accepts the 1024-bit key. */
  jwkview_key_set_options_init(&options);
  CHECK(options.min_rsa_bits == 2048 && options.max_candidates == 4 && options.refuse_roca == 1);
  options.min_rsa_bits = 1024;
  {
    char jwks[700];
    char small[600];
    jwkview_key_set* lax;
    rsa_jwk(small_key, "small", small);
    sprintf(jwks, "[%s]", small);
    lax = jwkview_key_set_build(jwks, strlen(jwks), &options, NULL);
    CHECK(lax != NULL && jwkview_key_set_usable(lax) == 1);
    jwkview_key_set_free(lax);
  }
}

static void test_validate(jwkview_key_set* set) {
  char claims_json[512];
  char jwt[2048];
  const char* audiences[] = {"api"};
  const char* many[JWKVIEW_MAX_RULE_STRINGS + 1];
  jwkview_rules rules;
  jwkview_claims claims;
  jwkview_claim claim;
  jwkview_error error;
  jwkview_str aud;
  jwkview_reader* reader = jwkview_reader_new();
  int i;
  CHECK(reader != NULL);
  jwkview_rules_init(&rules);
  CHECK(rules.leeway_seconds == 60 && rules.require_exp == 1 && rules.max_token_bytes == 16384);
  rules.issuer = "https://issuer.example";
  rules.audiences = audiences;
  rules.audience_count = 1;

  standard_claims(claims_json, now + 600, "https://issuer.example");
  token(good_key, "good", claims_json, jwt);
  CHECK_CODE(jwkview_validate(set, jwt, strlen(jwt), &rules, now, reader, &claims, &error),
             JWKVIEW_OK);
  CHECK_CODE(error.code, JWKVIEW_OK);
  CHECK(SAME(claims.iss, "https://issuer.example") && claims.iss.state == JWKVIEW_VALUE);
  CHECK(SAME(claims.sub, "alice") && SAME(claims.jti, "t-1"));
  CHECK(claims.exp.state == JWKVIEW_VALUE && claims.exp.seconds == now + 600);
  CHECK(claims.iat.state == JWKVIEW_VALUE && claims.iat.seconds == now);
  CHECK(claims.nbf.state == JWKVIEW_ABSENT);
  CHECK(SAME(claims.alg, "RS256") && SAME(claims.typ, "JWT") && SAME(claims.kid, "good"));
  CHECK(SAME(claims.signer_kid, "good"));
  CHECK(claims.aud_count == 2);
  aud = jwkview_claims_aud(&claims, 1);
  CHECK(SAME(aud, "other"));
  aud = jwkview_claims_aud(&claims, 2);
  CHECK(aud.data == NULL && aud.size == 0);
  CHECK(jwkview_claims_find(&claims, "scope", 5, &claim) == 1);
  CHECK(claim.is_string && SAME(claim.text, "read write") && SAME(claim.json, "\"read write\""));
  CHECK(jwkview_claims_find(&claims, "admin", 5, &claim) == 1);
  CHECK(!claim.is_string && SAME(claim.json, "false") && claim.text.size == 0);
  CHECK(jwkview_claims_find(&claims, "name", 4, &claim) == 1);
  CHECK(SAME(claim.text, "Zo\xc3\xab") && SAME(claim.json, "\"Zo\\u00eb\""));
  CHECK(jwkview_claims_find(&claims, "tenant", 6, &claim) == 0);

  /* The thread's own reader gives the same. */
  CHECK_CODE(jwkview_validate(set, jwt, strlen(jwt), &rules, now, NULL, &claims, NULL), JWKVIEW_OK);
  CHECK(SAME(claims.sub, "alice"));

  /* Refusals, each with its code. */
  CHECK_CODE(jwkview_validate(set, jwt, strlen(jwt), &rules, now + 3600, reader, NULL, &error),
             JWKVIEW_TOKEN_EXPIRED);
  CHECK_CODE(error.code, JWKVIEW_TOKEN_EXPIRED);
  CHECK(strcmp(error.path, "/claims/exp") == 0);
  CHECK(error.rule == JWKVIEW_RULE_NONE);

  rules.issuer = "https://elsewhere.example";
  CHECK_CODE(jwkview_validate(set, jwt, strlen(jwt), &rules, now, reader, NULL, &error),
             JWKVIEW_WRONG_ISSUER);
  rules.issuer = "https://issuer.example";

  audiences[0] = "nobody";
  CHECK_CODE(jwkview_validate(set, jwt, strlen(jwt), &rules, now, reader, NULL, &error),
             JWKVIEW_WRONG_AUDIENCE);
  audiences[0] = "api";

  {
    const char* required[] = {"sub", "tenant"};
    rules.required_claims = required;
    rules.required_claim_count = 2;
    CHECK_CODE(jwkview_validate(set, jwt, strlen(jwt), &rules, now, reader, NULL, &error),
               JWKVIEW_MISSING_CLAIM);
    rules.required_claim_count = 0;
  }
  {
    const char* types[] = {"at+jwt"};
    rules.types = types;
    rules.type_count = 1;
    CHECK_CODE(jwkview_validate(set, jwt, strlen(jwt), &rules, now, reader, NULL, &error),
               JWKVIEW_WRONG_TOKEN_TYPE);
    rules.type_count = 0;
  }
  for (i = 0; i <= JWKVIEW_MAX_RULE_STRINGS; ++i) many[i] = "api";
  rules.audiences = many;
  rules.audience_count = JWKVIEW_MAX_RULE_STRINGS + 1;
  CHECK_CODE(jwkview_validate(set, jwt, strlen(jwt), &rules, now, reader, NULL, &error),
             JWKVIEW_TOO_MANY_MEMBERS);
  rules.audience_count = JWKVIEW_MAX_RULE_STRINGS;
  CHECK_CODE(jwkview_validate(set, jwt, strlen(jwt), &rules, now, reader, NULL, &error),
             JWKVIEW_OK);
  rules.audiences = audiences;
  rules.audience_count = 1;

  rules.max_token_bytes = 100;
  CHECK_CODE(jwkview_validate(set, jwt, strlen(jwt), &rules, now, reader, NULL, &error),
             JWKVIEW_TOKEN_TOO_LARGE);
  rules.max_token_bytes = 16384;

  /* One signature character changed (in the middle: still canonical). */
  {
    char* mid = strrchr(jwt, '.') + 20;
    *mid = *mid == 'A' ? 'B' : 'A';
    CHECK_CODE(jwkview_validate(set, jwt, strlen(jwt), &rules, now, reader, NULL, &error),
               JWKVIEW_BAD_SIGNATURE);
  }

  token(good_key, "stranger", claims_json, jwt);
  CHECK_CODE(jwkview_validate(set, jwt, strlen(jwt), &rules, now, reader, NULL, &error),
             JWKVIEW_UNKNOWN_KEY);
  CHECK(strcmp(error.path, "/header/kid") == 0);

  /* The 1024-bit key is refused by the policy, and the rule is named. */
  token(small_key, "small", claims_json, jwt);
  CHECK_CODE(jwkview_validate(set, jwt, strlen(jwt), &rules, now, reader, NULL, &error),
             JWKVIEW_KEY_REFUSED);
  CHECK(error.rule == JWKVIEW_RULE_RSA_TOO_SMALL);
  CHECK(strcmp(jwkview_policy_rule_name(error.rule), "rsa_too_small") == 0);
  CHECK(strstr(error.message, "rsa_too_small") != NULL);
  /* The same through the thread's reader. */
  CHECK_CODE(jwkview_validate(set, jwt, strlen(jwt), &rules, now, NULL, NULL, &error),
             JWKVIEW_KEY_REFUSED);
  CHECK(error.rule == JWKVIEW_RULE_RSA_TOO_SMALL);

  {
    char unsigned_jwt[1024];
    size_t at = b64url_text("{\"alg\":\"none\",\"kid\":\"good\"}", unsigned_jwt);
    unsigned_jwt[at++] = '.';
    at += b64url_text(claims_json, unsigned_jwt + at);
    strcpy(unsigned_jwt + at, ".AAAA");
    CHECK_CODE(jwkview_validate(set, unsigned_jwt, strlen(unsigned_jwt), &rules, now, reader, NULL,
                                &error),
               JWKVIEW_UNSUPPORTED_ALGORITHM);
  }
  CHECK_CODE(jwkview_validate(set, "abc", 3, &rules, now, reader, NULL, &error),
             JWKVIEW_MALFORMED_JWS);
  CHECK_CODE(jwkview_validate(NULL, jwt, strlen(jwt), &rules, now, reader, NULL, &error),
             JWKVIEW_UNKNOWN_KEY);
  jwkview_reader_free(reader);
}

static void test_store(jwkview_key_set* set) {
  char claims_json[512];
  char jwt[2048];
  char jwks[1000];
  char good[900];
  jwkview_key_set* first;
  jwkview_key_set* rotated;
  jwkview_key_set* second;
  jwkview_claims claims;
  jwkview_key_store* store = jwkview_key_store_new();
  CHECK(store != NULL);
  CHECK(jwkview_key_store_snapshot(store) == NULL);

  jwkview_key_store_publish(store, set);
  first = jwkview_key_store_snapshot(store);
  CHECK(first != NULL && jwkview_key_set_size(first) == 2);

  /* A rotation: the same key under a new kid. The old snapshot still
   * verifies with the old kid; new snapshots use the new set. */
  rsa_jwk(good_key, "rotated", good);
  sprintf(jwks, "[%s]", good);
  rotated = jwkview_key_set_build(jwks, strlen(jwks), NULL, NULL);
  CHECK(rotated != NULL);
  jwkview_key_store_publish(store, rotated);
  jwkview_key_set_free(rotated); /* the store keeps its own reference */
  second = jwkview_key_store_snapshot(store);
  CHECK(second != NULL && jwkview_key_set_size(second) == 1);

  standard_claims(claims_json, now + 600, "https://issuer.example");
  token(good_key, "good", claims_json, jwt);
  CHECK_CODE(jwkview_validate(first, jwt, strlen(jwt), NULL, now, NULL, &claims, NULL), JWKVIEW_OK);
  CHECK_CODE(jwkview_validate(second, jwt, strlen(jwt), NULL, now, NULL, NULL, NULL),
             JWKVIEW_UNKNOWN_KEY);
  token(good_key, "rotated", claims_json, jwt);
  CHECK_CODE(jwkview_validate(second, jwt, strlen(jwt), NULL, now, NULL, &claims, NULL),
             JWKVIEW_OK);
  CHECK(SAME(claims.signer_kid, "rotated"));

  jwkview_key_store_publish(store, NULL);
  CHECK(jwkview_key_store_snapshot(store) == NULL);
  jwkview_key_store_free(store);
  /* Snapshots outlive the store. */
  CHECK(jwkview_key_set_size(second) == 1);
  jwkview_key_set_free(first);
  jwkview_key_set_free(second);
}

int main(void) {
  jwkview_key_set* set;
  test_names();
  test_parse();

  good_key = EVP_RSA_gen(2048);
  small_key = EVP_RSA_gen(1024);
  if (good_key == NULL || small_key == NULL) {
    fprintf(stderr, "cannot generate RSA keys\n");
    return 2;
  }
  set = build_set();
  if (set != NULL) {
    test_key_set(set);
    test_validate(set);
    test_store(set);
  }
  jwkview_key_set_free(set);
  EVP_PKEY_free(good_key);
  EVP_PKEY_free(small_key);
  if (failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("c_api_test: all checks passed\n");
  return 0;
}
