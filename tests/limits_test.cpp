// jwkview::limits: every limit at its boundary and one past it, with the
// defaults and with custom values. Limit errors refuse the whole document.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "syntax_support.hpp"

namespace {

using jwkview::error_class;
using jwkview::error_code;
using namespace std::literals;
using syntest::printable;

jwkview::options rfc_options() {
  jwkview::options o;
  o.profile = jwkview::profile::rfc7517;
  return o;
}

/// One document-level limit error, class limit, no keys. too_many_members
/// errors point at the name over the limit, with the member's pointer
/// (like the other member problems).
::testing::AssertionResult limit_error(const jwkview::parse_report& r, error_code code,
                                       std::size_t offset, std::optional<std::string_view> path) {
  auto res = syntest::is_document_error(r, code, offset, path);
  if (!res) return res;
  if (r.errors()[0].cls() != error_class::limit) {
    return ::testing::AssertionFailure() << "class is not limit: " << syntest::describe(r);
  }
  return res;
}

/// No document-level failure.
::testing::AssertionResult document_passes(const jwkview::parse_report& r) {
  if (r.document_failed()) return ::testing::AssertionFailure() << syntest::describe(r);
  return ::testing::AssertionSuccess();
}

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// ---------------------------------------------------------------------------
// document_too_large

TEST(Limits, DocumentTooLargeCustom) {
  jwkview::options o = rfc_options();
  o.limits.max_document_bytes = 200;
  jwkview::parser p(o);
  syntest::storage st;

  std::string at = R"({"kty":"oct","kid":"a"})";
  at.resize(200, ' ');
  const auto ok = st.parse(p, at);
  ASSERT_TRUE(ok.ok()) << syntest::describe(ok);
  EXPECT_EQ(ok.key_count(), 1u);

  const std::string over = at + " ";
  EXPECT_TRUE(limit_error(st.parse(p, over), error_code::document_too_large, 0, ""));
  const syntest::padded_copy pc(over);
  EXPECT_TRUE(limit_error(p.parse_set(pc.text(), std::span<jwkview::key>(st.keys)),
                          error_code::document_too_large, 0, ""));
  const auto k = p.parse_key(over);
  ASSERT_FALSE(k.has_value());
  EXPECT_TRUE(syntest::is_error(k.error(), error_code::document_too_large, 0, ""));
  const auto rc = p.for_each_key(over, [](const jwkview::key&) {});
  EXPECT_TRUE(limit_error(rc, error_code::document_too_large, 0, ""));

  // Checked before anything else: 201 bytes of garbage.
  EXPECT_TRUE(
      limit_error(st.parse(p, std::string(201, ']')), error_code::document_too_large, 0, ""));
}

TEST(Limits, DocumentTooLargeDefault) {
  const std::size_t limit = std::size_t{16} << 20;
  jwkview::parser p(rfc_options());
  syntest::storage st;
  std::string doc = R"({"kty":"oct","kid":"big"})";
  doc.resize(limit, ' ');
  const auto ok = st.parse(p, doc);
  ASSERT_TRUE(ok.ok()) << syntest::describe(ok);
  EXPECT_EQ(ok.keys()[0].kid.value, "big");
  doc.push_back('\n');
  EXPECT_TRUE(limit_error(st.parse(p, doc), error_code::document_too_large, 0, ""));
}

// ---------------------------------------------------------------------------
// too_deep

TEST(Limits, TooDeepDefaultBareArrays) {
  jwkview::parser p;
  syntest::storage st;
  // The root is depth 1: 64 nested arrays are allowed.
  const std::string at = repeat("[", 64) + repeat("]", 64);
  EXPECT_TRUE(document_passes(st.parse(p, at)));
  const std::string over = repeat("[", 65) + repeat("]", 65);
  EXPECT_TRUE(limit_error(st.parse(p, over), error_code::too_deep, 64, repeat("/0", 64)));
}

TEST(Limits, TooDeepDefaultInsideUnknownMember) {
  jwkview::parser p;
  syntest::storage st;
  std::string before = syntest::okta_rsa("deep");
  before.pop_back();  // reopen the key object
  before += R"(,"zz":)";
  // Root object (1) + 63 arrays = 64.
  const std::string at = before + repeat("[", 63) + repeat("]", 63) + "}";
  const auto r = st.parse(p, at);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  EXPECT_EQ(r.key_count(), 1u);
  const std::string over = before + repeat("[", 64) + repeat("]", 64) + "}";
  EXPECT_TRUE(limit_error(st.parse(p, over), error_code::too_deep, before.size() + 63,
                          "/zz" + repeat("/0", 63)));
  // Objects count as well.
  const std::string obj_over = before + repeat(R"({"a":)", 64) + "1" + repeat("}", 64) + "}";
  const std::size_t deepest = before.size() + 63 * std::string_view(R"({"a":)").size();
  EXPECT_TRUE(
      limit_error(st.parse(p, obj_over), error_code::too_deep, deepest, "/zz" + repeat("/a", 63)));
}

TEST(Limits, TooDeepCustom) {
  jwkview::options o = rfc_options();
  o.limits.max_depth = 3;
  jwkview::parser p(o);
  syntest::storage st;
  const std::string at = R"({"keys":[{"kty":"oct","zz":1}]})";
  const auto r = st.parse(p, at);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  EXPECT_EQ(r.key_count(), 1u);
  const std::string over = R"({"keys":[{"kty":"oct","zz":[]}]})";
  EXPECT_TRUE(limit_error(st.parse(p, over), error_code::too_deep, over.find("[]"), "/keys/0/zz"));
  const std::string over2 = R"({"jwks":{"keys":[{}]}})";
  EXPECT_TRUE(
      limit_error(st.parse(p, over2), error_code::too_deep, over2.find("[{") + 1, "/jwks/keys/0"));

  o.limits.max_depth = 1;
  jwkview::parser p1(o);
  EXPECT_TRUE(document_passes(st.parse(p1, "[]")));
  const auto single = st.parse(p1, R"({"kty":"oct","kid":"one"})");
  ASSERT_TRUE(single.ok()) << syntest::describe(single);
  EXPECT_TRUE(limit_error(st.parse(p1, "[[]]"), error_code::too_deep, 1, "/0"));
  EXPECT_TRUE(limit_error(st.parse(p1, "[{}]"), error_code::too_deep, 1, "/0"));
  EXPECT_TRUE(limit_error(st.parse(p1, R"({"keys":[]})"), error_code::too_deep, 8, "/keys"));
}

TEST(Limits, TooDeepIsCappedAt1024) {
  jwkview::options o;
  o.limits.max_depth = 5000;
  jwkview::parser p(o);
  syntest::storage st;
  EXPECT_TRUE(document_passes(st.parse(p, repeat("[", 1024) + repeat("]", 1024))));
  const auto r = st.parse(p, repeat("[", 1025) + repeat("]", 1025));
  ASSERT_TRUE(limit_error(r, error_code::too_deep, 1024, std::nullopt));
  EXPECT_TRUE(r.errors()[0].path_truncated());
  EXPECT_EQ(r.errors()[0].path().size() % 2, 0u);  // cut at a step boundary
}

TEST(Limits, TooDeepInDocumentOrderWithSyntax) {
  jwkview::parser p;
  syntest::storage st;
  // Depth first, then a syntax error.
  EXPECT_TRUE(
      limit_error(st.parse(p, repeat("[", 70) + "tru"), error_code::too_deep, 64, std::nullopt));
  // A syntax error first, then depth.
  const auto r = st.parse(p, "[tru," + repeat("[", 100));
  EXPECT_TRUE(syntest::is_document_error(r, error_code::invalid_literal, 1, "/0"));
  // 100000 opening brackets: refused, not a crash.
  EXPECT_TRUE(
      limit_error(st.parse(p, std::string(100000, '[')), error_code::too_deep, 64, std::nullopt));
  EXPECT_TRUE(limit_error(st.parse(p, repeat("{\"a\":", 100000)), error_code::too_deep, 64 * 5,
                          std::nullopt));
}

// ---------------------------------------------------------------------------
// string_too_long

TEST(Limits, StringTooLongCustom) {
  jwkview::options o = rfc_options();
  o.limits.max_string_bytes = 8;
  jwkview::parser p(o);
  syntest::storage st;

  const auto ok = st.parse(p, R"({"kty":"oct","kid":"12345678"})");
  ASSERT_TRUE(ok.ok()) << syntest::describe(ok);
  EXPECT_EQ(ok.keys()[0].kid.value, "12345678");

  const std::string over = R"({"kty":"oct","kid":"123456789"})";
  EXPECT_TRUE(
      limit_error(st.parse(p, over), error_code::string_too_long, over.find("\"123"), "/kid"));

  // Raw bytes count: an escape is six bytes, "é" two.
  const auto esc_ok = st.parse(p, R"({"kty":"oct","kid":"\u0041AB"})");
  ASSERT_TRUE(esc_ok.ok()) << syntest::describe(esc_ok);
  EXPECT_EQ(esc_ok.keys()[0].kid.value, "AAB");
  const std::string esc_over = R"({"kty":"oct","kid":"\u0041ABC"})";
  EXPECT_TRUE(limit_error(st.parse(p, esc_over), error_code::string_too_long,
                          esc_over.find("\"\\u"), "/kid"));
  const auto mb_ok = st.parse(p, "{\"kty\":\"oct\",\"kid\":\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\"}");
  ASSERT_TRUE(mb_ok.ok()) << syntest::describe(mb_ok);
  const std::string mb_over = "{\"kty\":\"oct\",\"kid\":\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9z\"}";
  EXPECT_TRUE(limit_error(st.parse(p, mb_over), error_code::string_too_long, mb_over.find("\"\xC3"),
                          "/kid"));

  // Names count, and so do strings inside unmapped members.
  const std::string name_over = R"({"kty":"oct","123456789":1})";
  EXPECT_TRUE(limit_error(st.parse(p, name_over), error_code::string_too_long,
                          name_over.find("\"123"), ""));
  const std::string deep_over = R"({"kty":"oct","zz":[{"a":"123456789"}]})";
  EXPECT_TRUE(limit_error(st.parse(p, deep_over), error_code::string_too_long,
                          deep_over.find("\"123"), "/zz/0/a"));

  // In document order with the syntax rules.
  const std::string syntax_first = R"({"kty":"oct","zz":[tru,"123456789"]})";
  EXPECT_TRUE(syntest::is_document_error(st.parse(p, syntax_first), error_code::invalid_literal,
                                         syntax_first.find("tru"), "/zz/0"));
  const std::string limit_first = R"({"kty":"oct","zz":["123456789",tru]})";
  EXPECT_TRUE(limit_error(st.parse(p, limit_first), error_code::string_too_long,
                          limit_first.find("\"123"), "/zz/0"));
}

TEST(Limits, StringTooLongComesBeforeProblemsLaterInTheString) {
  // The string is over the limit at its opening quote; a bad byte or escape
  // past the limit comes later in document order.
  jwkview::options o = rfc_options();
  o.limits.max_string_bytes = 8;
  jwkview::parser p(o);
  syntest::storage st;
  const std::string bad_utf8_after = "{\"kty\":\"oct\",\"zz\":\"123456789abcdef\xFF\"}";
  EXPECT_TRUE(limit_error(st.parse(p, bad_utf8_after), error_code::string_too_long,
                          bad_utf8_after.find("\"123"), "/zz"));
  const std::string bad_escape_after = R"({"kty":"oct","zz":"123456789abcdef\q"})";
  EXPECT_TRUE(limit_error(st.parse(p, bad_escape_after), error_code::string_too_long,
                          bad_escape_after.find("\"123"), "/zz"));
}

TEST(Limits, StringTooLongDefault) {
  jwkview::parser p(rfc_options());
  syntest::storage st;
  const std::size_t limit = std::size_t{64} << 10;
  const std::string at = R"({"kty":"oct","kid":")" + std::string(limit, 'k') + R"("})";
  const auto r = st.parse(p, at);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  EXPECT_EQ(r.keys()[0].kid.value.size(), limit);
  const std::string over = R"({"kty":"oct","kid":")" + std::string(limit + 1, 'k') + R"("})";
  EXPECT_TRUE(limit_error(st.parse(p, over), error_code::string_too_long,
                          std::string_view(R"({"kty":"oct","kid":)").size(), "/kid"));
  // A megabyte string is refused the same way.
  const std::string huge = R"({"kty":"oct","zz":[")" + std::string(1 << 20, 'z') + R"("]})";
  EXPECT_TRUE(
      limit_error(st.parse(p, huge), error_code::string_too_long, huge.find("[\"") + 1, "/zz/0"));
}

// ---------------------------------------------------------------------------
// too_many_keys

struct built_set {
  std::string json;
  std::vector<std::size_t> element_offsets;
};

built_set build_set(std::string_view open, std::string_view close,
                    const std::vector<std::string>& elements) {
  built_set b;
  b.json = open;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i != 0) b.json += ',';
    b.element_offsets.push_back(b.json.size());
    b.json += elements[i];
  }
  b.json += close;
  return b;
}

TEST(Limits, TooManyKeysCustom) {
  jwkview::options o = rfc_options();
  o.limits.max_keys = 3;
  jwkview::parser p(o);
  syntest::storage st;
  const std::vector<std::string> three(3, R"({"kty":"oct"})");
  const std::vector<std::string> four(4, R"({"kty":"oct"})");

  const struct {
    std::string_view open, close, prefix;
    jwkview::set_shape shape;
  } shapes[] = {
      {R"({"keys":[)", "]}", "/keys/", jwkview::set_shape::keys_object},
      {"[", "]", "/", jwkview::set_shape::array},
      {R"({"jwks":{"keys":[)", "]}}", "/jwks/keys/", jwkview::set_shape::jwks_object},
  };
  for (const auto& s : shapes) {
    const built_set ok = build_set(s.open, s.close, three);
    const auto r = st.parse(p, ok.json);
    ASSERT_TRUE(r.ok()) << ok.json << " " << syntest::describe(r);
    EXPECT_EQ(r.key_count(), 3u);
    EXPECT_EQ(r.shape(), s.shape);

    const built_set over = build_set(s.open, s.close, four);
    EXPECT_TRUE(limit_error(st.parse(p, over.json), error_code::too_many_keys,
                            over.element_offsets[3], std::string(s.prefix) + "3"))
        << over.json;
    const auto rc = p.for_each_key(over.json, [](const jwkview::key&) {});
    EXPECT_TRUE(rc.document_failed());
    ASSERT_EQ(rc.errors().size(), 1u);
    EXPECT_EQ(rc.errors()[0].code, error_code::too_many_keys);
  }

  // Bad elements count: the limit is on elements, not on valid keys.
  const built_set bad = build_set("[", "]", {"1", R"({"kty":"oct","k":"AA"})", "[]", "{}"});
  EXPECT_TRUE(
      limit_error(st.parse(p, bad.json), error_code::too_many_keys, bad.element_offsets[3], "/3"));
  const built_set bad_ok = build_set("[", "]", {"1", R"({"kty":"oct","k":"AA"})", "[]"});
  const auto r = st.parse(p, bad_ok.json);
  EXPECT_TRUE(document_passes(r));
  EXPECT_EQ(r.key_count(), 0u);
  EXPECT_EQ(r.error_count(), 3u);
}

TEST(Limits, TooManyKeysDefault) {
  jwkview::parser p(rfc_options());
  syntest::storage st(10001);
  const std::vector<std::string> at(10000, R"({"kty":"oct"})");
  const built_set ok = build_set(R"({"keys":[)", "]}", at);
  const auto r = st.parse(p, ok.json);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  EXPECT_EQ(r.key_count(), 10000u);
  EXPECT_EQ(r.keys()[9999].index, 9999u);
  EXPECT_EQ(r.keys()[9999].offset, ok.element_offsets[9999]);

  std::vector<std::string> over = at;
  over.emplace_back(R"({"kty":"oct"})");
  const built_set bad = build_set(R"({"keys":[)", "]}", over);
  EXPECT_TRUE(limit_error(st.parse(p, bad.json), error_code::too_many_keys,
                          bad.element_offsets[10000], "/keys/10000"));
}

// ---------------------------------------------------------------------------
// storage_full

TEST(Limits, StorageFull) {
  jwkview::parser p(rfc_options());
  std::vector<jwkview::key> two(2);
  const std::span<jwkview::key> out(two);
  const std::string good = R"({"kty":"oct"})";
  const std::string bad = R"({"kty":"oct","d":"AA"})";

  const built_set at = build_set(R"({"keys":[)", "]}", {good, good});
  const auto r = p.parse_set(at.json, out);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  EXPECT_EQ(r.key_count(), 2u);

  const built_set over = build_set(R"({"keys":[)", "]}", {good, good, good});
  EXPECT_TRUE(limit_error(p.parse_set(over.json, out), error_code::storage_full,
                          over.element_offsets[2], "/keys/2"));

  // Bad keys take no storage.
  const built_set mixed_ok = build_set("[", "]", {good, bad, good});
  const auto rm = p.parse_set(mixed_ok.json, out);
  EXPECT_TRUE(document_passes(rm));
  EXPECT_EQ(rm.key_count(), 2u);
  ASSERT_EQ(rm.errors().size(), 1u);
  EXPECT_EQ(rm.errors()[0].code, error_code::private_member);
  const built_set mixed_over = build_set("[", "]", {good, bad, good, bad, good});
  EXPECT_TRUE(limit_error(p.parse_set(mixed_over.json, out), error_code::storage_full,
                          mixed_over.element_offsets[4], "/4"));

  // Empty storage: fine for a set of bad keys, full at the first valid key.
  const std::span<jwkview::key> none;
  const auto rb = p.parse_set(build_set("[", "]", {bad, bad}).json, none);
  EXPECT_TRUE(document_passes(rb));
  EXPECT_EQ(rb.error_count(), 2u);
  EXPECT_TRUE(limit_error(p.parse_set(good, none), error_code::storage_full, 0, ""));
  const built_set one = build_set(R"({"jwks":{"keys":[)", "]}}", {bad, good});
  EXPECT_TRUE(limit_error(p.parse_set(one.json, none), error_code::storage_full,
                          one.element_offsets[1], "/jwks/keys/1"));

  // The callback form has no storage to fill.
  std::size_t seen = 0;
  const auto rc = p.for_each_key(over.json, [&seen](const jwkview::key&) { ++seen; });
  EXPECT_TRUE(rc.ok()) << syntest::describe(rc);
  EXPECT_EQ(seen, 3u);
}

// ---------------------------------------------------------------------------
// too_many_members

std::string unknown_members(std::size_t n, std::string_view prefix = "u") {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += ",\"";
    s += prefix;
    s += std::to_string(i);
    s += "\":";
    s += std::to_string(i);
  }
  return s;
}

TEST(Limits, TooManyMembersDefault) {
  jwkview::parser p;
  syntest::storage st;
  const std::string at = syntest::keys_set({syntest::okta_rsa("m", unknown_members(64))});
  const auto r = st.parse(p, at);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  const std::string over = syntest::keys_set({syntest::okta_rsa("m", unknown_members(65))});
  const auto ro = st.parse(p, over);
  ASSERT_TRUE(limit_error(ro, error_code::too_many_members, over.find("\"u64\""), std::nullopt));
  EXPECT_EQ(ro.errors()[0].path(), "/keys/0/u64");
}

// A limit that stops the walk (too_many_members, too_many_keys, storage_full)
// does not hide a syntax error after it: a document that is not JSON is
// refused for its syntax, in every shape and by parse_key alike. Found by
// fuzz_parse_key (fuzz/corpus/fuzz_parse_key/found-members-then-syntax.json).
TEST(Limits, SyntaxErrorAfterAStoppingLimitWins) {
  const std::string key = "{\"kty\":\"oct\"" + unknown_members(65) + ",\"late\" 1}";
  const std::size_t late = key.find(" 1}") + 1;
  for (const std::string& doc : {key, "[" + key + "]", "{\"keys\":[" + key + "]}"}) {
    jwkview::parser p(rfc_options());
    syntest::storage st;
    EXPECT_TRUE(syntest::is_document_error(st.parse(p, doc), error_code::unexpected_character,
                                           doc.find(" 1}") + 1, std::nullopt))
        << printable(doc);
  }
  jwkview::parser p(rfc_options());
  const auto one = p.parse_key(key);
  ASSERT_FALSE(one);
  EXPECT_EQ(one.error().code, error_code::unexpected_character);
  EXPECT_EQ(one.error().offset, late);

  jwkview::options o = rfc_options();
  o.limits.max_keys = 1;
  jwkview::parser pk(o);
  syntest::storage st;
  const std::string keys = R"([{"kty":"oct"},{"kty":"oct"},{"kty":"oct"})";  // truncated
  EXPECT_TRUE(syntest::is_document_error(st.parse(pk, keys), error_code::truncated, keys.size(),
                                         std::nullopt));
  jwkview::parser pf(rfc_options());
  jwkview::key two[2];
  const std::string full = R"([{"kty":"oct"},{"kty":"oct"},{"kty":"oct"},tru])";
  EXPECT_TRUE(syntest::is_document_error(pf.parse_set(full, two), error_code::invalid_literal,
                                         full.find("tru"), std::nullopt));
}

TEST(Limits, TooManyMembersCustom) {
  jwkview::options o;
  o.limits.max_unknown_members = 2;
  jwkview::parser p(o);
  jwkview::options ro = rfc_options();
  ro.limits.max_unknown_members = 2;
  jwkview::parser prfc(ro);
  syntest::storage st;

  // Key object.
  EXPECT_TRUE(st.parse(p, syntest::okta_rsa("a", R"(,"u1":1,"u2":2)")).ok());
  {
    const std::string over = syntest::okta_rsa("a", R"(,"u1":1,"u2":2,"u3":3)");
    const auto r = st.parse(p, over);
    ASSERT_TRUE(limit_error(r, error_code::too_many_members, over.find("\"u3\""), std::nullopt));
    EXPECT_EQ(r.errors()[0].path(), "/u3");
  }
  // Wrapper object.
  {
    const std::string at = R"({"u1":1,"keys":[{"kty":"oct"}],"u2":{"a":1,"b":2,"c":3}})";
    const auto r = st.parse(prfc, at);
    ASSERT_TRUE(r.ok()) << syntest::describe(r);
    const std::string over = R"({"u1":1,"u2":2,"keys":[{"kty":"oct"}],"u3":3})";
    const auto ro2 = st.parse(prfc, over);
    ASSERT_TRUE(limit_error(ro2, error_code::too_many_members, over.find("\"u3\""), std::nullopt));
    EXPECT_EQ(ro2.errors()[0].path(), "/u3");
    const std::string jwks_over = R"({"jwks":{"u1":1,"u2":2,"u3":3,"keys":[]}})";
    const auto rj = st.parse(prfc, jwks_over);
    ASSERT_TRUE(
        limit_error(rj, error_code::too_many_members, jwks_over.find("\"u3\""), std::nullopt));
    EXPECT_EQ(rj.errors()[0].path(), "/jwks/u3");
  }
  // _links, a link object and hints (okta).
  {
    const std::string links_at = syntest::okta_rsa("l", R"(,"_links":{"x1":{},"x2":{}})");
    EXPECT_TRUE(document_passes(st.parse(p, links_at)));
    const std::string links_over = syntest::okta_rsa("l", R"(,"_links":{"x1":{},"x2":{},"x3":{}})");
    const auto r = st.parse(p, links_over);
    ASSERT_TRUE(
        limit_error(r, error_code::too_many_members, links_over.find("\"x3\""), std::nullopt));
    EXPECT_EQ(r.errors()[0].path(), "/_links/x3");

    const std::string link_at =
        syntest::okta_rsa("l", R"(,"_links":{"activate":{"href":"h","a":1,"b":2}})");
    EXPECT_TRUE(st.parse(p, link_at).ok());
    const std::string link_over =
        syntest::okta_rsa("l", R"(,"_links":{"activate":{"href":"h","a":1,"b":2,"c":3}})");
    const auto rl = st.parse(p, link_over);
    ASSERT_TRUE(
        limit_error(rl, error_code::too_many_members, link_over.find("\"c\""), std::nullopt));
    EXPECT_EQ(rl.errors()[0].path(), "/_links/activate/c");

    const std::string hints_at = syntest::okta_rsa(
        "l", R"(,"_links":{"delete":{"href":"h","hints":{"allow":["DELETE"],"a":1,"b":2}}})");
    EXPECT_TRUE(st.parse(p, hints_at).ok());
    const std::string hints_over = syntest::okta_rsa(
        "l", R"(,"_links":{"delete":{"href":"h","hints":{"allow":["DELETE"],"a":1,"b":2,"c":3}}})");
    const auto rh = st.parse(p, hints_over);
    ASSERT_TRUE(
        limit_error(rh, error_code::too_many_members, hints_over.find("\"c\""), std::nullopt));
    EXPECT_EQ(rh.errors()[0].path(), "/_links/delete/hints/c");
  }
  // Counted per object; unmapped values are not interpreted.
  {
    std::string big_unmapped = R"(,"u1":{)";
    for (int i = 0; i < 1000; ++i) {
      if (i != 0) big_unmapped += ',';
      big_unmapped += "\"n" + std::to_string(i) + "\":" + std::to_string(i);
    }
    big_unmapped += "}";
    const std::string json = syntest::keys_set(
        {syntest::okta_rsa("a", R"(,"u1":1,"u2":2)"), syntest::okta_rsa("b", big_unmapped),
         syntest::okta_rsa("c", R"(,"u1":1,"u2":2,"_links":{"x1":{"q":1,"r":2,"s":3},"x2":1})")});
    const auto r = st.parse(p, json);
    ASSERT_TRUE(r.ok()) << syntest::describe(r);
    EXPECT_EQ(r.key_count(), 3u);
  }
  // Zero allowed.
  jwkview::options zero = rfc_options();
  zero.limits.max_unknown_members = 0;
  jwkview::parser pz(zero);
  EXPECT_TRUE(st.parse(pz, R"({"kty":"oct","kid":"k"})").ok());
  const std::string one = R"({"kty":"oct","zz":1})";
  EXPECT_TRUE(limit_error(st.parse(pz, one), error_code::too_many_members, one.find("\"zz\""),
                          std::nullopt));
}

// ---------------------------------------------------------------------------
// Reported errors are bounded; the rest are counted.

TEST(Limits, MaxReportedErrors) {
  std::vector<std::string> bad(300, R"({"kty":"oct","k":"AA"})");
  const built_set doc = build_set("[", "]", bad);
  {
    jwkview::parser p(rfc_options());
    syntest::storage st;
    const auto r = st.parse(p, doc.json);
    EXPECT_FALSE(r.document_failed());
    EXPECT_EQ(r.error_count(), 300u);
    EXPECT_EQ(r.errors().size(), 256u);
    EXPECT_EQ(r.errors()[255].offset, doc.json.find("\"k\"", doc.element_offsets[255]));
  }
  {
    jwkview::options o = rfc_options();
    o.max_reported_errors = 2;
    jwkview::parser p(o);
    syntest::storage st;
    const auto r = st.parse(p, doc.json);
    EXPECT_EQ(r.error_count(), 300u);
    ASSERT_EQ(r.errors().size(), 2u);
    EXPECT_EQ(r.errors()[1].path(), "/1/k");
  }
}

// ---------------------------------------------------------------------------
// Tiny limits on assorted documents: always a clean answer, never a crash.

TEST(Limits, TinyLimitsNeverCrash) {
  jwkview::options o = rfc_options();
  o.limits.max_document_bytes = 4096;
  o.limits.max_keys = 1;
  o.limits.max_depth = 2;
  o.limits.max_string_bytes = 3;
  o.limits.max_unknown_members = 0;
  o.max_reported_errors = 1;
  jwkview::parser p(o);
  std::vector<jwkview::key> one(1);
  const std::vector<std::string> docs = {
      syntest::okta_rsa(),
      syntest::keys_set({syntest::okta_rsa(), syntest::okta_ec()}),
      R"({"keys":[{"kty":"oct"},{"kty":"oct"}]})",
      "[[[[[[[[",
      R"({"kty":"oct","zz":[[[]]]})",
      std::string(5000, ' '),
      R"({"kty":"oct"})",
      R"({"kty":"RSA","e":"AQAB","n":"AQAB"})",
      "[1,2,3]",
      "{\"\xFF\":1}",
      R"({"a")",
      "\"abcd",
      "\xEF\xBB\xBF[]"};
  for (const std::string& d : docs) {
    const auto r = p.parse_set(d, std::span<jwkview::key>(one));
    EXPECT_LE(r.key_count(), 1u) << printable(d);
    EXPECT_LE(r.errors().size(), 1u);
    for (const jwkview::error& e : r.errors()) {
      EXPECT_NE(e.cls(), error_class::none);
      EXPECT_LE(e.offset, d.size());
    }
    if (r.document_failed()) {
      EXPECT_EQ(r.key_count(), 0u);
      EXPECT_EQ(r.error_count(), 1u);
    }
    const auto k = p.parse_key(d);
    if (!k.has_value()) {
      EXPECT_NE(k.error().code, error_code::ok);
    }
  }
  // The expected answers for the simple ones.
  EXPECT_TRUE(limit_error(p.parse_set(std::string(5000, ' '), std::span<jwkview::key>(one)),
                          error_code::document_too_large, 0, ""));
  EXPECT_TRUE(limit_error(
      p.parse_set(R"({"keys":[{"kty":"oct"},{"kty":"oct"}]})"sv, std::span<jwkview::key>(one)),
      error_code::string_too_long, 1, ""));
}

}  // namespace
