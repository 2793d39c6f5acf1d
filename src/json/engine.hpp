// The engine: a walk over the structural index (json/structural_index.hpp).
//
// Stage 1 finds every structural character and the start of every scalar,
// validates UTF-8, and catches unclosed strings and unescaped control
// characters. The rest of RFC 8259 (the order of tokens, scalars, escapes,
// depth) is checked here while the key mapper reads the members it needs.
// The JWK grammar is small, so a walk specialised for it does less than
// On-Demand's generic iterators (bench/README.md has the figures).
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <utility>

#include "error_access.hpp"
#include "json/json_pointer.hpp"
#include "json/json_text.hpp"
#include "jwkview/error.hpp"
#include "jwkview/options.hpp"
#include "jwkview/parser.hpp"
#include "message.hpp"

namespace jwkview::detail {

/// The most nesting any limits may ask for; frames are sized for it.
inline constexpr std::uint32_t max_supported_depth = 1024;

/// A token: a string through its closing quote, a scalar without the
/// whitespace after it, or (for a container) its opening bracket onwards.
struct token {
  const char* begin;
  const char* end;

  [[nodiscard]] char first() const noexcept { return *begin; }
  [[nodiscard]] std::size_t size() const noexcept { return static_cast<std::size_t>(end - begin); }
};

/// One step of the path of the value being mapped.
struct path_step {
  std::string_view name;  // decoded; empty with is_index
  std::size_t index = 0;
  bool is_index = false;
};

/// Everything one parse needs, owned by the parser and reused across parses.
struct parse_state {
  // Configuration. The two limits every string and container checks are
  // copied out of opts, one load instead of two.
  const options* opts = nullptr;
  std::size_t max_string_bytes = 0;
  std::uint32_t max_depth = 0;

  // The caller's bytes, read where they lie (views point into them).
  const char* parse_base = nullptr;  // where the index counts from
  const char* parse_end = nullptr;   // one past the document's last byte
  std::size_t offset_bias = 0;       // offset(parse_base): a skipped BOM, a piece's place

  // The structural index: parse_base + index[i] is the i-th structural
  // character or scalar start; parse_base + index[count] is the document's
  // end, or the next entry of the larger run the document lies in (a
  // stream's chunk): only whitespace comes between.
  const std::uint32_t* index = nullptr;
  std::uint32_t count = 0;
  std::uint32_t pos = 0;  // the cursor: the next entry to read
  // The index goes on past the document (a stream's chunk, where the
  // document's end is not known yet): the walk ends with the root value.
  bool runs_on = false;

  // The first backslash at or after the last string checked (parse_end when
  // none): one memchr pass over the document tells every string whether it
  // has escapes. A rewind restores the value it had at the rewind's target,
  // so reading a key twice never scans the rest of the document again.
  const char* next_backslash = nullptr;
  // Bytes that scan has read: linear in the document (parse_report::scan_bytes).
  std::size_t scanned_bytes = 0;

  // Unescaped strings and escaped list entries.
  char* scratch = nullptr;
  std::size_t scratch_used = 0;

  // Names of unrecognised members of the interpreted objects now open.
  std::string_view* unknown_names = nullptr;
  std::size_t unknown_count = 0;
  std::size_t unknown_capacity = 0;

  // Where the mapper is, for error paths.
  static constexpr std::size_t max_steps = 16;
  path_step steps[max_steps];
  std::size_t step_count = 0;

  // The index a set_element parse gives its key (see piece_info).
  std::size_t element_index = 0;

  // Nesting of the value being read (the root container is depth 1).
  std::uint32_t depth = 0;

  // While a root object is mapped as a key before its shape is known
  // (set_walker.cpp): the depth of its members (0: not watching), and which
  // wrapper names (bit 1 << wrapper_member) the mapper met among them (beside
  // syntax_failed, below, where it takes no room of its own).
  std::uint32_t wrapper_watch_depth = 0;

  // A document-level error. code ok with `syntax_failed` set means "not valid
  // JSON": the syntax locator names the problem afterwards.
  error document_error{};
  bool syntax_failed = false;
  std::uint8_t wrapper_names = 0;

  // The first error of the key being mapped.
  error key_error{};
  // profile::automatic: the first problem only the okta schema has, when it
  // came before any other; it becomes key_error if the key turns out to be
  // an Okta key (see schema_decided()).
  error okta_error{};
  // The schema the key being mapped is checked against.
  profile key_schema = profile::rfc7517;

  // Warnings of the keys read so far, parser-owned, `warning_capacity` long.
  error* warnings = nullptr;
  std::size_t warning_capacity = 0;
  std::size_t warnings_stored = 0;
  std::size_t warnings_total = 0;

  /// Back to the state of a new parse, without clearing the errors' and
  /// the path's buffers (their codes and step_count say what they hold): a
  /// stream walks each element on its own, and clearing two kilobytes each
  /// time cost a tenth of the walk.
  void reset() noexcept {
    opts = nullptr;
    max_string_bytes = 0;
    max_depth = 0;
    parse_base = parse_end = nullptr;
    offset_bias = 0;
    index = nullptr;
    count = pos = 0;
    runs_on = false;
    next_backslash = nullptr;
    scanned_bytes = 0;
    scratch = nullptr;
    scratch_used = 0;
    unknown_names = nullptr;
    unknown_count = unknown_capacity = 0;
    step_count = 0;
    element_index = 0;
    depth = 0;
    wrapper_watch_depth = 0;
    wrapper_names = 0;
    document_error.code = error_code::ok;
    syntax_failed = false;
    key_error.code = okta_error.code = error_code::ok;
    key_schema = profile::rfc7517;
    warnings = nullptr;
    warning_capacity = warnings_stored = warnings_total = 0;
  }

  [[nodiscard]] std::size_t offset(const char* p) const noexcept {
    return static_cast<std::size_t>(p - parse_base) + offset_bias;
  }

  [[gnu::always_inline]] void push(std::string_view name) noexcept {
    steps[step_count++] = {name, 0, false};
  }
  void push(std::size_t index_in_array) noexcept {
    steps[step_count++] = {{}, index_in_array, true};
  }
  void pop() noexcept { --step_count; }

  [[nodiscard]] error make_error(error_code code, const char* at,
                                 std::string_view text = {}) const noexcept {
    error e;
    e.code = code;
    e.offset = offset(at);
    detail::set_message(e, text);
    for (std::size_t i = 0; i < step_count; ++i) {
      if (steps[i].is_index) {
        append_index(e, steps[i].index);
      } else {
        append_name(e, steps[i].name);
      }
    }
    return e;
  }

  /// Records the first problem of the current key. A private member wins
  /// over any other: a listing that leaks a private key must say so, whatever
  /// came first.
  void fail_key(error_code code, const char* at, std::string_view text = {}) noexcept {
    if (!key_error ||
        (code == error_code::private_member && key_error.code != error_code::private_member)) {
      key_error = make_error(code, at, text);
    }
  }
  [[nodiscard]] bool key_failed() const noexcept { return static_cast<bool>(key_error); }

  /// A problem only under the okta schema: an error with profile::okta,
  /// nothing with rfc7517, and with automatic kept until the key's schema is
  /// known.
  void fail_okta(error_code code, const char* at, std::string_view text) noexcept {
    switch (opts->profile) {
      case profile::okta:
        return fail_key(code, at, text);
      case profile::rfc7517:
        return;
      case profile::automatic:
        if (!key_error && !okta_error) okta_error = make_error(code, at, text);
        return;
    }
  }

  /// Starts a key: no error, no schema decided.
  void begin_key() noexcept {
    key_error.code = error_code::ok;  // fail_key writes the whole error
    okta_error.code = error_code::ok;
    key_schema = opts->profile == profile::automatic ? profile::rfc7517 : opts->profile;
  }

  /// With profile::automatic, settles the key's schema once its members are
  /// read: okta when it has one of Okta's own members. A deferred okta
  /// problem then counts, as it would have under profile::okta.
  void schema_decided(bool okta_members) noexcept {
    if (opts->profile != profile::automatic || !okta_members) return;
    key_schema = profile::okta;
    if (okta_error && (!key_error || key_error.code != error_code::private_member)) {
      key_error = okta_error;
    }
  }

  /// A finding that does not drop the key, or an error with
  /// options::warnings_as_errors.
  void warn(error_code code, const char* at, std::string_view text) noexcept {
    if (opts->warnings_as_errors) return fail_key(code, at, text);
    if (warnings_stored < warning_capacity) {
      error& w = warnings[warnings_stored++];
      w = make_error(code, at, text);
      detail::set_warning(w, true);
    }
    ++warnings_total;
  }

  /// A document-level error; later ones do not replace it. Returns false so
  /// callers can `return fail_document(...)`.
  bool fail_document(error_code code, const char* at, std::string_view text = {}) noexcept {
    if (!document_error && !syntax_failed) document_error = make_error(code, at, text);
    return false;
  }

  /// The member or element the path ends at, as messages name it: "kty",
  /// "x5c/2".
  message& subject(message& m) const noexcept {
    if (step_count == 0) return m << "the value";
    const path_step& last = steps[step_count - 1];
    if (!last.is_index) return m << last.name;
    if (step_count >= 2 && !steps[step_count - 2].is_index) m << steps[step_count - 2].name;
    return m << '/' << last.index;
  }
  /// The document is not valid JSON (or breaks depth or string limits).
  bool fail_syntax() noexcept {
    syntax_failed = true;
    return false;
  }
  [[nodiscard]] bool document_failed() const noexcept {
    return syntax_failed || static_cast<bool>(document_error);
  }

  // --- the cursor ---------------------------------------------------------

  /// The character at the cursor, or '\0' past the last entry (which is the
  /// end of the input: the byte there may not be readable).
  [[nodiscard, gnu::always_inline]] char peek() const noexcept {
    return pos < count ? parse_base[index[pos]] : '\0';
  }
  [[nodiscard, gnu::always_inline]] const char* here_at(std::uint32_t entry) const noexcept {
    return parse_base + index[entry];
  }
  [[nodiscard, gnu::always_inline]] const char* here() const noexcept { return here_at(pos); }

  /// The token of entry `entry`, which must exist (entry < count): callers
  /// read a value only where the grammar has checked that one follows.
  [[nodiscard, gnu::always_inline]] token current() const noexcept { return token_at(pos); }
  [[nodiscard, gnu::always_inline]] token token_at(std::uint32_t entry) const noexcept {
    assert(entry < count);
    const char* begin = here_at(entry);
    const char* end = here_at(entry + 1);
    if (*begin == '"') {
      // Stage 1 indexes anything but whitespace that follows a string, so
      // its closing quote is the last '"' before the next entry.
      while (end[-1] != '"') --end;
    } else {
      while (end > begin && is_whitespace(end[-1])) --end;
    }
    return {begin, end};
  }

  /// Steps over `c` at the cursor; anything else is a syntax error.
  bool expect(char c) noexcept {
    if (peek() != c) return fail_syntax();
    ++pos;
    return true;
  }

  /// Moves the cursor back to entry `to`, to read the same values again;
  /// `backslash` is next_backslash as it was when the cursor was at `to`.
  void rewind(std::uint32_t to, const char* backslash) noexcept {
    pos = to;
    next_backslash = backslash;
  }

  /// What reading a value changes, for undo(): reading it again after undo
  /// gives what reading it the first time would have.
  struct marks {
    std::uint32_t pos;
    const char* next_backslash;
    std::size_t scratch_used;
    std::size_t unknown_count;
    std::size_t step_count;
    std::uint32_t depth;
    std::size_t warnings_stored;
    std::size_t warnings_total;
    bool failed;  // a document or syntax failure came before
  };
  [[nodiscard]] marks mark() const noexcept {
    return {pos,   next_backslash,  scratch_used,   unknown_count,    step_count,
            depth, warnings_stored, warnings_total, document_failed()};
  }
  /// Back to `m`: a reading that failed or met a problem leaves no error
  /// behind, unless one came before it.
  void undo(const marks& m) noexcept {
    rewind(m.pos, m.next_backslash);
    scratch_used = m.scratch_used;
    unknown_count = m.unknown_count;
    step_count = m.step_count;
    depth = m.depth;
    warnings_stored = m.warnings_stored;
    warnings_total = m.warnings_total;
    key_error.code = okta_error.code = error_code::ok;
    if (m.failed) return;
    document_error.code = error_code::ok;
    syntax_failed = false;
  }

  // --- strings -----------------------------------------------------------

  /// Whether the string body [body, end) holds a backslash.
  [[gnu::always_inline]] bool has_backslash(const char* body, const char* end) noexcept {
    if (next_backslash < body) {
      const void* found = std::memchr(body, '\\', static_cast<std::size_t>(parse_end - body));
      next_backslash = found != nullptr ? static_cast<const char*>(found) : parse_end;
      scanned_bytes += static_cast<std::size_t>(next_backslash - body);
    }
    return next_backslash < end;
  }

  /// The decoded text of the string body [body, end): a view into the
  /// caller's buffer, or into scratch when it has escapes. False when it is
  /// too long or badly escaped; nothing but scratch changes, so the fast
  /// path can use it too.
  [[gnu::always_inline]] bool decode(const char* body, const char* end,
                                     std::string_view& out) noexcept {
    const auto length = static_cast<std::size_t>(end - body);
    if (length > max_string_bytes) return false;
    if (!has_backslash(body, end)) {
      out = {body, length};
      return true;
    }
    out = unescape_to_scratch(body, end);
    return out.data() != nullptr;
  }

  /// Out of line: escapes are rare, and decode() stays small enough to
  /// inline into every string reader. The text comes back by value, in
  /// registers: written through a reference, it made the caller's copy of
  /// it a 16-byte load of two 8-byte stores, which the CPU cannot forward.
  /// A null data() means badly escaped.
  [[gnu::noinline]] std::string_view unescape_to_scratch(const char* body,
                                                         const char* end) noexcept {
    char* dst = scratch + scratch_used;
    const unescape_result r = unescape(body, end, dst);
    if (r.status != escape_status::ok) return {};
    scratch_used += r.length;
    return {dst, r.length};
  }

  /// Reads the string token t at the cursor as decoded text (see decode).
  [[gnu::always_inline]] bool read_string(token t, std::string_view& out) noexcept {
    ++pos;
    return decode(t.begin + 1, t.end - 1, out) || fail_syntax();
  }

  /// Checks the string token t at the cursor without keeping its text.
  bool check_string(token t) noexcept {
    ++pos;
    const char* body = t.begin + 1;
    const char* body_end = t.end - 1;
    const auto length = static_cast<std::size_t>(body_end - body);
    if (length > max_string_bytes) return fail_syntax();
    if (!has_backslash(body, body_end)) return true;
    return unescape(body, body_end, nullptr).status == escape_status::ok || fail_syntax();
  }

  /// Reads the member name at the cursor, and the ':' after it. Sets `at` to
  /// the opening quote and `out` to the decoded name (a view of parse_base's
  /// bytes: names are only compared and used in paths). One bounds check
  /// covers the name, the ':' and the value that must follow.
  [[gnu::always_inline]] bool read_name(const char*& at, std::string_view& out) noexcept {
    if (pos + 2 >= count) return fail_syntax();
    const char* name = here_at(pos);
    if (*name != '"' || *here_at(pos + 1) != ':') return fail_syntax();
    const char* name_end = here_at(pos + 1);
    while (name_end[-1] != '"') --name_end;  // see token_at
    pos += 2;
    at = name;
    return decode(name + 1, name_end - 1, out) || fail_syntax();
  }

  // --- unrecognised member names ----------------------------------------

  /// Adds `name` to the unknown names of the object whose list starts at
  /// `mark`. A repeat is duplicate_member (reported by the caller); too many
  /// is a document-level limit error.
  enum class unknown_result : std::uint8_t { added, duplicate, full };
  unknown_result add_unknown(std::size_t mark, std::string_view name) noexcept {
    for (std::size_t i = mark; i < unknown_count; ++i) {
      if (unknown_names[i] == name) return unknown_result::duplicate;
    }
    if (unknown_count - mark >= opts->limits.max_unknown_members ||
        unknown_count == unknown_capacity) {
      return unknown_result::full;
    }
    unknown_names[unknown_count++] = name;
    return unknown_result::added;
  }

  // --- containers ----------------------------------------------------------

  bool enter() noexcept {
    if (++depth > max_depth) return fail_syntax();
    return true;
  }
  void leave() noexcept { --depth; }

  /// Reads the rest of a container whose opening bracket the cursor has just
  /// passed: `item()` reads one member or element; `close` ends the list.
  template <typename Item>
  bool each_item(char close, Item item) noexcept {
    if (peek() == close) {
      ++pos;
      return true;
    }
    for (;;) {
      if (pos >= count) return fail_syntax();
      if (!item()) return false;
      const char c = peek();
      ++pos;
      if (c == ',') continue;
      if (c == close) return true;
      return fail_syntax();
    }
  }

  /// Reads the object at the cursor (its token t starts with '{'), whose
  /// members are interpreted: `lookup(name)` gives a known member's number
  /// (< 64) or -1; `handle(id, name_at)` reads the member's value at the
  /// cursor with its name pushed on the path. Repeated names are
  /// duplicate_member: a key error, or a document error for wrappers
  /// (`document_level`).
  template <typename Lookup, typename Handle>
  bool each_member(bool document_level, Lookup lookup, Handle handle) noexcept {
    if (!enter()) return false;
    ++pos;
    if (peek() == '}') {
      ++pos;
      leave();
      return true;
    }
    std::uint64_t seen = 0;
    const std::size_t mark = unknown_count;
    // One path step serves every member: its name is set per member, where a
    // push and a pop each would cost a store of the whole step.
    path_step& step = steps[step_count++];
    step.is_index = false;  // its name is set before anything reads it
    // Its own loop rather than each_item's: read_name's one bounds check
    // covers the name, the ':' and the value.
    bool ok = false;
    for (;;) {
      const char* at;
      std::string_view name;
      if (!read_name(at, name)) break;
      const int id = lookup(name);
      bool duplicate = false;
      if (id >= 0) {
        const std::uint64_t bit = std::uint64_t{1} << id;
        duplicate = (seen & bit) != 0;
        seen |= bit;
      } else {
        const unknown_result r = add_unknown(mark, name);
        if (r == unknown_result::full) {
          step.name = name;
          too_many_members(at);
          break;
        }
        duplicate = r == unknown_result::duplicate;
      }
      step.name = name;
      if (duplicate) duplicate_member(document_level, at, name);
      if (!handle(id, at)) break;
      const char c = peek();
      ++pos;
      if (c == ',') continue;
      if (c == '}') {
        leave();
        ok = true;
      } else {
        fail_syntax();
      }
      break;
    }
    --step_count;
    unknown_count = mark;
    return ok;
  }

  // each_member's reports, out of line: their messages need a frame that
  // every object's loop would otherwise set up.
  [[gnu::cold, gnu::noinline]] void too_many_members(const char* at) noexcept {
    message m;
    m << "more than " << std::size_t{opts->limits.max_unknown_members}
      << " unrecognised member names in one object (limits::max_unknown_members)";
    fail_document(error_code::too_many_members, at, m.view());
  }
  [[gnu::cold, gnu::noinline]] void duplicate_member(bool document_level, const char* at,
                                                     std::string_view name) noexcept {
    message m;
    m.quote(name) << " appears twice in one object; readers disagree on which one counts";
    if (document_level) {
      fail_document(error_code::duplicate_member, at, m.view());
    } else {
      fail_key(error_code::duplicate_member, at, m.view());
    }
  }

  /// Reads the array at the cursor: `element(i)` reads element i.
  template <typename Element>
  bool each_element(Element element) noexcept {
    if (!enter()) return false;
    ++pos;
    std::size_t i = 0;
    if (!each_item(']', [&] { return element(i++); })) return false;
    leave();
    return true;
  }

  // --- values the mapper does not interpret -----------------------------

  /// Validates the value at the cursor completely, and steps over it.
  bool validate() noexcept {
    const token t = current();
    switch (peek()) {
      case '{':
        if (!enter()) return false;
        ++pos;
        if (!each_item('}', [this] {
              const char* at;
              std::string_view name;
              return read_name(at, name) && validate();
            }))
          return false;
        leave();
        return true;
      case '[':
        if (!enter()) return false;
        ++pos;
        if (!each_item(']', [this] { return validate(); })) return false;
        leave();
        return true;
      case '"':
        return check_string(t);
      case 't':
      case 'f':
      case 'n':
        ++pos;
        return is_literal(t.begin, t.end) || fail_syntax();
      default:
        ++pos;
        return is_number(t.begin, t.end) || fail_syntax();
    }
  }

  /// Steps over the value at the cursor without checking it, counting
  /// brackets. For a first look at a root object's member names only.
  void skip() noexcept {
    std::uint32_t open = 0;
    do {
      switch (peek()) {
        case '{':
        case '[':
          ++open;
          break;
        case '}':
        case ']':
          --open;
          break;
        case '\0':
          return;
        default:
          break;
      }
      ++pos;
    } while (open != 0);
  }
};

}  // namespace jwkview::detail
