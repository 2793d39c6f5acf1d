// gateway_verify: check a bearer token as an API gateway does.
//
//   gateway_verify JWKS_FILE TOKEN_FILE [--iss ISSUER] [--aud AUDIENCE]
//                  [--leeway SECONDS] [--now SECONDS]        (TOKEN_FILE "-": stdin)
//
// The whole flow of a gateway, in one process:
//  1. a refresh thread builds a key_set from the JWKS bytes (parse, key
//     policy, one EVP_PKEY per usable key) and publishes it in a key_store;
//     here it runs once, and the keys the policy refused are listed;
//  2. a worker takes a snapshot of the store and validates the token:
//     kid and alg pick the candidate keys, the policy vets them, the
//     signature is verified, then exp/nbf/iat (with leeway), iss and aud.
// Exit status 0 when the token is accepted (its claims are printed), 1 when
// it is refused (the reason on stderr), 2 for usage or I/O errors.
#include <jwkview/key_set.hpp>
#include <jwkview/key_store.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

namespace {

bool read_all(const std::string& path, std::string& out) {
  std::ifstream file;
  if (path != "-") file.open(path, std::ios::binary);
  std::istream& in = path == "-" ? std::cin : file;
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

void print(const char* label, const jwkview::error& e) {
  std::fprintf(stderr, "%s: %.*s at %.*s: %.*s\n", label, int(jwkview::name_of(e.code).size()),
               jwkview::name_of(e.code).data(), int(e.path().size()), e.path().data(),
               int(e.message().size()), e.message().data());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc % 2 == 0) {
    std::fprintf(stderr,
                 "usage: gateway_verify JWKS_FILE TOKEN_FILE|- [--iss X] [--aud Y] "
                 "[--leeway S] [--now T]\n");
    return 2;
  }
  jwkview::jwt_rules rules;
  std::string_view audience;
  std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  for (int i = 3; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--iss") {
      rules.issuer = argv[i + 1];
    } else if (flag == "--aud") {
      audience = argv[i + 1];
    } else if (flag == "--leeway") {
      rules.leeway_seconds = std::strtoll(argv[i + 1], nullptr, 10);
    } else if (flag == "--now") {
      now = std::strtoll(argv[i + 1], nullptr, 10);
    } else {
      std::fprintf(stderr, "gateway_verify: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (!audience.empty()) rules.audiences = {&audience, 1};

  std::string jwks;
  std::string token;
  if (!read_all(argv[1], jwks) || !read_all(argv[2], token)) {
    std::fprintf(stderr, "gateway_verify: cannot read the input\n");
    return 2;
  }
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();

  // 1. The refresh thread's job: build and publish a snapshot.
  jwkview::key_store store;
  const auto built = jwkview::key_set::build(jwks);  // default policy: RSA >= 2048, no ROCA, ...
  if (!built) {
    print("jwks refused", built.error());  // a gateway keeps its previous snapshot
    return 2;
  }
  for (const jwkview::refused_key& r : (*built)->refused()) print("key never used", r.problem);
  store.publish(*built);

  // 2. A worker's job, per request.
  const std::shared_ptr<const jwkview::key_set> keys = store.snapshot();
  const auto v = jwkview::validate_jwt(token, *keys, rules, now);
  if (!v) {
    print("rejected", v.error());
    return 1;
  }
  const jwkview::jwt& t = v->token;
  std::printf("verified kid=%.*s alg=%.*s sub=%.*s claims=%zu\n", int(v->signer->kid.value.size()),
              v->signer->kid.value.data(), int(jwkview::to_string(t.header.alg).size()),
              jwkview::to_string(t.header.alg).data(), int(t.sub.value.size()), t.sub.value.data(),
              t.claims.size());
  return 0;
}
