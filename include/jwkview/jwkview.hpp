// jwkview: strict, allocation-free parsing of JSON Web Keys and JWK Sets.
#pragma once

#include "jwkview/compare.hpp"
#include "jwkview/base64url.hpp"
#include "jwkview/error.hpp"
#include "jwkview/jwt.hpp"
#include "jwkview/key.hpp"
#include "jwkview/key_index.hpp"
#include "jwkview/key_policy.hpp"
#include "jwkview/material.hpp"
#include "jwkview/options.hpp"
#include "jwkview/owned_key.hpp"
#include "jwkview/parser.hpp"
#include "jwkview/refresh_schedule.hpp"
#include "jwkview/stream.hpp"
#include "jwkview/write.hpp"
