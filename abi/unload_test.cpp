// Loads a shared library with dlopen, unloads it with dlclose and checks that
// it is gone: glibc keeps a library that defines a GNU-unique symbol loaded
// for good, which breaks plugins that load and unload jwkview.
//   unload_test LIBRARY...
#include <dlfcn.h>

#include <cstdio>

int main(int argc, char** argv) {
  int failures = 0;
  for (int i = 1; i < argc; ++i) {
    void* handle = dlopen(argv[i], RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      std::fprintf(stderr, "dlopen %s: %s\n", argv[i], dlerror());
      ++failures;
      continue;
    }
    if (dlclose(handle) != 0) {
      std::fprintf(stderr, "dlclose %s: %s\n", argv[i], dlerror());
      ++failures;
      continue;
    }
    if (void* still = dlopen(argv[i], RTLD_NOW | RTLD_NOLOAD); still != nullptr) {
      std::fprintf(stderr, "%s is still loaded after dlclose\n", argv[i]);
      dlclose(still);
      ++failures;
      continue;
    }
    std::printf("%s: unloaded\n", argv[i]);
  }
  return failures == 0 ? 0 : 1;
}
