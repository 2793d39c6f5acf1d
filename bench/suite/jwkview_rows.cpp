// jwkview's rows: parse_key and parse_set into reused storage, parse_set per
// NDJSON line, and the stream in 1 MiB chunks (on the same bytes as parse_set).
#include <benchmark/benchmark.h>

#include <string_view>
#include <vector>

#include "jwkview/jwkview.hpp"
#include "jwkview/stream.hpp"
#include "rows.hpp"
#include "stream_tally.hpp"

namespace jwkview_bench {
namespace {

jwkview::options options_of(const loaded_corpus& c) {
  jwkview::options o;
  o.profile = c.spec->profile;
  return o;
}

/// A parser and storage for the keys of one document, reused for every read.
class parser_reader : public reader {
 public:
  explicit parser_reader(const loaded_corpus& c)
      : parser_(options_of(c)), storage_(c.spec->shape == layout::lines ? 1 : c.keys) {}

  std::vector<plain_key> last_records() override {
    std::vector<plain_key> records;
    for (const jwkview::key& k :
         parser_.parse_set(std::string_view(last_.data, last_.size), storage_).keys()) {
      records.push_back(to_plain(k));
    }
    return records;
  }

 protected:
  /// parse(json) on the input, which last_records() reads again.
  template <typename Parse>
  auto with_input(const input& in, Parse&& parse) {
    last_ = in;
    return parse(std::string_view(in.data, in.size));
  }

  jwkview::parser parser_;
  std::vector<jwkview::key> storage_;

 private:
  input last_;
};

class key_reader final : public parser_reader {
 public:
  using parser_reader::parser_reader;
  std::size_t read(const input& in) override {
    const jwkview::result<jwkview::key> k =
        with_input(in, [this](auto json) { return parser_.parse_key(json); });
    benchmark::DoNotOptimize(k);
    return k ? 1 : failed;
  }
};

class set_reader final : public parser_reader {
 public:
  using parser_reader::parser_reader;
  std::size_t read(const input& in) override {
    const jwkview::parse_report report =
        with_input(in, [this](auto json) { return parser_.parse_set(json, storage_); });
    benchmark::DoNotOptimize(storage_.data());
    return report.ok() ? report.key_count() : failed;
  }
};

class lines_reader final : public parser_reader {
 public:
  using parser_reader::parser_reader;
  std::size_t read(const input& in) override {
    std::size_t keys = 0;
    bool ok = true;
    for_each_line(in, [&](const input& line) {
      const jwkview::parse_report report =
          with_input(line, [this](auto json) { return parser_.parse_set(json, storage_); });
      benchmark::DoNotOptimize(storage_.data());
      ok = ok && report.ok();
      keys += report.key_count();
    });
    return ok ? keys : failed;
  }
};

class stream_reader final : public reader {
 public:
  explicit stream_reader(const loaded_corpus& c) : stream_(options_of_stream(c)) {}

  std::size_t read(const input& in) override {
    const stream_tally t =
        stream_in_chunks(stream_, std::string_view(in.data, in.size), std::size_t{1} << 20);
    return t.errors == 0 ? t.keys : failed;
  }

 private:
  static jwkview::stream_options options_of_stream(const loaded_corpus& c) {
    jwkview::stream_options o;
    o.parse = options_of(c);
    o.format = c.spec->shape == layout::lines ? jwkview::input_format::json_lines
                                              : jwkview::input_format::single_document;
    return o;
  }

  jwkview::stream stream_;
};

template <typename Reader>
reader_factory make() {
  return [](const loaded_corpus& c) { return std::make_unique<Reader>(c); };
}

[[maybe_unused]] const bool registered = [] {
  using enum corpus_id;
  add_rows("jwkview_key", row_kind::contender, {key}, make<key_reader>());
  add_rows("jwkview_set", row_kind::contender, {listing50, set1000}, make<set_reader>());
  add_rows("jwkview_set_lines", row_kind::contender, {ndjson100m}, make<lines_reader>());
  add_rows("jwkview_stream", row_kind::contender, {listing50, set1000, ndjson100m, array1g},
           [](const loaded_corpus& c) { return std::make_unique<stream_reader>(c); });
  return true;
}();

}  // namespace
}  // namespace jwkview_bench
