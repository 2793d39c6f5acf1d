// jwkview command: one error as `scan` prints it, from the library or from I/O.
#include "error_record.hpp"

#include <cerrno>
#include <cstring>

namespace jwkview_cli {

error_record from_library(const jwkview::error& err, std::size_t base_offset) {
  error_record r;
  r.cls = jwkview::name_of(err.cls());
  r.code = jwkview::name_of(err.code);
  r.offset = base_offset + err.offset;
  r.path = std::string(err.path());
  r.path_truncated = err.path_truncated();
  r.message = std::string(err.message());
  return r;
}

error_record io_error(int errno_value) {
  error_record r;
  r.cls = "io";
  switch (errno_value) {
    case ENOENT:
    case ENOTDIR:
      r.code = "not_found";
      break;
    case EACCES:
    case EPERM:
      r.code = "permission_denied";
      break;
    case EISDIR:
      r.code = "is_directory";
      break;
    default:
      r.code = "read_failed";
      break;
  }
  r.message = std::strerror(errno_value);
  return r;
}

}  // namespace jwkview_cli
