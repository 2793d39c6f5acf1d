// A reader over one peer library. A peer provides
//
//   using api = ...;                         the adapter extract.hpp reads keys with
//   explicit peer(const loaded_corpus&);     parser, document and buffers, reused
//   bool parse(const input&, F with_root);   parses one document and calls
//                                            with_root(root); the strings stay
//                                            valid until the next parse
//
// and may provide `std::size_t read_lines(const input&, plain_key&)` for its
// own NDJSON reader; without one, NDJSON is parsed line by line.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <vector>

#include "extract.hpp"
#include "rows.hpp"

namespace jwkview_bench {

template <typename Peer>
class peer_reader final : public reader {
 public:
  explicit peer_reader(const loaded_corpus& c)
      : peer_(c), shape_(c.spec->shape), records_(shape_ == layout::lines ? 1 : c.keys) {}

  std::size_t read(const input& in) override {
    const std::size_t keys = shape_ == layout::lines ? read_lines(in) : read_document(in);
    benchmark::DoNotOptimize(records_.data());
    return keys;
  }

  std::vector<plain_key> last_records() override {
    return {records_.begin(), records_.begin() + static_cast<std::ptrdiff_t>(last_)};
  }

 private:
  using api = typename Peer::api;

  std::size_t read_document(const input& in) {
    last_ = 0;
    const bool ok = peer_.parse(in, [&](auto&& root) {
      last_ = read_keys<api>(root, shape_, records_);
      return last_ != 0;
    });
    return ok ? last_ : failed;
  }

  std::size_t read_lines(const input& in) {
    last_ = 1;
    if constexpr (requires { peer_.read_lines(in, records_[0]); }) {
      return peer_.read_lines(in, records_[0]);
    } else {
      std::size_t keys = 0;
      bool ok = true;
      for_each_line(in, [&](const input& line) {
        ok = ok && peer_.parse(line, [&](auto&& root) { return read_key<api>(root, records_[0]); });
        ++keys;
      });
      return ok ? keys : failed;
    }
  }

  Peer peer_;
  layout shape_;
  std::vector<plain_key> records_;
  std::size_t last_ = 0;  ///< records of the last document
};

/// The corpora every peer reads (the 1 GiB array is the stream's alone).
inline const std::initializer_list<corpus_id> peer_corpora = {
    corpus_id::key, corpus_id::listing50, corpus_id::set1000, corpus_id::ndjson100m};

template <typename Peer>
reader_factory make_peer() {
  return [](const loaded_corpus& c) { return std::make_unique<peer_reader<Peer>>(c); };
}

}  // namespace jwkview_bench
