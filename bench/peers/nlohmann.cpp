// nlohmann::json: json::parse into a document kept until the next parse (the
// library has no reusable parser); objects iterated in its std::map order.
#include <nlohmann/json.hpp>

#include <utility>

#include "peer_reader.hpp"

namespace jwkview_bench {
namespace {

struct nlohmann_api {
  template <typename F>
  static bool members(const nlohmann::json& v, F&& f) {
    if (!v.is_object()) return false;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!f(std::string_view(it.key()), it.value())) return false;
    }
    return true;
  }

  template <typename F>
  static bool elements(const nlohmann::json& v, F&& f) {
    if (!v.is_array()) return false;
    for (const nlohmann::json& element : v) {
      if (!f(element)) return false;
    }
    return true;
  }

  static bool string(const nlohmann::json& v, std::string_view& out) {
    const auto* s = v.get_ptr<const nlohmann::json::string_t*>();
    if (s == nullptr) return false;
    out = *s;
    return true;
  }
};

class nlohmann_peer {
 public:
  using api = nlohmann_api;

  explicit nlohmann_peer(const loaded_corpus&) {}

  template <typename F>
  bool parse(const input& in, F&& with_root) {
    doc_ = nlohmann::json::parse(in.data, in.data + in.size, nullptr, false);
    return !doc_.is_discarded() && with_root(std::as_const(doc_));
  }

 private:
  nlohmann::json doc_;
};

[[maybe_unused]] const bool registered =
    add_rows("nlohmann", row_kind::contender, peer_corpora, make_peer<nlohmann_peer>());

}  // namespace
}  // namespace jwkview_bench
