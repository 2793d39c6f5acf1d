// Padding: none of the input is read past its last byte (the JSON ends right
// before a PROT_NONE page, or is followed by junk that would change the
// answer if read), and views point into the caller's buffer. tests/meson.build runs it again on
// simdjson's fallback and westmere kernels.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "syntax_support.hpp"

namespace {

using jwkview::error_code;
using namespace std::literals;

/// Readable pages followed by one PROT_NONE guard page.
class guarded_buffer {
 public:
  explicit guarded_buffer(std::size_t bytes) {
    page_ = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    const std::size_t data_pages = bytes == 0 ? 1 : (bytes + page_ - 1) / page_;
    total_ = (data_pages + 1) * page_;
    void* p = mmap(nullptr, total_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      base_ = nullptr;
      return;
    }
    base_ = static_cast<char*>(p);
    guard_ = base_ + data_pages * page_;
    if (mprotect(guard_, page_, PROT_NONE) != 0) {
      munmap(base_, total_);
      base_ = nullptr;
    }
  }
  ~guarded_buffer() {
    if (base_ != nullptr) munmap(base_, total_);
  }
  guarded_buffer(const guarded_buffer&) = delete;
  guarded_buffer& operator=(const guarded_buffer&) = delete;

  [[nodiscard]] bool ok() const { return base_ != nullptr; }
  /// Copies `bytes` so that they end at the guard page; returns where they start.
  char* place(std::string_view bytes, std::size_t tail = 0, char fill = '\0') {
    char* start = guard_ - tail - bytes.size();
    std::memcpy(start, bytes.data(), bytes.size());
    std::memset(start + bytes.size(), fill, tail);
    return start;
  }
  [[nodiscard]] char* guard() const { return guard_; }

 private:
  std::size_t page_ = 4096;
  std::size_t total_ = 0;
  char* base_ = nullptr;
  char* guard_ = nullptr;
};

TEST(PaddingDeathTest, GuardPageIsUnreadable) {
  // The harness itself: touching the guard page faults.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  guarded_buffer g(10);
  ASSERT_TRUE(g.ok());
  char* last = g.place("0123456789");
  EXPECT_EQ(last[9], '9');
  EXPECT_DEATH(
      {
        const volatile char* p = g.guard();
        const char c = *p;
        std::printf("%d\n", c);
      },
      "");
}

/// Every non-empty view a key holds.
std::vector<std::string_view> views_of(const jwkview::key& k) {
  std::vector<std::string_view> v = {
      k.id.value, k.created.value, k.last_updated.value, k.status.text,
      k.kty.text, k.kid.value,     k.alg.text,           k.use.text,
      k.e.value,  k.n.value,       k.crv.text,           k.x.value,
      k.y.value,  k.x5u.value,     k.x5t.value,          k.x5t_s256.value};
  for (const jwkview::link* l : {&k.links.activate, &k.links.deactivate, &k.links.delete_}) {
    v.push_back(l->href.value);
    v.push_back(l->name.value);
    v.push_back(l->type.value);
    for (std::string_view e : l->allow.entries) v.push_back(e);
  }
  for (std::string_view e : k.key_ops.entries) v.push_back(e);
  for (std::string_view e : k.x5c.value) v.push_back(e);
  std::vector<std::string_view> out;
  for (std::string_view s : v) {
    if (!s.empty()) out.push_back(s);
  }
  return out;
}

::testing::AssertionResult views_inside(const jwkview::key& k, const char* begin,
                                        std::size_t size) {
  for (std::string_view s : views_of(k)) {
    if (!syntest::points_into(s, begin, size)) {
      return ::testing::AssertionFailure() << "view '" << s << "' is outside the caller's buffer";
    }
  }
  return ::testing::AssertionSuccess();
}

/// The reference answer, from a parse of an ordinary std::string by a
/// parser of its own (a parse invalidates what the previous one returned).
std::string reference(std::string_view json) {
  static jwkview::parser p;
  syntest::storage st;
  const std::string copy(json);
  return syntest::summarize(st.parse(p, copy));
}

std::string key_document(std::size_t kid_length) {
  std::string kid;
  for (std::size_t i = 0; i < kid_length; ++i) kid += static_cast<char>('a' + i % 26);
  return syntest::okta_rsa(
      "p1",
      R"(,"kid":")" + kid +
          R"(","_links":{"deactivate":{"href":"https://{yourOktaDomain}/x","hints":{"allow":["POST"]}}})");
}

TEST(Padding, StringViewEndsAtGuardPage) {
  jwkview::parser p;
  syntest::storage st;
  for (std::size_t kid_length = 0; kid_length <= 300; ++kid_length) {
    const std::string json = key_document(kid_length);
    guarded_buffer g(json.size());
    ASSERT_TRUE(g.ok());
    const char* at = g.place(json);
    const std::string_view view(at, json.size());
    SCOPED_TRACE(json.size());

    const auto r = st.parse(p, view);
    ASSERT_TRUE(r.ok()) << syntest::describe(r);
    ASSERT_EQ(r.key_count(), 1u);
    EXPECT_EQ(r.keys()[0].kid.value.size(), kid_length);
    EXPECT_TRUE(views_inside(r.keys()[0], at, json.size()));

    const auto k = p.parse_key(view);
    ASSERT_TRUE(k.has_value()) << syntest::describe(k.error());
    EXPECT_TRUE(views_inside(*k, at, json.size()));
    EXPECT_EQ(k->links.deactivate.href.value, "https://{yourOktaDomain}/x");

    std::size_t seen = 0;
    bool inside = true;
    const auto rc = p.for_each_key(view, [&](const jwkview::key& key) {
      ++seen;
      inside = inside && views_inside(key, at, json.size());
    });
    EXPECT_TRUE(rc.ok());
    EXPECT_EQ(seen, 1u);
    EXPECT_TRUE(inside);
  }
}

TEST(Padding, SetsOfManySizesEndAtGuardPage) {
  jwkview::parser p;
  syntest::storage st;
  std::vector<std::string> keys;
  for (std::size_t n = 1; n <= 24; ++n) {
    const std::string id = std::to_string(n);
    keys.push_back(n % 2 == 0 ? syntest::okta_ec(id) : syntest::okta_rsa(id));
    const std::string set = syntest::keys_set(keys);
    std::string array = "[";
    array += keys.front();
    array.append(n * 7, ' ');
    array += ']';
    std::string listing = R"({"jwks":)";
    listing += set;
    listing += '}';
    for (const std::string* doc : {&set, static_cast<const std::string*>(&array),
                                   static_cast<const std::string*>(&listing)}) {
      const std::string& json = *doc;
      guarded_buffer g(json.size());
      ASSERT_TRUE(g.ok());
      const char* at = g.place(json);
      const std::string_view view(at, json.size());
      const auto r = st.parse(p, view);
      ASSERT_TRUE(r.ok()) << syntest::describe(r) << " " << json.size();
      for (const jwkview::key& k : r.keys()) EXPECT_TRUE(views_inside(k, at, json.size()));
      EXPECT_EQ(syntest::summarize(r), reference(json));
    }
  }
}

std::vector<std::string> bad_endings() {
  return {
      R"({"kid":"abc)",
      R"({"kid":"abc\)",
      R"({"kid":"\u12)",
      "{\"kid\":\"\xE2\x82",
      "{\"kid\":\"\xF0",
      // A sequence short of its last byte: the fallback kernel reads there.
      "[\"\xC3",
      "[\"\xE2\x82",
      "[\"\xF0\x9F\x98",
      "\"\xF0\x9F\x98",
      R"([tru)",
      R"([-)",
      R"([1e)",
      R"([1.)",
      R"({"a")",
      R"({"a":)",
      "[",
      "\"",
      " ",
      "\xEF\xBB",
      "\xEF\xBB\xBF",
      "[1,2,3",
      R"([true)",
      R"([null)",
      R"([0)",
      R"({"keys":[{}]} x)",
      R"({"keys":[]}{)",
      "\\",
      R"(["\)",
      R"(["\uD800)",
      R"(["\uD800\)",
      R"(["\uD800\u)",
      "[\"\x80",
  };
}

TEST(Padding, ErrorsAtTheGuardPage) {
  jwkview::parser p;
  syntest::storage st;
  std::vector<std::string> docs = bad_endings();
  // Every prefix of a realistic key, and of one whose kid cuts 2-, 3- and
  // 4-byte UTF-8 sequences.
  for (const std::string& key :
       {key_document(20),
        syntest::okta_rsa("p1", ",\"kid\":\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"")}) {
    for (std::size_t len = 0; len < key.size(); ++len) docs.push_back(key.substr(0, len));
  }

  for (const std::string& json : docs) {
    guarded_buffer g(json.size());
    ASSERT_TRUE(g.ok());
    const char* at = g.place(json);
    const std::string_view view(at, json.size());
    const auto r = st.parse(p, view);
    EXPECT_TRUE(r.document_failed()) << syntest::printable(json);
    EXPECT_EQ(r.key_count(), 0u);
    ASSERT_EQ(r.errors().size(), 1u) << syntest::printable(json);
    EXPECT_LE(r.errors()[0].offset, json.size());
    EXPECT_EQ(syntest::summarize(r), reference(json)) << syntest::printable(json);
    const auto k = p.parse_key(view);
    EXPECT_FALSE(k.has_value());
    const auto rc = p.for_each_key(view, [](const jwkview::key&) {});
    EXPECT_TRUE(rc.document_failed());
  }
}

TEST(Padding, EmptyInputAtTheGuardPage) {
  jwkview::parser p;
  guarded_buffer g(1);
  ASSERT_TRUE(g.ok());
  const std::string_view empty(g.guard(), 0);
  EXPECT_TRUE(
      syntest::is_document_error(p.parse_set(empty, {}), error_code::empty_document, 0, ""));
  const auto k = p.parse_key(empty);
  ASSERT_FALSE(k.has_value());
  EXPECT_EQ(k.error().code, error_code::empty_document);
}

/// Documents for the junk-after-the-input comparisons: valid sets, key errors,
/// escapes (scratch views) and syntax errors.
std::vector<std::string> padded_documents() {
  std::vector<std::string> docs;
  for (std::size_t n : {0u, 1u, 7u, 63u, 64u, 65u, 200u}) docs.push_back(key_document(n));
  docs.push_back(syntest::keys_set(
      {syntest::okta_rsa("a"), syntest::okta_ec("b"), syntest::okta_rsa("c", R"(,"d":"AQAB")")}));
  docs.push_back(syntest::okta_rsa("esc\\/aped", R"(,"kid":"\u00e9")"));
  docs.push_back(R"({"keys":[{"kty":"RSA","kid":"unterminated)");
  docs.push_back(R"([{"kty":"EC"},tru)");
  docs.push_back(R"({"keys":[]}  )");
  docs.push_back(R"({"keys":[1,2,3]})");
  docs.push_back(R"({"keys":[)" + syntest::okta_rsa() + "],\"x\":1e999999}");
  return docs;
}

TEST(Padding, JunkAfterTheInputChangesNothing) {
  jwkview::parser p;
  syntest::storage st;
  for (const std::string& json : padded_documents()) {
    for (const char fill : {'\0', '"', '\\', '{', ']', '\xFF', ' '}) {
      guarded_buffer g(json.size() + jwkview::padding);
      ASSERT_TRUE(g.ok());
      const char* at = g.place(json, jwkview::padding, fill);
      const std::string_view pv(at, json.size());

      const auto r = p.parse_set(pv, std::span<jwkview::key>(st.keys));
      EXPECT_EQ(syntest::summarize(r), reference(json)) << syntest::printable(json);
      for (const jwkview::key& k : r.keys()) {
        // Unescaped views point into the caller's padded buffer.
        if (k.n.has_value()) {
          EXPECT_TRUE(syntest::points_into(k.n.value, at, json.size()));
        }
        EXPECT_TRUE(syntest::points_into(k.kty.text, at, json.size()));
      }

      const auto k = p.parse_key(pv);
      const std::string got_key =
          k.has_value() ? syntest::summarize_key(*k) : syntest::describe(k.error());
      if (k.has_value()) {
        EXPECT_TRUE(syntest::points_into(k->kty.text, at, json.size()));
      }
      const std::string copy(json);
      const auto kref = p.parse_key(copy);
      EXPECT_EQ(got_key,
                kref.has_value() ? syntest::summarize_key(*kref) : syntest::describe(kref.error()));

      std::string from_callback;
      const auto rc = p.for_each_key(pv, [&from_callback](const jwkview::key& key) {
        from_callback += syntest::summarize_key(key);
      });
      const std::string got_report = syntest::describe(rc);
      std::string expected_callback;
      const auto rref = p.for_each_key(std::string_view(copy), [&](const jwkview::key& key) {
        expected_callback += syntest::summarize_key(key);
      });
      EXPECT_EQ(got_report, syntest::describe(rref));
      EXPECT_EQ(from_callback, expected_callback);
    }
  }
}

TEST(Padding, ViewsPointIntoTheCallersBuffer) {
  jwkview::parser p;
  syntest::storage st;
  const std::string json = syntest::keys_set(
      {syntest::okta_rsa(
           "v1",
           R"(,"kid":"plain","_links":{"activate":{"href":"h1","hints":{"allow":["POST"]}}})"),
       syntest::okta_ec("v2")});
  // std::string_view.
  const std::string copy = json;
  const auto r1 = st.parse(p, copy);
  ASSERT_TRUE(r1.ok()) << syntest::describe(r1);
  for (const jwkview::key& k : r1.keys()) EXPECT_TRUE(views_inside(k, copy.data(), copy.size()));
  // With junk after the input.
  const syntest::padded_copy pc(json, 'x');
  const auto r2 = p.parse_set(pc.text(), std::span<jwkview::key>(st.keys));
  ASSERT_TRUE(r2.ok()) << syntest::describe(r2);
  for (const jwkview::key& k : r2.keys()) {
    EXPECT_TRUE(views_inside(k, pc.bytes.data(), pc.size));
  }
}

TEST(Padding, NoByteAfterTheInputIsRead) {
  jwkview::parser p;
  syntest::storage st;
  for (const std::string& json : padded_documents()) {
    const std::string expected = reference(json);
    for (std::size_t spare :
         {std::size_t{0}, std::size_t{1}, jwkview::padding / 2, jwkview::padding - 1}) {
      // The readable bytes end at the guard page: reading `padding` bytes past
      // the JSON would fault.
      guarded_buffer g(json.size() + spare);
      ASSERT_TRUE(g.ok());
      const char* at = g.place(json, spare, '"');
      const std::string_view pv(at, json.size());
      const auto r = p.parse_set(pv, std::span<jwkview::key>(st.keys));
      EXPECT_EQ(syntest::summarize(r), expected) << spare << " " << syntest::printable(json);
      for (const jwkview::key& k : r.keys()) {
        EXPECT_TRUE(syntest::points_into(k.kty.text, at, json.size()));
      }
      const auto k = p.parse_key(pv);
      if (k.has_value()) {
        EXPECT_TRUE(syntest::points_into(k->kty.text, at, json.size()));
      }
      std::size_t seen = 0;
      const auto rc = p.for_each_key(pv, [&seen](const jwkview::key&) { ++seen; });
      EXPECT_EQ(rc.key_count(), seen);
    }
  }
}

TEST(Padding, BytesAfterTheInputMayHoldAnything) {
  // A valid document followed by padding that would be an error if parsed.
  jwkview::parser p;
  syntest::storage st;
  const std::string json = syntest::keys_set({syntest::okta_rsa("pad")});
  for (std::string_view junk : {"x"sv, "]"sv, "\""sv, ",{"sv, "\xFF\xFE"sv, "\\u"sv}) {
    std::vector<char> buf(json.begin(), json.end());
    for (std::size_t i = 0; i < jwkview::padding; ++i) buf.push_back(junk[i % junk.size()]);
    const std::string_view pv(buf.data(), json.size());
    const auto r = p.parse_set(pv, std::span<jwkview::key>(st.keys));
    ASSERT_TRUE(r.ok()) << syntest::printable(junk) << " " << syntest::describe(r);
    EXPECT_EQ(r.keys()[0].id.value, "pad");
  }
  const std::string key = syntest::okta_rsa("pad1");
  for (std::string_view junk : {"x"sv, "}"sv, "\""sv, "\xFF"sv}) {
    std::vector<char> buf(key.begin(), key.end());
    buf.resize(key.size() + jwkview::padding, junk[0]);
    const auto k = p.parse_key(std::string_view(buf.data(), key.size()));
    ASSERT_TRUE(k.has_value()) << syntest::describe(k.error());
    EXPECT_EQ(k->id.value, "pad1");
  }
}

}  // namespace
