// Keys and signed tokens for nginx_test.py, made by tests/token_factory.hpp
// (libcrypto key pairs, public JWKs written from their parameters, JWS
// signatures from EVP_DigestSign). One command per line on stdin, fields
// separated by tabs; one line out per command:
//
//   rsa NAME BITS               -> NAME's public JWK (kid NAME)
//   ec NAME P-256|P-384|P-521   -> the same
//   ed25519 NAME                -> the same
//   hmac NAME SECRET            -> an oct JWK with k (SECRET: its octets as text)
//   sign NAME ALG HEADER CLAIMS -> the compact JWS of the two JSON texts,
//                                  signed with NAME's key under ALG
//
// Exits 1 on a command it cannot carry out.
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "token_factory.hpp"

namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, '\t')) fields.push_back(field);
  return fields;
}

}  // namespace

int main() {
  using namespace jwkview::test;
  std::map<std::string, signing_key> keys;
  std::string line;
  while (std::getline(std::cin, line)) {
    const std::vector<std::string> f = split(line);
    if (f.empty()) continue;
    const std::string& command = f[0];
    if (command == "rsa" && f.size() == 3) {
      keys[f[1]] = make_rsa_key(f[1], static_cast<unsigned>(std::stoul(f[2])));
    } else if (command == "ec" && f.size() == 3) {
      keys[f[1]] = make_ec_key(f[1], f[2]);
    } else if (command == "ed25519" && f.size() == 2) {
      keys[f[1]] = make_ed25519_key(f[1]);
    } else if (command == "hmac" && f.size() == 3) {
      keys[f[1]] = make_hmac_key(f[1], f[2]);
    } else if (command == "sign" && f.size() == 5 && keys.count(f[1]) != 0) {
      const std::string token = sign_token(keys[f[1]], f[2], f[3], f[4]);
      if (token.empty()) {
        std::cerr << "token_tool: cannot sign with " << f[1] << " under " << f[2] << "\n";
        return 1;
      }
      std::cout << token << "\n";
      continue;
    } else {
      std::cerr << "token_tool: bad command: " << line << "\n";
      return 1;
    }
    if (!keys[f[1]].pkey) {
      std::cerr << "token_tool: key generation failed: " << line << "\n";
      return 1;
    }
    std::cout << keys[f[1]].jwk << "\n";
  }
  return std::cout.good() ? 0 : 1;
}
