// JSON text of strings and string lists, into a sink: the inverse of the
// walk's read_string. The key writer (output/) and owned_key (which rebuilds
// a string_list's array text) both use it.
#pragma once

#include <cstddef>
#include <cstring>
#include <span>
#include <string_view>

#include "json/syntax_locator.hpp"
#include "jwkview/error.hpp"
#include "jwkview/key.hpp"

namespace jwkview::detail {

/// Writes into a caller's buffer, never past its end, and counts every byte
/// the whole output needs.
class buffer_sink {
 public:
  explicit buffer_sink(std::span<char> out) noexcept : data_(out.data()), capacity_(out.size()) {}

  void put(char c) noexcept {
    if (size_ < capacity_) data_[size_] = c;
    ++size_;
  }
  void put(std::string_view text) noexcept {
    if (size_ < capacity_ && !text.empty()) {
      const std::size_t room = capacity_ - size_;
      std::memcpy(data_ + size_, text.data(), text.size() < room ? text.size() : room);
    }
    size_ += text.size();
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// The write's outcome (write.hpp): the whole size, and whether it fitted.
  [[nodiscard]] code_result<std::size_t> result() const noexcept {
    return {size_, size_ <= capacity_ ? error_code::ok : error_code::buffer_too_small};
  }

 private:
  char* data_;
  std::size_t capacity_;
  std::size_t size_ = 0;
};

/// `text` as a JSON string (RFC 8259 §7), quotes included. Runs of bytes
/// that need no escape are put whole.
template <typename Sink>
void put_json_string(Sink& s, std::string_view text) noexcept {
  static constexpr char hex[] = "0123456789abcdef";
  // \b \t \n \f \r; the other controls are written \u00XX.
  static constexpr char short_form[0x20] = {0, 0, 0, 0, 0, 0, 0, 0, 'b', 't', 'n', 0, 'f', 'r'};
  s.put('"');
  const char* p = text.data();
  const char* const end = p + text.size();
  const char* run = p;
  while (p < end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c >= 0x20 && c != '"' && c != '\\') {
      if (c < 0x80) {
        ++p;
        continue;
      }
      const std::size_t n = utf8_sequence_length(p, end);
      if (n != 0) {
        p += n;
        continue;
      }
    }
    s.put(std::string_view(run, static_cast<std::size_t>(p - run)));
    if (c == '"' || c == '\\') {
      s.put('\\');
      s.put(static_cast<char>(c));
    } else if (c < 0x20 && short_form[c] != 0) {
      s.put('\\');
      s.put(short_form[c]);
    } else if (c < 0x20) {
      s.put("\\u00");
      s.put(hex[c >> 4]);
      s.put(hex[c & 0xF]);
    } else {
      s.put("\\ufffd");  // not UTF-8 (a key built by hand)
    }
    run = ++p;
  }
  s.put(std::string_view(run, static_cast<std::size_t>(end - run)));
  s.put('"');
}

/// A JSON array of strings.
template <typename Sink>
void put_string_list(Sink& s, const string_list& list) noexcept {
  s.put('[');
  bool first = true;
  for (std::string_view entry : list) {
    if (!first) s.put(',');
    first = false;
    put_json_string(s, entry);
  }
  s.put(']');
}

}  // namespace jwkview::detail
