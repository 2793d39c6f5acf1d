#include "json/syntax_locator.hpp"
#include "error_access.hpp"

#include <algorithm>
#include <cstring>

#include "json/json_pointer.hpp"
#include "json/json_text.hpp"
#include "message.hpp"

namespace jwkview::detail {

std::size_t utf8_sequence_length(const char* p, const char* end) noexcept {
  const auto b0 = static_cast<unsigned char>(p[0]);
  if (b0 < 0x80) return 1;
  std::size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // UTF-16 surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // past U+10FFFF
  } else {
    return 0;
  }
  if (static_cast<std::size_t>(end - p) < n) return 0;
  const auto b1 = static_cast<unsigned char>(p[1]);
  if (b1 < lo || b1 > hi) return 0;
  for (std::size_t i = 2; i < n; ++i) {
    const auto b = static_cast<unsigned char>(p[i]);
    if (b < 0x80 || b > 0xBF) return 0;
  }
  return n;
}

namespace {

class locator {
 public:
  locator(std::string_view json, const limits& lim, std::span<locator_frame> frames) noexcept
      : begin_(json.data()), end_(json.data() + json.size()), lim_(lim), frames_(frames) {}

  error run(leading_bom bom) noexcept {
    const char* p = begin_;
    if (bom != leading_bom::ordinary && end_ - p >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
      if (bom == leading_bom::refused) {
        return fail(error_code::byte_order_mark, p,
                    "the document starts with a UTF-8 byte order mark, which networked JSON "
                    "must not carry (RFC 8259 8.1)");
      }
      p += 3;
    }
    p = skip_whitespace(p);
    if (p == end_) {
      return fail(error_code::empty_document, begin_,
                  "the input holds no JSON value: it is empty or only whitespace");
    }
    return walk(p);
  }

 private:
  const char* skip_whitespace(const char* p) const noexcept {
    while (p < end_ && is_whitespace(*p)) ++p;
    return p;
  }

  error fail(error_code code, const char* at, std::string_view text) const noexcept {
    error e;
    e.code = code;
    e.offset = static_cast<std::size_t>(at - begin_);
    detail::set_message(e, text);
    for (std::size_t i = 0; i < depth_; ++i) {
      const locator_frame& f = frames_[i];
      if (i + 1 == depth_ && !f.in_value) break;
      if (f.is_object) {
        append_raw_name(e, {f.name, f.name_length});
      } else {
        append_index(e, f.index);
      }
    }
    return e;
  }

  // What the container being read holds, for messages.
  [[nodiscard]] std::string_view container() const noexcept {
    if (depth_ == 0) return "the document";
    return frames_[depth_ - 1].is_object ? "an object" : "an array";
  }

  // A byte that cannot come here, where `expected` belongs: invalid UTF-8
  // is named as such, and the end of the input is truncated.
  error unexpected(const char* p, std::string_view expected) const noexcept {
    message m;
    if (p == end_) {
      m << "the input ends inside " << container() << "; expected " << expected;
      return fail(error_code::truncated, end_, m.view());
    }
    if (static_cast<unsigned char>(*p) >= 0x80 && utf8_sequence_length(p, end_) == 0) {
      return invalid_utf8(p);
    }
    m.byte(*p) << " where " << expected << " belongs";
    return fail(error_code::unexpected_character, p, m.view());
  }

  error invalid_utf8(const char* p) const noexcept {
    message m;
    m.byte(*p) << " does not start a valid UTF-8 sequence here";
    return fail(error_code::invalid_utf8, p, m.view());
  }

  // After a value inside the innermost container.
  [[nodiscard]] std::string_view separator() const noexcept {
    return frames_[depth_ - 1].is_object ? R"("," or "}")" : R"("," or "]")";
  }

  // Validates the string whose opening quote is at p; on success sets p past
  // the closing quote.
  error string(const char*& p) const noexcept {
    const char* open = p;
    // Find the closing quote as a tokenizer would: a backslash hides the next byte.
    const char* close = open + 1;
    while (close < end_ && *close != '"') close += *close == '\\' ? 2 : 1;
    if (close >= end_) {
      return fail(error_code::unclosed_string, open,
                  "the input ends inside the string that starts here; expected its closing quote");
    }
    // Both point at the opening quote, so length comes before the content.
    const auto length = static_cast<std::size_t>(close - open - 1);
    if (length > lim_.max_string_bytes) {
      message m;
      m << "a string of " << length << " bytes; the limit is " << lim_.max_string_bytes
        << " (limits::max_string_bytes)";
      return fail(error_code::string_too_long, open, m.view());
    }
    for (const char* q = open + 1; q < close;) {
      const auto c = static_cast<unsigned char>(*q);
      if (c < 0x20) {
        message m;
        m.byte(*q) << " inside a string; control characters must be escaped";
        return fail(error_code::control_character, q, m.view());
      }
      if (c == '\\') {
        const char* at = q;
        const escape_result r = decode_escape(q, close, nullptr);
        if (r.status == escape_status::invalid_escape) {
          message m;
          m.quote({at, static_cast<std::size_t>(std::min<std::ptrdiff_t>(close - at, 6))})
              << R"( is not a JSON escape (\" \\ \/ \b \f \n \r \t \uXXXX))";
          return fail(error_code::invalid_escape, at, m.view());
        }
        if (r.status == escape_status::lone_surrogate) {
          message m;
          m.quote({at, static_cast<std::size_t>(std::min<std::ptrdiff_t>(close - at, 6))})
              << " is half of a UTF-16 surrogate pair without its other half";
          return fail(error_code::lone_surrogate, at, m.view());
        }
        continue;
      }
      if (c >= 0x80) {
        const std::size_t n = utf8_sequence_length(q, close);
        if (n == 0) return invalid_utf8(q);
        q += n;
        continue;
      }
      ++q;
    }
    p = close + 1;
    return {};
  }

  error scalar(const char*& p) const noexcept {
    const char c = *p;
    if (c == 't' || c == 'f' || c == 'n') {
      const std::string_view word = c == 't' ? "true" : c == 'f' ? "false" : "null";
      const auto left = static_cast<std::size_t>(end_ - p);
      if (left < word.size() || std::memcmp(p, word.data(), word.size()) != 0 ||
          (left > word.size() && !is_delimiter(p[word.size()]))) {
        message m;
        m.quote(token_at(p)) << " is not true, false or null";
        return fail(error_code::invalid_literal, p, m.view());
      }
      p += word.size();
      return {};
    }
    const std::size_t n = number_length(p, end_);
    if (n == 0 || (p + n < end_ && !is_delimiter(p[n]))) {
      message m;
      m.quote(token_at(p)) << " is not a JSON number";
      return fail(error_code::invalid_number, p, m.view());
    }
    p += n;
    return {};
  }

  // The scalar token at p, up to the next delimiter, for messages.
  [[nodiscard]] std::string_view token_at(const char* p) const noexcept {
    return {p, static_cast<std::size_t>(scalar_end(p, end_) - p)};
  }

  error walk(const char* p) noexcept {
    const std::uint32_t max_depth = lim_.max_depth;
    for (;;) {
      // A value is expected at p (whitespace skipped).
      if (p == end_) return unexpected(p, "a value");
      const char c = *p;
      if (c == '{' || c == '[') {
        if (depth_ + 1 > max_depth) {
          message m;
          m << "nesting deeper than " << std::size_t{max_depth} << " (limits::max_depth)";
          return fail(error_code::too_deep, p, m.view());
        }
        locator_frame& f = frames_[depth_++];
        f = {};
        f.is_object = c == '{';
        f.in_value = !f.is_object;
        p = skip_whitespace(p + 1);
        if (p < end_ && *p == (f.is_object ? '}' : ']')) {
          --depth_;
          ++p;
        } else if (f.is_object) {
          if (error e = name(p)) return e;
          continue;
        } else {
          continue;
        }
      } else if (c == '"') {
        if (error e = string(p)) return e;
      } else if (c == '-' || is_digit(c) || c == 't' || c == 'f' || c == 'n') {
        if (error e = scalar(p)) return e;
      } else {
        return unexpected(p, "a value");
      }
      // After a value: a separator, a closing bracket, or the end.
      for (;;) {
        p = skip_whitespace(p);
        if (depth_ == 0) {
          if (p == end_) return {};
          message m;
          m.byte(*p) << " after the end of the document; only whitespace may follow it";
          return fail(error_code::trailing_content, p, m.view());
        }
        locator_frame& f = frames_[depth_ - 1];
        f.in_value = false;
        if (p == end_) return unexpected(p, separator());
        if (*p == ',') {
          p = skip_whitespace(p + 1);
          if (f.is_object) {
            if (error e = name(p)) return e;
          } else {
            ++f.index;
            f.in_value = true;
          }
          break;
        }
        if (*p == (f.is_object ? '}' : ']')) {
          --depth_;
          ++p;
          continue;
        }
        return unexpected(p, separator());
      }
    }
  }

  // Reads `"name" :` at p, leaving p at the member's value.
  error name(const char*& p) noexcept {
    locator_frame& f = frames_[depth_ - 1];
    if (p == end_ || *p != '"') return unexpected(p, "a member name in double quotes");
    const char* open = p;
    if (error e = string(p)) return e;
    f.name = open + 1;
    f.name_length = static_cast<std::uint32_t>(p - open - 2);
    p = skip_whitespace(p);
    if (p == end_ || *p != ':') return unexpected(p, R"(":" after the member name)");
    p = skip_whitespace(p + 1);
    f.in_value = true;
    return {};
  }

  const char* begin_;
  const char* end_;
  const limits& lim_;
  std::span<locator_frame> frames_;
  std::size_t depth_ = 0;
};

}  // namespace

error locate_syntax_error(std::string_view json, const limits& lim, leading_bom bom,
                          std::span<locator_frame> frames) noexcept {
  return locator(json, lim, frames).run(bom);
}

}  // namespace jwkview::detail
