// What simdjson's DOM and On-Demand peers share: both APIs spell arrays,
// strings and document streams alike.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <string_view>
#include <utility>

#include "peer_reader.hpp"

namespace jwkview_bench {

/// The part of extract.hpp's adapter both APIs fit; each adds members().
template <typename Array>
struct simdjson_common_api {
  template <typename Value, typename F>
  static bool elements(Value&& v, F&& f) {
    Array array;
    if (v.get_array().get(array) != simdjson::SUCCESS) return false;
    for (auto element : array) {
      if (!f(element)) return false;
    }
    return true;
  }

  template <typename Value>
  static bool string(Value&& v, std::string_view& out) {
    return v.get_string().get(out) == simdjson::SUCCESS;
  }
};

/// One key per document of an iterate_many or parse_many stream.
template <typename Api, typename Stream>
std::size_t read_stream(simdjson::simdjson_result<Stream>&& stream, plain_key& record) {
  Stream docs;
  if (std::move(stream).get(docs) != simdjson::SUCCESS) return reader::failed;
  std::size_t keys = 0;
  for (auto doc : docs) {
    if (!read_key<Api>(doc, record)) return reader::failed;
    ++keys;
  }
  return keys;
}

}  // namespace jwkview_bench
