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

/// The aligned key table, printed in blocks so a run of any length needs
/// memory for one block only:
///
///   [SOURCE  ]KID  KTY  ALG  USE  STATUS  SIZE  ID
///
/// Columns are separated by two spaces; the last one is not padded. Each
/// block is as wide as its widest cell and never narrower than the blocks
/// before it, so a table that fits one block is aligned exactly. A member
/// that is absent shows as "-", a null one as "null", an empty string as "".
/// SIZE is the RSA modulus size in bits ("?" when "n" is not canonical
/// base64url, which only --no-key-checks lets through) or the EC/OKP curve.
/// Control characters in values are escaped (see terminal_safe).
class key_table {
 public:
  /// Rows kept before a block is due.
  static constexpr std::size_t block_rows = 4096;

  explicit key_table(bool with_source) : with_source_(with_source) {}
  /// `source` fills the SOURCE column, printed only when the table has one.
  void add(std::string_view source, const key_summary& key);
  [[nodiscard]] bool block_due() const noexcept { return rows_.size() >= block_rows; }
  /// The rows added since the last call, with the header line before the
  /// first block; "" when there are none.
  [[nodiscard]] std::string take_block();

 private:
  static constexpr std::size_t columns = 9;
  using row = std::array<std::string, columns>;
  std::vector<row> rows_;
  std::array<std::size_t, columns> width_{};
  bool with_source_;
  bool header_done_ = false;
};

/// One error line for stderr, with its "\n":
///   SOURCE:OFFSET: PATH: CLASS/CODE: MESSAGE[ (the document ends here, after N keys)]
/// PATH is the JSON Pointer, except that the root ("") is written "(root)",
/// and a pointer the library had to cut ends in " (truncated)".
[[nodiscard]] std::string error_line(std::string_view source, const error_record& err);

}  // namespace jwkview_cli
