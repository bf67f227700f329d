#include "core/shop/shopschema.h"

#include "core/namespaceconfig.h"

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <mutex>
#include <pqxx/pqxx>
#include <set>

namespace lockscope {

namespace {

struct Migration {
    int version;
    QString name;
    QString path;
};

QList<Migration> migrations() {
    QList<Migration> out;
    static const QRegularExpression re(QStringLiteral("^(\\d{3})_(.+)\\.sql$"));
    const QDir dir(QStringLiteral(":/sql"));
    for (const QString& f : dir.entryList(QDir::Files, QDir::Name)) {
        const auto m = re.match(f);
        if (m.hasMatch())
            out.append({m.captured(1).toInt(), m.captured(2), dir.filePath(f)});
    }
    return out;
}

} // namespace

bool ShopSchema::isValidName(const std::string& schema) {
    return NamespaceConfig::nameError(schema).isEmpty();
}

int ShopSchema::latestVersion() {
    const auto all = migrations();
    return all.isEmpty() ? 0 : all.last().version;
}

int ShopSchema::version(PgConnection& connection, const std::string& schema) {
    return connection.run("schema version", [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        const pqxx::row exists =
            tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", schema + ".schema_migrations");
        if (!exists[0].as<bool>())
            return 0;
        return tx.exec1("SELECT coalesce(max(version), 0) FROM " + schema + ".schema_migrations")[0]
            .as<int>();
    });
}

void ShopSchema::migrate(PgConnection& connection, const std::string& schema) {
    if (!isValidName(schema))
        throw ConnectorError(
            Backend::Postgres, ConnectorError::Kind::InvalidArgument, QStringLiteral("migrate"),
            QStringLiteral("invalid schema name '%1'").arg(QString::fromStdString(schema)));
    const auto all = migrations();
    if (all.isEmpty())
        throw ConnectorError(
            Backend::Postgres, ConnectorError::Kind::InvalidArgument, QStringLiteral("migrate"),
            QStringLiteral("no SQL migrations compiled in (resource :/sql missing)"));
    connection.run("migrate", [&](pqxx::connection& c) {
        pqxx::work tx(c);
        // Serialise concurrent migrations of the same schema (many demo processes start at once).
        tx.exec_params("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                       "lockscope.migrate." + schema);
        tx.exec("CREATE SCHEMA IF NOT EXISTS " + schema);
        tx.exec("CREATE TABLE IF NOT EXISTS " + schema +
                ".schema_migrations (version integer PRIMARY KEY, name text NOT NULL, "
                "applied_at timestamptz NOT NULL DEFAULT now())");
        const int current =
            tx.exec1("SELECT coalesce(max(version), 0) FROM " + schema + ".schema_migrations")[0]
                .as<int>();
        for (const Migration& m : all) {
            if (m.version <= current)
                continue;
            QFile f(m.path);
            if (!f.open(QIODevice::ReadOnly))
                throw ConnectorError(Backend::Postgres, ConnectorError::Kind::InvalidArgument,
                                     QStringLiteral("migrate"),
                                     QStringLiteral("cannot read %1").arg(m.path));
            QString sql = QString::fromUtf8(f.readAll());
            sql.replace(QStringLiteral("${schema}"), QString::fromStdString(schema));
            tx.exec(sql.toStdString());
            tx.exec_params("INSERT INTO " + schema +
                               ".schema_migrations (version, name) VALUES ($1, $2)",
                           m.version, m.name.toStdString());
            qCInfo(lcShop) << "schema" << QString::fromStdString(schema) << "migrated to version"
                           << m.version;
        }
        tx.commit();
    });
}

void ShopSchema::ensure(PgConnection& connection, const std::string& schema) {
    static std::mutex mutex;
    static std::set<std::string> done;
    {
        std::lock_guard lock(mutex);
        if (done.count(schema))
            return;
    }
    // Already at the latest version: nothing to create. A role without CREATE (least privilege:
    // docs/PERMISSIONS.md) works in a schema its owner migrated.
    if (version(connection, schema) < latestVersion())
        migrate(connection, schema);
    std::lock_guard lock(mutex);
    done.insert(schema);
}

} // namespace lockscope
