#pragma once

#include "core/monitor/auditrecord.h"
#include "core/namespaceconfig.h"

#include <QList>
#include <QString>
#include <cstdint>
#include <memory>
#include <optional>

namespace lockscope {

class PgConnection;

/// <schema>.audit_log: every force-release attempt.
class AuditLog {
public:
    using Attempt = AuditAttempt;

    explicit AuditLog(const NamespaceConfig& config);
    ~AuditLog();
    /// Inserts the attempt as 'pending'; throws ConnectorError when it cannot be written.
    int64_t begin(const Attempt& a);
    /// Records the outcome (done, refused, changed, failed) and what happened.
    void finish(int64_t id, const QString& outcome, const QString& detail);
    /// Inserts a finished row in one go (refusals that never got as far as an action).
    int64_t record(const Attempt& a, const QString& outcome, const QString& detail);
    /// Newest first.
    QList<AuditRecord> list(int limit = 200);

private:
    std::string m_schema;
    std::unique_ptr<PgConnection> m_conn;
};

} // namespace lockscope
