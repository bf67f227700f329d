#include "core/history/holdrecord.h"

#include <array>
#include <utility>

namespace lockscope {

namespace {

constexpr std::array<std::pair<HoldEnd, const char*>, 6> kEndNames{{
    {HoldEnd::Open, "open"},
    {HoldEnd::Released, "released"},
    {HoldEnd::Expired, "expired"},
    {HoldEnd::ForceReleased, "force-released"},
    {HoldEnd::HolderDied, "holder-died"},
    {HoldEnd::Unobserved, "unobserved"},
}};

QJsonValue optionalMs(int64_t ms) {
    return ms ? QJsonValue(qint64(ms)) : QJsonValue();
}

} // namespace

QString holdEndName(HoldEnd end) {
    for (const auto& [e, name] : kEndNames)
        if (e == end)
            return QLatin1String(name);
    return {};
}

std::optional<HoldEnd> holdEndFromName(const QString& name) {
    for (const auto& [e, n] : kEndNames)
        if (name == QLatin1String(n))
            return e;
    return std::nullopt;
}

QString HoldRecord::holdKey() const {
    return lockId + u'\n' + holder + u'\n' + (token ? QString::number(*token) : QString());
}

QJsonObject HoldRecord::toJson() const {
    return QJsonObject{
        {QStringLiteral("lock_id"), lockId},
        {QStringLiteral("backend"), backendName(backend)},
        {QStringLiteral("kind"), kind.name()},
        {QStringLiteral("resource"), resource},
        {QStringLiteral("physical"), physical},
        {QStringLiteral("holder"), holder},
        {QStringLiteral("token"), token ? QJsonValue(qint64(*token)) : QJsonValue()},
        {QStringLiteral("start_ms"), qint64(startMs)},
        {QStringLiteral("end_ms"), optionalMs(endMs)},
        {QStringLiteral("ended"), holdEndName(end)},
        {QStringLiteral("duration_ms"),
         isOpen() ? QJsonValue() : QJsonValue(qint64(endMs - startMs))},
        {QStringLiteral("lease_ms"), leaseMs ? QJsonValue(qint64(*leaseMs)) : QJsonValue()},
        {QStringLiteral("max_waiters"), maxWaiters},
        {QStringLiteral("foreign"), foreign},
    };
}

QJsonObject WaitRecord::toJson() const {
    return QJsonObject{
        {QStringLiteral("lock_id"), lockId},
        {QStringLiteral("backend"), backendName(backend)},
        {QStringLiteral("resource"), resource},
        {QStringLiteral("waiter"), waiter},
        {QStringLiteral("start_ms"), qint64(startMs)},
        {QStringLiteral("end_ms"), optionalMs(endMs)},
        {QStringLiteral("acquired"), acquired},
    };
}

QJsonObject OutageRecord::toJson() const {
    return QJsonObject{
        {QStringLiteral("backend"), backendName(backend)},
        {QStringLiteral("start_ms"), qint64(startMs)},
        {QStringLiteral("end_ms"), optionalMs(endMs)},
        {QStringLiteral("error"), error},
    };
}

} // namespace lockscope
