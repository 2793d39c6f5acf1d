// Key material, index and thumbprint speed on the example listings:
//  - base64url decode of every n, x, y of okta-listing.json (MB/s of text),
//    against a plain memcpy of the same text and the canonical check alone;
//  - kid index: build, and lookups by kid, by kid + alg, by thumbprint;
//  - RFC 7638 thumbprints per second (with libjwkview_openssl).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "jwkview/jwkview.hpp"
#if defined(JWKVIEW_HAVE_OPENSSL)
#include "jwkview/thumbprint.hpp"
#endif

namespace {

using jwkview_bench::read_example;

/// The example listing, parsed once; keys stay valid while this lives.
struct listing {
  std::string json = read_example("okta-listing.json");
  jwkview::parser parser;
  std::vector<jwkview::key> storage = std::vector<jwkview::key>(64);
  std::span<const jwkview::key> keys;
  std::vector<std::string_view> material;  // every n, x, y
  std::size_t material_bytes = 0;

  listing() {
    keys = parser.parse_set(json, storage).keys();
    for (const jwkview::key& k : keys) {
      for (const jwkview::string_member* m : {&k.n, &k.x, &k.y}) {
        if (m->has_value()) {
          material.push_back(m->value);
          material_bytes += m->value.size();
        }
      }
    }
  }
};

listing& example() {
  static listing l;
  return l;
}

void base64url_decode(benchmark::State& state) {
  const listing& l = example();
  std::vector<std::uint8_t> out(1024);
  for (auto _ : state) {
    for (std::string_view text : l.material) {
      benchmark::DoNotOptimize(jwkview::base64url_decode(text, out));
    }
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * l.material_bytes));
}
BENCHMARK(base64url_decode);

void base64url_check_only(benchmark::State& state) {
  const listing& l = example();
  for (auto _ : state) {
    for (std::string_view text : l.material) {
      benchmark::DoNotOptimize(jwkview::base64url_decoded_size(text));
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * l.material_bytes));
}
BENCHMARK(base64url_check_only);

// The key policy's ROCA test on the example's RSA moduli (decoded once):
// `check` and a key set's build run it on every RSA key.
void roca_test(benchmark::State& state) {
  std::vector<std::vector<std::uint8_t>> moduli;
  for (const jwkview::key& k : example().keys) {
    if (!k.n.has_value()) continue;
    std::vector<std::uint8_t> n(k.n.value.size());
    const jwkview::code_result<std::size_t> r = jwkview::base64url_decode(k.n.value, n);
    if (!r) continue;
    n.resize(r.value);
    moduli.push_back(std::move(n));
  }
  if (moduli.empty()) state.SkipWithError("no RSA modulus in the example");
  std::size_t found = 0;
  for (auto _ : state) {
    for (const std::vector<std::uint8_t>& n : moduli) found += jwkview::has_roca_fingerprint(n);
  }
  benchmark::DoNotOptimize(found);
  state.counters["moduli/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * moduli.size()), benchmark::Counter::kIsRate);
}
BENCHMARK(roca_test);

void memcpy_baseline(benchmark::State& state) {
  const listing& l = example();
  std::vector<char> out(1024);
  for (auto _ : state) {
    for (std::string_view text : l.material) std::memcpy(out.data(), text.data(), text.size());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * l.material_bytes));
}
BENCHMARK(memcpy_baseline);

void index_build(benchmark::State& state) {
  const listing& l = example();
  std::vector<jwkview::key_index::slot> slots(jwkview::key_index::slots_needed(l.keys.size()));
  jwkview::key_index index;
  for (auto _ : state) benchmark::DoNotOptimize(index.build(l.keys, slots));
  state.counters["keys/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * l.keys.size()), benchmark::Counter::kIsRate);
}
BENCHMARK(index_build);

void index_find(benchmark::State& state, bool with_alg) {
  const listing& l = example();
  std::vector<jwkview::key_index::slot> slots(jwkview::key_index::slots_needed(l.keys.size()));
  jwkview::key_index index;
  if (index.build(l.keys, slots) != jwkview::error_code::ok) state.SkipWithError("build");
  // The kids as a token carries them: copies, not the set's own views.
  std::vector<std::string> kids;
  for (const jwkview::key& k : l.keys) kids.emplace_back(k.kid.value);
  std::size_t found = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < kids.size(); ++i) {
      const jwkview::key* k =
          with_alg ? index.find(kids[i], l.keys[i].alg.value) : index.find(kids[i]);
      found += k != nullptr ? 1 : 0;
    }
    benchmark::DoNotOptimize(found);
  }
  state.counters["lookups/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * kids.size()), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(index_find, kid, false);
BENCHMARK_CAPTURE(index_find, kid_and_alg, true);

#if defined(JWKVIEW_HAVE_OPENSSL)
void index_find_thumbprint(benchmark::State& state) {
  const listing& l = example();
  std::vector<jwkview::key_index::slot> slots(jwkview::key_index::slots_needed(l.keys.size()));
  jwkview::key_index index;
  if (index.build(l.keys, slots, &jwkview::thumbprint_digest) != jwkview::error_code::ok) {
    state.SkipWithError("build");
  }
  std::vector<std::string> texts;
  for (const jwkview::key& k : l.keys) texts.emplace_back(jwkview::compute_thumbprint(k)->text());
  std::size_t found = 0;
  for (auto _ : state) {
    for (const std::string& t : texts) found += index.find_thumbprint(t) != nullptr ? 1 : 0;
    benchmark::DoNotOptimize(found);
  }
  state.counters["lookups/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * texts.size()), benchmark::Counter::kIsRate);
}
BENCHMARK(index_find_thumbprint);

void thumbprint(benchmark::State& state) {
  const listing& l = example();
  for (auto _ : state) {
    for (const jwkview::key& k : l.keys) benchmark::DoNotOptimize(jwkview::compute_thumbprint(k));
  }
  state.counters["thumbprints/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * l.keys.size()), benchmark::Counter::kIsRate);
}
BENCHMARK(thumbprint);
#endif

}  // namespace

BENCHMARK_MAIN();
