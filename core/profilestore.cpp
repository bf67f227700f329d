#include "core/profilestore.h"

#include "connectors/redisuri.h"
#include "connectors/transport/sshtunnel.h"
#include "connectors/urierror.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"

#include <QSettings>

namespace lockscope {

QStringList ProfileStore::names() {
    QSettings s;
    return names(s);
}

QStringList ProfileStore::names(QSettings& settings) {
    settings.beginGroup(QStringLiteral("profiles"));
    const QStringList out = settings.childGroups();
    settings.endGroup();
    return out;
}

Endpoints ProfileStore::load(const QString& name) {
    return load(QSettings(), name);
}

Endpoints ProfileStore::load(const QSettings& s, const QString& name) {
    const QString group = QStringLiteral("profiles/") + name + u'/';
    // A value that is not text (a list, a number written by hand) reads as text or as nothing.
    const auto text = [&](const char* key) {
        return s.value(group + QLatin1String(key)).toString();
    };
    return {text("redis"), text("zookeeper"), text("postgres"), text("redlock"), text("ssh")};
}

void ProfileStore::save(const QString& name, const Endpoints& e) {
    QSettings s;
    save(s, name, e);
}

void ProfileStore::save(QSettings& s, const QString& name, const Endpoints& e) {
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
    s.endGroup();
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
