// The stream: documents are all or nothing up to max_document_bytes and
// streamed provisionally beyond, chunk boundaries never change results,
// NDJSON resynchronises, truncated tails are reported, and memory stays
// bounded.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "syntax_support.hpp"

namespace {

namespace fs = std::filesystem;
using jwkview::error_code;
using syntest::okta_ec;
using syntest::okta_rsa;

/// Everything a stream reports, one line per event, in order.
struct recorder {
  std::vector<std::string> events;
  std::size_t stop_after = static_cast<std::size_t>(-1);

  jwkview::next on_key(const jwkview::key& k, const jwkview::stream_place& at) {
    events.push_back("key doc=" + std::to_string(at.document) + " before=" +
                     std::to_string(at.keys_before) + " index=" + std::to_string(k.index) +
                     " offset=" + std::to_string(k.offset) + " kid=" + std::string(k.kid.value) +
                     " id=" + std::string(k.id.value) + " n=" + std::string(k.n.value) +
                     " x=" + std::string(k.x.value) + (at.provisional ? " provisional" : ""));
    return events.size() >= stop_after ? jwkview::next::stop : jwkview::next::go;
  }
  void on_error(const jwkview::error& e, const jwkview::stream_place& at) {
    events.push_back("error doc=" + std::to_string(at.document) +
                     " before=" + std::to_string(at.keys_before) + " " + syntest::describe(e) +
                     (at.ends_document ? " ends" : "") + (at.provisional ? " provisional" : ""));
  }
};

jwkview::stream_options rfc_options() {
  jwkview::stream_options o;
  o.parse.profile = jwkview::profile::rfc7517;
  return o;
}

/// How a test ends its input: feed() then finish(), or the last chunk
/// given to finish(), which reads a document that ends in it where it lies.
enum class ending { feed_then_finish, finish_with_last };

std::vector<std::string> stream_chunks(std::string_view bytes, const std::vector<std::size_t>& cuts,
                                       const jwkview::stream_options& opts = {},
                                       ending end = ending::feed_then_finish) {
  jwkview::stream s(opts);
  recorder r;
  // The caller's bytes are the stream's only during feed or finish: each
  // chunk is a copy, scribbled over and freed after it, so a view kept past
  // the call shows.
  const auto feed = [&](std::string_view piece, bool last) {
    std::string chunk(piece);
    if (last) {
      (void)s.finish(chunk, r);
    } else {
      (void)s.feed(chunk, r);
    }
    std::fill(chunk.begin(), chunk.end(), '\x7f');
  };
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    feed(bytes.substr(at, cut - at), false);
    at = cut;
  }
  feed(bytes.substr(at), end == ending::finish_with_last);
  if (end == ending::feed_then_finish) (void)s.finish(r);
  return r.events;
}

std::vector<std::string> stream_whole(std::string_view bytes,
                                      const jwkview::stream_options& opts = {}) {
  return stream_chunks(bytes, {}, opts);
}

std::string join(const std::vector<std::string>& events) {
  std::string out;
  for (const std::string& e : events) out += e + "\n";
  return out;
}

/// The same events for every single split point and for random chunkings.
void expect_chunk_invariant(std::string_view bytes, const jwkview::stream_options& opts,
                            const std::string& label) {
  const std::vector<std::string> whole = stream_whole(bytes, opts);
  for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
    const std::vector<std::string> split = stream_chunks(bytes, {cut}, opts);
    ASSERT_EQ(join(split), join(whole)) << label << " split at " << cut;
    const std::vector<std::string> last =
        stream_chunks(bytes, {cut}, opts, ending::finish_with_last);
    ASSERT_EQ(join(last), join(whole)) << label << " split at " << cut << ", the rest to finish()";
  }
  std::mt19937 rng(static_cast<unsigned>(bytes.size()));
  for (int round = 0; round < 8; ++round) {
    std::vector<std::size_t> cuts;
    const std::size_t max_chunk = round < 4 ? 3 : 97;
    for (std::size_t at = 0; at < bytes.size();) {
      at += 1 + rng() % max_chunk;
      if (at < bytes.size()) cuts.push_back(at);
    }
    const ending end = round % 2 == 0 ? ending::feed_then_finish : ending::finish_with_last;
    ASSERT_EQ(join(stream_chunks(bytes, cuts, opts, end)), join(whole))
        << label << " round " << round;
  }
}

/// Concatenates pieces (gcc 12 warns falsely on "literal" + temporary).
std::string cat(std::initializer_list<std::string_view> pieces) {
  std::string out;
  for (std::string_view p : pieces) out += p;
  return out;
}

/// The documents the property tests run over.
std::vector<std::string> synthetic_documents() {
  const std::string rsa = okta_rsa("k1");
  const std::string ec = okta_ec("e1");
  return {
      "[" + rsa + "," + ec + "]",
      syntest::keys_set({rsa, ec, okta_rsa("k2", R"(,"kid":"a\/b\u00e9")")}),
      R"({"jwks":{"keys":[)" + rsa + "," + ec + "]}}",
      R"({"id":"w","jwks":{"other":[1,{"keys":[]}],"keys":[)" + ec + R"(]},"after":true})",
      rsa,
      rsa + "\n" + ec + "\n[" + ec + "]\n",
      "[" + rsa + ", 7, " + okta_rsa("k3", R"(,"crv":"P-256")") + "]",
      R"({"keys":[)" + rsa + R"(],"jwks":{"keys":[]}})",
      R"({"keys":[)" + rsa + R"(],"keys":[]})",
      R"({"k\u0065ys":[)" + ec + "]}",
      rsa + "\n" + R"({"id":"x","kty":"RSA")" + "\n" + ec + "\n",
      rsa + "\n" + R"({"id":"x","kid":"abc})" + "\n" + ec + "\n",
      "[" + rsa + "," + R"({"id":"b" "kty":"EC"})" + "," + ec + "]\n" + ec,
      "\xEF\xBB\xBF" + rsa,
      R"({"keys":[)" + rsa + "," + ec,
      "  \n\r\n" + ec + "  \n",
      "[1,2] {\"a\":[]} \"s\" true null -1.5e3 ]" + ec + "\n" + ec,
      "[" + rsa + "],[" + ec + "]\n" + rsa,
  };
}

jwkview::stream_options with_format(jwkview::input_format format) {
  jwkview::stream_options o;
  o.format = format;
  return o;
}

TEST(Stream, ChunkBoundariesNeverChangeResultsOnSyntheticDocuments) {
  for (const std::string& doc : synthetic_documents()) {
    expect_chunk_invariant(doc, {}, syntest::printable(doc, 80));
    expect_chunk_invariant(doc, rfc_options(), syntest::printable(doc, 80));
    for (const jwkview::input_format format :
         {jwkview::input_format::concatenated, jwkview::input_format::json_lines,
          jwkview::input_format::single_document}) {
      expect_chunk_invariant(doc, with_format(format), syntest::printable(doc, 80));
      // Small holds: documents switch to provisional mode at every split.
      for (const std::size_t hold : {300, 700}) {
        jwkview::stream_options opts = with_format(format);
        opts.parse.limits.max_document_bytes = hold;
        expect_chunk_invariant(doc, opts, syntest::printable(doc, 80));
      }
    }
  }
}

TEST(Stream, JsonLinesEveryLineIsOneDocument) {
  const jwkview::stream_options lines = with_format(jwkview::input_format::json_lines);
  const std::string a = okta_rsa("a");
  const std::string b = okta_ec("b");
  // A document may not span lines: the open one is truncated at its line's end.
  const std::string open = R"({"id":"x","kty":)";
  std::string input = cat({a, "\n", open, "\r\n  \t\n", "[", b, "]\n"});
  std::vector<std::string> events = stream_whole(input, lines);
  ASSERT_EQ(events.size(), 3U) << join(events);
  EXPECT_NE(events[1].find("doc=1 before=0 truncated@" +
                           std::to_string(a.size() + 1 + open.size()) + " path='/kty' ends"),
            std::string::npos)
      << events[1];
  EXPECT_NE(events[2].find("key doc=2 "), std::string::npos) << events[2];
  // Two documents on one line: the second is trailing content, and the
  // line delivers nothing else.
  input = cat({a, " ", b, "\n", b, "\n"});
  events = stream_whole(input, lines);
  ASSERT_EQ(events.size(), 2U) << join(events);
  EXPECT_NE(events[0].find("error doc=0 before=0 trailing_content@" + std::to_string(a.size() + 1)),
            std::string::npos)
      << events[0];
  EXPECT_NE(events[1].find("key doc=1 "), std::string::npos) << events[1];
  // A string broken inside a nested value leaves nothing behind for the
  // next line's document (found by fuzz_stream).
  events = stream_whole("{\"a\":[\"x\n\"s\"\n", lines);
  ASSERT_EQ(events.size(), 2U) << join(events);
  EXPECT_NE(events[0].find("unclosed_string@6 "), std::string::npos) << events[0];
  EXPECT_NE(events[1].find("doc=1 before=0 unexpected_root@9 "), std::string::npos) << events[1];
  // After an error the very next line is read, whatever it starts with.
  input = cat({"{\"id\" 1}\n", " ", b, "\n"});
  events = stream_whole(input, lines);
  ASSERT_EQ(events.size(), 2U) << join(events);
  EXPECT_NE(events[1].find("key doc=1 "), std::string::npos) << events[1];
}

TEST(Stream, ChunkBoundariesNeverChangeResultsOnExamples) {
  const char* dir = std::getenv("JWKVIEW_EXAMPLES");
  if (dir == nullptr) GTEST_SKIP() << "JWKVIEW_EXAMPLES is not set (meson test sets it)";
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".json") && !name.ends_with(".ndjson")) continue;
    const auto bytes = syntest::read_file(entry.path());
    ASSERT_TRUE(bytes.has_value()) << name;
    const jwkview::stream_options opts =
        name == "jwks.json" ? rfc_options() : jwkview::stream_options{};
    expect_chunk_invariant(*bytes, opts, name);
    ++files;
  }
  EXPECT_GE(files, 4U);
}

TEST(Stream, ChunkBoundariesNeverChangeResultsOnCorpora) {
  const std::optional<fs::path> corpora = syntest::corpora_dir();
  if (!corpora) GTEST_SKIP() << "corpora not found: set JWKVIEW_CORPORA";
  std::size_t files = 0;
  for (const char* sub : {"jsontestsuite", "rfc", "okta"}) {
    for (const auto& entry : fs::recursive_directory_iterator(*corpora / sub)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
      const auto bytes = syntest::read_file(entry.path());
      ASSERT_TRUE(bytes.has_value());
      if (bytes->size() > 64 * 1024) continue;  // every split of a big file is too slow for CI
      expect_chunk_invariant(*bytes, rfc_options(), entry.path().string());
      ++files;
    }
  }
  EXPECT_GT(files, 300U);
}

// For one valid JSON document, the stream says what parse_set says.
void expect_same_as_parse_set(const std::string& doc, const jwkview::stream_options& opts) {
  jwkview::parser p(opts.parse);
  syntest::storage st(16);
  const jwkview::parse_report r = st.parse(p, doc);
  ASSERT_FALSE(r.document_failed()) << syntest::describe(r);
  recorder expected;
  std::size_t e = 0;
  std::size_t k = 0;
  // parse_set keeps keys and errors apart: merge them in document order.
  while (k < r.keys().size() || e < r.errors().size()) {
    if (e == r.errors().size() ||
        (k < r.keys().size() && r.keys()[k].offset <= r.errors()[e].offset)) {
      (void)expected.on_key(r.keys()[k], {0, k, false});
      ++k;
    } else {
      expected.on_error(r.errors()[e++], {0, k, false});
    }
  }
  EXPECT_EQ(join(stream_whole(doc, opts)), join(expected.events)) << doc;
}

TEST(Stream, ValidDocumentsGiveWhatParseSetGives) {
  const std::string rsa = okta_rsa("k1");
  const std::string ec = okta_ec("e1");
  const std::string bad_alg = okta_rsa("k3", R"(,"crv":"P-256")");
  for (const std::string& doc : std::vector<std::string>{
           "[" + rsa + "," + ec + "]",
           "[" + rsa + "," + bad_alg + "," + ec + "]",
           "[" + rsa + ",[1],\"s\"," + ec + "]",
           syntest::keys_set({rsa, bad_alg, ec}),
           R"( {"x":1, "jwks" : { "keys" : [ )" + rsa + " , " + ec + R"( ] } , "y":[{}]} )",
           rsa,
           bad_alg,
           R"({"keys":[)" + rsa + R"(],"jwks":{"keys":[]}})",
           R"({"keys":[)" + rsa + R"(],"keys":[]})",
           R"({"keys":"no"})",
       }) {
    SCOPED_TRACE(syntest::printable(doc, 120));
    if (doc.find(R"("jwks":{"keys":[]})") != std::string::npos ||
        doc.find(R"("keys":[]})") != std::string::npos || doc.find("\"no\"") != std::string::npos) {
      // Wrapper errors: the stream reports the document error parse_set
      // reports, and nothing else.
      jwkview::parser p;
      syntest::storage st(16);
      const jwkview::parse_report r = st.parse(p, doc);
      ASSERT_TRUE(r.document_failed());
      const std::vector<std::string> events = stream_whole(doc);
      ASSERT_EQ(events.size(), 1U) << join(events);
      EXPECT_EQ(events[0], "error doc=0 before=0 " + syntest::describe(r.errors()[0]) + " ends")
          << syntest::describe(r);
      continue;
    }
    expect_same_as_parse_set(doc, {});
  }
}

// A single-document stream ends a broken document with parse_set's error.
TEST(Stream, SingleDocumentStreamEndsWithParseSetsSyntaxError) {
  const std::optional<fs::path> corpora = syntest::corpora_dir();
  if (!corpora) GTEST_SKIP() << "corpora not found: set JWKVIEW_CORPORA";
  jwkview::stream_options opts = rfc_options();
  opts.format = jwkview::input_format::single_document;
  jwkview::parser p(opts.parse);
  syntest::storage st(16);
  std::size_t compared = 0;
  for (const auto& entry : fs::directory_iterator(*corpora / "jsontestsuite")) {
    if (entry.path().extension() != ".json") continue;
    const auto bytes = syntest::read_file(entry.path());
    ASSERT_TRUE(bytes.has_value());
    const jwkview::parse_report r = st.parse(p, *bytes);
    if (!r.document_failed() || r.errors()[0].cls() != jwkview::error_class::syntax) continue;
    const std::vector<std::string> events = stream_whole(*bytes, opts);
    ASSERT_FALSE(events.empty()) << entry.path();
    EXPECT_NE(events.back().find(syntest::describe(r.errors()[0]) + " ends"), std::string::npos)
        << entry.path() << ": " << events.back() << " vs " << syntest::describe(r);
    ++compared;
  }
  EXPECT_GT(compared, 150U);
}

TEST(Stream, SingleDocumentTrailingContentAndEmptyInput) {
  jwkview::stream_options opts;
  opts.format = jwkview::input_format::single_document;
  const std::string ec = okta_ec("a");
  std::vector<std::string> events = stream_whole(cat({ec, "\n", ec}), opts);
  ASSERT_EQ(events.size(), 1U) << join(events);
  EXPECT_NE(events[0].find("doc=0 before=0 trailing_content@" + std::to_string(ec.size() + 1)),
            std::string::npos)
      << events[0];
  events = stream_whole(" \n\t", opts);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_NE(events[0].find("empty_document@0 "), std::string::npos) << events[0];
  // A BOM is a BOM only where the input starts (found by fuzz_stream).
  events = stream_whole("[\xEF\xBB\xBF]", opts);
  ASSERT_EQ(events.size(), 1U) << join(events);
  EXPECT_NE(events[0].find("unexpected_character@1 path='/0' ends"), std::string::npos)
      << events[0];
  events =
      stream_whole(cat({ec, "\n\xEF\xBB\xBF", ec}), with_format(jwkview::input_format::json_lines));
  ASSERT_EQ(events.size(), 2U) << join(events);
  EXPECT_NE(events[1].find("unexpected_character@" + std::to_string(ec.size() + 1)),
            std::string::npos)
      << events[1];
  events = stream_whole(cat({"{\"a\":1\n", ec}), opts);  // no resynchronisation
  ASSERT_EQ(events.size(), 1U) << join(events);
  EXPECT_NE(events[0].find("unexpected_character@7 "), std::string::npos) << events[0];
}

TEST(Stream, SyntaxErrorInAWrappersHeadComesBeforeItsKeys) {
  // Found by fuzz_stream: the members before "keys" are checked when the key
  // array opens, so their syntax error is the document's first event.
  const std::string input = cat({R"({"x":[1,,2],"keys":[)", okta_rsa("a"), R"(,{"id":"b",,}]})"});
  const std::vector<std::string> events = stream_whole(input);
  ASSERT_EQ(events.size(), 1U) << join(events);
  EXPECT_NE(events[0].find("error doc=0 before=0 unexpected_character@8 path='/x/1' ends"),
            std::string::npos)
      << events[0];
  expect_chunk_invariant(input, {}, "head error");
}

TEST(Stream, NdjsonBrokenLineIsOneErrorAndOtherLinesParse) {
  const std::string a = okta_rsa("a");
  const std::string b = okta_ec("b");
  struct broken_case {
    std::string line;
    error_code code;
  };
  for (const broken_case& c : std::vector<broken_case>{
           {R"({"id":"x","kid":"abc})", error_code::unclosed_string},
           {R"({"id":"x","kty":"RSA")", error_code::truncated},  // unclosed brace
           {R"({"id":"x","kty": tru})", error_code::invalid_literal},
           {R"({"id" "x"})", error_code::unexpected_character},
           {R"([)" + a + R"(,{"id":"q",]})", error_code::unexpected_character},
           {"]", error_code::unexpected_character},
       }) {
    SCOPED_TRACE(c.line);
    const std::string input = a + "\n" + c.line + "\n" + b + "\n";
    for (const jwkview::input_format format :
         {jwkview::input_format::concatenated, jwkview::input_format::json_lines}) {
      const std::vector<std::string> events = stream_whole(input, with_format(format));
      ASSERT_EQ(events.size(), 3U) << join(events);  // the broken line's key is not delivered
      EXPECT_NE(events.front().find("kid= id=a"), std::string::npos) << events.front();
      EXPECT_NE(events.back().find("id=b"), std::string::npos) << events.back();
      const std::string& err = events[events.size() - 2];
      EXPECT_NE(err.find(std::string(jwkview::name_of(c.code)) + "@"), std::string::npos) << err;
      EXPECT_NE(err.find("doc=1"), std::string::npos) << err;
      EXPECT_NE(err.find(" ends"), std::string::npos) << err;
      // The error lies inside the broken line.
      const std::size_t at = std::stoul(err.substr(err.find('@') + 1));
      EXPECT_GE(at, a.size() + 1);
      EXPECT_LE(at, a.size() + 1 + c.line.size() + 1);
    }
  }
}

TEST(Stream, ASyntaxErrorVoidsTheWholeDocument) {
  const std::string input = cat({"[", okta_rsa("a"), ",", okta_rsa("b"), R"(,{"id":"c",,},)",
                                 okta_rsa("d"), "]\n", okta_ec("e"), "\n"});
  const std::vector<std::string> events = stream_whole(input);
  ASSERT_EQ(events.size(), 2U) << join(events);
  EXPECT_NE(events[0].find("error doc=0 before=0 unexpected_character@"), std::string::npos)
      << events[0];
  EXPECT_NE(events[0].find("path='/2' ends"), std::string::npos) << events[0];
  EXPECT_EQ(events[0].find("provisional"), std::string::npos) << events[0];
  EXPECT_NE(events[1].find("key doc=1 before=0"), std::string::npos) << events[1];
}

// Longer than the hold, the same document is streamed: its keys come as
// they are read, marked provisional, and the error says how many it voids.
// The next document is held again.
TEST(Stream, ProvisionalModeSaysHowManyKeysCameBefore) {
  const std::string input = cat({"[", okta_rsa("a"), ",", okta_rsa("b"), R"(,{"id":"c",,},)",
                                 okta_rsa("d"), "]\n", okta_ec("e"), "\n"});
  jwkview::stream_options opts;
  opts.parse.limits.max_document_bytes = 1000;
  ASSERT_GT(input.find(']'), 1000U);
  const std::vector<std::string> events = stream_whole(input, opts);
  ASSERT_EQ(events.size(), 4U) << join(events);
  EXPECT_NE(events[0].find("key doc=0 before=0 index=0"), std::string::npos) << events[0];
  EXPECT_NE(events[1].find("key doc=0 before=1 index=1"), std::string::npos) << events[1];
  EXPECT_NE(events[0].find(" provisional"), std::string::npos) << events[0];
  EXPECT_NE(events[2].find("error doc=0 before=2 unexpected_character@"), std::string::npos)
      << events[2];
  EXPECT_NE(events[2].find("path='/2' ends provisional"), std::string::npos) << events[2];
  EXPECT_NE(events[3].find("key doc=1 before=0"), std::string::npos) << events[3];
  EXPECT_EQ(events[3].find("provisional"), std::string::npos) << events[3];
  expect_chunk_invariant(input, opts, "provisional");
}

// A provisional document whose rest (here, a member before its key array)
// outgrows the hold ends there, as document_too_large; the machine reads on
// to its end to know where the next document starts, and says nothing more
// of it: a document ends once.
TEST(Stream, ADocumentEndsOnce) {
  const std::string input = R"({"x":")" + std::string(100, 'a') +
                            R"(","keys":[{"kty":"oct","kid":"1"}],"y":1,})" + "\n" +
                            R"({"kty":"oct","kid":"3"})";
  jwkview::stream_options opts = with_format(jwkview::input_format::concatenated);
  opts.parse.limits.max_document_bytes = 64;
  const std::vector<std::string> events = stream_whole(input, opts);
  ASSERT_EQ(events.size(), 2U) << join(events);
  EXPECT_EQ(events[0], "error doc=0 before=0 document_too_large@0 path='' ends provisional");
  EXPECT_NE(events[1].find("key doc=1 before=0"), std::string::npos) << events[1];
  expect_chunk_invariant(input, opts, "ends once");
}

// A string document that starts at a quote glued to a scalar document
// and outgrows the hold is read again from that quote, which has no entry
// of its own: it keeps its number, and the document after it gets the next.
TEST(Stream, ADocumentStartingAtAGluedQuoteIsReadAgainFromIt) {
  const std::string input =
      std::string(70, 'z') + "\"" + std::string(100, 'a') + "\" x\n" + R"({"kty":"oct","kid":"b"})";
  jwkview::stream_options opts = with_format(jwkview::input_format::concatenated);
  opts.parse.limits.max_document_bytes = 64;
  const std::vector<std::string> events = stream_whole(input, opts);
  ASSERT_EQ(events.size(), 3U) << join(events);
  EXPECT_NE(events[0].find("error doc=0 before=0 document_too_large@0 "), std::string::npos);
  EXPECT_NE(events[1].find("error doc=1 before=0 document_too_large@70 "), std::string::npos)
      << events[1];
  EXPECT_NE(events[2].find("key doc=2 before=0"), std::string::npos) << events[2];
  expect_chunk_invariant(input, opts, "glued quote read again");
}

// The hold takes a document of exactly max_document_bytes; one byte more
// and the document is streamed.
TEST(Stream, TheHoldEndsAtMaxDocumentBytes) {
  const std::string doc = cat({"[", okta_ec("a"), ",", okta_ec("b"), "]"});
  for (const jwkview::input_format format :
       {jwkview::input_format::concatenated, jwkview::input_format::json_lines,
        jwkview::input_format::single_document}) {
    jwkview::stream_options opts = with_format(format);
    opts.parse.limits.max_document_bytes = doc.size();
    std::vector<std::string> events = stream_whole(doc, opts);
    ASSERT_EQ(events.size(), 2U) << join(events);
    EXPECT_EQ(events[1].find("provisional"), std::string::npos) << events[1];
    opts.parse.limits.max_document_bytes = doc.size() - 1;
    events = stream_whole(doc, opts);
    ASSERT_EQ(events.size(), 2U) << join(events);
    EXPECT_NE(events[1].find("provisional"), std::string::npos) << events[1];
  }
}

/// Each event's document, shape and first byte, one line per event.
struct document_recorder {
  std::vector<std::string> events;
  void on_key(const jwkview::key&, const jwkview::stream_place& at) { add("key", at); }
  void on_error(const jwkview::error&, const jwkview::stream_place& at) { add("error", at); }
  void add(std::string_view what, const jwkview::stream_place& at) {
    events.push_back(
        cat({what, " doc=", std::to_string(at.document), " shape=", jwkview::to_string(at.shape),
             " at=", std::to_string(at.document_offset), at.provisional ? " provisional" : ""}));
  }
};

std::string documents_of(std::string_view bytes, const jwkview::stream_options& opts,
                         std::size_t cut) {
  jwkview::stream s(opts);
  document_recorder r;
  (void)s.feed(bytes.substr(0, cut), r);
  (void)s.feed(bytes.substr(cut), r);
  (void)s.finish(r);
  return join(r.events);
}

// Every key and key error names its document's shape, which names the
// keys' JSON Pointers, and where the document starts, held whole or
// streamed provisionally, at any chunk boundary.
TEST(Stream, EveryEventNamesItsDocumentsShapeAndStart) {
  const std::string rsa = okta_rsa("a");
  const std::string ec = okta_ec("b");
  const std::string lines = cat({rsa, "\n  [", ec, ", 7]\n\n{\"keys\":[", rsa, "]}\n",
                                 R"({"jwks":{"keys":[)", ec, "]}}\n[", rsa, ",]\n"});
  const std::string array_at = std::to_string(lines.find('['));
  const std::string expected = cat({
      "key doc=0 shape=single_key at=0\n",
      "key doc=1 shape=array at=",
      array_at,
      "\n",
      "error doc=1 shape=array at=",
      array_at,
      "\n",
      "key doc=2 shape=keys_object at=",
      std::to_string(lines.find(R"({"keys")")),
      "\n",
      "key doc=3 shape=jwks_object at=",
      std::to_string(lines.find(R"({"jwks")")),
      "\n",
      "error doc=4 shape=none at=",
      std::to_string(lines.rfind('[')),
      "\n",
  });
  for (const jwkview::input_format format :
       {jwkview::input_format::json_lines, jwkview::input_format::concatenated}) {
    const jwkview::stream_options opts = with_format(format);
    for (std::size_t cut = 0; cut <= lines.size(); ++cut) {
      ASSERT_EQ(documents_of(lines, opts, cut), expected) << "cut at " << cut;
    }
  }

  // Longer than the hold, each wrapper's keys come provisionally.
  jwkview::stream_options small = with_format(jwkview::input_format::single_document);
  small.parse.limits.max_document_bytes = rsa.size() + 10;
  const std::pair<std::string, std::string_view> streamed[] = {
      {cat({" [", rsa, ",", ec, "]"}), "array"},
      {cat({"{\"keys\":[", rsa, ",", ec, "]}"}), "keys_object"},
      {cat({"{\"id\":\"w\",\"jwks\":{\"keys\":[", rsa, ",", ec, "]}}"}), "jwks_object"},
  };
  for (const auto& [doc, shape] : streamed) {
    const std::size_t start = doc.find_first_not_of(' ');
    const std::string key =
        cat({"key doc=0 shape=", shape, " at=", std::to_string(start), " provisional\n"});
    for (std::size_t cut = 0; cut <= doc.size(); ++cut) {
      ASSERT_EQ(documents_of(doc, small, cut), key + key) << doc << " cut at " << cut;
    }
  }
}

// The issue's cases: a truncated download, a second wrapper member, and a
// line with more after its document deliver only their error.
TEST(Stream, FailedDocumentsDeliverNoKey) {
  const std::string rsa = okta_rsa("a");
  const std::string ec = okta_ec("b");
  struct failed_case {
    std::string input;
    std::string error;  // the one event
  };
  const std::string truncated = cat({R"({"keys":[)", rsa, ",", ec});
  const std::string twice = cat({R"({"keys":[)", rsa, R"(],"keys":[)", ec, "]}"});
  const std::string jwks_twice = cat({R"({"jwks":{"keys":[)", rsa, R"(]},"jwks":{"keys":[]}})"});
  const std::string ambiguous = cat({R"({"keys":[)", rsa, R"(],"jwks":{"keys":[]}})"});
  const std::string late_wrapper = cat({R"({"keys":[)", rsa, R"(],"x":1,"x":2})"});
  for (const failed_case& c : std::vector<failed_case>{
           {truncated, "truncated@" + std::to_string(truncated.size()) + " path='/keys'"},
           {twice, "duplicate_member@" + std::to_string(twice.rfind("\"keys\"")) + " path='/keys'"},
           {jwks_twice,
            "duplicate_member@" + std::to_string(jwks_twice.rfind("\"jwks\"")) + " path='/jwks'"},
           {ambiguous, "ambiguous_shape@0 path=''"},
           {late_wrapper,
            "duplicate_member@" + std::to_string(late_wrapper.rfind("\"x\"")) + " path='/x'"},
           {cat({rsa, "}"}), "trailing_content@" + std::to_string(rsa.size()) + " path=''"},
       }) {
    SCOPED_TRACE(syntest::printable(c.input, 100));
    for (const jwkview::input_format format :
         {jwkview::input_format::concatenated, jwkview::input_format::json_lines,
          jwkview::input_format::single_document}) {
      const std::vector<std::string> events = stream_whole(c.input, with_format(format));
      ASSERT_EQ(events.size(), 1U) << join(events);
      EXPECT_EQ(events[0], "error doc=0 before=0 " + c.error + " ends") << events[0];
      // The same after the line ends, and the next line is read.
      const std::vector<std::string> next =
          stream_whole(cat({c.input, "\n", ec, "\n"}), with_format(format));
      if (format == jwkview::input_format::single_document) continue;
      ASSERT_EQ(next.size(), 2U) << join(next);
      EXPECT_EQ(next[0], events[0]);
      EXPECT_NE(next[1].find("key doc=1 before=0"), std::string::npos) << next[1];
    }
  }
}

// Concatenated documents: what follows a document on its line either
// starts the next document or is trailing content that refuses it.
TEST(Stream, ConcatenatedGarbageAfterADocumentOnItsLine) {
  const std::string a = okta_rsa("a");
  const std::string b = okta_ec("b");
  std::vector<std::string> events = stream_whole(cat({a, " ", b, b, "\n"}));
  ASSERT_EQ(events.size(), 3U) << join(events);
  EXPECT_NE(events[2].find("key doc=2 before=0"), std::string::npos) << events[2];

  for (const std::string_view garbage : {"}", "]", ",", ":", "x", "\xC3\xA9", "'"}) {
    SCOPED_TRACE(garbage);
    events = stream_whole(cat({a, "  ", garbage, " ", b, "\n", b}));
    ASSERT_EQ(events.size(), 2U) << join(events);
    EXPECT_EQ(events[0], "error doc=0 before=0 trailing_content@" + std::to_string(a.size() + 2) +
                             " path='' ends");
    EXPECT_NE(events[1].find("key doc=1 before=0"), std::string::npos) << events[1];
  }
  // On the next line it is a broken document of its own.
  events = stream_whole(cat({a, "\n}\n", b}));
  ASSERT_EQ(events.size(), 3U) << join(events);
  EXPECT_NE(events[0].find("key doc=0 "), std::string::npos) << events[0];
  EXPECT_NE(events[1].find("error doc=1 before=0 unexpected_character@"), std::string::npos)
      << events[1];
  // As in parse_set, the document's own syntax error comes first, and a
  // trailing byte comes before any other failure.
  events = stream_whole(R"({"keys":[1 2]}})");
  ASSERT_EQ(events.size(), 1U) << join(events);
  EXPECT_NE(events[0].find("unexpected_character@11 "), std::string::npos) << events[0];
  events = stream_whole(R"({"keys":[],"keys":[]}})");
  ASSERT_EQ(events.size(), 1U) << join(events);
  EXPECT_NE(events[0].find("trailing_content@21 "), std::string::npos) << events[0];
}

// Stage 1 counts a quote right after a scalar's bytes as part of the
// scalar; the SIMD kernels follow the string it opens and the fallback
// kernel does not. Whatever the kernel (the suite runs again on fallback
// and westmere), where chunks end near such a quote changes nothing, and
// every document around it is reported.
TEST(Stream, AQuoteGluedToAScalarAtAChunkBoundary) {
  const std::string z(100, 'z');
  const std::string b = R"({"kty":"oct","kid":"b"})";
  const std::string inputs[] = {
      z + R"("created":1)" + "\n" + b,
      std::string(30, 'z') + R"("created":1)" + "\n" + b,
      R"([1,2,zz"ab"])" + std::string("\n") + R"(true"x, "y")" + "\n" + b,
      std::string(70, 'z') + R"("a, "b", "c")" + std::string(70, 'q') + "\"\n" + b,
      z + "\"" + std::string(80, 'q'),
      // Broken at the quote, long before the hold ends: never provisional.
      R"([zzz"ab")" + std::string(200, ' ') + "]\n" + b,
  };
  for (const std::string& input : inputs) {
    for (const std::size_t hold : {std::size_t{64}, std::size_t{1} << 20}) {
      jwkview::stream_options opts = with_format(jwkview::input_format::concatenated);
      opts.parse.limits.max_document_bytes = hold;
      const std::vector<std::string> events = stream_whole(input, opts);
      // The key on the last line is never lost to the garbage before it.
      if (input.back() == '}') {
        EXPECT_NE(events.back().find("key doc="), std::string::npos) << join(events);
      }
      expect_chunk_invariant(input, opts, syntest::printable(input, 60));
    }
  }
}

// Outside a string, the SIMD kernels count form feed and 0x1A as
// structural characters. A window that stage 1 refuses for a later byte (a
// control character in a string) is indexed in a copy whose stand-ins must
// keep that class, or the same bytes give other entries depending on where
// chunks end.
TEST(Stream, ControlCharactersOutsideStringsAtAChunkBoundary) {
  const std::string b = R"({"kty":"oct","kid":"b"})";
  for (const char control : {'\x0C', '\x1A', '\x01'}) {
    const std::string c(1, control);
    const std::string inputs[] = {
        R"({"a":")" + std::string(70, 'x') + R"(","b":)" + c + R"(abc,"c":")" + "\x01\"}\n" + b,
        R"({"keys":[{"kty":"oct","x":)" + c + R"(t_R"y",)" + "\"\x02\"]}\n" + b,
    };
    for (const std::string& input : inputs) {
      for (const std::size_t hold : {std::size_t{64}, std::size_t{1} << 20}) {
        jwkview::stream_options opts = with_format(jwkview::input_format::concatenated);
        opts.parse.limits.max_document_bytes = hold;
        const std::vector<std::string> events = stream_whole(input, opts);
        EXPECT_NE(events.back().find("key doc="), std::string::npos) << join(events);
        expect_chunk_invariant(input, opts, syntest::printable(input, 60));
      }
    }
  }
}

TEST(Stream, KeyErrorsComeInDocumentOrderAndAreNeverDropped) {
  const std::string rsa = okta_rsa("a");
  const std::string bad = okta_rsa("x", R"(,"crv":"P-256")");
  const std::string input = cat({"[", bad, ",", rsa, ",", bad, ",", bad, ",", rsa, "]"});
  for (const std::size_t hold : {std::size_t{1} << 20, std::size_t{1000}}) {
    jwkview::stream_options opts;
    opts.parse.max_reported_errors = 0;  // what a report keeps, not what a stream delivers
    opts.parse.limits.max_document_bytes = hold;
    const std::vector<std::string> events = stream_whole(input, opts);
    ASSERT_EQ(events.size(), 5U) << join(events);
    EXPECT_NE(events[0].find("error doc=0 before=0 curve_mismatch"), std::string::npos);
    EXPECT_NE(events[1].find("key doc=0 before=0 index=1"), std::string::npos);
    EXPECT_NE(events[2].find("error doc=0 before=1 curve_mismatch"), std::string::npos);
    EXPECT_NE(events[3].find("error doc=0 before=1 curve_mismatch"), std::string::npos);
    EXPECT_NE(events[4].find("key doc=0 before=1 index=4"), std::string::npos);
  }
}

// A JSON Lines record longer than the hold is streamed; the next is held.
TEST(Stream, JsonLinesRecordsLongerThanTheHold) {
  const std::string rsa = okta_rsa("a");
  const std::string ec = okta_ec("b");
  const std::string input = cat({"[", rsa, ",", rsa, ",", rsa, "]\n", ec, "\n[", rsa, ",", rsa, ",",
                                 rsa, R"(,{"id" 1}])", "\n", ec, "\n"});
  jwkview::stream_options opts = with_format(jwkview::input_format::json_lines);
  opts.parse.limits.max_document_bytes = 1000;
  const std::vector<std::string> events = stream_whole(input, opts);
  ASSERT_EQ(events.size(), 9U) << join(events);
  for (std::size_t i : {0, 1, 2, 4, 5, 6, 7}) {
    EXPECT_NE(events[i].find(" provisional"), std::string::npos) << events[i];
  }
  for (std::size_t i : {3, 8}) {
    EXPECT_NE(events[i].find("key doc="), std::string::npos) << events[i];
    EXPECT_EQ(events[i].find("provisional"), std::string::npos) << events[i];
  }
  EXPECT_NE(events[7].find("error doc=2 before=3 unexpected_character@"), std::string::npos)
      << events[7];
  expect_chunk_invariant(input, opts, "long records");
}

// A JSON Lines record no longer than the hold gives what parse_set gives
// for its line without trailing whitespace; a record counts its whole line,
// and a single document the whole input, toward the hold.
TEST(Stream, JsonLinesRecordsAreReadAsParseSetReadsTheirLine) {
  const std::string rsa = okta_rsa("a");
  const jwkview::stream_options lines = with_format(jwkview::input_format::json_lines);
  for (const std::string& line : std::vector<std::string>{
           cat({"[", rsa, ",", okta_rsa("x", R"(,"crv":"P-256")"), "]"}),
           cat({"  ", rsa, " \t\r"}),
           cat({rsa, "}"}),
           cat({R"({"keys":[)", rsa, R"(],"keys":[]})"}),
           cat({"[", rsa, "  \r"}),
           cat({R"({"id":"x","kid":"abc)"}),
           "\xEF\xBB\xBF[]",
       }) {
    SCOPED_TRACE(syntest::printable(line, 100));
    std::string_view text = line;
    while (text.ends_with(' ') || text.ends_with('\t') || text.ends_with('\r'))
      text.remove_suffix(1);
    jwkview::parser p(lines.parse);
    syntest::storage st(16);
    const jwkview::parse_report r = st.parse(p, text);
    if (r.document_failed()) {
      const std::vector<std::string> events = stream_whole(cat({line, "\n"}), lines);
      ASSERT_EQ(events.size(), 1U) << join(events);
      EXPECT_EQ(events[0], "error doc=0 before=0 " + syntest::describe(r.errors()[0]) + " ends");
    } else {
      expect_same_as_parse_set(std::string(text), lines);
    }
  }
  jwkview::stream s(lines);
  recorder r;
  EXPECT_TRUE(s.feed(rsa, r));
  EXPECT_FALSE(s.between_documents());
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(s.feed(" \n", r));
  EXPECT_TRUE(s.between_documents());
  EXPECT_EQ(r.events.size(), 1U);

  struct hold_case {
    jwkview::input_format format;
    std::string input;
    bool provisional;
  };
  for (const hold_case& c : std::vector<hold_case>{
           {jwkview::input_format::json_lines, cat({" ", rsa, "\n"}), false},
           {jwkview::input_format::json_lines, cat({"  ", rsa, "\n"}), true},
           {jwkview::input_format::single_document, cat({" ", rsa}), false},
           {jwkview::input_format::single_document, cat({" ", rsa, "\n"}), true},
       }) {
    jwkview::stream_options opts = with_format(c.format);
    opts.parse.limits.max_document_bytes = rsa.size() + 1;
    const std::vector<std::string> events = stream_whole(c.input, opts);
    ASSERT_EQ(events.size(), 1U) << join(events);
    EXPECT_EQ(events[0].find("provisional") != std::string::npos, c.provisional) << events[0];
  }
}

// A single-document input no longer than the hold gives what parse_set
// gives: its keys and key errors, or only its error.
TEST(Stream, SingleDocumentIsReadAsParseSetReadsIt) {
  const std::string rsa = okta_rsa("a");
  const std::string bad = okta_rsa("x", R"(,"crv":"P-256")");
  jwkview::stream_options opts = with_format(jwkview::input_format::single_document);
  for (const std::string& doc : std::vector<std::string>{
           cat({"[", rsa, ",", bad, "]"}),
           cat({"[", rsa, ",", bad, "] x"}),
           cat({"[", rsa, ",", bad, "]\n\n", rsa}),
           cat({R"({"keys":[)", rsa, R"(],"keys":[]} )"}),
           cat({R"({"keys":[)", rsa, R"(],"keys":[]} })"}),
           cat({"  [", rsa, ",{\"a\":[1,2,]}]  "}),
           cat({"[", rsa, "   "}),
           cat({"[\"", rsa}),
           cat({"\xEF\xBB\xBF[", rsa, "]"}),
           "  \n ",
           "7",
       }) {
    SCOPED_TRACE(syntest::printable(doc, 100));
    jwkview::parser p(opts.parse);
    syntest::storage st(16);
    const jwkview::parse_report r = st.parse(p, doc);
    if (r.document_failed()) {
      const std::vector<std::string> events = stream_whole(doc, opts);
      ASSERT_EQ(events.size(), 1U) << join(events);
      EXPECT_EQ(events[0], "error doc=0 before=0 " + syntest::describe(r.errors()[0]) + " ends");
    } else {
      expect_same_as_parse_set(doc, opts);
    }
  }
}

TEST(Stream, PathsAndOffsetsOfStreamedElements) {
  const std::string bad = okta_rsa("k3", R"(,"crv":"P-256")");
  const std::string input = cat({R"({"jwks":{"keys":[)", okta_rsa("k1"), ",", bad, "]}}"});
  const std::vector<std::string> events = stream_whole(input);
  ASSERT_EQ(events.size(), 2U) << join(events);
  const std::size_t bad_at = input.find(bad);
  EXPECT_NE(events[1].find("path='/jwks/keys/1/crv'"), std::string::npos) << events[1];
  jwkview::parser p;
  syntest::storage st;
  const jwkview::parse_report r = st.parse(p, input);
  ASSERT_EQ(r.errors().size(), 1U);
  EXPECT_GT(r.errors()[0].offset, bad_at);
  EXPECT_NE(events[1].find(cat({"@", std::to_string(r.errors()[0].offset), " "})),
            std::string::npos);
}

TEST(Stream, TruncatedTailsAtEveryByteAreReported) {
  const std::string rsa = okta_rsa("k1", R"(,"kid":"a\"b")");
  for (const std::string& doc : std::vector<std::string>{
           cat({"[", rsa, ",", okta_ec("e1"), "]"}), R"({"jwks":{"keys":[)" + rsa + "]}}", rsa}) {
    const std::vector<std::string> full = stream_whole(doc);
    for (std::size_t n = 1; n < doc.size(); ++n) {
      const std::vector<std::string> cut = stream_whole(doc.substr(0, n));
      ASSERT_FALSE(cut.empty()) << "prefix " << n;
      const std::string& last = cut.back();
      EXPECT_TRUE(last.starts_with("error") && last.ends_with(" ends")) << n << ": " << last;
      const bool truncated = last.find("truncated@") != std::string::npos ||
                             last.find("unclosed_string@") != std::string::npos;
      EXPECT_TRUE(truncated) << n << ": " << last;
      // truncated is at the end; unclosed_string at the string's opening quote.
      const std::size_t at = std::stoul(last.substr(last.find('@') + 1));
      if (last.find("truncated@") != std::string::npos) {
        EXPECT_EQ(at, n) << last;
      }
      EXPECT_LE(at, n) << last;
      EXPECT_EQ(cut.size(), 1U) << n << ": no key of a truncated document";
    }
    EXPECT_EQ(full.back().find("error"), std::string::npos);
  }
}

TEST(Stream, NdjsonTruncatedLastLineIsReported) {
  for (std::size_t cut : {40, 45}) {  // after a member name; inside a string
    const std::string input = okta_rsa("a") + "\n" + okta_ec("b").substr(0, cut);
    const std::vector<std::string> events = stream_whole(input);
    ASSERT_EQ(events.size(), 2U) << join(events);
    EXPECT_NE(events[1].find("doc=1"), std::string::npos);
    const std::string expected = cut == 40 ? "truncated@" + std::to_string(input.size())
                                           : "unclosed_string@" + std::to_string(input.rfind('"'));
    EXPECT_NE(events[1].find(expected), std::string::npos) << events[1];
  }
}

std::string large_listing(std::size_t count) {
  const std::string rsa = okta_rsa("k");
  const std::string ec = okta_ec("e");
  std::string input = R"({"jwks":{"keys":[)";
  for (std::size_t i = 0; i < count; ++i) {
    if (i != 0) input += ",\n  ";
    input += i % 3 == 0 ? ec : rsa;
  }
  input += "]}}\n";
  return input;
}

struct counter {
  std::size_t keys = 0;
  std::size_t provisional = 0;
  std::size_t errors = 0;
  void on_key(const jwkview::key&, const jwkview::stream_place& at) {
    ++keys;
    provisional += at.provisional ? 1 : 0;
  }
  void on_error(const jwkview::error&, const jwkview::stream_place&) { ++errors; }
};

counter feed_in_chunks(jwkview::stream& s, std::string_view input) {
  counter c;
  for (std::size_t at = 0; at < input.size(); at += 65536) {
    EXPECT_TRUE(s.feed(input.substr(at, 65536), c));
  }
  EXPECT_TRUE(s.finish(c));
  return c;
}

// A document that fits is held whole, in one buffer of its size.
TEST(Stream, ADocumentThatFitsIsHeldWhole) {
  const std::size_t count = 2000;
  const std::string input = large_listing(count);
  jwkview::stream s;
  const counter c = feed_in_chunks(s, input);
  EXPECT_EQ(c.keys, count);
  EXPECT_EQ(c.provisional, 0U);
  EXPECT_EQ(c.errors, 0U);
  EXPECT_EQ(s.buffered_high_water(), input.size() - 1);  // all but the line feed
}

// A document that ends in the bytes given to finish() is read where it
// lies, in every format: the stream copies none of it (feed() must, since
// what follows could still void it), and the events are the same.
TEST(Stream, TheLastChunkGivenToFinishIsReadWhereItLies) {
  const std::string set = syntest::keys_set({okta_rsa("k1"), okta_ec("e1")});
  const struct {
    jwkview::input_format format;
    std::string input;
  } cases[] = {
      {jwkview::input_format::single_document, set},
      {jwkview::input_format::single_document, set + "\n  "},
      {jwkview::input_format::json_lines, okta_rsa("k1") + "\n" + set},
      {jwkview::input_format::concatenated, set},
      {jwkview::input_format::concatenated, okta_ec("e1") + "\n" + set},
  };
  for (const auto& c : cases) {
    jwkview::stream_options opts;
    opts.format = c.format;
    jwkview::stream copied(opts);
    recorder fed;
    (void)copied.feed(c.input, fed);
    (void)copied.finish(fed);
    jwkview::stream in_place(opts);
    recorder last;
    (void)in_place.finish(c.input, last);
    EXPECT_EQ(join(last.events), join(fed.events)) << c.input;
    EXPECT_GE(fed.events.size(), 2U);
    EXPECT_GE(copied.buffered_high_water(), set.size()) << c.input;
    EXPECT_EQ(in_place.buffered_high_water(), 0U) << c.input;
  }
  // The first bytes of a BOM that turn out to be text are read before the
  // rest, as bytes that do not end the input (a fuzzer found the document
  // judged on them alone).
  for (const std::string& input : {"\xEF" + set, "\xEF\xBB" + set, std::string("\xEF:tru}")}) {
    for (const jwkview::input_format format :
         {jwkview::input_format::concatenated, jwkview::input_format::json_lines,
          jwkview::input_format::single_document}) {
      jwkview::stream_options opts;
      opts.format = format;
      opts.parse.accept_bom = true;
      EXPECT_EQ(join(stream_chunks(input, {}, opts, ending::finish_with_last)),
                join(stream_whole(input, opts)))
          << input;
    }
  }
}

// Longer than the hold, a document is streamed in bounded memory: the hold
// (replayed once) and one key at a time.
TEST(Stream, ProvisionalModeStaysWithinTheHold) {
  const std::size_t count = 20000;
  const std::string input = large_listing(count);
  jwkview::stream_options opts;
  opts.parse.limits.max_document_bytes = std::size_t{64} << 10;
  EXPECT_GT(input.size(), 50 * opts.parse.limits.max_document_bytes);
  jwkview::stream s(opts);
  const counter c = feed_in_chunks(s, input);
  EXPECT_EQ(c.keys, count);
  EXPECT_EQ(c.provisional, count);
  EXPECT_EQ(c.errors, 0U);
  EXPECT_EQ(s.counts().keys, count);
  EXPECT_EQ(s.counts().bytes, input.size());
  EXPECT_LE(s.buffered_high_water(), opts.parse.limits.max_document_bytes);
  EXPECT_LE(s.buffer_capacity(), 3 * opts.parse.limits.max_document_bytes);
}

TEST(Stream, AnOversizedElementIsOneErrorAndTheArrayGoesOn) {
  jwkview::stream_options opts;
  opts.parse.limits.max_document_bytes = 300;
  const std::string big = okta_rsa("big");  // over 300 bytes
  ASSERT_GT(big.size(), 300U);
  const std::string input = cat({"[", okta_ec("a"), ",", big, ",", okta_ec("c"), "]"});
  const std::vector<std::string> events = stream_whole(input, opts);
  ASSERT_EQ(events.size(), 3U) << join(events);
  EXPECT_NE(events[1].find("document_too_large@" + std::to_string(input.find(big)) + " path='/1'"),
            std::string::npos)
      << events[1];
  EXPECT_EQ(events[1].find(" ends"), std::string::npos);
  EXPECT_NE(events[2].find("id=c"), std::string::npos);
  expect_chunk_invariant(input, opts, "oversized");
}

TEST(Stream, StopEndsTheStream) {
  const std::string input = cat({"[", okta_ec("a"), ",", okta_ec("b"), ",", okta_ec("c"), "]"});
  jwkview::stream s;
  recorder r;
  r.stop_after = 2;
  EXPECT_TRUE(s.feed(input, r));  // the document waits for the rest of its line
  EXPECT_TRUE(r.events.empty());
  EXPECT_FALSE(s.between_documents());
  EXPECT_FALSE(s.finish(r));
  EXPECT_EQ(r.events.size(), 2U);
  EXPECT_FALSE(s.feed(cat({"\n", okta_ec("d"), "\n"}), r));
  EXPECT_EQ(r.events.size(), 2U);

  s.reset();
  r.events.clear();
  EXPECT_FALSE(s.feed(cat({input, "\n", okta_ec("d"), "\n"}), r));
  EXPECT_EQ(r.events.size(), 2U);
}

// reset() starts a new input as a new stream would: nothing of the last
// input (a failed, provisional, stopped or cut-short document) shows in the
// events of the next, every field of stream_place included.
TEST(Stream, ResetStartsAsIfNew) {
  struct full_recorder {
    std::vector<std::string> events;
    std::size_t stop_after = static_cast<std::size_t>(-1);
    static std::string where(const jwkview::stream_place& at) {
      return " doc=" + std::to_string(at.document) + " before=" + std::to_string(at.keys_before) +
             (at.ends_document ? " ends" : "") + (at.provisional ? " provisional" : "") +
             " shape=" + std::to_string(static_cast<int>(at.shape)) +
             " start=" + std::to_string(at.document_offset);
    }
    jwkview::next on_key(const jwkview::key& k, const jwkview::stream_place& at) {
      events.push_back("key " + std::string(k.id.value) + where(at));
      return events.size() >= stop_after ? jwkview::next::stop : jwkview::next::go;
    }
    void on_error(const jwkview::error& e, const jwkview::stream_place& at) {
      events.push_back("error " + syntest::describe(e) + where(at));
    }
  };
  std::vector<std::string> inputs = synthetic_documents();
  inputs.insert(inputs.end(), {"", " \n", "{\"a\":1}#", R"({"keys":[)" + okta_rsa("k9")});
  for (const jwkview::input_format format :
       {jwkview::input_format::concatenated, jwkview::input_format::json_lines,
        jwkview::input_format::single_document}) {
    jwkview::stream_options opts;
    opts.format = format;
    opts.parse.limits.max_document_bytes = 600;  // some documents are streamed provisionally
    std::vector<std::string> fresh;
    for (const std::string& b : inputs) {
      jwkview::stream s(opts);
      full_recorder r;
      (void)s.finish(b, r);
      fresh.push_back(join(r.events));
    }
    for (const std::string& a : inputs) {
      for (std::size_t stop = 1; stop <= 2; ++stop) {
        jwkview::stream s(opts);
        full_recorder first;
        first.stop_after = stop == 1 ? 1 : first.stop_after;  // a consumer that stops, or not
        (void)s.feed(a, first);  // the last input may also be left unfinished
        for (std::size_t i = 0; i < inputs.size(); ++i) {
          s.reset();
          full_recorder r;
          (void)s.finish(inputs[i], r);
          ASSERT_EQ(join(r.events), fresh[i]) << "after " << a << "\nthen " << inputs[i];
        }
      }
    }
  }
}

TEST(Stream, BaseOffsetAndResetAndBom) {
  const std::string ec = okta_ec("a");
  jwkview::stream_options opts;
  opts.base_offset = 1000;
  opts.at_input_start = false;
  const std::vector<std::string> events = stream_whole(ec, opts);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_NE(events[0].find("offset=1000 "), std::string::npos) << events[0];

  // A BOM is an error by default, and skipped with accept_bom.
  const std::string with_bom = "\xEF\xBB\xBF" + ec;
  const std::vector<std::string> strict = stream_whole(with_bom);
  ASSERT_GE(strict.size(), 1U);
  EXPECT_NE(strict[0].find("byte_order_mark@0"), std::string::npos) << strict[0];
  jwkview::stream_options lenient;
  lenient.parse.accept_bom = true;
  expect_chunk_invariant(with_bom, lenient, "bom");
  const std::vector<std::string> skipped = stream_whole(with_bom, lenient);
  ASSERT_EQ(skipped.size(), 1U) << join(skipped);
  EXPECT_NE(skipped[0].find("offset=3 "), std::string::npos) << skipped[0];

  jwkview::stream s;
  recorder r;
  (void)s.feed(ec.substr(0, 10), r);
  EXPECT_FALSE(s.between_documents());
  s.reset(5, false);
  EXPECT_TRUE(s.between_documents());
  (void)s.feed(ec, r);
  (void)s.finish(r);
  ASSERT_EQ(r.events.size(), 1U) << join(r.events);
  EXPECT_NE(r.events[0].find("offset=5 "), std::string::npos) << r.events[0];
}

}  // namespace
