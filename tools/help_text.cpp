// jwkview command: --help, each command's help and the --version text.
#include "help_text.hpp"

#include <string>

#ifndef JWKVIEW_VERSION
#define JWKVIEW_VERSION "unknown"
#endif

namespace jwkview_cli {
namespace {

// The options of the commands that read FILE operands through the stream
// (input_option_specs).
constexpr std::string_view input_options = R"txt(
Input options (scan, convert, check, thumbprint, pem):
  --input json|ndjson    json: each FILE is one JSON text; ndjson: one JSON
                         text per line (JSON Lines), blank lines skipped, a
                         broken line reported and the next line read.
                         Default: ndjson for names ending in .ndjson or
                         .jsonl, json otherwise (and for "-")
  --max-document-bytes N the most bytes of a document held whole (with K, M
                         or G: KiB, MiB, GiB; default 16M). A longer one is
                         read in pieces (scan's provisional mode), and no
                         key may be longer

Every FILE is read in chunks, so it may be of any size, and "-" may be a
pipe. convert, thumbprint and pem hold what they write of a document (8
MiB in memory, the rest in a temporary file in /tmp), and check its
findings and kids, until all of it is read: a document that an error ends
gives none of its keys, however long it is.
)txt";

// The options every command that parses listings takes (parser_option_specs).
constexpr std::string_view parsing_options = R"txt(
Parsing options (scan, convert, check, thumbprint, pem, verify):
  --profile auto|okta|rfc7517
                         schema the keys are checked against. auto (the
                         default): Okta's client-key schema for a key with
                         any member only Okta gives (id, created,
                         lastUpdated, _links, status), RFC 7517 for any
                         other, so every provider's JWK Set reads as is;
                         okta: Okta's schema for every key ("id" required,
                         kty RSA|EC, Okta's enums); rfc7517: any RFC 7517 JWK
  --no-key-checks        do not check key material (base64url of n, e, x, y,
                         curve lengths, alg against kty and crv) nor the
                         certificate hints
  --strict               report warnings as errors: the key is left out
  --tolerant-base64      read n, e, x and y written in padded or standard-
                         alphabet base64 when the decoding is unambiguous
                         (one alphabet, complete padding), with a warning

Warnings (class "warning") are findings that do not drop the key: x5t or
x5t#S256 of the wrong length or in Auth0's hex-text form, x5c entries that
are not base64, and base64 read by --tolerant-base64. They are printed like
errors and do not change the exit status.
)txt";

// A help text with the parsing options appended.
std::string_view with_parsing_options(std::string_view text) {
  static thread_local std::string joined;
  joined.assign(text);
  joined += parsing_options;
  return joined;
}

// A help text with the input and parsing options appended.
std::string_view with_input_options(std::string_view text) {
  static thread_local std::string joined;
  joined.assign(text);
  joined += input_options;
  joined += parsing_options;
  return joined;
}

}  // namespace

std::string_view main_help() noexcept {
  return R"txt(Usage: jwkview COMMAND [ARGS]

Strict reader of Okta OAuth 2.0 client JSON Web Keys and RFC 7517 JWK Sets.

Commands:
  scan [OPTIONS] FILE... | -   parse key listings, print one line per key and
                               every error with its offset and JSON Pointer
  convert --to FORM [OPTIONS] [FILE...]
                               rewrite key listings as Okta request or
                               response listings or an RFC 7517 JWK Set
  check [OPTIONS] FILE...      lint listings against Okta's rules and RFC
                               advice (unique kid, RSA size, key count, ...)
  thumbprint [--uri] FILE...   RFC 7638 SHA-256 thumbprint of every key
  pem FILE...                  every key as a PEM public key (SubjectPublicKeyInfo)
  verify --jwks FILE [OPTIONS] TOKEN | -
                               validate a JWT against a JWK Set as a gateway
                               does: key policy, signature, exp, iss, aud...
  help [COMMAND]               show this help, or a command's help

Options:
  -h, --help      show this help
  --version       print the version

Run 'jwkview help COMMAND' for a command's options and exit status.
thumbprint, pem and verify need a build with OpenSSL (libcrypto).
)txt";
}

std::string_view scan_help() noexcept {
  return with_input_options(R"txt(Usage: jwkview scan [OPTIONS] FILE... | -

Parses each FILE ("-" is standard input) as an Okta key listing
({"jwks":{"keys":[...]}}), a bare array of keys, an RFC 7517 JWK Set
({"keys":[...]}) or a single key, and prints every valid key. Inputs are
read in chunks, so memory stays bounded however large a FILE is.

A document is all or nothing: its keys are printed only once all of it
(for ndjson, its whole line) is read and found to be JSON of one clear
shape. A truncated file, a second "keys" or "jwks" member, or a line with
more after its document prints only that error. A bad key is reported and
the rest of its set still printed.

Provisional mode: a document longer than --max-document-bytes (16M unless
given) cannot be held whole, so it is streamed instead: its keys are printed
as they are read, before its end is known. An error that then ends it voids
the keys printed before it, and says how many ("keys_before" in ndjson
output, where those keys and the error carry "provisional":true). A 1 GiB
key array is read this way, one key at a time.

Options:
  --format table|ndjson  output format (default table)
  --summary              print counts instead of one row per key: keys by
                         kty, alg, use, status and size, errors by class and
                         code, bytes, time, MB/s and keys/s (errors are still
                         printed one by one)
  -j, --jobs N           scan N files, ranges of lines of large ndjson
                         FILEs and, with --summary, parts of a document
                         longer than four --max-document-bytes, in parallel
                         (default: one per core); the output is the same for
                         every N. Each job may hold --max-document-bytes
  --progress auto|always|never
                         a progress line on stderr (bytes, MB/s, keys/s, ETA);
                         auto: when stderr is a terminal and the run takes
                         more than a second
  -q, --quiet            no progress line
  -h, --help             show this help
  --                     end of options

Table format (default):
  One row per key on stdout: KID KTY ALG USE STATUS SIZE ID SCHEMA, aligned
  (SCHEMA: okta or rfc7517, the schema the key was checked against). SIZE is
  the RSA modulus size in bits (leading zero octets not counted; "?" when n is
  not canonical base64url) or the EC/OKP curve. An absent member shows as
  "-", a null one as "null", an empty string as "". A SOURCE column comes
  first when more than one FILE is given or an input is read as ndjson: the
  file name, with "#D" (document number, from 0) for ndjson inputs. Nothing
  is printed when no key is valid. Columns are sized by the first 4096 rows
  and widen, never narrow, after. Errors go to stderr, one per line:
    FILE:OFFSET: PATH: CLASS/CODE: MESSAGE
  and warnings the same way, with CLASS "warning".
  OFFSET is the byte offset from the start of the file, PATH the JSON
  Pointer of the member at fault, with the document root written "(root)".
  Control characters in values, paths and file names are printed as
  escapes (\u001b).

NDJSON format:
  One JSON object per line on stdout, keys and errors in document order:
    {"type":"key","source":S,"document":D,"index":I,"offset":O,"id":...,
     "kid":...,"kty":...,"alg":...,"use":...,"status":...,"schema":...,
     "bits":N}
  with "crv" instead of "bits" for EC and OKP keys. Absent members are
  omitted, null ones written as null.
    {"type":"error","source":S,"document":D,"class":C,"code":K,"offset":O,
     "path":P,"message":M}
  C is syntax, schema, key, limit or io; P is the exact JSON Pointer ("" is
  the root). An error that ends its document adds "ends_document":true and
  "keys_before":N. Keys and errors of a document in provisional mode add
  "provisional":true. A warning is the same line as an error with
  "type":"warning" and "class":"warning". With --summary the last line is
    {"type":"summary","files":F,"documents":D,"keys":K,"errors":E,"bytes":B,
     "seconds":S,"mb_per_s":M,"keys_per_s":R,"kty":{...},"alg":{...},...}
  Standard input is named "<stdin>" in both formats.

Exit status:
  0  no errors (warnings allowed)
  1  a document or key had an error
  2  usage error, a FILE could not be read (reported as an io error:
     not_found, permission_denied, is_directory or read_failed), or the
     output could not be written
)txt");
}

std::string_view convert_help() noexcept {
  return with_input_options(
      R"txt(Usage: jwkview convert --to request|response|jwks [OPTIONS] [FILE...]

Reads each FILE ("-" or no FILE at all is standard input) as scan does, and
writes the valid keys of each document, in any shape scan accepts, to stdout
as one compact JSON document followed by a newline: one per FILE read as
json, one per line of a FILE read as ndjson (see --input). The forms:
  response  a bare array of Okta OAuth2ClientJsonSigningKeyResponse objects
            (the listJwk schema): every member the key had, in Okta's schema
            order (id created lastUpdated _links kid status kty alg use e n
            x y crv, then key_ops x5u x5c x5t x5t#S256); null stays null
  request   the same without the read-only id, created, lastUpdated and
            _links (OAuth2ClientJsonSigningKeyRequest)
  jwks      an RFC 7517 JWK Set {"keys":[...]} with the public JWK members
            only: kty use key_ops alg kid x5u x5c x5t x5t#S256 and the key
            type's n e (RSA), crv x y (EC) or crv x (OKP); null members and
            Okta's own members are left out
Members absent from the input stay absent; members the parser does not know
are not written. Strings are escaped as RFC 8259 requires.

A bad key is reported and left out of its set; a document that is not valid
JSON, or breaks a limit, is reported and nothing is written for it.

Options:
  --to request|response|jwks  the output form (required)
  -h, --help                  show this help
  --                          end of options

Errors go to stderr as scan prints them:
  FILE:OFFSET: PATH: CLASS/CODE: MESSAGE

Exit status:
  0  no errors (warnings allowed)
  1  a document or key had an error
  2  usage error, a FILE could not be read (an io error), or the output
     could not be written
)txt");
}

std::string_view check_help() noexcept {
  return with_input_options(R"txt(Usage: jwkview check [OPTIONS] FILE... | -

Lints key listings against Okta's documented rules for a client's JWKS and
RFC advice. Every finding is one line on stdout, in document order:
  FILE:OFFSET: PATH: SEVERITY: RULE: [kid KID: ]MESSAGE
PATH is the key's JSON Pointer ("(root)" for the document root), OFFSET the
byte offset of the key (or of the error) in FILE.

Options:
  --min-rsa-bits N       smallest RSA modulus allowed (default 2048)
  --max-keys N           most keys allowed in one set (default 50)
  --exponent N           the RSA exponent expected (default 65537)
  --format text|ndjson   output format (default text). ndjson writes
                         {"type":"finding","source":S,"document":D,"rule":R,
                          "severity":"error"|"warning","offset":O,"path":P,
                          "kid":K,"message":M} (kid only when the key has one)
  -h, --help             show this help

Rules:
  parse               error    the document or key does not parse (the
                               message is CLASS/CODE: MESSAGE, as in scan)
  parse-warning       warning  a parser warning (message as in scan)
  no-private-members  error    d, p, q, dp, dq, qi, oth or k in a listing
  kid-unique          error    a kid repeats an earlier key's kid
  rsa-min-bits        error    an RSA modulus smaller than --min-rsa-bits
  rsa-roca            error    an RSA modulus with the ROCA fingerprint
                               (CVE-2017-15361, Infineon RSALib keys)
  max-keys            error    more than --max-keys keys in one set (bad
                               keys counted)
  one-active-enc      error    more than one ACTIVE key with "use":"enc"
  rsa-exponent        warning  e is not --exponent
  rsa-minimal-n       warning  n has a leading zero octet (RFC 7518 6.3.1.1
                               asks for the minimal encoding)
  alg-present         warning  the key has no alg (absent or null)
  key-policy          warning  a verifier with jwkview's default key policy
                               would never use the key (use not sig,
                               key_ops without verify, status not ACTIVE,
                               a secret key, an RSA exponent of 1 or even)

Exit status:
  0  no error findings (warnings allowed)
  1  at least one error finding
  2  usage error, or a FILE could not be read (a parse finding with an io code)
)txt");
}

std::string_view thumbprint_help() noexcept {
  return with_input_options(R"txt(Usage: jwkview thumbprint [--uri] [OPTIONS] FILE... | -

Prints the RFC 7638 SHA-256 JWK thumbprint of every valid key, one line each:
  FILE:PATH KID THUMBPRINT
PATH is the key's JSON Pointer ("(root)" for a single key), KID "-" when the
key has none. FILE is followed by "#D" (document number, from 0) for inputs
read as ndjson (see --input). RSA n and e are hashed in minimal form (leading zero octets
dropped).

Options:
  --uri                  print the RFC 9278 URI
                         urn:ietf:params:oauth:jwk-thumbprint:sha-256:...
  -h, --help             show this help

Errors and warnings go to stderr as in scan. Exit status: 0, 1 when a
document or key had an error, 2 for usage errors and unreadable files.
)txt");
}

std::string_view pem_help() noexcept {
  return with_input_options(R"txt(Usage: jwkview pem [OPTIONS] FILE... | -

Prints every valid key as a PEM public key (SubjectPublicKeyInfo, "BEGIN
PUBLIC KEY"), each preceded by a comment line naming it:
  # FILE:PATH kid=KID
(kid= only when the key has one; FILE#D for inputs read as ndjson, as in
thumbprint). Keys OpenSSL cannot represent, or whose
material is bad (an EC point not on its curve, an even modulus, ...), are
reported on stderr with their code.

Options:
  -h, --help             show this help

Errors and warnings go to stderr as in scan. Exit status: 0, 1 when a
document or key had an error, 2 for usage errors and unreadable files.
)txt");
}

std::string_view verify_help() noexcept {
  return with_parsing_options(R"txt(Usage: jwkview verify --jwks FILE [OPTIONS] TOKEN | -

Validates one JWT (JWS compact serialisation) against the JWK Set in FILE,
as an API gateway does (jwkview::key_set and jwkview::validate_jwt): the
header and claims are read strictly (one JSON object each, no repeated
name at any depth, no "b64" or "crit"), the keys with the token's kid that
the default key policy accepts for its alg are tried (RSA of at least 2048
bits, no ROCA modulus, "use" sig, "key_ops" with verify, Okta status
ACTIVE, no secret keys; alg in RS*, PS*, ES*, EdDSA and the key's own), the
signature is verified, then the claims: exp (required), nbf and iat with
the leeway, then --iss, --aud and --typ. TOKEN "-" reads the token from
standard input (trailing line breaks are dropped). FILE may be any JWKS
shape scan reads ("-" is standard input when TOKEN is not).

Options:
  --jwks FILE            the JWK Set (required)
  --iss ISSUER           iss must equal ISSUER
  --aud AUDIENCE         one of aud's values must be AUDIENCE; repeat the
                         option to accept any one of several
  --leeway SECONDS       clock skew allowed for exp, nbf and iat (default 60)
  --typ TYPE             the header's typ must be TYPE (compared without case,
                         "application/" ignored: at+jwt accepts
                         application/at+JWT); may repeat
  --require CLAIM        CLAIM must be present; may repeat
  --now SECONDS          the time to check against, in seconds since 1970
                         (default: the clock)
  --format table|ndjson  output format (default table)
  -h, --help             show this help

Keys the set never uses (dropped by the parser, refused by the key policy,
or not loadable) are notes on stderr, which do not change the outcome:
  FILE:OFFSET: PATH: note: CODE[/RULE]: [kid KID: ]MESSAGE; the key never verifies a token

Accepted (table format): a table on stdout, PART NAME VALUE, with the
signing key's JSON Pointer in FILE ("key path"), then every header member
and every claim in token order; strings are shown decoded, other values as
compact JSON:
  PART    NAME  VALUE
  key     path  /keys/0
  header  alg   RS256
  header  kid   2026-01
  claims  sub   alice
  claims  aud   ["api","web"]
With --format ndjson, one line:
  {"type":"verified","alg":A,"kid":K,"key":P,"header":{...},"claims":{...}}

Refused: one line on stderr (table) naming the error's code, its JSON
Pointer in the token (/header/..., /claims/...; "(token)" for the token as a
whole) and what was wrong:
  refused: /claims/exp: crypto/token_expired: the token expired at ...
A key the policy refuses names the policy rule in the message ("key "k1"
(keys/0) is refused by rule rsa_too_small: ..."). With --format ndjson, one
line on stdout:
  {"type":"refused","class":C,"code":K,"rule":R,"path":P,"offset":O,"message":M}
("rule" only for key_refused; "offset" counts bytes of the decoded part).
Codes: malformed_jws, unsupported_algorithm, unsupported_header,
duplicate_member, wrong_type, too_deep, ..., token_too_large (over 16 KiB),
unknown_key, key_refused, alg_mismatch, bad_signature, token_expired,
token_not_yet_valid, issued_in_future, wrong_issuer, wrong_audience,
wrong_token_type, missing_claim.

Exit status:
  0  the token is accepted
  1  the token is refused
  2  usage error, FILE or standard input could not be read, or FILE is
     refused as a whole (not JSON, a limit, a second "keys"): reported on
     stderr as scan reports it
)txt");
}

std::string_view version_text() noexcept {
  return "jwkview " JWKVIEW_VERSION "\n";
}

}  // namespace jwkview_cli
