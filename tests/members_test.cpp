// Every member of jwkview::key is mapped, with its presence, its enum value
// and text, and views into the caller's buffer.
#include <gtest/gtest.h>

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "jwkview/jwkview.hpp"
#include "test_support.hpp"

namespace {

using namespace jwkview;
using namespace jwkview::test;

std::vector<std::string_view> entries_of(const string_list& list) {
  std::vector<std::string_view> out;
  for (std::string_view s : list) out.push_back(s);
  return out;
}

/// The view of the string value of member `name` in `json` (quotes excluded).
std::string_view raw_value(std::string_view json, std::string_view name) {
  const std::size_t start = value_offset(json, name) + 1;
  const std::size_t end = json.find('"', start);
  return json.substr(start, end - start);
}

/// True when `v` is exactly the (unescaped) string value of `name` in `json`,
/// at the same address.
::testing::AssertionResult views_value(std::string_view v, std::string_view json,
                                       std::string_view name) {
  const std::string_view expected = raw_value(json, name);
  if (v.data() == expected.data() && v.size() == expected.size()) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "view of \"" << name << "\" is \"" << v << "\" not the input's bytes at offset "
         << (expected.data() - json.data());
}

const std::string kActivateHref =
    "https://{yourOktaDomain}/api/v1/apps/0oa1nkheCuDn82XVI0g4/credentials/jwks/"
    "pks2f50kZB0cITmYU0g4/lifecycle/activate";

std::string okta_rsa_response() {
  json_object activate;
  activate.str("href", kActivateHref)
      .str("name", "activate-key")
      .str("type", "application/json")
      .raw("templated", "false")
      .raw("hints", R"({"allow":["POST"]})");
  json_object deactivate;
  deactivate.str("href", "https://example.okta.com/deactivate")
      .raw("templated", "true")
      .raw("hints", R"({"allow":["POST","GET"]})");
  json_object del;
  del.str("href", "https://example.okta.com/delete")
      .raw("hints", R"({"allow":["DELETE","GET","PATCH","POST","PUT"]})");
  json_object links;
  links.raw("activate", activate.json())
      .raw("deactivate", deactivate.json())
      .raw("delete", del.json());
  json_object k;
  k.str("id", "pks2f50kZB0cITmYU0g4")
      .str("created", "2023-04-06T21:32:33.000Z")
      .str("lastUpdated", "2023-04-07T08:15:00.000Z")
      .str("kid", "ASHJHGasa782333-Sla3x3POBiIxDreBCdZuFs5B")
      .str("status", "INACTIVE")
      .str("kty", "RSA")
      .str("alg", "RS256")
      .str("use", "sig")
      .str("e", kRsaE)
      .str("n", kRsaN)
      .raw("_links", links.json());
  return k.json();
}

TEST(Members, OktaRsaResponseMapsEveryMember) {
  const std::string json = okta_rsa_response();
  parser p;  // default options: okta profile with key checks
  const key k = parse_valid(p, json);

  EXPECT_EQ(k.index, 0u);
  EXPECT_EQ(k.offset, 0u);
  EXPECT_TRUE(k.id.has_value());
  EXPECT_EQ(k.id.value, "pks2f50kZB0cITmYU0g4");
  EXPECT_EQ(k.created.state, presence::value);
  EXPECT_EQ(k.created.value, "2023-04-06T21:32:33.000Z");
  EXPECT_EQ(k.last_updated.state, presence::value);
  EXPECT_EQ(k.last_updated.value, "2023-04-07T08:15:00.000Z");
  EXPECT_EQ(k.kid.value, "ASHJHGasa782333-Sla3x3POBiIxDreBCdZuFs5B");
  EXPECT_TRUE(k.status.is(key_status::inactive));
  EXPECT_EQ(k.status.text, "INACTIVE");
  EXPECT_TRUE(k.kty.is(key_type::rsa));
  EXPECT_EQ(k.kty.text, "RSA");
  EXPECT_TRUE(k.alg.is(algorithm::rs256));
  EXPECT_EQ(k.alg.text, "RS256");
  EXPECT_TRUE(k.use.is(key_use::sig));
  EXPECT_EQ(k.use.text, "sig");
  EXPECT_EQ(k.e.value, kRsaE);
  EXPECT_EQ(k.n.value, kRsaN);

  // Members the document does not have.
  EXPECT_TRUE(k.crv.is_absent());
  EXPECT_EQ(k.crv.value, curve::unknown);
  EXPECT_TRUE(k.x.is_absent());
  EXPECT_TRUE(k.y.is_absent());
  EXPECT_TRUE(k.x5u.is_absent());
  EXPECT_TRUE(k.x5c.is_absent());
  EXPECT_TRUE(k.x5t.is_absent());
  EXPECT_TRUE(k.x5t_s256.is_absent());
  EXPECT_TRUE(k.key_ops.is_absent());
  EXPECT_TRUE(k.key_ops.values.empty());
  EXPECT_EQ(k.key_ops.entries.size(), 0u);

  // Every view without escapes points at the input's own bytes.
  EXPECT_TRUE(views_value(k.id.value, json, "id"));
  EXPECT_TRUE(views_value(k.created.value, json, "created"));
  EXPECT_TRUE(views_value(k.last_updated.value, json, "lastUpdated"));
  EXPECT_TRUE(views_value(k.kid.value, json, "kid"));
  EXPECT_TRUE(views_value(k.status.text, json, "status"));
  EXPECT_TRUE(views_value(k.kty.text, json, "kty"));
  EXPECT_TRUE(views_value(k.alg.text, json, "alg"));
  EXPECT_TRUE(views_value(k.use.text, json, "use"));
  EXPECT_TRUE(views_value(k.e.value, json, "e"));
  EXPECT_TRUE(views_value(k.n.value, json, "n"));
}

TEST(Members, OktaLinksMapEveryMember) {
  const std::string json = okta_rsa_response();
  parser p;
  const key k = parse_valid(p, json);

  ASSERT_TRUE(k.links.has_value());
  EXPECT_EQ(k.links.state, presence::value);

  const jwkview::link& a = k.links.activate;
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a.href.value, kActivateHref);
  EXPECT_TRUE(a.href.has_value());
  EXPECT_EQ(a.name.value, "activate-key");
  EXPECT_EQ(a.type.value, "application/json");
  EXPECT_TRUE(a.templated.has_value());
  EXPECT_FALSE(a.templated.value);
  EXPECT_EQ(a.hints, presence::value);
  EXPECT_TRUE(a.allow.has_value());
  EXPECT_TRUE(a.allow.values.contains(http_method::post));
  EXPECT_FALSE(a.allow.values.contains(http_method::get));
  EXPECT_FALSE(a.allow.values.contains(http_method::unknown));
  EXPECT_EQ(a.allow.values.bits(), 1u << static_cast<unsigned>(http_method::post));
  EXPECT_EQ(entries_of(a.allow.entries), (std::vector<std::string_view>{"POST"}));
  EXPECT_TRUE(views_value(a.href.value, json, "href"));
  EXPECT_TRUE(views_value(a.name.value, json, "name"));
  EXPECT_TRUE(views_value(a.type.value, json, "type"));

  const jwkview::link& d = k.links.deactivate;
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d.href.value, "https://example.okta.com/deactivate");
  EXPECT_TRUE(d.name.is_absent());
  EXPECT_TRUE(d.type.is_absent());
  EXPECT_TRUE(d.templated.has_value());
  EXPECT_TRUE(d.templated.value);
  enum_set<http_method> post_get;
  post_get.insert(http_method::post);
  post_get.insert(http_method::get);
  EXPECT_EQ(d.allow.values, post_get);
  EXPECT_EQ(d.allow.entries.size(), 2u);
  EXPECT_EQ(d.allow.entries[0], "POST");
  EXPECT_EQ(d.allow.entries[1], "GET");

  const jwkview::link& del = k.links.delete_;
  ASSERT_TRUE(del.has_value());
  EXPECT_EQ(del.href.value, "https://example.okta.com/delete");
  EXPECT_TRUE(del.templated.is_absent());
  for (http_method m : {http_method::get, http_method::post, http_method::put, http_method::patch,
                        http_method::delete_}) {
    EXPECT_TRUE(del.allow.values.contains(m)) << to_string(m);
  }
  EXPECT_FALSE(del.allow.values.contains(http_method::unknown));
  EXPECT_EQ(entries_of(del.allow.entries),
            (std::vector<std::string_view>{"DELETE", "GET", "PATCH", "POST", "PUT"}));
  for (std::string_view entry : del.allow.entries) EXPECT_TRUE(inside(entry, json)) << entry;
}

TEST(Members, LinkAndHintPresence) {
  // _links present but empty; a link without hints; hints without allow; an
  // empty allow list.
  json_object k = rsa_key();
  k.raw("_links", R"({})");
  std::string json = k.json();
  {
    parser p;
    const key key1 = parse_valid(p, json);
    EXPECT_EQ(key1.links.state, presence::value);
    EXPECT_FALSE(key1.links.activate.has_value());
    EXPECT_EQ(key1.links.activate.state, presence::absent);
    EXPECT_EQ(key1.links.deactivate.state, presence::absent);
    EXPECT_EQ(key1.links.delete_.state, presence::absent);
  }
  k.raw("_links",
        R"({"activate":{"href":"https://a"},"deactivate":{"href":"https://d","hints":{}},)"
        R"("delete":{"href":"https://x","hints":{"allow":[]}}})");
  json = k.json();
  {
    parser p;
    const key key2 = parse_valid(p, json);
    const jwkview::link& a = key2.links.activate;
    EXPECT_EQ(a.state, presence::value);
    EXPECT_EQ(a.href.value, "https://a");
    EXPECT_EQ(a.hints, presence::absent);
    EXPECT_TRUE(a.allow.is_absent());
    EXPECT_TRUE(a.allow.values.empty());

    const jwkview::link& d = key2.links.deactivate;
    EXPECT_EQ(d.hints, presence::value);
    EXPECT_TRUE(d.allow.is_absent());

    const jwkview::link& x = key2.links.delete_;
    EXPECT_EQ(x.hints, presence::value);
    EXPECT_TRUE(x.allow.has_value());
    EXPECT_TRUE(x.allow.values.empty());
    EXPECT_EQ(x.allow.entries.size(), 0u);
    EXPECT_TRUE(x.allow.entries.empty());
  }
  {
    parser p;
    const std::string plain = rsa_key().json();
    const key key3 = parse_valid(p, plain);
    EXPECT_EQ(key3.links.state, presence::absent);
    EXPECT_FALSE(key3.links.has_value());
  }
}

std::string full_ec_jwk() {
  json_object k = ec_key("P-256", "ec-full");
  k.str("kid", "ec-kid")
      .str("use", "sig")
      .str("alg", "ES256")
      .raw("key_ops", R"(["verify","sign"])")
      .str("x5u", "https://example.com/certs/ec.pem")
      .raw("x5c", cat({"[", json_string(kCert), ",\"AAEC\"]"}))
      .str("x5t", kX5t)
      .str("x5t#S256", kX5tS256);
  return k.json();
}

TEST(Members, JwkMembersMappedInBothProfiles) {
  const std::string json = full_ec_jwk();
  for (const options& opts : {okta_options(), rfc_options()}) {
    SCOPED_TRACE(profile_name(opts));
    parser p(opts);
    const key k = parse_valid(p, json);

    EXPECT_EQ(k.id.value, "ec-full");
    EXPECT_TRUE(k.kty.is(key_type::ec));
    EXPECT_EQ(k.kty.text, "EC");
    EXPECT_TRUE(k.crv.is(curve::p256));
    EXPECT_EQ(k.crv.text, "P-256");
    EXPECT_EQ(k.x.value, kP256X);
    EXPECT_EQ(k.y.value, kP256Y);
    EXPECT_EQ(k.kid.value, "ec-kid");
    EXPECT_TRUE(k.alg.is(algorithm::es256));
    EXPECT_EQ(k.alg.text, "ES256");
    EXPECT_TRUE(k.n.is_absent());
    EXPECT_TRUE(k.e.is_absent());

    ASSERT_TRUE(k.key_ops.has_value());
    enum_set<key_op> ops;
    ops.insert(key_op::verify);
    ops.insert(key_op::sign);
    EXPECT_EQ(k.key_ops.values, ops);
    EXPECT_FALSE(k.key_ops.values.contains(key_op::unknown));
    EXPECT_EQ(entries_of(k.key_ops.entries), (std::vector<std::string_view>{"verify", "sign"}));

    EXPECT_EQ(k.x5u.value, "https://example.com/certs/ec.pem");
    EXPECT_EQ(k.x5t.value, kX5t);
    EXPECT_EQ(k.x5t_s256.value, kX5tS256);
    EXPECT_TRUE(views_value(k.x5u.value, json, "x5u"));
    EXPECT_TRUE(views_value(k.x5t.value, json, "x5t"));
    EXPECT_TRUE(views_value(k.x5t_s256.value, json, "x5t#S256"));
    EXPECT_TRUE(views_value(k.x.value, json, "x"));
    EXPECT_TRUE(views_value(k.y.value, json, "y"));
    EXPECT_TRUE(views_value(k.crv.text, json, "crv"));

    ASSERT_TRUE(k.x5c.has_value());
    const string_list& x5c = k.x5c.value;
    ASSERT_EQ(x5c.size(), 2u);
    EXPECT_FALSE(x5c.empty());
    EXPECT_EQ(x5c[0], kCert);
    EXPECT_EQ(x5c[1], "AAEC");
    EXPECT_EQ(entries_of(x5c), (std::vector<std::string_view>{kCert, "AAEC"}));
    EXPECT_EQ(std::distance(x5c.begin(), x5c.end()), 2);
    // Post-increment returns the old position.
    auto it = x5c.begin();
    auto old = it++;
    EXPECT_EQ(*old, kCert);
    EXPECT_EQ(*it, "AAEC");
    ++it;
    EXPECT_TRUE(it == x5c.end());
    // Entries are views into the input at the entries' own bytes.
    EXPECT_EQ(x5c[0].data(), json.data() + json.find(kCert));
    EXPECT_EQ(x5c[1].data(), json.data() + json.find("\"AAEC\"") + 1);
  }
}

TEST(Members, EmptyListsHaveAValue) {
  json_object k = rsa_key();
  k.raw("key_ops", "[]").raw("x5c", "[ ]");
  const std::string json = k.json();
  parser p(rfc_options());
  const key key1 = parse_valid(p, json);
  EXPECT_TRUE(key1.key_ops.has_value());
  EXPECT_TRUE(key1.key_ops.values.empty());
  EXPECT_EQ(key1.key_ops.entries.size(), 0u);
  EXPECT_TRUE(key1.key_ops.entries.begin() == key1.key_ops.entries.end());
  EXPECT_TRUE(key1.x5c.has_value());
  EXPECT_EQ(key1.x5c.value.size(), 0u);
  EXPECT_TRUE(key1.x5c.value.begin() == key1.x5c.value.end());
}

// --- presence of the nullable members ---------------------------------------

struct nullable_case {
  const char* name;
  presence (*state)(const key&);
  std::string_view (*text)(const key&);
  const char* value;  // a valid value for the member
  bool ec;            // use an EC base key (otherwise RSA)
};

const nullable_case kNullable[] = {
    {"created", [](const key& k) { return k.created.state; },
     [](const key& k) { return k.created.value; }, "2024-01-01T00:00:00.000Z", false},
    {"lastUpdated", [](const key& k) { return k.last_updated.state; },
     [](const key& k) { return k.last_updated.value; }, "2024-02-01T00:00:00.000Z", false},
    {"kid", [](const key& k) { return k.kid.state; }, [](const key& k) { return k.kid.value; },
     "my-kid", false},
    {"alg", [](const key& k) { return k.alg.state; }, [](const key& k) { return k.alg.text; },
     "RS512", false},
    {"use", [](const key& k) { return k.use.state; }, [](const key& k) { return k.use.text; },
     "enc", false},
    // n and e are not needed by an EC key, crv not by an RSA key.
    {"e", [](const key& k) { return k.e.state; }, [](const key& k) { return k.e.value; }, "AQAB",
     true},
    {"n", [](const key& k) { return k.n.state; }, [](const key& k) { return k.n.value; }, "AQAB",
     true},
    {"crv", [](const key& k) { return k.crv.state; }, [](const key& k) { return k.crv.text; },
     "P-256", true},
};

TEST(Members, NullableMembersRecordAbsentNullAndValue) {
  for (const options& opts : {okta_options(), rfc_options()}) {
    for (const nullable_case& c : kNullable) {
      SCOPED_TRACE(::testing::Message() << profile_name(opts) << " " << c.name);
      json_object base = c.ec ? ec_key() : rsa_key();
      if (std::string_view(c.name) == "crv") {
        // crv is required by EC: absent and null are checked on an RSA key.
        base = rsa_key();
      }
      base.erase(c.name);
      {
        const std::string json = base.json();
        parser p(opts);
        const key k = parse_valid(p, json);
        EXPECT_EQ(c.state(k), presence::absent);
        EXPECT_EQ(c.text(k), "");
      }
      {
        json_object with_null = base;
        with_null.raw(c.name, "null");
        const std::string json = with_null.json();
        parser p(opts);
        const key k = parse_valid(p, json);
        EXPECT_EQ(c.state(k), presence::null);
        EXPECT_EQ(c.text(k), "");
      }
      {
        json_object with_value = c.ec ? ec_key() : rsa_key();
        with_value.str(c.name, c.value);
        const std::string json = with_value.json();
        parser p(opts);
        const key k = parse_valid(p, json);
        EXPECT_EQ(c.state(k), presence::value);
        EXPECT_EQ(c.text(k), c.value);
        EXPECT_TRUE(views_value(c.text(k), json, c.name));
      }
    }
  }
}

TEST(Members, NullEnumMembersKeepUnknownValue) {
  json_object k = rsa_key();
  k.raw("alg", "null").raw("use", "null");
  const std::string json = k.json();
  parser p;
  const key key1 = parse_valid(p, json);
  EXPECT_TRUE(key1.alg.is_null());
  EXPECT_EQ(key1.alg.value, algorithm::unknown);
  EXPECT_FALSE(key1.alg.is(algorithm::unknown));
  EXPECT_TRUE(key1.use.is_null());
  EXPECT_EQ(key1.use.value, key_use::unknown);
  EXPECT_FALSE(key1.use.has_value());
}

// --- enum values and their text ---------------------------------------------

TEST(Members, EveryAlgorithmIsMappedWithItsText) {
  struct row {
    const char* text;
    algorithm value;
  };
  const row rows[] = {
      {"RS256", algorithm::rs256},
      {"RS384", algorithm::rs384},
      {"RS512", algorithm::rs512},
      {"PS256", algorithm::ps256},
      {"PS384", algorithm::ps384},
      {"PS512", algorithm::ps512},
      {"ES256", algorithm::es256},
      {"ES384", algorithm::es384},
      {"ES512", algorithm::es512},
      {"ES256K", algorithm::es256k},
      {"EdDSA", algorithm::eddsa},
      {"Ed25519", algorithm::ed25519},
      {"Ed448", algorithm::ed448},
      {"HS256", algorithm::hs256},
      {"HS384", algorithm::hs384},
      {"HS512", algorithm::hs512},
      {"RSA1_5", algorithm::rsa1_5},
      {"RSA-OAEP", algorithm::rsa_oaep},
      {"RSA-OAEP-256", algorithm::rsa_oaep_256},
      {"RSA-OAEP-384", algorithm::rsa_oaep_384},
      {"RSA-OAEP-512", algorithm::rsa_oaep_512},
      {"ECDH-ES", algorithm::ecdh_es},
      {"ECDH-ES+A128KW", algorithm::ecdh_es_a128kw},
      {"ECDH-ES+A192KW", algorithm::ecdh_es_a192kw},
      {"ECDH-ES+A256KW", algorithm::ecdh_es_a256kw},
      {"A128KW", algorithm::a128kw},
      {"A192KW", algorithm::a192kw},
      {"A256KW", algorithm::a256kw},
      {"A128GCMKW", algorithm::a128gcmkw},
      {"A192GCMKW", algorithm::a192gcmkw},
      {"A256GCMKW", algorithm::a256gcmkw},
      {"dir", algorithm::dir},
      {"PBES2-HS256+A128KW", algorithm::pbes2_hs256_a128kw},
      {"PBES2-HS384+A192KW", algorithm::pbes2_hs384_a192kw},
      {"PBES2-HS512+A256KW", algorithm::pbes2_hs512_a256kw},
  };
  for (const options& opts : {okta_options(false), rfc_options(false)}) {
    for (const row& r : rows) {
      SCOPED_TRACE(::testing::Message() << profile_name(opts) << " " << r.text);
      json_object k = rsa_key();
      k.str("alg", r.text);
      const std::string json = k.json();
      parser p(opts);  // no key checks: alg/kty agreement is not the point here
      const key key1 = parse_valid(p, json);
      EXPECT_TRUE(key1.alg.is(r.value));
      EXPECT_EQ(key1.alg.text, r.text);
      EXPECT_EQ(to_string(r.value), r.text);
      EXPECT_EQ(parse_algorithm(r.text), r.value);
    }
  }
  // alg is open in both profiles: an unknown name keeps its text.
  for (const options& opts : {okta_options(), rfc_options()}) {
    json_object k = rsa_key();
    k.str("alg", "RS1024");
    const std::string json = k.json();
    parser p(opts);
    const key key1 = parse_valid(p, json);
    EXPECT_TRUE(key1.alg.has_value());
    EXPECT_EQ(key1.alg.value, algorithm::unknown);
    EXPECT_EQ(key1.alg.text, "RS1024");
  }
  EXPECT_EQ(parse_algorithm("rs256"), algorithm::unknown);
  EXPECT_EQ(to_string(algorithm::unknown), "");
}

TEST(Members, KeyTypesStatusAndUseTexts) {
  parser p;
  json_object k = rsa_key();
  k.str("status", "ACTIVE").str("use", "enc");
  const std::string json = k.json();
  const key key1 = parse_valid(p, json);
  EXPECT_TRUE(key1.status.is(key_status::active));
  EXPECT_EQ(key1.status.text, "ACTIVE");
  EXPECT_TRUE(key1.use.is(key_use::enc));
  EXPECT_EQ(key1.use.text, "enc");

  EXPECT_EQ(to_string(key_type::rsa), "RSA");
  EXPECT_EQ(to_string(key_type::ec), "EC");
  EXPECT_EQ(to_string(key_type::oct), "oct");
  EXPECT_EQ(to_string(key_type::okp), "OKP");
  EXPECT_EQ(to_string(key_type::unknown), "");
  EXPECT_EQ(to_string(key_status::active), "ACTIVE");
  EXPECT_EQ(to_string(key_status::inactive), "INACTIVE");
  EXPECT_EQ(to_string(key_use::sig), "sig");
  EXPECT_EQ(to_string(key_use::enc), "enc");
  EXPECT_EQ(parse_key_type("rsa"), key_type::unknown);
  EXPECT_EQ(parse_key_type("OKP"), key_type::okp);
  EXPECT_EQ(parse_key_status("Active"), key_status::unknown);
  EXPECT_EQ(parse_key_use("sig"), key_use::sig);
}

TEST(Members, EveryKeyOpAndHttpMethodIsMapped) {
  json_object k = rsa_key();
  k.raw("key_ops",
        R"(["sign","verify","encrypt","decrypt","wrapKey","unwrapKey","deriveKey","deriveBits"])");
  k.raw("_links",
        R"({"activate":{"href":"h","hints":{"allow":["GET","POST","PUT","PATCH","DELETE"]}}})");
  const std::string json = k.json();
  for (const options& opts : {okta_options(), rfc_options()}) {
    SCOPED_TRACE(profile_name(opts));
    parser p(opts);
    const key key1 = parse_valid(p, json);
    const key_op ops[] = {key_op::sign,       key_op::verify,     key_op::encrypt,
                          key_op::decrypt,    key_op::wrap_key,   key_op::unwrap_key,
                          key_op::derive_key, key_op::derive_bits};
    const char* op_texts[] = {"sign",    "verify",    "encrypt",   "decrypt",
                              "wrapKey", "unwrapKey", "deriveKey", "deriveBits"};
    ASSERT_EQ(key1.key_ops.entries.size(), 8u);
    for (std::size_t i = 0; i < 8; ++i) {
      EXPECT_TRUE(key1.key_ops.values.contains(ops[i])) << op_texts[i];
      EXPECT_EQ(key1.key_ops.entries[i], op_texts[i]);
      EXPECT_EQ(to_string(ops[i]), op_texts[i]);
    }
    EXPECT_FALSE(key1.key_ops.values.contains(key_op::unknown));
    EXPECT_EQ(key1.key_ops.values.bits(), 0x1FEu);  // bits 1..8

    const list_member<http_method>& allow = key1.links.activate.allow;
    const http_method methods[] = {http_method::get, http_method::post, http_method::put,
                                   http_method::patch, http_method::delete_};
    const char* method_texts[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    ASSERT_EQ(allow.entries.size(), 5u);
    for (std::size_t i = 0; i < 5; ++i) {
      EXPECT_TRUE(allow.values.contains(methods[i])) << method_texts[i];
      EXPECT_EQ(allow.entries[i], method_texts[i]);
      EXPECT_EQ(to_string(methods[i]), method_texts[i]);
    }
    EXPECT_EQ(allow.values.bits(), 0x3Eu);  // bits 1..5
  }
}

TEST(Members, KeyOpsAreOpenInBothProfiles) {
  json_object k = rsa_key();
  k.raw("key_ops", R"(["verify","frobnicate"])");
  const std::string json = k.json();
  for (const options& opts : {okta_options(), rfc_options()}) {
    SCOPED_TRACE(profile_name(opts));
    parser p(opts);
    const key key1 = parse_valid(p, json);
    EXPECT_TRUE(key1.key_ops.values.contains(key_op::verify));
    EXPECT_TRUE(key1.key_ops.values.contains(key_op::unknown));
    EXPECT_FALSE(key1.key_ops.values.contains(key_op::sign));
    EXPECT_EQ(key1.key_ops.entries[1], "frobnicate");
  }
}

// --- key types -------------------------------------------------------------

TEST(Members, OktaEcCurves) {
  struct row {
    const char* crv;
    curve value;
    std::string_view x, y;
    std::size_t octets;
  };
  const row rows[] = {{"P-256", curve::p256, kP256X, kP256Y, 32},
                      {"P-384", curve::p384, kP384X, kP384Y, 48},
                      {"P-521", curve::p521, kP521X, kP521Y, 66}};
  for (const row& r : rows) {
    SCOPED_TRACE(r.crv);
    const std::string json = ec_key(r.crv).json();
    parser p;
    const key k = parse_valid(p, json);
    EXPECT_TRUE(k.kty.is(key_type::ec));
    EXPECT_TRUE(k.crv.is(r.value));
    EXPECT_EQ(k.crv.text, r.crv);
    EXPECT_EQ(k.x.value, r.x);
    EXPECT_EQ(k.y.value, r.y);
    EXPECT_EQ(coordinate_octets(r.value), r.octets);
    EXPECT_EQ(to_string(r.value), r.crv);
    EXPECT_EQ(parse_curve(r.crv), r.value);
  }
}

TEST(Members, RfcOkpAndSecp256k1Keys) {
  struct row {
    const char* kty;
    const char* crv;
    curve value;
    std::string_view x;
    std::size_t octets;
  };
  const row rows[] = {{"OKP", "Ed25519", curve::ed25519, kEd25519X, 32},
                      {"OKP", "X25519", curve::x25519, kX25519X, 32},
                      {"OKP", "Ed448", curve::ed448, kEd448X, 57},
                      {"OKP", "X448", curve::x448, kX448X, 56},
                      {"EC", "secp256k1", curve::secp256k1, kK256X, 32}};
  for (const row& r : rows) {
    SCOPED_TRACE(r.crv);
    const std::string json =
        std::string_view(r.kty) == "OKP" ? okp_key(r.crv).json() : ec_key(r.crv).json();
    parser p(rfc_options());
    const key k = parse_valid(p, json);
    EXPECT_EQ(k.kty.text, r.kty);
    EXPECT_TRUE(k.kty.is(std::string_view(r.kty) == "OKP" ? key_type::okp : key_type::ec));
    EXPECT_TRUE(k.crv.is(r.value));
    EXPECT_EQ(k.crv.text, r.crv);
    EXPECT_EQ(k.x.value, r.x);
    EXPECT_TRUE(views_value(k.x.value, json, "x"));
    EXPECT_EQ(coordinate_octets(r.value), r.octets);
    EXPECT_EQ(to_string(r.value), r.crv);
  }
  EXPECT_EQ(coordinate_octets(curve::unknown), 0u);
}

TEST(Members, RfcOctAndUnknownKeyTypes) {
  parser p(rfc_options());
  const std::string oct = R"({"kty":"oct","kid":"hmac","alg":"HS256"})";
  const key k1 = parse_valid(p, oct);
  EXPECT_TRUE(k1.kty.is(key_type::oct));
  EXPECT_EQ(k1.kty.text, "oct");
  EXPECT_TRUE(k1.alg.is(algorithm::hs256));
  EXPECT_TRUE(k1.id.is_absent());

  parser p2(rfc_options());
  const std::string unknown =
      R"({"kty":"PQC","crv":"ML-DSA-65","status":"RETIRED","use":"wrap","kid":"pq"})";
  const key k2 = parse_valid(p2, unknown);
  EXPECT_TRUE(k2.kty.has_value());
  EXPECT_EQ(k2.kty.value, key_type::unknown);
  EXPECT_EQ(k2.kty.text, "PQC");
  EXPECT_TRUE(views_value(k2.kty.text, unknown, "kty"));
  EXPECT_EQ(k2.crv.value, curve::unknown);
  EXPECT_EQ(k2.crv.text, "ML-DSA-65");
  EXPECT_TRUE(k2.crv.has_value());
  EXPECT_EQ(k2.status.value, key_status::unknown);
  EXPECT_EQ(k2.status.text, "RETIRED");
  EXPECT_EQ(k2.use.value, key_use::unknown);
  EXPECT_EQ(k2.use.text, "wrap");
  EXPECT_EQ(k2.kid.value, "pq");
}

TEST(Members, RfcUnknownHttpMethodKeepsItsText) {
  json_object k = rsa_key();
  k.raw("_links", R"({"activate":{"href":"h","hints":{"allow":["GET","HEAD"]}}})");
  const std::string json = k.json();
  parser p(rfc_options());
  const key key1 = parse_valid(p, json);
  const auto& allow = key1.links.activate.allow;
  EXPECT_TRUE(allow.values.contains(http_method::get));
  EXPECT_TRUE(allow.values.contains(http_method::unknown));
  EXPECT_EQ(allow.values.bits(), (1u << static_cast<unsigned>(http_method::get)) | 1u);
  EXPECT_EQ(entries_of(allow.entries), (std::vector<std::string_view>{"GET", "HEAD"}));
}

// --- index, offset, views ------------------------------------------------------

TEST(Members, IndexAndOffsetInASet) {
  const std::string k0 = rsa_key("k0").json();
  const std::string k2 = ec_key("P-384", "k2").json();
  const std::string json = cat({"{ \"keys\" : [\n  ", k0, ",\n  42,\n  ", k2, "\n] }"});
  parser p;
  const outcome o = run(p, json);
  ASSERT_EQ(o.keys.size(), 2u);
  EXPECT_EQ(o.keys[0].index, 0u);
  EXPECT_EQ(o.keys[0].offset, json.find(k0));
  EXPECT_EQ(o.keys[0].id.value, "k0");
  EXPECT_EQ(o.keys[1].index, 2u);
  EXPECT_EQ(o.keys[1].offset, json.find(k2));
  EXPECT_EQ(o.keys[1].id.value, "k2");
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_TRUE(is_error(o.errors[0], error_code::wrong_type, json.find(",\n  42") + 4, "/keys/1"));
}

TEST(Members, SingleKeyOffsetSkipsLeadingWhitespace) {
  const std::string json = cat({" \n\t", rsa_key().json(), "\r\n"});
  parser p;
  const outcome o = run(p, json);
  ASSERT_EQ(o.keys.size(), 1u);
  EXPECT_EQ(o.keys[0].index, 0u);
  EXPECT_EQ(o.keys[0].offset, 3u);
}

TEST(Members, ViewsPointIntoTheCallersBuffer) {
  const std::string json = cat({"[", okta_rsa_response(), ",", full_ec_jwk(), "]"});
  parser p(rfc_options());
  const outcome o = run(p, json);
  ASSERT_TRUE(o.ok);
  ASSERT_EQ(o.keys.size(), 2u);
  for (const key& k : o.keys) {
    for (std::string_view v : {k.id.value,
                               k.created.value,
                               k.last_updated.value,
                               k.kid.value,
                               k.status.text,
                               k.kty.text,
                               k.alg.text,
                               k.use.text,
                               k.e.value,
                               k.n.value,
                               k.crv.text,
                               k.x.value,
                               k.y.value,
                               k.x5u.value,
                               k.x5t.value,
                               k.x5t_s256.value,
                               k.links.activate.href.value,
                               k.links.activate.name.value,
                               k.links.activate.type.value,
                               k.links.deactivate.href.value,
                               k.links.delete_.href.value}) {
      EXPECT_TRUE(v.empty() || inside(v, json)) << v;
    }
    for (std::string_view v : k.key_ops.entries) EXPECT_TRUE(inside(v, json)) << v;
    for (std::string_view v : k.x5c.value) EXPECT_TRUE(inside(v, json)) << v;
    for (std::string_view v : k.links.delete_.allow.entries) EXPECT_TRUE(inside(v, json)) << v;
  }
  // Exact positions in the second key.
  const std::size_t second = json.find(full_ec_jwk());
  const key& ec = o.keys[1];
  EXPECT_EQ(ec.offset, second);
  EXPECT_EQ(ec.x.value.data(), json.data() + json.find(kP256X));
  EXPECT_EQ(ec.key_ops.entries[1].data(), json.data() + json.find("\"sign\"", second) + 1);
  EXPECT_TRUE(ec.n.is_absent());
  EXPECT_EQ(o.keys[0].n.value.data(), json.data() + json.find(kRsaN));
}

TEST(Members, EscapedStringsAreDecoded) {
  const std::string json =
      cat({R"({"id":"a\u0062c","kty":"R\u0053A","n":")", kRsaN,
           R"(","e":"AQAB","kid":"line\nbreak \"quoted\" \\ \/ \u00e9 \ud83d\ude00",)"
           R"("key_ops":["sig\u006e","verify"]})"});
  parser p(rfc_options());
  const key k = parse_valid(p, json);
  EXPECT_EQ(k.id.value, "abc");
  EXPECT_FALSE(inside(k.id.value, json));
  EXPECT_TRUE(k.kty.is(key_type::rsa));
  EXPECT_EQ(k.kty.text, "RSA");
  EXPECT_EQ(k.kid.value, "line\nbreak \"quoted\" \\ / \xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_EQ(k.key_ops.entries[0], "sign");
  EXPECT_EQ(k.key_ops.entries[1], "verify");
  EXPECT_TRUE(inside(k.key_ops.entries[1], json));
  EXPECT_TRUE(k.key_ops.values.contains(key_op::sign));
  EXPECT_TRUE(k.key_ops.values.contains(key_op::verify));
}

TEST(Members, EnumSetBasics) {
  enum_set<key_op> s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.bits(), 0u);
  s.insert(key_op::derive_bits);
  EXPECT_FALSE(s.empty());
  EXPECT_TRUE(s.contains(key_op::derive_bits));
  EXPECT_FALSE(s.contains(key_op::derive_key));
  EXPECT_EQ(s.bits(), 1u << 8);
  enum_set<key_op> t;
  EXPECT_FALSE(s == t);
  t.insert(key_op::derive_bits);
  EXPECT_TRUE(s == t);
}

}  // namespace
