#include "core/backends/redis/redisobservation.h"

namespace lockscope {

QString RedisObservation::formatName(Format f) {
    switch (f) {
    case Format::LockScope:
        return QStringLiteral("lockscope");
    case Format::RedisPy:
        return QStringLiteral("redis-py");
    case Format::Plain:
        return QStringLiteral("plain");
    case Format::Redisson:
        return QStringLiteral("redisson");
    case Format::Redlock:
        return QStringLiteral("redlock");
    }
    return {};
}

QJsonObject RedisObservation::toJson() const {
    QJsonObject o{{QStringLiteral("format"), formatName(format)}};
    if (format == Format::Redisson)
        o.insert(QStringLiteral("hold_count"), holdCount);
    if (!node.empty())
        o.insert(QStringLiteral("node"), QString::fromStdString(node));
    return o;
}

bool RedisObservation::sameAs(const LockObservation& other) const {
    const auto* o = dynamic_cast<const RedisObservation*>(&other);
    return o && o->format == format && o->key == key && o->value == value &&
           o->holdCount == holdCount && o->node == node;
}

} // namespace lockscope
