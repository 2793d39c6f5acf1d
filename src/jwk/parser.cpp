// The public parser: its buffers and the report.
#include "jwkview/parser.hpp"

#include <new>

#include "jwk/parser_impl.hpp"

namespace jwkview {

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
  return visit_storage(json, out);
}

parse_report parser::parse_set(padded_view json, std::span<key> out) noexcept {
  return visit_storage({json.data, json.size}, out);
}

parse_report parser::visit_storage(std::string_view json, std::span<key> out) noexcept {
  if (impl_ == nullptr) return out_of_memory_report();
  detail::key_output output = impl_->output();
  output.storage = out;
  error failure;
  const detail::walk_result walked = impl_->run(json, detail::walk_mode::key_set, output, failure);
  return impl_->report(walked, output, failure);
}

parse_report parser::visit(std::string_view json, key_sink sink) noexcept {
  if (impl_ == nullptr) return out_of_memory_report();
  detail::key_output output = impl_->output();
  output.sink = sink;
  error failure;
  const detail::walk_result walked = impl_->run(json, detail::walk_mode::key_set, output, failure);
  return impl_->report(walked, output, failure);
}

result<key> parser::parse_key(std::string_view json) noexcept {
  return parse_one(json);
}

result<key> parser::parse_key(padded_view json) noexcept {
  return parse_one({json.data, json.size});
}

result<key> parser::parse_one(std::string_view json) noexcept {
  if (impl_ == nullptr) return detail::make_error(error_code::out_of_memory, 0);
  detail::key_output output = impl_->output();
  output.error_capacity = 1;
  std::span<key> one{&impl_->spare, 1};
  output.storage = one;
  error failure;
  impl_->last_warnings = 0;
  impl_->run(json, detail::walk_mode::single_key, output, failure);
  if (failure) return failure;
  if (output.errors_total != 0) return impl_->errors[0];
  impl_->last_warnings = output.warnings_stored;
  return impl_->spare;
}

std::span<const error> parser::last_warnings() const noexcept {
  if (impl_ == nullptr) return {};
  return {impl_->warnings.get(), impl_->last_warnings};
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
