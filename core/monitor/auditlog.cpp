#include "core/monitor/auditlog.h"

#include "connectors/pgconnection.h"
#include "core/shop/shopschema.h"

#include <QJsonObject>
#include <pqxx/pqxx>

namespace lockscope {

AuditLog::AuditLog(const NamespaceConfig& config)
    : m_schema(config.pgSchema())
    , m_conn(std::make_unique<PgConnection>(config.postgres)) {
    ShopSchema::ensure(*m_conn, m_schema);
}

AuditLog::~AuditLog() = default;

int64_t AuditLog::record(const Attempt& a, const QString& outcome, const QString& detail) {
    return m_conn->run("write audit", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        const std::optional<int64_t> token = a.observedToken;
        return tx
            .exec_params1("INSERT INTO " + m_schema +
                              ".audit_log (operator, host, backend, kind, resource, "
                              "observed_owner, observed_token, "
                              "action, reason, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6, "
                              "$7, $8, $9, $10, "
                              "nullif($11, '')) RETURNING id",
                          a.operatorName.toStdString(), a.host.toStdString(),
                          a.backend.toStdString(), a.kind.toStdString(), a.resource.toStdString(),
                          a.observedOwner.toStdString(), token, a.action.toStdString(),
                          a.reason.toStdString(), outcome.toStdString(), detail.toStdString())[0]
            .as<int64_t>();
    });
}

int64_t AuditLog::begin(const Attempt& a) {
    return record(a, QStringLiteral("pending"), {});
}

void AuditLog::finish(int64_t id, const QString& outcome, const QString& detail) {
    m_conn->run("write audit", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        tx.exec_params("UPDATE " + m_schema +
                           ".audit_log SET outcome = $2, detail = nullif($3, '') WHERE id = $1",
                       id, outcome.toStdString(), detail.toStdString());
    });
}

QJsonArray AuditLog::list(int limit) {
    return m_conn->run("read audit", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        QJsonArray out;
        for (const auto& r :
             tx.exec_params("SELECT id, (extract(epoch FROM at) * 1000)::bigint, operator, host, "
                            "backend, kind, resource, "
                            "observed_owner, observed_token, action, reason, outcome, "
                            "coalesce(detail, '') FROM " +
                                m_schema + ".audit_log ORDER BY at DESC, id DESC LIMIT $1",
                            limit)) {
            out.append(QJsonObject{
                {QStringLiteral("id"), qint64(r[0].as<int64_t>())},
                {QStringLiteral("at_ms"), qint64(r[1].as<int64_t>())},
                {QStringLiteral("operator"), QString::fromStdString(r[2].as<std::string>())},
                {QStringLiteral("host"), QString::fromStdString(r[3].as<std::string>())},
                {QStringLiteral("backend"), QString::fromStdString(r[4].as<std::string>())},
                {QStringLiteral("kind"), QString::fromStdString(r[5].as<std::string>())},
                {QStringLiteral("resource"), QString::fromStdString(r[6].as<std::string>())},
                {QStringLiteral("observed_owner"), QString::fromStdString(r[7].as<std::string>())},
                {QStringLiteral("observed_token"),
                 r[8].is_null() ? QJsonValue() : QJsonValue(qint64(r[8].as<int64_t>()))},
                {QStringLiteral("action"), QString::fromStdString(r[9].as<std::string>())},
                {QStringLiteral("reason"), QString::fromStdString(r[10].as<std::string>())},
                {QStringLiteral("outcome"), QString::fromStdString(r[11].as<std::string>())},
                {QStringLiteral("detail"), QString::fromStdString(r[12].as<std::string>())},
            });
        }
        return out;
    });
}

} // namespace lockscope
