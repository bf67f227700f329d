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

/// <schema>.audit_log: every force-release attempt. Constructing one only connects: the schema
/// is created (migrated) by the first write, and never in read-only mode
/// (NamespaceConfig::readOnly), where a write goes only to an audit table that already exists.
/// Reading never creates anything: no table is an empty log.
class AuditLog {
public:
    using Attempt = AuditAttempt;

    explicit AuditLog(const NamespaceConfig& config);
    ~AuditLog();
    /// Whether <schema>.audit_log exists (read-only mode writes only then).
    bool exists();
    /// Inserts the attempt as 'pending'; throws ConnectorError when it cannot be written.
    int64_t begin(const Attempt& a);
    /// Records the outcome (done, refused, changed, failed) and what happened.
    void finish(int64_t id, const QString& outcome, const QString& detail);
    /// Inserts a finished row in one go (refusals that never got as far as an action). In
    /// read-only mode, without an audit table: throws ConnectorError (Kind::NotFound), nothing
    /// is created.
    int64_t record(const Attempt& a, const QString& outcome, const QString& detail);
    /// Newest first; empty when there is no audit table yet.
    QList<AuditRecord> list(int limit = 200);

private:
    /// Before a write: migrates the schema, or in read-only mode requires the table.
    void prepareWrite();

    std::string m_schema;
    bool m_readOnly = false;
    std::unique_ptr<PgConnection> m_conn;
};

} // namespace lockscope
