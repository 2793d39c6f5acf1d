// parser::parse_set and parser::for_each_key, in every profile.
//
// Oracles: every delivered key satisfies the record invariants; a report is
// consistent (a failed document has one error and no key and no warning);
// the callback form delivers the same keys and errors as the storage form;
// a key the okta profile accepts is accepted, the same, by rfc7517 (whose
// rules are a subset), with the same verdict on the document; and
// automatic accepts a key exactly when the profile it chose for it does.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"

namespace {

using namespace jwkview;
using namespace jwkview::fuzz;

struct outcome {
  std::vector<std::string> keys;  // described
  std::vector<error> errors;      // stored
  std::vector<profile> schemas;   // of the keys
  std::size_t error_count = 0;
  bool document_failed = false;
  bool storage_full = false;
};

void check_report(const parse_report& r, std::string_view json, const options& opts,
                  std::size_t storage) {
  require(r.ok() == (r.error_count() == 0), "ok() means no error");
  require(r.errors().size() <= r.error_count(), "stored errors are counted");
  require(!to_string(r.shape()).empty(), "a shape has a name");
  for (const error& e : r.errors()) {
    require(e.cls() != error_class::none, "errors have a class");
    require(!name_of(e.code).empty() && !name_of(e.cls()).empty() && !e.message().empty(),
            "errors have a name, a class name and a message");
    require(e.offset <= json.size(), "an error offset lies in the input");
    require(e.path().empty() || e.path().front() == '/', "an error path is a JSON Pointer");
  }
  require(r.warnings().size() <= r.warning_count(), "stored warnings are counted");
  for (const error& w : r.warnings()) {
    require(w.is_warning() && w.cls() == error_class::warning, "a warning's class is warning");
    require(!opts.warnings_as_errors, "warnings_as_errors reports no warning");
    require(w.offset <= json.size() && !w.message().empty(), "a warning is placed and explained");
  }
  for (const error& e : r.errors()) require(!e.is_warning(), "an error is not a warning");
  if (r.document_failed()) {
    require(r.error_count() == 1 && r.errors().size() == 1, "a failed document has one error");
    require(r.keys().empty() && r.key_count() == 0, "a failed document delivers no key");
    require(r.warning_count() == 0, "a failed document has no warning");
    return;
  }
  require(r.shape() != set_shape::none, "an accepted document has a shape");
  require(r.errors().size() == std::min<std::size_t>(r.error_count(), opts.max_reported_errors),
          "errors are stored up to max_reported_errors");
  for (const error& e : r.errors()) {
    require(e.cls() == error_class::schema || e.cls() == error_class::key,
            "errors of an accepted document are key errors");
  }
  require(r.keys().size() == r.key_count() && r.key_count() <= storage,
          "delivered keys fit the storage");
  require(
      r.key_count() + r.error_count() <= opts.limits.max_keys || r.shape() == set_shape::single_key,
      "at most max_keys elements");
}

outcome storage_form(const document& doc, const options& opts, std::size_t storage) {
  parser p(opts);
  require(p.options().limits.max_depth == std::min(opts.limits.max_depth, 1024u),
          "the parser keeps the options, max_depth capped at 1024");
  std::vector<key> keys(storage);
  const parse_report r = doc.parse_set(p, keys);
  check_report(r, doc.text(), opts, storage);
  outcome o;
  view_oracle views(doc.text(), opts.base64 == base64_mode::tolerant);
  std::size_t previous = 0;
  for (const key& k : r.keys()) {
    check_key(k, doc.text(), opts, views);
    require(o.keys.empty() || k.index > previous, "keys come in document order");
    previous = k.index;
    o.keys.push_back(describe(k));
    o.schemas.push_back(k.schema);
  }
  o.errors.assign(r.errors().begin(), r.errors().end());
  o.error_count = r.error_count();
  o.document_failed = r.document_failed();
  o.storage_full = o.document_failed && o.errors[0].code == error_code::storage_full;
  return o;
}

void callback_form(const document& doc, const options& opts, std::size_t stop_after,
                   const outcome& stored) {
  parser p(opts);
  view_oracle views(doc.text(), opts.base64 == base64_mode::tolerant);
  std::vector<std::string> keys;
  const parse_report r = doc.for_each_key(p, [&](const key& k) {
    check_key(k, doc.text(), opts, views);
    keys.push_back(describe(k));
    return keys.size() == stop_after ? next::stop : next::go;
  });
  require(r.keys().empty() && r.key_count() == keys.size(), "the callback sees every key");
  require(r.stopped() == (stop_after != 0 && keys.size() == stop_after),
          "stopped() means the callback said stop");
  if (stored.storage_full) return;
  const std::size_t common = std::min(keys.size(), stored.keys.size());
  if (!r.document_failed() && !stored.document_failed) {
    require(std::equal(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(common),
                       stored.keys.begin()),
            "both forms deliver the same keys");
  }
  if (r.stopped()) return;
  require(r.document_failed() == stored.document_failed, "both forms judge the document alike");
  if (r.document_failed()) {
    require(same_error(r.errors()[0], stored.errors[0]), "both forms report the same error");
    return;
  }
  require(keys.size() == stored.keys.size(), "both forms deliver as many keys");
  require(r.error_count() == stored.error_count && r.errors().size() == stored.errors.size(),
          "both forms count the same errors");
  for (std::size_t i = 0; i < r.errors().size(); ++i) {
    require(same_error(r.errors()[i], stored.errors[i]), "both forms report the same errors");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz_input in = read_input(data, size);
  const document doc(in);
  const options okta = with_profile(in.opts, profile::okta);
  const options rfc = with_profile(in.opts, profile::rfc7517);
  const options automatic = with_profile(in.opts, profile::automatic);
  const outcome a = storage_form(doc, okta, in.storage);
  const outcome b = storage_form(doc, rfc, in.storage);
  const outcome c = storage_form(doc, automatic, in.storage);
  callback_form(doc, okta, in.stop_after, a);
  callback_form(doc, rfc, in.stop_after, b);
  callback_form(doc, automatic, in.stop_after, c);

  if (a.storage_full || b.storage_full || c.storage_full) return 0;
  require(a.document_failed == b.document_failed && b.document_failed == c.document_failed,
          "the profiles judge the document alike");
  if (a.document_failed) {
    require(same_error(a.errors[0], b.errors[0]) && same_error(b.errors[0], c.errors[0]),
            "the profiles report the same document error");
    return 0;
  }
  const auto has = [](const outcome& o, const std::string& k) {
    return std::find(o.keys.begin(), o.keys.end(), k) != o.keys.end();
  };
  for (const std::string& k : a.keys)
    require(has(b, k), "a key okta accepts, rfc7517 accepts the same");
  for (std::size_t i = 0; i < c.keys.size(); ++i) {
    require(has(c.schemas[i] == profile::okta ? a : b, c.keys[i]),
            "a key automatic accepts, the profile it chose accepts the same");
  }
  for (const std::string& k : b.keys) {
    require(has(c, k) || !has(a, k), "a key both profiles accept, automatic accepts");
  }
  return 0;
}
