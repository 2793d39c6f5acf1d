#include "corpora.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "jwkview/jwkview.hpp"
#include "jwkview/stream.hpp"
#include "key_pool.hpp"
#include "records.hpp"

namespace jwkview_bench {
namespace {

// In corpus_id order: spec_of() indexes it.
constexpr corpus_spec specs[] = {
    {corpus_id::key, "key", "key.json", layout::key, jwkview::profile::okta},
    {corpus_id::listing50, "listing50", "listing50.json", layout::jwks, jwkview::profile::okta},
    {corpus_id::set1000, "set1000", "set1000.json", layout::keys, jwkview::profile::rfc7517},
    {corpus_id::ndjson100m, "ndjson100m", "keys100m.ndjson", layout::lines, jwkview::profile::okta},
    {corpus_id::array1g, "array1g", "array1g.json", layout::jwks, jwkview::profile::okta},
};

constexpr std::uint64_t pool_seed = 0x6a776b76696577;  // "jwkview"
constexpr std::size_t piece_bytes = std::size_t{1} << 20;

using seconds = std::chrono::duration<double>;

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
  std::fprintf(stderr, "corpus generator: %s: %s\n", file.c_str(), what.c_str());
  std::exit(1);
}

std::string describe(const jwkview::error& e) {
  return std::string(jwkview::name_of(e.code)) + " at offset " + std::to_string(e.offset) + " (" +
         std::string(e.path()) + ")";
}

// Made on first need only: a cached corpus needs no keys.
const key_pool& shared_pool() {
  static const std::unique_ptr<key_pool> pool = [] {
    const auto start = std::chrono::steady_clock::now();
    auto p = std::make_unique<key_pool>(pool_seed);
    std::fprintf(stderr, "corpus generator: key pool made in %.2f s\n",
                 seconds(std::chrono::steady_clock::now() - start).count());
    return p;
  }();
  return *pool;
}

// Writes pieces of a corpus to a temporary file, checking each with a
// jwkview stream; commit() renames it into place only if every key parsed.
class checked_output {
 public:
  checked_output(std::filesystem::path path, const corpus_spec& spec)
      : path_(std::move(path)),
        temporary_(path_.string() + ".partial"),
        file_(temporary_, std::ios::binary),
        stream_(options_for(spec)) {
    if (!file_) fail(temporary_, "cannot write");
  }

  void write(std::string_view piece) {
    file_.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    bytes_ += piece.size();
    (void)stream_.feed(piece, tally_);
  }

  /// `problem`: what another check found wrong, if anything.
  void commit(std::size_t records, const std::string& problem) {
    (void)stream_.finish(tally_);
    file_.close();
    if (!file_ || tally_.errors != 0 || tally_.keys != records || !problem.empty()) {
      std::filesystem::remove(temporary_);
      fail(path_, "does not parse cleanly: the stream read " + std::to_string(tally_.keys) +
                      " of " + std::to_string(records) + " keys, " + std::to_string(tally_.errors) +
                      " errors (first: " + tally_.first_error + ") " + problem);
    }
    std::filesystem::rename(temporary_, path_);
  }

  [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }

 private:
  static jwkview::stream_options options_for(const corpus_spec& spec) {
    jwkview::stream_options o;
    o.parse.profile = spec.profile;
    o.format = spec.shape == layout::lines ? jwkview::input_format::json_lines
                                           : jwkview::input_format::single_document;
    return o;
  }

  struct tally {
    std::size_t keys = 0;
    std::size_t errors = 0;
    std::string first_error;
    void on_key(const jwkview::key&, const jwkview::stream_place&) { ++keys; }
    void on_error(const jwkview::error& e, const jwkview::stream_place&) {
      if (errors++ == 0) first_error = describe(e);
    }
  };

  std::filesystem::path path_;
  std::filesystem::path temporary_;
  std::ofstream file_;
  jwkview::stream stream_;
  tally tally_;
  std::size_t bytes_ = 0;
};

// The small corpora are also checked with the calls the benchmarks time.
// Returns what is wrong, or nothing.
std::string check_whole(const corpus_spec& spec, std::string_view text, std::size_t records) {
  jwkview::options o;
  o.profile = spec.profile;
  jwkview::parser parser(o);
  if (spec.shape == layout::key) {
    const jwkview::result<jwkview::key> k = parser.parse_key(text);
    return k ? std::string() : "parse_key: " + describe(k.error());
  }
  std::vector<jwkview::key> storage(records);
  const jwkview::parse_report report = parser.parse_set(text, storage);
  if (report.ok() && report.key_count() == records) return {};
  return "parse_set: " + std::to_string(report.key_count()) + " keys, " +
         (report.errors().empty() ? std::string("no error") : describe(report.errors().front()));
}

// open, `count` keys joined by commas, close.
std::string small_array(record_writer& writer, std::string_view open, std::size_t count,
                        std::string_view close, bool okta) {
  std::string text(open);
  for (std::size_t i = 0; i < count; ++i) {
    if (i != 0) text += ',';
    if (okta) {
      writer.okta_key(writer.draw(), text);
    } else {
      writer.jwk(writer.draw(), text);
    }
  }
  text += close;
  return text;
}

// open, Okta keys joined by `separator` until about `target` bytes, close;
// written in pieces. Returns the keys written.
std::size_t large_corpus(checked_output& out, record_writer& writer, std::string_view open,
                         std::string_view separator, std::string_view close, std::size_t target) {
  std::string piece(open);
  std::size_t records = 0;
  while (out.bytes() + piece.size() < target) {
    if (records != 0) piece += separator;
    writer.okta_key(writer.draw(), piece);
    ++records;
    if (piece.size() >= piece_bytes) {
      out.write(piece);
      piece.clear();
    }
  }
  piece += close;
  out.write(piece);
  return records;
}

}  // namespace

std::span<const corpus_spec> corpus_specs() noexcept {
  return specs;
}

const corpus_spec& spec_of(corpus_id id) noexcept {
  return specs[static_cast<std::size_t>(id)];
}

std::filesystem::path corpora_dir() {
  const char* dir = std::getenv("JWKVIEW_BENCH_CORPORA");
  return dir != nullptr && *dir != '\0' ? dir : JWKVIEW_BENCH_CORPORA_DIR;
}

bool large_corpora_wanted() {
  const char* large = std::getenv("JWKVIEW_BENCH_LARGE");
  return large != nullptr && std::string_view(large) == "1";
}

std::vector<corpus_id> wanted_corpora() {
  std::vector<corpus_id> ids;
  for (const corpus_spec& spec : specs) {
    if (spec.id != corpus_id::array1g || large_corpora_wanted()) ids.push_back(spec.id);
  }
  return ids;
}

std::filesystem::path ensure_corpus(const std::filesystem::path& dir, corpus_id id) {
  const corpus_spec& spec = spec_of(id);
  std::filesystem::path path = dir / spec.file;
  if (std::filesystem::exists(path)) return path;
  std::filesystem::create_directories(dir);
  const key_pool& pool = shared_pool();
  const auto start = std::chrono::steady_clock::now();
  // One seed per corpus: each is the same whatever else was generated.
  record_writer writer(pool, pool_seed + 1 + static_cast<std::uint64_t>(id));
  checked_output out(path, spec);
  std::string small;  // the whole text of the small corpora
  std::size_t records = 0;
  switch (id) {
    case corpus_id::key:  // RSA-2048 with both INACTIVE links: about 1 KB
      writer.okta_key(record_traits{key_kind::rsa2048, false, true, false}, small);
      records = 1;
      break;
    case corpus_id::listing50:  // Okta's largest listing (a client has at most 50 keys)
      records = 50;
      small = small_array(writer, R"({"jwks":{"keys":[)", records, "]}}", true);
      break;
    case corpus_id::set1000:
      records = 1000;
      small = small_array(writer, R"({"keys":[)", records, "]}", false);
      break;
    case corpus_id::ndjson100m:
      records = large_corpus(out, writer, "", "\n", "\n", std::size_t{100} << 20);
      break;
    case corpus_id::array1g:
      records = large_corpus(out, writer, R"({"jwks":{"keys":[)", ",", "]}}", std::size_t{1} << 30);
      break;
  }
  std::string problem;
  if (!small.empty()) {
    out.write(small);
    problem = check_whole(spec, small, records);
  }
  out.commit(records, problem);
  std::fprintf(stderr, "corpus generator: wrote %s: %zu keys, %zu bytes in %.2f s\n", path.c_str(),
               records, out.bytes(), seconds(std::chrono::steady_clock::now() - start).count());
  return path;
}

std::size_t count_keys(corpus_id id, std::string_view text) {
  return count_records(text, spec_of(id).profile == jwkview::profile::okta);
}

}  // namespace jwkview_bench
