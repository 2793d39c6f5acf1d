#include "rows.hpp"

#include <benchmark/benchmark.h>

#include <string>

#include "counting_allocator.hpp"

namespace jwkview_bench {
namespace {

void skip(benchmark::State& state, const std::string& why) {
  state.SkipWithError(why.c_str());
}

void run_row(benchmark::State& state, corpus_id id, row_kind kind, const reader_factory& make) {
  const loaded_corpus& c = load_corpus(id);
  const std::unique_ptr<reader> r = make(c);
  // The warm-up grows every buffer to the largest document and checks the
  // result before anything is timed.
  const std::size_t warm = r->read(c.warm());
  if (warm == reader::failed) return skip(state, "the warm-up read failed");
  if (kind == row_kind::contender) {
    if (warm != c.warm_keys) {
      return skip(state,
                  "extracted " + std::to_string(warm) + " keys of " + std::to_string(c.warm_keys));
    }
    const std::vector<plain_key> last = r->last_records();
    if (!last.empty() && fingerprint(last) != c.fingerprint) {
      return skip(state, "extracted other members than jwkview");
    }
  }
  const input in = c.whole();
  std::size_t keys = 0;
  // Counts the allocations of the timed loop only.
  jwkview_testing::counting_window allocations;
  for (auto _ : state) {
    keys = r->read(in);
    benchmark::DoNotOptimize(keys);
  }
  const std::size_t allocated = allocations.stop();
  if (keys == reader::failed) return skip(state, "a read failed");
  if (kind == row_kind::contender && keys != c.keys) {
    return skip(state, "extracted " + std::to_string(keys) + " keys of " + std::to_string(c.keys));
  }
  const auto iterations = static_cast<std::size_t>(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(iterations * c.size));
  if (kind == row_kind::contender) {
    state.counters["keys/s"] =
        benchmark::Counter(static_cast<double>(iterations * keys), benchmark::Counter::kIsRate);
  }
  state.counters["allocs/doc"] =
      static_cast<double>(allocated) / static_cast<double>(iterations * c.documents);
}

}  // namespace

bool add_rows(std::string_view name, row_kind kind, std::initializer_list<corpus_id> corpora,
              reader_factory make) {
  for (const corpus_id id : corpora) {
    if (id == corpus_id::array1g && !large_corpora_wanted()) continue;
    const corpus_spec& spec = spec_of(id);
    const std::string row = std::string(spec.name) + "/" + std::string(name);
    benchmark::internal::Benchmark* b = benchmark::RegisterBenchmark(
        row.c_str(), [id, kind, make](benchmark::State& state) { run_row(state, id, kind, make); });
    if (id == corpus_id::key) {
      b->Unit(benchmark::kNanosecond);
    } else if (id == corpus_id::ndjson100m || id == corpus_id::array1g) {
      // A pass over 100 MiB or 1 GiB is long enough to time on its own.
      b->Unit(benchmark::kMillisecond)->Iterations(1);
    } else {
      b->Unit(benchmark::kMicrosecond);
    }
  }
  return true;
}

}  // namespace jwkview_bench
