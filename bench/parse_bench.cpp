// Quick benchmark of jwkview on the example listings, with baselines measured
// in the same run: memcpy of the bytes (the floor of any parser that copies)
// and simdjson DOM's full parse (validation plus a tape, no extraction).
// Also writing (write.hpp): keys/s and output bytes/s per form, owned copies.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "jwkview/jwkview.hpp"
#include "stream_tally.hpp"

namespace {

using jwkview_bench::read_example;
using jwkview_bench::set_counters;

// parse_set over `json`, into storage for 1024 keys.
void parse_set_bytes(benchmark::State& state, const std::string& json,
                     const jwkview::options& opts) {
  jwkview::parser parser(opts);
  std::vector<jwkview::key> keys(1024);
  std::size_t delivered = 0;
  for (auto _ : state) {
    const jwkview::parse_report report = parser.parse_set(json, keys);
    if (!report.ok()) state.SkipWithError("did not parse cleanly");
    delivered = report.key_count();
    benchmark::DoNotOptimize(keys.data());
  }
  set_counters(state, json.size(), delivered);
}

void parse_set(benchmark::State& state, const char* file) {
  parse_set_bytes(state, read_example(file), {});
}

// 1,000 copies of the first key of jwks.json in {"keys":[...]}, each with
// `extra` appended (empty: none). An extra that the fast path does not take
// (an unrecognised member, key_ops) sends every key to the full mapper: the
// pair of rows is what that costs, and shows it stays linear.
std::string thousand_keys(std::string_view extra) {
  const std::string set = read_example("jwks.json");
  const std::size_t begin = set.find('{', set.find('['));
  const std::size_t end = set.find('}', begin);  // the first key has no nested object
  std::string key = set.substr(begin, end - begin);
  key += extra;
  key += '}';
  std::string out = R"({"keys":[)";
  for (int i = 0; i < 1000; ++i) {
    if (i != 0) out += ',';
    out += key;
  }
  return out + "]}";
}

void parse_set_thousand(benchmark::State& state) {
  parse_set_bytes(state, thousand_keys(""), {});
}

// Members the mapper skips (key_ops, an unknown name) in every key.
void parse_set_thousand_extra(benchmark::State& state) {
  parse_set_bytes(state, thousand_keys(R"(,"key_ops":["verify"],"x-note":"rotated")"), {});
}

void parse_set_padded(benchmark::State& state, const char* file) {
  std::string json = read_example(file);
  const std::size_t size = json.size();
  json.resize(size + jwkview::padding);
  jwkview::parser parser;
  std::vector<jwkview::key> keys(1024);
  std::size_t delivered = 0;
  for (auto _ : state) {
    const jwkview::parse_report report =
        parser.parse_set(std::string_view(json.data(), size), keys);
    delivered = report.key_count();
    benchmark::DoNotOptimize(keys.data());
  }
  set_counters(state, size, delivered);
}

void memcpy_baseline(benchmark::State& state, const char* file) {
  const std::string json = read_example(file);
  std::vector<char> copy(json.size());
  for (auto _ : state) {
    std::memcpy(copy.data(), json.data(), json.size());
    benchmark::DoNotOptimize(copy.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, json.size(), 0);
}

void simdjson_dom_baseline(benchmark::State& state, const char* file) {
  const simdjson::padded_string json(read_example(file));
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::element root;
    if (parser.parse(json).get(root) != simdjson::SUCCESS)
      state.SkipWithError("simdjson refused the example");
    benchmark::DoNotOptimize(root);
  }
  set_counters(state, json.size(), 0);
}

void parse_key(benchmark::State& state) {
  jwkview::parser parser;
  // The first key of the Okta listing, on its own.
  const std::string listing = read_example("okta-keys.json");
  jwkview::key keys[64];
  const jwkview::parse_report report = parser.parse_set(listing, keys);
  if (report.keys().empty()) {
    state.SkipWithError("no key in okta-keys.json");
    return;
  }
  const std::size_t begin = report.keys()[0].offset;
  std::size_t depth = 0, end = begin;
  for (bool in_string = false; end < listing.size(); ++end) {  // the key object's extent
    const char c = listing[end];
    if (in_string) {
      if (c == '\\')
        ++end;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      break;
    }
  }
  const std::string one = listing.substr(begin, end + 1 - begin);
  for (auto _ : state) {
    jwkview::result<jwkview::key> k = parser.parse_key(one);
    if (!k) state.SkipWithError("single key did not parse");
    benchmark::DoNotOptimize(k);
  }
  set_counters(state, one.size(), 1);
}

/// The parsed keys of an example, for the writing benchmarks.
struct parsed_example {
  explicit parsed_example(const char* file) : json(read_example(file)), storage(1024) {
    keys = parser.parse_set(json, storage).keys();
  }
  std::string json;
  jwkview::parser parser;
  std::vector<jwkview::key> storage;
  std::span<const jwkview::key> keys;
};

void write_set(benchmark::State& state, const char* file, jwkview::write_form form) {
  const parsed_example ex(file);
  std::vector<char> out(std::size_t{1} << 20);
  std::size_t bytes = 0;
  for (auto _ : state) {
    const auto r = jwkview::write_set(ex.keys, form, out);
    if (!r) state.SkipWithError("output buffer too small");
    bytes = r.value;
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, bytes, ex.keys.size());  // bytes/s counts the output
}

void to_owned(benchmark::State& state, const char* file) {
  const parsed_example ex(file);
  for (auto _ : state) {
    for (const jwkview::key& k : ex.keys) {
      jwkview::owned_key owned = jwkview::to_owned(k);
      benchmark::DoNotOptimize(owned);
    }
  }
  set_counters(state, ex.json.size(), ex.keys.size());
}

}  // namespace

// A bare array of 900 keys: the example keys repeated.
std::string large_array() {
  const std::string one = read_example("okta-keys.json");
  const std::string elements = one.substr(one.find('[') + 1, one.rfind(']') - one.find('[') - 1);
  std::string out = "[";
  for (int i = 0; i < 100; ++i) {
    if (i != 0) out += ',';
    out += elements;
  }
  out += "]";
  return out;
}

// Without the pretty-printing whitespace, as Okta's API sends it.
std::string compact(const std::string& json) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string && c == '\\') {
      out += c;
      out += json[++i];
      continue;
    }
    if (c == '"') in_string = !in_string;
    if (!in_string && (c == ' ' || c == '\n' || c == '\t' || c == '\r')) continue;
    out += c;
  }
  return out;
}

// The same keys as NDJSON: the compact array's elements, one per line.
std::string large_ndjson() {
  const std::string array = compact(large_array());
  std::string lines;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 1; i + 1 < array.size(); ++i) {
    const char c = array[i];
    if (in_string && c == '\\') {
      lines += c;
      lines += array[++i];
      continue;
    }
    if (c == '"') in_string = !in_string;
    if (!in_string && (c == '{' || c == '[')) ++depth;
    if (!in_string && (c == '}' || c == ']')) --depth;
    lines += !in_string && depth == 0 && c == ',' ? '\n' : c;
  }
  return lines + "\n";
}

void parse_set_large(benchmark::State& state) {
  parse_set_bytes(state, large_array(), {});
}

// The stream over the same bytes, fed in chunks of state.range(0) bytes.
void stream_bytes(benchmark::State& state, const std::string& json, jwkview::input_format format) {
  jwkview::stream_options opts;
  opts.format = format;
  jwkview::stream stream(opts);
  const auto chunk = static_cast<std::size_t>(state.range(0));
  std::size_t delivered = 0;
  for (auto _ : state) {
    const jwkview_bench::stream_tally t = jwkview_bench::stream_in_chunks(stream, json, chunk);
    if (t.errors != 0) state.SkipWithError("did not parse cleanly");
    delivered = t.keys;
  }
  set_counters(state, json.size(), delivered);
}

// The stream and parse_set rows over the same bytes give the stream's ratio.
void stream_file(benchmark::State& state, const char* file) {
  stream_bytes(state, read_example(file), jwkview::input_format::concatenated);
}

void stream_thousand(benchmark::State& state) {
  stream_bytes(state, thousand_keys(""), jwkview::input_format::concatenated);
}

// As jwkview scan reads a FILE: one document, held without the machine.
void stream_thousand_single(benchmark::State& state) {
  stream_bytes(state, thousand_keys(""), jwkview::input_format::single_document);
}

// A new stream for each parse, as a program that reads one file and exits
// does: the stream's first document of this size grows its buffers.
void stream_thousand_cold(benchmark::State& state) {
  const std::string json = thousand_keys("");
  jwkview::stream_options opts;
  opts.format = jwkview::input_format::single_document;
  std::size_t delivered = 0;
  for (auto _ : state) {
    jwkview::stream stream(opts);
    const jwkview_bench::stream_tally t = jwkview_bench::stream_in_chunks(stream, json, 1 << 20);
    if (t.errors != 0) state.SkipWithError("did not parse cleanly");
    delivered = t.keys;
  }
  set_counters(state, json.size(), delivered);
}

void stream_large(benchmark::State& state) {
  stream_bytes(state, large_array(), jwkview::input_format::concatenated);
}

void parse_set_compact(benchmark::State& state) {
  parse_set_bytes(state, compact(large_array()), {});
}

void stream_compact(benchmark::State& state) {
  stream_bytes(state, compact(large_array()), jwkview::input_format::concatenated);
}

void stream_ndjson(benchmark::State& state) {
  stream_bytes(state, large_ndjson(), jwkview::input_format::json_lines);
}

// The whole-buffer way to read NDJSON: parse_set on each line.
void parse_set_per_line(benchmark::State& state) {
  const std::string text = large_ndjson();
  jwkview::parser parser;
  std::vector<jwkview::key> keys(4);
  std::size_t delivered = 0;
  for (auto _ : state) {
    delivered = 0;
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t end = text.find('\n', at);
      const jwkview::parse_report report =
          parser.parse_set(std::string_view(text).substr(at, end - at), keys);
      delivered += report.key_count();
      at = end + 1;
    }
    benchmark::DoNotOptimize(keys.data());
  }
  set_counters(state, text.size(), delivered);
}

BENCHMARK_CAPTURE(parse_set, okta_listing, "okta-listing.json");
BENCHMARK_CAPTURE(parse_set_padded, okta_listing, "okta-listing.json");
BENCHMARK_CAPTURE(simdjson_dom_baseline, okta_listing, "okta-listing.json");
BENCHMARK_CAPTURE(memcpy_baseline, okta_listing, "okta-listing.json");
BENCHMARK_CAPTURE(parse_set, jwks, "jwks.json");
BENCHMARK_CAPTURE(simdjson_dom_baseline, jwks, "jwks.json");
BENCHMARK(parse_key);
BENCHMARK_CAPTURE(stream_file, okta_listing, "okta-listing.json")->Arg(1 << 16);
BENCHMARK(parse_set_thousand);
BENCHMARK(stream_thousand)->Arg(1 << 16)->Arg(1 << 20);
BENCHMARK(stream_thousand_single)->Arg(1 << 16)->Arg(1 << 20);
BENCHMARK(stream_thousand_cold);
BENCHMARK(parse_set_thousand_extra);
BENCHMARK(parse_set_large);
BENCHMARK(stream_large)->Arg(1 << 16)->Arg(4096)->Arg(1 << 20);
BENCHMARK(parse_set_compact);
BENCHMARK(stream_compact)->Arg(1 << 16)->Arg(1 << 20);
BENCHMARK(parse_set_per_line);
BENCHMARK(stream_ndjson)->Arg(1 << 16)->Arg(1 << 20);
BENCHMARK_CAPTURE(write_set, okta_listing_response, "okta-listing.json",
                  jwkview::write_form::response);
BENCHMARK_CAPTURE(write_set, okta_listing_request, "okta-listing.json",
                  jwkview::write_form::request);
BENCHMARK_CAPTURE(write_set, okta_listing_jwk, "okta-listing.json", jwkview::write_form::jwk);
BENCHMARK_CAPTURE(write_set, jwks_jwk, "jwks.json", jwkview::write_form::jwk);
BENCHMARK_CAPTURE(to_owned, okta_listing, "okta-listing.json");

BENCHMARK_MAIN();
