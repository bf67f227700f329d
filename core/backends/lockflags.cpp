#include "core/backends/lockflags.h"

namespace lockscope {

const std::initializer_list<LockFlag>& allLockFlags() {
    static const std::initializer_list<LockFlag> all{
        LockFlag::Stale,    LockFlag::Orphaned,          LockFlag::Blocking, LockFlag::Foreign,
        LockFlag::NoExpiry, LockFlag::IdleInTransaction, LockFlag::Waiting};
    return all;
}

QString lockFlagName(LockFlag flag) {
    switch (flag) {
    case LockFlag::Stale:
        return QStringLiteral("stale");
    case LockFlag::Orphaned:
        return QStringLiteral("orphaned");
    case LockFlag::Blocking:
        return QStringLiteral("blocking");
    case LockFlag::Foreign:
        return QStringLiteral("foreign");
    case LockFlag::NoExpiry:
        return QStringLiteral("no-expiry");
    case LockFlag::IdleInTransaction:
        return QStringLiteral("idle-in-transaction");
    case LockFlag::Waiting:
        return QStringLiteral("waiting");
    }
    return {};
}

QStringList lockFlagNames(LockFlags flags) {
    QStringList out;
    for (const LockFlag f : allLockFlags())
        if (flags.testFlag(f))
            out << lockFlagName(f);
    return out;
}

} // namespace lockscope
