// Escapes: member names and values are compared and delivered decoded.
// Unescaped strings are views into the input; escaped ones are decoded into
// the parser's scratch space.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "syntax_support.hpp"

namespace {

using jwkview::error_class;
using jwkview::error_code;
using namespace std::literals;
using syntest::points_into;

jwkview::options rfc_options() {
  jwkview::options o;
  o.profile = jwkview::profile::rfc7517;
  return o;
}

/// A single key error (not document-level) with code, offset and path.
::testing::AssertionResult one_key_error(const jwkview::parse_report& r, error_code code,
                                         std::size_t offset, std::string_view path) {
  if (r.document_failed() || r.error_count() != 1 || r.errors().size() != 1) {
    return ::testing::AssertionFailure() << "expected one key error, got " << syntest::describe(r);
  }
  return syntest::is_error(r.errors()[0], code, offset, path);
}

TEST(Escapes, EscapedMemberNamesAreRecognised) {
  const std::string json =
      R"({"\u0069d":"k1","k\u0074y":"RSA","\u0061lg":"RS256","us\u0065":"sig",)"
      R"("\u0065":"AQAB","\u006E":")" +
      std::string(syntest::kRsaN) +
      R"(","st\u0061tus":"ACTIVE","l\u0061stUpdated":"2023",)"
      R"("_l\u0069nks":{"de\u0061ctiv\u0061te":{"hr\u0065f":"h"}}})";
  jwkview::parser p;
  const auto k = p.parse_key(json);
  ASSERT_TRUE(k.has_value()) << syntest::describe(k.error());
  EXPECT_EQ(k->id.value, "k1");
  EXPECT_TRUE(k->kty.is(jwkview::key_type::rsa));
  EXPECT_TRUE(k->alg.is(jwkview::algorithm::rs256));
  EXPECT_TRUE(k->use.is(jwkview::key_use::sig));
  EXPECT_EQ(k->e.value, "AQAB");
  EXPECT_EQ(k->n.value, syntest::kRsaN);
  EXPECT_TRUE(k->status.is(jwkview::key_status::active));
  EXPECT_EQ(k->last_updated.value, "2023");
  EXPECT_TRUE(k->links.has_value());
  EXPECT_EQ(k->links.deactivate.href.value, "h");
  // The values themselves had no escapes: views into the input.
  EXPECT_TRUE(points_into(k->id.value, json));
  EXPECT_TRUE(points_into(k->n.value, json));
  EXPECT_TRUE(points_into(k->links.deactivate.href.value, json));
}

TEST(Escapes, EscapedWrapperNames) {
  jwkview::parser p;
  syntest::storage st;
  const std::string jwks = R"({"\u006Awks":{"k\u0065ys":[)" + syntest::okta_rsa() + "]}}";
  const auto r = st.parse(p, jwks);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  EXPECT_EQ(r.shape(), jwkview::set_shape::jwks_object);
  EXPECT_EQ(r.key_count(), 1u);
  const std::string keys = R"({"\u006beys":[)" + syntest::okta_rsa() + "]}";
  const auto rk = st.parse(p, keys);
  ASSERT_TRUE(rk.ok()) << syntest::describe(rk);
  EXPECT_EQ(rk.shape(), jwkview::set_shape::keys_object);
}

TEST(Escapes, EscapedValuesAreDecodedIntoScratch) {
  const std::string json = syntest::okta_rsa(
      "a\\/b",
      R"(,"kid":"k\u0069d-1","created":"2023-04-06T21:32:33.000Z",)"
      R"("_links":{"deactivate":{"href":"https:\/\/{yourOktaDomain}\/api\/v1\/apps\/0oa1\/credentials\/jwks\/pks2\/lifecycle\/deactivate",)"
      R"("name":"\"quoted\" \\ \b\f\n\r\t","hints":{"allow":["POST"]}}})");
  jwkview::parser p;
  syntest::storage st;
  const auto r = st.parse(p, json);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  const jwkview::key& k = r.keys()[0];

  EXPECT_EQ(k.id.value, "a/b");
  EXPECT_FALSE(points_into(k.id.value, json));
  EXPECT_EQ(k.kid.value, "kid-1");
  EXPECT_FALSE(points_into(k.kid.value, json));
  EXPECT_EQ(k.links.deactivate.href.value,
            "https://{yourOktaDomain}/api/v1/apps/0oa1/credentials/jwks/pks2/lifecycle/"
            "deactivate");
  EXPECT_FALSE(points_into(k.links.deactivate.href.value, json));
  EXPECT_EQ(k.links.deactivate.name.value, "\"quoted\" \\ \b\f\n\r\t");
  EXPECT_FALSE(points_into(k.links.deactivate.name.value, json));

  // Unescaped strings still point into the input.
  EXPECT_TRUE(points_into(k.created.value, json));
  EXPECT_EQ(k.created.value, "2023-04-06T21:32:33.000Z");
  EXPECT_TRUE(points_into(k.e.value, json));
  EXPECT_TRUE(points_into(k.kty.text, json));
  ASSERT_EQ(k.links.deactivate.allow.entries.size(), 1u);
  EXPECT_EQ(k.links.deactivate.allow.entries[0], "POST");
  EXPECT_TRUE(points_into(k.links.deactivate.allow.entries[0], json));
}

TEST(Escapes, ScratchViewsOfEveryKeyStayValid) {
  std::vector<std::string> keys;
  for (int i = 0; i < 8; ++i) {
    const std::string n = std::to_string(i);
    keys.push_back(syntest::okta_rsa(
        "id\\u002D" + n,
        R"(,"kid":"k\/)" + n + R"(","_links":{"activate":{"href":"h\/)" + n + R"("}})"));
  }
  const std::string json = syntest::keys_set(keys);
  jwkview::parser p;
  syntest::storage st;
  const auto r = st.parse(p, json);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  ASSERT_EQ(r.key_count(), 8u);
  for (std::size_t i = 0; i < 8; ++i) {
    const jwkview::key& k = r.keys()[i];
    const std::string n = std::to_string(i);
    EXPECT_EQ(k.id.value, "id-" + n);
    EXPECT_EQ(k.kid.value, "k/" + n);
    EXPECT_EQ(k.links.activate.href.value, "h/" + n);
    EXPECT_FALSE(points_into(k.kid.value, json));
  }

  // The callback form: views are valid during the call.
  std::vector<std::string> kids;
  const auto rc =
      p.for_each_key(json, [&kids](const jwkview::key& k) { kids.emplace_back(k.kid.value); });
  ASSERT_TRUE(rc.ok()) << syntest::describe(rc);
  ASSERT_EQ(kids.size(), 8u);
  EXPECT_EQ(kids[7], "k/7");
}

TEST(Escapes, EscapedEnumValuesOkta) {
  const std::string ec =
      R"({"id":"e","kty":"\u0045C","crv":"P-25\u0036","alg":"ES\u00325\u0036",)"
      R"("x":")" +
      std::string(syntest::kEcX) + R"(","y":")" + std::string(syntest::kEcY) +
      R"(","use":"s\u0069g","status":"ACTIV\u0045",)"
      R"("_links":{"delete":{"href":"h","hints":{"allow":["G\u0045T","P\u004fST","DELETE"]}}}})";
  jwkview::parser p;
  const auto k = p.parse_key(ec);
  ASSERT_TRUE(k.has_value()) << syntest::describe(k.error());
  EXPECT_TRUE(k->kty.is(jwkview::key_type::ec));
  EXPECT_EQ(k->kty.text, "EC");
  EXPECT_FALSE(points_into(k->kty.text, ec));
  EXPECT_TRUE(k->crv.is(jwkview::curve::p256));
  EXPECT_EQ(k->crv.text, "P-256");
  EXPECT_TRUE(k->alg.is(jwkview::algorithm::es256));
  EXPECT_TRUE(k->use.is(jwkview::key_use::sig));
  EXPECT_TRUE(k->status.is(jwkview::key_status::active));
  const auto& allow = k->links.delete_.allow;
  EXPECT_TRUE(allow.values.contains(jwkview::http_method::get));
  EXPECT_TRUE(allow.values.contains(jwkview::http_method::post));
  EXPECT_TRUE(allow.values.contains(jwkview::http_method::delete_));
  EXPECT_FALSE(allow.values.contains(jwkview::http_method::unknown));
  ASSERT_EQ(allow.entries.size(), 3u);
  EXPECT_EQ(allow.entries[0], "GET");
  EXPECT_EQ(allow.entries[1], "POST");
  EXPECT_EQ(allow.entries[2], "DELETE");
  EXPECT_FALSE(points_into(allow.entries[0], ec));
  EXPECT_TRUE(points_into(allow.entries[2], ec));

  // "R\u0053A" is RSA.
  const std::string rsa =
      R"({"id":"r","kty":"R\u0053A","e":"AQAB","n":")" + std::string(syntest::kRsaN) + R"("})";
  const auto kr = p.parse_key(rsa);
  ASSERT_TRUE(kr.has_value()) << syntest::describe(kr.error());
  EXPECT_TRUE(kr->kty.is(jwkview::key_type::rsa));
  EXPECT_EQ(kr->kty.text, "RSA");

  // Decoded but still unknown, or of the wrong case: unknown_value at the value.
  syntest::storage st;
  for (std::string_view bad : {R"(R\u0053B)"sv, R"(\u0072sa)"sv, R"(RSA\u0000)"sv}) {
    const std::string json =
        syntest::keys_set({R"({"id":"r","kty":")" + std::string(bad) + R"(","e":"AQAB","n":")" +
                           std::string(syntest::kRsaN) + R"("})"});
    const auto r = st.parse(p, json);
    EXPECT_TRUE(one_key_error(r, error_code::unknown_value,
                              json.find(std::string("\"") + std::string(bad)), "/keys/0/kty"))
        << bad;
  }
}

TEST(Escapes, EscapedEnumValuesRfc) {
  const std::string json =
      R"({"kty":"\u006Fct","alg":"X\u0059Z","use":"\u0065nc","key_ops":["s\u0069gn","verify","wrap\u004Bey"],)"
      R"("kid":"sym"})";
  jwkview::parser p(rfc_options());
  const auto k = p.parse_key(json);
  ASSERT_TRUE(k.has_value()) << syntest::describe(k.error());
  EXPECT_TRUE(k->kty.is(jwkview::key_type::oct));
  EXPECT_EQ(k->alg.value, jwkview::algorithm::unknown);
  EXPECT_EQ(k->alg.text, "XYZ");
  EXPECT_TRUE(k->alg.has_value());
  EXPECT_TRUE(k->use.is(jwkview::key_use::enc));
  EXPECT_TRUE(k->key_ops.values.contains(jwkview::key_op::sign));
  EXPECT_TRUE(k->key_ops.values.contains(jwkview::key_op::verify));
  EXPECT_TRUE(k->key_ops.values.contains(jwkview::key_op::wrap_key));
  EXPECT_FALSE(k->key_ops.values.contains(jwkview::key_op::unknown));
  ASSERT_EQ(k->key_ops.entries.size(), 3u);
  EXPECT_EQ(k->key_ops.entries[0], "sign");
  EXPECT_EQ(k->key_ops.entries[2], "wrapKey");
  std::vector<std::string_view> listed(k->key_ops.entries.begin(), k->key_ops.entries.end());
  EXPECT_EQ(listed, (std::vector<std::string_view>{"sign", "verify", "wrapKey"}));

  // The same value twice, one escaped: duplicate_value at the second entry.
  const std::string dup = syntest::keys_set({R"({"kty":"oct","key_ops":["sign","s\u0069gn"]})"});
  syntest::storage st;
  EXPECT_TRUE(one_key_error(st.parse(p, dup), error_code::duplicate_value,
                            dup.find("\"s\\u0069gn\""), "/keys/0/key_ops/1"));
}

TEST(Escapes, EscapedMaterialIsCheckedDecoded) {
  // Key checks apply to the decoded text.
  jwkview::parser p;
  const std::string json =
      R"({"id":"m","kty":"RSA","e":"\u0041QAB","n":")" + std::string(syntest::kRsaN) + R"("})";
  const auto k = p.parse_key(json);
  ASSERT_TRUE(k.has_value()) << syntest::describe(k.error());
  EXPECT_EQ(k->e.value, "AQAB");
  EXPECT_FALSE(points_into(k->e.value, json));

  // x5c entries are standard base64: "/" may arrive as "\/".
  jwkview::parser pr(rfc_options());
  const std::string x5c = R"({"kty":"oct","x5c":["AAEC\/w==","AAEC/w==","\u0041AEC/w=="]})";
  const auto kx = pr.parse_key(x5c);
  ASSERT_TRUE(kx.has_value()) << syntest::describe(kx.error());
  ASSERT_TRUE(kx->x5c.has_value());
  ASSERT_EQ(kx->x5c.value.size(), 3u);
  std::vector<std::string_view> entries(kx->x5c.value.begin(), kx->x5c.value.end());
  ASSERT_EQ(entries.size(), 3u);
  for (std::string_view e : entries) EXPECT_EQ(e, "AAEC/w==");
  EXPECT_FALSE(points_into(entries[0], x5c));
  EXPECT_TRUE(points_into(entries[1], x5c));
  EXPECT_FALSE(points_into(entries[2], x5c));
  EXPECT_EQ(kx->x5c.value[0], "AAEC/w==");

  // An escape that decodes to a character outside the alphabet is still bad.
  syntest::storage st;
  const std::string bad = syntest::keys_set(
      {R"({"id":"m","kty":"RSA","e":"AQ\u002bB","n":")" + std::string(syntest::kRsaN) + R"("})"});
  const auto r = st.parse(p, bad);
  EXPECT_TRUE(
      one_key_error(r, error_code::invalid_base64url, bad.find("\"AQ\\u002b"), "/keys/0/e"));
  EXPECT_EQ(r.errors()[0].cls(), error_class::key);
}

TEST(Escapes, EscapedNamesCollideAsDuplicates) {
  jwkview::parser p;
  syntest::storage st;
  const struct {
    std::string extra;   // appended to a valid okta key
    std::string second;  // the second spelling, as it appears in the JSON
    std::string path;
  } cases[] = {
      {R"(,"k\u0074y":"RSA")", R"("k\u0074y")", "/keys/0/kty"},
      {R"(,"\u006B\u0069\u0064":"a","kid":"b")", R"("kid")", "/keys/0/kid"},
      {R"(,"zz":1,"z\u007a":2)", R"("z\u007a")", "/keys/0/zz"},
      {R"(,"\u007a\u007a":1,"z\u007A":2)", R"("z\u007A")", "/keys/0/zz"},
      {R"(,"a/b":1,"a\/b":2)", R"("a\/b")", "/keys/0/a~1b"},
      {R"(,"\u00e9":1,"é":2)", R"("é")", "/keys/0/\xC3\xA9"},
      {R"(,"\ud83d\udd11":1,"🔑":2)", R"("🔑")", "/keys/0/\xF0\x9F\x94\x91"},
  };
  for (const auto& c : cases) {
    const std::string json = syntest::keys_set({syntest::okta_rsa("k1", c.extra)});
    const auto r = st.parse(p, json);
    EXPECT_TRUE(one_key_error(r, error_code::duplicate_member, json.rfind(c.second), c.path))
        << json;
    EXPECT_EQ(r.key_count(), 0u);
  }

  // In _links: the link objects collide.
  const std::string links = syntest::keys_set({syntest::okta_rsa(
      "k1", R"(,"_links":{"activate":{"href":"a"},"\u0061ctivate":{"href":"b"}})")});
  EXPECT_TRUE(one_key_error(st.parse(p, links), error_code::duplicate_member,
                            links.find(R"("\u0061ctivate")"), "/keys/0/_links/activate"));

  // In a wrapper: a document-level schema error.
  const std::string wrapper = R"({"keys":[],"k\u0065ys":[]})";
  const auto rw = st.parse(p, wrapper);
  EXPECT_TRUE(syntest::is_document_error(rw, error_code::duplicate_member,
                                         wrapper.find(R"("k\u0065ys")"), "/keys"));
  EXPECT_EQ(rw.errors()[0].cls(), error_class::schema);

  // An escaped private member name.
  const std::string priv = syntest::keys_set({syntest::okta_rsa("k1", R"(,"\u0064":"AQAB")")});
  EXPECT_TRUE(one_key_error(st.parse(p, priv), error_code::private_member, priv.find(R"("\u0064")"),
                            "/keys/0/d"));
}

TEST(Escapes, NulInUnknownNames) {
  jwkview::parser p;
  syntest::storage st;
  // Distinct names that a C-string comparison would confuse.
  const std::string distinct = syntest::keys_set({syntest::okta_rsa(
      "k1", R"(,"a\u0000b":1,"a":2,"a\u0000":3,"a\u0000c":4,"\u0000":5,"":6,"\u0000\u0000":7)")});
  const auto r = st.parse(p, distinct);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  EXPECT_EQ(r.key_count(), 1u);

  // The same name with an embedded NUL, spelt twice.
  const std::string dup =
      syntest::keys_set({syntest::okta_rsa("k1", R"(,"a\u0000b":1,"a\u0000\u0062":2)")});
  EXPECT_TRUE(one_key_error(st.parse(p, dup), error_code::duplicate_member,
                            dup.find(R"("a\u0000\u0062")"), "/keys/0/a\0b"sv));

  // A NUL in a value is kept.
  const auto k = p.parse_key(syntest::okta_rsa("a\\u0000b"));
  ASSERT_TRUE(k.has_value()) << syntest::describe(k.error());
  EXPECT_EQ(k->id.value, "a\0b"sv);
  EXPECT_EQ(k->id.value.size(), 3u);
}

TEST(Escapes, Utf8IsKeptByteExact) {
  jwkview::parser p;
  const std::string raw = "\xD0\xBA\xD0\xBB\xD1\x8E\xD1\x87-\xF0\x9F\x94\x91";  // "ключ-🔑"
  const std::string json_raw = syntest::okta_rsa("u", R"(,"kid":")" + raw + R"(")");
  const auto kr = p.parse_key(json_raw);
  ASSERT_TRUE(kr.has_value()) << syntest::describe(kr.error());
  EXPECT_EQ(kr->kid.value, raw);
  EXPECT_TRUE(points_into(kr->kid.value, json_raw));

  const std::string json_esc =
      syntest::okta_rsa("u", R"(,"kid":"\u043a\u043B\u044e\u0447-\ud83d\udd11")");
  const auto ke = p.parse_key(json_esc);
  ASSERT_TRUE(ke.has_value()) << syntest::describe(ke.error());
  EXPECT_EQ(ke->kid.value, raw);
  EXPECT_FALSE(points_into(ke->kid.value, json_esc));

  const std::string json_mixed = syntest::okta_rsa("u", R"(,"kid":"é\u00e9€\u20ac\uDBFF\uDFFF)"
                                                        "\xF4\x8F\xBF\xBF"
                                                        R"(")");
  const auto km = p.parse_key(json_mixed);
  ASSERT_TRUE(km.has_value()) << syntest::describe(km.error());
  EXPECT_EQ(km->kid.value,
            "\xC3\xA9\xC3\xA9\xE2\x82\xAC\xE2\x82\xAC\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF");
}

TEST(Escapes, NulDoesNotTruncateKnownNames) {
  // "kty\u0000" and "k\u0000ty" are unknown names, not kty.
  jwkview::parser p;
  syntest::storage st;
  const std::string json = syntest::keys_set(
      {syntest::okta_rsa("k1", R"(,"kty\u0000":"EC","k\u0000ty":"EC","\u0000kty":"EC")")});
  const auto r = st.parse(p, json);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  EXPECT_TRUE(r.keys()[0].kty.is(jwkview::key_type::rsa));
}

TEST(Escapes, ManyEscapedValuesFillTheScratch) {
  // Every string escaped, in many keys: all decoded values stay intact.
  std::vector<std::string> keys;
  std::string long_escaped;
  std::string long_decoded;
  for (int i = 0; i < 2000; ++i) {
    long_escaped += "\\u00e9\\/";
    long_decoded += "\xC3\xA9/";
  }
  for (int i = 0; i < 30; ++i) {
    const std::string n = std::to_string(i);
    keys.push_back(R"({"\u0069d":"\u0069)" + n +
                   R"(","k\u0074y":"\u0052SA","\u0065":"\u0041QAB",)"
                   R"("\u006e":")" +
                   std::string(syntest::kRsaN) + R"(","kid":")" + long_escaped + n +
                   R"(","_links":{"activate":{"href":"\/\/)" + n + R"("}}})");
  }
  const std::string json = syntest::keys_set(keys);
  jwkview::parser p;
  syntest::storage st;
  const auto r = st.parse(p, json);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  ASSERT_EQ(r.key_count(), 30u);
  for (std::size_t i = 0; i < 30; ++i) {
    const jwkview::key& k = r.keys()[i];
    const std::string n = std::to_string(i);
    EXPECT_EQ(k.id.value, "i" + n);
    EXPECT_TRUE(k.kty.is(jwkview::key_type::rsa));
    EXPECT_EQ(k.e.value, "AQAB");
    EXPECT_EQ(k.kid.value, long_decoded + n);
    EXPECT_EQ(k.links.activate.href.value, "//" + n);
  }
  // A second, smaller parse on the same parser decodes correctly as well.
  const auto k = p.parse_key(keys[7]);
  ASSERT_TRUE(k.has_value()) << syntest::describe(k.error());
  EXPECT_EQ(k->kid.value, long_decoded + "7");
}

TEST(Escapes, SyntaxErrorPathsUseDecodedNames) {
  jwkview::parser p;
  syntest::storage st;
  const std::string json = R"({"keys":[{"k\u0074y":[tru]}]})";
  EXPECT_TRUE(syntest::is_document_error(st.parse(p, json), error_code::invalid_literal,
                                         json.find("tru"), "/keys/0/kty/0"));
  const std::string json2 = R"({"keys":[{"a\/b\u007e":"\q"}]})";
  EXPECT_TRUE(syntest::is_document_error(st.parse(p, json2), error_code::invalid_escape,
                                         json2.find("\\q"), "/keys/0/a~1b~0"));
}

}  // namespace
