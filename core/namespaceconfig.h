#pragma once

#include "connectors/postgresuri.h"
#include "connectors/redisuri.h"
#include "connectors/zookeeperuri.h"

#include <string>

namespace lockscope {

/// Where LockScope keeps its state on the three servers. Everything is derived from one
/// namespace name so that tests and parallel demo runs can isolate themselves:
///   Redis keys   <ns>:lock:{<resource>}, <ns>:fence:{<resource>}, <ns>:handoff:{<resource>},
///                item:<id>:stock / item:<id>:fence (prefixed "<ns>:" unless ns is "lockscope")
///   ZooKeeper    /<ns>/locks/<resource>/..., /<ns>/inventory/item_<id>/{stock,fence}
///                (/inventory/... for the default namespace)
///   PostgreSQL   schema <ns> (tables items, orders, row_locks, advisory_keys, leases)
struct NamespaceConfig {
    RedisUri redis;
    ZooKeeperUri zookeeper;
    PostgresUri postgres;
    std::string ns = "lockscope";

    bool isDefault() const { return ns == "lockscope"; }
    std::string redisPrefix() const { return ns + ":"; }
    std::string redisItemPrefix() const { return isDefault() ? std::string() : ns + ":"; }
    std::string zkLockRoot() const { return "/" + ns + "/locks"; }
    std::string zkInventoryRoot() const {
        return isDefault() ? "/inventory" : "/" + ns + "/inventory";
    }
    std::string pgSchema() const { return ns; }
};

} // namespace lockscope
