#include "core/monitor/lockentry.h"

#include "core/monitor/displaytext.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <cstdlib>

namespace lockscope {

QString LockEntry::id() const {
    QString id = backendName(backend) + u'|' + kind.name() + u'|' + resource;
    if (observation) {
        const QString extra = observation->identity();
        if (!extra.isEmpty())
            id += u'|' + extra;
    }
    return id;
}

std::optional<int64_t> LockEntry::expiresAtMs() const {
    if (!leaseMs)
        return std::nullopt;
    return observedAtMs + *leaseMs;
}

QString LockEntry::observedSha256() const {
    return QString::fromLatin1(
        QCryptographicHash::hash(rawBytes, QCryptographicHash::Sha256).toHex());
}

QJsonObject LockEntry::details() const {
    return observation ? observation->toJson() : QJsonObject();
}

bool LockEntry::sameAs(const LockEntry& o) const {
    if (holder != o.holder || token != o.token || waiters != o.waiters || flags != o.flags ||
        raw != o.raw || rawBytes != o.rawBytes || holderBytes != o.holderBytes ||
        logicalResource != o.logicalResource || !(kind == o.kind) ||
        leaseMs.has_value() != o.leaseMs.has_value())
        return false;
    if (bool(observation) != bool(o.observation) ||
        (observation && !observation->sameAs(*o.observation)))
        return false;
    if (leaseMs) {
        // Expired in both (a lease past its deadline reads 0 left): nothing changed, though
        // "now + 0" moves with every poll.
        if (*leaseMs <= 0 && *o.leaseMs <= 0)
            return true;
        // PTTL and clocks jitter by a few ms between polls; a renewal moves the deadline a lot.
        return std::llabs(*expiresAtMs() - *o.expiresAtMs()) < 250;
    }
    return true;
}

QJsonObject LockEntry::toJson() const {
    auto opt = [](const std::optional<int64_t>& v) {
        return v ? QJsonValue(qint64(*v)) : QJsonValue();
    };
    QJsonObject o{
        {QStringLiteral("backend"), backendName(backend)},
        {QStringLiteral("kind"), kind.name()},
        {QStringLiteral("resource"), resource},
        {QStringLiteral("logical_resource"), logical()},
        {QStringLiteral("holder"), holder},
        {QStringLiteral("token"), opt(token)},
        {QStringLiteral("acquired_at_ms"), opt(acquiredAtMs)},
        {QStringLiteral("lease_ms"), opt(leaseMs)},
        {QStringLiteral("observed_at_ms"), qint64(observedAtMs)},
        {QStringLiteral("waiters"), QJsonArray::fromStringList(waiters)},
        {QStringLiteral("flags"), QJsonArray::fromStringList(lockFlagNames(flags))},
        {QStringLiteral("raw"), raw},
        {QStringLiteral("observed_sha256"), observedSha256()},
        {QStringLiteral("details"), details()},
        {QStringLiteral("id"), id()},
    };
    if (!holderBytes.isEmpty())
        o.insert(QStringLiteral("expect"), DisplayText::escapeBytes(holderBytes));
    return o;
}

} // namespace lockscope
