#include "json/structural_index.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <new>

#include "jwkview/parser.hpp"

namespace jwkview::detail {

static_assert(simdjson::SIMDJSON_PADDING <= jwkview::padding,
              "jwkview::padding must cover simdjson's padding");

namespace {
constexpr std::size_t initial_capacity = 4096;
}  // namespace

struct structural_index::kernel {
  // simdjson's DOM parser implementation; only its stage 1 runs, so its
  // stage 2 needs no depth.
  std::unique_ptr<simdjson::internal::dom_parser_implementation> stage1;
  std::size_t capacity = 0;
  // The fallback kernel (RISC-V, s390x, 32-bit, x86 without SSE4.2) reads a
  // padded copy.
  bool padded_copy = false;
  std::unique_ptr<char[]> copy;
  std::size_t copy_capacity = 0;
};

structural_index::structural_index() noexcept = default;
structural_index::~structural_index() = default;

bool structural_index::reserve(std::size_t size) noexcept {
  if (!kernel_) {
    kernel_.reset(new (std::nothrow) kernel);
    if (!kernel_) return false;
  }
  kernel& k = *kernel_;
  if (!k.stage1 || k.capacity < size) {
    const std::size_t target = std::max({size, k.capacity + k.capacity / 2, initial_capacity});
    simdjson::error_code code = simdjson::SUCCESS;
    if (k.stage1) {
      code = k.stage1->set_capacity(target);
    } else {
      const simdjson::implementation* chosen = simdjson::get_active_implementation();
      k.padded_copy = chosen->name() == "fallback";
      code = chosen->create_dom_parser_implementation(target, 1, k.stage1);
    }
    if (code != simdjson::SUCCESS) {
      k.capacity = 0;
      k.stage1.reset();
      return false;
    }
    k.capacity = target;
  }
  if (k.padded_copy && k.copy_capacity < size + simdjson::SIMDJSON_PADDING) {
    const std::size_t target = k.capacity + simdjson::SIMDJSON_PADDING;
    k.copy.reset(new (std::nothrow) char[target]);
    k.copy_capacity = k.copy ? target : 0;
    return static_cast<bool>(k.copy);
  }
  return true;
}

structural_index::status structural_index::index(const char* data, std::size_t size) noexcept {
  count_ = 0;
  if (!reserve(size)) return status::out_of_memory;
  kernel& k = *kernel_;
  if (size == 0) {  // stage 1 has nothing to read
    k.stage1->structural_indexes[0] = 0;
    return status::ok;
  }
  if (k.padded_copy) {
    std::memcpy(k.copy.get(), data, size);
    std::memset(k.copy.get() + size, 0, simdjson::SIMDJSON_PADDING);
    data = k.copy.get();
  }
  switch (k.stage1->stage1(reinterpret_cast<const std::uint8_t*>(data), size,
                           simdjson::stage1_mode::regular)) {
    case simdjson::SUCCESS:
      count_ = k.stage1->n_structural_indexes;
      return status::ok;
    case simdjson::EMPTY:  // whitespace only
      k.stage1->structural_indexes[0] = static_cast<std::uint32_t>(size);
      return status::ok;
    case simdjson::UNCLOSED_STRING:
      return status::unclosed_string;
    case simdjson::MEMALLOC:
      return status::out_of_memory;
    default:
      return status::invalid;
  }
}

std::uint32_t* structural_index::offsets() noexcept {
  return kernel_ && kernel_->stage1 ? kernel_->stage1->structural_indexes.get() : nullptr;
}

}  // namespace jwkview::detail
