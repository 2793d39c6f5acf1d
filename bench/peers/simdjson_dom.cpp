// simdjson DOM: parse into the reused parser's tape, then walk the elements.
// NDJSON goes through parse_many (single-threaded, like every other row).
#include "simdjson_common.hpp"

namespace jwkview_bench {
namespace {

struct dom_api : simdjson_common_api<simdjson::dom::array> {
  template <typename Value, typename F>
  static bool members(Value&& v, F&& f) {
    simdjson::dom::object object;
    if (v.get_object().get(object) != simdjson::SUCCESS) return false;
    for (const simdjson::dom::key_value_pair member : object) {
      if (!f(member.key, member.value)) return false;
    }
    return true;
  }
};

class dom_peer {
 public:
  using api = dom_api;

  explicit dom_peer(const loaded_corpus&) { parser_.threaded = false; }

  template <typename F>
  bool parse(const input& in, F&& with_root) {
    simdjson::dom::element root;
    // The input is padded: no copy (realloc_if_needed = false).
    return parser_.parse(in.data, in.size, false).get(root) == simdjson::SUCCESS && with_root(root);
  }

  std::size_t read_lines(const input& in, plain_key& record) {
    return read_stream<api>(parser_.parse_many(in.data, in.size, simdjson::dom::DEFAULT_BATCH_SIZE),
                            record);
  }

 private:
  simdjson::dom::parser parser_;
};

[[maybe_unused]] const bool registered =
    add_rows("simdjson_dom", row_kind::contender, peer_corpora, make_peer<dom_peer>());

}  // namespace
}  // namespace jwkview_bench
