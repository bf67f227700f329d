#include "core/backends/zookeeper/zookeeperobservation.h"

namespace lockscope {

QString ZooKeeperObservation::recipeName(Recipe r) {
    switch (r) {
    case Recipe::LockScope:
        return QStringLiteral("lockscope");
    case Recipe::Curator:
        return QStringLiteral("curator");
    case Recipe::Kazoo:
        return QStringLiteral("kazoo");
    case Recipe::Other:
        return QStringLiteral("other");
    }
    return {};
}

QJsonObject ZooKeeperObservation::toJson() const {
    return QJsonObject{{QStringLiteral("recipe"), recipeName(recipe)},
                       {QStringLiteral("node"), node},
                       {QStringLiteral("path"), path},
                       {QStringLiteral("session"), QString::number(ephemeralOwner, 16)},
                       {QStringLiteral("version"), version},
                       {QStringLiteral("czxid"), qint64(czxid)}};
}

bool ZooKeeperObservation::namesHolder(const QString& text) const {
    return text == node || text.toUtf8() == data;
}

bool ZooKeeperObservation::sameAs(const LockObservation& other) const {
    const auto* o = dynamic_cast<const ZooKeeperObservation*>(&other);
    return o && o->recipe == recipe && o->path == path && o->version == version &&
           o->ephemeralOwner == ephemeralOwner && o->czxid == czxid && o->data == data;
}

} // namespace lockscope
