// jwkview command: chunked input and record boundaries.
#include "input_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace jwkview_cli {

input_source::input_source(const std::string& name) {
  if (name == "-") {
    fd_ = STDIN_FILENO;
  } else {
    fd_ = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      error_ = errno;
      return;
    }
    owned_ = true;
  }
  struct stat st {};
  if (fstat(fd_, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      error_ = EISDIR;
      return;
    }
    if (S_ISREG(st.st_mode)) {
      seekable_ = true;
      size_ = static_cast<std::uint64_t>(st.st_size);
    }
  }
}

input_source::~input_source() {
  if (owned_) ::close(fd_);
}

long input_source::read_at(char* buffer, std::size_t n, std::uint64_t offset) const noexcept {
  for (;;) {
    const ssize_t got =
        seekable_ ? ::pread(fd_, buffer, n, static_cast<off_t>(offset)) : ::read(fd_, buffer, n);
    if (got >= 0) return static_cast<long>(got);
    if (errno != EINTR) return -errno;
  }
}

std::span<char> read_buffer(std::vector<char>& buffer, const input_source& in, std::uint64_t begin,
                            std::uint64_t end, jwkview::input_format format, std::size_t hold) {
  const bool whole =
      in.seekable() && format == jwkview::input_format::single_document && end - begin <= hold;
  const std::size_t want =
      whole ? std::max(static_cast<std::size_t>(end - begin), read_chunk_bytes) : read_chunk_bytes;
  // A chunked range shrinks a large buffer: the stream holds up to `hold`
  // bytes of it itself.
  if (buffer.size() < want || (!whole && buffer.size() > want)) buffer = std::vector<char>(want);
  return buffer;
}

int read_whole(const std::string& name, std::string& out) {
  out.clear();
  const input_source in(name);
  if (in.error() != 0) return in.error();
  std::vector<char> buffer(read_chunk_bytes);
  const std::uint64_t to_the_end = std::numeric_limits<std::uint64_t>::max();
  return in
      .read_chunks(0, to_the_end, buffer, [&out](std::string_view bytes, bool) { out += bytes; })
      .error;
}

std::vector<std::uint64_t> line_boundaries(const input_source& in, std::uint64_t target) {
  std::vector<std::uint64_t> cuts{0};
  constexpr std::size_t window = std::size_t{64} << 10;
  std::vector<char> bytes(window);
  for (std::uint64_t from = target; in.seekable() && target != 0 && from < in.size();) {
    const long got = in.read_at(bytes.data(), window, from);
    if (got <= 0) break;
    const void* newline = std::memchr(bytes.data(), '\n', static_cast<std::size_t>(got));
    if (newline == nullptr) {
      from += static_cast<std::uint64_t>(got);  // a long line: look further
      continue;
    }
    const auto cut =
        from + static_cast<std::uint64_t>(static_cast<const char*>(newline) - bytes.data()) + 1;
    if (cut >= in.size()) break;
    cuts.push_back(cut);
    from = cut + target;
  }
  cuts.push_back(in.size());
  return cuts;
}

}  // namespace jwkview_cli
