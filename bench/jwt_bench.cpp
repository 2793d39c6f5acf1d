// JWT validation per token (bench/README.md, "JWT validation"): a gateway's
// work for one bearer token, against a 50-key JWK Set, for RS256 (2048-bit),
// PS256, ES256 and EdDSA (Ed25519), with these rows per algorithm:
//
//   validate/jwkview      jwkview::validate_jwt (read, pick the key by kid,
//                         key policy, verify, check iss, aud, exp, nbf)
//   verify_only/openssl   the floor: EVP_DigestVerify of the same signing
//                         input with the same EVP_PKEY, set up as jwkview
//                         does (context, PSS parameters); the signature is
//                         decoded (ES256: and turned into DER) before the loop
//   read_check/jwkview    jwt_reader::read + check_claims: no cryptography
//   validate/jwkview/ALG/cold, verify_only/openssl/ALG/cold
//                         the same two, each call timed alone after a sweep
//                         over 2 MiB of other memory (more than this CPU's
//                         L2), as a gateway's worker meets a token between
//                         its kernel's and its own work: what the
//                         verification and jwkview cost with cold caches
//   validate/libjwt       libjwt 1.x (RS256 and ES256 only: 1.10 has no PS*
//                         or EdDSA): the kid read from the header by hand
//                         (base64url + jansson), its PEM found in a map
//                         (libjwt has no JWK Set), jwt_decode with it, then
//                         iss, exp, nbf and aud checked from the grants
//   validate/cjose        cjose 0.6 (no EdDSA): cjose_jws_import, the kid
//                         from the protected header, its cjose_jwk_t found
//                         in a map (imported once per key), cjose_jws_verify,
//                         the claims parsed with jansson and checked
//
// Keys are generated with EVP_PKEY_Q_keygen at start-up and the JWK Set is
// written from their public parameters (tests/jwt_fixture.cpp). Every row
// also counts, on 64 warm calls before its timed loop, the heap allocations
// per token outside libcrypto (`allocs`) and libcrypto's own (`crypto_allocs`,
// through CRYPTO_set_mem_functions). bench/jwt_report.py makes the table.
#include <benchmark/benchmark.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "counting_allocator.hpp"
#include "jwkview/base64url.hpp"
#include "jwkview/key_set.hpp"
#include "jwt_fixture.hpp"

#if defined(JWKVIEW_BENCH_JANSSON)
#include <jansson.h>
#endif
#if defined(JWKVIEW_BENCH_LIBJWT)
#include <jwt.h>
#endif
#if defined(JWKVIEW_BENCH_CJOSE)
#include <cjose/cjose.h>
#endif

namespace {

using jwkview_testing::alg_name;
using jwkview_testing::jwt_alg;

constexpr std::int64_t now = 1'767'225'600;  // 2026-01-01, the tokens' iat
constexpr std::int64_t leeway = 60;          // jwt_rules' default

struct string_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};
template <class T>
using kid_map = std::unordered_map<std::string, T, string_hash, std::equal_to<>>;

/// The keys, the set, the tokens and every library's view of the set.
struct world {
  jwkview_testing::jwt_fixture f = jwkview_testing::make_jwt_fixture(now);
  std::shared_ptr<const jwkview::key_set> keys;
  std::string_view audiences[1] = {jwkview_testing::fixture_audience};
  jwkview::jwt_rules rules;
#if defined(JWKVIEW_BENCH_LIBJWT)
  kid_map<std::string> pems;  ///< SubjectPublicKeyInfo PEM per kid
#endif
#if defined(JWKVIEW_BENCH_CJOSE)
  kid_map<cjose_jwk_t*> cjose_keys;
#endif

  world() {
    auto built = jwkview::key_set::build(f.jwks);
    if (!built || (*built)->usable() != f.keys.size()) {
      std::fprintf(stderr, "jwt_bench: the key set did not build whole\n");
      std::abort();
    }
    keys = *built;
    rules.issuer = jwkview_testing::fixture_issuer;
    rules.audiences = audiences;
#if defined(JWKVIEW_BENCH_LIBJWT)
    for (std::size_t i = 0; i < f.keys.size(); ++i) {
      BIO* bio = BIO_new(BIO_s_mem());
      PEM_write_bio_PUBKEY(bio, f.keys[i].get());
      char* data = nullptr;
      const long size = BIO_get_mem_data(bio, &data);
      pems.emplace(f.kids[i], std::string(data, static_cast<std::size_t>(size)));
      BIO_free(bio);
    }
#endif
#if defined(JWKVIEW_BENCH_CJOSE)
    // The set parsed once; each key imported from its own JSON text.
    json_error_t error;
    json_t* set = json_loadb(f.jwks.data(), f.jwks.size(), 0, &error);
    std::size_t i = 0;
    json_t* k = nullptr;
    json_array_foreach(json_object_get(set, "keys"), i, k) {
      char* text = json_dumps(k, JSON_COMPACT);
      cjose_err err;
      cjose_jwk_t* jwk = cjose_jwk_import(text, std::strlen(text), &err);
      std::free(text);
      if (jwk != nullptr) {  // cjose 0.6 reads no OKP key
        cjose_keys.emplace(json_string_value(json_object_get(k, "kid")), jwk);
      }
    }
    json_decref(set);
#endif
  }
  world(const world&) = delete;
  world& operator=(const world&) = delete;
  ~world() {
#if defined(JWKVIEW_BENCH_CJOSE)
    for (auto& [kid, jwk] : cjose_keys) cjose_jwk_release(jwk);
#endif
  }
};

world* g_world = nullptr;

struct per_token {
  double allocs = 0;         ///< outside libcrypto
  double crypto_allocs = 0;  ///< libcrypto's own
};

/// Heap allocations per call of `one`, warm.
template <class F>
per_token count_allocations(F& one) {
  for (int i = 0; i < 4; ++i) benchmark::DoNotOptimize(one());
  constexpr int calls = 64;
  const std::size_t crypto_before = jwkview_testing::g_crypto_allocations.load();
  jwkview_testing::counting_window w;
  for (int i = 0; i < calls; ++i) benchmark::DoNotOptimize(one());
  const std::size_t own = w.stop();
  return {
      static_cast<double>(own) / calls,
      static_cast<double>(jwkview_testing::g_crypto_allocations.load() - crypto_before) / calls};
}

/// Times `one` (true: the token was accepted) and sets the counters. With
/// `sweep` bytes, each call is timed alone (manual time) after a pass over
/// that much other memory, which pushes the call's data out of the caches.
template <class F>
void run(benchmark::State& state, const std::string& token, F one, std::size_t sweep = 0) {
  if (!one()) {
    state.SkipWithError("the token was not accepted");
    return;
  }
  const per_token counts = count_allocations(one);
  bool accepted = true;
  std::vector<unsigned char> other(sweep);
  for (auto _ : state) {
    if (sweep == 0) {
      const bool ok = one();
      accepted = accepted && ok;
      benchmark::DoNotOptimize(ok);
      continue;
    }
    for (std::size_t i = 0; i < other.size(); i += 64) ++other[i];
    benchmark::ClobberMemory();
    const auto start = std::chrono::steady_clock::now();
    const bool ok = one();
    const auto stop = std::chrono::steady_clock::now();
    accepted = accepted && ok;
    benchmark::DoNotOptimize(ok);
    state.SetIterationTime(std::chrono::duration<double>(stop - start).count());
  }
  if (!accepted) state.SkipWithError("a token was refused in the loop");
  state.SetItemsProcessed(state.iterations());
  state.counters["token_bytes"] = static_cast<double>(token.size());
  state.counters["allocs"] = counts.allocs;
  state.counters["crypto_allocs"] = counts.crypto_allocs;
}

void validate_jwkview(benchmark::State& state, jwt_alg alg, std::size_t sweep) {
  const world& w = *g_world;
  const std::string& token = w.f.of(alg).token;
  jwkview::jwt_reader reader;
  run(
      state, token,
      [&] {
        const auto v = jwkview::validate_jwt(token, *w.keys, w.rules, now, reader);
        return static_cast<bool>(v);
      },
      sweep);
}

void read_check_jwkview(benchmark::State& state, jwt_alg alg) {
  const world& w = *g_world;
  const std::string& token = w.f.of(alg).token;
  jwkview::jwt_reader reader;
  run(state, token, [&] {
    const auto t = reader.read(token);
    return t && !jwkview::check_claims(*t, w.rules, now);
  });
}

/// OpenSSL alone: what jwkview calls for the signature, nothing else.
void verify_openssl(benchmark::State& state, jwt_alg alg, std::size_t sweep) {
  const world& w = *g_world;
  const std::string& token = w.f.of(alg).token;
  const jwkview::key* k = w.keys->index().find(w.f.of(alg).kid);
  EVP_PKEY* pkey = w.keys->pkey(static_cast<std::size_t>(k - w.keys->keys().data()));
  const std::size_t dot = token.rfind('.');
  const std::string_view input(token.data(), dot);
  std::vector<std::uint8_t> raw(2048);
  raw.resize(*jwkview::base64url_decode(std::string_view(token).substr(dot + 1), raw));
  if (alg == jwt_alg::es256) {  // R || S to DER once: jwkview's own work, not the floor's
    ECDSA_SIG* es = ECDSA_SIG_new();
    ECDSA_SIG_set0(es, BN_bin2bn(raw.data(), 32, nullptr), BN_bin2bn(raw.data() + 32, 32, nullptr));
    std::vector<std::uint8_t> der(static_cast<std::size_t>(i2d_ECDSA_SIG(es, nullptr)));
    unsigned char* p = der.data();
    i2d_ECDSA_SIG(es, &p);
    ECDSA_SIG_free(es);
    raw = std::move(der);
  }
  const char* digest = alg == jwt_alg::eddsa ? nullptr : "SHA256";
  const auto one = [&] {
    const unsigned char* sig = raw.data();
    const std::size_t sig_size = raw.size();
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    EVP_DigestVerifyInit_ex(ctx, &pctx, digest, nullptr, nullptr, pkey, nullptr);
    if (alg == jwt_alg::ps256) {
      EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
      EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    }
    const int ok = EVP_DigestVerify(
        ctx, sig, sig_size, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    EVP_MD_CTX_free(ctx);
    return ok == 1;
  };
  run(state, token, one, sweep);
}

#if defined(JWKVIEW_BENCH_JANSSON)
bool has_audience(json_t* aud) {
  if (json_is_string(aud)) return jwkview_testing::fixture_audience == json_string_value(aud);
  std::size_t i = 0;
  json_t* a = nullptr;
  json_array_foreach(aud, i, a) {
    if (json_is_string(a) && jwkview_testing::fixture_audience == json_string_value(a)) {
      return true;
    }
  }
  return false;
}

/// iss, exp, nbf and aud of a claims set, as validate_jwt's rules check them.
bool claims_ok(json_t* claims) {
  const char* iss = json_string_value(json_object_get(claims, "iss"));
  json_t* exp = json_object_get(claims, "exp");
  json_t* nbf = json_object_get(claims, "nbf");
  return iss != nullptr && jwkview_testing::fixture_issuer == iss && json_is_integer(exp) &&
         now < json_integer_value(exp) + leeway &&
         (nbf == nullptr || (json_is_integer(nbf) && now >= json_integer_value(nbf) - leeway)) &&
         has_audience(json_object_get(claims, "aud"));
}
#endif

#if defined(JWKVIEW_BENCH_LIBJWT)
/// Unpadded base64url into `out` (libjwt 1.x decodes the header only
/// inside jwt_decode, which needs the key first).
bool decode_base64url(std::string_view in, std::string& out) {
  out.clear();
  unsigned value = 0;
  int bits = 0;
  for (const char c : in) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '-') v = 62;
    if (c == '_') v = 63;
    if (v < 0) return false;
    value = value << 6 | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xff);
    }
  }
  return true;
}

void validate_libjwt(benchmark::State& state, jwt_alg alg) {
  const world& w = *g_world;
  const std::string& token = w.f.of(alg).token;
  std::string header;  // reused
  run(state, token, [&] {
    // The kid, from the header, to pick the PEM.
    if (!decode_base64url(std::string_view(token).substr(0, token.find('.')), header)) {
      return false;
    }
    json_error_t error;
    json_t* h = json_loadb(header.data(), header.size(), 0, &error);
    const char* kid = json_string_value(json_object_get(h, "kid"));
    const auto pem = kid != nullptr ? w.pems.find(std::string_view(kid)) : w.pems.end();
    json_decref(h);
    if (pem == w.pems.end()) return false;
    jwt_t* jwt = nullptr;
    if (jwt_decode(&jwt, token.c_str(), reinterpret_cast<const unsigned char*>(pem->second.data()),
                   static_cast<int>(pem->second.size())) != 0) {
      return false;
    }
    bool ok = false;
    const char* iss = jwt_get_grant(jwt, "iss");
    errno = 0;
    const long exp = jwt_get_grant_int(jwt, "exp");
    const bool has_exp = errno == 0;
    const long nbf = jwt_get_grant_int(jwt, "nbf");
    if (iss != nullptr && jwkview_testing::fixture_issuer == iss && has_exp && now < exp + leeway &&
        now >= nbf - leeway) {
      // aud may be an array: only its JSON text is available.
      char* aud = jwt_get_grants_json(jwt, "aud");
      json_t* a = aud != nullptr ? json_loads(aud, JSON_DECODE_ANY, &error) : nullptr;
      ok = a != nullptr && has_audience(a);
      json_decref(a);
      std::free(aud);
    }
    jwt_free(jwt);
    return ok;
  });
}
#endif

#if defined(JWKVIEW_BENCH_CJOSE)
void validate_cjose(benchmark::State& state, jwt_alg alg) {
  const world& w = *g_world;
  const std::string& token = w.f.of(alg).token;
  run(state, token, [&] {
    cjose_err err;
    cjose_jws_t* jws = cjose_jws_import(token.data(), token.size(), &err);
    if (jws == nullptr) return false;
    bool ok = false;
    const char* kid = cjose_header_get(cjose_jws_get_protected(jws), CJOSE_HDR_KID, &err);
    const auto jwk = kid != nullptr ? w.cjose_keys.find(std::string_view(kid)) : w.cjose_keys.end();
    std::uint8_t* plain = nullptr;
    std::size_t plain_size = 0;
    if (jwk != w.cjose_keys.end() && cjose_jws_verify(jws, jwk->second, &err) &&
        cjose_jws_get_plaintext(jws, &plain, &plain_size, &err)) {
      json_error_t error;
      json_t* claims = json_loadb(reinterpret_cast<const char*>(plain), plain_size, 0, &error);
      ok = claims != nullptr && claims_ok(claims);
      json_decref(claims);
    }
    cjose_jws_release(jws);
    return ok;
  });
}
#endif

void register_rows() {
  for (const jwt_alg alg : jwkview_testing::all_jwt_algs) {
    const std::string a(alg_name(alg));
    benchmark::RegisterBenchmark(("validate/jwkview/" + a).c_str(), validate_jwkview, alg, 0);
    benchmark::RegisterBenchmark(("verify_only/openssl/" + a).c_str(), verify_openssl, alg, 0);
    constexpr std::size_t sweep = std::size_t{2} << 20;
    benchmark::RegisterBenchmark(("validate/jwkview/" + a + "/cold").c_str(), validate_jwkview, alg,
                                 sweep)
        ->UseManualTime();
    benchmark::RegisterBenchmark(("verify_only/openssl/" + a + "/cold").c_str(), verify_openssl,
                                 alg, sweep)
        ->UseManualTime();
    benchmark::RegisterBenchmark(("read_check/jwkview/" + a).c_str(), read_check_jwkview, alg);
#if defined(JWKVIEW_BENCH_LIBJWT)
    if (alg == jwt_alg::rs256 || alg == jwt_alg::es256) {
      benchmark::RegisterBenchmark(("validate/libjwt/" + a).c_str(), validate_libjwt, alg);
    }
#endif
#if defined(JWKVIEW_BENCH_CJOSE)
    if (alg != jwt_alg::eddsa) {
      benchmark::RegisterBenchmark(("validate/cjose/" + a).c_str(), validate_cjose, alg);
    }
#endif
  }
}

}  // namespace

int main(int argc, char** argv) {
  // First: libcrypto must not have allocated yet.
  if (!jwkview_testing::count_crypto_allocations()) {
    std::fprintf(stderr, "jwt_bench: CRYPTO_set_mem_functions refused; crypto_allocs is 0\n");
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  world w;  // keys generated before any row runs
  g_world = &w;
  register_rows();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
