// jwkview command: reading an input whole and splitting it into documents.
#include "input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

namespace jwkview_cli {
namespace {

/// Reads fd to its end into in.storage.
int read_all(int fd, input_file& in) {
  struct stat st {};
  std::size_t chunk = std::size_t{64} << 10;
  if (fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) return EISDIR;
    if (S_ISREG(st.st_mode) && st.st_size > 0) chunk = static_cast<std::size_t>(st.st_size) + 1;
  }
  for (;;) {
    if (in.storage.size() < in.size + chunk) in.storage.resize(in.size + chunk);
    const ssize_t got = ::read(fd, in.storage.data() + in.size, in.storage.size() - in.size);
    if (got < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (got == 0) return 0;
    in.size += static_cast<std::size_t>(got);
    if (in.size == in.storage.size()) chunk = in.size;  // grow geometrically
  }
}

bool is_blank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

}  // namespace

input_file read_input(const std::string& name) {
  input_file in;
  if (name == "-") {
    in.error = read_all(STDIN_FILENO, in);
  } else {
    const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      in.error = errno;
    } else {
      in.error = read_all(fd, in);
      ::close(fd);
    }
  }
  if (!in.ok()) {
    in.storage.clear();
    in.size = 0;
    return in;
  }
  in.storage.resize(in.size);
  return in;
}

std::vector<document_range> split_documents(const input_file& in, bool ndjson) {
  std::vector<document_range> docs;
  if (!ndjson) {
    docs.push_back({0, in.size});
    return docs;
  }
  const std::string_view text(in.storage.data(), in.size);
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(begin, end - begin);
    if (!is_blank(line)) docs.push_back({begin, line.size()});
    begin = end + 1;
  }
  return docs;
}

}  // namespace jwkview_cli
