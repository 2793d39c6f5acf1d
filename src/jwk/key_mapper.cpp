#include "jwk/key_mapper.hpp"

#include <array>
#include <cassert>
#include <cstring>

#include "json/string_list_access.hpp"
#include "jwk/base64.hpp"
#include "jwk/key_rules.hpp"
#include "jwk/key_schema.hpp"
#include "jwkview/compare.hpp"
#include "name_lookup.hpp"

namespace jwkview::detail {
namespace {

// The members of one link of _links, and of its hints, by number.
enum href_member_id : int { h_href, h_name, h_type, h_templated, h_hints };
constexpr std::array<std::string_view, 5> href_names{"href", "name", "type", "templated", "hints"};
constexpr std::array<std::string_view, 1> hints_names{"allow"};

bool is_null(token t) noexcept {
  return t.size() == 4 && std::memcmp(t.begin, "null", 4) == 0;
}

// profile::automatic checks a key against the okta schema when it has one
// of the members only Okta's management API gives a key.
bool has_okta_members(const key& k) noexcept {
  bool okta = false;
  for_each_row([&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
    constexpr member_group group = key_members[I].group;
    if constexpr (group == member_group::okta || group == member_group::okta_read_only) {
      okta = okta || (k.*field_of<I>).state != presence::absent;
    }
  });
  return okta;
}

// The enum value a decoded text names, by the enum's type.
key_type parse_value(std::string_view t, key_type) noexcept {
  return parse_key_type(t);
}
key_status parse_value(std::string_view t, key_status) noexcept {
  return parse_key_status(t);
}
algorithm parse_value(std::string_view t, algorithm) noexcept {
  return parse_algorithm(t);
}
key_use parse_value(std::string_view t, key_use) noexcept {
  return parse_key_use(t);
}
curve parse_value(std::string_view t, curve) noexcept {
  return parse_curve(t);
}

// "kty "oct" is not allowed by the okta profile (RSA, EC); --profile rfc7517 accepts it",
// listing the values of E in `allowed`.
template <typename E>
void okta_refusal(message& m, std::string_view value, value_bits allowed) noexcept {
  m.quote(value) << " is not allowed by the okta profile (";
  std::string_view separator;
  for (unsigned i = 1; i < 64; ++i) {
    const std::string_view name = to_string(static_cast<E>(i));
    if (name.empty()) break;
    if ((allowed >> i & 1) == 0) continue;
    m << separator << name;
    separator = ", ";
  }
  m << "); --profile rfc7517 accepts it";
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

constexpr key blank_key{};

class mapper {
 public:
  mapper(parse_state& s, key& k) noexcept : s_(s), k_(k) {}

  bool map() noexcept {
    const char* open = s_.here();
    // A copy of a blank record, which the compiler makes one memset, where
    // `key{}` became one store per member (a tenth of the mapping).
    k_ = blank_key;
    k_.offset = s_.offset(open);
    at_.object = open;
    if (!s_.each_member(
            false, [](std::string_view n) { return key_member_of(n); },
            [this](int id, const char* name_at) {
              return read_member(id, name_at, std::make_index_sequence<key_members.size()>{});
            }))
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

  // Reads member `id` (a row of key_members, or -1): a switch over the rows
  // (compilers make the chain of tests one), each case its row's code.
  template <std::size_t... I>
  [[gnu::always_inline]] bool read_member(int id, const char* name_at,
                                          std::index_sequence<I...>) noexcept {
    bool ok = false;
    if (((id == static_cast<int>(I) && (ok = read<I>(name_at), true)) || ...)) return ok;
    if (s_.depth == s_.wrapper_watch_depth) note_wrapper_name(s_.steps[s_.step_count - 1].name);
    return s_.validate();
  }

  // A member of a root object whose shape is not known yet (set_walker.cpp).
  [[gnu::noinline]] void note_wrapper_name(std::string_view name) noexcept {
    const int id = wrapper_member_of(name);
    if (id >= 0) s_.wrapper_names |= static_cast<std::uint8_t>(1U << id);
  }

  template <std::size_t I>
  [[gnu::always_inline]] bool read(const char* name_at) noexcept {
    constexpr member_row row = key_members[I];
    if constexpr (row.position != nullptr) at_.*row.position = s_.here();
    if constexpr (row.kind == member_kind::private_key) {
      return private_member(name_at);
    } else {
      auto& m = k_.*field_of<I>;
      if constexpr (row.kind == member_kind::text) return text(m, row.nullable);
      if constexpr (row.kind == member_kind::enumerated) {
        return enumerated<row.okta_values>(m, row.nullable);
      }
      if constexpr (row.kind == member_kind::material) return material(m, row.nullable);
      if constexpr (row.kind == member_kind::sha1_digest) return digest(m, sha1_digest);
      if constexpr (row.kind == member_kind::sha256_digest) return digest(m, sha256_digest);
      if constexpr (row.kind == member_kind::key_ops) return key_ops(m);
      if constexpr (row.kind == member_kind::certificates) return certificates(m);
      if constexpr (row.kind == member_kind::links) return links(m);
      if constexpr (row.kind == member_kind::secret) {
        return s_.opts->accept_secret_keys ? material(m, row.nullable) : private_member(name_at);
      }
    }
  }

  bool private_member(const char* name_at) noexcept {
    message text;
    s_.subject(text << '"') << "\" is a private key member; a public key listing must not hold it";
    s_.fail_key(error_code::private_member, name_at, text.view());
    return s_.validate();
  }

  // A string member. Null is kept when `nullable`, refused otherwise.
  [[gnu::always_inline]] bool text(string_member& m, bool nullable) noexcept {
    const token t = s_.current();
    if (t.first() == '"') {
      if (!s_.read_string(t, m.value)) return false;
      m.state = presence::value;
      return true;
    }
    if (nullable && is_null(t)) {
      ++s_.pos;
      m.state = presence::null;
      return true;
    }
    return refuse("a string");
  }

  // An enumerated member; the okta schema takes only `okta_values`.
  template <value_bits okta_values, typename E>
  bool enumerated(enum_member<E>& m, bool nullable) noexcept {
    const char* at = s_.here();
    string_member raw;
    if (!text(raw, nullable)) return false;
    m.state = raw.state;
    if (!raw.has_value()) return true;
    m.text = raw.value;
    m.value = parse_value(raw.value, E{});
    if constexpr (okta_values != every_value) {
      if ((okta_values >> static_cast<unsigned>(m.value) & 1) == 0) {
        message text;
        okta_refusal<E>(s_.subject(text) << ' ', m.text, okta_values);
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
  bool material(string_member& m, bool nullable) noexcept {
    const char* at = s_.here();
    if (!text(m, nullable)) return false;
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
  bool key_ops(list_member<key_op>& ops) noexcept {
    const std::size_t mark = s_.unknown_count;
    bool full = false;
    const bool ok =
        list(ops.entries, ops.state, [&](std::string_view text, const char* at, std::size_t i) {
          const key_op op = parse_key_op(text);
          bool repeated = op != key_op::unknown && ops.values.contains(op);
          if (op == key_op::unknown && !full) {
            const auto r = s_.add_unknown(mark, text);
            repeated = r == parse_state::unknown_result::duplicate;
            if (r == parse_state::unknown_result::full) {
              at_element(i, [&] {
                message m;
                m << "key_ops holds more than " << std::size_t{s_.opts->limits.max_unknown_members}
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
          ops.values.insert(op);
        });
    s_.unknown_count = mark;
    return ok && !full;
  }

  bool certificates(member<string_list>& x5c) noexcept {
    return list(x5c.value, x5c.state, [this](std::string_view text, const char* at, std::size_t i) {
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

  bool links(jwkview::links& l) noexcept {
    return object_member([](std::string_view n) { return link_member_of(n); }, l.state, nullptr,
                         [this, &l](int id, const char*) {
                           if (id < 0) return s_.validate();
                           const link_row& r = link_members[static_cast<std::size_t>(id)];
                           return link_object(l.*r.member, at_.*r.position);
                         });
  }

  bool link_object(link& l, const char*& at) noexcept {
    return object_member([](std::string_view n) { return index_of_name<href_names>(n); }, l.state,
                         &at,
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
    return object_member(
        [](std::string_view n) { return index_of_name<hints_names>(n); }, l.hints, nullptr,
        [this, &l](int id, const char*) {
          if (id != 0) return s_.validate();
          return list(l.allow.entries, l.allow.state,
                      [this, &l](std::string_view text, const char* at, std::size_t i) {
                        const http_method method = parse_http_method(text);
                        if (method == http_method::unknown) {
                          at_element(i, [&] {
                            message m;
                            okta_refusal<http_method>(s_.subject(m) << ' ', text, every_value);
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
