// What the benchmark programs share: reading the examples and the counters.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace jwkview_bench {

/// An example file's bytes ($JWKVIEW_EXAMPLES, else the source tree's).
inline std::string read_example(const char* name) {
  const char* dir = std::getenv("JWKVIEW_EXAMPLES");
  std::ifstream in(std::string(dir != nullptr ? dir : JWKVIEW_EXAMPLES_DIR) + "/" + name,
                   std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// bytes/s from `bytes` per iteration, and keys/s from `keys`.
inline void set_counters(benchmark::State& state, std::size_t bytes, std::size_t keys) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["keys/s"] = benchmark::Counter(static_cast<double>(state.iterations() * keys),
                                                benchmark::Counter::kIsRate);
}

}  // namespace jwkview_bench
