// Keys and tokens made the way a provider (or an attacker) makes them: real
// key pairs from libcrypto, public JWKs written by hand from the keys'
// parameters (not by jwkview's writer), and JWS signatures from
// EVP_DigestSign, ECDSA ones turned into JOSE's R || S.
#pragma once

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "jwkview/openssl.hpp"
#include "test_support.hpp"

namespace jwkview::test {

struct bn_free_t {
  void operator()(BIGNUM* b) const noexcept { BN_free(b); }
};
using bn_ptr = std::unique_ptr<BIGNUM, bn_free_t>;

inline std::string bytes_of(const BIGNUM* b, std::size_t width = 0) {
  const auto n = static_cast<std::size_t>(BN_num_bytes(b));
  std::string out(std::max(n, width), '\0');
  BN_bn2binpad(b, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  return out;
}

inline std::string b64url_bn(EVP_PKEY* pkey, const char* param, std::size_t width = 0) {
  BIGNUM* b = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, param, &b) != 1) return {};
  const bn_ptr owned(b);
  return b64url(bytes_of(b, width));
}

/// A private key, its kid, and its public JWK (with `extra` members added).
struct signing_key {
  std::string kid;
  evp_pkey_ptr pkey;
  std::string jwk;
};

inline signing_key make_rsa_key(std::string kid, unsigned bits, std::string_view extra = {}) {
  signing_key k{
      std::move(kid),
      evp_pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(bits))),
      {}};
  k.jwk = R"({"kty":"RSA","kid":")" + k.kid + R"(","n":")" +
          b64url_bn(k.pkey.get(), OSSL_PKEY_PARAM_RSA_N) + R"(","e":")" +
          b64url_bn(k.pkey.get(), OSSL_PKEY_PARAM_RSA_E) + "\"" + std::string(extra) + "}";
  return k;
}

inline signing_key make_ec_key(std::string kid, std::string_view crv, std::string_view extra = {}) {
  const char* group = crv == "P-256" ? "P-256" : crv == "P-384" ? "P-384" : "P-521";
  const std::size_t width = crv == "P-256" ? 32 : crv == "P-384" ? 48 : 66;
  signing_key k{std::move(kid), evp_pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group)), {}};
  k.jwk = R"({"kty":"EC","crv":")" + std::string(crv) + R"(","kid":")" + k.kid + R"(","x":")" +
          b64url_bn(k.pkey.get(), OSSL_PKEY_PARAM_EC_PUB_X, width) + R"(","y":")" +
          b64url_bn(k.pkey.get(), OSSL_PKEY_PARAM_EC_PUB_Y, width) + "\"" + std::string(extra) +
          "}";
  return k;
}

inline signing_key make_ed25519_key(std::string kid, std::string_view extra = {}) {
  signing_key k{std::move(kid), evp_pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")), {}};
  std::string raw(32, '\0');
  std::size_t size = raw.size();
  EVP_PKEY_get_raw_public_key(k.pkey.get(), reinterpret_cast<unsigned char*>(raw.data()), &size);
  k.jwk = R"({"kty":"OKP","crv":"Ed25519","kid":")" + k.kid + R"(","x":")" + b64url(raw) + "\"" +
          std::string(extra) + "}";
  return k;
}

/// An HMAC key of `secret` octets, as an oct JWK with its k.
inline signing_key make_hmac_key(std::string kid, std::string_view secret) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(secret.data());
  signing_key k{
      std::move(kid),
      evp_pkey_ptr(EVP_PKEY_new_raw_private_key_ex(nullptr, "HMAC", nullptr, bytes, secret.size())),
      {}};
  k.jwk = R"({"kty":"oct","kid":")" + k.kid + R"(","k":")" + b64url(secret) + "\"}";
  return k;
}

inline std::string jwks_of(const std::vector<const signing_key*>& keys) {
  std::string s = R"({"keys":[)";
  for (std::size_t i = 0; i < keys.size(); ++i) s += (i == 0 ? "" : ",") + keys[i]->jwk;
  return s + "]}";
}

/// The JWS of `header` and `claims` (JSON texts) signed by `k` under `alg`.
inline std::string sign_token(const signing_key& k, std::string_view alg, std::string_view header,
                              std::string_view claims) {
  const std::string input = b64url(header) + "." + b64url(claims);
  const char* digest = nullptr;
  if (alg.size() == 5 && alg != "EdDSA") {
    digest = alg.substr(2) == "256" ? "SHA256" : alg.substr(2) == "384" ? "SHA384" : "SHA512";
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  std::string sig;
  if (EVP_DigestSignInit_ex(ctx, &pctx, digest, nullptr, nullptr, k.pkey.get(), nullptr) == 1) {
    if (alg.substr(0, 2) == "PS") {
      EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
      EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    }
    std::size_t size = 0;
    const auto* in = reinterpret_cast<const unsigned char*>(input.data());
    if (EVP_DigestSign(ctx, nullptr, &size, in, input.size()) == 1) {
      sig.resize(size);
      EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &size, in, input.size());
      sig.resize(size);
    }
  }
  EVP_MD_CTX_free(ctx);
  if (alg.substr(0, 2) == "ES") {  // DER ECDSA-Sig-Value to R || S
    const std::size_t width = alg == "ES256" ? 32 : alg == "ES384" ? 48 : 66;
    const auto* p = reinterpret_cast<const unsigned char*>(sig.data());
    ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
    if (es == nullptr) return {};
    sig = bytes_of(ECDSA_SIG_get0_r(es), width) + bytes_of(ECDSA_SIG_get0_s(es), width);
    ECDSA_SIG_free(es);
  }
  return input + "." + b64url(sig);
}

/// The usual header: alg, the key's kid, typ JWT.
inline std::string sign_token(const signing_key& k, std::string_view alg, std::string_view claims) {
  return sign_token(k, alg,
                    R"({"alg":")" + std::string(alg) + R"(","kid":")" + k.kid + R"(","typ":"JWT"})",
                    claims);
}

/// A 2049-bit (or so) odd number with the ROCA fingerprint: n = 1 modulo every
/// prime of the test (1 is in every subgroup), so n = 2 s M + 1.
inline std::string roca_modulus() {
  static constexpr unsigned primes[] = {
      3,  5,  7,  11, 13, 17,  19,  23,  29,  31,  37,  41,  43,  47,  53,  59,  61,  67,  71,
      73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167};
  BN_CTX* ctx = BN_CTX_new();
  bn_ptr m(BN_new());
  BN_one(m.get());
  for (unsigned p : primes) BN_mul_word(m.get(), p);
  bn_ptr s(BN_new());
  BN_rand(s.get(), 2049 - BN_num_bits(m.get()), BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY);
  BN_lshift1(s.get(), s.get());
  bn_ptr n(BN_new());
  BN_mul(n.get(), m.get(), s.get(), ctx);
  BN_add_word(n.get(), 1);
  BN_CTX_free(ctx);
  return b64url(bytes_of(n.get()));
}

}  // namespace jwkview::test
