// jwkview command: output held back until a document's verdict.
#include "output_spool.hpp"

#include <unistd.h>

#include <array>

namespace jwkview_cli {

output_spool::output_spool(std::size_t memory_bytes) : bound_(memory_bytes) {}

output_spool::~output_spool() {
  if (file_ != nullptr) std::fclose(file_);
}

void output_spool::append(std::string_view text) {
  memory_.append(text);
  size_ += text.size();
  if (memory_.size() > bound_ && !file_failed_ && !spill()) file_failed_ = true;
}

// Moves memory_ to the end of the temporary file.
bool output_spool::spill() {
  if (file_ == nullptr && (file_ = std::tmpfile()) == nullptr) return false;
  if (std::fwrite(memory_.data(), 1, memory_.size(), file_) != memory_.size()) return false;
  memory_.clear();
  return true;
}

bool output_spool::write_to(std::FILE* to) {
  bool ok = true;
  if (file_ != nullptr && std::ftell(file_) > 0) {
    ok = std::fflush(file_) == 0 && std::fseek(file_, 0, SEEK_SET) == 0;
    std::array<char, 1 << 16> block;
    while (ok) {
      const std::size_t got = std::fread(block.data(), 1, block.size(), file_);
      if (got == 0) {
        ok = std::ferror(file_) == 0;
        break;
      }
      ok = std::fwrite(block.data(), 1, got, to) == got;
    }
  }
  ok = ok && std::fwrite(memory_.data(), 1, memory_.size(), to) == memory_.size();
  clear();
  return ok;
}

void output_spool::clear() {
  memory_.clear();
  size_ = 0;
  // The file is kept for the next document, emptied.
  if (file_ != nullptr &&
      (std::fseek(file_, 0, SEEK_SET) != 0 || ftruncate(fileno(file_), 0) != 0)) {
    std::fclose(file_);
    file_ = nullptr;
  }
}

}  // namespace jwkview_cli
