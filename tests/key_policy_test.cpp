// The key policy: every key a careful gateway must not trust is refused,
// with the rule that refused it.
#include <gtest/gtest.h>

#include <string>

#include "jwkview/jwkview.hpp"
#include "jwkview/key_policy.hpp"
#include "test_support.hpp"

namespace {

using namespace jwkview;
using namespace jwkview::test;

// 65537 + 2·k·M (M the product of the test's primes, k random, 1,828 bits):
// n mod p is 65537 mod p for every prime p of the test, so it has the ROCA
// fingerprint, as every modulus RSALib made has. 2048 bits, odd.
constexpr std::string_view kRocaN =
    "kI3VtwDVGSWZjgM2xVQoQ_ZcuigQ7ll0wOerJZkih12e5Qtw_j4sVYWhBCYJpXgm4RJsGNvidraVh7CsMv_q2iRWf2hUGo"
    "huruT0IyFauwaI37M5HkBxOEPU0atrC7gAop5A54z-ltpriUxSnhzHnQCAsfGAnF8pvrznRx6jaKFLa0vdy0g2_"
    "WYhQbneG"
    "wwmEn491nzUlBnomDFBN774jCpk8s4cIGhm-qB1pE8aLZOlBldXsCVgJPrWoPDioeuF68HggHpng2ehgWZE-"
    "LwXcAgMOVFU"
    "2iV840UdFqDhTmrm4rAMEJL784mbAhu5D7acoThQLFe30MKtngVQWoxdZQ";
// The same plus 12·M/157: unchanged modulo every prime but 157, where it
// leaves the subgroup 65537 generates. No fingerprint.
constexpr std::string_view kAlmostRocaN =
    "kI3VtwDVGSWZjgM2xVQoQ_ZcuigQ7ll0wOerJZkih12e5Qtw_j4sVYWhBCYJpXgm4RJsGNvidraVh7CsMv_q2iRWf2hUGo"
    "huruT0IyFauwaI37M5HkBxOEPU0atrC7gAop5A54z-ltpriUxSnhzHnQCAsfGAnF8pvrznRx6jaKFLa0vdy0g2_"
    "WYhQbneG"
    "wwmEn491nzUlBnomDFBN774jCpk8s4cIGhm-qB1pE8aLZOlBldXsCVgJPrWoPDioeuF68HggHpng2ehgWZE-"
    "LwXcAgMOVFU"
    "2iV840UdFqDhTmrm4rAMEOxw-4nBgA5KWQTd7t_NQEfgUcE2SbcXug7jWQ";

key parsed(parser& p, const std::string& json) {
  return parse_valid(p, json);
}

policy_rule rule_of(const std::string& json, algorithm alg = algorithm::rs256,
                    const key_policy& policy = {}) {
  parser p;
  return check_key_for(parsed(p, json), alg, policy);
}

TEST(KeyPolicy, ASoundKeyIsUsable) {
  EXPECT_EQ(rule_of(rsa_key().json()), policy_rule::none);
  EXPECT_EQ(rule_of(rsa_key().str("alg", "RS256").str("use", "sig").json()), policy_rule::none);
  EXPECT_EQ(rule_of(rsa_key().raw("key_ops", R"(["verify"])").json()), policy_rule::none);
  EXPECT_EQ(rule_of(rsa_key().str("status", "ACTIVE").json()), policy_rule::none);
  EXPECT_EQ(rule_of(ec_key().json(), algorithm::es256), policy_rule::none);
  EXPECT_EQ(rule_of(okp_key().erase("id").json(), algorithm::eddsa), policy_rule::none);
}

TEST(KeyPolicy, SmallRsaModuli) {
  for (const std::size_t bits : {512u, 1024u, 2040u}) {
    SCOPED_TRACE(bits);
    std::string modulus(bits / 8, '\x00');
    modulus[0] = '\xC1';
    modulus.back() = '\x01';
    const std::string n = b64url(modulus);
    EXPECT_EQ(rule_of(rsa_key().str("n", n).json()), policy_rule::rsa_too_small);
    key_policy lenient;
    lenient.min_rsa_bits = bits;
    EXPECT_EQ(rule_of(rsa_key().str("n", n).json(), algorithm::rs256, lenient), policy_rule::none);
  }
}

TEST(KeyPolicy, UseKeyOpsAndStatus) {
  EXPECT_EQ(rule_of(rsa_key().str("use", "enc").json()), policy_rule::wrong_use);
  EXPECT_EQ(rule_of(rsa_key().raw("key_ops", R"(["encrypt"])").json()), policy_rule::no_verify_op);
  EXPECT_EQ(rule_of(rsa_key().raw("key_ops", R"([])").json()), policy_rule::no_verify_op);
  EXPECT_EQ(rule_of(rsa_key().str("status", "INACTIVE").json()), policy_rule::inactive);
}

TEST(KeyPolicy, TheTokensAlgorithm) {
  const std::string ps256 = rsa_key().str("alg", "PS256").json();
  EXPECT_EQ(rule_of(ps256, algorithm::rs256), policy_rule::alg_differs);
  EXPECT_EQ(rule_of(ps256, algorithm::ps256), policy_rule::none);
  EXPECT_EQ(rule_of(rsa_key().json(), algorithm::es256), policy_rule::alg_does_not_fit);
  EXPECT_EQ(rule_of(ec_key("P-384").json(), algorithm::es256), policy_rule::alg_does_not_fit);
  for (const algorithm a : {algorithm::unknown, algorithm::hs256, algorithm::rsa_oaep,
                            algorithm::es256k, algorithm::rs256}) {
    key_policy narrow;
    narrow.algorithms = {};
    narrow.algorithms.insert(algorithm::ps256);
    EXPECT_EQ(rule_of(rsa_key().json(), a, narrow), policy_rule::algorithm_not_allowed);
  }
  EXPECT_FALSE(default_algorithms().contains(algorithm::hs256));
  EXPECT_FALSE(default_algorithms().contains(algorithm::unknown));
}

TEST(KeyPolicy, RsaExponent) {
  EXPECT_EQ(rule_of(rsa_key().str("e", "AQ").json()), policy_rule::rsa_weak_exponent);  // 1
  EXPECT_EQ(rule_of(rsa_key().str("e", "Ag").json()), policy_rule::rsa_weak_exponent);  // 2
  EXPECT_EQ(rule_of(rsa_key().str("e", "AQAA").json()), policy_rule::rsa_weak_exponent);
  EXPECT_EQ(rule_of(rsa_key().str("e", "Aw").json()), policy_rule::none);  // 3
}

TEST(KeyPolicy, RocaFingerprint) {
  EXPECT_EQ(rule_of(rsa_key().str("n", kRocaN).json()), policy_rule::rsa_roca);
  EXPECT_EQ(rule_of(rsa_key().str("n", kAlmostRocaN).json()), policy_rule::none);
  EXPECT_EQ(rule_of(rsa_key().str("n", kRsaN).json()), policy_rule::none);
  key_policy off;
  off.refuse_roca = false;
  EXPECT_EQ(rule_of(rsa_key().str("n", kRocaN).json(), algorithm::rs256, off), policy_rule::none);
  EXPECT_FALSE(has_roca_fingerprint({}));
}

TEST(KeyPolicy, SecretKeysOnlyWhenAllowed) {
  // A parse never delivers an oct key with its k; the policy still refuses
  // the type outside a trusted key set.
  const std::string oct = R"({"kty":"oct","kid":"s"})";
  parser p;
  const key k = parsed(p, oct);
  EXPECT_EQ(check_key(k, {}), policy_rule::secret_key);
  key_policy trusted;
  trusted.allow_secret_keys = true;
  EXPECT_EQ(check_key(k, trusted), policy_rule::none);
}

TEST(KeyPolicy, EveryRuleHasANameAndAMessage) {
  for (int i = 0; i <= static_cast<int>(policy_rule::unusable_material); ++i) {
    const auto r = static_cast<policy_rule>(i);
    EXPECT_FALSE(name_of(r).empty());
    EXPECT_FALSE(message_of(r).empty());
  }
  EXPECT_EQ(name_of(policy_rule::rsa_roca), "rsa_roca");
}

}  // namespace
