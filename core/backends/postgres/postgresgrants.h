#pragma once

#include "core/backends/accessrole.h"

#include <QString>
#include <QStringList>

namespace lockscope {

class ConnectorError;
struct NamespaceConfig;

/// The PostgreSQL grants each AccessRole needs (docs/PERMISSIONS.md), written once here:
/// `sandbox up --users` runs them, and a 42501 insufficient_privilege is explained with them.
/// Monitoring reads pg_stat_activity and pg_locks of every session (pg_monitor), the
/// namespace's tables that name locks (SELECT; pgrowlocks reads only rows of tables the role
/// may SELECT). Force release signals backends (pg_signal_backend: never a superuser's),
/// ends leases (UPDATE on leases) and writes the audit log. The demo reads and writes the
/// namespace's tables. The schema is created and migrated by its owner, not by these roles.
class PostgresGrants {
public:
    /// The statements that give role (an existing LOGIN role) what `access` needs in the
    /// namespace's schema of database.
    static QStringList statements(AccessRole access, const QString& role, const QString& schema,
                                  const QString& database);
    /// What a 42501 means for access, and the grant that allows it.
    static QString hint(const NamespaceConfig& config, const ConnectorError& error,
                        AccessRole access);
    /// A row lock's rows are not readable by this role (pgrowlocks needs SELECT on the table).
    static QString rowsHint(const QString& table, const QString& role);
};

} // namespace lockscope
