/* ngx_http_jwkview_module: JWT (JWS) authentication for nginx, on jwkview's
 * C ABI (include/jwkview.h). nginx/README.md documents every directive.
 *
 * Where the work happens:
 *  - Configuration (the master, once per start or reload): every key file is
 *    read and built into a jwkview_key_set (parsed, keys judged by the key
 *    policy, one EVP_PKEY per usable key). Workers inherit the sets when
 *    they fork: nothing is parsed per worker at start-up.
 *  - Each worker: a 1-second timer stats the key files and rebuilds the set
 *    of a file that changed (a broken file keeps the old set and logs why);
 *    key requests (auth_jwt_key_request) are fetched by a subrequest when
 *    their schedule says so, and built once per fetch. A set is replaced
 *    between two events, never while a request uses it.
 *  - Per request (the access phase): the token is read from the
 *    Authorization header or a variable and checked by jwkview_validate with
 *    the worker's one jwkview_reader, which allocates nothing once warm.
 *    The module allocates only from the request's pool: its context, the
 *    values of the $jwt_claim_ / $jwt_header_ variables, the
 *    WWW-Authenticate header. */
#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include <jwkview.h>

/* How often each worker checks its key files for a change, in ms. */
#define NGX_HTTP_JWKVIEW_WATCH_MS 1000
/* jwkview's limits::max_document_bytes: larger key files are refused. */
#define NGX_HTTP_JWKVIEW_MAX_FILE (16 * 1024 * 1024)
/* jwkview::refresh_policy's defaults. */
#define NGX_HTTP_JWKVIEW_DEFAULT_LIFETIME 300
#define NGX_HTTP_JWKVIEW_MAX_LIFETIME 86400
#define NGX_HTTP_JWKVIEW_RETRY 30

/* A JWK Set in a local file, re-read when the file changes. */
typedef struct {
  ngx_str_t path; /* absolute, NUL-terminated */
  jwkview_key_set_options options;
  jwkview_key_set* set;  /* the current keys */
  ngx_file_info_t seen;  /* the file last read, whether its keys were taken or not */
  ngx_uint_t unreadable; /* logged once until the file can be read again */
} ngx_http_jwkview_file_t;

/* A JWK Set fetched through a subrequest, with its schedule: the C form of
 * jwkview::refresh_schedule (include/jwkview/refresh_schedule.hpp), kept by
 * each worker. */
typedef struct {
  ngx_str_t uri;
  ngx_str_t args;
  jwkview_key_set_options options;
  time_t cache;    /* auth_jwt_key_cache: a fixed lifetime; 0: Cache-Control's */
  time_t interval; /* auth_jwt_key_request_interval */
  jwkview_key_set* set;
  time_t next_fetch;
  time_t last_attempt;
  ngx_uint_t fetching; /* subrequests in flight */
} ngx_http_jwkview_fetch_t;

/* A variable's value taken from the token: a claim or a header member, and
 * members of nested objects below it. */
typedef struct {
  ngx_uint_t header; /* 1: the JOSE header; 0: the claims set */
  ngx_str_t* names;
  ngx_uint_t count;
  ngx_uint_t index; /* in ngx_http_jwkview_main_conf_t's values */
} ngx_http_jwkview_value_t;

typedef struct {
  ngx_array_t files;   /* ngx_http_jwkview_file_t*, one per file and key options */
  ngx_array_t fetches; /* ngx_http_jwkview_fetch_t* */
  ngx_array_t values;  /* ngx_http_jwkview_value_t*: filled when a token is accepted */
  jwkview_reader* reader;
  ngx_uint_t generation; /* bumped by each validation and each new key set */
  ngx_event_t watch;
} ngx_http_jwkview_main_conf_t;

typedef struct {
  ngx_http_complex_value_t* value;
  ngx_uint_t status; /* 401 or 403 */
} ngx_http_jwkview_require_t;

typedef struct {
  ngx_http_complex_value_t* realm; /* NULL: off */
  ngx_http_complex_value_t* token; /* NULL: Authorization: Bearer */
  ngx_array_t* key_files;          /* ngx_str_t, full paths */
  ngx_array_t* key_requests;       /* ngx_str_t */
  time_t key_cache;
  time_t key_interval;
  time_t leeway;
  ngx_array_t* requires; /* ngx_http_jwkview_require_t */
  ngx_str_t issuer;
  ngx_array_t* audiences;  /* ngx_str_t, NUL-terminated */
  ngx_array_t* algorithms; /* ngx_str_t */
  ngx_int_t min_rsa_bits;
  ngx_flag_t type_set;

  /* Resolved when merged, for levels where auth_jwt is on. */
  ngx_array_t* files;        /* ngx_http_jwkview_file_t* */
  ngx_array_t* fetches;      /* ngx_http_jwkview_fetch_t* */
  ngx_uint_t algorithm_mask; /* 0: jwkview's default allow-list */
  jwkview_rules rules;
  const char* audience_list[JWKVIEW_MAX_RULE_STRINGS];
} ngx_http_jwkview_loc_conf_t;

typedef struct {
  ngx_str_t token;
  ngx_http_jwkview_fetch_t* fetch; /* the subrequest in flight */
  jwkview_claims claims;           /* while generation is the worker's */
  ngx_uint_t generation;
  ngx_http_variable_value_t* values; /* one per main conf value, once accepted */
  ngx_str_t header;                  /* the decoded JOSE header, once needed */
  unsigned fetching : 1;
  unsigned fetched : 1;
  unsigned refetched : 1;
  unsigned accepted : 1;
} ngx_http_jwkview_ctx_t;

static ngx_int_t ngx_http_jwkview_handler(ngx_http_request_t* r);
static ngx_int_t ngx_http_jwkview_preconfiguration(ngx_conf_t* cf);
static ngx_int_t ngx_http_jwkview_postconfiguration(ngx_conf_t* cf);
static void* ngx_http_jwkview_create_main_conf(ngx_conf_t* cf);
static void* ngx_http_jwkview_create_loc_conf(ngx_conf_t* cf);
static char* ngx_http_jwkview_merge_loc_conf(ngx_conf_t* cf, void* parent, void* child);
static ngx_int_t ngx_http_jwkview_init_module(ngx_cycle_t* cycle);
static ngx_int_t ngx_http_jwkview_init_process(ngx_cycle_t* cycle);
static void ngx_http_jwkview_exit_process(ngx_cycle_t* cycle);
static char* ngx_http_jwkview_auth_jwt(ngx_conf_t* cf, ngx_command_t* cmd, void* conf);
static char* ngx_http_jwkview_key_file(ngx_conf_t* cf, ngx_command_t* cmd, void* conf);
static char* ngx_http_jwkview_key_request(ngx_conf_t* cf, ngx_command_t* cmd, void* conf);
static char* ngx_http_jwkview_type(ngx_conf_t* cf, ngx_command_t* cmd, void* conf);
static char* ngx_http_jwkview_require(ngx_conf_t* cf, ngx_command_t* cmd, void* conf);
static char* ngx_http_jwkview_value_set(ngx_conf_t* cf, ngx_command_t* cmd, void* conf);
static char* ngx_http_jwkview_strings(ngx_conf_t* cf, ngx_command_t* cmd, void* conf);
static char* ngx_http_jwkview_algorithms(ngx_conf_t* cf, ngx_command_t* cmd, void* conf);
static char* ngx_http_jwkview_at_least_one_second(ngx_conf_t* cf, void* post, void* data);

static ngx_conf_num_bounds_t ngx_http_jwkview_rsa_bits_bounds = {ngx_conf_check_num_bounds, 1024,
                                                                 16384};
static ngx_conf_post_t ngx_http_jwkview_interval_post = {ngx_http_jwkview_at_least_one_second};

/* Where most directives may be (auth_jwt_key_cache and
 * auth_jwt_key_request_interval: not in limit_except). */
#define NGX_HTTP_JWKVIEW_HTTP_CONF (NGX_HTTP_MAIN_CONF | NGX_HTTP_SRV_CONF | NGX_HTTP_LOC_CONF)
#define NGX_HTTP_JWKVIEW_ANY_CONF (NGX_HTTP_JWKVIEW_HTTP_CONF | NGX_HTTP_LMT_CONF)

static ngx_command_t ngx_http_jwkview_commands[] = {
    {ngx_string("auth_jwt"), NGX_HTTP_JWKVIEW_ANY_CONF | NGX_CONF_TAKE12, ngx_http_jwkview_auth_jwt,
     NGX_HTTP_LOC_CONF_OFFSET, 0, NULL},
    {ngx_string("auth_jwt_key_file"), NGX_HTTP_JWKVIEW_ANY_CONF | NGX_CONF_TAKE1,
     ngx_http_jwkview_key_file, NGX_HTTP_LOC_CONF_OFFSET, 0, NULL},
    {ngx_string("auth_jwt_key_request"), NGX_HTTP_JWKVIEW_ANY_CONF | NGX_CONF_TAKE1,
     ngx_http_jwkview_key_request, NGX_HTTP_LOC_CONF_OFFSET, 0, NULL},
    {ngx_string("auth_jwt_key_cache"), NGX_HTTP_JWKVIEW_HTTP_CONF | NGX_CONF_TAKE1,
     ngx_conf_set_sec_slot, NGX_HTTP_LOC_CONF_OFFSET,
     offsetof(ngx_http_jwkview_loc_conf_t, key_cache), NULL},
    {ngx_string("auth_jwt_key_request_interval"), NGX_HTTP_JWKVIEW_HTTP_CONF | NGX_CONF_TAKE1,
     ngx_conf_set_sec_slot, NGX_HTTP_LOC_CONF_OFFSET,
     offsetof(ngx_http_jwkview_loc_conf_t, key_interval), &ngx_http_jwkview_interval_post},
    {ngx_string("auth_jwt_leeway"), NGX_HTTP_JWKVIEW_ANY_CONF | NGX_CONF_TAKE1,
     ngx_conf_set_sec_slot, NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_jwkview_loc_conf_t, leeway),
     NULL},
    {ngx_string("auth_jwt_type"), NGX_HTTP_JWKVIEW_ANY_CONF | NGX_CONF_TAKE1, ngx_http_jwkview_type,
     NGX_HTTP_LOC_CONF_OFFSET, 0, NULL},
    {ngx_string("auth_jwt_require"), NGX_HTTP_JWKVIEW_ANY_CONF | NGX_CONF_1MORE,
     ngx_http_jwkview_require, NGX_HTTP_LOC_CONF_OFFSET, 0, NULL},
    {ngx_string("auth_jwt_claim_set"), NGX_HTTP_MAIN_CONF | NGX_CONF_2MORE,
     ngx_http_jwkview_value_set, NGX_HTTP_MAIN_CONF_OFFSET, 0, NULL},
    {ngx_string("auth_jwt_header_set"), NGX_HTTP_MAIN_CONF | NGX_CONF_2MORE,
     ngx_http_jwkview_value_set, NGX_HTTP_MAIN_CONF_OFFSET, 1, NULL},
    {ngx_string("auth_jwt_issuer"), NGX_HTTP_JWKVIEW_ANY_CONF | NGX_CONF_TAKE1,
     ngx_conf_set_str_slot, NGX_HTTP_LOC_CONF_OFFSET, offsetof(ngx_http_jwkview_loc_conf_t, issuer),
     NULL},
    {ngx_string("auth_jwt_audience"), NGX_HTTP_JWKVIEW_ANY_CONF | NGX_CONF_1MORE,
     ngx_http_jwkview_strings, NGX_HTTP_LOC_CONF_OFFSET,
     offsetof(ngx_http_jwkview_loc_conf_t, audiences), NULL},
    {ngx_string("auth_jwt_algorithms"), NGX_HTTP_JWKVIEW_ANY_CONF | NGX_CONF_1MORE,
     ngx_http_jwkview_algorithms, NGX_HTTP_LOC_CONF_OFFSET, 0, NULL},
    {ngx_string("auth_jwt_min_rsa_bits"), NGX_HTTP_JWKVIEW_ANY_CONF | NGX_CONF_TAKE1,
     ngx_conf_set_num_slot, NGX_HTTP_LOC_CONF_OFFSET,
     offsetof(ngx_http_jwkview_loc_conf_t, min_rsa_bits), &ngx_http_jwkview_rsa_bits_bounds},
    ngx_null_command};

static ngx_http_module_t ngx_http_jwkview_module_ctx = {
    ngx_http_jwkview_preconfiguration,  /* preconfiguration */
    ngx_http_jwkview_postconfiguration, /* postconfiguration */
    ngx_http_jwkview_create_main_conf,  /* create main configuration */
    NULL,                               /* init main configuration */
    NULL,                               /* create server configuration */
    NULL,                               /* merge server configuration */
    ngx_http_jwkview_create_loc_conf,   /* create location configuration */
    ngx_http_jwkview_merge_loc_conf     /* merge location configuration */
};

ngx_module_t ngx_http_jwkview_module = {NGX_MODULE_V1,
                                        &ngx_http_jwkview_module_ctx,  /* module context */
                                        ngx_http_jwkview_commands,     /* module directives */
                                        NGX_HTTP_MODULE,               /* module type */
                                        NULL,                          /* init master */
                                        ngx_http_jwkview_init_module,  /* init module */
                                        ngx_http_jwkview_init_process, /* init process */
                                        NULL,                          /* init thread */
                                        NULL,                          /* exit thread */
                                        ngx_http_jwkview_exit_process, /* exit process */
                                        NULL,                          /* exit master */
                                        NGX_MODULE_V1_PADDING};

/* ------------------------------------------------------------------------ */
/* Algorithms: the names jwkview verifies (its key policy's default allow-list
 * and, from a trusted key file, HS*). */

static const char* ngx_http_jwkview_algorithm_names[] = {
    "RS256", "RS384", "RS512",   "PS256", "PS384", "PS512", "ES256", "ES384",
    "ES512", "EdDSA", "Ed25519", "Ed448", "HS256", "HS384", "HS512", NULL};
#define NGX_HTTP_JWKVIEW_HMAC_MASK (7u << 12) /* HS256, HS384, HS512 */

static ngx_uint_t ngx_http_jwkview_algorithm_bit(const u_char* name, size_t len) {
  ngx_uint_t i;
  for (i = 0; ngx_http_jwkview_algorithm_names[i] != NULL; i++) {
    if (ngx_strlen(ngx_http_jwkview_algorithm_names[i]) == len &&
        ngx_strncmp(ngx_http_jwkview_algorithm_names[i], name, len) == 0) {
      return (ngx_uint_t)1 << i;
    }
  }
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Key sets from files. */

static void ngx_http_jwkview_log_refused(ngx_log_t* log, const char* directive, ngx_str_t* name,
                                         jwkview_key_set* set) {
  jwkview_error e;
  size_t i;
  size_t n = jwkview_key_set_refused_count(set);
  for (i = 0; i < n; i++) {
    if (!jwkview_key_set_refused(set, i, &e)) break;
    if (e.rule != JWKVIEW_RULE_NONE) {
      ngx_log_error(NGX_LOG_INFO, log, 0, "%s \"%V\": key at %s refused by rule %s: %s", directive,
                    name, e.path, jwkview_policy_rule_name(e.rule), e.message);
    } else {
      ngx_log_error(NGX_LOG_INFO, log, 0, "%s \"%V\": key at %s refused (%s): %s", directive, name,
                    e.path, jwkview_error_name(e.code), e.message);
    }
  }
}

/* Reads the file and builds its key set. NULL when it cannot be read (*err
 * is its errno, e->code JWKVIEW_OK) or its document was refused (e says
 * why). *seen is the file that was read. */
static jwkview_key_set* ngx_http_jwkview_read_file(ngx_http_jwkview_file_t* f, ngx_log_t* log,
                                                   ngx_file_info_t* seen, ngx_err_t* err,
                                                   jwkview_error* e) {
  ngx_fd_t fd;
  u_char* buf;
  size_t size, got;
  ssize_t n = 0;
  jwkview_key_set* set;

  *err = 0;
  ngx_memzero(e, sizeof(jwkview_error));
  fd = ngx_open_file(f->path.data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
  if (fd == NGX_INVALID_FILE) {
    *err = ngx_errno;
    return NULL;
  }
  if (ngx_fd_info(fd, seen) == NGX_FILE_ERROR) {
    *err = ngx_errno;
    ngx_close_file(fd);
    return NULL;
  }
  if (ngx_file_size(seen) > NGX_HTTP_JWKVIEW_MAX_FILE) {
    ngx_close_file(fd);
    e->code = JWKVIEW_DOCUMENT_TOO_LARGE;
    ngx_cpystrn((u_char*)e->message, (u_char*)"the file is larger than 16 MiB",
                JWKVIEW_ERROR_MESSAGE_CAPACITY);
    return NULL;
  }
  size = (size_t)ngx_file_size(seen);
  buf = ngx_alloc(size + 1, log);
  if (buf == NULL) {
    ngx_close_file(fd);
    e->code = JWKVIEW_OUT_OF_MEMORY;
    ngx_cpystrn((u_char*)e->message, (u_char*)"out of memory", JWKVIEW_ERROR_MESSAGE_CAPACITY);
    return NULL;
  }
  for (got = 0; got < size; got += (size_t)n) {
    n = read(fd, buf + got, size - got);
    if (n == -1 && ngx_errno == NGX_EINTR) {
      n = 0;
      continue;
    }
    if (n <= 0) break;
  }
  if (got < size) {
    *err = n == -1 ? ngx_errno : EIO;
    ngx_free(buf);
    ngx_close_file(fd);
    return NULL;
  }
  ngx_close_file(fd);
  set = jwkview_key_set_build((const char*)buf, size, &f->options, e);
  ngx_free(buf);
  return set;
}

static ngx_uint_t ngx_http_jwkview_same_file(ngx_file_info_t* a, ngx_file_info_t* b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
#if (NGX_LINUX)
         a->st_mtim.tv_nsec == b->st_mtim.tv_nsec && a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
         a->st_ctim.tv_nsec == b->st_ctim.tv_nsec &&
#endif
         a->st_mtime == b->st_mtime;
}

/* The worker's check of one key file. */
static void ngx_http_jwkview_watch_file(ngx_http_jwkview_main_conf_t* mcf,
                                        ngx_http_jwkview_file_t* f, ngx_log_t* log) {
  ngx_file_info_t info, seen;
  ngx_err_t err;
  jwkview_error e;
  jwkview_key_set* set;

  if (ngx_file_info(f->path.data, &info) == NGX_FILE_ERROR) {
    if (!f->unreadable) {
      ngx_log_error(NGX_LOG_ERR, log, ngx_errno,
                    "auth_jwt_key_file \"%V\": " ngx_file_info_n
                    " failed; keeping the previous keys",
                    &f->path);
      f->unreadable = 1;
    }
    return;
  }
  if (!f->unreadable && ngx_http_jwkview_same_file(&info, &f->seen)) return;

  set = ngx_http_jwkview_read_file(f, log, &seen, &err, &e);
  if (set == NULL && e.code == JWKVIEW_OK) {
    if (!f->unreadable) {
      ngx_log_error(NGX_LOG_ERR, log, err,
                    "auth_jwt_key_file \"%V\" could not be read; keeping the previous keys",
                    &f->path);
      f->unreadable = 1;
    }
    return;
  }
  f->unreadable = 0;
  f->seen = seen;
  if (set == NULL) {
    ngx_log_error(NGX_LOG_ERR, log, 0,
                  "auth_jwt_key_file \"%V\" refused (%s%s%s, offset %uz): %s; keeping the "
                  "previous keys",
                  &f->path, jwkview_error_name(e.code), e.path[0] != '\0' ? " at " : "", e.path,
                  e.offset, e.message);
    return;
  }
  ngx_http_jwkview_log_refused(log, "auth_jwt_key_file", &f->path, set);
  ngx_log_error(NGX_LOG_NOTICE, log, 0, "auth_jwt_key_file \"%V\" reloaded: %uz keys, %uz usable",
                &f->path, jwkview_key_set_size(set), jwkview_key_set_usable(set));
  jwkview_key_set_free(f->set);
  f->set = set;
  mcf->generation++;
}

static void ngx_http_jwkview_watch(ngx_event_t* ev) {
  ngx_http_jwkview_main_conf_t* mcf = ev->data;
  ngx_http_jwkview_file_t** files = mcf->files.elts;
  ngx_uint_t i;

  for (i = 0; i < mcf->files.nelts; i++) ngx_http_jwkview_watch_file(mcf, files[i], ev->log);
  if (!ngx_exiting && !ngx_quit && !ngx_terminate) {
    ngx_add_timer(ev, NGX_HTTP_JWKVIEW_WATCH_MS);
  }
}

static void ngx_http_jwkview_free_file(void* data) {
  ngx_http_jwkview_file_t* f = data;
  jwkview_key_set_free(f->set);
  f->set = NULL;
}

static void ngx_http_jwkview_free_fetch(void* data) {
  ngx_http_jwkview_fetch_t* f = data;
  jwkview_key_set_free(f->set);
  f->set = NULL;
}

/* The file's entry for these options, read now (at configuration time);
 * NULL when it cannot be read or is refused (logged). */
static ngx_http_jwkview_file_t* ngx_http_jwkview_add_file(ngx_conf_t* cf,
                                                          ngx_http_jwkview_main_conf_t* mcf,
                                                          ngx_str_t* path, size_t min_rsa_bits,
                                                          ngx_uint_t trusted) {
  ngx_http_jwkview_file_t **files = mcf->files.elts, *f, **slot;
  ngx_pool_cleanup_t* cln;
  ngx_err_t err;
  jwkview_error e;
  ngx_uint_t i;

  for (i = 0; i < mcf->files.nelts; i++) {
    f = files[i];
    if (f->path.len == path->len && ngx_strncmp(f->path.data, path->data, path->len) == 0 &&
        f->options.min_rsa_bits == min_rsa_bits &&
        (ngx_uint_t)f->options.trusted_secrets == trusted) {
      return f;
    }
  }
  f = ngx_pcalloc(cf->pool, sizeof(ngx_http_jwkview_file_t));
  slot = ngx_array_push(&mcf->files);
  cln = ngx_pool_cleanup_add(cf->pool, 0);
  if (f == NULL || slot == NULL || cln == NULL) return NULL;
  f->path = *path;
  jwkview_key_set_options_init(&f->options);
  f->options.min_rsa_bits = min_rsa_bits;
  /* The gateway's own file: oct keys may verify HS256/384/512. */
  f->options.trusted_secrets = trusted ? 1 : 0;
  f->set = ngx_http_jwkview_read_file(f, cf->log, &f->seen, &err, &e);
  if (f->set == NULL) {
    if (e.code == JWKVIEW_OK) {
      ngx_conf_log_error(NGX_LOG_EMERG, cf, err, "auth_jwt_key_file \"%V\" could not be read",
                         path);
    } else {
      ngx_conf_log_error(
          NGX_LOG_EMERG, cf, 0, "auth_jwt_key_file \"%V\" refused (%s%s%s, offset %uz): %s", path,
          jwkview_error_name(e.code), e.path[0] != '\0' ? " at " : "", e.path, e.offset, e.message);
    }
    return NULL;
  }
  cln->handler = ngx_http_jwkview_free_file;
  cln->data = f;
  *slot = f;
  ngx_http_jwkview_log_refused(cf->log, "auth_jwt_key_file", path, f->set);
  if (jwkview_key_set_usable(f->set) == 0) {
    ngx_conf_log_error(NGX_LOG_WARN, cf, 0, "auth_jwt_key_file \"%V\" holds no usable key", path);
  }
  return f;
}

static ngx_http_jwkview_fetch_t* ngx_http_jwkview_add_fetch(ngx_conf_t* cf,
                                                            ngx_http_jwkview_main_conf_t* mcf,
                                                            ngx_str_t* uri,
                                                            ngx_http_jwkview_loc_conf_t* conf) {
  ngx_http_jwkview_fetch_t **fetches = mcf->fetches.elts, *f, **slot;
  ngx_pool_cleanup_t* cln;
  ngx_uint_t i;
  ngx_str_t path = *uri, args = ngx_null_string;
  u_char* q = ngx_strlchr(uri->data, uri->data + uri->len, '?');

  if (q != NULL) {
    path.len = (size_t)(q - uri->data);
    args.data = q + 1;
    args.len = uri->len - path.len - 1;
  }
  for (i = 0; i < mcf->fetches.nelts; i++) {
    f = fetches[i];
    if (f->uri.len == path.len && ngx_strncmp(f->uri.data, path.data, path.len) == 0 &&
        f->args.len == args.len && ngx_strncmp(f->args.data, args.data, args.len) == 0 &&
        f->options.min_rsa_bits == (size_t)conf->min_rsa_bits && f->cache == conf->key_cache &&
        f->interval == conf->key_interval) {
      return f;
    }
  }
  f = ngx_pcalloc(cf->pool, sizeof(ngx_http_jwkview_fetch_t));
  slot = ngx_array_push(&mcf->fetches);
  cln = ngx_pool_cleanup_add(cf->pool, 0);
  if (f == NULL || slot == NULL || cln == NULL) return NULL;
  f->uri = path;
  f->args = args;
  /* A fetched set is a provider's: never trusted with secrets. */
  jwkview_key_set_options_init(&f->options);
  f->options.min_rsa_bits = (size_t)conf->min_rsa_bits;
  f->cache = conf->key_cache;
  f->interval = conf->key_interval;
  f->last_attempt = -conf->key_interval;
  cln->handler = ngx_http_jwkview_free_fetch;
  cln->data = f;
  *slot = f;
  return f;
}

/* ------------------------------------------------------------------------ */
/* The key request's schedule (jwkview::refresh_schedule's rules). */

/* A delta-seconds value (RFC 9111 §1.2.2), quoted or not; -1 when malformed. */
static time_t ngx_http_jwkview_delta_seconds(u_char* p, u_char* end) {
  time_t n = 0;
  if (end - p >= 2 && *p == '"' && end[-1] == '"') {
    p++;
    end--;
  }
  if (p == end) return -1;
  for (; p < end; p++) {
    if (*p < '0' || *p > '9') return -1;
    if (n < ((time_t)1 << 31)) n = n * 10 + (*p - '0');
  }
  return ngx_min(n, (time_t)1 << 31);
}

typedef struct {
  time_t max_age;
  time_t s_maxage;
  ngx_uint_t no_cache;
} ngx_http_jwkview_cache_control_t;

static u_char* ngx_http_jwkview_trim(u_char* p, u_char** end) {
  while (p < *end && (*p == ' ' || *p == '\t')) p++;
  while (*end > p && ((*end)[-1] == ' ' || (*end)[-1] == '\t')) (*end)--;
  return p;
}

/* One Cache-Control field line, into cc. */
static void ngx_http_jwkview_cache_control(ngx_http_jwkview_cache_control_t* cc, ngx_str_t* line) {
  u_char *p = line->data, *end = line->data + line->len, *comma, *eq, *name, *name_end, *value,
         *value_end;
  size_t len;

  while (p < end) {
    comma = ngx_strlchr(p, end, ',');
    if (comma == NULL) comma = end;
    eq = ngx_strlchr(p, comma, '=');
    name_end = eq != NULL ? eq : comma;
    name = ngx_http_jwkview_trim(p, &name_end);
    len = (size_t)(name_end - name);
    value_end = comma;
    value = eq != NULL ? ngx_http_jwkview_trim(eq + 1, &value_end) : comma;
    if ((len == 8 && ngx_strncasecmp(name, (u_char*)"no-cache", 8) == 0) ||
        (len == 8 && ngx_strncasecmp(name, (u_char*)"no-store", 8) == 0)) {
      cc->no_cache = 1;
    } else if (len == 7 && ngx_strncasecmp(name, (u_char*)"max-age", 7) == 0) {
      cc->max_age = ngx_http_jwkview_delta_seconds(value, value_end);
    } else if (len == 8 && ngx_strncasecmp(name, (u_char*)"s-maxage", 8) == 0) {
      cc->s_maxage = ngx_http_jwkview_delta_seconds(value, value_end);
    }
    p = comma + 1;
  }
}

/* A fetch succeeded: the next one is due after the response's lifetime
 * (s-maxage, else max-age; no-cache and no-store: as soon as allowed; none:
 * 5 minutes), clamped to [interval, 24 h]; auth_jwt_key_cache overrides it.
 * Returns the seconds until then. */
static time_t ngx_http_jwkview_schedule_fetched(ngx_http_jwkview_fetch_t* f, time_t now,
                                                ngx_http_request_t* sr) {
  ngx_http_jwkview_cache_control_t cc = {-1, -1, 0};
  ngx_list_part_t* part = &sr->headers_out.headers.part;
  ngx_table_elt_t* h = part->elts;
  ngx_uint_t i;
  time_t lifetime;

  for (i = 0; /* void */; i++) {
    if (i >= part->nelts) {
      if (part->next == NULL) break;
      part = part->next;
      h = part->elts;
      i = 0;
    }
    if (h[i].hash != 0 && h[i].key.len == 13 &&
        ngx_strncasecmp(h[i].key.data, (u_char*)"Cache-Control", 13) == 0) {
      ngx_http_jwkview_cache_control(&cc, &h[i].value);
    }
  }
  if (f->cache > 0) {
    lifetime = f->cache;
  } else {
    lifetime = cc.no_cache ? 0 : cc.s_maxage >= 0 ? cc.s_maxage : cc.max_age;
    if (lifetime < 0) lifetime = NGX_HTTP_JWKVIEW_DEFAULT_LIFETIME;
    lifetime = ngx_max(lifetime, f->interval);
    lifetime = ngx_min(lifetime, ngx_max(f->interval, NGX_HTTP_JWKVIEW_MAX_LIFETIME));
  }
  f->last_attempt = now;
  f->next_fetch = now + lifetime;
  return lifetime;
}

/* A fetch failed: the old set stays, and the fetch is retried after 30 s
 * (or the interval, when shorter). */
static time_t ngx_http_jwkview_schedule_failed(ngx_http_jwkview_fetch_t* f, time_t now) {
  time_t retry = ngx_min(NGX_HTTP_JWKVIEW_RETRY, f->interval);
  f->last_attempt = now;
  f->next_fetch = now + retry;
  return retry;
}

/* A token named a kid no set has: the first such token after `interval`
 * seconds without a fetch attempt makes a fetch due now. */
static ngx_uint_t ngx_http_jwkview_schedule_unknown_kid(ngx_http_jwkview_fetch_t* f, time_t now) {
  if (now < f->last_attempt + f->interval) return 0;
  f->last_attempt = now;
  if (f->next_fetch > now) f->next_fetch = now;
  return 1;
}

/* ------------------------------------------------------------------------ */
/* Reading JSON that jwkview has already read strictly (RFC 8259, no repeated
 * names): a claim's value, the decoded JOSE header. These helpers only walk
 * it, and never read past its end. */

static u_char* ngx_http_jwkview_json_space(u_char* p, u_char* end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
  return p;
}

/* Past the string that starts at p (its '"'); NULL when it does not end. */
static u_char* ngx_http_jwkview_json_string(u_char* p, u_char* end) {
  for (p++; p < end; p++) {
    if (*p == '\\') {
      p++;
    } else if (*p == '"') {
      return p + 1;
    }
  }
  return NULL;
}

/* Past the value that starts at p; NULL when it does not end. */
static u_char* ngx_http_jwkview_json_value(u_char* p, u_char* end) {
  ngx_uint_t depth = 0;
  while (p < end) {
    if (*p == '"') {
      p = ngx_http_jwkview_json_string(p, end);
      if (p == NULL) return NULL;
    } else if (*p == '{' || *p == '[') {
      depth++;
      p++;
      continue;
    } else if (*p == '}' || *p == ']') {
      if (depth == 0) return p;
      depth--;
      p++;
    } else if (depth == 0 && (*p == ',' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
      return p;
    } else {
      p++;
      continue;
    }
    if (depth == 0) return p;
  }
  return depth == 0 ? p : NULL;
}

static ngx_int_t ngx_http_jwkview_hex4(u_char* p, u_char* end, uint32_t* out) {
  ngx_int_t n;
  if (end - p < 4) return NGX_ERROR;
  n = ngx_hextoi(p, 4);
  if (n == NGX_ERROR) return NGX_ERROR;
  *out = (uint32_t)n;
  return NGX_OK;
}

/* Decodes the body of a JSON string [p, end) (between its quotes) into out,
 * which holds end - p bytes (decoding never grows it); returns the end of
 * the output. */
static u_char* ngx_http_jwkview_json_unescape(u_char* out, u_char* p, u_char* end) {
  uint32_t cp, low;
  while (p < end) {
    if (*p != '\\') {
      *out++ = *p++;
      continue;
    }
    if (++p == end) break;
    switch (*p++) {
      case 'b':
        *out++ = '\b';
        break;
      case 'f':
        *out++ = '\f';
        break;
      case 'n':
        *out++ = '\n';
        break;
      case 'r':
        *out++ = '\r';
        break;
      case 't':
        *out++ = '\t';
        break;
      case 'u':
        if (ngx_http_jwkview_hex4(p, end, &cp) != NGX_OK) return out;
        p += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u' &&
            ngx_http_jwkview_hex4(p + 2, end, &low) == NGX_OK && low >= 0xDC00 && low < 0xE000) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          p += 6;
        }
        if (cp < 0x80) {
          *out++ = (u_char)cp;
        } else if (cp < 0x800) {
          *out++ = (u_char)(0xC0 | (cp >> 6));
          *out++ = (u_char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
          *out++ = (u_char)(0xE0 | (cp >> 12));
          *out++ = (u_char)(0x80 | ((cp >> 6) & 0x3F));
          *out++ = (u_char)(0x80 | (cp & 0x3F));
        } else {
          *out++ = (u_char)(0xF0 | (cp >> 18));
          *out++ = (u_char)(0x80 | ((cp >> 12) & 0x3F));
          *out++ = (u_char)(0x80 | ((cp >> 6) & 0x3F));
          *out++ = (u_char)(0x80 | (cp & 0x3F));
        }
        break;
      default: /* '"', '\\', '/' */
        *out++ = p[-1];
        break;
    }
  }
  return out;
}

/* Whether the JSON string body [p, end) decodes to name. */
static ngx_uint_t ngx_http_jwkview_json_name_is(u_char* p, u_char* end, ngx_str_t* name) {
  u_char buf[256], *last;
  if (ngx_strlchr(p, end, '\\') == NULL) {
    return (size_t)(end - p) == name->len && ngx_strncmp(p, name->data, name->len) == 0;
  }
  if ((size_t)(end - p) > sizeof(buf)) return 0;
  last = ngx_http_jwkview_json_unescape(buf, p, end);
  return (size_t)(last - buf) == name->len && ngx_strncmp(buf, name->data, name->len) == 0;
}

/* The value of member `name` of the object at p: its first byte, and its
 * end in *value_end; NULL when p holds no object or the object no such
 * member. */
static u_char* ngx_http_jwkview_json_member(u_char* p, u_char* end, ngx_str_t* name,
                                            u_char** value_end) {
  u_char *key, *key_end, *value;
  ngx_uint_t match;

  p = ngx_http_jwkview_json_space(p, end);
  if (p == end || *p != '{') return NULL;
  for (p++;;) {
    p = ngx_http_jwkview_json_space(p, end);
    if (p == end || *p != '"') return NULL;
    key = p + 1;
    key_end = ngx_http_jwkview_json_string(p, end);
    if (key_end == NULL) return NULL;
    match = ngx_http_jwkview_json_name_is(key, key_end - 1, name);
    p = ngx_http_jwkview_json_space(key_end, end);
    if (p == end || *p != ':') return NULL;
    value = ngx_http_jwkview_json_space(p + 1, end);
    p = ngx_http_jwkview_json_value(value, end);
    if (p == NULL || p == value) return NULL;
    if (match) {
      *value_end = p;
      return value;
    }
    p = ngx_http_jwkview_json_space(p, end);
    if (p == end || *p != ',') return NULL;
    p++;
  }
}

/* A JSON value as a variable's text: a string decoded, an array's elements
 * joined with commas (strings decoded, others as JSON), any other value as
 * its JSON text. NGX_DECLINED for null. */
static ngx_int_t ngx_http_jwkview_json_text(ngx_pool_t* pool, u_char* p, u_char* end,
                                            ngx_str_t* out) {
  u_char *o, *e;
  if (end - p == 4 && ngx_strncmp(p, "null", 4) == 0) return NGX_DECLINED;
  out->data = ngx_pnalloc(pool, (size_t)(end - p) + 1);
  if (out->data == NULL) return NGX_ERROR;
  o = out->data;
  if (*p == '"' && end - p >= 2) {
    o = ngx_http_jwkview_json_unescape(o, p + 1, end - 1);
  } else if (*p == '[') {
    for (p = ngx_http_jwkview_json_space(p + 1, end); p < end && *p != ']';) {
      e = ngx_http_jwkview_json_value(p, end);
      if (e == NULL || e == p) break;
      if (o != out->data) *o++ = ',';
      if (*p == '"' && e - p >= 2) {
        o = ngx_http_jwkview_json_unescape(o, p + 1, e - 1);
      } else {
        o = ngx_cpymem(o, p, (size_t)(e - p));
      }
      p = ngx_http_jwkview_json_space(e, end);
      if (p < end && *p == ',') p = ngx_http_jwkview_json_space(p + 1, end);
    }
  } else {
    o = ngx_cpymem(o, p, (size_t)(end - p));
  }
  out->len = (size_t)(o - out->data);
  return NGX_OK;
}

/* ------------------------------------------------------------------------ */
/* Variables. */

static ngx_str_t ngx_http_jwkview_claim_prefix = ngx_string("jwt_claim_");
static ngx_str_t ngx_http_jwkview_header_prefix = ngx_string("jwt_header_");

/* The value of names[0..count) in the accepted token of ctx, copied into
 * the request's pool. */
static ngx_int_t ngx_http_jwkview_lookup(ngx_http_request_t* r, ngx_http_jwkview_ctx_t* ctx,
                                         ngx_uint_t header, ngx_str_t* names, ngx_uint_t count,
                                         ngx_http_variable_value_t* v) {
  u_char *p = NULL, *end = NULL, *dot;
  ngx_str_t text, part;
  jwkview_claim claim;
  ngx_uint_t i;
  ngx_int_t rc;

  v->not_found = 1;
  if (header) {
    if (ctx->header.data == NULL) {
      dot = ngx_strlchr(ctx->token.data, ctx->token.data + ctx->token.len, '.');
      part.data = ctx->token.data;
      part.len = dot != NULL ? (size_t)(dot - part.data) : 0;
      ctx->header.data = ngx_pnalloc(r->pool, ngx_base64_decoded_length(part.len) + 1);
      if (ctx->header.data == NULL) return NGX_ERROR;
      if (ngx_decode_base64url(&ctx->header, &part) != NGX_OK) ctx->header.len = 0;
    }
    p = ngx_http_jwkview_json_member(ctx->header.data, ctx->header.data + ctx->header.len,
                                     &names[0], &end);
    if (p == NULL) return NGX_OK;
  } else {
    if (!jwkview_claims_find(&ctx->claims, (const char*)names[0].data, names[0].len, &claim)) {
      return NGX_OK;
    }
    if (count == 1 && claim.is_string) {
      text.len = claim.text.size;
      text.data = ngx_pnalloc(r->pool, text.len + 1);
      if (text.data == NULL) return NGX_ERROR;
      if (text.len != 0) ngx_memcpy(text.data, claim.text.data, text.len);
      goto found;
    }
    p = (u_char*)claim.json.data;
    end = p + claim.json.size;
  }
  for (i = 1; i < count; i++) {
    p = ngx_http_jwkview_json_member(p, end, &names[i], &end);
    if (p == NULL) return NGX_OK;
  }
  rc = ngx_http_jwkview_json_text(r->pool, p, end, &text);
  if (rc == NGX_DECLINED) return NGX_OK;
  if (rc != NGX_OK) return NGX_ERROR;

found:
  v->data = text.data;
  v->len = text.len;
  v->valid = 1;
  v->no_cacheable = 0;
  v->not_found = 0;
  return NGX_OK;
}

/* A variable the configuration names ($jwt_claim_sub, or one of
 * auth_jwt_claim_set): its value was taken when the token was accepted. */
static ngx_int_t ngx_http_jwkview_value_variable(ngx_http_request_t* r,
                                                 ngx_http_variable_value_t* v, uintptr_t data) {
  ngx_http_jwkview_value_t* value = (ngx_http_jwkview_value_t*)data;
  ngx_http_jwkview_ctx_t* ctx = ngx_http_get_module_ctx(r->main, ngx_http_jwkview_module);
  if (ctx == NULL || ctx->values == NULL) {
    v->not_found = 1;
    return NGX_OK;
  }
  *v = ctx->values[value->index];
  return NGX_OK;
}

/* $jwt_claim_NAME or $jwt_header_NAME looked up by name at run time (SSI,
 * perl): read from the token while the worker's reader still holds it. */
static ngx_int_t ngx_http_jwkview_prefix_variable(ngx_http_request_t* r,
                                                  ngx_http_variable_value_t* v, uintptr_t data,
                                                  ngx_uint_t header) {
  ngx_str_t* name = (ngx_str_t*)data;
  ngx_str_t* prefix = header ? &ngx_http_jwkview_header_prefix : &ngx_http_jwkview_claim_prefix;
  ngx_str_t member;
  ngx_http_jwkview_main_conf_t* mcf = ngx_http_get_module_main_conf(r, ngx_http_jwkview_module);
  ngx_http_jwkview_ctx_t* ctx = ngx_http_get_module_ctx(r->main, ngx_http_jwkview_module);

  v->not_found = 1;
  if (ctx == NULL || !ctx->accepted || ctx->generation != mcf->generation) return NGX_OK;
  member.data = name->data + prefix->len;
  member.len = name->len - prefix->len;
  return ngx_http_jwkview_lookup(r->main, ctx, header, &member, 1, v);
}

static ngx_int_t ngx_http_jwkview_claim_variable(ngx_http_request_t* r,
                                                 ngx_http_variable_value_t* v, uintptr_t data) {
  return ngx_http_jwkview_prefix_variable(r, v, data, 0);
}

static ngx_int_t ngx_http_jwkview_header_variable(ngx_http_request_t* r,
                                                  ngx_http_variable_value_t* v, uintptr_t data) {
  return ngx_http_jwkview_prefix_variable(r, v, data, 1);
}

static ngx_int_t ngx_http_jwkview_preconfiguration(ngx_conf_t* cf) {
  ngx_http_variable_t* v;
  v = ngx_http_add_variable(cf, &ngx_http_jwkview_claim_prefix, NGX_HTTP_VAR_PREFIX);
  if (v == NULL) return NGX_ERROR;
  v->get_handler = ngx_http_jwkview_claim_variable;
  v = ngx_http_add_variable(cf, &ngx_http_jwkview_header_prefix, NGX_HTTP_VAR_PREFIX);
  if (v == NULL) return NGX_ERROR;
  v->get_handler = ngx_http_jwkview_header_variable;
  return NGX_OK;
}

/* The configuration is complete and its variables resolved: each
 * $jwt_claim_NAME and $jwt_header_NAME it uses becomes a value taken when a
 * token is accepted, so it stays right however late it is read. */
static ngx_int_t ngx_http_jwkview_init_module(ngx_cycle_t* cycle) {
  ngx_http_core_main_conf_t* cmcf;
  ngx_http_jwkview_main_conf_t* mcf;
  ngx_http_variable_t* v;
  ngx_http_jwkview_value_t *value, **slot;
  ngx_str_t* prefix;
  ngx_uint_t i;

  if (cycle->conf_ctx[ngx_http_module.index] == NULL) return NGX_OK;
  cmcf = ngx_http_cycle_get_module_main_conf(cycle, ngx_http_core_module);
  mcf = ngx_http_cycle_get_module_main_conf(cycle, ngx_http_jwkview_module);
  v = cmcf->variables.elts;
  for (i = 0; i < cmcf->variables.nelts; i++) {
    if (v[i].get_handler == ngx_http_jwkview_claim_variable) {
      prefix = &ngx_http_jwkview_claim_prefix;
    } else if (v[i].get_handler == ngx_http_jwkview_header_variable) {
      prefix = &ngx_http_jwkview_header_prefix;
    } else {
      continue;
    }
    value = ngx_pcalloc(cycle->pool, sizeof(ngx_http_jwkview_value_t));
    slot = ngx_array_push(&mcf->values);
    if (value == NULL || slot == NULL) return NGX_ERROR;
    value->header = prefix == &ngx_http_jwkview_header_prefix;
    value->names = ngx_palloc(cycle->pool, sizeof(ngx_str_t));
    if (value->names == NULL) return NGX_ERROR;
    value->names[0].data = v[i].name.data + prefix->len;
    value->names[0].len = v[i].name.len - prefix->len;
    value->count = 1;
    value->index = mcf->values.nelts - 1;
    *slot = value;
    v[i].get_handler = ngx_http_jwkview_value_variable;
    v[i].data = (uintptr_t)value;
  }
  return NGX_OK;
}

/* ------------------------------------------------------------------------ */
/* The access phase. */

/* The token: from the auth_jwt token= variable, or the Authorization
 * header's Bearer credentials. NGX_DECLINED when there is none, NGX_ABORT
 * when the header is malformed. */
static ngx_int_t ngx_http_jwkview_token(ngx_http_request_t* r, ngx_http_jwkview_loc_conf_t* alcf,
                                        ngx_str_t* token) {
  u_char *p, *end;
  ngx_table_elt_t* h;

  if (alcf->token != NULL) {
    if (ngx_http_complex_value(r, alcf->token, token) != NGX_OK) return NGX_ERROR;
    return token->len != 0 ? NGX_OK : NGX_DECLINED;
  }
  h = r->headers_in.authorization;
  if (h == NULL) return NGX_DECLINED;
  p = h->value.data;
  end = p + h->value.len;
  /* RFC 6750 §2.1: "Bearer" (any case), one or more spaces, the token. */
  if (end - p < 6 || ngx_strncasecmp(p, (u_char*)"Bearer", 6) != 0) return NGX_DECLINED;
  p += 6;
  if (p < end && *p != ' ') return NGX_DECLINED; /* another scheme */
  while (p < end && *p == ' ') p++;
  while (end > p && end[-1] == ' ') end--;
  /* memchr, not ngx_strlchr: a byte-at-a-time scan of a 1 KB token was a
   * third of the module's own time per request. */
  if (p == end || memchr(p, ' ', (size_t)(end - p)) != NULL) return NGX_ABORT;
  token->data = p;
  token->len = (size_t)(end - p);
  return NGX_OK;
}

/* Appends s as the inside of an RFC 7230 quoted-string. */
static u_char* ngx_http_jwkview_quote(u_char* o, const u_char* s, size_t len) {
  size_t i;
  for (i = 0; i < len; i++) {
    if (s[i] == '"' || s[i] == '\\') *o++ = '\\';
    *o++ = s[i];
  }
  return o;
}

/* Refuses the request with status, and an RFC 6750 WWW-Authenticate header
 * (error NULL: the request had no credentials, §3.1). */
static ngx_int_t ngx_http_jwkview_refuse(ngx_http_request_t* r, ngx_http_jwkview_loc_conf_t* alcf,
                                         ngx_uint_t status, const char* error,
                                         const char* description) {
  ngx_str_t realm;
  ngx_table_elt_t* h;
  size_t len, i, dlen = description != NULL ? ngx_strlen(description) : 0;
  u_char *o, *d;

  if (ngx_http_complex_value(r, alcf->realm, &realm) != NGX_OK) {
    return NGX_HTTP_INTERNAL_SERVER_ERROR;
  }
  len = sizeof("Bearer realm=\"\"") + 2 * realm.len;
  if (error != NULL) {
    len += sizeof(", error=\"\", error_description=\"\"") + ngx_strlen(error) + dlen;
  }
  h = ngx_list_push(&r->headers_out.headers);
  if (h == NULL) return NGX_HTTP_INTERNAL_SERVER_ERROR;
  h->value.data = ngx_pnalloc(r->pool, len);
  if (h->value.data == NULL) return NGX_HTTP_INTERNAL_SERVER_ERROR;
  o = ngx_cpymem(h->value.data, "Bearer realm=\"", sizeof("Bearer realm=\"") - 1);
  o = ngx_http_jwkview_quote(o, realm.data, realm.len);
  *o++ = '"';
  if (error != NULL) {
    o = ngx_sprintf(o, ", error=\"%s\", error_description=\"", error);
    /* RFC 6750 §3: printable ASCII but '"' and '\\'. */
    for (i = 0, d = (u_char*)description; i < dlen; i++) {
      *o++ = (d[i] >= 0x20 && d[i] < 0x7F && d[i] != '"' && d[i] != '\\') ? d[i] : '\'';
    }
    *o++ = '"';
  }
  h->value.len = (size_t)(o - h->value.data);
  h->hash = 1;
  ngx_str_set(&h->key, "WWW-Authenticate");
#if (nginx_version >= 1023000)
  h->next = NULL;
#endif
  r->headers_out.www_authenticate = h;
  return (ngx_int_t)status;
}

static void ngx_http_jwkview_log_refusal(ngx_http_request_t* r, int code, jwkview_error* e) {
  const char* at = e->path[0] != '\0' ? " at " : "";
  if (e->rule != JWKVIEW_RULE_NONE) {
    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                  "auth_jwt: token refused: %s by policy rule %s%s%s: %s", jwkview_error_name(code),
                  jwkview_policy_rule_name(e->rule), at, e->path, e->message);
  } else {
    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0, "auth_jwt: token refused: %s%s%s: %s",
                  jwkview_error_name(code), at, e->path, e->message);
  }
}

static ngx_int_t ngx_http_jwkview_fetched(ngx_http_request_t* sr, void* data, ngx_int_t rc) {
  ngx_http_jwkview_ctx_t* ctx = data;
  ngx_http_jwkview_fetch_t* f = ctx->fetch;
  ngx_http_jwkview_main_conf_t* mcf;
  jwkview_key_set* set;
  jwkview_error e;
  ngx_buf_t* b;
  time_t now, next;

  /* Once, when the subrequest is over. */
  if (f == NULL || rc == NGX_AGAIN) return rc;
  ctx->fetch = NULL;
  ctx->fetching = 0;
  f->fetching--;
  now = ngx_time();
  if (rc == NGX_ERROR || rc >= NGX_HTTP_SPECIAL_RESPONSE || sr->headers_out.status != NGX_HTTP_OK ||
      sr->out == NULL) {
    next = ngx_http_jwkview_schedule_failed(f, now);
    ngx_log_error(NGX_LOG_ERR, sr->connection->log, 0,
                  "auth_jwt_key_request \"%V\" failed (status %ui); keeping the previous keys, "
                  "next attempt in %T s",
                  &f->uri, sr->headers_out.status, next);
    return rc;
  }
  b = sr->out->buf;
  set = jwkview_key_set_build((const char*)b->pos, (size_t)(b->last - b->pos), &f->options, &e);
  if (set == NULL) {
    next = ngx_http_jwkview_schedule_failed(f, now);
    ngx_log_error(NGX_LOG_ERR, sr->connection->log, 0,
                  "auth_jwt_key_request \"%V\" refused (%s%s%s, offset %uz): %s; keeping "
                  "the previous keys, next attempt in %T s",
                  &f->uri, jwkview_error_name(e.code), e.path[0] != '\0' ? " at " : "", e.path,
                  e.offset, e.message, next);
    return rc;
  }
  ngx_http_jwkview_log_refused(sr->connection->log, "auth_jwt_key_request", &f->uri, set);
  jwkview_key_set_free(f->set);
  f->set = set;
  mcf = ngx_http_get_module_main_conf(sr, ngx_http_jwkview_module);
  mcf->generation++;
  next = ngx_http_jwkview_schedule_fetched(f, now, sr);
  ngx_log_error(NGX_LOG_NOTICE, sr->connection->log, 0,
                "auth_jwt_key_request \"%V\": %uz keys, %uz usable; next fetch in %T s", &f->uri,
                jwkview_key_set_size(set), jwkview_key_set_usable(set), next);
  return rc;
}

/* The request ends with its subrequest unfinished (the client went away):
 * the fetch no longer counts as in flight. */
static void ngx_http_jwkview_fetch_cleanup(void* data) {
  ngx_http_jwkview_ctx_t* ctx = data;
  if (ctx->fetch != NULL) {
    ctx->fetch->fetching--;
    ctx->fetch = NULL;
  }
}

/* Fetches f's key set through a subrequest; the handler runs again once it
 * is done. */
static ngx_int_t ngx_http_jwkview_fetch(ngx_http_request_t* r, ngx_http_jwkview_ctx_t* ctx,
                                        ngx_http_jwkview_fetch_t* f) {
  ngx_http_post_subrequest_t* ps;
  ngx_http_request_t* sr;
  ngx_pool_cleanup_t* cln;

  ps = ngx_palloc(r->pool, sizeof(ngx_http_post_subrequest_t));
  cln = ngx_pool_cleanup_add(r->pool, 0);
  if (ps == NULL || cln == NULL) return NGX_ERROR;
  cln->handler = ngx_http_jwkview_fetch_cleanup;
  cln->data = ctx;
  ps->handler = ngx_http_jwkview_fetched;
  ps->data = ctx;
  if (ngx_http_subrequest(r, &f->uri, f->args.len != 0 ? &f->args : NULL, &sr, ps,
                          NGX_HTTP_SUBREQUEST_IN_MEMORY | NGX_HTTP_SUBREQUEST_WAITED) != NGX_OK) {
    return NGX_ERROR;
  }
  /* A GET without the client's body, whatever the request was. */
  sr->method = NGX_HTTP_GET;
  sr->method_name = ngx_http_core_get_method;
  sr->request_body = NULL;
  sr->headers_in.content_length_n = -1;
  sr->headers_in.content_length = NULL;
  sr->headers_in.chunked = 0;
  ctx->fetch = f;
  ctx->fetching = 1;
  ctx->fetched = 1;
  f->fetching++;
  return NGX_AGAIN;
}

static ngx_uint_t ngx_http_jwkview_rank(int code) {
  return code == JWKVIEW_BAD_SIGNATURE ? 3 : code == JWKVIEW_KEY_REFUSED ? 2 : 1;
}

/* Validates the token against each key set of the location: the first that
 * knows its kid decides, unless its keys are refused or fail to verify it
 * (then the next set may hold another key of that kid). */
static int ngx_http_jwkview_validate(ngx_http_request_t* r, ngx_http_jwkview_loc_conf_t* alcf,
                                     ngx_http_jwkview_ctx_t* ctx, time_t now, jwkview_error* err) {
  ngx_http_jwkview_main_conf_t* mcf = ngx_http_get_module_main_conf(r, ngx_http_jwkview_module);
  ngx_http_jwkview_file_t** files = alcf->files != NULL ? alcf->files->elts : NULL;
  ngx_http_jwkview_fetch_t** fetches = alcf->fetches != NULL ? alcf->fetches->elts : NULL;
  ngx_uint_t nfiles = files != NULL ? alcf->files->nelts : 0;
  ngx_uint_t n = nfiles + (fetches != NULL ? alcf->fetches->nelts : 0);
  ngx_uint_t i;
  jwkview_key_set* set;
  jwkview_error e;
  int code, best = JWKVIEW_OK;

  for (i = 0; i < n; i++) {
    set = i < nfiles ? files[i]->set : fetches[i - nfiles]->set;
    if (set == NULL) continue;
    mcf->generation++;
    code = jwkview_validate(set, (const char*)ctx->token.data, ctx->token.len, &alcf->rules,
                            (int64_t)now, mcf->reader, &ctx->claims, &e);
    if (code == JWKVIEW_OK) {
      ctx->generation = mcf->generation;
      return code;
    }
    if (code != JWKVIEW_UNKNOWN_KEY && code != JWKVIEW_KEY_REFUSED &&
        code != JWKVIEW_BAD_SIGNATURE) {
      *err = e;
      return code;
    }
    if (best == JWKVIEW_OK || ngx_http_jwkview_rank(code) > ngx_http_jwkview_rank(best)) {
      best = code;
      *err = e;
    }
  }
  if (best == JWKVIEW_OK) {
    ngx_memzero(err, sizeof(jwkview_error));
    err->code = JWKVIEW_UNKNOWN_KEY;
    ngx_cpystrn((u_char*)err->message,
                (u_char*)"no key set: none is configured here, or auth_jwt_key_request has "
                         "not fetched one (its errors are logged)",
                JWKVIEW_ERROR_MESSAGE_CAPACITY);
    best = JWKVIEW_UNKNOWN_KEY;
  }
  return best;
}

static ngx_int_t ngx_http_jwkview_handler(ngx_http_request_t* r) {
  ngx_http_jwkview_loc_conf_t* alcf = ngx_http_get_module_loc_conf(r, ngx_http_jwkview_module);
  ngx_http_jwkview_main_conf_t* mcf;
  ngx_http_jwkview_ctx_t* ctx;
  ngx_http_jwkview_fetch_t** fetches;
  ngx_http_jwkview_value_t** values;
  ngx_http_jwkview_require_t* req;
  jwkview_error e;
  ngx_str_t value;
  ngx_uint_t i;
  ngx_int_t rc;
  time_t now;
  int code;

  if (alcf->realm == NULL) return NGX_DECLINED;
  ctx = ngx_http_get_module_ctx(r, ngx_http_jwkview_module);
  if (ctx == NULL) {
    ctx = ngx_pcalloc(r->pool, sizeof(ngx_http_jwkview_ctx_t));
    if (ctx == NULL) return NGX_ERROR;
    ngx_http_set_ctx(r, ctx, ngx_http_jwkview_module);
    rc = ngx_http_jwkview_token(r, alcf, &ctx->token);
    if (rc == NGX_ERROR) return NGX_HTTP_INTERNAL_SERVER_ERROR;
    if (rc == NGX_DECLINED) {
      ngx_log_error(NGX_LOG_INFO, r->connection->log, 0, "auth_jwt: no bearer token");
      return ngx_http_jwkview_refuse(r, alcf, NGX_HTTP_UNAUTHORIZED, NULL, NULL);
    }
    if (rc == NGX_ABORT) {
      ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                    "auth_jwt: malformed Authorization header (Bearer without one token)");
      return ngx_http_jwkview_refuse(r, alcf, NGX_HTTP_UNAUTHORIZED, "invalid_token",
                                     "malformed Authorization header");
    }
  } else if (ctx->fetching) {
    return NGX_AGAIN;
  }

  now = ngx_time();
  fetches = alcf->fetches != NULL ? alcf->fetches->elts : NULL;
  if (fetches != NULL && !ctx->fetched) {
    for (i = 0; i < alcf->fetches->nelts; i++) {
      /* Due: fetch now, unless another request is fetching a set that
       * exists (requests meanwhile use the one they have). */
      if (now >= fetches[i]->next_fetch && (fetches[i]->set == NULL || fetches[i]->fetching == 0)) {
        return ngx_http_jwkview_fetch(r, ctx, fetches[i]);
      }
    }
  }

  code = ngx_http_jwkview_validate(r, alcf, ctx, now, &e);
  if (code == JWKVIEW_UNKNOWN_KEY && fetches != NULL && !ctx->refetched) {
    for (i = 0; i < alcf->fetches->nelts; i++) {
      if (ngx_http_jwkview_schedule_unknown_kid(fetches[i], now)) {
        ctx->refetched = 1;
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "auth_jwt: unknown kid; fetching auth_jwt_key_request \"%V\" early",
                      &fetches[i]->uri);
        return ngx_http_jwkview_fetch(r, ctx, fetches[i]);
      }
    }
  }
  if (code != JWKVIEW_OK) {
    ngx_http_jwkview_log_refusal(r, code, &e);
    return ngx_http_jwkview_refuse(r, alcf, NGX_HTTP_UNAUTHORIZED, "invalid_token",
                                   jwkview_error_message(code));
  }
  if (alcf->algorithm_mask != 0 &&
      (ngx_http_jwkview_algorithm_bit((const u_char*)ctx->claims.alg.data, ctx->claims.alg.size) &
       alcf->algorithm_mask) == 0) {
    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                  "auth_jwt: token refused: key_refused by policy rule %s at /header/alg: %*s "
                  "is not in auth_jwt_algorithms",
                  jwkview_policy_rule_name(JWKVIEW_RULE_ALGORITHM_NOT_ALLOWED),
                  ctx->claims.alg.size, ctx->claims.alg.data);
    return ngx_http_jwkview_refuse(r, alcf, NGX_HTTP_UNAUTHORIZED, "invalid_token",
                                   "the token's algorithm is not allowed");
  }

  ctx->accepted = 1;
  mcf = ngx_http_get_module_main_conf(r, ngx_http_jwkview_module);
  if (mcf->values.nelts != 0) {
    ctx->values = ngx_pcalloc(r->pool, mcf->values.nelts * sizeof(ngx_http_variable_value_t));
    if (ctx->values == NULL) return NGX_ERROR;
    values = mcf->values.elts;
    for (i = 0; i < mcf->values.nelts; i++) {
      if (ngx_http_jwkview_lookup(r, ctx, values[i]->header, values[i]->names, values[i]->count,
                                  &ctx->values[i]) != NGX_OK) {
        return NGX_ERROR;
      }
    }
  }

  if (alcf->requires != NULL) {
    req = alcf->requires->elts;
    for (i = 0; i < alcf->requires->nelts; i++) {
      if (ngx_http_complex_value(r, req[i].value, &value) != NGX_OK) return NGX_ERROR;
      if (value.len == 0 || (value.len == 1 && value.data[0] == '0')) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "auth_jwt: token refused by auth_jwt_require \"%V\" (%s): %ui",
                      &req[i].value->value, value.len == 0 ? "empty" : "0", req[i].status);
        return req[i].status == NGX_HTTP_FORBIDDEN
                   ? ngx_http_jwkview_refuse(r, alcf, NGX_HTTP_FORBIDDEN, "insufficient_scope",
                                             "the token does not grant access to this resource")
                   : ngx_http_jwkview_refuse(r, alcf, NGX_HTTP_UNAUTHORIZED, "invalid_token",
                                             "the token does not satisfy auth_jwt_require");
      }
    }
  }
  return NGX_OK;
}

/* ------------------------------------------------------------------------ */
/* Configuration. */

static void* ngx_http_jwkview_create_main_conf(ngx_conf_t* cf) {
  ngx_http_jwkview_main_conf_t* mcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_jwkview_main_conf_t));
  if (mcf == NULL) return NULL;
  if (ngx_array_init(&mcf->files, cf->pool, 4, sizeof(ngx_http_jwkview_file_t*)) != NGX_OK ||
      ngx_array_init(&mcf->fetches, cf->pool, 4, sizeof(ngx_http_jwkview_fetch_t*)) != NGX_OK ||
      ngx_array_init(&mcf->values, cf->pool, 8, sizeof(ngx_http_jwkview_value_t*)) != NGX_OK) {
    return NULL;
  }
  return mcf;
}

static void* ngx_http_jwkview_create_loc_conf(ngx_conf_t* cf) {
  ngx_http_jwkview_loc_conf_t* conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_jwkview_loc_conf_t));
  if (conf == NULL) return NULL;
  conf->realm = NGX_CONF_UNSET_PTR;
  conf->token = NGX_CONF_UNSET_PTR;
  conf->key_files = NGX_CONF_UNSET_PTR;
  conf->key_requests = NGX_CONF_UNSET_PTR;
  conf->key_cache = NGX_CONF_UNSET;
  conf->key_interval = NGX_CONF_UNSET;
  conf->leeway = NGX_CONF_UNSET;
  conf->requires = NGX_CONF_UNSET_PTR;
  conf->audiences = NGX_CONF_UNSET_PTR;
  conf->algorithms = NGX_CONF_UNSET_PTR;
  conf->min_rsa_bits = NGX_CONF_UNSET;
  return conf;
}

static char* ngx_http_jwkview_merge_loc_conf(ngx_conf_t* cf, void* parent, void* child) {
  ngx_http_jwkview_loc_conf_t* prev = parent;
  ngx_http_jwkview_loc_conf_t* conf = child;
  ngx_http_jwkview_main_conf_t* mcf;
  ngx_str_t *paths, *names;
  void** slot;
  ngx_uint_t i, trusted;

  if (conf->realm == NGX_CONF_UNSET_PTR) {
    conf->realm = prev->realm == NGX_CONF_UNSET_PTR ? NULL : prev->realm;
    conf->token = prev->token == NGX_CONF_UNSET_PTR ? NULL : prev->token;
  }
  ngx_conf_merge_ptr_value(conf->key_files, prev->key_files, NULL);
  ngx_conf_merge_ptr_value(conf->key_requests, prev->key_requests, NULL);
  ngx_conf_merge_sec_value(conf->key_cache, prev->key_cache, 0);
  ngx_conf_merge_sec_value(conf->key_interval, prev->key_interval, 60);
  ngx_conf_merge_sec_value(conf->leeway, prev->leeway, 0);
  ngx_conf_merge_ptr_value(conf->requires, prev->requires, NULL);
  ngx_conf_merge_str_value(conf->issuer, prev->issuer, "");
  ngx_conf_merge_ptr_value(conf->audiences, prev->audiences, NULL);
  ngx_conf_merge_ptr_value(conf->algorithms, prev->algorithms, NULL);
  ngx_conf_merge_value(conf->min_rsa_bits, prev->min_rsa_bits, 2048);

  conf->algorithm_mask = 0;
  if (conf->algorithms != NULL) {
    names = conf->algorithms->elts;
    for (i = 0; i < conf->algorithms->nelts; i++) {
      conf->algorithm_mask |= ngx_http_jwkview_algorithm_bit(names[i].data, names[i].len);
    }
  }
  jwkview_rules_init(&conf->rules);
  conf->rules.leeway_seconds = (int64_t)conf->leeway;
  conf->rules.issuer = conf->issuer.len != 0 ? (const char*)conf->issuer.data : NULL;
  if (conf->audiences != NULL) {
    names = conf->audiences->elts;
    for (i = 0; i < conf->audiences->nelts; i++) {
      conf->audience_list[i] = (const char*)names[i].data;
    }
    conf->rules.audiences = conf->audience_list;
    conf->rules.audience_count = conf->audiences->nelts;
  }

  /* The key sets, for the levels where auth_jwt is on. */
  conf->files = NULL;
  conf->fetches = NULL;
  if (conf->realm == NULL) return NGX_CONF_OK;
  mcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_jwkview_module);
  /* HS* keys only when the allow-list lets them through. */
  trusted = conf->algorithm_mask == 0 || (conf->algorithm_mask & NGX_HTTP_JWKVIEW_HMAC_MASK) != 0;
  if (conf->key_files != NULL) {
    conf->files = ngx_array_create(cf->pool, conf->key_files->nelts, sizeof(void*));
    if (conf->files == NULL) return NGX_CONF_ERROR;
    paths = conf->key_files->elts;
    for (i = 0; i < conf->key_files->nelts; i++) {
      slot = ngx_array_push(conf->files);
      if (slot == NULL) return NGX_CONF_ERROR;
      *slot = ngx_http_jwkview_add_file(cf, mcf, &paths[i], (size_t)conf->min_rsa_bits, trusted);
      if (*slot == NULL) return NGX_CONF_ERROR;
    }
  }
  if (conf->key_requests != NULL) {
    conf->fetches = ngx_array_create(cf->pool, conf->key_requests->nelts, sizeof(void*));
    if (conf->fetches == NULL) return NGX_CONF_ERROR;
    paths = conf->key_requests->elts;
    for (i = 0; i < conf->key_requests->nelts; i++) {
      slot = ngx_array_push(conf->fetches);
      if (slot == NULL) return NGX_CONF_ERROR;
      *slot = ngx_http_jwkview_add_fetch(cf, mcf, &paths[i], conf);
      if (*slot == NULL) return NGX_CONF_ERROR;
    }
  }
  return NGX_CONF_OK;
}

/* auth_jwt string [token=$variable] | off; */
static char* ngx_http_jwkview_auth_jwt(ngx_conf_t* cf, ngx_command_t* cmd, void* conf) {
  ngx_http_jwkview_loc_conf_t* alcf = conf;
  ngx_str_t* value = cf->args->elts;
  ngx_http_compile_complex_value_t ccv;
  ngx_str_t token;

  if (alcf->realm != NGX_CONF_UNSET_PTR) return "is duplicate";
  alcf->token = NULL;
  if (cf->args->nelts == 2 && value[1].len == 3 && ngx_strcmp(value[1].data, "off") == 0) {
    alcf->realm = NULL;
    return NGX_CONF_OK;
  }
  alcf->realm = ngx_palloc(cf->pool, sizeof(ngx_http_complex_value_t));
  if (alcf->realm == NULL) return NGX_CONF_ERROR;
  ngx_memzero(&ccv, sizeof(ngx_http_compile_complex_value_t));
  ccv.cf = cf;
  ccv.value = &value[1];
  ccv.complex_value = alcf->realm;
  if (ngx_http_compile_complex_value(&ccv) != NGX_OK) return NGX_CONF_ERROR;
  if (cf->args->nelts == 3) {
    if (value[2].len <= 6 || ngx_strncmp(value[2].data, "token=", 6) != 0) {
      ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid parameter \"%V\": expected token=$variable",
                         &value[2]);
      return NGX_CONF_ERROR;
    }
    token.data = value[2].data + 6;
    token.len = value[2].len - 6;
    if (token.data[0] != '$') {
      ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "\"token=\" needs a variable, not \"%V\"", &token);
      return NGX_CONF_ERROR;
    }
    alcf->token = ngx_palloc(cf->pool, sizeof(ngx_http_complex_value_t));
    if (alcf->token == NULL) return NGX_CONF_ERROR;
    ngx_memzero(&ccv, sizeof(ngx_http_compile_complex_value_t));
    ccv.cf = cf;
    ccv.value = &token;
    ccv.complex_value = alcf->token;
    if (ngx_http_compile_complex_value(&ccv) != NGX_OK) return NGX_CONF_ERROR;
  }
  return NGX_CONF_OK;
}

static ngx_str_t* ngx_http_jwkview_push(ngx_conf_t* cf, ngx_array_t** array) {
  if (*array == NGX_CONF_UNSET_PTR || *array == NULL) {
    *array = ngx_array_create(cf->pool, 4, sizeof(ngx_str_t));
    if (*array == NULL) return NULL;
  }
  return ngx_array_push(*array);
}

/* auth_jwt_key_file file; (several allowed) */
static char* ngx_http_jwkview_key_file(ngx_conf_t* cf, ngx_command_t* cmd, void* conf) {
  ngx_http_jwkview_loc_conf_t* alcf = conf;
  ngx_str_t* value = cf->args->elts;
  ngx_str_t* path;

  if (value[1].len == 0) return "needs a file name";
  if (ngx_conf_full_name(cf->cycle, &value[1], 1) != NGX_OK) return NGX_CONF_ERROR;
  path = ngx_http_jwkview_push(cf, &alcf->key_files);
  if (path == NULL) return NGX_CONF_ERROR;
  *path = value[1];
  return NGX_CONF_OK;
}

/* auth_jwt_key_request uri; (several allowed) */
static char* ngx_http_jwkview_key_request(ngx_conf_t* cf, ngx_command_t* cmd, void* conf) {
  ngx_http_jwkview_loc_conf_t* alcf = conf;
  ngx_str_t* value = cf->args->elts;
  ngx_str_t* uri;

  if (value[1].len == 0 || value[1].data[0] != '/') {
    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "auth_jwt_key_request needs a local URI (\"/jwks\"), not \"%V\"", &value[1]);
    return NGX_CONF_ERROR;
  }
  uri = ngx_http_jwkview_push(cf, &alcf->key_requests);
  if (uri == NULL) return NGX_CONF_ERROR;
  *uri = value[1];
  return NGX_CONF_OK;
}

/* auth_jwt_type signed; */
static char* ngx_http_jwkview_type(ngx_conf_t* cf, ngx_command_t* cmd, void* conf) {
  ngx_http_jwkview_loc_conf_t* alcf = conf;
  ngx_str_t* value = cf->args->elts;

  if (alcf->type_set) return "is duplicate";
  alcf->type_set = 1;
  if (ngx_strcmp(value[1].data, "signed") == 0) return NGX_CONF_OK;
  if (ngx_strcmp(value[1].data, "encrypted") == 0 || ngx_strcmp(value[1].data, "nested") == 0) {
    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "auth_jwt_type \"%V\" is not supported: this module verifies signed tokens "
                       "(JWS) only; JWE is out of its scope",
                       &value[1]);
    return NGX_CONF_ERROR;
  }
  ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid auth_jwt_type \"%V\": expected \"signed\"",
                     &value[1]);
  return NGX_CONF_ERROR;
}

/* auth_jwt_require $value ... [error=401|403]; */
static char* ngx_http_jwkview_require(ngx_conf_t* cf, ngx_command_t* cmd, void* conf) {
  ngx_http_jwkview_loc_conf_t* alcf = conf;
  ngx_str_t* value = cf->args->elts;
  ngx_uint_t i, n = cf->args->nelts, status = NGX_HTTP_UNAUTHORIZED;
  ngx_http_compile_complex_value_t ccv;
  ngx_http_jwkview_require_t* req;

  if (value[n - 1].len > 6 && ngx_strncmp(value[n - 1].data, "error=", 6) == 0) {
    if (ngx_strcmp(value[n - 1].data + 6, "401") == 0) {
      status = NGX_HTTP_UNAUTHORIZED;
    } else if (ngx_strcmp(value[n - 1].data + 6, "403") == 0) {
      status = NGX_HTTP_FORBIDDEN;
    } else {
      ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid \"%V\": expected error=401 or error=403",
                         &value[n - 1]);
      return NGX_CONF_ERROR;
    }
    n--;
  }
  if (n < 2) return "needs a value to check";
  if (alcf->requires == NGX_CONF_UNSET_PTR) {
    alcf->requires = ngx_array_create(cf->pool, 2, sizeof(ngx_http_jwkview_require_t));
    if (alcf->requires == NULL) return NGX_CONF_ERROR;
  }
  for (i = 1; i < n; i++) {
    if (value[i].data[0] != '$') {
      ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "auth_jwt_require \"%V\" must start with a variable",
                         &value[i]);
      return NGX_CONF_ERROR;
    }
    req = ngx_array_push(alcf->requires);
    if (req == NULL) return NGX_CONF_ERROR;
    req->status = status;
    req->value = ngx_palloc(cf->pool, sizeof(ngx_http_complex_value_t));
    if (req->value == NULL) return NGX_CONF_ERROR;
    ngx_memzero(&ccv, sizeof(ngx_http_compile_complex_value_t));
    ccv.cf = cf;
    ccv.value = &value[i];
    ccv.complex_value = req->value;
    if (ngx_http_compile_complex_value(&ccv) != NGX_OK) return NGX_CONF_ERROR;
  }
  return NGX_CONF_OK;
}

/* auth_jwt_claim_set $variable name ...; auth_jwt_header_set $variable name ...; */
static char* ngx_http_jwkview_value_set(ngx_conf_t* cf, ngx_command_t* cmd, void* conf) {
  ngx_http_jwkview_main_conf_t* mcf = conf;
  ngx_str_t* value = cf->args->elts;
  ngx_http_jwkview_value_t *jv, **slot;
  ngx_http_variable_t* v;
  ngx_uint_t i;

  if (value[1].len < 2 || value[1].data[0] != '$') {
    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid variable name \"%V\"", &value[1]);
    return NGX_CONF_ERROR;
  }
  value[1].len--;
  value[1].data++;
  v = ngx_http_add_variable(cf, &value[1], NGX_HTTP_VAR_CHANGEABLE);
  jv = ngx_pcalloc(cf->pool, sizeof(ngx_http_jwkview_value_t));
  slot = ngx_array_push(&mcf->values);
  if (v == NULL || jv == NULL || slot == NULL) return NGX_CONF_ERROR;
  jv->header = cmd->offset;
  jv->count = cf->args->nelts - 2;
  jv->names = ngx_palloc(cf->pool, jv->count * sizeof(ngx_str_t));
  if (jv->names == NULL) return NGX_CONF_ERROR;
  for (i = 0; i < jv->count; i++) jv->names[i] = value[i + 2];
  jv->index = mcf->values.nelts - 1;
  *slot = jv;
  v->get_handler = ngx_http_jwkview_value_variable;
  v->data = (uintptr_t)jv;
  return NGX_CONF_OK;
}

/* auth_jwt_audience value ...; (at most JWKVIEW_MAX_RULE_STRINGS in all) */
static char* ngx_http_jwkview_strings(ngx_conf_t* cf, ngx_command_t* cmd, void* conf) {
  ngx_array_t** array = (ngx_array_t**)((char*)conf + cmd->offset);
  ngx_str_t* value = cf->args->elts;
  ngx_str_t* s;
  ngx_uint_t i;

  for (i = 1; i < cf->args->nelts; i++) {
    if (*array != NGX_CONF_UNSET_PTR && (*array)->nelts >= JWKVIEW_MAX_RULE_STRINGS) {
      ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "\"%V\" takes at most %d values", &cmd->name,
                         JWKVIEW_MAX_RULE_STRINGS);
      return NGX_CONF_ERROR;
    }
    s = ngx_http_jwkview_push(cf, array);
    if (s == NULL) return NGX_CONF_ERROR;
    *s = value[i]; /* the configuration's words end with a NUL */
  }
  return NGX_CONF_OK;
}

/* auth_jwt_algorithms alg ...; */
static char* ngx_http_jwkview_algorithms(ngx_conf_t* cf, ngx_command_t* cmd, void* conf) {
  ngx_http_jwkview_loc_conf_t* alcf = conf;
  ngx_str_t* value = cf->args->elts;
  ngx_str_t* s;
  ngx_uint_t i;

  if (alcf->algorithms != NGX_CONF_UNSET_PTR) return "is duplicate";
  for (i = 1; i < cf->args->nelts; i++) {
    if (ngx_http_jwkview_algorithm_bit(value[i].data, value[i].len) == 0) {
      ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                         "auth_jwt_algorithms: \"%V\" is not a signature algorithm jwkview "
                         "verifies (RS256/384/512, PS256/384/512, ES256/384/512, EdDSA, Ed25519, "
                         "Ed448, HS256/384/512)",
                         &value[i]);
      return NGX_CONF_ERROR;
    }
    s = ngx_http_jwkview_push(cf, &alcf->algorithms);
    if (s == NULL) return NGX_CONF_ERROR;
    *s = value[i];
  }
  return NGX_CONF_OK;
}

static char* ngx_http_jwkview_at_least_one_second(ngx_conf_t* cf, void* post, void* data) {
  time_t* t = data;
  if (*t < 1) return "must be at least 1s";
  return NGX_CONF_OK;
}

static ngx_int_t ngx_http_jwkview_postconfiguration(ngx_conf_t* cf) {
  ngx_http_core_main_conf_t* cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);
  ngx_http_handler_pt* h = ngx_array_push(&cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers);
  if (h == NULL) return NGX_ERROR;
  *h = ngx_http_jwkview_handler;
  return NGX_OK;
}

/* ------------------------------------------------------------------------ */
/* Workers. */

static ngx_int_t ngx_http_jwkview_init_process(ngx_cycle_t* cycle) {
  ngx_http_jwkview_main_conf_t* mcf;

  if (cycle->conf_ctx[ngx_http_module.index] == NULL) return NGX_OK;
  mcf = ngx_http_cycle_get_module_main_conf(cycle, ngx_http_jwkview_module);
  if (mcf == NULL || (mcf->files.nelts == 0 && mcf->fetches.nelts == 0)) return NGX_OK;
  mcf->reader = jwkview_reader_new();
  if (mcf->reader == NULL) return NGX_ERROR;
  if (mcf->files.nelts != 0) {
    mcf->watch.handler = ngx_http_jwkview_watch;
    mcf->watch.data = mcf;
    mcf->watch.log = cycle->log;
    mcf->watch.cancelable = 1;
    ngx_add_timer(&mcf->watch, NGX_HTTP_JWKVIEW_WATCH_MS);
  }
  return NGX_OK;
}

static void ngx_http_jwkview_exit_process(ngx_cycle_t* cycle) {
  ngx_http_jwkview_main_conf_t* mcf;

  if (cycle->conf_ctx[ngx_http_module.index] == NULL) return;
  mcf = ngx_http_cycle_get_module_main_conf(cycle, ngx_http_jwkview_module);
  if (mcf == NULL) return;
  jwkview_reader_free(mcf->reader);
  mcf->reader = NULL;
}
