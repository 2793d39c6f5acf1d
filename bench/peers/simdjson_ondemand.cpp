// simdjson On-Demand, the straightforward way: iterate each object's fields,
// compare unescaped_key(), get_string() the values. NDJSON goes through
// iterate_many (single-threaded, like every other row).
#include "simdjson_common.hpp"

namespace jwkview_bench {
namespace {

struct ondemand_api : simdjson_common_api<simdjson::ondemand::array> {
  template <typename Value, typename F>
  static bool members(Value&& v, F&& f) {
    simdjson::ondemand::object object;
    if (v.get_object().get(object) != simdjson::SUCCESS) return false;
    for (auto field : object) {
      std::string_view name;
      if (field.unescaped_key().get(name) != simdjson::SUCCESS || !f(name, field.value())) {
        return false;
      }
    }
    return true;
  }
};

class ondemand_peer {
 public:
  using api = ondemand_api;

  explicit ondemand_peer(const loaded_corpus&) { parser_.threaded = false; }

  template <typename F>
  bool parse(const input& in, F&& with_root) {
    simdjson::ondemand::document doc;
    return parser_.iterate(in.data, in.size, in.capacity).get(doc) == simdjson::SUCCESS &&
           with_root(doc);
  }

  std::size_t read_lines(const input& in, plain_key& record) {
    return read_stream<api>(
        parser_.iterate_many(in.data, in.size, simdjson::ondemand::DEFAULT_BATCH_SIZE), record);
  }

 private:
  simdjson::ondemand::parser parser_;
};

[[maybe_unused]] const bool registered =
    add_rows("simdjson_ondemand", row_kind::contender, peer_corpora, make_peer<ondemand_peer>());

}  // namespace
}  // namespace jwkview_bench
