// Equality and hashing of keys (compare.hpp) and owned copies (owned_key.hpp).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "test_support.hpp"

namespace jwkview {
namespace {

using test::cat;

std::string response_of(const key& k) {
  std::string out(write_key(k, write_form::response, {}).value, '\0');
  EXPECT_TRUE(write_key(k, write_form::response, out).has_value());
  return out;
}

/// Parses `json` as one key with a parser of its own and returns an owned
/// copy; the parser and a private copy of the text are gone on return.
owned_key owned_from(std::string_view json, const options& opts = {}) {
  auto text = std::make_unique<std::string>(json);
  auto p = std::make_unique<parser>(opts);
  const result<key> k = p->parse_key(*text);
  EXPECT_TRUE(k.has_value()) << name_of(k.error().code) << " in " << json;
  return k.has_value() ? to_owned(*k) : owned_key();
}

// Escapes everywhere, so views point into the parser's scratch space, and
// every list (key_ops, x5c, hints.allow) with escaped and plain entries.
const std::string kEverything =
    cat({R"({"id":"i\u0064","created":null,"lastUpdated":"2024","status":"ACTIVE","kty":"RSA",)",
         R"("kid":"k\n\u00e9","alg":"RS256","use":"sig","e":"AQAB","n":")", test::kRsaN,
         R"(","key_ops":["verify","x\u0000y","v\u0065rify2"],"x5u":"https:\/\/x","x5c":[")",
         test::kCert, R"(","AAEC\/w=="],"x5t":")", test::kX5t, R"(","x5t#S256":")", test::kX5tS256,
         R"(","_links":{"activate":{"href":"h\/a","name":"n","type":"t","templated":true,)",
         R"("hints":{"allow":["GET","P\u004fST"]}},"deactivate":{"href":"d"},)",
         R"("delete":{"href":"x","hints":{}}}})"});

TEST(Compare, EqualKeysFromDifferentTextAndPositions) {
  parser a(test::rfc_options());
  parser b(test::rfc_options());
  const key ka = test::parse_valid(a, R"({"kty":"oct","kid":"a\/b","x5u":"u"})");
  const test::outcome o =
      test::run(b, R"([{"kty":"oct"},  {"x5u":"\u0075","kid":"a/b","kty":"o\u0063t"}])");
  ASSERT_EQ(o.keys.size(), 2u);
  const key& kb = o.keys[1];
  EXPECT_FALSE(ka == o.keys[0]);
  EXPECT_NE(ka.offset, kb.offset);
  EXPECT_TRUE(ka == kb);
  EXPECT_EQ(hash_value(ka), hash_value(kb));
  EXPECT_EQ(std::hash<key>{}(ka), hash_value(kb));
}

TEST(Compare, PresenceAndValuesMatter) {
  const std::vector<std::string> variants = {
      R"({"kty":"oct"})",
      R"({"kty":"oct","kid":null})",
      R"({"kty":"oct","kid":""})",
      R"({"kty":"oct","kid":"a"})",
      R"({"kty":"oct","kid":"b"})",
      R"({"kty":"foo"})",
      R"({"kty":"bar"})",
      R"({"kty":"oct","alg":null})",
      R"({"kty":"oct","alg":"HS256"})",
      R"({"kty":"oct","alg":"HS2566"})",
      R"({"kty":"oct","key_ops":[]})",
      R"({"kty":"oct","key_ops":["sign"]})",
      R"({"kty":"oct","key_ops":["sign","verify"]})",
      R"({"kty":"oct","key_ops":["verify","sign"]})",
      R"({"kty":"oct","x5c":[]})",
      R"({"kty":"oct","x5c":["AAAA"]})",
      R"({"kty":"oct","_links":{}})",
      R"({"kty":"oct","_links":{"delete":{"href":"a"}}})",
      R"({"kty":"oct","_links":{"delete":{"href":"a","templated":false}}})",
      R"({"kty":"oct","_links":{"delete":{"href":"a","templated":true}}})",
      R"({"kty":"oct","_links":{"delete":{"href":"a","hints":{}}}})",
      R"({"kty":"oct","_links":{"delete":{"href":"a","hints":{"allow":[]}}}})",
      R"({"kty":"oct","_links":{"activate":{"href":"a"}}})",
  };
  std::vector<owned_key> keys;
  for (const std::string& v : variants) keys.push_back(owned_from(v, test::rfc_options()));
  for (std::size_t i = 0; i < keys.size(); ++i) {
    for (std::size_t j = 0; j < keys.size(); ++j) {
      EXPECT_EQ(keys[i] == keys[j], i == j) << variants[i] << " vs " << variants[j];
      EXPECT_EQ(keys[i].view() == keys[j].view(), i == j);
    }
  }
  std::unordered_set<std::size_t> hashes;
  for (const owned_key& k : keys) hashes.insert(std::hash<owned_key>{}(k));
  EXPECT_EQ(hashes.size(), keys.size());  // no collision among these
}

TEST(Compare, EnumsCompareTheirText) {
  key spelled;
  spelled.kty = {key_type::rsa, "RSA", presence::value};
  key typed;  // built by hand, no text
  typed.kty.value = key_type::rsa;
  typed.kty.state = presence::value;
  EXPECT_TRUE(spelled == typed);
  EXPECT_EQ(hash_value(spelled), hash_value(typed));
  key other;
  other.kty = {key_type::unknown, "rsa", presence::value};
  EXPECT_FALSE(spelled == other);
  key null_kty;
  null_kty.kty.state = presence::null;
  EXPECT_FALSE(typed == null_kty);
  EXPECT_TRUE(null_kty == null_kty);
}

TEST(Compare, IgnoresWhatTheResponseFormDoesNotWrite) {
  // Contents under an absent link or absent hints play no part.
  key a;
  a.links.delete_.href = {"x", presence::value};
  a.links.activate.hints = presence::absent;
  a.links.activate.allow.state = presence::value;
  const key b{};
  EXPECT_TRUE(a == b);
  EXPECT_EQ(hash_value(a), hash_value(b));
}

TEST(OwnedKey, SurvivesTheInputAndTheParser) {
  const owned_key owned = owned_from(kEverything, test::rfc_options());
  // Everything that made it is gone; parse the same text again to compare.
  parser p(test::rfc_options());
  const std::string text = kEverything;
  const key fresh = test::parse_valid(p, text);
  EXPECT_TRUE(owned == fresh);
  EXPECT_TRUE(fresh == owned);
  EXPECT_EQ(std::hash<owned_key>{}(owned), std::hash<key>{}(fresh));
  EXPECT_EQ(response_of(owned.view()), response_of(fresh));
  EXPECT_EQ(owned->kid.value, "k\n\xC3\xA9");
  EXPECT_EQ(owned->links.activate.allow.entries[1], "POST");
  EXPECT_EQ(owned->key_ops.entries[1], std::string_view("x\0y", 3));
  EXPECT_EQ(owned->x5c.value[1], "AAEC/w==");
  EXPECT_EQ(owned->index, fresh.index);
  EXPECT_GT(owned.owned_bytes(), test::kRsaN.size());
  // No view points into anything but the owned_key.
  EXPECT_FALSE(test::inside(owned->n.value, text));
}

TEST(OwnedKey, CopiesAndMovesHaveTheirOwnViews) {
  // Small keys live in std::string's inline buffer, large ones on the heap:
  // both must come through copies, moves and vector growth.
  const std::vector<std::string> jsons = {R"({"kty":"oct"})", R"({"kty":"oct","kid":"\t"})",
                                          kEverything};
  for (const std::string& json : jsons) {
    SCOPED_TRACE(json);
    parser p(test::rfc_options());
    const key k = test::parse_valid(p, json);
    owned_key a = to_owned(k);
    owned_key b = a;  // copy
    EXPECT_TRUE(b == k);
    owned_key c = std::move(a);  // move
    EXPECT_TRUE(c == k);
    EXPECT_TRUE(a == key{});  // NOLINT(bugprone-use-after-move): moved-from is empty
    a = c;                    // copy-assign
    EXPECT_TRUE(a == k);
    b = std::move(c);  // move-assign
    EXPECT_TRUE(b == k);
    const owned_key& same = b;
    b = same;  // self-assignment keeps the key
    EXPECT_TRUE(b == k);
    std::vector<owned_key> many;
    for (int i = 0; i < 40; ++i) many.push_back(to_owned(k));  // reallocates
    for (const owned_key& m : many) EXPECT_TRUE(m == k);
    EXPECT_EQ(response_of(many.back().view()), response_of(k));
  }
}

TEST(OwnedKey, InUnorderedSet) {
  std::unordered_set<owned_key> set;
  set.insert(owned_from(R"({"kty":"oct","kid":"a"})", test::rfc_options()));
  set.insert(owned_from(R"({"kty":"oct","kid":"\u0061"})", test::rfc_options()));
  set.insert(owned_from(R"({"kty":"oct","kid":"b"})", test::rfc_options()));
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(set.count(owned_from(R"({"kid":"b","kty":"oct"})", test::rfc_options())), 1u);
}

TEST(OwnedKey, DefaultIsTheEmptyKey) {
  const owned_key empty;
  EXPECT_TRUE(empty == key{});
  EXPECT_EQ(empty.owned_bytes(), 0u);
  EXPECT_EQ(response_of(empty.view()), "{}");
}

TEST(OwnedKey, WriteSetOfOwnedKeys) {
  std::vector<owned_key> keys;
  keys.push_back(owned_from(R"({"kty":"oct","kid":"a"})", test::rfc_options()));
  keys.push_back(owned_from(R"({"kty":"oct","kid":"b","status":"ACTIVE"})", test::rfc_options()));
  std::string out(64, '\0');
  const auto r = write_set(std::span<const owned_key>(keys), write_form::jwk, out);
  ASSERT_TRUE(r.has_value());
  out.resize(r.value);
  EXPECT_EQ(out, R"({"keys":[{"kty":"oct","kid":"a"},{"kty":"oct","kid":"b"}]})");
}

}  // namespace
}  // namespace jwkview
