// jwt_reader::read and check_claims (libjwkview; no OpenSSL).
//
// Oracles, for every input:
//  - reading the token twice with one reader, and once with a fresh reader,
//    gives the same result (every field, or the same error);
//  - a read that succeeds: signing_input and signature are the token's own
//    bytes; every member's JSON text lies in one copy of its decoded part
//    (not in the token), in order, and a string's text is its decoding (the
//    body itself when it has no escape); simdjson's DOM, which keeps repeated
//    names, finds the same member names in the same order and no repeated
//    name at any depth; the registered members (alg kid typ cty, iss sub jti,
//    exp nbf iat, aud) agree with the member list and with DOM's values;
//  - the token re-encoded with a member repeated, at the top of the header,
//    of the claims (the name written with another escape) or nested two
//    levels down in the claims, fails with duplicate_member at that member;
//  - check_claims gives exactly what a plain reading of its documented rules
//    gives (the code, and the path of the claim), for rules taken from the
//    token itself (issuer, audience, typ, now around exp, nbf and iat) and,
//    in the JSON form below, from the input.
//
// Input forms:
//  - anything not starting with 0xFE is the token text, as a gateway gets it
//    (the seed corpus is real-looking tokens);
//  - 0xFE, flags, now (8 bytes, little-endian), leeway (2 bytes), then the
//    header JSON, 0xFF, the payload JSON and optionally 0xFF and the
//    signature text: the harness base64url-encodes the JSON, so the fuzzer
//    mutates JSON rather than base64url. 0xFE and 0xFF never occur in UTF-8.
//    Flags: bit 0 require exp, 1 issuer (the token's iss, or another), 2 a
//    wrong issuer, 3 audiences (the token's first and another), 4 a wrong
//    audience, 5 types {"JWT"}, 6 types {"application/at+jwt", "dpop+jwt"},
//    7 required claims {"sub", "scope"}.
#include <simdjson.h>

#include <jwkview/jwt.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"

namespace {

using namespace jwkview;
using namespace jwkview::fuzz;
namespace dom = simdjson::dom;

constexpr unsigned char json_form_marker = 0xFE;
constexpr unsigned char separator = 0xFF;
constexpr std::size_t rules_bytes = 1 + 8 + 2;
constexpr std::int64_t max_date = std::int64_t{1} << 53;

struct fuzz_case {
  std::string token;
  bool json_form = false;
  std::uint8_t flags = 0;
  std::int64_t now = 0;
  std::int64_t leeway = 0;
};

constexpr char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string b64url(std::string_view bytes) {
  std::string out(base64url_encoded_size(bytes.size()), '\0');
  const auto octets = std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  const code_result<std::size_t> n = base64url_encode(octets, out);
  require(n.has_value() && n.value == out.size(), "base64url_encode encodes any octets");
  return out;
}

std::optional<std::string> b64url_decode(std::string_view text) {
  const code_result<std::size_t> size = base64url_decoded_size(text);
  if (!size) return std::nullopt;
  std::string out(size.value, '\0');
  const code_result<std::size_t> n =
      base64url_decode(text, std::span(reinterpret_cast<std::uint8_t*>(out.data()), out.size()));
  if (!n) return std::nullopt;
  out.resize(n.value);
  return out;
}

fuzz_case read_case(const std::uint8_t* data, std::size_t size) {
  fuzz_case c;
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  if (size == 0 || data[0] != json_form_marker) {
    c.token = all;
    return c;
  }
  c.json_form = true;
  std::uint8_t r[rules_bytes] = {};
  for (std::size_t i = 0; i < rules_bytes && i + 1 < size; ++i) r[i] = data[i + 1];
  c.flags = r[0];
  std::uint64_t now = 0;
  for (int i = 8; i >= 1; --i) now = now << 8 | r[i];
  c.now = static_cast<std::int64_t>(now);
  c.leeway = r[9] | r[10] << 8;
  const std::string_view rest = all.substr(std::min(size, 1 + rules_bytes));
  const std::size_t first = rest.find(static_cast<char>(separator));
  const std::string_view header = rest.substr(0, first);
  std::string_view payload;
  std::string_view signature = "c2lnbmF0dXJl";
  if (first != std::string_view::npos) {
    payload = rest.substr(first + 1);
    const std::size_t second = payload.find(static_cast<char>(separator));
    if (second != std::string_view::npos) {
      signature = payload.substr(second + 1);
      payload = payload.substr(0, second);
    }
  }
  c.token = b64url(header) + "." + b64url(payload) + "." + std::string(signature);
  return c;
}

// ---------------------------------------------------------------------------
// Describing a result, to compare two reads.

void describe_member(std::string& out, const jose_member& m) {
  out += m.name;
  out += '=';
  out += m.json;
  out += m.is_string ? "|s|" : "|-|";
  out += m.text;
  out += '\n';
}

std::string describe(const result<jwt>& r) {
  std::string out;
  if (!r) {
    const error& e = r.error();
    out += "error ";
    out += name_of(e.code);
    out += ' ' + std::to_string(e.offset) + ' ';
    out += e.path();
    out += e.path_truncated() ? " (truncated) " : " ";
    out += e.message();
    return out;
  }
  const jwt& t = *r;
  out += t.signing_input;
  out += '.';
  out += t.signature;
  out += "\nalg ";
  out += std::to_string(static_cast<int>(t.header.alg));
  for (const string_member* s :
       {&t.header.kid, &t.header.typ, &t.header.cty, &t.iss, &t.sub, &t.jti}) {
    out += '\n';
    out += std::to_string(static_cast<int>(s->state));
    out += ':';
    out += s->value;
  }
  out += "\naud ";
  out += std::to_string(static_cast<int>(t.aud_state));
  for (std::string_view a : t.aud) {
    out += '|';
    out += a;
  }
  for (const numeric_date* d : {&t.exp, &t.nbf, &t.iat}) {
    out += '\n';
    out += std::to_string(static_cast<int>(d->state));
    out += ':';
    out += std::to_string(d->seconds);
  }
  out += "\nheader\n";
  for (const jose_member& m : t.header.members.all()) describe_member(out, m);
  out += "claims\n";
  for (const jose_member& m : t.claims.all()) describe_member(out, m);
  return out;
}

// ---------------------------------------------------------------------------
// The views of a read that succeeded.

bool overlaps(std::string_view a, std::string_view b) {
  return a.data() < b.data() + b.size() && b.data() < a.data() + a.size();
}

/// The members of one part: each JSON text is a substring of `decoded` and
/// all of them lie in one span no longer than it, outside the token, in
/// order; strings are their decoding.
void check_part_views(const jose_members& members, std::string_view decoded,
                      std::string_view token) {
  require(members.size() <= jwt_reader::max_members, "at most max_members members");
  const char* low = nullptr;
  const char* high = nullptr;
  const char* previous_end = nullptr;
  for (const jose_member& m : members.all()) {
    require(!m.json.empty(), "a member's JSON text is not empty");
    require(decoded.find(m.json) != std::string_view::npos,
            "a member's JSON text is a piece of its decoded part");
    require(!overlaps(m.json, token), "a member's JSON text is not in the token");
    require(previous_end == nullptr || m.json.data() >= previous_end, "members are in order");
    previous_end = m.json.data() + m.json.size();
    low = low == nullptr ? m.json.data() : std::min(low, m.json.data());
    high = std::max(high, m.json.data() + m.json.size());
    require(m.is_string == (m.json.front() == '"'), "is_string says whether the value is one");
    if (m.is_string) {
      require(m.json.size() >= 2 && m.json.back() == '"', "a string's JSON text is quoted");
      const std::string_view body = m.json.substr(1, m.json.size() - 2);
      if (body.find('\\') == std::string_view::npos) {
        require(m.text.data() == body.data() && m.text.size() == body.size(),
                "an unescaped string's text is its body in the decoded part");
      } else {
        const std::optional<std::string> expected = unescape_reference(body);
        require(expected.has_value() && m.text == *expected,
                "an escaped string's text is its decoding");
      }
    } else {
      require(m.text.empty(), "a value that is not a string has no text");
    }
  }
  if (low != nullptr) {
    require(static_cast<std::size_t>(high - low) <= decoded.size(),
            "a part's members lie in one copy of it");
  }
}

bool has_repeated_name(dom::element e);

/// Repeated names in a DOM object or, at any depth, in its values.
bool has_repeated_name(dom::object o) {
  std::vector<std::string_view> names;
  for (dom::key_value_pair field : o) {
    names.push_back(field.key);
    if (has_repeated_name(field.value)) return true;
  }
  std::sort(names.begin(), names.end());
  return std::adjacent_find(names.begin(), names.end()) != names.end();
}

/// Repeated names at any depth of a DOM value.
bool has_repeated_name(dom::element e) {
  dom::object o;
  if (e.get_object().get(o) == simdjson::SUCCESS) return has_repeated_name(o);
  dom::array a;
  if (e.get_array().get(a) == simdjson::SUCCESS) {
    for (dom::element child : a) {
      if (has_repeated_name(child)) return true;
    }
  }
  return false;
}

/// A DOM error about a number it cannot convert (NUMBER_ERROR,
/// NUMBER_OUT_OF_RANGE, and BIGINT_ERROR in newer simdjson), by its message.
bool is_number_error(simdjson::error_code code) {
  if (code == simdjson::NUMBER_ERROR || code == simdjson::NUMBER_OUT_OF_RANGE) return true;
  std::string message = simdjson::error_message(code);
  for (char& ch : message) ch = lower(ch);
  return message.find("number") != std::string::npos ||
         message.find("integer") != std::string::npos;
}

/// DOM's reading of one part, when DOM can convert every number in it.
struct dom_part {
  simdjson::padded_string json;
  dom::parser parser;
  std::optional<dom::object> root;

  explicit dom_part(std::string_view decoded) : json(decoded) {
    dom::element e;
    const simdjson::error_code code = parser.parse(json).get(e);
    if (code != simdjson::SUCCESS && is_number_error(code)) {
      return;  // jwkview checks the grammar and never converts other members
    }
    require(code == simdjson::SUCCESS, "DOM accepts a part jwkview read");
    dom::object o;
    require(e.get_object().get(o) == simdjson::SUCCESS, "a part jwkview read is an object for DOM");
    root = o;
  }
};

void compare_with_dom(const jose_members& members, const dom_part& part) {
  if (!part.root) return;
  std::size_t i = 0;
  for (dom::key_value_pair field : *part.root) {
    require(i < members.size(), "DOM finds no more members than jwkview");
    const jose_member& m = members.all()[i++];
    require(field.key == m.name, "DOM finds the same names in the same order");
    if (m.is_string) {
      std::string_view text;
      require(field.value.get_string().get(text) == simdjson::SUCCESS && text == m.text,
              "DOM decodes a string member to the same text");
    }
    require(!has_repeated_name(field.value), "no name repeats in a member's value");
  }
  require(i == members.size(), "DOM finds as many members as jwkview");
  require(!has_repeated_name(*part.root), "no name repeats at the top");
}

void check_string(const jose_members& members, std::string_view name, const string_member& s) {
  const jose_member* m = members.find(name);
  require(s.has_value() == (m != nullptr), "a registered string is present when its member is");
  if (m == nullptr) {
    require(s.value.empty(), "an absent registered string is empty");
    return;
  }
  require(m->is_string, "a registered string member is a string");
  require(s.value.data() == m->text.data() && s.value == m->text,
          "a registered string is its member's text");
}

/// The NumericDate of a JSON number as DOM reads it (floor of a fraction).
std::optional<std::int64_t> dom_date(dom::element e) {
  std::int64_t i = 0;
  if (e.type() == dom::element_type::INT64 && e.get_int64().get(i) == simdjson::SUCCESS) return i;
  if (e.type() != dom::element_type::DOUBLE) return std::nullopt;  // beyond 2^63: refused
  double d = 0;
  if (e.get_double().get(d) != simdjson::SUCCESS) return std::nullopt;
  if (!(std::fabs(d) <= static_cast<double>(max_date))) return std::nullopt;
  return static_cast<std::int64_t>(std::floor(d));
}

void check_date(const jose_members& claims, const dom_part& part, std::string_view name,
                const numeric_date& d) {
  const jose_member* m = claims.find(name);
  require(d.has_value() == (m != nullptr), "a date is present when its claim is");
  if (m == nullptr) return;
  require(d.seconds >= -max_date && d.seconds <= max_date, "a date lies within 2^53 seconds");
  require(m->json.front() == '-' || (m->json.front() >= '0' && m->json.front() <= '9'),
          "a date's claim is a number");
  if (!part.root) return;
  dom::element e;
  require((*part.root)[name].get(e) == simdjson::SUCCESS, "DOM has the date's claim");
  const std::optional<std::int64_t> expected = dom_date(e);
  require(expected.has_value() && *expected == d.seconds,
          "a date is its number rounded down, as DOM reads it");
}

void check_registered(const jwt& t, const dom_part& header, const dom_part& claims) {
  const jose_members& h = t.header.members;
  const jose_member* alg = h.find("alg");
  require(alg != nullptr && alg->is_string, "a read header has a string alg");
  require(parse_algorithm(alg->text) == t.header.alg, "header.alg is alg's text parsed");
  require(t.header.alg >= algorithm::rs256 && t.header.alg <= algorithm::hs512,
          "a read token has a JWS signature algorithm (no none, no encryption alg)");
  require(h.find("b64") == nullptr && h.find("crit") == nullptr, "b64 and crit are refused");
  check_string(h, "kid", t.header.kid);
  check_string(h, "typ", t.header.typ);
  check_string(h, "cty", t.header.cty);

  check_string(t.claims, "iss", t.iss);
  check_string(t.claims, "sub", t.sub);
  check_string(t.claims, "jti", t.jti);
  check_date(t.claims, claims, "exp", t.exp);
  check_date(t.claims, claims, "nbf", t.nbf);
  check_date(t.claims, claims, "iat", t.iat);

  const jose_member* aud = t.claims.find("aud");
  require((t.aud_state == presence::value) == (aud != nullptr), "aud is present when its claim is");
  require(t.aud.size() <= jwt::max_audiences, "at most max_audiences audiences");
  for (std::string_view a : t.aud) require(t.has_audience(a), "has_audience finds each audience");
  if (aud == nullptr) {
    require(t.aud.empty(), "no audience without aud");
  } else if (aud->is_string) {
    require(t.aud.size() == 1 && t.aud[0] == aud->text, "a string aud is a list of one");
  } else {
    require(aud->json.front() == '[', "aud is a string or an array");
    if (claims.root) {
      dom::array arr;
      require((*claims.root)["aud"].get_array().get(arr) == simdjson::SUCCESS, "DOM's aud");
      require(arr.size() == t.aud.size(), "aud has DOM's entries");
      std::size_t i = 0;
      for (dom::element e : arr) {
        std::string_view text;
        require(e.get_string().get(text) == simdjson::SUCCESS && text == t.aud[i++],
                "each aud entry is DOM's string");
      }
    }
  }
  (void)header;
}

// ---------------------------------------------------------------------------
// Repeated names, written into a token that was read.

/// `name` as a JSON string whose first character (when plain ASCII) is a
/// \u escape: another spelling of the same decoded name.
std::string respelled(std::string_view name) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || (i == 0 && c < 0x80) || c == '"' || c == '\\') {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + '"';
}

/// The JSON Pointer token of a name.
std::string pointer_token(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

/// `part` (a JSON object's text) with `members` inserted before its final '}'.
std::string with_members(std::string_view part, bool empty, std::string_view members) {
  const std::size_t close = part.rfind('}');
  require(close != std::string_view::npos, "a read part ends its object with }");
  std::string out(part.substr(0, close));
  if (!empty) out += ',';
  out += members;
  out += part.substr(close);
  return out;
}

void expect_duplicate(jwt_reader& reader, const std::string& token, std::string_view path,
                      bool exact) {
  const result<jwt> r = reader.read(token);
  require(!r, "a token with a repeated name is refused");
  require(r.error().code == error_code::duplicate_member,
          "a token with a repeated name is refused with duplicate_member");
  if (r.error().path_truncated()) return;
  const std::string_view got = r.error().path();
  if (exact ? got != path : got.substr(0, path.size()) != path) {
    std::fprintf(stderr, "duplicate_member at %.*s; expected %.*s\n", static_cast<int>(got.size()),
                 got.data(), static_cast<int>(path.size()), path.data());
  }
  if (exact) {
    require(r.error().path() == path, "duplicate_member names the repeated member");
  } else {
    require(r.error().path().substr(0, path.size()) == path,
            "duplicate_member lies in the member that holds the repeat");
  }
}

/// The deepest nesting and the most names of one object in a JSON text,
/// by its brackets and colons outside strings (for limit refusals).
struct text_shape {
  std::size_t depth = 0;
  std::size_t widest = 0;
};
text_shape shape_of(std::string_view json);

void check_repeats(jwt_reader& reader, const jwt& t, std::string_view header,
                   std::string_view payload, std::string_view signature) {
  const std::string head_b64 = b64url(header);
  const std::string sig(signature);
  if (t.header.members.size() < jwt_reader::max_members) {
    const jose_member& m = t.header.members.all()[0];
    const std::string h =
        with_members(header, false, respelled(m.name) + ":" + std::string(m.json));
    expect_duplicate(reader, b64url(h) + "." + b64url(payload) + "." + sig,
                     "/header/" + pointer_token(m.name), true);
  }
  if (t.claims.size() == 0 || t.claims.size() >= jwt_reader::max_members) return;
  const jose_member& m = t.claims.all()[t.claims.size() - 1];
  const std::string top =
      with_members(payload, false, respelled(m.name) + ":" + std::string(m.json));
  expect_duplicate(reader, head_b64 + "." + b64url(top) + "." + sig,
                   "/claims/" + pointer_token(m.name), true);
  // Nested: "<fresh>":[{"name":json,"name":json}], three levels below the root.
  if (shape_of(m.json).depth + 3 > jwt_reader::max_depth) return;
  std::string fresh = "jwkview-fuzz";
  while (t.claims.find(fresh) != nullptr) fresh += '+';
  const std::string inner = "{" + respelled(m.name) + ":" + std::string(m.json) + "," +
                            respelled(m.name) + ":" + std::string(m.json) + "}";
  const std::string nested = with_members(payload, false, "\"" + fresh + "\":[" + inner + "]");
  expect_duplicate(reader, head_b64 + "." + b64url(nested) + "." + sig, "/claims/" + fresh + "/0/",
                   false);
}

// ---------------------------------------------------------------------------
// check_claims against a plain reading of its rules.

struct expected_outcome {
  error_code code = error_code::ok;
  std::string path;
};

bool same_type(std::string_view a, std::string_view b) {
  const auto strip = [](std::string_view s) {
    constexpr std::string_view prefix = "application/";
    if (s.size() > prefix.size()) {
      bool match = true;
      for (std::size_t i = 0; i < prefix.size(); ++i) match = match && lower(s[i]) == prefix[i];
      if (match) return s.substr(prefix.size());
    }
    return s;
  };
  a = strip(a);
  b = strip(b);
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

expected_outcome reference_check(const jwt& t, const jwt_rules& rules, std::int64_t now) {
  __extension__ using wide = __int128;  // no sum of the rules can overflow it
  const auto fail_at = [](error_code code, std::string path) {
    return expected_outcome{code, std::move(path)};
  };
  for (std::string_view name : rules.required_claims) {
    if (t.claims.find(name) == nullptr)
      return fail_at(error_code::missing_claim, "/claims/" + std::string(name));
  }
  const wide leeway = rules.leeway_seconds;
  if (!t.exp.has_value()) {
    if (rules.require_exp) return fail_at(error_code::missing_claim, "/claims/exp");
  } else if (wide{now} >= wide{t.exp.seconds} + leeway) {
    return fail_at(error_code::token_expired, "/claims/exp");
  }
  if (t.nbf.has_value() && wide{now} < wide{t.nbf.seconds} - leeway) {
    return fail_at(error_code::token_not_yet_valid, "/claims/nbf");
  }
  if (t.iat.has_value() && wide{t.iat.seconds} > wide{now} + leeway) {
    return fail_at(error_code::issued_in_future, "/claims/iat");
  }
  if (!rules.issuer.empty()) {
    if (!t.iss.has_value()) return fail_at(error_code::missing_claim, "/claims/iss");
    if (t.iss.value != rules.issuer) return fail_at(error_code::wrong_issuer, "/claims/iss");
  }
  if (!rules.audiences.empty()) {
    if (t.aud_state != presence::value) return fail_at(error_code::missing_claim, "/claims/aud");
    bool found = false;
    for (std::string_view want : rules.audiences) {
      for (std::string_view a : t.aud) found = found || a == want;
    }
    if (!found) return fail_at(error_code::wrong_audience, "/claims/aud");
  }
  if (!rules.types.empty()) {
    bool found = false;
    for (std::string_view type : rules.types) {
      found = found || (t.header.typ.has_value() && same_type(t.header.typ.value, type));
    }
    if (!found) return fail_at(error_code::wrong_token_type, "/header/typ");
  }
  return {};
}

void check_rules(const jwt& t, const jwt_rules& rules, std::int64_t now) {
  const error e = check_claims(t, rules, now);
  const expected_outcome want = reference_check(t, rules, now);
  require(e.code == want.code, "check_claims gives the code its rules say");
  if (e.code == error_code::ok) return;
  std::string path = want.path;
  if (path.rfind("/claims/", 0) == 0) path = "/claims/" + pointer_token(path.substr(8));
  require(e.path() == path || e.path_truncated(), "check_claims names the claim at fault");
  require(!e.message().empty(), "check_claims says why");
}

void check_claims_oracle(const jwt& t, const fuzz_case& c) {
  const std::string_view other_aud = "api://jwkview-fuzz-other";
  std::vector<std::string_view> audiences;
  if (!t.aud.empty()) audiences.push_back(t.aud[0]);
  audiences.push_back(other_aud);
  const std::string_view iss =
      t.iss.has_value() && !t.iss.value.empty() ? t.iss.value : "https://issuer.example";
  const std::string_view jwt_type[] = {"JWT"};
  const std::string_view access_types[] = {"application/at+jwt", "dpop+jwt"};
  const std::string_view required[] = {"sub", "scope"};
  const std::string_view nobody[] = {"api://nobody"};

  if (c.json_form) {
    jwt_rules rules;
    rules.require_exp = (c.flags & 1) != 0;
    rules.leeway_seconds = c.leeway;
    if ((c.flags & 2) != 0) rules.issuer = iss;
    if ((c.flags & 4) != 0) rules.issuer = "https://wrong.example";
    if ((c.flags & 8) != 0) rules.audiences = audiences;
    if ((c.flags & 16) != 0) rules.audiences = nobody;
    if ((c.flags & 32) != 0) rules.types = jwt_type;
    if ((c.flags & 64) != 0) rules.types = access_types;
    if ((c.flags & 128) != 0) rules.required_claims = required;
    check_rules(t, rules, c.now);
  }

  // Rules a gateway would use, at times around the token's own dates.
  std::vector<std::int64_t> times = {0,
                                     1700000000,
                                     -max_date,
                                     max_date,
                                     std::numeric_limits<std::int64_t>::max(),
                                     std::numeric_limits<std::int64_t>::min()};
  for (const numeric_date* d : {&t.exp, &t.nbf, &t.iat}) {
    if (!d->has_value()) continue;
    for (std::int64_t delta : {-61, -60, -59, -1, 0, 1, 59, 60, 61})
      times.push_back(d->seconds + delta);
  }
  jwt_rules plain;
  jwt_rules strict;
  strict.issuer = iss;
  strict.audiences = audiences;
  if (t.header.typ.has_value()) strict.types = {&t.header.typ.value, 1};
  strict.leeway_seconds = 0;
  jwt_rules lax;
  lax.require_exp = false;
  lax.leeway_seconds = 3600;
  lax.types = access_types;
  lax.required_claims = required;
  for (std::int64_t now : times) {
    check_rules(t, plain, now);
    check_rules(t, strict, now);
    check_rules(t, lax, now);
  }
}

// ---------------------------------------------------------------------------

void check_read(const jwt& t, const fuzz_case& c, jwt_reader& reader) {
  const std::string_view token = c.token;
  const std::size_t last = token.rfind('.');
  require(last != std::string_view::npos, "a read token has dots");
  require(t.signing_input.data() == token.data() && t.signing_input.size() == last,
          "signing_input is the token up to its last dot");
  require(t.signature.data() == token.data() + last + 1 &&
              t.signature.size() == token.size() - last - 1,
          "signature is the token after its last dot");
  const std::size_t dot = token.find('.');
  const std::optional<std::string> header = b64url_decode(token.substr(0, dot));
  const std::optional<std::string> payload = b64url_decode(token.substr(dot + 1, last - dot - 1));
  require(header.has_value() && payload.has_value(), "a read token's parts are base64url");

  check_part_views(t.header.members, *header, token);
  check_part_views(t.claims, *payload, token);
  require(t.header.members.size() >= 1, "a read header has members (alg)");

  const dom_part header_dom(*header);
  const dom_part claims_dom(*payload);
  compare_with_dom(t.header.members, header_dom);
  compare_with_dom(t.claims, claims_dom);
  check_registered(t, header_dom, claims_dom);

  check_claims_oracle(t, c);  // before the next read invalidates t's views
  check_repeats(reader, t, *header, *payload, t.signature);
}

text_shape shape_of(std::string_view json) {
  text_shape shape;
  std::vector<std::size_t> names;  // per open container; npos for an array
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      names.push_back(c == '{' ? 0 : std::string_view::npos);
      shape.depth = std::max(shape.depth, names.size());
    } else if ((c == '}' || c == ']') && !names.empty()) {
      names.pop_back();
    } else if (c == ':' && !names.empty() && names.back() != std::string_view::npos) {
      shape.widest = std::max(shape.widest, ++names.back());
    }
  }
  return shape;
}

/// A limit refusal is earned: too_deep needs more than max_depth levels,
/// too_many_members more than max_members names in one object (or more than
/// max_audiences entries in aud).
void check_refusal(std::string_view token, const error& e) {
  if (e.code != error_code::too_deep && e.code != error_code::too_many_members) return;
  const bool header = e.path().rfind("/header", 0) == 0;
  require(header || e.path().rfind("/claims", 0) == 0, "a limit names its part");
  const std::size_t dot = token.find('.');
  const std::size_t last = token.rfind('.');
  const std::optional<std::string> part =
      b64url_decode(header ? token.substr(0, dot) : token.substr(dot + 1, last - dot - 1));
  require(part.has_value(), "a part refused for a limit was decoded");
  const text_shape shape = shape_of(*part);
  if (e.code == error_code::too_deep) {
    require(shape.depth > jwt_reader::max_depth, "too_deep only beyond max_depth levels");
  } else if (e.path() != "/claims/aud") {
    require(shape.widest > jwt_reader::max_members,
            "too_many_members only beyond max_members names in one object");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static jwt_reader reused;  // keeps its buffers from input to input
  const fuzz_case c = read_case(data, size);

  const result<jwt> first = reused.read(c.token);
  const std::string described = describe(first);
  {
    jwt_reader fresh;
    require(describe(fresh.read(c.token)) == described, "a fresh reader reads the same");
  }
  const result<jwt> again = reused.read(c.token);
  require(describe(again) == described, "reading the same token again reads the same");
  if (!again) {
    const error& e = again.error();
    require(e.cls() != error_class::none && !e.message().empty(),
            "a refusal has a class and a message");
    require(
        e.path().empty() || e.path().rfind("/header", 0) == 0 || e.path().rfind("/claims", 0) == 0,
        "an error's path starts with /header or /claims");
    check_refusal(c.token, e);
    return 0;
  }
  jwt_reader other;
  check_read(*again, c, other);
  return 0;
}
