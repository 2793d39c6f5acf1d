// jwkview::stream, in its three input formats.
//
// Oracles: feeding the input in chunks chosen from its own bytes gives
// exactly the keys and errors of feeding it whole; a document ends at most
// once; a document no longer than max_document_bytes is all or nothing (its
// keys and key errors, or only the error that ends it); and a
// single-document stream of such a document, or a JSON Lines stream of one
// such line, says exactly what parser::parse_set says.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
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
    events.push_back("key " + place(at) + " " + describe(k));
  }
  void on_error(const error& e, const stream_place& at) {
    events.push_back("error " + place(at) + (at.ends_document ? " ends " : " ") +
                     describe_error(e));
  }
  static std::string place(const stream_place& at) {
    return std::to_string(at.document) + "/" + std::to_string(at.keys_before) +
           (at.provisional ? "p" : "");
  }
};

/// A document ends at most once, and one held whole delivers its keys and
/// key errors, or only the error that ends it, before its keys.
void require_all_or_nothing(const std::vector<std::string>& events) {
  struct tally {
    std::size_t events = 0;
    bool ended = false;
    bool provisional = false;
  };
  std::map<std::string, tally> documents;
  for (const std::string& e : events) {
    // "key D/K..." or "error D/K[p][ ends] ...": only the place and the flag
    // after it are read, since a key's or an error's text may hold " ends ".
    const std::size_t from = e.find(' ') + 1;
    const std::size_t place_end = e.find(' ', from);
    const std::string document = e.substr(from, e.find('/', from) - from);
    tally& t = documents[document];
    ++t.events;
    const bool ends = e.compare(place_end, 6, " ends ") == 0;
    require(!(t.ended && ends), "a document ends once");
    t.ended = t.ended || ends;
    t.provisional = t.provisional || e[place_end - 1] == 'p';
    if (t.ended && !t.provisional) {
      require(t.events == 1 && ends && e.compare(place_end - 2, 2, "/0") == 0,
              "a failed document that was held delivers only its error");
    }
  }
}

/// How a run ends its input: feed() then finish(), or the last chunk given
/// to finish(), which reads a document that ends in it where it lies.
enum class ending { feed_then_finish, finish_with_last };

std::vector<std::string> run(const stream_options& so, std::string_view json,
                             const std::vector<std::size_t>& cuts, ending end) {
  stream s(so);
  recorder r;
  // The caller's bytes are the stream's only during feed or finish: each
  // chunk is a copy, scribbled over and freed after it, so a view kept past
  // the call shows.
  const auto feed = [&](std::string_view piece, bool last) {
    std::string chunk(piece);
    if (last) {
      (void)s.finish(chunk, r);
    } else {
      (void)s.feed(chunk, r);
    }
    std::fill(chunk.begin(), chunk.end(), '\x7f');
  };
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    feed(json.substr(at, cut - at), false);
    at = cut;
  }
  feed(json.substr(at), end == ending::finish_with_last);
  if (end == ending::feed_then_finish) (void)s.finish(r);
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

void compare_with_parse_set(std::string_view json, const options& opts,
                            const std::vector<std::string>& events) {
  // A longer document is streamed provisionally, and parse_set keeps at
  // most max_reported_errors; a stream has no max_keys.
  if (json.size() > opts.limits.max_document_bytes) return;
  parser p(opts);
  // Reused: 4096 fresh keys per call were most of an input's time under ASan.
  static std::vector<key> storage(4096);
  const parse_report r = p.parse_set(json, storage);
  if (r.error_count() != r.errors().size()) return;
  if (!r.document_failed()) {
    require(events == as_stream_events(r), "a stream of one document delivers what parse_set does");
    return;
  }
  const error& e = r.errors()[0];
  if (e.code == error_code::too_many_keys || e.code == error_code::storage_full) return;
  require(events == std::vector<std::string>{"error 0/0 ends " + describe_error(e)},
          "a stream of one failed document delivers only parse_set's error");
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
      const std::vector<std::string> whole = run(so, in.json, {}, ending::feed_then_finish);
      require(run(so, in.json, cuts, ending::finish_with_last) == whole,
              "chunk boundaries never change a stream's events");
      require(run(so, in.json, {}, ending::finish_with_last) == whole,
              "the input given whole to finish() gives the same events");
      require_all_or_nothing(whole);
      if (format == input_format::single_document) compare_with_parse_set(in.json, so.parse, whole);
      if (format == input_format::json_lines) {
        // One record: parse_set of its line without trailing whitespace.
        std::string_view line = in.json;
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
          line.remove_suffix(1);
        std::string_view text = line;  // what is left once the stream skips a BOM
        if (so.parse.accept_bom && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
        const bool blank = text.find_first_not_of(" \t\r") == std::string_view::npos;
        if (line.find('\n') == std::string_view::npos && !blank &&
            in.json.size() <= so.parse.limits.max_document_bytes)
          compare_with_parse_set(line, so.parse, whole);
      }
    }
  }
  return 0;
}
