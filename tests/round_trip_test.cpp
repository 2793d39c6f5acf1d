// parse -> write -> parse gives an equal key, for every key of the examples
// and of the shared corpora, in every write_form: the same check the
// fuzz_round_trip target makes (fuzz/round_trip.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "round_trip.hpp"
#include "syntax_support.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".json" || ext == ".ndjson")) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// The documents of a file: one per line for .ndjson, else the whole text.
std::vector<std::string> documents(const fs::path& file) {
  const std::string text = syntest::read_file(file).value_or(std::string());
  if (file.extension() != ".ndjson") return {text};
  std::vector<std::string> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    if (end > begin) lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

/// Keys that parse_set delivers from `text` under the rfc7517 profile
/// without key checks (the most lenient), to show the check saw keys.
std::size_t lenient_keys(const std::string& text) {
  jwkview::options o;
  o.profile = jwkview::profile::rfc7517;
  o.key_checks = false;
  jwkview::parser p(o);
  std::vector<jwkview::key> storage(1024);
  return p.parse_set(text, storage).key_count();
}

/// Runs the round-trip check on every document of every file in `dir`;
/// returns the number of keys seen.
std::size_t check_folder(const fs::path& dir) {
  std::size_t keys = 0;
  for (const fs::path& file : json_files(dir)) {
    for (const std::string& doc : documents(file)) {
      SCOPED_TRACE(file.string());
      EXPECT_EQ(jwkview_round_trip::check(doc), "");
      keys += lenient_keys(doc);
    }
  }
  return keys;
}

TEST(RoundTrip, Examples) {
  const char* dir = std::getenv("JWKVIEW_EXAMPLES");
  if (dir == nullptr || *dir == '\0') GTEST_SKIP() << "JWKVIEW_EXAMPLES is not set";
  EXPECT_GE(check_folder(dir), 20u);
}

TEST(RoundTrip, Corpora) {
  const std::optional<fs::path> corpora = syntest::corpora_dir();
  if (!corpora) {
    GTEST_SKIP() << "corpora not found: set JWKVIEW_CORPORA to the folder holding "
                    "jsontestsuite/, rfc/ and okta/ (meson test sets it from -Dcorpora_dir)";
  }
  EXPECT_GE(check_folder(*corpora / "rfc"), 9u);
  EXPECT_GE(check_folder(*corpora / "okta" / "examples"), 5u);
  check_folder(*corpora / "jsontestsuite");  // odd JSON: few keys, no crash
}

TEST(RoundTrip, HandWrittenKeys) {
  const std::string rsa = syntest::okta_rsa(
      "e\\/1",
      R"(,"kid":"\u00e9\ud83d\udd11\u0001","created":null,"status":"INACTIVE",)"
      R"("_links":{"activate":{"href":"https:\/\/a\/b","name":"n","type":"t","templated":false,)"
      R"("hints":{"allow":["P\u004fST","GET"]}},"delete":{"href":"d","hints":{}}}})");
  const std::string ec = syntest::okta_ec("ec", R"(,"use":null,"kid":null,"created":null)");
  EXPECT_EQ(jwkview_round_trip::check(syntest::keys_set({rsa, ec})), "");
  EXPECT_EQ(jwkview_round_trip::check(
                R"({"keys":[{"kty":"oct","key_ops":["sign","x\ty","\u0000"],"x5c":["AAEC\/w=="],)"
                R"("x5u":"\"","use":"other","alg":"none"},{"kty":"weird","crv":"P-256"}]})"),
            "");
}

}  // namespace
