#include "core/sandbox/sandboxusers.h"

#include "core/sandbox/secretfile.h"

#include "connectors/connectorerror.h"
#include "connectors/pgconnection.h"
#include "connectors/postgresuri.h"
#include "connectors/redisclient.h"
#include "connectors/redisuri.h"
#include "connectors/urierror.h"
#include "connectors/zksession.h"
#include "connectors/zookeeperuri.h"
#include "core/backends/postgres/postgresgrants.h"
#include "core/backends/redis/redisgrants.h"
#include "core/backends/zookeeper/zookeepergrants.h"
#include "core/logging.h"
#include "core/namespaceconfig.h"
#include "core/sandbox/sandboxerror.h"
#include "core/shop/shopschema.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QUrl>
#include <libpq-fe.h>
#include <map>
#include <memory>

namespace lockscope {

namespace {

const QString kPgDatabase = QStringLiteral("lockscope");

void createRedisUsers(const SandboxInfo& info, const NamespaceConfig& ns,
                      const std::map<AccessRole, QString>& passwords) {
    for (const SandboxProcess& p : info.processes) {
        if (!p.isRedis() || p.role == SandboxProcess::Role::Sentinel)
            continue;
        try {
            // As the sandbox's own URI reaches it (TLS options included: `sandbox up --secure`).
            const RedisUri uri = RedisUri::parse(info.redisUri)
                                     .single(HostPort{QStringLiteral("127.0.0.1"), p.port});
            RedisClient c(uri);
            for (const auto& [role, password] : passwords) {
                RedisClient::Args args{"ACL", "SETUSER", SandboxUsers::userName(role).toStdString(),
                                       "reset", "on"};
                // The password's SHA-256: the server stores only that; no clear text on the wire.
                // Built as a QByteArray: GCC 12 at -O3 warns falsely on "#" + std::string&&.
                const QByteArray hashed =
                    '#' +
                    QCryptographicHash::hash(password.toUtf8(), QCryptographicHash::Sha256).toHex();
                args.push_back(hashed.toStdString());
                for (const QString& rule : RedisGrants::rules(role, ns))
                    args.push_back(rule.toStdString());
                c.commandChecked(args);
            }
        } catch (const UriError& e) {
            throw SandboxError(QStringLiteral("redis"),
                               QStringLiteral("redis: %1").arg(QString::fromUtf8(e.what())));
        } catch (const ConnectorError& e) {
            throw SandboxError(QStringLiteral("redis"),
                               QStringLiteral("redis: creating users on port %1: %2")
                                   .arg(p.port)
                                   .arg(e.message()));
        }
    }
}

/// The sandbox's own identity gets every permission on "/" and on the default namespace's
/// roots; the roles theirs. Anonymous clients keep none there.
void createZooKeeperUsers(SandboxInfo& info, const NamespaceConfig& ns,
                          const std::map<AccessRole, QString>& passwords,
                          const QString& ownPassword) {
    try {
        ZooKeeperUri own = ZooKeeperUri::parse(info.zookeeperUri);
        own.user = SandboxUsers::ownZooKeeperUser();
        own.password = ownPassword;
        std::vector<ZkAclEntry> acl{ZkAclEntry::digest(own.user, ownPassword, ZkAclEntry::kAll)};
        for (const auto& [role, password] : passwords)
            acl.push_back(ZkAclEntry::digest(SandboxUsers::userName(role), password,
                                             ZooKeeperGrants::perms(role)));
        ZkSession s(own);
        s.setAcl("/", acl);
        for (const std::string& root : ZooKeeperGrants::roots(ns)) {
            s.ensurePath(root); // created by an authenticated session: "/"'s ACL
            // Each node up to the root: its ACL as "/"'s (they may have existed before).
            std::string path;
            for (const QString& part :
                 QString::fromStdString(root).split(u'/', Qt::SkipEmptyParts)) {
                path += '/';
                path += part.toStdString();
                s.setAcl(path, acl);
            }
        }
        info.zookeeperUri = own.toString(true);
        if (!info.proxiedZookeeperUri.isEmpty()) {
            ZooKeeperUri proxied = ZooKeeperUri::parse(info.proxiedZookeeperUri);
            proxied.user = own.user;
            proxied.password = own.password;
            info.proxiedZookeeperUri = proxied.toString(true);
        }
    } catch (const ConnectorError& e) {
        throw SandboxError(QStringLiteral("zookeeper"),
                           QStringLiteral("zookeeper: setting ACLs: %1").arg(e.message()));
    } catch (const UriError& e) {
        throw SandboxError(QStringLiteral("zookeeper"),
                           QStringLiteral("zookeeper: %1").arg(QString::fromUtf8(e.what())));
    }
}

void createPostgresRoles(const SandboxInfo& info, const NamespaceConfig& ns,
                         const std::map<AccessRole, QString>& passwords) {
    const QString schema = QString::fromStdString(ns.pgSchema());
    try {
        // The schema and its tables are its owner's (`lockscope`), made before the grants.
        PgConnection owner(PostgresUri::parse(info.postgresUri));
        ShopSchema::migrate(owner, ns.pgSchema());
    } catch (const ConnectorError& e) {
        throw SandboxError(
            QStringLiteral("postgres"),
            QStringLiteral("postgres: migrating schema %1: %2").arg(schema, e.message()));
    }
    const QByteArray admin = info.postgresAdminUri.toUtf8();
    PGconn* conn = PQconnectdb(admin.constData());
    const auto finish = qScopeGuard([&] { PQfinish(conn); });
    auto fail = [&](const QString& what) {
        throw SandboxError(QStringLiteral("postgres"),
                           QStringLiteral("postgres: %1: %2")
                               .arg(what, QString::fromUtf8(PQerrorMessage(conn)).trimmed()));
    };
    if (PQstatus(conn) != CONNECTION_OK)
        fail(QStringLiteral("connect as the sandbox's admin"));
    for (const auto& [role, password] : passwords) {
        const QString name = SandboxUsers::userName(role);
        char* verifier = PQencryptPasswordConn(conn, password.toUtf8().constData(),
                                               name.toUtf8().constData(), "scram-sha-256");
        if (!verifier)
            fail(QStringLiteral("password verifier"));
        QList<QByteArray> statements{"CREATE ROLE " + name.toUtf8() +
                                     " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" +
                                     QByteArray(verifier) + "'"};
        PQfreemem(verifier);
        for (const QString& sql : PostgresGrants::statements(role, name, schema, kPgDatabase))
            statements << sql.toUtf8();
        for (const QByteArray& sql : statements) {
            PGresult* res = PQexec(conn, sql.constData());
            const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
            PQclear(res);
            if (!ok) // named by its start: a CREATE ROLE's verifier stays out of the message
                fail(QString::fromUtf8(sql.left(sql.startsWith("CREATE ROLE") ? 11 : 80)));
        }
    }
}

} // namespace

QString SandboxUsers::userName(AccessRole role) {
    return QStringLiteral("lockscope_") + accessRoleName(role);
}

QString SandboxUsers::ownZooKeeperUser() {
    return QStringLiteral("lockscope");
}

void SandboxUsers::create(SandboxInfo& info) {
    const NamespaceConfig ns; // the default namespace
    std::map<AccessRole, QString> passwords;
    for (const AccessRole role : allAccessRoles())
        passwords[role] = SecretFile::randomPassword();
    createRedisUsers(info, ns, passwords);
    createZooKeeperUsers(info, ns, passwords, SecretFile::randomPassword());
    createPostgresRoles(info, ns, passwords);
    info.users.clear();
    for (const auto& [role, password] : passwords) {
        SandboxUser u;
        u.role = role;
        u.name = userName(role);
        RedisUri redis = RedisUri::parse(info.redisUri);
        redis.user = u.name;
        redis.password = password;
        u.redisUri = redis.toString(true);
        ZooKeeperUri zk = ZooKeeperUri::parse(info.zookeeperUri);
        zk.user = u.name;
        zk.password = password;
        u.zookeeperUri = zk.toString(true);
        QUrl pg(info.postgresUri);
        pg.setUserName(u.name);
        pg.setPassword(password);
        u.postgresUri = pg.toString();
        info.users << u;
    }
    qCInfo(lcSandbox).noquote() << QStringLiteral("users created: %1, %2, %3")
                                       .arg(userName(AccessRole::Monitor),
                                            userName(AccessRole::Release),
                                            userName(AccessRole::Demo));
}

} // namespace lockscope
