// jwkview::stream, in its three input formats.
//
// Oracles: feeding the input in chunks chosen from its own bytes gives
// exactly the keys and errors of feeding it whole; and a single-document
// stream says what parser::parse_set says: the same keys and key errors for
// a document it accepts, and its error, last, for one it refuses as not
// JSON.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"

namespace {

using namespace jwkview;
using namespace jwkview::fuzz;

std::string describe_error(const error& e) {
  return std::string(name_of(e.code)) + "@" + std::to_string(e.offset) + ":" +
         std::string(e.path());
}

/// Every event of a stream, as text, in order.
struct recorder {
  std::vector<std::string> events;

  void on_key(const key& k, const stream_place& at) {
    events.push_back("key " + std::to_string(at.document) + "/" + std::to_string(at.keys_before) +
                     " " + describe(k));
  }
  void on_error(const error& e, const stream_place& at) {
    events.push_back("error " + std::to_string(at.document) + "/" + std::to_string(at.keys_before) +
                     (at.ends_document ? " ends " : " ") + describe_error(e));
  }
};

std::vector<std::string> run(const stream_options& so, std::string_view json,
                             const std::vector<std::size_t>& cuts) {
  stream s(so);
  recorder r;
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    (void)s.feed(json.substr(at, cut - at), r);
    at = cut;
  }
  (void)s.feed(json.substr(at), r);
  (void)s.finish(r);
  require(s.counts().bytes == json.size(), "a stream counts every byte fed");
  return r.events;
}

/// Chunk ends chosen by the input's own bytes: 1 to 64 bytes apart.
std::vector<std::size_t> cuts_of(std::string_view json) {
  std::vector<std::size_t> cuts;
  for (std::size_t at = 0, i = 0; !json.empty();) {
    at += 1 + static_cast<unsigned char>(json[i++ % json.size()]) % 64;
    if (at >= json.size()) break;
    cuts.push_back(at);
  }
  return cuts;
}

// parse_set's keys and errors in document order, as the stream reports them.
std::vector<std::string> as_stream_events(const parse_report& r) {
  recorder out;
  std::size_t k = 0;
  for (std::size_t e = 0; k < r.keys().size() || e < r.errors().size();) {
    if (e == r.errors().size() ||
        (k < r.keys().size() && r.keys()[k].offset <= r.errors()[e].offset)) {
      out.on_key(r.keys()[k], {0, k, false});
      ++k;
    } else {
      out.on_error(r.errors()[e++], {0, k, false});
    }
  }
  return out.events;
}

void compare_with_parse_set(const fuzz_input& in, const options& opts,
                            const std::vector<std::string>& events) {
  // The stream applies limits per piece and has no max_keys: compare under
  // the default limits only, with every error stored.
  if (in.opts.limits.max_keys != limits{}.max_keys ||
      in.opts.limits.max_document_bytes != limits{}.max_document_bytes ||
      in.opts.limits.max_depth != limits{}.max_depth)
    return;
  parser p(opts);
  std::vector<key> storage(4096);
  const parse_report r = p.parse_set(in.json, storage);
  if (r.error_count() != r.errors().size()) return;
  if (!r.document_failed()) {
    require(events == as_stream_events(r), "a stream of one document delivers what parse_set does");
    return;
  }
  const error& e = r.errors()[0];
  if (e.cls() != error_class::syntax) return;
  require(!events.empty() && events.back().ends_with(" ends " + describe_error(e)),
          "a stream of one broken document ends with parse_set's syntax error");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz_input in = read_input(data, size);
  const std::vector<std::size_t> cuts = cuts_of(in.json);
  for (const profile pr : {profile::okta, profile::rfc7517, profile::automatic}) {
    for (const input_format format :
         {input_format::concatenated, input_format::json_lines, input_format::single_document}) {
      stream_options so;
      so.parse = with_profile(in.opts, pr);
      so.format = format;
      const std::vector<std::string> whole = run(so, in.json, {});
      require(run(so, in.json, cuts) == whole, "chunk boundaries never change a stream's events");
      if (format == input_format::single_document) compare_with_parse_set(in, so.parse, whole);
    }
  }
  return 0;
}
