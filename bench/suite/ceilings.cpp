// The limits a reader can approach: copying the bytes, and simdjson's
// structural indexing alone (On-Demand's iterate() runs stage 1, validating
// UTF-8 and finding every structural character, and touches nothing after).
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstring>
#include <vector>

#include "rows.hpp"

namespace jwkview_bench {
namespace {

class memcpy_reader final : public reader {
 public:
  explicit memcpy_reader(const loaded_corpus& c) : copy_(c.size) {}
  std::size_t read(const input& in) override {
    std::memcpy(copy_.data(), in.data, in.size);
    benchmark::ClobberMemory();
    return 0;
  }

 private:
  std::vector<char> copy_;
};

class structural_reader final : public reader {
 public:
  // NDJSON is indexed as one buffer: allocate for all of it before the timing.
  explicit structural_reader(const loaded_corpus& c)
      : allocated_(parser_.allocate(c.size) == simdjson::SUCCESS) {}
  std::size_t read(const input& in) override {
    simdjson::ondemand::document doc;
    const bool ok =
        allocated_ && parser_.iterate(in.data, in.size, in.capacity).get(doc) == simdjson::SUCCESS;
    return ok ? 0 : failed;
  }

 private:
  simdjson::ondemand::parser parser_;
  bool allocated_;
};

[[maybe_unused]] const bool registered = [] {
  using enum corpus_id;
  add_rows("memcpy", row_kind::ceiling, {key, listing50, set1000, ndjson100m, array1g},
           [](const loaded_corpus& c) { return std::make_unique<memcpy_reader>(c); });
  // Not on the 1 GiB array: simdjson's index alone would take 6 GB.
  add_rows("structural", row_kind::ceiling, {key, listing50, set1000, ndjson100m},
           [](const loaded_corpus& c) { return std::make_unique<structural_reader>(c); });
  return true;
}();

}  // namespace
}  // namespace jwkview_bench
