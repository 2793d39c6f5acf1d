// Parsing is linear in the input, whatever it holds: measured without a
// clock, as the bytes the escape scan reads (parse_report::scan_bytes).
//
// Keys that leave the fast path (an unrecognised member, key_ops, x5c, a
// null) are read again from their '{'. Once, a rewind reset the escape
// scan's cache, so every such key scanned the rest of the document again:
// 40,000 keys took over 10 s.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jwkview/jwkview.hpp"
#include "test_support.hpp"

namespace {

using namespace jwkview;
using namespace jwkview::test;

// A set of `n` keys, each given `extra` (a member that takes the full mapper).
std::string set_of(std::size_t n, std::string_view extra_name, std::string_view extra_json,
                   bool escapes) {
  std::string out = R"({"keys":[)";
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0) out += ',';
    json_object k = rsa_key(std::to_string(i));
    k.erase("id").raw(extra_name, extra_json);
    if (escapes) k.raw("kid", R"("a\/b")");
    out += k.json();
  }
  return out + "]}";
}

struct measured {
  std::size_t bytes = 0;
  std::size_t scanned = 0;
  std::size_t keys = 0;
};

measured parse(const std::string& json, std::size_t n) {
  options o;
  o.limits.max_keys = n;
  parser p(o);
  std::vector<key> storage(n);
  const parse_report r = p.parse_set(json, storage);
  EXPECT_TRUE(r.ok()) << (r.errors().empty() ? "" : std::string(r.errors()[0].message()));
  return {json.size(), r.scan_bytes(), r.key_count()};
}

TEST(Linear, KeysThatTakeTheFullMapperScanEachByteAboutOnce) {
  constexpr std::size_t n = 2000;
  const std::vector<std::pair<std::string, std::string>> extras = {
      {"unknown", R"("member")"},
      {"key_ops", R"(["verify"])"},
      {"alg", "null"},
      {"x5c", R"(["MIIC+g=="])"},
  };
  for (const auto& [name, value] : extras) {
    for (const bool escapes : {false, true}) {
      SCOPED_TRACE(name + (escapes ? " with escapes" : ""));
      const measured small = parse(set_of(n, name, value, escapes), n);
      const measured large = parse(set_of(4 * n, name, value, escapes), 4 * n);
      EXPECT_EQ(small.keys, n);
      EXPECT_EQ(large.keys, 4 * n);
      // Each byte is scanned at most twice (a key read twice), so the work
      // grows with the input, never with its square.
      EXPECT_LE(small.scanned, 2 * small.bytes);
      EXPECT_LE(large.scanned, 2 * large.bytes);
      EXPECT_LE(large.scanned, 5 * small.scanned);
    }
  }
}

TEST(Linear, ScanBytesCountsTheScan) {
  // A document without a backslash is scanned to its end by its first
  // string, once: a set, and a single key too (its root object is read as a
  // key while its names are watched for a wrapper). A wrapper member after
  // another member has the root read again as a set: twice.
  parser p;
  key storage[1];
  const std::string set = cat({"[", rsa_key().json(), "]"});
  const parse_report r = p.parse_set(set, storage);
  EXPECT_GT(r.scan_bytes(), set.size() / 2);
  EXPECT_LE(r.scan_bytes(), set.size());
  const std::string single = rsa_key().json();
  const parse_report s = p.parse_set(single, storage);
  EXPECT_GT(s.scan_bytes(), single.size() / 2);
  EXPECT_LE(s.scan_bytes(), single.size());
  const std::string late = cat({R"({"x":1,"keys":[)", rsa_key().json(), "]}"});
  const parse_report l = p.parse_set(late, storage);
  EXPECT_GT(l.scan_bytes(), late.size());
  EXPECT_LE(l.scan_bytes(), 2 * late.size());
}

}  // namespace
