#include "core/monitor/stalerules.h"

#include <QRegularExpression>

namespace lockscope {

namespace {

const QString kPgIdle = QLatin1String(StaleRules::kPgIdleKey);
const QString kRedisNoTtl = QLatin1String(StaleRules::kRedisNoTtlKey);
const QString kZkPersistent = QLatin1String(StaleRules::kZkPersistentKey);
const QString kLeaseGrace = QLatin1String(StaleRules::kLeaseGraceKey);

} // namespace

QJsonObject StaleRules::toJson() const {
    return QJsonObject{{kPgIdle, qint64(pgIdleInTransaction.count())},
                       {kRedisNoTtl, redisNoTtl},
                       {kZkPersistent, zkPersistent},
                       {kLeaseGrace, qint64(leaseExpiredGrace.count())}};
}

std::optional<StaleRules> StaleRules::fromJson(const QJsonObject& o, QString* error) {
    StaleRules r;
    auto fail = [&](const QString& key) -> std::optional<StaleRules> {
        if (error)
            *error =
                QStringLiteral("%1: expected %2")
                    .arg(key, key.endsWith(QStringLiteral("_ms")) ? QStringLiteral("ms >= 0")
                                                                  : QStringLiteral("true/false"));
        return std::nullopt;
    };
    for (const QString& key : {kPgIdle, kLeaseGrace}) {
        if (!o.contains(key))
            continue;
        const QJsonValue v = o.value(key);
        if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() != double(v.toInteger()))
            return fail(key);
        (key == kPgIdle ? r.pgIdleInTransaction : r.leaseExpiredGrace) =
            std::chrono::milliseconds(v.toInteger());
    }
    for (const QString& key : {kRedisNoTtl, kZkPersistent}) {
        if (!o.contains(key))
            continue;
        const QJsonValue v = o.value(key);
        if (!v.isBool())
            return fail(key);
        (key == kRedisNoTtl ? r.redisNoTtl : r.zkPersistent) = v.toBool();
    }
    return r;
}

std::optional<std::chrono::milliseconds> StaleRules::parseDuration(const QString& text) {
    static const QRegularExpression re(
        QRegularExpression::anchoredPattern(QStringLiteral("(\\d{1,9})(ms|s|m|h)?")));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const int64_t n = m.captured(1).toLongLong();
    const QString unit = m.captured(2);
    if (unit == u"ms")
        return std::chrono::milliseconds(n);
    if (unit == u"m")
        return std::chrono::minutes(n);
    if (unit == u"h")
        return std::chrono::hours(n);
    return std::chrono::seconds(n);
}

} // namespace lockscope
