// Built with -fno-exceptions: the public headers compile and work without
// exceptions, as gateways build them.
#include <jwkview/jwkview.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <utility>

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#error "no_exceptions_test must be compiled with -fno-exceptions"
#endif

namespace {

constexpr std::string_view kSet = R"({"keys":[
  {"id":"k1","kty":"EC","crv":"P-256","alg":"ES256","use":"sig","status":"ACTIVE",
   "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
   "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"},
  {"id":"k2","kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
   "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM","d":"AQAB"}
]})";

// Every entry point is noexcept.
static_assert(noexcept(std::declval<jwkview::parser&>().parse_set(std::string_view{},
                                                                  std::span<jwkview::key>{})));
static_assert(noexcept(std::declval<jwkview::parser&>().parse_set(std::string_view{},
                                                                  std::span<jwkview::key>{})));
static_assert(noexcept(std::declval<jwkview::parser&>().parse_key(std::string_view{})));
static_assert(noexcept(jwkview::parser{}));
static_assert(noexcept(jwkview::name_of(jwkview::error_code::ok)));

TEST(NoExceptions, ParsesASet) {
  jwkview::parser p;
  std::array<jwkview::key, 4> keys{};
  const jwkview::parse_report r = p.parse_set(kSet, keys);
  EXPECT_FALSE(r.document_failed());
  EXPECT_EQ(r.shape(), jwkview::set_shape::keys_object);
  ASSERT_EQ(r.key_count(), 1u);
  EXPECT_EQ(r.keys()[0].id.value, "k1");
  EXPECT_TRUE(r.keys()[0].crv.is(jwkview::curve::p256));
  EXPECT_TRUE(r.keys()[0].alg.is(jwkview::algorithm::es256));
  EXPECT_TRUE(r.keys()[0].status.is(jwkview::key_status::active));
  ASSERT_EQ(r.errors().size(), 1u);
  const jwkview::error& e = r.errors()[0];
  EXPECT_EQ(e.code, jwkview::error_code::private_member);
  EXPECT_EQ(e.cls(), jwkview::error_class::key);
  EXPECT_EQ(e.offset, kSet.find("\"d\""));
  EXPECT_EQ(e.path(), "/keys/1/d");
  EXPECT_EQ(jwkview::name_of(e.code), "private_member");
  EXPECT_FALSE(e.message().empty());
}

TEST(NoExceptions, CallbackAndSingleKey) {
  jwkview::parser p;
  std::size_t seen = 0;
  const auto r = p.for_each_key(kSet, [&seen](const jwkview::key& k) {
    ++seen;
    return k.id.value == "k1" ? jwkview::next::go : jwkview::next::stop;
  });
  EXPECT_EQ(seen, 1u);
  EXPECT_EQ(r.key_count(), 1u);

  const jwkview::result<jwkview::key> k = p.parse_key(
      R"({"id":"s","kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",)"
      R"("y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"})");
  ASSERT_TRUE(k.has_value());
  EXPECT_EQ(k->id.value, "s");
  EXPECT_EQ(jwkview::coordinate_octets(k->crv.value), 32u);
}

TEST(NoExceptions, ErrorsAreValues) {
  jwkview::parser p;
  std::array<jwkview::key, 1> keys{};
  const auto r = p.parse_set(std::string_view(R"({"keys":[1,]})"), keys);
  EXPECT_TRUE(r.document_failed());
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_EQ(r.errors()[0].code, jwkview::error_code::unexpected_character);
  EXPECT_EQ(r.errors()[0].cls(), jwkview::error_class::syntax);
  EXPECT_EQ(r.errors()[0].offset, 11u);
  EXPECT_EQ(r.errors()[0].path(), "/keys/1");
  const auto k = p.parse_key(std::string_view("[]"));
  EXPECT_FALSE(k.has_value());
  EXPECT_NE(k.error().code, jwkview::error_code::ok);
}

}  // namespace
