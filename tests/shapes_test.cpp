// Set shapes, wrappers, per-key error paths, storage and the callback form.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "jwkview/jwkview.hpp"
#include "test_support.hpp"

namespace {

using namespace jwkview;
using namespace jwkview::test;

std::string k(std::string_view id) {
  return rsa_key(id).json();
}

/// A key whose kid has the wrong type: a key-level error at "/kid".
std::string bad_key(std::string_view id) {
  json_object o = rsa_key(id);
  o.raw("kid", "17");
  return o.json();
}

std::vector<std::string_view> ids_of(const std::vector<key>& keys) {
  std::vector<std::string_view> out;
  for (const key& x : keys) out.push_back(x.id.value);
  return out;
}

// --- recognised shapes ----------------------------------------------------

TEST(Shapes, SingleKeyObject) {
  const std::string json = k("only");
  parser p;
  const outcome o = run(p, json);
  EXPECT_EQ(o.shape, set_shape::single_key);
  EXPECT_TRUE(o.ok);
  EXPECT_FALSE(o.document_failed);
  ASSERT_EQ(o.keys.size(), 1u);
  EXPECT_EQ(o.key_count, 1u);
  EXPECT_EQ(o.keys[0].id.value, "only");
  EXPECT_EQ(o.keys[0].index, 0u);
  EXPECT_EQ(o.keys[0].offset, 0u);
}

TEST(Shapes, BareArray) {
  const std::string json = cat({"[", k("a"), ",", k("b"), "]"});
  parser p;
  const outcome o = run(p, json);
  EXPECT_EQ(o.shape, set_shape::array);
  EXPECT_TRUE(o.ok);
  EXPECT_EQ(ids_of(o.keys), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(o.keys[1].index, 1u);
  EXPECT_EQ(o.keys[1].offset, json.find(k("b")));
}

TEST(Shapes, KeysObject) {
  const std::string json = cat({R"({"keys":[)", k("a"), ",", k("b"), "]}"});
  parser p;
  const outcome o = run(p, json);
  EXPECT_EQ(o.shape, set_shape::keys_object);
  EXPECT_TRUE(o.ok);
  EXPECT_EQ(ids_of(o.keys), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(o.keys[0].offset, 9u);
}

TEST(Shapes, JwksObject) {
  const std::string json = cat({R"({"jwks":{"keys":[)", k("a"), ",", k("b"), "]}}"});
  parser p;
  const outcome o = run(p, json);
  EXPECT_EQ(o.shape, set_shape::jwks_object);
  EXPECT_TRUE(o.ok);
  EXPECT_EQ(ids_of(o.keys), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(o.keys[0].offset, 17u);
}

TEST(Shapes, EmptySets) {
  struct row {
    const char* json;
    set_shape shape;
  };
  for (const row& r : {row{"[]", set_shape::array}, row{" [ ] ", set_shape::array},
                       row{R"({"keys":[]})", set_shape::keys_object},
                       row{R"({"jwks":{"keys":[]}})", set_shape::jwks_object}}) {
    SCOPED_TRACE(r.json);
    parser p;
    const outcome o = run(p, r.json);
    EXPECT_EQ(o.shape, r.shape);
    EXPECT_TRUE(o.ok);
    EXPECT_EQ(o.key_count, 0u);
    EXPECT_TRUE(o.keys.empty());
    EXPECT_TRUE(o.errors.empty());
  }
}

TEST(Shapes, OtherWrapperMembersAreAllowed) {
  const std::string keys_doc =
      cat({R"({"issuer":"https://example.com","meta":{"a":[1,2,{"b":null}]},"keys":[)", k("a"),
           R"(],"next":null})"});
  parser p;
  const outcome o = run(p, keys_doc);
  EXPECT_EQ(o.shape, set_shape::keys_object);
  EXPECT_TRUE(o.ok);
  EXPECT_EQ(ids_of(o.keys), (std::vector<std::string_view>{"a"}));

  const std::string jwks_doc =
      cat({R"({"x":1,"jwks":{"y":[true,false],"keys":[)", k("b"), R"(],"z":"s"},"w":{}})"});
  parser p2;
  const outcome o2 = run(p2, jwks_doc);
  EXPECT_EQ(o2.shape, set_shape::jwks_object);
  EXPECT_TRUE(o2.ok);
  EXPECT_EQ(ids_of(o2.keys), (std::vector<std::string_view>{"b"}));

  // A root object with "keys" is a set even when it also has key members.
  const std::string mixed = cat({R"({"kty":"RSA","keys":[)", k("c"), "]}"});
  parser p3;
  const outcome o3 = run(p3, mixed);
  EXPECT_EQ(o3.shape, set_shape::keys_object);
  EXPECT_TRUE(o3.ok);
  EXPECT_EQ(ids_of(o3.keys), (std::vector<std::string_view>{"c"}));
}

TEST(Shapes, WrapperNamesAreComparedDecoded) {
  const std::string json = cat({R"({"k\u0065ys":[)", k("a"), "]}"});
  parser p;
  const outcome o = run(p, json);
  EXPECT_EQ(o.shape, set_shape::keys_object);
  EXPECT_TRUE(o.ok);
  EXPECT_EQ(ids_of(o.keys), (std::vector<std::string_view>{"a"}));

  const std::string jwks = cat({R"({"\u006Awks":{"\u006beys":[)", k("b"), "]}}"});
  parser p2;
  const outcome o2 = run(p2, jwks);
  EXPECT_EQ(o2.shape, set_shape::jwks_object);
  EXPECT_EQ(ids_of(o2.keys), (std::vector<std::string_view>{"b"}));
}

TEST(Shapes, KeysAreWrittenIntoTheCallersStorage) {
  const std::string json = cat({"[", k("a"), ",", k("b"), "]"});
  parser p;
  std::array<key, 4> storage{};
  const parse_report r = p.parse_set(json, storage);
  ASSERT_EQ(r.keys().size(), 2u);
  EXPECT_EQ(r.keys().data(), storage.data());
  EXPECT_EQ(storage[1].id.value, "b");
  EXPECT_EQ(r.key_count(), 2u);
  EXPECT_EQ(r.error_count(), 0u);
}

// --- per-key error paths in each shape --------------------------------------

TEST(Shapes, PerKeyErrorPathsInEachShape) {
  const std::string elements =
      k("0") + cat({",", k("1"), ",", k("2"), ",", bad_key("3"), ",", k("4")});
  struct row {
    std::string json;
    set_shape shape;
    const char* prefix;
  };
  const row rows[] = {
      {cat({"[", elements, "]"}), set_shape::array, "/3"},
      {cat({R"({"keys":[)", elements, "]}"}), set_shape::keys_object, "/keys/3"},
      {cat({R"({"jwks":{"keys":[)", elements, "]}}"}), set_shape::jwks_object, "/jwks/keys/3"}};
  for (const row& r : rows) {
    SCOPED_TRACE(r.json.substr(0, 20));
    parser p;
    const outcome o = run(p, r.json);
    EXPECT_EQ(o.shape, r.shape);
    EXPECT_FALSE(o.document_failed);
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(ids_of(o.keys), (std::vector<std::string_view>{"0", "1", "2", "4"}));
    EXPECT_EQ(o.keys[3].index, 4u);
    EXPECT_EQ(o.key_count, 4u);
    EXPECT_EQ(o.error_count, 1u);
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_TRUE(is_error(o.errors[0], error_code::wrong_type, r.json.find("17"),
                         std::string(r.prefix) + "/kid"));
  }
  const std::string single = bad_key("s");
  parser p;
  const outcome o = run(p, single);
  EXPECT_EQ(o.shape, set_shape::single_key);
  EXPECT_FALSE(o.document_failed);
  EXPECT_TRUE(o.keys.empty());
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_TRUE(is_error(o.errors[0], error_code::wrong_type, single.find("17"), "/kid"));
}

TEST(Shapes, MissingMemberPathsInEachShape) {
  json_object missing = rsa_key("m");
  missing.erase("e");
  const std::string bad = missing.json();
  const std::string elements = k("0") + cat({",", bad});
  struct row {
    std::string json;
    const char* path;
  };
  for (const row& r :
       {row{cat({"[", elements, "]"}), "/1/e"},
        row{cat({R"({"keys":[)", elements, "]}"}), "/keys/1/e"},
        row{cat({R"({"jwks":{"keys":[)", elements, "]}}"}), "/jwks/keys/1/e"}, row{bad, "/e"}}) {
    SCOPED_TRACE(r.json);
    parser p;
    const outcome o = run(p, r.json);
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_TRUE(is_error(o.errors[0], error_code::missing_member, r.json.find(bad), r.path));
  }
}

TEST(Shapes, NonObjectElementsAreKeyLevelWrongType) {
  const std::string json = cat({"[5, ", k("a"), ", \"str\", null, [], true, ", k("b"), ", {}]"});
  parser p(rfc_options());
  const outcome o = run(p, json);
  EXPECT_EQ(o.shape, set_shape::array);
  EXPECT_FALSE(o.document_failed);
  EXPECT_EQ(ids_of(o.keys), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(o.keys[0].index, 1u);
  EXPECT_EQ(o.keys[1].index, 6u);
  EXPECT_EQ(o.error_count, 6u);
  ASSERT_EQ(o.errors.size(), 6u);
  EXPECT_TRUE(is_error(o.errors[0], error_code::wrong_type, 1, "/0"));
  EXPECT_TRUE(is_error(o.errors[1], error_code::wrong_type, json.find("\"str\""), "/2"));
  EXPECT_TRUE(is_error(o.errors[2], error_code::wrong_type, json.find("null"), "/3"));
  EXPECT_TRUE(is_error(o.errors[3], error_code::wrong_type, json.find("[]"), "/4"));
  EXPECT_TRUE(is_error(o.errors[4], error_code::wrong_type, json.find("true"), "/5"));
  // {} is an object: under rfc7517 it misses kty.
  EXPECT_TRUE(is_error(o.errors[5], error_code::missing_member, json.find("{}"), "/7/kty"));
}

TEST(Shapes, OneBadKeyDoesNotSinkTheSet) {
  json_object bad_crv = ec_key("P-256", "bad");
  bad_crv.str("crv", "P-257");
  const std::string json =
      cat({R"({"keys":[)", k("first"), ",", bad_crv.json(), ",", ec_key("P-521", "third").json(),
           ",", bad_key("fourth"), ",", k("fifth"), "]}"});
  parser p;  // okta: P-257 is unknown_value
  const outcome o = run(p, json);
  EXPECT_FALSE(o.document_failed);
  EXPECT_EQ(ids_of(o.keys), (std::vector<std::string_view>{"first", "third", "fifth"}));
  EXPECT_EQ(o.keys[0].index, 0u);
  EXPECT_EQ(o.keys[1].index, 2u);
  EXPECT_EQ(o.keys[2].index, 4u);
  EXPECT_EQ(o.key_count, 3u);
  EXPECT_EQ(o.error_count, 2u);
  ASSERT_EQ(o.errors.size(), 2u);
  EXPECT_TRUE(
      is_error(o.errors[0], error_code::unknown_value, json.find("\"P-257\""), "/keys/1/crv"));
  EXPECT_TRUE(is_error(o.errors[1], error_code::wrong_type, json.find("17"), "/keys/3/kid"));
  EXPECT_EQ(o.errors[0].cls(), error_class::schema);
}

// --- wrapper errors (document-level) ----------------------------------------

TEST(Shapes, WrongWrapperTypes) {
  const options o = okta_options();
  EXPECT_DOCUMENT_ERROR(o, R"({"keys":{}})", error_code::wrong_type, 8, "/keys");
  EXPECT_DOCUMENT_ERROR(o, R"({"keys":"[]"})", error_code::wrong_type, 8, "/keys");
  EXPECT_DOCUMENT_ERROR(o, R"({"keys":7})", error_code::wrong_type, 8, "/keys");
  EXPECT_DOCUMENT_ERROR(o, R"({"jwks":[]})", error_code::wrong_type, 8, "/jwks");
  EXPECT_DOCUMENT_ERROR(o, R"({"jwks":true})", error_code::wrong_type, 8, "/jwks");
  EXPECT_DOCUMENT_ERROR(o, R"({"jwks":{"keys":{}}})", error_code::wrong_type, 16, "/jwks/keys");
  EXPECT_DOCUMENT_ERROR(o, R"({"jwks":{"keys":"x"}})", error_code::wrong_type, 16, "/jwks/keys");
}

TEST(Shapes, WrongWrapperTypeWithAKeyInside) {
  // The key inside the misshapen wrapper is not delivered: the document is refused.
  const std::string json = cat({R"({"jwks":{"keys":{"a":)", k("a"), "}}}"});
  EXPECT_DOCUMENT_ERROR(okta_options(), json, error_code::wrong_type, 16, "/jwks/keys");
}

TEST(Shapes, JwksWithoutKeysIsMissingMember) {
  EXPECT_DOCUMENT_ERROR(okta_options(), R"({"jwks":{}})", error_code::missing_member, 8,
                        "/jwks/keys");
  EXPECT_DOCUMENT_ERROR(okta_options(), R"({"jwks":{"key":[]}})", error_code::missing_member, 8,
                        "/jwks/keys");
  parser p;
  const outcome o = run(p, R"({"jwks":{}})");
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_EQ(o.errors[0].cls(), error_class::schema);
}

TEST(Shapes, AmbiguousShape) {
  for (const char* json :
       {R"({"keys":[],"jwks":{"keys":[]}})", R"({"jwks":{"keys":[]},"keys":[]})"}) {
    SCOPED_TRACE(json);
    parser p;
    const outcome o = run(p, json);
    EXPECT_TRUE(o.document_failed);
    EXPECT_TRUE(o.keys.empty());
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_EQ(o.errors[0].code, error_code::ambiguous_shape);
    EXPECT_EQ(o.errors[0].cls(), error_class::schema);
  }
  // Keys inside are not delivered either.
  const std::string json = cat({R"({"keys":[)", k("a"), R"(],"jwks":{"keys":[)", k("b"), "]}}"});
  parser p;
  const outcome o = run(p, json);
  EXPECT_TRUE(o.keys.empty());
  EXPECT_EQ(o.key_count, 0u);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_EQ(o.errors[0].code, error_code::ambiguous_shape);
}

// A set that starts with its wrapper member is read in one pass: the
// callback form sees the first wrapper's keys before the second wrapper
// member makes the document ambiguous, and the report says so. A wrapper
// member after another member is found by a first look at the names.
TEST(Shapes, AmbiguityFoundAfterTheFirstWrapper) {
  const std::string json = cat({R"({"keys":[)", k("a"), R"(],"jwks":{"keys":[)", k("b"), "]}}"});
  parser p;
  std::vector<std::string> seen;
  const parse_report r =
      p.for_each_key(json, [&](const key& key1) { seen.emplace_back(key1.id.value); });
  EXPECT_EQ(seen, std::vector<std::string>{"a"});
  EXPECT_TRUE(r.document_failed());
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_EQ(r.errors()[0].code, error_code::ambiguous_shape);
  EXPECT_EQ(r.errors()[0].offset, 0u);

  const std::string late = cat({R"({"x":1,"jwks":{"keys":[)", k("c"), R"(]},"keys":[]})"});
  seen.clear();
  const parse_report r2 =
      p.for_each_key(late, [&](const key& key1) { seen.emplace_back(key1.id.value); });
  EXPECT_TRUE(seen.empty());
  ASSERT_EQ(r2.errors().size(), 1u);
  EXPECT_EQ(r2.errors()[0].code, error_code::ambiguous_shape);

  const std::string wrapped_later = cat({R"({"x":1,"keys":[)", k("d"), "]}"});
  const outcome o = run(p, wrapped_later);
  EXPECT_EQ(o.shape, set_shape::keys_object);
  ASSERT_EQ(o.keys.size(), 1u);
  EXPECT_EQ(o.keys[0].id.value, "d");
}

// A root object that does not start with a wrapper member is read as one
// key while its names are watched; only a wrapper name among its own members
// (or a reading that stopped early) has it read again as a set, and then
// nothing of the first reading shows: no key, no key error, no warning.
TEST(Shapes, ARootObjectIsReadAsOneKeyFirst) {
  parser p;
  // Wrapper names deeper down are only members of the key's values.
  const std::string nested =
      rsa_key("n").raw("meta", R"({"keys":[],"jwks":{}})").raw("x-keys", R"(["keys"])").json();
  const outcome one = run(p, nested);
  EXPECT_EQ(one.shape, set_shape::single_key);
  EXPECT_TRUE(one.ok);
  EXPECT_EQ(ids_of(one.keys), (std::vector<std::string_view>{"n"}));

  // The first reading met a key error (a private member) and a warning (a
  // short x5t), then "keys": the set's one key is all there is.
  const std::string wrapper =
      cat({R"({"x5t":")", octets(21), R"(","d":"secret","keys":[)", k("w"), "]}"});
  const outcome set = run(p, wrapper);
  EXPECT_EQ(set.shape, set_shape::keys_object);
  EXPECT_TRUE(set.ok);
  EXPECT_TRUE(set.errors.empty());
  EXPECT_TRUE(set.warnings.empty());
  EXPECT_EQ(ids_of(set.keys), (std::vector<std::string_view>{"w"}));

  // Both names, after key members: ambiguous, as when they come first.
  const outcome both = run(p, R"({"kty":"RSA","jwks":{"keys":[]},"keys":[]})");
  EXPECT_TRUE(both.document_failed);
  ASSERT_EQ(both.errors.size(), 1u);
  EXPECT_EQ(both.errors[0].code, error_code::ambiguous_shape);

  // The first reading stops at too many unknown names; "keys" after them
  // still makes the document a set, read as before the change.
  options few;
  few.limits.max_unknown_members = 2;
  parser q(few);
  const std::string crowded = cat({R"({"a":1,"b":2,"c":3,"keys":[)", k("c"), "]}"});
  const outcome many = run(q, crowded);
  EXPECT_TRUE(many.document_failed);
  EXPECT_TRUE(many.keys.empty());
  ASSERT_EQ(many.errors.size(), 1u);
  EXPECT_TRUE(is_error(many.errors[0], error_code::too_many_members, crowded.find("\"c\""),
                       "/c"));
}

TEST(Shapes, DuplicateWrapperMembers) {
  const options o = okta_options();
  {
    const std::string json = R"({"keys":[],"keys":[]})";
    EXPECT_DOCUMENT_ERROR(o, json, error_code::duplicate_member, json.rfind("\"keys\""), "/keys");
  }
  {
    const std::string json = R"({"keys":[],"k\u0065ys":[]})";
    EXPECT_DOCUMENT_ERROR(o, json, error_code::duplicate_member, json.find("\"k\\u0065ys\""),
                          "/keys");
  }
  {
    const std::string json = R"({"a":1,"keys":[],"a":2})";
    EXPECT_DOCUMENT_ERROR(o, json, error_code::duplicate_member, json.rfind("\"a\""), "/a");
  }
  {
    const std::string json = R"({"jwks":{"keys":[],"keys":[]}})";
    EXPECT_DOCUMENT_ERROR(o, json, error_code::duplicate_member, json.rfind("\"keys\""),
                          "/jwks/keys");
  }
  {
    const std::string json = R"({"jwks":{"keys":[],"m":0,"\u006d":1}})";
    EXPECT_DOCUMENT_ERROR(o, json, error_code::duplicate_member, json.find("\"\\u006d\""),
                          "/jwks/m");
  }
  {
    const std::string json = R"({"jwks":{"keys":[]},"jwks":{"keys":[]}})";
    EXPECT_DOCUMENT_ERROR(o, json, error_code::duplicate_member, json.rfind("\"jwks\""), "/jwks");
  }
}

// parse_set is all or nothing: a report that failed holds no key, even
// when valid keys came before the failure.
TEST(Shapes, AFailedReportHoldsNoKey) {
  const std::string two = cat({k("a"), ",", k("b")});
  for (const std::string& json : std::vector<std::string>{
           cat({R"({"keys":[)", two}),                              // truncated download
           cat({R"({"keys":[)", two, R"(],"keys":[]})"}),           // second "keys"
           cat({R"({"jwks":{"keys":[)", two, R"(]},"jwks":{}})"}),  // second "jwks"
           cat({R"({"keys":[)", two, R"(],"jwks":{"keys":[]}})"}),  // ambiguous
           cat({"[", two, "]}"}),                                   // an extra '}'
           cat({"[", two, ",", k("c"), "]"}),                       // storage_full
       }) {
    SCOPED_TRACE(json);
    parser p;
    const outcome o = run(p, json, 2);
    EXPECT_TRUE(o.document_failed);
    EXPECT_TRUE(o.keys.empty());
    EXPECT_EQ(o.key_count, 0u);
    EXPECT_EQ(o.errors.size(), 1u);
  }
}

TEST(Shapes, WrapperMembersAreValidatedAsJson) {
  const std::string json = R"({"keys":[],"extra":[1,2,tru]})";
  EXPECT_DOCUMENT_ERROR(okta_options(), json, error_code::invalid_literal, json.find("tru]"),
                        "/extra/2");
}

TEST(Shapes, UnexpectedRoot) {
  struct row {
    const char* json;
    std::size_t offset;
  };
  for (const row& r : {row{"42", 0}, row{"\"s\"", 0}, row{"true", 0}, row{"false", 0},
                       row{"null", 0}, row{"  -1.5e3 ", 2}, row{"\n\"[]\"", 1}}) {
    SCOPED_TRACE(r.json);
    EXPECT_DOCUMENT_ERROR(okta_options(), r.json, error_code::unexpected_root, r.offset, "");
    parser p;
    const outcome o = run(p, r.json);
    EXPECT_EQ(o.shape, set_shape::none);
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_EQ(o.errors[0].cls(), error_class::schema);
  }
}

// --- document-level errors yield no keys --------------------------------------

TEST(Shapes, SyntaxErrorYieldsNoKeys) {
  {
    const std::string json = cat({"[", k("a"), ",", k("b")});
    parser p;
    const outcome o = run(p, json);
    EXPECT_TRUE(o.keys.empty());
    EXPECT_EQ(o.key_count, 0u);
    EXPECT_TRUE(o.document_failed);
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_TRUE(is_error(o.errors[0], error_code::truncated, json.size(), ""));
    EXPECT_EQ(o.errors[0].cls(), error_class::syntax);
  }
  {
    const std::string json = cat({R"({"keys":[)", k("a"), "]} x"});
    EXPECT_DOCUMENT_ERROR(okta_options(), json, error_code::trailing_content, json.size() - 1, "");
  }
  {
    // A key-level error before the syntax error is dropped: the report holds
    // exactly the document error.
    const std::string json = cat({"[", bad_key("bad"), ",", k("good"), ",]"});
    EXPECT_DOCUMENT_ERROR(okta_options(), json, error_code::unexpected_character, json.size() - 1,
                          "/2");
  }
}

TEST(Shapes, StorageFull) {
  const std::string json = cat({R"({"keys":[)", k("a"), ",", k("b"), ",", k("c"), "]}"});
  {
    parser p;
    const outcome o = run(p, json, 2);
    EXPECT_TRUE(o.keys.empty());
    EXPECT_EQ(o.key_count, 0u);
    EXPECT_TRUE(o.document_failed);
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_TRUE(is_error(o.errors[0], error_code::storage_full, json.find(k("c")), "/keys/2"));
    EXPECT_EQ(o.errors[0].cls(), error_class::limit);
  }
  {
    parser p;
    const outcome o = run(p, json, 3);
    EXPECT_TRUE(o.ok);
    EXPECT_EQ(o.keys.size(), 3u);
  }
  {
    parser p;
    const outcome o = run(p, k("single"), 0);
    EXPECT_TRUE(o.keys.empty());
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_TRUE(is_error(o.errors[0], error_code::storage_full, 0, ""));
  }
  {
    parser p;
    const outcome o = run(p, "[]", 0);
    EXPECT_TRUE(o.ok);
  }
  {
    // Bad keys take no storage.
    const std::string mixed = cat({"[", bad_key("x"), ",", k("y"), "]"});
    parser p;
    const outcome o = run(p, mixed, 1);
    EXPECT_FALSE(o.document_failed);
    EXPECT_EQ(ids_of(o.keys), (std::vector<std::string_view>{"y"}));
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_EQ(o.errors[0].code, error_code::wrong_type);
  }
}

// --- callback form ------------------------------------------------------------

TEST(Shapes, ForEachKeyDeliversInDocumentOrder) {
  const std::string json =
      cat({R"({"jwks":{"keys":[)", k("a"), ",", bad_key("x"), ",", k("b"), ",", k("c"), "]}}"});
  parser p;
  std::vector<std::string> seen;
  std::vector<std::size_t> indices;
  const parse_report r = p.for_each_key(json, [&](const key& key1) {
    seen.emplace_back(key1.id.value);
    indices.push_back(key1.index);
    return next::go;
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(indices, (std::vector<std::size_t>{0, 2, 3}));
  EXPECT_EQ(r.key_count(), 3u);
  EXPECT_TRUE(r.keys().empty());
  EXPECT_EQ(r.shape(), set_shape::jwks_object);
  EXPECT_FALSE(r.stopped());
  EXPECT_FALSE(r.document_failed());
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_TRUE(is_error(r.errors()[0], error_code::wrong_type, json.find("17"), "/jwks/keys/1/kid"));
}

TEST(Shapes, ForEachKeyStop) {
  const std::string json = cat({"[", k("a"), ",", k("b"), ",", k("c"), "]"});
  parser p;
  int calls = 0;
  const parse_report r = p.for_each_key(json, [&](const key& key1) {
    ++calls;
    return key1.id.value == "b" ? next::stop : next::go;
  });
  EXPECT_EQ(calls, 2);
  EXPECT_TRUE(r.stopped());
  EXPECT_EQ(r.key_count(), 2u);
  EXPECT_FALSE(r.document_failed());
  EXPECT_TRUE(r.ok());
}

TEST(Shapes, ForEachKeyVoidCallback) {
  const std::string json = cat({"[", k("a"), ",", k("b"), "]"});
  parser p;
  std::vector<std::string> seen;
  const parse_report r =
      p.for_each_key(json, [&](const key& key1) { seen.emplace_back(key1.id.value); });
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.key_count(), 2u);
  EXPECT_FALSE(r.stopped());
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.shape(), set_shape::array);
}

TEST(Shapes, ForEachKeySingleKeyAndFunctionObject) {
  struct counter {
    int calls = 0;
    next operator()(const key&) {
      ++calls;
      return next::go;
    }
  };
  counter c;
  const std::string json = k("one");
  parser p;
  const parse_report r = p.for_each_key(json, c);
  EXPECT_EQ(c.calls, 1);
  EXPECT_EQ(r.key_count(), 1u);
  EXPECT_EQ(r.shape(), set_shape::single_key);
}

TEST(Shapes, ForEachKeyReportsSyntaxErrorAfterKeys) {
  const std::string json = cat({"[", k("a"), ",", k("b"), ","});
  parser p;
  std::size_t calls = 0;
  const parse_report r = p.for_each_key(json, [&](const key&) { ++calls; });
  EXPECT_TRUE(r.document_failed());
  EXPECT_EQ(r.key_count(), calls);
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_EQ(r.errors()[0].code, error_code::truncated);
  EXPECT_EQ(r.errors()[0].offset, json.size());
}

TEST(Shapes, ForEachKeyTrailingContentAfterBadElement) {
  parser p;
  int calls = 0;
  const parse_report r = p.for_each_key(std::string_view("[1]x"), [&](const key&) { ++calls; });
  EXPECT_EQ(calls, 0);
  EXPECT_TRUE(r.document_failed());
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_EQ(r.errors()[0].code, error_code::trailing_content);
}

// --- parse_key ----------------------------------------------------------------

TEST(Shapes, ParseKeySingleObject) {
  const std::string json = cat({"  ", k("solo")});
  parser p;
  const result<key> res = p.parse_key(json);
  ASSERT_TRUE(res.has_value());
  ASSERT_TRUE(static_cast<bool>(res));
  EXPECT_EQ(res.error().code, error_code::ok);
  EXPECT_EQ(res->id.value, "solo");
  EXPECT_EQ((*res).index, 0u);
  EXPECT_EQ(res.value().offset, 2u);
  EXPECT_TRUE(res->kty.is(key_type::rsa));
  EXPECT_TRUE(inside(res->n.value, json));
}

TEST(Shapes, ParseKeyRefusesNonObjects) {
  for (const char* json : {"[]", "42", "\"s\"", "null"}) {
    SCOPED_TRACE(json);
    parser p;
    const result<key> res = p.parse_key(json);
    EXPECT_FALSE(res.has_value());
    EXPECT_TRUE(is_error(res.error(), error_code::unexpected_root, 0, ""));
  }
  const std::string arr = cat({"[", k("a"), "]"});
  parser p;
  const result<key> res = p.parse_key(arr);
  EXPECT_FALSE(res.has_value());
  EXPECT_TRUE(is_error(res.error(), error_code::unexpected_root, 0, ""));
}

TEST(Shapes, ParseKeyErrors) {
  {
    const std::string json = bad_key("b");
    parser p;
    const result<key> res = p.parse_key(json);
    EXPECT_FALSE(res.has_value());
    EXPECT_TRUE(is_error(res.error(), error_code::wrong_type, json.find("17"), "/kid"));
    EXPECT_EQ(res.error().cls(), error_class::schema);
  }
  {
    json_object o = rsa_key();
    o.erase("n");
    const std::string json = o.json();
    parser p;
    const result<key> res = p.parse_key(json);
    EXPECT_TRUE(is_error(res.error(), error_code::missing_member, 0, "/n"));
  }
  {
    const std::string json = k("t").substr(0, 20);
    parser p;
    const result<key> res = p.parse_key(json);
    EXPECT_FALSE(res.has_value());
    EXPECT_EQ(res.error().cls(), error_class::syntax);
  }
  {
    parser p;
    const result<key> res = p.parse_key(std::string_view(""));
    EXPECT_TRUE(is_error(res.error(), error_code::empty_document, 0, ""));
  }
}

TEST(Shapes, ParserIsReusable) {
  parser p;
  const std::string first = cat({"[", k("a"), "]"});
  const outcome o1 = run(p, first);
  EXPECT_TRUE(o1.ok);
  const std::string second = "42";
  const outcome o2 = run(p, second);
  EXPECT_TRUE(o2.document_failed);
  const std::string third = cat({R"({"keys":[)", k("c"), "]}"});
  const outcome o3 = run(p, third);
  EXPECT_TRUE(o3.ok);
  EXPECT_EQ(o3.shape, set_shape::keys_object);
  EXPECT_EQ(ids_of(o3.keys), (std::vector<std::string_view>{"c"}));
}

TEST(Shapes, MaxReportedErrors) {
  options opts;
  opts.max_reported_errors = 2;
  std::string json = "[";
  for (int i = 0; i < 5; ++i) json += cat({bad_key(std::to_string(i)), ","});
  json += k("good") + "]";
  parser p(opts);
  const outcome o = run(p, json);
  EXPECT_FALSE(o.document_failed);
  EXPECT_EQ(o.error_count, 5u);
  ASSERT_EQ(o.errors.size(), 2u);
  EXPECT_EQ(o.errors[0].path(), "/0/kid");
  EXPECT_EQ(o.errors[1].path(), "/1/kid");
  EXPECT_EQ(ids_of(o.keys), (std::vector<std::string_view>{"good"}));
  EXPECT_EQ(o.keys[0].index, 5u);
}

TEST(Shapes, ForEachKeyStopDoesNotReadTheRest) {
  const std::string json = cat({"[", k("a"), ",", bad_key("b"), ",", k("c"), "]"});
  parser p;
  int calls = 0;
  const parse_report r = p.for_each_key(json, [&](const key&) {
    ++calls;
    return next::stop;
  });
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(r.stopped());
  EXPECT_EQ(r.key_count(), 1u);
  EXPECT_TRUE(r.errors().empty());
  EXPECT_FALSE(r.document_failed());
}

TEST(Shapes, LargeSet) {
  std::string json = R"({"keys":[)";
  std::vector<std::size_t> offsets;
  for (int i = 0; i < 300; ++i) {
    if (i != 0) json += ",\n";
    offsets.push_back(json.size());
    json += (i % 7 == 3) ? bad_key(std::to_string(i)) : k(std::to_string(i));
  }
  json += "]}";
  parser p;
  const outcome o = run(p, json, 300);
  EXPECT_FALSE(o.document_failed);
  EXPECT_EQ(o.error_count, 43u);  // i % 7 == 3 for i in [0, 300)
  ASSERT_EQ(o.keys.size(), 257u);
  std::size_t next_key = 0;
  for (std::size_t i = 0; i < 300; ++i) {
    if (i % 7 == 3) continue;
    const key& x = o.keys[next_key++];
    EXPECT_EQ(x.index, i);
    EXPECT_EQ(x.offset, offsets[i]);
    EXPECT_EQ(x.id.value, std::to_string(i));
  }
  ASSERT_EQ(o.errors.size(), 43u);
  EXPECT_EQ(o.errors[42].path(), "/keys/297/kid");
}

TEST(Shapes, OnlyTopLevelNamesChooseTheShape) {
  // "keys" and "jwks" nested in a key's members do not make a set.
  json_object key_with_nested = rsa_key("nested");
  key_with_nested.raw("meta", R"({"keys":[],"jwks":{"keys":[]}})");
  const std::string json = key_with_nested.json();
  parser p;
  const outcome o = run(p, json);
  EXPECT_EQ(o.shape, set_shape::single_key);
  EXPECT_TRUE(o.ok);
  EXPECT_EQ(ids_of(o.keys), (std::vector<std::string_view>{"nested"}));
}

}  // namespace
