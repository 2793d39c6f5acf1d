// The public parser: buffers, the padding decision, and the report.
#include "jwkview/parser.hpp"

#include <new>

#include "parser_impl.hpp"

namespace jwkview {

namespace {

bool padded_enough(const padded_view& json) noexcept {
  return json.data != nullptr && json.capacity >= json.size && json.capacity - json.size >= padding;
}

}  // namespace

parser::parser(const jwkview::options& opts) noexcept : impl_(new (std::nothrow) impl(opts)) {}
parser::~parser() {
  delete impl_;
}
parser::parser(parser&& other) noexcept : impl_(std::exchange(other.impl_, nullptr)) {}
parser& parser::operator=(parser&& other) noexcept {
  if (this != &other) {
    delete impl_;
    impl_ = std::exchange(other.impl_, nullptr);
  }
  return *this;
}

const jwkview::options& parser::options() const noexcept {
  static const jwkview::options defaults{};
  return impl_ != nullptr ? impl_->opts : defaults;
}

parse_report parser::parse_set(std::string_view json, std::span<key> out) noexcept {
  return visit_storage(json, false, out);
}

parse_report parser::parse_set(padded_view json, std::span<key> out) noexcept {
  return visit_storage({json.data, json.size}, padded_enough(json), out);
}

parse_report parser::visit_storage(std::string_view json, bool in_place,
                                   std::span<key> out) noexcept {
  if (impl_ == nullptr) return out_of_memory_report();
  detail::key_output output = impl_->output();
  output.storage = out;
  error failure;
  const detail::walk_result walked =
      impl_->run(json, in_place, detail::walk_mode::key_set, output, failure);
  return impl_->report(walked, output, failure);
}

parse_report parser::visit(std::string_view json, const padded_view* padded,
                           key_sink sink) noexcept {
  if (impl_ == nullptr) return out_of_memory_report();
  detail::key_output output = impl_->output();
  output.sink = sink;
  error failure;
  const bool in_place = padded != nullptr && padded_enough(*padded);
  const detail::walk_result walked =
      impl_->run(json, in_place, detail::walk_mode::key_set, output, failure);
  return impl_->report(walked, output, failure);
}

result<key> parser::parse_key(std::string_view json) noexcept {
  return parse_one(json, false);
}

result<key> parser::parse_key(padded_view json) noexcept {
  return parse_one({json.data, json.size}, padded_enough(json));
}

result<key> parser::parse_one(std::string_view json, bool in_place) noexcept {
  if (impl_ == nullptr) return detail::make_error(error_code::out_of_memory, 0);
  detail::key_output output = impl_->output();
  output.error_capacity = 1;
  std::span<key> one{&impl_->spare, 1};
  output.storage = one;
  error failure;
  impl_->run(json, in_place, detail::walk_mode::single_key, output, failure);
  if (failure) return failure;
  if (output.errors_total != 0) return impl_->errors[0];
  return impl_->spare;
}

parse_report parser::out_of_memory_report() noexcept {
  static const error oom = detail::make_error(error_code::out_of_memory, 0);
  parse_report r;
  r.errors_ = {&oom, 1};
  r.error_count_ = 1;
  r.document_failed_ = true;
  return r;
}

}  // namespace jwkview
