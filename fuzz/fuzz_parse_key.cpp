// parser::parse_key, in every profile.
//
// Oracles: an accepted key satisfies the record invariants; and parse_key
// agrees with parse_set wherever parse_set reads the document as one key
// object (or refuses it as JSON): the same key, or the same error.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

using namespace jwkview;
using namespace jwkview::fuzz;

void check_profile(const document& doc, const options& opts) {
  parser p(opts);
  const result<key> one = doc.parse_key(p);
  if (one) {
    view_oracle views(doc.text(), opts.base64 == base64_mode::tolerant);
    check_key(*one, doc.text(), opts, views);
    require(one->index == 0, "a single key has index 0");
  } else {
    require(one.error().cls() != error_class::none, "a refused key has an error");
    require(one.error().offset <= doc.text().size(), "an error offset lies in the input");
  }

  parser set_parser(opts);
  key storage[1];
  const parse_report r = doc.parse_set(set_parser, storage);
  const bool refused_json = r.document_failed() && r.errors()[0].cls() == error_class::syntax;
  if (r.shape() != set_shape::single_key && !refused_json) return;
  if (one) {
    require(r.key_count() == 1 && describe(r.keys()[0]) == describe(*one),
            "parse_key and parse_set deliver the same key");
  } else {
    require(!r.errors().empty() && same_error(r.errors()[0], one.error()),
            "parse_key and parse_set report the same error");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz_input in = read_input(data, size);
  const document doc(in);
  check_profile(doc, with_profile(in.opts, profile::okta));
  check_profile(doc, with_profile(in.opts, profile::rfc7517));
  check_profile(doc, with_profile(in.opts, profile::automatic));
  return 0;
}
