// jwkview: symbol visibility.
//
// The library is built with hidden visibility; only declarations marked
// JWKVIEW_API are exported. A static build defines JWKVIEW_STATIC (the
// pkg-config file and the Meson dependency do this for you).
#pragma once

#if defined(JWKVIEW_STATIC)
#define JWKVIEW_API
#elif defined(_WIN32)
#if defined(JWKVIEW_BUILDING)
#define JWKVIEW_API __declspec(dllexport)
#else
#define JWKVIEW_API __declspec(dllimport)
#endif
#else
#define JWKVIEW_API __attribute__((visibility("default")))
#endif

// The same for libjwkview_openssl (thumbprint.hpp, openssl.hpp, jws.hpp),
// built when the Meson feature `openssl` finds libcrypto.
#if defined(JWKVIEW_STATIC)
#define JWKVIEW_OPENSSL_API
#elif defined(_WIN32)
#if defined(JWKVIEW_OPENSSL_BUILDING)
#define JWKVIEW_OPENSSL_API __declspec(dllexport)
#else
#define JWKVIEW_OPENSSL_API __declspec(dllimport)
#endif
#else
#define JWKVIEW_OPENSSL_API __attribute__((visibility("default")))
#endif
