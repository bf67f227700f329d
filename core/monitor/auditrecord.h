#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <cstdint>
#include <optional>

namespace lockscope {

/// What a force-release attempt is about, as written to the audit log before the action.
struct AuditAttempt {
    QString operatorName;
    QString host;
    QString backend;
    QString kind;
    QString resource;
    QString observedOwner;
    std::optional<int64_t> observedToken;
    QString action;
    QString reason;
};

/// One row of the audit log: an attempt and how it ended.
struct AuditRecord {
    enum class Outcome { Pending, Done, Changed, Refused, Failed };

    int64_t id = 0;
    int64_t atMs = 0; ///< wall clock, ms since the epoch
    AuditAttempt attempt;
    Outcome outcome = Outcome::Pending;
    QString detail;

    /// "pending", "done", "changed", "refused", "failed": the audit table's column and JSON.
    static QString outcomeName(Outcome outcome);
    /// Pending for a value it does not know (an unfinished row looks the same).
    static Outcome outcomeFromName(const QString& name);
    /// The CLI's JSON: id, at_ms, operator, host, backend, kind, resource, observed_owner,
    /// observed_token, action, reason, outcome, detail.
    QJsonObject toJson() const;
};

} // namespace lockscope

Q_DECLARE_METATYPE(lockscope::AuditRecord)
