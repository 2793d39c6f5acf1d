// jwt_reader and check_claims: the JOSE header and claims set read by the
// key parser's engine, each refusal with its code and path, and the claim
// checks at their boundaries. No signature is verified here (gateway_test).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jwkview/jwt.hpp"
#include "test_support.hpp"

namespace jwkview {
namespace {

using test::b64url;

std::string token(std::string_view header, std::string_view claims = R"({"sub":"a"})",
                  std::string_view sig = "c2ln") {
  return b64url(header) + "." + b64url(claims) + "." + std::string(sig);
}

struct outcome {
  error_code code;
  std::string path;
};
outcome read_error(jwt_reader& reader, const std::string& t) {
  const result<jwt> r = reader.read(t);
  return {r.error().code, std::string(r.error().path())};
}

TEST(JwtReader, ReadsHeaderAndRegisteredClaims) {
  jwt_reader reader;
  const std::string t = token(
      R"({"alg":"ES256","kid":"k\u0031","typ":"at+jwt","x5u":"ignored"})",
      R"({"iss":"https://id.example","sub":"caf\u00e9","aud":["a","b\"c"],"exp":1700000000,)"
      R"("nbf":1699999999.75,"iat":1.6999e9,"scope":"read write","cnf":{"jkt":"x"},"n":null})");
  const result<jwt> r = reader.read(t);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->header.alg, algorithm::es256);
  EXPECT_EQ(r->header.kid.value, "k1");
  EXPECT_EQ(r->header.typ.value, "at+jwt");
  EXPECT_EQ(r->header.members.size(), 4u);
  EXPECT_EQ(r->iss.value, "https://id.example");
  EXPECT_EQ(r->sub.value, "caf\xC3\xA9");
  ASSERT_EQ(r->aud.size(), 2u);
  EXPECT_EQ(r->aud[1], "b\"c");
  EXPECT_TRUE(r->has_audience("a"));
  EXPECT_FALSE(r->has_audience("c"));
  EXPECT_EQ(r->exp.seconds, 1700000000);
  EXPECT_EQ(r->nbf.seconds, 1699999999);  // rounded down
  EXPECT_EQ(r->iat.seconds, 1699900000);
  EXPECT_FALSE(r->jti.has_value());
  // Any claim, as JSON text and (for strings) decoded text.
  const jose_member* scope = r->claims.find("scope");
  ASSERT_NE(scope, nullptr);
  EXPECT_TRUE(scope->is_string);
  EXPECT_EQ(scope->text, "read write");
  EXPECT_EQ(scope->json, R"("read write")");
  EXPECT_EQ(r->claims.find("cnf")->json, R"({"jkt":"x"})");
  EXPECT_EQ(r->claims.find("n")->json, "null");
  EXPECT_EQ(r->claims.find("absent"), nullptr);
  EXPECT_EQ(r->signing_input, t.substr(0, t.rfind('.')));
  EXPECT_EQ(r->signature, "c2ln");
}

TEST(JwtReader, AudienceAsOneString) {
  jwt_reader reader;
  const std::string t = token(R"({"alg":"RS256"})", R"({"aud":"api"})");
  const result<jwt> r = reader.read(t);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->aud.size(), 1u);
  EXPECT_EQ(r->aud[0], "api");
  EXPECT_EQ(r->aud_state, presence::value);
}

TEST(JwtReader, RefusalsHaveTheirCodeAndPath) {
  struct row {
    std::string token;
    error_code code;
    std::string path;
  };
  const std::string deep = std::string(13, '[') + std::string(13, ']');
  std::string many = "{";
  for (int i = 0; i < 65; ++i) many += (i ? ",\"c" : "\"c") + std::to_string(i) + "\":1";
  many += "}";
  std::string auds = R"({"aud":[)";
  for (int i = 0; i < 17; ++i) auds += (i ? ",\"a" : "\"a") + std::to_string(i) + "\"";
  auds += "]}";
  const std::vector<row> rows = {
      // Algorithms that never verify.
      {token(R"({"alg":"none"})"), error_code::unsupported_algorithm, "/header/alg"},
      {token(R"({"alg":"HS1","kid":"a"})"), error_code::unsupported_algorithm, "/header/alg"},
      {token(R"({"alg":"RSA-OAEP"})"), error_code::unsupported_algorithm, "/header/alg"},
      {token(R"({"alg":"rs256"})"), error_code::unsupported_algorithm, "/header/alg"},
      // Repeated names, however spelt, at any depth.
      {token(R"({"alg":"RS256","alg":"none"})"), error_code::duplicate_member, "/header/alg"},
      {token(R"({"alg":"RS256","a\u006cg":"none"})"), error_code::duplicate_member, "/header/alg"},
      {token(R"({"alg":"RS256"})", R"({"sub":"a","sub":"b"})"), error_code::duplicate_member,
       "/claims/sub"},
      {token(R"({"alg":"RS256"})", R"({"cnf":{"jkt":"a","jkt":"b"}})"),
       error_code::duplicate_member, "/claims/cnf/jkt"},
      // Members that change the signature's meaning.
      {token(R"({"alg":"RS256","crit":["exp"],"exp":1})"), error_code::unsupported_header,
       "/header/crit"},
      {token(R"({"alg":"RS256","b64":false})"), error_code::unsupported_header, "/header/b64"},
      {token(R"({"alg":"RS256","b64":true})"), error_code::unsupported_header, "/header/b64"},
      // Header members of the wrong type.
      {token(R"({"kid":"a"})"), error_code::missing_member, "/header/alg"},
      {token(R"({"alg":256})"), error_code::wrong_type, "/header/alg"},
      {token(R"({"alg":"RS256","kid":null})"), error_code::wrong_type, "/header/kid"},
      {token(R"({"alg":"RS256","typ":["JWT"]})"), error_code::wrong_type, "/header/typ"},
      // Registered claims of the wrong type.
      {token(R"({"alg":"RS256"})", R"({"exp":"1700000000"})"), error_code::wrong_type,
       "/claims/exp"},
      {token(R"({"alg":"RS256"})", R"({"exp":1e300})"), error_code::wrong_type, "/claims/exp"},
      {token(R"({"alg":"RS256"})", R"({"nbf":9007199254740993})"), error_code::wrong_type,
       "/claims/nbf"},
      {token(R"({"alg":"RS256"})", R"({"iat":true})"), error_code::wrong_type, "/claims/iat"},
      {token(R"({"alg":"RS256"})", R"({"iss":42})"), error_code::wrong_type, "/claims/iss"},
      {token(R"({"alg":"RS256"})", R"({"aud":["a",1]})"), error_code::wrong_type, "/claims/aud"},
      {token(R"({"alg":"RS256"})", R"({"aud":{"a":1}})"), error_code::wrong_type, "/claims/aud"},
      {token(R"({"alg":"RS256"})", auds), error_code::too_many_members, "/claims/aud"},
      // JSON that is not one strict object.
      {token(R"({"alg":"RS256"} x)"), error_code::trailing_content, "/header"},
      {token(R"(["alg","RS256"])"), error_code::unexpected_root, "/header"},
      {token(R"("RS256")"), error_code::unexpected_root, "/header"},
      {token(R"({"alg":"RS256","x":[1,2,tru]})"), error_code::invalid_literal, "/header/x/2"},
      {token(R"({"alg":"RS256"})", "{\"a\":\"\x01\"}"), error_code::control_character,
       "/claims/a"},
      {token(R"({"alg":"RS256"})", "{\"a\":\"\xC3\"}"), error_code::invalid_utf8, "/claims/a"},
      {token(R"({"alg":"RS256"})", R"({"a":)" + deep + "}"), error_code::too_deep,
       "/claims/a/0/0/0/0/0/0/0/0/0/0/0"},
      {token(R"({"alg":"RS256"})", many), error_code::too_many_members, "/claims/c64"},
      {token("\xEF\xBB\xBF{\"alg\":\"RS256\"}"), error_code::byte_order_mark, "/header"},
      {token(R"({"alg":"RS256"})", ""), error_code::empty_document, "/claims"},
      // The compact form itself.
      {token(R"({"alg":"RS256"})", R"({})", "c2ln="), error_code::malformed_jws, ""},
      {token(R"({"alg":"RS256"})", R"({})", ""), error_code::malformed_jws, ""},
      {token(R"({"alg":"RS256"})") + ".x.y", error_code::malformed_jws, ""},
      {"eyJhbGciOiJSUzI1NiJ9.e30", error_code::malformed_jws, ""},
      {"", error_code::malformed_jws, ""},
      {"eyJhbGciOiJSUzI1NiJ9=.e30.c2ln", error_code::malformed_jws, ""},
      {"eyJhbGciOiJSUzI1NiJ9.e30+.c2ln", error_code::malformed_jws, ""},
  };
  jwt_reader reader;
  for (const row& r : rows) {
    SCOPED_TRACE(r.token);
    const outcome got = read_error(reader, r.token);
    EXPECT_EQ(got.code, r.code);
    EXPECT_EQ(got.path, r.path);
  }
}

// Found by fuzz_jwt: a repeat inside an array element was reported without
// the element's index, a pointer to nowhere.
TEST(JwtReader, RepeatedNameInAnArrayElementIsNamedWithItsIndex) {
  jwt_reader reader;
  const outcome nested =
      read_error(reader, token(R"({"alg":"RS256"})", R"({"roles":[{"a":1},{"b":1,"\u0062":2}]})"));
  EXPECT_EQ(nested.code, error_code::duplicate_member);
  EXPECT_EQ(nested.path, "/claims/roles/1/b");
  const outcome deeper =
      read_error(reader, token(R"({"alg":"RS256","x":[[],[0,{"k":{"c":[{"d":1,"d":1}]}}]]})"));
  EXPECT_EQ(deeper.code, error_code::duplicate_member);
  EXPECT_EQ(deeper.path, "/header/x/1/1/k/c/0/d");
  const outcome aud =
      read_error(reader, token(R"({"alg":"RS256"})", R"({"aud":["x",{"k":1,"k":2}]})"));
  EXPECT_EQ(aud.code, error_code::duplicate_member);
  EXPECT_EQ(aud.path, "/claims/aud/1/k");
}

// Found by fuzz_jwt: the names of the objects open at once were counted
// together, so nested objects refused a token with too_many_members though
// none had more than max_members names.
TEST(JwtReader, MaxMembersNamesInEveryOpenObject) {
  std::string claims;
  for (std::size_t depth = 0; depth < jwt_reader::max_depth; ++depth) {
    claims += '{';
    for (std::size_t i = 0; i + 1 < jwt_reader::max_members; ++i) {
      claims += "\"m" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    }
    claims += "\"next\":";
  }
  claims += "0";
  claims += std::string(jwt_reader::max_depth, '}');
  jwt_reader reader;
  const result<jwt> r = reader.read(token(R"({"alg":"RS256"})", claims));
  ASSERT_TRUE(r) << name_of(r.error().code) << " at " << r.error().path();
  EXPECT_EQ(r->claims.size(), jwt_reader::max_members);
  // One more name in the deepest object is one too many.
  claims.insert(claims.rfind("\"next\""), "\"extra\":1,");
  const outcome over = read_error(reader, token(R"({"alg":"RS256"})", claims));
  EXPECT_EQ(over.code, error_code::too_many_members);
}

TEST(JwtReader, ReusedReaderKeepsNothingOfTheLastToken) {
  jwt_reader reader;
  const std::string escaped = token(R"({"alg":"RS256","kid":"\u0061\u0062"})",
                                    R"({"sub":"\u0063\u0064","aud":["\u0065"]})");
  const std::string plain = token(R"({"alg":"ES256","kid":"xy"})", R"({"sub":"zz"})");
  for (int round = 0; round < 3; ++round) {
    const result<jwt> a = reader.read(escaped);
    ASSERT_TRUE(a);
    // Header escapes live beside the claims' in scratch; neither overwrites the other.
    EXPECT_EQ(a->header.kid.value, "ab");
    EXPECT_EQ(a->sub.value, "cd");
    EXPECT_EQ(a->aud[0], "e");
    const result<jwt> b = reader.read(plain);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->header.kid.value, "xy");
    EXPECT_FALSE(b->aud_state == presence::value);
    EXPECT_EQ(read_error(reader, token(R"({"alg":"RS256"})", "[")).code, error_code::truncated);
  }
}

// --- check_claims -------------------------------------------------------------------------

class Claims : public ::testing::Test {
 protected:
  jwt read(std::string_view claims, std::string_view header = R"({"alg":"RS256","typ":"JWT"})") {
    text_ = token(header, claims);
    const result<jwt> r = reader_.read(text_);
    EXPECT_TRUE(r) << r.error().message();
    return *r;
  }
  static error_code check(const jwt& t, const jwt_rules& rules, std::int64_t now) {
    return check_claims(t, rules, now).code;
  }
  jwt_reader reader_;
  std::string text_;
};

TEST_F(Claims, ExpiryAtItsBoundary) {
  const jwt t = read(R"({"exp":1000})");
  jwt_rules r;
  r.leeway_seconds = 0;
  EXPECT_EQ(check(t, r, 999), error_code::ok);
  EXPECT_EQ(check(t, r, 1000), error_code::token_expired);  // RFC 7519: before exp only
  r.leeway_seconds = 30;
  EXPECT_EQ(check(t, r, 1029), error_code::ok);
  EXPECT_EQ(check(t, r, 1030), error_code::token_expired);
  const error e = check_claims(t, r, 1030);
  EXPECT_EQ(e.path(), "/claims/exp");
  EXPECT_NE(e.message().find("expired at 1000"), std::string_view::npos) << e.message();
  // Extreme values neither overflow nor wrap.
  r.leeway_seconds = INT64_MAX;
  EXPECT_EQ(check(t, r, INT64_MAX), error_code::ok);
  r.leeway_seconds = 0;
  EXPECT_EQ(check(t, r, INT64_MIN), error_code::ok);
  EXPECT_EQ(check(t, r, INT64_MAX), error_code::token_expired);
}

TEST_F(Claims, NotBeforeAndIssuedAtBoundaries) {
  const jwt t = read(R"({"exp":5000,"nbf":1000,"iat":1000})");
  jwt_rules r;
  r.leeway_seconds = 10;
  EXPECT_EQ(check(t, r, 989), error_code::token_not_yet_valid);
  EXPECT_EQ(check(t, r, 990), error_code::ok);
  EXPECT_EQ(check_claims(t, r, 989).path(), "/claims/nbf");
  const jwt future = read(R"({"exp":5000,"iat":1000})");
  EXPECT_EQ(check(future, r, 989), error_code::issued_in_future);
  EXPECT_EQ(check(future, r, 990), error_code::ok);
}

TEST_F(Claims, ExpIsRequiredByDefault) {
  const jwt t = read(R"({"sub":"a"})");
  jwt_rules r;
  EXPECT_EQ(check(t, r, 0), error_code::missing_claim);
  EXPECT_EQ(check_claims(t, r, 0).path(), "/claims/exp");
  r.require_exp = false;
  EXPECT_EQ(check(t, r, 0), error_code::ok);
}

TEST_F(Claims, IssuerAndAudience) {
  const jwt t = read(R"({"exp":5000,"iss":"https://a","aud":["x","y"]})");
  jwt_rules r;
  r.issuer = "https://a";
  EXPECT_EQ(check(t, r, 0), error_code::ok);
  r.issuer = "https://a/";
  EXPECT_EQ(check(t, r, 0), error_code::wrong_issuer);
  r.issuer = {};
  const std::string_view one[] = {"y"};
  r.audiences = one;
  EXPECT_EQ(check(t, r, 0), error_code::ok);
  const std::string_view none_of_them[] = {"z", "X"};
  r.audiences = none_of_them;
  EXPECT_EQ(check(t, r, 0), error_code::wrong_audience);
  EXPECT_EQ(check(read(R"({"exp":5000})"), r, 0), error_code::missing_claim);
  r.audiences = {};
  r.issuer = "https://a";
  EXPECT_EQ(check(read(R"({"exp":5000})"), r, 0), error_code::missing_claim);
}

TEST_F(Claims, TypeComparedAsAMediaType) {
  jwt_rules r;
  r.require_exp = false;
  const std::string_view at[] = {"at+jwt"};
  r.types = at;
  EXPECT_EQ(check(read("{}", R"({"alg":"RS256","typ":"at+jwt"})"), r, 0), error_code::ok);
  EXPECT_EQ(check(read("{}", R"({"alg":"RS256","typ":"application/AT+JWT"})"), r, 0),
            error_code::ok);
  EXPECT_EQ(check(read("{}", R"({"alg":"RS256","typ":"JWT"})"), r, 0),
            error_code::wrong_token_type);
  EXPECT_EQ(check(read("{}", R"({"alg":"RS256"})"), r, 0), error_code::wrong_token_type);
  EXPECT_EQ(check_claims(read("{}", R"({"alg":"RS256"})"), r, 0).path(), "/header/typ");
}

TEST_F(Claims, RequiredClaims) {
  jwt_rules r;
  r.require_exp = false;
  const std::string_view required[] = {"sub", "scope"};
  r.required_claims = required;
  EXPECT_EQ(check(read(R"({"sub":"a","scope":null})"), r, 0), error_code::ok);
  const error e = check_claims(read(R"({"sub":"a"})"), r, 0);
  EXPECT_EQ(e.code, error_code::missing_claim);
  EXPECT_EQ(e.path(), "/claims/scope");
}

}  // namespace
}  // namespace jwkview
