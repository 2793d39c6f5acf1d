// jwkview command: `jwkview thumbprint`: the RFC 7638 SHA-256 thumbprint of
// each key (or its RFC 9278 URI with --uri).
#include "thumbprint_command.hpp"

#include <array>
#include <vector>

#include "jwkview/thumbprint.hpp"
#include "key_lines.hpp"
#include "text_escape.hpp"

namespace jwkview_cli {
namespace {

// And the listing options (listing_options.hpp).
constexpr std::array<option_spec, 1> specs{{{"--uri", false}}};

}  // namespace

std::span<const option_spec> thumbprint_option_specs() noexcept {
  return specs;
}

int run_thumbprint(const command_args& args, std::string& usage) {
  const bool uri = args.has("--uri");
  return run_key_lines(
      args, usage, [uri](const parsed_document& doc, const jwkview::key& k, std::string& out) {
        std::vector<char> scratch;  // only for inputs beyond the stack buffer
        jwkview::code_result<jwkview::thumbprint> t = jwkview::compute_thumbprint(k);
        if (t.code == jwkview::error_code::buffer_too_small) {
          scratch.resize(jwkview::thumbprint_input_size(k).value);
          t = jwkview::compute_thumbprint(k, scratch);
        }
        if (!t) return jwkview::name_of(t.code);
        out += label_of(doc, k);
        out += ' ';
        out += k.kid.has_value() ? terminal_safe(k.kid.value) : std::string("-");
        out += ' ';
        out += uri ? t->uri() : t->text();
        out += '\n';
        return std::string_view();
      });
}

}  // namespace jwkview_cli
