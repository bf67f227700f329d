#include "gui/lockflagtext.h"

#include "core/monitor/displaytext.h"
#include "core/monitor/forcereleaser.h"

namespace lockscope {

QString LockFlagText::name(LockFlag flag) {
    switch (flag) {
    case LockFlag::Stale:
        return tr("stale");
    case LockFlag::Orphaned:
        return tr("orphaned");
    case LockFlag::Blocking:
        return tr("blocking");
    case LockFlag::Foreign:
        return tr("foreign");
    case LockFlag::NoExpiry:
        return tr("no expiry");
    case LockFlag::IdleInTransaction:
        return tr("idle in transaction");
    case LockFlag::Waiting:
        return tr("waiting");
    }
    return lockFlagName(flag);
}

QString LockFlagText::explanation(LockFlag flag) {
    switch (flag) {
    case LockFlag::Stale:
        return tr("Should not be there any more (held past the stale rule of its kind). Check "
                  "the holder; force-release it if the holder is gone or hung.");
    case LockFlag::Orphaned:
        return tr("The holder's process on this host is gone: nobody will release it. "
                  "Force-release it, or wait for its lease or session to end.");
    case LockFlag::Blocking:
        return tr("Others wait behind this lock (the waiters column counts them). If it is "
                  "held too long, look at the holder first.");
    case LockFlag::Foreign:
        return tr("Taken by another program than LockScope. Releasing it may break that "
                  "program: ask its owner first.");
    case LockFlag::NoExpiry:
        return tr("No lease: it lives until it is released or its session ends. A crashed "
                  "holder leaves it behind for ever.");
    case LockFlag::IdleInTransaction:
        return tr("The PostgreSQL holder sits idle in an open transaction: its application "
                  "forgot to commit or roll back. Find the application; terminating the "
                  "backend rolls its work back.");
    case LockFlag::Waiting:
        return tr("The holder itself waits for another lock (PostgreSQL). Look at who blocks "
                  "it in the details below.");
    }
    return {};
}

QString LockFlagText::flagsText(const LockEntry& e) {
    QStringList out;
    for (const LockFlag f : allLockFlags()) {
        if (!e.hasFlag(f))
            continue;
        if (f == LockFlag::Blocking && !e.waiters.isEmpty())
            out << tr("blocking %n", nullptr, int(e.waiters.size()));
        else
            out << name(f);
    }
    return out.join(QStringLiteral(", "));
}

QString LockFlagText::flagsToolTip(const LockEntry& e) {
    QStringList out;
    for (const LockFlag f : allLockFlags())
        if (e.hasFlag(f))
            out << QStringLiteral("<b>%1</b>: %2").arg(name(f), explanation(f));
    return out.join(QStringLiteral("<br>"));
}

QString LockFlagText::kindToolTip(const LockEntry& e, bool readOnly) {
    return QStringLiteral("<b>%1</b>: %2<br>%3")
        .arg(e.kind.name(), e.kind.description().toHtmlEscaped(),
             readOnly ? tr("Force-release is off in read-only mode.")
                      : tr("A force-release would %1.")
                            .arg(DisplayText::forTerminal(ForceReleaser::describe(e, false))
                                     .toHtmlEscaped()));
}

} // namespace lockscope
