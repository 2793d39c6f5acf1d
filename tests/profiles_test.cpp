// The profiles: automatic (the default) picks okta or rfc7517 per key; a
// failure that only the asked-for profile causes names the flag that would
// accept the key; private members are reported as such under every profile.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jwkview/jwkview.hpp"
#include "test_support.hpp"

namespace {

using namespace jwkview;
using namespace jwkview::test;

options with(profile p) {
  options o;
  o.profile = p;
  return o;
}

TEST(Profiles, DefaultIsAutomatic) {
  EXPECT_EQ(options{}.profile, profile::automatic);
  EXPECT_EQ(to_string(profile::automatic), "auto");
  profile p = profile::okta;
  EXPECT_TRUE(parse_profile("auto", p));
  EXPECT_EQ(p, profile::automatic);
  EXPECT_TRUE(parse_profile("rfc7517", p));
  EXPECT_EQ(p, profile::rfc7517);
  EXPECT_FALSE(parse_profile("google", p));
  EXPECT_EQ(p, profile::rfc7517);
}

TEST(Profiles, AutomaticChoosesOktaForAnyOfOktasOwnMembers) {
  json_object plain;
  plain.str("kty", "RSA").str("n", kRsaN).str("e", kRsaE);
  const std::vector<std::pair<std::string, std::string>> markers = {
      {"id", R"("a")"},          {"created", R"("2024-01-01T00:00:00.000Z")"},
      {"created", "null"},       {"lastUpdated", R"("2024-01-01T00:00:00.000Z")"},
      {"status", R"("ACTIVE")"}, {"_links", "{}"},
  };
  parser p;
  EXPECT_EQ(parse_valid(p, plain.json()).schema, profile::rfc7517);
  for (const auto& [name, value] : markers) {
    SCOPED_TRACE(name + ":" + value);
    json_object k = plain;
    k.raw(name, value);
    if (name != "id") k.str("id", "a");  // the okta schema requires it
    parser q;
    const key parsed = parse_valid(q, k.json());
    EXPECT_EQ(parsed.schema, profile::okta);
  }
  // A member Okta does not own (kid, alg, use) decides nothing.
  json_object kid = plain;
  kid.str("kid", "k").str("alg", "RS256").str("use", "sig");
  parser r;
  EXPECT_EQ(parse_valid(r, kid.json()).schema, profile::rfc7517);
}

TEST(Profiles, AsksForAProfileAndGetsItsSchema) {
  json_object plain;
  plain.str("kty", "RSA").str("n", kRsaN).str("e", kRsaE);
  parser okta(with(profile::okta));
  const outcome o = run(okta, plain.json());
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_TRUE(is_error(o.errors[0], error_code::missing_member, 0, "/id"));
  EXPECT_EQ(o.errors[0].message(),
            "id is missing; the okta profile requires it; --profile rfc7517 does not");
  parser rfc(with(profile::rfc7517));
  EXPECT_EQ(parse_valid(rfc, rsa_key().json()).schema, profile::rfc7517);
  parser okta2(with(profile::okta));
  EXPECT_EQ(parse_valid(okta2, rsa_key().json()).schema, profile::okta);
}

// A key with one of Okta's members meets Okta's enums wherever that member
// comes, before or after the value it rules out.
TEST(Profiles, AutomaticAppliesOktaRulesWhateverTheMemberOrder) {
  const std::string before = okp_key().json();  // "id" first
  json_object after_k = okp_key();
  after_k.erase("id").str("id", "okp-1");
  const std::string after = after_k.json();
  for (const std::string& json : {before, after}) {
    SCOPED_TRACE(json);
    for (const profile pr : {profile::automatic, profile::okta}) {
      parser p(with(pr));
      const outcome o = run(p, json);
      ASSERT_EQ(o.errors.size(), 1u);
      EXPECT_TRUE(
          is_error(o.errors[0], error_code::unknown_value, value_offset(json, "kty"), "/kty"));
      EXPECT_EQ(o.errors[0].message(),
                R"(kty "OKP" is not allowed by the okta profile (RSA, EC); --profile rfc7517 )"
                "accepts it");
    }
    parser rfc(with(profile::rfc7517));
    EXPECT_EQ(parse_valid(rfc, json).schema, profile::rfc7517);
  }
  // Without Okta's members the same key is an RFC 7517 key.
  json_object plain = okp_key();
  plain.erase("id");
  parser p;
  EXPECT_EQ(parse_valid(p, plain.json()).schema, profile::rfc7517);
}

TEST(Profiles, AutomaticMatchesOktaOnOktaKeysAndRfc7517OnOthers) {
  const std::vector<std::string> okta_keys = {
      rsa_key().json(),
      rsa_key().str("status", "REVOKED").json(),
      rsa_key().str("use", "enc").json(),
      ec_key().str("use", "enc").json(),
      ec_key("secp256k1").json(),
      ec_key().raw("_links", R"({"activate":{"href":"x","hints":{"allow":["FETCH"]}}})").json(),
      rsa_key().erase("id").str("status", "ACTIVE").json(),
      rsa_key().str("kty", "oct").json(),
  };
  for (const std::string& json : okta_keys) {
    SCOPED_TRACE(json);
    parser a(with(profile::automatic));
    parser b(with(profile::okta));
    const outcome x = run(a, json);
    const outcome y = run(b, json);
    ASSERT_EQ(x.errors.size(), y.errors.size());
    for (std::size_t i = 0; i < x.errors.size(); ++i) {
      EXPECT_TRUE(is_error(x.errors[i], y.errors[i].code, y.errors[i].offset, y.errors[i].path()));
      EXPECT_EQ(x.errors[i].message(), y.errors[i].message());
    }
    EXPECT_EQ(x.keys.size(), y.keys.size());
  }
  for (std::string json : okta_keys) {
    json_object plain;
    SCOPED_TRACE(json);
    // The same keys without Okta's members read as RFC 7517 keys.
    const std::size_t id = json.find(R"("id":"rsa-1",)");
    const std::size_t ec = json.find(R"("id":"ec-1",)");
    if (id != std::string::npos) json.erase(id, 13);
    if (ec != std::string::npos) json.erase(ec, 12);
    if (json.find("\"status\"") != std::string::npos || json.find("_links") != std::string::npos)
      continue;
    parser a(with(profile::automatic));
    parser b(with(profile::rfc7517));
    const outcome x = run(a, json);
    const outcome y = run(b, json);
    EXPECT_EQ(x.errors.size(), y.errors.size());
    EXPECT_EQ(x.keys.size(), y.keys.size());
  }
}

TEST(Profiles, EncryptionKeysMustBeRsaOnlyForOkta) {
  const std::string json = ec_key().str("use", "enc").json();
  parser p;
  const outcome o = run(p, json);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_EQ(o.errors[0].code, error_code::enc_requires_rsa);
  EXPECT_EQ(
      o.errors[0].message(),
      R"(use "enc" needs kty RSA in the okta profile, not "EC"; --profile rfc7517 accepts it)");
}

// --- private members -----------------------------------------------------------

TEST(Profiles, PrivateMembersAreReportedAsPrivateUnderEveryProfile) {
  const char* names[] = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"};
  const std::vector<json_object> keys = {rsa_key(), ec_key(), okp_key(),
                                         json_object().str("id", "o").str("kty", "oct"),
                                         json_object().str("kty", "oct")};
  for (const profile pr : {profile::automatic, profile::okta, profile::rfc7517}) {
    for (const json_object& base : keys) {
      for (const char* name : names) {
        const std::string value = std::string_view(name) == "oth" ? "[]" : R"("AQAB")";
        // The private member first, and last.
        json_object first;
        first.raw(name, value);
        const std::string base_json = base.json();
        const std::string first_json =
            cat({"{", json_string(name), ":", value, ",", base_json.substr(1)});
        json_object last = base;
        last.raw(name, value);
        for (const std::string& json : {first_json, last.json()}) {
          SCOPED_TRACE(cat({to_string(pr), ": ", json}));
          parser p(with(pr));
          const outcome o = run(p, json);
          ASSERT_EQ(o.errors.size(), 1u);
          EXPECT_TRUE(is_error(o.errors[0], error_code::private_member, name_offset(json, name),
                               cat({"/", name})));
          EXPECT_EQ(o.errors[0].message(),
                    cat({"\"", name,
                         "\" is a private key member; a public key listing must not hold it"}));
        }
      }
    }
  }
}

}  // namespace
