// Key material: the public base64url/base64 decoder and encoder, RSA modulus
// and exponent, EC/OKP points, x5c DER, algorithm_fits.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "test_support.hpp"

namespace jwkview {
namespace {

using test::b64url;

std::string bytes_of(const std::vector<std::uint8_t>& v) {
  return {v.begin(), v.end()};
}

/// Padded standard base64 of `bytes`, from the base64url text.
std::string b64(std::string_view bytes) {
  std::string s = b64url(bytes);
  for (char& c : s) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (s.size() % 4 != 0) s += '=';
  return s;
}

/// Reference decoding: the octets whose canonical base64url is `text`.
std::vector<std::uint8_t> decode(std::string_view text) {
  std::vector<std::uint8_t> out(base64url_max_decoded_size(text.size()));
  const auto r = base64url_decode(text, out);
  EXPECT_TRUE(r);
  EXPECT_EQ(b64url(bytes_of(out)), text);
  return out;
}

key rsa(std::string_view n, std::string_view e = "AQAB") {
  key k;
  k.kty = {key_type::rsa, "RSA", presence::value};
  k.n = {n, presence::value};
  k.e = {e, presence::value};
  return k;
}

key point_key(key_type kty, curve crv, std::string_view x, std::string_view y = {}) {
  key k;
  k.kty = {kty, to_string(kty), presence::value};
  k.crv = {crv, to_string(crv), presence::value};
  k.x = {x, presence::value};
  if (!y.empty()) k.y = {y, presence::value};
  return k;
}

TEST(Base64url, RoundTripsEveryLengthAndByte) {
  std::mt19937 rng(7);
  for (std::size_t size = 0; size < 200; ++size) {
    std::string bytes(size, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    const std::string text = b64url(bytes);
    ASSERT_EQ(base64url_encoded_size(size), text.size());
    ASSERT_EQ(base64url_max_decoded_size(text.size()), size);

    const auto size_r = base64url_decoded_size(text);
    ASSERT_TRUE(size_r) << text;
    EXPECT_EQ(size_r.value, size);

    std::vector<std::uint8_t> out(size + 3, 0xEE);
    const auto r = base64url_decode(text, out);
    ASSERT_TRUE(r) << text;
    ASSERT_EQ(r.value, size);
    EXPECT_EQ(std::string(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(size)), bytes);
    EXPECT_EQ(out[size], 0xEE) << "wrote past the decoded size";

    std::string encoded(base64url_encoded_size(size), '?');
    const auto e = base64url_encode(
        std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), encoded);
    ASSERT_TRUE(e);
    EXPECT_EQ(encoded, text);

    const std::string std_text = b64(bytes);
    std::vector<std::uint8_t> out2(base64_max_decoded_size(std_text.size()));
    const auto s = base64_decode(std_text, out2);
    ASSERT_TRUE(s) << std_text;
    EXPECT_EQ(s.value, size);
    EXPECT_EQ(std::string(out2.begin(), out2.begin() + static_cast<std::ptrdiff_t>(size)), bytes);
  }
}

TEST(Base64url, RefusesWhatTheValidatorRefuses) {
  std::uint8_t out[64];
  for (std::string_view bad : {"A", "AQAB=", "AQ==", "AQ+B", "AQ/B", "AQ B", "AR", "AQAB\n", "AQF",
                               "a.b", "\xC3\xA9\xC3\xA9"}) {
    SCOPED_TRACE(bad);
    const auto r = base64url_decode(bad, out);
    EXPECT_EQ(r.code, error_code::invalid_base64url);
    EXPECT_EQ(base64url_decoded_size(bad).code, error_code::invalid_base64url);
  }
  for (std::string_view bad :
       {"AQAB=", "AQ=", "AQ", "AR==", "AQE=x", "AQ-_", "A===", "====", "AQ=A"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(base64_decode(bad, out).code, error_code::invalid_base64);
    EXPECT_EQ(base64_decoded_size(bad).code, error_code::invalid_base64);
  }
  EXPECT_TRUE(base64url_decode("", out));
  EXPECT_TRUE(base64_decode("", out));
}

TEST(Base64url, TooSmallWritesNothingAndSaysWhatIsNeeded) {
  std::uint8_t out[4] = {9, 9, 9, 9};
  const auto r = base64url_decode("AQIDBAU", std::span(out, 4));  // 5 octets
  EXPECT_EQ(r.code, error_code::buffer_too_small);
  EXPECT_EQ(r.value, 5u);
  EXPECT_EQ(out[0], 9);
  const auto s = base64_decode("AQIDBAU=", std::span(out, 4));
  EXPECT_EQ(s.code, error_code::buffer_too_small);
  EXPECT_EQ(s.value, 5u);
  char text[3];
  const std::uint8_t in[3] = {1, 2, 3};
  const auto e = base64url_encode(in, text);
  EXPECT_EQ(e.code, error_code::buffer_too_small);
  EXPECT_EQ(e.value, 4u);
  // Invalid text is invalid whatever the buffer.
  EXPECT_EQ(base64url_decode("A", std::span(out, 0)).code, error_code::invalid_base64url);
}

TEST(Material, RsaModulusAndExponent) {
  const key k = rsa(test::kRsaN);
  std::vector<std::uint8_t> buf(base64url_max_decoded_size(k.n.value.size()));
  const auto n = rsa_modulus(k, buf);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->size(), 256u);
  EXPECT_EQ((*n)[0], 0x99);
  EXPECT_FALSE(modulus_has_leading_zero(k));
  EXPECT_EQ(modulus_bits(k), 2048u);

  const key z = rsa(test::kRsaNLeadingZero);
  std::vector<std::uint8_t> buf2(base64url_max_decoded_size(z.n.value.size()));
  const auto nz = rsa_modulus(z, buf2);
  ASSERT_TRUE(nz);
  EXPECT_EQ(nz->size(), 256u);
  EXPECT_EQ(bytes_of({nz->begin(), nz->end()}), bytes_of({n->begin(), n->end()}));
  EXPECT_TRUE(modulus_has_leading_zero(z));
  EXPECT_EQ(modulus_bits(z), 2048u);
  EXPECT_TRUE(modulus_has_leading_zero(rsa("AH8")));   // 00 7F
  EXPECT_FALSE(modulus_has_leading_zero(rsa("AQ")));   // 01
  EXPECT_FALSE(modulus_has_leading_zero(rsa("AQ=")));  // not canonical
  std::uint8_t small[10];
  EXPECT_EQ(rsa_modulus(k, small).code, error_code::buffer_too_small);

  EXPECT_EQ(rsa_exponent(k).value, 65537u);
  EXPECT_EQ(rsa_exponent(rsa(test::kRsaN, "Aw")).value, 3u);
  EXPECT_EQ(rsa_exponent(rsa(test::kRsaN, "AAEAAQ")).value, 65537u);  // leading zero octet
  EXPECT_EQ(rsa_exponent(rsa(test::kRsaN, "AAAAAAEAAQ")).value, 65537u);
  EXPECT_EQ(rsa_exponent(rsa(test::kRsaN, "AA")).value, 0u);
  EXPECT_EQ(rsa_exponent(rsa(test::kRsaN, b64url(std::string(8, '\xFF')))).value,
            0xFFFFFFFFFFFFFFFFu);
  EXPECT_EQ(rsa_exponent(rsa(test::kRsaN, b64url(std::string("\x01\0\0\0\0\0\0\0\0", 9)))).code,
            error_code::invalid_exponent);
  EXPECT_EQ(rsa_exponent(rsa(test::kRsaN, "AQAB=")).code, error_code::invalid_base64url);

  key no_e = rsa(test::kRsaN);
  no_e.e = {};
  EXPECT_EQ(rsa_exponent(no_e).code, error_code::missing_member);
  const key ec = point_key(key_type::ec, curve::p256, test::kP256X, test::kP256Y);
  EXPECT_EQ(rsa_exponent(ec).code, error_code::unsupported_key);
  EXPECT_EQ(rsa_modulus(ec, buf).code, error_code::unsupported_key);
}

TEST(Material, PublicPoints) {
  struct row {
    curve crv;
    std::string_view x, y;
  };
  for (const row& r :
       {row{curve::p256, test::kP256X, test::kP256Y}, row{curve::p384, test::kP384X, test::kP384Y},
        row{curve::p521, test::kP521X, test::kP521Y},
        row{curve::secp256k1, test::kK256X, test::kK256Y}}) {
    SCOPED_TRACE(to_string(r.crv));
    const auto p = public_point(point_key(key_type::ec, r.crv, r.x, r.y));
    ASSERT_TRUE(p) << name_of(p.code);
    EXPECT_EQ(p->crv, r.crv);
    EXPECT_EQ(p->x().size(), coordinate_octets(r.crv));
    EXPECT_EQ(p->y().size(), coordinate_octets(r.crv));
    EXPECT_EQ(bytes_of({p->x().begin(), p->x().end()}), bytes_of(decode(r.x)));
    EXPECT_EQ(b64url(bytes_of({p->y().begin(), p->y().end()})), r.y);
  }
  for (const row& r :
       {row{curve::ed25519, test::kEd25519X, {}}, row{curve::ed448, test::kEd448X, {}},
        row{curve::x25519, test::kX25519X, {}}, row{curve::x448, test::kX448X, {}}}) {
    SCOPED_TRACE(to_string(r.crv));
    const auto p = public_point(point_key(key_type::okp, r.crv, r.x));
    ASSERT_TRUE(p) << name_of(p.code);
    EXPECT_EQ(b64url(bytes_of({p->x().begin(), p->x().end()})), r.x);
    EXPECT_TRUE(p->y().empty());
  }
  EXPECT_EQ(public_point(point_key(key_type::ec, curve::p384, test::kP256X, test::kP256Y)).code,
            error_code::wrong_coordinate_length);
  EXPECT_EQ(public_point(point_key(key_type::ec, curve::p256, test::kP256X, "AQ=")).code,
            error_code::invalid_base64url);
  EXPECT_EQ(public_point(point_key(key_type::ec, curve::p256, test::kP256X)).code,
            error_code::missing_member);
  EXPECT_EQ(public_point(point_key(key_type::ec, curve::ed25519, test::kEd25519X)).code,
            error_code::unsupported_key);
  EXPECT_EQ(public_point(point_key(key_type::okp, curve::unknown, test::kEd25519X)).code,
            error_code::unsupported_key);
  EXPECT_EQ(public_point(rsa(test::kRsaN)).code, error_code::unsupported_key);
}

TEST(Material, X5cEntryDecodesToDer) {
  std::vector<std::uint8_t> der(base64_max_decoded_size(test::kCert.size()));
  const auto r = base64_decode(test::kCert, der);
  ASSERT_TRUE(r);
  // A DER SEQUENCE whose length covers the rest.
  ASSERT_GE(r.value, 4u);
  EXPECT_EQ(der[0], 0x30);
  EXPECT_EQ(der[1], 0x82);
  EXPECT_EQ((std::size_t{der[2]} << 8 | der[3]) + 4, r.value);
}

TEST(Material, AlgorithmFits) {
  const key k = rsa(test::kRsaN);
  EXPECT_TRUE(algorithm_fits(algorithm::rs256, k));
  EXPECT_TRUE(algorithm_fits(algorithm::ps512, k));
  EXPECT_FALSE(algorithm_fits(algorithm::es256, k));
  EXPECT_TRUE(algorithm_fits(algorithm::unknown, k));
  const key ec = point_key(key_type::ec, curve::p384, test::kP384X, test::kP384Y);
  EXPECT_TRUE(algorithm_fits(algorithm::es384, ec));
  EXPECT_FALSE(algorithm_fits(algorithm::es256, ec));
  EXPECT_TRUE(algorithm_fits(algorithm::eddsa, key_type::okp, curve::ed25519));
  EXPECT_FALSE(algorithm_fits(algorithm::eddsa, key_type::okp, curve::x25519));
  EXPECT_TRUE(algorithm_fits(algorithm::hs256, key_type::oct, curve::unknown));
}

// Every alg against every kty and crv, by the names RFC 7518, 8037 and 8812
// give them: what each alg needs, written out here apart from the library's
// table.
TEST(Material, AlgorithmFitsEveryCombination) {
  const auto needs = [](std::string_view alg, key_type kty, curve crv) {
    const auto starts = [&](std::string_view p) { return alg.substr(0, p.size()) == p; };
    if (alg.empty()) return true;
    if (starts("RS") || starts("PS") || starts("RSA")) return kty == key_type::rsa;
    if (alg == "ES256") return kty == key_type::ec && crv == curve::p256;
    if (alg == "ES384") return kty == key_type::ec && crv == curve::p384;
    if (alg == "ES512") return kty == key_type::ec && crv == curve::p521;
    if (alg == "ES256K") return kty == key_type::ec && crv == curve::secp256k1;
    if (alg == "EdDSA")
      return kty == key_type::okp && (crv == curve::ed25519 || crv == curve::ed448);
    if (alg == "Ed25519") return kty == key_type::okp && crv == curve::ed25519;
    if (alg == "Ed448") return kty == key_type::okp && crv == curve::ed448;
    if (starts("ECDH-ES"))
      return kty == key_type::ec ||
             (kty == key_type::okp && (crv == curve::x25519 || crv == curve::x448));
    return kty == key_type::oct;  // HS*, A*KW, A*GCMKW, dir, PBES2-*
  };
  std::size_t algs = 0;
  for (std::size_t a = 0;; ++a) {
    const auto alg = static_cast<algorithm>(a);
    const std::string_view name = to_string(alg);
    if (a != 0 && name.empty()) break;
    ++algs;
    EXPECT_EQ(parse_algorithm(name), alg) << name;
    for (std::size_t t = 0; t <= static_cast<std::size_t>(key_type::okp); ++t) {
      for (std::size_t c = 0; c <= static_cast<std::size_t>(curve::x448); ++c) {
        const auto kty = static_cast<key_type>(t);
        const auto crv = static_cast<curve>(c);
        EXPECT_EQ(algorithm_fits(alg, kty, crv), needs(name, kty, crv))
            << name << " " << to_string(kty) << " " << to_string(crv);
      }
    }
  }
  EXPECT_EQ(algs, 36u);
  // A value past the last alg is unknown, which fits any key.
  EXPECT_TRUE(algorithm_fits(static_cast<algorithm>(200), key_type::rsa, curve::unknown));
}

}  // namespace
}  // namespace jwkview

namespace {

// Found by fuzz_parse_set (corpus/fuzz_parse_set/found-zero-exponent.json): a
// zero exponent is written as one zero octet, RFC 7518's Base64urlUInt for 0.
TEST(Material, ThumbprintInputWritesZeroAsOneOctet) {
  jwkview::parser p;
  const std::string json = R"({"kty":"RSA","n":"AQAB","e":"AAA"})";
  const jwkview::result<jwkview::key> k = p.parse_key(json);
  ASSERT_TRUE(k);
  char out[128];
  const auto input = jwkview::thumbprint_input(*k, out);
  ASSERT_TRUE(input);
  EXPECT_EQ(*input, R"({"e":"AA","kty":"RSA","n":"AQAB"})");
}

}  // namespace
