#pragma once

#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <vector>

namespace lockscope {

/// One backend of pg_stat_activity as the Sessions page and `sessions list` show it (like
/// pg_activity): who, what it runs, what it waits for, for how long, and who blocks whom.
/// Times are the server's (ms since the epoch); durations are measured against the server's
/// clock at the scan (serverNowMs), so a skewed operator clock does not distort them.
struct PgSession {
    /// pg_stat_activity.state, typed; Other for a value this version does not know (its text in
    /// stateText), None for a backend without one (background workers).
    enum class State {
        None,
        Active,
        Idle,
        IdleInTransaction,
        IdleInTransactionAborted,
        FastPath,
        Disabled,
        Other
    };

    int pid = 0;
    QString database;
    QString user;
    QString application;
    QString clientAddr;  ///< empty for a Unix socket or a background worker
    QString backendType; ///< "client backend", "autovacuum worker", ... (the server's words)
    State state = State::None;
    QString stateText; ///< exactly as the server said it
    QString waitEventType;
    QString waitEvent;
    QString query; ///< exact (as bounded by the server's track_activity_query_size)
    int64_t backendStartMs = 0;
    int64_t xactStartMs = 0;  ///< 0: no transaction open
    int64_t queryStartMs = 0; ///< 0: no query yet
    int64_t stateChangeMs = 0;
    int64_t serverNowMs = 0;    ///< the server's clock when this was read
    std::vector<int> blockedBy; ///< pg_blocking_pids(pid): whom it waits for
    std::vector<int> blocking;  ///< the backends that wait for it

    /// Parses pg_stat_activity.state.
    static State stateFromText(const QString& text);
    /// "active", "idle in transaction", ...; the stateText for Other, "" for None.
    static QString stateName(State s);

    /// Durations against serverNowMs; -1 when the start is unknown (no transaction, no query).
    int64_t queryDurationMs() const { return since(queryStartMs); }
    int64_t transactionDurationMs() const { return since(xactStartMs); }
    int64_t stateDurationMs() const { return since(stateChangeMs); }
    /// Stable across scans while the same backend lives: a reused pid gets another key.
    QString key() const;
    /// Exact values (JSON is exact; text output escapes them).
    QJsonObject toJson() const;

private:
    int64_t since(int64_t startMs) const {
        return startMs > 0 && serverNowMs >= startMs ? serverNowMs - startMs : -1;
    }
};

} // namespace lockscope
