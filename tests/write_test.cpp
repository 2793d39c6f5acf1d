// Writing keys as JSON (write.hpp): exact output of each form, nulls,
// escaping, set shapes and the buffer-too-small contract.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "test_support.hpp"

namespace jwkview {
namespace {

using test::cat;
using test::json_string;

/// The whole output of a write, through the size query.
template <typename Write>
std::string written(Write write) {
  const jwkview::code_result<std::size_t> need = write(std::span<char>());
  EXPECT_EQ(need.has_value(), need.value == 0);
  std::string out(need.value, '\0');
  const jwkview::code_result<std::size_t> r = write(std::span<char>(out));
  EXPECT_TRUE(r.has_value());
  EXPECT_EQ(r.value, need.value);
  return out;
}

std::string written(const key& k, write_form form) {
  return written([&](std::span<char> out) { return write_key(k, form, out); });
}

std::string escaped(std::string_view text) {
  return written([&](std::span<char> out) { return write_json_string(text, out); });
}

/// Parses a single key under `opts` (views need `json` and `p`).
key parse_one(parser& p, std::string_view json) {
  const result<key> k = p.parse_key(json);
  EXPECT_TRUE(k.has_value()) << name_of(k.error().code) << " at " << k.error().offset << " in "
                             << json;
  return k.has_value() ? *k : key{};
}

const std::string kN(test::kRsaN);

// An Okta RSA signing key with every Okta member, in a scrambled order.
const std::string kOktaRsa = cat(
    {R"({"kty":"RSA","alg":"RS256","kid":"k1","use":"sig","e":"AQAB","n":")", kN,
     R"(","status":"ACTIVE","id":"pks1","created":"2023-02-21T20:08:24.000Z","lastUpdated":null,)",
     R"("_links":{"delete":{"type":"application/json","templated":false,"name":"del",)",
     R"("href":"https://x/del"},"deactivate":{"hints":{"allow":["POST"]},"href":"https://x/d"}}})"});

TEST(Write, OktaRsaKeyInEachForm) {
  parser p;
  const key k = parse_one(p, kOktaRsa);
  EXPECT_EQ(written(k, write_form::response),
            cat({R"({"id":"pks1","created":"2023-02-21T20:08:24.000Z","lastUpdated":null,)",
                 R"("_links":{"deactivate":{"hints":{"allow":["POST"]},"href":"https://x/d"},)",
                 R"("delete":{"href":"https://x/del","name":"del","templated":false,)",
                 R"("type":"application/json"}},)",
                 R"("kid":"k1","status":"ACTIVE","kty":"RSA","alg":"RS256","use":"sig",)",
                 R"("e":"AQAB","n":")", kN, R"("})"}));
  EXPECT_EQ(written(k, write_form::request),
            cat({R"({"kid":"k1","status":"ACTIVE","kty":"RSA","alg":"RS256","use":"sig",)",
                 R"("e":"AQAB","n":")", kN, R"("})"}));
  EXPECT_EQ(
      written(k, write_form::jwk),
      cat({R"({"kty":"RSA","use":"sig","alg":"RS256","kid":"k1","n":")", kN, R"(","e":"AQAB"})"}));
}

TEST(Write, EcKeyWithEveryRfc7517Member) {
  parser p(test::rfc_options());
  const std::string json = cat(
      {R"({"x5t#S256":")", test::kX5tS256, R"(","x5t":")", test::kX5t, R"(","x5c":[")", test::kCert,
       R"("],"x5u":"https://x/c","key_ops":["verify"],"alg":"ES256",)", R"("kid":"ec1","y":")",
       test::kP256Y, R"(","x":")", test::kP256X, R"(","crv":"P-256","kty":"EC"})"});
  const key k = parse_one(p, json);
  const std::string x5 = cat({R"("x5u":"https://x/c","x5c":[")", test::kCert, R"("],"x5t":")",
                              test::kX5t, R"(","x5t#S256":")", test::kX5tS256, R"(")"});
  EXPECT_EQ(written(k, write_form::response),
            cat({R"({"kid":"ec1","kty":"EC","alg":"ES256","x":")", test::kP256X, R"(","y":")",
                 test::kP256Y, R"(","crv":"P-256","key_ops":["verify"],)", x5, "}"}));
  EXPECT_EQ(written(k, write_form::request), written(k, write_form::response));
  EXPECT_EQ(written(k, write_form::jwk),
            cat({R"({"kty":"EC","key_ops":["verify"],"alg":"ES256","kid":"ec1",)", x5,
                 R"(,"crv":"P-256","x":")", test::kP256X, R"(","y":")", test::kP256Y, R"("})"}));
}

TEST(Write, JwkFormKeepsOnlyTheKeyTypesPublicMembers) {
  parser p(test::rfc_options(false));
  // Stray members of other key types are kept by the response form only.
  const std::string okp = cat({R"({"kty":"OKP","crv":"Ed25519","x":")", test::kEd25519X,
                               R"(","use":"sig","n":"AQAB","y":"AQAB","status":"ACTIVE"})"});
  const key k = parse_one(p, okp);
  EXPECT_EQ(written(k, write_form::jwk),
            cat({R"({"kty":"OKP","use":"sig","crv":"Ed25519","x":")", test::kEd25519X, R"("})"}));
  EXPECT_EQ(written(k, write_form::response),
            cat({R"({"status":"ACTIVE","kty":"OKP","use":"sig","n":"AQAB","x":")", test::kEd25519X,
                 R"(","y":"AQAB","crv":"Ed25519"})"}));

  parser q(test::rfc_options(false));
  const key oct = parse_one(q, R"({"kty":"oct","kid":"s","alg":"HS256","e":"AQAB"})");
  EXPECT_EQ(written(oct, write_form::jwk), R"({"kty":"oct","alg":"HS256","kid":"s"})");

  parser r(test::rfc_options(false));
  const key odd = parse_one(r, R"({"kty":"other","crv":"P-256","x":"AA","kid":"o"})");
  EXPECT_EQ(written(odd, write_form::jwk), R"({"kty":"other","kid":"o"})");
  EXPECT_EQ(written(odd, write_form::response),
            R"({"kid":"o","kty":"other","x":"AA","crv":"P-256"})");
}

TEST(Write, NullsAreWrittenInTheOktaFormsAndOmittedInJwk) {
  parser p;
  const std::string json =
      cat({R"({"id":"a","kty":"RSA","n":")", kN,
           R"(","e":"AQAB","kid":null,"alg":null,"use":null,"created":null,"lastUpdated":null})"});
  const key k = parse_one(p, json);
  EXPECT_EQ(written(k, write_form::response),
            cat({R"({"id":"a","created":null,"lastUpdated":null,"kid":null,"kty":"RSA",)",
                 R"("alg":null,"use":null,"e":"AQAB","n":")", kN, R"("})"}));
  EXPECT_EQ(
      written(k, write_form::request),
      cat({R"({"kid":null,"kty":"RSA","alg":null,"use":null,"e":"AQAB","n":")", kN, R"("})"}));
  EXPECT_EQ(written(k, write_form::jwk), cat({R"({"kty":"RSA","n":")", kN, R"(","e":"AQAB"})"}));
}

TEST(Write, AbsentStaysAbsent) {
  const key empty{};
  for (write_form form : {write_form::response, write_form::request, write_form::jwk}) {
    EXPECT_EQ(written(empty, form), "{}");
  }
  key k;
  k.links.state = presence::value;  // an empty _links object
  k.links.delete_.state = presence::value;
  k.links.delete_.hints = presence::value;  // hints without allow
  EXPECT_EQ(written(k, write_form::response), R"({"_links":{"delete":{"hints":{}}}})");
  EXPECT_EQ(written(k, write_form::request), "{}");
}

TEST(Write, EnumsAreWrittenWithTheirRawText) {
  parser p(test::rfc_options(false));
  const key k = parse_one(
      p, R"({"kty":"o\u0063t","alg":"RS1024","use":"wrap","status":"gone","crv":"P-999"})");
  EXPECT_EQ(k.kty.value, key_type::oct);
  EXPECT_EQ(k.alg.value, algorithm::unknown);
  EXPECT_EQ(written(k, write_form::response),
            R"({"status":"gone","kty":"oct","alg":"RS1024","use":"wrap","crv":"P-999"})");
  EXPECT_EQ(written(k, write_form::jwk), R"({"kty":"oct","use":"wrap","alg":"RS1024"})");
}

TEST(Write, HandBuiltEnumWithoutTextUsesTheEnumsSpelling) {
  key k;
  k.kty.value = key_type::ec;
  k.kty.state = presence::value;
  k.crv.value = curve::p384;
  k.crv.state = presence::value;
  k.alg = {algorithm::es384, "ES384", presence::value};
  EXPECT_EQ(written(k, write_form::jwk), R"({"kty":"EC","alg":"ES384","crv":"P-384"})");
}

// ---------------------------------------------------------------------------
// Escaping.

TEST(WriteEscaping, EveryControlCharacterQuoteAndBackslash) {
  static constexpr std::string_view kExpected[32] = {
      "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
      "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",     "\\u000e", "\\u000f",
      "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
      "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f"};
  std::string all;
  std::string expected = "\"";
  for (int c = 0; c < 32; ++c) {
    const std::string one(1, static_cast<char>(c));
    EXPECT_EQ(escaped(one), cat({"\"", kExpected[c], "\""})) << "byte " << c;
    all += one;
    expected += kExpected[c];
  }
  EXPECT_EQ(escaped(all), expected + "\"");
  EXPECT_EQ(escaped("\""), R"("\"")");
  EXPECT_EQ(escaped("\\"), R"("\\")");
  EXPECT_EQ(escaped(R"(a"b\c)"), R"("a\"b\\c")");
  EXPECT_EQ(escaped(""), R"("")");
  EXPECT_EQ(escaped(std::string_view()), R"("")");
}

TEST(WriteEscaping, EverythingElsePassesThrough) {
  // Printable ASCII (no solidus escape), DEL, and UTF-8 of every length.
  std::string ascii;
  for (int c = 0x20; c < 0x80; ++c) {
    if (c != '"' && c != '\\') ascii += static_cast<char>(c);
  }
  EXPECT_EQ(escaped(ascii), json_string(ascii));
  const std::string utf8 = "\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x91 \xF4\x8F\xBF\xBF \xEF\xBF\xBD";
  EXPECT_EQ(escaped(utf8), json_string(utf8));
}

TEST(WriteEscaping, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  EXPECT_EQ(escaped("a\xFF"
                    "b"),
            R"("a\ufffdb")");
  EXPECT_EQ(escaped("\xC0\xAF"), R"("\ufffd\ufffd")");                      // overlong
  EXPECT_EQ(escaped("\xED\xA0\x80"), R"("\ufffd\ufffd\ufffd")");            // surrogate
  EXPECT_EQ(escaped("\xE2\x82"), R"("\ufffd\ufffd")");                      // truncated
  EXPECT_EQ(escaped("\xF4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // > U+10FFFF
}

TEST(WriteEscaping, DecodedKeyTextIsEscapedAgain) {
  parser p(test::rfc_options());
  // Escapes in the input are decoded by the parser and written back in the
  // writer's own spelling: \/ and \u00e9 need none, controls do.
  const key k = parse_one(
      p, R"({"kty":"oct","kid":"\u0000\u001f\"\\\/\u00e9\ud83d\udd11\t","x5u":"https:\/\/a\/b",)"
         R"("key_ops":["sign","x\ny"]})");
  EXPECT_EQ(written(k, write_form::jwk),
            "{\"kty\":\"oct\",\"key_ops\":[\"sign\",\"x\\ny\"],"
            "\"kid\":\"\\u0000\\u001f\\\"\\\\/\xC3\xA9\xF0\x9F\x94\x91\\t\","
            "\"x5u\":\"https://a/b\"}");
}

// ---------------------------------------------------------------------------
// Sets.

TEST(WriteSet, ShapesOfEachForm) {
  parser p(test::rfc_options());
  const std::string json = cat(
      {R"([{"kty":"oct","kid":"a","status":"ACTIVE"},)", R"({"kty":"oct","kid":"b","id":"x"}])"});
  std::vector<key> storage(4);
  const parse_report r = p.parse_set(json, storage);
  ASSERT_TRUE(r.ok());
  const std::span<const key> keys = r.keys();
  auto set = [&](std::span<const key> ks, write_form form) {
    return written([&](std::span<char> out) { return write_set(ks, form, out); });
  };
  EXPECT_EQ(set(keys, write_form::response),
            R"([{"kid":"a","status":"ACTIVE","kty":"oct"},{"id":"x","kid":"b","kty":"oct"}])");
  EXPECT_EQ(set(keys, write_form::request),
            R"([{"kid":"a","status":"ACTIVE","kty":"oct"},{"kid":"b","kty":"oct"}])");
  EXPECT_EQ(set(keys, write_form::jwk),
            R"({"keys":[{"kty":"oct","kid":"a"},{"kty":"oct","kid":"b"}]})");
  EXPECT_EQ(set({}, write_form::response), "[]");
  EXPECT_EQ(set({}, write_form::request), "[]");
  EXPECT_EQ(set({}, write_form::jwk), R"({"keys":[]})");
}

TEST(WriteForm, Names) {
  EXPECT_EQ(to_string(write_form::response), "response");
  EXPECT_EQ(to_string(write_form::request), "request");
  EXPECT_EQ(to_string(write_form::jwk), "jwk");
}

// ---------------------------------------------------------------------------
// The buffer contract.

/// Writes into every buffer size from 0 to the whole output, with guard bytes
/// after the buffer: the size is always the whole size, the bytes that fit
/// are the output's prefix, and nothing past the buffer changes.
template <typename Write>
void check_every_buffer_size(Write write) {
  const std::string whole = written(write);
  ASSERT_FALSE(whole.empty());
  constexpr char guard = '\xA5';
  for (std::size_t n = 0; n <= whole.size() + 1; ++n) {
    std::vector<char> buffer(n + 32, guard);
    const jwkview::code_result<std::size_t> r = write(std::span<char>(buffer.data(), n));
    ASSERT_EQ(r.value, whole.size()) << "buffer of " << n;
    ASSERT_EQ(r.code,
              n >= whole.size() ? jwkview::error_code::ok : jwkview::error_code::buffer_too_small)
        << "buffer of " << n;
    const std::size_t fitted = std::min(n, whole.size());
    ASSERT_EQ(std::string_view(buffer.data(), fitted), std::string_view(whole).substr(0, fitted))
        << "buffer of " << n;
    for (std::size_t i = n; i < buffer.size(); ++i) {
      ASSERT_EQ(buffer[i], guard) << "byte " << i << " past a buffer of " << n;
    }
  }
}

TEST(WriteBuffer, TooSmallReportsTheSizeAndWritesNothingPastTheEnd) {
  parser p;
  const key k = parse_one(p, kOktaRsa);
  for (write_form form : {write_form::response, write_form::request, write_form::jwk}) {
    SCOPED_TRACE(to_string(form));
    check_every_buffer_size([&](std::span<char> out) { return write_key(k, form, out); });
    const key two[] = {k, k};
    check_every_buffer_size([&](std::span<char> out) { return write_set(two, form, out); });
  }
  check_every_buffer_size(
      [](std::span<char> out) { return write_json_string("a\x01\"\\\xC3\xA9\xFF", out); });
}

TEST(WriteBuffer, NullEmptySpanAsksForTheSizeOnly) {
  parser p;
  const key k = parse_one(p, kOktaRsa);
  const jwkview::code_result<std::size_t> r =
      write_key(k, write_form::jwk, std::span<char>(static_cast<char*>(nullptr), 0));
  EXPECT_FALSE(r.has_value());
  EXPECT_EQ(r.value, written(k, write_form::jwk).size());
}

}  // namespace
}  // namespace jwkview
