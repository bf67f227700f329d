#pragma once

#include "core/history/holdtracker.h"
#include "core/history/operatoraction.h"

#include <QHash>
#include <QString>
#include <cstdint>
#include <vector>

class QSqlDatabase;

namespace lockscope {

/// The history on the operator's machine: one SQLite file (Qt SQL's QSQLITE driver) with the
/// tables holds, waits, outages and actions (docs/HISTORY-STORE.md). Not thread-safe: one
/// thread owns a store (the console's HistoryWorker, the CLI's main thread); SQLite's own
/// locking (WAL, a busy timeout) lets another process read while it writes.
///
/// Restarts: holds, waits and outages still open when the previous session stopped stay open
/// in the file ("carried"). A hold the next session sees again (same holdKey) goes on in the
/// same row; one whose backend answers without it is closed Unobserved at the previous
/// session's last refresh (settleCarried). Carried waits and outages are closed at once, at the
/// previous session's last refresh.
class HistoryStore {
public:
    explicit HistoryStore(QString path);
    ~HistoryStore();
    HistoryStore(const HistoryStore&) = delete;
    HistoryStore& operator=(const HistoryStore&) = delete;

    /// Opens (creating the file, its folder and the schema) and loads what the previous session
    /// left open. False with *error when the file cannot be opened or is not a history store.
    bool open(QString* error);
    /// Opens an existing store read-only (`locks history`, `locks stats`): changes nothing,
    /// so a recorder elsewhere keeps its open rows. False when there is no store at path.
    bool openForReading(QString* error);
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }

    /// One transaction: the refreshes' changes in order, and seenAtMs as the last refresh seen.
    bool write(const std::vector<HistoryChanges>& refreshes, int64_t seenAtMs, QString* error);
    bool write(const HistoryChanges& changes, int64_t seenAtMs, QString* error) {
        return write(std::vector<HistoryChanges>{changes}, seenAtMs, error);
    }
    /// Closes the carried holds of these backends (they answered, and every hold they still
    /// have was written as started before this call) that were not seen again: Unobserved.
    bool settleCarried(const QList<Backend>& answered, QString* error);
    int carriedHolds() const { return int(m_carried.size()); }
    bool recordAction(const OperatorAction& action, QString* error);

    /// What a read selects: rows overlapping [sinceMs, untilMs] (untilMs 0: no end), of one
    /// logical resource (empty: all), the newest `limit` (0: all), returned oldest first.
    struct Query {
        int64_t sinceMs = 0;
        int64_t untilMs = 0;
        QString resource;
        int limit = 0;
    };
    std::vector<HoldRecord> holds(const Query& q) const;
    std::vector<WaitRecord> waits(const Query& q) const;
    std::vector<OutageRecord> outages(const Query& q) const;
    std::vector<OperatorAction> actions(const Query& q) const;
    /// The last refresh a recorder wrote (0: none yet).
    int64_t lastSeenMs() const;

    /// Bounds the file: deletes rows that ended before cutoffMs, then the oldest ended rows
    /// until the file is at most maxBytes (0: no cap), then gives the free pages back
    /// (incremental vacuum). Open rows are never deleted.
    struct Pruned {
        int rows = 0;
        int64_t bytesBefore = 0;
        int64_t bytesAfter = 0;
    };
    Pruned prune(int64_t cutoffMs, int64_t maxBytes, QString* error);
    /// Pages in use times the page size (what the cap compares).
    int64_t sizeBytes() const;

private:
    bool exec(const QString& sql, QString* error) const;
    QSqlDatabase db() const;
    bool insertHold(const HoldRecord& h, QString* error);
    bool endHold(const HoldRecord& h, QString* error);
    int deleteEndedBefore(int64_t cutoffMs, QString* error);

    QString m_path;
    QString m_connection;
    bool m_open = false;
    QHash<QString, int64_t> m_openHolds; ///< holdKey -> row id, written by this session
    struct Carried {
        int64_t row = 0;
        Backend backend = Backend::Redis;
    };
    QHash<QString, Carried> m_carried;   ///< holdKey -> row, left open by a previous session
    QHash<QString, int64_t> m_openWaits; ///< lock id + '\n' + waiter -> row id
    QHash<Backend, int64_t> m_openOutages;
    int64_t m_previousSeenMs = 0;
};

} // namespace lockscope
