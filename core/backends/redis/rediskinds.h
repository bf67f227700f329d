#pragma once

#include "core/backends/lockkind.h"

namespace lockscope::rediskinds {

inline constexpr LockKind::Info kKeyInfo{
    "redis-key", Backend::Redis,
    QT_TRANSLATE_NOOP("LockKind",
                      "A Redis string key taken with SET NX (LockScope, redis-py, plain SET NX)")};
inline constexpr LockKind::Info kRedissonInfo{
    "redisson-hash", Backend::Redis,
    QT_TRANSLATE_NOOP(
        "LockKind",
        "A Redisson lock: a hash whose one field <uuid>:<thread> counts re-entrant holds")};

inline constexpr LockKind kKey{&kKeyInfo};
inline constexpr LockKind kRedisson{&kRedissonInfo};

} // namespace lockscope::rediskinds
