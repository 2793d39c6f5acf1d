// Runs jwkview's set parser N times on one corpus for bench/instructions.sh,
// which counts its instructions under callgrind. Only the N parses are
// instrumented: the warm-up parse (which grows the parser's buffers) and
// reading the file are not.
//
//   valgrind --tool=callgrind --instr-atstart=no instructions_driver FILE okta|rfc7517 N
//
// Prints "KEYS BYTES N" for the script to divide by.
#include <valgrind/callgrind.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "jwkview/jwkview.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: instructions_driver FILE okta|rfc7517 N\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::string json = text.str();
  const std::size_t size = json.size();
  json.resize(size + jwkview::padding);
  const std::string_view view(json.data(), size);

  jwkview::options o;
  if (std::string_view(argv[2]) == "rfc7517") o.profile = jwkview::profile::rfc7517;
  jwkview::parser parser(o);
  std::vector<jwkview::key> storage(o.limits.max_keys);
  const jwkview::parse_report warm = parser.parse_set(view, storage);
  if (!warm.ok() || warm.key_count() == 0) {
    std::fprintf(stderr, "instructions_driver: %s does not parse cleanly\n", argv[1]);
    return 1;
  }
  const long runs = std::strtol(argv[3], nullptr, 10);
  std::size_t keys = 0;
  CALLGRIND_START_INSTRUMENTATION;
  for (long i = 0; i < runs; ++i) keys += parser.parse_set(view, storage).key_count();
  CALLGRIND_STOP_INSTRUMENTATION;
  if (keys != warm.key_count() * static_cast<std::size_t>(runs)) return 1;
  std::printf("%zu %zu %ld\n", warm.key_count(), size, runs);
  return 0;
}
