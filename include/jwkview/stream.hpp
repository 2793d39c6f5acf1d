// jwkview: streaming parse of unbounded key listings.
//
//   jwkview::stream s;                         // reuse it: once warm it never allocates
//   struct handler {
//     void on_key(const jwkview::key& k, const jwkview::stream_place& at) { ... }
//     void on_error(const jwkview::error& e, const jwkview::stream_place& at) { ... }
//     void on_warning(const jwkview::error& w, const jwkview::stream_place& at) { ... }  //
//     optional
//   } h;
//   while (/* bytes arrive */) s.feed(chunk, h);   // chunks of any size, 1 byte to megabytes
//   s.finish(h);                                  // the end of the input
//   // or, when the last chunk is known: s.finish(last_chunk, h), which
//   // reads a document that ends in it without copying it
//
// ### What a stream reads
// A sequence of JSON documents separated by optional whitespace: NDJSON /
// JSON Lines, concatenated documents, or one document (input_format). Each
// document is read like parser::parse_set reads one, with the same mapper,
// rules and codes. Offsets count from the first byte fed (plus
// stream_options::base_offset). Paths are JSON Pointers inside the document
// ("/keys/3/crv").
//
// ### All or nothing
// A document of at most limits::max_document_bytes is held whole, and none
// of its keys is delivered before all of it is read, with the rest of its
// line (for single_document, the rest of the input), and it is known to be
// JSON of one clear shape. Then its keys and key errors are delivered in
// document order; or, if it failed (syntax, a limit, a wrapper error such
// as a second "keys" member, more after it on its line), only the error
// that ends it, with keys_before 0. A single_document input or a JSON Lines
// record of at most that size gets exactly what parse_set gives for it.
//
// ### Provisional mode
// A document that grows past max_document_bytes before it ends is streamed
// instead, in bounded memory, exactly as if it had been streamed from its
// first byte: each element of a top-level array, {"keys":[...]} or
// {"jwks":{"keys":[...]}} is parsed and delivered as soon as it closes (an
// element longer than max_document_bytes is one document_too_large error
// and the array goes on), and the rest of the document is checked whole
// when it ends (a rest longer than max_document_bytes ends the document
// then, as document_too_large: a document ends once, and nothing more is
// said of it). Its keys and errors carry stream_place::provisional: they
// come before the document is known to be well-formed, and an error with
// ends_document later in it voids the keys_before keys it delivered. This
// is how a 1 GiB key array is read.
//
// ### Chunk boundaries never change results
// Any split of the same bytes gives the same keys and errors, in the same
// order, with the same offsets and paths: every decision depends on the
// bytes alone, and each document or piece is parsed only once it is
// complete.
//
// ### Errors and resynchronisation
// - A key that breaks a rule is one error; the document goes on.
// - A syntax error ends its document (stream_place::ends_document). The
//   stream then reads on as input_format says: in concatenated input, from
//   the next line that starts, in its first column, with '{' or '[' (the
//   start of an NDJSON record). There, a line that starts with '{' or '['
//   while a document is still open ends that document as `truncated`, so an
//   unclosed string or brace in one NDJSON line costs that line only.
// - finish() reports a document the input cut short as `truncated` (or
//   `unclosed_string`), and delivers a held document that waited for it.
//
// ### Memory
// The stream holds one document at a time, up to max_document_bytes (the
// parser's own buffers grow with it); in provisional mode, one element or
// what is left of its document without the elements, after replaying the
// held bytes once. Its buffers never grow with the total input;
// limits::max_keys does not apply, because a stream is for sets of any
// size. Once warm (it has seen its largest document), no call allocates.
//
// ### IMPORTANT: buffer lifetime
// A key passed to on_key points into the stream's own buffers or into the
// bytes of the feed() or finish() call that delivers it, and is valid only
// during on_key: copy what you keep (jwkview::to_owned, owned_key.hpp). The
// bytes passed to feed() or finish() are not referenced after it returns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "jwkview/error.hpp"
#include "jwkview/export.hpp"
#include "jwkview/key.hpp"
#include "jwkview/options.hpp"
#include "jwkview/parser.hpp"

namespace jwkview {

/// How the documents of an input are laid out.
enum class input_format : std::uint8_t {
  /// Documents separated by optional whitespace, each on as many lines as it
  /// likes (NDJSON is a special case). After a document, the next byte on
  /// its line that is not whitespace starts the next document if it can
  /// start a JSON text ('{' '[' '"' '-' a digit 't' 'f' 'n'); any other is
  /// `trailing_content`, which refuses the document. After a syntax error
  /// the stream skips to the next line that starts, in its first column,
  /// with '{' or '['; such a line also ends a document still open as
  /// `truncated`.
  concatenated,
  /// JSON Lines / NDJSON: every line holds one document (blank lines are
  /// skipped), read as parse_set reads the line without its trailing
  /// whitespace: a line feed inside an open document ends it as `truncated`
  /// (or `unclosed_string`), and more after a document on its line is
  /// `trailing_content`. After an error the next line is read.
  json_lines,
  /// One JSON text (RFC 8259), as parse_set reads it: anything but whitespace
  /// after the document is `trailing_content`, an input with no document is
  /// `empty_document`, and nothing after an error is read.
  single_document,
};

/// Where a key or an error sits in the stream.
struct stream_place {
  std::size_t document = 0;     ///< 0-based document number in the stream
  std::size_t keys_before = 0;  ///< keys this document delivered before this event
  bool ends_document = false;   ///< an error after which the document is abandoned
  /// The document is longer than limits::max_document_bytes and is streamed
  /// provisionally: its keys come before it is known to be well-formed, and
  /// an error with ends_document later in it voids the keys_before it names.
  bool provisional = false;
  /// The document's shape, which names its keys' JSON Pointers ("/keys/3"):
  /// known for every key and key error, set_shape::none for an error that
  /// ends the document before its shape is known.
  set_shape shape = set_shape::none;
  /// Offset of the document's first byte (after whitespace and a BOM).
  std::size_t document_offset = 0;
};

struct stream_options {
  jwkview::options parse{};
  /// Added to every offset: where the first byte fed sits in a larger input
  /// (for scanning parts of a file in parallel).
  std::size_t base_offset = 0;
  /// True when the first byte fed is the start of the input, where a UTF-8
  /// BOM may appear (see options::accept_bom).
  bool at_input_start = true;
  jwkview::input_format format = input_format::concatenated;
};

/// Counters of a stream since construction or reset().
struct stream_counts {
  std::size_t bytes = 0;      ///< bytes fed
  std::size_t documents = 0;  ///< documents started
  std::size_t keys = 0;       ///< keys delivered
  std::size_t errors = 0;     ///< errors reported
};

namespace detail {

/// The consumer behind stream::feed and stream::finish, type-erased.
struct stream_sink {
  next (*key)(void* context, const jwkview::key& k, const stream_place& at) noexcept;
  void (*error)(void* context, const jwkview::error& e, const stream_place& at) noexcept;
  void (*warning)(void* context, const jwkview::error& w, const stream_place& at) noexcept;
  void* context;
};

template <typename Handler>
stream_sink stream_sink_of(Handler& h) noexcept {
  using H = std::remove_reference_t<Handler>;
  return {[](void* c, const jwkview::key& k, const stream_place& at) noexcept -> next {
            H& handler = *static_cast<H*>(c);
            if constexpr (std::is_void_v<decltype(handler.on_key(k, at))>) {
              handler.on_key(k, at);
              return next::go;
            } else {
              return handler.on_key(k, at);
            }
          },
          [](void* c, const jwkview::error& e, const stream_place& at) noexcept {
            static_cast<H*>(c)->on_error(e, at);
          },
          [](void* c, const jwkview::error& w, const stream_place& at) noexcept {
            if constexpr (requires(H & handler) { handler.on_warning(w, at); }) {
              static_cast<H*>(c)->on_warning(w, at);
            } else {
              (void)c;
              (void)w;
              (void)at;
            }
          },
          const_cast<void*>(static_cast<const void*>(&h))};
}

}  // namespace detail

class JWKVIEW_API stream {
 public:
  explicit stream(const stream_options& opts = {}) noexcept;
  ~stream();
  stream(stream&& other) noexcept;
  stream& operator=(stream&& other) noexcept;
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;

  /// Reads the next bytes of the input. `handler.on_key(const key&, const
  /// stream_place&)` may return next::stop (or void); after a stop the stream
  /// ignores further input. Returns false once stopped.
  template <typename Handler>
  bool feed(std::string_view bytes, Handler&& handler) noexcept {
    return feed_to(bytes, detail::stream_sink_of(handler));
  }
  /// Ends the input: reports a document left open as truncated.
  template <typename Handler>
  bool finish(Handler&& handler) noexcept {
    return finish_to(detail::stream_sink_of(handler));
  }
  /// Reads the last bytes of the input and ends it: the same events as
  /// feed(last_bytes, handler) then finish(handler), but a document that ends
  /// in these bytes is read where it lies. feed() must copy such a document
  /// (its verdict waits for what follows, and the chunk is gone by then);
  /// pass the last chunk here when you know it is the last, as a reader of a
  /// file of known size does. Only one of the finish() calls ends an input.
  template <typename Handler>
  bool finish(std::string_view last_bytes, Handler&& handler) noexcept {
    return finish_to(last_bytes, detail::stream_sink_of(handler));
  }

  /// Starts a new input with the same parse options, keeping the buffers
  /// (so a warm stream stays warm). Arguments as in stream_options.
  void reset(std::size_t base_offset = 0, bool at_input_start = true) noexcept;

  /// True when every document read so far has been delivered: the bytes fed
  /// so far end between documents (or in the skipped rest of a broken one),
  /// and no held document waits for the rest of its line or input.
  [[nodiscard]] bool between_documents() const noexcept;
  [[nodiscard]] stream_counts counts() const noexcept;
  /// The most bytes the stream has held at once for its documents and pieces.
  [[nodiscard]] std::size_t buffered_high_water() const noexcept;
  /// Bytes the stream's piece buffers have allocated (the parser's own
  /// buffers grow with the same pieces).
  [[nodiscard]] std::size_t buffer_capacity() const noexcept;

 private:
  bool feed_to(std::string_view bytes, const detail::stream_sink& to) noexcept;
  bool finish_to(const detail::stream_sink& to) noexcept;
  bool finish_to(std::string_view last_bytes, const detail::stream_sink& to) noexcept;

  struct impl;
  impl* impl_;
};

}  // namespace jwkview
