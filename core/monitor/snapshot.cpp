#include "core/monitor/snapshot.h"

#include <algorithm>

namespace lockscope {

const LockEntry* Snapshot::find(const QString& id) const {
    auto it = std::lower_bound(locks.begin(), locks.end(), id,
                               [](const LockEntry& e, const QString& key) { return e.id() < key; });
    return it != locks.end() && it->id() == id ? &*it : nullptr;
}

void Snapshot::sort() {
    // Each id once (it is built from several fields), not twice per comparison.
    std::vector<std::pair<QString, size_t>> keys;
    keys.reserve(locks.size());
    for (size_t i = 0; i < locks.size(); ++i)
        keys.emplace_back(locks[i].id(), i);
    std::sort(keys.begin(), keys.end());
    std::vector<LockEntry> sorted;
    sorted.reserve(locks.size());
    for (const auto& k : keys)
        sorted.push_back(std::move(locks[k.second]));
    locks = std::move(sorted);
}

void Snapshot::keepLastKnown(const Snapshot& previous, const QMap<Backend, int64_t>& lastAnswerMs) {
    unknownSinceMs.clear();
    for (auto it = backendErrors.cbegin(); it != backendErrors.cend(); ++it) {
        const Backend b = it.key();
        const int64_t answered = lastAnswerMs.value(b, 0);
        unknownSinceMs.insert(
            b, previous.unknownSinceMs.value(b, answered > 0 ? answered : takenAtMs));
        for (const LockEntry& e : previous.locks)
            if (e.backend == b)
                locks.push_back(e);
    }
}

SnapshotDiff SnapshotDiff::between(const Snapshot& before, const Snapshot& after) {
    // Both sorted by id: one merge walk, each id built once.
    auto ids = [](const Snapshot& s) {
        std::vector<QString> out;
        out.reserve(s.locks.size());
        for (const LockEntry& e : s.locks)
            out.push_back(e.id());
        return out;
    };
    const std::vector<QString> a = ids(before), b = ids(after);
    SnapshotDiff d;
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (j == b.size() || (i < a.size() && a[i] < b[j])) {
            d.removed.push_back(a[i]);
            ++i;
        } else if (i == a.size() || b[j] < a[i]) {
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
