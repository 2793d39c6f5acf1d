// Boost.JSON: one boost::json::parser reused, into values on the default
// resource (every container and long string allocated), or on a
// monotonic_resource over a buffer reused for every document.
#include <boost/json.hpp>

#include <optional>
#include <utility>
#include <vector>

#include "peer_reader.hpp"

namespace jwkview_bench {
namespace {

struct boost_json_api {
  template <typename F>
  static bool members(const boost::json::value& v, F&& f) {
    const boost::json::object* object = v.if_object();
    if (object == nullptr) return false;
    for (const boost::json::key_value_pair& member : *object) {
      if (!f(std::string_view(member.key().data(), member.key().size()), member.value())) {
        return false;
      }
    }
    return true;
  }

  template <typename F>
  static bool elements(const boost::json::value& v, F&& f) {
    const boost::json::array* array = v.if_array();
    if (array == nullptr) return false;
    for (const boost::json::value& element : *array) {
      if (!f(element)) return false;
    }
    return true;
  }

  static bool string(const boost::json::value& v, std::string_view& out) {
    const boost::json::string* s = v.if_string();
    if (s == nullptr) return false;
    out = std::string_view(s->data(), s->size());
    return true;
  }
};

template <bool Monotonic>
class boost_json_peer {
 public:
  using api = boost_json_api;

  explicit boost_json_peer(const loaded_corpus& c) {
    if constexpr (Monotonic) {
      buffer_.resize(4 * c.largest_document + (std::size_t{64} << 10));
      resource_.emplace(buffer_.data(), buffer_.size());
    }
  }

  template <typename F>
  bool parse(const input& in, F&& with_root) {
    doc_.reset();  // before its memory is reused
    if constexpr (Monotonic) {
      resource_->release();
      parser_.reset(boost::json::storage_ptr(&*resource_));
    } else {
      parser_.reset();
    }
    boost::json::error_code ec;
    parser_.write(in.data, in.size, ec);
    if (ec) return false;
    // Constructed, not assigned: assigning would copy the value onto the
    // default resource.
    doc_.emplace(parser_.release());
    return with_root(std::as_const(*doc_));
  }

 private:
  std::vector<unsigned char> buffer_;
  std::optional<boost::json::monotonic_resource> resource_;
  boost::json::parser parser_;
  std::optional<boost::json::value> doc_;
};

[[maybe_unused]] const bool registered = add_rows("boost_json", row_kind::contender, peer_corpora,
                                                  make_peer<boost_json_peer<false>>()) &&
                                         add_rows("boost_json_monotonic", row_kind::contender,
                                                  peer_corpora, make_peer<boost_json_peer<true>>());

}  // namespace
}  // namespace jwkview_bench
