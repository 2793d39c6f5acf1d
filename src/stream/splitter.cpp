#include "stream/splitter.hpp"

#include <algorithm>
#include <cstring>
#include <new>

#include "json/json_text.hpp"

namespace jwkview::detail {
namespace {

constexpr std::size_t none = static_cast<std::size_t>(-1);

// Stage 1 runs over windows of at most this many bytes (its index takes
// four bytes per byte), and at least the smaller size after a restart.
constexpr std::size_t max_window = std::size_t{1} << 20;
constexpr std::size_t min_window = 1024;
// The first bytes of a block read with the kept ones, at least.
constexpr std::size_t min_head = 1024;

constexpr bool is_structural(char c) noexcept {
  return c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':';
}

// Bytes of a UTF-8 sequence cut off by the end of [p, p + n): they wait for
// the rest of the sequence (stage 1 would refuse them).
std::size_t cut_sequence(const char* p, std::size_t n) noexcept {
  for (std::size_t back = 1; back <= 3 && back <= n; ++back) {
    const auto c = static_cast<unsigned char>(p[n - back]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: its lead is further back
    const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

// The last quote of [p, p + n) that no backslash escapes, or n.
std::size_t last_quote(const char* p, std::size_t n) noexcept {
  for (std::size_t q = n;;) {
    const void* hit = memrchr(p, '"', q);
    if (hit == nullptr) return n;
    q = static_cast<std::size_t>(static_cast<const char*>(hit) - p);
    std::size_t b = q;
    while (b > 0 && p[b - 1] == '\\') --b;
    if ((q - b) % 2 == 0) return q;
  }
}

// Whether the quote at q, the last of [p, p + n), seems to open a string
// that runs to the end: a closing quote is followed by ':', ',' or a
// closing bracket, and an opening one follows ':', ',' or an opening
// bracket. Stage 1 tells when the guess is wrong.
bool opens_string(const char* p, std::size_t n, std::size_t q) noexcept {
  std::size_t after = q + 1;
  while (after < n && is_whitespace(p[after])) ++after;
  if (after < n) {
    const char c = p[after];
    return !(c == ':' || c == ',' || c == '}' || c == ']');
  }
  std::size_t before = q;
  while (before > 0 && is_whitespace(p[before - 1])) --before;
  const char c = before > 0 ? p[before - 1] : ',';
  return c == ':' || c == ',' || c == '[' || c == '{';
}

}  // namespace

bool splitter::buffer::reserve(std::size_t n) noexcept {
  if (n <= capacity) return true;
  const std::size_t target = std::max({n, capacity + capacity / 2, min_window});
  std::unique_ptr<char[]> grown(new (std::nothrow) char[target]);
  if (!grown) return false;
  if (size != 0) std::memcpy(grown.get(), data.get(), size);
  data = std::move(grown);
  capacity = target;
  return true;
}

void splitter::begin(std::string_view block, std::size_t position, bool line_start) noexcept {
  block_ = block.data();
  block_size_ = block.size();
  block_at_ = position;
  if (carry_.size == 0) {
    carry_at_ = position;
    line_start_ = line_start;
  }
}

void splitter::clear() noexcept {
  carry_.size = 0;
  restart_ = none;
  retry_ = newline_from_ = newline_clear_ = 0;
  out_of_memory_ = false;
}

bool splitter::keeps_text() const noexcept {
  return std::any_of(carry_.data.get(), carry_.data.get() + carry_.size,
                     [](char c) { return !is_whitespace(c); });
}

std::string_view splitter::bytes_from(std::size_t position) const noexcept {
  if (position < block_at_)
    return {carry_.data.get() + (position - carry_at_), block_at_ - position};
  return {block_ + (position - block_at_), block_size_ - (position - block_at_)};
}

bool splitter::line_start_at(std::size_t position) const noexcept {
  if (position == carry_at_) return line_start_;
  if (position <= block_at_) return carry_.data[position - carry_at_ - 1] == '\n';
  return block_[position - block_at_ - 1] == '\n';
}

std::size_t splitter::find_newline(std::size_t from) noexcept {
  // Bytes searched before (a long line read chunk by chunk) are not again.
  std::size_t at = from >= newline_from_ && from <= newline_clear_ ? newline_clear_ : from;
  while (at < block_at_ + block_size_) {
    const std::string_view bytes = bytes_from(at);
    if (const void* nl = std::memchr(bytes.data(), '\n', bytes.size()); nl != nullptr)
      return at + static_cast<std::size_t>(static_cast<const char*>(nl) - bytes.data());
    at += bytes.size();
  }
  newline_from_ = from;
  newline_clear_ = at;
  return none;
}

std::size_t splitter::capacity() const noexcept {
  return carry_.capacity + head_.capacity + sanitized_.capacity;
}

bool splitter::keep(std::size_t from) noexcept {
  if (from >= block_at_) {
    const std::size_t skip = from - block_at_;
    line_start_ = skip == 0
                      ? (carry_.size == 0 ? line_start_ : carry_.data[carry_.size - 1] == '\n')
                      : block_[skip - 1] == '\n';
    carry_.size = 0;
    carry_at_ = from;
    if (!carry_.reserve(block_size_ - skip)) return !(out_of_memory_ = true);
    // Nothing left of the block: the carry may have no storage yet.
    if (block_size_ != skip) std::memcpy(carry_.data.get(), block_ + skip, block_size_ - skip);
    carry_.size = block_size_ - skip;
    return true;
  }
  // Still in the kept bytes: the whole block joins them.
  const std::size_t drop = from - carry_at_;
  if (drop != 0) {
    line_start_ = carry_.data[drop - 1] == '\n';
    std::memmove(carry_.data.get(), carry_.data.get() + drop, carry_.size - drop);
    carry_.size -= drop;
    carry_at_ = from;
  }
  if (!carry_.reserve(carry_.size + block_size_)) return !(out_of_memory_ = true);
  if (block_size_ != 0) std::memcpy(carry_.data.get() + carry_.size, block_, block_size_);
  carry_.size += block_size_;
  return true;
}

bool splitter::next(std::size_t from, std::size_t limit, bool last, indexed_run& out) noexcept {
  if (!room_for_tokens()) return !(out_of_memory_ = true);
  if (from < block_at_) {
    // Kept bytes first, with as much of the block as it takes to settle
    // something past them.
    const std::size_t kept = block_at_ - from;
    const std::size_t offset = from - carry_at_;
    const std::size_t available = limit - block_at_;
    // A token longer than the chunks that bring it is read again only once
    // the bytes at hand have doubled since it last went unsettled: so each
    // byte is indexed a bounded number of times, however long the token.
    if (!last && kept > max_window && limit < retry_) {
      out = {};
      out.base = carry_.data.get() + offset;
      out.position = from;
      return true;
    }
    for (std::size_t take = std::min(available, std::max(min_head, kept));;
         take = std::min(available, 2 * take)) {
      if (!head_.reserve(kept + take)) return !(out_of_memory_ = true);
      std::memcpy(head_.data.get(), carry_.data.get() + offset, kept);
      if (take != 0) std::memcpy(head_.data.get() + kept, block_, take);
      const bool whole = take == available;
      if (!window(head_.data.get(), kept + take, last && whole, out)) return false;
      if (out.end > kept || whole) {
        if (out.end == 0) retry_ = from + 2 * (kept + take);
        out.position = from;
        out.line_start = offset == 0 ? line_start_ : carry_.data[offset - 1] == '\n';
        return true;
      }
    }
  }
  const std::size_t skip = from - block_at_;
  const std::size_t available = limit - from;
  // After a restart, windows grow from small again (see restart()).
  std::size_t size = std::min(
      available,
      restart_ > from ? max_window : std::clamp(2 * (from - restart_), min_window, max_window));
  for (;; size = std::min(available, 2 * size)) {
    const bool whole = size == available;
    if (!window(block_ + skip, size, last && whole, out)) return false;
    if (out.end > 0 || whole) break;
  }
  out.position = from;
  out.line_start = skip == 0 ? (carry_.size == 0 || carry_at_ + carry_.size != block_at_
                                    ? line_start_
                                    : carry_.data[carry_.size - 1] == '\n')
                             : block_[skip - 1] == '\n';
  return true;
}

// A token cut off by the end of a chunk is kept, and read again with the
// next chunk's first bytes: the buffers get room for the longest token
// seen so far (before the next window, not while a run is read), so that
// once warm no chunking of the same input allocates.
void splitter::note_tokens(const std::uint32_t* entries, std::uint32_t n,
                           std::size_t size) noexcept {
  // Entries are 32-bit, and so is the maximum: twice the lanes of a size_t's.
  std::uint32_t longest = 0;
  for (std::uint32_t i = 1; i < n; ++i) longest = std::max(longest, entries[i] - entries[i - 1]);
  longest_ = std::max({longest_, std::size_t{longest}, n == 0 ? size : size - entries[n - 1]});
}

bool splitter::room_for_tokens() noexcept {
  const std::size_t kept = longest_ + 3;  // and a cut UTF-8 sequence
  const std::size_t window = 3 * kept + min_head;
  return carry_.reserve(kept) && head_.reserve(window) && stage1_.reserve(window);
}

structural_index::status splitter::index(const char* base, std::size_t size,
                                         bool& verified) noexcept {
  structural_index::status s = stage1_.index(base, size);
  if (s != structural_index::status::invalid) return s;
  // Bytes stage 1 refuses, replaced by bytes it classes alike: control
  // characters by their stand-ins, bytes past ASCII by a letter.
  if (control_stand_in_[0] == 0 && !learn_control_classes()) {
    return structural_index::status::out_of_memory;
  }
  if (!sanitized_.reserve(std::max(size, head_.capacity))) {
    return structural_index::status::out_of_memory;
  }
  char* copy = sanitized_.data.get();
  for (std::size_t i = 0; i < size; ++i) {
    const auto c = static_cast<unsigned char>(base[i]);
    copy[i] = c >= 0x80 ? 'a' : c < 0x20 ? control_stand_in_[c] : base[i];
  }
  verified = false;
  return stage1_.index(copy, size);
}

// Outside a string, stage 1 accepts control characters, and the SIMD
// kernels count form feed and 0x1A as structural characters (they class a
// byte by its value | 0x20) where the fallback kernel counts them as part of
// a scalar. Which ones the active kernel counts is found once, by indexing
// each between two digits: a structural one gets an entry of its own. Tab,
// line feed and carriage return become spaces.
bool splitter::learn_control_classes() noexcept {
  constexpr std::size_t stride = 4;  // " 1", the control character, "1"
  char probe[32 * stride];
  for (std::size_t c = 0; c < 32; ++c) {
    const char bytes[stride] = {' ', '1', static_cast<char>(c), '1'};
    std::memcpy(probe + c * stride, bytes, stride);
  }
  if (!stage1_.reserve(sizeof probe)) return false;
  const bool indexed = stage1_.index(probe, sizeof probe) == structural_index::status::ok;
  const std::uint32_t* entries = stage1_.offsets();
  const std::uint32_t* const end = entries + (indexed ? stage1_.count() : 0);
  for (std::size_t c = 0; c < 32; ++c) {
    const auto at = static_cast<std::uint32_t>(c * stride + 2);
    const bool structural = std::binary_search(entries, end, at);
    control_stand_in_[c] = is_whitespace(static_cast<char>(c)) ? ' ' : structural ? ',' : 'a';
  }
  return true;
}

bool splitter::window(const char* base, std::size_t size, bool last, indexed_run& out) noexcept {
  out = {};
  out.base = base;
  const std::size_t available = size;
  if (!last) size -= cut_sequence(base, size);
  // Stage 1 must end outside a string: before the last quote if it opens
  // one, else at the end.
  bool verified = true;
  const std::size_t quote = last_quote(base, size);
  std::size_t cut = quote < size && opens_string(base, size, quote) ? quote : size;
  structural_index::status s = index(base, cut, verified);
  if (s == structural_index::status::unclosed_string) {
    cut = cut == size ? quote : size;
    s = index(base, cut, verified);
  }
  if (s == structural_index::status::out_of_memory) return !(out_of_memory_ = true);
  if (s != structural_index::status::ok) return false;  // not reached: one of the cuts is outside
  std::uint32_t* entries = stage1_.offsets();
  std::uint32_t n = stage1_.count();
  std::size_t end = cut;
  if (last) {
    if (cut < size) {
      // The input ends in this string: one entry more, for its quote.
      entries[n++] = static_cast<std::uint32_t>(cut);
      out.open_string = true;
      end = size;
    }
  } else if (n > 0) {
    // The last token may go on past the window, unless it is a structural
    // character, a string (closed, since stage 1 ended outside one) or a
    // scalar followed by a byte that ends it. A quote right after a scalar
    // does not end it here: stage 1 counts that quote as part of the scalar,
    // and the SIMD kernels follow the string it opens while the fallback
    // kernel does not, so the policy reads such a scalar only with the entry
    // after it (or at the end of the input), whatever the kernel.
    const std::uint32_t final_entry = entries[n - 1];
    const char c = base[final_entry];
    if (!is_structural(c) && c != '"') {
      const char* q = scalar_end(base + final_entry + 1, base + size);
      if (q == base + size || *q == '"') end = entries[--n];
    }
  }
  note_tokens(entries, n, size);
  entries[n] = static_cast<std::uint32_t>(end);  // stage 1 leaves room past its last entry
  out.entries = entries;
  out.count = n;
  out.end = end;
  out.size = available;
  out.pending = end < available;
  out.verified = verified;
  return true;
}

}  // namespace jwkview::detail
