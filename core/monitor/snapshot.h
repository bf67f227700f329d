#pragma once

#include "core/monitor/lockentry.h"

#include <QJsonObject>
#include <QMap>
#include <vector>

namespace lockscope {

/// Everything one refresh saw.
struct Snapshot {
    std::vector<LockEntry> locks;         ///< sorted by id()
    QMap<Backend, QString> backendErrors; ///< why a backend could not be read
    QMap<Backend, double> backendMs;      ///< how long each backend's scan took
    QJsonObject blockingTree;             ///< PostgreSQL: who blocks whom
    int64_t takenAtMs = 0;

    const LockEntry* find(const QString& id) const;
    void sort();
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
