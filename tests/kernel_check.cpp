// Linked into the suites tests/meson.build reruns with
// SIMDJSON_FORCE_IMPLEMENTATION: names the simdjson kernel in the log, fails
// when it is not the forced one (so a run cannot pass on the native kernel
// unnoticed), and skips (exit 77) when this simdjson or this CPU lacks it.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

class kernel_check : public ::testing::Environment {
 public:
  void SetUp() override {
    const char* forced = std::getenv("SIMDJSON_FORCE_IMPLEMENTATION");
    if (forced != nullptr) {
      // simdjson does not check the CPU: a kernel it cannot run would crash.
      const simdjson::implementation* kernel = simdjson::get_available_implementations()[forced];
      if (kernel == nullptr || !kernel->supported_by_runtime_system()) {
        std::printf(
            "SKIP: simdjson kernel '%s' %s\n", forced,
            kernel == nullptr ? "is not in this simdjson build" : "does not run on this CPU");
        std::fflush(stdout);
        std::exit(77);
      }
    }
    const std::string active = simdjson::get_active_implementation()->name();
    std::printf("simdjson kernel: %s%s\n", active.c_str(), forced != nullptr ? " (forced)" : "");
    if (forced != nullptr) {
      ASSERT_EQ(active, forced) << "SIMDJSON_FORCE_IMPLEMENTATION was not honoured";
    }
  }
};

[[maybe_unused]] ::testing::Environment* const registered =
    ::testing::AddGlobalTestEnvironment(new kernel_check);

}  // namespace
