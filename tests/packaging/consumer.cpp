// A program that uses an installed jwkview the way a user's would: only the
// public headers, found through pkg-config, CMake's find_package or a Meson
// subproject (tests/packaging/run.sh). With JWKVIEW_CONSUMER_OPENSSL it also
// uses libjwkview_openssl's headers. The C ABI's header, jwkview.h, is used too.
//   consumer FILE...   parses each file whole and streams it; exit status 0
//                      when each gives keys and both ways agree
#include <jwkview.h>
#include <jwkview/jwkview.hpp>
#ifdef JWKVIEW_CONSUMER_OPENSSL
#include <jwkview/jws.hpp>
#include <jwkview/openssl.hpp>
#include <jwkview/thumbprint.hpp>
#endif

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

namespace {

struct counter {
  std::size_t keys = 0;
  std::size_t errors = 0;
  void on_key(const jwkview::key&, const jwkview::stream_place&) { ++keys; }
  void on_error(const jwkview::error&, const jwkview::stream_place&) { ++errors; }
};

bool check(const char* path) {
  std::ifstream in(path, std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.eof() && !in) {
    std::fprintf(stderr, "%s: cannot read\n", path);
    return false;
  }
  const bool lines = std::string_view(path).ends_with(".ndjson");

  jwkview::stream_options so;
  so.parse.profile = jwkview::profile::rfc7517;
  so.format = lines ? jwkview::input_format::json_lines : jwkview::input_format::concatenated;
  jwkview::stream s(so);
  counter streamed;
  for (std::size_t at = 0; at < text.size(); at += 7) {
    s.feed(std::string_view(text).substr(at, 7), streamed);
  }
  s.finish(streamed);

  std::size_t parsed = streamed.keys;
  if (!lines) {
    jwkview::parser parser(jwkview::options{.profile = jwkview::profile::rfc7517});
    jwkview::key keys[64];
    const jwkview::parse_report report = parser.parse_set(text, keys);
    parsed = report.key_count();

    // The C ABI finds the same keys.
    jwkview_parse_options c_options;
    jwkview_parse_options_init(&c_options);
    c_options.profile = 2;  // rfc7517
    jwkview_parser* c_parser = jwkview_parser_new(&c_options);
    jwkview_parse_summary summary{};
    const int code = c_parser == nullptr ? JWKVIEW_OUT_OF_MEMORY
                                         : jwkview_parse_set(c_parser, text.data(), text.size(),
                                                             nullptr, nullptr, nullptr, &summary);
    jwkview_parser_free(c_parser);
    if (code != JWKVIEW_OK || summary.keys != parsed) {
      std::fprintf(stderr, "%s: the C ABI says %s with %zu keys\n", path, jwkview_error_name(code),
                   summary.keys);
      return false;
    }
#ifdef JWKVIEW_CONSUMER_OPENSSL
    for (const jwkview::key& k : report.keys()) {
      if (!jwkview::compute_thumbprint(k) || !jwkview::to_evp_pkey(k)) {
        std::fprintf(stderr, "%s: no thumbprint or EVP_PKEY for kid %.*s\n", path,
                     int(k.kid.value.size()), k.kid.value.data());
        return false;
      }
    }
    jwkview_key_set* set = jwkview_key_set_build(text.data(), text.size(), nullptr, nullptr);
    if (set == nullptr) {
      std::fprintf(stderr, "%s: jwkview_key_set_build refused it\n", path);
      return false;
    }
    jwkview_key_set_free(set);
#endif
  }
  std::printf("%s: %zu keys, %zu errors\n", path, streamed.keys, streamed.errors);
  if (streamed.keys == 0 || parsed != streamed.keys) {
    std::fprintf(stderr, "%s: %zu keys streamed, %zu parsed\n", path, streamed.keys, parsed);
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  bool ok = argc > 1;
  for (int i = 1; i < argc; ++i) ok = check(argv[i]) && ok;
  return ok ? 0 : 1;
}
