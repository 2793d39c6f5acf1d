#include "set_walker.hpp"

#include "key_mapper.hpp"

namespace jwkview::detail {
namespace {

int keys_member_of(std::string_view name) noexcept {
  return name == "keys" ? 0 : -1;
}

class walker {
 public:
  walker(parse_state& s, key_output& out) noexcept : s_(s), out_(out) {}

  // One element of a set (or the single key): map it and deliver it.
  bool element(od::value& v, std::size_t index, bool in_set) noexcept {
    const token t = token_of(v);
    if (in_set && index >= s_.opts->limits.max_keys) {
      s_.push(index);
      return s_.fail_document(error_code::too_many_keys, t.begin);
    }
    if (in_set) s_.push(index);
    const bool ok = deliver(v, t, index);
    if (in_set) s_.pop();
    return ok;
  }

  bool key_array(od::value& v) noexcept {
    const token t = token_of(v);
    if (t.first() != '[') {
      s_.fail_document(error_code::wrong_type, t.begin);
      return s_.validate(v);
    }
    if (!s_.enter()) return false;
    od::array arr;
    if (v.get_array().get(arr) != simdjson::SUCCESS) return s_.fail_syntax();
    std::size_t index = 0;
    for (auto element_result : arr) {
      od::value value;
      if (!unpack(element_result, value)) return s_.fail_syntax();
      if (!element(value, index++, true)) return false;
    }
    s_.leave();
    return true;
  }

  // {"keys": [...], ...}: the value of the "keys" member is the set.
  bool keys_wrapper(od::object& obj, const char* open) noexcept {
    bool saw_keys = false;
    const bool ok =
        s_.each_member(obj, true, keys_member_of, [&](int id, od::value& value, const char*) {
          if (id != 0) return s_.validate(value);
          saw_keys = true;
          return key_array(value);
        });
    if (!ok) return false;
    if (!saw_keys) {
      s_.push("keys");
      s_.fail_document(error_code::missing_member, open);
      s_.pop();
    }
    return true;
  }

  bool jwks_value(od::value& v) noexcept {
    const token t = token_of(v);
    if (t.first() != '{') {
      s_.fail_document(error_code::wrong_type, t.begin);
      return s_.validate(v);
    }
    od::object obj;
    if (!s_.open_object(v, obj)) return false;
    if (!keys_wrapper(obj, t.begin)) return false;
    s_.leave();
    return true;
  }

 private:
  bool deliver(od::value& v, token t, std::size_t index) noexcept {
    if (s_.document_failed()) return s_.validate(v);  // a wrapper error: no more keys
    if (t.first() != '{') {
      if (!s_.validate(v)) return false;
      out_.add_error(s_.make_error(error_code::wrong_type, t.begin));
      return true;
    }
    key& k = out_.slot();
    s_.key_error = {};
    if (!map_key(s_, v, k)) return false;
    k.index = index;
    if (s_.key_failed()) {
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
    if (out_.delivered == out_.storage.size())
      return s_.fail_document(error_code::storage_full, t.begin);
    ++out_.delivered;
    return true;
  }

  parse_state& s_;
  key_output& out_;
};

// The root object's shape, from its member names alone.
bool find_wrapper(parse_state& s, od::document& doc, bool& has_keys, bool& has_jwks) noexcept {
  od::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS) return s.fail_syntax();
  for (auto field_result : obj) {
    od::field field;
    if (!unpack(field_result, field)) return s.fail_syntax();
    const char* at;
    std::string_view name;
    if (!s.read_name(field.key().raw(), at, name)) return false;
    has_keys = has_keys || name == "keys";
    has_jwks = has_jwks || name == "jwks";
  }
  return true;
}

int jwks_member_of(std::string_view name) noexcept {
  return name == "jwks" ? 0 : -1;
}

bool walk_object_root(parse_state& s, od::document& doc, walk_mode mode, key_output& out,
                      walk_result& result) noexcept {
  walker w(s, out);
  bool has_keys = false;
  bool has_jwks = false;
  if (mode == walk_mode::key_set) {
    if (!find_wrapper(s, doc, has_keys, has_jwks)) return false;
    doc.rewind();
    s.scratch_used = 0;  // names decoded while looking are not referenced
  }
  if (!has_keys && !has_jwks) {
    result.shape = mode == walk_mode::key_set ? set_shape::single_key : set_shape::none;
    od::value root;
    if (doc.get_value().get(root) != simdjson::SUCCESS) return s.fail_syntax();
    return w.element(root, 0, false);
  }
  std::string_view raw;
  if (doc.raw_json_token().get(raw) != simdjson::SUCCESS) return s.fail_syntax();
  const char* open = raw.data();
  if (has_keys && has_jwks) {
    s.fail_document(error_code::ambiguous_shape, open);
    od::value root;
    return (doc.get_value().get(root) == simdjson::SUCCESS || s.fail_syntax()) && s.validate(root);
  }
  od::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS) return s.fail_syntax();
  if (!s.enter()) return false;
  bool ok;
  if (has_keys) {
    result.shape = set_shape::keys_object;
    ok = w.keys_wrapper(obj, open);
  } else {
    result.shape = set_shape::jwks_object;
    ok = s.each_member(obj, true, jwks_member_of, [&](int id, od::value& value, const char*) {
      return id == 0 ? w.jwks_value(value) : s.validate(value);
    });
  }
  if (!ok) return false;
  s.leave();
  return true;
}

}  // namespace

walk_result walk_document(parse_state& s, od::document& doc, walk_mode mode,
                          key_output& out) noexcept {
  walk_result result;
  std::string_view raw;
  if (doc.raw_json_token().get(raw) != simdjson::SUCCESS || raw.empty()) {
    s.fail_syntax();
    return result;
  }
  bool ok;
  const char first = raw.front();
  if (mode == walk_mode::set_element && (first == '{' || first == '[')) {
    walker w(s, out);
    od::value root;
    ok = (doc.get_value().get(root) == simdjson::SUCCESS || s.fail_syntax()) &&
         w.element(root, s.element_index, false);
  } else if (first == '{') {
    ok = walk_object_root(s, doc, mode, out, result);
  } else if (first == '[') {
    if (mode == walk_mode::key_set) {
      result.shape = set_shape::array;
      walker w(s, out);
      od::value root;
      ok = (doc.get_value().get(root) == simdjson::SUCCESS || s.fail_syntax()) && w.key_array(root);
    } else {
      od::value root;
      s.fail_document(error_code::unexpected_root, raw.data());
      ok = (doc.get_value().get(root) == simdjson::SUCCESS || s.fail_syntax()) && s.validate(root);
    }
  } else {
    result.scalar_root = true;
    s.fail_syntax();
    return result;
  }
  // Nothing may follow the root: current_location() is OUT_OF_BOUNDS at the end.
  const char* rest = nullptr;
  if (ok && !out.stopped && doc.current_location().get(rest) != simdjson::OUT_OF_BOUNDS)
    s.fail_syntax();
  return result;
}

}  // namespace jwkview::detail
