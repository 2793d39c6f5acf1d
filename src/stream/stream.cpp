// The stream's policy: which bytes make a document or a piece of one, when
// its keys are delivered, where offsets and paths point, and where reading
// goes on after an error. The splitter (splitter.hpp) gives it the
// structural index of the input, run by run; this file reads the entries,
// and the walk reads the same entries (it never indexes a byte again).
//
// A document is held whole up to limits::max_document_bytes; when it and the
// rest of its line are read, it is walked once, its keys and key errors kept
// (withheld.hpp), and delivered only if it did not fail. A document that
// lies in one run is read where it lies; otherwise its bytes and entries are
// copied into `held` as runs end. A JSON Lines record ends with its line and
// a single document with the input, so those are only copied (or read in
// place) and indexed when parsed.
//
// Where documents and elements end, and where a document breaks, the
// machine finds from the entries: the root container, the "jwks" object and
// a streamed key array member by member (names, ':' and ','), any other
// nested value for its brackets only. In a run that stage 1 accepted whole,
// the walk of an element or of a held document finds its end itself (an
// index that runs on), and the machine only steps past it; where the walk
// does not settle, the machine reads the value. When the machine meets
// something no JSON can have there, the parser's syntax locator names the
// problem from the bytes read so far.
//
// A document that outgrows the hold is streamed provisionally from its
// first byte: read again from its start (its held bytes replayed), with
// each element of its key array parsed as soon as it closes, and the rest
// of it (`held`, with "[]" in place of the streamed array) parsed whole when
// it ends; offsets past that splice are shifted back when reported. The
// machine makes the same decisions whether a document is held or streamed,
// and every decision depends on the bytes alone, so chunking cannot change
// what is reported.
#include "jwkview/stream.hpp"
#include "error_access.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>
#include <limits>
#include <new>
#include <utility>

#include "json/syntax_locator.hpp"
#include "jwk/parser_impl.hpp"
#include "stream/line_starts.hpp"
#include "stream/piece.hpp"
#include "stream/splitter.hpp"
#include "stream/withheld.hpp"

namespace jwkview {
namespace {

enum class lexer : std::uint8_t {
  structure,  // entries read one by one
  body,       // inside a nested value the machine need not interpret
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

// What can open a JSON text: in concatenated input, such a byte after a
// document on its line starts the next document; any other is trailing.
constexpr bool starts_value(char c) noexcept {
  return c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' ||
         c == 'f' || c == 'n';
}

constexpr char bom[3] = {'\xEF', '\xBB', '\xBF'};

// A stream's sets have no size (stream.hpp): max_keys does not apply to
// the documents it holds whole either.
options without_key_limit(options o) noexcept {
  o.limits.max_keys = std::numeric_limits<std::size_t>::max();
  return o;
}

// A token the machine reads: its first byte, the entries before it, and
// the entries up to its end (one more, unless stage 1 counts the token as
// part of the one before: a quote right after a scalar's bytes).
struct token {
  const char* at;
  std::uint32_t before;
  std::uint32_t through;
};

}  // namespace

// Hidden, though nested in an exported class (as is parser::impl).
struct __attribute__((visibility("hidden"))) stream::impl {
  explicit impl(const stream_options& o) noexcept : opts(o), engine(without_key_limit(o.parse)) {
    start(o);
  }

  stream_options opts;
  detail::parse_engine engine;
  detail::splitter split;
  detail::piece element;
  detail::piece held;
  detail::piece replay;  // a held document being streamed from its start
  std::size_t high_water = 0;
  stream_counts counts{};
  const detail::stream_sink* to = nullptr;

  detail::withheld held_keys;  // a held document's, until it is known to be well-formed

  // Input position.
  const detail::indexed_run* cur = nullptr;  // the run being read
  std::size_t cursor = 0;                    // stream position where reading goes on
  std::size_t fed = 0;                       // stream position just past the bytes fed
  std::size_t bom_matched = 0;
  const char* token_end = nullptr;  // just past the last token read (whitespace follows)
  const char* resume = nullptr;     // where skipping starts, when not token_end
  bool again = false;               // read the same token again
  bool verdict_ready = false;  // the pending document was walked where it lies: held_keys has it
  bool rewind = false;         // the held document goes provisional: read it again
  std::uint32_t jump = 0;      // the next entry to read, past a value walked whole
  // The run's index as the walk of a value that lies in it takes it, with
  // the run's search for backslashes.
  detail::given_index run_index{};
  const char* cut_from = nullptr;  // no line-start '{' or '[' in [cut_from, cut_at)
  const char* cut_at = nullptr;

  // The bytes of the piece `to_piece` that are not in its buffer yet: from
  // run_from (entry run_entry); in place: the whole piece, up to run_upto.
  const char* run_from = nullptr;
  const char* run_upto = nullptr;
  std::uint32_t run_entry = 0;
  bool in_place = false;
  bool piece_indexed = true;  // the piece starts at an entry of its own
  // A held document awaiting its verdict where it lies in the run.
  const char* pending_from = nullptr;
  const char* pending_upto = nullptr;
  std::uint32_t pending_entry = 0;
  std::uint32_t pending_through = 0;
  bool pending_in_place = false;
  bool pending_indexed = true;
  bool document_in_run = false;      // the held document started in this run
  std::uint32_t document_entry = 0;  // its first entry in the run
  // Its first byte when that is a quote glued to a scalar (no entry of its own).
  const char* document_glued = nullptr;

  // Structure of the open document.
  std::array<std::uint64_t, 17> object_bits{};  // bit d: container at depth d is an object
  std::uint32_t depth = 0;                      // containers open
  std::uint32_t body_depth = 0;                 // depth of the container the body scan started in

  // Documents and pieces.
  std::size_t last_end = 0;  // just past the last byte that was not whitespace
  std::size_t document = 0;
  std::size_t document_keys = 0;
  std::size_t document_offset = 0;
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
  set_shape shape = set_shape::none;    // of the document, once known
  std::array<wrapper_name, 3> names{};  // current member name at depths 1 and 2
  std::array<char, 3> bom_bytes{};
  bool stopped = false;
  bool after_newline = true;  // the last byte fed was '\n' (or there was none)
  bool bom_check = false;
  bool in_string = false;  // the input ended inside a string
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
  bool ended = false;             // an error ended the document
  bool block_ends_input = false;  // the block scan() reads ends the input (finish with bytes)

  void start(const stream_options& o) noexcept {
    opts = o;
    counts = {};
    fed = cursor = 0;
    stopped = false;
    after_newline = true;
    bom_matched = 0;
    bom_check = o.at_input_start && o.parse.accept_bom;
    lex = lexer::structure;
    line_done = in_string = false;
    last_end = o.base_offset;
    document = document_keys = document_offset = 0;
    // What a document of the last input left, which events of this one name
    // (place()) or which a read that stopped midway left set.
    ended = provisional = rewind = replay_pending = again = document_in_run = false;
    shape = set_shape::none;
    verdict_pending = verdict_ready = replaying = streaming = false;
    pending_in_place = false;
    held.clear();
    replay.clear();
    split.clear();
    close_document();
  }

  [[nodiscard]] bool single() const noexcept {
    return opts.format == input_format::single_document;
  }
  // Stream offset of p, a byte of the run being read.
  [[nodiscard]] std::size_t offset(const char* p) const noexcept {
    return opts.base_offset + cur->position + static_cast<std::size_t>(p - cur->base);
  }
  [[nodiscard]] std::size_t position(const char* p) const noexcept {
    return cur->position + static_cast<std::size_t>(p - cur->base);
  }
  [[nodiscard]] bool object_at(std::uint32_t d) const noexcept {
    return ((object_bits[d / 64] >> (d % 64)) & 1U) != 0;
  }
  [[nodiscard]] std::size_t hold_limit() const noexcept {
    return held_offset + opts.parse.limits.max_document_bytes;
  }
  // A held document is open that may still outgrow the hold.
  [[nodiscard]] bool holding_document() const noexcept {
    return in_document && to_piece == route::held && !provisional;
  }

  // --- routing bytes into pieces ----------------------------------------

  // The piece `r` starts at t: in place until the run ends.
  void start_piece(route r, const token& t) noexcept {
    to_piece = r;
    run_from = run_upto = t.at;
    run_entry = t.before;
    in_place = r == route::element || !provisional;
    piece_indexed = t.before != t.through;
    if (r == route::element) element.clear();
  }

  // Sends [run_from, upto) (entries up to `through`) to the piece being read.
  void flush(const char* upto, std::uint32_t through) noexcept {
    if (to_piece == route::element && !element_dropped) {
      keep(element, element_dropped, element_offset, true, upto, through);
    } else if (to_piece == route::held && !held_dropped) {
      keep(held, held_dropped, held_offset, false, upto, through);
    }
    if (in_place) {
      run_upto = upto;
    } else {
      run_from = upto;
      run_entry = through;
    }
  }

  void keep(detail::piece& piece, bool& dropped, std::size_t piece_offset, bool is_element,
            const char* upto, std::uint32_t through) noexcept {
    const auto n = static_cast<std::size_t>(upto - run_from);
    const bool too_large = piece.size() + n > opts.parse.limits.max_document_bytes;
    if (too_large || (!in_place && !append(piece, run_from, upto, run_entry, through))) {
      dropped = true;
      in_place = false;
      const error e =
          piece_error(too_large ? error_code::document_too_large : error_code::out_of_memory,
                      piece_offset, is_element);
      report(e, !is_element);
      return;
    }
    high_water = std::max(high_water, element.size() + held.size());
  }

  bool append(detail::piece& piece, const char* from, const char* upto, std::uint32_t first,
              std::uint32_t through) noexcept {
    if (!piece.append(*cur, from, upto, first, through)) return false;
    if (!piece_indexed) piece.unindexed();
    return true;
  }

  // The run ends: what lies in place is copied.
  void run_done() noexcept {
    in_place = false;
    if (to_piece != route::none) flush(cur->base + cur->end, cur->count);
    if (verdict_pending && pending_in_place && block_ends_input &&
        cur->position + cur->end == fed) {
      // The input ends with this run, so nothing can change the verdict,
      // and the caller's bytes are still at hand: no copy.
      give_verdict();
    } else if (verdict_pending && pending_in_place) {
      // Its bytes are the caller's, who takes them back: they are copied,
      // and the keys of a document walked where it lay view the copy.
      held.clear();
      piece_indexed = pending_indexed;
      // A document walked already needs no index: only a consumer that
      // stops early has it walked again (warnings_until), and stage 1 runs then.
      const bool copied =
          verdict_ready
              ? held.append(pending_from, static_cast<std::size_t>(pending_upto - pending_from))
              : append(held, pending_from, pending_upto, pending_entry, pending_through);
      if (!copied) {
        verdict_pending = verdict_ready = false;
        report(detail::make_error(error_code::out_of_memory, held_offset), true);
      } else if (verdict_ready) {
        held_keys.move_views(pending_from, pending_upto, held.view().data());
      }
      high_water = std::max(high_water, element.size() + held.size());
      pending_in_place = false;
    }
    document_in_run = false;
  }

  // The bytes of a piece and the index the parser may use for them.
  struct piece_text {
    std::string_view text;
    detail::given_index* index;
  };
  detail::given_index in_place_index{};

  piece_text place(const char* from, const char* upto, std::uint32_t first, std::uint32_t through,
                   bool indexed) noexcept {
    const std::string_view text(from, static_cast<std::size_t>(upto - from));
    // The entry after the piece stands for its end: only whitespace between.
    const char* next = cur->at(through);
    bool usable = indexed && cur->verified && !(cur->open_string && through == cur->count);
    for (const char* p = upto; usable && p < next; ++p) usable = detail::is_whitespace(*p);
    if (!usable) return {text, nullptr};
    in_place_index = {cur->base, cur->entries + first, through - first};
    return {text, &in_place_index};
  }

  piece_text piece_of(detail::piece& piece, const char* upto, std::uint32_t through) noexcept {
    if (!in_place) return {piece.view(), piece.index()};
    (void)piece.reserve(static_cast<std::size_t>(upto - run_from), through - run_entry);
    return place(run_from, upto, run_entry, through, piece_indexed);
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

  // A document ends once: a provisional one whose rest outgrew the hold
  // ended then (document_too_large), and the machine reads on to its end
  // only to know where the next one starts.
  void report(const error& e, bool ends_document) noexcept {
    if (ends_document && std::exchange(ended, true)) return;
    ++counts.errors;
    to->error(to->context, e, place(ends_document));
  }

  static void deliver_error(void* context, const error& e) noexcept {
    static_cast<impl*>(context)->report(e, false);
  }

  static next deliver(void* context, const key& k) noexcept {
    auto& self = *static_cast<impl*>(context);
    return self.deliver_key(k);
  }

  next deliver_key(const key& k) noexcept {
    const stream_place at = place();
    ++document_keys;
    ++counts.keys;
    if (to->key(to->context, k, at) == next::stop) stopped = true;
    return stopped ? next::stop : next::go;
  }

  // The next document's number; it is streamed provisionally if it is a
  // held one being replayed.
  void number_document() noexcept {
    document = counts.documents++;
    document_keys = 0;
    ended = false;
    shape = set_shape::none;
    provisional = std::exchange(replaying, false);
  }

  // The machine finds a document starting at p, held from there.
  void begin_document(const char* p) noexcept {
    number_document();
    document_offset = offset(p);
    in_document = true;
    document_at_line_start = cur->starts_line(p);
    held.clear();
  }

  void close_document() noexcept {
    in_document = false;
    expect = expecting::document;
    depth = 0;
    to_piece = route::none;
    in_place = false;
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
  error parse_piece(std::string_view piece, detail::walk_mode mode, const detail::piece_info& info,
                    detail::given_index* index) noexcept {
    detail::key_output out = engine.output();
    out.sink = {&impl::deliver, this};
    out.on_error = {&impl::deliver_error, this};
    error failure;
    engine.run(piece, mode, out, failure, info, index);
    // Warnings belong to keys already delivered; a failed piece has none.
    if (!failure) deliver_warnings(out.warnings_stored);
    return failure;
  }

  void deliver_warnings(std::size_t stored) noexcept {
    for (std::size_t i = 0; i < stored; ++i) {
      to->warning(to->context, engine.warnings[i], place());
    }
  }

  // The document failure of a held document, delivering nothing; learns
  // its shape.
  error check_held(const piece_text& document_bytes) noexcept {
    detail::key_output out = engine.output();
    out.sink = {[](void*, const key&) noexcept { return next::go; }, nullptr};
    error failure;
    shape = engine
                .run(document_bytes.text, detail::walk_mode::key_set, out, failure, held_info(),
                     document_bytes.index)
                .shape;
    return failure;
  }

  void parse_element(const char* upto, std::uint32_t through) noexcept {
    if (element_dropped) return;
    std::array<detail::path_step, 3> prefix{};
    std::copy_n(set_prefix.begin(), set_prefix_size, prefix.begin());
    prefix[set_prefix_size] = {{}, element_index, true};
    const piece_text piece = piece_of(element, upto, through);
    const error failure = parse_piece(piece.text, detail::walk_mode::set_element,
                                      {.is_piece = true,
                                       .depth_base = set_depth,
                                       .offset_base = element_offset,
                                       .prefix = {prefix.data(), set_prefix_size + 1},
                                       .element_index = element_index},
                                      piece.index);
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

  // A held document is read whole, with the rest of its line, and parsed
  // once; its keys and key errors are kept until the walk ends, and
  // delivered if it did not fail. A failed document delivers only its
  // failure, with keys_before 0.
  error verdict(const piece_text& document_bytes) noexcept {
    const error failure =
        std::exchange(verdict_ready, false)
            ? error{}
            : held_keys.walk(engine, document_bytes.text, held_info(), document_bytes.index);
    shape = held_keys.shape();
    if (failure) {
      report(failure, true);
      return failure;
    }
    const std::size_t delivered = held_keys.deliver([this](const key& k) { return deliver_key(k); },
                                                    [this](const error& e) { report(e, false); });
    // After a stop, only the warnings of the keys up to it: those a walk
    // that stopped there stores.
    deliver_warnings(delivered < held_keys.keys() ? detail::withheld::warnings_until(
                                                        engine, document_bytes.text, held_info(),
                                                        document_bytes.index, delivered)
                                                  : held_keys.warnings());
    return failure;
  }

  // The held document awaiting its verdict.
  piece_text pending_document() noexcept {
    if (pending_in_place) {
      (void)held.reserve(static_cast<std::size_t>(pending_upto - pending_from),
                         pending_through - pending_entry);
      return place(pending_from, pending_upto, pending_entry, pending_through, pending_indexed);
    }
    return {held.view(), held.index()};
  }

  // The machine's held document; after a syntax or limit failure the
  // stream skips on as after any syntax error.
  void give_verdict() noexcept {
    verdict_pending = false;
    const piece_text document_bytes = pending_document();
    pending_in_place = false;
    if (breaks(verdict(document_bytes))) lex = single() ? lexer::ignoring : lexer::skipping;
  }

  static bool breaks(const error& failure) noexcept {
    return failure.cls() == error_class::syntax || failure.cls() == error_class::limit;
  }

  // A provisional document's wrapper, after its streamed keys.
  void parse_held() noexcept {
    if (!held_dropped) {
      // Key errors of a held document never involve the splice: a wrapper
      // whose array was streamed delivers no key of its own.
      const error failure =
          parse_piece(held.view(), detail::walk_mode::key_set, held_info(), held.index());
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
    const auto located = [&](const detail::piece& piece) {
      std::string_view bytes =
          in_place ? std::string_view(run_from, static_cast<std::size_t>(run_upto - run_from))
                   : piece.view();
      while (trim && !bytes.empty() && detail::is_whitespace(bytes.back())) bytes.remove_suffix(1);
      return bytes;
    };
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
        return detail::parse_engine::in_piece(relative,
                                              {.is_piece = true,
                                               .offset_base = element_offset,
                                               .prefix = {prefix.data(), set_prefix_size + 1}});
    } else if (to_piece == route::held && !held_dropped) {
      const error relative = detail::locate_syntax_error(
          located(held), lim,
          held_starts_input() ? detail::leading_bom::refused : detail::leading_bom::ordinary,
          frames);
      if (relative)
        return unsplice(detail::parse_engine::in_piece(
            relative, {.is_piece = true, .offset_base = held_offset}));
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
    detail::set_message(e, m.view());
    const bool in_value = expect == expecting::value || expect == expecting::value_or_close;
    if (in_value) {
      append_element_path(e, element_index);
    } else {
      for (std::size_t i = 0; i < set_prefix_size; ++i) detail::append_name(e, set_prefix[i].name);
    }
    return e;
  }

  // A byte that cannot come at t. A '{' or '[' opening a line ends the
  // open document before that line (an NDJSON record cut short), and is
  // read again.
  void fail(const token& t) noexcept {
    const char* p = t.at;
    const bool cut = opts.format == input_format::concatenated && cur->starts_line(p) &&
                     (*p == '{' || *p == '[');
    const char* upto = cut ? p : p + 1;
    if (!in_document) begin_document(p);  // a stray byte is a broken document of its own
    if (!cut && static_cast<unsigned char>(*p) >= 0x80) return misplaced(t);
    flush(upto, cut ? t.before : t.through);
    abandon(cut ? locate(frame_error(error_code::truncated, last_end), true)
                : locate(frame_error(error_code::unexpected_character, offset(p), p)));
    resume = p + 1;
    if (cut && lex != lexer::ignoring) {
      lex = lexer::structure;
      again = true;
    }
  }

  // A byte >= 0x80 where JSON needs structure is invalid_utf8 or a misplaced
  // character (unexpected_character), which the bytes after it decide. The
  // path is the one the locator gives for the input ending just before it.
  void misplaced(const token& t) noexcept {
    const char* p = t.at;
    const std::size_t length = sequence_length(*p);
    const char* end = cur->base + cur->size;
    const char* q = sequence_end(p);
    const auto size = static_cast<std::size_t>(q - p);
    // The last byte the sequence's end was seen at.
    if (outgrows(size == length || q == end ? q - 1 : q)) return;
    flush(p, t.before);
    const std::size_t at = offset(p);
    error e = locate(frame_error(error_code::truncated, at));
    to_piece = route::none;  // the piece is complete for the locator
    in_place = false;
    if (e.code == error_code::truncated && e.offset == at) {
      const bool valid = size == length && detail::utf8_sequence_length(p, q) == size;
      e.code = valid ? error_code::unexpected_character : error_code::invalid_utf8;
      detail::set_message(e, valid ? "a non-ASCII character where JSON needs structure"
                                   : "a byte sequence that is not UTF-8");
    }
    abandon(e);
    resume = q;
  }

  // More than whitespace after a document on its line (after the one
  // document of a single-document input): the document is refused, or, if
  // it was streamed, ends with this error.
  void trailing(const char* p) noexcept {
    error e = detail::make_error(error_code::trailing_content, offset(p));
    detail::message m;
    m.byte(*p) << " after the end of the document; only whitespace may follow it on its line";
    detail::set_message(e, m.view());
    if (verdict_pending) {
      // As parse_set reads a document and what follows it: the locator's
      // errors (syntax, depth, string length) come in document order, so
      // the document's own come first; any other failure comes after them.
      verdict_pending = false;
      const bool walked = std::exchange(verdict_ready, false);
      const error failure = walked ? error{} : check_held(pending_document());
      if (walked) shape = held_keys.shape();
      pending_in_place = false;
      if (failure.cls() == error_class::syntax || failure.code == error_code::too_deep ||
          failure.code == error_code::string_too_long)
        e = failure;
    }
    report(e, true);
    lex = single() ? lexer::ignoring : lexer::skipping;
    resume = p + 1;
  }

  // json_lines: the line ends at p while its document is open.
  void line_break(const char* p) noexcept {
    flush(p, cur->count);
    abandon(locate(frame_error(error_code::truncated, last_end), true));
    lex = lexer::structure;
  }

  // --- the structure machine --------------------------------------------

  void value_done(const char* end, std::uint32_t through) noexcept {
    if (depth == 0) {
      if (to_piece == route::held) {
        flush(end, through);
        if (provisional) {
          parse_held();
        } else {
          verdict_pending = !held_dropped;  // a dropped one is reported already
          pending_in_place = in_place;
          if (in_place) {
            pending_from = run_from;
            pending_upto = end;
            pending_entry = run_entry;
            pending_through = through;
            pending_indexed = piece_indexed;
          }
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
      flush(end, through);
      parse_element(end, through);
      if (!in_document) return;  // the element abandoned its document
      to_piece = route::none;
      in_place = false;
      ++element_index;
    }
  }

  // Whether the string t opens runs to the end of the bytes at hand: the
  // input ends in it, or the run leaves it for later.
  [[nodiscard]] bool open_string(const token& t) const noexcept {
    return t.through > cur->count || (cur->open_string && t.through == cur->count);
  }

  // The closing quote of the string the token at t opens, or nullptr when
  // it runs to the end of the bytes at hand.
  [[nodiscard]] const char* string_end(const token& t) const noexcept {
    if (t.before != t.through) {
      if (open_string(t)) return nullptr;
      const char* q = cur->at(t.through);
      while (q[-1] != '"') --q;
      return q - 1;
    }
    return glued_string_end(t.at, cur->at(t.through));
  }

  // The closing quote of the string a quote glued to a scalar opens (stage
  // 1 counts that quote as part of the scalar): the next quote before
  // `limit` (the next entry, or the end of the input) that is not escaped,
  // or nullptr.
  [[nodiscard]] static const char* glued_string_end(const char* quote, const char* limit) noexcept {
    for (const char* q = quote + 1;; ++q) {
      q = static_cast<const char*>(std::memchr(q, '"', static_cast<std::size_t>(limit - q)));
      if (q == nullptr) return nullptr;
      std::size_t backslashes = 0;
      while (q[-1 - static_cast<std::ptrdiff_t>(backslashes)] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return q;
    }
  }

  // A line feed inside the string from t to `close` (nullptr: the end),
  // which ends a JSON Lines record and breaks a concatenated document;
  // stage 1 saw none in a verified run.
  [[nodiscard]] const char* newline_in_string(const token& t, const char* close) const noexcept {
    if (single() || (cur->verified && close != nullptr)) return nullptr;
    const char* end = close != nullptr ? close : cur->base + cur->size;
    return static_cast<const char*>(std::memchr(t.at, '\n', static_cast<std::size_t>(end - t.at)));
  }

  // Whether the machine, reading the byte at p, finds that the held
  // document went past the hold while open: it is then read again.
  bool outgrows(const char* p) noexcept {
    if (!holding_document() || offset(p) < hold_limit()) return false;
    rewind = true;
    return true;
  }

  // A string: a name, or a value.
  void string(const token& t, bool is_name) noexcept {
    const char* close = string_end(t);
    // A quote glued to a scalar opens a string that the SIMD kernels follow:
    // it closes before the next token, or runs to the end of the input. The
    // fallback kernel does not follow it, and where no quote closes it
    // before the next token, it is a stray byte, whatever the chunks (the
    // splitter settles such a scalar only with the token after it known: an
    // entry of the run, or the token the run leaves pending).
    if (close == nullptr && t.before == t.through && (t.through < cur->count || cur->pending))
      return fail(t);
    if (const char* nl = newline_in_string(t, close); nl != nullptr) {
      if (outgrows(nl)) return;
      return fail({nl, t.before, t.through});
    }
    if (close == nullptr) {
      in_string = true;
      token_end = cur->base + cur->end;
      return;
    }
    if (outgrows(close)) return;
    token_end = close + 1;
    last_end = offset(close) + 1;
    if (!is_name) return value_done(close + 1, t.through);
    if (to_piece == route::held && root_object && !held_dropped &&
        (depth == 1 || (depth == 2 && jwks_open))) {
      // The wrapper of a streamed document up to here counts toward the
      // hold: a name past it is not read for the shape.
      if (provisional) flush(close, t.through);
      if (!held_dropped) name_done(t.at + 1, close);
    }
    expect = expecting::colon;
  }

  // The member name [from, to), read for the wrapper's shape.
  void name_done(const char* from, const char* upto) noexcept {
    const std::string_view raw(from, static_cast<std::size_t>(upto - from));
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

  // A scalar: it ends at the first byte that cannot be part of one.
  void scalar(const token& t) noexcept {
    const char* limit = cur->at(t.through);
    const char* q = detail::scalar_end(t.at + 1, limit);
    // A scalar the input ends in ends there, not at a byte the machine reads.
    // Any other ends at a byte at hand, settled or not: a run that ends
    // with a pending token must not skip the hold's check (chunk
    // boundaries never change the events).
    if (q < cur->base + cur->size && outgrows(q)) return;
    token_end = q;
    last_end = offset(q);
    value_done(q, t.through);
    // A quote right after the scalar, which stage 1 counts as part of it.
    if (q < limit && *q == '"' && lex == lexer::structure && !stopped) {
      resume = nullptr;
      structure({q, t.through, t.through});
    }
  }

  void value_start(const token& t) noexcept {
    const char c = *t.at;
    if (depth == 0) {
      if (c == '[') set_depth = 1;
      if (!provisional && c != '"' && walk_document(t)) return;
      if (c == '[' && provisional) shape = set_shape::array;
      if (c != '[' || !provisional) {
        start_piece(route::held, t);
        held_offset = offset(t.at);
        root_object = c == '{';
        document_in_run = true;
        document_entry = t.before;
        document_glued = t.before == t.through ? t.at : nullptr;
      }
    } else if (to_piece == route::none && depth == set_depth) {
      if (c == '{' && walk_element(t)) return;
      start_piece(route::element, t);
      element_offset = offset(t.at);
      element_dropped = false;
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
      if (!open_container(c == '{')) return fail(t);
      if (depth < names.size()) names[depth] = wrapper_name::other;
      expect = c == '{' ? expecting::name_or_close : expecting::value_or_close;
      token_end = t.at + 1;
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
        flush(t.at + 1, t.through);  // held keeps the '['
        // The wrapper's members so far were only scanned: a syntax error in
        // them comes before any key, so it must be found before any key.
        if (const error e = head_error(); e) {
          abandon(e);
          run_from = t.at + 1;
          return;
        }
        streamed = true;
        shape = set_prefix_size == 1 ? set_shape::keys_object : set_shape::jwks_object;
        set_depth = depth;
        element_index = 0;
        splice_at = held.size();
        splice_offset = offset(t.at + 1);
        to_piece = route::none;
      }
      return;
    }
    if (c == '"') return string(t, false);
    scalar(t);
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

  void close(const token& t) noexcept {
    const bool is_object = *t.at == '}';
    const bool empty_ok =
        expect == (is_object ? expecting::name_or_close : expecting::value_or_close);
    if (depth == 0 || object_at(depth) != is_object ||
        !(expect == expecting::comma_or_close || empty_ok))
      return fail(t);
    if (depth == set_depth && to_piece == route::none && depth > 1) {
      // The streamed array ends: held takes the rest of the wrapper, "]" first.
      splice_length = offset(t.at) - splice_offset;
      to_piece = route::held;
      run_from = t.at;
      run_entry = t.before;
      set_depth = 0;
    }
    if (jwks_open && depth == 2 && is_object) jwks_open = false;
    --depth;
    token_end = t.at + 1;
    value_done(t.at + 1, t.through);
  }

  // A token where the machine reads structure.
  void structure(const token& t) noexcept {
    const char c = *t.at;
    last_end = offset(t.at) + 1;
    if (expect == expecting::document && (single() ? counts.documents != 0 : line_done)) {
      if (opts.format != input_format::concatenated || !starts_value(c)) return trailing(t.at);
      if (verdict_pending) {  // the next document starts on the same line
        give_verdict();
        if (lex != lexer::structure) {
          resume = t.at;
          return;
        }
      }
    }
    switch (c) {
      case '"':
        if (expect == expecting::name || expect == expecting::name_or_close) return string(t, true);
        break;
      case '}':
      case ']':
        return close(t);
      case ':':
        if (expect != expecting::colon) return fail(t);
        expect = expecting::value;
        token_end = t.at + 1;
        return;
      case ',':
        if (expect != expecting::comma_or_close) return fail(t);
        expect = object_at(depth) ? expecting::name : expecting::value;
        token_end = t.at + 1;
        return;
      default:
        break;
    }
    if (expect == expecting::document) {
      begin_document(t.at);
      return value_start(t);
    }
    if (expect == expecting::value || expect == expecting::value_or_close) return value_start(t);
    fail(t);
  }

  // A token inside a nested value: brackets are followed, nothing else is
  // checked (the parser reads the piece whole). A '{' or '[' opening a line
  // still starts a new document in concatenated input.
  void body(const token& t) noexcept {
    const char c = *t.at;
    if (c == '{' || c == '[') {
      if (opts.format == input_format::concatenated && cur->starts_line(t.at)) return fail(t);
      if (!open_container(c == '{')) return fail(t);
      return;
    }
    if (c == '}' || c == ']') {
      if (object_at(depth) != (c == '}')) return fail(t);
      if (--depth >= body_depth) return;
      lex = lexer::structure;
      token_end = t.at + 1;
      value_done(t.at + 1, t.through);
      return;
    }
    if (c == ',' || c == ':') return;
    // Strings (and quotes inside scalars): a line feed in one breaks the
    // record; the input may end in one.
    const bool open = open_string(t);
    if (!single() && (!cur->verified || open)) {
      std::size_t n = (open ? cur->size : cur->entries[t.through]) - cur->entries[t.before];
      while (!open && n > 0 && detail::is_whitespace(t.at[n - 1])) --n;
      const auto* nl = static_cast<const char*>(std::memchr(t.at, '\n', n));
      if (nl != nullptr && !outgrows(nl)) return fail({nl, t.before, t.through});
      if (nl != nullptr) return;
    }
    if (open) in_string = true;
  }

  // --- values the walk reads where they lie -----------------------------
  //
  // In a run that stage 1 accepted whole, the walk of a value finds the
  // value's end itself, and the machine need not read the value's entries:
  // an element of a streamed array, or a held document. Where the machine
  // would have decided otherwise (a syntax error, a limit, a line that
  // starts with '{' or '[' inside the value in concatenated input), the
  // walk does not settle, nothing of it was delivered, and the machine
  // reads the value as usual.

  // The first '{' or '[' at the start of a line in [from, the run's end).
  const char* next_cut(const char* from) noexcept {
    if (cut_from != nullptr && cut_from <= from && from <= cut_at) return cut_at;
    cut_from = from;
    cut_at = detail::find_line_start_bracket(from, cur->base + cur->end);
    return cut_at;
  }

  // The run's index from t on, for the walk of the value at t: in
  // concatenated input it stops before a cut (next_cut).
  detail::given_index index_from(const token& t) noexcept {
    detail::given_index given = run_index;
    given.offsets = cur->entries + t.before;
    std::uint32_t end = cur->count;
    if (opts.format == input_format::concatenated) {
      const auto cut = static_cast<std::uint32_t>(next_cut(t.at + 1) - cur->base);
      end = static_cast<std::uint32_t>(
          std::lower_bound(cur->entries + t.through, cur->entries + cur->count, cut) -
          cur->entries);
    }
    given.count = end - t.before;
    return given;
  }

  // An element of a streamed array, parsed where it lies; false when the
  // machine must read it.
  bool walk_element(const token& t) noexcept {
    const char* end = cur->base + cur->end;
    if (!cur->verified || t.before == t.through ||
        static_cast<std::size_t>(end - t.at) > opts.parse.limits.max_document_bytes)
      return false;
    detail::given_index given = index_from(t);
    std::array<detail::path_step, 3> prefix{};
    std::copy_n(set_prefix.begin(), set_prefix_size, prefix.begin());
    prefix[set_prefix_size] = {{}, element_index, true};
    detail::key_output out = engine.output();
    out.sink = {&impl::deliver, this};
    out.on_error = {&impl::deliver_error, this};
    error failure;
    const detail::walk_result walked = engine.run({t.at, static_cast<std::size_t>(end - t.at)},
                                                  detail::walk_mode::set_element, out, failure,
                                                  {.is_piece = true,
                                                   .depth_base = set_depth,
                                                   .offset_base = offset(t.at),
                                                   .prefix = {prefix.data(), set_prefix_size + 1},
                                                   .element_index = element_index},
                                                  &given);
    run_index.backslash_from = given.backslash_from;
    run_index.backslash = given.backslash;
    if (!walked.settled) return false;
    deliver_warnings(out.warnings_stored);
    const std::uint32_t last = t.before + walked.end - 1;  // its closing bracket
    token_end = cur->at(last) + 1;
    expect = expecting::comma_or_close;
    ++element_index;
    jump = last + 1;
    return true;
  }

  // A held document in concatenated input, walked where it lies: whole,
  // its keys wait in held_keys for the rest of its line.
  bool walk_document(const token& t) noexcept {
    if (!cur->verified || t.before == t.through) return false;
    detail::given_index given = index_from(t);
    held_offset = offset(t.at);
    const char* end = cur->base + cur->end;
    detail::walk_result walked;
    const error failure = held_keys.walk(engine, {t.at, static_cast<std::size_t>(end - t.at)},
                                         held_info(), &given, &walked);
    run_index.backslash_from = given.backslash_from;
    run_index.backslash = given.backslash;
    if (failure || !walked.settled) return false;
    const std::uint32_t last = t.before + walked.end - 1;  // its closing bracket
    const char* document_end = cur->at(last) + 1;
    // Longer than the hold, it is streamed: the machine reads it again.
    if (static_cast<std::size_t>(document_end - t.at) > opts.parse.limits.max_document_bytes)
      return false;
    verdict_pending = verdict_ready = pending_in_place = pending_indexed = true;
    pending_from = t.at;
    pending_upto = document_end;
    pending_entry = t.before;
    pending_through = last + 1;
    close_document();
    line_done = true;
    token_end = document_end;
    last_end = offset(document_end);
    jump = last + 1;
    return true;
  }

  // --- reading runs -----------------------------------------------------

  // Line feeds between documents: the first one after a held document
  // gives its verdict. Returns false when reading stops there.
  bool gap(const char* from, const char* to_byte) noexcept {
    if (opts.format != input_format::concatenated || expect != expecting::document || in_document)
      return true;
    if (!line_done && !verdict_pending) return true;
    const void* nl = std::memchr(from, '\n', static_cast<std::size_t>(to_byte - from));
    if (nl == nullptr) return true;
    line_done = false;
    if (verdict_pending) {
      give_verdict();
      if (lex != lexer::structure) {
        cursor = position(static_cast<const char*>(nl));
        return false;
      }
    }
    return true;
  }

  // Whether the machine left structure to skip or ignore bytes: entries no
  // longer say what comes next, so reading goes on from the bytes, at the
  // cursor this sets.
  bool left_structure() noexcept {
    if (lex != lexer::skipping && lex != lexer::ignoring) return false;
    cursor = position(resume != nullptr ? resume : token_end);
    return true;
  }

  // Reads the entries of run r from entry `first` on; cursor says where
  // reading goes on. `line`: r ends with the line feed of a streamed JSON
  // Lines record. `glued`: a quote glued to a scalar before entry `first`,
  // read first.
  void read_run(const detail::indexed_run& r, std::uint32_t first, bool line,
                const char* glued = nullptr) noexcept {
    cur = &r;
    cursor = r.position + r.end;
    run_from = r.base;
    run_entry = 0;
    token_end = glued != nullptr ? glued : first == 0 ? r.base : r.at(first);
    run_index = {r.base, r.entries, r.count, true, nullptr, nullptr};
    cut_from = cut_at = nullptr;
    if (glued != nullptr) {
      resume = nullptr;
      structure({glued, first, first});
      if (left_structure()) return;
    }
    std::uint32_t i = first;
    while (i < r.count && !stopped) {
      if (lex == lexer::body && r.verified && (i = skim(r, i)) == r.count) break;
      const char* p = r.at(i);
      if (lex == lexer::structure && (!gap(token_end, p) || stopped)) return;
      if (holding_document() && offset(p) >= hold_limit()) return read_again(r, line);
      resume = nullptr;
      again = false;
      const token t{p, i, i + 1};
      if (lex == lexer::structure) {
        structure(t);
      } else {
        body(t);
      }
      if (rewind) return read_again(r, line);
      if (left_structure()) return;
      i = again ? i : jump != 0 ? jump : i + 1;
      jump = 0;
    }
    if (stopped) return;
    if (line) return line_end(r);
    const char* end = r.base + r.end;
    if (lex == lexer::structure && (!gap(token_end, end) || stopped)) return;
    if (r.pending) {
      // The token the run leaves for later may break the document before
      // it is whole.
      resume = nullptr;
      peek({end, r.count, r.count + 1});
      if (rewind) return read_again(r, line);
      if (left_structure()) return;
    }
    // The held document is still open, and more of it is at hand than the
    // hold takes.
    if (holding_document() && open_past_hold(r)) return read_again(r, line);
    run_done();
  }

  // Whether the held document, open at the end of run r, reaches past the
  // hold among the bytes at hand. A pending scalar that a quote ends there
  // (the splitter leaves such a scalar pending: splitter.cpp) ends the
  // document or breaks it at that quote, whatever follows, so the document
  // reaches only as far as the quote, as scalar() will find.
  [[nodiscard]] bool open_past_hold(const detail::indexed_run& r) const noexcept {
    const char* at_hand = r.base + r.size;
    const char* p = r.base + r.end;
    if (r.pending && !detail::is_delimiter(*p)) {
      const char* q = detail::scalar_end(p + 1, at_hand);
      if (q < at_hand && *q == '"') return offset(q) >= hold_limit();
    }
    return offset(at_hand) > hold_limit();
  }

  // A token the run does not settle: what the machine does with the bytes
  // of it at hand, when they alone decide: trailing content, a byte no
  // value may start with, a line feed in a string.
  void peek(const token& t) noexcept {
    const char c = *t.at;
    if (c == '"' && !single() && newline_in_string(t, nullptr) != nullptr) {
      if (lex == lexer::structure) return structure(t);
      return body(t);
    }
    if (lex != lexer::structure) return;
    if (expect == expecting::document && (single() ? counts.documents != 0 : line_done)) {
      if (opts.format != input_format::concatenated || !starts_value(c)) return trailing(t.at);
      if (verdict_pending) {  // the next document starts on the same line
        give_verdict();
        resume = t.at;
      }
      return;
    }
    if (c == '"' && (expect == expecting::name || expect == expecting::name_or_close)) return;
    if (expect == expecting::document || expect == expecting::value ||
        expect == expecting::value_or_close)
      return;
    if (outgrows(t.at)) return;
    // A UTF-8 sequence cut off by the end of the bytes at hand: its end
    // decides between two errors.
    if (static_cast<unsigned char>(c) >= 0x80 && sequence_cut(t.at)) return;
    last_end = offset(t.at) + 1;
    fail(t);
  }

  // The length of a UTF-8 sequence by its first byte.
  static std::size_t sequence_length(char lead) noexcept {
    const auto c = static_cast<unsigned char>(lead);
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  }

  // Where the UTF-8 sequence that starts at p ends: after as many bytes as
  // its first byte says, or at the first byte that cannot continue it, or
  // at the end of the bytes at hand.
  [[nodiscard]] const char* sequence_end(const char* p) const noexcept {
    const std::size_t length = sequence_length(*p);
    const char* end = cur->base + cur->size;
    const char* q = p + 1;
    while (static_cast<std::size_t>(q - p) < length && q < end &&
           (static_cast<unsigned char>(*q) & 0xC0) == 0x80)
      ++q;
    return q;
  }
  [[nodiscard]] bool sequence_cut(const char* p) const noexcept {
    const char* q = sequence_end(p);
    return q == cur->base + cur->size && static_cast<std::size_t>(q - p) < sequence_length(*p);
  }

  // Entries inside a nested value of a run stage 1 accepted, from entry i:
  // only brackets matter there, followed here in a tight loop. A bracket
  // that may break the document (one that starts a line, one too deep, one
  // that does not match, one past the hold), and the one that closes the
  // value, are left to body(): returns the first such entry.
  std::uint32_t skim(const detail::indexed_run& r, std::uint32_t i) noexcept {
    const std::uint32_t n = r.open_string ? r.count - 1 : r.count;
    const std::uint32_t* const entries = r.entries;
    const char* const base = r.base;
    const bool lines = opts.format == input_format::concatenated;
    std::uint32_t past_hold = std::numeric_limits<std::uint32_t>::max();
    if (holding_document()) {
      const std::size_t run_offset = opts.base_offset + r.position;
      past_hold = static_cast<std::uint32_t>(std::min<std::size_t>(
          hold_limit() > run_offset ? hold_limit() - run_offset : 0, past_hold));
    }
    for (; i < n; ++i) {
      const std::uint32_t at = entries[i];
      if (at >= past_hold) break;
      const char c = base[at];
      if ((c | 0x20) == '{') {  // '{' or '['
        if (lines && (at == 0 ? r.line_start : base[at - 1] == '\n')) break;
        if (!open_container(c == '{')) break;  // body() fails it
      } else if ((c | 0x20) == '}') {          // '}' or ']'
        if (object_at(depth) != (c == '}') || depth == body_depth) break;
        --depth;
      }
    }
    return i;
  }

  // The line feed that ends a streamed JSON Lines record: the last byte of r.
  void line_end(const detail::indexed_run& r) noexcept {
    const char* lf = r.base + r.end - 1;
    if (lex == lexer::structure) {
      line_done = false;
      if (in_document) line_break(lf);
    } else {
      line_break(lf);
    }
    end_streamed_line();
  }

  // The held document outgrew the hold: read it again from its first
  // byte, streamed. Nothing of it was reported yet.
  void read_again(const detail::indexed_run& r, bool line) noexcept {
    rewind = false;
    counts.documents = document;  // back to just before the document
    const bool here = document_in_run && held.size() == 0;
    const std::uint32_t first = document_entry;
    replay_at = held_offset - opts.base_offset;
    replay_line_start = document_at_line_start;
    close_document();
    lex = lexer::structure;
    replaying = true;
    // It started in this run: the run is read again from its first entry
    // (or from the glued quote it started at).
    if (here) return read_run(r, first, line, document_glued);
    // Its first bytes are held (up to this run): they are read again as
    // input, before the rest of this run.
    assert(held.size() == r.position - replay_at);
    replay_pending = true;
    cursor = r.position;
  }
  bool replay_pending = false;
  std::size_t replay_at = 0;
  bool replay_line_start = false;

  // --- JSON Lines records and single documents: held without the machine
  //
  // A JSON Lines record is its line and a single document the whole input:
  // while one fits the hold it is only copied (or read where it lies), then
  // read as parse_set reads it (a record without its line's trailing
  // whitespace). One that outgrows the hold is replayed through the
  // machine, which streams it provisionally; after a streamed record's line
  // feed, holding resumes.

  [[nodiscard]] bool holding() const noexcept {
    return opts.format != input_format::concatenated && !streaming;
  }

  // Copies the record (or input) up to the end of the bytes at hand or the
  // record's line feed, or reads a whole record where it lies; returns
  // where to read on.
  std::size_t hold() noexcept {
    const std::string_view bytes = split.bytes_from(cursor);
    const char* p = bytes.data();
    const char* end = p + bytes.size();
    const char* line_end = end;
    if (opts.format == input_format::json_lines) {
      const void* nl = std::memchr(p, '\n', bytes.size());
      if (nl != nullptr) line_end = static_cast<const char*>(nl);
    }
    const auto n = static_cast<std::size_t>(line_end - p);
    if (held.size() == 0) held_offset = opts.base_offset + cursor;
    if (!held_dropped) {
      if (held.size() + n > opts.parse.limits.max_document_bytes) {
        streaming = replaying = true;
        replay_pending = true;
        replay_at = held_offset - opts.base_offset;
        replay_line_start = true;
        return cursor;
      }
      // A record that ends in these bytes, at its line feed or at the end
      // of the input, is read where it lies.
      const bool line_ends = line_end != end;
      if ((line_ends || block_ends_input) && held.size() == 0) {
        (void)held.reserve(n, 0);  // the room a chunk boundary in it would need
        end_hold({p, n});
        return cursor + n + (line_ends ? 1 : 0);
      }
      if (!held.append(p, n)) {
        held_dropped = true;  // its error now; the rest of it is skipped
        number_document();
        document_offset = held_offset;
        report(detail::make_error(error_code::out_of_memory, held_offset), true);
      }
      high_water = std::max(high_water, held.size());
    }
    if (line_end == end) return cursor + n;
    end_hold(held.view());
    return cursor + n + 1;
  }

  // The held record (or input) is complete.
  void end_hold(std::string_view text) noexcept {
    if (opts.format == input_format::json_lines) {
      // As the machine locates a broken record: `truncated` points at the
      // end of the line's text.
      while (!text.empty() && detail::is_whitespace(text.back())) text.remove_suffix(1);
    }
    const auto first = std::find_if_not(text.begin(), text.end(), detail::is_whitespace);
    if (!held_dropped && first != text.end()) {
      number_document();
      document_offset = held_offset + static_cast<std::size_t>(first - text.begin());
      (void)verdict({text, nullptr});
    }
    held.clear();
    held_dropped = false;
  }

  // --- reading the input --------------------------------------------------

  // Skips the rest of a broken document's line; at a line start that may
  // start a document, reading structure again.
  void skip() noexcept {
    const std::string_view bytes = split.bytes_from(cursor);
    if (split.line_start_at(cursor) &&
        (opts.format == input_format::json_lines || bytes.front() == '{' || bytes.front() == '[')) {
      line_done = false;
      lex = lexer::structure;
      split.restart(cursor);
      if (opts.format == input_format::json_lines) end_streamed_line();
      return;
    }
    const void* nl = std::memchr(bytes.data(), '\n', bytes.size());
    cursor += nl == nullptr
                  ? bytes.size()
                  : static_cast<std::size_t>(static_cast<const char*>(nl) - bytes.data()) + 1;
  }

  // A streamed JSON Lines record ended with its line: holding resumes.
  void end_streamed_line() noexcept {
    streaming = replaying = line_done = false;
    lex = lexer::structure;
    held.clear();
  }

  // Reads the bytes at hand up to stream position `end`; `last`: the input
  // ends there.
  void read(std::size_t end, bool last) noexcept {
    while (cursor < end && !stopped) {
      if (holding()) {
        cursor = hold();
      } else if (lex == lexer::skipping) {
        skip();
      } else if (lex == lexer::ignoring) {
        cursor = end;
      } else if (!read_next(end, last)) {
        break;
      }
      if (replay_pending) replay_held();
    }
  }

  // Reads the block of bytes at stream position `block_at`; `last`: the
  // input ends with it.
  void scan(const char* block, std::size_t size, std::size_t block_at, bool last) noexcept {
    if (size == 0) return;
    // A replay inside the last block reads held bytes that do not end it.
    const bool outer = std::exchange(block_ends_input, last);
    split.begin({block, size}, block_at, after_newline);
    read(block_at + size, last);
    block_ends_input = outer;
    if (stopped) {
      split.clear();  // nothing more is read
    } else if (!split.keep(std::min(cursor, block_at + size))) {
      fail_memory();
    }
    after_newline = block[size - 1] == '\n';
  }

  // The machine reads the next run, up to `limit` (or the line feed of a
  // streamed JSON Lines record); false when it needs more bytes.
  bool read_next(std::size_t limit, bool last) noexcept {
    bool line = false;
    if (opts.format == input_format::json_lines) {
      const std::size_t lf = split.find_newline(cursor);
      if (lf < limit) {
        limit = lf + 1;
        last = line = true;
      }
    }
    detail::indexed_run r;
    if (!split.next(cursor, limit, last, r)) {
      fail_memory();
      return false;
    }
    const std::size_t from = cursor;
    read_run(r, 0, line && r.position + r.end == limit);
    // Nothing settled: the next bytes are needed.
    return cursor != from || replay_pending || (lex != lexer::structure && lex != lexer::body);
  }

  // Reads the held bytes of a document that outgrew the hold again, as
  // input, then goes on where they end. Every decision depends on the bytes
  // alone, so this leaves the stream exactly where reading them from the
  // start would have.
  void replay_held() noexcept {
    replay_pending = false;
    const std::string_view block = split.block();
    const std::size_t block_at = split.block_position();
    const std::size_t resume_at = std::max(cursor, block_at);
    // Bytes between the held ones and the block, kept from earlier blocks.
    if (cursor < resume_at && !held.append(split.bytes_from(cursor).data(), resume_at - cursor))
      return fail_memory();
    std::swap(held, replay);
    held.clear();
    split.clear();
    after_newline = replay_line_start;
    cursor = replay_at;
    const std::string_view bytes = replay.view();
    scan(bytes.data(), bytes.size(), replay_at, false);
    replay.clear();
    split.begin(block.substr(resume_at - block_at), resume_at, after_newline);
  }

  void fail_memory() noexcept {
    report(detail::make_error(error_code::out_of_memory, opts.base_offset + cursor), true);
    stopped = true;
  }

  // `last`: the input ends with these bytes (finish with bytes).
  bool feed(std::string_view bytes, const detail::stream_sink& s, bool last = false) noexcept {
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
        fed = cursor = 3;
      }
    }
    const std::size_t at = fed;
    fed += bytes.size();
    scan(bytes.data(), bytes.size(), at, last);
    return !stopped;
  }

  // A partial BOM was ordinary bytes after all.
  void end_bom_check() noexcept {
    bom_check = false;
    const std::size_t at = fed;
    fed += bom_matched;
    scan(bom_bytes.data(), bom_matched, at, false);
  }

  // The last bytes of the input, then its end: what ends in them is read
  // (and delivered) before this returns, where it lies.
  bool finish(std::string_view last, const detail::stream_sink& s) noexcept {
    (void)feed(last, s, true);
    return finish(s);
  }

  bool finish(const detail::stream_sink& s) noexcept {
    if (stopped) return false;
    to = &s;
    if (bom_check) end_bom_check();
    if (!holding()) {
      // The kept bytes, read to the end of the input.
      split.begin({}, fed, after_newline);
      read(fed, true);
    }
    if (holding()) {
      end_hold(held.view());
    } else if (!stopped) {
      if (in_document) {
        abandon(locate(frame_error(in_string ? error_code::unclosed_string : error_code::truncated,
                                   opts.base_offset + fed)));
      } else if (verdict_pending) {
        give_verdict();
      }
      lex = lexer::structure;
      in_string = false;
    }
    split.clear();
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

bool stream::feed_to(std::string_view bytes, const detail::stream_sink& to) noexcept {
  if (impl_ == nullptr || !impl_->engine.ready) {
    to.error(to.context, detail::make_error(error_code::out_of_memory, 0), {0, 0, true});
    return false;
  }
  return impl_->feed(bytes, to);
}

bool stream::finish_to(const detail::stream_sink& to) noexcept {
  if (impl_ == nullptr || !impl_->engine.ready) return false;
  return impl_->finish(to);
}

bool stream::finish_to(std::string_view last_bytes, const detail::stream_sink& to) noexcept {
  if (impl_ == nullptr || !impl_->engine.ready) return feed_to(last_bytes, to);
  return impl_->finish(last_bytes, to);
}

bool stream::between_documents() const noexcept {
  if (impl_ == nullptr) return true;
  const impl& s = *impl_;
  if (s.holding()) {
    const std::string_view held = s.held.view();
    return std::all_of(held.begin(), held.end(), detail::is_whitespace);
  }
  return !s.in_document && !s.verdict_pending &&
         !(s.lex == lexer::structure && s.split.keeps_text());
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
