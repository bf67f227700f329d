#pragma once

#include <QFlags>
#include <QStringList>

namespace lockscope {

/// What the monitor concluded about a lock. Typed inside; names only at the edges.
enum class LockFlag : unsigned {
    Stale = 1u << 0,             ///< should not be there any more (see docs/LOCKS.md per kind)
    Orphaned = 1u << 1,          ///< the holder's process on this host is gone
    Blocking = 1u << 2,          ///< someone waits behind it (the holder's side: "blocking N")
    Foreign = 1u << 3,           ///< taken by another program than LockScope
    NoExpiry = 1u << 4,          ///< no lease: lives until released (or its session ends)
    IdleInTransaction = 1u << 5, ///< PostgreSQL holder idle in an open transaction
    Waiting = 1u << 6,           ///< the holder itself waits for another lock (PostgreSQL)
};
Q_DECLARE_FLAGS(LockFlags, LockFlag)
Q_DECLARE_OPERATORS_FOR_FLAGS(LockFlags)

/// "stale", "orphaned", "blocking", "foreign", "no-expiry", "idle-in-transaction", "waiting".
QString lockFlagName(LockFlag flag);
/// The names of the set flags, in declaration order.
QStringList lockFlagNames(LockFlags flags);
/// Every flag, in declaration order.
const std::initializer_list<LockFlag>& allLockFlags();

} // namespace lockscope
