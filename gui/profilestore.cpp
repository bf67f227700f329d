#include "gui/profilestore.h"

#include "connectors/redisuri.h"
#include "connectors/transport/sshtunnel.h"
#include "connectors/urierror.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"

#include <QSettings>

namespace lockscope {

QStringList ProfileStore::names() {
    QSettings s;
    s.beginGroup(QStringLiteral("profiles"));
    return s.childGroups();
}

Endpoints ProfileStore::load(const QString& name) {
    QSettings s;
    s.beginGroup(QStringLiteral("profiles/") + name);
    return {s.value(QStringLiteral("redis")).toString(),
            s.value(QStringLiteral("zookeeper")).toString(),
            s.value(QStringLiteral("postgres")).toString(),
            s.value(QStringLiteral("redlock")).toString(),
            s.value(QStringLiteral("ssh")).toString()};
}

void ProfileStore::save(const QString& name, const Endpoints& e) {
    QSettings s;
    s.beginGroup(QStringLiteral("profiles/") + name);
    s.setValue(QStringLiteral("redis"), stripPassword(QStringLiteral("redis"), e.redis));
    s.setValue(QStringLiteral("zookeeper"),
               stripPassword(QStringLiteral("zookeeper"), e.zookeeper));
    s.setValue(QStringLiteral("postgres"), stripPassword(QStringLiteral("postgres"), e.postgres));
    s.setValue(QStringLiteral("redlock"), stripRedlockPassword(e.redlock));
    // An SSH tunnel URI holds no secret: a key file's path and known_hosts (SshTunnel refuses
    // passwords). Stored only when it parses.
    try {
        s.setValue(QStringLiteral("ssh"),
                   e.ssh.isEmpty() ? QString() : SshTunnel::parse(e.ssh).toString());
    } catch (const UriError&) {
        s.setValue(QStringLiteral("ssh"), QString());
    }
}

void ProfileStore::remove(const QString& name) {
    QSettings s;
    s.remove(QStringLiteral("profiles/") + name);
}

QString ProfileStore::stripPassword(const QString& backend, const QString& uri, QString* password) {
    try {
        return BackendRegistry::byName(backend)->uriWithoutPassword(uri, password);
    } catch (const UriError&) {
        return QString(); // never store what we cannot parse: it might hold a password
    }
}

QString ProfileStore::withPassword(const QString& backend, const QString& uri,
                                   const QString& password) {
    return BackendRegistry::byName(backend)->uriWithPassword(uri, password);
}

QString ProfileStore::stripRedlockPassword(const QString& list, QString* password) {
    if (password)
        password->clear();
    if (list.trimmed().isEmpty())
        return {};
    try {
        QList<RedisUri> uris = RedisUri::parseList(list);
        for (RedisUri& u : uris) {
            if (password && password->isEmpty())
                *password = u.password;
            u.password.clear();
        }
        return RedisUri::listToString(uris, true);
    } catch (const UriError&) {
        return QString(); // never store what we cannot parse: it might hold a password
    }
}

QString ProfileStore::withRedlockPassword(const QString& list, const QString& password) {
    if (password.isEmpty() || list.trimmed().isEmpty())
        return list;
    QList<RedisUri> uris = RedisUri::parseList(list);
    for (RedisUri& u : uris)
        u.password = password;
    return RedisUri::listToString(uris, true);
}

} // namespace lockscope
