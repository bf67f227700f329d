#pragma once

#include "connectors/backend.h"
#include "core/backends/lockflags.h"
#include "core/backends/lockkind.h"
#include "core/backends/lockobservation.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <optional>

namespace lockscope {

/// One live lock as the monitor saw it, whoever made it. The common fields are here; what only
/// one backend understands is in `observation`, typed by that backend.
struct LockEntry {
    Backend backend = Backend::Redis;
    LockKind kind;
    QString resource; ///< physical: key, lock directory, table / advisory key, lease resource
    /// What was locked, decoded from the layouts LockScope knows ("cart:42" for
    /// lockscope:lock:{cart:42}, /lockscope/locks/cart:42, a lease on cart:42, ...); the physical
    /// resource when no layout applies.
    QString logicalResource;
    QString holder; ///< owner id, token string, node name, "pid 4242 (app)", ...
    std::optional<int64_t> token;
    std::optional<int64_t> acquiredAtMs; ///< wall clock, ms since the epoch
    std::optional<int64_t> leaseMs;      ///< remaining when observed; nullopt = never expires
    int64_t observedAtMs = 0;            ///< wall clock of the observation
    QStringList waiters;                 ///< in order, where the backend shows them
    LockFlags flags;
    QString raw; ///< the value / node / row it was read from, printable and truncated
    /// The exact bytes observed (value, node data, row identity), untruncated: what
    /// observedSha256() fingerprints and what a release must still find.
    QByteArray rawBytes;
    /// The exact bytes that name the holder for `locks release --expect` (the Redis value, the
    /// ZooKeeper node's data, else its name); empty where the backend names holders otherwise
    /// (a PostgreSQL pid, a lease owner). JSON "expect": DisplayText::escapeBytes of them.
    QByteArray holderBytes;
    std::shared_ptr<const LockObservation> observation;

    /// The backend's observation as its own type (nullptr for another backend's entry).
    template <class T> const T* as() const { return dynamic_cast<const T*>(observation.get()); }
    /// Stable identity across refreshes: backend + kind + resource (+ the observation's identity).
    QString id() const;
    /// A refresh "changed" the entry: anything but the countdown, or the deadline moved (renewal).
    bool sameAs(const LockEntry& other) const;
    /// Deadline on the wall clock, when it has a lease.
    std::optional<int64_t> expiresAtMs() const;
    bool hasFlag(LockFlag f) const { return flags.testFlag(f); }
    /// Lower-case hex SHA-256 of rawBytes: compare observations exactly, never their display form.
    QString observedSha256() const;
    /// logicalResource, or resource when it is empty.
    QString logical() const { return logicalResource.isEmpty() ? resource : logicalResource; }
    /// Backend-specific details (query, rows, format, ...), for JSON and the details pane.
    QJsonObject details() const;
    /// The CLI's JSON contract: backend, kind, resource, logical_resource, holder, token, lease_ms,
    /// waiters, flags, raw, observed_sha256, details, id, and expect when holderBytes is set.
    QJsonObject toJson() const;
};

} // namespace lockscope
