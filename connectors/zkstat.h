#pragma once

#include <cstdint>
#include <string>

namespace lockscope {

/// The fields of a ZooKeeper Stat that LockScope uses.
struct ZkStat {
    int64_t czxid = 0;
    int64_t mzxid = 0;
    int64_t ctimeMs = 0; ///< creation time, ms since the epoch
    int64_t mtimeMs = 0;
    int32_t version = 0;
    int32_t cversion = 0;
    int64_t ephemeralOwner = 0; ///< session id of the owner, 0 for persistent nodes
    int32_t dataLength = 0;
    int32_t numChildren = 0;
};

/// A node's data and stat.
struct ZkNode {
    std::string data;
    ZkStat stat;
};

/// A watch or session event delivered to a listener.
struct ZkEvent {
    enum class Type { Created, Deleted, Changed, Child, Session, NotWatching };
    Type type = Type::Session;
    std::string path;
};

} // namespace lockscope
