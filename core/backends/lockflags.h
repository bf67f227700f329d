#pragma once

#include <QFlags>
#include <QStringList>

namespace lockscope {

/// What the monitor concluded about a lock. Typed inside; names only at the edges.
enum class LockFlag : unsigned {
    Stale = 1u << 0,             ///< should not be there any more (see docs/LOCKS.md per kind)
    Orphaned = 1u << 1,          ///< the holder's process on this host is gone
    Blocked = 1u << 2,           ///< someone waits behind it
    Foreign = 1u << 3,           ///< taken by another program than LockScope
    NoExpiry = 1u << 4,          ///< no lease: lives until released (or its session ends)
    IdleInTransaction = 1u << 5, ///< PostgreSQL holder idle in an open transaction
};
Q_DECLARE_FLAGS(LockFlags, LockFlag)
Q_DECLARE_OPERATORS_FOR_FLAGS(LockFlags)

/// "stale", "orphaned", "blocked", "foreign", "no-expiry", "idle-in-transaction".
QString lockFlagName(LockFlag flag);
/// The names of the set flags, in declaration order.
QStringList lockFlagNames(LockFlags flags);
/// Every flag, in declaration order.
const std::initializer_list<LockFlag>& allLockFlags();

} // namespace lockscope
