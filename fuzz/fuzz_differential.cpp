// jwkview against simdjson's DOM parser, which validates the whole document.
//
// Oracles: jwkview refuses the bytes as JSON exactly when DOM does; and every
// member of every accepted key equals what DOM holds at that member (absent,
// null, string, boolean or array of strings).
//
// Skipped, by documented policy (docs/parsing-rules.md):
//  - jwkview limit errors (depth, string length, members): they refuse valid
//    JSON on purpose, and mask any syntax error behind them;
//  - DOM number errors on documents jwkview accepts: jwkview checks the
//    number grammar and never converts, so 1e999 and 30-digit integers are
//    JSON to it and out of range to DOM;
//  - DOM depth errors: DOM stops at 1024 levels, jwkview's cap.
// A leading UTF-8 BOM is judged here, not by DOM, which refuses one before
// simdjson 3.6 and skips it from 3.6 on: with accept_bom (from the header)
// DOM judges the bytes after it; a BOM where DOM would start (without
// accept_bom, or a second one) must be a jwkview syntax error.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"

namespace {

using namespace jwkview;
using namespace jwkview::fuzz;
namespace dom = simdjson::dom;

options differential_options(const fuzz_input& in) {
  options o;
  o.profile = profile::rfc7517;  // the most keys to compare
  o.key_checks = in.opts.key_checks;
  o.accept_bom = in.opts.accept_bom;
  o.limits.max_depth = 1024;
  o.limits.max_string_bytes = std::size_t{1} << 30;
  o.limits.max_unknown_members = 1024;
  o.limits.max_keys = std::size_t{1} << 30;
  return o;
}

// The DOM element of key `index` in a document of `shape`.
dom::element key_element(dom::element root, set_shape shape, std::size_t index) {
  switch (shape) {
    case set_shape::single_key:
      return root;
    case set_shape::array:
      return root.at(index).value_unsafe();
    case set_shape::keys_object:
      return root["keys"].at(index).value_unsafe();
    default:
      return root["jwks"]["keys"].at(index).value_unsafe();
  }
}

void compare_list(dom::element e, const string_list& list, const char* what) {
  dom::array arr;
  require(e.get_array().get(arr) == simdjson::SUCCESS && arr.size() == list.size(), what);
  auto it = list.begin();
  for (dom::element entry : arr) {
    std::string_view text;
    require(entry.get_string().get(text) == simdjson::SUCCESS && text == *it, what);
    ++it;
  }
}

void compare_key(dom::element object, const key& k) {
  for_each_member(k, [&](const member_path& path, const auto& m) {
    using M = std::decay_t<decltype(m)>;
    dom::element e = object;
    bool found = true;
    for (std::size_t i = 0; i < path.size && found; ++i) {
      found = e[path.steps[i]].get(e) == simdjson::SUCCESS;
    }
    require(found == !m.is_absent(), "a member is present where DOM has it");
    if (!found) return;
    require(e.is_null() == m.is_null(), "a member is null where DOM has null");
    if (m.is_null()) return;
    if constexpr (std::is_same_v<M, string_member>) {
      require(e.get_string().value_unsafe() == m.value, "a string equals DOM's");
    } else if constexpr (std::is_same_v<M, member<bool>>) {
      require(e.get_bool().value_unsafe() == m.value, "a boolean equals DOM's");
    } else if constexpr (std::is_same_v<M, member<string_list>>) {
      compare_list(e, m.value, "a list equals DOM's");
    } else if constexpr (requires { m.text; }) {
      require(e.get_string().value_unsafe() == m.text, "an enum's text equals DOM's");
    } else {
      compare_list(e, m.entries, "a list equals DOM's");
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz_input in = read_input(data, size);
  const options opts = differential_options(in);
  static dom::parser dom_parser;
  parser p(opts);
  std::vector<key> keys;
  const parse_report r = p.for_each_key(in.json, [&](const key& k) { keys.push_back(k); });
  const error_class verdict = r.document_failed() ? r.errors()[0].cls() : error_class::none;
  if (verdict == error_class::limit) return 0;

  constexpr std::string_view bom = "\xEF\xBB\xBF";
  std::string_view json = in.json;
  if (opts.accept_bom && json.starts_with(bom)) json.remove_prefix(bom.size());
  if (json.starts_with(bom)) {
    require(verdict == error_class::syntax, "a BOM where DOM would start is a syntax error");
    return 0;
  }
  dom::element root;
  const simdjson::error_code dom_error = dom_parser.parse(json.data(), json.size()).get(root);
  const bool jwkview_json = verdict != error_class::syntax;
  if (jwkview_json && (dom_error == simdjson::NUMBER_ERROR || dom_error == simdjson::DEPTH_ERROR)) {
    return 0;
  }
  require(jwkview_json == (dom_error == simdjson::SUCCESS), "the JSON verdict agrees with DOM");
  if (r.document_failed()) return 0;
  for (const key& k : keys) compare_key(key_element(root, r.shape(), k.index), k);
  return 0;
}
