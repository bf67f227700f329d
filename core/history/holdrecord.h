#pragma once

#include "connectors/backend.h"
#include "core/backends/lockkind.h"

#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <optional>

namespace lockscope {

/// How a hold ended, as the monitor could tell from what it saw. Typed inside; names
/// ("released", "expired", "force-released", "holder-died", "unobserved") only at the edges.
enum class HoldEnd {
    Open,          ///< still held
    Released,      ///< gone before its lease ran out (or it had none)
    Expired,       ///< gone at or after its lease's deadline
    ForceReleased, ///< gone after an operator's force release of exactly this hold
    HolderDied,    ///< gone while its holder was seen dead (orphaned, a terminated backend)
    Unobserved,    ///< gone while its server could not be read: when and how are unknown
};
QString holdEndName(HoldEnd end);
/// nullopt for an unknown name.
std::optional<HoldEnd> holdEndFromName(const QString& name);

/// One hold of one lock by one holder, as the monitor observed it: from the first refresh that
/// saw it (or the acquisition time the server reports, when earlier) to the first refresh that
/// saw it gone or held by someone else.
struct HoldRecord {
    QString lockId; ///< LockEntry::id(): the lock, stable across holders
    Backend backend = Backend::Redis;
    LockKind kind;
    QString resource; ///< logical (LockEntry::logical())
    QString physical; ///< LockEntry::resource
    QString holder;   ///< as shown (LockEntry::holder)
    std::optional<int64_t> token;
    int64_t startMs = 0; ///< wall clock ms
    int64_t endMs = 0;   ///< 0 while open
    HoldEnd end = HoldEnd::Open;
    std::optional<int64_t> leaseMs; ///< the lease it had when first seen (nullopt: none)
    int maxWaiters = 0;             ///< the most waiters seen behind it at once
    bool foreign = false;           ///< LockFlag::Foreign: taken by another program

    bool isOpen() const { return end == HoldEnd::Open; }
    int64_t durationMs(int64_t nowMs) const { return (isOpen() ? nowMs : endMs) - startMs; }
    /// Identity of this hold across refreshes: the lock and who holds it with which token.
    QString holdKey() const;
    QJsonObject toJson() const;
};

/// One waiter seen behind a lock, from the first refresh that listed it to the first that did
/// not (acquired: the waiter became the holder).
struct WaitRecord {
    QString lockId;
    Backend backend = Backend::Redis;
    QString resource; ///< logical
    QString waiter;
    int64_t startMs = 0;
    int64_t endMs = 0; ///< 0 while waiting
    bool acquired = false;
    bool isOpen() const { return endMs == 0; }
    QJsonObject toJson() const;
};

/// A server the monitor could not read, from when it stopped answering to when it answered.
struct OutageRecord {
    Backend backend = Backend::Redis;
    int64_t startMs = 0;
    int64_t endMs = 0; ///< 0 while down
    QString error;
    bool isOpen() const { return endMs == 0; }
    QJsonObject toJson() const;
};

} // namespace lockscope
