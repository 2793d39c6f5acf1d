// jwkview command: `--format ndjson` lines.
#include "ndjson_output.hpp"

#include "text_escape.hpp"

namespace jwkview_cli {
namespace {

void append_name(std::string& out, std::string_view name) {
  out += ',';
  append_json_string(out, name);
  out += ':';
}

void append_number(std::string& out, std::string_view name, std::size_t value) {
  append_name(out, name);
  out += std::to_string(value);
}

void append_string(std::string& out, std::string_view name, std::string_view value) {
  append_name(out, name);
  append_json_string(out, value);
}

void append_field(std::string& out, std::string_view name, const text_field& field) {
  switch (field.state) {
    case jwkview::presence::absent:
      return;
    case jwkview::presence::null:
      append_name(out, name);
      out += "null";
      return;
    case jwkview::presence::value:
      append_string(out, name, field.text);
      return;
  }
}

void append_head(std::string& out, std::string_view type, std::string_view source,
                 std::size_t document) {
  out += "{\"type\":";
  append_json_string(out, type);
  append_string(out, "source", source);
  append_number(out, "document", document);
}

}  // namespace

void append_key_line(std::string& out, std::string_view source, std::size_t document,
                     const key_summary& key, bool provisional) {
  append_head(out, "key", source, document);
  append_number(out, "index", key.index);
  append_number(out, "offset", key.offset);
  append_field(out, "id", key.id);
  append_field(out, "kid", key.kid);
  append_field(out, "kty", key.kty);
  append_field(out, "alg", key.alg);
  append_field(out, "use", key.use);
  append_field(out, "status", key.status);
  append_string(out, "schema", jwkview::to_string(key.schema));
  switch (key.size) {
    case size_kind::bits:
      append_number(out, "bits", key.bits);
      break;
    case size_kind::curve:
      append_field(out, "crv", key.crv);
      break;
    case size_kind::none:
    case size_kind::bits_unknown:
      break;
  }
  if (provisional) out += ",\"provisional\":true";
  out += "}\n";
}

void append_error_line(std::string& out, std::string_view source, std::size_t document,
                       const error_record& err) {
  append_head(out, err.cls == "warning" ? "warning" : "error", source, document);
  append_string(out, "class", err.cls);
  append_string(out, "code", err.code);
  append_number(out, "offset", err.offset);
  append_string(out, "path", err.path);
  if (err.path_truncated) out += ",\"path_truncated\":true";
  append_string(out, "message", err.message);
  if (err.ends_document) {
    out += ",\"ends_document\":true";
    append_number(out, "keys_before", err.keys_before);
  }
  if (err.provisional) out += ",\"provisional\":true";
  out += "}\n";
}

}  // namespace jwkview_cli
