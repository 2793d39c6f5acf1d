// Schema rules of both profiles: required members, types, nulls, duplicates,
// enums, private members, the one-error-per-key order, offsets and paths.
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

const options kBoth[] = {okta_options(), rfc_options()};

/// An RSA key with `_links: {"activate": LINK}`.
std::string with_activate(std::string_view link_json) {
  json_object k = rsa_key();
  k.raw("_links", cat({"{\"activate\":", std::string(link_json), "}"}));
  return k.json();
}

// --- required members --------------------------------------------------------

TEST(Schema, OktaRequiredMembers) {
  const options o = okta_options();
  EXPECT_KEY_ERROR(o, "{}", error_code::missing_member, 0, "/id");
  EXPECT_KEY_ERROR(o, rsa_key().erase("id").json(), error_code::missing_member, 0, "/id");
  // id comes before kty.
  EXPECT_KEY_ERROR(o, R"({"kid":"k"})", error_code::missing_member, 0, "/id");
  EXPECT_KEY_ERROR(o, rsa_key().erase("kty").json(), error_code::missing_member, 0, "/kty");
  EXPECT_KEY_ERROR(o, rsa_key().erase("kty").erase("n").json(), error_code::missing_member, 0,
                   "/kty");
  EXPECT_KEY_ERROR(o, rsa_key().erase("n").json(), error_code::missing_member, 0, "/n");
  EXPECT_KEY_ERROR(o, rsa_key().erase("e").json(), error_code::missing_member, 0, "/e");
  EXPECT_KEY_ERROR(o, rsa_key().erase("e").erase("n").json(), error_code::missing_member, 0, "/n");
  EXPECT_KEY_ERROR(o, ec_key().erase("crv").json(), error_code::missing_member, 0, "/crv");
  EXPECT_KEY_ERROR(o, ec_key().erase("x").json(), error_code::missing_member, 0, "/x");
  EXPECT_KEY_ERROR(o, ec_key().erase("y").json(), error_code::missing_member, 0, "/y");
  EXPECT_KEY_ERROR(o, ec_key().erase("y").erase("x").json(), error_code::missing_member, 0, "/x");
  EXPECT_KEY_ERROR(o, ec_key().erase("y").erase("x").erase("crv").json(),
                   error_code::missing_member, 0, "/crv");
  EXPECT_KEY_VALID(o, rsa_key().json());
  EXPECT_KEY_VALID(o, ec_key().json());
}

TEST(Schema, RfcRequiredMembers) {
  const options o = rfc_options();
  EXPECT_KEY_ERROR(o, "{}", error_code::missing_member, 0, "/kty");
  EXPECT_KEY_ERROR(o, rsa_key().erase("kty").json(), error_code::missing_member, 0, "/kty");
  EXPECT_KEY_VALID(o, rsa_key().erase("id").json());
  EXPECT_KEY_ERROR(o, rsa_key().erase("id").erase("n").json(), error_code::missing_member, 0, "/n");
  EXPECT_KEY_ERROR(o, rsa_key().erase("e").json(), error_code::missing_member, 0, "/e");
  EXPECT_KEY_ERROR(o, ec_key().erase("crv").json(), error_code::missing_member, 0, "/crv");
  EXPECT_KEY_ERROR(o, ec_key().erase("x").json(), error_code::missing_member, 0, "/x");
  EXPECT_KEY_ERROR(o, ec_key().erase("y").json(), error_code::missing_member, 0, "/y");
  EXPECT_KEY_ERROR(o, okp_key().erase("crv").json(), error_code::missing_member, 0, "/crv");
  EXPECT_KEY_ERROR(o, okp_key().erase("x").json(), error_code::missing_member, 0, "/x");
  EXPECT_KEY_ERROR(o, okp_key().erase("x").erase("crv").json(), error_code::missing_member, 0,
                   "/crv");
  // OKP has no y; oct and unknown key types need no material.
  EXPECT_KEY_VALID(o, okp_key().erase("id").json());
  EXPECT_KEY_VALID(o, R"({"kty":"oct"})");
  EXPECT_KEY_VALID(o, R"({"kty":"FUTURE"})");
}

TEST(Schema, MissingMemberOffsetIsTheKeyObject) {
  // With leading whitespace inside a set, the offset is the key's '{'.
  const std::string bad = rsa_key().erase("e").json();
  const std::string json = cat({"[ ", rsa_key("a").json(), " ,\n ", bad, " ]"});
  parser p;
  const outcome o = run(p, json);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_TRUE(is_error(o.errors[0], error_code::missing_member, json.find(bad), "/1/e"));
  EXPECT_EQ(o.errors[0].cls(), error_class::schema);
}

TEST(Schema, LinkHrefIsRequired) {
  for (const options& o : kBoth) {
    const std::string link = R"({"name":"activate","hints":{"allow":["POST"]}})";
    const std::string json = with_activate(link);
    EXPECT_KEY_ERROR(o, json, error_code::missing_member, json.find(link), "/_links/activate/href");
    json_object k = rsa_key();
    k.raw("_links", R"({"deactivate":{"href":"https://d"},"delete":{}})");
    const std::string json2 = k.json();
    EXPECT_KEY_ERROR(o, json2, error_code::missing_member, json2.find("{}"), "/_links/delete/href");
  }
}

TEST(Schema, NullWhereAValueIsNeededIsMissingMember) {
  for (const options& o : kBoth) {
    {
      const std::string json = rsa_key().raw("n", "null").json();
      EXPECT_KEY_ERROR(o, json, error_code::missing_member, json.find("null"), "/n");
    }
    {
      const std::string json = rsa_key().raw("e", "null").json();
      EXPECT_KEY_ERROR(o, json, error_code::missing_member, json.find("null"), "/e");
    }
    {
      const std::string json = ec_key().raw("crv", "null").json();
      EXPECT_KEY_ERROR(o, json, error_code::missing_member, json.find("null"), "/crv");
    }
  }
  const std::string okp = okp_key().raw("crv", "null").json();
  EXPECT_KEY_ERROR(rfc_options(), okp, error_code::missing_member, okp.find("null"), "/crv");
  // Nullable and not needed: fine.
  for (const options& o : kBoth) {
    EXPECT_KEY_VALID(o, ec_key().raw("n", "null").raw("e", "null").json());
    EXPECT_KEY_VALID(o, rsa_key().raw("crv", "null").json());
  }
}

// --- null_not_allowed ------------------------------------------------------

TEST(Schema, NullNotAllowedForNonNullableKeyMembers) {
  for (const options& o : kBoth) {
    for (const char* name :
         {"id", "status", "kty", "x", "y", "x5u", "x5c", "x5t", "x5t#S256", "key_ops", "_links"}) {
      const std::string json = rsa_key().raw(name, "null").json();
      EXPECT_KEY_ERROR(o, json, error_code::null_not_allowed, json.find("null"),
                       cat({"/", std::string(name)}));
    }
  }
}

TEST(Schema, NullNotAllowedInLinks) {
  for (const options& o : kBoth) {
    for (const char* link : {"activate", "deactivate", "delete"}) {
      json_object k = rsa_key();
      k.raw("_links", cat({"{\"", std::string(link), "\":null}"}));
      const std::string json = k.json();
      EXPECT_KEY_ERROR(o, json, error_code::null_not_allowed, json.find("null"),
                       cat({"/_links/", std::string(link)}));
    }
    struct row {
      const char* link;
      const char* path;
    };
    for (const row& r :
         {row{R"({"href":null})", "/_links/activate/href"},
          row{R"({"href":"h","name":null})", "/_links/activate/name"},
          row{R"({"href":"h","type":null})", "/_links/activate/type"},
          row{R"({"href":"h","templated":null})", "/_links/activate/templated"},
          row{R"({"href":"h","hints":null})", "/_links/activate/hints"},
          row{R"({"href":"h","hints":{"allow":null}})", "/_links/activate/hints/allow"}}) {
      const std::string json = with_activate(r.link);
      EXPECT_KEY_ERROR(o, json, error_code::null_not_allowed, json.find("null"), r.path);
    }
  }
}

// --- wrong_type ----------------------------------------------------------------

TEST(Schema, WrongTypeForStringMembers) {
  const char* names[] = {"id", "created", "lastUpdated", "kid", "status", "kty", "alg", "use",
                         "e",  "n",       "crv",         "x",   "y",      "x5u", "x5t", "x5t#S256"};
  const char* bad_values[] = {"17", "true", "{\"a\":\"b\"}", "[\"RSA\"]", "-0.5e1", "false"};
  for (const options& o : kBoth) {
    std::size_t i = 0;
    for (const char* name : names) {
      const char* bad = bad_values[i++ % std::size(bad_values)];
      const std::string json = rsa_key().raw(name, bad).json();
      EXPECT_KEY_ERROR(o, json, error_code::wrong_type, value_offset(json, name),
                       cat({"/", std::string(name)}));
    }
  }
}

TEST(Schema, WrongTypeForStructuredMembers) {
  struct row {
    const char* name;
    const char* bad;
    const char* at;  // text the offset points at
    const char* path;
  };
  const row rows[] = {
      {"key_ops", "\"sign\"", "\"sign\"", "/key_ops"},
      {"key_ops", "{\"sign\":true}", "{\"sign\"", "/key_ops"},
      {"key_ops", "[1]", "1]", "/key_ops/0"},
      {"key_ops", "[\"sign\",[\"verify\"]]", "[\"verify\"]", "/key_ops/1"},
      {"key_ops", "[\"sign\",null]", "null", "/key_ops/1"},
      {"x5c", "\"AAEC\"", "\"AAEC\"", "/x5c"},
      {"x5c", "[\"AAEC\",{}]", "{}", "/x5c/1"},
      {"x5c", "[7]", "7]", "/x5c/0"},
      {"_links", "[]", "[]", "/_links"},
      {"_links", "\"x\"", "\"x\"", "/_links"},
      {"_links", "{\"activate\":\"https://a\"}", "\"https://a\"", "/_links/activate"},
      {"_links", "{\"deactivate\":[]}", "[]", "/_links/deactivate"},
      {"_links", "{\"delete\":5}", "5}", "/_links/delete"},
  };
  for (const options& o : kBoth) {
    for (const row& r : rows) {
      const std::string json = rsa_key().raw(r.name, r.bad).json();
      EXPECT_KEY_ERROR(o, json, error_code::wrong_type, json.find(r.at), r.path);
    }
  }
}

TEST(Schema, WrongTypeInLinkObjects) {
  struct row {
    const char* link;
    const char* at;
    const char* path;
  };
  const row rows[] = {
      {R"({"href":5})", "5}", "/_links/activate/href"},
      {R"({"href":"h","name":["n"]})", "[\"n\"]", "/_links/activate/name"},
      {R"({"href":"h","type":{}})", "{}", "/_links/activate/type"},
      {R"({"href":"h","templated":"true"})", "\"true\"", "/_links/activate/templated"},
      {R"({"href":"h","templated":1})", "1}", "/_links/activate/templated"},
      {R"({"href":"h","hints":[]})", "[]", "/_links/activate/hints"},
      {R"({"href":"h","hints":"GET"})", "\"GET\"", "/_links/activate/hints"},
      {R"({"href":"h","hints":{"allow":"GET"}})", "\"GET\"", "/_links/activate/hints/allow"},
      {R"({"href":"h","hints":{"allow":{}}})", "{}", "/_links/activate/hints/allow"},
      {R"({"href":"h","hints":{"allow":["GET",false]}})", "false",
       "/_links/activate/hints/allow/1"},
  };
  for (const options& o : kBoth) {
    for (const row& r : rows) {
      const std::string json = with_activate(r.link);
      EXPECT_KEY_ERROR(o, json, error_code::wrong_type, json.find(r.at), r.path);
    }
  }
}

TEST(Schema, UnknownMembersMayHaveAnyType) {
  for (const options& o : kBoth) {
    json_object k = rsa_key();
    k.raw("custom", R"({"deep":[1,{"x":null},"s"]})").raw("n2", "null").raw("flag", "true");
    EXPECT_KEY_VALID(o, k.json());
    // Link objects allow other members too, including private-looking names.
    EXPECT_KEY_VALID(o, with_activate(R"({"href":"h","method":"POST","d":"x","k":[1]})"));
  }
}

// --- duplicate_member -------------------------------------------------------------

TEST(Schema, DuplicateMembersInKeyObjects) {
  for (const options& o : kBoth) {
    {
      const std::string json = rsa_key().add("kty", "\"RSA\"").json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, "kty", 1), "/kty");
    }
    {
      // The second occurrence also has the wrong type: duplicate_member wins.
      const std::string json = rsa_key().add("kty", "5").json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, "kty", 1), "/kty");
    }
    {
      const std::string json = rsa_key().add("k\\u0074y", "\"RSA\"").json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, json.find("\"k\\u0074y\""), "/kty");
    }
    {
      json_object k;
      k.str("id", "a").str("k\\u0074y", "RSA").str("n", kRsaN).str("e", kRsaE).str("kty", "RSA");
      const std::string json = k.json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, "kty"), "/kty");
    }
    {
      const std::string json = rsa_key().add("id", "null").json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, "id", 1), "/id");
    }
    {
      const std::string json =
          rsa_key().str("x5t#S256", kX5tS256).add("x5t\\u0023S256", "1").json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, json.find("\"x5t\\u0023S256\""),
                       "/x5t#S256");
    }
    {
      const std::string json = rsa_key().raw("foo", "1").raw("bar", "2").add("foo", "[]").json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, "foo", 1), "/foo");
    }
    {
      const std::string json = rsa_key().raw("_links", "{}").add("_links", "{}").json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, "_links", 1),
                       "/_links");
    }
    {
      const std::string json =
          rsa_key().raw("n", "null").add("n", std::string(json_string(kRsaN))).json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, "n", 1), "/n");
    }
  }
}

TEST(Schema, DuplicateMembersInLinksLinkObjectsAndHints) {
  for (const options& o : kBoth) {
    {
      json_object k = rsa_key();
      k.raw("_links", R"({"activate":{"href":"a"},"delete":{"href":"b"},"activate":{"href":"c"}})");
      const std::string json = k.json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, "activate", 1),
                       "/_links/activate");
    }
    {
      json_object k = rsa_key();
      k.raw("_links", R"({"self":{"href":"a"},"\u0073elf":{"href":"c"}})");
      const std::string json = k.json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, json.find("\"\\u0073elf\""),
                       "/_links/self");
    }
    {
      const std::string json = with_activate(R"({"href":"a","name":"n","href":"b"})");
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, "href", 1),
                       "/_links/activate/href");
    }
    {
      const std::string json = with_activate(R"({"href":"a","x":1,"\u0078":2})");
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, json.find("\"\\u0078\""),
                       "/_links/activate/x");
    }
    {
      const std::string json = with_activate(R"({"href":"a","hints":{},"hints":{}})");
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, "hints", 1),
                       "/_links/activate/hints");
    }
    {
      const std::string json =
          with_activate(R"({"href":"a","hints":{"allow":["GET"],"allow":["POST"]}})");
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, "allow", 1),
                       "/_links/activate/hints/allow");
    }
    {
      const std::string json = with_activate(R"({"href":"a","hints":{"z":1,"z":1}})");
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, "z", 1),
                       "/_links/activate/hints/z");
    }
  }
}

TEST(Schema, DuplicatesInsideUnmappedValuesAreOnlyJson) {
  for (const options& o : kBoth) {
    json_object k = rsa_key();
    k.raw("custom", R"({"a":1,"a":2})");
    EXPECT_KEY_VALID(o, k.json());
    // A link object's own names are checked, not those of a nested unmapped object.
    EXPECT_KEY_VALID(o, with_activate(R"({"href":"h","meta":{"q":1,"q":2}})"));
  }
}

// --- unknown_value (okta enums) ---------------------------------------------------

TEST(Schema, OktaUnknownEnumValues) {
  const options o = okta_options();
  struct row {
    const char* name;
    const char* value;
    bool ec;
  };
  const row rows[] = {
      {"kty", "oct", false},      {"kty", "OKP", false},        {"kty", "rsa", false},
      {"kty", "", false},         {"status", "DELETED", false}, {"status", "active", false},
      {"use", "sign", false},     {"use", "SIG", false},        {"crv", "Ed25519", true},
      {"crv", "secp256k1", true}, {"crv", "P-256 ", true},      {"crv", "X25519", true},
  };
  for (const row& r : rows) {
    const std::string json = (r.ec ? ec_key() : rsa_key()).str(r.name, r.value).json();
    EXPECT_KEY_ERROR(o, json, error_code::unknown_value, value_offset(json, r.name),
                     cat({"/", std::string(r.name)}));
  }
  // Enum texts are matched after decoding: "\u0045C" is EC.
  EXPECT_KEY_VALID(o, ec_key().raw("kty", R"("\u0045C")").json());
  const std::string escaped = rsa_key().raw("status", R"("ACTIV\u0045 ")").json();
  EXPECT_KEY_ERROR(o, escaped, error_code::unknown_value, value_offset(escaped, "status"),
                   "/status");
}

TEST(Schema, OktaUnknownHttpMethod) {
  const options o = okta_options();
  for (const char* method : {"HEAD", "get", "OPTIONS"}) {
    const std::string json = with_activate(
        cat({R"({"href":"h","hints":{"allow":["POST",")", std::string(method), "\"]}}"}));
    EXPECT_KEY_ERROR(o, json, error_code::unknown_value, json.find(std::string("\"") + method),
                     "/_links/activate/hints/allow/1");
  }
  EXPECT_KEY_VALID(rfc_options(), with_activate(R"({"href":"h","hints":{"allow":["HEAD"]}})"));
}

TEST(Schema, RfcAcceptsUnknownEnumValues) {
  const options o = rfc_options();
  EXPECT_KEY_VALID(o, rsa_key().str("status", "DELETED").str("use", "wrap").json());
  EXPECT_KEY_VALID(o, R"({"kty":"oct","alg":"HS512"})");
  EXPECT_KEY_VALID(o, R"({"kty":"rsa"})");
}

// --- enc_requires_rsa ----------------------------------------------------------------

TEST(Schema, EncRequiresRsaInOkta) {
  for (bool checks : {true, false}) {
    const options o = okta_options(checks);
    for (const char* crv : {"P-256", "P-384", "P-521"}) {
      const std::string json = ec_key(crv).str("use", "enc").json();
      EXPECT_KEY_ERROR(o, json, error_code::enc_requires_rsa, value_offset(json, "use"), "/use");
    }
    EXPECT_KEY_VALID(o, rsa_key().str("use", "enc").json());
    EXPECT_KEY_VALID(o, ec_key().str("use", "sig").json());
  }
  // Not an rfc7517 rule.
  EXPECT_KEY_VALID(rfc_options(), ec_key().str("use", "enc").json());
  EXPECT_KEY_VALID(rfc_options(), okp_key("X25519").str("use", "enc").json());
}

// --- duplicate_value in key_ops -------------------------------------------------------

TEST(Schema, DuplicateKeyOps) {
  for (const options& o : kBoth) {
    {
      const std::string json = rsa_key().raw("key_ops", R"(["sign","verify","sign"])").json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_value, json.rfind("\"sign\""), "/key_ops/2");
    }
    {
      const std::string json = rsa_key().raw("key_ops", R"(["sign","\u0073ign"])").json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_value, json.find("\"\\u0073ign\""),
                       "/key_ops/1");
    }
    {
      const std::string json = rsa_key().raw("key_ops", R"(["foo","bar","foo"])").json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_value, json.rfind("\"foo\""), "/key_ops/2");
    }
    // Two different unknown operations are not a repeat; neither are sign/verify.
    EXPECT_KEY_VALID(o, rsa_key().raw("key_ops", R"(["foo","bar"])").json());
    EXPECT_KEY_VALID(o, rsa_key().raw("key_ops", R"(["sign","verify","Sign"])").json());
    // Repeated hints.allow entries are not refused.
    EXPECT_KEY_VALID(o, with_activate(R"({"href":"h","hints":{"allow":["GET","GET"]}})"));
  }
}

// --- private_member ----------------------------------------------------------------

TEST(Schema, PrivateMembersAreAlwaysRefused) {
  const options all[] = {okta_options(true), okta_options(false), rfc_options(true),
                         rfc_options(false)};
  for (const options& o : all) {
    SCOPED_TRACE(o.key_checks ? "key checks on" : "key checks off");
    for (const char* name : {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}) {
      {
        const std::string json = rsa_key().str(name, "AQAB").json();
        EXPECT_KEY_ERROR(o, json, error_code::private_member, name_offset(json, name),
                         cat({"/", std::string(name)}));
      }
      {
        // Whatever the value, and before other members.
        json_object k;
        k.raw(name, "null");
        const std::string rest = rsa_key().json();
        const std::string json =
            k.json().substr(0, k.json().size() - 1) + cat({",", rest.substr(1)});
        EXPECT_KEY_ERROR(o, json, error_code::private_member, 1, cat({"/", std::string(name)}));
      }
    }
    {
      // Names compare decoded.
      const std::string json = ec_key().raw("\\u0064", "\"x\"").json();
      EXPECT_KEY_ERROR(o, json, error_code::private_member, json.find("\"\\u0064\""), "/d");
    }
    {
      // Before kty, so that okta's unknown_value for "oct" does not come first.
      const std::string json = R"({"k":"GawgguFyGrWKav7AX4VKUg","kty":"oct"})";
      EXPECT_KEY_ERROR(o, json, error_code::private_member, json.find("\"k\""), "/k");
    }
    {
      // A repeated private member is reported at its first occurrence.
      const std::string json = rsa_key().str("d", "AQAB").add("d", "\"AQAB\"").json();
      EXPECT_KEY_ERROR(o, json, error_code::private_member, name_offset(json, "d"), "/d");
    }
  }
  parser p;
  const std::string json = rsa_key().str("qi", "AQAB").json();
  const outcome out = run(p, json);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].cls(), error_class::key);
}

// --- one error per key, first by the documented order ----------------------------------

TEST(Schema, MemberProblemsInDocumentOrder) {
  const options o = okta_options();
  {
    json_object k;
    k.str("id", "a")
        .str("kty", "RSA")
        .raw("kid", "5")
        .str("d", "AQAB")
        .str("n", kRsaN)
        .str("e", kRsaE);
    const std::string json = k.json();
    // A private member wins over any earlier problem.
    EXPECT_KEY_ERROR(o, json, error_code::private_member, name_offset(json, "d"), "/d");
    const std::string without_d = json_object(k).erase("d").json();
    EXPECT_KEY_ERROR(o, without_d, error_code::wrong_type, value_offset(without_d, "kid"), "/kid");
  }
  {
    json_object k;
    k.str("id", "a")
        .str("kty", "RSA")
        .str("d", "AQAB")
        .raw("kid", "5")
        .str("n", kRsaN)
        .str("e", kRsaE);
    const std::string json = k.json();
    EXPECT_KEY_ERROR(o, json, error_code::private_member, name_offset(json, "d"), "/d");
  }
  {
    json_object k;
    k.str("id", "a")
        .raw("status", "null")
        .str("use", "signature")
        .str("kty", "RSA")
        .str("n", kRsaN)
        .str("e", kRsaE);
    const std::string json = k.json();
    EXPECT_KEY_ERROR(o, json, error_code::null_not_allowed, value_offset(json, "status"),
                     "/status");
  }
  {
    json_object k;
    k.str("id", "a")
        .str("use", "signature")
        .raw("status", "null")
        .str("kty", "RSA")
        .str("n", kRsaN)
        .str("e", kRsaE);
    const std::string json = k.json();
    EXPECT_KEY_ERROR(o, json, error_code::unknown_value, value_offset(json, "use"), "/use");
  }
  {
    // Key checks are member problems too: n's base64url comes before kid.
    json_object k;
    k.str("id", "a").str("kty", "RSA").str("n", "a+b").raw("kid", "5").str("e", kRsaE);
    const std::string json = k.json();
    EXPECT_KEY_ERROR(o, json, error_code::invalid_base64url, value_offset(json, "n"), "/n");
    EXPECT_KEY_ERROR(okta_options(false), json, error_code::wrong_type, value_offset(json, "kid"),
                     "/kid");
  }
  {
    json_object k;
    k.str("id", "a")
        .str("kty", "RSA")
        .raw("key_ops", R"(["sign","sign"])")
        .raw("x5c", "[1]")
        .str("n", kRsaN)
        .str("e", kRsaE);
    const std::string json = k.json();
    EXPECT_KEY_ERROR(o, json, error_code::duplicate_value, json.rfind("\"sign\""), "/key_ops/1");
  }
  {
    // Inside _links, also document order.
    json_object k = rsa_key();
    k.raw("_links", R"({"activate":{"href":7},"delete":null})").raw("kid", "[]");
    const std::string json = k.json();
    EXPECT_KEY_ERROR(o, json, error_code::wrong_type, json.find("7}"), "/_links/activate/href");
  }
}

TEST(Schema, MemberProblemsBeforeMissingMembers) {
  const options o = okta_options();
  {
    const std::string json = R"({"kty":"EC","status":"GONE"})";  // no id, crv, x, y
    EXPECT_KEY_ERROR(o, json, error_code::unknown_value, value_offset(json, "status"), "/status");
  }
  {
    const std::string json = R"({"id":"a","kty":"RSA","kid":[]})";  // no n, e
    EXPECT_KEY_ERROR(o, json, error_code::wrong_type, value_offset(json, "kid"), "/kid");
  }
  {
    const std::string json = R"({"kty":"RSA","p":"AQAB"})";
    EXPECT_KEY_ERROR(rfc_options(), json, error_code::private_member, name_offset(json, "p"), "/p");
  }
  {
    // Missing id is found before an invalid coordinate length (group 3).
    const std::string json = ec_key().erase("id").str("x", kP384X).json();
    EXPECT_KEY_ERROR(o, json, error_code::missing_member, 0, "/id");
  }
}

TEST(Schema, MissingMembersBeforeConsistency) {
  const options o = okta_options();
  {
    const std::string json = ec_key().str("use", "enc").erase("y").json();
    EXPECT_KEY_ERROR(o, json, error_code::missing_member, 0, "/y");
  }
  {
    // Key material before a link's href, whatever the document order.
    json_object k;
    k.str("id", "a").raw("_links", R"({"activate":{}})").str("kty", "RSA").str("n", kRsaN);
    const std::string json = k.json();
    EXPECT_KEY_ERROR(o, json, error_code::missing_member, 0, "/e");
  }
  {
    json_object k = ec_key();
    k.raw("_links", R"({"activate":{"name":"a"}})").str("use", "enc");
    const std::string json = k.json();
    EXPECT_KEY_ERROR(o, json, error_code::missing_member, json.find("{\"name\""),
                     "/_links/activate/href");
  }
}

TEST(Schema, ConsistencyOrder) {
  {
    // enc_requires_rsa before the key checks, even when they come earlier in
    // the document.
    json_object k;
    k.str("id", "a")
        .str("kty", "EC")
        .str("alg", "RS256")
        .str("crv", "P-256")
        .str("x", kP384X)
        .str("y", kP256Y)
        .str("use", "enc");
    const std::string json = k.json();
    EXPECT_KEY_ERROR(okta_options(), json, error_code::enc_requires_rsa, value_offset(json, "use"),
                     "/use");
  }
  {
    // curve_mismatch before coordinate lengths and alg.
    json_object k;
    k.str("kty", "EC").str("alg", "RS256").str("crv", "Ed25519").str("x", kP384X).str("y", kP384Y);
    const std::string json = k.json();
    EXPECT_KEY_ERROR(rfc_options(), json, error_code::curve_mismatch, value_offset(json, "crv"),
                     "/crv");
  }
  {
    // x before y.
    json_object k;
    k.str("id", "a").str("kty", "EC").str("crv", "P-256").str("y", kP384Y).str("x", kP521X);
    const std::string json = k.json();
    EXPECT_KEY_ERROR(okta_options(), json, error_code::wrong_coordinate_length,
                     value_offset(json, "x"), "/x");
  }
  {
    // Coordinate length before alg.
    json_object k;
    k.str("id", "a")
        .str("alg", "RS256")
        .str("kty", "EC")
        .str("crv", "P-256")
        .str("x", kP256X)
        .str("y", kP384Y);
    const std::string json = k.json();
    EXPECT_KEY_ERROR(okta_options(), json, error_code::wrong_coordinate_length,
                     value_offset(json, "y"), "/y");
  }
}

// --- error classes, names, document_failed --------------------------------------------

TEST(Schema, ErrorClassesAndNames) {
  struct row {
    error_code code;
    error_class cls;
    const char* name;
  };
  const row rows[] = {
      {error_code::ok, error_class::none, "ok"},
      {error_code::empty_document, error_class::syntax, "empty_document"},
      {error_code::byte_order_mark, error_class::syntax, "byte_order_mark"},
      {error_code::invalid_utf8, error_class::syntax, "invalid_utf8"},
      {error_code::control_character, error_class::syntax, "control_character"},
      {error_code::unclosed_string, error_class::syntax, "unclosed_string"},
      {error_code::invalid_escape, error_class::syntax, "invalid_escape"},
      {error_code::lone_surrogate, error_class::syntax, "lone_surrogate"},
      {error_code::invalid_literal, error_class::syntax, "invalid_literal"},
      {error_code::invalid_number, error_class::syntax, "invalid_number"},
      {error_code::unexpected_character, error_class::syntax, "unexpected_character"},
      {error_code::truncated, error_class::syntax, "truncated"},
      {error_code::trailing_content, error_class::syntax, "trailing_content"},
      {error_code::unexpected_root, error_class::schema, "unexpected_root"},
      {error_code::wrong_type, error_class::schema, "wrong_type"},
      {error_code::duplicate_member, error_class::schema, "duplicate_member"},
      {error_code::missing_member, error_class::schema, "missing_member"},
      {error_code::null_not_allowed, error_class::schema, "null_not_allowed"},
      {error_code::unknown_value, error_class::schema, "unknown_value"},
      {error_code::duplicate_value, error_class::schema, "duplicate_value"},
      {error_code::ambiguous_shape, error_class::schema, "ambiguous_shape"},
      {error_code::enc_requires_rsa, error_class::schema, "enc_requires_rsa"},
      {error_code::private_member, error_class::key, "private_member"},
      {error_code::invalid_base64url, error_class::key, "invalid_base64url"},
      {error_code::invalid_base64, error_class::key, "invalid_base64"},
      {error_code::empty_key_material, error_class::key, "empty_key_material"},
      {error_code::wrong_coordinate_length, error_class::key, "wrong_coordinate_length"},
      {error_code::wrong_digest_length, error_class::key, "wrong_digest_length"},
      {error_code::alg_mismatch, error_class::key, "alg_mismatch"},
      {error_code::curve_mismatch, error_class::key, "curve_mismatch"},
      {error_code::document_too_large, error_class::limit, "document_too_large"},
      {error_code::too_deep, error_class::limit, "too_deep"},
      {error_code::string_too_long, error_class::limit, "string_too_long"},
      {error_code::too_many_keys, error_class::limit, "too_many_keys"},
      {error_code::storage_full, error_class::limit, "storage_full"},
      {error_code::too_many_members, error_class::limit, "too_many_members"},
      {error_code::out_of_memory, error_class::limit, "out_of_memory"},
      {error_code::buffer_too_small, error_class::limit, "buffer_too_small"},
      {error_code::unsupported_key, error_class::key, "unsupported_key"},
      {error_code::invalid_modulus, error_class::key, "invalid_modulus"},
      {error_code::invalid_exponent, error_class::key, "invalid_exponent"},
      {error_code::point_not_on_curve, error_class::key, "point_not_on_curve"},
      {error_code::malformed_jws, error_class::crypto, "malformed_jws"},
      {error_code::unsupported_algorithm, error_class::crypto, "unsupported_algorithm"},
      {error_code::bad_signature, error_class::crypto, "bad_signature"},
      {error_code::crypto_failure, error_class::crypto, "crypto_failure"},
  };
  static_assert(sizeof(rows) / sizeof(rows[0]) ==
                static_cast<std::size_t>(error_code::crypto_failure) + 1);
  for (const row& r : rows) {
    SCOPED_TRACE(r.name);
    EXPECT_EQ(class_of(r.code), r.cls);
    EXPECT_EQ(name_of(r.code), r.name);
    error e;
    e.code = r.code;
    EXPECT_EQ(e.cls(), r.cls);
    EXPECT_EQ(static_cast<bool>(e), r.code != error_code::ok);
    if (r.code != error_code::ok) {
      EXPECT_FALSE(message_of(r.code).empty());
    }
  }
  EXPECT_EQ(name_of(error_class::syntax), "syntax");
  EXPECT_EQ(name_of(error_class::schema), "schema");
  EXPECT_EQ(name_of(error_class::key), "key");
  EXPECT_EQ(name_of(error_class::limit), "limit");
  EXPECT_EQ(name_of(error_class::crypto), "crypto");
}

TEST(Schema, ObservedErrorClasses) {
  struct row {
    std::string json;
    options opts;
    error_code code;
    error_class cls;
  };
  const row rows[] = {
      {rsa_key().raw("kid", "1").json(), okta_options(), error_code::wrong_type,
       error_class::schema},
      {rsa_key().raw("kid", "null").add("kid", "null").json(), okta_options(),
       error_code::duplicate_member, error_class::schema},
      {rsa_key().raw("x5u", "null").json(), okta_options(), error_code::null_not_allowed,
       error_class::schema},
      {rsa_key().erase("n").json(), okta_options(), error_code::missing_member,
       error_class::schema},
      {rsa_key().str("use", "x").json(), okta_options(), error_code::unknown_value,
       error_class::schema},
      {ec_key().str("use", "enc").json(), okta_options(), error_code::enc_requires_rsa,
       error_class::schema},
      {rsa_key().str("n", "").json(), okta_options(), error_code::empty_key_material,
       error_class::key},
      {rsa_key().str("e", "AQAB=").json(), okta_options(), error_code::invalid_base64url,
       error_class::key},
      {rsa_key().str("alg", "ES256").json(), okta_options(), error_code::alg_mismatch,
       error_class::key},
  };
  for (const row& r : rows) {
    SCOPED_TRACE(r.json);
    parser p(r.opts);
    const outcome o = run(p, r.json);
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_EQ(o.errors[0].code, r.code);
    EXPECT_EQ(o.errors[0].cls(), r.cls);
    EXPECT_FALSE(o.document_failed);
  }
}

TEST(Schema, DocumentFailedOnlyForDocumentLevelErrors) {
  {
    parser p(okta_options());
    const outcome o = run(p, cat({"[", rsa_key().erase("id").json(), "]"}));
    EXPECT_FALSE(o.document_failed);
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.error_count, 1u);
  }
  {
    parser p;
    const outcome o = run(p, R"({"keys":[],"jwks":{"keys":[]}})");
    EXPECT_TRUE(o.document_failed);
  }
  {
    parser p;
    const outcome o = run(p, cat({"[", rsa_key().json(), ""}));
    EXPECT_TRUE(o.document_failed);
  }
  {
    parser p;
    const outcome o = run(p, cat({"[", rsa_key().json(), "]"}));
    EXPECT_FALSE(o.document_failed);
    EXPECT_TRUE(o.ok);
  }
}

TEST(Schema, ManyBadKeysEachReportOneError) {
  std::string json = "[";
  std::vector<std::string> paths;
  for (int i = 0; i < 10; ++i) {
    if (i != 0) json += ',';
    // Every key has two problems; only the first is reported.
    json += rsa_key().raw("kid", "1").raw("x5u", "null").json();
    paths.push_back(cat({"/", std::to_string(i), "/kid"}));
  }
  json += "]";
  parser p;
  const outcome o = run(p, json);
  EXPECT_TRUE(o.keys.empty());
  EXPECT_EQ(o.error_count, 10u);
  ASSERT_EQ(o.errors.size(), 10u);
  std::size_t from = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    const std::size_t at = json.find("\"kid\":1", from) + 6;
    EXPECT_TRUE(is_error(o.errors[i], error_code::wrong_type, at, paths[i]));
    from = at;
  }
}

// --- names: escaping in paths, many unknown names, member order ---------------------

TEST(Schema, PathsEscapeTildeAndSlash) {
  for (const options& o : kBoth) {
    {
      const std::string json = rsa_key().raw("a/b", "1").add("a/b", "2").json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, "a/b", 1), "/a~1b");
    }
    {
      const std::string json = rsa_key().raw("m~n", "1").add("m\\u007en", "2").json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, json.find("\"m\\u007en\""), "/m~0n");
    }
    {
      const std::string json = with_activate(R"({"href":"h","x/~y":[],"x/~y":{}})");
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, "x/~y", 1),
                       "/_links/activate/x~1~0y");
    }
  }
}

TEST(Schema, DuplicateUnknownMembersAmongMany) {
  for (const options& o : kBoth) {
    // 60 distinct unknown names (the limit is 64 per object), then a repeat.
    json_object k = rsa_key();
    for (int i = 0; i < 60; ++i) k.raw(cat({"ext_", std::to_string(i)}), std::to_string(i));
    EXPECT_KEY_VALID(o, k.json());
    for (int dup : {0, 31, 59}) {
      const std::string name = cat({"ext_", std::to_string(dup)});
      json_object d = k;
      d.add(name, "null");
      const std::string json = d.json();
      EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, name, 1),
                       cat({"/", name}));
    }
    // Names that share prefixes, are anagrams or differ only in their last byte.
    // (120 bytes: the path "/keys/0/" + name still fits error::path_capacity.)
    const std::string long_a(120, 'a');
    const std::string long_b = long_a.substr(0, 119) + "b";
    json_object similar = rsa_key();
    similar.raw("ab", "1").raw("ba", "2").raw("a", "3").raw("aa", "4").raw("", "5");
    similar.raw(long_a, "6").raw(long_b, "7").raw("E", "8").raw("N", "9").raw("ids", "10");
    EXPECT_KEY_VALID(o, similar.json());
    similar.add(long_a, "0");
    const std::string json = similar.json();
    EXPECT_KEY_ERROR(o, json, error_code::duplicate_member, name_offset(json, long_a, 1),
                     cat({"/", long_a}));
    json_object empty_name = rsa_key();
    empty_name.raw("", "1").add("", "2");
    const std::string json2 = empty_name.json();
    EXPECT_KEY_ERROR(o, json2, error_code::duplicate_member, name_offset(json2, "", 1), "/");
  }
  // A name too long for the inline path: the path is cut at a step boundary.
  const std::string too_long(300, 'z');
  const std::string json = rsa_key().raw(too_long, "1").add(too_long, "2").json();
  parser p;
  const outcome o = run(p, json);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_EQ(o.errors[0].code, error_code::duplicate_member);
  EXPECT_EQ(o.errors[0].offset, name_offset(json, too_long, 1));
  EXPECT_EQ(o.errors[0].path(), "");
  EXPECT_TRUE(o.errors[0].path_truncated());
}

TEST(Schema, MembersMayComeInAnyOrder) {
  const options o = okta_options();
  {
    json_object k;
    k.str("e", kRsaE).str("n", kRsaN).str("alg", "RS256").str("kty", "RSA").str("id", "a");
    EXPECT_KEY_VALID(o, k.json());
  }
  {
    json_object k;
    k.str("x", kP384X).str("y", kP384Y).str("alg", "ES384").str("crv", "P-384").str("kty", "EC");
    k.str("id", "a");
    EXPECT_KEY_VALID(o, k.json());
  }
  {
    // Checks that need crv or kty still point at x, use and alg.
    json_object k;
    k.str("x", kP256X).str("y", kP384Y).str("crv", "P-384").str("kty", "EC").str("id", "a");
    const std::string json = k.json();
    EXPECT_KEY_ERROR(o, json, error_code::wrong_coordinate_length, value_offset(json, "x"), "/x");
  }
  {
    json_object k;
    k.str("use", "enc").str("x", kP256X).str("y", kP256Y).str("crv", "P-256").str("kty", "EC");
    k.str("id", "a");
    const std::string json = k.json();
    EXPECT_KEY_ERROR(o, json, error_code::enc_requires_rsa, value_offset(json, "use"), "/use");
  }
  {
    json_object k;
    k.str("alg", "ES256").str("id", "a").str("n", kRsaN).str("e", kRsaE).str("kty", "RSA");
    const std::string json = k.json();
    EXPECT_KEY_ERROR(o, json, error_code::alg_mismatch, value_offset(json, "alg"), "/alg");
  }
}

TEST(Schema, NestedNamesAreNotKeyMembers) {
  for (const options& o : kBoth) {
    // Key member names inside a link object or an unknown member are not
    // duplicates of the key's own members.
    json_object k = rsa_key();
    k.raw("_links", R"({"activate":{"href":"h","kty":"x","id":5,"n":null}})");
    k.raw("meta", R"({"kty":"RSA","id":"a","_links":[]})");
    EXPECT_KEY_VALID(o, k.json());
  }
}

TEST(Schema, UnregisteredKeyOpsAreBoundedByTheMemberLimit) {
  // Repeats must be found among unregistered key_ops values too; the check is
  // bounded by limits::max_unknown_members, like unrecognised member names.
  std::string ops = "[";
  for (int i = 0; i < 70; ++i) ops += cat({i == 0 ? "" : ",", "\"op", std::to_string(i), "\""});
  ops += "]";
  for (const options& o : kBoth) {
    const std::string json = rsa_key().raw("key_ops", ops).json();
    EXPECT_DOCUMENT_ERROR(o, json, error_code::too_many_members, json.find("\"op64\""),
                          "/key_ops/64");
  }
  std::string ok_ops = "[";
  for (int i = 0; i < 64; ++i) ok_ops += cat({i == 0 ? "" : ",", "\"op", std::to_string(i), "\""});
  ok_ops += "]";
  for (const options& o : kBoth) EXPECT_KEY_VALID(o, rsa_key().raw("key_ops", ok_ops).json());
}

TEST(Schema, OffsetsIgnoreWhitespace) {
  const std::string json = cat({"{ \"id\" : \"a\" ,\n  \"kty\"\t:\t\"RSA\" , \"n\" : \"", kRsaN,
                                "\" , \"e\":\"AQAB\",\r\n  \"kid\"  :\n  [ 1 ]  }"});
  EXPECT_KEY_ERROR(okta_options(), json, error_code::wrong_type, json.find("[ 1 ]"), "/kid");
  const std::string dup = cat({"{ \"id\" : \"a\" ,\n  \"kty\"\t:\t\"RSA\" , \"n\" : \"", kRsaN,
                               "\" , \"e\":\"AQAB\",\r\n  \"e\"  :\n  \"AQAB\"  }"});
  EXPECT_KEY_ERROR(okta_options(), dup, error_code::duplicate_member, dup.find("\"e\"  :"), "/e");
  const std::string priv = cat({"{\n\t\"kty\" : \"oct\" ,\n\t\"k\"\n:\n\"AQAB\"\n}"});
  EXPECT_KEY_ERROR(rfc_options(), priv, error_code::private_member, priv.find("\"k\""), "/k");
  const std::string missing = "  {  \"kty\" : \"RSA\" , \"e\" : \"AQAB\" }  ";
  EXPECT_KEY_ERROR(rfc_options(), missing, error_code::missing_member, 2, "/n");
}

}  // namespace
