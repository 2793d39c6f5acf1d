// RFC 8259 validation: every syntax error code of docs/parsing-rules.md with
// its exact offset and path, in wrappers, keys, names, values and in members
// the parser does not map; and valid JSON that must be accepted.
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
using syntest::printable;

/// Every API reports the same single document-level syntax error: parse_set
/// (also with junk in the bytes after the input), for_each_key, and
/// parse_key when the root is an object.
::testing::AssertionResult syntax_error(std::string_view json, error_code code, std::size_t offset,
                                        std::string_view path, const jwkview::options& opts = {}) {
  if (jwkview::class_of(code) != error_class::syntax) {
    return ::testing::AssertionFailure() << "test bug: not a syntax code";
  }
  jwkview::parser p(opts);
  syntest::storage st;
  const jwkview::parse_report r = st.parse(p, json);
  if (auto res = syntest::is_document_error(r, code, offset, path); !res)
    return res << " (parse_set)";
  if (r.errors()[0].cls() != error_class::syntax) {
    return ::testing::AssertionFailure() << "not class syntax";
  }

  const syntest::padded_copy pc(json, '"');
  const jwkview::parse_report rp = p.parse_set(pc.text(), std::span<jwkview::key>(st.keys));
  if (auto res = syntest::is_document_error(rp, code, offset, path); !res) {
    return res << " (parse_set, junk after the input)";
  }

  std::size_t seen = 0;
  const jwkview::parse_report rc = p.for_each_key(json, [&seen](const jwkview::key&) { ++seen; });
  if (auto res = syntest::is_document_error(rc, code, offset, path, /*expect_no_keys=*/false);
      !res) {
    return res << " (for_each_key)";
  }

  const std::size_t first = json.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && json[first] == '{') {
    const jwkview::result<jwkview::key> k = p.parse_key(json);
    if (k.has_value()) return ::testing::AssertionFailure() << "parse_key delivered a key";
    if (auto res = syntest::is_error(k.error(), code, offset, path); !res) {
      return res << " (parse_key)";
    }
  }
  return ::testing::AssertionSuccess();
}

#define EXPECT_SYNTAX(json, code, offset, path) \
  EXPECT_TRUE(syntax_error((json), (code), (offset), (path))) << "json: " << printable(json)

/// The document parses without any syntax (or limit) error.
::testing::AssertionResult no_syntax_error(std::string_view json,
                                           const jwkview::options& opts = {}) {
  jwkview::parser p(opts);
  syntest::storage st;
  const jwkview::parse_report r = st.parse(p, json);
  for (const jwkview::error& e : r.errors()) {
    if (e.cls() == error_class::syntax || e.cls() == error_class::limit) {
      return ::testing::AssertionFailure() << syntest::describe(r);
    }
  }
  if (r.document_failed()) return ::testing::AssertionFailure() << syntest::describe(r);
  return ::testing::AssertionSuccess();
}

/// A place a string's content can go: before + content + after, with the
/// JSON Pointer of the string's error.
struct string_slot {
  const char* name;
  std::string before;
  std::string after;
  std::string path;
};

std::vector<string_slot> string_slots() {
  const std::string n(syntest::kRsaN);
  return {
      {"kid value", R"({"keys":[{"kty":"RSA","kid":")", R"(","e":"AQAB","n":")" + n + R"("}]})",
       "/keys/0/kid"},
      {"key member name", R"({"keys":[{"kty":"RSA",")", R"(":1}]})", "/keys/0"},
      {"unknown member, nested value", R"({"keys":[{"kty":"RSA","zz":{"q":[0,")", R"("]}}]})",
       "/keys/0/zz/q/1"},
      {"unknown member, nested name", R"({"keys":[{"kty":"RSA","zz":[{")", R"(":1}]}]})",
       "/keys/0/zz/0"},
      {"wrapper unknown member", R"({"meta":")", R"(","keys":[]})", "/meta"},
      {"wrapper name", R"({"keys":[],")", R"(":1})", ""},
      {"okta link href", R"({"id":"i","kty":"RSA","_links":{"deactivate":{"href":")",
       R"("}},"e":"AQAB"})", "/_links/deactivate/href"},
      {"bare array element", R"([{"kty":"EC"},")", R"("])", "/1"},
      {"single key kty value", R"({"kty":")", R"("})", "/kty"},
  };
}

/// A place a value can go.
struct value_slot {
  const char* name;
  std::string before;
  std::string after;
  std::string path;
};

std::vector<value_slot> value_slots() {
  return {
      {"unknown array element", R"({"keys":[{"kty":"RSA","zz":[1,2,)", R"(]}]})", "/keys/0/zz/2"},
      {"unknown member value", R"({"keys":[{"kty":"RSA","zz":)", R"(}]})", "/keys/0/zz"},
      {"single key, array under x", R"({"kty":"RSA","e":"AQAB","x":[1,2,)", R"(]})", "/x/2"},
      {"wrapper member", R"({"meta":)", R"(,"keys":[]})", "/meta"},
      {"known member kty", R"({"keys":[{"kty":)", R"(}]})", "/keys/0/kty"},
      {"okta link templated",
       R"({"id":"a","kty":"RSA","_links":{"activate":{"href":"h","templated":)", R"(}}})",
       "/_links/activate/templated"},
      {"deep unknown object", R"({"jwks":{"keys":[{"zz":{"a":{"b":[{"c":)", R"(}]}}}]}})",
       "/jwks/keys/0/zz/a/b/0/c"},
      {"bare array element", R"([)", R"(])", "/0"},
  };
}

/// Content with one bad byte (or escape) at `index`.
struct bad_content {
  std::string text;
  std::size_t index;
};

void expect_in_string_slots(const std::vector<bad_content>& cases, error_code code) {
  for (const string_slot& slot : string_slots()) {
    for (const bad_content& c : cases) {
      const std::string json = slot.before + c.text + slot.after;
      SCOPED_TRACE(std::string(slot.name) + ": " + printable(c.text));
      EXPECT_SYNTAX(json, code, slot.before.size() + c.index, slot.path);
    }
  }
}

void expect_in_value_slots(const std::vector<bad_content>& cases, error_code code) {
  for (const value_slot& slot : value_slots()) {
    for (const bad_content& c : cases) {
      const std::string json = slot.before + c.text + slot.after;
      SCOPED_TRACE(std::string(slot.name) + ": " + printable(c.text));
      EXPECT_SYNTAX(json, code, slot.before.size() + c.index, slot.path);
    }
  }
}

// ---------------------------------------------------------------------------
// empty_document, byte_order_mark

TEST(Syntax, EmptyDocument) {
  for (std::string_view json : {""sv, " "sv, "\n"sv, " \t\r\n  "sv, "\r\n\r\n"sv}) {
    EXPECT_SYNTAX(json, error_code::empty_document, 0u, "");
  }
  jwkview::parser p;
  EXPECT_TRUE(syntest::is_document_error(p.parse_set(std::string_view{}, {}),
                                         error_code::empty_document, 0, ""));
  EXPECT_TRUE(syntest::is_document_error(p.parse_set(std::string_view{}, {}),
                                         error_code::empty_document, 0, ""));
  const auto k = p.parse_key(std::string_view{});
  ASSERT_FALSE(k.has_value());
  EXPECT_EQ(k.error().code, error_code::empty_document);
  EXPECT_EQ(k.error().offset, 0u);
}

TEST(Syntax, ByteOrderMarkRefusedByDefault) {
  const std::string bom = "\xEF\xBB\xBF";
  for (const std::string& body :
       {syntest::okta_rsa(), syntest::keys_set({syntest::okta_rsa()}), "[]"s, "{}"s, ""s, " "s}) {
    EXPECT_SYNTAX(bom + body, error_code::byte_order_mark, 0u, "");
  }
}

TEST(Syntax, ByteOrderMarkAcceptedOnRequest) {
  jwkview::options opts;
  opts.accept_bom = true;
  jwkview::parser p(opts);
  const std::string key = syntest::okta_rsa("b1");
  const std::string json = "\xEF\xBB\xBF" + key;

  syntest::storage st;
  const auto r = st.parse(p, json);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  ASSERT_EQ(r.key_count(), 1u);
  EXPECT_EQ(r.shape(), jwkview::set_shape::single_key);
  EXPECT_EQ(r.keys()[0].offset, 3u);  // counted from the caller's first byte
  EXPECT_EQ(r.keys()[0].id.value, "b1");
  EXPECT_TRUE(syntest::points_into(r.keys()[0].id.value, json));

  const auto k = p.parse_key(json);
  ASSERT_TRUE(k.has_value()) << syntest::describe(k.error());
  EXPECT_EQ(k->offset, 3u);

  // A set behind a BOM: the key offsets still count the BOM.
  const std::string set = "\xEF\xBB\xBF" + syntest::keys_set({key, syntest::okta_ec()});
  const auto rs = st.parse(p, set);
  ASSERT_TRUE(rs.ok()) << syntest::describe(rs);
  ASSERT_EQ(rs.key_count(), 2u);
  EXPECT_EQ(rs.keys()[0].offset, set.find("{\"id\""));
  EXPECT_EQ(rs.keys()[1].offset, set.find("{\"id\":\"e1\""));

  // Errors behind the BOM are counted from the caller's first byte too.
  const std::string bad = "\xEF\xBB\xBF{\"kty\":\"RSA\",\"zz\":[tru]}";
  EXPECT_TRUE(syntax_error(bad, error_code::invalid_literal, bad.find("tru"), "/zz/0", opts));
  const std::string bad2 = "\xEF\xBB\xBF{\"kty\":\"RSA\"} x";
  EXPECT_TRUE(syntax_error(bad2, error_code::trailing_content, bad2.find('x'), "", opts));

  // Limits behind a BOM: offsets still from the caller's first byte.
  std::string deep = "\xEF\xBB\xBF";
  for (int i = 0; i < 65; ++i) deep += '[';
  jwkview::parser pb(opts);
  const auto rd = st.parse(pb, deep);
  EXPECT_TRUE(syntest::is_document_error(rd, error_code::too_deep, 3 + 64, std::nullopt));

  // A second BOM is not whitespace.
  const std::string twice = "\xEF\xBB\xBF\xEF\xBB\xBF{}";
  EXPECT_TRUE(syntax_error(twice, error_code::unexpected_character, 3, "", opts));

  // A BOM and nothing else is an empty document.
  EXPECT_TRUE(syntax_error("\xEF\xBB\xBF  \n", error_code::empty_document, 0, "", opts));
  EXPECT_TRUE(syntax_error("\xEF\xBB\xBF", error_code::empty_document, 0, "", opts));
}

// ---------------------------------------------------------------------------
// invalid_utf8

TEST(Syntax, InvalidUtf8InStrings) {
  const std::vector<bad_content> cases = {
      {"a\xC0\xAF"
       "b",
       1},                      // overlong 2-byte '/'
      {"\xC1\xBF", 0},          // overlong 2-byte
      {"a\xE0\x80\xAF", 1},     // overlong 3-byte
      {"\xE0\x9F\xBF", 0},      // overlong 3-byte (U+07FF)
      {"\xF0\x80\x80\xAF", 0},  // overlong 4-byte
      {"\xF0\x8F\xBF\xBF", 0},  // overlong 4-byte (U+FFFF)
      {"x\xED\xA0\x80", 1},     // U+D800 encoded in UTF-8
      {"\xED\xBF\xBF"
       "z",
       0},                              // U+DFFF encoded in UTF-8
      {"\xED\xA0\xBD\xED\xB2\xA9", 0},  // CESU-8 surrogate pair
      {"\xF4\x90\x80\x80", 0},          // U+110000
      {"ok\xF5\x80\x80\x80", 2},        // F5 lead byte
      {"\xF7\xBF\xBF\xBF", 0},          // > U+10FFFF
      {"\xFF", 0},
      {"a\xFE"
       "b",
       1},
      {"ab\xE2\x82", 2},    // truncated 3-byte sequence before the quote
      {"\xF0\x9F\x94", 0},  // truncated 4-byte sequence
      {"\xE2\x82"
       "z",
       0},          // truncated before ASCII
      {"\xC3", 0},  // lone lead byte
      {"\x80", 0},  // lone continuation byte
      {"a\xBF"
       "b",
       1},
      {"\xC3\xA9\x80", 2},                          // valid "é" then a stray continuation
      {"\xE2\x82\xAC\xF0\x9F\x94\x91\xC0\x80", 7},  // "€🔑" then overlong NUL
  };
  expect_in_string_slots(cases, error_code::invalid_utf8);
}

TEST(Syntax, InvalidUtf8OutsideStrings) {
  // Every byte is validated, not only string contents.
  EXPECT_SYNTAX("[\xFF]", error_code::invalid_utf8, 1u, "/0");
  EXPECT_SYNTAX("[1,\xC0\xAF]", error_code::invalid_utf8, 3u, "/1");
  EXPECT_SYNTAX("\xEF\xBB{}", error_code::invalid_utf8, 0u, "");  // an incomplete BOM
  EXPECT_SYNTAX("{\"kty\":\"RSA\",\xE2\x82}", error_code::invalid_utf8, 13u, "");
}

TEST(Syntax, InvalidUtf8FirstProblemWins) {
  // Two bad sequences: the first one is reported.
  const std::string json = "{\"kty\":\"RSA\",\"a\":\"\xC0\xAF\",\"b\":\"\xFF\"}";
  EXPECT_SYNTAX(json, error_code::invalid_utf8, json.find('\xC0'), "/a");
  // A bad name before a bad value.
  const std::string json2 = "{\"\x80\":\"\xFF\"}";
  EXPECT_SYNTAX(json2, error_code::invalid_utf8, 2u, "");
}

// ---------------------------------------------------------------------------
// control_character

TEST(Syntax, ControlCharacterInStrings) {
  const std::vector<bad_content> cases = {
      {"\x01", 0}, {"ab\x1F", 2}, {"a\nb", 1},           {"\t", 0},       {"x\ry", 1},
      {"\x08", 0}, {"\x0C", 0},   {"ab\x00"s + "cd", 2}, {"\x7F\x1E", 1},  // DEL is allowed, 0x1E
                                                                           // is not
  };
  expect_in_string_slots(cases, error_code::control_character);
}

// ---------------------------------------------------------------------------
// unclosed_string

TEST(Syntax, UnclosedString) {
  const struct {
    std::string json;
    std::string quote;  // the text starting at the unclosed string's quote
    std::string path;
  } cases[] = {
      {R"({"keys":[{"kty":"RSA","kid":"abc)", R"("abc)", "/keys/0/kid"},
      {R"({"keys":[{"kty":"RSA","ki)", R"("ki)", "/keys/0"},
      {R"({"keys":[{"kty":"RSA","kid":"abc\)", R"("abc\)", "/keys/0/kid"},
      {R"({"keys":[{"kty":"RSA","kid":"abc\")", R"("abc\")", "/keys/0/kid"},
      {R"({"keys":[{"kty":"RSA","zz":["x",")", R"(")", "/keys/0/zz/1"},
      {R"({")", R"(")", ""},
      {R"(")", R"(")", ""},
      {R"(["abc)", R"("abc)", "/0"},
      {R"({"meta":"a\"b\\)", R"("a\"b\\)", "/meta"},
  };
  for (const auto& c : cases) {
    const std::size_t offset = c.json.rfind(c.quote);
    ASSERT_NE(offset, std::string::npos);
    EXPECT_SYNTAX(c.json, error_code::unclosed_string, offset, c.path);
  }
}

// ---------------------------------------------------------------------------
// invalid_escape

TEST(Syntax, InvalidEscape) {
  const std::vector<bad_content> cases = {
      {R"(\x41)", 0}, {R"(a\')", 1},  {R"(\u12G4)", 0},  {R"(ab\U0041)", 2}, {R"(\a)", 0},
      {R"(\0)", 0},   {R"(\ )", 0},   {R"(\u00)", 0},    {R"(\u)", 0},       {R"(\uZZZZ)", 0},
      {R"(\/\x)", 2}, {R"(\\\q)", 2}, {"\\\xC3\xA9", 0},  // backslash before a multibyte character
  };
  expect_in_string_slots(cases, error_code::invalid_escape);
}

// ---------------------------------------------------------------------------
// lone_surrogate

TEST(Syntax, LoneSurrogate) {
  const std::vector<bad_content> cases = {
      {R"(\uD800)", 0},                 // high without low
      {R"(a\uDBFF)", 1},                // high at the end
      {R"(\uD834x)", 0},                // high followed by a plain character
      {R"(\uDC00)", 0},                 // low alone
      {R"(xy\uDFFFz)", 2},              // low alone
      {R"(\uD800\u0041)", 0},           // high followed by a non-surrogate escape
      {R"(\uD800\n)", 0},               // high followed by another escape
      {R"(\uD800\uD800)", 0},           // high followed by high
      {R"(\uDC00\uD800)", 0},           // inverted pair
      {R"(\udd1e\ud834)", 0},           // inverted pair, lower case
      {R"(ok\uD834\uDD1E\uD800)", 14},  // a valid pair, then a lone high
      {R"(\u0041\uDE00)", 6},           // a plain escape, then a lone low
  };
  expect_in_string_slots(cases, error_code::lone_surrogate);
}

// ---------------------------------------------------------------------------
// invalid_literal

TEST(Syntax, InvalidLiteral) {
  const std::vector<bad_content> cases = {
      {"tru", 0},   {"nul", 0},   {"fals", 0},  {"t", 0},      {"f", 0},   {"n", 0},   {"trUe", 0},
      {"truex", 0}, {"nulll", 0}, {"true1", 0}, {"falsey", 0}, {"nan", 0}, {"nil", 0}, {"nulL", 0},
  };
  expect_in_value_slots(cases, error_code::invalid_literal);
}

TEST(Syntax, InvalidLiteralInUnknownMember) {
  // The example of the brief: an unmapped member of a complete key.
  const std::string json = syntest::okta_rsa("k1", R"(,"x":[1,2,tru])");
  EXPECT_SYNTAX(json, error_code::invalid_literal, json.rfind("tru"), "/x/2");
  const std::string json2 = syntest::keys_set(
      {syntest::okta_rsa("a"), syntest::okta_rsa("b", R"(,"extra":{"v":[null,nul]})")});
  EXPECT_SYNTAX(json2, error_code::invalid_literal, json2.find("nul]"), "/keys/1/extra/v/1");
}

// ---------------------------------------------------------------------------
// invalid_number and the unexpected characters that look like numbers

TEST(Syntax, InvalidNumber) {
  const std::vector<bad_content> cases = {
      {"-", 0},    {"01", 0},      {"1.", 0},    {"1e", 0},     {"-01", 0},       {"1e+", 0},
      {"1.e5", 0}, {"00", 0},      {"-.5", 0},   {"2.5.1", 0},  {"1x", 0},        {"0x1F", 0},
      {"-a", 0},   {"1E", 0},      {"1_000", 0}, {"12e3.4", 0}, {"-0.", 0},       {"1e-", 0},
      {"--1", 0},  {"1.5e+-3", 0}, {"0.1.2", 0}, {"1eE2", 0},   {"-Infinity", 0},
  };
  expect_in_value_slots(cases, error_code::invalid_number);
}

TEST(Syntax, NumberLookalikesAreUnexpectedCharacters) {
  const std::vector<bad_content> cases = {
      {".5", 0},    {"+1", 0}, {"'a'", 0}, {"Infinity", 0}, {"NaN", 0},      {"True", 0}, {"#", 0},
      {"}", 0},     {",", 0},  {":", 0},   {"*", 0},        {"\xC3\xA9", 0},  // é outside a string
      {"\x0C", 0},   // form feed is not whitespace
      {"\x0B", 0},   // vertical tab
      {"\x00"s, 0},  // NUL outside a string
  };
  expect_in_value_slots(cases, error_code::unexpected_character);
}

// ---------------------------------------------------------------------------
// unexpected_character in structure

TEST(Syntax, UnexpectedCharacterStructure) {
  const struct {
    std::string json;
    std::string at;  // the offending text (first occurrence after `from`)
    std::size_t from;
    std::string path;
  } cases[] = {
      {R"({"a" 1})", "1", 0, ""},                                           // missing colon
      {R"({"keys":[{"kty" "RSA"}]})", R"("RSA")", 0, "/keys/0"},            // missing colon
      {R"([1,])", "]", 0, "/1"},                                            // [1,]
      {R"({"keys":[{"kty":"RSA"},]})", "]", 0, "/keys/1"},                  // trailing comma
      {R"({"keys":[{"kty":"RSA",}]})", "}", 0, "/keys/0"},                  // trailing comma
      {R"({"a":1,})", "}", 0, ""},                                          // trailing comma
      {R"([1 2])", "2", 0, ""},                                             // missing comma
      {R"({"keys":[{"kty":"RSA" "kid":"a"}]})", R"("kid")", 0, "/keys/0"},  // missing comma
      {R"({"keys":[{} {}]})", "{", 10, "/keys"},                            // missing comma
      {R"({"a":1 "b":2})", R"("b")", 0, ""},                                // missing comma
      {R"({'kty':'RSA'})", "'", 0, ""},                                     // single quotes
      {R"({kty:1})", "k", 0, ""},                                           // unquoted name
      {R"({1:2})", "1", 0, ""},                                             // number as name
      {R"({true:1})", "t", 0, ""},                                          // literal as name
      {R"({"a":1,,"b":2})", ",", 7, ""},                                    // double comma
      {R"([,1])", ",", 0, "/0"},                                            // leading comma
      {R"([1,,2])", ",", 3, "/1"},                                          // double comma
      {R"({,})", ",", 0, ""},
      {R"({"a"::1})", ":", 5, "/a"},  // double colon
      {R"({"a":})", "}", 0, "/a"},    // missing value
      {R"({"a":1])", "]", 0, ""},     // wrong closer
      {R"([1})", "}", 0, ""},         // wrong closer
      {R"([1:2])", ":", 0, ""},       // colon in array
      {R"({"a",1})", ",", 0, ""},     // comma for colon
      {R"(])", "]", 0, ""},           // closer at the root
      {R"(})", "}", 0, ""},
      {R"(:)", ":", 0, ""},
      {R"({"keys":[{"kty":"RSA","zz":[{"a":1,]}]}]})", "]", 30, "/keys/0/zz/0"},
  };
  for (const auto& c : cases) {
    const std::size_t offset = c.json.find(c.at, c.from);
    ASSERT_NE(offset, std::string::npos) << c.json;
    EXPECT_SYNTAX(c.json, error_code::unexpected_character, offset, c.path);
  }
}

// A string value followed by ':' where a comma or closer must come. simdjson
// 3.0.1 skips such an unread string as a member name and swallows the rest of
// the container, so the parser reads every string value through simdjson.
// Found by fuzz_differential (fuzz/corpus/fuzz_differential/found-string-colon.json).
TEST(Syntax, StringValueFollowedByColon) {
  const struct {
    std::string json;
    std::size_t from;
    std::string path;
  } cases[] = {
      {R"(["":}])", 0, ""},
      {R"(["a":}])", 0, ""},
      {R"([["a":]]])", 0, "/0"},
      {R"({"x":["a":]]})", 5, "/x"},
      {R"([{"kty":"RSA","kid":"a":}])", 20, "/0"},
      {R"({"keys":[{"kty":"RSA","x5c":["a":}]]})", 30, "/keys/0/x5c"},
      {R"({"keys":[{"kty":"RSA","zz":{"a":"b":1}}]})", 33, "/keys/0/zz"},
  };
  for (const auto& c : cases) {
    EXPECT_SYNTAX(c.json, error_code::unexpected_character, c.json.find(':', c.from), c.path);
  }
}

// ---------------------------------------------------------------------------
// truncated

TEST(Syntax, Truncated) {
  const struct {
    std::string json;
    std::string path;
  } cases[] = {
      {"[", "/0"},
      {"{", ""},
      {"  [  ", "/0"},
      {R"({"keys")", ""},
      {R"({"keys":)", "/keys"},
      {R"({"keys": )", "/keys"},
      {R"({"keys":[)", "/keys/0"},
      {R"({"keys":[{"kty":"RSA"})", "/keys"},
      {R"({"keys":[{"kty":"RSA",)", "/keys/0"},
      {R"({"keys":[{"kty":"RSA")", "/keys/0"},
      {R"({"keys":[{"kty":"RSA"} , )", "/keys/1"},
      {"[1,  \n", "/1"},
      {R"({"a":[[[)", "/a/0/0/0"},
      {R"({"jwks":{"keys":[{"kty":"RSA","zz":{"q":[1,{)", "/jwks/keys/0/zz/q/1"},
      {R"([{"kty":"EC"},{)", "/1"},
      {R"([[],[])", ""},
  };
  for (const auto& c : cases) {
    EXPECT_SYNTAX(c.json, error_code::truncated, c.json.size(), c.path);
  }
}

// ---------------------------------------------------------------------------
// trailing_content

TEST(Syntax, TrailingContent) {
  const std::string set = syntest::keys_set({syntest::okta_rsa()});
  const struct {
    std::string json;
    std::size_t offset;
  } cases[] = {
      {set + " x", set.size() + 1},
      {set + set, set.size()},  // a second document after the first
      {set + "\n" + set, set.size() + 1},
      {"[]\n[]", 3},
      {"[][]", 2},
      {set + "}", set.size()},
      {set + "]", set.size()},
      {set + " // comment", set.size() + 1},
      {set + "/**/", set.size()},
      {set + "\t,", set.size() + 1},
      {set + "\"", set.size()},
      {set + " 1", set.size() + 1},
      {set + "\n\x00"s, set.size() + 1},
      {syntest::okta_rsa() + " null", syntest::okta_rsa().size() + 1},
  };
  for (const auto& c : cases) {
    EXPECT_SYNTAX(c.json, error_code::trailing_content, c.offset, "");
  }
}

// ---------------------------------------------------------------------------
// Depth inside unknown members

TEST(Syntax, DeepNestingInsideUnknownMember) {
  // 60 arrays below the root object: depth 61, under the default limit of 64.
  std::string json = R"({"kty":"RSA","e":"AQAB","zz":)";
  std::string path = "/zz";
  for (int i = 0; i < 60; ++i) {
    json += '[';
    path += "/0";
  }
  json += "tru";
  for (int i = 0; i < 60; ++i) json += ']';
  json += '}';
  EXPECT_SYNTAX(json, error_code::invalid_literal, json.find("tru"), path);

  // Mixed objects and arrays, error deep inside an object.
  std::string json2 = R"({"keys":[{"kty":"RSA","zz":)";
  std::string path2 = "/keys/0/zz";
  for (int i = 0; i < 25; ++i) {
    json2 += R"({"a":[)";
    path2 += "/a/0";
  }
  json2 += "01";
  for (int i = 0; i < 25; ++i) json2 += "]}";
  json2 += "}]}";
  EXPECT_SYNTAX(json2, error_code::invalid_number, json2.find("01"), path2);

  // The same nesting, valid, is accepted.
  std::string ok = R"(,"zz":)";
  for (int i = 0; i < 30; ++i) ok += R"({"a":[)";
  ok += "1";
  for (int i = 0; i < 30; ++i) ok += "]}";
  const std::string key = syntest::okta_rsa("deep", ok);
  jwkview::parser p;
  syntest::storage st;
  const auto r = st.parse(p, key);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  EXPECT_EQ(r.key_count(), 1u);
}

// ---------------------------------------------------------------------------
// Paths of syntax errors

TEST(Syntax, PathEscapesTildeAndSlash) {
  const std::string json = R"({"kty":"RSA","a/b~c":[tru]})";
  EXPECT_SYNTAX(json, error_code::invalid_literal, json.find("tru"), "/a~1b~0c/0");
}

TEST(Syntax, LongPathIsCutAtAStepBoundary) {
  const std::string name(200, 'a');
  const std::string json = R"({"keys":[{")" + name + R"(":tru}]})";
  jwkview::parser p;
  syntest::storage st;
  const auto r = st.parse(p, json);
  ASSERT_TRUE(
      syntest::is_document_error(r, error_code::invalid_literal, json.find("tru"), std::nullopt));
  const jwkview::error& e = r.errors()[0];
  EXPECT_TRUE(e.path_truncated());
  EXPECT_EQ(e.path(), "/keys/0");
}

// ---------------------------------------------------------------------------
// A syntax error anywhere refuses the whole document

TEST(Syntax, ErrorAfterValidKeysDeliversNothing) {
  const std::string json = syntest::keys_set(
      {syntest::okta_rsa("a"), syntest::okta_ec("b"), syntest::okta_rsa("c", R"(,"zz":[1,])")});
  jwkview::parser p;
  syntest::storage st;
  const auto r = st.parse(p, json);
  EXPECT_TRUE(syntest::is_document_error(r, error_code::unexpected_character,
                                         json.find("]", json.find("[1,")), "/keys/2/zz/1"));
  EXPECT_TRUE(r.keys().empty());
  EXPECT_EQ(r.errors()[0].cls(), error_class::syntax);

  // The callback form may have seen the first keys, but the report fails.
  std::vector<std::string> ids;
  const auto rc =
      p.for_each_key(json, [&ids](const jwkview::key& k) { ids.emplace_back(k.id.value); });
  EXPECT_TRUE(rc.document_failed());
  ASSERT_EQ(rc.errors().size(), 1u);
  EXPECT_EQ(rc.errors()[0].code, error_code::unexpected_character);
  EXPECT_LE(ids.size(), 2u);
  EXPECT_EQ(rc.key_count(), ids.size());
}

TEST(Syntax, SyntaxErrorReplacesEarlierKeyErrors) {
  // Key errors (a private member, a bad enum) come first in the document, but
  // the document is not JSON: only the syntax error is reported.
  const std::string json = syntest::keys_set({syntest::okta_rsa("a", R"(,"d":"AQAB")"),
                                              syntest::okta_rsa("b", R"(,"status":"BAD")"),
                                              syntest::okta_rsa("c", R"(,"zz":"\x")")});
  EXPECT_SYNTAX(json, error_code::invalid_escape, json.find("\\x"), "/keys/2/zz");
}

TEST(Syntax, SyntaxErrorReplacesSchemaErrors) {
  // A root scalar would be unexpected_root, but the bytes are not JSON.
  EXPECT_SYNTAX(R"("\q")", error_code::invalid_escape, 1u, "");
  EXPECT_SYNTAX("tru", error_code::invalid_literal, 0u, "");
  EXPECT_SYNTAX("-", error_code::invalid_number, 0u, "");
  EXPECT_SYNTAX("1 2", error_code::trailing_content, 2u, "");
  // Wrapper with both keys and jwks (ambiguous_shape) and a syntax error.
  const std::string json = R"({"keys":[],"jwks":{"keys":[]},"x":[1 2]})";
  EXPECT_SYNTAX(json, error_code::unexpected_character, json.find("2]"), "/x");
}

TEST(Syntax, ShapeIsNoneOnSyntaxError) {
  jwkview::parser p;
  syntest::storage st;
  for (const std::string& json :
       {R"({"keys":[{"kty":"RSA"},]})"s, R"({"jwks":{"keys":[)"s, R"([{"kty":"EC"} x)"s}) {
    const auto r = st.parse(p, json);
    EXPECT_TRUE(r.document_failed()) << json;
    EXPECT_EQ(r.shape(), jwkview::set_shape::none) << json;
  }
}

// ---------------------------------------------------------------------------
// Valid JSON that must be accepted

TEST(Syntax, AcceptsHugeNumbers) {
  std::string digits(400, '7');
  digits[0] = '1';
  const std::string extra = R"(,"big":)" + digits + R"(,"neg":-)" + digits +
                            R"(,"exp":1e999999,"tiny":-1.5E-999999,"z":-0,"f":0.0e-0,)"
                            R"("E":1E+2,"frac":0.5,"m":[-0.0,123.456e78,0,1e0,9007199254740993])";
  const std::string json = syntest::keys_set({syntest::okta_rsa("big", extra)});
  ASSERT_TRUE(no_syntax_error(json));
  jwkview::parser p;
  syntest::storage st;
  const auto r = st.parse(p, json);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  EXPECT_EQ(r.keys()[0].id.value, "big");
}

TEST(Syntax, AcceptsAllEscapes) {
  const std::string extra =
      R"(,"esc":"\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud834\udd1e\uDBFF\uDFFF\u0000",)"
      R"("\"\\\/\b\f\n\r\t":1,"\ud83d\udd11":"\uD800\uDC00")";
  const std::string json = syntest::okta_rsa("esc", extra);
  jwkview::parser p;
  syntest::storage st;
  const auto r = st.parse(p, json);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  EXPECT_EQ(r.key_count(), 1u);
}

TEST(Syntax, AcceptsValidUtf8Edges) {
  const std::string extra =
      ",\"u\":\"\x7F \xC2\x80 \xDF\xBF \xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80 \xEF\xBF\xBF "
      "\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF\",\"\xE2\x82\xAC\":\"\xF0\x9F\x94\x91\"";
  const std::string json = syntest::okta_rsa("utf8", extra);
  jwkview::parser p;
  syntest::storage st;
  const auto r = st.parse(p, json);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
}

TEST(Syntax, AcceptsLiteralsAndEmptyContainers) {
  const std::string extra = R"(,"lit":[true,false,null,{},[],"",{"a":[]},[[]],{"b":{}}])";
  const std::string json = syntest::keys_set({syntest::okta_rsa("lit", extra)});
  jwkview::parser p;
  syntest::storage st;
  const auto r = st.parse(p, json);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  EXPECT_EQ(r.key_count(), 1u);
  for (std::string_view ok : {"[]"sv, "{\"keys\":[]}"sv, "[ ]"sv, "{\"jwks\":{\"keys\":[]}}"sv}) {
    const auto re = st.parse(p, ok);
    EXPECT_TRUE(re.ok()) << ok << " " << syntest::describe(re);
    EXPECT_EQ(re.key_count(), 0u);
  }
}

/// Inserts `ws` before and after every structural character outside strings.
std::string spread(std::string_view json, std::string_view ws) {
  std::string out(ws);
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      out += c;
      if (c == '\\') {
        out += json[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      out += c;
    } else if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':') {
      out += ws;
      out += c;
      out += ws;
    } else {
      out += c;
    }
  }
  out += ws;
  return out;
}

TEST(Syntax, AcceptsWhitespaceVariants) {
  const std::string compact = R"({"jwks":{"keys":[)" +
                              syntest::okta_rsa("w1", R"(,"zz":[1,true,{"a":null}])") + "," +
                              syntest::okta_ec("w2") + "]}}";
  jwkview::parser p;
  syntest::storage st;
  const auto base = st.parse(p, compact);
  ASSERT_TRUE(base.ok()) << syntest::describe(base);
  ASSERT_EQ(base.key_count(), 2u);
  for (std::string_view ws : {" "sv, "\t"sv, "\n"sv, "\r"sv, "\r\n"sv, " \t\n\r "sv, ""sv}) {
    const std::string json = spread(compact, ws);
    const auto r = st.parse(p, json);
    ASSERT_TRUE(r.ok()) << printable(ws) << " " << syntest::describe(r);
    ASSERT_EQ(r.key_count(), 2u);
    EXPECT_EQ(r.shape(), jwkview::set_shape::jwks_object);
    EXPECT_EQ(r.keys()[0].id.value, "w1");
    EXPECT_EQ(r.keys()[1].id.value, "w2");
    EXPECT_EQ(r.keys()[0].offset, json.find("{", json.find("[")));
    EXPECT_EQ(r.keys()[1].n.state, jwkview::presence::absent);
    EXPECT_TRUE(r.keys()[1].crv.is(jwkview::curve::p256));
  }
}

}  // namespace
