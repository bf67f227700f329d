#pragma once

#include "core/backends/changemode.h"
#include "core/monitor/lockentry.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <vector>

namespace lockscope {

/// Everything one refresh saw.
struct Snapshot {
    std::vector<LockEntry> locks;         ///< sorted by id()
    QMap<Backend, QString> backendErrors; ///< why a backend could not be read
    /// The backends in backendErrors that answered with a permission refusal: up, but this
    /// identity may not read them; the error names the missing grant.
    QList<Backend> refusedBackends;
    QMap<Backend, double> backendMs; ///< how long each backend's scan took
    QJsonObject blockingTree;        ///< PostgreSQL: who blocks whom
    int64_t takenAtMs = 0;
    /// The backends that could not be read, and since when (wall clock ms). Their entries in
    /// `locks` are the last ones seen before the outage, carried over unchanged: last known, not
    /// current. A view must show them as such (greyed, with their age), never as live.
    QMap<Backend, int64_t> unknownSinceMs;
    /// When each backend last answered (wall clock ms), which may be before takenAtMs: a scan
    /// slower than the refresh, or a server gone silent, leaves its previous answer in this
    /// snapshot. A view dates a backend's rows "last seen" by this, not by takenAtMs.
    QMap<Backend, int64_t> answeredAtMs;
    /// How the monitor learns of each backend's changes (tracking, watches, polling, ...).
    QMap<Backend, ChangeStatus> changeModes;

    const LockEntry* find(const QString& id) const;
    void sort();
    /// True when e's backend is down and e is only its last known state.
    bool isLastKnown(const LockEntry& e) const { return unknownSinceMs.contains(e.backend); }
    /// For each backend in backendErrors: keeps previous's entries of that backend (a server
    /// that cannot be read has not released its locks) and since when they are unknown
    /// (previous's time; if it just went down, when it last answered (lastAnswerMs), or
    /// takenAtMs). Call before sort(). The diff then reports none of them removed.
    void keepLastKnown(const Snapshot& previous, const QMap<Backend, int64_t>& lastAnswerMs = {});
};

/// What changed between two refreshes, by id: views update row by row from this.
struct SnapshotDiff {
    std::vector<LockEntry> added;
    std::vector<LockEntry> changed;
    std::vector<QString> removed;
    bool empty() const { return added.empty() && changed.empty() && removed.empty(); }

    static SnapshotDiff between(const Snapshot& before, const Snapshot& after);
};

} // namespace lockscope
