// The round-trip property of the writer, shared by fuzz_round_trip.cpp and
// tests/write_round_trip_test.cpp:
//
//   parse -> write -> parse gives an equal key, for every delivered key,
//   in every write_form, for the single key and for the whole set.
//
// Each input is parsed with parse_set under both profiles, with and without
// key checks. Each delivered key is written in each form and parsed back:
//  - response under the same options (the form is lossless: the key must
//    come back equal);
//  - request and jwk under the rfc7517 profile with the same key checks
//    (they drop Okta's required `id`): the key must come back equal to the
//    members the form holds (projection()).
// Also checked: a buffer one byte short reports the same size and writes
// nothing past its end, the whole set in each form parses back to the same
// keys in order, and to_owned() gives a key that compares, hashes and writes
// the same. Allocates freely (it is test code).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jwkview/jwkview.hpp"

namespace jwkview_round_trip {

inline constexpr jwkview::write_form all_forms[] = {
    jwkview::write_form::response, jwkview::write_form::request, jwkview::write_form::jwk};

/// The members of `k` that `form` writes (see write.hpp), the rest absent.
inline jwkview::key projection(const jwkview::key& k, jwkview::write_form form) {
  using jwkview::presence;
  jwkview::key p = k;
  if (form == jwkview::write_form::response) return p;
  p.id = {};
  p.created = {};
  p.last_updated = {};
  p.links = {};
  if (form == jwkview::write_form::request) return p;
  p.status = {};
  const auto no_null = [](auto& m) {
    if (m.state == presence::null) m = {};
  };
  no_null(p.kid);
  no_null(p.alg);
  no_null(p.use);
  no_null(p.kty);
  no_null(p.key_ops);
  no_null(p.x5u);
  no_null(p.x5c);
  no_null(p.x5t);
  no_null(p.x5t_s256);
  const jwkview::key_type kty = p.kty.has_value() ? p.kty.value : jwkview::key_type::unknown;
  const bool rsa = kty == jwkview::key_type::rsa;
  const bool ec = kty == jwkview::key_type::ec;
  const bool okp = kty == jwkview::key_type::okp;
  if (!rsa) {
    p.n = {};
    p.e = {};
  }
  if (!ec && !okp) {
    p.crv = {};
    p.x = {};
  }
  if (!ec) p.y = {};
  no_null(p.n);
  no_null(p.e);
  no_null(p.crv);
  no_null(p.x);
  no_null(p.y);
  return p;
}

/// Writes with the size query first, then into a buffer of exactly that
/// size; checks the one-byte-short contract on the way.
template <typename Write>
inline std::string write_all(Write write, std::string& problem) {
  const jwkview::code_result<std::size_t> need = write(std::span<char>());
  if (need.has_value() != (need.value == 0)) problem = "size query: wrong complete flag";
  std::string out(need.value + 1, '\x7f');
  if (need.value > 0) {
    const jwkview::code_result<std::size_t> short_one =
        write(std::span<char>(out.data(), need.value - 1));
    if (short_one.value != need.value || short_one.has_value()) {
      problem = "one byte short: wrong size or complete flag";
    }
    if (out[need.value - 1] != '\x7f') problem = "one byte short: wrote past the end";
  }
  const jwkview::code_result<std::size_t> r = write(std::span<char>(out.data(), need.value));
  if (r.value != need.value || !r.has_value())
    problem = "exact buffer: wrong size or complete flag";
  if (out[need.value] != '\x7f') problem = "exact buffer: wrote past the end";
  out.resize(need.value);
  return out;
}

inline std::string describe_key(const jwkview::key& k) {
  std::string buffer(4096, '\0');
  jwkview::code_result<std::size_t> r =
      jwkview::write_key(k, jwkview::write_form::response, buffer);
  if (!r.has_value()) {
    buffer.resize(r.value);
    r = jwkview::write_key(k, jwkview::write_form::response, buffer);
  }
  buffer.resize(r.value);
  return buffer;
}

/// Empty when every check passes; otherwise what failed, with the JSON.
inline std::string check(std::string_view input) {
  using jwkview::write_form;
  for (const jwkview::profile prof : {jwkview::profile::okta, jwkview::profile::rfc7517}) {
    for (const bool checks : {true, false}) {
      jwkview::options opts;
      opts.profile = prof;
      opts.key_checks = checks;
      opts.limits.max_keys = 256;
      jwkview::options back_opts = opts;
      back_opts.profile = jwkview::profile::rfc7517;
      const std::string where = std::string(prof == jwkview::profile::okta ? "okta" : "rfc7517") +
                                (checks ? "" : " --no-key-checks");

      jwkview::parser source(opts);
      std::vector<jwkview::key> storage(256);
      const jwkview::parse_report report = source.parse_set(input, storage);
      const std::span<const jwkview::key> keys = report.keys();
      if (keys.empty()) continue;

      for (const write_form form : all_forms) {
        jwkview::parser back(form == write_form::response ? opts : back_opts);
        const std::string context = where + ", " + std::string(jwkview::to_string(form));
        for (const jwkview::key& k : keys) {
          std::string problem;
          const std::string json = write_all(
              [&](std::span<char> out) { return jwkview::write_key(k, form, out); }, problem);
          if (!problem.empty()) return context + ": " + problem + ": " + json;
          const jwkview::result<jwkview::key> again = back.parse_key(json);
          if (!again) {
            return context + ": written key does not parse (" +
                   std::string(jwkview::name_of(again.error().code)) + " at " +
                   std::to_string(again.error().offset) + "): " + json;
          }
          const jwkview::key expected = projection(k, form);
          if (!(*again == expected)) {
            return context + ": key changed\n expected " + describe_key(expected) + "\n got " +
                   describe_key(*again) + "\n written " + json;
          }
          if (form == write_form::response) {
            const jwkview::owned_key owned = jwkview::to_owned(k);
            const jwkview::owned_key copy = owned;
            if (!(owned == k) || !(copy == owned) ||
                std::hash<jwkview::owned_key>{}(copy) != std::hash<jwkview::key>{}(k) ||
                describe_key(copy.view()) != json) {
              return context + ": owned copy differs: " + describe_key(copy.view()) + " from " +
                     json;
            }
          }
        }
        // The whole set, parsed back in order.
        std::string problem;
        const std::string set_json = write_all(
            [&](std::span<char> out) { return jwkview::write_set(keys, form, out); }, problem);
        if (!problem.empty()) return context + " set: " + problem + ": " + set_json;
        std::vector<jwkview::key> back_storage(keys.size() + 1);
        const jwkview::parse_report again = back.parse_set(set_json, back_storage);
        if (!again.ok() || again.keys().size() != keys.size()) {
          return context + " set: written set does not parse back whole: " + set_json;
        }
        for (std::size_t i = 0; i < keys.size(); ++i) {
          if (!(again.keys()[i] == projection(keys[i], form))) {
            return context + " set: key " + std::to_string(i) + " changed: " + set_json;
          }
        }
      }
    }
  }
  return {};
}

}  // namespace jwkview_round_trip
