#pragma once

#include "connectors/postgresuri.h"
#include "connectors/redisuri.h"
#include "connectors/zookeeperuri.h"

#include <QString>
#include <string>

namespace lockscope {

/// Where LockScope keeps its state on the three servers. Everything is derived from one
/// namespace name so that tests and parallel demo runs can isolate themselves:
///   Redis keys   <ns>:lock:{<resource>}, <ns>:fence:{<resource>}, <ns>:handoff:{<resource>},
///                item:{<id>}:stock / item:{<id>}:fence (prefixed "<ns>:" unless ns is "lockscope")
///   ZooKeeper    /<ns>/locks/<resource>/..., /<ns>/inventory/item_<id>/{stock,fence}
///                (/inventory/... for the default namespace)
///   PostgreSQL   schema <ns> (tables items, orders, row_locks, advisory_keys, leases)
struct NamespaceConfig {
    RedisUri redis;
    ZooKeeperUri zookeeper;
    PostgresUri postgres;
    std::string ns = "lockscope";
    /// Read-only mode: every write (stock, purchases, demo runs, locks, force-release) is
    /// refused in core, whatever the caller (CLI --read-only / LOCKSCOPE_READ_ONLY=1, console).
    bool readOnly = false;
    /// Redlock's independent servers (the `redlock` strategy); empty when none are configured.
    QList<RedisUri> redlock = {};

    /// Empty when name is a valid namespace: a lower-case identifier ([a-z_][a-z0-9_]*, at most
    /// 63 characters, nothing after it, not even a newline), so that it is safe as a PostgreSQL
    /// schema, a Redis key prefix and a znode name alike, and not a reserved or system schema
    /// (pg_*, information_schema, public); otherwise why it is not, for the operator. The one
    /// validator of the CLI's --ns and the console's profiles and --ns.
    static QString nameError(const std::string& name);
    /// Throws std::invalid_argument with nameError() when ns is not valid. Every name derived
    /// below checks it, so no key, node or statement is ever built from an invalid namespace.
    void requireValid() const;
    /// Throws ReadOnlyRefusal naming `action` in read-only mode; call before any write.
    void requireWritable(const QString& action) const;

    bool isDefault() const { return ns == "lockscope"; }
    std::string redisPrefix() const { return checked() + ":"; }
    std::string redisItemPrefix() const { return isDefault() ? std::string() : checked() + ":"; }
    std::string zkLockRoot() const { return "/" + checked() + "/locks"; }
    std::string zkInventoryRoot() const {
        return isDefault() ? "/inventory" : "/" + checked() + "/inventory";
    }
    /// The schema name, a validated identifier: spliced into SQL only after this check.
    std::string pgSchema() const { return checked(); }

private:
    const std::string& checked() const {
        requireValid();
        return ns;
    }
};

} // namespace lockscope
