// Tests of where `scan --jobs` may cut one large document
// (tools/document_parts.hpp). That each cut gives the output one stream
// gives is cli_test's PartsOfOneDocumentGiveWhatOneStreamGives, on the
// layouts planned here.
#include "document_parts.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace {

using jwkview_cli::document_parts;
using jwkview_cli::input_source;
using jwkview_cli::plan_document_parts;

constexpr std::size_t hold = 4096;

std::string key(std::size_t i) {
  const std::string id = std::to_string(i);
  return R"({"kid":"k)" + id +
         R"(","kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"})";
}

/// `count` keys between `head` and `tail`, separated by `separator`.
std::string listing(std::string_view head, std::string_view separator, std::string_view tail,
                    std::size_t count = 400) {
  std::string text(head);
  for (std::size_t i = 0; i < count; ++i) {
    if (i != 0) text += separator;
    text += key(i);
  }
  return text + std::string(tail);
}

class DocumentParts : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "jwkview-parts-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  /// The plan for `text` in `parts` parts, with a hold of `hold` bytes.
  document_parts plan(const std::string& text, unsigned parts) {
    const std::filesystem::path path = dir_ / "input.json";
    std::ofstream(path, std::ios::binary) << text;
    const input_source in(path.string());
    jwkview::stream_options opts;
    opts.parse.limits.max_document_bytes = hold;
    return plan_document_parts(in, opts, parts);
  }

  /// Checks what every plan must hold: each cut is a ',' then whitespace
  /// then '{' after a '}', parts grow in order and are longer than two holds.
  static void expect_sound(const std::string& text, const document_parts& p) {
    std::uint64_t start = p.head;
    for (const jwkview_cli::document_cut& cut : p.cuts) {
      ASSERT_LT(cut.comma, cut.element);
      EXPECT_EQ(text[cut.comma], ',');
      EXPECT_EQ(text[cut.element], '{');
      EXPECT_EQ(text.find_first_not_of(" \t\r\n", cut.comma + 1), cut.element);
      EXPECT_EQ(text[text.find_last_not_of(" \t\r\n", cut.comma - 1)], '}');
      EXPECT_GT(cut.element - start, 2 * hold);
      start = cut.element;
    }
    EXPECT_GT(text.size() - start, 2 * hold);
  }

  std::filesystem::path dir_;
};

TEST_F(DocumentParts, EachWrapperGivesItsHeadEndingAndPath) {
  struct shape {
    std::string head;
    std::string_view ending;
    std::string_view path;
  };
  for (const shape& s : {shape{"[\n", ",{}]", "/"}, shape{"{\"keys\": [\n", ",{}]}", "/keys/"},
                         shape{"{\"jwks\":{\"keys\":[\n", ",{}]}}", "/jwks/keys/"},
                         shape{R"({"a":[1,{"b":2}],"keys":[)", ",{}]}", "/keys/"}}) {
    SCOPED_TRACE(s.head);
    const std::string text = listing(s.head, ",\n", std::string(s.ending.substr(3)) + "\n");
    const document_parts p = plan(text, 4);
    EXPECT_EQ(p.head, s.head.size());
    EXPECT_EQ(p.ending, s.ending);
    EXPECT_EQ(p.array_path, s.path);
    EXPECT_EQ(p.cuts.size(), 3u);
    expect_sound(text, p);
  }
}

TEST_F(DocumentParts, CutsNearEqualShares) {
  const std::string text = listing("[", ",", "]");
  const document_parts p = plan(text, 3);
  ASSERT_EQ(p.cuts.size(), 2u);
  expect_sound(text, p);
  for (std::size_t k = 0; k < 2; ++k) {
    const std::uint64_t target = text.size() / 3 * (k + 1);
    EXPECT_GE(p.cuts[k].comma, target);
    EXPECT_LT(p.cuts[k].comma, target + key(0).size() + 8);
  }
}

// A '{' that starts a line is never inside a string; in pretty-printed text
// the cut is there, not at a "},{" inside a key nearer the target.
TEST_F(DocumentParts, PrefersAnElementThatStartsALine) {
  std::string text = "[\n";
  for (std::size_t i = 0; i < 400; ++i) {
    if (i != 0) text += ",\n";
    std::string k = key(i);
    k.insert(k.size() - 1, R"(,"more":[{"a":1},{"b":2}],"note":"},{")");
    text += k;
  }
  text += "\n]\n";
  const document_parts p = plan(text, 4);
  ASSERT_EQ(p.cuts.size(), 3u);
  expect_sound(text, p);
  for (const jwkview_cli::document_cut& cut : p.cuts) {
    EXPECT_EQ(text[cut.element - 1], '\n');
    EXPECT_EQ(text.compare(cut.element, 8, "{\"kid\":\""), 0);
  }
}

// Compact text has no lines: any "},{" may be a cut, even one inside a
// string (the scan finds such a guess wrong and reads the file again).
TEST_F(DocumentParts, CompactTextIsCutAtAnyBraceCommaBrace) {
  std::string text = "{\"keys\":[";
  for (std::size_t i = 0; i < 400; ++i) {
    if (i != 0) text += ",";
    std::string k = key(i);
    k.insert(k.size() - 1, R"(,"note":"},{")");
    text += k;
  }
  text += "]}";
  const document_parts p = plan(text, 2);
  ASSERT_EQ(p.cuts.size(), 1u);
  expect_sound(text, p);
  EXPECT_EQ(text.compare(p.cuts[0].comma - 1, 4, "},{\""), 0);
}

TEST_F(DocumentParts, NoCutWhereAPartWouldBeTooShort) {
  const std::string text = listing("[", ",", "]");
  EXPECT_TRUE(plan(text, 1).cuts.empty());
  // At most as many parts as hold twice the hold each.
  const document_parts many = plan(text, 64);
  EXPECT_LE(many.cuts.size(), text.size() / (2 * hold));
  expect_sound(text, many);
  // A tiny hold: the first cut is looked for less than 256 bytes into the
  // file, and every part is as short as the hold allows.
  {
    std::string small = "[";
    for (std::size_t i = 0; i < 400; ++i) small += R"({"kty":"RSA","n":"AIAAAQ","e":"AQAB"},)";
    small.back() = ']';
    const std::filesystem::path path = dir_ / "tiny-hold.json";
    std::ofstream(path, std::ios::binary) << small;
    const input_source in(path.string());
    jwkview::stream_options opts;
    opts.parse.limits.max_document_bytes = 100;
    const document_parts tiny = plan_document_parts(in, opts, 400);
    ASSERT_GT(tiny.cuts.size(), 50u);
    EXPECT_LT(tiny.cuts[0].comma, 256u);
    std::uint64_t start = tiny.head;
    for (const jwkview_cli::document_cut& cut : tiny.cuts) {
      EXPECT_EQ(small[cut.comma], ',');
      EXPECT_EQ(small[cut.element], '{');
      EXPECT_GT(cut.element - start, 200u);
      start = cut.element;
    }
  }
  // Shorter than four holds: one part.
  EXPECT_TRUE(plan(listing("[", ",", "]", 3 * hold / key(0).size()), 2).cuts.empty());
}

TEST_F(DocumentParts, NoPlanWithoutAKeyFirst) {
  // The first element is no key, the document no set, or the input opens
  // with a byte order mark (an error by default).
  const std::string keys = listing("", ",\n", "");
  for (const std::string& text : {"[\"text\",\n" + keys + "]", "{\"jwks\":[" + keys + "]}",
                                  "\xEF\xBB\xBF[" + keys + "]", "[" + keys + "]   x"}) {
    const document_parts p = plan(text, 2);
    if (text.back() == 'x') {
      // Trailing content is found at the end: the plan stands, and the scan
      // reads the file again when the last part reports it.
      EXPECT_EQ(p.cuts.size(), 1u);
      continue;
    }
    EXPECT_TRUE(p.cuts.empty()) << text.substr(0, 20);
    EXPECT_EQ(p.head, 0u);
  }
}

// A head longer than 64 KiB is not read again by every part.
TEST_F(DocumentParts, NoPlanForALongHead) {
  for (const std::size_t note : {30000, 70000}) {
    const std::string head = R"({"note":")" + std::string(note, 'a') + R"(","keys":[)";
    const std::string text = listing(head, ",\n", "]}", 4000);
    const std::filesystem::path path = dir_ / "long-head.json";
    std::ofstream(path, std::ios::binary) << text;
    const input_source in(path.string());
    jwkview::stream_options opts;
    opts.parse.limits.max_document_bytes = 128 << 10;
    ASSERT_GT(text.size(), 4 * opts.parse.limits.max_document_bytes);
    EXPECT_EQ(plan_document_parts(in, opts, 2).cuts.empty(), note > 65536) << note;
  }
}

}  // namespace
