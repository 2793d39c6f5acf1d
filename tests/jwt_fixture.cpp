// Keys, JWK Sets and signed tokens for the JWT allocation test and benchmark.
#include "jwt_fixture.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "counting_allocator.hpp"

extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_realloc(void* ptr, std::size_t size);
void __libc_free(void* ptr);
}

namespace jwkview_testing {

std::atomic<std::size_t> g_crypto_allocations{0};

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "jwt_fixture: %s failed\n", what);
  std::abort();
}

void note_crypto_allocation() noexcept {
  if (g_counting.load(std::memory_order_relaxed)) {
    g_crypto_allocations.fetch_add(1, std::memory_order_relaxed);
  }
}

void* crypto_malloc(std::size_t size, const char*, int) {
  note_crypto_allocation();
  return __libc_malloc(size);
}
void* crypto_realloc(void* ptr, std::size_t size, const char*, int) {
  note_crypto_allocation();
  return __libc_realloc(ptr, size);
}
void crypto_free(void* ptr, const char*, int) {
  __libc_free(ptr);
}

struct bn_free {
  void operator()(BIGNUM* p) const noexcept { BN_free(p); }
};
using bn_ptr = std::unique_ptr<BIGNUM, bn_free>;

std::string bn_param(EVP_PKEY* pkey, const char* name, int pad_to = 0) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) fail("EVP_PKEY_get_bn_param");
  const bn_ptr bn(raw);
  std::string out(pad_to != 0 ? static_cast<std::size_t>(pad_to)
                              : static_cast<std::size_t>(BN_num_bytes(bn.get())),
                  '\0');
  if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(out.data()),
                   static_cast<int>(out.size())) < 0) {
    fail("BN_bn2binpad");
  }
  return out;
}

std::string sha256(std::string_view data) {
  unsigned char md[32];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), md, &size, EVP_sha256(), nullptr) != 1) {
    fail("EVP_Digest");
  }
  return std::string(reinterpret_cast<const char*>(md), size);
}

}  // namespace

std::string_view alg_name(jwt_alg alg) noexcept {
  switch (alg) {
    case jwt_alg::rs256:
      return "RS256";
    case jwt_alg::ps256:
      return "PS256";
    case jwt_alg::es256:
      return "ES256";
    case jwt_alg::eddsa:
      return "EdDSA";
  }
  return "";
}

pkey_ptr generate_key(jwt_alg alg) {
  EVP_PKEY* p = nullptr;
  switch (alg) {
    case jwt_alg::rs256:
    case jwt_alg::ps256:
      p = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048});
      break;
    case jwt_alg::es256:
      p = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
      break;
    case jwt_alg::eddsa:
      p = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
  }
  if (p == nullptr) fail("EVP_PKEY_Q_keygen");
  return pkey_ptr(p);
}

std::string base64url(std::string_view octets) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((octets.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(octets[k]); };
  for (; i + 3 <= octets.size(); i += 3) {
    const unsigned v = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (octets.size() - i == 1) {
    const unsigned v = at(i) << 16;
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
  } else if (octets.size() - i == 2) {
    const unsigned v = at(i) << 16 | at(i + 1) << 8;
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
  }
  return out;
}

std::string public_jwk(EVP_PKEY* pkey, std::string_view alg, std::string_view kid) {
  std::string out = R"({"kty":")";
  if (EVP_PKEY_is_a(pkey, "RSA") == 1) {
    out += R"(RSA","use":"sig","alg":")";
    out.append(alg) += R"(","kid":")";
    out.append(kid) += R"(","n":")";
    out += base64url(bn_param(pkey, OSSL_PKEY_PARAM_RSA_N)) + R"(","e":")";
    out += base64url(bn_param(pkey, OSSL_PKEY_PARAM_RSA_E)) + "\"}";
  } else if (EVP_PKEY_is_a(pkey, "EC") == 1) {
    out += R"(EC","use":"sig","alg":")";
    out.append(alg) += R"(","kid":")";
    out.append(kid) += R"(","crv":"P-256","x":")";
    out += base64url(bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, 32)) + R"(","y":")";
    out += base64url(bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, 32)) + "\"}";
  } else if (EVP_PKEY_is_a(pkey, "ED25519") == 1) {
    unsigned char raw[32];
    std::size_t size = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(pkey, raw, &size) != 1) fail("EVP_PKEY_get_raw_public_key");
    out += R"(OKP","use":"sig","alg":")";
    out.append(alg) += R"(","kid":")";
    out.append(kid) += R"(","crv":"Ed25519","x":")";
    out += base64url({reinterpret_cast<const char*>(raw), size}) + "\"}";
  } else {
    fail("public_jwk (key type)");
  }
  return out;
}

std::string sign_jwt(jwt_alg alg, EVP_PKEY* pkey, std::string_view kid,
                     std::string_view claims_json) {
  std::string header = R"({"alg":")";
  header.append(alg_name(alg)) += R"(","typ":"JWT","kid":")";
  header.append(kid) += "\"}";
  std::string token = base64url(header) + '.' + base64url(claims_json);

  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  const char* digest = alg == jwt_alg::eddsa ? nullptr : "SHA256";
  if (ctx == nullptr ||
      EVP_DigestSignInit_ex(ctx, &pctx, digest, nullptr, nullptr, pkey, nullptr) != 1) {
    fail("EVP_DigestSignInit_ex");
  }
  if (alg == jwt_alg::ps256 &&
      (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1)) {
    fail("PSS parameters");
  }
  const auto* input = reinterpret_cast<const unsigned char*>(token.data());
  std::size_t size = 0;
  if (EVP_DigestSign(ctx, nullptr, &size, input, token.size()) != 1) fail("EVP_DigestSign");
  std::string sig(size, '\0');
  if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &size, input,
                     token.size()) != 1) {
    fail("EVP_DigestSign");
  }
  sig.resize(size);
  EVP_MD_CTX_free(ctx);

  if (alg == jwt_alg::es256) {  // DER ECDSA-Sig-Value to R || S
    const auto* p = reinterpret_cast<const unsigned char*>(sig.data());
    ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
    if (es == nullptr) fail("d2i_ECDSA_SIG");
    std::string rs(64, '\0');
    auto* out = reinterpret_cast<unsigned char*>(rs.data());
    if (BN_bn2binpad(ECDSA_SIG_get0_r(es), out, 32) != 32 ||
        BN_bn2binpad(ECDSA_SIG_get0_s(es), out + 32, 32) != 32) {
      fail("R || S");
    }
    ECDSA_SIG_free(es);
    sig = rs;
  }
  return token + '.' + base64url(sig);
}

std::string realistic_claims(std::int64_t now, std::size_t sid_chars) {
  const std::string t = std::to_string(now);
  std::string out = R"({"jti":"AT.2bQ9mT0x7kVwYf4RzL1c","iss":")";
  out.append(fixture_issuer) += R"(","aud":["api://orders",")";
  out += R"(api://default"],"sub":"00u8f2kd93HXKwhYp4x7","iat":)" + t + R"(,"nbf":)" +
         std::to_string(now - 5) + R"(,"exp":)" + std::to_string(now + 3600) +
         R"(,"cid":"0oa6ywq9nkHs8Dq2P4x7",)" +
         R"("scope":"openid profile email orders:read orders:write",)" + R"("auth_time":)" +
         std::to_string(now - 120) + R"(,"tenant":"acme-eu","email":"jane.doe@acme.example",)" +
         R"("roles":["orders.reader","orders.writer"],)" + R"("sid":")" +
         std::string(sid_chars, 'x') + "\"}";
  // A readable session id rather than a run of one letter.
  static constexpr char letters[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const std::size_t sid = out.size() - 2 - sid_chars;
  for (std::size_t i = 0; i < sid_chars; ++i) out[sid + i] = letters[(i * 7 + 3) % 62];
  return out;
}

jwt_fixture make_jwt_fixture(std::int64_t now, std::size_t key_count, std::size_t token_bytes) {
  if (key_count < 4) throw std::invalid_argument("key_count");
  jwt_fixture f;
  f.now = now;
  const std::size_t stride = key_count / 4;
  std::string jwks = R"({"keys":[)";
  for (std::size_t i = 0; i < key_count; ++i) {
    // Signing keys at stride/2, stride/2 + stride, ...; the others cycle
    // through RSA, P-256 and Ed25519.
    const bool signing = i % stride == stride / 2 && i / stride < 4;
    const jwt_alg alg = signing ? all_jwt_algs[i / stride]
                                : std::array{jwt_alg::rs256, jwt_alg::es256, jwt_alg::eddsa}[i % 3];
    std::string kid = base64url(sha256("jwkview bench key " + std::to_string(i)));
    pkey_ptr key = generate_key(alg);
    if (i != 0) jwks += ',';
    jwks += public_jwk(key.get(), alg_name(alg), kid);
    if (signing) {
      jwt_fixture::signer& s = f.signers[i / stride];
      s.alg = alg;
      s.kid = kid;
      s.pkey = key.get();
    }
    f.kids.push_back(std::move(kid));
    f.algs.emplace_back(alg_name(alg));
    f.keys.push_back(std::move(key));
  }
  f.jwks = jwks + "]}";
  for (jwt_fixture::signer& s : f.signers) {
    const std::size_t bare = sign_jwt(s.alg, s.pkey, s.kid, realistic_claims(now, 0)).size();
    const std::size_t sid = token_bytes > bare ? (token_bytes - bare) * 3 / 4 : 0;
    s.token = sign_jwt(s.alg, s.pkey, s.kid, realistic_claims(now, sid));
  }
  return f;
}

bool count_crypto_allocations() noexcept {
  return CRYPTO_set_mem_functions(crypto_malloc, crypto_realloc, crypto_free) == 1;
}

}  // namespace jwkview_testing
