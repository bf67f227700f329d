#include "core/backends/redis/redisgrants.h"

#include "connectors/connectorerror.h"
#include "core/namespaceconfig.h"

namespace lockscope {

namespace {

/// The scanner: SCAN MATCH the lock patterns (keyless), TYPE + PTTL + GET / HGETALL each key
/// found (any key may be a foreign lock: read access to every key); the connection's PING,
/// SELECT; the probe's INFO server; the keyspace listener's PSUBSCRIBE (CONFIG GET is not
/// granted: the listener then polls); a Cluster client's CLUSTER SLOTS and ASKING, a Sentinel
/// client's ROLE; the tracking listener's CLIENT ID, CLIENT TRACKING and SUBSCRIBE
/// __redis__:invalidate (without them the monitor polls, and says why).
QStringList monitorRules(const NamespaceConfig& config) {
    return {QStringLiteral("-@all"), QStringLiteral("+ping"), QStringLiteral("+select"),
            QStringLiteral("+info"), QStringLiteral("+scan"), QStringLiteral("+type"),
            QStringLiteral("+pttl"), QStringLiteral("+get"), QStringLiteral("+hgetall"),
            QStringLiteral("+psubscribe"), QStringLiteral("+client|id"),
            QStringLiteral("+client|tracking"), QStringLiteral("+subscribe"),
            // A Cluster's slot map and redirections; a Sentinel set's check of the primary.
            QStringLiteral("+cluster|slots"), QStringLiteral("+asking"), QStringLiteral("+role"),
            QStringLiteral("%R~*"), QStringLiteral("&__key*@%1__:*").arg(config.redis.db),
            QStringLiteral("&__redis__:invalidate")};
}

} // namespace

QStringList RedisGrants::rules(AccessRole role, const NamespaceConfig& config) {
    QStringList out = monitorRules(config);
    const QString prefix = QString::fromStdString(config.redisPrefix());
    switch (role) {
    case AccessRole::Monitor:
        break;
    case AccessRole::Release:
        // RedisLock::kReleaseScript (GET, DEL; LPUSH-style handoff: LLEN, RPUSH, PEXPIRE) and
        // the Redisson delete (HEXISTS, DEL, PUBLISH) through EVALSHA, EVAL when the script is
        // not cached; the re-observation's GET / HEXISTS. Write access: the keys the scanner
        // shows as locks (its pattern) and LockScope's handoff keys.
        out << QStringLiteral("+evalsha") << QStringLiteral("+eval") << QStringLiteral("+hexists")
            << QStringLiteral("+del") << QStringLiteral("+llen") << QStringLiteral("+rpush")
            << QStringLiteral("+pexpire") << QStringLiteral("+publish")
            << QStringLiteral("~*[lL][oO][cC][kK]*") << QStringLiteral("~*:handoff:{*}")
            << QStringLiteral("&redisson_lock__channel:*");
        break;
    case AccessRole::Demo:
        // RedisLock (acquire: EXISTS, PTTL, GET, TIME, SET; release; renew: GET, PEXPIRE; a
        // waiter's BLPOP), RedisStockStore (GET, SET, DEL, DECRBY in its scripts), in this
        // namespace only.
        out << QStringLiteral("+evalsha") << QStringLiteral("+eval") << QStringLiteral("+exists")
            << QStringLiteral("+time") << QStringLiteral("+set") << QStringLiteral("+del")
            << QStringLiteral("+decrby") << QStringLiteral("+llen") << QStringLiteral("+rpush")
            << QStringLiteral("+pexpire") << QStringLiteral("+blpop")
            << QStringLiteral("~%1*").arg(prefix)
            << QStringLiteral("~%1item:*").arg(QString::fromStdString(config.redisItemPrefix()));
        break;
    }
    return out;
}

QString RedisGrants::hint(const NamespaceConfig& config, const ConnectorError& error,
                          AccessRole role) {
    const QString user =
        config.redis.user.isEmpty() ? QStringLiteral("default") : config.redis.user;
    QString what;
    switch (role) {
    case AccessRole::Monitor:
        what = QStringLiteral("monitoring needs SCAN, TYPE, PTTL, GET and HGETALL on every key "
                              "(%R~*)");
        break;
    case AccessRole::Release:
        what = QStringLiteral("force release needs EVALSHA and EVAL (with DEL, LLEN, RPUSH, "
                              "PEXPIRE, PUBLISH in the script) on ~*lock* and ~*:handoff:{*}");
        break;
    case AccessRole::Demo:
        what = QStringLiteral("the demo needs EVALSHA, EVAL, SET, DEL, DECRBY, BLPOP on ~%1*")
                   .arg(QString::fromStdString(config.redisPrefix()));
        break;
    }
    return QStringLiteral("%1: user '%2' may not (%3). Grant it: ACL SETUSER %2 %4 - or "
                          "connect as a user that has it (docs/PERMISSIONS.md)")
        .arg(what, user, error.detail(), rules(role, config).join(u' '));
}

} // namespace lockscope
