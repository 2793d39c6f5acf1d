// gateway_verify: check a JWT against a JWK Set, as an API gateway does.
//
//   gateway_verify JWKS_FILE TOKEN_FILE      (TOKEN_FILE "-" reads standard input)
//
// Loads the key set once (parse, index, build the OpenSSL keys), then verifies
// the token: the key is picked by the header's kid and alg, the signature
// checked, and the claims printed. Exit status 0 when the token verifies, 1
// when it does not (with the reason on stderr), 2 for usage or I/O errors.
// Claims (exp, nbf, iss, aud) are NOT checked here: that is the next step of
// a real gateway, on the decoded payload.
#include <jwkview/jwkview.hpp>
#include <jwkview/jws.hpp>
#include <jwkview/openssl.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace {

bool read_all(const std::string& path, std::string& out) {
  std::ifstream file;
  if (path != "-") file.open(path, std::ios::binary);
  std::istream& in = path == "-" ? std::cin : file;
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

/// What a gateway keeps per JWK Set: the text (the keys view into it), the
/// parsed keys, their index, and one OpenSSL key per key, built once.
class key_set {
 public:
  bool load(std::string text) {
    json_ = std::move(text);
    const jwkview::parse_report report = parser_.parse_set(json_, storage_);
    for (const jwkview::error& e : report.errors()) {  // bad keys are skipped (RFC 7517 §5)
      std::fprintf(stderr, "jwks: %.*s: %.*s\n", int(e.path().size()), e.path().data(),
                   int(e.message().size()), e.message().data());
    }
    if (report.document_failed()) return false;  // never act on half a key set
    keys_ = report.keys();
    if (index_.build(keys_, slots_) != jwkview::error_code::ok) return false;
    pkeys_.clear();
    for (const jwkview::key& k : keys_) {  // a key OpenSSL refuses stays null: never matches
      jwkview::code_result<jwkview::evp_pkey_ptr> pkey = jwkview::to_evp_pkey(k);
      pkeys_.push_back(std::move(pkey.value));
    }
    return true;
  }

  /// Verifies `token` into `out`; returns "" or why it is refused. Reads the
  /// set only, so many threads may verify at once (not while load() runs).
  std::string_view verify(std::string_view token, jwkview::jws_token& out) const {
    const jwkview::code_result<jwkview::jws_token> t = jwkview::read_jws(token);
    if (!t) return jwkview::message_of(t.code);  // malformed, or alg none/HS256/...
    out = t.value;
    const jwkview::key* k = index_.find(out.kid(), out.alg, jwkview::key_use::sig);
    if (k == nullptr) return "no key with this kid for this alg";
    EVP_PKEY* pkey = pkeys_[static_cast<std::size_t>(k - keys_.data())].get();
    if (pkey == nullptr) return "the key's material is unusable";
    const jwkview::error_code verdict = jwkview::verify_jws(out, pkey);
    return verdict == jwkview::error_code::ok ? "" : jwkview::message_of(verdict);
  }

 private:
  static constexpr std::size_t max_keys = 64;  // Okta allows 50 per client
  std::string json_;
  jwkview::parser parser_{jwkview::options{.profile = jwkview::profile::rfc7517}};
  std::vector<jwkview::key> storage_ = std::vector<jwkview::key>(max_keys);
  std::vector<jwkview::key_index::slot> slots_ =
      std::vector<jwkview::key_index::slot>(jwkview::key_index::slots_needed(max_keys));
  std::span<const jwkview::key> keys_;
  jwkview::key_index index_;
  std::vector<jwkview::evp_pkey_ptr> pkeys_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: gateway_verify JWKS_FILE TOKEN_FILE|-\n");
    return 2;
  }
  std::string jwks;
  std::string token;
  if (!read_all(argv[1], jwks) || !read_all(argv[2], token)) {
    std::fprintf(stderr, "gateway_verify: cannot read the input\n");
    return 2;
  }
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();

  key_set keys;
  if (!keys.load(std::move(jwks))) return 2;
  jwkview::jws_token t;
  const std::string_view why = keys.verify(token, t);
  if (!why.empty()) {
    std::fprintf(stderr, "rejected: %.*s\n", int(why.size()), why.data());
    return 1;
  }
  std::string claims(jwkview::base64url_max_decoded_size(t.payload.size()), '\0');
  const auto decoded = jwkview::base64url_decode(
      t.payload, std::span(reinterpret_cast<std::uint8_t*>(claims.data()), claims.size()));
  std::printf("verified kid=%.*s alg=%.*s claims=%.*s\n", int(t.kid().size()), t.kid().data(),
              int(jwkview::to_string(t.alg).size()), jwkview::to_string(t.alg).data(),
              int(decoded.value), claims.data());
  return 0;
}
