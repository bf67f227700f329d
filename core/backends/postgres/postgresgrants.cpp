#include "core/backends/postgres/postgresgrants.h"

#include "connectors/connectorerror.h"
#include "core/namespaceconfig.h"

namespace lockscope {

QStringList PostgresGrants::statements(AccessRole access, const QString& role,
                                       const QString& schema, const QString& database) {
    QStringList out{
        QStringLiteral("GRANT CONNECT ON DATABASE %1 TO %2").arg(database, role),
        QStringLiteral("GRANT pg_monitor TO %1").arg(role),
        QStringLiteral("GRANT USAGE ON SCHEMA %1 TO %2").arg(schema, role),
        QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA %1 TO %2").arg(schema, role),
    };
    switch (access) {
    case AccessRole::Monitor:
        break;
    case AccessRole::Release:
        out << QStringLiteral("GRANT pg_signal_backend TO %1").arg(role)
            << QStringLiteral("GRANT INSERT, UPDATE ON %1.audit_log TO %2").arg(schema, role)
            << QStringLiteral("GRANT UPDATE ON %1.leases TO %2").arg(schema, role)
            << QStringLiteral("GRANT USAGE ON ALL SEQUENCES IN SCHEMA %1 TO %2").arg(schema, role);
        break;
    case AccessRole::Demo:
        out << QStringLiteral("GRANT INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA "
                              "%1 TO %2")
                   .arg(schema, role)
            << QStringLiteral("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %1 TO %2")
                   .arg(schema, role);
        break;
    }
    return out;
}

QString PostgresGrants::hint(const NamespaceConfig& config, const ConnectorError& error,
                             AccessRole access) {
    const QString role = config.postgres.value(QStringLiteral("user"));
    const QString schema = QString::fromStdString(config.pgSchema());
    QString what;
    switch (access) {
    case AccessRole::Monitor:
        what = QStringLiteral("monitoring needs pg_monitor and SELECT on %1's tables").arg(schema);
        break;
    case AccessRole::Release:
        what = QStringLiteral("force release needs pg_signal_backend (terminate or cancel a "
                              "session; never a superuser's), UPDATE on %1.leases and INSERT, "
                              "UPDATE on %1.audit_log")
                   .arg(schema);
        break;
    case AccessRole::Demo:
        what = QStringLiteral("the demo needs INSERT, UPDATE, DELETE on %1's tables (created "
                              "by the schema's owner)")
                   .arg(schema);
        break;
    }
    return QStringLiteral("%1: role '%2' was refused (%3). Grant it: %4 - or "
                          "connect as a role that has it (docs/PERMISSIONS.md)")
        .arg(what, role, error.detail(),
             statements(access, role.isEmpty() ? QStringLiteral("<role>") : role, schema,
                        config.postgres.value(QStringLiteral("dbname")))
                 .join(QStringLiteral("; ")));
}

QString PostgresGrants::rowsHint(const QString& table, const QString& role) {
    return QStringLiteral("row details need pgrowlocks, which reads only tables this role may "
                          "SELECT: GRANT SELECT ON %1 TO %2, or connect as a role that has it")
        .arg(table, role.isEmpty() ? QStringLiteral("<role>") : role);
}

} // namespace lockscope
