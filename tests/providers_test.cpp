// Every JWK Set that identity providers publish parses with the defaults.
//
// tests/data/providers/ holds sets laid out as each provider writes them
// (member order, extra members such as Microsoft's "issuer", Cognito's
// padded-base64 kids, Keycloak's x5c/x5t/x5t#S256 and encryption key,
// Auth0's hex-text x5t), with real key material made by OpenSSL.
// JWKVIEW_TEST_DATA names tests/data (set by Meson).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "jwkview/jwkview.hpp"
#include "test_support.hpp"

namespace {

using namespace jwkview;
using jwkview::test::outcome;
using jwkview::test::run;

std::string read_provider(const std::string& name) {
  const char* dir = std::getenv("JWKVIEW_TEST_DATA");
  EXPECT_NE(dir, nullptr) << "JWKVIEW_TEST_DATA is not set";
  if (dir == nullptr) return {};
  std::ifstream in(std::string(dir) + "/providers/" + name + ".json", std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct provider {
  const char* name;
  std::size_t keys;
  std::size_t warnings;  // Auth0's hex-text x5t, one per key
};

constexpr provider providers[] = {
    {"google", 2, 0},
    {"microsoft-entra", 1, 0},
    {"apple", 2, 0},
    {"auth0", 1, 1},
    {"okta-authorization-server", 1, 0},
    {"aws-cognito", 2, 0},
    {"keycloak", 3, 0},
    {"github-actions", 1, 0},
    {"kubernetes", 1, 0},
    {"slack", 1, 0},
    {"eddsa-and-ec", 2, 0},
};

TEST(Providers, EverySetParsesWithTheDefaults) {
  for (const provider& p : providers) {
    SCOPED_TRACE(p.name);
    const std::string json = read_provider(p.name);
    parser parse;
    const outcome o = run(parse, json);
    EXPECT_TRUE(o.ok) << (o.errors.empty() ? "" : std::string(o.errors[0].message()));
    EXPECT_EQ(o.shape, set_shape::keys_object);
    EXPECT_EQ(o.keys.size(), p.keys);
    EXPECT_EQ(o.warnings.size(), p.warnings);
    for (const key& k : o.keys) EXPECT_EQ(k.schema, profile::rfc7517);
  }
}

TEST(Providers, Auth0HexThumbprintIsAWarningThatNamesTheForm) {
  const std::string json = read_provider("auth0");
  parser parse;
  const outcome o = run(parse, json);
  ASSERT_EQ(o.keys.size(), 1u);
  ASSERT_EQ(o.warnings.size(), 1u);
  const error& w = o.warnings[0];
  EXPECT_EQ(w.code, error_code::hex_thumbprint);
  EXPECT_EQ(w.cls(), error_class::warning);
  EXPECT_EQ(w.path(), "/keys/0/x5t");
  EXPECT_EQ(w.offset, json.find("\"x5t\":") + 6);
  EXPECT_EQ(w.message(),
            "x5t holds the 40-character hex text of a SHA-1 thumbprint, base64url-encoded "
            "(Auth0's form), not the digest itself");
  EXPECT_TRUE(o.keys[0].x5t.has_value());

  // --strict: the key is dropped with the same finding as an error.
  options strict;
  strict.warnings_as_errors = true;
  parser strict_parse(strict);
  const outcome s = run(strict_parse, json);
  EXPECT_TRUE(s.keys.empty());
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_EQ(s.errors[0].code, error_code::hex_thumbprint);
  EXPECT_EQ(s.errors[0].cls(), error_class::key);
  EXPECT_FALSE(s.errors[0].is_warning());
}

TEST(Providers, KeycloakEncryptionKeyAndCertificateHints) {
  const std::string json = read_provider("keycloak");
  parser parse;
  const outcome o = run(parse, json);
  ASSERT_EQ(o.keys.size(), 3u);
  EXPECT_TRUE(o.keys[1].use.is(key_use::enc));
  EXPECT_TRUE(o.keys[1].alg.is(algorithm::rsa_oaep));
  EXPECT_EQ(o.keys[0].x5c.value.size(), 1u);
  EXPECT_TRUE(o.keys[0].x5t_s256.has_value());
  EXPECT_TRUE(o.keys[2].crv.is(curve::p256));
}

TEST(Providers, OktaManagementListingIsCheckedAsOkta) {
  const char* dir = std::getenv("JWKVIEW_EXAMPLES");
  if (dir == nullptr) GTEST_SKIP() << "JWKVIEW_EXAMPLES is not set";
  std::ifstream in(std::string(dir) + "/okta-listing.json", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string json = text.str();
  parser parse;
  const outcome o = run(parse, json, 64);
  EXPECT_TRUE(o.ok);
  ASSERT_FALSE(o.keys.empty());
  for (const key& k : o.keys) EXPECT_EQ(k.schema, profile::okta);
}

}  // namespace
