// jwkview: the parser.
//
//   jwkview::parser p;                          // reuse it: once warm it never allocates
//   jwkview::key keys[64];
//   jwkview::parse_report r = p.parse_set(json, keys);
//   for (const jwkview::key& k : r.keys()) { ... }
//   for (const jwkview::error& e : r.errors()) { ... }
//
// ### IMPORTANT: buffer lifetime
// Keys hold views into the input and into the parser (see key.hpp). Errors and
// reports hold views into the parser. Everything a parse returns is valid until
// the next parse on the same parser, and keys also need the input unchanged.
//
// ### Padding: none needed
// Every input is parsed where it lies, without a copy, and no byte past its
// end is read: the input may end right before an unreadable page. (simdjson's
// stage 1 copies a partial last block before reading it, and jwkview reads no
// further than the positions stage 1 found.)
//
// ### Allocation
// A parser allocates its buffers on first use and grows them only for a larger
// document than any before. After it has parsed the largest document it will
// see ("warm"), no parse allocates. No function throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "jwkview/error.hpp"
#include "jwkview/export.hpp"
#include "jwkview/key.hpp"
#include "jwkview/options.hpp"

namespace jwkview {

/// simdjson's SIMDJSON_PADDING (the library checks they agree). jwkview
/// needs no padding; buffers that callers pad for simdjson can use this.
inline constexpr std::size_t padding = 64;

/// The shape a key set document was recognised as.
enum class set_shape : std::uint8_t {
  none,         ///< not recognised (syntax error or wrong root type)
  single_key,   ///< one key object
  array,        ///< a bare array of keys (Okta's listJwk schema)
  keys_object,  ///< {"keys":[...]} (RFC 7517 JWK Set)
  jwks_object,  ///< {"jwks":{"keys":[...]}} (Okta's example listing)
};
[[nodiscard]] JWKVIEW_API std::string_view to_string(set_shape shape) noexcept;

/// What a key callback returns.
enum class next : std::uint8_t { go, stop };

/// The outcome of one parse. Valid until the parser's next parse.
class JWKVIEW_API parse_report {
 public:
  /// Delivered keys, in document order (storage form; empty in callback form).
  [[nodiscard]] std::span<const key> keys() const noexcept { return keys_; }
  /// Errors in document order; at most options::max_reported_errors of them.
  [[nodiscard]] std::span<const error> errors() const noexcept { return errors_; }
  /// Warnings of the delivered keys (error::is_warning() is true), in
  /// document order; at most options::max_reported_errors of them. A key that
  /// is not delivered, or a failed document, has none.
  [[nodiscard]] std::span<const error> warnings() const noexcept { return warnings_; }
  /// Keys delivered (both forms).
  [[nodiscard]] std::size_t key_count() const noexcept { return key_count_; }
  /// All errors found, including those past max_reported_errors.
  [[nodiscard]] std::size_t error_count() const noexcept { return error_count_; }
  /// All warnings found, including those past max_reported_errors.
  [[nodiscard]] std::size_t warning_count() const noexcept { return warning_count_; }
  /// Bytes the parse read while looking for escapes: at most a small
  /// multiple of the document's size, whatever its content (a parse is
  /// linear; tests/linear_test.cpp holds it to that).
  [[nodiscard]] std::size_t scan_bytes() const noexcept { return scan_bytes_; }
  [[nodiscard]] set_shape shape() const noexcept { return shape_; }
  /// True when a callback returned next::stop; the rest was not read.
  [[nodiscard]] bool stopped() const noexcept { return stopped_; }
  /// True when the document was refused as a whole (syntax, limit, or a
  /// schema error outside any key). Then no key is delivered by parse_set,
  /// and callbacks may have seen keys before the error was found.
  [[nodiscard]] bool document_failed() const noexcept { return document_failed_; }
  /// No error at all (warnings aside).
  [[nodiscard]] bool ok() const noexcept { return error_count_ == 0; }

 private:
  friend class parser;
  std::span<const key> keys_{};
  std::span<const error> errors_{};
  std::span<const error> warnings_{};
  std::size_t key_count_ = 0;
  std::size_t error_count_ = 0;
  std::size_t warning_count_ = 0;
  std::size_t scan_bytes_ = 0;
  set_shape shape_ = set_shape::none;
  bool stopped_ = false;
  bool document_failed_ = false;
};

/// A reusable, strict JWK / JWK Set parser: simdjson's structural indexer
/// and jwkview's own walk over its index. Not thread-safe: use one parser
/// per thread.
class JWKVIEW_API parser {
 public:
  explicit parser(const options& opts = {}) noexcept;
  ~parser();
  parser(parser&& other) noexcept;
  parser& operator=(parser&& other) noexcept;
  parser(const parser&) = delete;
  parser& operator=(const parser&) = delete;

  [[nodiscard]] const jwkview::options& options() const noexcept;

  /// Parses a key set in any shape (see set_shape) into `out`. Valid keys are
  /// delivered and each bad key yields one error (RFC 7517 §5). A document
  /// refused as a whole (not valid JSON, a limit, or a schema error outside
  /// any key, such as a second "keys" member) yields no keys and one error.
  /// More keys than out.size() is error_code::storage_full (no keys).
  parse_report parse_set(std::string_view json, std::span<key> out) noexcept;

  /// Parses a document that is exactly one key object. Its warnings are in
  /// last_warnings().
  result<key> parse_key(std::string_view json) noexcept;

  /// The warnings of the last parse (parse_key's; a report holds its own),
  /// valid until the next parse.
  [[nodiscard]] std::span<const error> last_warnings() const noexcept;

  /// Callback form of parse_set: `on_key(const key&)` is called for each valid
  /// key as soon as it is complete and may return next::stop (or void). Keys
  /// are delivered before the whole document is validated: act on them only
  /// if the report's document_failed() is false.
  template <typename OnKey>
  parse_report for_each_key(std::string_view json, OnKey&& on_key) noexcept {
    return visit(json, &call_on_key<std::remove_reference_t<OnKey>>,
                 const_cast<void*>(static_cast<const void*>(&on_key)));
  }

 private:
  // for_each_key's callback, type-erased: on_key(key) through a context pointer.
  template <typename OnKey>
  static next call_on_key(void* context, const key& k) noexcept {
    OnKey& on_key = *static_cast<OnKey*>(context);
    if constexpr (std::is_void_v<decltype(on_key(k))>) {
      on_key(k);
      return next::go;
    } else {
      return on_key(k);
    }
  }
  parse_report visit(std::string_view json, next (*on_key)(void*, const key&) noexcept,
                     void* context) noexcept;
  static parse_report out_of_memory_report() noexcept;

  friend class jwt_reader;  // reads JOSE headers and claims with it
  struct impl;
  impl* impl_;
};

}  // namespace jwkview
