#include "core/monitor/snapshot.h"

#include <algorithm>

namespace lockscope {

const LockEntry* Snapshot::find(const QString& id) const {
    auto it = std::lower_bound(locks.begin(), locks.end(), id,
                               [](const LockEntry& e, const QString& key) { return e.id() < key; });
    return it != locks.end() && it->id() == id ? &*it : nullptr;
}

void Snapshot::sort() {
    std::sort(locks.begin(), locks.end(),
              [](const LockEntry& a, const LockEntry& b) { return a.id() < b.id(); });
}

SnapshotDiff SnapshotDiff::between(const Snapshot& before, const Snapshot& after) {
    // Both sorted by id: one merge walk.
    SnapshotDiff d;
    size_t i = 0, j = 0;
    while (i < before.locks.size() || j < after.locks.size()) {
        if (j == after.locks.size() ||
            (i < before.locks.size() && before.locks[i].id() < after.locks[j].id())) {
            d.removed.push_back(before.locks[i].id());
            ++i;
        } else if (i == before.locks.size() || after.locks[j].id() < before.locks[i].id()) {
            d.added.push_back(after.locks[j]);
            ++j;
        } else {
            if (!before.locks[i].sameAs(after.locks[j]))
                d.changed.push_back(after.locks[j]);
            ++i;
            ++j;
        }
    }
    return d;
}

} // namespace lockscope
