// The JWT reader: the header and the payload are decoded into the reader's
// buffer and each is read by the key parser's engine (simdjson's stage 1,
// then a strict walk that keeps every member), so a token's JSON obeys the
// same grammar, limits and error codes as a key's.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <memory>
#include <new>

#include "error_access.hpp"
#include "json/json_pointer.hpp"
#include "jwk/algorithm_table.hpp"
#include "jwk/parser_impl.hpp"
#include "jwkview/base64url.hpp"
#include "jwkview/jwt.hpp"
#include "message.hpp"
#include "name_lookup.hpp"

namespace jwkview {

struct jwt_reader::buffers {
  std::unique_ptr<char[]> decoded;
  std::size_t capacity = 0;
  std::array<jose_member, max_members> header_members{};
  std::array<jose_member, max_members> claim_members{};
  std::array<std::string_view, jwt::max_audiences> audiences{};
};

namespace {

using detail::parse_state;

jwkview::options jose_options() noexcept {
  jwkview::options o;
  o.limits.max_depth = jwt_reader::max_depth;
  o.limits.max_unknown_members = jwt_reader::max_members;
  o.max_reported_errors = 1;
  return o;
}

// Largest magnitude of a NumericDate: integers beyond it are not exact in
// the doubles most JWT libraries read them into.
constexpr std::int64_t max_numeric_date = std::int64_t{1} << 53;

int no_known_names(std::string_view) noexcept {
  return -1;
}

/// The registered names of headers (RFC 7515 §4.1) and claims (RFC 7519
/// §4.1) that the reader interprets. each_member catches their repeats with
/// a bit each instead of comparing names, and object_walk keeps where each
/// is, so reading them needs no search.
enum registered : int {
  r_alg,
  r_kid,
  r_typ,
  r_cty,
  r_crit,
  r_b64,
  r_iss,
  r_sub,
  r_aud,
  r_exp,
  r_nbf,
  r_iat,
  r_jti,
  registered_count
};

constexpr std::array<std::string_view, registered_count> registered_names{
    "alg", "kid", "typ", "cty", "crit", "b64", "iss", "sub", "aud", "exp", "nbf", "iat", "jti"};

int registered_of(std::string_view n) noexcept {
  return detail::index_of_name<registered_names>(n);
}

bool strict_element(parse_state& s, std::size_t i) noexcept;

/// Validates the value at the cursor, refusing repeated names in objects at
/// any depth.
bool strict_value(parse_state& s) noexcept {
  switch (s.peek()) {
    case '{':
      return s.each_member(true, no_known_names,
                           [&s](int, const char*) { return strict_value(s); });
    case '[':
      return s.each_element([&s](std::size_t i) { return strict_element(s, i); });
    default:
      return s.validate();
  }
}

/// Element `i` of an array, its index on the error path.
bool strict_element(parse_state& s, std::size_t i) noexcept {
  s.push(i);
  const bool ok = strict_value(s);
  s.pop();
  return ok;
}

/// One JOSE object, its members recorded in order. `audiences` receives the
/// decoded strings of an "aud" array (claims only).
class object_walk {
 public:
  object_walk(std::span<jose_member> members, std::span<std::string_view> audiences) noexcept
      : members_(members), audiences_(audiences) {}

  detail::walk_result operator()(parse_state& s) noexcept {
    s.scratch_used = scratch_base;
    detail::walk_result result;
    bool ok = false;
    if (s.peek() == '{') {
      ok = s.each_member(true, registered_of, [&](int id, const char*) { return member(s, id); });
    } else if (s.peek() == '[') {
      s.fail_document(error_code::unexpected_root, s.here(),
                      "the part is an array; expected a JSON object");
      ok = strict_value(s);
    } else {
      result.scalar_root = true;
      s.fail_syntax();
      return result;
    }
    if (ok && s.pos != s.count) s.fail_syntax();
    scratch_end = s.scratch_used;
    return result;
  }

  std::size_t scratch_base = 0;  // scratch bytes an earlier part still uses
  std::size_t scratch_end = 0;
  std::size_t count = 0;
  std::size_t audience_count = 0;
  bool audiences_are_strings = true;
  bool too_many_audiences = false;

  /// The registered member `id`; nullptr when absent.
  [[nodiscard]] const jose_member* find(registered id) const noexcept {
    return positions_[id] == 0 ? nullptr : &members_[positions_[id] - 1];
  }

 private:
  bool member(parse_state& s, int id) noexcept {
    const detail::token first = s.current();
    // Written in place: a member built aside and then copied in was read
    // back as wide loads of the narrower stores just made, which stall.
    jose_member beyond;  // each_member caps the names; past the cap, none is kept
    const bool kept = count < members_.size();
    jose_member& m = kept ? members_[count] : beyond;
    m.name = s.steps[s.step_count - 1].name;
    m.text = {};
    m.is_string = first.first() == '"';
    if (m.is_string) {
      // Decoding checks the string as validating it would.
      if (!s.read_string(first, m.text)) return false;
    } else {
      const bool aud_array = !audiences_.empty() && id == r_aud && first.first() == '[';
      if (aud_array ? !audience_array(s) : !strict_value(s)) return false;
    }
    m.json = {first.begin, static_cast<std::size_t>(s.token_at(s.pos - 1).end - first.begin)};
    if (kept) {
      ++count;
      if (id >= 0) positions_[id] = static_cast<std::uint8_t>(count);
    }
    return true;
  }

  bool audience_array(parse_state& s) noexcept {
    audience_count = 0;
    return s.each_element([&](std::size_t i) {
      const detail::token t = s.current();
      if (t.first() != '"') {
        audiences_are_strings = false;
        return strict_element(s, i);
      }
      std::string_view text;
      s.push(i);
      const bool read = s.read_string(t, text);
      s.pop();
      if (!read) return false;
      if (audience_count == audiences_.size()) {
        too_many_audiences = true;
      } else {
        audiences_[audience_count++] = text;
      }
      return true;
    });
  }

  std::span<jose_member> members_;
  std::span<std::string_view> audiences_;
  std::array<std::uint8_t, registered_count> positions_{};  // position + 1; 0 when absent
};

/// An error at member `m` of a part (`part` is "header" or "claims").
error member_error(error_code code, std::string_view part, std::string_view part_base,
                   const jose_member* m, std::string_view name,
                   const detail::message& text) noexcept {
  error e = detail::make_error(
      code, m != nullptr ? static_cast<std::size_t>(m->json.data() - part_base.data()) : 0);
  detail::append_name(e, part);
  detail::append_name(e, name);
  detail::set_message(e, text.view());
  return e;
}

/// A string member, or a wrong_type error (null included: no registered
/// member of a header or claims set is nullable).
bool read_string_member(const jose_member* m, std::string_view name, std::string_view part,
                        std::string_view base, string_member& out, error& failure) noexcept {
  if (m == nullptr) return true;
  if (!m->is_string) {
    detail::message text;
    text << name << " is " << detail::json_type_of(m->json.front()) << "; expected a string";
    failure = member_error(error_code::wrong_type, part, base, m, name, text);
    return false;
  }
  out.value = m->text;
  out.state = presence::value;
  return true;
}

/// A NumericDate's JSON number, rounded down to whole seconds; false when
/// it is not a number or lies beyond +-2^53.
bool numeric_date_of(std::string_view json, std::int64_t& out) noexcept {
  const char* begin = json.data();
  const char* end = begin + json.size();
  if (json.empty() || !(json[0] == '-' || detail::is_digit(json[0]))) return false;
  std::int64_t whole = 0;
  const auto i = std::from_chars(begin, end, whole);
  if (i.ec == std::errc{} && i.ptr == end) {
    if (whole > max_numeric_date || whole < -max_numeric_date) return false;
    out = whole;
    return true;
  }
  double value = 0;
  const auto d = std::from_chars(begin, end, value);
  if (d.ec != std::errc{} || d.ptr != end || !std::isfinite(value)) return false;
  const auto limit = static_cast<double>(max_numeric_date);
  if (value > limit || value < -limit) return false;
  out = static_cast<std::int64_t>(std::floor(value));
  return true;
}

bool read_date(const jose_member* m, std::string_view name, std::string_view base,
               numeric_date& out, error& failure) noexcept {
  if (m == nullptr) return true;
  if (!numeric_date_of(m->json, out.seconds)) {
    detail::message text;
    text << name << " is ";
    if (m->json.front() == '-' || detail::is_digit(m->json.front())) {
      text << "a number beyond 2^53 seconds";
    } else {
      text << detail::json_type_of(m->json.front());
    }
    text << "; expected a NumericDate (seconds since 1970)";
    failure = member_error(error_code::wrong_type, "claims", base, m, name, text);
    return false;
  }
  out.state = presence::value;
  return true;
}

error read_header(const object_walk& walk, const jose_members& members, std::string_view base,
                  jose_header& h) noexcept {
  error failure;
  if (const jose_member* m = walk.find(r_crit)) {
    detail::message text;
    text << "crit names extensions that must be understood; none is";
    return member_error(error_code::unsupported_header, "header", base, m, "crit", text);
  }
  if (const jose_member* m = walk.find(r_b64)) {
    detail::message text;
    text << "b64 (RFC 7797) changes which bytes are signed; it is not supported";
    return member_error(error_code::unsupported_header, "header", base, m, "b64", text);
  }
  const jose_member* alg = walk.find(r_alg);
  if (alg == nullptr) {
    detail::message text;
    text << "the header has no alg";
    return member_error(error_code::missing_member, "header", base, nullptr, "alg", text);
  }
  string_member alg_text;
  if (!read_string_member(alg, "alg", "header", base, alg_text, failure)) return failure;
  h.alg = parse_algorithm(alg_text.value);
  if (!detail::signs(h.alg)) {
    detail::message text;
    text.quote(alg_text.value) << " is not a JWS signature algorithm jwkview verifies";
    return member_error(error_code::unsupported_algorithm, "header", base, alg, "alg", text);
  }
  if (!read_string_member(walk.find(r_kid), "kid", "header", base, h.kid, failure) ||
      !read_string_member(walk.find(r_typ), "typ", "header", base, h.typ, failure) ||
      !read_string_member(walk.find(r_cty), "cty", "header", base, h.cty, failure)) {
    return failure;
  }
  h.members = members;
  return failure;
}

error read_claims(const jose_members& claims, std::string_view base, const object_walk& walk,
                  std::span<const std::string_view> audiences, jwt& t) noexcept {
  error failure;
  if (!read_string_member(walk.find(r_iss), "iss", "claims", base, t.iss, failure) ||
      !read_string_member(walk.find(r_sub), "sub", "claims", base, t.sub, failure) ||
      !read_string_member(walk.find(r_jti), "jti", "claims", base, t.jti, failure) ||
      !read_date(walk.find(r_exp), "exp", base, t.exp, failure) ||
      !read_date(walk.find(r_nbf), "nbf", base, t.nbf, failure) ||
      !read_date(walk.find(r_iat), "iat", base, t.iat, failure)) {
    return failure;
  }
  if (const jose_member* aud = walk.find(r_aud)) {
    detail::message text;
    if (aud->is_string) {
      t.aud = {&aud->text, 1};
    } else if (aud->json.front() != '[' || !walk.audiences_are_strings) {
      text << "aud is " << detail::json_type_of(aud->json.front())
           << (aud->json.front() == '[' ? " with an entry that is not a string" : "")
           << "; expected a string or an array of strings";
      return member_error(error_code::wrong_type, "claims", base, aud, "aud", text);
    } else if (walk.too_many_audiences) {
      text << "aud has more than " << jwt::max_audiences << " entries";
      return member_error(error_code::too_many_members, "claims", base, aud, "aud", text);
    } else {
      t.aud = audiences.first(walk.audience_count);
    }
    t.aud_state = presence::value;
  }
  t.claims = claims;
  return failure;
}

}  // namespace

const jose_member* jose_members::find(std::string_view name) const noexcept {
  for (const jose_member& m : members_) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

jwt_reader::jwt_reader() noexcept : parser_(jose_options()), buffers_(new (std::nothrow) buffers) {}

jwt_reader::~jwt_reader() {
  delete buffers_;
}

result<jwt> jwt_reader::read(std::string_view compact) noexcept {
  const auto malformed = [](std::string_view why) {
    error e = detail::make_error(error_code::malformed_jws, 0);
    detail::set_message(e, why);
    return e;
  };
  if (buffers_ == nullptr || parser_.impl_ == nullptr) {
    return detail::make_error(error_code::out_of_memory, 0);
  }
  const std::size_t first = compact.find('.');
  const std::size_t second = first == std::string_view::npos ? first : compact.find('.', first + 1);
  if (second == std::string_view::npos || compact.find('.', second + 1) != std::string_view::npos) {
    return malformed("a JWS compact serialisation has three parts separated by two '.'");
  }
  const std::string_view header_text = compact.substr(0, first);
  const std::string_view payload_text = compact.substr(first + 1, second - first - 1);
  jwt t;
  t.signing_input = compact.substr(0, second);
  t.signature = compact.substr(second + 1);
  if (t.signature.empty()) return malformed("the signature is empty (an unsecured JWS)");
  if (!base64url_decoded_size(t.signature)) {
    return malformed("the signature is not canonical unpadded base64url");
  }

  // [header][padding][payload][padding]: stage 1 may read a little past
  // each. Decoding checks the text, so each part is read once.
  const std::size_t header_room = base64url_max_decoded_size(header_text.size());
  const std::size_t payload_room = base64url_max_decoded_size(payload_text.size());
  if (!detail::grow(buffers_->decoded, buffers_->capacity,
                    header_room + payload_room + 2 * jwkview::padding) ||
      !parser_.impl_->reserve(header_room + payload_room) ||
      !parser_.impl_->reserve_nesting(max_depth)) {
    return detail::make_error(error_code::out_of_memory, 0);
  }
  char* header_json = buffers_->decoded.get();
  char* payload_json = header_json + header_room + jwkview::padding;
  const auto as_bytes = [](char* p, std::size_t n) {
    return std::span(reinterpret_cast<std::uint8_t*>(p), n);
  };
  const code_result<std::size_t> header_size =
      base64url_decode(header_text, as_bytes(header_json, header_room));
  const code_result<std::size_t> payload_size =
      base64url_decode(payload_text, as_bytes(payload_json, payload_room));
  if (!header_size || !payload_size) {
    return malformed("the header or the payload is not canonical unpadded base64url");
  }

  const auto run = [&](std::string_view json, std::string_view part, object_walk& walk) {
    const detail::path_step prefix[] = {{part, 0, false}};
    detail::piece_info piece;
    piece.is_piece = true;
    piece.at_input_start = true;
    piece.prefix = prefix;
    error failure;
    parser_.impl_->run_walk(json, detail::walk_mode::jose_object, failure, piece, walk);
    return failure;
  };

  const std::string_view header{header_json, *header_size};
  object_walk header_walk(buffers_->header_members, {});
  if (error e = run(header, "header", header_walk); e) return e;
  const jose_members header_members(std::span(buffers_->header_members).first(header_walk.count));
  if (error e = read_header(header_walk, header_members, header, t.header); e) return e;

  const std::string_view payload{payload_json, *payload_size};
  object_walk claims_walk(buffers_->claim_members, buffers_->audiences);
  claims_walk.scratch_base = header_walk.scratch_end;
  if (error e = run(payload, "claims", claims_walk); e) return e;
  const jose_members claims(std::span(buffers_->claim_members).first(claims_walk.count));
  if (error e = read_claims(claims, payload, claims_walk, buffers_->audiences, t); e) return e;
  return t;
}

}  // namespace jwkview
