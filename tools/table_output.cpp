// jwkview command: `--format table` (the key table and the stderr error lines).
#include "table_output.hpp"

#include <algorithm>

#include "text_escape.hpp"

namespace jwkview_cli {
namespace {

constexpr std::array<std::string_view, 9> headers = {"SOURCE", "KID",  "KTY", "ALG",   "USE",
                                                     "STATUS", "SIZE", "ID",  "SCHEMA"};

std::string cell(const text_field& field) {
  switch (field.state) {
    case jwkview::presence::absent:
      return "-";
    case jwkview::presence::null:
      return "null";
    case jwkview::presence::value:
      break;
  }
  if (field.text.empty()) return "\"\"";
  return terminal_safe(field.text);
}

std::string size_cell(const key_summary& key) {
  switch (key.size) {
    case size_kind::bits:
      return std::to_string(key.bits);
    case size_kind::bits_unknown:
      return "?";
    case size_kind::curve:
      return cell(key.crv);
    case size_kind::none:
      break;
  }
  return "-";
}

}  // namespace

void key_table::add(std::string_view source, const key_summary& key) {
  rows_.push_back({terminal_safe(source), cell(key.kid), cell(key.kty), cell(key.alg),
                   cell(key.use), cell(key.status), size_cell(key), cell(key.id),
                   std::string(jwkview::to_string(key.schema))});
}

std::string key_table::take_block() {
  if (rows_.empty()) return {};
  const std::size_t first = with_source_ ? 0 : 1;
  for (std::size_t c = first; c < columns; ++c) {
    width_[c] = std::max(width_[c], display_width(headers[c]));
    for (const row& r : rows_) width_[c] = std::max(width_[c], display_width(r[c]));
  }

  std::string out;
  const auto append_line = [&](auto&& text_of) {
    for (std::size_t c = first; c < columns; ++c) {
      const std::string_view text = text_of(c);
      out += text;
      if (c + 1 < columns) out.append(width_[c] - display_width(text) + 2, ' ');
    }
    out += '\n';
  };
  if (!header_done_) append_line([](std::size_t c) { return headers[c]; });
  header_done_ = true;
  for (const row& r : rows_) {
    append_line([&r](std::size_t c) { return std::string_view(r[c]); });
  }
  rows_.clear();
  return out;
}

std::string error_line(std::string_view source, const error_record& err) {
  std::string out = terminal_safe(source);
  out += ':';
  out += std::to_string(err.offset);
  out += ": ";
  out += err.path.empty() ? std::string("(root)") : terminal_safe(err.path);
  if (err.path_truncated) out += " (truncated)";
  out += ": ";
  out += err.cls;
  out += '/';
  out += err.code;
  out += ": ";
  out += terminal_safe(err.message);
  if (err.ends_document && err.keys_before > 0) {
    out += " (the document ends here, after ";
    out += std::to_string(err.keys_before);
    if (err.provisional) out += " provisional";
    out += err.keys_before == 1 ? " key)" : " keys)";
  }
  out += '\n';
  return out;
}

}  // namespace jwkview_cli
