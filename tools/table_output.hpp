// jwkview command: `--format table` (the key table and the stderr error lines).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "error_record.hpp"
#include "key_summary.hpp"

namespace jwkview_cli {

/// The aligned key table. Rows are kept until print(), which sizes the columns.
///
///   [SOURCE  ]KID  KTY  ALG  USE  STATUS  SIZE  ID
///
/// Columns are separated by two spaces; the last one is not padded. A member
/// that is absent shows as "-", a null one as "null", an empty string as "".
/// SIZE is the RSA modulus size in bits ("?" when "n" is not canonical
/// base64url, which only --no-key-checks lets through) or the EC/OKP curve.
/// Control characters in values are escaped (see terminal_safe).
class key_table {
 public:
  /// `source` fills the SOURCE column, printed only when print() is asked to.
  void add(std::string_view source, const key_summary& key);
  [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }
  /// The table with a header line, or "" when there are no rows.
  [[nodiscard]] std::string render(bool with_source) const;

 private:
  static constexpr std::size_t columns = 8;
  using row = std::array<std::string, columns>;
  std::vector<row> rows_;
};

/// One error line for stderr, with its "\n":
///   SOURCE:OFFSET: PATH: CLASS/CODE: MESSAGE
/// PATH is the JSON Pointer, except that the root ("") is written "(root)",
/// and a pointer the library had to cut ends in " (truncated)".
[[nodiscard]] std::string error_line(std::string_view source, const error_record& err);

}  // namespace jwkview_cli
