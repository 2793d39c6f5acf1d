// The parse engine: the parser's buffers, and one run of the engine over a
// document. The parser, the stream (which parses the pieces of an unbounded
// input one at a time) and the JWT reader each own one.
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>

#include "error_access.hpp"
#include "json/engine.hpp"
#include "json/structural_index.hpp"
#include "json/syntax_locator.hpp"
#include "jwk/set_walker.hpp"
#include "jwkview/parser.hpp"

namespace jwkview {

namespace detail {

inline constexpr std::size_t initial_capacity = 4096;
// Interpreted objects open at once: wrapper, jwks, key, _links, link, hints.
inline constexpr std::size_t interpreted_nesting = 6;

// Grows a heap buffer to at least `needed` bytes, by half again at least.
template <typename T>
bool grow(std::unique_ptr<T[]>& buffer, std::size_t& capacity, std::size_t needed) noexcept {
  if (capacity >= needed) return true;
  const std::size_t target = std::max({needed, capacity + capacity / 2, initial_capacity});
  buffer.reset(new (std::nothrow) T[target]);
  capacity = buffer ? target : 0;
  return static_cast<bool>(buffer);
}

inline bool has_bom(std::string_view json) noexcept {
  return json.size() >= 3 && std::memcmp(json.data(), "\xEF\xBB\xBF", 3) == 0;
}

inline error make_error(error_code code, std::size_t offset) noexcept {
  error e;
  e.code = code;
  e.offset = offset;
  return e;
}

// A stream parses its input in pieces (see stream.cpp): a piece sits at
// nesting `depth_base` of its document and never starts with a BOM, which
// the stream handles at the start of the input.
// Offsets count from the start of the stream (`offset_base` is the piece's
// first byte there) and paths start with the piece's place in its document.
struct piece_info {
  bool is_piece = false;
  bool at_input_start = false;  // the piece's first byte is the input's first
  std::uint32_t depth_base = 0;
  std::size_t offset_base = 0;
  std::span<const path_step> prefix{};  // at most parse_state::max_steps / 2
  std::size_t element_index = 0;        // set_element: the element's index in its set
};

/// The structural index of a text that the caller already has (the stream
/// indexes its chunks once): base + offsets[i] is entry i of the text, and
/// base + offsets[count] its end or the next entry after it. Stage 1
/// accepted every byte of the text.
struct given_index {
  const char* base = nullptr;
  const std::uint32_t* offsets = nullptr;
  std::uint32_t count = 0;
  /// The index runs on past the text's first value, which the walk reads
  /// alone (walk_result::settled and end say how that went). Nothing is
  /// located: the failure is only a document error the walk stopped at, and
  /// a caller that finds the value unsettled reads it again.
  bool runs_on = false;
  /// The first backslash at or after `backslash_from` (or the text's end):
  /// walks of the values of one chunk, one after the other, share it, so
  /// that each byte of the chunk is searched for backslashes once.
  const char* backslash_from = nullptr;
  const char* backslash = nullptr;
};

struct parse_engine {
  jwkview::options opts;
  structural_index indexer;
  parse_state state;  // one walk's, reset for the next

  std::unique_ptr<char[]> scratch;
  std::size_t scratch_capacity = 0;

  std::unique_ptr<std::string_view[]> unknown_names;
  std::unique_ptr<detail::locator_frame[]> frames;
  std::unique_ptr<error[]> errors;
  std::unique_ptr<error[]> warnings;  // as many as errors
  std::size_t last_warnings = 0;      // stored by the last parse
  key spare{};
  bool ready = false;

  explicit parse_engine(const jwkview::options& o) noexcept : opts(o) {
    opts.limits.max_depth = std::min(opts.limits.max_depth, detail::max_supported_depth);
    const std::size_t names =
        detail::interpreted_nesting * std::max<std::size_t>(opts.limits.max_unknown_members, 1);
    unknown_names.reset(new (std::nothrow) std::string_view[names]);
    frames.reset(new (std::nothrow)
                     detail::locator_frame[std::max<std::size_t>(opts.limits.max_depth, 1)]);
    errors.reset(new (std::nothrow) error[std::max<std::size_t>(opts.max_reported_errors, 1)]);
    warnings.reset(new (std::nothrow) error[std::max<std::size_t>(opts.max_reported_errors, 1)]);
    unknown_capacity = names;
    ready = unknown_names && frames && errors && warnings;
  }
  std::size_t unknown_capacity = 0;

  // Makes room for the unrecognised names of `nesting` objects open at once
  // (the constructor's interpreted_nesting is enough for keys; jwt_reader
  // checks every name at every depth).
  bool reserve_nesting(std::size_t nesting) noexcept {
    const std::size_t names = nesting * std::max<std::size_t>(opts.limits.max_unknown_members, 1);
    if (names <= unknown_capacity) return true;
    std::unique_ptr<std::string_view[]> grown(new (std::nothrow) std::string_view[names]);
    if (!grown) return false;
    unknown_names = std::move(grown);
    unknown_capacity = names;
    return true;
  }

  // Makes room for a document of `size` bytes, and for stage 1 over it.
  bool reserve(std::size_t size) noexcept {
    return detail::grow(scratch, scratch_capacity, 2 * size + 64) && indexer.reserve(size);
  }

  // Parses `json` where it lies, with `given` as its index or else stage 1
  // over it. Nothing reads past its last byte: stage 1 does not (see
  // structural_index.hpp), and the walk reads only up to the positions
  // stage 1 indexed (tests/padding_test.cpp puts a guard page right after
  // the input, on every kernel).
  detail::walk_result run(std::string_view json, detail::walk_mode mode, detail::key_output& out,
                          error& failure, detail::piece_info piece = {},
                          detail::given_index* given = nullptr) noexcept {
    return run_walk(
        json, mode, failure, piece,
        [&](detail::parse_state& s) noexcept {
          const detail::walk_result walked = detail::walk_document(s, mode, out);
          out.warnings_stored = s.warnings_stored;
          out.warnings_total = s.warnings_total;
          return walked;
        },
        given);
  }

  // run() with any walk over the indexed document: `walk(state)` starts at
  // entry 0 and returns a walk_result (JOSE objects use it, jwt_reader.cpp).
  // `mode` words the error for a scalar root.
  template <typename Walk>
  detail::walk_result run_walk(std::string_view json, detail::walk_mode mode, error& failure,
                               detail::piece_info piece, Walk&& walk,
                               detail::given_index* given = nullptr) noexcept {
    detail::walk_result result;
    detail::clear(failure);
    const std::size_t size = json.size();
    if (size > opts.limits.max_document_bytes) {
      failure = detail::make_error(error_code::document_too_large, 0);
      return result;
    }
    // Stage 1's room too, with an index given: a stream indexes a piece
    // itself when stage 1 refused some bytes near it, and once warm it
    // must not allocate whichever pieces those are.
    if (!ready || !reserve(size)) {
      failure = detail::make_error(error_code::out_of_memory, 0);
      return result;
    }

    detail::parse_state& s = state;
    s.reset();
    s.opts = &opts;
    s.max_string_bytes = opts.limits.max_string_bytes;
    s.max_depth = opts.limits.max_depth;
    s.warnings = warnings.get();
    s.warning_capacity = opts.max_reported_errors;
    s.scratch = scratch.get();
    s.unknown_names = unknown_names.get();
    s.unknown_capacity = unknown_capacity;
    s.depth = piece.depth_base;
    s.element_index = piece.element_index;
    for (const detail::path_step& step : piece.prefix) s.steps[s.step_count++] = step;
    // A BOM belongs only at the start of an input; inside one it is text.
    const bool input_start = !piece.is_piece || piece.at_input_start;
    const detail::leading_bom bom = !input_start      ? detail::leading_bom::ordinary
                                    : opts.accept_bom ? detail::leading_bom::skipped
                                                      : detail::leading_bom::refused;

    std::size_t skip = 0;
    if (detail::has_bom(json)) {
      if (bom != detail::leading_bom::skipped) {
        s.syntax_failed = true;
      }
      skip = 3;
    }
    if (!s.syntax_failed) {
      // The index gives offsets from parse_base, so views point into `json`.
      s.parse_end = json.data() + size;
      s.next_backslash = json.data() + skip;
      if (given != nullptr) {
        assert(skip == 0);  // a stream's piece never starts with a BOM it skips
        s.parse_base = given->base;
        s.offset_bias = piece.offset_base - static_cast<std::size_t>(json.data() - given->base);
        s.index = given->offsets;
        s.count = given->count;
        s.runs_on = given->runs_on;
        if (given->backslash_from != nullptr && given->backslash_from <= json.data() &&
            given->backslash >= json.data())
          s.next_backslash = given->backslash;
      } else {
        s.parse_base = json.data() + skip;
        s.offset_bias = skip + piece.offset_base;
        const structural_index::status indexed = indexer.index(s.parse_base, size - skip);
        if (indexed == structural_index::status::out_of_memory) {
          failure = detail::make_error(error_code::out_of_memory, 0);
          return result;
        }
        s.syntax_failed = indexed != structural_index::status::ok;
        s.index = indexer.offsets();
        s.count = indexer.count();
      }
      // Stage 1 finds nothing in a text of whitespace only.
      if (s.count == 0) s.syntax_failed = true;
      if (!s.syntax_failed) {
        result = walk(s);
        result.scanned_bytes = s.scanned_bytes;
      }
      if (given != nullptr && given->runs_on) {
        failure = s.document_error;  // not located: the caller reads the value again
        result.settled = !s.syntax_failed && !s.document_error;
        result.end = s.pos;
        // What the search found holds from the value's end on (a walk that
        // did not settle may have searched past where the next one starts).
        given->backslash_from = result.settled ? s.here_at(s.pos - 1) + 1 : nullptr;
        given->backslash = s.next_backslash;
        return result;
      }
    }

    // The locator names syntax errors, in the piece's place in its document.
    const auto locate = [&] {
      jwkview::limits lim = opts.limits;
      lim.max_depth -= std::min(lim.max_depth, piece.depth_base);
      return detail::locate_syntax_error(
          json, lim, bom, {frames.get(), std::max<std::size_t>(opts.limits.max_depth, 1)});
    };
    if (s.syntax_failed) {
      failure = locate();
      if (!failure) {
        // Valid JSON that is not a container, or (a bug) a verdict the
        // locator does not share: never report success for it.
        std::size_t first = skip;
        while (first < size && detail::is_whitespace(json[first])) ++first;
        // A scalar where a key belongs is the element's type error.
        const error_code scalar = mode == detail::walk_mode::set_element
                                      ? error_code::wrong_type
                                      : error_code::unexpected_root;
        failure = detail::make_error(result.scalar_root ? scalar : error_code::unexpected_character,
                                     first);
        if (result.scalar_root && first < size) {
          detail::message m;
          m << "the " << (mode == detail::walk_mode::set_element ? "element" : "root") << " is "
            << detail::json_type_of(json[first]) << "; expected "
            << (mode == detail::walk_mode::key_set ? R"(a key, an array of keys or {"keys":[...]})"
                : mode == detail::walk_mode::jose_object ? "a JSON object"
                                                         : "a key object");
          detail::set_message(failure, m.view());
        }
      }
      if (piece.is_piece) failure = in_piece(failure, piece);
      result.shape = set_shape::none;
    } else if (s.document_error) {
      // Some document errors (too_many_members, too_many_keys, storage_full)
      // stop the walk early, so the rest is checked here: a document that is
      // not JSON is refused for its syntax whichever shape or form read it.
      failure = locate();
      if (failure) {
        if (piece.is_piece) failure = in_piece(failure, piece);
        result.shape = set_shape::none;
      } else {
        failure = s.document_error;
      }
    }
    return result;
  }

  // A locator error (relative to the piece) placed in the stream.
  static error in_piece(const error& relative, const detail::piece_info& piece) noexcept {
    error e = detail::make_error(relative.code, piece.offset_base + relative.offset);
    detail::set_message(e, relative.message());
    for (const detail::path_step& step : piece.prefix) {
      if (step.is_index) {
        detail::append_index(e, step.index);
      } else {
        detail::append_name(e, step.name);
      }
    }
    if (!detail::append_path(e, relative.path()) || relative.path_truncated())
      detail::mark_path_truncated(e);
    return e;
  }

  detail::key_output output() noexcept {
    detail::key_output out;
    out.spare = &spare;
    out.errors = errors.get();
    out.error_capacity = opts.max_reported_errors;
    return out;
  }
};

}  // namespace detail

// Hidden, though nested in an exported class: nothing of it is the ABI.
struct __attribute__((visibility("hidden"))) parser::impl : detail::parse_engine {
  using parse_engine::parse_engine;

  parse_report report(detail::walk_result walked, detail::key_output& out,
                      const error& failure) noexcept {
    parse_report r;
    r.shape_ = walked.shape;
    r.stopped_ = out.stopped;
    r.key_count_ = out.delivered;
    r.scan_bytes_ = walked.scanned_bytes;
    last_warnings = 0;
    if (failure) {
      errors[0] = failure;
      r.errors_ = {errors.get(), 1};
      r.error_count_ = 1;
      r.document_failed_ = true;
      if (out.sink.call == nullptr) r.key_count_ = 0;
      return r;
    }
    r.errors_ = {errors.get(), out.errors_stored};
    r.error_count_ = out.errors_total;
    last_warnings = out.warnings_stored;
    r.warnings_ = {warnings.get(), out.warnings_stored};
    r.warning_count_ = out.warnings_total;
    if (out.sink.call == nullptr) r.keys_ = out.storage.first(out.delivered);
    return r;
  }
};

}  // namespace jwkview
