// The shared corpora, read in place from $JWKVIEW_CORPORA (never copied):
// JSONTestSuite, the RFC test vectors (with MANIFEST.json) and Okta's
// example responses and schemas.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syntax_support.hpp"

namespace {

namespace fs = std::filesystem;
using jwkview::error_class;
using jwkview::error_code;
using jwkview::set_shape;

#define REQUIRE_CORPORA(dir)                                                                  \
  const std::optional<fs::path> dir##_opt = syntest::corpora_dir();                           \
  if (!dir##_opt) {                                                                           \
    GTEST_SKIP() << "corpora not found: set JWKVIEW_CORPORA to the folder holding "           \
                    "jsontestsuite/, rfc/ and okta/ (meson test sets it from -Dcorpora_dir)"; \
  }                                                                                           \
  const fs::path dir = *dir##_opt

std::vector<fs::path> files_with_prefix(const fs::path& dir, std::string_view prefix) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.starts_with(prefix) && name.ends_with(".json")) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

jwkview::options profile_options(jwkview::profile prof, bool key_checks = true) {
  jwkview::options o;
  o.profile = prof;
  o.key_checks = key_checks;
  return o;
}

std::string load(const fs::path& p) {
  std::optional<std::string> text = syntest::read_file(p);
  EXPECT_TRUE(text.has_value()) << "cannot read " << p;
  return text.value_or(std::string());
}

/// Bits of a big-endian unsigned integer.
std::size_t bit_length(const std::vector<std::uint8_t>& bytes) {
  std::size_t i = 0;
  while (i < bytes.size() && bytes[i] == 0) ++i;
  if (i == bytes.size()) return 0;
  return (bytes.size() - i - 1) * 8 + static_cast<std::size_t>(std::bit_width(bytes[i]));
}

// ---------------------------------------------------------------------------
// JSONTestSuite

TEST(Corpora, JsonTestSuiteRejectsEveryN) {
  REQUIRE_CORPORA(root);
  const auto files = files_with_prefix(root / "jsontestsuite", "n_");
  ASSERT_GE(files.size(), 180u);
  for (const jwkview::profile prof : {jwkview::profile::okta, jwkview::profile::rfc7517}) {
    jwkview::parser p(profile_options(prof));
    syntest::storage st;
    for (const fs::path& f : files) {
      const std::string json = load(f);
      SCOPED_TRACE(f.filename().string());
      const auto r = st.parse(p, json);
      ASSERT_TRUE(r.document_failed()) << syntest::describe(r);
      ASSERT_EQ(r.errors().size(), 1u);
      EXPECT_EQ(r.key_count(), 0u);
      const error_class cls = r.errors()[0].cls();
      EXPECT_TRUE(cls == error_class::syntax || cls == error_class::limit) << syntest::describe(r);
      EXPECT_LE(r.errors()[0].offset, json.size());
      const auto rc = p.for_each_key(json, [](const jwkview::key&) {});
      EXPECT_TRUE(rc.document_failed());
      const auto k = p.parse_key(json);
      EXPECT_FALSE(k.has_value());
    }
  }
}

TEST(Corpora, JsonTestSuiteAcceptsEveryY) {
  REQUIRE_CORPORA(root);
  const auto files = files_with_prefix(root / "jsontestsuite", "y_");
  ASSERT_GE(files.size(), 90u);
  for (const jwkview::profile prof : {jwkview::profile::okta, jwkview::profile::rfc7517}) {
    jwkview::parser p(profile_options(prof));
    syntest::storage st;
    for (const fs::path& f : files) {
      const std::string json = load(f);
      SCOPED_TRACE(f.filename().string());
      const auto r = st.parse(p, json);
      // Not keys, so schema errors are expected; never a syntax or limit error.
      for (const jwkview::error& e : r.errors()) {
        EXPECT_NE(e.cls(), error_class::syntax) << syntest::describe(r);
        EXPECT_NE(e.cls(), error_class::limit) << syntest::describe(r);
      }
      if (r.document_failed()) {
        ASSERT_EQ(r.errors().size(), 1u);
        EXPECT_EQ(r.errors()[0].cls(), error_class::schema);
      }
    }
  }
}

TEST(Corpora, JsonTestSuiteImplementationDefinedNeverCrash) {
  REQUIRE_CORPORA(root);
  const auto files = files_with_prefix(root / "jsontestsuite", "i_");
  ASSERT_GE(files.size(), 30u);
  jwkview::parser p;
  syntest::storage st;
  for (const fs::path& f : files) {
    const std::string json = load(f);
    SCOPED_TRACE(f.filename().string());
    const auto r = st.parse(p, json);
    if (r.document_failed()) {
      EXPECT_EQ(r.errors().size(), 1u);
    }
    for (const jwkview::error& e : r.errors()) EXPECT_LE(e.offset, json.size());
    const auto rc = p.for_each_key(json, [](const jwkview::key&) {});
    EXPECT_EQ(rc.document_failed(), r.document_failed());
    // Numbers are validated, never converted: huge ones are valid JSON.
    if (f.filename().string().starts_with("i_number_")) {
      EXPECT_FALSE(r.document_failed()) << syntest::describe(r);
      for (const jwkview::error& e : r.errors()) EXPECT_EQ(e.cls(), error_class::schema);
    }
  }
}

struct known_answer {
  const char* file;
  error_code code;
  std::size_t offset;
  std::string path;
};

TEST(Corpora, JsonTestSuiteKnownAnswers) {
  REQUIRE_CORPORA(root);
  const std::string deep = [] {
    std::string s;
    for (int i = 0; i < 64; ++i) s += "/0";
    return s;
  }();
  const known_answer answers[] = {
      {"n_structure_no_data.json", error_code::empty_document, 0, ""},
      {"n_single_space.json", error_code::empty_document, 0, ""},
      {"n_structure_UTF8_BOM_no_data.json", error_code::byte_order_mark, 0, ""},
      {"n_array_extra_comma.json", error_code::unexpected_character, 4, "/1"},
      {"n_incomplete_true.json", error_code::invalid_literal, 1, "/0"},
      {"n_number_-01.json", error_code::invalid_number, 1, "/0"},
      {"n_number_starting_with_dot.json", error_code::unexpected_character, 1, "/0"},
      {"n_number_+1.json", error_code::unexpected_character, 1, "/0"},
      {"n_number_real_without_fractional_part.json", error_code::invalid_number, 1, "/0"},
      {"n_string_escape_x.json", error_code::invalid_escape, 2, "/0"},
      {"n_string_invalid_utf8_after_escape.json", error_code::invalid_escape, 2, "/0"},
      {"n_string_unicode_CapitalU.json", error_code::invalid_escape, 1, ""},
      {"n_string_unescaped_newline.json", error_code::control_character, 5, "/0"},
      {"n_string_unescaped_tab.json", error_code::control_character, 2, "/0"},
      {"n_string_single_doublequote.json", error_code::unclosed_string, 0, ""},
      {"n_structure_lone-open-bracket.json", error_code::truncated, 1, "/0"},
      {"n_object_missing_colon.json", error_code::unexpected_character, 5, ""},
      {"n_object_non_string_key.json", error_code::unexpected_character, 1, ""},
      {"n_object_key_with_single_quotes.json", error_code::unexpected_character, 1, ""},
      {"n_array_1_true_without_comma.json", error_code::unexpected_character, 3, ""},
      {"n_array_a_invalid_utf8.json", error_code::unexpected_character, 1, "/0"},
      {"n_object_trailing_comment.json", error_code::trailing_content, 9, ""},
      // "123" then NUL: NUL is not a delimiter, so the token is not a number.
      {"n_multidigit_number_then_00.json", error_code::invalid_number, 0, ""},
      {"n_structure_double_array.json", error_code::trailing_content, 2, ""},
      {"n_structure_100000_opening_arrays.json", error_code::too_deep, 64, deep},
      {"i_structure_500_nested_arrays.json", error_code::too_deep, 64, deep},
      {"i_structure_UTF-8_BOM_empty_object.json", error_code::byte_order_mark, 0, ""},
      {"i_string_1st_surrogate_but_2nd_missing.json", error_code::lone_surrogate, 2, "/0"},
      {"i_string_lone_second_surrogate.json", error_code::lone_surrogate, 2, "/0"},
      {"i_string_inverted_surrogates_U+1D11E.json", error_code::lone_surrogate, 2, "/0"},
      {"i_string_incomplete_surrogate_and_escape_valid.json", error_code::lone_surrogate, 2, "/0"},
      {"i_object_key_lone_2nd_surrogate.json", error_code::lone_surrogate, 2, ""},
      {"i_string_UTF-8_invalid_sequence.json", error_code::invalid_utf8, 7, "/0"},
      {"i_string_overlong_sequence_2_bytes.json", error_code::invalid_utf8, 2, "/0"},
      {"i_string_not_in_unicode_range.json", error_code::invalid_utf8, 2, "/0"},
      {"i_string_UTF8_surrogate_U+D800.json", error_code::invalid_utf8, 2, "/0"},
      {"i_string_truncated-utf-8.json", error_code::invalid_utf8, 2, "/0"},
      {"i_string_lone_utf8_continuation_byte.json", error_code::invalid_utf8, 2, "/0"},
      {"i_string_iso_latin_1.json", error_code::invalid_utf8, 2, "/0"},
  };
  jwkview::parser p;
  syntest::storage st;
  for (const known_answer& a : answers) {
    const fs::path f = root / "jsontestsuite" / a.file;
    if (!fs::exists(f)) {
      ADD_FAILURE() << "missing corpus file " << f;
      continue;
    }
    const std::string json = load(f);
    EXPECT_TRUE(syntest::is_document_error(st.parse(p, json), a.code, a.offset, a.path)) << a.file;
  }

  // With accept_bom the BOM'd empty object is an (empty) single key.
  jwkview::options o;
  o.accept_bom = true;
  jwkview::parser pb(o);
  const auto r =
      st.parse(pb, load(root / "jsontestsuite" / "i_structure_UTF-8_BOM_empty_object.json"));
  EXPECT_EQ(r.shape(), set_shape::single_key);
  for (const jwkview::error& e : r.errors()) EXPECT_EQ(e.cls(), error_class::schema);
}

// ---------------------------------------------------------------------------
// RFC test vectors

/// The MANIFEST.json entry of one file (its text), for simple lookups.
class manifest {
 public:
  explicit manifest(std::string text) : text_(std::move(text)) {}
  [[nodiscard]] std::string entry(std::string_view file) const {
    std::string key = "\"file\": ";
    key += quoted(file);
    const std::size_t start = text_.find(key);
    if (start == std::string::npos) return {};
    const std::size_t end = text_.find("\"file\":", start + key.size());
    return text_.substr(start, end == std::string::npos ? std::string::npos : end - start);
  }
  [[nodiscard]] std::vector<std::string> files() const {
    std::vector<std::string> out;
    std::size_t at = 0;
    while ((at = text_.find("\"file\":", at)) != std::string::npos) {
      at += 7;
      if (auto s = string_at(text_, at)) out.push_back(*s);
    }
    return out;
  }
  static std::string quoted(std::string_view name) {
    std::string s;
    s += '"';
    s += name;
    s += '"';
    return s;
  }
  static std::optional<long> number(const std::string& entry, std::string_view name) {
    std::size_t at = value_of(entry, name);
    if (at == std::string::npos || at >= entry.size() || entry[at] < '0' || entry[at] > '9') {
      return std::nullopt;
    }
    long v = 0;
    while (at < entry.size() && entry[at] >= '0' && entry[at] <= '9') {
      v = v * 10 + (entry[at++] - '0');
    }
    return v;
  }
  static std::optional<std::string> text(const std::string& entry, std::string_view name) {
    const std::size_t at = value_of(entry, name);
    if (at == std::string::npos) return std::nullopt;
    return string_at(entry, at);
  }
  static std::vector<std::string> strings(const std::string& entry, std::string_view name) {
    std::vector<std::string> out;
    std::size_t at = value_of(entry, name);
    if (at == std::string::npos || at >= entry.size() || entry[at] != '[') return out;
    const std::size_t close = entry.find(']', at);
    while (close != std::string::npos) {
      at = entry.find('"', at);
      if (at == std::string::npos || at > close) break;
      const std::size_t end = entry.find('"', at + 1);
      out.push_back(entry.substr(at + 1, end - at - 1));
      at = end + 1;
    }
    return out;
  }

 private:
  /// Offset of the first non-space byte after `"name":`, or npos.
  static std::size_t value_of(const std::string& entry, std::string_view name) {
    std::string key = quoted(name);
    key += ':';
    std::size_t at = entry.find(key);
    if (at == std::string::npos) return at;
    at += key.size();
    while (at < entry.size() && (entry[at] == ' ' || entry[at] == '\n')) ++at;
    return at;
  }
  /// The string starting at the first quote at or after `at` (no escapes).
  static std::optional<std::string> string_at(const std::string& text, std::size_t at) {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\n')) ++at;
    if (at >= text.size() || text[at] != '"') return std::nullopt;
    const std::size_t end = text.find('"', at + 1);
    if (end == std::string::npos) return std::nullopt;
    return text.substr(at + 1, end - at - 1);
  }
  std::string text_;
};

TEST(Corpora, RfcManifestFilesAllAreJson) {
  REQUIRE_CORPORA(root);
  const fs::path dir = root / "rfc";
  const manifest man(load(dir / "MANIFEST.json"));
  const auto files = man.files();
  ASSERT_GE(files.size(), 14u);
  jwkview::parser p(profile_options(jwkview::profile::rfc7517));
  syntest::storage st;
  for (const std::string& f : files) {
    SCOPED_TRACE(f);
    ASSERT_TRUE(fs::exists(dir / f));
    const auto r = st.parse(p, load(dir / f));
    for (const jwkview::error& e : r.errors()) {
      EXPECT_NE(e.cls(), error_class::syntax) << syntest::describe(r);
      EXPECT_NE(e.cls(), error_class::limit) << syntest::describe(r);
    }
  }
}

TEST(Corpora, Rfc7517A1PublicKeys) {
  REQUIRE_CORPORA(root);
  const fs::path dir = root / "rfc";
  const manifest man(load(dir / "MANIFEST.json"));
  const std::string entry = man.entry("rfc7517_A.1_public_keys.jwks.json");
  ASSERT_FALSE(entry.empty());
  const std::string json = load(dir / "rfc7517_A.1_public_keys.jwks.json");

  jwkview::parser p(profile_options(jwkview::profile::rfc7517));
  syntest::storage st;
  const auto r = st.parse(p, json);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  EXPECT_EQ(r.shape(), set_shape::keys_object);
  ASSERT_EQ(static_cast<long>(r.key_count()), manifest::number(entry, "keys").value_or(-1));
  const auto kids = manifest::strings(entry, "kid");
  ASSERT_EQ(kids.size(), r.key_count());
  for (std::size_t i = 0; i < kids.size(); ++i) EXPECT_EQ(r.keys()[i].kid.value, kids[i]);

  const jwkview::key& ec = r.keys()[0];
  EXPECT_TRUE(ec.kty.is(jwkview::key_type::ec));
  EXPECT_TRUE(ec.crv.is(jwkview::curve::p256));
  EXPECT_TRUE(ec.use.is(jwkview::key_use::enc));
  const long octets = manifest::number(entry, "ec_coordinate_octets").value_or(-1);
  const auto x = syntest::decode_base64(ec.x.value);
  const auto y = syntest::decode_base64(ec.y.value);
  ASSERT_TRUE(x && y);
  EXPECT_EQ(static_cast<long>(x->size()), octets);
  EXPECT_EQ(static_cast<long>(y->size()), octets);
  EXPECT_EQ(jwkview::coordinate_octets(ec.crv.value), static_cast<std::size_t>(octets));

  const jwkview::key& rsa = r.keys()[1];
  EXPECT_TRUE(rsa.kty.is(jwkview::key_type::rsa));
  EXPECT_TRUE(rsa.alg.is(jwkview::algorithm::rs256));
  EXPECT_EQ(rsa.e.value, "AQAB");
  const auto n = syntest::decode_base64(rsa.n.value);
  ASSERT_TRUE(n.has_value());
  const long bits = manifest::number(entry, "rsa_modulus_bits").value_or(-1);
  EXPECT_EQ(n->size() * 8, static_cast<std::size_t>(bits));
  EXPECT_EQ(static_cast<long>(bit_length(*n)), bits);
  EXPECT_EQ(static_cast<long>(jwkview::modulus_bits(rsa)), bits);
  EXPECT_EQ(rsa.offset, json.find('{', json.find("},") + 1));
  EXPECT_EQ(rsa.index, 1u);
}

TEST(Corpora, Rfc7517BX5c) {
  REQUIRE_CORPORA(root);
  const fs::path dir = root / "rfc";
  const manifest man(load(dir / "MANIFEST.json"));
  const std::string entry = man.entry("rfc7517_B_x5c_rsa_sig.jwk.json");
  const std::string json = load(dir / "rfc7517_B_x5c_rsa_sig.jwk.json");
  jwkview::parser p(profile_options(jwkview::profile::rfc7517));
  syntest::storage st;
  const auto r = st.parse(p, json);
  ASSERT_TRUE(r.ok()) << syntest::describe(r);
  EXPECT_EQ(r.shape(), set_shape::single_key);
  ASSERT_EQ(r.key_count(), 1u);
  const jwkview::key& k = r.keys()[0];
  EXPECT_EQ(k.kid.value, "1b94c");
  EXPECT_TRUE(k.use.is(jwkview::key_use::sig));
  ASSERT_TRUE(k.x5c.has_value());
  ASSERT_EQ(k.x5c.value.size(), 1u);
  const std::string_view cert = k.x5c.value[0];
  EXPECT_NE(cert.find('+'), std::string_view::npos);  // standard base64, not base64url
  const auto der = syntest::decode_base64(cert, /*standard=*/true);
  ASSERT_TRUE(der.has_value());
  ASSERT_GE(der->size(), 4u);
  EXPECT_EQ((*der)[0], 0x30);  // DER SEQUENCE
  EXPECT_EQ((*der)[1], 0x82);
  EXPECT_EQ(static_cast<std::size_t>((*der)[2]) * 256 + (*der)[3] + 4, der->size());
  const long bits = manifest::number(entry, "rsa_modulus_bits").value_or(-1);
  EXPECT_EQ(static_cast<long>(jwkview::modulus_bits(k)), bits);

  // parse_key agrees.
  const auto one = p.parse_key(json);
  ASSERT_TRUE(one.has_value()) << syntest::describe(one.error());
  EXPECT_EQ(one->x5c.value.size(), 1u);
}

TEST(Corpora, Rfc7517A2PrivateKeysAreRefusedPerKey) {
  REQUIRE_CORPORA(root);
  const fs::path dir = root / "rfc";
  const manifest man(load(dir / "MANIFEST.json"));
  const std::string entry = man.entry("rfc7517_A.2_private_keys.jwks.json");
  const std::string json = load(dir / "rfc7517_A.2_private_keys.jwks.json");
  const long keys = manifest::number(entry, "keys").value_or(-1);
  for (const jwkview::profile prof : {jwkview::profile::rfc7517, jwkview::profile::okta}) {
    for (const bool checks : {true, false}) {
      jwkview::parser p(profile_options(prof, checks));
      syntest::storage st;
      const auto r = st.parse(p, json);
      EXPECT_FALSE(r.document_failed());
      EXPECT_EQ(r.key_count(), 0u);
      ASSERT_EQ(static_cast<long>(r.errors().size()), keys) << syntest::describe(r);
      std::size_t kty = 0;
      for (std::size_t i = 0; i < r.errors().size(); ++i) {
        kty = json.find("\"kty\"", kty + 1);  // each key starts with kty
        const std::size_t d = json.find("\"d\"", kty);
        EXPECT_TRUE(syntest::is_error(r.errors()[i], error_code::private_member, d,
                                      "/keys/" + std::to_string(i) + "/d"));
        EXPECT_EQ(r.errors()[i].cls(), error_class::key);
      }
    }
  }
}

TEST(Corpora, Rfc7517A3SymmetricKeys) {
  REQUIRE_CORPORA(root);
  const std::string json = load(root / "rfc" / "rfc7517_A.3_symmetric_keys.jwks.json");
  // rfc7517: oct is a known type whose material `k` is private.
  {
    jwkview::parser p(profile_options(jwkview::profile::rfc7517));
    syntest::storage st;
    const auto r = st.parse(p, json);
    EXPECT_FALSE(r.document_failed());
    EXPECT_EQ(r.key_count(), 0u);
    ASSERT_EQ(r.errors().size(), 2u) << syntest::describe(r);
    std::size_t k = 0;
    for (std::size_t i = 0; i < 2; ++i) {
      k = json.find("\"k\"", k + 1);
      EXPECT_TRUE(syntest::is_error(r.errors()[i], error_code::private_member, k,
                                    "/keys/" + std::to_string(i) + "/k"));
    }
  }
  // okta: kty "oct" is outside the enum and comes before `k`, but a private
  // member is reported as such under every profile.
  for (const jwkview::profile profile : {jwkview::profile::okta, jwkview::profile::automatic}) {
    jwkview::parser p(profile_options(profile));
    syntest::storage st;
    const auto r = st.parse(p, json);
    EXPECT_FALSE(r.document_failed());
    ASSERT_EQ(r.errors().size(), 2u) << syntest::describe(r);
    std::size_t k = 0;
    for (std::size_t i = 0; i < 2; ++i) {
      k = json.find("\"k\"", k + 1);
      EXPECT_TRUE(syntest::is_error(r.errors()[i], error_code::private_member, k,
                                    "/keys/" + std::to_string(i) + "/k"));
    }
  }
}

TEST(Corpora, Rfc8037OkpKeys) {
  REQUIRE_CORPORA(root);
  const fs::path dir = root / "rfc";
  const manifest man(load(dir / "MANIFEST.json"));
  const struct {
    const char* file;
    jwkview::curve crv;
    std::size_t octets;
  } publics[] = {
      {"rfc8037_A.2_ed25519_public.jwk.json", jwkview::curve::ed25519, 32},
      {"rfc8037_A.6_x25519_bob_public.jwk.json", jwkview::curve::x25519, 32},
      {"rfc8037_A.6_x25519_ephemeral_public.jwk.json", jwkview::curve::x25519, 32},
      {"rfc8037_A.7_x448_dave_public.jwk.json", jwkview::curve::x448, 56},
      {"rfc8037_A.7_x448_ephemeral_public.jwk.json", jwkview::curve::x448, 56},
  };
  jwkview::parser p(profile_options(jwkview::profile::rfc7517));
  syntest::storage st;
  std::size_t with_hex = 0;
  for (const auto& f : publics) {
    SCOPED_TRACE(f.file);
    const std::string json = load(dir / f.file);
    const auto r = st.parse(p, json);
    ASSERT_TRUE(r.ok()) << syntest::describe(r);
    ASSERT_EQ(r.key_count(), 1u);
    const jwkview::key& k = r.keys()[0];
    EXPECT_TRUE(k.kty.is(jwkview::key_type::okp));
    EXPECT_TRUE(k.crv.is(f.crv));
    const auto x = syntest::decode_base64(k.x.value);
    ASSERT_TRUE(x.has_value());
    EXPECT_EQ(x->size(), f.octets);
    const auto hex = manifest::text(man.entry(f.file), "x_hex");
    if (hex.has_value()) {
      ++with_hex;
      EXPECT_EQ(syntest::to_hex(*x), *hex);
    }
  }
  EXPECT_EQ(with_hex, 4u);  // all but A.2, whose manifest entry gives its thumbprint
  // Ed25519 x also matches the private file's x_hex; the private file itself
  // is refused at `d`.
  const std::string priv = load(dir / "rfc8037_A.1_ed25519_private.jwk.json");
  const auto r = st.parse(p, priv);
  EXPECT_FALSE(r.document_failed());
  EXPECT_EQ(r.key_count(), 0u);
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_TRUE(
      syntest::is_error(r.errors()[0], error_code::private_member, priv.find("\"d\""), "/d"));
  const std::string pub_json = load(dir / "rfc8037_A.2_ed25519_public.jwk.json");
  const auto pub = st.parse(p, pub_json);
  ASSERT_EQ(pub.key_count(), 1u);
  const auto x = syntest::decode_base64(pub.keys()[0].x.value);
  ASSERT_TRUE(x.has_value());
  EXPECT_EQ(
      syntest::to_hex(*x),
      manifest::text(man.entry("rfc8037_A.1_ed25519_private.jwk.json"), "x_hex").value_or("?"));

  // Okta's profile knows neither OKP nor these curves.
  jwkview::parser po(profile_options(jwkview::profile::okta));
  const std::string ed = load(dir / "rfc8037_A.2_ed25519_public.jwk.json");
  const auto ro = st.parse(po, ed);
  EXPECT_EQ(ro.key_count(), 0u);
  ASSERT_EQ(ro.errors().size(), 1u);
  EXPECT_TRUE(
      syntest::is_error(ro.errors()[0], error_code::unknown_value, ed.find("\"OKP\""), "/kty"));
}

TEST(Corpora, Rfc7518AppendixC) {
  REQUIRE_CORPORA(root);
  const fs::path dir = root / "rfc";
  const manifest man(load(dir / "MANIFEST.json"));
  // Alice's ephemeral and Bob's keys carry the private `d`.
  for (const char* file :
       {"rfc7518_C_alice_ephemeral_p256_private.jwk.json", "rfc7518_C_bob_p256_private.jwk.json"}) {
    SCOPED_TRACE(file);
    const std::string json = load(dir / file);
    EXPECT_EQ(manifest::number(man.entry(file), "ec_coordinate_octets").value_or(-1), 32);
    for (const jwkview::profile prof : {jwkview::profile::rfc7517, jwkview::profile::okta}) {
      jwkview::parser p(profile_options(prof));
      syntest::storage st;
      const auto r = st.parse(p, json);
      EXPECT_FALSE(r.document_failed());
      EXPECT_EQ(r.shape(), set_shape::single_key);
      EXPECT_EQ(r.key_count(), 0u);
      ASSERT_EQ(r.errors().size(), 1u);
      EXPECT_TRUE(
          syntest::is_error(r.errors()[0], error_code::private_member, json.find("\"d\""), "/d"));
    }
    // Without `d` the public part is a valid P-256 key with 32-octet coordinates.
    std::string pub = json;
    const std::size_t d = pub.find(",\n  \"d\"");
    ASSERT_NE(d, std::string::npos);
    pub.erase(d, pub.find('\n', d + 2) - d);
    jwkview::parser p(profile_options(jwkview::profile::rfc7517));
    const auto k = p.parse_key(pub);
    ASSERT_TRUE(k.has_value()) << syntest::describe(k.error()) << pub;
    EXPECT_EQ(syntest::decode_base64(k->x.value).value_or(std::vector<std::uint8_t>{}).size(), 32u);
    EXPECT_EQ(syntest::decode_base64(k->y.value).value_or(std::vector<std::uint8_t>{}).size(), 32u);
  }
  // The JWE header is not a JWK: a root object without `keys`/`jwks` is read
  // as a single key, and it has no `kty` (its JWK is one level down, in `epk`).
  const std::string header = load(dir / "rfc7518_C_jwe_header_with_epk.json");
  {
    jwkview::parser p(profile_options(jwkview::profile::rfc7517));
    syntest::storage st;
    const auto r = st.parse(p, header);
    EXPECT_FALSE(r.document_failed());
    EXPECT_EQ(r.shape(), set_shape::single_key);
    EXPECT_EQ(r.key_count(), 0u);
    ASSERT_EQ(r.errors().size(), 1u) << syntest::describe(r);
    EXPECT_EQ(r.errors()[0].code, error_code::missing_member);
    EXPECT_EQ(r.errors()[0].offset, 0u);
    EXPECT_EQ(r.errors()[0].path(), "/kty");
  }
  {
    jwkview::parser p(profile_options(jwkview::profile::okta));
    syntest::storage st;
    const auto r = st.parse(p, header);
    ASSERT_EQ(r.errors().size(), 1u) << syntest::describe(r);
    EXPECT_EQ(r.errors()[0].code, error_code::missing_member);
    EXPECT_EQ(r.errors()[0].offset, 0u);
    EXPECT_EQ(r.errors()[0].path(), "/id");
  }
}

TEST(Corpora, Rfc7638ThumbprintKey) {
  REQUIRE_CORPORA(root);
  const std::string json = load(root / "rfc" / "rfc7638_3.1_thumbprint_rsa.jwk.json");
  const std::string a1 = load(root / "rfc" / "rfc7517_A.1_public_keys.jwks.json");
  jwkview::parser p(profile_options(jwkview::profile::rfc7517));
  const auto k = p.parse_key(json);
  ASSERT_TRUE(k.has_value()) << syntest::describe(k.error());
  EXPECT_EQ(k->kid.value, "2011-04-29");
  EXPECT_EQ(jwkview::modulus_bits(*k), 2048u);
  // Same modulus as RFC 7517 A.1 (the manifest says so).
  EXPECT_NE(a1.find(std::string(k->n.value)), std::string::npos);
}

// ---------------------------------------------------------------------------
// Okta examples

struct okta_example {
  const char* file;
  set_shape shape;
  std::size_t keys;
  const char* prefix;  // path prefix of key i
};

constexpr okta_example kOktaExamples[] = {
    {"oAuthClientJsonWebKeyListResponse.json", set_shape::jwks_object, 2, "/jwks/keys/"},
    {"oAuthClientJsonWebKeyListResponse.bare_array.json", set_shape::array, 2, "/"},
    {"oAuthClientJsonWebKey.json", set_shape::single_key, 1, nullptr},
    {"deactivateOAuth2ClientJsonWebKeyResponse.json", set_shape::single_key, 1, nullptr},
    {"oAuthClientJsonInactiveEncryptionKey.json", set_shape::single_key, 1, nullptr},
};

TEST(Corpora, OktaExamplesParseWithoutKeyChecks) {
  REQUIRE_CORPORA(root);
  const fs::path dir = root / "okta" / "examples";
  jwkview::parser p(profile_options(jwkview::profile::okta, /*key_checks=*/false));
  syntest::storage st;
  for (const okta_example& ex : kOktaExamples) {
    SCOPED_TRACE(ex.file);
    const std::string json = load(dir / ex.file);
    const auto r = st.parse(p, json);
    ASSERT_TRUE(r.ok()) << syntest::describe(r);
    EXPECT_EQ(r.shape(), ex.shape);
    ASSERT_EQ(r.key_count(), ex.keys);
    for (const jwkview::key& k : r.keys()) {
      EXPECT_TRUE(k.kty.is(jwkview::key_type::rsa));
      EXPECT_EQ(k.e.value, "AQAB");
      EXPECT_NE(k.n.value.find("....."), std::string_view::npos);  // the elided placeholder
      EXPECT_TRUE(k.links.has_value());
      EXPECT_TRUE(syntest::points_into(k.n.value, json));
    }
  }

  // Details of the listing.
  const std::string listing = load(dir / "oAuthClientJsonWebKeyListResponse.json");
  const auto r = st.parse(p, listing);
  ASSERT_EQ(r.key_count(), 2u);
  const jwkview::key& inactive = r.keys()[0];
  EXPECT_EQ(inactive.id.value, "pks2f4zrZbs8nUa7p0g4");
  EXPECT_TRUE(inactive.status.is(jwkview::key_status::inactive));
  EXPECT_TRUE(inactive.alg.is(jwkview::algorithm::rs256));
  EXPECT_TRUE(inactive.links.activate.has_value());
  EXPECT_TRUE(inactive.links.delete_.has_value());
  EXPECT_FALSE(inactive.links.deactivate.has_value());
  EXPECT_TRUE(inactive.links.delete_.allow.values.contains(jwkview::http_method::delete_));
  EXPECT_EQ(inactive.created.value, "2023-02-21T20:08:24.000Z");
  const jwkview::key& active = r.keys()[1];
  EXPECT_TRUE(active.status.is(jwkview::key_status::active));
  EXPECT_TRUE(active.links.deactivate.allow.values.contains(jwkview::http_method::post));
  EXPECT_EQ(active.links.deactivate.href.value.substr(0, 26), "https://{yourOktaDomain}/a");
  EXPECT_EQ(active.index, 1u);

  // The encryption key: `use` enc, no `alg`.
  const auto enc = p.parse_key(load(dir / "oAuthClientJsonInactiveEncryptionKey.json"));
  ASSERT_TRUE(enc.has_value()) << syntest::describe(enc.error());
  EXPECT_TRUE(enc->use.is(jwkview::key_use::enc));
  EXPECT_TRUE(enc->alg.is_absent());
}

TEST(Corpora, OktaExamplePlaceholdersFailKeyChecks) {
  REQUIRE_CORPORA(root);
  const fs::path dir = root / "okta" / "examples";
  jwkview::parser p(profile_options(jwkview::profile::okta, /*key_checks=*/true));
  syntest::storage st;
  for (const okta_example& ex : kOktaExamples) {
    SCOPED_TRACE(ex.file);
    const std::string json = load(dir / ex.file);
    const auto r = st.parse(p, json);
    EXPECT_FALSE(r.document_failed());
    EXPECT_EQ(r.shape(), ex.shape);
    EXPECT_EQ(r.key_count(), 0u);
    ASSERT_EQ(r.errors().size(), ex.keys) << syntest::describe(r);
    std::size_t from = 0;
    for (std::size_t i = 0; i < ex.keys; ++i) {
      const std::size_t n_name = json.find("\"n\":", from);
      const std::size_t n_value = json.find('"', n_name + 4);
      from = n_value;
      const std::string path =
          ex.prefix == nullptr ? std::string("/n") : ex.prefix + std::to_string(i) + "/n";
      EXPECT_TRUE(syntest::is_error(r.errors()[i], error_code::invalid_base64url, n_value, path));
      EXPECT_EQ(r.errors()[i].cls(), error_class::key);
    }
  }
}

TEST(Corpora, OktaSchemasAreJson) {
  REQUIRE_CORPORA(root);
  const auto files = files_with_prefix(root / "okta" / "schemas", "");
  ASSERT_GE(files.size(), 10u);
  jwkview::parser p;
  syntest::storage st;
  for (const fs::path& f : files) {
    SCOPED_TRACE(f.filename().string());
    const auto r = st.parse(p, load(f));
    for (const jwkview::error& e : r.errors()) {
      EXPECT_NE(e.cls(), error_class::syntax) << syntest::describe(r);
      EXPECT_NE(e.cls(), error_class::limit) << syntest::describe(r);
    }
  }
}

}  // namespace
