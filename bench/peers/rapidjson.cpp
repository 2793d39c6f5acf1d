// RapidJSON's DOM: Document::Parse (strings copied into the document), and
// ParseInsitu on a copy of the input made in the timed loop (in situ parsing
// overwrites its buffer). The document's values and its parse stack live in
// MemoryPoolAllocators over buffers cleared before each parse: RapidJSON's
// documented way to reuse memory ("User Buffer"); a document that outgrew
// them would allocate, and allocs/doc would show it.
#include <cstring>
#include <vector>

// RapidJSON's SIMD whitespace skipping, as far as the build's target allows.
#if defined(__SSE4_2__)
#define RAPIDJSON_SSE42
#elif defined(__SSE2__)
#define RAPIDJSON_SSE2
#endif
#include <rapidjson/document.h>

#include "peer_reader.hpp"

namespace jwkview_bench {
namespace {

struct rapidjson_api {
  template <typename F>
  static bool members(const rapidjson::Value& v, F&& f) {
    if (!v.IsObject()) return false;
    for (const auto& member : v.GetObject()) {
      if (!f(std::string_view(member.name.GetString(), member.name.GetStringLength()),
             member.value)) {
        return false;
      }
    }
    return true;
  }

  template <typename F>
  static bool elements(const rapidjson::Value& v, F&& f) {
    if (!v.IsArray()) return false;
    for (const rapidjson::Value& element : v.GetArray()) {
      if (!f(element)) return false;
    }
    return true;
  }

  static bool string(const rapidjson::Value& v, std::string_view& out) {
    if (!v.IsString()) return false;
    out = std::string_view(v.GetString(), v.GetStringLength());
    return true;
  }
};

template <bool InSitu>
class rapidjson_peer {
 public:
  using api = rapidjson_api;

  explicit rapidjson_peer(const loaded_corpus& c)
      : value_buffer_(4 * c.largest_document + (std::size_t{64} << 10)),
        stack_buffer_(c.largest_document + (std::size_t{64} << 10)),
        values_(value_buffer_.data(), value_buffer_.size()),
        stack_(stack_buffer_.data(), stack_buffer_.size()),
        doc_(&values_, 1024, &stack_),
        copy_(InSitu ? c.largest_document + 1 : 0) {}

  template <typename F>
  bool parse(const input& in, F&& with_root) {
    values_.Clear();
    stack_.Clear();
    if constexpr (InSitu) {
      std::memcpy(copy_.data(), in.data, in.size);
      copy_[in.size] = '\0';
      doc_.ParseInsitu(copy_.data());
    } else {
      doc_.Parse(in.data, in.size);
    }
    return !doc_.HasParseError() && with_root(static_cast<const rapidjson::Value&>(doc_));
  }

 private:
  using pool = rapidjson::MemoryPoolAllocator<>;
  std::vector<char> value_buffer_;
  std::vector<char> stack_buffer_;
  pool values_;
  pool stack_;
  rapidjson::GenericDocument<rapidjson::UTF8<>, pool, pool> doc_;
  std::vector<char> copy_;
};

[[maybe_unused]] const bool registered =
    add_rows("rapidjson", row_kind::contender, peer_corpora, make_peer<rapidjson_peer<false>>()) &&
    add_rows("rapidjson_insitu", row_kind::contender, peer_corpora,
             make_peer<rapidjson_peer<true>>());

}  // namespace
}  // namespace jwkview_bench
