#pragma once

#include "core/backends/lockobservation.h"
#include "core/monitor/lockentry.h"

#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <optional>
#include <string>

namespace lockscope {

struct PgSession;

/// A PostgreSQL session (a backend of pg_stat_activity) that an operator saw and may terminate
/// or whose query they may cancel, through the force-release path (ForceReleaser: reason, audit,
/// read-only). The action re-checks that the pid is still the same backend (backend start) and,
/// for a cancel, still runs the same query (query start), in the statement that signals it.
struct PgSessionObservation : LockObservation {
    int pid = 0;
    int64_t backendStartMs = 0; ///< guards against a reused pid
    int64_t queryStartMs = 0;   ///< a cancel acts only on this query (0: none observed)
    QString state;
    QString user;
    QString application;
    QString query;

    /// "pid=<pid> backend_start_ms=<ms> query_start_ms=<ms>": what a signal re-checks.
    QByteArray observedBytes() const;
    /// One statement that signals the backend only when the pid is still that backend (and, to
    /// cancel, still runs the observed query); one row, true when signalled; no row otherwise.
    /// $1 is the pid. Only numbers are spliced in.
    std::string signalSql(bool cancelOnly) const;
    /// The backend now: no row when it is gone; else (query_start_ms, state). $1 is the pid.
    std::string reobserveSql() const;

    QJsonObject toJson() const override;
    bool sameAs(const LockObservation& other) const override;
    QString identity() const override { return QString::number(pid); }
    bool namesHolder(const QString& text) const override { return text == QString::number(pid); }

    /// The session as an entry the force-release path takes (kind pg-session, resource
    /// "pid <pid>").
    static LockEntry entryFor(const PgSession& session);
    /// A backend of the blocking tree (`blocking_tree` in a PostgreSQL lock's details: pid,
    /// backend_start_ms, application, user, state, query); nullopt when the node lacks the pid
    /// or backend start.
    static std::optional<LockEntry> entryForTreeNode(const QJsonObject& node, int64_t nowMs);

private:
    static LockEntry entryOf(std::shared_ptr<PgSessionObservation> obs, int64_t observedAtMs);
};

} // namespace lockscope
