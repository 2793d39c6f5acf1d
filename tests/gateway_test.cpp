// A gateway's trust decisions, end to end: key sets built from JWKS text the
// way providers publish it, tokens signed with real keys, validate_jwt's
// verdicts. Every token a careful gateway must refuse is refused, naming the
// rule or claim that refused it.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "jwkview/jws.hpp"
#include "jwkview/key_set.hpp"
#include "jwkview/key_store.hpp"
#include "test_support.hpp"
#include "token_factory.hpp"

namespace jwkview {
namespace {

using test::b64url;
using test::sign_token;
using test::signing_key;

constexpr std::int64_t kNow = 1'800'000'000;
const std::string kClaims =
    R"({"iss":"https://id.example","sub":"alice","aud":["api","other"],"exp":1800000600,"nbf":1799999000,"iat":1799999000})";

std::shared_ptr<const key_set> build(const std::string& jwks, const key_set_options& o = {}) {
  auto r = key_set::build(jwks, o);
  EXPECT_TRUE(r) << r.error().message();
  return r ? *r : nullptr;
}

jwt_rules rules() {
  static const std::string_view audiences[] = {"api"};
  jwt_rules r;
  r.issuer = "https://id.example";
  r.audiences = audiences;
  return r;
}

/// The verdict for `token`: ok, or the error's code name plus message.
struct verdict {
  error_code code = error_code::ok;
  std::string path;
  std::string message;
};
verdict validate(const key_set& keys, const std::string& token, const jwt_rules& r = rules(),
                 std::int64_t now = kNow) {
  const result<validated_jwt> v = validate_jwt(token, keys, r, now);
  if (v) return {};
  return {v.error().code, std::string(v.error().path()), std::string(v.error().message())};
}

class Gateway : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = new signing_key(test::make_rsa_key("rsa", 2048));
    p256_ = new signing_key(test::make_ec_key("p256", "P-256"));
    ed_ = new signing_key(test::make_ed25519_key("ed"));
  }
  static void TearDownTestSuite() {
    delete rsa_;
    delete p256_;
    delete ed_;
  }
  static signing_key* rsa_;
  static signing_key* p256_;
  static signing_key* ed_;
};
signing_key* Gateway::rsa_ = nullptr;
signing_key* Gateway::p256_ = nullptr;
signing_key* Gateway::ed_ = nullptr;

TEST_F(Gateway, AcceptsEachAlgorithmAndReturnsTheClaims) {
  const auto keys = build(test::jwks_of({rsa_, p256_, ed_}));
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->usable(), 3u);
  const std::pair<const signing_key*, const char*> cases[] = {{rsa_, "RS256"},  {rsa_, "RS384"},
                                                              {rsa_, "PS256"},  {rsa_, "PS512"},
                                                              {p256_, "ES256"}, {ed_, "EdDSA"}};
  for (const auto& [k, alg] : cases) {
    SCOPED_TRACE(alg);
    const std::string token = sign_token(*k, alg, kClaims);
    const result<validated_jwt> v = validate_jwt(token, *keys, rules(), kNow);
    ASSERT_TRUE(v) << v.error().message();
    EXPECT_EQ(v->signer->kid.value, k->kid);
    EXPECT_EQ(v->token.sub.value, "alice");
    EXPECT_EQ(v->token.exp.seconds, 1800000600);
    ASSERT_EQ(v->token.aud.size(), 2u);
    EXPECT_EQ(v->token.aud[1], "other");
  }
}

TEST_F(Gateway, RefusesTamperedAndForgedTokens) {
  const auto keys = build(test::jwks_of({rsa_, p256_}));
  const std::string token = sign_token(*rsa_, "RS256", kClaims);
  // Other claims under the same signature.
  const std::size_t dot1 = token.find('.');
  const std::size_t dot2 = token.rfind('.');
  const std::string forged = token.substr(0, dot1 + 1) +
                             b64url(R"({"iss":"https://id.example","sub":"root","aud":"api",)"
                                    R"("exp":1800000600})") +
                             token.substr(dot2);
  EXPECT_EQ(validate(*keys, forged).code, error_code::bad_signature);
  // The signature of the p256 key, presented under the rsa kid.
  const std::string swapped =
      sign_token(*rsa_, "RS256", R"({"alg":"ES256","kid":"rsa"})", kClaims);  // header says ES256
  EXPECT_EQ(validate(*keys, swapped).code, error_code::key_refused);
  EXPECT_NE(validate(*keys, swapped).message.find("alg_does_not_fit"), std::string::npos);
  // alg none, and HMAC keyed with the public key: the classic confusions.
  const std::string body = b64url(kClaims);
  EXPECT_EQ(validate(*keys, b64url(R"({"alg":"none","kid":"rsa"})") + "." + body + ".").code,
            error_code::malformed_jws);
  EXPECT_EQ(validate(*keys, b64url(R"({"alg":"none","kid":"rsa"})") + "." + body + ".c2ln").code,
            error_code::unsupported_algorithm);
  const verdict hs256 =
      validate(*keys, b64url(R"({"alg":"HS256","kid":"rsa"})") + "." + body + ".c2ln");
  EXPECT_EQ(hs256.code, error_code::key_refused);
  EXPECT_NE(hs256.message.find("algorithm_not_allowed"), std::string::npos) << hs256.message;
  // Keys offered by the token itself are never used.
  const std::string injected = sign_token(
      *rsa_, "RS256", R"({"alg":"RS256","kid":"attacker","jwk":)" + rsa_->jwk + "}", kClaims);
  EXPECT_EQ(validate(*keys, injected).code, error_code::unknown_key);
}

// jwkview writes the DER form of JOSE's R || S itself. Two hundred real
// signatures per curve give R and S with a leading zero octet and with the
// high bit set (each DER INTEGER must drop the one and pad the other; P-521's
// 66 octets start with a zero half the time); R or S of zero, or a flipped
// bit, never verify.
TEST_F(Gateway, EcdsaSignaturesOfEveryShapeVerify) {
  std::size_t leading_zero = 0;
  std::size_t high_bit = 0;
  for (const auto& [crv, alg] :
       {std::pair{"P-256", "ES256"}, std::pair{"P-384", "ES384"}, std::pair{"P-521", "ES512"}}) {
    SCOPED_TRACE(alg);
    const signing_key k = test::make_ec_key(crv, crv);
    const auto keys = build(test::jwks_of({&k}));
    for (int i = 0; i < 200; ++i) {
      const std::string token = sign_token(k, alg, kClaims);
      ASSERT_EQ(validate(*keys, token).code, error_code::ok) << token;
      const std::size_t dot = token.rfind('.');
      std::vector<std::uint8_t> rs(200);
      rs.resize(*base64url_decode(std::string_view(token).substr(dot + 1), rs));
      const std::size_t octets = rs.size() / 2;
      for (const std::size_t at : {std::size_t{0}, octets}) {
        leading_zero += rs[at] == 0 ? 1 : 0;
        high_bit += (rs[at] & 0x80) != 0 ? 1 : 0;
      }
      if (i % 50 != 0) continue;
      for (const std::size_t at : {std::size_t{0}, octets}) {
        std::vector<std::uint8_t> zero = rs;
        std::fill_n(zero.begin() + static_cast<std::ptrdiff_t>(at), octets, 0);
        const std::string bad =
            token.substr(0, dot + 1) +
            b64url(std::string_view(reinterpret_cast<const char*>(zero.data()), zero.size()));
        EXPECT_EQ(validate(*keys, bad).code, error_code::bad_signature);
      }
      std::vector<std::uint8_t> flipped = rs;
      flipped[octets - 1] ^= 1;
      EXPECT_EQ(
          validate(*keys, token.substr(0, dot + 1) +
                              b64url(std::string_view(reinterpret_cast<const char*>(flipped.data()),
                                                      flipped.size())))
              .code,
          error_code::bad_signature);
    }
  }
  EXPECT_GT(leading_zero, 0U);  // P-521's, at least
  EXPECT_GT(high_bit, 0U);      // half of P-256's and P-384's
}

// Each key's verification context per alg is made on its first token and
// copied for every later one (signature.hpp): the copy must serve every alg
// of the key, stay good after a signature that fails, and survive threads
// racing to make it on a set no token has used yet.
TEST_F(Gateway, ContextsMadeOnceServeEveryLaterToken) {
  const char* const rsa_algs[] = {"RS256", "PS256", "RS512", "PS384"};
  std::vector<std::string> good;
  std::vector<std::string> bad;
  for (const char* alg : rsa_algs) good.push_back(sign_token(*rsa_, alg, kClaims));
  good.push_back(sign_token(*p256_, "ES256", kClaims));
  for (const std::string& t : good) {
    std::string b = t;
    b[t.rfind('.') + 5] = b[t.rfind('.') + 5] == 'A' ? 'B' : 'A';
    bad.push_back(b);
  }
  for (int round = 0; round < 3; ++round) {
    const auto keys = build(test::jwks_of({rsa_, p256_}));
    ASSERT_TRUE(keys);
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < 4; ++w) {
      threads.emplace_back([&, w] {
        for (int i = 0; i < 20; ++i) {
          const std::size_t which = static_cast<std::size_t>(i + w) % good.size();
          if (validate(*keys, good[which]).code != error_code::ok) ++wrong;
          if (validate(*keys, bad[which]).code != error_code::bad_signature) ++wrong;
        }
      });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(wrong.load(), 0) << "round " << round;
  }
}

// --- the issue's list: tokens a careful gateway must refuse --------------------------

TEST_F(Gateway, RefusesSmallRsaKeys) {
  for (const unsigned bits : {512u, 1024u}) {
    SCOPED_TRACE(bits);
    const signing_key weak = test::make_rsa_key("weak", bits);
    const auto keys = build(test::jwks_of({&weak, rsa_}));
    ASSERT_EQ(keys->refused().size(), 1u);
    EXPECT_EQ(keys->refused()[0].rule, policy_rule::rsa_too_small);
    const verdict v = validate(*keys, sign_token(weak, "RS256", kClaims));
    EXPECT_EQ(v.code, error_code::key_refused);
    EXPECT_EQ(v.path, "/header/kid");
    EXPECT_NE(v.message.find("rsa_too_small"), std::string::npos) << v.message;
    // A policy that asks less accepts it.
    key_set_options lax;
    lax.policy.min_rsa_bits = bits;
    EXPECT_EQ(
        validate(*build(test::jwks_of({&weak}), lax), sign_token(weak, "RS256", kClaims)).code,
        error_code::ok);
  }
}

TEST_F(Gateway, RefusesKeysWhoseKeyOpsLackVerify) {
  const signing_key k = test::make_rsa_key("enc-ops", 2048, R"(,"key_ops":["encrypt"])");
  const verdict v = validate(*build(test::jwks_of({&k})), sign_token(k, "RS256", kClaims));
  EXPECT_EQ(v.code, error_code::key_refused);
  EXPECT_NE(v.message.find("no_verify_op"), std::string::npos) << v.message;
  const signing_key ok = test::make_rsa_key("verify-ops", 2048, R"(,"key_ops":["verify"])");
  EXPECT_EQ(validate(*build(test::jwks_of({&ok})), sign_token(ok, "RS256", kClaims)).code,
            error_code::ok);
}

TEST_F(Gateway, RefusesEncryptionKeys) {
  const signing_key k = test::make_rsa_key("enc", 2048, R"(,"use":"enc")");
  const verdict v = validate(*build(test::jwks_of({&k})), sign_token(k, "RS256", kClaims));
  EXPECT_EQ(v.code, error_code::key_refused);
  EXPECT_NE(v.message.find("wrong_use"), std::string::npos) << v.message;
}

TEST_F(Gateway, RefusesInactiveOktaKeys) {
  // An Okta management-API key (id, status, created...) as Okta lists it.
  const std::string extra =
      R"(,"id":"pks2f4zrZbs8nUa7p0g4","status":"INACTIVE","created":"2023-02-21T20:08:24.000Z",)"
      R"("lastUpdated":"2023-02-21T20:08:24.000Z","use":"sig","alg":"RS256")";
  const signing_key k = test::make_rsa_key("okta-old", 2048, extra);
  const auto keys = build(test::jwks_of({&k}));
  ASSERT_EQ(keys->keys().size(), 1u);
  EXPECT_EQ(keys->keys()[0].schema, profile::okta);
  const verdict v = validate(*keys, sign_token(k, "RS256", kClaims));
  EXPECT_EQ(v.code, error_code::key_refused);
  EXPECT_NE(v.message.find("inactive"), std::string::npos) << v.message;
  // The same key ACTIVE verifies.
  std::string active = k.jwk;
  active.replace(active.find("INACTIVE"), 8, "ACTIVE");
  EXPECT_EQ(validate(*build(R"({"keys":[)" + active + "]}"), sign_token(k, "RS256", kClaims)).code,
            error_code::ok);
}

TEST_F(Gateway, TheExampleListingsInactiveKeysAreNeverUsed) {
  std::ifstream in(std::filesystem::path(JWKVIEW_SOURCE_DIR) / "examples" / "okta-listing.json");
  std::stringstream text;
  text << in.rdbuf();
  const auto keys = build(text.str());
  ASSERT_TRUE(keys);
  std::size_t inactive = 0;
  for (std::size_t i = 0; i < keys->keys().size(); ++i) {
    const key& k = keys->keys()[i];
    if (k.status.value != key_status::inactive) continue;
    ++inactive;
    // An inactive encryption key is refused for its use first.
    EXPECT_EQ(keys->rule(i),
              k.use.value == key_use::enc ? policy_rule::wrong_use : policy_rule::inactive);
    EXPECT_EQ(keys->pkey(i), nullptr);
  }
  EXPECT_EQ(inactive, 4u);
}

TEST_F(Gateway, RefusesRocaModuli) {
  const std::string jwk =
      R"({"kty":"RSA","kid":"roca","e":"AQAB","n":")" + test::roca_modulus() + "\"}";
  const auto keys = build(R"({"keys":[)" + jwk + "," + rsa_->jwk + "]}");
  ASSERT_EQ(keys->refused().size(), 1u);
  EXPECT_EQ(keys->refused()[0].rule, policy_rule::rsa_roca);
  // Whatever the signature, the key is never tried.
  const std::string token =
      b64url(R"({"alg":"RS256","kid":"roca"})") + "." + b64url(kClaims) + ".c2ln";
  const verdict v = validate(*keys, token);
  EXPECT_EQ(v.code, error_code::key_refused);
  EXPECT_NE(v.message.find("rsa_roca"), std::string::npos) << v.message;
}

TEST_F(Gateway, TheKeysOwnAlgIsEnforcedByVerifyJwsItself) {
  const signing_key k = test::make_rsa_key("pss-only", 2048, R"(,"alg":"PS256")");
  const std::string rs256 = sign_token(k, "RS256", kClaims);
  jwt_reader reader;
  const result<jwt> t = reader.read(rs256);
  ASSERT_TRUE(t);
  parser p;
  const result<key> parsed = p.parse_key(k.jwk);
  ASSERT_TRUE(parsed);
  const code_result<evp_pkey_ptr> pkey = to_evp_pkey(*parsed);
  ASSERT_TRUE(pkey);
  // The RSA key fits RS256, and the signature is good: only the JWK's alg refuses.
  const code_result<policy_rule> v = verify_jws(*t, *parsed, pkey->get());
  EXPECT_EQ(v.code, error_code::key_refused);
  EXPECT_EQ(v.value, policy_rule::alg_differs);
  const std::string ps256 = sign_token(k, "PS256", kClaims);  // the jwt's views point into it
  const result<jwt> ps = reader.read(ps256);
  ASSERT_TRUE(ps);
  EXPECT_TRUE(verify_jws(*ps, *parsed, pkey->get()));
  // And through a key set.
  const verdict through_set = validate(*build(test::jwks_of({&k})), rs256);
  EXPECT_EQ(through_set.code, error_code::key_refused);
  EXPECT_NE(through_set.message.find("alg_differs"), std::string::npos);
}

TEST_F(Gateway, RefusesB64AndCrit) {
  const auto keys = build(test::jwks_of({rsa_}));
  const verdict b64 = validate(
      *keys, sign_token(*rsa_, "RS256", R"({"alg":"RS256","kid":"rsa","b64":false})", kClaims));
  EXPECT_EQ(b64.code, error_code::unsupported_header);
  EXPECT_EQ(b64.path, "/header/b64");
  const verdict crit = validate(
      *keys,
      sign_token(*rsa_, "RS256", R"({"alg":"RS256","kid":"rsa","crit":["exp"],"exp":1})", kClaims));
  EXPECT_EQ(crit.code, error_code::unsupported_header);
  EXPECT_EQ(crit.path, "/header/crit");
}

// --- HMAC: only from the gateway's own trusted file ---------------------------------------

TEST_F(Gateway, HmacKeysOnlyFromATrustedSet) {
  const signing_key secret = test::make_hmac_key("hs", std::string(32, 'k'));
  const std::string jwks = test::jwks_of({&secret, rsa_});
  const std::string token = sign_token(secret, "HS256", kClaims);
  // A published set never yields a secret: k is a private member there.
  const auto published = build(jwks);
  ASSERT_EQ(published->refused().size(), 1u);
  EXPECT_EQ(published->refused()[0].problem.code, error_code::private_member);
  EXPECT_EQ(validate(*published, token).code, error_code::unknown_key);
  // HMAC keyed with the RSA key's public text: the classic confusion.
  const verdict confused =
      validate(*published, sign_token(secret, "HS256", R"({"alg":"HS256","kid":"rsa"})", kClaims));
  EXPECT_EQ(confused.code, error_code::key_refused);
  EXPECT_NE(confused.message.find("algorithm_not_allowed"), std::string::npos);

  key_set_options trusted;
  trusted.trusted_secrets = true;
  const auto own = build(jwks, trusted);
  EXPECT_EQ(own->usable(), 2u);
  EXPECT_EQ(validate(*own, token).code, error_code::ok);
  EXPECT_EQ(validate(*own, sign_token(secret, "HS384", kClaims)).code, error_code::key_refused);
  EXPECT_EQ(validate(*own, token.substr(0, token.size() - 2) + "AA").code,
            error_code::bad_signature);
  // An RS256 token naming the secret's kid is not checked with it.
  const verdict rs =
      validate(*own, sign_token(*rsa_, "RS256", R"({"alg":"RS256","kid":"hs"})", kClaims));
  EXPECT_EQ(rs.code, error_code::key_refused);
  EXPECT_NE(rs.message.find("alg_does_not_fit"), std::string::npos);

  // Secrets shorter than the hash (RFC 7518 section 3.2).
  const signing_key short_secret = test::make_hmac_key("short", std::string(16, 's'));
  const verdict too_short = validate(*build(test::jwks_of({&short_secret}), trusted),
                                     sign_token(short_secret, "HS256", kClaims));
  EXPECT_EQ(too_short.code, error_code::key_refused);
  EXPECT_NE(too_short.message.find("secret_too_short"), std::string::npos);
  // k belongs to oct keys only, even in a trusted file.
  const std::string rsa_with_k = rsa_->jwk.substr(0, rsa_->jwk.size() - 1) + R"(,"k":"c2VjcmV0"})";
  const auto odd = build(R"({"keys":[)" + rsa_with_k + "]}", trusted);
  ASSERT_EQ(odd->refused().size(), 1u);
  EXPECT_EQ(odd->refused()[0].problem.code, error_code::private_member);
  EXPECT_EQ(odd->refused()[0].problem.path(), "/keys/0/k");
}

// --- claims through validate_jwt --------------------------------------------------------

TEST_F(Gateway, ClaimsAreCheckedAfterTheSignature) {
  const auto keys = build(test::jwks_of({p256_}));
  const std::string token = sign_token(*p256_, "ES256", kClaims);
  EXPECT_EQ(validate(*keys, token, rules(), 1800000600 + 59).code, error_code::ok);
  EXPECT_EQ(validate(*keys, token, rules(), 1800000600 + 60).code, error_code::token_expired);
  jwt_rules other = rules();
  other.issuer = "https://evil.example";
  EXPECT_EQ(validate(*keys, token, other).code, error_code::wrong_issuer);
  const std::string_view audiences[] = {"billing"};
  other = rules();
  other.audiences = audiences;
  EXPECT_EQ(validate(*keys, token, other).code, error_code::wrong_audience);
  other = rules();
  other.max_token_bytes = token.size() - 1;
  EXPECT_EQ(validate(*keys, token, other).code, error_code::token_too_large);
  // A bad signature is reported before an expired one: claims of an
  // unverified token say nothing.
  EXPECT_EQ(validate(*keys, token.substr(0, token.size() - 2) + "AA", rules(), kNow + 9999).code,
            error_code::bad_signature);
}

// --- key selection ------------------------------------------------------------------------

TEST_F(Gateway, RepeatedKidsAreEachTried) {
  // A rotation publishes the new key under the old kid beside the old one.
  const signing_key old_key = test::make_rsa_key("shared", 2048);
  const signing_key new_key = test::make_rsa_key("shared", 2048);
  const auto keys = build(test::jwks_of({&old_key, &new_key}));
  EXPECT_EQ(keys->index().duplicate_kids(), 1u);
  EXPECT_EQ(validate(*keys, sign_token(old_key, "RS256", kClaims)).code, error_code::ok);
  const result<validated_jwt> v =
      validate_jwt(sign_token(new_key, "RS256", kClaims), *keys, rules(), kNow);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->signer, &keys->keys()[1]);
  // One kid for an EC and an RSA key: only the one that fits the alg is tried.
  const signing_key ec = test::make_ec_key("shared", "P-256");
  const auto mixed = build(test::jwks_of({&ec, &new_key}));
  EXPECT_EQ(validate(*mixed, sign_token(new_key, "RS256", kClaims)).code, error_code::ok);
  EXPECT_EQ(validate(*mixed, sign_token(ec, "ES256", kClaims)).code, error_code::ok);
}

TEST_F(Gateway, CandidatesAreBounded) {
  std::vector<signing_key> decoys;
  for (int i = 0; i < 5; ++i) decoys.push_back(test::make_ec_key("same", "P-256"));
  std::vector<const signing_key*> all;
  for (const signing_key& k : decoys) all.push_back(&k);
  const auto keys = build(test::jwks_of(all));
  // The fifth key signed: with the default bound of 4 it is never reached.
  const std::string token = sign_token(decoys[4], "ES256", kClaims);
  const verdict v = validate(*keys, token);
  EXPECT_EQ(v.code, error_code::bad_signature);
  EXPECT_NE(v.message.find("4 key(s) tried"), std::string::npos) << v.message;
  key_set_options wider;
  wider.max_candidates = 5;
  EXPECT_EQ(validate(*build(test::jwks_of(all), wider), token).code, error_code::ok);
}

TEST_F(Gateway, TokensWithoutKidOnlyWhenAllowed) {
  const std::string token = sign_token(*p256_, "ES256", R"({"alg":"ES256"})", kClaims);
  const verdict v = validate(*build(test::jwks_of({rsa_, p256_})), token);
  EXPECT_EQ(v.code, error_code::unknown_key);
  EXPECT_NE(v.message.find("allow_tokens_without_kid"), std::string::npos);
  key_set_options o;
  o.allow_tokens_without_kid = true;
  const auto keys = build(test::jwks_of({rsa_, p256_}), o);
  EXPECT_EQ(validate(*keys, token).code, error_code::ok);
  // Only keys that fit the alg are tried: Ed25519 has none here.
  EXPECT_EQ(validate(*keys, sign_token(*ed_, "EdDSA", R"({"alg":"EdDSA"})", kClaims)).code,
            error_code::unknown_key);
}

TEST_F(Gateway, UnknownKid) {
  const verdict v =
      validate(*build(test::jwks_of({rsa_})),
               sign_token(*rsa_, "RS256", R"({"alg":"RS256","kid":"gone"})", kClaims));
  EXPECT_EQ(v.code, error_code::unknown_key);
  EXPECT_EQ(v.path, "/header/kid");
}

// --- building sets --------------------------------------------------------------------

TEST_F(Gateway, BuildListsWhatItWillNeverUse) {
  const std::string jwks = R"({"keys":[)" + rsa_->jwk +
                           R"(,{"kty":"RSA","kid":"bad","n":"AQAB=","e":"AQAB"},)"
                           R"({"kty":"oct","kid":"secret","k":"c2VjcmV0"},)" +
                           test::make_rsa_key("small", 1024).jwk + "]}";
  const auto keys = build(jwks);
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->keys().size(), 2u);  // the parser dropped two
  EXPECT_EQ(keys->usable(), 1u);
  ASSERT_EQ(keys->refused().size(), 3u);
  EXPECT_EQ(keys->refused()[0].problem.code, error_code::invalid_base64url);
  EXPECT_EQ(keys->refused()[0].index, 1u);
  EXPECT_EQ(keys->refused()[1].index, 2u);
  EXPECT_EQ(keys->refused()[1].problem.code, error_code::private_member);
  EXPECT_EQ(keys->refused()[2].problem.code, error_code::key_refused);
  EXPECT_EQ(keys->refused()[2].rule, policy_rule::rsa_too_small);
  EXPECT_EQ(keys->refused()[2].problem.path(), "/keys/3");
  // A document refused whole is build()'s error.
  const auto truncated = key_set::build(jwks.substr(0, jwks.size() / 2));
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().cls(), error_class::syntax);
}

TEST_F(Gateway, StoreSwapsSnapshots) {
  key_store store;
  EXPECT_EQ(store.snapshot(), nullptr);
  const auto first = build(test::jwks_of({rsa_}));
  store.publish(first);
  const std::shared_ptr<const key_set> held = store.snapshot();
  store.publish(build(test::jwks_of({p256_})));
  // A reader keeps its snapshot; new readers see the new one.
  EXPECT_EQ(held, first);
  EXPECT_EQ(validate(*held, sign_token(*rsa_, "RS256", kClaims)).code, error_code::ok);
  EXPECT_EQ(validate(*store.snapshot(), sign_token(*rsa_, "RS256", kClaims)).code,
            error_code::unknown_key);
  EXPECT_EQ(validate(*store.snapshot(), sign_token(*p256_, "ES256", kClaims)).code, error_code::ok);
}

}  // namespace
}  // namespace jwkview
