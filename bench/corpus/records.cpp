#include "records.hpp"

#include <cmath>
#include <ctime>

namespace jwkview_bench {
namespace {

constexpr std::string_view base62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view base64url_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// ,"name":"value" (or "name":"value" first in an object).
void member(std::string& out, std::string_view name, std::string_view value) {
  if (out.back() != '{') out += ',';
  out += '"';
  out += name;
  out += "\":\"";
  out += value;
  out += '"';
}

std::string_view kty_of(key_kind kind) {
  return is_rsa(kind) ? "RSA" : "EC";
}

std::string_view crv_of(key_kind kind) {
  return kind == key_kind::p256 ? "P-256" : kind == key_kind::p384 ? "P-384" : "P-521";
}

std::string_view alg_of(const record_traits& t, prng& random) {
  if (t.enc) return "RSA-OAEP-256";
  if (!is_rsa(t.kind)) {
    return t.kind == key_kind::p256 ? "ES256" : t.kind == key_kind::p384 ? "ES384" : "ES512";
  }
  const std::uint64_t r = random.below(10);
  return r < 7 ? "RS256" : r == 7 ? "RS384" : r == 8 ? "RS512" : "PS256";
}

// The key material members in the order Okta writes them.
void material(const public_key& k, std::string& out) {
  if (is_rsa(k.kind)) {
    member(out, "e", k.e);
    member(out, "n", k.n);
  } else {
    member(out, "crv", crv_of(k.kind));
    member(out, "x", k.x);
    member(out, "y", k.y);
  }
}

std::string date(std::uint64_t seconds_since_epoch) {
  const auto t = static_cast<std::time_t>(seconds_since_epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
  return {text, n};
}

// "relation":{"href":...,"hints":{"allow":[method]}}
void link(std::string_view relation, std::string_view href, std::string_view method, bool escaped,
          std::string& out) {
  out += '"';
  out += relation;
  out += R"(":{"href":")";
  for (const char c : href) {
    if (escaped && c == '/') out += '\\';
    out += c;
  }
  out += R"(","hints":{"allow":[")";
  out += method;
  out += R"("]}})";
}

}  // namespace

record_writer::record_writer(const key_pool& pool, std::uint64_t seed)
    : pool_(pool), random_(seed) {
  app_id_ = "0oa" + random_text(17, base62);
}

record_traits record_writer::draw() {
  // Each trait follows its own low-discrepancy sequence (multiples of an
  // irrational number, modulo 1), so every run of records, the 50 of a
  // listing included, has close to the intended mix.
  const auto at = [n = static_cast<double>(drawn_++)](double step) {
    const double u = n * step;
    return (u - std::floor(u)) * 100;
  };
  const double kind = at(0.6180339887498949);  // golden ratio
  record_traits t;
  t.kind = kind < 67   ? key_kind::rsa2048
           : kind < 70 ? key_kind::rsa3072
           : kind < 80 ? key_kind::rsa4096
           : kind < 94 ? key_kind::p256
           : kind < 97 ? key_kind::p384
                       : key_kind::p521;
  t.enc = is_rsa(t.kind) && at(0.4142135623730951) < 10;  // sqrt(2) - 1
  t.inactive = at(0.7320508075688772) < 20;               // sqrt(3) - 1
  t.escaped = at(0.2360679774997897) < 10;                // sqrt(5) - 2
  return t;
}

void record_writer::okta_key(const record_traits& t, std::string& out) {
  const public_key& k = pool_.get(t.kind, random_.next());
  const std::string id = "pks" + random_text(17, base62);
  out += '{';
  member(out, "id", id);
  member(out, "kid", random_text(40, base64url_alphabet));
  member(out, "kty", kty_of(t.kind));
  member(out, "alg", alg_of(t, random_));
  member(out, "use", t.enc ? "enc" : "sig");
  material(k, out);
  member(out, "status", t.inactive ? "INACTIVE" : "ACTIVE");
  // 2019-01-01 plus up to six and a half years; updated the same day or within a year.
  const std::uint64_t created = 1546300800 + random_.below(205000000);
  member(out, "created", date(created));
  member(out, "lastUpdated", date(created + (random_.percent(50) ? 0 : random_.below(31536000))));
  const std::string base =
      "https://example.okta.com/api/v1/apps/" + app_id_ + "/credentials/jwks/" + id;
  out += R"(,"_links":{)";
  if (t.inactive) {
    link("activate", base + "/lifecycle/activate", "POST", t.escaped, out);
    out += ',';
    link("delete", base, "DELETE", t.escaped, out);
  } else {
    link("deactivate", base + "/lifecycle/deactivate", "POST", t.escaped, out);
  }
  out += "}}";
}

void record_writer::jwk(const record_traits& t, std::string& out) {
  const public_key& k = pool_.get(t.kind, random_.next());
  out += '{';
  member(out, "kty", kty_of(t.kind));
  member(out, "kid", random_text(43, base64url_alphabet));
  member(out, "use", t.enc ? "enc" : "sig");
  member(out, "alg", alg_of(t, random_));
  if (is_rsa(t.kind)) {  // n before e, as identity providers publish them
    member(out, "n", k.n);
    member(out, "e", k.e);
  } else {
    material(k, out);
  }
  out += '}';
}

std::string record_writer::random_text(std::size_t length, std::string_view alphabet) {
  std::string text(length, ' ');
  for (char& c : text) c = alphabet[random_.below(alphabet.size())];
  return text;
}

std::size_t count_records(std::string_view text, bool okta) {
  const std::string_view opening = okta ? R"({"id":")" : R"({"kty":")";
  std::size_t count = 0;
  for (std::size_t at = text.find(opening); at != std::string_view::npos;
       at = text.find(opening, at + opening.size())) {
    ++count;
  }
  return count;
}

}  // namespace jwkview_bench
