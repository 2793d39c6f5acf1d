// bench/nginx.sh's key set and tokens: the JWT benchmark's fixture
// (tests/jwt_fixture.cpp: 50 keys, RSA 2048, P-256 and Ed25519 mixed, one
// signing key per algorithm, 1,024-byte tokens), so that nginx is measured
// on the very set and tokens bench/jwt_bench times validate_jwt and
// EVP_DigestVerify on.
//
//   nginx_fixture JWKS_FILE     writes the set to JWKS_FILE; prints
//                               "ALG TOKEN" per algorithm, then
//                               "iss ISSUER" and "aud AUDIENCE"
#include <cstdio>
#include <ctime>
#include <fstream>

#include "jwt_fixture.hpp"

int main(int argc, char** argv) {
  using namespace jwkview_testing;
  if (argc != 2) {
    std::fprintf(stderr, "usage: nginx_fixture JWKS_FILE\n");
    return 2;
  }
  const jwt_fixture f = make_jwt_fixture(static_cast<std::int64_t>(std::time(nullptr)));
  std::ofstream(argv[1]) << f.jwks;
  for (const jwt_alg alg : all_jwt_algs) {
    const std::string_view name = alg_name(alg);
    std::printf("%.*s %s\n", static_cast<int>(name.size()), name.data(), f.of(alg).token.c_str());
  }
  std::printf("iss %.*s\naud %.*s\n", static_cast<int>(fixture_issuer.size()),
              fixture_issuer.data(), static_cast<int>(fixture_audience.size()),
              fixture_audience.data());
  return 0;
}
