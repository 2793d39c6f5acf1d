#include "key_mapper.hpp"

#include <cassert>
#include <cstring>

#include "base64.hpp"
#include "jwkview/compare.hpp"
#include "key_rules.hpp"

namespace jwkview::detail {
namespace {

// Key object members. Bit positions for the duplicate guard.
enum member_id : int {
  m_id,
  m_created,
  m_last_updated,
  m_links,
  m_kid,
  m_status,
  m_kty,
  m_alg,
  m_use,
  m_key_ops,
  m_e,
  m_n,
  m_crv,
  m_x,
  m_y,
  m_x5u,
  m_x5c,
  m_x5t,
  m_x5t_s256,
  // private members, always refused
  m_d,
  m_p,
  m_q,
  m_dp,
  m_dq,
  m_qi,
  m_oth,
  m_k,
};

int key_member_of(std::string_view n) noexcept {
  switch (n.size()) {
    case 1:
      switch (n[0]) {
        case 'e':
          return m_e;
        case 'n':
          return m_n;
        case 'x':
          return m_x;
        case 'y':
          return m_y;
        case 'd':
          return m_d;
        case 'p':
          return m_p;
        case 'q':
          return m_q;
        case 'k':
          return m_k;
        default:
          return -1;
      }
    case 2:
      if (n == "id") return m_id;
      if (n == "dp") return m_dp;
      if (n == "dq") return m_dq;
      if (n == "qi") return m_qi;
      return -1;
    case 3:
      if (n == "kty") return m_kty;
      if (n == "kid") return m_kid;
      if (n == "alg") return m_alg;
      if (n == "use") return m_use;
      if (n == "crv") return m_crv;
      if (n == "x5u") return m_x5u;
      if (n == "x5c") return m_x5c;
      if (n == "x5t") return m_x5t;
      if (n == "oth") return m_oth;
      return -1;
    case 6:
      if (n == "status") return m_status;
      if (n == "_links") return m_links;
      return -1;
    case 7:
      if (n == "created") return m_created;
      if (n == "key_ops") return m_key_ops;
      return -1;
    case 8:
      return n == "x5t#S256" ? m_x5t_s256 : -1;
    case 11:
      return n == "lastUpdated" ? m_last_updated : -1;
    default:
      return -1;
  }
}

enum link_member_id : int { l_activate, l_deactivate, l_delete };
int links_member_of(std::string_view n) noexcept {
  if (n == "activate") return l_activate;
  if (n == "deactivate") return l_deactivate;
  if (n == "delete") return l_delete;
  return -1;
}

enum href_member_id : int { h_href, h_name, h_type, h_templated, h_hints };
int href_member_of(std::string_view n) noexcept {
  if (n == "href") return h_href;
  if (n == "name") return h_name;
  if (n == "type") return h_type;
  if (n == "templated") return h_templated;
  if (n == "hints") return h_hints;
  return -1;
}

int hints_member_of(std::string_view n) noexcept {
  return n == "allow" ? 0 : -1;
}

bool is_null(token t) noexcept {
  return t.size() == 4 && std::memcmp(t.begin, "null", 4) == 0;
}

class mapper {
 public:
  mapper(parse_state& s, key& k) noexcept : s_(s), k_(k) {}

  bool map() noexcept {
    const char* open = s_.here();
    k_ = key{};
    k_.offset = s_.offset(open);
    at_.object = open;
    if (!s_.each_member(false, key_member_of,
                        [this](int id, const char* name_at) { return read_member(id, name_at); }))
      return false;
    if (!s_.key_failed()) check_key_rules(s_, k_, at_);
    return true;
  }

 private:
  bool okta() const noexcept { return s_.opts->profile == profile::okta; }
  bool checks() const noexcept { return s_.opts->key_checks; }

  bool read_member(int id, const char* name_at) noexcept {
    switch (id) {
      case m_id:
        return text(k_.id, false);
      case m_created:
        return text(k_.created, true);
      case m_last_updated:
        return text(k_.last_updated, true);
      case m_kid:
        return text(k_.kid, true);
      case m_x5u:
        return text(k_.x5u, false);
      case m_status:
        return enumerated(k_.status, false, parse_key_status, nullptr, nullptr);
      case m_kty:
        return enumerated(k_.kty, false, parse_key_type, nullptr,
                          [](key_type t) { return t == key_type::rsa || t == key_type::ec; });
      case m_alg:
        return enumerated(k_.alg, true, parse_algorithm, &at_.alg, nullptr);
      case m_use:
        return enumerated(k_.use, true, parse_key_use, &at_.use, nullptr);
      case m_crv:
        return enumerated(k_.crv, true, parse_curve, &at_.crv, [](curve c) {
          return c == curve::p256 || c == curve::p384 || c == curve::p521;
        });
      case m_e:
        return material(k_.e, true, &at_.e_null, nullptr);
      case m_n:
        return material(k_.n, true, &at_.n_null, nullptr);
      case m_x:
        return material(k_.x, false, nullptr, &at_.x);
      case m_y:
        return material(k_.y, false, nullptr, &at_.y);
      case m_x5t:
        return digest(k_.x5t, 20);
      case m_x5t_s256:
        return digest(k_.x5t_s256, 32);
      case m_key_ops:
        return key_ops();
      case m_x5c:
        return certificates();
      case m_links:
        return links();
      case -1:
        return s_.validate();
      default:  // a private member
        s_.fail_key(error_code::private_member, name_at);
        return s_.validate();
    }
  }

  // A string member. Null is kept when `nullable` (and its position in
  // *null_at), refused otherwise.
  bool text(string_member& m, bool nullable, const char** null_at = nullptr,
            const char** value_at = nullptr) noexcept {
    const token t = s_.current();
    if (t.first() == '"') {
      if (!s_.read_string(t, m.value)) return false;
      m.state = presence::value;
      if (value_at != nullptr) *value_at = t.begin;
      return true;
    }
    if (nullable && is_null(t)) {
      ++s_.pos;
      m.state = presence::null;
      if (null_at != nullptr) *null_at = t.begin;
      return true;
    }
    return refuse(t);
  }

  template <typename E, typename Allowed>
  bool enumerated(enum_member<E>& m, bool nullable, E (*parse)(std::string_view),
                  const char** value_at, Allowed okta_allows) noexcept {
    const char* at = s_.here();
    string_member raw;
    if (!text(raw, nullable)) return false;
    m.state = raw.state;
    if (value_at != nullptr) *value_at = at;
    if (!raw.has_value()) return true;
    m.text = raw.value;
    m.value = parse(raw.value);
    bool allowed = m.value != E::unknown;
    if constexpr (!std::is_same_v<Allowed, std::nullptr_t>)
      allowed = allowed && okta_allows(m.value);
    if (okta() && !allowed && !std::is_same_v<E, algorithm>) {
      s_.fail_key(error_code::unknown_value, at);
    }
    return true;
  }

  // n, e, x, y: base64url octets.
  bool material(string_member& m, bool nullable, const char** null_at,
                const char** value_at) noexcept {
    const char* at = s_.here();
    if (!text(m, nullable, null_at, value_at)) return false;
    if (m.has_value() && checks()) {
      if (m.value.empty()) {
        s_.fail_key(error_code::empty_key_material, at);
      } else if (base64url_decoded_size(m.value) == not_base64) {
        s_.fail_key(error_code::invalid_base64url, at);
      }
    }
    return true;
  }

  // x5t and x5t#S256: base64url digests of a fixed size.
  bool digest(string_member& m, std::size_t octets) noexcept {
    const char* at = s_.here();
    if (!text(m, false)) return false;
    if (m.has_value() && checks()) {
      const std::size_t size = base64url_decoded_size(m.value);
      if (m.value.empty()) {
        s_.fail_key(error_code::empty_key_material, at);
      } else if (size == not_base64) {
        s_.fail_key(error_code::invalid_base64url, at);
      } else if (size != octets) {
        s_.fail_key(error_code::wrong_digest_length, at);
      }
    }
    return true;
  }

  // An array of strings. `entry(text, at)` sees each decoded entry; escaped
  // entries are recorded in scratch for string_list (length, then bytes).
  template <typename Entry>
  bool list(string_list& out, presence& state, Entry entry) noexcept {
    const token t = s_.current();
    if (t.first() != '[') return refuse(t);
    const char* decoded = s_.scratch + s_.scratch_used;
    std::size_t count = 0;
    const bool ok = s_.each_element([&](std::size_t i) {
      const token et = s_.current();
      count = i + 1;
      s_.push(i);
      if (et.first() == '"') {
        std::string_view text;
        if (!list_entry(et, text)) return false;
        entry(text, et.begin);
      } else {
        if (!s_.validate()) return false;
        s_.fail_key(error_code::wrong_type, et.begin);
      }
      s_.pop();
      return true;
    });
    if (!ok) return false;
    out = string_list(t.begin, count, decoded);
    state = presence::value;
    return true;
  }

  bool list_entry(token t, std::string_view& out) noexcept {
    const char* body = t.begin + 1;
    const char* body_end = t.end - 1;
    if (!s_.has_backslash(body, body_end)) return s_.read_string(t, out);
    // A string_list record: the decoded length, then the decoded bytes.
    char* record = s_.scratch + s_.scratch_used;
    s_.scratch_used += sizeof(std::uint32_t);
    if (!s_.read_string(t, out)) return false;
    const auto decoded_length = static_cast<std::uint32_t>(out.size());
    std::memcpy(record, &decoded_length, sizeof decoded_length);
    return true;
  }

  // RFC 7517 §4.3: no value may repeat. Registered values are tracked in
  // the set; others on the unknown-name stack, which bounds the work.
  bool key_ops() noexcept {
    const std::size_t mark = s_.unknown_count;
    bool full = false;
    const bool ok =
        list(k_.key_ops.entries, k_.key_ops.state, [&](std::string_view text, const char* at) {
          const key_op op = parse_key_op(text);
          bool repeated = op != key_op::unknown && k_.key_ops.values.contains(op);
          if (op == key_op::unknown && !full) {
            const auto r = s_.add_unknown(mark, text);
            repeated = r == parse_state::unknown_result::duplicate;
            if (r == parse_state::unknown_result::full) {
              s_.fail_document(error_code::too_many_members, at);
              full = true;
            }
          }
          if (repeated) s_.fail_key(error_code::duplicate_value, at);
          k_.key_ops.values.insert(op);
        });
    s_.unknown_count = mark;
    return ok && !full;
  }

  bool certificates() noexcept {
    return list(k_.x5c.value, k_.x5c.state, [this](std::string_view text, const char* at) {
      if (checks() && base64_decoded_size(text) == not_base64) {
        s_.fail_key(error_code::invalid_base64, at);
      }
    });
  }

  // An interpreted object member (_links, a link, hints): type-checked, then
  // its members read by `handle` under the duplicate guard.
  template <typename Handle>
  bool object_member(int (*lookup)(std::string_view), presence& state, const char** at,
                     Handle handle) noexcept {
    const token t = s_.current();
    if (t.first() != '{') return refuse(t);
    if (at != nullptr) *at = t.begin;
    if (!s_.each_member(false, lookup, handle)) return false;
    state = presence::value;
    return true;
  }

  bool links() noexcept {
    return object_member(links_member_of, k_.links.state, nullptr, [this](int id, const char*) {
      switch (id) {
        case l_activate:
          return link_object(k_.links.activate, at_.activate);
        case l_deactivate:
          return link_object(k_.links.deactivate, at_.deactivate);
        case l_delete:
          return link_object(k_.links.delete_, at_.delete_);
        default:
          return s_.validate();
      }
    });
  }

  bool link_object(link& l, const char*& at) noexcept {
    return object_member(href_member_of, l.state, &at, [this, &l](int id, const char*) {
      switch (id) {
        case h_href:
          return text(l.href, false);
        case h_name:
          return text(l.name, false);
        case h_type:
          return text(l.type, false);
        case h_templated:
          return boolean(l.templated);
        case h_hints:
          return hints(l);
        default:
          return s_.validate();
      }
    });
  }

  bool hints(link& l) noexcept {
    return object_member(hints_member_of, l.hints, nullptr, [this, &l](int id, const char*) {
      if (id != 0) return s_.validate();
      return list(l.allow.entries, l.allow.state,
                  [this, &l](std::string_view text, const char* at) {
                    const http_method method = parse_http_method(text);
                    if (method == http_method::unknown && okta()) {
                      s_.fail_key(error_code::unknown_value, at);
                    }
                    l.allow.values.insert(method);
                  });
    });
  }

  bool boolean(jwkview::member<bool>& m) noexcept {
    const token t = s_.current();
    if (t.size() == 4 && std::memcmp(t.begin, "true", 4) == 0) {
      ++s_.pos;
      m = {true, presence::value};
      return true;
    }
    if (t.size() == 5 && std::memcmp(t.begin, "false", 5) == 0) {
      ++s_.pos;
      m = {false, presence::value};
      return true;
    }
    return refuse(t);
  }

  // A value of the wrong type (its token t at the cursor): null is
  // null_not_allowed, anything else (validated first, so a syntax error
  // wins) is wrong_type.
  bool refuse(token t) noexcept {
    if (is_null(t)) {
      ++s_.pos;
      s_.fail_key(error_code::null_not_allowed, t.begin);
      return true;
    }
    if (!s_.validate()) return false;
    s_.fail_key(error_code::wrong_type, t.begin);
    return true;
  }

  parse_state& s_;
  key& k_;
  member_positions at_{};
};

// The common case in one lean pass: every member known and given once, every
// value of the expected type without escapes, and every check passing. It
// builds no error and no path. Anything else returns false, and the full
// mapper reads the key again from its '{' and names the problem.
class fast_mapper {
 public:
  fast_mapper(parse_state& s, key& k) noexcept : s_(s), k_(k), pos_(s.pos) {}

  bool map() noexcept {
    // The key, _links, a link, hints and allow nest five deep.
    if (s_.depth + 5 > s_.opts->limits.max_depth) return false;
    const char* open = s_.here();
    k_ = key{};
    k_.offset = s_.offset(open);
    at_.object = open;
    if (!object(key_member_of, [this](int id) { return member(id); })) return false;
    check_key_rules(s_, k_, at_);
    if (s_.key_failed()) {
      s_.key_error.code = error_code::ok;  // fail_key writes the whole error
      return false;
    }
    s_.pos = pos_;
    return true;
  }

 private:
  // The character of entry pos_, which the caller knows exists: every value
  // of a member does (the member loop checks that four entries follow).
  [[nodiscard]] char kind() const noexcept { return *s_.here_at(pos_); }
  [[nodiscard]] char peek() const noexcept { return pos_ < s_.count ? kind() : '\0'; }
  [[nodiscard]] token current() const noexcept { return s_.token_at(pos_); }

  // The object at the cursor; `read(id)` reads a known member's value.
  template <typename Lookup, typename Read>
  bool object(Lookup lookup, Read read) noexcept {
    ++pos_;
    if (peek() == '}') {
      ++pos_;
      return true;
    }
    std::uint64_t seen = 0;
    for (;;) {
      // A name, ':', a value and ',' or '}' follow, so no peek runs past the
      // last entry until the value's end.
      if (pos_ + 3 >= s_.count) return false;
      std::string_view name;
      if (!member_name(name)) return false;
      const int id = lookup(name);
      if (id < 0 || (seen >> id & 1) != 0) return false;
      seen |= std::uint64_t{1} << id;
      ++pos_;
      if (!read(id)) return false;
      const char c = peek();
      ++pos_;
      if (c == '}') return true;
      if (c != ',') return false;
    }
  }

  // The member name at the cursor (known to be an entry) and the ':' after
  // it. A name with a backslash matches no known name, so it needs no check
  // here: the lookup sends it to the full mapper.
  bool member_name(std::string_view& out) noexcept {
    if (kind() != '"' || *s_.here_at(pos_ + 1) != ':') return false;
    const token t = current();
    const auto length = t.size() - 2;
    if (length > s_.opts->limits.max_string_bytes) return false;
    out = {t.begin + 1, length};
    pos_ += 1;
    return true;
  }

  // The string at the cursor; its token in *t. Escapes are decoded into
  // scratch when `unescape` allows (member values); elsewhere they take the
  // full mapper.
  bool body(std::string_view& out, token* t = nullptr, bool unescape = false) noexcept {
    if (kind() != '"') return false;
    const token tk = current();
    const char* b = tk.begin + 1;
    const char* e = tk.end - 1;
    if (!unescape && s_.has_backslash(b, e)) return false;
    if (!s_.decode(b, e, out)) return false;
    if (t != nullptr) *t = tk;
    ++pos_;
    return true;
  }

  bool text(string_member& m, const char** at = nullptr) noexcept {
    token t;
    if (!body(m.value, &t, true)) return false;
    m.state = presence::value;
    if (at != nullptr) *at = t.begin;
    return true;
  }

  // An enumerated member; okta_allows says whether Okta's profile takes its
  // value (an unknown alg is kept in every profile).
  template <typename E, typename Allowed>
  bool enumerated(enum_member<E>& m, E (*parse)(std::string_view), Allowed okta_allows,
                  const char** at = nullptr) noexcept {
    token t;
    if (!body(m.text, &t, true)) return false;
    if (at != nullptr) *at = t.begin;
    m.state = presence::value;
    m.value = parse(m.text);
    return s_.opts->profile != profile::okta || okta_allows(m.value);
  }

  bool material(string_member& m, std::size_t digest = 0, const char** at = nullptr) noexcept {
    if (!text(m, at)) return false;
    if (!s_.opts->key_checks) return true;
    const std::size_t size = base64url_decoded_size(m.value);
    return !m.value.empty() && size != not_base64 && (digest == 0 || size == digest);
  }

  bool member(int id) noexcept {
    switch (id) {
      case m_id:
        return text(k_.id);
      case m_created:
        return text(k_.created);
      case m_last_updated:
        return text(k_.last_updated);
      case m_kid:
        return text(k_.kid);
      case m_x5u:
        return text(k_.x5u);
      case m_status:
        return enumerated(k_.status, parse_key_status,
                          [](key_status v) { return v != key_status::unknown; });
      case m_kty:
        return enumerated(k_.kty, parse_key_type,
                          [](key_type v) { return v == key_type::rsa || v == key_type::ec; });
      case m_alg:
        return enumerated(
            k_.alg, parse_algorithm, [](algorithm) { return true; }, &at_.alg);
      case m_use:
        return enumerated(
            k_.use, parse_key_use, [](key_use v) { return v != key_use::unknown; }, &at_.use);
      case m_crv:
        return enumerated(
            k_.crv, parse_curve,
            [](curve v) { return v == curve::p256 || v == curve::p384 || v == curve::p521; },
            &at_.crv);
      case m_e:
        return material(k_.e);
      case m_n:
        return material(k_.n);
      case m_x:
        return material(k_.x, 0, &at_.x);
      case m_y:
        return material(k_.y, 0, &at_.y);
      case m_x5t:
        return material(k_.x5t, 20);
      case m_x5t_s256:
        return material(k_.x5t_s256, 32);
      case m_links:
        return kind() == '{' &&
               object(links_member_of,
                      [this](int link_id) {
                        switch (link_id) {
                          case l_activate:
                            return link_object(k_.links.activate, at_.activate);
                          case l_deactivate:
                            return link_object(k_.links.deactivate, at_.deactivate);
                          default:
                            return link_object(k_.links.delete_, at_.delete_);
                        }
                      }) &&
               (k_.links.state = presence::value, true);
      default:  // key_ops, x5c and private members take the full mapper
        return false;
    }
  }

  bool link_object(link& l, const char*& at) noexcept {
    if (kind() != '{') return false;
    at = s_.here_at(pos_);
    if (!object(href_member_of, [this, &l](int id) {
          switch (id) {
            case h_href:
              return text(l.href);
            case h_name:
              return text(l.name);
            case h_type:
              return text(l.type);
            case h_templated:
              return boolean(l.templated);
            default:
              return hints(l);
          }
        }))
      return false;
    l.state = presence::value;
    return true;
  }

  bool boolean(jwkview::member<bool>& m) noexcept {
    const token t = current();
    const bool is_true = t.size() == 4 && std::memcmp(t.begin, "true", 4) == 0;
    if (!is_true && !(t.size() == 5 && std::memcmp(t.begin, "false", 5) == 0)) return false;
    m = {is_true, presence::value};
    ++pos_;
    return true;
  }

  bool hints(link& l) noexcept {
    if (kind() != '{') return false;
    if (!object(hints_member_of, [this, &l](int) { return allow(l); })) return false;
    l.hints = presence::value;
    return true;
  }

  bool allow(link& l) noexcept {
    if (kind() != '[') return false;
    const char* open = s_.here_at(pos_);
    ++pos_;
    std::size_t count = 0;
    if (peek() == ']') {
      ++pos_;
    } else {
      for (;;) {
        if (pos_ + 1 >= s_.count) return false;  // an entry, then ',' or ']'
        std::string_view text;
        if (!body(text)) return false;
        const http_method method = parse_http_method(text);
        if (method == http_method::unknown && s_.opts->profile == profile::okta) return false;
        l.allow.values.insert(method);
        ++count;
        const char c = peek();
        ++pos_;
        if (c == ']') break;
        if (c != ',') return false;
      }
    }
    l.allow.entries = string_list(open, count, s_.scratch + s_.scratch_used);
    l.allow.state = presence::value;
    return true;
  }

  parse_state& s_;
  key& k_;
  std::uint32_t pos_;
  member_positions at_{};
};

}  // namespace

bool map_key(parse_state& state, key& k) noexcept {
  const std::uint32_t start = state.pos;
  const std::size_t scratch_mark = state.scratch_used;
  if (fast_mapper(state, k).map()) {
#if !defined(NDEBUG)
    // Debug builds (the sanitizer suite) hold the fast path to the full one.
    const key fast = k;
    const std::uint32_t end = state.pos;
    state.rewind(start);
    const bool full = mapper(state, k).map();
    assert(full && !state.key_failed() && state.pos == end && k == fast);
    (void)full;
    (void)end;
#endif
    return true;
  }
  state.rewind(start);
  state.scratch_used = scratch_mark;
  return mapper(state, k).map();
}

}  // namespace jwkview::detail
