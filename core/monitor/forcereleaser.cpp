#include "core/monitor/forcereleaser.h"

#include "connectors/connectorerror.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/backends/permissionadvice.h"
#include "core/logging.h"
#include "core/monitor/auditlog.h"

#include <QSysInfo>

namespace lockscope {

namespace {

using Status = ForceReleaser::Outcome::Status;

} // namespace

ForceReleaser::ForceReleaser(const NamespaceConfig& config)
    : m_config(config) {}

AuditAttempt ForceReleaser::attemptOf(const Request& r) const {
    return AuditAttempt{
        AuditAttempt::operatorFor(r.operatorName),
        QSysInfo::machineHostName(),
        backendName(r.observed.backend),
        r.observed.kind.name(),
        r.observed.resource,
        r.observed.holder,
        r.observed.token,
        BackendRegistry::of(r.observed.backend).releaseAction(r.observed, r.cancelOnly),
        r.reason.trimmed()};
}

ForceReleaser::Outcome ForceReleaser::audited(const AuditAttempt& attempt, Outcome out,
                                              bool readOnly) const {
    try {
        // Read-only: the row goes only to an audit table that exists; nothing is created.
        NamespaceConfig config = m_config;
        config.readOnly = config.readOnly || readOnly;
        AuditLog audit(config);
        out.auditId = audit.record(attempt, Outcome::auditName(out.status), out.message);
    } catch (const ConnectorError& e) {
        out.message += QStringLiteral(" (and this could not be audited: %1)").arg(e.message());
    }
    return out;
}

ForceReleaser::Outcome ForceReleaser::refuseChanged(const Request& r, const QString& why) {
    Outcome out;
    out.status = Status::Changed;
    out.message = why;
    if (r.reason.trimmed().isEmpty() || !NamespaceConfig::nameError(m_config.ns).isEmpty())
        return out; // the audit table needs a reason and a valid schema
    return audited(attemptOf(r), out, r.readOnly);
}

QString ForceReleaser::describe(const LockEntry& e, bool cancelOnly) {
    return BackendRegistry::of(e.backend).describeRelease(e, cancelOnly);
}

bool ForceReleaser::offersCancelOnly(const LockEntry& e) {
    return BackendRegistry::of(e.backend).offersCancelOnly(e);
}

ForceReleaser::Outcome ForceReleaser::release(const Request& r) {
    Outcome out;
    if (r.reason.trimmed().isEmpty()) {
        out.status = Status::Refused;
        out.message = QStringLiteral("a reason is required; nothing was done");
        return out;
    }
    if (const QString error = NamespaceConfig::nameError(m_config.ns); !error.isEmpty()) {
        out.status = Status::Refused;
        out.message = error + QStringLiteral(": nothing was done");
        return out;
    }
    const LockBackend& backend = BackendRegistry::of(r.observed.backend);
    const AuditLog::Attempt attempt = attemptOf(r);
    std::unique_ptr<AuditLog> audit;
    if (r.readOnly || m_config.readOnly) {
        out.status = Status::ReadOnly;
        out.message = QStringLiteral("read-only mode: nothing was done");
        return audited(attempt, out, true);
    }
    try {
        audit = std::make_unique<AuditLog>(m_config);
        out.auditId = audit->begin(attempt);
    } catch (const ConnectorError& e) {
        out.status = Status::Failed;
        out.message = QStringLiteral("the audit log cannot be written, so nothing was released: %1")
                          .arg(PermissionAdvice::explain(m_config, e, AccessRole::Release));
        return out;
    }
    // The backend acts only on exactly what was observed, then re-observes: the outcome says
    // what is true afterwards (released, nothing released, changed, failed), never what was
    // merely asked for.
    const Outcome done = backend.forceRelease(m_config, r.observed, r.cancelOnly);
    out.status = done.status;
    out.message = done.message;
    try {
        audit->finish(out.auditId, Outcome::auditName(done.status), done.message);
    } catch (const ConnectorError& e) {
        // The action happened (or not) already; say so rather than hide it.
        out.message +=
            QStringLiteral(" (audit row %1 stays 'pending': %2)").arg(out.auditId).arg(e.message());
        qCWarning(lcMonitor) << "audit finish failed:" << e.message();
    }
    return out;
}

} // namespace lockscope
