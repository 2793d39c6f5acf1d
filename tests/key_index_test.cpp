// The kid / thumbprint index over a parsed set.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace jwkview {
namespace {

using test::json_object;

/// A stand-in thumbprint for the index tests: the kid's bytes (or the key's
/// position for keys without kid), so the tests need no libcrypto. The real
/// one is tested in thumbprint_test.
bool fake_thumbprint(const key& k, key_index::digest& out) noexcept {
  out.fill(0);
  const std::string_view src = k.kid.has_value() ? k.kid.value : k.x.value;
  std::memcpy(out.data(), src.data(), std::min(src.size(), out.size()));
  out[31] = static_cast<std::uint8_t>(k.index);
  return true;
}

struct parsed {
  parser p{test::rfc_options()};
  std::vector<key> keys = std::vector<key>(256);
  std::span<const key> set;
  std::string json;
  explicit parsed(std::vector<std::string> objects) {
    json = "{\"keys\":[";
    for (std::size_t i = 0; i < objects.size(); ++i) {
      if (i != 0) json += ',';
      json += objects[i];
    }
    json += "]}";
    const parse_report r = p.parse_set(json, keys);
    EXPECT_TRUE(r.ok()) << json;
    set = r.keys();
  }
};

std::string rsa_with(std::string_view kid, std::string_view alg = {}, std::string_view use = {}) {
  json_object k = test::rsa_key();
  k.erase("id").str("kid", kid);
  if (!alg.empty()) k.str("alg", alg);
  if (!use.empty()) k.str("use", use);
  return k.json();
}
std::string ec_with(std::string_view kid, std::string_view crv, std::string_view alg = {}) {
  json_object k = test::ec_key(crv);
  k.erase("id").str("kid", kid);
  if (!alg.empty()) k.str("alg", alg);
  return k.json();
}

/// The index of a found key, -1 for nullptr.
long index_of(const key* k) {
  return k == nullptr ? -1 : static_cast<long>(k->index);
}

TEST(KeyIndex, SlotsNeeded) {
  EXPECT_EQ(key_index::slots_needed(0), 2u);
  EXPECT_EQ(key_index::slots_needed(1), 2u);
  EXPECT_EQ(key_index::slots_needed(3), 8u);
  EXPECT_EQ(key_index::slots_needed(50), 128u);
  EXPECT_EQ(sizeof(key_index::slot), 64u);
}

TEST(KeyIndex, FindsEveryKidOfALargeSet) {
  std::vector<std::string> objects;
  for (int i = 0; i < 200; ++i) objects.push_back(rsa_with("kid-" + std::to_string(i)));
  parsed s(objects);
  ASSERT_EQ(s.set.size(), 200u);
  std::vector<key_index::slot> slots(key_index::slots_needed(200));
  key_index idx;
  ASSERT_EQ(idx.build(s.set, slots), error_code::ok);
  EXPECT_EQ(idx.size(), 200u);
  EXPECT_EQ(idx.duplicate_kids(), 0u);
  for (int i = 0; i < 200; ++i) {
    const std::string kid = "kid-" + std::to_string(i);
    const key* k = idx.find(kid);
    ASSERT_NE(k, nullptr) << kid;
    EXPECT_EQ(k->index, static_cast<std::size_t>(i));
    EXPECT_EQ(idx.count(kid), 1u);
    EXPECT_FALSE(idx.is_duplicate(*k));
  }
  EXPECT_EQ(idx.find("kid-200"), nullptr);
  EXPECT_EQ(idx.find(""), nullptr);
  EXPECT_EQ(idx.find("kid-1 "), nullptr);
  EXPECT_EQ(idx.find_thumbprint(key_index::digest{}), nullptr);
}

TEST(KeyIndex, RepeatedKidsByAlgAndUse) {
  parsed s({rsa_with("a", "RS256", "sig"), ec_with("a", "P-256", "ES256"), rsa_with("a", {}, "enc"),
            ec_with("b", "P-384"), rsa_with("c", "RS256"), ec_with("a", "P-521")});
  ASSERT_EQ(s.set.size(), 6u);
  std::array<key_index::slot, key_index::slots_needed(6)> slots;
  key_index idx;
  ASSERT_EQ(idx.build(s.set, slots), error_code::ok);
  EXPECT_EQ(idx.duplicate_kids(), 3u);
  EXPECT_EQ(idx.count("a"), 4u);
  EXPECT_EQ(index_of(idx.find("a")), 0);
  EXPECT_EQ(index_of(idx.find("a", algorithm::rs256)), 0);
  EXPECT_EQ(index_of(idx.find("a", algorithm::es256)), 1);
  EXPECT_EQ(index_of(idx.find("a", algorithm::es512)), 5);  // no alg, but P-521 fits
  EXPECT_EQ(index_of(idx.find("a", algorithm::ps256)), 2);  // the RSA key without alg
  EXPECT_EQ(index_of(idx.find("a", algorithm::ps256, key_use::sig)), -1);   // key 2 is enc
  EXPECT_EQ(index_of(idx.find("a", algorithm::es512, key_use::sig)), 5);    // use absent counts
  EXPECT_EQ(index_of(idx.find("a", algorithm::unknown, key_use::enc)), 1);  // first without use sig
  EXPECT_EQ(index_of(idx.find("a", algorithm::rs256, key_use::enc)), 2);    // no alg, RSA fits
  EXPECT_EQ(idx.find("a", algorithm::es384, key_use::enc), nullptr);
  EXPECT_EQ(idx.find("a", algorithm::es384), nullptr);
  EXPECT_EQ(index_of(idx.find("b", algorithm::es384)), 3);
  EXPECT_EQ(idx.find("b", algorithm::es256), nullptr);
  EXPECT_EQ(idx.find("c", algorithm::rs512), nullptr);  // alg given and different

  std::vector<std::size_t> chain;
  for (const key* k = idx.find("a"); k != nullptr; k = idx.next_with_same_kid(*k)) {
    chain.push_back(k->index);
  }
  EXPECT_EQ(chain, (std::vector<std::size_t>{0, 1, 2, 5}));
  EXPECT_FALSE(idx.is_duplicate(s.set[0]));
  EXPECT_TRUE(idx.is_duplicate(s.set[1]));
  EXPECT_TRUE(idx.is_duplicate(s.set[5]));
  EXPECT_FALSE(idx.is_duplicate(s.set[3]));
  const key outsider;
  EXPECT_FALSE(idx.is_duplicate(outsider));
  EXPECT_EQ(idx.next_with_same_kid(outsider), nullptr);
}

TEST(KeyIndex, Thumbprints) {
  json_object no_kid = test::okp_key("Ed25519");
  no_kid.erase("id");
  parsed s({rsa_with("one"), ec_with("two", "P-256"), no_kid.json()});
  std::array<key_index::slot, key_index::slots_needed(3)> slots;
  key_index idx;
  ASSERT_EQ(idx.build(s.set, slots, &fake_thumbprint), error_code::ok);
  EXPECT_EQ(idx.keys_without_kid(), 1u);
  EXPECT_EQ(idx.keys_with_thumbprint(), 3u);
  for (const key& k : s.set) {
    key_index::digest d{};
    ASSERT_TRUE(fake_thumbprint(k, d));
    EXPECT_EQ(idx.find_thumbprint(d), &k);
    std::string text(43, '?');
    ASSERT_TRUE(base64url_encode(d, text));
    EXPECT_EQ(idx.find_thumbprint(text), &k);
    EXPECT_EQ(idx.find_thumbprint(std::string(thumbprint_uri_prefix) + text), &k);
    EXPECT_EQ(idx.find_thumbprint(text.substr(1)), nullptr);
  }
  key_index::digest other{};
  other[0] = 1;
  EXPECT_EQ(idx.find_thumbprint(other), nullptr);
  EXPECT_EQ(idx.find_thumbprint("not base64url at all, not 43 characters!!!"), nullptr);
}

TEST(KeyIndex, StorageTooSmallLeavesAnEmptyIndex) {
  parsed s({rsa_with("one"), rsa_with("two"), rsa_with("three")});
  std::array<key_index::slot, 4> slots;
  key_index idx;
  EXPECT_EQ(idx.build(s.set, slots), error_code::buffer_too_small);
  EXPECT_EQ(idx.size(), 0u);
  EXPECT_EQ(idx.find("one"), nullptr);
  key_index empty;
  EXPECT_EQ(empty.find("one"), nullptr);
  EXPECT_EQ(empty.count("one"), 0u);
  EXPECT_EQ(empty.find_thumbprint(key_index::digest{}), nullptr);
  EXPECT_EQ(idx.build({}, slots), error_code::ok);
  EXPECT_EQ(idx.find("one"), nullptr);
}

}  // namespace
}  // namespace jwkview
