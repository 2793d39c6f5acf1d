// The stream: cuts an unbounded input into documents, or pieces of them,
// that the parser reads whole.
//
// A document is held whole in `held` up to limits::max_document_bytes; when
// it and the rest of its line are read, it is parsed, and its keys and key
// errors are delivered only if it did not fail. A JSON Lines record ends
// with its line and a single document with the input, so those are only
// copied. In concatenated input a byte-level state machine follows the JSON
// structure of every document (strings, nesting, commas and colons; the
// values themselves are left to the parser) to find where each one ends.
//
// A document that outgrows the hold is streamed provisionally from its
// first byte: its held bytes are replayed through the machine, which then
// routes each byte to one of two buffers:
// - `element`: one element of a streamed key array, parsed as a set element
//   as soon as it closes;
// - `held`: the rest of the document, parsed whole when it ends. When its
//   "keys" array (or "jwks"."keys") opens, the array's elements are
//   streamed instead and the held copy keeps "[]" in their place, so the
//   wrapper is still checked whole; offsets past that splice are shifted
//   back when reported.
// The machine makes the same decisions whether a document is held or
// streamed, and every decision depends on the bytes alone, so chunking
// cannot change what is reported. When the machine sees a byte no JSON can
// have there, the parser's syntax locator names the problem from the
// buffered piece.
#include "jwkview/stream.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <utility>

#include "json/string_scan.hpp"
#include "jwk/parser_impl.hpp"

namespace jwkview {
namespace {

// A growable byte buffer; the parser reads its pieces in place.
class piece_buffer {
 public:
  bool append(const char* p, std::size_t n) noexcept {
    if (n == 0) return true;
    if (size_ + n > capacity_) {
      const std::size_t target =
          std::max({size_ + n, capacity_ + capacity_ / 2, detail::initial_capacity});
      // realloc moves a large block's pages instead of copying and
      // faulting them in again (a held document is megabytes).
      void* bigger = std::realloc(data_.get(), target);
      if (bigger == nullptr) return false;
      (void)data_.release();
      data_.reset(static_cast<char*>(bigger));
      capacity_ = target;
    }
    std::memcpy(data_.get() + size_, p, n);
    size_ += n;
    return true;
  }
  void clear() noexcept { size_ = 0; }
  [[nodiscard]] std::string_view view() const noexcept { return {data_.get(), size_}; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

 private:
  struct free_bytes {
    void operator()(char* p) const noexcept { std::free(p); }
  };
  std::unique_ptr<char, free_bytes> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

enum class lexer : std::uint8_t {
  structure,
  string,
  escape,
  scalar,
  body,       // inside a nested value the machine need not interpret
  misplaced,  // a non-ASCII character where JSON needs structure
  skipping,   // the rest of a broken document's line
  ignoring,   // the rest of a single-document input after its document
};
enum class expecting : std::uint8_t {
  document,        // between documents
  value,           // after ':' or an array's ','
  value_or_close,  // after '['
  name,            // after an object's ','
  name_or_close,   // after '{'
  colon,           // after a member name
  comma_or_close,  // after a value inside a container
};
enum class route : std::uint8_t { none, element, held };
enum class wrapper_name : std::uint8_t { other, keys, jwks };

constexpr bool ends_scalar(char c) noexcept {
  return detail::is_whitespace(c) || c == ',' || c == ']' || c == '}' || c == '{' || c == '[' ||
         c == '"' || c == ':';
}

// What can open a JSON text: in concatenated input, such a byte after a
// document on its line starts the next document; any other is trailing.
constexpr bool starts_value(char c) noexcept {
  return c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' ||
         c == 'f' || c == 'n';
}

constexpr char bom[3] = {'\xEF', '\xBB', '\xBF'};

// Where finish() points the scan: a byte at namespace scope, since a static
// local of an inline member would be a GNU-unique symbol, which makes the
// library impossible to unload.
constexpr char nothing = 0;

// A stream's sets have no size (stream.hpp): max_keys does not apply to
// the documents it holds whole either.
options without_key_limit(options o) noexcept {
  o.limits.max_keys = std::numeric_limits<std::size_t>::max();
  return o;
}

}  // namespace

// Hidden, though nested in an exported class (as is parser::impl).
struct __attribute__((visibility("hidden"))) stream::impl {
  explicit impl(const stream_options& o) noexcept : opts(o), core(without_key_limit(o.parse)) {
    start(o);
  }

  stream_options opts;
  parser core;
  piece_buffer element;
  piece_buffer held;
  piece_buffer replay;  // a held document being streamed from its start
  std::size_t high_water = 0;
  stream_counts counts{};
  const sink* to = nullptr;

  // Input position.
  const char* chunk = nullptr;      // the chunk being scanned
  const char* run = nullptr;        // first byte of the chunk not yet routed
  const char* line_feed = nullptr;  // a streamed record's '\n' in the chunk (chunk end: none yet)
  std::size_t chunk_offset = 0;
  std::size_t bom_matched = 0;

  // Structure of the open document.
  std::array<std::uint64_t, 17> object_bits{};  // bit d: container at depth d is an object
  std::size_t name_start = 0;                   // in held, when the name is captured
  std::uint32_t depth = 0;                      // containers open
  std::uint32_t body_depth = 0;                 // depth of the container the body scan started in

  // Documents and pieces.
  std::size_t last_end = 0;  // just past the last byte that was not whitespace
  std::size_t document = 0;
  std::size_t document_keys = 0;
  std::size_t document_offset = 0;
  set_shape shape = set_shape::none;  // of the document, once known
  std::array<detail::path_step, 2> set_prefix{};
  std::size_t set_prefix_size = 0;
  std::size_t element_index = 0;
  std::size_t element_offset = 0;
  std::size_t held_offset = 0;
  std::size_t splice_at = 0;      // in held: just past the streamed array's '['
  std::size_t splice_offset = 0;  // stream offset of that byte
  std::size_t splice_length = 0;  // bytes of the array left out of held
  std::uint32_t set_depth = 0;    // depth of the streamed array's elements (0: none)

  // Small state, kept together.
  lexer lex = lexer::structure;
  expecting expect = expecting::document;
  route to_piece = route::none;
  std::array<wrapper_name, 3> names{};  // current member name at depths 1 and 2
  std::array<char, 3> bom_bytes{};
  bool stopped = false;
  bool after_newline = true;  // the byte before the chunk was '\n' (or there was none)
  bool bom_check = false;
  bool reading_name = false;
  bool string_in_body = false;
  bool capture_name = false;
  bool line_done = false;  // a document ended on this line
  bool in_document = false;
  bool document_at_line_start = false;
  bool provisional = false;      // the document outgrew the hold and is streamed
  bool replaying = false;        // the document starting now is a held one, now streamed
  bool verdict_pending = false;  // a held document ended; the rest of its line decides
  bool streaming = false;        // json_lines, single_document: the machine reads on
  bool root_object = false;
  bool jwks_open = false;        // inside the root's "jwks" object
  bool streamed = false;         // this document's key array was found (and streamed)
  bool element_dropped = false;  // too large: skipped, already reported
  bool held_dropped = false;

  void start(const stream_options& o) noexcept {
    opts = o;
    counts = {};
    chunk_offset = 0;
    stopped = false;
    after_newline = true;
    bom_matched = 0;
    bom_check = o.at_input_start && o.parse.accept_bom;
    lex = lexer::structure;
    line_done = false;
    last_end = o.base_offset;
    document = 0;
    verdict_pending = replaying = streaming = false;
    held.clear();
    close_document();
  }

  [[nodiscard]] bool single() const noexcept {
    return opts.format == input_format::single_document;
  }
  [[nodiscard]] std::size_t offset(const char* p) const noexcept {
    return opts.base_offset + chunk_offset + static_cast<std::size_t>(p - chunk);
  }
  [[nodiscard]] bool at_line_start(const char* p) const noexcept {
    return p == chunk ? after_newline : p[-1] == '\n';
  }
  [[nodiscard]] bool object_at(std::uint32_t d) const noexcept {
    return ((object_bits[d / 64] >> (d % 64)) & 1U) != 0;
  }

  // --- routing bytes into pieces ----------------------------------------

  // Sends [run, to) to the piece being read.
  void flush(const char* upto) noexcept {
    const auto n = static_cast<std::size_t>(upto - run);
    if (to_piece == route::element && !element_dropped) {
      keep(element, element_dropped, element_offset, true, n);
    } else if (to_piece == route::held && !held_dropped) {
      keep(held, held_dropped, held_offset, false, n);
    }
    run = upto;
  }

  void keep(piece_buffer& piece, bool& dropped, std::size_t piece_offset, bool is_element,
            std::size_t n) noexcept {
    const bool too_large = piece.size() + n > opts.parse.limits.max_document_bytes;
    if (too_large || !piece.append(run, n)) {
      dropped = true;
      error e = piece_error(too_large ? error_code::document_too_large : error_code::out_of_memory,
                            piece_offset, is_element);
      report(e, !is_element);
      return;
    }
    high_water = std::max(high_water, element.size() + held.size());
  }

  // An error at a piece's first byte, with the piece's path.
  [[nodiscard]] error piece_error(error_code code, std::size_t at, bool is_element) const noexcept {
    error e = detail::make_error(code, at);
    if (is_element) append_element_path(e, element_index);
    return e;
  }

  void append_element_path(error& e, std::size_t index) const noexcept {
    for (std::size_t i = 0; i < set_prefix_size; ++i) detail::append_name(e, set_prefix[i].name);
    detail::append_index(e, index);
  }

  // --- events -----------------------------------------------------------

  [[nodiscard]] stream_place place(bool ends_document = false) const noexcept {
    return {document, document_keys, ends_document, provisional, shape, document_offset};
  }

  void report(const error& e, bool ends_document) noexcept {
    ++counts.errors;
    to->error(to->context, e, place(ends_document));
  }

  static void deliver_error(void* context, const error& e) noexcept {
    static_cast<impl*>(context)->report(e, false);
  }

  static next deliver(void* context, const key& k) noexcept {
    auto& self = *static_cast<impl*>(context);
    const stream_place at = self.place();
    ++self.document_keys;
    ++self.counts.keys;
    if (self.to->key(self.to->context, k, at) == next::stop) self.stopped = true;
    return self.stopped ? next::stop : next::go;
  }

  // The next document's number; it is streamed provisionally if it is a
  // held one being replayed.
  void number_document() noexcept {
    document = counts.documents++;
    document_keys = 0;
    shape = set_shape::none;
    provisional = std::exchange(replaying, false);
  }

  // The machine finds a document starting at p, held from there.
  void begin_document(const char* p) noexcept {
    number_document();
    document_offset = offset(p);
    in_document = true;
    document_at_line_start = at_line_start(p);
    held.clear();
  }

  void close_document() noexcept {
    in_document = false;
    string_in_body = false;
    expect = expecting::document;
    depth = 0;
    to_piece = route::none;
    root_object = jwks_open = streamed = false;
    set_depth = 0;
    set_prefix_size = 0;
    element_index = 0;
    element.clear();  // held keeps a document that awaits its verdict
    element_dropped = held_dropped = false;
    names = {};
  }

  // A syntax problem: the document ends here and the rest of its line is
  // skipped (or, in a single-document input, everything after it).
  void abandon(const error& e) noexcept {
    report(e, true);
    close_document();
    lex = single() ? lexer::ignoring : lexer::skipping;
  }

  // --- parsing pieces ---------------------------------------------------

  // Runs the parser over a complete piece, delivering its keys and key
  // errors as they are found; returns its document failure.
  error parse_piece(std::string_view piece, detail::walk_mode mode,
                    const detail::piece_info& info) noexcept {
    parser::impl& engine = *core.impl_;
    detail::key_output out = engine.output();
    out.sink = {&impl::deliver, this};
    out.on_error = {&impl::deliver_error, this};
    error failure;
    engine.run(piece, mode, out, failure, info);
    // Warnings belong to keys already delivered; a failed piece has none.
    if (!failure) {
      for (std::size_t i = 0; i < out.warnings_stored; ++i) {
        to->warning(to->context, engine.warnings[i], place());
      }
    }
    return failure;
  }

  // The document failure of a held document, delivering nothing; learns
  // its shape.
  error check_held(std::string_view document_bytes) noexcept {
    parser::impl& engine = *core.impl_;
    detail::key_output out = engine.output();
    out.sink = {[](void*, const key&) noexcept { return next::go; }, nullptr};
    error failure;
    shape = engine.run(document_bytes, detail::walk_mode::key_set, out, failure, held_info()).shape;
    return failure;
  }

  void parse_element() noexcept {
    if (element_dropped) return;
    std::array<detail::path_step, 3> prefix{};
    std::copy_n(set_prefix.begin(), set_prefix_size, prefix.begin());
    prefix[set_prefix_size] = {{}, element_index, true};
    const error failure = parse_piece(element.view(), detail::walk_mode::set_element,
                                      {.is_piece = true,
                                       .depth_base = set_depth,
                                       .offset_base = element_offset,
                                       .prefix = {prefix.data(), set_prefix_size + 1},
                                       .element_index = element_index});
    if (!failure) return;
    if (breaks(failure)) {
      abandon(failure);
    } else {
      report(failure, false);  // a scalar where a key belongs
    }
  }

  // The first syntax error in held, a wrapper's head up to its key array's
  // '[', or no error when the head is a valid start of a document.
  [[nodiscard]] error head_error() noexcept {
    const error e = locate({});
    const bool valid_so_far =
        e.code == error_code::truncated && e.offset == held_offset + held.size();
    return valid_so_far || held_dropped ? error{} : e;
  }

  // Whether held starts at the input's first byte, where a BOM is a BOM.
  [[nodiscard]] bool held_starts_input() const noexcept {
    return opts.at_input_start && held_offset == opts.base_offset;
  }

  [[nodiscard]] detail::piece_info held_info() const noexcept {
    return {.is_piece = true, .at_input_start = held_starts_input(), .offset_base = held_offset};
  }

  // Offsets in held past the splice move back to where the bytes were.
  [[nodiscard]] error unsplice(error e) const noexcept {
    if (provisional && streamed && e.offset - held_offset >= splice_at) e.offset += splice_length;
    return e;
  }

  // A held document is read whole, with the rest of its line: it is parsed
  // once to learn whether it fails and, if not, walked again over the same
  // index to deliver its keys and key errors (keeping them from the first
  // walk would cost more: each key is 900 bytes, written and read again).
  // A failed document delivers only its failure, with keys_before 0.
  error verdict(std::string_view document_bytes) noexcept {
    const error failure = check_held(document_bytes);
    if (!failure) {
      detail::piece_info again = held_info();
      again.indexed = true;
      (void)parse_piece(document_bytes, detail::walk_mode::key_set, again);
    } else {
      report(failure, true);
    }
    return failure;
  }

  // The machine's held document; after a syntax or limit failure the
  // stream skips on as after any syntax error.
  void give_verdict() noexcept {
    verdict_pending = false;
    if (breaks(verdict(held.view()))) lex = single() ? lexer::ignoring : lexer::skipping;
  }

  static bool breaks(const error& failure) noexcept {
    return failure.cls() == error_class::syntax || failure.cls() == error_class::limit;
  }

  // A provisional document's wrapper, after its streamed keys.
  void parse_held() noexcept {
    if (!held_dropped) {
      // Key errors of a held document never involve the splice: a wrapper
      // whose array was streamed delivers no key of its own.
      const error failure = parse_piece(held.view(), detail::walk_mode::key_set, held_info());
      if (breaks(failure)) return abandon(unsplice(failure));
      if (failure) report(unsplice(failure), true);
    }
    close_document();
  }

  // The locator's name for a problem the machine saw in a buffered piece;
  // `fallback` is kept when the piece cannot tell (it was dropped). A piece
  // cut short by the next record is located without its trailing whitespace,
  // so `truncated` points at the end of the broken line.
  [[nodiscard]] error locate(const error& fallback, bool trim = false) noexcept {
    const auto located = [&](const piece_buffer& piece) {
      std::string_view bytes = piece.view();
      while (trim && !bytes.empty() && detail::is_whitespace(bytes.back())) bytes.remove_suffix(1);
      return bytes;
    };
    parser::impl& engine = *core.impl_;
    jwkview::limits lim = engine.opts.limits;
    const std::span<detail::locator_frame> frames{
        engine.frames.get(), std::max<std::size_t>(engine.opts.limits.max_depth, 1)};
    if (to_piece == route::element && !element_dropped) {
      std::array<detail::path_step, 3> prefix{};
      std::copy_n(set_prefix.begin(), set_prefix_size, prefix.begin());
      prefix[set_prefix_size] = {{}, element_index, true};
      lim.max_depth -= std::min(lim.max_depth, set_depth);
      const error relative =
          detail::locate_syntax_error(located(element), lim, detail::leading_bom::ordinary, frames);
      if (relative)
        return parser::impl::in_piece(relative, {.is_piece = true,
                                                 .offset_base = element_offset,
                                                 .prefix = {prefix.data(), set_prefix_size + 1}});
    } else if (to_piece == route::held && !held_dropped) {
      const error relative = detail::locate_syntax_error(
          located(held), lim,
          held_starts_input() ? detail::leading_bom::refused : detail::leading_bom::ordinary,
          frames);
      if (relative)
        return unsplice(
            parser::impl::in_piece(relative, {.is_piece = true, .offset_base = held_offset}));
    }
    return fallback;
  }

  // What the machine expects next, for messages.
  [[nodiscard]] std::string_view expected() const noexcept {
    switch (expect) {
      case expecting::document:
        return "a document";
      case expecting::value:
        return "a value";
      case expecting::value_or_close:
        return R"(a value or "]")";
      case expecting::name:
        return "a member name in double quotes";
      case expecting::name_or_close:
        return R"(a member name or "}")";
      case expecting::colon:
        return R"(":" after the member name)";
      case expecting::comma_or_close:
        return R"("," or a closing bracket)";
    }
    return "a value";
  }

  // The machine's own error, for bytes of a streamed array outside its
  // elements, following the locator's path convention; `p` is the byte
  // found (nullptr: the input ended).
  [[nodiscard]] error frame_error(error_code code, std::size_t at,
                                  const char* p = nullptr) const noexcept {
    error e = detail::make_error(code, at);
    detail::message m;
    if (p == nullptr) {
      m << "the input ends inside the document; expected " << expected();
    } else {
      m.byte(*p) << " where " << expected() << " belongs";
    }
    e.set_message(m.view());
    const bool in_value = expect == expecting::value || expect == expecting::value_or_close;
    if (in_value) {
      append_element_path(e, element_index);
    } else {
      for (std::size_t i = 0; i < set_prefix_size; ++i) detail::append_name(e, set_prefix[i].name);
    }
    return e;
  }

  // A byte that cannot come at p. A '{' or '[' opening a line ends the
  // open document before that line (an NDJSON record cut short).
  const char* fail(const char* p) noexcept {
    const bool cut = opts.format == input_format::concatenated &&
                     (lex == lexer::structure || lex == lexer::body) && at_line_start(p) &&
                     (*p == '{' || *p == '[');
    const char* upto = cut ? p : p + 1;
    if (!in_document) begin_document(p);  // a stray byte is a broken document of its own
    if (!cut && static_cast<unsigned char>(*p) >= 0x80) return misplaced_start(p);
    flush(upto);
    abandon(cut ? locate(frame_error(error_code::truncated, last_end), true)
                : locate(frame_error(error_code::unexpected_character, offset(p), p)));
    run = upto;
    if (!cut || lex == lexer::ignoring) return p + 1;
    lex = lexer::structure;
    return p;
  }

  // A byte >= 0x80 where JSON needs structure is invalid_utf8 or a misplaced
  // character (unexpected_character), which the bytes after it decide. The
  // path is the one the locator gives for the input ending just before it.
  error misplaced_error{};
  std::size_t misplaced_at = 0;
  std::size_t sequence_size = 0;
  std::size_t sequence_length = 0;
  std::array<char, 4> sequence{};

  const char* misplaced_start(const char* p) noexcept {
    flush(p);
    misplaced_at = offset(p);
    misplaced_error = locate(frame_error(error_code::truncated, offset(p)));
    to_piece = route::none;  // the piece is complete for the locator
    const auto lead = static_cast<unsigned char>(*p);
    sequence[0] = *p;
    sequence_size = 1;
    sequence_length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    lex = lexer::misplaced;
    return sequence_size == sequence_length ? misplaced_end(p + 1) : p + 1;
  }

  const char* misplaced_next(const char* p) noexcept {
    if ((static_cast<unsigned char>(*p) & 0xC0) != 0x80) return misplaced_end(p);
    sequence[sequence_size++] = *p;
    return sequence_size == sequence_length ? misplaced_end(p + 1) : p + 1;
  }

  const char* misplaced_end(const char* next) noexcept {
    error e = misplaced_error;
    if (e.code == error_code::truncated && e.offset == misplaced_at) {
      const bool valid = sequence_size == sequence_length &&
                         detail::utf8_sequence_length(
                             sequence.data(), sequence.data() + sequence_size) == sequence_size;
      e.code = valid ? error_code::unexpected_character : error_code::invalid_utf8;
      e.set_message(valid ? "a non-ASCII character where JSON needs structure"
                          : "a byte sequence that is not UTF-8");
    }
    lex = lexer::structure;
    abandon(e);
    run = next;
    return next;
  }

  // More than whitespace after a document on its line (after the one
  // document of a single-document input): the document is refused, or, if
  // it was streamed, ends with this error.
  const char* trailing(const char* p) noexcept {
    error e = detail::make_error(error_code::trailing_content, offset(p));
    detail::message m;
    m.byte(*p) << " after the end of the document; only whitespace may follow it on its line";
    e.set_message(m.view());
    if (verdict_pending) {
      // As parse_set reads a document and what follows it: the locator's
      // errors (syntax, depth, string length) come in document order, so
      // the document's own come first; any other failure comes after them.
      verdict_pending = false;
      const error failure = check_held(held.view());
      if (failure.cls() == error_class::syntax || failure.code == error_code::too_deep ||
          failure.code == error_code::string_too_long)
        e = failure;
    }
    report(e, true);
    lex = single() ? lexer::ignoring : lexer::skipping;
    return p + 1;
  }

  // json_lines: the line ends while its document is open.
  const char* line_break(const char* p) noexcept {
    flush(p);
    abandon(locate(frame_error(error_code::truncated, last_end), true));
    lex = lexer::structure;
    return p + 1;
  }

  // --- the structure machine --------------------------------------------

  void value_done(const char* end) noexcept {
    if (depth == 0) {
      if (to_piece == route::held) {
        flush(end);
        if (provisional) {
          parse_held();
        } else {
          verdict_pending = !held_dropped;  // a dropped one is reported already
          close_document();
        }
      } else {
        close_document();  // a streamed bare array's closing bracket
      }
      line_done = true;
      return;
    }
    expect = expecting::comma_or_close;
    if (to_piece == route::element && depth == set_depth) {
      flush(end);
      parse_element();
      if (!in_document) return;  // the element abandoned its document
      to_piece = route::none;
      ++element_index;
    }
  }

  // The current member's name, read from held.
  void name_done() noexcept {
    if (held_dropped || name_start > held.size()) return;  // the document is refused anyway
    const std::string_view raw = held.view().substr(name_start);
    char decoded[8];
    std::string_view name = raw;
    if (raw.find('\\') != std::string_view::npos) {
      // Only short names can be "keys" or "jwks"; invalid escapes are the
      // parser's to report.
      name = {};
      if (raw.size() <= 6 * sizeof decoded) {
        char wide[6 * sizeof decoded];
        const detail::unescape_result r =
            detail::unescape(raw.data(), raw.data() + raw.size(), wide);
        if (r.status == detail::escape_status::ok && r.length <= sizeof decoded) {
          std::memcpy(decoded, wide, r.length);
          name = {decoded, r.length};
        }
      }
    }
    names[depth] = name == "keys"   ? wrapper_name::keys
                   : name == "jwks" ? wrapper_name::jwks
                                    : wrapper_name::other;
  }

  const char* value_start(const char* p) noexcept {
    const char c = *p;
    if (depth == 0) {
      if (c == '[') set_depth = 1;
      if (c == '[' && provisional) shape = set_shape::array;
      if (c != '[' || !provisional) {
        to_piece = route::held;
        held_offset = offset(p);
        root_object = c == '{';
      }
      run = p;
    } else if (to_piece == route::none && depth == set_depth) {
      to_piece = route::element;
      element_offset = offset(p);
      element.clear();
      element_dropped = false;
      run = p;
    }
    const bool interpreted = to_piece == route::held && root_object && !held_dropped;
    bool streams = false;
    if (interpreted && c == '[' && !streamed) {
      if (depth == 1 && names[1] == wrapper_name::keys) {
        set_prefix[0] = {"keys", 0, false};
        set_prefix_size = 1;
        streams = true;
      } else if (depth == 2 && jwks_open && names[2] == wrapper_name::keys) {
        set_prefix[0] = {"jwks", 0, false};
        set_prefix[1] = {"keys", 0, false};
        set_prefix_size = 2;
        streams = true;
      }
    }
    if (interpreted && c == '{' && depth == 1 && names[1] == wrapper_name::jwks) jwks_open = true;

    if (c == '{' || c == '[') {
      if (!open_container(c == '{')) return fail(p);
      if (depth < names.size()) names[depth] = wrapper_name::other;
      expect = c == '{' ? expecting::name_or_close : expecting::value_or_close;
      // Only the root, the "jwks" object and the key array are read member
      // by member; any other container is left to the parser, scanned for
      // its end only.
      const bool member_by_member =
          streams || depth == 1 || (depth == 2 && jwks_open && to_piece == route::held);
      if (!member_by_member) {
        lex = lexer::body;
        body_depth = depth;
      }
      if (streams && !provisional) {
        streamed = true;  // read the same way, but held whole
      } else if (streams) {
        flush(p + 1);  // held keeps the '['
        // The wrapper's members so far were only scanned: a syntax error in
        // them comes before any key, so it must be found before any key.
        if (const error e = head_error(); e) {
          abandon(e);
          run = p + 1;
          return p + 1;
        }
        streamed = true;
        shape = set_prefix_size == 1 ? set_shape::keys_object : set_shape::jwks_object;
        set_depth = depth;
        element_index = 0;
        splice_at = held.size();
        splice_offset = offset(p + 1);
        to_piece = route::none;
      }
      return p + 1;
    }
    if (c == '"') {
      lex = lexer::string;
      reading_name = false;
      return p + 1;
    }
    lex = lexer::scalar;
    return p + 1;
  }

  // Opens an array or object; false past the depth limit.
  bool open_container(bool is_object) noexcept {
    if (depth >= opts.parse.limits.max_depth) return false;
    ++depth;
    const std::uint64_t bit = std::uint64_t{1} << (depth % 64);
    object_bits[depth / 64] =
        is_object ? (object_bits[depth / 64] | bit) : (object_bits[depth / 64] & ~bit);
    return true;
  }

  // A nested value: strings and brackets are followed, nothing else is
  // checked (the parser reads the piece whole). A line feed still ends a
  // JSON Lines record, and a '{' or '[' opening a line still starts a new
  // document in concatenated input.
  const char* body(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
    // 64 bytes at a time while no backslash complicates the strings: each
    // bracket and line feed is then handled exactly as below, in order.
    while (end - p >= 64) {
      const detail::block_bits b = detail::classify_block(p);
      if (b.backslash != 0) break;
      const std::uint64_t in_string = detail::prefix_xor(b.quote);
      std::uint64_t events = (b.open | b.close) & ~in_string;
      if (!single()) events |= b.line_feed & in_string;  // a string broken by a line feed
      if (opts.format == input_format::json_lines) events |= b.line_feed & ~in_string;
      for (; events != 0; events &= events - 1) {
        const char* q = p + __builtin_ctzll(events);
        if (*q == '\n') return (in_string >> (q - p) & 1) != 0 ? fail(q) : line_break(q);
        if (const char* next = bracket(q); next != nullptr) return next;
      }
      p += 64;
      if ((in_string >> 63) != 0) {
        lex = lexer::string;
        string_in_body = true;
        return p;
      }
    }
#endif
    for (;;) {
      p = detail::find_bracket_or_string(p, end, opts.format == input_format::json_lines);
      if (p == end) return end;
      switch (*p) {
        case '"':
          lex = lexer::string;
          string_in_body = true;
          return p + 1;
        case '\n':  // only JSON Lines stop here
          return line_break(p);
        default:
          if (const char* next = bracket(p); next != nullptr) return next;
          ++p;
          continue;
      }
    }
  }

  // A bracket inside a nested value. Returns where to go on when the scan
  // of the value ends here (an error, or its closing bracket), else nullptr.
  const char* bracket(const char* p) noexcept {
    if (*p == '{' || *p == '[') {
      if (opts.format == input_format::concatenated && at_line_start(p)) return fail(p);
      if (!open_container(*p == '{')) return fail(p);
      return nullptr;
    }
    if (object_at(depth) != (*p == '}')) return fail(p);
    if (--depth >= body_depth) return nullptr;
    lex = lexer::structure;
    value_done(p + 1);
    return p + 1;
  }

  const char* close(const char* p) noexcept {
    const bool is_object = *p == '}';
    const bool empty_ok =
        expect == (is_object ? expecting::name_or_close : expecting::value_or_close);
    if (depth == 0 || object_at(depth) != is_object ||
        !(expect == expecting::comma_or_close || empty_ok))
      return fail(p);
    if (depth == set_depth && to_piece == route::none && depth > 1) {
      // The streamed array ends: held takes the rest of the wrapper, "]" first.
      splice_length = offset(p) - splice_offset;
      to_piece = route::held;
      run = p;
      set_depth = 0;
    }
    if (jwks_open && depth == 2 && is_object) jwks_open = false;
    --depth;
    value_done(p + 1);
    return p + 1;
  }

  // One byte of structure; the caller has skipped spaces, tabs and CRs.
  const char* structure(const char* p) noexcept {
    const char c = *p;
    if (c == '\n') {
      if (single()) return p + 1;
      line_done = false;
      if (verdict_pending) {
        give_verdict();
        return lex == lexer::structure ? p + 1 : p;  // a syntax failure skips from here
      }
      if (in_document && opts.format == input_format::json_lines) return line_break(p);
      return p + 1;
    }
    last_end = offset(p) + 1;
    if (expect == expecting::document && (single() ? counts.documents != 0 : line_done)) {
      if (opts.format != input_format::concatenated || !starts_value(c)) return trailing(p);
      if (verdict_pending) {  // the next document starts on the same line
        give_verdict();
        if (lex != lexer::structure) return p;
      }
    }
    switch (c) {
      case '"':
        if (expect == expecting::name || expect == expecting::name_or_close) {
          lex = lexer::string;
          reading_name = true;
          capture_name = to_piece == route::held && root_object && !held_dropped &&
                         (depth == 1 || (depth == 2 && jwks_open));
          if (capture_name) {
            flush(p + 1);
            name_start = held.size();
          }
          return p + 1;
        }
        break;
      case '}':
      case ']':
        return close(p);
      case ':':
        if (expect != expecting::colon) return fail(p);
        expect = expecting::value;
        return p + 1;
      case ',':
        if (expect != expecting::comma_or_close) return fail(p);
        expect = object_at(depth) ? expecting::name : expecting::value;
        return p + 1;
      default:
        break;
    }
    if (expect == expecting::document) {
      begin_document(p);
      return value_start(p);
    }
    if (expect == expecting::value || expect == expecting::value_or_close) return value_start(p);
    return fail(p);
  }

  const char* step(const char* p, const char* end) noexcept {
    switch (lex) {
      case lexer::structure:
        // Stay here for a whole run of structure: no dispatch per byte.
        while (p < end && lex == lexer::structure && !stopped) {
          const char c = *p;
          if (c == ' ' || c == '\t' || c == '\r') {
            ++p;
          } else {
            p = structure(p);
          }
        }
        return p;
      case lexer::body:
        return body(p, end);
      case lexer::string: {
        const char* q = detail::find_string_stop(p, end);
        if (q == end) return end;
        if (*q == '\\') {
          lex = lexer::escape;
          return q + 1;
        }
        if (*q != '"') {
          // A control character: the parser reports it with the whole string.
          // A line feed in an NDJSON record, though, means the record broke.
          if (*q == '\n' && !single()) return fail(q);
          return q + 1;
        }
        if (string_in_body) {
          string_in_body = false;
          lex = lexer::body;
          return q + 1;
        }
        lex = lexer::structure;
        last_end = offset(q) + 1;
        if (reading_name) {
          if (capture_name) {
            flush(q);
            name_done();
          }
          expect = expecting::colon;
        } else {
          value_done(q + 1);
        }
        return q + 1;
      }
      case lexer::escape:
        if (*p == '\n' && !single()) return fail(p);
        lex = lexer::string;
        return p + 1;
      case lexer::scalar:
        while (p < end && !ends_scalar(*p)) ++p;
        if (p == end) return end;
        lex = lexer::structure;
        last_end = offset(p);
        value_done(p);
        return p;
      case lexer::misplaced:
        return misplaced_next(p);
      case lexer::ignoring:
        return end;
      case lexer::skipping: {
        if (at_line_start(p) &&
            (opts.format == input_format::json_lines || *p == '{' || *p == '[')) {
          line_done = false;
          lex = lexer::structure;
          return p;
        }
        const void* newline = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        return newline == nullptr ? end : static_cast<const char*>(newline) + 1;
      }
    }
    return end;
  }

  // --- JSON Lines records and single documents: held without the machine
  //
  // A JSON Lines record is its line and a single document the whole input:
  // while one fits the hold it is only copied, then read as parse_set reads
  // it (a record without its line's trailing whitespace). One that outgrows
  // the hold is replayed through the machine, which streams it
  // provisionally; after a streamed record's line feed, holding resumes.

  [[nodiscard]] bool holding() const noexcept {
    return opts.format != input_format::concatenated && !streaming;
  }

  // Copies the record (or input) up to the chunk's end or the record's line
  // feed; returns where to read on.
  const char* hold(const char* p, const char* end) noexcept {
    const char* line_end = end;
    if (opts.format == input_format::json_lines) {
      const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
      if (nl != nullptr) line_end = static_cast<const char*>(nl);
    }
    const auto n = static_cast<std::size_t>(line_end - p);
    if (held.size() == 0) held_offset = offset(p);
    if (!held_dropped) {
      if (held.size() + n > opts.parse.limits.max_document_bytes) return stream_hold(p);
      if (!held.append(p, n)) {
        held_dropped = true;  // its error now; the rest of it is skipped
        number_document();
        document_offset = held_offset;
        report(detail::make_error(error_code::out_of_memory, held_offset), true);
      }
      high_water = std::max(high_water, held.size());
    }
    if (line_end == end) return end;
    end_hold();
    return line_end + 1;
  }

  // The held record (or input) is complete.
  void end_hold() noexcept {
    std::string_view text = held.view();
    if (opts.format == input_format::json_lines) {
      // As the machine locates a broken record: `truncated` points at the
      // end of the line's text.
      while (!text.empty() && detail::is_whitespace(text.back())) text.remove_suffix(1);
    }
    const auto first = std::find_if_not(text.begin(), text.end(), detail::is_whitespace);
    if (!held_dropped && first != text.end()) {
      number_document();
      document_offset = held_offset + static_cast<std::size_t>(first - text.begin());
      (void)verdict(text);
    }
    held.clear();
    held_dropped = false;
  }

  // The held record (or input) outgrew the hold: the machine reads it from
  // its start, which is a line start.
  const char* stream_hold(const char* p) noexcept {
    streaming = replaying = true;
    line_feed = nullptr;
    return replay_held(true, p);
  }

  // A streamed record goes up to its line feed, after which the machine is
  // as at any line start and holding resumes.
  const char* stream_line(const char* p, const char* end) noexcept {
    if (line_feed == nullptr || line_feed < p) {
      const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
      line_feed = nl != nullptr ? static_cast<const char*>(nl) : end;
    }
    if (line_feed == end) return step(p, end);
    p = step(p, line_feed + 1);
    if (p == line_feed + 1) {
      streaming = replaying = line_done = false;
      lex = lexer::structure;
      line_feed = nullptr;
      held.clear();
    }
    return p;
  }

  // --- reading a chunk --------------------------------------------------

  void scan(std::string_view bytes) noexcept {
    if (bytes.empty()) return;
    chunk = run = bytes.data();
    line_feed = nullptr;
    const char* end = bytes.data() + bytes.size();
    const char* p = chunk;
    while (p < end && !stopped) {
      if (holding()) {
        p = hold(p, end);
      } else if (opts.format == input_format::json_lines) {
        p = stream_line(p, end);
      } else {
        const char* stop = hold_end(p, end);
        p = stop == p ? stream_held() : step(p, stop);
      }
    }
    if (!stopped) flush(end);
    after_newline = end[-1] == '\n';
    chunk_offset += bytes.size();
    chunk = run = nullptr;
  }

  // How far the machine may read before a document it holds would pass
  // max_document_bytes: p itself when the document is that long and still
  // open.
  [[nodiscard]] const char* hold_end(const char* p, const char* end) const noexcept {
    if (streaming) return end;  // only concatenated input holds in the machine
    const std::size_t limit = opts.parse.limits.max_document_bytes;
    std::size_t room = std::max<std::size_t>(limit, 1);  // a document may start at p
    if (in_document) {
      if (provisional || to_piece != route::held) return end;
      const std::size_t held_bytes = held.size() + static_cast<std::size_t>(p - run);
      room = limit > held_bytes ? limit - held_bytes : 0;
    }
    return room < static_cast<std::size_t>(end - p) ? p + room : end;
  }

  // The document the machine holds outgrew the hold before it ended: it is
  // streamed provisionally from its first byte, as if it had never been
  // held (the chunk's bytes from `run` on are read again).
  const char* stream_held() noexcept {
    counts.documents = document;  // back to just before the document
    close_document();
    lex = lexer::structure;
    replaying = true;
    return replay_held(document_at_line_start, run);
  }

  // Reads the held bytes through the machine, then goes on at `resume` in
  // the chunk. Every decision depends on the bytes alone, so this leaves the
  // stream exactly where reading them from the start would have.
  const char* replay_held(bool starts_line, const char* resume) noexcept {
    std::swap(held, replay);
    const char* const resume_chunk = chunk;
    const std::size_t resume_offset = chunk_offset;
    const bool resume_after_newline = after_newline;
    chunk = run = replay.view().data();
    chunk_offset = held_offset - opts.base_offset;
    after_newline = starts_line;
    const char* const end = chunk + replay.size();
    for (const char* q = chunk; q < end && !stopped;) q = step(q, end);
    if (!stopped) flush(end);
    replay.clear();
    chunk = resume_chunk;
    chunk_offset = resume_offset;
    after_newline = resume_after_newline;
    run = resume;
    return resume;
  }

  bool feed(std::string_view bytes, const sink& s) noexcept {
    if (stopped) return false;
    to = &s;
    counts.bytes += bytes.size();
    while (bom_check && !bytes.empty()) {
      if (bytes.front() != bom[bom_matched]) {
        end_bom_check();
        break;
      }
      bom_bytes[bom_matched++] = bytes.front();
      bytes.remove_prefix(1);
      if (bom_matched == 3) {  // a BOM, accepted: skipped
        bom_check = false;
        chunk_offset += 3;
      }
    }
    scan(bytes);
    return !stopped;
  }

  // A partial BOM was ordinary bytes after all.
  void end_bom_check() noexcept {
    bom_check = false;
    scan({bom_bytes.data(), bom_matched});
  }

  bool finish(const sink& s) noexcept {
    if (stopped) return false;
    to = &s;
    if (bom_check) end_bom_check();
    if (holding()) {
      end_hold();
    } else {
      chunk = run = &nothing;
      if (lex == lexer::misplaced) misplaced_end(chunk);
      if (lex == lexer::scalar) {
        lex = lexer::structure;
        value_done(chunk);
      }
      if (in_document) {
        const bool in_string = lex == lexer::string || lex == lexer::escape;
        abandon(locate(frame_error(in_string ? error_code::unclosed_string : error_code::truncated,
                                   offset(chunk))));
      } else if (verdict_pending) {
        give_verdict();
      }
      lex = lexer::structure;
      chunk = run = nullptr;
    }
    if (single() && counts.documents == 0 && counts.errors == 0)
      report(detail::make_error(error_code::empty_document, opts.base_offset), true);
    return !stopped;
  }
};

stream::stream(const stream_options& opts) noexcept : impl_(new (std::nothrow) impl(opts)) {}
stream::~stream() {
  delete impl_;
}
stream::stream(stream&& other) noexcept : impl_(std::exchange(other.impl_, nullptr)) {}
stream& stream::operator=(stream&& other) noexcept {
  if (this != &other) {
    delete impl_;
    impl_ = std::exchange(other.impl_, nullptr);
  }
  return *this;
}

void stream::reset(std::size_t base_offset, bool at_input_start) noexcept {
  if (impl_ == nullptr) return;
  stream_options opts = impl_->opts;
  opts.base_offset = base_offset;
  opts.at_input_start = at_input_start;
  impl_->start(opts);
}

bool stream::feed_to(std::string_view bytes, const sink& to) noexcept {
  if (impl_ == nullptr || impl_->core.impl_ == nullptr) {
    to.error(to.context, detail::make_error(error_code::out_of_memory, 0), {0, 0, true});
    return false;
  }
  return impl_->feed(bytes, to);
}

bool stream::finish_to(const sink& to) noexcept {
  if (impl_ == nullptr || impl_->core.impl_ == nullptr) return false;
  return impl_->finish(to);
}

bool stream::between_documents() const noexcept {
  if (impl_ == nullptr) return true;
  const impl& s = *impl_;
  if (s.holding()) {
    const std::string_view held = s.held.view();
    return std::all_of(held.begin(), held.end(), detail::is_whitespace);
  }
  return !s.in_document && !s.verdict_pending;
}

stream_counts stream::counts() const noexcept {
  return impl_ != nullptr ? impl_->counts : stream_counts{};
}

std::size_t stream::buffered_high_water() const noexcept {
  return impl_ != nullptr ? impl_->high_water : 0;
}

std::size_t stream::buffer_capacity() const noexcept {
  if (impl_ == nullptr) return 0;
  return impl_->element.capacity() + impl_->held.capacity() + impl_->replay.capacity();
}

}  // namespace jwkview
