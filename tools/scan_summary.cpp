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
  tally counts;
};

/// The size classes as text.
tally sizes_of(const scan_summary& s) {
  tally sizes = s.by_curve.texts();
  for (const auto& [text, n] : s.other_kty.texts()) sizes[text] += n;
  for (const auto& [bits, n] : s.rsa_bits) {
    sizes[bits == 0 ? std::string("RSA-?") : "RSA-" + std::to_string(bits)] += n;
  }
  return sizes;
}

tally schemas_of(const scan_summary& s) {
  tally schemas;
  for (std::size_t i = 0; i < s.by_schema.size(); ++i) {
    if (s.by_schema[i] != 0) {
      schemas.emplace(jwkview::to_string(static_cast<jwkview::profile>(i)), s.by_schema[i]);
    }
  }
  return schemas;
}

std::array<named_tally, 8> tallies_of(const scan_summary& s) {
  return {{{"kty", "kty", s.by_kty.texts()},
           {"alg", "alg", s.by_alg.texts()},
           {"use", "use", s.by_use.texts()},
           {"status", "status", s.by_status.texts()},
           {"size", "size", sizes_of(s)},
           {"schema", "schema", schemas_of(s)},
           {"error class", "error_class", s.errors_by_class},
           {"error code", "error_code", s.errors_by_code}}};
}

}  // namespace

template <typename E, std::size_t N>
void member_counts<E, N>::add(const jwkview::enum_member<E>& m) {
  const auto i = static_cast<std::size_t>(m.value);
  if (m.has_value() && m.value != E::unknown && i < N) {
    ++by_value[i];
  } else {
    count(by_text, text_of(m));
  }
}

template <typename E, std::size_t N>
void member_counts<E, N>::merge(const member_counts& other) {
  for (std::size_t i = 0; i < N; ++i) by_value[i] += other.by_value[i];
  merge_tally(by_text, other.by_text);
}

template <typename E, std::size_t N>
tally member_counts<E, N>::texts() const {
  tally all = by_text;
  for (std::size_t i = 0; i < N; ++i) {
    if (by_value[i] != 0) all[std::string(jwkview::to_string(static_cast<E>(i)))] += by_value[i];
  }
  return all;
}

void scan_summary::add_key(const jwkview::key& k) {
  ++keys;
  by_kty.add(k.kty);
  by_alg.add(k.alg);
  by_use.add(k.use);
  by_status.add(k.status);
  if (k.kty.is(jwkview::key_type::rsa)) {
    ++rsa_bits[jwkview::modulus_bits(k)];
  } else if (k.kty.is(jwkview::key_type::ec) || k.kty.is(jwkview::key_type::okp)) {
    by_curve.add(k.crv);
  } else {
    other_kty.add(k.kty);
  }
  const auto schema = static_cast<std::size_t>(k.schema);
  if (schema < by_schema.size()) ++by_schema[schema];
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
  by_kty.merge(other.by_kty);
  by_alg.merge(other.by_alg);
  by_use.merge(other.by_use);
  by_status.merge(other.by_status);
  for (const auto& [bits, n] : other.rsa_bits) rsa_bits[bits] += n;
  by_curve.merge(other.by_curve);
  other_kty.merge(other.other_kty);
  for (std::size_t i = 0; i < by_schema.size(); ++i) by_schema[i] += other.by_schema[i];
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
    if (t.counts.empty()) continue;
    out += '\n';
    out += t.text_name;
    out += ":\n";
    std::size_t width = 0;
    for (const auto& [text, n] : t.counts)
      width = std::max(width, display_width(terminal_safe(text)));
    for (const auto& [text, n] : t.counts) {
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
    for (const auto& [text, n] : t.counts) {
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
