#include "core/history/historyrecorder.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"

namespace lockscope {

HistoryRecorder::HistoryRecorder(HistorySettings settings)
    : m_settings(std::move(settings))
    , m_store(std::make_unique<HistoryStore>(m_settings.effectivePath())) {}

bool HistoryRecorder::open(QString* error) {
    return m_store->open(error);
}

void HistoryRecorder::observe(const Snapshot& snapshot) {
    HistoryChanges changes = m_tracker.observe(snapshot);
    if (!changes.empty())
        m_pending.push_back(std::move(changes));
    m_lastSeenMs = snapshot.takenAtMs;
    m_answered.clear();
    for (const LockBackend* b : BackendRegistry::all()) {
        if (!snapshot.backendErrors.contains(b->id()) && !snapshot.unknownSinceMs.contains(b->id()))
            m_answered.append(b->id());
    }
}

bool HistoryRecorder::flush(QString* error) {
    if (m_lastSeenMs == 0)
        return true;
    if (!m_store->write(m_pending, m_lastSeenMs, error))
        return false;
    m_pending.clear();
    // Every hold the answering backends still have has been written as started by now.
    return m_store->carriedHolds() == 0 || m_store->settleCarried(m_answered, error);
}

void HistoryRecorder::noteForceRelease(const QString& lockId, const QString& holder) {
    m_tracker.noteForceRelease(lockId, holder);
}

bool HistoryRecorder::recordAction(const OperatorAction& action, QString* error) {
    return m_store->recordAction(action, error);
}

std::optional<HistoryStore::Pruned> HistoryRecorder::pruneIfDue(int64_t nowMs, QString* error) {
    if (m_prunedAtMs != 0 && nowMs - m_prunedAtMs < 3'600'000)
        return std::nullopt;
    return prune(nowMs, error);
}

HistoryStore::Pruned HistoryRecorder::prune(int64_t nowMs, QString* error) {
    m_prunedAtMs = nowMs;
    return m_store->prune(nowMs - m_settings.retentionMs(), m_settings.maxBytes, error);
}

} // namespace lockscope
