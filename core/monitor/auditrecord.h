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

    /// The OS user of this process (getpwuid(getuid())), never $USER, which anyone can set:
    /// under sudo that is root, under cron the crontab's owner.
    static QString osUser();
    /// What the audit's operator column says: osUser(), and the name claimed (--operator) when
    /// it differs: "alice (as bob)".
    static QString operatorFor(const QString& claimed);
};

/// One row of the audit log: an attempt and how it ended.
struct AuditRecord {
    enum class Outcome { Pending, Done, NothingReleased, Changed, Refused, Failed };

    int64_t id = 0;
    int64_t atMs = 0; ///< wall clock, ms since the epoch
    AuditAttempt attempt;
    Outcome outcome = Outcome::Pending;
    QString detail;
    /// Set by the server (a trigger), never by the client: session_user and inet_client_addr()
    /// (empty over a Unix socket).
    QString dbUser;
    QString clientAddr;

    /// "pending", "done", "nothing-released", "changed", "refused", "failed": the audit table's
    /// column and JSON.
    static QString outcomeName(Outcome outcome);
    /// Pending for a value it does not know (an unfinished row looks the same).
    static Outcome outcomeFromName(const QString& name);
    /// at, in local time with its zone: "2026-11-26 14:03:05 +01:00 (CET)".
    QString timeText() const;
    /// Who, as the server recorded it too: "alice (db lockscope from 127.0.0.1)".
    QString whoText() const;
    /// The CLI's JSON: id, at_ms, operator, host, backend, kind, resource, observed_owner,
    /// observed_token, action, reason, outcome, detail, db_user, client_addr.
    QJsonObject toJson() const;
};

} // namespace lockscope

Q_DECLARE_METATYPE(lockscope::AuditRecord)
