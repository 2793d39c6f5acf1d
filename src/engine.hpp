// The engine: simdjson On-Demand plus the state one parse carries.
//
// This is the only file that includes simdjson.h. Debian's simdjson.pc
// defines SIMDJSON_THREADS_ENABLED, which changes ondemand::parser's layout,
// so no simdjson type may appear in an installed header.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <utility>

#include "json_pointer.hpp"
#include "json_text.hpp"
#include "jwkview/error.hpp"
#include "jwkview/options.hpp"
#include "jwkview/parser.hpp"

namespace jwkview::detail {

namespace od = simdjson::ondemand;

static_assert(simdjson::SIMDJSON_PADDING <= jwkview::padding,
              "jwkview::padding must cover simdjson's padding");

/// The most nesting any limits may ask for; frames are sized for it.
inline constexpr std::uint32_t max_supported_depth = 1024;

/// Unpacks one step of an object or array iteration, without exceptions.
template <typename T>
bool unpack(simdjson::simdjson_result<T>& step, T& out) noexcept {
  if (step.error() != simdjson::SUCCESS) return false;
  out = step.value_unsafe();
  return true;
}

/// A scalar token without the whitespace simdjson keeps after it.
struct token {
  const char* begin;
  const char* end;

  [[nodiscard]] char first() const noexcept { return *begin; }
  [[nodiscard]] std::size_t size() const noexcept { return static_cast<std::size_t>(end - begin); }
};

inline token token_of(std::string_view raw) noexcept {
  const char* end = raw.data() + raw.size();
  while (end > raw.data() && is_whitespace(end[-1])) --end;
  return {raw.data(), end};
}

inline token token_of(od::value& v) noexcept {
  return token_of(v.raw_json_token());
}

/// One step of the path of the value being mapped.
struct path_step {
  std::string_view name;  // decoded; empty with is_index
  std::size_t index = 0;
  bool is_index = false;
};

/// Everything one parse needs, owned by the parser and reused across parses.
struct parse_state {
  // Configuration.
  const options* opts = nullptr;

  // The bytes simdjson reads, and where the caller's copy of them lives.
  const char* parse_base = nullptr;  // first byte given to simdjson
  const char* view_base = nullptr;   // the same byte in the caller's buffer
  std::size_t offset_bias = 0;       // bytes skipped before parse_base (a BOM)

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

  // A document-level error. code ok with `syntax_failed` set means "not valid
  // JSON": the syntax locator names the problem afterwards.
  error document_error{};
  bool syntax_failed = false;

  // The first error of the key being mapped.
  error key_error{};

  [[nodiscard]] std::size_t offset(const char* p) const noexcept {
    return static_cast<std::size_t>(p - parse_base) + offset_bias;
  }
  [[nodiscard]] const char* view(const char* p) const noexcept {
    return view_base + (p - parse_base);
  }

  void push(std::string_view name) noexcept { steps[step_count++] = {name, 0, false}; }
  void push(std::size_t index) noexcept { steps[step_count++] = {{}, index, true}; }
  void pop() noexcept { --step_count; }

  [[nodiscard]] error make_error(error_code code, const char* at) const noexcept {
    error e;
    e.code = code;
    e.offset = offset(at);
    for (std::size_t i = 0; i < step_count; ++i) {
      if (steps[i].is_index) {
        append_index(e, steps[i].index);
      } else {
        append_name(e, steps[i].name);
      }
    }
    return e;
  }

  /// Records the first problem of the current key.
  void fail_key(error_code code, const char* at) noexcept {
    if (!key_error) key_error = make_error(code, at);
  }
  [[nodiscard]] bool key_failed() const noexcept { return static_cast<bool>(key_error); }

  /// A document-level error; later ones do not replace it. Returns false so
  /// callers can `return fail_document(...)`.
  bool fail_document(error_code code, const char* at) noexcept {
    if (!document_error && !syntax_failed) document_error = make_error(code, at);
    return false;
  }
  /// The document is not valid JSON (or breaks depth or string limits).
  bool fail_syntax() noexcept {
    syntax_failed = true;
    return false;
  }
  [[nodiscard]] bool document_failed() const noexcept {
    return syntax_failed || static_cast<bool>(document_error);
  }

  // --- strings -----------------------------------------------------------

  /// Moves simdjson past the string value v, whose text jwkview reads from
  /// its raw token. Left unread, a string followed by ':' is skipped as if it
  /// were a member name (simdjson 3.0.1, json_iterator::skip_child), and the
  /// rest of a malformed container such as `["a":}]` goes unchecked.
  bool consume_string(od::value& v) noexcept {
    od::raw_json_string unused;
    return v.get_raw_json_string().get(unused) == simdjson::SUCCESS || fail_syntax();
  }

  /// Reads the string value v (its token t, quotes included) as decoded
  /// text: a view into the caller's buffer, or into scratch when it has escapes.
  bool read_string(od::value& v, token t, std::string_view& out) noexcept {
    if (!consume_string(v)) return false;
    const char* body = t.begin + 1;
    const char* body_end = t.end - 1;
    const auto length = static_cast<std::size_t>(body_end - body);
    if (length > opts->limits.max_string_bytes) return fail_syntax();
    if (std::memchr(body, '\\', length) == nullptr) {
      out = {view(body), length};
      return true;
    }
    return unescape_to_scratch(body, body_end, out);
  }

  /// Unescapes the string body [body, end) into scratch.
  bool unescape_to_scratch(const char* body, const char* end, std::string_view& out) noexcept {
    char* dst = scratch + scratch_used;
    const unescape_result r = unescape(body, end, dst);
    if (r.status != escape_status::ok) return fail_syntax();
    scratch_used += r.length;
    out = {dst, r.length};
    return true;
  }

  /// Checks the string value v (its token t) without keeping its text.
  bool check_string(od::value& v, token t) noexcept {
    if (!consume_string(v)) return false;
    const char* body = t.begin + 1;
    const char* body_end = t.end - 1;
    const auto length = static_cast<std::size_t>(body_end - body);
    if (length > opts->limits.max_string_bytes) return fail_syntax();
    if (std::memchr(body, '\\', length) == nullptr) return true;
    return unescape(body, body_end, nullptr).status == escape_status::ok || fail_syntax();
  }

  /// Reads a member name. `raw` points just past the opening quote. Sets
  /// `at` to the opening quote and `out` to the decoded name.
  bool read_name(const char* raw, const char*& at, std::string_view& out) noexcept {
    const char* end = raw;
    bool escaped = false;
    while (*end != '"') {
      if (*end == '\\') {
        escaped = true;
        ++end;
      }
      ++end;
    }
    at = raw - 1;
    const auto length = static_cast<std::size_t>(end - raw);
    if (length > opts->limits.max_string_bytes) return fail_syntax();
    if (!escaped) {
      out = {raw, length};  // names are only compared and used in paths: no rebase needed
      return true;
    }
    return unescape_to_scratch(raw, end, out);
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

  // --- interpreted objects ----------------------------------------------

  /// Iterates the members of an interpreted object (already entered with
  /// enter()). `lookup(name)` gives a known member's number (< 64) or -1;
  /// `handle(id, value, name_at)` reads one member with its name pushed on
  /// the path. Repeated names are duplicate_member: a key error, or a
  /// document error for wrappers (`document_level`).
  template <typename Lookup, typename Handle>
  bool each_member(od::object& obj, bool document_level, Lookup lookup, Handle handle) noexcept {
    std::uint64_t seen = 0;
    const std::size_t mark = unknown_count;
    bool ok = true;
    for (auto field_result : obj) {
      od::field field;
      if (!unpack(field_result, field)) {
        ok = fail_syntax();
        break;
      }
      const char* at;
      std::string_view name;
      if (!read_name(field.key().raw(), at, name)) {
        ok = false;
        break;
      }
      const int id = lookup(name);
      push(name);
      bool duplicate = false;
      if (id >= 0) {
        const std::uint64_t bit = std::uint64_t{1} << id;
        duplicate = (seen & bit) != 0;
        seen |= bit;
      } else {
        const unknown_result r = add_unknown(mark, name);
        if (r == unknown_result::full) {
          ok = fail_document(error_code::too_many_members, at);
          pop();
          break;
        }
        duplicate = r == unknown_result::duplicate;
      }
      if (duplicate) {
        if (document_level) {
          fail_document(error_code::duplicate_member, at);
        } else {
          fail_key(error_code::duplicate_member, at);
        }
      }
      ok = handle(id, field.value(), at);
      pop();
      if (!ok) break;
    }
    unknown_count = mark;
    return ok;
  }

  /// Opens the object value v (its token t starts with '{').
  bool open_object(od::value& v, od::object& obj) noexcept {
    if (!enter()) return false;
    return v.get_object().get(obj) == simdjson::SUCCESS || fail_syntax();
  }

  // --- validation of values the mapper does not interpret ---------------

  bool enter() noexcept {
    if (++depth > opts->limits.max_depth) return fail_syntax();
    return true;
  }
  void leave() noexcept { --depth; }

  /// Validates any JSON value completely.
  bool validate(od::value& v) noexcept {
    const token t = token_of(v);
    switch (t.first()) {
      case '{': {
        if (!enter()) return false;
        od::object obj;
        if (v.get_object().get(obj) != simdjson::SUCCESS) return fail_syntax();
        for (auto field_result : obj) {
          od::field field;
          if (!unpack(field_result, field)) return fail_syntax();
          const char* at;
          std::string_view name;
          if (!read_name(field.key().raw(), at, name)) return false;
          if (!validate(field.value())) return false;
        }
        leave();
        return true;
      }
      case '[': {
        if (!enter()) return false;
        od::array arr;
        if (v.get_array().get(arr) != simdjson::SUCCESS) return fail_syntax();
        for (auto element_result : arr) {
          od::value element;
          if (!unpack(element_result, element)) return fail_syntax();
          if (!validate(element)) return false;
        }
        leave();
        return true;
      }
      case '"':
        return check_string(v, t);
      case 't':
      case 'f':
      case 'n':
        return is_literal(t.begin, t.end) || fail_syntax();
      default:
        return is_number(t.begin, t.end) || fail_syntax();
    }
  }
};

}  // namespace jwkview::detail
