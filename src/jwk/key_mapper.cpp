#include "jwk/key_mapper.hpp"

#include <cassert>
#include <cstring>

#include "json/string_list_access.hpp"
#include "jwk/base64.hpp"
#include "jwk/key_rules.hpp"
#include "jwkview/compare.hpp"

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

// profile::automatic checks a key against the okta schema when it has one
// of the members only Okta's management API gives a key.
bool has_okta_members(const key& k) noexcept {
  return !k.id.is_absent() || !k.created.is_absent() || !k.last_updated.is_absent() ||
         !k.status.is_absent() || k.links.state != presence::absent;
}

// What the okta schema allows, for messages.
constexpr std::string_view okta_key_types = "(RSA, EC)";
constexpr std::string_view okta_curves = "(P-256, P-384, P-521)";
constexpr std::string_view okta_uses = "(sig, enc)";
constexpr std::string_view okta_statuses = "(ACTIVE, INACTIVE)";
constexpr std::string_view okta_methods = "(GET, POST, PUT, PATCH, DELETE)";

bool okta_key_type(key_type t) noexcept {
  return t == key_type::rsa || t == key_type::ec;
}
bool okta_curve(curve c) noexcept {
  return c == curve::p256 || c == curve::p384 || c == curve::p521;
}
template <typename E>
bool known(E value) noexcept {
  return value != E::unknown;
}
bool any_algorithm(algorithm) noexcept {
  return true;
}

// "kty "oct" is not allowed by the okta profile (RSA, EC); --profile rfc7517 accepts it"
void okta_refusal(message& m, std::string_view value, std::string_view allowed) noexcept {
  m.quote(value) << " is not allowed by the okta profile " << allowed
                 << "; --profile rfc7517 accepts it";
}

// The octets a digest member must hold, and its name in messages.
struct digest_kind {
  std::size_t octets;
  std::string_view name;
};
constexpr digest_kind sha1_digest{20, "a SHA-1 thumbprint"};
constexpr digest_kind sha256_digest{32, "a SHA-256 thumbprint"};

// Auth0 writes x5t as the base64url of the digest's hex text.
bool is_hex_text(const std::uint8_t* p, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    const char c = static_cast<char>(p[i]);
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

class mapper {
 public:
  mapper(parse_state& s, key& k) noexcept : s_(s), k_(k) {}

  bool map() noexcept {
    const char* open = s_.here();
    k_ = key{};
    k_.offset = s_.offset(open);
    at_.object = open;
    if (!s_.each_member(
            false, [](std::string_view n) { return key_member_of(n); },
            [this](int id, const char* name_at) { return read_member(id, name_at); }))
      return false;
    s_.schema_decided(has_okta_members(k_));
    k_.schema = s_.key_schema;
    if (!s_.key_failed()) {
      rule_sink rules{&report_rule, &s_, s_.key_schema, s_.opts->key_checks};
      check_key_rules(rules, k_, at_);
    }
    return true;
  }

 private:
  // A rule's violation becomes the key's error, at its member's path.
  static void report_rule(void* context, const rule_violation& v) noexcept {
    auto& s = *static_cast<parse_state*>(context);
    for (std::size_t i = 0; i < v.path_size; ++i) s.push(v.path[i]);
    s.fail_key(v.code, v.at, v.message);
    for (std::size_t i = 0; i < v.path_size; ++i) s.pop();
  }

  bool checks() const noexcept { return s_.opts->key_checks; }

  [[gnu::always_inline]] bool read_member(int id, const char* name_at) noexcept {
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
        return enumerated(k_.status, false, parse_key_status, nullptr, known<key_status>,
                          okta_statuses);
      case m_kty:
        return enumerated(k_.kty, false, parse_key_type, nullptr, okta_key_type, okta_key_types);
      case m_alg:
        return enumerated(k_.alg, true, parse_algorithm, &at_.alg, any_algorithm, {});
      case m_use:
        return enumerated(k_.use, true, parse_key_use, &at_.use, known<key_use>, okta_uses);
      case m_crv:
        return enumerated(k_.crv, true, parse_curve, &at_.crv, okta_curve, okta_curves);
      case m_e:
        return material(k_.e, true, &at_.e_null, nullptr);
      case m_n:
        return material(k_.n, true, &at_.n_null, nullptr);
      case m_x:
        return material(k_.x, false, nullptr, &at_.x);
      case m_y:
        return material(k_.y, false, nullptr, &at_.y);
      case m_x5t:
        return digest(k_.x5t, sha1_digest);
      case m_x5t_s256:
        return digest(k_.x5t_s256, sha256_digest);
      case m_key_ops:
        return key_ops();
      case m_x5c:
        return certificates();
      case m_links:
        return links();
      case -1:
        return s_.validate();
      case m_k:
        if (s_.opts->accept_secret_keys) return material(k_.k, false, nullptr, &at_.k);
        [[fallthrough]];
      default: {  // a private member
        message text;
        s_.subject(text << '"')
            << "\" is a private key member; a public key listing must not hold it";
        s_.fail_key(error_code::private_member, name_at, text.view());
        return s_.validate();
      }
    }
  }

  // A string member. Null is kept when `nullable` (and its position in
  // *null_at), refused otherwise.
  [[gnu::always_inline]] bool text(string_member& m, bool nullable, const char** null_at = nullptr,
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
    return refuse("a string");
  }

  // An enumerated member; `okta_allows` says whether the okta schema takes
  // its value, and `okta_values` lists what it takes.
  template <typename E>
  bool enumerated(enum_member<E>& m, bool nullable, E (*parse)(std::string_view),
                  const char** value_at, bool (*okta_allows)(E),
                  std::string_view okta_values) noexcept {
    const char* at = s_.here();
    string_member raw;
    if (!text(raw, nullable)) return false;
    m.state = raw.state;
    if (value_at != nullptr) *value_at = at;
    if (!raw.has_value()) return true;
    m.text = raw.value;
    m.value = parse(raw.value);
    if (!okta_allows(m.value) || m.value == E::unknown) {
      if constexpr (!std::is_same_v<E, algorithm>) {
        message text;
        okta_refusal(s_.subject(text) << ' ', m.text, okta_values);
        s_.fail_okta(error_code::unknown_value, at, text.view());
      }
    }
    return true;
  }

  // Where character i of a member's decoded value sits, for messages: its
  // offset in the input when the value is a view of it.
  message& position(message& m, std::string_view value, std::size_t i) const noexcept {
    if (value.data() >= s_.parse_base && value.data() < s_.parse_end)
      return m << "at offset " << s_.offset(value.data() + i);
    return m << "at character " << i;
  }

  // "n is not canonical base64url: "=" padding at offset 342"
  void describe_base64(message& m, std::string_view value, bool padded) const noexcept {
    const base64_diagnosis d = padded ? diagnose_base64(value) : diagnose_base64url(value);
    s_.subject(m) << (padded ? " is not canonical padded base64: "
                             : " is not canonical base64url: ");
    const char c = d.at < value.size() ? value[d.at] : '=';
    switch (d.fault) {
      case base64_fault::padding:
        if (!padded) return void(position(m << "\"=\" padding ", value, d.at));
        return void(m << "its padding does not complete the last group of 4 characters");
      case base64_fault::other_alphabet:
        m.byte(c) << ' ';
        position(m, value, d.at) << (padded ? " belongs to base64url"
                                            : " belongs to standard base64");
        return;
      case base64_fault::invalid_character:
        position(m.byte(c) << ' ', value, d.at) << " is in neither base64 alphabet";
        return;
      case base64_fault::lone_character:
        m << "its length, " << value.size() << ", leaves one character over";
        return;
      case base64_fault::stray_bits:
      case base64_fault::none:
        m << "the last character, ";
        m.byte(c) << ", has nonzero unused bits";
        return;
    }
  }

  // n, e, x, y: base64url octets. With options::base64 tolerant, padded or
  // standard-alphabet text is rewritten to canonical base64url in scratch.
  bool material(string_member& m, bool nullable, const char** null_at,
                const char** value_at) noexcept {
    const char* at = s_.here();
    if (!text(m, nullable, null_at, value_at)) return false;
    if (!m.has_value() || !checks()) return true;
    if (m.value.empty()) {
      message text;
      s_.subject(text) << " is empty; expected base64url octets";
      s_.fail_key(error_code::empty_key_material, at, text.view());
      return true;
    }
    if (base64url_decoded_size(m.value) != not_base64) return true;
    char* canonical = s_.scratch + s_.scratch_used;
    const std::size_t length = tolerant_base64url(m.value, canonical);
    message text;
    describe_base64(text, m.value, false);
    if (length == not_base64) {
      s_.fail_key(error_code::invalid_base64url, at, text.view());
    } else if (s_.opts->base64 == base64_mode::tolerant) {
      s_.scratch_used += length;
      m.value = {canonical, length};
      s_.warn(error_code::noncanonical_base64url, at, (text << "; read as base64").view());
    } else {
      s_.fail_key(error_code::invalid_base64url, at,
                  (text << "; --tolerant-base64 accepts it").view());
    }
    return true;
  }

  // x5t and x5t#S256: base64url digests of a fixed size. They are hints
  // about a certificate, so every problem with them is a warning.
  bool digest(string_member& m, digest_kind kind) noexcept {
    const char* at = s_.here();
    if (!text(m, false)) return false;
    if (!m.has_value() || !checks()) return true;
    message text;
    const std::size_t size = base64url_decoded_size(m.value);
    if (m.value.empty()) {
      s_.subject(text) << " is empty; expected base64url of " << kind.name;
      s_.warn(error_code::empty_key_material, at, text.view());
    } else if (size == not_base64) {
      describe_base64(text, m.value, false);
      s_.warn(error_code::invalid_base64url, at, text.view());
    } else if (size == 2 * kind.octets && hex_digest(m.value, size)) {
      s_.subject(text) << " holds the " << size << "-character hex text of " << kind.name
                       << ", base64url-encoded (Auth0's form), not the digest itself";
      s_.warn(error_code::hex_thumbprint, at, text.view());
    } else if (size != kind.octets) {
      s_.subject(text) << " decodes to " << size << " octets; " << kind.name << " has "
                       << kind.octets;
      s_.warn(error_code::wrong_digest_length, at, text.view());
    }
    return true;
  }

  // Whether canonical base64url text of `size` octets decodes to hex digits.
  static bool hex_digest(std::string_view value, std::size_t size) noexcept {
    std::uint8_t decoded[2 * sha256_digest.octets];
    return size <= sizeof decoded && base64url_decode(value, decoded, sizeof decoded) == size &&
           is_hex_text(decoded, size);
  }

  // An array of strings. `entry(text, at, i)` sees each decoded entry, and
  // reports a problem with it inside at_element(i, ...): the index joins the
  // path only when there is something to report. Escaped entries are
  // recorded in scratch for string_list (length, then bytes).
  template <typename Entry>
  bool list(string_list& out, presence& state, Entry entry) noexcept {
    // A container's first byte is all the mapper needs of it: its token's end
    // is found by scanning back over whitespace, which refuse() alone pays.
    const char* open = s_.here();
    if (*open != '[') return refuse("an array of strings");
    if (!s_.enter()) return false;
    ++s_.pos;
    const char* decoded = s_.scratch + s_.scratch_used;
    std::size_t count = 0;
    if (s_.peek() == ']') {
      ++s_.pos;
    } else {
      for (;; ++count) {
        if (s_.pos >= s_.count) return s_.fail_syntax();
        const token et = s_.current();
        if (et.first() == '"') {
          std::string_view text;
          if (!list_entry(et, text)) return false;
          entry(text, et.begin, count);
        } else {
          if (!s_.validate()) return false;
          at_element(count, [&] {
            message text;
            s_.subject(text) << " is " << json_type_of(et.first()) << "; expected a string";
            s_.fail_key(error_code::wrong_type, et.begin, text.view());
          });
        }
        const char c = s_.peek();
        ++s_.pos;
        if (c == ']') break;
        if (c != ',') return s_.fail_syntax();
      }
      ++count;
    }
    s_.leave();
    out = string_list_access::make(open, count, decoded);
    state = presence::value;
    return true;
  }

  // Runs `report` with element i of the array being read on the path.
  template <typename Report>
  void at_element(std::size_t i, Report report) noexcept {
    s_.push(i);
    report();
    s_.pop();
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
    const bool ok = list(k_.key_ops.entries, k_.key_ops.state,
                         [&](std::string_view text, const char* at, std::size_t i) {
                           const key_op op = parse_key_op(text);
                           bool repeated = op != key_op::unknown && k_.key_ops.values.contains(op);
                           if (op == key_op::unknown && !full) {
                             const auto r = s_.add_unknown(mark, text);
                             repeated = r == parse_state::unknown_result::duplicate;
                             if (r == parse_state::unknown_result::full) {
                               at_element(i, [&] {
                                 message m;
                                 m << "key_ops holds more than "
                                   << std::size_t{s_.opts->limits.max_unknown_members}
                                   << " unregistered values (limits::max_unknown_members)";
                                 s_.fail_document(error_code::too_many_members, at, m.view());
                               });
                               full = true;
                             }
                           }
                           if (repeated) {
                             at_element(i, [&] {
                               message m;
                               m << "key_ops ";
                               m.quote(text) << " appears twice; RFC 7517 4.3 forbids repeats";
                               s_.fail_key(error_code::duplicate_value, at, m.view());
                             });
                           }
                           k_.key_ops.values.insert(op);
                         });
    s_.unknown_count = mark;
    return ok && !full;
  }

  bool certificates() noexcept {
    return list(k_.x5c.value, k_.x5c.state,
                [this](std::string_view text, const char* at, std::size_t i) {
                  if (checks() && base64_decoded_size(text) == not_base64) {
                    at_element(i, [&] {
                      message m;
                      describe_base64(m, text, true);
                      s_.warn(error_code::invalid_base64, at, m.view());
                    });
                  }
                });
  }

  // An interpreted object member (_links, a link, hints): type-checked, then
  // its members read by `handle` under the duplicate guard.
  // (Lookups are lambdas, not function pointers, so each loop inlines its own.)
  template <typename Lookup, typename Handle>
  bool object_member(Lookup lookup, presence& state, const char** at, Handle handle) noexcept {
    const char* open = s_.here();
    if (*open != '{') return refuse("an object");
    if (at != nullptr) *at = open;
    if (!s_.each_member(false, lookup, handle)) return false;
    state = presence::value;
    return true;
  }

  bool links() noexcept {
    return object_member([](std::string_view n) { return links_member_of(n); }, k_.links.state,
                         nullptr,
                         [this](int id, const char*) {
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
    return object_member([](std::string_view n) { return href_member_of(n); }, l.state, &at,
                         [this, &l](int id, const char*) {
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
    return object_member([](std::string_view n) { return hints_member_of(n); }, l.hints, nullptr,
                         [this, &l](int id, const char*) {
                           if (id != 0) return s_.validate();
                           return list(
                               l.allow.entries, l.allow.state,
                               [this, &l](std::string_view text, const char* at, std::size_t i) {
                                 const http_method method = parse_http_method(text);
                                 if (method == http_method::unknown) {
                                   at_element(i, [&] {
                                     message m;
                                     okta_refusal(s_.subject(m) << ' ', text, okta_methods);
                                     s_.fail_okta(error_code::unknown_value, at, m.view());
                                   });
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
    return refuse("true or false");
  }

  // A value of the wrong type (at the cursor) where `expected` belongs: null
  // is null_not_allowed, anything else (validated first, so a syntax error
  // wins) is wrong_type.
  bool refuse(std::string_view expected) noexcept {
    const token t = s_.current();
    message m;
    s_.subject(m) << " is " << json_type_of(t.first()) << "; expected " << expected;
    if (is_null(t)) {
      ++s_.pos;
      s_.fail_key(error_code::null_not_allowed, t.begin, m.view());
      return true;
    }
    if (!s_.validate()) return false;
    s_.fail_key(error_code::wrong_type, t.begin, m.view());
    return true;
  }

  parse_state& s_;
  key& k_;
  member_positions at_{};
};

}  // namespace

bool map_key(parse_state& state, key& k) noexcept {
  state.begin_key();
  return mapper(state, k).map();
}

}  // namespace jwkview::detail
