// Every strict prefix of a realistic document is refused as a whole with the
// error a cut at that byte calls for; the full document parses.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "syntax_support.hpp"

namespace {

using jwkview::error_class;
using jwkview::error_code;

/// What the contract says a cut at the end of `prefix` must report. When the
/// prefix ends with a complete number or literal, the end of the input may
/// be read either as the end of that token (truncated) or as a missing
/// delimiter (invalid_number / invalid_literal): both are accepted.
struct expectation {
  error_code code;
  std::size_t offset;
  error_code alt_code;  // ok when there is no alternative
  std::size_t alt_offset;
};

bool is_number(std::string_view text) {
  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  std::size_t i = 0;
  auto digits = [&text, &i] {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else if (digits() == 0) {
    return false;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == text.size();
}

expectation expected_for(std::string_view prefix) {
  bool in_string = false;
  std::size_t quote = 0;
  enum class token { none, literal, number } last = token::none;
  std::size_t token_start = 0;
  bool only_whitespace = true;
  std::size_t i = 0;
  while (i < prefix.size()) {
    const char c = prefix[i];
    if (in_string) {
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '"') in_string = false;
      ++i;
      continue;
    }
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') only_whitespace = false;
    if (c == '"') {
      in_string = true;
      quote = i++;
      last = token::none;
    } else if (c == 't' || c == 'f' || c == 'n') {
      last = token::literal;
      token_start = i;
      while (i < prefix.size() && prefix[i] >= 'a' && prefix[i] <= 'z') ++i;
      if (i < prefix.size()) last = token::none;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      last = token::number;
      token_start = i;
      while (i < prefix.size() && std::strchr("0123456789+-.eE", prefix[i]) != nullptr) ++i;
      if (i < prefix.size()) last = token::none;
    } else {
      last = token::none;
      ++i;
    }
  }
  const std::size_t end = prefix.size();
  if (in_string) return {error_code::unclosed_string, quote, error_code::ok, 0};
  if (only_whitespace) return {error_code::empty_document, 0, error_code::ok, 0};
  if (last == token::literal) {
    const std::string_view text = prefix.substr(token_start);
    if (text == "true" || text == "false" || text == "null") {
      return {error_code::truncated, end, error_code::invalid_literal, token_start};
    }
    return {error_code::invalid_literal, token_start, error_code::ok, 0};
  }
  if (last == token::number) {
    if (is_number(prefix.substr(token_start))) {
      return {error_code::truncated, end, error_code::invalid_number, token_start};
    }
    return {error_code::invalid_number, token_start, error_code::ok, 0};
  }
  return {error_code::truncated, end, error_code::ok, 0};
}

::testing::AssertionResult matches(const jwkview::error& e, const expectation& x) {
  const bool main_ok = e.code == x.code && e.offset == x.offset;
  const bool alt_ok =
      x.alt_code != error_code::ok && e.code == x.alt_code && e.offset == x.alt_offset;
  if (!main_ok && !alt_ok) {
    return ::testing::AssertionFailure()
           << "expected " << jwkview::name_of(x.code) << "@" << x.offset
           << (x.alt_code != error_code::ok ? " or " + std::string(jwkview::name_of(x.alt_code)) +
                                                  "@" + std::to_string(x.alt_offset)
                                            : std::string())
           << ", got " << syntest::describe(e);
  }
  if (e.cls() != error_class::syntax) {
    return ::testing::AssertionFailure() << "not a syntax error: " << syntest::describe(e);
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult refused(const jwkview::parse_report& r, const expectation& x,
                                   bool keys_allowed) {
  if (!r.document_failed() || r.error_count() != 1 || r.errors().size() != 1 || !r.keys().empty() ||
      (!keys_allowed && r.key_count() != 0)) {
    return ::testing::AssertionFailure() << "not refused as a whole: " << syntest::describe(r);
  }
  return matches(r.errors()[0], x);
}

struct document {
  const char* name;
  std::string json;
  jwkview::profile profile;
  std::size_t keys;
  jwkview::set_shape shape;
};

std::string okta_listing() {
  const std::string n(syntest::kRsaN);
  return R"({
  "jwks": {
    "keys": [
      {
        "id": "pks2f4zrZbs8nUa7p0g4",
        "kid": "DRUFXGF9XbLnS9k-Sla3x3POBiIxDreBCdZuFs5B",
        "kty": "RSA",
        "alg": "RS256",
        "use": "sig",
        "e": "AQAB",
        "n": ")" +
         n + R"(",
        "status": "INACTIVE",
        "created": "2023-02-21T20:08:24.000Z",
        "lastUpdated": null,
        "_links": {
          "activate": {
            "href": "https://{yourOktaDomain}/api/v1/apps/0oa1nkheCuDn82XVI0g4/credentials/jwks/pks2f4zrZbs8nUa7p0g4/lifecycle/activate",
            "hints": {
              "allow": [
                "POST"
              ]
            }
          },
          "delete": {
            "href": "https://{yourOktaDomain}/api/v1/apps/0oa1nkheCuDn82XVI0g4/credentials/jwks/pks2f4zrZbs8nUa7p0g4",
            "templated": false,
            "hints": {
              "allow": [
                "DELETE"
              ]
            }
          }
        }
      },
      {
        "id": "pks2f50kZB0cITmYU0g4",
        "kid": null,
        "kty": "EC",
        "crv": "P-256",
        "x": ")" +
         std::string(syntest::kEcX) + R"(",
        "y": ")" +
         std::string(syntest::kEcY) + R"(",
        "status": "ACTIVE",
        "created": "2023-04-06T21:32:33.000Z",
        "lastUpdated": "2023-04-06T21:32:33.000Z",
        "_links": {
          "deactivate": {
            "href": "https://{yourOktaDomain}/api/v1/apps/0oa1nkheCuDn82XVI0g4/credentials/jwks/pks2f50kZB0cITmYU0g4/lifecycle/deactivate",
            "hints": {
              "allow": [
                "POST"
              ]
            }
          }
        }
      }
    ]
  },
  "total": 2,
  "ratio": -0.5e-3
})";
}

std::string rfc_set() {
  return R"({"keys":
       [
         {"kty":"EC",
          "crv":"P-256",
          "x":")" +
         std::string(syntest::kEcX) + R"(",
          "y":")" +
         std::string(syntest::kEcY) + R"(",
          "use":"enc",
          "kid":"1"},

         {"kty":"RSA",
          "n": ")" +
         std::string(syntest::kRsaN) + R"(",
          "e":"AQAB",
          "alg":"RS256",
          "kid":"2011-04-29"},

         {"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
          "key_ops":["verify"],"x5t#S256":"kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"}
       ]
     })";
}

std::string single_key() {
  return syntest::okta_rsa(
      "k\\u00e9y\\/1",
      R"(, "status":"ACTIVE", "ext": {"num": -12.5e+3, "int": 1024, "t": true, "f": false,)"
      R"( "z": null, "arr": [0, 1E5, "\ud83d\udd11", "\"q\"", [], {}]}, "kid": "x\ty)"
      "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x94\x91\"");
}

std::string bare_array() {
  return "[\n  " + syntest::okta_ec("a1") + ",\n  " +
         syntest::okta_rsa("a2", R"(,"created":null)") + "\n]";
}

std::vector<document> documents() {
  return {
      {"okta listing", okta_listing(), jwkview::profile::okta, 2, jwkview::set_shape::jwks_object},
      {"rfc set", rfc_set(), jwkview::profile::rfc7517, 3, jwkview::set_shape::keys_object},
      {"single key", single_key(), jwkview::profile::okta, 1, jwkview::set_shape::single_key},
      {"bare array", bare_array(), jwkview::profile::okta, 2, jwkview::set_shape::array},
  };
}

TEST(Truncation, FullDocumentsParse) {
  for (const document& d : documents()) {
    SCOPED_TRACE(d.name);
    jwkview::options o;
    o.profile = d.profile;
    jwkview::parser p(o);
    syntest::storage st;
    const auto r = st.parse(p, d.json);
    ASSERT_TRUE(r.ok()) << syntest::describe(r);
    EXPECT_EQ(r.key_count(), d.keys);
    EXPECT_EQ(r.shape(), d.shape);
    std::size_t seen = 0;
    const auto rc = p.for_each_key(d.json, [&seen](const jwkview::key&) { ++seen; });
    EXPECT_TRUE(rc.ok());
    EXPECT_EQ(seen, d.keys);
  }
  // The decoded values of the single key.
  jwkview::parser p;
  const auto k = p.parse_key(single_key());
  ASSERT_TRUE(k.has_value()) << syntest::describe(k.error());
  EXPECT_EQ(k->id.value, "k\xC3\xA9y/1");
}

TEST(Truncation, OracleSelfCheck) {
  EXPECT_EQ(expected_for("").code, error_code::empty_document);
  EXPECT_EQ(expected_for(" \n").code, error_code::empty_document);
  EXPECT_EQ(expected_for(R"({"a":"b\")").code, error_code::unclosed_string);
  EXPECT_EQ(expected_for(R"({"a":"b\")").offset, 5u);
  EXPECT_EQ(expected_for(R"({"a":tr)").code, error_code::invalid_literal);
  EXPECT_EQ(expected_for(R"({"a":true)").code, error_code::truncated);
  EXPECT_EQ(expected_for(R"({"a":true)").alt_code, error_code::invalid_literal);
  EXPECT_EQ(expected_for(R"({"a":-)").code, error_code::invalid_number);
  EXPECT_EQ(expected_for(R"({"a":1.5e)").code, error_code::invalid_number);
  EXPECT_EQ(expected_for(R"({"a":12)").alt_code, error_code::invalid_number);
  EXPECT_EQ(expected_for(R"({"a":12,)").code, error_code::truncated);
  EXPECT_EQ(expected_for(R"({"a":12,)").alt_code, error_code::ok);
  EXPECT_TRUE(is_number("-0.5e-3"));
  EXPECT_TRUE(is_number("0"));
  EXPECT_TRUE(is_number("10E+2"));
  EXPECT_FALSE(is_number("01"));
  EXPECT_FALSE(is_number("-"));
  EXPECT_FALSE(is_number("1."));
  EXPECT_FALSE(is_number("1e+"));
}

TEST(Truncation, EveryPrefixIsRefused) {
  for (const document& d : documents()) {
    SCOPED_TRACE(d.name);
    jwkview::options o;
    o.profile = d.profile;
    jwkview::parser p(o);
    syntest::storage st;
    std::size_t failures = 0;
    for (std::size_t len = 0; len < d.json.size() && failures < 10; ++len) {
      // An exact-size copy, so a read past the end is a heap overflow.
      std::unique_ptr<char[]> exact(new char[len == 0 ? 1 : len]);
      std::memcpy(exact.get(), d.json.data(), len);
      const std::string_view prefix(exact.get(), len);
      const expectation x = expected_for(prefix);

      const auto r = st.parse(p, prefix);
      const auto ok1 = refused(r, x, false);
      EXPECT_TRUE(ok1) << "parse_set, cut at " << len << ": ..."
                       << syntest::printable(prefix.substr(len > 40 ? len - 40 : 0));
      if (!ok1) ++failures;

      const syntest::padded_copy pc(prefix, '}');
      const auto rp = p.parse_set(pc.text(), std::span<jwkview::key>(st.keys));
      const auto ok2 = refused(rp, x, false);
      EXPECT_TRUE(ok2) << "parse_set padded, cut at " << len;
      if (!ok2) ++failures;

      std::size_t seen = 0;
      const auto rc = p.for_each_key(prefix, [&seen](const jwkview::key&) { ++seen; });
      const auto ok3 = refused(rc, x, true);
      EXPECT_TRUE(ok3) << "for_each_key, cut at " << len;
      EXPECT_EQ(rc.key_count(), seen);
      EXPECT_LE(seen, d.keys);
      if (!ok3) ++failures;

      if (d.shape == jwkview::set_shape::single_key) {
        const auto k = p.parse_key(prefix);
        EXPECT_FALSE(k.has_value()) << "parse_key, cut at " << len;
        if (!k.has_value()) {
          const auto ok4 = matches(k.error(), x);
          EXPECT_TRUE(ok4) << "parse_key, cut at " << len;
          if (!ok4) ++failures;
        }
      }
    }
    EXPECT_EQ(failures, 0u);
  }
}

TEST(Truncation, PrefixesOfDocumentsWithKeyErrorsAreStillSyntaxErrors) {
  // A key error early in the document must not leak into a cut document.
  const std::string json =
      syntest::keys_set({syntest::okta_rsa("bad", R"(,"d":"AQAB")"), syntest::okta_rsa("good"),
                         R"({"id":"e","kty":"EC","crv":"P-999","x":"AA","y":"AA"})"});
  jwkview::parser p;
  syntest::storage st;
  const auto full = st.parse(p, json);
  ASSERT_FALSE(full.document_failed()) << syntest::describe(full);
  EXPECT_EQ(full.key_count(), 1u);
  EXPECT_EQ(full.error_count(), 2u);
  for (std::size_t len = 0; len < json.size(); ++len) {
    const std::string prefix = json.substr(0, len);
    const auto r = st.parse(p, prefix);
    ASSERT_TRUE(refused(r, expected_for(prefix), false)) << "cut at " << len;
  }
}

}  // namespace
