// The key policy: every key a careful gateway must not trust is refused,
// with the rule that refused it.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

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

// The ROCA test by its definition, prime by prime and octet by octet: every
// residue of n is a power of 65537 modulo each prime.
bool roca_by_definition(const std::vector<std::uint8_t>& n) {
  if (n.empty()) return false;
  for (const std::uint32_t p :
       {3U,   5U,   7U,   11U,  13U,  17U,  19U,  23U,  29U,  31U,  37U,  41U,  43U,
        47U,  53U,  59U,  61U,  67U,  71U,  73U,  79U,  83U,  89U,  97U,  101U, 103U,
        107U, 109U, 113U, 127U, 131U, 137U, 139U, 149U, 151U, 157U, 163U, 167U}) {
    std::uint32_t r = 0;
    for (const std::uint8_t octet : n) r = (r * 256 + octet) % p;
    bool power = false;
    std::uint32_t x = 1;
    do {
      power = power || x == r;
      x = x * (65537 % p) % p;
    } while (x != 1);
    if (!power) return false;
  }
  return true;
}

std::vector<std::uint8_t> decoded(std::string_view b64) {
  std::vector<std::uint8_t> out(b64.size());
  const code_result<std::size_t> r = base64url_decode(b64, out);
  out.resize(r ? r.value : 0);
  return out;
}

// The fast test reduces the modulus by products of primes, four octets at a
// time: it must agree with the definition on every length (each remainder
// of four) and on moduli that pass the first primes and fail a later one.
TEST(KeyPolicy, RocaFingerprintAgreesWithItsDefinition) {
  const std::vector<std::uint8_t> roca = decoded(kRocaN);
  const std::vector<std::uint8_t> almost = decoded(kAlmostRocaN);
  ASSERT_EQ(roca.size(), 256U);
  EXPECT_TRUE(roca_by_definition(roca));
  EXPECT_FALSE(roca_by_definition(almost));
  std::mt19937 rng(7);
  std::size_t fingerprints = 0;
  for (int round = 0; round < 4000; ++round) {
    std::vector<std::uint8_t> n;
    if (round % 2 == 0) {
      n.resize(1 + rng() % 520);
      for (std::uint8_t& octet : n) octet = static_cast<std::uint8_t>(rng());
    } else {
      // kRocaN or a prefix of it, its last octets changed a little: residues
      // that stay powers for some primes and not for others.
      n.assign(roca.begin(), roca.begin() + static_cast<std::ptrdiff_t>(256 - rng() % 8));
      if (round % 4 == 1) n.back() = static_cast<std::uint8_t>(n.back() + rng() % 3);
    }
    const bool expected = roca_by_definition(n);
    fingerprints += expected ? 1 : 0;
    ASSERT_EQ(has_roca_fingerprint(n), expected)
        << "round " << round << ", " << n.size() << " octets";
  }
  EXPECT_GT(fingerprints, 100U);  // the cases that pass every prime were met
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
