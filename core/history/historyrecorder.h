#pragma once

#include "core/history/historysettings.h"
#include "core/history/historystore.h"
#include "core/history/holdtracker.h"

#include <memory>
#include <optional>
#include <vector>

namespace lockscope {

/// The monitor's snapshots into the history store: a HoldTracker turns each into started and
/// ended holds, waits and outages, which are kept until flush() writes them in one
/// transaction. The CLI's `locks watch --record` flushes after every refresh; the console's
/// HistoryWorker once a second. One thread owns a recorder.
class HistoryRecorder {
public:
    explicit HistoryRecorder(HistorySettings settings);
    bool open(QString* error);
    /// Feeds the tracker; what it started and ended waits for flush().
    void observe(const Snapshot& snapshot);
    bool flush(QString* error);
    bool hasPending() const { return !m_pending.empty(); }
    /// An operator force-released this lock: its end will read ForceReleased.
    void noteForceRelease(const QString& lockId, const QString& holder);
    bool recordAction(const OperatorAction& action, QString* error);
    /// Retention and size cap from the settings, at `nowMs`.
    HistoryStore::Pruned prune(int64_t nowMs, QString* error);
    /// prune() when the last one is an hour old (or none ran yet).
    std::optional<HistoryStore::Pruned> pruneIfDue(int64_t nowMs, QString* error);

    HistoryStore& store() { return *m_store; }
    const HoldTracker& tracker() const { return m_tracker; }
    const HistorySettings& settings() const { return m_settings; }

private:
    HistorySettings m_settings;
    std::unique_ptr<HistoryStore> m_store;
    HoldTracker m_tracker;
    std::vector<HistoryChanges> m_pending;
    int64_t m_lastSeenMs = 0;
    QList<Backend> m_answered; ///< the backends the latest snapshot read
    int64_t m_prunedAtMs = 0;
};

} // namespace lockscope
