// jwkview command: escaping text for JSON output and for the terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace jwkview_cli {

/// Appends `text` as a JSON string, quotes included (RFC 8259 §7): `"` and
/// `\` are escaped, U+0000..U+001F become \b \f \n \r \t or \u00XX, and
/// everything else passes through unchanged, non-ASCII UTF-8 included.
/// Bytes that are not well-formed UTF-8 (possible only in file names) are
/// written as \ufffd so the output stays valid JSON. (jwkview::write_json_string.)
void append_json_string(std::string& out, std::string_view text);

/// Text safe to print in a terminal table cell: C0 controls, DEL and C1
/// controls are written as JSON-style escapes (\n, \u001b, \u0085) and bytes
/// that are not UTF-8 as \ufffd, so a hostile kid cannot move the cursor or
/// recolour the screen. Everything else passes through.
[[nodiscard]] std::string terminal_safe(std::string_view text);

/// Display width of UTF-8 text, counted in code points.
[[nodiscard]] std::size_t display_width(std::string_view text);

}  // namespace jwkview_cli
