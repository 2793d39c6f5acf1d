// jwkview command: counting keys and errors for `scan --summary`.
#include "scan_summary.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "jwkview/material.hpp"
#include "text_escape.hpp"

namespace jwkview_cli {
namespace {

void count(tally& t, std::string_view text) {
  const auto it = t.find(text);
  if (it != t.end()) {
    ++it->second;
  } else {
    t.emplace(std::string(text), 1);
  }
}

template <typename E>
std::string_view text_of(const jwkview::enum_member<E>& m) {
  if (m.state == jwkview::presence::absent) return "(absent)";
  if (m.state == jwkview::presence::null) return "(null)";
  return m.text.empty() ? jwkview::to_string(m.value) : m.text;
}

// The key's size class: "RSA-2048", the curve for EC and OKP keys, the kty otherwise.
void count_size(tally& t, const jwkview::key& k) {
  if (k.kty.is(jwkview::key_type::rsa)) {
    const std::size_t bits = jwkview::modulus_bits(k);
    char text[32];
    const int n = bits == 0 ? std::snprintf(text, sizeof text, "RSA-?")
                            : std::snprintf(text, sizeof text, "RSA-%zu", bits);
    count(t, {text, static_cast<std::size_t>(n)});
  } else if (k.kty.is(jwkview::key_type::ec) || k.kty.is(jwkview::key_type::okp)) {
    count(t, text_of(k.crv));
  } else {
    count(t, text_of(k.kty));
  }
}

void merge_tally(tally& into, const tally& from) {
  for (const auto& [text, n] : from) into[text] += n;
}

double per_second(double amount, double seconds) {
  return seconds > 0 ? amount / seconds : 0.0;
}

std::string fixed(double value) {
  char text[48];
  const int n = std::snprintf(text, sizeof text, "%.1f", value);
  return {text, static_cast<std::size_t>(n)};
}

/// A summary's tallies, in print order, with their names for people and
/// for NDJSON.
struct named_tally {
  std::string_view text_name;
  std::string_view json_name;
  const tally* counts;
};

std::array<named_tally, 8> tallies_of(const scan_summary& s) {
  return {{{"kty", "kty", &s.by_kty},
           {"alg", "alg", &s.by_alg},
           {"use", "use", &s.by_use},
           {"status", "status", &s.by_status},
           {"size", "size", &s.by_size},
           {"schema", "schema", &s.by_schema},
           {"error class", "error_class", &s.errors_by_class},
           {"error code", "error_code", &s.errors_by_code}}};
}

}  // namespace

void scan_summary::add_key(const jwkview::key& k) {
  ++keys;
  count(by_kty, text_of(k.kty));
  count(by_alg, text_of(k.alg));
  count(by_use, text_of(k.use));
  count(by_status, text_of(k.status));
  count_size(by_size, k);
  count(by_schema, jwkview::to_string(k.schema));
}

void scan_summary::add_error(std::string_view cls, std::string_view code) {
  ++errors;
  count(errors_by_class, cls);
  count(errors_by_code, code);
}

void scan_summary::merge(const scan_summary& other) {
  files += other.files;
  documents += other.documents;
  keys += other.keys;
  errors += other.errors;
  warnings += other.warnings;
  bytes += other.bytes;
  merge_tally(by_kty, other.by_kty);
  merge_tally(by_alg, other.by_alg);
  merge_tally(by_use, other.by_use);
  merge_tally(by_status, other.by_status);
  merge_tally(by_size, other.by_size);
  merge_tally(by_schema, other.by_schema);
  merge_tally(errors_by_class, other.errors_by_class);
  merge_tally(errors_by_code, other.errors_by_code);
}

std::string summary_text(const scan_summary& s, double seconds) {
  std::string out;
  out += "files      " + std::to_string(s.files) + "\n";
  out += "documents  " + std::to_string(s.documents) + "\n";
  out += "keys       " + std::to_string(s.keys) + "\n";
  out += "errors     " + std::to_string(s.errors) + "\n";
  out += "warnings   " + std::to_string(s.warnings) + "\n";
  out += "bytes      " + std::to_string(s.bytes) + "\n";
  out += "seconds    " + fixed(seconds) + "\n";
  out += "MB/s       " + fixed(per_second(static_cast<double>(s.bytes) / 1e6, seconds)) + "\n";
  out += "keys/s     " + fixed(per_second(static_cast<double>(s.keys), seconds)) + "\n";
  for (const named_tally& t : tallies_of(s)) {
    if (t.counts->empty()) continue;
    out += '\n';
    out += t.text_name;
    out += ":\n";
    std::size_t width = 0;
    for (const auto& [text, n] : *t.counts)
      width = std::max(width, display_width(terminal_safe(text)));
    for (const auto& [text, n] : *t.counts) {
      const std::string shown = terminal_safe(text);
      out += "  " + shown;
      out.append(width - display_width(shown) + 2, ' ');
      out += std::to_string(n) + "\n";
    }
  }
  return out;
}

std::string summary_ndjson(const scan_summary& s, double seconds) {
  std::string out = R"({"type":"summary")";
  const auto number = [&out](std::string_view name, const std::string& value) {
    out += ",\"";
    out += name;
    out += "\":";
    out += value;
  };
  number("files", std::to_string(s.files));
  number("documents", std::to_string(s.documents));
  number("keys", std::to_string(s.keys));
  number("errors", std::to_string(s.errors));
  number("warnings", std::to_string(s.warnings));
  number("bytes", std::to_string(s.bytes));
  number("seconds", fixed(seconds));
  number("mb_per_s", fixed(per_second(static_cast<double>(s.bytes) / 1e6, seconds)));
  number("keys_per_s", fixed(per_second(static_cast<double>(s.keys), seconds)));
  for (const named_tally& t : tallies_of(s)) {
    out += ",\"";
    out += t.json_name;
    out += "\":{";
    bool first = true;
    for (const auto& [text, n] : *t.counts) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, text);
      out += ':';
      out += std::to_string(n);
    }
    out += '}';
  }
  out += "}\n";
  return out;
}

}  // namespace jwkview_cli
