// jwkview command: `jwkview pem`: each key as a SubjectPublicKeyInfo PEM.
#include "pem_command.hpp"

#include <array>

#include "jwkview/openssl.hpp"
#include "key_lines.hpp"
#include "text_escape.hpp"

namespace jwkview_cli {
namespace {

// Only the listing options (listing_options.hpp).
constexpr std::array<option_spec, 0> specs{};

}  // namespace

std::span<const option_spec> pem_option_specs() noexcept {
  return specs;
}

int run_pem(const command_args& args, std::string& usage) {
  return run_key_lines(args, usage,
                       [](const parsed_document& doc, const jwkview::key& k, std::string& out) {
                         std::string pem(jwkview::pem_buffer_bytes, '\0');
                         jwkview::code_result<std::size_t> n = jwkview::to_pem(k, pem);
                         if (n.code == jwkview::error_code::buffer_too_small) {
                           pem.resize(n.value);
                           n = jwkview::to_pem(k, pem);
                         }
                         if (!n) return jwkview::name_of(n.code);
                         out += "# ";
                         out += label_of(doc, k);
                         if (k.kid.has_value()) {
                           out += " kid=";
                           out += terminal_safe(k.kid.value);
                         }
                         out += '\n';
                         out.append(pem.data(), n.value);
                         return std::string_view();
                       });
}

}  // namespace jwkview_cli
