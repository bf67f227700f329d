#include "core/monitor/auditlog.h"

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "core/shop/shopschema.h"

#include <QJsonObject>
#include <pqxx/pqxx>

namespace lockscope {

AuditLog::AuditLog(const NamespaceConfig& config)
    : m_schema(config.pgSchema())
    , m_readOnly(config.readOnly)
    , m_conn(std::make_unique<PgConnection>(config.postgres)) {}

AuditLog::~AuditLog() = default;

bool AuditLog::exists() {
    return m_conn->run("find audit table", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", m_schema + ".audit_log")[0]
            .as<bool>();
    });
}

void AuditLog::prepareWrite() {
    if (!m_readOnly) {
        ShopSchema::ensure(*m_conn, m_schema);
        return;
    }
    if (!exists())
        throw ConnectorError(Backend::Postgres, ConnectorError::Kind::NotFound,
                             QStringLiteral("write audit"),
                             QStringLiteral("no audit table %1.audit_log yet, and read-only mode "
                                            "creates none")
                                 .arg(QString::fromStdString(m_schema)));
}

int64_t AuditLog::record(const Attempt& a, const QString& outcome, const QString& detail) {
    prepareWrite();
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

QList<AuditRecord> AuditLog::list(int limit) {
    return m_conn->run("read audit", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        QList<AuditRecord> out;
        if (!tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", m_schema + ".audit_log")[0]
                 .as<bool>())
            return out; // nothing was ever audited here: reading creates nothing
        for (const auto& r :
             tx.exec_params("SELECT id, (extract(epoch FROM at) * 1000)::bigint, operator, host, "
                            "backend, kind, resource, "
                            "observed_owner, observed_token, action, reason, outcome, "
                            "coalesce(detail, ''), db_user, coalesce(host(client_addr), '') "
                            "FROM " +
                                m_schema + ".audit_log ORDER BY at DESC, id DESC LIMIT $1",
                            limit)) {
            auto text = [&](int i) { return QString::fromStdString(r[i].as<std::string>()); };
            AuditRecord a;
            a.id = r[0].as<int64_t>();
            a.atMs = r[1].as<int64_t>();
            a.attempt.operatorName = text(2);
            a.attempt.host = text(3);
            a.attempt.backend = text(4);
            a.attempt.kind = text(5);
            a.attempt.resource = text(6);
            a.attempt.observedOwner = text(7);
            if (!r[8].is_null())
                a.attempt.observedToken = r[8].as<int64_t>();
            a.attempt.action = text(9);
            a.attempt.reason = text(10);
            a.outcome = AuditRecord::outcomeFromName(text(11));
            a.detail = text(12);
            a.dbUser = text(13);
            a.clientAddr = text(14);
            out.push_back(std::move(a));
        }
        return out;
    });
}

} // namespace lockscope
