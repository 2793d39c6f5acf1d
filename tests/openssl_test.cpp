// libjwkview_openssl against the real `openssl` command: keys generated with
// `openssl genpkey`, tokens signed with `openssl dgst` / `pkeyutl`, verified
// here through jwkview (parse, index, to_evp_pkey, jwt_reader, verify_jws) and
// through examples/gateway_verify; PEM compared with `openssl pkey -pubout`;
// bad material refused with its own code. No network.
//
// Environment (set by Meson): JWKVIEW_OPENSSL, the openssl binary;
// JWKVIEW_GATEWAY_EXAMPLE, the example binary; JWKVIEW_CORPORA for x5c.
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "jwkview/jws.hpp"
#include "jwkview/openssl.hpp"
#include "jwkview/thumbprint.hpp"
#include "test_support.hpp"

namespace jwkview {
namespace {

namespace fs = std::filesystem;
using test::b64url;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

/// Keeps a JSON text alive for the rest of the run: keys view into it.
std::string_view kept(std::string json) {
  static std::deque<std::string> texts;
  return texts.emplace_back(std::move(json));
}

/// Runs a shell command; returns its exit status and (optionally) its stdout.
int run(const std::string& command, std::string* out = nullptr) {
  FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buf[4096];
  std::size_t got = 0;
  while ((got = std::fread(buf, 1, sizeof buf, pipe)) > 0) {
    if (out != nullptr) out->append(buf, got);
  }
  const int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string bytes(const unsigned char* p, std::size_t n) {
  return {reinterpret_cast<const char*>(p), n};
}

/// One generated key: its private PEM file and public JWK members.
struct generated {
  std::string name;
  fs::path pem;
  std::string jwk;  // JSON object
};

/// The public JWK of an openssl-generated private key, read with OpenSSL's
/// own parameter getters (independent of jwkview's bridge, which goes the
/// other way).
std::string public_jwk(const fs::path& pem, const std::string& kid) {
  FILE* f = std::fopen(pem.c_str(), "r");
  if (f == nullptr) return {};
  EVP_PKEY* pkey = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (pkey == nullptr) return {};
  const evp_pkey_ptr owned(pkey);
  test::json_object j;
  j.str("kid", kid);
  if (EVP_PKEY_is_a(pkey, "RSA") == 1) {
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n);
    EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e);
    std::vector<unsigned char> nb(static_cast<std::size_t>(BN_num_bytes(n)));
    std::vector<unsigned char> eb(static_cast<std::size_t>(BN_num_bytes(e)));
    BN_bn2bin(n, nb.data());
    BN_bn2bin(e, eb.data());
    BN_free(n);
    BN_free(e);
    j.str("kty", "RSA").str("n", b64url(bytes(nb.data(), nb.size())));
    j.str("e", b64url(bytes(eb.data(), eb.size())));
  } else if (EVP_PKEY_is_a(pkey, "EC") == 1) {
    char group[64] = {};
    std::size_t glen = 0;
    EVP_PKEY_get_group_name(pkey, group, sizeof group, &glen);
    unsigned char pub[1 + 2 * 66];
    std::size_t plen = 0;
    EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub, &plen);
    const std::size_t octets = (plen - 1) / 2;
    const std::string g = group;
    const char* crv = g == "prime256v1" ? "P-256" : g == "secp384r1" ? "P-384" : "P-521";
    j.str("kty", "EC").str("crv", crv);
    j.str("x", b64url(bytes(pub + 1, octets))).str("y", b64url(bytes(pub + 1 + octets, octets)));
  } else {
    unsigned char raw[57];
    std::size_t len = sizeof raw;
    EVP_PKEY_get_raw_public_key(pkey, raw, &len);
    j.str("kty", "OKP").str("crv", "Ed25519").str("x", b64url(bytes(raw, len)));
  }
  return j.json();
}

/// JOSE R || S from openssl's DER ECDSA signature.
std::string jose_ecdsa(const std::string& der, std::size_t octets) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  if (sig == nullptr) return {};
  std::vector<unsigned char> rs(2 * octets);
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), rs.data(), static_cast<int>(octets));
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), rs.data() + octets, static_cast<int>(octets));
  ECDSA_SIG_free(sig);
  return bytes(rs.data(), rs.size());
}

class OpenSsl : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* bin = std::getenv("JWKVIEW_OPENSSL");
    openssl_ = bin != nullptr ? bin : "openssl";
    std::string pattern = (fs::temp_directory_path() / "jwkview-openssl-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;
    dir_ = pattern;
    const std::vector<std::pair<std::string, std::string>> specs = {
        {"rsa", "-algorithm RSA -pkeyopt rsa_keygen_bits:2048"},
        {"p256", "-algorithm EC -pkeyopt ec_paramgen_curve:P-256"},
        {"p384", "-algorithm EC -pkeyopt ec_paramgen_curve:P-384"},
        {"p521", "-algorithm EC -pkeyopt ec_paramgen_curve:P-521"},
        {"ed", "-algorithm ED25519"},
    };
    for (const auto& [name, args] : specs) {
      const fs::path pem = dir_ / (name + ".pem");
      if (run(openssl_ + " genpkey " + args + " -out " + pem.string()) != 0) return;
      keys_.push_back({name, pem, public_jwk(pem, name)});
    }
    ready_ = true;
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }
  void SetUp() override {
    if (!ready_) GTEST_SKIP() << "cannot generate keys with " << openssl_;
  }

  static std::string jwks() {
    std::string s = "{\"keys\":[";
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (i != 0) s += ',';
      s += keys_[i].jwk;
    }
    s += "]}";
    return s;
  }

  /// A JWT signed by the openssl command with key `name` under `alg`.
  static std::string sign(const std::string& name, std::string_view alg,
                          std::string_view payload = R"({"sub":"alice","admin":false})") {
    const std::string header =
        std::string(R"({"alg":")") + std::string(alg) + R"(","kid":")" + name + R"(","typ":"JWT"})";
    const std::string input = b64url(header) + "." + b64url(payload);
    const fs::path in = dir_ / "input";
    const fs::path sig = dir_ / "sig";
    spit(in, input);
    const std::string key = (dir_ / (name + ".pem")).string();
    const std::string io = " -out " + sig.string() + " " + in.string();
    const std::string a(alg);
    std::string cmd;
    std::size_t ec_octets = 0;
    if (a == "RS256") cmd = " dgst -sha256 -sign " + key + io;
    if (a == "RS512") cmd = " dgst -sha512 -sign " + key + io;
    if (a == "PS256" || a == "PS384") {
      cmd = std::string(" dgst -sha") + a.substr(2) + " -sign " + key +
            " -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest" + io;
    }
    if (a == "ES256") cmd = " dgst -sha256 -sign " + key + io, ec_octets = 32;
    if (a == "ES384") cmd = " dgst -sha384 -sign " + key + io, ec_octets = 48;
    if (a == "ES512") cmd = " dgst -sha512 -sign " + key + io, ec_octets = 66;
    if (a == "EdDSA") {
      cmd = " pkeyutl -sign -rawin -inkey " + key + " -in " + in.string() + " -out " + sig.string();
    }
    if (cmd.empty() || run(openssl_ + cmd) != 0) return {};
    std::string signature = slurp(sig);
    if (ec_octets != 0) signature = jose_ecdsa(signature, ec_octets);
    return input + "." + b64url(signature);
  }

  static std::string openssl_;
  static fs::path dir_;
  static std::vector<generated> keys_;
  static bool ready_;
};

std::string OpenSsl::openssl_;
fs::path OpenSsl::dir_;
std::vector<generated> OpenSsl::keys_;
bool OpenSsl::ready_ = false;

/// The parsed generated set, indexed, with an EVP_PKEY per key.
struct loaded {
  std::string json;
  parser p{test::rfc_options()};
  std::vector<key> storage = std::vector<key>(16);
  std::span<const key> keys;
  std::vector<key_index::slot> slots = std::vector<key_index::slot>(key_index::slots_needed(16));
  key_index index;
  std::vector<evp_pkey_ptr> pkeys;

  explicit loaded(std::string text) : json(std::move(text)) {
    const parse_report r = p.parse_set(json, storage);
    EXPECT_TRUE(r.ok()) << (r.errors().empty() ? "" : name_of(r.errors()[0].code));
    keys = r.keys();
    EXPECT_EQ(index.build(keys, slots, &thumbprint_digest), error_code::ok);
    for (const key& k : keys) {
      code_result<evp_pkey_ptr> pk = to_evp_pkey(k);
      EXPECT_TRUE(pk) << name_of(pk.code) << " for " << k.kid.value;
      pkeys.push_back(std::move(pk.value));
    }
  }

  error_code verify(std::string_view token) {
    const result<jwt> t = reader.read(token);
    if (!t) return t.error().code;
    const key* k = index.find(t->header.kid.value, t->header.alg);
    if (k == nullptr) return error_code::missing_member;
    return verify_jws(*t, *k, pkeys[static_cast<std::size_t>(k - keys.data())].get()).code;
  }
  jwt_reader reader;
};

/// `token` with one bit of its signature flipped.
std::string tamper_signature(const std::string& token) {
  const std::size_t dot = token.rfind('.');
  std::string sig(base64url_max_decoded_size(token.size() - dot - 1), '\0');
  (void)base64url_decode(std::string_view(token).substr(dot + 1),
                         std::span(reinterpret_cast<std::uint8_t*>(sig.data()), sig.size()));
  sig[sig.size() / 2] = static_cast<char>(sig[sig.size() / 2] ^ 0x04);
  return token.substr(0, dot + 1) + b64url(sig);
}

TEST_F(OpenSsl, SignedByOpensslVerifiedByJwkview) {
  loaded set(jwks());
  ASSERT_EQ(set.keys.size(), 5u);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"rsa", "RS256"},  {"rsa", "RS512"},  {"rsa", "PS256"},  {"rsa", "PS384"},
      {"p256", "ES256"}, {"p384", "ES384"}, {"p521", "ES512"}, {"ed", "EdDSA"}};
  for (const auto& [name, alg] : cases) {
    SCOPED_TRACE(alg);
    const std::string token = sign(name, alg);
    ASSERT_FALSE(token.empty());
    EXPECT_EQ(set.verify(token), error_code::ok);
    EXPECT_EQ(set.verify(tamper_signature(token)), error_code::bad_signature);
    // The same signature over other claims.
    const std::size_t dot1 = token.find('.');
    const std::size_t dot2 = token.rfind('.');
    const std::string forged =
        token.substr(0, dot1 + 1) + b64url(R"({"sub":"alice","admin":true})") + token.substr(dot2);
    EXPECT_EQ(set.verify(forged), error_code::bad_signature);
  }
}

TEST_F(OpenSsl, KeyOfTheWrongTypeIsRefused) {
  loaded set(jwks());
  const std::string token = sign("p256", "ES256");
  const result<jwt> t = set.reader.read(token);
  ASSERT_TRUE(t);
  const std::size_t p256 = static_cast<std::size_t>(set.index.find("p256") - set.keys.data());
  for (std::size_t i = 0; i < set.keys.size(); ++i) {
    SCOPED_TRACE(set.keys[i].kid.value);
    const code_result<policy_rule> v = verify_jws(*t, set.keys[i], set.pkeys[i].get());
    if (i == p256) {
      EXPECT_EQ(v.code, error_code::ok);
    } else {
      // The policy sees from the JWK that ES256 does not fit it...
      EXPECT_EQ(v.code, error_code::key_refused);
      EXPECT_EQ(v.value, policy_rule::alg_does_not_fit);
      // ...and an OpenSSL key that is not the JWK's is still caught.
      EXPECT_EQ(verify_jws(*t, set.keys[p256], set.pkeys[i].get()).code, error_code::alg_mismatch);
    }
  }
}

TEST_F(OpenSsl, PemMatchesOpensslPubout) {
  loaded set(jwks());
  for (const generated& g : keys_) {
    SCOPED_TRACE(g.name);
    std::string expected;
    ASSERT_EQ(run(openssl_ + " pkey -pubout -in " + g.pem.string(), &expected), 0);
    const key* k = set.index.find(g.name);
    ASSERT_NE(k, nullptr);
    std::array<char, pem_buffer_bytes> pem;
    const code_result<std::size_t> n = to_pem(*k, pem);
    ASSERT_TRUE(n) << name_of(n.code);
    EXPECT_EQ(std::string_view(pem.data(), n.value), expected);
    char tiny[10];
    const code_result<std::size_t> small = to_pem(*k, tiny);
    EXPECT_EQ(small.code, error_code::buffer_too_small);
    EXPECT_EQ(small.value, n.value);
  }
}

TEST_F(OpenSsl, ThumbprintsMatchOpensslDigestOfTheCanonicalJson) {
  loaded set(jwks());
  for (const key& k : set.keys) {
    SCOPED_TRACE(k.kid.value);
    std::string input(thumbprint_input_size(k).value, '\0');
    ASSERT_TRUE(thumbprint_input(k, input));
    spit(dir_ / "canonical", input);
    std::string hex;
    ASSERT_EQ(run(openssl_ + " dgst -sha256 -r " + (dir_ / "canonical").string(), &hex), 0);
    const code_result<thumbprint> t = compute_thumbprint(k);
    ASSERT_TRUE(t);
    std::string ours;
    for (std::uint8_t b : t->digest()) {
      static constexpr char digits[] = "0123456789abcdef";
      ours += digits[b >> 4];
      ours += digits[b & 15];
    }
    EXPECT_EQ(hex.substr(0, 64), ours);
    EXPECT_EQ(set.index.find_thumbprint(t->text()), &k);
    EXPECT_EQ(set.index.find_thumbprint(t->uri()), &k);
  }
}

TEST_F(OpenSsl, GatewayExample) {
  const char* example = std::getenv("JWKVIEW_GATEWAY_EXAMPLE");
  if (example == nullptr) GTEST_SKIP() << "JWKVIEW_GATEWAY_EXAMPLE is not set";
  const fs::path jwks_file = dir_ / "jwks.json";
  spit(jwks_file, jwks());
  const std::string command = std::string(example) + " " + jwks_file.string() + " " +
                              (dir_ / "token").string() + " --iss https://issuer --aud api";
  const std::string claims = R"({"sub":"bob","iss":"https://issuer","aud":"api","exp":2000000000})";
  const std::string token = sign("p384", "ES384", claims);
  spit(dir_ / "token", token + "\n");
  std::string out;
  EXPECT_EQ(run(command + " --now 1999999000", &out), 0);
  EXPECT_EQ(out, "verified kid=p384 alg=ES384 sub=bob claims=4\n");
  EXPECT_EQ(run(command + " --now 2000000060"), 1);  // expired, past the 60 s of leeway
  EXPECT_EQ(run(command + " --now 2000000059"), 0);
  spit(dir_ / "token", tamper_signature(token));
  EXPECT_EQ(run(command + " --now 1999999000"), 1);
  spit(dir_ / "token", sign("rsa", "RS256", claims));  // kid rsa exists; RS256 fits it
  EXPECT_EQ(run(command + " --now 1999999000"), 0);
  spit(dir_ / "token",
       sign("rsa", "RS256", R"({"sub":"bob","iss":"https://evil","aud":"api","exp":2000000000})"));
  EXPECT_EQ(run(command + " --now 1999999000"), 1);
}

// --- to_evp_pkey on bad material -------------------------------------------------------

TEST(Bridge, BadMaterialHasItsOwnCode) {
  parser p(test::rfc_options(false));
  struct row {
    std::string json;
    error_code code;
  };
  // P-256 point from test_support with y changed: not on the curve.
  std::string off_curve_y(test::kP256Y);
  off_curve_y[10] = off_curve_y[10] == 'A' ? 'B' : 'A';
  const std::vector<row> rows = {
      {test::rsa_key().str("n", "AA").json(), error_code::invalid_modulus},
      {test::rsa_key().str("n", "AAAA").json(), error_code::invalid_modulus},
      {test::rsa_key().str("n", b64url(std::string(255, '\x7f') + '\x02')).json(),
       error_code::invalid_modulus},
      {test::rsa_key().str("e", "AQ").json(), error_code::invalid_exponent},
      {test::rsa_key().str("e", "AA").json(), error_code::invalid_exponent},
      {test::rsa_key().str("e", "AQAA").json(), error_code::invalid_exponent},
      {test::rsa_key().str("e", "AQAB=").json(), error_code::invalid_base64url},
      {test::rsa_key().str("n", b64url(std::string(2100, '\x7f'))).json(),
       error_code::unsupported_key},
      {test::ec_key("P-256").str("y", off_curve_y).json(), error_code::point_not_on_curve},
      {test::ec_key("P-256").str("y", test::kP384Y).json(), error_code::wrong_coordinate_length},
      {test::ec_key("P-256").str("x", std::string(42, '_') + "8").json(),
       error_code::point_not_on_curve},                  // x above the field prime
      {R"({"kty":"oct"})", error_code::missing_member},  // an HMAC key needs its k
      {test::okp_key("Ed25519").str("crv", "P-256").json(), error_code::unsupported_key},
  };
  for (const row& r : rows) {
    SCOPED_TRACE(r.json);
    const result<key> k = p.parse_key(kept(r.json));
    ASSERT_TRUE(k) << name_of(k.error().code);
    EXPECT_EQ(to_evp_pkey(*k).code, r.code);
  }
  // Every supported kind builds.
  for (std::string_view crv : {"P-256", "P-384", "P-521", "secp256k1"}) {
    EXPECT_TRUE(to_evp_pkey(*p.parse_key(kept(test::ec_key(crv).json())))) << crv;
  }
  for (std::string_view crv : {"Ed25519", "Ed448", "X25519", "X448"}) {
    EXPECT_TRUE(to_evp_pkey(*p.parse_key(kept(test::okp_key(crv).json())))) << crv;
  }
  EXPECT_TRUE(
      to_evp_pkey(*p.parse_key(kept(test::rsa_key().str("n", test::kRsaNLeadingZero).json()))));
}

TEST(Bridge, X5cCertificateIsDerWithTheKeysModulus) {
  const char* root = std::getenv("JWKVIEW_CORPORA");
  if (root == nullptr || !fs::is_directory(root)) GTEST_SKIP() << "set JWKVIEW_CORPORA";
  const std::string json = slurp(fs::path(root) / "rfc" / "rfc7517_B_x5c_rsa_sig.jwk.json");
  parser p(test::rfc_options());
  const result<key> k = p.parse_key(json);
  ASSERT_TRUE(k);
  ASSERT_EQ(k->x5c.value.size(), 1u);
  std::vector<std::uint8_t> der(base64_max_decoded_size(k->x5c.value[0].size()));
  const code_result<std::size_t> n = base64_decode(k->x5c.value[0], der);
  ASSERT_TRUE(n);
  const unsigned char* at = der.data();
  X509* cert = d2i_X509(nullptr, &at, static_cast<long>(n.value));
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(at, der.data() + n.value);
  const code_result<evp_pkey_ptr> ours = to_evp_pkey(*k);
  ASSERT_TRUE(ours);
  EXPECT_EQ(EVP_PKEY_eq(X509_get0_pubkey(cert), ours->get()), 1);
  X509_free(cert);
}

}  // namespace
}  // namespace jwkview
