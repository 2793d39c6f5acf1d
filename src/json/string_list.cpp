// string_list reads its entries back from the array's validated JSON text.
// Escaped entries were decoded during the parse into scratch records of a
// 4-byte length followed by the bytes, in entry order (see key_mapper.cpp).
#include <cstdint>
#include <cstring>

#include "jwkview/key.hpp"

namespace jwkview {

void string_list::iterator::advance() noexcept {
  if (remaining_ == 0 || --remaining_ == 0) {
    current_ = {};
    return;
  }
  const char* p = json_;
  while (*p != '"') ++p;  // past '[', ',' and whitespace
  const char* begin = ++p;
  bool escaped = false;
  while (*p != '"') {
    if (*p == '\\') {
      escaped = true;
      ++p;  // the escaped character cannot end the string
    }
    ++p;
  }
  json_ = p + 1;
  if (!escaped) {
    current_ = {begin, static_cast<std::size_t>(p - begin)};
    return;
  }
  std::uint32_t length;
  std::memcpy(&length, decoded_, sizeof length);
  current_ = {decoded_ + sizeof length, length};
  decoded_ += sizeof length + length;
}

string_list::iterator string_list::begin() const noexcept {
  iterator it;
  it.json_ = json_;
  it.decoded_ = decoded_;
  it.remaining_ = count_ + 1;
  it.advance();
  return it;
}

std::string_view string_list::operator[](std::size_t i) const noexcept {
  iterator it = begin();
  while (i-- != 0) ++it;
  return *it;
}

}  // namespace jwkview
