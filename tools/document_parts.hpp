// jwkview command: one large JSON document cut into parts that `scan
// --jobs` reads in parallel, each as the stream of the whole file would.
//
// A document longer than the hold is streamed element by element
// (jwkview/stream.hpp, "Provisional mode"). Between two elements of its key
// array, that stream is in the same state wherever it is, but for the count
// of elements before. So a part that starts at an element is read by a
// stream given the document's head (its bytes up to the first element),
// then the part's bytes, with offsets shifted to where they lie; a part
// that ends before a ',' is then ended with a last element, `{}`, and the
// brackets the head opened.
//
// Each cut is a guess: a ',' between a '}' and a '{', which may as well lie
// inside a string, inside a key or in another array after the key array.
// The scan proves it: the part before a cut must report the error of that
// `{}` as an element of the key array (its missing kty or id), and then
// nothing more; then its stream was between two elements of the key array
// at the cut, and so was the whole file's (the first part is read from the
// file's first byte). Then everything its own bytes report is the whole
// file's stream's too, but for an element's index, which the scan numbers
// on, and for what names an element by its index in a message, lies in the
// head's bytes, or comes of the ending. A part that reports such a thing
// has the scan read the file again from its start in one stream, from that
// event on (scan.cpp).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "input_source.hpp"
#include "jwkview/stream.hpp"

namespace jwkview_cli {

/// Where a part ends and the next begins.
struct document_cut {
  std::uint64_t comma = 0;    ///< the ',' after the last element of the part before
  std::uint64_t element = 0;  ///< the '{' that starts the part after
};

struct document_parts {
  /// Bytes [0, head) open the key array; its first element starts at head.
  std::uint64_t head = 0;
  /// Ends a part after one of its elements, from that element's ',' on:
  /// ",{}]", ",{}]}" or ",{}]}}". The '{' of its last element, "{}", is
  /// at the offset of that ',' plus one.
  std::string_view ending;
  /// The key array's JSON Pointer and a '/': "/", "/keys/" or "/jwks/keys/".
  std::string_view array_path;
  /// In order. Empty: the input is read whole, in one part.
  std::vector<document_cut> cuts;
};

/// Plans up to `parts` parts of the single document in `in` (a regular
/// file) for streams with options `opts`. Each part is longer than twice
/// the hold, so that the whole file's stream streams the document (rather
/// than holds it) wherever a part starts, and a part's own stream does too
/// after its first bytes.
[[nodiscard]] document_parts plan_document_parts(const input_source& in,
                                                 const jwkview::stream_options& opts,
                                                 unsigned parts);

}  // namespace jwkview_cli
