#pragma once

#include "core/backends/releaseoutcome.h"
#include "core/monitor/auditrecord.h"
#include "core/monitor/lockentry.h"
#include "core/namespaceconfig.h"

#include <QString>

namespace lockscope {

/// Releases exactly the lock an operator saw, never whatever holds the name now: the lock's
/// backend (LockBackend::forceRelease) re-checks what it observed and acts only if it is
/// unchanged, and re-observes afterwards. This class adds what every backend shares: a reason is
/// required, read-only mode (Request::readOnly or NamespaceConfig::readOnly) refuses, and every
/// attempt is written to the audit log first, refusals and mismatches included; if that write
/// fails nothing is released. Read-only mode creates nothing: its refusal is audited only when
/// the audit table already exists. The audit's operator is the OS user of the process
/// (AuditAttempt:: operatorFor), its database user and client address are set by the server.
class ForceReleaser {
public:
    struct Request {
        LockEntry observed;
        QString operatorName; ///< claimed (--operator); empty: the OS user alone
        QString reason;
        bool cancelOnly = false; ///< PostgreSQL: pg_cancel_backend instead of pg_terminate_backend
        bool readOnly = false;
    };
    using Outcome = ReleaseOutcome;

    explicit ForceReleaser(const NamespaceConfig& config);
    /// What release() would do, in words an operator can confirm.
    static QString describe(const LockEntry& observed, bool cancelOnly);
    /// Whether the operator may choose a cancel-only release (PostgreSQL backends).
    static bool offersCancelOnly(const LockEntry& observed);
    Outcome release(const Request& request);
    /// Nothing is done because the lock found is not the one expected (the CLI's --expect or
    /// --expect-sha256 did not match): audits the attempt as 'changed' with why, and returns
    /// Status::Changed. request.observed is the lock found now.
    Outcome refuseChanged(const Request& request, const QString& why);

private:
    AuditAttempt attemptOf(const Request& request) const;
    /// Writes a finished row for an attempt that never got as far as an action; in read-only
    /// mode (readOnly or the config's) only to an audit table that exists.
    Outcome audited(const AuditAttempt& attempt, Outcome out, bool readOnly) const;

    NamespaceConfig m_config;
};

} // namespace lockscope
