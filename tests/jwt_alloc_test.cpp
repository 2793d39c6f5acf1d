// Allocation: once warm, validate_jwt allocates nothing of its own.
//
// OpenSSL allocates inside EVP_DigestVerify (the digest context, the key's
// operation context, BIGNUMs; ECDSA_SIG for the R || S to DER conversion
// jwkview asks it for). Those go through CRYPTO_malloc, which this test
// routes past counting_allocator.cpp's malloc (jwt_fixture.cpp:
// CRYPTO_set_mem_functions), so g_allocations counts every other heap call:
// jwkview's, the C++ library's and glibc's. It must be zero; libcrypto's
// count is reported and must be non-zero (the split is real).
//
// Built only without sanitizers (they replace malloc too).
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdio>
#include <memory>

#include "counting_allocator.hpp"
#include "jwkview/key_set.hpp"
#include "jwt_fixture.hpp"

namespace {

using jwkview_testing::alg_name;
using jwkview_testing::counting_window;
using jwkview_testing::g_crypto_allocations;
using jwkview_testing::jwt_alg;

// Before main: libcrypto has allocated nothing yet.
const bool g_crypto_counted = jwkview_testing::count_crypto_allocations();

constexpr std::int64_t now = 1'767'225'600;  // 2026-01-01

struct fixture {
  jwkview_testing::jwt_fixture f = jwkview_testing::make_jwt_fixture(now);
  std::shared_ptr<const jwkview::key_set> keys;
  fixture() {
    auto built = jwkview::key_set::build(f.jwks);
    if (built) keys = *built;
  }
};

const fixture& shared() {
  static const fixture fx;
  return fx;
}

TEST(JwtAlloc, CryptoAllocationsAreCountedApart) {
  ASSERT_TRUE(g_crypto_counted) << "CRYPTO_set_mem_functions came after libcrypto's first malloc";
}

TEST(JwtAlloc, FixtureTokensValidate) {
  const fixture& fx = shared();
  ASSERT_TRUE(fx.keys);
  EXPECT_EQ(fx.keys->keys().size(), 50u);
  EXPECT_EQ(fx.keys->usable(), 50u);
  const std::string_view audiences[] = {jwkview_testing::fixture_audience};
  jwkview::jwt_rules rules;
  rules.issuer = jwkview_testing::fixture_issuer;
  rules.audiences = audiences;
  for (jwt_alg alg : jwkview_testing::all_jwt_algs) {
    const auto& s = fx.f.of(alg);
    SCOPED_TRACE(alg_name(alg));
    EXPECT_GT(s.token.size(), 960u);
    EXPECT_LT(s.token.size(), 1050u);
    const auto v = jwkview::validate_jwt(s.token, *fx.keys, rules, now);
    ASSERT_TRUE(v) << v.error().message();
    EXPECT_EQ(v->signer->kid.value, s.kid);
    // And refused when the signature is another key's.
    std::string forged = s.token;
    forged[forged.size() - 3] = forged[forged.size() - 3] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(jwkview::validate_jwt(forged, *fx.keys, rules, now));
  }
}

TEST(JwtAlloc, WarmValidateJwtAllocatesNothingOfItsOwn) {
  const fixture& fx = shared();
  ASSERT_TRUE(fx.keys);
  const std::string_view audiences[] = {jwkview_testing::fixture_audience};
  jwkview::jwt_rules rules;
  rules.issuer = jwkview_testing::fixture_issuer;
  rules.audiences = audiences;
  jwkview::jwt_reader reader;
  for (jwt_alg alg : jwkview_testing::all_jwt_algs) {
    const std::string& token = fx.f.of(alg).token;
    SCOPED_TRACE(alg_name(alg));
    // Warm: the reader's buffers, the thread's own reader, OpenSSL's
    // fetched algorithms.
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(jwkview::validate_jwt(token, *fx.keys, rules, now, reader));
      ASSERT_TRUE(jwkview::validate_jwt(token, *fx.keys, rules, now));
    }
    constexpr int rounds = 20;
    const std::size_t crypto_before = g_crypto_allocations.load();
    counting_window w;
    bool all_ok = true;
    for (int i = 0; i < rounds; ++i) {
      all_ok = jwkview::validate_jwt(token, *fx.keys, rules, now, reader) && all_ok;
      all_ok = jwkview::validate_jwt(token, *fx.keys, rules, now) && all_ok;
    }
    const std::size_t own = w.stop();
    const std::size_t crypto = g_crypto_allocations.load() - crypto_before;
    EXPECT_TRUE(all_ok);
    EXPECT_EQ(own, 0u) << "allocations outside libcrypto in " << 2 * rounds << " validations";
    EXPECT_GT(crypto, 0u);
    std::printf("%s: %zu allocations outside libcrypto, %.1f libcrypto allocations per token\n",
                std::string(alg_name(alg)).c_str(), own,
                static_cast<double>(crypto) / (2 * rounds));
  }
}

TEST(JwtAlloc, WarmReadAndCheckClaimsNeverAllocate) {
  const fixture& fx = shared();
  const std::string_view audiences[] = {jwkview_testing::fixture_audience};
  jwkview::jwt_rules rules;
  rules.issuer = jwkview_testing::fixture_issuer;
  rules.audiences = audiences;
  jwkview::jwt_reader reader;
  for (jwt_alg alg : jwkview_testing::all_jwt_algs) {
    const std::string& token = fx.f.of(alg).token;
    ASSERT_TRUE(reader.read(token));
    const std::size_t crypto_before = g_crypto_allocations.load();
    counting_window w;
    bool all_ok = true;
    for (int i = 0; i < 20; ++i) {
      const auto t = reader.read(token);
      all_ok = t && !jwkview::check_claims(*t, rules, now) && all_ok;
    }
    EXPECT_EQ(w.stop(), 0u) << alg_name(alg);
    EXPECT_EQ(g_crypto_allocations.load(), crypto_before) << alg_name(alg);
    EXPECT_TRUE(all_ok);
  }
}

}  // namespace
