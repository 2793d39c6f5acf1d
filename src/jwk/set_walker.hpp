// The set walker: recognises the document's shape (one key, a bare array,
// {"keys":[...]}, {"jwks":{"keys":[...]}}) and hands each element to the key
// mapper, sending keys and key errors to a key_output.
#pragma once

#include <cstddef>
#include <span>

#include "json/engine.hpp"
#include "jwkview/key.hpp"
#include "jwkview/parser.hpp"

namespace jwkview::detail {

/// Where keys and key errors go: the caller's storage or a callback.
struct key_output {
  /// Takes each key error as it is found (the stream: none is lost to
  /// error_capacity, and they come in document order with the keys).
  struct error_sink {
    void (*call)(void* context, const error& e) noexcept;
    void* context;
  };
  /// Takes each key as it is complete (parser::for_each_key, the stream).
  struct key_sink {
    next (*call)(void* context, const key& k) noexcept;
    void* context;
  };

  /// Gives the storage form more room when a valid key finds it full: a
  /// larger `storage` that starts with the keys so far, or false. The
  /// stream's withheld keys grow this way, so that a cold stream still walks
  /// a document once.
  struct storage_growth {
    bool (*call)(void* context, std::span<key>& storage) noexcept;
    void* context;
  };

  std::span<key> storage{};  // storage form
  storage_growth grow{};     // storage form: more room, when set
  key_sink sink{};           // callback form when sink.call is set
  error_sink on_error{};     // replaces `errors` when call is set
  key* spare = nullptr;      // parser-owned slot: callbacks, and overflow checks
  error* errors = nullptr;   // parser-owned, `error_capacity` long
  std::size_t error_capacity = 0;

  std::size_t delivered = 0;
  std::size_t errors_stored = 0;
  std::size_t errors_total = 0;
  std::size_t warnings_stored = 0;  // in the parser's warning buffer
  std::size_t warnings_total = 0;
  bool stopped = false;

  /// Where the next key is mapped.
  [[nodiscard]] key& slot() noexcept {
    return sink.call == nullptr && delivered < storage.size() ? storage[delivered] : *spare;
  }
  void add_error(const error& e) noexcept {
    if (on_error.call != nullptr) {
      on_error.call(on_error.context, e);
    } else if (errors_stored < error_capacity) {
      errors[errors_stored++] = e;
    }
    ++errors_total;
  }
};

/// What the document must be.
enum class walk_mode : std::uint8_t {
  key_set,      ///< any set shape
  single_key,   ///< one key object
  set_element,  ///< one element of a set (a stream's piece): a key, or a wrong_type error
  jose_object,  ///< a JWS header or JWT claims set (jwt_reader.cpp walks it)
};

struct walk_result {
  set_shape shape = set_shape::none;
  bool scalar_root = false;       // the root is not a container (state.syntax_failed is set)
  std::size_t scanned_bytes = 0;  // parse_state::scanned_bytes
  /// With an index that runs on past the document (parse_state::runs_on):
  /// the root value was read whole, without a document failure, and ends
  /// before entry `end`.
  bool settled = false;
  std::uint32_t end = 0;
};

/// Walks the whole document from the cursor (entry 0). Document failures
/// are left in `state`.
walk_result walk_document(parse_state& state, walk_mode mode, key_output& out) noexcept;

}  // namespace jwkview::detail
