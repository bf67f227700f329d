#include "gui/profilestore.h"

#include "connectors/postgresuri.h"
#include "connectors/redisuri.h"
#include "connectors/urierror.h"
#include "connectors/zookeeperuri.h"

#include <QSettings>
#include <QUrl>

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
            s.value(QStringLiteral("postgres")).toString()};
}

void ProfileStore::save(const QString& name, const Endpoints& e) {
    QSettings s;
    s.beginGroup(QStringLiteral("profiles/") + name);
    s.setValue(QStringLiteral("redis"), stripPassword(QStringLiteral("redis"), e.redis));
    s.setValue(QStringLiteral("zookeeper"),
               stripPassword(QStringLiteral("zookeeper"), e.zookeeper));
    s.setValue(QStringLiteral("postgres"), stripPassword(QStringLiteral("postgres"), e.postgres));
}

void ProfileStore::remove(const QString& name) {
    QSettings s;
    s.remove(QStringLiteral("profiles/") + name);
}

QString ProfileStore::stripPassword(const QString& backend, const QString& uri, QString* password) {
    try {
        if (backend == u"redis") {
            RedisUri u = RedisUri::parse(uri);
            if (password)
                *password = u.password;
            u.password.clear();
            return u.toString(true);
        }
        if (backend == u"zookeeper") {
            ZooKeeperUri u = ZooKeeperUri::parse(uri);
            if (password)
                *password = u.password;
            // Digest auth needs user:password together; the user stays, the password goes.
            const QString user = u.user;
            u.user.clear();
            u.password.clear();
            QString out = u.toString(true);
            if (!user.isEmpty())
                out.insert(int(qstrlen("zookeeper://")), user + QStringLiteral(":@"));
            return out;
        }
        PostgresUri u = PostgresUri::parse(uri);
        if (password)
            *password = u.value(QStringLiteral("password"));
        u.params.remove(QStringLiteral("password"));
        return u.toConninfo(true);
    } catch (const UriError&) {
        return QString(); // never store what we cannot parse: it might hold a password
    }
}

QString ProfileStore::withPassword(const QString& backend, const QString& uri,
                                   const QString& password) {
    if (password.isEmpty())
        return uri;
    if (backend == u"redis") {
        RedisUri u = RedisUri::parse(uri);
        u.password = password;
        return u.toString(true);
    }
    if (backend == u"zookeeper") {
        QString text = uri;
        text.replace(QStringLiteral(":@"), QStringLiteral(":%1@").arg(QString::fromUtf8(
                                               QUrl::toPercentEncoding(password))));
        return text;
    }
    PostgresUri u = PostgresUri::parse(uri);
    u.params.insert(QStringLiteral("password"), password);
    return u.toConninfo(true);
}

} // namespace lockscope
