// The benchmark corpora: what each holds, where it lives, and writing it
// (deterministically, checked with jwkview's strict defaults) when missing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "jwkview/options.hpp"

namespace jwkview_bench {

enum class corpus_id : std::uint8_t { key, listing50, set1000, ndjson100m, array1g };

/// Where the keys sit in a corpus.
enum class layout : std::uint8_t {
  key,   ///< the document is one key object
  jwks,  ///< {"jwks":{"keys":[...]}}
  keys,  ///< {"keys":[...]}
  lines  ///< NDJSON, one key object per line
};

struct corpus_spec {
  corpus_id id;
  std::string_view name;  ///< the benchmark rows' prefix
  std::string_view file;
  layout shape;
  jwkview::profile profile;
};

[[nodiscard]] std::span<const corpus_spec> corpus_specs() noexcept;
[[nodiscard]] const corpus_spec& spec_of(corpus_id id) noexcept;

/// $JWKVIEW_BENCH_CORPORA, else the build directory's bench/corpora.
[[nodiscard]] std::filesystem::path corpora_dir();

/// True when JWKVIEW_BENCH_LARGE=1 asks for the 1 GiB array.
[[nodiscard]] bool large_corpora_wanted();

/// Every corpus, the 1 GiB array only when asked for.
[[nodiscard]] std::vector<corpus_id> wanted_corpora();

/// The corpus's path, after writing it if it is missing. Prints the time
/// generation took; exits with a message if the written corpus does not parse
/// cleanly with jwkview's strict defaults (nothing is left behind then).
std::filesystem::path ensure_corpus(const std::filesystem::path& dir, corpus_id id);

/// Keys the generator wrote into a corpus's text.
[[nodiscard]] std::size_t count_keys(corpus_id id, std::string_view text);

}  // namespace jwkview_bench
