#pragma once

#include "connectors/hostport.h"

#include <QList>
#include <chrono>

namespace lockscope {

/// A process-wide memory of the endpoints (sentinels, Cluster seeds, ZooKeeper members) that
/// recently did not answer, so that later connections in the same process try them last: a
/// frozen first sentinel or seed costs its short timeout once, not on every new connection.
/// A failure is remembered for kRemember, or until the endpoint answers again. Thread-safe
/// (one mutex); nothing here does I/O.
class EndpointMemory {
public:
    static constexpr std::chrono::seconds kRemember{30};

    /// endpoint did not answer (refused, timed out, lost).
    static void failed(const HostPort& endpoint);
    /// endpoint answered: it is no longer tried last.
    static void answered(const HostPort& endpoint);
    static bool recentlyFailed(const HostPort& endpoint);
    /// candidates in their order, those that failed within kRemember moved to the end (the
    /// oldest failure first); duplicates (same host:port) dropped.
    static QList<HostPort> ordered(const QList<HostPort>& candidates);
    /// Forgets every failure (tests).
    static void forgetAll();
};

} // namespace lockscope
