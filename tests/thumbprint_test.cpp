// RFC 7638 thumbprints: the RFC vectors from the shared corpora (expected
// values read from MANIFEST.json), the canonical input, minimal n and e.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "jwkview/thumbprint.hpp"
#include "test_support.hpp"

namespace jwkview {
namespace {

std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Keeps a JSON text alive for the rest of the run: keys view into it.
std::string_view kept(std::string json) {
  static std::deque<std::string> texts;
  return texts.emplace_back(std::move(json));
}

/// The manifest's "expected" object of one corpus file.
struct vector_case {
  std::string file;
  std::string json;       // the JWK file
  std::string b64url;     // expected thumbprint
  std::string canonical;  // expected canonical JSON
};

std::vector<vector_case> thumbprint_vectors(const std::filesystem::path& dir) {
  std::vector<vector_case> out;
  simdjson::dom::parser p;
  simdjson::dom::element manifest;
  const std::optional<std::string> text = read_file(dir / "MANIFEST.json");
  if (!text || p.parse(*text).get(manifest) != simdjson::SUCCESS) return out;
  for (simdjson::dom::element entry : manifest["files"].get_array()) {
    std::string_view file;
    std::string_view tp;
    std::string_view canonical;
    if (entry["file"].get_string().get(file) != simdjson::SUCCESS) continue;
    if (entry["expected"]["thumbprint_sha256_b64url"].get_string().get(tp) != simdjson::SUCCESS) {
      continue;
    }
    if (entry["expected"]["canonical_json"].get_string().get(canonical) != simdjson::SUCCESS) {
      canonical = {};
    }
    out.push_back({std::string(file), read_file(dir / file).value_or(""), std::string(tp),
                   std::string(canonical)});
  }
  return out;
}

TEST(Thumbprint, RfcVectorsFromTheManifest) {
  const char* root = std::getenv("JWKVIEW_CORPORA");
  if (root == nullptr || !std::filesystem::is_directory(root)) {
    GTEST_SKIP() << "corpora not found: set JWKVIEW_CORPORA (meson test sets it)";
  }
  const std::vector<vector_case> cases = thumbprint_vectors(std::filesystem::path(root) / "rfc");
  // RFC 7638 §3.1 and RFC 8037 A.3.
  ASSERT_GE(cases.size(), 2u);
  bool saw_7638 = false;
  bool saw_8037 = false;
  parser p(test::rfc_options());
  for (const vector_case& c : cases) {
    SCOPED_TRACE(c.file);
    const result<key> k = p.parse_key(c.json);
    ASSERT_TRUE(k) << name_of(k.error().code);
    const code_result<thumbprint> t = compute_thumbprint(*k);
    ASSERT_TRUE(t) << name_of(t.code);
    EXPECT_EQ(t->text(), c.b64url);
    EXPECT_EQ(t->uri(), std::string(thumbprint_uri_prefix) + c.b64url);
    std::string input(thumbprint_input_size(*k).value, '\0');
    const code_result<std::string_view> in = thumbprint_input(*k, input);
    ASSERT_TRUE(in);
    if (!c.canonical.empty()) {
      EXPECT_EQ(*in, c.canonical);
    }
    key_index::digest d{};
    EXPECT_TRUE(thumbprint_digest(*k, d));
    EXPECT_EQ(d, t->digest());
    if (c.b64url == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs") {
      saw_7638 = true;  // RFC 7638 §3.1 also lists the octets
      EXPECT_EQ(t->digest()[0], 55);
      EXPECT_EQ(t->digest()[1], 54);
      EXPECT_EQ(t->digest()[31], 123);
    }
    saw_8037 |= c.b64url == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
  }
  EXPECT_TRUE(saw_7638);
  EXPECT_TRUE(saw_8037);
}

TEST(Thumbprint, LeadingZeroOctetsAreDropped) {
  parser p(test::rfc_options());
  const result<key> plain = p.parse_key(kept(test::rsa_key().json()));
  ASSERT_TRUE(plain);
  const code_result<thumbprint> a = compute_thumbprint(*plain);
  const result<key> padded =
      p.parse_key(kept(test::rsa_key().str("n", test::kRsaNLeadingZero).str("e", "AAEAAQ").json()));
  ASSERT_TRUE(padded);
  const code_result<thumbprint> b = compute_thumbprint(*padded);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(a->text(), b->text());
  std::string input(thumbprint_input_size(*padded).value, '\0');
  EXPECT_EQ(*thumbprint_input(*padded, input),
            std::string(R"({"e":"AQAB","kty":"RSA","n":")") + std::string(test::kRsaN) + "\"}");
}

TEST(Thumbprint, EcAndOkpInputs) {
  parser p(test::rfc_options());
  const result<key> ec = p.parse_key(kept(test::ec_key("P-384").json()));
  ASSERT_TRUE(ec);
  std::string input(thumbprint_input_size(*ec).value, '\0');
  EXPECT_EQ(*thumbprint_input(*ec, input), std::string(R"({"crv":"P-384","kty":"EC","x":")") +
                                               std::string(test::kP384X) + R"(","y":")" +
                                               std::string(test::kP384Y) + "\"}");
  EXPECT_TRUE(compute_thumbprint(*ec));
  const result<key> okp = p.parse_key(kept(test::okp_key("X448").json()));
  ASSERT_TRUE(okp);
  std::string okp_input(thumbprint_input_size(*okp).value, '\0');
  EXPECT_EQ(*thumbprint_input(*okp, okp_input),
            std::string(R"({"crv":"X448","kty":"OKP","x":")") + std::string(test::kX448X) + "\"}");
  char small[10];
  EXPECT_EQ(thumbprint_input(*okp, small).code, error_code::buffer_too_small);
}

TEST(Thumbprint, Errors) {
  parser p(test::rfc_options(false));
  const result<key> unknown = p.parse_key(R"({"kty":"XYZ"})");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(compute_thumbprint(*unknown).code, error_code::unsupported_key);
  const result<key> bad = p.parse_key(kept(test::rsa_key().str("n", "AQAB=").json()));
  ASSERT_TRUE(bad);
  EXPECT_EQ(compute_thumbprint(*bad).code, error_code::invalid_base64url);
  const result<key> short_x =
      p.parse_key(kept(test::ec_key("P-256").str("x", test::kP384X).json()));
  ASSERT_TRUE(short_x);
  EXPECT_EQ(compute_thumbprint(*short_x).code, error_code::wrong_coordinate_length);
  // A 64 KiB modulus does not fit the stack buffer; scratch space does.
  options big_strings = test::rfc_options();
  big_strings.limits.max_string_bytes = 1 << 20;
  parser big(big_strings);
  const std::string n = "0" + std::string(6000, 'A') + "Q";
  const result<key> huge = big.parse_key(kept(test::rsa_key().str("n", n).json()));
  ASSERT_TRUE(huge) << name_of(huge.error().code);
  EXPECT_EQ(compute_thumbprint(*huge).code, error_code::buffer_too_small);
  std::vector<char> scratch(thumbprint_input_size(*huge).value);
  const code_result<thumbprint> with_scratch = compute_thumbprint(*huge, scratch);
  EXPECT_TRUE(with_scratch) << name_of(with_scratch.code);
}

}  // namespace
}  // namespace jwkview
