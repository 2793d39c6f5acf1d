// Quick benchmark of jwkview on the example listings, with baselines measured
// in the same run: memcpy of the bytes (the floor of any parser that copies)
// and simdjson DOM's full parse (validation plus a tape, no extraction).
// Also writing (write.hpp): keys/s and output bytes/s per form, owned copies.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "jwkview/jwkview.hpp"

namespace {

std::string read_example(const char* name) {
  const char* dir = std::getenv("JWKVIEW_EXAMPLES");
  std::ifstream in(std::string(dir != nullptr ? dir : JWKVIEW_EXAMPLES_DIR) + "/" + name,
                   std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void set_counters(benchmark::State& state, std::size_t bytes, std::size_t keys) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["keys/s"] = benchmark::Counter(static_cast<double>(state.iterations() * keys),
                                                benchmark::Counter::kIsRate);
}

jwkview::options profile_for(const char* file) {
  jwkview::options o;
  // Plain RFC 7517 sets carry no Okta id.
  if (std::strcmp(file, "jwks.json") == 0) o.profile = jwkview::profile::rfc7517;
  return o;
}

void parse_set(benchmark::State& state, const char* file) {
  const std::string json = read_example(file);
  jwkview::parser parser(profile_for(file));
  std::vector<jwkview::key> keys(1024);
  std::size_t delivered = 0;
  for (auto _ : state) {
    const jwkview::parse_report report = parser.parse_set(json, keys);
    if (!report.ok()) state.SkipWithError("example did not parse cleanly");
    delivered = report.key_count();
    benchmark::DoNotOptimize(keys.data());
  }
  set_counters(state, json.size(), delivered);
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
        parser.parse_set(jwkview::padded_view{json.data(), size, json.size()}, keys);
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
  explicit parsed_example(const char* file)
      : json(read_example(file)), parser(profile_for(file)), storage(1024) {
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
    const jwkview::write_result r = jwkview::write_set(ex.keys, form, out);
    if (!r.complete) state.SkipWithError("output buffer too small");
    bytes = r.size;
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

BENCHMARK_CAPTURE(parse_set, okta_listing, "okta-listing.json");
BENCHMARK_CAPTURE(parse_set_padded, okta_listing, "okta-listing.json");
BENCHMARK_CAPTURE(simdjson_dom_baseline, okta_listing, "okta-listing.json");
BENCHMARK_CAPTURE(memcpy_baseline, okta_listing, "okta-listing.json");
BENCHMARK_CAPTURE(parse_set, jwks, "jwks.json");
BENCHMARK_CAPTURE(simdjson_dom_baseline, jwks, "jwks.json");
BENCHMARK(parse_key);
BENCHMARK_CAPTURE(write_set, okta_listing_response, "okta-listing.json",
                  jwkview::write_form::response);
BENCHMARK_CAPTURE(write_set, okta_listing_request, "okta-listing.json",
                  jwkview::write_form::request);
BENCHMARK_CAPTURE(write_set, okta_listing_jwk, "okta-listing.json", jwkview::write_form::jwk);
BENCHMARK_CAPTURE(write_set, jwks_jwk, "jwks.json", jwkview::write_form::jwk);
BENCHMARK_CAPTURE(to_owned, okta_listing, "okta-listing.json");

BENCHMARK_MAIN();
