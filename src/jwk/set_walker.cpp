#include "jwk/set_walker.hpp"

#include "jwk/key_mapper.hpp"

namespace jwkview::detail {
namespace {

// The one member a {"keys":[...]} object's walk interprets (0), spelled as
// in the wrapper table.
int keys_member_of(std::string_view name) noexcept {
  return name == wrapper_member_names[w_keys] ? 0 : -1;
}

class walker {
 public:
  walker(parse_state& s, key_output& out) noexcept : s_(s), out_(out) {}

  // One element of a set (or the single key): map it and deliver it.
  bool element(std::size_t index, bool in_set) noexcept {
    const token t = s_.current();
    if (in_set && index >= s_.opts->limits.max_keys) {
      s_.push(index);
      message m;
      m << "the set has more than " << s_.opts->limits.max_keys << " keys (limits::max_keys)";
      return s_.fail_document(error_code::too_many_keys, t.begin, m.view());
    }
    if (in_set) s_.push(index);
    const bool ok = deliver(t, index);
    if (in_set) s_.pop();
    return ok;
  }

  bool key_array() noexcept {
    const token t = s_.current();
    if (s_.peek() != '[') {
      message m;
      s_.subject(m) << " is " << json_type_of(t.first()) << "; expected an array of keys";
      s_.fail_document(error_code::wrong_type, t.begin, m.view());
      return s_.validate();
    }
    return s_.each_element([this](std::size_t i) { return element(i, true); });
  }

  // {"keys": [...], ...} (the cursor is on its '{'): the value of the "keys"
  // member is the set.
  bool keys_wrapper() noexcept {
    const char* open = s_.here();
    bool saw_keys = false;
    const bool ok = s_.each_member(true, keys_member_of, [&](int id, const char*) {
      if (id != 0) return s_.validate();
      saw_keys = true;
      return key_array();
    });
    if (!ok) return false;
    if (!saw_keys) {
      s_.push(wrapper_member_names[w_keys]);
      s_.fail_document(error_code::missing_member, open,
                       "keys is missing; a JWK Set holds its keys in a \"keys\" array");
      s_.pop();
    }
    return true;
  }

  /// What reading a root object as one key found.
  enum class root_read : std::uint8_t { key, wrapper, unsure };

  /// Reads the root object (the cursor on its '{') as one key, noting the
  /// wrapper names among its members (`names`: bit 1 << wrapper_member). A key
  /// is delivered as element(0, false) would, `ok` its result. Otherwise
  /// all the reading changed is undone: `wrapper` when it read every member
  /// and met a wrapper name, `unsure` when it stopped before the end.
  root_read root_key(bool& ok, std::uint8_t& names) noexcept {
    const token t = s_.current();
    const parse_state::marks before = s_.mark();
    key& k = out_.slot();
    s_.wrapper_watch_depth = s_.depth + 1;
    s_.wrapper_names = 0;
    const bool read = map_key(s_, k) && !s_.document_failed();
    s_.wrapper_watch_depth = 0;
    names = s_.wrapper_names;
    if (read && names == 0) {
      ok = settle(t, 0, k, before.warnings_stored, before.warnings_total);
      return root_read::key;
    }
    s_.undo(before);
    return read ? root_read::wrapper : root_read::unsure;
  }

  bool jwks_value() noexcept {
    if (s_.peek() != '{') {
      message m;
      m << "jwks is " << json_type_of(s_.peek()) << "; expected an object with a \"keys\" array";
      s_.fail_document(error_code::wrong_type, s_.here(), m.view());
      return s_.validate();
    }
    return keys_wrapper();
  }

 private:
  bool deliver(token t, std::size_t index) noexcept {
    if (s_.document_failed()) return s_.validate();  // a wrapper error: no more keys
    if (s_.peek() != '{') {
      if (!s_.validate()) return false;
      message m;
      m << "element " << index << " is " << json_type_of(t.first()) << "; expected a key object";
      out_.add_error(s_.make_error(error_code::wrong_type, t.begin, m.view()));
      return true;
    }
    key& k = out_.slot();
    const std::size_t warnings_stored = s_.warnings_stored;
    const std::size_t warnings_total = s_.warnings_total;
    if (!map_key(s_, k)) return false;
    return settle(t, index, k, warnings_stored, warnings_total);
  }

  // A key mapped from the token t: delivered, or its error reported.
  bool settle(token t, std::size_t index, key& k, std::size_t warnings_stored,
              std::size_t warnings_total) noexcept {
    k.index = index;
    if (s_.key_failed()) {
      // A key that is not delivered has no warnings.
      s_.warnings_stored = warnings_stored;
      s_.warnings_total = warnings_total;
      out_.add_error(s_.key_error);
      return true;
    }
    if (out_.sink.call != nullptr) {
      ++out_.delivered;
      if (out_.sink.call(out_.sink.context, k) == next::stop) {
        out_.stopped = true;
        return false;
      }
      return true;
    }
    if (out_.delivered == out_.storage.size()) {
      if (out_.grow.call == nullptr || !out_.grow.call(out_.grow.context, out_.storage)) {
        message m;
        m << "more valid keys than the " << out_.storage.size() << " the caller's storage holds";
        return s_.fail_document(error_code::storage_full, t.begin, m.view());
      }
      out_.storage[out_.delivered] = k;  // mapped into the spare slot while the storage was full
    }
    ++out_.delivered;
    return true;
  }

  parse_state& s_;
  key_output& out_;
};

constexpr std::string_view ambiguity =
    R"(the root object has both "keys" and "jwks"; which one holds the set is ambiguous)";

// A first look at the root object's member names: which wrapper names it has.
bool find_wrappers(parse_state& s, bool& has_keys, bool& has_jwks) noexcept {
  if (!s.enter()) return false;
  ++s.pos;
  const bool ok = s.each_item('}', [&] {
    const char* at;
    std::string_view name;
    if (!s.read_name(at, name)) return false;
    const int id = wrapper_member_of(name);
    has_keys = has_keys || id == w_keys;
    has_jwks = has_jwks || id == w_jwks;
    s.skip();
    return true;
  });
  s.leave();
  return ok;
}

// The root object's first member name (the cursor is on its '{') is "keys"
// or "jwks", unescaped.
bool starts_with_wrapper(const parse_state& s) noexcept {
  if (s.pos + 1 >= s.count || *s.here_at(s.pos + 1) != '"') return false;
  const token t = s.token_at(s.pos + 1);
  const std::string_view name(t.begin, t.size());
  return name == "\"keys\"" || name == "\"jwks\"";
}

// A root object in key_set mode. Sets start with their wrapper member, so
// its name settles the shape and the walk is one pass; a later member with
// the other wrapper name makes the document ambiguous_shape. Any other root
// object is first looked over for wrapper names: with neither, it is a key.
bool walk_object_root(parse_state& s, walk_mode mode, key_output& out,
                      walk_result& result) noexcept {
  walker w(s, out);
  const char* open = s.here();
  bool wrapper = false;
  if (mode == walk_mode::key_set) {
    wrapper = starts_with_wrapper(s);
    if (!wrapper) {
      // Most such roots are one key: it is read as one, and the object is
      // looked over for wrapper names only when that reading met one or
      // stopped early (then exactly as if it had not been read).
      bool ok = false;
      std::uint8_t names = 0;
      const walker::root_read read = w.root_key(ok, names);
      if (read == walker::root_read::key) {
        result.shape = set_shape::single_key;
        return ok;
      }
      bool has_keys = (names & (1U << w_keys)) != 0;
      bool has_jwks = (names & (1U << w_jwks)) != 0;
      if (read == walker::root_read::unsure) {
        const std::uint32_t start = s.pos;
        const char* backslash = s.next_backslash;
        if (!find_wrappers(s, has_keys, has_jwks)) return false;
        s.rewind(start, backslash);
        s.scratch_used = 0;  // names decoded while looking are not referenced
      }
      if (has_keys && has_jwks) {
        s.fail_document(error_code::ambiguous_shape, open, ambiguity);
        return s.validate();
      }
      wrapper = has_keys || has_jwks;
    }
  }
  if (!wrapper) {
    result.shape = mode == walk_mode::key_set ? set_shape::single_key : set_shape::none;
    return w.element(0, false);
  }
  int shape = -1;  // the first wrapper member's id
  bool ambiguous = false;
  const bool ok = s.each_member(true, wrapper_member_of, [&](int id, const char*) {
    if (id < 0) return s.validate();
    if (shape >= 0 && id != shape) {
      ambiguous = true;
      return s.validate();
    }
    shape = id;
    return id == w_keys ? w.key_array() : w.jwks_value();
  });
  if (ambiguous && !s.syntax_failed) {
    s.document_error = s.make_error(error_code::ambiguous_shape, open, ambiguity);
  } else {
    result.shape = shape == w_keys ? set_shape::keys_object : set_shape::jwks_object;
  }
  return ok;
}

}  // namespace

walk_result walk_document(parse_state& s, walk_mode mode, key_output& out) noexcept {
  walk_result result;
  bool ok;
  const char first = s.peek();
  if (mode == walk_mode::set_element && (first == '{' || first == '[')) {
    ok = walker(s, out).element(s.element_index, false);
  } else if (first == '{') {
    ok = walk_object_root(s, mode, out, result);
  } else if (first == '[') {
    if (mode == walk_mode::key_set) {
      result.shape = set_shape::array;
      ok = walker(s, out).key_array();
    } else {
      s.fail_document(error_code::unexpected_root, s.here(),
                      "the root is an array; expected one key object");
      ok = s.validate();
    }
  } else {
    result.scalar_root = true;
    s.fail_syntax();
    return result;
  }
  // Nothing may follow the root, unless the index runs on.
  if (ok && !out.stopped && s.pos != s.count && !s.runs_on) s.fail_syntax();
  return result;
}

}  // namespace jwkview::detail
