// The rows of the suite: a reader per contender, measured the same way on
// every corpus it reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string_view>
#include <vector>

#include "loaded_corpus.hpp"
#include "plain_key.hpp"

namespace jwkview_bench {

class reader {
 public:
  static constexpr std::size_t failed = SIZE_MAX;

  reader() = default;
  reader(const reader&) = delete;
  reader& operator=(const reader&) = delete;
  virtual ~reader() = default;

  /// Reads the whole input (every line of NDJSON), keeping the records as the
  /// library allows; returns the keys extracted (0 for a ceiling) or failed.
  virtual std::size_t read(const input& in) = 0;

  /// The records of the last document read, for the check that every reader
  /// extracts the same members; empty when a reader keeps none.
  virtual std::vector<plain_key> last_records() { return {}; }
};

enum class row_kind : std::uint8_t {
  contender,  ///< extracts every key: its count and members are checked
  ceiling     ///< reads the bytes only
};

using reader_factory = std::function<std::unique_ptr<reader>(const loaded_corpus&)>;

/// Registers the benchmark "<corpus>/<name>" for each corpus (array1g only
/// when JWKVIEW_BENCH_LARGE=1). Call at static initialisation.
bool add_rows(std::string_view name, row_kind kind, std::initializer_list<corpus_id> corpora,
              reader_factory make);

}  // namespace jwkview_bench
