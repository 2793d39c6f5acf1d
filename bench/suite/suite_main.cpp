// The benchmark suite (bench/README.md): jwkview, its peers and the ceilings
// on the generated corpora. The context records what decides the figures:
// the CPU, simdjson's kernels and the target this build was compiled for.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <fstream>
#include <string>

#include "loaded_corpus.hpp"

namespace {

std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

// The widest vector extension the compiler may use in this build's own code
// (On-Demand's stage 2, jwkview, the peers); stage 1 of simdjson's parsers
// picks its kernel at run time instead.
std::string build_target() {
#if defined(__AVX512F__)
  std::string target = "AVX-512";
#elif defined(__AVX2__)
  std::string target = "AVX2";
#elif defined(__SSE4_2__)
  std::string target = "SSE4.2";
#else
  std::string target = "baseline x86-64 (SSE2)";
#endif
  target += "; cpp_args: ";
  target += JWKVIEW_BENCH_CPP_ARGS[0] != '\0' ? JWKVIEW_BENCH_CPP_ARGS : "(none)";
  return target;
}

std::string compiler() {
#if defined(__clang__)
  std::string name = "clang " __clang_version__;
#else
  std::string name = "g++ " __VERSION__;
#endif
  while (name.back() == ' ') name.pop_back();  // __clang_version__ ends with one
  return name;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("cpu_model", cpu_model());
  benchmark::AddCustomContext("simdjson_active", simdjson::get_active_implementation()->name());
  // The kernel of On-Demand's inlined stage 2 in this build (simdjson's own
  // builtin_implementation() reports the shared library's instead).
  benchmark::AddCustomContext("simdjson_ondemand_builtin",
                              SIMDJSON_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION));
  benchmark::AddCustomContext("compiler", compiler());
  benchmark::AddCustomContext("build_target", build_target());
  jwkview_bench::prepare_corpora();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
