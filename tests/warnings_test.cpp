// Warnings (findings that do not drop a key), tolerant base64, and messages
// that say what was found and what was expected.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jwkview/jwkview.hpp"
#include "test_support.hpp"

namespace {

using namespace jwkview;
using namespace jwkview::test;

options tolerant() {
  options o;
  o.base64 = base64_mode::tolerant;
  return o;
}

// kRsaN in padded standard base64: '-' and '_' as '+' and '/', and the '='
// its length calls for.
std::string standard_padded(std::string_view url) {
  std::string out(url);
  for (char& c : out) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (out.size() % 4 != 0) out += '=';
  return out;
}

TEST(Warnings, TolerantBase64ReadsPaddedAndStandardAlphabetMaterial) {
  const std::string padded_e = rsa_key().str("e", "AQAB").str("n", cat({kRsaN, "=="})).json();
  ASSERT_EQ(kRsaN.size() % 4, 2u);  // so "==" completes it
  const std::string standard = rsa_key().str("n", standard_padded(kRsaN)).json();
  for (const std::string& json : {padded_e, standard}) {
    SCOPED_TRACE(json);
    // Strict (the default): an error that names the flag.
    parser strict;
    const outcome s = run(strict, json);
    ASSERT_EQ(s.errors.size(), 1u);
    EXPECT_EQ(s.errors[0].code, error_code::invalid_base64url);
    EXPECT_NE(s.errors[0].message().find("--tolerant-base64 accepts it"), std::string_view::npos)
        << s.errors[0].message();
    // Tolerant: the key, its canonical n, and a warning.
    EXPECT_KEY_WARNING(tolerant(), json, error_code::noncanonical_base64url,
                       value_offset(json, "n"), "/n");
    parser p(tolerant());
    const outcome o = run(p, json);
    ASSERT_EQ(o.keys.size(), 1u);
    EXPECT_EQ(o.keys[0].n.value, kRsaN);
  }
}

TEST(Warnings, TolerantBase64RefusesWhatIsAmbiguous) {
  const std::string mixed = cat({"-+", kRsaN.substr(2)});            // both alphabets
  const std::string short_padding = cat({kRsaN, "="});               // padding incomplete
  const std::string inner_padding = cat({"AQ==", kRsaN.substr(4)});  // '=' inside
  const std::string stray = "AR==";                                  // stray bits
  for (const std::string& n : {mixed, short_padding, inner_padding, stray}) {
    const std::string json = rsa_key().str("n", n).json();
    EXPECT_KEY_ERROR(tolerant(), json, error_code::invalid_base64url, value_offset(json, "n"),
                     "/n");
  }
}

TEST(Warnings, TolerantBase64DoesNotTouchCanonicalMaterial) {
  parser p(tolerant());
  const std::string json = rsa_key().json();
  const outcome o = run(p, json);
  ASSERT_EQ(o.keys.size(), 1u);
  EXPECT_TRUE(o.warnings.empty());
  EXPECT_TRUE(inside(o.keys[0].n.value, json));
}

TEST(Warnings, ParseKeyKeepsItsWarnings) {
  parser p;
  const std::string json = rsa_key().str("x5t", octets(21)).json();
  const result<key> one = p.parse_key(json);
  ASSERT_TRUE(one);
  ASSERT_EQ(p.last_warnings().size(), 1u);
  EXPECT_EQ(p.last_warnings()[0].code, error_code::wrong_digest_length);
  (void)p.parse_key(rsa_key().json());
  EXPECT_TRUE(p.last_warnings().empty());
}

TEST(Warnings, AFailedKeyOrDocumentHasNone) {
  parser p;
  // x5t is a warning, but the key fails for n: no warning is reported.
  const std::string bad_key = rsa_key().str("x5t", octets(21)).str("n", "").json();
  const outcome k = run(p, bad_key);
  EXPECT_TRUE(k.warnings.empty());
  EXPECT_EQ(k.errors.size(), 1u);
  const outcome d = run(p, cat({"[", rsa_key().str("x5t", octets(21)).json(), ",tru]"}));
  EXPECT_TRUE(d.document_failed);
  EXPECT_TRUE(d.warnings.empty());
}

TEST(Warnings, StreamReportsThemAndKeepsTheKey) {
  struct handler {
    std::vector<std::string> events;
    void on_key(const key& k, const stream_place&) { events.push_back(cat({"key ", k.id.value})); }
    void on_error(const error& e, const stream_place&) {
      events.push_back(cat({"error ", name_of(e.code)}));
    }
    void on_warning(const error& w, const stream_place&) {
      events.push_back(cat({"warning ", name_of(w.code), " ", w.path()}));
    }
  } h;
  stream s;
  const std::string input = cat({rsa_key("a").str("x5t", octets(40)).json(), "\n"});
  (void)s.feed(input, h);
  (void)s.finish(h);
  const std::vector<std::string> want = {"key a", "warning wrong_digest_length /x5t"};
  EXPECT_EQ(h.events, want);
}

// --- messages ------------------------------------------------------------------

struct message_case {
  std::string json;
  error_code code;
  std::string message;
};

TEST(Messages, NameWhatWasFoundAndWhatWasExpected) {
  options okta;
  okta.profile = profile::okta;
  const std::string padded_n = cat({kRsaN, "=="});
  const std::vector<message_case> cases = {
      {rsa_key().str("kty", "oct").erase("n").erase("e").json(), error_code::unknown_value,
       R"(kty "oct" is not allowed by the okta profile (RSA, EC); --profile rfc7517 accepts it)"},
      {rsa_key().raw("kid", "5").json(), error_code::wrong_type,
       "kid is a number; expected a string"},
      {rsa_key().raw("id", "null").json(), error_code::null_not_allowed,
       "id is null; expected a string"},
      {rsa_key().str("e", "").json(), error_code::empty_key_material,
       "e is empty; expected base64url octets"},
      {rsa_key().str("e", "AQ+B").json(), error_code::invalid_base64url, ""},
      {rsa_key().str("e", "AR").json(), error_code::invalid_base64url,
       R"(e is not canonical base64url: the last character, "R", has nonzero unused bits)"},
      {rsa_key().str("e", "AQABA").json(), error_code::invalid_base64url,
       "e is not canonical base64url: its length, 5, leaves one character over"},
      {ec_key().str("x", kP384X).json(), error_code::wrong_coordinate_length,
       "x decodes to 48 octets; P-256 needs 32"},
      {rsa_key().str("alg", "ES256").json(), error_code::alg_mismatch,
       R"(alg "ES256" does not fit kty "RSA")"},
      {ec_key().str("alg", "ES384").json(), error_code::alg_mismatch,
       R"(alg "ES384" does not fit kty "EC" with crv "P-256")"},
      {rsa_key().erase("e").json(), error_code::missing_member,
       "e is missing; an RSA key needs n and e"},
      {rsa_key().raw("key_ops", R"(["sign","sign"])").json(), error_code::duplicate_value,
       R"(key_ops "sign" appears twice; RFC 7517 4.3 forbids repeats)"},
      {rsa_key().add("kty", R"("RSA")").json(), error_code::duplicate_member,
       R"("kty" appears twice in one object; readers disagree on which one counts)"},
      {rsa_key().str("status", "REVOKED").json(), error_code::unknown_value,
       R"(status "REVOKED" is not allowed by the okta profile (ACTIVE, INACTIVE); --profile rfc7517 accepts it)"},
  };
  for (const message_case& c : cases) {
    SCOPED_TRACE(c.json);
    parser p(okta);
    const outcome o = run(p, c.json);
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_EQ(o.errors[0].code, c.code);
    if (!c.message.empty()) {
      EXPECT_EQ(o.errors[0].message(), c.message);
    }
    EXPECT_NE(o.errors[0].message(), message_of(c.code));
  }
}

TEST(Messages, PaddingIsPlacedAtItsOffset) {
  const std::string json = rsa_key().str("n", cat({kRsaN, "=="})).json();
  parser p;
  const outcome o = run(p, json);
  ASSERT_EQ(o.errors.size(), 1u);
  const std::size_t pad = json.find('=');
  EXPECT_EQ(o.errors[0].message(), cat({"n is not canonical base64url: \"=\" padding at offset ",
                                        std::to_string(pad), "; --tolerant-base64 accepts it"}));
  const std::string plus = rsa_key().str("e", "AQ+B").json();
  const outcome q = run(p, plus);
  ASSERT_EQ(q.errors.size(), 1u);
  EXPECT_EQ(q.errors[0].message(),
            cat({"e is not canonical base64url: \"+\" at offset ", std::to_string(plus.find('+')),
                 " belongs to standard base64; --tolerant-base64 accepts it"}));
}

TEST(Messages, LongValuesAreShortened) {
  const std::string long_kty(300, 'Z');
  const std::string json = rsa_key().str("kty", long_kty).json();
  options okta;
  okta.profile = profile::okta;
  parser p(okta);
  const outcome o = run(p, json);
  ASSERT_EQ(o.errors.size(), 1u);
  const std::string_view m = o.errors[0].message();
  EXPECT_LE(m.size(), error::message_capacity);
  EXPECT_NE(m.find(cat({"kty \"", std::string(40, 'Z'), "\"..."})), std::string_view::npos) << m;
}

TEST(Messages, DigestLengthAsTheIssueWritesIt) {
  const std::string json = rsa_key().str("x5t", octets(40)).json();
  parser p;
  const outcome o = run(p, json);
  ASSERT_EQ(o.warnings.size(), 1u);
  EXPECT_EQ(o.warnings[0].message(), "x5t decodes to 40 octets; a SHA-1 thumbprint has 20");
}

}  // namespace
