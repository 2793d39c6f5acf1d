// unique_ptr for OpenSSL objects: owned<EVP_MD_CTX, EVP_MD_CTX_free>.
#pragma once

#include <memory>

namespace jwkview::detail {

template <auto Free>
struct openssl_free {
  template <typename T>
  void operator()(T* p) const noexcept {
    Free(p);
  }
};

template <typename T, auto Free>
using owned = std::unique_ptr<T, openssl_free<Free>>;

}  // namespace jwkview::detail
